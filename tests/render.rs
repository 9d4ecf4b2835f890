//! The `render` module: the text summary, the CSV rows and the HTML page. The page is read back
//! with a real HTML tokenizer (html5gum): every piece of evidence of every fixture is highlighted
//! once with exactly its text, and no advert text can add markup.
#![cfg(feature = "render")]

use std::collections::BTreeMap;
use std::path::Path;

mod support;

use pmo_advert::render::{self, CsvError, CsvWriter, HtmlAdvert, TextOptions, CSV_HEADER};
use pmo_advert::{Advert, Analyser, Evidence, Field, Report};

/// The plain-text fixtures (at least 30).
fn fixtures() -> Vec<(String, String)> {
    let fixtures = support::fixtures("txt");
    assert!(fixtures.len() >= 30);
    fixtures
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/adverts")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// A report rebuilt from its JSON after `edit`: reports other than the analyser's (crossing
/// spans, other confidences) without reaching into the crate.
fn edited(report: &Report, edit: impl FnOnce(&mut serde_json::Value)) -> Report {
    let mut json = serde_json::to_value(report).unwrap();
    edit(&mut json);
    serde_json::from_value(json).unwrap()
}

// ---------------------------------------------------------------------------------------------
// A small document tree from html5gum's tokens.

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Node>,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
    fn classes(&self) -> Vec<&str> {
        self.attr("class")
            .map(|c| c.split_whitespace().collect())
            .unwrap_or_default()
    }
    fn has_class(&self, class: &str) -> bool {
        self.classes().contains(&class)
    }
    fn text(&self) -> String {
        let mut out = String::new();
        fn walk(e: &Element, out: &mut String) {
            for c in &e.children {
                match c {
                    Node::Text(t) => out.push_str(t),
                    Node::Element(e) => walk(e, out),
                }
            }
        }
        walk(self, &mut out);
        out
    }
    /// Every element below this one, depth first in document order, with its ancestors.
    fn descendants(&self) -> Vec<(&Element, Vec<&Element>)> {
        let mut out = Vec::new();
        fn walk<'a>(
            e: &'a Element,
            up: &mut Vec<&'a Element>,
            out: &mut Vec<(&'a Element, Vec<&'a Element>)>,
        ) {
            for c in &e.children {
                if let Node::Element(child) = c {
                    out.push((child, up.clone()));
                    up.push(child);
                    walk(child, up, out);
                    up.pop();
                }
            }
        }
        walk(self, &mut Vec::new(), &mut out);
        out
    }
    fn all(&self, name: &str) -> Vec<&Element> {
        self.descendants()
            .into_iter()
            .filter(|(e, _)| e.name == name)
            .map(|(e, _)| e)
            .collect()
    }
}

const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

fn s(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("tokens are UTF-8")
}

/// Tokenizes `page` (with the raw-text states of `<script>` and `<style>`) and builds its tree;
/// fails on any tokenizer error and on an end tag that does not close the open element, so the
/// page must be well-formed for the tree to be built at all.
fn parse(page: &str) -> Element {
    parse_with(page, true)
}

