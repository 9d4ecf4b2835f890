//! The visible text of an HTML page or fragment, with a map back to its source bytes.
//!
//! html5gum tokenizes (it is a tokenizer, not a tree builder); this module keeps a light stack of
//! open elements to know which text is visible and where lines end. The rules are documented on
//! [`crate::input`].

use std::convert::Infallible;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::Tokenizer;

use super::align::align;
use super::text::{Checkpoint, SourceMap, TextBuilder};
use crate::document::{ceil_boundary, floor_boundary};

/// How deep into the stack of open elements an end tag or an implied close looks for its
/// element. Deeper, a stray end tag is ignored, so hostile nesting costs no more than this per
/// tag.
const SEARCH_DEPTH: usize = 256;

/// How many characters a `<strong>`/`<b>` heading may hold.
const MAX_BOLD_HEADING: usize = 60;

/// How many elements may stand open. Deeper, an element that drops nothing is read as if it had
/// no end tag (its line breaks still count), so hostile nesting cannot grow the stack without
/// bound; elements that drop their contents are always tracked.
const MAX_OPEN: usize = 4096;

/// How far up from the root `<html>`, `<head>` and `<body>` are looked for.
const ROOT_DEPTH: usize = 4;

/// Elements dropped with their contents (besides `header`/`footer`, `form` and the attributes
/// that hide an element; see [`crate::input`]).
const DROPPED: &[&str] = &[
    "script", "style", "head", "title", "nav", "aside", "noscript", "template", "svg", "iframe",
    "button", "select", "textarea", "object", "canvas", "audio", "video", "datalist", "noembed",
    "noframes", "math",
];

/// Dropped regions that a `<main>` start tag closes: page furniture, which never holds the
/// main content.
const FURNITURE: &[&str] = &["nav", "header", "footer", "aside"];

/// Elements with no end tag.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr", "image",
];

/// Elements that end a line before and after them.
#[rustfmt::skip]
const LINE_BLOCKS: &[&str] = &[
    "address", "article", "aside", "body", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "header",
    "hgroup", "legend", "li", "listing", "main", "menu", "nav", "optgroup", "option", "plaintext",
    "search", "section", "summary", "tbody", "td", "tfoot", "th", "thead", "tr", "xmp",
];

/// Elements set off by a blank line before and after them.
#[rustfmt::skip]
const PARAGRAPH_BLOCKS: &[&str] = &[
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre",
];

/// Headings.
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Start tags that close an open `<p>` (HTML's "close a p element" list).
#[rustfmt::skip]
const CLOSES_P: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "listing", "section",
    "summary", "table", "ul", "xmp", "plaintext", "search", "li", "dd", "dt",
];

/// Phrasing (inline) elements, which implied closes look through.
const PHRASING: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "blink", "cite", "code", "data", "del",
    "dfn", "em", "font", "i", "ins", "kbd", "label", "mark", "meter", "nobr", "output", "progress",
    "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "sup",
    "time", "tt", "u", "var",
];

/// Block starts that end the capture of an `<h1>` as the title once it holds text (an `<h1>`
/// whose end tag is missing must not swallow the page).
#[rustfmt::skip]
const ENDS_TITLE: &[&str] = &[
    "p", "div", "ul", "ol", "li", "dl", "table", "section", "article", "main", "aside", "nav",
    "form", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer",
];

/// Elements a `<head>` holds; any other start tag (or text) closes it, as in a browser.
const HEAD_CONTENT: &[&str] = &[
    "base", "basefont", "bgsound", "link", "meta", "title", "noscript", "noframes", "style",
    "script", "template",
];

/// ARIA landmark roles of page furniture: an element with one is dropped like `<nav>`.
const FURNITURE_ROLES: &[&str] = &["navigation", "banner", "contentinfo", "complementary"];

fn is(list: &[&str], name: &str) -> bool {
    list.contains(&name)
}

/// Which of the lists above an element name is on, as bit flags.
struct K;

