//! `marsad dates`, `marsad normalize` and `marsad stem`: what the Arabic text
//! layer makes of the text on standard input, printed for people to inspect
//! (and, for dates, as JSON lines for scripts).

use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use serde_json::json;

#[derive(clap::Args, Debug)]
pub struct DatesArgs {
    /// The date relative expressions are resolved against, usually the publication date (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE")]
    pub reference: Option<String>,
    /// One JSON object per mention (text, start, end, value, granularity, relative); start/end are character offsets
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct NormalizeArgs {
    /// Print the lossy match key (what the index compares) instead of the lossless form
    #[arg(long)]
    pub lossy: bool,
}

#[derive(clap::Args, Debug)]
pub struct StemArgs {
    /// Stem with Snowball Arabic instead of the index's stemmer (light10 extended)
    #[arg(long, conflicts_with = "light10")]
    pub snowball: bool,
    /// Stem with Lucene's light10 exactly instead of the index's stemmer
    #[arg(long)]
    pub light10: bool,
}

fn read_stdin() -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).context("reading standard input")?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn parse_reference(s: Option<&str>) -> anyhow::Result<NaiveDate> {
    match s {
        None => Ok(chrono::Local::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .with_context(|| format!("--reference must be YYYY-MM-DD, got {s:?}")),
    }
}

pub fn mention_json(m: &arabic::mentions::DateMention) -> serde_json::Value {
    json!({
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "value": m.value,
        "granularity": m.granularity.as_str(),
        "relative": m.relative,
    })
}

pub fn dates(a: DatesArgs) -> anyhow::Result<ExitCode> {
    let reference = parse_reference(a.reference.as_deref())?;
    let text = read_stdin()?;
    let mut out = std::io::stdout().lock();
    for m in arabic::mentions::find_mentions(&text, reference) {
        if a.json {
            writeln!(out, "{}", mention_json(&m))?;
        } else {
            let rel = if m.relative { " (relative)" } else { "" };
            writeln!(out, "{}..{}\t{}\t{} {}{rel}", m.start, m.end, m.text, m.value, m.granularity.as_str())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn normalize(a: NormalizeArgs) -> anyhow::Result<ExitCode> {
    let text = read_stdin()?;
    let out = if a.lossy {
        arabic::normalize::lossy(&text)
    } else {
        arabic::normalize::lossless(&text)
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    if !out.ends_with('\n') {
        stdout.write_all(b"\n")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One line per token: the token as written, its byte span, then its stem.
pub fn stem(a: StemArgs) -> anyhow::Result<ExitCode> {
    let text = read_stdin()?;
    let mut out = std::io::stdout().lock();
    for token in arabic::tokenize::tokens(&text) {
        let key = arabic::normalize::lossy(token.text);
        let key = key.trim();
        if key.is_empty() {
            continue;
        }
        let stem = if a.snowball {
            arabic::stem::snowball(key)
        } else if a.light10 {
            arabic::stem::light10(key)
        } else {
            arabic::stem::light(key)
        };
        writeln!(out, "{}\t{}\t{}..{}", token.text, stem, token.start, token.end)?;
    }
    Ok(ExitCode::SUCCESS)
}
