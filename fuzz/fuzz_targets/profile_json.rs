//! Any text as a JSON profile: loading and building either succeed or return an error, never
//! panic; a profile that builds can analyse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pmo_advert::{Analyser, Profile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(profile) = Profile::from_json_str(text) {
        if let Ok(analyser) = Analyser::build(&profile) {
            let _ = analyser.analyse_text("Head of PMO\nLine manage the team.");
        }
        let _ = Analyser::build(&Profile::builtin().merge(profile));
    }
});
