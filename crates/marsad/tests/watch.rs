//! `marsad sources import/export` and `marsad watch` through the real binary,
//! against the demo site on 127.0.0.1: an OPML round trip, and a watch that
//! polls on a shortened schedule, is stopped with SIGTERM and leaves the index
//! level with the store.

mod common;

use common::marsad;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn opml(urls: &[(&str, &str)]) -> String {
    let outlines: String = urls
        .iter()
        .map(|(title, url)| format!("<outline type=\"rss\" text=\"{title}\" xmlUrl=\"{url}\"/>"))
        .collect();
    format!("<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>قائمتي</title></head><body><outline text=\"أخبار\">{outlines}</outline></body></opml>")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opml_import_then_export_round_trips_without_fetching() {
    let site = demosite::start("127.0.0.1:0".parse().unwrap(), demosite::SiteOptions::default())
        .await
        .unwrap();
    let data = tempfile::tempdir().unwrap();
    let feeds = site.feed_urls();
    let list = data.path().join("list.opml");
    std::fs::write(&list, opml(&[("ضفاف", &feeds[0]), ("منارة", &feeds[1]), ("ضفاف", &feeds[0])])).unwrap();
    let before = site.requests_served();

    let import = marsad(data.path(), &["sources", "import", list.to_str().unwrap()]);
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    assert!(String::from_utf8_lossy(&import.stdout).starts_with("2 new sources"), "{import:?}");
    assert_eq!(site.requests_served(), before, "import fetches nothing");
    let again = marsad(data.path(), &["sources", "import", list.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&again.stdout).starts_with("0 new sources"), "{again:?}");

    // `sources` without a subcommand still lists, as JSON too.
    let listed = marsad(data.path(), &["sources", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("JSON");
    assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");

    let export = marsad(data.path(), &["sources", "export"]);
    assert!(export.status.success());
    let exported = feeds::parse_opml(&export.stdout).expect("export is OPML");
    let mut urls: Vec<_> = exported.iter().map(|e| e.xml_url.clone()).collect();
    urls.sort();
    let mut expected = vec![feeds[0].clone(), feeds[1].clone()];
    expected.sort();
    assert_eq!(urls, expected);
    assert!(exported.iter().any(|e| e.title.as_deref() == Some("منارة")), "{exported:?}");
    assert!(String::from_utf8_lossy(&export.stdout).contains("<opml version=\"2.0\">"));

    // The exported list imports into a fresh data folder as the same sources.
    let other = tempfile::tempdir().unwrap();
    let file = other.path().join("exported.opml");
    std::fs::write(&file, &export.stdout).unwrap();
    let reimport = marsad(other.path(), &["sources", "import", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&reimport.stdout).starts_with("2 new sources"), "{reimport:?}");
    site.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_polls_on_schedule_fetches_new_pages_and_stops_cleanly_on_sigterm() {
    let site = demosite::start(
        "127.0.0.1:0".parse().unwrap(),
        demosite::SiteOptions { synthetic_articles: 400 },
    )
    .await
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let feeds = site.feed_urls();
    let bench = format!("{}/bench/rss.xml", site.base_url());
    let list = data.path().join("list.opml");
    std::fs::write(&list, opml(&[("ضفاف", &feeds[0]), ("ميت", &site.dead_feed_url()), ("اصطناعي", &bench)])).unwrap();
    assert!(marsad(data.path(), &["sources", "import", list.to_str().unwrap()]).status.success());
    let store = store::Store::open(&model::layout::database(data.path())).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("--data")
        .arg(data.path())
        .args(["watch", "--allow-private", "--per-host-delay", "0", "--min-interval", "1", "--max-interval", "2"])
        .env_remove("MARSAD_DATA")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // The good feed is polled again within its shortened interval (a 304 from the
    // demo site), while the synthetic outlet's pages are still being fetched or
    // just done; the dead feed is kept, failing, and retried.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let rss = store.source(&feeds[0]).unwrap().unwrap();
        let dead = store.source(&site.dead_feed_url()).unwrap().unwrap();
        if rss.not_modified >= 1 && dead.failures >= 2 {
            assert!(rss.next_poll.is_some() && rss.poll_interval_secs.is_some_and(|s| s <= 2), "{rss:?}");
            assert_eq!(dead.status, "failing");
            break;
        }
        assert!(Instant::now() < deadline, "watch did not poll again: {rss:?} {dead:?}");
        assert!(child.try_wait().unwrap().is_none(), "watch exited early");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(store.article_count().unwrap() > 0, "new items' pages are fetched");

    let term = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(term.success());
    let started = Instant::now();
    let out = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(30), "stopping took {:?}", started.elapsed());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.trim_end().ends_with("stopped"), "{stdout}");

    // A clean stop committed the index: it matches the store without any
    // reconciliation (open_data_dir does none).
    let stored = store.article_count().unwrap();
    drop(store);
    let (_, index) = engine::open_data_dir(data.path()).unwrap();
    assert_eq!(index.num_docs(), stored);
    site.shutdown().await;
}
