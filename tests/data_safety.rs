//! Data safety around the database file: damaged files at start are moved aside untouched and
//! a good backup is offered, backups are single consistent snapshots even while saving goes on,
//! restoring puts back exactly what was backed up (after backing up the current state), how
//! many backups are kept, and two processes saving into one database at once.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use advieswerk::advice::SectionScope;
use advieswerk::backup::{self, BackupInfo, BackupKind};
use advieswerk::error::ErrorCode;
use advieswerk::request::RequestInput;
use advieswerk::{Error, Store, demo, recovery, service};
use chrono::{Duration as Days, TimeZone, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};
use support::writer::{Writer, stored_save};

/// Every row of every table, as text, sorted: two databases hold the same data exactly when
/// their dumps are equal.
fn dump(path: &Path) -> BTreeMap<String, Vec<String>> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = BTreeMap::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                (0..columns)
                    .map(|i| r.get::<_, Value>(i).map(|v| format!("{v:?}")))
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map(|v| v.join("|"))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        out.insert(table, rows);
    }
    out
}

fn count(path: &Path, table: &str) -> i64 {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// A database with the example data, closed (its WAL checkpointed), and one daily backup.
fn council_db(dir: &Path) -> PathBuf {
    let db = dir.join("advieswerk.sqlite3");
    let mut store = Store::open(&db).unwrap();
    demo::load(&mut store, advieswerk::Clock::system().today()).unwrap();
    drop(store);
    backup::take(&db, BackupKind::Daily, chrono::Utc::now()).unwrap();
    db
}

fn new_request(store: &mut Store, subject: &str) -> advieswerk::RequestId {
    let today = advieswerk::Clock::system().today();
    service::create_request(
        store,
        &RequestInput::asked(subject, &advieswerk::date::iso(today)),
        today,
    )
    .unwrap()
    .id
}

/// The ways a database file gets damaged in practice: cut off by a failing disk or an
/// interrupted copy, its first page wiped, or overwritten by something else entirely.
fn damage(db: &Path, how: &str) {
    let mut bytes = std::fs::read(db).unwrap();
    match how {
        "truncated" => bytes.truncate(bytes.len() / 3),
        "zeroed header" => bytes[..4096].fill(0),
        "random bytes" => {
            let mut x = 0x9E37_79B9_7F4A_7C15u64;
            for b in bytes.iter_mut() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *b = x as u8;
            }
        }
        _ => unreachable!(),
    }
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn a_damaged_database_is_moved_aside_unchanged_and_the_newest_good_backup_restores_it() {
    for how in ["truncated", "zeroed header", "random bytes"] {
        let dir = tempfile::tempdir().unwrap();
        let db = council_db(dir.path());
        let backed_up = dump(&db);
        damage(&db, how);
        let damaged = std::fs::read(&db).unwrap();

        let err = recovery::open(&db)
            .err()
            .unwrap_or_else(|| panic!("{how}: opened"));
        let Error::Damaged { set_aside, .. } = &err else {
            panic!("{how}: {err}");
        };
        let set_aside = set_aside.clone().expect("moved aside");
        assert_eq!(err.code(), ErrorCode::Corrupt);
        let message = err.to_api().message;
        assert!(
            message.contains("beschadigd") && message.contains(&set_aside.display().to_string()),
            "{how}: {message}"
        );
        // Dutch only: no SQLite wording ("file is not a database", "disk image is malformed").
        assert!(
            !message.contains("file is not") && !message.contains("malformed"),
            "{how}: {message}"
        );
        assert!(!db.exists(), "{how}: the damaged file left in place");
        assert_eq!(
            std::fs::read(&set_aside).unwrap(),
            damaged,
            "{how}: the file set aside is the damaged file, byte for byte"
        );

        // The next start shows the same choice instead of starting empty over it.
        let again = recovery::open(&db).err().expect("no silent fresh database");
        assert_eq!(again.code(), ErrorCode::Corrupt, "{how}: {again}");
        assert!(!db.exists());

        let status = recovery::status(&db).unwrap();
        assert_eq!(status.set_aside, vec![set_aside.display().to_string()]);
        assert_eq!(status.backups.len(), 1, "{how}");
        let store = recovery::from_backup(&db, &status.backups[0].file_name).unwrap();
        drop(store);
        assert_eq!(dump(&db), backed_up, "{how}: the backup's rows are back");
        assert!(recovery::open(&db).is_ok(), "{how}: starts normally again");
        assert_eq!(std::fs::read(&set_aside).unwrap(), damaged, "{how}: kept");
    }
}

#[test]
fn damage_inside_the_data_is_found_by_the_check_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = council_db(dir.path());
    // Overwrite one page in the middle with garbage while keeping the header valid: only an
    // integrity check notices this.
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    let pages = bytes.len() / page;
    assert!(pages > 4, "example data spans several pages");
    let mid = (pages / 2) * page;
    for (i, b) in bytes[mid..mid + page].iter_mut().enumerate() {
        *b = (i * 31 % 251) as u8;
    }
    std::fs::write(&db, &bytes).unwrap();
    let err = recovery::open(&db).err().expect("must not open");
    assert_eq!(err.code(), ErrorCode::Corrupt, "{err}");
    assert!(!db.exists());
}

