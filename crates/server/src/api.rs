//! JSON handlers under `/api/v1`. Every failure answers `{"error": "..."}` with the
//! status it deserves; nothing internal is shown to the client.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use model::{Article, SearchResults, SourceHealth};
use serde::Serialize;

use crate::error::ServerError;
use crate::params::SearchParams;
use crate::state::AppState;

pub async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchResults>, ServerError> {
    let Query(params) = params.map_err(|rejection| {
        ServerError::BadRequest(format!("bad query string: {}", rejection.body_text()))
    })?;
    let query = params
        .to_query()
        .map_err(|invalid| ServerError::BadRequest(invalid.english()))?;
    Ok(Json(state.search(query).await?))
}

pub async fn article(
    State(state): State<AppState>,
    Path(raw_id): Path<String>,
) -> Result<Json<Article>, ServerError> {
    let id = parse_id(&raw_id)?;
    match state.with_store(move |store| store.article(id)).await? {
        Some(article) => Ok(Json(article)),
        None => Err(ServerError::NotFound(format!("no article with id {id}"))),
    }
}

pub async fn sources(State(state): State<AppState>) -> Result<Json<Vec<SourceHealth>>, ServerError> {
    Ok(Json(state.with_store(|store| store.sources()).await?))
}

#[derive(Debug, Serialize)]
pub struct Stats {
    pub articles: u64,
    pub sources: usize,
    pub failing_sources: usize,
    pub outlets: Vec<OutletCount>,
}

#[derive(Debug, Serialize)]
pub struct OutletCount {
    pub name: String,
    pub articles: u64,
}

pub async fn stats(State(state): State<AppState>) -> Result<Json<Stats>, ServerError> {
    let (articles, sources, outlets) = state
        .with_store(|store| Ok((store.article_count()?, store.sources()?, store.outlets()?)))
        .await?;
    Ok(Json(Stats {
        articles,
        sources: sources.len(),
        failing_sources: sources.iter().filter(|s| is_failing(s)).count(),
        outlets: outlets
            .into_iter()
            .map(|(name, articles)| OutletCount { name, articles })
            .collect(),
    }))
}

pub fn is_failing(source: &SourceHealth) -> bool {
    source.status == "failing"
}

/// Store ids are positive row ids; anything else cannot name an article.
pub fn parse_id(raw: &str) -> Result<i64, ServerError> {
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(ServerError::BadRequest(
            "article id must be a positive whole number".to_string(),
        )),
    }
}
