//! Repairs pages whose UTF-8 text was once read as a single-byte charset and
//! saved again as UTF-8 ("Ø§Ù„Ø¨Ù„Ø§Ø¯" or "ط§ظ„ط¨ظ„ط§ط¯" for "البلاد"). Old Arabic
//! CMSs, scrapers and aggregators do this when a windows-1256 or Latin-1 page
//! meets a UTF-8 one; charset detection cannot help, since the bytes really are
//! UTF-8. Every mangled character becomes two or three characters whose
//! single-byte codes form a valid UTF-8 sequence, which real text almost never
//! does: that is both the test and the repair.

use std::sync::LazyLock;

/// Least share of the non-ASCII characters that must belong to such sequences
/// before a page is repaired. Real Arabic or French text scores near zero;
/// double-encoded pages near one.
const MIN_SEQUENCE_SHARE: f32 = 0.6;
/// Least number of sequences: a stray "Ã©" in a real page is left alone.
const MIN_SEQUENCES: usize = 20;
/// Non-ASCII characters, and bytes at most, of the quick test.
const PREFILTER_CHARS: usize = 1_000;
const PREFILTER_BYTES: usize = 128 * 1024;
/// Non-ASCII characters looked at to decide.
const SAMPLE_CHARS: usize = 4_000;

/// Characters above U+00FF in windows-1252 and windows-1256 with their byte,
/// sorted by character (U+0080–U+00FF are their own byte, as in Latin-1).
static WIDE_SINGLE_BYTE: LazyLock<Vec<(char, u8)>> = LazyLock::new(|| {
    let mut table: Vec<(char, u8)> = Vec::new();
    for encoding in [encoding_rs::WINDOWS_1252, encoding_rs::WINDOWS_1256] {
        for byte in 0x80..=0xFFu8 {
            let single = [byte];
            let (decoded, _) = encoding.decode_without_bom_handling(&single);
            if let Some(c) = decoded.chars().next().filter(|&c| c as u32 > 0xFF && c != '\u{FFFD}') {
                if !table.iter().any(|&(known, _)| known == c) {
                    table.push((c, byte));
                }
            }
        }
    }
    table.sort_unstable();
    table
});

