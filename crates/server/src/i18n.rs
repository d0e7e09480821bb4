//! Every string the web UI shows, in Arabic (the default) and English, as one
//! table. The language is chosen per request by `?ui=en` in the address (no
//! cookie, so every page can be linked to in either language); `lang` is not used
//! for it because `lang` already filters articles by their language.

use axum::http::Uri;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ar,
    En,
}

/// (key, Arabic, English), sorted by key; a unit test keeps it sorted and unique.
const STRINGS: &[(&str, &str, &str)] = &[
    ("about.body1", "مرصد يجمع الأخبار العربية من المواقع وخلاصاتها وخرائطها، ويستخرج نص كل مقال نظيفًا (العنوان والكاتب والتاريخ والوسيلة والفقرات)، ويحفظه مرة واحدة مهما تكرر، ويجعله قابلًا للبحث.", "Marsad collects Arabic news from websites, their feeds and sitemaps, extracts each article's clean text (title, author, date, outlet, paragraphs), stores it once however often it is copied, and makes it searchable."),
    ("about.body2", "البحث يفهم العربية: كلمة «مفاوضات» تجد «المفاوضات» و«بالمفاوضات» و«للمفاوضات».", "Search understands Arabic: «مفاوضات» finds «المفاوضات», «بالمفاوضات» and «للمفاوضات»."),
    ("about.feeds", "لكل بحث خلاصة RSS وAtom: انسخ رابطها من صفحة النتائج إلى قارئ الخلاصات.", "Every search has an RSS and an Atom feed: copy its link from the results page into your feed reader."),
    ("about.title", "عن مرصد", "About Marsad"),
    ("article.author_by", "بقلم", "By"),
    ("article.error", "تعذّر عرض المقال بسبب خطأ داخلي.", "The article could not be shown because of an internal error."),
    ("article.image", "(الصورة)", "(image)"),
    ("article.other_urls", "روابط أخرى تؤدي إلى هذا المقال", "Other addresses of this article"),
    ("article.source", "المصدر الأصلي:", "Original source:"),
    ("error.back", "العودة إلى البحث", "Back to search"),
    ("error.method", "هذه الطريقة غير مسموح بها هنا.", "This method is not allowed here."),
    ("error.title", "خطأ", "Error"),
    ("feeds.atom", "خلاصة Atom", "Atom feed"),
    ("feeds.label", "تابع هذا البحث:", "Follow this search:"),
    ("feeds.rss", "خلاصة RSS", "RSS feed"),
    ("footer", "مرصد — رصد الأخبار العربية", "Marsad — monitoring Arabic news"),
    ("nav.about", "عن مرصد", "About"),
    ("nav.brand", "مرصد", "Marsad"),
    ("nav.search", "البحث", "Search"),
    ("nav.skip", "تخطَّ إلى المحتوى", "Skip to content"),
    ("nav.sources", "المصادر", "Sources"),
    ("nav.switch.self", "العربية", "English"),
    ("notfound.body", "لم نعثر على ما تبحث عنه. ربما حُذف أو تغيّر رابطه.", "Nothing here. It may have been deleted or moved."),
    ("notfound.short", "غير موجود", "Not found"),
    ("notfound.title", "الصفحة غير موجودة", "Page not found"),
    ("search.all_outlets", "الكل", "All"),
    ("search.bad_link", "رابط البحث غير صالح.", "This search address is not valid."),
    ("search.bad_query", "تعذّر البحث بهذه الصيغة: استخدم كلمات عادية وتحقّق من المرشحات.", "This search could not be run: use plain words and check the filters."),
    ("search.button", "ابحث", "Search"),
    ("search.count", "عدد النتائج:", "Results:"),
    ("search.empty", "لا نتائج", "No results"),
    ("search.empty_hint", "جرّب كلمات أخرى أو وسّع نطاق التاريخ.", "Try other words or a wider date range."),
    ("search.first_page", "العودة إلى الصفحة الأولى", "Back to the first page"),
    ("search.from", "من تاريخ", "From"),
    ("search.internal", "تعذّر البحث بسبب خطأ داخلي. حاول لاحقًا.", "Search failed because of an internal error. Try again later."),
    ("search.label", "نص البحث", "Search text"),
    ("search.latest", "أحدث الأخبار", "Latest news"),
    ("search.loading", "جارٍ البحث…", "Searching…"),
    ("search.next", "التالي ←", "Next →"),
    ("search.no_page", "لا نتائج في هذه الصفحة.", "No results on this page."),
    ("search.outlet", "وسيلة الإعلام", "Outlet"),
    ("search.pages", "الصفحات", "Pages"),
    ("search.placeholder", "ابحث في الأخبار…", "Search the news…"),
    ("search.prev", "→ السابق", "← Previous"),
    ("search.shown", "المعروض", "showing"),
    ("search.sort", "الترتيب", "Order"),
    ("search.sort_date", "الأحدث أولًا", "Newest first"),
    ("search.sort_relevance", "الأكثر صلة", "Most relevant"),
    ("search.title", "البحث", "Search"),
    ("search.title_prefix", "بحث:", "Search:"),
    ("search.to", "إلى تاريخ", "To"),
    ("sources.articles", "المقالات", "Articles"),
    ("sources.comma", "، ", ", "),
    ("sources.count", "عدد المصادر:", "Sources:"),
    ("sources.down", "متعطّل", "failing"),
    ("sources.error", "تعذّر عرض المصادر بسبب خطأ داخلي.", "Sources could not be shown because of an internal error."),
    ("sources.failing", "المتعطّل منها:", "failing:"),
    ("sources.http", "رمز HTTP", "HTTP status"),
    ("sources.items", "العناصر", "Items"),
    ("sources.last_error", "آخر خطأ", "Last error"),
    ("sources.last_success", "آخر نجاح", "Last success"),
    ("sources.none", "لا مصادر بعد.", "No sources yet."),
    ("sources.ok", "يعمل", "ok"),
    ("sources.status", "الحالة", "Status"),
    ("sources.title", "المصادر", "Sources"),
    ("sources.url", "الرابط", "Address"),
    ("untitled", "(بلا عنوان)", "(untitled)"),
];

