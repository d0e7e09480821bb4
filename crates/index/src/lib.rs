//! The full-text search index over stored articles. It is derived data (the
//! SQLite store is the system of record) and owns exactly one folder. Every text
//! field goes through one analyzer, `arabic::index_terms`, registered in tantivy
//! as the "arabic" tokenizer, so documents and queries are normalized and stemmed
//! identically and snippets highlight the page's own spelling.

mod analyzer;
mod schema;
mod snippet;

use std::collections::BTreeSet;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, QueryParser, QueryParserError, RangeQuery,
    TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument, TantivyError, Term};

use snippet::Highlighter;

pub use analyzer::{ArabicTokenizer, TOKENIZER_NAME};
use schema::Fields;

/// Memory the writer may use before it flushes a segment.
const WRITER_HEAP_BYTES: usize = 50_000_000;
const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 100;
/// Longest query text parsed; nobody types more, and the rest is dropped.
const MAX_QUERY_CHARS: usize = 1000;
/// Deepest parenthesis nesting kept; tantivy's grammar recurses per level and
/// overflows the stack on a few thousand.
const MAX_QUERY_DEPTH: usize = 8;
/// Snippet length in characters.
const SNIPPET_CHARS: usize = 200;
/// Weight of a query word's score in the title over its score in `text`, so
/// that an article about the subject ranks above one that mentions it.
const TITLE_BOOST: f32 = 2.0;

/// Version of the terms the analyzer makes (`arabic::index_terms`). An index
/// built by another version answers queries wrongly without any error (a query's
/// stem no longer meets the stored one), so the version is written next to the
/// index and the engine rebuilds the index from the store when it differs.
/// Bump it with any change to tokenizing, normalization or stemming that changes
/// a term; `analyzer_fingerprint_is_pinned` fails until you do. Bump it too when
/// the schema changes (`schema::build`): [`SearchIndex::open`] then empties the
/// folder and the rebuild fills it.
///
/// - 1: the first marked index.
/// - 2: one `text` field (title, body, outlet) is matched; body no longer indexed alone.
pub const ANALYZER_VERSION: u32 = 2;
/// File in the index folder holding the [`ANALYZER_VERSION`] its terms were made by.
pub const ANALYZER_MARKER_FILE: &str = "analyzer-version";

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("index: cannot create folder {dir}: {source}")]
    CreateDir { dir: PathBuf, source: std::io::Error },
    #[error("index: cannot open {dir}: {source} (the index is derived data: delete the folder and run `marsad reindex`)")]
    Open { dir: PathBuf, source: TantivyError },
    #[error("index: another marsad process holds the writer lock on {dir}; stop it or wait for it to finish")]
    Locked { dir: PathBuf },
    #[error("index: cannot empty {dir}, made by another schema, for a rebuild: {source}")]
    Empty { dir: PathBuf, source: std::io::Error },
    #[error("index: cannot write {path}: {source}")]
    Marker { path: PathBuf, source: std::io::Error },
    #[error("index: bad filter: {0}")]
    BadFilter(String),
    #[error("index: {0}")]
    Tantivy(#[from] TantivyError),
}

/// A handle for searching; clones share one reader, and it is `Send + Sync`.
#[derive(Clone)]
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    dir: PathBuf,
}

