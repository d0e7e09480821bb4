//! Extraction scoring, ported line for line from the reference scorer
//! `tools/score_extract.py` of the shared evaluation corpus: body bag-of-tokens
//! precision/recall/F1 (macro over pages), snippet recall and leak, exact titles,
//! dates on their first ten characters, authors compared as sorted name parts, and
//! listing detection. Where Python and Rust string functions differ (whitespace,
//! `\w`, `casefold`), the Python meaning is rebuilt here, because the point of this
//! module is that its figures equal the reference's.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;
use unicode_general_category::{get_general_category, GeneralCategory as G};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("evaluate: {source_name}:{line}: bad JSON: {message}")]
    BadJson { source_name: String, line: usize, message: String },
}

/// One page of a set's `gold.jsonl`. Fields the scorer does not read are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldPage {
    pub id: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub with: Option<Vec<String>>,
    #[serde(default)]
    pub without: Option<Vec<String>>,
    #[serde(default)]
    pub date: Option<String>,
    /// A string in every set so far; kept as JSON because the scorer also accepts lists.
    #[serde(default)]
    pub author: Value,
    #[serde(default)]
    pub kind: Option<String>,
}

/// One extractor output row, as the reference scorer reads it: any JSON values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prediction {
    pub id: String,
    pub title: Value,
    pub text: Value,
    pub date: Value,
    pub author: Value,
    /// `None` when the row has no "kind" key at all (the scorer then skips listings).
    pub kind: Option<Value>,
}

impl Prediction {
    /// Reads a row the way the scorer does: `str(r.get('id'))`, other keys as given.
    pub fn from_json(row: &Value) -> Prediction {
        let get = |k: &str| row.get(k).cloned().unwrap_or(Value::Null);
        let id = match row.get("id") {
            Some(Value::String(s)) => s.clone(),
            None | Some(Value::Null) => "None".to_owned(),
            Some(other) => other.to_string(),
        };
        Prediction { id, title: get("title"), text: get("text"), date: get("date"), author: get("author"), kind: row.get("kind").cloned() }
    }
}

/// Parses `gold.jsonl` text; `source_name` only labels errors.
pub fn parse_gold(jsonl: &str, source_name: &str) -> Result<Vec<GoldPage>, EvalError> {
    parse_lines(jsonl, source_name, |v| serde_json::from_value::<GoldPage>(v).map_err(|e| e.to_string()))
}

/// Parses a predictions JSONL file's text.
pub fn parse_predictions(jsonl: &str, source_name: &str) -> Result<Vec<Prediction>, EvalError> {
    parse_lines(jsonl, source_name, |v| Ok(Prediction::from_json(&v)))
}

fn parse_lines<T>(jsonl: &str, source_name: &str, make: impl Fn(Value) -> Result<T, String>) -> Result<Vec<T>, EvalError> {
    let mut rows = Vec::new();
    for (i, line) in jsonl.split('\n').enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| EvalError::BadJson { source_name: source_name.to_owned(), line: i + 1, message };
        let value: Value = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        rows.push(make(value).map_err(bad)?);
    }
    Ok(rows)
}

// ---------------------------------------------------------------- Python string semantics

/// Python's `str.isspace()`, which `str.split()`, `str.strip()` and `re`'s `\s` use:
/// Unicode White_Space plus the four information separators U+001C..U+001F.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1C}'..='\u{1F}').contains(&c)
}

/// Python `re`'s `\w` on str patterns: letters, digits and other numbers, underscore.
fn py_word(c: char) -> bool {
    c == '_'
        || matches!(
            get_general_category(c),
            G::UppercaseLetter | G::LowercaseLetter | G::TitlecaseLetter | G::ModifierLetter | G::OtherLetter | G::DecimalNumber | G::LetterNumber | G::OtherNumber
        )
}

/// Unicode general category P* (punctuation) or S* (symbols).
fn punct_or_symbol(c: char) -> bool {
    matches!(
        get_general_category(c),
        G::ConnectorPunctuation
            | G::DashPunctuation
            | G::OpenPunctuation
            | G::ClosePunctuation
            | G::InitialPunctuation
            | G::FinalPunctuation
            | G::OtherPunctuation
            | G::MathSymbol
            | G::CurrencySymbol
            | G::ModifierSymbol
            | G::OtherSymbol
    )
}

