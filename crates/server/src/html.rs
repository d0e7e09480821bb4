//! Building blocks of the HTML pages: the page frame (Arabic and right to left by
//! default, English on `?ui=en`), safe rendering of index snippets, and the small
//! URL helpers the pages need.

use axum::http::Uri;
use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::i18n::Lang;

/// What the frame needs besides the body: the reader's language, the title, and
/// the feeds of the page's search when it has one.
pub struct Frame<'a> {
    pub lang: Lang,
    pub title: &'a str,
    /// The address of this page; the language switch links to it in the other language.
    pub uri: &'a Uri,
    /// (RSS URL, Atom URL) of the search shown, advertised to feed readers.
    pub feeds: Option<(String, String)>,
}

/// The frame around every page. `lang`/`dir` on the root make the browser lay out
/// and shape the text correctly even where CSS is not loaded; the skip link is the
/// first thing a keyboard reaches.
pub fn page(frame: Frame<'_>, body: Markup) -> Markup {
    let lang = frame.lang;
    html! {
        (DOCTYPE)
        html lang=(lang.code()) dir=(lang.dir()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (frame.title) " — " (lang.t("nav.brand")) }
                link rel="stylesheet" href="/static/style.css";
                link rel="icon" type="image/svg+xml" href="/static/icon.svg";
                @if let Some((rss, atom)) = &frame.feeds {
                    link rel="alternate" type="application/rss+xml" title=(lang.t("feeds.rss")) href=(rss);
                    link rel="alternate" type="application/atom+xml" title=(lang.t("feeds.atom")) href=(atom);
                }
                script src="/static/app.js" defer {}
            }
            body {
                a.skip href="#main" { (lang.t("nav.skip")) }
                header.site {
                    nav aria-label=(lang.t("nav.brand")) {
                        a.brand href=(lang.link("/")) { (lang.t("nav.brand")) }
                        a href=(lang.link("/")) { (lang.t("nav.search")) }
                        a href=(lang.link("/sources")) { (lang.t("nav.sources")) }
                        a href=(lang.link("/about")) { (lang.t("nav.about")) }
                        a.switch href=(switch_href(frame.uri, lang)) lang=(lang.other().code()) hreflang=(lang.other().code()) {
                            (lang.other().t("nav.switch.self"))
                        }
                    }
                }
                main #main tabindex="-1" { (body) }
                footer.site { (lang.t("footer")) }
            }
        }
    }
}

/// The same address in the other UI language: `ui=en` removed or added.
pub fn switch_href(uri: &Uri, lang: Lang) -> String {
    let mut pairs: Vec<&str> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.to_ascii_lowercase().starts_with("ui="))
        .collect();
    if lang == Lang::Ar {
        pairs.push("ui=en");
    }
    if pairs.is_empty() {
        uri.path().to_string()
    } else {
        format!("{}?{}", uri.path(), pairs.join("&"))
    }
}

/// A date or timestamp as written in the data, kept left to right so that its
/// digits and dashes do not get reordered inside Arabic text.
pub fn date_text(value: &str) -> Markup {
    html! { bdi dir="ltr" { (readable_timestamp(value)) } }
}

/// `2024-05-01T10:30:00+03:00` → `2024-05-01 10:30`, `…Z` → `… UTC`: seconds and
/// offsets are noise to a reader. Anything not shaped like that is shown as is.
pub fn readable_timestamp(value: &str) -> String {
    let (Some(day), Some(clock)) = (value.get(..10), value.get(11..16)) else {
        return value.to_string();
    };
    let shaped = value.as_bytes().get(10) == Some(&b'T')
        && clock
            .bytes()
            .enumerate()
            .all(|(i, b)| if i == 2 { b == b':' } else { b.is_ascii_digit() })
        && day.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    if !shaped {
        return value.to_string();
    }
    if value.ends_with('Z') {
        format!("{day} {clock} UTC")
    } else {
        format!("{day} {clock}")
    }
}