/// The single writer of an index folder. Holding it holds tantivy's lock file.
pub struct ArticleWriter {
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
    dir: PathBuf,
    /// Set by [`ArticleWriter::delete_all`]: the next commit holds only
    /// documents made by this analyzer, and writes the marker.
    rebuilding: bool,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the folder and an empty index when there
    /// is none yet.
    pub fn open(dir: &Path) -> Result<SearchIndex, IndexError> {
        std::fs::create_dir_all(dir).map_err(|source| IndexError::CreateDir { dir: dir.to_owned(), source })?;
        let open_err = |source: TantivyError| IndexError::Open { dir: dir.to_owned(), source };
        let (schema, fields) = schema::build();
        let open_dir = || MmapDirectory::open(dir).map_err(|e| open_err(e.into()));
        let index = match Index::open_or_create(open_dir()?, schema.clone()) {
            // Made by a build with another schema: the index is derived data, so
            // start an empty one, marked stale for the engine to refill.
            Err(TantivyError::SchemaError(_)) => {
                empty_folder(dir)?;
                let index = Index::create(open_dir()?, schema, tantivy::IndexSettings::default()).map_err(open_err)?;
                write_marker_version(dir, 0)?;
                index
            }
            other => other.map_err(open_err)?,
        };
        index.tokenizers().register(TOKENIZER_NAME, ArabicTokenizer);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(open_err)?;
        let opened = SearchIndex { index, reader, fields, dir: dir.to_owned() };
        // An empty index holds no terms of any analyzer: it is current, and
        // every document added to it will be.
        if opened.num_docs() == 0 && opened.analyzer_version().is_none() {
            write_marker(dir)?;
        }
        Ok(opened)
    }

    /// The analyzer version written next to the index; `None` when there is
    /// none (an index from before the marker) or it cannot be read.
    pub fn analyzer_version(&self) -> Option<u32> {
        let text = std::fs::read_to_string(self.dir.join(ANALYZER_MARKER_FILE)).ok()?;
        text.trim().parse().ok()
    }

    /// True when the index's terms were made by this build's analyzer. When
    /// false, searches may miss documents: rebuild (`ArticleWriter::delete_all`,
    /// every article again, commit), as `engine::Engine::open` does.
    pub fn analyzer_is_current(&self) -> bool {
        self.analyzer_version() == Some(ANALYZER_VERSION)
    }

