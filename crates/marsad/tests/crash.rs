//! Crash safety through the real binary: `marsad ingest` is SIGKILLed at several
//! points while it stores articles from the demo site on 127.0.0.1, restarted each
//! time, and finally left to finish. Nothing stored may be lost or stored twice,
//! and the index (derived data, committed in batches) must be brought level with
//! the store when the engine opens again.

use std::collections::HashSet;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Synthetic articles on top of the hand-written ones: enough that a debug build
/// is still storing when each kill lands.
const SYNTHETIC: usize = 600;

fn start_ingest(data: &Path, sources: &[String]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("--data")
        .arg(data)
        .args(["ingest", "--allow-private", "--per-host-delay", "0"])
        .args(sources)
        .env_remove("MARSAD_DATA")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("marsad starts")
}

/// Waits until the store holds at least `at_least` articles, then SIGKILLs the
/// child (`Child::kill` is SIGKILL on Unix). Returns the count seen at the kill,
/// or None if the child finished first.
fn kill_when_stored(child: &mut Child, store: &store::Store, at_least: u64) -> Option<u64> {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        if child.try_wait().expect("child status").is_some() {
            return None;
        }
        let count = store.article_count().expect("count");
        if count >= at_least {
            child.kill().expect("SIGKILL");
            child.wait().expect("reaped");
            return Some(count);
        }
        assert!(Instant::now() < deadline, "ingest made no progress: {count} articles");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_ingest_then_restart_loses_and_duplicates_nothing() {
    let site = demosite::start(
        "127.0.0.1:0".parse().unwrap(),
        demosite::SiteOptions { synthetic_articles: SYNTHETIC },
    )
    .await
    .expect("demo site starts");
    let data = tempfile::tempdir().unwrap();
    // The schema is created here, before any child runs, so that this reader and
    // the first child never race to create it.
    let store = store::Store::open(&model::layout::database(data.path())).expect("store opens");
    let sources = site.sources();

    let mut kills = Vec::new();
    let mut previous = 0u64;
    for target in [1u64, 120, 300, 450] {
        let mut child = start_ingest(data.path(), &sources);
        match kill_when_stored(&mut child, &store, target.max(previous + 1)) {
            Some(count) => {
                assert!(count >= previous, "articles disappeared after a kill: {count} < {previous}");
                previous = store.article_count().unwrap();
                kills.push(count);
            }
            None => break,
        }
    }
    assert!(kills.len() >= 2, "the binary finished before it could be killed twice: {kills:?}");

    // The last run is left to finish (exit 1: the demo's dead feed fails on purpose).
    let status = start_ingest(data.path(), &sources).wait().expect("last run");
    assert!(matches!(status.code(), Some(0 | 1)), "last run: {status:?}");

    // Every page the site served is stored exactly once.
    let expected = (SYNTHETIC + demosite::articles().len()) as u64;
    let ids = store.article_ids().unwrap();
    let mut urls = HashSet::new();
    for id in &ids {
        let article = store.article(*id).unwrap().expect("listed id reads back");
        assert!(urls.insert(article.url.clone()), "stored twice: {}", article.url);
    }
    let missing: Vec<String> = site
        .article_urls()
        .into_iter()
        .filter(|u| store.article_id_for_url(u).ok().flatten().is_none())
        .collect();
    assert_eq!(ids.len() as u64, expected, "articles after kills at {kills:?}; hand-written missing: {missing:?}");
    for n in [1, SYNTHETIC / 2, SYNTHETIC] {
        assert!(urls.contains(&site.synthetic_article_url(n)), "synthetic article {n} missing");
    }
    for url in site.article_urls() {
        assert!(
            store.article_id_for_url(&url).unwrap().is_some(),
            "hand-written article {url} missing"
        );
    }
    drop(store);

    // The index holds exactly the stored articles: a reopened engine has nothing
    // left to reconcile, and the binary's search answers from it.
    let (store, index) = engine::open_data_dir(data.path()).unwrap();
    let indexed: HashSet<i64> = index.ids().unwrap().into_iter().collect();
    assert_eq!(index.num_docs(), store.article_count().unwrap(), "index vs store");
    assert_eq!(indexed, ids.iter().copied().collect::<HashSet<_>>());
    drop((store, index));

    let search = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("--data")
        .arg(data.path())
        .args(["search", "--json", "--limit", "5", "الحكومة"])
        .env_remove("MARSAD_DATA")
        .output()
        .expect("search runs");
    assert!(search.status.success(), "{}", String::from_utf8_lossy(&search.stderr));
    let results: serde_json::Value = serde_json::from_slice(&search.stdout).expect("search JSON");
    assert!(results["total"].as_u64().unwrap_or(0) > 0, "{results}");
    site.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_watch_then_watch_once_finishes_the_listed_items() {
    const ARTICLES: usize = 400;
    let site = demosite::start(
        "127.0.0.1:0".parse().unwrap(),
        demosite::SiteOptions { synthetic_articles: ARTICLES },
    )
    .await
    .expect("demo site starts");
    let data = tempfile::tempdir().unwrap();
    let store = store::Store::open(&model::layout::database(data.path())).expect("store opens");
    let feed = format!("{}/bench/rss.xml", site.base_url());
    let list = data.path().join("list.opml");
    std::fs::write(
        &list,
        format!("<?xml version=\"1.0\"?><opml version=\"2.0\"><head/><body><outline text=\"b\" xmlUrl=\"{feed}\"/></body></opml>"),
    )
    .unwrap();
    let marsad = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_marsad"))
            .arg("--data")
            .arg(data.path())
            .args(args)
            .env_remove("MARSAD_DATA")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("marsad starts")
    };
    let watch = ["watch", "--allow-private", "--per-host-delay", "0", "--min-interval", "1", "--max-interval", "1"];
    assert!(marsad(&["sources", "import", list.to_str().unwrap()]).wait().unwrap().success());

    let mut child = marsad(&watch);
    let killed_at = kill_when_stored(&mut child, &store, 50).expect("watch never exits on its own");
    assert!(killed_at < ARTICLES as u64, "killed after the work was done: {killed_at}");
    // The feed now answers 304 (same ETag): only the remembered items can finish the work.
    std::thread::sleep(Duration::from_millis(1100));
    let mut once = watch.to_vec();
    once.push("--once");
    assert!(marsad(&once).wait().unwrap().success());

    assert_eq!(store.article_count().unwrap(), ARTICLES as u64, "killed at {killed_at}");
    let mut urls = HashSet::new();
    for id in store.article_ids().unwrap() {
        let article = store.article(id).unwrap().expect("reads back");
        assert!(urls.insert(article.url.clone()), "stored twice: {}", article.url);
    }
    let health = store.source(&feed).unwrap().expect("feed kept");
    assert!(health.not_modified >= 1, "the restart was answered 304: {health:?}");
    drop(store);
    let (store, index) = engine::open_data_dir(data.path()).unwrap();
    assert_eq!(index.num_docs(), store.article_count().unwrap(), "index vs store");
    site.shutdown().await;
}
