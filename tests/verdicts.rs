//! Verdicts on small adverts, one table row each: titles in every word order, near misses that
//! mention a PMO, page furniture before the title, duties that are somebody else's, negation
//! after a phrase, text as PDFs and boards deliver it, and words in another sense.

use pmo_advert::{Advert, Analyser, Cue, Role};

/// One case: an optional separate title, the body, the verdict (None: not a PMO role), the level
/// the title claims (None: no claim), and whether a mismatch is expected (None: either way, for
/// bodies too short to say).
struct Case {
    title: Option<&'static str>,
    body: &'static str,
    verdict: Option<Role>,
    claim: Option<Role>,
    mismatch: Option<bool>,
}

const A: Option<Role> = Some(Role::Analyst);
const L: Option<Role> = Some(Role::Lead);
const M: Option<Role> = Some(Role::Manager);
const NONE: Option<Role> = None;

macro_rules! case {
    ($title:expr, $body:expr => $verdict:expr, claim $claim:expr) => {
        Case {
            title: $title,
            body: $body,
            verdict: $verdict,
            claim: $claim,
            mismatch: Some(false),
        }
    };
    ($title:expr, $body:expr => $verdict:expr, claim $claim:expr, mismatch) => {
        Case {
            title: $title,
            body: $body,
            verdict: $verdict,
            claim: $claim,
            mismatch: Some(true),
        }
    };
    ($title:expr, $body:expr => $verdict:expr, claim $claim:expr, any mismatch) => {
        Case {
            title: $title,
            body: $body,
            verdict: $verdict,
            claim: $claim,
            mismatch: None,
        }
    };
}

const LEADS_A_TEAM: &str = "The post leads a team to guide programme delivery, reviews the work \
     of team members and sets the standards the office follows.";

const PA_BODY: &str = "You will manage the diaries, book meetings, take minutes and keep the \
     action log within our PMO.";

const PM_BODY: &str = "You will manage the delivery of a new payroll system from start to \
     finish, report progress to the PMO and the steering group, and keep the RAID log up to \
     date. You will manage suppliers and the project budget.";