    /// Takes the writer lock. Only one writer may exist per folder, across processes.
    pub fn writer(&self) -> Result<ArticleWriter, IndexError> {
        match self.index.writer(WRITER_HEAP_BYTES) {
            Ok(writer) => Ok(ArticleWriter { writer, fields: self.fields, dir: self.dir.clone(), rebuilding: false }),
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) => {
                Err(IndexError::Locked { dir: self.dir.clone() })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Makes documents committed since the last reload visible now, instead of
    /// after the reader's polling delay.
    pub fn reload(&self) -> Result<(), IndexError> {
        self.reader.reload()?;
        Ok(())
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Every article id in the index, ascending, for reconciling with the store.
    pub fn ids(&self) -> Result<Vec<i64>, IndexError> {
        let searcher = self.reader.searcher();
        let mut ids = Vec::new();
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().i64(schema::ID)?;
            ids.extend(segment.doc_ids_alive().filter_map(|doc| column.first(doc)));
        }
        ids.sort_unstable();
        Ok(ids)
    }

    /// Runs a user's search. Query text is untrusted: syntax errors are forgiven
    /// (tantivy's lenient parser), only malformed filters are reported.
    pub fn search(&self, q: &model::SearchQuery) -> Result<model::SearchResults, IndexError> {
        match self.search_text(q, &tame_query(q.text.trim())) {
            // Query syntax can name fields or operators the schema cannot answer
            // (`title:*` asks for a fast field); a reader typed words, so search
            // for the words.
            Err(IndexError::Tantivy(_)) if !q.text.trim().is_empty() => self.search_text(q, &plain_words(&q.text)),
            other => other,
        }
    }

    fn search_text(&self, q: &model::SearchQuery, parser_text: &str) -> Result<model::SearchResults, IndexError> {
        let searcher = self.reader.searcher();
        let text = parser_text.trim();
        let text_query: Box<dyn Query> = if text.is_empty() {
            Box::new(AllQuery)
        } else {
            let mut parser = QueryParser::for_index(&self.index, vec![self.fields.text]);
            // News readers expect every word they type to be present.
            parser.set_conjunction_by_default();
            let (parsed, errors) = parser.parse_query_lenient(text);
            // `body:word` names a field searched through `text` since analyzer
            // version 2 (`nofield:word` none at all): search for the words, so
            // that everything `body:word` found is still found.
            let unknown_field = errors
                .iter()
                .any(|e| matches!(e, QueryParserError::FieldNotIndexed(_) | QueryParserError::FieldDoesNotExist(_)));
            if unknown_field {
                parser.parse_query_lenient(&plain_words(text)).0
            } else {
                parsed
            }
        };
        let matching = self.with_filters(text_query.box_clone(), q)?;

        let limit = match q.limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        // Past the last document there is nothing to skip to; clamping also keeps
        // offset + limit from overflowing inside the collector.
        let offset = q.offset.min(usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX));
        let by_date = q.sort_by_date || text.is_empty();
        let (total, scored): (usize, Vec<(f32, DocAddress)>) = if by_date {
            let top = TopDocs::with_limit(limit).and_offset(offset);
            let (total, docs) = searcher.search(&matching, &(Count, top.order_by_fast_field::<i64>(schema::DAY, Order::Desc)))?;
            (total, docs.into_iter().map(|(_, addr)| (0.0, addr)).collect())
        } else {
            // Alone, Count answers a one-word query from the term's document
            // frequency, and an intersection without scoring it.
            let total = searcher.search(&matching, &Count)?;
            (total, self.best_scored(&searcher, &*text_query, q, offset, limit)?)
        };

        let snippets = Snippets::new(&searcher, &*text_query, &self.fields)?;
        let mut hits = Vec::with_capacity(scored.len());
        for (score, addr) in scored {
            let doc: TantivyDocument = searcher.doc(addr)?;
            hits.push(self.hit(&doc, score, &snippets));
        }
        Ok(model::SearchResults { total, hits })
    }

    /// The page of hits by relevance: the score on `text` plus, for articles
    /// whose title holds a query word, [`TITLE_BOOST`] times the score on
    /// `title`. Exact, yet without scoring every match (a common word matches
    /// half the articles): a matching article whose title holds no query word
    /// scores what it scores on `text`, so the best of those are among the best
    /// on `text` alone, which tantivy finds by skipping blocks of postings that
    /// cannot reach the page (block-max WAND); articles whose title holds a
    /// query word are scored in full, led by the title's short posting lists.
    /// An article of the first list that is in the second gets its full score
    /// from the second; if it is not among the second's best, enough articles
    /// score above it that it falls off the page anyway.
    fn best_scored(
        &self,
        searcher: &Searcher,
        text_query: &dyn Query,
        q: &model::SearchQuery,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<(f32, DocAddress)>, IndexError> {
        let wanted = TopDocs::with_limit(offset + limit).order_by_score();
        let mut best: std::collections::HashMap<DocAddress, f32> = searcher
            .search(&self.with_filters(text_query.box_clone(), q)?, &wanted)?
            .into_iter()
            .map(|(score, addr)| (addr, score))
            .collect();
        if let Some(in_title) = self.title_boost(text_query) {
            let titled = BooleanQuery::new(vec![(Occur::Must, text_query.box_clone()), (Occur::Must, in_title)]);
            for (score, addr) in searcher.search(&self.with_filters(Box::new(titled), q)?, &wanted)? {
                best.insert(addr, score);
            }
        }
        let mut ranked: Vec<(f32, DocAddress)> = best.into_iter().map(|(addr, score)| (score, addr)).collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(ranked.into_iter().skip(offset).take(limit).collect())
    }

    /// Any of the query's words in the title, weighted by [`TITLE_BOOST`];
    /// `None` when the query has no words.
    fn title_boost(&self, matching: &dyn Query) -> Option<Box<dyn Query>> {
        let mut words: BTreeSet<Term> = BTreeSet::new();
        matching.query_terms(&mut |term, _| {
            if term.field() == self.fields.text {
                words.insert(Term::from_field_text(self.fields.title, term.value().as_str().unwrap_or_default()));
            }
        });
        if words.is_empty() {
            return None;
        }
        let in_title: Vec<(Occur, Box<dyn Query>)> = words
            .into_iter()
            .map(|term| (Occur::Should, Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)) as Box<dyn Query>))
            .collect();
        Some(Box::new(BoostQuery::new(Box::new(BooleanQuery::new(in_title)), TITLE_BOOST)))
    }

