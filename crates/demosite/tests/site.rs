//! End-to-end checks of the running demo site over real HTTP on 127.0.0.1.

mod common;

use common::{get, get_with, xml_links};
use demosite::{articles, start, DemoSite, SiteOptions, Template};

async fn site(options: SiteOptions) -> DemoSite {
    start("127.0.0.1:0".parse().expect("socket address"), options).await.expect("demo site starts")
}

async fn assert_all_live(links: &[String]) {
    for link in links {
        let reply = get(link).await;
        assert_eq!(reply.status, 200, "{link} should answer 200");
    }
}

#[tokio::test]
async fn rss_and_atom_feeds_are_well_formed_and_link_to_live_pages() {
    let site = site(SiteOptions::default()).await;
    let feeds = site.feed_urls();
    assert_eq!(feeds.len(), 3);
    assert!(feeds.contains(&site.dead_feed_url()));

    let rss = get(&feeds[0]).await;
    assert_eq!(rss.status, 200);
    assert!(rss.header("content-type").unwrap_or("").contains("rss"));
    // The channel's own <link> comes first; the rest are items.
    let rss_links = xml_links(&rss.text(), "link", "-");
    assert!(rss_links.len() > 11, "RSS has {} links", rss_links.len());
    assert!(rss_links.iter().all(|l| l.starts_with(site.base_url())), "absolute links on the bound port");
    assert_all_live(&rss_links).await;

    let atom = get(&feeds[1]).await;
    assert_eq!(atom.status, 200);
    let atom_text = atom.text();
    assert!(atom_text.contains("http://www.w3.org/2005/Atom"));
    let entry_links: Vec<String> = xml_links(&atom_text, "-", "link")
        .into_iter()
        .filter(|l| l.contains("article.php"))
        .collect();
    assert!(entry_links.len() >= 11, "Atom has {} entries", entry_links.len());
    assert_all_live(&entry_links).await;
    site.shutdown().await;
}

#[tokio::test]
async fn sitemap_index_leads_to_every_legacy_article() {
    let site = site(SiteOptions::default()).await;
    let index = get(&site.sitemap_url()).await;
    assert_eq!(index.status, 200);
    let sitemaps = xml_links(&index.text(), "loc", "-");
    assert_eq!(sitemaps.len(), 1, "no synthetic sitemap unless asked for");
    let sitemap = get(&sitemaps[0]).await;
    assert_eq!(sitemap.status, 200);
    let pages = xml_links(&sitemap.text(), "loc", "-");
    let legacy = articles().iter().filter(|a| a.template() == Template::Legacy).count();
    assert_eq!(pages.len(), legacy);
    assert!(pages.len() >= 11);
    assert_all_live(&pages).await;
    site.shutdown().await;
}

#[tokio::test]
async fn dead_feed_and_unknown_pages_answer_404() {
    let site = site(SiteOptions::default()).await;
    assert_eq!(get(&site.dead_feed_url()).await.status, 404);
    let base = site.base_url().to_string();
    for path in ["/nowhere", "/dhifaf/news/2026/11/01/999.html", "/manara/article.php?id=abc", "/sunbula/article/0", "/bench/rss.xml"] {
        assert_eq!(get(&format!("{base}{path}")).await.status, 404, "{path}");
    }
    // A real article id under the wrong date is a broken link, not the article.
    let modern = articles().iter().find(|a| a.template() == Template::Modern).expect("a modern article");
    let wrong_day = format!("{base}/{}/news/2026/12/31/{}.html", modern.outlet_slug, modern.id);
    assert_eq!(get(&wrong_day).await.status, 404);
    site.shutdown().await;
}

#[tokio::test]
async fn every_article_page_shows_its_title_and_text() {
    let site = site(SiteOptions::default()).await;
    let urls = site.article_urls();
    assert_eq!(urls.len(), articles().len());
    for (article, url) in articles().iter().zip(&urls) {
        let reply = get(url).await;
        assert_eq!(reply.status, 200, "{url}");
        let html = match article.template() {
            Template::Legacy => encoding_rs::WINDOWS_1256.decode(&reply.body).0.into_owned(),
            _ => reply.text(),
        };
        assert!(html.contains(article.title), "{url} lacks its title");
        for paragraph in article.paragraphs {
            let escaped = paragraph.replace('&', "&amp;").replace('"', "&quot;").replace('\'', "&#39;");
            assert!(html.contains(&escaped), "{url} lacks a paragraph");
        }
        assert!(html.contains("اقرأ أيضا"), "{url} lacks the read-also insert");
        assert!(html.contains("الأكثر قراءة"));
        assert!(html.contains("rss0.xml غير موجود"));
        // The caption is printed twice: once under the image, once under the title.
        assert!(html.matches(article.caption).count() >= 2, "{url} should repeat its caption");
    }
    site.shutdown().await;
}

