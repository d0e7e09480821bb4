//! Extraction speed on a folder of saved pages, without the evaluation harness:
//! the quick loop for profiling (`perf record`, `valgrind --tool=callgrind`) and
//! for judging one change, since it builds in seconds where the binary takes
//! minutes. Pages are read into memory first so that only extraction is timed.
//!
//! ```sh
//! cargo run --release -p extract --example extract_speed -- DIR [REPEATS] [parse|extract]
//! ```
//! `parse` times decoding and the HTML parser alone, with a sink that only counts.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: extract_speed DIR [REPEATS] [parse|extract]");
        std::process::exit(2);
    };
    let repeats: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let mode = args.next().unwrap_or_else(|| "extract".to_owned());
    let mut pages: Vec<Vec<u8>> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir).map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    entries.sort();
    for path in entries {
        if let Ok(bytes) = std::fs::read(&path) {
            pages.push(bytes);
            names.push(path.display().to_string());
        }
    }
    if pages.is_empty() {
        eprintln!("no pages in {dir}");
        std::process::exit(2);
    }
    let mut speeds = Vec::new();
    let mut chars = 0usize;
    let mut slowest: Vec<(f64, usize)> = Vec::new();
    for _ in 0..repeats.max(1) {
        let started = Instant::now();
        chars = 0;
        slowest.clear();
        for (index, bytes) in pages.iter().enumerate() {
            let page_started = Instant::now();
            if mode == "parse" {
                let text = extract::decode(bytes, None, None).text;
                chars += extract::count_elements(&text);
            } else if let Ok(page) = extract::extract_bytes(bytes, None, None) {
                chars += page.text.len();
            }
            slowest.push((page_started.elapsed().as_secs_f64(), index));
        }
        speeds.push(pages.len() as f64 / started.elapsed().as_secs_f64().max(1e-9));
    }
    speeds.sort_by(f64::total_cmp);
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (seconds, index) in slowest.iter().take(3) {
        println!("slow: {:.1} ms {} ({} bytes)", seconds * 1000.0, names[*index], pages[*index].len());
    }
    println!("{mode}: {:.1} pages/s (median of {}; {} pages; checksum {chars})", speeds[speeds.len() / 2], speeds.len(), pages.len());
}
