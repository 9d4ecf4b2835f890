//! Any bytes, made valid UTF-8, read as an HTML page and as JobPosting JSON: no panic; every
//! extracted advert's evidence slices its field to its text, and every source span it maps lands
//! inside the page on char boundaries.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pmo_advert::input::ExtractedAdvert;
use pmo_advert::{Analyser, Field};

fn analyser() -> &'static Analyser {
    static A: OnceLock<Analyser> = OnceLock::new();
    A.get_or_init(Analyser::builtin)
}

fn check(adverts: &[ExtractedAdvert], source: &str) {
    for a in adverts {
        let report = a.analyse(analyser());
        for e in report.evidence() {
            let field = match e.field() {
                Field::Title => a.title().unwrap_or(""),
                Field::Body => a.body(),
            };
            assert_eq!(&field[e.span()], e.text());
            if let Some(span) = e.source_span() {
                assert!(source.get(span.range()).is_some());
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(adverts) = ExtractedAdvert::from_html(&text) {
        check(&adverts, &text);
    }
    if let Ok(adverts) = ExtractedAdvert::from_job_posting_json(&text) {
        check(&adverts, &text);
    }
});
