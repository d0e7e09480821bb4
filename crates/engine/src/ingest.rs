//! `ingest`: poll sources, fetch the new items' pages, extract, store, index.
//!
//! 1. Poll: every URL source is fetched (conditionally, with the validators the
//!    store kept) and sniffed: a feed or sitemap yields item URLs, an OPML list or
//!    sitemap index yields more sources, an HTML page is an article (or, if it is
//!    a listing, a place to discover feeds). Local files are read directly.
//!    Listed items go to the store (`feed_items`), not to memory.
//! 2. Fetch pages: the polled sources' pending items are read back from the store
//!    a page at a time, fetched and extracted concurrently (`page_concurrency`),
//!    extraction (and the article's text hash) on blocking threads, one per core.
//! 3. Store and index, in that order (see the crate doc): crawled pages in
//!    batches, one transaction each; a page given directly, one at a time.
//!
//! A failing source or page is recorded and reported; it never stops the run.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use futures_util::StreamExt;
use model::{Article, Extracted, PageKind};
use store::{SourcePoll, SourceState};
use std::time::Duration;

use crate::{schedule, Engine, EngineError, Progress, Result, Source};

/// Sitemap indexes and OPML lists may point at more of themselves; this bounds it.
const MAX_SOURCE_DEPTH: usize = 3;
/// Local files larger than this are read only up to it (extraction caps pages
/// at 8 MiB anyway; WARC files hold many pages).
const MAX_LOCAL_PAGE_BYTES: u64 = 16 * 1024 * 1024;
const MAX_WARC_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// After this many "304 Not Modified" in a row the next poll is unconditional,
/// to catch servers whose 304s hide changes (Media Cloud turned conditional GET
/// off for all feeds over such servers; we check instead).
const VERIFY_AFTER_304S: u64 = 4;
/// The kind a sitemap index is kept under in `sources`.
const SITEMAP_INDEX: &str = "sitemap index";
/// Index commits are batched: each costs a segment flush.
const INDEX_COMMIT_EVERY: u64 = 500;
/// Pending items read from the store at once: the crawl's whole in-memory queue.
const PENDING_PAGE: usize = 256;
/// Pages written to the store in one transaction. A commit per article cost
/// three transactions per page; a batch is also what a `kill -9` can undo, and
/// its items then stay pending and are fetched again by the next run.
const STORE_BATCH: usize = 64;
/// The longest an extracted page waits for its batch to fill, so a slow polite
/// crawl still stores as it goes.
const STORE_BATCH_WAIT: Duration = Duration::from_millis(250);

/// What happened to one source given to `ingest`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourceOutcome {
    pub source: String,
    /// "feed", "sitemap", "opml", "page", "file", "folder", "warc".
    pub kind: String,
    pub http_status: Option<u16>,
    pub error: Option<String>,
    pub not_modified: bool,
    /// Items (feed items, sitemap URLs, files, records) it listed.
    pub items: u64,
    /// True when the source is a local file (its failure is a usage problem).
    pub local: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct IngestReport {
    pub sources: Vec<SourceOutcome>,
    pub new_articles: u64,
    /// Pages whose article was already stored (same URL, canonical URL or text).
    pub known_articles: u64,
    /// Pages recognised as listings (home, section pages): not stored as articles.
    pub listings: u64,
    /// Pages that could not be fetched or extracted: (URL, reason).
    pub page_errors: Vec<(String, String)>,
}

impl IngestReport {
    pub fn failed_sources(&self) -> usize {
        self.sources.iter().filter(|s| s.error.is_some()).count()
    }

    /// True when nothing worked and every failure was a local file: the user
    /// pointed at something that is not a page, which is a usage error.
    pub fn only_local_failures(&self) -> bool {
        !self.sources.is_empty()
            && self.sources.iter().all(|s| s.error.is_some() && s.local)
            && self.new_articles == 0
            && self.known_articles == 0
    }
}

/// A page to fetch, and the source that listed it.
struct PageJob {
    url: String,
    source_url: Option<String>,
}

/// A page's bytes, from the network or from disk, ready for extraction.
struct RawPage {
    url: String,
    /// URLs that also lead to this page (the one requested before redirects).
    aliases: Vec<String>,
    body: Vec<u8>,
    charset: Option<String>,
    source_url: Option<String>,
}

enum Stored {
    New,
    Known,
    Listing,
}

