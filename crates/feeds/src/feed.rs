//! RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and JSON Feed into one item list. feed-rs does
//! the element-level work; around it we detect the exact format ourselves, undo
//! the things that make feed-rs give up (odd version attributes, old namespaces,
//! truncated documents), and read dates from the raw text so offsets and Arabic
//! dates survive.

use std::collections::HashSet;

use url::Url;

use crate::dates;
use crate::dom::{Doc, Element};
use crate::text::{collapse_whitespace, escape_xml, html_to_text, line_at};
use crate::FeedError;

/// A parsed feed. Items are de-duplicated by [`FeedItem::key`], first one wins.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub title: Option<String>,
    pub link: Option<String>,
    pub language: Option<String>,
    pub format: FeedFormat,
    pub items: Vec<FeedItem>,
}

/// The exact flavour, read from the root element and its version attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    Rss090,
    Rss091,
    Rss092,
    Rss10,
    Rss20,
    Atom03,
    Atom10,
    JsonFeed,
}

impl FeedFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            FeedFormat::Rss090 => "rss0.90",
            FeedFormat::Rss091 => "rss0.91",
            FeedFormat::Rss092 => "rss0.92",
            FeedFormat::Rss10 => "rss1.0",
            FeedFormat::Rss20 => "rss2.0",
            FeedFormat::Atom03 => "atom0.3",
            FeedFormat::Atom10 => "atom1.0",
            FeedFormat::JsonFeed => "jsonfeed",
        }
    }
}

impl std::fmt::Display for FeedFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedItem {
    pub guid: Option<String>,
    /// Absolute http(s) URL of the article.
    pub url: Option<String>,
    pub title: Option<String>,
    /// ISO 8601, with the feed's own offset when it gave one.
    pub published: Option<String>,
    /// Plain text.
    pub summary: Option<String>,
}

impl FeedItem {
    /// The de-duplication key: the GUID, else the URL, else the title.
    pub fn key(&self) -> Option<String> {
        self.guid.clone().or_else(|| self.url.clone()).or_else(|| self.title.clone())
    }
}

const SUMMARY_MAX_CHARS: usize = 1000;
const NETSCAPE_RSS090_NS: &str = "http://my.netscape.com/rdf/simple/0.9/";
const RSS10_NS: &str = "http://purl.org/rss/1.0/";
const ATOM03_NS: &str = "http://purl.org/atom/ns#";
const ATOM10_NS: &str = "http://www.w3.org/2005/Atom";

/// The feed format a root element announces, or None if it is no feed root.
pub(crate) fn detect_format(root: &Element) -> Option<FeedFormat> {
    let has_ns = |ns: &str| root.attrs.iter().any(|(k, v)| k.starts_with("xmlns") && v.trim() == ns);
    match root.local() {
        "rss" => Some(match root.attr("version").map(str::trim) {
            Some("0.91") => FeedFormat::Rss091,
            Some("0.92") | Some("0.93") | Some("0.94") => FeedFormat::Rss092,
            Some("0.90") | Some("0.9") => FeedFormat::Rss090,
            _ => FeedFormat::Rss20,
        }),
        "RDF" if has_ns(NETSCAPE_RSS090_NS) => Some(FeedFormat::Rss090),
        "RDF" => Some(FeedFormat::Rss10),
        "feed" if has_ns(ATOM03_NS) || root.attr("version").map(str::trim) == Some("0.3") => Some(FeedFormat::Atom03),
        "feed" => Some(FeedFormat::Atom10),
        _ => None,
    }
}

/// Item elements in document order (the order feed-rs returns entries in).
fn item_elements(root: &Element) -> Vec<&Element> {
    let mut items: Vec<&Element> = Vec::new();
    let containers = std::iter::once(root).chain(root.children.iter().filter(|c| c.local() == "channel"));
    for container in containers {
        items.extend(container.children.iter().filter(|c| matches!(c.local(), "item" | "entry")));
    }
    items.sort_by_key(|e| e.end.unwrap_or(usize::MAX));
    items
}

fn raw_date(item: &Element) -> Option<&str> {
    let pick = |names: &[&str]| {
        item.children
            .iter()
            .find(|c| names.contains(&c.local()) && !c.text.trim().is_empty())
            .map(|c| c.text.trim())
    };
    pick(&["pubDate", "published", "issued", "date", "created"]).or_else(|| pick(&["updated", "modified"]))
}

