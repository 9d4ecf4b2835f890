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
//! Two modes are scored: `full` (title and text, as a tool holds the advert) and `duties` (every
//! title signal ignored, so only what the job is counts). For each: a confusion matrix (rows truth,
//! columns verdict), per-label precision, recall and F1, accuracy and macro-F1 over the four labels
//! (`other` is right when the verdict is none), accuracy by confidence band, and the expected
//! calibration error. `ambiguous` lines are shown as a distribution of verdicts. Misclassified
//! adverts are listed with their strongest evidence. With `--json`, the last line of stdout is one
//! JSON object: `{"n", "full": {"accuracy", "macro_f1", "ece"}, "duties": {…}}`. `--scores`
//! prints every advert's scores first, for tuning a profile.

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
    Summary {
        accuracy,
        macro_f1,
        ece,
        high_conf_accuracy: high_acc,
        high_conf_n: high.len(),
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

    let mut full = Vec::new();
    let mut duties = Vec::new();
    let mut ambiguous = [[0usize; 4]; 2];
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
        let (g_full, c_full) = predict(&report, false);
        let (g_duty, c_duty) = predict(&report, true);
        if line.label == "ambiguous" {
            ambiguous[0][g_full] += 1;
            ambiguous[1][g_duty] += 1;
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
        full.push(Pred {
            truth,
            guess: g_full,
            confidence: c_full,
        });
        duties.push(Pred {
            truth,
            guess: g_duty,
            confidence: c_duty,
        });
        for (mode, guess, conf, is_duties) in [
            ("full", g_full, c_full, false),
            ("duties", g_duty, c_duty, true),
        ] {
            if guess != truth {
                errors.push(format!(
                    "  [{mode}] {id} {:?}: truth {} verdict {} ({:.2}); {}",
                    line.title.as_deref().unwrap_or(""),
                    NAMES[truth],
                    if guess == 3 { "none" } else { NAMES[guess] },
                    conf,
                    top_evidence(&report, is_duties, 4)
                ));
            }
        }
    }
    say!(o, "{file}: {n} labelled adverts scored");
    let f = summarise(o, "full", &full);
    let d = summarise(o, "duties", &duties);
    let amb_total: usize = ambiguous[0].iter().sum();
    if amb_total > 0 {
        say!(
            o,
            "\nambiguous ({amb_total}, not scored): verdicts analyst/lead/manager/none"
        );
        say!(o, "  full   {:?}", ambiguous[0]);
        say!(o, "  duties {:?}", ambiguous[1]);
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
        let summary = serde_json::json!({
            "n": n,
            "full": {"accuracy": f.accuracy, "macro_f1": f.macro_f1, "ece": f.ece,
                     "high_confidence_accuracy": f.high_conf_accuracy, "high_confidence_n": f.high_conf_n},
            "duties": {"accuracy": d.accuracy, "macro_f1": d.macro_f1, "ece": d.ece,
                       "high_confidence_accuracy": d.high_conf_accuracy, "high_confidence_n": d.high_conf_n},
        });
        say!(o, "{summary}");
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut out = String::new();
    let result = run(&mut out);
    support::finish("evaluate", &out, result)
}