#[test]
fn a_damaged_database_without_backups_can_be_set_aside_and_started_over() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    std::fs::write(
        &db,
        b"Dit is geen database, maar een verdwaald tekstbestand.\n".repeat(200),
    )
    .unwrap();
    let err = recovery::open(&db).err().unwrap();
    assert_eq!(err.code(), ErrorCode::Corrupt, "{err}");
    let status = recovery::status(&db).unwrap();
    assert!(status.backups.is_empty());
    assert_eq!(status.set_aside.len(), 1);
    let store = recovery::start_empty(&db).unwrap();
    assert_eq!(count(store.path(), "advice_request"), 0);
    drop(store);
    // Starting over never touches what was set aside.
    let aside = std::fs::read(&status.set_aside[0]).unwrap();
    assert!(aside.starts_with(b"Dit is geen database"));
    // And once a database exists again, neither recovery may write over it.
    assert!(recovery::start_empty(&db).is_err());
    assert!(recovery::from_backup(&db, &"advieswerk-x.sqlite3".into()).is_err());
}

#[test]
fn a_backup_taken_while_saving_goes_on_is_one_snapshot_and_restores_with_identical_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let mut store = Store::open(&db).unwrap();
    for i in 0..50 {
        new_request(&mut store, &format!("Vooraf {i}"));
    }
    drop(store);

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut store = Store::open(&db).unwrap();
            let mut n = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                new_request(&mut store, &format!("Tijdens {n}"));
                n += 1;
            }
            n
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    let during = backup::take(&db, BackupKind::Manual, chrono::Utc::now()).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.join().unwrap();
    let path = backup::backup_dir(&db).join(&during.file_name);
    let snapshot = dump(&path);
    let after = dump(&db);

    // One snapshot: the backup holds a prefix of what the writer saved, each request complete,
    // and every row in it is in the live database unchanged.
    let in_backup = count(&path, "advice_request") - 50;
    assert!(
        in_backup > 0 && (in_backup as u32) < written,
        "the backup fell between saves: {in_backup} of {written}"
    );
    for (table, rows) in &snapshot {
        for row in rows {
            assert!(
                after[table].binary_search(row).is_ok(),
                "{table}: row in the backup not in the database: {row}"
            );
        }
    }
    let conn = Connection::open(&path).unwrap();
    let subjects: Vec<String> = conn
        .prepare("SELECT subject FROM advice_request WHERE subject LIKE 'Tijdens %'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut numbers: Vec<i64> = subjects
        .iter()
        .map(|s| s["Tijdens ".len()..].parse().unwrap())
        .collect();
    numbers.sort();
    assert_eq!(
        numbers,
        (0..in_backup).collect::<Vec<_>>(),
        "a prefix, no gaps"
    );
    drop(conn);

    // Restoring it gives back exactly those rows; the state it replaced is itself backed up.
    let mut store = Store::open(&db).unwrap();
    let before = service::restore_backup(&mut store, &during.file_name).unwrap();
    assert_eq!(before.kind, BackupKind::BeforeRestore);
    drop(store);
    assert_eq!(dump(&db), snapshot, "restored rows equal the backup's");
    let undo = backup::backup_dir(&db).join(&before.file_name);
    assert_eq!(dump(&undo), after, "the replaced state is kept in full");
}

