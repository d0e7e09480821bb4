//! Search behaviour against a real tantivy index in a temporary folder: Arabic
//! clitic and diacritic forms meet, snippets mark the page's own words, filters
//! and paging hold, and hostile query text never errors.

use index::{IndexError, SearchIndex};
use model::{Article, SearchQuery};

fn article(id: i64, title: &str, body: &str, outlet: &str, date: &str, lang: &str) -> Article {
    Article {
        id,
        url: format!("https://news.example/{id}"),
        title: Some(title.to_owned()),
        date: Some(date.to_owned()),
        outlet: Some(outlet.to_owned()),
        language: Some(lang.to_owned()),
        paragraphs: body.split('\n').map(str::to_owned).collect(),
        ..Article::default()
    }
}

/// Each body carries one form of "negotiations" (or a look-alike) among filler
/// words of its own.
fn corpus() -> Vec<Article> {
    vec![
        article(1, "أخبار الصباح", "استؤنفت المفاوضات بين الطرفين أمس في العاصمة", "صحيفة الشرق", "2024-06-20", "ar"),
        article(2, "تقرير", "الوفد يتمسك بمواقفه والمفاوضات متعثرة منذ أسبوع", "صحيفة الغرب", "2024-06-21T09:00:00+03:00", "ar"),
        article(3, "مقابلة", "رحب الوزير بالمفاوضات الجارية وقال إنها جادة", "صحيفة الشرق", "2024-06-22", "ar"),
        article(4, "بيان", "دعا البيان للمفاوضات المباشرة دون شروط مسبقة", "إذاعة الوسط", "2024-06-23", "ar"),
        article(5, "تحليل", "تناول الكاتب المُفاوَضات الأخيرة بالتفصيل", "إذاعة الوسط", "2024-06-24", "ar"),
        article(6, "فوضى", "عمت الفوضى شوارع المدينة بعد انقطاع الكهرباء", "صحيفة الغرب", "2024-06-25", "ar"),
        article(7, "Markets", "Oil prices rose on Monday <b>sharply</b> & steadily", "Wire Service", "2024-05-01", "en"),
    ]
}

fn indexed(articles: &[Article]) -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = SearchIndex::open(&dir.path().join("index")).expect("open");
    let mut writer = index.writer().expect("writer");
    for a in articles {
        writer.upsert(a).expect("upsert");
    }
    writer.commit().expect("commit");
    index.reload().expect("reload");
    (dir, index)
}

fn query(text: &str) -> SearchQuery {
    SearchQuery { text: text.to_owned(), ..SearchQuery::default() }
}

fn ids_of(index: &SearchIndex, q: &SearchQuery) -> Vec<i64> {
    let mut ids: Vec<i64> = index.search(q).expect("search").hits.iter().map(|h| h.id).collect();
    ids.sort_unstable();
    ids
}

#[test]
fn bare_word_finds_every_clitic_and_diacritic_form() {
    let (_dir, index) = indexed(&corpus());
    assert_eq!(ids_of(&index, &query("مفاوضات")), vec![1, 2, 3, 4, 5]);
    // And the other way round: a prefixed, vowelled query finds the bare forms.
    assert_eq!(ids_of(&index, &query("بالمُفاوَضات")), vec![1, 2, 3, 4, 5]);
}

/// Regression: with analyzer version 2 the body is searched through the
/// combined `text` field, so `body:` names a field that is not indexed; the
/// words are searched instead of nothing being found.
#[test]
fn field_syntax_for_the_body_still_finds_the_words() {
    let (_dir, index) = indexed(&corpus());
    assert_eq!(ids_of(&index, &query("body:مفاوضات")), vec![1, 2, 3, 4, 5]);
    assert_eq!(ids_of(&index, &query("title:markets")), vec![7]);
}

#[test]
fn near_miss_does_not_match() {
    let (_dir, index) = indexed(&corpus());
    let chaos = ids_of(&index, &query("فوضى"));
    assert_eq!(chaos, vec![6]);
    assert!(!ids_of(&index, &query("مفاوضات")).contains(&6));
}

