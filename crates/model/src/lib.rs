//! Value types that cross crate boundaries: what extraction returns, what the store
//! keeps, what search answers. No behaviour lives here beyond small helpers, so that
//! every stage can depend on `model` without depending on each other.

use serde::{Deserialize, Serialize};

/// Whether a page is one article or a page of links to articles (home, section,
/// tag pages). Listings are recognised so that their headlines are never stored as
/// an article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    #[default]
    Article,
    Listing,
}

impl PageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Article => "article",
            PageKind::Listing => "listing",
        }
    }
}

/// What extraction makes of one HTML page. Every field is optional except the
/// paragraphs, because real pages omit almost anything.
///
/// `date` is ISO 8601: `YYYY-MM-DD` when only the day is known, or a full
/// `YYYY-MM-DDTHH:MM:SS+HH:MM` when the page gave a time (with its offset when the
/// page gave one; otherwise the time is written without offset).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extracted {
    pub url: Option<String>,
    pub canonical_url: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub outlet: Option<String>,
    /// ISO 639-1 code, detected from the text when the markup is missing or wrong.
    pub language: Option<String>,
    pub text: String,
    pub paragraphs: Vec<String>,
    pub image: Option<String>,
    pub image_caption: Option<String>,
    pub kind: PageKind,
    /// News agency credited for the text (رويترز, أ ف ب, وكالات …): a source, never
    /// taken for the author.
    #[serde(default)]
    pub agency: Option<String>,
    /// Lead or standfirst, when the page marks one apart from the body.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Last modification date, ISO 8601 like `date`.
    #[serde(default)]
    pub modified: Option<String>,
    /// Section of the site the article is filed under (اقتصاد, رياضة …).
    #[serde(default)]
    pub section: Option<String>,
    /// Keywords or tags the page gives the article.
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Extracted {
    /// Body text as stored and indexed: paragraphs joined by newlines.
    pub fn joined_text(&self) -> String {
        self.paragraphs.join("\n")
    }
}

/// An article as the store keeps it. `id` is the store's row id and is stable.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: i64,
    /// The URL the page was fetched from (after redirects), or `file://` for local files.
    pub url: String,
    pub canonical_url: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    /// ISO 8601, see [`Extracted::date`].
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub language: Option<String>,
    pub paragraphs: Vec<String>,
    pub image: Option<String>,
    pub image_caption: Option<String>,
    /// Hex SHA-256 of the normalized body text; two copies of one text share it.
    pub text_hash: String,
    /// The feed or source the article came through, if any.
    pub source_url: Option<String>,
    /// When Marsad stored it, RFC 3339 UTC.
    pub fetched_at: String,
}

impl Article {
    pub fn text(&self) -> String {
        self.paragraphs.join("\n")
    }
}

/// Health of one feed (or other polled source) as `marsad sources` shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceHealth {
    pub url: String,
    /// "ok" or "failing".
    pub status: String,
    pub http_status: Option<u16>,
    /// Words a person understands, e.g. "404 Not Found" or "not a feed: got text/html".
    pub last_error: Option<String>,
    /// RFC 3339 UTC of the last fetch that parsed, or null.
    pub last_success: Option<String>,
    /// RFC 3339 UTC of the last attempt.
    pub last_checked: Option<String>,
    pub items_seen: u64,
    pub articles: u64,
    pub failures: u64,
    /// Fetches answered "304 Not Modified".
    pub not_modified: u64,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// "feed", "sitemap" (what the source turned out to be).
    #[serde(default)]
    pub kind: String,
    /// Failures since the last success; drives the back-off.
    #[serde(default)]
    pub consecutive_failures: u64,
    /// RFC 3339 UTC of the next scheduled poll (`marsad watch`), or null.
    #[serde(default)]
    pub next_poll: Option<String>,
    /// Seconds between polls as learnt from the publishing rate (before back-off).
    #[serde(default)]
    pub poll_interval_secs: Option<u64>,
    /// What the last successful poll found that is worth saying but is not a
    /// failure: "all 12 items already seen", "unchanged: same content as last poll".
    #[serde(default)]
    pub note: Option<String>,
    /// The server answered "not modified" while the feed had changed: conditional
    /// GET is no longer used for it and it is always fetched in full.
    #[serde(default)]
    pub etag_untrusted: bool,
    /// Title given by an OPML list, if any.
    #[serde(default)]
    pub title: Option<String>,
}

/// Search filters shared by the CLI, the API and the index.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchQuery {
    pub text: String,
    /// Inclusive lower bound, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Inclusive upper bound, `YYYY-MM-DD`.
    pub to: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub limit: usize,
    pub offset: usize,
    /// Newest first instead of by relevance.
    pub sort_by_date: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: i64,
    pub title: Option<String>,
    pub url: String,
    pub outlet: Option<String>,
    pub date: Option<String>,
    /// Plain text with the matched words wrapped in `<mark>` … `</mark>`; everything
    /// else is HTML-escaped, so the snippet is safe to embed in a page.
    pub snippet: String,
    pub score: f32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<SearchHit>,
}

/// Where things live inside one data folder. One place defines it so that the
/// store, the index, the server and the CLI can never disagree.
pub mod layout {
    use std::path::{Path, PathBuf};

    /// The SQLite database: the system of record.
    pub fn database(data_dir: &Path) -> PathBuf {
        data_dir.join("marsad.sqlite")
    }

    /// The search index folder: derived data, rebuilt from the database by `marsad reindex`.
    pub fn index(data_dir: &Path) -> PathBuf {
        data_dir.join("index")
    }
}

/// Escapes text for HTML element content or a quoted attribute. Kept here, the
/// crate everything depends on, so that the index's snippets and the demo
/// site's pages escape alike.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
