//! Metadata stages: title, author, date, outlet, canonical URL, lead image and
//! language, each from the sources news pages use (JSON-LD, Open Graph and other
//! meta tags, bylines, `<time>`, the URL, visible text), best source first.

use crate::content::Body;
use crate::rules;
use crate::shim;
use crate::text;
use crate::walk::Page;
use serde_json::Value;

/// What the JSON-LD blocks of the page say about the article.
#[derive(Debug, Default)]
pub struct JsonLd {
    pub headline: Option<String>,
    pub date_published: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub image: Option<String>,
    pub is_article: bool,
    pub site_name: Option<String>,
    pub date_modified: Option<String>,
    pub alternative_headline: Option<String>,
    pub section: Option<String>,
    pub keywords: Vec<String>,
    /// Organisations named as author: an agency credit, never a person.
    pub organisations: Vec<String>,
    /// `articleBody`, one entry per line: the text when the page renders it by script.
    pub article_body: Vec<String>,
}

/// Parses all JSON-LD blocks; broken ones are skipped (CMSs often emit raw
/// newlines inside strings, which are repaired first).
pub fn json_ld(page: &Page) -> JsonLd {
    let mut out = JsonLd::default();
    for block in &page.json_ld {
        let cleaned: String = block.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let Ok(value) = serde_json::from_str::<Value>(cleaned.trim().trim_end_matches(';')) else { continue };
        let mut objects = Vec::new();
        flatten(&value, &mut objects, 0);
        for object in objects {
            let types = type_names(object);
            if types.iter().any(|t| rules::ARTICLE_TYPES.contains(&t.as_str())) {
                if out.is_article {
                    continue;
                }
                out.is_article = true;
                out.headline = string_of(object.get("headline")).or_else(|| string_of(object.get("name")));
                out.date_published = string_of(object.get("datePublished")).or_else(|| string_of(object.get("dateCreated")));
                out.authors = persons(object.get("author"));
                out.publisher = object.get("publisher").and_then(name_of);
                out.image = object.get("image").and_then(image_of).or_else(|| object.get("thumbnailUrl").and_then(image_of));
                out.date_modified = string_of(object.get("dateModified"));
                out.alternative_headline = string_of(object.get("alternativeHeadline"));
                out.section = string_of(object.get("articleSection"));
                out.keywords = keyword_list(object.get("keywords"));
                out.organisations = organisations(object.get("author"));
                out.article_body = match object.get("articleBody") {
                    Some(Value::String(body)) => body.lines().map(text::fold).filter(|l| !l.is_empty()).collect(),
                    _ => Vec::new(),
                };
            } else if types.iter().any(|t| t == "WebSite") && out.site_name.is_none() {
                out.site_name = string_of(object.get("name"));
            } else if types.iter().any(|t| t == "WebPage") && out.date_published.is_none() {
                out.date_published = string_of(object.get("datePublished"));
            }
        }
    }
    out
}

fn flatten<'a>(value: &'a Value, out: &mut Vec<&'a serde_json::Map<String, Value>>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => items.iter().for_each(|item| flatten(item, out, depth + 1)),
        Value::Object(map) => {
            out.push(map);
            if let Some(graph) = map.get("@graph") {
                flatten(graph, out, depth + 1);
            }
            if let Some(main) = map.get("mainEntity") {
                flatten(main, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn type_names(object: &serde_json::Map<String, Value>) -> Vec<String> {
    match object.get("@type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}

fn string_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(text::fold(s)).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(|v| string_of(Some(v))),
        _ => None,
    }
}

fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(text::fold(s)).filter(|s| !s.is_empty()),
        Value::Object(map) => string_of(map.get("name")),
        Value::Array(items) => items.iter().find_map(name_of),
        _ => None,
    }
}

/// Names of people in an `author` value; organisations are not authors.
fn persons(value: Option<&Value>) -> Vec<String> {
    author_names(value, false)
}

/// Names of organisations in an `author` value (agencies credited as author).
fn organisations(value: Option<&Value>) -> Vec<String> {
    author_names(value, true)
}

/// Names in an `author` value (one item or a list) whose `@type` is, or is
/// not, an organisation.
fn author_names(value: Option<&Value>, organisations: bool) -> Vec<String> {
    let items: Vec<&Value> = match value {
        None => return Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
    };
    let is_organisation =
        |item: &&Value| item.get("@type").and_then(Value::as_str).is_some_and(|t| t.contains("Organization"));
    items.into_iter().filter(|item| is_organisation(item) == organisations).filter_map(name_of).collect()
}

/// `keywords` is a comma-separated string or a list of strings.
fn keyword_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => split_tags(s),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).flat_map(split_tags).collect(),
        _ => Vec::new(),
    }
}

