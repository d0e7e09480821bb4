//! Checks bounded snippets against the full analysis on real text: reads news
//! articles as JSON lines (`title`, `text`) on stdin, indexes them in a
//! temporary folder, searches each of the first N titles' two longest words,
//! and compares every hit's snippet with what analyzing the whole body gives.
//! Reports how often a hit whose body matches got a highlighted snippet (the
//! cheap fold found the match), and whether every marked word really is a match.
//!
//!   zcat ../shared/corpus/news/ant_corpus_v1.1.jsonl.gz | cargo run --release -p index --example snippet_agreement -- 2000 300

use std::collections::HashSet;
use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let articles: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(2000);
    let queries: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(300);
    let dir = tempfile::tempdir()?;
    let index = index::SearchIndex::open(dir.path())?;
    let mut writer = index.writer()?;
    let mut titles = Vec::new();
    let mut bodies = Vec::new();
    for line in std::io::stdin().lock().lines().take(articles) {
        let value: serde_json::Value = serde_json::from_str(&line?)?;
        let (Some(title), Some(text)) = (value["title"].as_str(), value["text"].as_str()) else { continue };
        let id = bodies.len() as i64 + 1;
        let article = model::Article {
            id,
            url: format!("https://eval.example/{id}"),
            title: Some(title.to_owned()),
            paragraphs: text.split('\n').map(str::to_owned).collect(),
            ..Default::default()
        };
        writer.upsert(&article)?;
        titles.push(title.to_owned());
        bodies.push(article.text());
    }
    writer.commit()?;
    index.reload()?;

    let (mut body_matches, mut marked_in_body, mut marks, mut wrong_marks) = (0, 0, 0, 0);
    let unescape = |s: &str| s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    for title in titles.iter().take(queries) {
        // Letters only: `word:` would be query syntax (a field name).
        let mut words: Vec<String> = title
            .split_whitespace()
            .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
            .filter(|w| w.chars().count() >= 4)
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let text = words.iter().take(2).cloned().collect::<Vec<_>>().join(" ");
        let terms: HashSet<String> = arabic::index_terms(&text).into_iter().map(|t| t.0).collect();
        if terms.is_empty() {
            continue;
        }
        let query = model::SearchQuery { text: text.clone(), limit: 20, ..Default::default() };
        for hit in index.search(&query)?.hits {
            let body = &bodies[(hit.id - 1) as usize];
            let matched: HashSet<String> = arabic::index_terms(body)
                .into_iter()
                .filter(|(term, _, _)| terms.contains(term))
                .map(|(_, from, to)| body[from..to].to_owned())
                .collect();
            if matched.is_empty() {
                continue;
            }
            body_matches += 1;
            let marked: Vec<&str> =
                hit.snippet.split("<mark>").skip(1).filter_map(|part| part.split("</mark>").next()).collect();
            // From the body, not the title: its text, marks removed, is a piece of the body.
            let plain = unescape(&hit.snippet.replace("<mark>", "").replace("</mark>", ""));
            if !marked.is_empty() && body.contains(plain.trim_matches('…')) {
                marked_in_body += 1;
            }
            for word in marked {
                marks += 1;
                let word = unescape(word);
                if !matched.contains(&word) {
                    wrong_marks += 1;
                    eprintln!("marked but not a match: {word:?} for {text:?}");
                }
            }
        }
    }
    println!(
        "{} articles; hits whose body matches: {body_matches}; with a highlighted snippet from the body: {marked_in_body} ({:.2}%); marks: {marks}, not a match: {wrong_marks}",
        bodies.len(),
        100.0 * marked_in_body as f64 / body_matches.max(1) as f64
    );
    Ok(())
}
