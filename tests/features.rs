//! The feature vector is exact: under the analyser's own weights it gives every report's scores,
//! non-PMO mass and verdict, and a `[weights]` patch changes the scores exactly as the features
//! predict.

mod support;

use pmo_advert::{Advert, Analyser, Error, Profile, Report, Scores};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

fn same_scores(a: Scores, b: Scores) -> bool {
    close(a.analyst(), b.analyst()) && close(a.lead(), b.lead()) && close(a.manager(), b.manager())
}

fn check(analyser: &Analyser, name: &str, advert: &Advert<'_>, weight: impl Fn(&str, f64) -> f64) {
    let report: Report = analyser.analyse(advert);
    let features = analyser.features(advert);
    let scores = features.scores(|f| weight(f.signal(), f.weight()));
    assert!(
        same_scores(scores.full(), report.scores()),
        "{name}: full scores"
    );
    assert!(
        same_scores(scores.duties(), report.duties_only()),
        "{name}: duty scores"
    );
    assert!(
        close(scores.non_pmo(), report.non_pmo()),
        "{name}: non-PMO mass"
    );
    assert!(
        close(features.membership(), report.membership()),
        "{name}: membership"
    );
    let settings = analyser.settings();
    // The sums run in another order: the same up to rounding.
    let (verdict, share) = settings.decide(&scores.full(), features.membership(), scores.non_pmo());
    assert_eq!(
        verdict.map(|v| v.role()),
        report.verdict().map(|v| v.role()),
        "{name}"
    );
    assert!(close(share, report.share()), "{name}: share");
    let (verdict, share) =
        settings.decide(&scores.duties(), features.membership(), scores.non_pmo());
    let duties = report.duties_verdict().map(|v| v.role());
    assert_eq!(verdict.map(|v| v.role()), duties, "{name}: duties verdict");
    assert!(close(share, report.duties_share()), "{name}: duties share");
}

#[test]
fn features_give_every_fixture_report_its_scores_and_verdicts() {
    let analyser = Analyser::builtin();
    for (name, text) in support::fixtures("txt") {
        check(&analyser, &name, &Advert::new(&text), |_, w| w);
        // With a separate title too: the title claim's coefficient carries the title factor.
        let (title, body) = text.split_once('\n').unwrap_or((&text, ""));
        check(&analyser, &name, &Advert::new(body).title(title), |_, w| w);
    }
}

#[test]
fn a_weights_patch_moves_the_scores_as_the_features_predict() {
    let patch = Profile::from_toml_str(
        r#"
        [weights]
        "analyst.minutes" = 0.25
        "title.claim.manager" = 1.5
        "title.near_miss" = 4.0
        "#,
    )
    .unwrap();
    let base = Analyser::builtin();
    let patched = Analyser::build(&Profile::builtin().merge(patch)).unwrap();
    for (name, text) in support::fixtures("txt") {
        let advert = Advert::new(&text);
        let features = base.features(&advert);
        let predicted = features.scores(|f| match f.signal() {
            "analyst.minutes" => 0.25,
            "title.claim.manager" => 1.5,
            "title.near_miss" => 4.0,
            _ => f.weight(),
        });
        let report = patched.analyse(&advert);
        assert!(same_scores(predicted.full(), report.scores()), "{name}");
        assert!(
            same_scores(predicted.duties(), report.duties_only()),
            "{name}"
        );
        assert!(close(predicted.non_pmo(), report.non_pmo()), "{name}");
        // Membership does not move with the claim's weight.
        assert!(close(features.membership(), report.membership()), "{name}");
        check(&patched, &name, &advert, |_, w| w);
    }
}

#[test]
fn a_weights_patch_naming_no_signal_or_out_of_range_is_refused() {
    for (toml, needle) in [
        (
            "[weights]\n\"analyst.no_such_signal\" = 1.0\n",
            "no enabled signal",
        ),
        ("[weights]\n\"title.pmo\" = 1.0\n", "no enabled signal"),
        ("[weights]\n\"analyst.minutes\" = 11.0\n", "outside"),
        ("[weights]\n\"analyst.minutes\" = -1.0\n", "outside"),
    ] {
        let patch = Profile::from_toml_str(toml).unwrap();
        let err = Analyser::build(&Profile::builtin().merge(patch)).unwrap_err();
        assert!(matches!(err, Error::InvalidSignal { .. }), "{toml}: {err}");
        let shown = err.to_string();
        assert!(
            shown.contains("weights") && shown.contains(needle),
            "{shown}"
        );
    }
}

#[test]
fn features_round_trip_through_json() {
    let analyser = Analyser::builtin();
    let advert =
        Advert::new("You will take minutes and maintain the RAID log.").title("PMO Analyst");
    let features = analyser.features(&advert);
    assert!(features
        .signals()
        .iter()
        .any(|f| f.signal() == "title.claim.analyst"));
    let json = serde_json::to_string(&features).unwrap();
    let back: pmo_advert::Features = serde_json::from_str(&json).unwrap();
    assert_eq!(back.signals().len(), features.signals().len());
    assert!(same_scores(
        back.scores(|f| f.weight()).full(),
        features.scores(|f| f.weight()).full()
    ));
}