/// What fetching and extracting one listed page gave, waiting to be stored.
enum PageResult {
    Article { article: Box<Article>, aliases: Vec<String> },
    Listing,
    /// Its URL already leads to a stored article: nothing was fetched.
    AlreadyStored,
    Failed(String),
}

impl Engine {
    pub async fn ingest(&self, sources: &[Source], progress: &dyn Progress) -> Result<IngestReport> {
        let mut report = IngestReport::default();
        // Sources whose listed items this run fetches: the items themselves wait
        // in the store (`feed_items`), not here.
        let mut polled = Vec::new();
        let mut pending_index = 0u64;

        for source in sources {
            if self.stopping() {
                break;
            }
            match source {
                Source::Url(url) => {
                    self.poll_urls(url, &mut report, &mut polled, progress, &mut pending_index)
                        .await?
                }
                Source::OpmlFile(path) => {
                    let mut outcome = local_outcome(path, "opml");
                    match read_capped(path, MAX_LOCAL_PAGE_BYTES)
                        .and_then(|b| feeds::parse_opml(&b).map_err(|e| e.to_string()))
                    {
                        Ok(entries) => {
                            outcome.items = entries.len() as u64;
                            report.sources.push(outcome);
                            for entry in entries {
                                self.poll_urls(&entry.xml_url, &mut report, &mut polled, progress, &mut pending_index)
                                    .await?;
                            }
                        }
                        Err(e) => {
                            outcome.error = Some(e);
                            report.sources.push(outcome);
                        }
                    }
                }
                Source::HtmlFile(path) => {
                    let mut outcome = local_outcome(path, "file");
                    outcome.items = 1;
                    if let Err(e) = self.ingest_file(path, &mut report, &mut pending_index).await {
                        outcome.error = Some(e);
                    }
                    report.sources.push(outcome);
                }
                Source::HtmlFolder(path) => {
                    let mut outcome = local_outcome(path, "folder");
                    let files = html_files_in(path);
                    outcome.items = files.len() as u64;
                    progress.add_work(files.len() as u64);
                    for file in files {
                        if let Err(e) = self.ingest_file(&file, &mut report, &mut pending_index).await {
                            progress.note(&format!("{}: {e}", file.display()));
                            report.page_errors.push((file.display().to_string(), e));
                        }
                        progress.advance("file");
                    }
                    if outcome.items == 0 {
                        outcome.error = Some("no .html files in this folder".into());
                    }
                    report.sources.push(outcome);
                }
                Source::WarcFile(path) => {
                    let mut outcome = local_outcome(path, "warc");
                    match self.ingest_warc(path, &mut report, progress, &mut pending_index).await {
                        Ok(n) => outcome.items = n,
                        Err(e) => outcome.error = Some(e),
                    }
                    report.sources.push(outcome);
                }
            }
        }

        self.crawl_pending(&polled, &mut report, progress, &mut pending_index).await?;
        self.commit_index()?;
        Ok(report)
    }