/// Splits a tag list on the separators CMSs use (Latin and Arabic commas, semicolons).
pub fn split_tags(s: &str) -> Vec<String> {
    s.split([',', '،', ';', '؛', '|']).map(text::fold).filter(|t| !t.is_empty() && text::weight(t) <= 60).collect()
}

fn image_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Object(map) => map.get("url").or_else(|| map.get("contentUrl")).and_then(image_of),
        Value::Array(items) => items.iter().find_map(image_of),
        _ => None,
    }
}

/// First value of a meta tag among `keys`, in key order.
pub fn meta<'a>(page: &'a Page, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|key| {
        page.metas.iter().find(|(k, v)| k == key && !v.is_empty()).map(|(_, v)| v.as_str())
    })
}

/// Makes `href` absolute against the page URL; without a base only absolute
/// URLs are kept.
pub fn absolute(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with("data:") || href.starts_with("javascript:") {
        return None;
    }
    if let Ok(url) = url::Url::parse(href) {
        return matches!(url.scheme(), "http" | "https").then(|| url.to_string());
    }
    let base = url::Url::parse(base?).ok()?;
    base.join(href).ok().map(|u| u.to_string())
}

/// Searchers for each of [`rules::TITLE_SEPARATORS`] (forward, backward),
/// built once: every title is searched for all of them. A byte search of a
/// string finds what `str::find` and `rfind` find (an empty one too: at the
/// start, at the end).
static TITLE_SEPARATOR_FINDERS: std::sync::LazyLock<Vec<(memchr::memmem::Finder<'static>, memchr::memmem::FinderRev<'static>)>> =
    std::sync::LazyLock::new(|| {
        rules::TITLE_SEPARATORS.iter().map(|s| (memchr::memmem::Finder::new(s.as_bytes()), memchr::memmem::FinderRev::new(s.as_bytes()))).collect()
    });

/// Splits "Headline - Site" into the headline and the site name. `site` (the
/// known outlet name) decides which side is the site when it is given.
pub fn split_site_suffix(title: &str, site: Option<&str>) -> (String, Option<String>) {
    let title = text::fold(title);
    let site_key = site.map(text::key).filter(|k| !k.is_empty());
    let mut best: Option<(usize, &str)> = None;
    let separators = &*TITLE_SEPARATOR_FINDERS;
    for (separator, (_, backward)) in rules::TITLE_SEPARATORS.iter().zip(separators) {
        if let Some(pos) = backward.rfind(title.as_bytes()) {
            if best.is_none_or(|(p, _)| pos > p) {
                best = Some((pos, separator));
            }
        }
    }
    if let Some(site_key) = &site_key {
        // site first: "Site | Headline"
        for (separator, (forward, _)) in rules::TITLE_SEPARATORS.iter().zip(separators) {
            if let Some(pos) = forward.find(title.as_bytes()) {
                let (head, tail) = (&title[..pos], &title[pos + separator.len()..]);
                if text::key(head) == *site_key && !tail.trim().is_empty() {
                    return (tail.trim().to_owned(), Some(head.trim().to_owned()));
                }
            }
        }
    }
    // A title ending in "« Site" without a space after the guillemet.
    if best.is_none() {
        if let Some(pos) = title.rfind(" «").or_else(|| title.rfind(" »")) {
            best = Some((pos, " «"));
        }
    }
    let Some((pos, separator)) = best else { return (title, None) };
    let (head, tail) = (title[..pos].trim(), title[pos + separator.len()..].trim());
    if head.is_empty() || tail.is_empty() {
        return (title, None);
    }
    let tail_key = text::key(tail);
    let tail_is_site = match &site_key {
        Some(site_key) => tail_key == *site_key || tail_key.contains(site_key.as_str()) || site_key.contains(tail_key.as_str()),
        None => text::words(tail).len() <= 5 && text::weight(tail) < text::weight(head),
    };
    if tail_is_site {
        (head.to_owned(), Some(tail.to_owned()))
    } else {
        (title, None)
    }
}

