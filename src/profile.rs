//! Profiles: the signals, headings, cues and settings an [`Analyser`](crate::Analyser) is built from.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::title::TitleGrammar;
use crate::{Error, Role, Scores, Section, Verdict};

/// The most signals a profile may hold.
pub const MAX_SIGNALS: usize = 2_000;
/// The most phrases (as written, before spelling variants) a profile may hold: its signals',
/// its headings' and its title grammar's together.
pub const MAX_PHRASES: usize = 20_000;
/// The largest compiled size of one regex, in bytes (`RegexBuilder::size_limit`).
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// The range a signal's weight must fall in.
pub const WEIGHT_RANGE: core::ops::RangeInclusive<f64> = 0.0..=10.0;

const BUILTIN_TOML: &str = include_str!("profile/pmo.toml");
const FITTED_TOML: &str = include_str!("profile/fitted.toml");

/// Signal ids the title grammar files its evidence under; a profile may not use them.
pub(crate) const RESERVED_IDS: [&str; 5] = [
    "title.claim.analyst",
    "title.claim.lead",
    "title.claim.manager",
    "title.pmo",
    "title.near_miss",
];

/// What a signal says about an advert.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SignalKind {
    /// A job title ("PMO Officer", "Head of PMO"): what the advert *claims*. Needs a `role`.
    Title,
    /// A duty or requirement ("maintain the RAID log"): what the job *is*. Needs a `role`.
    Duty,
    /// PMO context ("PMO", "programme management office", "P3O"): gates the verdict. No `role`.
    Context,
    /// A sign of a job outside the PMO ladder ("business analyst", "scrum master"). No `role`.
    NonPmo,
    /// A phrase that gives a PMO word another meaning ("Prime Minister's Office", "summer school
    /// programme office"). It counts nothing itself; being the longer match it keeps the PMO
    /// phrase inside it from matching, and the signals it names in `cancels` count nothing
    /// anywhere in the advert. Its hits are listed as evidence, so the report says why. No `role`.
    OtherMeaning,
    /// A phrase that means none of the above, listed only so that a shorter phrase inside it does
    /// not fire ("order book" keeps "book" from counting, "track record" keeps "track"). Its
    /// hits are not listed. No `role`.
    Neutral,
}

impl SignalKind {
    /// The snake_case name used in profiles and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            SignalKind::Title => "title",
            SignalKind::Duty => "duty",
            SignalKind::Context => "context",
            SignalKind::NonPmo => "non_pmo",
            SignalKind::OtherMeaning => "other_meaning",
            SignalKind::Neutral => "neutral",
        }
    }
}

/// Writes the snake_case name used in profiles and JSON ([`as_str`](SignalKind::as_str)).
impl core::fmt::Display for SignalKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One signal: a set of phrases (and, rarely, regexes) that mean the same thing for one role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    /// Stable identifier, unique in the profile, e.g. `analyst.raid_log`.
    pub id: String,
    /// What the signal says about the advert.
    pub kind: SignalKind,
    /// The role it supports; required for `title` and `duty`, refused for the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The theme it belongs to, in the words of the role article ("KPIs, measures and metrics").
    #[serde(default)]
    pub theme: String,
    /// Strength of one hit, in [`WEIGHT_RANGE`].
    pub weight: f64,
    /// Literal phrases, matched as whole words, ignoring ASCII case, across runs of white space,
    /// with hyphen, dash and apostrophe variants and UK/US spellings generated automatically.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regexes, run over the lowercased, white-space-folded text and matched ignoring case (an
    /// upper-case `PMO` matches too). Use only where a phrase cannot say it: each regex is an
    /// extra pass over the text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regexes: Vec<String>,
    /// This signal's own repeat decay, overriding [`Settings::repeat_decay`]: each further hit
    /// counts this much of the one before, in `0..=1`. Broad, weak signals (common verbs) use a
    /// slow decay so that their density counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_decay: Option<f64>,
    /// True when the phrases name people or a body the job may serve ("the executive board",
    /// "senior stakeholders", "PMO leadership"): right after an audience cue ("slides for",
    /// "packs for the", "present to") a hit is the job's audience, not its duty, and counts
    /// nothing (see [`Cues::audience`]).
    #[serde(default, skip_serializing_if = "is_false")]
    pub audience: bool,
    /// For an `other_meaning` signal: the ids of signals whose hits count nothing anywhere in an
    /// advert where this signal matches ("Prime Minister's Office" cancels `context.pmo`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cancels: Vec<String>,
    /// Whether matches must start and end at word boundaries (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub whole_words: bool,
    /// Texts this signal must match.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Texts this signal must not match.
    #[serde(default)]
    pub counter_examples: Vec<String>,
    /// In a user profile merged over another, `true` removes the signal of this id.
    #[serde(default, skip_serializing_if = "is_false")]
    pub disabled: bool,
}

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_false(b: &bool) -> bool {
    !*b
}

