//! The pipeline: sources in, stored and indexed articles out. This is the one
//! place that wires the pure crates (`feeds`, `extract`, `arabic`) to the I/O
//! crates (`fetch`, `store`, `index`).
//!
//! Order of writes is what makes a crash harmless: an article is committed to the
//! store first, then added to the index; the index is committed in batches. On
//! open, [`Engine::open`] adds to the index whatever the store has and the index
//! lacks, so a `kill -9` at any point loses nothing and duplicates nothing.

mod ingest;
mod memory;
mod schedule;
mod source;
mod watch;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use index::{ArticleWriter, SearchIndex};
use store::Store;

pub use ingest::{IngestReport, SourceOutcome};
pub use memory::limit_malloc_arenas;
pub use schedule::ScheduleBounds;
pub use source::{classify, Source};
pub use watch::WatchRound;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("cannot use data folder {path}: {source}")]
    DataDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Index(#[from] index::IndexError),
    #[error(transparent)]
    Fetch(#[from] fetch::FetchError),
    #[error("{0}")]
    BadSource(String),
}

pub type Result<T, E = EngineError> = std::result::Result<T, E>;

/// How the progress of long work is shown. The engine knows nothing of terminals;
/// the CLI implements this with progress bars, tests with nothing.
pub trait Progress: Send + Sync {
    /// More work became known (e.g. a feed listed 20 new items).
    fn add_work(&self, _n: u64) {}
    /// One unit of work finished.
    fn advance(&self, _what: &str) {}
    /// A line worth showing now (a failing source, say).
    fn note(&self, _line: &str) {}
}

/// Progress that shows nothing.
pub struct Quiet;
impl Progress for Quiet {}

pub struct EngineConfig {
    pub data_dir: PathBuf,
    pub fetch: fetch::FetchConfig,
    /// Pages fetched and extracted at once.
    pub page_concurrency: usize,
    /// Bounds of the adaptive poll schedule (see `schedule`).
    pub schedule: ScheduleBounds,
}

impl EngineConfig {
    pub fn new(data_dir: impl Into<PathBuf>) -> EngineConfig {
        EngineConfig {
            data_dir: data_dir.into(),
            fetch: fetch::FetchConfig::default(),
            page_concurrency: 8,
            schedule: ScheduleBounds::default(),
        }
    }
}

pub struct Engine {
    store: Mutex<Store>,
    index: SearchIndex,
    writer: Mutex<ArticleWriter>,
    fetcher: fetch::Fetcher,
    page_concurrency: usize,
    schedule: ScheduleBounds,
    /// Set by [`Engine::request_stop`]; checked between articles and sources.
    stop: std::sync::atomic::AtomicBool,
    stop_notify: tokio::sync::Notify,
}

impl Engine {
    /// Opens the data folder (creating it), the store and the index, and brings
    /// the index level with the store.
    pub fn open(config: EngineConfig) -> Result<Engine> {
        let (store, index) = open_data_dir(&config.data_dir)?;
        let writer = index.writer()?;
        let fetcher = fetch::Fetcher::new(config.fetch)?;
        let engine = Engine {
            store: Mutex::new(store),
            index,
            writer: Mutex::new(writer),
            fetcher,
            page_concurrency: config.page_concurrency.max(1),
            schedule: config.schedule,
            stop: std::sync::atomic::AtomicBool::new(false),
            stop_notify: tokio::sync::Notify::new(),
        };
        // An index made by another analyzer version misses documents silently:
        // rebuild it whole (issue 6; see index::ANALYZER_VERSION).
        if !engine.index.analyzer_is_current() {
            tracing::info!("index made by another analyzer version: rebuilding it from the store");
            engine.reindex(&Quiet)?;
        }
        engine.reconcile_index()?;
        Ok(engine)
    }

    /// Adds to the index every stored article it lacks. Returns how many.
    pub fn reconcile_index(&self) -> Result<u64> {
        let indexed: std::collections::HashSet<i64> = self.index.ids()?.into_iter().collect();
        let store = self.store();
        let missing: Vec<i64> = store
            .article_ids()?
            .into_iter()
            .filter(|id| !indexed.contains(id))
            .collect();
        if missing.is_empty() {
            return Ok(0);
        }
        let mut writer = self.writer();
        for id in &missing {
            if let Some(article) = store.article(*id)? {
                writer.upsert(&article)?;
            }
        }
        writer.commit()?;
        self.index.reload()?;
        tracing::info!(added = missing.len(), "index reconciled with the store");
        Ok(missing.len() as u64)
    }

    /// Rebuilds the whole index from the store.
    pub fn reindex(&self, progress: &dyn Progress) -> Result<u64> {
        let store = self.store();
        let mut writer = self.writer();
        writer.delete_all()?;
        progress.add_work(store.article_count()?);
        let mut count = 0u64;
        store.for_each_article::<EngineError>(|article| {
            writer.upsert(&article)?;
            count += 1;
            progress.advance("indexed");
            Ok(())
        })?;
        writer.commit()?;
        self.index.reload()?;
        Ok(count)
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// The store, locked. Held only for short, synchronous work.
    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn writer(&self) -> std::sync::MutexGuard<'_, ArticleWriter> {
        self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Opens the store and the index of a data folder, creating the folder. Shared by
/// the engine and by read-only commands, so the layout is decided in one place.
pub fn open_data_dir(data_dir: &Path) -> Result<(Store, SearchIndex)> {
    std::fs::create_dir_all(data_dir).map_err(|source| EngineError::DataDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    let store = Store::open(&model::layout::database(data_dir))?;
    let index = SearchIndex::open(&model::layout::index(data_dir))?;
    Ok((store, index))
}

/// The key under which two copies of one text meet: SHA-256 of the lossy
/// normalized body, so diacritics or a changed hamza do not make a new article.
pub fn text_hash(paragraphs: &[String]) -> String {
    use sha2::Digest;
    let key = arabic::normalize::lossy(&paragraphs.join("\n"));
    let key: String = key.split_whitespace().collect::<Vec<_>>().join(" ");
    hex::encode(sha2::Sha256::digest(key.as_bytes()))
}
