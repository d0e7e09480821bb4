//! Throughput of the text layer on a plain-text file (one or more articles):
//! normalize + tokenize + stem (`index_terms`, what the index runs) and date
//! mentions (`find_mentions`), in MB/s on one core; lossless normalization and
//! language identification per paragraph, as extraction calls them. Each stage
//! runs RUNS times (default 5) and the fastest run counts, because on a shared
//! machine the slow runs measure the neighbours. Run in release:
//! `cargo run --release -p arabic --example speed -- FILE [RUNS]`.

use std::time::Instant;

/// Seconds of the fastest of `runs` calls of `f`, and what the last one returned.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut fastest = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let value = f();
        fastest = fastest.min(t.elapsed().as_secs_f64());
        last = Some(value);
    }
    (fastest, last.expect("at least one run"))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: speed FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("speed: cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let paragraphs: Vec<&str> = text.split('\n').filter(|p| !p.trim().is_empty()).collect();
    let mb = text.len() as f64 / 1_000_000.0;
    let reference = chrono::NaiveDate::from_ymd_opt(2017, 1, 20).unwrap_or_default();
    println!("{mb:.1} MB, {} paragraphs, best of {runs} runs", paragraphs.len());
    let report = |stage: &str, secs: f64, what: String| {
        println!("{stage:<44} {:>7.1} MB/s  ({what})", mb / secs);
    };

    let (secs, toks) = best(runs, || paragraphs.iter().map(|p| arabic::tokenize::tokens(p).len()).sum::<usize>());
    report("tokenize", secs, format!("{toks} tokens"));
    let (secs, bytes) = best(runs, || {
        paragraphs
            .iter()
            .flat_map(|p| arabic::tokenize::tokens(p))
            .map(|tok| arabic::normalize::lossy(tok.text).len())
            .sum::<usize>()
    });
    report("tokenize + lossy per token", secs, format!("{bytes} key bytes"));
    let (secs, bytes) = best(runs, || paragraphs.iter().map(|p| arabic::normalize::lossless(p).len()).sum::<usize>());
    report("lossless per paragraph", secs, format!("{bytes} bytes out"));
    let (secs, bytes) = best(runs, || paragraphs.iter().map(|p| arabic::normalize::lossy(p).len()).sum::<usize>());
    report("lossy per paragraph", secs, format!("{bytes} bytes out"));
    let (secs, ar) = best(runs, || paragraphs.iter().filter(|p| arabic::lang::detect(p) == Some("ar")).count());
    report("lang::detect per paragraph", secs, format!("{ar} Arabic"));
    let (secs, terms) = best(runs, || paragraphs.iter().map(|p| arabic::index_terms(p).len()).sum::<usize>());
    report("index_terms (normalize + tokenize + stem)", secs, format!("{terms} terms"));
    let (secs, terms) = best(runs, || {
        let mut n = 0;
        for p in &paragraphs {
            arabic::for_each_index_term(p, |_, _, _| n += 1);
        }
        n
    });
    report("for_each_index_term (the same, borrowed)", secs, format!("{terms} terms"));
    let (secs, terms) = best(runs, || paragraphs.iter().map(|p| arabic::index_terms_iter(p).count()).sum::<usize>());
    report("index_terms_iter (the same, borrowed)", secs, format!("{terms} terms"));
    let (secs, mentions) = best(runs, || {
        paragraphs.iter().map(|p| arabic::mentions::find_mentions(p, reference).len()).sum::<usize>()
    });
    report("find_mentions", secs, format!("{mentions} mentions"));
}
