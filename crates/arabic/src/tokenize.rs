//! Word segmentation for Arabic-script and Latin text. Offsets always point into
//! the caller's original string so that search snippets can highlight the page's
//! own spelling (with its diacritics, tatweel and clitics) rather than a
//! normalized copy.

use crate::normalize::digit_value;

/// One word, number or URL, borrowed from the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    /// Byte offset of the first byte, in the original string.
    pub start: usize,
    /// Byte offset one past the last byte, in the original string.
    pub end: usize,
}

/// Which writing system a word character belongs to. A change between Arabic and
/// anything else ends a token, so "بـCOVID" or "2024م" split into their parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Arabic,
    Digit,
    Other,
    /// Combining marks and joiners take the class of what they attach to.
    Neutral,
}

/// Combining marks that belong inside a word even where `char::is_alphanumeric`
/// does not say so (Arabic harakat, Quranic marks, generic combining accents).
fn is_mark(c: char) -> bool {
    crate::normalize::is_arabic_diacritic(c)
        || matches!(c,
            '\u{0300}'..='\u{036F}'
            | '\u{08D3}'..='\u{08FF}'
            | '\u{FE20}'..='\u{FE2F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{20D0}'..='\u{20FF}')
}

/// Zero-width joiner and non-joiner: Persian writes "می‌خواهم" with a ZWNJ inside the
/// word, so they join when they sit between word characters.
pub(crate) fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

fn is_arabic_script(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{0870}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFE}')
        && digit_value(c).is_none()
}

/// Word characters: letters, digits, marks and tatweel (U+0640, a letter-like
/// modifier that stretches a word).
pub(crate) fn is_word_char(c: char) -> bool {
    crate::chars::is_alphanumeric(c) || is_mark(c) || c == '\u{0640}'
}

pub(crate) fn class_of(c: char) -> Class {
    if is_mark(c) || is_joiner(c) {
        Class::Neutral
    } else if crate::chars::is_numeric(c) || digit_value(c).is_some() {
        Class::Digit
    } else if is_arabic_script(c) {
        Class::Arabic
    } else {
        Class::Other
    }
}

pub(crate) fn breaks_between(prev: Class, next: Class) -> bool {
    match (prev, next) {
        (Class::Neutral, _) | (_, Class::Neutral) => false,
        (Class::Arabic, Class::Arabic) => false,
        (Class::Arabic, _) | (_, Class::Arabic) => true,
        _ => false,
    }
}

/// Separators allowed between digits of one number: "3.5", "1,000", "٣٫٥", "١٬٠٠٠".
fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '\u{066B}' | '\u{066C}')
}

/// Characters that may continue a Latin word when letters follow: "l'état", "don't".
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// A separator inside a number ("3.5"): it keeps the number whole only when a
/// digit follows, so a full stop after a number still ends it.
pub(crate) fn joins_number(c: char, before: Class, after: Option<char>) -> bool {
    is_number_separator(c)
        && before == Class::Digit
        && after.is_some_and(|n| crate::chars::is_numeric(n) || digit_value(n).is_some())
}

/// An apostrophe between Latin letters ("l'état").
pub(crate) fn joins_latin_word(c: char, before: Class, after: Option<char>) -> bool {
    is_apostrophe(c) && before == Class::Other && after.is_some_and(|n| crate::chars::is_alphabetic(n) && class_of(n) == Class::Other)
}

pub(crate) fn starts_url(rest: &str) -> bool {
    let head: String = rest.chars().take(8).flat_map(char::to_lowercase).collect();
    head.starts_with("http://") || head.starts_with("https://") || head.starts_with("www.")
}

/// Trailing characters that end a sentence rather than a URL.
pub(crate) fn is_url_trailer(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '\'' | '"' | '،' | '؛' | '؟' | '…')
}

pub(crate) fn is_url_stop(c: char) -> bool {
    crate::chars::is_whitespace(c) || matches!(c, '<' | '>' | '"' | '«' | '»' | '“' | '”')
}

/// [`is_word_char`] and [`class_of`] of one character, packed: the class in
/// the low bits, [`WORD`] above.
const WORD: u8 = 4;

