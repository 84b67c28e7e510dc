//! Register benchmark: fills a database at council scale and beyond (10,000 requests by
//! default, `ADVIESWERK_BENCH_REQUESTS` to change) through the real use cases, then prints the
//! median and 95th percentile of the operations the register screen performs.
//!
//! Run: `cargo bench --bench register` (target: ≤ 2 ms median for a filtered, sorted page and
//! for opening one request).

mod common;

use std::time::Instant;

use common::measure;

use advieswerk::request::{RegisterQuery, SortKey};
use advieswerk::status::Status;
use advieswerk::{Store, demo, service};
use chrono::NaiveDate;

fn main() {
    let n: usize = std::env::var("ADVIESWERK_BENCH_REQUESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    // ADVIESWERK_BENCH_DB keeps the filled database for inspection (it must not exist yet).
    let path = std::env::var_os("ADVIESWERK_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("bench.sqlite3"));
    let mut store = Store::open(&path).expect("open");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    demo::load(&mut store, today).expect("demo council");
    let council = service::get_council(&store).unwrap();

    let fill = Instant::now();
    let ids = common::fill_register(&mut store, n, today);
    let steps: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM request_step", [], |r| r.get(0))
        .unwrap();
    println!(
        "Filled {} requests with {steps} steps in {:.1} s ({} MB database)",
        store.count_requests().unwrap(),
        fill.elapsed().as_secs_f64(),
        std::fs::metadata(&path)
            .map(|m| m.len() / 1_000_000)
            .unwrap_or(0)
    );

    let open: Vec<Status> = Status::ALL
        .into_iter()
        .filter(|s| !s.is_terminal())
        .collect();
    let jeugd = council.theme_named("Jeugd").unwrap().id.clone();
    let filtered = RegisterQuery {
        statuses: open.clone(),
        theme_id: Some(jeugd.clone()),
        sort: SortKey::Due,
        limit: 50,
        ..Default::default()
    };
    let page = service::register(&store, &filtered, today).unwrap();
    println!(
        "(filtered page: {} of {} matching rows)",
        page.rows.len(),
        page.total
    );
    measure(
        "register: open + theme, by due date, page 1 of 50",
        Some(2.0),
        300,
        |_| {
            let p = service::register(&store, &filtered, today).unwrap();
            assert!(!p.rows.is_empty());
        },
    );
    measure(
        "register: all, by subject, page 20 of 50",
        None,
        300,
        |_| {
            let q = RegisterQuery {
                sort: SortKey::Subject,
                offset: 950,
                limit: 50,
                ..Default::default()
            };
            service::register(&store, &q, today).unwrap();
        },
    );
    measure(
        "register: year 2024, by received date descending",
        None,
        300,
        |_| {
            let q = RegisterQuery {
                year: Some(2024),
                sort: SortKey::Received,
                descending: true,
                limit: 50,
                ..Default::default()
            };
            service::register(&store, &q, today).unwrap();
        },
    );
    measure(
        "register: search 'mantelzorg' across all fields",
        None,
        300,
        |_| {
            let q = RegisterQuery {
                search: "mantelzorg".into(),
                limit: 50,
                ..Default::default()
            };
            service::register(&store, &q, today).unwrap();
        },
    );
    measure(
        "open one request (with steps and plan)",
        Some(2.0),
        1000,
        |i| {
            let id = &ids[(i * 7919) % ids.len()];
            service::get_request(&store, id, today).unwrap();
        },
    );
    measure(
        "start screen (Wat komt eraan) over all open requests",
        None,
        50,
        |_| {
            service::upcoming(&store, today).unwrap();
        },
    );
}
