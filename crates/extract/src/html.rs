//! A small HTML parser made for extraction: a tokenizer that skips from `<` to `<`
//! and a tree builder that keeps only a stack of open element names, handing
//! open/text/close events to a [`Sink`] instead of building a DOM.
//!
//! Why not html5ever: on arabic-dev its parse alone (through `scraper`'s tree) was
//! 3.4 ms a page, more than the whole budget for beating resiliparse, and its
//! tree builder is quadratic on deep nesting (40k nested divs: 8.6 s). This one
//! follows the HTML standard where it changes what text lands in which element
//! (implied end tags of `p`, `li`, `dd`/`dt`, headings, table cells and rows,
//! raw text and RCDATA elements, character references, void elements, an `a`
//! closing an open `a`, end tags stopped by special elements and scope
//! boundaries), and leaves out what only matters for a faithful DOM (the
//! adoption agency's re-parenting, reconstruction of formatting elements, foster
//! parenting of stray table content). Nesting is capped at [`MAX_DEPTH`] the way
//! browsers cap it, so the time stays linear in the page size.

use std::borrow::Cow;

/// Deepest element nesting kept; an element that would go deeper becomes the
/// sibling of the deepest one. 512 is Blink's limit
/// (`kMaximumHTMLParserDOMTreeDepth`): real pages stay far below it, and it
/// bounds every stack search, so hostile nesting costs linear time.
pub const MAX_DEPTH: usize = 512;

/// A start tag: its lowercase name and attributes (names lowercase, character
/// references decoded). Duplicate attributes keep the first, as browsers do.
#[derive(Debug)]
pub struct Tag<'t, 'a> {
    pub name: &'t str,
    attrs: &'t [Attr<'a>],
}

impl<'t, 'a> Tag<'t, 'a> {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|a| a.name == name).map(Attr::value)
    }

    /// Every attribute in source order, duplicates included.
    pub fn attrs(&self) -> std::slice::Iter<'t, Attr<'a>> {
        self.attrs.iter()
    }
}

/// An attribute: its lowercase name and its value as written. Character
/// references in the value are decoded the first time it is asked for: most
/// attributes (`data-*` JSON, `srcset`, handlers) never are, and some pages
/// hold tens of thousands of `&quot;` in them.
#[derive(Debug)]
pub struct Attr<'a> {
    name: Cow<'a, str>,
    raw: &'a str,
    /// Whether `raw` holds a `&` (seen while its end was searched for): a
    /// value without one is its own decoding.
    has_reference: bool,
    decoded: std::cell::OnceCell<Cow<'a, str>>,
}

impl Attr<'_> {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn value(&self) -> &str {
        if !self.has_reference {
            return self.raw;
        }
        self.decoded.get_or_init(|| decode_references(self.raw, true))
    }
}

/// What the parser reports, in document order. Every `open` is matched by one
/// `close`; text arrives in pieces (one per run between tags).
pub trait Sink {
    fn open(&mut self, tag: &Tag);
    fn text(&mut self, text: &str);
    fn close(&mut self);
}

/// Elements that never have content: opened and closed at once.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area" | "base" | "basefont" | "bgsound" | "br" | "col" | "embed" | "frame" | "hr" | "img" | "image" | "input"
            | "keygen" | "link" | "meta" | "param" | "source" | "track" | "wbr"
    )
}

/// Elements whose content is raw text up to their own end tag.
fn is_raw_text(name: &str) -> bool {
    matches!(name, "iframe" | "noembed" | "noframes" | "noscript" | "script" | "style" | "xmp")
}

/// Elements whose content is text with character references, up to their end tag.
fn is_rcdata(name: &str) -> bool {
    matches!(name, "textarea" | "title")
}

/// Start tags that close an open `p` (the standard's "close a p element" list).
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address" | "article" | "aside" | "blockquote" | "center" | "dd" | "details" | "dialog" | "dir" | "div" | "dl"
            | "dt" | "fieldset" | "figcaption" | "figure" | "footer" | "form" | "h1" | "h2" | "h3" | "h4" | "h5"
            | "h6" | "header" | "hgroup" | "hr" | "li" | "listing" | "main" | "menu" | "nav" | "ol" | "p"
            | "plaintext" | "pre" | "search" | "section" | "summary" | "ul" | "xmp"
    )
}

/// End tags that close their element with everything opened inside it when it
/// is in scope (the standard's rule for block containers).
fn closes_by_scope(name: &str) -> bool {
    matches!(
        name,
        "address" | "applet" | "article" | "aside" | "blockquote" | "button" | "center" | "details" | "dialog" | "dir"
            | "div" | "dl" | "fieldset" | "figcaption" | "figure" | "footer" | "form" | "header" | "hgroup"
            | "listing" | "main" | "marquee" | "menu" | "nav" | "object" | "ol" | "pre" | "search" | "section"
            | "summary" | "ul"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The standard's "special" elements: an end tag for something else does not
/// close them.
fn is_special(name: &str) -> bool {
    matches!(
        name,
        "address" | "applet" | "area" | "article" | "aside" | "base" | "basefont" | "bgsound" | "blockquote" | "body"
            | "br" | "button" | "caption" | "center" | "col" | "colgroup" | "dd" | "details" | "dir" | "div" | "dl"
            | "dt" | "embed" | "fieldset" | "figcaption" | "figure" | "footer" | "form" | "frame" | "frameset" | "h1"
            | "h2" | "h3" | "h4" | "h5" | "h6" | "head" | "header" | "hgroup" | "hr" | "html" | "iframe" | "img"
            | "input" | "keygen" | "li" | "link" | "listing" | "main" | "marquee" | "menu" | "meta" | "nav"
            | "noembed" | "noframes" | "noscript" | "object" | "ol" | "p" | "param" | "plaintext" | "pre"
            | "script" | "search" | "section" | "select" | "source" | "style" | "summary" | "table" | "tbody" | "td"
            | "template" | "textarea" | "tfoot" | "th" | "thead" | "title" | "tr" | "track" | "ul" | "wbr" | "xmp"
    )
}

/// Formatting elements: their end tag closes them wherever they are open (the
/// adoption agency, without its re-parenting).
fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b" | "big" | "code" | "em" | "font" | "i" | "nobr" | "s" | "small" | "strike" | "strong" | "tt" | "u"
    )
}

