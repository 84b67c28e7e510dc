//! Backups of the database: taking one consistent, verified copy (SQLite's online backup of a
//! single snapshot, never a file copy of a live database), the daily backup and how many are
//! kept, the list a user restores from, restoring one (after backing up the current state),
//! and the health check of a database file before it is used.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::{Store, migrations};

/// Why a backup was taken; part of its file name, so the folder explains itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// The first start of the app on a day.
    Daily,
    /// Before a newer version of the program changes the database's structure.
    BeforeMigration,
    /// The state just before another backup was restored over it.
    BeforeRestore,
    /// Asked for by the user.
    Manual,
}

impl BackupKind {
    pub fn slug(self) -> &'static str {
        match self {
            BackupKind::Daily => "dagelijks",
            BackupKind::BeforeMigration => "voor-migratie",
            BackupKind::BeforeRestore => "voor-herstel",
            BackupKind::Manual => "handmatig",
        }
    }

    fn from_reason(reason: &str) -> Option<BackupKind> {
        [
            BackupKind::Daily,
            BackupKind::BeforeMigration,
            BackupKind::BeforeRestore,
            BackupKind::Manual,
        ]
        .into_iter()
        .find(|k| reason == k.slug() || reason.starts_with(&format!("{}-", k.slug())))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    /// The name inside the backups folder; the only way the UI refers to a backup.
    pub file_name: String,
    pub taken_at: DateTime<Utc>,
    pub kind: BackupKind,
    #[ts(type = "number")]
    pub size_bytes: u64,
}

/// How many backups are kept (see `doomed`); shown on the backups screen.
pub const KEEP_DAILY: usize = 7;
pub const KEEP_MONTHLY: usize = 6;
pub const KEEP_OTHER: usize = 5;

/// `backups/` beside the database.
pub fn dir_of(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("backups")
}

/// `backups/advieswerk-20261123T130501.123Z-<reason>.sqlite3`.
pub fn path_for(db: &Path, reason: &str) -> PathBuf {
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    dir_of(db).join(format!("advieswerk-{stamp}-{reason}.sqlite3"))
}

fn parse_name(name: &str) -> Option<(DateTime<Utc>, BackupKind)> {
    let rest = name.strip_prefix("advieswerk-")?.strip_suffix(".sqlite3")?;
    let (stamp, reason) = rest.split_once("Z-")?;
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S%.3f").ok()?;
    Some((at.and_utc(), BackupKind::from_reason(reason)?))
}

/// Copies the database behind `conn` to `dest` and checks the copy before it gets its name: a
/// half-written or damaged copy never looks like a backup.
pub(crate) fn write_verified(conn: &Connection, dest: &Path) -> Result<()> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let written = (|| -> Result<()> {
        let mut target = Connection::open(&partial)?;
        {
            // All pages in one step: one read transaction, so the copy is a single snapshot even
            // while the app keeps saving (a stepwise copy would restart at every write).
            let backup = rusqlite::backup::Backup::new(conn, &mut target)?;
            backup.step(-1)?;
        }
        let check: String = target.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let source_version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let copy_version: u32 = target.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if check != "ok" || source_version != copy_version {
            return Err(Error::BackupFailed(format!(
                "{}: integrity {check}, version {copy_version} (expected {source_version})",
                dest.display()
            )));
        }
        target.close().map_err(|(_, e)| e)?;
        std::fs::File::open(&partial)?.sync_all()?;
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, dest)?;
    // The rename itself must survive a power cut too.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn info_of(path: &Path) -> Option<BackupInfo> {
    let name = path.file_name()?.to_str()?.to_owned();
    let (taken_at, kind) = parse_name(&name)?;
    let size_bytes = std::fs::metadata(path).ok()?.len();
    Some(BackupInfo {
        file_name: name,
        taken_at,
        kind,
        size_bytes,
    })
}

/// Takes a backup of the database file at `db` through a connection of its own, so the app's
/// connection stays free for saving while the copy is made.
pub fn take(db: &Path, kind: BackupKind) -> Result<BackupInfo> {
    let conn = open_read_only(db)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    let dest = path_for(db, kind.slug());
    write_verified(&conn, &dest)?;
    info_of(&dest).ok_or_else(|| Error::BackupFailed(dest.display().to_string()))
}

/// Every backup in the folder, newest first. Files that are not backups are left alone.
pub fn list(db: &Path) -> Result<Vec<BackupInfo>> {
    let dir = dir_of(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out: Vec<BackupInfo> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| info_of(&e.path()))
        .collect();
    out.sort_by(|a, b| {
        b.taken_at
            .cmp(&a.taken_at)
            .then(b.file_name.cmp(&a.file_name))
    });
    Ok(out)
}

fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Local).date_naive()
}

/// The first backup of the day `today` (the user's local date). Returns `None` when today's
/// backup exists already; old ones are pruned after a new one is verified, never before.
pub fn daily(db: &Path, today: NaiveDate) -> Result<Option<BackupInfo>> {
    let existing = list(db)?;
    if existing
        .iter()
        .any(|b| b.kind == BackupKind::Daily && local_day(b.taken_at) == today)
    {
        return Ok(None);
    }
    let made = take(db, BackupKind::Daily)?;
    prune(db)?;
    Ok(Some(made))
}