/// Title: the h1 that matches the other title sources, else og:title, JSON-LD
/// headline, the h1 of the article, the `<title>` without the site name.
pub fn title(page: &Page, body: &Body, ld: &JsonLd, site: Option<&str>) -> Option<String> {
    let og = meta(page, &["og:title", "twitter:title"]).map(|t| split_site_suffix(t, site).0);
    let from_tag = page.title.as_deref().map(|t| split_site_suffix(t, site).0).filter(|t| !t.is_empty());
    let references: Vec<&str> = [og.as_deref(), ld.headline.as_deref(), from_tag.as_deref()].into_iter().flatten().collect();
    let h1s: Vec<&str> = page
        .h1s
        .iter()
        .map(|h| h.text.as_str())
        .filter(|t| (3..=400).contains(&text::weight(t)))
        .collect();
    let mut exact = None;
    let mut best: Option<(f32, &str)> = None;
    for h1 in &h1s {
        let h1_key = text::key(h1);
        for reference in &references {
            let reference_key = text::key(reference);
            let score = if h1_key == reference_key {
                exact = exact.or(Some(*h1));
                1.0
            } else if reference_key.contains(&h1_key) && h1_key.len() * 2 > reference_key.len() {
                0.9
            } else {
                text::similarity(h1, reference)
            };
            if score >= 0.6 && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, h1));
            }
        }
    }
    if let Some(h1) = exact {
        return Some(h1.to_owned());
    }
    let h1_in_body = page.h1s.iter().find(|h| {
        h.elem.is_some_and(|e| body.contains_elem(page, e))
            || body.segment_span().is_some_and(|(start, end)| h.seg_pos >= start.saturating_sub(5) && h.seg_pos <= end)
    });
    og.filter(|t| !t.is_empty())
        .or_else(|| ld.headline.clone())
        .or_else(|| best.map(|(_, h1)| h1.to_owned()))
        .or_else(|| h1_in_body.map(|h| h.text.clone()).filter(|t| !t.is_empty()))
        .or_else(|| headline_line(page, body, from_tag.as_deref(), site))
        .or(from_tag)
        .or_else(|| h1s.first().map(|t| (*t).to_owned()))
}

/// Pages built before `<h1>` and OpenGraph (table layouts, `<font><b>` headlines,
/// often windows-1256) put the headline as the first short line of the article
/// cell and leave `<title>` to the site ("الجريدة :: تفاصيل الخبر"). Taken when
/// the page has no `<h1>` and `<title>` is a site part and a few words that the
/// line does not share.
fn headline_line(page: &Page, body: &Body, from_tag: Option<&str>, site: Option<&str>) -> Option<String> {
    // A listing's first line is a teaser, and a `<title>` without a site part
    // is the page's own title.
    let whole_title = page.title.as_deref().unwrap_or_default();
    let site_part = rules::TITLE_SEPARATORS.iter().any(|sep| whole_title.contains(sep)) || whole_title.contains("::");
    if !page.h1s.is_empty() || page.teaser_headings.len() >= 3 || !site_part {
        return None;
    }
    let first = page.segments.get(*body.segment_ids.first()?)?;
    let line = text::fold(&first.text);
    let weight = text::weight(&line);
    let sentence_end = line.ends_with(['.', '۔', ':', '،', ',']);
    if !(15..=150).contains(&weight) || sentence_end || line.split_whitespace().count() > 25 || first.link_len * 2 > first.text_len {
        return None;
    }
    let tag_title = from_tag.unwrap_or_default();
    let site_only = site.is_some_and(|s| text::key(s) == text::key(tag_title));
    if !site_only && (text::words(tag_title).len() > 6 || text::similarity(tag_title, &line) >= 0.3) {
        return None;
    }
    Some(line)
}

