//! The crawl stage end to end against the demo site on 127.0.0.1: a sitemap
//! index whose items outnumber the queue's page (256) is crawled whole through
//! the store's queue, stored in batches, indexed, and nothing is fetched again
//! on the next run.

use std::time::Duration;

use engine::{Engine, EngineConfig, Quiet};

const ARTICLES: usize = 700;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sitemap_larger_than_the_queue_page_is_crawled_whole_and_once() {
    let site = demosite::start("127.0.0.1:0".parse().unwrap(), demosite::SiteOptions { synthetic_articles: ARTICLES })
        .await
        .expect("demo site starts");
    let data = tempfile::tempdir().unwrap();
    let mut config = EngineConfig::new(data.path());
    config.fetch = fetch::FetchConfig { allow_private: true, per_host_delay: Duration::ZERO, ..Default::default() };
    let engine = Engine::open(config).expect("engine opens");
    let source = engine::classify(&site.bench_sitemap_url()).unwrap();

    let report = engine.ingest(std::slice::from_ref(&source), &Quiet).await.expect("ingest");
    assert!(report.page_errors.is_empty(), "{:?}", report.page_errors);
    assert_eq!(report.new_articles, ARTICLES as u64);
    assert_eq!(engine.store().article_count().unwrap(), ARTICLES as u64);
    assert_eq!(engine.index().num_docs(), ARTICLES as u64, "every stored article indexed");
    for n in [1, ARTICLES / 2, ARTICLES] {
        assert!(engine.store().article_id_for_url(&site.synthetic_article_url(n)).unwrap().is_some(), "article {n}");
    }
    // Every listed item was handled: nothing left in the queue.
    let page = report.sources.iter().find(|s| s.source.contains("sitemap-1")).expect("the sitemap page was polled");
    assert_eq!(page.items, ARTICLES as u64);
    {
        let mut store = engine.store();
        store.begin_crawl(&[page.source.clone()]).unwrap();
        assert_eq!(store.pending_count().unwrap(), 0);
    }

    // A second run reads the sitemaps and fetches no page.
    let before = site.requests_served();
    let again = engine.ingest(&[source], &Quiet).await.expect("second ingest");
    assert_eq!((again.new_articles, again.known_articles), (0, 0));
    let served = site.requests_served() - before;
    assert!(served <= 2, "only the index and its page: {served} requests");
    site.shutdown().await;
}
