//! Bytes to text: finds the page's character encoding from the BOM, the HTTP
//! header, the `<meta>` declaration and, when those are missing or wrong, from the
//! bytes themselves (chardetng). Arabic sites still serve windows-1256 and
//! ISO-8859-6 pages, often labelled wrongly, so declarations are checked rather
//! than trusted.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use std::borrow::Cow;

use encoding_rs::{Encoding, ISO_8859_6, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, WINDOWS_1256};

/// How far into the page a `<meta charset>` is looked for.
const META_PRESCAN_BYTES: usize = 4096;

/// A decoded page and the name of the encoding used (WHATWG name, e.g. "windows-1256").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decode page bytes: BOM, then the HTTP charset, then `<meta charset>` /
/// `<meta http-equiv>` in the first 4 KB, then chardetng with the TLD hint.
/// Declarations that contradict the bytes (invalid UTF-8 labelled UTF-8, Arabic
/// bytes labelled Latin-1) are overridden.
pub fn decode(bytes: &[u8], http_charset: Option<&str>, url: Option<&str>) -> Decoded {
    let (text, encoding) = decode_borrowed(bytes, http_charset, url);
    Decoded { text: text.into_owned(), encoding: encoding.name() }
}

/// [`decode`] without copying a page that is already valid UTF-8 (most pages):
/// the text borrows the bytes then.
pub fn decode_borrowed<'a>(bytes: &'a [u8], http_charset: Option<&str>, url: Option<&str>) -> (Cow<'a, str>, &'static Encoding) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        return (encoding.decode_without_bom_handling(body).0, encoding);
    }
    let (utf8, valid) = utf8_check(bytes);
    let declared = http_charset
        .and_then(encoding_for_label)
        .or_else(|| meta_charset(&bytes[..bytes.len().min(META_PRESCAN_BYTES)]));
    let tld = url.and_then(tld_of);
    let encoding = match declared {
        Some(encoding) => check_declared(encoding, bytes, &utf8, tld.as_deref()),
        None => sniff(bytes, &utf8, tld.as_deref()),
    };
    // Valid UTF-8 read as UTF-8, or ASCII read as any ASCII-compatible
    // encoding, is the bytes themselves.
    let same = match utf8 {
        Utf8Status::NonAscii => encoding == UTF_8,
        Utf8Status::Ascii => encoding.is_ascii_compatible(),
        Utf8Status::Invalid => false,
    };
    if same {
        if let Some(text) = valid {
            return (Cow::Borrowed(text), encoding);
        }
    }
    (encoding.decode_without_bom_handling(bytes).0, encoding)
}

/// Maps a charset label to an encoding. A page cannot really be UTF-16 once it was
/// read as ASCII-compatible bytes, so such labels mean UTF-8 (as browsers do).
fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    let encoding = Encoding::for_label(label.as_bytes())?;
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return Some(UTF_8);
    }
    Some(encoding)
}

/// Validates a declared encoding against the bytes.
fn check_declared(declared: &'static Encoding, bytes: &[u8], utf8: &Utf8Status, tld: Option<&[u8]>) -> &'static Encoding {
    if declared == UTF_8 {
        return if *utf8 == Utf8Status::Invalid { sniff(bytes, utf8, tld) } else { UTF_8 };
    }
    // Valid multi-byte UTF-8 is practically never produced by a legacy encoding.
    if *utf8 == Utf8Status::NonAscii {
        return UTF_8;
    }
    if *utf8 == Utf8Status::Ascii {
        return declared;
    }
    if is_latin_single_byte(declared) {
        let guess = sniff(bytes, utf8, tld);
        if guess == WINDOWS_1256 || guess == ISO_8859_6 {
            return guess;
        }
    }
    declared
}

/// Latin single-byte charsets that Arabic pages are often mislabelled with.
fn is_latin_single_byte(encoding: &'static Encoding) -> bool {
    encoding == WINDOWS_1252
        || ["ISO-8859-2", "ISO-8859-15", "windows-1250", "macintosh"].contains(&encoding.name())
}

fn sniff(bytes: &[u8], utf8: &Utf8Status, tld: Option<&[u8]>) -> &'static Encoding {
    match utf8 {
        Utf8Status::Ascii | Utf8Status::NonAscii => return UTF_8,
        Utf8Status::Invalid => {}
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(tld, Utf8Detection::Allow)
}

#[derive(Debug, PartialEq, Eq)]
enum Utf8Status {
    Ascii,
    NonAscii,
    Invalid,
}

/// Whether the bytes are valid UTF-8, and the text when they are whole. A
/// sequence cut by truncation at the very end (as the size cap does) still
/// counts as valid.
fn utf8_check(bytes: &[u8]) -> (Utf8Status, Option<&str>) {
    // Validation with SIMD first: every page goes through it, and the
    // standard library's check is word-at-a-time only over ASCII (Arabic pages
    // fall to its byte loop). Its result has no error detail, so invalid
    // pages are checked again by the standard library, which has.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return (if text.is_ascii() { Utf8Status::Ascii } else { Utf8Status::NonAscii }, Some(text));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (if text.is_ascii() { Utf8Status::Ascii } else { Utf8Status::NonAscii }, Some(text)),
        Err(e) => {
            // The cut sequence itself is non-ASCII.
            let cut = e.error_len().is_none() && bytes.len() - e.valid_up_to() < 4;
            (if cut { Utf8Status::NonAscii } else { Utf8Status::Invalid }, None)
        }
    }
}

