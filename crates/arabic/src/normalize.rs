//! Text normalization in two strengths. `lossless` is safe for text we store and
//! show: it only removes what a reader cannot see (presentation forms, invisible
//! controls, doubled spaces). `lossy` builds match keys for the index and for
//! comparisons: it throws away spelling variation that Arabic writers use
//! interchangeably (hamza seats, alef maqsura, diacritics, Persian letter shapes,
//! digit sets), so it must never be shown to a reader.

use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Knobs for [`lossy_with`]. The default keeps teh marbuta, because folding it into
/// heh merges real words (e.g. a feminine noun with a masculine pronoun suffix).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LossyOptions {
    /// Fold ة (teh marbuta) into ه (heh), as many writers and Lucene do.
    pub teh_marbuta_to_heh: bool,
}

/// Characters that change nothing a reader sees but break matching and copying:
/// zero-width spaces and joiners, directional marks, embeddings, isolates, BOM and
/// the Arabic letter mark.
pub fn is_invisible_control(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{061C}')
}

/// Normalization for stored text: NFKC (which also maps Arabic presentation forms
/// such as ﻻ and ﺍ back to base letters), invisible controls removed, and runs of
/// horizontal whitespace folded to one space. Newlines are kept because they
/// separate paragraphs.
pub fn lossless(s: &str) -> String {
    // Most text has no controls and is already NFKC: then folding whitespace is
    // all there is to do, copying runs of text whole.
    if let Some(out) = lossless_fast(s) {
        return out;
    }
    // Otherwise one pass that normalizes only the pieces that need NFKC.
    if let Some(out) = lossless_pieces(s) {
        return out;
    }
    // Invisible controls go before NFKC: removed after it, they would leave a
    // letter and a combining mark side by side that a second pass composes, and
    // lossless(lossless(x)) would differ from lossless(x).
    let filtered: String = s.chars().filter(|c| !is_invisible_control(*c)).collect();
    lossless_pieces(&filtered).unwrap_or_else(|| fold(filtered.nfkc(), filtered.len()))
}

/// Where a piece of [`lossless_pieces`] began, and the fold's state there.
#[derive(Clone, Copy)]
struct Piece {
    start: usize,
    out_len: usize,
    pending_space: bool,
    run: Option<usize>,
}

/// [`lossless`] in one pass for text with no invisible control (`None`
/// otherwise), normalizing only the pieces that need it. NFKC carries
/// nothing across a character its quick check says Yes for with combining
/// class 0: nothing before it reorders past it or composes with it (a
/// character that can compose with the one before is a quick-check Maybe).
/// So the text is cut before each such character, and whitespace is folded
/// as the text is read, runs copied whole; when a piece holds a character
/// the quick check does not pass (a shadda before its haraka, a presentation
/// form, a hamza above), the fold goes back to where the piece began and
/// takes the piece's NFKC instead (`unicode-normalization` is slow per
/// character: whole paragraphs went through it for one such character).
fn lossless_pieces(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    // Start of the run of non-whitespace being read.
    let mut run: Option<usize> = None;
    let mut piece = Piece { start: 0, out_len: 0, pending_space: false, run: None };
    // Whether the quick check fails on the piece, and its state (combining
    // classes must not decrease).
    let mut needs = false;
    let mut last_cc = 0u8;
    for (i, c) in s.char_indices() {
        // A no-break or typographic space counts as Yes, as in
        // [`lossless_fast`]: NFKC makes it a space, which composes with
        // nothing, and folding makes it one space anyway.
        let class = if c.is_ascii() {
            Some(0)
        } else if is_invisible_control(c) {
            return None;
        } else {
            crate::chars::quick_yes_ccc(c)
        };
        match class {
            Some(0) => {
                if needs {
                    normalize_piece(s, piece, i, &mut out, &mut pending_space);
                    run = None;
                }
                piece = Piece { start: i, out_len: out.len(), pending_space, run };
                needs = false;
                last_cc = 0;
            }
            Some(cc) if last_cc <= cc => last_cc = cc,
            _ => needs = true,
        }
        let whitespace = if c.is_ascii() { matches!(c, ' ' | '\t'..='\r') } else { crate::chars::is_whitespace(c) };
        fold_step(s, i, c, whitespace, &mut out, &mut run, &mut pending_space);
    }
    if needs {
        normalize_piece(s, piece, s.len(), &mut out, &mut pending_space);
        run = None;
    }
    if let Some(r) = run {
        out.push_str(&s[r..]);
    }
    if pending_space && !out.is_empty() && !out.ends_with('\n') {
        out.push(' ');
    }
    Some(out)
}

