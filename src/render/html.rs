//! One self-contained HTML page for one advert or a batch, built with maud.

use core::cmp::Reverse;
use core::fmt::Write;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::{about, cue_words, discounted, Band};
use crate::{Advert, Evidence, Field, Report, Role, Scores};

/// The page's style sheet, inlined.
const CSS: &str = include_str!("page.css");
/// The summary table's sorting, inlined (only in a batch).
const JS: &str = include_str!("page.js");

/// Deepest nesting of highlighted evidence: an evidence that would open inside this many open
/// ones is left unhighlighted (the analyser's evidence nests two or three deep at most; the cap
/// keeps a crafted report from building a page of unbounded depth).
pub const MAX_NESTING: usize = 16;

/// One advert of an [`html_page`]: a name for it, the advert as analysed and its report.
///
/// `report` must come from `advert` (the same title and body): evidence spans index its fields.
#[derive(Clone, Copy, Debug)]
pub struct HtmlAdvert<'a> {
    /// What the page calls the advert (a file name, an id); shown as text, never as markup.
    pub name: &'a str,
    /// The advert the report was made from.
    pub advert: Advert<'a>,
    /// The advert's report.
    pub report: &'a Report,
}

impl<'a> HtmlAdvert<'a> {
    /// An advert of the page named `name`.
    pub fn new(name: &'a str, advert: Advert<'a>, report: &'a Report) -> HtmlAdvert<'a> {
        HtmlAdvert {
            name,
            advert,
            report,
        }
    }
}

/// One self-contained HTML page (UTF-8, inline CSS, no network and no external assets) showing
/// `adverts`:
///
/// - a batch (more than one advert) opens with a summary table, one row per advert, sortable by
///   clicking a column header (a small inline script; without script the table reads in input
///   order);
/// - per advert (`<section id="advert-N">`, N from 1): its name, the verdict with its confidence
///   band in words, a banner when the title and the duties disagree, the title claim, the duties'
///   own verdict, PMO membership, bars for the three role scores (title and duties, and duties
///   alone; each bar scaled to the advert's largest score), then the title and the body with
///   every piece of evidence highlighted.
///
/// # Highlighting
///
/// Each piece of evidence is one `<mark class="ev r-ROLE" data-evidence="I" title="…">` around
/// exactly its text, where `I` is its index in [`Report::evidence`] and `ROLE` is `analyst`,
/// `lead`, `manager` or `none` (PMO context, non-PMO and other-meaning evidence, shown in grey).
/// A negated one also has class `neg` (struck through), one whose cue discounts it class `disc`
/// (faded); the `title` attribute (shown on hover) gives the signal id, whom it speaks for, its
/// theme, its weight and its cue in words.
///
/// Spans can overlap (the title grammar's claim and a body title signal on the same words). The
/// rule: marks open in order of span start, a longer span before a shorter one at the same start,
/// then in report order; so a span inside another is a mark nested inside the other's. When two
/// spans cross, the one opened first stays whole and the later one is split where the first ends:
/// its text is cut into consecutive fragments, each a `<mark>` with the same `data-evidence` and
/// `data-part="2"`, `"3"`… after the first. Concatenated in document order, the fragments of a
/// piece of evidence give exactly its text, once. Evidence whose span does not slice its own text
/// out of its field of `advert`, or that would nest deeper than [`MAX_NESTING`], is not
/// highlighted (the page says how many were not).
///
/// All advert text, names, themes and signal ids are escaped by maud: no input can add markup.
/// The page carries the text as HTML does: a parser reads a CR or CRLF as one LF.
///
/// ```
/// use pmo_advert::{render, Advert, Analyser};
///
/// let analyser = Analyser::builtin();
/// let a = Advert::new("Maintain the <b>RAID log</b> & track KPIs.").title("PMO Officer");
/// let b = Advert::new("Head of PMO\nLead and line manage the PMO team.");
/// let (ra, rb) = (analyser.analyse(&a), analyser.analyse(&b));
/// let page = render::html_page(&[
///     render::HtmlAdvert::new("a.txt", a, &ra),
///     render::HtmlAdvert::new("b.txt", b, &rb),
/// ]);
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.contains("&lt;b&gt;<mark")); // the advert's tags are text
/// assert!(page.contains(r#"<table class="summary""#)); // a batch: the summary table
/// assert!(page.contains(r#"<section class="advert" id="advert-2""#));
/// ```
pub fn html_page(adverts: &[HtmlAdvert<'_>]) -> String {
    let heading = match adverts {
        [one] => format!("PMO advert report: {}", one.name),
        _ => format!("PMO advert report: {} adverts", adverts.len()),
    };
    let batch = adverts.len() > 1;
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (heading) }
                style { (PreEscaped(CSS)) }
            }
            body {
                main {
                    header {
                        h1 { "PMO advert report" }
                        p.sub {
                            @match adverts.len() {
                                0 => "No adverts.",
                                1 => "One advert.",
                                n => { (n) " adverts. Click a column header to sort." }
                            }
                        }
                        (legend())
                    }
                    @if batch {
                        (summary(adverts))
                    }
                    @for (i, a) in adverts.iter().enumerate() {
                        (advert_section(i, a))
                    }
                }
                @if batch {
                    script { (PreEscaped(JS)) }
                }
            }
        }
    };
    markup.into_string()
}