#[test]
fn snippet_marks_the_pages_own_word() {
    let (_dir, index) = indexed(&corpus());
    let results = index.search(&query("مفاوضات")).expect("search");
    let snippet_of = |id: i64| {
        results.hits.iter().find(|h| h.id == id).map(|h| h.snippet.clone()).unwrap_or_default()
    };
    assert!(snippet_of(5).contains("<mark>المُفاوَضات</mark>"), "{}", snippet_of(5));
    assert!(snippet_of(3).contains("<mark>بالمفاوضات</mark>"), "{}", snippet_of(3));
    assert!(snippet_of(2).contains("<mark>والمفاوضات</mark>"), "{}", snippet_of(2));
}

#[test]
fn snippet_escapes_html_and_falls_back() {
    let (_dir, index) = indexed(&corpus());
    let hit = &index.search(&query("oil")).expect("search").hits[0];
    assert!(hit.snippet.contains("<mark>Oil</mark>"), "{}", hit.snippet);
    assert!(hit.snippet.contains("&lt;b&gt;") && hit.snippet.contains("&amp;"), "{}", hit.snippet);
    assert!(!hit.snippet.contains("<b>"));

    // Title-only match: the snippet comes from the title.
    let title_hit = &index.search(&query("markets")).expect("search").hits[0];
    assert_eq!(title_hit.snippet, "<mark>Markets</mark>");

    // Filter-only search: the opening of the body, escaped, without marks.
    let q = SearchQuery { outlet: Some("Wire Service".into()), ..SearchQuery::default() };
    let plain = &index.search(&q).expect("search").hits[0];
    assert!(plain.snippet.starts_with("Oil prices rose"), "{}", plain.snippet);
    assert!(!plain.snippet.contains("<mark>") && plain.snippet.contains("&lt;b&gt;"));
}

#[test]
fn filters_by_outlet_lang_and_dates() {
    let (_dir, index) = indexed(&corpus());
    let mut q = query("مفاوضات");
    q.outlet = Some("صحيفة الشرق".into());
    assert_eq!(ids_of(&index, &q), vec![1, 3]);

    let mut q = query("مفاوضات");
    q.from = Some("2024-06-21".into());
    q.to = Some("2024-06-23".into());
    assert_eq!(ids_of(&index, &q), vec![2, 3, 4]);

    let q = SearchQuery { lang: Some("EN".into()), ..SearchQuery::default() };
    assert_eq!(ids_of(&index, &q), vec![7]);

    let q = SearchQuery { to: Some("2024-06-01".into()), ..SearchQuery::default() };
    assert_eq!(ids_of(&index, &q), vec![7]);

    // A word of the outlet's name is searchable, the exact filter needs the full name.
    assert_eq!(ids_of(&index, &query("إذاعة")), vec![4, 5]);
    let q = SearchQuery { outlet: Some("إذاعة".into()), ..SearchQuery::default() };
    assert!(ids_of(&index, &q).is_empty());
}

#[test]
fn bad_dates_are_reported() {
    let (_dir, index) = indexed(&corpus());
    for bad in ["yesterday", "2024-13-01", "23-06-2024", "2024-06-23T10:00"] {
        let q = SearchQuery { from: Some(bad.into()), ..query("مفاوضات") };
        match index.search(&q) {
            Err(IndexError::BadFilter(msg)) => assert!(msg.contains("YYYY-MM-DD"), "{msg}"),
            other => panic!("{bad}: expected BadFilter, got {:?}", other.map(|r| r.total)),
        }
    }
    let err = index.search(&SearchQuery { to: Some("x".into()), ..SearchQuery::default() }).err();
    assert!(err.is_some_and(|e| e.to_string().starts_with("index: bad filter: 'to'")));
}

#[test]
fn empty_query_lists_newest_first_and_pages() {
    let (_dir, index) = indexed(&corpus());
    let all = index.search(&SearchQuery::default()).expect("search");
    assert_eq!(all.total, 7);
    let order: Vec<i64> = all.hits.iter().map(|h| h.id).collect();
    assert_eq!(order, vec![6, 5, 4, 3, 2, 1, 7]);

    let page = index.search(&SearchQuery { limit: 2, offset: 2, ..SearchQuery::default() }).expect("search");
    assert_eq!(page.total, 7);
    assert_eq!(page.hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![4, 3]);

    let far = index.search(&SearchQuery { offset: usize::MAX, ..SearchQuery::default() }).expect("search");
    assert_eq!(far.total, 7);
    assert!(far.hits.is_empty());

    let mut sorted = query("مفاوضات");
    sorted.sort_by_date = true;
    let hits = index.search(&sorted).expect("search").hits;
    assert_eq!(hits.iter().map(|h| h.id).collect::<Vec<_>>(), vec![5, 4, 3, 2, 1]);
    assert_eq!(hits[3].date.as_deref(), Some("2024-06-21T09:00:00+03:00"));
    assert_eq!(hits[0].url, "https://news.example/5");
    assert_eq!(hits[0].outlet.as_deref(), Some("إذاعة الوسط"));
}