/// One character `c` at `i` of the whitespace fold shared by [`lossless_pieces`]
/// and [`fold_runs`]: a run of non-whitespace is copied whole when it ends,
/// a line break is kept, any other whitespace becomes one pending space,
/// written before the next run unless the output is empty or ends a line.
#[inline(always)]
fn fold_step(s: &str, i: usize, c: char, whitespace: bool, out: &mut String, run: &mut Option<usize>, pending_space: &mut bool) {
    if !whitespace {
        if run.is_none() {
            if *pending_space {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push(' ');
                }
                *pending_space = false;
            }
            *run = Some(i);
        }
        return;
    }
    if let Some(r) = run.take() {
        out.push_str(&s[r..i]);
    }
    if c == '\n' {
        *pending_space = false;
        out.push('\n');
    } else {
        *pending_space = true;
    }
}

/// Folds the NFKC of `s[piece.start..end]` into `out` from the state the
/// fold had where the piece began, as [`fold`] does (the run then being
/// read is copied up to the piece first).
fn normalize_piece(s: &str, piece: Piece, end: usize, out: &mut String, pending_space: &mut bool) {
    out.truncate(piece.out_len);
    *pending_space = piece.pending_space;
    if let Some(r) = piece.run {
        out.push_str(&s[r..piece.start]);
    }
    for c in s[piece.start..end].nfkc() {
        // None in Unicode 15 comes out of NFKC: a check, not a case.
        if is_invisible_control(c) {
            continue;
        }
        if c == '\n' {
            *pending_space = false;
            out.push('\n');
            continue;
        }
        if c.is_whitespace() {
            *pending_space = true;
            continue;
        }
        if *pending_space {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push(' ');
            }
            *pending_space = false;
        }
        out.push(c);
    }
}

/// [`lossless`] in one pass for text with no invisible control that NFKC
/// leaves alone (its quick check says Yes), which is most text: then folding
/// whitespace is all there is to do, and runs of text are copied whole. A
/// no-break or typographic space counts as normalized: NFKC makes it U+0020,
/// and folding makes it one space anyway. `None` for any other text.
fn lossless_fast(s: &str) -> Option<String> {
    // The NFKC quick check's state: combining classes must not decrease.
    let mut last_cc = 0u8;
    fold_runs(s, |c| {
        if c.is_ascii() {
            last_cc = 0;
            return Some(matches!(c, ' ' | '\t'..='\r'));
        }
        if is_invisible_control(c) {
            return None;
        }
        let cc = crate::chars::quick_yes_ccc(c)?;
        if last_cc > cc && cc != 0 {
            return None;
        }
        last_cc = cc;
        Some(crate::chars::is_whitespace(c))
    })
}

/// Whitespace folded as [`fold`] does, copying each run of other characters
/// whole. `is_whitespace` answers per character, or `None` to give up (the
/// text needs the slow path), which gives `None` for the whole string.
fn fold_runs(s: &str, mut is_whitespace: impl FnMut(char) -> Option<bool>) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    // Start of the run of non-whitespace being read.
    let mut run: Option<usize> = None;
    for (i, c) in s.char_indices() {
        fold_step(s, i, c, is_whitespace(c)?, &mut out, &mut run, &mut pending_space);
    }
    if let Some(r) = run {
        out.push_str(&s[r..]);
    }
    if pending_space && !out.is_empty() && !out.ends_with('\n') {
        out.push(' ');
    }
    Some(out)
}

