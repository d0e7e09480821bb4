//! Small text helpers shared by the stages: whitespace folding, invisible
//! character removal, comparison keys and prefix matching for Arabic labels.

/// Characters that carry no text: zero-width space, direction marks and
/// embeddings, word joiner, BOM, soft hyphen. ZWNJ (U+200C) is kept on purpose:
/// Persian and Urdu spell words with it.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// Folds every whitespace run (including no-break spaces) into one space, drops
/// invisible characters and trims.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_invisible(c) || c.is_control() && !c.is_whitespace() {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Counts characters that are not whitespace: the measure of "how much text".
pub fn weight(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// A comparison key: letters and digits only, lowercase, Arabic letter variants
/// (hamza forms of alef, teh marbuta, alef maksura) and diacritics folded, so that
/// "اقرأ أيضاً" and "اقرا ايضا" compare equal.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            '\u{064B}'..='\u{065F}' | '\u{0670}' | 'ـ' => continue,
            _ => c,
        };
        // Fast paths for ASCII and the Arabic letters, which are most of every page.
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0660}'..='\u{0669}') {
            out.push(c);
        } else if c.is_ascii() {
            if c.is_whitespace() && !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() && !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    out
}

/// Whether `text` starts with `label` as whole words, compared by [`key`].
pub fn starts_with_label(text_key: &str, label_key: &str) -> bool {
    !label_key.is_empty()
        && text_key.starts_with(label_key)
        && text_key[label_key.len()..].chars().next().is_none_or(|c| c == ' ')
}

/// Words of a comparison key, for overlap measures.
pub fn words(s: &str) -> Vec<String> {
    key(s).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// Share of words two strings have in common (Dice coefficient over word sets).
pub fn similarity(a: &str, b: &str) -> f32 {
    let wa: std::collections::HashSet<String> = words(a).into_iter().collect();
    let wb: std::collections::HashSet<String> = words(b).into_iter().collect();
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let common = wa.intersection(&wb).count() as f32;
    2.0 * common / (wa.len() + wb.len()) as f32
}

/// Cuts a string to at most `max` characters without splitting a character.
pub fn clip(s: &str, max: usize) -> &str {
    // A UTF-8 character is at least one byte: a string of `max` bytes or fewer
    // is short enough without counting (the common case, and O(1)).
    if s.len() <= max {
        return s;
    }
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Cuts a string to at most `max` bytes, backing off to a character boundary.
pub fn clip_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_invisible_and_collapses_space() {
        assert_eq!(fold("  أ\u{200B}ب \u{00A0}\n ج  "), "أب ج");
        assert_eq!(fold("می\u{200C}روم"), "می\u{200C}روم");
    }

    #[test]
    fn key_folds_arabic_variants() {
        assert_eq!(key("اقرأ أيضاً:"), key("اقرا ايضا"));
        assert!(starts_with_label(&key("اقرأ أيضا: خبر آخر"), &key("اقرأ أيضا")));
        assert!(!starts_with_label(&key("شاركت الوزيرة"), &key("شارك")));
    }

    #[test]
    fn similarity_is_dice_over_words() {
        assert!((similarity("a b c d", "a b c d") - 1.0).abs() < 1e-6);
        assert!(similarity("a b", "c d") < 1e-6);
    }
}
