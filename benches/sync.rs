//! Sharing benchmark: a council of 12,500 requests with 50,000 advice sections
//! (`ADVIESWERK_BENCH_REQUESTS` to change) shared through a folder. Prints:
//! - starting to share it (its whole state into documents and the folder);
//! - opening the shared council cold (a new process's first round: the council's document
//!   loaded, the folder listed), target ≤ 1 s, with the process's memory;
//! - a new member joining (every document read from the folder);
//! - taking in a day of 12 members' changes (~2,000 small changes in 12 files) with the
//!   projection into the tables, target ≤ 200 ms;
//! - the folder's size against the SQLite file's, target ≤ 2×.
//!
//! Run: `cargo bench --bench sync`. For profiling the take-in alone:
//! `ADVIESWERK_BENCH_KEEP=DIR` saves Anna's database and the folder just before it, and
//! `ADVIESWERK_BENCH_REPLAY=DIR` then runs only the take-in from that state.

mod common;

use std::path::Path;
use std::time::Instant;

use advieswerk::advice::SectionSave;
use advieswerk::service::{self, Sharing};
use advieswerk::{Store, demo};
use common::{Lcg, fill_register, section};

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn size_of(path: &Path) -> u64 {
    let meta = std::fs::symlink_metadata(path).unwrap();
    if meta.is_dir() {
        std::fs::read_dir(path)
            .unwrap()
            .map(|e| size_of(&e.unwrap().path()))
            .sum()
    } else {
        meta.len()
    }
}

fn db_size(db: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .map(|s| {
            std::fs::metadata(format!("{}{s}", db.display()))
                .map(|m| m.len())
                .unwrap_or(0)
        })
        .sum()
}

fn verdict(ms: f64, target: f64) -> &'static str {
    if ms <= target { "met" } else { "MISSED" }
}

/// Times Anna's round that takes in the day's changes, and prints it against its target.
fn take_in(a: &mut Store, sharing: &mut Sharing, detail: &str) {
    let t = Instant::now();
    let status = service::sync_round(a, sharing).unwrap();
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "{:<52} {ms:>9.0} ms   target ≤ 200 ms: {}   ({} records projected{detail})",
        "take in a day of 12 members' changes",
        verdict(ms, 200.0),
        status.received
    );
}

/// Copies a directory tree, each file synced, so writing it back does not run during a timing.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
            std::fs::File::open(&target).unwrap().sync_all().unwrap();
        }
    }
}

/// `ADVIESWERK_BENCH_REPLAY=DIR`: only the take-in, from the state `ADVIESWERK_BENCH_KEEP=DIR`
/// saved (a few seconds a run instead of minutes, for profiling). Anna's app has her council's
/// document loaded and the folder open, as in the full run.
fn replay(kept: &Path) {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(kept, dir.path());
    let folder = dir.path().join("gedeeld");
    let mut a = Store::open(dir.path().join("a.sqlite3")).unwrap();
    let mut sharing = Sharing::default();
    a.conn()
        .execute(
            "UPDATE sync_space SET folder = ?1",
            [folder.to_str().unwrap()],
        )
        .unwrap();
    // Her change of the afternoon, sent while the others' files are held back.
    let me: String = a
        .conn()
        .query_row("SELECT device_id FROM sync_space", [], |r| r.get(0))
        .unwrap();
    a.conn()
        .execute(
            "UPDATE advice_request SET notes = 'middag' WHERE id = (SELECT min(id) FROM advice_request)",
            [],
        )
        .unwrap();
    let files = folder.join("advieswerk");
    let held = dir.path().join("achtergehouden");
    std::fs::create_dir(&held).unwrap();
    let others: Vec<_> = std::fs::read_dir(&files)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| *n != *me)
        .collect();
    for o in &others {
        std::fs::rename(files.join(o), held.join(o)).unwrap();
    }
    service::sync_round(&mut a, &mut sharing).unwrap();
    for o in &others {
        std::fs::rename(held.join(o), files.join(o)).unwrap();
    }
    take_in(&mut a, &mut sharing, "; replayed");
}

