//! One pass over the parsed DOM that flattens it into what the later stages need:
//! a table of elements (parent, class hint, text and link-text totals computed
//! bottom-up), the text split into block-level segments in document order, and the
//! metadata sources (meta tags, JSON-LD, bylines, captions, images). Every later
//! stage works on these tables, so the whole extraction stays linear in page size.

use crate::rules;
use crate::text;
use crate::html::{self, Tag};

/// Most characters kept from one captured element (bylines, captions, headings):
/// enough for any real one, and it bounds the work on hostile pages.
const CAPTURE_CAP: usize = 2_000;
/// JSON-LD blocks may be long, but not unbounded.
const JSON_LD_CAP: usize = 1_000_000;
/// Captures nest only this deep; deeper ones are ignored (keeps text appends linear).
const CAPTURE_DEPTH: usize = 8;

/// One element that is not inside a skipped subtree.
#[derive(Debug)]
pub struct Elem {
    pub tag: TagName,
    pub parent: Option<usize>,
    /// One past the index of the last element inside this one.
    pub end: usize,
    /// Net class/id hint, see [`rules::class_weight`].
    pub weight: i32,
    /// Non-whitespace characters of text inside, and how many of them are link text.
    pub text_len: usize,
    pub link_len: usize,
    /// Segments produced inside this element: `seg_start..seg_end`.
    pub seg_start: usize,
    pub seg_end: usize,
    /// `<main>` or `role="main"`: the page's own mark of its main area.
    pub main: bool,
}

/// A run of text between two block boundaries.
#[derive(Debug, Clone)]
pub struct Segment {
    pub text: String,
    /// Tag of the block element holding the text ("p", "h2", "li", "tr", "div", ...).
    pub tag: TagName,
    pub owner: Option<usize>,
    pub text_len: usize,
    pub link_len: usize,
    /// The innermost enclosing element whose class/id says "chrome".
    pub chrome_ancestor: Option<usize>,
    /// Whether the text starts inside a link (a teaser headline or a directory entry).
    pub link_first: bool,
}

#[derive(Debug, Clone)]
pub struct Image {
    pub src: String,
    pub alt: String,
    pub width: Option<u32>,
    /// Element holding the image, and the figure it sits in, if any.
    pub parent: Option<usize>,
    pub figure: Option<usize>,
}

/// Text of an element captured for metadata, with where it sat.
#[derive(Debug, Clone)]
pub struct Captured {
    pub text: String,
    /// Number of segments emitted before the element opened.
    pub seg_pos: usize,
    pub elem: Option<usize>,
    pub figure: Option<usize>,
    /// `datetime` of a `<time>`, `href` of a link.
    pub attr: Option<String>,
}