/// A change to a signal of the profile a user profile is merged over, named by id: a
/// `[[signal]]` entry without a `kind`.
///
/// - `disabled = true` alone removes the signal;
/// - `weight`, `repeat_decay` or `theme` replace the signal's own, and nothing else changes;
/// - with `extend = true`, `phrases`, `regexes`, `examples` and `counter_examples` are added to
///   the signal's.
///
/// An entry with a `kind` is a whole signal instead (a new one, or one replacing the signal of
/// its id), and needs a `weight`. A patch whose id names no signal is an error naming it.
///
/// ```
/// use pmo_advert::{Analyser, Profile};
///
/// let patch = Profile::from_toml_str(r#"
///     [[signal]]
///     id = "analyst.kpis"
///     disabled = true
///
///     [[signal]]
///     id = "analyst.raid"
///     extend = true
///     phrases = ["issues and dependencies tracker"]
///
///     [[signal]]
///     id = "analyst.minutes"
///     weight = 2.0
/// "#)?;
/// let profile = Profile::builtin().merge(patch);
/// let analyser = Analyser::build(&profile)?;
/// let report = analyser.analyse_text("PMO Analyst\nKeep the issues and dependencies tracker; track KPIs.");
/// assert!(report.evidence().iter().any(|e| e.signal() == "analyst.raid"));
/// assert!(!report.evidence().iter().any(|e| e.signal() == "analyst.kpis"));
///
/// let typo = Profile::from_toml_str("[[signal]]\nid = \"analyst.kpi\"\ndisabled = true")?;
/// let err = Analyser::build(&Profile::builtin().merge(typo)).unwrap_err();
/// assert!(err.to_string().contains("analyst.kpi"));
/// # Ok::<(), pmo_advert::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SignalPatch {
    /// The id of the signal to change.
    pub id: String,
    /// Remove the signal.
    pub disabled: bool,
    /// Its new weight, in [`WEIGHT_RANGE`].
    pub weight: Option<f64>,
    /// Its new repeat decay, in `0..=1`.
    pub repeat_decay: Option<f64>,
    /// Its new theme.
    pub theme: Option<String>,
    /// Phrases to add.
    pub phrases: Vec<String>,
    /// Regexes to add.
    pub regexes: Vec<String>,
    /// Examples to add.
    pub examples: Vec<String>,
    /// Counter-examples to add.
    pub counter_examples: Vec<String>,
}

impl SignalPatch {
    fn apply(self, s: &mut Signal) {
        if let Some(w) = self.weight {
            s.weight = w;
        }
        if let Some(d) = self.repeat_decay {
            s.repeat_decay = Some(d);
        }
        if let Some(t) = self.theme {
            s.theme = t;
        }
        s.phrases.extend(self.phrases);
        s.regexes.extend(self.regexes);
        s.examples.extend(self.examples);
        s.counter_examples.extend(self.counter_examples);
    }

    fn what(&self) -> &'static str {
        if self.disabled {
            "disable"
        } else if self.phrases.is_empty()
            && self.regexes.is_empty()
            && self.examples.is_empty()
            && self.counter_examples.is_empty()
        {
            "change"
        } else {
            "extend"
        }
    }
}

/// A `[[signal]]` entry as written: a whole signal (with a `kind`) or a patch (without).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignalEntry {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<SignalKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<Role>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    theme: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    phrases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    regexes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    repeat_decay: Option<f64>,
    #[serde(default, skip_serializing_if = "is_false")]
    audience: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    cancels: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    whole_words: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    examples: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    counter_examples: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    disabled: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    extend: bool,
}

enum Entry {
    Signal(Signal),
    Patch(SignalPatch),
}

impl SignalEntry {
    fn resolve(self) -> Result<Entry, String> {
        let id = self.id;
        let bad = |m: &str| Err(format!("signal {id:?}: {m}"));
        match self.kind {
            Some(kind) => {
                if self.extend {
                    return bad("`extend` adds to an existing signal and takes no `kind`");
                }
                let Some(weight) = self.weight else {
                    return bad(
                        "a signal with a `kind` needs a `weight` (to change only the \
                                weight of an existing signal, leave out the `kind`)",
                    );
                };
                Ok(Entry::Signal(Signal {
                    id,
                    kind,
                    role: self.role,
                    theme: self.theme.unwrap_or_default(),
                    weight,
                    phrases: self.phrases,
                    regexes: self.regexes,
                    repeat_decay: self.repeat_decay,
                    audience: self.audience,
                    cancels: self.cancels,
                    whole_words: self.whole_words.unwrap_or(true),
                    examples: self.examples,
                    counter_examples: self.counter_examples,
                    disabled: self.disabled,
                }))
            }
            None => {
                if self.role.is_some()
                    || self.audience
                    || !self.cancels.is_empty()
                    || self.whole_words.is_some()
                {
                    return bad(
                        "`role`, `audience`, `cancels` and `whole_words` need a `kind`: \
                                replace the whole signal",
                    );
                }
                let adds = !(self.phrases.is_empty()
                    && self.regexes.is_empty()
                    && self.examples.is_empty()
                    && self.counter_examples.is_empty());
                if adds && !self.extend {
                    return bad(
                        "to add phrases, regexes or examples to an existing signal set \
                                `extend = true`; to replace it, give its `kind` and `weight`",
                    );
                }
                let changes = self.weight.is_some()
                    || self.repeat_decay.is_some()
                    || self.theme.is_some()
                    || adds;
                if self.disabled && changes {
                    return bad("`disabled = true` removes the signal: give nothing else");
                }
                if !self.disabled && !changes {
                    return bad(
                        "says nothing: give a `kind` and `weight` for a new signal, or \
                                `disabled`, `weight`, `repeat_decay`, `theme` or `extend` for an \
                                existing one",
                    );
                }
                Ok(Entry::Patch(SignalPatch {
                    id,
                    disabled: self.disabled,
                    weight: self.weight,
                    repeat_decay: self.repeat_decay,
                    theme: self.theme,
                    phrases: self.phrases,
                    regexes: self.regexes,
                    examples: self.examples,
                    counter_examples: self.counter_examples,
                }))
            }
        }
    }
}

/// A profile as written in TOML or JSON.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    name: String,
    #[serde(default)]
    settings: SettingsPatch,
    #[serde(default)]
    cues: Cues,
    #[serde(default)]
    heading: Vec<Heading>,
    #[serde(default)]
    signal: Vec<SignalEntry>,
    #[serde(default)]
    title: TitleGrammar,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    weights: std::collections::BTreeMap<String, f64>,
}

