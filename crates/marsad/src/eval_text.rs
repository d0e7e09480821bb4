//! `marsad eval dates`, `marsad eval families` and `marsad eval wojood`: quality
//! figures for the Arabic text layer on the gold sets in `crates/arabic/eval/`
//! (and on the Wojood NER sample), printed for BENCHMARKS.md. Each command can
//! fail under a floor (`--min`), so a script can use it as a gate.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use serde::Deserialize;
use serde_json::json;

#[derive(clap::Args, Debug)]
pub struct EvalDatesArgs {
    /// Gold set: JSON lines {sentence, reference, mentions:[{text, value, granularity}]}
    #[arg(default_value = "crates/arabic/eval/dates.jsonl")]
    pub file: PathBuf,
    /// Print each miss (wrong value, missed or spurious span)
    #[arg(long)]
    pub errors: bool,
    /// Print the scores as one JSON object
    #[arg(long)]
    pub json: bool,
    /// Exit with status 1 when value accuracy is below this
    #[arg(long, value_name = "FRACTION")]
    pub min: Option<f64>,
}

#[derive(clap::Args, Debug)]
pub struct EvalFamiliesArgs {
    /// Families: tab-separated lines `F<TAB>base<TAB>variant variant …` and
    /// near-misses `N<TAB>base<TAB>word word …` (words that must not match base)
    #[arg(default_value = "crates/arabic/eval/families.tsv")]
    pub file: PathBuf,
    /// Print each variant that misses and each near-miss that matches
    #[arg(long)]
    pub errors: bool,
    /// Exit with status 1 when the default stemmer's variant recall is below this
    #[arg(long, value_name = "FRACTION")]
    pub min: Option<f64>,
}

#[derive(clap::Args, Debug)]
pub struct EvalWojoodArgs {
    /// Wojood CoNLL file (token, then nested IOB tags per line; blank line between sentences)
    pub file: PathBuf,
    /// The reference date for relative expressions (Wojood has no publication dates)
    #[arg(long, default_value = "2020-01-01")]
    pub reference: String,
    /// Print each missed DATE span
    #[arg(long)]
    pub errors: bool,
}

#[derive(clap::Args, Debug)]
pub struct EvalLangidArgs {
    /// Labelled texts: tab-separated `lang<TAB>kind<TAB>text` (kind: title or paragraph)
    #[arg(default_value = "crates/arabic/eval/langid.tsv")]
    pub file: PathBuf,
    /// One JSON object per text with each detector's answer, for scripts/compare-langid.sh
    #[arg(long)]
    pub jsonl: bool,
}

#[derive(Deserialize)]
struct GoldSentence {
    sentence: String,
    reference: String,
    mentions: Vec<GoldMention>,
}

#[derive(Deserialize)]
struct GoldMention {
    text: String,
    value: String,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Character span of `needle` in `hay` at or after character `from`.
fn char_find(hay: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    let byte_from = hay.char_indices().nth(from).map_or(hay.len(), |(b, _)| b);
    let at = hay[byte_from..].find(needle)? + byte_from;
    let start = hay[..at].chars().count();
    Some((start, start + needle.chars().count()))
}

pub fn eval_dates(a: EvalDatesArgs) -> anyhow::Result<ExitCode> {
    let raw = std::fs::read_to_string(&a.file).with_context(|| format!("reading {}", a.file.display()))?;
    let (mut gold_n, mut pred_n, mut exact, mut value_ok, mut sentences) = (0, 0, 0, 0, 0);
    for (n, line) in raw.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let g: GoldSentence = serde_json::from_str(line).with_context(|| format!("{} line {}", a.file.display(), n + 1))?;
        let reference = crate::text::parse_reference(Some(&g.reference))?;
        let pred = arabic::mentions::find_mentions(&g.sentence, reference);
        sentences += 1;
        pred_n += pred.len();
        let mut from = 0;
        let mut matched = vec![false; pred.len()];
        for m in &g.mentions {
            gold_n += 1;
            let Some((s, e)) = char_find(&g.sentence, &m.text, from) else {
                bail!("{} line {}: {:?} is not in its sentence", a.file.display(), n + 1, m.text);
            };
            from = e;
            if let Some(k) = pred.iter().position(|p| p.start == s && p.end == e) {
                exact += 1;
                matched[k] = true;
            }
            // The value counts when a mention overlapping the gold span has it.
            let overlapping = pred.iter().filter(|p| p.start < e && s < p.end);
            if overlapping.clone().any(|p| p.value == m.value) {
                value_ok += 1;
            } else if a.errors {
                let got: Vec<String> = overlapping.map(|p| format!("{} = {}", p.text, p.value)).collect();
                println!("value\t{}\t{} = {}\tgot [{}]\t{}", g.reference, m.text, m.value, got.join("; "), g.sentence);
            }
            if a.errors && !pred.iter().any(|p| p.start == s && p.end == e) {
                let got: Vec<&str> = pred.iter().filter(|p| p.start < e && s < p.end).map(|p| p.text.as_str()).collect();
                println!("span\t{}\tgold {:?}\tgot {:?}", g.reference, m.text, got);
            }
        }
        if a.errors {
            for (p, _) in pred.iter().zip(&matched).filter(|(_, m)| !**m) {
                if !g.mentions.iter().any(|m| p.text.contains(&m.text) || m.text.contains(&p.text)) {
                    println!("spurious\t{}\t{} = {}\t{}", g.reference, p.text, p.value, g.sentence);
                }
            }
        }
    }
    let accuracy = ratio(value_ok, gold_n);
    let (p, r) = (ratio(exact, pred_n), ratio(exact, gold_n));
    if a.json {
        println!(
            "{}",
            json!({"sentences": sentences, "gold": gold_n, "predicted": pred_n, "value_accuracy": accuracy,
                   "span_precision": p, "span_recall": r, "span_f1": f1(p, r)})
        );
    } else {
        println!("{sentences} sentences, {gold_n} gold mentions, {pred_n} predicted");
        println!("value accuracy  {accuracy:.3}  ({value_ok}/{gold_n})");
        println!("span exact      P {p:.3}  R {r:.3}  F1 {:.3}", f1(p, r));
    }
    Ok(gate(accuracy, a.min))
}

