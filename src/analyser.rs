//! The analyser: compiled once from a profile, shared freely, infallible per advert. It only
//! wires the stages: [`Compiled`] holds what they share, `evidence` turns hits into evidence,
//! `score` weighs it.

use std::sync::Arc;

use crate::compiled::Compiled;
use crate::document::floor_boundary;
use crate::evidence::Collected;
use crate::features::{Coefficients, Features};
use crate::profile::{Profile, Settings};
use crate::report::{Field, Report, TextStats};
use crate::{Advert, Error, JobTitle, Span};

/// The default cap on the bytes analysed per field (see [`AnalyserBuilder::max_input_bytes`]).
pub const DEFAULT_MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

#[derive(Debug)]
struct Inner {
    compiled: Compiled,
    max_input: usize,
}

/// Analyses adverts against a compiled profile.
///
/// Build it once ([`Analyser::builtin`], [`Analyser::build`] or [`Analyser::builder`]) and share
/// it: it is `Clone` (an `Arc` inside), `Send` and `Sync`, and [`analyse`](Analyser::analyse)
/// takes `&self`, never fails and never panics.
///
/// ```
/// use pmo_advert::{Advert, Analyser, Role};
///
/// let analyser = Analyser::builtin();
/// let body = "Reporting to the PMO Manager, you will maintain the RAID log, \
///             collate weekly highlight reports and track KPIs for the portfolio.";
/// let report = analyser.analyse(&Advert::new(body).title("PMO Analyst"));
/// let verdict = report.verdict().expect("a PMO advert");
/// assert_eq!(verdict.role(), Role::Analyst);
/// for e in report.evidence() {
///     // Every span slices its field to exactly the matched text.
///     let field = if e.field() == pmo_advert::Field::Title { "PMO Analyst" } else { body };
///     assert_eq!(&field[e.span()], e.text());
/// }
/// ```
#[derive(Clone, Debug)]
pub struct Analyser {
    inner: Arc<Inner>,
}

/// Options for building an [`Analyser`]; the profile is passed to [`build`](AnalyserBuilder::build).
#[derive(Clone, Debug)]
pub struct AnalyserBuilder {
    max_input: usize,
    strict: bool,
}

impl Default for AnalyserBuilder {
    fn default() -> Self {
        AnalyserBuilder {
            max_input: DEFAULT_MAX_INPUT_BYTES,
            strict: false,
        }
    }
}

impl AnalyserBuilder {
    /// Caps the bytes analysed per field (title and body each). Longer input is analysed up to
    /// the cap (cut on a char boundary) and the report says so in
    /// [`TextStats::truncated`]. Default: [`DEFAULT_MAX_INPUT_BYTES`].
    pub fn max_input_bytes(mut self, bytes: usize) -> Self {
        self.max_input = bytes;
        self
    }

    /// When true, building runs every signal's `examples` and `counter_examples` and fails with
    /// [`Error::ExampleFailed`] on the first that does not behave. Default: false.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Validates and compiles `profile`.
    pub fn build(&self, profile: &Profile) -> Result<Analyser, Error> {
        let analyser = Analyser {
            inner: Arc::new(Inner {
                compiled: Compiled::build(profile)?,
                max_input: self.max_input,
            }),
        };
        if self.strict {
            if let Some(err) = analyser.check_examples(profile).into_iter().next() {
                return Err(err);
            }
        }
        Ok(analyser)
    }
}

impl Analyser {
    /// The analyser for the built-in PMO profile.
    pub fn builtin() -> Analyser {
        Analyser::build(&Profile::builtin()).expect("the built-in profile compiles")
    }

    /// Options for building an analyser.
    pub fn builder() -> AnalyserBuilder {
        AnalyserBuilder::default()
    }

    /// Validates and compiles `profile` with default options.
    pub fn build(profile: &Profile) -> Result<Analyser, Error> {
        AnalyserBuilder::default().build(profile)
    }

    /// The profile's name.
    pub fn profile_name(&self) -> &str {
        &self.inner.compiled.name
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.inner.compiled.settings
    }

