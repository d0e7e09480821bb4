//! The crate's one error type, and how an error becomes an HTTP answer: the status
//! it deserves and a JSON body that never leaks internals (paths, SQL, traces).

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("server: cannot create the data folder {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("server: cannot open the store at {path}: {source}")]
    OpenStore {
        path: PathBuf,
        source: store::StoreError,
    },
    #[error("server: cannot open the search index at {path}: {source}")]
    OpenIndex {
        path: PathBuf,
        source: index::IndexError,
    },
    #[error("server: cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server: stopped with an error: {0}")]
    Serve(std::io::Error),
    #[error("server: a background task failed: {0}")]
    Task(String),
    #[error("server: store query failed: {0}")]
    Store(#[from] store::StoreError),
    #[error("server: search failed: {0}")]
    Search(index::IndexError),
    #[error("{0}")]
    Config(String),
    #[error("server: index write failed: {0}")]
    IndexWrite(index::IndexError),
    /// Another writer (a crawl, `marsad ingest`) holds what this request needs.
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooLarge(String),
    /// The client asked for something malformed; the message is shown to it.
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
}

impl From<index::IndexError> for ServerError {
    fn from(err: index::IndexError) -> Self {
        // A bad date filter is the caller's mistake, not ours.
        use tantivy::TantivyError;
        match err {
            index::IndexError::BadFilter { .. } => ServerError::BadRequest(err.to_string()),
            // Field syntax in the query text (`title:*`, `nofield:x`) can reach
            // tantivy and be refused there; that is still the query's fault.
            index::IndexError::Tantivy(
                TantivyError::SchemaError(_)
                | TantivyError::FieldNotFound(_)
                | TantivyError::InvalidArgument(_),
            ) => {
                tracing::warn!("server: the index refused a query: {err}");
                ServerError::BadRequest(
                    "q could not be searched: use plain words, without field names".to_string(),
                )
            }
            other => ServerError::Search(other),
        }
    }
}

impl ServerError {
    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServerError::NotFound(_) => StatusCode::NOT_FOUND,
            ServerError::Conflict(_) => StatusCode::CONFLICT,
            ServerError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the client may read: its own mistakes in full, ours as a bare phrase.
    pub fn public_message(&self) -> String {
        match self {
            ServerError::BadRequest(msg)
            | ServerError::NotFound(msg)
            | ServerError::Conflict(msg)
            | ServerError::TooLarge(msg) => {
                msg.clone()
            }
            _ => "internal error".to_string(),
        }
    }

    /// Logs server-side failures once, where the full message may be read.
    pub fn log(&self) {
        if self.status().is_server_error() {
            tracing::error!("{self}");
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        self.log();
        json_error(self.status(), &self.public_message())
    }
}

/// `{"error": "..."}` with the given status.
pub fn json_error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}