impl TryFrom<ProfileFile> for Profile {
    type Error = String;
    fn try_from(f: ProfileFile) -> Result<Profile, String> {
        let mut signals = Vec::new();
        let mut patches = Vec::new();
        for e in f.signal {
            match e.resolve()? {
                Entry::Signal(s) => signals.push(s),
                Entry::Patch(p) => patches.push(p),
            }
        }
        Ok(Profile {
            name: f.name,
            settings: f.settings,
            cues: f.cues,
            headings: f.heading,
            signals,
            patches,
            title: f.title,
            weights: f.weights,
            origin: String::new(),
        })
    }
}

impl From<Profile> for ProfileFile {
    fn from(p: Profile) -> ProfileFile {
        let mut signal: Vec<SignalEntry> = p
            .signals
            .into_iter()
            .map(|s| SignalEntry {
                id: s.id,
                kind: Some(s.kind),
                role: s.role,
                theme: Some(s.theme),
                weight: Some(s.weight),
                phrases: s.phrases,
                regexes: s.regexes,
                repeat_decay: s.repeat_decay,
                audience: s.audience,
                cancels: s.cancels,
                whole_words: (!s.whole_words).then_some(false),
                examples: s.examples,
                counter_examples: s.counter_examples,
                disabled: s.disabled,
                extend: false,
            })
            .collect();
        signal.extend(p.patches.into_iter().map(|q| {
            let extend = !(q.phrases.is_empty()
                && q.regexes.is_empty()
                && q.examples.is_empty()
                && q.counter_examples.is_empty());
            SignalEntry {
                id: q.id,
                disabled: q.disabled,
                weight: q.weight,
                repeat_decay: q.repeat_decay,
                theme: q.theme,
                phrases: q.phrases,
                regexes: q.regexes,
                examples: q.examples,
                counter_examples: q.counter_examples,
                extend,
                ..SignalEntry::default()
            }
        }));
        ProfileFile {
            name: p.name,
            settings: p.settings,
            cues: p.cues,
            heading: p.headings,
            signal,
            title: p.title,
            weights: p.weights,
        }
    }
}

/// Phrases that open a section of the advert when they stand as a heading line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heading {
    /// The section these headings open.
    pub section: Section,
    /// The heading phrases ("key responsibilities", "what we offer").
    pub phrases: Vec<String>,
}

/// Words that change what a hit means when they stand near it in the same clause or sentence:
/// whether a phrase is the job's own duty, somebody else's, an audience, background, or a
/// PMO named from outside.
///
/// Phrase cues (every list but `negation`, `negation_after`, `auxiliaries` and `clause_breaks`)
/// are matched as whole words, folded like the text; a cue before a hit may be followed by up to
/// two more words ("report progress *to the* PMO", "*join* our growing PMO") and must stand in
/// the same clause, with no comma between.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    /// Single words that negate a following duty in the same clause ("no", "not", "without").
    #[serde(default)]
    pub negation: Vec<String>,
    /// Single words that negate a duty *before* them when they follow it in the same clause,
    /// after at most two [`auxiliaries`](Cues::auxiliaries) ("line management *is not* part of
    /// this role"). Words ending in "n't" count too.
    #[serde(default)]
    pub negation_after: Vec<String>,
    /// Words that may stand between a duty and a following negation ("is", "will", "be").
    #[serde(default)]
    pub auxiliaries: Vec<String>,
    /// Phrases earlier in the clause of an analyst's duty that make it work the job oversees
    /// rather than does ("oversee the maintenance of …", "supervise"): anywhere among the eight
    /// words before the hit, with no comma between. Only duties of the lowest level take it.
    #[serde(default)]
    pub oversight: Vec<String>,
    /// Phrases earlier in the clause of a Lead's or a Manager's duty that make it work the job
    /// helps with rather than does ("support the implementation of …", "assist with"): anywhere
    /// among the eight words before the hit, with no comma between.
    #[serde(default)]
    pub support: Vec<String>,
    /// Phrases before a job title that make it the advert's own even where a reference cue
    /// would apply ("as", "our new"); checked first (but see
    /// [`reference_adjacent`](Cues::reference_adjacent)).
    #[serde(default)]
    pub own_title: Vec<String>,
    /// Phrases right before an [`audience`](Signal::audience) hit that make it the job's
    /// audience ("for", "to the", "present to").
    #[serde(default)]
    pub audience: Vec<String>,
    /// Phrases right before a PMO context hit that put the job inside the PMO ("join",
    /// "within", "part of"): the hit counts fully towards PMO membership.
    #[serde(default)]
    pub membership: Vec<String>,
    /// Phrases right before a PMO context hit that name the PMO from outside ("to the",
    /// "liaise with", "the usual"): the hit counts nothing towards PMO membership. Checked
    /// together with `membership`; the cue nearest the hit (then the longer) wins.
    #[serde(default)]
    pub mention: Vec<String>,
    /// Phrases that, opening a sentence, make it background about somebody else ("the
    /// programme", "our client", "we are"): its hits count nothing unless the sentence also
    /// names the job itself (see `own_role`).
    #[serde(default)]
    pub background_subjects: Vec<String>,
    /// Phrases that name the advert's own job ("you", "the successful candidate", "the post
    /// holder"): a sentence holding one is never background.
    #[serde(default)]
    pub own_role: Vec<String>,
    /// Words that end the reach of a negation cue ("but", "however").
    #[serde(default)]
    pub clause_breaks: Vec<String>,
    /// Phrases that make a following job title a reference to somebody else rather than the
    /// advert's own claim ("reporting to the", "support the").
    #[serde(default)]
    pub reference: Vec<String>,
    /// Words (or phrases) that make a job title somebody else's only when they stand right
    /// before it, articles aside ("to", "from": "flag variances *to the* PMO Manager", "take the
    /// priorities *from the* PMO Lead", but not "looking *to* add a PMO Analyst"). Right before
    /// the title, such a cue wins over an [`own_title`](Cues::own_title) cue further from it
    /// ("escalate *as* appropriate *to the* PMO Manager"), not over one that ends where it does
    /// ("welcome to the PMO Analyst role").
    #[serde(default)]
    pub reference_adjacent: Vec<String>,
}