/// Elements a scope search stops at (the standard's default scope).
fn is_scope_boundary(name: &str) -> bool {
    matches!(name, "applet" | "caption" | "html" | "marquee" | "object" | "table" | "td" | "template" | "th")
}

/// HTML tags that end an open `<svg>` or `<math>` (foreign content breakout).
fn breaks_out_of_foreign(name: &str) -> bool {
    matches!(
        name,
        "b" | "big" | "blockquote" | "body" | "br" | "center" | "code" | "dd" | "div" | "dl" | "dt" | "em" | "embed"
            | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "head" | "hr" | "i" | "img" | "li" | "listing" | "menu"
            | "meta" | "nobr" | "ol" | "p" | "pre" | "ruby" | "s" | "small" | "span" | "strong" | "strike" | "sub"
            | "sup" | "table" | "tt" | "u" | "ul" | "var"
    )
}

/// Tags that belong in `<head>`; any other tag starts the body.
fn is_head_content(name: &str) -> bool {
    matches!(
        name,
        "base" | "basefont" | "bgsound" | "link" | "meta" | "noframes" | "noscript" | "script" | "style" | "template"
            | "title"
    )
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mode {
    /// Nothing but a doctype, comments or whitespace seen yet.
    Initial,
    BeforeHead,
    InHead,
    /// After `</head>`, before the body starts.
    AfterHead,
    InBody,
}

/// The tree builder: the stack of open elements and the insertion mode.
struct Builder<'a, 's, S: Sink> {
    sink: &'s mut S,
    stack: Vec<Cow<'a, str>>,
    mode: Mode,
    /// Open `p` elements and open `<svg>`/`<math>` roots, so the frequent
    /// checks are O(1).
    open_p: usize,
    open_foreign: usize,
    /// Pages without a standard doctype: a `<table>` does not close an open `p`.
    quirks: bool,
    /// As a browser with scripts on: `<noscript>` content is raw text.
    scripting: bool,
}

impl<'a, S: Sink> Builder<'a, '_, S> {
    fn push(&mut self, name: Cow<'a, str>, tag: &Tag) {
        if self.stack.len() >= MAX_DEPTH {
            self.pop();
        }
        self.sink.open(tag);
        if name == "p" {
            self.open_p += 1;
        }
        if name == "svg" || name == "math" {
            self.open_foreign += 1;
        }
        self.stack.push(name);
    }

    fn pop(&mut self) {
        if let Some(name) = self.stack.pop() {
            if name == "p" {
                self.open_p -= 1;
            }
            if name == "svg" || name == "math" {
                self.open_foreign -= 1;
            }
            self.sink.close();
        }
    }

    /// Pops up to and including the topmost element named `name`, which the
    /// caller knows to be open.
    fn pop_to(&mut self, name: &str) {
        while let Some(top) = self.stack.last() {
            let found = top == name;
            self.pop();
            if found {
                break;
            }
        }
    }

    fn pop_to_any(&mut self, names: fn(&str) -> bool) {
        while let Some(top) = self.stack.last() {
            let found = names(top);
            self.pop();
            if found {
                break;
            }
        }
    }

    fn current(&self) -> &str {
        self.stack.last().map_or("", |n| n.as_ref())
    }

    /// Whether an element matching `wanted` is open above the nearest scope
    /// boundary (`extra` adds boundaries: `button` scope, list-item scope).
    fn in_scope(&self, wanted: fn(&str) -> bool, extra: fn(&str) -> bool) -> bool {
        for name in self.stack.iter().rev() {
            if wanted(name) {
                return true;
            }
            if is_scope_boundary(name) || extra(name) {
                return false;
            }
        }
        false
    }

    /// Whether an element named `name` is open above the nearest scope boundary
    /// (the element may be a boundary itself: `</object>` closes an `object`).
    fn has_in_scope(&self, name: &str) -> bool {
        for open in self.stack.iter().rev() {
            if open == name {
                return true;
            }
            if is_scope_boundary(open) {
                return false;
            }
        }
        false
    }

    /// Table scope: only `html`, `table` and `template` bound it.
    fn in_table_scope(&self, wanted: fn(&str) -> bool) -> bool {
        for name in self.stack.iter().rev() {
            if wanted(name) {
                return true;
            }
            if matches!(name.as_ref(), "html" | "table" | "template") {
                return false;
            }
        }
        false
    }

    fn close_p(&mut self) {
        if self.open_p > 0 && self.in_scope(|n| n == "p", |n| n == "button") {
            self.pop_to("p");
        }
    }

    fn ensure_html(&mut self) {
        if self.mode == Mode::Initial {
            self.mode = Mode::BeforeHead;
            self.push(Cow::Borrowed("html"), &Tag { name: "html", attrs: &[] });
        }
    }

    /// Leaves the head (and what is open in it) and opens the body.
    fn ensure_body(&mut self) {
        self.ensure_html();
        if self.mode == Mode::InBody {
            return;
        }
        if self.mode == Mode::InHead {
            while self.stack.len() > 1 {
                self.pop();
            }
        }
        self.mode = Mode::InBody;
        self.push(Cow::Borrowed("body"), &Tag { name: "body", attrs: &[] });
    }

    fn text(&mut self, text: &str) {
        if self.mode != Mode::InBody {
            if !text.bytes().all(is_space) {
                self.ensure_body();
            } else if self.mode == Mode::Initial {
                return;
            }
        }
        self.sink.text(text);
    }

    /// A start tag. Returns the name when the tag opened a raw text or RCDATA
    /// element, whose content the tokenizer must read as text.
    fn start(&mut self, name: Cow<'a, str>, tag: &Tag, self_closing: bool) -> Option<Cow<'a, str>> {
        let n = name.as_ref();
        if self.open_foreign > 0 {
            if breaks_out_of_foreign(n) {
                while self.open_foreign > 0 {
                    self.pop();
                }
            } else {
                self.push(name.clone(), tag);
                if self_closing {
                    self.pop();
                }
                return None;
            }
        }
        match n {
            "html" => {
                if self.mode == Mode::Initial {
                    self.mode = Mode::BeforeHead;
                    self.push(name, tag);
                }
                return None;
            }
            "head" => {
                self.ensure_html();
                if self.mode == Mode::BeforeHead {
                    self.mode = Mode::InHead;
                    self.push(name, tag);
                }
                return None;
            }
            "body" => {
                self.ensure_html();
                if self.mode != Mode::InBody {
                    if self.mode == Mode::InHead {
                        while self.stack.len() > 1 {
                            self.pop();
                        }
                    }
                    self.mode = Mode::InBody;
                    self.push(name, tag);
                }
                return None;
            }
            "frameset" => return None,
            _ => {}
        }
        if is_head_content(n) && self.mode < Mode::InBody {
            // After </head> they go under <html>, where they do no harm.
            self.ensure_html();
            if self.mode == Mode::BeforeHead {
                self.mode = Mode::InHead;
                self.push(Cow::Borrowed("head"), &Tag { name: "head", attrs: &[] });
            }
        } else {
            self.ensure_body();
        }
        if closes_p(n) || n == "table" && !self.quirks {
            self.close_p();
        }
        match n {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if is_heading(self.current()) {
                    self.pop();
                }
            }
            "li" => self.close_list_item(|n| n == "li"),
            "dd" | "dt" => self.close_list_item(|n| n == "dd" || n == "dt"),
            "a" => {
                if self.in_scope(|n| n == "a", |_| false) {
                    self.pop_to("a");
                }
            }
            "button" => {
                if self.in_scope(|n| n == "button", |_| false) {
                    self.pop_to("button");
                }
            }
            "option" | "optgroup" => {
                if self.current() == "option" {
                    self.pop();
                }
                if n == "optgroup" && self.current() == "optgroup" {
                    self.pop();
                }
            }
            "caption" | "colgroup" | "tbody" | "tfoot" | "thead" => {
                if !self.in_table_scope(|n| n == "table") {
                    return None;
                }
                while self.current() != "table" {
                    self.pop();
                }
            }
            "tr" => {
                if !self.in_table_scope(|n| n == "table") {
                    return None;
                }
                while !matches!(self.current(), "tbody" | "thead" | "tfoot" | "table") {
                    self.pop();
                }
            }
            "td" | "th" => {
                if !self.in_table_scope(|n| n == "table") {
                    return None;
                }
                while !matches!(self.current(), "tr" | "tbody" | "thead" | "tfoot" | "table") {
                    self.pop();
                }
                if self.current() != "tr" {
                    self.push(Cow::Borrowed("tr"), &Tag { name: "tr", attrs: &[] });
                }
            }
            _ => {}
        }
        if is_void(n) {
            self.sink.open(tag);
            self.sink.close();
            return None;
        }
        let raw = is_raw_text(n) && !(n == "noscript" && !self.scripting) || is_rcdata(n) || n == "plaintext";
        self.push(name.clone(), tag);
        raw.then_some(name)
    }

    /// `li`, `dd`, `dt`: an open item of the same kind is closed, unless a special
    /// element other than `address`, `div` and `p` lies between.
    fn close_list_item(&mut self, same: fn(&str) -> bool) {
        let mut found = false;
        for name in self.stack.iter().rev() {
            if same(name) {
                found = true;
                break;
            }
            if is_special(name) && !matches!(name.as_ref(), "address" | "div" | "p") {
                break;
            }
        }
        if found {
            self.pop_to_any(same);
        }
    }

    fn end(&mut self, name: &str) {
        if self.open_foreign > 0 {
            if self.stack.iter().rev().take_while(|n| *n != "html").any(|n| n == name) {
                self.pop_to(name);
            }
            return;
        }
        match name {
            "html" | "body" => {}
            "head" => {
                if self.mode == Mode::InHead {
                    while self.stack.len() > 1 {
                        self.pop();
                    }
                    self.mode = Mode::AfterHead;
                }
            }
            "br" => {
                self.ensure_body();
                let tag = Tag { name: "br", attrs: &[] };
                self.sink.open(&tag);
                self.sink.close();
            }
            "p" => self.close_p(),
            // Block containers close everything opened inside them, special or not.
            _ if closes_by_scope(name) => {
                if self.has_in_scope(name) {
                    self.pop_to(name);
                }
            }
            "li" => {
                if self.in_scope(|n| n == "li", |n| n == "ol" || n == "ul") {
                    self.pop_to("li");
                }
            }
            "dd" | "dt" => {
                if self.in_scope(|n| n == "dd" || n == "dt", |_| false) {
                    self.pop_to_any(|n| n == "dd" || n == "dt");
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if self.in_scope(is_heading, |_| false) {
                    self.pop_to_any(is_heading);
                }
            }
            "table" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr" | "caption" | "colgroup" => {
                if self.stack.iter().rev().take_while(|n| !matches!(n.as_ref(), "html" | "table" | "template")).any(|n| n == name)
                    || name == "table" && self.in_table_scope(|n| n == "table")
                {
                    self.pop_to(name);
                }
            }
            _ if is_formatting(name) => {
                if self.has_in_scope(name) {
                    self.pop_to(name);
                }
            }
            _ => {
                let mut found = false;
                for open in self.stack.iter().rev() {
                    if open == name {
                        found = true;
                        break;
                    }
                    if is_special(open) {
                        break;
                    }
                }
                if found {
                    self.pop_to(name);
                }
            }
        }
    }

    fn finish(&mut self) {
        while !self.stack.is_empty() {
            self.pop();
        }
    }
}