/// `re.sub(r'\s+', ' ', s).strip()`.
fn collapse_ws(s: &str) -> String {
    s.split(py_space).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// `str.casefold()` for the characters where it differs from lowercasing in text
/// that names people; everything else is lowercased.
fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'ς' => out.push('σ'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn nfkc(s: &str) -> String {
    s.nfkc().collect()
}

// ---------------------------------------------------------------- the measures

/// The scorer's tokens: NFKC, lowercase, split on whitespace, delete every P*/S*
/// character inside each token, drop empty tokens.
pub fn tokens(s: &str) -> Vec<String> {
    let lowered = nfkc(s).to_lowercase();
    lowered
        .split(py_space)
        .map(|t| t.chars().filter(|&c| !punct_or_symbol(c)).collect::<String>())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Precision, recall, F1 of one page's output against its gold text; `None` when the
/// gold has no token (the page is not body-scored).
pub fn body_prf(pred: &str, gold: &str) -> Option<(f64, f64, f64)> {
    let mut gold_counts: HashMap<String, usize> = HashMap::new();
    let gold_tokens = tokens(gold);
    if gold_tokens.is_empty() {
        return None;
    }
    for t in &gold_tokens {
        *gold_counts.entry(t.clone()).or_default() += 1;
    }
    let pred_tokens = tokens(pred);
    if pred_tokens.is_empty() {
        return Some((0.0, 0.0, 0.0));
    }
    let mut pred_counts: HashMap<&str, usize> = HashMap::new();
    for t in &pred_tokens {
        *pred_counts.entry(t.as_str()).or_default() += 1;
    }
    let overlap: usize = pred_counts.iter().map(|(t, &n)| n.min(gold_counts.get(*t).copied().unwrap_or(0))).sum();
    let p = overlap as f64 / pred_tokens.len() as f64;
    let r = overlap as f64 / gold_tokens.len() as f64;
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    Some((p, r, f1))
}

/// Snippet normalization: NFKC, whitespace runs to one space, stripped; case kept.
fn snippet_norm(s: &str) -> String {
    collapse_ws(&nfkc(s))
}

/// (with found, with total, without found, without total) for one page.
pub fn snippet_counts(with: &[String], without: &[String], pred_text: &str) -> [usize; 4] {
    let out = snippet_norm(pred_text);
    let count = |list: &[String]| {
        let normed: Vec<String> = list.iter().map(|x| snippet_norm(x)).filter(|x| !x.is_empty()).collect();
        (normed.iter().filter(|x| out.contains(x.as_str())).count(), normed.len())
    };
    let (wf, wn) = count(with);
    let (of, on) = count(without);
    [wf, wn, of, on]
}

/// Exact title match after whitespace collapsing (no case folding, no NFKC).
pub fn title_eq(pred: Option<&str>, gold: &str) -> bool {
    collapse_ws(pred.unwrap_or("")) == collapse_ws(gold)
}

/// The output's date counts when its first ten characters (after stripping) are the gold day.
pub fn date_eq(pred: &Value, gold: &str) -> bool {
    match pred {
        Value::String(s) => s.trim_matches(py_space).chars().take(10).collect::<String>() == gold,
        _ => false,
    }
}

/// Split on `[;,،|&]` and on the word "and" (any case, between non-word characters).
fn split_author(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, ';' | ',' | '،' | '|' | '&') {
            parts.push(std::mem::take(&mut current));
            i += 1;
            continue;
        }
        let is_and = i + 3 <= chars.len()
            && chars[i..i + 3].iter().zip("and".chars()).all(|(a, b)| a.to_lowercase().eq(std::iter::once(b)))
            && (i == 0 || !py_word(chars[i - 1]))
            && (i + 3 == chars.len() || !py_word(chars[i + 3]));
        if is_and {
            parts.push(std::mem::take(&mut current));
            i += 3;
            continue;
        }
        current.push(c);
        i += 1;
    }
    parts.push(current);
    parts
}

/// The scorer's author key: parts NFKC'd, stripped of all whitespace, casefolded,
/// empties dropped, sorted. `None` for values that are neither a string nor a list.
pub fn author_key(author: &Value) -> Option<Vec<String>> {
    let joined = match author {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(py_str).collect::<Vec<_>>().join("; "),
        _ => return None,
    };
    let mut parts: Vec<String> = split_author(&joined)
        .iter()
        .map(|p| casefold(&nfkc(p).chars().filter(|&c| !py_space(c)).collect::<String>()))
        .filter(|p| !p.is_empty())
        .collect();
    parts.sort();
    Some(parts)
}

/// `str(x)` for the JSON values an author list may hold.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        other => other.to_string(),
    }
}

