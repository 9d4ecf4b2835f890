//! Adverts read from HTML pages and JobPosting JSON (feature `html`): the visible-text rules, each
//! with a tiny page and its exact text; JSON-LD postings and their metadata; the errors; and the
//! map back to the source: every piece of evidence of every HTML fixture and test page maps to
//! a source span holding the same words.
#![cfg(feature = "html")]

use std::path::Path;

mod support;

use pmo_advert::input::ExtractedAdvert;
use pmo_advert::{AdvertSource, Analyser, Error, Field, Role, Section, Span};

/// The one advert of a page read for its visible text.
fn page(html: &str) -> ExtractedAdvert {
    let mut adverts = ExtractedAdvert::from_html(html).expect("the page gives an advert");
    assert_eq!(adverts.len(), 1, "{html}");
    let a = adverts.remove(0);
    assert_eq!(a.metadata().source(), Some(AdvertSource::Html));
    a
}

fn body(html: &str) -> String {
    page(html).body().to_string()
}

// ---------------------------------------------------------------------------------------------
// Visible text

#[test]
fn scripts_styles_and_page_furniture_are_dropped_with_their_contents() {
    let html = r#"<body>
        <script>var title = "PMO Manager";</script>
        <style>.pmo-lead { color: red }</style>
        <nav><a href="/jobs/pmo-manager">PMO Manager jobs</a></nav>
        <aside><h3>Similar jobs</h3><ul><li>Head of PMO</li></ul></aside>
        <p>Maintain the RAID log.</p>
        <form action="/apply"><label>Your name</label><input name="n"><button>Apply now</button></form>
        <noscript>Please enable JavaScript</noscript>
        <template><p>PMO Lead</p></template>
        <svg viewBox="0 0 1 1"><title>logo</title><text>Acme</text></svg>
        <iframe src="/map">Map of the office</iframe>
        <select><option>Permanent</option></select>
        <div hidden>Hidden text</div><div style="display: none">Also hidden</div>
        <dialog><p>We use cookies</p></dialog>
        <div role="navigation">Menu</div>
        <footer>© Acme · Programme Office Manager jobs</footer>
    </body>"#;
    assert_eq!(body(html), "Maintain the RAID log.");
}

#[test]
fn the_head_never_counts_but_its_title_is_read() {
    let html = "<!DOCTYPE html><html><head><meta charset=utf-8>\
        <title>PMO Officer | Acme</title>\
        <meta name=description content=\"Head of PMO\"><link rel=stylesheet href=a.css>\
        <style>body { font: 12px }</style><script>let pmo = 'manager';</script></head>\
        <body><p>Collate highlight reports.</p></body></html>";
    let a = page(html);
    assert_eq!(a.title(), Some("PMO Officer | Acme"));
    assert_eq!(a.body(), "Collate highlight reports.");
    let report = a.analyse(&Analyser::builtin());
    // Words: the title's three and the body's three; nothing of the head.
    assert_eq!(report.stats().words(), 6);
}

#[test]
fn a_head_left_open_ends_where_a_browser_ends_it() {
    // No </head>: the first start tag that cannot stand in a head ends it.
    assert_eq!(
        body("<head><title>T</title><p>Maintain the RAID log.</p>"),
        "Maintain the RAID log."
    );
    // Text ends it too.
    assert_eq!(body("<head><meta charset=utf-8>Plain text"), "Plain text");
    // </head> and <body> end whatever the head left open.
    assert_eq!(body("<head><template><p>x</p></head><p>Shown</p>"), "Shown");
    assert_eq!(body("<head><template><p>x</p><body><p>Shown</p>"), "Shown");
}

#[test]
fn entities_are_decoded_and_power_bi_is_matched() {
    let a = page("<p>Build Power&nbsp;BI dashboards &amp; track KPIs &ndash; weekly</p>");
    assert_eq!(a.body(), "Build Power BI dashboards & track KPIs – weekly");
    let report = a.analyse(&Analyser::builtin());
    let e = report
        .evidence()
        .iter()
        .find(|e| e.text() == "Power BI")
        .expect("Power BI matched");
    assert_eq!(
        &"<p>Build Power&nbsp;BI dashboards &amp; track KPIs &ndash; weekly</p>"
            [e.source_span().unwrap()],
        "Power&nbsp;BI"
    );
}

#[test]
fn curly_quotes_dashes_and_numeric_references() {
    assert_eq!(
        body("<p>You&#8217;ll co&#x2011;ordinate 3&ndash;5 boards &lsquo;weekly&rsquo;&#46;</p>"),
        "You\u{2019}ll co\u{2011}ordinate 3\u{2013}5 boards \u{2018}weekly\u{2019}."
    );
}

