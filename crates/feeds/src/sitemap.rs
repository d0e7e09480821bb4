//! XML sitemaps: plain `<urlset>`, `<sitemapindex>` and Google News sitemaps
//! (`news:` extension). News sitemaps are how many Arabic outlets list today's
//! articles, with title and publication date, before the feed has them.

use url::Url;

use crate::dates;
use crate::dom::Element;
use crate::feed::absolute_http;
use crate::text::collapse_whitespace;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sitemap {
    /// True for a `<sitemapindex>`, whose entries are further sitemaps.
    pub is_index: bool,
    pub entries: Vec<SitemapEntry>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SitemapEntry {
    /// Absolute URL.
    pub loc: String,
    /// ISO 8601 when it could be read as a date, else as written.
    pub lastmod: Option<String>,
    pub news_title: Option<String>,
    pub news_publication_date: Option<String>,
    pub news_language: Option<String>,
}

pub(crate) fn is_sitemap_root(root: &Element) -> bool {
    matches!(root.local(), "urlset" | "sitemapindex")
}

fn normalized_date(raw: Option<String>) -> Option<String> {
    raw.map(|r| dates::parse_date_text(&r).unwrap_or(r))
}

/// Reads entries from a sitemap tree; entries without a usable `<loc>` are skipped.
pub(crate) fn from_root(root: &Element, base_url: Option<&Url>) -> Sitemap {
    let is_index = root.local() == "sitemapindex";
    let wanted = if is_index { "sitemap" } else { "url" };
    let mut entries = Vec::new();
    for node in root.children.iter().filter(|c| c.local() == wanted) {
        let Some(loc) = node.child_text("loc").and_then(|l| absolute_http(&l, base_url)) else {
            continue;
        };
        let news = node.child("news");
        let news_field = |name: &str| news.and_then(|n| n.child_text(name));
        entries.push(SitemapEntry {
            loc,
            lastmod: normalized_date(node.child_text("lastmod")),
            news_title: news_field("title").map(|t| collapse_whitespace(&t)),
            news_publication_date: normalized_date(news_field("publication_date")),
            news_language: news.and_then(|n| n.child("publication")).and_then(|p| p.child_text("language")),
        });
    }
    Sitemap { is_index, entries }
}
