//! One function per command. Each opens what it needs, calls the library, and
//! prints; errors get context naming what was being done, for the one-line
//! message the user sees.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};
use engine::{Engine, EngineConfig, IngestReport, Progress};
use serde_json::json;

use crate::args::{self, Command};
use crate::output;
use crate::progress::Bar;

pub async fn run(command: Command, data: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    // The demo keeps its articles apart from the user's own unless told otherwise.
    let data_dir = match (&command, data) {
        (_, Some(dir)) => dir,
        (Command::Demo(_), None) => default_data_dir().join("demo"),
        (_, None) => default_data_dir(),
    };
    match command {
        Command::Ingest(a) => ingest(&data_dir, a).await,
        Command::Sources(a) => sources(&data_dir, a).await,
        Command::Watch(a) => crate::watch::run(&data_dir, a).await,
        Command::Search(a) => search(&data_dir, a),
        Command::Show(a) => show(&data_dir, a),
        Command::Extract(a) => extract_files(a),
        Command::Serve(a) => serve(&data_dir, a.addr, serve_access(a.require_token), a.allow_private).await,
        Command::Reindex => reindex(&data_dir),
        Command::Demo(a) => demo(data_dir, a).await,
        Command::Dates(a) => crate::text::dates(a),
        Command::Normalize(a) => crate::text::normalize(a),
        Command::Stem(a) => crate::text::stem(a),
        Command::Eval(a) => crate::eval::run(a),
    }
}

/// `$XDG_DATA_HOME/marsad`, else `~/.local/share/marsad`, else `./marsad-data`.
fn default_data_dir() -> PathBuf {
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(xdg).join("marsad");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(home).join(".local/share/marsad");
    }
    PathBuf::from("marsad-data")
}

pub(crate) fn fetch_config(flags: &args::FetchFlags) -> anyhow::Result<fetch::FetchConfig> {
    if !(0.0..=3600.0).contains(&flags.per_host_delay) {
        bail!("--per-host-delay must be between 0 and 3600 seconds");
    }
    let mut config = fetch::FetchConfig {
        allow_private: flags.allow_private,
        per_host_delay: Duration::from_secs_f64(flags.per_host_delay),
        contact_url: flags.contact.clone(),
        obey_robots: !flags.ignore_robots,
        total_timeout: Duration::from_secs(flags.timeout.max(1)),
        max_concurrency: flags.max_concurrency.clamp(1, 256),
        ..fetch::FetchConfig::default()
    };
    if let Some(contact) = &flags.contact {
        config.user_agent = format!("Marsad/{} (+{contact})", env!("CARGO_PKG_VERSION"));
    }
    Ok(config)
}

fn open_engine(data_dir: &Path, fetch: fetch::FetchConfig) -> anyhow::Result<Engine> {
    let mut config = EngineConfig::new(data_dir);
    config.page_concurrency = fetch.max_concurrency;
    config.fetch = fetch;
    Engine::open(config).with_context(|| format!("cannot open data folder {}", data_dir.display()))
}

async fn ingest(data_dir: &Path, a: args::IngestArgs) -> anyhow::Result<ExitCode> {
    // Every argument is checked before anything is fetched or written.
    let sources = a
        .sources
        .iter()
        .map(|s| engine::classify(s))
        .collect::<Result<Vec<_>, _>>()?;
    let engine = open_engine(data_dir, fetch_config(&a.fetch)?)?;
    let bar = Bar::new("ingest");
    let report = engine.ingest(&sources, &bar).await?;
    bar.finish();
    finish_ingest(&report, a.json)
}