/// Parses an XML feed. `doc` is the tolerant tree of `text`.
pub(crate) fn from_xml(text: &str, doc: &Doc, line_offset: usize, base_url: Option<&Url>) -> Result<Feed, FeedError> {
    let root = doc.root.as_ref().ok_or(FeedError::NotAFeed { got: "an empty document".into() })?;
    let format = detect_format(root).ok_or_else(|| FeedError::NotAFeed { got: format!("an XML document with root <{}>", root.name) })?;
    let mut raw_items = item_elements(root);

    let mut source = text.to_string();
    if let Some(fault) = &doc.fault {
        // Keep everything up to the last complete item, then close what was open.
        let last_complete = raw_items.iter().filter_map(|e| e.end).filter(|end| *end <= fault.pos).max();
        let Some(cut) = last_complete else {
            return Err(FeedError::Xml { line: line_at(text, fault.pos) + line_offset, message: fault.message.clone() });
        };
        raw_items.retain(|e| e.end.is_some_and(|end| end <= cut));
        let mut closing = String::new();
        if let Some(channel) = root.children.iter().find(|c| c.local() == "channel" && c.end.is_none_or(|e| e > cut)) {
            if channel.children.iter().any(|c| c.end.is_some_and(|e| e <= cut) && matches!(c.local(), "item" | "entry")) {
                closing.push_str(&format!("</{}>", channel.name));
            }
        }
        closing.push_str(&format!("</{}>", root.name));
        source = format!("{}{}", &text[..cut.min(text.len())], closing);
    }
    source = adapt_for_feed_rs(source, root, format);

    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .build();
    let parsed = parser.parse(source.as_bytes()).map_err(|e| FeedError::Xml { line: 1 + line_offset, message: e.to_string() })?;

    let link = pick_link(&parsed.links).and_then(|href| absolute_http(href, base_url));
    let item_base = link.as_deref().and_then(|l| Url::parse(l).ok()).or_else(|| base_url.cloned());
    let aligned = raw_items.len() == parsed.entries.len();

    let mut items = Vec::with_capacity(parsed.entries.len());
    for (i, entry) in parsed.entries.iter().enumerate() {
        let raw = if aligned { raw_items.get(i).copied() } else { None };
        let guid = Some(entry.id.trim().to_string()).filter(|g| !g.is_empty());
        let url = pick_link(&entry.links)
            .and_then(|href| absolute_http(href, item_base.as_ref()))
            .or_else(|| guid.as_deref().and_then(|g| absolute_http(g, None)));
        let title = entry.title.as_ref().map(|t| html_to_text(&t.content)).filter(|t| !t.is_empty());
        let summary = entry
            .summary
            .as_ref()
            .map(|s| html_to_text(&s.content))
            .filter(|s| !s.is_empty())
            .or_else(|| entry.content.as_ref().and_then(|c| c.body.as_deref()).map(html_to_text).filter(|s| !s.is_empty()))
            .map(|s| cap_chars(s, SUMMARY_MAX_CHARS));
        let published = dates::to_iso(raw.and_then(raw_date), entry.published.or(entry.updated));
        items.push(FeedItem { guid, url, title, published, summary });
    }

    let language = parsed
        .language
        .clone()
        .or_else(|| root.attr("lang").map(str::to_string))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let title = parsed.title.as_ref().map(|t| html_to_text(&t.content)).filter(|t| !t.is_empty());
    finish(Feed { title, link, language, format, items })
}

/// Rewrites what feed-rs does not accept: RSS version attributes other than
/// 2.0/0.91/0.92 (or none at all), and the RSS 0.90 and Atom 0.3 namespaces,
/// whose elements are close enough to their successors to be read as them.
fn adapt_for_feed_rs(mut source: String, root: &Element, format: FeedFormat) -> String {
    match format {
        FeedFormat::Rss090 => source = source.replace(NETSCAPE_RSS090_NS, RSS10_NS),
        FeedFormat::Atom03 => source = source.replace(ATOM03_NS, ATOM10_NS),
        _ => {}
    }
    if root.local() == "rss" && !matches!(root.attr("version").map(str::trim), Some("2.0") | Some("0.91") | Some("0.92")) {
        if let Some((start, end)) = find_start_tag(&source, &root.name) {
            let mut tag = format!("<{}", root.name);
            for (k, v) in root.attrs.iter().filter(|(k, _)| k != "version") {
                tag.push_str(&format!(" {}=\"{}\"", k, escape_xml(v)));
            }
            tag.push_str(" version=\"2.0\">");
            // The tag may have spanned lines; keep the count for later error lines.
            tag.push_str(&"\n".repeat(source[start..end].matches('\n').count()));
            source.replace_range(start..end, &tag);
        }
    }
    source
}

