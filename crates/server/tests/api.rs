//! End-to-end checks of what issue 6 added to `marsad serve`: the OpenAPI
//! document against the live routes, the token-guarded write actions (add a
//! source, delete, crawl), `--require-token`, CORS staying off, RSS/Atom feeds of
//! a search read back by real parsers, and the English UI switch.

mod common;

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use common::{article, encode, get, populate, request, start, start_with, started, Reply, HOSTILE_TITLE};
use model::layout;
use server::{Access, ServerConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TOKEN: &str = "test-token-3f9a";

fn config(dir: &Path, token: Option<&str>) -> ServerConfig {
    let mut config = ServerConfig::new(dir.to_path_buf(), SocketAddr::from(([127, 0, 0, 1], 0)));
    config.access = Access { token: token.map(str::to_string), require_token_for_reads: false };
    config
}

/// A request with extra header lines (each "Name: value").
async fn send(addr: SocketAddr, method: &str, target: &str, headers: &[&str], body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for line in headers {
        head.push_str(line);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.expect("send head");
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut raw));
    read.await.expect("reply within 20 s").expect("read reply");
    common::parse_reply(&raw)
}

fn bearer() -> String {
    format!("Authorization: Bearer {TOKEN}")
}

// ---------------------------------------------------------------- OpenAPI

/// A value the parameter's schema forbids, so that a route that really reads the
/// parameter must answer 400 naming it.
fn forbidden_value(schema: &serde_json::Value) -> Option<String> {
    if let Some(values) = schema["enum"].as_array() {
        assert!(!values.iter().any(|v| v == "zzz-not-allowed"));
        return Some("zzz-not-allowed".to_string());
    }
    if schema["format"] == "date" {
        return Some("2024-13-45".to_string());
    }
    if let Some(max) = schema["maximum"].as_u64() {
        return Some((max + 1).to_string());
    }
    if let Some(max) = schema["maxLength"].as_u64() {
        return Some("ب".repeat(max as usize + 1));
    }
    None
}

#[tokio::test]
async fn openapi_lists_exactly_the_routes_the_server_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = populate(dir.path());
    let addr = start_with(config(dir.path(), Some(TOKEN))).await;
    let reply = get(addr, "/api/v1/openapi.json").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let doc = reply.json();
    assert!(doc["openapi"].as_str().unwrap_or("").starts_with("3."), "{doc}");
    let paths = doc["paths"].as_object().expect("paths");

    let mut documented = Vec::new();
    for (path, operations) in paths {
        for (method, operation) in operations.as_object().expect("operations") {
            documented.push((method.to_uppercase(), path.clone()));
            // Every documented operation answers, with a status it documents.
            let target = path.replace("{id}", &fixture.wheat.to_string());
            let reply = send(addr, &method.to_uppercase(), &target, &[], b"").await;
            let status = reply.status.to_string();
            assert!(
                operation["responses"].get(&status).is_some(),
                "{method} {path} answered {status}, not documented: {}",
                reply.body
            );
            assert_ne!(reply.status, 405, "{method} {path}");
        }
    }
    documented.sort();
    let mut served: Vec<(String, String)> = server::DOCUMENTED_ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    served.sort();
    assert_eq!(documented, served, "the document and the route table differ");
}

