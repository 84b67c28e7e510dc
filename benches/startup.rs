//! Start-up and memory of the app as it ships: the real window (release build) on a database
//! with 10,000 requests, started afresh each run through tauri-driver, timed from asking for the
//! window to the register showing its first page of rows and answering. Then the memory of the
//! app and its webview processes together, as PSS (each shared page counted once over them).
//! Targets: start ≤ 0.5 s median, PSS ≤ 200 MB.
//!
//! Run (needs a display, tauri-driver and the release app):
//! `cargo build --release -p advieswerk-app && xvfb-run -a cargo bench --bench startup`.
//! `ADVIESWERK_APP` picks another app binary; `ADVIESWERK_STARTUP_RUNS` the number of starts.
//! The time includes WebDriver's own start-up of the session, so it is an upper bound.

mod common;
#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;

use advieswerk::Store;
use chrono::NaiveDate;
use support::app::App;

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
                let stat =
                    std::fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
                // The parent pid is the second field after the parenthesised name.
                let ppid = stat
                    .rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                    .and_then(|p| p.parse::<u32>().ok());
                if ppid == Some(parent) && !all.contains(&child) {
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
    let mut pss = Vec::new();
    for run in 0..runs {
        let started = Instant::now();
        let app = App::start_on(&db);
        let ui = app.ui();
        ui.execute("location.hash = '#/register'", vec![]).unwrap();
        ui.find("#register-table tbody tr");
        let count = ui.text_of("#register-count");
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        assert!(count.contains("van"), "{count}");
        times.push(ms);
        // Memory once the screen is idle.
        std::thread::sleep(std::time::Duration::from_secs(2));
        let pid = app_pid(&binary).expect("the app process");
        let procs = family(pid);
        let total: u64 = procs.iter().map(|&p| pss_kb(p)).sum();
        pss.push(total as f64 / 1024.0);
        println!(
            "run {run}: register ready in {ms:.0} ms ({count}); PSS {:.1} MB over {} processes",
            total as f64 / 1024.0,
            procs.len()
        );
        drop(app);
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (t, m) = (median(&mut times), median(&mut pss));
    println!(
        "cold start to an interactive register, 10,000 requests  median {t:.0} ms  (target ≤ 500 ms: {})",
        if t <= 500.0 { "met" } else { "MISSED" }
    );
    println!(
        "memory of app and webview processes (PSS)             median {m:.1} MB  (target ≤ 200 MB: {})",
        if m <= 200.0 { "met" } else { "MISSED" }
    );
}