/// Tunable numbers of the scoring. Every field is optional in a profile file; a user profile's
/// values override the built-in one's field by field. The ranges a value must fall in are those
/// of [`Settings`]; they are checked when the profile is validated, after merging.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    /// See [`Settings::threshold`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// See [`Settings::min_score`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
    /// See [`Settings::min_membership`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_membership: Option<f64>,
    /// See [`Settings::mention_factor`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention_factor: Option<f64>,
    /// See [`Settings::title_weight`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_weight: Option<f64>,
    /// See [`Settings::near_miss_weight`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near_miss_weight: Option<f64>,
    /// See [`Settings::repeat_decay`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_decay: Option<f64>,
    /// See [`Settings::title_factor`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_factor: Option<f64>,
    /// See [`Settings::body_title_factor`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_title_factor: Option<f64>,
    /// See [`Settings::none_bias`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub none_bias: Option<f64>,
    /// See [`Settings::temperature`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
    /// See [`Settings::negation_window`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negation_window: Option<usize>,
    /// See [`Settings::section_factors`]; each section's factor overrides on its own.
    #[serde(default, skip_serializing_if = "SectionFactorsPatch::is_empty")]
    pub section_factors: SectionFactorsPatch,
}

/// How much a hit counts in each section of the advert: a multiplier per section, each in
/// `0..=10` (a profile with another value does not validate).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFactors {
    /// The title (the title field, or the first line of a text with no title).
    pub title: f64,
    /// Text before any recognised heading.
    pub preamble: f64,
    /// Responsibilities, duties, "what you will do".
    pub responsibilities: f64,
    /// Requirements, skills, experience, "about you".
    pub requirements: f64,
    /// About the company or team.
    pub company: f64,
    /// Benefits, salary, "what we offer".
    pub benefits: f64,
    /// Any other recognised heading (how to apply, equal opportunities…).
    pub other: f64,
    /// Page furniture: above the title line, running headers, footers and page counters of PDF
    /// text, and lists of other vacancies ("Similar jobs").
    /// Default 0.
    #[serde(default)]
    pub furniture: f64,
}

/// Section factors a profile overrides, each on its own (`[settings.section_factors]`); the
/// others keep the value of the profile merged under it, or the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFactorsPatch {
    /// See [`SectionFactors::title`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<f64>,
    /// See [`SectionFactors::preamble`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preamble: Option<f64>,
    /// See [`SectionFactors::responsibilities`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsibilities: Option<f64>,
    /// See [`SectionFactors::requirements`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirements: Option<f64>,
    /// See [`SectionFactors::company`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<f64>,
    /// See [`SectionFactors::benefits`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benefits: Option<f64>,
    /// See [`SectionFactors::other`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<f64>,
    /// See [`SectionFactors::furniture`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub furniture: Option<f64>,
}

macro_rules! section_fields {
    ($m:ident) => {
        $m!(
            title,
            preamble,
            responsibilities,
            requirements,
            company,
            benefits,
            other,
            furniture
        )
    };
}

impl SectionFactorsPatch {
    /// True when it overrides nothing.
    pub fn is_empty(&self) -> bool {
        *self == SectionFactorsPatch::default()
    }

    fn overlay(&mut self, top: &SectionFactorsPatch) {
        macro_rules! take {
            ($($f:ident),*) => { $( if top.$f.is_some() { self.$f = top.$f; } )* };
        }
        section_fields!(take);
    }

    fn resolve(&self, d: SectionFactors) -> SectionFactors {
        macro_rules! pick {
            ($($f:ident),*) => { SectionFactors { $( $f: self.$f.unwrap_or(d.$f), )* } };
        }
        section_fields!(pick)
    }
}

impl SectionFactors {
    /// The largest factor of any section.
    pub fn max(&self) -> f64 {
        [
            self.title,
            self.preamble,
            self.responsibilities,
            self.requirements,
            self.company,
            self.benefits,
            self.other,
            self.furniture,
        ]
        .into_iter()
        .fold(0.0, f64::max)
    }

    /// The factor for one section.
    pub fn get(&self, section: Section) -> f64 {
        match section {
            Section::Title => self.title,
            Section::Preamble => self.preamble,
            Section::Responsibilities => self.responsibilities,
            Section::Requirements => self.requirements,
            Section::Company => self.company,
            Section::Benefits => self.benefits,
            Section::Other => self.other,
            Section::Furniture => self.furniture,
        }
    }
}

