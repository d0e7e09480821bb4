//! Everything that can go wrong fetching one URL, worded for the person reading the
//! log or the command line, plus the translation of reqwest's layered errors into
//! those words.

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::net::IpAddr;
use std::time::Duration;

use crate::guard::{LookupFailed, RefusedAddress};

/// Which part of the exchange ran out of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutPhase {
    /// Establishing the TCP (and TLS) connection.
    Connecting,
    /// Waiting for the next byte of the response (headers or body).
    Reading,
    /// The whole exchange took longer than the total limit.
    Total,
}

impl fmt::Display for TimeoutPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutPhase::Connecting => "connecting to",
            TimeoutPhase::Reading => "reading",
            TimeoutPhase::Total => "in total fetching",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("fetch: not a valid URL: {0}")]
    InvalidUrl(String),
    #[error("fetch: unsupported scheme \"{scheme}\" in {url} (only http and https)")]
    UnsupportedScheme { scheme: String, url: String },
    #[error("fetch: refused private address {addr} for {url} (use --allow-private)")]
    PrivateAddress { addr: IpAddr, url: String },
    #[error("fetch: disallowed by robots.txt: {url}")]
    RobotsDisallowed { url: String },
    #[error("fetch: redirect loop at {url}")]
    RedirectLoop { url: String },
    #[error("fetch: too many redirects (over {max}) from {url}")]
    TooManyRedirects { max: usize, url: String },
    #[error("fetch: redirect from {url} to unusable location \"{location}\"")]
    BadRedirect { url: String, location: String },
    #[error("fetch: timed out after {} {phase} {url}", human_duration(*after))]
    Timeout {
        phase: TimeoutPhase,
        after: Duration,
        url: String,
    },
    #[error("fetch: connection refused by {url}")]
    ConnectionRefused { url: String },
    #[error("fetch: connection reset by {url}")]
    ConnectionReset { url: String },
    #[error("fetch: connection closed by {url} before the response was complete")]
    ConnectionClosed { url: String },
    #[error("fetch: DNS lookup failed for host {host}")]
    Dns { host: String },
    #[error("fetch: TLS error: {detail} ({url})")]
    Tls { detail: String, url: String },
    #[error("fetch: could not connect to {url}: {detail}")]
    Connect { detail: String, url: String },
    #[error("fetch: broken response from {url}: {detail}")]
    Protocol { detail: String, url: String },
    /// Shown exactly as the status line reads, e.g. "404 Not Found", because that
    /// is what people recognise; the caller already knows which URL it asked for.
    #[error("{code} {reason}")]
    Status { code: u16, reason: String },
    #[error("fetch: response larger than {} from {url}", human_bytes(*limit))]
    TooLarge { limit: usize, url: String },
    #[error("fetch: could not set up the HTTP client: {0}")]
    Client(String),
}

impl FetchError {
    /// The HTTP status code, when the failure was the server answering with one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            FetchError::Status { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// Worth trying again after a pause: the server or network may recover.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            FetchError::Status { code, .. } => matches!(code, 429 | 502 | 503 | 504),
            FetchError::Timeout { .. }
            | FetchError::ConnectionRefused { .. }
            | FetchError::ConnectionReset { .. }
            | FetchError::ConnectionClosed { .. }
            | FetchError::Connect { .. } => true,
            _ => false,
        }
    }

    pub(crate) fn status(code: u16) -> FetchError {
        let reason = reqwest::StatusCode::from_u16(code)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Unknown Status");
        FetchError::Status {
            code,
            reason: reason.to_owned(),
        }
    }
}

/// Limits the error translation needs to name the timeout that fired.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) connect_timeout: Duration,
    pub(crate) read_timeout: Duration,
}

