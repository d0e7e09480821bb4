//! `marsad serve`: the HTTP JSON API under `/api/v1` and the Arabic, right-to-left
//! web UI, both reading the data folder that the crawler fills (SQLite store for
//! articles and source health, tantivy index for search).

mod api;
mod error;
mod html;
mod pages;
mod params;
mod state;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub use error::ServerError;
pub use state::AppState;

/// Requests carry at most this many body bytes; every route is a GET, so anything
/// larger is abuse rather than use.
const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// The only sources the pages may load from: no inline script or style, no frames,
/// so that an escaping bug in page data still cannot run code.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'";

/// Where to find the data and where to listen.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub data_dir: PathBuf,
    pub addr: SocketAddr,
}

/// Opens the data folder and binds the listener, without serving yet, so that the
/// caller can learn the bound port when `addr` asks for port 0.
pub async fn bind(config: ServerConfig) -> Result<(tokio::net::TcpListener, Router), ServerError> {
    let data_dir = config.data_dir.clone();
    // Opening SQLite and tantivy touches the disk; keep it off the async workers.
    let state = tokio::task::spawn_blocking(move || AppState::open(&data_dir))
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

/// All routes, with the security headers and limits applied to every response,
/// including errors and the fallback.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/search", get(api::search))
        .route("/articles/{id}", get(api::article))
        .route("/sources", get(api::sources))
        .route("/stats", get(api::stats));

    Router::new()
        .route("/", get(pages::search))
        .route("/article/{id}", get(pages::article))
        .route("/sources", get(pages::sources))
        .route("/static/style.css", get(stylesheet))
        .nest("/api/v1", api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
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

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// API clients get JSON, people get the Arabic page.
async fn not_found(uri: Uri) -> Response {
    if is_api(&uri) {
        error::json_error(axum::http::StatusCode::NOT_FOUND, "not found")
    } else {
        pages::not_found_page()
    }
}

async fn method_not_allowed(uri: Uri) -> Response {
    let status = axum::http::StatusCode::METHOD_NOT_ALLOWED;
    if is_api(&uri) {
        error::json_error(status, "method not allowed: the API only answers GET")
    } else {
        pages::error_page(status, "هذه الطريقة غير مسموح بها هنا.")
    }
}

fn is_api(uri: &Uri) -> bool {
    uri.path() == "/api" || uri.path().starts_with("/api/")
}
