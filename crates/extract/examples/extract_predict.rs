//! Predictions for a gold set in the reference scorer's JSONL format, from pages
//! already unpacked to `<id>.html`: lets a change to the extractor be scored on
//! every set (and its outputs diffed page by page) after a build of this crate
//! alone. `marsad eval extract` is the command of record; this is the quick loop.
//!
//! ```sh
//! cargo run --release -p extract --example extract_predict -- ../shared/corpus/extraction/naeb /tmp/naeb-html > naeb.jsonl
//! python3 ../shared/tools/score_extract.py ../shared/corpus/extraction/naeb naeb.jsonl
//! ```
//!
//! `--all` after the two folders prints the whole `Extracted` record instead (every
//! field: canonical URL, outlet, image, agency, subtitle, tags …), the check that a
//! speed change left every output byte-identical.

use serde_json::{json, Value};
use std::io::Write;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let all = args.last().is_some_and(|a| a == "--all");
    if all {
        args.pop();
    }
    let [set, pages] = &args[..] else {
        eprintln!("usage: extract_predict SET_DIR UNPACKED_DIR [--all] > predictions.jsonl");
        std::process::exit(2);
    };
    let gold = std::fs::read_to_string(format!("{set}/gold.jsonl")).unwrap_or_default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in gold.lines() {
        let Ok(row) = serde_json::from_str::<Value>(line) else { continue };
        let id = row["id"].as_str().unwrap_or_default();
        let url = row["url"].as_str();
        let bytes = std::fs::read(format!("{pages}/{id}.html")).unwrap_or_default();
        let e = match extract::extract_bytes(&bytes, None, url) {
            Ok(e) => e,
            Err(error) if all => {
                let _ = writeln!(out, "{}", json!({ "id": id, "error": error.to_string() }));
                continue;
            }
            Err(_) => Default::default(),
        };
        if all {
            let _ = writeln!(out, "{}", json!({ "id": id, "extracted": e }));
            continue;
        }
        let prediction = json!({
            "id": id, "title": e.title, "text": e.paragraphs.join("\n"), "date": e.date,
            "author": e.author, "kind": e.kind.as_str(), "language": e.language,
        });
        let _ = writeln!(out, "{prediction}");
    }
}