/// Byte range of the first start tag named `name` (through its `>`).
fn find_start_tag(source: &str, name: &str) -> Option<(usize, usize)> {
    let needle = format!("<{name}");
    let mut from = 0;
    while let Some(rel) = source[from..].find(&needle) {
        let start = from + rel;
        let after = start + needle.len();
        if source[after..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/') {
            let mut quote: Option<char> = None;
            for (i, c) in source[after..].char_indices() {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (None, '"') | (None, '\'') => quote = Some(c),
                    (None, '>') => return Some((start, after + i + 1)),
                    _ => {}
                }
            }
            return None;
        }
        from = after;
    }
    None
}

fn pick_link(links: &[feed_rs::model::Link]) -> Option<&str> {
    let usable = |l: &&feed_rs::model::Link| !l.href.trim().is_empty();
    links
        .iter()
        .filter(usable)
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .or_else(|| {
            links.iter().filter(usable).find(|l| {
                !matches!(l.rel.as_deref(), Some("self" | "enclosure" | "edit" | "edit-media" | "replies" | "license" | "hub" | "next" | "previous"))
            })
        })
        .map(|l| l.href.trim())
}

/// An absolute http(s) URL for `href`, resolving it against `base` if relative.
pub(crate) fn absolute_http(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let url = match Url::parse(href) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(href).ok()?,
        Err(_) => return None,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.to_string())
}

fn cap_chars(s: String, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", s[..cut].trim_end()),
        None => s,
    }
}

/// De-duplicates by key (first wins), drops items with nothing to identify them,
/// and refuses feeds that end up empty.
fn finish(mut feed: Feed) -> Result<Feed, FeedError> {
    let mut seen = HashSet::new();
    feed.items.retain(|item| match item.key() {
        Some(key) => seen.insert(key),
        None => false,
    });
    if feed.items.is_empty() {
        return Err(FeedError::Empty);
    }
    Ok(feed)
}

/// JSON Feed 1.0 / 1.1.
pub(crate) fn from_json(text: &str, base_url: Option<&Url>) -> Result<Feed, FeedError> {
    use serde_json::Value;
    let value: Value = serde_json::from_str(text).map_err(|e| FeedError::Json(e.to_string()))?;
    let not_json_feed = || FeedError::NotAFeed { got: "JSON that is not a JSON Feed".into() };
    let obj = value.as_object().ok_or_else(not_json_feed)?;
    let version = obj.get("version").and_then(Value::as_str).unwrap_or_default();
    if !version.contains("jsonfeed.org/version/") {
        return Err(not_json_feed());
    }
    let str_field = |o: &serde_json::Map<String, Value>, k: &str| {
        o.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
    };
    let link = str_field(obj, "home_page_url").and_then(|h| absolute_http(&h, base_url));
    let item_base = link.as_deref().and_then(|l| Url::parse(l).ok()).or_else(|| base_url.cloned());
    let mut items = Vec::new();
    for raw in obj.get("items").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
        let Some(o) = raw.as_object() else { continue };
        let guid = match o.get("id") {
            Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let url = str_field(o, "url")
            .or_else(|| str_field(o, "external_url"))
            .and_then(|u| absolute_http(&u, item_base.as_ref()));
        let title = str_field(o, "title").map(|t| collapse_whitespace(&t));
        let summary = str_field(o, "summary")
            .or_else(|| str_field(o, "content_text"))
            .map(|s| collapse_whitespace(&s))
            .or_else(|| str_field(o, "content_html").map(|h| html_to_text(&h)))
            .filter(|s| !s.is_empty())
            .map(|s| cap_chars(s, SUMMARY_MAX_CHARS));
        let raw_date = str_field(o, "date_published").or_else(|| str_field(o, "date_modified"));
        let published = dates::to_iso(raw_date.as_deref(), None);
        items.push(FeedItem { guid, url, title, published, summary });
    }
    finish(Feed {
        title: str_field(obj, "title").map(|t| collapse_whitespace(&t)),
        link,
        language: str_field(obj, "language"),
        format: FeedFormat::JsonFeed,
        items,
    })
}
