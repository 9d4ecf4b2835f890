//! Measures of a set of verdicts against labels: the confusion matrix, per-label precision,
//! recall and F1, accuracy, macro-F1, log-loss, expected calibration error and the figures the
//! `evaluate` and `fit` examples report.
//!
//! A label is one of the three roles or [`Label::Other`] (not a PMO role, or a near miss); a
//! verdict of `None` counts as `Other`.
//!
//! ```
//! use pmo_advert::metrics::{Label, Metrics, Prediction};
//!
//! let predictions = [
//!     Prediction::new(Label::Analyst, Label::Analyst, 0.9, [0.9, 0.05, 0.0, 0.05]),
//!     Prediction::new(Label::Lead, Label::Manager, 0.6, [0.1, 0.3, 0.6, 0.0]),
//!     Prediction::new(Label::Other, Label::Other, 1.0, [0.0, 0.0, 0.0, 1.0]),
//! ];
//! let m = Metrics::of(&predictions);
//! assert!((m.accuracy() - 2.0 / 3.0).abs() < 1e-12);
//! assert_eq!(m.confusion()[1][2], 1); // a Lead read as a Manager
//! assert!(m.log_loss() > 0.0);
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Report, Role, Settings};

/// What an advert is labelled (or given as a verdict): a role, or not a PMO role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// A PMO Analyst.
    Analyst,
    /// A PMO Lead.
    Lead,
    /// A PMO Manager.
    Manager,
    /// Not a PMO role (a near miss or another job); the right verdict is `None`.
    Other,
}

impl Label {
    /// The four labels, in index order.
    pub const ALL: [Label; 4] = [Label::Analyst, Label::Lead, Label::Manager, Label::Other];

    /// 0, 1, 2 for the roles (as [`Role::index`]), 3 for `Other`.
    pub fn index(self) -> usize {
        self as usize
    }
    /// The label of a verdict: its role, or `Other` for none.
    pub fn of(role: Option<Role>) -> Label {
        match role {
            Some(Role::Analyst) => Label::Analyst,
            Some(Role::Lead) => Label::Lead,
            Some(Role::Manager) => Label::Manager,
            None => Label::Other,
        }
    }
    /// The role, or `None` for `Other`.
    pub fn role(self) -> Option<Role> {
        match self {
            Label::Analyst => Some(Role::Analyst),
            Label::Lead => Some(Role::Lead),
            Label::Manager => Some(Role::Manager),
            Label::Other => None,
        }
    }
    /// `analyst`, `lead`, `manager` or `other`.
    pub fn as_str(self) -> &'static str {
        ["analyst", "lead", "manager", "other"][self.index()]
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`Label`]: the text that is not one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown label {0:?} (expected analyst, lead, manager or other)")]
pub struct ParseLabelError(pub String);

impl FromStr for Label {
    type Err = ParseLabelError;
    /// Parses `analyst`, `lead`, `manager` or `other`, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Label, ParseLabelError> {
        Label::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ParseLabelError(s.to_string()))
    }
}

/// One scored prediction: the label, the verdict, the confidence in the verdict and the
/// probabilities the model gave each label.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    truth: Label,
    verdict: Label,
    confidence: f64,
    probabilities: [f64; 4],
}

impl Prediction {
    /// A prediction: `confidence` in `[0, 1]` is the verdict's (for a role, its probability;
    /// for no verdict, one minus the leading role's share), `probabilities` the model's for
    /// analyst, lead, manager and other, in that order.
    pub fn new(truth: Label, verdict: Label, confidence: f64, probabilities: [f64; 4]) -> Self {
        Prediction {
            truth,
            verdict,
            confidence,
            probabilities,
        }
    }

    /// The prediction a report makes for an advert labelled `truth`, from its full verdict or,
    /// with `duties`, its duties verdict; `settings` are the analyser's
    /// ([`Analyser::settings`](crate::Analyser::settings)), for the probabilities.
    pub fn from_report(report: &Report, settings: &Settings, truth: Label, duties: bool) -> Self {
        let (verdict, share, scores) = if duties {
            (
                report.duties_verdict(),
                report.duties_share(),
                report.duties_only(),
            )
        } else {
            (report.verdict(), report.share(), report.scores())
        };
        let probabilities = settings.probabilities(&scores, report.membership(), report.non_pmo());
        Prediction::from_verdict(truth, verdict.map(|v| v.role()), share, probabilities)
    }

