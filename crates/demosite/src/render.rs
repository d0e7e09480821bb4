//! HTML for the three outlets. Each template imitates a different generation of
//! Arab news sites, chrome and all, because extraction has to survive exactly this:
//! mastheads, tickers, "most read" boxes, share bars, an "اقرأ أيضا" insert in the
//! middle of the body, the image caption repeated under the headline, and a broken
//! RSS widget. The templates differ in markup on purpose; keep them different.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

use crate::content::{self, DemoArticle, Outlet, Template, SECTIONS};

/// An article ready to render, whether hand-written or generated.
pub(crate) struct Story {
    pub outlet: &'static Outlet,
    pub url: String,
    pub section: &'static str,
    pub title: String,
    pub date: DateTime<FixedOffset>,
    pub author: Option<String>,
    pub dateline: Option<String>,
    pub image: String,
    pub caption: String,
    pub paragraphs: Vec<String>,
    /// Title and URL of the "اقرأ أيضا" insert.
    pub read_also: Option<(String, String)>,
    pub chrome: Chrome,
}

/// Links around the content: the breaking-news ticker and the "most read" box.
pub(crate) struct Chrome {
    pub ticker: Vec<(String, String)>,
    pub most_read: Vec<(String, String)>,
}

impl Chrome {
    fn for_outlet(base: &str, slug: &str, skip_id: Option<u32>) -> Chrome {
        let list = content::of_outlet(slug);
        let link = |a: &&DemoArticle| (a.title.to_string(), a.url(base));
        let ticker = list.iter().take(3).map(link).collect();
        // Rotate by the current article so that each page shows a different box.
        let offset = skip_id.unwrap_or(0) as usize;
        let most_read = (0..list.len())
            .filter_map(|i| list.get((i + offset * 3) % list.len().max(1)))
            .filter(|a| Some(a.id) != skip_id)
            .take(5)
            .map(link)
            .collect();
        Chrome { ticker, most_read }
    }
}

impl Story {
    pub fn from_demo(base: &str, article: &'static DemoArticle) -> Story {
        let outlet = content::outlet(article.outlet_slug).unwrap_or(&content::outlets()[0]);
        // Prefer the previous episode of the same story, as editors do.
        let siblings = content::of_outlet(article.outlet_slug);
        let related = article
            .story
            .and_then(|tag| {
                siblings.iter().find(|a| a.story == Some(tag) && a.id != article.id && a.date < article.date)
            })
            .or_else(|| siblings.iter().find(|a| a.id != article.id && a.section == article.section))
            .or_else(|| siblings.iter().find(|a| a.id != article.id));
        Story {
            outlet,
            url: article.url(base),
            section: content::SECTIONS
                .iter()
                .map(|(_, name)| *name)
                .find(|name| *name == article.section)
                .unwrap_or("سياسة"),
            title: article.title.to_string(),
            date: article.published().unwrap_or_default(),
            author: article.author.map(str::to_string),
            dateline: article.dateline.map(str::to_string),
            image: format!("{base}{}", article.image),
            caption: article.caption.to_string(),
            paragraphs: article.paragraphs.iter().map(|p| p.to_string()).collect(),
            read_also: related.map(|a| (a.title.to_string(), a.url(base))),
            chrome: Chrome::for_outlet(base, article.outlet_slug, Some(article.id)),
        }
    }
}

pub(crate) use model::escape_html as esc;

fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Short teaser for listings and meta descriptions: the first words of the lead.
fn teaser(paragraphs: &[String], words: usize) -> String {
    let first = paragraphs.first().map(String::as_str).unwrap_or("");
    let mut taken: Vec<&str> = first.split_whitespace().take(words + 1).collect();
    if taken.len() > words {
        taken.truncate(words);
        format!("{}…", taken.join(" "))
    } else {
        taken.join(" ")
    }
}

const DEAD_FEED_NOTICE: &str = "تعذر تحميل الخلاصة: rss0.xml غير موجود";

const WEEKDAYS: [&str; 7] = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"];
const LEVANTINE_MONTHS: [&str; 12] = [
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
];
const GREGORIAN_MONTHS: [&str; 12] = [
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
];

fn weekday(date: &DateTime<FixedOffset>) -> &'static str {
    WEEKDAYS[date.weekday().num_days_from_monday() as usize % 7]
}

