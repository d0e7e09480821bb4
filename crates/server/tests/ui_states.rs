//! Issue 6 bullets that the other tests did not pin (found in the audit of this
//! session): loading, empty and error states of the pages; `lang` on each hit
//! of a page in the other language; no inline script, style or event handler
//! on any page (the CSP would block them); internal failures answered without
//! internals; the API's language filter and both orders.

mod common;

use common::{encode, get, started};
use model::layout;

#[tokio::test]
async fn pages_show_loading_empty_and_error_states() {
    let (_dir, _fixture, addr) = started().await;
    let home = get(addr, "/").await;
    // The loading state: app.js fills and shows this status line on submit.
    assert!(home.body.contains(r#"data-loading=""#), "{}", home.body);
    assert!(home.body.contains(r#"<p class="loading" hidden role="status" aria-live="polite">"#), "{}", home.body);
    assert!(home.body.contains(r#"<section class="results" id="results">"#), "{}", home.body);

    let empty = get(addr, &format!("/?q={}", encode("كلمةلاتوجدأبدا"))).await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains(r#"<p class="empty">"#), "{}", empty.body);
    assert!(!empty.body.contains(r#"class="hit""#));

    for (target, status) in [("/?from=2024-99-01", 400), ("/?limit=abc", 400), ("/article/987654", 404), ("/article/x", 404)] {
        let reply = get(addr, target).await;
        assert_eq!(reply.status, status, "{target}: {}", reply.body);
        assert!(reply.body.contains(r#"<html lang="ar" dir="rtl">"#), "{target}");
        assert!(
            reply.body.contains(r#"class="error" role="alert""#) || reply.body.contains("<h1>"),
            "{target}: {}",
            reply.body
        );
    }
    let english = get(addr, "/?from=2024-99-01&ui=en").await;
    assert!(english.body.contains(r#"<p class="error" role="alert">"#), "{}", english.body);
}

#[tokio::test]
async fn hits_carry_their_own_language_inside_a_page_in_another() {
    let (_dir, fixture, addr) = started().await;
    let page = get(addr, &format!("/?q={}&ui=en", encode("مفاوضات"))).await;
    assert!(page.body.contains(r#"<html lang="en" dir="ltr">"#), "{}", page.body);
    assert!(page.body.contains(r#"<li class="hit" lang="ar">"#), "{}", page.body);
    assert!(page.body.contains(r#"<h2 dir="auto">"#), "{}", page.body);
    assert!(page.body.contains(r#"<p class="snippet" dir="auto">"#), "{}", page.body);
    // The date line is the page's own text.
    assert!(page.body.contains(r#"<p class="meta" lang="en" dir="ltr">"#), "{}", page.body);
    assert!(page.body.contains(&format!("/article/{}", fixture.talks)));
}

/// Every `<script` loads a file, and nothing else runs or styles inline.
fn assert_no_inline_code(target: &str, body: &str) {
    for script in body.split("<script").skip(1) {
        let tag = script.split('>').next().unwrap_or_default();
        assert!(tag.contains("src=\"/static/"), "{target}: inline script {tag:?}");
    }
    assert!(!body.contains("<style"), "{target}: inline stylesheet");
    let lower = body.to_ascii_lowercase();
    assert!(!lower.contains(" style="), "{target}: style attribute");
    assert!(!lower.contains("javascript:"), "{target}: javascript: link");
    // Event handler attributes: ` on` + letters + `=` inside a tag.
    for tag in lower.split('<').skip(1).map(|t| t.split('>').next().unwrap_or_default()) {
        let handler = tag.split_whitespace().skip(1).find(|attr| {
            attr.strip_prefix("on").is_some_and(|rest| {
                let name: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
                !name.is_empty() && rest[name.len()..].starts_with('=')
            })
        });
        assert!(handler.is_none(), "{target}: event handler in <{tag}>");
    }
}

#[tokio::test]
async fn no_page_has_inline_script_style_or_event_handlers() {
    let (_dir, fixture, addr) = started().await;
    let mut targets = vec![
        "/".to_string(),
        format!("/?q={}", encode("مفاوضات")),
        format!("/?q={}", encode("كلمةلاتوجدأبدا")),
        "/?sort=date&limit=1&offset=1".to_string(),
        "/?limit=abc".to_string(),
        format!("/article/{}", fixture.talks),
        // The article whose title and body hold markup.
        format!("/article/{}", fixture.hostile),
        "/article/987654".to_string(),
        "/sources".to_string(),
        "/about".to_string(),
        "/no/such/page".to_string(),
    ];
    let english: Vec<String> =
        targets.iter().map(|t| format!("{t}{}ui=en", if t.contains('?') { '&' } else { '?' })).collect();
    targets.extend(english);
    for target in targets {
        let reply = get(addr, &target).await;
        assert!(reply.header("content-type").unwrap_or("").starts_with("text/html"), "{target}");
        assert_no_inline_code(&target, &reply.body);
    }
}

#[tokio::test]
async fn internal_failures_answer_without_internals() {
    let (dir, fixture, addr) = started().await;
    // A row the store cannot read back (as a bad disk or a foreign writer would leave).
    let conn = rusqlite::Connection::open(layout::database(dir.path())).expect("open database");
    conn.execute("UPDATE articles SET paragraphs = 'not json' WHERE id = ?1", [fixture.wheat])
        .expect("corrupt the row");
    drop(conn);

    let api = get(addr, &format!("/api/v1/articles/{}", fixture.wheat)).await;
    assert_eq!(api.status, 500, "{}", api.body);
    assert_eq!(api.json(), serde_json::json!({ "error": "internal error" }));

    let page = get(addr, &format!("/article/{}", fixture.wheat)).await;
    assert_eq!(page.status, 500, "{}", page.body);
    for internal in ["json", "sqlite", "expected", "store:", "line 1", ".rs"] {
        assert!(!page.body.to_lowercase().contains(internal), "page shows {internal:?}: {}", page.body);
    }
    assert!(page.body.contains(r#"role="alert""#), "{}", page.body);
}

#[tokio::test]
async fn api_search_filters_by_language_and_orders_by_relevance_or_date() {
    let (_dir, _fixture, addr) = started().await;
    let q = encode("في");
    let all = get(addr, &format!("/api/v1/search?q={q}")).await.json();
    assert_eq!(all["total"], 3, "{all}");
    assert_eq!(get(addr, &format!("/api/v1/search?q={q}&lang=ar")).await.json()["total"], 3);
    assert_eq!(get(addr, &format!("/api/v1/search?q={q}&lang=AR")).await.json()["total"], 3);
    assert_eq!(get(addr, &format!("/api/v1/search?q={q}&lang=en")).await.json()["total"], 0);

    let by_relevance = get(addr, &format!("/api/v1/search?q={q}&sort=relevance")).await.json();
    let scores: Vec<f64> = by_relevance["hits"].as_array().expect("hits").iter().filter_map(|h| h["score"].as_f64()).collect();
    assert_eq!(scores.len(), 3, "{by_relevance}");
    assert!(scores.windows(2).all(|w| w[0] >= w[1]) && scores[0] > 0.0, "{scores:?}");

    let by_date = get(addr, &format!("/api/v1/search?q={q}&sort=date")).await.json();
    let dates: Vec<String> =
        by_date["hits"].as_array().expect("hits").iter().filter_map(|h| h["date"].as_str().map(str::to_owned)).collect();
    assert_eq!(dates, ["2024-05-01", "2024-04-20", "2024-03-10"], "{by_date}");
}

#[tokio::test]
async fn search_page_filters_narrow_the_results_and_keep_their_values() {
    let (_dir, fixture, addr) = started().await;
    let target = format!("/?q={}&outlet={}&from=2024-03-01&to=2024-03-31&sort=date", encode("في"), encode("جريدة الصباح"));
    let page = get(addr, &target).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(&format!(r#"href="/article/{}""#, fixture.wheat)), "{}", page.body);
    assert_eq!(page.body.matches(r#"<li class="hit""#).count(), 1, "{}", page.body);
    assert!(page.body.contains(r#"<option value="جريدة الصباح" selected>"#), "{}", page.body);
    assert!(page.body.contains(r#"name="from" value="2024-03-01""#), "{}", page.body);
    assert!(page.body.contains(r#"name="to" value="2024-03-31""#), "{}", page.body);
    assert!(page.body.contains(r#"<option value="date" selected>"#), "{}", page.body);
    // The feeds of this page carry the same filters.
    assert!(page.body.contains("/feeds/search.rss?q="), "{}", page.body);
    assert!(page.body.contains("from=2024-03-01"), "{}", page.body);
}
