//! Shared by the server's integration tests: a data folder filled through the
//! real store and index writer, a real server on 127.0.0.1, and a small HTTP/1.1
//! client so that what is checked is exactly what goes over the wire.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::Path;

use model::{layout, Article};
use server::ServerConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const HOSTILE_TITLE: &str = "<script>alert(1)</script> عنوان مريب";

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|err| panic!("body is not JSON ({err}): {}", self.body))
    }
}

pub fn article(url: &str, title: &str, outlet: &str, date: &str, paragraphs: &[&str]) -> Article {
    Article {
        url: url.to_string(),
        title: Some(title.to_string()),
        outlet: Some(outlet.to_string()),
        date: Some(date.to_string()),
        language: Some("ar".to_string()),
        author: Some("سلمى الراوي".to_string()),
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        image_caption: Some("صورة أرشيفية لقاعة الاجتماعات".to_string()),
        // Distinct texts must not collide in the store's duplicate check.
        text_hash: format!("{:x}", paragraphs.join("\n").len() * 7919 + url.len()),
        source_url: Some("https://akhbar.example/rss".to_string()),
        fetched_at: "2024-05-02T08:00:00Z".to_string(),
        ..Article::default()
    }
}

/// Ids the store gave to the fixture articles.
pub struct Fixture {
    pub talks: i64,
    pub hostile: i64,
    pub wheat: i64,
}

pub fn populate(data_dir: &Path) -> Fixture {
    let mut store = store::Store::open(&layout::database(data_dir)).expect("open store");
    let index = index::SearchIndex::open(&layout::index(data_dir)).expect("open index");
    let mut writer = index.writer().expect("index writer");

    let mut add = |mut art: Article| -> i64 {
        let inserted = store.insert_article(&art).expect("insert article");
        art.id = inserted.id;
        writer.upsert(&art).expect("index article");
        inserted.id
    };
    let talks = add(article(
        "https://akhbar.example/politics/talks-resume",
        "استئناف المفاوضات بين الوفدين بعد توقف دام شهرين",
        "أخبار اليوم",
        "2024-05-01",
        &[
            "عاد الوفدان إلى طاولة المفاوضات صباح الأربعاء في جولة وصفها الوسطاء بالحاسمة.",
            "وقال متحدث باسم الوساطة إن الجولة ستتناول ملف المعابر والأسرى.",
        ],
    ));
    let hostile = add(article(
        "https://akhbar.example/odd/page",
        HOSTILE_TITLE,
        "أخبار اليوم",
        "2024-04-20",
        &["فقرة فيها وسم <img src=x onerror=alert(2)> لا يجوز أن يعمل أبدًا في الصفحة."],
    ));
    let wheat = add(article(
        "https://sabah.example/economy/wheat",
        "ارتفاع أسعار القمح في الأسواق المحلية",
        "جريدة الصباح",
        "2024-03-10",
        &["سجلت أسعار القمح ارتفاعًا ملحوظًا هذا الأسبوع بسبب تراجع المخزون."],
    ));
    writer.commit().expect("commit index");

    store
        .ensure_source("https://akhbar.example/rss", "feed")
        .expect("add healthy source");
    store
        .record_source_success(
            "https://akhbar.example/rss",
            &store::SourcePoll { http_status: Some(200), ..Default::default() },
        )
        .expect("record success");
    store
        .ensure_source("https://broken.example/feed.xml", "feed")
        .expect("add failing source");
    store
        .record_source_failure("https://broken.example/feed.xml", Some(404), "404 Not Found")
        .expect("record failure");
    Fixture { talks, hostile, wheat }
}

pub async fn start(data_dir: &Path) -> SocketAddr {
    start_with(ServerConfig::new(data_dir.to_path_buf(), SocketAddr::from(([127, 0, 0, 1], 0)))).await
}

/// A server with the given configuration (token, crawl settings).
pub async fn start_with(config: ServerConfig) -> SocketAddr {
    let (listener, app) = server::bind(config).await.expect("bind server");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

pub async fn started() -> (tempfile::TempDir, Fixture, SocketAddr) {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = populate(dir.path());
    let addr = start(dir.path()).await;
    (dir, fixture, addr)
}

pub async fn request(addr: SocketAddr, method: &str, target: &str, body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("send head");
    // The server may refuse a large body before reading it all; that is fine.
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(20), stream.read_to_end(&mut raw));
    read.await.expect("reply within 20 s").expect("read reply");
    parse_reply(&raw)
}

pub async fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target, b"").await
}

pub fn parse_reply(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("reply has a header end");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("status line");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("status code");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        body = dechunk(&body);
    }
    Reply { status, headers, body: String::from_utf8(body).expect("UTF-8 body") }
}

pub fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").expect("chunk size line");
        let size_text = String::from_utf8_lossy(&data[..line_end]).to_string();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .expect("chunk size");
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

