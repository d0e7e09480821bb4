//! The bearer token check. Write actions take a [`WriteAccess`] extractor, so a
//! handler cannot forget it; `--require-token` adds the same check to every read
//! through [`guard_reads`]. Refusals are JSON `{"error": ...}` like every API error.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::json_error;
use crate::state::AppState;

/// Proof that the request carried the token; taken by every write handler.
pub struct WriteAccess;

impl FromRequestParts<AppState> for WriteAccess {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(expected) = state.access().token.as_deref() else {
            // No token configured means nobody may write: say so plainly rather
            // than let any caller guess at a token that does not exist.
            return Err(json_error(
                StatusCode::FORBIDDEN,
                "server: write actions are disabled: start marsad serve with MARSAD_TOKEN set",
            ));
        };
        check(&parts.headers, expected).map_err(unauthorized)?;
        Ok(WriteAccess)
    }
}

/// With `--require-token`, every request needs the token, pages and feeds too.
pub async fn guard_reads(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if state.access().require_token_for_reads {
        if let Some(expected) = state.access().token.as_deref() {
            if let Err(why) = check(request.headers(), expected) {
                return unauthorized(why);
            }
        }
    }
    next.run(request).await
}

/// Ok when the request carries `expected` as its bearer token; else why not.
fn check(headers: &HeaderMap, expected: &str) -> Result<(), &'static str> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            let (scheme, token) = value.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
    match given {
        Some(token) if same_secret(token.as_bytes(), expected.as_bytes()) => Ok(()),
        Some(_) => Err("server: the bearer token is wrong"),
        None => Err("server: this needs the header Authorization: Bearer <MARSAD_TOKEN>"),
    }
}

fn unauthorized(message: &str) -> Response {
    let mut response = json_error(StatusCode::UNAUTHORIZED, message);
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"marsad\""));
    response.into_response()
}

/// Compares in time that depends only on the lengths, so the token cannot be
/// guessed byte by byte from response times.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    if given.len() != expected.len() {
        return false;
    }
    given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(header::AUTHORIZATION, HeaderValue::from_str(value).expect("header value"));
        map
    }

    #[test]
    fn only_the_exact_bearer_token_passes() {
        assert!(check(&headers("Bearer s3cret"), "s3cret").is_ok());
        assert!(check(&headers("bearer  s3cret "), "s3cret").is_ok());
        assert!(check(&headers("Bearer s3cre"), "s3cret").is_err());
        assert!(check(&headers("Basic s3cret"), "s3cret").is_err());
        assert!(check(&headers("s3cret"), "s3cret").is_err());
        assert!(check(&HeaderMap::new(), "s3cret").is_err());
    }
}