/// Outlet name: og:site_name, JSON-LD publisher, application-name, the title's
/// site suffix, the host.
pub fn outlet(page: &Page, ld: &JsonLd, url: Option<&str>) -> Option<String> {
    if let Some(name) = meta(page, &["og:site_name", "application-name", "al:android:app_name"]) {
        return Some(name.to_owned());
    }
    if let Some(name) = ld.publisher.clone().or_else(|| ld.site_name.clone()) {
        return Some(name);
    }
    if let Some((_, Some(site))) = page.title.as_deref().map(|t| split_site_suffix(t, None)) {
        return Some(site);
    }
    let host = url::Url::parse(url?).ok()?.host_str()?.to_owned();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_owned())
}

pub fn canonical(page: &Page, base: Option<&str>) -> Option<String> {
    page.links
        .iter()
        .filter(|(rel, _)| rel.split_whitespace().any(|r| r == "canonical"))
        .find_map(|(_, href)| absolute(href, base))
        .or_else(|| meta(page, &["og:url"]).and_then(|u| absolute(u, base)))
}

fn is_decoration(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    ["logo", "icon", "avatar", "pixel", "spacer", "blank.", ".svg", "sprite", "placeholder", "/ads/", "banner"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Lead image and its caption.
pub fn image(page: &Page, body: &Body, ld: &JsonLd, base: Option<&str>) -> (Option<String>, Option<String>) {
    let declared = meta(page, &["og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"])
        .map(str::to_owned)
        .or_else(|| ld.image.clone())
        .and_then(|src| absolute(&src, base));
    let lead = page.images.iter().find(|img| {
        img.parent.is_some_and(|p| body.contains_elem(page, p))
            && img.width.is_none_or(|w| w >= 300)
            && !is_decoration(&img.src)
    });
    let image = declared.or_else(|| lead.and_then(|img| absolute(&img.src, base)));
    let caption_near = |c: &&crate::walk::Captured| {
        c.elem.is_some_and(|e| body.contains_elem(page, e))
            || body.segment_span().is_some_and(|(start, end)| c.seg_pos + 3 >= start && c.seg_pos <= end)
    };
    let caption = lead
        .and_then(|img| img.figure)
        .and_then(|figure| page.captions.iter().find(|c| c.figure == Some(figure)))
        .or_else(|| page.captions.iter().find(caption_near))
        .map(|c| c.text.clone())
        .filter(|t| !t.is_empty() && text::weight(t) <= 400);
    (image, caption)
}

/// Removes a byline prefix ("كتب:", "بقلم", "By") and returns the name, or None when
/// what remains is not a person (an agency, a dateline, a date, a sentence).
pub fn clean_author(raw: &str, outlet: Option<&str>) -> Option<String> {
    let mut name = text::fold(raw);
    loop {
        let before = name.len();
        let lower = name.to_lowercase();
        for prefix in rules::BYLINE_PREFIXES {
            if lower.starts_with(prefix) && name.len() >= prefix.len() && name.is_char_boundary(prefix.len()) {
                let rest = &name[prefix.len()..];
                if rest.starts_with(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '/' | '،' | ',' | '_')) {
                    name = rest.to_owned();
                    // `lower` is the old name's: the next prefix waits for the next round.
                    break;
                }
            }
        }
        name = name.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | 'ـ' | '/' | '|' | '،' | ',' | '.' | '_')).to_owned();
        if name.len() == before {
            break;
        }
    }
    if name.is_empty() || text::weight(&name) > 60 || name.split_whitespace().count() > 7 {
        return None;
    }
    if name.contains("http") || name.contains('@') || name.chars().any(|c| c.is_numeric()) {
        return None;
    }
    let name_key = text::key(&name);
    let first_word = name_key.split(' ').next().unwrap_or_default();
    if rules::DESK_CREDIT_KEYS.iter().any(|desk| desk == first_word) {
        return None;
    }
    // A dateline: "دمشق - وكالات", or any part naming an agency; "عمّان - فلان"
    // and "فلان (عمّان)" name the writer next to the place.
    let parts: Vec<&str> = name.split(['-', '–', '—', '/', '(', ')']).map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.iter().any(|p| is_agency(p)) {
        return None;
    }
    if parts.len() == 2 {
        let person = match (is_dateline_place(parts[0]), is_dateline_place(parts[1])) {
            (true, false) => parts[1],
            (false, true) => parts[0],
            _ => return None,
        };
        return clean_author(person, outlet);
    }
    if parts.len() > 1 {
        return None;
    }
    if outlet.is_some_and(|o| text::key(o) == text::key(&name)) {
        return None;
    }
    Some(name)
}

