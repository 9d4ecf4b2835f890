//! Measures the analyser against labelled adverts.
//!
//! ```text
//! cargo run --release --example evaluate -- FILE.jsonl [--json] [--profile FILE] [--errors N]
//! ```
//!
//! Each line of FILE.jsonl is a JSON object with `label` (analyst | lead | manager | other |
//! ambiguous), `title` and `text`; `id` is shown when present, other fields are ignored. A line
//! that does not parse is reported with its line number and skipped.
//!
//! Three modes are scored: `full` (title and text, as a tool holds the advert), `duties` (every
//! title signal ignored, so only what the job is counts) and `pasted` (no separate title: the
//! advert is the title, a line break and the text, given as one text, as users paste adverts).
//! For each: a confusion matrix (rows truth, columns verdict), per-label precision, recall and F1,
//! accuracy and macro-F1 over the four labels (`other` is right when the verdict is none),
//! accuracy by confidence band, the expected calibration error, and three figures:
//!
//! - **near misses kept out**: the share of `other` adverts that get no verdict;
//! - **Lead recall**: the share of `lead` adverts whose verdict is Lead;
//! - **analyst-vs-senior F1**: among adverts labelled analyst, lead or manager, the binary task
//!   analyst vs senior (lead or manager). A verdict of Analyst counts as analyst, Lead or Manager
//!   as senior, and no verdict as wrong for both classes; the figure is the macro-F1 of the two
//!   classes (the mean of their F1s).
//!
//! `ambiguous` lines are shown as a distribution of verdicts. Misclassified adverts are listed
//! with their strongest evidence. With `--json`, the last line of stdout is one JSON object:
//! `{"n", "full": {"accuracy", "macro_f1", "ece", "high_confidence_accuracy",
//! "high_confidence_n", "near_misses_kept_out", "lead_recall", "analyst_vs_senior_f1"},
//! "duties": {…}, "pasted": {…}}`. `--scores` prints every advert's scores first, for tuning a
//! profile.

#[macro_use]
mod support;

use std::process::ExitCode;

use pmo_advert::{Advert, Analyser, Profile, Report, Role};
use serde::Deserialize;

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    id: Option<String>,
    label: String,
    #[serde(default)]
    title: Option<String>,
    text: String,
}

/// Labels and verdict columns: 0..3 are the roles, 3 is other/none.
const NAMES: [&str; 4] = ["analyst", "lead", "manager", "other"];
/// The scored modes, in output order.
const MODES: [&str; 3] = ["full", "duties", "pasted"];
const BANDS: [(f64, f64); 6] = [
    (0.0, 0.5),
    (0.5, 0.6),
    (0.6, 0.7),
    (0.7, 0.8),
    (0.8, 0.9),
    (0.9, 1.0001),
];

fn label_index(label: &str) -> Option<usize> {
    NAMES.iter().position(|n| *n == label)
}

fn verdict_index(role: Option<Role>) -> usize {
    role.map_or(3, |r| r.index())
}

/// One scored prediction: truth, verdict, and the confidence in that verdict.
#[derive(Clone, Copy)]
struct Pred {
    truth: usize,
    guess: usize,
    confidence: f64,
}

/// The prediction of one mode. A `None` verdict's confidence is one minus the leading role's
/// share: a report with little role evidence is a confident "not a PMO role".
fn predict(report: &Report, duties: bool) -> (usize, f64) {
    let (verdict, share) = if duties {
        (report.duties_verdict(), report.duties_share())
    } else {
        (report.verdict(), report.share())
    };
    match verdict {
        Some(v) => (verdict_index(Some(v.role())), v.confidence()),
        None => (3, 1.0 - share),
    }
}

struct Summary {
    accuracy: f64,
    macro_f1: f64,
    ece: f64,
    high_conf_accuracy: f64,
    high_conf_n: usize,
    near_misses_kept_out: f64,
    lead_recall: f64,
    analyst_vs_senior_f1: f64,
}

impl Summary {
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "ece": self.ece,
            "high_confidence_accuracy": self.high_conf_accuracy,
            "high_confidence_n": self.high_conf_n,
            "near_misses_kept_out": self.near_misses_kept_out,
            "lead_recall": self.lead_recall,
            "analyst_vs_senior_f1": self.analyst_vs_senior_f1,
        })
    }
}

