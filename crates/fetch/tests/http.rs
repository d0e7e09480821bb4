//! Behaviour of the fetcher against real HTTP servers started on 127.0.0.1 inside
//! each test. The servers write HTTP/1.1 by hand so a test can make them misbehave
//! exactly: stall, answer with redirects forever, send a gzip bomb, and so on.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fetch::{FetchConfig, FetchError, Fetched, Fetcher, TimeoutPhase, Validators};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request as the server saw it.
#[derive(Clone, Debug)]
struct Seen {
    path: String,
    /// The request head, header names lowercased.
    head: String,
    at: Instant,
}

impl Seen {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            (key.trim() == name).then(|| value.trim().to_owned())
        })
    }
}

/// What the server does after reading a request.
enum Reply {
    Send(Vec<u8>),
    /// Send these bytes, then keep the connection open and silent.
    SendThenStall(Vec<u8>),
    /// Think for a while, then send.
    SendAfter(Duration, Vec<u8>),
    /// Hang up without a word.
    Close,
}

type Log = Arc<Mutex<Vec<Seen>>>;

struct Server {
    base: String,
    log: Log,
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn requests(&self) -> Vec<Seen> {
        self.log.lock().expect("log lock").clone()
    }

    fn requests_for(&self, path: &str) -> Vec<Seen> {
        self.requests()
            .into_iter()
            .filter(|s| s.path == path)
            .collect()
    }
}

/// Starts a server whose `handler` gets each request and how many requests for
/// the same path came before it.
async fn serve<H>(handler: H) -> Server
where
    H: Fn(&Seen, usize) -> Reply + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind test server");
    let addr = listener.local_addr().expect("local addr");
    let log: Log = Arc::default();
    let handler = Arc::new(handler);
    let server_log = log.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let log = server_log.clone();
            let handler = handler.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let at = Instant::now();
                let head = String::from_utf8_lossy(&head).to_string();
                let path = head.split_whitespace().nth(1).unwrap_or("").to_owned();
                let lowered: String = head
                    .lines()
                    .map(|line| match line.split_once(':') {
                        Some((k, v)) => format!("{}:{}\n", k.to_ascii_lowercase(), v),
                        None => format!("{line}\n"),
                    })
                    .collect();
                let seen = Seen {
                    path: path.clone(),
                    head: lowered,
                    at,
                };
                let earlier = {
                    let mut log = log.lock().expect("log lock");
                    let earlier = log.iter().filter(|s| s.path == path).count();
                    log.push(seen.clone());
                    earlier
                };
                match handler(&seen, earlier) {
                    Reply::Send(bytes) => {
                        let _ = socket.write_all(&bytes).await;
                        let _ = socket.shutdown().await;
                    }
                    Reply::SendAfter(pause, bytes) => {
                        tokio::time::sleep(pause).await;
                        let _ = socket.write_all(&bytes).await;
                        let _ = socket.shutdown().await;
                    }
                    Reply::Close => drop(socket),
                    Reply::SendThenStall(bytes) => {
                        let _ = socket.write_all(&bytes).await;
                        tokio::time::sleep(Duration::from_secs(30)).await;
                    }
                }
            });
        }
    });
    Server {
        base: format!("http://127.0.0.1:{}", addr.port()),
        log,
    }
}

fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn not_found() -> Reply {
    Reply::Send(response("404 Not Found", &[], b"nothing here"))
}

/// Local tests need private addresses; robots are off unless a test is about them.
fn local_config() -> FetchConfig {
    FetchConfig {
        allow_private: true,
        obey_robots: false,
        per_host_delay: Duration::ZERO,
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(5),
        ..Default::default()
    }
}

fn fetcher(config: FetchConfig) -> Fetcher {
    Fetcher::new(config).expect("fetcher builds")
}

fn expect_page(result: Result<Fetched, FetchError>) -> fetch::Page {
    match result {
        Ok(Fetched::Page(page)) => page,
        other => panic!("expected a page, got {other:?}"),
    }
}

