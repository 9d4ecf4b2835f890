//! Every fixture advert gets its labelled verdict, and its rendered report matches the snapshot
//! kept in `fixtures/snapshots/` (written when missing outside CI; review changes with `git diff`,
//! refresh with `UPDATE_SNAPSHOTS=1 cargo test`).
//!
//! Fixtures are plain text (`.txt`), HTML pages (`.html`) and JobPosting JSON (`.json`); the last
//! two are read through `pmo_advert::input` (feature `html`, skipped without it), their snapshots
//! start with the extracted title and body, and each gives the same verdict as its plain-text
//! twin (the `.txt` of the same name).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pmo_advert::{Advert, Analyser, Report, Role};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Labels {
    advert: Vec<Label>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Label {
    file: String,
    verdict: String,
    #[serde(default)]
    mismatch: Option<MismatchLabel>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MismatchLabel {
    claimed: Role,
    duties: Role,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn labels() -> Vec<Label> {
    let text = std::fs::read_to_string(root().join("labels.toml")).expect("labels.toml");
    toml::from_str::<Labels>(&text)
        .expect("labels.toml parses")
        .advert
}

fn read(file: &str) -> String {
    std::fs::read_to_string(root().join("adverts").join(file)).expect("fixture is UTF-8")
}

/// True for the fixtures read through the `input` module rather than as text.
fn is_markup(file: &str) -> bool {
    file.ends_with(".html") || file.ends_with(".json")
}

/// The labels of the fixtures this build can read: all of them with the `html` feature, the
/// plain-text ones without it.
fn readable_labels() -> Vec<Label> {
    labels()
        .into_iter()
        .filter(|l| cfg!(feature = "html") || !is_markup(&l.file))
        .collect()
}

/// A fixture analysed as a user would: text as text, a page or a JobPosting through the `input`
/// module. Returns the report and its rendering (for markup, after the extracted title and
/// body).
fn analyse(analyser: &Analyser, file: &str) -> (Report, String) {
    let text = read(file);
    if !is_markup(file) {
        let advert = Advert::new(&text);
        let report = analyser.analyse(&advert);
        let rendered = report.render(&advert);
        return (report, rendered);
    }
    #[cfg(feature = "html")]
    {
        use pmo_advert::input::ExtractedAdvert;
        let adverts = if file.ends_with(".json") {
            ExtractedAdvert::from_job_posting_json(&text)
        } else {
            ExtractedAdvert::from_html(&text)
        }
        .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(adverts.len(), 1, "{file}: one advert expected");
        let a = &adverts[0];
        let report = a.analyse(analyser);
        let rendered = format!(
            "title: {:?}\n--- body\n{}\n--- report\n{}",
            a.title(),
            a.body(),
            report.render(&a.advert())
        );
        (report, rendered)
    }
    #[cfg(not(feature = "html"))]
    unreachable!("{file}: markup fixtures need the html feature")
}

fn verdict(report: &Report) -> String {
    report
        .verdict()
        .map_or("none".to_string(), |v| v.role().as_str().to_string())
}

#[test]
fn every_fixture_is_labelled_and_the_suite_is_broad() {
    let labels = labels();
    let labelled: BTreeSet<&str> = labels.iter().map(|l| l.file.as_str()).collect();
    assert_eq!(labelled.len(), labels.len(), "a fixture is labelled twice");
    let on_disk: BTreeSet<String> = std::fs::read_dir(root().join("adverts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let on_disk: BTreeSet<&str> = on_disk.iter().map(String::as_str).collect();
    assert_eq!(
        labelled, on_disk,
        "labels.toml and fixtures/adverts/ disagree"
    );
    assert!(labels.len() >= 30);
    for role in ["analyst", "lead", "manager"] {
        let n = labels.iter().filter(|l| l.verdict == role).count();
        assert!(n >= 7, "only {n} {role} fixtures");
    }
    let others = labels
        .iter()
        .filter(|l| l.file.starts_with("other-"))
        .count();
    assert!(others >= 9, "only {others} non-PMO fixtures");
}

#[test]
fn every_fixture_gets_its_labelled_verdict() {
    let analyser = Analyser::builtin();
    let mut wrong = Vec::new();
    for label in readable_labels() {
        let (report, _) = analyse(&analyser, &label.file);
        let got = verdict(&report);
        if got != label.verdict {
            wrong.push(format!(
                "{}: expected {}, got {got}",
                label.file, label.verdict
            ));
        }
        match (&label.mismatch, report.mismatch()) {
            (Some(want), Some(m)) => {
                assert_eq!(
                    (m.claimed(), m.duties()),
                    (want.claimed, want.duties),
                    "{}",
                    label.file
                )
            }
            (Some(_), None) => wrong.push(format!("{}: expected a mismatch", label.file)),
            (None, Some(m)) => wrong.push(format!("{}: unexpected mismatch {m:?}", label.file)),
            (None, None) => {}
        }
        if let Some(v) = report.verdict() {
            assert!((0.0..=1.0).contains(&v.confidence()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_fixture_matches_its_snapshot() {
    let analyser = Analyser::builtin();
    let dir = root().join("snapshots");
    std::fs::create_dir_all(&dir).unwrap();
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let in_ci = std::env::var_os("CI").is_some();
    let mut failures = Vec::new();
    for label in readable_labels() {
        let (_, rendered) = analyse(&analyser, &label.file);
        // a.txt → a.snap; a.html → a.html.snap
        let path = dir.join(format!("{}.snap", label.file.trim_end_matches(".txt")));
        match std::fs::read_to_string(&path) {
            Ok(old) if old == rendered => {}
            Ok(_) if update => std::fs::write(&path, &rendered).unwrap(),
            Ok(old) => failures.push(format!(
                "{}: rendered report differs from {}\n--- snapshot\n{old}\n--- now\n{rendered}",
                label.file,
                path.display()
            )),
            Err(_) if in_ci && !update => {
                failures.push(format!("{}: no snapshot at {}", label.file, path.display()))
            }
            Err(_) => std::fs::write(&path, &rendered).unwrap(),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn html_and_json_fixtures_agree_with_their_text_twins() {
    let labels = labels();
    let markup: Vec<&Label> = labels.iter().filter(|l| is_markup(&l.file)).collect();
    let count = |ext: &str| markup.iter().filter(|l| l.file.ends_with(ext)).count();
    assert!(count(".html") >= 4, "{} HTML fixtures", count(".html"));
    assert!(count(".json") >= 2, "{} JSON fixtures", count(".json"));
    let verdicts: BTreeSet<&str> = markup.iter().map(|l| l.verdict.as_str()).collect();
    assert!(
        verdicts.len() >= 3,
        "twins of too few verdicts: {verdicts:?}"
    );
    let analyser = Analyser::builtin();
    for l in markup {
        let stem = l.file.rsplit_once('.').map_or(l.file.as_str(), |(s, _)| s);
        let twin = labels
            .iter()
            .find(|t| t.file == format!("{stem}.txt"))
            .unwrap_or_else(|| panic!("{}: no plain-text twin {stem}.txt", l.file));
        assert_eq!(
            l.verdict, twin.verdict,
            "{}: label differs from its twin's",
            l.file
        );
        if cfg!(feature = "html") {
            let (report, _) = analyse(&analyser, &l.file);
            let (twin_report, _) = analyse(&analyser, &twin.file);
            assert_eq!(verdict(&report), verdict(&twin_report), "{}", l.file);
            assert_eq!(
                report.title_claim().map(|c| c.role()),
                twin_report.title_claim().map(|c| c.role()),
                "{}: title claims differ",
                l.file
            );
        }
    }
}
