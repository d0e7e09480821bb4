//! Text normalization in two strengths. `lossless` is safe for text we store and
//! show: it only removes what a reader cannot see (presentation forms, invisible
//! controls, doubled spaces). `lossy` builds match keys for the index and for
//! comparisons: it throws away spelling variation that Arabic writers use
//! interchangeably (hamza seats, alef maqsura, diacritics, Persian letter shapes,
//! digit sets), so it must never be shown to a reader.

use unicode_normalization::UnicodeNormalization;

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
    // Invisible controls go before NFKC: removed after it, they would leave a
    // letter and a combining mark side by side that a second pass composes, and
    // lossless(lossless(x)) would differ from lossless(x).
    let filtered: std::borrow::Cow<'_, str> = if s.chars().any(is_invisible_control) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !is_invisible_control(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    let s = filtered.as_ref();
    // Most text is already NFKC; the quick check spares the decomposition.
    if unicode_normalization::is_nfkc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        return fold(s.chars(), s.len());
    }
    fold(s.nfkc(), s.len())
}

/// Invisible controls removed and whitespace folded, over already-normalized chars.
fn fold(chars: impl Iterator<Item = char>, len: usize) -> String {
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

/// Match key for indexing and comparison: [`lossless`], then diacritics and tatweel
/// removed, hamza seats and alef variants folded, Persian/Urdu letter shapes mapped
/// to their Arabic equivalents, all digits made ASCII and everything lowercased.
pub fn lossy_with(s: &str, opts: &LossyOptions) -> String {
    let base = lossless(s);
    let mut out = String::with_capacity(base.len());
    for c in base.chars() {
        if is_arabic_diacritic(c) || c == '\u{0640}' {
            continue;
        }
        if let Some(d) = digit_value(c) {
            // digit_value only returns 0..=9, so this always yields a char.
            if let Some(ascii) = char::from_digit(d, 10) {
                out.push(ascii);
            }
            continue;
        }
        let mapped = match c {
            // Alef with hamza above/below, madda, wasla, wavy hamza forms.
            'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => 'ا',
            'ى' => 'ي',
            'ؤ' => 'و',
            'ئ' => 'ي',
            // Persian and Urdu shapes of kaf, yeh and heh.
            'ک' => 'ك',
            'ی' => 'ي',
            'ہ' | 'ۀ' | 'ە' | 'ھ' => 'ه',
            'ۃ' => 'ة',
            'ة' if opts.teh_marbuta_to_heh => 'ه',
            _ => c,
        };
        if mapped.is_uppercase() {
            out.extend(mapped.to_lowercase());
        } else {
            out.push(mapped);
        }
    }
    // Removing a tatweel can put a letter next to a combining mark ("Zـ́"),
    // which NFKC composes on a second pass: compose now.
    if unicode_normalization::is_nfkc_quick(out.chars()) != unicode_normalization::IsNormalized::Yes {
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

    #[test]
    fn digits() {
        assert_eq!(digit_value('٧'), Some(7));
        assert_eq!(digit_value('۹'), Some(9));
        assert_eq!(digit_value('x'), None);
    }
}