/// Parses `html`, reporting its elements and text to `sink`, as a browser with
/// scripts on does (`<noscript>` content is text).
pub fn parse<S: Sink>(html: &str, sink: &mut S) {
    parse_with(html, sink, true);
}

/// [`parse`], choosing whether scripts are on; with them off, `<noscript>`
/// content is markup, as a browser without scripts (or a crawler) sees it.
pub fn parse_with<S: Sink>(html: &str, sink: &mut S, scripting: bool) {
    let mut builder = Builder { sink, stack: Vec::new(), mode: Mode::Initial, open_p: 0, open_foreign: 0, quirks: true, scripting };
    let bytes = html.as_bytes();
    let mut pos = 0;
    let mut text_start = 0;
    // One attribute list reused by every start tag (no allocation per tag).
    let mut attrs = Vec::new();
    // The first `&` of the text since `text_start`, if any: the search for
    // the next `<` stops at `&` too, so that text without one (most) is not
    // searched again when it is decoded.
    let mut first_amp: Option<usize> = None;
    // `memchr` (SIMD) for every byte search of the parser: the jumps from `<`
    // to `<`, `&` and quotes cover the whole page, and the standard library's
    // search is a word at a time.
    while let Some(offset) = memchr::memchr2(b'<', b'&', &bytes[pos..]) {
        let lt = pos + offset;
        if bytes[lt] == b'&' {
            first_amp.get_or_insert(lt);
            pos = lt + 1;
            continue;
        }
        let next = bytes.get(lt + 1).copied().unwrap_or(0);
        let kind = match next {
            b'!' | b'?' => Markup::Other,
            b'/' if bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => Markup::End,
            b'/' => Markup::Other,
            b if b.is_ascii_alphabetic() => Markup::Start,
            _ => {
                // A lone '<' is text.
                pos = lt + 1;
                continue;
            }
        };
        if text_start < lt {
            emit_text(&mut builder, &html[text_start..lt], first_amp.map(|at| at - text_start));
        }
        first_amp = None;
        match kind {
            Markup::Other => {
                pos = skip_markup(html, lt, &mut builder);
            }
            Markup::End => {
                let (name, after) = read_name(html, lt + 2);
                let Some(end) = skip_attributes(html, after) else {
                    pos = html.len();
                    text_start = pos;
                    break;
                };
                builder.end(&name);
                pos = end;
            }
            Markup::Start => {
                let (name, after) = read_name(html, lt + 1);
                let Some((self_closing, end)) = read_attributes(html, after, &mut attrs) else {
                    pos = html.len();
                    text_start = pos;
                    break;
                };
                let tag = Tag { name: &name, attrs: &attrs };
                let raw = builder.start(name.clone(), &tag, self_closing);
                pos = end;
                if let Some(raw) = raw {
                    pos = read_raw_text(html, pos, &raw, &mut builder);
                }
            }
        }
        text_start = pos;
    }
    if text_start < html.len() {
        emit_text(&mut builder, &html[text_start..], first_amp.map(|at| at - text_start));
    }
    builder.finish();
}

