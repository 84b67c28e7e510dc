//! Start-up and memory of the app as it ships: the real window (release build) on a database
//! with 10,000 requests, started afresh each run through tauri-driver. The start is the app's
//! own time: from the process starting to the first screen showing its data, plus from asking
//! for the register to its first page of rows showing. Both ends come from the page's own
//! User Timing marks (`ui/src/lib/timing.ts`) and the kernel's start time of the process, so
//! the driver's polling between them is not counted. The wall time as the driver sees it is
//! printed beside it as an upper bound. Then the memory of the app and its webview processes
//! together, as PSS (each shared page counted once over them), at rest: 8 s after the first
//! screen (also printed at 5 s, before the app gives back what its start freed).
//! Targets: start ≤ 0.5 s median, PSS ≤ 200 MB.
//!
//! The floor: a bare Tauri window (`benches/bare-tauri`: same Tauri, same profile, a page with
//! one heading) is started in the same runs, alternating with the app, and measured the same
//! way. Advieswerk's overhead over it is printed. Targets: ≤ 50 ms to the first screen with its
//! data, ≤ 20 MB PSS.
//!
//! Run (needs a display, tauri-driver and both release binaries):
//! `cargo build --release -p advieswerk-app -p advieswerk-bare-tauri && xvfb-run -a cargo bench --bench startup`.
//! `ADVIESWERK_APP` / `ADVIESWERK_BARE_APP` pick other binaries; `ADVIESWERK_STARTUP_RUNS` the
//! number of starts.
//! Under WebDriver the app also sets up its automation session before loading the page, which
//! a user's start does not do: the figure is slightly pessimistic.

mod common;
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::Instant;

use advieswerk::Store;
use chrono::NaiveDate;
use support::app::App;
use support::processes::{age_ms, family, name, pss_kb, running};

