//! The system of record: one SQLite file holding articles, the URLs that lead to
//! them, and the health of every source. Everything else (the search index) is
//! derived from it and can be rebuilt from it, so every write here is one
//! transaction: a `kill -9` loses at most what was not yet committed (one
//! article, or one batch of crawled pages whose items stay pending: `crawl`).

mod crawl;
mod health;
mod migrations;

use std::path::Path;

use model::{Article, SourceHealth};
use rusqlite::{params, Connection, OptionalExtension};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store: cannot open database {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("store: database {path} was written by a newer Marsad (schema {found}, this build knows {known})")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("store: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("store: corrupt row for article {id}: {message}")]
    Corrupt { id: i64, message: String },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The outcome of storing an article: its id, and whether it was new or a copy
/// of one already stored (same URL, canonical URL or text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inserted {
    pub id: i64,
    pub is_new: bool,
}

/// What one successful poll of a source learnt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourcePoll {
    pub http_status: Option<u16>,
    pub not_modified: bool,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

pub use crawl::{HandledPage, PendingItem};
pub use health::{SourceCache, SourceState};

pub struct Store {
    conn: Connection,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up
    /// to date. WAL mode lets `marsad serve` read while `marsad ingest` writes.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        let open_err = |source| StoreError::Open {
            path: shown.clone(),
            source,
        };
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        // journal_mode answers with a row, so it is read rather than executed.
        conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))
            .map_err(open_err)?;
        conn.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
            .map_err(open_err)?;
        let mut store = Store { conn };
        migrations::apply(&mut store.conn, &shown)?;
        Ok(store)
    }

    /// Stores `article` unless a copy is already there. A copy is an article with
    /// the same URL or canonical URL, or with the same non-empty text hash (a wire
    /// story syndicated under another URL): then the existing id is returned and
    /// the new URL is remembered as leading to it, so it is never fetched again.
    pub fn insert_article(&mut self, article: &Article) -> Result<Inserted> {
        let tx = self.conn.transaction()?;
        let inserted = insert_in(&tx, article)?;
        tx.commit()?;
        Ok(inserted)
    }

    /// Records that `url` also leads to article `id` (a URL before redirects).
    pub fn remember_url(&self, url: &str, id: i64) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO article_urls (url, article_id) VALUES (?1, ?2)",
            params![url, id],
        )?;
        Ok(())
    }

    /// The article a URL leads to, if it was stored under that URL, its canonical
    /// URL, or as a copy.
    pub fn article_id_for_url(&self, url: &str) -> Result<Option<i64>> {
        url_lookup(&self.conn, url)
    }

    pub fn article(&self, id: i64) -> Result<Option<Article>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1"
        ))?;
        let row = stmt.query_row([id], read_article_row).optional()?;
        row.map(finish_article).transpose()
    }

    /// Removes an article and the URLs that led to it, in one transaction.
    /// Returns false when there was no such article. Its URLs are forgotten too, so
    /// a later crawl may store it again: deleting is "remove from the record", not
    /// "never fetch this".
    pub fn delete_article(&mut self, id: i64) -> Result<bool> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM article_urls WHERE article_id = ?1", [id])?;
        let removed = tx.execute("DELETE FROM articles WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(removed > 0)
    }

    /// Every URL known to lead to an article (fetched, canonical, syndicated
    /// copies, before redirects), sorted.
    pub fn article_urls(&self, id: i64) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT url FROM article_urls WHERE article_id = ?1 ORDER BY url")?;
        let urls = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(urls)
    }

    pub fn article_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    pub fn article_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare("SELECT id FROM articles ORDER BY id")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(ids)
    }

    /// Calls `f` on every stored article in id order, reading in batches so that
    /// memory stays flat however large the store is.
    pub fn for_each_article<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(Article) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut after = 0i64;
        loop {
            let batch = self.articles_after(after, 500)?;
            let Some(last) = batch.last() else {
                return Ok(());
            };
            after = last.id;
            for article in batch {
                f(article)?;
            }
        }
    }

    fn articles_after(&self, after: i64, limit: i64) -> Result<Vec<Article>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2"
        ))?;
        let rows = stmt
            .query_map(params![after, limit], read_article_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(finish_article).collect()
    }

    /// Outlets with their article counts, most articles first.
    pub fn outlets(&self) -> Result<Vec<(String, u64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT outlet, COUNT(*) FROM articles WHERE outlet IS NOT NULL
             GROUP BY outlet ORDER BY COUNT(*) DESC, outlet",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The language of each of these articles that has one, by id: search hits
    /// carry no language, and the result page marks each hit's text with it.
    pub fn languages(&self, ids: &[i64]) -> Result<std::collections::HashMap<i64, String>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT language FROM articles WHERE id = ?1 AND language IS NOT NULL")?;
        let mut found = std::collections::HashMap::new();
        for id in ids {
            if let Some(language) = statement.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                found.insert(*id, language);
            }
        }
        Ok(found)
    }

    /// Registers a polled source (feed, sitemap) so that its health is kept even
    /// if its first fetch fails.
    pub fn ensure_source(&self, url: &str, kind: &str) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO sources (url, kind, added_at) VALUES (?1, ?2, ?3)",
            params![url, kind, now()],
        )?;
        Ok(())
    }

    pub fn record_source_success(&self, url: &str, poll: &SourcePoll) -> Result<()> {
        let now = now();
        self.conn.execute(
            "UPDATE sources SET http_status = ?2, last_error = NULL, last_success = ?3,
                 last_checked = ?3, consecutive_failures = 0,
                 not_modified = not_modified + ?4,
                 etag = COALESCE(?5, etag), last_modified = COALESCE(?6, last_modified)
             WHERE url = ?1",
            params![
                url,
                poll.http_status,
                now,
                poll.not_modified as i64,
                poll.etag,
                poll.last_modified
            ],
        )?;
        Ok(())
    }

    pub fn record_source_failure(
        &self,
        url: &str,
        http_status: Option<u16>,
        error: &str,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE sources SET http_status = ?2, last_error = ?3, last_checked = ?4,
                 failures = failures + 1, consecutive_failures = consecutive_failures + 1
             WHERE url = ?1",
            params![url, http_status, error, now()],
        )?;
        Ok(())
    }

    /// Remembers that a source listed an item. Returns true the first time.
    pub fn mark_item_seen(&self, source_url: &str, item_key: &str, item_url: Option<&str>) -> Result<bool> {
        let changed = self.conn.execute(
            "INSERT OR IGNORE INTO feed_items (source_url, item_key, url, first_seen)
             VALUES (?1, ?2, ?3, ?4)",
            params![source_url, item_key, item_url, now()],
        )?;
        Ok(changed > 0)
    }

    pub fn source(&self, url: &str) -> Result<Option<SourceHealth>> {
        Ok(self.sources_where(Some(url))?.into_iter().next())
    }

    /// Every source with its health, failing ones first.
    pub fn sources(&self) -> Result<Vec<SourceHealth>> {
        self.sources_where(None)
    }

    fn sources_where(&self, url: Option<&str>) -> Result<Vec<SourceHealth>> {
        let sql = format!(
            "SELECT s.url, s.http_status, s.last_error, s.last_success, s.last_checked,
                    (SELECT COUNT(*) FROM feed_items f WHERE f.source_url = s.url),
                    (SELECT COUNT(*) FROM articles a WHERE a.source_url = s.url),
                    s.failures, s.not_modified, s.etag, s.last_modified, s.consecutive_failures,
                    s.kind, s.next_poll, s.poll_interval_secs, s.note, s.etag_untrusted, s.title
             FROM sources s {}
             ORDER BY (s.consecutive_failures > 0) DESC, s.url",
            if url.is_some() { "WHERE s.url = ?1" } else { "" }
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let read = |r: &rusqlite::Row<'_>| {
            let consecutive: i64 = r.get(11)?;
            let last_error: Option<String> = r.get(2)?;
            Ok(SourceHealth {
                url: r.get(0)?,
                status: if consecutive > 0 { "failing" } else { "ok" }.to_string(),
                http_status: r.get(1)?,
                last_error,
                last_success: r.get(3)?,
                last_checked: r.get(4)?,
                items_seen: r.get::<_, i64>(5)? as u64,
                articles: r.get::<_, i64>(6)? as u64,
                failures: r.get::<_, i64>(7)? as u64,
                not_modified: r.get::<_, i64>(8)? as u64,
                etag: r.get(9)?,
                last_modified: r.get(10)?,
                kind: r.get(12)?,
                consecutive_failures: consecutive.max(0) as u64,
                next_poll: r.get(13)?,
                poll_interval_secs: r.get::<_, Option<i64>>(14)?.map(|s| s.max(0) as u64),
                note: r.get(15)?,
                etag_untrusted: r.get::<_, i64>(16)? != 0,
                title: r.get(17)?,
            })
        };
        let rows = match url {
            Some(u) => stmt.query_map([u], read)?.collect::<Result<Vec<_>, _>>()?,
            None => stmt.query_map([], read)?.collect::<Result<Vec<_>, _>>()?,
        };
        Ok(rows)
    }
}