impl K {
    const DROPPED: u16 = 1;
    const VOID: u16 = 1 << 1;
    const LINE: u16 = 1 << 2;
    const PARAGRAPH: u16 = 1 << 3;
    const PHRASING: u16 = 1 << 4;
    const CLOSES_P: u16 = 1 << 5;
    const HEADING: u16 = 1 << 6;
    const ENDS_TITLE: u16 = 1 << 7;
    const HEAD_CONTENT: u16 = 1 << 8;
    const FURNITURE: u16 = 1 << 9;
    /// On no list but looked for by name (`html`, `body`, `main`, `article`, `section`…).
    const OTHER: u16 = 1 << 10;

    /// Every listed name with its flags, sorted by name.
    fn table() -> &'static [(&'static str, u16)] {
        static TABLE: std::sync::OnceLock<Vec<(&'static str, u16)>> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            let mut map = std::collections::BTreeMap::<&'static str, u16>::new();
            let lists: [(&[&'static str], u16); 11] = [
                (DROPPED, K::DROPPED),
                (VOID, K::VOID),
                (LINE_BLOCKS, K::LINE),
                (PARAGRAPH_BLOCKS, K::PARAGRAPH),
                (PHRASING, K::PHRASING),
                (CLOSES_P, K::CLOSES_P),
                (HEADINGS, K::HEADING),
                (ENDS_TITLE, K::ENDS_TITLE),
                (HEAD_CONTENT, K::HEAD_CONTENT),
                (FURNITURE, K::FURNITURE),
                (
                    &["html", "head", "body", "form", "main", "article", "section"],
                    K::OTHER,
                ),
            ];
            for (list, flag) in lists {
                for &name in list {
                    *map.entry(name).or_default() |= flag;
                }
            }
            map.into_iter().collect()
        })
    }

    /// The flags of `name` (0 for a name on no list), and the name itself when listed.
    fn of(name: &str) -> (u16, Option<&'static str>) {
        let table = K::table();
        match table.binary_search_by(|(k, _)| (*k).cmp(name)) {
            Ok(i) => (table[i].1, Some(table[i].0)),
            Err(_) => (0, None),
        }
    }
}

/// An element's name: a listed one without an allocation, or its own.
#[derive(Clone, Debug)]
enum Name {
    Known(&'static str),
    Other(Box<str>),
}

impl core::ops::Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Name::Known(k) => k,
            Name::Other(s) => s,
        }
    }
}

/// The attributes read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Attr {
    Type,
    Style,
    Role,
    #[default]
    Other,
}

/// What to do with the text of an HTML document.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Options {
    /// Take the first `<h1>` with text outside dropped regions as the title (and leave it out of
    /// the body); otherwise `<h1>` is a heading line of the body.
    pub(crate) h1_title: bool,
}

/// The text of an `application/ld+json` script: its raw source range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct JsonLdBlock {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// What [`extract`] read from a document.
#[derive(Clone, Debug, Default)]
pub(crate) struct Extraction {
    /// The visible text and its map.
    pub(crate) body: (String, SourceMap),
    /// The first `<h1>` with text, on one line (when asked for).
    pub(crate) h1: Option<(String, SourceMap)>,
    /// The first `<title>` with text, on one line.
    pub(crate) title: Option<(String, SourceMap)>,
    /// `application/ld+json` scripts, in document order.
    pub(crate) json_ld: Vec<JsonLdBlock>,
    /// Tokenizer errors met.
    pub(crate) errors: usize,
}

