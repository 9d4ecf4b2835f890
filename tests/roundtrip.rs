//! Reports survive JSON exactly: `serde_json::from_str::<Report>(&serde_json::to_string(&r)?)`
//! gives back a report equal to `r` (every float to the last bit, with serde_json's
//! `float_roundtrip`), and serialising the copy gives the same JSON again. Checked on every
//! plain-text fixture, on the titled adverts of `fixtures/batch.jsonl`, on a truncated report, on
//! one with metadata attached and (feature `html`) on the HTML and JobPosting fixtures.

use std::path::{Path, PathBuf};

mod support;

use pmo_advert::{Advert, AdvertMetadata, Analyser, Report};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Asserts that `report` comes back equal from its JSON, and that the copy writes the same JSON.
#[track_caller]
fn assert_round_trip(name: &str, report: &Report) {
    let json = serde_json::to_string(report).expect("a report serialises");
    let back: Report = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("{name}: the report's JSON does not parse back: {e}"));
    if back != *report {
        // Name the first top-level field that differs, for a readable failure.
        let a = serde_json::to_value(report).unwrap();
        let b = serde_json::to_value(&back).unwrap();
        let field = a
            .as_object()
            .unwrap()
            .iter()
            .find(|(k, v)| b.get(k.as_str()) != Some(*v))
            .map(|(k, _)| k.clone());
        panic!("{name}: the report differs after a JSON round trip (field {field:?})");
    }
    let again = serde_json::to_string(&back).unwrap();
    assert_eq!(json, again, "{name}: the copy serialises differently");
    // The pretty form reads back the same too.
    let pretty = serde_json::to_string_pretty(report).unwrap();
    assert_eq!(
        serde_json::from_str::<Report>(&pretty).unwrap(),
        *report,
        "{name}: pretty JSON"
    );
}

#[test]
fn every_text_fixture_round_trips() {
    let analyser = Analyser::builtin();
    let adverts = support::fixtures("txt");
    assert!(adverts.len() >= 30, "only {} fixtures", adverts.len());
    for (name, text) in &adverts {
        assert_round_trip(name, &analyser.analyse_text(text));
    }
}

#[test]
fn titled_adverts_round_trip() {
    let analyser = Analyser::builtin();
    let batch = std::fs::read_to_string(root().join("batch.jsonl")).expect("batch.jsonl");
    let mut titled = 0;
    for line in batch.lines().filter(|l| !l.trim().is_empty()) {
        let item: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let id = item["id"].as_str().unwrap_or("?");
        // Lines holding an HTML page instead are the `html` test's business.
        let Some(text) = item["text"].as_str() else {
            continue;
        };
        let mut advert = Advert::new(text);
        if let Some(title) = item["title"].as_str() {
            advert = advert.title(title);
            titled += 1;
        }
        let report = analyser.analyse(&advert);
        assert_round_trip(id, &report);
    }
    assert!(titled >= 3, "only {titled} titled adverts in batch.jsonl");
    // And a few fixtures given their first line as a separate title.
    for (name, text) in support::fixtures("txt").iter().take(8) {
        let (title, body) = text.split_once('\n').unwrap_or((text.as_str(), ""));
        let report = analyser.analyse(&Advert::new(body).title(title.trim()));
        assert_round_trip(&format!("{name} (titled)"), &report);
    }
}

#[test]
fn truncated_and_metadata_reports_round_trip() {
    let analyser = Analyser::builder()
        .max_input_bytes(200)
        .build(&pmo_advert::Profile::builtin())
        .expect("the built-in profile builds");
    let (name, text) = support::fixtures("txt")
        .into_iter()
        .find(|(_, t)| t.len() > 1000)
        .expect("a long fixture");
    let report = analyser.analyse_text(&text);
    assert!(report.stats().truncated(), "{name} is not truncated");
    assert_round_trip(&name, &report);

    let with_metadata = Analyser::builtin()
        .analyse_text(&text)
        .with_metadata(AdvertMetadata::default());
    assert_round_trip(&format!("{name} (metadata)"), &with_metadata);
}

#[cfg(feature = "html")]
#[test]
fn html_and_job_posting_fixtures_round_trip() {
    use pmo_advert::input::ExtractedAdvert;

    let analyser = Analyser::builtin();
    let mut seen = 0;
    for (extension, read) in [
        (
            "html",
            ExtractedAdvert::from_html
                as fn(&str) -> Result<Vec<ExtractedAdvert>, pmo_advert::Error>,
        ),
        ("json", ExtractedAdvert::from_job_posting_json),
    ] {
        for (name, text) in support::fixtures(extension) {
            for (i, advert) in read(&text).expect("the fixture reads").iter().enumerate() {
                let report = advert.analyse(&analyser);
                assert!(report.metadata().is_some(), "{name}");
                assert_round_trip(&format!("{name} #{i}"), &report);
                seen += 1;
            }
        }
    }
    assert!(seen >= 4, "only {seen} markup adverts");
}
