//! Adverts read from HTML pages and from schema.org `JobPosting` JSON (feature `html`, on by
//! default), with a map from the extracted text back to the source.
//!
//! [`ExtractedAdvert::from_html`] reads a page; [`ExtractedAdvert::from_job_posting_json`] reads
//! a `JobPosting` JSON document. Each gives owned [`ExtractedAdvert`]s: a title, a plain-text
//! body, the [`AdvertMetadata`] the source carried, and (for a page's visible text) a map from
//! every byte of the title and body back to the page, so that
//! [`ExtractedAdvert::analyse`] fills each piece of evidence's
//! [`source_span`](crate::Evidence::source_span).
//!
//! # JSON-LD first
//!
//! When a page holds `<script type="application/ld+json">` blocks with schema.org `JobPosting`s
//! (a `JobPosting` object, or one inside an `@graph`, a list or a `mainEntity`), each posting
//! gives one advert, in document order: its title from `title` (else `name`), its body from
//! `description`, and the page's visible text is not used. A block that does not parse as JSON
//! is passed over and noted in [`AdvertMetadata::skipped`] (with its line and column in the
//! page), as a browser or a search engine passes it over; a page whose blocks hold no posting is
//! read for its visible text.
//!
//! A `description` is HTML, sometimes entity-encoded once more (`&lt;p&gt;Key
//! responsibilities&lt;/p&gt;`): a description with no tag but an encoded one has that extra
//! layer decoded first (html-escape), then its visible text is read by the rules below (its
//! `<h1>` stays a heading of the body). A description with no tag at all is plain text: its
//! entities are decoded and its line breaks kept. `hiringOrganization.name`, `datePosted`,
//! `identifier` (a string, or an object's `value`, else its `name`), `employmentType` (a string
//! or a list) and `url` go into the metadata.
//!
//! Text from a JSON string has no span in the page: [`ExtractedAdvert::source_span`] gives
//! `None` for those adverts.
//!
//! # Visible text
//!
//! The page is tokenized by html5gum (a WHATWG tokenizer; its recoverable syntax errors are
//! counted in [`AdvertMetadata::html_errors`], never fatal) and read as a browser shows it:
//!
//! - character references are decoded; a no-break space reads as white space (`Power&nbsp;BI`
//!   reads "Power BI"); CRLF and lone CR become LF; NUL is dropped.
//! - dropped with their contents: `script`, `style`, `head` (whose `<title>` is read, see
//!   below), `title`, `nav`, `aside`, `noscript`, `template`, `svg`, `math`, `iframe`,
//!   `button`, `select`, `textarea`, `object`, `canvas`, `audio`, `video`, `datalist`,
//!   `noembed`, `noframes`; a `dialog` without `open`; any element with the `hidden` attribute,
//!   an inline style with `display:none` or `visibility:hidden`, or a furniture role
//!   (`navigation`, `banner`, `contentinfo`, `complementary`); `header` and `footer` unless
//!   they stand inside a `main`, `article` or `section` (a page's banner and footer, not an
//!   article's heading block).
//! - a `form` is dropped (an application form), unless a `main`, `article` or `h1` opens inside
//!   it: then it wraps the page (as ASP.NET pages do) and is kept; its controls are dropped all
//!   the same.
//! - block elements (`p`, `div`, `section`, `article`, `li`, `ul`, `ol`, `dl`, `dt`, `dd`,
//!   `table`, `tr`, `td`, `th`, `h1`–`h6`, `blockquote`, `pre`, …) and `<br>` end lines; `p`,
//!   headings, lists, tables, `blockquote`, `pre` and `<hr>` stand between blank lines (inside a
//!   list item, a single line break); no more than one blank line in a row, none at the start or
//!   the end.
//! - each `<li>` is a line starting with "• " ([`BULLET`]); headings `<h1>`–`<h6>` stand as their
//!   own lines, so the analyser sees "Key responsibilities" as a heading.
//! - a `<strong>` or `<b>` that opens a line and reads as a heading (at most 60 characters,
//!   ending with `:`) ends its line: `<p><strong>Key responsibilities:</strong> Maintain…`
//!   gives "Key responsibilities:" and "Maintain…" on two lines. One followed by a line break is
//!   on its own line already.
//! - runs of white space (no-break spaces included, unlike a browser) collapse to one space, and
//!   white space at the start and end of a line goes, as in a browser; inside `pre` it is kept
//!   (but for the newline right after `<pre>`).
//! - the title: the first `<h1>` with text outside the dropped regions (on one line, left out of
//!   the body), else the first `<title>`.
//!
//! Since html5gum only tokenizes, open elements are tracked on a stack: an end tag closes the
//! elements opened after its start tag (a stray end tag is ignored), and the start tags a
//! browser reads as closing an element close it (a block start closes an open `<p>`, a `<li>` the
//! previous `<li>`, `<dt>`/`<dd>`, table rows and cells, a heading inside a heading). So that an
//! element whose end tag is missing never swallows the page: a dropped region also ends with its
//! parent's end tag, `</body>` or `</html>` end everything open inside the body, a `<main>`
//! start tag ends open page furniture (`nav`, `header`, `footer`, `aside`, furniture roles), the
//! head ends at the first start tag or text that cannot be in it (as in a browser) and with
//! whatever it left open at `</head>` or `<body>`, and an `<h1>`
//! taken as the title stops being the title at the next block start once it holds text. End tags
//! look at most 256 open elements deep; past 4,096 open elements, a further element that drops
//! nothing is read as if it had no end tag (its line breaks still count). A `<form>` inside a form
//! is an ordinary block, as a browser ignores it.
//!
//! An input without any of that (no title from an `<h1>` and no body text) is an error,
//! [`Error::NoVisibleText`]: a page that is all script (a single-page application) or furniture.
//!
//! # The map back to the page
//!
//! Every character of the title and body maps to the page bytes it came from: a character copied
//! as it stands to its own bytes, a character reference to the whole reference (`&nbsp;`), a
//! collapsed run of white space to the whole run, a CRLF to both bytes; the line breaks and
//! bullets the extraction writes map to an empty span where their tag stands. html5gum gives one
//! span per run of text with its references decoded; each reference is decoded again on its own
//! by html-escape to align the run with its source. Where the two read a reference differently
//! (a rare legacy reference), the rest of that run maps to the rest of its span as a whole, so a
//! source span there may cover more words than its evidence.
//!
//! # Limits
//!
//! - Only what the HTML says is seen: elements hidden by a style sheet or by script (a class
//!   such as `visually-hidden`, a cookie banner shown by script) are read as visible.
//! - Text above the `<h1>` taken as the title stays at the start of the body, where the analyser
//!   reads it as part of the advert (for plain text it would be page furniture above the title
//!   line, counting nothing); dropping `nav`, `header` and the like leaves little there.
//! - The title's `<h1>` must hold the job title: an `<h1>` holding the site's name takes the
//!   title's place.

