//! Turning raw feed bytes into clean UTF-8 XML text that a strict parser accepts:
//! byte-order marks, junk before the prolog, lying encoding declarations, HTML
//! entities and bare ampersands are the usual reasons real feeds fail to parse.
//! Also the reverse direction for display: HTML fragments down to plain text.

use encoding_rs::Encoding;

/// Text ready for an XML or JSON parser, plus how many lines were dropped in
/// front of it so error line numbers still point into what the server sent.
pub(crate) struct Prepared {
    pub text: String,
    pub line_offset: usize,
}

/// Decodes `bytes` to UTF-8 and cleans them up. `charset_hint` comes from the
/// HTTP header and is used only when the bytes themselves give no answer.
pub(crate) fn prepare(bytes: &[u8], charset_hint: Option<&str>) -> Prepared {
    // A UTF-16 feed announces itself with a BOM; decode it whole before anything else.
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            let (decoded, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            let utf8 = decoded.into_owned().into_bytes();
            return prepare_utf8_start(&utf8, None, true);
        }
        return prepare_utf8_start(&bytes[bom_len..], charset_hint, false);
    }
    prepare_utf8_start(bytes, charset_hint, false)
}

fn prepare_utf8_start(bytes: &[u8], charset_hint: Option<&str>, already_utf8: bool) -> Prepared {
    let start = markup_start(bytes);
    let line_offset = bytes[..start].iter().filter(|b| **b == b'\n').count();
    let rest = &bytes[start..];
    let encoding = if already_utf8 {
        encoding_rs::UTF_8
    } else {
        choose_encoding(rest, charset_hint)
    };
    let (decoded, _) = encoding.decode_without_bom_handling(rest);
    let mut text = decoded.into_owned();
    if text.starts_with('<') {
        text = fix_declaration(&text);
        text = clean_entities(&text);
    }
    Prepared { text, line_offset }
}

/// Where the document really starts: servers and CMS plugins often print blank
/// lines, PHP notices or a stray BOM before `<?xml`.
fn markup_start(bytes: &[u8]) -> usize {
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    if matches!(bytes.get(first), Some(b'{') | Some(b'[') | Some(b'<') | None) {
        // Even when text starts with '<', a prolog further on means the start is garbage markup.
        if bytes.get(first) == Some(&b'<') && !bytes[first..].starts_with(b"<?xml") {
            if let Some(p) = find(&bytes[first..bytes.len().min(first + 4096)], b"<?xml") {
                return first + p;
            }
        }
        return first;
    }
    let window = &bytes[..bytes.len().min(4096)];
    if let Some(p) = find(window, b"<?xml") {
        return p;
    }
    bytes.iter().position(|b| *b == b'<').unwrap_or(first)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The encoding label in `<?xml … encoding="…"?>`, if any.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(b"<?xml") {
        return None;
    }
    let end = find(&bytes[..bytes.len().min(512)], b"?>")?;
    let decl = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
    let after = &decl[decl.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let value = &after[1..];
    Some(value[..value.find(quote)?].trim().to_string())
}

fn choose_encoding(bytes: &[u8], charset_hint: Option<&str>) -> &'static Encoding {
    let is_utf8 = std::str::from_utf8(bytes).is_ok();
    let has_non_ascii = bytes.iter().any(|b| *b >= 0x80);
    let declared = declared_encoding(bytes).and_then(|label| Encoding::for_label(label.as_bytes()));
    match declared {
        // UTF-16 declared on ASCII-compatible bytes is always a lie (no BOM was seen).
        Some(enc) if enc != encoding_rs::UTF_8 && enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE => {
            // Valid multi-byte UTF-8 is practically never legacy-encoded text by chance.
            if is_utf8 && has_non_ascii {
                encoding_rs::UTF_8
            } else {
                enc
            }
        }
        _ if is_utf8 => encoding_rs::UTF_8,
        _ => {
            let hinted = charset_hint
                .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
                .filter(|enc| *enc != encoding_rs::UTF_8);
            hinted.unwrap_or_else(|| {
                let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                detector.feed(bytes, true);
                detector.guess(None, chardetng::Utf8Detection::Deny)
            })
        }
    }
}

/// Replaces the prolog by one that says UTF-8 (the text is UTF-8 now), keeping
/// the line count so error positions do not move.
fn fix_declaration(text: &str) -> String {
    if !text.starts_with("<?xml") {
        return text.to_string();
    }
    let Some(end) = text.find("?>") else {
        return text.to_string();
    };
    let newlines = text[..end].matches('\n').count();
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    out.push_str(&"\n".repeat(newlines));
    out.push_str(&text[end + 2..]);
    out
}

