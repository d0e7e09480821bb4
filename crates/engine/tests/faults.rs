//! Every way a feed can fail, served by a fault-injecting HTTP server of our own
//! on 127.0.0.1 (a tokio `TcpListener` writing hand-made responses, so that it
//! can misbehave in ways a real HTTP library would refuse to), and for each one
//! the reason `marsad sources` shows, read back from the real store after a real
//! `Engine::ingest`.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use engine::{Engine, EngineConfig, Quiet, Source};
use model::SourceHealth;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the fault server does on each path. Sorted by path.
const ROUTES: &[(&str, &str)] = &[
    ("/article/", "a small Arabic article page (feed items link here)"),
    ("/bad-xml.xml", "a feed whose XML breaks on line 4"),
    ("/big.xml", "a 2 MiB body, over the 1 MiB cap of these tests"),
    ("/bomb.xml", "gzip of 64 MiB of zeros: 64 KiB on the wire"),
    ("/cp1256.xml", "windows-1256 bytes under an encoding=\"UTF-8\" declaration"),
    ("/drip.xml", "headers, then one byte every 100 ms: only the total timeout ends it"),
    ("/empty.xml", "a well-formed RSS channel with no items"),
    ("/gone.xml", "410 Gone"),
    ("/hop/", "a redirect to the next hop, forever"),
    ("/html.html", "an HTML page where a feed was expected"),
    ("/liar.xml", "ETag \"v1\" and 304 for it always, while the feed changes after the first fetch"),
    ("/loop-a.xml", "redirects to /loop-b.xml, which redirects back"),
    ("/ok.xml", "a good feed of three items"),
    ("/oops.xml", "500 Internal Server Error"),
    ("/reset.xml", "Content-Length 5000, 100 bytes, then the connection is closed"),
    ("/stale.xml", "the same three items under a new lastBuildDate on every fetch"),
    ("/stall.xml", "headers, then silence: the read timeout ends it"),
    ("/with-feeds.html", "an article page whose <link rel=alternate> names /ok.xml"),
];

struct FaultServer {
    base: String,
    port: u16,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl FaultServer {
    async fn start() -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let base = format!("http://127.0.0.1:{port}");
        let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let (b, h) = (base.clone(), hits.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, b.clone(), h.clone()));
            }
        });
        FaultServer { base, port, hits }
    }

    fn url(&self, path: &str) -> String {
        assert!(ROUTES.iter().any(|(p, _)| path.starts_with(p)), "unrouted {path}");
        format!("{}{path}", self.base)
    }
}

async fn serve(mut stream: TcpStream, base: String, hits: Arc<Mutex<HashMap<String, usize>>>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        // A TLS ClientHello (record type 22) on this plain-HTTP port: answer in
        // plain HTTP, which is what a misconfigured https:// URL meets.
        if head.first() == Some(&0x16) {
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n").await;
            return;
        }
        if head.len() > 65536 {
            return;
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let if_none_match = head
        .lines()
        .find_map(|l| l.strip_prefix("if-none-match: ").or_else(|| l.strip_prefix("If-None-Match: ")))
        .map(str::trim)
        .map(str::to_string);
    let hit = {
        let mut hits = hits.lock().unwrap();
        let n = hits.entry(path.clone()).or_default();
        *n += 1;
        *n
    };
    let _ = answer(&mut stream, &base, &path, hit, if_none_match.as_deref()).await;
}

async fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, String)], body: &[u8]) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes()).await?;
    stream.write_all(body).await?;
    stream.shutdown().await
}

