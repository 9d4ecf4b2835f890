//! From hits to evidence: each hit's exact span, line and column, section, sentence, and the
//! cues that say whose duty it is.

use crate::compiled::Compiled;
use crate::cues::CueTarget;
use crate::document::{ceil_boundary, floor_boundary, LineCursor, Normalised};
use crate::matcher::{RawHit, Target};
use crate::profile::SignalKind;
use crate::report::{Cue, Field, Section, TextStats};
use crate::{JobTitle, Span};

/// One hit filed as evidence, not yet weighed: the evidence record before the report is made,
/// with no string of its own (its matched text is copied into [`Collected::text`], the
/// signal's names are in the compiled table), so that filing a hit allocates nothing.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Found {
    /// Index of the signal in the compiled table.
    pub(crate) signal: usize,
    /// A duty phrase that names a PMO ("run the PMO").
    pub(crate) names_pmo: bool,
    /// Where the matched text stands in [`Collected::text`].
    pub(crate) text: Span,
    pub(crate) span: Span,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) sentence: Span,
    pub(crate) section: Section,
    pub(crate) field: Field,
    pub(crate) cue: Option<Cue>,
}

/// The working memory of an analysis: what the scan files, and per-signal tables the scan and
/// the scoring count in. [`begin`](Collected::begin) readies it for the next analysis, so that
/// the same buffers could serve analysis after analysis.
#[derive(Default)]
pub(crate) struct Collected {
    /// Every hit filed as evidence, in field order (title first) and then text order.
    pub(crate) found: Vec<Found>,
    /// The matched text of every hit filed, in the order filed: it becomes the store the
    /// report's evidence looks its text up in (taken by the report, so never reused).
    pub(crate) text: String,
    pub(crate) stats: TextStats,
    /// Signals of the `neutral` kind that matched (for checking their examples).
    pub(crate) neutral: Vec<usize>,
    /// Per signal: hits listed that count, hits listed that a cue discounts. Empty until the
    /// first analysis sizes the per-signal tables.
    listed: Vec<[u32; 2]>,
    /// Per signal: hits not listed (past the signal's cap).
    pub(crate) omitted: Vec<u32>,
    /// The signals with a hit not listed, in the order of their first (so that the report's
    /// list of them, and readying the table for the next analysis, take no pass over every
    /// signal).
    pub(crate) omitted_signals: Vec<usize>,
    /// Per signal: the repeat factor of its next hit that counts (1, then its decay, decay², …),
    /// kept by the scoring.
    pub(crate) factors: Vec<f64>,
    /// Per signal: voided by another meaning found in the advert; empty until a hit of a
    /// cancelling signal is filed (see [`cancelling`](Collected::cancelling)).
    pub(crate) cancelled: Vec<bool>,
    /// True when a hit filed is of a signal that cancels others (an `other_meaning` signal).
    pub(crate) cancelling: bool,
    /// Line starts of each field's text as scanned (title, body), for locating the title
    /// evidence added after the scan.
    line_starts: [Vec<usize>; 2],
}

impl Collected {
    /// Readies the buffers for an analysis with `c`: the per-signal tables sized for its
    /// signals and every entry the previous analysis changed put back (the signals of the hits
    /// it filed and omitted: constant work per hit, none per signal), the lists emptied.
    pub(crate) fn begin(&mut self, c: &Compiled) {
        let n = c.signals.len();
        if self.listed.len() != n {
            self.listed = vec![[0; 2]; n];
            self.omitted = vec![0; n];
            self.factors = vec![1.0; n];
            self.cancelled = Vec::new();
        } else {
            for f in &self.found {
                self.listed[f.signal] = [0; 2];
                self.factors[f.signal] = 1.0;
            }
            for &si in &self.omitted_signals {
                self.omitted[si] = 0;
            }
            if self.cancelling {
                self.cancelled.fill(false);
            }
        }
        self.found.clear();
        self.text.clear();
        self.stats = TextStats::default();
        self.neutral.clear();
        self.omitted_signals.clear();
        self.cancelling = false;
    }
}