    fn with_filters(&self, text_query: Box<dyn Query>, q: &model::SearchQuery) -> Result<Box<dyn Query>, IndexError> {
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        let from = parse_day_filter("from", q.from.as_deref())?;
        let to = parse_day_filter("to", q.to.as_deref())?;
        if from.is_some() || to.is_some() {
            let bound = |day: Option<i64>| match day {
                Some(d) => Bound::Included(Term::from_field_i64(self.fields.day, d)),
                None => Bound::Unbounded,
            };
            filters.push(Box::new(RangeQuery::new(bound(from), bound(to))));
        }
        if let Some(outlet) = q.outlet.as_deref().filter(|o| !o.is_empty()) {
            let term = Term::from_field_text(self.fields.outlet, outlet);
            filters.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
        }
        if let Some(lang) = q.lang.as_deref().filter(|l| !l.is_empty()) {
            let term = Term::from_field_text(self.fields.lang, &lang.to_lowercase());
            filters.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
        }
        if filters.is_empty() {
            return Ok(text_query);
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        // Filters must not change relevance, only membership.
        clauses.extend(filters.into_iter().map(|f| (Occur::Must, Box::new(ConstScoreQuery::new(f, 0.0)) as Box<dyn Query>)));
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, snippets: &Snippets) -> model::SearchHit {
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_owned);
        model::SearchHit {
            id: doc.get_first(self.fields.id).and_then(|v| v.as_i64()).unwrap_or_default(),
            title: text(self.fields.title),
            url: text(self.fields.url).unwrap_or_default(),
            outlet: text(self.fields.outlet),
            date: text(self.fields.date),
            snippet: snippets.for_doc(doc, &self.fields),
            score,
        }
    }
}

/// Highlighters for one query: body first, title when the body has no match,
/// the opening of the body when neither does (e.g. a filter-only search).
struct Snippets {
    body: Highlighter,
    title: Highlighter,
}

impl Snippets {
    fn new(searcher: &Searcher, query: &dyn Query, fields: &Fields) -> Result<Snippets, IndexError> {
        Ok(Snippets {
            body: Highlighter::for_fields(searcher, query, &[fields.text])?,
            // `title:word` in the query text names the title field itself.
            title: Highlighter::for_fields(searcher, query, &[fields.text, fields.title])?,
        })
    }

    fn for_doc(&self, doc: &TantivyDocument, fields: &Fields) -> String {
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default();
        let body = text(fields.body);
        self.body
            .snippet(body, SNIPPET_CHARS)
            .or_else(|| self.title.snippet(text(fields.title), SNIPPET_CHARS))
            .unwrap_or_else(|| model::escape_html(&opening(body, SNIPPET_CHARS)))
    }
}

/// The query's words alone, every operator and field prefix dropped.
fn plain_words(text: &str) -> String {
    let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
    text.split_whitespace()
        // `field:value` keeps the value: the field name is syntax, not a word sought.
        .map(|token| token.rsplit(':').next().unwrap_or(token))
        .flat_map(|token| {
            token
                .chars()
                .map(|c| if c.is_alphanumeric() || arabic::normalize::is_arabic_diacritic(c) { c } else { ' ' })
                .chain(std::iter::once(' '))
        })
        .collect()
}