#[test]
fn white_space_collapses_as_in_a_browser() {
    assert_eq!(
        body("<p>\n   Maintain \t the\n RAID <b> log </b>and <i>KPIs</i> .  </p>"),
        "Maintain the RAID log and KPIs ."
    );
    // No white space between elements, no space: as in a browser.
    assert_eq!(body("<p><b>PMO</b><i>Analyst</i></p>"), "PMOAnalyst");
    // A no-break space collapses too: a paragraph of one is a blank line.
    assert_eq!(
        body("<p>a&nbsp; b&nbsp;</p><p>&nbsp;</p><p>&nbsp;c</p>"),
        "a b\n\nc"
    );
}

#[test]
fn blocks_end_lines_with_one_blank_line_at_most() {
    assert_eq!(
        body("<div>One</div><div>Two</div><p>Three</p><p></p><p></p><p>Four</p><section><div><div>Five</div></div></section>"),
        "One\nTwo\n\nThree\n\nFour\n\nFive"
    );
    assert_eq!(
        body("<table><tr><td>Salary</td><td>£40,000</td></tr><tr><th>Band</th><td>6</td></tr></table><dl><dt>Hours</dt><dd>37</dd></dl>"),
        "Salary\n£40,000\nBand\n6\n\nHours\n37"
    );
}

#[test]
fn br_ends_a_line_and_two_leave_a_blank_line() {
    assert_eq!(
        body("<p>Line one<br>Line two<br/><br>Line three<br><br><br><br>Line four<br></p>"),
        "Line one\nLine two\n\nLine three\n\nLine four"
    );
}

#[test]
fn list_items_become_bullet_lines() {
    assert_eq!(
        body("<p>You will:</p><ul><li>Maintain the RAID log</li><li><p>Track KPIs</p></li>\
              <li>Report<ul><li>weekly</li><li>monthly</li></ul></li></ul><ol><li>First<li>Second</ol>"),
        "You will:\n\n• Maintain the RAID log\n• Track KPIs\n• Report\n• weekly\n• monthly\n\n• First\n• Second"
    );
}

#[test]
fn headings_stand_as_lines_and_open_sections() {
    let a = page(
        "<h1>PMO Analyst</h1><p>Join our PMO.</p><h2>Key responsibilities</h2>\
         <p>Maintain the RAID log.</p><h3>About you</h3><p>You can build Power BI dashboards.</p>",
    );
    assert_eq!(a.title(), Some("PMO Analyst"));
    assert_eq!(
        a.body(),
        "Join our PMO.\n\nKey responsibilities\n\nMaintain the RAID log.\n\nAbout you\n\nYou can build Power BI dashboards."
    );
    let report = a.analyse(&Analyser::builtin());
    let section = |text: &str| {
        report
            .evidence()
            .iter()
            .find(|e| e.text() == text)
            .unwrap_or_else(|| panic!("{text} not matched"))
            .section()
    };
    assert_eq!(section("RAID log"), Section::Responsibilities);
    assert_eq!(section("Power BI"), Section::Requirements);
}

#[test]
fn a_bold_heading_opening_a_block_gets_its_own_line() {
    let a = page(
        "<p><strong>Key responsibilities:</strong> Maintain the RAID log.</p>\
         <p><b>About you:</b> You can build Power BI dashboards.</p>\
         <p><strong>Salary</strong><br>£40,000</p>\
         <p>We <strong>value:</strong> honesty.</p>\
         <ul><li><strong>Reporting:</strong> weekly highlight reports</li></ul>",
    );
    assert_eq!(
        a.body(),
        "Key responsibilities:\nMaintain the RAID log.\n\nAbout you:\nYou can build Power BI dashboards.\n\n\
         Salary\n£40,000\n\nWe value: honesty.\n\n• Reporting: weekly highlight reports"
    );
    let report = a.analyse(&Analyser::builtin());
    let raid = report
        .evidence()
        .iter()
        .find(|e| e.text() == "RAID log")
        .unwrap();
    assert_eq!(raid.section(), Section::Responsibilities);
    let bi = report
        .evidence()
        .iter()
        .find(|e| e.text() == "Power BI")
        .unwrap();
    assert_eq!(bi.section(), Section::Requirements);
}

