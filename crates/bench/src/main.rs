//! `marsad-bench`: the figures in BENCHMARKS.md, measured end to end on real
//! parts (the demo site on loopback, a real data folder in a temp dir).
//!
//! ```text
//! cargo run --release -p bench -- [ARTICLES]     # default 10000
//! ```
//!
//! 1. extraction: every hand-written demo page fetched once, then extracted in a
//!    loop; pages/s and MB/s.
//! 2. ingest: the demo site with ARTICLES synthetic articles, ingested from its
//!    sitemap index (pages of 5,000 URLs, as news sites page them) with
//!    politeness delay 0 (loopback, our own server); articles/s and peak
//!    resident memory.
//! 3. search: a fixed set of Arabic queries over the ARTICLES-article index;
//!    p50/p99/max latency.
//!
//! A benchmark, not a test: it prints figures and asserts nothing.

use std::time::{Duration, Instant};

use engine::{Engine, EngineConfig, Quiet};

fn main() -> anyhow::Result<()> {
    // Before the runtime starts its threads (see engine::limit_malloc_arenas).
    engine::limit_malloc_arenas();
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let articles: usize = std::env::args().nth(1).map(|a| a.parse()).transpose()?.unwrap_or(10_000);
    println!("machine: {} cores", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));

    let site = demosite::start("127.0.0.1:0".parse()?, demosite::SiteOptions { synthetic_articles: articles }).await?;
    let fetcher = fetch::Fetcher::new(loopback_fetch())?;

    // 1. extraction
    let mut pages = Vec::new();
    for url in site.article_urls() {
        if let fetch::Fetched::Page(p) = fetcher.get(&url, None).await? {
            pages.push((url, p.body, p.charset));
        }
    }
    let bytes: usize = pages.iter().map(|p| p.1.len()).sum();
    let rounds = 50;
    let start = Instant::now();
    for _ in 0..rounds {
        for (url, body, charset) in &pages {
            let _ = std::hint::black_box(extract::extract_bytes(body, charset.as_deref(), Some(url)));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = (pages.len() * rounds) as f64;
    println!(
        "extract: {} pages x {rounds} rounds, {:.0} pages/s, {:.1} MB/s (one thread, avg page {:.0} KB)",
        pages.len(),
        n / secs,
        (bytes * rounds) as f64 / secs / 1e6,
        bytes as f64 / pages.len().max(1) as f64 / 1e3
    );

    // 2. ingest
    let data = tempfile::tempdir()?;
    let mut config = EngineConfig::new(data.path());
    config.fetch = loopback_fetch();
    let engine = Engine::open(config)?;
    let source = engine::classify(&site.bench_sitemap_url())?;
    let sampler = PeakSampler::start();
    let sched_before = schedstat();
    let start = Instant::now();
    let report = engine.ingest(&[source], &Quiet).await?;
    let secs = start.elapsed().as_secs_f64();
    let (peak_anon, peak_file) = sampler.stop();
    let sched_after = schedstat();
    for failed in report.sources.iter().filter(|s| s.error.is_some()) {
        println!("source failed: {}: {}", failed.source, failed.error.as_deref().unwrap_or(""));
    }
    println!(
        "ingest: {} new articles in {secs:.1} s, {:.0} articles/s end to end (fetch, extract, store, index), peak RSS {} MB, page errors {}",
        report.new_articles,
        report.new_articles as f64 / secs,
        peak_rss_mb(),
        report.page_errors.len()
    );
    // Crawler (issue 5): how the resident memory splits after the ingest, since
    // the index's memory-mapped files count in RSS but are the kernel's cache.
    // Crawler (issue 5): whether the pipeline had work for every core. Threads'
    // time on a CPU and time runnable but waiting for one; a sum above the
    // number of cores times the wall time means the cores, not the pipeline,
    // were the limit (other processes included). Threads that ended are missed.
    println!(
        "cpu during ingest: on-cpu {:.1} s, runnable but waiting {:.1} s, over {secs:.1} s wall ({:.2} threads wanted a core on average)",
        sched_after.0 - sched_before.0,
        sched_after.1 - sched_before.1,
        (sched_after.0 - sched_before.0 + sched_after.1 - sched_before.1) / secs
    );
    println!(
        "memory during ingest: peak anonymous {peak_anon} MB, peak file-backed {peak_file} MB (sampled every 20 ms)"
    );
    println!(
        "memory after ingest: anonymous {} MB, file-backed (index mmap, binary) {} MB, load average {}",
        status_mb("RssAnon:"),
        status_mb("RssFile:"),
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );

    // 3. search
    let queries = ["مفاوضات", "وزير الخارجية", "الاقتصاد", "كرة القدم", "اتفاق", "الأمم المتحدة", "مستشفى", "النفط", "انتخابات", "المياه"];
    let mut latencies = Vec::new();
    for _ in 0..20 {
        for q in queries {
            let query = model::SearchQuery { text: q.into(), limit: 10, ..Default::default() };
            let t = Instant::now();
            let r = engine.index().search(&query)?;
            latencies.push(t.elapsed());
            std::hint::black_box(r);
        }
    }
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "search: {} docs, {} queries, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        engine.index().num_docs(),
        latencies.len(),
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(*latencies.last().unwrap_or(&Duration::ZERO))
    );
    site.shutdown().await;
    Ok(())
}

fn loopback_fetch() -> fetch::FetchConfig {
    fetch::FetchConfig {
        allow_private: true,
        per_host_delay: Duration::ZERO,
        max_concurrency: 16,
        ..fetch::FetchConfig::default()
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Peak resident set size, from the kernel's own accounting.
fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| kb / 1024)
        .unwrap_or(0)
}

/// The kernel keeps only the peak of the sum (VmHWM); this samples both parts,
/// because the index's memory-mapped segments (read by merges) count in RSS but
/// are page cache the kernel can drop, while anonymous memory is the process's own.
struct PeakSampler {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<(u64, u64)>,
}

impl PeakSampler {
    fn start() -> PeakSampler {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let (mut anon, mut file) = (0, 0);
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                anon = anon.max(status_mb("RssAnon:"));
                file = file.max(status_mb("RssFile:"));
                std::thread::sleep(Duration::from_millis(20));
            }
            (anon, file)
        });
        PeakSampler { stop, thread }
    }

    fn stop(self) -> (u64, u64) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.join().unwrap_or((0, 0))
    }
}

/// Seconds all live threads spent on a CPU and runnable waiting for one
/// (/proc/self/task/*/schedstat, nanoseconds).
fn schedstat() -> (f64, f64) {
    let mut total = (0.0, 0.0);
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return total };
    for task in tasks.flatten() {
        let Ok(line) = std::fs::read_to_string(task.path().join("schedstat")) else { continue };
        let mut fields = line.split_whitespace().map(|f| f.parse::<f64>().unwrap_or(0.0));
        total.0 += fields.next().unwrap_or(0.0) / 1e9;
        total.1 += fields.next().unwrap_or(0.0) / 1e9;
    }
    total
}

/// One "kB" line of /proc/self/status, in MB.
fn status_mb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| kb / 1024)
        .unwrap_or(0)
}