/// Invisible controls removed and whitespace folded, over already-normalized chars.
pub(crate) fn fold(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    for c in chars {
        if is_invisible_control(c) {
            continue;
        }
        if c == '\n' {
            pending_space = false;
            out.push('\n');
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space {
            // A space right after a newline is indentation, not a word gap.
            if !out.is_empty() && !out.ends_with('\n') {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    if pending_space && !out.is_empty() && !out.ends_with('\n') {
        out.push(' ');
    }
    out
}

/// Match key with default options (teh marbuta kept). See [`lossy_with`].
pub fn lossy(s: &str) -> String {
    lossy_with(s, &LossyOptions::default())
}

/// True for Arabic combining marks that carry vowels, gemination or Quranic
/// recitation signs; dropping them never changes which word is meant in news text.
pub fn is_arabic_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}')
}

/// Value of a decimal digit in ASCII, Arabic-Indic or Persian (Extended
/// Arabic-Indic) form.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// What the lossy key makes of one character: nothing (a mark or tatweel), or
/// the letter it is folded to (before lowercasing).
pub(crate) fn fold_char(c: char, opts: &LossyOptions) -> Option<char> {
    if is_arabic_diacritic(c) || c == '\u{0640}' {
        return None;
    }
    if let Some(d) = digit_value(c) {
        // digit_value only returns 0..=9, so this always yields a char.
        return char::from_digit(d, 10);
    }
    Some(match c {
        // Alef with hamza above/below, madda, wasla, wavy hamza forms.
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => 'ا',
        'ى' => 'ي',
        'ؤ' => 'و',
        'ئ' => 'ي',
        // Persian and Urdu shapes of kaf, yeh and heh.
        'ک' => 'ك',
        'ی' => 'ي',
        'ہ' | 'ۀ' | 'ە' | 'ھ' => 'ه',
        // Urdu's teh marbuta goal is a teh marbuta, folded to heh with it
        // (once it went to ة only, and the key was not idempotent).
        'ۃ' | 'ة' if opts.teh_marbuta_to_heh => 'ه',
        'ۃ' => 'ة',
        _ => c,
    })
}

/// Match key for indexing and comparison: [`lossless`], then diacritics and tatweel
/// removed, hamza seats and alef variants folded, Persian/Urdu letter shapes mapped
/// to their Arabic equivalents, all digits made ASCII and everything lowercased.
pub fn lossy_with(s: &str, opts: &LossyOptions) -> String {
    let mut out = String::with_capacity(s.len());
    lossy_into(s, opts, &mut out);
    out
}

/// [`lossy_with`] into a caller's buffer (cleared first), so a loop over tokens
/// reuses one allocation.
pub(crate) fn lossy_into(s: &str, opts: &LossyOptions, out: &mut String) {
    out.clear();
    if !lossy_fast(s, opts, out) {
        out.clear();
        out.push_str(&lossy_slow(s, opts));
    }
}

/// The key of `s`: `s` itself when it is already its own key (the common case
/// for a token of news text: letters without marks or variant shapes), else
/// built in `buf`. Spares the index a copy per token.
pub(crate) fn lossy_ref<'a>(s: &'a str, opts: &LossyOptions, buf: &'a mut String) -> &'a str {
    if is_own_key(s, opts) {
        return s;
    }
    lossy_into(s, opts, buf);
    buf
}

/// True when [`lossy_fast`] would copy `s` unchanged: no whitespace, no
/// uppercase, and only characters the key keeps as they are.
pub(crate) fn is_own_key(s: &str, opts: &LossyOptions) -> bool {
    let actions = arabic_actions();
    s.chars().all(|c| {
        if c.is_ascii() {
            !c.is_ascii_uppercase() && !matches!(c, ' ' | '\t'..='\r')
        } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
            matches!(actions[(c as u32 - 0x600) as usize], Action::Emit(m) if m == c)
                && !(c == 'ة' && opts.teh_marbuta_to_heh)
        } else {
            false
        }
    })
}

/// What [`lossy_fast`] does with a character of the Arabic block U+0600..U+06FF.
#[derive(Clone, Copy)]
enum Action {
    /// Outside what the one-pass path can prove equal: take the full path.
    Slow,
    Drop,
    Emit(char),
}

/// Actions for U+0600..U+06FF, derived from [`fold_char`] and the NFKC tables.
/// A character takes the one-pass path only when NFKC leaves it alone
/// (quick-check Yes) and, if it is a combining mark, the key drops it anyway,
/// so that NFKC's reordering of marks cannot show in the key. Characters NFKC
/// may compose with what precedes (hamza above, madda: quick-check Maybe) or
/// rewrites (high hamza letters: No), and the Arabic letter mark, go the full way.
fn arabic_actions() -> &'static [Action; 256] {
    static ACTIONS: std::sync::OnceLock<[Action; 256]> = std::sync::OnceLock::new();
    ACTIONS.get_or_init(|| {
        let mut actions = [Action::Slow; 256];
        for (k, action) in actions.iter_mut().enumerate() {
            let Some(c) = char::from_u32(0x600 + k as u32) else { continue };
            let Some(ccc) = crate::chars::nfkc_yes_ccc(c) else { continue };
            if is_invisible_control(c) || c.is_whitespace() {
                continue;
            }
            *action = match fold_char(c, &LossyOptions::default()) {
                None => Action::Drop,
                // A mark the key keeps could be reordered by NFKC.
                Some(_) if ccc != 0 => Action::Slow,
                // Every output must itself be a letter NFKC leaves alone and
                // that has no case.
                Some(m) if crate::chars::nfkc_yes_ccc(m) == Some(0) && !m.is_uppercase() && !m.is_lowercase() => {
                    Action::Emit(m)
                }
                Some(_) => Action::Slow,
            };
        }
        actions
    })
}