    /// Polls one URL source and whatever sources it leads to (sitemap indexes,
    /// OPML lists, feeds discovered on a listing page).
    async fn poll_urls(
        &self,
        first: &str,
        report: &mut IngestReport,
        polled: &mut Vec<String>,
        progress: &dyn Progress,
        pending_index: &mut u64,
    ) -> Result<()> {
        let mut work = vec![(first.to_string(), 0usize)];
        let mut visited = HashSet::new();
        while let Some((url, depth)) = work.pop() {
            if !visited.insert(url.clone()) {
                continue;
            }
            let outcome = self
                .poll_one(&url, depth, report, polled, &mut work, pending_index)
                .await?;
            if let Some(error) = &outcome.error {
                progress.note(&format!("{url}: {error}"));
            }
            report.sources.push(outcome);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn poll_one(
        &self,
        url: &str,
        depth: usize,
        report: &mut IngestReport,
        polled: &mut Vec<String>,
        work: &mut Vec<(String, usize)>,
        pending_index: &mut u64,
    ) -> Result<SourceOutcome> {
        let mut outcome = SourceOutcome {
            source: url.to_string(),
            kind: "feed".into(),
            ..SourceOutcome::default()
        };
        let known = self.store().source(url)?;
        let cache = self.store().source_cache(url)?.unwrap_or_default();
        // Conditional GET unless the server was caught lying, and not on every
        // VERIFY_AFTER_304S-th poll of a 304 streak: that one is fetched in full
        // to check the 304s against the content hash.
        let verify = cache.polls_since_full >= VERIFY_AFTER_304S
            // A sitemap index's children are polled only when it is read: a 304
            // would leave a killed run's unread children unread for good. Indexes
            // are small; they are always fetched in full.
            || known.as_ref().is_some_and(|k| k.kind == SITEMAP_INDEX);
        let validators = (!cache.etag_untrusted && !verify).then(|| fetch::Validators {
            etag: cache.etag.clone(),
            last_modified: cache.last_modified.clone(),
        });
        let fetched = match self.fetcher.get(url, validators.as_ref()).await {
            Ok(fetched) => fetched,
            Err(e) => {
                self.record_failure(url, known.as_ref(), e.http_status(), &e.to_string())?;
                outcome.http_status = e.http_status();
                outcome.error = Some(e.to_string());
                return Ok(outcome);
            }
        };
        let page = match fetched {
            fetch::Fetched::NotModified { .. } => {
                let store = self.store();
                store.ensure_source(url, "feed")?;
                store.record_source_success(
                    url,
                    &SourcePoll { http_status: Some(304), not_modified: true, ..SourcePoll::default() },
                )?;
                store.set_source_state(
                    url,
                    &SourceState {
                        content_hash: None,
                        etag_untrusted: cache.etag_untrusted,
                        polls_since_full: cache.polls_since_full + 1,
                        note: Some("not modified".into()),
                    },
                )?;
                outcome.kind = known.as_ref().map(|k| k.kind.clone()).unwrap_or_else(|| "feed".into());
                outcome.http_status = Some(304);
                outcome.not_modified = true;
                // Items listed earlier whose pages a killed run never fetched.
                polled.push(url.to_string());
                self.schedule_success(&store, url, known.as_ref(), 0)?;
                return Ok(outcome);
            }
            fetch::Fetched::Page(page) => page,
        };
        outcome.http_status = Some(page.status);
        let hash = content_hash(&page.body);
        // A changed body under the very validator the server would have answered
        // 304 to: its "not modified" cannot be believed.
        let same_validator = match (&page.etag, &cache.etag) {
            (Some(new), Some(old)) => new == old,
            (None, None) => page.last_modified.is_some() && page.last_modified == cache.last_modified,
            _ => false,
        };
        let lying = cache.content_hash.as_ref().is_some_and(|old| *old != hash) && same_validator;
        let etag_untrusted = cache.etag_untrusted || lying;
        if lying {
            tracing::warn!("{url}: same validator for changed content; conditional GET turned off for it");
        }
        let unchanged = cache.content_hash.as_deref() == Some(hash.as_str());
        let poll = SourcePoll {
            http_status: Some(page.status),
            not_modified: false,
            etag: page.etag.clone(),
            last_modified: page.last_modified.clone(),
        };
        let state = |note: Option<String>| SourceState {
            content_hash: Some(hash.clone()),
            etag_untrusted,
            polls_since_full: 0,
            note,
        };
        let parsed = feeds::parse(&page.body, page.content_type.as_deref(), Some(&page.final_url));
        match parsed {
            Ok(feeds::Parsed::Feed(feed)) if feed.items.is_empty() => {
                self.record_failure(url, known.as_ref(), Some(page.status), "empty feed: no items")?;
                self.store().set_source_state(url, &state(None))?;
                outcome.error = Some("empty feed: no items".into());
            }
            Ok(feeds::Parsed::Feed(feed)) => {
                let mut store = self.store();
                store.ensure_source(url, "feed")?;
                store.set_source_kind(url, "feed")?;
                store.record_source_success(url, &poll)?;
                outcome.items = feed.items.len() as u64;
                let keys: Vec<(String, Option<&str>)> =
                    feed.items.iter().filter_map(|item| Some((item.key()?, item.url.as_deref()))).collect();
                let new_items = store.mark_items_seen(url, keys.iter().map(|(k, u)| (k.as_str(), *u)))?;
                store.set_source_state(url, &state(stale_note(unchanged, new_items, feed.items.len())))?;
                polled.push(url.to_string());
                self.schedule_success(&store, url, known.as_ref(), new_items)?;
            }
            Ok(feeds::Parsed::Sitemap(sitemap)) => {
                outcome.kind = "sitemap".into();
                let mut store = self.store();
                store.ensure_source(url, "sitemap")?;
                store.set_source_kind(url, if sitemap.is_index { SITEMAP_INDEX } else { "sitemap" })?;
                if sitemap.entries.is_empty() {
                    drop(store);
                    self.record_failure(url, known.as_ref(), Some(page.status), "empty sitemap: no URLs")?;
                    outcome.error = Some("empty sitemap: no URLs".into());
                    return Ok(outcome);
                }
                store.record_source_success(url, &poll)?;
                outcome.items = sitemap.entries.len() as u64;
                let mut new_items = 0u64;
                if sitemap.is_index {
                    if depth < MAX_SOURCE_DEPTH {
                        work.extend(sitemap.entries.iter().map(|entry| (entry.loc.clone(), depth + 1)));
                    }
                } else {
                    new_items = store.mark_items_seen(url, sitemap.entries.iter().map(|e| (e.loc.as_str(), Some(e.loc.as_str()))))?;
                }
                let note = if sitemap.is_index { None } else { stale_note(unchanged, new_items, sitemap.entries.len()) };
                store.set_source_state(url, &state(note))?;
                polled.push(url.to_string());
                self.schedule_success(&store, url, known.as_ref(), new_items.max(sitemap.is_index as u64))?;
            }
            Ok(feeds::Parsed::Opml(entries)) => {
                outcome.kind = "opml".into();
                outcome.items = entries.len() as u64;
                if depth < MAX_SOURCE_DEPTH {
                    work.extend(entries.into_iter().map(|e| (e.xml_url, depth + 1)));
                }
            }
            Err(feeds::FeedError::NotAFeed { got }) if known.is_none() && looks_like_html(&page) => {
                // Not a feed and never known as one: the user gave a page. Its
                // advertised feeds are polled (and so become sources); the page
                // itself is stored if it is an article.
                outcome.kind = "page".into();
                outcome.items = 1;
                let base = page.final_url.clone();
                let raw = RawPage {
                    url: page.final_url.to_string(),
                    aliases: vec![url.to_string()],
                    charset: page.charset.clone(),
                    body: page.body,
                    source_url: None,
                };
                match extract_blocking(raw).await {
                    Ok((raw, extracted)) => {
                        if depth < MAX_SOURCE_DEPTH {
                            let html = extract::decode(&raw.body, raw.charset.as_deref(), Some(&raw.url)).text;
                            let found = feeds::discover_feeds(&html, &base);
                            outcome.items += found.len() as u64;
                            work.extend(found.into_iter().map(|f| (f, depth + 1)));
                        }
                        match self.store_extracted(raw, extracted, pending_index)? {
                            Stored::New => report.new_articles += 1,
                            Stored::Known => report.known_articles += 1,
                            Stored::Listing => report.listings += 1,
                        }
                    }
                    Err(reason) => outcome.error = Some(format!("{reason} (not a feed either: got {got})")),
                }
            }
            Err(e) => {
                self.record_failure(url, known.as_ref(), Some(page.status), &e.to_string())?;
                self.store().set_source_state(url, &state(None))?;
                outcome.error = Some(e.to_string());
            }
        }
        Ok(outcome)
    }

    /// Records a failed poll and schedules the next try further out.
    fn record_failure(
        &self,
        url: &str,
        known: Option<&model::SourceHealth>,
        http_status: Option<u16>,
        error: &str,
    ) -> Result<()> {
        let store = self.store();
        store.ensure_source(url, "feed")?;
        store.record_source_failure(url, http_status, error)?;
        let consecutive = known.map_or(0, |k| k.consecutive_failures) + 1;
        let learnt = known.and_then(|k| k.poll_interval_secs).map(Duration::from_secs);
        let wait = self.schedule.after_failure(learnt, consecutive);
        let keep = learnt.unwrap_or(wait).as_secs();
        store.schedule_source(url, &schedule::at(wait), keep)?;
        Ok(())
    }

    fn schedule_success(
        &self,
        store: &store::Store,
        url: &str,
        known: Option<&model::SourceHealth>,
        new_items: u64,
    ) -> Result<()> {
        let previous = known.and_then(|k| k.poll_interval_secs).map(Duration::from_secs);
        let interval = self.schedule.after_success(previous, new_items);
        store.schedule_source(url, &schedule::at(interval), interval.as_secs())?;
        Ok(())
    }
    async fn ingest_file(&self, path: &Path, report: &mut IngestReport, pending_index: &mut u64) -> Result<(), String> {
        let body = read_capped(path, MAX_LOCAL_PAGE_BYTES)?;
        let url = file_url(path);
        let raw = RawPage { url, aliases: Vec::new(), body, charset: None, source_url: None };
        let (raw, extracted) = extract_blocking(raw).await?;
        match self.store_extracted(raw, extracted, pending_index).map_err(|e| e.to_string())? {
            Stored::New => report.new_articles += 1,
            Stored::Known => report.known_articles += 1,
            Stored::Listing => report.listings += 1,
        }
        Ok(())
    }

    async fn ingest_warc(
        &self,
        path: &Path,
        report: &mut IngestReport,
        progress: &dyn Progress,
        pending_index: &mut u64,
    ) -> Result<u64, String> {
        let bytes = read_capped(path, MAX_WARC_BYTES)?;
        let records = feeds::warc::read_warc(&bytes).map_err(|e| e.to_string())?;
        let pages: Vec<_> = records
            .into_iter()
            .filter(|r| r.http_status.is_none_or(|s| (200..300).contains(&s)))
            .filter(|r| {
                r.content_type
                    .as_deref()
                    .is_none_or(|ct| ct.contains("html") || ct.contains("xml"))
            })
            .collect();
        let count = pages.len() as u64;
        progress.add_work(count);
        let source = file_url(path);
        for record in pages {
            let raw = RawPage {
                url: record.target_uri.clone(),
                aliases: Vec::new(),
                charset: record.content_type.as_deref().and_then(charset_of),
                body: record.body,
                source_url: Some(source.clone()),
            };
            match extract_blocking(raw).await {
                Ok((raw, extracted)) => match self.store_extracted(raw, extracted, pending_index).map_err(|e| e.to_string())? {
                    Stored::New => report.new_articles += 1,
                    Stored::Known => report.known_articles += 1,
                    Stored::Listing => report.listings += 1,
                },
                Err(reason) => report.page_errors.push((record.target_uri, reason)),
            }
            progress.advance("record");
        }
        Ok(count)
    }

    /// Stages 2 and 3 for the items of the polled sources: pending items are read
    /// from the store a page at a time ([`PENDING_PAGE`]), fetched and extracted
    /// `page_concurrency` at once, and written back in batches ([`STORE_BATCH`]).
    /// Nothing here grows with the number of items: the queue is the store's.
    async fn crawl_pending(
        &self,
        polled: &[String],
        report: &mut IngestReport,
        progress: &dyn Progress,
        pending_index: &mut u64,
    ) -> Result<()> {
        if polled.is_empty() || self.stopping() {
            return Ok(());
        }
        {
            let mut store = self.store();
            store.begin_crawl(polled)?;
            progress.add_work(store.pending_count()?);
        }
        let queue_error = std::sync::Mutex::new(None);
        let jobs = futures_util::stream::unfold(
            (0i64, std::collections::VecDeque::new()),
            |(after, mut buffered): (i64, std::collections::VecDeque<store::PendingItem>)| {
                let queue_error = &queue_error;
                async move {
                    if buffered.is_empty() {
                        match self.store().next_pending(after, PENDING_PAGE) {
                            Ok(page) => buffered.extend(page),
                            Err(e) => {
                                *queue_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                                return None;
                            }
                        }
                    }
                    let item = buffered.pop_front()?;
                    let after = item.rowid;
                    Some((item, (after, buffered)))
                }
            },
        );
        let fetcher = self.fetcher.clone();
        let mut pages = Box::pin(jobs
            .map(|item| {
                let fetcher = fetcher.clone();
                async move {
                    // A URL stored since it was listed (through another source, or
                    // as a copy) needs no fetch; its item is only marked done.
                    let known = self.store().article_id_for_url(&item.url).map(|id| id.is_some());
                    let page = match known {
                        Ok(true) => Ok(PageResult::AlreadyStored),
                        Ok(false) => {
                            let job = PageJob { url: item.url.clone(), source_url: Some(item.source_url) };
                            Ok(fetch_and_prepare(&fetcher, job).await)
                        }
                        Err(e) => Err(e),
                    };
                    (item.url, page)
                }
            })
            .buffer_unordered(self.page_concurrency));

        let mut batch: Vec<(String, PageResult)> = Vec::with_capacity(STORE_BATCH);
        let mut deadline = tokio::time::Instant::now();
        loop {
            let next = if batch.is_empty() {
                pages.next().await
            } else {
                match tokio::time::timeout_at(deadline, pages.next()).await {
                    Ok(next) => next,
                    Err(_) => {
                        self.store_batch(&mut batch, report, progress, pending_index)?;
                        continue;
                    }
                }
            };
            let Some((url, page)) = next else { break };
            let page = page?;
            if let PageResult::Failed(reason) = &page {
                progress.note(&format!("{url}: {reason}"));
                report.page_errors.push((url.clone(), reason.clone()));
            }
            if batch.is_empty() {
                deadline = tokio::time::Instant::now() + STORE_BATCH_WAIT;
            }
            batch.push((url, page));
            // Stopping drops the pages still in flight (their items stay pending
            // for the next run) but stores those already extracted.
            if batch.len() >= STORE_BATCH || self.stopping() {
                self.store_batch(&mut batch, report, progress, pending_index)?;
            }
            if self.stopping() {
                break;
            }
        }
        self.store_batch(&mut batch, report, progress, pending_index)?;
        drop(pages);
        if let Some(e) = queue_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(e.into());
        }
        Ok(())
    }

    /// Writes a batch of handled pages in one store transaction, then indexes
    /// the new articles (store before index, as everywhere).
    fn store_batch(
        &self,
        batch: &mut Vec<(String, PageResult)>,
        report: &mut IngestReport,
        progress: &dyn Progress,
        pending_index: &mut u64,
    ) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let handled: Vec<store::HandledPage<'_>> = batch
            .iter()
            .map(|(url, page)| match page {
                PageResult::Article { article, aliases } => {
                    store::HandledPage::Article { item_url: Some(url), article, aliases }
                }
                PageResult::Listing | PageResult::AlreadyStored => store::HandledPage::Done { item_url: url },
                PageResult::Failed(_) => store::HandledPage::Failed { item_url: url },
            })
            .collect();
        let inserted = self.store().record_pages(&handled)?;
        drop(handled);
        for ((url, page), inserted) in batch.drain(..).zip(inserted) {
            match page {
                PageResult::Article { mut article, .. } => match inserted {
                    Some(store::Inserted { id, is_new: true }) => {
                        article.id = id;
                        self.writer().upsert(&article)?;
                        report.new_articles += 1;
                        *pending_index += 1;
                        if *pending_index >= INDEX_COMMIT_EVERY {
                            self.commit_index()?;
                            *pending_index = 0;
                        }
                    }
                    _ => report.known_articles += 1,
                },
                PageResult::Listing => report.listings += 1,
                PageResult::AlreadyStored | PageResult::Failed(_) => {}
            }
            progress.advance(&url);
        }
        Ok(())
    }

