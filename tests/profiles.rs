//! User profiles: loading, merging, and errors that name the culprit.

use std::error::Error as _;

use pmo_advert::{Analyser, Error, Profile};

fn build(toml: &str) -> Result<Analyser, Error> {
    Analyser::build(&Profile::from_toml_str(toml)?)
}

const GOOD: &str = r#"
[[signal]]
id = "context.pmo"
kind = "context"
weight = 1.0
phrases = ["pmo"]

[[signal]]
id = "analyst.raid"
kind = "duty"
role = "analyst"
weight = 2.0
phrases = ["raid log"]
examples = ["the RAID log"]
counter_examples = ["a raid"]
"#;

#[test]
fn a_minimal_profile_builds_and_analyses() {
    // Without cue words every PMO mention counts `mention_factor` (0.5) towards membership.
    let analyser = build(&format!("{GOOD}\n[settings]\nmin_membership = 0.5\n")).unwrap();
    let report = analyser.analyse_text("x\nThe PMO keeps the RAID log. RAID log again.");
    assert_eq!(report.evidence().len(), 3);
    assert_eq!(report.verdict().unwrap().role(), pmo_advert::Role::Analyst);
}

#[test]
fn errors_name_the_signal_and_field() {
    let cases: Vec<(String, &str)> = vec![
        (
            GOOD.replace("weight = 2.0", "weight = 2.0\nwieght = 1.0"),
            "unknown field `wieght`",
        ),
        (
            GOOD.replace("\"raid log\"", "\"  \""),
            "signal \"analyst.raid\": phrases[0]: must not be empty",
        ),
        (
            GOOD.replace("\"raid log\"", "\"--\""),
            "signal \"analyst.raid\": phrases[0]: \"--\" has no word character",
        ),
        (
            GOOD.replace("weight = 2.0", "weight = 20.0"),
            "signal \"analyst.raid\": weight: 20 is outside",
        ),
        (
            GOOD.replace("weight = 2.0", "weight = nan"),
            "signal \"analyst.raid\": weight: NaN",
        ),
        (
            GOOD.replace("role = \"analyst\"", "role = \"boss\""),
            "unknown variant `boss`",
        ),
        (
            GOOD.replace("role = \"analyst\"\n", ""),
            "signal \"analyst.raid\": role: a duty signal needs a role",
        ),
        (
            GOOD.replace("id = \"analyst.raid\"", "id = \"context.pmo\""),
            "signal \"context.pmo\": duplicate id",
        ),
        (
            GOOD.replace("id = \"analyst.raid\"", "id = \"title.claim.lead\""),
            "signal \"title.claim.lead\": id: is reserved for the title grammar's evidence",
        ),
        (
            format!("{GOOD}\n[[signal]]\nid = \"other.pm\"\nkind = \"other_meaning\"\nweight = 0.0\ncancels = [\"context.nope\"]\nphrases = [\"prime minister\"]\n"),
            "signal \"other.pm\": cancels[0]: no enabled signal has the id \"context.nope\"",
        ),
        (
            GOOD.replace("phrases = [\"raid log\"]", "phrases = [\"PMO\"]"),
            "phrase \"pmo\" is claimed by both \"context.pmo\" and \"analyst.raid\"",
        ),
        (
            format!("{GOOD}\n[settings]\nthreshold = 2.0\n"),
            "settings.threshold: must be in 0..=1",
        ),
        (
            format!("{GOOD}\n[settings]\ntemperature = 0.0\n"),
            "settings.temperature",
        ),
        ("[[signal]]\nid = 3\n".to_string(), "line 2"),
    ];
    for (toml, want) in cases {
        let err = build(&toml)
            .err()
            .unwrap_or_else(|| panic!("accepted:\n{toml}"));
        let msg = err.to_string();
        assert!(msg.contains(want), "{msg:?} does not contain {want:?}");
        assert!(msg.starts_with("<toml>"), "{msg}");
    }
}