impl Collected {
    /// Folds `text`, finds every hit and turns each into evidence. Hits inside `title` (a span
    /// of `text`) stand in the title section.
    pub(crate) fn scan(&mut self, c: &Compiled, text: &str, field: Field, title: Option<Span>) {
        let norm = Normalised::new(text);
        self.stats.words += norm.words;
        if field == Field::Body {
            // Lines of the body: one more than the line breaks, not counting a final break.
            let ends_with_break = norm.line_starts.last() == Some(&text.len());
            self.stats.lines = if text.is_empty() {
                0
            } else {
                norm.line_starts.len() + 1 - usize::from(ends_with_break)
            };
        }
        {
            let mut filing = self.start_filing(&norm, text, field, title);
            c.matcher
                .find(&norm, |h| self.file_hit(c, &norm, text, &mut filing, h));
        }
        // Kept for `add_title`; the folded text is done with.
        self.line_starts[field as usize] = norm.line_starts;
    }

    /// Readies the filing of the hits of the scan of `text` (folded as `norm`). Hits inside
    /// `title` (a span of `text`) stand in the title section.
    fn start_filing<'a>(
        &mut self,
        norm: &'a Normalised,
        text: &'a str,
        field: Field,
        title: Option<Span>,
    ) -> Filing<'a> {
        // Room for a hit every 32 bytes, about what adverts hold, and the title grammar's two,
        // with their texts; keyword-stuffed text, where most hits are counted, not listed,
        // grows them as far as it must.
        let hits = (text.len() / 32).clamp(16, 4096);
        self.found.reserve(hits + 2);
        self.text.reserve(hits * 16 + 64);
        Filing {
            field,
            title: title.unwrap_or_default(),
            section: Section::Preamble,
            cursor: LineCursor::new(text, &norm.line_starts),
            sentences: SentenceCache::default(),
            last_audience_end: None,
            // Running headers, footers and page counters of text taken from a PDF.
            pages: if field == Field::Body {
                crate::pages::furniture_lines(text, &norm.line_starts)
            } else {
                Vec::new()
            },
            page_line: 0,
            anchor_hints: [0, 0],
        }
    }

    /// Turns hit `h` of the scan of `text` (folded as `norm`) into evidence, or counts it.
    fn file_hit(
        &mut self,
        c: &Compiled,
        norm: &Normalised,
        text: &str,
        f: &mut Filing<'_>,
        h: RawHit,
    ) {
        let (title, field) = (f.title, f.field);
        let span = norm.orig_span_near(text, h.start, h.end, &mut f.anchor_hints);
        while f.page_line < f.pages.len() && f.pages[f.page_line].end < span.end {
            f.page_line += 1;
        }
        let on_page_edge = f
            .pages
            .get(f.page_line)
            .is_some_and(|p| p.start <= span.start && span.end <= p.end);
        let si = match h.target {
            Target::Heading(s) => {
                if span.start >= title.end && !on_page_edge && is_heading_line(text, span) {
                    f.section = s;
                }
                return;
            }
            Target::Signal(si) => si,
        };
        let sig = &c.signals[si];
        if sig.kind == SignalKind::Neutral {
            self.neutral.push(si);
            return;
        }
        let cap = sig.list_cap;
        if self.listed[si][0] >= cap && self.listed[si][1] >= cap {
            // Past the cap both ways: counted, not listed, and no cue read.
            omit(&mut self.omitted, &mut self.omitted_signals, si);
            return;
        }
        if span.start < title.end && span.end > title.end {
            // A phrase may wrap lines, but not run from the title line into the body
            // ("PMO Team" / "Lead the delivery").
            return;
        }
        let here = if title.contains(span) && !title.is_empty() {
            if matches!(sig.kind, SignalKind::Title | SignalKind::NonPmo) {
                // The title grammar speaks for the title's job title (see `add_title`).
                return;
            }
            Section::Title
        } else if (field == Field::Body && span.end <= title.start) || on_page_edge {
            // Above the title line (cookie banners, breadcrumbs, logo text), or a running
            // header or footer.
            Section::Furniture
        } else {
            f.section
        };
        let sentences = &mut f.sentences;
        let sentence = sentences.around(c, text, span);
        let cue = match sig.kind {
            SignalKind::Neutral => return,
            SignalKind::OtherMeaning => Some(Cue::OtherMeaning),
            SignalKind::Context => c.cues.read(&norm.text, h.start, h.end, CueTarget::Context),
            SignalKind::Title | SignalKind::NonPmo => {
                let cue = c.cues.read(&norm.text, h.start, h.end, CueTarget::Title);
                if cue == Some(Cue::Reference) && here != Section::Title {
                    sentences.note_reference_subject(c, text, span);
                }
                cue
            }
            SignalKind::Duty => {
                let target = CueTarget::Duty {
                    audience: sig.audience,
                    junior: sig.role == Some(crate::Role::Analyst),
                };
                match c.cues.read(&norm.text, h.start, h.end, target) {
                    // "slides for PMO leadership and the executive committee": a people
                    // phrase joined to an audience is an audience too.
                    None if sig.audience
                        && f.last_audience_end.is_some_and(|end| {
                            end <= span.start && is_coordination(&text[end..span.start])
                        }) =>
                    {
                        Some(Cue::Audience)
                    }
                    None if here != Section::Title && sentences.background => Some(Cue::Background),
                    cue => cue,
                }
            }
        };
        if cue == Some(Cue::Audience) {
            f.last_audience_end = Some(span.end);
        }
        let slot = &mut self.listed[si][usize::from(cue.is_some_and(|c| c.discounts()))];
        if *slot >= cap {
            omit(&mut self.omitted, &mut self.omitted_signals, si);
            return;
        }
        *slot += 1;
        let (line, column) = f.cursor.locate(span.start);
        let stored = store(&mut self.text, text, span);
        self.cancelling |= !sig.cancels.is_empty();
        self.found.push(Found {
            signal: si,
            names_pmo: h.names_pmo,
            text: stored,
            span,
            line,
            column,
            sentence,
            section: here,
            field,
            cue,
        });
    }
}

