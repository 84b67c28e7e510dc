//! The register through the core's use cases, on a real SQLite file.

use advieswerk::council::CouncilInput;
use advieswerk::request::{RegisterQuery, RequestInput, RequestKind, SortKey, StepInput};
use advieswerk::status::{Status, Tenor};
use advieswerk::{Error, Store, date, demo, service};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    date::parse(s).unwrap()
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("db.sqlite3")).unwrap();
    (dir, store)
}

fn input(subject: &str, received: &str, requested_by: &str) -> RequestInput {
    RequestInput {
        requested_by: requested_by.into(),
        ..RequestInput::asked(subject, received)
    }
}

fn step(status: Status, on: &str) -> StepInput {
    StepInput {
        status,
        on: on.into(),
        reference: String::new(),
        tenor: None,
        note: String::new(),
    }
}

fn fields(e: Error) -> Vec<String> {
    match e {
        Error::Validation(f) => f.into_iter().map(|f| f.field).collect(),
        other => panic!("expected a validation error, got {other}"),
    }
}

const TODAY: &str = "23-11-2026";

#[test]
fn invalid_request_input_names_every_field_and_stores_nothing() {
    let (_d, mut s) = store();
    let mut bad = input("  ", "10-11-2026", "01-11-2026");
    bad.requester = String::new();
    let e = service::create_request(&mut s, &bad, d(TODAY)).unwrap_err();
    assert_eq!(fields(e), ["subject", "requester", "requestedBy"]);

    let e =
        service::create_request(&mut s, &input("Nota", "31-02-2026", ""), d(TODAY)).unwrap_err();
    let api = e.to_api();
    assert_eq!(api.fields[0].field, "receivedOn");
    assert!(
        api.fields[0].message.contains("februari"),
        "{}",
        api.message
    );

    let mut unknown = input("Nota", "01-02-2026", "");
    unknown.theme_id = Some("does-not-exist".into());
    assert_eq!(
        fields(service::create_request(&mut s, &unknown, d(TODAY)).unwrap_err()),
        ["themeId"]
    );

    let huge = input(&"x".repeat(301), "01-02-2026", "");
    assert_eq!(
        fields(service::create_request(&mut s, &huge, d(TODAY)).unwrap_err()),
        ["subject"]
    );
    assert_eq!(s.count_requests().unwrap(), 0);
}

#[test]
fn an_unasked_advice_needs_no_requester_and_has_no_deadline_unless_it_sets_one() {
    let (_d, mut s) = store();
    let mut i = input("Eigen advies over mantelzorg", "01-11-2026", "");
    i.kind = RequestKind::Unasked;
    i.requester = String::new();
    let r = service::create_request(&mut s, &i, d(TODAY)).unwrap();
    assert_eq!(r.plan.due_on, None);
    i.requested_by = "01-02-2027".into();
    let r = service::update_request(&mut s, &r.id, &i, d(TODAY)).unwrap();
    assert_eq!(r.plan.due_on, Some(d("01-02-2027")));
}

#[test]
fn sending_before_adoption_and_dates_out_of_order_are_refused_with_the_field_named() {
    let (_d, mut s) = store();
    let r = service::create_request(&mut s, &input("Nota", "01-11-2026", ""), d(TODAY)).unwrap();
    let e =
        service::add_step(&mut s, &r.id, &step(Status::Sent, "20-11-2026"), d(TODAY)).unwrap_err();
    let api = e.to_api();
    assert_eq!(api.fields[0].field, "status");
    assert!(
        api.message.contains("Verzonden") && api.message.contains("Ontvangen"),
        "{}",
        api.message
    );

    assert_eq!(
        fields(
            service::add_step(
                &mut s,
                &r.id,
                &step(Status::InProgress, "31-10-2026"),
                d(TODAY)
            )
            .unwrap_err()
        ),
        ["on"]
    );
    assert_eq!(
        fields(
            service::add_step(
                &mut s,
                &r.id,
                &step(Status::InProgress, "24-11-2026"),
                d(TODAY)
            )
            .unwrap_err()
        ),
        ["on"]
    );
    service::add_step(
        &mut s,
        &r.id,
        &step(Status::InProgress, "10-11-2026"),
        d(TODAY),
    )
    .unwrap();
    assert_eq!(
        fields(
            service::add_step(&mut s, &r.id, &step(Status::Draft, "09-11-2026"), d(TODAY))
                .unwrap_err()
        ),
        ["on"]
    );
    service::add_step(&mut s, &r.id, &step(Status::Draft, "12-11-2026"), d(TODAY)).unwrap();
    assert_eq!(
        fields(
            service::add_step(
                &mut s,
                &r.id,
                &step(Status::Adopted, "19-11-2026"),
                d(TODAY)
            )
            .unwrap_err()
        ),
        ["tenor"]
    );

    // Moving the received date past a later step is refused as well.
    let e = service::update_request(&mut s, &r.id, &input("Nota", "11-11-2026", ""), d(TODAY))
        .unwrap_err();
    assert_eq!(fields(e), ["receivedOn"]);
    let stored = service::get_request(&s, &r.id, d(TODAY)).unwrap();
    assert_eq!(
        (stored.status, stored.steps.len(), stored.received_on),
        (Status::Draft, 3, d("01-11-2026"))
    );
}

