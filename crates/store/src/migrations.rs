//! Schema migrations, appended and never edited: the schema version stored in
//! SQLite's `user_version` equals the number of migrations applied (Miniflux's
//! habit). To change the schema, add a new entry at the end.

use rusqlite::Connection;

use crate::StoreError;

const MIGRATIONS: &[&str] = &[
    // 1: articles, the URLs that lead to them, sources and the items they listed.
    "CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL,
        canonical_url TEXT,
        title TEXT,
        author TEXT,
        date TEXT,
        outlet TEXT,
        language TEXT,
        paragraphs TEXT NOT NULL,
        image TEXT,
        image_caption TEXT,
        text_hash TEXT NOT NULL,
        source_url TEXT,
        fetched_at TEXT NOT NULL
    );
    CREATE INDEX articles_text_hash ON articles(text_hash);
    CREATE INDEX articles_source ON articles(source_url);
    CREATE TABLE article_urls (
        url TEXT PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id)
    );
    CREATE TABLE sources (
        url TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        added_at TEXT NOT NULL,
        http_status INTEGER,
        last_error TEXT,
        last_success TEXT,
        last_checked TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        not_modified INTEGER NOT NULL DEFAULT 0,
        etag TEXT,
        last_modified TEXT
    );
    CREATE TABLE feed_items (
        source_url TEXT NOT NULL,
        item_key TEXT NOT NULL,
        url TEXT,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (source_url, item_key)
    );",
    // 2: what the crawler learns per source (issue 5): the content hash of the last
    // body (servers that lie about 304), the schedule, notes that are not failures,
    // the OPML title; and per listed item whether its page was handled, so that
    // a run killed between listing and fetching picks the item up again even when
    // the feed then answers 304.
    "ALTER TABLE sources ADD COLUMN content_hash TEXT;
    ALTER TABLE sources ADD COLUMN etag_untrusted INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sources ADD COLUMN polls_since_full INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sources ADD COLUMN note TEXT;
    ALTER TABLE sources ADD COLUMN next_poll TEXT;
    ALTER TABLE sources ADD COLUMN poll_interval_secs INTEGER;
    ALTER TABLE sources ADD COLUMN title TEXT;
    CREATE INDEX sources_next_poll ON sources(next_poll);
    ALTER TABLE feed_items ADD COLUMN done INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE feed_items ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX feed_items_url ON feed_items(url);",
    // 3: `GET /api/v1/stats` and the search page's outlet list count articles per
    // outlet; without an index that GROUP BY reads every article row, bodies and
    // all (about 1 s at 100,000 articles; BENCHMARKS.md "Server load (issue 6)").
    // Nothing in SQL filters by language or date (search does that in the
    // index), so those get none. IF NOT EXISTS: an index is all this adds, and a
    // rerun after a crash mid-migration must not fail on it.
    "CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);",
];

pub(crate) fn apply(conn: &mut Connection, path: &str) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew {
            path: path.to_string(),
            found: version,
            known,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        // PRAGMA takes no bound parameters; the value is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?;
        tx.commit()?;
    }
    Ok(())
}