#[tokio::test]
async fn openapi_parameters_are_the_ones_the_handlers_check() {
    let (_dir, fixture, addr) = started().await;
    let doc = get(addr, "/api/v1/openapi.json").await.json();
    let mut checked = 0;
    for (path, operations) in doc["paths"].as_object().expect("paths") {
        let Some(operation) = operations.get("get") else { continue };
        let Some(parameters) = operation["parameters"].as_array() else { continue };
        for parameter in parameters {
            let name = parameter["name"].as_str().expect("parameter name");
            let Some(bad) = forbidden_value(&parameter["schema"]) else { continue };
            let target = match parameter["in"].as_str() {
                Some("query") => format!("{path}?{name}={}", encode(&bad)),
                Some("path") => path.replace(&format!("{{{name}}}"), "not-a-number"),
                other => panic!("unexpected parameter location {other:?}"),
            };
            let target = target.replace("{id}", &fixture.wheat.to_string());
            let reply = get(addr, &target).await;
            assert_eq!(reply.status, 400, "{target}: {}", reply.body);
            let error = reply.json()["error"].as_str().unwrap_or("").to_string();
            if parameter["in"] == "query" {
                assert!(error.starts_with(name), "{target}: error {error:?} does not name {name}");
            }
            checked += 1;
        }
    }
    // 8 search parameters on 3 routes, plus the two id paths that forbid text.
    assert!(checked >= 24, "only {checked} parameters checked");
}

#[tokio::test]
async fn search_pages_and_sorts_by_date() {
    let (_dir, fixture, addr) = started().await;
    let newest = get(addr, "/api/v1/search?sort=date&limit=2").await.json();
    assert_eq!(newest["total"], 3, "{newest}");
    assert_eq!(newest["hits"][0]["id"], fixture.talks, "{newest}");
    assert_eq!(newest["hits"][1]["id"], fixture.hostile, "{newest}");
    let second = get(addr, "/api/v1/search?sort=date&limit=2&offset=2").await.json();
    assert_eq!(second["hits"][0]["id"], fixture.wheat, "{second}");
    let beyond = get(addr, "/api/v1/search?offset=10001").await;
    assert_eq!(beyond.status, 400);
}

// ---------------------------------------------------------------- security

