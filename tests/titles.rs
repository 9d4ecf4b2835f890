//! The title grammar on job titles written in every word order, and title-line detection.

use pmo_advert::{Role, Span, TitleParser};

/// Expected level.
#[derive(Clone, Copy, Debug)]
enum Lv {
    A,
    L,
    M,
    N,
}

/// Expected PMO membership and near miss: P (a PMO title), X (not), PN / XN (the same, with a
/// near miss reported).
#[derive(Clone, Copy, Debug)]
enum Claim {
    P,
    X,
    PN,
    XN,
}

struct Case {
    title: &'static str,
    level: Lv,
    pmo: Claim,
}

macro_rules! c {
    ($t:expr, $l:ident, $p:ident) => {
        Case {
            title: $t,
            level: Lv::$l,
            pmo: Claim::$p,
        }
    };
}

const CASES: &[Case] = &[
    // Rank last.
    c!("PMO Analyst", A, P),
    c!("PMO Officer", A, P),
    c!("PMO Co-ordinator", A, P),
    c!("PMO Coordinator", A, P),
    c!("PMO Co ordinator", A, P),
    c!("PMO Administrator", A, P),
    c!("PMO Admin", A, P),
    c!("PMO Assistant", A, P),
    c!("PMO Support", A, P),
    c!("PMO Support Officer", A, P),
    c!("PMO Intern", A, P),
    c!("PMO Apprentice", A, P),
    c!("PMO Planner", A, P),
    c!("PMO Lead", L, P),
    c!("PMO Leader", L, P),
    c!("PMO Team Lead", L, P),
    c!("PMO Team Leader", L, P),
    c!("PMO Manager", M, P),
    c!("PMO Head", M, P),
    c!("PMO Director", M, P),
    c!("PMO Controller", M, P),
    c!("Programme Office Manager", M, P),
    c!("Portfolio Office Manager", M, P),
    c!("Project Office Coordinator", A, P),
    c!("Programme Management Office Lead", L, P),
    c!("Project Management Office Director", M, P),
    c!("Portfolio Management Office Analyst", A, P),
    c!("Projects Management Office Officer", A, P),
    c!("Enterprise Project Management Office Manager", M, P),
    c!("Transformation Management Office Lead", L, P),
    c!("Delivery Management Office Analyst", A, P),
    c!("P3O Analyst", A, P),
    c!("P3O Manager", M, P),
    c!("EPMO Lead", L, P),
    c!("Enterprise PMO Manager", M, P),
    c!("IT Project Office Manager", M, P),
    c!("Programme Support Office Administrator", A, P),
    // Rank first.
    c!("Head of PMO", M, P),
    c!("Head of the Programme Office", M, P),
    c!("Head of Group PMO", M, P),
    c!("Head of Central PMO", M, P),
    c!("Deputy Head of PMO", M, P),
    c!("Director of Enterprise Project Management Office", M, P),
    c!("Director of Programme Management Office", M, P),
    c!("Lead of the Portfolio Office", L, P),
    c!("Manager of the PMO", M, P),
    // After commas, dashes, colons, slashes.
    c!("Manager, Enterprise PMO", M, P),
    c!("Manager – Portfolio Management Office", M, P),
    c!("Manager - Portfolio Management Office", M, P),
    c!("Manager — PMO", M, P),
    c!("Senior Manager, Programme Office", M, P),
    c!("Director, Project Management Office", M, P),
    c!("Director, Programme Management Office, Life Sciences", M, P),
    c!("Officer – Programme Management Office", A, P),
    c!("Officer - PMO & Controls", A, P),
    c!("Team Leader – PMO", L, P),
    c!("Team Lead, Portfolio Office", L, P),
    c!("Coordinator, Project Office", A, P),
    c!("Analyst: Programme Office", A, P),
    c!("Head | PMO", M, P),
    c!("Head – Portfolio Office – Energy (12+ yrs)", M, P),
    c!("Project Management Office (PMO), Manager", M, P),
    c!("Programme Office, Lead", L, P),
    c!("PMO/Programme Support Officer", A, P),
    c!("PMO/Project Administrator", A, P),
    c!("Associate Director, PMO", M, P),
    c!("Vice President, PMO", M, P),
    c!("VP - Portfolio Office", M, P),
    c!(
        "General Manager – Project Management Office (Sub-Saharan Africa Region) – Expatriate",
        M,
        P
    ),
    c!("Senior Manager - PMO", M, P),
    c!("Senior Manager, PMO and Transformation", M, P),
    c!("PMO Lead – Data Centre Build", L, P),
    c!("PMO Manager: Estates and Facilities", M, P),
    c!("PMO Director for Offshore Wind", M, P),
    c!("PMO Analyst at a Global Bank", A, P),
    // Parentheses.
    c!("Manager (PMO)", M, P),
    c!("Lead (Programme Office)", L, P),
    c!("EPMO (Enterprise Project Management Office) Manager", M, P),
    c!("PMO (Project Management Office) Analyst", A, P),
    c!("Portfolio Management Officer (PMO) Lead", L, P),
    c!("Project Management Officer (PMO) Lead", L, P),
    c!("Project Management Officer (PMO)", A, P),
    c!("Head of Project Management Office (PMO)", M, P),
    c!("Interim Head of Programme Management Office (PMO)", M, P),
    c!(
        "Director, Programme Management Office (PMO) (Cloud Infrastructure)",
        M,
        P
    ),
    c!("PMO Manager (Data Centre Projects)", M, P),
    c!("PMO Manager (IT Service and Portfolio Manager 3)", M, PN),
    c!("PMO Analyst (Assistant Vice President)", A, P),
    c!("PMO Lead (Vice President)", L, P),
    c!("PMO Analyst (AVP)", A, P),
    c!("PMO Operations Manager (m2)", M, P),
    c!("PMO Lead (m/w/d)", L, P),
    c!("PMO Officers (3 x, APS5 equivalent)", A, P),
    c!("Senior Project Manager (Senior PMO Team Lead)", L, PN),
    c!(
        "Project Management Manager (Project Management Office (PMO) Manager)",
        M,
        P
    ),
    c!("PMO Lead (Job Title: PMO Lead)", L, P),
    c!("Senior PMO, Lead PMO (Job Title: PMO Lead)", L, P),
    c!("Programme Assistant (PMO Officer)", A, P),
    c!("Project Management Office Intern (PMO Intern)", A, P),
    c!("PMO Assistant [Job Description PMO Assistant]", A, P),
    c!("PMO [Programme Management Office] Lead", L, P),
    // Seniority and other modifiers.
    c!("Senior PMO Analyst", A, P),
    c!("Principal PMO Analyst", A, P),
    c!("Interim PMO Manager", M, P),
    c!("Acting PMO Lead", L, P),
    c!("Deputy PMO Manager", M, P),
    c!("Assistant PMO Manager", M, P),
    c!("Associate PMO Director", M, P),
    c!("Technical PMO Lead", L, P),
    c!("Digital PMO Officer", A, P),
    c!("Global PMO Lead", L, P),
    c!("Regional PMO Manager", M, P),
    c!("Lead PMO Analyst", L, P),
    c!("Lead PMO Consultant", L, P),
    c!("Team Lead PMO Analyst", L, P),
    c!("PMO Manager Lead", L, P),
    c!("Junior PMO", A, P),
    c!("Junior IT PMO", A, P),
    c!("Junior PMO Analyst", A, P),
    c!("Graduate PMO Analyst", A, P),
    c!("Trainee PMO Officer", A, P),
    c!("Entry Level PMO Coordinator", A, P),
    c!("Graduate PMO", A, P),
    // A unit with no rank, or an unlevelled rank.
    c!("Portfolio PMO", N, P),
    c!("Senior PMO", N, P),
    c!("Interim PMO", N, P),
    c!("PMO", N, P),
    c!("Programme Office", N, P),
    c!("PMO Specialist", N, P),
    c!("PMO Consultant", N, P),
    c!("PMO Expert", N, P),
    c!("PMO (Project Management Office) Specialist", N, P),
    c!("Senior PMO Professional", N, P),
    c!("PMO & Strategic Portfolio Management", N, P),
    // All caps, entities, odd characters.
    c!("PMO MANAGER", M, P),
    c!("HEAD OF PMO", M, P),
    c!("PMO LEAD ESTATES & FACILITIES", L, P),
    c!("PMO DIRECTOR Experience in Power infrastructure", M, P),
    c!("PMO &amp; Governance Manager", M, P),
    c!("PMO & Governance Manager", M, P),
    c!("PMO &amp; Risk Analyst", A, PN),
    // A near miss ending in an analyst rank, next to a unit, is a PMO analyst.
    c!("PMO Data Analyst", A, PN),
    c!("PMO Finance Analyst", A, PN),
    c!("Senior PMO Business Analyst", A, PN),
    c!("Lead PMO Business Analyst", L, PN),
    c!("Pmo Operations Manager", M, P),
    c!("pmo analyst", A, P),
    c!("PMO\u{a0}Analyst", A, P),
    c!("Head\u{2014}PMO", M, P),
    c!("Projekt PMO Manager (Zürich)", M, P),
    // US spellings and plurals.
    c!("Program Management Office Lead", L, P),
    c!("Program Office Manager", M, P),
    c!("Director, Program Management Office", M, P),
    c!("Enterprise Program Management Office Analyst", A, P),
    c!("PMO Analysts", A, P),
    c!("Project Management Officers", A, P),
    c!("Programme Management Offices Manager", M, P),
    c!("PMO Managers", M, P),
    c!("Program Management Officer", A, P),
    // Near misses and other jobs.
    c!("Project Manager", N, XN),
    c!("Senior Project Manager", N, XN),
    c!("Programme Manager", N, XN),
    c!("Program Manager", N, XN),
    c!("Project Director", N, XN),
    c!("Programme Director", N, XN),
    c!("Delivery Lead", N, XN),
    c!("Delivery Manager", N, XN),
    c!("Engagement Lead", N, XN),
    c!("Engagement Manager", N, XN),
    c!("Project Lead", N, XN),
    c!("Projects Lead – Operations", N, XN),
    c!("Programme Leader, Defence Change Programme", N, XN),
    c!("Project Officer", N, XN),
    c!("Policy Officer", N, XN),
    c!("Executive Officer", N, XN),
    c!("Project Engineer", N, XN),
    c!("Scrum Master", N, XN),
    c!("Remote Scrum Master", N, XN),
    c!("Product Owner", N, XN),
    c!("Business Analyst", N, XN),
    c!("Business Analyst II", N, XN),
    c!("Data Analyst", N, XN),
    c!("Financial Analyst", N, XN),
    c!("Portfolio Manager", N, XN),
    c!("Office Manager", N, XN),
    c!("Deputy Project Manager", N, XN),
    c!("Project Manager - PMO", N, PN),
    c!("Project Manager, PMO (m/w/d)", N, PN),
    c!("Policy Officer, Prime Minister's Office (PMO)", N, XN),
    c!("Policy Officer, Prime Minister\u{2019}s Office", N, XN),
    c!("Project Lead Manager", M, XN),
    c!(
        "Information Technology Project Manager (Project Manager (PMO Support))",
        A,
        PN
    ),
    // Not PMO titles, with a level from their rank.
    c!("Programme Administrator", A, X),
    c!("Program Administrator", A, X),
    c!("Project Coordinator", A, X),
    c!("Programme Co-ordinator", A, X),
    // "Project support" names the PMO function: these are PMO titles without a unit word.
    c!("Project Support Officer", A, P),
    c!(
        "Band 5 Project Support Officer – Improvement Programme",
        A,
        P
    ),
    c!("Team Leader: Project Coordinator", L, X),
    c!("Project Coordinator Lead", L, X),
    c!("Manager of Portfolio & Programs", M, X),
    c!("Manager, Projects & Workplace", M, X),
    c!("Head Office Administrator", A, X),
    c!("Box Office Manager", M, X),
    c!("Front Office Lead", L, X),
    c!("Chef de Partie", N, X),
    c!("Senior Backend Engineer", N, X),
    c!("Staff Nurse", N, X),
    c!("", N, X),
    c!("(Assistant Vice President)", N, X),
];

