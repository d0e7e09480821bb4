//! The server-rendered pages: search, one article, source health, about, and the
//! error pages, in Arabic (right to left) or, on `?ui=en`, English. Every value
//! that came from the web is escaped by maud; the one exception, index snippets,
//! goes through [`html::snippet`]. Text whose direction is not ours to know
//! (titles, snippets, errors, names) gets `dir="auto"` or a `bdi`, so an English
//! title in the Arabic UI, or the reverse, lays out on its own.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use model::{Article, SearchQuery, SearchResults, SourceHealth};

use crate::api::{is_failing, parse_id};
use crate::error::ServerError;
use crate::html::{self, date_text, is_web_link, page, query_string, Frame};
use crate::i18n::Lang;
use crate::params::SearchParams;
use crate::state::AppState;

fn frame<'a>(lang: Lang, title: &'a str, uri: &'a Uri) -> Frame<'a> {
    Frame { lang, title, uri, feeds: None }
}

pub async fn search(
    State(state): State<AppState>,
    uri: Uri,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Response {
    let lang = Lang::from_uri(&uri);
    let title = lang.t("search.title");
    let params = match params {
        Ok(Query(params)) => params,
        Err(_) => {
            let form = search_form(lang, &SearchParams::default(), &[]);
            let body = html! { (form) (error_notice(lang.t("search.bad_link"))) };
            return (StatusCode::BAD_REQUEST, page(frame(lang, title, &uri), body)).into_response();
        }
    };
    // The outlet list only feeds the drop-down; the page still works without it.
    let outlets = state
        .with_store(|store| store.outlets())
        .await
        .unwrap_or_else(|err| {
            err.log();
            Vec::new()
        });
    let outlet_names: Vec<String> = outlets.into_iter().map(|(name, _)| name).collect();
    let form = search_form(lang, &params, &outlet_names);

    let query = match params.to_query() {
        Ok(query) => query,
        Err(invalid) => {
            let message = match lang {
                Lang::Ar => invalid.arabic(),
                Lang::En => invalid.english(),
            };
            let body = html! { (form) (error_notice(&message)) };
            return (StatusCode::BAD_REQUEST, page(frame(lang, title, &uri), body)).into_response();
        }
    };
    match state.search(query.clone()).await {
        Ok(results) => {
            // Without words the index lists everything newest first: the front
            // page doubles as "latest news".
            let (title, heading) = if query.text.is_empty() {
                (lang.t("search.latest").to_string(), Some(lang.t("search.latest")))
            } else {
                (format!("{} {}", lang.t("search.title_prefix"), query.text), None)
            };
            let feeds = feed_links(&params, &query);
            // Each hit's language, so that its title and snippet carry the right
            // `lang` inside a page in the other language; without it the page
            // still works.
            let ids: Vec<i64> = results.hits.iter().map(|hit| hit.id).collect();
            let languages = state.with_store(move |store| store.languages(&ids)).await.unwrap_or_else(|err| {
                err.log();
                Default::default()
            });
            let body = html! {
                (form)
                @if let Some(heading) = heading { h1 { (heading) } }
                (results_section(lang, &params, &query, &results, &languages))
                (feed_notice(lang, &feeds))
            };
            let frame = Frame { lang, title: &title, uri: &uri, feeds: Some(feeds) };
            page(frame, body).into_response()
        }
        Err(err) => {
            err.log();
            let (status, message) = match err {
                ServerError::BadRequest(_) => (StatusCode::BAD_REQUEST, lang.t("search.bad_query")),
                _ => (StatusCode::INTERNAL_SERVER_ERROR, lang.t("search.internal")),
            };
            let body = html! { (form) (error_notice(message)) };
            (status, page(frame(lang, title, &uri), body)).into_response()
        }
    }
}

fn search_form(lang: Lang, params: &SearchParams, outlets: &[String]) -> Markup {
    let chosen_outlet = params.outlet.as_deref().unwrap_or("");
    let by_date = params.sort.as_deref() == Some("date");
    html! {
        form.search method="get" action="/" role="search" data-loading=(lang.t("search.loading")) {
            @if lang == Lang::En { input type="hidden" name="ui" value="en"; }
            div.query {
                label for="q" { (lang.t("search.label")) }
                input #q type="search" name="q" value=(params.text()) dir="auto"
                    maxlength="1000" placeholder=(lang.t("search.placeholder")) autofocus;
                button type="submit" { (lang.t("search.button")) }
            }
            div.filters {
                label {
                    (lang.t("search.outlet"))
                    select name="outlet" dir="auto" {
                        option value="" { (lang.t("search.all_outlets")) }
                        @for name in outlets {
                            option value=(name) selected[name == chosen_outlet] { (name) }
                        }
                    }
                }
                label {
                    (lang.t("search.from"))
                    input type="date" name="from" value=(params.from.as_deref().unwrap_or(""));
                }
                label {
                    (lang.t("search.to"))
                    input type="date" name="to" value=(params.to.as_deref().unwrap_or(""));
                }
                label {
                    (lang.t("search.sort"))
                    select name="sort" {
                        option value="relevance" selected[!by_date] { (lang.t("search.sort_relevance")) }
                        option value="date" selected[by_date] { (lang.t("search.sort_date")) }
                    }
                }
            }
            p.loading hidden role="status" aria-live="polite" {}
        }
    }
}

fn results_section(
    lang: Lang,
    params: &SearchParams,
    query: &SearchQuery,
    results: &SearchResults,
    languages: &std::collections::HashMap<i64, String>,
) -> Markup {
    if results.hits.is_empty() {
        return html! {
            section.results #results {
                p.empty { (lang.t("search.empty")) }
                @if results.total > 0 {
                    p.hint {
                        (lang.t("search.no_page")) " "
                        a href=(page_link(lang, params, query, 0)) { (lang.t("search.first_page")) }
                    }
                } @else {
                    p.hint { (lang.t("search.empty_hint")) }
                }
            }
        };
    }
    let first = query.offset + 1;
    let last = query.offset + results.hits.len();
    let has_previous = query.offset > 0;
    let has_next = last < results.total;
    html! {
        section.results #results {
            p.count {
                (lang.t("search.count")) " " (results.total)
                @if has_previous || has_next { " (" (lang.t("search.shown")) " " bdi dir="ltr" { (first) "–" (last) } ")" }
            }
            ol.hits {
                @for hit in &results.hits {
                    li.hit lang=[languages.get(&hit.id).filter(|tag| crate::feeds::is_language_tag(tag))] {
                        h2 dir="auto" {
                            a href=(lang.link(&format!("/article/{}", hit.id))) {
                                (hit.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or(lang.t("untitled")))
                            }
                        }
                        // The line is the page's (date words, separators); the outlet
                        // name inside keeps its own direction.
                        p.meta lang=(lang.code()) dir=(lang.dir()) {
                            @if let Some(outlet) = &hit.outlet { bdi.outlet { (outlet) } }
                            @if let Some(date) = &hit.date { " · " time { (date_text(date)) } }
                        }
                        p.snippet dir="auto" { (html::snippet(&hit.snippet)) }
                    }
                }
            }
            @if has_previous || has_next {
                nav.paging aria-label=(lang.t("search.pages")) {
                    @if has_previous {
                        a rel="prev" href=(page_link(lang, params, query, query.offset.saturating_sub(query.limit))) { (lang.t("search.prev")) }
                    }
                    @if has_next {
                        a rel="next" href=(page_link(lang, params, query, query.offset + query.limit)) { (lang.t("search.next")) }
                    }
                }
            }
        }
    }
}

