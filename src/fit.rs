//! Fitting a profile's weights to labelled adverts (the `fit` feature).
//!
//! The scores are linear in the weights ([`Features`]), so the fit needs each advert's features
//! once and never its text again. It maximises the multinomial log-likelihood of the labels —
//! in both modes: the full scores against the advert's label and the duty scores against its
//! duties label — over each signal's weight, the none bias and the softmax temperature, minus an
//! L2 pull towards the starting values (the current profile's), so that a few labels move
//! little:
//!
//! ```text
//! maximise  Σ_adverts Σ_modes ln P(label)  −  l2 · ( Σ_s (w_s − w0_s)² + (b − b0)² + (ln T − ln T0)² )
//! P = softmax((S_analyst, S_lead, S_manager, b + non-PMO mass) / T),  S_role = max(0, Σ_s w_s · x_s)
//! ```
//!
//! The profile keeps its shape: every signal still feeds one role with one weight, held in
//! [`WEIGHT_RANGE`] by the reparametrisation `w = 10 · sigmoid(u)`, so every
//! piece of evidence still explains itself. The title claims (`title.claim.analyst`, …) are
//! signals like the others: their weights are the title's say per level. Adverts the PMO
//! membership gate stops carry no likelihood (no weight can change their verdict). The
//! optimiser is argmin's L-BFGS with a Moré–Thuente line search; the folds are dealt by a seeded
//! ChaCha8 generator, so a seed gives the same folds, the same fit and the same patch.
//!
//! [`cross_validate`] measures the starting weights against fitted ones on held-out folds, with
//! the L2 strength chosen inside each training part (nested), never on the whole set.
//!
//! ```
//! use pmo_advert::fit::{fit, FitOptions, LabelledAdvert, Weights};
//! use pmo_advert::metrics::Label;
//! use pmo_advert::{Advert, Analyser, Profile};
//!
//! let analyser = Analyser::builtin();
//! let duties = [
//!     ("You will take minutes and maintain the RAID log.", Label::Analyst),
//!     ("You will manage the PMO team and own the PMO budget.", Label::Manager),
//! ];
//! let mut data = Vec::new();
//! for (text, label) in duties {
//!     for n in 0..5 {
//!         let advert = format!("Join our PMO (team {n}). {text}");
//!         let features = analyser.features(&Advert::new(&advert));
//!         data.push(LabelledAdvert::new(format!("{label}-{n}"), features, label));
//!     }
//! }
//! let start = Weights::from_data(&data, analyser.settings());
//! let fitted = fit(&data, &start, analyser.settings(), &FitOptions::default())?;
//! // The patch merges over the profile the features came from.
//! let patch = Profile::from_toml_str(&fitted.to_patch_toml()).unwrap();
//! let patched = Analyser::build(&Profile::builtin().merge(patch)).unwrap();
//! assert_eq!(patched.settings().temperature, fitted.temperature());
//! # Ok::<(), pmo_advert::fit::FitError>(())
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

