//! What became of an advice: recommendations from the adopted text, the reaction per
//! recommendation, reminders, commitments, the annual report (every figure against an SQL count
//! of its own) and the year's publication.

#[path = "support/libreoffice.rs"]
mod libreoffice;
// Shared with the letter's tests, which use all of it; these read text, fonts and metadata.
#[allow(dead_code)]
#[path = "support/poppler.rs"]
mod poppler;

use advieswerk::deadline::Warning;
use advieswerk::follow_up::{
    CommitmentInput, CommitmentStatus, FollowUpInput, FollowUpKind, Outcome, OutcomeInput,
    ReactionInput, RecommendationInput,
};
use advieswerk::request::StepInput;
use advieswerk::status::{Status, Tenor};
use advieswerk::{NaiveDate, Store, date, demo, service};
use rusqlite::Connection;

const EXAMPLE: &str = "../shared/examples/adviesbrief-midden-delfland-inkoopstrategie-jeugdhulp.md";

fn d(s: &str) -> NaiveDate {
    date::parse(s).unwrap()
}

fn step(s: &mut Store, id: &advieswerk::RequestId, status: Status, on: &str, reference: &str) {
    service::add_step(
        s,
        id,
        &StepInput {
            status,
            on: on.into(),
            reference: reference.into(),
            tenor: (status == Status::Adopted).then_some(Tenor::PositiveWithRemarks),
            note: String::new(),
        },
        d(on),
    )
    .unwrap();
}

/// The example letter imported, adopted on 26 November and sent on 27 November 2026.
fn sent_example() -> (tempfile::TempDir, Store, String, advieswerk::RequestId) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite3")).unwrap();
    let text = std::fs::read_to_string(EXAMPLE).expect("../shared/examples beside the repository");
    let id = service::import_letter(&mut s, &text, d("23-11-2026"))
        .unwrap()
        .request_id;
    step(&mut s, &id, Status::InProgress, "24-11-2026", "");
    step(&mut s, &id, Status::Draft, "25-11-2026", "");
    step(&mut s, &id, Status::Adopted, "26-11-2026", "");
    step(&mut s, &id, Status::Sent, "27-11-2026", "ASD-2026-14");
    (dir, s, text, id)
}

/// The top-level numbered points of the example's advice parts, read straight from the file:
/// lines that start with a number and a full stop, between the first `## A` and `## Slot`.
fn example_points(text: &str) -> Vec<String> {
    let mut inside = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            inside = h.starts_with("A.") || h.starts_with("B.");
            continue;
        }
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if inside && digits > 0 && line[digits..].starts_with(". ") {
            out.push(line[digits + 2..].to_owned());
        }
    }
    out
}

#[test]
fn an_adopted_advice_lists_the_numbered_points_of_its_text_as_recommendations() {
    let (_dir, s, text, id) = sent_example();
    let f = service::get_follow_up(&s, &id, d("27-11-2026")).unwrap();
    let points = example_points(&text);
    assert!(points.len() >= 8, "{points:?}");
    assert_eq!(f.recommendations.len(), points.len());
    for (i, (r, p)) in f.recommendations.iter().zip(&points).enumerate() {
        assert_eq!(r.number as usize, i + 1);
        // The title is the point's words up to its colon (each example point has one).
        let (head, _) = p.split_once(':').unwrap();
        assert_eq!(r.title, head.trim(), "point {}", i + 1);
        assert!(r.body.starts_with(head), "{}", r.body);
        assert!(r.outcome.is_none());
    }
    assert!(f.recommendations[0].section_title.starts_with("A."));
    assert_eq!(f.sent_on, Some(d("27-11-2026")));
    assert_eq!(f.sent_reference, "ASD-2026-14");
}

