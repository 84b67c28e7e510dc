//! End-to-end, writing the advice: the real Tauri window under Xvfb (tauri-driver +
//! WebKitWebDriver) on a real SQLite file. Run by `scripts/test` with `--features e2e`.
#![cfg(feature = "e2e")]

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use advieswerk::advice::{SectionSave, SectionScope};
use advieswerk::request::RequestInput;
use advieswerk::{Store, date, service};
use chrono::{Datelike, Days};
use support::app::App;
use support::webdriver::Session;

const REGIONAL: &str = ".section-editor[data-scope='regional']";
const LOCAL: &str = ".section-editor[data-scope='local']";

/// A request received ten days ago, made through the core; returns its id.
fn seed_request(db: &Path, subject: &str) -> advieswerk::RequestId {
    let mut s = support::clock::store(db);
    let today = support::clock::today();
    service::create_request(
        &mut s,
        &RequestInput::asked(subject, &date::iso(today - Days::new(10))),
        today,
    )
    .unwrap()
    .id
}

/// Writes `body` into the request's section of `scope` through the core, as if written earlier.
fn write_section(db: &Path, request_id: &advieswerk::RequestId, scope: SectionScope, body: &str) {
    let mut s = support::clock::store(db);
    let advice = service::open_advice(&mut s, request_id).unwrap();
    let section = advice.sections.iter().find(|x| x.scope == scope).unwrap();
    service::save_section(
        &mut s,
        &SectionSave {
            section_id: section.id.clone(),
            base_version: section.version,
            title: section.title.clone(),
            body: body.into(),
            checkpoint: false,
            base_body: None,
        },
    )
    .unwrap();
}