use argmin::core::{CostFunction, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::metrics::{Label, Metrics, Prediction};
use crate::{FeatureScores, Features, Settings, WEIGHT_RANGE};

/// The least number of adverts of each label present that [`fit`] and [`cross_validate`] take.
pub const MIN_PER_LABEL: usize = 5;

/// What fitting can refuse.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FitError {
    /// A label present in the data has too few adverts to fit or to cross-validate.
    #[error("only {count} advert(s) labelled {label}: fitting needs at least {least} of each label it fits")]
    TooFewAdverts {
        /// The label.
        label: Label,
        /// How many adverts carry it.
        count: usize,
        /// The least accepted ([`MIN_PER_LABEL`]).
        least: usize,
    },
    /// Fewer than two labels: nothing to tell apart.
    #[error("the labelled adverts carry {0} label(s): fitting needs at least two")]
    TooFewLabels(usize),
    /// Fewer than two folds, or more folds than adverts of the rarest label.
    #[error("{folds} folds: need at least 2 and at most the {rarest} adverts of the rarest label")]
    Folds {
        /// The folds asked for.
        folds: usize,
        /// Adverts of the rarest label.
        rarest: usize,
    },
    /// An option is out of range.
    #[error("{name} = {value}: {message}")]
    Option {
        /// The option.
        name: &'static str,
        /// Its value.
        value: f64,
        /// What is wrong.
        message: &'static str,
    },
    /// The optimiser failed.
    #[error("the optimiser failed")]
    Optimiser {
        /// argmin's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// One labelled advert's features: its label for the full verdict and its label for the
/// duties verdict (the same unless the title claims another level than the duties show).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelledAdvert {
    id: String,
    features: Features,
    label: Label,
    duties_label: Label,
}

impl LabelledAdvert {
    /// An advert labelled `label` in both modes; `id` names it in reports.
    pub fn new(id: impl Into<String>, features: Features, label: Label) -> Self {
        LabelledAdvert {
            id: id.into(),
            features,
            label,
            duties_label: label,
        }
    }
    /// Sets the label the duties alone should give (a title claiming Manager over Analyst
    /// duties: full label Manager, duties label Analyst).
    pub fn with_duties_label(mut self, label: Label) -> Self {
        self.duties_label = label;
        self
    }
    /// The advert's id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Its features.
    pub fn features(&self) -> &Features {
        &self.features
    }
    /// Its label for the full verdict.
    pub fn label(&self) -> Label {
        self.label
    }
    /// Its label for the duties verdict.
    pub fn duties_label(&self) -> Label {
        self.duties_label
    }
}

/// The numbers a fit moves: signal weights by id, the none bias and the temperature.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    signals: BTreeMap<String, f64>,
    none_bias: f64,
    temperature: f64,
}

impl Weights {
    /// The weights the features were computed with (each signal seen in `data`) and the none
    /// bias and temperature of `settings`: the hand-set starting point of a fit.
    pub fn from_data(data: &[LabelledAdvert], settings: &Settings) -> Weights {
        let mut signals = BTreeMap::new();
        for a in data {
            for f in a.features.signals() {
                signals.entry(f.signal().to_string()).or_insert(f.weight());
            }
        }
        Weights {
            signals,
            none_bias: settings.none_bias,
            temperature: settings.temperature,
        }
    }
    /// Each signal's weight, by id.
    pub fn signals(&self) -> &BTreeMap<String, f64> {
        &self.signals
    }
    /// The none bias ([`Settings::none_bias`]).
    pub fn none_bias(&self) -> f64 {
        self.none_bias
    }
    /// The softmax temperature ([`Settings::temperature`]).
    pub fn temperature(&self) -> f64 {
        self.temperature
    }
    /// `settings` with this none bias and temperature.
    pub fn settings(&self, settings: &Settings) -> Settings {
        Settings {
            none_bias: self.none_bias,
            temperature: self.temperature,
            ..settings.clone()
        }
    }
    /// An advert's scores under these weights (a signal not held here keeps the weight its
    /// features carry).
    pub fn scores(&self, features: &Features) -> FeatureScores {
        features.scores(|f| self.signals.get(f.signal()).copied().unwrap_or(f.weight()))
    }
    /// The prediction these weights make for a labelled advert, in the full mode or the duties
    /// mode, under `settings` (with this none bias and temperature): exactly what an analyser
    /// built with [`to_patch_toml`](Weights::to_patch_toml) merged over the profile reports.
    pub fn predict(
        &self,
        advert: &LabelledAdvert,
        settings: &Settings,
        duties: bool,
    ) -> Prediction {
        let st = self.settings(settings);
        let scores = self.scores(&advert.features);
        let membership = advert.features.membership();
        let (mode_scores, truth) = if duties {
            (scores.duties, advert.duties_label)
        } else {
            (scores.full, advert.label)
        };
        let (verdict, share) = st.decide(&mode_scores, membership, scores.non_pmo);
        let probabilities = st.probabilities(&mode_scores, membership, scores.non_pmo);
        Prediction::from_verdict(truth, verdict.map(|v| v.role()), share, probabilities)
    }
    /// The profile patch holding these numbers: `[settings]` with `none_bias` and
    /// `temperature`, and a `[weights]` table; merge it over the profile the features came from
    /// ([`Profile::merge`](crate::Profile::merge)).
    pub fn to_patch_toml(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "[settings]");
        let _ = writeln!(out, "none_bias = {}", self.none_bias);
        let _ = writeln!(out, "temperature = {}", self.temperature);
        let _ = writeln!(out, "\n[weights]");
        for (id, w) in &self.signals {
            let _ = writeln!(out, "{id:?} = {w}");
        }
        out
    }
    /// The signals whose weights differ most between `self` and `other`, largest change first:
    /// `(id, other's weight, self's weight)`.
    pub fn moved_from(&self, other: &Weights) -> Vec<(String, f64, f64)> {
        let mut moved: Vec<(String, f64, f64)> = self
            .signals
            .iter()
            .map(|(id, &w)| (id.clone(), other.signals.get(id).copied().unwrap_or(w), w))
            .collect();
        moved.sort_by(|a, b| {
            (b.2 - b.1)
                .abs()
                .total_cmp(&(a.2 - a.1).abs())
                .then(a.0.cmp(&b.0))
        });
        moved
    }
}