fn level(l: Lv) -> Option<Role> {
    match l {
        Lv::A => Some(Role::Analyst),
        Lv::L => Some(Role::Lead),
        Lv::M => Some(Role::Manager),
        Lv::N => None,
    }
}

fn slices(text: &str, span: Span) -> &str {
    let s = text.get(span.range());
    assert!(s.is_some(), "{text:?}: {span:?} is not on char boundaries");
    let s = s.unwrap_or_default();
    assert!(
        !s.is_empty() && s.trim() == s,
        "{text:?}: {span:?} slices {s:?}"
    );
    s
}

#[test]
fn titles_in_every_word_order() {
    assert!(CASES.len() >= 150, "{} cases", CASES.len());
    let parser = TitleParser::builtin();
    let mut failures = Vec::new();
    for case in CASES {
        let t = parser.parse(case.title);
        let (pmo, near) = match case.pmo {
            Claim::P => (true, false),
            Claim::X => (false, false),
            Claim::PN => (true, true),
            Claim::XN => (false, true),
        };
        let got = (t.level(), t.is_pmo(), t.near_miss().is_some());
        let want = (level(case.level), pmo, near);
        if got != want {
            failures.push(format!("{:?}: got {got:?}, want {want:?}", case.title));
        }
        for span in t.rank().into_iter().chain(t.unit()).chain(t.near_miss()) {
            slices(case.title, span);
        }
        for &span in t.modifiers() {
            slices(case.title, span);
        }
        if t.level().is_some() && t.rank().is_none() {
            // Only a junior modifier gives a level without a rank word.
            assert!(
                !t.modifiers().is_empty(),
                "{:?}: a level with no rank",
                case.title
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A title with the words its rank, unit, modifiers and near miss should slice.
type SpanCase = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
    Option<&'static str>,
);

#[test]
fn spans_slice_the_words_expected() {
    // (title, rank, unit, modifiers, near miss)
    let cases: &[SpanCase] = &[
        (
            "Senior PMO Analyst",
            Some("Analyst"),
            Some("PMO"),
            &["Senior"],
            None,
        ),
        (
            "Manager, Enterprise PMO",
            Some("Manager"),
            Some("Enterprise PMO"),
            &[],
            None,
        ),
        (
            "Manager – Portfolio Management Office",
            Some("Manager"),
            Some("Portfolio Management Office"),
            &[],
            None,
        ),
        (
            "Deputy Head of PMO",
            Some("Head"),
            Some("PMO"),
            &["Deputy"],
            None,
        ),
        (
            "Head of Group PMO",
            Some("Head"),
            Some("PMO"),
            &["Group"],
            None,
        ),
        (
            "Lead PMO Analyst",
            Some("Analyst"),
            Some("PMO"),
            &["Lead"],
            None,
        ),
        ("PMO Manager Lead", Some("Lead"), Some("PMO"), &[], None),
        (
            "EPMO (Enterprise Project Management Office) Manager",
            Some("Manager"),
            Some("EPMO"),
            &[],
            None,
        ),
        (
            "Senior Project Manager (Senior PMO Team Lead)",
            Some("Team Lead"),
            Some("PMO"),
            &["Senior"],
            Some("Senior Project Manager"),
        ),
        (
            "Project Management Officer",
            Some("Project Management Officer"),
            None,
            &[],
            None,
        ),
        (
            "PMO/Programme Support Officer",
            Some("Programme Support Officer"),
            None,
            &[],
            None,
        ),
        (
            "Program Office Manager",
            Some("Manager"),
            Some("Program Office"),
            &[],
            None,
        ),
        ("Junior IT PMO", None, Some("PMO"), &["Junior", "IT"], None),
        ("Project Manager", None, None, &[], Some("Project Manager")),
        (
            "PMO &amp; Governance Manager",
            Some("Manager"),
            Some("PMO"),
            &[],
            None,
        ),
        (
            "PMO\u{a0}\u{a0}Co\u{2011}ordinator",
            Some("Co\u{2011}ordinator"),
            Some("PMO"),
            &[],
            None,
        ),
        (
            "Руководитель — PMO Lead",
            Some("Lead"),
            Some("PMO"),
            &[],
            None,
        ),
        ("🙂 Head of PMO", Some("Head"), Some("PMO"), &[], None),
        (
            "HEAD OF PROGRAMME OFFICE",
            Some("HEAD"),
            Some("PROGRAMME OFFICE"),
            &[],
            None,
        ),
    ];
    let parser = TitleParser::builtin();
    for &(text, rank, unit, modifiers, near) in cases {
        let t = parser.parse(text);
        assert_eq!(t.rank().map(|s| slices(text, s)), rank, "rank of {text:?}");
        assert_eq!(t.unit().map(|s| slices(text, s)), unit, "unit of {text:?}");
        let mods: Vec<&str> = t.modifiers().iter().map(|&s| slices(text, s)).collect();
        assert_eq!(mods, modifiers, "modifiers of {text:?}");
        assert_eq!(
            t.near_miss().map(|s| slices(text, s)),
            near,
            "near miss of {text:?}"
        );
    }
}

#[test]
fn a_job_title_serialises() {
    let t = TitleParser::builtin().parse("Senior PMO Analyst");
    let json = serde_json::to_string(&t).unwrap();
    let back: pmo_advert::JobTitle = serde_json::from_str(&json).unwrap();
    assert_eq!(back, t);
    assert!(json.contains("\"level\":\"analyst\""), "{json}");
}

#[test]
fn title_lines() {
    // (body, expected title line)
    let cases: &[(&str, Option<&str>)] = &[
        (
            "Are you OK with cookies?\nProject Support Officer\nThe programme will redesign the operating model across the organisation and drive organisational design.\nYou will keep the RAID log and book meetings.",
            Some("Project Support Officer"),
        ),
        ("PMO Analyst\nYou will keep the RAID log.", Some("PMO Analyst")),
        ("Chef de Partie\nOur kitchen is busy.", Some("Chef de Partie")),
        ("\n\n   Head of PMO   \nAbout us", Some("Head of PMO")),
        ("We use cookies\nAccept all\nPMO Manager\nAbout the role", Some("PMO Manager")),
        ("Page 1 of 5\nRole Description\nPMO Lead\n", Some("PMO Lead")),
        // Breadcrumbs and links to lists of vacancies name pages, not the job.
        (
            "Skip to main content\nHome > Jobs > PMO Manager jobs\nSave job\nPMO Analyst\nAcme Ltd\n",
            Some("PMO Analyst"),
        ),
        (
            "Jobs \u{203a} Project Management \u{203a} PMO Lead\nPMO Coordinator\n",
            Some("PMO Coordinator"),
        ),
        ("PMO Manager jobs\nProgramme Office Analyst\n", Some("Programme Office Analyst")),
        ("Job Description\nSenior PMO Analyst\nPurpose of the job", Some("Senior PMO Analyst")),
        ("Person Specification\nProgramme Office Manager", Some("Programme Office Manager")),
        ("Job Profile\r\nPMO Officer\r\nGrade 5", Some("PMO Officer")),
        (
            "Northern Care Alliance NHS Foundation Trust\nPMO Analyst\nBand 5",
            Some("PMO Analyst"),
        ),
        ("Acme Consulting Ltd\nHead of Portfolio Office", Some("Head of Portfolio Office")),
        ("Leeds City Council\n12 March 2026\nPMO Coordinator", Some("PMO Coordinator")),
        ("Ref: 12345/AB\nApply now\nBack to search results\nPMO Lead", Some("PMO Lead")),
        ("JOB TITLE: PMO Manager\nLocation: Leeds", Some("PMO Manager")),
        ("Job title - Portfolio Office Lead\nSalary: £50,000", Some("Portfolio Office Lead")),
        ("Position:\nPMO Administrator\nSalary", Some("PMO Administrator")),
        ("Role: State Portfolio Administrator", Some("State Portfolio Administrator")),
        ("Vacancy: Programme Support Officer", Some("Programme Support Officer")),
        (
            "Programme Management Office\nLead\nWe are looking for a lead.",
            Some("Programme Management Office\nLead"),
        ),
        ("Senior PMO\nAnalyst\nAbout the job", Some("Senior PMO\nAnalyst")),
        (
            "Working closely with our PMO Manager, the successful candidate will\nPMO Officer",
            Some("PMO Officer"),
        ),
        (
            "The PMO Manager leads a team of analysts across the organisation and the\nPMO Analyst",
            Some("PMO Analyst"),
        ),
        ("What Is a PMO Coordinator?\nA PMO coordinator supports...", Some("What Is a PMO Coordinator?")),
        ("Company logo\nPMO Lead", Some("PMO Lead")),
        ("Reporting to the Head of PMO\nPMO Analyst", Some("PMO Analyst")),
        ("Senior Backend Engineer\nLondon\nReporting to the Engineering Manager", Some("Senior Backend Engineer")),
        ("Key Responsibilities:\nPMO Analyst", Some("PMO Analyst")),
        // A PMO title wrapped over two short lines.
        ("Head of\nPMO\nYou will run the office.", Some("Head of\nPMO")),
        (
            "Job Description\nProgramme Management\nOffice Lead\nDesign the PMO.",
            Some("Programme Management\nOffice Lead"),
        ),
        // A company name over a full title is not part of it.
        ("Ferrovia Networks\nPMO Director\nRun the PMO.", Some("PMO Director")),
        // A template page's heading names the job after "of" or "for".
        ("Responsibilities of a PMO Analyst\nSenior PMO Analyst", Some("PMO Analyst")),
        (
            "Key Responsibilities and Required Skills for a Programme Office Lead\nAbout",
            Some("Programme Office Lead"),
        ),
        ("- Lead a team of PMO analysts\nPMO Lead", Some("PMO Lead")),
        ("Job Description – PMO Analyst\nAbout us", Some("PMO Analyst")),
        ("Leeds, West Yorkshire -\nChef de Partie", Some("Chef de Partie")),
        ("", None),
        ("   \n\n\t\n", None),
        ("Are you OK with cookies?\nAccept all\nPage 1 of 2", None),
        ("We will be in touch.\nYou will love it here.", None),
    ];
    let parser = TitleParser::builtin();
    for &(body, want) in cases {
        let got = parser.find_title_line(body).map(|s| {
            assert!(body.get(s.range()).is_some(), "{body:?}: {s:?}");
            &body[s]
        });
        assert_eq!(got, want, "title line of {body:?}");
    }
}

#[test]
fn title_line_search_is_bounded() {
    let parser = TitleParser::builtin();
    let huge = format!("{}\nPMO Manager", "x ".repeat(500_000));
    // The first line is too long to be a title and the second lies beyond the bytes looked at.
    assert_eq!(parser.find_title_line(&huge), None);
    let many = format!("{}PMO Manager", "Apply now\n".repeat(20));
    assert_eq!(parser.find_title_line(&many), None);
    let long_title = "Senior PMO Lead (PMO) - Head of Programme Office, ".repeat(4_000);
    let t = parser.parse(&long_title);
    assert_eq!(t.level(), Some(Role::Lead));
    let nested = format!(
        "{}PMO Manager{}",
        "(PMO ".repeat(20_000),
        ")".repeat(20_000)
    );
    assert!(parser.parse(&nested).is_pmo());
    let emoji = "🙂".repeat(1_000);
    let _ = parser.find_title_line(&emoji);
    let body = format!("{}\nPMO Lead", "é".repeat(800));
    let _ = parser.find_title_line(&body);
    // A line cut by the byte limit is not taken for a title.
    let cut = format!("{}PMO Manager of the Year", " \n".repeat(745));
    assert_eq!(parser.find_title_line(&cut), None);
    assert!(parser.find_title_line(&cut[..1_495]).is_some());
}

#[test]
fn the_title_grammar_is_profile_data() {
    use pmo_advert::{Error, Profile};

    // Errors name the list and the position.
    let bad = Profile::from_toml_str("[title]\nranks_lead = [\"captain\", \"  \"]").unwrap();
    let err = TitleParser::new(&bad).unwrap_err();
    assert!(matches!(err, Error::InvalidSignal { ref field, .. } if field == "ranks_lead[1]"));
    assert!(
        err.to_string().contains("signal \"title\": ranks_lead[1]"),
        "{err}"
    );
    let bad = Profile::from_toml_str("[title]\nunits = [\"--\"]").unwrap();
    let err = TitleParser::new(&bad).unwrap_err();
    assert!(err.to_string().contains("units[0]"), "{err}");
    // Unknown lists are refused.
    let err = Profile::from_toml_str("[title]\nrank_lead = [\"x\"]").unwrap_err();
    assert!(
        err.to_string().contains("unknown field `rank_lead`"),
        "{err}"
    );
    // Merging appends.
    let base = Profile::builtin();
    let extra = Profile::from_toml_str("[title]\nunits = [\"value office\"]").unwrap();
    let merged = base.clone().merge(extra);
    assert_eq!(merged.title.units.len(), base.title.units.len() + 1);
    let parser = TitleParser::new(&merged).unwrap();
    assert_eq!(parser.parse("Value Office Lead").level(), Some(Role::Lead));
    assert!(parser.parse("Value Office Lead").is_pmo());
    // The built-in grammar round-trips through JSON and TOML.
    let json = serde_json::to_string(&base).unwrap();
    assert_eq!(Profile::from_json_str(&json).unwrap().title, base.title);
    let toml = toml::to_string(&base).unwrap();
    assert_eq!(Profile::from_toml_str(&toml).unwrap().title, base.title);
    // A profile with no [title] table parses no PMO titles, and does not fail.
    let empty = TitleParser::new(&Profile::from_toml_str("").unwrap()).unwrap();
    assert_eq!(empty.parse("PMO Manager"), pmo_advert::JobTitle::default());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => prop::sample::select(vec![
                "PMO", "Manager", "Lead", "Analyst", "Head of", "Project Manager", "Senior",
                "Junior", "Programme Office", "Prime Minister's Office", "Vice President",
                "(", ")", "[", "]", ",", " - ", " – ", "/", "|", ":", " at ", " for ", "&amp;",
                "Job title:", "cookies", "Trust", "\n", "\r\n", " ", "?", ".",
            ]).prop_map(str::to_string),
            1 => "\\PC{0,6}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn parsing_never_panics_and_spans_slice(pieces in prop::collection::vec(piece(), 0..24)) {
            let text: String = pieces.concat();
            let parser = TitleParser::builtin();
            let t = parser.parse(&text);
            for span in t.rank().into_iter().chain(t.unit()).chain(t.near_miss()) {
                prop_assert!(text.get(span.range()).is_some_and(|s| !s.is_empty()));
            }
            for span in t.modifiers() {
                prop_assert!(text.get(span.range()).is_some());
            }
            prop_assert_eq!(&parser.parse(&text), &t);
            if let Some(span) = parser.find_title_line(&text) {
                prop_assert!(text.get(span.range()).is_some_and(|s| !s.trim().is_empty()));
            }
        }
    }
}