    /// Every literal pattern the automaton holds (folded, with spelling variants).
    pub fn patterns(&self) -> &[String] {
        &self.inner.compiled.matcher.patterns
    }

    /// Heap bytes held by the compiled analyser: the automata (the phrase DFA's table, most of
    /// the total, and aho-corasick's own count for the others), every pattern string and table
    /// by capacity, the signal and cue tables, and the regexes. The regex crate reports no
    /// sizes, so each regex is estimated from its pattern's length with figures fitted to the
    /// built-in profile's regexes (7% of the total); a profile with regexes of very different
    /// shape may be off by more. The regex engines' search caches, grown lazily by the analyses
    /// and one per thread, are not counted.
    ///
    /// Checked by `tests/heap.rs` with a counting global allocator around
    /// [`Analyser::build`]: within 10% of the bytes the build leaves live for the built-in
    /// profile (measured 1,981,379 claimed against 1,981,306 live), and within 2% for the
    /// built-in profile without its regexes, where nothing is estimated (1,839,567 against
    /// 1,839,567).
    pub fn heap_bytes(&self) -> usize {
        // The shared allocation: the `Arc`'s two counts and `Inner`.
        2 * std::mem::size_of::<usize>()
            + std::mem::size_of::<Inner>()
            + self.inner.compiled.heap_bytes()
    }

    /// Analyses a text with no separate title (its title line is looked for in the text).
    pub fn analyse_text(&self, text: &str) -> Report {
        self.analyse(&Advert::new(text))
    }