#[test]
fn the_first_h1_is_the_title_and_is_not_repeated() {
    let a = page(
        "<header><h1>Acme Careers</h1></header><nav><h1>Menu</h1></nav>\
         <main><h1> PMO <span>Co-ordinator</span><br>Band 4 </h1><p>Text.</p><h1>Second h1</h1></main>",
    );
    assert_eq!(a.title(), Some("PMO Co-ordinator Band 4"));
    assert_eq!(a.body(), "Text.\n\nSecond h1");
    // An empty <h1> (a logo) is passed over.
    let a = page("<h1><img src=logo.png alt=Acme></h1><h1>PMO Lead</h1><p>x</p>");
    assert_eq!(a.title(), Some("PMO Lead"));
    // An <h1> left open stops being the title at the next block.
    let a = page("<h1>PMO Lead<p>Design the PMO.</p>");
    assert_eq!((a.title(), a.body()), (Some("PMO Lead"), "Design the PMO."));
}

#[test]
fn without_an_h1_the_title_is_the_page_title() {
    let a = page("<title>\n  PMO&nbsp;Manager &ndash; Acme\n</title><p>Manage the PMO team.</p>");
    assert_eq!(a.title(), Some("PMO Manager – Acme"));
    let a = page("<p>No title at all.</p>");
    assert_eq!(a.title(), None);
}

#[test]
fn unclosed_furniture_does_not_swallow_the_page() {
    // Closed by its parent's end tag.
    assert_eq!(
        body("<div><nav><a>PMO Manager jobs</a></div><p>Maintain the RAID log.</p>"),
        "Maintain the RAID log."
    );
    // Closed by <main>.
    assert_eq!(
        body("<body><nav><ul><li>Jobs<li>PMO Manager jobs</ul><main><p>Maintain the RAID log.</p></main>"),
        "Maintain the RAID log."
    );
    // Closed by </body>: the rest is read.
    assert_eq!(
        body("<body><p>Maintain the RAID log.</p><aside>Similar jobs</body><p>After.</p>"),
        "Maintain the RAID log.\n\nAfter."
    );
}

#[test]
fn header_and_footer_inside_the_content_are_kept() {
    assert_eq!(
        body(
            "<header>Acme</header><article><header><p>Posted today</p></header>\
              <p>Maintain the RAID log.</p><footer>Ref 123</footer></article><footer>©</footer>"
        ),
        "Posted today\n\nMaintain the RAID log.\n\nRef 123"
    );
}

#[test]
fn a_form_is_dropped_unless_it_wraps_the_page() {
    // An application form.
    assert_eq!(
        body("<p>Maintain the RAID log.</p><form><p>Upload your CV</p><input type=file></form><p>End.</p>"),
        "Maintain the RAID log.\n\nEnd."
    );
    // An ASP.NET page: one form around everything.
    assert_eq!(
        body("<body><form id=form1><input type=hidden name=__VIEWSTATE value=x>\
              <main><h2>Duties</h2><p>Maintain the RAID log.</p><button>Apply</button></main></form></body>"),
        "Duties\n\nMaintain the RAID log."
    );
}

#[test]
fn pre_keeps_its_white_space() {
    assert_eq!(
        body("<p>Duties</p><pre>\n- Maintain  the RAID log\n- Track KPIs\n</pre>"),
        "Duties\n\n- Maintain  the RAID log\n- Track KPIs"
    );
}

#[test]
fn tag_and_attribute_names_in_any_case() {
    assert_eq!(
        body(
            "<BODY><NAV>Menu</NAV><P>One</P><DIV HIDDEN>x</DIV><Div Style='DISPLAY: NONE'>y</Div>\
              <UL><LI>Two</UL><SCRIPT TYPE='text/javascript'>z</SCRIPT></BODY>"
        ),
        "One\n\n• Two"
    );
}

#[test]
fn crlf_and_nul() {
    assert_eq!(body("<p>a\r\nb\rc\0d</p>"), "a b cd");
    assert_eq!(body("<pre>a\r\nb</pre>"), "a\nb");
}

#[test]
fn html_errors_are_counted_not_fatal() {
    let a = page("<p>a < b &#0; </p id=x><p>c");
    assert_eq!(a.body(), "a < b \u{fffd}\n\nc");
    assert!(a.metadata().html_errors() >= 2, "{:?}", a.metadata());
    assert_eq!(page("<p>fine</p>").metadata().html_errors(), 0);
}

// ---------------------------------------------------------------------------------------------
// JSON-LD and JobPosting JSON

const POSTING: &str = r#"{
  "@context": "https://schema.org/",
  "@type": "JobPosting",
  "title": "PMO Analyst",
  "description": "<p>Join our PMO.</p><h2>Key responsibilities</h2><ul><li>Maintain the RAID log</li><li>Track KPIs</li></ul>",
  "datePosted": "2024-03-01",
  "hiringOrganization": {"@type": "Organization", "name": "Acme Council"},
  "identifier": {"@type": "PropertyValue", "name": "Acme", "value": "AC-1043"},
  "employmentType": "FULL_TIME",
  "url": "https://jobs.example.org/ac-1043"
}"#;