fn indic_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// "الأحد ١٥ تشرين الثاني ٢٠٢٦": the only date the table-layout outlet prints.
pub(crate) fn levantine_date(date: &DateTime<FixedOffset>) -> String {
    let month = LEVANTINE_MONTHS[date.month0() as usize % 12];
    indic_digits(&format!("{} {} {month} {}", weekday(date), date.day(), date.year()))
}

/// "الأحد 15 نوفمبر 2026 - 09:30", as the modern outlet prints it next to the byline.
fn gregorian_date(date: &DateTime<FixedOffset>) -> String {
    let month = GREGORIAN_MONTHS[date.month0() as usize % 12];
    format!("{} {} {month} {} - {:02}:{:02}", weekday(date), date.day(), date.year(), date.hour(), date.minute())
}

fn byline(story: &Story) -> String {
    match (&story.author, &story.dateline) {
        (Some(author), _) => format!("كتب: {}", esc(author)),
        (None, Some(dateline)) => esc(dateline),
        (None, None) => "المحرر".to_string(),
    }
}

/// (network, label, href) for the share bar.
fn share_links(url: &str, title: &str) -> [(&'static str, &'static str, String); 4] {
    let u = percent_encode(url);
    let t = percent_encode(title);
    [
        ("facebook", "فيسبوك", format!("https://www.facebook.com/sharer/sharer.php?u={u}")),
        ("twitter", "تويتر", format!("https://twitter.com/intent/tweet?url={u}&amp;text={t}")),
        ("whatsapp", "واتساب", format!("https://wa.me/?text={t}%20{u}")),
        ("print", "طباعة", "javascript:window.print()".to_string()),
    ]
}

/// Body paragraphs with the "اقرأ أيضا" insert after the second one.
fn body_with_insert(story: &Story, open: &str, close: &str, insert: impl Fn(&str, &str) -> String) -> String {
    let mut html = String::new();
    for (i, paragraph) in story.paragraphs.iter().enumerate() {
        let _ = writeln!(html, "{open}{}{close}", esc(paragraph));
        if i == 1 {
            if let Some((title, url)) = &story.read_also {
                html.push_str(&insert(&esc(title), &esc(url)));
            }
        }
    }
    html
}

pub(crate) fn article(base: &str, story: &Story) -> String {
    match story.outlet.template {
        Template::Modern => modern_article(base, story),
        Template::Table => table_article(base, story),
        Template::Legacy => legacy_article(base, story),
    }
}

/// Home page (`section == None`) or a section page of one outlet.
pub(crate) fn home(base: &str, outlet: &'static Outlet, section: Option<&str>) -> String {
    let list: Vec<&DemoArticle> = content::of_outlet(outlet.slug)
        .into_iter()
        .filter(|a| section.is_none_or(|s| a.section == s))
        .collect();
    let items: Vec<ListItem> = list
        .iter()
        .map(|a| ListItem {
            title: a.title.to_string(),
            url: a.url(base),
            date: a.published().unwrap_or_default(),
            summary: teaser(&[a.paragraphs.first().map(|p| p.to_string()).unwrap_or_default()], 24),
            image: format!("{base}{}", a.image),
        })
        .collect();
    let chrome = Chrome::for_outlet(base, outlet.slug, None);
    listing(base, outlet, section, &items, &chrome)
}

pub(crate) struct ListItem {
    pub title: String,
    pub url: String,
    pub date: DateTime<FixedOffset>,
    pub summary: String,
    pub image: String,
}

