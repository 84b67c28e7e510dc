//! Planning benchmark: 100,000 milestones over twenty years (`ADVIESWERK_BENCH_MILESTONES` to
//! change) in 50 tracks and ten municipalities, a few of them ranges of years; then the
//! quarter query the timeline makes (target ≤ 5 ms median), with filters, and the calendar
//! export of a quarter.
//!
//! Run: `cargo bench --bench planning`.

mod common;

use std::time::Instant;

use advieswerk::planning::{
    ItemKind, MilestoneStatus, TimelineQuery, TrackInput, TrackScope, ValidMilestone,
};
use advieswerk::store::planning::MilestoneFilter;
use advieswerk::{Store, service};
use chrono::{Days, NaiveDate};
use common::{Lcg, measure};

fn main() {
    let n: usize = std::env::var("ADVIESWERK_BENCH_MILESTONES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path().join("bench.sqlite3")).expect("open");
    let municipalities: Vec<String> = store
        .list_municipalities()
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    let tracks: Vec<advieswerk::TrackId> = (0..50)
        .map(|i| {
            store
                .upsert_track(
                    None,
                    &TrackInput {
                        name: format!("Traject {i}"),
                        scope: TrackScope::Regional,
                        description: String::new(),
                        municipality_ids: municipalities.clone(),
                    },
                )
                .unwrap()
        })
        .collect();
    let base = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let mut rng = Lcg(42);
    let fill = Instant::now();
    let mut batch = Vec::new();
    for i in 0..n {
        let start = base + Days::new(rng.below(20 * 365));
        // Mostly moments and short windows; one in a thousand spans years.
        let span = match rng.below(1000) {
            0 => Some(365 * (1 + rng.below(5))),
            x if x < 400 => Some(1 + rng.below(60)),
            _ => None,
        };
        batch.push(ValidMilestone {
            track_id: Some(tracks[rng.below(tracks.len() as u64) as usize].clone()),
            title: format!("Mijlpaal {i}"),
            kind: ItemKind::MILESTONE_KINDS[rng.below(10) as usize],
            starts_on: start,
            ends_on: span.map(|s| start + Days::new(s)),
            municipality_id: match rng.below(3) {
                0 => None,
                _ => Some(municipalities[rng.below(municipalities.len() as u64) as usize].clone()),
            },
            actor: String::new(),
            request_id: None,
            status: MilestoneStatus::Planned,
            notes: String::new(),
        });
        if batch.len() == 10_000 {
            store.insert_milestones(&batch).unwrap();
            batch.clear();
        }
    }
    store.insert_milestones(&batch).unwrap();
    println!(
        "filled {n} milestones in {:.1} s",
        fill.elapsed().as_secs_f64()
    );

    // Quarters all over the twenty years.
    let quarters: Vec<(NaiveDate, NaiveDate)> = (0..80)
        .map(|q| {
            let from = base + Days::new(q * 91);
            (from, from + Days::new(90))
        })
        .collect();
    let mut found = 0;
    measure(
        "quarter query (all milestones in 3 months)",
        Some(5.0),
        400,
        |i| {
            let (from, to) = quarters[i % quarters.len()];
            found = store
                .list_milestones(&MilestoneFilter {
                    from,
                    to,
                    track_ids: &[],
                    kinds: &[],
                    municipality_ids: &[],
                })
                .unwrap()
                .len();
        },
    );
    println!("  (last quarter held {found} milestones)");
    let some_tracks = tracks[..5].to_vec();
    let some_kinds = [ItemKind::FeedbackWindow, ItemKind::CouncilDecision];
    let some_places = [municipalities[0].clone(), "region".to_owned()];
    measure(
        "quarter query, 5 tracks, 2 kinds, 1 municipality + region",
        None,
        400,
        |i| {
            let (from, to) = quarters[i % quarters.len()];
            store
                .list_milestones(&MilestoneFilter {
                    from,
                    to,
                    track_ids: &some_tracks,
                    kinds: &some_kinds,
                    municipality_ids: &some_places,
                })
                .unwrap();
        },
    );
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    measure(
        "timeline view of a year (milestones + register)",
        None,
        100,
        |i| {
            let (from, _) = quarters[i % quarters.len()];
            service::timeline(
                &store,
                &TimelineQuery {
                    from: Some(from),
                    to: Some(from + Days::new(365)),
                    ..Default::default()
                },
                today,
            )
            .unwrap();
        },
    );
    measure("calendar export of a quarter", None, 50, |i| {
        let (from, to) = quarters[i % quarters.len()];
        service::export_ics(
            &store,
            &TimelineQuery {
                from: Some(from),
                to: Some(to),
                ..Default::default()
            },
            &[],
            today,
            chrono::Utc::now(),
        )
        .unwrap();
    });
}
