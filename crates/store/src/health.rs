//! What the crawler keeps per source beyond success and failure: the content hash
//! that catches servers lying about "304 Not Modified", notes that are not
//! failures ("all 12 items already seen"), the poll schedule of `marsad watch`,
//! and sources added by an OPML import before they were ever fetched.

use rusqlite::{params, OptionalExtension};

use crate::{now, Result, Store};

/// The HTTP-cache state of one source, read before polling it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceCache {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Hex SHA-256 of the last body fetched in full.
    pub content_hash: Option<String>,
    pub etag_untrusted: bool,
    /// "304 Not Modified" answers since the last full fetch.
    pub polls_since_full: u64,
}

/// What one poll learnt about the cache and the content, written after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceState {
    pub content_hash: Option<String>,
    pub etag_untrusted: bool,
    pub polls_since_full: u64,
    pub note: Option<String>,
}

impl Store {
    pub fn source_cache(&self, url: &str) -> Result<Option<SourceCache>> {
        Ok(self
            .conn
            .query_row(
                "SELECT etag, last_modified, content_hash, etag_untrusted, polls_since_full
                 FROM sources WHERE url = ?1",
                [url],
                |r| {
                    Ok(SourceCache {
                        etag: r.get(0)?,
                        last_modified: r.get(1)?,
                        content_hash: r.get(2)?,
                        etag_untrusted: r.get::<_, i64>(3)? != 0,
                        polls_since_full: r.get::<_, i64>(4)?.max(0) as u64,
                    })
                },
            )
            .optional()?)
    }

    /// Writes what a poll learnt. A `None` content hash keeps the stored one (a
    /// 304 brings no body to hash).
    pub fn set_source_state(&self, url: &str, state: &SourceState) -> Result<()> {
        self.conn.execute(
            "UPDATE sources SET content_hash = COALESCE(?2, content_hash), etag_untrusted = ?3,
                 polls_since_full = ?4, note = ?5
             WHERE url = ?1",
            params![
                url,
                state.content_hash,
                state.etag_untrusted as i64,
                state.polls_since_full as i64,
                state.note
            ],
        )?;
        Ok(())
    }

    /// The source was what its first answer said it was (a feed, a sitemap).
    pub fn set_source_kind(&self, url: &str, kind: &str) -> Result<()> {
        self.conn
            .execute("UPDATE sources SET kind = ?2 WHERE url = ?1", params![url, kind])?;
        Ok(())
    }

    /// When to poll the source next (RFC 3339 UTC), and the learnt interval.
    pub fn schedule_source(&self, url: &str, next_poll: &str, interval_secs: u64) -> Result<()> {
        self.conn.execute(
            "UPDATE sources SET next_poll = ?2, poll_interval_secs = ?3 WHERE url = ?1",
            params![url, next_poll, interval_secs as i64],
        )?;
        Ok(())
    }

    /// Sources whose next poll is due at `now` (RFC 3339 UTC) or was never
    /// scheduled, soonest first. Every source is polled sooner or later: a failing
    /// one is scheduled later, never dropped.
    pub fn sources_due(&self, now: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT url FROM sources WHERE next_poll IS NULL OR next_poll <= ?1
             ORDER BY next_poll IS NOT NULL, next_poll, url",
        )?;
        let urls = stmt
            .query_map([now], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(urls)
    }

    /// The earliest scheduled poll, if any source has one.
    pub fn next_poll_at(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT MIN(next_poll) FROM sources", [], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// Adds a source without fetching it (OPML import). Returns true when it was
    /// not known; a known source keeps its health and only gains a missing title.
    pub fn add_source(&self, url: &str, kind: &str, title: Option<&str>) -> Result<bool> {
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO sources (url, kind, added_at, title) VALUES (?1, ?2, ?3, ?4)",
            params![url, kind, now(), title],
        )?;
        if added == 0 && title.is_some() {
            self.conn.execute(
                "UPDATE sources SET title = ?2 WHERE url = ?1 AND title IS NULL",
                params![url, title],
            )?;
        }
        Ok(added > 0)
    }
}

/// An item page that failed this many times is not tried again on its own (a
/// new listing of it by another source still queues it through its own row).
const MAX_ITEM_ATTEMPTS: i64 = 3;

impl Store {
    /// Item URLs this source listed whose page was never handled: not stored,
    /// not recognised as a listing, not failed for good. These are what a killed
    /// run left undone.
    pub fn pending_items(&self, source_url: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT url FROM feed_items
             WHERE source_url = ?1 AND url IS NOT NULL AND done = 0 AND attempts < ?2
             ORDER BY rowid",
        )?;
        let urls = stmt
            .query_map(params![source_url, MAX_ITEM_ATTEMPTS], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(urls)
    }

    /// The page at `url` was handled (stored, known, or a listing), for every
    /// source that listed it.
    pub fn mark_item_done(&self, url: &str) -> Result<()> {
        self.conn
            .execute("UPDATE feed_items SET done = 1 WHERE url = ?1 AND done = 0", [url])?;
        Ok(())
    }

    /// Fetching or extracting the page at `url` failed once more.
    pub fn mark_item_failed(&self, url: &str) -> Result<()> {
        self.conn
            .execute("UPDATE feed_items SET attempts = attempts + 1 WHERE url = ?1", [url])?;
        Ok(())
    }
}
