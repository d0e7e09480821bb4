//! Feed parsing against hand-written fixtures: every supported format, and each
//! kind of breakage seen in real feeds.

use feeds::{parse, Feed, FeedError, FeedFormat, Parsed};
use url::Url;

fn feed_of(bytes: &[u8]) -> Feed {
    match parse(bytes, None, None) {
        Ok(Parsed::Feed(feed)) => feed,
        other => panic!("expected a feed, got {other:?}"),
    }
}

fn titles(feed: &Feed) -> Vec<&str> {
    feed.items.iter().filter_map(|i| i.title.as_deref()).collect()
}

#[test]
fn rss20_items_dates_links_and_dedup() {
    let feed = feed_of(include_bytes!("fixtures/rss20.xml"));
    assert_eq!(feed.format, FeedFormat::Rss20);
    assert_eq!(feed.format.as_str(), "rss2.0");
    assert_eq!(feed.title.as_deref(), Some("صحيفة الواحة"));
    assert_eq!(feed.link.as_deref(), Some("https://alwaha.example/"));
    assert_eq!(feed.language.as_deref(), Some("ar"));
    // The duplicated GUID keeps its first item only.
    assert_eq!(feed.items.len(), 4);
    assert!(!titles(&feed).contains(&"نسخة مكررة من خبر المكتبة"));

    let first = &feed.items[0];
    assert_eq!(first.guid.as_deref(), Some("alwaha-101"));
    assert_eq!(first.published.as_deref(), Some("2024-03-05T10:15:00+03:00"));
    assert_eq!(first.summary.as_deref(), Some("افتتحت البلدية مكتبة تضم عشرة آلاف كتاب."));

    // Relative link resolved against the channel link; Arabic date read.
    let second = &feed.items[1];
    assert_eq!(second.url.as_deref(), Some("https://alwaha.example/news/102"));
    assert_eq!(second.published.as_deref(), Some("2024-03-05"));

    // Without a GUID, the key falls back to the link.
    let third = &feed.items[2];
    assert_eq!(third.guid, None);
    assert_eq!(third.key().as_deref(), Some("https://alwaha.example/news/103"));
    assert_eq!(third.published.as_deref(), Some("2024-03-06T08:00:00+03:00"));

    // A permalink GUID doubles as the URL when there is no <link>.
    let fourth = &feed.items[3];
    assert_eq!(fourth.url.as_deref(), Some("https://alwaha.example/news/104"));
    assert_eq!(fourth.published.as_deref(), Some("2024-03-06T09:30:00+03:00"));
}

#[test]
fn key_falls_back_to_title_last() {
    let item = feeds::FeedItem { title: Some("عنوان".into()), ..Default::default() };
    assert_eq!(item.key().as_deref(), Some("عنوان"));
    let item = feeds::FeedItem { url: Some("https://x.example/1".into()), title: Some("عنوان".into()), ..Default::default() };
    assert_eq!(item.key().as_deref(), Some("https://x.example/1"));
    assert_eq!(feeds::FeedItem::default().key(), None);
}

#[test]
fn every_version_is_detected() {
    let cases: &[(&[u8], FeedFormat, &str)] = &[
        (include_bytes!("fixtures/rss090.rdf"), FeedFormat::Rss090, "أول خبر في القناة القديمة"),
        (include_bytes!("fixtures/rss091.xml"), FeedFormat::Rss091, "Water levels rise in the old well"),
        (include_bytes!("fixtures/rss092.xml"), FeedFormat::Rss092, "وصول سفينة الشحن الأولى"),
        (include_bytes!("fixtures/rss10.rdf"), FeedFormat::Rss10, "تقرير الطقس الأسبوعي"),
        (include_bytes!("fixtures/atom03.xml"), FeedFormat::Atom03, "رحلة عبر الصحراء"),
        (include_bytes!("fixtures/atom10.xml"), FeedFormat::Atom10, "ثلوج مبكرة على القمم"),
        (include_bytes!("fixtures/jsonfeed10.json"), FeedFormat::JsonFeed, "سوق الخضار يفتح يوم الجمعة"),
        (include_bytes!("fixtures/jsonfeed11.json"), FeedFormat::JsonFeed, "Tide tables updated"),
        (include_bytes!("fixtures/no_version.xml"), FeedFormat::Rss20, "خبر وحيد"),
    ];
    for (bytes, format, first_title) in cases {
        let feed = feed_of(bytes);
        assert_eq!(feed.format, *format, "{first_title}");
        assert_eq!(feed.items[0].title.as_deref(), Some(*first_title));
        assert!(feed.items[0].url.as_deref().is_some_and(|u| u.starts_with("http")), "{first_title}: {:?}", feed.items[0]);
    }
}