#[test]
fn a_restore_can_be_undone_with_the_backup_it_made_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = council_db(dir.path());
    let mut store = Store::open(&db).unwrap();
    let manual = service::make_backup(&store).unwrap();
    let first = manual.backups[0].clone();
    assert_eq!(first.kind, BackupKind::Manual);
    new_request(&mut store, "Na de reservekopie");
    let with_new = dump(store.path());

    let before = service::restore_backup(&mut store, &first.file_name).unwrap();
    assert_eq!(count(store.path(), "advice_request"), 7);
    // The store keeps working after the swap.
    new_request(&mut store, "Na het terugzetten");
    assert_eq!(count(store.path(), "advice_request"), 8);

    service::restore_backup(&mut store, &before.file_name).unwrap();
    drop(store);
    assert_eq!(dump(&db), with_new);
}

#[test]
fn only_sound_backups_of_this_folder_can_be_restored_and_a_refused_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = council_db(dir.path());
    let mut store = Store::open(&db).unwrap();
    let original = dump(store.path());
    let good = backup::list(&db).unwrap()[0].clone();

    for name in [
        "../advieswerk.sqlite3",
        "/etc/passwd",
        "advieswerk-20260101T000000.000Z-handmatig.sqlite3",
        "",
    ] {
        let err = service::restore_backup(&mut store, &name.into()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound, "{name}: {err}");
    }

    // A backup damaged after it was made is refused with a Dutch explanation.
    let path = backup::backup_dir(&db).join(&good.file_name);
    damage(&path, "zeroed header");
    let err = service::restore_backup(&mut store, &good.file_name).unwrap_err();
    assert_eq!(err.code(), ErrorCode::BackupUnusable, "{err}");
    assert!(err.to_api().message.contains("niets gewijzigd"));
    assert!(recovery::status(&db).unwrap().backups.is_empty());

    // Nothing was backed up "before restore" and the data is as it was.
    assert!(
        backup::list(&db)
            .unwrap()
            .iter()
            .all(|b| b.kind != BackupKind::BeforeRestore)
    );
    drop(store);
    assert_eq!(dump(&db), original);
}

#[test]
fn the_daily_backup_is_taken_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let mut store = Store::open(&db).unwrap();
    demo::load(&mut store, advieswerk::Clock::system().today()).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2027-07-01T10:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let made = service::daily_backup(&db, now)
        .unwrap()
        .expect("first today");
    assert_eq!(made.kind, BackupKind::Daily);
    assert!(made.size_bytes > 0);
    assert!(service::daily_backup(&db, now).unwrap().is_none());
    // A new day (the app left open overnight) gets its own.
    assert!(
        service::daily_backup(&db, now + chrono::Days::new(1))
            .unwrap()
            .is_some()
    );
    let overview = service::backups(&store).unwrap();
    assert_eq!(overview.backups.len(), 2);
    assert!(backup::check_backup(&backup::backup_dir(&db).join(&made.file_name)).is_ok());
    // Files in the folder that are not backups are neither listed nor removed.
    let stray = backup::backup_dir(&db).join("notities.txt");
    std::fs::write(&stray, "van de secretaris").unwrap();
    assert_eq!(service::backups(&store).unwrap().backups.len(), 2);
    backup::prune(&db).unwrap();
    assert!(stray.exists());
}

fn info(kind: BackupKind, days_ago: i64, n: usize) -> BackupInfo {
    let at = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap() - Days::days(days_ago);
    BackupInfo {
        file_name: format!("{kind:?}-{days_ago}-{n}").into(),
        taken_at: at,
        kind,
        size_bytes: 1,
    }
}