/// A short line of two parts, one a dateline place: "عمّان - سامر الخطيب".
fn names_place(line: &str) -> bool {
    let parts: Vec<&str> = line.split(['-', '–', '—', '/', '(', ')']).map(str::trim).filter(|p| !p.is_empty()).collect();
    parts.len() == 2 && parts.iter().any(|p| is_dateline_place(p)) && parts.iter().all(|p| p.split_whitespace().count() <= 4)
}

/// The part is exactly a place that datelines open with ("القاهرة").
pub(crate) fn is_dateline_place(part: &str) -> bool {
    rules::DATELINE_PLACE_KEYS.contains(&text::key(part))
}

/// The part is exactly an agency's name.
fn is_agency_name(part: &str) -> bool {
    let key = text::key(part);
    rules::AGENCY_KEYS.iter().any(|agency| key == *agency)
}

pub(crate) fn is_agency(part: &str) -> bool {
    let key = text::key(part);
    rules::AGENCY_KEYS.iter().any(|agency_key| key == *agency_key || text::starts_with_label(&key, agency_key))
}

/// Author: JSON-LD people, meta author, rel=author links, byline elements, then a
/// "كتب: ..." line at the top of the body.
pub fn author(page: &Page, body: &Body, ld: &JsonLd, outlet: Option<&str>) -> Option<String> {
    let from_ld: Vec<String> = ld.authors.iter().filter_map(|a| clean_author(a, outlet)).collect();
    if !from_ld.is_empty() {
        return Some(from_ld.join("، "));
    }
    let declared = meta(page, &["author", "article:author", "dc.creator", "sailthru.author", "parsely-author"])
        .into_iter()
        .map(str::to_owned)
        .chain(page.author_links.iter().map(|c| c.text.clone()));
    for candidate in declared {
        if let Some(name) = clean_author(&candidate, outlet) {
            return Some(name);
        }
    }
    // A "كتب: ..." line near the title or at the top of the body says it outright.
    let anchor = page.h1s.first().map(|h| h.seg_pos).unwrap_or(0);
    let near_title = page.segments.iter().skip(anchor.saturating_sub(2)).take(20);
    let opening = body.segment_ids.iter().take(6).filter_map(|&i| page.segments.get(i));
    let prefixed = |s: &str| {
        let key = text::key(s);
        rules::BYLINE_PREFIX_KEYS.iter().any(|p| text::starts_with_label(&key, p))
    };
    let lines = near_title.chain(opening).filter(|s| s.text_len <= 60).map(|s| s.text.as_str());
    let bylines = page.bylines.iter().map(|c| c.text.as_str());
    let (with_prefix, plain): (Vec<&str>, Vec<&str>) = lines.chain(bylines.clone()).partition(|s| prefixed(s));
    with_prefix
        .into_iter()
        .chain(plain.into_iter().filter(|s| bylines.clone().any(|b| b == *s) || names_place(s)))
        .find_map(|candidate| clean_author(candidate, outlet))
}