fn cases() -> Vec<Case> {
    vec![
        // 1. Titles in every word order: the claim does not depend on where the rank stands.
        case!(Some("Manager – Programme Management Office"), LEADS_A_TEAM => M, claim M, any mismatch),
        case!(Some("Programme Management Office Manager"), LEADS_A_TEAM => M, claim M, any mismatch),
        case!(Some("Manager, Enterprise PMO"), LEADS_A_TEAM => M, claim M, any mismatch),
        case!(Some("Senior Manager, Programme Office"), LEADS_A_TEAM => M, claim M, any mismatch),
        case!(Some("Manager (PMO)"), LEADS_A_TEAM => M, claim M, any mismatch),
        case!(Some("Head of Group PMO"), LEADS_A_TEAM => M, claim M, any mismatch),
        case!(Some("Head – Portfolio Office – Energy (12+ yrs)"), LEADS_A_TEAM => M, claim M, any mismatch),
        case!(Some("EPMO (Enterprise Project Management Office) Manager"), LEADS_A_TEAM => M, claim M, any mismatch),
        case!(Some("PMO &amp; Governance Manager"), LEADS_A_TEAM => M, claim M, any mismatch),
        case!(Some("Officer – Programme Management Office"),
            "You will keep the RAID log, collate highlight reports and take minutes." => A, claim A),
        case!(Some("PMO/Programme Support Officer"),
            "You will keep the RAID log, collate highlight reports and take minutes." => A, claim A),
        case!(Some("Portfolio Management Officer (PMO) Lead"),
            "Design the PMO framework, templates and methods for the new portfolio." => L, claim L),
        case!(Some("PMO Lead (Assistant Vice President)"),
            "Design the PMO framework, templates and methods for the new portfolio." => L, claim L),
        case!(Some("Team Leader – PMO"),
            "Design the PMO framework, templates and methods for the new portfolio." => L, claim L),
        // 2. Near misses that mention a PMO, or give "PMO" another meaning.
        case!(Some("Programme Administrator"),
            "Our summer school programme office needs someone to enrol students, book lecture \
             rooms and keep attendance sheets in Excel." => NONE, claim NONE),
        case!(Some("Policy Officer, Prime Minister's Office (PMO)"),
            "Track progress of government priorities, maintain the KPI dashboard and take \
             minutes at cabinet committee meetings." => NONE, claim NONE),
        case!(Some("Engagement Lead"),
            "You will run client engagements end to end, on top of the usual PMO activity. \
             Line management of the delivery team is included. Financial management and \
             forecasting for each engagement." => NONE, claim NONE),
        case!(Some("Delivery Lead"), PM_BODY => NONE, claim NONE),
        case!(Some("Project Lead"), PM_BODY => NONE, claim NONE),
        case!(None, PM_BODY => NONE, claim NONE),
        case!(Some("Senior Delivery Manager"),
            "Liaise with the programme office on reporting and submit monthly returns to the \
             PMO. Manage the delivery team." => NONE, claim NONE),
        // A project manager, a business analyst or a change manager in a PMO is still a near miss.
        case!(Some("Project Manager (PMO)"),
            "Manage end-to-end delivery of three IT projects, own budgets and RAID for those \
             projects, reporting to the PMO Manager." => NONE, claim NONE),
        case!(Some("Change Manager – Transformation PMO"),
            "Lead the people side of change for our HR programme and coordinate stakeholder \
             engagement." => NONE, claim NONE),
        case!(None,
            "Business Analyst, PMO\nLead the people side of change for our HR programme and \
             coordinate stakeholder engagement." => NONE, claim NONE),
        // A phrase does not run from the title line into the body.
        case!(None,
            "Senior Project Manager – PMO Team\nLead delivery of the data centre migration; you \
             will sit within the PMO team but run your own projects." => NONE, claim NONE),
        // The company's PMO is no sign that this job sits in it.
        case!(Some("Project Coordinator"),
            "Construction company. Coordinate site schedules and subcontractors; report to the \
             Project Manager. Our PMO sets the document standards." => NONE, claim NONE),
        // Lists of other vacancies and text above the title line are page furniture.
        case!(None,
            "We use cookies to improve your experience.\nHEAD OF PROJECT MANAGEMENT\nThe Head of \
             Project Management leads the project management function and line manages our 18 \
             project managers.\nSimilar jobs\nPMO Manager – Derby\nHead of PMO – Manufacturing\n\
             PMO Analyst – Nottingham" => NONE, claim NONE),
        case!(None,
            "Job Title: Project Coordinator\nSupport the project team on a new school build.\n\
             Similar jobs\nPMO Coordinator – Reading" => NONE, claim NONE),
        // 3. Page furniture before the title; a wrapped sentence is not a title.
        case!(None,
            "Are you OK with cookies?\nProject Support Officer\nThe programme will redesign the \
             operating model across the organisation and drive organisational design.\nYou will \
             keep the RAID log and book meetings." => A, claim A),
        case!(None,
            "Page 1 of 5\nRole Description\nPMO Analyst\nMaintain the RAID log and collate the \
             weekly highlight reports for the PMO." => A, claim A),
        case!(None,
            "Working closely with our PMO Manager, the successful candidate will\nmaintain the \
             RAID log, collate highlight reports and take minutes within the programme office." => A, claim NONE),
        // 4. Somebody else's duties: audiences, background, the head of PMO in the blurb.
        case!(Some("PMO Analyst"),
            "- Prepare slides for PMO leadership.\n- Assemble packs for the governance \
             boards.\n- Keep the RAID log current." => A, claim A),
        case!(Some("PMO Analyst"),
            "About us\nOur Head of PMO sets the portfolio strategy and owns the operating model \
             across the organisation.\nThe role\nKeep the RAID log and collate highlight reports \
             for the PMO." => A, claim A),
        // 5. Negation after the phrase.
        case!(Some("PMO Lead"),
            "Line management is not part of this role. Design the PMO framework and templates." => L, claim L),
        // 6. Text as PDFs deliver it.
        case!(Some("PMO Lead"),
            "You will design the frame-\nwork and templates of the new PMO, with-\nout direct \
             line management, and imple-\nment assurance reviews." => L, claim L),
        case!(None,
            "Project Management Oﬃce Analyst\nMaintain the RAID log and produce the weekly \
             highlight reports." => A, claim A),
        // Somebody else's title after "to" is not the job's ("PA to the Head of PMO").
        case!(Some("PA to the Head of PMO"), PA_BODY => A, claim A),
        case!(Some("Executive Assistant to Head of PMO"), PA_BODY => A, claim A),
        case!(Some("Assistant to the PMO Manager"), PA_BODY => A, claim A),
        case!(Some("PMO Analyst reporting to Head of PMO"), PA_BODY => A, claim A),
        // Another meaning in the body voids the unit of the title too.
        case!(Some("PMO Analyst"),
            "The Prime Minister's Office (PMO) is recruiting. You will maintain the RAID log of \
             government priorities and take minutes." => NONE, claim NONE),
        case!(Some("Programme Office Coordinator"),
            "Our school's programme office runs the sixth-form enrichment programme. You will \
             coordinate timetables, book rooms and maintain records." => NONE, claim NONE),
        // One generic phrase is no ground for a mismatch.
        case!(Some("SENIOR PMO ANALYST"),
            "About the role\nYou will join our busy team and help us deliver change across the \
             organisation." => A, claim A),
        // A title that claims more than the duties describe still gets its mismatch.
        case!(Some("PMO Manager"),
            "Keep the RAID log, take minutes, book meetings, chase actions, collate highlight \
             reports and raise purchase orders. You will support the project managers." => M, claim M, mismatch),
    ]
}