/// The file with extension `ext` that an export wrote into `dir`.
fn exported(dir: &Path, ext: &str) -> std::path::PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == ext))
        .unwrap_or_else(|| panic!("no .{ext} in {}", dir.display()))
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
        ui.type_text(
            &content,
            "\u{E009}a\u{E009}Een geheel nieuwe regionale tekst.",
        );
        wait_saved(ui, REGIONAL);
        assert_eq!(
            stored_body(&db, "regional"),
            "Een geheel nieuwe regionale tekst."
        );
        ui.click_css(&format!("{REGIONAL} .section-actions button"));
        ui.find("#revision-list");
        let versions = ui.find_all("#revision-list button");
        assert!(!versions.is_empty(), "no revisions listed");
        // Find the version that still has the old text, by its diff.
        let mut found = false;
        for v in versions.iter().rev() {
            ui.click(v);
            // The diff of the version just chosen, once it has any text.
            let diff = ui.wait_until("the revision's diff", || {
                let t = ui.text(&ui.find("#revision-diff"));
                (!t.trim().is_empty()).then_some(t)
            });
            if diff.contains("eenduidig") {
                found = true;
                break;
            }
        }
        assert!(found, "no revision holds the old text");
        let all = |css: &str| -> String {
            ui.find_all(css)
                .iter()
                .map(|e| ui.text(e))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let removed = all("#revision-diff del");
        let added = all("#revision-diff ins");
        assert!(removed.contains("eenduidig"), "{removed}");
        assert!(added.contains("nieuwe"), "{added}");
        ui.screenshot("advice-revision-diff").unwrap();
        ui.click_css("#revision-restore");
        ui.wait_until("restored text in the editor", || {
            editor_text(ui, REGIONAL)
                .contains("eenduidig")
                .then_some(())
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
        let today = date::short_nl(support::clock::today());
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
        assert!(
            banner.contains(&format!(
                "Dit advies is vastgesteld op {} met strekking Positief.",
                date::long_nl(support::clock::today())
            )),
            "{banner}"
        );
        let content = ui.find(&format!("{REGIONAL} .cm-content"));
        assert_eq!(ui.property(&content, "contentEditable"), "false");
        // WebKitWebDriver refuses keys for a non-editable element; if it took them, they
        // must not land in the text.
        let _ = ui.try_type_text(&content, "XYZ");
        // Checked again after the reopening below: by then any key that had landed would show
        // in the editor's text or, saved by the autosave, in the database.
        assert!(!editor_text(ui, REGIONAL).contains("XYZ"));
        assert!(ui.try_find("#add-section").is_none());
        ui.screenshot("advice-locked").unwrap();

        // Reopening needs a reason and is recorded.
        ui.click_css("#reopen-save");
        ui.wait_for_text("#reopen-note-error", "waarom");
        ui.fill("#reopen-note", "Reactie van de regio verwerken");
        ui.click_css("#reopen-save");
        ui.wait_until("editor unlocked", || {
            (ui.property(
                &ui.find(&format!("{REGIONAL} .cm-content")),
                "contentEditable",
            ) == "true")
                .then_some(())
        });
        assert!(ui.try_find("#lock-banner").is_none());
        let conn = rusqlite::Connection::open(&db).unwrap();
        let note: String = conn
            .query_row(
                "SELECT note FROM request_step WHERE request_id = ?1 ORDER BY seq DESC LIMIT 1",
                [id.as_str()],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(note, "Reactie van de regio verwerken");
        assert!(
            !editor_text(ui, REGIONAL).contains("XYZ"),
            "typed into the locked advice"
        );
        assert!(
            !stored_body(&db, "regional").contains("XYZ"),
            "saved into the locked advice"
        );
    }
}

/// Markup and links that try to run code or reach the app's commands from the preview.
fn hostile_markdown(request_id: &str) -> String {
    [
        "# Vijandige tekst",
        "<script>window.__pwned = 'script'</script>",
        "<img src=x onerror=\"window.__pwned='img'\">",
        "[gewone link](https://example.org) en [script-link](javascript:window.__pwned='link')",
        "[hoofdletters](JaVaScRiPt:window.__pwned='caps') [entiteit](jav&#x09;ascript:window.__pwned='entity')",
        "<svg onload=\"window.__pwned='svg'\"><script>window.__pwned='svg-script'</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__pwned='math'\"></style></mglyph></table></mtext></math>",
        "<iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>",
        &format!(
            "<a href=\"#\" onclick=\"window.__TAURI_INTERNALS__.invoke('delete_request', {{id: '{request_id}'}})\">verwijder</a>"
        ),
        "![plaatje\" onerror=\"window.__pwned='alt'](x)",
        "<details open ontoggle=\"window.__pwned='toggle'\"><summary>x</summary></details>",
        "<form action=\"javascript:window.__pwned='form'\"><button>verstuur</button></form>",
        "Einde van de vijandige tekst.",
    ]
    .join("\n\n")
}

#[test]
fn hostile_markdown_in_the_preview_runs_no_script_calls_no_command_and_renders_within_two_seconds()
{
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let subject = "Vijandige invoer";
    let id = seed_request(&db, subject);
    // Through the core, as if written earlier: hostile, 50,000 levels deep, and 10 MB.
    let big_title = "Bijlage: heel groot stuk";
    {
        let mut s = support::clock::store(&db);
        let advice = service::open_advice(&mut s, &id).unwrap();
        let put = |s: &mut Store, scope: SectionScope, title: &str, body: String| {
            let a = service::open_advice(s, &id).unwrap();
            let sec = a.sections.iter().find(|x| x.scope == scope).unwrap();
            service::save_section(
                s,
                &SectionSave {
                    section_id: sec.id.clone(),
                    base_version: sec.version,
                    title: title.into(),
                    body,
                    checkpoint: false,
                    base_body: None,
                },
            )
            .unwrap();
        };
        let regional = &advice.sections[1].title;
        put(
            &mut s,
            SectionScope::Regional,
            regional,
            hostile_markdown(&id),
        );
        put(
            &mut s,
            SectionScope::Local,
            "Diep genest",
            format!("{}diep genest einde", "> - ".repeat(50_000)),
        );
        service::add_section(
            &mut s,
            &advieswerk::advice::NewSection {
                request_id: id.clone(),
                title: big_title.into(),
                scope: SectionScope::Other,
            },
        )
        .unwrap();
        let paragraph = "De raad **adviseert** het college om <b>de toegang</b> [laagdrempelig](javascript:x) te houden. ";
        let mut big = String::from("# Groot stuk\n\n");
        while big.len() < 10_000_000 {
            big.push_str(paragraph);
            if big.len() % 7 == 0 {
                big.push_str("\n\n");
            }
        }
        put(&mut s, SectionScope::Other, big_title, big);
    }
    let requests_before = 1;

    let app = App::start_on(&db);
    let ui = app.ui();
    // Count every command the page sends from here on.
    let hooked = ui
        .execute(
            // `invoke` itself is read-only; every IPC message leaves through `fetch` to the
            // ipc:// protocol (or, as a fallback, `window.ipc.postMessage`): record both.
            "window.__calls = [];
             const origFetch = window.fetch;
             window.fetch = function (input, init) {
               const url = String(input && input.url ? input.url : input);
               if (/^(ipc:|http:\\/\\/ipc\\.localhost)/.test(url))
                 window.__calls.push(decodeURIComponent(url.split('/').pop()));
               return origFetch.call(this, input, init);
             };
             if (window.ipc && window.ipc.postMessage) {
               const origPost = window.ipc.postMessage.bind(window.ipc);
               try { window.ipc.postMessage = (m) => { window.__calls.push('postMessage'); return origPost(m); }; } catch (e) {}
             }
             return window.fetch !== origFetch ? 'hooked' : 'unchanged';",
            vec![],
        )
        .unwrap();
    println!("IPC hook: {hooked}");
    open_advice(ui, subject);

    let check_clean = |label: &str| {
        let report = ui
            .execute(
                "const p = document.getElementById('preview');
                 const bad = [];
                 for (const el of p.querySelectorAll('*')) {
                   if (['SCRIPT','IFRAME','OBJECT','EMBED','SVG','MATH','STYLE','FORM','IMG','DETAILS','BUTTON','INPUT'].includes(el.tagName.toUpperCase()))
                     bad.push('tag ' + el.tagName);
                   for (const a of el.attributes) {
                     if (a.name.toLowerCase().startsWith('on')) bad.push('attr ' + a.name);
                     if (a.name === 'href' && !/^(https?:|mailto:)/i.test(a.value)) bad.push('href ' + a.value);
                   }
                 }
                 return { pwned: window.__pwned ?? null, bad, title: document.title };",
                vec![],
            )
            .unwrap();
        assert_eq!(
            report["pwned"],
            serde_json::Value::Null,
            "{label}: script ran"
        );
        assert_eq!(
            report["bad"],
            serde_json::json!([]),
            "{label}: unsafe preview"
        );
        assert_eq!(report["title"], "Advieswerk");
    };

    let sections = [
        (REGIONAL, "Vijandige tekst", "#preview h1"),
        (LOCAL, "diep genest einde", "#preview"),
        (
            ".section-editor[data-scope='other']",
            "Groot stuk",
            "#preview h1",
        ),
    ];
    for (section, marker, css) in sections {
        let content = ui.find(&format!("{section} .cm-content"));
        let start = Instant::now();
        ui.click(&content);
        ui.wait_until(&format!("preview of {section}"), || {
            ui.try_find(css)
                .filter(|e| ui.text(e).contains(marker))
                .map(|_| ())
        });
        let took = start.elapsed();
        println!("preview of {section}: {took:?}");
        assert!(
            took <= Duration::from_secs(2),
            "preview of {section} took {took:?}"
        );
        check_clean(section);
    }
    // The hostile text shows as text, e.g. the script tag itself.
    let preview_text = {
        let content = ui.find(&format!("{REGIONAL} .cm-content"));
        ui.click(&content);
        ui.wait_for_text("#preview", "<script>window.__pwned")
    };
    assert!(preview_text.contains("Einde van de vijandige tekst."));
    let link = ui.attribute("#preview a", "href");
    assert!(
        link.as_deref()
            .is_some_and(|l| l.starts_with("https://example.org")),
        "{link:?}"
    );
    ui.screenshot("advice-hostile").unwrap();

    // Click each hostile link where it is drawn, as a user would: it is plain text now, so the
    // click lands (the page sees it) and nothing runs, navigates or deletes.
    ui.execute(
        "window.__clicks = [];
         document.addEventListener('click', e => window.__clicks.push(e.target.textContent), true);",
        vec![],
    )
    .unwrap();
    let hash_before = ui.execute("return location.hash", vec![]).unwrap();
    for (n, label) in ["script-link", "hoofdletters", "entiteit", "verwijder"]
        .into_iter()
        .enumerate()
    {
        let at = ui
            .execute(
                "const p = document.getElementById('preview');
                 const w = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
                 for (let t = w.nextNode(); t; t = w.nextNode()) {
                   const i = t.data.indexOf(arguments[0]);
                   if (i < 0) continue;
                   t.parentElement.scrollIntoView({block: 'center'});
                   const r = document.createRange();
                   r.setStart(t, i); r.setEnd(t, i + arguments[0].length);
                   const b = r.getBoundingClientRect();
                   return [Math.round(b.left + b.width / 2), Math.round(b.top + b.height / 2)];
                 }
                 return null;",
                vec![serde_json::Value::String(label.into())],
            )
            .unwrap();
        let at = at
            .as_array()
            .unwrap_or_else(|| panic!("{label} is not in the preview"));
        ui.click_at(at[0].as_i64().unwrap(), at[1].as_i64().unwrap());
        let landed = ui.wait_until(&format!("the click on {label} to land"), || {
            let v = ui.execute("return window.__clicks", vec![]).unwrap();
            (v.as_array()?.len() > n).then(|| v[n].as_str().unwrap_or_default().to_owned())
        });
        assert!(landed.contains(label), "the click on {label} hit: {landed}");
        check_clean(label);
        assert_eq!(
            ui.execute("return location.hash", vec![]).unwrap(),
            hash_before,
            "a click on {label} navigated"
        );
    }
    let calls = ui.execute("return window.__calls;", vec![]).unwrap();
    println!("commands sent: {calls}");
    if hooked == "hooked" {
        // What the screens on the way read, and the preview: nothing that changes data.
        let allowed = [
            "get_council",
            "get_request",
            // The request screen asks which of its fields two members set apart, and lists
            // its documents.
            "list_conflicts",
            "list_documents",
            "open_advice",
            "render_preview",
            "register",
            "save_section",
            "app_info",
            "upcoming",
            // The editor switches the spell-checker on when it first opens.
            "enable_spellcheck",
        ];
        for c in calls.as_array().unwrap() {
            let c = c.as_str().unwrap();
            assert!(allowed.contains(&c), "unexpected command {c}");
        }
        assert!(
            calls
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "render_preview")
        );
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM advice_request", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, requests_before);
}

/// Inserts text at the cursor as a paste would, without typing it key by key.
fn insert_text(ui: &Session, section: &str, text: &str) {
    let content = ui.find(&format!("{section} .cm-content"));
    ui.click(&content);
    ui.execute(
        "document.execCommand('insertText', false, arguments[0]);",
        vec![serde_json::Value::String(text.into())],
    )
    .unwrap();
}

#[test]
fn a_full_disk_shows_a_dutch_message_keeps_the_text_and_an_emergency_copy_and_saves_after_room_is_made()
 {
    let Some(fs) = support::tmpfs::Tmpfs::mount("3m") else {
        return;
    };
    let rescue = tempfile::tempdir().unwrap();
    let db = fs.path().join("advieswerk.sqlite3");
    let subject = "Schijf vol";
    seed_request(&db, subject);
    let app = App::start_with(&db, &[("ADVIESWERK_RESCUE_DIR", rescue.path())]);
    let ui = app.ui();
    open_advice(ui, subject);
    type_in(ui, REGIONAL, "Eerste zin die veilig is.");
    wait_saved(ui, REGIONAL);
    assert_eq!(stored_body(&db, "regional"), "Eerste zin die veilig is.");

    let filler = support::tmpfs::fill(fs.path());
    // More than the write-ahead log can take in the space it already has.
    let long = " Een lange alinea over de toegang tot ondersteuning.".repeat(2_000);
    insert_text(ui, REGIONAL, &long);
    let alert = ui.wait_for_text(&format!("{REGIONAL} .save-error"), "Niet opgeslagen");
    assert!(alert.contains("De schijf is vol"), "{alert}");
    assert!(alert.contains("noodkopie"), "{alert}");
    let state = ui.text_of(&format!("{REGIONAL} .save-state"));
    assert!(
        state.contains("Niet opgeslagen") && !state.contains("Opgeslagen om"),
        "{state}"
    );
    ui.screenshot("advice-disk-full").unwrap();
    // The text is still in the editor, the database still has the confirmed text, and the
    // emergency copy has the new one.
    assert!(editor_text(ui, REGIONAL).contains("Een lange alinea"));
    assert_eq!(stored_body(&db, "regional"), "Eerste zin die veilig is.");
    let copies: Vec<_> = std::fs::read_dir(rescue.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!copies.is_empty(), "no emergency copy");
    let copy = std::fs::read_to_string(copies.iter().max().unwrap()).unwrap();
    assert!(copy.contains("Eerste zin die veilig is. Een lange alinea"));
    assert!(alert.contains(&copies[0].parent().unwrap().display().to_string()));

    // Room again: trying again saves it all.
    std::fs::remove_file(filler).unwrap();
    ui.click_css(&format!("{REGIONAL} .save-error button"));
    wait_saved(ui, REGIONAL);
    assert!(ui.try_find(&format!("{REGIONAL} .save-error")).is_none());
    assert_eq!(
        stored_body(&db, "regional"),
        format!("Eerste zin die veilig is.{long}")
    );
}

#[test]
fn a_read_only_database_shows_a_dutch_message_at_start_and_is_left_untouched() {
    let Some(fs) = support::tmpfs::Tmpfs::mount("3m") else {
        return;
    };
    let db = fs.path().join("advieswerk.sqlite3");
    seed_request(&db, "Alleen lezen");
    let before = std::fs::read(&db).unwrap();
    fs.remount_read_only();
    let app = App::start_on(&db);
    let ui = app.ui();
    ui.wait_for_text("main h1", "kan de database niet openen");
    let msg = ui.text_of("main .error-summary");
    assert!(msg.contains("kan niet worden beschreven"), "{msg}");
    ui.screenshot("read-only").unwrap();
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn text_typed_just_before_the_window_is_closed_is_saved_by_the_close_and_the_app_then_exits() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let subject = "Sluiten tijdens het typen";
    seed_request(&db, subject);
    let mut app = App::start_on(&db);
    let pids = app.processes();
    assert_eq!(pids.len(), 1, "the app process is found: {pids:?}");
    let ui = app.ui();
    open_advice(ui, subject);
    // The ordinary autosave must not be what saves: its timers (600 ms after typing, 1.5 s at
    // most, 20 s for a revision) are held back, so only the close itself can save the text.
    ui.execute(
        "window.__held = 0;
         const orig = window.setTimeout;
         window.setTimeout = function (f, ms, ...rest) {
           if (ms >= 500) { window.__held++; return 0; }
           return orig.call(window, f, ms, ...rest);
         };",
        vec![],
    )
    .unwrap();
    type_in(ui, LOCAL, "Laatste woorden voor het sluiten.");
    ui.wait_for_text(&format!("{LOCAL} .save-state"), "Nog niet opgeslagen");
    let held = ui.execute("return window.__held", vec![]).unwrap();
    assert!(held.as_u64() > Some(0), "no autosave was held: {held}");
    assert_eq!(stored_body(&db, "local"), "", "saved before the close");
    // Close, as the window's close button does.
    support::x11::request_close(c"Advieswerk").unwrap();
    let start = Instant::now();
    let body = loop {
        let body = stored_body(&db, "local");
        if !body.is_empty() || start.elapsed() > Duration::from_secs(6) {
            break body;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(
        body, "Laatste woorden voor het sluiten.",
        "the close did not save"
    );
    // And the app closed itself after saving: its process ends.
    let start = Instant::now();
    while !app.processes().is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the app still runs 10 s after its window was closed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    app.session.take();
}

#[test]
fn the_letter_is_previewed_given_its_own_data_and_exported_as_word_and_pdf_a() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let exports = tempfile::tempdir().unwrap();
    let subject = "Inkoopstrategie jeugdhulp";
    seed_request(&db, subject);
    let app = App::start_with(&db, &[("ADVIESWERK_EXPORT_DIR", exports.path())]);
    let ui = app.ui();
    open_advice(ui, subject);
    type_in(
        ui,
        REGIONAL,
        "De raden adviseren:\u{E007}\u{E007}1. Betrek jongeren <b>vroeg</b>\u{E007}Meet de wachttijden",
    );
    // Straight to the letter: unsaved text is saved first.
    ui.click_css("#show-letter");
    let letter = ui.wait_for_text("#letter-preview", "Betrek jongeren");
    assert!(
        letter.contains(subject) && letter.contains("<b>vroeg</b>"),
        "{letter}"
    );
    assert_eq!(ui.find_all("#letter-preview ol li").len(), 2);
    // No opening text: the letter still greets the college, and the writer is told.
    assert!(letter.contains("Geacht college,"), "{letter}");
    let warnings = ui.wait_for_text("#letter-warnings", "De inleiding is leeg");
    assert!(warnings.contains("Geacht college,"), "{warnings}");
    assert!(
        ui.try_find("#letter-preview b").is_none(),
        "user text became markup"
    );
    assert!(
        !letter.contains("B. Aanvullend lokaal advies"),
        "an empty section is left out"
    );
    ui.screenshot("letter-preview").unwrap();
    ui.click_css("#format-docx");
    ui.click_css("#export-letter");
    let notice = ui.wait_for_text("#letter-notice", "Brief opgeslagen");
    let path = exported(exports.path(), "docx");
    assert!(notice.contains(&path.display().to_string()));
    // LibreOffice reads it.
    let text = support::libreoffice::libreoffice_text(&path);
    assert!(
        text.contains("Betrek jongeren <b>vroeg</b>") && text.contains("Meet de wachttijden"),
        "{text}"
    );

    // The letter's own data: an impossible date is named at its field and nothing is stored.
    ui.click_css("#letter-details summary");
    ui.fill("#letter-date", "31-02-2027");
    ui.fill("#letter-copies", "De gemeenteraad van Midden-Delfland");
    ui.click_css("#save-letter-details");
    ui.wait_for_text("#letter-date-error", "31-02-2027");
    let stored: u32 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM letter_details", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 0);
    ui.fill("#letter-date", "01-12-2026");
    ui.fill(
        "#letter-attachments",
        "Notitie wachttijden\u{E007}Reactie cliëntenpanel",
    );
    ui.click_css("#save-letter-details");
    ui.wait_for_text("#letter-details-notice", "Briefgegevens opgeslagen");
    let preview = ui.wait_for_text("#letter-preview", "Afschrift aan");
    assert!(
        preview.contains("1 december 2026")
            && preview.contains("De gemeenteraad van Midden-Delfland")
            && preview.contains("Bijlagen")
            && preview.contains("Reactie cliëntenpanel"),
        "{preview}"
    );

    // The same letter as PDF/A: poppler reads the text, the data and the declaration.
    ui.click_css("#format-pdf");
    ui.click_css("#export-letter");
    let notice = ui.wait_for_text("#letter-notice", ".pdf");
    let pdf = exported(exports.path(), "pdf");
    assert!(notice.contains(&pdf.display().to_string()));
    let text = support::poppler::pdf_text(&pdf);
    for needle in [
        "Betrek jongeren <b>vroeg</b>",
        "1 december 2026",
        "Afschrift aan",
        "De gemeenteraad van Midden-Delfland",
        "Notitie wachttijden",
        "Pagina 1 van 1",
    ] {
        assert!(text.contains(needle), "{needle} not in the PDF: {text}");
    }
    assert!(support::poppler::pdf_info(&pdf).contains("pdfaid:part"));

    // "Opslaan als…" asks with the desktop's own save dialog, typed into as a user would.
    let chosen_dir =
        std::env::temp_dir().join(format!("advieswerk-dialoog-{}", std::process::id()));
    std::fs::create_dir_all(&chosen_dir).unwrap();
    let chosen = chosen_dir.join("brief-aan-college.html");
    ui.click_css("#format-html");
    ui.click_css("#export-letter-as");
    assert!(
        support::x11::wait_for_window(c"Brief opslaan", Duration::from_secs(10)),
        "the save dialog did not open"
    );
    support::x11::type_into_window(c"Brief opslaan", chosen.to_str().unwrap()).unwrap();
    let notice = ui.wait_for_text("#letter-notice", "brief-aan-college.html");
    assert!(notice.contains(&chosen.display().to_string()), "{notice}");
    let html = std::fs::read_to_string(&chosen).unwrap();
    assert!(
        html.starts_with("<!doctype html>")
            && html.contains("Betrek jongeren &lt;b&gt;vroeg&lt;/b&gt;")
    );
    std::fs::remove_dir_all(&chosen_dir).unwrap();
}

#[test]
fn the_letterhead_and_logo_from_settings_are_in_the_letter_and_a_year_of_letters_is_exported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let exports = tempfile::tempdir().unwrap();
    let subject = "Beleidsplan armoede";
    let id = seed_request(&db, subject);
    write_section(
        &db,
        &id,
        SectionScope::Regional,
        "Wij adviseren de armoederegelingen te bundelen.",
    );
    let year = service::get_request(&support::clock::store(&db), &id, support::clock::today())
        .unwrap()
        .received_on
        .year();
    let app = App::start_with(&db, &[("ADVIESWERK_EXPORT_DIR", exports.path())]);
    let ui = app.ui();
    ui.click_css("nav a[href='#/instellingen']");
    ui.find("#letterhead-form");

    // A wrong e-mail address is named at its field.
    ui.fill("#lh-address", "Postbus 5\u{E007}2630 AA Nootdorp");
    ui.fill("#lh-email", "secretariaat bij de raad");
    ui.click_css("#lh-save");
    ui.wait_for_text("#lh-email-error", "e-mailadres");
    ui.fill("#lh-email", "secretariaat@asd-voorbeeld.nl");
    ui.fill("#lh-closing", "Met vriendelijke groet,");
    ui.click_css("#lh-save");
    ui.wait_for_text("#lh-saved", "Briefhoofd opgeslagen");

    // A file that is not a picture is refused; an SVG logo is taken.
    let fake = dir.path().join("logo.png");
    std::fs::write(&fake, "dit is geen plaatje").unwrap();
    ui.type_text(&ui.find("#lh-logo"), fake.to_str().unwrap());
    ui.wait_for_text("#lh-logo-error", "PNG- of SVG");
    let svg = dir.path().join("logo.svg");
    std::fs::write(
        &svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#154273"/><text x="8" y="27" fill="#fff" font-size="20">ASD</text></svg>"##,
    )
    .unwrap();
    ui.type_text(&ui.find("#lh-logo"), svg.to_str().unwrap());
    ui.wait_for_text("#lh-logo-notice", "Logo opgeslagen");
    ui.wait_for_text("#lh-logo-state", "SVG");
    ui.execute(
        "document.getElementById('s-letterhead').scrollIntoView()",
        vec![],
    )
    .unwrap();
    ui.screenshot("settings-letterhead").unwrap();

    // Every letter of the year as PDF/A, with a progress bar that reaches the end.
    ui.fill("#ye-year", "20x6");
    ui.click_css("#ye-start");
    ui.wait_for_text("#ye-error", "vier cijfers");
    ui.fill("#ye-year", &year.to_string());
    ui.click_css("#ye-format-pdf");
    ui.click_css("#ye-start");
    ui.wait_for_text("#ye-notice", "1 van 1 brieven geschreven");
    ui.execute(
        "document.getElementById('s-year-export').scrollIntoView()",
        vec![],
    )
    .unwrap();
    ui.screenshot("settings-year-export").unwrap();
    let progress = ui.find("#ye-progress");
    assert_eq!(
        ui.property(&progress, "value"),
        ui.property(&progress, "max")
    );
    assert_eq!(
        ui.property(&progress, "value").parse::<f64>().ok(),
        Some(1.0)
    );
    let folder = exports.path().join(format!("brieven-{year}"));
    let pdf = exported(&folder, "pdf");
    let text = support::poppler::pdf_text(&pdf);
    for needle in [
        "Postbus 5, 2630 AA Nootdorp",
        "secretariaat@asd-voorbeeld.nl",
        "Wij adviseren de armoederegelingen te bundelen.",
        "Met vriendelijke groet,",
    ] {
        assert!(text.contains(needle), "{needle} not in the PDF: {text}");
    }

    // The letter in the app shows the logo as an image from the stored SVG.
    open_advice(ui, subject);
    ui.click_css("#show-letter");
    ui.wait_for_text("#letter-preview", "Postbus 5, 2630 AA Nootdorp");
    let src = ui.attribute("#letter-preview img.logo", "src").unwrap();
    assert!(src.starts_with("data:image/svg+xml;base64,"), "{src}");
    ui.screenshot("letter-with-letterhead").unwrap();
}

#[test]
fn the_editor_switches_on_one_dutch_dictionary_not_the_same_one_twice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let subject = "Spelling";
    seed_request(&db, subject);
    let app = App::start_on(&db);
    let ui = app.ui();
    // Nothing on the start screen needs the dictionary.
    assert_eq!(
        dictionaries_in_use(ui),
        serde_json::json!([]),
        "before any editor"
    );
    open_advice(ui, subject);
    // `nl_NL` and `nl` are the same hunspell-nl files: both would hold the dictionary twice.
    ui.wait_until("the Dutch dictionary to be loaded", || {
        (dictionaries_in_use(ui) == serde_json::json!(["nl_NL"])).then_some(())
    });
}

#[test]
fn the_dutch_dictionary_is_let_go_of_a_while_after_the_last_editor_closed_and_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let subject = "Spelling later";
    seed_request(&db, subject);
    let app = App::start_on(&db);
    let ui = app.ui();
    let dutch = serde_json::json!(["nl_NL"]);
    open_advice(ui, subject);
    ui.wait_until("the Dutch dictionary to be loaded", || {
        (dictionaries_in_use(ui) == dutch).then_some(())
    });
    ui.click_css("nav a[href='#/register']");
    ui.wait_for_text("#register-table", subject);
    let left = Instant::now();
    // Going from one request's advice to the next keeps it: still held well into the while.
    std::thread::sleep(Duration::from_secs(12));
    assert_eq!(
        dictionaries_in_use(ui),
        dutch,
        "12 s after the editor closed"
    );
    ui.wait_until("the dictionary to be let go of", || {
        (dictionaries_in_use(ui) == serde_json::json!([])).then_some(())
    });
    println!(
        "dictionary let go of {:.1} s after the editor closed",
        left.elapsed().as_secs_f64()
    );
    // The next editor loads it again.
    ui.click_css("#register-table a");
    ui.wait_for_text("#request-title", subject);
    ui.click_css("#write-advice");
    ui.find(&format!("{REGIONAL} .cm-content"));
    ui.wait_until("the Dutch dictionary to be loaded again", || {
        (dictionaries_in_use(ui) == dutch).then_some(())
    });
    // What loading it again costs the window (its main thread is busy for that long).
    let ms = ui
        .execute(
            "const invoke = window.__TAURI_INTERNALS__.invoke;
             await invoke('release_spellcheck');
             const t = performance.now();
             await invoke('enable_spellcheck');
             return performance.now() - t;",
            vec![],
        )
        .unwrap()
        .as_f64()
        .unwrap();
    println!("loading the Dutch dictionary again: {ms:.0} ms");
}