#[tokio::test]
async fn legacy_outlet_is_windows_1256_without_declared_charset() {
    let site = site(SiteOptions::default()).await;
    let article = articles().iter().find(|a| a.template() == Template::Legacy).expect("a legacy article");
    let reply = get(&article.url(site.base_url())).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("text/html"));
    assert!(std::str::from_utf8(&reply.body).is_err(), "legacy bytes must not be UTF-8");
    let (html, _, had_errors) = encoding_rs::WINDOWS_1256.decode(&reply.body);
    assert!(!had_errors);
    assert!(html.contains(article.title));
    assert!(!html.contains("&#"), "characters outside windows-1256 were replaced by references");
    assert!(!html.to_ascii_lowercase().contains("charset"));
    assert!(html.contains("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\""));
    assert!(html.contains("class=\"news-details\"") && html.contains("class=\"txt\""));
    assert!(html.contains(&format!("<time datetime=\"{}\"", article.published().expect("date").to_rfc3339())));
    site.shutdown().await;
}

#[tokio::test]
async fn modern_and_table_templates_carry_their_own_kind_of_date() {
    let site = site(SiteOptions::default()).await;
    let modern = articles().iter().find(|a| a.template() == Template::Modern).expect("modern");
    let html = get(&modern.url(site.base_url())).await.text();
    assert!(html.contains("application/ld+json") && html.contains("\"NewsArticle\""));
    assert!(html.contains(&format!("\"datePublished\":\"{}\"", modern.date)));
    assert!(html.contains("<article") && html.contains("og:title"));
    let path = modern.path();
    assert!(path.contains(&modern.date[..10].replace('-', "/")), "dates in modern URLs: {path}");

    let table = articles().iter().find(|a| a.template() == Template::Table).expect("table");
    let html = get(&table.url(site.base_url())).await.text();
    assert!(html.contains("<div id=\"content\">") && html.contains("<table"));
    assert!(!html.contains("datePublished") && !html.contains("<time") && !html.contains("published_time"));
    let day: u32 = table.date[8..10].parse().expect("day of month");
    let indic: String = day.to_string().chars().map(|c| char::from_u32(0x0660 + c.to_digit(10).unwrap_or(0)).unwrap_or(c)).collect();
    assert!(html.contains(&format!("{indic} تشرين الثاني ٢٠٢٦")), "visible Levantine date");
    site.shutdown().await;
}

