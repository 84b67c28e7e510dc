//! End-to-end: the real Tauri window under Xvfb, driven through tauri-driver and
//! WebKitWebDriver, against a real SQLite file. Run by `scripts/test` with `--features e2e`.
#![cfg(feature = "e2e")]

mod support;

use advieswerk::date;
use chrono::{Days, NaiveDate};
use support::app::App;

fn today() -> NaiveDate {
    support::clock::today()
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

    // A long list of meetings: the button below it is never under the sticky save bar (a click
    // that would land on the bar fails here, as it did for the user).
    for n in 2..=14 {
        ui.click_css("#s-add-meeting");
        ui.find(&format!("#s-meeting-{}", n - 1));
        assert!(!add_meeting_is_under_the_save_bar(ui), "after {n} meetings");
    }
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

/// A database with the example data and one verified daily backup, as the app leaves it after a
/// day of use.
fn council_db_with_backup(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("advieswerk.sqlite3");
    let mut store = support::clock::store(&db);
    advieswerk::demo::load(&mut store, today()).unwrap();
    drop(store);
    advieswerk::backup::take(
        &db,
        advieswerk::backup::BackupKind::Daily,
        support::clock::clock().now(),
    )
    .unwrap();
    db
}

#[test]
fn a_damaged_database_is_set_aside_and_the_newest_backup_is_restored_from_the_recovery_screen() {
    let dir = tempfile::tempdir().unwrap();
    let db = council_db_with_backup(dir.path());
    // The first page wiped, as a failing disk or a bad copy leaves it.
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[..4096].fill(0);
    std::fs::write(&db, &bytes).unwrap();

    let mut app = App::start_on(&db);
    {
        let ui = app.ui();
        ui.wait_for_text("main h1", "De database is beschadigd");
        let message = ui.text_of("#recovery-message");
        assert!(message.contains("niet overschreven"), "{message}");
        let aside = ui.wait_for_text("#recovery-set-aside", "beschadigd");
        assert_eq!(
            std::fs::read(&aside).unwrap(),
            bytes,
            "the damaged file is kept byte for byte at {aside}"
        );
        ui.wait_for_text("#recovery-newest", "dagelijks");
        ui.screenshot("recovery").unwrap();
        support::a11y::audit(ui, "herstel");
        support::a11y::tab_through(ui, "herstel");
        ui.click_css("#recover-newest");
        ui.wait_until("the app's own screens", || {
            ui.try_find("#recovery-message").is_none().then_some(())
        });
        ui.click_css("nav a[href='#/register']");
        ui.choose("#f-status", "all");
        ui.wait_for_text("#register-count", "1–7 van 7");
    }
    app.close_window();
    assert_eq!(count_rows(&db, "advice_request"), 7);
    // The next start is a normal one.
    app.open_window();
    app.ui().wait_for_text("nav", "Register");
    assert!(app.ui().try_find("#recovery-message").is_none());
}

#[test]
fn the_backups_screen_makes_a_backup_and_restores_it_after_backing_up_the_current_state() {
    let dir = tempfile::tempdir().unwrap();
    let db = council_db_with_backup(dir.path());
    let app = App::start_on(&db);
    let ui = app.ui();
    ui.click_css("nav a[href='#/instellingen']");
    ui.wait_for_text("#backups-table", "Dagelijks");
    ui.click_css("#backup-now");
    ui.wait_for_text("#backups-notice", "gecontroleerd");
    ui.wait_until("the new row", || {
        ui.find_all("#backups-table tbody tr")
            .into_iter()
            .find(|r| ui.text(r).contains("Handmatig"))
    });
    let name = ui
        .execute(
            "return [...document.querySelectorAll('#backups-table tbody tr')]
               .find(r => r.textContent.includes('Handmatig')).dataset.file",
            vec![],
        )
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        advieswerk::backup::backup_dir(&db).join(&name).exists(),
        "{name}"
    );

    // Work goes on after the backup (here written beside the app, as a second program would).
    {
        let mut store = support::clock::store(&db);
        let t = today();
        advieswerk::service::create_request(
            &mut store,
            &advieswerk::request::RequestInput::asked("Na de reservekopie", &date::iso(t)),
            t,
        )
        .unwrap();
    }
    assert_eq!(count_rows(&db, "advice_request"), 8);

    let row = format!("#backups-table tr[data-file='{name}']");
    ui.click_css(&format!("{row} .restore"));
    ui.click_css(&format!("{row} .restore-cancel"));
    assert_eq!(
        count_rows(&db, "advice_request"),
        8,
        "cancel restores nothing"
    );
    ui.click_css(&format!("{row} .restore"));
    ui.screenshot("backups-confirm").unwrap();
    ui.click_css(&format!("{row} .restore-confirm"));
    ui.wait_for_text("#backups-notice", "teruggezet");
    assert_eq!(count_rows(&db, "advice_request"), 7);
    ui.wait_for_text("#backups-table", "Vóór terugzetten");
    let kept = advieswerk::backup::list(&db)
        .unwrap()
        .into_iter()
        .find(|b| b.kind == advieswerk::backup::BackupKind::BeforeRestore)
        .expect("the replaced state is backed up");
    assert_eq!(
        count_rows(
            &advieswerk::backup::backup_dir(&db).join(&kept.file_name),
            "advice_request"
        ),
        8
    );
    ui.click_css("nav a[href='#/register']");
    ui.choose("#f-status", "all");
    ui.wait_for_text("#register-count", "1–7 van 7");
}