/// How to fit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitOptions {
    /// The L2 pull towards the starting values, ≥ 0 (see the module documentation).
    pub l2: f64,
    /// The most L-BFGS iterations.
    pub max_iters: u64,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            l2: 1.0,
            max_iters: 500,
        }
    }
}

/// Numbers are written to the patch rounded to this many decimals (and the fit's predictions
/// use the rounded numbers, so the patch gives exactly the scores predicted).
const DECIMALS: i32 = 4;

fn round(v: f64) -> f64 {
    let k = 10f64.powi(DECIMALS);
    (v * k).round() / k
}

fn sigmoid(u: f64) -> f64 {
    1.0 / (1.0 + (-u).exp())
}

/// The weight range's top: `w = TOP · sigmoid(u)`.
const TOP: f64 = *WEIGHT_RANGE.end();

fn to_u(w: f64) -> f64 {
    let p = (w / TOP).clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

fn softplus(v: f64) -> f64 {
    if v > 30.0 {
        v
    } else {
        v.exp().ln_1p()
    }
}

fn softplus_inverse(b: f64) -> f64 {
    let b = b.max(1e-6);
    if b > 30.0 {
        b
    } else {
        b.exp_m1().ln()
    }
}

/// One advert in one mode, as the optimiser sees it.
struct Row {
    label: usize,
    /// (parameter, class 0..3 where 3 is "none", coefficient)
    entries: Vec<(usize, usize, f64)>,
}

struct Problem {
    rows: Vec<Row>,
    ids: Vec<String>,
    start: Vec<f64>,
    none_bias: f64,
    ln_temperature: f64,
    l2: f64,
}

impl Problem {
    fn new(data: &[LabelledAdvert], start: &Weights, settings: &Settings, l2: f64) -> Problem {
        let ids: Vec<String> = start.signals.keys().cloned().collect();
        let index: BTreeMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        let mut rows = Vec::new();
        for a in data {
            // The membership gate: no weight moves these verdicts.
            if a.features.membership() < settings.min_membership {
                continue;
            }
            for duties in [false, true] {
                let entries = a
                    .features
                    .signals()
                    .iter()
                    .filter_map(|f| {
                        let coef = if duties { f.duties() } else { f.full() };
                        let &p = index.get(f.signal())?;
                        let class = f.role().map_or(3, |r| r.index());
                        (coef != 0.0 || class == 3).then_some((p, class, coef))
                    })
                    .collect();
                let label = if duties { a.duties_label } else { a.label };
                rows.push(Row {
                    label: label.index(),
                    entries,
                });
            }
        }
        Problem {
            rows,
            start: ids.iter().map(|id| start.signals[id]).collect(),
            ids,
            none_bias: start.none_bias,
            ln_temperature: start.temperature.ln(),
            l2,
        }
    }

    fn initial(&self) -> Vec<f64> {
        let mut theta: Vec<f64> = self.start.iter().map(|&w| to_u(w)).collect();
        theta.push(softplus_inverse(self.none_bias));
        theta.push(self.ln_temperature);
        theta
    }

    fn weights(&self, theta: &[f64]) -> Weights {
        let n = self.ids.len();
        Weights {
            signals: self
                .ids
                .iter()
                .zip(theta)
                .map(|(id, &u)| (id.clone(), round(TOP * sigmoid(u))))
                .collect(),
            none_bias: round(softplus(theta[n])),
            temperature: round(theta[n + 1].exp()).max(0.01),
        }
    }

    /// The penalised negative log-likelihood and its gradient.
    fn evaluate(&self, theta: &[f64]) -> (f64, Vec<f64>) {
        let n = self.ids.len();
        let w: Vec<f64> = theta[..n].iter().map(|&u| TOP * sigmoid(u)).collect();
        let b = softplus(theta[n]);
        let tau = theta[n + 1];
        let inv_t = (-tau).exp();
        let mut cost = 0.0;
        let mut grad_w = vec![0.0; n];
        let mut grad_b = 0.0;
        let mut grad_tau = 0.0;
        for row in &self.rows {
            let mut s = [0.0, 0.0, 0.0, b];
            for &(p, class, coef) in &row.entries {
                s[class] += w[p] * coef;
            }
            let active = [s[0] > 0.0, s[1] > 0.0, s[2] > 0.0, true];
            for v in &mut s[..3] {
                *v = v.max(0.0);
            }
            let z = s.map(|v| v * inv_t);
            let top = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let e = z.map(|v| (v - top).exp());
            let sum: f64 = e.iter().sum();
            cost += top + sum.ln() - z[row.label];
            let mut g = e.map(|v| v / sum);
            g[row.label] -= 1.0;
            for c in 0..4 {
                grad_tau -= g[c] * z[c];
            }
            let gs = g.map(|v| v * inv_t);
            grad_b += gs[3];
            for &(p, class, coef) in &row.entries {
                if active[class] {
                    grad_w[p] += gs[class] * coef;
                }
            }
        }
        let mut grad = Vec::with_capacity(n + 2);
        for p in 0..n {
            let d = w[p] - self.start[p];
            cost += self.l2 * d * d;
            let dw_du = w[p] * (1.0 - w[p] / TOP);
            grad.push((grad_w[p] + 2.0 * self.l2 * d) * dw_du);
        }
        let db = b - self.none_bias;
        cost += self.l2 * db * db;
        grad.push((grad_b + 2.0 * self.l2 * db) * sigmoid(theta[n]));
        let dt = tau - self.ln_temperature;
        cost += self.l2 * dt * dt;
        grad.push(grad_tau + 2.0 * self.l2 * dt);
        (cost, grad)
    }
}

impl CostFunction for Problem {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, theta: &Vec<f64>) -> Result<f64, argmin::core::Error> {
        Ok(self.evaluate(theta).0)
    }
}

