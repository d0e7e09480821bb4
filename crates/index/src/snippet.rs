//! Highlighted snippets whose cost does not grow with the article's length.
//!
//! Tantivy's `SnippetGenerator` runs the whole field through the analyzer for
//! every hit; with the Arabic analyzer (tokenize, lossy-normalize, stem each
//! word) that made snippets most of a search's time, growing with hits × body
//! length (BENCHMARKS.md, "Server load (issue 6)"). Here the analyzer only
//! confirms: a cheap pass folds the text the way `arabic::normalize::lossy`
//! folds one character at a time and looks for each query term there (a stem is
//! a piece of its word's lossy form, since light stemming only cuts affixes),
//! then only the words around those places are analyzed, to keep exactly the
//! words the index matched. Work per hit is capped by [`MAX_SCAN_BYTES`] and
//! [`MAX_WORDS_ANALYZED`], so a book-length page costs what a short one does.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::OnceLock;

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Bytes of a field searched for the query's words. A news article's first
/// 64 KiB hold its lead and most of its body; a match beyond gets the title or
/// the opening instead of a highlight.
const MAX_SCAN_BYTES: usize = 64 * 1024;
/// Words around candidate places run through the analyzer per field and hit.
/// Short stems (حر) occur inside many other words (الحرب); each candidate costs
/// one word's analysis, so this bounds the work even on such queries.
const MAX_WORDS_ANALYZED: usize = 48;
/// Characters of context kept before the first highlighted word, so that a
/// snippet does not start on the match itself.
const LEAD_CHARS: usize = 40;
/// Characters below this code point are folded through a table built once from
/// `arabic::normalize::lossy`; it covers Latin, Arabic and its supplements.
const TABLE_CHARS: usize = 0x900;

/// The terms one query looks for in one field, weighted as tantivy's snippet
/// generator weighs them (rarer terms count more), with what to look for in
/// folded text.
pub(crate) struct Highlighter {
    terms: HashMap<String, f32>,
    probes: Vec<String>,
}

/// A confirmed match: byte range in the original text and its term's weight.
#[derive(Debug, Clone, PartialEq)]
struct Hit {
    range: Range<usize>,
    weight: f32,
}

impl Highlighter {
    /// The query's terms in `fields`, with document frequencies from `searcher`.
    pub(crate) fn for_fields(searcher: &Searcher, query: &dyn Query, fields: &[Field]) -> tantivy::Result<Highlighter> {
        let mut found: BTreeSet<Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if fields.contains(&term.field()) {
                found.insert(term.clone());
            }
        });
        let mut terms = HashMap::new();
        for term in found {
            let Some(text) = term.value().as_str().map(str::to_owned) else {
                continue;
            };
            let doc_freq = searcher.doc_freq(&term)?;
            if doc_freq > 0 {
                terms.insert(text, 1.0 / (1.0 + doc_freq as f32));
            }
        }
        Ok(Highlighter::new(terms))
    }

    pub(crate) fn new(terms: HashMap<String, f32>) -> Highlighter {
        let mut probes: Vec<String> = terms
            .keys()
            .map(|term| {
                // The stemmer may write back a teh marbuta it had cut with a
                // pronoun (حكومته → حكومة); the letters before it are in the word.
                let probe = term.strip_suffix('ة').filter(|rest| !rest.is_empty()).unwrap_or(term);
                probe.to_owned()
            })
            .collect();
        probes.sort();
        probes.dedup();
        Highlighter { terms, probes }
    }

    /// The best fragment of `text` of at most `max_chars` characters as HTML:
    /// escaped, with every matched word in `<mark>`, and `…` where text was cut.
    /// `None` when none of the query's words is found.
    pub(crate) fn snippet(&self, text: &str, max_chars: usize) -> Option<String> {
        if self.probes.is_empty() {
            return None;
        }
        let hits = self.hits(text);
        let fragment = best_fragment(text, &hits, max_chars)?;
        Some(render(text, fragment, &hits))
    }

    /// Matched words in text order, found through the folded text and each
    /// confirmed by the analyzer.
    fn hits(&self, text: &str) -> Vec<Hit> {
        let scan = &text[..floor_char_boundary(text, MAX_SCAN_BYTES)];
        let folded = Folded::new(scan);
        let mut places: Vec<usize> = Vec::new();
        for probe in &self.probes {
            places.extend(folded.text.match_indices(probe.as_str()).map(|(at, _)| folded.origin[at]));
        }
        places.sort_unstable();
        places.dedup();

        let mut hits = Vec::new();
        let mut analyzed_up_to = 0;
        let mut analyzed = 0;
        for place in places {
            if place < analyzed_up_to {
                continue;
            }
            if analyzed == MAX_WORDS_ANALYZED {
                break;
            }
            analyzed += 1;
            let word = word_around(scan, place);
            analyzed_up_to = word.end;
            for (term, from, to) in arabic::index_terms(&scan[word.clone()]) {
                if let Some(&weight) = self.terms.get(&term) {
                    hits.push(Hit { range: word.start + from..word.start + to, weight });
                }
            }
        }
        hits
    }
}

