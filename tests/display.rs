//! What the report types print: the enums their JSON names, the value types one short line each.

use pmo_advert::{Advert, AdvertSource, Analyser, Cue, Field, Section, SignalKind};

/// The JSON string serde writes for a value that serialises as one.
fn json_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .unwrap()
        .as_str()
        .expect("a string")
        .to_string()
}

#[test]
fn enums_display_their_json_names() {
    for s in [
        Section::Title,
        Section::Preamble,
        Section::Responsibilities,
        Section::Requirements,
        Section::Company,
        Section::Benefits,
        Section::Other,
        Section::Furniture,
    ] {
        assert_eq!(s.to_string(), json_name(&s));
        assert_eq!(s.to_string(), s.as_str());
    }
    for c in [
        Cue::Negation,
        Cue::Reference,
        Cue::Audience,
        Cue::Background,
        Cue::OtherMeaning,
        Cue::Mention,
        Cue::Membership,
        Cue::Oversight,
        Cue::Support,
    ] {
        assert_eq!(c.to_string(), json_name(&c));
    }
    for k in [
        SignalKind::Title,
        SignalKind::Duty,
        SignalKind::Context,
        SignalKind::NonPmo,
        SignalKind::OtherMeaning,
        SignalKind::Neutral,
    ] {
        assert_eq!(k.to_string(), json_name(&k));
    }
    for f in [Field::Title, Field::Body] {
        assert_eq!(f.to_string(), json_name(&f));
    }
    for s in [
        AdvertSource::Html,
        AdvertSource::HtmlJsonLd,
        AdvertSource::Json,
    ] {
        assert_eq!(s.to_string(), json_name(&s));
    }
    // Width and alignment apply to the name.
    assert_eq!(format!("[{:<8}]", Field::Body), "[body    ]");
}

#[test]
fn report_parts_print_one_short_line() {
    let advert = Advert::new(
        "Key responsibilities\n\
         - Maintain the RAID log and chase owners for updates.\n\
         - Collate monthly highlight reports and track KPIs.\n\
         Line management is not part of this role.",
    )
    .title("Head of PMO");
    let report = Analyser::builtin().analyse(&advert);

    let scores = report.scores();
    assert_eq!(
        scores.to_string(),
        format!(
            "analyst {:.2}, lead {:.2}, manager {:.2}",
            scores.analyst(),
            scores.lead(),
            scores.manager()
        )
    );
    if let Some(v) = report.verdict() {
        assert_eq!(
            v.to_string(),
            format!("{} ({:.2})", v.role(), v.confidence())
        );
        assert_eq!(
            format!("{v:.1}"),
            format!("{} ({:.1})", v.role(), v.confidence())
        );
    }
    let m = report
        .mismatch()
        .expect("a Manager title over Analyst duties");
    assert!(m.overstates());
    assert_eq!(
        m.to_string(),
        "title claims Manager, duties read as Analyst"
    );

    let stats = report.stats();
    assert_eq!(
        stats.to_string(),
        format!(
            "{} bytes, {} lines, {} words",
            stats.bytes(),
            stats.lines(),
            stats.words()
        )
    );

    let negated = report
        .evidence()
        .iter()
        .find(|e| e.negated())
        .expect("a negated hit");
    let line = negated.to_string();
    assert!(line.starts_with(&format!("{}:{} ", negated.line(), negated.column())));
    assert!(line.contains(&format!("{:?}", negated.text())));
    assert!(line.ends_with(", negation)"), "{line}");
    let title = report
        .evidence()
        .iter()
        .find(|e| e.field() == Field::Title)
        .expect("evidence in the title");
    assert!(title.to_string().starts_with("title 1:1 "), "{title}");

    let summary = report.to_string();
    assert!(!summary.contains('\n'));
    assert!(summary.contains(&format!("; scores {scores}")), "{summary}");
    assert!(summary.contains(&format!("; {m}")), "{summary}");
    assert!(
        summary.ends_with(&format!("; {} pieces of evidence", report.evidence().len())),
        "{summary}"
    );
}
