//! Any text as a TOML profile: loading and building either succeed or return an error, never
//! panic; a profile that builds can analyse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pmo_advert::{Analyser, Profile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(profile) = Profile::from_toml_str(text) {
        let _ = profile.validate();
        if let Ok(analyser) = Analyser::builder().strict(true).build(&profile) {
            let _ = analyser.analyse_text("PMO Analyst\nMaintain the RAID log.");
        }
        let _ = Analyser::build(&Profile::builtin().merge(profile));
    }
});
