//! Reading web archives (WARC 1.0/1.1, plain or gzipped) so that pages crawled
//! by other tools can be imported. Only `response` and `resource` records carry
//! pages; their HTTP framing (status line, chunking, gzip) is undone here so the
//! caller gets the bytes a browser would have rendered.

use std::io::Read;

use crate::{gunzip_capped, FeedError};

/// Largest body kept for one record; bigger records (video, archives) are skipped.
pub const MAX_RECORD_BODY: usize = 16 * 1024 * 1024;
/// Largest decompressed archive accepted, so a gzip bomb cannot exhaust memory.
pub const MAX_ARCHIVE_BYTES: usize = 1024 * 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarcRecord {
    pub target_uri: String,
    /// `WARC-Date` as written (ISO 8601 by the standard).
    pub date: Option<String>,
    /// HTTP status of a `response` record; None for `resource` records.
    pub http_status: Option<u16>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// Reads a WARC or WARC.gz (one gzip member per record, or one stream) and
/// returns its `response` and `resource` records in order. Records whose body is
/// larger than [`MAX_RECORD_BODY`] are skipped.
pub fn read_warc(bytes: &[u8]) -> Result<Vec<WarcRecord>, FeedError> {
    let inflated;
    let data: &[u8] = if bytes.starts_with(&[0x1f, 0x8b]) {
        inflated = gunzip_capped(bytes, MAX_ARCHIVE_BYTES)?;
        &inflated
    } else {
        bytes
    };

    let mut records = Vec::new();
    let mut pos = 0;
    let mut number = 0;
    loop {
        while pos < data.len() && data[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= data.len() {
            break;
        }
        number += 1;
        let rest = &data[pos..];
        if !rest.starts_with(b"WARC/") {
            return Err(FeedError::Warc(format!("record {number}: does not start with a WARC/ version line")));
        }
        let (header_len, body_start) = header_end(rest)
            .ok_or_else(|| FeedError::Warc(format!("record {number}: headers never end")))?;
        let headers = parse_headers(&rest[..header_len]);
        let length: usize = header(&headers, "content-length")
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| FeedError::Warc(format!("record {number}: missing or invalid Content-Length")))?;
        let available = rest.len() - body_start;
        if length > available {
            return Err(FeedError::Warc(format!(
                "record {number}: cut short, Content-Length is {length} but only {available} bytes follow"
            )));
        }
        let block = &rest[body_start..body_start + length];
        pos += body_start + length;

        let kind = header(&headers, "warc-type").unwrap_or_default().trim().to_ascii_lowercase();
        if !(kind == "response" || kind == "resource") || block.len() > MAX_RECORD_BODY {
            continue;
        }
        let target_uri = header(&headers, "warc-target-uri")
            .map(|u| u.trim().trim_start_matches('<').trim_end_matches('>').to_string())
            .unwrap_or_default();
        let date = header(&headers, "warc-date").map(|d| d.trim().to_string()).filter(|d| !d.is_empty());
        let record = if kind == "response" && is_http_block(&headers) {
            match http_response(block, number)? {
                Some((status, content_type, body)) => WarcRecord { target_uri, date, http_status: Some(status), content_type, body },
                None => continue,
            }
        } else {
            let content_type = header(&headers, "content-type").map(|c| c.trim().to_string());
            WarcRecord { target_uri, date, http_status: None, content_type, body: block.to_vec() }
        };
        records.push(record);
    }
    Ok(records)
}

/// (length of the header section, offset where the block starts).
fn header_end(data: &[u8]) -> Option<(usize, usize)> {
    let crlf = data.windows(4).position(|w| w == b"\r\n\r\n").map(|p| (p, p + 4));
    let lf = data.windows(2).position(|w| w == b"\n\n").map(|p| (p, p + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn parse_headers(section: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(section)
        .lines()
        .skip(1)
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_ascii_lowercase(), value.trim().to_string()))
        })
        .collect()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn is_http_block(headers: &[(String, String)]) -> bool {
    // DNS and other non-HTTP responses say so in their content type.
    header(headers, "content-type").is_none_or(|ct| ct.to_ascii_lowercase().contains("http"))
}

/// Status, content type and decoded body of an HTTP response block, or None when
/// the decoded body is over the per-record cap.
type HttpParts = (u16, Option<String>, Vec<u8>);

fn http_response(block: &[u8], number: usize) -> Result<Option<HttpParts>, FeedError> {
    let malformed = |what: &str| FeedError::Warc(format!("record {number}: {what}"));
    if !block.starts_with(b"HTTP/") {
        return Err(malformed("response block has no HTTP status line"));
    }
    let (header_len, body_start) = header_end(block).ok_or_else(|| malformed("HTTP headers never end"))?;
    let head = String::from_utf8_lossy(&block[..header_len]);
    let status: u16 = head
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| malformed("HTTP status line has no status code"))?;
    let headers = parse_headers(&block[..header_len]);
    let mut body = block[body_start..].to_vec();

    let transfer = header(&headers, "transfer-encoding").unwrap_or_default().to_ascii_lowercase();
    if transfer.contains("chunked") {
        // Many crawlers store the de-chunked body but keep the header; then keep it as is.
        if let Some(joined) = dechunk(&body) {
            body = joined;
        }
    }
    let encoding = header(&headers, "content-encoding").unwrap_or_default().trim().to_ascii_lowercase();
    if matches!(encoding.as_str(), "gzip" | "x-gzip") && body.starts_with(&[0x1f, 0x8b]) {
        match gunzip_capped(&body, MAX_RECORD_BODY) {
            Ok(plain) => body = plain,
            Err(FeedError::TooLarge { .. }) => return Ok(None),
            Err(_) => {}
        }
    } else if encoding == "deflate" {
        match inflate_capped(&body) {
            Some(Ok(plain)) => body = plain,
            Some(Err(())) => return Ok(None),
            None => {}
        }
    }
    let content_type = header(&headers, "content-type").map(str::to_string);
    Ok(Some((status, content_type, body)))
}

/// HTTP "deflate" is zlib-wrapped by the standard and raw deflate in practice;
/// tries both. Some(Err) means over the cap, None means neither decoded.
fn inflate_capped(body: &[u8]) -> Option<Result<Vec<u8>, ()>> {
    fn read_capped(reader: impl Read) -> Option<Result<Vec<u8>, ()>> {
        let mut out = Vec::new();
        reader.take(MAX_RECORD_BODY as u64 + 1).read_to_end(&mut out).ok()?;
        Some(if out.len() > MAX_RECORD_BODY { Err(()) } else { Ok(out) })
    }
    read_capped(flate2::read::ZlibDecoder::new(body)).or_else(|| read_capped(flate2::read::DeflateDecoder::new(body)))
}

/// Joins a chunked transfer-encoded body; None if it is not validly chunked.
fn dechunk(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let mut pos = 0;
    loop {
        let line_end = pos + data.get(pos..)?.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[pos..line_end]).ok()?;
        let size_hex = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        pos = line_end + 2;
        if size == 0 {
            return Some(out);
        }
        let chunk = data.get(pos..pos.checked_add(size)?)?;
        out.extend_from_slice(chunk);
        pos += size;
        if data.get(pos..pos + 2) == Some(b"\r\n") {
            pos += 2;
        } else {
            return None;
        }
    }
}