#[test]
fn a_json_ld_posting_carries_its_text_and_metadata() {
    let html = format!(
        "<html><head><script type=\"application/ld+json\">{POSTING}</script></head>\
         <body><nav>PMO Manager jobs</nav><h1>PMO Analyst</h1><p>Visible text.</p></body></html>"
    );
    let adverts = ExtractedAdvert::from_html(&html).unwrap();
    assert_eq!(adverts.len(), 1);
    let a = &adverts[0];
    assert_eq!(a.title(), Some("PMO Analyst"));
    assert_eq!(
        a.body(),
        "Join our PMO.\n\nKey responsibilities\n\n• Maintain the RAID log\n• Track KPIs"
    );
    let m = a.metadata();
    assert_eq!(m.source(), Some(AdvertSource::HtmlJsonLd));
    assert_eq!(m.hiring_organization(), Some("Acme Council"));
    assert_eq!(m.date_posted(), Some("2024-03-01"));
    assert_eq!(m.identifier(), Some("AC-1043"));
    assert_eq!(m.employment_type(), ["FULL_TIME"]);
    assert_eq!(m.url(), Some("https://jobs.example.org/ac-1043"));
    assert!(m.skipped().is_empty());
    let report = a.analyse(&Analyser::builtin());
    assert_eq!(report.verdict().unwrap().role(), Role::Analyst);
    // Text out of a JSON string has no span in the page.
    assert!(report.evidence().iter().all(|e| e.source_span().is_none()));
    assert_eq!(report.metadata(), Some(m));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["metadata"]["hiring_organization"], "Acme Council");
    assert_eq!(json["metadata"]["source"], "html_json_ld");
    assert!(json["evidence"][0].get("source_span").is_none());
}

#[test]
fn graphs_lists_and_pages_with_two_postings() {
    let graph = r#"{"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Acme jobs"},
        {"@type": "JobPosting", "title": "PMO Lead", "description": "Design the PMO framework."},
        {"@type": "JobPosting", "title": "Head of PMO", "description": "Manage the PMO team."}]}"#;
    let a = ExtractedAdvert::from_job_posting_json(graph).unwrap();
    let titles: Vec<_> = a.iter().map(|a| a.title().unwrap()).collect();
    assert_eq!(titles, ["PMO Lead", "Head of PMO"]);
    assert!(a
        .iter()
        .all(|a| a.metadata().source() == Some(AdvertSource::Json)));

    let list = r#"[{"@type": "JobPosting", "title": "PMO Officer"}, {"@type": "Organization"},
                   {"@type": "JobPosting", "description": "Collate reports."}]"#;
    let a = ExtractedAdvert::from_job_posting_json(list).unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!((a[0].title(), a[0].body()), (Some("PMO Officer"), ""));
    assert_eq!((a[1].title(), a[1].body()), (None, "Collate reports."));

    let page = format!(
        "<script type=application/ld+json>{}</script><p>x</p>\
         <script type=\"application/ld+json\">{}</script>",
        r#"{"@type": "JobPosting", "title": "PMO Analyst", "description": "<p>One</p>"}"#,
        r#"{"@type": "JobPosting", "title": "PMO Manager", "description": "<p>Two</p>"}"#
    );
    let a = ExtractedAdvert::from_html(&page).unwrap();
    let got: Vec<_> = a.iter().map(|a| (a.title().unwrap(), a.body())).collect();
    assert_eq!(got, [("PMO Analyst", "One"), ("PMO Manager", "Two")]);
}

#[test]
fn a_description_encoded_twice_is_decoded_once_more() {
    let json = r#"{"@type": "JobPosting", "title": "PMO Officer &amp; Co-ordinator",
        "description": "&lt;p&gt;Maintain the RAID log &amp;amp; action log.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Track KPIs&lt;/li&gt;&lt;/ul&gt;"}"#;
    let a = &ExtractedAdvert::from_job_posting_json(json).unwrap()[0];
    assert_eq!(a.title(), Some("PMO Officer & Co-ordinator"));
    assert_eq!(
        a.body(),
        "Maintain the RAID log & action log.\n\n• Track KPIs"
    );
}

