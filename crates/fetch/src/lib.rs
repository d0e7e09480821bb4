//! The only network I/O in Marsad: a polite, defensive HTTP GET. It follows
//! redirects itself so every hop is checked against private addresses and loops,
//! obeys robots.txt, spaces requests to one host, retries what is worth retrying,
//! speaks conditional GET, and reads bodies under a byte cap that counts
//! decompressed bytes so a gzip bomb cannot exhaust memory.

mod error;
mod guard;
mod robots;

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::header::{self, HeaderMap, HeaderValue};
use tokio::sync::{Mutex, OnceCell, Semaphore};
use tokio::time::Instant;
use url::Url;

pub use error::{FetchError, TimeoutPhase};

use error::{classify, Limits};
use guard::GuardedResolver;
use robots::RobotsRules;

/// Product token and version every request announces itself with.
const PRODUCT: &str = concat!("Marsad/", env!("CARGO_PKG_VERSION"));
/// Retries after the first attempt for transient failures.
const RETRIES: u32 = 2;
const RETRY_BASE: Duration = Duration::from_millis(500);
/// Longest pause before a retry, whatever Retry-After asks for.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(60);

/// How the fetcher behaves. Build with `FetchConfig { field: …, ..Default::default() }`.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Sent as User-Agent. When `contact_url` is set and not already part of this,
    /// it is appended as `(+URL)` so site owners can reach the operator.
    pub user_agent: String,
    pub contact_url: Option<String>,
    /// Allow loopback, private, link-local and CGNAT addresses (tests, intranets).
    pub allow_private: bool,
    /// Minimum time between the starts of two requests to one host. Above zero,
    /// requests to one host are also one at a time; at zero they may overlap.
    pub per_host_delay: Duration,
    /// Requests in flight across all hosts.
    pub max_concurrency: usize,
    pub connect_timeout: Duration,
    /// Longest wait for the next byte of a response.
    pub read_timeout: Duration,
    /// Longest one request (one hop, one attempt) may take from start to last byte.
    pub total_timeout: Duration,
    /// Cap on the decompressed body.
    pub max_bytes: usize,
    pub max_redirects: usize,
    pub obey_robots: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: PRODUCT.to_owned(),
            contact_url: None,
            allow_private: false,
            per_host_delay: Duration::from_secs(1),
            max_concurrency: 8,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            total_timeout: Duration::from_secs(60),
            max_bytes: 16 * 1024 * 1024,
            max_redirects: 10,
            obey_robots: true,
        }
    }
}

/// Cache validators from an earlier fetch of the same URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The server answered 304: the copy described by the validators is current.
    NotModified {
        final_url: Url,
    },
    Page(Page),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Where the body came from, after redirects.
    pub final_url: Url,
    pub status: u16,
    /// Mime type only, lowercase, e.g. "text/html".
    pub content_type: Option<String>,
    /// The charset parameter of Content-Type, lowercase, if the server sent one.
    pub charset: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub body: Vec<u8>,
}

impl Page {
    /// Validators to send next time this URL is fetched.
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
        }
    }
}

/// A shared HTTP client with politeness state. Cheap to clone: clones share the
/// connection pool, robots.txt cache, per-host spacing and the concurrency limit.
///
/// Private-address protection: host names are resolved by a resolver that refuses
/// internal addresses and hands reqwest only the addresses it checked, so the
/// connection goes to a checked address (no DNS-rebinding window). Hosts written as
/// IP literals are checked before each request. System proxies are not used,
/// because a proxy would connect on our behalf to addresses we never saw.
#[derive(Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

struct Inner {
    config: FetchConfig,
    /// Token matched against robots.txt User-agent lines.
    robots_agent: String,
    client: reqwest::Client,
    permits: Semaphore,
    /// Per host: start time of the latest request; holding the lock is what keeps
    /// requests to one host one at a time.
    gates: StdMutex<HashMap<String, Arc<Mutex<Option<Instant>>>>>,
    robots: StdMutex<HashMap<String, Arc<OnceCell<Arc<RobotsRules>>>>>,
}