/// `num / den`, or 0 when `den` is 0.
fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// F1 from true positives, predicted positives and actual positives.
fn f1(tp: usize, predicted: usize, actual: usize) -> f64 {
    let (p, r) = (ratio(tp, predicted), ratio(tp, actual));
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Macro-F1 of analyst vs senior (lead or manager) over adverts labelled with a role, from the
/// confusion matrix: no verdict counts as wrong for both classes.
fn analyst_vs_senior_f1(m: &[[usize; 4]; 4]) -> f64 {
    const SENIOR: [usize; 2] = [1, 2];
    let analyst_tp = m[0][0];
    let analyst_predicted = m[0][0] + SENIOR.iter().map(|&t| m[t][0]).sum::<usize>();
    let analyst_actual: usize = m[0].iter().sum();
    let senior_tp: usize = SENIOR.iter().map(|&t| m[t][1] + m[t][2]).sum();
    let senior_predicted: usize = [0, 1, 2].iter().map(|&t| m[t][1] + m[t][2]).sum();
    let senior_actual: usize = SENIOR.iter().map(|&t| m[t].iter().sum::<usize>()).sum();
    (f1(analyst_tp, analyst_predicted, analyst_actual)
        + f1(senior_tp, senior_predicted, senior_actual))
        / 2.0
}

fn summarise(o: &mut String, name: &str, preds: &[Pred]) -> Summary {
    let mut m = [[0usize; 4]; 4];
    for p in preds {
        m[p.truth][p.guess] += 1;
    }
    say!(o, "\n== mode {name}: {} adverts", preds.len());
    say!(o, "confusion (rows truth, columns verdict):");
    say!(
        o,
        "{:>10} {:>8} {:>8} {:>8} {:>8}",
        "",
        "analyst",
        "lead",
        "manager",
        "none"
    );
    for (t, row) in m.iter().enumerate() {
        say!(
            o,
            "{:>10} {:>8} {:>8} {:>8} {:>8}",
            NAMES[t],
            row[0],
            row[1],
            row[2],
            row[3]
        );
    }
    say!(
        o,
        "{:>10} {:>9} {:>9} {:>9} {:>7}",
        "label",
        "precision",
        "recall",
        "f1",
        "n"
    );
    let mut f1_sum = 0.0;
    for k in 0..4 {
        let tp = m[k][k] as f64;
        let predicted: usize = (0..4).map(|t| m[t][k]).sum();
        let actual: usize = m[k].iter().sum();
        let p = if predicted > 0 {
            tp / predicted as f64
        } else {
            0.0
        };
        let r = if actual > 0 { tp / actual as f64 } else { 0.0 };
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        f1_sum += f1;
        say!(
            o,
            "{:>10} {:>9.3} {:>9.3} {:>9.3} {:>7}",
            NAMES[k],
            p,
            r,
            f1,
            actual
        );
    }
    let correct = preds.iter().filter(|p| p.truth == p.guess).count();
    let accuracy = if preds.is_empty() {
        0.0
    } else {
        correct as f64 / preds.len() as f64
    };
    let macro_f1 = f1_sum / 4.0;
    say!(o, "accuracy {accuracy:.3}  macro-F1 {macro_f1:.3}");
    say!(o, "by confidence band:");
    let mut ece = 0.0;
    for (lo, hi) in BANDS {
        let band: Vec<&Pred> = preds
            .iter()
            .filter(|p| p.confidence >= lo && p.confidence < hi)
            .collect();
        if band.is_empty() {
            say!(o, "  [{lo:.1}, {:.1}) n=0", hi.min(1.0));
            continue;
        }
        let acc = band.iter().filter(|p| p.truth == p.guess).count() as f64 / band.len() as f64;
        let conf = band.iter().map(|p| p.confidence).sum::<f64>() / band.len() as f64;
        ece += band.len() as f64 / preds.len() as f64 * (acc - conf).abs();
        say!(
            o,
            "  [{lo:.1}, {:.1}) n={:<3} accuracy {acc:.3}  mean confidence {conf:.3}",
            hi.min(1.0),
            band.len()
        );
    }
    let high: Vec<&Pred> = preds.iter().filter(|p| p.confidence >= 0.8).collect();
    let high_acc = if high.is_empty() {
        0.0
    } else {
        high.iter().filter(|p| p.truth == p.guess).count() as f64 / high.len() as f64
    };
    say!(
        o,
        "ECE {ece:.3}; confidence >= 0.8: {} adverts, accuracy {high_acc:.3}",
        high.len()
    );
    let near_misses_kept_out = ratio(m[3][3], m[3].iter().sum());
    let lead_recall = ratio(m[1][1], m[1].iter().sum());
    let senior_f1 = analyst_vs_senior_f1(&m);
    say!(
        o,
        "near misses kept out {near_misses_kept_out:.3} (other adverts with no verdict)  Lead recall {lead_recall:.3}"
    );
    say!(
        o,
        "analyst-vs-senior F1 {senior_f1:.3} (macro-F1 of analyst vs lead or manager, no verdict wrong for both)"
    );
    Summary {
        accuracy,
        macro_f1,
        ece,
        high_conf_accuracy: high_acc,
        high_conf_n: high.len(),
        near_misses_kept_out,
        lead_recall,
        analyst_vs_senior_f1: senior_f1,
    }
}

fn top_evidence(report: &Report, duties: bool, n: usize) -> String {
    let mut ev: Vec<_> = report
        .evidence()
        .iter()
        .filter(|e| e.role().is_some() || e.kind() == pmo_advert::SignalKind::NonPmo)
        .filter(|e| !(duties && e.kind() == pmo_advert::SignalKind::Title))
        .collect();
    ev.sort_by(|a, b| b.weight().abs().total_cmp(&a.weight().abs()));
    ev.iter()
        .take(n)
        .map(|e| {
            let who = e.role().map_or("non-pmo", |r| r.as_str());
            format!("{who}:{}={:?}({:+.1})", e.signal(), e.text(), e.weight())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn run(o: &mut String) -> Result<(), String> {
    let mut json = false;
    let mut file = None;
    let mut profile_path = None;
    let mut max_errors = 40usize;
    let mut show_scores = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--json" => json = true,
            "--scores" => show_scores = true,
            "--profile" => profile_path = Some(args.next().ok_or("--profile needs a file")?),
            "--errors" => {
                max_errors = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--errors needs a number")?
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ => file = Some(a),
        }
    }
    let file = file.ok_or("usage: evaluate FILE.jsonl [--json] [--profile FILE] [--errors N]")?;
    let profile = match profile_path {
        Some(p) => Profile::builtin().merge(Profile::from_path(&p).map_err(|e| e.to_string())?),
        None => Profile::builtin(),
    };
    let analyser = Analyser::build(&profile).map_err(|e| e.to_string())?;
    let bytes = std::fs::read(&file).map_err(|e| format!("{file}: {e}"))?;
    let text = String::from_utf8_lossy(&bytes);

    let mut preds: [Vec<Pred>; 3] = Default::default();
    let mut ambiguous = [[0usize; 4]; 3];
    let mut errors = Vec::new();
    let mut n = 0;
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let line: Line = match serde_json::from_str(raw) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("evaluate: {file}:{}: skipped: {e}", i + 1);
                continue;
            }
        };
        let mut advert = Advert::new(&line.text);
        if let Some(t) = line.title.as_deref() {
            advert = advert.title(t);
        }
        let report = analyser.analyse(&advert);
        let id = line.id.clone().unwrap_or_else(|| format!("line {}", i + 1));
        if show_scores {
            let (f, d) = (report.scores(), report.duties_only());
            say!(o,
                "{id:>8} {:<9} full {:6.2} {:6.2} {:6.2}  duties {:6.2} {:6.2} {:6.2}  context {:5.2} non-pmo {:5.2}",
                line.label, f.analyst, f.lead, f.manager, d.analyst, d.lead, d.manager,
                report.pmo_context(), report.non_pmo()
            );
        }
        // As users paste adverts: the title as the first line of one text.
        let pasted_text = match line.title.as_deref() {
            Some(t) => format!("{t}\n{}", line.text),
            None => line.text.clone(),
        };
        let pasted = analyser.analyse(&Advert::new(&pasted_text));
        let guesses = [
            predict(&report, false),
            predict(&report, true),
            predict(&pasted, false),
        ];
        if line.label == "ambiguous" {
            for (row, (g, _)) in ambiguous.iter_mut().zip(guesses) {
                row[g] += 1;
            }
            continue;
        }
        let Some(truth) = label_index(&line.label) else {
            eprintln!(
                "evaluate: {file}:{}: skipped: unknown label {:?}",
                i + 1,
                line.label
            );
            continue;
        };
        n += 1;
        for (k, &(guess, confidence)) in guesses.iter().enumerate() {
            preds[k].push(Pred {
                truth,
                guess,
                confidence,
            });
        }
        for (k, (guess, conf)) in guesses.into_iter().enumerate() {
            let (mode, is_duties) = (MODES[k], k == 1);
            let report = if k == 2 { &pasted } else { &report };
            if guess != truth {
                errors.push(format!(
                    "  [{mode}] {id} {:?}: truth {} verdict {} ({:.2}); {}",
                    line.title.as_deref().unwrap_or(""),
                    NAMES[truth],
                    if guess == 3 { "none" } else { NAMES[guess] },
                    conf,
                    top_evidence(report, is_duties, 4)
                ));
            }
        }
    }
    if n == 0 {
        return Err(format!(
            "{file}: no labelled advert to score (labels: analyst, lead, manager, other)"
        ));
    }
    say!(o, "{file}: {n} labelled adverts scored");
    let summaries: Vec<Summary> = MODES
        .iter()
        .zip(&preds)
        .map(|(mode, p)| summarise(o, mode, p))
        .collect();
    let amb_total: usize = ambiguous[0].iter().sum();
    if amb_total > 0 {
        say!(
            o,
            "\nambiguous ({amb_total}, not scored): verdicts analyst/lead/manager/none"
        );
        for (mode, row) in MODES.iter().zip(&ambiguous) {
            say!(o, "  {mode:<6} {row:?}");
        }
    }
    say!(o, "\nmisclassified ({}):", errors.len());
    for e in errors.iter().take(max_errors) {
        say!(o, "{e}");
    }
    if errors.len() > max_errors {
        say!(
            o,
            "  … {} more (--errors N shows more)",
            errors.len() - max_errors
        );
    }
    if json {
        let mut summary = serde_json::json!({ "n": n });
        for (mode, s) in MODES.iter().zip(&summaries) {
            summary[*mode] = s.to_json();
        }
        say!(o, "{summary}");
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut out = String::new();
    let result = run(&mut out);
    support::finish("evaluate", &out, result)
}
