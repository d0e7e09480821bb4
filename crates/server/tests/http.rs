//! End-to-end checks of `marsad serve`'s reads: a real server on 127.0.0.1 over a
//! real data folder (see `common`), spoken to over raw HTTP/1.1.

mod common;

use std::net::SocketAddr;

use common::{article, encode, get, request, start, started};
use model::layout;
use server::ServerConfig;

#[tokio::test]
async fn search_finds_a_stemmed_form_and_marks_it() {
    let (_dir, fixture, addr) = started().await;
    // The article says "المفاوضات"; the reader types the bare "مفاوضات".
    let reply = get(addr, &format!("/api/v1/search?q={}", encode("مفاوضات"))).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.header("content-type").unwrap_or("").starts_with("application/json"));
    let json = reply.json();
    assert_eq!(json["total"], 1, "{json}");
    let hit = &json["hits"][0];
    assert_eq!(hit["id"], fixture.talks);
    assert_eq!(hit["outlet"], "أخبار اليوم");
    assert_eq!(hit["url"], "https://akhbar.example/politics/talks-resume");
    let snippet = hit["snippet"].as_str().expect("snippet text");
    assert!(snippet.contains("<mark>"), "{snippet}");
    assert!(hit["score"].as_f64().is_some(), "{hit}");
}

#[tokio::test]
async fn search_filters_by_outlet_and_dates() {
    let (_dir, fixture, addr) = started().await;
    let q = encode("أسعار");
    let all = get(addr, &format!("/api/v1/search?q={q}")).await.json();
    assert_eq!(all["total"], 1, "{all}");
    assert_eq!(all["hits"][0]["id"], fixture.wheat);

    let other_outlet = get(addr, &format!("/api/v1/search?q={q}&outlet={}", encode("أخبار اليوم"))).await;
    assert_eq!(other_outlet.status, 200, "{}", other_outlet.body);
    assert_eq!(other_outlet.json()["total"], 0);

    let too_late = get(addr, &format!("/api/v1/search?q={q}&from=2024-04-01")).await;
    assert_eq!(too_late.json()["total"], 0, "{}", too_late.body);
    let in_range = get(addr, &format!("/api/v1/search?q={q}&from=2024-03-01&to=2024-03-31")).await;
    assert_eq!(in_range.json()["total"], 1, "{}", in_range.body);
}

#[tokio::test]
async fn article_json_and_missing_article() {
    let (_dir, fixture, addr) = started().await;
    let found = get(addr, &format!("/api/v1/articles/{}", fixture.wheat)).await;
    assert_eq!(found.status, 200, "{}", found.body);
    let json = found.json();
    assert_eq!(json["title"], "ارتفاع أسعار القمح في الأسواق المحلية");
    assert_eq!(json["id"], fixture.wheat);

    let missing = get(addr, "/api/v1/articles/987654").await;
    assert_eq!(missing.status, 404);
    assert!(missing.json()["error"].as_str().is_some_and(|e| !e.is_empty()), "{}", missing.body);

    let garbage = get(addr, "/api/v1/articles/abc").await;
    assert_eq!(garbage.status, 400);
    assert!(garbage.json()["error"].is_string());
}

#[tokio::test]
async fn bad_parameters_answer_400_json() {
    let (_dir, _fixture, addr) = started().await;
    for target in [
        "/api/v1/search?q=x&limit=101",
        "/api/v1/search?q=x&limit=0",
        "/api/v1/search?q=x&limit=many",
        "/api/v1/search?q=x&offset=-3",
        "/api/v1/search?q=x&from=2024-13-01",
        "/api/v1/search?q=x&to=yesterday",
        "/api/v1/search?q=x&sort=random",
    ] {
        let reply = get(addr, target).await;
        assert_eq!(reply.status, 400, "{target}: {}", reply.body);
        assert!(reply.json()["error"].is_string(), "{target}");
    }
    let long = get(addr, &format!("/api/v1/search?q={}", "a".repeat(1001))).await;
    assert_eq!(long.status, 400);
    assert!(long.json()["error"].as_str().unwrap_or("").contains("1000"), "{}", long.body);
}

#[tokio::test]
async fn hostile_queries_never_fail_the_server() {
    let (_dir, _fixture, addr) = started().await;
    let huge = "مفاوضات ".repeat(625);
    let hostile = [
        "\"((AND",
        "AND OR NOT",
        "title:*",
        "id:*",
        "nofield:x",
        "outlet:[a TO z]",
        "date:>2020",
        "*:*",
        "\\",
        "[* TO *]",
        ")))",
        "~~~^^^",
        "\"",
        "\u{0}",
        huge.as_str(),
    ];
    for q in hostile {
        let reply = get(addr, &format!("/api/v1/search?q={}", encode(q))).await;
        assert!(
            reply.status == 200 || reply.status == 400,
            "q={q:?} gave {}: {}",
            reply.status,
            reply.body
        );
        // Either results or an error, but always JSON.
        let json = reply.json();
        assert!(json.get("hits").is_some() || json.get("error").is_some(), "{json}");
        let page = get(addr, &format!("/?q={}", encode(q))).await;
        assert!(page.status == 200 || page.status == 400, "page q={q:?}: {}", page.status);
    }
}