pub(crate) fn listing(
    base: &str,
    outlet: &'static Outlet,
    section: Option<&str>,
    items: &[ListItem],
    chrome: &Chrome,
) -> String {
    let heading = section.unwrap_or("آخر الأخبار");
    let page_title = match section {
        Some(s) => format!("{s} - {}", outlet.name),
        None => format!("{} - {}", outlet.name, outlet.tagline),
    };
    let mut main = String::new();
    match outlet.template {
        Template::Modern => {
            let _ = writeln!(main, "<section class=\"listing\">\n<h1 class=\"section-title\">{}</h1>", esc(heading));
            for item in items {
                let _ = writeln!(
                    main,
                    "<article class=\"card\"><a href=\"{}\"><img src=\"{}\" alt=\"\" loading=\"lazy\"><h2>{}</h2></a>\
                     <p class=\"summary\">{}</p><time datetime=\"{}\">{}</time></article>",
                    esc(&item.url),
                    esc(&item.image),
                    esc(&item.title),
                    esc(&item.summary),
                    item.date.to_rfc3339(),
                    gregorian_date(&item.date)
                );
            }
            main.push_str("</section>\n");
            modern_shell(base, outlet, &page_title, "", &main, chrome)
        }
        Template::Table => {
            let _ = writeln!(main, "<div id=\"content\">\n<h2 class=\"section\">{}</h2>\n<table class=\"list\" width=\"100%\">", esc(heading));
            for item in items {
                let _ = writeln!(
                    main,
                    "<tr><td class=\"item\"><a class=\"headline\" href=\"{}\">{}</a><br><span class=\"date\">{}</span><br>{}</td></tr>",
                    esc(&item.url),
                    esc(&item.title),
                    levantine_date(&item.date),
                    esc(&item.summary)
                );
            }
            main.push_str("</table>\n</div>\n");
            table_shell(base, outlet, &page_title, &main, chrome)
        }
        Template::Legacy => {
            let _ = writeln!(main, "<div class=\"news-list\">\n<div class=\"box-title\">{}</div>", esc(heading));
            for item in items {
                let _ = writeln!(
                    main,
                    "<div class=\"news-item\"><a href=\"{}\">{}</a> <span class=\"news-date\">{}</span><p class=\"txt-brief\">{}</p></div>",
                    esc(&item.url),
                    esc(&item.title),
                    item.date.format("%d/%m/%Y"),
                    esc(&item.summary)
                );
            }
            main.push_str("</div>\n");
            legacy_shell(base, outlet, &page_title, &main, chrome)
        }
    }
}

fn section_href(outlet: &Outlet, slug: &str) -> String {
    match outlet.template {
        Template::Table => format!("/{}/section.php?s={slug}", outlet.slug),
        _ if outlet.slug == crate::synthetic::BENCH_SLUG => format!("/{}/", outlet.slug),
        _ => format!("/{}/section/{slug}", outlet.slug),
    }
}

fn links_li(links: &[(String, String)]) -> String {
    links
        .iter()
        .map(|(title, url)| format!("<li><a href=\"{}\">{}</a></li>", esc(url), esc(title)))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------- modern outlet

fn modern_shell(base: &str, outlet: &Outlet, title: &str, head_extra: &str, main: &str, chrome: &Chrome) -> String {
    let slug = outlet.slug;
    let menu: String = SECTIONS
        .iter()
        .map(|(s, name)| format!("<li><a href=\"{}\">{name}</a></li>", section_href(outlet, s)))
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/{slug}/assets/site.css">
<link rel="alternate" type="application/rss+xml" title="{name}" href="{base}/{slug}/rss.xml">
{head_extra}</head>
<body>
<header class="site-header">
<div class="masthead"><a class="logo" href="/{slug}/">{name}</a><p class="tagline">{tagline}</p>
<p class="board">رئيس مجلس الإدارة: {chairman} — رئيسة التحرير: {editor}</p></div>
<nav class="main-menu"><ul><li><a href="/{slug}/">الرئيسية</a></li>{menu}</ul></nav>
<div class="breaking-ticker" role="marquee"><span class="label">عاجل</span><ul>
{ticker}
</ul></div>
</header>
<div class="layout">
<main>
{main}</main>
<aside class="sidebar">
<section class="most-read"><h2>الأكثر قراءة</h2><ol>
{most_read}
</ol></section>
<section class="rss-widget"><h3>من مواقع شريكة</h3><p class="widget-error">{dead}</p></section>
<section class="newsletter"><h3>النشرة البريدية</h3><p>اشترك ليصلك ملخص أخبار اليوم كل صباح.</p>
<form action="/{slug}/subscribe" method="post"><input type="email" name="email" placeholder="بريدك الإلكتروني"><button>اشترك</button></form></section>
</aside>
</div>
<footer class="site-footer"><nav><a href="/{slug}/about">من نحن</a> · <a href="/{slug}/contact">اتصل بنا</a> · <a href="/{slug}/privacy">سياسة الخصوصية</a></nav>
<p>© 2026 {name}. جميع الحقوق محفوظة.</p></footer>
</body>
</html>
"#,
        title = esc(title),
        name = esc(outlet.name),
        tagline = esc(outlet.tagline),
        chairman = esc(outlet.chairman),
        editor = esc(outlet.editor),
        ticker = links_li(&chrome.ticker),
        most_read = links_li(&chrome.most_read),
        dead = DEAD_FEED_NOTICE,
    )
}

