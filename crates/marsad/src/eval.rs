//! `marsad eval extract SET_DIR...`: extraction quality and speed on gold sets in
//! the shared corpus format (`gold.jsonl` + `html/<id>.html.gz`). Pages go through
//! the same `extract::extract_bytes` as ingest, bytes as stored (our own decoding),
//! and are scored by `evaluate::extraction`, a port of the reference scorer, so the
//! figures printed here equal what `score_extract.py` prints on `--predictions`.
//! This is a benchmark and a gate (`--min-f1`), not a test: the sets are not in
//! the repository.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Subcommand;
use evaluate::extraction::{self, GoldPage, Prediction, SetScore};
use serde_json::{json, Value};

#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub what: EvalWhat,
}

#[derive(Subcommand, Debug)]
pub enum EvalWhat {
    /// Score extraction on gold sets (SET_DIR/gold.jsonl + SET_DIR/html/*.html.gz)
    Extract(EvalExtractArgs),
    /// Score date mentions on a gold set: value accuracy, exact-span P/R/F1
    Dates(crate::eval_text::EvalDatesArgs),
    /// Score stemmers on word families: variant recall and false matches, light10 and Snowball
    Families(crate::eval_text::EvalFamiliesArgs),
    /// Span recall of date mentions on the DATE spans of a Wojood CoNLL file
    Wojood(crate::eval_text::EvalWojoodArgs),
    /// Language identification accuracy per text length, Marsad's detector and whatlang
    Langid(crate::eval_text::EvalLangidArgs),
}

#[derive(clap::Args, Debug)]
pub struct EvalExtractArgs {
    /// Print one JSON object per set instead of the report
    #[arg(long)]
    pub json: bool,
    /// Write {id,title,text,date,author,kind} rows here for the reference scorer;
    /// with several sets, the set name is put before the extension (out.SET.jsonl)
    #[arg(long, value_name = "OUT.jsonl")]
    pub predictions: Option<PathBuf>,
    /// Exit 1 when a set's body F1 is below this floor
    #[arg(long, value_name = "F1")]
    pub min_f1: Option<f64>,
    /// Extract every set this many times and report the median speed
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub repeats: usize,
    /// Set folders, e.g. ../shared/corpus/extraction/arabic-dev
    #[arg(required = true, value_name = "SET_DIR")]
    pub sets: Vec<PathBuf>,
}

pub fn run(a: EvalArgs) -> anyhow::Result<ExitCode> {
    match a.what {
        EvalWhat::Extract(a) => eval_extract(a),
        EvalWhat::Dates(a) => crate::eval_text::eval_dates(a),
        EvalWhat::Families(a) => crate::eval_text::eval_families(a),
        EvalWhat::Wojood(a) => crate::eval_text::eval_wojood(a),
        EvalWhat::Langid(a) => crate::eval_text::eval_langid(a),
    }
}

fn eval_extract(a: EvalExtractArgs) -> anyhow::Result<ExitCode> {
    let several = a.sets.len() > 1;
    let mut below_floor = Vec::new();
    let mut f1s = Vec::new();
    for set_dir in &a.sets {
        let name = set_name(set_dir);
        let gold = load_gold(set_dir)?;
        let (predictions, pages_per_s) = extract_set(set_dir, &gold, a.repeats.max(1)).with_context(|| format!("set {}", set_dir.display()))?;
        let label = match &a.predictions {
            Some(out) => {
                let path = if several { with_set_name(out, &name) } else { out.clone() };
                write_predictions(&path, &predictions).with_context(|| format!("cannot write {}", path.display()))?;
                path.display().to_string()
            }
            None => "marsad".to_owned(),
        };
        let score = extraction::score_set(&gold, &predictions);
        if let Some(b) = &score.body {
            f1s.push(b.f1);
            if a.min_f1.is_some_and(|floor| b.f1 < floor) {
                below_floor.push(format!("{name}: body F1 {:.3}", b.f1));
            }
        }
        if a.json {
            println!("{}", serde_json::to_string(&set_json(&name, &score, pages_per_s))?);
        } else {
            print!("{}", extraction::report(&name, &label, &score));
            println!("  speed  {pages_per_s:.1} pages/s ({} pages, one core, decoding included)", gold.len());
        }
    }
    if !a.json {
        if !f1s.is_empty() {
            println!("overall body F1 {:.3}", f1s.iter().sum::<f64>() / f1s.len() as f64);
        }
        if let Some(kb) = peak_rss_kb() {
            println!("peak memory {:.1} MB", kb as f64 / 1024.0);
        }
    }
    if let (Some(floor), false) = (a.min_f1, below_floor.is_empty()) {
        eprintln!("error: body F1 below the floor {floor:.3}: {}", below_floor.join(", "));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn set_name(dir: &Path) -> String {
    dir.canonicalize()
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| dir.display().to_string())
}

fn with_set_name(out: &Path, name: &str) -> PathBuf {
    let stem = out.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = out.extension().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "jsonl".into());
    out.with_file_name(format!("{stem}.{name}.{ext}"))
}