fn gate(figure: f64, min: Option<f64>) -> ExitCode {
    match min {
        Some(floor) if figure < floor => {
            eprintln!("below the floor: {figure:.3} < {floor}");
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    }
}

struct Family {
    base: String,
    variants: Vec<String>,
    broken: Vec<String>,
    near: Vec<String>,
}

fn read_families(file: &PathBuf) -> anyhow::Result<Vec<Family>> {
    let raw = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let mut families: Vec<Family> = Vec::new();
    for (n, line) in raw.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [kind, base, words] = cols[..] else {
            bail!("{} line {}: want 3 tab-separated columns", file.display(), n + 1);
        };
        let words: Vec<String> = words.split_whitespace().map(str::to_owned).collect();
        let family = match families.iter_mut().position(|f| f.base == base) {
            Some(i) => &mut families[i],
            None => {
                families.push(Family { base: base.to_owned(), variants: Vec::new(), broken: Vec::new(), near: Vec::new() });
                families.last_mut().context("just pushed")?
            }
        };
        match kind {
            "F" => family.variants.extend(words),
            "B" => family.broken.extend(words),
            "N" => family.near.extend(words),
            other => bail!("{} line {}: kind must be F, B or N, got {other:?}", file.display(), n + 1),
        }
    }
    Ok(families)
}