#[test]
fn a_bad_regex_names_the_signal_and_keeps_the_source() {
    let toml = GOOD.replace(
        "phrases = [\"raid log\"]",
        "phrases = [\"raid log\"]\nregexes = ['raid (log']",
    );
    let err = build(&toml).unwrap_err();
    assert!(matches!(&err, Error::Regex { id, index: 0, .. } if id == "analyst.raid"));
    assert!(err
        .to_string()
        .contains("signal \"analyst.raid\": regexes[0]"));
    assert!(err.source().is_some(), "the regex error is the source");
    let huge = GOOD.replace(
        "phrases = [\"raid log\"]",
        "phrases = [\"raid log\"]\nregexes = ['\\w{1000}\\w{1000}\\w{1000}']",
    );
    assert!(matches!(build(&huge).unwrap_err(), Error::Regex { .. }));
}

#[test]
fn json_profiles_load_like_toml() {
    let json = r#"{"signal": [{"id": "context.pmo", "kind": "context", "weight": 1.0, "phrases": ["pmo"]}]}"#;
    let p = Profile::from_json_str(json).unwrap();
    assert_eq!(p.signals.len(), 1);
    let err = Profile::from_json_str(r#"{"signals": []}"#).unwrap_err();
    assert!(err.to_string().contains("unknown field `signals`"), "{err}");
}

#[test]
fn files_are_named_in_errors() {
    let dir = std::env::temp_dir().join(format!("pmo-advert-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[[signal]]\nid = \"x\"\nkind = \"duty\"\n").unwrap();
    let err = Profile::from_path(&bad).unwrap_err().to_string();
    assert!(err.contains("bad.toml"), "{err}");
    let latin1 = dir.join("latin1.toml");
    std::fs::write(&latin1, b"name = \"caf\xe9\"\n").unwrap();
    let err = Profile::from_path(&latin1).unwrap_err();
    assert!(matches!(err, Error::Utf8 { offset: 11, .. }), "{err}");
    let missing = Profile::from_path(dir.join("missing.toml")).unwrap_err();
    assert!(matches!(missing, Error::Io { .. }));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn merging_replaces_adds_and_removes_by_id() {
    let base = Profile::builtin();
    let n = base.signals.len();
    let overlay = Profile::from_toml_str(
        r#"
        [settings]
        threshold = 0.9

        [[signal]]
        id = "analyst.raid"
        kind = "duty"
        role = "analyst"
        weight = 5.0
        phrases = ["raid log"]

        [[signal]]
        id = "analyst.kpis"
        kind = "duty"
        role = "analyst"
        weight = 1.0
        phrases = ["x"]
        disabled = true

        [[signal]]
        id = "lead.sharepoint_design"
        kind = "duty"
        role = "lead"
        weight = 1.0
        phrases = ["design the sharepoint site"]
        "#,
    )
    .unwrap();
    let merged = base.merge(overlay);
    assert_eq!(merged.signals.len(), n); // one replaced, one removed, one added
    assert_eq!(merged.resolved_settings().threshold, 0.9);
    assert_eq!(
        merged.resolved_settings().temperature,
        Profile::builtin().resolved_settings().temperature
    );
    let raid = merged
        .signals
        .iter()
        .find(|s| s.id == "analyst.raid")
        .unwrap();
    assert_eq!(raid.weight, 5.0);
    assert!(!merged.signals.iter().any(|s| s.id == "analyst.kpis"));
    let analyser = Analyser::build(&merged).unwrap();
    let report = analyser.analyse_text("x\nDesign the SharePoint site and track KPIs.");
    assert!(report
        .evidence()
        .iter()
        .any(|e| e.signal() == "lead.sharepoint_design"));
    assert!(!report
        .evidence()
        .iter()
        .any(|e| e.signal() == "analyst.kpis"));
}

#[test]
fn strict_building_runs_the_examples() {
    let bad = GOOD.replace(
        "examples = [\"the RAID log\"]",
        "examples = [\"the RAID book\"]",
    );
    let profile = Profile::from_toml_str(&bad).unwrap();
    assert!(Analyser::build(&profile).is_ok());
    let err = Analyser::builder()
        .strict(true)
        .build(&profile)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "<toml>: signal \"analyst.raid\": examples[0] did not match: \"the RAID book\""
    );
    assert!(Analyser::builder()
        .strict(true)
        .build(&Profile::builtin())
        .is_ok());
}

#[test]
fn the_builtin_profile_round_trips_through_json_and_toml() {
    let p = Profile::builtin();
    let json = serde_json::to_string(&p).unwrap();
    let back = Profile::from_json_str(&json).unwrap();
    assert_eq!(back.signals, p.signals);
    let toml = toml::to_string(&p).unwrap();
    let back = Profile::from_toml_str(&toml).unwrap();
    assert_eq!(back.signals, p.signals);
}

#[test]
fn whole_words_can_be_turned_off_per_signal() {
    let toml = r#"
        [[signal]]
        id = "context.pmo"
        kind = "context"
        weight = 1.0
        phrases = ["pmo"]
        whole_words = false
    "#;
    let a = build(toml).unwrap();
    let r = a.analyse_text("x\n#PMOlife and ePMO");
    let texts: Vec<&str> = r.evidence().iter().map(|e| e.text()).collect();
    assert_eq!(texts, ["PMO", "PMO"]);
    let strict = build(&toml.replace("whole_words = false", "")).unwrap();
    assert!(strict
        .analyse_text("x\n#PMOlife and ePMO")
        .evidence()
        .is_empty());
}

#[test]
fn a_patch_names_a_builtin_signal_by_id_to_disable_extend_or_reweight_it() {
    let patch = Profile::from_toml_str(
        r#"
        [[signal]]
        id = "analyst.kpis"
        disabled = true

        [[signal]]
        id = "analyst.raid"
        extend = true
        phrases = ["issues and dependencies tracker"]
        examples = ["Keep the issues and dependencies tracker."]

        [[signal]]
        id = "analyst.minutes"
        weight = 2.0
        "#,
    )
    .unwrap();
    assert_eq!(patch.patches.len(), 3);
    assert!(patch.signals.is_empty());
    let merged = Profile::builtin().merge(patch);
    let raid = merged
        .signals
        .iter()
        .find(|s| s.id == "analyst.raid")
        .unwrap();
    let builtin_raid = Profile::builtin()
        .signals
        .into_iter()
        .find(|s| s.id == "analyst.raid")
        .unwrap();
    // Extended: the built-in phrases kept, one added; kind, role and weight untouched.
    assert_eq!(raid.phrases.len(), builtin_raid.phrases.len() + 1);
    assert_eq!(
        (raid.kind, raid.role),
        (builtin_raid.kind, builtin_raid.role)
    );
    let analyser = Analyser::builder().strict(true).build(&merged).unwrap();
    let report = analyser.analyse_text(
        "PMO Analyst\nKeep the issues and dependencies tracker, take minutes and track KPIs.",
    );
    assert!(report
        .evidence()
        .iter()
        .any(|e| e.signal() == "analyst.raid"));
    assert!(!report
        .evidence()
        .iter()
        .any(|e| e.signal() == "analyst.kpis"));
    let minutes = report
        .evidence()
        .iter()
        .find(|e| e.signal() == "analyst.minutes")
        .unwrap();
    // Weight 2.0 replaces the fitted one (and its [weights] override), section factor 1.
    assert!((minutes.weight() - 2.0).abs() < 1e-9, "{minutes:?}");
}

#[test]
fn a_patch_naming_no_signal_is_an_error_naming_it() {
    for (toml, what) in [
        ("[[signal]]\nid = \"analyst.kpi\"\ndisabled = true\n", "disable"),
        (
            "[[signal]]\nid = \"analyst.rade\"\nextend = true\nphrases = [\"x y\"]\n",
            "extend",
        ),
        ("[[signal]]\nid = \"analyst.minute\"\nweight = 1.0\n", "change"),
        // The old form with placeholders, misspelt, is refused too.
        (
            "[[signal]]\nid = \"analyst.kpi\"\nkind = \"duty\"\nrole = \"analyst\"\nweight = 1.0\ndisabled = true\n",
            "disable",
        ),
    ] {
        let patch = Profile::from_toml_str(toml).unwrap();
        let err = Analyser::build(&Profile::builtin().merge(patch)).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("no signal of this id") && shown.contains(what),
            "{toml}: {shown}"
        );
    }
}

#[test]
fn signal_entries_that_cannot_mean_anything_are_refused_when_read() {
    for (toml, needle) in [
        (
            "[[signal]]\nid = \"a.b\"\nkind = \"duty\"\nrole = \"lead\"\nphrases = [\"x y\"]\n",
            "needs a `weight`",
        ),
        (
            "[[signal]]\nid = \"analyst.raid\"\nphrases = [\"x y\"]\n",
            "extend = true",
        ),
        (
            "[[signal]]\nid = \"analyst.raid\"\nkind = \"duty\"\nrole = \"analyst\"\nweight = 1.0\nextend = true\nphrases = [\"x\"]\n",
            "takes no `kind`",
        ),
        ("[[signal]]\nid = \"analyst.raid\"\n", "says nothing"),
        (
            "[[signal]]\nid = \"analyst.raid\"\ndisabled = true\nweight = 1.0\n",
            "give nothing else",
        ),
        ("[[signal]]\nid = \"analyst.raid\"\nrole = \"lead\"\n", "need a `kind`"),
    ] {
        let err = Profile::from_toml_str(toml).unwrap_err().to_string();
        assert!(err.contains(needle), "{toml}: {err}");
    }
}

#[test]
fn section_factors_override_one_by_one() {
    let patch = Profile::from_toml_str("[settings.section_factors]\nbenefits = 0.0\n").unwrap();
    let merged = Profile::builtin().merge(patch);
    let s = merged.resolved_settings().section_factors;
    let d = Profile::builtin().resolved_settings().section_factors;
    assert_eq!(s.benefits, 0.0);
    assert_eq!(
        (s.title, s.responsibilities, s.company),
        (d.title, d.responsibilities, d.company)
    );
    Analyser::build(&merged).unwrap();
}

#[test]
fn regexes_match_ignoring_case() {
    let patch = Profile::from_toml_str(
        r#"
        [[signal]]
        id = "analyst.sap_ppm"
        kind = "duty"
        role = "analyst"
        weight = 1.0
        regexes = ['SAP PPM v\d+']
        "#,
    )
    .unwrap();
    let analyser = Analyser::build(&Profile::builtin().merge(patch)).unwrap();
    let report = analyser.analyse_text("PMO Analyst\nAdminister SAP PPM v7 for the portfolio.");
    assert!(report
        .evidence()
        .iter()
        .any(|e| e.signal() == "analyst.sap_ppm" && e.text() == "SAP PPM v7"));
}

#[test]
fn a_profile_with_patches_round_trips_through_toml_and_json() {
    let patch = Profile::from_toml_str(
        "[[signal]]\nid = \"analyst.raid\"\nextend = true\nphrases = [\"issue tracker\"]\n\n[[signal]]\nid = \"analyst.kpis\"\ndisabled = true\n",
    )
    .unwrap();
    let toml_text = toml::to_string(&patch).unwrap();
    assert_eq!(
        Profile::from_toml_str(&toml_text).unwrap().patches,
        patch.patches
    );
    let json = serde_json::to_string(&patch).unwrap();
    assert_eq!(
        Profile::from_json_str(&json).unwrap().patches,
        patch.patches
    );
}

#[test]
fn each_cause_is_printed_once_through_the_error_chain() {
    use std::error::Error as _;
    let missing = Profile::from_path("/no/such/dir/mine.toml").unwrap_err();
    assert_eq!(
        missing.to_string(),
        "/no/such/dir/mine.toml: cannot be read"
    );
    let os = missing.source().unwrap().to_string();
    assert!(!missing.to_string().contains(&os));
    let bad = Profile::from_toml_str(
        "[[signal]]\nid = \"x.y\"\nkind = \"duty\"\nrole = \"lead\"\nweight = 1.0\nregexes = [\"(\"]\n",
    )
    .unwrap();
    let err = Analyser::build(&bad).unwrap_err();
    let why = err
        .source()
        .expect("the regex error is the source")
        .to_string();
    assert!(why.contains("unclosed group"), "{why}");
    assert!(!err.to_string().contains("unclosed group"), "{err}");
}
