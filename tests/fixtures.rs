//! Every fixture advert gets its labelled verdict, and its rendered report matches the snapshot
//! kept in `fixtures/snapshots/` (written when missing outside CI; review changes with `git diff`,
//! refresh with `UPDATE_SNAPSHOTS=1 cargo test`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use pmo_advert::{Advert, Analyser, Role};
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
    for label in labels() {
        let text = read(&label.file);
        let report = analyser.analyse_text(&text);
        let got = report
            .verdict()
            .map_or("none".to_string(), |v| v.role().as_str().to_string());
        if got != label.verdict {
            wrong.push(format!(
                "{}: expected {}, got {got}",
                label.file, label.verdict
            ));
        }
        match (&label.mismatch, report.mismatch()) {
            (Some(want), Some(m)) => {
                assert_eq!(
                    (m.claimed, m.duties),
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
    for label in labels() {
        let text = read(&label.file);
        let advert = Advert::new(&text);
        let rendered = analyser.analyse(&advert).render(&advert);
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
