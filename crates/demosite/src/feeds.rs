//! The machine-readable side of the site: an RSS 2.0 feed, an Atom 1.0 feed, news
//! sitemaps with a root index, and robots.txt. Links are absolute and built from
//! the address the server actually bound, so a crawler can follow them.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use crate::content::{self, Outlet};
use crate::render::esc;
use crate::synthetic;

pub(crate) const RSS_PATH: &str = "/dhifaf/rss.xml";
pub(crate) const ATOM_PATH: &str = "/manara/atom.xml";
/// Announced by the RSS widget of every page, but never published.
pub(crate) const DEAD_FEED_PATH: &str = "/dhifaf/rss0.xml";
pub(crate) const LEGACY_SITEMAP_PATH: &str = "/sunbula/sitemap.xml";
pub(crate) const BENCH_RSS_PATH: &str = "/bench/rss.xml";
pub(crate) const BENCH_SITEMAP_PATH: &str = "/bench/sitemap.xml";
/// URLs per page of the synthetic outlet's sitemap. The protocol allows 50,000;
/// news sites page far smaller (by day, or a few thousand), and a crawler's
/// memory must not depend on one huge listing, so the benchmark reads pages of
/// this size (issue 5).
pub(crate) const BENCH_SITEMAP_PAGE: usize = 5_000;

fn teaser(paragraph: Option<&&str>) -> String {
    let words: Vec<&str> = paragraph.map(|p| p.split_whitespace().take(30).collect()).unwrap_or_default();
    words.join(" ")
}

pub(crate) fn robots(base: &str) -> String {
    format!("User-agent: *\nAllow: /\nDisallow: /private/\n\nSitemap: {base}/sitemap.xml\n")
}

pub(crate) fn rss(base: &str, outlet: &Outlet) -> String {
    let list = content::of_outlet(outlet.slug);
    let newest = list.first().and_then(|a| a.published()).unwrap_or_default();
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:media=\"http://search.yahoo.com/mrss/\">\n\
         <channel>\n<title>{name}</title>\n<link>{base}/{slug}/</link>\n<description>{tagline}</description>\n\
         <language>ar</language>\n<lastBuildDate>{built}</lastBuildDate>\n",
        name = esc(outlet.name),
        slug = outlet.slug,
        tagline = esc(outlet.tagline),
        built = newest.to_rfc2822(),
    );
    for article in list {
        let url = esc(&article.url(base));
        let _ = write!(
            xml,
            "<item>\n<title>{title}</title>\n<link>{url}</link>\n<guid isPermaLink=\"true\">{url}</guid>\n\
             <pubDate>{date}</pubDate>\n<category>{section}</category>\n",
            title = esc(article.title),
            date = article.published().unwrap_or_default().to_rfc2822(),
            section = esc(article.section),
        );
        if let Some(author) = article.author {
            let _ = writeln!(xml, "<dc:creator>{}</dc:creator>", esc(author));
        }
        let _ = write!(
            xml,
            "<description>{}</description>\n<media:content url=\"{}\" medium=\"image\"/>\n</item>\n",
            esc(&teaser(article.paragraphs.first())),
            esc(&format!("{base}{}", article.image)),
        );
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

pub(crate) fn atom(base: &str, outlet: &Outlet) -> String {
    let list = content::of_outlet(outlet.slug);
    let newest = list.first().and_then(|a| a.published()).unwrap_or_default();
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ar\">\n\
         <title>{name}</title>\n<subtitle>{tagline}</subtitle>\n<id>{base}/{slug}/</id>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}{path}\"/>\n<link rel=\"alternate\" href=\"{base}/{slug}/\"/>\n\
         <updated>{updated}</updated>\n",
        name = esc(outlet.name),
        tagline = esc(outlet.tagline),
        slug = outlet.slug,
        path = ATOM_PATH,
        updated = newest.to_rfc3339(),
    );
    for article in list {
        let url = esc(&article.url(base));
        let author = article.author.or(article.dateline).unwrap_or(outlet.name);
        let _ = write!(
            xml,
            "<entry>\n<title>{title}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n\
             <id>{url}</id>\n<published>{date}</published>\n<updated>{date}</updated>\n\
             <author><name>{author}</name></author>\n<category term=\"{section}\"/>\n<summary>{summary}</summary>\n</entry>\n",
            title = esc(article.title),
            date = article.date,
            author = esc(author),
            section = esc(article.section),
            summary = esc(&teaser(article.paragraphs.first())),
        );
    }
    xml.push_str("</feed>\n");
    xml
}

