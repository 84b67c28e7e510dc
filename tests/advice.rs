//! Drafting the advice through the core: default sections, durable saves with version checks,
//! revisions ordered without the clock, restore, and the lock after adoption.

use advieswerk::advice::{RevisionReason, SectionSave, SectionScope};
use advieswerk::request::{RequestInput, StepInput};
use advieswerk::status::{Status, Tenor};
use advieswerk::{Error, Store, date, service};

fn setup() -> (tempfile::TempDir, Store, advieswerk::RequestId) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("db.sqlite3")).unwrap();
    let today = date::parse("23-11-2026").unwrap();
    let r = service::create_request(
        &mut store,
        &RequestInput {
            requester: "College".into(),
            ..RequestInput::asked("Inkoopstrategie jeugdhulp", "01-11-2026")
        },
        today,
    )
    .unwrap();
    (dir, store, r.id)
}

fn save(
    section_id: &advieswerk::SectionId,
    base: u32,
    body: &str,
    checkpoint: bool,
) -> SectionSave {
    SectionSave {
        section_id: section_id.clone(),
        base_version: base,
        title: "B. Aanvullend lokaal advies".into(),
        body: body.into(),
        checkpoint,
        base_body: None,
    }
}

#[test]
fn a_new_advice_has_the_letters_shape_once() {
    let (_d, mut s, id) = setup();
    let a = service::open_advice(&mut s, &id).unwrap();
    let scopes: Vec<_> = a.sections.iter().map(|x| x.scope).collect();
    assert_eq!(
        scopes,
        [
            SectionScope::Opening,
            SectionScope::Regional,
            SectionScope::Local,
            SectionScope::Closing
        ]
    );
    assert!(a.sections[1].title.starts_with("A. Regionaal advies H9"));
    assert_eq!(
        service::open_advice(&mut s, &id).unwrap().sections.len(),
        4,
        "sections are created only once"
    );
    assert!(!a.locked);
}

#[test]
fn a_confirmed_save_is_in_the_file_and_a_stale_save_is_refused() {
    let (dir, mut s, id) = setup();
    let local = service::open_advice(&mut s, &id).unwrap().sections[2].clone();
    let saved = service::save_section(
        &mut s,
        &save(
            &local.id,
            local.version,
            "1. Eerste advies\n2. Tweede advies",
            false,
        ),
    )
    .unwrap();
    assert_eq!(
        (saved.version, saved.stats.recommendations),
        (local.version + 1, 2)
    );

    // A second window still editing the old version cannot overwrite it.
    let e = service::save_section(&mut s, &save(&local.id, local.version, "oude tekst", false))
        .unwrap_err();
    assert!(matches!(e, Error::Conflict { .. }), "{e}");
    assert!(e.to_api().message.contains("niet opgeslagen"));

    drop(s);
    let mut reopened = Store::open(dir.path().join("db.sqlite3")).unwrap();
    let again = service::open_advice(&mut reopened, &id).unwrap();
    assert_eq!(again.sections[2].body, "1. Eerste advies\n2. Tweede advies");
    assert_eq!(again.sections[2].version, saved.version);
}