#[test]
fn a_broken_json_ld_block_is_noted_and_the_visible_text_read() {
    let html = "<html><head>\n<script type=\"application/ld+json\">\n{\"@type\": \"JobPosting\",\n \"title\": \"PMO Analyst\" oops}\n</script></head>\
                <body><h1>PMO Analyst</h1><p>Maintain the RAID log.</p></body></html>";
    let a = page(html);
    assert_eq!(a.body(), "Maintain the RAID log.");
    assert_eq!(
        a.metadata().skipped(),
        ["application/ld+json block 1 at line 2: JSON does not parse at line 4, column 25 of the page: expected `,` or `}`"]
    );
    // A block without a JobPosting is no posting: the visible text is read.
    let a = page(
        "<script type=application/ld+json>{\"@type\": \"Organization\", \"name\": \"Acme\"}</script><p>Text</p>",
    );
    assert_eq!(a.body(), "Text");
    assert!(a.metadata().skipped().is_empty());
}

#[test]
fn metadata_of_odd_shapes_is_noted_not_dropped() {
    let json = r#"{"@type": "JobPosting", "title": "PMO Analyst", "hiringOrganization": "Acme",
        "identifier": 1043, "employmentType": ["FULL_TIME", "PART_TIME"], "datePosted": {"x": 1}}"#;
    let a = &ExtractedAdvert::from_job_posting_json(json).unwrap()[0];
    let m = a.metadata();
    assert_eq!(m.hiring_organization(), Some("Acme"));
    assert_eq!(m.identifier(), Some("1043"));
    assert_eq!(m.employment_type(), ["FULL_TIME", "PART_TIME"]);
    assert_eq!(m.date_posted(), None);
    assert_eq!(
        m.skipped(),
        ["$.datePosted: an object where a date was expected"]
    );
}

// ---------------------------------------------------------------------------------------------
// Errors

#[test]
fn errors_name_what_and_where() {
    match ExtractedAdvert::from_job_posting_json(
        "{\n  \"@type\": \"JobPosting\"\n  \"title\": 1\n}",
    ) {
        Err(Error::Json { line, column, .. }) => assert_eq!((line, column), (3, 3)),
        other => panic!("{other:?}"),
    }
    match ExtractedAdvert::from_job_posting_json(r#"{"@type": "Organization"}"#) {
        Err(e @ Error::NoJobPosting { .. }) => {
            assert!(
                e.to_string()
                    .starts_with("<json>: no schema.org JobPosting"),
                "{e}"
            )
        }
        other => panic!("{other:?}"),
    }
    match ExtractedAdvert::from_job_posting_json(
        r#"{"@graph": [{"@type": "JobPosting", "title": " ", "description": "<p> </p>"}]}"#,
    ) {
        Err(e @ Error::JobPosting { .. }) => assert_eq!(
            e.to_string(),
            "<json>: JobPosting at $[\"@graph\"][0]: neither a title nor a description with text"
        ),
        other => panic!("{other:?}"),
    }
    match ExtractedAdvert::from_job_posting_json(r#"{"@type": "JobPosting", "title": ["PMO"]}"#) {
        Err(e @ Error::JobPosting { .. }) => {
            assert_eq!(
                e.to_string(),
                "<json>: JobPosting at $: title is a list, not a string"
            )
        }
        other => panic!("{other:?}"),
    }
    let html =
        "<p>x</p>\n<script type=\"application/ld+json\">[{\"@type\": \"JobPosting\"}]</script>";
    match ExtractedAdvert::from_html(html) {
        Err(e @ Error::JobPosting { .. }) => assert_eq!(
            e.to_string(),
            "<html>: JobPosting at ld+json block 1 (line 2) $[0]: neither a title nor a description with text"
        ),
        other => panic!("{other:?}"),
    }
    for html in [
        "",
        "   ",
        "<html><head><title>Jobs</title></head><body><script>app()</script></body></html>",
        "<nav>Home</nav><footer>©</footer><!-- nothing -->",
    ] {
        match ExtractedAdvert::from_html(html) {
            Err(e @ Error::NoVisibleText { .. }) => {
                assert!(e.to_string().starts_with("<html>: no visible text"), "{e}")
            }
            other => panic!("{html:?}: {other:?}"),
        }
    }
    // A page with only an <h1> is an advert with a title and no body.
    let a = page("<h1>PMO Analyst</h1>");
    assert_eq!((a.title(), a.body()), (Some("PMO Analyst"), ""));
}

// ---------------------------------------------------------------------------------------------
// Reports

