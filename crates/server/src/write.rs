//! The write actions of the API, each behind the bearer token ([`WriteAccess`]):
//! register a source, delete an article, start a crawl; and the crawl's status.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use model::SourceHealth;
use serde::Deserialize;

use crate::api::parse_id;
use crate::auth::WriteAccess;
use crate::crawl::{self, CrawlStatus};
use crate::error::ServerError;
use crate::state::AppState;

/// Longest source URL accepted; real feed URLs are far shorter.
const MAX_URL_CHARS: usize = 2000;
/// Sources one crawl request may name.
const MAX_CRAWL_SOURCES: usize = 500;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewSource {
    pub url: String,
}

/// `POST /api/v1/sources`: remembers a feed, sitemap or page URL so that its
/// health is shown and `POST /api/v1/crawl` without a list polls it.
pub async fn add_source(
    _access: WriteAccess,
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ServerError> {
    let body = read_body(body)?;
    let new: NewSource = serde_json::from_slice(&body)
        .map_err(|err| ServerError::BadRequest(format!("body must be JSON {{\"url\": \"https://…\"}}: {err}")))?;
    let url = web_source(&new.url)?;
    let stored = url.clone();
    let source = state
        .with_store(move |store| {
            store.ensure_source(&stored, "added")?;
            store.source(&stored)
        })
        .await?;
    let source: SourceHealth = source.ok_or_else(|| ServerError::Task("source vanished".to_string()))?;
    Ok((StatusCode::CREATED, Json(source)).into_response())
}

/// `DELETE /api/v1/articles/{id}`: removes the article from the store, then from
/// the index (store first, like every write: the index follows the store).
pub async fn delete_article(
    _access: WriteAccess,
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> Result<Response, ServerError> {
    let id = parse_id(&raw_id)?;
    let index = state.index().clone();
    // Take the index writer first: if a crawl holds it, nothing is changed at all.
    let mut writer = crate::state::blocking(move || {
        index.writer().map_err(|err| match err {
            index::IndexError::Locked { .. } => ServerError::Conflict(
                "server: a crawl or marsad ingest is writing the index; try again when it ends".to_string(),
            ),
            other => ServerError::IndexWrite(other),
        })
    })
    .await?;
    let removed = state.with_store(move |store| store.delete_article(id)).await?;
    if !removed {
        return Err(ServerError::NotFound(format!("no article with id {id}")));
    }
    let index = state.index().clone();
    crate::state::blocking(move || {
        writer.delete(id);
        writer.commit().map_err(ServerError::IndexWrite)?;
        drop(writer);
        index.reload().map_err(ServerError::IndexWrite)
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrawlRequest {
    /// Feed, sitemap or page URLs; absent or empty means every known source.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// `POST /api/v1/crawl`: 202 and the crawl's status; 409 while another writer runs.
/// The body may be empty (crawl every known source).
pub async fn start_crawl(
    _access: WriteAccess,
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ServerError> {
    let body = read_body(body)?;
    let request: CrawlRequest = if body.iter().all(u8::is_ascii_whitespace) {
        CrawlRequest::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|err| ServerError::BadRequest(format!("body must be JSON {{\"sources\": [url, …]}}: {err}")))?
    };
    if request.sources.len() > MAX_CRAWL_SOURCES {
        return Err(ServerError::BadRequest(format!("at most {MAX_CRAWL_SOURCES} sources per crawl")));
    }
    let mut urls = request
        .sources
        .iter()
        .map(|url| web_source(url))
        .collect::<Result<Vec<_>, _>>()?;
    if urls.is_empty() {
        urls = state
            .with_store(|store| store.sources())
            .await?
            .into_iter()
            .map(|source| source.url)
            .collect();
    }
    if urls.is_empty() {
        return Err(ServerError::BadRequest(
            "no sources to crawl: give {\"sources\": [url, …]} or add one with POST /api/v1/sources".to_string(),
        ));
    }
    let status = crawl::start(&state, urls).await?;
    Ok((StatusCode::ACCEPTED, Json(status)).into_response())
}

/// `GET /api/v1/crawl`: whether a crawl runs, and what the last one did.
pub async fn crawl_status(State(state): State<AppState>) -> Json<CrawlStatus> {
    Json(state.crawl().status())
}

/// Only absolute http(s) URLs with a host: the API must never make the server
/// read its own files (`file://`, paths), which the CLI's `ingest` allows.
fn web_source(raw: &str) -> Result<String, ServerError> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_URL_CHARS {
        return Err(ServerError::BadRequest(format!("url must be at most {MAX_URL_CHARS} characters")));
    }
    match url::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host_str().is_some() => {
            Ok(url.to_string())
        }
        _ => Err(ServerError::BadRequest(format!("url must be an http or https address, got {raw:?}"))),
    }
}

/// The body as bytes. JSON is parsed by the handler whatever the Content-Type,
/// so that `curl -d '{"url": …}'` works as typed.
fn read_body(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ServerError> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ServerError::TooLarge(format!("body larger than {} bytes", crate::BODY_LIMIT_BYTES))
        } else {
            ServerError::BadRequest(format!("cannot read the body: {}", rejection.body_text()))
        }
    })
}