fn rss(base: &str, build: &str, items: &[u32]) -> String {
    let items: String = items
        .iter()
        .map(|n| {
            format!(
                "<item><title>خبر رقم {n}</title><link>{base}/article/{n}</link><guid>{base}/article/{n}</guid></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>موجز الاختبار</title>\
         <link>{base}/</link><lastBuildDate>{build}</lastBuildDate>{items}</channel></rss>"
    )
}

fn xml() -> Vec<(&'static str, String)> {
    vec![("Content-Type", "application/rss+xml; charset=utf-8".to_string())]
}

async fn answer(stream: &mut TcpStream, base: &str, path: &str, hit: usize, inm: Option<&str>) -> std::io::Result<()> {
    match path {
        "/ok.xml" => respond(stream, "200 OK", &xml(), rss(base, "Sun, 01 Nov 2026 10:00:00 GMT", &[1, 2, 3]).as_bytes()).await,
        "/stale.xml" => {
            let build = format!("Sun, 01 Nov 2026 10:{:02}:00 GMT", hit % 60);
            respond(stream, "200 OK", &xml(), rss(base, &build, &[1, 2, 3]).as_bytes()).await
        }
        "/empty.xml" => respond(stream, "200 OK", &xml(), rss(base, "Sun, 01 Nov 2026 10:00:00 GMT", &[]).as_bytes()).await,
        "/liar.xml" => {
            let mut headers = xml();
            headers.push(("ETag", "\"v1\"".to_string()));
            if inm == Some("\"v1\"") {
                return respond(stream, "304 Not Modified", &headers, b"").await;
            }
            let items: &[u32] = if hit == 1 { &[1, 2] } else { &[1, 2, 3, 4] };
            respond(stream, "200 OK", &headers, rss(base, "Sun, 01 Nov 2026 10:00:00 GMT", items).as_bytes()).await
        }
        "/bad-xml.xml" => {
            let body = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel><title>t</title>\n<item><title>a</title></itm>\n</channel></rss>";
            respond(stream, "200 OK", &xml(), body.as_bytes()).await
        }
        "/cp1256.xml" => {
            let text = rss(base, "Sun, 01 Nov 2026 10:00:00 GMT", &[1, 2, 3]).replace("خبر رقم", "نبأ عاجل");
            let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&text);
            respond(stream, "200 OK", &[("Content-Type", "text/xml".to_string())], &bytes).await
        }
        "/html.html" => {
            let body = "<!doctype html><html lang=\"ar\"><head><title>الرئيسية</title></head><body><p>ليست موجزا</p></body></html>";
            respond(stream, "200 OK", &[("Content-Type", "text/html; charset=utf-8".to_string())], body.as_bytes()).await
        }
        "/gone.xml" => respond(stream, "410 Gone", &[], b"gone").await,
        "/oops.xml" => respond(stream, "500 Internal Server Error", &[], b"oops").await,
        "/loop-a.xml" => respond(stream, "302 Found", &[("Location", "/loop-b.xml".to_string())], b"").await,
        "/loop-b.xml" => respond(stream, "302 Found", &[("Location", "/loop-a.xml".to_string())], b"").await,
        "/big.xml" => respond(stream, "200 OK", &xml(), &vec![b' '; 2 * 1024 * 1024]).await,
        "/bomb.xml" => {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            let zeros = vec![0u8; 1024 * 1024];
            for _ in 0..64 {
                gz.write_all(&zeros)?;
            }
            let body = gz.finish()?;
            let mut headers = xml();
            headers.push(("Content-Encoding", "gzip".to_string()));
            respond(stream, "200 OK", &headers, &body).await
        }
        "/stall.xml" => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 500\r\n\r\n<rss").await?;
            tokio::time::sleep(Duration::from_secs(30)).await;
            Ok(())
        }
        "/drip.xml" => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n").await?;
            for _ in 0..600 {
                stream.write_all(b" ").await?;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Ok(())
        }
        "/reset.xml" => {
            stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 5000\r\n\r\n").await?;
            stream.write_all(&[b' '; 100]).await?;
            Ok(())
        }
        "/with-feeds.html" => {
            let body = "<!doctype html><html lang=\"ar\"><head><meta charset=\"utf-8\"><title>تقرير خاص</title>\
                 <link rel=\"alternate\" type=\"application/rss+xml\" title=\"موجز\" href=\"/ok.xml\"></head><body><article><h1>تقرير خاص</h1>\
                 <p>يتناول هذا التقرير الخاص أوضاع الأسواق المحلية بعد ارتفاع الأسعار خلال الأشهر الثلاثة الماضية.</p>\
                 <p>ويرى خبراء أن السياسات الجديدة قد تخفف العبء عن الأسر ذات الدخل المحدود في المدى القريب.</p></article></body></html>";
            respond(stream, "200 OK", &[("Content-Type", "text/html; charset=utf-8".to_string())], body.as_bytes()).await
        }
        p if p.starts_with("/hop/") => {
            let n: u32 = p["/hop/".len()..].parse().unwrap_or(0);
            respond(stream, "302 Found", &[("Location", format!("/hop/{}", n + 1))], b"").await
        }
        p if p.starts_with("/article/") => {
            let n = &p["/article/".len()..];
            let body = format!(
                "<!doctype html><html lang=\"ar\"><head><meta charset=\"utf-8\"><title>خبر رقم {n}</title></head><body><article><h1>خبر رقم {n}</h1>\
                 <p>قالت مصادر مطلعة إن الاجتماع الذي عقد صباح اليوم ناقش الخبر رقم {n} بالتفصيل وانتهى إلى اتفاق مبدئي.</p>\
                 <p>وأضافت المصادر أن اللجنة المختصة ستجتمع مرة أخرى الأسبوع المقبل لاستكمال النقاش حول الخبر رقم {n}.</p></article></body></html>"
            );
            respond(stream, "200 OK", &[("Content-Type", "text/html; charset=utf-8".to_string())], body.as_bytes()).await
        }
        _ => respond(stream, "404 Not Found", &[], b"no").await,
    }
}