    /// Stores one extracted page (unless it is a listing or a copy) and indexes it.
    fn store_extracted(&self, raw: RawPage, extracted: Extracted, pending_index: &mut u64) -> Result<Stored> {
        let Some(article) = article_of(raw.url, raw.source_url, extracted) else {
            return Ok(Stored::Listing);
        };
        let inserted = {
            let mut store = self.store();
            let inserted = store.insert_article(&article)?;
            for alias in &raw.aliases {
                store.remember_url(alias, inserted.id)?;
            }
            inserted
        };
        if !inserted.is_new {
            return Ok(Stored::Known);
        }
        let stored = self.store().article(inserted.id)?;
        if let Some(stored) = stored {
            self.writer().upsert(&stored)?;
            *pending_index += 1;
            if *pending_index >= INDEX_COMMIT_EVERY {
                self.commit_index()?;
                *pending_index = 0;
            }
        }
        Ok(Stored::New)
    }

    fn commit_index(&self) -> Result<()> {
        self.writer().commit()?;
        self.index.reload()?;
        Ok(())
    }
}

/// Hex SHA-256 of a fetched body: a feed whose bytes did not change did not change.
fn content_hash(body: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(body))
}

/// A successful poll that brought nothing new says so, without counting as a failure.
fn stale_note(unchanged: bool, new_items: u64, listed: usize) -> Option<String> {
    if unchanged {
        Some("unchanged: same content as the last full fetch".into())
    } else if new_items == 0 {
        Some(format!("all {listed} items already seen"))
    } else {
        None
    }
}

