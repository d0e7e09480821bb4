//! The crawler's queue and batch writes (issue 5) against a real SQLite file:
//! listed items go in with one transaction per poll, come back a bounded page at
//! a time and only for the sources of the crawl, each URL once; a batch stores
//! its articles, marks their items done and counts failures.

use model::Article;
use store::{HandledPage, Store};

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("db.sqlite")).expect("open");
    (dir, store)
}

fn article(url: &str, text: &str) -> Article {
    Article {
        url: url.to_string(),
        title: Some("عنوان".to_string()),
        paragraphs: vec![text.to_string()],
        text_hash: format!("hash-{text}"),
        ..Article::default()
    }
}

fn urls(store: &Store, after: i64, limit: usize) -> Vec<String> {
    store.next_pending(after, limit).expect("pending").into_iter().map(|p| p.url).collect()
}

#[test]
fn listed_items_come_back_in_pages_for_the_crawled_sources_only() {
    let (_dir, mut store) = open();
    let a: Vec<String> = (1..=5).map(|i| format!("https://a.test/{i}")).collect();
    let new = store.mark_items_seen("https://a.test/feed", a.iter().map(|u| (u.as_str(), Some(u.as_str())))).unwrap();
    assert_eq!(new, 5);
    // Listed again: nothing new, nothing duplicated.
    assert_eq!(store.mark_items_seen("https://a.test/feed", a.iter().map(|u| (u.as_str(), Some(u.as_str())))).unwrap(), 0);
    store.mark_items_seen("https://b.test/feed", [("b1", Some("https://b.test/1"))]).unwrap();

    store.begin_crawl(&["https://a.test/feed".to_string()]).unwrap();
    assert_eq!(store.pending_count().unwrap(), 5);
    let first = store.next_pending(0, 2).unwrap();
    assert_eq!(first.iter().map(|p| p.url.as_str()).collect::<Vec<_>>(), ["https://a.test/1", "https://a.test/2"]);
    assert!(first.iter().all(|p| p.source_url == "https://a.test/feed"));
    let last = first.last().unwrap().rowid;
    assert_eq!(urls(&store, last, 10), a[2..].to_vec(), "the rest, and nothing of b.test");

    // A new crawl replaces the set of sources.
    store.begin_crawl(&["https://b.test/feed".to_string()]).unwrap();
    assert_eq!(urls(&store, 0, 10), ["https://b.test/1"]);
}

#[test]
fn a_url_listed_by_two_sources_is_crawled_once_even_when_it_fails() {
    let (_dir, mut store) = open();
    let url = "https://shared.test/story";
    store.mark_items_seen("https://a.test/feed", [("a-guid", Some(url))]).unwrap();
    store.mark_items_seen("https://b.test/feed", [("b-guid", Some(url)), ("b2", Some("https://b.test/2"))]).unwrap();
    store.begin_crawl(&["https://a.test/feed".to_string(), "https://b.test/feed".to_string()]).unwrap();
    assert_eq!(store.pending_count().unwrap(), 2);
    let pending = store.next_pending(0, 10).unwrap();
    assert_eq!(pending.iter().map(|p| p.url.as_str()).collect::<Vec<_>>(), [url, "https://b.test/2"]);
    assert_eq!(pending[0].source_url, "https://a.test/feed", "through its first listing");

    // It fails: still pending (for a later run), still once, and never through b's row.
    store.record_pages(&[HandledPage::Failed { item_url: url }]).unwrap();
    assert_eq!(urls(&store, 0, 10), [url, "https://b.test/2"]);
    assert_eq!(urls(&store, pending[0].rowid, 10), ["https://b.test/2"]);
    // After three failures it is given up.
    store.record_pages(&[HandledPage::Failed { item_url: url }, HandledPage::Failed { item_url: url }]).unwrap();
    assert_eq!(urls(&store, 0, 10), ["https://b.test/2"]);
}

#[test]
fn a_batch_stores_articles_marks_items_done_and_finds_copies_within_itself() {
    let (_dir, mut store) = open();
    let items = [("1", Some("https://a.test/1")), ("2", Some("https://a.test/2")), ("3", Some("https://a.test/3")), ("4", Some("https://a.test/4"))];
    store.mark_items_seen("https://a.test/feed", items).unwrap();
    store.begin_crawl(&["https://a.test/feed".to_string()]).unwrap();

    let first = article("https://a.test/1", "نص المقال الأول");
    // The same text under another URL, in the same batch: a copy, not a second article.
    let copy = article("https://a.test/2", "نص المقال الأول");
    let redirected = article("https://a.test/final/3", "نص المقال الثالث");
    let aliases = vec!["https://a.test/3".to_string()];
    let written = store
        .record_pages(&[
            HandledPage::Article { item_url: Some("https://a.test/1"), article: &first, aliases: &[] },
            HandledPage::Article { item_url: Some("https://a.test/2"), article: &copy, aliases: &[] },
            HandledPage::Article { item_url: Some("https://a.test/3"), article: &redirected, aliases: &aliases },
            HandledPage::Done { item_url: "https://a.test/4" },
        ])
        .unwrap();
    assert_eq!(written.len(), 4);
    let (one, two, three) = (written[0].unwrap(), written[1].unwrap(), written[2].unwrap());
    assert!(one.is_new && !two.is_new && three.is_new);
    assert_eq!(one.id, two.id);
    assert!(written[3].is_none());
    assert_eq!(store.article_count().unwrap(), 2);
    assert_eq!(store.article_id_for_url("https://a.test/2").unwrap(), Some(one.id));
    assert_eq!(store.article_id_for_url("https://a.test/3").unwrap(), Some(three.id), "the URL before the redirect");
    assert!(urls(&store, 0, 10).is_empty(), "every item handled");
    assert_eq!(store.pending_count().unwrap(), 0);
    assert!(store.pending_items("https://a.test/feed").unwrap().is_empty());
}
