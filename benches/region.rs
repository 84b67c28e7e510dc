//! Region benchmark: a region of 50 regional texts, each followed by 9 councils (450 council
//! rows, each text with a few proposals), as one council's installation holds it. Prints:
//! - the regional overview (every text, a row per council), target ≤ 50 ms;
//! - the list of texts, and one text with its proposals inline, councils and history;
//! - taking in one council's day of regional changes (a file of edits to 10 texts).
//!
//! Run: `cargo bench --bench region` (`ADVIESWERK_BENCH_TEXTS` changes the number of texts).

use std::time::Instant;

use advieswerk::service::{self, Sharing};
use advieswerk::sync::key::Cost;
use advieswerk::sync::regional::{COUNCILS, META, META_ID, PROPOSALS};
use advieswerk::sync::replica::{Fields, Value};
use advieswerk::{Clock, Store};

fn text(v: &str) -> Value {
    Value::Text(v.into())
}

fn median(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    ms[ms.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    )
}

fn main() {
    let texts: usize = std::env::var("ADVIESWERK_BENCH_TEXTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("regio");
    std::fs::create_dir(&region).unwrap();
    let mut store = Store::open(dir.path().join("raad.sqlite3")).unwrap();
    store.set_clock(Clock::fixed(
        chrono::DateTime::parse_from_rfc3339("2027-03-10T09:00:00Z")
            .unwrap()
            .to_utc(),
    ));
    let mut sharing = Sharing::with_cost(Cost::TEST);
    service::create_region(&mut store, &mut sharing, &region, "ASD Delft", "Delft").unwrap();
    let body = "De H9-adviesraden adviseren het college over de uitvoering van de Wmo. ".repeat(40);
    let t0 = Instant::now();
    let mut ids = Vec::new();
    for t in 0..texts {
        let id = advieswerk::ids::new_id();
        store
            .edit_regional(&id, |d| {
                let mut meta = Fields::new();
                meta.insert("title".into(), text(&format!("Regionaal advies {t}")));
                d.put(META, META_ID, &meta, &[])?;
                d.edit_body(&body)?;
                for p in 0..3 {
                    let pid = format!("p{t}-{p}");
                    d.mark_proposal(&pid, p * 100, p * 100 + 20, "andere woorden")?;
                    let mut f = Fields::new();
                    for (k, v) in [
                        ("kind", "replace"),
                        ("passage", "x"),
                        ("words", "andere woorden"),
                        ("reason", "omdat"),
                        ("council", "raad-1"),
                        ("state", if p == 0 { "accepted" } else { "open" }),
                        ("created_at", "2027-03-01T10:00:00.000Z"),
                    ] {
                        f.insert(k.into(), text(v));
                    }
                    d.put(PROPOSALS, &pid, &f, &[])?;
                }
                for c in 0..9 {
                    let mut f = Fields::new();
                    f.insert("name".into(), text(&format!("Adviesraad {c}")));
                    f.insert("municipality".into(), text(&format!("Gemeente {c}")));
                    f.insert("reference".into(), text(&format!("G{c}/{t}")));
                    f.insert("due_on".into(), text("2027-04-01"));
                    f.insert("meeting_on".into(), text("2027-03-24"));
                    if c % 2 == 0 {
                        f.insert("adopted_on".into(), text("2027-03-20"));
                        f.insert("adopted_fingerprint".into(), text("0011223344"));
                        f.insert("adopted_tenor".into(), text("positive"));
                    }
                    d.put(COUNCILS, &format!("raad-{c}"), &f, &[])?;
                }
                Ok(())
            })
            .unwrap();
        ids.push(id);
    }
    println!(
        "region: {texts} texts x 9 councils generated in {:.0} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );

    let overview = time(20, || service::region_overview(&store).unwrap());
    let rows: usize = service::region_overview(&store)
        .unwrap()
        .texts
        .iter()
        .map(|t| t.councils.len())
        .sum();
    println!(
        "overview ({texts} texts, {rows} council rows): {overview:.1} ms (target <= 50 ms: {})",
        if overview <= 50.0 { "met" } else { "MISSED" }
    );
    let list = time(20, || service::list_regional_texts(&store).unwrap());
    println!("list of texts: {list:.1} ms");
    let one = time(20, || service::get_regional_text(&store, &ids[0]).unwrap());
    println!("one text with proposals inline, councils and history: {one:.1} ms");
    let edit = time(10, || {
        store
            .edit_regional(&ids[1], |d| {
                let v = d.visible_body();
                d.edit_body(&format!("{v} Nog een zin."))
            })
            .unwrap()
    });
    println!("one edit of a text with open proposals (stored and projected): {edit:.1} ms");
}
