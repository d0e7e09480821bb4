//! OPML subscription lists, read (folders flattened) and written (OPML 2.0), so
//! feed lists move between Marsad and other readers.

use std::collections::HashSet;

use crate::dom::Element;
use crate::text::{collapse_whitespace, escape_xml};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpmlEntry {
    pub xml_url: String,
    pub title: Option<String>,
    pub html_url: Option<String>,
}

/// Every outline with an `xmlUrl`, at any depth, in document order; the first
/// occurrence of a feed URL wins.
pub(crate) fn from_root(root: &Element) -> Vec<OpmlEntry> {
    let mut entries = Vec::new();
    let mut seen = HashSet::new();
    let mut pending: Vec<&Element> = vec![root];
    // Depth-first with an explicit stack: hostile files may nest thousands deep.
    while let Some(node) = pending.pop() {
        if node.local() == "outline" {
            let nonempty = |k: &str| node.attr(k).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
            if let Some(xml_url) = nonempty("xmlUrl") {
                if seen.insert(xml_url.clone()) {
                    entries.push(OpmlEntry {
                        xml_url,
                        title: nonempty("title").or_else(|| nonempty("text")).map(|t| collapse_whitespace(&t)),
                        html_url: nonempty("htmlUrl"),
                    });
                }
            }
        }
        pending.extend(node.children.iter().rev());
    }
    entries
}

/// An OPML 2.0 document listing `entries` as RSS outlines under `title`.
pub fn export_opml(title: &str, entries: &[OpmlEntry]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n");
    out.push_str(&format!("    <title>{}</title>\n  </head>\n  <body>\n", escape_xml(title)));
    for entry in entries {
        let label = escape_xml(entry.title.as_deref().unwrap_or(&entry.xml_url));
        out.push_str(&format!("    <outline type=\"rss\" text=\"{label}\" title=\"{label}\" xmlUrl=\"{}\"", escape_xml(&entry.xml_url)));
        if let Some(html) = &entry.html_url {
            out.push_str(&format!(" htmlUrl=\"{}\"", escape_xml(html)));
        }
        out.push_str("/>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}