/// Finds `charset=` inside a `<meta` tag of the page head (covers both
/// `<meta charset="...">` and `<meta http-equiv content="text/html; charset=...">`).
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(offset) = find(&lower[from..], b"<meta") {
        let start = from + offset + 5;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(pos) = find(tag, b"charset") {
            let rest = &tag[pos + 7..];
            let rest = trim_ascii_start(rest);
            if let Some(after_eq) = rest.strip_prefix(b"=") {
                let value = trim_ascii_start(after_eq);
                let value = value.strip_prefix(b"\"").or_else(|| value.strip_prefix(b"'")).unwrap_or(value);
                let stop = value
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>' | b'\t' | b'\n' | b'\r'))
                    .unwrap_or(value.len());
                if let Some(encoding) = std::str::from_utf8(&value[..stop]).ok().and_then(encoding_for_label) {
                    return Some(encoding);
                }
            }
        }
        from = end.max(start);
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &bytes[skip..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The top-level domain of a URL, as chardetng wants it (lowercase ASCII, no dot).
fn tld_of(url: &str) -> Option<Vec<u8>> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    let tld = host.trim_end_matches('.').rsplit('.').next()?;
    (!tld.is_empty() && tld.is_ascii()).then(|| tld.to_ascii_lowercase().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "<html><body><p>أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة، وقال الوزير إن المستشفى سيخدم آلاف المرضى من القرى المجاورة.</p></body></html>";

    fn windows_1256(s: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = WINDOWS_1256.encode(s);
        assert!(!unmappable);
        bytes.into_owned()
    }

    #[test]
    fn utf8_without_declaration() {
        let decoded = decode(ARABIC.as_bytes(), None, None);
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.text, ARABIC);
    }

    #[test]
    fn bom_wins_over_wrong_header() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(ARABIC.as_bytes());
        let decoded = decode(&bytes, Some("windows-1256"), None);
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.text, ARABIC);
    }

    #[test]
    fn windows_1256_without_declaration() {
        let decoded = decode(&windows_1256(ARABIC), None, Some("https://news.example.sy/a"));
        assert_eq!(decoded.encoding, "windows-1256");
        assert_eq!(decoded.text, ARABIC);
    }

    #[test]
    fn windows_1256_declared_utf8_is_corrected() {
        let decoded = decode(&windows_1256(ARABIC), Some("utf-8"), None);
        assert_eq!(decoded.text, ARABIC);
    }

    #[test]
    fn windows_1256_declared_latin1_in_meta_is_corrected() {
        let page = ARABIC.replace("<html>", "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head>");
        let decoded = decode(&windows_1256(&page), None, None);
        assert_eq!(decoded.encoding, "windows-1256");
        assert_eq!(decoded.text, page);
    }

    #[test]
    fn iso_8859_6_declared_in_meta_charset() {
        let page = ARABIC.replace("<html>", "<html><head><meta charset='ISO-8859-6'></head>").replace('،', ",").replace("آ", "ا");
        let (bytes, _, unmappable) = ISO_8859_6.encode(&page);
        assert!(!unmappable);
        let decoded = decode(&bytes, None, None);
        assert_eq!(decoded.encoding, "ISO-8859-6");
        assert_eq!(decoded.text, page);
    }

    #[test]
    fn latin_page_declared_latin_stays_latin() {
        let page = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Le café où l'été dure, déjà très chaud, à Genève et à Zürich.</p></body></html>";
        let (bytes, _, _) = WINDOWS_1252.encode(page);
        let decoded = decode(&bytes, None, None);
        assert_eq!(decoded.encoding, "windows-1252");
        assert_eq!(decoded.text, page);
    }

    #[test]
    fn http_charset_with_quotes() {
        let decoded = decode(&windows_1256(ARABIC), Some("\"windows-1256\""), None);
        assert_eq!(decoded.encoding, "windows-1256");
        assert_eq!(decoded.text, ARABIC);
    }

    #[test]
    fn truncated_utf8_tail_is_still_utf8() {
        let bytes = ARABIC.as_bytes();
        let cut = &bytes[..bytes.len() - 30];
        let cut = if std::str::from_utf8(cut).is_ok() { &bytes[..bytes.len() - 31] } else { cut };
        let decoded = decode(cut, Some("utf-8"), None);
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.starts_with("<html><body><p>أعلنت"));
    }
}