#[tokio::test]
async fn pages_are_arabic_right_to_left() {
    let (_dir, fixture, addr) = started().await;
    let home = get(addr, "/").await;
    assert_eq!(home.status, 200);
    assert!(home.header("content-type").unwrap_or("").starts_with("text/html"));
    assert!(home.body.contains(r#"<html lang="ar" dir="rtl">"#), "{}", home.body);
    assert!(home.body.contains(r#"name="q""#));
    // The outlet drop-down lists the stored outlets.
    assert!(home.body.contains("جريدة الصباح"), "{}", home.body);
    // With no words the front page lists the latest articles, newest first.
    let newest = home.body.find(&format!("/article/{}\"", fixture.talks));
    let oldest = home.body.find(&format!("/article/{}\"", fixture.wheat));
    assert!(matches!((newest, oldest), (Some(n), Some(o)) if n < o), "{}", home.body);

    let results = get(addr, &format!("/?q={}", encode("مفاوضات"))).await;
    assert_eq!(results.status, 200);
    assert!(results.body.contains(&format!(r#"href="/article/{}""#, fixture.talks)), "{}", results.body);
    assert!(results.body.contains("<mark>"), "{}", results.body);

    let nothing = get(addr, &format!("/?q={}", encode("زرافة"))).await;
    assert_eq!(nothing.status, 200);
    assert!(nothing.body.contains("لا نتائج"), "{}", nothing.body);

    let bad = get(addr, &format!("/?q={}&from=2024-02-31", encode("القمح"))).await;
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains(r#"class="error""#), "{}", bad.body);

    let css = get(addr, "/static/style.css").await;
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap_or("").starts_with("text/css"));
    assert!(css.body.contains("mark"));
}

#[tokio::test]
async fn article_page_escapes_page_data() {
    let (_dir, fixture, addr) = started().await;
    let page = get(addr, &format!("/article/{}", fixture.hostile)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(!page.body.contains("<script>alert(1)"), "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{}", page.body);
    assert!(!page.body.contains("<img src=x"), "{}", page.body);
    assert!(page.body.contains(r#"<p dir="auto">"#));
    assert!(page.body.contains(r#"rel="noopener noreferrer""#));
    assert!(page.body.contains("https://akhbar.example/odd/page"));
    assert!(page.body.contains("سلمى الراوي"));
    assert!(page.body.contains("صورة أرشيفية لقاعة الاجتماعات"));

    // The same title in search results is escaped too.
    let results = get(addr, &format!("/?q={}", encode("مريب"))).await;
    assert!(!results.body.contains("<script>alert"), "{}", results.body);
    assert!(results.body.contains(&format!("/article/{}", fixture.hostile)), "{}", results.body);

    let missing = get(addr, "/article/987654").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("غير موجود"));
    assert!(missing.body.contains(r#"dir="rtl""#));
}

#[tokio::test]
async fn every_response_carries_security_headers() {
    let (_dir, fixture, addr) = started().await;
    for target in [
        "/".to_string(),
        format!("/article/{}", fixture.talks),
        "/sources".to_string(),
        "/static/style.css".to_string(),
        "/no/such/page".to_string(),
        "/api/v1/stats".to_string(),
        "/api/v1/search?q=x&limit=500".to_string(),
        "/api/v1/nothing".to_string(),
    ] {
        let reply = get(addr, &target).await;
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"), "{target}");
        assert_eq!(reply.header("referrer-policy"), Some("no-referrer"), "{target}");
        let csp = reply.header("content-security-policy").unwrap_or("");
        assert!(csp.contains("default-src 'self'"), "{target}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{target}: {csp}");
    }
}

#[tokio::test]
async fn sources_show_failing_feeds_with_their_error() {
    let (_dir, _fixture, addr) = started().await;
    let page = get(addr, "/sources").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("https://broken.example/feed.xml"), "{}", page.body);
    assert!(page.body.contains("404 Not Found"), "{}", page.body);
    assert!(page.body.contains(r#"<tr class="failing">"#), "{}", page.body);
    // The healthy feed is listed but not marked.
    assert_eq!(page.body.matches(r#"class="failing""#).count(), 1, "{}", page.body);

    let json = get(addr, "/api/v1/sources").await.json();
    let list = json.as_array().expect("a list of sources");
    assert_eq!(list.len(), 2, "{json}");
    let broken = list
        .iter()
        .find(|s| s["url"] == "https://broken.example/feed.xml")
        .expect("the failing source");
    assert_eq!(broken["status"], "failing");
    assert_eq!(broken["last_error"], "404 Not Found");
}

#[tokio::test]
async fn stats_count_articles_sources_and_outlets() {
    let (_dir, _fixture, addr) = started().await;
    let reply = get(addr, "/api/v1/stats").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["articles"], 3, "{json}");
    assert_eq!(json["sources"], 2, "{json}");
    assert_eq!(json["failing_sources"], 1, "{json}");
    let outlets = json["outlets"].as_array().expect("outlets list");
    let today = outlets
        .iter()
        .find(|o| o["name"] == "أخبار اليوم")
        .expect("outlet with two articles");
    assert_eq!(today["articles"], 2);
}

#[tokio::test]
async fn unknown_routes_and_methods_and_large_bodies() {
    let (_dir, _fixture, addr) = started().await;
    let api = get(addr, "/api/v1/nothing").await;
    assert_eq!(api.status, 404);
    assert!(api.json()["error"].is_string());

    let post = request(addr, "POST", "/api/v1/search?q=x", b"{}").await;
    assert_eq!(post.status, 405);
    assert!(post.json()["error"].is_string(), "{}", post.body);

    let big = vec![b'a'; 200 * 1024];
    let reply = request(addr, "POST", "/api/v1/search", &big).await;
    assert!(reply.status == 405 || reply.status == 413, "{}", reply.status);
}

#[tokio::test]
async fn an_empty_data_folder_serves_empty_results() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("fresh");
    let addr = start(&data_dir).await;
    let reply = get(addr, &format!("/api/v1/search?q={}", encode("مفاوضات"))).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["total"], 0);
    let stats = get(addr, "/api/v1/stats").await.json();
    assert_eq!(stats["articles"], 0);
    let sources = get(addr, "/sources").await;
    assert!(sources.body.contains("لا مصادر"), "{}", sources.body);
    assert!(data_dir.join("marsad.sqlite").exists());
}

#[tokio::test]
async fn serve_stops_on_shutdown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let config = ServerConfig::new(dir.path().to_path_buf(), SocketAddr::from(([127, 0, 0, 1], 0)));
    let running = tokio::spawn(server::serve(config, async move {
        let _ = stopped.await;
    }));
    let _ = stop.send(());
    let outcome = tokio::time::timeout(std::time::Duration::from_secs(10), running)
        .await
        .expect("server stops within 10 s")
        .expect("server task joins");
    assert!(outcome.is_ok(), "{outcome:?}");
}

#[tokio::test]
async fn paging_links_keep_the_search() {
    let (_dir, _fixture, addr) = started().await;
    // Three articles, newest first, one per page.
    let first = get(addr, "/?sort=date&limit=1").await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(first.body.contains(r#"href="/?sort=date&amp;limit=1&amp;offset=1""#), "{}", first.body);
    assert!(!first.body.contains(r#"rel="prev""#), "{}", first.body);

    let middle = get(addr, "/?sort=date&limit=1&offset=1").await;
    assert!(middle.body.contains(r#"rel="prev""#), "{}", middle.body);
    assert!(middle.body.contains(r#"rel="next""#), "{}", middle.body);

    let last = get(addr, "/?sort=date&limit=1&offset=2").await;
    assert!(!last.body.contains(r#"rel="next""#), "{}", last.body);
    assert!(last.body.contains("ارتفاع أسعار القمح"), "{}", last.body);

    let api = get(addr, "/api/v1/search?sort=date&limit=1&offset=2").await.json();
    assert_eq!(api["total"], 3, "{api}");
    assert_eq!(api["hits"].as_array().map(Vec::len), Some(1), "{api}");
}

#[tokio::test]
async fn articles_written_while_serving_become_searchable() {
    let (dir, _fixture, addr) = started().await;
    let word = encode("الزيتون");
    assert_eq!(get(addr, &format!("/api/v1/search?q={word}")).await.json()["total"], 0);

    // A crawler in another process writes through its own handles.
    let mut store = store::Store::open(&layout::database(dir.path())).expect("open store");
    let index = index::SearchIndex::open(&layout::index(dir.path())).expect("open index");
    let mut late = article(
        "https://sabah.example/agri/olives",
        "موسم قطف الزيتون يبدأ مبكرًا هذا العام",
        "جريدة الصباح",
        "2024-10-01",
        &["بدأ المزارعون قطف الزيتون قبل موعده المعتاد بأسبوعين."],
    );
    late.id = store.insert_article(&late).expect("insert").id;
    let mut writer = index.writer().expect("writer");
    writer.upsert(&late).expect("upsert");
    writer.commit().expect("commit");
    drop(writer);

    // The server's reader follows commits on its own, within a bounded wait.
    let mut total = serde_json::Value::Null;
    for _ in 0..50 {
        total = get(addr, &format!("/api/v1/search?q={word}")).await.json()["total"].clone();
        if total == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(total, 1);
    let page = get(addr, &format!("/article/{}", late.id)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("موسم قطف الزيتون"));
}

#[tokio::test]
async fn only_web_addresses_become_links() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = store::Store::open(&layout::database(dir.path())).expect("open store");
    let mut odd = article(
        "javascript:alert(3)",
        "رابط غير صالح",
        "أخبار اليوم",
        "2024-01-01",
        &["نص قصير."],
    );
    odd.image = Some("javascript:alert(4)".to_string());
    let id = store.insert_article(&odd).expect("insert").id;
    drop(store);
    let addr = start(dir.path()).await;
    let page = get(addr, &format!("/article/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("javascript:alert(3)"), "the address is still shown");
    assert!(!page.body.contains(r#"href="javascript"#), "{}", page.body);
}
