//! End-to-end, what became of an advice: the real Tauri window under Xvfb (tauri-driver +
//! WebKitWebDriver) on a real SQLite file, the app's clock set per run and moved between runs.
//! Run by `scripts/test` with `--features e2e`.
#![cfg(feature = "e2e")]

mod support;

use std::path::Path;
use std::time::Duration;

use advieswerk::advice::{SectionSave, SectionScope};
use advieswerk::request::{RequestInput, StepInput};
use advieswerk::service;
use advieswerk::status::Status;
use support::app::App;
use support::webdriver::Session;

const SUBJECT: &str = "Beleidsplan mantelzorg";

/// A request in draft with three numbered points in its local section, made through the core
/// on the suite's clock (10 March 2027); returns its id.
fn seed(db: &Path) -> advieswerk::RequestId {
    let mut s = support::clock::store(db);
    let today = support::clock::today();
    let id = service::create_request(&mut s, &RequestInput::asked(SUBJECT, "04-01-2027"), today)
        .unwrap()
        .id;
    let advice = service::open_advice(&mut s, &id).unwrap();
    let local = advice
        .sections
        .iter()
        .find(|x| x.scope == SectionScope::Local)
        .unwrap();
    service::save_section(
        &mut s,
        &SectionSave {
            section_id: local.id.clone(),
            base_version: local.version,
            title: local.title.clone(),
            body: "De raad adviseert:\n\n1. Respijtzorg: maak die dichtbij mogelijk.\n2. Informatie: \
                   één loket voor mantelzorgers.\n   - ook digitaal\n3. Waardering: een jaarlijkse dag.\n"
                .into(),
            checkpoint: false,
            base_body: None,
        },
    )
    .unwrap();
    for (status, on) in [
        (Status::InProgress, "05-01-2027"),
        (Status::Draft, "20-02-2027"),
    ] {
        service::add_step(
            &mut s,
            &id,
            &StepInput {
                status,
                on: on.into(),
                reference: String::new(),
                tenor: None,
                note: String::new(),
            },
            today,
        )
        .unwrap();
    }
    id
}

fn open_request(ui: &Session) {
    ui.click_css("nav a[href='#/register']");
    ui.wait_for_text("#register-table", SUBJECT);
    ui.click_css("#register-table a");
    ui.wait_for_text("#request-title", SUBJECT);
}

fn record_step(ui: &Session, status: &str, on: &str) {
    ui.choose("#step-status", status);
    if status == "adopted" {
        ui.choose("#step-tenor", "positive_with_remarks");
    }
    if status == "sent" {
        ui.fill("#step-reference", "ASD-2027-07");
    }
    ui.fill("#step-on", on);
    ui.click_css("#step-save");
    ui.wait_for_text("#step-notice", "Status is nu");
}

fn exported(dir: &Path, ext: &str) -> std::path::PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == ext))
        .unwrap_or_else(|| panic!("no .{ext} in {}", dir.display()))
}

fn at(when: &str, db: &Path, exports: &Path) -> App {
    App::start_with(
        db,
        &[
            ("ADVIESWERK_CLOCK", Path::new(when)),
            ("ADVIESWERK_EXPORT_DIR", exports),
        ],
    )
}