/// What the index does to one word: lossy key, then the stemmer.
fn analyze(word: &str, stemmer: Stemmer) -> String {
    let key = arabic::normalize::lossy(word);
    let key = key.trim();
    match stemmer {
        Stemmer::Light => arabic::stem::light(key),
        Stemmer::Light10 => arabic::stem::light10(key),
        Stemmer::Snowball => arabic::stem::snowball(key),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stemmer {
    /// The index's default: light10 with Marsad's extensions.
    Light,
    /// Lucene's light10 exactly.
    Light10,
    Snowball,
}

pub fn eval_families(a: EvalFamiliesArgs) -> anyhow::Result<ExitCode> {
    let families = read_families(&a.file)?;
    let variants: usize = families.iter().map(|f| f.variants.len()).sum();
    let near: usize = families.iter().map(|f| f.near.len()).sum();
    let broken: usize = families.iter().map(|f| f.broken.len()).sum();
    println!("{} families, {variants} variants, {broken} broken plurals, {near} near-misses", families.len());
    println!(
        "{:<10} {:>15} {:>17} {:>18} {:>22}",
        "stemmer", "variant recall", "families whole", "false-match rate", "broken-plural recall"
    );
    let mut default_recall = 0.0;
    for (name, snowball) in [("light", Stemmer::Light), ("light10", Stemmer::Light10), ("snowball", Stemmer::Snowball)] {
        let (mut hit, mut whole, mut false_hits, mut broken_hits) = (0, 0, 0, 0);
        for f in &families {
            let base = analyze(&f.base, snowball);
            let mut all = true;
            for v in &f.variants {
                if analyze(v, snowball) == base {
                    hit += 1;
                } else {
                    all = false;
                    if a.errors {
                        println!("  {name}: miss {v} -> {} (base {} -> {base})", analyze(v, snowball), f.base);
                    }
                }
            }
            whole += usize::from(all);
            broken_hits += f.broken.iter().filter(|w| analyze(w, snowball) == base).count();
            for w in &f.near {
                if analyze(w, snowball) == base {
                    false_hits += 1;
                    if a.errors {
                        println!("  {name}: false match {w} ~ {} -> {base}", f.base);
                    }
                }
            }
        }
        let recall = ratio(hit, variants);
        if snowball == Stemmer::Light {
            default_recall = recall;
        }
        println!(
            "{name:<10} {:>15} {:>17} {:>18} {:>22}",
            format!("{recall:.3} ({hit}/{variants})"),
            format!("{whole}/{}", families.len()),
            format!("{:.3} ({false_hits}/{near})", ratio(false_hits, near)),
            format!("{:.3} ({broken_hits}/{broken})", ratio(broken_hits, broken))
        );
    }
    Ok(gate(default_recall, a.min))
}

/// DATE spans of a Wojood CoNLL file (outermost B-DATE/I-DATE runs), as
/// character spans of the sentence joined with single spaces.
pub fn eval_wojood(a: EvalWojoodArgs) -> anyhow::Result<ExitCode> {
    let reference = crate::text::parse_reference(Some(&a.reference))?;
    let raw = std::fs::read_to_string(&a.file).with_context(|| format!("reading {}", a.file.display()))?;
    let (mut gold_n, mut exact, mut overlap, mut pred_n) = (0, 0, 0, 0);
    let mut sentence: Vec<(String, bool, bool)> = Vec::new();
    let mut flush = |sentence: &mut Vec<(String, bool, bool)>| {
        if sentence.is_empty() {
            return;
        }
        let mut text = String::new();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (token, begin, inside) in sentence.iter() {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.chars().count();
            text.push_str(token);
            let end = text.chars().count();
            match spans.last_mut() {
                Some(last) if *inside && !*begin => last.1 = end,
                _ if *begin || *inside => spans.push((start, end)),
                _ => {}
            }
        }
        let pred = arabic::mentions::find_mentions(&text, reference);
        pred_n += pred.len();
        for (s, e) in spans {
            gold_n += 1;
            if pred.iter().any(|p| p.start == s && p.end == e) {
                exact += 1;
            }
            if pred.iter().any(|p| p.start < e && s < p.end) {
                overlap += 1;
            } else if a.errors {
                let g: String = text.chars().skip(s).take(e - s).collect();
                println!("missed\t{g}");
            }
        }
        sentence.clear();
    };
    for line in raw.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let Some((token, tags)) = cols.split_first() else {
            flush(&mut sentence);
            continue;
        };
        let begin = tags.contains(&"B-DATE");
        let inside = tags.contains(&"I-DATE");
        sentence.push(((*token).to_owned(), begin, inside && !begin));
    }
    flush(&mut sentence);
    println!("{gold_n} DATE spans, {pred_n} mentions found");
    println!("span recall, exact    {:.3} ({exact}/{gold_n})", ratio(exact, gold_n));
    println!("span recall, overlap  {:.3} ({overlap}/{gold_n})", ratio(overlap, gold_n));
    Ok(ExitCode::SUCCESS)
}

/// Accuracy of `arabic::lang::detect` and of whatlang alone, per kind of text.
pub fn eval_langid(a: EvalLangidArgs) -> anyhow::Result<ExitCode> {
    let raw = std::fs::read_to_string(&a.file).with_context(|| format!("reading {}", a.file.display()))?;
    // kind -> (count, marsad right, whatlang right)
    let mut buckets: Vec<(String, usize, usize, usize)> = Vec::new();
    for (n, line) in raw.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let [lang, kind, text] = line.splitn(3, '\t').collect::<Vec<_>>()[..] else {
            bail!("{} line {}: want lang<TAB>kind<TAB>text", a.file.display(), n + 1);
        };
        let marsad = arabic::lang::detect(text);
        let whatlang = arabic::lang::detect_whatlang(text);
        if a.jsonl {
            println!("{}", json!({"lang": lang, "kind": kind, "text": text, "marsad": marsad, "whatlang": whatlang}));
            continue;
        }
        let i = match buckets.iter().position(|b| b.0 == kind) {
            Some(i) => i,
            None => {
                buckets.push((kind.to_owned(), 0, 0, 0));
                buckets.len() - 1
            }
        };
        let b = &mut buckets[i];
        b.1 += 1;
        b.2 += usize::from(marsad == Some(lang));
        b.3 += usize::from(whatlang == Some(lang));
    }
    if !a.jsonl {
        println!("{:<10} {:>5} {:>8} {:>9}", "kind", "texts", "marsad", "whatlang");
        for (kind, count, m, w) in &buckets {
            println!("{kind:<10} {count:>5} {:>8.3} {:>9.3}", ratio(*m, *count), ratio(*w, *count));
        }
    }
    Ok(ExitCode::SUCCESS)
}
