//! `ArticleWriter::delete` against a real index: the deleted article stops
//! matching after the commit, the others still match.

use index::SearchIndex;
use model::{Article, SearchQuery};

fn article(id: i64, body: &str) -> Article {
    Article {
        id,
        url: format!("https://news.example/{id}"),
        title: Some(format!("خبر {id}")),
        paragraphs: vec![body.to_string()],
        ..Article::default()
    }
}

#[test]
fn deleted_articles_leave_the_index_on_commit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = SearchIndex::open(dir.path()).expect("open");
    let mut writer = index.writer().expect("writer");
    writer.upsert(&article(1, "بدأت المفاوضات اليوم")).expect("add");
    writer.upsert(&article(2, "تعثرت المفاوضات مجددًا")).expect("add");
    writer.commit().expect("commit");
    index.reload().expect("reload");
    let query = SearchQuery { text: "مفاوضات".to_string(), limit: 10, ..SearchQuery::default() };
    assert_eq!(index.search(&query).expect("search").total, 2);

    writer.delete(1);
    // Not gone before the commit: a crash in between keeps the index whole.
    index.reload().expect("reload");
    assert_eq!(index.search(&query).expect("search").total, 2);
    writer.commit().expect("commit");
    index.reload().expect("reload");
    let results = index.search(&query).expect("search");
    assert_eq!(results.total, 1);
    assert_eq!(results.hits[0].id, 2);
    assert_eq!(index.ids().expect("ids"), vec![2]);
}