#[tokio::test]
async fn writes_are_refused_when_no_token_is_configured() {
    let (_dir, fixture, addr) = started().await;
    let attempts = [
        ("POST", "/api/v1/sources".to_string(), br#"{"url":"https://x.example/rss"}"#.to_vec()),
        ("DELETE", format!("/api/v1/articles/{}", fixture.wheat), Vec::new()),
        ("POST", "/api/v1/crawl".to_string(), Vec::new()),
    ];
    for (method, target, body) in attempts {
        // Even a caller who sends some token is refused: there is none to match.
        let reply = send(addr, method, &target, &[&bearer()], &body).await;
        assert_eq!(reply.status, 403, "{method} {target}: {}", reply.body);
        let error = reply.json()["error"].as_str().unwrap_or("").to_string();
        assert!(error.contains("MARSAD_TOKEN"), "{error}");
    }
    // Nothing was deleted.
    assert_eq!(get(addr, &format!("/api/v1/articles/{}", fixture.wheat)).await.status, 200);
}

#[tokio::test]
async fn writes_need_the_right_bearer_token() {
    let dir = tempfile::tempdir().expect("temp dir");
    populate(dir.path());
    let addr = start_with(config(dir.path(), Some(TOKEN))).await;
    let body = br#"{"url":"https://new.example/feed.xml"}"#;

    let missing = send(addr, "POST", "/api/v1/sources", &[], body).await;
    assert_eq!(missing.status, 401, "{}", missing.body);
    assert!(missing.header("www-authenticate").unwrap_or("").starts_with("Bearer"));
    let wrong = send(addr, "POST", "/api/v1/sources", &["Authorization: Bearer nope"], body).await;
    assert_eq!(wrong.status, 401, "{}", wrong.body);
    assert!(wrong.json()["error"].is_string());

    let added = send(addr, "POST", "/api/v1/sources", &[&bearer()], body).await;
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(added.json()["url"], "https://new.example/feed.xml");
    let listed = get(addr, "/api/v1/sources").await.json();
    assert!(
        listed.as_array().expect("list").iter().any(|s| s["url"] == "https://new.example/feed.xml"),
        "{listed}"
    );

    // The API never makes the server read its own files, and checks its input.
    for bad in [
        r#"{"url":"file:///etc/passwd"}"#,
        r#"{"url":"/etc/passwd"}"#,
        r#"{"url":"javascript:alert(1)"}"#,
        r#"{"url":"https://x.example","extra":1}"#,
        r#"not json"#,
    ] {
        let reply = send(addr, "POST", "/api/v1/sources", &[&bearer(), "Content-Type: application/json"], bad.as_bytes()).await;
        assert_eq!(reply.status, 400, "{bad}: {}", reply.body);
        assert!(reply.json()["error"].is_string(), "{bad}");
    }
    let huge = format!(r#"{{"url":"https://x.example/{}"}}"#, "a".repeat(100 * 1024));
    let reply = send(addr, "POST", "/api/v1/sources", &[&bearer(), "Content-Type: application/json"], huge.as_bytes()).await;
    assert_eq!(reply.status, 413, "{}", reply.body);
}

#[tokio::test]
async fn delete_removes_from_store_and_index() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = populate(dir.path());
    let addr = start_with(config(dir.path(), Some(TOKEN))).await;
    let q = format!("/api/v1/search?q={}", encode("مفاوضات"));
    assert_eq!(get(addr, &q).await.json()["total"], 1);

    let target = format!("/api/v1/articles/{}", fixture.talks);
    let deleted = send(addr, "DELETE", &target, &[&bearer()], b"").await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert_eq!(get(addr, &target).await.status, 404);
    assert_eq!(get(addr, &q).await.json()["total"], 0);
    let store = store::Store::open(&layout::database(dir.path())).expect("open store");
    assert_eq!(store.article(fixture.talks).expect("read"), None);
    assert_eq!(store.article_id_for_url("https://akhbar.example/politics/talks-resume").expect("read"), None);

    let again = send(addr, "DELETE", &target, &[&bearer()], b"").await;
    assert_eq!(again.status, 404, "{}", again.body);
    assert!(again.json()["error"].is_string());
}

#[tokio::test]
async fn writes_answer_409_while_another_writer_holds_the_index() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = populate(dir.path());
    let addr = start_with(config(dir.path(), Some(TOKEN))).await;
    // Another process (say `marsad ingest`) holds the index writer.
    let index = index::SearchIndex::open(&layout::index(dir.path())).expect("open index");
    let writer = index.writer().expect("writer lock");

    let target = format!("/api/v1/articles/{}", fixture.wheat);
    let deleted = send(addr, "DELETE", &target, &[&bearer()], b"").await;
    assert_eq!(deleted.status, 409, "{}", deleted.body);
    assert!(deleted.json()["error"].as_str().unwrap_or("").contains("index"));
    assert_eq!(get(addr, &target).await.status, 200, "nothing deleted");

    let crawl = send(addr, "POST", "/api/v1/crawl", &[&bearer()], br#"{"sources":["https://akhbar.example/rss"]}"#).await;
    assert_eq!(crawl.status, 409, "{}", crawl.body);
    let status = get(addr, "/api/v1/crawl").await.json();
    assert_eq!(status["running"], false, "{status}");

    drop(writer);
    let deleted = send(addr, "DELETE", &target, &[&bearer()], b"").await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
}

#[tokio::test]
async fn crawl_ingests_a_site_in_the_background() {
    let site = demosite::start(SocketAddr::from(([127, 0, 0, 1], 0)), demosite::SiteOptions::default())
        .await
        .expect("demo site");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = config(dir.path(), Some(TOKEN));
    config.crawl.allow_private = true;
    config.crawl.per_host_delay = Some(Duration::ZERO);
    let addr = start_with(config).await;

    let bad = send(addr, "POST", "/api/v1/crawl", &[&bearer()], br#"{"sources":["/etc"]}"#).await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    let nothing = send(addr, "POST", "/api/v1/crawl", &[&bearer()], b"").await;
    assert_eq!(nothing.status, 400, "no known sources yet: {}", nothing.body);

    let feed = &site.feed_urls()[0];
    let body = serde_json::json!({ "sources": [feed] }).to_string();
    let started = send(addr, "POST", "/api/v1/crawl", &[&bearer()], body.as_bytes()).await;
    assert_eq!(started.status, 202, "{}", started.body);
    assert_eq!(started.json()["sources"][0], feed.as_str());

    let mut status = serde_json::Value::Null;
    for _ in 0..300 {
        status = get(addr, "/api/v1/crawl").await.json();
        if status["running"] == false {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status["running"], false, "crawl did not finish: {status}");
    assert!(status["error"].is_null(), "{status}");
    let new = status["new_articles"].as_u64().unwrap_or(0);
    assert!(new > 0, "{status}");
    let stats = get(addr, "/api/v1/stats").await.json();
    assert_eq!(stats["articles"].as_u64(), Some(new), "{stats}");
    // The index writer was released: a delete can take it now.
    let latest = get(addr, "/api/v1/search?sort=date&limit=1").await.json();
    let id = latest["hits"][0]["id"].as_i64().expect("a crawled article is searchable");
    let deleted = send(addr, "DELETE", &format!("/api/v1/articles/{id}"), &[&bearer()], b"").await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    site.shutdown().await;
}

#[tokio::test]
async fn require_token_guards_reads_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    populate(dir.path());
    let mut guarded = config(dir.path(), Some(TOKEN));
    guarded.access.require_token_for_reads = true;
    let addr = start_with(guarded).await;
    for target in ["/api/v1/search?q=x", "/api/v1/stats", "/", "/feeds/search.rss", "/api/v1/openapi.json"] {
        let open = get(addr, target).await;
        assert_eq!(open.status, 401, "{target}: {}", open.body);
        let with = send(addr, "GET", target, &[&bearer()], b"").await;
        assert_eq!(with.status, 200, "{target}: {}", with.body);
    }

    // Requiring a token that does not exist would lock everyone out: refused.
    let mut impossible = config(dir.path(), None);
    impossible.access.require_token_for_reads = true;
    let refused = server::bind(impossible).await;
    assert!(matches!(&refused, Err(err) if err.to_string().contains("MARSAD_TOKEN")));
}

#[tokio::test]
async fn cors_is_off() {
    let (_dir, _fixture, addr) = started().await;
    let origin = "Origin: https://elsewhere.example";
    let plain = send(addr, "GET", "/api/v1/search?q=x", &[origin], b"").await;
    assert_eq!(plain.status, 200);
    let preflight = send(
        addr,
        "OPTIONS",
        "/api/v1/search",
        &[origin, "Access-Control-Request-Method: GET"],
        b"",
    )
    .await;
    for reply in [&plain, &preflight] {
        let cors: Vec<_> = reply
            .headers
            .iter()
            .filter(|(k, _)| k.to_ascii_lowercase().starts_with("access-control-"))
            .collect();
        assert!(cors.is_empty(), "{cors:?}");
    }
    assert!(preflight.status >= 400, "{}", preflight.status);
}

// ---------------------------------------------------------------- feeds

/// Parses the whole document with a strict XML reader; panics on any error.
fn assert_well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(err) => panic!("not well-formed XML at {}: {err}\n{xml}", reader.buffer_position()),
        }
    }
}