fn engine(data: &Path) -> Engine {
    let mut config = EngineConfig::new(data);
    config.fetch.allow_private = true;
    config.fetch.per_host_delay = Duration::ZERO;
    config.fetch.read_timeout = Duration::from_millis(400);
    config.fetch.total_timeout = Duration::from_millis(1500);
    config.fetch.connect_timeout = Duration::from_millis(400);
    config.fetch.max_bytes = 1024 * 1024;
    Engine::open(config).expect("engine opens")
}

/// Polls `url` once and returns its health as `marsad sources --json` shows it.
async fn poll(engine: &Engine, url: &str) -> SourceHealth {
    engine.ingest(&[Source::Url(url.to_string())], &Quiet).await.expect("ingest runs");
    let store = engine.store();
    store.source(url).unwrap().unwrap_or_else(|| panic!("{url} kept in sources"))
}

/// One poll of a failing source: it is kept, failing, with `reason` in its error,
/// counted, never succeeded, and scheduled for a later try.
async fn check_fault(url: &str, reason: &str, http_status: Option<u16>) -> SourceHealth {
    let data = tempfile::tempdir().unwrap();
    let engine = engine(data.path());
    let health = poll(&engine, url).await;
    assert_eq!(health.status, "failing", "{health:?}");
    let error = health.last_error.clone().unwrap_or_default();
    assert!(error.contains(reason), "expected {reason:?} in {error:?}");
    assert_eq!(health.http_status, http_status, "{health:?}");
    assert_eq!((health.failures, health.consecutive_failures), (1, 1), "{health:?}");
    assert!(health.last_success.is_none(), "{health:?}");
    assert!(health.next_poll.is_some(), "a failing source is scheduled again: {health:?}");
    health
}

#[tokio::test]
async fn dns_failure() {
    check_fault("http://no-such-feed.invalid/rss.xml", "DNS lookup failed for host no-such-feed.invalid", None).await;
}

#[tokio::test]
async fn connection_refused() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    check_fault(&format!("http://127.0.0.1:{port}/rss.xml"), "connection refused", None).await;
}

#[tokio::test]
async fn tls_error_when_https_meets_plain_http() {
    let site = FaultServer::start().await;
    check_fault(&format!("https://127.0.0.1:{}/ok.xml", site.port), "TLS error", None).await;
}