#[tokio::test]
async fn page_body_and_headers_are_returned() {
    let body = "<html><body><p>خبر عاجل عن الطقس</p></body></html>"
        .as_bytes()
        .to_vec();
    let served = body.clone();
    let server = serve(move |seen, _| match seen.path.as_str() {
        "/news/1" => Reply::Send(response(
            "200 OK",
            &[
                ("Content-Type", "Text/HTML; charset=\"UTF-8\""),
                ("ETag", "\"rev-7\""),
                ("Last-Modified", "Tue, 03 Mar 2026 10:00:00 GMT"),
            ],
            &served,
        )),
        _ => not_found(),
    })
    .await;
    let page = expect_page(
        fetcher(local_config())
            .get(&server.url("/news/1"), None)
            .await,
    );
    assert_eq!(page.status, 200);
    assert_eq!(page.body, body);
    assert_eq!(page.final_url.as_str(), server.url("/news/1"));
    assert_eq!(page.content_type.as_deref(), Some("text/html"));
    assert_eq!(page.charset.as_deref(), Some("utf-8"));
    assert_eq!(page.etag.as_deref(), Some("\"rev-7\""));
    assert_eq!(
        page.last_modified.as_deref(),
        Some("Tue, 03 Mar 2026 10:00:00 GMT")
    );
    let seen = server.requests_for("/news/1");
    let agent = seen[0].header("user-agent").unwrap_or_default();
    assert!(agent.starts_with("Marsad/"), "user agent was {agent:?}");
}

#[tokio::test]
async fn not_found_reads_like_the_status_line() {
    let server = serve(|_, _| not_found()).await;
    let err = fetcher(local_config())
        .get(&server.url("/gone"), None)
        .await
        .expect_err("404 is an error");
    assert_eq!(err.to_string(), "404 Not Found");
    assert_eq!(err.http_status(), Some(404));
    assert_eq!(
        server.requests_for("/gone").len(),
        1,
        "a 404 is not retried"
    );
}

#[tokio::test]
async fn server_error_is_reported_and_not_retried() {
    let server =
        serve(|_, _| Reply::Send(response("500 Internal Server Error", &[], b"oops"))).await;
    let err = fetcher(local_config())
        .get(&server.url("/boom"), None)
        .await
        .expect_err("500 is an error");
    assert_eq!(err.to_string(), "500 Internal Server Error");
    assert_eq!(err.http_status(), Some(500));
    assert_eq!(server.requests_for("/boom").len(), 1);
}

#[tokio::test]
async fn redirect_chain_is_followed_to_the_final_url() {
    let server = serve(|seen, _| match seen.path.as_str() {
        "/old" => Reply::Send(response(
            "301 Moved Permanently",
            &[("Location", "/middle")],
            b"",
        )),
        "/middle" => Reply::Send(response("302 Found", &[("Location", "final?id=3")], b"")),
        "/final?id=3" => Reply::Send(response(
            "200 OK",
            &[("Content-Type", "text/plain")],
            b"arrived",
        )),
        _ => not_found(),
    })
    .await;
    let page = expect_page(fetcher(local_config()).get(&server.url("/old"), None).await);
    assert_eq!(page.body, b"arrived");
    assert_eq!(page.final_url.as_str(), server.url("/final?id=3"));
}

