//! Properties that hold for any text: no panic, exact spans, consistent line and column,
//! determinism across runs and threads, and evidence that later text cannot take away.

use pmo_advert::{Advert, Analyser, Evidence, Field, Report};
use proptest::prelude::*;
use std::sync::OnceLock;

fn analyser() -> &'static Analyser {
    static A: OnceLock<Analyser> = OnceLock::new();
    A.get_or_init(Analyser::builtin)
}

/// Pieces real and hostile adverts are made of.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "PMO", "PMO Analyst", "PMO Lead", "PMO Manager", "Head of PMO", "RAID log", "KPIs",
            "line management", "no line management", "not responsible for", "programme office",
            "Key responsibilities", "About us", "Benefits", "set up the PMO", "co-ordinator",
            "Co\u{2013}ordinator", "PMO\u{2019}s", "Reporting to the", "e.g.", "Mr.", "3-5 years",
            "10+ years", "lead", "leadership", "mislead", "kpi2",
        ]).prop_map(str::to_string),
        3 => prop::sample::select(vec![
            " ", "  ", "\n", "\r\n", "\r", "\n\n", "\t", "\u{a0}", "\u{2022} ", "- ", ". ", ", ",
            ":", "\u{feff}", "\u{200b}", "\u{ad}", "\u{2029}", "\0", "\u{7}", "\u{1b}[0m",
        ]).prop_map(str::to_string),
        2 => prop::sample::select(vec![
            "é", "e\u{301}", "\u{5d0}\u{5d1}\u{5d2}", "\u{627}\u{644}\u{639}", "漢字", "경영",
            "😀", "👩\u{200d}💻", "\u{202e}", "\u{fffd}", "Лидер", "ß", "ﬁ", "İ", "\u{10ffff}",
        ]).prop_map(str::to_string),
        2 => "\\PC{0,12}",
        1 => prop::collection::vec(any::<u8>(), 0..24)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

fn advert_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
}

/// Line and column of byte `pos` counted the slow way (CRLF one break, lone CR one break,
/// a leading BOM no column).
fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let (mut line, mut col) = (1, 1);
    let mut chars = text[..pos].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i == 0 && c == '\u{feff}' {
            continue;
        }
        match c {
            '\n' => {
                line += 1;
                col = 1;
            }
            '\r' if chars.peek().map(|&(_, n)| n) != Some('\n') => {
                line += 1;
                col = 1;
            }
            '\r' => {}
            _ => col += 1,
        }
    }
    (line, col)
}

fn check_evidence(field_text: &str, e: &Evidence) {
    let s = e.span();
    assert!(s.start < s.end && s.end <= field_text.len(), "{s:?}");
    assert!(field_text.is_char_boundary(s.start) && field_text.is_char_boundary(s.end));
    assert_eq!(&field_text[s], e.text());
    assert_eq!(
        (e.line(), e.column()),
        line_col(field_text, s.start),
        "{:?}",
        e.text()
    );
    let sentence = e.sentence();
    assert!(
        sentence.contains(s),
        "sentence {sentence:?} does not hold {s:?}"
    );
    assert!(field_text.get(sentence.range()).is_some());
    assert!(e.weight().is_finite());
}

fn check_report(title: Option<&str>, body: &str, r: &Report) {
    for e in r.evidence() {
        match e.field() {
            Field::Title => check_evidence(title.expect("title evidence needs a title"), e),
            Field::Body => check_evidence(body, e),
        }
    }
    if let Some(v) = r.verdict() {
        assert!((0.0..=1.0).contains(&v.confidence()));
    }
    for s in [r.scores(), r.duties_only()] {
        assert!(s.analyst().is_finite() && s.lead().is_finite() && s.manager().is_finite());
    }
    // The JSON is always valid.
    let json = serde_json::to_string(r).unwrap();
    let _: serde_json::Value = serde_json::from_str(&json).unwrap();
}

/// The parts of a piece of evidence that later text must not change: what matched, where, and in
/// which section and sentence. Its weight and cue may change, because facts of the whole advert
/// found later decide them: PMO membership (a title without a PMO unit claims its level only
/// when the body shows membership) and another meaning of "PMO" (which voids every PMO mention).
fn key(e: &Evidence) -> String {
    format!(
        "{}|{:?}|{}|{}:{}|{:?}|{:?}",
        e.signal(),
        e.span(),
        e.text(),
        e.line(),
        e.column(),
        e.section(),
        e.sentence()
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_text_gives_exact_spans_and_valid_reports(body in advert_text(), title in advert_text()) {
        let a = analyser();
        let r = a.analyse_text(&body);
        check_report(None, &body, &r);
        let r = a.analyse(&Advert::new(&body).title(&title));
        check_report(Some(&title), &body, &r);
    }

    #[test]
    fn random_bytes_made_valid_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let text = String::from_utf8_lossy(&bytes);
        let r = analyser().analyse_text(&text);
        check_report(None, &text, &r);
    }

    #[test]
    fn reports_are_deterministic_across_runs_and_threads(body in advert_text()) {
        let a = analyser();
        let first = a.analyse_text(&body);
        prop_assert_eq!(&first, &a.analyse_text(&body));
        let other = std::thread::scope(|s| s.spawn(|| a.analyse_text(&body)).join().unwrap());
        prop_assert_eq!(&first, &other);
        prop_assert_eq!(serde_json::to_string(&first).unwrap(), serde_json::to_string(&other).unwrap());
    }

    #[test]
    fn appending_unrelated_text_keeps_earlier_evidence(a in advert_text(), b in advert_text()) {
        let an = analyser();
        let before = an.analyse_text(&a);
        // Past the lines searched for a title line, so that `b` cannot offer a better one.
        let joined = format!("{a}\n\n{}\n{b}", "x\n".repeat(8));
        let after = an.analyse_text(&joined);
        let kept: std::collections::HashSet<String> = after.evidence().iter().map(key).collect();
        for e in before.evidence() {
            prop_assert!(kept.contains(&key(e)), "lost {} after appending", key(e));
        }
    }

    #[test]
    fn truncation_is_reported_and_cut_on_a_char_boundary(body in advert_text(), cap in 0usize..200) {
        let a = Analyser::builder().max_input_bytes(cap).build(&pmo_advert::Profile::builtin()).unwrap();
        let r = a.analyse_text(&body);
        let st = r.stats();
        prop_assert_eq!(st.bytes(), body.len());
        prop_assert_eq!(st.truncated(), body.len() > cap);
        prop_assert!(st.analysed_bytes() <= cap.min(body.len()));
        prop_assert!(body.is_char_boundary(st.analysed_bytes()));
        for e in r.evidence() {
            prop_assert!(e.span().end <= st.analysed_bytes());
        }
    }
}