#[test]
fn old_formats_keep_their_fields() {
    let rss090 = feed_of(include_bytes!("fixtures/rss090.rdf"));
    assert_eq!(rss090.items.len(), 2);
    assert_eq!(rss090.items[1].url.as_deref(), Some("http://old.example/second"));

    let rss091 = feed_of(include_bytes!("fixtures/rss091.xml"));
    assert_eq!(rss091.items[0].summary.as_deref(), Some("Café owners celebrate."));

    let rss10 = feed_of(include_bytes!("fixtures/rss10.rdf"));
    assert_eq!(rss10.items[0].published.as_deref(), Some("2024-02-01T06:00:00+02:00"));

    let atom03 = feed_of(include_bytes!("fixtures/atom03.xml"));
    assert_eq!(atom03.items[0].published.as_deref(), Some("2024-01-09T18:30:00+03:00"));
    assert_eq!(atom03.items[0].guid.as_deref(), Some("tag:caravan.example,2024:desert"));
    assert_eq!(atom03.items[0].url.as_deref(), Some("http://caravan.example/desert"));
}

#[test]
fn atom10_links_html_titles_and_content() {
    let feed = feed_of(include_bytes!("fixtures/atom10.xml"));
    assert_eq!(feed.title.as_deref(), Some("أخبار الجبل"));
    assert_eq!(feed.link.as_deref(), Some("https://mountain.example/"));
    assert_eq!(feed.language.as_deref(), Some("ar"));
    let snow = &feed.items[0];
    assert_eq!(snow.url.as_deref(), Some("https://mountain.example/articles/snow"));
    assert_eq!(snow.published.as_deref(), Some("2024-04-01T07:45:00+03:00"));
    assert_eq!(snow.summary.as_deref(), Some("تساقطت الثلوج على القمم العالية."));
    // Only <updated>: it stands in for the publication date.
    assert_eq!(feed.items[1].published.as_deref(), Some("2024-04-02T10:00:00+00:00"));
}

#[test]
fn json_feed_fields_and_relative_urls() {
    let feed = feed_of(include_bytes!("fixtures/jsonfeed10.json"));
    assert_eq!(feed.link.as_deref(), Some("https://hay.example/"));
    assert_eq!(feed.items[0].summary.as_deref(), Some("يفتح السوق باكرا."));
    assert_eq!(feed.items[0].published.as_deref(), Some("2024-05-03T06:00:00+03:00"));
    assert_eq!(feed.items[1].guid.as_deref(), Some("2"));
    assert_eq!(feed.items[1].url.as_deref(), Some("https://hay.example/p/2"));

    let v11 = feed_of(include_bytes!("fixtures/jsonfeed11.json"));
    assert_eq!(v11.language.as_deref(), Some("en"));
    assert_eq!(v11.items[0].url.as_deref(), Some("https://harbour.example/tides"));
}

#[test]
fn json_errors() {
    let err = parse(b"{\"version\": ", None, None).unwrap_err();
    assert!(matches!(err, FeedError::Json(_)), "{err}");
    assert!(err.to_string().starts_with("JSON error: "), "{err}");
    let err = parse(b"{\"name\": \"not a feed\"}", Some("application/json"), None).unwrap_err();
    assert_eq!(err.to_string(), "not a feed: got JSON that is not a JSON Feed");
}