/// The key in one pass for text of ASCII and the Arabic block (nearly all
/// Arabic news): each character mapped, marks and tatweel dropped, whitespace
/// folded as [`fold`] does. Returns false, with `out` partly written, on a
/// character outside that set.
fn lossy_fast(s: &str, opts: &LossyOptions, out: &mut String) -> bool {
    let actions = arabic_actions();
    let mut pending_space = false;
    for c in s.chars() {
        let mapped = if c.is_ascii() {
            if c == '\n' {
                pending_space = false;
                out.push('\n');
                continue;
            }
            if matches!(c, ' ' | '\t'..='\r') {
                pending_space = true;
                continue;
            }
            c.to_ascii_lowercase()
        } else if crate::chars::is_compat_space(c) {
            // NFKC makes it U+0020, a space like the ones above.
            pending_space = true;
            continue;
        } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
            match actions[(c as u32 - 0x600) as usize] {
                Action::Slow => return false,
                Action::Drop => continue,
                // ة, and ۃ which the table folds to ة.
                Action::Emit('ة') if opts.teh_marbuta_to_heh => 'ه',
                Action::Emit(m) => m,
            }
        } else {
            return false;
        };
        if pending_space {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(mapped);
    }
    if pending_space && !out.is_empty() && !out.ends_with('\n') {
        out.push(' ');
    }
    true
}

