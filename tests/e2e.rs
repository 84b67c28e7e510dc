//! End-to-end: the real Tauri window under Xvfb, driven through tauri-driver and
//! WebKitWebDriver, against a real SQLite file. Run by `scripts/test` with `--features e2e`.
#![cfg(feature = "e2e")]

mod support;

use advieswerk::date;
use chrono::{Days, NaiveDate};
use support::app::App;

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn short(d: NaiveDate) -> String {
    date::short_nl(d)
}

fn count_rows(db: &std::path::Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_request_is_created_found_moved_through_its_statuses_and_still_there_after_a_restart() {
    let mut app = App::start();
    let subject = "Beleidsregels huishoudelijke ondersteuning 2027";
    let received = today() - Days::new(10);
    let due = today() + Days::new(5);
    {
        let ui = app.ui();
        ui.click_css("nav a[href='#/nieuw']");
        ui.wait_for_text("main h1", "Nieuwe adviesaanvraag");
        ui.fill("#req-received", &short(received));
        ui.fill("#req-requested-by", &short(due));
        ui.fill("#req-our-ref", "2026-040");
        // Submitted with the Enter key from the subject field: the form works without a mouse.
        ui.fill("#req-subject", &format!("{subject}\u{E007}"));
        ui.wait_for_text("#request-title", subject);

        // The due date is five days away: the warning shows on the request.
        ui.wait_for_text("[data-warning='due_soon']", "Termijn nadert");
        ui.wait_for_text("#plan-due", &date::long_nl(due));
        ui.screenshot("request-created").unwrap();

        // Found in the register by searching, with its warning.
        ui.click_css("nav a[href='#/register']");
        ui.fill("#f-search", "huishoudelijke onder");
        let table = ui.wait_for_text("#register-table", subject);
        assert!(
            table.contains("Termijn nadert"),
            "register row lacks the warning: {table}"
        );
        ui.wait_for_text("#register-count", "1–1 van 1");
        ui.fill("#f-search", "bestaat niet xyz");
        ui.wait_for_text("#register-count", "Geen aanvragen gevonden");
        ui.fill("#f-search", "2026-040");
        ui.wait_for_text("#register-table", subject);
        ui.screenshot("register").unwrap();
        ui.click_css("#register-table a");
        ui.wait_for_text("#request-title", subject);

        // A step dated before the received date is refused at the date field, nothing changes.
        ui.choose("#step-status", "in_progress");
        ui.fill("#step-on", &short(received - Days::new(3)));
        ui.click_css("#step-save");
        let msg = ui.wait_for_text("#step-on-error", "ontvangstdatum");
        assert!(msg.contains("vóór"), "{msg}");
        assert_eq!(ui.find_all("#steps li").len(), 1);

        // Through the life of an advice.
        let today = short(today());
        for (status, label) in [
            ("in_progress", "In behandeling"),
            ("draft", "Concept-advies"),
            ("adopted", "Vastgesteld"),
            ("sent", "Verzonden"),
        ] {
            ui.choose("#step-status", status);
            ui.fill("#step-on", &today);
            if status == "adopted" {
                // Adopting without a tenor is refused first.
                ui.click_css("#step-save");
                ui.wait_for_text("#step-tenor-error", "strekking");
                ui.choose("#step-tenor", "positive_with_remarks");
            }
            if status == "sent" {
                ui.fill("#step-reference", "ASD/2026-040");
            }
            ui.click_css("#step-save");
            ui.wait_for_text("#step-notice", label);
        }
        assert_eq!(ui.find_all("#steps li").len(), 5);
        let steps = ui.text_of("#steps");
        assert!(
            steps.contains("Positief met kanttekeningen") && steps.contains("ASD/2026-040"),
            "{steps}"
        );
        // Sent: the due-date warning is gone, the reaction term is planned.
        assert!(ui.try_find("[data-warning='due_soon']").is_none());
        ui.screenshot("request-sent").unwrap();
    }

    // Quit and start again on the same database file.
    app.close_window();
    app.open_window();
    let ui = app.ui();
    ui.click_css("nav a[href='#/register']");
    ui.fill("#f-search", "huishoudelijke");
    ui.wait_for_text("#register-table", subject);
    ui.click_css("#register-table a");
    ui.wait_for_text("#request-title", subject);
    assert_eq!(
        ui.attribute(".title-row [data-status]", "data-status")
            .as_deref(),
        Some("sent")
    );
    assert_eq!(ui.find_all("#steps li").len(), 5);
}

#[test]
fn an_empty_subject_and_a_requested_by_date_before_the_received_date_are_refused_at_their_fields() {
    let mut app = App::start();
    {
        let ui = app.ui();
        ui.click_css("nav a[href='#/nieuw']");
        ui.fill("#req-subject", "   ");
        ui.fill("#req-received", "10-11-2026");
        ui.fill("#req-requested-by", "01-11-2026");
        ui.click_css("#req-save");
        ui.wait_for_text("#req-subject-error", "onderwerp");
        ui.wait_for_text("#req-requested-by-error", "vóór de ontvangstdatum");
        assert_eq!(
            ui.attribute("#req-subject", "aria-invalid").as_deref(),
            Some("true")
        );
        assert!(ui.text_of("#form-error").contains("2 velden"));
        ui.screenshot("form-errors").unwrap();

        // An impossible day is named, not corrected.
        ui.fill("#req-subject", "Nota armoedebeleid");
        ui.fill("#req-received", "31-02-2026");
        ui.fill("#req-requested-by", "");
        ui.click_css("#req-save");
        ui.wait_for_text("#req-received-error", "februari");
        assert!(
            ui.try_find("#req-subject-error").is_none(),
            "the fixed field still shows an error"
        );
        assert_eq!(
            ui.text_of("main h1"),
            "Nieuwe adviesaanvraag",
            "the form must stay open"
        );
    }
    app.close_window();
    assert_eq!(
        count_rows(&app.db, "advice_request"),
        0,
        "a refused form stored a request"
    );
    assert_eq!(count_rows(&app.db, "request_step"), 0);
}

#[test]
fn an_empty_database_offers_example_data_and_the_start_screen_shows_what_is_coming() {
    let app = App::start();
    let ui = app.ui();
    ui.wait_for_text(".welcome", "Welkom bij Advieswerk");
    ui.click_css("#load-demo");
    let attention = ui.wait_for_text("#attention-list", "Termijn");
    assert!(
        attention.contains("Verordening maatschappelijke ondersteuning"),
        "{attention}"
    );
    let agenda = ui.wait_for_text("#agenda-list", "Plenaire vergadering");
    assert!(agenda.contains("Advies uiterlijk"), "{agenda}");
    assert!(
        ui.try_find(".welcome").is_none(),
        "the welcome panel stays after loading examples"
    );
    ui.screenshot("start").unwrap();

    ui.click_css("nav a[href='#/register']");
    ui.choose("#f-status", "all");
    ui.wait_for_text("#register-count", "1–7 van 7");
    ui.choose("#f-sort", "subject");
    let first = ui.wait_until("sorted rows", || {
        ui.find_all("#register-table tbody tr").first().cloned()
    });
    assert!(
        ui.text(&first).starts_with("Beleidsplan Jeugdhulp"),
        "{}",
        ui.text(&first)
    );
    assert_eq!(count_rows(&app.db, "advice_request"), 7);
}

#[test]
fn council_settings_are_checked_saved_and_kept() {
    let mut app = App::start();
    {
        let ui = app.ui();
        ui.click_css("nav a[href='#/instellingen']");
        ui.fill("#s-name", "Adviesraad Sociaal Domein Proefdorp");
        ui.fill("#s-chair", "A. Voorzitter");
        ui.fill("#s-term", "0");
        ui.click_css("#s-add-meeting");
        ui.fill("#s-meeting-0", "31-02-2027");
        ui.click_css("#s-save");
        ui.wait_for_text("#s-term-error", "1 tot en met 365");
        ui.wait_for_text("#s-meeting-0-error", "februari");
        ui.screenshot("settings-errors").unwrap();
        ui.fill("#s-term", "56");
        ui.fill("#s-meeting-0", "11-03-2027");
        ui.click_css("#s-save");
        ui.wait_for_text("#s-saved", "Opgeslagen");
    }
    app.close_window();
    app.open_window();
    let ui = app.ui();
    ui.click_css("nav a[href='#/instellingen']");
    let name = ui.wait_until("saved name", || {
        let e = ui.try_find("#s-name")?;
        let v = ui.property(&e, "value");
        (!v.is_empty()).then_some(v)
    });
    assert_eq!(name, "Adviesraad Sociaal Domein Proefdorp");
    assert_eq!(ui.property(&ui.find("#s-term"), "value"), "56");
    assert_eq!(ui.property(&ui.find("#s-meeting-0"), "value"), "11-03-2027");
}

#[test]
fn the_content_security_policy_blocks_an_injected_inline_script_in_the_real_webview() {
    let app = App::start();
    let ui = app.ui();
    ui.wait_for_text("nav", "Register");
    // As an attacker who got markup into the page would: an inline script element, an inline
    // event handler and a javascript: URL. The policy must stop all three and say so.
    ui.execute(
        "window.__ran = [];
         window.__blocked = [];
         document.addEventListener('securitypolicyviolation',
           e => window.__blocked.push(e.violatedDirective));
         const s = document.createElement('script');
         s.textContent = 'window.__ran.push(\"inline script\")';
         document.body.appendChild(s);
         const img = document.createElement('img');
         img.setAttribute('onerror', 'window.__ran.push(\"event handler\")');
         img.src = 'data:,not-an-image';
         document.body.appendChild(img);
         const a = document.createElement('a');
         a.href = 'javascript:window.__ran.push(\"javascript url\")';
         document.body.appendChild(a);
         a.click();",
        vec![],
    )
    .unwrap();
    let blocked = ui.wait_until("the policy to report its blocks", || {
        let v = ui.execute("return window.__blocked.length", vec![]).ok()?;
        (v.as_u64()? >= 2).then_some(v)
    });
    std::thread::sleep(std::time::Duration::from_millis(500));
    let ran = ui.execute("return window.__ran", vec![]).unwrap();
    assert_eq!(ran, serde_json::json!([]), "script ran despite the policy");
    let directives = ui.execute("return window.__blocked", vec![]).unwrap();
    assert!(
        directives.to_string().contains("script-src"),
        "{directives} ({blocked} reports)"
    );
}
