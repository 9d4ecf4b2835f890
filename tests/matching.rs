//! How phrases match real advert text: whole words, folding, spans, line and column.

use pmo_advert::{Advert, Analyser, Field, Section};

/// `(text, signal, expected matched text or None for "must not fire")`.
macro_rules! cases {
    ($($text:expr, $signal:expr => $want:expr;)*) => {
        vec![$(($text, $signal, $want)),*]
    };
}

fn hits<'a>(analyser: &Analyser, text: &'a str, signal: &str) -> Vec<&'a str> {
    let report = analyser.analyse(&Advert::new(text).title(""));
    report
        .evidence()
        .iter()
        .filter(|e| e.signal() == signal && e.field() == Field::Body)
        .map(|e| {
            assert_eq!(&text[e.span()], e.text(), "span slices the input");
            &text[e.span()]
        })
        .collect()
}

#[test]
fn phrase_matching_table() {
    let analyser = Analyser::builtin();
    let table: Vec<(&str, &str, Option<&str>)> = cases! {
        // whole words only
        "the PMO Lead will", "title.pmo_lead" => Some("PMO Lead");
        "PMO leadership matters", "title.pmo_lead" => None;
        "a misleading PMO lead-in", "title.pmo_lead" => Some("PMO lead");
        "weekly KPIs", "analyst.kpis" => Some("KPIs");
        "the xkpi field", "analyst.kpis" => None;
        "kpi2 codes", "analyst.kpis" => None;
        // a longest hit that fails the boundary gives way to a shorter one at the same place
        "our PMO leaderboard", "context.pmo" => Some("PMO");
        "PMO Analystics dashboard", "context.pmo" => Some("PMO");
        // case, white space, line breaks, no-break spaces
        "MAINTAIN THE RAID LOG", "analyst.raid" => Some("RAID LOG");
        "maintain the raid\n   log", "analyst.raid" => Some("raid\n   log");
        "maintain the RAID\u{a0}log", "analyst.raid" => Some("RAID\u{a0}log");
        "maintain the RAID\r\nlog", "analyst.raid" => Some("RAID\r\nlog");
        // but not across a paragraph break
        "take\n\nminutes", "analyst.minutes" => None;
        "take\r\n  \r\nminutes", "analyst.minutes" => None;
        "take\u{2029}minutes", "analyst.minutes" => None;
        "take\r\n  minutes", "analyst.minutes" => Some("take\r\n  minutes");
        "our PMO\n\nLead the team", "title.pmo_lead" => None;
        "our PMO\n\nLead the team", "context.pmo" => Some("PMO");
        // hyphen and dash variants, UK/US spelling
        "PMO Co-ordinator", "title.pmo_coordinator" => Some("PMO Co-ordinator");
        "PMO Coordinator", "title.pmo_coordinator" => Some("PMO Coordinator");
        "PMO Co\u{2013}ordinator", "title.pmo_coordinator" => Some("PMO Co\u{2013}ordinator");
        "PMO Co\u{2011}ordinator", "title.pmo_coordinator" => Some("PMO Co\u{2011}ordinator");
        "the Program Management Office", "context.office" => Some("Program Management Office");
        "drive portfolio prioritization", "manager.portfolio_governance" => Some("portfolio prioritization");
        // curly apostrophes, soft hyphens, zero-width spaces
        "the PMO\u{2019}s tools", "context.pmo" => Some("PMO\u{2019}s");
        "a PMO Co\u{ad}ordinator", "title.pmo_coordinator" => Some("PMO Co\u{ad}ordinator");
        "PMO\u{200b} Analyst", "title.pmo_analyst" => Some("PMO\u{200b} Analyst");
        // bullets separate words but never join them
        "\u{2022}Maintain the RAID log", "analyst.raid" => Some("RAID log");
        "PMO\u{2022}Analyst", "title.pmo_analyst" => None;
        // non-ASCII letters are word characters
        "PMOé Analyst", "title.pmo_analyst" => None;
        "Лидер PMO Lead", "title.pmo_lead" => Some("PMO Lead");
        "招聘PMO经理", "context.pmo" => Some("PMO");
    };
    let mut failures = Vec::new();
    for (text, signal, want) in table {
        let got = hits(&analyser, text, signal);
        let ok = match want {
            Some(w) => got.contains(&w),
            None => got.is_empty(),
        };
        if !ok {
            failures.push(format!("{text:?} / {signal}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn line_and_column_are_one_based_chars() {
    let analyser = Analyser::builtin();
    let text = "Intro line\r\nÉté – the PMO Analyst\rthird: RAID log";
    let report = analyser.analyse(&Advert::new(text).title("x"));
    let find = |s: &str| {
        report
            .evidence()
            .iter()
            .find(|e| e.signal() == s)
            .unwrap_or_else(|| panic!("{s} missing"))
    };
    let title = find("title.pmo_analyst");
    assert_eq!((title.line(), title.column()), (2, 11));
    assert_eq!(title.text(), "PMO Analyst");
    let raid = find("analyst.raid");
    assert_eq!((raid.line(), raid.column()), (3, 8));
}

#[test]
fn a_byte_order_mark_shifts_neither_spans_nor_columns() {
    let analyser = Analyser::builtin();
    let text = "\u{feff}PMO Analyst\r\nMaintain the RAID log.";
    let report = analyser.analyse_text(text);
    let title = report
        .evidence()
        .iter()
        .find(|e| e.signal() == "title.claim.analyst")
        .unwrap();
    assert_eq!(title.span(), pmo_advert::Span::new(3, 14));
    assert_eq!((title.line(), title.column()), (1, 1));
    let raid = report
        .evidence()
        .iter()
        .find(|e| e.signal() == "analyst.raid")
        .unwrap();
    assert_eq!(&text[raid.span()], "RAID log");
    assert_eq!((raid.line(), raid.column()), (2, 14));
}

#[test]
fn sentences_and_sections_come_with_each_hit() {
    let analyser = Analyser::builtin();
    let text = "PMO Officer\n\nAbout us\nWe value KPIs.\n\nKey responsibilities:\n- Maintain the RAID log. Take minutes at boards.\n\nBenefits\nA pension and strong KPIs.";
    let report = analyser.analyse_text(text);
    let sections: Vec<(&str, Section)> = report
        .evidence()
        .iter()
        .map(|e| (e.text(), e.section()))
        .collect();
    assert!(sections.contains(&("PMO Officer", Section::Title)));
    assert!(sections.contains(&("KPIs", Section::Company)));
    assert!(sections.contains(&("RAID log", Section::Responsibilities)));
    assert!(sections.contains(&("Take minutes", Section::Responsibilities)));
    let raid = report
        .evidence()
        .iter()
        .find(|e| e.text() == "RAID log")
        .unwrap();
    assert_eq!(&text[raid.sentence()], "- Maintain the RAID log.");
    let benefits_kpi = report
        .evidence()
        .iter()
        .find(|e| e.section() == Section::Benefits)
        .unwrap();
    let company_kpi = report
        .evidence()
        .iter()
        .find(|e| e.section() == Section::Company)
        .unwrap();
    // The same signal counts less in the company blurb and the benefits than in the duties.
    assert!(benefits_kpi.weight() < company_kpi.weight());
}

#[test]
fn negation_in_the_clause_turns_a_hit_into_counter_evidence() {
    let analyser = Analyser::builtin();
    for (text, negated) in [
        ("You will line manage two officers.", false),
        ("You will not line manage anyone.", true),
        (
            "This role is not responsible for the line management of staff.",
            true,
        ),
        ("Without direct reports, you will influence.", false), // lead signal, not a negated one
        ("No budget; line management of two officers.", false), // the cue is in another clause
        ("You won't have direct reports.", true),
        ("There is no travel but line management of four.", false),
    ] {
        let report = analyser.analyse(&Advert::new(text).title(""));
        let manager: Vec<_> = report
            .evidence()
            .iter()
            .filter(|e| e.signal() == "manager.line_management")
            .collect();
        if negated {
            assert!(
                !manager.is_empty() && manager.iter().all(|e| e.negated() && e.weight() < 0.0),
                "{text}"
            );
        } else {
            assert!(manager.iter().all(|e| !e.negated()), "{text}");
        }
    }
}

#[test]
fn titles_named_as_someone_else_are_references_not_claims() {
    let analyser = Analyser::builtin();
    let report = analyser.analyse(
        &Advert::new(
            "Reporting to the PMO Manager, the PMO Analyst will coach junior PMO Officers.",
        )
        .title(""),
    );
    let by_text = |t: &str| report.evidence().iter().find(|e| e.text() == t).unwrap();
    assert!(by_text("PMO Manager").reference());
    assert_eq!(by_text("PMO Manager").weight(), 0.0);
    assert!(!by_text("PMO Analyst").reference());
    assert!(
        by_text("PMO Officers").reference()
            || by_text("PMO Officers").kind() != pmo_advert::SignalKind::Title
    );
}

#[test]
fn repeats_give_diminishing_returns() {
    let analyser = Analyser::builtin();
    let once = analyser.analyse_text("x\nMaintain the RAID log.");
    let many = analyser.analyse_text(&format!("x\n{}", "Maintain the RAID log. ".repeat(200)));
    let a1 = once.duties_only().analyst();
    let a200 = many.duties_only().analyst();
    assert!(a200 > a1);
    assert!(
        a200 < a1 * 2.0 + 10.0,
        "stuffing must not scale linearly: {a1} vs {a200}"
    );
}

#[test]
fn title_field_spans_index_the_title() {
    let analyser = Analyser::builtin();
    let title = "Lead role: PMO Analyst (Band 6)";
    let body = "You will maintain the RAID log.";
    let report = analyser.analyse(&Advert::new(body).title(title));
    let t = report
        .evidence()
        .iter()
        .find(|e| e.field() == Field::Title && e.signal() == "title.claim.analyst")
        .unwrap();
    assert_eq!(&title[t.span()], "PMO Analyst");
    assert_eq!(t.section(), Section::Title);
    let claim = report.title_claim().unwrap();
    assert_eq!(claim.role(), pmo_advert::Role::Analyst);
    assert_eq!(claim.text(), "PMO Analyst");
    // Seniority words stay part of the title they qualify.
    let report = analyser.analyse(&Advert::new(body).title("Senior PMO Analyst"));
    assert_eq!(report.title_claim().unwrap().text(), "Senior PMO Analyst");
}

#[test]
fn the_first_line_is_the_title_when_none_is_given() {
    let analyser = Analyser::builtin();
    let report = analyser.analyse_text("PMO Lead\nWe run a large programme.");
    assert_eq!(report.title_claim().unwrap().role(), pmo_advert::Role::Lead);
    // A long first sentence is not a title.
    let report =
        analyser.analyse_text("We are hiring a PMO Lead to run the programme PMO for us.\nMore.");
    assert!(report.title_claim().is_none());
}

#[test]
fn analyser_is_send_sync_and_clone() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Analyser>();
    assert_send_sync::<pmo_advert::Report>();
    assert_send_sync::<pmo_advert::Profile>();
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<pmo_advert::Error>();
}

#[test]
fn batches_give_the_same_reports_as_single_calls() {
    let analyser = Analyser::builtin();
    let texts = [
        "PMO Officer\nMaintain the RAID log.",
        "Head of PMO\nLine manage the team.",
        "",
    ];
    let adverts: Vec<Advert> = texts.iter().map(|t| Advert::new(t)).collect();
    let one_by_one: Vec<_> = adverts.iter().map(|a| analyser.analyse(a)).collect();
    let many: Vec<_> = analyser.analyse_many(adverts.iter().copied()).collect();
    assert_eq!(one_by_one, many);
    #[cfg(feature = "parallel")]
    assert_eq!(one_by_one, analyser.analyse_par(&adverts));
}

#[test]
fn seniority_words_do_not_swallow_the_title_they_qualify() {
    let analyser = Analyser::builtin();
    for (title, role) in [
        ("Senior PMO Analyst", pmo_advert::Role::Analyst),
        ("Senior PMO Officer", pmo_advert::Role::Analyst),
        ("Senior PMO Lead", pmo_advert::Role::Lead),
        ("Senior PMO Manager", pmo_advert::Role::Manager),
        ("Head of Enterprise PMO", pmo_advert::Role::Manager),
        ("Graduate PMO Analyst", pmo_advert::Role::Analyst),
    ] {
        let r = analyser.analyse(&Advert::new("").title(title));
        assert_eq!(r.title_claim().map(|c| c.role()), Some(role), "{title}");
    }
}

#[test]
fn titles_after_to_or_from_are_somebody_elses() {
    let analyser = Analyser::builtin();
    let report = analyser.analyse(
        &Advert::new(
            "- Track KPIs and flag variances to the PMO Manager.\n\
             - Send the weekly returns to the Head of PMO.\n\
             - Take the priorities for the week from the PMO Lead.\n\
             - Escalate issues as appropriate to the PMO Director.\n\
             We are looking to add a PMO Analyst to keep the RAID log.\n\
             An opportunity to be the PMO Officer for the region.",
        )
        .title("PMO Analyst"),
    );
    let body = |t: &str| {
        report
            .evidence()
            .iter()
            .find(|e| e.text() == t && e.field() == pmo_advert::Field::Body)
            .unwrap_or_else(|| panic!("no evidence {t:?}"))
    };
    // Right after "to" or "from" (articles aside), even past an "as" further back.
    for t in ["PMO Manager", "Head of PMO", "PMO Lead", "PMO Director"] {
        assert!(body(t).reference(), "{t}");
        assert_eq!(body(t).weight(), 0.0, "{t}");
    }
    // "to" further back leaves the title the advert's own.
    for t in ["PMO Analyst", "PMO Officer"] {
        assert!(!body(t).reference(), "{t}");
        assert!(body(t).weight() > 0.0, "{t}");
    }
    assert_eq!(report.scores().manager(), 0.0);
    assert_eq!(report.scores().lead(), 0.0);
}

#[test]
fn a_membership_statement_counts_in_full_however_often_the_pmo_was_named_before() {
    // The job sits in the PMO whether or not the advert named the PMO from outside first: the
    // statement's membership does not decay with the PMO's earlier mentions.
    let analyser = Analyser::builtin();
    let membership = |body: &str| {
        analyser
            .analyse(&Advert::new(body).title("Systems Coordinator"))
            .membership()
    };
    let alone = membership("This role sits within the PMO.");
    let after = membership(
        "Keep the tools in line with PMO standards. Report progress to the PMO every week. \
         Liaise with the PMO on tooling.\nThis role sits within the PMO.",
    );
    assert!(alone > 0.0);
    assert!(after >= alone, "{after} < {alone}");
}

#[test]
fn cue_words_stop_at_a_dash_bullet() {
    // A plain-text list: a negation in one item, or a heading's "Support" on the line before,
    // does not reach into the next item.
    let analyser = Analyser::builtin();
    for bullet in ["-", "+", "\u{2013}", "  -", "\t*"] {
        let body = format!(
            "{bullet} Travel is not required\n{bullet} Maintain the RAID log\n\
             People & Support\n{bullet} Lead the PMO team through the change"
        );
        let report = analyser.analyse(&Advert::new(&body).title("PMO Lead"));
        let find = |t: &str| {
            report
                .evidence()
                .iter()
                .find(|e| e.text() == t)
                .unwrap_or_else(|| panic!("no {t:?} in {body:?}"))
        };
        assert!(!find("RAID log").negated(), "{body:?}");
        assert_eq!(find("Lead the PMO team").cue(), None, "{body:?}");
        assert!(find("Lead the PMO team").weight() > 0.0, "{body:?}");
    }
}