fn load_gold(dir: &Path) -> anyhow::Result<Vec<GoldPage>> {
    let gold_path = dir.join("gold.jsonl");
    let text = std::fs::read_to_string(&gold_path).with_context(|| format!("cannot read {}", gold_path.display()))?;
    Ok(extraction::parse_gold(&text, &gold_path.display().to_string())?)
}

/// A page's bytes, unpacked.
fn read_page(dir: &Path, id: &str) -> anyhow::Result<Vec<u8>> {
    let path = dir.join("html").join(format!("{id}.html.gz"));
    let file = std::fs::File::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file).read_to_end(&mut bytes).with_context(|| format!("cannot unpack {}", path.display()))?;
    Ok(bytes)
}

/// Unpacked pages held at once while timing: the peers' harness holds the whole set
/// in memory before it starts its clock, and so do we, a batch at a time, so that
/// unpacking the next file never runs between two timed pages (it would evict the
/// extractor's tables from the cache) while memory stays bounded on large sets.
const TIMED_BATCH_BYTES: usize = 8 << 20;

/// Extracts every page `repeats` times; the rows come from the first run, the speed
/// is the median over runs of pages / seconds spent inside extraction (reading and
/// unpacking the files is not timed).
fn extract_set(dir: &Path, gold: &[GoldPage], repeats: usize) -> anyhow::Result<(Vec<Prediction>, f64)> {
    let mut rows = Vec::with_capacity(gold.len());
    let mut seconds = vec![0.0_f64; repeats];
    let mut pages = gold.iter().peekable();
    while pages.peek().is_some() {
        let mut batch = Vec::new();
        let mut batch_bytes = 0;
        while batch_bytes < TIMED_BATCH_BYTES {
            let Some(page) = pages.next() else { break };
            let bytes = read_page(dir, &page.id)?;
            batch_bytes += bytes.len();
            batch.push((page, bytes));
        }
        for (run, total) in seconds.iter_mut().enumerate() {
            for (page, bytes) in &batch {
                let started = Instant::now();
                let result = extract::extract_bytes(bytes, None, page.url.as_deref());
                *total += started.elapsed().as_secs_f64();
                if run == 0 {
                    rows.push(prediction(&page.id, result.ok()));
                }
            }
        }
    }
    let mut speeds: Vec<f64> = seconds.iter().map(|s| gold.len() as f64 / s.max(1e-9)).collect();
    speeds.sort_by(f64::total_cmp);
    Ok((rows, speeds[speeds.len() / 2]))
}

/// A failed page (empty, binary) is an empty article, as a peer's crash would be.
fn prediction(id: &str, extracted: Option<model::Extracted>) -> Prediction {
    let e = extracted.unwrap_or_default();
    let opt = |s: Option<String>| s.map(Value::String).unwrap_or(Value::Null);
    Prediction {
        id: id.to_owned(),
        title: opt(e.title),
        text: Value::String(e.paragraphs.join("\n")),
        date: opt(e.date),
        author: opt(e.author),
        kind: Some(Value::String(e.kind.as_str().to_owned())),
    }
}

fn write_predictions(path: &Path, rows: &[Prediction]) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for r in rows {
        let row = json!({"id": r.id, "title": r.title, "text": r.text, "date": r.date, "author": r.author, "kind": r.kind});
        writeln!(out, "{}", serde_json::to_string(&row)?)?;
    }
    out.flush()?;
    Ok(())
}

fn set_json(name: &str, s: &SetScore, pages_per_s: f64) -> Value {
    let ratio = |(k, n): (usize, usize)| json!({"ok": k, "of": n});
    json!({
        "set": name,
        "pages": s.pages,
        "body": s.body.as_ref().map(|b| json!({"pages": b.pages, "precision": b.precision, "recall": b.recall, "f1": b.f1, "f1_median": b.f1_median})),
        "snippets_text_null": {"with_found": s.snippets_null[0], "with": s.snippets_null[1], "without_found": s.snippets_null[2], "without": s.snippets_null[3]},
        "snippets_all": {"with_found": s.snippets_all[0], "with": s.snippets_all[1], "without_found": s.snippets_all[2], "without": s.snippets_all[3]},
        "title": ratio(s.title),
        "date": ratio(s.date),
        "author": ratio(s.author),
        "listing": {"said_listing": s.listing.0, "of": s.listing.1, "articles_called_listing": s.listing.2},
        "pages_per_s": pages_per_s,
    })
}

/// Peak resident memory of this process (Linux), for the memory target.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
