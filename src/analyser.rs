//! The analyser: compiled once from a profile, shared freely, infallible per advert.

use std::sync::Arc;

use crate::matcher::{Matcher, RawHit, Target};
use crate::profile::{Profile, Settings, Signal, SignalKind};
use crate::report::{
    Evidence, Field, Mismatch, Report, Scores, Section, TextStats, TitleClaim, Verdict,
};
use crate::text::{ceil_boundary, floor_boundary, fold_phrase, LineCursor, Normalised};
use crate::{Error, Role, Span};

/// The default cap on the bytes analysed per field (see [`AnalyserBuilder::max_input_bytes`]).
pub const DEFAULT_MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// A first line longer than this is not taken as a title.
const TITLE_LINE_MAX: usize = 150;

/// A job advert: an optional title and a body.
///
/// ```
/// use pmo_advert::Advert;
///
/// let advert = Advert::new("You will maintain the RAID log.").title("PMO Officer");
/// assert_eq!(advert.title_text(), Some("PMO Officer"));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Advert<'a> {
    title: Option<&'a str>,
    body: &'a str,
}

impl<'a> Advert<'a> {
    /// An advert with this body and no title. Without a title, a short first line of the body is
    /// read as the title.
    pub fn new(body: &'a str) -> Advert<'a> {
        Advert { title: None, body }
    }

    /// Sets the title.
    pub fn title(mut self, title: &'a str) -> Advert<'a> {
        self.title = Some(title);
        self
    }

    /// The title, if one was given.
    pub fn title_text(&self) -> Option<&'a str> {
        self.title
    }

    /// The body.
    pub fn body(&self) -> &'a str {
        self.body
    }
}

#[derive(Debug)]
struct CompiledSignal {
    id: Arc<str>,
    theme: Arc<str>,
    kind: SignalKind,
    role: Option<Role>,
    weight: f64,
    decay: Option<f64>,
}