/// The window with the largest total weight of hits: each hit in turn starts a
/// window of `max_chars` characters (less the lead); ties go to the earliest.
fn best_fragment(text: &str, hits: &[Hit], max_chars: usize) -> Option<Range<usize>> {
    let mut best: Option<(f32, usize)> = None;
    for (i, anchor) in hits.iter().enumerate() {
        let limit = advance_chars(text, anchor.range.start, max_chars.saturating_sub(LEAD_CHARS).max(1));
        let score: f32 = hits[i..].iter().take_while(|h| h.range.end <= limit).map(|h| h.weight).sum();
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    let anchor = &hits[best?.1];
    // Start up to LEAD_CHARS before the match, at the start of a word.
    let mut start = retreat_chars(text, anchor.range.start, LEAD_CHARS);
    if start > 0 {
        start = text[start..anchor.range.start]
            .find(char::is_whitespace)
            .map_or(anchor.range.start, |space| start + space);
    }
    let start = start + (text[start..].len() - text[start..].trim_start().len());
    let mut end = advance_chars(text, start, max_chars);
    if end < text.len() {
        // End at a word boundary, keeping the anchor whole.
        if let Some(space) = text[anchor.range.end..end].rfind(char::is_whitespace) {
            end = anchor.range.end + space;
        }
        end = end.max(anchor.range.end);
    }
    Some(start..end)
}

fn render(text: &str, fragment: Range<usize>, hits: &[Hit]) -> String {
    let mut html = String::with_capacity(fragment.len() + 32);
    if fragment.start > 0 {
        html.push('…');
    }
    let mut at = fragment.start;
    for hit in hits.iter().filter(|h| h.range.start >= fragment.start && h.range.end <= fragment.end) {
        if hit.range.start < at {
            continue;
        }
        html.push_str(&model::escape_html(&text[at..hit.range.start]));
        html.push_str("<mark>");
        html.push_str(&model::escape_html(&text[hit.range.clone()]));
        html.push_str("</mark>");
        at = hit.range.end;
    }
    html.push_str(&model::escape_html(text[at..fragment.end].trim_end()));
    if fragment.end < text.len() {
        html.push('…');
    }
    html
}

/// Text folded character by character as `arabic::normalize::lossy` folds it,
/// with, for every byte of the folded text, the offset of the original
/// character it came from.
struct Folded {
    text: String,
    origin: Vec<usize>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let table = fold_table();
        let mut folded = Folded { text: String::with_capacity(text.len()), origin: Vec::with_capacity(text.len()) };
        let mut wide;
        for (at, c) in text.char_indices() {
            let piece: &str = match table.get(c as usize) {
                Some(piece) => piece,
                None => {
                    wide = arabic::normalize::lossy(c.encode_utf8(&mut [0; 4]));
                    &wide
                }
            };
            folded.text.push_str(piece);
            folded.origin.extend(std::iter::repeat_n(at, piece.len()));
        }
        folded
    }
}

/// `lossy` of each character below [`TABLE_CHARS`], computed once from the
/// analyzer itself so that the two cannot drift apart. Whitespace stays one
/// space, so words stay apart.
fn fold_table() -> &'static [String] {
    static TABLE: OnceLock<Vec<String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..TABLE_CHARS as u32)
            .map(|code| match char::from_u32(code) {
                Some(c) if c.is_whitespace() => " ".to_owned(),
                Some(c) => arabic::normalize::lossy(c.encode_utf8(&mut [0; 4])),
                None => String::new(),
            })
            .collect()
    })
}

/// The whitespace-delimited stretch of `text` around byte `at`; the analyzer
/// then splits it into words as it did when indexing.
fn word_around(text: &str, at: usize) -> Range<usize> {
    let start = text[..at].rfind(char::is_whitespace).map_or(0, |space| space + text[space..].chars().next().map_or(1, char::len_utf8));
    let end = text[at..].find(char::is_whitespace).map_or(text.len(), |space| at + space);
    start..end
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

/// Byte offset `n` characters after `from` (or the end).
fn advance_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..].char_indices().nth(n).map_or(text.len(), |(i, _)| from + i)
}