    /// Analyses many adverts in order, one report each.
    pub fn analyse_many<'a, I>(&'a self, adverts: I) -> impl Iterator<Item = Report> + 'a
    where
        I: IntoIterator<Item = Advert<'a>>,
        I::IntoIter: 'a,
    {
        adverts.into_iter().map(move |a| self.analyse(&a))
    }

    /// Analyses a batch of adverts on every core (rayon's global pool), one report each, in the
    /// order given. Needs the `parallel` feature.
    #[cfg(feature = "parallel")]
    #[cfg_attr(docsrs, doc(cfg(feature = "parallel")))]
    pub fn analyse_par(&self, adverts: &[Advert<'_>]) -> Vec<Report> {
        use rayon::prelude::*;
        adverts.par_iter().map(|a| self.analyse(a)).collect()
    }

    /// Analyses one advert. Never fails, never panics.
    pub fn analyse(&self, advert: &Advert<'_>) -> Report {
        let mut collected = Collected::default();
        let (job, title_line) = self.collect(advert, &mut collected);
        let mut report = crate::score::score(
            &self.inner.compiled,
            &mut collected,
            job,
            &mut Coefficients::off(),
        );
        report.title_line = title_line;
        report
    }

    /// The advert's feature vector: each signal's coefficient in the scores (its hits after
    /// section factor, repeat decay, negation and the whose-duty cues) and the PMO membership,
    /// from the same analysis as [`analyse`](Analyser::analyse). The report's scores are
    /// [`Features::scores`] under this analyser's weights; the `fit` feature fits weights to
    /// labelled adverts from these. Never fails, never panics.
    pub fn features(&self, advert: &Advert<'_>) -> Features {
        let c = &self.inner.compiled;
        let mut collected = Collected::default();
        let (job, _) = self.collect(advert, &mut collected);
        let mut coefficients = Coefficients::on(c.signals.len());
        crate::score::score(c, &mut collected, job, &mut coefficients);
        coefficients.into_features(c)
    }

    /// Folds and scans the title and the body into `collected` (readied first): every piece of
    /// evidence, not yet weighed. Returns the parsed job title (from the title, or else from
    /// the title line found in the body) and the title line.
    fn collect(
        &self,
        advert: &Advert<'_>,
        collected: &mut Collected,
    ) -> (Option<JobTitle>, Option<Span>) {
        let c = &self.inner.compiled;
        collected.begin(c);
        let title = advert
            .title_text()
            .map(|t| self.cap(t, &mut collected.stats));
        if let Some(t) = title {
            collected.scan(c, t, Field::Title, Some(Span::new(0, t.len())));
        }
        let body = self.cap(advert.body(), &mut collected.stats);
        let (title_line, parsed) = match title {
            Some(_) => (None, None),
            None => c.titles.find_title_line_parsed(body).unzip(),
        };
        let parsed = parsed.flatten();
        collected.scan(c, body, Field::Body, title_line);
        // The job title, parsed from the title or the title line; its spans index that field.
        let (field, text, mut job) = match (title, title_line) {
            (Some(t), _) => (Field::Title, t, c.titles.parse(t)),
            (None, Some(line)) => (
                Field::Body,
                body,
                // Parsed already on the way to finding it, unless it is part of a line.
                parsed.unwrap_or_else(|| c.titles.parse(&body[line]).shifted(line.start)),
            ),
            (None, None) => return (None, None),
        };
        if job.is_pmo() && self.unit_means_something_else(collected, text, &job) {
            job.void_unit();
        }
        collected.add_title(c, text, field, &job);
        (Some(job), title_line)
    }

    /// True when the advert gives the title's unit another meaning: an `other_meaning` hit that
    /// cancels signals ("Prime Minister's Office (PMO)") against a one-word unit ("PMO"), or one
    /// whose words hold the unit's ("our school's programme office" against "Programme Office").
    fn unit_means_something_else(&self, collected: &Collected, text: &str, job: &JobTitle) -> bool {
        let c = &self.inner.compiled;
        let Some(unit) = job.unit() else {
            return false;
        };
        let unit = crate::document::fold_phrase(&text[unit]);
        collected.found.iter().any(|e| {
            let sig = &c.signals[e.signal];
            sig.kind == crate::SignalKind::OtherMeaning
                && ((!sig.cancels.is_empty() && !unit.contains(' '))
                    || format!(" {} ", crate::document::fold_phrase(collected.text_of(e)))
                        .contains(&format!(" {unit} ")))
        })
    }

    fn cap<'t>(&self, text: &'t str, stats: &mut TextStats) -> &'t str {
        stats.bytes += text.len();
        let keep = if text.len() > self.inner.max_input {
            stats.truncated = true;
            floor_boundary(text, self.inner.max_input)
        } else {
            text.len()
        };
        stats.analysed_bytes += keep;
        &text[..keep]
    }

    /// Runs every signal's examples and counter-examples; returns every failure.
    ///
    /// A signal fires on a text when it matches there and its hit counts for the job: a hit
    /// that its cue discounts (an audience, background, somebody else's title) does not fire.
    /// A `neutral` signal fires when it matches.
    pub fn check_examples(&self, profile: &Profile) -> Vec<Error> {
        let origin = profile.origin_or_default();
        let c = &self.inner.compiled;
        let mut failures = Vec::new();
        for s in profile.signals.iter().filter(|s| !s.disabled) {
            let fired = |text: &str| {
                let mut collected = Collected::default();
                self.collect(&Advert::new(text).title(""), &mut collected);
                collected
                    .neutral
                    .iter()
                    .any(|&si| *c.signals[si].id == *s.id)
                    || collected.found.iter().any(|e| {
                        *c.signals[e.signal].id == *s.id
                            && (s.kind == crate::SignalKind::OtherMeaning
                                || !e.cue.is_some_and(|cue| cue.discounts()))
                    })
            };
            for (i, ex) in s.examples.iter().enumerate() {
                if !fired(ex) {
                    failures.push(Error::ExampleFailed {
                        origin: origin.clone(),
                        id: s.id.clone(),
                        field: "examples",
                        index: i,
                        text: ex.clone(),
                        problem: "did not match",
                    });
                }
            }
            for (i, ex) in s.counter_examples.iter().enumerate() {
                if fired(ex) {
                    failures.push(Error::ExampleFailed {
                        origin: origin.clone(),
                        id: s.id.clone(),
                        field: "counter_examples",
                        index: i,
                        text: ex.clone(),
                        problem: "matched",
                    });
                }
            }
        }
        failures
    }
}
