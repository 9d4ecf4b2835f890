//! A profile compiled for analysis: the automaton, the signal table, the cue tables and the
//! settings. Every stage of the analysis reads what it needs from here.

use std::sync::Arc;

use crate::cues::CueTables;
use crate::matcher::Matcher;
use crate::profile::{Profile, Settings, Signal, SignalKind};
use crate::report::SignalName;
use crate::title::CompiledTitles;
use crate::{Error, Role};

/// One enabled signal as the analysis uses it.
#[derive(Debug)]
pub(crate) struct CompiledSignal {
    pub(crate) id: Arc<str>,
    pub(crate) theme: Arc<str>,
    pub(crate) kind: SignalKind,
    pub(crate) role: Option<Role>,
    pub(crate) weight: f64,
    pub(crate) decay: Option<f64>,
    pub(crate) audience: bool,
    /// Indices of the signals an `other_meaning` signal cancels.
    pub(crate) cancels: Vec<usize>,
    /// One of the signals the title grammar speaks through (see [`TitleSignals`]).
    pub(crate) grammar: bool,
    /// The most hits of this signal listed as evidence, counting hits that count and hits a
    /// cue discounts apart (see [`list_cap`]).
    pub(crate) list_cap: u32,
}

/// How much the hits of one signal past its cap may move a score at most.
pub(crate) const OMITTED_BOUND: f64 = 1e-4;

/// The fewest listed hits of a signal after which the rest could move no score (nor the
/// membership) by more than [`OMITTED_BOUND`]: the tail of the repeat decay, `w·f·dⁿ/(1−d)`,
/// with `f` the largest factor a hit can carry (section factor × title factor). At least 8, so
/// that repeats still show; no cap when the signal does not decay.
fn list_cap(weight: f64, decay: f64, settings: &Settings) -> u32 {
    let f = settings.section_factors.max()
        * settings
            .title_factor
            .max(settings.body_title_factor)
            .max(1.0);
    let scale = weight * f;
    if decay >= 1.0 {
        return u32::MAX;
    }
    if scale <= 0.0 || decay <= 0.0 {
        return 8;
    }
    let n = (OMITTED_BOUND * (1.0 - decay) / scale).ln() / decay.ln();
    (n.ceil().max(8.0)).min(u32::MAX as f64) as u32
}

/// The signals the title grammar's evidence is filed under, appended to the profile's: a claim
/// per level (`title.claim.analyst`…), a PMO title without a level (`title.pmo`) and a title of
/// another job (`title.near_miss`).
#[derive(Debug)]
pub(crate) struct TitleSignals {
    pub(crate) claim: [usize; 3],
    pub(crate) pmo: usize,
    pub(crate) near_miss: usize,
}

/// Everything an analysis needs, compiled once.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) matcher: Matcher,
    pub(crate) signals: Vec<CompiledSignal>,
    /// Each signal's id and theme, by the same index: shared by every report's evidence, which
    /// looks them up on access.
    pub(crate) names: Arc<[SignalName]>,
    pub(crate) settings: Settings,
    pub(crate) cues: CueTables,
    pub(crate) titles: CompiledTitles,
    pub(crate) title_signals: TitleSignals,
    pub(crate) name: String,
}

impl Compiled {
    /// Validates and compiles `profile`.
    pub(crate) fn build(profile: &Profile) -> Result<Compiled, Error> {
        profile.validate()?;
        let enabled: Vec<&Signal> = profile.signals.iter().filter(|s| !s.disabled).collect();
        let settings = profile.resolved_settings();
        // The title grammar is built after the main automaton, the cue tables on a second
        // thread meanwhile (see `Matcher::build`).
        let (matcher, titles, cues) = Matcher::build(
            profile,
            &enabled,
            || {
                CompiledTitles::build(
                    &profile.title,
                    &profile.headings,
                    &profile.origin_or_default(),
                )
            },
            || CueTables::new(&profile.cues, settings.negation_window),
        )?;
        let titles = titles?;
        let index_of = |id: &str| enabled.iter().position(|s| s.id == id);
        let mut signals: Vec<CompiledSignal> = enabled
            .iter()
            .map(|s| CompiledSignal {
                id: Arc::from(s.id.as_str()),
                theme: Arc::from(s.theme.as_str()),
                kind: s.kind,
                role: s.role,
                weight: profile.weights.get(&s.id).copied().unwrap_or(s.weight),
                decay: s.repeat_decay,
                audience: s.audience,
                // `validate` checked that every cancelled id exists.
                cancels: s.cancels.iter().filter_map(|id| index_of(id)).collect(),
                grammar: false,
                list_cap: u32::MAX,
            })
            .collect();
        for s in &mut signals {
            s.list_cap = list_cap(
                s.weight,
                s.decay.unwrap_or(settings.repeat_decay),
                &settings,
            );
        }
        let mut add = |id: &str, theme: &str, kind: SignalKind, role: Option<Role>, weight: f64| {
            signals.push(CompiledSignal {
                id: Arc::from(id),
                theme: Arc::from(theme),
                kind,
                role,
                weight: profile.weights.get(id).copied().unwrap_or(weight),
                decay: None,
                audience: false,
                cancels: Vec::new(),
                grammar: true,
                list_cap: u32::MAX,
            });
            signals.len() - 1
        };
        let theme = "the job title";
        // The ids are `profile::RESERVED_IDS`, which `validate` keeps out of profiles.
        let title_signals = TitleSignals {
            claim: [
                add(
                    "title.claim.analyst",
                    theme,
                    SignalKind::Title,
                    Some(Role::Analyst),
                    settings.title_weight,
                ),
                add(
                    "title.claim.lead",
                    theme,
                    SignalKind::Title,
                    Some(Role::Lead),
                    settings.title_weight,
                ),
                add(
                    "title.claim.manager",
                    theme,
                    SignalKind::Title,
                    Some(Role::Manager),
                    settings.title_weight,
                ),
            ],
            pmo: add(
                "title.pmo",
                theme,
                SignalKind::Context,
                None,
                settings.title_weight,
            ),
            near_miss: add(
                "title.near_miss",
                "a title of another job",
                SignalKind::NonPmo,
                None,
                settings.near_miss_weight,
            ),
        };
        let names = signals
            .iter()
            .map(|s| SignalName {
                id: s.id.clone(),
                theme: s.theme.clone(),
            })
            .collect();
        Ok(Compiled {
            matcher,
            signals,
            names,
            settings,
            cues,
            titles,
            title_signals,
            name: profile.name.clone(),
        })
    }

    /// Heap bytes held: every table by capacity, the automata by their own count, the regexes
    /// estimated (see `matcher::regex_heap_estimate`).
    pub(crate) fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        // An `Arc<str>` is one allocation: two counts and the bytes, padded to 8.
        let arc_str = |s: &str| (2 * size_of::<usize>() + s.len()).next_multiple_of(8);
        self.matcher.memory_usage()
            + self.cues.heap_bytes()
            + self.titles.heap_bytes()
            + self.name.capacity()
            + self.signals.capacity() * size_of::<CompiledSignal>()
            // The names table: one allocation, its two counts and the entries (the strings are
            // the signals' own).
            + 2 * size_of::<usize>()
            + self.names.len() * size_of::<SignalName>()
            + self
                .signals
                .iter()
                .map(|s| {
                    arc_str(&s.id) + arc_str(&s.theme) + s.cancels.capacity() * size_of::<usize>()
                })
                .sum::<usize>()
    }
}
