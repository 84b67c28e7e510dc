//! Memory over a long session: the release window used for 30 minutes by a script, as a member
//! would use it in an afternoon: open requests, type in the editor, page the register, zoom and
//! drag the planning (and undo), preview the letter. The PSS of the app and its WebKit processes
//! is read once the window has settled after its start, after the first round of use (every
//! screen and the editor loaded once) and then every round; the curve is printed per minute.
//! Target: after 30 minutes at most 10 % above where it settled after start. The growth after
//! the first round is printed beside it: memory that keeps rising while the same things are done
//! again is memory something holds.
//!
//! Run (needs a display, tauri-driver and the release app):
//! `cargo build --release -p advieswerk-app && xvfb-run -a cargo bench --bench soak`.
//! `ADVIESWERK_SOAK_MINUTES` shortens or lengthens the run; `ADVIESWERK_SOAK_ONLY` runs only some
//! parts of a round, or one of the probes (see `ROUND` and `PROBES`); `ADVIESWERK_SOAK_IDLE`
//! waits longer at the end; `ADVIESWERK_APP` picks another binary;
//! `ADVIESWERK_WEBKIT_KEEP_MEMORY=1` runs the window without the web process's release once the
//! page is quiet, to compare.

mod common;
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use advieswerk::Store;
use advieswerk::planning::ImportTarget;
use advieswerk::request::RequestInput;
use chrono::{Days, NaiveDate};
use support::app::App;
use support::processes::{family, family_pss_mb, name, pss_kb, running};
use support::webdriver::Session;

const SENTENCE: &str = "De raad vraagt het college de ervaringen van inwoners mee te wegen. ";

/// A database with the example council, 2,000 requests and 60 milestones around `today`; the
/// ids of 40 requests just received, whose advice is still being written (the filled register's
/// older ones are adopted, and their text locked).
fn seed(db: &Path, today: NaiveDate) -> Vec<advieswerk::RequestId> {
    let mut store = Store::open(db).unwrap();
    advieswerk::demo::load(&mut store, today).unwrap();
    common::fill_register(&mut store, 2_000, today);
    let received = advieswerk::date::iso(today - Days::new(5));
    let ids = (0..40)
        .map(|i| {
            let input = RequestInput::asked(&format!("Duurproef {i}"), &received);
            advieswerk::service::create_request(&mut store, &input, today)
                .unwrap()
                .id
        })
        .collect();
    let mut csv = String::from("start,end,kind,who,title\n");
    for i in 0..60u64 {
        let start = today - Days::new(90) + Days::new(i * 3);
        let end = start + Days::new(5);
        csv.push_str(&format!(
            "{start},{end},regional-policy,gemeente {},Mijlpaal {i}\n",
            i % 9
        ));
    }
    let target = ImportTarget {
        track_id: None,
        new_track_name: "Duurproef".into(),
    };
    advieswerk::service::import_planning(&mut store, &csv, &target, false).unwrap();
    ids
}

fn visit(ui: &Session, hash: &str, ready: &str) {
    ui.execute(
        "location.hash = arguments[0]",
        vec![serde_json::Value::String(hash.into())],
    )
    .unwrap();
    ui.find(ready);
}

/// The parts of a round; `ADVIESWERK_SOAK_ONLY=editor,letter` runs only those, to find which
/// part holds memory. Every round ends on the start screen.
const ROUND: [&str; 4] = ["register", "editor", "letter", "planning"];

/// Parts that are no use a member would make, each asked for by name to tell apart what holds
/// memory: `driver` only asks WebDriver for elements, the screen unchanged (what the driver
/// costs); `ipc` asks the core for twenty requests and advices from inside the page, drawing
/// nothing (what the answers cost); `inpage` goes from the start screen to another screen and
/// back twenty times in one script inside the page (what the screens cost, without the driver);
/// `dom` copies that screen into the page as plain HTML and removes it twenty times (what
/// WebKit keeps of a subtree put in and taken out, without Svelte or the app's code).
const PROBES: [&str; 4] = ["driver", "ipc", "inpage", "dom"];

/// Waits until an element matching `css` is in the page (at most 4 s).
const UNTIL: &str = r#"
const until = async (css) => {
  for (let i = 0; i < 400 && !document.querySelector(css); i++) await new Promise((r) => setTimeout(r, 10));
};
"#;

const IPC_ONLY: &str = r#"
for (const id of arguments[0]) {
  await window.__TAURI_INTERNALS__.invoke('get_request', { id });
  await window.__TAURI_INTERNALS__.invoke('open_advice', { requestId: id });
}
"#;

const IN_PAGE: &str = r#"
const [ids, screen, ready] = arguments;
for (const id of ids) {
  location.hash = screen.replace('{id}', id);
  await until(ready);
  location.hash = '#/';
  await until('#agenda-list');
}
"#;