fn modern_article(base: &str, story: &Story) -> String {
    let author = match (&story.author, &story.dateline) {
        (Some(name), _) => serde_json::json!({"@type": "Person", "name": name}),
        _ => serde_json::json!({"@type": "Organization", "name": story.outlet.name}),
    };
    let json_ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": story.date.to_rfc3339(),
        "dateModified": story.date.to_rfc3339(),
        "author": author,
        "image": [story.image],
        "articleSection": story.section,
        "inLanguage": "ar",
        "mainEntityOfPage": story.url,
        "publisher": {"@type": "Organization", "name": story.outlet.name,
                      "logo": {"@type": "ImageObject", "url": format!("{base}/media/{}/logo.png", story.outlet.slug)}},
    });
    // "</" inside a script element would end it early.
    let json_ld = json_ld.to_string().replace("</", "<\\/");
    let description = teaser(&story.paragraphs, 30);
    let head = format!(
        r#"<link rel="canonical" href="{url}">
<meta name="description" content="{description}">
<meta property="og:site_name" content="{name}">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{description}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{image}">
<meta property="article:published_time" content="{date}">
<meta property="article:section" content="{section}">
<meta name="twitter:card" content="summary_large_image">
<script type="application/ld+json">{json_ld}</script>
"#,
        url = esc(&story.url),
        description = esc(&description),
        name = esc(story.outlet.name),
        title = esc(&story.title),
        image = esc(&story.image),
        date = story.date.to_rfc3339(),
        section = esc(story.section),
    );
    let share: String = share_links(&story.url, &story.title)
        .iter()
        .map(|(network, label, href)| format!("<li><a class=\"share-{network}\" href=\"{href}\">{label}</a></li>"))
        .collect();
    let body = body_with_insert(story, "<p>", "</p>", |title, url| {
        format!("<aside class=\"read-also\"><strong>اقرأ أيضا:</strong> <a href=\"{url}\">{title}</a></aside>\n")
    });
    let main = format!(
        r#"<article class="story">
<nav class="breadcrumb"><a href="/{slug}/">الرئيسية</a> › <a href="{section_href}">{section}</a></nav>
<h1 class="story-title">{title}</h1>
<p class="story-subtitle">{caption}</p>
<div class="story-meta"><span class="byline">{byline}</span> <span class="published">{human_date}</span></div>
<figure class="lead-image"><img src="{image}" alt="{caption}"><figcaption>{caption}</figcaption></figure>
<ul class="share-bar">{share}</ul>
<div class="story-body">
{body}</div>
<section class="comments-box"><h3>التعليقات</h3><p>التعليقات المنشورة تعبر عن آراء أصحابها ولا تعبر عن رأي الصحيفة.</p>
<form action="/{slug}/comment" method="post"><textarea name="comment" placeholder="أضف تعليقك"></textarea><button>إرسال</button></form></section>
</article>
"#,
        slug = story.outlet.slug,
        section_href = section_href(story.outlet, content::section_slug(story.section)),
        section = esc(story.section),
        title = esc(&story.title),
        caption = esc(&story.caption),
        byline = byline(story),
        human_date = gregorian_date(&story.date),
        image = esc(&story.image),
    );
    let page_title = format!("{} | {}", story.title, story.outlet.name);
    modern_shell(base, story.outlet, &page_title, &head, &main, &story.chrome)
}

// ----------------------------------------------------------------- table outlet