#[test]
fn the_secretary_merges_splits_and_moves_recommendations_and_a_new_adoption_keeps_them() {
    let (_dir, mut s, _text, id) = sent_example();
    let today = d("28-11-2026");
    let f = service::get_follow_up(&s, &id, today).unwrap();
    let n = f.recommendations.len();
    let (first, second) = (&f.recommendations[0], &f.recommendations[1]);
    let merged = service::merge_recommendation(&mut s, &first.id, today).unwrap();
    assert_eq!(merged.recommendations.len(), n - 1);
    assert!(merged.recommendations[0].body.ends_with(&second.body));
    assert!(merged.recommendations[0].edited);
    assert_eq!(merged.recommendations[1].title, f.recommendations[2].title);

    let at = first.body.chars().count() as u32 + 1;
    let split = service::split_recommendation(&mut s, &first.id, at, today).unwrap();
    assert_eq!(split.recommendations.len(), n);
    assert_eq!(split.recommendations[0].body, first.body);
    assert_eq!(split.recommendations[1].body, second.body);
    assert_eq!(split.recommendations[1].title, second.title);
    let e = service::split_recommendation(&mut s, &first.id, 0, today)
        .unwrap_err()
        .to_api();
    assert_eq!(e.fields[0].field, "at");

    let last = split.recommendations.last().unwrap().clone();
    let moved = service::update_recommendation(
        &mut s,
        &last.id,
        &RecommendationInput {
            number: 1,
            title: "Eerst dit".into(),
            body: last.body.clone(),
        },
        today,
    )
    .unwrap();
    assert_eq!(moved.recommendations[0].id, last.id);
    assert_eq!(moved.recommendations[0].title, "Eerst dit");
    let numbers: Vec<u32> = moved.recommendations.iter().map(|r| r.number).collect();
    assert_eq!(numbers, (1..=n as u32).collect::<Vec<_>>());
    let e = service::update_recommendation(
        &mut s,
        &last.id,
        &RecommendationInput {
            number: n as u32 + 1,
            title: " ".into(),
            body: String::new(),
        },
        today,
    )
    .unwrap_err()
    .to_api();
    let fields: Vec<&str> = e.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["number", "title", "body"]);
}