const DOM_ONLY: &str = r#"
const [ids, screen, ready] = arguments;
location.hash = screen.replace('{id}', ids[0]);
await until(ready);
const html = document.querySelector('main').innerHTML;
location.hash = '#/';
await until('#agenda-list');
for (let i = 0; i < 20; i++) {
  const copy = document.createElement('div');
  copy.innerHTML = html;
  document.body.appendChild(copy);
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  copy.remove();
  await new Promise((r) => setTimeout(r, 10));
}
"#;

/// The screen `inpage` and `dom` use (`ADVIESWERK_SOAK_SCREEN`, `{id}` for a request's id) and
/// what shows it is drawn (`ADVIESWERK_SOAK_READY`); by default a request's advice.
fn in_page_screen() -> (String, String) {
    let var = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    (
        var("ADVIESWERK_SOAK_SCREEN", "#/aanvraag/{id}/advies"),
        var(
            "ADVIESWERK_SOAK_READY",
            ".section-editor[data-scope='local'] .cm-content",
        ),
    )
}

/// The PSS of each of the app's processes, by name.
fn each_process(pid: u32) -> String {
    family(pid)
        .into_iter()
        .map(|p| format!("{} {:.1}", name(p), pss_kb(p) as f64 / 1024.0))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Marks the first milestone bar wholly inside the window and not covered with `data-soak-drag`;
/// whether one was.
const MARK_VISIBLE_BAR: &str = "
    document.querySelectorAll('[data-soak-drag]').forEach(e => e.removeAttribute('data-soak-drag'));
    const seen = [...document.querySelectorAll('[data-item-id] .bar')].find(b => {
        const r = b.getBoundingClientRect();
        if (r.width <= 8 || r.left < 0 || r.top < 0 || r.right > innerWidth
            || r.bottom > innerHeight) return false;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit && hit.closest('[data-item-id]') === b.closest('[data-item-id]');
    });
    if (seen) seen.setAttribute('data-soak-drag', '');
    return !!seen;";

/// One round of use; `round` varies which request is opened and which zoom is chosen. Answers
/// whether a milestone was dragged: which are in view depends on the day the bench runs.
fn round(ui: &Session, ids: &[advieswerk::RequestId], round: usize, parts: &[String]) -> bool {
    let does = |part: &str| parts.iter().any(|p| p == part);
    let mut dragged = false;
    let id = &ids[round % 40];
    if does("register") {
        // The register, paged forward and back.
        visit(ui, "#/register", "#register-table tbody tr");
        for _ in 0..3 {
            ui.click_css(".pager button:last-child");
            std::thread::sleep(Duration::from_millis(150));
        }
        ui.click_css(".pager button:first-child");
    }
    if does("editor") || does("letter") {
        // A request, then its advice.
        visit(ui, &format!("#/aanvraag/{id}"), "#request-title");
        visit(
            ui,
            &format!("#/aanvraag/{id}/advies"),
            ".section-editor[data-scope='local'] .cm-content",
        );
    }
    if does("editor") {
        // A sentence typed in the local section, saved.
        let editor = ui.find(".section-editor[data-scope='local'] .cm-content");
        ui.click(&editor);
        ui.type_text(&editor, SENTENCE);
        ui.wait_for_text(
            ".section-editor[data-scope='local'] .save-state",
            "Opgeslagen om",
        );
    }
    if does("letter") {
        // The letter as it will be sent.
        ui.click_css("#show-letter");
        ui.wait_for_text("#letter-preview", "Adviesraad");
    }
    if does("planning") {
        // The planning: zoomed, one milestone dragged a day and the drag undone.
        visit(ui, "#/planning", "main svg");
        let zooms = ["weeks", "months", "quarters"];
        ui.choose("#tl-zoom", zooms[round % 3]);
        ui.choose("#tl-zoom", "weeks");
        // A bar the member can see and grab: the timeline also draws the items just outside its
        // view, and the first in the page was off screen or covered on some days (the driver
        // refused the drag as "not interactable").
        let marked = ui
            .execute(MARK_VISIBLE_BAR, vec![])
            .expect("look for a bar in view");
        if marked == serde_json::Value::Bool(true) {
            let bar = ui.find("[data-soak-drag]");
            ui.drag_by(&bar, 28);
            dragged = true;
            if ui.try_find("#tl-undo:not([disabled])").is_some() {
                ui.click_css("#tl-undo");
                ui.wait_for_text("#tl-notice", "ongedaan gemaakt");
            }
        }
    }
    for (part, script) in [("ipc", IPC_ONLY), ("inpage", IN_PAGE), ("dom", DOM_ONLY)] {
        if does(part) {
            let twenty =
                (0..20).map(|i| serde_json::Value::String(ids[(round + i) % 40].to_string()));
            let (screen, ready) = in_page_screen();
            let args = vec![
                serde_json::Value::Array(twenty.collect()),
                serde_json::Value::String(screen),
                serde_json::Value::String(ready),
            ];
            ui.execute(&format!("{UNTIL}{script}"), args).unwrap();
        }
    }
    if does("driver") {
        for _ in 0..20 {
            ui.find("#agenda-list");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    visit(ui, "#/", "#agenda-list");
    dragged
}

fn main() {
    if std::env::var_os("DISPLAY").is_none() {
        println!("soak bench skipped: no display (run it under xvfb-run)");
        return;
    }
    let Some(binary) = support::app::release_binary("ADVIESWERK_APP", "advieswerk-app") else {
        println!("soak bench skipped: build the release app first");
        return;
    };
    let minutes: u64 = std::env::var("ADVIESWERK_SOAK_MINUTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);

    let parts: Vec<String> = std::env::var("ADVIESWERK_SOAK_ONLY")
        .map(|v| v.split(',').map(|p| p.trim().to_string()).collect())
        .unwrap_or_else(|_| ROUND.iter().map(|p| p.to_string()).collect());
    if let Some(bad) = parts
        .iter()
        .find(|p| !ROUND.contains(&p.as_str()) && !PROBES.contains(&p.as_str()))
    {
        panic!("ADVIESWERK_SOAK_ONLY: no part {bad}; the parts are {ROUND:?} and {PROBES:?}");
    }
    println!("each round: {}", parts.join(", "));

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    // A release build keeps the machine's clock: the data is laid around the real today.
    let today = chrono::Local::now().date_naive();
    let ids = seed(&db, today);
    let app = App::start_binary(&binary, &db, &[]);
    let ui = app.ui();
    ui.find("#agenda-list");
    let pid = running(&binary).expect("the app process");
    std::thread::sleep(Duration::from_secs(10));
    let settled = family_pss_mb(pid);
    println!("settled after start: {settled:.1} MB");

    let began = Instant::now();
    let mut drags = usize::from(round(ui, &ids, 0, &parts));
    std::thread::sleep(Duration::from_secs(2));
    let warmed = family_pss_mb(pid);
    println!(
        "after the first round ({:.0} s): {warmed:.1} MB",
        began.elapsed().as_secs_f64()
    );

    let mut curve: Vec<(f64, f64)> = vec![(0.0, settled), (began.elapsed().as_secs_f64(), warmed)];
    let mut rounds = 1;
    let mut next_print = 60.0;
    while began.elapsed() < Duration::from_secs(minutes * 60) {
        drags += usize::from(round(ui, &ids, rounds, &parts));
        rounds += 1;
        let t = began.elapsed().as_secs_f64();
        let pss = family_pss_mb(pid);
        curve.push((t, pss));
        if t >= next_print {
            // Each process apart: which of them grows is the first clue to what holds memory.
            println!(
                "  minute {:4.1}: {pss:6.1} MB after {rounds} rounds ({})",
                t / 60.0,
                each_process(pid)
            );
            next_print += 60.0;
        }
    }
    let ran = began.elapsed().as_secs_f64();
    // The end state once idle, as after start. Memory a page no longer holds is given back some
    // time after use stops, memory it holds is not: `ADVIESWERK_SOAK_IDLE` (seconds, default 10)
    // waits longer and prints the way down.
    visit(ui, "#/", "#agenda-list");
    let idle: u64 = std::env::var("ADVIESWERK_SOAK_IDLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    for waited in (10..=idle.max(10)).step_by(10) {
        std::thread::sleep(Duration::from_secs(10));
        if idle > 10 {
            println!("  idle {waited:4} s: {}", each_process(pid));
        }
    }
    let end = family_pss_mb(pid);
    for p in family(pid) {
        println!("    {:<16} {:6.1} MB", name(p), pss_kb(p) as f64 / 1024.0);
    }
    let top = curve.iter().map(|c| c.1).fold(0.0, f64::max);
    let last_third: Vec<f64> = curve
        .iter()
        .filter(|c| c.0 >= ran * 2.0 / 3.0)
        .map(|c| c.1)
        .collect();
    let first_third: Vec<f64> = curve
        .iter()
        .skip(2)
        .filter(|c| c.0 <= ran / 3.0)
        .map(|c| c.1)
        .collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    println!(
        "{rounds} rounds in {:.1} minutes; PSS settled after start {settled:.1} MB, after the \
         first round {warmed:.1} MB, highest {top:.1} MB, idle at the end {end:.1} MB",
        ran / 60.0
    );
    if parts.iter().any(|p| p == "planning") {
        println!("a milestone dragged in {drags} of {rounds} rounds");
    }
    println!(
        "mean PSS first third of the run {:.1} MB, last third {:.1} MB ({:+.1} %)",
        mean(&first_third),
        mean(&last_third),
        (mean(&last_third) / mean(&first_third) - 1.0) * 100.0
    );
    let rise = (end / settled - 1.0) * 100.0;
    println!(
        "end against settled after start: {rise:+.1} % (target ≤ +10 %: {}); against after the \
         first round: {:+.1} %",
        if rise <= 10.0 { "met" } else { "MISSED" },
        (end / warmed - 1.0) * 100.0
    );
    drop(app);
}