enum Markup {
    Start,
    End,
    /// Comments, doctypes, processing instructions, `</>` and other bogus comments.
    Other,
}

/// Gives the builder a run of text, its references decoded; `first_amp` is
/// where its first `&` is (the parser saw it), `None` when it has none.
fn emit_text<S: Sink>(builder: &mut Builder<'_, '_, S>, raw: &str, first_amp: Option<usize>) {
    match first_amp {
        None => builder.text(raw),
        Some(first) => builder.text(&decode_references_from(raw, first, false)),
    }
}

/// Skips a comment, doctype or bogus comment starting at `lt`; returns the
/// position after it. A doctype decides the quirks mode.
fn skip_markup<S: Sink>(html: &str, lt: usize, builder: &mut Builder<'_, '_, S>) -> usize {
    let rest = &html[lt..];
    if let Some(body) = rest.strip_prefix("<!--") {
        // "<!-->" and "<!--->" are complete (empty) comments.
        if body.starts_with('>') {
            return lt + 5;
        }
        if body.starts_with("->") {
            return lt + 6;
        }
        return match memchr::memmem::find(body.as_bytes(), b"-->") {
            Some(end) => lt + 4 + end + 3,
            None => html.len(),
        };
    }
    let end = memchr::memchr(b'>', rest.as_bytes()).map_or(html.len(), |e| lt + e + 1);
    if rest.len() >= 9 && rest.as_bytes()[2..9].eq_ignore_ascii_case(b"doctype") && builder.mode == Mode::Initial {
        let doctype = html[lt..end].to_ascii_lowercase();
        // No-quirks: "<!DOCTYPE html>", and the strict or transitional
        // doctypes that give a system identifier.
        let legacy_without_system = (doctype.contains("transitional") || doctype.contains("frameset")) && !doctype.contains("http");
        builder.quirks = !doctype.contains("html") || legacy_without_system || doctype.contains("html 3") || doctype.contains("html 2");
    }
    end
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0C)
}