const ARTICLE_COLUMNS: &str = "id, url, canonical_url, title, author, date, outlet, language,
    paragraphs, image, image_caption, text_hash, source_url, fetched_at";

/// A row as read, before its JSON column is decoded (which can fail on a
/// hand-edited database and must not panic).
struct ArticleRow {
    article: Article,
    paragraphs_json: String,
}

fn read_article_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        article: Article {
            id: r.get(0)?,
            url: r.get(1)?,
            canonical_url: r.get(2)?,
            title: r.get(3)?,
            author: r.get(4)?,
            date: r.get(5)?,
            outlet: r.get(6)?,
            language: r.get(7)?,
            paragraphs: Vec::new(),
            image: r.get(9)?,
            image_caption: r.get(10)?,
            text_hash: r.get(11)?,
            source_url: r.get(12)?,
            fetched_at: r.get(13)?,
        },
        paragraphs_json: r.get(8)?,
    })
}

fn finish_article(row: ArticleRow) -> Result<Article> {
    let mut article = row.article;
    article.paragraphs =
        serde_json::from_str(&row.paragraphs_json).map_err(|e| StoreError::Corrupt {
            id: article.id,
            message: e.to_string(),
        })?;
    Ok(article)
}

/// The dedup-and-insert of [`Store::insert_article`], inside a transaction the
/// caller commits (one per article, or one per batch of pages in `crawl`).
fn insert_in(tx: &rusqlite::Transaction<'_>, article: &Article) -> Result<Inserted> {
    let mut urls: Vec<&str> = vec![article.url.as_str()];
    if let Some(c) = article.canonical_url.as_deref() {
        if c != article.url {
            urls.push(c);
        }
    }
    let mut existing = None;
    for url in &urls {
        existing = url_lookup(tx, url)?;
        if existing.is_some() {
            break;
        }
    }
    if existing.is_none() && !article.text_hash.is_empty() && !article.paragraphs.is_empty() {
        existing = tx
            .prepare_cached("SELECT id FROM articles WHERE text_hash = ?1 ORDER BY id LIMIT 1")?
            .query_row([&article.text_hash], |r| r.get(0))
            .optional()?;
    }
    let inserted = match existing {
        Some(id) => Inserted { id, is_new: false },
        None => {
            let paragraphs = serde_json::to_string(&article.paragraphs)
                .unwrap_or_else(|_| "[]".to_string());
            let fetched_at = if article.fetched_at.is_empty() {
                now()
            } else {
                article.fetched_at.clone()
            };
            // Cached statements: a crawl batch runs these hundreds of times per transaction.
            tx.prepare_cached(
                "INSERT INTO articles (url, canonical_url, title, author, date, outlet, language,
                    paragraphs, image, image_caption, text_hash, source_url, fetched_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                    article.url,
                    article.canonical_url,
                    article.title,
                    article.author,
                    article.date,
                    article.outlet,
                    article.language,
                    paragraphs,
                    article.image,
                    article.image_caption,
                    article.text_hash,
                    article.source_url,
                    fetched_at,
                ])?;
            Inserted {
                id: tx.last_insert_rowid(),
                is_new: true,
            }
        }
    };
    for url in urls {
        tx.prepare_cached("INSERT OR IGNORE INTO article_urls (url, article_id) VALUES (?1, ?2)")?
            .execute(params![url, inserted.id])?;
    }
    Ok(inserted)
}

fn url_lookup(conn: &Connection, url: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT article_id FROM article_urls WHERE url = ?1")?
        .query_row([url], |r| r.get(0))
        .optional()?)
}