#[test]
fn a_second_start_of_the_app_hands_over_to_the_first_and_brings_its_window_to_the_front() {
    let app = App::start();
    app.ui().wait_for_text("nav", "Register");
    let other = support::x11::OtherWindow::focused().unwrap();
    app.ui()
        .wait_until("the other window to get the focus", || {
            (support::x11::focused_title().as_deref() == Some("Ander programma")).then_some(())
        });

    // The second start must end by itself, quickly: one that stayed (a second window) is
    // killed after 20 s and fails the test instead of hanging the suite.
    let started = std::time::Instant::now();
    let mut second = std::process::Command::new(support::app::app_binary())
        .env("ADVIESWERK_DB", &app.db)
        .env("ADVIESWERK_CLOCK", support::clock::START)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let _ = second.kill();
            let _ = second.wait();
            panic!("the second start was still running after 20 s instead of handing over");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    app.ui()
        .wait_until("the first window to get the focus", || {
            (support::x11::focused_title().as_deref() == Some("Advieswerk")).then_some(())
        });
    drop(other);
    // Still one working app on the database.
    app.ui().click_css("nav a[href='#/register']");
    app.ui().wait_for_text("main h1", "Register");
}

#[test]
fn on_a_machine_set_to_the_c_locale_and_english_the_desktop_dialogs_and_the_webview_get_dutch() {
    use std::path::Path;
    use support::processes;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    // As on a fresh or headless machine where someone asked for English.
    let app = App::start_with(
        &db,
        &[("LC_ALL", Path::new("C")), ("LANGUAGE", Path::new("en"))],
    );
    app.ui().wait_for_text("nav", "Register");
    let pid = *app.processes().first().expect("the app process");
    assert!(
        processes::environment(pid).contains(&"LC_ALL=C".to_string()),
        "the app was not started under the C locale: {:?}",
        processes::environment(pid)
    );
    // The app set its environment before GTK started; the webview's processes, started after
    // it, show what GTK read (a process's own changes are not visible from outside).
    for p in app.web_processes() {
        let env = processes::environment(p);
        for wanted in ["LANGUAGE=nl", "LC_ALL=C.UTF-8"] {
            assert!(
                env.iter().any(|v| v == wanted),
                "{wanted} missing in the web process: {env:?}"
            );
        }
    }
}