#[test]
fn limit_defaults_and_caps() {
    let many: Vec<Article> = (1..=130)
        .map(|i| article(i, "عنوان", &format!("نص رقم {i} عن المفاوضات"), "منفذ", "2024-01-01", "ar"))
        .collect();
    let (_dir, index) = indexed(&many);
    let default = index.search(&query("مفاوضات")).expect("search");
    assert_eq!((default.total, default.hits.len()), (130, 10));
    let capped = index.search(&SearchQuery { limit: 1000, ..query("مفاوضات") }).expect("search");
    assert_eq!(capped.hits.len(), 100);
}

#[test]
fn hostile_queries_return_ok() {
    let (_dir, index) = indexed(&corpus());
    let long = "مفاوضات ".repeat(1500);
    let long_chars = "(".repeat(10_000);
    let nested = "(مفاوضات ".repeat(2000);
    let closers = ")".repeat(5000);
    let nots = "NOT ".repeat(2000);
    let minus = "-".repeat(5000);
    let quotes = "\"".repeat(5001);
    let brackets = "[".repeat(5000);
    let braces = "{".repeat(5000);
    let fields = "title:".repeat(2000);
    let tildes = "a~".repeat(3000);
    let hostile = [
        "AND OR (((", "\"", "title:", "*", "body:\"unterminated", "id:abc", "day:[x TO", "-", "+", "~2",
        "^^^", ":::", "NOT", "\u{0000}", "مفاوضات AND (", long.as_str(), long_chars.as_str(),
        nested.as_str(), closers.as_str(), nots.as_str(), minus.as_str(), quotes.as_str(),
        brackets.as_str(), braces.as_str(), fields.as_str(), tildes.as_str(),
        // Regression: `title:*` made tantivy ask for a fast field the schema lacks.
        "title:*", "body:*", "id:*", "day:*", "outlet:*", "*:*", "title:* مفاوضات",
    ];
    for text in hostile {
        let res = index.search(&query(text));
        assert!(res.is_ok(), "query {:?} failed: {:?}", text.chars().take(30).collect::<String>(), res.err());
    }
    // Ranking still finds the documents despite stray syntax around the word.
    assert!(!index.search(&query("مفاوضات AND (")).expect("search").hits.is_empty());
    assert!(!index.search(&query("title:* مفاوضات")).expect("search").hits.is_empty());
}

#[test]
fn upsert_replaces_and_ids_reconcile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = SearchIndex::open(dir.path()).expect("open");
    let mut writer = index.writer().expect("writer");
    let mut a = article(42, "قديم", "نص أول عن الاقتصاد", "منفذ", "2024-02-02", "ar");
    writer.upsert(&a).expect("upsert");
    writer.upsert(&article(7, "آخر", "نص", "منفذ", "2024-02-02", "ar")).expect("upsert");
    writer.commit().expect("commit");
    a.title = Some("جديد".into());
    writer.upsert(&a).expect("upsert");
    writer.commit().expect("commit");
    index.reload().expect("reload");
    assert_eq!(index.num_docs(), 2);
    assert_eq!(index.ids().expect("ids"), vec![7, 42]);
    let hits = index.search(&query("اقتصادي")).expect("search").hits;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].title.as_deref(), Some("جديد"));

    writer.delete_all().expect("delete_all");
    writer.commit().expect("commit");
    index.reload().expect("reload");
    assert_eq!(index.num_docs(), 0);
    assert!(index.ids().expect("ids").is_empty());
}

#[test]
fn second_writer_is_refused_and_reopen_keeps_docs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nested").join("index");
    {
        let index = SearchIndex::open(&path).expect("open");
        let mut writer = index.writer().expect("first writer");
        match index.clone().writer() {
            Err(e @ IndexError::Locked { .. }) => assert!(e.to_string().contains("another marsad process"), "{e}"),
            Err(e) => panic!("wrong error: {e}"),
            Ok(_) => panic!("second writer should be refused"),
        }
        writer.upsert(&article(1, "عنوان", "نص", "منفذ", "2024-02-02", "ar")).expect("upsert");
        writer.commit().expect("commit");
    }
    let reopened = SearchIndex::open(&path).expect("reopen");
    assert_eq!(reopened.ids().expect("ids"), vec![1]);
    assert!(reopened.writer().is_ok(), "lock is released when the writer is dropped");
}

