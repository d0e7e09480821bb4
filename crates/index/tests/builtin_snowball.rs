//! Why the index carries its own analyzer: tantivy's built-in Snowball Arabic
//! stemmer does not make a bare plural meet its form with the article.

use tantivy::collector::Count;
use tantivy::query::QueryParser;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};
use tantivy::{doc, Index};

fn snowball_terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

#[test]
fn builtin_snowball_arabic_does_not_conflate_the_article() {
    let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::Arabic))
        .build();
    let bare = snowball_terms(&mut analyzer, "مفاوضات");
    let with_article = snowball_terms(&mut analyzer, "المفاوضات");
    assert_eq!(bare.len(), 1);
    assert_ne!(bare, with_article, "snowball now conflates them: revisit the analyzer choice");

    // The same thing seen as a search: the query finds nothing.
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer("snowball_ar")
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let body = builder.add_text_field("body", TextOptions::default().set_indexing_options(indexing));
    let index = Index::create_in_ram(builder.build());
    index.tokenizers().register("snowball_ar", analyzer);
    let mut writer = index.writer_with_num_threads(1, 15_000_000).expect("writer");
    writer.add_document(doc!(body => "استؤنفت المفاوضات أمس")).expect("add");
    writer.commit().expect("commit");
    let searcher = index.reader().expect("reader").searcher();
    let query = QueryParser::for_index(&index, vec![body]).parse_query("مفاوضات").expect("parse");
    assert_eq!(searcher.search(&query, &Count).expect("search"), 0);
}