fn table_shell(base: &str, outlet: &Outlet, title: &str, main: &str, chrome: &Chrome) -> String {
    let slug = outlet.slug;
    let menu: Vec<String> = SECTIONS
        .iter()
        .map(|(s, name)| format!("<a href=\"{}\" class=\"menu\">{name}</a>", section_href(outlet, s)))
        .collect();
    let ticker: Vec<String> = chrome
        .ticker
        .iter()
        .map(|(t, u)| format!("<a href=\"{}\">{}</a>", esc(u), esc(t)))
        .collect();
    let most_read: String = chrome
        .most_read
        .iter()
        .map(|(t, u)| format!("<tr><td class=\"box-item\">&raquo; <a href=\"{}\">{}</a></td></tr>\n", esc(u), esc(t)))
        .collect();
    format!(
        r##"<html dir="rtl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title}</title>
<link href="/{slug}/css/style.css" rel="stylesheet" type="text/css">
<link rel="alternate" type="application/atom+xml" href="{base}/{slug}/atom.xml">
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td colspan="2" class="masthead" align="center"><a href="/{slug}/"><img src="/media/{slug}/logo.gif" border="0" alt="{name}"></a><br>
<font size="2">رئيس مجلس الإدارة: {chairman} &nbsp;|&nbsp; رئيس التحرير: {editor}</font><br><font size="1" color="#666666">{tagline}</font></td></tr>
<tr><td colspan="2" class="menubar"><a href="/{slug}/" class="menu">الصفحة الأولى</a> | {menu} | <a href="/{slug}/archive.php" class="menu">الأرشيف</a></td></tr>
<tr><td colspan="2" class="ticker"><b>عاجل:</b> <marquee direction="right" scrollamount="3">{ticker}</marquee></td></tr>
<tr>
<td width="700" valign="top">
{main}</td>
<td width="280" valign="top" class="side">
<table width="100%" class="box" cellpadding="4"><tr><th class="box-title">الأكثر قراءة</th></tr>
{most_read}</table>
<table width="100%" class="box" cellpadding="4"><tr><th class="box-title">خلاصات الأخبار</th></tr><tr><td>{dead}</td></tr></table>
<table width="100%" class="box" cellpadding="4"><tr><th class="box-title">القائمة البريدية</th></tr><tr><td>سجل بريدك لتصلك النشرة اليومية<br>
<form action="/{slug}/newsletter.php" method="post"><input type="text" name="mail" size="20"> <input type="submit" value="اشتراك"></form></td></tr></table>
</td>
</tr>
<tr><td colspan="2" class="footer" align="center"><font size="1">جميع الحقوق محفوظة &copy; {name} 2026 &nbsp;-&nbsp; <a href="/{slug}/contact.php">اتصل بنا</a> &nbsp;-&nbsp; <a href="/{slug}/ads.php">للإعلان</a></font></td></tr>
</table>
</body>
</html>
"##,
        title = esc(title),
        name = esc(outlet.name),
        chairman = esc(outlet.chairman),
        editor = esc(outlet.editor),
        tagline = esc(outlet.tagline),
        menu = menu.join(" | "),
        ticker = ticker.join(" &nbsp;&loz;&nbsp; "),
        dead = DEAD_FEED_NOTICE,
    )
}

fn table_article(base: &str, story: &Story) -> String {
    let share: Vec<String> = share_links(&story.url, &story.title)
        .iter()
        .map(|(_, label, href)| format!("<a href=\"{href}\" target=\"_blank\">{label}</a>"))
        .collect();
    let body = body_with_insert(story, "<p class=\"text\">", "</p>", |title, url| {
        format!("<table class=\"readmore\" width=\"90%\" align=\"center\"><tr><td><b>اقرأ أيضا:</b> <a href=\"{url}\">{title}</a></td></tr></table>\n")
    });
    let main = format!(
        r#"<div id="content">
<span class="date">{date}</span>
<h1 class="title">{title}</h1>
<p class="subtitle">{caption}</p>
<p class="author">{byline}</p>
<table width="650" border="0" cellpadding="0" cellspacing="0" align="center"><tr><td><img src="{image}" width="650" border="0" alt=""></td></tr>
<tr><td class="caption" align="center"><font size="1">{caption}</font></td></tr></table>
{body}<div class="share">{share}</div>
<div class="comments"><b>أضف تعليقك</b><br><form action="/{slug}/comment.php" method="post"><input type="text" name="name" size="30"><br><textarea name="body" cols="60" rows="5"></textarea><br><input type="submit" value="أرسل"></form></div>
</div>
"#,
        date = levantine_date(&story.date),
        title = esc(&story.title),
        caption = esc(&story.caption),
        byline = byline(story),
        image = esc(&story.image),
        share = share.join(" - "),
        slug = story.outlet.slug,
    );
    let page_title = format!("{} :: {}", story.outlet.name, story.title);
    table_shell(base, story.outlet, &page_title, &main, &story.chrome)
}

// ---------------------------------------------------------------- legacy outlet
// Everything in this template must be representable in windows-1256.