/// Fetches and extracts one listed page; the article (text hash included) is
/// built on the extraction thread, so the task that writes the store only writes.
async fn fetch_and_prepare(fetcher: &fetch::Fetcher, job: PageJob) -> PageResult {
    let page = match fetcher.get(&job.url, None).await {
        Ok(fetch::Fetched::Page(page)) => page,
        // No validators were sent, so a 304 is the server's confusion.
        Ok(fetch::Fetched::NotModified { .. }) => {
            return PageResult::Failed("server answered 304 to an unconditional request".into())
        }
        Err(e) => return PageResult::Failed(e.to_string()),
    };
    let final_url = page.final_url.to_string();
    let aliases = if final_url != job.url { vec![job.url.clone()] } else { Vec::new() };
    let raw = RawPage {
        url: final_url,
        aliases,
        body: page.body,
        charset: page.charset,
        source_url: job.source_url,
    };
    let _permit = match extractors().acquire().await {
        Ok(permit) => permit,
        Err(e) => return PageResult::Failed(format!("extraction failed: {e}")),
    };
    tokio::task::spawn_blocking(move || {
        match extract::extract_bytes(&raw.body, raw.charset.as_deref(), Some(&raw.url)) {
            Ok(extracted) => match article_of(raw.url, raw.source_url, extracted) {
                Some(article) => PageResult::Article { article: Box::new(article), aliases: raw.aliases },
                None => PageResult::Listing,
            },
            Err(e) => PageResult::Failed(e.to_string()),
        }
    })
    .await
    .unwrap_or_else(|e| PageResult::Failed(format!("extraction failed: {e}")))
}

