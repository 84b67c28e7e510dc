//! End-to-end, writing the advice: the real Tauri window under Xvfb (tauri-driver +
//! WebKitWebDriver) on a real SQLite file. Run by `scripts/test` with `--features e2e`.
#![cfg(feature = "e2e")]

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use advieswerk::advice::{SectionSave, SectionScope};
use advieswerk::request::{RequestInput, RequestKind};
use advieswerk::{Store, date, service};
use chrono::Days;
use support::app::App;
use support::webdriver::Session;

const REGIONAL: &str = ".section-editor[data-scope='regional']";
const LOCAL: &str = ".section-editor[data-scope='local']";

/// A request received ten days ago, made through the core; returns its id.
fn seed_request(db: &Path, subject: &str) -> String {
    let mut s = Store::open(db).unwrap();
    let today = service::today();
    service::create_request(
        &mut s,
        &RequestInput {
            subject: subject.into(),
            requester: "College van B&W".into(),
            kind: RequestKind::Asked,
            theme_id: None,
            working_group_id: None,
            received_on: date::iso(today - Days::new(10)),
            requested_by: String::new(),
            municipality_reference: String::new(),
            case_number: String::new(),
            our_reference: String::new(),
            notes: String::new(),
            confidential: false,
        },
        today,
    )
    .unwrap()
    .id
}

fn stored_body(db: &Path, scope: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT body FROM advice_section WHERE scope = ?1 AND removed_at IS NULL",
        [scope],
        |r| r.get(0),
    )
    .unwrap()
}

fn open_advice(ui: &Session, subject: &str) {
    ui.click_css("nav a[href='#/register']");
    ui.wait_for_text("#register-table", subject);
    ui.click_css("#register-table a");
    ui.wait_for_text("#request-title", subject);
    ui.click_css("#write-advice");
    ui.wait_for_text("#advice-title", subject);
    ui.find(&format!("{REGIONAL} .cm-content"));
}

/// Types `text`; WebDriver's Enter key is U+E007 (a plain "\n" is no key press).
fn type_in(ui: &Session, section: &str, text: &str) {
    let content = ui.find(&format!("{section} .cm-content"));
    ui.click(&content);
    ui.type_text(&content, text);
}

/// Waits for the section's indicator to say saved; returns how long that took.
fn wait_saved(ui: &Session, section: &str) -> Duration {
    let start = Instant::now();
    ui.wait_for_text(&format!("{section} .save-state"), "Opgeslagen om");
    start.elapsed()
}

fn editor_text(ui: &Session, section: &str) -> String {
    ui.text_of(&format!("{section} .cm-content"))
}

