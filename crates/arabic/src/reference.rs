//! The straightforward versions of the functions whose fast paths live in the
//! other modules, kept verbatim as they were before those paths were written.
//! They are the specification the fast code is tested and fuzzed against
//! (`tests/properties.rs`, `fuzz/`); nothing else should call them.

use crate::stem::{EXTRA_SUFFIXES, LIGHT_PREFIXES, MIN_STEM_AFTER_PREPOSITION, PREPOSITIONS, SUFFIXES, TEH_PRONOUNS};
use crate::normalize::{digit_value, fold, is_arabic_diacritic, is_invisible_control, LossyOptions};
use crate::tokenize::Token;
use unicode_normalization::UnicodeNormalization;

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
            // Fixed here too, as in normalize::fold_char: ۃ went to ة only,
            // and the key with this option was not idempotent.
            'ۃ' if opts.teh_marbuta_to_heh => 'ه',
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


/// `stem::light` on a vector of chars.
pub fn light(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    for p in char_lists().light_prefixes.iter() {
        if chars.len() >= p.len() + 2 && chars.starts_with(p) {
            chars.drain(..p.len());
            break;
        }
    }
    let mut chars = strip_pronoun(chars);
    // light10 makes one pass, so امتحانات loses ات but keeps the ان its
    // singular امتحان loses; passes repeat until nothing changes (at most a
    // few, as every pass shortens the word).
    loop {
        let before = chars.len();
        for s in char_lists().suffixes.iter() {
            if chars.len() >= s.len() + 2 && chars.ends_with(s) {
                chars.truncate(chars.len() - s.len());
            }
        }
        if chars.len() == before {
            break;
        }
    }
    if chars.len() >= 4 && chars.first() == Some(&'و') {
        chars.remove(0);
    }
    if chars.len() > MIN_STEM_AFTER_PREPOSITION && chars.first().is_some_and(|c| PREPOSITIONS.contains(c)) {
        chars.remove(0);
    }
    if chars.len() >= 4 && chars.ends_with(&['ا', 'ء']) {
        chars.pop();
    }
    chars.into_iter().collect()
}

/// The affix tables as char vectors, built once.
struct CharLists {
    light_prefixes: Vec<Vec<char>>,
    suffixes: Vec<Vec<char>>,
    teh_pronouns: Vec<Vec<char>>,
    extra_suffixes: Vec<Vec<char>>,
}

fn char_lists() -> &'static CharLists {
    static LISTS: std::sync::OnceLock<CharLists> = std::sync::OnceLock::new();
    let chars = |list: &[&str]| list.iter().map(|a| a.chars().collect()).collect();
    LISTS.get_or_init(|| CharLists {
        light_prefixes: chars(LIGHT_PREFIXES),
        suffixes: chars(SUFFIXES),
        teh_pronouns: chars(TEH_PRONOUNS),
        extra_suffixes: chars(EXTRA_SUFFIXES),
    })
}

fn strip_pronoun(mut chars: Vec<char>) -> Vec<char> {
    for s in char_lists().teh_pronouns.iter() {
        // The noun left must be long enough not to be a root ending in ت (بيته),
        // and not a plural in ات (مفاوضاتها), which light10's suffixes handle.
        let before = chars.len().checked_sub(s.len() + 1).and_then(|k| chars.get(k)).copied();
        if chars.len() >= s.len() + 3 && chars.ends_with(s) && before != Some('ا') {
            chars.truncate(chars.len() - s.len());
            chars.push('ة');
            return chars;
        }
    }
    for s in char_lists().extra_suffixes.iter() {
        if chars.len() >= s.len() + 3 && chars.ends_with(s) {
            chars.truncate(chars.len() - s.len());
            return chars;
        }
    }
    chars
}


/// `tokenize::tokens` over a vector of (offset, char).
/// Splits text into words, numbers and URLs. Everything that is not a word
/// character separates tokens (spaces, Arabic and Latin punctuation, symbols).
pub fn tokens(s: &str) -> Vec<Token<'_>> {
    use crate::tokenize::{class_of, is_url_stop, is_url_trailer, is_word_char, joins_latin_word, joins_number, starts_url, is_joiner, breaks_between, Class};
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(s.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let prev_is_word = i > 0 && is_word_char(chars[i - 1].1);
        if !prev_is_word && (c == 'h' || c == 'H' || c == 'w' || c == 'W') && starts_url(&s[start..]) {
            let mut j = i;
            while j < chars.len() && !is_url_stop(chars[j].1) {
                j += 1;
            }
            while j > i && is_url_trailer(chars[j - 1].1) {
                j -= 1;
            }
            let end = byte_at(j);
            out.push(Token { text: &s[start..end], start, end });
            i = j.max(i + 1);
            continue;
        }
        if !is_word_char(c) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut last_class = class_of(c);
        while j < chars.len() {
            let d = chars[j].1;
            let next_is_word = chars.get(j + 1).is_some_and(|&(_, n)| is_word_char(n));
            if is_word_char(d) {
                let cls = class_of(d);
                if last_class != Class::Neutral && breaks_between(last_class, cls) {
                    break;
                }
                if cls != Class::Neutral {
                    last_class = cls;
                }
                j += 1;
            } else if joins_number(d, last_class, chars.get(j + 1).map(|&(_, n)| n))
                || joins_latin_word(d, last_class, chars.get(j + 1).map(|&(_, n)| n))
            {
                j += 2;
            } else if is_joiner(d) && next_is_word {
                j += 1;
            } else {
                break;
            }
        }
        let end = byte_at(j);
        out.push(Token { text: &s[start..end], start, end });
        i = j;
    }
    out
}