fn pack(c: char) -> u8 {
    let class = match class_of(c) {
        Class::Arabic => 0,
        Class::Digit => 1,
        Class::Other => 2,
        Class::Neutral => 3,
    };
    class | if is_word_char(c) { WORD } else { 0 }
}

fn unpack_class(info: u8) -> Class {
    match info & 3 {
        0 => Class::Arabic,
        1 => Class::Digit,
        2 => Class::Other,
        _ => Class::Neutral,
    }
}

/// [`pack`] for the first 2048 code points, filled at first use from the
/// functions themselves.
fn info(c: char) -> u8 {
    static TABLE: std::sync::OnceLock<[u8; 0x800]> = std::sync::OnceLock::new();
    let cp = c as u32;
    if cp < 0x800 {
        let table = TABLE.get_or_init(|| {
            let mut t = [0; 0x800];
            for (cp, slot) in t.iter_mut().enumerate() {
                if let Some(c) = char::from_u32(cp as u32) {
                    *slot = pack(c);
                }
            }
            t
        });
        table[cp as usize]
    } else {
        pack(c)
    }
}

/// The character starting at byte `byte` of `s` (a char boundary), decoded
/// in place: one- and two-byte characters (ASCII, Arabic) directly.
#[inline]
fn char_at(s: &str, byte: usize) -> Option<char> {
    let bytes = s.as_bytes();
    let b0 = *bytes.get(byte)?;
    if b0 < 0x80 {
        return Some(char::from(b0));
    }
    if b0 & 0xE0 == 0xC0 {
        if let Some(&b1) = bytes.get(byte + 1) {
            return char::from_u32((u32::from(b0 & 0x1F) << 6) | u32::from(b1 & 0x3F));
        }
    }
    s.get(byte..).and_then(|rest| rest.chars().next())
}

/// Index after the run of U+0620..=U+065F from `j`: Arabic letters, tatweel and
/// harakat, which are word characters of class Arabic or Neutral, so they
/// neither end an Arabic word nor change its class (a test checks it).
#[inline]
fn skip_arabic_run(bytes: &[u8], mut j: usize) -> usize {
    while let (Some(&b0), Some(&b1)) = (bytes.get(j), bytes.get(j + 1)) {
        // U+0620..=U+063F is D8 A0..BF; U+0640..=U+065F is D9 80..9F.
        let run = (b0 == 0xD8 && (0xA0..=0xBF).contains(&b1)) || (b0 == 0xD9 && (0x80..=0x9F).contains(&b1));
        if !run {
            break;
        }
        j += 2;
    }
    j
}