#[tokio::test]
async fn validators_turn_repeat_requests_into_304() {
    let site = site(SiteOptions::default()).await;
    let feed = &site.feed_urls()[0];
    let first = get(feed).await;
    let etag = first.header("etag").expect("etag").to_string();
    let modified = first.header("last-modified").expect("last-modified").to_string();
    assert_eq!(site.not_modified_served(), 0);

    let again = get_with(feed, &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(site.not_modified_served(), 1);

    let since = get_with(feed, &[("If-Modified-Since", &modified)]).await;
    assert_eq!(since.status, 304);
    assert_eq!(site.not_modified_served(), 2);

    let stale = get_with(feed, &[("If-None-Match", "\"something-else\"")]).await;
    assert_eq!(stale.status, 200);
    assert_eq!(stale.body, first.body);
    let older = get_with(feed, &[("If-Modified-Since", "Sun, 01 Nov 2026 00:00:00 GMT")]).await;
    assert_eq!(older.status, 200);

    // Pages carry validators too, including the windows-1256 ones.
    let page = &site.article_urls()[articles().len() - 1];
    let etag = get(page).await.header("etag").expect("page etag").to_string();
    assert_eq!(get_with(page, &[("If-None-Match", &etag)]).await.status, 304);
    assert_eq!(site.not_modified_served(), 3);
    assert!(site.requests_served() >= 7);
    site.shutdown().await;
}

#[tokio::test]
async fn robots_disallows_private_which_exists() {
    let site = site(SiteOptions::default()).await;
    let robots = get(&format!("{}/robots.txt", site.base_url())).await;
    assert_eq!(robots.status, 200);
    let text = robots.text();
    assert!(text.contains("User-agent: *") && text.contains("Disallow: /private/"));
    assert_eq!(get(&format!("{}/private/report.html", site.base_url())).await.status, 200);
    site.shutdown().await;
}

#[tokio::test]
async fn listings_link_to_every_article_of_their_outlet() {
    let site = site(SiteOptions::default()).await;
    for outlet in demosite::outlets() {
        let reply = get(&format!("{}/{}/", site.base_url(), outlet.slug)).await;
        assert_eq!(reply.status, 200);
        let html = match outlet.template {
            Template::Legacy => encoding_rs::WINDOWS_1256.decode(&reply.body).0.into_owned(),
            _ => reply.text(),
        };
        for article in articles().iter().filter(|a| a.outlet_slug == outlet.slug) {
            assert!(html.contains(&article.url(site.base_url())), "{} home lacks {}", outlet.slug, article.id);
        }
    }
    let section = get(&format!("{}/manara/section.php?s=sport", site.base_url())).await;
    assert_eq!(section.status, 200);
    let sport = articles().iter().find(|a| a.outlet_slug == "manara" && a.section == "رياضة").expect("sport");
    let politics = articles().iter().find(|a| a.outlet_slug == "manara" && a.section == "سياسة").expect("politics");
    assert!(section.text().contains(sport.title));
    assert!(!section.text().contains(&politics.url(site.base_url())));
    site.shutdown().await;
}

#[tokio::test]
async fn synthetic_mode_serves_generated_articles() {
    let site = site(SiteOptions { synthetic_articles: 60 }).await;
    let bench_feed = site.sources().into_iter().find(|s| s.ends_with("/bench/rss.xml")).expect("bench feed source");
    let reply = get(&bench_feed).await;
    assert_eq!(reply.status, 200);
    let text = reply.text();
    let links: Vec<String> = xml_links(&text, "link", "-").into_iter().filter(|l| l.contains("/article/")).collect();
    assert_eq!(links.len(), 60);
    let titles = xml_links(&text, "title", "-");

    let page = get(&site.synthetic_article_url(37)).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(titles.iter().any(|t| html.contains(&format!("<h1 class=\"story-title\">{t}</h1>"))));
    let other = get(&site.synthetic_article_url(38)).await.text();
    assert_ne!(html, other);
    assert_eq!(get(&site.synthetic_article_url(61)).await.status, 404);
    assert_eq!(get(&site.synthetic_article_url(0)).await.status, 404);

    let index = get(&site.sitemap_url()).await.text();
    assert_eq!(xml_links(&index, "loc", "-").len(), 2);
    site.shutdown().await;
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let site = site(SiteOptions::default()).await;
    let address = site.base_url().trim_start_matches("http://").to_string();
    assert_eq!(get(&format!("{}/robots.txt", site.base_url())).await.status, 200);
    site.shutdown().await;
    assert!(tokio::net::TcpStream::connect(address).await.is_err());
}

#[tokio::test]
async fn benchmark_scale_feed_lists_all_ten_thousand_items() {
    let site = site(SiteOptions { synthetic_articles: 10_000 }).await;
    assert_eq!(site.sources().len(), 5, "feeds, sitemap and the bench feed");
    let feed = get(&format!("{}/bench/rss.xml", site.base_url())).await;
    assert_eq!(feed.status, 200);
    let text = feed.text();
    assert_eq!(text.matches("<item>").count(), 10_000);
    let last = get(&site.synthetic_article_url(10_000)).await;
    assert_eq!(last.status, 200);
    let first = get(&site.synthetic_article_url(1)).await;
    assert_ne!(last.body, first.body);
    // The second request is served from the cached feed and must be identical.
    let again = get(&format!("{}/bench/rss.xml", site.base_url())).await;
    assert_eq!(again.body, feed.body);
    site.shutdown().await;
}

#[tokio::test]
async fn benchmark_sitemap_is_paged_by_five_thousand_newest_first() {
    let site = site(SiteOptions { synthetic_articles: 12_001 }).await;
    let index = get(&site.bench_sitemap_url()).await;
    assert_eq!(index.status, 200);
    let pages = xml_links(&index.text(), "loc", "-");
    assert_eq!(pages.len(), 3, "{pages:?}");
    // The root index lists the same pages beside the legacy outlet's sitemap.
    let root = xml_links(&get(&site.sitemap_url()).await.text(), "loc", "-");
    assert_eq!(root.len(), 4, "{root:?}");
    assert!(pages.iter().all(|p| root.contains(p)));

    let mut seen = std::collections::HashSet::new();
    for (n, page) in pages.iter().enumerate() {
        let urls = xml_links(&get(page).await.text(), "loc", "-");
        assert_eq!(urls.len(), [5_000, 5_000, 2_001][n], "page {page}");
        for url in urls {
            assert!(seen.insert(url.clone()), "listed twice: {url}");
        }
    }
    assert_eq!(seen.len(), 12_001);
    let first_page = xml_links(&get(&pages[0]).await.text(), "loc", "-");
    assert_eq!(first_page[0], site.synthetic_article_url(12_001), "newest first");
    let past_the_end = pages[0].replace("sitemap-1.xml", "sitemap-4.xml");
    assert_eq!(get(&past_the_end).await.status, 404);
    assert_eq!(get(&pages[0].replace("sitemap-1.xml", "sitemap-0.xml")).await.status, 404);
    site.shutdown().await;
}
