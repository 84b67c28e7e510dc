//! End-to-end, documents and search: the real Tauri window under Xvfb (tauri-driver +
//! WebKitWebDriver) on a real SQLite file. A PDF (LibreOffice's, of a .docx the test writes) and
//! an e-mail with an attachment are added to a request through the file input; Ctrl+K finds a
//! word that occurs only inside the PDF and opens the hit on the request, at the document; an
//! e-mail makes a new request. Run by `scripts/test` with `--features e2e`.
#![cfg(feature = "e2e")]

mod support;

use std::path::Path;

use advieswerk::request::RequestInput;
use advieswerk::service;
use support::app::App;
use support::webdriver::Session;

const SUBJECT: &str = "Beleidsplan sociaal domein";

fn seed(db: &Path) -> advieswerk::RequestId {
    let mut s = support::clock::store(db);
    service::create_request(
        &mut s,
        &RequestInput::asked(SUBJECT, "04-01-2027"),
        support::clock::today(),
    )
    .unwrap()
    .id
}

/// The files the test adds, in a folder of its own (paths the WebDriver types into the input).
fn papers(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let docx = support::papers::docx(&[
        &[
            "Raadsvoorstel sociaal domein",
            "Inleiding over de financiële middelen.",
        ],
        &["De zorgboerderijen in de regio bieden dagbesteding."],
        &["Slot."],
    ]);
    let pdf = dir.join("raadsvoorstel.pdf");
    std::fs::write(&pdf, support::papers::pdf_by_libreoffice(dir, &docx)).unwrap();
    let eml = dir.join("aanvraag.eml");
    std::fs::write(
        &eml,
        "From: Gemeente Voorbeeld <secretariaat@voorbeeld.nl>\r\n\
         Subject: Adviesaanvraag huishoudelijke hulp\r\n\
         Date: Mon, 1 Mar 2027 09:00:00 +0100\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Graag uw advies over de huishoudelijke hulp en het abonnementstarief.\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename=\"notitie.txt\"\r\n\r\n\
         Notitie over de indicatiestelling.\r\n--b--\r\n",
    )
    .unwrap();
    (pdf, eml)
}

fn open_request(ui: &Session) {
    ui.click_css("nav a[href='#/register']");
    ui.wait_for_text("#register-table", SUBJECT);
    ui.click_css("#register-table a");
    ui.wait_for_text("#request-title", SUBJECT);
}

#[test]
fn documents_are_added_listed_found_with_ctrl_k_and_an_email_makes_a_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let files = tempfile::tempdir().unwrap();
    let (pdf, eml) = papers(files.path());
    let id = seed(&db);

    let mut app = App::start_on(&db);
    let ui = app.ui();
    open_request(ui);
    ui.wait_for_text("#docs-empty", "Nog geen documenten");

    // A PDF through the file input: listed with its kind, pages and date received.
    ui.type_text(&ui.find("#document-file"), pdf.to_str().unwrap());
    ui.wait_for_text("#docs-notice", "Toegevoegd: raadsvoorstel.pdf");
    let listed = ui.wait_for_text("#documents-table", "raadsvoorstel.pdf");
    assert!(listed.contains("PDF, 3 pagina's"), "{listed}");
    assert!(listed.contains("10 maart 2027"), "{listed}");

    // An e-mail: it and its attachment are listed; its date is the day it was sent.
    ui.type_text(&ui.find("#document-file"), eml.to_str().unwrap());
    ui.wait_for_text("#docs-notice", "2 documenten toegevoegd");
    let listed = ui.wait_for_text("#documents-table", "notitie.txt");
    assert!(
        listed.contains("aanvraag.eml") && listed.contains("E-mail"),
        "{listed}"
    );
    assert!(listed.contains("1 maart 2027"), "{listed}");
    assert_eq!(
        support::db_rows(&db, "SELECT name FROM document ORDER BY name"),
        ["aanvraag.eml", "notitie.txt", "raadsvoorstel.pdf"]
    );
    support::a11y::audit(ui, "request-documents");

    // Ctrl+K from another screen (in the register's own filter field): a word only inside the
    // PDF, found on its page.
    ui.click_css("nav a[href='#/register']");
    ui.wait_for_text("#register-table", SUBJECT);
    ui.type_text(&ui.find("#f-search"), "\u{E009}k\u{E009}");
    ui.wait_until("the search dialog", || {
        ui.attribute("#search-palette", "open").map(|_| ())
    });
    ui.type_text(&ui.find("#palette-query"), "zorgboerderij");
    let hits = ui.wait_for_text("#palette-hits", "raadsvoorstel.pdf");
    assert!(hits.contains("pagina 2"), "{hits}");
    assert!(hits.contains(SUBJECT), "{hits}");
    let marked = ui.text_of("#palette-hits mark");
    assert_eq!(marked, "zorgboerderijen");
    support::a11y::audit(ui, "search-palette");
    // Enter opens the first hit: the request, at the document.
    ui.type_text(&ui.find("#palette-query"), "\u{E007}");
    ui.wait_for_text("#request-title", SUBJECT);
    let found = ui.wait_for_text("#documents-table tr.found", "raadsvoorstel.pdf");
    assert!(!found.contains("notitie"), "{found}");
    let hash = ui
        .execute("return location.hash", vec![])
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        hash.starts_with(&format!("#/aanvraag/{id}/document/")),
        "{hash}"
    );

    // The search screen with a filter: the e-mail's words, as e-mail only in documents.
    ui.execute("location.hash = '#/zoeken/abonnementstarief'", vec![])
        .unwrap();
    let hits = ui.wait_for_text("#search-hits", "aanvraag.eml");
    assert!(hits.contains("abonnementstarief"), "{hits}");
    ui.choose("#search-kind", "section");
    ui.wait_for_text("#search-none", "Niets gevonden");
    support::a11y::audit(ui, "search");

    // A new request from an e-mail: subject, sender and date filled in; the e-mail and its
    // attachment become the new request's documents.
    ui.click_css("nav a[href='#/nieuw']");
    ui.type_text(&ui.find("#req-from-email"), eml.to_str().unwrap());
    ui.wait_for_text("#req-from-email-hint", "Overgenomen uit");
    assert_eq!(
        ui.property(&ui.find("#req-subject"), "value"),
        "Adviesaanvraag huishoudelijke hulp"
    );
    assert_eq!(
        ui.property(&ui.find("#req-requester"), "value"),
        "Gemeente Voorbeeld"
    );
    assert_eq!(
        ui.property(&ui.find("#req-received"), "value"),
        "01-03-2027"
    );
    ui.click_css("#req-save");
    ui.wait_for_text("#request-title", "Adviesaanvraag huishoudelijke hulp");
    let listed = ui.wait_for_text("#documents-table", "notitie.txt");
    assert!(listed.contains("aanvraag.eml"), "{listed}");
    assert_eq!(
        support::db_rows(
            &db,
            "SELECT r.subject || ' / ' || r.requester || ' / ' || r.received_on || ' / ' || count(d.id)
             FROM advice_request r JOIN document d ON d.request_id = r.id
             WHERE r.subject LIKE 'Adviesaanvraag%' GROUP BY r.id"
        ),
        ["Adviesaanvraag huishoudelijke hulp / Gemeente Voorbeeld / 2027-03-01 / 2"]
    );
    app.close_window();
}