/// Which backups retention removes, given the list newest first: of the daily ones the newest
/// `KEEP_DAILY` plus the newest of each of the `KEEP_MONTHLY` months before those; of each other
/// kind the newest `KEEP_OTHER`. Manual backups are the user's and are never removed.
pub fn doomed(newest_first: &[BackupInfo]) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen: std::collections::HashMap<BackupKind, usize> = Default::default();
    let mut months: Vec<(i32, u32)> = Vec::new();
    for b in newest_first {
        let n = seen.entry(b.kind).or_default();
        *n += 1;
        let keep = match b.kind {
            BackupKind::Manual => true,
            BackupKind::Daily if *n <= KEEP_DAILY => true,
            BackupKind::Daily => {
                use chrono::Datelike;
                let day = local_day(b.taken_at);
                let month = (day.year(), day.month());
                if months.contains(&month) {
                    false
                } else if months.len() < KEEP_MONTHLY {
                    months.push(month);
                    true
                } else {
                    false
                }
            }
            _ => *n <= KEEP_OTHER,
        };
        if !keep {
            out.push(b.file_name.clone());
        }
    }
    out
}

/// Removes what `doomed` names; returns the removed names.
pub fn prune(db: &Path) -> Result<Vec<String>> {
    let doomed = doomed(&list(db)?);
    let dir = dir_of(db);
    for name in &doomed {
        std::fs::remove_file(dir.join(name))?;
    }
    Ok(doomed)
}

/// What SQLite's own check says about a database file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    Sound,
    /// The check found damage, or the file is no SQLite database at all.
    Damaged(String),
    /// The check could not run (locked, unreadable, a read-only place without the WAL index):
    /// no verdict, so nothing may be done to the file on its account.
    Unchecked(String),
}

/// Opens a database only to read it: a file under suspicion and a backup are never written to.
pub(crate) fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// SQLite's own check of a database file, opened read-only (nothing is ever written to a file
/// under suspicion). `thorough` runs the full `integrity_check` (backups) instead of the
/// `quick_check` done at every start.
pub fn check_integrity(path: &Path, thorough: bool) -> Health {
    // The reason ends up in a Dutch sentence for the user; SQLite's own words are kept only
    // where they locate the damage (the check's findings).
    let verdict = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            Health::Damaged("het bestand is geen database (meer)".into())
        }
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            Health::Damaged("de opslag in het bestand is beschadigd".into())
        }
        _ => Health::Unchecked(e.to_string()),
    };
    let conn = match open_read_only(path) {
        Ok(c) => c,
        Err(e) => return verdict(e),
    };
    let pragma = if thorough {
        "PRAGMA integrity_check(5)"
    } else {
        "PRAGMA quick_check(5)"
    };
    let findings = conn.prepare(pragma).and_then(|mut s| {
        s.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()
    });
    match findings {
        Err(e) => verdict(e),
        Ok(f) if f == ["ok"] => Health::Sound,
        Ok(f) => Health::Damaged(format!("de controle vond fouten: {}", f.join("; "))),
    }
}

/// What is wrong with a backup file, if anything: it must pass the full integrity check and
/// hold a schema this program knows (no newer version, no edited migration).
pub fn check_file(path: &Path) -> std::result::Result<u32, String> {
    match check_integrity(path, true) {
        Health::Sound => {}
        Health::Damaged(why) | Health::Unchecked(why) => return Err(why),
    }
    let conn = open_read_only(path).map_err(|e| e.to_string())?;
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if version == 0 {
        return Err("geen Advieswerk-database".into());
    }
    migrations::applied_version(&conn, migrations::MIGRATIONS).map_err(|e| e.to_string())?;
    Ok(version)
}

/// The backup called `file_name`, after checking that it is one of ours and sound.
pub fn verified(db: &Path, file_name: &str) -> Result<PathBuf> {
    let known = list(db)?;
    if file_name.contains(['/', '\\']) || !known.iter().any(|b| b.file_name == file_name) {
        return Err(Error::NotFound {
            entity: "backup",
            id: file_name.to_owned(),
        });
    }
    let path = dir_of(db).join(file_name);
    check_file(&path).map_err(Error::BackupUnusable)?;
    Ok(path)
}

/// Only the backups that pass `check_file`, newest first: what a recovery may offer.
pub fn list_good(db: &Path) -> Result<Vec<BackupInfo>> {
    Ok(list(db)?
        .into_iter()
        .filter(|b| check_file(&dir_of(db).join(&b.file_name)).is_ok())
        .collect())
}

/// Copies the backup at `from` over the database behind `into`, in one transaction.
pub(crate) fn copy_into(from: &Path, into: &mut Connection) -> Result<()> {
    let src = open_read_only(from)?;
    let backup = rusqlite::backup::Backup::new(&src, into)?;
    backup.step(-1)?;
    Ok(())
}

/// Puts the backup `file_name` back in place of the current data. The current state is backed
/// up first (kind `BeforeRestore`), so a restore can itself be undone; an older backup is
/// brought up to the current schema by the usual migrations.
pub fn restore(store: &mut Store, file_name: &str) -> Result<BackupInfo> {
    let db = store.path().to_path_buf();
    let source = verified(&db, file_name)?;
    let before = path_for(&db, BackupKind::BeforeRestore.slug());
    write_verified(store.conn(), &before)?;
    copy_into(&source, store.conn_mut())?;
    *store = Store::open(&db)?;
    prune(&db)?;
    info_of(&before).ok_or_else(|| Error::BackupFailed(before.display().to_string()))
}