#[test]
fn undoing_a_step_restores_the_previous_status_and_drops_the_tenor() {
    let (_d, mut s) = store();
    let r = service::create_request(&mut s, &input("Nota", "01-11-2026", ""), d(TODAY)).unwrap();
    for (st, on) in [
        (Status::InProgress, "02-11-2026"),
        (Status::Draft, "03-11-2026"),
    ] {
        service::add_step(&mut s, &r.id, &step(st, on), d(TODAY)).unwrap();
    }
    let adopted = StepInput {
        tenor: Some(Tenor::Negative),
        ..step(Status::Adopted, "19-11-2026")
    };
    let r2 = service::add_step(&mut s, &r.id, &adopted, d(TODAY)).unwrap();
    assert_eq!(
        (r2.status, r2.tenor),
        (Status::Adopted, Some(Tenor::Negative))
    );
    let r3 = service::undo_step(&mut s, &r.id, d(TODAY)).unwrap();
    assert_eq!(
        (r3.status, r3.tenor, r3.steps.len()),
        (Status::Draft, None, 3)
    );
    for _ in 0..2 {
        service::undo_step(&mut s, &r.id, d(TODAY)).unwrap();
    }
    assert_eq!(
        fields(service::undo_step(&mut s, &r.id, d(TODAY)).unwrap_err()),
        ["status"]
    );
}