impl Gradient for Problem {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, theta: &Vec<f64>) -> Result<Vec<f64>, argmin::core::Error> {
        Ok(self.evaluate(theta).1)
    }
}

fn label_counts(data: &[LabelledAdvert]) -> [usize; 4] {
    let mut counts = [0usize; 4];
    for a in data {
        counts[a.label.index()] += 1;
    }
    counts
}

/// Checks that every label present has at least [`MIN_PER_LABEL`] adverts and that at least
/// two labels are present.
pub fn check_labels(data: &[LabelledAdvert]) -> Result<(), FitError> {
    let counts = label_counts(data);
    for (k, &count) in counts.iter().enumerate() {
        if count > 0 && count < MIN_PER_LABEL {
            return Err(FitError::TooFewAdverts {
                label: Label::ALL[k],
                count,
                least: MIN_PER_LABEL,
            });
        }
    }
    let present = counts.iter().filter(|&&c| c > 0).count();
    if present < 2 {
        return Err(FitError::TooFewLabels(present));
    }
    Ok(())
}

/// Fits the weights to `data`, starting from and pulled towards `start`; `settings` are the
/// analyser's (for the membership gate). Deterministic: the same data and options give the
/// same weights. The result holds every signal of `start`, rounded to four decimals.
///
/// Errors: [`FitError::TooFewAdverts`] / [`FitError::TooFewLabels`] (see [`check_labels`]),
/// [`FitError::Option`] for a negative or non-finite `l2`, [`FitError::Optimiser`].
pub fn fit(
    data: &[LabelledAdvert],
    start: &Weights,
    settings: &Settings,
    options: &FitOptions,
) -> Result<Weights, FitError> {
    check_labels(data)?;
    fit_unchecked(data, start, settings, options)
}