// The connect timeout is pinned by fetch's own test
// (`unanswered_connect_times_out_naming_the_connect_timeout`): on loopback the
// kernel may complete the handshake from a full backlog, which reads as a read
// timeout here.

#[tokio::test]
async fn read_timeout() {
    let site = FaultServer::start().await;
    check_fault(&site.url("/stall.xml"), "timed out after 400 ms reading", None).await;
}

#[tokio::test]
async fn total_timeout_on_a_slow_drip() {
    let site = FaultServer::start().await;
    check_fault(&site.url("/drip.xml"), "timed out after 1.5 s in total fetching", None).await;
}

#[tokio::test]
async fn connection_closed_mid_body() {
    let site = FaultServer::start().await;
    check_fault(&site.url("/reset.xml"), "before the response was complete", None).await;
}

#[tokio::test]
async fn client_error_4xx() {
    let site = FaultServer::start().await;
    check_fault(&site.url("/gone.xml"), "410 Gone", Some(410)).await;
}

#[tokio::test]
async fn server_error_5xx() {
    let site = FaultServer::start().await;
    check_fault(&site.url("/oops.xml"), "500 Internal Server Error", Some(500)).await;
}

#[tokio::test]
async fn redirect_loop() {
    let site = FaultServer::start().await;
    check_fault(&site.url("/loop-a.xml"), "redirect loop at", None).await;
}

#[tokio::test]
async fn too_many_redirects() {
    let site = FaultServer::start().await;
    check_fault(&site.url("/hop/0"), "too many redirects (over 10)", None).await;
}

#[tokio::test]
async fn response_over_the_size_cap() {
    let site = FaultServer::start().await;
    check_fault(&site.url("/big.xml"), "response larger than 1 MiB", None).await;
}

#[tokio::test]
async fn decompression_bomb_stops_at_the_cap() {
    let site = FaultServer::start().await;
    check_fault(&site.url("/bomb.xml"), "larger than 1 MiB", None).await;
}

#[tokio::test]
async fn not_a_feed_when_a_known_feed_serves_html() {
    let site = FaultServer::start().await;
    let data = tempfile::tempdir().unwrap();
    let engine = engine(data.path());
    let url = site.url("/html.html");
    // Known as a feed (as an OPML import leaves it): HTML there is a fault, not a page to store.
    engine.store().add_source(&url, "feed", None).unwrap();
    let health = poll(&engine, &url).await;
    assert_eq!(health.status, "failing", "{health:?}");
    assert!(health.last_error.as_deref().unwrap_or("").contains("not a feed: got text/html"), "{health:?}");
    assert_eq!(health.http_status, Some(200));
}

#[tokio::test]
async fn xml_error_names_its_line() {
    let site = FaultServer::start().await;
    check_fault(&site.url("/bad-xml.xml"), "XML error at line 4", Some(200)).await;
}

#[tokio::test]
async fn empty_feed() {
    let site = FaultServer::start().await;
    check_fault(&site.url("/empty.xml"), "empty feed: no items", Some(200)).await;
}

#[tokio::test]
async fn all_items_stale_is_a_note_not_a_failure() {
    let site = FaultServer::start().await;
    let data = tempfile::tempdir().unwrap();
    let engine = engine(data.path());
    let url = site.url("/stale.xml");
    let first = poll(&engine, &url).await;
    assert_eq!((first.status.as_str(), first.note.as_deref()), ("ok", None), "{first:?}");
    assert_eq!(first.articles, 3, "{first:?}");
    let second = poll(&engine, &url).await;
    assert_eq!(second.status, "ok", "{second:?}");
    assert_eq!(second.note.as_deref(), Some("all 3 items already seen"));
    assert_eq!(second.failures, 0);
}

