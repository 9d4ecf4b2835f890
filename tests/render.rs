//! The `render` module: the text summary and the CSV rows.
#![cfg(feature = "render")]

use std::path::{Path, PathBuf};

use pmo_advert::render::{self, CsvError, CsvWriter, TextOptions, CSV_HEADER};
use pmo_advert::{Advert, Analyser, Report};

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/adverts");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 30);
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/adverts")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// A report rebuilt from its JSON after `edit`: reports other than the analyser's (crossing
/// spans, other confidences) without reaching into the crate.
fn edited(report: &Report, edit: impl FnOnce(&mut serde_json::Value)) -> Report {
    let mut json = serde_json::to_value(report).unwrap();
    edit(&mut json);
    serde_json::from_value(json).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Text.

#[test]
fn the_text_summary_is_short_and_says_the_verdict_band_and_why() {
    let analyser = Analyser::builtin();
    for (name, text) in fixtures() {
        let advert = Advert::new(&text);
        let report = analyser.analyse(&advert);
        let summary = render::text(&report, &advert, &TextOptions::default());
        let lines: Vec<&str> = summary.lines().collect();
        assert!(
            lines.len() <= 10,
            "{name}: {} lines ({} in the advert)\n{summary}",
            lines.len(),
            text.lines().count()
        );
        match report.verdict() {
            Some(v) => {
                let band = render::Band::of(v.confidence());
                assert!(
                    lines[0].starts_with(&format!(
                        "Verdict: {}, {band} confidence ({:.2})",
                        v.role(),
                        v.confidence()
                    )),
                    "{name}: {}",
                    lines[0]
                );
            }
            None => assert!(lines[0].starts_with("Verdict: none"), "{name}"),
        }
        assert!(lines[1].starts_with("Why: "), "{name}");
        assert_eq!(
            lines[0].contains("[mismatch: "),
            report.mismatch().is_some(),
            "{name}"
        );
        assert!(!summary.contains('\u{1b}'), "{name}: an escape code");
        // Verbose lists every piece of evidence after the strongest.
        let verbose = render::text(&report, &advert, &TextOptions::default().verbose(true));
        assert!(!verbose.contains('\u{1b}'), "{name}: an escape code");
        if !report.evidence().is_empty() {
            assert!(verbose.contains(&format!("All evidence ({}):", report.evidence().len())));
        }
        for e in report.evidence() {
            assert!(verbose.contains(&format!("{}:{} ", e.line(), e.column())));
        }
    }
}

#[test]
fn the_text_summary_marks_negated_and_discounted_evidence() {
    let analyser = Analyser::builtin();
    let text = fixture("edge-negations.txt");
    let report = analyser.analyse_text(&text);
    let summary = render::text(&report, &Advert::new(&text), &TextOptions::default());
    let negated = report
        .evidence()
        .iter()
        .find(|e| e.negated())
        .expect("a negated hit");
    let line = summary
        .lines()
        .find(|l| l.contains(&format!("\"{}\"", negated.text())))
        .expect("the negated hit is among the strongest");
    assert!(line.ends_with("✗ negated"), "{line}");
    assert!(line.trim_start().starts_with('-'), "{line}");

    let text = fixture("analyst-pmo-coordinator.txt");
    let report = analyser.analyse_text(&text);
    let discounted = report
        .evidence()
        .iter()
        .find(|e| e.cue().is_some_and(|c| c.discounts()))
        .expect("a discounted hit");
    let verbose = render::text(
        &report,
        &Advert::new(&text),
        &TextOptions::default().verbose(true),
    );
    let line = verbose
        .lines()
        .find(|l| l.contains(&format!("\"{}\"", discounted.text())))
        .unwrap();
    assert!(
        line.contains("+0.00")
            && line.contains("not this job's duty (background about somebody else)"),
        "{line}"
    );
    // `top` bounds the list.
    let three = render::text(&report, &Advert::new(&text), &TextOptions::default().top(3));
    assert!(three.contains(&format!("Top evidence (3 of {}):", report.evidence().len())));
    assert_eq!(three.lines().count(), 4 + 3);
    let none = render::text(&report, &Advert::new(&text), &TextOptions::default().top(0));
    assert_eq!(none.lines().count(), 3);
}

#[test]
fn the_text_summary_names_the_band_in_words() {
    let text = fixture("lead-pmo-team-lead.txt");
    let report = Analyser::builtin().analyse_text(&text);
    for (confidence, words) in [
        (0.95, "high confidence (0.95)"),
        (0.8, "high confidence (0.80)"),
        (0.62, "medium confidence (0.62)"),
        (0.31, "low confidence (0.31)"),
    ] {
        let r = edited(&report, |json| {
            json["verdict"]["confidence"] = confidence.into()
        });
        let summary = render::text(&r, &Advert::new(&text), &TextOptions::default());
        assert!(
            summary.starts_with(&format!("Verdict: Lead, {words}")),
            "{summary}"
        );
    }
}

#[test]
fn colour_only_when_asked_and_advert_text_brings_no_escape_codes() {
    let body = "PMO Analyst \u{1b}[31mred\u{1b}[0m\nMaintain the \u{1b}]0;title\u{7}RAID log and track KPIs; \
                no line management.\u{202e}";
    let advert = Advert::new(body);
    let report = Analyser::builtin().analyse(&advert);
    assert!(report.verdict().is_some());
    for verbose in [false, true] {
        let plain = render::text(&report, &advert, &TextOptions::default().verbose(verbose));
        assert!(!plain.contains('\u{1b}'), "{plain}");
        assert!(!plain.contains('\u{7}') && !plain.contains('\u{202e}'));
        let coloured = render::text(
            &report,
            &advert,
            &TextOptions::default().verbose(verbose).color(true),
        );
        assert!(coloured.contains("\u{1b}["), "{coloured}");
        // Without its escape codes, the coloured summary is the plain one.
        let mut stripped = String::new();
        let mut rest = coloured.as_str();
        while let Some(at) = rest.find('\u{1b}') {
            stripped.push_str(&rest[..at]);
            let after = &rest[at..];
            let end = after.find('m').unwrap();
            rest = &after[end + 1..];
        }
        stripped.push_str(rest);
        assert_eq!(stripped, plain);
    }
}

// ---------------------------------------------------------------------------------------------
// CSV.

#[test]
fn csv_has_one_header_and_one_row_per_report() {
    let analyser = Analyser::builtin();
    let fixtures = fixtures();
    let reports: Vec<Report> = fixtures
        .iter()
        .map(|(_, text)| analyser.analyse_text(text))
        .collect();
    let mut out = CsvWriter::new(Vec::new());
    let tricky = ["a,b.txt", "say \"hi\".txt", "two\nlines", " spaced "];
    for ((name, _), report) in fixtures.iter().zip(&reports) {
        out.write(name, report).unwrap();
    }
    for (id, report) in tricky.iter().zip(&reports) {
        out.write(id, report).unwrap();
    }
    out.flush().unwrap();
    let bytes = out.into_inner().unwrap();
    let csv = String::from_utf8(bytes.clone()).unwrap();
    assert!(csv.starts_with(&(CSV_HEADER.join(",") + "\n")));
    assert_eq!(csv.matches("id,verdict").count(), 1);
    assert!(csv.contains("\n\"a,b.txt\","));
    assert!(csv.contains("\n\"say \"\"hi\"\".txt\","));

    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(
        reader.headers().unwrap(),
        &csv::StringRecord::from(CSV_HEADER.to_vec())
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), fixtures.len() + tricky.len());
    let ids = fixtures
        .iter()
        .map(|(n, _)| n.as_str())
        .chain(tricky.iter().copied());
    let all = reports.iter().chain(reports.iter());
    for ((row, id), report) in rows.iter().zip(ids).zip(all) {
        assert_eq!(row.len(), CSV_HEADER.len());
        assert_eq!(&row[0], id);
        let verdict = report.verdict();
        assert_eq!(&row[1], verdict.map_or("none", |v| v.role().as_str()));
        match verdict {
            Some(v) => assert!((row[2].parse::<f64>().unwrap() - v.confidence()).abs() < 1e-4),
            None => assert_eq!(&row[2], ""),
        }
        let scores = [report.scores(), report.duties_only()];
        for (k, s) in scores.iter().enumerate() {
            for (j, role) in pmo_advert::Role::ALL.iter().enumerate() {
                let v: f64 = row[3 + 3 * k + j].parse().unwrap();
                assert!((v - s.get(*role)).abs() < 1e-3);
            }
        }
        assert_eq!(
            &row[9],
            report.title_claim().map_or("", |c| c.role().as_str())
        );
        match report.mismatch() {
            Some(m) => assert_eq!(
                &row[10],
                format!("{}>{}", m.claimed.as_str(), m.duties.as_str())
            ),
            None => assert_eq!(&row[10], ""),
        }
        assert_eq!(row[11].parse::<usize>().unwrap(), report.evidence().len());
    }
    assert!(rows.iter().any(|r| &r[10] == "manager>analyst"));
}

#[test]
fn csv_of_nothing_is_the_header_and_write_errors_are_typed() {
    let empty = CsvWriter::new(Vec::new()).into_inner().unwrap();
    assert_eq!(
        String::from_utf8(empty).unwrap(),
        CSV_HEADER.join(",") + "\n"
    );

    #[derive(Debug)]
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "closed",
            ))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let report = Analyser::builtin().analyse_text("PMO Officer\nMaintain the RAID log.");
    let mut out = CsvWriter::new(Broken);
    // Buffered: the error shows at the latest on flush.
    let result = out.write("a", &report).and_then(|()| out.flush());
    match result {
        Err(CsvError::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe),
        other => panic!("expected an io error, got {other:?}"),
    }
    let e = CsvWriter::new(Broken).into_inner().unwrap_err();
    assert!(matches!(e, CsvError::Io(_)));
    assert!(e.to_string().starts_with("writing csv: "));
}