#[test]
fn every_main_screen_passes_axe_core_and_every_control_is_reachable_by_keyboard() {
    use support::a11y::{audit, tab_through};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let mut store = support::clock::store(&db);
    advieswerk::demo::load(&mut store, today()).unwrap();
    drop(store);
    let id: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT id FROM advice_request WHERE subject LIKE 'Verordening maatschappelijke%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let app = App::start_on(&db);
    let ui = app.ui();
    let visit = |hash: &str, ready: &str, screen: &str| {
        ui.execute(&format!("location.hash = '{hash}'"), vec![])
            .unwrap();
        ui.find(ready);
        // Keyboard and screen-reader users follow along: focus lands on the new screen's
        // heading, also on the screens whose code is loaded when first opened.
        ui.wait_until(&format!("focus on the heading of {screen}"), || {
            let tag = ui
                .execute(
                    "const a = document.activeElement; \
                     return a && a.tagName === 'H1' && a.closest('main') ? 'h1' : null;",
                    vec![],
                )
                .unwrap();
            tag.as_str().map(|_| ())
        });
        ui.wait_settled(screen);
        audit(ui, screen);
        tab_through(ui, screen);
    };
    ui.wait_for_text("#attention-list", "Termijn");
    // The checks can fail: a button without a name and a control only a mouse reaches are
    // reported, then removed again.
    ui.execute(
        "const b = document.createElement('button'); b.id = 'nameless'; \
         document.querySelector('main').append(b);",
        vec![],
    )
    .unwrap();
    let found = support::a11y::violations(ui, "zelftest").to_string();
    assert!(found.contains("button-name"), "{found}");
    ui.execute(
        "document.getElementById('nameless').remove();
         const d = document.createElement('span'); d.id = 'mouse-only'; d.textContent = 'x';
         d.setAttribute('contenteditable', 'true'); d.tabIndex = -1;
         document.querySelector('main').append(d);",
        vec![],
    )
    .unwrap();
    let caught =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tab_through(ui, "zelftest")));
    assert!(caught.is_err(), "a control Tab cannot reach went unnoticed");
    ui.execute("document.getElementById('mouse-only').remove()", vec![])
        .unwrap();
    // The register first, so that going to the start screen is a change of screen.
    visit("#/register", "#register-table tbody tr", "register");
    visit("#/", "#agenda-list", "start");
    visit(&format!("#/aanvraag/{id}"), "main h1", "aanvraag");
    visit(
        &format!("#/aanvraag/{id}/bewerken"),
        "form",
        "aanvraag-bewerken",
    );
    visit("#/nieuw", "form", "nieuwe-aanvraag");
    visit(&format!("#/aanvraag/{id}/advies"), ".cm-content", "advies");
    ui.click_css("#show-letter");
    ui.wait_for_text("#letter-preview", "Adviesraad");
    ui.wait_settled("brief");
    audit(ui, "brief");
    tab_through(ui, "brief");
    visit("#/planning", "main svg", "planning");
    visit("#/instellingen", "#backups-table", "instellingen");
}

#[test]
fn the_start_screen_shows_the_most_urgent_requests_and_nearest_dates_and_the_rest_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    {
        let mut store = support::clock::store(&db);
        let t = today();
        let mut received = |subject: String, days_ago: u64| {
            let on = t.checked_sub_days(Days::new(days_ago)).unwrap();
            advieswerk::service::create_request(
                &mut store,
                &advieswerk::request::RequestInput::asked(&subject, &date::iso(on)),
                t,
            )
            .unwrap();
        };
        // 25 open requests, each received long enough ago to be overdue; the older, the more
        // urgent.
        for i in 0..25u64 {
            received(format!("Te laat {i:02}"), 200 - i);
        }
        // 60 more, due within the coming weeks: more dates than the first screen shows. With
        // no meetings planned they ask for attention too, after the overdue ones.
        for i in 0..60u64 {
            received(format!("Binnenkort {i:02}"), 20 + i % 10);
        }
    }
    let app = App::start_on(&db);
    let ui = app.ui();
    ui.wait_for_text("#attention-more", "De 20 dringendste van 85");
    ui.wait_for_text("#agenda-more", "De eerste 50 van 60 momenten");
    ui.screenshot("start-most-urgent").unwrap();
    let shown = ui.find_all("#attention-list > li");
    assert_eq!(shown.len(), 20);
    assert!(ui.text_of("#attention-list").contains("Te laat 00"));
    assert!(!ui.text_of("#attention-list").contains("Te laat 24"));
    assert_eq!(ui.find_all("#agenda-list > li").len(), 50);
    let focused = || {
        ui.execute("return document.activeElement.textContent", vec![])
            .unwrap()
    };
    ui.click_css("#attention-more button");
    ui.wait_until("all 85 shown", || {
        (ui.find_all("#attention-list > li").len() == 85).then_some(())
    });
    // Focus goes on at the first request that was hidden, not lost with the button.
    assert_eq!(focused().as_str(), Some("Te laat 20"));
    // Asked once, the screen holds everything: the dates too.
    assert_eq!(ui.find_all("#agenda-list > li").len(), 60);
    assert!(ui.try_find("#agenda-more").is_none());

    // The dates' own button, on a fresh screen.
    ui.execute("location.reload()", vec![]).unwrap();
    ui.wait_for_text("#agenda-more", "De eerste 50 van 60 momenten");
    let hidden = ui.text_of("#agenda-list > li:nth-child(50)");
    ui.click_css("#agenda-more button");
    ui.wait_until("all 60 dates shown", || {
        (ui.find_all("#agenda-list > li").len() == 60).then_some(())
    });
    assert_eq!(ui.text_of("#agenda-list > li:nth-child(50)"), hidden);
    let next = ui.text_of("#agenda-list > li:nth-child(51) a");
    assert!(next.starts_with("Binnenkort"), "{next}");
    assert_eq!(focused().as_str(), Some(next.as_str()));
}