#[test]
fn a_late_reaction_is_warned_reminded_and_then_recorded_per_recommendation() {
    let (dir, mut s, _text, id) = sent_example();
    // The council's term is 42 days after 27 November: 8 January 2027.
    let before = service::get_request(&s, &id, d("28-11-2026")).unwrap();
    assert_eq!(before.plan.reaction_expected_on, Some(d("08-01-2027")));
    assert!(
        before.plan.warnings.is_empty(),
        "{:?}",
        before.plan.warnings
    );
    let soon = service::get_request(&s, &id, d("30-12-2026")).unwrap();
    assert_eq!(soon.plan.warnings, vec![Warning::ReactionDueSoon]);
    let late_day = d("20-01-2027");
    let late = service::get_request(&s, &id, late_day).unwrap();
    assert_eq!(late.plan.warnings, vec![Warning::ReactionLate]);
    let start = service::upcoming(&s, late_day).unwrap();
    assert!(start.attention.iter().any(|r| r.id == id));

    // A term of its own moves the date.
    let f = service::set_reaction_term(&mut s, &id, "70", late_day).unwrap();
    assert_eq!(f.reaction_expected_on, Some(d("05-02-2027")));
    let e = service::set_reaction_term(&mut s, &id, "0", late_day)
        .unwrap_err()
        .to_api();
    assert_eq!(e.fields[0].field, "reactionTermDays");
    service::set_reaction_term(&mut s, &id, "", late_day).unwrap();

    // The reminder, read back from the PDF.
    let pdf = service::render_reminder(&mut s, &id, service::LetterFormat::Pdf, late_day).unwrap();
    let path = dir.path().join("herinnering.pdf");
    std::fs::write(&path, pdf).unwrap();
    let read = poppler::pdf_text(&path)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        read.contains("Herinnering: reactie op ons advies van 27 november 2026"),
        "{read}"
    );
    assert!(read.contains("verliep op 8 januari 2027"), "{read}");
    assert!(read.contains("ASD-2026-14"), "{read}");
    service::record_follow_up(
        &mut s,
        &id,
        &FollowUpInput {
            kind: FollowUpKind::ReminderSent,
            on: "20-01-2027".into(),
            note: "Per e-mail aan de griffie".into(),
        },
        late_day,
    )
    .unwrap();

    let f = service::get_follow_up(&s, &id, late_day).unwrap();
    let outcome = |i: usize, o: Option<Outcome>| OutcomeInput {
        recommendation_id: f.recommendations[i].id.clone(),
        outcome: o,
        reasoning: format!("Toelichting bij punt {}", i + 1),
    };
    let mut input = ReactionInput {
        received_on: "26-11-2026".into(),
        reference: "Z/27/00012".into(),
        summary: "Het college neemt het advies grotendeels over.".into(),
        outcomes: vec![
            outcome(0, Some(Outcome::Adopted)),
            OutcomeInput {
                recommendation_id: "bestaat-niet".into(),
                outcome: Some(Outcome::Adopted),
                reasoning: String::new(),
            },
        ],
    };
    let e = service::record_reaction(&mut s, &id, &input, None, late_day)
        .unwrap_err()
        .to_api();
    let fields: Vec<&str> = e.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["receivedOn", "outcomes[1].recommendationId"]);
    assert!(
        e.fields[0].message.contains("27 november 2026"),
        "{}",
        e.fields[0].message
    );
    assert_eq!(
        service::get_request(&s, &id, late_day).unwrap().status,
        Status::Sent,
        "a refused reaction changes nothing"
    );

    input.received_on = "25-01-2027".into();
    input.outcomes = vec![
        outcome(0, Some(Outcome::Adopted)),
        outcome(1, Some(Outcome::PartlyAdopted)),
        outcome(2, Some(Outcome::NotAdopted)),
        outcome(3, Some(Outcome::Noted)),
    ];
    let after = d("26-01-2027");
    let f = service::record_reaction(
        &mut s,
        &id,
        &input,
        Some(("Reactie college.pdf", b"%PDF-1.4 brief")),
        after,
    )
    .unwrap();
    let r = service::get_request(&s, &id, after).unwrap();
    assert_eq!(r.status, Status::ReactionReceived);
    assert_eq!(r.steps.last().unwrap().on, d("25-01-2027"));
    assert!(r.plan.warnings.is_empty(), "{:?}", r.plan.warnings);
    let reaction = f.reaction.unwrap();
    assert_eq!(reaction.letter_name, "Reactie college.pdf");
    assert!(reaction.letter_here);
    assert_eq!(f.recommendations[1].outcome, Some(Outcome::PartlyAdopted));
    assert_eq!(f.recommendations[2].reasoning, "Toelichting bij punt 3");
    assert_eq!(f.recommendations[4].outcome, None);
    assert_eq!(f.steps[0].kind, FollowUpKind::ReminderSent);
    let saved = service::save_reaction_letter(&s, &id, dir.path()).unwrap();
    assert_eq!(std::fs::read(saved).unwrap(), b"%PDF-1.4 brief");

    // Reading the points again would wipe the college's outcomes: refused.
    let e = service::extract_recommendations(&mut s, &id, after)
        .unwrap_err()
        .to_api();
    assert_eq!(e.fields[0].field, "recommendations");
}