/// A Google News sitemap: besides `<loc>` it carries the title and date, which
/// is all a sitemap-driven crawler has before fetching the page.
pub(crate) fn sitemap(base: &str, outlet: &Outlet) -> String {
    let mut xml = sitemap_head();
    for article in content::of_outlet(outlet.slug) {
        sitemap_entry(&mut xml, &article.url(base), outlet.name, article.title, article.published().unwrap_or_default());
    }
    xml.push_str("</urlset>\n");
    xml
}

fn sitemap_head() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
     <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n"
        .to_string()
}

fn sitemap_entry(xml: &mut String, url: &str, outlet: &str, title: &str, date: DateTime<FixedOffset>) {
    let _ = write!(
        xml,
        "<url>\n<loc>{url}</loc>\n<lastmod>{date}</lastmod>\n<news:news><news:publication><news:name>{outlet}</news:name>\
         <news:language>ar</news:language></news:publication><news:publication_date>{date}</news:publication_date>\
         <news:title>{title}</news:title></news:news>\n</url>\n",
        url = esc(url),
        date = date.to_rfc3339(),
        outlet = esc(outlet),
        title = esc(title),
    );
}

/// The root index: the legacy outlet's sitemap and the synthetic outlet's pages
/// (`synthetic` articles; 0 for none).
pub(crate) fn sitemap_index(base: &str, synthetic: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let legacy = content::newest_date(Some("sunbula"));
    let _ = writeln!(xml, "<sitemap><loc>{base}{LEGACY_SITEMAP_PATH}</loc><lastmod>{}</lastmod></sitemap>", legacy.to_rfc3339());
    // The synthetic outlet's pages are listed here directly: an index may not
    // point at another index.
    for page in 1..=bench_sitemap_pages(synthetic) {
        let _ = writeln!(xml, "<sitemap><loc>{base}{}</loc></sitemap>", bench_sitemap_page_path(page));
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

pub(crate) fn bench_rss(base: &str, count: usize) -> String {
    let outlet = &synthetic::BENCH_OUTLET;
    let mut xml = String::with_capacity(count * 400);
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n<title>{}</title>\n\
         <link>{base}/bench/</link>\n<description>{}</description>\n<language>ar</language>\n<lastBuildDate>{}</lastBuildDate>\n",
        esc(outlet.name),
        esc(outlet.tagline),
        synthetic::newest_date(count).to_rfc2822(),
    );
    for index in (1..=count).rev() {
        let url = format!("{base}{}", synthetic::article_path(index));
        let _ = writeln!(
            xml,
            "<item><title>{}</title><link>{url}</link><guid isPermaLink=\"true\">{url}</guid><pubDate>{}</pubDate></item>",
            esc(&synthetic::headline(index)),
            synthetic::date(index).to_rfc2822(),
        );
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

/// The synthetic outlet's sitemap index: one page per [`BENCH_SITEMAP_PAGE`]
/// articles, newest first.
pub(crate) fn bench_sitemap_index(base: &str, count: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in 1..=bench_sitemap_pages(count) {
        let _ = writeln!(xml, "<sitemap><loc>{base}{}</loc></sitemap>", bench_sitemap_page_path(page));
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

pub(crate) fn bench_sitemap_pages(count: usize) -> usize {
    count.div_ceil(BENCH_SITEMAP_PAGE)
}

pub(crate) fn bench_sitemap_page_path(page: usize) -> String {
    format!("/bench/sitemap-{page}.xml")
}

/// Page `page` (1-based) of the synthetic sitemap: articles newest first, at
/// most [`BENCH_SITEMAP_PAGE`] of them. None past the last page.
pub(crate) fn bench_sitemap_page(base: &str, count: usize, page: usize) -> Option<String> {
    if page == 0 || page > bench_sitemap_pages(count) {
        return None;
    }
    let newest = count - (page - 1) * BENCH_SITEMAP_PAGE;
    let oldest = newest.saturating_sub(BENCH_SITEMAP_PAGE) + 1;
    let mut xml = sitemap_head();
    for index in (oldest..=newest).rev() {
        let url = format!("{base}{}", synthetic::article_path(index));
        sitemap_entry(&mut xml, &url, synthetic::BENCH_OUTLET.name, &synthetic::headline(index), synthetic::date(index));
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}
