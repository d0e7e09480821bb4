//! Character properties on the hot paths, answered from one table for the
//! first 2048 code points (ASCII, Latin-1, Greek, Cyrillic, Hebrew and the
//! whole Arabic block, which is nearly all of Arabic news) and from the standard
//! library and `unicode-normalization` above it. The table is filled at first
//! use *from those same functions*, so every answer is theirs; it only spares
//! `char::is_alphabetic`'s slow search for non-ASCII letters and the NFKC
//! quick-check's table walk, which profiling showed to be most of the time spent
//! tokenizing and normalizing Arabic text.

use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized};

/// Code points below this are answered from the table (all of 2-byte UTF-8).
const TABLE_END: u32 = 0x800;

const ALPHABETIC: u8 = 1;
const NUMERIC: u8 = 2;
const WHITESPACE: u8 = 4;
/// NFKC quick-check answer: neither bit = Yes.
const QC_NO: u8 = 8;
const QC_MAYBE: u8 = 16;

struct Table {
    flags: [u8; TABLE_END as usize],
    ccc: [u8; TABLE_END as usize],
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table { flags: [0; TABLE_END as usize], ccc: [0; TABLE_END as usize] };
        for cp in 0..TABLE_END {
            let Some(c) = char::from_u32(cp) else { continue };
            let mut f = 0;
            if c.is_alphabetic() {
                f |= ALPHABETIC;
            }
            if c.is_numeric() {
                f |= NUMERIC;
            }
            if c.is_whitespace() {
                f |= WHITESPACE;
            }
            match is_nfkc_quick(std::iter::once(c)) {
                IsNormalized::Yes => {}
                IsNormalized::No => f |= QC_NO,
                IsNormalized::Maybe => f |= QC_MAYBE,
            }
            t.flags[cp as usize] = f;
            t.ccc[cp as usize] = canonical_combining_class(c);
        }
        t
    })
}

fn flags(c: char) -> Option<u8> {
    let cp = c as u32;
    (cp < TABLE_END).then(|| table().flags[cp as usize])
}

/// Same answer as [`char::is_alphabetic`].
#[inline]
pub(crate) fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    match flags(c) {
        Some(f) => f & ALPHABETIC != 0,
        None => c.is_alphabetic(),
    }
}

/// Same answer as [`char::is_numeric`].
#[inline]
pub(crate) fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    match flags(c) {
        Some(f) => f & NUMERIC != 0,
        None => c.is_numeric(),
    }
}

/// Same answer as [`char::is_alphanumeric`].
#[inline]
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match flags(c) {
        Some(f) => f & (ALPHABETIC | NUMERIC) != 0,
        None => c.is_alphanumeric(),
    }
}

/// Same answer as [`char::is_whitespace`].
#[inline]
pub(crate) fn is_whitespace(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, ' ' | '\t'..='\r');
    }
    match flags(c) {
        Some(f) => f & WHITESPACE != 0,
        None => c.is_whitespace(),
    }
}

/// Same answer as [`unicode_normalization::is_nfkc_quick`] on `s.chars()`: the
/// same loop, with the per-character lookups taken from the table.
pub(crate) fn nfkc_quick(s: &str) -> IsNormalized {
    quick_check(s)
}

/// Spaces that NFKC turns into U+0020 and nothing else: a no-break space
/// (in one news paragraph of six) or a typographic space. Each is a starter
/// that composes with nothing on either side, so NFKC changes it alone.
pub(crate) fn is_compat_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}')
}

fn quick_check(s: &str) -> IsNormalized {
    let t = table();
    let mut last_cc = 0u8;
    let mut result = IsNormalized::Yes;
    for ch in s.chars() {
        if ch.is_ascii() {
            last_cc = 0;
            continue;
        }
        let cp = ch as u32;
        let (qc, cc) = if cp < TABLE_END {
            (t.flags[cp as usize] & (QC_NO | QC_MAYBE), t.ccc[cp as usize])
        } else {
            let qc = match is_nfkc_quick(std::iter::once(ch)) {
                IsNormalized::Yes => 0,
                IsNormalized::No => QC_NO,
                IsNormalized::Maybe => QC_MAYBE,
            };
            (qc, canonical_combining_class(ch))
        };
        if last_cc > cc && cc != 0 {
            return IsNormalized::No;
        }
        if qc == QC_NO {
            return IsNormalized::No;
        }
        if qc == QC_MAYBE {
            result = IsNormalized::Maybe;
        }
        last_cc = cc;
    }
    result
}

/// Combining class of `c` when NFKC quick-check says Yes for it or it is an
/// [`is_compat_space`] character (class 0); `None` when the check says No or
/// Maybe. For any character; ASCII is always `Some(0)`.
#[inline]
pub(crate) fn quick_yes_ccc(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp < TABLE_END {
        let t = table();
        let qc = t.flags[cp as usize] & (QC_NO | QC_MAYBE);
        return (qc == 0 || is_compat_space(c)).then(|| t.ccc[cp as usize]);
    }
    if is_compat_space(c) {
        return Some(0);
    }
    (is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes).then(|| canonical_combining_class(c))
}

/// Combining class of `c` when it is below the table's end and NFKC
/// quick-check Yes, else `None`.
#[inline]
pub(crate) fn nfkc_yes_ccc(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp >= TABLE_END {
        return None;
    }
    let t = table();
    (t.flags[cp as usize] & (QC_NO | QC_MAYBE) == 0).then(|| t.ccc[cp as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code point, table or not, answers as the standard library does.
    #[test]
    fn same_answers_as_std_and_unicode_normalization() {
        for cp in 0..0x11_0000u32 {
            let Some(c) = char::from_u32(cp) else { continue };
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{cp:x}");
            assert_eq!(is_numeric(c), c.is_numeric(), "{cp:x}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{cp:x}");
            assert_eq!(is_whitespace(c), c.is_whitespace(), "{cp:x}");
        }
        let samples = [
            "", "abc", "المُفاوَضات", "فّ\u{064E}", "ف\u{064E}\u{0651}", "\u{FEFB}", "ا\u{0654}", "e\u{0301}",
            "\u{0301}", "\u{00A0}", "٢٠٢٤ – …", "\u{0675}", "ۓ", "Ωμέγα", "\u{05B0}\u{05B1}", "x\u{0327}\u{0301}",
        ];
        for s in samples {
            assert_eq!(nfkc_quick(s), is_nfkc_quick(s.chars()), "{s:?}");
        }
        // What quick_yes_ccc relies on.
        use unicode_normalization::UnicodeNormalization;
        for cp in 0..0x11_0000u32 {
            let Some(c) = char::from_u32(cp) else { continue };
            if is_compat_space(c) {
                assert!(c.is_whitespace() && canonical_combining_class(c) == 0, "{cp:x}");
                assert_eq!(std::iter::once(c).nfkc().collect::<String>(), " ", "{cp:x}");
            }
        }
    }
}
