//! Checks that the hand-written articles keep the properties other crates' tests
//! rely on: enough of them, real dates, both kinds of byline, the inflected forms
//! of المفاوضات, the developing story and the two syndicated wire stories.

use std::collections::{HashMap, HashSet};

use demosite::{articles, outlets, DemoArticle, Template, SECTIONS};

/// Words as a search engine would see them: split on spaces and punctuation,
/// keeping Arabic diacritics attached to their letters.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || c.is_ascii_punctuation() || "،؛؟«»…".contains(c))
        .filter(|w| !w.is_empty())
        .collect()
}

fn all_text(article: &DemoArticle) -> String {
    format!("{}\n{}\n{}", article.title, article.caption, article.text())
}

#[test]
fn at_least_33_articles_over_three_outlets_of_11_or_more() {
    assert!(articles().len() >= 33, "only {} articles", articles().len());
    assert_eq!(outlets().len(), 3);
    for outlet in outlets() {
        let own: Vec<_> = articles().iter().filter(|a| a.outlet_slug == outlet.slug).collect();
        assert!(own.len() >= 11, "{} has {} articles", outlet.slug, own.len());
        assert!(own.iter().all(|a| a.outlet == outlet.name));
        let ids: HashSet<u32> = own.iter().map(|a| a.id).collect();
        assert_eq!(ids.len(), own.len(), "ids repeat in {}", outlet.slug);
        let sections: HashSet<&str> = own.iter().map(|a| a.section).collect();
        assert!(sections.len() >= 4, "{} covers too few sections", outlet.slug);
    }
}

#[test]
fn every_article_is_complete() {
    let section_names: Vec<&str> = SECTIONS.iter().map(|(_, name)| *name).collect();
    for a in articles() {
        let label = format!("{}/{}", a.outlet_slug, a.id);
        assert!((4..=8).contains(&a.paragraphs.len()), "{label} has {} paragraphs", a.paragraphs.len());
        assert!(a.paragraphs.iter().all(|p| words(p).len() >= 12), "{label} has a stub paragraph");
        assert!(!a.title.is_empty() && !a.caption.is_empty() && a.image.starts_with("/media/"), "{label}");
        assert!(section_names.contains(&a.section), "{label} section {}", a.section);
        let date = a.published().unwrap_or_else(|| panic!("{label} date {} is not RFC 3339", a.date));
        assert!(a.date.starts_with("2026-11-"), "{label} is not from November 2026");
        assert!(a.date.ends_with(":00") && a.date.contains('+'), "{label} date has no offset");
        assert_ne!(date.offset().local_minus_utc(), 0, "{label} should carry a local offset");
        assert!(a.author.is_some() != a.dateline.is_some(), "{label}: exactly one of author and dateline");
        // The caption repeats in the page chrome, never in the body proper.
        assert!(!a.paragraphs.contains(&a.caption), "{label} caption inside body");
    }
}

#[test]
fn bylines_of_both_kinds_and_quotations_occur() {
    let named = articles().iter().filter(|a| a.author.is_some()).count();
    let agency: Vec<_> = articles().iter().filter_map(|a| a.dateline).collect();
    assert!(named >= 10, "{named} named bylines");
    assert!(agency.len() >= 5, "{} agency datelines", agency.len());
    assert!(agency.iter().all(|d| d.contains(" - ")), "datelines look like 'المدينة - وكالات'");
    assert!(agency.iter().any(|d| d.ends_with("وكالات")));
    let quoted = articles().iter().filter(|a| a.text().contains("إن «")).count();
    assert!(quoted >= 15, "{quoted} articles quote someone with قال … إن «…»");
    for relative in ["الماضي", "الجاري", "المقبل"] {
        assert!(articles().iter().any(|a| a.text().contains(relative)), "no relative date with {relative}");
    }
}