/// The resolved scoring settings (built-in defaults overridden by the profile's `[settings]`).
///
/// Each number must be finite and within the range its field gives (ends included):
/// [`Profile::validate`] refuses a profile whose settings fall outside.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Settings {
    /// Least confidence for a verdict, in `0..=1`; below it the verdict is `None`.
    pub threshold: f64,
    /// Least combined score of the winning role for a verdict, in `0..=1000`.
    pub min_score: f64,
    /// Least PMO membership for a verdict: the job must sit in a PMO, not merely mention one.
    /// Membership adds up a PMO title ([`title_weight`](Settings::title_weight)), the advert
    /// naming its own PMO title in the body, context hits after a membership cue ("join our
    /// PMO": their full weight) and other context hits (`mention_factor` of their weight); a PMO
    /// named from outside ("report progress to the PMO") adds nothing. In `0..=1000`.
    pub min_membership: f64,
    /// The share of its weight, in `0..=1`, that a PMO context hit with neither a membership nor
    /// a mention cue adds to the membership.
    pub mention_factor: f64,
    /// The score a job title parsed by the title grammar adds to its level, before
    /// [`title_factor`](Settings::title_factor); half of it when the title names no PMO unit
    /// and the body shows membership. In `0..=1000`.
    pub title_weight: f64,
    /// The weight of a title of another job that shares the vocabulary ("Project Manager",
    /// "Delivery Lead"), before `title_factor`: it adds to the "none" outcome. In `0..=1000`.
    pub near_miss_weight: f64,
    /// Each further hit of the same signal counts this much of the one before, in `0..=1`.
    pub repeat_decay: f64,
    /// Multiplier for title signals found in the title, in `0..=1000`.
    pub title_factor: f64,
    /// Multiplier for title signals found in the body (an advert naming its own role), in
    /// `0..=1000`.
    pub body_title_factor: f64,
    /// The score of the "not a PMO role" outcome before any non-PMO evidence is added: the role
    /// evidence must beat it. In `0..=1000`.
    pub none_bias: f64,
    /// Softmax temperature turning scores into confidences (larger: less sure), in
    /// `0.01..=1000`; fitted on labelled adverts.
    pub temperature: f64,
    /// How many bytes before a hit are searched for a negation or reference cue (within the
    /// clause), in `0..=1000`.
    pub negation_window: usize,
    /// Per-section multipliers, each in `0..=10`.
    pub section_factors: SectionFactors,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            threshold: 0.3,
            min_score: 1.5,
            min_membership: 1.0,
            mention_factor: 0.5,
            title_weight: 3.0,
            near_miss_weight: 2.5,
            repeat_decay: 0.5,
            title_factor: 4.0,
            body_title_factor: 0.5,
            none_bias: 1.0,
            temperature: 2.0,
            negation_window: 80,
            section_factors: SectionFactors {
                title: 1.0,
                preamble: 1.0,
                responsibilities: 1.0,
                requirements: 0.8,
                company: 0.3,
                benefits: 0.2,
                other: 0.5,
                furniture: 0.0,
            },
        }
    }
}

impl Settings {
    /// The verdict these settings give for role scores, a PMO membership and a non-PMO mass,
    /// and the leading role's probability in `[0, 1]` (the report's
    /// [`share`](crate::Report::share)).
    ///
    /// The three role scores and a "none" score (`none_bias` plus the non-PMO mass) go through
    /// a softmax at `temperature`; the leading role (ties go to the more junior) wins when it
    /// beats "none", reaches `min_score` and its probability reaches `threshold`. With
    /// membership under `min_membership`, or the leading score under `min_score`, the
    /// probability is 0 and there is no verdict. [`Analyser::analyse`](crate::Analyser::analyse)
    /// decides through this, and so can a tool holding an advert's
    /// [`Features`](crate::Features).
    ///
    /// ```
    /// use pmo_advert::{Role, Scores, Settings};
    ///
    /// let settings = Settings::default();
    /// let scores = Scores::new(1.0, 2.0, 9.0);
    /// let (verdict, share) = settings.decide(&scores, 3.0, 0.0);
    /// assert_eq!(verdict.map(|v| v.role()), Some(Role::Manager));
    /// assert!(share > 0.9);
    /// assert_eq!(settings.decide(&scores, 0.0, 0.0), (None, 0.0));
    /// ```
    pub fn decide(&self, scores: &Scores, membership: f64, non_pmo: f64) -> (Option<Verdict>, f64) {
        let (role, best) = scores.best();
        if membership < self.min_membership || best < self.min_score {
            return (None, 0.0);
        }
        let none = self.none_bias + non_pmo;
        let top = best.max(none);
        let e = |v: f64| ((v - top) / self.temperature).exp();
        let sum = e(scores.analyst) + e(scores.lead) + e(scores.manager) + e(none);
        let p = (e(best) / sum).clamp(0.0, 1.0);
        let verdict = (best > none && p >= self.threshold).then_some(Verdict {
            role,
            confidence: p,
        });
        (verdict, p)
    }

    /// The probabilities, in `[0, 1]` and summing to 1, of analyst, lead, manager and "none"
    /// under the softmax [`decide`](Settings::decide) uses; `[0, 0, 0, 1]` when membership is
    /// under `min_membership`. (The `min_score` and `threshold` gates decide the verdict, not
    /// these.)
    pub fn probabilities(&self, scores: &Scores, membership: f64, non_pmo: f64) -> [f64; 4] {
        if membership < self.min_membership {
            return [0.0, 0.0, 0.0, 1.0];
        }
        let z = [
            scores.analyst,
            scores.lead,
            scores.manager,
            self.none_bias + non_pmo,
        ];
        let top = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let e = z.map(|v| ((v - top) / self.temperature).exp());
        let sum: f64 = e.iter().sum();
        e.map(|v| v / sum)
    }
}

impl SettingsPatch {
    fn overlay(&mut self, top: &SettingsPatch) {
        macro_rules! take {
            ($($f:ident),*) => { $( if top.$f.is_some() { self.$f = top.$f.clone(); } )* };
        }
        take!(
            threshold,
            min_score,
            min_membership,
            mention_factor,
            title_weight,
            near_miss_weight,
            repeat_decay,
            title_factor,
            body_title_factor,
            none_bias,
            temperature,
            negation_window
        );
        self.section_factors.overlay(&top.section_factors);
    }

    fn resolve(&self) -> Settings {
        let d = Settings::default();
        Settings {
            threshold: self.threshold.unwrap_or(d.threshold),
            min_score: self.min_score.unwrap_or(d.min_score),
            min_membership: self.min_membership.unwrap_or(d.min_membership),
            mention_factor: self.mention_factor.unwrap_or(d.mention_factor),
            title_weight: self.title_weight.unwrap_or(d.title_weight),
            near_miss_weight: self.near_miss_weight.unwrap_or(d.near_miss_weight),
            repeat_decay: self.repeat_decay.unwrap_or(d.repeat_decay),
            title_factor: self.title_factor.unwrap_or(d.title_factor),
            body_title_factor: self.body_title_factor.unwrap_or(d.body_title_factor),
            none_bias: self.none_bias.unwrap_or(d.none_bias),
            temperature: self.temperature.unwrap_or(d.temperature),
            negation_window: self.negation_window.unwrap_or(d.negation_window),
            section_factors: self.section_factors.resolve(d.section_factors),
        }
    }
}