/// Makes every `&` outside CDATA and comments a valid XML reference: HTML named
/// entities become numeric references, anything else becomes `&amp;`. Characters
/// that XML 1.0 forbids are dropped. Never adds or removes a newline.
pub(crate) fn clean_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<']) {
        let (plain, tail) = rest.split_at(i);
        push_without_forbidden(&mut out, plain);
        if tail.starts_with("<![CDATA[") {
            let end = tail.find("]]>").map(|e| e + 3).unwrap_or(tail.len());
            push_without_forbidden(&mut out, &tail[..end]);
            rest = &tail[end..];
        } else if tail.starts_with("<!--") {
            let end = tail.find("-->").map(|e| e + 3).unwrap_or(tail.len());
            out.push_str(&tail[..end]);
            rest = &tail[end..];
        } else if let Some(after) = tail.strip_prefix('<') {
            out.push('<');
            rest = after;
        } else {
            let consumed = push_reference(&mut out, tail);
            rest = &tail[consumed..];
        }
    }
    push_without_forbidden(&mut out, rest);
    out
}

fn is_forbidden_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

fn push_without_forbidden(out: &mut String, s: &str) {
    out.extend(s.chars().filter(|c| !is_forbidden_char(*c)));
}

/// Writes a clean version of the reference at the start of `tail` (which starts
/// with `&`) and returns how many bytes of `tail` it consumed.
fn push_reference(out: &mut String, tail: &str) -> usize {
    let body = &tail[1..];
    let name_len = body
        .char_indices()
        .take(40)
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
        .map(|(i, _)| i);
    let Some(name_len) = name_len else {
        out.push_str("&amp;");
        return 1;
    };
    if name_len == 0 || !body[name_len..].starts_with(';') {
        out.push_str("&amp;");
        return 1;
    }
    let name = &body[..name_len];
    if let Some(num) = name.strip_prefix('#') {
        let value = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        return match value.and_then(char::from_u32) {
            Some(c) if !is_forbidden_char(c) => {
                out.push_str(&tail[..name_len + 2]);
                name_len + 2
            }
            _ => {
                out.push_str("&amp;");
                1
            }
        };
    }
    if matches!(name, "amp" | "lt" | "gt" | "quot" | "apos") {
        out.push_str(&tail[..name_len + 2]);
        return name_len + 2;
    }
    match html_entity(name) {
        Some(code) => {
            out.push_str(&format!("&#{code};"));
            name_len + 2
        }
        None => {
            out.push_str("&amp;");
            1
        }
    }
}

/// Code point of an HTML named entity that feeds are known to use.
pub(crate) fn html_entity(name: &str) -> Option<u32> {
    HTML_ENTITIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

const HTML_ENTITIES: &[(&str, u32)] = &[
    ("nbsp", 160), ("iexcl", 161), ("cent", 162), ("pound", 163), ("curren", 164), ("yen", 165),
    ("brvbar", 166), ("sect", 167), ("uml", 168), ("copy", 169), ("ordf", 170), ("laquo", 171),
    ("not", 172), ("shy", 173), ("reg", 174), ("macr", 175), ("deg", 176), ("plusmn", 177),
    ("sup2", 178), ("sup3", 179), ("acute", 180), ("micro", 181), ("para", 182), ("middot", 183),
    ("cedil", 184), ("sup1", 185), ("ordm", 186), ("raquo", 187), ("frac14", 188), ("frac12", 189),
    ("frac34", 190), ("iquest", 191), ("Agrave", 192), ("Aacute", 193), ("Acirc", 194), ("Atilde", 195),
    ("Auml", 196), ("Aring", 197), ("AElig", 198), ("Ccedil", 199), ("Egrave", 200), ("Eacute", 201),
    ("Ecirc", 202), ("Euml", 203), ("Igrave", 204), ("Iacute", 205), ("Icirc", 206), ("Iuml", 207),
    ("ETH", 208), ("Ntilde", 209), ("Ograve", 210), ("Oacute", 211), ("Ocirc", 212), ("Otilde", 213),
    ("Ouml", 214), ("times", 215), ("Oslash", 216), ("Ugrave", 217), ("Uacute", 218), ("Ucirc", 219),
    ("Uuml", 220), ("Yacute", 221), ("THORN", 222), ("szlig", 223), ("agrave", 224), ("aacute", 225),
    ("acirc", 226), ("atilde", 227), ("auml", 228), ("aring", 229), ("aelig", 230), ("ccedil", 231),
    ("egrave", 232), ("eacute", 233), ("ecirc", 234), ("euml", 235), ("igrave", 236), ("iacute", 237),
    ("icirc", 238), ("iuml", 239), ("eth", 240), ("ntilde", 241), ("ograve", 242), ("oacute", 243),
    ("ocirc", 244), ("otilde", 245), ("ouml", 246), ("divide", 247), ("oslash", 248), ("ugrave", 249),
    ("uacute", 250), ("ucirc", 251), ("uuml", 252), ("yacute", 253), ("thorn", 254), ("yuml", 255),
    ("OElig", 338), ("oelig", 339), ("Scaron", 352), ("scaron", 353), ("Yuml", 376), ("fnof", 402),
    ("circ", 710), ("tilde", 732), ("ensp", 8194), ("emsp", 8195), ("thinsp", 8201), ("zwnj", 8204),
    ("zwj", 8205), ("lrm", 8206), ("rlm", 8207), ("ndash", 8211), ("mdash", 8212), ("lsquo", 8216),
    ("rsquo", 8217), ("sbquo", 8218), ("ldquo", 8220), ("rdquo", 8221), ("bdquo", 8222),
    ("dagger", 8224), ("Dagger", 8225), ("bull", 8226), ("hellip", 8230), ("permil", 8240),
    ("prime", 8242), ("Prime", 8243), ("lsaquo", 8249), ("rsaquo", 8250), ("oline", 8254),
    ("frasl", 8260), ("euro", 8364), ("trade", 8482), ("larr", 8592), ("uarr", 8593), ("rarr", 8594),
    ("darr", 8595), ("harr", 8596), ("minus", 8722), ("lowast", 8727), ("le", 8804), ("ge", 8805),
    ("ne", 8800), ("infin", 8734), ("asymp", 8776), ("hearts", 9829), ("diams", 9830),
];

/// Plain text of an HTML fragment (or of text that may contain escaped HTML):
/// tags dropped, `<script>`/`<style>` bodies dropped, entities decoded,
/// whitespace collapsed.
pub(crate) fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        text.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after_tag) = tail.strip_prefix('<') {
            let starts_tag = after_tag.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
            if !starts_tag {
                text.push('<');
                rest = after_tag;
                continue;
            }
            if tail.starts_with("<!--") {
                rest = tail.find("-->").map(|e| &tail[e + 3..]).unwrap_or("");
                continue;
            }
            let Some(end) = tail.find('>') else {
                rest = "";
                break;
            };
            let tag = tail[1..end].to_ascii_lowercase();
            rest = &tail[end + 1..];
            for skipped in ["script", "style"] {
                if tag.starts_with(skipped) && !tag.ends_with('/') {
                    let close = format!("</{skipped}");
                    rest = find_ascii_ci(rest, &close)
                        .and_then(|p| rest[p..].find('>').map(|e| &rest[p + e + 1..]))
                        .unwrap_or("");
                }
            }
            // Block-level tags separate words even without whitespace in the source.
            text.push(' ');
        } else {
            let (decoded, consumed) = decode_reference(tail);
            text.push_str(&decoded);
            rest = &tail[consumed..];
        }
    }
    text.push_str(rest);
    collapse_whitespace(&text)
}

