//! Sitemaps (plain, index, news, gzipped), OPML import/export and feed discovery.

use std::io::Write;

use feeds::{discover_feeds, export_opml, parse, parse_opml, FeedError, OpmlEntry, Parsed, Sitemap};
use url::Url;

fn sitemap_of(bytes: &[u8], base: Option<&Url>) -> Sitemap {
    match parse(bytes, Some("application/xml"), base) {
        Ok(Parsed::Sitemap(s)) => s,
        other => panic!("expected a sitemap, got {other:?}"),
    }
}

#[test]
fn plain_sitemap() {
    let sitemap = sitemap_of(include_bytes!("fixtures/sitemap.xml"), None);
    assert!(!sitemap.is_index);
    // The <url> without <loc> is skipped.
    let locs: Vec<&str> = sitemap.entries.iter().map(|e| e.loc.as_str()).collect();
    assert_eq!(locs, vec!["https://maps.example/ar/a", "https://maps.example/ar/b?x=1&y=2"]);
    assert_eq!(sitemap.entries[0].lastmod.as_deref(), Some("2024-03-01"));
    assert_eq!(sitemap.entries[1].lastmod.as_deref(), Some("2024-03-02T10:00:00+03:00"));
    assert_eq!(sitemap.entries[0].news_title, None);
}

#[test]
fn sitemap_index_resolves_relative_locations() {
    let base = Url::parse("https://maps.example/sitemap.xml").expect("valid");
    let sitemap = sitemap_of(include_bytes!("fixtures/sitemap_index.xml"), Some(&base));
    assert!(sitemap.is_index);
    assert_eq!(sitemap.entries.len(), 2);
    assert_eq!(sitemap.entries[1].loc, "https://maps.example/sitemap-2024.xml.gz");
    assert_eq!(sitemap.entries[0].lastmod.as_deref(), Some("2024-03-05T00:00:00+00:00"));
}

#[test]
fn news_sitemap_fields() {
    let sitemap = sitemap_of(include_bytes!("fixtures/news_sitemap.xml"), None);
    let entry = &sitemap.entries[0];
    assert_eq!(entry.loc, "https://maps.example/ar/news/55");
    assert_eq!(entry.news_title.as_deref(), Some("اجتماع طارئ لمجلس البلدية"));
    assert_eq!(entry.news_publication_date.as_deref(), Some("2024-03-05T14:20:00+03:00"));
    assert_eq!(entry.news_language.as_deref(), Some("ar"));
}

#[test]
fn gzipped_sitemap() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(include_bytes!("fixtures/news_sitemap.xml")).expect("write");
    let gz = encoder.finish().expect("finish");
    let plain = feeds::gunzip_capped(&gz, 1 << 20).expect("small enough");
    assert_eq!(plain, include_bytes!("fixtures/news_sitemap.xml"));
    assert_eq!(sitemap_of(&gz, None).entries.len(), 1);
    assert!(matches!(feeds::gunzip_capped(&gz, 100), Err(FeedError::TooLarge { limit: 100 })));
    assert!(matches!(feeds::gunzip_capped(b"\x1f\x8bnot really", 100), Err(FeedError::Gzip(_))));
}

#[test]
fn gzip_bomb_is_refused() {
    // One GiB of zeros, compressed as it is produced so the test stays fast.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let block = vec![0u8; 1 << 20];
    for _ in 0..1024 {
        encoder.write_all(&block).expect("write");
    }
    let bomb = encoder.finish().expect("finish");
    assert!(bomb.len() < 8 << 20, "bomb is {} bytes", bomb.len());
    let limit = 32 << 20;
    match feeds::gunzip_capped(&bomb, limit) {
        Err(FeedError::TooLarge { limit: reported }) => assert_eq!(reported, limit),
        other => panic!("expected TooLarge, got {:?}", other.map(|v| v.len())),
    }
    let err = parse(&bomb, None, None).unwrap_err();
    assert!(matches!(err, FeedError::TooLarge { .. }), "{err}");
    assert!(err.to_string().starts_with("too large: "), "{err}");
}

#[test]
fn opml_is_flattened_and_deduplicated() {
    let entries = parse_opml(include_bytes!("fixtures/subscriptions.opml")).expect("parses");
    let urls: Vec<&str> = entries.iter().map(|e| e.xml_url.as_str()).collect();
    assert_eq!(urls, vec!["https://alwaha.example/rss.xml", "https://hay.example/feed.json", "https://harbour.example/feed.xml"]);
    assert_eq!(entries[0].title.as_deref(), Some("صحيفة الواحة"));
    assert_eq!(entries[0].html_url.as_deref(), Some("https://alwaha.example/"));
    // title wins over text.
    assert_eq!(entries[1].title.as_deref(), Some("نشرة الحي"));
    assert_eq!(entries[2].html_url, None);
}

#[test]
fn opml_round_trip_escapes_everything() {
    let entries = vec![
        OpmlEntry { xml_url: "https://a.example/rss?x=1&y=2".into(), title: Some("أخبار \"الصباح\" & <المساء>".into()), html_url: Some("https://a.example/".into()) },
        OpmlEntry { xml_url: "https://b.example/feed.xml".into(), title: None, html_url: None },
    ];
    let xml = export_opml("قائمتي & أصدقائي", &entries);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(xml.contains("<opml version=\"2.0\">"));
    assert!(xml.contains("<title>قائمتي &amp; أصدقائي</title>"));
    let back = parse_opml(xml.as_bytes()).expect("exported OPML parses");
    assert_eq!(back[0], entries[0]);
    // A missing title is exported as the URL, so readers show something.
    assert_eq!(back[1].xml_url, entries[1].xml_url);
    assert_eq!(back[1].title.as_deref(), Some("https://b.example/feed.xml"));
}

#[test]
fn parse_opml_rejects_feeds() {
    let err = parse_opml(include_bytes!("fixtures/rss092.xml")).unwrap_err();
    assert!(matches!(err, FeedError::NotAFeed { .. }), "{err}");
}

#[test]
fn discovery_finds_advertised_feeds_only() {
    let html = std::str::from_utf8(include_bytes!("fixtures/page.html")).expect("utf-8");
    let base = Url::parse("https://site.example/index.html").expect("valid");
    let found = discover_feeds(html, &base);
    assert_eq!(
        found,
        vec!["https://site.example/ar/feed.xml", "https://site.example/atom.xml?a=1&b=2", "https://site.example/feed.json"]
    );
    assert!(discover_feeds("<p>no links <link rel=alternate", &base).is_empty());
    assert_eq!(
        discover_feeds("<LINK REL=alternate TYPE=application/rss+xml HREF=/x.rss>", &base),
        vec!["https://site.example/x.rss"]
    );
}