/// The dictionaries the window's spell-checker holds now (asking changes nothing).
fn dictionaries_in_use(ui: &Session) -> serde_json::Value {
    ui.execute(
        "return await window.__TAURI_INTERNALS__.invoke('spellcheck_in_use');",
        vec![],
    )
    .unwrap()
}

#[test]
fn clicking_a_footnote_marker_in_the_preview_goes_to_the_note_and_stays_in_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let subject = "Voetnoten";
    let id = seed_request(&db, subject);
    let mut body = String::from("De raad adviseert.[^1]\n\n");
    // Enough text that the note is out of view until the marker is followed.
    body.push_str(&"Een alinea over de toegang tot jeugdhulp.\n\n".repeat(60));
    body.push_str("[^1]: Zie de regiovisie jeugd 2027.\n");
    write_section(&db, &id, SectionScope::Regional, &body);
    let app = App::start_on(&db);
    let ui = app.ui();
    open_advice(ui, subject);
    let content = ui.find(&format!("{REGIONAL} .cm-content"));
    ui.click(&content);
    ui.wait_for_text("#preview", "Zie de regiovisie");
    let hash = ui.execute("return location.hash", vec![]).unwrap();
    assert_eq!(hash, format!("#/aanvraag/{id}/advies"));
    ui.click_css("#preview sup a");
    let focused = ui.wait_until("the note to take the focus", || {
        let v = ui
            .execute(
                "const a = document.activeElement; return a && a.closest('#preview') ? a.textContent : null;",
                vec![],
            )
            .unwrap();
        v.as_str().map(str::to_owned)
    });
    assert!(focused.contains("Zie de regiovisie"), "{focused}");
    assert_eq!(ui.execute("return location.hash", vec![]).unwrap(), hash);
    assert!(ui.try_find(&format!("{REGIONAL} .cm-content")).is_some());
}