/// What the name scans of [`read_name`] and [`read_attributes`] make of a
/// byte, one bit each, so that a name is crossed with one lookup a byte and
/// lowercased only when it held an uppercase letter.
static NAME_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let space = matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0C);
        let mut class = 0;
        if space || byte == b'/' || byte == b'>' {
            class |= ENDS_TAG_NAME | ENDS_ATTR_NAME;
        }
        if byte == b'=' {
            class |= ENDS_ATTR_NAME;
        }
        if byte.is_ascii_uppercase() {
            class |= UPPERCASE;
        }
        table[b] = class;
        b += 1;
    }
    table
};
/// [`NAME_BYTES`]: a space, `/` or `>`.
const ENDS_TAG_NAME: u8 = 1;
/// [`NAME_BYTES`]: those and `=`.
const ENDS_ATTR_NAME: u8 = 2;
/// [`NAME_BYTES`]: an ASCII uppercase letter.
const UPPERCASE: u8 = 4;

/// Where a name read from `from` ends (the first byte of class
/// `end_class`, or the end), and whether it holds an uppercase letter.
fn name_end(bytes: &[u8], from: usize, end_class: u8) -> (usize, bool) {
    let mut end = from;
    let mut classes = 0;
    while let Some(&b) = bytes.get(end) {
        let class = NAME_BYTES[usize::from(b)];
        if class & end_class != 0 {
            break;
        }
        classes |= class;
        end += 1;
    }
    (end, classes & UPPERCASE != 0)
}

/// `name` lowercased, borrowed when it has no uppercase letter.
fn lowercased(name: &str, uppercase: bool) -> Cow<'_, str> {
    if uppercase {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// A tag name starting at `start`, lowercased (borrowed when already lowercase).
fn read_name(html: &str, start: usize) -> (Cow<'_, str>, usize) {
    let (end, uppercase) = name_end(html.as_bytes(), start, ENDS_TAG_NAME);
    (lowercased(&html[start..end], uppercase), end)
}


/// Attributes from `pos` to the closing `>`: the list, whether the tag ends
/// with `/>`, and the position after `>`. `None` when the page ends first (the
/// standard drops such a tag).
/// The list goes into `attrs`, cleared first.
fn read_attributes<'a>(html: &'a str, mut pos: usize, attrs: &mut Vec<Attr<'a>>) -> Option<(bool, usize)> {
    let bytes = html.as_bytes();
    attrs.clear();
    let mut self_closing = false;
    loop {
        while pos < bytes.len() && NAME_BYTES[usize::from(bytes[pos])] & ENDS_TAG_NAME != 0 && bytes[pos] != b'>' {
            self_closing = bytes[pos] == b'/';
            pos += 1;
        }
        let &b = bytes.get(pos)?;
        if b == b'>' {
            return Some((self_closing, pos + 1));
        }
        self_closing = false;
        // The first character may be '=': it is read as part of the name.
        let (end, uppercase) = name_end(bytes, pos + 1, ENDS_ATTR_NAME);
        let name = lowercased(&html[pos..end], uppercase || b.is_ascii_uppercase());
        pos = end;
        while pos < bytes.len() && is_space(bytes[pos]) {
            pos += 1;
        }
        let mut value = "";
        let mut has_reference = false;
        if bytes.get(pos) == Some(&b'=') {
            pos += 1;
            while pos < bytes.len() && is_space(bytes[pos]) {
                pos += 1;
            }
            match bytes.get(pos) {
                Some(&quote) if quote == b'"' || quote == b'\'' => {
                    let start = pos + 1;
                    // The closing quote, noting any `&` on the way.
                    let mut end = start;
                    loop {
                        end += memchr::memchr2(quote, b'&', &bytes[end..])?;
                        if bytes[end] == quote {
                            break;
                        }
                        has_reference = true;
                        end += 1;
                    }
                    value = &html[start..end];
                    pos = end + 1;
                }
                Some(_) => {
                    let start = pos;
                    while pos < bytes.len() && !is_space(bytes[pos]) && bytes[pos] != b'>' {
                        has_reference |= bytes[pos] == b'&';
                        pos += 1;
                    }
                    value = &html[start..pos];
                }
                None => return None,
            }
        }
        attrs.push(Attr { name, raw: value, has_reference, decoded: std::cell::OnceCell::new() });
    }
}

/// Skips an end tag's attributes (quotes respected) to just after `>`.
fn skip_attributes(html: &str, pos: usize) -> Option<usize> {
    read_attributes(html, pos, &mut Vec::new()).map(|(_, end)| end)
}