/// Turns a reqwest error into one of ours by looking at every layer of its source
/// chain: reqwest's own flags are coarse, while the io, hyper and rustls errors
/// underneath say what actually happened.
pub(crate) fn classify(err: &reqwest::Error, url: &url::Url, limits: Limits) -> FetchError {
    let url_text = url.to_string();
    let mut layer: Option<&(dyn StdError + 'static)> = Some(err);
    let mut tls_detail: Option<String> = None;
    while let Some(current) = layer {
        if let Some(refused) = current.downcast_ref::<RefusedAddress>() {
            return FetchError::PrivateAddress {
                addr: refused.0,
                url: url_text,
            };
        }
        if let Some(lookup) = current.downcast_ref::<LookupFailed>() {
            return FetchError::Dns {
                host: lookup.host.clone(),
            };
        }
        if let Some(io_err) = current.downcast_ref::<io::Error>() {
            match io_err.kind() {
                io::ErrorKind::ConnectionRefused => {
                    return FetchError::ConnectionRefused { url: url_text }
                }
                io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
                    return FetchError::ConnectionReset { url: url_text }
                }
                _ => {}
            }
        }
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            tls_detail = Some(tls.to_string());
        }
        // hyper's error type is not ours to name (no direct dependency), but its
        // message for a peer that hung up mid-response is stable.
        // The second is what a body cut short of its Content-Length reads as.
        let message = current.to_string();
        if message.contains("connection closed before message completed")
            || message.contains("end of file before message length reached")
        {
            return FetchError::ConnectionClosed { url: url_text };
        }
        layer = next_layer(current);
    }
    if err.is_timeout() {
        let (phase, after) = if err.is_connect() {
            (TimeoutPhase::Connecting, limits.connect_timeout)
        } else {
            (TimeoutPhase::Reading, limits.read_timeout)
        };
        return FetchError::Timeout {
            phase,
            after,
            url: url_text,
        };
    }
    if let Some(detail) = tls_detail {
        return FetchError::Tls {
            detail,
            url: url_text,
        };
    }
    let detail = innermost_message(err);
    if err.is_connect() {
        return FetchError::Connect {
            detail,
            url: url_text,
        };
    }
    FetchError::Protocol {
        detail,
        url: url_text,
    }
}

/// The error underneath `current`. io::Error hides the error it wraps from
/// `source()`, and TLS failures arrive as a rustls error inside an io::Error inside
/// another io::Error, so those are opened by hand.
fn next_layer<'a>(current: &'a (dyn StdError + 'static)) -> Option<&'a (dyn StdError + 'static)> {
    if let Some(inner) = current
        .downcast_ref::<io::Error>()
        .and_then(|e| e.get_ref())
    {
        return Some(inner);
    }
    current.source()
}

/// The deepest message in the chain, which is the specific one ("connection closed
/// before message completed") rather than reqwest's generic "error sending request".
fn innermost_message(err: &(dyn StdError + 'static)) -> String {
    let mut deepest = err;
    while let Some(next) = next_layer(deepest) {
        deepest = next;
    }
    deepest.to_string()
}

/// "300 ms", "30 s", "1.5 s": what a person would write.
pub(crate) fn human_duration(d: Duration) -> String {
    let millis = d.as_millis();
    if millis < 1000 {
        format!("{millis} ms")
    } else if millis.is_multiple_of(1000) {
        format!("{} s", millis / 1000)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// "16 MiB", "512 KiB", "1000 bytes".
pub(crate) fn human_bytes(n: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= KIB && n.is_multiple_of(KIB) {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes_read_naturally() {
        assert_eq!(human_duration(Duration::from_secs(30)), "30 s");
        assert_eq!(human_duration(Duration::from_millis(300)), "300 ms");
        assert_eq!(human_duration(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(human_bytes(16 * 1024 * 1024), "16 MiB");
        assert_eq!(human_bytes(4096), "4 KiB");
        assert_eq!(human_bytes(1000), "1000 bytes");
    }

    #[test]
    fn status_uses_canonical_reason_and_reports_code() {
        let err = FetchError::status(404);
        assert_eq!(err.to_string(), "404 Not Found");
        assert_eq!(err.http_status(), Some(404));
        assert_eq!(FetchError::status(599).to_string(), "599 Unknown Status");
        assert!(FetchError::status(503).is_transient());
        assert!(!FetchError::status(500).is_transient());
        let timeout = FetchError::Timeout {
            phase: TimeoutPhase::Reading,
            after: Duration::from_secs(30),
            url: "https://example.org/a".into(),
        };
        assert_eq!(
            timeout.to_string(),
            "fetch: timed out after 30 s reading https://example.org/a"
        );
        assert_eq!(timeout.http_status(), None);
    }
}