mod align;
mod html;
mod jsonld;
mod text;

pub use text::BULLET;

use html::{extract, Options};
use text::SourceMap;

use crate::{Advert, AdvertMetadata, AdvertSource, Analyser, Error, Field, Report, Span};

/// An advert extracted from an HTML page or a `JobPosting`: an owned title and body, the
/// metadata the source carried and, for a page's visible text, the map from their bytes back to
/// the page's.
///
/// ```
/// use pmo_advert::input::ExtractedAdvert;
/// use pmo_advert::{Analyser, Field, Role, Section};
///
/// let html = "<html><head><title>Jobs | Acme</title></head><body>\
///     <nav><a href=/jobs>PMO Manager jobs</a></nav>\
///     <h1>PMO Analyst</h1>\
///     <p>Join our Portfolio Management Office.</p>\
///     <h2>Key responsibilities</h2>\
///     <ul><li>Maintain the RAID&nbsp;log</li><li>Build Power&nbsp;BI dashboards and track KPIs</li></ul>\
///     <footer>Similar jobs: Head of PMO</footer></body></html>";
/// let adverts = ExtractedAdvert::from_html(html)?;
/// let advert = &adverts[0];
/// assert_eq!(advert.title(), Some("PMO Analyst"));
/// assert_eq!(
///     advert.body(),
///     "Join our Portfolio Management Office.\n\nKey responsibilities\n\n\
///      • Maintain the RAID log\n• Build Power BI dashboards and track KPIs"
/// );
///
/// let report = advert.analyse(&Analyser::builtin());
/// assert_eq!(report.verdict().unwrap().role(), Role::Analyst);
/// for e in report.evidence() {
///     // Each piece of evidence indexes its field, and maps back to the same words in the page.
///     let field = if e.field() == Field::Title { advert.title().unwrap() } else { advert.body() };
///     assert_eq!(&field[e.span()], e.text());
///     let source = &html[e.source_span().unwrap()];
///     if e.text() == "RAID log" {
///         assert_eq!(source, "RAID&nbsp;log");
///         assert_eq!(e.section(), Section::Responsibilities);
///     }
/// }
/// # Ok::<(), pmo_advert::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ExtractedAdvert {
    title: Option<String>,
    body: String,
    /// Title byte offsets to source byte offsets (`None` for text out of a JSON string).
    title_map: Option<SourceMap>,
    /// Body byte offsets to source byte offsets (`None` for text out of a JSON string).
    body_map: Option<SourceMap>,
    metadata: AdvertMetadata,
}

