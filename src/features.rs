//! An advert's feature vector: what each signal contributed to the scores before its weight.
//!
//! Every role score is a sum over signals of weight × coefficient, where a signal's coefficient
//! adds up its hits after section factor, repeat decay, negation (a negated hit counts −1) and
//! the whose-duty cues (a discounted hit counts 0), times the title factor for a title claim.
//! A weight change therefore never needs the text again: [`Features::scores`] gives the scores
//! under any weights, and [`Settings::decide`](crate::Settings::decide) the verdict.

use serde::{Deserialize, Serialize};

use crate::compiled::Compiled;
use crate::profile::SignalKind;
use crate::{Role, Scores};

/// One signal's part in an advert's [`Features`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignalFeature {
    pub(crate) signal: String,
    pub(crate) kind: SignalKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) role: Option<Role>,
    pub(crate) weight: f64,
    pub(crate) full: f64,
    pub(crate) duties: f64,
}

impl SignalFeature {
    /// The signal's id (`analyst.minutes`, or `title.claim.lead` for a parsed title claim).
    pub fn signal(&self) -> &str {
        &self.signal
    }
    /// The signal's kind: `duty` and `title` feed their role's score, `non_pmo` the "none"
    /// score.
    pub fn kind(&self) -> SignalKind {
        self.kind
    }
    /// The role whose score it feeds; `None` for a `non_pmo` signal.
    pub fn role(&self) -> Option<Role> {
        self.role
    }
    /// The signal's weight in the analyser that computed these features.
    pub fn weight(&self) -> f64 {
        self.weight
    }
    /// Its coefficient in the full scores: the sum over its hits of section factor × repeat
    /// factor × ±1 (× `body_title_factor` for a title named in the body, × `title_factor` for
    /// a title claim or a title of another job). Negative when negated hits outweigh the rest.
    pub fn full(&self) -> f64 {
        self.full
    }
    /// Its coefficient in the duty scores (0 for titles and for hits in the title).
    pub fn duties(&self) -> f64 {
        self.duties
    }
}

/// An advert's feature vector, from [`Analyser::features`](crate::Analyser::features): for each
/// signal that fed a score, its coefficient; and the advert's PMO membership, which gates the
/// verdict and does not depend on the weights that feed the scores.
///
/// ```
/// use pmo_advert::{Advert, Analyser};
///
/// let analyser = Analyser::builtin();
/// let advert = Advert::new("You will take minutes and maintain the RAID log.").title("PMO Analyst");
/// let features = analyser.features(&advert);
/// let report = analyser.analyse(&advert);
/// // Under the analyser's own weights the features give the report's scores.
/// let scores = features.scores(|f| f.weight());
/// assert!((scores.full().analyst() - report.scores().analyst()).abs() < 1e-9);
/// // Under other weights they give other scores, without the text.
/// let doubled = features.scores(|f| 2.0 * f.weight());
/// assert!((doubled.full().analyst() - 2.0 * report.scores().analyst()).abs() < 1e-9);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Features {
    pub(crate) signals: Vec<SignalFeature>,
    pub(crate) membership: f64,
}

/// Scores computed from [`Features`] under some weights ([`Features::scores`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FeatureScores {
    pub(crate) full: Scores,
    pub(crate) duties: Scores,
    pub(crate) non_pmo: f64,
}

impl FeatureScores {
    /// The full scores (title and duties), as [`Report::scores`](crate::Report::scores): each
    /// floored at 0.
    pub fn full(&self) -> Scores {
        self.full
    }
    /// The duty scores, as [`Report::duties_only`](crate::Report::duties_only): each floored
    /// at 0.
    pub fn duties(&self) -> Scores {
        self.duties
    }
    /// The non-PMO mass, as [`Report::non_pmo`](crate::Report::non_pmo): added to the "none"
    /// score of both. At least 0 when every weight is; not floored, unlike the scores.
    pub fn non_pmo(&self) -> f64 {
        self.non_pmo
    }
}

impl Features {
    /// Every signal that fed a score, in the analyser's signal order.
    pub fn signals(&self) -> &[SignalFeature] {
        &self.signals
    }
    /// The advert's PMO membership, as [`Report::membership`](crate::Report::membership).
    pub fn membership(&self) -> f64 {
        self.membership
    }
    /// The scores under the weights `weight` gives each signal: per role the sum of weight ×
    /// coefficient over its signals, floored at 0 as the report's are; the non-PMO mass the same
    /// sum over `non_pmo` signals.
    pub fn scores(&self, weight: impl Fn(&SignalFeature) -> f64) -> FeatureScores {
        let mut out = FeatureScores::default();
        for f in &self.signals {
            let w = weight(f);
            match f.role {
                Some(role) => {
                    out.full.add(role, w * f.full);
                    out.duties.add(role, w * f.duties);
                }
                None => out.non_pmo += w * f.full,
            }
        }
        for s in [&mut out.full, &mut out.duties] {
            s.analyst = s.analyst.max(0.0);
            s.lead = s.lead.max(0.0);
            s.manager = s.manager.max(0.0);
        }
        out
    }
}

/// The coefficients an analysis adds up, one slot per compiled signal; empty when not asked
/// for, so that [`Analyser::analyse`](crate::Analyser::analyse) pays nothing for them.
#[derive(Default)]
pub(crate) struct Coefficients {
    full: Vec<f64>,
    duties: Vec<f64>,
    touched: Vec<bool>,
    pub(crate) membership: f64,
}

impl Coefficients {
    /// Records nothing.
    pub(crate) fn off() -> Coefficients {
        Coefficients::default()
    }

    /// Records a slot for each of `n` signals.
    pub(crate) fn on(n: usize) -> Coefficients {
        Coefficients {
            full: vec![0.0; n],
            duties: vec![0.0; n],
            touched: vec![false; n],
            membership: 0.0,
        }
    }

    #[inline]
    pub(crate) fn add(&mut self, signal: usize, full: f64, duties: f64) {
        if let Some(slot) = self.full.get_mut(signal) {
            *slot += full;
            self.duties[signal] += duties;
            self.touched[signal] = true;
        }
    }

    /// The recorded coefficients as features, keeping the signals that were hit.
    pub(crate) fn into_features(self, c: &Compiled) -> Features {
        let signals = c
            .signals
            .iter()
            .enumerate()
            .filter(|&(i, _)| self.touched[i])
            .map(|(i, s)| SignalFeature {
                signal: s.id.to_string(),
                kind: s.kind,
                role: s.role,
                weight: s.weight,
                full: self.full[i],
                duties: self.duties[i],
            })
            .collect();
        Features {
            signals,
            membership: self.membership,
        }
    }
}
