//! Throughput of the text layer on a plain-text file (one or more articles):
//! normalize + tokenize + stem (`index_terms`, what the index runs) and date
//! mentions (`find_mentions`), in MB/s on one core; lossless normalization and
//! language identification per paragraph, as extraction calls them. Run in release:
//! `cargo run --release -p arabic --example speed -- FILE`.

use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: speed FILE");
        std::process::exit(2);
    };
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

    let t = Instant::now();
    let toks: usize = paragraphs.iter().map(|p| arabic::tokenize::tokens(p).len()).sum();
    println!("  tokenize alone: {:.1} MB/s ({toks} tokens)", mb / t.elapsed().as_secs_f64());
    let t = Instant::now();
    let keys: usize = paragraphs
        .iter()
        .flat_map(|p| arabic::tokenize::tokens(p))
        .map(|tok| arabic::normalize::lossy(tok.text).len())
        .sum();
    println!("  tokenize + lossy: {:.1} MB/s ({keys} key bytes)", mb / t.elapsed().as_secs_f64());

    let t = Instant::now();
    let bytes: usize = paragraphs.iter().map(|p| arabic::normalize::lossless(p).len()).sum();
    println!("  lossless per paragraph: {:.1} MB/s ({bytes} bytes out)", mb / t.elapsed().as_secs_f64());
    let t = Instant::now();
    let arabic_paragraphs = paragraphs.iter().filter(|p| arabic::lang::detect(p) == Some("ar")).count();
    println!("  lang::detect per paragraph: {:.1} MB/s ({arabic_paragraphs} of {} Arabic)", mb / t.elapsed().as_secs_f64(), paragraphs.len());

    let t = Instant::now();
    let terms: usize = paragraphs.iter().map(|p| arabic::index_terms(p).len()).sum();
    let secs = t.elapsed().as_secs_f64();
    println!("index_terms (normalize + tokenize + stem): {mb:.1} MB in {secs:.2} s = {:.1} MB/s, {terms} terms", mb / secs);

    let t = Instant::now();
    let mentions: usize = paragraphs.iter().map(|p| arabic::mentions::find_mentions(p, reference).len()).sum();
    let secs = t.elapsed().as_secs_f64();
    println!("find_mentions: {mb:.1} MB in {secs:.2} s = {:.1} MB/s, {mentions} mentions", mb / secs);
}
