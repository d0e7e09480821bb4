//! The server-rendered Arabic pages: search, one article, source health, and the
//! error pages. Every value that came from the web is escaped by maud; the one
//! exception, index snippets, goes through [`html::snippet`].

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use model::{Article, SearchQuery, SearchResults, SourceHealth};

use crate::api::{is_failing, parse_id};
use crate::error::ServerError;
use crate::html::{self, date_text, is_web_link, page, query_string};
use crate::params::SearchParams;
use crate::state::AppState;

const UNTITLED: &str = "(بلا عنوان)";

pub async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Response {
    let params = match params {
        Ok(Query(params)) => params,
        Err(_) => {
            let form = search_form(&SearchParams::default(), &[]);
            let body = html! { (form) (error_notice("رابط البحث غير صالح.")) };
            return (StatusCode::BAD_REQUEST, page("البحث", body)).into_response();
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
    let form = search_form(&params, &outlet_names);

    let query = match params.to_query() {
        Ok(query) => query,
        Err(invalid) => {
            let body = html! { (form) (error_notice(&invalid.arabic())) };
            return (StatusCode::BAD_REQUEST, page("البحث", body)).into_response();
        }
    };
    match state.search(query.clone()).await {
        Ok(results) => {
            // Without words the index lists everything newest first: the front
            // page doubles as "latest news".
            let (title, heading) = if query.text.is_empty() {
                ("أحدث الأخبار".to_string(), Some("أحدث الأخبار"))
            } else {
                (format!("بحث: {}", query.text), None)
            };
            let body = html! {
                (form)
                @if let Some(heading) = heading { h1 { (heading) } }
                (results_section(&params, &query, &results))
            };
            page(&title, body).into_response()
        }
        Err(err) => {
            err.log();
            let (status, message) = match err {
                ServerError::BadRequest(_) => {
                    (StatusCode::BAD_REQUEST, "تعذّر البحث بهذه الصيغة: استخدم كلمات عادية وتحقّق من المرشحات.")
                }
                _ => (StatusCode::INTERNAL_SERVER_ERROR, "تعذّر البحث بسبب خطأ داخلي. حاول لاحقًا."),
            };
            let body = html! { (form) (error_notice(message)) };
            (status, page("البحث", body)).into_response()
        }
    }
}

fn search_form(params: &SearchParams, outlets: &[String]) -> Markup {
    let chosen_outlet = params.outlet.as_deref().unwrap_or("");
    let by_date = params.sort.as_deref() == Some("date");
    html! {
        form.search method="get" action="/" role="search" {
            div.query {
                label for="q" { "نص البحث" }
                input #q type="search" name="q" value=(params.text()) dir="auto"
                    maxlength="1000" placeholder="ابحث في الأخبار…" autofocus;
                button type="submit" { "ابحث" }
            }
            div.filters {
                label {
                    "وسيلة الإعلام"
                    select name="outlet" {
                        option value="" { "الكل" }
                        @for name in outlets {
                            option value=(name) selected[name == chosen_outlet] { (name) }
                        }
                    }
                }
                label {
                    "من تاريخ"
                    input type="date" name="from" value=(params.from.as_deref().unwrap_or(""));
                }
                label {
                    "إلى تاريخ"
                    input type="date" name="to" value=(params.to.as_deref().unwrap_or(""));
                }
                label {
                    "الترتيب"
                    select name="sort" {
                        option value="relevance" selected[!by_date] { "الأكثر صلة" }
                        option value="date" selected[by_date] { "الأحدث أولًا" }
                    }
                }
            }
        }
    }
}

fn results_section(params: &SearchParams, query: &SearchQuery, results: &SearchResults) -> Markup {
    if results.hits.is_empty() {
        return html! {
            section.results {
                p.empty { "لا نتائج" }
                @if results.total > 0 {
                    p.hint { "لا نتائج في هذه الصفحة. " a href=(page_link(params, query, 0)) { "العودة إلى الصفحة الأولى" } }
                } @else {
                    p.hint { "جرّب كلمات أخرى أو وسّع نطاق التاريخ." }
                }
            }
        };
    }
    let first = query.offset + 1;
    let last = query.offset + results.hits.len();
    let has_previous = query.offset > 0;
    let has_next = last < results.total;
    html! {
        section.results {
            p.count {
                "عدد النتائج: " (results.total)
                @if has_previous || has_next { " (المعروض " (first) "–" (last) ")" }
            }
            ol.hits {
                @for hit in &results.hits {
                    li.hit {
                        h2 dir="auto" {
                            a href=(format!("/article/{}", hit.id)) {
                                (hit.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or(UNTITLED))
                            }
                        }
                        p.meta {
                            @if let Some(outlet) = &hit.outlet { span.outlet { (outlet) } }
                            @if let Some(date) = &hit.date { " · " time { (date_text(date)) } }
                        }
                        p.snippet dir="auto" { (html::snippet(&hit.snippet)) }
                    }
                }
            }
            @if has_previous || has_next {
                nav.paging aria-label="الصفحات" {
                    @if has_previous {
                        a rel="prev" href=(page_link(params, query, query.offset.saturating_sub(query.limit))) { "→ السابق" }
                    }
                    @if has_next {
                        a rel="next" href=(page_link(params, query, query.offset + query.limit)) { "التالي ←" }
                    }
                }
            }
        }
    }
}

/// The same search at another offset, keeping every filter the reader chose.
fn page_link(params: &SearchParams, query: &SearchQuery, offset: usize) -> String {
    let offset = offset.to_string();
    let limit = query.limit.to_string();
    let limit = if query.limit == crate::params::DEFAULT_LIMIT { "" } else { limit.as_str() };
    let offset = if offset == "0" { "" } else { offset.as_str() };
    let pairs = [
        ("q", query.text.as_str()),
        ("outlet", query.outlet.as_deref().unwrap_or("")),
        ("from", query.from.as_deref().unwrap_or("")),
        ("to", query.to.as_deref().unwrap_or("")),
        ("lang", query.lang.as_deref().unwrap_or("")),
        ("sort", if params.sort.as_deref() == Some("date") { "date" } else { "" }),
        ("limit", limit),
        ("offset", offset),
    ];
    format!("/{}", query_string(&pairs))
}

pub async fn article(State(state): State<AppState>, Path(raw_id): Path<String>) -> Response {
    let Ok(id) = parse_id(&raw_id) else {
        return not_found_page();
    };
    match state.with_store(move |store| store.article(id)).await {
        Ok(Some(article)) => article_page(&article).into_response(),
        Ok(None) => not_found_page(),
        Err(err) => {
            err.log();
            error_page(StatusCode::INTERNAL_SERVER_ERROR, "تعذّر عرض المقال بسبب خطأ داخلي.")
        }
    }
}

fn article_page(article: &Article) -> Markup {
    let title = article
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(UNTITLED);
    // Prefer the address the outlet itself calls canonical, when it is a web one.
    let link = article
        .canonical_url
        .as_deref()
        .filter(|url| is_web_link(url))
        .unwrap_or(&article.url);
    let body = html! {
        article.story {
            h1 dir="auto" { (title) }
            p.meta {
                @if let Some(outlet) = &article.outlet { span.outlet { (outlet) } }
                @if let Some(date) = &article.date { " · " time { (date_text(date)) } }
                @if let Some(author) = &article.author { " · " span.author { "بقلم " bdi { (author) } } }
            }
            @if let Some(caption) = &article.image_caption {
                figure {
                    figcaption dir="auto" {
                        (caption)
                        @if let Some(image) = article.image.as_deref().filter(|url| is_web_link(url)) {
                            " " a href=(image) rel="noopener noreferrer" { "(الصورة)" }
                        }
                    }
                }
            }
            @for paragraph in &article.paragraphs {
                p dir="auto" { (paragraph) }
            }
            // The address gets a block of its own: a left-to-right run that wraps
            // inside an Arabic line is reordered confusingly around its hyphens.
            div.source {
                "المصدر الأصلي:"
                div.url dir="ltr" {
                    @if is_web_link(link) {
                        a href=(link) rel="noopener noreferrer" { (link) }
                    } @else {
                        (link)
                    }
                }
            }
        }
    };
    page(title, body)
}

pub async fn sources(State(state): State<AppState>) -> Response {
    match state.with_store(|store| store.sources()).await {
        Ok(sources) => sources_page(&sources).into_response(),
        Err(err) => {
            err.log();
            error_page(StatusCode::INTERNAL_SERVER_ERROR, "تعذّر عرض المصادر بسبب خطأ داخلي.")
        }
    }
}

fn sources_page(sources: &[SourceHealth]) -> Markup {
    let failing = sources.iter().filter(|s| is_failing(s)).count();
    let body = html! {
        h1 { "المصادر" }
        @if sources.is_empty() {
            p.empty { "لا مصادر بعد." }
        } @else {
            p.count { "عدد المصادر: " (sources.len()) "، المتعطّل منها: " (failing) }
            div.table-wrap {
                table.sources {
                    thead {
                        tr {
                            th { "الرابط" } th { "الحالة" } th { "رمز HTTP" } th { "آخر خطأ" }
                            th { "آخر نجاح" } th { "العناصر" } th { "المقالات" }
                        }
                    }
                    tbody {
                        @for source in sources {
                            @let down = is_failing(source);
                            tr.failing[down] {
                                td.url dir="ltr" { bdi { (source.url) } }
                                td.status { @if down { "متعطّل" } @else { "يعمل" } }
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
    page("المصادر", body)
}

fn error_notice(message: &str) -> Markup {
    html! { p.error role="alert" { (message) } }
}

pub fn error_page(status: StatusCode, message: &str) -> Response {
    let body = html! {
        h1 { "خطأ" }
        (error_notice(message))
        p { a href="/" { "العودة إلى البحث" } }
    };
    (status, page("خطأ", body)).into_response()
}

pub fn not_found_page() -> Response {
    let body = html! {
        h1 { "الصفحة غير موجودة" }
        p { "لم نعثر على ما تبحث عنه. ربما حُذف أو تغيّر رابطه." }
        p { a href="/" { "العودة إلى البحث" } }
    };
    (StatusCode::NOT_FOUND, page("غير موجود", body)).into_response()
}