/// Byte offset `n` characters before `from` (or the start).
fn retreat_chars(text: &str, from: usize, n: usize) -> usize {
    text[..from].char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A highlighter for the analyzer's terms of `query`, all weighted alike.
    fn highlighter(query: &str) -> Highlighter {
        Highlighter::new(arabic::index_terms(query).into_iter().map(|(term, _, _)| (term, 1.0)).collect())
    }

    fn check(query: &str, text: &str, max_chars: usize, expect: Option<&str>) {
        assert_eq!(highlighter(query).snippet(text, max_chars).as_deref(), expect, "query {query:?} in {text:?}");
    }

    #[test]
    fn marks_every_form_the_index_matched() {
        check(
            "مفاوضات",
            "بدأت المُفاوَضات أمس، وبالمفاوضات نفسها «للمفاوضات» خُتم اليوم.",
            200,
            Some("بدأت <mark>المُفاوَضات</mark> أمس، <mark>وبالمفاوضات</mark> نفسها «<mark>للمفاوضات</mark>» خُتم اليوم."),
        );
        // Hamza seats, alef maqsura and Latin case fold as the index folds them.
        check("اسعار", "ارتفعت أسعار القمح", 200, Some("ارتفعت <mark>أسعار</mark> القمح"));
        check("geneva", "talks in GENEVA today", 200, Some("talks in <mark>GENEVA</mark> today"));
        check("2024", "في عام ٢٠٢٤ تغير كل شيء", 200, Some("في عام <mark>٢٠٢٤</mark> تغير كل شيء"));
    }

    #[test]
    fn a_stem_inside_another_word_is_not_marked() {
        // حر is in الحرب and الحرارة, which are other words to the analyzer.
        check("حر", "اندلعت الحرب وارتفعت الحرارة", 200, None);
        check("موجة حر", "اندلعت الحرب ثم جاءت موجة حر شديدة", 200, Some("اندلعت الحرب ثم جاءت <mark>موجة</mark> <mark>حر</mark> شديدة"));
    }

    #[test]
    fn teh_marbuta_written_back_by_the_stemmer_is_found() {
        let terms = arabic::index_terms("حكومته");
        assert_eq!(terms.len(), 1);
        check("حكومته", "قالت حكومته إن القرار نهائي", 200, Some("قالت <mark>حكومته</mark> إن القرار نهائي"));
    }

    #[test]
    fn long_text_is_cut_around_the_best_place_at_word_boundaries() {
        let filler = "كلام عام لا يخص البحث في شيء. ".repeat(40);
        let text = format!("{filler}أعلنت الوزارة أن أسعار القمح ارتفعت هذا الأسبوع. {filler}أسعار فقط.");
        let snippet = highlighter("أسعار القمح").snippet(&text, 80).expect("a snippet");
        assert!(snippet.starts_with('…') && snippet.ends_with('…'), "{snippet}");
        // The window holding both words wins over the later one holding one.
        assert!(snippet.contains("<mark>أسعار</mark> <mark>القمح</mark>"), "{snippet}");
        let plain = snippet.replace("<mark>", "").replace("</mark>", "");
        let inner = plain.trim_matches('…');
        assert!(inner.chars().count() <= 80, "{inner}");
        let at = text.find(inner).expect("the snippet is a piece of the text");
        assert!(text[..at].ends_with(' ') && text[at + inner.len()..].starts_with(' '), "cut inside a word: {inner}");
    }

    #[test]
    fn page_text_is_escaped() {
        check("oil", "<b>Oil</b> & gas", 200, Some("&lt;b&gt;<mark>Oil</mark>&lt;/b&gt; &amp; gas"));
    }

    #[test]
    fn work_is_bounded_for_huge_texts() {
        // A match only past the scanned prefix gives no snippet (the caller
        // falls back to the title), rather than a scan of the whole text.
        let text = format!("{}مفاوضات", "ا ".repeat(MAX_SCAN_BYTES));
        check("مفاوضات", &text, 200, None);
        // Many near-misses before the match: at most MAX_WORDS_ANALYZED words.
        let text = format!("{}حر", "الحرب ".repeat(MAX_WORDS_ANALYZED + 5));
        check("حر", &text, 200, None);
    }

    #[test]
    fn fold_table_agrees_with_lossy_on_whole_words() {
        for word in ["المُفاوَضات", "أحمد", "إلى", "مؤتمر", "رئيس", "کتاب", "٢٠٢٤", "Gaza", "مـــدرســـة"] {
            assert_eq!(Folded::new(word).text, arabic::normalize::lossy(word), "{word}");
        }
    }
}
