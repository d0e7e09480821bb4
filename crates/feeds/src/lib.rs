//! Feeds, sitemaps, OPML and WARC: everything Marsad reads that lists or carries
//! articles, as opposed to the article pages themselves. Pure functions from bytes
//! to values — no I/O — so every format quirk can be tested with fixtures.
//!
//! Real feeds are often broken (wrong encodings, HTML entities, bare `&`,
//! truncated downloads); they are read as far as they go, and when nothing can be
//! read the error says why in words a person understands.

mod dates;
mod discover;
mod dom;
mod feed;
mod opml;
mod sitemap;
mod text;
pub mod warc;

use std::io::Read;

pub use discover::discover_feeds;
pub use feed::{Feed, FeedFormat, FeedItem};
pub use opml::{export_opml, OpmlEntry};
pub use sitemap::{Sitemap, SitemapEntry};

/// Largest decompressed size accepted when `parse` is handed gzip (`.xml.gz`).
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// `got` is the content type, or a description of what the bytes are.
    #[error("not a feed: got {got}")]
    NotAFeed { got: String },
    #[error("XML error at line {line}: {message}")]
    Xml { line: usize, message: String },
    #[error("JSON error: {0}")]
    Json(String),
    #[error("empty feed: no items")]
    Empty,
    #[error("warc: {0}")]
    Warc(String),
    #[error("too large: more than {limit} bytes after decompression")]
    TooLarge { limit: usize },
    #[error("gzip: {0}")]
    Gzip(String),
}

/// What a document turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    Feed(Feed),
    Sitemap(Sitemap),
    Opml(Vec<OpmlEntry>),
}

/// Sniffs what the bytes are (content type is a hint only; servers lie) and parses it.
/// Relative links are resolved against the feed's own link, then `base_url`.
pub fn parse(bytes: &[u8], content_type: Option<&str>, base_url: Option<&url::Url>) -> Result<Parsed, FeedError> {
    let unzipped;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        unzipped = gunzip_capped(bytes, MAX_DOCUMENT_BYTES)?;
        &unzipped[..]
    } else {
        bytes
    };
    let essence = content_type
        .map(|ct| ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .filter(|e| !e.is_empty());
    let not_a_feed = |sniffed: &str| FeedError::NotAFeed {
        // The server's label is what a person can check, unless it claimed a feed type.
        got: match &essence {
            Some(e) if !(e.contains("xml") || e.contains("json") || e.contains("rss") || e.contains("atom")) => e.clone(),
            _ => sniffed.to_string(),
        },
    };
    let prepared = text::prepare(bytes, charset_of(content_type).as_deref());
    let body = prepared.text.as_str();
    match body.trim_start().chars().next() {
        None => return Err(not_a_feed("an empty response")),
        Some('{') => return feed::from_json(body, base_url).map(Parsed::Feed),
        Some('[') => return Err(not_a_feed("JSON that is not a JSON Feed")),
        Some('<') => {}
        Some(_) => return Err(not_a_feed("plain text")),
    }
    if looks_like_html(body) {
        return Err(not_a_feed("an HTML page"));
    }
    let doc = dom::parse(body);
    let Some(root) = doc.root.as_ref() else {
        let line = doc.fault.as_ref().map(|f| text::line_at(body, f.pos)).unwrap_or(1) + prepared.line_offset;
        let message = doc.fault.as_ref().map(|f| f.message.clone()).unwrap_or_else(|| "no root element".into());
        return Err(FeedError::Xml { line, message });
    };
    if is_html_element(root.local()) {
        return Err(not_a_feed("an HTML page"));
    }
    if feed::detect_format(root).is_some() {
        return feed::from_xml(body, &doc, prepared.line_offset, base_url).map(Parsed::Feed);
    }
    let fault_error = |doc: &dom::Doc| {
        doc.fault.as_ref().map(|f| FeedError::Xml { line: text::line_at(body, f.pos) + prepared.line_offset, message: f.message.clone() })
    };
    if sitemap::is_sitemap_root(root) {
        let parsed = sitemap::from_root(root, base_url);
        // A cut-off sitemap still lists what came before the cut.
        return match fault_error(&doc) {
            Some(err) if parsed.entries.is_empty() => Err(err),
            _ => Ok(Parsed::Sitemap(parsed)),
        };
    }
    if root.local() == "opml" {
        let entries = opml::from_root(root);
        return match fault_error(&doc) {
            Some(err) if entries.is_empty() => Err(err),
            _ => Ok(Parsed::Opml(entries)),
        };
    }
    Err(not_a_feed(&format!("an XML document with root <{}>", root.name)))
}

/// Reads an OPML subscription list; nested outlines are flattened.
pub fn parse_opml(bytes: &[u8]) -> Result<Vec<OpmlEntry>, FeedError> {
    match parse(bytes, None, None)? {
        Parsed::Opml(entries) => Ok(entries),
        Parsed::Feed(feed) => Err(FeedError::NotAFeed { got: format!("a {} feed instead of an OPML file", feed.format) }),
        Parsed::Sitemap(_) => Err(FeedError::NotAFeed { got: "a sitemap instead of an OPML file".into() }),
    }
}

/// Decompresses gzip (all members), refusing output larger than `cap` bytes.
pub fn gunzip_capped(bytes: &[u8], cap: usize) -> Result<Vec<u8>, FeedError> {
    let decoder = flate2::read::MultiGzDecoder::new(bytes);
    let mut out = Vec::new();
    decoder
        .take((cap as u64).saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| FeedError::Gzip(e.to_string()))?;
    if out.len() > cap {
        return Err(FeedError::TooLarge { limit: cap });
    }
    Ok(out)
}

fn charset_of(content_type: Option<&str>) -> Option<String> {
    content_type?
        .split(';')
        .skip(1)
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
}

/// Pages without a doctype often open with one of these instead of `<html>`.
fn is_html_element(name: &str) -> bool {
    const HTML: &[&str] = &[
        "html", "head", "body", "div", "script", "style", "meta", "link", "p", "span", "table", "section",
        "article", "header", "nav", "main", "form", "iframe", "a", "br", "img", "ul", "h1", "h2", "h3",
    ];
    HTML.iter().any(|h| h.eq_ignore_ascii_case(name))
}

fn looks_like_html(body: &str) -> bool {
    let head: String = body.chars().take(1024).collect::<String>().to_ascii_lowercase();
    let head = head.trim_start();
    // Pages that open with comments or other markup are caught later by their root element.
    head.starts_with("<!doctype html") || head.starts_with("<html")
}
