//! Maps request paths to pages and answers them the way a cache-friendly news site
//! does: every page carries an ETag and a Last-Modified date, and a client that
//! already holds the current copy gets "304 Not Modified" with an empty body.
//! This is what lets the engine's polling be tested for politeness.

use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::content::{self, Template};
use crate::{feeds, render, synthetic, SiteError, SiteState};

/// A rendered answer before conditional-GET handling.
pub(crate) struct Page {
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Absent for pages with no natural date (robots.txt, the root index).
    pub last_modified: Option<DateTime<Utc>>,
}

impl Page {
    pub fn html(body: String, last_modified: Option<DateTime<Utc>>) -> Page {
        Page { content_type: "text/html; charset=utf-8", body: body.into_bytes(), last_modified }
    }

    pub fn xml(content_type: &'static str, body: String, last_modified: Option<DateTime<Utc>>) -> Page {
        Page { content_type, body: body.into_bytes(), last_modified }
    }
}

/// The smallest valid GIF (1×1, transparent): lead images must resolve, but their
/// pixels do not matter to anything that reads this site.
const PIXEL_GIF: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
    0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
];

pub(crate) fn route(state: &SiteState, path: &str, query: &str) -> Result<Page, SiteError> {
    let not_found = || SiteError::NotFound(path.to_string());
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let base = state.base_url.as_str();
    match segments.as_slice() {
        [""] => Ok(Page::html(render::root_index(base, state.synthetic_articles > 0), None)),
        ["robots.txt"] => Ok(Page {
            content_type: "text/plain; charset=utf-8",
            body: feeds::robots(base).into_bytes(),
            last_modified: None,
        }),
        ["sitemap.xml"] => Ok(Page::xml(
            "application/xml",
            feeds::sitemap_index(base, state.synthetic_articles),
            Some(content::newest_date(None)),
        )),
        ["private", ..] => Ok(Page::html(render::private_page(), None)),
        ["media", ..] => Ok(Page { content_type: "image/gif", body: PIXEL_GIF.to_vec(), last_modified: None }),
        ["bench", rest @ ..] if state.synthetic_articles > 0 => bench_route(state, rest).ok_or_else(not_found),
        [slug, rest @ ..] => {
            let outlet = content::outlet(slug).ok_or_else(not_found)?;
            outlet_route(base, outlet, rest, query).ok_or_else(not_found)
        }
        _ => Err(not_found()),
    }
}

fn outlet_route(base: &str, outlet: &'static content::Outlet, rest: &[&str], query: &str) -> Option<Page> {
    let newest = Some(content::newest_date(Some(outlet.slug)));
    match (outlet.template, rest) {
        (_, [] | [""]) => Some(Page::html(render::home(base, outlet, None), newest)),
        (Template::Modern, ["rss.xml"]) => {
            Some(Page::xml("application/rss+xml; charset=utf-8", feeds::rss(base, outlet), newest))
        }
        (Template::Table, ["atom.xml"]) => {
            Some(Page::xml("application/atom+xml; charset=utf-8", feeds::atom(base, outlet), newest))
        }
        (Template::Legacy, ["sitemap.xml"]) => Some(Page::xml("application/xml", feeds::sitemap(base, outlet), newest)),
        (Template::Modern | Template::Legacy, ["section", section]) => section_page(base, outlet, section),
        (Template::Table, ["section.php"]) => section_page(base, outlet, query_param(query, "s")?),
        (Template::Modern, ["news", year, month, day, file]) => {
            let id = file.strip_suffix(".html")?.parse().ok()?;
            let article = content::find(outlet.slug, id)?;
            // A date in the path that disagrees with the article is a broken link.
            let expected = article.path();
            (expected == format!("/{}/news/{year}/{month}/{day}/{file}", outlet.slug))
                .then(|| article_page(base, article))
        }
        (Template::Table, ["article.php"]) => {
            let id = query_param(query, "id")?.parse().ok()?;
            content::find(outlet.slug, id).map(|a| article_page(base, a))
        }
        (Template::Legacy, ["article", id]) => {
            content::find(outlet.slug, id.parse().ok()?).map(|a| article_page(base, a))
        }
        _ => None,
    }
}

fn section_page(base: &str, outlet: &'static content::Outlet, section: &str) -> Option<Page> {
    let name = content::section_name(section)?;
    let newest = Some(content::newest_date(Some(outlet.slug)));
    Some(Page::html(render::home(base, outlet, Some(name)), newest))
}

