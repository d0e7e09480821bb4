//! `marsad watch`: polls every known source on its learnt schedule until SIGINT
//! or SIGTERM, then stops cleanly (the article being stored is finished, the
//! index committed). Sources come from `ingest` or `sources import`.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use engine::{Engine, EngineConfig, Quiet, ScheduleBounds};

#[derive(clap::Args, Debug)]
pub struct WatchArgs {
    #[command(flatten)]
    pub fetch: crate::args::FetchFlags,
    /// Poll the sources that are due once, then exit
    #[arg(long)]
    pub once: bool,
    /// Shortest interval between two polls of one source, in seconds (tests)
    #[arg(long, hide = true, value_name = "SECONDS", default_value_t = 300)]
    pub min_interval: u64,
    /// Longest interval between two polls of one source, in seconds (tests)
    #[arg(long, hide = true, value_name = "SECONDS", default_value_t = 86_400)]
    pub max_interval: u64,
}

pub async fn run(data_dir: &Path, a: WatchArgs) -> anyhow::Result<ExitCode> {
    let mut config = EngineConfig::new(data_dir);
    config.fetch = crate::commands::fetch_config(&a.fetch)?;
    config.page_concurrency = config.fetch.max_concurrency;
    config.schedule = ScheduleBounds {
        min: Duration::from_secs(a.min_interval.max(1)),
        max: Duration::from_secs(a.max_interval.max(a.min_interval).max(1)),
    };
    let engine = Arc::new(
        Engine::open(config).with_context(|| format!("cannot open data folder {}", data_dir.display()))?,
    );
    let sources = engine.store().sources()?.len();
    if sources == 0 {
        anyhow::bail!("no sources to watch: add some with `marsad ingest URL` or `marsad sources import FILE.opml`");
    }
    println!("watching {sources} source{} (data: {}); Ctrl-C stops", if sources == 1 { "" } else { "s" }, data_dir.display());
    let stopper = engine.clone();
    let signals = tokio::spawn(async move {
        crate::commands::shutdown_signal().await;
        eprintln!("stopping: finishing the current article and committing the index");
        stopper.request_stop();
    });
    let result = engine
        .watch(a.once, &Quiet, |round| {
            let r = &round.report;
            println!(
                "{} polled {} source{}: {} new article{}, {} failing, {} page error{}",
                chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
                round.polled,
                if round.polled == 1 { "" } else { "s" },
                r.new_articles,
                if r.new_articles == 1 { "" } else { "s" },
                r.failed_sources(),
                r.page_errors.len(),
                if r.page_errors.len() == 1 { "" } else { "s" },
            );
        })
        .await;
    signals.abort();
    result?;
    println!("stopped");
    Ok(ExitCode::SUCCESS)
}