#[test]
fn unasked_advice_is_saved_without_the_proposed_requester_and_dated_by_the_apps_clock() {
    let app = App::start();
    let ui = app.ui();
    ui.click_css("nav a[href='#/nieuw']");
    ui.wait_for_text("main h1", "Nieuwe adviesaanvraag");
    // The proposed date is the app's today (its clock), not the machine's.
    assert_eq!(
        ui.property(&ui.find("#req-received"), "value"),
        short(today())
    );
    assert_eq!(
        ui.property(&ui.find("#req-requester"), "value"),
        "College van B en W"
    );
    ui.click_css("#req-kind-unasked");
    assert_eq!(ui.property(&ui.find("#req-requester"), "value"), "");
    ui.click_css("#req-kind-asked");
    assert_eq!(
        ui.property(&ui.find("#req-requester"), "value"),
        "College van B en W"
    );
    ui.click_css("#req-kind-unasked");
    // The date can be picked from a Dutch calendar with the keyboard alone: it opens on the
    // field's date, the arrows move by day and week, Page Down by month, Enter chooses.
    ui.fill("#req-received", "27-01-2027");
    ui.click_css("#req-received-calendar");
    ui.wait_for_text("#req-received-picker-month", "januari 2027");
    let focused = |ui: &support::webdriver::Session| {
        ui.execute("return document.activeElement.dataset.date || null", vec![])
            .unwrap()
    };
    assert_eq!(focused(ui), "27-01-2027");
    ui.press_key("\u{E014}"); // arrow right
    ui.press_key("\u{E015}"); // arrow down: a week on
    assert_eq!(focused(ui), "04-02-2027");
    ui.wait_for_text("#req-received-picker-month", "februari 2027");
    ui.press_key("\u{E00F}"); // page down: a month on
    assert_eq!(focused(ui), "04-03-2027");
    ui.press_key("\u{E007}"); // enter
    ui.wait_until("the chosen date in the field", || {
        (ui.property(&ui.find("#req-received"), "value") == "04-03-2027").then_some(())
    });
    assert!(
        ui.try_find("#req-received-picker").is_none(),
        "the calendar stays open"
    );
    assert_eq!(
        ui.execute("return document.activeElement.id", vec![])
            .unwrap(),
        "req-received"
    );
    // Escape closes it without choosing, back on its button.
    ui.click_css("#req-received-calendar");
    ui.find("#req-received-picker");
    ui.press_key("\u{E00C}");
    ui.wait_until("the calendar closed", || {
        ui.try_find("#req-received-picker").is_none().then_some(())
    });
    assert_eq!(
        ui.property(&ui.find("#req-received"), "value"),
        "04-03-2027"
    );
    ui.fill("#req-received", &short(today()));
    ui.fill("#req-subject", "Eenzaamheid onder ouderen\u{E007}");
    ui.wait_for_text("#request-title", "Eenzaamheid onder ouderen");
    let conn = rusqlite::Connection::open(&app.db).unwrap();
    let (kind, requester, received): (String, String, String) = conn
        .query_row(
            "SELECT kind, requester, received_on FROM advice_request",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), requester.as_str(), received),
        ("unasked", "", date::iso(today()))
    );
}

/// Whether the settings' "Vergadering toevoegen" lies under the sticky save bar, where a click
/// would hit the bar.
fn add_meeting_is_under_the_save_bar(ui: &support::webdriver::Session) -> bool {
    ui.execute(
        "const b = document.getElementById('s-add-meeting').getBoundingClientRect();
         const bar = document.querySelector('.actions.sticky').getBoundingClientRect();
         return b.bottom > bar.top && b.top < bar.bottom;",
        vec![],
    )
    .unwrap()
        == serde_json::Value::Bool(true)
}

