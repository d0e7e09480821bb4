//! The Arabic text layer: normalization, tokenization, light stemming, language
//! detection and date parsing for news text. Everything here is pure (no I/O), so
//! the extractor, the index and the CLI all see words and dates the same way.

mod chars;
pub mod dates;
pub mod lang;
pub mod mentions;
pub mod normalize;
/// The straightforward versions of the fast paths, for differential tests and
/// fuzzing only.
#[doc(hidden)]
pub mod reference;
pub mod stem;
pub mod tokenize;

use std::borrow::Cow;

/// True when the token contains a letter of the Arabic script, which is what
/// decides whether it is stemmed.
fn has_arabic_letter(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{0870}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}') && chars::is_alphabetic(c))
}

/// The one analyzer pipeline shared by indexing and querying: tokens, then the
/// lossy match key, then [`stem::light`] (light10 extended, see its doc) for
/// Arabic-script words (Latin words are only
/// lowercased, numbers only get ASCII digits). Each term carries the byte span of
/// its token in `text`, so highlights land on the page's own spelling. Tokens that
/// normalize to nothing (a lone tatweel or diacritic) are dropped.
pub fn index_terms(text: &str) -> Vec<(String, usize, usize)> {
    // News text averages a term per 10-12 bytes; reserving for one per 8
    // spares the vector's regrowth on long articles.
    let mut terms = Vec::with_capacity(text.len() / 8 + 1);
    for_each_index_term(text, |term, start, end| terms.push((term.to_owned(), start, end)));
    terms
}

/// [`index_terms`] as an iterator whose terms borrow from `text` when they can:
/// a token that is its own key and keeps its stem as a slice (most words of
/// news text) costs no allocation. For a pull-based search tokenizer, which
/// cannot take [`for_each_index_term`]'s callback.
pub fn index_terms_iter(text: &str) -> impl Iterator<Item = (Cow<'_, str>, usize, usize)> + '_ {
    let opts = normalize::LossyOptions::default();
    tokenize::tokens(text).into_iter().filter_map(move |token| {
        let key: Cow<'_, str> = if normalize::is_own_key(token.text, &opts) {
            Cow::Borrowed(token.text)
        } else {
            Cow::Owned(normalize::lossy_with(token.text, &opts))
        };
        let term = match key {
            Cow::Borrowed(k) => {
                let k = k.trim();
                if k.is_empty() {
                    return None;
                }
                if has_arabic_letter(k) {
                    stem::light_cow(k)
                } else {
                    Cow::Borrowed(k)
                }
            }
            Cow::Owned(k) => {
                let trimmed = k.trim();
                if trimmed.is_empty() {
                    return None;
                }
                if has_arabic_letter(trimmed) {
                    Cow::Owned(stem::light(trimmed))
                } else {
                    Cow::Owned(trimmed.to_owned())
                }
            }
        };
        Some((term, token.start, token.end))
    })
}

/// [`index_terms`] one term at a time, borrowed: nothing is allocated for a
/// term that is a slice of the text (most are), so a search tokenizer that
/// copies each term into its own buffer pays for no string per word.
pub fn for_each_index_term(text: &str, mut f: impl FnMut(&str, usize, usize)) {
    // One key buffer for every token: the key is only a step to the term.
    let mut buf = String::new();
    let opts = normalize::LossyOptions::default();
    for token in tokenize::tokens(text) {
        let key = normalize::lossy_ref(token.text, &opts, &mut buf).trim();
        if key.is_empty() {
            continue;
        }
        if has_arabic_letter(key) {
            f(&stem::light_cow(key), token.start, token.end);
        } else {
            f(key, token.start, token.end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_terms_pipeline() {
        let text = "بدأت المُفاوَضات في Geneva يوم ٢٣ حول 3.5٪ ـ";
        let terms = index_terms(text);
        let words: Vec<&str> = terms.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(words, vec!["بد", "مفاوض", "في", "geneva", "يوم", "23", "حول", "3.5"]);
        for (_, start, end) in &terms {
            assert!(text.is_char_boundary(*start) && text.is_char_boundary(*end));
        }
        let (_, s, e) = &terms[1];
        assert_eq!(&text[*s..*e], "المُفاوَضات");
        let mut borrowed = Vec::new();
        for_each_index_term(text, |t, s, e| borrowed.push((t.to_owned(), s, e)));
        assert_eq!(borrowed, terms);
        let iterated: Vec<(String, usize, usize)> = index_terms_iter(text).map(|(t, s, e)| (t.into_owned(), s, e)).collect();
        assert_eq!(iterated, terms);
    }

    #[test]
    fn query_and_document_meet() {
        let doc: Vec<String> = index_terms("وبالمفاوضات للمفاوضات والمفاوضات")
            .into_iter()
            .map(|t| t.0)
            .collect();
        let query = index_terms("مفاوضات");
        assert_eq!(query.len(), 1);
        assert!(doc[1..].iter().all(|t| *t == query[0].0), "{doc:?}");
    }
}