/// The key the straightforward way, for any text.
fn lossy_slow(s: &str, opts: &LossyOptions) -> String {
    let base = lossless(s);
    let mut out = String::with_capacity(base.len());
    for c in base.chars() {
        let Some(mapped) = fold_char(c, opts) else { continue };
        if mapped.is_uppercase() {
            out.extend(mapped.to_lowercase());
        } else {
            out.push(mapped);
        }
    }
    // Removing a tatweel can put a letter next to a combining mark ("Zـ́"),
    // which NFKC composes on a second pass: compose now.
    if crate::chars::nfkc_quick(&out) != IsNormalized::Yes {
        out = out.nfkc().collect();
    }
    // Removing a mark or tatweel can leave a space at the start or two in a row
    // ("َ ی"); folding again keeps lossy(lossy(x)) == lossy(x).
    if out.starts_with(' ') || out.contains("  ") || out.contains(" \n") || out.contains("\n ") {
        return fold(out.chars(), out.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lossless_cases() {
        let cases: &[(&str, &str)] = &[
            // Presentation forms: lam-alef ligature and isolated letters.
            ("\u{FEFB}\u{FE8E}", "لاا"),
            ("\u{FEB3}\u{FEE0}\u{FE8E}\u{FEE1}", "سلام"),
            // Invisible controls inside and around words.
            ("\u{200F}مرحبا\u{200B} بكم\u{FEFF}", "مرحبا بكم"),
            ("\u{202B}نص\u{202C}", "نص"),
            ("\u{2067}كلمة\u{2069}\u{061C}", "كلمة"),
            // Whitespace runs fold; newlines survive.
            ("a  \t b", "a b"),
            ("سطر أول  \n  سطر ثان", "سطر أول\nسطر ثان"),
            ("no\u{00A0}\u{00A0}break", "no break"),
            // Diacritics are kept: lossless text is what readers see.
            ("المُفاوَضات", "المُفاوَضات"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(lossless(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn lossy_cases() {
        let cases: &[(&str, &str)] = &[
            ("المُفاوَضات", "المفاوضات"),
            ("أحمد إلى آخر ٱلكتاب", "احمد الي اخر الكتاب"),
            ("مؤتمر رئيس", "موتمر رييس"),
            ("مـــدرســـة", "مدرسة"),
            ("کتاب یک", "كتاب يك"),
            ("ہمارا", "همارا"),
            ("٢٠٢٤ و ۱۴۰۳", "2024 و 1403"),
            ("Gaza CEASEFIRE", "gaza ceasefire"),
            ("عَلَىٰ", "علي"),
            ("\u{FEFB}", "لا"),
            ("قرآنٌ ۖ", "قران"),
        ];
        for (input, want) in cases {
            assert_eq!(lossy(input).trim_end(), *want, "input {input:?}");
        }
    }

    #[test]
    fn teh_marbuta_is_an_option() {
        assert_eq!(lossy("مدرسة"), "مدرسة");
        let folded = lossy_with("مدرسة", &LossyOptions { teh_marbuta_to_heh: true });
        assert_eq!(folded, "مدرسه");
    }

    /// The one-pass paths give what the straightforward ones give on every
    /// pair of characters from ASCII and the Arabic block, and on letters that
    /// NFKC composes or decomposes followed by two marks in either order.
    #[test]
    fn fast_paths_match_reference_exhaustively() {
        let mut set: Vec<char> = ('\u{0600}'..='\u{06FF}').collect();
        set.extend([' ', '\n', '\t', '\r', 'a', 'Z', '1', '.', '\u{00A0}', '\u{2009}', '\u{3000}', '\u{2026}', '\u{0301}', '\u{200C}', '\u{FEFB}']);
        let teh = LossyOptions { teh_marbuta_to_heh: true };
        let check = |s: &str| {
            assert_eq!(lossless(s), crate::reference::lossless(s), "lossless {s:?}");
            assert_eq!(lossy(s), crate::reference::lossy_with(s, &LossyOptions::default()), "lossy {s:?}");
            assert_eq!(lossy_with(s, &teh), crate::reference::lossy_with(s, &teh), "lossy teh {s:?}");
            let mut buf = String::new();
            assert_eq!(lossy_ref(s, &teh, &mut buf), lossy_with(s, &teh), "lossy_ref teh {s:?}");
            assert_eq!(lossy_ref(s, &LossyOptions::default(), &mut buf), lossy(s), "lossy_ref {s:?}");
        };
        for &a in &set {
            for &b in &set {
                check(&format!("{a}{b}"));
            }
        }
        let marks: Vec<char> = ('\u{0610}'..='\u{061A}')
            .chain('\u{064B}'..='\u{065F}')
            .chain(['\u{0670}'])
            .chain('\u{06D6}'..='\u{06ED}')
            .collect();
        for base in ['ا', 'و', 'ي', 'ه', 'ە', 'ے', 'ۓ', 'أ', 'ۀ', 'ۂ', 'ر'] {
            for &m1 in &marks {
                for &m2 in &marks {
                    check(&format!("{base}{m1}{m2}"));
                }
            }
        }
    }

    /// Normalizing piece by piece gives what NFKC of the whole text gives:
    /// every character of the Basic Multilingual Plane (and some above) between
    /// neighbours NFKC composes or reorders with it, so each cut the pieces
    /// make is tried against a neighbour that would cross it.
    #[test]
    fn pieces_normalize_like_the_whole_text() {
        let around = [
            ("a", "\u{0301}"),
            ("e\u{0301}", "\u{0327}"),
            ("\u{1100}", "\u{1161}\u{11A8}"),
            ("\u{AC00}", "\u{11A8}"),
            ("ب\u{0651}", "\u{064E}"),
            ("ا", "\u{0653}\u{0654}"),
            ("\u{0F40}\u{0F71}", "\u{0F72}"),
            ("\u{00A0}", "\u{0308}"),
            ("\u{FEFB}", "\u{FE70}"),
        ];
        let chars = ('\0'..='\u{FFFF}').chain(['\u{1D15E}', '\u{1F600}', '\u{2F800}', '\u{10FFFF}']);
        let mut sample = String::new();
        for c in chars {
            for (before, after) in around {
                sample.clear();
                sample.extend([before, c.encode_utf8(&mut [0; 4]), after]);
                assert_eq!(lossless(&sample), crate::reference::lossless(&sample), "{sample:?}");
                sample.clear();
                sample.extend([after, c.encode_utf8(&mut [0; 4]), before, after]);
                assert_eq!(lossless(&sample), crate::reference::lossless(&sample), "{sample:?}");
            }
        }
    }

    /// The fold goes back to where a piece began when the piece needs NFKC:
    /// every arrangement of four pieces of whitespace (folded, kept, at
    /// either end), letters, marks in either order, forms NFKC changes and
    /// invisible controls gives what the reference gives.
    #[test]
    fn pieces_fold_like_the_reference_in_every_arrangement() {
        let pieces = [
            " ", "  ", "\n", "\t", "\u{A0}", "a", "ب", "\u{0651}", "\u{064E}", "\u{0653}", "ﻻ", "\u{200B}", "x\u{0301}", "…",
        ];
        let mut sample = String::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        sample.clear();
                        sample.extend([a, b, c, d]);
                        assert_eq!(lossless(&sample), crate::reference::lossless(&sample), "{sample:?}");
                    }
                }
            }
        }
    }

    /// Regression: with teh marbuta folded, ۃ became ة and a second pass made
    /// that ه, so the key was not idempotent (found by tests/properties.rs).
    #[test]
    fn teh_marbuta_goal_folds_to_heh_with_the_option() {
        let teh = LossyOptions { teh_marbuta_to_heh: true };
        assert_eq!(lossy_with("ۃ", &teh), "ه");
        assert_eq!(lossy_with("مدرسۃ", &teh), lossy_with("مدرسة", &teh));
        assert_eq!(lossy("ۃ"), "ة");
    }

    #[test]
    fn digits() {
        assert_eq!(digit_value('٧'), Some(7));
        assert_eq!(digit_value('۹'), Some(9));
        assert_eq!(digit_value('x'), None);
    }
}