/// Where the filing of one field's hits stands (see [`Collected::file_hit`]).
struct Filing<'a> {
    field: Field,
    /// The title line's span in the field's text (empty when there is none).
    title: Span,
    /// The section the last heading opened.
    section: Section,
    cursor: LineCursor<'a>,
    sentences: SentenceCache,
    /// Where the last hit with an audience cue ends.
    last_audience_end: Option<usize>,
    /// Running headers, footers and page counters of text taken from a PDF, and the first of
    /// them not yet passed.
    pages: Vec<Span>,
    page_line: usize,
    anchor_hints: [usize; 2],
}

impl Collected {
    /// Files the parsed job title of `text` (its spans index `text`, the `field` already
    /// scanned) as evidence, in text order: the claim of a level, a PMO title without a level, a title of another job.
    pub(crate) fn add_title(&mut self, c: &Compiled, text: &str, field: Field, job: &JobTitle) {
        let t = &c.title_signals;
        let mut items: Vec<(usize, Span)> = Vec::new();
        match (job.level(), job.claim_span()) {
            (Some(level), Some(span)) => items.push((t.claim[level.index()], span)),
            (None, Some(span)) if job.is_pmo() => items.push((t.pmo, span)),
            _ => {}
        }
        if let Some(span) = job.near_miss() {
            items.push((t.near_miss, span));
        }
        items.sort_by_key(|&(_, s)| s.start);
        for (si, span) in items {
            let at = self.found.partition_point(|e| {
                e.field < field || (e.field == field && e.span.start <= span.start)
            });
            let starts = &self.line_starts[field as usize];
            let (line, column) = LineCursor::new(text, starts).locate(span.start);
            let sentence = crate::sentence::around(text, span);
            let stored = store(&mut self.text, text, span);
            // In the title section, with no cue.
            self.found.insert(
                at,
                Found {
                    signal: si,
                    names_pmo: false,
                    text: stored,
                    span,
                    line,
                    column,
                    sentence,
                    section: Section::Title,
                    field,
                    cue: None,
                },
            );
        }
    }

