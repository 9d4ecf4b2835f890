//! Text taken from a PDF: running headers, footers and page counters are page furniture and
//! count nothing; private-use bullets are bullets; each PDF-text fixture gives the verdict of
//! the plain advert it was made from.

use pmo_advert::{Analyser, Section};

fn read(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/adverts")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn pdf_text_gives_the_verdict_of_its_plain_twin() {
    let analyser = Analyser::builtin();
    for (pdf, plain) in [
        (
            "lead-pmo-governance-lead-pdf.txt",
            "lead-pmo-governance-lead.txt",
        ),
        (
            "analyst-pmo-officer-nhs-pdf.txt",
            "analyst-pmo-officer-nhs.txt",
        ),
    ] {
        let a = analyser.analyse_text(&read(pdf));
        let b = analyser.analyse_text(&read(plain));
        assert_eq!(
            a.verdict().map(|v| v.role()),
            b.verdict().map(|v| v.role()),
            "{pdf}"
        );
        assert!(a.verdict().is_some(), "{pdf}");
    }
}

#[test]
fn running_headers_footers_and_counters_count_nothing() {
    let analyser = Analyser::builtin();
    for (file, running) in [
        (
            "lead-pmo-governance-lead-pdf.txt",
            "Northfield Housing Group – PMO Governance Lead",
        ),
        (
            "analyst-pmo-officer-nhs-pdf.txt",
            "Job Description – PMO Officer",
        ),
    ] {
        let text = read(file);
        let report = analyser.analyse_text(&text);
        let on_running: Vec<_> = report
            .evidence()
            .iter()
            .filter(|e| {
                let line = text.lines().nth(e.line() - 1).unwrap();
                line.starts_with(running)
            })
            .collect();
        assert!(on_running.len() >= 2, "{file}: {on_running:?}");
        for e in on_running {
            assert_eq!(e.section(), Section::Furniture, "{file}: {e:?}");
            assert_eq!(e.weight(), 0.0, "{file}: {e:?}");
        }
    }
}

#[test]
fn page_counters_alone_do_not_make_a_running_line_of_a_heading() {
    // Two pages with counters; the heading "Responsibilities" appears once and keeps opening
    // its section, and a duty line repeated mid-page is not furniture.
    let text = "PMO Analyst\nResponsibilities\n\u{f0b7} Maintain the RAID log.\n\u{f0b7} Take \
                minutes at boards.\nMore text here.\nPage 1 of 2\nSecond page text.\n\u{f0b7} \
                Maintain the RAID log.\nClosing text.\nMore closing text.\nPage 2 of 2";
    let report = Analyser::builtin().analyse_text(text);
    let raid: Vec<_> = report
        .evidence()
        .iter()
        .filter(|e| e.signal() == "analyst.raid")
        .collect();
    assert!(!raid.is_empty());
    assert_eq!(raid[0].section(), Section::Responsibilities);
    assert!(
        raid.iter().all(|e| e.section() != Section::Furniture),
        "{raid:?}"
    );
}