fn main() {
    if let Some(kept) = std::env::var_os("ADVIESWERK_BENCH_REPLAY") {
        replay(Path::new(&kept));
        return;
    }
    let requests: usize = std::env::var("ADVIESWERK_BENCH_REQUESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(12_500);
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("gedeeld");
    std::fs::create_dir(&folder).unwrap();
    let db_a = dir.path().join("a.sqlite3");
    let today = advieswerk::Clock::system().today();

    let fill = Instant::now();
    let (ids, sections) = {
        let mut a = Store::open(&db_a).unwrap();
        demo::load(&mut a, today).unwrap();
        let ids = fill_register(&mut a, requests, today);
        let body = section(120);
        let mut sections = Vec::new();
        for id in &ids {
            let advice = service::open_advice(&mut a, id).unwrap();
            let local = advice.sections[2].clone();
            if advice.locked {
                continue;
            }
            service::save_section(
                &mut a,
                &SectionSave {
                    section_id: local.id.clone(),
                    base_version: local.version,
                    title: local.title.clone(),
                    body: body.clone(),
                    checkpoint: false,
                    base_body: None,
                },
            )
            .unwrap();
            sections.push(local.id);
        }
        (ids, sections)
    };
    let n_sections: i64 = Store::open(&db_a)
        .unwrap()
        .conn()
        .query_row("SELECT count(*) FROM advice_section", [], |r| r.get(0))
        .unwrap();
    println!(
        "filled {} requests and {n_sections} sections in {:.1} s",
        ids.len(),
        fill.elapsed().as_secs_f64()
    );

    // Starting to share: everything into documents and a first file.
    let passphrase = {
        let mut a = Store::open(&db_a).unwrap();
        let t = Instant::now();
        let shared = service::share_council(&mut a, &mut Sharing::default(), &folder, "Anna")
            .expect("share");
        println!(
            "{:<52} {:>9.0} ms",
            "start sharing the whole council",
            t.elapsed().as_secs_f64() * 1000.0
        );
        shared.passphrase
    };

    // Opening the shared council cold, as a new start of the app does.
    {
        let before = rss_mib();
        let t = Instant::now();
        let mut a = Store::open(&db_a).unwrap();
        let mut sharing = Sharing::default();
        service::sync_round(&mut a, &mut sharing).unwrap();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        println!(
            "{:<52} {ms:>9.0} ms   target ≤ 1000 ms: {}   memory {:.0} MiB (+{:.0} MiB)",
            "open the shared council cold (first round)",
            verdict(ms, 1000.0),
            rss_mib(),
            rss_mib() - before
        );
    }

    // A new member joins: every document from the folder.
    let db_b = dir.path().join("b.sqlite3");
    let mut b = Store::open(&db_b).unwrap();
    let mut b_sharing = Sharing::default();
    let t = Instant::now();
    service::join_council(&mut b, &mut b_sharing, &folder, &passphrase, "Bert", false).unwrap();
    println!(
        "{:<52} {:>9.0} ms",
        "a new member joins (everything from the folder)",
        t.elapsed().as_secs_f64() * 1000.0
    );

    // Anna's app is running: her own change of this morning loaded the council's document.
    let mut a = Store::open(&db_a).unwrap();
    let mut a_sharing = Sharing::default();
    a.conn()
        .execute(
            "UPDATE advice_request SET notes = 'ochtend' WHERE id = ?1",
            [ids[0].as_str()],
        )
        .unwrap();
    let t = Instant::now();
    service::sync_round(&mut a, &mut a_sharing).unwrap();
    println!(
        "{:<52} {:>9.0} ms",
        "one local change sent (council document loaded)",
        t.elapsed().as_secs_f64() * 1000.0
    );

    // A day of 12 members' changes: ~2,000 small edits, in 12 files.
    let mut rng = Lcg(7);
    let mut changes = 0;
    for member in 0..12 {
        for _ in 0..84 {
            let r = &ids[rng.below(ids.len() as u64) as usize];
            b.conn()
                .execute(
                    "UPDATE advice_request SET notes = ?2, our_reference = ?3 WHERE id = ?1",
                    rusqlite::params![
                        r.as_str(),
                        format!("notitie {member}"),
                        format!("ref {changes}")
                    ],
                )
                .unwrap();
            changes += 1;
        }
        for _ in 0..84 {
            let sid = &sections[rng.below(sections.len() as u64) as usize];
            let s = b.get_section(sid).unwrap();
            let body = format!("{} Aanvulling van lid {member}.", s.body);
            service::save_section(
                &mut b,
                &SectionSave {
                    section_id: sid.clone(),
                    base_version: s.version,
                    title: s.title.clone(),
                    body,
                    checkpoint: false,
                    base_body: None,
                },
            )
            .unwrap();
            changes += 1;
        }
        service::sync_round(&mut b, &mut b_sharing).unwrap();
    }
    if let Some(keep) = std::env::var_os("ADVIESWERK_BENCH_KEEP") {
        // Anna's database as it stands, her folder, and no other member's database.
        let keep = Path::new(&keep);
        std::fs::create_dir_all(keep).unwrap();
        a.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        std::fs::copy(&db_a, keep.join("a.sqlite3")).unwrap();
        copy_tree(&folder, &keep.join("gedeeld"));
    }
    // Bert's desktop is another machine: his store closes first, so its background work
    // (checkpointing his log, freeing his documents) does not run beside Anna's round here.
    drop(b_sharing);
    drop(b);
    take_in(&mut a, &mut a_sharing, &format!("; {changes} changes"));

    let folder_size = size_of(&folder);
    let db = db_size(&db_a);
    let ratio = folder_size as f64 / db as f64;
    println!(
        "{:<52} {:>9.1} MB   SQLite {:.1} MB   ratio {ratio:.2}   target ≤ 2×: {}",
        "the shared folder",
        folder_size as f64 / 1e6,
        db as f64 / 1e6,
        if ratio <= 2.0 { "met" } else { "MISSED" }
    );
}
