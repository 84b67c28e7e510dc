//! Follow-up benchmark: ten generated years of a council's work (1,000 requests a year by
//! default, `ADVIESWERK_BENCH_PER_YEAR` to change), made through the use cases with reactions,
//! outcomes, commitments and follow-up steps. Measures the annual report of the last year as
//! PDF/A (target ≤ 300 ms median, Typst's layout memory emptied before every run), as Word and
//! HTML, its figures alone, the year's publication, and the start screen with its reaction
//! deadlines and commitments over all 10,000 requests (target ≤ 10 ms median).
//!
//! Run: `cargo bench --bench follow_up`.

mod common;

use std::time::Instant;

use advieswerk::{Store, demo, service};
use chrono::NaiveDate;
use common::measure;

fn main() {
    let per_year: u32 = std::env::var("ADVIESWERK_BENCH_PER_YEAR")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, filled) = common::bench_db(dir.path());
    let mut store = Store::open(&path).expect("open");
    let today = NaiveDate::from_ymd_opt(2027, 2, 15).unwrap();
    if !filled {
        fill(&mut store, per_year, today);
    }

    let count = |sql: &str| -> i64 { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    println!(
        "{} requests, {} recommendations, {} commitments ({} MB database)",
        count("SELECT count(*) FROM advice_request"),
        count("SELECT count(*) FROM recommendation"),
        count("SELECT count(*) FROM commitment"),
        std::fs::metadata(&path)
            .map(|m| m.len() / 1_000_000)
            .unwrap_or(0)
    );
    let figures = service::annual_figures(&store, 2026, today).expect("figures");
    println!(
        "Year 2026: {} received, {} advice given, {} recommendations, {} on the report's list",
        figures.received,
        figures.given,
        figures.recommendations,
        figures.advices.len()
    );

    measure("annual report: figures of a year", None, 20, |_| {
        service::annual_figures(&store, 2026, today).expect("figures");
    });
    let mut size = 0;
    measure(
        "annual report as PDF/A, nothing remembered",
        Some(300.0),
        10,
        |_| {
            advieswerk::letter::pdf::forget_layouts();
            let pdf =
                service::render_annual_report(&store, 2026, service::LetterFormat::Pdf, today)
                    .expect("pdf");
            size = pdf.len();
        },
    );
    println!("  ({} kB)", size / 1024);
    measure("annual report as .docx", None, 10, |_| {
        service::render_annual_report(&store, 2026, service::LetterFormat::Docx, today)
            .expect("docx");
    });
    measure("annual report as HTML", None, 10, |_| {
        service::render_annual_report(&store, 2026, service::LetterFormat::Html, today)
            .expect("html");
    });
    let out = tempfile::tempdir().expect("out");
    measure("publication of the year (pages + index)", None, 3, |_| {
        service::publish_year(&mut store, 2026, today, out.path()).expect("publish");
    });
    let start = service::upcoming(&store, today).expect("upcoming");
    println!(
        "Start screen: {} requests need attention, {} commitments due, {} dates ahead",
        start.attention.len(),
        start.commitments.len(),
        start.agenda.len()
    );
    measure(
        "start screen (Wat komt eraan), 10,000 requests",
        Some(10.0),
        50,
        |_| {
            service::upcoming(&store, today).expect("upcoming");
        },
    );
}

/// Ten years of 2017–2026, `per_year` requests each, through the use cases in one transaction
/// (the same work, without a disk flush per step).
fn fill(store: &mut Store, per_year: u32, today: NaiveDate) {
    demo::load(store, today).expect("demo council");
    let start = Instant::now();
    store
        .atomically(|s: &mut Store| -> advieswerk::Result<()> {
            for (i, year) in (2017..=2026).enumerate() {
                demo::generate_year(s, year, per_year, 100 + i as u64, today)?;
            }
            Ok(())
        })
        .expect("generated years");
    println!("Filled in {:.1} s", start.elapsed().as_secs_f64());
}