fn legacy_shell(_base: &str, outlet: &Outlet, title: &str, main: &str, chrome: &Chrome) -> String {
    let slug = outlet.slug;
    let menu: String = SECTIONS
        .iter()
        .map(|(s, name)| format!("<li><a href=\"{}\">{name}</a></li>", section_href(outlet, s)))
        .collect();
    let ticker: Vec<String> = chrome
        .ticker
        .iter()
        .map(|(t, u)| format!("<a href=\"{}\">{}</a>", esc(u), esc(t)))
        .collect();
    format!(
        r#"<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" dir="rtl">
<head>
<title>{title}</title>
<meta name="keywords" content="أخبار, عاجل, {name}" />
<link href="/{slug}/style/main.css" rel="stylesheet" type="text/css" />
</head>
<body>
<div id="wrapper">
<div class="header"><a class="logo" href="/{slug}/">{name}</a>
<div class="board">رئيس مجلس الإدارة: {chairman} | رئيسة التحرير: {editor}</div>
<div class="slogan">{tagline}</div></div>
<ul class="nav"><li><a href="/{slug}/">الرئيسية</a></li>{menu}</ul>
<div class="breaking"><b>عاجل:</b> {ticker}</div>
<div class="main-col">
{main}</div>
<div class="side-col">
<div class="most-read"><div class="box-title">الأكثر قراءة</div><ul>
{most_read}
</ul></div>
<div class="rss-box"><div class="box-title">أخبار الشركاء</div><span class="error">{dead}</span></div>
<div class="newsletter"><div class="box-title">النشرة البريدية</div>اشترك في نشرتنا البريدية
<form action="/{slug}/newsletter" method="post"><input type="text" name="email" /><input type="submit" value="اشترك" /></form></div>
</div>
<div class="footer">جميع الحقوق محفوظة لـ{name} © 2026 | <a href="/{slug}/page/about">من نحن</a> | <a href="/{slug}/page/contact">اتصل بنا</a></div>
</div>
</body>
</html>
"#,
        title = esc(title),
        name = esc(outlet.name),
        chairman = esc(outlet.chairman),
        editor = esc(outlet.editor),
        tagline = esc(outlet.tagline),
        ticker = ticker.join(" • "),
        most_read = links_li(&chrome.most_read),
        dead = DEAD_FEED_NOTICE,
    )
}

fn legacy_article(base: &str, story: &Story) -> String {
    let share: String = share_links(&story.url, &story.title)
        .iter()
        .map(|(network, label, href)| format!("<a class=\"{network}\" href=\"{href}\">{label}</a> "))
        .collect();
    let body = body_with_insert(story, "<p>", "</p>", |title, url| {
        format!("<div class=\"related-inline\">اقرأ أيضا: <a href=\"{url}\">{title}</a></div>\n")
    });
    let main = format!(
        r#"<div class="news-details">
<h1 class="news-title">{title}</h1>
<p class="news-brief">{caption}</p>
<div class="news-info"><span class="writer">{byline}</span> | <time datetime="{iso}">{shown}</time></div>
<div class="news-img"><img src="{image}" alt="" /><span class="img-caption">{caption}</span></div>
<div class="share-bar">{share}</div>
<div class="txt">
{body}</div>
<div class="comments-box"><div class="box-title">التعليقات</div>لا توجد تعليقات بعد. كن أول من يعلق.</div>
</div>
"#,
        title = esc(&story.title),
        caption = esc(&story.caption),
        byline = byline(story),
        iso = story.date.to_rfc3339(),
        shown = story.date.format("%d/%m/%Y %H:%M"),
        image = esc(&story.image),
    );
    let page_title = format!("{} - {}", story.title, story.outlet.name);
    legacy_shell(base, story.outlet, &page_title, &main, &story.chrome)
}

// -------------------------------------------------------------- site-wide pages

pub(crate) fn root_index(base: &str, synthetic: bool) -> String {
    let mut links: String = content::outlets()
        .iter()
        .map(|o| format!("<li><a href=\"{base}/{}/\">{}</a></li>\n", o.slug, esc(o.name)))
        .collect();
    if synthetic {
        let _ = writeln!(links, "<li><a href=\"{base}/bench/\">{}</a></li>", esc(crate::synthetic::BENCH_OUTLET.name));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>موقع مرصد التجريبي</title></head>\n\
         <body><h1>موقع مرصد التجريبي</h1><p>مواقع إخبارية متخيلة لاختبار مرصد.</p><ul>\n{links}</ul></body></html>\n"
    )
}

/// Lives under the path robots.txt disallows; a polite crawler never sees it.
pub(crate) fn private_page() -> String {
    "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>منطقة محظورة</title></head>\n\
     <body><h1>منطقة محظورة</h1><p>هذه الصفحة محظورة على برامج الزحف في ملف robots.txt، ووصولك إليها يعني أن الزاحف لم يحترم الملف.</p></body></html>\n"
        .to_string()
}

pub(crate) fn error_page(status: u16, message: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>{status}</title></head>\n\
         <body><h1>خطأ {status}</h1><p>{}</p></body></html>\n",
        esc(message)
    )
}