/// Scrolls `css` to the middle of the window first, as a user scrolls to what lies under the
/// sticky save bar, then clicks it.
fn click_centred(ui: &support::webdriver::Session, css: &str) {
    ui.execute(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})",
        vec![serde_json::Value::String(css.into())],
    )
    .unwrap();
    ui.click_css(css);
}

#[test]
fn a_year_of_plenary_meetings_is_added_as_a_series_with_weekdays_and_saved() {
    let app = App::start();
    let ui = app.ui();
    ui.click_css("nav a[href='#/instellingen']");
    ui.fill("#s-name", "Adviesraad Sociaal Domein Proefdorp");
    ui.click_css("#s-add-meeting");
    ui.fill("#s-meeting-0", "12-01-2027");
    ui.wait_for_text("#s-meeting-0-weekday", "dinsdag");
    // Further down the form, as a user scrolls to it.
    click_centred(ui, "#series summary");
    ui.choose("#series-ordinal", "2");
    ui.choose("#series-weekday", "2");
    // July and August are left out by default.
    assert_eq!(ui.property(&ui.find("#series-skip-7"), "checked"), "true");
    ui.fill("#series-from", "01-01-2027");
    ui.fill("#series-to", "31-02-2027");
    click_centred(ui, "#series-add");
    ui.wait_for_text("#series-to-error", "februari");
    ui.fill("#series-to", "31-12-2027");
    click_centred(ui, "#series-add");
    let notice = ui.wait_for_text("#series-notice", "toegevoegd");
    assert!(
        notice.contains("9 vergaderingen toegevoegd (1 stond er al)"),
        "{notice}"
    );
    assert_eq!(ui.find_all("[id^='s-meeting-'][id$='-weekday']").len(), 10);
    for i in 0..10 {
        assert_eq!(ui.text_of(&format!("#s-meeting-{i}-weekday")), "dinsdag");
    }
    assert_eq!(ui.property(&ui.find("#s-meeting-9"), "value"), "14-12-2027");
    assert!(!add_meeting_is_under_the_save_bar(ui), "after the series");
    ui.screenshot("settings-meeting-series").unwrap();
    // One moved by hand before saving: still a series of ten, one on a Wednesday.
    ui.fill("#s-meeting-3", "14-04-2027");
    ui.wait_for_text("#s-meeting-3-weekday", "woensdag");
    ui.click_css("#s-save");
    ui.wait_for_text("#s-saved", "Opgeslagen");
    let conn = rusqlite::Connection::open(&app.db).unwrap();
    let held: Vec<String> = conn
        .prepare("SELECT held_on FROM meeting ORDER BY held_on")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(held.len(), 10);
    assert_eq!(held[3], "2027-04-14");
    assert!(
        !held
            .iter()
            .any(|d| d.starts_with("2027-07") || d.starts_with("2027-08"))
    );
}

/// WebKitGTK's 4.1 API wraps every form control put into the page for its deprecated form
/// signals and keeps the wrappers until the page navigates, which this app never does, so every
/// form a screen drew stayed in memory. The web-process extension (`src-tauri/webkit/extension.c`)
/// makes WebKit take the path that lets them go; this checks that the window's web process runs
/// it. What it saves is measured with WebKit's inspector, not here (README, "Over a long
/// session"): a WebDriver session cannot make the collector run, and without that the memory
/// figures vary more than the difference.
#[test]
fn the_windows_web_process_runs_the_extension_that_lets_it_free_removed_form_controls() {
    let app = App::start();
    app.ui().find("main h1");
    for p in app.web_processes() {
        let maps = std::fs::read_to_string(format!("/proc/{p}/maps")).unwrap();
        assert!(
            maps.lines()
                .any(|l| l.ends_with("/webkit-extension/advieswerk-webkit-extension.so")),
            "web process {p} has not loaded the extension"
        );
    }
}

#[test]
fn the_windows_web_process_runs_javascript_in_the_interpreter_without_its_compilers() {
    let app = App::start();
    app.ui().find("main h1");
    // JavaScriptCore reads its options from the environment its process was started with; the
    // app sets this one on itself before GTK starts, so the web process inherits it.
    for p in app.web_processes() {
        assert!(
            support::processes::environment(p).contains(&"JSC_useJIT=0".to_string()),
            "web process {p} runs with JavaScriptCore's compilers"
        );
    }
}
