//! End-to-end, sharing a council: the real Tauri window under Xvfb shares its council through a
//! folder from the Samenwerken settings; a second member (the same core, on a database and
//! desktop of its own) joins with the passphrase the window showed. The window takes in the
//! other member's request and text within five seconds without a restart, and when both type in
//! one paragraph at once, both end with one text holding both edits.
#![cfg(feature = "e2e")]

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use advieswerk::advice::{SectionSave, SectionScope};
use advieswerk::request::RequestInput;
use advieswerk::service::{self, Sharing};
use advieswerk::{Store, date};
use chrono::Days;
use support::app::App;
use support::webdriver::Session;

const LOCAL: &str = ".section-editor[data-scope='local']";
/// What the issue asks: another member's change is on screen within this.
const LIVE: Duration = Duration::from_secs(5);

fn local_section(
    s: &mut Store,
    request: &advieswerk::RequestId,
) -> (advieswerk::SectionId, u32, String) {
    let advice = service::open_advice(s, request).unwrap();
    let sec = advice
        .sections
        .iter()
        .find(|x| x.scope == SectionScope::Local)
        .unwrap();
    (sec.id.clone(), sec.version, sec.body.clone())
}

fn write(s: &mut Store, request: &advieswerk::RequestId, body: &str) {
    let (id, version, _) = local_section(s, request);
    service::save_section(
        s,
        &SectionSave {
            section_id: id,
            base_version: version,
            title: "B. Aanvullend lokaal advies".into(),
            body: body.into(),
            checkpoint: false,
            base_body: None,
        },
    )
    .unwrap();
}