/// Splits text into words, numbers and URLs. Everything that is not a word
/// character separates tokens (spaces, Arabic and Latin punctuation, symbols).
pub fn tokens(s: &str) -> Vec<Token<'_>> {
    // One pass over the string with one character of lookahead and the one
    // before, decoded in place (the straightforward version collected every
    // character into a vector first; see `reference::tokens`).
    let mut out = Vec::with_capacity(s.len() / 10);
    let mut i = 0;
    let mut prev_is_word = false;
    while let Some(c) = char_at(s, i) {
        let start = i;
        if !prev_is_word && matches!(c, 'h' | 'H' | 'w' | 'W') && starts_url(&s[start..]) {
            let mut j = start;
            while let Some(d) = char_at(s, j) {
                if is_url_stop(d) {
                    break;
                }
                j += d.len_utf8();
            }
            while j > start {
                match s[..j].chars().next_back() {
                    Some(d) if is_url_trailer(d) => j -= d.len_utf8(),
                    _ => break,
                }
            }
            out.push(Token { text: &s[start..j], start, end: j });
            // An empty URL (all trailers) still moves on by one character.
            let next = if j > start { j } else { start + c.len_utf8() };
            prev_is_word = s[..next].chars().next_back().is_some_and(|d| info(d) & WORD != 0);
            i = next;
            continue;
        }
        let c_info = info(c);
        if c_info & WORD == 0 {
            prev_is_word = false;
            i += c.len_utf8();
            continue;
        }
        let mut j = start + c.len_utf8();
        let mut last_word = true;
        let mut last_class = unpack_class(c_info);
        loop {
            // Inside an Arabic word, letters and harakat only continue it.
            if last_class == Class::Arabic {
                let k = skip_arabic_run(s.as_bytes(), j);
                if k > j {
                    j = k;
                    last_word = true;
                }
            }
            let Some(d) = char_at(s, j) else { break };
            let d_info = info(d);
            if d_info & WORD != 0 {
                let cls = unpack_class(d_info);
                if last_class != Class::Neutral && breaks_between(last_class, cls) {
                    break;
                }
                if cls != Class::Neutral {
                    last_class = cls;
                }
                j += d.len_utf8();
                last_word = true;
                continue;
            }
            let after = char_at(s, j + d.len_utf8());
            if joins_number(d, last_class, after) || joins_latin_word(d, last_class, after) {
                // The separator and the character after it join, whatever it is.
                j += d.len_utf8() + after.map_or(0, char::len_utf8);
                last_word = after.is_some_and(|n| info(n) & WORD != 0);
            } else if is_joiner(d) && after.is_some_and(|n| info(n) & WORD != 0) {
                j += d.len_utf8();
                last_word = false;
            } else {
                break;
            }
        }
        out.push(Token { text: &s[start..j], start, end: j });
        prev_is_word = last_word;
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokens(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn splits_and_keeps() {
        let cases: &[(&str, &[&str])] = &[
            ("قال الوزير، إن المفاوضات؛ مستمرة؟", &["قال", "الوزير", "إن", "المفاوضات", "مستمرة"]),
            ("«السلام» (غدا)", &["السلام", "غدا"]),
            ("ارتفع 3.5٪ إلى 1,000 دولار", &["ارتفع", "3.5", "إلى", "1,000", "دولار"]),
            ("عام ٢٠٢٤ بنسبة ٣٫٥", &["عام", "٢٠٢٤", "بنسبة", "٣٫٥"]),
            ("المُفاوَضات مـــستمرة", &["المُفاوَضات", "مـــستمرة"]),
            ("راجع https://example.com/a?b=1، ثم", &["راجع", "https://example.com/a?b=1", "ثم"]),
            ("see www.Example.org/x.", &["see", "www.Example.org/x"]),
            ("Hello, World! l'état", &["Hello", "World", "l'état"]),
            ("بـCOVID-19 عام 2024م", &["بـ", "COVID", "19", "عام", "2024", "م"]),
            ("می\u{200C}خواهم", &["می\u{200C}خواهم"]),
            ("خبر۔ دوسرا", &["خبر", "دوسرا"]),
            ("end.", &["end"]),
            ("1.", &["1"]),
            ("", &[]),
            ("  ،،  ", &[]),
        ];
        for (input, want) in cases {
            assert_eq!(texts(input), *want, "input {input:?}");
        }
    }

    /// What `skip_arabic_run` assumes of U+0620..=U+065F.
    #[test]
    fn arabic_run_is_word_characters_that_keep_the_class() {
        for c in '\u{0620}'..='\u{065F}' {
            assert!(is_word_char(c), "{c:?}");
            assert!(matches!(class_of(c), Class::Arabic | Class::Neutral), "{c:?}");
            assert!(!breaks_between(Class::Arabic, class_of(c)), "{c:?}");
        }
        let s = "بالمُفاوَضاتِ";
        assert_eq!(skip_arabic_run(s.as_bytes(), 0), s.len());
        assert_eq!(skip_arabic_run("ab".as_bytes(), 0), 0);
    }

    #[test]
    fn offsets_point_into_original() {
        let s = "\u{200F}قال: «المُفاوَضات» 2024";
        for t in tokens(s) {
            assert_eq!(&s[t.start..t.end], t.text);
        }
        let starts: Vec<usize> = tokens(s).iter().map(|t| t.start).collect();
        let want: Vec<usize> = ["قال", "المُفاوَضات", "2024"]
            .iter()
            .filter_map(|w| s.find(w))
            .collect();
        assert_eq!(starts, want);
        assert!(starts[0] > 0, "the leading RLM is not part of the first word");
    }
}
