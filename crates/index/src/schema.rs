//! The index schema: which article fields are searchable, filterable, sortable
//! and stored. Changing it makes old index folders unreadable: bump
//! `ANALYZER_VERSION` with it, and `SearchIndex::open` empties such a folder,
//! marked stale, for the engine to rebuild from the store.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};

use crate::analyzer::TOKENIZER_NAME;

pub(crate) const ID: &str = "id";
pub(crate) const DAY: &str = "day";

#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    /// Title, stored for display and indexed only to raise the score of
    /// articles whose title holds a query word; it never decides a match.
    pub title: Field,
    /// Body, stored only: its words are searched through `text`.
    pub body: Field,
    /// Title, body and outlet name analyzed into one field: what a search
    /// matches against. One posting list per query word instead of one per
    /// word and field keeps the matching a plain intersection of terms, which
    /// tantivy can prune (BENCHMARKS.md, "Server load (issue 6)").
    pub text: Field,
    /// Exact outlet name, for filters.
    pub outlet: Field,
    pub lang: Field,
    /// The article's ISO date as stored, for display.
    pub date: Field,
    /// Days since 1970-01-01, for range filters and date order.
    pub day: Field,
    pub url: Field,
}

pub(crate) fn build() -> (Schema, Fields) {
    let analyzed = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let analyzed_stored = TextOptions::default().set_indexing_options(analyzed.clone()).set_stored();
    let analyzed_only = TextOptions::default().set_indexing_options(analyzed);
    let numeric = NumericOptions::default().set_indexed().set_fast();

    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_i64_field(ID, numeric.clone().set_stored()),
        title: b.add_text_field("title", analyzed_stored),
        body: b.add_text_field("body", STORED),
        text: b.add_text_field("text", analyzed_only),
        outlet: b.add_text_field("outlet", STRING | STORED),
        lang: b.add_text_field("lang", STRING | STORED),
        date: b.add_text_field("date", STORED),
        day: b.add_i64_field(DAY, numeric.set_stored()),
        url: b.add_text_field("url", STORED),
    };
    (b.build(), fields)
}
