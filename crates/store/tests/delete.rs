//! Deleting an article (the API's `DELETE /api/v1/articles/{id}`) against a real
//! SQLite file: the row and every URL leading to it go, other articles stay, and
//! the same page may be stored again afterwards.

use model::Article;
use store::Store;

fn article(url: &str, text: &str) -> Article {
    Article {
        url: url.to_string(),
        title: Some("عنوان".to_string()),
        paragraphs: vec![text.to_string()],
        text_hash: format!("hash-{text}"),
        ..Article::default()
    }
}

#[test]
fn delete_removes_the_article_and_its_urls_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("db.sqlite")).expect("open");
    let gone = store.insert_article(&article("https://a.test/1", "أول")).expect("insert").id;
    let kept = store.insert_article(&article("https://a.test/2", "ثان")).expect("insert").id;
    store.remember_url("https://mirror.test/1", gone).expect("alias");
    assert_eq!(
        store.article_urls(gone).expect("urls"),
        vec!["https://a.test/1".to_string(), "https://mirror.test/1".to_string()]
    );

    assert!(store.delete_article(gone).expect("delete"));
    assert_eq!(store.article(gone).expect("read"), None);
    assert_eq!(store.article_id_for_url("https://mirror.test/1").expect("lookup"), None);
    assert!(store.article_urls(gone).expect("urls").is_empty());
    assert!(store.article(kept).expect("read").is_some());
    assert_eq!(store.article_count().expect("count"), 1);
    // A second delete finds nothing; storing the page again makes a new article.
    assert!(!store.delete_article(gone).expect("delete again"));
    let again = store.insert_article(&article("https://a.test/1", "أول")).expect("insert");
    assert!(again.is_new);
}