#[tokio::test]
async fn unchanged_body_is_noted() {
    let site = FaultServer::start().await;
    let data = tempfile::tempdir().unwrap();
    let engine = engine(data.path());
    let url = site.url("/ok.xml");
    poll(&engine, &url).await;
    let second = poll(&engine, &url).await;
    assert_eq!(second.status, "ok");
    assert_eq!(second.note.as_deref(), Some("unchanged: same content as the last full fetch"));
}

#[tokio::test]
async fn windows_1256_declared_as_utf8_still_parses() {
    let site = FaultServer::start().await;
    let data = tempfile::tempdir().unwrap();
    let engine = engine(data.path());
    let health = poll(&engine, &site.url("/cp1256.xml")).await;
    assert_eq!(health.status, "ok", "{health:?}");
    assert_eq!(health.items_seen, 3, "{health:?}");
    assert_eq!(health.articles, 3, "{health:?}");
}

#[tokio::test]
async fn lying_etag_is_caught_by_the_content_hash_and_distrusted() {
    let site = FaultServer::start().await;
    let data = tempfile::tempdir().unwrap();
    let engine = engine(data.path());
    let url = site.url("/liar.xml");
    let first = poll(&engine, &url).await;
    assert_eq!((first.items_seen, first.etag_untrusted), (2, false), "{first:?}");
    // The feed changed, but the server keeps answering 304 to If-None-Match "v1".
    let mut polls = vec![];
    for _ in 0..5 {
        polls.push(poll(&engine, &url).await);
    }
    assert!(polls[0].not_modified >= 1, "the server's 304 was believed at first: {:?}", polls[0]);
    let last = polls.last().unwrap();
    assert!(last.etag_untrusted, "a 304 streak is checked by a full fetch: {polls:?}");
    assert_eq!(last.items_seen, 4, "the hidden items are found: {last:?}");
    assert_eq!(last.status, "ok");
    // Once distrusted, the feed is always fetched in full: no more 304s.
    let before = last.not_modified;
    let after = poll(&engine, &url).await;
    assert_eq!(after.not_modified, before, "{after:?}");
}

#[tokio::test]
async fn repeated_failures_are_counted_backed_off_and_cleared_by_a_success() {
    let site = FaultServer::start().await;
    let data = tempfile::tempdir().unwrap();
    let engine = engine(data.path());
    let url = site.url("/oops.xml");
    let first = poll(&engine, &url).await;
    let second = poll(&engine, &url).await;
    assert_eq!((second.failures, second.consecutive_failures), (2, 2), "{second:?}");
    assert!(second.next_poll > first.next_poll, "backs off: {first:?} then {second:?}");
    // The same store, another source that works: counts are per source.
    let ok = poll(&engine, &site.url("/ok.xml")).await;
    assert_eq!((ok.status.as_str(), ok.failures, ok.consecutive_failures), ("ok", 0, 0));
    assert!(ok.last_success.is_some() && ok.next_poll.is_some(), "{ok:?}");
    let sources = engine.store().sources().unwrap();
    assert_eq!(sources[0].url, url, "failing sources are listed first");
    let _ = site.hits.lock().unwrap().len();
}

#[tokio::test]
async fn an_article_page_given_as_a_source_is_stored_and_its_feeds_become_sources() {
    let site = FaultServer::start().await;
    let data = tempfile::tempdir().unwrap();
    let engine = engine(data.path());
    let page = site.url("/with-feeds.html");
    let report = engine.ingest(&[Source::Url(page.clone())], &Quiet).await.unwrap();
    assert_eq!(report.new_articles, 4, "the page and the feed's three items: {report:?}");
    let store = engine.store();
    assert!(store.article_id_for_url(&page).unwrap().is_some(), "the page itself is stored");
    let feed = store.source(&site.url("/ok.xml")).unwrap().expect("discovered feed kept as a source");
    assert_eq!((feed.status.as_str(), feed.items_seen, feed.articles), ("ok", 3, 3), "{feed:?}");
    assert!(store.source(&page).unwrap().is_none(), "the page is not polled as a source");
}