#[test]
fn retention_keeps_a_week_of_days_half_a_year_of_months_and_every_manual_backup() {
    // Two years of daily use, a migration every 40 days, a restore now and then, and manual
    // backups the user made: newest first, as `list` gives them.
    let mut all: Vec<BackupInfo> = Vec::new();
    for d in 0..730 {
        all.push(info(BackupKind::Daily, d, 0));
        if d % 40 == 0 {
            all.push(info(BackupKind::BeforeMigration, d, 1));
        }
        if d % 15 == 0 {
            all.push(info(BackupKind::BeforeRestore, d, 2));
        }
        if d % 100 == 0 {
            all.push(info(BackupKind::Manual, d, 3));
        }
    }
    all.sort_by(|a, b| {
        b.taken_at
            .cmp(&a.taken_at)
            .then(b.file_name.cmp(&a.file_name))
    });
    let doomed = backup::doomed(&all);
    let kept: Vec<&BackupInfo> = all
        .iter()
        .filter(|b| !doomed.contains(&b.file_name))
        .collect();
    let of = |kind| {
        kept.iter()
            .filter(|b| b.kind == kind)
            .map(|b| b.file_name.clone())
            .collect::<Vec<_>>()
    };
    let daily = of(BackupKind::Daily);
    assert_eq!(daily.len(), backup::KEEP_DAILY + backup::KEEP_MONTHLY);
    let expected_days: Vec<String> = (0..7).map(|d| format!("Daily-{d}-0")).collect();
    assert_eq!(daily[..7], expected_days[..], "the last seven days");
    // One per month before them, each a different month, going back six months.
    let months: std::collections::BTreeSet<(i32, u32)> = kept
        .iter()
        .filter(|b| b.kind == BackupKind::Daily)
        .skip(7)
        .map(|b| {
            use chrono::Datelike;
            let d = b.taken_at.with_timezone(&chrono::Local).date_naive();
            (d.year(), d.month())
        })
        .collect();
    assert_eq!(months.len(), backup::KEEP_MONTHLY);
    assert_eq!(of(BackupKind::BeforeMigration).len(), backup::KEEP_OTHER);
    assert_eq!(
        of(BackupKind::BeforeMigration)[0],
        "BeforeMigration-0-1",
        "the newest kept"
    );
    assert_eq!(of(BackupKind::BeforeRestore).len(), backup::KEEP_OTHER);
    assert_eq!(
        of(BackupKind::Manual).len(),
        8,
        "manual backups are never removed"
    );
    // A short history loses nothing.
    assert!(backup::doomed(&all[all.len() - 5..]).is_empty());
}

#[test]
fn two_processes_saving_into_one_database_at_once_lose_nothing_and_never_corrupt_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("advieswerk.sqlite3");
    let (regional, local) = {
        let mut s = Store::open(&db).unwrap();
        let id = new_request(&mut s, "Twee schrijvers");
        let advice = service::open_advice(&mut s, &id).unwrap();
        let of = |scope| {
            advice
                .sections
                .iter()
                .find(|x| x.scope == scope)
                .unwrap()
                .id
                .clone()
        };
        (of(SectionScope::Regional), of(SectionScope::Local))
    };
    let mut confirmed = Vec::new();
    for round in 0..5 {
        let runs = [round * 2 + 1, round * 2 + 2];
        let writers = [
            Writer::start(&db, &regional, runs[0]),
            Writer::start(&db, &local, runs[1]),
        ];
        std::thread::sleep(Duration::from_millis(400 + round * 97));
        for writer in writers {
            confirmed.push(writer.kill(&format!("round {round}")).confirmed);
        }
        let store = Store::open(&db).unwrap();
        let check: String = store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}");
        for (section, run, last) in [
            (&regional, runs[0], confirmed[confirmed.len() - 2]),
            (&local, runs[1], confirmed[confirmed.len() - 1]),
        ] {
            let body = store.get_section(section).unwrap().body;
            let stored = stored_save(&body);
            assert!(
                last == 0 || stored.is_some_and(|(r, n)| r == run && n >= last && n <= last + 1),
                "round {round}: confirmed {last} of run {run}, stored {stored:?}"
            );
        }
    }
    assert!(
        confirmed.iter().filter(|&&c| c > 0).count() >= 8,
        "both writers got to save while the other did: {confirmed:?}"
    );
    println!("two writers, 5 rounds: confirmed saves per run {confirmed:?}");
}
