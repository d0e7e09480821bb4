//! The hand-written newsroom: three invented outlets and their articles, kept as
//! Rust data so tests can compare what extraction finds against what was written.
//!
//! Everything here is invented for this project: outlets, people, the two states
//! whose talks run through the month, and every sentence. The text deliberately
//! carries what search and extraction must cope with: bylines of both kinds,
//! quotations, relative dates, one story told across outlets, two agency stories
//! printed twice with small edits, and the word المفاوضات in several inflections.

mod dhifaf;
mod manara;
mod sunbula;

use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, Utc};

/// Which page template (and so which kind of markup) an outlet uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// `<article>`, JSON-LD NewsArticle, og: meta, dates in article URLs, RSS 2.0.
    Modern,
    /// Table layout with `<div id="content">`, a visible Arabic date and no meta
    /// date, `article.php?id=` URLs, Atom 1.0.
    Table,
    /// windows-1256 bytes with no declared charset, `lang="en"`, `news-details` /
    /// `txt` classes and `<time datetime>`, `/article/<n>` URLs, a sitemap.
    Legacy,
}

#[derive(Debug)]
pub struct Outlet {
    /// Path prefix on the demo server.
    pub slug: &'static str,
    pub name: &'static str,
    pub chairman: &'static str,
    pub editor: &'static str,
    pub tagline: &'static str,
    pub template: Template,
}

static OUTLETS: [Outlet; 3] = [
    Outlet {
        slug: "dhifaf",
        name: "يومية الضفاف",
        chairman: "فيصل عبد الرحمن الزامل",
        editor: "منى سليمان الشهري",
        tagline: "صحيفة عربية مستقلة تصدر يومياً",
        template: Template::Modern,
    },
    Outlet {
        slug: "manara",
        name: "جريدة المنارة",
        chairman: "نبيل إلياس حداد",
        editor: "جورج أنطون الخوري",
        tagline: "سياسية يومية جامعة منذ ١٩٥٨",
        template: Template::Table,
    },
    Outlet {
        slug: "sunbula",
        name: "شبكة السنبلة الإخبارية",
        chairman: "خالد بن سعيد الرواحي",
        editor: "عائشة محمد البلوشي",
        tagline: "الخبر كما هو، على مدار الساعة",
        template: Template::Legacy,
    },
];

/// Section slugs (used in URLs) and their Arabic names (used in pages and data).
pub const SECTIONS: [(&str, &str); 5] = [
    ("politics", "سياسة"),
    ("economy", "اقتصاد"),
    ("health", "صحة"),
    ("sport", "رياضة"),
    ("culture", "ثقافة"),
];

/// One hand-written article, as the demo site publishes it.
#[derive(Debug)]
pub struct DemoArticle {
    /// The outlet's display name, e.g. "يومية الضفاف".
    pub outlet: &'static str,
    /// The outlet's path prefix on the server, e.g. "dhifaf".
    pub outlet_slug: &'static str,
    /// Unique within the outlet; appears in the article's URL.
    pub id: u32,
    pub title: &'static str,
    /// Arabic section name, one of [`SECTIONS`].
    pub section: &'static str,
    /// ISO 8601 with offset, e.g. "2026-11-15T09:30:00+03:00".
    pub date: &'static str,
    /// The writer's name for "كتب: …" bylines; `None` for agency copy.
    pub author: Option<&'static str>,
    /// Agency-style dateline such as "القاهرة - وكالات", printed instead of a byline.
    pub dateline: Option<&'static str>,
    /// Site-relative path of the lead image.
    pub image: &'static str,
    pub caption: &'static str,
    pub paragraphs: &'static [&'static str],
    /// Articles telling one developing story share this tag.
    pub story: Option<&'static str>,
    /// The two printings of one agency story share this tag (for dedup tests).
    pub wire: Option<&'static str>,
}

impl DemoArticle {
    /// Site-relative path of the article page; each template has its own URL shape.
    pub fn path(&self) -> String {
        match self.template() {
            Template::Modern => {
                let day = self.date.get(..10).unwrap_or("0000-00-00").replace('-', "/");
                format!("/{}/news/{day}/{}.html", self.outlet_slug, self.id)
            }
            Template::Table => format!("/{}/article.php?id={}", self.outlet_slug, self.id),
            Template::Legacy => format!("/{}/article/{}", self.outlet_slug, self.id),
        }
    }

    pub fn url(&self, base_url: &str) -> String {
        format!("{base_url}{}", self.path())
    }

    pub fn published(&self) -> Option<DateTime<FixedOffset>> {
        DateTime::parse_from_rfc3339(self.date).ok()
    }

    pub fn template(&self) -> Template {
        outlet(self.outlet_slug).map(|o| o.template).unwrap_or(Template::Modern)
    }

    /// Body text as the store would keep it: paragraphs joined by newlines.
    pub fn text(&self) -> String {
        self.paragraphs.join("\n")
    }
}

pub fn outlets() -> &'static [Outlet] {
    &OUTLETS
}

/// The hand-written articles of all three outlets.
pub fn articles() -> &'static [DemoArticle] {
    static ALL: OnceLock<Vec<DemoArticle>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all = Vec::new();
        all.extend(dhifaf::articles());
        all.extend(manara::articles());
        all.extend(sunbula::articles());
        all
    })
}

pub(crate) fn outlet(slug: &str) -> Option<&'static Outlet> {
    OUTLETS.iter().find(|o| o.slug == slug)
}

pub(crate) fn find(slug: &str, id: u32) -> Option<&'static DemoArticle> {
    articles().iter().find(|a| a.outlet_slug == slug && a.id == id)
}

/// The outlet's articles, newest first, as listings and feeds show them.
pub(crate) fn of_outlet(slug: &str) -> Vec<&'static DemoArticle> {
    let mut list: Vec<_> = articles().iter().filter(|a| a.outlet_slug == slug).collect();
    list.sort_by_key(|a| std::cmp::Reverse(a.published()));
    list
}

/// Newest publication time of one outlet, or of the whole site.
pub(crate) fn newest_date(slug: Option<&str>) -> DateTime<Utc> {
    articles()
        .iter()
        .filter(|a| slug.is_none_or(|s| a.outlet_slug == s))
        .filter_map(|a| a.published())
        .map(|d| d.with_timezone(&Utc))
        .max()
        .unwrap_or_default()
}

pub(crate) fn section_name(slug: &str) -> Option<&'static str> {
    SECTIONS.iter().find(|(s, _)| *s == slug).map(|(_, name)| *name)
}

/// URL slug of an Arabic section name; unknown names fall back to politics,
/// the section every outlet has.
pub fn section_slug(name: &str) -> &'static str {
    SECTIONS.iter().find(|(_, n)| *n == name).map(|(s, _)| *s).unwrap_or("politics")
}