#[test]
fn every_case_gets_its_verdict_claim_and_mismatch() {
    let analyser = Analyser::builtin();
    let mut wrong = Vec::new();
    for (i, c) in cases().iter().enumerate() {
        let mut advert = Advert::new(c.body);
        if let Some(t) = c.title {
            advert = advert.title(t);
        }
        let r = analyser.analyse(&advert);
        let got = r.verdict().map(|v| v.role());
        let claim = r.title_claim().map(|t| t.role());
        let mismatch_ok = c.mismatch.is_none_or(|m| m == r.mismatch().is_some());
        if got != c.verdict || claim != c.claim || !mismatch_ok {
            wrong.push(format!(
                "case {i} {:?}: verdict {got:?} (want {:?}), claim {claim:?} (want {:?}), \
                 mismatch {:?} (want {:?})\n{}",
                c.title,
                c.verdict,
                c.claim,
                r.mismatch(),
                c.mismatch,
                r.render(&advert)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

fn evidence_of<'r>(r: &'r pmo_advert::Report, text: &str) -> &'r pmo_advert::Evidence {
    r.evidence()
        .iter()
        .find(|e| e.text().eq_ignore_ascii_case(text))
        .unwrap_or_else(|| panic!("no evidence {text:?} in {:#?}", r.evidence()))
}

#[test]
fn evidence_says_why_a_hit_did_not_count() {
    let a = Analyser::builtin();
    let r = a.analyse(
        &Advert::new(
            "- Prepare slides for PMO leadership.\n- Assemble packs for the governance boards.",
        )
        .title("PMO Analyst"),
    );
    for t in ["PMO leadership", "governance boards"] {
        let e = evidence_of(&r, t);
        assert_eq!(e.cue(), Some(Cue::Audience), "{t}");
        assert_eq!(e.weight(), 0.0);
    }
    let r = a.analyse(&Advert::new("Line management is not part of this role.").title("PMO Lead"));
    let e = evidence_of(&r, "Line management");
    assert!(e.negated() && e.weight() < 0.0);
    let r = a.analyse_text(
        "PMO Officer\nThe programme will redesign the operating model across the organisation.",
    );
    assert_eq!(
        evidence_of(&r, "operating model").cue(),
        Some(Cue::Background)
    );
    let r = a.analyse_text("Policy Officer, Prime Minister's Office (PMO)\nBrief the PMO daily.");
    assert!(r
        .evidence()
        .iter()
        .filter(|e| e.text() == "PMO")
        .all(|e| e.cue() == Some(Cue::OtherMeaning) && e.weight() == 0.0));
    let r = a.analyse_text("Project Manager\nReport progress to the PMO.");
    assert_eq!(evidence_of(&r, "PMO").cue(), Some(Cue::Mention));
    let r = a.analyse_text("PMO Officer\nJoin our growing PMO.");
    assert_eq!(evidence_of(&r, "PMO").cue(), Some(Cue::Membership));
}

#[test]
fn text_as_pdfs_and_boards_deliver_it_is_folded_and_spans_slice_the_original() {
    let a = Analyser::builtin();
    let body =
        "You will work with-\nout direct line management, imple-\nment the PMO frame-\nwork \
                and build Power&nbsp;BI dashboards for the Project Management Oﬃce team&#8217;s \
                portfolio &amp; programme boards.";
    let r = a.analyse(&Advert::new(body).title("PMO Lead"));
    let lm = evidence_of(&r, "line management");
    assert!(lm.negated() && lm.weight() < 0.0, "{lm:?}");
    for e in r
        .evidence()
        .iter()
        .filter(|e| e.field() == pmo_advert::Field::Body)
    {
        assert_eq!(&body[e.span()], e.text());
    }
    let texts: Vec<&str> = r.evidence().iter().map(|e| e.text()).collect();
    assert!(texts.contains(&"Power&nbsp;BI"), "{texts:?}");
    assert!(texts.contains(&"Project Management Oﬃce"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.starts_with("imple-\nment")),
        "{texts:?}"
    );
}

#[test]
fn coordination_and_not_only_keep_their_cues() {
    let a = Analyser::builtin();
    let r = a.analyse(
        &Advert::new("Prepare slides for PMO leadership and the executive committee.")
            .title("PMO Analyst"),
    );
    assert_eq!(evidence_of(&r, "PMO leadership").cue(), Some(Cue::Audience));
    assert_eq!(
        evidence_of(&r, "executive committee").cue(),
        Some(Cue::Audience)
    );
    let r = a.analyse(
        &Advert::new("You will not only manage the PMO team but also set the PMO strategy.")
            .title("PMO Manager"),
    );
    let e = evidence_of(&r, "manage the PMO team");
    assert!(!e.negated() && e.weight() > 0.0, "{e:?}");
}

#[test]
fn title_lines_end_at_any_line_break_and_leave_a_bom_out() {
    let a = Analyser::builtin();
    let body = "PMO Analyst\rMaintain the RAID log\rwithin the PMO\r";
    let r = a.analyse_text(body);
    assert_eq!(&body[r.title_line().unwrap()], "PMO Analyst");
    assert_eq!(r.verdict().map(|v| v.role()), Some(Role::Analyst));
    let body = "\u{feff}PMO Analyst\r\nMaintain the RAID log within the PMO.";
    let r = a.analyse_text(body);
    assert_eq!(&body[r.title_line().unwrap()], "PMO Analyst");
}

#[test]
fn words_in_another_sense_do_not_count() {
    let a = Analyser::builtin();
    for (text, word) in [
        ("Our supplier has a healthy order book.", "book"),
        ("Keep the RAID log current.", "log"),
        ("Papers go to the programme board.", "board"),
        ("You will work with the Finance Director.", "Director"),
        ("You will be reporting to the Head of Delivery.", "Head"),
        ("We run the Electronic Patient Record.", "Record"),
        ("An NHS Foundation Trust.", "Foundation"),
        ("A proven track record.", "track"),
    ] {
        let r = a.analyse(&Advert::new(text).title(""));
        assert!(
            r.evidence().iter().all(|e| e.text() != word),
            "{word:?} counted in {text:?}: {:#?}",
            r.evidence()
        );
    }
}

#[test]
fn a_title_line_is_found_past_page_furniture() {
    let a = Analyser::builtin();
    let body = "Are you OK with cookies?\nProject Support Officer\nYou will keep the RAID log.";
    let r = a.analyse_text(body);
    let span = r.title_line().expect("a title line");
    assert_eq!(&body[span], "Project Support Officer");
    let r = a.analyse(&Advert::new(body).title("PMO Officer"));
    assert_eq!(r.title_line(), None);
}
