//! The crawler's bulk writes and its work queue (issue 5). A run of `ingest`
//! lists items into `feed_items` in one transaction per polled source, then
//! pulls the pending ones back in bounded pages, so that what the crawler holds
//! in memory does not grow with the number of items a site lists. Pages it
//! handled are written back in batches, one transaction per batch: an article is
//! stored once its batch commits, and until then its item stays pending, so a
//! `kill -9` mid-batch loses nothing that was stored and the next run fetches
//! the batch's pages again.

use model::Article;
use rusqlite::params;

use crate::{insert_in, now, Inserted, Result, Store};

/// An item page that failed this many times is not tried again on its own (the
/// same bound as [`Store::pending_items`]).
const MAX_ITEM_ATTEMPTS: i64 = 3;

/// One listed item whose page is still to be handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingItem {
    /// Position in the queue; pass the last one seen to [`Store::next_pending`].
    pub rowid: i64,
    pub url: String,
    pub source_url: String,
}

/// What became of one page of a crawl batch.
#[derive(Debug, Clone, Copy)]
pub enum HandledPage<'a> {
    /// An article page: stored, or found to be a copy of a stored one. `item_url`
    /// is the URL the item listed (None for a page given directly); `aliases`
    /// also lead to the article (the URL before redirects).
    Article {
        item_url: Option<&'a str>,
        article: &'a Article,
        aliases: &'a [String],
    },
    /// Handled without an article: a listing page, or a URL already stored.
    Done { item_url: &'a str },
    /// Fetching or extracting failed once more.
    Failed { item_url: &'a str },
}

impl Store {
    /// Remembers every item one poll of `source_url` listed, in one transaction.
    /// Returns how many were new. Same effect as [`Store::mark_item_seen`] per
    /// item, without a commit per item (100,000 listed items were 100,000 commits).
    pub fn mark_items_seen<'a>(
        &mut self,
        source_url: &str,
        items: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    ) -> Result<u64> {
        let tx = self.conn.transaction()?;
        let mut new = 0u64;
        {
            let now = now();
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO feed_items (source_url, item_key, url, first_seen)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (key, url) in items {
                new += insert.execute(params![source_url, key, url, now])? as u64;
            }
        }
        tx.commit()?;
        Ok(new)
    }

    /// Starts a crawl over the items of these sources: [`Store::next_pending`]
    /// and [`Store::pending_count`] then look at them only. The set lives in a
    /// temporary table of this connection (no schema change, gone on close).
    pub fn begin_crawl(&mut self, sources: &[String]) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS crawl_sources (url TEXT PRIMARY KEY);
             DELETE FROM temp.crawl_sources;",
        )?;
        {
            let mut insert = tx.prepare_cached("INSERT OR IGNORE INTO temp.crawl_sources (url) VALUES (?1)")?;
            for url in sources {
                insert.execute([url])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Up to `limit` pending items of the crawl's sources after position `after`,
    /// in listing order. A URL listed by several sources comes once: through its
    /// first pending row, so a page that fails is not tried again in the same
    /// run through another source's row.
    pub fn next_pending(&self, after: i64, limit: usize) -> Result<Vec<PendingItem>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.rowid, f.url, f.source_url FROM feed_items f
             WHERE f.rowid > ?1 AND f.done = 0 AND f.attempts < ?3 AND f.url IS NOT NULL
               AND f.source_url IN (SELECT url FROM temp.crawl_sources)
               AND NOT EXISTS (
                   SELECT 1 FROM feed_items g
                   WHERE g.url = f.url AND g.rowid < f.rowid AND g.done = 0 AND g.attempts < ?3
                     AND g.source_url IN (SELECT url FROM temp.crawl_sources))
             ORDER BY f.rowid LIMIT ?2",
        )?;
        let items = stmt
            .query_map(params![after, limit as i64, MAX_ITEM_ATTEMPTS], |r| {
                Ok(PendingItem { rowid: r.get(0)?, url: r.get(1)?, source_url: r.get(2)? })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(items)
    }

    /// How many distinct item URLs of the crawl's sources are pending (for
    /// progress bars; the crawl itself never holds them all).
    pub fn pending_count(&self) -> Result<u64> {
        let count: i64 = self.conn.query_row(
            "SELECT COUNT(DISTINCT url) FROM feed_items
             WHERE done = 0 AND attempts < ?1 AND url IS NOT NULL
               AND source_url IN (SELECT url FROM temp.crawl_sources)",
            [MAX_ITEM_ATTEMPTS],
            |r| r.get(0),
        )?;
        Ok(count.max(0) as u64)
    }

    /// Writes a batch of handled pages in one transaction: articles stored (or
    /// matched to a stored copy) with the URLs leading to them, their items
    /// marked done, failures counted. Returns, per page, what storing its
    /// article gave (None for pages without one).
    pub fn record_pages(&mut self, pages: &[HandledPage<'_>]) -> Result<Vec<Option<Inserted>>> {
        let tx = self.conn.transaction()?;
        let mut out = Vec::with_capacity(pages.len());
        for page in pages {
            match *page {
                HandledPage::Article { item_url, article, aliases } => {
                    let inserted = insert_in(&tx, article)?;
                    for alias in aliases {
                        tx.prepare_cached("INSERT OR IGNORE INTO article_urls (url, article_id) VALUES (?1, ?2)")?
                            .execute(params![alias, inserted.id])?;
                    }
                    if let Some(item) = item_url {
                        mark_done(&tx, item)?;
                    }
                    out.push(Some(inserted));
                }
                HandledPage::Done { item_url } => {
                    mark_done(&tx, item_url)?;
                    out.push(None);
                }
                HandledPage::Failed { item_url } => {
                    tx.prepare_cached("UPDATE feed_items SET attempts = attempts + 1 WHERE url = ?1")?
                        .execute([item_url])?;
                    out.push(None);
                }
            }
        }
        tx.commit()?;
        Ok(out)
    }

}

/// Every source's row for this page URL is done (as [`Store::mark_item_done`]).
fn mark_done(tx: &rusqlite::Transaction<'_>, url: &str) -> Result<()> {
    tx.prepare_cached("UPDATE feed_items SET done = 1 WHERE url = ?1 AND done = 0")?
        .execute([url])?;
    Ok(())
}
