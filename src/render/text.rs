//! The text summary a recruiter reads in ten seconds.

use core::fmt::Write;
use std::collections::HashMap;

use anstyle::{AnsiColor, Effects, Style};

use super::{about, cue_words, discounted, theme, Band};
use crate::{Advert, Evidence, Field, Report, Role, SignalKind};

/// How [`text`] renders: how many pieces of evidence, every one or not, colour or not.
///
/// The default shows the 5 strongest pieces of evidence, without colour.
///
/// ```
/// use pmo_advert::render::TextOptions;
///
/// let options = TextOptions::default().top(3).verbose(true).color(false);
/// # let _ = options;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextOptions {
    verbose: bool,
    color: bool,
    top: usize,
}

impl Default for TextOptions {
    fn default() -> TextOptions {
        TextOptions {
            verbose: false,
            color: false,
            top: 5,
        }
    }
}

impl TextOptions {
    /// With `true`, the summary also gives the PMO context and membership masses and lists every
    /// piece of evidence in text order after the strongest ones. Default `false`.
    pub fn verbose(mut self, verbose: bool) -> TextOptions {
        self.verbose = verbose;
        self
    }

    /// With `true`, the summary is coloured with ANSI escape codes (roles, confidence band,
    /// negations; discounted evidence dimmed); with `false` it holds no escape code at all.
    /// Default `false`; decide with the terminal, e.g. `std::io::IsTerminal`.
    pub fn color(mut self, color: bool) -> TextOptions {
        self.color = color;
        self
    }

    /// How many of the strongest pieces of evidence (by absolute weight) to list. Default 5; 0
    /// lists none.
    pub fn top(mut self, top: usize) -> TextOptions {
        self.top = top;
        self
    }
}