/// Normalizes a machine-readable date to ISO 8601 as `model::Extracted::date` wants.
pub fn normalize_date(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    let plausible = |year: i32| (1990..=2100).contains(&year);
    use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
    let with_t = s.replacen(' ', "T", 1);
    for candidate in [s, with_t.as_str()] {
        if let Ok(dt) = DateTime::parse_from_rfc3339(candidate) {
            return plausible(dt.year()).then(|| dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string());
        }
        for format in ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%M%z"] {
            if let Ok(dt) = DateTime::parse_from_str(candidate, format) {
                return plausible(dt.year()).then(|| dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string());
            }
        }
        for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(candidate, format) {
                return plausible(dt.year()).then(|| dt.format("%Y-%m-%dT%H:%M:%S").to_string());
            }
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return plausible(dt.year()).then(|| dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string());
    }
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(s, format) {
            return plausible(date.year()).then(|| date.format("%Y-%m-%d").to_string());
        }
    }
    // A date followed by something unparseable: keep the day.
    if let Some(prefix) = s.get(..10) {
        if let Ok(date) = NaiveDate::parse_from_str(prefix, "%Y-%m-%d") {
            return plausible(date.year()).then(|| date.format("%Y-%m-%d").to_string());
        }
    }
    shim::parse_date_iso(s)
}

/// A date written into the URL path: /2024/06/23/, /2024-06-23-, /20240623/.
pub fn date_from_url(url: &str) -> Option<String> {
    let path = url::Url::parse(url).ok().map(|u| u.path().to_owned()).unwrap_or_else(|| url.to_owned());
    let parts: Vec<&str> = path.split(['/', '-', '_', '.']).collect();
    for window in parts.windows(3) {
        let numbers: Vec<Option<u32>> = window
            .iter()
            .map(|p| (p.len() <= 4 && !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok()).flatten())
            .collect();
        if let [Some(year), Some(month), Some(day)] = numbers[..] {
            if window[0].len() == 4 && (1995..=2100).contains(&year) {
                if let Some(date) = chrono::NaiveDate::from_ymd_opt(year as i32, month, day) {
                    return Some(date.format("%Y-%m-%d").to_string());
                }
            }
        }
    }
    for part in &parts {
        if part.len() == 8 && part.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(date) = chrono::NaiveDate::parse_from_str(part, "%Y%m%d") {
                if (1995..=2100).contains(&chrono::Datelike::year(&date)) {
                    return Some(date.format("%Y-%m-%d").to_string());
                }
            }
        }
    }
    None
}

/// Publication date, best source first.
pub fn date(page: &Page, body: &Body, ld: &JsonLd, url: Option<&str>) -> Option<String> {
    if let Some(date) = ld.date_published.as_deref().and_then(normalize_date) {
        return Some(date);
    }
    if let Some(date) = rules::DATE_META_KEYS.iter().find_map(|key| meta(page, &[key]).and_then(normalize_date)) {
        return Some(date);
    }
    let in_body = |c: &&crate::walk::Captured| {
        c.elem.is_some_and(|e| body.contains_elem(page, e))
            || body.segment_span().is_some_and(|(start, end)| c.seg_pos + 5 >= start && c.seg_pos <= end)
    };
    let time_date = |c: &crate::walk::Captured| {
        c.attr.as_deref().and_then(normalize_date).or_else(|| shim::parse_date_iso(&c.text))
    };
    if let Some(date) = page.times.iter().filter(in_body).find_map(time_date).or_else(|| page.times.iter().find_map(time_date)) {
        return Some(date);
    }
    if let Some(date) = url.and_then(date_from_url) {
        return Some(date);
    }
    // Visible text: short lines just after the title, then the article's first lines.
    let anchor = page.h1s.first().map(|h| h.seg_pos).or_else(|| body.segment_ids.first().copied()).unwrap_or(0);
    let near_title = page.segments.iter().skip(anchor.saturating_sub(3)).take(15);
    let opening = body.segment_ids.iter().take(8).filter_map(|&i| page.segments.get(i));
    near_title
        .chain(opening)
        .filter(|s| s.text_len <= 120)
        .find_map(|s| shim::parse_date_iso(&s.text))
        .or_else(|| page.bylines.iter().find_map(|b| shim::parse_date_iso(&b.text)))
}