/// The origin named by errors about HTML given as text.
const HTML: &str = "<html>";
/// The origin named by errors about JSON given as text.
const JSON: &str = "<json>";

impl ExtractedAdvert {
    /// The adverts of an HTML page: one per schema.org `JobPosting` in its
    /// `application/ld+json` blocks, or else one from its visible text (see the
    /// [module docs](self) for the rules).
    ///
    /// Never panics. Errors: [`Error::JobPosting`] for a posting with neither a title nor a
    /// description with text, or whose `title`/`description` is not a string (its path names the
    /// block, its line and the JSON path); [`Error::NoVisibleText`] for a page without postings
    /// whose visible text is empty. Syntax errors in the HTML are not errors (they are counted in
    /// [`AdvertMetadata::html_errors`]), nor is a JSON-LD block that does not parse (noted in
    /// [`AdvertMetadata::skipped`]).
    ///
    /// ```
    /// use pmo_advert::input::ExtractedAdvert;
    /// use pmo_advert::AdvertSource;
    ///
    /// let page = r#"<script type="application/ld+json">
    ///   {"@context": "https://schema.org", "@type": "JobPosting", "title": "PMO Lead",
    ///    "description": "<p>Design the PMO framework.</p>",
    ///    "hiringOrganization": {"@type": "Organization", "name": "Acme"}}
    /// </script><h1>Careers</h1>"#;
    /// let adverts = ExtractedAdvert::from_html(page)?;
    /// assert_eq!(adverts.len(), 1);
    /// assert_eq!(adverts[0].title(), Some("PMO Lead"));
    /// assert_eq!(adverts[0].body(), "Design the PMO framework.");
    /// assert_eq!(adverts[0].metadata().source(), Some(AdvertSource::HtmlJsonLd));
    /// assert_eq!(adverts[0].metadata().hiring_organization(), Some("Acme"));
    /// # Ok::<(), pmo_advert::Error>(())
    /// ```
    pub fn from_html(html: &str) -> Result<Vec<ExtractedAdvert>, Error> {
        let page = extract(html, Options { h1_title: true });
        let mut skipped = Vec::new();
        let mut adverts = Vec::new();
        for (n, block) in page.json_ld.iter().enumerate() {
            let raw = html::raw(html, block.start, block.end);
            let (line, column) = line_column(html, block.start);
            let place = format!("ld+json block {} (line {line}) ", n + 1);
            match serde_json::from_str::<serde_json::Value>(raw) {
                Ok(value) => {
                    for posting in jsonld::postings(&value) {
                        adverts.push(from_posting(
                            &posting,
                            HTML,
                            &place,
                            AdvertSource::HtmlJsonLd,
                        )?);
                    }
                }
                Err(e) => {
                    let Error::Json {
                        line: l,
                        column: c,
                        message,
                        ..
                    } = jsonld::json_error(&e, HTML)
                    else {
                        continue;
                    };
                    let (pl, pc) = if l <= 1 {
                        (line, column + c.saturating_sub(1))
                    } else {
                        (line + l - 1, c)
                    };
                    skipped.push(format!(
                        "application/ld+json block {} at line {line}: JSON does not parse at line \
                         {pl}, column {pc} of the page: {message}",
                        n + 1
                    ));
                }
            }
        }
        if !adverts.is_empty() {
            for a in &mut adverts {
                a.metadata.skipped.splice(0..0, skipped.iter().cloned());
            }
            return Ok(adverts);
        }
        let (body, body_map) = page.body;
        let has_h1 = page.h1.is_some();
        let (title, title_map) = match page.h1.or(page.title) {
            Some((t, m)) => (Some(t), Some(m)),
            None => (None, None),
        };
        if body.is_empty() && !has_h1 {
            return Err(Error::NoVisibleText {
                origin: HTML.to_string(),
                bytes: html.len(),
            });
        }
        Ok(vec![ExtractedAdvert {
            title,
            body,
            title_map,
            body_map: Some(body_map),
            metadata: AdvertMetadata {
                source: Some(AdvertSource::Html),
                html_errors: page.errors,
                skipped,
                ..AdvertMetadata::default()
            },
        }])
    }