/// The filters of a search as query-string pairs, without paging.
fn filter_pairs<'a>(params: &'a SearchParams, query: &'a SearchQuery) -> Vec<(&'static str, &'a str)> {
    vec![
        ("q", query.text.as_str()),
        ("outlet", query.outlet.as_deref().unwrap_or("")),
        ("from", query.from.as_deref().unwrap_or("")),
        ("to", query.to.as_deref().unwrap_or("")),
        ("lang", query.lang.as_deref().unwrap_or("")),
        ("sort", if params.sort.as_deref() == Some("date") { "date" } else { "" }),
    ]
}

/// The same search at another offset, keeping every filter the reader chose.
fn page_link(lang: Lang, params: &SearchParams, query: &SearchQuery, offset: usize) -> String {
    let offset = offset.to_string();
    let limit = query.limit.to_string();
    let limit = if query.limit == crate::params::DEFAULT_LIMIT { "" } else { limit.as_str() };
    let offset = if offset == "0" { "" } else { offset.as_str() };
    let mut pairs = filter_pairs(params, query);
    pairs.push(("limit", limit));
    pairs.push(("offset", offset));
    pairs.push(("ui", lang.param()));
    format!("/{}", query_string(&pairs))
}

/// The RSS and Atom feeds of this search (first page, same filters).
fn feed_links(params: &SearchParams, query: &SearchQuery) -> (String, String) {
    let pairs = filter_pairs(params, query);
    let qs = query_string(&pairs);
    (format!("/feeds/search.rss{qs}"), format!("/feeds/search.atom{qs}"))
}

