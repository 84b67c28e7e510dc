//! Drafting benchmark: a database with 50,000 advice sections (12,500 requests of four
//! sections, with text and a revision each; `ADVIESWERK_BENCH_SECTIONS` to change), then the
//! median and 95th percentile of what the writing screen does: the durable save of one section
//! (target ≤ 10 ms), opening an advice, listing revisions, comparing a revision, and the preview
//! of a 5,000-word section (target ≤ 20 ms).
//!
//! Run: `cargo bench --bench advice`.

mod common;

use std::time::Instant;

use advieswerk::advice::SectionSave;
use advieswerk::request::RequestInput;
use advieswerk::{Store, date, service};
use common::{Lcg, measure, section};

fn main() {
    let sections: usize = std::env::var("ADVIESWERK_BENCH_SECTIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.sqlite3");
    let mut store = Store::open(&path).expect("open");
    let today = advieswerk::Clock::system().today();
    let body = section(150);

    let fill = Instant::now();
    // Filling is not what is measured: skip the fsync per transaction while filling.
    store
        .conn()
        .execute_batch("PRAGMA synchronous = OFF")
        .unwrap();
    let mut all = Vec::with_capacity(sections);
    let mut requests = Vec::new();
    while all.len() < sections {
        let i = requests.len();
        let r = service::create_request(
            &mut store,
            &RequestInput::asked(&format!("Adviesaanvraag {i}"), &date::iso(today)),
            today,
        )
        .expect("request");
        let advice = service::open_advice(&mut store, &r.id).expect("advice");
        for s in advice.sections {
            let saved = service::save_section(
                &mut store,
                &SectionSave {
                    section_id: s.id.clone(),
                    base_version: s.version,
                    title: s.title.clone(),
                    body: body.clone(),
                    checkpoint: false,
                    base_body: None,
                },
            )
            .expect("save");
            all.push((s.id, s.title, saved.version));
        }
        requests.push(r.id);
    }
    store
        .conn()
        .execute_batch("PRAGMA synchronous = FULL")
        .unwrap();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "filled {} sections in {} requests in {:.1} s; database {:.0} MB",
        all.len(),
        requests.len(),
        fill.elapsed().as_secs_f64(),
        size as f64 / 1_048_576.0
    );

    let mut rng = Lcg(7);
    let picks: Vec<usize> = (0..300)
        .map(|_| rng.below(all.len() as u64) as usize)
        .collect();
    measure(
        "durable save of one section (synchronous=FULL)",
        Some(10.0),
        200,
        |i| {
            let k = picks[i % picks.len()];
            let (id, title, version) = &all[k];
            let saved = service::save_section(
                &mut store,
                &SectionSave {
                    section_id: id.clone(),
                    base_version: *version,
                    title: title.clone(),
                    body: format!("{body}\n\nWijziging {i}."),
                    checkpoint: false,
                    base_body: None,
                },
            )
            .expect("save");
            all[k].2 = saved.version;
        },
    );
    measure("open the advice of a request", None, 200, |i| {
        service::open_advice(&mut store, &requests[(i * 37) % requests.len()]).expect("advice");
    });
    measure("list a section's revisions", None, 200, |i| {
        service::list_revisions(&store, &all[picks[i % picks.len()]].0).expect("revisions");
    });

    // A 5,000-word section, then an edit of it; compare the edit with the older revision.
    let long = section(5_000);
    let (id, title, mut version) = all[0].clone();
    for text in [long.clone(), long.replace("tijdig", "op tijd")] {
        version = service::save_section(
            &mut store,
            &SectionSave {
                section_id: id.clone(),
                base_version: version,
                title: title.clone(),
                body: text,
                checkpoint: true,
                base_body: None,
            },
        )
        .expect("save")
        .version;
    }
    let revision = service::list_revisions(&store, &id).expect("revisions")[1]
        .id
        .clone();
    measure(
        "compare a 5,000-word text with a revision",
        None,
        50,
        |_| {
            service::compare_revision(&store, &id, &revision).expect("diff");
        },
    );
    measure("preview of a 5,000-word section", Some(20.0), 200, |_| {
        service::render_preview(&long).expect("preview");
    });
}