    /// The adverts of a JSON document holding a schema.org `JobPosting`, an `@graph` of
    /// them, a list of them, or one under `mainEntity`, in document order; each posting's text
    /// is read as [`from_html`](ExtractedAdvert::from_html) reads a JSON-LD posting.
    ///
    /// Never panics. Errors: [`Error::Json`] when the document does not parse (with the line and
    /// column), [`Error::NoJobPosting`] when it holds no posting, [`Error::JobPosting`] for a
    /// posting with neither a title nor a description with text (or a `title`/`description`
    /// that is not a string), naming its JSON path.
    ///
    /// ```
    /// use pmo_advert::input::ExtractedAdvert;
    ///
    /// let json = r#"{"@context": "https://schema.org", "@graph": [
    ///   {"@type": "Organization", "name": "Acme"},
    ///   {"@type": "JobPosting", "title": "Head of PMO",
    ///    "description": "&lt;p&gt;Lead and manage the PMO team.&lt;/p&gt;",
    ///    "employmentType": ["FULL_TIME", "PERMANENT"], "identifier": {"value": "R-104"}}]}"#;
    /// let adverts = ExtractedAdvert::from_job_posting_json(json)?;
    /// assert_eq!(adverts[0].body(), "Lead and manage the PMO team.");
    /// assert_eq!(adverts[0].metadata().identifier(), Some("R-104"));
    /// assert_eq!(adverts[0].metadata().employment_type(), ["FULL_TIME", "PERMANENT"]);
    /// assert_eq!(adverts[0].source_span(pmo_advert::Field::Body, pmo_advert::Span::new(0, 4)), None);
    ///
    /// let err = ExtractedAdvert::from_job_posting_json("{\"@type\": \"JobPosting\",}").unwrap_err();
    /// assert_eq!(err.to_string(), "<json>: JSON does not parse at line 1, column 24: trailing comma");
    /// # Ok::<(), pmo_advert::Error>(())
    /// ```
    pub fn from_job_posting_json(json: &str) -> Result<Vec<ExtractedAdvert>, Error> {
        let value = jsonld::parse(json, JSON)?;
        let postings = jsonld::postings(&value);
        if postings.is_empty() {
            return Err(Error::NoJobPosting {
                origin: JSON.to_string(),
            });
        }
        postings
            .iter()
            .map(|p| from_posting(p, JSON, "", AdvertSource::Json))
            .collect()
    }