#[derive(Debug, Default)]
pub struct Page {
    pub elems: Vec<Elem>,
    pub segments: Vec<Segment>,
    /// (key, value) of `<meta>` tags and of `itemprop` elements with a content/datetime.
    pub metas: Vec<(String, String)>,
    /// (rel, href) of `<link>` tags.
    pub links: Vec<(String, String)>,
    pub html_lang: Option<String>,
    pub title: Option<String>,
    pub json_ld: Vec<String>,
    pub h1s: Vec<Captured>,
    pub bylines: Vec<Captured>,
    pub author_links: Vec<Captured>,
    pub times: Vec<Captured>,
    pub captions: Vec<Captured>,
    /// Elements marked as a lead or standfirst, see [`rules::SUBTITLE_HINTS`].
    pub subtitles: Vec<Captured>,
    pub images: Vec<Image>,
    /// Headings (h2-h4) that are mostly one link: teaser blocks of a listing.
    pub teaser_headings: Vec<usize>,
    /// Number of `<a href>` outside skipped subtrees.
    pub link_count: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum CaptureKind {
    Title,
    JsonLd,
    H1,
    Byline,
    AuthorLink,
    Time,
    Caption,
    Subtitle,
}

struct Capture {
    kind: CaptureKind,
    depth: usize,
    out: Captured,
}

struct Frame {
    elem: Option<usize>,
    skipping: bool,
    block: bool,
    link: bool,
    chrome: bool,
    figure: bool,
}

struct Walker {
    page: Page,
    frames: Vec<Frame>,
    skip_depth: usize,
    link_depth: usize,
    blocks: Vec<usize>,
    chrome: Vec<usize>,
    figures: Vec<usize>,
    captures: Vec<Capture>,
    current: String,
    current_link_len: usize,
    current_link_first: Option<bool>,
    /// Buffer for an element's lowercase class/id/itemprop (reused).
    hints: String,
    hint_cache: std::collections::HashMap<String, HintInfo>,
    /// Read `<noscript>` content as part of the page.
    noscript: bool,
}

/// Flattens `html`. With `noscript`, `<noscript>` content is read as markup and
/// kept, as a browser without scripts shows it.
pub fn walk(html: &str, noscript: bool) -> Page {
    let mut walker = Walker {
        noscript,
        page: Page::default(),
        frames: Vec::new(),
        skip_depth: 0,
        link_depth: 0,
        blocks: Vec::new(),
        chrome: Vec::new(),
        figures: Vec::new(),
        captures: Vec::new(),
        current: String::new(),
        current_link_len: 0,
        current_link_first: None,
        hints: String::new(),
        hint_cache: std::collections::HashMap::new(),
    };
    html::parse_with(html, &mut walker, !noscript);
    walker.flush();
    walker.page
}

impl html::Sink for Walker {
    fn open(&mut self, tag: &Tag) {
        Walker::open(self, tag);
    }
    fn text(&mut self, text: &str) {
        Walker::text(self, text);
    }
    fn close(&mut self) {
        Walker::close(self);
    }
}

fn is_hidden(element: &Tag) -> bool {
    // React's streaming renderer sends late parts of the page as `<div hidden
    // id="S:n">` and a script moves them into place: they are shown, not hidden.
    let streamed = element.attr("id").is_some_and(|id| id.starts_with("S:"));
    if element.attr("hidden").is_some() && !streamed || element.attr("aria-hidden") == Some("true") {
        return true;
    }
    element.attr("style").is_some_and(|style| {
        // Most styles say neither word: skip the rewrite for them.
        if !text::contains_ignore_ascii_case(style, "none") && !text::contains_ignore_ascii_case(style, "hidden") {
            return false;
        }
        let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// What an element's class/id/itemprop says, cached per page by that string.
#[derive(Debug, Clone, Copy)]
struct HintInfo {
    weight: i32,
    capture: Option<CaptureKind>,
}

/// The capture a lowercase class/id/itemprop string asks for on an ordinary element.
fn hint_capture(hint: &str, element: &Tag) -> Option<CaptureKind> {
    if has_token(hint, &["author", "byline", "writer", "authorname", "author_name", "reporter"]) {
        Some(CaptureKind::Byline)
    } else if has_token(hint, &["caption", "wp-caption-text", "image-caption", "photo-caption"]) {
        Some(CaptureKind::Caption)
    } else if is_subtitle_hint(hint) || element.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("alternativeHeadline")) {
        Some(CaptureKind::Subtitle)
    } else {
        None
    }
}

/// Whether a lowercase class/id string has one of `wanted` as a whole token.
fn has_token(lower: &str, wanted: &[&str]) -> bool {
    lower.split(|c: char| !c.is_ascii_alphanumeric()).any(|token| wanted.contains(&token))
}

/// Whether a lowercase class/id string marks a lead or standfirst.
fn is_subtitle_hint(lower: &str) -> bool {
    rules::SUBTITLE_HINTS.iter().any(|h| {
        if h.contains(['-', '_']) || h.len() >= 8 {
            lower.contains(h)
        } else {
            lower.split(|c: char| !c.is_ascii_alphanumeric()).any(|t| t == *h)
        }
    })
}

/// Tag names the pages use, so that each element's name is a shared static
/// string rather than an allocation (sorted for binary search).
const KNOWN_TAGS: &[&str] = &[
    "a", "abbr", "address", "article", "aside", "audio", "b", "blockquote", "body", "br", "button", "caption",
    "center", "cite", "code", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "font",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "i", "iframe", "img",
    "input", "ins", "label", "li", "link", "main", "mark", "meta", "nav", "noscript", "ol", "option", "p",
    "picture", "pre", "q", "s", "script", "section", "select", "small", "source", "span", "strong", "style", "sub",
    "summary", "sup", "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time",
    "title", "tr", "u", "ul", "video",
];

/// An element's name as stored in the tables.
pub type TagName = std::borrow::Cow<'static, str>;

fn intern(name: &str) -> TagName {
    match KNOWN_TAGS.binary_search(&name) {
        Ok(i) => std::borrow::Cow::Borrowed(KNOWN_TAGS[i]),
        Err(_) => std::borrow::Cow::Owned(name.to_owned()),
    }
}

impl Walker {
    fn open(&mut self, element: &Tag) {
        let tag = intern(element.name);
        self.collect_head_data(&tag, element);
        // Class, id and itemprop, lowercased once: the weight and the captures read them.
        let mut hints = std::mem::take(&mut self.hints);
        hints.clear();
        for (i, name) in ["class", "id", "itemprop"].into_iter().enumerate() {
            if i > 0 {
                hints.push(' ');
            }
            hints.push_str(element.attr(name).unwrap_or_default());
        }
        hints.make_ascii_lowercase();
        // Pages repeat the same class strings hundreds of times: what they say is
        // worked out once per page.
        let info = if hints.len() <= 2 {
            HintInfo { weight: 0, capture: None }
        } else if let Some(info) = self.hint_cache.get(&hints) {
            *info
        } else {
            let info = HintInfo { weight: rules::class_weight(&hints), capture: hint_capture(&hints, element) };
            self.hint_cache.insert(hints.clone(), info);
            info
        };
        let skipped_tag = rules::is_skipped_tag(&tag) && !(self.noscript && tag == "noscript")
            && !(tag == "header" && self.in_main_outside_article());
        let skipping_here = self.skip_depth == 0 && (skipped_tag || is_hidden(element));
        self.open_captures(&tag, element, info.capture);
        if self.skip_depth > 0 || skipping_here {
            if skipping_here {
                self.skip_depth += 1;
            }
            // Nested inside an already skipped subtree there is nothing to track.
            self.frames.push(Frame { elem: None, skipping: skipping_here, block: false, link: false, chrome: false, figure: false });
            self.hints = hints;
            return;
        }
        let block = rules::is_block_tag(&tag);
        if block || tag == "br" {
            self.flush();
        }
        let weight = info.weight;
        self.hints = hints;
        let index = self.page.elems.len();
        let parent = self.frames.iter().rev().find_map(|f| f.elem);
        let link = tag == "a" && element.attr("href").is_some();
        let figure = tag == "figure";
        let image = tag == "img";
        let main = tag == "main" || element.attr("role").is_some_and(|r| r.eq_ignore_ascii_case("main"));
        self.page.elems.push(Elem {
            tag,
            parent,
            end: index + 1,
            weight,
            text_len: 0,
            link_len: 0,
            seg_start: self.page.segments.len(),
            seg_end: self.page.segments.len(),
            main,
        });
        if link {
            self.link_depth += 1;
            self.page.link_count += 1;
        }
        let chrome = weight < 0;
        if chrome {
            self.chrome.push(index);
        }
        if block {
            self.blocks.push(index);
        }
        if figure {
            self.figures.push(index);
        }
        if image {
            self.add_image(element, parent);
        }
        self.frames.push(Frame { elem: Some(index), skipping: false, block, link, chrome, figure });
    }

    /// Whether the element being opened sits inside the page's `<main>` and
    /// outside any `<article>`: a `<header>` there is a section of the main
    /// area (page builders name their sections so), not the site's masthead.
    fn in_main_outside_article(&self) -> bool {
        let elems = &self.page.elems;
        let parent = self.frames.iter().rev().find_map(|f| f.elem);
        let chain = std::iter::successors(parent, |&a| elems.get(a).and_then(|e| e.parent)).filter_map(|a| elems.get(a));
        let mut main = false;
        for elem in chain {
            if elem.tag == "article" {
                return false;
            }
            if elem.main {
                main = true;
            }
        }
        main
    }

    fn collect_head_data(&mut self, tag: &str, element: &Tag) {
        match tag {
            "meta" => {
                let key = element
                    .attr("property")
                    .or_else(|| element.attr("name"))
                    .or_else(|| element.attr("itemprop"))
                    .or_else(|| element.attr("http-equiv"));
                if let (Some(key), Some(content)) = (key, element.attr("content")) {
                    self.page.metas.push((key.trim().to_ascii_lowercase(), text::fold(content)));
                }
            }
            "link" => {
                if let (Some(rel), Some(href)) = (element.attr("rel"), element.attr("href")) {
                    self.page.links.push((rel.trim().to_ascii_lowercase(), href.trim().to_owned()));
                }
            }
            "html" => {
                if let Some(lang) = element.attr("lang").or_else(|| element.attr("xml:lang")) {
                    self.page.html_lang = Some(lang.trim().to_owned());
                }
            }
            _ => {
                if let Some(prop) = element.attr("itemprop") {
                    if let Some(value) = element.attr("content").or_else(|| element.attr("datetime")) {
                        self.page.metas.push((prop.trim().to_ascii_lowercase(), text::fold(value)));
                    }
                }
            }
        }
    }

    fn open_captures(&mut self, tag: &str, element: &Tag, by_hint: Option<CaptureKind>) {
        let kind = match tag {
            "title" if self.page.title.is_none() => Some(CaptureKind::Title),
            "script" if element.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) => {
                Some(CaptureKind::JsonLd)
            }
            "h1" => Some(CaptureKind::H1),
            "time" => Some(CaptureKind::Time),
            "figcaption" => Some(CaptureKind::Caption),
            "a" if element.attr("rel").is_some_and(|rel| has_token(&rel.to_ascii_lowercase(), &["author"])) => Some(CaptureKind::AuthorLink),
            "meta" | "link" | "script" | "style" | "img" => None,
            _ => by_hint,
        };
        let Some(kind) = kind else { return };
        if self.captures.len() >= CAPTURE_DEPTH {
            return;
        }
        let attr = match kind {
            CaptureKind::Time => element.attr("datetime").map(str::to_owned),
            CaptureKind::AuthorLink => element.attr("href").map(str::to_owned),
            _ => None,
        };
        self.captures.push(Capture {
            kind,
            depth: self.frames.len(),
            out: Captured {
                text: String::new(),
                seg_pos: self.page.segments.len(),
                elem: if self.skip_depth == 0 { Some(self.page.elems.len()) } else { None },
                figure: self.figures.last().copied(),
                attr,
            },
        });
    }

    fn add_image(&mut self, element: &Tag, parent: Option<usize>) {
        let src = ["data-src", "data-original", "data-lazy-src", "src"]
            .iter()
            .filter_map(|name| element.attr(name))
            .map(str::trim)
            .find(|s| !s.is_empty() && !s.starts_with("data:"));
        let Some(src) = src else { return };
        self.page.images.push(Image {
            src: src.to_owned(),
            alt: text::fold(element.attr("alt").unwrap_or_default()),
            width: element.attr("width").and_then(|w| w.trim().trim_end_matches("px").parse().ok()),
            parent,
            figure: self.figures.last().copied(),
        });
    }

    fn text(&mut self, t: &str) {
        for capture in &mut self.captures {
            let cap = if capture.kind == CaptureKind::JsonLd { JSON_LD_CAP } else { CAPTURE_CAP };
            if capture.out.text.len() < cap {
                capture.out.text.push_str(text::clip(t, cap));
            }
        }
        if self.skip_depth > 0 {
            return;
        }
        let len = text::weight(t);
        if len == 0 {
            if !t.is_empty() {
                self.current.push(' ');
            }
            return;
        }
        self.current.push_str(t);
        let in_link = self.link_depth > 0;
        self.current_link_first.get_or_insert(in_link);
        if in_link {
            self.current_link_len += len;
        }
        if let Some(index) = self.frames.iter().rev().find_map(|f| f.elem) {
            if let Some(elem) = self.page.elems.get_mut(index) {
                elem.text_len += len;
                if in_link {
                    elem.link_len += len;
                }
            }
        }
    }

    fn close(&mut self) {
        let Some(frame) = self.frames.pop() else { return };
        let depth = self.frames.len();
        while self.captures.last().is_some_and(|c| c.depth >= depth) {
            if let Some(capture) = self.captures.pop() {
                self.finish_capture(capture);
            }
        }
        if frame.skipping {
            self.skip_depth = self.skip_depth.saturating_sub(1);
        }
        let Some(index) = frame.elem else { return };
        if frame.block {
            self.flush();
            self.blocks.pop();
        }
        if frame.link {
            self.link_depth = self.link_depth.saturating_sub(1);
        }
        if frame.chrome {
            self.chrome.pop();
        }
        if frame.figure {
            self.figures.pop();
        }
        let elems_len = self.page.elems.len();
        let segs_len = self.page.segments.len();
        let (text_len, link_len, parent, tag) = match self.page.elems.get_mut(index) {
            Some(elem) => {
                elem.end = elems_len;
                elem.seg_end = segs_len;
                (elem.text_len, elem.link_len, elem.parent, elem.tag.clone())
            }
            None => return,
        };
        if let Some(parent) = parent.and_then(|p| self.page.elems.get_mut(p)) {
            parent.text_len += text_len;
            parent.link_len += link_len;
        }
        match tag.as_ref() {
            "h2" | "h3" | "h4" if text_len >= 10 && link_len * 10 >= text_len * 6 => {
                self.page.teaser_headings.push(index);
            }
            "tr" => self.merge_row(index),
            _ => {}
        }
    }

    fn finish_capture(&mut self, capture: Capture) {
        let mut out = capture.out;
        if capture.kind != CaptureKind::JsonLd {
            out.text = text::fold(&out.text);
        }
        let page = &mut self.page;
        match capture.kind {
            CaptureKind::Title => page.title = Some(out.text),
            CaptureKind::JsonLd => page.json_ld.push(out.text),
            CaptureKind::H1 => page.h1s.push(out),
            CaptureKind::Byline => page.bylines.push(out),
            CaptureKind::AuthorLink => page.author_links.push(out),
            CaptureKind::Time => page.times.push(out),
            CaptureKind::Caption => page.captions.push(out),
            CaptureKind::Subtitle => page.subtitles.push(out),
        }
    }

    /// Ends the current text run and stores it as a segment of the innermost block.
    fn flush(&mut self) {
        if self.current.is_empty() {
            return;
        }
        let (folded, text_len) = text::fold_counting(&self.current);
        self.current.clear();
        let link_len = std::mem::take(&mut self.current_link_len);
        let link_first = self.current_link_first.take().unwrap_or(false);
        if folded.is_empty() {
            return;
        }
        let owner = self.blocks.last().copied();
        let tag = owner.and_then(|o| self.page.elems.get(o)).map(|e| e.tag.clone()).unwrap_or_default();
        self.page.segments.push(Segment {
            text: folded,
            tag,
            owner,
            text_len,
            link_len: link_len.min(text_len),
            chrome_ancestor: self.chrome.last().copied(),
            link_first,
        });
    }

    /// Joins the cells of a data-table row into one segment, " | " between cells.
    /// Layout tables (cells holding paragraphs or several lines) are left alone.
    fn merge_row(&mut self, row: usize) {
        let Some(start) = self.page.elems.get(row).map(|e| e.seg_start) else { return };
        let segments = &self.page.segments;
        let cells = segments.get(start..).unwrap_or_default();
        if cells.is_empty() {
            return;
        }
        let mut owners = Vec::with_capacity(cells.len());
        for segment in cells {
            let Some(owner) = segment.owner else { return };
            let Some(elem) = self.page.elems.get(owner) else { return };
            let is_cell = (elem.tag == "td" || elem.tag == "th") && elem.parent == Some(row);
            if !is_cell || owners.contains(&owner) || segment.text_len > 300 {
                return;
            }
            owners.push(owner);
        }
        let merged = Segment {
            text: cells.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" | "),
            tag: TagName::Borrowed("tr"),
            owner: Some(row),
            text_len: cells.iter().map(|s| s.text_len).sum(),
            link_len: cells.iter().map(|s| s.link_len).sum(),
            chrome_ancestor: cells[0].chrome_ancestor,
            link_first: cells[0].link_first,
        };
        self.page.segments.truncate(start);
        self.page.segments.push(merged);
        if let Some(elem) = self.page.elems.get_mut(row) {
            elem.seg_end = self.page.segments.len();
        }
    }
}