fn finish_ingest(report: &IngestReport, as_json: bool) -> anyhow::Result<ExitCode> {
    if report.only_local_failures() {
        let first = &report.sources[0];
        bail!("{}: {}", first.source, first.error.as_deref().unwrap_or("failed"));
    }
    if as_json {
        output::print_json(&report_json(report))?;
    } else {
        output::ingest_summary(report);
    }
    Ok(if report.failed_sources() > 0 || !report.page_errors.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn report_json(report: &IngestReport) -> serde_json::Value {
    json!({
        "new_articles": report.new_articles,
        "known_articles": report.known_articles,
        "listings": report.listings,
        "sources": report.sources.iter().map(|s| json!({
            "source": s.source,
            "kind": s.kind,
            "http_status": s.http_status,
            "error": s.error,
            "not_modified": s.not_modified,
            "items": s.items,
        })).collect::<Vec<_>>(),
        "page_errors": report.page_errors.iter().map(|(url, reason)| json!({"url": url, "error": reason})).collect::<Vec<_>>(),
    })
}

fn open_read(data_dir: &Path) -> anyhow::Result<(store::Store, index::SearchIndex)> {
    engine::open_data_dir(data_dir).with_context(|| format!("cannot open data folder {}", data_dir.display()))
}

async fn sources(data_dir: &Path, a: args::SourcesArgs) -> anyhow::Result<ExitCode> {
    if let Some(action) = a.action {
        return crate::sources::run(data_dir, action).await;
    }
    let (store, _) = open_read(data_dir)?;
    let sources = store.sources()?;
    if a.json {
        output::print_json(&sources)?;
    } else {
        output::sources_table(&sources);
    }
    Ok(ExitCode::SUCCESS)
}

fn search(data_dir: &Path, a: args::SearchArgs) -> anyhow::Result<ExitCode> {
    let (_, index) = open_read(data_dir)?;
    if !index.analyzer_is_current() {
        // Reads never rebuild (they hold no writer); say why results may be missing.
        eprintln!("warning: the index was made by another analyzer version and may miss articles; run `marsad reindex`");
    }
    let query = model::SearchQuery {
        text: a.query,
        from: a.from,
        to: a.to,
        outlet: a.outlet,
        lang: a.lang,
        limit: a.limit as usize,
        offset: a.offset,
        sort_by_date: a.sort == args::SortOrder::Date,
    };
    let results = index.search(&query)?;
    if a.json {
        output::print_json(&results)?;
    } else {
        output::search_results(&results);
    }
    Ok(ExitCode::SUCCESS)
}

fn show(data_dir: &Path, a: args::ShowArgs) -> anyhow::Result<ExitCode> {
    let (store, _) = open_read(data_dir)?;
    let Some(article) = store.article(a.id)? else {
        bail!("no article with id {}", a.id);
    };
    if a.json {
        output::print_json(&article)?;
    } else {
        output::article(&article);
    }
    Ok(ExitCode::SUCCESS)
}

fn extract_files(a: args::ExtractArgs) -> anyhow::Result<ExitCode> {
    let several = a.files.len() > 1;
    let mut failed = false;
    for file in &a.files {
        let label = file.display().to_string();
        let result = read_input(file).and_then(|bytes| {
            extract::extract_bytes(&bytes, None, a.url.as_deref()).map_err(anyhow::Error::from)
        });
        match result {
            Ok(extracted) => {
                if a.json {
                    let mut value = serde_json::to_value(&extracted)?;
                    value["file"] = json!(label);
                    if several {
                        println!("{}", serde_json::to_string(&value)?);
                    } else {
                        output::print_json(&value)?;
                    }
                } else {
                    if several {
                        println!("==> {label} <==");
                    }
                    if let Some(title) = &extracted.title {
                        println!("{title}\n");
                    }
                    println!("{}", extracted.paragraphs.join("\n"));
                }
            }
            Err(e) if several => {
                failed = true;
                if a.json {
                    println!("{}", json!({"file": label, "error": e.to_string()}));
                } else {
                    eprintln!("error: {label}: {e}");
                }
            }
            Err(e) => return Err(e.context(label)),
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn read_input(file: &Path) -> anyhow::Result<Vec<u8>> {
    // Extraction caps pages at 8 MiB; reading more would only cost memory.
    const CAP: u64 = 64 * 1024 * 1024;
    let mut bytes = Vec::new();
    if file.as_os_str() == "-" {
        std::io::stdin().take(CAP).read_to_end(&mut bytes).context("cannot read standard input")?;
    } else {
        let f = std::fs::File::open(file).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => anyhow::anyhow!("no such file"),
            _ => anyhow::anyhow!("cannot read: {e}"),
        })?;
        f.take(CAP).read_to_end(&mut bytes).context("cannot read")?;
    }
    Ok(bytes)
}

fn reindex(data_dir: &Path) -> anyhow::Result<ExitCode> {
    let engine = open_engine(data_dir, fetch::FetchConfig::default())?;
    let bar = Bar::new("reindex");
    let n = engine.reindex(&bar)?;
    bar.finish();
    println!("indexed {n} article{}", if n == 1 { "" } else { "s" });
    Ok(ExitCode::SUCCESS)
}

/// Write actions need `MARSAD_TOKEN`; it is read from the environment only, never
/// a flag, so that it does not show in `ps`.
fn serve_access(require_token_for_reads: bool) -> server::Access {
    let token = std::env::var("MARSAD_TOKEN").ok().filter(|t| !t.trim().is_empty());
    server::Access { token, require_token_for_reads }
}

async fn serve(
    data_dir: &Path,
    addr: std::net::SocketAddr,
    access: server::Access,
    allow_private: bool,
) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create data folder {}", data_dir.display()))?;
    let mut config = server::ServerConfig::new(data_dir.to_path_buf(), addr);
    config.access = access;
    config.crawl.allow_private = allow_private;
    let (listener, router) = server::bind(config)
        .await
        .with_context(|| format!("cannot serve on {addr}"))?;
    let bound = listener.local_addr()?;
    println!("Marsad is serving http://{bound}/ (data: {}); Ctrl-C stops it", data_dir.display());
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("server stopped")?;
    Ok(ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C or SIGTERM: how `serve` and `watch` learn to stop cleanly.
pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

async fn demo(data_dir: PathBuf, a: args::DemoArgs) -> anyhow::Result<ExitCode> {
    let site = demosite::start(
        "127.0.0.1:0".parse().context("demo address")?,
        demosite::SiteOptions { synthetic_articles: a.synthetic },
    )
    .await
    .context("cannot start the demo news site")?;
    println!("demo news site: {}/", site.base_url());
    println!("data folder:    {}", data_dir.display());

    let fetch = fetch::FetchConfig {
        allow_private: true,
        // The site is ours and on loopback: no politeness delay is needed.
        per_host_delay: Duration::ZERO,
        ..fetch::FetchConfig::default()
    };
    let engine = open_engine(&data_dir, fetch)?;
    let sources = site
        .sources()
        .iter()
        .map(|s| engine::classify(s))
        .collect::<Result<Vec<_>, _>>()?;
    let bar = Bar::new("demo");
    bar.add_work(0);
    let report = engine.ingest(&sources, &bar).await?;
    bar.finish();
    output::ingest_summary(&report);
    println!("(the failing feed {} is dead on purpose: Marsad records why and goes on)", site.dead_feed_url());
    drop(engine);

    if a.no_serve {
        site.shutdown().await;
        return Ok(ExitCode::SUCCESS);
    }
    let code = serve(&data_dir, a.addr, serve_access(false), true).await;
    site.shutdown().await;
    code
}