#[test]
fn the_register_filters_searches_sorts_and_pages() {
    let (_d, mut s) = store();
    demo::load(&mut s, d(TODAY)).unwrap();
    let council = service::get_council(&s).unwrap();
    let all = service::register(&s, &RegisterQuery::default(), d(TODAY)).unwrap();
    assert_eq!(all.total, 7);
    // Due dates ascending, the one without a due date last.
    let dues: Vec<_> = all.rows.iter().map(|r| r.plan.due_on).collect();
    assert!(dues[..6].windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
    assert_eq!(dues[6], None);

    let q = |f: &dyn Fn(&mut RegisterQuery)| {
        let mut q = RegisterQuery::default();
        f(&mut q);
        service::register(&s, &q, d(TODAY)).unwrap()
    };
    let jeugd = council.theme_named("Jeugd").unwrap().id.clone();
    assert_eq!(q(&|q| q.theme_id = Some(jeugd.clone())).total, 2);
    assert_eq!(q(&|q| q.statuses = vec![Status::InProgress]).total, 2);
    assert_eq!(
        q(&|q| q.statuses = vec![Status::Closed, Status::Declined]).total,
        2
    );
    assert_eq!(
        q(&|q| q.search = "JEUGDHULP".into()).total,
        2,
        "search ignores case"
    );
    assert_eq!(
        q(&|q| q.search = "Z/26/0712".into()).total,
        1,
        "search matches references"
    );
    assert_eq!(q(&|q| q.search = "100%".into()).total, 0, "% is literal");
    assert_eq!(q(&|q| q.year = Some(2026)).total, 7);
    assert_eq!(q(&|q| q.year = Some(2019)).total, 0);
    let by_subject = q(&|q| q.sort = SortKey::Subject);
    let subjects: Vec<_> = by_subject
        .rows
        .iter()
        .map(|r| r.subject.to_lowercase())
        .collect();
    let mut sorted = subjects.clone();
    sorted.sort();
    assert_eq!(subjects, sorted);
    let page2 = q(&|q| {
        q.sort = SortKey::Subject;
        q.limit = 3;
        q.offset = 3;
    });
    assert_eq!((page2.total, page2.rows.len()), (7, 3));
    assert_eq!(page2.rows[0].subject, by_subject.rows[3].subject);
    assert_eq!(all.years, vec![2026]);
}

#[test]
fn changing_the_standard_term_moves_every_derived_due_date() {
    let (_d, mut s) = store();
    let r = service::create_request(&mut s, &input("Nota", "01-11-2026", ""), d(TODAY)).unwrap();
    assert_eq!(r.plan.due_on, Some(d("13-12-2026")));
    let c = service::get_council(&s).unwrap();
    let ci = CouncilInput {
        name: "Adviesraad".into(),
        municipality: String::new(),
        chair: String::new(),
        secretary: String::new(),
        advice_term_days: "56".into(),
        draft_lead_days: "7".into(),
        reaction_term_days: "42".into(),
        due_soon_days: "14".into(),
        meetings: vec![],
        themes: c
            .themes
            .iter()
            .map(|t| advieswerk::council::ThemeInput {
                id: Some(t.id.clone()),
                name: t.name.clone(),
            })
            .collect(),
        working_groups: vec![],
    };
    service::save_council(&mut s, &ci).unwrap();
    let page = service::register(
        &s,
        &RegisterQuery {
            sort: SortKey::Due,
            ..Default::default()
        },
        d(TODAY),
    )
    .unwrap();
    assert_eq!(page.rows[0].plan.due_on, Some(d("27-12-2026")));
    let stored: String = s
        .conn()
        .query_row("SELECT due_on FROM advice_request", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, "2026-12-27", "the sortable column follows the term");
}

#[test]
fn council_settings_are_validated_per_field() {
    let (_d, mut s) = store();
    let mut ci = CouncilInput {
        name: " ".into(),
        municipality: String::new(),
        chair: String::new(),
        secretary: String::new(),
        advice_term_days: "zes weken".into(),
        draft_lead_days: "7".into(),
        reaction_term_days: "0".into(),
        due_soon_days: "14".into(),
        meetings: vec![
            advieswerk::council::MeetingInput {
                id: None,
                held_on: "12-03-2027".into(),
                note: String::new(),
            },
            advieswerk::council::MeetingInput {
                id: None,
                held_on: "2027-03-12".into(),
                note: String::new(),
            },
        ],
        themes: vec![
            advieswerk::council::ThemeInput {
                id: None,
                name: "Jeugd".into(),
            },
            advieswerk::council::ThemeInput {
                id: None,
                name: "jeugd".into(),
            },
        ],
        working_groups: vec![],
    };
    let e = service::save_council(&mut s, &ci).unwrap_err();
    assert_eq!(
        fields(e),
        [
            "name",
            "adviceTermDays",
            "reactionTermDays",
            "meetings[1].heldOn",
            "themes[1].name"
        ]
    );
    ci.name = "Raad".into();
    ci.advice_term_days = "42".into();
    ci.reaction_term_days = "42".into();
    ci.meetings.pop();
    ci.themes.pop();
    let c = service::save_council(&mut s, &ci).unwrap();
    assert_eq!(
        (c.name.as_str(), c.meetings.len(), c.themes.len()),
        ("Raad", 1, 1)
    );
}

#[test]
fn every_record_has_a_uuid_v7_and_the_installation_that_changed_it_and_deletions_leave_a_tombstone()
{
    let (_d, mut s) = store();
    let r = service::create_request(&mut s, &input("Nota", "01-11-2026", ""), d(TODAY)).unwrap();
    let id = uuid::Uuid::parse_str(&r.id).unwrap();
    assert_eq!(id.get_version_num(), 7);
    assert_eq!(r.updated_by, s.installation_id());
    let stored: String = s
        .conn()
        .query_row(
            "SELECT updated_at FROM advice_request WHERE id = ?1",
            [r.id.as_str()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(stored.ends_with('Z'), "stored in UTC: {stored}");
    assert_eq!(stored, r.updated_at.text());
    service::delete_request(&mut s, &r.id).unwrap();
    let t: String = s
        .conn()
        .query_row(
            "SELECT deleted_by FROM tombstone WHERE table_name = 'advice_request' AND id = ?1",
            [r.id.as_str()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(t, s.installation_id());
    assert!(matches!(
        service::get_request(&s, &r.id, d(TODAY)),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn the_start_screen_first_sends_the_most_urgent_requests_and_nearest_dates_with_their_totals() {
    let (_dir, mut s) = store();
    let today = d("2026-06-01");
    // No plenary meetings: every open request asks for attention. 25 are overdue (the older,
    // the more urgent), 60 are due within the coming weeks.
    let mut received = |subject: String, days_ago: u64| {
        let on = today.checked_sub_days(chrono::Days::new(days_ago)).unwrap();
        service::create_request(&mut s, &input(&subject, &date::iso(on), ""), today).unwrap();
    };
    for i in 0..25u64 {
        received(format!("Te laat {i:02}"), 200 - i);
    }
    for i in 0..60u64 {
        received(format!("Binnenkort {i:02}"), 20 + i % 10);
    }
    let all = service::upcoming(&s, today).unwrap();
    assert_eq!((all.attention.len(), all.attention_total), (85, 85));
    assert_eq!((all.agenda.len(), all.agenda_total), (60, 60));

    let first = service::upcoming(&s, today).unwrap().first();
    assert_eq!(first.attention_total, 85);
    assert_eq!(first.agenda_total, 60);
    let subjects: Vec<&str> = first.attention.iter().map(|r| r.subject.as_str()).collect();
    let expected: Vec<String> = (0..20).map(|i| format!("Te laat {i:02}")).collect();
    assert_eq!(subjects, expected);
    // The nearest dates, in the order of the whole agenda.
    assert_eq!(first.agenda.len(), 50);
    assert!(
        first
            .agenda
            .iter()
            .zip(&all.agenda)
            .all(|(a, b)| a.on == b.on)
    );
    assert!(first.agenda.last().unwrap().on <= all.agenda[50].on);
    // What the window asks for: the first screen, or everything.
    let asked = service::start_screen(&s, today, false).unwrap();
    assert_eq!((asked.attention.len(), asked.agenda.len()), (20, 50));
    let asked = service::start_screen(&s, today, true).unwrap();
    assert_eq!((asked.attention.len(), asked.agenda.len()), (85, 60));
}

/// The bytes SQLite's page cache holds for the store's connection.
fn page_cache_bytes(s: &Store) -> i64 {
    let (mut used, mut highest) = (0, 0);
    // SAFETY: the handle is the store's open connection, used on this thread only; the call
    // only reads a counter.
    let rc = unsafe {
        rusqlite::ffi::sqlite3_db_status(
            s.conn().handle(),
            rusqlite::ffi::SQLITE_DBSTATUS_CACHE_USED,
            &mut used,
            &mut highest,
            0,
        )
    };
    assert_eq!(rc, rusqlite::ffi::SQLITE_OK);
    used.into()
}

#[test]
fn the_page_cache_the_register_filled_is_given_back_and_read_again_afterwards() {
    let (_d, mut s) = store();
    let notes = "Aantekening over de adviesaanvraag. ".repeat(100);
    for i in 0..300 {
        let input = RequestInput {
            notes: notes.clone(),
            ..input(&format!("Aanvraag {i}"), "02-11-2026", "")
        };
        service::create_request(&mut s, &input, d(TODAY)).unwrap();
    }
    let query = RegisterQuery {
        search: "Aanvraag".into(),
        ..Default::default()
    };
    let before = service::register(&s, &query, d(TODAY)).unwrap();
    assert_eq!(before.total, 300);
    let filled = page_cache_bytes(&s);
    assert!(filled > 1_000_000, "the cache held only {filled} bytes");

    s.release_memory().unwrap();
    let released = page_cache_bytes(&s);
    assert!(
        released * 10 < filled,
        "{released} of {filled} bytes still held"
    );

    let after = service::register(&s, &query, d(TODAY)).unwrap();
    assert_eq!(after.total, before.total);
    assert_eq!(
        after.rows.iter().map(|r| &r.id).collect::<Vec<_>>(),
        before.rows.iter().map(|r| &r.id).collect::<Vec<_>>()
    );
}