/// Waits until `f` holds, at most `limit`; returns how long it took.
fn within(ui: &Session, what: &str, limit: Duration, mut f: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !f() {
        if start.elapsed() > limit {
            let shot = ui.screenshot("sharing-timeout").ok();
            panic!("{what}: not within {limit:?} (screenshot {shot:?})");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    start.elapsed()
}

fn editor_text(ui: &Session) -> String {
    ui.try_find(&format!("{LOCAL} .cm-content"))
        .and_then(|e| ui.try_text(&e).ok())
        .unwrap_or_default()
}

#[test]
fn another_members_request_and_text_arrive_live_and_typing_in_one_paragraph_keeps_both() {
    let dir = tempfile::tempdir().unwrap();
    let db_a = dir.path().join("anna.sqlite3");
    let db_b = dir.path().join("bert.sqlite3");
    let folder = dir.path().join("OneDrive - Gemeente/Adviesraad");
    std::fs::create_dir_all(&folder).unwrap();

    let mut app = App::start_on(&db_a);
    let ui = app.ui();
    ui.click_css("nav a[href='#/instellingen']");
    ui.fill("#share-folder", &folder.display().to_string());
    ui.fill("#share-member", "Anna de Boer");
    ui.click_css("#share-submit");
    let passphrase = ui.wait_for_text("#share-passphrase", " ");
    assert_eq!(passphrase.split_whitespace().count(), 12, "{passphrase}");
    ui.wait_for_text("#sync-status", "Gesynchroniseerd om");
    ui.screenshot("sharing-shared").unwrap();
    // Nothing readable for whoever hosts the folder.
    for e in walk(&folder) {
        let bytes = std::fs::read(&e).unwrap();
        assert!(
            !bytes.windows(4).any(|w| w == b"Anna"),
            "{} names the member",
            e.display()
        );
    }

    // Bert joins from his own desktop with the passphrase Anna passed on.
    let mut bert = support::clock::store(&db_b);
    let mut bert_sync = Sharing::default();
    service::join_council(
        &mut bert,
        &mut bert_sync,
        &folder,
        &passphrase,
        "Bert Jansen",
        false,
    )
    .unwrap();

    // Anna looks at her register while Bert registers a request and writes in it.
    ui.click_css("nav a[href='#/register']");
    ui.wait_for_text("main h1", "Register");
    let subject = "Gedeeld: inkoop hulpmiddelen";
    let today = support::clock::today();
    let request = service::create_request(
        &mut bert,
        &RequestInput::asked(subject, &date::iso(today - Days::new(3))),
        today,
    )
    .unwrap()
    .id;
    let first = "De raad vraagt om snelle levering van hulpmiddelen.";
    write(&mut bert, &request, first);
    service::sync_round(&mut bert, &mut bert_sync).unwrap();
    let seen = within(ui, "Bert's request in Anna's register", LIVE, || {
        ui.try_find("main")
            .and_then(|m| ui.try_text(&m).ok())
            .is_some_and(|t| t.contains(subject))
    });
    eprintln!("Bert's request on Anna's screen after {seen:?}");

    // Anna opens the advice and finds Bert's text; his next sentence arrives in her open editor.
    ui.click_css(&format!("a[href='#/aanvraag/{request}']"));
    ui.wait_for_text("#request-title", subject);
    ui.click_css("#write-advice");
    ui.wait_for_text(&format!("{LOCAL} .cm-content"), first);
    let second = format!("{first} Ook reparaties moeten sneller.");
    write(&mut bert, &request, &second);
    service::sync_round(&mut bert, &mut bert_sync).unwrap();
    let taken_in = within(ui, "Bert's sentence in Anna's open editor", LIVE, || {
        editor_text(ui) == second
    });
    eprintln!("Bert's edit in Anna's open editor after {taken_in:?}");

    // Both type in the one paragraph at once: Anna at its end, Bert at its start.
    let content = ui.find(&format!("{LOCAL} .cm-content"));
    ui.click(&content);
    // End of the line (the paragraph is one line), then Anna's words.
    ui.type_text(&content, "\u{E010} Anna vult aan.");
    let berts = format!("Met klem: {second}");
    write(&mut bert, &request, &berts);
    service::sync_round(&mut bert, &mut bert_sync).unwrap();
    let both = "Met klem: De raad vraagt om snelle levering van hulpmiddelen. Ook reparaties moeten sneller. Anna vult aan.";
    within(
        ui,
        "both edits in Anna's editor",
        Duration::from_secs(15),
        || editor_text(ui) == both,
    );
    within(ui, "both edits at Bert's", Duration::from_secs(15), || {
        service::sync_round(&mut bert, &mut bert_sync).unwrap();
        local_section(&mut bert, &request).2 == both
    });
    within(
        ui,
        "Anna's database holds both edits",
        Duration::from_secs(10),
        || {
            let conn = rusqlite::Connection::open(&db_a).unwrap();
            let body: String = conn
                .query_row(
                    "SELECT body FROM advice_section WHERE request_id = ?1 AND scope = 'local'",
                    [request.as_str()],
                    |r| r.get(0),
                )
                .unwrap();
            body == both
        },
    );
    let status = service::sync_round(&mut bert, &mut bert_sync).unwrap();
    assert_eq!(
        status.members,
        vec!["Anna de Boer".to_string()],
        "{status:?}"
    );
    assert!(status.refusals.is_empty(), "{status:?}");

    // Apart, both rename the request: Bert before his next round, Anna in her form.
    let berts_subject = "Gedeeld: hulpmiddelen (voorstel Bert)";
    let annas_subject = "Gedeeld: hulpmiddelen (voorstel Anna)";
    let received = date::iso(today - Days::new(3));
    service::update_request(
        &mut bert,
        &request,
        &RequestInput::asked(berts_subject, &received),
        today,
    )
    .unwrap();
    ui.click_css(&format!("a[href='#/aanvraag/{request}']"));
    ui.wait_for_text("#request-title", subject);
    ui.click_css("#edit-request");
    ui.fill("#req-subject", annas_subject);
    ui.click_css("#req-save");
    ui.wait_for_text("#request-title", annas_subject);
    // Bert's round takes in Anna's rename (her window sent it by itself) and sends his.
    within(
        ui,
        "the rename side by side at Bert's",
        Duration::from_secs(15),
        || {
            service::sync_round(&mut bert, &mut bert_sync).unwrap();
            !service::list_conflicts(&bert, Some(("advice_request", &request)))
                .unwrap()
                .is_empty()
        },
    );
    let shown = ui.wait_for_text("#conflicts", "Bert Jansen");
    assert!(shown.contains("Tegelijk gewijzigd"), "{shown}");
    assert!(
        shown.contains(berts_subject) && shown.contains(annas_subject),
        "{shown}"
    );
    assert!(shown.contains("Anna de Boer"), "{shown}");
    ui.screenshot("sharing-conflict").unwrap();
    // Samenwerken lists it too, naming the request.
    ui.click_css("nav a[href='#/instellingen']");
    let listed = ui.wait_for_text("#conflicts", berts_subject);
    assert!(listed.contains("Adviesaanvraag"), "{listed}");
    ui.execute(
        "document.getElementById('conflicts').scrollIntoView();",
        vec![],
    )
    .unwrap();
    ui.screenshot("sharing-conflicts-settings").unwrap();
    ui.click_css("nav a[href='#/register']");
    ui.click_css(&format!("a[href='#/aanvraag/{request}']"));
    ui.wait_for_text("#conflicts", "Bert Jansen");
    // Anna keeps Bert's wording; both end with it and nothing left to choose.
    let buttons = ui.find_all("#conflicts li");
    let berts = buttons
        .iter()
        .position(|li| ui.text(li).contains(berts_subject))
        .expect("Bert's value is listed");
    ui.click(&ui.find_all("#conflicts li button.choose")[berts]);
    ui.wait_for_text("#request-title", berts_subject);
    ui.wait_for_text("#conflict-notice", "gekozen");
    within(
        ui,
        "Anna's choice at Bert's",
        Duration::from_secs(15),
        || {
            service::sync_round(&mut bert, &mut bert_sync).unwrap();
            service::list_conflicts(&bert, None).unwrap().is_empty()
        },
    );
    assert_eq!(
        service::get_request(&bert, &request, today)
            .unwrap()
            .subject,
        berts_subject
    );

    // Anna stops sharing from Samenwerken: asked first, then her data stays, the folder keeps
    // every file, and nothing flows either way any more.
    let files_before = walk(&folder);
    ui.click_css("nav a[href='#/instellingen']");
    ui.click_css("#leave-sharing");
    let question = ui.wait_for_text("#leave-text", "bestanden in de gedeelde map blijven");
    assert!(question.contains("geen wijzigingen"), "{question}");
    ui.screenshot("sharing-leave-question").unwrap();
    ui.click_css("#leave-confirm");
    ui.wait_for_text("main", "deelt de raad niet meer");
    within(ui, "the status bar gone", Duration::from_secs(5), || {
        ui.try_find("#sync-status").is_none()
    });
    assert!(
        ui.try_find("#share-submit").is_some(),
        "sharing can start again"
    );
    ui.screenshot("sharing-left").unwrap();
    let conn = rusqlite::Connection::open(&db_a).unwrap();
    let spaces: i64 = conn
        .query_row("SELECT count(*) FROM sync_space", [], |r| r.get(0))
        .unwrap();
    assert_eq!(spaces, 0);
    assert!(
        files_before.iter().all(|f| f.exists()),
        "leaving removed no file of the folder"
    );
    let after = "Na Anna's vertrek, alleen bij Bert";
    service::create_request(
        &mut bert,
        &RequestInput::asked(after, &date::iso(today - Days::new(1))),
        today,
    )
    .unwrap();
    service::sync_round(&mut bert, &mut bert_sync).unwrap();
    // Her window ran its rounds every two seconds while sharing: three rounds' time.
    std::thread::sleep(Duration::from_secs(6));
    let arrived: i64 = conn
        .query_row(
            "SELECT count(*) FROM advice_request WHERE subject = ?1",
            [after],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(arrived, 0, "a council no longer shared takes nothing in");
    assert_eq!(
        conn.query_row(
            "SELECT count(*) FROM advice_request WHERE id = ?1",
            [request.as_str()],
            |r| r.get::<_, i64>(0)
        )
        .unwrap(),
        1,
        "what was shared stays on her computer"
    );
    app.close_window();
}

/// A D-Bus session of its own: the app allows one instance per session (a second start hands
/// over to the first), and a second member's window is a second instance on another database.
struct OwnBus(std::process::Child, String);

impl OwnBus {
    fn start() -> OwnBus {
        use std::io::BufRead;
        let mut child = std::process::Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("dbus-daemon (package dbus) is needed for a second window");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        OwnBus(child, line.trim().to_owned())
    }
}

impl Drop for OwnBus {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn share_from_settings(ui: &Session, folder: &Path, member: &str) -> String {
    ui.click_css("nav a[href='#/instellingen']");
    ui.fill("#share-folder", &folder.display().to_string());
    ui.fill("#share-member", member);
    ui.click_css("#share-submit");
    let passphrase = ui.wait_for_text("#share-passphrase", " ");
    ui.wait_for_text("#sync-status", "Gesynchroniseerd om");
    passphrase
}

#[test]
fn two_members_windows_on_one_folder_see_each_others_work_and_type_in_one_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let db_a = dir.path().join("anna.sqlite3");
    let db_b = dir.path().join("bert.sqlite3");
    let folder = dir.path().join("Nextcloud/Adviesraad");
    std::fs::create_dir_all(&folder).unwrap();

    let mut anna = App::start_on(&db_a);
    let passphrase = share_from_settings(anna.ui(), &folder, "Anna de Boer");

    let bus = OwnBus::start();
    let mut bert = App::start_with(&db_b, &[("DBUS_SESSION_BUS_ADDRESS", Path::new(&bus.1))]);
    {
        let b = bert.ui();
        b.click_css("nav a[href='#/instellingen']");
        b.fill("#join-folder", &folder.display().to_string());
        b.fill("#join-passphrase", &passphrase);
        b.fill("#join-member", "Bert Jansen");
        b.click_css("#join-submit");
        b.wait_for_text("#sync-status", "Gesynchroniseerd om");
        b.screenshot("sharing-joined").unwrap();
        b.click_css("nav a[href='#/register']");
        b.wait_for_text("main h1", "Register");
    }

    // Anna registers a request and starts its advice in her window.
    let subject = "Verordening maatschappelijke ondersteuning 2028";
    let a = anna.ui();
    a.click_css("nav a[href='#/nieuw']");
    a.wait_for_text("main h1", "Nieuwe adviesaanvraag");
    let received = support::clock::today() - Days::new(4);
    a.fill("#req-received", &received.format("%d-%m-%Y").to_string());
    a.fill("#req-subject", &format!("{subject}\u{E007}"));
    a.wait_for_text("#request-title", subject);
    let made = Instant::now();
    a.click_css("#write-advice");
    let content = a.find(&format!("{LOCAL} .cm-content"));
    a.click(&content);
    a.type_text(&content, "Anna schrijft de eerste zin.");
    a.wait_for_text(&format!("{LOCAL} .save-state"), "Opgeslagen om");

    // Bert's register shows it, without a restart.
    let b = bert.ui();
    let seen = within(
        b,
        "Anna's request in Bert's register",
        LIVE + Duration::from_secs(2),
        || {
            b.try_find("main")
                .and_then(|m| b.try_text(&m).ok())
                .is_some_and(|t| t.contains(subject))
        },
    );
    eprintln!(
        "Anna's request in Bert's window {seen:?} after her advice opened ({:?} after she saved it)",
        made.elapsed()
    );
    b.click_css("#register-table a");
    b.wait_for_text("#request-title", subject);
    b.click_css("#write-advice");
    b.wait_for_text(
        &format!("{LOCAL} .cm-content"),
        "Anna schrijft de eerste zin.",
    );

    // Both type in the one paragraph at once: Bert at its start, Anna at its end.
    let b_content = b.find(&format!("{LOCAL} .cm-content"));
    b.click(&b_content);
    b.type_text(&b_content, "\u{E011}Met klem: ");
    let a_content = a.find(&format!("{LOCAL} .cm-content"));
    a.click(&a_content);
    a.type_text(&a_content, "\u{E010} Anna vult aan.");
    let both = "Met klem: Anna schrijft de eerste zin. Anna vult aan.";
    let merged = within(
        b,
        "both edits in both windows",
        Duration::from_secs(20),
        || editor_text(a) == both && editor_text(b) == both,
    );
    eprintln!("both windows show both edits {merged:?} after the typing");
    b.screenshot("sharing-merged").unwrap();
    for db in [&db_a, &db_b] {
        within(
            b,
            "both edits in each database",
            Duration::from_secs(10),
            || {
                let conn = rusqlite::Connection::open(db).unwrap();
                conn.query_row(
                    "SELECT body FROM advice_section WHERE scope = 'local'",
                    [],
                    |r| r.get::<_, String>(0),
                )
                .unwrap()
                    == both
            },
        );
    }
    bert.close_window();
    anna.close_window();
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}