#[test]
fn each_form_of_negotiations_appears_in_its_own_article() {
    let forms = ["المفاوضات", "والمفاوضات", "بالمفاوضات", "للمفاوضات", "المُفاوَضات", "مفاوضات"];
    let mut carriers = HashSet::new();
    for form in forms {
        let with_form: Vec<_> = articles().iter().filter(|a| words(&all_text(a)).contains(&form)).collect();
        assert!(!with_form.is_empty(), "no article contains {form}");
        // Each form must be findable in an article that no earlier form already used.
        let fresh = with_form.iter().find(|a| !carriers.contains(&(a.outlet_slug, a.id)));
        let fresh = fresh.unwrap_or_else(|| panic!("{form} only occurs in articles already used"));
        carriers.insert((fresh.outlet_slug, fresh.id));
    }
    assert_eq!(carriers.len(), forms.len());
}

#[test]
fn the_no_match_word_is_absent() {
    for a in articles() {
        assert!(!all_text(a).contains("قمحستان"), "{}/{}", a.outlet_slug, a.id);
    }
}

#[test]
fn the_developing_story_runs_across_outlets_in_order() {
    let mut by_story: HashMap<&str, Vec<&DemoArticle>> = HashMap::new();
    for a in articles() {
        if let Some(tag) = a.story {
            by_story.entry(tag).or_default().push(a);
        }
    }
    let longest = by_story.values().max_by_key(|v| v.len()).expect("a developing story");
    assert!(longest.len() >= 6, "the story has {} episodes", longest.len());
    let outlets: HashSet<&str> = longest.iter().map(|a| a.outlet_slug).collect();
    assert_eq!(outlets.len(), 3, "the story is covered by every outlet");
    let days: HashSet<&str> = longest.iter().map(|a| &a.date[..10]).collect();
    assert!(days.len() >= 5, "the story should unfold over many days");
}

#[test]
fn two_wire_stories_are_printed_twice_with_small_edits() {
    let mut by_wire: HashMap<&str, Vec<&DemoArticle>> = HashMap::new();
    for a in articles() {
        if let Some(tag) = a.wire {
            by_wire.entry(tag).or_default().push(a);
        }
    }
    assert_eq!(by_wire.len(), 2);
    for (tag, copies) in by_wire {
        assert_eq!(copies.len(), 2, "{tag}");
        let (a, b) = (copies[0], copies[1]);
        assert_ne!(a.outlet_slug, b.outlet_slug, "{tag} printed by two outlets");
        assert_ne!(a.text(), b.text(), "{tag}: copies should differ a little");
        let (text_a, text_b) = (a.text(), b.text());
        let wa: HashSet<&str> = words(&text_a).into_iter().collect();
        let wb: HashSet<&str> = words(&text_b).into_iter().collect();
        let shared = wa.intersection(&wb).count() as f64 / wa.union(&wb).count() as f64;
        assert!(shared > 0.7, "{tag}: copies share only {shared:.2} of their words");
    }
}

#[test]
fn legacy_outlet_text_fits_windows_1256() {
    for a in articles().iter().filter(|a| a.template() == Template::Legacy) {
        for text in [a.title, a.caption, a.author.unwrap_or(""), a.dateline.unwrap_or("")]
            .into_iter()
            .chain(a.paragraphs.iter().copied())
        {
            let (_, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
            assert!(!unmappable, "{}/{} has characters windows-1256 lacks: {text}", a.outlet_slug, a.id);
        }
    }
}

#[test]
fn outlets_use_different_url_shapes() {
    let shapes: Vec<String> = outlets()
        .iter()
        .filter_map(|o| articles().iter().find(|a| a.outlet_slug == o.slug))
        .map(|a| a.path())
        .collect();
    assert_eq!(shapes.len(), 3);
    assert_eq!(shapes.iter().filter(|p| p.contains("/2026/11/")).count(), 1, "dates in one outlet's URLs only");
    assert!(shapes.iter().any(|p| p.contains("?id=")));
    assert!(shapes.iter().any(|p| p.contains("/article/")));
}