#[test]
fn ending_a_numbered_list_as_in_word_leaves_the_next_line_a_paragraph_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let subject = "Lijst beëindigen";
    seed_request(&db, subject);
    let app = App::start_on(&db);
    let ui = app.ui();
    open_advice(ui, subject);
    // Enter on the last point, Enter again on the empty one, then the closing sentence.
    type_in(ui, LOCAL, "1. een\u{E007}twee\u{E007}\u{E007}Slotzin");
    wait_saved(ui, LOCAL);
    assert_eq!(stored_body(&db, "local"), "1. een\n2. twee\n\nSlotzin");
    let last_item = ui.wait_for_text("#preview ol li:last-child", "twee");
    assert!(
        !last_item.contains("Slotzin"),
        "glued into the list: {last_item}"
    );
    ui.wait_for_text("#preview ol + p", "Slotzin");

    // The writing surface shows the text as it will read: a proportional font, the heading and
    // the emphasis styled, their Markdown marks hidden away from the line being written.
    type_in(
        ui,
        REGIONAL,
        "# Advies\u{E007}De **raad** adviseert *nadrukkelijk*.\u{E007}\u{E007}Slot",
    );
    wait_saved(ui, REGIONAL);
    assert_eq!(
        stored_body(&db, "regional"),
        "# Advies\nDe **raad** adviseert *nadrukkelijk*.\n\nSlot"
    );
    let lines = ui
        .execute(
            &format!("return [...document.querySelectorAll(\"{REGIONAL} .cm-line\")].map(l => l.textContent)"),
            vec![],
        )
        .unwrap();
    assert_eq!(
        lines,
        serde_json::json!(["Advies", "De raad adviseert nadrukkelijk.", "", "Slot"])
    );
    let look = ui
        .execute(
            &format!(
                "const c = document.querySelector(\"{REGIONAL} .cm-content\");
                 const h = [...c.querySelectorAll('.cm-line span')].find(s => s.textContent === 'Advies');
                 const strong = [...c.querySelectorAll('.cm-line span')].find(s => s.textContent === 'raad');
                 return [getComputedStyle(c).fontFamily, parseFloat(getComputedStyle(h).fontSize) / parseFloat(getComputedStyle(c).fontSize), strong ? getComputedStyle(strong).fontWeight : null];"
            ),
            vec![],
        )
        .unwrap();
    assert!(!look[0].as_str().unwrap().contains("monospace"), "{look}");
    assert!(
        look[1].as_f64().unwrap() > 1.2,
        "the heading is not larger: {look}"
    );
    assert_eq!(look[2], "700", "bold is not bold: {look}");
    ui.screenshot("editor-live-preview").unwrap();
}