/// The article an extracted page is, or None for a listing page.
fn article_of(url: String, source_url: Option<String>, extracted: Extracted) -> Option<Article> {
    if extracted.kind == PageKind::Listing {
        return None;
    }
    Some(Article {
        id: 0,
        url,
        canonical_url: extracted.canonical_url,
        title: extracted.title,
        author: extracted.author,
        date: extracted.date,
        outlet: extracted.outlet,
        language: extracted.language,
        text_hash: crate::text_hash(&extracted.paragraphs),
        paragraphs: extracted.paragraphs,
        image: extracted.image,
        image_caption: extracted.image_caption,
        source_url,
        fetched_at: String::new(),
    })
}

/// Extractions running at once: one per core. More cannot go faster, and each
/// extra blocking thread gets its own malloc arena that keeps its peak: with 8 at
/// once, resident memory grew 17 → 234 MB from 1,000 to 10,000 articles
/// (BENCHMARKS.md, "Crawler (issue 5)"); capped, it stays flat.
fn extractors() -> &'static tokio::sync::Semaphore {
    static EXTRACTORS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    EXTRACTORS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2))
    })
}

/// Extraction is CPU work: it runs on tokio's blocking pool so that page fetches
/// keep flowing while the two cores parse.
async fn extract_blocking(raw: RawPage) -> Result<(RawPage, Extracted), String> {
    let _permit = extractors().acquire().await.map_err(|e| format!("extraction failed: {e}"))?;
    tokio::task::spawn_blocking(move || {
        let extracted = extract::extract_bytes(&raw.body, raw.charset.as_deref(), Some(&raw.url));
        extracted.map(|e| (raw, e)).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| format!("extraction failed: {e}"))?
}

fn looks_like_html(page: &fetch::Page) -> bool {
    if page.content_type.as_deref().is_some_and(|ct| ct.contains("html")) {
        return true;
    }
    let head = &page.body[..page.body.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html") || head.contains("<body") || head.contains("<p")
}

fn charset_of(content_type: &str) -> Option<String> {
    content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches('"').to_string())
        .next()
}

fn local_outcome(path: &Path, kind: &str) -> SourceOutcome {
    SourceOutcome {
        source: path.display().to_string(),
        kind: kind.into(),
        local: true,
        ..SourceOutcome::default()
    }
}

fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut body = Vec::new();
    file.take(cap)
        .read_to_end(&mut body)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(body)
}

/// Every .html/.htm file under `dir`, sorted, so runs are repeatable.
fn html_files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml"))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn file_url(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    url::Url::from_file_path(&absolute)
        .map(|u| u.to_string())
        .unwrap_or_else(|_| format!("file://{}", absolute.display()))
}

impl From<String> for EngineError {
    fn from(s: String) -> Self {
        EngineError::BadSource(s)
    }
}