fn fit_unchecked(
    data: &[LabelledAdvert],
    start: &Weights,
    settings: &Settings,
    options: &FitOptions,
) -> Result<Weights, FitError> {
    if !(options.l2.is_finite() && options.l2 >= 0.0) {
        return Err(FitError::Option {
            name: "l2",
            value: options.l2,
            message: "must be finite and at least 0",
        });
    }
    let problem = Problem::new(data, start, settings, options.l2);
    let init = problem.initial();
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_cost(1e-10)
        .map_err(optimiser)?;
    let result = Executor::new(problem, solver)
        .configure(|s| s.param(init).max_iters(options.max_iters))
        .timer(false)
        .run()
        .map_err(optimiser)?;
    let best = result
        .state()
        .get_best_param()
        .cloned()
        .ok_or_else(|| optimiser(argmin::core::Error::msg("no parameters")))?;
    Ok(result
        .problem
        .problem
        .as_ref()
        .map_or_else(|| start.clone(), |p| p.weights(&best)))
}

fn optimiser(e: argmin::core::Error) -> FitError {
    FitError::Optimiser { source: e.into() }
}

/// Deals the adverts into `folds` folds, label by label (stratified), in an order shuffled by
/// `seed`; returns each advert's fold.
pub fn assign_folds(data: &[LabelledAdvert], folds: usize, seed: u64) -> Vec<usize> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut fold_of = vec![0; data.len()];
    let mut next = 0;
    for label in Label::ALL {
        let mut members: Vec<usize> = (0..data.len())
            .filter(|&i| data[i].label == label)
            .collect();
        members.shuffle(&mut rng);
        for i in members {
            fold_of[i] = next % folds.max(1);
            next += 1;
        }
    }
    fold_of
}

/// The L2 strengths [`cross_validate`] and [`choose_l2`] choose from.
pub const L2_GRID: [f64; 7] = [0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0];

/// Held-out predictions in data order, full and duties, and the L2 strength of each fold.
struct HeldOut {
    full: Vec<Prediction>,
    duties: Vec<Prediction>,
    l2: Vec<f64>,
}

/// Held-out predictions of a fit with `l2` over `folds` folds: each fold predicted by weights
/// fitted on the others.
fn held_out(
    data: &[LabelledAdvert],
    start: &Weights,
    settings: &Settings,
    fold_of: &[usize],
    folds: usize,
    l2: L2,
    options: &FitOptions,
) -> Result<HeldOut, FitError> {
    let mut full = vec![None; data.len()];
    let mut duties = vec![None; data.len()];
    let mut chosen = Vec::new();
    for k in 0..folds {
        let train: Vec<LabelledAdvert> = data
            .iter()
            .zip(fold_of)
            .filter(|&(_, &f)| f != k)
            .map(|(a, _)| a.clone())
            .collect();
        let l2 = match l2 {
            L2::Fixed(v) => v,
            L2::Choose { seed } => choose_l2(&train, start, settings, folds, seed, options)?,
        };
        chosen.push(l2);
        let weights = fit_unchecked(&train, start, settings, &FitOptions { l2, ..*options })?;
        for (i, a) in data.iter().enumerate() {
            if fold_of[i] == k {
                full[i] = Some(weights.predict(a, settings, false));
                duties[i] = Some(weights.predict(a, settings, true));
            }
        }
    }
    let unwrap = |v: Vec<Option<Prediction>>| v.into_iter().flatten().collect();
    Ok(HeldOut {
        full: unwrap(full),
        duties: unwrap(duties),
        l2: chosen,
    })
}

#[derive(Clone, Copy)]
enum L2 {
    Fixed(f64),
    Choose { seed: u64 },
}

