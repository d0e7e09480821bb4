//! The one background crawl a server may run at a time (`POST /api/v1/crawl`).
//!
//! The engine is opened only for the crawl and dropped after it, because opening
//! it takes the index's single writer lock: while no crawl runs, `marsad ingest`
//! in another process can write, and while one runs, it cannot (and vice versa,
//! which the request learns as 409). The crawl runs on a thread of its own with
//! its own small runtime, so a long crawl never occupies the server's workers.

use std::sync::{Mutex, PoisonError};

use engine::{Engine, EngineConfig, EngineError, Source};
use serde::Serialize;

use crate::error::ServerError;
use crate::state::AppState;

/// What `GET /api/v1/crawl` reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CrawlStatus {
    pub running: bool,
    /// RFC 3339 UTC.
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// Sources the current or last crawl was given.
    pub sources: Vec<String>,
    pub new_articles: u64,
    pub known_articles: u64,
    pub failed_sources: usize,
    /// Why the last crawl stopped early, if it did.
    pub error: Option<String>,
}

#[derive(Default)]
pub struct CrawlState {
    status: Mutex<CrawlStatus>,
}

impl CrawlState {
    pub fn status(&self) -> CrawlStatus {
        self.status.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn update(&self, change: impl FnOnce(&mut CrawlStatus)) {
        change(&mut self.status.lock().unwrap_or_else(PoisonError::into_inner));
    }

    /// Marks a crawl as running unless one already is; true when this call won.
    fn claim(&self, sources: &[String]) -> bool {
        let mut status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        if status.running {
            return false;
        }
        *status = CrawlStatus {
            running: true,
            started_at: Some(now()),
            sources: sources.to_vec(),
            ..CrawlStatus::default()
        };
        true
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Opens the engine (409 when another writer holds the index) and starts the
/// crawl of `urls` in the background. Returns the status it started with.
pub async fn start(state: &AppState, urls: Vec<String>) -> Result<CrawlStatus, ServerError> {
    if !state.crawl().claim(&urls) {
        return Err(ServerError::Conflict("server: a crawl is already running".to_string()));
    }
    let mut config = EngineConfig::new(state.data_dir());
    config.fetch.allow_private = state.crawl_settings().allow_private;
    if let Some(delay) = state.crawl_settings().per_host_delay {
        config.fetch.per_host_delay = delay;
    }
    let opened = crate::state::blocking(move || Engine::open(config).map_err(engine_error)).await;
    let engine = match opened {
        Ok(engine) => engine,
        Err(err) => {
            state.crawl().update(|s| {
                s.running = false;
                s.finished_at = Some(now());
                s.error = Some(err.public_message());
            });
            return Err(err);
        }
    };
    let sources: Vec<Source> = urls.iter().cloned().map(Source::Url).collect();
    let worker_state = state.clone();
    let spawned = std::thread::Builder::new()
        .name("marsad-crawl".to_string())
        .spawn(move || run(worker_state, engine, sources));
    if let Err(err) = spawned {
        state.crawl().update(|s| {
            s.running = false;
            s.error = Some("could not start the crawl thread".to_string());
        });
        return Err(ServerError::Task(err.to_string()));
    }
    Ok(state.crawl().status())
}

fn run(state: AppState, engine: Engine, sources: Vec<Source>) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
    let outcome = match runtime {
        Ok(runtime) => runtime
            .block_on(engine.ingest(&sources, &engine::Quiet))
            .map_err(|err| err.to_string()),
        Err(err) => Err(format!("cannot start a runtime: {err}")),
    };
    // Release the writer lock before reporting the crawl as finished, so that a
    // caller who sees `running: false` can start the next writer at once.
    drop(engine);
    if let Err(err) = state.index().reload() {
        tracing::warn!("server: reloading the index after a crawl: {err}");
    }
    state.crawl().update(|s| {
        s.running = false;
        s.finished_at = Some(now());
        match outcome {
            Ok(report) => {
                s.new_articles = report.new_articles;
                s.known_articles = report.known_articles;
                s.failed_sources = report.failed_sources();
            }
            Err(err) => {
                tracing::error!("server: crawl failed: {err}");
                s.error = Some(err);
            }
        }
    });
}

fn engine_error(err: EngineError) -> ServerError {
    match err {
        EngineError::Index(index::IndexError::Locked { .. }) => ServerError::Conflict(
            "server: another process (marsad ingest?) is writing the index; try again when it ends"
                .to_string(),
        ),
        other => ServerError::Task(other.to_string()),
    }
}