/// Makes untrusted query text safe for tantivy's recursive parser: cuts it to
/// [`MAX_QUERY_CHARS`] and turns parentheses beyond [`MAX_QUERY_DEPTH`] (and
/// unmatched closing ones) into spaces.
fn tame_query(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_QUERY_CHARS * 4));
    let mut depth = 0usize;
    for c in text.chars().take(MAX_QUERY_CHARS) {
        match c {
            '(' if depth >= MAX_QUERY_DEPTH => out.push(' '),
            '(' => {
                depth += 1;
                out.push(c);
            }
            ')' if depth == 0 => out.push(' '),
            ')' => {
                depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The first `max_chars` characters of `text`, cut at a word boundary.
fn opening(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max_chars) {
        None => text.to_owned(),
        Some((cut, _)) => {
            let head = &text[..cut];
            let head = head.rfind(char::is_whitespace).map_or(head, |space| &head[..space]);
            format!("{}…", head.trim_end())
        }
    }
}


/// Writes [`ANALYZER_VERSION`] to the marker file, whole or not at all (a
/// temporary file renamed over it).
fn write_marker(dir: &Path) -> Result<(), IndexError> {
    write_marker_version(dir, ANALYZER_VERSION)
}

fn write_marker_version(dir: &Path, version: u32) -> Result<(), IndexError> {
    let path = dir.join(ANALYZER_MARKER_FILE);
    let temp = dir.join(format!("{ANALYZER_MARKER_FILE}.tmp"));
    let marker_err = |source| IndexError::Marker { path: path.clone(), source };
    std::fs::write(&temp, format!("{version}\n")).map_err(marker_err)?;
    std::fs::rename(&temp, &path).map_err(marker_err)
}

/// Removes the files of an index folder (the index owns it; nothing else
/// lives there), keeping the folder.
fn empty_folder(dir: &Path) -> Result<(), IndexError> {
    let io_err = |source| IndexError::Empty { dir: dir.to_owned(), source };
    for entry in std::fs::read_dir(dir).map_err(io_err)? {
        let path = entry.map_err(io_err)?.path();
        if path.is_file() {
            std::fs::remove_file(&path).map_err(io_err)?;
        }
    }
    Ok(())
}

/// Days since 1970-01-01 for an ISO date or datetime ("2024-06-23…").
fn epoch_day(iso: &str) -> Option<i64> {
    let date = NaiveDate::parse_from_str(iso.get(..10)?, "%Y-%m-%d").ok()?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some((date - epoch).num_days())
}

fn parse_day_filter(name: &str, value: Option<&str>) -> Result<Option<i64>, IndexError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    match epoch_day(value) {
        Some(day) if value.len() == 10 => Ok(Some(day)),
        _ => Err(IndexError::BadFilter(format!("'{name}' must be a date written YYYY-MM-DD, got {value:?}"))),
    }
}

impl ArticleWriter {
    /// Replaces any document with the article's id by this article.
    pub fn upsert(&mut self, article: &model::Article) -> Result<(), IndexError> {
        let f = &self.fields;
        self.writer.delete_term(Term::from_field_i64(f.id, article.id));
        let mut doc = TantivyDocument::default();
        doc.add_i64(f.id, article.id);
        let body = article.text();
        if let Some(title) = &article.title {
            doc.add_text(f.title, title);
            doc.add_text(f.text, title);
        }
        doc.add_text(f.body, &body);
        doc.add_text(f.text, &body);
        if let Some(outlet) = &article.outlet {
            doc.add_text(f.outlet, outlet);
            // A word of the outlet's name finds its articles.
            doc.add_text(f.text, outlet);
        }
        if let Some(lang) = &article.language {
            doc.add_text(f.lang, lang.to_lowercase());
        }
        if let Some(date) = &article.date {
            doc.add_text(f.date, date);
            if let Some(day) = epoch_day(date) {
                doc.add_i64(f.day, day);
            }
        }
        doc.add_text(f.url, &article.url);
        self.writer.add_document(doc)?;
        Ok(())
    }

    /// Removes the article with this id; takes effect on commit.
    pub fn delete(&mut self, id: i64) {
        self.writer.delete_term(Term::from_field_i64(self.fields.id, id));
    }

    /// Removes every document (used before a full reindex); takes effect on
    /// commit, which then also marks the index as made by this analyzer.
    pub fn delete_all(&mut self) -> Result<(), IndexError> {
        self.writer.delete_all_documents()?;
        self.rebuilding = true;
        Ok(())
    }

    pub fn commit(&mut self) -> Result<(), IndexError> {
        self.writer.commit()?;
        // Only after the rebuilt index is committed: a crash before leaves the
        // old marker, and the next open rebuilds again.
        if std::mem::take(&mut self.rebuilding) {
            write_marker(&self.dir)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every article of `count`, from a fixed pseudo-random rule over a small
    /// vocabulary, so that words repeat in titles and bodies of every length.
    fn generated(count: i64) -> Vec<model::Article> {
        const WORDS: &[&str] = &["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"];
        let mut state = 0x2545_f491_u64;
        let mut next = move |n: usize| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as usize) % n
        };
        (1..=count)
            .map(|id| {
                let title: Vec<&str> = (0..1 + next(3)).map(|_| WORDS[next(WORDS.len())]).collect();
                let body: Vec<&str> = (0..3 + next(40)).map(|_| WORDS[next(WORDS.len())]).collect();
                model::Article {
                    id,
                    url: format!("https://news.example/{id}"),
                    title: Some(title.join(" ")),
                    paragraphs: vec![body.join(" ")],
                    ..model::Article::default()
                }
            })
            .collect()
    }

    /// The page `best_scored` returns is the page of scoring every match with
    /// the title clause optional beside the required one: same scores, and the
    /// same articles wherever scores are not tied.
    #[test]
    fn pruned_ranking_equals_scoring_every_match() {
        let dir = tempfile::tempdir().expect("tempdir");
        let index = SearchIndex::open(dir.path()).expect("open");
        let mut writer = index.writer().expect("writer");
        for (n, article) in generated(3000).iter().enumerate() {
            writer.upsert(article).expect("upsert");
            // Several segments, as a real index has.
            if n % 700 == 699 {
                writer.commit().expect("commit");
            }
        }
        writer.commit().expect("commit");
        index.reload().expect("reload");
        let searcher = index.reader.searcher();
        let parser = {
            let mut p = QueryParser::for_index(&index.index, vec![index.fields.text]);
            p.set_conjunction_by_default();
            p
        };
        let mut compared = 0;
        for text in ["alpha", "hotel", "alpha bravo", "charlie delta echo", "golf -alpha", "\"bravo charlie\""] {
            let text_query = parser.parse_query_lenient(text).0;
            let title = index.title_boost(&*text_query).expect("words");
            let every = BooleanQuery::new(vec![(Occur::Must, text_query.box_clone()), (Occur::Should, title)]);
            let mut all = searcher.search(&every, &TopDocs::with_limit(3000).order_by_score()).expect("search");
            all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let reference: std::collections::HashMap<DocAddress, f32> = all.iter().map(|(s, a)| (*a, *s)).collect();
            for (offset, limit) in [(0, 10), (0, 1), (5, 20), (40, 7)] {
                let q = model::SearchQuery { text: text.into(), ..model::SearchQuery::default() };
                let page = index.best_scored(&searcher, &*text_query, &q, offset, limit).expect("best");
                let expected: Vec<f32> = all.iter().skip(offset).take(limit).map(|(s, _)| *s).collect();
                assert_eq!(page.len(), expected.len(), "{text} {offset}+{limit}");
                for ((score, addr), want) in page.iter().zip(&expected) {
                    let true_score = reference.get(addr).copied().unwrap_or(f32::NAN);
                    assert!((score - true_score).abs() < 1e-4, "{text}: {addr:?} scored {score}, truly {true_score}");
                    assert!((score - want).abs() < 1e-4, "{text} {offset}+{limit}: {score} where {want}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 150, "{compared}");
    }
}