/// The summary of `report` a recruiter reads in ten seconds; `advert` is the advert the report was
/// made from.
///
/// Lines, each ending in `\n`:
///
/// 1. `Verdict: Manager, high confidence (0.97)` — the role, its confidence [`Band`] in words
///    (high ≥ 0.8, medium ≥ 0.5, low below) and the confidence; or `Verdict: none, …` with
///    why there is none. A title that claims another level than the duties adds
///    `[mismatch: manager>analyst]`.
/// 2. `Why: …` — the title's claim against what the duties say, and the strongest themes of the
///    winning role's duties (or the signs of another job when there is no verdict).
/// 3. `Scores: …` — the three role scores, then the duties-only ones.
/// 4. `Top evidence (5 of 28):` and one line per piece, strongest first by absolute weight:
///    its weight, where it stands (`line:col`, prefixed by `title` in the title field), the
///    matched text in quotes (white space folded, control characters escaped, long matches
///    cut), whom it speaks for and its theme; a negated hit is marked `✗ negated`, one whose cue
///    discounts it `not this job's duty (…)` with the cue in words (dimmed in colour), other
///    cues in brackets.
/// 5. With [`verbose`](TextOptions::verbose): the PMO context, membership and non-PMO masses,
///    and `All evidence (28):` with every piece in text order, each followed by its sentence
///    (`| …`) from `advert`.
///
/// A `Note:` line says when the input was truncated. Advert text never brings escape codes or
/// other control characters into the output.
///
/// ```
/// use pmo_advert::{render, Advert, Analyser};
///
/// let advert = Advert::new(
///     "Key responsibilities\n\
///      - Maintain the RAID log and chase owners for updates.\n\
///      - Collate monthly highlight reports and track KPIs.\n\
///      Line management is not part of this role.",
/// )
/// .title("PMO Officer");
/// let report = Analyser::builtin().analyse(&advert);
/// let summary = render::text(&report, &advert, &render::TextOptions::default());
/// assert!(summary.starts_with("Verdict: Analyst, high confidence (1.00)\n"));
/// assert!(summary.contains("\nWhy: the title claims Analyst (\"PMO Officer\")"));
/// assert!(summary.contains("\"Line management\""));
/// assert!(summary.contains("✗ negated"));
/// assert!(summary.lines().count() <= 10);
/// ```
pub fn text(report: &Report, advert: &Advert<'_>, options: &TextOptions) -> String {
    let paint = Painter(options.color);
    let mut out = String::new();

    // 1. The verdict.
    let _ = write!(out, "{} ", paint.bold("Verdict:"));
    match report.verdict() {
        Some(v) => {
            let band = Band::of(v.confidence());
            let _ = write!(
                out,
                "{}, {} ({:.2})",
                paint.role(v.role(), &v.role().to_string()),
                paint.band(band, &format!("{band} confidence")),
                v.confidence()
            );
        }
        None => {
            let best = report.scores().best().0;
            if report.share() > 0.0 {
                let _ = write!(
                    out,
                    "none, not a PMO role or too little evidence (the strongest, {best}, has {:.2})",
                    report.share()
                );
            } else {
                out.push_str("none, not a PMO role");
            }
        }
    }
    if let Some(m) = report.mismatch() {
        let flag = format!("[mismatch: {}]", super::mismatch_words(m));
        let _ = write!(out, "  {}", paint.warn(&flag));
    }
    out.push('\n');

    // 2. Why.
    let _ = writeln!(out, "{} {}", paint.bold("Why:"), why(report));

    // 3. Scores.
    let s = report.scores();
    let d = report.duties_only();
    let _ = writeln!(
        out,
        "{} Analyst {:.2} · Lead {:.2} · Manager {:.2}; duties alone {:.2} · {:.2} · {:.2}",
        paint.bold("Scores:"),
        s.analyst,
        s.lead,
        s.manager,
        d.analyst,
        d.lead,
        d.manager
    );
    let stats = report.stats();
    if stats.truncated {
        let _ = writeln!(
            out,
            "{} only the first {} of {} bytes were analysed",
            paint.bold("Note:"),
            stats.analysed_bytes,
            stats.bytes
        );
    }

    // 4. The strongest evidence.
    let evidence = report.evidence();
    if options.top > 0 && !evidence.is_empty() {
        let mut order: Vec<usize> = (0..evidence.len()).collect();
        order.sort_by(|&a, &b| {
            evidence[b]
                .weight()
                .abs()
                .total_cmp(&evidence[a].weight().abs())
                .then(a.cmp(&b))
        });
        order.truncate(options.top);
        let heading = if order.len() < evidence.len() {
            format!("Top evidence ({} of {}):", order.len(), evidence.len())
        } else {
            format!("Evidence ({}):", evidence.len())
        };
        let _ = writeln!(out, "{}", paint.bold(&heading));
        let shown: Vec<&Evidence> = order.iter().map(|&i| &evidence[i]).collect();
        lines(&mut out, &shown, advert, false, paint);
    } else if evidence.is_empty() {
        let _ = writeln!(out, "{} none", paint.bold("Evidence:"));
    }

    // 5. Verbose: the masses and every piece of evidence.
    if options.verbose {
        let _ = writeln!(
            out,
            "{} PMO context {:.2} · membership {:.2} · non-PMO {:.2} ({} lines, {} words)",
            paint.bold("Context:"),
            report.pmo_context(),
            report.membership(),
            report.non_pmo(),
            stats.lines,
            stats.words
        );
        if !evidence.is_empty() {
            let heading = format!("All evidence ({}):", evidence.len());
            let _ = writeln!(out, "{}", paint.bold(&heading));
            let all: Vec<&Evidence> = evidence.iter().collect();
            lines(&mut out, &all, advert, true, paint);
        }
    }
    out
}

