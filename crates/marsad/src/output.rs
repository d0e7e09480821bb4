//! Turning values into what a person reads in a terminal, and errors into one
//! line (or the whole cause chain with `-v`).

use std::io::IsTerminal;

use engine::IngestReport;
use model::{Article, SearchResults, SourceHealth};

pub fn print_error(err: &anyhow::Error, verbose: bool) {
    if verbose {
        eprintln!("error: {err}");
        for cause in err.chain().skip(1) {
            eprintln!("  caused by: {cause}");
        }
    } else {
        eprintln!("error: {err}");
    }
}

pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

pub fn ingest_summary(report: &IngestReport) {
    println!(
        "stored {} new article{}, {} already known, {} listing page{} skipped",
        report.new_articles,
        plural(report.new_articles),
        report.known_articles,
        report.listings,
        plural(report.listings),
    );
    for s in &report.sources {
        match &s.error {
            Some(e) => println!("  ✗ {} ({}): {e}", s.source, s.kind),
            None if s.not_modified => println!("  ✓ {} ({}): not modified", s.source, s.kind),
            None => println!("  ✓ {} ({}): {} item{}", s.source, s.kind, s.items, plural(s.items)),
        }
    }
    if !report.page_errors.is_empty() {
        println!("{} page{} failed:", report.page_errors.len(), plural(report.page_errors.len() as u64));
        for (url, reason) in report.page_errors.iter().take(20) {
            println!("  ✗ {url}: {reason}");
        }
        if report.page_errors.len() > 20 {
            println!("  … and {} more (use --json for all)", report.page_errors.len() - 20);
        }
    }
}

pub fn sources_table(sources: &[SourceHealth]) {
    if sources.is_empty() {
        println!("no sources yet: add some with `marsad ingest URL`");
        return;
    }
    for s in sources {
        let http = s.http_status.map(|h| h.to_string()).unwrap_or_else(|| "-".into());
        println!(
            "{:<7} {:>3}  items {:>5}  articles {:>5}  {}",
            s.status, http, s.items_seen, s.articles, s.url
        );
        if let Some(e) = &s.last_error {
            println!("        last error: {e}");
        }
        println!(
            "        last success: {}",
            s.last_success.as_deref().unwrap_or("never")
        );
        // Crawler health (issue 5): counts, schedule and what is not a failure.
        println!(
            "        failures {} ({} in a row), 304s {}, next try {}{}",
            s.failures,
            s.consecutive_failures,
            s.not_modified,
            s.next_poll.as_deref().unwrap_or("when asked"),
            if s.etag_untrusted { ", ETag untrusted: always fetched in full" } else { "" }
        );
        if let Some(note) = &s.note {
            println!("        note: {note}");
        }
    }
}

pub fn search_results(results: &SearchResults) {
    let color = std::io::stdout().is_terminal();
    println!("{} result{}", results.total, plural(results.total as u64));
    for hit in &results.hits {
        println!();
        println!(
            "[{}] {}",
            hit.id,
            hit.title.as_deref().unwrap_or("(untitled)")
        );
        let meta: Vec<&str> = [hit.outlet.as_deref(), hit.date.as_deref()].into_iter().flatten().collect();
        if !meta.is_empty() {
            println!("    {}", meta.join(" · "));
        }
        println!("    {}", hit.url);
        println!("    {}", snippet_for_terminal(&hit.snippet, color));
    }
}

pub fn article(a: &Article) {
    println!("{}", a.title.as_deref().unwrap_or("(untitled)"));
    let meta: Vec<&str> = [a.outlet.as_deref(), a.date.as_deref(), a.author.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !meta.is_empty() {
        println!("{}", meta.join(" · "));
    }
    println!("{}", a.url);
    println!();
    for p in &a.paragraphs {
        println!("{p}");
        println!();
    }
    if let Some(caption) = &a.image_caption {
        println!("[image: {caption}]");
    }
}

/// Snippets arrive HTML-escaped with `<mark>` around matches (they are made for
/// pages); a terminal gets bold instead, or brackets when piped.
fn snippet_for_terminal(snippet: &str, color: bool) -> String {
    let (open, close) = if color { ("\x1b[1m", "\x1b[0m") } else { ("[", "]") };
    unescape_html(&snippet.replace("<mark>", open).replace("</mark>", close))
}

fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_become_brackets_when_piped() {
        assert_eq!(
            snippet_for_terminal("بدأت <mark>المفاوضات</mark> &amp; انتهت", false),
            "بدأت [المفاوضات] & انتهت"
        );
    }
}
