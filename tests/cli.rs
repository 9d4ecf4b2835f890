//! The bundled `analyse` example, run as a user runs it. `cargo test` builds the examples first.

// The `analyse` example needs the `render` and `html` features (Cargo.toml `required-features`).
#![cfg(all(feature = "render", feature = "html"))]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap().join("examples");
    let path = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} not built (run through cargo test)",
        path.display()
    );
    path
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/adverts")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn tmp(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("pmo-advert-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn text_output_is_a_short_summary_and_verbose_lists_every_evidence() {
    let out = Command::new(example("analyse"))
        .arg(fixture("analyst-pmo-analyst-council.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Verdict: Analyst, high confidence"), "{text}");
    assert!(text.contains("Why: the title claims Analyst"), "{text}");
    assert!(text.contains("\"RAID log\""), "{text}");
    assert!(text.lines().count() <= 12, "{text}");
    // Not a terminal: no colour.
    assert!(!text.contains('\u{1b}'), "{text}");
    let verbose = Command::new(example("analyse"))
        .args(["--verbose", &fixture("analyst-pmo-analyst-council.txt")])
        .output()
        .unwrap();
    let verbose = String::from_utf8(verbose.stdout).unwrap();
    assert!(verbose.lines().count() > text.lines().count(), "{verbose}");
    let coloured = Command::new(example("analyse"))
        .args([
            "--color",
            "always",
            &fixture("analyst-pmo-analyst-council.txt"),
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8(coloured.stdout)
        .unwrap()
        .contains('\u{1b}'));
}

#[test]
fn help_exits_0_and_unknown_flags_exit_2() {
    for name in ["analyse", "evaluate", "throughput"] {
        let out = Command::new(example(name)).arg("--help").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}");
        assert!(
            String::from_utf8(out.stdout).unwrap().contains("Usage:"),
            "{name}"
        );
        let out = Command::new(example(name))
            .args(["--no-such-flag", "x"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
    }
}

#[test]
fn a_directory_is_walked_and_every_format_names_each_advert() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/adverts");
    let adverts = std::fs::read_dir(&dir).unwrap().count();
    let csv = Command::new(example("analyse"))
        .args(["--format", "csv"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        csv.status.success(),
        "{}",
        String::from_utf8_lossy(&csv.stderr)
    );
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("id,verdict,confidence,"));
    // One row per file, the HTML and JSON fixtures each holding one advert.
    assert_eq!(csv.lines().count(), adverts + 1, "{csv}");
    assert!(csv.contains("manager-head-of-pmo.json,manager,"), "{csv}");
    assert!(
        csv.contains("analyst-pmo-analyst-council.html,analyst,"),
        "{csv}"
    );

    let json = Command::new(example("analyse"))
        .args(["--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    let json = String::from_utf8(json.stdout).unwrap();
    assert_eq!(json.lines().count(), adverts);
    for line in json.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["file"].as_str().unwrap().contains("fixtures"), "{line}");
    }
    // HTML input: evidence carries the span of its words in the page.
    let page = json
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["file"].as_str().unwrap().ends_with(".html"))
        .unwrap();
    assert!(page["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["source_span"].is_object()));
    assert_eq!(page["metadata"]["source"], "html");

    let html = Command::new(example("analyse"))
        .args(["--format", "html"])
        .arg(&dir)
        .output()
        .unwrap();
    let html = String::from_utf8(html.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..100]);
    assert!(html.contains("manager-head-of-pmo.json"));
}

#[test]
fn a_jsonl_batch_gives_each_line_its_labelled_verdict_under_its_id() {
    let batch = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/batch.jsonl");
    let out = Command::new(example("analyse"))
        .args(["--jsonl", "--json"])
        .arg(&batch)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let labels: Vec<serde_json::Value> = std::fs::read_to_string(&batch)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reports: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(labels.len(), reports.len());
    for (label, report) in labels.iter().zip(&reports) {
        assert_eq!(label["id"], report["id"]);
        let want = match label["label"].as_str().unwrap() {
            "other" => serde_json::Value::Null,
            role => serde_json::Value::String(role.to_string()),
        };
        assert_eq!(report["verdict"]["role"], want, "{}", label["id"]);
    }
}
#[test]
fn json_output_has_the_documented_fields() {
    let title = "Portfolio Office Analyst";
    let out = Command::new(example("analyse"))
        .args([
            "--json",
            "--title",
            title,
            &fixture("analyst-portfolio-office-analyst.txt"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let body = std::fs::read_to_string(fixture("analyst-portfolio-office-analyst.txt")).unwrap();
    let line = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(v["verdict"]["role"], "analyst");
    assert!(v["verdict"]["confidence"].as_f64().unwrap() > 0.5);
    assert!(v["file"].as_str().unwrap().ends_with(".txt"));
    let evidence = v["evidence"].as_array().unwrap();
    assert!(!evidence.is_empty());
    for e in evidence {
        for key in [
            "role", "signal", "text", "span", "line", "column", "field", "cue",
        ] {
            assert!(e.get(key).is_some(), "{key} missing from {e}");
        }
        let (s, t) = (
            e["span"]["start"].as_u64().unwrap() as usize,
            e["span"]["end"].as_u64().unwrap() as usize,
        );
        let field = if e["field"] == "title" {
            title
        } else {
            body.as_str()
        };
        assert_eq!(&field[s..t], e["text"].as_str().unwrap());
    }
    assert!(evidence.iter().any(|e| e["field"] == "title"));
    let none = Command::new(example("analyse"))
        .args(["--json", &fixture("other-staff-nurse.txt")])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&none.stdout).unwrap();
    assert!(v["verdict"].is_null());
}

#[test]
fn bad_files_get_one_stderr_line_and_exit_2_while_the_rest_are_analysed() {
    let bad = tmp("bad.txt", b"PMO Analyst\nline two \xff\xfe here\n");
    let missing = tmp("x.txt", b"") + ".missing";
    let good = fixture("lead-pmo-team-lead.txt");
    let out = Command::new(example("analyse"))
        .args(["--json", &bad, &missing, &good])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].contains("bad.txt: invalid UTF-8 at byte 21"),
        "{stderr}"
    );
    assert!(lines[1].contains("x.txt.missing"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(v["verdict"]["role"], "lead");

    let lossy = Command::new(example("analyse"))
        .args(["--lossy", &bad])
        .output()
        .unwrap();
    assert!(lossy.status.success());
    assert!(String::from_utf8(lossy.stderr)
        .unwrap()
        .contains("replaced 2 invalid UTF-8"));
}

#[test]
fn stdin_and_a_user_profile_work_and_a_broken_profile_is_refused() {
    let mut child = Command::new(example("analyse"))
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Head of PMO\nLine manage the PMO team.")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("Verdict: Manager"));

    let profile = tmp(
        "broken.toml",
        b"[[signal]]\nid = \"x\"\nkind = \"duty\"\nrole = \"lead\"\nweight = 1.0\nregexes = ['(']\n",
    );
    let out = Command::new(example("analyse"))
        .args(["--profile", &profile, &fixture("edge-empty.txt")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("broken.toml") && stderr.contains("signal \"x\""),
        "{stderr}"
    );
}

#[test]
fn evaluate_scores_both_modes_and_skips_bad_lines() {
    let lines = [
        r#"{"id": "x1", "label": "analyst", "title": "PMO Officer", "text": "Maintain the RAID log and collate highlight reports."}"#,
        r#"{"id": "x2", "label": "manager", "title": "Head of PMO", "text": "Line manage the PMO team and own the portfolio governance."}"#,
        r#"{"id": "x3", "label": "other", "title": "Scrum Master", "text": "Coach two agile teams."}"#,
        r#"{"id": "x4", "label": "ambiguous", "title": "PMO Consultant", "text": "Work in the PMO."}"#,
        r#"this is not json"#,
        r#"{"id": "x5", "label": "lead", "title": "PMO Lead", "text": "Set up the programme PMO and lead a team of PMO analysts."}"#,
    ];
    let file = tmp("eval.jsonl", lines.join("\n").as_bytes());
    let out = Command::new(example("evaluate"))
        .args([&file, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("eval.jsonl:5: skipped"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("== mode full: 4 adverts"), "{stdout}");
    assert!(stdout.contains("== mode duties: 4 adverts"));
    assert!(stdout.contains("== mode pasted: 4 adverts"));
    assert!(stdout.contains("confusion (rows truth, columns verdict)"));
    assert!(stdout.contains("ambiguous (1, not scored)"));
    assert!(stdout.contains("near misses kept out"));
    assert!(stdout.contains("analyst-vs-senior F1"));
    let last: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["n"], 4);
    assert_eq!(last["full"]["accuracy"], 1.0);
    for mode in ["full", "duties", "pasted"] {
        for key in [
            "accuracy",
            "macro_f1",
            "ece",
            "high_confidence_accuracy",
            "high_confidence_n",
            "near_misses_kept_out",
            "lead_recall",
            "analyst_vs_senior_f1",
        ] {
            assert!(last[mode][key].is_number(), "{mode}.{key}");
        }
    }
    // Every advert right in full mode: the Scrum Master kept out, the PMO Lead found, analyst and
    // senior told apart.
    assert_eq!(last["full"]["near_misses_kept_out"], 1.0);
    assert_eq!(last["full"]["lead_recall"], 1.0);
    assert_eq!(last["full"]["analyst_vs_senior_f1"], 1.0);
}

#[test]
fn json_stays_valid_for_hostile_text() {
    let hostile = tmp(
        "hostile.txt",
        "PMO \"Analyst\"\u{0}\u{1b}[31m\\ \u{202e}RAID log\u{2028}\t\u{feff}".as_bytes(),
    );
    let out = Command::new(example("analyse"))
        .args(["--json", &hostile])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["text"] == "RAID log"));
}

#[test]
fn a_closed_pipe_ends_the_example_without_a_panic() {
    use std::io::{BufRead, BufReader};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/adverts");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let many: Vec<String> = files.iter().cycle().take(400).cloned().collect();
    let mut child = Command::new(example("analyse"))
        .args(&many)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("== "));
    // The reader is gone: the next write fails with a broken pipe, and the run ends quietly.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_jsonl_batch_as_csv_matches_its_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let out = Command::new(example("analyse"))
        .args(["--jsonl", "--format", "csv"])
        .arg(root.join("batch.jsonl"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let snapshot = root.join("snapshots/batch.csv");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !snapshot.exists() {
        assert!(
            std::env::var_os("CI").is_none() || snapshot.exists(),
            "no batch snapshot"
        );
        std::fs::write(&snapshot, &csv).unwrap();
    }
    assert_eq!(csv, std::fs::read_to_string(&snapshot).unwrap());
}