#[test]
fn bare_ampersands_are_escaped_before_parsing() {
    let feed = feed_of(include_bytes!("fixtures/bare_ampersand.xml"));
    assert_eq!(feed.title.as_deref(), Some("Salt & Pepper News"));
    assert_eq!(feed.items[0].title.as_deref(), Some("الطقس & المرور في العاصمة"));
    assert_eq!(feed.items[0].url.as_deref(), Some("https://saltpepper.example/story?id=7&lang=ar"));
    assert_eq!(feed.items[0].published.as_deref(), Some("2024-03-06T09:00:00+00:00"));
}

#[test]
fn html_entities_inside_xml() {
    let feed = feed_of(include_bytes!("fixtures/html_entities.xml"));
    assert_eq!(feed.title.as_deref(), Some("الرصيف الإخباري"));
    assert_eq!(feed.items[0].title.as_deref(), Some("«مهرجان الشعر» يختتم أعماله…"));
    assert_eq!(feed.items[0].summary.as_deref(), Some("أمسية ختامية — حضور كبير"));
}

fn cp1256_feed(declared: &str) -> Vec<u8> {
    let source = std::str::from_utf8(include_bytes!("fixtures/cp1256_source.xml")).expect("fixture is UTF-8");
    let text = source.replace("DECLARED", declared);
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn windows_1256_declared_or_lying_about_utf8() {
    for declared in ["windows-1256", "utf-8"] {
        let bytes = cp1256_feed(declared);
        assert!(std::str::from_utf8(&bytes).is_err(), "fixture must not be UTF-8");
        let feed = feed_of(&bytes);
        assert_eq!(feed.title.as_deref(), Some("جريدة النخيل"), "declared {declared}");
        assert_eq!(feed.items[0].title.as_deref(), Some("ارتفاع أسعار القهوة في الأسواق"));
    }
}

#[test]
fn declared_legacy_encoding_on_utf8_bytes() {
    let source = std::str::from_utf8(include_bytes!("fixtures/cp1256_source.xml")).expect("utf-8");
    let feed = feed_of(source.replace("DECLARED", "windows-1256").as_bytes());
    assert_eq!(feed.title.as_deref(), Some("جريدة النخيل"));
}

#[test]
fn bom_and_junk_before_the_prolog() {
    let mut bytes = b"\xEF\xBB\xBF\n  <br />\nNotice: undefined index in feed.php\n".to_vec();
    bytes.extend_from_slice(include_bytes!("fixtures/rss092.xml"));
    let feed = feed_of(&bytes);
    assert_eq!(feed.items.len(), 2);
}

#[test]
fn truncated_feed_keeps_complete_items() {
    let feed = feed_of(include_bytes!("fixtures/truncated.xml"));
    assert_eq!(titles(&feed), vec!["الخبر الأول كامل", "الخبر الثاني كامل"]);
}

#[test]
fn broken_xml_reports_its_line() {
    let err = parse(include_bytes!("fixtures/broken_early.xml"), None, None).unwrap_err();
    match &err {
        FeedError::Xml { line, .. } => assert_eq!(*line, 4, "{err}"),
        other => panic!("expected an XML error, got {other:?}"),
    }
    assert!(err.to_string().starts_with("XML error at line 4: "), "{err}");

    // Lines dropped in front of the prolog still count.
    let mut shifted = b"\n\n".to_vec();
    shifted.extend_from_slice(include_bytes!("fixtures/broken_early.xml"));
    match parse(&shifted, None, None) {
        Err(FeedError::Xml { line, .. }) => assert_eq!(line, 6),
        other => panic!("expected an XML error, got {other:?}"),
    }
}

#[test]
fn html_page_is_not_a_feed() {
    let page = include_bytes!("fixtures/page.html");
    let err = parse(page, Some("text/html; charset=utf-8"), None).unwrap_err();
    assert_eq!(err.to_string(), "not a feed: got text/html");
    let err = parse(page, Some("application/rss+xml"), None).unwrap_err();
    assert_eq!(err.to_string(), "not a feed: got an HTML page");
    let err = parse(b"<script>var x = 1;</script><div>\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7</div>", None, None).unwrap_err();
    assert_eq!(err.to_string(), "not a feed: got an HTML page");
    let err = parse(b"", None, None).unwrap_err();
    assert!(matches!(err, FeedError::NotAFeed { .. }), "{err}");
    let err = parse(b"<?xml version=\"1.0\"?><config><a/></config>", None, None).unwrap_err();
    assert_eq!(err.to_string(), "not a feed: got an XML document with root <config>");
}

#[test]
fn feed_without_items_is_empty() {
    let err = parse(include_bytes!("fixtures/empty_channel.xml"), None, None).unwrap_err();
    assert!(matches!(err, FeedError::Empty));
    assert_eq!(err.to_string(), "empty feed: no items");
}

#[test]
fn base_url_resolves_links_when_the_feed_has_none() {
    let xml = "<rss version=\"2.0\"><channel><title>t</title><item><title>خبر</title><link>/a/1</link></item></channel></rss>";
    let base = Url::parse("https://base.example/feed.xml").expect("valid");
    match parse(xml.as_bytes(), None, Some(&base)) {
        Ok(Parsed::Feed(feed)) => assert_eq!(feed.items[0].url.as_deref(), Some("https://base.example/a/1")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn gzipped_feed_is_accepted() {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(include_bytes!("fixtures/rss092.xml")).expect("write");
    let gz = encoder.finish().expect("finish");
    assert_eq!(feed_of(&gz).format, FeedFormat::Rss092);
}

#[test]
fn garbage_never_panics() {
    let samples: &[&[u8]] = &[
        b"<", b"<<<<", b"<?xml", b"<rss", b"<rss version='2.0'><channel><item>", b"{", b"\xff\xfe\x00<", b"&&&&",
        b"<rss><channel><item><title>&#xFFFFFFFF;</title></item></channel></rss>",
        b"<feed><entry><link href=':::'/><title>x</title></entry></feed>",
        b"\x1f\x8b\x08\x00garbage",
    ];
    for sample in samples {
        let _ = parse(sample, None, None);
        let _ = parse(sample, Some("text/xml; charset=windows-1256"), None);
    }
}

/// Every prefix of a feed, cut at any byte (so also inside a UTF-8 sequence),
/// parses without panicking, and whatever items it yields are items of the whole feed.
#[test]
fn every_truncation_is_safe_and_consistent() {
    let fixtures: &[&[u8]] = &[
        include_bytes!("fixtures/rss20.xml"),
        include_bytes!("fixtures/atom10.xml"),
        include_bytes!("fixtures/rss10.rdf"),
        include_bytes!("fixtures/jsonfeed10.json"),
    ];
    for whole in fixtures {
        let full = feed_of(whole);
        let full_keys: Vec<Option<String>> = full.items.iter().map(|i| i.key()).collect();
        let mut partial_successes = 0;
        for cut in 0..whole.len() {
            match parse(&whole[..cut], None, None) {
                Ok(Parsed::Feed(part)) => {
                    partial_successes += 1;
                    for item in &part.items {
                        assert!(full_keys.contains(&item.key()), "cut at {cut}: unexpected item {item:?}");
                    }
                }
                Ok(other) => panic!("cut at {cut}: parsed as {other:?}"),
                Err(_) => {}
            }
        }
        // XML feeds cut after their first item still give that item.
        if whole[0] == b'<' {
            assert!(partial_successes > 0);
        }
    }
}

#[test]
fn markup_scattered_in_cdata_is_not_mistaken_for_html() {
    let xml = "<rss version=\"2.0\"><channel><title>t</title><item><title>x</title><link>https://c.example/1</link><description><![CDATA[<html><body>نص</body></html>]]></description></item></channel></rss>";
    match parse(xml.as_bytes(), None, None) {
        Ok(Parsed::Feed(feed)) => assert_eq!(feed.items[0].summary.as_deref(), Some("نص")),
        other => panic!("{other:?}"),
    }
}