/// One line of why: the title's claim against the duties, then the strongest themes.
fn why(report: &Report) -> String {
    let mut out = String::new();
    let duties = report.duties_verdict();
    match report.title_claim() {
        Some(c) => {
            let _ = write!(
                out,
                "the title claims {} (\"{}\")",
                c.role(),
                one_line(c.text())
            );
            match (report.mismatch(), duties) {
                (Some(m), _) => {
                    let how = if m.claimed > m.duties {
                        "overstates"
                    } else {
                        "understates"
                    };
                    let _ = write!(
                        out,
                        " but the duties read as {} (the title {how} the job)",
                        m.duties
                    );
                }
                (None, Some(d)) if d.role() == c.role() => out.push_str(" and the duties agree"),
                (None, Some(d)) => {
                    let _ = write!(out, "; the duties alone read as {}", d.role());
                }
                (None, None) => out.push_str("; the duties alone give no verdict"),
            }
        }
        None => {
            let other = report
                .evidence()
                .iter()
                .find(|e| e.signal() == "title.near_miss");
            match other {
                Some(e) => {
                    let _ = write!(
                        out,
                        "the title names another job (\"{}\")",
                        one_line(e.text())
                    );
                }
                None => out.push_str("no PMO job title"),
            }
            match duties {
                Some(d) => {
                    let _ = write!(out, "; the duties read as {}", d.role());
                }
                None => out.push_str("; the duties give no verdict"),
            }
        }
    }

    // The strongest themes: of the winning role's duties, or of the signs of another job.
    let (themes, lead_in) = match report.verdict() {
        Some(v) => (
            strongest_themes(report, |e| {
                e.kind() == SignalKind::Duty && e.role() == Some(v.role())
            }),
            "mostly",
        ),
        None => (
            strongest_themes(report, |e| e.kind() == SignalKind::NonPmo),
            "signs of another job:",
        ),
    };
    match themes.as_slice() {
        [] if report.verdict().is_none() && report.membership() <= 0.0 => {
            out.push_str("; nothing puts the job inside a PMO");
        }
        [] => {}
        [one] => {
            let _ = write!(out, "; {lead_in} {one}");
        }
        [one, two, ..] => {
            let _ = write!(out, "; {lead_in} {one} and {two}");
        }
    }
    out.push('.');
    out
}

/// The two themes with the most positive weight among the evidence `keep` accepts, strongest
/// first (ties in order of first appearance).
fn strongest_themes(report: &Report, keep: impl Fn(&Evidence) -> bool) -> Vec<String> {
    let mut sums: Vec<(String, f64)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for e in report.evidence() {
        if !keep(e) || e.weight() <= 0.0 {
            continue;
        }
        let t = theme(e);
        let i = *at.entry(t).or_insert_with(|| {
            sums.push((one_line(t), 0.0));
            sums.len() - 1
        });
        sums[i].1 += e.weight();
    }
    // Stable: equal sums keep the order of first appearance.
    sums.sort_by(|a, b| b.1.total_cmp(&a.1));
    sums.into_iter().take(2).map(|(t, _)| t).collect()
}

/// Writes one line per piece of evidence, locations padded to one width; with `sentences`, each
/// followed by its sentence from `advert`.
fn lines(
    out: &mut String,
    evidence: &[&Evidence],
    advert: &Advert<'_>,
    sentences: bool,
    paint: Painter,
) {
    let locations: Vec<String> = evidence.iter().map(|e| location(e)).collect();
    let width = locations
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    for (e, loc) in evidence.iter().zip(&locations) {
        let weight = if e.weight() == 0.0 { 0.0 } else { e.weight() };
        let about = one_line(&about(e));
        let discounted = discounted(e);
        let about = match e.role() {
            Some(r) if !discounted => paint.role(r, &about),
            _ => about,
        };
        let mut line = format!(
            "  {:>7}  {:<width$}  \"{}\"  {}",
            format!("{weight:+.2}"),
            loc,
            one_line(e.text()),
            about
        );
        match e.cue() {
            Some(crate::Cue::Negation) => {
                let _ = write!(line, "  {}", paint.negated("✗ negated"));
            }
            Some(cue) if discounted => {
                let _ = write!(line, "  not this job's duty ({})", cue_words(cue));
            }
            Some(cue) => {
                let _ = write!(line, "  ({})", cue_words(cue));
            }
            None if discounted => {
                let _ = write!(line, "  not this job's duty (page furniture)");
            }
            None => {}
        }
        if discounted {
            line = paint.dim(&line);
        }
        out.push_str(&line);
        out.push('\n');
        if sentences {
            let field = match e.field() {
                Field::Title => advert.title_text().unwrap_or(""),
                Field::Body => advert.body(),
            };
            if let Some(sentence) = field.get(e.sentence().range()) {
                let _ = writeln!(out, "  {:>7}  | {}", "", one_line_long(sentence));
            }
        }
    }
}

