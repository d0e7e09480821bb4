//! End to end on real parts: the project's demo news site on 127.0.0.1, a real
//! SQLite file and tantivy index in a temporary folder, and the built `marsad`
//! binary. Nothing is mocked.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use engine::{Engine, EngineConfig, Quiet};

fn loopback_engine(data: &Path) -> Engine {
    let mut config = EngineConfig::new(data);
    config.fetch.allow_private = true;
    config.fetch.per_host_delay = Duration::ZERO;
    Engine::open(config).expect("engine opens on a fresh folder")
}

async fn demo_site() -> demosite::DemoSite {
    demosite::start("127.0.0.1:0".parse().unwrap(), demosite::SiteOptions::default())
        .await
        .expect("demo site starts")
}

mod common;
use common::marsad;

fn stdout(o: &Output) -> String {
    common::text(&o.stdout)
}

fn stderr(o: &Output) -> String {
    common::text(&o.stderr)
}

/// A usage or input error is one line on stderr, exit code 2, and no panic.
fn assert_one_line_error(o: &Output, expect_in_message: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "exit code; stderr: {err}");
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains(expect_in_message), "expected {expect_in_message:?} in {err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ingest_through_the_library_stores_searches_and_records_the_dead_feed() {
    let site = demo_site().await;
    let data = tempfile::tempdir().unwrap();
    let engine = loopback_engine(data.path());
    let sources: Vec<_> = site.sources().iter().map(|s| engine::classify(s).unwrap()).collect();

    let first = engine.ingest(&sources, &Quiet).await.unwrap();
    let hand_written = demosite::articles().len() as u64;
    assert!(first.new_articles >= 30, "stored {} articles: {first:?}", first.new_articles);
    assert!(
        first.new_articles <= hand_written,
        "home pages must not be stored as articles: {} > {hand_written}",
        first.new_articles
    );

    let dead = site.dead_feed_url();
    let outcome = first.sources.iter().find(|s| s.source == dead).expect("dead feed reported");
    assert_eq!(outcome.http_status, Some(404));
    assert!(outcome.error.as_deref().unwrap_or("").contains("404"), "{outcome:?}");

    {
        let store = engine.store();
        let health = store.source(&dead).unwrap().expect("dead feed kept in sources");
        assert_eq!(health.status, "failing");
        assert_eq!(health.http_status, Some(404));
        assert_eq!(health.last_error.as_deref(), Some("404 Not Found"));
        assert_eq!(store.article_count().unwrap(), first.new_articles);
    }

    // A stemmed Arabic query finds the other forms of the word.
    let results = engine
        .index()
        .search(&model::SearchQuery { text: "مفاوضات".into(), limit: 100, ..Default::default() })
        .unwrap();
    assert!(results.total >= 3, "found {}", results.total);
    let store = engine.store();
    let mut forms_found = std::collections::HashSet::new();
    for hit in &results.hits {
        assert!(hit.snippet.contains("<mark>"), "snippet marks the match: {}", hit.snippet);
        let text = store.article(hit.id).unwrap().unwrap().text();
        for form in ["المفاوضات", "والمفاوضات", "بالمفاوضات", "للمفاوضات", "المُفاوَضات"] {
            if text.split(|c: char| !c.is_alphabetic() && !('\u{064B}'..='\u{0652}').contains(&c)).any(|w| w == form) {
                forms_found.insert(form);
            }
        }
    }
    assert!(forms_found.len() >= 4, "forms matched: {forms_found:?}");
    drop(store);

    // A word in no article finds nothing.
    let none = engine
        .index()
        .search(&model::SearchQuery { text: "قمحستان".into(), limit: 10, ..Default::default() })
        .unwrap();
    assert_eq!(none.total, 0);

    // Second run: nothing new, and the feeds answer 304 to the conditional GET.
    let before_304 = site.not_modified_served();
    let second = engine.ingest(&sources, &Quiet).await.unwrap();
    assert_eq!(second.new_articles, 0, "{second:?}");
    assert_eq!(engine.store().article_count().unwrap(), first.new_articles);
    assert!(site.not_modified_served() > before_304, "the site answered 304");
    let not_modified: Vec<_> = second.sources.iter().filter(|s| s.not_modified).collect();
    assert!(!not_modified.is_empty(), "{second:?}");
    for s in not_modified {
        let health = engine.store().source(&s.source).unwrap().unwrap();
        assert!(health.not_modified >= 1, "{health:?}");
        assert_eq!(health.status, "ok");
    }
    site.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_outlet_including_the_windows_1256_one_is_stored_with_its_titles() {
    let site = demo_site().await;
    let data = tempfile::tempdir().unwrap();
    let engine = loopback_engine(data.path());
    let sources: Vec<_> = site.sources().iter().map(|s| engine::classify(s).unwrap()).collect();
    engine.ingest(&sources, &Quiet).await.unwrap();

    let store = engine.store();
    let mut stored_titles = Vec::new();
    store
        .for_each_article::<store::StoreError>(|a| {
            stored_titles.push(a.title.unwrap_or_default());
            Ok(())
        })
        .unwrap();
    let outlets: std::collections::BTreeSet<_> = demosite::articles().iter().map(|a| a.outlet).collect();
    assert_eq!(outlets.len(), 3);
    for outlet in outlets {
        let expected: Vec<_> = demosite::articles().iter().filter(|a| a.outlet == outlet).collect();
        let found = expected.iter().filter(|a| stored_titles.iter().any(|t| t == a.title)).count();
        assert!(
            found * 10 >= expected.len() * 9,
            "{outlet}: {found} of {} titles stored exactly; stored titles: {stored_titles:?}",
            expected.len()
        );
    }
    drop(store);
    site.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_ingests_searches_and_reports_sources() {
    let site = demo_site().await;
    let data = tempfile::tempdir().unwrap();
    let mut args = vec!["ingest", "--allow-private", "--per-host-delay", "0"];
    let sources = site.sources();
    args.extend(sources.iter().map(String::as_str));
    let data_path = data.path().to_path_buf();
    let args_owned: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let run = move || {
        let a: Vec<&str> = args_owned.iter().map(String::as_str).collect();
        marsad(&data_path, &a)
    };
    let first = tokio::task::spawn_blocking(run.clone()).await.unwrap();
    assert_eq!(first.status.code(), Some(1), "a dead feed among good ones exits 1: {}", stderr(&first));
    assert!(stdout(&first).contains("404 Not Found"), "{}", stdout(&first));

    let search = marsad(data.path(), &["search", "--json", "--limit", "50", "مفاوضات"]);
    assert_eq!(search.status.code(), Some(0), "{}", stderr(&search));
    let results: serde_json::Value = serde_json::from_str(&stdout(&search)).unwrap();
    assert!(results["total"].as_u64().unwrap() >= 3, "{results}");
    let hit = &results["hits"][0];
    for key in ["id", "title", "url", "outlet", "date", "snippet", "score"] {
        assert!(hit.get(key).is_some(), "hit has {key}: {hit}");
    }
    let id = hit["id"].as_i64().unwrap().to_string();
    let show = marsad(data.path(), &["show", "--json", &id]);
    let article: serde_json::Value = serde_json::from_str(&stdout(&show)).unwrap();
    assert!(!article["paragraphs"].as_array().unwrap().is_empty());

    let sources_out = marsad(data.path(), &["sources", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&stdout(&sources_out)).unwrap();
    let dead = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["url"] == site.dead_feed_url().as_str())
        .expect("dead feed listed");
    assert_eq!(dead["status"], "failing");
    assert_eq!(dead["http_status"], 404);
    assert_eq!(dead["last_error"], "404 Not Found");
    for key in ["url", "status", "http_status", "last_error", "last_success", "items_seen", "articles"] {
        assert!(dead.get(key).is_some(), "source has {key}");
    }
    let healthy = list.as_array().unwrap().iter().filter(|s| s["status"] == "ok").count();
    assert!(healthy >= 2, "{list}");

    let second = tokio::task::spawn_blocking(run).await.unwrap();
    assert!(stdout(&second).contains("stored 0 new articles"), "{}", stdout(&second));
    site.shutdown().await;
}

#[test]
fn a_windows_1256_file_with_no_charset_is_stored_with_the_right_arabic() {
    let title = "المجلس البلدي يقر خطة جديدة لتنظيف شواطئ المدينة";
    let body = "أقر المجلس البلدي في جلسته المسائية خطة جديدة لتنظيف الشواطئ قبل موسم الصيف، وتشمل الخطة حملات أسبوعية يشارك فيها متطوعون من أبناء الأحياء الساحلية.";
    let html = format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>"
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&html);
    assert!(std::str::from_utf8(&bytes).is_err(), "fixture really is windows-1256");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("legacy.html");
    std::fs::write(&page, &bytes).unwrap();
    let data = dir.path().join("data");

    let out = marsad(&data, &["ingest", page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let show = marsad(&data, &["show", "--json", "1"]);
    let article: serde_json::Value = serde_json::from_str(&stdout(&show)).unwrap();
    assert_eq!(article["title"], title);
    assert!(article["paragraphs"][0].as_str().unwrap().contains("حملات أسبوعية"), "{article}");
}

#[test]
fn bad_input_is_one_line_exit_2_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let good = dir.path().join("good.html");
    std::fs::write(
        &good,
        "<html lang=\"ar\"><head><title>خبر جيد</title></head><body><article><h1>خبر جيد</h1>\
         <p>افتتحت البلدية صباح اليوم حديقة عامة جديدة في الحي الشمالي، بحضور عدد كبير من السكان والأطفال.</p>\
         <p>وقال رئيس البلدية إن الحديقة تضم ملاعب ومساحات خضراء واسعة ومكتبة صغيرة للأطفال.</p></article></body></html>",
    )
    .unwrap();
    let ok = marsad(&data, &["ingest", good.to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));

    let empty = dir.path().join("empty.html");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.path().join("binary.html");
    std::fs::write(&binary, (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect::<Vec<u8>>()).unwrap();

    let missing = dir.path().join("missing.html");
    assert_one_line_error(&marsad(&data, &["ingest", missing.to_str().unwrap()]), "no such file");
    assert_one_line_error(&marsad(&data, &["ingest", "http://"]), "not a valid URL");
    assert_one_line_error(&marsad(&data, &["ingest", empty.to_str().unwrap()]), "empty");
    assert_one_line_error(&marsad(&data, &["ingest", binary.to_str().unwrap()]), "binary");
    assert_one_line_error(&marsad(&data, &["show", "999"]), "no article with id 999");
    let not_a_folder = good.join("data");
    assert_one_line_error(
        &marsad(&not_a_folder, &["ingest", good.to_str().unwrap()]),
        "cannot open data folder",
    );

    // A failing file among good ones: finished, exit 1.
    let mixed = marsad(&data, &["ingest", good.to_str().unwrap(), empty.to_str().unwrap()]);
    assert_eq!(mixed.status.code(), Some(1), "{}", stderr(&mixed));

    // Nothing stored before was lost.
    let show = marsad(&data, &["show", "--json", "1"]);
    assert_eq!(show.status.code(), Some(0), "{}", stderr(&show));
    let article: serde_json::Value = serde_json::from_str(&stdout(&show)).unwrap();
    assert_eq!(article["title"], "خبر جيد");
    let search = marsad(&data, &["search", "--json", "الحديقة"]);
    let results: serde_json::Value = serde_json::from_str(&stdout(&search)).unwrap();
    assert_eq!(results["total"], 1, "{results}");
}

#[test]
fn extract_prints_one_json_object_per_file_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, word) in ["الأول", "الثاني", "الثالث"].iter().enumerate() {
        let path = dir.path().join(format!("p{i}.html"));
        std::fs::write(
            &path,
            format!(
                "<html><head><title>الخبر {word}</title><meta property=\"article:published_time\" content=\"2026-11-0{}T09:00:00+03:00\"></head>\
                 <body><article><h1>الخبر {word}</h1><p>هذا نص الخبر {word}، وهو فقرة طويلة بما يكفي لتعد متنا لمقال إخباري حقيقي عن شؤون المدينة.</p>\
                 <p>ويضيف الخبر {word} تفاصيل أخرى عن المشروع والجهات المشاركة فيه وموعد انطلاقه المتوقع.</p></article></body></html>",
                i + 1
            ),
        )
        .unwrap();
        files.push(path);
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_marsad"));
    cmd.arg("extract").arg("--json");
    for f in &files {
        cmd.arg(f);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    for (i, (line, word)) in lines.iter().zip(["الأول", "الثاني", "الثالث"]).enumerate() {
        assert_eq!(line["file"], files[i].to_str().unwrap());
        assert_eq!(line["title"], format!("الخبر {word}"));
        assert_eq!(line["date"].as_str().unwrap()[..10], format!("2026-11-0{}", i + 1));
        assert_eq!(line["kind"], "article");
        for key in ["url", "canonical_url", "author", "outlet", "language", "text", "paragraphs", "image", "image_caption"] {
            assert!(line.get(key).is_some(), "{key} in {line}");
        }
    }
}
