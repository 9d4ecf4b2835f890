//! Reports for people: a short text summary, CSV rows and a self-contained HTML page.
//!
//! Feature `render` (on by default).
//!
//! - [`text`] gives the summary a recruiter reads in ten seconds: the verdict with a confidence
//!   [`Band`], one line of why (the title's claim against the duties, the strongest themes), the
//!   scores, and the strongest evidence with where it stands. Colour (with `anstyle`) only when
//!   asked for. [`Report::render`] keeps the full detailed text.
//! - [`CsvWriter`] writes one row per advert with the `csv` crate, header first.
//! - [`html_page`] builds one HTML page (built with `maud`, so every piece of advert text is
//!   escaped) for one advert or a batch: verdict, score bars, the title claim, a mismatch banner
//!   and the advert text with each piece of evidence highlighted in its role's colour.
//!
//! Every function here takes the [`Advert`] a report was made from, because evidence spans index
//! its fields. Given another advert nothing panics: evidence whose span does not slice its own
//! text out of its field is left out of the highlighting, and the text summary shows the
//! evidence's own copy of its text.
//!
//! ```
//! use pmo_advert::{render, Advert, Analyser};
//!
//! let advert = Advert::new("Maintain the RAID log and track KPIs across the portfolio.")
//!     .title("PMO Analyst");
//! let report = Analyser::builtin().analyse(&advert);
//!
//! let summary = render::text(&report, &advert, &render::TextOptions::default());
//! assert!(summary.starts_with("Verdict: Analyst, high confidence"));
//!
//! let mut csv = render::CsvWriter::new(Vec::new());
//! csv.write("advert-1", &report)?;
//! let csv = String::from_utf8(csv.into_inner()?).unwrap();
//! assert!(csv.starts_with("id,verdict,confidence,"));
//! assert!(csv.lines().nth(1).unwrap().starts_with("advert-1,analyst,"));
//!
//! let page = render::html_page(&[render::HtmlAdvert::new("advert-1", advert, &report)]);
//! assert!(page.contains(r#"<mark class="ev r-analyst""#));
//! # Ok::<(), render::CsvError>(())
//! ```
//!
//! [`Report::render`]: crate::Report::render
//! [`Advert`]: crate::Advert

mod csv;
mod html;
mod text;

pub use self::csv::{CsvError, CsvWriter, CSV_HEADER};
pub use self::html::{html_page, HtmlAdvert, MAX_NESTING};
pub use self::text::{text, TextOptions};

use crate::{Cue, Evidence, Role, SignalKind};

/// How sure a verdict is, in words: the band a confidence in `[0, 1]` falls in.
///
/// High from [`Band::HIGH_FROM`] (0.8) up, medium from [`Band::MEDIUM_FROM`] (0.5) up to 0.8,
/// low under 0.5 (and for a confidence that is not a number).
///
/// ```
/// use pmo_advert::render::Band;
///
/// assert_eq!(Band::of(0.8), Band::High);
/// assert_eq!(Band::of(0.79), Band::Medium);
/// assert_eq!(Band::of(0.3).to_string(), "low");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Band {
    /// Confidence under 0.5.
    Low,
    /// Confidence from 0.5 up to 0.8.
    Medium,
    /// Confidence of 0.8 or more.
    High,
}

impl Band {
    /// Least confidence of the high band.
    pub const HIGH_FROM: f64 = 0.8;
    /// Least confidence of the medium band.
    pub const MEDIUM_FROM: f64 = 0.5;

    /// The band of `confidence` (a share in `[0, 1]`); NaN is low.
    pub fn of(confidence: f64) -> Band {
        if confidence >= Band::HIGH_FROM {
            Band::High
        } else if confidence >= Band::MEDIUM_FROM {
            Band::Medium
        } else {
            Band::Low
        }
    }

    /// `"high"`, `"medium"` or `"low"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
        }
    }
}

impl core::fmt::Display for Band {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A cue in a recruiter's words.
fn cue_words(cue: Cue) -> &'static str {
    match cue {
        Cue::Negation => "negated",
        Cue::Reference => "somebody else's title",
        Cue::Audience => "names whom the job serves",
        Cue::Background => "background about somebody else",
        Cue::OtherMeaning => "the words mean something else here",
        Cue::Mention => "PMO named from outside",
        Cue::Membership => "the job sits in the PMO",
        Cue::Oversight => "work the job oversees",
        Cue::Support => "work the job helps with",
    }
}

/// True when the evidence counts nothing for the job: its cue discounts it, or it stands in
/// page furniture (cookie banners, running headers, "Similar jobs" lists).
fn discounted(e: &Evidence) -> bool {
    e.cue().is_some_and(|c| c.discounts()) || e.section() == crate::Section::Furniture
}

/// Whom the evidence speaks for, in words: a role, or what kind of sign it is.
fn who(e: &Evidence) -> &'static str {
    match (e.role(), e.kind()) {
        (Some(Role::Analyst), _) => "Analyst",
        (Some(Role::Lead), _) => "Lead",
        (Some(Role::Manager), _) => "Manager",
        (None, SignalKind::NonPmo) => "not PMO",
        (None, SignalKind::OtherMeaning) => "other meaning",
        (None, _) => "PMO context",
    }
}

/// The evidence's theme, or its signal id when a profile gave it none.
fn theme(e: &Evidence) -> &str {
    if e.theme().trim().is_empty() {
        e.signal()
    } else {
        e.theme()
    }
}

/// Whom the evidence speaks for and its theme, `Analyst · reporting`; the theme alone when it
/// says the same (`PMO context`).
fn about(e: &Evidence) -> String {
    let who = who(e);
    let theme = theme(e);
    if theme.eq_ignore_ascii_case(who) {
        who.to_string()
    } else {
        format!("{who} · {theme}")
    }
}

/// The title claim's level against the duties' one, as `claimed>duties` (`manager>analyst`).
fn mismatch_words(m: crate::Mismatch) -> String {
    format!("{}>{}", m.claimed.as_str(), m.duties.as_str())
}