/// One open element.
#[derive(Clone, Debug)]
struct Open {
    name: Name,
    /// Its flags ([`K`]).
    kind: u16,
    /// Opened inside a dropped region: closing it has no effect on the text.
    hidden: bool,
    /// It drops its contents.
    drops: bool,
    /// It drops page furniture a `<main>` closes.
    furniture: bool,
    /// `main`, `article` or `section`: a `header`/`footer` inside belongs to the content.
    landmark: bool,
    /// `svg`/`math`: self-closing tags inside are honoured.
    foreign: bool,
    /// `pre`/`listing`/`plaintext`/`xmp`: white space is kept.
    pre: bool,
    /// Line breaks asked for before and after it (0, 1 or 2).
    block: u8,
    /// A `<form>` kept only if it turns out to wrap the page: the body as it stood before it,
    /// and whether it wraps the page.
    form: Option<Box<(Checkpoint, bool)>>,
    /// A `<strong>`/`<b>` opening a line: where its text starts in the body.
    bold_at: Option<usize>,
    /// The `<h1>` whose text is being taken as the title.
    title_h1: bool,
    /// The `<title>` whose text is being read.
    title: bool,
    /// An `application/ld+json` script: where its text starts.
    json_ld: Option<usize>,
}

impl Open {
    fn new(name: &str) -> Open {
        let (kind, known) = K::of(name);
        Open {
            name: known.map_or_else(|| Name::Other(name.into()), Name::Known),
            kind,
            hidden: false,
            drops: false,
            furniture: false,
            landmark: false,
            foreign: false,
            pre: false,
            block: 0,
            form: None,
            bold_at: None,
            title_h1: false,
            title: false,
            json_ld: None,
        }
    }
}

/// The start tag being read: its name, position and the attributes that matter here.
#[derive(Default)]
struct Tag {
    name: String,
    start: usize,
    attr: Attr,
    hidden: bool,
    furniture_role: bool,
    json_ld: bool,
    dialog_open: bool,
}

struct Extractor<'s> {
    src: &'s str,
    options: Options,
    stack: Vec<Open>,
    /// Open elements that drop their contents.
    dropped: usize,
    /// Open, visible `main`/`article`/`section` elements.
    landmarks: usize,
    /// Open foreign (`svg`/`math`) elements.
    foreign: usize,
    /// Open, visible elements that keep white space.
    pre: usize,
    /// Open, visible list items: blocks inside them end lines without blank lines.
    items: usize,
    /// Stack index of the open, visible `<form>` still in doubt (a `<form>` inside a form is
    /// an ordinary block, as a browser ignores it).
    form: Option<usize>,
    /// A newline right after `<pre>` is not part of its text.
    skip_newline: bool,
    body: TextBuilder,
    h1: TextBuilder,
    /// The `<h1>` taken as the title is open and its text goes to `h1`.
    in_title_h1: bool,
    h1_done: bool,
    title: TextBuilder,
    title_done: bool,
    json_ld: Vec<JsonLdBlock>,
    tag: Tag,
    errors: usize,
}

/// Reads the visible text of `src` (see [`crate::input`] for the rules).
pub(crate) fn extract(src: &str, options: Options) -> Extraction {
    let mut ex = Extractor {
        src,
        options,
        stack: Vec::new(),
        dropped: 0,
        landmarks: 0,
        foreign: 0,
        pre: 0,
        items: 0,
        form: None,
        skip_newline: false,
        body: TextBuilder::new(),
        h1: TextBuilder::single_line(),
        in_title_h1: false,
        h1_done: false,
        title: TextBuilder::single_line(),
        title_done: false,
        json_ld: Vec::new(),
        tag: Tag::default(),
        errors: 0,
    };
    {
        let mut emitter = CallbackEmitter::new(
            |event: CallbackEvent<'_>, span: html5gum::Span<usize>| -> Option<Infallible> {
                ex.event(event, span.start, span.end);
                None
            },
        );
        // Switch to the raw text states after <script>, <style>, <title>, <textarea>… as a
        // browser does, so their contents are not read as tags.
        emitter.naively_switch_states(true);
        // The reader of a &str cannot fail.
        let _ = Tokenizer::new_with_emitter(src, emitter).finish();
    }
    ex.pop_to(0, src.len());
    let nonempty = |b: TextBuilder| {
        let (text, map) = b.finish();
        (!text.is_empty()).then_some((text, map))
    };
    Extraction {
        body: ex.body.finish(),
        h1: nonempty(ex.h1),
        title: nonempty(ex.title),
        json_ld: ex.json_ld,
        errors: ex.errors,
    }
}