#[test]
fn an_advice_is_sent_reminded_answered_per_recommendation_and_followed_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let exports = tempfile::tempdir().unwrap();
    seed(&db);

    // 10 March 2027: adopted and sent through the window; the reaction is due 42 days later.
    let mut app = at(support::clock::START, &db, exports.path());
    {
        let ui = app.ui();
        open_request(ui);
        record_step(ui, "adopted", "09-03-2027");
        let list = ui.wait_for_text("#recommendations", "Respijtzorg");
        assert_eq!(ui.find_all("#recommendations > li").len(), 3, "{list}");
        assert!(
            list.contains("Informatie") && list.contains("Waardering"),
            "{list}"
        );
        record_step(ui, "sent", "10-03-2027");
        ui.wait_for_text("#reaction-expected", "21 april 2027");
        support::a11y::audit(ui, "request-follow-up");
    }
    app.close_window();

    // 25 April: the reaction is late. The warning shows, and the reminder is exported.
    let mut app = at("2027-04-25T10:00:00", &db, exports.path());
    {
        let ui = app.ui();
        ui.wait_for_text("#attention-list", SUBJECT);
        open_request(ui);
        ui.wait_for_text("[data-warning='reaction_late']", "Reactie college te laat");
        ui.click_css("#reminder-save");
        let notice = ui.wait_for_text("#follow-notice", "Herinnering opgeslagen");
        let pdf = exported(exports.path(), "pdf");
        assert!(notice.contains(&pdf.display().to_string()), "{notice}");
        let text = support::poppler::pdf_text(&pdf)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains("Herinnering: reactie op ons advies van 10 maart 2027"),
            "{text}"
        );
        assert!(text.contains("Respijtzorg"), "{text}");
        // The reminder sent, as a step of its own (the default kind, dated today).
        ui.click_css("#follow-save");
        ui.wait_for_text("#follow-steps", "Herinnering verstuurd");

        // A reaction dated before the sending is refused at its field; nothing is stored.
        ui.fill("#reaction-on", "01-03-2027");
        ui.choose("#outcome-0", "adopted");
        ui.click_css("#reaction-save");
        let err = ui.wait_for_text("#reaction-error", "vóór de verzending");
        assert!(err.contains("10 maart 2027"), "{err}");
        assert_eq!(
            ui.attribute("#reaction-on", "aria-invalid").as_deref(),
            Some("true")
        );
        assert!(support::db_rows(&db, "SELECT request_id FROM reaction").is_empty());

        ui.fill("#reaction-on", "24-04-2027");
        ui.fill("#reaction-reference", "Z/27/4411");
        ui.choose("#outcome-1", "not_adopted");
        ui.fill("#reasoning-1", "Past niet in de begroting");
        ui.choose("#outcome-2", "partly_adopted");
        ui.click_css("#reaction-save");
        // The status changes with it, and the page shows the new step.
        ui.wait_for_text(".title-row .badge", "Reactie ontvangen");
        let outcomes = support::db_rows(
            &db,
            "SELECT number || ':' || coalesce(outcome, '-') || ':' || reasoning FROM recommendation ORDER BY number",
        );
        assert_eq!(
            outcomes,
            [
                "1:adopted:",
                "2:not_adopted:Past niet in de begroting",
                "3:partly_adopted:"
            ]
        );
        ui.wait_for_text("#recommendations", "Niet overgenomen");

        // A commitment without words is refused at its field; then one due on 30 April.
        ui.click_css("#commitment-save");
        ui.wait_for_text(
            "#commitment-error",
            "Beschrijf wat het college heeft toegezegd",
        );
        ui.fill("#commitment-text", "Evaluatie respijtzorg met de raad");
        ui.fill("#commitment-due", "30-04-2027");
        ui.click_css("#commitment-save");
        ui.wait_for_text("#commitments", "Evaluatie respijtzorg met de raad");
        assert!(
            ui.try_find("#commitments [data-warning='commitment_overdue']")
                .is_none()
        );
        support::a11y::audit(ui, "request-reaction");
    }
    app.close_window();

    // 5 May: the commitment is overdue on the start screen; the municipal council is informed.
    let app = at("2027-05-05T10:00:00", &db, exports.path());
    let ui = app.ui();
    let list = ui.wait_for_text("#commitment-list", "Evaluatie respijtzorg met de raad");
    assert!(list.contains("Toezegging over tijd"), "{list}");
    ui.click_css("#commitment-list a");
    ui.wait_for_text("#request-title", SUBJECT);
    ui.wait_for_text(
        "[data-warning='commitment_overdue']",
        "Toezegging college over tijd",
    );
    ui.choose("#follow-kind", "council_informed");
    ui.fill("#follow-on", "05-05-2027");
    ui.click_css("#follow-save");
    ui.wait_for_text("#follow-steps", "Gemeenteraad geïnformeerd");
    assert_eq!(
        support::db_rows(
            &db,
            "SELECT kind || ' ' || on_date FROM follow_up ORDER BY on_date"
        ),
        ["reminder_sent 2027-04-25", "council_informed 2027-05-05"]
    );
    ui.screenshot("follow-up").unwrap();

    // The year's report counts it, exports as PDF/A, and the publication holds its page.
    ui.click_css("nav a[href='#/jaarverslag']");
    ui.wait_for_text("#fig-given", "1");
    let figures = ui.text_of("#report-figures");
    assert!(figures.contains("3, waarvan 33% overgenomen"), "{figures}");
    ui.fill("#report-intro", "Een jaar met veel **mantelzorg**.");
    ui.wait_for_text("#report-save-state", "Opgeslagen");
    ui.click_css("#report-save");
    ui.wait_for_text("#report-notice", "jaarverslag-2027.pdf");
    let text = support::poppler::pdf_text(&exports.path().join("jaarverslag-2027.pdf"));
    assert!(
        text.contains("Jaarverslag 2027") && text.contains("mantelzorg"),
        "{text}"
    );
    // And as Word through the desktop's save dialog, to a place of the user's choosing.
    // A path the X test keyboard can type: lower case, digits, dashes and slashes only.
    let chosen_dir =
        std::env::temp_dir().join(format!("advieswerk-jaarverslag-{}", std::process::id()));
    std::fs::create_dir_all(&chosen_dir).unwrap();
    let chosen = chosen_dir.join("jaarverslag-raad.docx");
    ui.click_css("input[name='report-format'][value='docx']");
    ui.click_css("#report-save-as");
    assert!(
        support::x11::wait_for_window(c"Jaarverslag opslaan", Duration::from_secs(10)),
        "the save dialog did not open"
    );
    support::x11::type_into_window(c"Jaarverslag opslaan", chosen.to_str().unwrap()).unwrap();
    ui.wait_for_text("#report-notice", "jaarverslag-raad.docx");
    let word = support::libreoffice::libreoffice_text(&chosen);
    assert!(
        word.contains("Jaarverslag 2027") && word.contains(SUBJECT),
        "{word}"
    );
    std::fs::remove_dir_all(&chosen_dir).unwrap();
    ui.click_css("#report-publish");
    ui.wait_for_text("#report-notice", "1 advies gepubliceerd");
    let page = std::fs::read_dir(exports.path().join("publicatie-2027"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name().unwrap() != "index.html" && p.extension().is_some_and(|e| e == "html")
        })
        .unwrap();
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.contains("Past niet in de begroting") && html.contains(SUBJECT));
    support::a11y::audit(ui, "annual-report");
    ui.screenshot("annual-report").unwrap();
    assert_eq!(
        support::db_rows(&db, "SELECT introduction FROM annual_report"),
        ["Een jaar met veel **mantelzorg**."]
    );
}