    /// The title: the page's first `<h1>` (else its `<title>`), or the posting's `title`, on one
    /// line; `None` when there was none.
    pub fn title(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The body: the visible text, one line per block.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// What the source said besides the text, and what the extraction passed over.
    pub fn metadata(&self) -> &AdvertMetadata {
        &self.metadata
    }

    /// The advert with `title` as its title instead of the extracted one (a JSON line's own
    /// `title` beside its `html`, say). The new title has no source: its evidence gets no
    /// [`source_span`](ExtractedAdvert::source_span).
    pub fn with_title(mut self, title: impl Into<String>) -> ExtractedAdvert {
        self.title = Some(title.into());
        self.title_map = None;
        self
    }

    /// The advert to analyse: the title (when there is one) and the body, borrowed.
    pub fn advert(&self) -> Advert<'_> {
        let advert = Advert::new(&self.body);
        match &self.title {
            Some(t) => advert.title(t),
            None => advert,
        }
    }

    /// The byte span of the original HTML covering the same words as `span` of `field`
    /// (UTF-8 byte offsets into [`title`](ExtractedAdvert::title) or
    /// [`body`](ExtractedAdvert::body)): from the source of the span's first byte to the
    /// source of its last. The words may stand there with tags, character references and other
    /// white space between them (`Power&nbsp;BI`, `PMO</b> Analyst`). Both ends fall on char
    /// boundaries of the source.
    ///
    /// `None` when the span is not inside the field, and for every span of an advert whose text
    /// came out of a JSON string (a JSON-LD `JobPosting` of a page, or a JSON document): offsets
    /// in a JSON string's decoded text have no span in the source that this crate tracks.
    pub fn source_span(&self, field: Field, span: Span) -> Option<Span> {
        let (text, map) = match field {
            Field::Title => (self.title.as_deref()?, self.title_map.as_ref()?),
            Field::Body => (self.body.as_str(), self.body_map.as_ref()?),
        };
        if span.end > text.len()
            || !text.is_char_boundary(span.start)
            || !text.is_char_boundary(span.end)
        {
            return None;
        }
        map.span(span)
    }

    /// Analyses the advert ([`advert`](ExtractedAdvert::advert)) and fills each piece of
    /// evidence's [`source_span`](crate::Evidence::source_span) (see
    /// [`source_span`](ExtractedAdvert::source_span)) and the report's
    /// [`metadata`](Report::metadata). Never fails, never panics.
    pub fn analyse(&self, analyser: &Analyser) -> Report {
        let mut report = analyser.analyse(&self.advert());
        for e in &mut report.evidence {
            e.source_span = self.source_span(e.field, e.span);
        }
        report.with_metadata(self.metadata.clone())
    }
}

/// One advert from a `JobPosting`; `place` says where the posting stands before its JSON path.
fn from_posting(
    posting: &jsonld::Posting<'_>,
    origin: &str,
    place: &str,
    source: AdvertSource,
) -> Result<ExtractedAdvert, Error> {
    let title = match jsonld::string_field(posting, "title", origin, place)? {
        Some(t) => Some(t),
        None => jsonld::string_field(posting, "name", origin, place)?,
    };
    let description = jsonld::string_field(posting, "description", origin, place)?;
    let mut errors = 0;
    let title = title
        .map(|t| title_text(t, &mut errors))
        .filter(|t| !t.is_empty());
    let body = description
        .map(|d| description_text(d, &mut errors))
        .unwrap_or_default();
    if title.is_none() && body.trim().is_empty() {
        return Err(Error::JobPosting {
            origin: origin.to_string(),
            path: format!("{place}{}", posting.path),
            message: "neither a title nor a description with text".to_string(),
        });
    }
    let mut metadata = AdvertMetadata {
        source: Some(source),
        ..AdvertMetadata::default()
    };
    jsonld::metadata(posting, place, &mut metadata);
    metadata.html_errors = errors;
    Ok(ExtractedAdvert {
        title,
        body,
        title_map: None,
        body_map: None,
        metadata,
    })
}