impl Lang {
    /// `?ui=en` anywhere in the query string selects English.
    pub fn from_query(query: Option<&str>) -> Lang {
        let english = query
            .unwrap_or("")
            .split('&')
            .any(|pair| pair.eq_ignore_ascii_case("ui=en"));
        if english {
            Lang::En
        } else {
            Lang::Ar
        }
    }

    pub fn from_uri(uri: &Uri) -> Lang {
        Lang::from_query(uri.query())
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            Lang::En => "ltr",
        }
    }

    /// The other language, for the switch link.
    pub fn other(self) -> Lang {
        match self {
            Lang::Ar => Lang::En,
            Lang::En => Lang::Ar,
        }
    }

    /// `ui=en` for English, nothing for the default.
    pub fn param(self) -> &'static str {
        match self {
            Lang::Ar => "",
            Lang::En => "en",
        }
    }

    /// The string for `key`; the key itself if the table lacks it (a test checks
    /// every key the pages use), so a typo shows up on screen rather than panics.
    pub fn t(self, key: &'static str) -> &'static str {
        match STRINGS.binary_search_by(|(k, _, _)| k.cmp(&key)) {
            Ok(at) => match self {
                Lang::Ar => STRINGS[at].1,
                Lang::En => STRINGS[at].2,
            },
            Err(_) => key,
        }
    }

    /// A site path with the language kept: `/sources` → `/sources?ui=en`.
    pub fn link(self, path: &str) -> String {
        match self {
            Lang::Ar => path.to_string(),
            Lang::En if path.contains('?') => format!("{path}&ui=en"),
            Lang::En => format!("{path}?ui=en"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_complete() {
        for pair in STRINGS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
        for (key, ar, en) in STRINGS {
            assert!(!ar.trim().is_empty() && !en.trim().is_empty(), "{key}");
        }
    }

    #[test]
    fn every_key_the_pages_use_is_in_the_table() {
        // Keys are string literals passed to `t(`; find them in the page sources.
        for source in [include_str!("pages.rs"), include_str!("html.rs"), include_str!("lib.rs")] {
            for piece in source.split(".t(\"").skip(1) {
                let key = piece.split('"').next().unwrap_or("");
                assert!(
                    STRINGS.binary_search_by(|(k, _, _)| k.cmp(&key)).is_ok(),
                    "missing UI string {key:?}"
                );
            }
        }
    }

    #[test]
    fn language_comes_from_ui_parameter_only() {
        assert_eq!(Lang::from_query(Some("q=x&ui=en")), Lang::En);
        assert_eq!(Lang::from_query(Some("lang=en")), Lang::Ar);
        assert_eq!(Lang::from_query(None), Lang::Ar);
        assert_eq!(Lang::En.link("/?q=x"), "/?q=x&ui=en");
        assert_eq!(Lang::Ar.link("/sources"), "/sources");
        assert_eq!(Lang::En.t("nav.search"), "Search");
        assert_eq!(Lang::Ar.t("no.such.key"), "no.such.key");
    }
}