/// Renders an index snippet keeping only its `<mark>` highlighting.
///
/// The index promises that everything but `<mark>`/`</mark>` is already escaped,
/// but the page must stay safe even if that promise breaks: each text run is
/// unescaped once and escaped again here, and the only markup let through is
/// balanced `<mark>` pairs that this function writes itself.
pub fn snippet(snippet: &str) -> Markup {
    const OPEN: &str = "<mark>";
    const CLOSE: &str = "</mark>";
    let mut out = String::with_capacity(snippet.len() + 16);
    let mut inside_mark = false;
    let mut rest = snippet;
    loop {
        let next_open = rest.find(OPEN);
        let next_close = rest.find(CLOSE);
        let (at, is_open) = match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => (o, true),
            (Some(_), Some(c)) => (c, false),
            (Some(o), None) => (o, true),
            (None, Some(c)) => (c, false),
            (None, None) => break,
        };
        let (text, tail) = rest.split_at(at);
        escape_into(&mut out, &unescape(text));
        if is_open {
            rest = &tail[OPEN.len()..];
            if !inside_mark {
                out.push_str(OPEN);
                inside_mark = true;
            }
        } else {
            rest = &tail[CLOSE.len()..];
            if inside_mark {
                out.push_str(CLOSE);
                inside_mark = false;
            }
        }
    }
    escape_into(&mut out, &unescape(rest));
    if inside_mark {
        out.push_str(CLOSE);
    }
    PreEscaped(out)
}

/// Undoes the entities an HTML escaper writes, in one pass so that `&amp;lt;`
/// becomes the text `&lt;` and never `<`.
fn unescape(text: &str) -> String {
    const ENTITIES: [(&str, char); 7] = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&#x27;", '\''),
        ("&apos;", '\''),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match ENTITIES.iter().find(|(entity, _)| tail.starts_with(entity)) {
            Some((entity, ch)) => {
                out.push(*ch);
                rest = &tail[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn escape_into(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
}

/// Only http(s) addresses become links: a `javascript:` or `data:` URL taken from a
/// crawled page must never be clickable.
pub fn is_web_link(url: &str) -> bool {
    let lower: String = url.trim_start().chars().take(8).collect::<String>().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters stay).
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `?a=1&b=2` from the pairs whose value is not empty.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(key, value)| format!("{key}={}", encode_component(value)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_keeps_marks_and_escapes_everything_else() {
        let rendered = snippet("بدء <mark>المفاوضات</mark> &amp; <b>غيرها</b>").into_string();
        assert!(rendered.contains("<mark>المفاوضات</mark>"), "{rendered}");
        assert!(rendered.contains("&amp; &lt;b&gt;"), "{rendered}");
        assert!(!rendered.contains("<b>"), "{rendered}");
    }

    #[test]
    fn snippet_does_not_let_entities_turn_into_tags() {
        // Escaped once by the index: must show as text, never become a tag.
        let rendered = snippet("&lt;script&gt;alert(1)&lt;/script&gt;").into_string();
        assert!(!rendered.contains("<script"), "{rendered}");
        assert!(rendered.contains("&lt;script&gt;"), "{rendered}");
        // Escaped twice: the outer layer stays visible as text.
        let double = snippet("&amp;lt;img&amp;gt;").into_string();
        assert!(double.contains("&amp;lt;img"), "{double}");
    }

    #[test]
    fn snippet_balances_marks() {
        let unclosed = snippet("<mark>أ<mark>ب").into_string();
        assert_eq!(unclosed.matches("<mark>").count(), 1, "{unclosed}");
        assert_eq!(unclosed.matches("</mark>").count(), 1, "{unclosed}");
        let stray = snippet("ج</mark>د").into_string();
        assert!(!stray.contains("</mark>"), "{stray}");
        let attrs = snippet("<mark onclick=x>هـ</mark>").into_string();
        assert!(!attrs.contains("<mark onclick"), "{attrs}");
    }

    #[test]
    fn timestamps_lose_seconds_and_offsets() {
        assert_eq!(readable_timestamp("2024-05-01T10:30:59Z"), "2024-05-01 10:30 UTC");
        assert_eq!(readable_timestamp("2024-05-01T10:30:00+03:00"), "2024-05-01 10:30");
        assert_eq!(readable_timestamp("2024-05-01"), "2024-05-01");
        assert_eq!(readable_timestamp("أمس"), "أمس");
        // A multi-byte character across the cut must not panic.
        assert_eq!(readable_timestamp("2024-05-01Tب:ب"), "2024-05-01Tب:ب");
    }

    #[test]
    fn only_web_urls_are_links() {
        assert!(is_web_link("https://example.com/a"));
        assert!(is_web_link("HTTP://example.com/"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("data:text/html,x"));
        assert!(!is_web_link("file:///etc/passwd"));
        assert!(!is_web_link("ht"));
    }

    #[test]
    fn query_strings_are_percent_encoded() {
        assert_eq!(
            query_string(&[("q", "غزة & رفح"), ("from", ""), ("offset", "20")]),
            "?q=%D8%BA%D8%B2%D8%A9%20%26%20%D8%B1%D9%81%D8%AD&offset=20"
        );
        assert_eq!(query_string(&[("q", "")]), "");
    }
}
