//! Runs every signal's `examples` and `counter_examples` in the built-in profile.

use pmo_advert::{Analyser, Profile};

#[test]
fn every_builtin_signal_keeps_its_examples() {
    let profile = Profile::builtin();
    let analyser = Analyser::build(&profile).expect("built-in profile compiles");
    let failures = analyser.check_examples(&profile);
    let listed: Vec<String> = failures.iter().map(|e| e.to_string()).collect();
    assert!(
        listed.is_empty(),
        "{} failures:\n{}",
        listed.len(),
        listed.join("\n")
    );
}

#[test]
fn every_builtin_signal_has_examples_and_counter_examples() {
    let profile = Profile::builtin();
    assert!(
        profile.signals.len() >= 60,
        "only {} signals",
        profile.signals.len()
    );
    for s in &profile.signals {
        assert!(!s.examples.is_empty(), "{} has no examples", s.id);
        assert!(
            !s.counter_examples.is_empty(),
            "{} has no counter_examples",
            s.id
        );
    }
}
