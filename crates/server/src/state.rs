//! Shared state of a running server: the store behind a mutex (a SQLite connection
//! may move between threads but not be shared), the search index reader, who may
//! write, and the state of the background crawl.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use index::SearchIndex;
use model::layout;
use store::{Store, StoreError};

use crate::crawl::CrawlState;
use crate::error::ServerError;
use crate::{Access, CrawlSettings};

/// Cheap to clone: every handler gets a copy.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Mutex<Store>,
    index: SearchIndex,
    data_dir: PathBuf,
    access: Access,
    crawl_settings: CrawlSettings,
    crawl: CrawlState,
}

impl AppState {
    /// Opens the store and the index of `data_dir`, creating both when the folder is
    /// new, so that `marsad serve` works before the first crawl.
    pub fn open(
        data_dir: &Path,
        access: Access,
        crawl_settings: CrawlSettings,
    ) -> Result<AppState, ServerError> {
        create_dir(data_dir)?;
        let db_path = layout::database(data_dir);
        let store = Store::open(&db_path).map_err(|source| ServerError::OpenStore {
            path: db_path.clone(),
            source,
        })?;
        let index_path = layout::index(data_dir);
        create_dir(&index_path)?;
        let index = SearchIndex::open(&index_path).map_err(|source| ServerError::OpenIndex {
            path: index_path.clone(),
            source,
        })?;
        if !index.analyzer_is_current() {
            rebuild_stale_index(data_dir, &index);
        }
        Ok(AppState {
            inner: Arc::new(Inner {
                store: Mutex::new(store),
                index,
                data_dir: data_dir.to_path_buf(),
                access,
                crawl_settings,
                crawl: CrawlState::default(),
            }),
        })
    }

    pub(crate) fn access(&self) -> &Access {
        &self.inner.access
    }

    pub(crate) fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    pub(crate) fn crawl_settings(&self) -> &CrawlSettings {
        &self.inner.crawl_settings
    }

    pub(crate) fn crawl(&self) -> &CrawlState {
        &self.inner.crawl
    }

    pub(crate) fn index(&self) -> &SearchIndex {
        &self.inner.index
    }

    /// Runs `query` on the store, off the async workers because SQLite blocks.
    pub(crate) async fn with_store<T, F>(&self, query: F) -> Result<T, ServerError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        blocking(move || {
            // A panic in another request must not take the store down with it: the
            // connection itself stays valid.
            let mut store = inner.store.lock().unwrap_or_else(PoisonError::into_inner);
            query(&mut store).map_err(ServerError::from)
        })
        .await
    }

    /// Runs a search off the async workers because tantivy reads the disk.
    pub(crate) async fn search(
        &self,
        query: model::SearchQuery,
    ) -> Result<model::SearchResults, ServerError> {
        let inner = Arc::clone(&self.inner);
        blocking(move || inner.index.search(&query).map_err(ServerError::from)).await
    }
}

/// The index was made by another analyzer version, so searches would miss
/// articles: the engine rebuilds it from the store when it opens, as `ingest`
/// would. When another process holds the index writer, serve what there is and
/// say so; that process rebuilds it the next time it opens the engine.
fn rebuild_stale_index(data_dir: &Path, index: &SearchIndex) {
    tracing::warn!("server: the index was made by another analyzer version; rebuilding it from the store");
    match engine::Engine::open(engine::EngineConfig::new(data_dir)) {
        Ok(engine) => {
            drop(engine);
            if let Err(err) = index.reload() {
                tracing::warn!("server: cannot reload the rebuilt index: {err}");
            }
        }
        Err(err) => tracing::warn!("server: cannot rebuild the index now ({err}); run `marsad reindex`"),
    }
}

fn create_dir(path: &Path) -> Result<(), ServerError> {
    std::fs::create_dir_all(path).map_err(|source| ServerError::DataDir {
        path: PathBuf::from(path),
        source,
    })
}

pub(crate) async fn blocking<T, F>(work: F) -> Result<T, ServerError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ServerError> + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| ServerError::Task(err.to_string()))?
}
