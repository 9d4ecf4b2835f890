//! Any bytes, made valid UTF-8, analysed as one text and as a title (up to the first line break)
//! plus a body: no panic, every span slices its field to the evidence's text, every sentence holds
//! its hit, every confidence lies in [0, 1].
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use pmo_advert::{Advert, Analyser, Field, Report};

fn analyser() -> &'static Analyser {
    static A: OnceLock<Analyser> = OnceLock::new();
    A.get_or_init(Analyser::builtin)
}

fn check(report: &Report, title: &str, body: &str) {
    for e in report.evidence() {
        let field = if e.field() == Field::Title { title } else { body };
        assert_eq!(&field[e.span()], e.text());
        assert!(e.sentence().contains(e.span()));
        assert!(e.weight().is_finite());
    }
    if let Some(v) = report.verdict() {
        assert!((0.0..=1.0).contains(&v.confidence()));
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check(&analyser().analyse_text(&text), "", &text);
    let (title, body) = text.split_once('\n').unwrap_or(("", &text));
    check(&analyser().analyse(&Advert::new(body).title(title)), title, body);
});