/// A profile: the data an [`Analyser`](crate::Analyser) is compiled from.
///
/// The built-in profile ([`Profile::builtin`]) encodes the PMO role ladder. Users load their own
/// from TOML or JSON and [`merge`](Profile::merge) it over the built-in one: a signal with a known
/// id replaces it (or removes it, with `disabled = true`), a new id is added, headings, cues and
/// the title grammar's lists are appended, settings override field by field, and the
/// `[weights]` table changes single weights (a replaced or removed signal drops the weight the
/// base held for it). Unknown fields are errors.
///
/// ```
/// use pmo_advert::{Analyser, Profile};
///
/// let extra = Profile::from_toml_str(r#"
///     [[signal]]
///     id = "analyst.sharepoint"
///     kind = "duty"
///     role = "analyst"
///     theme = "running and maintaining existing processes"
///     weight = 1.0
///     phrases = ["maintain the sharepoint site"]
///     examples = ["You will maintain the SharePoint site."]
///     counter_examples = ["You will build the SharePoint site."]
/// "#)?;
/// let profile = Profile::builtin().merge(extra);
/// let analyser = Analyser::build(&profile)?;
/// let report = analyser.analyse_text("PMO Officer\nYou will maintain the SharePoint site.");
/// assert!(report.evidence().iter().any(|e| e.signal() == "analyst.sharepoint"));
/// # Ok::<(), pmo_advert::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ProfileFile", into = "ProfileFile")]
pub struct Profile {
    /// A name for messages and reports.
    #[serde(default)]
    pub name: String,
    /// Settings overrides.
    #[serde(default)]
    pub settings: SettingsPatch,
    /// Cue words.
    #[serde(default)]
    pub cues: Cues,
    /// Section headings.
    #[serde(default, rename = "heading")]
    pub headings: Vec<Heading>,
    /// The signals.
    #[serde(default, rename = "signal")]
    pub signals: Vec<Signal>,
    /// Changes to signals of the profile this one is merged over, by id (`[[signal]]` entries
    /// without a `kind`, see [`SignalPatch`]). [`merge`](Profile::merge) applies them; a patch
    /// left over (its id named no signal) is an error when the profile is validated.
    #[serde(skip)]
    pub patches: Vec<SignalPatch>,
    /// The title grammar (the `[title]` table): the words job titles are built from.
    #[serde(default)]
    pub title: TitleGrammar,
    /// Weight overrides (the `[weights]` table): signal id → weight in [`WEIGHT_RANGE`],
    /// replacing that signal's `weight` and nothing else. The ids may also be the title
    /// grammar's claim signals (`title.claim.analyst`, `title.claim.lead`,
    /// `title.claim.manager`, whose weight is otherwise
    /// [`title_weight`](Settings::title_weight)) and `title.near_miss` (otherwise
    /// [`near_miss_weight`](Settings::near_miss_weight)). This is how a fitted patch (the `fit`
    /// feature) is written; an id no signal has is an error.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub weights: std::collections::BTreeMap<String, f64>,
    /// Where the profile came from, for error messages.
    #[serde(skip)]
    origin: String,
}

impl Profile {
    /// The built-in PMO profile: the hand-set profile ([`hand_set`](Profile::hand_set)) with
    /// the fitted numbers (`src/profile/fitted.toml`: weights, none bias and temperature fitted
    /// to labelled adverts) merged over it. Both are compiled into the crate.
    pub fn builtin() -> Profile {
        let mut p = Profile::hand_set().merge(
            Profile::parse_toml(FITTED_TOML, "fitted weights").expect("the fitted weights parse"),
        );
        p.origin = "built-in profile".to_string();
        p
    }

    /// The built-in profile before its fitted numbers (`src/profile/pmo.toml`): the signals,
    /// cues, headings and title grammar written from the role article, with hand-set weights.
    /// The fit starts from and is pulled towards these.
    pub fn hand_set() -> Profile {
        Profile::parse_toml(BUILTIN_TOML, "built-in profile").expect("the built-in profile parses")
    }

