//! Register benchmark: fills a database at council scale and beyond (10,000 requests by
//! default, `ADVIESWERK_BENCH_REQUESTS` to change) through the real use cases, then prints the
//! median and 95th percentile of the operations the register screen performs.
//!
//! Run: `cargo bench --bench register` (target: ≤ 2 ms median for a filtered, sorted page and
//! for opening one request).

mod common;

use std::time::Instant;

use common::{Lcg, measure};

use advieswerk::request::{RegisterQuery, RequestInput, RequestKind, SortKey, StepInput};
use advieswerk::status::{Status, Tenor};
use advieswerk::{Store, date, demo, service};
use chrono::{Days, NaiveDate};

const WORDS: [&str; 16] = [
    "Beleidsplan",
    "Jeugdhulp",
    "Wmo",
    "verordening",
    "armoede",
    "schulden",
    "participatie",
    "mantelzorg",
    "wonen",
    "zorg",
    "inkoop",
    "regionaal",
    "minima",
    "vervoer",
    "dagbesteding",
    "beschermd",
];

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

    // Filling is not what is measured; durability is relaxed only while filling.
    store
        .conn()
        .execute_batch("PRAGMA synchronous = OFF")
        .unwrap();
    let fill = Instant::now();
    let mut rng = Lcg(42);
    let mut ids = Vec::with_capacity(n);
    // The main line of an advice after `Received`, in order (`Status::ALL` is in life order).
    let path_steps = &Status::ALL[1..7];
    for i in 0..n {
        let received = today - Days::new(rng.below(6 * 365));
        let subject = format!(
            "{} {} {} {}",
            WORDS[rng.below(16) as usize],
            WORDS[rng.below(16) as usize],
            WORDS[rng.below(16) as usize],
            i
        );
        let requested_by = (rng.below(3) > 0).then(|| received + Days::new(20 + rng.below(60)));
        let theme = &council.themes[rng.below(council.themes.len() as u64) as usize];
        let group =
            &council.working_groups[rng.below(council.working_groups.len() as u64) as usize];
        let r = service::create_request(
            &mut store,
            &RequestInput {
                subject,
                requester: "College van B en W".into(),
                kind: if rng.below(5) == 0 {
                    RequestKind::Unasked
                } else {
                    RequestKind::Asked
                },
                theme_id: Some(theme.id.clone()),
                working_group_id: Some(group.id.clone()),
                received_on: date::iso(received),
                requested_by: requested_by.map(date::iso).unwrap_or_default(),
                municipality_reference: format!(
                    "Z/{}/{:06}",
                    20 + rng.below(7),
                    rng.below(1_000_000)
                ),
                case_number: String::new(),
                our_reference: format!("{}-{:03}", 2020 + rng.below(7), i % 1000),
                notes: String::new(),
                confidential: false,
            },
            today,
        )
        .expect("create");
        // Older requests are further along in their life.
        let age = (today - received).num_days().max(0) as u64;
        let steps = ((age / 30) as usize).min(path_steps.len());
        for (k, status) in path_steps.iter().take(steps).enumerate() {
            let on = received + Days::new((k as u64 + 1) * age / (steps as u64 + 1));
            service::add_step(
                &mut store,
                &r.id,
                &StepInput {
                    status: *status,
                    on: date::iso(on),
                    reference: String::new(),
                    tenor: (*status == Status::Adopted).then_some(Tenor::Positive),
                    note: String::new(),
                },
                today,
            )
            .expect("step");
        }
        ids.push(r.id);
    }
    store
        .conn()
        .execute_batch("PRAGMA synchronous = FULL; PRAGMA optimize;")
        .unwrap();
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