#[tokio::test]
async fn redirect_loop_is_detected() {
    let server = serve(|seen, _| match seen.path.as_str() {
        "/a" => Reply::Send(response("302 Found", &[("Location", "/b")], b"")),
        "/b" => Reply::Send(response(
            "307 Temporary Redirect",
            &[("Location", "/a")],
            b"",
        )),
        _ => not_found(),
    })
    .await;
    let err = fetcher(local_config())
        .get(&server.url("/a"), None)
        .await
        .expect_err("loop");
    assert!(matches!(err, FetchError::RedirectLoop { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("fetch: redirect loop at {}", server.url("/a"))
    );
}

#[tokio::test]
async fn endless_redirects_stop_at_the_limit() {
    let server = serve(|seen, _| {
        let n: u32 = seen.path.trim_start_matches("/hop/").parse().unwrap_or(0);
        Reply::Send(response(
            "302 Found",
            &[("Location", &format!("/hop/{}", n + 1))],
            b"",
        ))
    })
    .await;
    let config = FetchConfig {
        max_redirects: 3,
        ..local_config()
    };
    let err = fetcher(config)
        .get(&server.url("/hop/0"), None)
        .await
        .expect_err("too many");
    assert!(
        matches!(err, FetchError::TooManyRedirects { max: 3, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("too many redirects (over 3)"),
        "{err}"
    );
    // The start plus three permitted hops; the fourth redirect is not followed.
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn private_addresses_are_refused_unless_allowed() {
    let server = serve(|_, _| Reply::Send(response("200 OK", &[], b"internal"))).await;
    let strict = fetcher(FetchConfig {
        allow_private: false,
        ..local_config()
    });

    let err = strict
        .get(&server.url("/admin"), None)
        .await
        .expect_err("loopback literal refused");
    match &err {
        FetchError::PrivateAddress { addr, .. } => assert_eq!(addr.to_string(), "127.0.0.1"),
        other => panic!("expected PrivateAddress, got {other:?}"),
    }
    assert!(
        err.to_string()
            .contains("refused private address 127.0.0.1"),
        "{err}"
    );
    assert!(err.to_string().contains("(use --allow-private)"), "{err}");

    // A host name goes through the resolver, which must refuse it too.
    let by_name = server.url("/admin").replace("127.0.0.1", "localhost");
    let err = strict
        .get(&by_name, None)
        .await
        .expect_err("localhost refused");
    assert!(matches!(err, FetchError::PrivateAddress { .. }), "{err:?}");
    assert!(
        server.requests().is_empty(),
        "nothing may reach the private server"
    );

    let page = expect_page(
        fetcher(local_config())
            .get(&server.url("/admin"), None)
            .await,
    );
    assert_eq!(page.body, b"internal");
}

#[tokio::test]
async fn conditional_get_gives_not_modified() {
    let server = serve(|seen, _| {
        if seen.header("if-none-match").as_deref() == Some("\"v1\"") {
            Reply::Send(response("304 Not Modified", &[("ETag", "\"v1\"")], b""))
        } else {
            let headers = [
                ("ETag", "\"v1\""),
                ("Last-Modified", "Mon, 02 Mar 2026 08:30:00 GMT"),
            ];
            Reply::Send(response("200 OK", &headers, b"first copy"))
        }
    })
    .await;
    let client = fetcher(local_config());
    let page = expect_page(client.get(&server.url("/feed.xml"), None).await);
    let validators = page.validators();
    assert_eq!(validators.etag.as_deref(), Some("\"v1\""));

    let again = client
        .get(&server.url("/feed.xml"), Some(&validators))
        .await
        .expect("304 is fine");
    match again {
        Fetched::NotModified { final_url } => {
            assert_eq!(final_url.as_str(), server.url("/feed.xml"))
        }
        other => panic!("expected NotModified, got {other:?}"),
    }
    let second = &server.requests()[1];
    assert_eq!(
        second.header("if-modified-since").as_deref(),
        Some("Mon, 02 Mar 2026 08:30:00 GMT")
    );

    // Stale validators get the full page.
    let stale = Validators {
        etag: Some("\"v0\"".into()),
        last_modified: None,
    };
    expect_page(client.get(&server.url("/feed.xml"), Some(&stale)).await);
}

#[tokio::test]
async fn stalled_body_times_out_naming_the_read_timeout() {
    let server = serve(|_, _| {
        Reply::SendThenStall(
            b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly the start".to_vec(),
        )
    })
    .await;
    let config = FetchConfig {
        read_timeout: Duration::from_millis(300),
        ..local_config()
    };
    let err = fetcher(config)
        .get(&server.url("/slow"), None)
        .await
        .expect_err("must time out");
    match &err {
        FetchError::Timeout { phase, after, .. } => {
            assert_eq!(*phase, TimeoutPhase::Reading);
            assert_eq!(*after, Duration::from_millis(300));
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(
        err.to_string().contains("timed out after 300 ms reading"),
        "{err}"
    );
}

#[tokio::test]
async fn silent_server_times_out_waiting_for_headers() {
    let server = serve(|_, _| Reply::SendThenStall(Vec::new())).await;
    let config = FetchConfig {
        read_timeout: Duration::from_millis(300),
        ..local_config()
    };
    let started = Instant::now();
    let err = fetcher(config)
        .get(&server.url("/mute"), None)
        .await
        .expect_err("must time out");
    assert!(
        err.to_string().contains("timed out after 300 ms reading"),
        "{err}"
    );
    // Timeouts are retried twice.
    assert_eq!(server.requests_for("/mute").len(), 3);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "gave up far too late"
    );
}

#[tokio::test]
async fn total_timeout_bounds_a_slow_drip() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 2048];
                let _ = socket.read(&mut buf).await;
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
                    .await;
                // One byte every 100 ms never trips the read timeout.
                loop {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    if socket.write_all(b"x").await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    let config = FetchConfig {
        read_timeout: Duration::from_millis(500),
        total_timeout: Duration::from_millis(700),
        ..local_config()
    };
    let err = fetcher(config)
        .get(&format!("http://127.0.0.1:{port}/drip"), None)
        .await
        .expect_err("total");
    assert!(
        matches!(
            err,
            FetchError::Timeout {
                phase: TimeoutPhase::Total,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("timed out after 700 ms in total"),
        "{err}"
    );
}

#[tokio::test]
async fn closed_port_reports_connection_refused() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let err = fetcher(local_config())
        .get(&format!("http://127.0.0.1:{port}/"), None)
        .await
        .expect_err("refused");
    assert!(
        matches!(err, FetchError::ConnectionRefused { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("connection refused"), "{err}");
}

#[tokio::test]
async fn body_over_the_cap_is_refused() {
    let big = vec![b'a'; 5000];
    let server = serve(move |seen, _| match seen.path.as_str() {
        "/declared" => Reply::Send(response("200 OK", &[], &big)),
        // No Content-Length: the body runs until the connection closes, so only the
        // streaming count can catch it.
        "/undeclared" => {
            let mut bytes = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
            bytes.extend_from_slice(&big);
            Reply::Send(bytes)
        }
        _ => not_found(),
    })
    .await;
    let client = fetcher(FetchConfig {
        max_bytes: 1000,
        ..local_config()
    });
    for path in ["/declared", "/undeclared"] {
        let err = client
            .get(&server.url(path), None)
            .await
            .expect_err("too large");
        assert!(
            matches!(err, FetchError::TooLarge { limit: 1000, .. }),
            "{path}: {err:?}"
        );
        assert!(
            err.to_string().contains("response larger than 1000 bytes"),
            "{err}"
        );
    }
    let roomy = fetcher(FetchConfig {
        max_bytes: 5000,
        ..local_config()
    });
    assert_eq!(
        expect_page(roomy.get(&server.url("/undeclared"), None).await)
            .body
            .len(),
        5000
    );
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).expect("compress");
    encoder.finish().expect("finish gzip")
}

#[tokio::test]
async fn gzip_is_decoded_and_a_gzip_bomb_is_stopped() {
    let text = "مرحبا بالعالم ".repeat(50);
    let small = gzip(text.as_bytes());
    let bomb = gzip(&vec![0u8; 8 * 1024 * 1024]);
    assert!(bomb.len() < 64 * 1024, "the bomb must be small on the wire");
    let server = serve(move |seen, _| {
        let body = if seen.path == "/bomb" { &bomb } else { &small };
        Reply::Send(response(
            "200 OK",
            &[("Content-Encoding", "gzip"), ("Content-Type", "text/plain")],
            body,
        ))
    })
    .await;
    let client = fetcher(FetchConfig {
        max_bytes: 1024 * 1024,
        ..local_config()
    });
    let page = expect_page(client.get(&server.url("/small"), None).await);
    assert_eq!(page.body, text.as_bytes());
    let err = client
        .get(&server.url("/bomb"), None)
        .await
        .expect_err("bomb refused");
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
    assert!(
        err.to_string().contains("response larger than 1 MiB"),
        "{err}"
    );
}

#[tokio::test]
async fn robots_txt_is_obeyed_and_fetched_once() {
    let server = serve(|seen, _| match seen.path.as_str() {
        "/robots.txt" => Reply::Send(response(
            "200 OK",
            &[("Content-Type", "text/plain")],
            b"User-agent: *\nDisallow: /members/\n\nUser-agent: OtherBot\nDisallow: /\n",
        )),
        _ => Reply::Send(response("200 OK", &[], b"page")),
    })
    .await;
    let client = fetcher(FetchConfig {
        obey_robots: true,
        ..local_config()
    });
    let err = client
        .get(&server.url("/members/list"), None)
        .await
        .expect_err("disallowed");
    assert!(
        matches!(err, FetchError::RobotsDisallowed { .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("disallowed by robots.txt"),
        "{err}"
    );
    expect_page(client.get(&server.url("/world/story"), None).await);
    expect_page(client.clone().get(&server.url("/sport/story"), None).await);
    assert_eq!(server.requests_for("/robots.txt").len(), 1);
    assert!(server.requests_for("/members/list").is_empty());
}

#[tokio::test]
async fn missing_or_broken_robots_txt_allows_everything() {
    let server = serve(|seen, _| match seen.path.as_str() {
        "/robots.txt" => Reply::Send(response("503 Service Unavailable", &[], b"")),
        _ => Reply::Send(response("200 OK", &[], b"page")),
    })
    .await;
    let client = fetcher(FetchConfig {
        obey_robots: true,
        ..local_config()
    });
    expect_page(client.get(&server.url("/anything"), None).await);
}

#[tokio::test]
async fn requests_to_one_host_are_spaced_by_the_delay() {
    let server = serve(|_, _| Reply::Send(response("200 OK", &[], b"ok"))).await;
    let delay = Duration::from_millis(400);
    let client = fetcher(FetchConfig {
        per_host_delay: delay,
        ..local_config()
    });
    // Issued together: politeness, not the caller, must space them.
    let urls = [server.url("/one"), server.url("/two"), server.url("/three")];
    let (a, b, c) = tokio::join!(
        client.get(&urls[0], None),
        client.get(&urls[1], None),
        client.get(&urls[2], None),
    );
    for result in [a, b, c] {
        expect_page(result);
    }
    let mut starts: Vec<Instant> = server.requests().iter().map(|s| s.at).collect();
    starts.sort();
    assert_eq!(starts.len(), 3);
    for pair in starts.windows(2) {
        let gap = pair[1] - pair[0];
        // A little slack: the server stamps arrival, not the client's send.
        assert!(
            gap + Duration::from_millis(30) >= delay,
            "requests only {gap:?} apart"
        );
    }
}

#[tokio::test]
async fn crawl_delay_raises_the_spacing() {
    let server = serve(|seen, _| match seen.path.as_str() {
        "/robots.txt" => Reply::Send(response(
            "200 OK",
            &[],
            b"User-agent: marsad\nCrawl-delay: 1\nAllow: /\n",
        )),
        _ => Reply::Send(response("200 OK", &[], b"ok")),
    })
    .await;
    let client = fetcher(FetchConfig {
        obey_robots: true,
        ..local_config()
    });
    expect_page(client.get(&server.url("/a"), None).await);
    expect_page(client.get(&server.url("/b"), None).await);
    let first = &server.requests_for("/a")[0];
    let second = &server.requests_for("/b")[0];
    let gap = second.at - first.at;
    assert!(
        gap + Duration::from_millis(30) >= Duration::from_secs(1),
        "only {gap:?} apart"
    );
}

#[tokio::test]
async fn unavailable_is_retried_until_it_succeeds() {
    let server = serve(|_, earlier| {
        if earlier == 0 {
            Reply::Send(response("503 Service Unavailable", &[], b"busy"))
        } else {
            Reply::Send(response("200 OK", &[], b"recovered"))
        }
    })
    .await;
    let page = expect_page(
        fetcher(local_config())
            .get(&server.url("/flaky"), None)
            .await,
    );
    assert_eq!(page.body, b"recovered");
    assert_eq!(server.requests_for("/flaky").len(), 2);
}

#[tokio::test]
async fn retries_give_up_with_the_last_status() {
    let server = serve(|_, _| Reply::Send(response("502 Bad Gateway", &[], b""))).await;
    let err = fetcher(local_config())
        .get(&server.url("/down"), None)
        .await
        .expect_err("still down");
    assert_eq!(err.to_string(), "502 Bad Gateway");
    assert_eq!(
        server.requests_for("/down").len(),
        3,
        "first try and two retries"
    );
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = serve(|_, earlier| {
        if earlier == 0 {
            Reply::Send(response(
                "429 Too Many Requests",
                &[("Retry-After", "2")],
                b"",
            ))
        } else {
            Reply::Send(response("200 OK", &[], b"finally"))
        }
    })
    .await;
    expect_page(
        fetcher(local_config())
            .get(&server.url("/limited"), None)
            .await,
    );
    let seen = server.requests_for("/limited");
    assert_eq!(seen.len(), 2);
    // Our own first backoff is under a second, so only Retry-After explains this.
    let gap = seen[1].at - seen[0].at;
    assert!(
        gap >= Duration::from_millis(1950),
        "retried after only {gap:?}"
    );
}

#[tokio::test]
async fn global_limit_keeps_requests_to_different_hosts_apart() {
    let pause = Duration::from_millis(300);
    let first = serve(move |_, _| Reply::SendAfter(pause, response("200 OK", &[], b"one"))).await;
    let second = serve(move |_, _| Reply::SendAfter(pause, response("200 OK", &[], b"two"))).await;
    let client = fetcher(FetchConfig {
        max_concurrency: 1,
        ..local_config()
    });
    let (url_a, url_b) = (first.url("/a"), second.url("/b"));
    let (a, b) = tokio::join!(client.get(&url_a, None), client.get(&url_b, None));
    expect_page(a);
    expect_page(b);
    let (at_a, at_b) = (first.requests()[0].at, second.requests()[0].at);
    let gap = if at_a > at_b {
        at_a - at_b
    } else {
        at_b - at_a
    };
    assert!(
        gap + Duration::from_millis(30) >= pause,
        "both were in flight at once ({gap:?} apart)"
    );
}

#[tokio::test]
async fn hang_up_without_answer_is_reported_and_retried() {
    let server = serve(|_, earlier| {
        if earlier < 2 {
            Reply::Close
        } else {
            Reply::Send(response("200 OK", &[], b"third time"))
        }
    })
    .await;
    let page = expect_page(
        fetcher(local_config())
            .get(&server.url("/shaky"), None)
            .await,
    );
    assert_eq!(page.body, b"third time");

    let always = serve(|_, _| Reply::Close).await;
    let err = fetcher(local_config())
        .get(&always.url("/gone"), None)
        .await
        .expect_err("never answers");
    assert!(err.to_string().contains("connection closed by"), "{err}");
}

#[tokio::test]
async fn tls_failure_is_named() {
    // A plain HTTP server answers the TLS hello with an HTTP error page, the
    // classic "https URL, http port" mistake.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = [0u8; 2048];
            let _ = socket.read(&mut buf).await;
            let _ = socket
                .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                .await;
        }
    });
    let https = format!("https://127.0.0.1:{port}/");
    let err = fetcher(local_config())
        .get(&https, None)
        .await
        .expect_err("plain HTTP is no TLS");
    assert!(matches!(err, FetchError::Tls { .. }), "{err:?}");
    assert!(err.to_string().starts_with("fetch: TLS error: "), "{err}");
}

#[tokio::test]
async fn unresolvable_host_is_a_dns_failure() {
    // .invalid is reserved never to resolve (RFC 2606); the lookup fails locally.
    let err = fetcher(local_config())
        .get("http://no-such-host.invalid/", None)
        .await
        .expect_err("no host");
    assert!(matches!(err, FetchError::Dns { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "fetch: DNS lookup failed for host no-such-host.invalid"
    );
}

#[tokio::test]
async fn robots_rules_apply_to_every_redirect_hop() {
    let server = serve(|seen, _| match seen.path.as_str() {
        "/robots.txt" => Reply::Send(response(
            "200 OK",
            &[],
            b"User-agent: *\nDisallow: /paywall\n",
        )),
        "/story" => Reply::Send(response(
            "302 Found",
            &[("Location", "/paywall/story")],
            b"",
        )),
        _ => Reply::Send(response("200 OK", &[], b"page")),
    })
    .await;
    let client = fetcher(FetchConfig {
        obey_robots: true,
        ..local_config()
    });
    let err = client
        .get(&server.url("/story"), None)
        .await
        .expect_err("hop disallowed");
    assert!(
        matches!(err, FetchError::RobotsDisallowed { ref url } if url.ends_with("/paywall/story")),
        "{err:?}"
    );
    assert!(server.requests_for("/paywall/story").is_empty());
}

#[tokio::test]
async fn fetcher_is_shareable_across_spawned_tasks() {
    fn assert_shareable<T: Send + Sync + Clone + 'static>(_: &T) {}
    let server = serve(|_, _| Reply::Send(response("200 OK", &[], b"shared"))).await;
    let client = fetcher(local_config());
    assert_shareable(&client);
    let url = server.url("/x");
    let task = tokio::spawn({
        let client = client.clone();
        async move { client.get(&url, None).await }
    });
    let page = expect_page(task.await.expect("task joins"));
    assert_eq!(page.body, b"shared");
}

#[tokio::test]
async fn unanswered_connect_times_out_naming_the_connect_timeout() {
    // A listener that never accepts and whose tiny backlog is already full makes
    // the kernel drop further SYNs, so connecting hangs as it would to a dead host.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().expect("addr"))
        .expect("bind");
    let listener = socket.listen(1).expect("listen");
    let addr = listener.local_addr().expect("addr");
    let mut held = Vec::new();
    for _ in 0..16 {
        match tokio::time::timeout(
            Duration::from_millis(200),
            tokio::net::TcpStream::connect(addr),
        )
        .await
        {
            Ok(Ok(stream)) => held.push(stream),
            _ => break,
        }
    }
    let config = FetchConfig {
        connect_timeout: Duration::from_millis(300),
        ..local_config()
    };
    let err = fetcher(config)
        .get(&format!("http://{addr}/"), None)
        .await
        .expect_err("cannot connect");
    assert!(
        matches!(
            err,
            FetchError::Timeout {
                phase: TimeoutPhase::Connecting,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("timed out after 300 ms connecting to"),
        "{err}"
    );
    drop(listener);
}

#[tokio::test]
async fn with_no_delay_requests_to_one_host_overlap_and_with_a_delay_they_do_not() {
    let pause = Duration::from_millis(300);
    let server = serve(move |_, _| Reply::SendAfter(pause, response("200 OK", &[], b"slow"))).await;
    let overlap = fetcher(local_config());
    let (a, b) = (server.url("/a"), server.url("/b"));
    let started = Instant::now();
    let (x, y) = tokio::join!(overlap.get(&a, None), overlap.get(&b, None));
    expect_page(x);
    expect_page(y);
    assert!(started.elapsed() < pause * 2, "delay 0 still serialised: {:?}", started.elapsed());

    let polite = fetcher(FetchConfig { per_host_delay: Duration::from_millis(10), ..local_config() });
    let started = Instant::now();
    let (x, y) = tokio::join!(polite.get(&a, None), polite.get(&b, None));
    expect_page(x);
    expect_page(y);
    assert!(started.elapsed() >= pause * 2, "a delay keeps one request at a time: {:?}", started.elapsed());
}