#[tokio::test]
async fn rss_feed_of_a_search_is_valid_and_arabic() {
    let (_dir, fixture, addr) = started().await;
    let target = format!("/feeds/search.rss?q={}", encode("مفاوضات"));
    let reply = get(addr, &target).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.header("content-type").unwrap_or("").starts_with("application/rss+xml"));
    assert_well_formed(&reply.body);
    assert!(reply.body.contains(r#"<rss version="2.0""#), "{}", reply.body);
    assert!(reply.body.contains("<language>ar</language>"), "{}", reply.body);
    let self_link = format!(r#"<atom:link href="http://{addr}{target}" rel="self""#);
    assert!(reply.body.contains(&self_link), "{}", reply.body);

    let feed = feed_rs::parser::parse(reply.body.as_bytes()).expect("feed-rs reads the RSS");
    assert_eq!(feed.entries.len(), 1, "{feed:?}");
    let entry = &feed.entries[0];
    let title = entry.title.as_ref().map(|t| t.content.clone()).unwrap_or_default();
    assert_eq!(title, "استئناف المفاوضات بين الوفدين بعد توقف دام شهرين");
    assert_eq!(entry.id, "https://akhbar.example/politics/talks-resume");
    assert_eq!(entry.links[0].href, "https://akhbar.example/politics/talks-resume");
    assert!(entry.published.is_some(), "{entry:?}");
    assert_eq!(feed.language.as_deref(), Some("ar"));

    // Stable: the same search gives the same GUIDs.
    let again = get(addr, &target).await.body;
    let guid = |body: &str| body.split("<guid").nth(1).map(|s| s.split("</guid>").next().unwrap_or("").to_string());
    assert_eq!(guid(&again), guid(&reply.body));
    let _ = fixture;
}

#[tokio::test]
async fn atom_feed_of_a_search_is_valid_and_filtered() {
    let (_dir, fixture, addr) = started().await;
    // Everything from one outlet, newest first.
    let target = format!("/feeds/search.atom?outlet={}", encode("أخبار اليوم"));
    let reply = get(addr, &target).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.header("content-type").unwrap_or("").starts_with("application/atom+xml"));
    assert_well_formed(&reply.body);
    assert!(reply.body.contains(r#"xml:lang="ar""#), "{}", reply.body);
    assert!(reply.body.contains(r#"<link rel="self" type="application/atom+xml""#), "{}", reply.body);

    let feed = feed_rs::parser::parse(reply.body.as_bytes()).expect("feed-rs reads the Atom");
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        ["https://akhbar.example/politics/talks-resume", "https://akhbar.example/odd/page"],
        "{}",
        reply.body
    );
    // The hostile title arrives as text, not markup.
    let hostile = feed.entries[1].title.as_ref().map(|t| t.content.clone()).unwrap_or_default();
    assert_eq!(hostile, HOSTILE_TITLE);
    assert!(!reply.body.contains("<script>"), "{}", reply.body);
    assert!(feed.entries.iter().all(|e| e.updated.is_some()));

    let bad = get(addr, "/feeds/search.atom?limit=1000").await;
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"].is_string());
    let _ = fixture;
}

#[tokio::test]
async fn feeds_survive_characters_xml_forbids() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = store::Store::open(&layout::database(dir.path())).expect("open store");
    let index = index::SearchIndex::open(&layout::index(dir.path())).expect("open index");
    let mut writer = index.writer().expect("writer");
    let mut odd = article(
        "file:///saved/page.html",
        "عنوان\u{1}فيه\u{0}محارف تحكّم & رموز < >",
        "أخبار اليوم",
        "not a date",
        &["نص\u{b}غريب \u{FFFF} للتجربة"],
    );
    odd.id = store.insert_article(&odd).expect("insert").id;
    writer.upsert(&odd).expect("index");
    writer.commit().expect("commit");
    drop(writer);
    let addr = start(dir.path()).await;
    for kind in ["rss", "atom"] {
        let reply = get(addr, &format!("/feeds/search.{kind}")).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_well_formed(&reply.body);
        let feed = feed_rs::parser::parse(reply.body.as_bytes()).expect("parses");
        assert_eq!(feed.entries.len(), 1);
        // No web address: a tag: URI from the id, and a link to our own page.
        assert_eq!(feed.entries[0].id, format!("tag:marsad.invalid,2024:article/{}", odd.id));
        assert!(reply.body.contains(&format!("/article/{}", odd.id)), "{}", reply.body);
    }
}

// ---------------------------------------------------------------- UI

#[tokio::test]
async fn search_page_links_to_its_feeds() {
    let (_dir, _fixture, addr) = started().await;
    let page = get(addr, &format!("/?q={}", encode("القمح"))).await;
    assert_eq!(page.status, 200);
    let rss = format!("/feeds/search.rss?q={}", encode("القمح"));
    assert!(page.body.contains(r#"<link rel="alternate" type="application/rss+xml""#), "{}", page.body);
    assert!(page.body.contains(&format!(r#"href="{rss}""#)), "{}", page.body);
    assert!(page.body.contains(r#"type="application/atom+xml""#), "{}", page.body);
    // The advertised feed answers.
    let feed = get(addr, &rss).await;
    assert_eq!(feed.status, 200);
    assert!(feed.body.contains("ارتفاع أسعار القمح"), "{}", feed.body);
}

#[tokio::test]
async fn english_switch_keeps_the_page_and_flips_direction() {
    let (_dir, fixture, addr) = started().await;
    let arabic = get(addr, "/sources").await;
    assert!(arabic.body.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(arabic.body.contains(r#"href="/sources?ui=en""#), "{}", arabic.body);

    let english = get(addr, "/sources?ui=en").await;
    assert_eq!(english.status, 200);
    assert!(english.body.contains(r#"<html lang="en" dir="ltr">"#), "{}", english.body);
    assert!(english.body.contains("Last error"), "{}", english.body);
    assert!(english.body.contains(r#"href="/sources""#), "{}", english.body);

    let results = get(addr, &format!("/?q={}&ui=en", encode("مفاوضات"))).await;
    assert!(results.body.contains("Results:"), "{}", results.body);
    assert!(results.body.contains(&format!(r#"href="/article/{}?ui=en""#, fixture.talks)), "{}", results.body);
    assert!(results.body.contains(r#"<input type="hidden" name="ui" value="en">"#), "{}", results.body);

    let article = get(addr, &format!("/article/{}?ui=en", fixture.talks)).await;
    assert!(article.body.contains(r#"<article class="story" lang="ar" dir="auto">"#), "{}", article.body);
    assert!(article.body.contains("Original source:"), "{}", article.body);

    for target in ["/about", "/about?ui=en"] {
        let about = get(addr, target).await;
        assert_eq!(about.status, 200, "{target}");
        assert!(about.body.contains("/api/v1/openapi.json"), "{}", about.body);
    }
    let missing = get(addr, "/nothing?ui=en").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "{}", missing.body);
}

#[tokio::test]
async fn pages_can_be_used_from_the_keyboard() {
    let (_dir, _fixture, addr) = started().await;
    let home = get(addr, "/").await;
    assert!(home.body.contains(r##"<a class="skip" href="#main">"##), "{}", home.body);
    assert!(home.body.contains(r#"<main id="main" tabindex="-1">"#), "{}", home.body);
    assert!(home.body.contains(r#"<script src="/static/app.js" defer>"#), "{}", home.body);
    // No inline script anywhere: the CSP would block it.
    assert_eq!(home.body.matches("<script").count(), 1, "{}", home.body);
    let js = get(addr, "/static/app.js").await;
    assert_eq!(js.status, 200);
    assert!(js.header("content-type").unwrap_or("").starts_with("text/javascript"));
    let css = get(addr, "/static/style.css").await;
    assert!(css.body.contains(":focus-visible"));
}

#[tokio::test]
async fn article_page_lists_other_addresses_of_the_article() {
    let (dir, fixture, addr) = started().await;
    let store = store::Store::open(&layout::database(dir.path())).expect("open store");
    store
        .remember_url("https://mirror.example/copy-of-talks", fixture.talks)
        .expect("remember copy");
    let page = get(addr, &format!("/article/{}", fixture.talks)).await;
    assert!(page.body.contains(r#"<section class="copies""#), "{}", page.body);
    assert!(page.body.contains("https://mirror.example/copy-of-talks"), "{}", page.body);
    let _ = request;
}