/// The content of a raw text or RCDATA element, up to its end tag (or the end
/// of the page), given to the builder as one text; the element is then closed.
fn read_raw_text<S: Sink>(html: &str, start: usize, name: &str, builder: &mut Builder<'_, '_, S>) -> usize {
    let (content_end, after) = if name == "plaintext" {
        (html.len(), html.len())
    } else {
        let at = if name == "script" { script_end(html, start) } else { raw_text_end(html, start, name) };
        match at {
            Some(at) => (at, skip_attributes(html, at + 2 + name.len()).unwrap_or(html.len())),
            None => (html.len(), html.len()),
        }
    };
    let content = &html[start..content_end];
    if !content.is_empty() {
        if is_rcdata(name) {
            let decoded = decode_references(content, false);
            builder.sink.text(&decoded);
        } else {
            builder.sink.text(content);
        }
    }
    builder.pop();
    after
}

/// Whether `<name` or `</name` (with `slash`) followed by a delimiter starts at `at`.
fn tag_at(bytes: &[u8], at: usize, name: &str, slash: bool) -> bool {
    let start = at + 1 + usize::from(slash);
    let name_end = start + name.len();
    (!slash || bytes.get(at + 1) == Some(&b'/'))
        && bytes.get(start..name_end).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
        && bytes.get(name_end).is_none_or(|&b| is_space(b) || b == b'/' || b == b'>')
}

/// Where the end tag `</name` of a raw text element starts.
fn raw_text_end(html: &str, start: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut from = start;
    loop {
        // A search for the byte '<' (word at a time) then a look at the next,
        // cheaper than a substring search for "</".
        let at = from + memchr::memchr(b'<', &bytes[from..])?;
        if bytes.get(at + 1) == Some(&b'/') && tag_at(bytes, at, name, true) {
            return Some(at);
        }
        from = at + 1;
    }
}

/// Where a script ends, with the standard's escaped states: after `<!--`, a
/// `<script` opens a nested script whose `</script>` does not end this one
/// (pages write tags into strings that way), until `-->`.
fn script_end(html: &str, start: usize) -> Option<usize> {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let bytes = html.as_bytes();
    let mut state = State::Data;
    let mut from = start;
    loop {
        let at = if state == State::Data { from + memchr::memchr(b'<', &bytes[from..])? } else { from + memchr::memchr2(b'<', b'-', &bytes[from..])? };
        if bytes[at] == b'-' {
            if bytes[at..].starts_with(b"-->") {
                state = State::Data;
                from = at + 3;
            } else {
                from = at + 1;
            }
            continue;
        }
        match state {
            State::Data if bytes[at..].starts_with(b"<!--") => {
                state = State::Escaped;
                // "<!--" and "-->" may share dashes: "<!-->" stays escaped
                // only until the next "-->", as in the standard.
                from = at + 4;
                continue;
            }
            State::Data | State::Escaped if tag_at(bytes, at, "script", true) => return Some(at),
            State::Escaped if tag_at(bytes, at, "script", false) => state = State::DoubleEscaped,
            State::DoubleEscaped if tag_at(bytes, at, "script", true) => state = State::Escaped,
            _ => {}
        }
        from = at + 1;
    }
}

/// Longest named reference looked for (the longest name in the table has 32
/// characters with its ';').
const MAX_REFERENCE_NAME: usize = 33;

/// Decodes character references (`&amp;`, `&#1575;`, `&#x627;`, legacy names
/// without `;`). In attributes, a legacy name followed by `=` or an
/// alphanumeric stays as written (so query strings survive).
pub fn decode_references(s: &str, in_attribute: bool) -> Cow<'_, str> {
    match memchr::memchr(b'&', s.as_bytes()) {
        Some(first) => Cow::Owned(decode_references_from(s, first, in_attribute)),
        None => Cow::Borrowed(s),
    }
}

