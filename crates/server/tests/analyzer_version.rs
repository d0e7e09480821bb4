//! Regression (issue 6): a data folder indexed by an older analyzer gave wrong
//! search results without any error. Opening it through the engine (ingest,
//! watch, crawl) or serving it rebuilds the index from the store.

mod common;

use std::path::Path;

use model::{layout, SearchQuery};

/// Makes the folder's index disagree with its store the way an older analyzer
/// would (the index holds terms the store's text no longer gives), and marks
/// the index as made by another analyzer version.
fn age_the_index(data_dir: &Path, id: i64) {
    let conn = rusqlite::Connection::open(layout::database(data_dir)).expect("open database");
    let paragraphs = serde_json::to_string(&["أعلنت البلدية افتتاح الحديقة العامة الجديدة"]).expect("json");
    conn.execute("UPDATE articles SET paragraphs = ?1 WHERE id = ?2", rusqlite::params![paragraphs, id])
        .expect("update article");
    std::fs::write(layout::index(data_dir).join(index::ANALYZER_MARKER_FILE), "0\n").expect("write marker");
}

fn finds(index: &index::SearchIndex, text: &str) -> Vec<i64> {
    let query = SearchQuery { text: text.to_string(), limit: 10, ..SearchQuery::default() };
    index.search(&query).expect("search").hits.into_iter().map(|hit| hit.id).collect()
}

#[test]
fn the_engine_rebuilds_an_index_of_another_analyzer_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = common::populate(dir.path());
    age_the_index(dir.path(), fixture.talks);
    {
        let (_, stale) = engine::open_data_dir(dir.path()).expect("open read-only");
        assert!(!stale.analyzer_is_current());
        // What a reader of the stale index gets: the old terms, not the text.
        assert!(finds(&stale, "الحديقة").is_empty());
    }

    let engine = engine::Engine::open(engine::EngineConfig::new(dir.path())).expect("open engine");
    let index = engine.index();
    assert!(index.analyzer_is_current());
    assert_eq!(index.analyzer_version(), Some(index::ANALYZER_VERSION));
    assert_eq!(finds(index, "الحديقة"), vec![fixture.talks]);
    assert_eq!(finds(index, "القمح"), vec![fixture.wheat]);
    assert_eq!(index.num_docs(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_rebuilds_an_index_of_another_analyzer_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = common::populate(dir.path());
    age_the_index(dir.path(), fixture.talks);
    let addr = common::start(dir.path()).await;
    let reply = common::get(addr, &format!("/api/v1/search?q={}", common::encode("الحديقة"))).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let ids: Vec<i64> = reply.json()["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|hit| hit["id"].as_i64())
        .collect();
    assert_eq!(ids, vec![fixture.talks]);
    let (_, index) = engine::open_data_dir(dir.path()).expect("reopen");
    assert!(index.analyzer_is_current());
}