pub fn author_eq(pred: &Value, gold: &Value) -> bool {
    match author_key(pred) {
        Some(k) if !k.is_empty() => Some(k) == author_key(gold),
        _ => false,
    }
}

// ---------------------------------------------------------------- one set

/// Which fields any output row carries (a date-only tool is not body-scored).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Carried {
    pub text: bool,
    pub title: bool,
    pub date: bool,
    pub author: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct BodyScore {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub f1_median: f64,
}

/// What was measured on one page; `None` where the page's gold has no such field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageScore {
    pub id: String,
    pub body: Option<(f64, f64, f64)>,
    pub snippets: Option<[usize; 4]>,
    pub title_ok: Option<bool>,
    pub date_ok: Option<bool>,
    pub author_ok: Option<bool>,
    /// For gold listings: whether the output said "listing".
    pub listing_ok: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetScore {
    pub pages: usize,
    pub outputs: usize,
    pub missing: usize,
    pub empty: usize,
    pub extra_ids: usize,
    pub body: Option<BodyScore>,
    /// Snippet counts on pages whose gold text is null: [with found, with, without found, without].
    pub snippets_null: [usize; 4],
    /// The same over every page with snippets.
    pub snippets_all: [usize; 4],
    pub title: (usize, usize),
    pub date: (usize, usize),
    pub author: (usize, usize),
    /// (listings said listing, gold listings, articles said listing)
    pub listing: (usize, usize, usize),
    pub has_kind: bool,
    pub carried: Carried,
    pub per_page: Vec<PageScore>,
}

fn non_empty(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => true,
    }
}

fn as_text(v: &Value) -> &str {
    match v {
        Value::String(s) => s,
        _ => "",
    }
}

/// Scores one set's outputs, exactly as `score_set` of the reference scorer does.
pub fn score_set(gold: &[GoldPage], predictions: &[Prediction]) -> SetScore {
    let mut preds: HashMap<&str, &Prediction> = HashMap::new();
    for p in predictions {
        preds.insert(p.id.as_str(), p);
    }
    let gold_ids: std::collections::HashSet<&str> = gold.iter().map(|g| g.id.as_str()).collect();
    let carried = Carried {
        text: preds.values().any(|p| non_empty(&p.text)),
        title: preds.values().any(|p| non_empty(&p.title)),
        date: preds.values().any(|p| non_empty(&p.date)),
        author: preds.values().any(|p| non_empty(&p.author)),
    };
    let has_kind = preds.values().any(|p| p.kind.is_some());
    let empty_prediction = Prediction::default();
    let mut s = SetScore { pages: gold.len(), outputs: preds.len(), has_kind, carried, ..SetScore::default() };
    s.extra_ids = preds.keys().filter(|k| !gold_ids.contains(*k)).count();
    let mut body = Vec::new();
    for g in gold {
        let p = match preds.get(g.id.as_str()) {
            Some(p) => *p,
            None => {
                s.missing += 1;
                &empty_prediction
            }
        };
        let text = as_text(&p.text);
        if text.trim_matches(py_space).is_empty() {
            s.empty += 1;
        }
        let mut page = PageScore { id: g.id.clone(), ..PageScore::default() };
        if let Some(gold_text) = g.text.as_deref().filter(|t| !t.is_empty()) {
            if carried.text {
                if let Some(prf) = body_prf(text, gold_text) {
                    body.push(prf);
                    page.body = Some(prf);
                }
            }
        }
        let with = g.with.as_deref().unwrap_or(&[]);
        let without = g.without.as_deref().unwrap_or(&[]);
        if (!with.is_empty() || !without.is_empty()) && carried.text {
            let c = snippet_counts(with, without, text);
            let null_text = g.text.as_deref().is_none_or(str::is_empty);
            for i in 0..4 {
                s.snippets_all[i] += c[i];
                if null_text {
                    s.snippets_null[i] += c[i];
                }
            }
            page.snippets = Some(c);
        }
        if let Some(t) = g.title.as_deref().filter(|t| !t.is_empty()) {
            let ok = title_eq(p.title.as_str(), t);
            s.title.1 += 1;
            s.title.0 += usize::from(ok);
            page.title_ok = Some(ok);
        }
        if let Some(d) = g.date.as_deref().filter(|d| !d.is_empty()) {
            let ok = date_eq(&p.date, d);
            s.date.1 += 1;
            s.date.0 += usize::from(ok);
            page.date_ok = Some(ok);
        }
        if non_empty(&g.author) {
            let ok = author_eq(&p.author, &g.author);
            s.author.1 += 1;
            s.author.0 += usize::from(ok);
            page.author_ok = Some(ok);
        }
        let said_listing = p.kind.as_ref().and_then(Value::as_str) == Some("listing");
        if g.kind.as_deref() == Some("listing") {
            s.listing.1 += 1;
            let ok = has_kind && said_listing;
            s.listing.0 += usize::from(ok);
            page.listing_ok = Some(ok);
        } else if has_kind && said_listing {
            s.listing.2 += 1;
        }
        s.per_page.push(page);
    }
    if !body.is_empty() {
        let n = body.len() as f64;
        let mut f1s: Vec<f64> = body.iter().map(|b| b.2).collect();
        f1s.sort_by(f64::total_cmp);
        let mid = f1s.len() / 2;
        let median = if f1s.len() % 2 == 1 { f1s[mid] } else { (f1s[mid - 1] + f1s[mid]) / 2.0 };
        s.body = Some(BodyScore {
            pages: body.len(),
            precision: body.iter().map(|b| b.0).sum::<f64>() / n,
            recall: body.iter().map(|b| b.1).sum::<f64>() / n,
            f1: body.iter().map(|b| b.2).sum::<f64>() / n,
            f1_median: median,
        });
    }
    s
}

