//! A small Arabic news website of the project's own, served on 127.0.0.1 so that
//! `marsad demo`, the end-to-end tests and the benchmarks have realistic pages and
//! feeds to ingest without touching the network.
//!
//! Three invented outlets share one server, each under its own path prefix and
//! each with a deliberately different kind of markup (a modern site with JSON-LD,
//! an old table layout, and a legacy windows-1256 site that lies about its
//! language). Optionally a fourth, synthetic outlet offers thousands of generated
//! articles for benchmarks; its pages are rendered on request so that memory stays
//! flat however many are asked for.

mod content;
mod feeds;
mod http;
mod render;
mod synthetic;

pub use content::{articles, outlets, section_slug, DemoArticle, Outlet, Template, SECTIONS};

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Why a request could not be answered with a page. Each variant maps to one HTTP
/// status, so handlers can use `?` and still answer like a real site would.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("demosite: no page at {0}")]
    NotFound(String),
    #[error("demosite: method {0} is not allowed, only GET and HEAD")]
    MethodNotAllowed(String),
}

impl IntoResponse for SiteError {
    fn into_response(self) -> Response {
        let status = match self {
            SiteError::NotFound(_) => axum::http::StatusCode::NOT_FOUND,
            SiteError::MethodNotAllowed(_) => axum::http::StatusCode::METHOD_NOT_ALLOWED,
        };
        let body = render::error_page(status.as_u16(), &self.to_string());
        Response::builder()
            .status(status)
            .header("content-type", "text/html; charset=utf-8")
            .body(Body::from(body))
            .unwrap_or_else(|_| status.into_response())
    }
}

/// How much of the site to serve.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SiteOptions {
    /// 0 serves only the hand-written outlets; N > 0 also serves N generated
    /// articles under `/bench/`, listed in `/bench/rss.xml` and in the sitemap
    /// index `/bench/sitemap.xml` (pages of 5,000).
    pub synthetic_articles: usize,
}

/// What every request handler needs: where the site lives (links in feeds are
/// absolute), how big the synthetic outlet is, and the counters tests read.
pub(crate) struct SiteState {
    pub base_url: String,
    pub synthetic_articles: usize,
    pub requests: AtomicU64,
    pub not_modified: AtomicU64,
    /// The benchmark feed is large and identical on every request, so it is built
    /// once, on first demand, rather than at start-up.
    pub bench_feed: OnceLock<Vec<u8>>,
}

/// A running demo site. Dropping it leaves the server running until the runtime
/// ends; call [`DemoSite::shutdown`] to stop it cleanly.
pub struct DemoSite {
    state: Arc<SiteState>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl DemoSite {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.state.base_url
    }

    /// The RSS feed, the Atom feed and the dead feed (which answers 404).
    pub fn feed_urls(&self) -> Vec<String> {
        vec![
            format!("{}{}", self.state.base_url, feeds::RSS_PATH),
            format!("{}{}", self.state.base_url, feeds::ATOM_PATH),
            self.dead_feed_url(),
        ]
    }

    pub fn dead_feed_url(&self) -> String {
        format!("{}{}", self.state.base_url, feeds::DEAD_FEED_PATH)
    }

    /// The root sitemap index, which points at the legacy outlet's sitemap (and the
    /// synthetic one when enabled).
    pub fn sitemap_url(&self) -> String {
        format!("{}/sitemap.xml", self.state.base_url)
    }

    /// The synthetic outlet's sitemap index (pages of 5,000 URLs), what the
    /// benchmark ingests. Answers 404 when there are no synthetic articles.
    pub fn bench_sitemap_url(&self) -> String {
        format!("{}{}", self.state.base_url, feeds::BENCH_SITEMAP_PATH)
    }

    /// Everything `marsad demo` should ingest.
    pub fn sources(&self) -> Vec<String> {
        let mut sources = self.feed_urls();
        sources.push(self.sitemap_url());
        if self.state.synthetic_articles > 0 {
            sources.push(format!("{}{}", self.state.base_url, feeds::BENCH_RSS_PATH));
        }
        sources
    }

    /// Every hand-written article page, in the order of [`articles`].
    pub fn article_urls(&self) -> Vec<String> {
        articles().iter().map(|a| a.url(&self.state.base_url)).collect()
    }

    /// URL of the synthetic article `index` (1-based), whether or not it exists.
    pub fn synthetic_article_url(&self, index: usize) -> String {
        format!("{}{}", self.state.base_url, synthetic::article_path(index))
    }

    pub fn requests_served(&self) -> u64 {
        self.state.requests.load(Ordering::Relaxed)
    }

    /// How many requests were answered "304 Not Modified".
    pub fn not_modified_served(&self) -> u64 {
        self.state.not_modified.load(Ordering::Relaxed)
    }

    /// Stops accepting connections, lets requests in flight finish, and waits.
    pub async fn shutdown(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// Binds `addr` (port 0 picks a free port) and serves the site in a background task.
pub async fn start(addr: SocketAddr, options: SiteOptions) -> std::io::Result<DemoSite> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let mut local = listener.local_addr()?;
    // Links must be followable: a wildcard bind address is not somewhere to connect to.
    if local.ip().is_unspecified() {
        local.set_ip(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    let state = Arc::new(SiteState {
        base_url: format!("http://{local}"),
        synthetic_articles: options.synthetic_articles,
        requests: AtomicU64::new(0),
        not_modified: AtomicU64::new(0),
        bench_feed: OnceLock::new(),
    });
    let app = Router::new().fallback(handle).with_state(state.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let serving = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
        if let Err(error) = serving.await {
            eprintln!("demosite: server stopped with an error: {error}");
        }
    });
    Ok(DemoSite { state, stop, task })
}

async fn handle(State(state): State<Arc<SiteState>>, request: Request) -> Response {
    state.requests.fetch_add(1, Ordering::Relaxed);
    let method = request.method().clone();
    if method != axum::http::Method::GET && method != axum::http::Method::HEAD {
        return SiteError::MethodNotAllowed(method.to_string()).into_response();
    }
    let path = request.uri().path().to_string();
    let query = request.uri().query().unwrap_or("").to_string();
    match http::route(&state, &path, &query) {
        Ok(page) => http::answer(&state, request.headers(), page),
        Err(error) => error.into_response(),
    }
}