#[test]
fn a_commitment_becomes_overdue_on_the_start_screen_and_in_the_register_until_done() {
    let (_dir, mut s, _text, id) = sent_example();
    let today = d("28-11-2026");
    let e = service::save_commitment(
        &mut s,
        &id,
        None,
        &CommitmentInput {
            text: "  ".into(),
            due_on: "01-03-2027".into(),
            status: CommitmentStatus::Open,
            note: String::new(),
        },
        today,
    )
    .unwrap_err()
    .to_api();
    assert_eq!(e.fields[0].field, "text");
    let f = service::save_commitment(
        &mut s,
        &id,
        None,
        &CommitmentInput {
            text: "Evaluatie van de inkoop met de adviesraad".into(),
            due_on: "01-03-2027".into(),
            status: CommitmentStatus::Open,
            note: String::new(),
        },
        today,
    )
    .unwrap();
    let c = f.commitments[0].clone();
    assert!(!c.overdue);
    let late = d("02-03-2027");
    let start = service::upcoming(&s, late).unwrap();
    assert_eq!(start.commitments.len(), 1);
    assert!(start.commitments[0].overdue);
    let r = service::get_request(&s, &id, late).unwrap();
    assert!(r.plan.warnings.contains(&Warning::CommitmentOverdue));
    let t = service::timeline(&s, &Default::default(), late).unwrap();
    let item = t
        .items
        .iter()
        .find(|i| i.kind == advieswerk::planning::ItemKind::CommitmentDue)
        .expect("the commitment on the timeline");
    assert!(item.overdue);

    let mut done = CommitmentInput {
        text: c.text.clone(),
        due_on: "01-03-2027".into(),
        status: CommitmentStatus::Done,
        note: String::new(),
    };
    let e = service::save_commitment(&mut s, &id, Some(&c.id), &done, late)
        .unwrap_err()
        .to_api();
    assert_eq!(e.fields[0].field, "note");
    done.note = "Evaluatie besproken op 10 maart".into();
    service::save_commitment(&mut s, &id, Some(&c.id), &done, late).unwrap();
    assert!(service::upcoming(&s, late).unwrap().commitments.is_empty());
    let r = service::get_request(&s, &id, late).unwrap();
    assert!(!r.plan.warnings.contains(&Warning::CommitmentOverdue));

    // The municipal council informed: not before the sending, not in the future.
    for (on, field_ok) in [
        ("26-11-2026", false),
        ("03-03-2027", false),
        ("02-03-2027", true),
    ] {
        let r = service::record_follow_up(
            &mut s,
            &id,
            &FollowUpInput {
                kind: FollowUpKind::CouncilInformed,
                on: on.into(),
                note: String::new(),
            },
            late,
        );
        match r {
            Ok(f) => {
                assert!(field_ok);
                assert_eq!(f.steps[0].kind, FollowUpKind::CouncilInformed);
            }
            Err(e) => {
                assert!(!field_ok, "{on}: {e}");
                assert_eq!(e.to_api().fields[0].field, "on");
            }
        }
    }
}

/// A year of generated work in a database of its own, with the day the report is made.
fn generated_year(count: u32) -> (tempfile::TempDir, Store, i32, NaiveDate) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite3")).unwrap();
    let today = d("15-02-2027");
    // A year before it too, so the charts over the years have more than one bar.
    demo::generate_year(&mut s, 2025, count / 2, 7, today).unwrap();
    demo::generate_year(&mut s, 2026, count, 11, today).unwrap();
    (dir, s, 2026, today)
}

