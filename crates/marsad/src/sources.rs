//! `marsad sources import FILE.opml` and `marsad sources export`: feed lists in
//! and out as OPML 2.0. Import only registers the feeds (nothing is fetched; the
//! next `watch` or `ingest` polls them); export writes every feed and sitemap.
//!
//! `marsad sources eval DIR` is an evaluation, not a test: it serves every file
//! of DIR (e.g. ../shared/corpus/feeds) from 127.0.0.1 and reads each through the
//! crawler's own fetch and parse path, printing format and item count per file;
//! it exits 1 if any file fails to parse. Item pages are not fetched: their links
//! point at the real web.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum SourcesAction {
    /// Add the feeds of an OPML file as sources, without fetching them
    Import {
        #[arg(value_name = "FILE.opml")]
        file: PathBuf,
    },
    /// Print every source as an OPML 2.0 list on standard output
    Export,
    /// Evaluation: serve DIR's feed files on 127.0.0.1, fetch and parse each, print item counts
    Eval {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

pub async fn run(data_dir: &Path, action: SourcesAction) -> anyhow::Result<ExitCode> {
    match action {
        SourcesAction::Import { file } => import(&open_store(data_dir)?, &file),
        SourcesAction::Export => export(&open_store(data_dir)?),
        SourcesAction::Eval { dir } => eval_feeds(&dir).await,
    }
}

fn open_store(data_dir: &Path) -> anyhow::Result<store::Store> {
    let (store, _) = engine::open_data_dir(data_dir)
        .with_context(|| format!("cannot open data folder {}", data_dir.display()))?;
    Ok(store)
}

fn import(store: &store::Store, file: &Path) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let entries = feeds::parse_opml(&bytes).with_context(|| file.display().to_string())?;
    let mut added = 0usize;
    let mut refused = 0usize;
    for entry in &entries {
        // Checked like an ingest argument, so a list cannot smuggle in file: or
        // other schemes.
        match engine::classify(&entry.xml_url) {
            Ok(engine::Source::Url(url)) => added += store.add_source(&url, "feed", entry.title.as_deref())? as usize,
            _ => {
                refused += 1;
                eprintln!("skipped {}: not an http(s) URL", entry.xml_url);
            }
        }
    }
    println!(
        "{added} new source{} of {} in {} ({} already known{})",
        if added == 1 { "" } else { "s" },
        entries.len(),
        file.display(),
        entries.len() - added - refused,
        if refused > 0 { format!(", {refused} skipped") } else { String::new() },
    );
    Ok(ExitCode::SUCCESS)
}

fn export(store: &store::Store) -> anyhow::Result<ExitCode> {
    let entries: Vec<feeds::OpmlEntry> = store
        .sources()?
        .into_iter()
        .map(|s| feeds::OpmlEntry { xml_url: s.url, title: s.title, html_url: None })
        .collect();
    print!("{}", feeds::export_opml("Marsad sources", &entries));
    Ok(ExitCode::SUCCESS)
}

async fn eval_feeds(dir: &Path) -> anyhow::Result<ExitCode> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
            [".xml", ".rss", ".atom", ".json", ".gz"].iter().any(|ext| name.ends_with(ext))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        anyhow::bail!("no feed files (.xml, .rss, .atom, .json, .gz) in {}", dir.display());
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.context("cannot bind 127.0.0.1")?;
    let addr = listener.local_addr()?;
    let root = dir.to_path_buf();
    let server = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve_file(stream, root.clone()));
        }
    });
    let fetcher = fetch::Fetcher::new(fetch::FetchConfig {
        allow_private: true,
        per_host_delay: std::time::Duration::ZERO,
        ..fetch::FetchConfig::default()
    })?;
    let (mut failed, mut items) = (0usize, 0usize);
    for file in &files {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let url = format!("http://{addr}/{name}");
        let result = match fetcher.get(&url, None).await {
            Ok(fetch::Fetched::Page(page)) => feeds::parse(&page.body, page.content_type.as_deref(), Some(&page.final_url))
                .map_err(|e| e.to_string()),
            Ok(fetch::Fetched::NotModified { .. }) => Err("304 to an unconditional request".into()),
            Err(e) => Err(e.to_string()),
        };
        match result {
            Ok(feeds::Parsed::Feed(feed)) => {
                items += feed.items.len();
                let linked = feed.items.iter().filter(|i| i.url.is_some()).count();
                let dated = feed.items.iter().filter(|i| i.published.is_some()).count();
                println!(
                    "ok    {name:<28} {:<10} {:>4} items ({linked} with links, {dated} dated)  {}",
                    feed.format.to_string(),
                    feed.items.len(),
                    feed.title.as_deref().unwrap_or("")
                );
            }
            Ok(feeds::Parsed::Sitemap(s)) => {
                items += s.entries.len();
                println!("ok    {name:<28} sitemap    {:>4} URLs", s.entries.len());
            }
            Ok(feeds::Parsed::Opml(e)) => println!("ok    {name:<28} opml       {:>4} feeds", e.len()),
            Err(e) => {
                failed += 1;
                println!("FAIL  {name:<28} {e}");
            }
        }
    }
    server.abort();
    println!("{} files, {} parsed, {failed} failed, {items} items in all", files.len(), files.len() - failed);
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Answers one GET with the named file of `root` (a bare file name: no paths).
async fn serve_file(mut stream: tokio::net::TcpStream, root: PathBuf) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let name = head.split_whitespace().nth(1).unwrap_or("/").trim_start_matches('/').to_string();
    let body = if name.is_empty() || name.contains('/') || name.contains("..") {
        None
    } else {
        tokio::fs::read(root.join(&name)).await.ok()
    };
    let response = match body {
        Some(body) => {
            let mut r = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            r.extend_from_slice(&body);
            r
        }
        None => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
    };
    let _ = stream.write_all(&response).await;
    let _ = stream.shutdown().await;
}
