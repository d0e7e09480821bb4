//! RSS 2.0 and Atom 1.0 feeds of any search: `/feeds/search.rss?q=…` and
//! `/feeds/search.atom?q=…` take the same parameters as `/api/v1/search` and
//! answer its first page, newest first unless `sort=relevance` is asked for.
//!
//! The XML is written by hand through one escaper ([`xml_text`]) rather than by a
//! library, because the one thing a writer must get right here is that text from
//! crawled pages can hold anything, including characters XML 1.0 forbids, and
//! the escaper drops those. GUIDs are the article's own address (stable for as
//! long as the article exists), or a `tag:` URI from its store id when it has no
//! web address.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use model::{Article, SearchHit};

use crate::error::ServerError;
use crate::html::is_web_link;
use crate::params::SearchParams;
use crate::state::AppState;

const RSS_TYPE: &str = "application/rss+xml; charset=utf-8";
const ATOM_TYPE: &str = "application/atom+xml; charset=utf-8";
const GENERATOR: &str = "Marsad";

/// One search made into feed entries, with what the store knows of each hit.
struct FeedData {
    /// Absolute address of this feed, as requested.
    self_url: String,
    /// Absolute address of the same search in the web UI.
    page_url: String,
    title: String,
    /// Language of the feed: the `lang` filter when given, else Arabic.
    language: String,
    entries: Vec<(SearchHit, Option<Article>)>,
}

pub async fn rss(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ServerError> {
    let data = load(&state, &uri, &headers, params).await?;
    Ok(([(header::CONTENT_TYPE, RSS_TYPE)], render_rss(&data, Utc::now())).into_response())
}

pub async fn atom(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ServerError> {
    let data = load(&state, &uri, &headers, params).await?;
    Ok(([(header::CONTENT_TYPE, ATOM_TYPE)], render_atom(&data, Utc::now())).into_response())
}

async fn load(
    state: &AppState,
    uri: &Uri,
    headers: &HeaderMap,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<FeedData, ServerError> {
    let Query(mut params) = params.map_err(|rejection| {
        ServerError::BadRequest(format!("bad query string: {}", rejection.body_text()))
    })?;
    // A feed reader wants what is new; relevance only when asked for.
    if params.sort.as_deref().map(str::trim).unwrap_or("").is_empty() {
        params.sort = Some("date".to_string());
    }
    let query = params
        .to_query()
        .map_err(|invalid| ServerError::BadRequest(invalid.english()))?;
    let results = state.search(query.clone()).await?;
    let ids: Vec<i64> = results.hits.iter().map(|hit| hit.id).collect();
    let articles = state
        .with_store(move |store| ids.iter().map(|id| store.article(*id)).collect::<Result<Vec<_>, _>>())
        .await?;
    let base = base_url(headers);
    let path_and_query = uri.path_and_query().map(|pq| pq.as_str()).unwrap_or("/");
    let page_query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    let title = if query.text.is_empty() {
        "مرصد — أحدث الأخبار".to_string()
    } else {
        format!("مرصد — بحث: {}", query.text)
    };
    Ok(FeedData {
        self_url: format!("{base}{path_and_query}"),
        page_url: format!("{base}/{page_query}"),
        title,
        language: query.lang.clone().unwrap_or_else(|| "ar".to_string()),
        entries: results.hits.into_iter().zip(articles).collect(),
    })
}

/// `http://host[:port]` from the Host header, which feed readers send; anything
/// that is not plainly a host name or address is replaced, so that a forged
/// header cannot inject markup into the feed.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host.len() <= 255
                && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// Text or attribute value for XML 1.0: the five special characters escaped and
/// the characters XML forbids (most C0 controls, U+FFFE, U+FFFF) dropped.
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The article's date as a moment: full timestamps keep their offset, a bare
/// time is taken as UTC, a bare day as midnight UTC. `None` when unreadable.
fn moment(value: &str) -> Option<DateTime<FixedOffset>> {
    let value = value.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(value) {
        return Some(at);
    }
    let utc = FixedOffset::east_opt(0)?;
    if let Ok(at) = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S") {
        return Some(at.and_utc().with_timezone(&utc));
    }
    let day = NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().with_timezone(&utc))
}

/// When an entry was published: the page's date, else when Marsad stored it.
fn entry_moment(hit: &SearchHit, article: Option<&Article>) -> Option<DateTime<FixedOffset>> {
    hit.date
        .as_deref()
        .and_then(moment)
        .or_else(|| article.and_then(|a| moment(&a.fetched_at)))
}

/// Where an entry links: the outlet's page when it is a web address, else ours.
fn entry_link(hit: &SearchHit, article: Option<&Article>, base: &str) -> String {
    let canonical = article.and_then(|a| a.canonical_url.as_deref()).filter(|u| is_web_link(u));
    match canonical {
        Some(url) => url.to_string(),
        None if is_web_link(&hit.url) => hit.url.clone(),
        None => format!("{base}/article/{}", hit.id),
    }
}

/// A stable identifier: the article's web address, or a `tag:` URI from its id.
fn entry_guid(hit: &SearchHit, article: Option<&Article>) -> (String, bool) {
    let canonical = article.and_then(|a| a.canonical_url.as_deref()).filter(|u| is_web_link(u));
    match canonical {
        Some(url) => (url.to_string(), true),
        None if is_web_link(&hit.url) => (hit.url.clone(), true),
        None => (format!("tag:marsad.invalid,2024:article/{}", hit.id), false),
    }
}

fn entry_title(hit: &SearchHit) -> &str {
    hit.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or("(بلا عنوان)")
}

fn base_of(data: &FeedData) -> &str {
    // self_url is base + path; the path starts at the third slash.
    let after_scheme = data.self_url.find("://").map(|i| i + 3).unwrap_or(0);
    match data.self_url[after_scheme..].find('/') {
        Some(i) => &data.self_url[..after_scheme + i],
        None => &data.self_url,
    }
}

fn render_rss(data: &FeedData, now: DateTime<Utc>) -> String {
    let base = base_of(data);
    let mut out = String::with_capacity(4096 + data.entries.len() * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
    push_element(&mut out, "title", &data.title);
    push_element(&mut out, "link", &data.page_url);
    push_element(&mut out, "description", &format!("{} ({})", data.title, "Marsad"));
    push_element(&mut out, "language", &data.language);
    push_element(&mut out, "lastBuildDate", &now.to_rfc2822());
    push_element(&mut out, "generator", GENERATOR);
    out.push_str(&format!(
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml_text(&data.self_url)
    ));
    for (hit, article) in &data.entries {
        let article = article.as_ref();
        out.push_str("<item>\n");
        push_element(&mut out, "title", entry_title(hit));
        push_element(&mut out, "link", &entry_link(hit, article, base));
        let (guid, permalink) = entry_guid(hit, article);
        out.push_str(&format!("<guid isPermaLink=\"{permalink}\">{}</guid>\n", xml_text(&guid)));
        if let Some(at) = entry_moment(hit, article) {
            push_element(&mut out, "pubDate", &at.to_rfc2822());
        }
        if let Some(outlet) = hit.outlet.as_deref() {
            push_element(&mut out, "category", outlet);
        }
        if let Some(author) = article.and_then(|a| a.author.as_deref()) {
            push_element(&mut out, "dc:creator", author);
        }
        // The snippet is HTML (escaped text with <mark>); RSS carries it escaped.
        push_element(&mut out, "description", &hit.snippet);
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

fn render_atom(data: &FeedData, now: DateTime<Utc>) -> String {
    let base = base_of(data);
    let moments: Vec<Option<DateTime<FixedOffset>>> =
        data.entries.iter().map(|(hit, article)| entry_moment(hit, article.as_ref())).collect();
    let now_fixed = now.fixed_offset();
    let updated = moments.iter().flatten().max().copied().unwrap_or(now_fixed);
    let mut out = String::with_capacity(4096 + data.entries.len() * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_text(&data.language)
    ));
    push_element(&mut out, "id", &data.self_url);
    push_element(&mut out, "title", &data.title);
    push_element(&mut out, "updated", &updated.to_rfc3339());
    out.push_str("<author><name>مرصد</name></author>\n");
    push_element(&mut out, "generator", GENERATOR);
    out.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_text(&data.self_url)
    ));
    out.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_text(&data.page_url)
    ));
    for ((hit, article), at) in data.entries.iter().zip(&moments) {
        let article = article.as_ref();
        match article.and_then(|a| a.language.as_deref()).filter(|l| is_language_tag(l)) {
            Some(lang) => out.push_str(&format!("<entry xml:lang=\"{}\">\n", xml_text(lang))),
            None => out.push_str("<entry>\n"),
        }
        push_element(&mut out, "id", &entry_guid(hit, article).0);
        push_element(&mut out, "title", entry_title(hit));
        // Atom requires `updated`; an entry with no date at all gets the feed's.
        let at = at.unwrap_or(updated);
        push_element(&mut out, "updated", &at.to_rfc3339());
        push_element(&mut out, "published", &at.to_rfc3339());
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_text(&entry_link(hit, article, base))
        ));
        if let Some(author) = article.and_then(|a| a.author.as_deref()).filter(|a| !a.trim().is_empty()) {
            out.push_str(&format!("<author><name>{}</name></author>\n", xml_text(author)));
        }
        if let Some(outlet) = hit.outlet.as_deref() {
            out.push_str(&format!("<category term=\"{}\"/>\n", xml_text(outlet)));
        }
        out.push_str(&format!("<summary type=\"html\">{}</summary>\n", xml_text(&hit.snippet)));
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

