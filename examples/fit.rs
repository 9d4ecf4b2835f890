//! Fits a profile's weights to labelled adverts and reports, by cross-validation, whether the
//! fitted weights beat the current ones. Needs the `fit` feature.
//!
//! ```text
//! cargo run --release --features fit --example fit -- LABELLED... [--folds 5] [--l2 X]
//!     [--seed N] [--out patch.toml] [--profile FILE] [--from-hand-set] [--json]
//! ```
//!
//! LABELLED is a JSON lines file (one object a line: `label` = analyst | lead | manager |
//! other, `ambiguous` skipped; `text` or `html`; optional `title`, `id`) or a fixtures labels file
//! (`labels.toml`, `[[advert]]` with `file`, `verdict` and an optional `mismatch`, the files in
//! `adverts/` beside it; a mismatch's `duties` level is the duties label; `.html`/`.json`
//! entries, twins of `.txt` ones, are skipped with a note on stderr).
//!
//! The starting point is the built-in profile, or `--profile FILE` merged over it, or with
//! `--from-hand-set` the hand-set built-in profile (to regenerate the built-in fitted numbers).
//! The report gives `--folds`-fold cross-validation (stratified, dealt by `--seed`) of the
//! starting weights against fitted ones in the `full` and `duties` modes: accuracy, macro-F1,
//! log-loss, expected calibration error and accuracy at confidence ≥ 0.8; the L2 strength is
//! `--l2`, or chosen inside each training part by cross-validation. Then it fits on everything
//! (L2 again chosen by cross-validation unless given), lists the signals whose weights moved
//! most, and writes the patch to `--out` (merge it with `--profile` in `analyse` and
//! `evaluate`). `--json` ends the output with one JSON line of the figures. Fewer than 5 adverts
//! of a label present is refused.

#[macro_use]
mod support;
#[path = "support/labelled.rs"]
mod labelled;

use std::path::Path;
use std::process::ExitCode;

use labelled::{band_lines, LabelledLine};
use support::chain::chain;

use pmo_advert::fit::{self, CrossValidation, FitOptions, LabelledAdvert, Weights};
use pmo_advert::metrics::{Label, Metrics};
use pmo_advert::{Advert, Analyser, Profile, Role};
use serde::Deserialize;

#[derive(Deserialize)]
struct FixtureLabels {
    advert: Vec<FixtureLabel>,
}

#[derive(Deserialize)]
struct FixtureLabel {
    file: String,
    verdict: String,
    #[serde(default)]
    mismatch: Option<FixtureMismatch>,
}

#[derive(Deserialize)]
struct FixtureMismatch {
    duties: Role,
}

/// Fits a profile's weights to labelled adverts and reports, by cross-validation, whether the
/// fitted weights beat the current ones.
#[derive(clap::Parser, Debug)]
#[command(name = "fit")]
struct Options {
    /// JSON lines (`label`, `text` or `html`, `title`, `id`) or a fixtures `labels.toml`.
    #[arg(required = true)]
    files: Vec<String>,
    /// Cross-validation folds.
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// The L2 pull towards the starting values (chosen by cross-validation when not given).
    #[arg(long)]
    l2: Option<f64>,
    /// The seed that deals the folds.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write the fitted patch (TOML) here.
    #[arg(long)]
    out: Option<String>,
    /// A profile (TOML, or JSON by extension) merged over the starting one.
    #[arg(long)]
    profile: Option<String>,
    /// Start from the hand-set built-in profile (to regenerate the built-in fitted numbers).
    #[arg(long = "from-hand-set")]
    hand_set: bool,
    /// End with one JSON line of the figures.
    #[arg(long)]
    json: bool,
}

fn parse_args() -> Result<Options, String> {
    Ok(<Options as clap::Parser>::parse())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Reads one labelled file into `data`.
fn load(analyser: &Analyser, file: &str, data: &mut Vec<LabelledAdvert>) -> Result<(), String> {
    let path = Path::new(file);
    let text = read(path)?;
    if path.extension().is_some_and(|e| e == "toml") {
        let labels: FixtureLabels =
            toml::from_str(&text).map_err(|e| format!("{file}: {}", e.message()))?;
        let dir = path.parent().unwrap_or(Path::new(".")).join("adverts");
        for l in labels.advert {
            if !l.file.ends_with(".txt") {
                // The .html/.json fixtures are twins of .txt ones (the same adverts, read
                // through the input module): counting them would count those adverts twice.
                eprintln!("{file}: {}: skipped, the twin of a .txt fixture", l.file);
                continue;
            }
            let label = match l.verdict.as_str() {
                "none" => Label::Other,
                v => v.parse().map_err(|e| format!("{file}: {}: {e}", l.file))?,
            };
            let body = read(&dir.join(&l.file))?;
            let features = analyser.features(&Advert::new(&body));
            let duties = l.mismatch.map_or(label, |m| Label::of(Some(m.duties)));
            data.push(LabelledAdvert::new(l.file, features, label).with_duties_label(duties));
        }
        return Ok(());
    }
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let line: LabelledLine =
            serde_json::from_str(raw).map_err(|e| format!("{file}:{}: {e}", i + 1))?;
        if line.label == "ambiguous" {
            continue;
        }
        let label: Label = line
            .label
            .parse()
            .map_err(|e| format!("{file}:{}: {e}", i + 1))?;
        let (title, body) = line
            .title_and_body()
            .map_err(|e| format!("{file}:{}: {e}", i + 1))?;
        let mut advert = Advert::new(&body);
        if let Some(t) = title.as_deref() {
            advert = advert.title(t);
        }
        let id = line.id.unwrap_or_else(|| format!("{file}:{}", i + 1));
        data.push(LabelledAdvert::new(id, analyser.features(&advert), label));
    }
    Ok(())
}