/// Most bytes of body text the language is told from: a few paragraphs decide it
/// as well as the whole text (same answers on every golden page and on all
/// 3,011 pages of arabic-dev, arabic-transplant, naeb, scrapinghub and wcxb-dev;
/// 1,500 changed 5 wcxb-dev pages), and detection over whole long articles was
/// a fifth of the extraction time.
const LANGUAGE_SAMPLE_BYTES: usize = 3_000;

/// Language of the body text (markup often says "en" on Arabic pages), else
/// `<html lang>`.
pub fn language(page: &Page, body_text: &str, title: Option<&str>) -> Option<String> {
    let sample = if body_text.chars().filter(|c| !c.is_whitespace()).nth(19).is_some() { body_text } else { title.unwrap_or(body_text) };
    shim::detect_language(text::clip_bytes(sample, LANGUAGE_SAMPLE_BYTES)).map(str::to_owned).or_else(|| {
        let lang = page.html_lang.as_deref()?.trim();
        let primary = lang.split(['-', '_']).next()?.to_ascii_lowercase();
        (primary.len() == 2 || primary.len() == 3).then_some(primary)
    })
}

/// Last modification date: JSON-LD `dateModified`, then the modified-time metas.
pub fn modified(page: &Page, ld: &JsonLd) -> Option<String> {
    ld.date_modified
        .as_deref()
        .and_then(normalize_date)
        .or_else(|| rules::MODIFIED_META_KEYS.iter().find_map(|key| meta(page, &[key]).and_then(normalize_date)))
}

/// Section: `article:section`, JSON-LD `articleSection`.
pub fn section(page: &Page, ld: &JsonLd) -> Option<String> {
    meta(page, &["article:section", "section", "parsely-section", "sailthru.section"])
        .map(str::to_owned)
        .or_else(|| ld.section.clone())
        .map(|s| text::fold(&s))
        .filter(|s| !s.is_empty() && text::weight(s) <= 60)
}

/// Most tags kept: tag clouds of a hundred SEO words are not what the page is about.
const MAX_TAGS: usize = 30;

/// Tags: every `article:tag`, else JSON-LD `keywords`, else the keyword metas.
pub fn tags(page: &Page, ld: &JsonLd) -> Vec<String> {
    let mut tags: Vec<String> = page.metas.iter().filter(|(k, _)| k == "article:tag").flat_map(|(_, v)| split_tags(v)).collect();
    if tags.is_empty() {
        tags = ld.keywords.clone();
    }
    if tags.is_empty() {
        tags = meta(page, &["news_keywords", "keywords"]).map(split_tags).unwrap_or_default();
    }
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| seen.insert(text::key(t)));
    tags.truncate(MAX_TAGS);
    tags
}

/// Subtitle: a marked lead (class "subtitle", "standfirst", "lead" … near the
/// headline), else JSON-LD `alternativeHeadline`. Never the title itself.
pub fn subtitle(page: &Page, ld: &JsonLd, title: Option<&str>) -> Option<String> {
    let title_key = title.map(text::key).unwrap_or_default();
    let anchor = page.h1s.first().map(|h| h.seg_pos);
    let usable = |t: &str| (15..=600).contains(&text::weight(t)) && text::key(t) != title_key;
    page.subtitles
        .iter()
        .filter(|c| anchor.is_none_or(|a| c.seg_pos + 3 >= a && c.seg_pos <= a + 12))
        .map(|c| c.text.as_str())
        .find(|t| usable(t))
        .map(str::to_owned)
        .or_else(|| ld.alternative_headline.clone().filter(|t| usable(t)))
}