#[test]
fn plain_text_reports_serialise_as_before() {
    let report = Analyser::builtin().analyse_text("PMO Analyst\nMaintain the RAID log.");
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains("source_span"), "{json}");
    assert!(!json.contains("metadata"), "{json}");
    assert!(report.metadata().is_none());
    // And they read back without the new fields.
    let back: pmo_advert::Report = serde_json::from_str(&json).unwrap();
    assert!(back.metadata().is_none());
    assert!(back.evidence().iter().all(|e| e.source_span().is_none()));
}

#[test]
fn reports_of_pages_render_source_spans_and_metadata() {
    let a = page("<h1>PMO Analyst</h1><p>Maintain the RAID&nbsp;log.</p>");
    let report = a.analyse(&Analyser::builtin());
    let text = report.render(&a.advert());
    assert!(text.contains("source: html\n"), "{text}");
    assert!(text.contains("\"RAID log\""), "{text}");
    assert!(text.contains(" @"), "{text}");
    let back: pmo_advert::Report =
        serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
    assert_eq!(back.metadata(), report.metadata());
    let spans = |r: &pmo_advert::Report| -> Vec<_> {
        r.evidence().iter().map(|e| e.source_span()).collect()
    };
    assert_eq!(spans(&back), spans(&report));
}

// ---------------------------------------------------------------------------------------------
// The map back to the source

