//! `marsad serve`: the HTTP JSON API under `/api/v1`, RSS and Atom feeds of any
//! search under `/feeds`, and the Arabic, right-to-left web UI (with an English
//! switch), all reading the data folder that the crawler fills (SQLite store for
//! articles and source health, tantivy index for search). Write actions (add a
//! source, delete an article, start a crawl) need the `MARSAD_TOKEN` bearer token.

mod api;
mod auth;
mod crawl;
mod error;
mod feeds;
mod html;
mod i18n;
mod openapi;
mod pages;
mod params;
mod state;
mod write;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, MethodRouter};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::ServerError;
pub use state::AppState;

/// Requests carry at most this many body bytes. The largest legitimate body is a
/// crawl request listing a few hundred source URLs.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// The only sources the pages may load from: no inline script or style, no frames,
/// so that an escaping bug in page data still cannot run code.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Every machine-readable route, as (method, path), in path order. The router is
/// built from this table and `/api/v1/openapi.json` must describe exactly these
/// (the `openapi_*` tests request every one), so a route cannot be added without
/// being documented. HTML pages are for people and are not listed.
pub const DOCUMENTED_ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/v1/articles/{id}"),
    // Write: removes the article from the store and the index.
    ("DELETE", "/api/v1/articles/{id}"),
    ("GET", "/api/v1/crawl"),
    // Write: starts a crawl of the given or all known sources.
    ("POST", "/api/v1/crawl"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/search"),
    ("GET", "/api/v1/sources"),
    // Write: registers a source URL for later crawls.
    ("POST", "/api/v1/sources"),
    ("GET", "/api/v1/stats"),
    ("GET", "/feeds/search.atom"),
    ("GET", "/feeds/search.rss"),
];

/// Who may do what. Reads are open unless `require_token_for_reads`; writes always
/// need the token, and are refused outright when no token is configured.
#[derive(Debug, Clone, Default)]
pub struct Access {
    /// The bearer token (from `MARSAD_TOKEN`); `None` disables every write action.
    pub token: Option<String>,
    /// `--require-token`: reads need the token too.
    pub require_token_for_reads: bool,
}

/// How `POST /api/v1/crawl` fetches.
#[derive(Debug, Clone, Default)]
pub struct CrawlSettings {
    /// Let the crawler fetch loopback and private addresses (tests, intranets).
    pub allow_private: bool,
    /// Overrides the fetcher's politeness delay between two requests to one host.
    pub per_host_delay: Option<Duration>,
}

/// Where to find the data, where to listen, and who may write.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub data_dir: PathBuf,
    pub addr: SocketAddr,
    pub access: Access,
    pub crawl: CrawlSettings,
}

impl ServerConfig {
    /// Reads open, writes refused, crawls public addresses only.
    pub fn new(data_dir: PathBuf, addr: SocketAddr) -> ServerConfig {
        ServerConfig { data_dir, addr, access: Access::default(), crawl: CrawlSettings::default() }
    }
}

/// Opens the data folder and binds the listener, without serving yet, so that the
/// caller can learn the bound port when `addr` asks for port 0.
pub async fn bind(config: ServerConfig) -> Result<(tokio::net::TcpListener, Router), ServerError> {
    if config.access.require_token_for_reads && config.access.token.is_none() {
        return Err(ServerError::Config(
            "server: --require-token needs a token: set MARSAD_TOKEN".to_string(),
        ));
    }
    let data_dir = config.data_dir.clone();
    let (access, crawl) = (config.access.clone(), config.crawl.clone());
    // Opening SQLite and tantivy touches the disk; keep it off the async workers.
    let state = tokio::task::spawn_blocking(move || AppState::open(&data_dir, access, crawl))
        .await
        .map_err(|err| ServerError::Task(err.to_string()))??;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServerError::Bind { addr: config.addr, source })?;
    Ok((listener, router(state)))
}

/// Serves until `shutdown` completes, then lets requests in flight finish.
pub async fn serve(
    config: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let (listener, app) = bind(config).await?;
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServerError::Serve)
}

/// The handler of one documented route; `None` for a pair the table lists but no
/// handler answers, which the OpenAPI tests then catch as a 404.
fn documented_handler(method: &str, path: &str) -> Option<MethodRouter<AppState>> {
    Some(match (method, path) {
        ("GET", "/api/v1/articles/{id}") => get(api::article),
        ("DELETE", "/api/v1/articles/{id}") => delete(write::delete_article),
        ("GET", "/api/v1/crawl") => get(write::crawl_status),
        ("POST", "/api/v1/crawl") => post(write::start_crawl),
        ("GET", "/api/v1/openapi.json") => get(openapi::document),
        ("GET", "/api/v1/search") => get(api::search),
        ("GET", "/api/v1/sources") => get(api::sources),
        ("POST", "/api/v1/sources") => post(write::add_source),
        ("GET", "/api/v1/stats") => get(api::stats),
        ("GET", "/feeds/search.atom") => get(feeds::atom),
        ("GET", "/feeds/search.rss") => get(feeds::rss),
        _ => return None,
    })
}

/// All routes, with the security headers and limits applied to every response,
/// including errors and the fallback. No CORS layer: browsers on other origins
/// get no `Access-Control-*` headers, so they cannot read the API.
pub fn router(state: AppState) -> Router {
    let mut app = Router::new()
        .route("/", get(pages::search))
        .route("/about", get(pages::about))
        .route("/article/{id}", get(pages::article))
        .route("/sources", get(pages::sources))
        .route("/static/app.js", get(script))
        .route("/static/icon.svg", get(icon))
        .route("/static/style.css", get(stylesheet));
    for (method, path) in DOCUMENTED_ROUTES {
        if let Some(handler) = documented_handler(method, path) {
            // Same path, other method: axum merges the method routers.
            app = app.route(path, handler);
        }
    }
    app.fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::guard_reads))
        .with_state(state)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(CatchPanicLayer::custom(|_panic: Box<dyn std::any::Any + Send>| {
            tracing::error!("server: a request handler panicked");
            error::json_error(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
            )
        }))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
}

const STYLESHEET: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("app.js");
const ICON: &str = include_str!("icon.svg");

async fn stylesheet() -> Response {
    static_file("text/css; charset=utf-8", STYLESHEET)
}

/// Linked from every page so that browsers do not ask for a missing /favicon.ico.
async fn icon() -> Response {
    static_file("image/svg+xml", ICON)
}

async fn script() -> Response {
    static_file("text/javascript; charset=utf-8", SCRIPT)
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")],
        body,
    )
        .into_response()
}

/// API clients get JSON, people get the page in their language.
async fn not_found(uri: Uri) -> Response {
    if is_api(&uri) {
        error::json_error(axum::http::StatusCode::NOT_FOUND, "not found")
    } else {
        pages::not_found_page(i18n::Lang::from_uri(&uri))
    }
}

async fn method_not_allowed(uri: Uri) -> Response {
    let status = axum::http::StatusCode::METHOD_NOT_ALLOWED;
    if is_api(&uri) {
        error::json_error(status, "method not allowed: see /api/v1/openapi.json")
    } else {
        let lang = i18n::Lang::from_uri(&uri);
        pages::error_page(lang, status, lang.t("error.method"))
    }
}

fn is_api(uri: &Uri) -> bool {
    let path = uri.path();
    path == "/api" || path.starts_with("/api/") || path.starts_with("/feeds/")
}