#[derive(Debug)]
struct Inner {
    matcher: Matcher,
    signals: Vec<CompiledSignal>,
    settings: Settings,
    /// Negation cue words, as [`WordKey`]s.
    negation: Vec<WordKey>,
    /// Clause-break words, as [`WordKey`]s.
    clause_breaks: Vec<WordKey>,
    /// Each reference cue as the keys of its words.
    reference: Vec<Vec<WordKey>>,
    /// For each first byte, a bit per word length (up to 31) that some negation or clause-break
    /// word has: most words are ruled out with one lookup before any comparison.
    cue_filter: [u32; 256],
    max_input: usize,
    name: String,
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
        profile.validate()?;
        let enabled: Vec<&Signal> = profile.signals.iter().filter(|s| !s.disabled).collect();
        let matcher = Matcher::build(profile, &enabled)?;
        let signals = enabled
            .iter()
            .map(|s| CompiledSignal {
                id: Arc::from(s.id.as_str()),
                theme: Arc::from(s.theme.as_str()),
                kind: s.kind,
                role: s.role,
                weight: s.weight,
                decay: s.repeat_decay,
            })
            .collect();
        let keys = |v: &[String]| -> Vec<Vec<WordKey>> {
            v.iter()
                .map(|c| {
                    let folded = fold_phrase(c);
                    let mut words: Vec<WordKey> =
                        RevWords::new(folded.as_bytes()).map(WordKey::new).collect();
                    words.reverse();
                    words
                })
                .collect()
        };
        let single = |v: &[String]| keys(v).into_iter().flatten().collect::<Vec<_>>();
        let mut cue_filter = [0u32; 256];
        for word in profile
            .cues
            .negation
            .iter()
            .chain(&profile.cues.clause_breaks)
        {
            let folded = fold_phrase(word);
            for w in RevWords::new(folded.as_bytes()) {
                cue_filter[usize::from(w[0])] |= 1 << w.len().min(31);
            }
        }
        let analyser = Analyser {
            inner: Arc::new(Inner {
                matcher,
                signals,
                settings: profile.resolved_settings(),
                negation: single(&profile.cues.negation),
                clause_breaks: single(&profile.cues.clause_breaks),
                reference: keys(&profile.cues.reference),
                cue_filter,
                max_input: self.max_input,
                name: profile.name.clone(),
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
        &self.inner.name
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// Every literal pattern the automaton holds (folded, with spelling variants).
    pub fn patterns(&self) -> &[String] {
        &self.inner.matcher.patterns
    }

    /// Approximate heap bytes held by the compiled analyser: the automaton, its patterns and the
    /// signal and cue tables. The regex engines' lazily grown caches are not counted.
    pub fn heap_bytes(&self) -> usize {
        let i = &self.inner;
        let cue_words = i.negation.len()
            + i.clause_breaks.len()
            + i.reference.iter().map(Vec::len).sum::<usize>();
        i.matcher.memory_usage()
            + cue_words * std::mem::size_of::<WordKey>()
            + i.signals
                .iter()
                .map(|s| std::mem::size_of::<CompiledSignal>() + s.id.len() + s.theme.len())
                .sum::<usize>()
    }

    /// Analyses a text whose first line may be its title.
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
    pub fn analyse_par(&self, adverts: &[Advert<'_>]) -> Vec<Report> {
        use rayon::prelude::*;
        adverts.par_iter().map(|a| self.analyse(a)).collect()
    }

    /// Analyses one advert. Never fails, never panics.
    pub fn analyse(&self, advert: &Advert<'_>) -> Report {
        let inner = &*self.inner;
        let mut evidence = Vec::new();
        let mut stats = TextStats::default();
        let mut hits = Vec::new();
        let mut sig_of = Vec::new();
        if let Some(title) = advert.title {
            let t = self.cap(title, &mut stats);
            self.scan(
                t,
                Field::Title,
                false,
                &mut hits,
                &mut evidence,
                &mut sig_of,
                &mut stats,
            );
        }
        let body = self.cap(advert.body, &mut stats);
        self.scan(
            body,
            Field::Body,
            advert.title.is_none(),
            &mut hits,
            &mut evidence,
            &mut sig_of,
            &mut stats,
        );
        score(inner, evidence, &sig_of, stats)
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

    #[allow(clippy::too_many_arguments)]
    fn scan(
        &self,
        text: &str,
        field: Field,
        first_line_is_title: bool,
        hits: &mut Vec<RawHit>,
        evidence: &mut Vec<Evidence>,
        sig_of: &mut Vec<usize>,
        stats: &mut TextStats,
    ) {
        let inner = &*self.inner;
        let norm = Normalised::new(text);
        stats.words += norm.words;
        if field == Field::Body {
            // Lines of the body: one more than the line breaks, not counting a final break.
            let ends_with_break = norm.line_starts.last() == Some(&text.len());
            stats.lines = if text.is_empty() {
                0
            } else {
                norm.line_starts.len() + 1 - usize::from(ends_with_break)
            };
        }
        hits.clear();
        inner.matcher.find(&norm, hits);
        if hits.is_empty() {
            return;
        }
        let title_end = match field {
            Field::Title => text.len(),
            Field::Body if first_line_is_title => title_line_end(text),
            Field::Body => 0,
        };
        evidence.reserve(hits.len());
        sig_of.reserve(hits.len());
        let mut section = Section::Preamble;
        let mut cursor = LineCursor::new(text, &norm.line_starts);
        let mut sentences = SentenceCache::default();
        for h in hits.iter() {
            let span = norm.orig_span(text, h.start, h.end);
            let si = match h.target {
                Target::Heading(s) => {
                    if span.start >= title_end && is_heading_line(text, span) {
                        section = s;
                    }
                    continue;
                }
                Target::Signal(si) => si,
            };
            let sig = &inner.signals[si];
            let here = if span.start < title_end {
                Section::Title
            } else {
                section
            };
            let (line, column) = cursor.locate(span.start);
            let (negated, reference) = self.cues(&norm.text, h.start, sig.kind);
            evidence.push(Evidence {
                role: sig.role,
                kind: sig.kind,
                signal: sig.id.clone(),
                theme: sig.theme.clone(),
                text: text[span].to_string(),
                span,
                line,
                column,
                sentence: sentences.around(text, span),
                section: here,
                field,
                weight: 0.0,
                negated,
                reference,
            });
            sig_of.push(si);
        }
    }

    /// Negation and reference cues in the clause before a hit at normalised offset `at`.
    ///
    /// One backward pass over at most `negation_window` bytes, word by word, stopping at the
    /// start of the clause (sentence or list punctuation, brackets, a paragraph break); no
    /// allocation. A negation cue counts unless a clause-break word ("but") stands between it and
    /// the hit; a reference cue counts when it ends at most [`REFERENCE_SLACK`] words before a
    /// title, with no comma between.
    fn cues(&self, norm: &str, at: usize, kind: SignalKind) -> (bool, bool) {
        let inner = &*self.inner;
        if kind == SignalKind::Context {
            return (false, false);
        }
        let want_reference = matches!(kind, SignalKind::Title | SignalKind::NonPmo);
        let bytes = norm.as_bytes();
        let from = at.saturating_sub(inner.settings.negation_window);
        let mut i = at;
        let mut negated = false;
        let mut negation_done = false;
        let mut comma = false;
        let mut tail = [WordKey::EMPTY; 12];
        let mut n = 0;
        'words: loop {
            while i > from && !CUE_BYTE[usize::from(bytes[i - 1])] {
                let b = bytes[i - 1];
                if CLAUSE_END[usize::from(b)] {
                    break 'words;
                }
                comma |= b == b',';
                i -= 1;
            }
            if i == from {
                break;
            }
            let end = i;
            while i > from && CUE_BYTE[usize::from(bytes[i - 1])] {
                i -= 1;
            }
            let w = &bytes[i..end];
            if !negation_done {
                let maybe = inner.cue_filter[usize::from(w[0])] & (1 << w.len().min(31)) != 0;
                if maybe {
                    let k = WordKey::new(w);
                    if inner.clause_breaks.contains(&k) {
                        negation_done = true;
                    } else if inner.negation.contains(&k) {
                        negated = true;
                        negation_done = true;
                    }
                }
                if !negation_done && w.ends_with(b"n't") {
                    negated = true;
                    negation_done = true;
                }
            }
            let collecting = want_reference && !comma && n < tail.len();
            if collecting {
                tail[n] = WordKey::new(w);
                n += 1;
            }
            if negation_done && !collecting {
                break;
            }
        }
        let tail = &tail[..n];
        let reference = want_reference
            && inner
                .reference
                .iter()
                .any(|cue| ends_near(tail, cue, REFERENCE_SLACK));
        (negated, reference)
    }

    /// Runs every signal's examples and counter-examples; returns every failure.
    pub fn check_examples(&self, profile: &Profile) -> Vec<Error> {
        let origin = profile.origin_or_default();
        let mut failures = Vec::new();
        for s in profile.signals.iter().filter(|s| !s.disabled) {
            let fired = |text: &str| {
                let report = self.analyse(&Advert::new(text).title(""));
                report.evidence.iter().any(|e| *e.signal == *s.id)
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

/// Bytes of folded text that end a clause: sentence and list punctuation, brackets, paragraph
/// breaks.
const CLAUSE_END: [bool; 256] = {
    let mut t = [false; 256];
    let ends = b".;:!?*()[]|\n";
    let mut i = 0;
    while i < ends.len() {
        t[ends[i] as usize] = true;
        i += 1;
    }
    t
};

/// A reference cue may be followed by this many words before the title it marks.
const REFERENCE_SLACK: usize = 2;

/// Words of folded text read from the end: runs of ASCII letters, digits, `'`, `&`, and any
/// non-ASCII bytes.
struct RevWords<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> RevWords<'a> {
    fn new(s: &'a [u8]) -> Self {
        RevWords { s, i: s.len() }
    }
}

/// Bytes of folded text that belong to words for cue matching: ASCII letters and digits, `'`,
/// `&`, and every byte of a non-ASCII char.
const CUE_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'\'' || c == b'&' || c >= 0x80;
        b += 1;
    }
    t
};

impl<'a> Iterator for RevWords<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        while self.i > 0 && !CUE_BYTE[usize::from(self.s[self.i - 1])] {
            self.i -= 1;
        }
        if self.i == 0 {
            return None;
        }
        let end = self.i;
        while self.i > 0 && CUE_BYTE[usize::from(self.s[self.i - 1])] {
            self.i -= 1;
        }
        Some(&self.s[self.i..end])
    }
}

/// True when the words of `cue` (in reading order) stand at the end of `tail` (words read from
/// the end) with at most `slack` more words after them.
fn ends_near(tail: &[WordKey], cue: &[WordKey], slack: usize) -> bool {
    if cue.is_empty() {
        return false;
    }
    (0..=slack).any(|skip| {
        tail.len() >= skip + cue.len() && cue.iter().rev().zip(&tail[skip..]).all(|(c, w)| c == w)
    })
}

/// A word packed into an integer for cheap comparison: its first 15 bytes and its length.
/// Words longer than 15 bytes compare by prefix and length, which no cue word list in practice
/// confuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct WordKey(u128);

impl WordKey {
    const EMPTY: WordKey = WordKey(0);

    fn new(w: &[u8]) -> WordKey {
        let mut k = (w.len().min(255) as u128) << 120;
        for (j, &b) in w.iter().take(15).enumerate() {
            k |= u128::from(b) << (8 * j);
        }
        WordKey(k)
    }
}

/// End of the first non-blank line when it is short enough to be a title; 0 otherwise.
fn title_line_end(text: &str) -> usize {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    if end == 0 || end > TITLE_LINE_MAX || rest[..end].ends_with(['.', '!', '?']) {
        return 0;
    }
    start + end
}

/// A heading stands at the start of its line (after bullets or numbering) and either ends the
/// line (allowing a colon and a few more words) or is followed by a colon.
fn is_heading_line(text: &str, span: Span) -> bool {
    let lo = floor_boundary(text, span.start.saturating_sub(40));
    let before = &text[lo..span.start];
    let prefix = match before.rfind(['\n', '\r']) {
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
    let line_rest = match after.find(['\n', '\r']) {
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

#[derive(Default)]
struct SentenceCache {
    last: Option<Span>,
}

impl SentenceCache {
    /// The sentence around `span`, reusing the previous one when it holds the hit.
    fn around(&mut self, text: &str, span: Span) -> Span {
        if let Some(s) = self.last {
            if s.contains(span) {
                return s;
            }
        }
        let s = crate::sentence::around(text, span);
        self.last = Some(s);
        s
    }
}

fn score(inner: &Inner, mut evidence: Vec<Evidence>, sig_of: &[usize], stats: TextStats) -> Report {
    let st = &inner.settings;
    // Each signal's next repeat factor: 1, then decay, decay², …
    let mut factors = vec![1.0f64; inner.signals.len()];
    let mut full = Scores::default();
    let mut duties = Scores::default();
    let mut context = 0.0;
    let mut non_pmo = 0.0;
    let mut claim: Option<(f64, usize)> = None;
    for (k, e) in evidence.iter_mut().enumerate() {
        let sig = &inner.signals[sig_of[k]];
        let factor = &mut factors[sig_of[k]];
        let base = sig.weight * *factor * st.section_factors.get(e.section);
        *factor *= sig.decay.unwrap_or(st.repeat_decay);
        let sign = if e.negated { -1.0 } else { 1.0 };
        e.weight = match (sig.kind, sig.role) {
            (SignalKind::Title, Some(role)) => {
                context += base;
                if e.reference {
                    0.0
                } else {
                    let factor = if e.section == Section::Title {
                        st.title_factor
                    } else {
                        st.body_title_factor
                    };
                    let w = sign * base * factor;
                    full.add(role, w);
                    if e.section == Section::Title
                        && !e.negated
                        && claim.is_none_or(|(cw, _)| w > cw)
                    {
                        claim = Some((w, k));
                    }
                    w
                }
            }
            (SignalKind::Duty, Some(role)) => {
                let w = sign * base;
                full.add(role, w);
                duties.add(role, w);
                w
            }
            (SignalKind::Context, _) => {
                context += base;
                base
            }
            (SignalKind::NonPmo, _) if e.reference => 0.0,
            (SignalKind::NonPmo, _) => {
                let w = if e.section == Section::Title {
                    base * st.title_factor
                } else {
                    base * st.body_title_factor
                };
                non_pmo += w;
                w
            }
            _ => 0.0,
        };
    }
    for s in [&mut full, &mut duties] {
        s.analyst = s.analyst.max(0.0);
        s.lead = s.lead.max(0.0);
        s.manager = s.manager.max(0.0);
    }
    let (verdict, share) = decide(st, &full, context, non_pmo);
    let (duties_verdict, duties_share) = decide(st, &duties, context, non_pmo);
    let title_claim = claim.map(|(_, k)| {
        let e = &evidence[k];
        TitleClaim {
            role: e.role.unwrap_or(Role::Analyst),
            signal: e.signal.clone(),
            text: e.text.clone(),
        }
    });
    let mismatch = match (&title_claim, duties_verdict) {
        (Some(c), Some(d)) if c.role != d.role => Some(Mismatch {
            claimed: c.role,
            duties: d.role,
        }),
        _ => None,
    };
    Report {
        verdict,
        scores: full,
        duties_only: duties,
        duties_verdict,
        share,
        duties_share,
        title_claim,
        mismatch,
        pmo_context: context,
        non_pmo,
        evidence,
        stats,
    }
}

/// The verdict under the settings' gates, and the leading role's probability.
///
/// The three role scores and a "none" score (`none_bias` plus the non-PMO mass) go through a
/// softmax at the settings' temperature; the leading role wins when it beats "none", reaches
/// `min_score` and its probability reaches the threshold. Without PMO context the leading role's
/// probability is 0.
fn decide(st: &Settings, scores: &Scores, context: f64, non_pmo: f64) -> (Option<Verdict>, f64) {
    let (role, best) = scores.best();
    if context < st.min_context || best < st.min_score {
        return (None, 0.0);
    }
    let none = st.none_bias + non_pmo;
    let top = best.max(none);
    let e = |v: f64| ((v - top) / st.temperature).exp();
    let sum = e(scores.analyst) + e(scores.lead) + e(scores.manager) + e(none);
    let p = (e(best) / sum).clamp(0.0, 1.0);
    let verdict = (best > none && p >= st.threshold).then_some(Verdict {
        role,
        confidence: p,
    });
    (verdict, p)
}
