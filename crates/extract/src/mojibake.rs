//! Repairs pages whose UTF-8 text was once read as a single-byte charset and
//! saved again as UTF-8 ("Ø§Ù„Ø¨Ù„Ø§Ø¯" or "ط§ظ„ط¨ظ„ط§ط¯" for "البلاد"). Old Arabic
//! CMSs, scrapers and aggregators do this when a windows-1256 or Latin-1 page
//! meets a UTF-8 one; charset detection cannot help, since the bytes really are
//! UTF-8. Every mangled character becomes two or three characters whose
//! single-byte codes form a valid UTF-8 sequence, which real text almost never
//! does: that is both the test and the repair.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Least share of the non-ASCII characters that must belong to such sequences
/// before a page is repaired. Real Arabic or French text scores near zero;
/// double-encoded pages near one.
const MIN_SEQUENCE_SHARE: f32 = 0.6;
/// Least number of sequences: a stray "Ã©" in a real page is left alone.
const MIN_SEQUENCES: usize = 20;
/// Non-ASCII characters of the quick test.
const PREFILTER_CHARS: usize = 2_000;
/// Characters looked at to decide.
const SAMPLE_CHARS: usize = 200_000;

/// Byte of each character in the single-byte charsets that mangle UTF-8:
/// Latin-1 (U+0080–U+00FF), windows-1252's extra punctuation, and windows-1256.
static SINGLE_BYTE: LazyLock<HashMap<char, u8>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for byte in 0x80..=0xFFu8 {
        map.insert(char::from(byte), byte);
    }
    for encoding in [encoding_rs::WINDOWS_1252, encoding_rs::WINDOWS_1256] {
        for byte in 0x80..=0xFFu8 {
            let single = [byte];
            let (decoded, _) = encoding.decode_without_bom_handling(&single);
            if let Some(c) = decoded.chars().next().filter(|&c| c != '\u{FFFD}') {
                map.entry(c).or_insert(byte);
            }
        }
    }
    map
});

fn byte_of(c: char) -> Option<u8> {
    SINGLE_BYTE.get(&c).copied()
}

/// Length of the UTF-8 sequence a lead byte opens (2–4), if it is a lead byte.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// The character spelled by `chars[at..]` read as single bytes, and how many
/// characters it took.
fn sequence_at(chars: &[char], at: usize) -> Option<(char, usize)> {
    let lead = byte_of(*chars.get(at)?)?;
    let len = sequence_len(lead)?;
    let mut bytes = [lead, 0, 0, 0];
    for (offset, slot) in bytes.iter_mut().enumerate().take(len).skip(1) {
        let byte = byte_of(*chars.get(at + offset)?)?;
        if !(0x80..=0xBF).contains(&byte) {
            return None;
        }
        *slot = byte;
    }
    let decoded = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    Some((decoded, len))
}

/// Quick test on the first non-ASCII characters, so that real pages pay almost
/// nothing: double-encoded text is mostly Latin-1 letters (read as Latin-1 or
/// windows-1252) or ط/ظ, which open every Arabic letter read as windows-1256.
fn worth_checking(html: &str) -> bool {
    let (mut seen, mut suspect) = (0usize, 0usize);
    for c in html.chars().filter(|c| !c.is_ascii()).take(PREFILTER_CHARS) {
        seen += 1;
        suspect += usize::from(matches!(c, '\u{80}'..='\u{FF}' | 'ط' | 'ظ'));
    }
    seen > 0 && suspect * 10 >= seen * 3
}

/// The page with its double-encoded text restored, or None when it does not
/// look double-encoded.
pub fn repair(html: &str) -> Option<String> {
    if !worth_checking(html) {
        return None;
    }
    let sample: Vec<char> = html.chars().filter(|c| !c.is_ascii()).take(SAMPLE_CHARS).collect();
    let (mut in_sequences, mut sequences, mut at) = (0, 0, 0);
    while at < sample.len() {
        match sequence_at(&sample, at) {
            Some((_, len)) => {
                in_sequences += len;
                sequences += 1;
                at += len;
            }
            None => at += 1,
        }
    }
    if sequences < MIN_SEQUENCES || (in_sequences as f32) < MIN_SEQUENCE_SHARE * sample.len() as f32 {
        return None;
    }
    // Non-ASCII characters come in runs between ASCII markup and spaces: each
    // run is rebuilt from its sequences; characters that fit none stay as they are.
    let chars: Vec<char> = html.chars().collect();
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while at < chars.len() {
        match sequence_at(&chars, at) {
            Some((c, len)) => {
                out.push(c);
                at += len;
            }
            None => {
                out.push(chars[at]);
                at += 1;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a UTF-8 page becomes when read with `encoding` and saved as UTF-8.
    fn mangle(text: &str, encoding: &'static encoding_rs::Encoding) -> String {
        encoding.decode_without_bom_handling(text.as_bytes()).0.into_owned()
    }

    #[test]
    fn latin1_and_windows_1256_double_encoding_are_undone() {
        let page = "<p>التقى الوزيران في العاصمة صباح اليوم وبحثا ملفات التعاون الاقتصادي والتجاري بين البلدين.</p>".repeat(3);
        for encoding in [encoding_rs::WINDOWS_1252, encoding_rs::WINDOWS_1256] {
            let mangled = mangle(&page, encoding);
            assert_ne!(mangled, page);
            assert_eq!(repair(&mangled).as_deref(), Some(page.as_str()), "{}", encoding.name());
        }
    }

    #[test]
    fn real_text_is_left_alone() {
        let arabic = "<p>كتب المحرر، في العاصمة: «الاتفاق تم» — ثم غادر؛ وقال: نعم.</p>".repeat(20);
        let french = "<p>Le ministre a déclaré à la presse qu'il était très satisfait de l'accord conclu à Genève.</p>".repeat(20);
        assert_eq!(repair(&arabic), None);
        assert_eq!(repair(&french), None);
    }

    #[test]
    fn a_few_mangled_characters_are_not_enough() {
        let page = format!("<p>{}</p><p>cafÃ© rÃ©sumÃ©</p>", "plain text ".repeat(50));
        assert_eq!(repair(&page), None);
    }
}