fn frac(k: usize, n: usize) -> String {
    if n == 0 {
        "n/a (no gold)".to_owned()
    } else {
        format!("{k}/{n} = {:.3}", k as f64 / n as f64)
    }
}

/// The scorer's printed block for one set (its `print_set`), so the two can be diffed.
pub fn report(name: &str, label: &str, s: &SetScore) -> String {
    let mut out = format!("== {name}  ({label})\n");
    out += &format!("  pages {}  outputs {}  missing {}  empty-text {}", s.pages, s.outputs, s.missing, s.empty);
    if s.extra_ids > 0 {
        out += &format!("  ids-not-in-gold {}", s.extra_ids);
    }
    out.push('\n');
    match &s.body {
        Some(b) => {
            out += &format!(
                "  body   P {:.3}  R {:.3}  F1 {:.3}  (median F1 {:.3}; {} pages with gold text)\n",
                b.precision, b.recall, b.f1, b.f1_median, b.pages
            )
        }
        None if !s.carried.text => out += "  body   n/a (no output carries text: body and snippets not scored)\n",
        None => out += "  body   n/a (no page with gold text)\n",
    }
    let [wf, wn, of, on] = s.snippets_null;
    if wn > 0 || on > 0 {
        out += &format!("  snippets (text-null pages)  recall {}  leak {}\n", frac(wf, wn), frac(of, on));
    }
    let [wf2, wn2, of2, on2] = s.snippets_all;
    if (wn2, on2) != (wn, on) && (wn2 > 0 || on2 > 0) {
        out += &format!("  snippets (all pages)        recall {}  leak {}\n", frac(wf2, wn2), frac(of2, on2));
    }
    let note = |has: bool, f: &str| if has { String::new() } else { format!("  (outputs carry no {f})") };
    out += &format!("  title  exact {}{}\n", frac(s.title.0, s.title.1), note(s.carried.title, "title"));
    out += &format!("  date   {}{}\n", frac(s.date.0, s.date.1), note(s.carried.date, "date"));
    out += &format!("  author {}{}\n", frac(s.author.0, s.author.1), note(s.carried.author, "author"));
    let (hit, n, false_alarm) = s.listing;
    if n > 0 || s.has_kind {
        if s.has_kind {
            out += &format!("  listing  said-listing {hit}/{n}  (article pages called listing: {false_alarm})\n");
        } else {
            out += &format!("  listing  {n} listing pages; outputs carry no 'kind'\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tokens_drop_punctuation_inside_words_and_fold_case() {
        // Quotes glued to the Arabic conjunction, Latin case, NFKC of a ligature, a dash alone.
        assert_eq!(tokens("و\"الجيل و”الجيل Hello, ﬁne — x"), vec!["والجيل", "والجيل", "hello", "fine", "x"]);
        // U+001F is whitespace to Python's str.split().
        assert_eq!(tokens("a\u{1F}b"), vec!["a", "b"]);
        assert!(tokens(" ... ").is_empty());
    }

    #[test]
    fn body_prf_is_a_multiset_overlap() {
        let (p, r, f) = body_prf("a a b c", "a b b").unwrap_or_default();
        // overlap = min(2,1) + min(1,2) = 2
        assert!((p - 0.5).abs() < 1e-12);
        assert!((r - 2.0 / 3.0).abs() < 1e-12);
        assert!((f - 2.0 * 0.5 * (2.0 / 3.0) / (0.5 + 2.0 / 3.0)).abs() < 1e-12);
        assert_eq!(body_prf("", "a"), Some((0.0, 0.0, 0.0)));
        assert_eq!(body_prf("a", "!!"), None);
    }

    #[test]
    fn snippets_keep_case_and_collapse_whitespace() {
        let with = vec!["Hello   world".to_owned(), "  ".to_owned()];
        let without = vec!["hello".to_owned()];
        assert_eq!(snippet_counts(&with, &without, "say Hello\nworld"), [1, 1, 0, 1]);
    }

    #[test]
    fn titles_dates_and_authors_compare_like_the_reference() {
        assert!(title_eq(Some(" عنوان   الخبر "), "عنوان الخبر"));
        assert!(!title_eq(Some("Title"), "title"));
        assert!(title_eq(None, "") && !title_eq(None, "x"));
        assert!(date_eq(&json!("2024-03-03T13:52:13Z"), "2024-03-03"));
        assert!(!date_eq(&json!(20240303), "2024-03-03"));
        assert!(author_eq(&json!("Ralph D. Russo, Bob Ferrante"), &json!("ralph d. russo; BOB FERRANTE")));
        assert!(author_eq(&json!(["B", "A"]), &json!("a and b")));
        // "and" inside a word does not split it.
        assert!(!author_eq(&json!("Sandy"), &json!("S; y")));
        assert!(author_eq(&json!("محمد علي، سارة"), &json!("سارة ، محمدعلي")));
        assert!(!author_eq(&json!(""), &json!("")));
        assert!(!author_eq(&Value::Null, &json!("x")));
        assert_eq!(author_key(&json!("Straße")), Some(vec!["strasse".to_owned()]));
    }

    #[test]
    fn a_set_is_scored_page_by_page() {
        let gold = parse_gold(
            concat!(
                r#"{"id":"a","text":"one two three","title":"T","date":"2024-01-02","author":"X","kind":"article"}"#,
                "\n",
                r#"{"id":"b","text":null,"with":["keep me"],"without":["drop me"],"kind":"article"}"#,
                "\n\n",
                r#"{"id":"c","kind":"listing"}"#,
                "\n"
            ),
            "gold",
        )
        .unwrap_or_default();
        let preds = parse_predictions(
            concat!(
                r#"{"id":"a","text":"one two","title":"T","date":"2024-01-02T10:00","author":"x","kind":"article"}"#,
                "\n",
                r#"{"id":"b","text":"keep me and drop me","kind":"listing"}"#,
                "\n",
                r#"{"id":"z","text":"extra"}"#
            ),
            "pred",
        )
        .unwrap_or_default();
        let s = score_set(&gold, &preds);
        assert_eq!((s.pages, s.outputs, s.missing, s.empty, s.extra_ids), (3, 3, 1, 1, 1));
        let body = s.body.clone().unwrap_or_default();
        assert_eq!(body.pages, 1);
        assert!((body.precision - 1.0).abs() < 1e-12 && (body.recall - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.snippets_null, [1, 1, 1, 1]);
        assert_eq!((s.title, s.date, s.author), ((1, 1), (1, 1), (1, 1)));
        assert_eq!(s.listing, (0, 1, 1));
        let printed = report("set", "pred", &s);
        assert!(printed.contains("body   P 1.000  R 0.667  F1 0.800"), "{printed}");
        assert!(printed.contains("listing  said-listing 0/1  (article pages called listing: 1)"), "{printed}");
    }

    #[test]
    fn bad_json_names_the_line() {
        let err = parse_gold("{\"id\":\"a\"}\n{oops", "gold.jsonl").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.starts_with("evaluate: gold.jsonl:2: bad JSON"), "{err}");
    }
}