/// [`parse`]; with `strict` false, the tokenizer's complaints about characters in the text
/// (NUL, noncharacters, controls: the input's own) are let pass.
fn parse_with(page: &str, strict: bool) -> Element {
    use html5gum::{DefaultEmitter, Token, Tokenizer};
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut stack: Vec<Element> = vec![Element {
        name: "#document".into(),
        ..Element::default()
    }];
    for token in Tokenizer::new_with_emitter(page, emitter) {
        match token.unwrap() {
            Token::StartTag(tag) => {
                let e = Element {
                    name: s(&tag.name),
                    attrs: tag
                        .attributes
                        .iter()
                        .map(|(k, v)| (s(k), s(&v.value)))
                        .collect(),
                    children: Vec::new(),
                };
                if VOID.contains(&e.name.as_str()) || tag.self_closing {
                    stack.last_mut().unwrap().children.push(Node::Element(e));
                } else {
                    stack.push(e);
                }
            }
            Token::EndTag(tag) => {
                let name = s(&tag.name);
                let e = stack.pop().unwrap();
                assert_eq!(e.name, name, "end tag </{name}> closes <{}>", e.name);
                stack.last_mut().unwrap().children.push(Node::Element(e));
            }
            Token::String(text) => {
                let text = s(&text.value);
                let children = &mut stack.last_mut().unwrap().children;
                match children.last_mut() {
                    Some(Node::Text(t)) => t.push_str(&text),
                    _ => children.push(Node::Text(text)),
                }
            }
            Token::Comment(_) | Token::Doctype(_) => {}
            Token::Error(e) => assert!(!strict, "tokenizer error {e:?}"),
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements: {:?}", stack.len() - 1);
    stack.pop().unwrap()
}

/// How an HTML parser hands text back: a CR or CRLF is one LF.
fn as_parsed(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The fragments of each highlighted piece of evidence of one advert section, by evidence
/// index: (part, text, the mark element's classes, its title).
type Marks = BTreeMap<usize, Vec<(usize, String, Vec<String>, String)>>;

fn marks(section: &Element, field_class: &str) -> Marks {
    let mut out = Marks::new();
    for (e, up) in section.descendants() {
        if e.name != "mark" {
            continue;
        }
        let Some(index) = e.attr("data-evidence") else {
            continue;
        };
        let inside_field = up
            .iter()
            .any(|a| a.name == "div" && a.has_class("field") && a.has_class(field_class));
        if !inside_field {
            continue;
        }
        let part = e.attr("data-part").map_or(1, |p| p.parse().unwrap());
        out.entry(index.parse().unwrap()).or_default().push((
            part,
            e.text(),
            e.classes().into_iter().map(String::from).collect(),
            e.attr("title").unwrap_or("").to_string(),
        ));
    }
    out
}

/// Checks that every piece of evidence of `field` in `report` is highlighted in `section`
/// exactly once, with exactly its text, its role colour and its marks.
fn check_highlights(section: &Element, report: &Report, field: Field, name: &str) {
    let class = match field {
        Field::Title => "title-field",
        Field::Body => "body-field",
    };
    let marks = marks(section, class);
    let wanted: Vec<(usize, &Evidence)> = report
        .evidence()
        .iter()
        .enumerate()
        .filter(|(_, e)| e.field() == field)
        .collect();
    assert_eq!(
        marks.keys().copied().collect::<Vec<_>>(),
        wanted.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        "{name}: the highlighted evidence of the {field:?}"
    );
    for (i, e) in wanted {
        let fragments = &marks[&i];
        let parts: Vec<usize> = fragments.iter().map(|f| f.0).collect();
        assert_eq!(
            parts,
            (1..=fragments.len()).collect::<Vec<_>>(),
            "{name}: evidence {i} fragments in order"
        );
        let text: String = fragments.iter().map(|f| f.1.as_str()).collect();
        assert_eq!(
            text,
            as_parsed(e.text()),
            "{name}: evidence {i} ({}) highlights its text once",
            e.signal()
        );
        for (_, _, classes, title) in fragments {
            let role = format!("r-{}", e.role().map_or("none", |r| r.as_str()));
            assert!(classes.contains(&role), "{name}: evidence {i}: {classes:?}");
            assert_eq!(classes.contains(&"neg".to_string()), e.negated());
            // Faded: a cue discounts it, or it stands in page furniture.
            assert_eq!(
                classes.contains(&"disc".to_string()),
                e.cue().is_some_and(|c| c.discounts())
                    || e.section() == pmo_advert::Section::Furniture
            );
            assert!(title.starts_with(e.signal()), "{name}: {title:?}");
            assert!(title.contains(e.theme()), "{name}: {title:?}");
            let weight = if e.weight() == 0.0 { 0.0 } else { e.weight() };
            assert!(title.contains(&format!("weight {weight:+.2}")), "{title:?}");
        }
    }
}

fn sections(doc: &Element) -> Vec<&Element> {
    doc.all("section")
        .into_iter()
        .filter(|s| s.has_class("advert"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// HTML.

#[test]
fn every_fixture_evidence_is_highlighted_once_with_exactly_its_text() {
    let analyser = Analyser::builtin();
    let fixtures = fixtures();
    let reports: Vec<Report> = fixtures
        .iter()
        .map(|(_, text)| analyser.analyse_text(text))
        .collect();
    let adverts: Vec<HtmlAdvert<'_>> = fixtures
        .iter()
        .zip(&reports)
        .map(|((name, text), r)| HtmlAdvert::new(name, Advert::new(text), r))
        .collect();
    let doc = parse(&render::html_page(&adverts));
    let sections = sections(&doc);
    assert_eq!(sections.len(), fixtures.len());
    let mut overlapping = 0;
    for (i, ((name, text), report)) in fixtures.iter().zip(&reports).enumerate() {
        let section = sections[i];
        assert_eq!(
            section.attr("id"),
            Some(format!("advert-{}", i + 1).as_str())
        );
        assert_eq!(section.all("h2")[0].text(), *name);
        check_highlights(section, report, Field::Body, name);
        // The body reads as it was given.
        let body = section
            .all("div")
            .into_iter()
            .find(|d| d.has_class("body-field"))
            .unwrap();
        if !text.is_empty() {
            assert_eq!(body.text(), as_parsed(text), "{name}");
        }
        let ev = report.evidence();
        overlapping += ev
            .iter()
            .enumerate()
            .filter(|(j, a)| {
                ev[j + 1..]
                    .iter()
                    .any(|b| a.span().start < b.span().end && b.span().start < a.span().end)
            })
            .count();
    }
    // The fixtures do exercise overlapping evidence (a title claim over a body title signal).
    assert!(overlapping > 0);
}

#[test]
fn a_separate_title_is_highlighted_in_its_own_field() {
    let analyser = Analyser::builtin();
    for name in [
        "manager-head-of-pmo.txt",
        "edge-title-inflation.txt",
        "lead-pmo-team-lead.txt",
    ] {
        let text = fixture(name);
        let (title, body) = text.split_once('\n').unwrap();
        let advert = Advert::new(body).title(title);
        let report = analyser.analyse(&advert);
        assert!(report.evidence().iter().any(|e| e.field() == Field::Title));
        let doc = parse(&render::html_page(&[HtmlAdvert::new(
            name, advert, &report,
        )]));
        let section = sections(&doc)[0];
        check_highlights(section, &report, Field::Title, name);
        check_highlights(section, &report, Field::Body, name);
    }
}

#[test]
fn crossing_and_nested_spans_follow_the_documented_rule() {
    let body = "Head of PMO and programme office lead";
    let advert = Advert::new(body).title("x");
    let report = Analyser::builtin().analyse(&advert);
    let evidence_json = |signal: &str, start: usize, end: usize| {
        let mut e = serde_json::to_value(&report.evidence()[0]).unwrap();
        e["signal"] = signal.into();
        e["field"] = "body".into();
        e["span"] = serde_json::json!({"start": start, "end": end});
        e["text"] = body[start..end].into();
        e
    };
    // 0: "Head of PMO and" (0..15); 1: "PMO and programme" (8..25) crosses 0 and 2; 2: "of PMO"
    // (5..11) nests in 0; 3: "office lead" (26..37) stands alone; 4: "Head" (0..4) nests in 0.
    let spans = [(0, 15), (8, 25), (5, 11), (26, 37), (0, 4)];
    let report = edited(&report, |json| {
        json["evidence"] = spans
            .iter()
            .enumerate()
            .map(|(i, &(s, e))| evidence_json(&format!("test.{i}"), s, e))
            .collect::<Vec<_>>()
            .into();
    });
    let page = render::html_page(&[HtmlAdvert::new("crossing", advert, &report)]);
    let doc = parse(&page);
    let section = sections(&doc)[0];
    check_highlights(section, &report, Field::Body, "crossing");
    let marks = marks(section, "body-field");
    // 0 opens first and stays whole, 4 and 2 nest in it; 1 opens last, inside 2, and is split
    // where 2 ends and where 0 ends; 3 is whole.
    for whole in [0, 2, 3, 4] {
        assert_eq!(marks[&whole].len(), 1, "{whole}");
    }
    let parts: Vec<&str> = marks[&1].iter().map(|f| f.1.as_str()).collect();
    assert_eq!(parts, ["PMO", " and", " programme"]);
    // Deterministic: the same page twice.
    assert_eq!(
        page,
        render::html_page(&[HtmlAdvert::new("crossing", advert, &report)])
    );
    // Nesting: "Head" (4) is inside "Head of PMO and" (0).
    let m0 = section
        .all("mark")
        .into_iter()
        .find(|m| m.attr("data-evidence") == Some("0"))
        .unwrap();
    assert!(m0
        .all("mark")
        .iter()
        .any(|m| m.attr("data-evidence") == Some("4")));
}

#[test]
fn evidence_from_another_advert_or_nested_too_deep_is_left_out_without_panicking() {
    let analyser = Analyser::builtin();
    let text = fixture("analyst-pmo-coordinator.txt");
    let report = analyser.analyse_text(&text);
    // Another advert: spans out of range, mid-char or over other words are not highlighted.
    for other in ["", "é", "short", &text[10..], &"é".repeat(400)] {
        let page = render::html_page(&[HtmlAdvert::new("other", Advert::new(other), &report)]);
        let doc = parse(&page);
        let section = sections(&doc)[0];
        for (i, fragments) in marks(section, "body-field") {
            let e = &report.evidence()[i];
            let joined: String = fragments.iter().map(|f| f.1.as_str()).collect();
            assert_eq!(joined, as_parsed(e.text()));
        }
        assert!(page.contains("could not be placed") || other.len() > 700);
        let _ = render::text(
            &report,
            &Advert::new(other),
            &TextOptions::default().verbose(true),
        );
    }
    // 40 pieces of evidence over the same words: MAX_NESTING of them nest, the rest are left out.
    let advert = Advert::new(&text);
    let deep = edited(&report, |json| {
        let first = json["evidence"][1].clone();
        json["evidence"] = vec![first; 40].into();
    });
    let doc = parse(&render::html_page(&[HtmlAdvert::new(
        "deep", advert, &deep,
    )]));
    let section = sections(&doc)[0];
    let placed = marks(section, "body-field");
    assert_eq!(placed.len(), render::MAX_NESTING);
    assert!(section
        .text()
        .contains("24 pieces of evidence could not be placed"));
}

#[test]
fn advert_text_never_injects_markup() {
    let hostile = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "</mark>",
        "</div></section><script>alert(2)</script>",
        "<!-- x -->&amp;&lt;",
    ];
    let title = format!("PMO Analyst {}", hostile[1]);
    let body = format!(
        "PMO Analyst {}\nMaintain the RAID log {} and track KPIs {}.\n{}\n{} join our PMO.",
        hostile[0], hostile[1], hostile[2], hostile[3], hostile[4]
    );
    let name = format!("advert {}", hostile[0]);
    let analyser = Analyser::builtin();
    let with_title = Advert::new(&body).title(&title);
    let without = Advert::new(&body);
    let r1 = analyser.analyse(&with_title);
    let r2 = analyser.analyse(&without);
    assert!(r1.evidence().len() > 3);
    for adverts in [
        vec![HtmlAdvert::new(&name, with_title, &r1)],
        vec![
            HtmlAdvert::new(&name, with_title, &r1),
            HtmlAdvert::new(hostile[1], without, &r2),
        ],
    ] {
        let page = render::html_page(&adverts);
        let doc = parse(&page);
        assert!(doc.all("img").is_empty());
        // Only the page's own sorting script, and only in a batch.
        let scripts = doc.all("script");
        assert_eq!(scripts.len(), usize::from(adverts.len() > 1));
        for s in scripts {
            assert!(!s.text().contains("alert"));
        }
        assert!(doc.all("mark").iter().all(|m| m.attrs.len() <= 4));
        for (section, a) in sections(&doc).into_iter().zip(&adverts) {
            assert_eq!(section.all("h2")[0].text(), a.name);
            let field = |class: &str| {
                section
                    .all("div")
                    .into_iter()
                    .find(|d| d.has_class(class))
                    .map(|d| d.text())
            };
            assert_eq!(field("body-field").as_deref(), Some(body.as_str()));
            assert_eq!(
                field("title-field"),
                a.advert.title_text().map(String::from)
            );
            check_highlights(section, a.report, Field::Body, a.name);
            check_highlights(section, a.report, Field::Title, a.name);
        }
        let head_title = doc.all("title")[0].text();
        assert!(!head_title.is_empty());
    }
}

#[test]
fn a_page_shows_verdict_bars_claim_and_mismatch_banner() {
    let text = fixture("edge-title-inflation.txt");
    let report = Analyser::builtin().analyse_text(&text);
    let m = report.mismatch().expect("the fixture's title is inflated");
    let page = render::html_page(&[HtmlAdvert::new("inflated", Advert::new(&text), &report)]);
    let doc = parse(&page);
    // One advert: no summary table, no script.
    assert!(doc.all("table").iter().all(|t| !t.has_class("summary")));
    let section = sections(&doc)[0];
    let banner = section
        .all("div")
        .into_iter()
        .find(|d| d.has_class("banner"))
        .expect("a mismatch banner");
    assert!(banner.text().contains(&format!(
        "the title claims {} but the duties read as {}",
        m.claimed(),
        m.duties()
    )));
    // Six bars: three roles, title and duties and duties alone.
    let fills: Vec<&Element> = section
        .all("span")
        .into_iter()
        .filter(|s| s.has_class("fill"))
        .collect();
    assert_eq!(fills.len(), 6);
    assert!(fills
        .iter()
        .any(|f| f.attr("style") == Some("width: 100.0%")));
    // No external resource of any kind.
    for (e, _) in doc.descendants() {
        assert!(e.attr("src").is_none() && e.name != "link", "{e:?}");
        if let Some(href) = e.attr("href") {
            assert!(href.starts_with('#'), "{href}");
        }
    }
}

#[test]
fn a_batch_opens_with_a_sortable_summary_table() {
    let analyser = Analyser::builtin();
    let names = [
        "analyst-pmo-coordinator.txt",
        "edge-title-inflation.txt",
        "other-staff-nurse.txt",
    ];
    let texts: Vec<String> = names.iter().map(|n| fixture(n)).collect();
    let reports: Vec<Report> = texts.iter().map(|t| analyser.analyse_text(t)).collect();
    let adverts: Vec<HtmlAdvert<'_>> = names
        .iter()
        .zip(&texts)
        .zip(&reports)
        .map(|((n, t), r)| HtmlAdvert::new(n, Advert::new(t), r))
        .collect();
    let doc = parse(&render::html_page(&adverts));
    let table = doc
        .all("table")
        .into_iter()
        .find(|t| t.has_class("summary"))
        .expect("a summary table");
    let heads: Vec<String> = table.all("th").iter().map(|t| t.text()).collect();
    assert_eq!(heads[..3], ["#", "Advert", "Verdict"]);
    let rows = table.all("tbody")[0].all("tr");
    assert_eq!(rows.len(), 3);
    let verdicts: Vec<String> = rows.iter().map(|r| r.all("td")[2].text()).collect();
    assert_eq!(verdicts, ["Analyst", "Analyst", "none"]);
    assert!(rows[1].has_class("mismatch"));
    assert_eq!(rows[1].all("td")[9].text(), "manager>analyst");
    for r in &rows {
        assert!(r.all("td").iter().all(|c| c.attr("data-sort").is_some()));
    }
    assert_eq!(doc.all("script").len(), 1);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

    /// Any text, hostile markup and control characters included: the page parses, each piece of
    /// evidence is highlighted once with exactly its text, the text reads as given, no element
    /// comes from the text; the summary holds no escape code.
    #[test]
    fn any_text_renders_safely_and_exactly(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "PMO", "PMO Analyst", "PMO Lead", "Head of PMO", "RAID log", "KPIs", "line management",
            "no line management", "programme office", "Key responsibilities", "Reporting to the",
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "</mark>", "<mark>",
            "&amp;", "&", "<", ">", "\"", "'", "<!--", "-->", "]]>", "<![CDATA[", "\u{0}",
            "\u{1b}[31m", "\u{202e}", "\r\n", "\r", "\n", "\n\n", " ", "\t", "é", "😀",
            "\u{feff}", "\u{fffe}",
        ]), 0..30),
        title in proptest::option::of(proptest::sample::select(vec![
            "PMO Manager", "PMO Analyst <b>", "\"><img src=x>", "", "Head of PMO </mark>",
        ])),
    ) {
        let body = parts.concat();
        let advert = match title {
            Some(t) => Advert::new(&body).title(t),
            None => Advert::new(&body),
        };
        let report = Analyser::builtin().analyse(&advert);
        let page = render::html_page(&[
            HtmlAdvert::new("<i>n</i>", advert, &report),
            HtmlAdvert::new("second", advert, &report),
        ]);
        let doc = parse_with(&page, false);
        proptest::prop_assert!(doc.all("img").is_empty());
        proptest::prop_assert!(doc.all("i").is_empty() && doc.all("b").is_empty());
        proptest::prop_assert_eq!(doc.all("script").len(), 1);
        for section in sections(&doc) {
            check_highlights(section, &report, Field::Body, "any");
            check_highlights(section, &report, Field::Title, "any");
            let body_field = section
                .all("div")
                .into_iter()
                .find(|d| d.has_class("body-field"))
                .unwrap();
            if !body.is_empty() {
                proptest::prop_assert_eq!(body_field.text(), as_parsed(&body));
            }
        }
        for verbose in [false, true] {
            let summary = render::text(&report, &advert, &TextOptions::default().verbose(verbose));
            let clean = !summary.contains(['\u{1b}', '\u{202e}', '\0']);
            proptest::prop_assert!(clean, "a control character in {:?}", summary);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text.

#[test]
fn the_text_summary_is_short_and_says_the_verdict_band_and_why() {
    let analyser = Analyser::builtin();
    for (name, text) in fixtures() {
        let advert = Advert::new(&text);
        let report = analyser.analyse(&advert);
        let summary = render::text(&report, &advert, &TextOptions::default());
        let lines: Vec<&str> = summary.lines().collect();
        assert!(
            lines.len() <= 10,
            "{name}: {} lines ({} in the advert)\n{summary}",
            lines.len(),
            text.lines().count()
        );
        match report.verdict() {
            Some(v) => {
                let band = render::Band::of(v.confidence());
                assert!(
                    lines[0].starts_with(&format!(
                        "Verdict: {}, {band} confidence ({:.2})",
                        v.role(),
                        v.confidence()
                    )),
                    "{name}: {}",
                    lines[0]
                );
            }
            None => assert!(lines[0].starts_with("Verdict: none"), "{name}"),
        }
        assert!(lines[1].starts_with("Why: "), "{name}");
        assert_eq!(
            lines[0].contains("[mismatch: "),
            report.mismatch().is_some(),
            "{name}"
        );
        assert!(!summary.contains('\u{1b}'), "{name}: an escape code");
        // Verbose lists every piece of evidence after the strongest.
        let verbose = render::text(&report, &advert, &TextOptions::default().verbose(true));
        assert!(!verbose.contains('\u{1b}'), "{name}: an escape code");
        if !report.evidence().is_empty() {
            assert!(verbose.contains(&format!("All evidence ({}):", report.evidence().len())));
        }
        for e in report.evidence() {
            assert!(verbose.contains(&format!("{}:{} ", e.line(), e.column())));
        }
    }
}

#[test]
fn the_text_summary_marks_negated_and_discounted_evidence() {
    let analyser = Analyser::builtin();
    let text = fixture("edge-negations.txt");
    let report = analyser.analyse_text(&text);
    let summary = render::text(&report, &Advert::new(&text), &TextOptions::default());
    let negated = report
        .evidence()
        .iter()
        .find(|e| e.negated())
        .expect("a negated hit");
    let line = summary
        .lines()
        .find(|l| l.contains(&format!("\"{}\"", negated.text())))
        .expect("the negated hit is among the strongest");
    assert!(line.ends_with("✗ negated"), "{line}");
    assert!(line.trim_start().starts_with('-'), "{line}");

    let text = fixture("analyst-pmo-coordinator.txt");
    let report = analyser.analyse_text(&text);
    let discounted = report
        .evidence()
        .iter()
        .find(|e| e.cue().is_some_and(|c| c.discounts()))
        .expect("a discounted hit");
    let verbose = render::text(
        &report,
        &Advert::new(&text),
        &TextOptions::default().verbose(true),
    );
    let line = verbose
        .lines()
        .find(|l| l.contains(&format!("\"{}\"", discounted.text())))
        .unwrap();
    assert!(
        line.contains("+0.00")
            && line.contains("not this job's duty (background about somebody else)"),
        "{line}"
    );
    // `top` bounds the list.
    let three = render::text(&report, &Advert::new(&text), &TextOptions::default().top(3));
    assert!(three.contains(&format!("Top evidence (3 of {}):", report.evidence().len())));
    assert_eq!(three.lines().count(), 4 + 3);
    let none = render::text(&report, &Advert::new(&text), &TextOptions::default().top(0));
    assert_eq!(none.lines().count(), 3);
}

#[test]
fn the_text_summary_names_the_band_in_words() {
    let text = fixture("lead-pmo-team-lead.txt");
    let report = Analyser::builtin().analyse_text(&text);
    for (confidence, words) in [
        (0.95, "high confidence (0.95)"),
        (0.8, "high confidence (0.80)"),
        (0.62, "medium confidence (0.62)"),
        (0.31, "low confidence (0.31)"),
    ] {
        let r = edited(&report, |json| {
            json["verdict"]["confidence"] = confidence.into()
        });
        let summary = render::text(&r, &Advert::new(&text), &TextOptions::default());
        assert!(
            summary.starts_with(&format!("Verdict: Lead, {words}")),
            "{summary}"
        );
    }
}

#[test]
fn colour_only_when_asked_and_advert_text_brings_no_escape_codes() {
    let body = "PMO Analyst \u{1b}[31mred\u{1b}[0m\nMaintain the \u{1b}]0;title\u{7}RAID log and track KPIs; \
                no line management.\u{202e}";
    let advert = Advert::new(body);
    let report = Analyser::builtin().analyse(&advert);
    assert!(report.verdict().is_some());
    for verbose in [false, true] {
        let plain = render::text(&report, &advert, &TextOptions::default().verbose(verbose));
        assert!(!plain.contains('\u{1b}'), "{plain}");
        assert!(!plain.contains('\u{7}') && !plain.contains('\u{202e}'));
        let coloured = render::text(
            &report,
            &advert,
            &TextOptions::default().verbose(verbose).color(true),
        );
        assert!(coloured.contains("\u{1b}["), "{coloured}");
        // Without its escape codes, the coloured summary is the plain one.
        let mut stripped = String::new();
        let mut rest = coloured.as_str();
        while let Some(at) = rest.find('\u{1b}') {
            stripped.push_str(&rest[..at]);
            let after = &rest[at..];
            let end = after.find('m').unwrap();
            rest = &after[end + 1..];
        }
        stripped.push_str(rest);
        assert_eq!(stripped, plain);
    }
}

// ---------------------------------------------------------------------------------------------
// CSV.

#[test]
fn csv_has_one_header_and_one_row_per_report() {
    let analyser = Analyser::builtin();
    let fixtures = fixtures();
    let reports: Vec<Report> = fixtures
        .iter()
        .map(|(_, text)| analyser.analyse_text(text))
        .collect();
    let mut out = CsvWriter::new(Vec::new());
    let tricky = ["a,b.txt", "say \"hi\".txt", "two\nlines", " spaced "];
    for ((name, _), report) in fixtures.iter().zip(&reports) {
        out.write(name, report).unwrap();
    }
    for (id, report) in tricky.iter().zip(&reports) {
        out.write(id, report).unwrap();
    }
    out.flush().unwrap();
    let bytes = out.into_inner().unwrap();
    let csv = String::from_utf8(bytes.clone()).unwrap();
    assert!(csv.starts_with(&(CSV_HEADER.join(",") + "\n")));
    assert_eq!(csv.matches("id,verdict").count(), 1);
    assert!(csv.contains("\n\"a,b.txt\","));
    assert!(csv.contains("\n\"say \"\"hi\"\".txt\","));

    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(
        reader.headers().unwrap(),
        &csv::StringRecord::from(CSV_HEADER.to_vec())
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), fixtures.len() + tricky.len());
    let ids = fixtures
        .iter()
        .map(|(n, _)| n.as_str())
        .chain(tricky.iter().copied());
    let all = reports.iter().chain(reports.iter());
    for ((row, id), report) in rows.iter().zip(ids).zip(all) {
        assert_eq!(row.len(), CSV_HEADER.len());
        assert_eq!(&row[0], id);
        let verdict = report.verdict();
        assert_eq!(&row[1], verdict.map_or("none", |v| v.role().as_str()));
        match verdict {
            Some(v) => assert!((row[2].parse::<f64>().unwrap() - v.confidence()).abs() < 1e-4),
            None => assert_eq!(&row[2], ""),
        }
        let scores = [report.scores(), report.duties_only()];
        for (k, s) in scores.iter().enumerate() {
            for (j, role) in pmo_advert::Role::ALL.iter().enumerate() {
                let v: f64 = row[3 + 3 * k + j].parse().unwrap();
                assert!((v - s.get(*role)).abs() < 1e-3);
            }
        }
        assert_eq!(
            &row[9],
            report.title_claim().map_or("", |c| c.role().as_str())
        );
        match report.mismatch() {
            Some(m) => assert_eq!(
                &row[10],
                format!("{}>{}", m.claimed().as_str(), m.duties().as_str())
            ),
            None => assert_eq!(&row[10], ""),
        }
        assert_eq!(row[11].parse::<usize>().unwrap(), report.evidence().len());
    }
    assert!(rows.iter().any(|r| &r[10] == "manager>analyst"));
}

#[test]
fn csv_of_nothing_is_the_header_and_write_errors_are_typed() {
    let empty = CsvWriter::new(Vec::new()).into_inner().unwrap();
    assert_eq!(
        String::from_utf8(empty).unwrap(),
        CSV_HEADER.join(",") + "\n"
    );

    #[derive(Debug)]
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "closed",
            ))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let report = Analyser::builtin().analyse_text("PMO Officer\nMaintain the RAID log.");
    let mut out = CsvWriter::new(Broken);
    // Buffered: the error shows at the latest on flush.
    let result = out.write("a", &report).and_then(|()| out.flush());
    match result {
        Err(CsvError::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe),
        other => panic!("expected an io error, got {other:?}"),
    }
    let e = CsvWriter::new(Broken).into_inner().unwrap_err();
    assert!(matches!(e, CsvError::Io(_)));
    // The cause is the source, not repeated in the message.
    assert_eq!(e.to_string(), "writing csv failed");
    assert!(std::error::Error::source(&e).is_some());
}

#[test]
fn csv_ids_cannot_become_spreadsheet_formulas() {
    let report = Analyser::builtin().analyse_text("PMO Officer\nMaintain the RAID log.");
    let mut out = CsvWriter::new(Vec::new());
    for id in [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1",
        "-2",
        "@SUM(A1)",
        "plain-id",
    ] {
        out.write(id, &report).unwrap();
    }
    let csv = String::from_utf8(out.into_inner().unwrap()).unwrap();
    let ids: Vec<String> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "'=HYPERLINK(\"http://x\",\"y\")",
            "'+1",
            "'-2",
            "'@SUM(A1)",
            "plain-id"
        ]
    );
}