/// `line:col`, prefixed by `title ` in the title field.
fn location(e: &Evidence) -> String {
    match e.field() {
        Field::Title => format!("title {}:{}", e.line(), e.column()),
        Field::Body => format!("{}:{}", e.line(), e.column()),
    }
}

/// Longest matched text shown, in chars; longer ones are cut with `…`.
const MAX_SHOWN_CHARS: usize = 80;

/// `s` on one line for a terminal: runs of white space folded to one space, control and bidi
/// formatting characters escaped (`\u{1b}`), cut to [`MAX_SHOWN_CHARS`].
fn one_line(s: &str) -> String {
    folded(s, MAX_SHOWN_CHARS)
}

/// [`one_line`] for a sentence: cut at [`MAX_SENTENCE_CHARS`].
fn one_line_long(s: &str) -> String {
    folded(s, MAX_SENTENCE_CHARS)
}

/// Longest sentence shown under a piece of evidence, in chars.
const MAX_SENTENCE_CHARS: usize = 200;

fn folded(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut shown = 0;
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let piece = if c.is_control() || is_bidi_control(c) {
            c.escape_unicode().to_string()
        } else {
            c.to_string()
        };
        let width = usize::from(space) + piece.chars().count();
        if shown + width > max {
            out.push('…');
            break;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push_str(&piece);
        shown += width;
    }
    out
}

/// Characters that reorder text on screen (and could make a line say what it does not).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// Paints text with ANSI styles when colour is on, and returns it as is when off.
#[derive(Clone, Copy)]
struct Painter(bool);

impl Painter {
    fn paint(&self, style: Style, s: &str) -> String {
        if self.0 {
            format!("{}{s}{}", style.render(), style.render_reset())
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint(Style::new().effects(Effects::BOLD), s)
    }
    fn role(&self, role: Role, s: &str) -> String {
        let color = match role {
            Role::Analyst => AnsiColor::Blue,
            Role::Lead => AnsiColor::Green,
            Role::Manager => AnsiColor::Magenta,
        };
        self.paint(Style::new().fg_color(Some(color.into())), s)
    }
    fn band(&self, band: Band, s: &str) -> String {
        let color = match band {
            Band::High => AnsiColor::Green,
            Band::Medium => AnsiColor::Yellow,
            Band::Low => AnsiColor::Red,
        };
        self.paint(
            Style::new()
                .fg_color(Some(color.into()))
                .effects(Effects::BOLD),
            s,
        )
    }
    fn warn(&self, s: &str) -> String {
        self.paint(
            Style::new()
                .fg_color(Some(AnsiColor::Yellow.into()))
                .effects(Effects::BOLD),
            s,
        )
    }
    fn negated(&self, s: &str) -> String {
        self.paint(Style::new().fg_color(Some(AnsiColor::Red.into())), s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint(Style::new().effects(Effects::DIMMED), s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_folds_escapes_and_cuts() {
        assert_eq!(one_line("  PMO\r\n  Lead "), "PMO Lead");
        assert_eq!(one_line("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(one_line("x\u{202e}y"), "x\\u{202e}y");
        let long = "word ".repeat(40);
        let cut = one_line(&long);
        assert!(cut.ends_with('…'));
        assert!(cut.chars().count() <= MAX_SHOWN_CHARS + 1);
        assert_eq!(folded("ab cd", 3), "ab…");
        assert_eq!(folded("ab cd", 4), "ab c…");
        assert_eq!(folded("ab cd", 5), "ab cd");
        assert_eq!(folded("\u{1b}", 5), "…");
    }

    #[test]
    fn bands_follow_the_documented_cut_offs() {
        assert_eq!(Band::of(1.0), Band::High);
        assert_eq!(Band::of(0.8), Band::High);
        assert_eq!(Band::of(0.7999), Band::Medium);
        assert_eq!(Band::of(0.5), Band::Medium);
        assert_eq!(Band::of(0.4999), Band::Low);
        assert_eq!(Band::of(f64::NAN), Band::Low);
    }
}