/// Waits for the page's mark `name`; returns how many ms before now it was made and its time
/// on the page's clock.
fn mark(ui: &support::webdriver::Session, name: &str) -> (f64, f64) {
    let script = format!(
        "const m = performance.getEntriesByName('{name}', 'mark')[0];\
         return m ? [performance.now() - m.startTime, m.startTime] : null;"
    );
    let start = Instant::now();
    loop {
        let v = ui.execute(&script, vec![]).unwrap();
        if let Some(a) = v.as_array() {
            return (a[0].as_f64().unwrap(), a[1].as_f64().unwrap());
        }
        assert!(start.elapsed().as_secs() < 30, "no mark {name} on the page");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// One start of a window: from its process starting to its first screen with data (the page's
/// `shown:start` mark against the kernel's start time), the same as the driver sees it (from
/// asking for a session), and its memory once idle.
struct Start {
    first_screen: f64,
    on_page: f64,
    driver: f64,
    /// 5 s after the first screen.
    pss_early: f64,
    /// 8 s after it: at rest.
    pss: f64,
}

fn start(binary: &str, db: &Path) -> (App, Start) {
    let asked = Instant::now();
    let app = App::start_binary(binary, db, &[]);
    let ui = app.ui();
    mark(ui, "shown:start");
    let driver = asked.elapsed().as_secs_f64() * 1000.0;
    let pid = running(binary).expect("the window's process");
    // The process's age and the mark's age are read together, so the page's clock and the
    // kernel's need not agree.
    let before = age_ms(pid);
    let (since_start, on_page) = mark(ui, "shown:start");
    let first_screen = (before + age_ms(pid)) / 2.0 - since_start;
    let start = Start {
        first_screen,
        on_page,
        driver,
        pss_early: 0.0,
        pss: 0.0,
    };
    (app, start)
}

/// PSS of the window's processes, printed per process, at two moments: five seconds after the
/// first screen, when the upkeep the app leaves until its start has settled (3 s) has run, and
/// eight seconds after it, when the app has also given back what that upkeep and the first
/// screens freed (`src-tauri/src/memory.rs`: 2–4 s after work pauses). The second is the
/// window at rest, as a user leaves it; both are compared with the bare window's.
fn idle_pss(binary: &str) -> (f64, f64) {
    let pid = running(binary).expect("the window's process");
    let total = || -> (f64, Vec<(u32, u64)>) {
        let procs: Vec<(u32, u64)> = family(pid).into_iter().map(|p| (p, pss_kb(p))).collect();
        let sum: u64 = procs.iter().map(|p| p.1).sum();
        (sum as f64 / 1024.0, procs)
    };
    std::thread::sleep(std::time::Duration::from_secs(5));
    let (early, _) = total();
    std::thread::sleep(std::time::Duration::from_secs(3));
    let (settled, procs) = total();
    for (p, kb) in procs {
        println!("    {:<16} {:6.1} MB", name(p), kb as f64 / 1024.0);
    }
    println!("    together {early:.1} MB after 5 s, {settled:.1} MB after 8 s");
    (early, settled)
}

/// How much of the app's startup symbol order (`src-tauri/link/release.rs`) the binary still has:
/// a dependency or compiler update renames functions, and the linker skips names it does not
/// find, so a stale list shows here as a low share (and as more memory at rest).
fn startup_order(binary: &str) {
    let listed = include_str!("../src-tauri/link/startup-symbols.txt");
    let listed: Vec<&str> = listed.lines().filter(|l| !l.starts_with('#')).collect();
    let Ok(out) = std::process::Command::new("nm")
        .args(["--defined-only", binary])
        .output()
    else {
        println!("startup symbol order: not checked (no nm)");
        return;
    };
    let symbols: std::collections::HashSet<&str> = std::str::from_utf8(&out.stdout)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .collect();
    let found = listed.iter().filter(|s| symbols.contains(*s)).count();
    println!(
        "startup symbol order: {found} of {} listed functions are in the binary ({:.0} %){}",
        listed.len(),
        100.0 * found as f64 / listed.len().max(1) as f64,
        if found * 10 < listed.len() * 9 {
            "; make the list again with scripts/startup-symbols"
        } else {
            ""
        }
    );
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    if std::env::var_os("DISPLAY").is_none() {
        println!("startup bench skipped: no display (run it under xvfb-run)");
        return;
    }
    let Some(binary) = support::app::release_binary("ADVIESWERK_APP", "advieswerk-app") else {
        println!("startup bench skipped: build the release app first");
        return;
    };
    let bare = support::app::release_binary("ADVIESWERK_BARE_APP", "advieswerk-bare-tauri");
    if bare.is_none() {
        println!(
            "the bare window is not built: `cargo build --release -p advieswerk-bare-tauri` \
             for the comparison"
        );
    }
    startup_order(&binary);
    let runs: usize = std::env::var("ADVIESWERK_STARTUP_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(11);

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    {
        let mut store = Store::open(&db).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        advieswerk::demo::load(&mut store, today).unwrap();
        common::fill_register(&mut store, 10_000, today);
        // The search index as the app keeps it: every measured start finds it up to date.
        store.refresh_search(None).unwrap();
        println!(
            "database: {} requests, {} MB",
            store.count_requests().unwrap(),
            std::fs::metadata(&db).unwrap().len() / 1_000_000
        );
    }
    // The day's backup is made at the first start, once it has settled; every measured start is
    // a later one that day.
    {
        let _first = App::start_binary(&binary, &db, &[]);
        let asked = Instant::now();
        while advieswerk::backup::list(&db).map_or(true, |b| b.is_empty()) {
            assert!(
                asked.elapsed().as_secs() < 60,
                "the first start made no backup"
            );
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
    }
    let bare_db = dir.path().join("kaal.sqlite3");

    let mut apps: Vec<Start> = Vec::new();
    let mut bares: Vec<Start> = Vec::new();
    let mut times = Vec::new();
    for run in 0..runs {
        // Alternating which goes first, so neither always finds the disk cache warmer.
        let order: Vec<bool> = if run % 2 == 0 {
            vec![true, false]
        } else {
            vec![false, true]
        };
        for is_bare in order {
            if is_bare {
                let Some(bare) = bare.as_deref() else {
                    continue;
                };
                let (window, mut s) = start(bare, &bare_db);
                println!(
                    "run {run}: bare window: first screen {:.0} ms ({:.0} ms as the driver sees it)",
                    s.first_screen, s.driver
                );
                (s.pss_early, s.pss) = idle_pss(bare);
                drop(window);
                bares.push(s);
            } else {
                let (app, mut s) = start(&binary, &db);
                let ui = app.ui();
                let page = ui
                    .execute(
                        "const n = performance.getEntriesByType('navigation')[0];\
                         const p = performance.getEntriesByName('first-contentful-paint')[0];\
                         return [n ? n.domContentLoadedEventEnd : -1, p ? p.startTime : -1];",
                        vec![],
                    )
                    .unwrap();
                println!(
                    "    page began {:.0} ms after the process; its scripts ran by {:.0} ms, first \
                     paint {:.0} ms, first screen with data {:.0} ms",
                    s.first_screen - s.on_page,
                    page[0].as_f64().unwrap_or(-1.0),
                    page[1].as_f64().unwrap_or(-1.0),
                    s.on_page,
                );
                ui.execute(
                    "performance.mark('asked:register'); location.hash = '#/register'",
                    vec![],
                )
                .unwrap();
                ui.find("#register-table tbody tr");
                let count = ui.text_of("#register-count");
                assert!(count.contains("van"), "{count}");
                let (_, asked) = mark(ui, "asked:register");
                let (_, shown) = mark(ui, "shown:register");
                let register = shown - asked;
                let ms = s.first_screen + register;
                times.push(ms);
                println!(
                    "run {run}: Advieswerk: first screen {:.0} ms + register {register:.0} ms = \
                     {ms:.0} ms ({count}; first screen {:.0} ms as the driver sees it)",
                    s.first_screen, s.driver
                );
                (s.pss_early, s.pss) = idle_pss(&binary);
                drop(app);
                apps.push(s);
            }
            std::thread::sleep(std::time::Duration::from_millis(300));
        }
    }
    let of = |v: &[Start], f: fn(&Start) -> f64| median(&v.iter().map(f).collect::<Vec<_>>());
    let t = median(&times);
    let m = of(&apps, |s| s.pss);
    println!(
        "cold start to an interactive register, 10,000 requests  median {t:.0} ms  (target ≤ 500 ms: {})",
        if t <= 500.0 { "met" } else { "MISSED" }
    );
    println!(
        "memory of app and webview processes (PSS)             median {m:.1} MB  (target ≤ 200 MB: {})",
        if m <= 200.0 { "met" } else { "MISSED" }
    );
    if bares.is_empty() {
        return;
    }
    let met = |ok: bool| if ok { "met" } else { "MISSED" };
    let (af, bf) = (
        of(&apps, |s| s.first_screen),
        of(&bares, |s| s.first_screen),
    );
    let (ad, bd) = (of(&apps, |s| s.driver), of(&bares, |s| s.driver));
    let bm = of(&bares, |s| s.pss);
    println!("against a bare Tauri window (medians of {runs} starts each):");
    println!("                                   bare     Advieswerk   difference");
    println!(
        "process start to first screen   {bf:6.0} ms  {af:6.0} ms   {:+6.0} ms  (target ≤ 50 ms: {})",
        af - bf,
        met(af - bf <= 50.0)
    );
    println!(
        "session asked to first screen   {bd:6.0} ms  {ad:6.0} ms   {:+6.0} ms",
        ad - bd
    );
    let (me, be) = (of(&apps, |s| s.pss_early), of(&bares, |s| s.pss_early));
    println!(
        "PSS 5 s after the first screen  {be:6.1} MB  {me:6.1} MB   {:+6.1} MB",
        me - be
    );
    println!(
        "PSS at rest (8 s after it)      {bm:6.1} MB  {m:6.1} MB   {:+6.1} MB  (target ≤ 20 MB: {})",
        m - bm,
        met(m - bm <= 20.0)
    );
}
