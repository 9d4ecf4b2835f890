//! A profile compiled for analysis: the automaton, the signal table, the cue tables and the
//! settings. Every stage of the analysis reads what it needs from here.

use std::sync::Arc;

use crate::cues::CueTables;
use crate::matcher::Matcher;
use crate::profile::{Profile, Settings, Signal, SignalKind};
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
}

/// Everything an analysis needs, compiled once.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) matcher: Matcher,
    pub(crate) signals: Vec<CompiledSignal>,
    pub(crate) settings: Settings,
    pub(crate) cues: CueTables,
    pub(crate) name: String,
}

impl Compiled {
    /// Validates and compiles `profile`.
    pub(crate) fn build(profile: &Profile) -> Result<Compiled, Error> {
        profile.validate()?;
        let enabled: Vec<&Signal> = profile.signals.iter().filter(|s| !s.disabled).collect();
        let matcher = Matcher::build(profile, &enabled)?;
        let index_of = |id: &str| enabled.iter().position(|s| s.id == id);
        let signals = enabled
            .iter()
            .map(|s| CompiledSignal {
                id: Arc::from(s.id.as_str()),
                theme: Arc::from(s.theme.as_str()),
                kind: s.kind,
                role: s.role,
                weight: s.weight,
                decay: s.repeat_decay,
                audience: s.audience,
                // `validate` checked that every cancelled id exists.
                cancels: s.cancels.iter().filter_map(|id| index_of(id)).collect(),
            })
            .collect();
        let settings = profile.resolved_settings();
        let cues = CueTables::new(&profile.cues, settings.negation_window);
        Ok(Compiled {
            matcher,
            signals,
            settings,
            cues,
            name: profile.name.clone(),
        })
    }

    /// Approximate heap bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.matcher.memory_usage()
            + self.cues.heap_bytes()
            + self
                .signals
                .iter()
                .map(|s| {
                    std::mem::size_of::<CompiledSignal>()
                        + s.id.len()
                        + s.theme.len()
                        + s.cancels.len() * std::mem::size_of::<usize>()
                })
                .sum::<usize>()
    }
}