impl fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fetcher")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// One response as it came back, before deciding what it means.
struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Fetcher {
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        // reqwest is built without a bundled crypto provider; ring is ours. An
        // error here only means a provider is already installed, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();

        let user_agent = effective_user_agent(&config);
        let robots_agent = user_agent
            .split(|c: char| c == '/' || c.is_whitespace())
            .next()
            .filter(|token| !token.is_empty())
            .unwrap_or("Marsad")
            .to_owned();

        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static(
                "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.8",
            ),
        );
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_static("ar,en;q=0.8,*;q=0.5"),
        );

        let client = reqwest::Client::builder()
            .user_agent(user_agent.as_str())
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(config.connect_timeout)
            .read_timeout(config.read_timeout)
            .dns_resolver(GuardedResolver {
                allow_private: config.allow_private,
            })
            .build()
            .map_err(|e| FetchError::Client(e.to_string()))?;

        let permits = Semaphore::new(config.max_concurrency.max(1));
        Ok(Fetcher {
            inner: Arc::new(Inner {
                config,
                robots_agent,
                client,
                permits,
                gates: StdMutex::new(HashMap::new()),
                robots: StdMutex::new(HashMap::new()),
            }),
        })
    }

    /// Fetches `url`, following redirects. A 304 answer to the conditional
    /// request built from `validators` gives [`Fetched::NotModified`]; any status
    /// of 400 or more is an error.
    pub async fn get(
        &self,
        url: &str,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        let start = parse_target(url)?;
        let (final_url, answer) = self
            .follow(start, validators, self.inner.config.obey_robots)
            .await?;
        match answer.status {
            304 => Ok(Fetched::NotModified { final_url }),
            code if code >= 400 => Err(FetchError::status(code)),
            status => Ok(Fetched::Page(page_from(
                final_url,
                status,
                &answer.headers,
                answer.body,
            ))),
        }
    }

    /// Requests `start` and follows redirects by hand, checking each hop. Returns
    /// the first answer that is not a redirect, whatever its status.
    async fn follow(
        &self,
        start: Url,
        validators: Option<&Validators>,
        obey_robots: bool,
    ) -> Result<(Url, Answer), FetchError> {
        let max_redirects = self.inner.config.max_redirects;
        let start_text = start.to_string();
        let mut current = start;
        let mut seen: HashSet<String> = HashSet::new();
        seen.insert(without_fragment(&current));
        let mut hops = 0usize;
        loop {
            if !self.inner.config.allow_private {
                if let Some(addr) = guard::check_literal_host(&current) {
                    return Err(FetchError::PrivateAddress {
                        addr,
                        url: current.to_string(),
                    });
                }
            }
            if obey_robots {
                let rules = self.robots_for(&current).await;
                if !rules.allows(&current) {
                    return Err(FetchError::RobotsDisallowed {
                        url: current.to_string(),
                    });
                }
            }
            let answer = self.with_retries(&current, validators).await?;
            if !matches!(answer.status, 301 | 302 | 303 | 307 | 308) {
                return Ok((current, answer));
            }
            let location = answer
                .headers
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .unwrap_or("");
            let next = current
                .join(location)
                .ok()
                .filter(|_| !location.is_empty())
                .ok_or_else(|| FetchError::BadRedirect {
                    url: current.to_string(),
                    location: location.to_owned(),
                })?;
            check_scheme(&next)?;
            hops += 1;
            if !seen.insert(without_fragment(&next)) {
                return Err(FetchError::RedirectLoop {
                    url: next.to_string(),
                });
            }
            if hops > max_redirects {
                return Err(FetchError::TooManyRedirects {
                    max: max_redirects,
                    url: start_text,
                });
            }
            tracing::debug!("fetch: {} redirects to {next}", current);
            current = next;
        }
    }

    /// One hop, tried again after transient failures with growing pauses.
    async fn with_retries(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Answer, FetchError> {
        let mut retry = 0u32;
        loop {
            let result = self.attempt(url, validators).await;
            let (transient, retry_after) = match &result {
                Ok(answer) => (
                    matches!(answer.status, 429 | 502 | 503 | 504),
                    retry_after(&answer.headers),
                ),
                Err(err) => (err.is_transient(), None),
            };
            if !transient || retry >= RETRIES {
                return result;
            }
            let wait = backoff(retry, retry_after);
            match &result {
                Ok(answer) => tracing::warn!(
                    "fetch: {} answered {}, retrying in {wait:?}",
                    url,
                    answer.status
                ),
                Err(err) => tracing::warn!("{err}; retrying in {wait:?}"),
            }
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    /// One request under the host's spacing rule and the global concurrency limit.
    async fn attempt(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Answer, FetchError> {
        let gate = self.gate_for(url);
        let mut last_start = gate.lock().await;
        let delay = self.delay_for(url);
        if let Some(previous) = *last_start {
            tokio::time::sleep_until(previous + delay).await;
        }
        let _permit = self
            .inner
            .permits
            .acquire()
            .await
            .map_err(|_| FetchError::Client("fetch: request limiter closed".into()))?;
        *last_start = Some(Instant::now());
        // With no spacing asked for (the user's --per-host-delay 0 and no
        // Crawl-delay) the host is not owed one request at a time: releasing the
        // gate lets requests to it overlap, within the global limit. This is what
        // makes ingesting one's own loopback site fast.
        if delay.is_zero() {
            drop(last_start);
        }
        let total = self.inner.config.total_timeout;
        match tokio::time::timeout(total, self.exchange(url, validators)).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout {
                phase: TimeoutPhase::Total,
                after: total,
                url: url.to_string(),
            }),
        }
    }

    async fn exchange(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Answer, FetchError> {
        let config = &self.inner.config;
        let limits = Limits {
            connect_timeout: config.connect_timeout,
            read_timeout: config.read_timeout,
        };
        let mut request = self.inner.client.get(url.clone());
        if let Some(v) = validators {
            // A validator that is not a legal header value cannot have come from a
            // server; sending the request unconditionally is the safe reading.
            if let Some(etag) = v
                .etag
                .as_deref()
                .and_then(|e| HeaderValue::from_str(e).ok())
            {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(date) = v
                .last_modified
                .as_deref()
                .and_then(|d| HeaderValue::from_str(d).ok())
            {
                request = request.header(header::IF_MODIFIED_SINCE, date);
            }
        }
        tracing::debug!("fetch: GET {url}");
        let response = request
            .send()
            .await
            .map_err(|e| classify(&e, url, limits))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        // Only success bodies are wanted; redirect and error bodies are dropped
        // unread, which also closes the connection rather than draining junk.
        if !(200..300).contains(&status) {
            return Ok(Answer {
                status,
                headers,
                body: Vec::new(),
            });
        }
        let too_large = || FetchError::TooLarge {
            limit: config.max_bytes,
            url: url.to_string(),
        };
        if response
            .content_length()
            .is_some_and(|len| len > config.max_bytes as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        let mut chunks = response.bytes_stream();
        loop {
            let next = tokio::time::timeout(config.read_timeout, chunks.next())
                .await
                .map_err(|_| FetchError::Timeout {
                    phase: TimeoutPhase::Reading,
                    after: config.read_timeout,
                    url: url.to_string(),
                })?;
            match next {
                None => break,
                Some(Err(err)) => return Err(classify(&err, url, limits)),
                Some(Ok(chunk)) => {
                    // Chunks arrive already decompressed, so this counts what would
                    // land in memory, not what crossed the wire.
                    if body.len().saturating_add(chunk.len()) > config.max_bytes {
                        return Err(too_large());
                    }
                    body.extend_from_slice(&chunk);
                }
            }
        }
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    fn gate_for(&self, url: &Url) -> Arc<Mutex<Option<Instant>>> {
        let key = host_key(url);
        let mut gates = self
            .inner
            .gates
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        gates.entry(key).or_default().clone()
    }

    /// The configured spacing, raised by the site's Crawl-delay when it asks for more.
    fn delay_for(&self, url: &Url) -> Duration {
        let configured = self.inner.config.per_host_delay;
        let robots = self
            .inner
            .robots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let crawl_delay = robots
            .get(&url.origin().ascii_serialization())
            .and_then(|cell| cell.get())
            .and_then(|rules| rules.crawl_delay);
        crawl_delay.map_or(configured, |d| d.max(configured))
    }

    /// The robots.txt rules for the origin of `url`, fetched on first use. Concurrent
    /// first uses wait for the one fetch instead of each asking the site.
    async fn robots_for(&self, url: &Url) -> Arc<RobotsRules> {
        let origin = url.origin().ascii_serialization();
        let cell = {
            let mut robots = self
                .inner
                .robots
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            robots.entry(origin).or_default().clone()
        };
        cell.get_or_init(|| async { Arc::new(self.load_robots(url).await) })
            .await
            .clone()
    }

    async fn load_robots(&self, url: &Url) -> RobotsRules {
        let Ok(robots_url) = url.join("/robots.txt") else {
            return RobotsRules::allow_all();
        };
        // Boxed because fetching robots.txt goes through `follow`, which is what
        // called us.
        match Box::pin(self.follow(robots_url.clone(), None, false)).await {
            Ok((_, answer)) if (200..300).contains(&answer.status) => {
                RobotsRules::parse(&self.inner.robots_agent, &answer.body)
            }
            // 4xx means the site has no robots.txt for us: everything is allowed.
            Ok((_, answer)) if (400..500).contains(&answer.status) => RobotsRules::allow_all(),
            // A broken or unreachable robots.txt says nothing about what the owner
            // wants. Marsad fetches the pages its user named, a handful at a time
            // and spaced out, so we proceed rather than refuse the whole site.
            Ok((_, answer)) => {
                tracing::info!(
                    "fetch: {robots_url} answered {}, assuming allowed",
                    answer.status
                );
                RobotsRules::allow_all()
            }
            Err(err) => {
                tracing::info!("{err}; assuming robots.txt allows everything");
                RobotsRules::allow_all()
            }
        }
    }
}

fn effective_user_agent(config: &FetchConfig) -> String {
    let base = if config.user_agent.trim().is_empty() {
        PRODUCT
    } else {
        config.user_agent.trim()
    };
    match config.contact_url.as_deref().map(str::trim) {
        Some(contact) if !contact.is_empty() && !base.contains(contact) => {
            format!("{base} (+{contact})")
        }
        _ => base.to_owned(),
    }
}

fn parse_target(text: &str) -> Result<Url, FetchError> {
    let url =
        Url::parse(text.trim()).map_err(|e| FetchError::InvalidUrl(format!("{text} ({e})")))?;
    check_scheme(&url)?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(FetchError::InvalidUrl(format!("{text} (no host)")));
    }
    Ok(url)
}

fn check_scheme(url: &Url) -> Result<(), FetchError> {
    match url.scheme() {
        "http" | "https" => Ok(()),
        other => Err(FetchError::UnsupportedScheme {
            scheme: other.to_owned(),
            url: url.to_string(),
        }),
    }
}

fn without_fragment(url: &Url) -> String {
    let mut copy = url.clone();
    copy.set_fragment(None);
    copy.to_string()
}

/// Politeness is per machine, so http and https of one host share a gate; an
/// explicit port makes a different server (and keeps test servers apart).
fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    }
}

/// Retry-After in its delta-seconds form; the HTTP-date form is rare for 429/503
/// and falls back to our own backoff.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(header::RETRY_AFTER)?.to_str().ok()?;
    text.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// Exponential backoff with jitter, so many clients that failed together do not
/// return together; never shorter than the server asked, never over a minute.
fn backoff(retry: u32, retry_after: Option<Duration>) -> Duration {
    let exponential = RETRY_BASE.saturating_mul(1u32 << retry.min(10));
    let jitter_range = RETRY_BASE.as_millis() as u64 / 2;
    let jitter = Duration::from_millis(random_u64() % jitter_range.max(1));
    let own = exponential + jitter;
    retry_after
        .map_or(own, |asked| asked.max(own))
        .min(MAX_RETRY_WAIT)
}

fn random_u64() -> u64 {
    // RandomState is seeded randomly per instance: enough for jitter without
    // another dependency.
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(0);
    hasher.finish()
}

fn page_from(final_url: Url, status: u16, headers: &HeaderMap, body: Vec<u8>) -> Page {
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let (content_type, charset) = match text(header::CONTENT_TYPE) {
        Some(value) => split_content_type(&value),
        None => (None, None),
    };
    Page {
        final_url,
        status,
        content_type,
        charset,
        etag: text(header::ETAG),
        last_modified: text(header::LAST_MODIFIED),
        body,
    }
}

/// "Text/HTML; Charset=\"UTF-8\"" → ("text/html", "utf-8").
fn split_content_type(value: &str) -> (Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let mime = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|param| {
        let (name, val) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let val = val
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .trim()
            .to_ascii_lowercase();
        (!val.is_empty()).then_some(val)
    });
    (mime, charset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_is_split_and_lowercased() {
        assert_eq!(
            split_content_type("Text/HTML; Charset=\"Windows-1256\""),
            (Some("text/html".into()), Some("windows-1256".into()))
        );
        assert_eq!(
            split_content_type("application/xml"),
            (Some("application/xml".into()), None)
        );
        assert_eq!(split_content_type("; charset="), (None, None));
    }

    #[test]
    fn bad_urls_are_named() {
        let err = parse_target("not a url").expect_err("must fail");
        assert!(
            err.to_string()
                .starts_with("fetch: not a valid URL: not a url"),
            "{err}"
        );
        let err = parse_target("ftp://example.org/file").expect_err("must fail");
        assert!(
            matches!(err, FetchError::UnsupportedScheme { ref scheme, .. } if scheme == "ftp"),
            "{err}"
        );
        assert!(matches!(
            parse_target("file:///etc/passwd"),
            Err(FetchError::UnsupportedScheme { .. })
        ));
    }

    #[test]
    fn contact_is_added_to_the_user_agent_once() {
        let config = FetchConfig {
            contact_url: Some("https://ops.example/bot".into()),
            ..Default::default()
        };
        let agent = effective_user_agent(&config);
        assert!(agent.starts_with("Marsad/"), "{agent}");
        assert!(agent.ends_with(" (+https://ops.example/bot)"), "{agent}");
        let already = FetchConfig {
            user_agent: agent.clone(),
            ..config
        };
        assert_eq!(effective_user_agent(&already), agent);
    }

    #[test]
    fn backoff_grows_honours_retry_after_and_is_capped() {
        let first = backoff(0, None);
        let second = backoff(1, None);
        assert!(first >= RETRY_BASE && first < RETRY_BASE * 2, "{first:?}");
        assert!(second >= RETRY_BASE * 2, "{second:?}");
        assert!(backoff(0, Some(Duration::from_secs(5))) >= Duration::from_secs(5));
        assert_eq!(backoff(0, Some(Duration::from_secs(3600))), MAX_RETRY_WAIT);
    }

    #[test]
    fn host_key_keeps_explicit_ports_apart() {
        let a = Url::parse("http://Example.org/x").expect("url");
        let b = Url::parse("https://example.org/y").expect("url");
        let c = Url::parse("http://example.org:8080/").expect("url");
        assert_eq!(host_key(&a), host_key(&b));
        assert_ne!(host_key(&a), host_key(&c));
    }
}
