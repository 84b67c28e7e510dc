//! Start-up and memory of the app as it ships: the real window (release build) on a database
//! with 10,000 requests, started afresh each run through tauri-driver. The start is the app's
//! own time: from the process starting to the first screen showing its data, plus from asking
//! for the register to its first page of rows showing. Both ends come from the page's own
//! User Timing marks (`ui/src/lib/timing.ts`) and the kernel's start time of the process, so
//! the driver's polling between them is not counted. The wall time as the driver sees it is
//! printed beside it as an upper bound. Then the memory of the app and its webview processes
//! together, as PSS (each shared page counted once over them).
//! Targets: start ≤ 0.5 s median, PSS ≤ 200 MB.
//!
//! Run (needs a display, tauri-driver and the release app):
//! `cargo build --release -p advieswerk-app && xvfb-run -a cargo bench --bench startup`.
//! `ADVIESWERK_APP` picks another app binary; `ADVIESWERK_STARTUP_RUNS` the number of starts.
//! Under WebDriver the app also sets up its automation session before loading the page, which
//! a user's start does not do: the figure is slightly pessimistic.

mod common;
#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;

use advieswerk::Store;
use chrono::NaiveDate;
use support::app::App;

/// Field `n` (numbered from 1, as in proc(5)) of `/proc/PID/stat`. Counted after the
/// parenthesised command name, which may itself hold spaces.
fn stat_field<T: std::str::FromStr>(pid: u32, n: usize) -> Option<T> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(n - 3)?.parse().ok()
}

/// Every process under `pid` (the app's webview runs in child processes).
fn family(pid: u32) -> Vec<u32> {
    let mut all = vec![pid];
    let mut i = 0;
    while i < all.len() {
        let parent = all[i];
        if let Ok(entries) = std::fs::read_dir("/proc") {
            for e in entries.flatten() {
                let Ok(child) = e.file_name().to_string_lossy().parse::<u32>() else {
                    continue;
                };
                if stat_field::<u32>(child, 4) == Some(parent) && !all.contains(&child) {
                    all.push(child);
                }
            }
        }
        i += 1;
    }
    all
}

fn pss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Milliseconds since the process started, from the kernel's clock ticks since boot (100 a
/// second on Linux), so within about 10 ms.
fn age_ms(pid: u32) -> f64 {
    let started: f64 = stat_field(pid, 22).expect("start time in /proc/PID/stat");
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .unwrap()
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap();
    uptime * 1000.0 - started * 10.0
}

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

fn app_pid(binary: &str) -> Option<u32> {
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_string_lossy().parse().ok()?;
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok()?;
        (exe.to_string_lossy() == binary).then_some(pid)
    })
}

fn main() {
    if std::env::var_os("DISPLAY").is_none() {
        println!("startup bench skipped: no display (run it under xvfb-run)");
        return;
    }
    let release =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/advieswerk-app");
    if std::env::var_os("ADVIESWERK_APP").is_none() {
        if !release.exists() {
            println!("startup bench skipped: build the release app first");
            return;
        }
        // SAFETY: set before any thread is started.
        unsafe { std::env::set_var("ADVIESWERK_APP", &release) };
    }
    let binary = support::app::app_binary();
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
        println!(
            "database: {} requests, {} MB",
            store.count_requests().unwrap(),
            std::fs::metadata(&db).unwrap().len() / 1_000_000
        );
    }
    // The day's backup is made at the first start; every measured start is a later one that day.
    drop(App::start_on(&db));

    let mut times = Vec::new();
    let mut walls = Vec::new();
    let mut pss = Vec::new();
    for run in 0..runs {
        let started = Instant::now();
        let app = App::start_on(&db);
        let ui = app.ui();
        let pid = app_pid(&binary).expect("the app process");
        // The process's age and the mark's age are read together, so the page's clock and the
        // kernel's need not agree.
        mark(ui, "shown:start");
        let before = age_ms(pid);
        let (since_start, on_page) = mark(ui, "shown:start");
        let first_screen = (before + age_ms(pid)) / 2.0 - since_start;
        let page = ui
            .execute(
                "const n = performance.getEntriesByType('navigation')[0];\
                 const p = performance.getEntriesByName('first-contentful-paint')[0];\
                 return [n ? n.domContentLoadedEventEnd : -1, p ? p.startTime : -1];",
                vec![],
            )
            .unwrap();
        println!(
            "    page began {:.0} ms after the process; its scripts ran by {:.0} ms, first paint \
             {:.0} ms, first screen with data {on_page:.0} ms",
            first_screen - on_page,
            page[0].as_f64().unwrap_or(-1.0),
            page[1].as_f64().unwrap_or(-1.0),
        );
        ui.execute(
            "performance.mark('asked:register'); location.hash = '#/register'",
            vec![],
        )
        .unwrap();
        ui.find("#register-table tbody tr");
        let count = ui.text_of("#register-count");
        let wall = started.elapsed().as_secs_f64() * 1000.0;
        assert!(count.contains("van"), "{count}");
        let (_, asked) = mark(ui, "asked:register");
        let (_, shown) = mark(ui, "shown:register");
        let register = shown - asked;
        let ms = first_screen + register;
        times.push(ms);
        walls.push(wall);
        // Memory once the screen is idle.
        std::thread::sleep(std::time::Duration::from_secs(2));
        let procs = family(pid);
        let total: u64 = procs.iter().map(|&p| pss_kb(p)).sum();
        pss.push(total as f64 / 1024.0);
        println!(
            "run {run}: first screen {first_screen:.0} ms + register {register:.0} ms = {ms:.0} ms \
             ({count}; {wall:.0} ms as the driver sees it); PSS {:.1} MB over {} processes",
            total as f64 / 1024.0,
            procs.len()
        );
        for &p in &procs {
            let comm = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
            println!(
                "    {:<16} {:6.1} MB",
                comm.trim(),
                pss_kb(p) as f64 / 1024.0
            );
        }
        drop(app);
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (t, w, m) = (median(&mut times), median(&mut walls), median(&mut pss));
    println!(
        "cold start to an interactive register, 10,000 requests  median {t:.0} ms  (target ≤ 500 ms: {})",
        if t <= 500.0 { "met" } else { "MISSED" }
    );
    println!("  (as the driver sees it, including its own start and polling: median {w:.0} ms)");
    println!(
        "memory of app and webview processes (PSS)             median {m:.1} MB  (target ≤ 200 MB: {})",
        if m <= 200.0 { "met" } else { "MISSED" }
    );
}
