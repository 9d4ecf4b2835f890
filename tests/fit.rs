//! The fitter (feature `fit`): it recovers the ranking of known weights from adverts labelled by
//! them, is deterministic for a seed, refuses too few labels, and its patch, merged over the
//! profile, gives exactly the scores and verdicts it predicted.
#![cfg(feature = "fit")]

mod support;

use pmo_advert::fit::{self, FitError, FitOptions, LabelledAdvert, Weights};
use pmo_advert::metrics::Label;
use pmo_advert::{Advert, Analyser, Profile};

/// Made-up phrases no built-in signal knows, one signal each: (id, role, phrase, true weight).
const SYNTHETIC: [(&str, &str, &str, f64); 6] = [
    ("analyst.syn_strong", "analyst", "zorblat the ledgers", 3.0),
    ("analyst.syn_weak", "analyst", "quindle the folders", 0.7),
    ("lead.syn_strong", "lead", "frobnicate the office", 2.5),
    ("lead.syn_weak", "lead", "wibble the methods", 0.9),
    ("manager.syn_strong", "manager", "grok the directorate", 3.5),
    ("manager.syn_weak", "manager", "plonk the rota", 1.2),
];

fn profile(weight: impl Fn(f64) -> f64) -> Profile {
    let mut toml = String::new();
    for (id, role, phrase, w) in SYNTHETIC {
        toml += &format!(
            "[[signal]]\nid = {id:?}\nkind = \"duty\"\nrole = {role:?}\ntheme = \"synthetic\"\nweight = {}\nphrases = [{phrase:?}]\n\n",
            weight(w)
        );
    }
    Profile::builtin().merge(Profile::from_toml_str(&toml).unwrap())
}

/// A small deterministic generator (64-bit LCG), so the test needs no random-number crate.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Adverts of one to four synthetic duties, labelled by sampling the true profile's
/// probabilities; features computed by `analyser`.
fn synthetic_data(
    truth: &Analyser,
    analyser: &Analyser,
    n: usize,
    seed: u64,
) -> Vec<LabelledAdvert> {
    let mut rng = Lcg(seed);
    (0..n)
        .map(|i| {
            let k = 1 + (rng.next() * 4.0) as usize;
            let mut body = String::from("Join our PMO.");
            for _ in 0..k {
                let s = (rng.next() * SYNTHETIC.len() as f64) as usize;
                body += &format!(" You will {}.", SYNTHETIC[s].2);
            }
            let advert = Advert::new(&body);
            let f = truth.features(&advert);
            let scores = f.scores(|x| x.weight());
            let p =
                truth
                    .settings()
                    .probabilities(&scores.full(), f.membership(), scores.non_pmo());
            let r = rng.next();
            let mut acc = 0.0;
            let label = Label::ALL
                .into_iter()
                .find(|l| {
                    acc += p[l.index()];
                    r < acc
                })
                .unwrap_or(Label::Other);
            LabelledAdvert::new(format!("syn{i}"), analyser.features(&advert), label)
        })
        .collect()
}

#[test]
fn fitting_recovers_the_ranking_of_known_weights() {
    let truth = Analyser::build(&profile(|w| w)).unwrap();
    let flat = Analyser::build(&profile(|_| 1.5)).unwrap();
    let data = synthetic_data(&truth, &flat, 600, 7);
    let start = Weights::from_data(&data, flat.settings());
    let options = FitOptions {
        l2: 0.01,
        ..FitOptions::default()
    };
    let fitted = fit::fit(&data, &start, flat.settings(), &options).unwrap();
    let w = |id: &str| fitted.signals()[id];
    for role in ["analyst", "lead", "manager"] {
        let (strong, weak) = (
            w(&format!("{role}.syn_strong")),
            w(&format!("{role}.syn_weak")),
        );
        assert!(
            strong > weak + 0.5,
            "{role}: strong {strong} vs weak {weak}"
        );
    }
    // Across roles, every pair whose true weights differ by at least 0.8 keeps its order.
    for a in SYNTHETIC {
        for b in SYNTHETIC {
            if a.3 >= b.3 + 0.8 {
                assert!(w(a.0) > w(b.0), "{} {} vs {} {}", a.0, w(a.0), b.0, w(b.0));
            }
        }
    }
}