fn sql_count(db: &Connection, sql: &str) -> u32 {
    // Whole numbers: SQLite gives days and rounded averages as reals.
    db.query_row(sql, [], |r| r.get::<_, f64>(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}")) as u32
}

/// The advice given in 2026, as the report defines it, in plain SQL: requests whose latest
/// sending is in 2026, withdrawn ones left out.
const GIVEN: &str = "SELECT r.* FROM advice_request r
    WHERE r.status <> 'withdrawn'
      AND (SELECT max(on_date) FROM request_step s WHERE s.request_id = r.id AND s.status = 'sent')
          BETWEEN '2026-01-01' AND '2026-12-31'";

#[test]
fn every_figure_of_the_annual_report_equals_its_own_count_in_sql() {
    let (dir, s, year, today) = generated_year(120);
    let f = service::annual_figures(&s, year, today).unwrap();
    let db = Connection::open(dir.path().join("db.sqlite3")).unwrap();
    let c = |sql: &str| sql_count(&db, sql);
    let received = "FROM advice_request WHERE received_on BETWEEN '2026-01-01' AND '2026-12-31'";
    assert_eq!(f.received, c(&format!("SELECT count(*) {received}")));
    assert_eq!(f.received, 120);
    assert_eq!(
        f.asked,
        c(&format!("SELECT count(*) {received} AND kind = 'asked'"))
    );
    assert_eq!(
        f.unasked,
        c(&format!("SELECT count(*) {received} AND kind = 'unasked'"))
    );
    assert_eq!(
        f.declined,
        c(&format!(
            "SELECT count(*) {received} AND status = 'declined'"
        ))
    );
    assert_eq!(
        f.withdrawn,
        c(&format!(
            "SELECT count(*) {received} AND status = 'withdrawn'"
        ))
    );
    for t in &f.per_theme {
        let theme = if t.theme == "Zonder thema" {
            "theme_id IS NULL".to_string()
        } else {
            format!(
                "theme_id = (SELECT id FROM theme WHERE name = '{}')",
                t.theme.replace('\'', "''")
            )
        };
        assert_eq!(
            t.asked,
            c(&format!(
                "SELECT count(*) {received} AND kind = 'asked' AND {theme}"
            )),
            "{}",
            t.theme
        );
        assert_eq!(
            t.unasked,
            c(&format!(
                "SELECT count(*) {received} AND kind = 'unasked' AND {theme}"
            ))
        );
    }
    assert_eq!(
        f.per_theme.iter().map(|t| t.asked + t.unasked).sum::<u32>(),
        f.received
    );

    let sent =
        "(SELECT max(on_date) FROM request_step s WHERE s.request_id = g.id AND s.status = 'sent')";
    assert_eq!(f.given, c(&format!("SELECT count(*) FROM ({GIVEN})")));
    assert!(f.given > 50, "{}", f.given);
    assert_eq!(
        f.with_due_date,
        c(&format!(
            "SELECT count(*) FROM ({GIVEN}) g WHERE due_on IS NOT NULL"
        ))
    );
    assert_eq!(
        f.on_time,
        c(&format!(
            "SELECT count(*) FROM ({GIVEN}) g WHERE {sent} <= due_on"
        ))
    );
    assert_eq!(
        f.late,
        c(&format!(
            "SELECT count(*) FROM ({GIVEN}) g WHERE {sent} > due_on"
        ))
    );
    assert!(f.late > 0 && f.on_time > 0, "{} {}", f.late, f.on_time);
    let days = format!("julianday({sent}) - julianday(due_on)");
    assert_eq!(
        f.late_days_max,
        c(&format!(
            "SELECT max({days}) FROM ({GIVEN}) g WHERE {sent} > due_on"
        ))
    );
    assert_eq!(
        f.late_days_average,
        Some(c(&format!(
            "SELECT round(avg({days})) FROM ({GIVEN}) g WHERE {sent} > due_on"
        )))
    );
    for (t, n) in Tenor::ALL.iter().zip(&f.tenors) {
        assert_eq!(
            n.count,
            c(&format!(
                "SELECT count(*) FROM ({GIVEN}) g WHERE tenor = '{}'",
                t.code()
            ))
        );
    }

    let recs = format!("FROM recommendation WHERE request_id IN (SELECT id FROM ({GIVEN}))");
    assert_eq!(f.recommendations, c(&format!("SELECT count(*) {recs}")));
    for (o, n) in Outcome::ALL.iter().zip(&f.outcomes) {
        assert_eq!(
            n.count,
            c(&format!(
                "SELECT count(*) {recs} AND outcome = '{}'",
                o.code()
            )),
            "{}",
            n.label
        );
    }
    assert_eq!(
        f.outcomes[5].count,
        c(&format!("SELECT count(*) {recs} AND outcome IS NULL"))
    );
    assert_eq!(
        f.adopted_percent,
        Some(c(&format!(
            "SELECT round(100.0 * sum(outcome = 'adopted') / count(*)) {recs} AND outcome IS NOT NULL"
        )))
    );

    // Reactions against each advice's term (the council's 42 days unless set per request).
    let reaction_on = "coalesce((SELECT received_on FROM reaction x WHERE x.request_id = g.id),
        (SELECT max(on_date) FROM request_step s WHERE s.request_id = g.id AND s.status = 'reaction_received'))";
    let due = format!(
        "date({sent}, '+' || coalesce(g.reaction_term_days, (SELECT reaction_term_days FROM council)) || ' days')"
    );
    assert_eq!(
        f.reactions_received,
        c(&format!(
            "SELECT count(*) FROM ({GIVEN}) g WHERE {reaction_on} IS NOT NULL"
        ))
    );
    assert_eq!(
        f.reactions_late,
        c(&format!(
            "SELECT count(*) FROM ({GIVEN}) g WHERE {reaction_on} > {due}"
        ))
    );
    assert_eq!(
        f.reactions_missing,
        c(&format!(
            "SELECT count(*) FROM ({GIVEN}) g WHERE {reaction_on} IS NULL AND {due} < '{}'",
            date::iso(today)
        ))
    );
    assert_eq!(
        f.reactions_awaited,
        c(&format!(
            "SELECT count(*) FROM ({GIVEN}) g WHERE {reaction_on} IS NULL AND {due} >= '{}'",
            date::iso(today)
        ))
    );
    assert!(f.reactions_late > 0 && f.reactions_missing > 0);
    assert_eq!(
        f.open_commitments,
        c(&format!(
            "SELECT count(*) FROM commitment WHERE status = 'open' AND request_id IN (SELECT id FROM ({GIVEN}))"
        ))
    );
    assert_eq!(
        f.council_informed,
        c(&format!(
            "SELECT count(DISTINCT request_id) FROM follow_up WHERE kind = 'council_informed' AND request_id IN (SELECT id FROM ({GIVEN}))"
        ))
    );
    assert_eq!(
        f.meetings_held,
        c("SELECT count(*) FROM meeting WHERE held_on BETWEEN '2026-01-01' AND '2026-12-31'")
    );
    assert_eq!(f.advices.len() as u32, f.given);
    let confidential = c(&format!(
        "SELECT count(*) FROM ({GIVEN}) g WHERE confidential = 1"
    ));
    assert!(confidential > 0);
    assert_eq!(
        f.advices
            .iter()
            .filter(|a| a.subject == "Vertrouwelijk advies")
            .count() as u32,
        confidential
    );
    let last = f.history.last().unwrap();
    assert_eq!((last.year, last.given), (2026, f.given));
    let before = &f.history[f.history.len() - 2];
    assert_eq!(before.year, 2025);
    assert!(before.given > 0 && before.on_time_percent.is_some());
}

