//! The crawler's per-source state against a real SQLite file: pending items,
//! the cache state behind lying-304 detection, the schedule, OPML additions.

use store::{SourcePoll, SourceState, Store};

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    (dir, store)
}

#[test]
fn items_stay_pending_until_handled_and_give_up_after_three_failures() {
    let (_dir, store) = open();
    store.ensure_source("http://f.test/rss", "feed").unwrap();
    for n in 1..=3 {
        let url = format!("http://f.test/a/{n}");
        assert!(store.mark_item_seen("http://f.test/rss", &url, Some(&url)).unwrap());
    }
    assert!(!store.mark_item_seen("http://f.test/rss", "http://f.test/a/1", Some("http://f.test/a/1")).unwrap());
    assert_eq!(store.pending_items("http://f.test/rss").unwrap().len(), 3);
    store.mark_item_done("http://f.test/a/1").unwrap();
    for _ in 0..3 {
        store.mark_item_failed("http://f.test/a/2").unwrap();
    }
    assert_eq!(store.pending_items("http://f.test/rss").unwrap(), vec!["http://f.test/a/3".to_string()]);
}

#[test]
fn cache_state_schedule_and_notes_round_trip() {
    let (_dir, store) = open();
    store.ensure_source("http://f.test/rss", "feed").unwrap();
    store
        .record_source_success(
            "http://f.test/rss",
            &SourcePoll { http_status: Some(200), etag: Some("\"v1\"".into()), ..SourcePoll::default() },
        )
        .unwrap();
    let state = SourceState {
        content_hash: Some("abc".into()),
        etag_untrusted: true,
        polls_since_full: 2,
        note: Some("all 3 items already seen".into()),
    };
    store.set_source_state("http://f.test/rss", &state).unwrap();
    // A 304 brings no body: the stored hash is kept.
    store
        .set_source_state("http://f.test/rss", &SourceState { content_hash: None, ..state.clone() })
        .unwrap();
    let cache = store.source_cache("http://f.test/rss").unwrap().unwrap();
    assert_eq!(cache.content_hash.as_deref(), Some("abc"));
    assert_eq!((cache.etag.as_deref(), cache.etag_untrusted, cache.polls_since_full), (Some("\"v1\""), true, 2));

    store.schedule_source("http://f.test/rss", "2026-01-01T00:10:00Z", 600).unwrap();
    store.ensure_source("http://g.test/rss", "feed").unwrap();
    assert_eq!(store.sources_due("2026-01-01T00:05:00Z").unwrap(), vec!["http://g.test/rss".to_string()]);
    assert_eq!(store.sources_due("2026-01-01T00:10:00Z").unwrap().len(), 2);
    assert_eq!(store.next_poll_at().unwrap().as_deref(), Some("2026-01-01T00:10:00Z"));
    let health = store.source("http://f.test/rss").unwrap().unwrap();
    assert_eq!(health.note.as_deref(), Some("all 3 items already seen"));
    assert_eq!((health.poll_interval_secs, health.etag_untrusted), (Some(600), true));
}

#[test]
fn opml_additions_keep_existing_health_and_fill_missing_titles() {
    let (_dir, store) = open();
    assert!(store.add_source("http://f.test/rss", "feed", None).unwrap());
    store.record_source_failure("http://f.test/rss", Some(500), "500 Internal Server Error").unwrap();
    assert!(!store.add_source("http://f.test/rss", "feed", Some("المدار")).unwrap());
    let health = store.source("http://f.test/rss").unwrap().unwrap();
    assert_eq!((health.title.as_deref(), health.failures), (Some("المدار"), 1));
    assert_eq!(health.status, "failing");
}

#[test]
fn a_schema_1_database_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    {
        // A database as the foundation left it: schema 1, one source.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE articles (id INTEGER PRIMARY KEY, url TEXT NOT NULL, canonical_url TEXT, title TEXT,
                author TEXT, date TEXT, outlet TEXT, language TEXT, paragraphs TEXT NOT NULL, image TEXT,
                image_caption TEXT, text_hash TEXT NOT NULL, source_url TEXT, fetched_at TEXT NOT NULL);
             CREATE TABLE article_urls (url TEXT PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id));
             CREATE TABLE sources (url TEXT PRIMARY KEY, kind TEXT NOT NULL, added_at TEXT NOT NULL,
                http_status INTEGER, last_error TEXT, last_success TEXT, last_checked TEXT,
                failures INTEGER NOT NULL DEFAULT 0, consecutive_failures INTEGER NOT NULL DEFAULT 0,
                not_modified INTEGER NOT NULL DEFAULT 0, etag TEXT, last_modified TEXT);
             CREATE TABLE feed_items (source_url TEXT NOT NULL, item_key TEXT NOT NULL, url TEXT,
                first_seen TEXT NOT NULL, PRIMARY KEY (source_url, item_key));
             INSERT INTO sources (url, kind, added_at, failures) VALUES ('http://old.test/rss', 'feed', '2026-01-01T00:00:00Z', 4);
             INSERT INTO feed_items VALUES ('http://old.test/rss', 'k', 'http://old.test/a', '2026-01-01T00:00:00Z');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let health = store.source("http://old.test/rss").unwrap().unwrap();
    assert_eq!((health.failures, health.etag_untrusted, health.next_poll), (4, false, None));
    assert_eq!(store.pending_items("http://old.test/rss").unwrap(), vec!["http://old.test/a".to_string()]);
}