#[test]
fn search_index_is_shareable() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<SearchIndex>();
}

#[test]
fn article_without_optional_fields_is_indexed() {
    let bare = Article { id: 9, url: "file:///tmp/x.html".into(), paragraphs: vec!["مفاوضات".into()], ..Article::default() };
    let (_dir, index) = indexed(&[bare]);
    let hits = index.search(&query("المفاوضات")).expect("search").hits;
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].title.clone(), hits[0].date.clone()), (None, None));
    // Undated articles are outside every date range.
    let q = SearchQuery { from: Some("1900-01-01".into()), ..query("مفاوضات") };
    assert_eq!(index.search(&q).expect("search").total, 0);
}

/// Matching runs on one field (title, body and outlet together); the title
/// only raises the score. An article with the word in its title must still
/// come before articles that only mention it, even several times.
#[test]
fn title_match_ranks_above_body_only_matches() {
    let filler = "وقال المتحدث إن الاجتماع تناول قضايا عدة بينها الموازنة والطرق والمياه";
    let articles = vec![
        article(1, "جولة جديدة", &format!("{filler} وذكر المفاوضات مرة"), "صحيفة الشرق", "2024-06-20", "ar"),
        article(
            2,
            "نشرة المساء",
            &format!("المفاوضات {filler} المفاوضات ثم المفاوضات"),
            "صحيفة الشرق",
            "2024-06-21",
            "ar",
        ),
        article(3, "استئناف المفاوضات", &format!("{filler} وذكر المفاوضات مرة"), "صحيفة الغرب", "2024-06-22", "ar"),
        article(4, "المفاوضات في العاصمة", filler, "صحيفة الغرب", "2024-06-23", "ar"),
    ];
    let (_dir, index) = indexed(&articles);
    let results = index.search(&query("مفاوضات")).expect("search");
    assert_eq!(results.total, 4, "the title-only article matches too");
    let order: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
    assert_eq!(&order[..2], &[3, 4], "title matches first: {order:?}");
    assert!(results.hits[1].score > results.hits[2].score);

    // Two words, one in the title and one in the body, still match together,
    // and a query word in the title still ranks first.
    let two = index.search(&query("مفاوضات المتحدث")).expect("search");
    assert_eq!(two.total, 4);
    let mut first: Vec<i64> = two.hits.iter().take(2).map(|h| h.id).collect();
    first.sort_unstable();
    assert_eq!(first, vec![3, 4]);
}

/// Regression: the schema change of analyzer version 2 made `Index::open_or_create`
/// refuse older folders. An index of another schema is emptied and marked
/// stale, so the engine refills it from the store, instead of failing to open.
#[test]
fn index_of_another_schema_opens_empty_and_stale() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut builder = tantivy::schema::Schema::builder();
        let old_body = builder.add_text_field("body", tantivy::schema::TEXT);
        let old = tantivy::Index::create_in_dir(dir.path(), builder.build()).expect("old index");
        let mut writer: tantivy::IndexWriter = old.writer(15_000_000).expect("old writer");
        writer.add_document(tantivy::doc!(old_body => "old text")).expect("add");
        writer.commit().expect("commit");
    }
    std::fs::write(dir.path().join(index::ANALYZER_MARKER_FILE), "1\n").expect("marker");
    let index = SearchIndex::open(dir.path()).expect("an older schema opens");
    assert_eq!(index.num_docs(), 0);
    assert_eq!(index.analyzer_version(), Some(0));
    assert!(!index.analyzer_is_current());
    let mut writer = index.writer().expect("writer");
    writer.delete_all().expect("delete all");
    writer.upsert(&article(1, "عنوان", "بدأت المفاوضات", "منفذ", "2024-02-02", "ar")).expect("upsert");
    writer.commit().expect("commit");
    index.reload().expect("reload");
    assert!(index.analyzer_is_current());
    assert_eq!(ids_of(&index, &query("مفاوضات")), vec![1]);
}
