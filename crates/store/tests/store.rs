//! The store against a real SQLite file in a temporary folder.

use model::Article;
use store::{SourcePoll, Store};

fn article(url: &str, canonical: Option<&str>, text: &str) -> Article {
    Article {
        url: url.to_string(),
        canonical_url: canonical.map(str::to_string),
        title: Some("عنوان تجريبي".to_string()),
        outlet: Some("صحيفة الاختبار".to_string()),
        paragraphs: text.split('\n').map(str::to_string).collect(),
        text_hash: format!("hash-of-{text}"),
        ..Article::default()
    }
}

#[test]
fn stores_reads_back_and_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    let id = {
        let mut store = Store::open(&path).unwrap();
        let ins = store
            .insert_article(&article("http://a.test/1", None, "الفقرة الأولى\nالفقرة الثانية"))
            .unwrap();
        assert!(ins.is_new);
        ins.id
    };
    let store = Store::open(&path).unwrap();
    let back = store.article(id).unwrap().expect("stored article is found");
    assert_eq!(back.paragraphs, vec!["الفقرة الأولى", "الفقرة الثانية"]);
    assert_eq!(back.url, "http://a.test/1");
    assert!(!back.fetched_at.is_empty());
    assert_eq!(store.article_count().unwrap(), 1);
    assert!(store.article(id + 100).unwrap().is_none());
}

#[test]
fn copies_by_url_canonical_or_text_are_not_stored_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let first = store
        .insert_article(&article("http://a.test/1?utm=x", Some("http://a.test/1"), "نص أول"))
        .unwrap();
    // same URL
    let again = store
        .insert_article(&article("http://a.test/1?utm=x", None, "نص مختلف تماما"))
        .unwrap();
    assert_eq!((again.id, again.is_new), (first.id, false));
    // another URL whose canonical is already known
    let via_canonical = store
        .insert_article(&article("http://a.test/1?amp", Some("http://a.test/1"), "نص ثالث"))
        .unwrap();
    assert_eq!((via_canonical.id, via_canonical.is_new), (first.id, false));
    // the same text under another outlet's URL (a syndicated copy)
    let copy = store
        .insert_article(&article("http://b.test/9", None, "نص أول"))
        .unwrap();
    assert_eq!((copy.id, copy.is_new), (first.id, false));
    // and that URL now leads to the first article without refetching
    assert_eq!(store.article_id_for_url("http://b.test/9").unwrap(), Some(first.id));
    let other = store
        .insert_article(&article("http://b.test/10", None, "نص آخر"))
        .unwrap();
    assert!(other.is_new);
    assert_eq!(store.article_count().unwrap(), 2);
    let mut seen = Vec::new();
    store
        .for_each_article::<store::StoreError>(|a| {
            seen.push(a.id);
            Ok(())
        })
        .unwrap();
    assert_eq!(seen, vec![first.id, other.id]);
}

#[test]
fn source_health_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    store.ensure_source("http://a.test/rss.xml", "feed").unwrap();
    store.ensure_source("http://a.test/dead.xml", "feed").unwrap();
    store
        .record_source_failure("http://a.test/dead.xml", Some(404), "404 Not Found")
        .unwrap();
    store
        .record_source_success(
            "http://a.test/rss.xml",
            &SourcePoll { http_status: Some(200), etag: Some("\"v1\"".into()), ..Default::default() },
        )
        .unwrap();
    assert!(store.mark_item_seen("http://a.test/rss.xml", "g1", Some("http://a.test/1")).unwrap());
    assert!(!store.mark_item_seen("http://a.test/rss.xml", "g1", Some("http://a.test/1")).unwrap());
    let mut a = article("http://a.test/1", None, "نص");
    a.source_url = Some("http://a.test/rss.xml".into());
    store.insert_article(&a).unwrap();
    store
        .record_source_success(
            "http://a.test/rss.xml",
            &SourcePoll { http_status: Some(304), not_modified: true, ..Default::default() },
        )
        .unwrap();

    let sources = store.sources().unwrap();
    assert_eq!(sources.len(), 2);
    let dead = &sources[0];
    assert_eq!(dead.url, "http://a.test/dead.xml");
    assert_eq!(dead.status, "failing");
    assert_eq!(dead.http_status, Some(404));
    assert_eq!(dead.last_error.as_deref(), Some("404 Not Found"));
    assert!(dead.last_success.is_none());
    let ok = store.source("http://a.test/rss.xml").unwrap().unwrap();
    assert_eq!(ok.status, "ok");
    assert_eq!((ok.items_seen, ok.articles, ok.not_modified), (1, 1, 1));
    assert_eq!(ok.etag.as_deref(), Some("\"v1\""), "a 304 keeps the validators it had");
}

#[test]
fn a_folder_that_is_not_writable_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = match Store::open(&dir.path().join("missing-folder").join("db.sqlite")) {
        Ok(_) => panic!("opening inside a missing folder must fail"),
        Err(e) => e.to_string(),
    };
    assert!(err.starts_with("store: cannot open database"), "{err}");
}

#[test]
fn a_database_from_a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA user_version = 999").unwrap();
    drop(conn);
    let err = Store::open(&path).err().expect("newer schema refused").to_string();
    assert!(err.contains("newer Marsad"), "{err}");
}

/// Regression (issue 6): `GET /api/v1/stats` took about 1 s at 100,000 articles
/// because counting per outlet read every article row; migration 3 indexes the
/// outlet so the count reads the index alone.
#[test]
fn outlet_counts_read_an_index_not_the_articles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    let mut store = Store::open(&path).unwrap();
    for (i, outlet) in ["ب", "أ", "ب", "ج", "ب", "أ"].iter().enumerate() {
        let mut art = article(&format!("https://o.test/{i}"), None, &format!("نص رقم {i}"));
        art.outlet = Some(outlet.to_string());
        store.insert_article(&art).unwrap();
    }
    assert_eq!(
        store.outlets().unwrap(),
        vec![("ب".to_string(), 3), ("أ".to_string(), 2), ("ج".to_string(), 1)]
    );
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert!(version >= 3, "schema {version}");
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT outlet, COUNT(*) FROM articles WHERE outlet IS NOT NULL
             GROUP BY outlet ORDER BY COUNT(*) DESC, outlet",
        )
        .unwrap()
        .query_map([], |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(plan.iter().any(|step| step.contains("COVERING INDEX articles_outlet")), "{plan:?}");
}

/// Migration 3 only adds an index: a schema-2 database with articles upgrades in
/// place, and running it again (as after a crash before the version was written)
/// does no harm.
#[test]
fn migration_3_upgrades_a_schema_2_database_and_can_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    let mut store = Store::open(&path).unwrap();
    store.insert_article(&article("https://o.test/1", None, "نص أول")).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA user_version = 2").unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.outlets().unwrap(), vec![("صحيفة الاختبار".to_string(), 1)]);
    assert_eq!(store.article_count().unwrap(), 1);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("DROP INDEX articles_outlet; PRAGMA user_version = 2").unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.outlets().unwrap(), vec![("صحيفة الاختبار".to_string(), 1)]);
}