fn feed_notice(lang: Lang, (rss, atom): &(String, String)) -> Markup {
    html! {
        p.feeds {
            (lang.t("feeds.label")) " "
            a href=(rss) type="application/rss+xml" { (lang.t("feeds.rss")) }
            " · "
            a href=(atom) type="application/atom+xml" { (lang.t("feeds.atom")) }
        }
    }
}

pub async fn article(State(state): State<AppState>, uri: Uri, Path(raw_id): Path<String>) -> Response {
    let lang = Lang::from_uri(&uri);
    let Ok(id) = parse_id(&raw_id) else {
        return not_found_page(lang);
    };
    let found = state
        .with_store(move |store| {
            let Some(article) = store.article(id)? else {
                return Ok(None);
            };
            Ok(Some((article, store.article_urls(id)?)))
        })
        .await;
    match found {
        Ok(Some((article, urls))) => article_page(lang, &uri, &article, &urls).into_response(),
        Ok(None) => not_found_page(lang),
        Err(err) => {
            err.log();
            error_page(lang, StatusCode::INTERNAL_SERVER_ERROR, lang.t("article.error"))
        }
    }
}

fn article_page(lang: Lang, uri: &Uri, article: &Article, urls: &[String]) -> Markup {
    let title = article
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(lang.t("untitled"));
    // Prefer the address the outlet itself calls canonical, when it is a web one.
    let link = article
        .canonical_url
        .as_deref()
        .filter(|url| is_web_link(url))
        .unwrap_or(&article.url);
    // Copies: every other address known to lead here (syndication, redirects).
    let others: Vec<&String> = urls.iter().filter(|u| u.as_str() != link).collect();
    // The article's own language, when known, so that its text is shaped and read
    // aloud correctly inside either UI language.
    let text_lang = article.language.as_deref().filter(|l| l.len() <= 8).unwrap_or("");
    let body = html! {
        article.story lang=[(!text_lang.is_empty()).then_some(text_lang)] dir="auto" {
            h1 dir="auto" { (title) }
            p.meta lang=(lang.code()) dir=(lang.dir()) {
                @if let Some(outlet) = &article.outlet { bdi.outlet { (outlet) } }
                @if let Some(date) = &article.date { " · " time { (date_text(date)) } }
                @if let Some(author) = &article.author {
                    " · " span.author { (lang.t("article.author_by")) " " bdi { (author) } }
                }
            }
            @if let Some(caption) = &article.image_caption {
                figure {
                    figcaption dir="auto" {
                        (caption)
                        @if let Some(image) = article.image.as_deref().filter(|url| is_web_link(url)) {
                            " " a href=(image) rel="noopener noreferrer" lang=(lang.code()) { (lang.t("article.image")) }
                        }
                    }
                }
            }
            @for paragraph in &article.paragraphs {
                p dir="auto" { (paragraph) }
            }
            // The address gets a block of its own: a left-to-right run that wraps
            // inside an Arabic line is reordered confusingly around its hyphens.
            div.source lang=(lang.code()) dir=(lang.dir()) {
                (lang.t("article.source"))
                div.url dir="ltr" {
                    @if is_web_link(link) {
                        a href=(link) rel="noopener noreferrer" { (link) }
                    } @else {
                        (link)
                    }
                }
            }
            // Room for what later analysis adds about the article (named entities,
            // copies found elsewhere); copies by URL are already known.
            @if !others.is_empty() {
                section.copies lang=(lang.code()) dir=(lang.dir()) {
                    h2 { (lang.t("article.other_urls")) }
                    ul {
                        @for url in &others {
                            li.url dir="ltr" {
                                @if is_web_link(url) { a href=(url) rel="noopener noreferrer" { (url) } } @else { (url) }
                            }
                        }
                    }
                }
            }
        }
    };
    page(frame(lang, title, uri), body)
}

