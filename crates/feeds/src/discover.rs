//! Finding the feeds a web page advertises with `<link rel="alternate">`, so a
//! user can add a site by its home page address.

use url::Url;

use crate::text::decode_entities;

const FEED_TYPES: &[&str] = &["application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml"];

/// Absolute feed URLs advertised in `html`, in page order, without duplicates.
/// A `<base href>` in the page takes precedence over `base_url`.
pub fn discover_feeds(html: &str, base_url: &Url) -> Vec<String> {
    let mut base = base_url.clone();
    let mut found: Vec<String> = Vec::new();
    for (name, attrs) in tags(html) {
        let get = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        if name == "base" {
            if let Some(b) = get("href").and_then(|h| base_url.join(h.trim()).ok()) {
                base = b;
            }
            continue;
        }
        if name != "link" {
            continue;
        }
        let rel_ok = get("rel").is_some_and(|r| r.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case("alternate")));
        let type_ok = get("type").is_some_and(|t| {
            let essence = t.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            FEED_TYPES.contains(&essence.as_str())
        });
        if !(rel_ok && type_ok) {
            continue;
        }
        let Some(href) = get("href").map(str::trim).filter(|h| !h.is_empty()) else { continue };
        if let Ok(url) = base.join(href) {
            if matches!(url.scheme(), "http" | "https") && !found.contains(&url.to_string()) {
                found.push(url.to_string());
            }
        }
    }
    found
}

/// Start tags named `link` or `base` with their attributes (names lowercased,
/// values entity-decoded), skipping comments, scripts and styles.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut pos = 0;
    while let Some(rel) = lower[pos..].find('<') {
        let start = pos + rel;
        let rest = &lower[start..];
        if rest.starts_with("<!--") {
            pos = rest.find("-->").map(|e| start + e + 3).unwrap_or(lower.len());
            continue;
        }
        let name: String = rest[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let after_name = start + 1 + name.len();
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            pos = lower[after_name..].find(&close).map(|e| after_name + e).unwrap_or(lower.len());
            continue;
        }
        let (attrs, end) = read_attrs(html, after_name);
        if name == "link" || name == "base" {
            out.push((name, attrs));
        }
        pos = end.max(start + 1);
    }
    out
}

/// Attributes from `from` to the tag's closing `>`; returns them and the
/// position after the tag.
fn read_attrs(html: &str, from: usize) -> (Vec<(String, String)>, usize) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let mut i = from;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (attrs, i);
        }
        if bytes[i] == b'>' {
            return (attrs, i + 1);
        }
        let key_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = html[key_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let v_start = i + 1;
                let v_end = bytes[v_start..].iter().position(|b| *b == quote).map(|p| v_start + p).unwrap_or(bytes.len());
                value = html[v_start..v_end].to_string();
                i = (v_end + 1).min(bytes.len());
            } else {
                let v_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = html[v_start..i].to_string();
            }
        }
        if !key.is_empty() {
            attrs.push((key, decode_attr(&value)));
        }
    }
}

fn decode_attr(value: &str) -> String {
    decode_entities(value)
}
