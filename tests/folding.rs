//! Text as PDFs and job boards deliver it (ligatures, fullwidth letters, hyphenated line breaks,
//! HTML entities left in plain text) is read like clean text, and evidence still points into the
//! text as given.

use pmo_advert::{Advert, Analyser};

/// Every evidence span slices `text` to the evidence text, on char boundaries.
fn spans_slice(text: &str) -> Vec<(String, usize, usize)> {
    let report = Analyser::builtin().analyse(&Advert::new(text));
    report
        .evidence()
        .iter()
        .map(|e| {
            let s = e.span();
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            assert_eq!(&text[s.start..s.end], e.text());
            (e.text().to_string(), e.line(), e.column())
        })
        .collect()
}

#[test]
fn folded_text_finds_the_same_evidence_as_clean_text() {
    let clean = "PMO Lead\nJoin our Project Management Office. Maintain the RAID log.";
    let messy = "PMO Lead\nJoin our Project Manage-\nment O\u{fb03}ce. Maintain the RAID&nbsp;log.";
    let clean_ev = spans_slice(clean);
    let messy_ev = spans_slice(messy);
    assert_eq!(clean_ev.len(), messy_ev.len(), "{clean_ev:?}\n{messy_ev:?}");
    assert!(
        messy_ev.iter().any(|e| e.0 == "RAID&nbsp;log"),
        "{messy_ev:?}"
    );
    // The phrase joined across the hyphenated break starts on line 2 and ends on line 3; what
    // follows it is placed on line 3.
    let office = messy_ev
        .iter()
        .find(|e| e.0.contains("Manage-\nment"))
        .unwrap_or_else(|| panic!("{messy_ev:?}"));
    assert_eq!((office.1, office.2), (2, 10));
    let raid = messy_ev.iter().find(|e| e.0 == "RAID&nbsp;log").unwrap();
    assert_eq!((raid.1, raid.2), (3, 25));
}

#[test]
fn fullwidth_and_entity_titles_are_read() {
    let report = Analyser::builtin().analyse(
        &Advert::new("Maintain the RAID log and collate highlight reports.")
            .title("\u{ff30}\u{ff2d}\u{ff2f}&nbsp;Officer"),
    );
    let claim = report.title_claim().expect("a title claim");
    assert_eq!(claim.text(), "\u{ff30}\u{ff2d}\u{ff2f}&nbsp;Officer");
}
