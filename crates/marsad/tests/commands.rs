//! The rest of the command surface through the built binary: OPML lists, WARC
//! files and HTML folders as sources, `demo --no-serve`, `serve`, `reindex`, and
//! the `MARSAD_DATA` variable. Real demo site on 127.0.0.1, real data folders.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{marsad, text};

fn search_total(data: &Path, query: &str) -> u64 {
    let out = marsad(data, &["search", "--json", query]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&text(&out.stdout)).expect("search prints JSON");
    v["total"].as_u64().expect("total is a number")
}

/// One article page of our own, different text per `n`.
fn page(n: usize) -> String {
    format!(
        "<html lang=\"ar\"><head><title>تقرير رقم {n} عن مشروع الري الجديد</title></head><body>\
         <nav><a href=\"/\">الرئيسية</a> <a href=\"/s\">اقتصاد</a></nav><article><h1>تقرير رقم {n} عن مشروع الري الجديد</h1>\
         <p>أعلنت وزارة الزراعة أن المرحلة رقم {n} من مشروع الري بالتنقيط ستغطي آلاف الهكتارات في السهول الشرقية خلال الموسم المقبل.</p>\
         <p>وأوضح المتحدث باسم الوزارة أن المفاوضات مع الممولين انتهت، وأن الأعمال ستبدأ قبل نهاية العام في القرى رقم {n}.</p>\
         </article><footer>جميع الحقوق محفوظة</footer></body></html>"
    )
}

#[test]
fn a_folder_of_html_files_is_ingested_once() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(pages.join("nested")).unwrap();
    std::fs::write(pages.join("a.html"), page(1)).unwrap();
    std::fs::write(pages.join("nested").join("b.htm"), page(2)).unwrap();
    std::fs::write(pages.join("notes.txt"), "not a page").unwrap();
    let data = dir.path().join("data");
    let first = marsad(&data, &["ingest", pages.to_str().unwrap()]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert!(text(&first.stdout).contains("stored 2 new articles"), "{}", text(&first.stdout));
    let again = marsad(&data, &["ingest", pages.to_str().unwrap()]);
    assert!(text(&again.stdout).contains("stored 0 new articles, 2 already known"), "{}", text(&again.stdout));
    assert_eq!(search_total(&data, "مفاوضات"), 2);
}

#[test]
fn a_warc_file_is_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let mut warc = Vec::new();
    for n in 1..=2 {
        let body = page(10 + n);
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        write!(
            warc,
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://archive.test/news/{n}.html\r\n\
             WARC-Date: 2026-11-20T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:0000000{n}-0000-0000-0000-000000000000>\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        )
        .unwrap();
    }
    let path = dir.path().join("crawl.warc");
    std::fs::write(&path, &warc).unwrap();
    let data = dir.path().join("data");
    let out = marsad(&data, &["ingest", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{} {}", text(&out.stdout), text(&out.stderr));
    assert_eq!(search_total(&data, "الري"), 2);
    let show = marsad(&data, &["show", "--json", "1"]);
    let article: serde_json::Value = serde_json::from_str(&text(&show.stdout)).unwrap();
    assert!(article["url"].as_str().unwrap().starts_with("http://archive.test/news/"), "{article}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_opml_list_brings_its_feeds() {
    let site = demosite::start("127.0.0.1:0".parse().unwrap(), demosite::SiteOptions::default())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let feeds = site.feed_urls();
    let outlines: String = feeds
        .iter()
        .map(|f| format!("<outline type=\"rss\" text=\"خلاصة\" xmlUrl=\"{f}\"/>"))
        .collect();
    let opml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><opml version=\"2.0\"><head><title>قائمتي</title></head>\
         <body><outline text=\"أخبار\">{outlines}</outline></body></opml>"
    );
    let path = dir.path().join("list.opml");
    std::fs::write(&path, opml).unwrap();
    let data = dir.path().join("data");
    let data2 = data.clone();
    let out = tokio::task::spawn_blocking(move || {
        marsad(&data2, &["ingest", "--allow-private", "--per-host-delay", "0", path.to_str().unwrap()])
    })
    .await
    .unwrap();
    // The list holds the dead feed too: finished, with a failing source.
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let sources = marsad(&data, &["sources", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&text(&sources.stdout)).unwrap();
    for feed in &feeds {
        assert!(list.as_array().unwrap().iter().any(|s| s["url"] == feed.as_str()), "{feed} in {list}");
    }
    assert!(search_total(&data, "مفاوضات") >= 3);
    site.shutdown().await;
}

#[test]
fn demo_no_serve_ingests_the_whole_demo_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = marsad(dir.path(), &["demo", "--no-serve"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("demo news site: http://127.0.0.1:"), "{stdout}");
    assert!(stdout.contains("404 Not Found"), "the dead feed is shown: {stdout}");
    let stored: u64 = stdout
        .split("stored ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("summary line");
    assert!(stored >= 30, "{stdout}");
    assert!(search_total(dir.path(), "المفاوضات") >= 3);
}

#[test]
fn reindex_rebuilds_a_lost_index_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.html");
    std::fs::write(&file, page(7)).unwrap();
    let data = dir.path().join("data");
    assert_eq!(marsad(&data, &["ingest", file.to_str().unwrap()]).status.code(), Some(0));
    std::fs::remove_dir_all(data.join("index")).unwrap();
    assert_eq!(search_total(&data, "الري"), 0, "the index is gone");
    let out = marsad(&data, &["reindex"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("indexed 1 article"), "{}", text(&out.stdout));
    assert_eq!(search_total(&data, "الري"), 1);
}

#[test]
fn marsad_data_chooses_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.html");
    std::fs::write(&file, page(3)).unwrap();
    let data = dir.path().join("from-env");
    let out = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(["ingest", file.to_str().unwrap()])
        .env("MARSAD_DATA", &data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(data.join("marsad.sqlite").exists());
    assert!(data.join("index").is_dir());
}

#[test]
fn serve_answers_the_api_and_the_rtl_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.html");
    std::fs::write(&file, page(5)).unwrap();
    let data = dir.path().join("data");
    assert_eq!(marsad(&data, &["ingest", file.to_str().unwrap()]).status.code(), Some(0));

    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .arg("--data")
        .arg(&data)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env_remove("MARSAD_DATA")
        .env_remove("MARSAD_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("serve prints its URL first: {line:?}"))
        .to_string();

    let api = http_get(&addr, "/api/v1/search?q=%D9%85%D9%81%D8%A7%D9%88%D8%B6%D8%A7%D8%AA");
    let page_html = http_get(&addr, "/");
    child.kill().unwrap();
    let _ = child.wait();

    assert!(api.starts_with("HTTP/1.1 200"), "{api}");
    let body = api.split("\r\n\r\n").nth(1).unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert_eq!(v["total"], 1, "{v}");
    assert!(page_html.contains("dir=\"rtl\""), "{page_html}");
}

/// A minimal HTTP/1.1 GET over a plain socket, so the test depends on no client library.
fn http_get(addr: &str, path: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match std::net::TcpStream::connect(addr) {
            Ok(mut s) => {
                s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
                let mut out = Vec::new();
                s.read_to_end(&mut out).unwrap();
                return text(&out);
            }
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => panic!("cannot connect to {addr}: {e}"),
        }
    }
}