fn article_page(base: &str, article: &'static content::DemoArticle) -> Page {
    let html = render::article(base, &render::Story::from_demo(base, article));
    let modified = article.published().map(|d| d.with_timezone(&Utc));
    match article.template() {
        // The legacy outlet predates UTF-8 and says nothing about its encoding.
        Template::Legacy => Page { content_type: "text/html", body: to_windows_1256(&html), last_modified: modified },
        _ => Page::html(html, modified),
    }
}

pub(crate) fn to_windows_1256(html: &str) -> Vec<u8> {
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(html);
    bytes.into_owned()
}

fn bench_route(state: &SiteState, rest: &[&str]) -> Option<Page> {
    let count = state.synthetic_articles;
    let base = state.base_url.as_str();
    match rest {
        [] | [""] => {
            let items = synthetic::recent(base, count, 30);
            let ticker: Vec<(String, String)> = items.iter().take(3).map(|i| (i.title.clone(), i.url.clone())).collect();
            let chrome = render::Chrome { most_read: ticker.clone(), ticker };
            let html = render::listing(base, &synthetic::BENCH_OUTLET, None, &items, &chrome);
            Some(Page::html(html, Some(synthetic::newest_date(count))))
        }
        ["rss.xml"] => {
            let body = state.bench_feed.get_or_init(|| feeds::bench_rss(base, count).into_bytes());
            Some(Page {
                content_type: "application/rss+xml; charset=utf-8",
                body: body.clone(),
                last_modified: Some(synthetic::newest_date(count)),
            })
        }
        ["sitemap.xml"] => Some(Page::xml(
            "application/xml",
            feeds::bench_sitemap_index(base, count),
            Some(synthetic::newest_date(count)),
        )),
        [file] if file.starts_with("sitemap-") => {
            let page = file.strip_prefix("sitemap-")?.strip_suffix(".xml")?.parse().ok()?;
            let xml = feeds::bench_sitemap_page(base, count, page)?;
            Some(Page::xml("application/xml", xml, Some(synthetic::newest_date(count))))
        }
        ["article", file] => {
            let index: usize = file.strip_suffix(".html").unwrap_or(file).parse().ok()?;
            if index == 0 || index > count {
                return None;
            }
            let story = synthetic::story(base, index, count);
            let modified = Some(story.date.with_timezone(&Utc));
            Some(Page::html(render::article(base, &story), modified))
        }
        _ => None,
    }
}

fn query_param<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then_some(value)
    })
}

/// Turns a page into a response, answering 304 when the client's validators match.
pub(crate) fn answer(state: &SiteState, headers: &HeaderMap, page: Page) -> Response {
    let digest = Sha256::digest(&page.body);
    let etag = format!("\"{}\"", &hex::encode(digest)[..20]);
    let last_modified = page.last_modified.map(http_date);

    if is_fresh(headers, &etag, page.last_modified) {
        state.not_modified.fetch_add(1, Ordering::Relaxed);
        let mut builder = Response::builder().status(StatusCode::NOT_MODIFIED).header("etag", &etag);
        if let Some(date) = &last_modified {
            builder = builder.header("last-modified", date);
        }
        return builder.body(Body::empty()).unwrap_or_else(|_| StatusCode::NOT_MODIFIED.into_response());
    }

    let mut builder = Response::builder()
        .status(StatusCode::OK)
        .header("content-type", page.content_type)
        .header("etag", &etag)
        .header("cache-control", "max-age=60");
    if let Some(date) = &last_modified {
        builder = builder.header("last-modified", date);
    }
    builder.body(Body::from(page.body)).unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// RFC 9110: If-None-Match wins over If-Modified-Since when both are sent.
fn is_fresh(headers: &HeaderMap, etag: &str, last_modified: Option<DateTime<Utc>>) -> bool {
    if let Some(candidates) = headers.get("if-none-match").and_then(|v| v.to_str().ok()) {
        return candidates
            .split(',')
            .map(|c| c.trim().trim_start_matches("W/"))
            .any(|c| c == "*" || c == etag);
    }
    let since = headers
        .get("if-modified-since")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| DateTime::parse_from_rfc2822(v).ok());
    match (since, last_modified) {
        (Some(since), Some(modified)) => modified.timestamp() <= since.timestamp(),
        _ => false,
    }
}

pub(crate) fn http_date(date: DateTime<Utc>) -> String {
    date.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}