/// [`decode_references`] of text whose first `&` is at `first`.
fn decode_references_from(s: &str, first: usize, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut rest = &s[first..];
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let (consumed, decoded) = if let Some(number) = after.strip_prefix('#') {
            numeric_reference(number).map_or((0, None), |(len, c)| (len + 1, Some((c, None))))
        } else {
            named_reference(after, in_attribute).map_or((0, None), |(len, a, b)| (len, Some((a, b))))
        };
        match decoded {
            Some((a, b)) => {
                out.push(a);
                if let Some(b) = b {
                    out.push(b);
                }
                rest = &after[consumed..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `1575;` or `x627;` (after the `#`): bytes used and the character.
fn numeric_reference(s: &str) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    let (radix, start) = match bytes.first() {
        Some(b'x' | b'X') => (16, 1),
        _ => (10, 0),
    };
    let digits = bytes[start..].iter().take_while(|b| (**b as char).is_digit(radix)).count();
    if digits == 0 {
        return None;
    }
    let mut value: u32 = 0;
    for &b in &bytes[start..start + digits] {
        value = value.saturating_mul(radix).saturating_add((b as char).to_digit(radix).unwrap_or(0));
    }
    let mut len = start + digits;
    if bytes.get(len) == Some(&b';') {
        len += 1;
    }
    let c = match value {
        0x80..=0x9F => web_atoms::C1_REPLACEMENTS[(value - 0x80) as usize].unwrap_or_else(|| char::from_u32(value).unwrap_or('\u{FFFD}')),
        0 => '\u{FFFD}',
        _ => char::from_u32(value).unwrap_or('\u{FFFD}'),
    };
    Some((len, c))
}

/// The references most pages are full of, answered without hashing (the
/// values of `web_atoms::NAMED_ENTITIES`, checked by a test).
fn common_reference(name: &str) -> Option<(u32, u32)> {
    match name {
        "amp;" => Some((0x26, 0)),
        "apos;" => Some((0x27, 0)),
        "gt;" => Some((0x3E, 0)),
        "lt;" => Some((0x3C, 0)),
        "nbsp;" => Some((0xA0, 0)),
        "quot;" => Some((0x22, 0)),
        _ => None,
    }
}

/// A named reference at the start of `s` (after the `&`), longest match first:
/// bytes used and the one or two characters.
fn named_reference(s: &str, in_attribute: bool) -> Option<(usize, char, Option<char>)> {
    let bytes = s.as_bytes();
    let run = bytes.iter().take(MAX_REFERENCE_NAME).take_while(|b| b.is_ascii_alphanumeric()).count();
    if run == 0 {
        return None;
    }
    let limit = if bytes.get(run) == Some(&b';') { run + 1 } else { run };
    // The whole name first (`&quot;`, `&amp;`): when it is a reference, no
    // longer one can match, and the prefix-by-prefix search (one hash lookup
    // per character) is skipped. Pages with JSON in attributes hold tens of
    // thousands of `&quot;`.
    let whole = common_reference(&s[..limit]).or_else(|| web_atoms::NAMED_ENTITIES.get(&s[..limit]).copied());
    let mut best = whole.filter(|(first, _)| *first != 0).map(|(first, second)| (limit, first, second));
    if best.is_none() {
        for len in 1..=limit {
            // The table holds every prefix of every name, so a miss ends the search.
            let Some(&(first, second)) = web_atoms::NAMED_ENTITIES.get(&s[..len]) else { break };
            if first != 0 {
                best = Some((len, first, second));
            }
        }
    }
    let (len, first, second) = best?;
    if in_attribute && bytes[len - 1] != b';' && bytes.get(len).is_some_and(|b| *b == b'=' || b.is_ascii_alphanumeric()) {
        return None;
    }
    let first = char::from_u32(first)?;
    let second = if second == 0 { None } else { char::from_u32(second) };
    Some((len, first, second))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes the events as a compact tree: `<p>text</p>`.
    #[derive(Default)]
    struct Dump {
        out: String,
        names: Vec<String>,
    }

    impl Sink for Dump {
        fn open(&mut self, tag: &Tag) {
            self.out.push('<');
            self.out.push_str(tag.name);
            if let Some(class) = tag.attr("class") {
                self.out.push_str(&format!(" class={class}"));
            }
            self.out.push('>');
            self.names.push(tag.name.to_owned());
        }
        fn text(&mut self, text: &str) {
            self.out.push_str(text);
        }
        fn close(&mut self) {
            let name = self.names.pop().unwrap_or_default();
            self.out.push_str(&format!("</{name}>"));
        }
    }

    fn check(html: &str, expect: &str) {
        let mut dump = Dump::default();
        parse(html, &mut dump);
        assert_eq!(dump.out, expect, "parsing {html:?}");
    }

    #[test]
    fn implied_html_head_and_body() {
        check("<title>t</title><p>x", "<html><head><title>t</title></head><body><p>x</p></body></html>");
        check("<!DOCTYPE html>\n<html><body>a</body></html>", "<html><body>a</body></html>");
        check("نص", "<html><body>نص</body></html>");
    }

    #[test]
    fn paragraphs_and_items_close_implicitly() {
        check("<body><p>a<p>b<div>c</div>", "<html><body><p>a</p><p>b</p><div>c</div></body></html>");
        check("<body><ul><li>a<li>b</ul>", "<html><body><ul><li>a</li><li>b</li></ul></body></html>");
        check("<body><ul><li>a<ul><li>b</ul></ul>", "<html><body><ul><li>a<ul><li>b</li></ul></li></ul></body></html>");
        check("<body><dl><dt>a<dd>b<dt>c</dl>", "<html><body><dl><dt>a</dt><dd>b</dd><dt>c</dt></dl></body></html>");
        check("<body><h2>a<h3>b</h3>", "<html><body><h2>a</h2><h3>b</h3></body></html>");
    }

    #[test]
    fn stray_end_tags_are_ignored_and_specials_stop_them() {
        check("<body><div>a</span>b</div>", "<html><body><div>ab</div></body></html>");
        check("<body><div><span>a</div>b", "<html><body><div><span>a</span></div>b</body></html>");
        check("<body><div><table><tr><td>a</div>b</td></tr></table></div>", "<html><body><div><table><tr><td>ab</td></tr></table></div></body></html>");
        // A block container's end tag closes what was left open inside it.
        check("<body><aside><ul><li>a</aside>b", "<html><body><aside><ul><li>a</li></ul></aside>b</body></html>");
        check("<body><span><p>a</span>b", "<html><body><span><p>ab</p></span></body></html>");
        check("<body><a><object><b>x</object>y</a>z", "<html><body><a><object><b>x</b></object>y</a>z</body></html>");
    }

    #[test]
    fn table_cells_and_rows_close_implicitly() {
        check("<body><table><tr><td>a<td>b<tr><td>c</table>d", "<html><body><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>d</body></html>");
        check("<body><table><td>a</table>", "<html><body><table><tr><td>a</td></tr></table></body></html>");
    }

    /// References in text runs and attribute values are decoded wherever
    /// the parser meets their `&` (text cut by tags, a lone `<`, values
    /// quoted either way or not at all), and text without one is given as is.
    #[test]
    fn references_in_text_and_attributes_are_decoded() {
        check("<body>a &amp; b<i>x&lt;y</i>&#1575; & c", "<html><body>a & b<i>x<y</i>ا & c</body></html>");
        check("<body>1 < 2 &amp; 3<p>t&gt;</p>&", "<html><body>1 < 2 & 3<p>t></p>&</body></html>");
        check("<body><p class=\"a&amp;b\">x</p><p class='c&lt;d'>y</p><p class=e&quot;f>z</p><p class=\"g & h\">w</p>", "<html><body><p class=a&b>x</p><p class=c<d>y</p><p class=e\"f>z</p><p class=g & h>w</p></body></html>");
        check("<body><!-- &amp; -->&amp;<p class=\"plain\">no reference</p>", "<html><body>&<p class=plain>no reference</p></body></html>");
    }

    /// Tag and attribute names in any case, and an attribute name that
    /// starts with `=` or a non-ASCII character, read as the standard says.
    #[test]
    fn names_are_lowercased_and_read_to_their_end() {
        check("<BODY><P Class=\"A\">x</P><Div CLASS=b/>y</div>", "<html><body><p class=A>x</p><div class=b/>y</div></body></html>");
        check("<body><p =x class=c ب=1>t", "<html><body><p class=c>t</p></body></html>");
        check("<body><p\tclass\n=\n'd'/ >t", "<html><body><p class=d>t</p></body></html>");
    }

    #[test]
    fn raw_text_and_comments() {
        check("<body><script>if (a<b) x='</div>';</script><p>t", "<html><body><script>if (a<b) x='</div>';</script><p>t</p></body></html>");
        check("<body><!-- <p>no</p> -->yes<!---->", "<html><body>yes</body></html>");
        check("<body><title>a &amp; b</title><textarea><b>x</b></textarea>", "<html><body><title>a & b</title><textarea><b>x</b></textarea></body></html>");
        check("<body><style>p{}</STYLE >z", "<html><body><style>p{}</style>z</body></html>");
        // Tags written into a script's strings after "<!--" do not end it.
        check(
            "<body><script>/*<!--*/ s = '<script src=x></script>';</script>t",
            "<html><body><script>/*<!--*/ s = '<script src=x></script>';</script>t</body></html>",
        );
        check("<body><script><!-- a --></script>t", "<html><body><script><!-- a --></script>t</body></html>");
    }

    #[test]
    fn void_elements_and_foreign_content() {
        check("<body>a<br>b<img src=x>c", "<html><body>a<br></br>b<img></img>c</body></html>");
        check("<body><svg><path/><title>t</title></svg>x", "<html><body><svg><path></path><title>t</title></svg>x</body></html>");
        check("<body><svg><g><p>breaks out", "<html><body><svg><g></g></svg><p>breaks out</p></body></html>");
    }

    #[test]
    fn attributes_unquoted_quoted_duplicated() {
        check("<body><div class=a CLASS='b'>x</div><DIV class=\"c d\">y", "<html><body><div class=a>x</div><div class=c d>y</div></body></html>");
        check("<body><p class='unterminated", "<html><body></body></html>");
    }

    #[test]
    fn character_references() {
        assert_eq!(decode_references("&#1575;&#x644;&amp;&lt;b&gt; &copy 2024 &nosuch; &", false), "ال&<b> © 2024 &nosuch; &");
        assert_eq!(decode_references("?a=1&copy=2&amp;b", true), "?a=1&copy=2&b");
        assert_eq!(decode_references("&#0;&#x110000;&#150;", false), "\u{FFFD}\u{FFFD}\u{2013}");
        assert_eq!(decode_references("&notit; &NotEqualTilde;", false), "¬it; \u{2242}\u{338}");
    }

    #[test]
    fn common_references_are_the_table_entries() {
        for name in ["amp;", "apos;", "gt;", "lt;", "nbsp;", "quot;"] {
            assert_eq!(common_reference(name), web_atoms::NAMED_ENTITIES.get(name).copied(), "{name}");
        }
        // Legacy names without ';' still take the longest match.
        assert_eq!(decode_references("&ampx &notin; &notit &quot &quot;", false), "&x ∉ ¬it \" \"");
    }

    #[test]
    fn noscript_is_text_or_markup_as_scripting_says() {
        check("<body><noscript><p>a</p></noscript>", "<html><body><noscript><p>a</p></noscript></body></html>");
        let mut dump = Dump::default();
        parse_with("<body><noscript><p>a</p></noscript>", &mut dump, false);
        assert_eq!(dump.out, "<html><body><noscript><p>a</p></noscript></body></html>");
        assert_eq!(dump.names.len(), 0);
    }

    #[test]
    fn an_open_link_is_closed_by_the_next() {
        check("<body><a href=1>a<a href=2>b</a>", "<html><body><a>a</a><a>b</a></body></html>");
    }

    #[test]
    fn nesting_is_capped_in_linear_time() {
        let depth = 100_000;
        let page = format!("{}<p>deep</p>{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let mut dump = Dump::default();
        parse(&page, &mut dump);
        assert!(dump.out.contains("<p>deep</p>"));
        assert_eq!(dump.out.matches("<div>").count(), depth);
        assert_eq!(dump.out.matches("</div>").count(), depth);
    }
}