impl Extractor<'_> {
    fn event(&mut self, event: CallbackEvent<'_>, start: usize, end: usize) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                // The tokenizer gives tag and attribute names in lower case.
                let mut buffer = std::mem::take(&mut self.tag.name);
                buffer.clear();
                buffer.push_str(&String::from_utf8_lossy(name));
                self.tag = Tag {
                    name: buffer,
                    start,
                    ..Tag::default()
                };
            }
            CallbackEvent::AttributeName { name } => {
                self.tag.attr = match name {
                    b"hidden" => {
                        self.tag.hidden = true;
                        Attr::Other
                    }
                    b"open" => {
                        self.tag.dialog_open = true;
                        Attr::Other
                    }
                    b"type" => Attr::Type,
                    b"style" => Attr::Style,
                    b"role" => Attr::Role,
                    _ => Attr::Other,
                };
            }
            CallbackEvent::AttributeValue { value } => {
                if self.tag.attr == Attr::Other {
                    return;
                }
                let value = String::from_utf8_lossy(value).to_ascii_lowercase();
                match self.tag.attr {
                    Attr::Type if self.tag.name == "script" => {
                        self.tag.json_ld = value.trim().starts_with("application/ld+json");
                    }
                    Attr::Style => {
                        let style: String = value.split_whitespace().collect();
                        if style.contains("display:none") || style.contains("visibility:hidden") {
                            self.tag.hidden = true;
                        }
                    }
                    Attr::Role if value.split_whitespace().any(|r| is(FURNITURE_ROLES, r)) => {
                        self.tag.furniture_role = true;
                    }
                    _ => {}
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                let tag = std::mem::take(&mut self.tag);
                self.start_tag(&tag, self_closing, end);
                self.tag = tag;
            }
            CallbackEvent::EndTag { name } => {
                let name = String::from_utf8_lossy(name);
                self.end_tag(&name, start);
            }
            CallbackEvent::String { value } => {
                let text = String::from_utf8_lossy(value);
                self.text(&text, start, end);
            }
            CallbackEvent::Error(_) => self.errors += 1,
            CallbackEvent::Comment { .. } | CallbackEvent::Doctype { .. } => {}
        }
    }

    fn start_tag(&mut self, tag: &Tag, self_closing: bool, end: usize) {
        self.skip_newline = false;
        let name = tag.name.as_str();
        let at = tag.start;
        let (kind, _) = K::of(name);
        // A <head> holds only head content; anything else closes it, as in a browser.
        if kind & K::HEAD_CONTENT == 0 {
            self.close_head(at);
        }
        match name {
            "html" if !self.stack.is_empty() => return,
            "head" | "body" if self.near_root("body").is_some() => return,
            "head" if self.near_root("head").is_some() => return,
            _ => {}
        }
        if name == "main" {
            self.close_furniture(at);
        }
        if name == "body" {
            // Whatever the head left open ends with it.
            if let Some(i) = self.near_root("head") {
                self.pop_to(i, at);
            }
        }
        self.close_implied(name, kind, at);
        let visible = self.dropped == 0;
        if visible && matches!(name, "main" | "article" | "h1") {
            // The page's content is inside the open form: it wraps the page.
            if let Some(form) = self.form.and_then(|i| self.stack[i].form.as_mut()) {
                form.1 = true;
            }
        }
        if kind & K::VOID != 0 {
            if visible {
                match name {
                    "br" => self.target().hard_break(at),
                    "hr" => self.target().block_break(2, at),
                    _ => {}
                }
            }
            return;
        }
        if self_closing && (self.foreign > 0 || matches!(name, "svg" | "math")) {
            return;
        }
        let mut open = Open::new(name);
        open.hidden = !visible;
        open.foreign = matches!(name, "svg" | "math");
        let in_content = self.landmarks > 0;
        open.drops = kind & K::DROPPED != 0
            || tag.hidden
            || (name == "dialog" && !tag.dialog_open)
            || tag.furniture_role
            || (matches!(name, "header" | "footer") && !in_content);
        open.furniture = kind & K::FURNITURE != 0 || tag.furniture_role;
        if name == "script" && tag.json_ld {
            open.json_ld = Some(end);
        }
        if name == "title" && !self.title_done && self.foreign == 0 {
            open.title = true;
        }
        let block = if kind & K::PARAGRAPH != 0 {
            // Blocks inside a list item end lines without blank lines.
            if self.items > 0 {
                1
            } else {
                2
            }
        } else if kind & K::LINE != 0 {
            1
        } else {
            0
        };
        if self.stack.len() >= MAX_OPEN && !open.drops {
            // Too deep to track: read as an element without an end tag.
            if visible && name == "li" {
                self.target().bullet(at);
            } else if visible && block > 0 {
                self.target().block_break(block, at);
            }
            return;
        }
        if visible && !open.drops {
            open.landmark = matches!(name, "main" | "article" | "section");
            open.pre = matches!(name, "pre" | "listing" | "plaintext" | "xmp");
            open.block = block;
            if self.in_title_h1 && kind & K::ENDS_TITLE != 0 && !self.h1.text().is_empty() {
                // An <h1> without its end tag: its title ends here.
                self.in_title_h1 = false;
                self.h1_done = true;
            }
            if name == "form" && !self.in_title_h1 && self.form.is_none() {
                // Kept only if it wraps the page's content (see `pop_to`).
                open.form = Some(Box::new((self.body.checkpoint(), false)));
            }
            if name == "li" {
                self.target().bullet(at);
            } else if open.block > 0 {
                let n = open.block;
                self.target().block_break(n, at);
            }
            if name == "h1" && self.options.h1_title && !self.h1_done && !self.in_title_h1 {
                open.title_h1 = true;
                self.in_title_h1 = true;
            }
            if matches!(name, "strong" | "b") && !self.in_title_h1 && self.body.at_line_start() {
                open.bold_at = Some(self.body.text().len());
            }
            if open.pre {
                self.skip_newline = true;
            }
        }
        self.push(open);
    }

    /// The index of the open `name` among the first few elements from the root.
    fn near_root(&self, name: &str) -> Option<usize> {
        self.stack
            .iter()
            .take(ROOT_DEPTH)
            .position(|o| &*o.name == name)
    }

    fn push(&mut self, open: Open) {
        self.dropped += usize::from(open.drops);
        self.foreign += usize::from(open.foreign);
        self.landmarks += usize::from(open.landmark);
        self.pre += usize::from(open.pre);
        self.items += usize::from(&*open.name == "li" && !open.hidden);
        if open.form.is_some() {
            self.form = Some(self.stack.len());
        }
        self.stack.push(open);
    }

    fn end_tag(&mut self, name: &str, at: usize) {
        self.skip_newline = false;
        match name {
            "br" => {
                // </br> is read as <br>, as in a browser.
                if self.dropped == 0 {
                    self.target().hard_break(at);
                }
                return;
            }
            "body" | "html" => {
                // Whatever is still open inside the body ends here: an unclosed <nav> or
                // <aside> does not swallow the rest.
                let keep = self.near_root("body").map_or(
                    usize::from(self.stack.first().is_some_and(|o| &*o.name == "html")),
                    |i| i + 1,
                );
                self.pop_to(keep, at);
                return;
            }
            "head" => {
                // The head ends with whatever it left open.
                if let Some(i) = self.near_root("head") {
                    self.pop_to(i, at);
                }
                return;
            }
            _ => {}
        }
        let found = self.find(|o| &*o.name == name).or_else(|| {
            // </h2> closes an open <h3>, as in a browser.
            if is(HEADINGS, name) {
                self.find(|o| o.kind & K::HEADING != 0)
            } else {
                None
            }
        });
        match found {
            Some(i) => self.pop_to(i, at),
            None if name == "p" && self.dropped == 0 => {
                // A stray </p> is an empty paragraph.
                self.target().block_break(2, at);
            }
            None => {}
        }
    }

    /// The index of the topmost open element matching `f`, looking no deeper than
    /// [`SEARCH_DEPTH`].
    fn find(&self, f: impl Fn(&Open) -> bool) -> Option<usize> {
        let n = self.stack.len();
        (n.saturating_sub(SEARCH_DEPTH)..n)
            .rev()
            .find(|&i| f(&self.stack[i]))
    }

    /// Closes the `<head>` when it is the current element.
    fn close_head(&mut self, at: usize) {
        if self.stack.last().is_some_and(|o| &*o.name == "head") {
            self.pop_to(self.stack.len() - 1, at);
        }
    }

    /// Closes the page furniture (`nav`, `header`, `footer`, `aside`, elements with their
    /// roles) open above any other dropped region.
    fn close_furniture(&mut self, at: usize) {
        let mut target = None;
        let n = self.stack.len();
        for i in (n.saturating_sub(SEARCH_DEPTH)..n).rev() {
            let o = &self.stack[i];
            if o.drops {
                if !o.furniture {
                    break;
                }
                if !o.hidden {
                    target = Some(i);
                }
            }
        }
        if let Some(i) = target {
            self.pop_to(i, at);
        }
    }

    /// Closes what a start tag `name` implies closed: an open `<p>`, the previous `<li>`, `<dt>`
    /// or `<dd>`, a table row or cell, a heading inside a heading.
    fn close_implied(&mut self, name: &str, kind: u16, at: usize) {
        let n = self.stack.len();
        let lo = n.saturating_sub(32);
        let scan = |stop: &dyn Fn(&Open) -> bool, want: &dyn Fn(&str) -> bool| -> Option<usize> {
            for i in (lo..n).rev() {
                let o = &self.stack[i];
                if want(&o.name) {
                    return Some(i);
                }
                if stop(o) {
                    return None;
                }
            }
            None
        };
        let phrasing = |o: &Open| o.kind & K::PHRASING != 0;
        let in_item = |o: &Open| phrasing(o) || matches!(&*o.name, "p" | "div" | "address");
        let mut target = None;
        if kind & K::CLOSES_P != 0 {
            target = scan(&|o| !phrasing(o), &|o| o == "p");
        }
        let item = match name {
            "li" => scan(&|o| !in_item(o), &|o| o == "li"),
            "dt" | "dd" => scan(&|o| !in_item(o), &|o| matches!(o, "dt" | "dd")),
            "tr" => scan(
                &|o| matches!(&*o.name, "table" | "tbody" | "thead" | "tfoot"),
                &|o| o == "tr",
            ),
            "td" | "th" => scan(&|o| matches!(&*o.name, "tr" | "table"), &|o| {
                matches!(o, "td" | "th")
            }),
            _ if kind & K::HEADING != 0 => n
                .checked_sub(1)
                .filter(|&i| self.stack[i].kind & K::HEADING != 0),
            _ => None,
        };
        if let Some(i) = item.into_iter().chain(target).min() {
            self.pop_to(i, at);
        }
    }

    /// Closes the elements from the top of the stack down to index `to` (inclusive), at source
    /// position `at`.
    fn pop_to(&mut self, to: usize, at: usize) {
        while self.stack.len() > to {
            let Some(o) = self.stack.pop() else { break };
            self.dropped -= usize::from(o.drops);
            self.foreign -= usize::from(o.foreign);
            self.landmarks -= usize::from(o.landmark);
            self.pre -= usize::from(o.pre);
            self.items -= usize::from(&*o.name == "li" && !o.hidden);
            if let Some(start) = o.json_ld {
                self.json_ld.push(JsonLdBlock {
                    start,
                    end: at.max(start),
                });
            }
            if o.title {
                self.title_done = !self.title.text().is_empty();
            }
            if o.hidden || o.drops {
                continue;
            }
            if o.title_h1 && self.in_title_h1 {
                self.in_title_h1 = false;
                self.h1_done = !self.h1.text().is_empty();
            }
            if let Some(from) = o.bold_at {
                // Its text, and the line breaks before it (at most 4 * 60 + 2 bytes for a heading).
                let text = self.body.text().get(from..).unwrap_or("");
                let text = if text.len() <= 4 * MAX_BOLD_HEADING + 2 {
                    text.trim()
                } else {
                    ""
                };
                if text.ends_with(':')
                    && text.chars().count() <= MAX_BOLD_HEADING
                    && !text.contains('\n')
                {
                    self.body.block_break(1, at);
                }
            }
            if let Some(form) = o.form {
                self.form = None;
                let (checkpoint, wraps) = *form;
                if !wraps {
                    self.body.restore(checkpoint);
                }
            }
            if o.block > 0 {
                self.target().block_break(o.block, at);
            }
        }
    }

    /// Where visible text goes: the title's `<h1>` or the body.
    fn target(&mut self) -> &mut TextBuilder {
        if self.in_title_h1 {
            &mut self.h1
        } else {
            &mut self.body
        }
    }

    fn text(&mut self, decoded: &str, start: usize, end: usize) {
        let Some(top) = self.stack.last() else {
            return self.visible_text(decoded, start, end);
        };
        if top.json_ld.is_some() {
            return;
        }
        if top.title {
            let title = &mut self.title;
            align(self.src, start, end, decoded, |c, r, exact| {
                feed(title, c, r, exact, false);
            });
            return;
        }
        if &*top.name == "head" {
            if decoded.chars().all(is_html_space) {
                return;
            }
            // Text in the head ends it, as in a browser.
            self.close_head(start);
        }
        if self.dropped == 0 {
            self.visible_text(decoded, start, end);
        }
    }

    fn visible_text(&mut self, decoded: &str, start: usize, end: usize) {
        let pre = self.pre > 0;
        let in_title = self.in_title_h1;
        let mut skip_newline = std::mem::take(&mut self.skip_newline);
        let src = self.src;
        let target = if self.in_title_h1 {
            &mut self.h1
        } else {
            &mut self.body
        };
        align(src, start, end, decoded, |c, r, exact| {
            if std::mem::take(&mut skip_newline) && c == '\n' {
                return;
            }
            // The title is one line: white space collapses there even inside `<pre>`.
            feed(target, c, r, exact, pre && !in_title);
        });
    }
}

/// HTML's white space (ASCII space, tab, LF, FF, CR).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r')
}

/// One visible character into `b`: white space collapses (or, in `<pre>`, is kept), a no-break
/// space reads as white space too (so `Power&nbsp;BI` is "Power BI" and a paragraph holding only
/// `&nbsp;` is a blank line), NUL is dropped as a browser drops it.
fn feed(b: &mut TextBuilder, c: char, r: core::ops::Range<usize>, exact: bool, pre: bool) {
    match c {
        '\n' if pre => b.hard_break(r.start),
        ' ' | '\t' if pre => b.push(c, r, exact),
        '\u{A0}' if pre => b.push(' ', r, false),
        c if is_html_space(c) || c == '\u{A0}' => b.space(r),
        '\0' => {}
        c => b.push(c, r, exact),
    }
}

/// The raw source text `start..end` of `src`, cut to char boundaries.
pub(crate) fn raw(src: &str, start: usize, end: usize) -> &str {
    let start = floor_boundary(src, start.min(src.len()));
    let end = ceil_boundary(src, end.clamp(start, src.len()));
    &src[start..end]
}