#[test]
fn the_advice_is_written_previewed_kept_across_a_restart_restored_and_locked_on_adoption() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let subject = "Regiovisie beschermd wonen";
    let id = seed_request(&db, subject);
    let mut app = App::start_on(&db);
    {
        let ui = app.ui();
        open_advice(ui, subject);
        // The letter's shape, with the regional section marked as shared.
        let titles: Vec<String> = ui
            .find_all(".section-title input")
            .iter()
            .map(|e| ui.property(e, "value"))
            .collect();
        assert_eq!(
            titles,
            [
                "Inleiding",
                "A. Regionaal advies H9-Adviesraden Sociaal Domein",
                "B. Aanvullend lokaal advies",
                "Afsluiting"
            ]
        );
        let badge = ui.text_of(&format!("{REGIONAL} .badge.scope"));
        assert!(badge.contains("gedeeld met de H9-raden"), "{badge}");

        // Enter continues a numbered list, as in a word processor.
        type_in(
            ui,
            REGIONAL,
            "De H9-raden vragen **eenduidig** beleid.\u{E007}\u{E007}1. Zorg voor één loket\u{E007}Betrek de raden vroeg",
        );
        let took = wait_saved(ui, REGIONAL);
        assert!(took < Duration::from_secs(4), "saved after {took:?}");
        let stored = stored_body(&db, "regional");
        assert_eq!(
            stored,
            "De H9-raden vragen **eenduidig** beleid.\n\n1. Zorg voor één loket\n2. Betrek de raden vroeg"
        );
        ui.wait_for_text(&format!("{REGIONAL} .stats"), "2 aanbevelingen");
        // The preview is the core's rendering.
        ui.wait_for_text("#preview strong", "eenduidig");
        assert_eq!(ui.find_all("#preview ol li").len(), 2);

        // The toolbar: bold on a selection in the local section.
        type_in(ui, LOCAL, "Lindeveen vraagt aandacht voor mantelzorgers.");
        let content = ui.find(&format!("{LOCAL} .cm-content"));
        // Shift+Home selects the line; the toolbar's Vet wraps it.
        ui.type_text(&content, "\u{E008}\u{E011}\u{E008}");
        ui.click_css(&format!("{LOCAL} .toolbar button[title^='Vet']"));
        wait_saved(ui, LOCAL);
        ui.wait_until("bold local text stored", || {
            (stored_body(&db, "local") == "**Lindeveen vraagt aandacht voor mantelzorgers.**")
                .then_some(())
        });
        ui.screenshot("advice-written").unwrap();
    }

    // Quit and start again: the text is there.
    app.close_window();
    app.open_window();
    {
        let ui = app.ui();
        open_advice(ui, subject);
        let regional = editor_text(ui, REGIONAL);
        assert!(regional.contains("1. Zorg voor één loket"), "{regional}");
        assert!(editor_text(ui, LOCAL).contains("Lindeveen vraagt"));

        // Replace the regional text, then bring the older version back from the history.
        let content = ui.find(&format!("{REGIONAL} .cm-content"));
        ui.click(&content);
        ui.type_text(&content, "\u{E009}a\u{E009}Een geheel nieuwe regionale tekst.");
        wait_saved(ui, REGIONAL);
        assert_eq!(stored_body(&db, "regional"), "Een geheel nieuwe regionale tekst.");
        ui.click_css(&format!("{REGIONAL} .section-actions button"));
        ui.find("#revision-list");
        let versions = ui.find_all("#revision-list button");
        assert!(!versions.is_empty(), "no revisions listed");
        // Find the version that still has the old text, by its diff.
        let mut found = false;
        for v in versions.iter().rev() {
            ui.click(v);
            let diff = ui.wait_for_text("#revision-diff", "");
            if diff.contains("eenduidig") {
                found = true;
                break;
            }
        }
        assert!(found, "no revision holds the old text");
        let all = |css: &str| -> String {
            ui.find_all(css).iter().map(|e| ui.text(e)).collect::<Vec<_>>().join(" ")
        };
        let removed = all("#revision-diff del");
        let added = all("#revision-diff ins");
        assert!(removed.contains("eenduidig"), "{removed}");
        assert!(added.contains("nieuwe"), "{added}");
        ui.screenshot("advice-revision-diff").unwrap();
        ui.click_css("#revision-restore");
        ui.wait_until("restored text in the editor", || {
            editor_text(ui, REGIONAL).contains("eenduidig").then_some(())
        });
        assert!(stored_body(&db, "regional").contains("**eenduidig**"));
        ui.wait_for_text("#preview strong", "eenduidig");
        // The replaced text is in the history (kept before the restore, or already at a pause).
        let conn = rusqlite::Connection::open(&db).unwrap();
        let kept: i64 = conn
            .query_row(
                "SELECT count(*) FROM section_revision WHERE body = 'Een geheel nieuwe regionale tekst.'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(kept, 1);

        // Adopt the advice: the text locks.
        ui.click_css(&format!("a[href='#/aanvraag/{id}']"));
        ui.wait_for_text("#request-title", subject);
        let today = date::short_nl(service::today());
        for status in ["in_progress", "draft", "adopted"] {
            ui.choose("#step-status", status);
            ui.fill("#step-on", &today);
            if status == "adopted" {
                ui.choose("#step-tenor", "positive");
            }
            ui.click_css("#step-save");
            ui.wait_until("step recorded", || {
                ui.try_find(&format!("#steps li[data-status='{status}']"))
            });
        }
        ui.click_css("#write-advice");
        let banner = ui.wait_for_text("#lock-banner", "vastgesteld");
        assert!(banner.contains("Positief"), "{banner}");
        let content = ui.find(&format!("{REGIONAL} .cm-content"));
        assert_eq!(ui.property(&content, "contentEditable"), "false");
        // WebKitWebDriver refuses keys for a non-editable element; if it took them, they
        // must not land in the text.
        let _ = ui.try_type_text(&content, "XYZ");
        assert!(!editor_text(ui, REGIONAL).contains("XYZ"));
        assert!(!stored_body(&db, "regional").contains("XYZ"));
        assert!(ui.try_find("#add-section").is_none());
        ui.screenshot("advice-locked").unwrap();

        // Reopening needs a reason and is recorded.
        ui.click_css("#reopen-save");
        ui.wait_for_text("#reopen-note-error", "waarom");
        ui.fill("#reopen-note", "Reactie van de regio verwerken");
        ui.click_css("#reopen-save");
        ui.wait_until("editor unlocked", || {
            (ui.property(&ui.find(&format!("{REGIONAL} .cm-content")), "contentEditable")
                == "true")
                .then_some(())
        });
        assert!(ui.try_find("#lock-banner").is_none());
        let conn = rusqlite::Connection::open(&db).unwrap();
        let note: String = conn
            .query_row(
                "SELECT note FROM request_step WHERE request_id = ?1 ORDER BY seq DESC LIMIT 1",
                [&id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(note, "Reactie van de regio verwerken");
    }
}
