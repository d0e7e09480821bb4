//! The feeds out, validated against XML schemas by a validator that is not ours:
//! libxml2's `xmllint --relaxng` with the RELAX NG grammars for Atom 1.0 (after
//! RFC 4287) and RSS 2.0 (after the RSS 2.0 specification) in `tests/schemas/`.
//! A real server answers several searches (Arabic, empty, filtered, no hits);
//! every feed must validate, and deliberately broken copies must not, so the
//! grammars are known to be strict enough to catch a broken feed.
//!
//! Needs `xmllint` (Debian's libxml2-utils): `./scripts/setup-test-deps.sh`
//! installs it, as `.ci/run` does.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn schema(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas").join(name)
}

/// Fails the test, naming the setup script, when xmllint cannot run here.
fn require_xmllint() {
    let found = Command::new("xmllint").arg("--version").output().map(|out| out.status.success()).unwrap_or(false);
    assert!(
        found,
        "xmllint is missing: run ./scripts/setup-test-deps.sh (it installs Debian's libxml2-utils), then test again"
    );
}

/// Validates `xml` against the RELAX NG grammar `schema_name`: Ok, or xmllint's
/// complaint.
fn validate(schema_name: &str, xml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("feed.xml");
    std::fs::write(&file, xml).expect("write feed");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--relaxng")
        .arg(schema(schema_name))
        .arg(&file)
        .output()
        .expect("run xmllint");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Searches whose feeds are checked: latest news, Arabic words, a filter of
/// each kind, relevance order, paging, and one without hits.
fn searches() -> Vec<String> {
    let q = |text: &str| format!("q={}", common::encode(text));
    vec![
        String::new(),
        q("مفاوضات"),
        q("أسعار القمح"),
        format!("{}&outlet={}", q("مفاوضات"), common::encode("أخبار اليوم")),
        "from=2024-04-01&to=2024-05-31".to_string(),
        "lang=ar&sort=relevance".to_string(),
        "limit=1&offset=1".to_string(),
        q("script"),
        q("كلمةلاتوجدأبدا"),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn served_feeds_validate_against_the_rss_and_atom_schemas() {
    require_xmllint();
    let (_dir, _fixture, addr) = common::started().await;
    let mut checked = 0;
    for search in searches() {
        for (kind, grammar) in [("rss", "rss2.rng"), ("atom", "atom.rng")] {
            let target = format!("/feeds/search.{kind}?{search}");
            let reply = common::get(addr, &target).await;
            assert_eq!(reply.status, 200, "{target}: {}", reply.body);
            if let Err(complaint) = validate(grammar, &reply.body) {
                panic!("{target} is not valid against {grammar}:\n{complaint}\n{}", reply.body);
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 18);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_feeds_fail_the_schemas() {
    require_xmllint();
    let (_dir, _fixture, addr) = common::started().await;
    let rss = common::get(addr, &format!("/feeds/search.rss?q={}", common::encode("مفاوضات"))).await.body;
    let atom = common::get(addr, &format!("/feeds/search.atom?q={}", common::encode("مفاوضات"))).await.body;
    validate("rss2.rng", &rss).expect("the served RSS is valid");
    validate("atom.rng", &atom).expect("the served Atom is valid");

    // Each a mistake a hand-written feed writer could make.
    let once = |text: &str, from: &str, to: &str| {
        assert!(text.contains(from), "fixture lacks {from:?}");
        text.replacen(from, to, 1)
    };
    let broken_rss = [
        ("channel without its title", once(&rss, "<title>", "<subject>").replacen("</title>", "</subject>", 1)),
        ("ISO date where RFC 822 is required", once(&rss, "<pubDate>", "<pubDate>2024-05-01T00:00:00Z</pubDate><x>")),
        ("item with neither title nor description", once(&rss, "<item>\n", "<item><link>https://x.example/</link></item>\n<item>\n")),
        ("guid isPermaLink not a boolean", once(&rss, "isPermaLink=\"true\"", "isPermaLink=\"yes\"")),
        ("two languages", once(&rss, "<language>ar</language>", "<language>ar</language><language>en</language>")),
        ("rss version 0.91", once(&rss, "version=\"2.0\"", "version=\"0.91\"")),
    ];
    for (what, xml) in &broken_rss {
        assert!(validate("rss2.rng", xml).is_err(), "RSS schema accepted a feed with {what}:\n{xml}");
    }
    let broken_atom = [
        ("feed without id", once(&atom, "<id>", "<idx>").replacen("</id>", "</idx>", 1)),
        ("RFC 822 date where RFC 3339 is required", once(&atom, "<updated>", "<updated>Wed, 01 May 2024 00:00:00 +0000</updated><x>")),
        ("link without href", once(&atom, "<link rel=\"self\"", "<link rel=\"self\" hreflang=\"ar\"/><link rel=\"self\" nohref=\"\"")),
        ("entry without title", without_first_entry_title(&atom)),
        ("RSS element in an Atom feed", once(&atom, "<generator>", "<pubDate>x</pubDate><generator>")),
        ("not in the Atom namespace", once(&atom, "http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#")),
    ];
    for (what, xml) in &broken_atom {
        assert!(validate("atom.rng", xml).is_err(), "Atom schema accepted a feed with {what}:\n{xml}");
    }
}

/// The feed with its first entry's `<title>…</title>` cut out.
fn without_first_entry_title(atom: &str) -> String {
    let entry = atom.find("<entry").expect("an entry");
    let start = entry + atom[entry..].find("<title>").expect("entry title");
    let end = start + atom[start..].find("</title>").expect("title end") + "</title>".len();
    format!("{}{}", &atom[..start], &atom[end..])
}
