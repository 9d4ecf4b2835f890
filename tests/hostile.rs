//! Hostile input and broken configuration: shared analysers, adversarial texts, size limits.

use std::path::Path;

use pmo_advert::{Analyser, Error, Profile, MAX_PHRASES, MAX_SIGNALS};

fn fixtures() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/adverts");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

#[test]
fn one_analyser_shared_by_eight_threads_gives_identical_reports() {
    let analyser = Analyser::builtin();
    let texts = fixtures();
    let expected: Vec<_> = texts.iter().map(|t| analyser.analyse_text(t)).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|k| {
                let a = analyser.clone();
                let texts = &texts;
                s.spawn(move || {
                    // Each thread walks the fixtures from a different place.
                    (0..texts.len())
                        .map(|i| {
                            let j = (i + k * 5) % texts.len();
                            (j, a.analyse_text(&texts[j]))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (j, report) in h.join().unwrap() {
                assert_eq!(report, expected[j]);
            }
        }
    });
}

#[test]
fn adversarial_texts_are_analysed_without_trouble() {
    let a = Analyser::builtin();
    let sample = fixtures().concat();
    let one_line = sample.replace(['\n', '\r'], " ").repeat(20);
    let repeated = "PMO Analyst maintains the RAID log. ".repeat(20_000);
    let no_spaces: String = sample.chars().filter(|c| !c.is_whitespace()).collect();
    let nuls = "\0".repeat(10_000) + "PMO Analyst" + &"\0".repeat(10_000);
    let html = "<div><p>PMO&nbsp;Lead</p><ul><li>Set up the PMO</li></ul></div>".repeat(500);
    let rtl = "\u{202e}PMO Manager\u{202c} \u{5d0}\u{5d1} line manage the team. ".repeat(500);
    let emoji = "🚀 PMO Officer 👩\u{200d}💻 RAID log ✅ ".repeat(1000);
    let crlf_bom = format!("\u{feff}{}", sample.replace('\n', "\r\n"));
    for (name, text) in [
        ("one line", &one_line),
        ("repeated phrase", &repeated),
        ("no spaces", &no_spaces),
        ("NULs", &nuls),
        ("HTML", &html),
        ("right-to-left", &rtl),
        ("emoji", &emoji),
        ("CRLF and BOM", &crlf_bom),
    ] {
        let r = a.analyse_text(text);
        for e in r.evidence() {
            assert_eq!(&text[e.span()], e.text(), "{name}");
        }
        let json = serde_json::to_string(&r).unwrap();
        assert!(
            serde_json::from_str::<serde_json::Value>(&json).is_ok(),
            "{name}"
        );
    }
    // Keyword stuffing: a hundred thousand repeats of one phrase do not scale its score.
    let stuffed = "line manage ".repeat(100_000);
    let r = a.analyse_text(&format!("PMO Officer\n{stuffed}"));
    assert!(
        r.duties_only().manager() < 10.0,
        "{}",
        r.duties_only().manager()
    );
}

#[test]
fn oversized_input_is_cut_and_reported() {
    let a = Analyser::builder()
        .max_input_bytes(20)
        .build(&Profile::builtin())
        .unwrap();
    let text = "PMO Analyst 1234567é maintains the RAID log";
    let r = a.analyse_text(text);
    let st = r.stats();
    assert!(st.truncated());
    assert_eq!(st.bytes(), text.len());
    assert_eq!(st.analysed_bytes(), 19); // "é" straddles byte 20: the cut falls before it
    assert!(r.evidence().iter().all(|e| e.span().end <= 19));
    assert!(r.evidence().iter().any(|e| e.text() == "PMO Analyst"));
    assert!(!Analyser::builtin().analyse_text(text).stats().truncated());
}

#[test]
fn profiles_over_the_size_limits_are_refused() {
    let mut many = String::new();
    for i in 0..=MAX_SIGNALS {
        many.push_str(&format!(
            "[[signal]]\nid = \"s{i}\"\nkind = \"context\"\nweight = 1.0\nphrases = [\"w{i}\"]\n"
        ));
    }
    let err = Analyser::build(&Profile::from_toml_str(&many).unwrap()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooLarge {
                what: "signals",
                ..
            }
        ),
        "{err}"
    );

    let phrases: Vec<String> = (0..=MAX_PHRASES).map(|i| format!("\"p{i}\"")).collect();
    let big = format!(
        "[[signal]]\nid = \"big\"\nkind = \"context\"\nweight = 1.0\nphrases = [{}]\n",
        phrases.join(",")
    );
    let err = Analyser::build(&Profile::from_toml_str(&big).unwrap()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooLarge {
                what: "phrases",
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("phrases: 20001 exceeds the limit of 20000"),
        "{err}"
    );
}

#[test]
fn repeats_past_a_signal_cap_are_counted_not_listed() {
    let analyser = pmo_advert::Analyser::builtin();
    let stuffed = |n: usize| {
        format!(
            "PMO Analyst\n{}",
            "Maintain the RAID log and take minutes. ".repeat(n)
        )
    };
    let small = analyser.analyse_text(&stuffed(20_000));
    let large = analyser.analyse_text(&stuffed(200_000));
    // Listed evidence stays small; the rest is counted per signal.
    assert!(large.evidence().len() < 500, "{}", large.evidence().len());
    let raid_listed = large
        .evidence()
        .iter()
        .filter(|e| e.signal() == "analyst.raid")
        .count();
    let raid_omitted = large
        .omitted()
        .iter()
        .find(|o| o.signal() == "analyst.raid")
        .map_or(0, |o| o.count());
    assert_eq!(raid_listed + raid_omitted, 200_000);
    // Both are past every cap: the scores agree to well within 10⁻³.
    for role in pmo_advert::Role::ALL {
        let (a, b) = (small.scores().get(role), large.scores().get(role));
        assert!((a - b).abs() < 1e-3, "{role}: {a} vs {b}");
    }
    // Ordinary adverts list everything.
    assert!(analyser
        .analyse_text("PMO Analyst\nMaintain the RAID log. Take minutes.")
        .omitted()
        .is_empty());
}