/// True when `s` holds something a browser reads as a tag: `<` then a letter, `/` or `!`.
fn has_tag(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!')))
}

/// True when `s` holds no tag but an entity-encoded one (`&lt;p&gt;`): HTML encoded twice.
fn encoded_twice(s: &str) -> bool {
    if has_tag(s) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    lower.match_indices("&lt;").any(|(i, m)| {
        lower
            .as_bytes()
            .get(i + m.len())
            .is_some_and(|&b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!'))
    })
}

/// A posting's description as text: the extra encoding layer decoded, then HTML read for its
/// visible text, or plain text with its entities decoded and its line breaks kept.
fn description_text(d: &str, errors: &mut usize) -> String {
    let once;
    let d = if encoded_twice(d) {
        once = html_escape::decode_html_entities(d).into_owned();
        once.as_str()
    } else {
        d
    };
    if has_tag(d) {
        let ex = extract(d, Options { h1_title: false });
        *errors += ex.errors;
        ex.body.0
    } else {
        let text = html_escape::decode_html_entities(d).replace("\r\n", "\n");
        text.replace('\r', "\n").trim().to_string()
    }
}

/// A posting's title on one line: its visible text, white space collapsed.
fn title_text(t: &str, errors: &mut usize) -> String {
    let text = description_text(t, errors);
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| *w != BULLET.trim_end())
        .collect();
    words.join(" ")
}

/// 1-based line and byte column of byte `offset` in `src` (CRLF and a lone CR end a line).
fn line_column(src: &str, offset: usize) -> (usize, usize) {
    let before = &src.as_bytes()[..offset.min(src.len())];
    let mut line = 1;
    let mut line_start = 0;
    for (i, &b) in before.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && before.get(i + 1) != Some(&b'\n')) {
            line += 1;
            line_start = i + 1;
        }
    }
    (line, before.len() - line_start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        assert_eq!(line_column("ab\ncd\r\nef\rg", 0), (1, 1));
        assert_eq!(line_column("ab\ncd\r\nef\rg", 4), (2, 2));
        assert_eq!(line_column("ab\ncd\r\nef\rg", 7), (3, 1));
        assert_eq!(line_column("ab\ncd\r\nef\rg", 10), (4, 1));
        assert_eq!(line_column("ab", 99), (1, 3));
    }

    #[test]
    fn double_encoding_is_told_from_plain_text() {
        assert!(encoded_twice("&lt;p&gt;Hello&lt;/p&gt;"));
        assert!(encoded_twice("&LT;br/&GT;"));
        assert!(!encoded_twice("<p>Use &lt;b&gt; for bold</p>"));
        assert!(!encoded_twice("a &lt; b"));
        assert!(has_tag("x<br>"));
        assert!(!has_tag("a < b"));
    }

    #[test]
    fn plain_descriptions_keep_their_lines() {
        let mut e = 0;
        assert_eq!(
            description_text("Key duties\r\n- Maintain the RAID log &amp; KPIs\r", &mut e),
            "Key duties\n- Maintain the RAID log & KPIs"
        );
        assert_eq!(
            title_text("  PMO&nbsp;Analyst\n (Band 5) ", &mut e),
            "PMO Analyst (Band 5)"
        );
        assert_eq!(title_text("<b>PMO</b> <i>Lead</i>", &mut e), "PMO Lead");
    }
}