#[test]
fn revisions_are_kept_at_pauses_and_in_order_and_restoring_keeps_the_current_text() {
    let (_d, mut s, id) = setup();
    let sec = service::open_advice(&mut s, &id).unwrap().sections[1].clone();
    let v1 = service::save_section(&mut s, &save(&sec.id, sec.version, "eerste", false))
        .unwrap()
        .version;
    let v2 = service::save_section(&mut s, &save(&sec.id, v1, "tweede", false))
        .unwrap()
        .version;
    let v3 = service::save_section(&mut s, &save(&sec.id, v2, "derde", true))
        .unwrap()
        .version;
    let revs = service::list_revisions(&s, &sec.id).unwrap();
    // The first save keeps one (none existed), the quick second does not, the pause does.
    let seen: Vec<_> = revs
        .iter()
        .map(|r| (r.seq, r.reason, r.body.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (2, RevisionReason::Pause, "derde"),
            (1, RevisionReason::Interval, "eerste")
        ]
    );

    // A second pause on the same text adds nothing to the history.
    let v4 = service::save_section(&mut s, &save(&sec.id, v3, "derde", true))
        .unwrap()
        .version;
    assert_eq!(service::list_revisions(&s, &sec.id).unwrap().len(), 2);
    let v5 = service::save_section(&mut s, &save(&sec.id, v4, "vierde", false))
        .unwrap()
        .version;

    let restored = service::restore_revision(&mut s, &sec.id, &revs[1].id, v5).unwrap();
    assert_eq!(
        (restored.body.as_str(), restored.version),
        ("eerste", v5 + 1)
    );
    let revs = service::list_revisions(&s, &sec.id).unwrap();
    assert_eq!(
        (revs[0].seq, revs[0].reason, revs[0].body.as_str()),
        (3, RevisionReason::BeforeRestore, "vierde")
    );
    assert!(matches!(
        service::restore_revision(&mut s, &sec.id, &revs[2].id, v5),
        Err(Error::Conflict { .. })
    ));
}

#[test]
fn an_adopted_advice_is_locked_and_an_empty_title_is_refused() {
    let (_d, mut s, id) = setup();
    let today = date::parse("23-11-2026").unwrap();
    let sec = service::open_advice(&mut s, &id).unwrap().sections[2].clone();
    let mut untitled = save(&sec.id, sec.version, "tekst", false);
    untitled.title = "  ".into();
    match service::save_section(&mut s, &untitled) {
        Err(Error::Validation(f)) => assert_eq!(f[0].field, "title"),
        other => panic!("{other:?}"),
    }
    let v = service::save_section(
        &mut s,
        &save(&sec.id, sec.version, "vastgestelde tekst", false),
    )
    .unwrap()
    .version;
    for (st, on) in [
        (Status::InProgress, "02-11-2026"),
        (Status::Draft, "10-11-2026"),
        (Status::Adopted, "19-11-2026"),
    ] {
        let tenor = (st == Status::Adopted).then_some(Tenor::Positive);
        service::add_step(
            &mut s,
            &id,
            &StepInput {
                status: st,
                on: on.into(),
                reference: String::new(),
                tenor,
                note: String::new(),
            },
            today,
        )
        .unwrap();
    }
    assert!(service::open_advice(&mut s, &id).unwrap().locked);
    let e = service::save_section(
        &mut s,
        &save(&sec.id, v, "gewijzigd na vaststelling", false),
    )
    .unwrap_err();
    assert!(matches!(e, Error::Locked));
    assert!(e.to_api().message.contains("vastgesteld"));
    assert_eq!(
        service::open_advice(&mut s, &id).unwrap().sections[2].body,
        "vastgestelde tekst"
    );
}

#[test]
fn the_preview_is_rendered_safely_in_rust() {
    let html =
        service::render_preview("**Advies** <script>alert(1)</script> [x](javascript:alert(1))")
            .unwrap()
            .html;
    assert!(html.contains("<strong>Advies</strong>"));
    assert!(
        !html.contains("<script") && !html.contains("javascript:"),
        "{html}"
    );
    let e = service::render_preview(&"x".repeat(advieswerk::markdown::MAX_MARKDOWN_BYTES + 1))
        .unwrap_err();
    assert_eq!(e.to_api().fields[0].field, "body");
}

#[test]
fn the_preview_of_a_very_long_section_shows_its_beginning_up_to_a_paragraph_break() {
    let paragraph = "Eén alinea met **nadruk** en een é.\n\n";
    let text = paragraph.repeat(advieswerk::markdown::PREVIEW_MAX_BYTES / paragraph.len() + 100);
    let p = service::render_preview(&text).unwrap();
    assert!(p.truncated);
    let shown = p.html.matches("<p>").count();
    assert_eq!(
        shown,
        advieswerk::markdown::PREVIEW_MAX_BYTES / paragraph.len()
    );
    assert!(p.html.trim_end().ends_with("</p>"));
    let short = service::render_preview(&paragraph.repeat(10)).unwrap();
    assert!(!short.truncated);
    assert_eq!(short.html.matches("<p>").count(), 10);
}