/// What the colours and marks mean.
fn legend() -> Markup {
    html! {
        div.legend {
            mark.ev.r-analyst { "Analyst" }
            mark.ev.r-lead { "Lead" }
            mark.ev.r-manager { "Manager" }
            mark.ev.r-none { "PMO context or other job" }
            mark.ev.r-none.neg { "negated" }
            mark.ev.r-none.disc { "not this job's duty" }
            span { "Hover a highlight for its signal, theme and weight." }
        }
    }
}

/// `analyst`, `lead`, `manager` or `none`.
fn role_class(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Analyst) => "r-analyst",
        Some(Role::Lead) => "r-lead",
        Some(Role::Manager) => "r-manager",
        None => "r-none",
    }
}

/// The summary table of a batch.
fn summary(adverts: &[HtmlAdvert<'_>]) -> Markup {
    html! {
        table.summary {
            thead {
                tr {
                    th data-type="number" tabindex="0" { "#" }
                    th tabindex="0" { "Advert" }
                    th tabindex="0" { "Verdict" }
                    th.num data-type="number" tabindex="0" { "Confidence" }
                    th.num data-type="number" tabindex="0" { "Analyst" }
                    th.num data-type="number" tabindex="0" { "Lead" }
                    th.num data-type="number" tabindex="0" { "Manager" }
                    th tabindex="0" { "Duties say" }
                    th tabindex="0" { "Title claims" }
                    th tabindex="0" { "Mismatch" }
                    th.num data-type="number" tabindex="0" { "Evidence" }
                }
            }
            tbody {
                @for (i, a) in adverts.iter().enumerate() {
                    @let r = a.report;
                    @let verdict = r.verdict();
                    @let s = r.scores();
                    @let mismatch = r.mismatch().map(super::mismatch_words);
                    tr.mismatch[mismatch.is_some()] data-index=(i) {
                        td.num data-sort=(i + 1) { (i + 1) }
                        td data-sort=(a.name.to_lowercase()) {
                            a href=(format!("#advert-{}", i + 1)) { (a.name) }
                        }
                        td data-sort=(verdict.map_or("none", |v| v.role().as_str())) {
                            span.pill.(role_class(verdict.map(|v| v.role()))) {
                                (verdict.map_or("none".to_string(), |v| v.role().to_string()))
                            }
                        }
                        td.num data-sort=(verdict.map_or(String::new(), |v| format!("{:.4}", v.confidence()))) {
                            @if let Some(v) = verdict { (format!("{:.2}", v.confidence())) }
                        }
                        @for role in Role::ALL {
                            td.num data-sort=(format!("{:.4}", s.get(role))) { (format!("{:.2}", s.get(role))) }
                        }
                        td data-sort=(r.duties_verdict().map_or("none", |v| v.role().as_str())) {
                            (r.duties_verdict().map_or("none".to_string(), |v| v.role().to_string()))
                        }
                        td data-sort=(r.title_claim().map_or("", |c| c.role().as_str())) {
                            @if let Some(c) = r.title_claim() { (c.role()) }
                        }
                        td data-sort=(mismatch.clone().unwrap_or_default()) {
                            @if let Some(m) = &mismatch { (m) }
                        }
                        td.num data-sort=(r.evidence().len()) { (r.evidence().len()) }
                    }
                }
            }
        }
    }
}

/// One advert: verdict, banner, panel of scores, highlighted text.
fn advert_section(i: usize, a: &HtmlAdvert<'_>) -> Markup {
    let r = a.report;
    let title = a.advert.title_text();
    let (title_html, title_placed) = match title {
        Some(t) => highlight(t, r.evidence(), Field::Title),
        None => (html! {}, 0),
    };
    let (body_html, body_placed) = highlight(a.advert.body(), r.evidence(), Field::Body);
    let unplaced = r
        .evidence()
        .len()
        .saturating_sub(title_placed + body_placed);
    html! {
        section.advert id=(format!("advert-{}", i + 1)) {
            div.advert-head {
                h2 { (a.name) }
                span.verdict {
                    @match r.verdict() {
                        Some(v) => {
                            span.pill.(role_class(Some(v.role()))) { (v.role()) }
                            " "
                            span.confidence {
                                (Band::of(v.confidence())) " confidence ("
                                (format!("{:.2}", v.confidence())) ")"
                            }
                        }
                        None => {
                            span.pill.r-none { "none" }
                            " "
                            span.confidence { "not a PMO role, or too little evidence" }
                        }
                    }
                }
            }
            @if let Some(m) = r.mismatch() {
                div.banner role="note" {
                    strong { "Title and duties disagree: " }
                    "the title claims " (m.claimed) " but the duties read as " (m.duties)
                    @if m.claimed > m.duties { " (the title overstates the job)." }
                    @else { " (the title understates the job)." }
                }
            }
            div.grid {
                div.panel {
                    dl {
                        dt { "Title claims" }
                        dd {
                            @match r.title_claim() {
                                Some(c) => {
                                    span.pill.(role_class(Some(c.role()))) { (c.role()) }
                                    " “" (c.text()) "”"
                                }
                                None => span.empty { "no PMO title" },
                            }
                        }
                        dt { "Duties alone say" }
                        dd {
                            @match r.duties_verdict() {
                                Some(v) => {
                                    span.pill.(role_class(Some(v.role()))) { (v.role()) }
                                    " " span.confidence { (format!("{:.2}", v.confidence())) }
                                }
                                None => span.empty { "no verdict" },
                            }
                        }
                        dt { "PMO membership" }
                        dd { (format!("{:.2}", r.membership())) span.confidence { " (context " (format!("{:.2}", r.pmo_context())) ", non-PMO " (format!("{:.2}", r.non_pmo())) ")" } }
                        dt { "Scores" }
                        dd { (bars(r.scores(), r.duties_only())) }
                    }
                    p.note {
                        (r.evidence().len()) " pieces of evidence"
                        @if r.stats().truncated {
                            "; only the first " (r.stats().analysed_bytes) " bytes were analysed"
                        }
                        "."
                    }
                }
                div.texts {
                    @if let Some(t) = title {
                        h3 { "Title" }
                        div.field.title-field {
                            @if t.is_empty() { span.empty { "(empty)" } } @else { (title_html) }
                        }
                    }
                    h3 { "Advert text" }
                    div.field.body-field {
                        @if a.advert.body().is_empty() { span.empty { "(empty)" } } @else { (body_html) }
                    }
                    @if unplaced > 0 {
                        p.note { (unplaced) " pieces of evidence could not be placed in this text." }
                    }
                }
            }
        }
    }
}

/// Bars for the three roles: title and duties, and duties alone, scaled to the largest score.
fn bars(full: Scores, duties: Scores) -> Markup {
    let max = Role::ALL
        .iter()
        .flat_map(|&r| [full.get(r), duties.get(r)])
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let width = |v: f64| {
        let share = if max > 0.0 && v.is_finite() {
            (v / max).clamp(0.0, 1.0)
        } else {
            0.0
        };
        format!("width: {:.1}%", share * 100.0)
    };
    html! {
        table.bars {
            thead { tr { th {} th { "title and duties" } th { "duties alone" } } }
            tbody {
                @for role in Role::ALL {
                    tr.(role_class(Some(role))) {
                        th { (role) }
                        td {
                            div.bar {
                                span.track { span.fill style=(width(full.get(role))) {} }
                                span.num { (format!("{:.1}", full.get(role))) }
                            }
                        }
                        td.duties {
                            div.bar {
                                span.track { span.fill style=(width(duties.get(role))) {} }
                                span.num { (format!("{:.1}", duties.get(role))) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The hover text of a piece of evidence: signal, whom it speaks for, theme, weight, cue.
fn tooltip(e: &Evidence) -> String {
    let weight = if e.weight() == 0.0 { 0.0 } else { e.weight() };
    let mut t = format!("{}\n{}\nweight {weight:+.2}", e.signal(), about(e));
    if let Some(cue) = e.cue() {
        if discounted(e) {
            let _ = write!(t, "\nnot this job's duty: {}", cue_words(cue));
        } else {
            let _ = write!(t, "\n{}", cue_words(cue));
        }
    } else if discounted(e) {
        let _ = write!(t, "\nnot this job's duty: page furniture");
    }
    t
}

/// One open mark while highlighting: which evidence, which fragment, what it holds so far.
struct Open {
    /// Position in the sorted items.
    item: usize,
    part: usize,
    inner: String,
}

/// Escapes `s` into `out` (maud's escaper: `&`, `<`, `>`, `"`).
fn escape_into(out: &mut String, s: &str) {
    let _ = maud::Escaper::new(out).write_str(s);
}

/// `text` as HTML with the evidence of `field` highlighted (see [`html_page`] for the rule), and
/// how many pieces of evidence were highlighted.
fn highlight(text: &str, evidence: &[Evidence], field: Field) -> (Markup, usize) {
    // Evidence that slices its own text out of this field, in opening order.
    let mut items: Vec<(usize, usize, usize)> = evidence
        .iter()
        .enumerate()
        .filter(|(_, e)| e.field() == field && text.get(e.span().range()) == Some(e.text()))
        .map(|(i, e)| (e.span().start, e.span().end, i))
        .collect();
    items.sort_by_key(|&(start, end, i)| (start, Reverse(end), i));

    let mut points: Vec<usize> = items.iter().flat_map(|&(s, e, _)| [s, e]).collect();
    points.sort_unstable();
    points.dedup();

    let mut root = String::with_capacity(text.len() + 64 * items.len());
    let mut stack: Vec<Open> = Vec::new();
    let mut placed = 0;
    let mut next = 0;
    let mut pos = 0;
    for p in points {
        // Every point is a span end or start of evidence that slices `text`: a char boundary.
        escape_into(top(&mut stack, &mut root), text.get(pos..p).unwrap_or(""));
        pos = p;
        // Close the marks that end here, and every mark opened after them (split there, to be
        // reopened after).
        if let Some(k) = stack.iter().position(|o| items[o.item].1 == p) {
            let mut reopen = Vec::new();
            while stack.len() > k {
                let Some(o) = stack.pop() else { break };
                let (_, end, i) = items[o.item];
                let html = mark(&evidence[i], i, o.part, &o.inner);
                top(&mut stack, &mut root).push_str(&html.into_string());
                if end > p {
                    reopen.push((o.item, o.part + 1));
                }
            }
            for (item, part) in reopen.into_iter().rev() {
                stack.push(Open {
                    item,
                    part,
                    inner: String::new(),
                });
            }
        }
        // Open the marks that start here.
        while let Some(&(start, end, i)) = items.get(next) {
            if start != p {
                break;
            }
            if end == start {
                let html = mark(&evidence[i], i, 1, "");
                top(&mut stack, &mut root).push_str(&html.into_string());
                placed += 1;
            } else if stack.len() < MAX_NESTING {
                stack.push(Open {
                    item: next,
                    part: 1,
                    inner: String::new(),
                });
                placed += 1;
            }
            next += 1;
        }
    }
    // The last point is the largest end, so every mark is closed by now.
    while let Some(o) = stack.pop() {
        let i = items[o.item].2;
        let html = mark(&evidence[i], i, o.part, &o.inner);
        top(&mut stack, &mut root).push_str(&html.into_string());
    }
    escape_into(&mut root, text.get(pos..).unwrap_or(""));
    (PreEscaped(root), placed)
}

/// The buffer text goes into: the innermost open mark's, or the field's.
fn top<'s>(stack: &'s mut [Open], root: &'s mut String) -> &'s mut String {
    match stack.last_mut() {
        Some(o) => &mut o.inner,
        None => root,
    }
}

/// One mark (or fragment of one) around `inner`, already HTML.
fn mark(e: &Evidence, index: usize, part: usize, inner: &str) -> Markup {
    html! {
        mark.ev.(role_class(e.role())).neg[e.negated()].disc[discounted(e)]
            data-evidence=(index)
            data-part=[(part > 1).then_some(part)]
            title=(tooltip(e)) {
            (PreEscaped(inner))
        }
    }
}