fn push_element(out: &mut String, name: &str, text: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    out.push_str(&xml_text(text));
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

/// `ar`, `en-GB`: letters, digits and hyphens only, so it is a valid xml:lang.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty() && tag.len() <= 16 && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_escapes_and_drops_forbidden_characters() {
        assert_eq!(xml_text("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(xml_text("x\u{0}y\u{1b}z\u{FFFF}\tع"), "xyz\tع");
    }

    #[test]
    fn dates_become_moments() {
        let utc = |s: &str| moment(s).map(|m| m.to_rfc3339());
        assert_eq!(utc("2024-05-01").as_deref(), Some("2024-05-01T00:00:00+00:00"));
        assert_eq!(utc("2024-05-01T10:30:00").as_deref(), Some("2024-05-01T10:30:00+00:00"));
        assert_eq!(utc("2024-05-01T10:30:00+03:00").as_deref(), Some("2024-05-01T10:30:00+03:00"));
        assert_eq!(utc("أمس"), None);
        assert_eq!(utc(""), None);
    }

    #[test]
    fn forged_hosts_do_not_reach_the_feed() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "evil\"><x".parse().expect("header"));
        assert_eq!(base_url(&headers), "http://localhost");
        headers.insert(header::HOST, "127.0.0.1:8080".parse().expect("header"));
        assert_eq!(base_url(&headers), "http://127.0.0.1:8080");
    }
}