/// Chooses the L2 strength from [`L2_GRID`] by `folds`-fold cross-validation on `data` alone:
/// the strength whose held-out log-loss, summed over both modes, is least (ties: the stronger
/// pull).
pub fn choose_l2(
    data: &[LabelledAdvert],
    start: &Weights,
    settings: &Settings,
    folds: usize,
    seed: u64,
    options: &FitOptions,
) -> Result<f64, FitError> {
    let fold_of = assign_folds(data, folds, seed);
    let mut best = (f64::INFINITY, L2_GRID[0]);
    for &l2 in L2_GRID.iter().rev() {
        let h = held_out(
            data,
            start,
            settings,
            &fold_of,
            folds,
            L2::Fixed(l2),
            options,
        )?;
        let loss = Metrics::of(&h.full).log_loss() + Metrics::of(&h.duties).log_loss();
        if loss < best.0 - 1e-12 {
            best = (loss, l2);
        }
    }
    Ok(best.1)
}

/// The measures of one set of weights in both modes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModeMetrics {
    full: Metrics,
    duties: Metrics,
}

impl ModeMetrics {
    /// The full verdicts against the labels.
    pub fn full(&self) -> &Metrics {
        &self.full
    }
    /// The duties verdicts against the duties labels.
    pub fn duties(&self) -> &Metrics {
        &self.duties
    }
}

/// What [`cross_validate`] found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CrossValidation {
    folds: usize,
    seed: u64,
    start: ModeMetrics,
    fitted: ModeMetrics,
    l2: Vec<f64>,
}

impl CrossValidation {
    /// How many folds the adverts were dealt into (at least 2).
    pub fn folds(&self) -> usize {
        self.folds
    }
    /// The seed that dealt them.
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// The starting (hand-set) weights on every advert (they were not fitted to any fold).
    pub fn start(&self) -> &ModeMetrics {
        &self.start
    }
    /// The fitted weights, each fold predicted by a fit on the other folds.
    pub fn fitted(&self) -> &ModeMetrics {
        &self.fitted
    }
    /// The L2 strength (≥ 0) each fold's fit used, one per fold in fold order (chosen by inner
    /// cross-validation unless fixed).
    pub fn l2(&self) -> &[f64] {
        &self.l2
    }
}

/// `folds`-fold cross-validation of `start` against weights fitted from it: every advert is
/// predicted by a fit that did not see it, its L2 strength given (`l2`) or chosen by an inner
/// cross-validation of the training part alone ([`choose_l2`]). Stratified, seeded folds
/// ([`assign_folds`]).
///
/// Errors: as [`fit`], and [`FitError::Folds`] when `folds` is under 2 or over the count of the
/// rarest label.
pub fn cross_validate(
    data: &[LabelledAdvert],
    start: &Weights,
    settings: &Settings,
    folds: usize,
    seed: u64,
    l2: Option<f64>,
    options: &FitOptions,
) -> Result<CrossValidation, FitError> {
    check_labels(data)?;
    let rarest = label_counts(data)
        .into_iter()
        .filter(|&c| c > 0)
        .min()
        .unwrap_or(0);
    if folds < 2 || folds > rarest {
        return Err(FitError::Folds { folds, rarest });
    }
    let fold_of = assign_folds(data, folds, seed);
    let strength = match l2 {
        Some(v) => L2::Fixed(v),
        None => L2::Choose {
            seed: seed.wrapping_add(1),
        },
    };
    let h = held_out(data, start, settings, &fold_of, folds, strength, options)?;
    let start_full: Vec<Prediction> = data
        .iter()
        .map(|a| start.predict(a, settings, false))
        .collect();
    let start_duties: Vec<Prediction> = data
        .iter()
        .map(|a| start.predict(a, settings, true))
        .collect();
    Ok(CrossValidation {
        folds,
        seed,
        start: ModeMetrics {
            full: Metrics::of(&start_full),
            duties: Metrics::of(&start_duties),
        },
        fitted: ModeMetrics {
            full: Metrics::of(&h.full),
            duties: Metrics::of(&h.duties),
        },
        l2: h.l2,
    })
}