#[test]
fn the_annual_report_reads_back_from_word_pdf_a_and_html() {
    let (dir, mut s, year, today) = generated_year(40);
    service::save_report_texts(
        &mut s,
        year,
        &service::ReportTextsInput {
            introduction: "Een jaar waarin de raad **veel** adviseerde.".into(),
            closing: "Wij danken alle leden voor hun inzet.".into(),
        },
        today,
    )
    .unwrap();
    let f = service::annual_figures(&s, year, today).unwrap();
    let public = f.advices.iter().find(|a| !a.confidential).unwrap();

    let docx = dir.path().join("jaarverslag.docx");
    std::fs::write(
        &docx,
        service::render_annual_report(&s, year, service::LetterFormat::Docx, today).unwrap(),
    )
    .unwrap();
    let word = libreoffice::libreoffice_text(&docx);
    let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Jaarverslag 2026",
        "Een jaar waarin de raad veel adviseerde.",
        &format!(
            "In 2026 ontving de adviesraad {} adviesaanvragen",
            f.received
        ),
        "Uitkomst van de aanbevelingen van 2026",
        &public.subject,
        "Wij danken alle leden voor hun inzet.",
    ] {
        assert!(word.contains(needle), "{needle} not in {word}");
    }

    let pdf = dir.path().join("jaarverslag.pdf");
    std::fs::write(
        &pdf,
        service::render_annual_report(&s, year, service::LetterFormat::Pdf, today).unwrap(),
    )
    .unwrap();
    let text = poppler::pdf_text(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for needle in [
        "Jaarverslag 2026",
        "Op tijd uitgebrachte adviezen per jaar",
        "Overgenomen aanbevelingen per jaar",
        &format!("bevatten {} aanbevelingen", f.recommendations),
    ] {
        assert!(text.contains(needle), "{needle} not in {text}");
    }
    for row in poppler::pdf_fonts(&pdf) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }
    let info = poppler::pdf_info(&pdf);
    assert!(
        info.contains("pdfaid:part>2<") || info.contains("pdfaid:part=\"2\""),
        "{info}"
    );
    assert!(
        info.contains("pdfaid:conformance>A<") || info.contains("pdfaid:conformance=\"A\""),
        "{info}"
    );
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "{info}"
    );

    let html = String::from_utf8(
        service::render_annual_report(&s, year, service::LetterFormat::Html, today).unwrap(),
    )
    .unwrap();
    assert_eq!(html.matches("<svg").count(), 3, "three charts");
    assert!(!html.contains("<script"));
    // Keep the PDF for looking at its pages when asked.
    if let Some(out) = std::env::var_os("ADVIESWERK_KEEP_REPORT") {
        std::fs::copy(&pdf, out).unwrap();
    }
}

