//! Times `SearchIndex::search` alone (no HTTP) over an existing index folder,
//! with the ten queries of `scripts/wrk-search.lua`, so that a change to
//! snippets or the analyzer can be judged by CPU time or, under valgrind, by
//! instruction count, free of the network and of wrk sharing the cores.
//!
//!   cargo run --release -p index --example search_speed -- target/bench-server-100000/index [rounds=20] [limit=20]
//!   valgrind --tool=callgrind target/release/examples/search_speed target/bench-server-100000/index 1

use std::path::PathBuf;
use std::time::Instant;

/// The queries of scripts/wrk-search.lua: one- and two-word, common and rare.
const QUERIES: &[&str] = &[
    "مفاوضات",
    "أسعار القمح",
    "الانتخابات البلدية",
    "المعابر",
    "الطاقة الشمسية",
    "موجة حر",
    "المنتخب",
    "الجامعات",
    "قروض المزارعين",
    "الرسوم الجمركية",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: search_speed <index-dir> [rounds] [limit]")?);
    let rounds: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(20);
    let limit: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(20);
    let index = index::SearchIndex::open(&dir)?;
    let mut times = Vec::with_capacity(rounds * QUERIES.len());
    let mut per_query = vec![0.0f64; QUERIES.len()];
    let mut per_query_hits = vec![0usize; QUERIES.len()];
    let mut snippet_bytes = 0usize;
    let started = Instant::now();
    for _ in 0..rounds {
        for (k, text) in QUERIES.iter().enumerate() {
            let q = model::SearchQuery { text: (*text).to_owned(), limit, ..Default::default() };
            let t = Instant::now();
            let results = index.search(&q)?;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            times.push(ms);
            per_query[k] += ms / rounds as f64;
            per_query_hits[k] = results.total;
            snippet_bytes += results.hits.iter().map(|h| h.snippet.len()).sum::<usize>();
        }
    }
    let total = started.elapsed().as_secs_f64();
    for (k, text) in QUERIES.iter().enumerate() {
        println!("{:8.2} ms mean  {:6} matches  {text}", per_query[k], per_query_hits[k]);
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    println!(
        "{} searches in {:.2} s ({:.0}/s): p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {} docs, {} snippet bytes",
        times.len(),
        total,
        times.len() as f64 / total,
        pct(0.5),
        pct(0.9),
        pct(0.99),
        pct(1.0),
        index.num_docs(),
        snippet_bytes
    );
    Ok(())
}