/// Decodes character and entity references, leaving everything else as is.
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let (decoded, consumed) = decode_reference(&rest[i..]);
        out.push_str(&decoded);
        rest = &rest[i + consumed..];
    }
    out.push_str(rest);
    out
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let lower = haystack.to_ascii_lowercase();
    lower.find(needle)
}

/// Decodes one `&…;` reference at the start of `tail`; a bare `&` stays as is.
fn decode_reference(tail: &str) -> (String, usize) {
    let body = &tail[1..];
    let Some(semi) = body.find(';').filter(|s| *s > 0 && *s <= 32) else {
        return ("&".to_string(), 1);
    };
    let name = &body[..semi];
    let code = if let Some(num) = name.strip_prefix('#') {
        match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        }
    } else {
        match name {
            "amp" => Some(38),
            "lt" => Some(60),
            "gt" => Some(62),
            "quot" => Some(34),
            "apos" => Some(39),
            _ => html_entity(name),
        }
    };
    match code.and_then(char::from_u32) {
        Some(c) => (c.to_string(), semi + 2),
        None => ("&".to_string(), 1),
    }
}

/// Runs of whitespace (including no-break spaces) become one space; ends trimmed.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes text for an XML attribute value or element content.
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if is_forbidden_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// 1-based line of byte `pos` in `text`.
pub(crate) fn line_at(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    1 + text.as_bytes()[..pos].iter().filter(|b| **b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_keeps_valid_references_and_fixes_the_rest() {
        let cleaned = clean_entities("<a>x &amp; y &#1575; &nbsp; AT&T &bogus; <![CDATA[a & b &nbsp;]]></a>");
        assert_eq!(cleaned, "<a>x &amp; y &#1575; &#160; AT&amp;T &amp;bogus; <![CDATA[a & b &nbsp;]]></a>");
    }

    #[test]
    fn html_to_text_drops_tags_scripts_and_decodes() {
        let text = html_to_text("<p>خبر&nbsp;عاجل</p><script>var a = 1 < 2;</script><b>x &amp; y</b> 3 < 4");
        assert_eq!(text, "خبر عاجل x & y 3 < 4");
    }

    #[test]
    fn junk_before_prolog_is_skipped_and_lines_counted() {
        let prepared = prepare(b"\n\nWarning: php notice\n<?xml version=\"1.0\"?><rss/>", None);
        assert!(prepared.text.starts_with("<?xml"));
        assert_eq!(prepared.line_offset, 3);
    }
}