#[test]
fn the_publication_holds_no_confidential_advice_no_script_and_only_links_that_resolve() {
    let (dir, mut s, year, today) = generated_year(40);
    let out = dir.path().join("export");
    // One public advice has the college's letter attached: it goes beside its page.
    let f = service::annual_figures(&s, year, today).unwrap();
    let answered = f
        .advices
        .iter()
        .find(|a| !a.confidential && a.reaction_on.is_some())
        .unwrap();
    service::record_reaction(
        &mut s,
        &answered.request_id,
        &ReactionInput {
            received_on: date::short_nl(answered.reaction_on.unwrap()),
            reference: "Z/brief".into(),
            summary: "Het college reageert.".into(),
            outcomes: Vec::new(),
        },
        Some(("Reactie college.pdf", b"%PDF-1.4 brief van het college")),
        today,
    )
    .unwrap();
    let p = service::publish_year(&mut s, year, today, &out).unwrap();
    let public = f.advices.iter().filter(|a| !a.confidential).count() as u32;
    assert_eq!(p.pages, public);
    assert!(p.confidential_left_out > 0);
    let folder = std::path::PathBuf::from(&p.folder);
    let db = Connection::open(dir.path().join("db.sqlite3")).unwrap();
    let secrets: Vec<(String, String, String)> = {
        let mut stmt = db
            .prepare("SELECT subject, municipality_reference, our_reference FROM advice_request WHERE confidential = 1")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(!secrets.is_empty());
    let mut pages = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = std::fs::read_to_string(&path).unwrap();
        for (subject, theirs, ours) in &secrets {
            for secret in [subject, theirs, ours] {
                assert!(!html.contains(secret.as_str()), "{secret} in {name}");
            }
        }
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "{name}");
        let events = regex_like_event_attributes(&lower);
        assert!(events.is_empty(), "{name}: {events:?}");
        for href in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            if href.starts_with("https://")
                || href.starts_with("http://")
                || href.starts_with("mailto:")
                || href.starts_with("data:image/")
                || href.starts_with('#')
            {
                continue;
            }
            assert!(
                folder.join(&href).is_file(),
                "{name} links to {href}, which is not there"
            );
        }
    }
    assert_eq!(pages, public + 1, "one page per advice and the index");
    let letters: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(letters.len(), 1, "{letters:?}");
    assert_eq!(
        std::fs::read(&letters[0]).unwrap(),
        b"%PDF-1.4 brief van het college"
    );

    // Marked confidential since: a new publication leaves it out, nothing of it stays behind.
    let shown = f.advices.iter().find(|a| !a.confidential).unwrap();
    db.execute(
        "UPDATE advice_request SET confidential = 1 WHERE id = ?1",
        [shown.request_id.as_str()],
    )
    .unwrap();
    let again = service::publish_year(&mut s, year, today, &out).unwrap();
    assert_eq!(again.pages, public - 1);
    for entry in std::fs::read_dir(&folder).unwrap() {
        let html = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        assert!(!html.contains(&shown.subject), "{}", shown.subject);
    }
}

/// Attribute names like `onclick=` in markup (outside text, which is escaped anyway).
fn regex_like_event_attributes(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        for word in tag.split_whitespace().skip(1) {
            if word.starts_with("on") && word.contains('=') {
                found.push(word.to_owned());
            }
        }
    }
    found
}

fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!("{name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}