    /// A prediction from a verdict's role and the leading role's share (as
    /// [`Settings::decide`] gives them) and the probabilities.
    pub fn from_verdict(
        truth: Label,
        verdict: Option<Role>,
        share: f64,
        probabilities: [f64; 4],
    ) -> Self {
        let confidence = if verdict.is_some() {
            share
        } else {
            1.0 - share
        };
        Prediction::new(truth, Label::of(verdict), confidence, probabilities)
    }

    /// The label.
    pub fn truth(&self) -> Label {
        self.truth
    }
    /// The verdict, `Other` for none.
    pub fn verdict(&self) -> Label {
        self.verdict
    }
    /// The confidence in the verdict, in `[0, 1]`.
    pub fn confidence(&self) -> f64 {
        self.confidence
    }
    /// The probabilities of analyst, lead, manager and other.
    pub fn probabilities(&self) -> [f64; 4] {
        self.probabilities
    }
    /// Whether the verdict is the label.
    pub fn is_right(&self) -> bool {
        self.truth == self.verdict
    }
}

/// The confidence bands calibration is measured in: `[0, 0.5)`, `[0.5, 0.6)`, … `[0.9, 1]`.
pub const CONFIDENCE_BANDS: [(f64, f64); 6] = [
    (0.0, 0.5),
    (0.5, 0.6),
    (0.6, 0.7),
    (0.7, 0.8),
    (0.8, 0.9),
    (0.9, 1.0),
];

/// The least confidence counted as high ([`Metrics::high_confidence_accuracy`]).
pub const HIGH_CONFIDENCE: f64 = 0.8;

/// Probabilities are clipped to `[LOG_LOSS_FLOOR, 1]` in the log-loss, so that one advert the
/// PMO-membership gate gives no chance (probability 0) costs ln 1000 ≈ 6.9, not infinity.
pub const LOG_LOSS_FLOOR: f64 = 1e-3;

/// One confidence band's share of the predictions and its accuracy ([`Metrics::bands`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Band {
    low: f64,
    high: f64,
    n: usize,
    accuracy: f64,
    mean_confidence: f64,
}

impl Band {
    /// The band's lower bound of confidence, in `[0, 1]` (inclusive).
    pub fn low(&self) -> f64 {
        self.low
    }
    /// Its upper bound of confidence, in `[0, 1]` (exclusive, but a confidence of 1 is in the
    /// last band).
    pub fn high(&self) -> f64 {
        self.high
    }
    /// How many predictions have a confidence in it.
    pub fn n(&self) -> usize {
        self.n
    }
    /// The share of them that are right, in `[0, 1]` (0 when [`n`](Band::n) is 0).
    pub fn accuracy(&self) -> f64 {
        self.accuracy
    }
    /// Their mean confidence, in `[0, 1]` (0 when [`n`](Band::n) is 0).
    pub fn mean_confidence(&self) -> f64 {
        self.mean_confidence
    }
}

/// Every measure of a set of predictions; see the module documentation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    n: usize,
    confusion: [[usize; 4]; 4],
    precision: [f64; 4],
    recall: [f64; 4],
    f1: [f64; 4],
    accuracy: f64,
    macro_f1: f64,
    log_loss: f64,
    ece: f64,
    bands: Vec<Band>,
    high_confidence_n: usize,
    high_confidence_accuracy: f64,
    near_misses_kept_out: f64,
    lead_recall: f64,
    analyst_vs_senior_f1: f64,
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}

fn f1(tp: usize, predicted: usize, actual: usize) -> f64 {
    let (p, r) = (
        ratio(tp as f64, predicted as f64),
        ratio(tp as f64, actual as f64),
    );
    ratio(2.0 * p * r, p + r)
}