fn fixture_data(analyser: &Analyser) -> Vec<LabelledAdvert> {
    // The .html/.json fixtures are twins of .txt ones, read through the input module.
    support::fixtures("txt")
        .into_iter()
        .filter_map(|(name, text)| {
            let label = match name.split('-').next()? {
                "analyst" => Label::Analyst,
                "lead" => Label::Lead,
                "manager" => Label::Manager,
                "other" => Label::Other,
                _ => return None,
            };
            Some(LabelledAdvert::new(
                name,
                analyser.features(&Advert::new(&text)),
                label,
            ))
        })
        .collect()
}

#[test]
fn a_fitted_patch_round_trips_and_gives_the_predicted_scores() {
    let analyser = Analyser::builtin();
    let data = fixture_data(&analyser);
    assert!(data.len() >= 30, "{} fixtures", data.len());
    let start = Weights::from_data(&data, analyser.settings());
    let options = FitOptions {
        l2: 0.3,
        ..FitOptions::default()
    };
    let fitted = fit::fit(&data, &start, analyser.settings(), &options).unwrap();
    assert_ne!(fitted, start, "the fit moved nothing");
    let patch = Profile::from_toml_str(&fitted.to_patch_toml()).unwrap();
    let patched = Analyser::build(&Profile::builtin().merge(patch)).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/adverts");
    for a in &data {
        let text = std::fs::read_to_string(dir.join(a.id())).unwrap();
        let report = patched.analyse(&Advert::new(&text));
        let predicted = fitted.scores(a.features());
        for (p, r) in [
            (predicted.full().analyst(), report.scores().analyst()),
            (predicted.full().lead(), report.scores().lead()),
            (predicted.full().manager(), report.scores().manager()),
            (predicted.duties().manager(), report.duties_only().manager()),
            (predicted.non_pmo(), report.non_pmo()),
        ] {
            assert!(
                (p - r).abs() < 1e-9,
                "{}: predicted {p}, analysed {r}",
                a.id()
            );
        }
        let prediction = fitted.predict(a, analyser.settings(), false);
        assert_eq!(
            prediction.verdict().role(),
            report.verdict().map(|v| v.role()),
            "{}",
            a.id()
        );
        let confidence = report
            .verdict()
            .map_or(1.0 - report.share(), |v| v.confidence());
        assert!(
            (prediction.confidence() - confidence).abs() < 1e-9,
            "{}",
            a.id()
        );
    }
}

#[test]
fn one_seed_gives_one_patch_and_one_report() {
    let analyser = Analyser::builtin();
    let data = fixture_data(&analyser);
    let start = Weights::from_data(&data, analyser.settings());
    let options = FitOptions::default();
    let a = fit::fit(&data, &start, analyser.settings(), &options).unwrap();
    let b = fit::fit(&data, &start, analyser.settings(), &options).unwrap();
    assert_eq!(a.to_patch_toml(), b.to_patch_toml());
    let cv = |seed| {
        fit::cross_validate(
            &data,
            &start,
            analyser.settings(),
            3,
            seed,
            Some(1.0),
            &options,
        )
        .unwrap()
    };
    assert_eq!(cv(5), cv(5));
    assert_eq!(
        fit::assign_folds(&data, 3, 5),
        fit::assign_folds(&data, 3, 5)
    );
    assert_ne!(
        fit::assign_folds(&data, 3, 5),
        fit::assign_folds(&data, 3, 6)
    );
}

#[test]
fn too_few_adverts_of_a_label_are_refused() {
    let analyser = Analyser::builtin();
    let mut data = fixture_data(&analyser);
    // Keep four Leads only.
    let mut leads = 0;
    data.retain(|a| {
        if a.label() == Label::Lead {
            leads += 1;
            leads <= 4
        } else {
            true
        }
    });
    let start = Weights::from_data(&data, analyser.settings());
    let err = fit::fit(&data, &start, analyser.settings(), &FitOptions::default()).unwrap_err();
    assert!(
        matches!(
            err,
            FitError::TooFewAdverts {
                label: Label::Lead,
                count: 4,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("only 4 advert(s) labelled lead"),
        "{err}"
    );
    let only_one: Vec<LabelledAdvert> = data
        .iter()
        .filter(|a| a.label() == Label::Analyst)
        .cloned()
        .collect();
    assert!(matches!(
        fit::fit(
            &only_one,
            &start,
            analyser.settings(),
            &FitOptions::default()
        ),
        Err(FitError::TooFewLabels(1))
    ));
    let full = fixture_data(&analyser);
    assert!(matches!(
        fit::cross_validate(
            &full,
            &start,
            analyser.settings(),
            1,
            1,
            None,
            &FitOptions::default()
        ),
        Err(FitError::Folds { folds: 1, .. })
    ));
}