    /// The matched text of `found`, one of [`Collected::found`].
    pub(crate) fn text_of(&self, found: &Found) -> &str {
        self.text.get(found.text.range()).unwrap_or("")
    }
}

/// Counts a hit of signal `si` as not listed.
fn omit(omitted: &mut [u32], signals: &mut Vec<usize>, si: usize) {
    if omitted[si] == 0 {
        signals.push(si);
    }
    omitted[si] += 1;
}

/// Copies the text at `span` of `text` (a field) to the end of `store`; where it lands there.
fn store(store: &mut String, text: &str, span: Span) -> Span {
    let start = store.len();
    store.push_str(text.get(span.range()).unwrap_or(""));
    Span::new(start, store.len())
}

/// True when `between` (the text between two phrases) only joins them: "and", "or", a comma, an
/// ampersand, with an article or "other" at most ("and the", ", other").
fn is_coordination(between: &str) -> bool {
    let words: Vec<String> = between
        .split(|ch: char| ch.is_whitespace() || ch == ',' || ch == '&' || ch == '/')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    between.len() <= 24
        && words.iter().all(|w| {
            matches!(
                w.as_str(),
                "and" | "or" | "the" | "a" | "an" | "other" | "to"
            )
        })
        && (between.contains([',', '&', '/']) || words.iter().any(|w| w == "and" || w == "or"))
}

/// A heading stands at the start of its line (after bullets or numbering) and either ends the
/// line (allowing a colon and a few more words) or is followed by a colon.
fn is_heading_line(text: &str, span: Span) -> bool {
    let lo = floor_boundary(text, span.start.saturating_sub(40));
    let before = &text[lo..span.start];
    // Line breaks are ASCII: looked for byte by byte, not char by char.
    let prefix = match before.bytes().rposition(|b| b == b'\n' || b == b'\r') {
        Some(p) => &before[p + 1..],
        None if lo == 0 => before,
        None => return false,
    };
    if prefix.chars().any(char::is_alphabetic) {
        return false;
    }
    let hi = ceil_boundary(text, span.end + 60);
    let after = &text[span.end..hi];
    if after.trim_start_matches([' ', '\t']).starts_with(':') {
        return true;
    }
    let line_rest = match after.bytes().position(|b| b == b'\n' || b == b'\r') {
        Some(p) => &after[..p],
        None if hi == text.len() => after,
        None => return false,
    };
    let rest = line_rest.trim();
    if rest.starts_with(':') || rest.is_empty() {
        return true;
    }
    rest.len() <= 30 && rest.split_whitespace().count() <= 4 && !rest.ends_with('.')
}

/// The sentence of the previous hit, and whether it is background about somebody else.
#[derive(Default)]
struct SentenceCache {
    last: Option<Span>,
    background: bool,
}

impl SentenceCache {
    /// The sentence around `span`, reusing the previous one when it holds the hit; a new
    /// sentence is judged for background once.
    fn around(&mut self, c: &Compiled, text: &str, span: Span) -> Span {
        if let Some(s) = self.last {
            if s.contains(span) {
                return s;
            }
        }
        let s = crate::sentence::around(text, span);
        self.last = Some(s);
        self.background = c.cues.is_background(&text[s]);
        s
    }

    /// A title named as somebody else's opens the current sentence ("Our Head of PMO sets the
    /// strategy"): the sentence is about that person, unless it also names the job itself.
    fn note_reference_subject(&mut self, c: &Compiled, text: &str, span: Span) {
        let Some(s) = self.last else { return };
        let lead = &text[s.start..span.start.max(s.start)];
        let words = lead
            .split(|ch: char| !ch.is_alphanumeric() && ch != '\'' && ch != '\u{2019}')
            .filter(|w| !w.is_empty())
            .count();
        if words <= 1 && !c.cues.names_own_role(&text[s]) {
            self.background = true;
        }
    }
}