fn row(o: &mut String, name: &str, get: impl Fn(&Metrics) -> String, cv: &CrossValidation) {
    say!(
        o,
        "{name:<22} {:>9} {:>9}   {:>9} {:>9}",
        get(cv.start().full()),
        get(cv.fitted().full()),
        get(cv.start().duties()),
        get(cv.fitted().duties())
    );
}

fn run(o: &mut String) -> Result<(), String> {
    let opts = parse_args()?;
    let mut profile = if opts.hand_set {
        Profile::hand_set()
    } else {
        Profile::builtin()
    };
    if let Some(p) = &opts.profile {
        profile = profile.merge(Profile::from_path(p).map_err(|e| chain(&e))?);
    }
    let analyser = Analyser::build(&profile).map_err(|e| chain(&e))?;
    let settings = analyser.settings();
    let mut data = Vec::new();
    for f in &opts.files {
        load(&analyser, f, &mut data)?;
    }
    let counts = Label::ALL.map(|l| data.iter().filter(|a| a.label() == l).count());
    say!(
        o,
        "{} labelled adverts: {} analyst, {} lead, {} manager, {} other",
        data.len(),
        counts[0],
        counts[1],
        counts[2],
        counts[3]
    );
    let start = Weights::from_data(&data, settings);
    let options = FitOptions::default();
    let cv = fit::cross_validate(
        &data, &start, settings, opts.folds, opts.seed, opts.l2, &options,
    )
    .map_err(|e| chain(&e))?;
    say!(
        o,
        "\n{}-fold cross-validation (stratified, seed {}); L2 per fold: {:?}",
        cv.folds(),
        cv.seed(),
        cv.l2()
    );
    say!(
        o,
        "{:<22} {:>9} {:>9}   {:>9} {:>9}",
        "",
        "full",
        "",
        "duties",
        ""
    );
    say!(
        o,
        "{:<22} {:>9} {:>9}   {:>9} {:>9}",
        "",
        "current",
        "fitted",
        "current",
        "fitted"
    );
    let f3 = |v: f64| format!("{v:.3}");
    row(o, "accuracy", |m| f3(m.accuracy()), &cv);
    row(o, "macro-F1", |m| f3(m.macro_f1()), &cv);
    row(o, "log-loss", |m| f3(m.log_loss()), &cv);
    row(o, "ECE", |m| f3(m.ece()), &cv);
    row(
        o,
        "accuracy at conf>=0.8",
        |m| f3(m.high_confidence_accuracy()),
        &cv,
    );
    row(
        o,
        "adverts at conf>=0.8",
        |m| m.high_confidence_n().to_string(),
        &cv,
    );
    row(
        o,
        "analyst-vs-senior F1",
        |m| f3(m.analyst_vs_senior_f1()),
        &cv,
    );
    row(o, "Lead recall", |m| f3(m.lead_recall()), &cv);
    say!(
        o,
        "confidence bands of the fitted full verdicts (held out):"
    );
    for line in band_lines(cv.fitted().full().bands()) {
        say!(o, "{line}");
    }

    let l2 = match opts.l2 {
        Some(v) => v,
        None => fit::choose_l2(&data, &start, settings, opts.folds, opts.seed, &options)
            .map_err(|e| chain(&e))?,
    };
    let fitted =
        fit::fit(&data, &start, settings, &FitOptions { l2, ..options }).map_err(|e| chain(&e))?;
    say!(o, "\nfit on all {} adverts with L2 {l2}:", data.len());
    say!(
        o,
        "  none bias {} -> {}, temperature {} -> {}",
        start.none_bias(),
        fitted.none_bias(),
        start.temperature(),
        fitted.temperature()
    );
    say!(o, "signals whose weights moved most:");
    for (id, before, after) in fitted.moved_from(&start).iter().take(15) {
        say!(o, "  {id:<40} {before:>7.3} -> {after:>7.3}");
    }
    if let Some(out) = &opts.out {
        let names: Vec<String> = opts
            .files
            .iter()
            .map(|f| {
                Path::new(f)
                    .file_name()
                    .map_or(f.clone(), |n| n.to_string_lossy().into_owned())
            })
            .collect();
        let header =
            format!(
            "# Fitted by the fit example (feature `fit`) from {} labelled adverts ({}), starting \
             from the {} profile: {} folds, seed {}, L2 {l2}. Generated; do not edit by hand.\n",
            data.len(),
            names.join(", "),
            if opts.hand_set { "hand-set built-in" } else { "current" },
            opts.folds,
            opts.seed
        );
        std::fs::write(out, header + &fitted.to_patch_toml()).map_err(|e| format!("{out}: {e}"))?;
        say!(o, "patch written to {out}");
    }
    if opts.json {
        let summary = serde_json::json!({
            "n": data.len(),
            "folds": cv.folds(),
            "seed": cv.seed(),
            "l2": l2,
            "current": cv.start(),
            "fitted": cv.fitted(),
        });
        say!(o, "{summary}");
    }
    Ok(())
}

fn main() -> ExitCode {
    let mut out = String::new();
    let result = run(&mut out);
    support::finish("fit", &out, result)
}
