//! WARC reading: records built here, gzipped per record and as one stream.

use std::io::Write;

use feeds::warc::read_warc;
use feeds::FeedError;

fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-05T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:x>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("write");
    encoder.finish().expect("finish")
}

const PAGE: &str = "<html><body><h1>مرحبا بالعالم</h1></body></html>";

fn sample_records() -> Vec<Vec<u8>> {
    let plain = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{PAGE}");
    let page_bytes = PAGE.as_bytes();
    let (a, b) = page_bytes.split_at(10);
    let mut chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n".to_vec();
    for part in [a, b] {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let mut gzipped = b"HTTP/1.1 404 Not Found\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n\r\n".to_vec();
    gzipped.extend_from_slice(&gzip(PAGE.as_bytes()));
    vec![
        record("warcinfo", "", "application/warc-fields", b"software: test\r\n"),
        record("request", "https://w.example/a", "application/http; msgtype=request", b"GET /a HTTP/1.1\r\nHost: w.example\r\n\r\n"),
        record("response", "https://w.example/a", "application/http; msgtype=response", plain.as_bytes()),
        record("response", "<https://w.example/b>", "application/http; msgtype=response", &chunked),
        record("response", "https://w.example/c", "application/http; msgtype=response", &gzipped),
        record("resource", "https://w.example/d.txt", "text/plain", "نص عادي".as_bytes()),
        record("metadata", "https://w.example/a", "application/warc-fields", b"via: x\r\n"),
    ]
}

fn check(records: &[feeds::warc::WarcRecord]) {
    assert_eq!(records.len(), 4);
    assert_eq!(records[0].target_uri, "https://w.example/a");
    assert_eq!(records[0].http_status, Some(200));
    assert_eq!(records[0].content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(records[0].date.as_deref(), Some("2024-03-05T10:00:00Z"));
    assert_eq!(records[0].body, PAGE.as_bytes());
    assert_eq!(records[1].target_uri, "https://w.example/b");
    assert_eq!(records[1].body, PAGE.as_bytes(), "chunking undone");
    assert_eq!(records[2].http_status, Some(404));
    assert_eq!(records[2].body, PAGE.as_bytes(), "gzip undone");
    assert_eq!(records[3].http_status, None);
    assert_eq!(records[3].content_type.as_deref(), Some("text/plain"));
    assert_eq!(records[3].body, "نص عادي".as_bytes());
}

#[test]
fn plain_warc() {
    let data: Vec<u8> = sample_records().concat();
    check(&read_warc(&data).expect("reads"));
}

#[test]
fn gzip_member_per_record() {
    let data: Vec<u8> = sample_records().iter().map(|r| gzip(r)).collect::<Vec<_>>().concat();
    check(&read_warc(&data).expect("reads"));
}

#[test]
fn gzip_single_stream() {
    let data = gzip(&sample_records().concat());
    check(&read_warc(&data).expect("reads"));
}

#[test]
fn malformed_record_is_named_by_number() {
    let mut data: Vec<u8> = sample_records()[..3].concat();
    data.extend_from_slice(b"WARC/1.1\r\nWARC-Type: response\r\n\r\nno length here");
    let err = read_warc(&data).unwrap_err();
    assert!(matches!(err, FeedError::Warc(_)));
    assert!(err.to_string().contains("record 4"), "{err}");

    let mut short = sample_records()[2].clone();
    short.truncate(short.len() - 20);
    let err = read_warc(&short).unwrap_err();
    assert!(err.to_string().contains("record 1") && err.to_string().contains("cut short"), "{err}");

    let err = read_warc(b"GET / HTTP/1.1\r\n\r\n").unwrap_err();
    assert!(err.to_string().starts_with("warc: record 1"), "{err}");
}

#[test]
fn oversized_records_are_skipped() {
    let big = vec![b'a'; feeds::warc::MAX_RECORD_BODY + 1];
    let mut data = record("resource", "https://w.example/big.bin", "application/octet-stream", &big);
    data.extend(record("resource", "https://w.example/small.txt", "text/plain", b"ok"));
    let records = read_warc(&data).expect("reads");
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].target_uri, "https://w.example/small.txt");
}

#[test]
fn empty_archive_has_no_records() {
    assert!(read_warc(b"").expect("empty is fine").is_empty());
    assert!(read_warc(b"\r\n\r\n").expect("blank is fine").is_empty());
}