    /// The source text of the hand-set built-in profile ([`hand_set`](Profile::hand_set)).
    pub fn builtin_toml() -> &'static str {
        BUILTIN_TOML
    }

    /// The source text of the fitted numbers merged over it in [`builtin`](Profile::builtin).
    pub fn fitted_toml() -> &'static str {
        FITTED_TOML
    }

    /// Parses a profile from TOML.
    pub fn from_toml_str(text: &str) -> Result<Profile, Error> {
        Profile::parse_toml(text, "<toml>")
    }

    /// Parses a profile from JSON (the same fields as TOML: `signal`, `heading`, `cues`, `settings`).
    pub fn from_json_str(text: &str) -> Result<Profile, Error> {
        Profile::parse_json(text, "<json>")
    }

    /// Reads a profile file; `.json` files are JSON, anything else TOML. Errors name the file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Profile, Error> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: shown.clone(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| Error::Utf8 {
            path: shown.clone(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json {
            Profile::parse_json(&text, &shown)
        } else {
            Profile::parse_toml(&text, &shown)
        }
    }

    fn parse_toml(text: &str, origin: &str) -> Result<Profile, Error> {
        let mut p: Profile = toml::from_str(text).map_err(|e| Error::Parse {
            origin: origin.to_string(),
            message: toml_message(text, &e),
        })?;
        p.origin = origin.to_string();
        Ok(p)
    }

    fn parse_json(text: &str, origin: &str) -> Result<Profile, Error> {
        let mut p: Profile = serde_json::from_str(text).map_err(|e| Error::Parse {
            origin: origin.to_string(),
            message: e.to_string(),
        })?;
        p.origin = origin.to_string();
        Ok(p)
    }

    /// Where the profile came from (a path, `built-in profile`, `<toml>`, `<json>`).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Merges `overlay` over this profile (see the type's documentation) and returns the result.
    pub fn merge(mut self, overlay: Profile) -> Profile {
        for sig in overlay.signals {
            // A replaced or removed signal leaves its weight override behind.
            self.weights.remove(&sig.id);
            match self.signals.iter().position(|s| s.id == sig.id) {
                Some(i) if sig.disabled => {
                    self.signals.remove(i);
                }
                Some(i) => self.signals[i] = sig,
                // Disabling a signal that is not there: a misspelt id, kept for `validate`.
                None if sig.disabled => self.patches.push(SignalPatch {
                    id: sig.id,
                    disabled: true,
                    ..SignalPatch::default()
                }),
                None => self.signals.push(sig),
            }
        }
        for patch in overlay.patches {
            match self.signals.iter().position(|s| s.id == patch.id) {
                Some(i) if patch.disabled => {
                    self.signals.remove(i);
                    self.weights.remove(&patch.id);
                }
                Some(i) => {
                    if patch.weight.is_some() {
                        self.weights.remove(&patch.id);
                    }
                    patch.apply(&mut self.signals[i]);
                }
                None => self.patches.push(patch),
            }
        }
        self.headings.extend(overlay.headings);
        self.cues.negation.extend(overlay.cues.negation);
        self.cues.clause_breaks.extend(overlay.cues.clause_breaks);
        self.cues.reference.extend(overlay.cues.reference);
        self.cues
            .reference_adjacent
            .extend(overlay.cues.reference_adjacent);
        self.cues.negation_after.extend(overlay.cues.negation_after);
        self.cues.auxiliaries.extend(overlay.cues.auxiliaries);
        self.cues.own_title.extend(overlay.cues.own_title);
        self.cues.oversight.extend(overlay.cues.oversight);
        self.cues.support.extend(overlay.cues.support);
        self.cues.audience.extend(overlay.cues.audience);
        self.cues.membership.extend(overlay.cues.membership);
        self.cues.mention.extend(overlay.cues.mention);
        self.cues
            .background_subjects
            .extend(overlay.cues.background_subjects);
        self.cues.own_role.extend(overlay.cues.own_role);
        self.settings.overlay(&overlay.settings);
        self.weights.extend(overlay.weights);
        self.title.append(overlay.title);
        if !overlay.origin.is_empty() {
            self.origin = format!("{} + {}", self.origin, overlay.origin);
        }
        if !overlay.name.is_empty() {
            self.name = overlay.name;
        }
        self
    }

    /// The settings in force: defaults overridden by this profile's `[settings]`.
    pub fn resolved_settings(&self) -> Settings {
        self.settings.resolve()
    }

    /// Every literal phrase of the enabled signals, as written (before spelling variants).
    pub fn literal_phrases(&self) -> Vec<&str> {
        self.signals
            .iter()
            .filter(|s| !s.disabled)
            .flat_map(|s| s.phrases.iter().map(String::as_str))
            .collect()
    }

    /// Checks everything that can be checked without compiling: ids, roles, weights, phrases,
    /// settings and size limits. [`Analyser::build`](crate::Analyser::build) calls it.
    pub fn validate(&self) -> Result<(), Error> {
        let origin = || self.origin_or_default();
        let signals: Vec<&Signal> = self.signals.iter().filter(|s| !s.disabled).collect();
        if signals.len() > MAX_SIGNALS {
            return Err(Error::TooLarge {
                origin: origin(),
                what: "signals",
                count: signals.len(),
                limit: MAX_SIGNALS,
            });
        }
        let phrases: usize = signals.iter().map(|s| s.phrases.len()).sum::<usize>()
            + self.headings.iter().map(|h| h.phrases.len()).sum::<usize>()
            + self.title.phrases().count();
        if phrases > MAX_PHRASES {
            return Err(Error::TooLarge {
                origin: origin(),
                what: "phrases",
                count: phrases,
                limit: MAX_PHRASES,
            });
        }
        let mut seen = std::collections::HashSet::new();
        for s in &signals {
            let bad = |field: &str, message: String| Error::InvalidSignal {
                origin: origin(),
                id: s.id.clone(),
                field: field.to_string(),
                message,
            };
            if s.id.trim().is_empty() {
                return Err(bad("id", "must not be empty".into()));
            }
            if RESERVED_IDS.contains(&s.id.as_str()) {
                return Err(bad(
                    "id",
                    "is reserved for the title grammar's evidence".into(),
                ));
            }
            if !seen.insert(s.id.as_str()) {
                return Err(Error::DuplicateId {
                    origin: origin(),
                    id: s.id.clone(),
                });
            }
            match (s.kind, s.role) {
                (SignalKind::Title | SignalKind::Duty, None) => {
                    return Err(bad(
                        "role",
                        format!("a {} signal needs a role", s.kind.as_str()),
                    ))
                }
                (
                    SignalKind::Context
                    | SignalKind::NonPmo
                    | SignalKind::OtherMeaning
                    | SignalKind::Neutral,
                    Some(_),
                ) => {
                    return Err(bad(
                        "role",
                        format!("a {} signal takes no role", s.kind.as_str()),
                    ))
                }
                _ => {}
            }
            if !s.weight.is_finite() || !WEIGHT_RANGE.contains(&s.weight) {
                return Err(bad(
                    "weight",
                    format!(
                        "{} is outside {}..={}",
                        s.weight,
                        WEIGHT_RANGE.start(),
                        WEIGHT_RANGE.end()
                    ),
                ));
            }
            if let Some(d) = s.repeat_decay {
                if !(d.is_finite() && (0.0..=1.0).contains(&d)) {
                    return Err(bad("repeat_decay", format!("{d} is outside 0..=1")));
                }
            }
            if !s.cancels.is_empty() && s.kind != SignalKind::OtherMeaning {
                return Err(bad(
                    "cancels",
                    format!(
                        "only an other_meaning signal cancels others, not a {} one",
                        s.kind.as_str()
                    ),
                ));
            }
            for (i, id) in s.cancels.iter().enumerate() {
                if !signals.iter().any(|t| t.id == *id) {
                    return Err(bad(
                        &format!("cancels[{i}]"),
                        format!("no enabled signal has the id {id:?}"),
                    ));
                }
            }
            if s.phrases.is_empty() && s.regexes.is_empty() {
                return Err(bad("phrases", "a signal needs a phrase or a regex".into()));
            }
            for (i, p) in s.phrases.iter().enumerate() {
                check_phrase(p).map_err(|m| bad(&format!("phrases[{i}]"), m))?;
            }
            for (i, r) in s.regexes.iter().enumerate() {
                if r.trim().is_empty() {
                    return Err(bad(&format!("regexes[{i}]"), "must not be empty".into()));
                }
            }
        }
        if let Some(p) = self.patches.first() {
            return Err(Error::InvalidSignal {
                origin: origin(),
                id: p.id.clone(),
                field: "id".to_string(),
                message: format!(
                    "no signal of this id to {} (a [[signal]] without a kind changes a signal of \
                     the profile it is merged over)",
                    p.what()
                ),
            });
        }
        for (id, &w) in &self.weights {
            let known = signals.iter().any(|s| s.id == *id)
                || (RESERVED_IDS.contains(&id.as_str()) && id != "title.pmo");
            let message = if !known {
                Some("no enabled signal has this id".to_string())
            } else if !w.is_finite() || !WEIGHT_RANGE.contains(&w) {
                Some(format!(
                    "{w} is outside {}..={}",
                    WEIGHT_RANGE.start(),
                    WEIGHT_RANGE.end()
                ))
            } else {
                None
            };
            if let Some(message) = message {
                return Err(Error::InvalidSignal {
                    origin: origin(),
                    id: id.clone(),
                    field: "weights".to_string(),
                    message,
                });
            }
        }
        for (hi, h) in self.headings.iter().enumerate() {
            for (i, p) in h.phrases.iter().enumerate() {
                check_phrase(p).map_err(|m| Error::InvalidSignal {
                    origin: origin(),
                    id: format!("heading[{hi}]"),
                    field: format!("phrases[{i}]"),
                    message: m,
                })?;
            }
        }
        for (field, i, p) in self.title.phrases() {
            check_phrase(p).map_err(|m| Error::InvalidSignal {
                origin: origin(),
                id: "title".to_string(),
                field: format!("{field}[{i}]"),
                message: m,
            })?;
        }
        self.validate_settings()
    }

    fn validate_settings(&self) -> Result<(), Error> {
        let s = self.resolved_settings();
        let bad = |field: &str, message: &str| Error::InvalidSetting {
            origin: self.origin_or_default(),
            field: field.to_string(),
            message: message.to_string(),
        };
        let unit = |v: f64| v.is_finite() && (0.0..=1.0).contains(&v);
        let nonneg = |v: f64| v.is_finite() && (0.0..=1000.0).contains(&v);
        if !unit(s.threshold) {
            return Err(bad("threshold", "must be in 0..=1"));
        }
        if !unit(s.repeat_decay) {
            return Err(bad("repeat_decay", "must be in 0..=1"));
        }
        if !unit(s.mention_factor) {
            return Err(bad("mention_factor", "must be in 0..=1"));
        }
        for (name, v) in [
            ("min_score", s.min_score),
            ("min_membership", s.min_membership),
            ("title_weight", s.title_weight),
            ("near_miss_weight", s.near_miss_weight),
            ("title_factor", s.title_factor),
            ("body_title_factor", s.body_title_factor),
            ("none_bias", s.none_bias),
        ] {
            if !nonneg(v) {
                return Err(bad(name, "must be finite and in 0..=1000"));
            }
        }
        if !(s.temperature.is_finite() && (0.01..=1000.0).contains(&s.temperature)) {
            return Err(bad("temperature", "must be finite and in 0.01..=1000"));
        }
        if s.negation_window > 1000 {
            return Err(bad("negation_window", "must be at most 1000 bytes"));
        }
        let f = s.section_factors;
        for (name, v) in [
            ("section_factors.title", f.title),
            ("section_factors.preamble", f.preamble),
            ("section_factors.responsibilities", f.responsibilities),
            ("section_factors.requirements", f.requirements),
            ("section_factors.company", f.company),
            ("section_factors.benefits", f.benefits),
            ("section_factors.other", f.other),
            ("section_factors.furniture", f.furniture),
        ] {
            if !(v.is_finite() && (0.0..=10.0).contains(&v)) {
                return Err(bad(name, "must be finite and in 0..=10"));
            }
        }
        Ok(())
    }

    pub(crate) fn origin_or_default(&self) -> String {
        if self.origin.is_empty() {
            "<profile>".to_string()
        } else {
            self.origin.clone()
        }
    }
}

fn check_phrase(p: &str) -> Result<(), String> {
    if p.trim().is_empty() {
        return Err("must not be empty or white space".into());
    }
    if !p.chars().any(char::is_alphanumeric) {
        return Err(format!("{p:?} has no word character"));
    }
    if p.len() > 200 {
        return Err(format!("{p:?} is longer than 200 bytes"));
    }
    Ok(())
}

fn toml_message(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().trim_end_matches('.').to_string();
    match e.span() {
        Some(span) => {
            let upto = &text[..span.start.min(text.len())];
            let line = upto.matches('\n').count() + 1;
            let col = upto.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {col}: {msg}")
        }
        None => msg,
    }
}