impl Metrics {
    /// Measures `predictions`. Every figure is 0 for an empty slice.
    pub fn of(predictions: &[Prediction]) -> Metrics {
        let n = predictions.len();
        let mut m = [[0usize; 4]; 4];
        for p in predictions {
            m[p.truth.index()][p.verdict.index()] += 1;
        }
        let mut precision = [0.0; 4];
        let mut recall = [0.0; 4];
        let mut f1s = [0.0; 4];
        for k in 0..4 {
            let predicted: usize = (0..4).map(|t| m[t][k]).sum();
            let actual: usize = m[k].iter().sum();
            precision[k] = ratio(m[k][k] as f64, predicted as f64);
            recall[k] = ratio(m[k][k] as f64, actual as f64);
            f1s[k] = f1(m[k][k], predicted, actual);
        }
        let right = predictions.iter().filter(|p| p.is_right()).count();
        let log_loss = ratio(
            predictions
                .iter()
                .map(|p| {
                    -p.probabilities[p.truth.index()]
                        .clamp(LOG_LOSS_FLOOR, 1.0)
                        .ln()
                })
                .sum(),
            n as f64,
        );
        let mut ece = 0.0;
        let bands = CONFIDENCE_BANDS
            .iter()
            .enumerate()
            .map(|(i, &(low, high))| {
                let last = i + 1 == CONFIDENCE_BANDS.len();
                let inside: Vec<&Prediction> = predictions
                    .iter()
                    .filter(|p| p.confidence >= low && (p.confidence < high || last))
                    .collect();
                let k = inside.len() as f64;
                let accuracy = ratio(inside.iter().filter(|p| p.is_right()).count() as f64, k);
                let mean_confidence = ratio(inside.iter().map(|p| p.confidence).sum(), k);
                ece += ratio(k, n as f64) * (accuracy - mean_confidence).abs();
                Band {
                    low,
                    high,
                    n: inside.len(),
                    accuracy,
                    mean_confidence,
                }
            })
            .collect();
        let high: Vec<&Prediction> = predictions
            .iter()
            .filter(|p| p.confidence >= HIGH_CONFIDENCE)
            .collect();
        // Analyst vs senior over adverts labelled with a role: no verdict is wrong for both.
        let senior = [1usize, 2];
        let analyst_f1 = f1(m[0][0], (0..3).map(|t| m[t][0]).sum(), m[0].iter().sum());
        let senior_f1 = f1(
            senior.iter().map(|&t| m[t][1] + m[t][2]).sum(),
            (0..3).map(|t| m[t][1] + m[t][2]).sum(),
            senior.iter().map(|&t| m[t].iter().sum::<usize>()).sum(),
        );
        Metrics {
            n,
            confusion: m,
            precision,
            recall,
            f1: f1s,
            accuracy: ratio(right as f64, n as f64),
            macro_f1: f1s.iter().sum::<f64>() / 4.0,
            log_loss,
            ece,
            bands,
            high_confidence_n: high.len(),
            high_confidence_accuracy: ratio(
                high.iter().filter(|p| p.is_right()).count() as f64,
                high.len() as f64,
            ),
            near_misses_kept_out: ratio(m[3][3] as f64, m[3].iter().sum::<usize>() as f64),
            lead_recall: ratio(m[1][1] as f64, m[1].iter().sum::<usize>() as f64),
            analyst_vs_senior_f1: (analyst_f1 + senior_f1) / 2.0,
        }
    }

    /// How many predictions were measured.
    pub fn n(&self) -> usize {
        self.n
    }
    /// Counts by label (rows) and verdict (columns), in [`Label::index`] order.
    pub fn confusion(&self) -> &[[usize; 4]; 4] {
        &self.confusion
    }
    /// Precision of each verdict label.
    pub fn precision(&self) -> [f64; 4] {
        self.precision
    }
    /// Recall of each label.
    pub fn recall(&self) -> [f64; 4] {
        self.recall
    }
    /// F1 of each label.
    pub fn f1(&self) -> [f64; 4] {
        self.f1
    }
    /// The share of right verdicts, in `[0, 1]`.
    pub fn accuracy(&self) -> f64 {
        self.accuracy
    }
    /// The mean of the four labels' F1.
    pub fn macro_f1(&self) -> f64 {
        self.macro_f1
    }
    /// The mean negative natural log of the probability given to the label (clipped at
    /// [`LOG_LOSS_FLOOR`]); lower is better.
    pub fn log_loss(&self) -> f64 {
        self.log_loss
    }
    /// Expected calibration error over [`CONFIDENCE_BANDS`]: the band-size-weighted mean gap
    /// between a band's accuracy and its mean confidence, in `[0, 1]`.
    pub fn ece(&self) -> f64 {
        self.ece
    }
    /// Accuracy and mean confidence per band.
    pub fn bands(&self) -> &[Band] {
        &self.bands
    }
    /// Predictions with confidence at least [`HIGH_CONFIDENCE`].
    pub fn high_confidence_n(&self) -> usize {
        self.high_confidence_n
    }
    /// Their accuracy (0 when there are none).
    pub fn high_confidence_accuracy(&self) -> f64 {
        self.high_confidence_accuracy
    }
    /// The share of `Other` adverts given no verdict.
    pub fn near_misses_kept_out(&self) -> f64 {
        self.near_misses_kept_out
    }
    /// The share of `Lead` adverts given Lead.
    pub fn lead_recall(&self) -> f64 {
        self.lead_recall
    }
    /// Over adverts labelled with a role, the macro-F1 of analyst vs senior (lead or manager);
    /// no verdict is wrong for both classes.
    pub fn analyst_vs_senior_f1(&self) -> f64 {
        self.analyst_vs_senior_f1
    }
}
