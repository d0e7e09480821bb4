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
    /// Bytes of text skipped because their element was hidden or an
    /// `<aside>`: what reading the page with them shown could add (lib.rs).
    pub hidden_text: usize,
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
    /// Whether the skipped subtree being walked is hidden (or an aside) rather
    /// than a script, style or form control.
    skipping_hidden: bool,
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
    hint_cache: std::collections::HashMap<String, PartHints, text::FxBuild>,
    /// Read `<noscript>` content as part of the page.
    noscript: bool,
    /// Read elements hidden by attribute or style as shown.
    show_hidden: bool,
}

/// Flattens `html`. With `noscript`, `<noscript>` content is read as markup and
/// kept, as a browser without scripts shows it; with `show_hidden`, elements
/// hidden by attribute or style are read as shown (a page that hides all of
/// itself until a script runs), and so are `<aside>` elements (a template that
/// puts the post column in one).
pub fn walk(html: &str, noscript: bool, show_hidden: bool) -> Page {
    // The tables sized from the page up front: growing them by doubling
    // copied each a few times (arabic-dev pages hold an element every 200
    // bytes or so, a segment every 500, of markup).
    let page = Page { elems: Vec::with_capacity(html.len() / 256), segments: Vec::with_capacity(html.len() / 512), ..Page::default() };
    let mut walker = Walker {
        noscript,
        show_hidden,
        page,
        frames: Vec::with_capacity(64),
        skip_depth: 0,
        skipping_hidden: false,
        link_depth: 0,
        blocks: Vec::new(),
        chrome: Vec::new(),
        figures: Vec::new(),
        captures: Vec::new(),
        current: String::new(),
        current_link_len: 0,
        current_link_first: None,
        hints: String::new(),
        hint_cache: std::collections::HashMap::default(),
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

fn is_hidden(attrs: &HotAttrs) -> bool {
    // React's streaming renderer sends late parts of the page as `<div hidden
    // id="S:n">` and a script moves them into place: they are shown, not hidden.
    let streamed = attrs.id.is_some_and(|id| id.starts_with("S:"));
    if attrs.hidden && !streamed || attrs.aria_hidden == Some("true") {
        return true;
    }
    attrs.style.is_some_and(|style| {
        // Most styles say neither word: skip the rewrite for them.
        if !text::contains_ignore_ascii_case(style, "none") && !text::contains_ignore_ascii_case(style, "hidden") {
            return false;
        }
        let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// The attributes every element is asked for, read in one pass over its
/// attribute list (the first of duplicates, as [`Tag::attr`] gives) instead of
/// one search per name.
#[derive(Default)]
struct HotAttrs<'t> {
    class: Option<&'t str>,
    id: Option<&'t str>,
    itemprop: Option<&'t str>,
    style: Option<&'t str>,
    href: Option<&'t str>,
    aria_hidden: Option<&'t str>,
    hidden: bool,
}

impl<'t> HotAttrs<'t> {
    fn read(element: &'t Tag) -> Self {
        let mut hot = HotAttrs::default();
        for attr in element.attrs() {
            let slot = match attr.name().as_bytes() {
                b"class" => &mut hot.class,
                b"id" => &mut hot.id,
                b"itemprop" => &mut hot.itemprop,
                b"style" => &mut hot.style,
                b"href" => &mut hot.href,
                b"aria-hidden" => &mut hot.aria_hidden,
                b"hidden" => {
                    hot.hidden = true;
                    continue;
                }
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(attr.value());
            }
        }
        hot
    }
}

/// What an element's class/id/itemprop says.
#[derive(Debug, Clone, Copy)]
struct HintInfo {
    weight: i32,
    capture: Option<CaptureKind>,
}

/// What one of the class, id and itemprop strings says, cached per page by
/// that string. The three are read as one space-joined string, and each
/// reading below is a sum or an "any" over space-separated parts (the weight
/// over tokens, captures over tokens or space-free hints), so the parts can be
/// read and cached apart: class strings repeat all over a page, ids do not.
#[derive(Debug, Clone, Copy, Default)]
struct PartHints {
    weight: i32,
    byline: bool,
    caption: bool,
    subtitle: bool,
}

impl PartHints {
    fn of(lower: &str) -> PartHints {
        // What `has_token` and `is_subtitle_hint` say, read in one pass over
        // the tokens and one over the bytes (a string is read only on its
        // first sight in a page, but most are seen once: ids).
        let hints = &*SUBTITLE_HINTS_BY_MATCH;
        let (mut byline, mut caption, mut subtitle) = (false, false, false);
        for token in lower.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
            byline = byline || BYLINE_TOKENS.iter().any(|w| w.as_bytes() == token);
            caption = caption || CAPTION_TOKENS.iter().any(|w| w.as_bytes() == token);
            subtitle = subtitle || hints.short.iter().any(|h| h.as_bytes() == token);
        }
        PartHints { weight: rules::class_weight(lower), byline, caption, subtitle: subtitle || hints.long_in(lower.as_bytes()) }
    }
}

const BYLINE_TOKENS: &[&str] = &["author", "byline", "writer", "authorname", "author_name", "reporter"];
const CAPTION_TOKENS: &[&str] = &["caption", "wp-caption-text", "image-caption", "photo-caption"];

/// The capture a lowercase class/id/itemprop string asks for on an ordinary
/// element (the parts' [`PartHints`] combined the same way).
#[cfg(test)]
fn hint_capture(hint: &str, itemprop: Option<&str>) -> Option<CaptureKind> {
    if has_token(hint, BYLINE_TOKENS) {
        Some(CaptureKind::Byline)
    } else if has_token(hint, CAPTION_TOKENS) {
        Some(CaptureKind::Caption)
    } else if is_subtitle_hint(hint) || itemprop.is_some_and(|p| p.eq_ignore_ascii_case("alternativeHeadline")) {
        Some(CaptureKind::Subtitle)
    } else {
        None
    }
}

/// Whether a lowercase class/id string has one of `wanted` as a whole token.
fn has_token(lower: &str, wanted: &[&str]) -> bool {
    // Split on bytes: a non-ASCII character is a separator either way (all its
    // bytes are), and the wanted tokens are ASCII.
    lower.as_bytes().split(|b| !b.is_ascii_alphanumeric()).any(|token| wanted.iter().any(|w| w.as_bytes() == token))
}

/// Whether a lowercase class/id string marks a lead or standfirst: it holds one
/// of the long (or `-`/`_`) hints anywhere, or one of the short ones as a token.
#[cfg(test)]
fn is_subtitle_hint(lower: &str) -> bool {
    let hints = &*SUBTITLE_HINTS_BY_MATCH;
    hints.long.iter().any(|h| contains_bytes(lower.as_bytes(), h.as_bytes()))
        || lower.as_bytes().split(|b| !b.is_ascii_alphanumeric()).any(|t| hints.short.iter().any(|h| h.as_bytes() == t))
}

/// [`rules::SUBTITLE_HINTS`] split once into those matched anywhere (long, or
/// with `-`/`_`) and those matched as whole tokens.
struct SubtitleHints {
    long: Vec<&'static str>,
    short: Vec<&'static str>,
    /// Bytes a long hint starts with.
    long_first: [bool; 256],
}

impl SubtitleHints {
    /// Whether one of the long hints occurs in `hay`: one pass, comparing the
    /// hints only where a byte can start one.
    fn long_in(&self, hay: &[u8]) -> bool {
        if self.long.iter().any(|h| h.is_empty()) {
            return true;
        }
        (0..hay.len()).any(|at| self.long_first[usize::from(hay[at])] && self.long.iter().any(|h| hay[at..].starts_with(h.as_bytes())))
    }
}

static SUBTITLE_HINTS_BY_MATCH: std::sync::LazyLock<SubtitleHints> = std::sync::LazyLock::new(|| {
    let (long, short): (Vec<&str>, Vec<&str>) = rules::SUBTITLE_HINTS.iter().partition(|h| h.contains(['-', '_']) || h.len() >= 8);
    let mut long_first = [false; 256];
    for h in &long {
        if let Some(&b) = h.as_bytes().first() {
            long_first[usize::from(b)] = true;
        }
    }
    SubtitleHints { long, short, long_first }
});

/// Whether `needle` occurs in `hay`: a jump to each occurrence of its first
/// byte, then a comparison (class strings are short; a two-way searcher's
/// setup cost more than the search).
#[cfg(test)]
fn contains_bytes(hay: &[u8], needle: &[u8]) -> bool {
    let Some(&first) = needle.first() else { return true };
    let mut from = 0;
    while from + needle.len() <= hay.len() {
        let Some(offset) = hay[from..].iter().position(|&b| b == first) else { return false };
        let at = from + offset;
        if hay.get(at..at + needle.len()) == Some(needle) {
            return true;
        }
        from = at + 1;
    }
    false
}

/// Tag names the pages use, so that each element's name is a shared static
/// string rather than an allocation (sorted, to be read and kept).
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

/// What [`rules`] says of a tag, worked out once per known tag.
#[derive(Clone, Copy)]
struct TagFlags {
    skipped: bool,
    block: bool,
}

impl TagFlags {
    fn of(name: &str) -> TagFlags {
        TagFlags { skipped: rules::is_skipped_tag(name), block: rules::is_block_tag(name) }
    }
}

/// Each known tag with its flags, for a hash lookup by name (a binary search
/// compared names seven times an element).
static KNOWN_TAG_TABLE: std::sync::LazyLock<std::collections::HashMap<&'static str, TagFlags, text::FxBuild>> =
    std::sync::LazyLock::new(|| KNOWN_TAGS.iter().map(|&name| (name, TagFlags::of(name))).collect());

fn intern(name: &str) -> (TagName, TagFlags) {
    match KNOWN_TAG_TABLE.get_key_value(name) {
        Some((&known, &flags)) => (std::borrow::Cow::Borrowed(known), flags),
        None => (std::borrow::Cow::Owned(name.to_owned()), TagFlags::of(name)),
    }
}

impl Walker {
    fn open(&mut self, element: &Tag) {
        let (tag, flags) = intern(element.name);
        let attrs = HotAttrs::read(element);
        self.collect_head_data(&tag, element, &attrs);
        // Class, id and itemprop, each read once per page as written (see
        // [`PartHints`], which reads the lowercase string): the weight and the
        // captures come from them.
        let mut hints = std::mem::take(&mut self.hints);
        let mut parts = PartHints::default();
        for part in [attrs.class, attrs.id, attrs.itemprop].into_iter().flatten().filter(|p| !p.is_empty()) {
            let read = match self.hint_cache.get(part) {
                Some(read) => *read,
                None => {
                    hints.clear();
                    hints.push_str(part);
                    hints.make_ascii_lowercase();
                    let read = PartHints::of(&hints);
                    self.hint_cache.insert(part.to_owned(), read);
                    read
                }
            };
            parts.weight += read.weight;
            parts.byline |= read.byline;
            parts.caption |= read.caption;
            parts.subtitle |= read.subtitle;
        }
        let capture = if parts.byline {
            Some(CaptureKind::Byline)
        } else if parts.caption {
            Some(CaptureKind::Caption)
        } else if parts.subtitle || attrs.itemprop.is_some_and(|p| p.eq_ignore_ascii_case("alternativeHeadline")) {
            Some(CaptureKind::Subtitle)
        } else {
            None
        };
        let info = HintInfo { weight: parts.weight, capture };
        let skipped_tag = flags.skipped
            && !(self.noscript && tag == "noscript")
            && !(tag == "header" && self.in_main_outside_article())
            // The retry of a page that gave nothing reads asides too (lib.rs).
            && !(self.show_hidden && tag == "aside");
        let hidden_here = self.skip_depth == 0 && !self.show_hidden && (tag == "aside" || is_hidden(&attrs));
        let skipping_here = self.skip_depth == 0 && (skipped_tag || hidden_here);
        self.open_captures(&tag, element, info.capture);
        if self.skip_depth > 0 || skipping_here {
            if skipping_here {
                self.skip_depth += 1;
                self.skipping_hidden = hidden_here;
            }
            // Nested inside an already skipped subtree there is nothing to track.
            self.frames.push(Frame { elem: None, skipping: skipping_here, block: false, link: false, chrome: false, figure: false });
            self.hints = hints;
            return;
        }
        let block = flags.block;
        if block || tag == "br" {
            self.flush();
        }
        let weight = info.weight;
        self.hints = hints;
        let index = self.page.elems.len();
        let parent = self.frames.iter().rev().find_map(|f| f.elem);
        let link = tag == "a" && attrs.href.is_some();
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

    fn collect_head_data(&mut self, tag: &str, element: &Tag, attrs: &HotAttrs) {
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
                if let Some(prop) = attrs.itemprop {
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
            if self.skipping_hidden {
                self.page.hidden_text += t.len();
            }
            return;
        }
        // Most text events are the indentation between tags: weightless,
        // told so without weighing them.
        let len = if t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)) { 0 } else { text::weight(t) };
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
        #[derive(PartialEq)]
        enum Then {
            Nothing,
            Teaser,
            MergeRow,
        }
        let (text_len, link_len, parent, then) = match self.page.elems.get_mut(index) {
            Some(elem) => {
                elem.end = elems_len;
                elem.seg_end = segs_len;
                let then = match elem.tag.as_ref() {
                    "h2" | "h3" | "h4" if elem.text_len >= 10 && elem.link_len * 10 >= elem.text_len * 6 => Then::Teaser,
                    "tr" => Then::MergeRow,
                    _ => Then::Nothing,
                };
                (elem.text_len, elem.link_len, elem.parent, then)
            }
            None => return,
        };
        if let Some(parent) = parent.and_then(|p| self.page.elems.get_mut(p)) {
            parent.text_len += text_len;
            parent.link_len += link_len;
        }
        match then {
            Then::Teaser => self.page.teaser_headings.push(index),
            Then::MergeRow => self.merge_row(index),
            Then::Nothing => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading class, id and itemprop apart and combining (what the walker
    /// caches) gives what reading the space-joined string gives.
    #[test]
    fn hint_parts_read_like_the_joined_string() {
        let values = [
            "", "article-body", "Post-Author byline", "sub", "title", "subtitle", "deck", "wp-caption-text caption",
            "sidebar widget", "elementor-widget-container", "alternativeHeadline", "intro lead", "x_standfirst",
            "related-posts ad", "photo caption", "reporter", "post-subtitle-x", "xstandfirsty", "sub", "lead-in",
            "author-name writer", "image-caption", "sstrapline", "subheadlines", "main-content intro",
        ];
        for class in values {
            for id in values {
                for itemprop in ["", "author", "alternativeHeadline", "description"] {
                    let joined = format!("{class} {id} {itemprop}").to_ascii_lowercase();
                    let mut parts = PartHints::default();
                    for part in [class, id, itemprop].into_iter().filter(|p| !p.is_empty()) {
                        let read = PartHints::of(&part.to_ascii_lowercase());
                        parts.weight += read.weight;
                        parts.byline |= read.byline;
                        parts.caption |= read.caption;
                        parts.subtitle |= read.subtitle;
                    }
                    assert_eq!(parts.weight, rules::class_weight(&joined), "{joined:?}");
                    let combined = if parts.byline {
                        Some(CaptureKind::Byline)
                    } else if parts.caption {
                        Some(CaptureKind::Caption)
                    } else if parts.subtitle || itemprop.eq_ignore_ascii_case("alternativeHeadline") {
                        Some(CaptureKind::Subtitle)
                    } else {
                        None
                    };
                    let item = (!itemprop.is_empty()).then_some(itemprop);
                    assert_eq!(combined, hint_capture(&joined, item), "{joined:?}");
                }
            }
        }
    }
}
