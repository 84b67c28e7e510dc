//! Backups of the database: taking one consistent, verified copy (SQLite's online backup of a
//! single snapshot, never a file copy of a live database), the daily backup and how many are
//! kept, the list a user restores from, and restoring one (after backing up the current state).
//! The file primitives underneath (verified copy, health check, names) are the store's
//! (`advieswerk_store::file`). Every backup is stamped with the time it is given, never the
//! clock's own.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, Utc};

pub use crate::store::file::{Health, Unusable, backup_dir, check_backup, check_integrity};
pub use advieswerk_domain::backup::{BackupInfo, BackupKind};

use crate::BackupName;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::file::{backup_path, open_read_only, parse_backup_name, write_verified};

/// How many backups are kept (see `doomed`); shown on the backups screen.
pub const KEEP_DAILY: usize = 7;
pub const KEEP_MONTHLY: usize = 6;
pub const KEEP_OTHER: usize = 5;

fn info_of(path: &Path) -> Option<BackupInfo> {
    let name = path.file_name()?.to_str()?.to_owned();
    let (taken_at, kind) = parse_backup_name(&name)?;
    let size_bytes = std::fs::metadata(path).ok()?.len();
    Some(BackupInfo {
        file_name: BackupName::new(name),
        taken_at,
        kind,
        size_bytes,
    })
}

/// Takes a backup of the database file at `db` through a connection of its own, so the app's
/// connection stays free for saving while the copy is made. Stamped `at`.
pub fn take(db: &Path, kind: BackupKind, at: DateTime<Utc>) -> Result<BackupInfo> {
    let conn = open_read_only(db)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    let dest = backup_path(db, kind.slug(), at);
    write_verified(&conn, &dest)?;
    info_of(&dest).ok_or_else(|| Error::BackupFailed(dest.display().to_string()))
}

/// Every backup in the folder, newest first. Files that are not backups are left alone.
pub fn list(db: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backup_dir(db);
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

/// The first backup of the day of `now` (the user's local date). Returns `None` when that day's
/// backup exists already; old ones are pruned after a new one is verified, never before.
pub fn daily(db: &Path, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
    let today = local_day(now);
    let existing = list(db)?;
    if existing
        .iter()
        .any(|b| b.kind == BackupKind::Daily && local_day(b.taken_at) == today)
    {
        return Ok(None);
    }
    let made = take(db, BackupKind::Daily, now)?;
    prune(db)?;
    Ok(Some(made))
}

/// Which backups retention removes, given the list newest first: of the daily ones the newest
/// `KEEP_DAILY` plus the newest of each of the `KEEP_MONTHLY` months before those; of each other
/// kind the newest `KEEP_OTHER`. Manual backups are the user's and are never removed.
pub fn doomed(newest_first: &[BackupInfo]) -> Vec<BackupName> {
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
pub fn prune(db: &Path) -> Result<Vec<BackupName>> {
    let doomed = doomed(&list(db)?);
    let dir = backup_dir(db);
    for name in &doomed {
        std::fs::remove_file(dir.join(name))?;
    }
    Ok(doomed)
}

/// The backup called `file_name`, after checking that it is one of ours and sound.
pub fn verified(db: &Path, file_name: &BackupName) -> Result<PathBuf> {
    let known = list(db)?;
    if file_name.contains(['/', '\\']) || !known.iter().any(|b| &b.file_name == file_name) {
        return Err(Error::NotFound {
            entity: "backup",
            id: file_name.to_string(),
        });
    }
    let path = backup_dir(db).join(file_name);
    check_backup(&path).map_err(Error::BackupUnusable)?;
    Ok(path)
}

/// Only the backups that pass `check_backup`, newest first: what a recovery may offer.
pub fn list_good(db: &Path) -> Result<Vec<BackupInfo>> {
    Ok(list(db)?
        .into_iter()
        .filter(|b| check_backup(&backup_dir(db).join(&b.file_name)).is_ok())
        .collect())
}

/// Puts the backup `file_name` back in place of the current data. The current state is backed
/// up first (kind `BeforeRestore`), so a restore can itself be undone; an older backup is
/// brought up to the current schema by the usual migrations. Stamped `at`.
pub fn restore(store: &mut Store, file_name: &BackupName, at: DateTime<Utc>) -> Result<BackupInfo> {
    let db = store.path().to_path_buf();
    let source = verified(&db, file_name)?;
    let before = backup_path(&db, BackupKind::BeforeRestore.slug(), at);
    store.replace_with(&source, &before)?;
    prune(&db)?;
    info_of(&before).ok_or_else(|| Error::BackupFailed(before.display().to_string()))
}