/// Words of a text for comparison: white space collapsed, ASCII case folded, the bullets the
/// extraction writes and NULs left out.
fn words(s: &str) -> String {
    s.to_ascii_lowercase()
        .split(|c: char| c.is_whitespace() || c == '\u{2022}' || c == '\0')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words of a slice of HTML: tags out (each a word break), entities decoded once, then
/// [`words`].
fn source_words(s: &str) -> String {
    let mut plain = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    words(&html_escape::decode_html_entities(&plain))
}

/// Every piece of evidence of every advert of `html` maps back to a span of `html` holding
/// the same words; returns how many were checked.
fn check_source_spans(name: &str, html: &str) -> usize {
    let analyser = Analyser::builtin();
    let mut checked = 0;
    for a in ExtractedAdvert::from_html(html).unwrap_or_else(|e| panic!("{name}: {e}")) {
        let report = a.analyse(&analyser);
        for e in report.evidence() {
            let field = match e.field() {
                Field::Title => a.title().unwrap(),
                Field::Body => a.body(),
            };
            assert_eq!(&field[e.span()], e.text(), "{name}");
            if a.metadata().source() != Some(AdvertSource::Html) {
                assert_eq!(e.source_span(), None, "{name}");
                continue;
            }
            let span = e
                .source_span()
                .unwrap_or_else(|| panic!("{name}: no source span for {:?}", e.text()));
            let source = html
                .get(span.range())
                .unwrap_or_else(|| panic!("{name}: {span:?} does not slice the page"));
            assert_eq!(
                source_words(source),
                words(e.text()),
                "{name}: {:?} at {span:?} maps to {source:?}",
                e.text()
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_evidence_of_every_html_fixture_maps_to_the_same_words() {
    let fixtures = support::fixtures("html");
    assert!(fixtures.len() >= 4, "{} HTML fixtures", fixtures.len());
    let mut total = 0;
    for (name, html) in &fixtures {
        let n = check_source_spans(name, html);
        assert!(n >= 5, "{name}: only {n} pieces of evidence checked");
        total += n;
    }
    assert!(total >= 60, "only {total} pieces of evidence checked");
}

/// An HTML page made from a plain-text advert: the first line an `<h1>`, each paragraph a `<p>`
/// (lines of bullets a list, other lines ended by `<br>`), text escaped, every third space a
/// `&nbsp;`, apostrophes as `&#8217;` and CRLF line ends.
fn page_of(text: &str) -> String {
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let mut out = String::from("<!DOCTYPE html>\r\n<html><body>\r\n");
    let mut n = 0;
    let mut esc = |s: &str| -> String {
        let s = html_escape::encode_text(s).replace('\'', "&#8217;");
        s.split(' ')
            .enumerate()
            .map(|(i, w)| {
                n += 1;
                if i == 0 {
                    w.to_string()
                } else if n % 3 == 0 {
                    format!("&nbsp;{w}")
                } else {
                    format!(" {w}")
                }
            })
            .collect()
    };
    let mut blocks = text.split("\n\n").filter(|b| !b.trim().is_empty());
    if let Some(first) = blocks.next() {
        let (title, rest) = first.split_once('\n').unwrap_or((first, ""));
        out += &format!("<h1>{}</h1>\r\n", esc(title));
        out += &format!("<p>{}</p>\r\n", esc(rest).replace('\n', "<br>\r\n"));
    }
    for block in blocks {
        let bullet = |l: &str| l.starts_with("- ") || l.starts_with("• ") || l.starts_with("* ");
        for line in block.lines() {
            if bullet(line) {
                out += &format!("<li>{}</li>\r\n", esc(&line[line.find(' ').unwrap() + 1..]));
            } else {
                out += &format!("<p>{}</p>\r\n", esc(line));
            }
        }
    }
    out + "</body></html>\r\n"
}

#[test]
fn pages_made_from_every_text_fixture_map_back_to_the_same_words() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/adverts");
    let mut checked = 0;
    let mut pages = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if text.trim().is_empty() {
            continue;
        }
        let html = page_of(&text);
        checked += check_source_spans(&path.display().to_string(), &html);
        pages += 1;
    }
    assert!(pages >= 40, "{pages} pages");
    assert!(checked >= 500, "only {checked} pieces of evidence checked");
}

#[test]
fn source_spans_of_awkward_pages() {
    let pages = [
        "<h1>PMO&nbsp;Analyst</h1><p>Maintain the RAID&#160;log &amp; track KPIs&#x2e;</p>",
        "<title>PMO Officer</title><p>Collate\r\n highlight\r\n reports and\ttrack <b>KPIs</b>.</p>",
        "<h2>Key responsibilities</h2><ul><li>Maintain the <em>RAID</em> log</li></ul>",
        "<p>Programme<br>Management Office: join our PMO\0 team and track KPIs</p>",
        "<p>Maintain the RAID log &amp track KPIs &notit; &#128; &#0;</p>",
        "<pre>\nMaintain the RAID log\n  Track KPIs</pre>",
        "<p>\u{feff}Maintain the RAID log, ébauche, track KPIs — weekly</p>",
        // A reference closing the input (html5gum 0.8 ended that span a byte early).
        "<h1>PMO Analyst</h1>Maintain the RAID log &amp; track KPIs &amp;",
    ];
    for (i, html) in pages.iter().enumerate() {
        let n = check_source_spans(&format!("page {i}"), html);
        assert!(n >= 1, "page {i}: nothing checked");
    }
}

#[test]
fn source_span_refuses_spans_outside_the_field() {
    let a = page("<h1>PMO Analyst</h1><p>Maintain the RAID log.</p>");
    assert_eq!(
        a.source_span(Field::Body, Span::new(0, 8)),
        Some(Span::new(23, 31))
    );
    assert_eq!(
        a.source_span(Field::Title, Span::new(0, 3)),
        Some(Span::new(4, 7))
    );
    assert_eq!(a.source_span(Field::Body, Span::new(0, 999)), None);
    let a = page("<p>é</p>");
    assert_eq!(a.source_span(Field::Body, Span::new(1, 2)), None);
    assert_eq!(a.source_span(Field::Title, Span::new(0, 0)), None);
}

// ---------------------------------------------------------------------------------------------
// Any input

mod any_input {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of real and broken pages.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::sample::select(vec![
                "<p>", "</p>", "<div>", "</div>", "<li>", "</li>", "<ul>", "</ul>", "<br>", "</br>",
                "<h1>", "</h1>", "<h2>", "</h2>", "<strong>", "</strong>", "<b>", "</b>", "<nav>",
                "</nav>", "<header>", "</header>", "<footer>", "<aside>", "<main>", "</main>",
                "<article>", "<section>", "<form>", "</form>", "<script>", "</script>", "<style>",
                "<head>", "</head>", "<body>", "</body>", "</html>", "<title>", "</title>", "<pre>",
                "</pre>", "<table><tr><td>", "</td><td>", "<svg/>", "<svg>", "</svg>", "<template>",
                "<select><option>", "<button>", "<p hidden>", "<div style='display:none'>",
                "<dialog>", "<!--", "-->", "<!DOCTYPE html>", "<![CDATA[", "]]>", "<", ">", "</",
                "<script type=application/ld+json>", "<textarea>", "<plaintext>", "<math>",
            ]).prop_map(str::to_string),
            4 => prop::sample::select(vec![
                "PMO Analyst", "PMO Manager", "Head of PMO", "RAID log", "track KPIs",
                "Key responsibilities", "Key responsibilities:", "About you", "Power BI",
                "line management", "join our PMO", "Similar jobs",
            ]).prop_map(str::to_string),
            3 => prop::sample::select(vec![
                "&amp;", "&nbsp;", "&#8217;", "&#x2013;", "&ndash;", "&amp", "&notit;", "&#0;",
                "&#128;", "&#x110000;", "&;", "&", "&#", "&#x;", "&CounterClockwiseContourIntegral;",
                " ", "\n", "\r\n", "\r", "\t", "\0", "\u{a0}", "é", "😀", "\u{feff}",
                "{\"@type\": \"JobPosting\", \"title\": \"PMO Lead\"}", "{\"@graph\": [",
            ]).prop_map(str::to_string),
            1 => "\\PC{0,12}",
        ]
    }

    fn page() -> impl Strategy<Value = String> {
        prop::collection::vec(fragment(), 0..60).prop_map(|v| v.concat())
    }

    /// Extraction never panics; what it gives is tidy, and every span it maps lands inside the
    /// page on char boundaries.
    fn check(html: &str) {
        let adverts = match ExtractedAdvert::from_html(html) {
            Ok(adverts) => adverts,
            Err(Error::NoVisibleText { bytes, .. }) => {
                assert_eq!(bytes, html.len());
                return;
            }
            Err(e @ Error::JobPosting { .. }) => {
                assert!(e.to_string().contains("ld+json block"), "{e}");
                return;
            }
            Err(e) => panic!("{html:?}: unexpected {e}"),
        };
        assert!(!adverts.is_empty());
        for a in &adverts {
            let body = a.body();
            assert!(!body.contains("\n\n\n"), "{body:?}");
            let keeps_space = ["<pre", "<plaintext", "<xmp", "<listing"]
                .iter()
                .any(|t| html.contains(t));
            if a.metadata().source() == Some(AdvertSource::Html) && !keeps_space {
                assert_eq!(body, body.trim_matches([' ', '\n']), "{body:?}");
                assert!(!body.contains(" \n") && !body.contains("\n "), "{body:?}");
                assert!(!body.contains("  "), "{body:?}");
            }
            if let Some(t) = a.title() {
                assert!(!t.contains('\n') && t == t.trim(), "{t:?}");
            }
            for (field, text) in [(Field::Body, body), (Field::Title, a.title().unwrap_or(""))] {
                let bounds: Vec<usize> = (0..=text.len())
                    .filter(|&i| text.is_char_boundary(i))
                    .step_by(3)
                    .collect();
                for (k, &s) in bounds.iter().enumerate() {
                    let e = bounds[(k + 2).min(bounds.len() - 1)];
                    let mapped = a.source_span(field, Span::new(s, e));
                    if a.metadata().source() != Some(AdvertSource::Html)
                        || (field == Field::Title && a.title().is_none())
                    {
                        assert_eq!(mapped, None);
                        continue;
                    }
                    if text.is_empty() {
                        assert_eq!(mapped, None);
                        continue;
                    }
                    let m = mapped.unwrap_or_else(|| panic!("{s}..{e} of {text:?} unmapped"));
                    assert!(html.get(m.range()).is_some(), "{m:?} of {html:?}");
                }
            }
            let report = a.analyse(&Analyser::builtin());
            for e in report.evidence() {
                if let Some(span) = e.source_span() {
                    assert!(html.get(span.range()).is_some());
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn any_tag_soup(html in page()) {
            check(&html);
        }

        #[test]
        fn any_text(html in "\\PC{0,300}") {
            check(&html);
            // JSON of any shape never panics either.
            let _ = ExtractedAdvert::from_job_posting_json(&html);
        }
    }

    #[test]
    fn hostile_pages_finish() {
        let n = 50_000;
        let pages = [
            "<div>".repeat(n) + "Maintain the RAID log" + &"</div>".repeat(n),
            "<nav>".repeat(n) + "x" + &"<main>".repeat(n),
            "<template>".to_string() + &"<div>".repeat(n) + &"<main><body>".repeat(n),
            "<div><b>x".repeat(n),
            "<form>".repeat(n) + &"<h1>".repeat(n) + "PMO Analyst",
            "&amp;".repeat(n * 4),
            "<p>".to_string() + &"&CounterClockwiseContourIntegral".repeat(n),
            "<h1>".to_string() + &"PMO ".repeat(n),
            "<li>".repeat(n),
            "</div>".repeat(n) + "text",
        ];
        for html in &pages {
            check(html);
        }
        let a = super::page(&pages[0]);
        assert_eq!(a.body(), "Maintain the RAID log");
    }

    #[test]
    fn deep_json_is_an_error_not_a_crash() {
        let json = "[".repeat(100_000);
        assert!(matches!(
            ExtractedAdvert::from_job_posting_json(&json),
            Err(Error::Json { .. })
        ));
        let page = format!("<script type=application/ld+json>{json}</script><p>Text</p>");
        let a = super::page(&page);
        assert_eq!(a.body(), "Text");
        assert_eq!(a.metadata().skipped().len(), 1);
    }
}