/// The byte a single-byte charset (Latin-1, windows-1252, windows-1256) writes
/// this character as.
fn byte_of(c: char) -> Option<u8> {
    match u32::from(c) {
        code @ 0x80..=0xFF => u8::try_from(code).ok(),
        _ => WIDE_SINGLE_BYTE.binary_search_by_key(&c, |&(known, _)| known).ok().map(|i| WIDE_SINGLE_BYTE[i].1),
    }
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

/// Quick test, so that real pages pay almost nothing: double-encoded text is
/// mostly characters that open a UTF-8 sequence when read as one byte (Latin-1
/// letters Â-ô; ط/ظ, which open every Arabic letter read as windows-1256).
/// Only the start of the page is read, on bytes: a non-ASCII character is its
/// lead byte (0xC0 and up), and the suspects are U+00C2-U+00F4 (0xC3 then
/// 0x82-0xB4) and ط/ظ (0xD8 then 0xB7/0xB8). ASCII is skipped eight bytes at
/// a time.
fn worth_checking(html: &str) -> bool {
    let all = html.as_bytes();
    let bytes = &all[..all.len().min(PREFILTER_BYTES)];
    let (mut seen, mut suspect, mut at) = (0usize, 0usize, 0usize);
    while at < bytes.len() && seen < PREFILTER_CHARS {
        if let Some(chunk) = bytes.get(at..at + 8) {
            let word = u64::from_ne_bytes(chunk.try_into().unwrap_or_default());
            if word & 0x8080_8080_8080_8080 == 0 {
                at += 8;
                continue;
            }
        }
        let b = bytes[at];
        at += 1;
        if b < 0xC0 {
            // ASCII, or a continuation byte of a character already counted.
            continue;
        }
        seen += 1;
        // The byte after a lead byte is in the text even when it lies past
        // the prefilter's cut.
        let next = all.get(at).copied().unwrap_or(0);
        suspect += usize::from(b == 0xC3 && (0x82..=0xB4).contains(&next) || b == 0xD8 && matches!(next, 0xB7 | 0xB8));
        // Real text rules itself out long before the end: once more than
        // this many characters are innocent, even a sample of suspects to the
        // limit could not reach the share below.
        if (seen - suspect) * 10 > PREFILTER_CHARS * 7 {
            return false;
        }
    }
    suspect >= MIN_SEQUENCES && suspect * 10 >= seen * 3
}

/// [`worth_checking`] char by char, as it was first written: the tests hold
/// the byte-wise one to it.
#[cfg(test)]
fn worth_checking_by_chars(html: &str) -> bool {
    let bytes = &html.as_bytes()[..html.len().min(PREFILTER_BYTES)];
    let (mut seen, mut suspect, mut at) = (0usize, 0usize, 0usize);
    while at < bytes.len() && seen < PREFILTER_CHARS {
        if bytes[at] < 0x80 {
            at += 1;
            continue;
        }
        let Some(c) = html.get(at..).and_then(|rest| rest.chars().next()) else {
            at += 1;
            continue;
        };
        seen += 1;
        suspect += usize::from(matches!(c, '\u{C2}'..='\u{F4}' | 'ط' | 'ظ'));
        at += c.len_utf8();
    }
    suspect >= MIN_SEQUENCES && suspect * 10 >= seen * 3
}

/// The page with its double-encoded text restored, or None when it does not
/// look double-encoded.
pub fn repair(html: &str) -> Option<String> {
    if !worth_checking(html) {
        return None;
    }
    // Every byte of a UTF-8 sequence is 0x80 or above, so a mangled character
    // never spans ASCII: the page is read as runs of non-ASCII characters.
    let mut run: Vec<char> = Vec::new();
    let (mut total, mut in_sequences, mut sequences) = (0usize, 0usize, 0usize);
    for part in non_ascii_runs(html) {
        run.clear();
        run.extend(part.chars());
        total += run.len();
        let mut at = 0;
        while at < run.len() {
            match sequence_at(&run, at) {
                Some((_, len)) => {
                    in_sequences += len;
                    sequences += 1;
                    at += len;
                }
                None => at += 1,
            }
        }
        if total >= SAMPLE_CHARS {
            break;
        }
    }
    if sequences < MIN_SEQUENCES || (in_sequences as f32) < MIN_SEQUENCE_SHARE * total as f32 {
        return None;
    }
    // Each run is rebuilt from its sequences; characters that fit none stay.
    let mut out = String::with_capacity(html.len());
    let mut bytes: Vec<u8> = Vec::new();
    let mut copied = 0;
    for part in non_ascii_runs(html) {
        let start = part.as_ptr() as usize - html.as_ptr() as usize;
        out.push_str(&html[copied..start]);
        // Most runs are whole mangled words: their bytes are valid UTF-8 as a whole.
        bytes.clear();
        bytes.extend(part.chars().map_while(byte_of));
        if bytes.len() == part.chars().count() {
            if let Ok(whole) = std::str::from_utf8(&bytes) {
                out.push_str(whole);
                copied = start + part.len();
                continue;
            }
        }
        run.clear();
        run.extend(part.chars());
        let mut at = 0;
        while at < run.len() {
            match sequence_at(&run, at) {
                Some((c, len)) => {
                    out.push(c);
                    at += len;
                }
                None => {
                    out.push(run[at]);
                    at += 1;
                }
            }
        }
        copied = start + part.len();
    }
    out.push_str(&html[copied..]);
    Some(out)
}

/// The maximal runs of non-ASCII characters of `html`, in order.
fn non_ascii_runs(html: &str) -> impl Iterator<Item = &str> {
    let bytes = html.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + bytes.get(at..)?.iter().position(|&b| b >= 0x80)?;
        let end = start + bytes[start..].iter().position(|&b| b < 0x80).unwrap_or(bytes.len() - start);
        at = end;
        html.get(start..end)
    })
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

    /// The byte-wise quick test says what the char-by-char one says, on
    /// mixes of innocent and suspect characters around its thresholds.
    #[test]
    fn quick_test_reads_bytes_as_the_chars_say() {
        let suspects = ["ط", "ظ", "Ã", "Â", "ô", "é"];
        let innocents = ["ب", "ع", "õ", "Á", "x", " ", "—", "😀"];
        let mut state = 7u32;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as usize
        };
        let (mut yes, mut no) = (0, 0);
        for round in 0..600 {
            let mut page = String::new();
            // Suspects make 0-50% of the pieces: the threshold is 30% of the
            // non-ASCII characters.
            let share = round % 11;
            for _ in 0..(10 + round * 5) {
                let r = next();
                page.push_str(if r % 20 < share { suspects[(r >> 8) % suspects.len()] } else { innocents[(r >> 8) % innocents.len()] });
            }
            let expected = worth_checking_by_chars(&page);
            assert_eq!(worth_checking(&page), expected, "round {round}");
            if expected {
                yes += 1;
            } else {
                no += 1;
            }
        }
        assert!(yes > 100 && no > 100, "{yes} {no}");
        // A suspect lead byte right at the prefilter's cut.
        let page = format!("{}Ã©", "a".repeat(PREFILTER_BYTES - 1));
        assert_eq!(worth_checking(&page), worth_checking_by_chars(&page));
        let mangled = "Ø§Ù„Ø¨Ù„Ø§Ø¯ ".repeat(300);
        assert!(worth_checking(&mangled) && worth_checking_by_chars(&mangled));
    }

    #[test]
    fn a_few_mangled_characters_are_not_enough() {
        let page = format!("<p>{}</p><p>cafÃ© rÃ©sumÃ©</p>", "plain text ".repeat(50));
        assert_eq!(repair(&page), None);
    }
}
