//! Crash safety: a writer process saving section text is killed with SIGKILL at random moments;
//! after each kill the database must pass `PRAGMA integrity_check` and hold text at least as
//! new as the last save the writer confirmed, written by that same run (every run marks its
//! text, so an earlier run's text cannot hide a total loss). The test counts the kills that
//! landed inside a save (announced, not yet confirmed) and, of those, how many after the commit.
//! `ADVIESWERK_CRASH_RUNS` sets the number of kills (default 40), `ADVIESWERK_CRASH_SEED` repeats
//! a run's random moments (the seed is printed).

mod support;

use std::time::Duration;

use advieswerk::advice::SectionScope;
use advieswerk::request::RequestInput;
use advieswerk::{SectionId, Store, service};
use support::writer::{Writer, stored_save};

fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// A new request's regional section, the one the writer saves over and over.
fn regional_section(s: &mut Store, subject: &str) -> SectionId {
    let today = advieswerk::Clock::system().today();
    let r = service::create_request(
        s,
        &RequestInput::asked(subject, &advieswerk::date::iso(today)),
        today,
    )
    .unwrap();
    service::open_advice(s, &r.id)
        .unwrap()
        .sections
        .into_iter()
        .find(|x| x.scope == SectionScope::Regional)
        .unwrap()
        .id
}

#[test]
fn killing_the_writer_at_random_moments_never_loses_a_confirmed_save() {
    let runs: u32 = std::env::var("ADVIESWERK_CRASH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.sqlite3");
    let section_id = regional_section(&mut Store::open(&db).unwrap(), "Crashtest");
    let seed = std::env::var("ADVIESWERK_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
        | 1;
    println!("crash test: seed {seed} (ADVIESWERK_CRASH_SEED={seed} repeats it)");
    let mut state = seed;
    let (mut confirmed_total, mut lost, mut killed_mid_run) = (0u64, 0u32, 0u32);
    let (mut in_save, mut in_save_committed) = (0u32, 0u32);
    for run in 1..=u64::from(runs) {
        let writer = Writer::start(&db, &section_id, run);
        // Kill anywhere from before the first save to deep into a run of saves.
        std::thread::sleep(Duration::from_millis(5 + xorshift(&mut state) % 250));
        let killed = writer.kill(&format!("run {run}"));
        let confirmed = killed.confirmed;
        killed_mid_run += u32::from(confirmed > 0);
        confirmed_total += confirmed;

        let s = Store::open(&db).unwrap();
        let check: String = s
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "run {run}: integrity_check");
        let body = s.get_section(&section_id).unwrap().body;
        let stored = stored_save(&body);
        if confirmed > 0 {
            // This run's text, at least the confirmed save, at most the one in flight beyond it.
            match stored {
                Some((r, n)) if r == run && n >= confirmed => assert!(
                    n <= confirmed + 1,
                    "run {run}: stored save {n} > confirmed {confirmed} + 1"
                ),
                other => {
                    lost += 1;
                    eprintln!("run {run}: confirmed save {confirmed}, stored {other:?}");
                }
            }
        }
        if let Some(n) = killed.in_flight {
            in_save += 1;
            in_save_committed += u32::from(stored == Some((run, n)));
        }
    }
    println!(
        "crash test: {runs} kills, {killed_mid_run} after at least one confirmed save, \
         {in_save} inside a save ({in_save_committed} after its commit, before its confirmation; \
         {} before its commit completed), {confirmed_total} confirmed saves in all, {lost} lost",
        in_save - in_save_committed
    );
    assert_eq!(lost, 0, "confirmed saves were lost (seed {seed})");
    assert!(
        killed_mid_run * 2 >= runs,
        "most kills should land while saving ({killed_mid_run} of {runs})"
    );
    assert!(
        in_save * 4 >= runs,
        "kills should land inside saves, not only between them ({in_save} of {runs})"
    );
}

/// The same writer, sharing its council: after every save it runs a sync round (outbox into the
/// documents, a file into the folder, the folder read back). Killed at random moments, at
/// least 200 times: after each kill the database is sound and holds the confirmed save; at the
/// end another member takes in everything, with no file refused (a kill never leaves a half
/// file of ours), and both hold the same text.
#[test]
fn killing_a_syncing_writer_at_random_moments_loses_nothing_and_the_members_converge() {
    use advieswerk::service::Sharing;
    use advieswerk::sync::key::Cost;
    let runs: u32 = std::env::var("ADVIESWERK_SYNC_CRASH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("writer.sqlite3");
    let folder = dir.path().join("gedeeld");
    std::fs::create_dir(&folder).unwrap();
    let (section_id, passphrase) = {
        let mut s = Store::open(&db).unwrap();
        let section = regional_section(&mut s, "Crashtest gedeeld");
        let shared = service::share_council(
            &mut s,
            &mut Sharing::with_cost(Cost::TEST),
            &folder,
            "Schrijver",
        )
        .unwrap();
        (section, shared.passphrase)
    };
    let mut state: u64 = 0x005e_ed0f_5afe;
    let mut lost = 0;
    for run in 1..=u64::from(runs) {
        let writer = Writer::start_syncing(&db, &section_id, run);
        std::thread::sleep(Duration::from_millis(5 + xorshift(&mut state) % 200));
        let confirmed = writer.kill(&format!("run {run}")).confirmed;
        let s = Store::open(&db).unwrap();
        let check: String = s
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "run {run}: integrity_check");
        if confirmed > 0 {
            let body = s.get_section(&section_id).unwrap().body;
            match stored_save(&body) {
                Some((r, n)) if r == run && n >= confirmed => {}
                other => {
                    lost += 1;
                    eprintln!("run {run}: confirmed save {confirmed}, stored {other:?}");
                }
            }
        }
    }
    assert_eq!(lost, 0, "confirmed saves were lost");

    // The writer's next start sends what it has; a member who joins now gets all of it.
    let mut w = Store::open(&db).unwrap();
    let mut ws = Sharing::default();
    let status = service::sync_round(&mut w, &mut ws).unwrap();
    assert!(
        status.refusals.is_empty() && status.unsent == 0,
        "{status:?}"
    );
    let mut m = Store::open(dir.path().join("lid.sqlite3")).unwrap();
    let joined = service::join_council(
        &mut m,
        &mut Sharing::default(),
        &folder,
        &passphrase,
        "Lid",
        false,
    )
    .unwrap();
    assert!(joined.refusals.is_empty(), "{joined:?}");
    assert_eq!(
        m.get_section(&section_id).unwrap().body,
        w.get_section(&section_id).unwrap().body
    );
    let files = std::fs::read_dir(folder.join("advieswerk"))
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .count();
    println!("sync crash test: {runs} kills, {files} files in the folder, nothing lost");
}
