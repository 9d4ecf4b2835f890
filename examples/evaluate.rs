//! Measures the analyser against labelled adverts.
//!
//! ```text
//! cargo run --release --example evaluate -- FILE.jsonl [--json] [--profile FILE] [--errors N]
//! ```
//!
//! Each line of FILE.jsonl is a JSON object with `label` (analyst | lead | manager | other |
//! ambiguous), `title` and `text` (or `html`, an HTML page whose visible text is the body);
//! `id` is shown when present, other fields are ignored. A line that does not parse is reported
//! with its line number and skipped.
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
//! `{"n", "full": {…}, "duties": {…}, "pasted": {…}}`, each mode the library's
//! `metrics::Metrics` serialised ("accuracy", "macro_f1", "log_loss", "ece",
//! "high_confidence_accuracy", "high_confidence_n", "near_misses_kept_out", "lead_recall",
//! "analyst_vs_senior_f1", the confusion matrix, per-label figures and bands). `--scores` prints every advert's scores first, for tuning a
//! profile.

#[macro_use]
mod support;
#[path = "support/labelled.rs"]
mod labelled;

use std::process::ExitCode;

use labelled::{band_lines, LabelledLine};
use support::chain::chain;

use pmo_advert::metrics::{Label, Metrics, Prediction};
use pmo_advert::{Advert, Analyser, Profile, Report};

/// The scored modes, in output order.
const MODES: [&str; 3] = ["full", "duties", "pasted"];

/// Prints one mode's measures and returns them.
fn summarise(o: &mut String, name: &str, preds: &[Prediction]) -> Metrics {
    let m = Metrics::of(preds);
    say!(o, "\n== mode {name}: {} adverts", m.n());
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
    for (t, row) in m.confusion().iter().enumerate() {
        say!(
            o,
            "{:>10} {:>8} {:>8} {:>8} {:>8}",
            Label::ALL[t].as_str(),
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
    for (k, label) in Label::ALL.iter().enumerate() {
        say!(
            o,
            "{:>10} {:>9.3} {:>9.3} {:>9.3} {:>7}",
            label.as_str(),
            m.precision()[k],
            m.recall()[k],
            m.f1()[k],
            m.confusion()[k].iter().sum::<usize>()
        );
    }
    say!(
        o,
        "accuracy {:.3}  macro-F1 {:.3}  log-loss {:.3}",
        m.accuracy(),
        m.macro_f1(),
        m.log_loss()
    );
    say!(o, "by confidence band:");
    for line in band_lines(m.bands()) {
        say!(o, "{line}");
    }
    say!(
        o,
        "ECE {:.3}; confidence >= 0.8: {} adverts, accuracy {:.3}",
        m.ece(),
        m.high_confidence_n(),
        m.high_confidence_accuracy()
    );
    say!(
        o,
        "near misses kept out {:.3} (other adverts with no verdict)  Lead recall {:.3}",
        m.near_misses_kept_out(),
        m.lead_recall()
    );
    say!(
        o,
        "analyst-vs-senior F1 {:.3} (macro-F1 of analyst vs lead or manager, no verdict wrong for both)",
        m.analyst_vs_senior_f1()
    );
    m
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

/// Measures the analyser against labelled adverts (JSON lines).
#[derive(clap::Parser, Debug)]
#[command(name = "evaluate")]
struct Args {
    /// JSON lines: `label` (analyst | lead | manager | other | ambiguous), `title`, `text`, `id`.
    file: String,
    /// End with one JSON line of the figures.
    #[arg(long)]
    json: bool,
    /// A profile (TOML, or JSON by extension) merged over the built-in one.
    #[arg(long)]
    profile: Option<String>,
    /// How many misclassified adverts to list.
    #[arg(long, default_value_t = 40)]
    errors: usize,
    /// Print every advert's scores first.
    #[arg(long)]
    scores: bool,
}

fn run(o: &mut String) -> Result<(), String> {
    let args = <Args as clap::Parser>::parse();
    let (file, json, max_errors, show_scores) = (args.file, args.json, args.errors, args.scores);
    let profile = match args.profile {
        Some(p) => Profile::builtin().merge(Profile::from_path(&p).map_err(|e| chain(&e))?),
        None => Profile::builtin(),
    };
    let analyser = Analyser::build(&profile).map_err(|e| chain(&e))?;
    let bytes = std::fs::read(&file).map_err(|e| format!("{file}: {e}"))?;
    let text = String::from_utf8_lossy(&bytes);

    let settings = analyser.settings();
    let mut preds: [Vec<Prediction>; 3] = Default::default();
    let mut ambiguous = [[0usize; 4]; 3];
    let mut errors = Vec::new();
    let mut n = 0;
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let line: LabelledLine = match serde_json::from_str(raw) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("evaluate: {file}:{}: skipped: {e}", i + 1);
                continue;
            }
        };
        let (title, body) = match line.title_and_body() {
            Ok(tb) => tb,
            Err(e) => {
                eprintln!("evaluate: {file}:{}: skipped: {e}", i + 1);
                continue;
            }
        };
        let mut advert = Advert::new(&body);
        if let Some(t) = title.as_deref() {
            advert = advert.title(t);
        }
        let report = analyser.analyse(&advert);
        let id = line.id.clone().unwrap_or_else(|| format!("line {}", i + 1));
        if show_scores {
            let (f, d) = (report.scores(), report.duties_only());
            say!(o,
                "{id:>8} {:<9} full {:6.2} {:6.2} {:6.2}  duties {:6.2} {:6.2} {:6.2}  context {:5.2} non-pmo {:5.2}",
                line.label, f.analyst(), f.lead(), f.manager(), d.analyst(), d.lead(), d.manager(),
                report.pmo_context(), report.non_pmo()
            );
        }
        // As users paste adverts: the title as the first line of one text.
        let pasted_text = match title.as_deref() {
            Some(t) => format!("{t}\n{body}"),
            None => body.clone(),
        };
        let pasted = analyser.analyse(&Advert::new(&pasted_text));
        let reports = [(&report, false), (&report, true), (&pasted, false)];
        if line.label == "ambiguous" {
            for (row, (r, duties)) in ambiguous.iter_mut().zip(reports) {
                let verdict = if duties {
                    r.duties_verdict()
                } else {
                    r.verdict()
                };
                row[Label::of(verdict.map(|v| v.role())).index()] += 1;
            }
            continue;
        }
        let truth: Label = match line.label.parse() {
            Ok(l) => l,
            Err(e) => {
                eprintln!("evaluate: {file}:{}: skipped: {e}", i + 1);
                continue;
            }
        };
        n += 1;
        for (k, (r, duties)) in reports.into_iter().enumerate() {
            let p = Prediction::from_report(r, settings, truth, duties);
            preds[k].push(p);
            if !p.is_right() {
                errors.push(format!(
                    "  [{}] {id} {:?}: truth {} verdict {} ({:.2}); {}",
                    MODES[k],
                    title.as_deref().unwrap_or(""),
                    truth,
                    if p.verdict() == Label::Other {
                        "none".to_string()
                    } else {
                        p.verdict().to_string()
                    },
                    p.confidence(),
                    top_evidence(r, duties, 4)
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
    let summaries: Vec<Metrics> = MODES
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
            summary[*mode] = serde_json::to_value(s).map_err(|e| e.to_string())?;
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