pub async fn sources(State(state): State<AppState>, uri: Uri) -> Response {
    let lang = Lang::from_uri(&uri);
    match state.with_store(|store| store.sources()).await {
        Ok(sources) => sources_page(lang, &uri, &sources).into_response(),
        Err(err) => {
            err.log();
            error_page(lang, StatusCode::INTERNAL_SERVER_ERROR, lang.t("sources.error"))
        }
    }
}

fn sources_page(lang: Lang, uri: &Uri, sources: &[SourceHealth]) -> Markup {
    let failing = sources.iter().filter(|s| is_failing(s)).count();
    let body = html! {
        h1 { (lang.t("sources.title")) }
        @if sources.is_empty() {
            p.empty { (lang.t("sources.none")) }
        } @else {
            p.count {
                (lang.t("sources.count")) " " (sources.len()) (lang.t("sources.comma"))
                (lang.t("sources.failing")) " " (failing)
            }
            div.table-wrap tabindex="0" {
                table.sources {
                    thead {
                        tr {
                            th scope="col" { (lang.t("sources.url")) }
                            th scope="col" { (lang.t("sources.status")) }
                            th scope="col" { (lang.t("sources.http")) }
                            th scope="col" { (lang.t("sources.last_error")) }
                            th scope="col" { (lang.t("sources.last_success")) }
                            th scope="col" { (lang.t("sources.items")) }
                            th scope="col" { (lang.t("sources.articles")) }
                        }
                    }
                    tbody {
                        @for source in sources {
                            @let down = is_failing(source);
                            tr.failing[down] {
                                td.url dir="ltr" { bdi { (source.url) } }
                                td.status { @if down { (lang.t("sources.down")) } @else { (lang.t("sources.ok")) } }
                                td.num { @if let Some(code) = source.http_status { (code) } @else { "—" } }
                                td.last-error dir="auto" { (source.last_error.as_deref().unwrap_or("—")) }
                                td.when { @if let Some(when) = &source.last_success { (date_text(when)) } @else { "—" } }
                                td.num { (source.items_seen) }
                                td.num { (source.articles) }
                            }
                        }
                    }
                }
            }
        }
    };
    page(frame(lang, lang.t("sources.title"), uri), body)
}

pub async fn about(uri: Uri) -> Response {
    let lang = Lang::from_uri(&uri);
    let body = html! {
        h1 { (lang.t("about.title")) }
        p { (lang.t("about.body1")) }
        p { (lang.t("about.body2")) }
        p { (lang.t("about.feeds")) }
        p lang="en" dir="ltr" {
            "API: " a href="/api/v1/openapi.json" { "/api/v1/openapi.json" }
        }
    };
    page(frame(lang, lang.t("about.title"), &uri), body).into_response()
}

fn error_notice(message: &str) -> Markup {
    html! { p.error role="alert" { (message) } }
}

pub fn error_page(lang: Lang, status: StatusCode, message: &str) -> Response {
    let body = html! {
        h1 { (lang.t("error.title")) }
        (error_notice(message))
        p { a href=(lang.link("/")) { (lang.t("error.back")) } }
    };
    let uri = Uri::from_static("/");
    (status, page(frame(lang, lang.t("error.title"), &uri), body)).into_response()
}

pub fn not_found_page(lang: Lang) -> Response {
    let body = html! {
        h1 { (lang.t("notfound.title")) }
        p { (lang.t("notfound.body")) }
        p { a href=(lang.link("/")) { (lang.t("error.back")) } }
    };
    let uri = Uri::from_static("/");
    (StatusCode::NOT_FOUND, page(frame(lang, lang.t("notfound.short"), &uri), body)).into_response()
}