/// The agency credited for the text: an organisation named as JSON-LD author, the
/// author metas or byline elements naming one, a dateline ("دمشق - وكالات"), or an
/// opening "(رويترز) -" in the first paragraphs.
pub fn agency(page: &Page, body: &Body, ld: &JsonLd) -> Option<String> {
    let declared = ld
        .organisations
        .iter()
        .chain(&ld.authors)
        .map(String::as_str)
        .chain(meta(page, &["author", "article:author", "dc.creator", "dc.source", "source"]))
        .chain(page.bylines.iter().map(|c| c.text.as_str()));
    let anchor = page.h1s.first().map(|h| h.seg_pos).unwrap_or(0);
    let near_title = page.segments.iter().skip(anchor.saturating_sub(2)).take(20).filter(|s| s.text_len <= 60).map(|s| s.text.as_str());
    let opening = body.segment_ids.iter().take(4).filter_map(|&i| page.segments.get(i)).map(|s| text::clip(&s.text, 60));
    declared
        .chain(near_title)
        .find_map(|line| agency_in(line, false))
        .or_else(|| opening.into_iter().find_map(|line| agency_in(line, true)))
}

/// The agency part of a credit line: "رويترز", "دمشق - وكالات" → "وكالات",
/// "القاهرة (أ ف ب) - ..." → "أ ف ب". With `exact`, a part must be an agency name
/// and nothing more (used on running text, where "وكالة" may start a sentence).
pub fn agency_in(line: &str, exact: bool) -> Option<String> {
    let line = text::fold(line);
    let parts: Vec<&str> = line.split(['-', '–', '—', '/', '(', ')', ':', '|', '،', ',', '+']).map(str::trim).filter(|p| !p.is_empty()).collect();
    // Only the first few parts: a credit is at the start of a line, not in a sentence.
    let fits = |p: &str| if exact { is_agency_name(p) } else { text::weight(p) <= 30 && is_agency(p) };
    parts.iter().take(3).find(|p| fits(p)).map(|p| {
        let p = strip_byline_prefix(p);
        p.trim_matches(|c: char| c.is_whitespace() || c == '.').to_owned()
    })
}

fn strip_byline_prefix(s: &str) -> &str {
    for prefix in rules::BYLINE_PREFIXES {
        if s.to_lowercase().starts_with(prefix) {
            if let Some(rest) = s.get(prefix.len()..) {
                return rest.trim_start_matches([' ', ':']);
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_author_keeps_only_a_person() {
        let cases = [
            ("بقلم: د. سعاد يوسف", Some("د. سعاد يوسف")),
            ("كتبت - هالة منير", Some("هالة منير")),
            ("كتب ـ كريم عادل", Some("كريم عادل")),
            ("بواسطة: وائل شريف", Some("وائل شريف")),
            ("الكاتب: رنا خليل", Some("رنا خليل")),
            ("بيروت - جاد نصر", Some("جاد نصر")),
            ("جاد نصر (بيروت)", Some("جاد نصر")),
            ("كتب: محرر الشؤون العربية", None),
            ("إعداد: فريق التحرير", None),
            ("مراسلنا في حلب", None),
            ("دمشق - وكالات", None),
            ("القاهرة - أ ش أ", None),
            ("Staff", Some("Staff")),
        ];
        for (raw, expected) in cases {
            assert_eq!(clean_author(raw, None).as_deref(), expected, "{raw}");
        }
    }

    /// The prebuilt separator searchers find what `str::find` and `rfind` find.
    #[test]
    fn separator_searchers_find_as_str_does() {
        let titles = ["", "عنوان | الموقع | آخر", "Headline - Site", " – ", "a || b | c", "« Site", "بلا فاصل"];
        for title in titles {
            for (separator, (forward, backward)) in rules::TITLE_SEPARATORS.iter().chain([&""]).zip(TITLE_SEPARATOR_FINDERS.iter().chain([&(
                memchr::memmem::Finder::new(b""),
                memchr::memmem::FinderRev::new(b""),
            )])) {
                assert_eq!(forward.find(title.as_bytes()), title.find(separator), "{title:?} {separator:?}");
                assert_eq!(backward.rfind(title.as_bytes()), title.rfind(separator), "{title:?} {separator:?}");
            }
        }
    }
}
