//! Starting on a damaged database. The app's way in: `open` checks the place and the file; a
//! file that fails the check is moved aside into `beschadigd/` (renamed, never overwritten or
//! deleted) and the app offers the newest good backup, or a fresh start, instead of its screens.
//! Until the user chooses, every start shows the same choice: a missing database with damaged
//! files beside it is never silently replaced by an empty one.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::BackupName;
use crate::backup::{self, BackupInfo};
use crate::error::{Error, ErrorCode, Result};
use crate::store::Store;

/// What the recovery screen shows.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Recovery {
    pub db_path: String,
    /// The damaged files set aside, newest first (full paths, for the user or their IT support).
    pub set_aside: Vec<String>,
    /// Backups that pass the full integrity check, newest first.
    pub backups: Vec<BackupInfo>,
}

/// `beschadigd/` beside the database.
pub fn damaged_dir(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("beschadigd")
}

fn set_aside_files(db: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(damaged_dir(db))
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "sqlite3"))
                .collect()
        })
        .unwrap_or_default();
    // The stamp in the name sorts by time.
    files.sort();
    files.reverse();
    files
}

/// Moves the database file and its companions (`-wal`, `-shm`, `-journal`: the WAL may hold the
/// newest saves) into `beschadigd/` under one time-stamped name. Returns the new database path.
pub fn move_aside(db: &Path) -> Result<PathBuf> {
    let dir = damaged_dir(db);
    std::fs::create_dir_all(&dir)?;
    let stamp: DateTime<Utc> = Utc::now();
    let target = dir.join(format!(
        "advieswerk-{}-beschadigd.sqlite3",
        stamp.format("%Y%m%dT%H%M%S%.3fZ")
    ));
    let name = db.file_name().map(|n| n.to_string_lossy().into_owned());
    for suffix in ["-wal", "-shm", "-journal"] {
        let companion = db.with_file_name(format!("{}{suffix}", name.clone().unwrap_or_default()));
        if companion.exists() {
            let moved = target.with_file_name(format!(
                "{}{suffix}",
                target.file_name().unwrap().to_string_lossy()
            ));
            std::fs::rename(&companion, moved)?;
        }
    }
    std::fs::rename(db, &target)?;
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(target)
}

/// Opens the app's database (`Store::open` checks the place and the file). A damaged file is
/// moved aside and `Error::Damaged` returned; the caller then shows `status` and lets the user
/// choose.
pub fn open(db: &Path) -> Result<Store> {
    if !db.exists()
        && let Some(newest) = set_aside_files(db).into_iter().next()
    {
        return Err(Error::Damaged {
            reason: "eerder opzijgezet".into(),
            set_aside: Some(newest),
        });
    }
    match Store::open(db).map_err(Error::from) {
        Err(e) if e.code() == ErrorCode::Corrupt => {
            eprintln!("advieswerk: damaged database {}: {e}", db.display());
            let reason = match &e {
                Error::Damaged { reason, .. } => reason.clone(),
                _ => "de opslag in het bestand is beschadigd".into(),
            };
            let moved = move_aside(db)?;
            Err(Error::Damaged {
                reason,
                set_aside: Some(moved),
            })
        }
        other => other,
    }
}

pub fn status(db: &Path) -> Result<Recovery> {
    Ok(Recovery {
        db_path: db.display().to_string(),
        set_aside: set_aside_files(db)
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        backups: backup::list_good(db)?,
    })
}

fn refuse_if_present(db: &Path) -> Result<()> {
    if db.exists() {
        return Err(Error::validation(
            "database",
            "Er staat al een database op deze plek; die wordt niet overschreven.",
        ));
    }
    Ok(())
}

/// Puts the backup `file_name` where the damaged database was and opens it (migrating an older
/// backup as usual).
pub fn from_backup(db: &Path, file_name: &BackupName) -> Result<Store> {
    refuse_if_present(db)?;
    let source = backup::verified(db, file_name)?;
    // The same verified copy a backup gets: written beside, checked, synced, then renamed.
    let src = crate::store::file::open_read_only(&source)?;
    crate::store::file::write_verified(&src, db)?;
    drop(src);
    crate::store::search::forget_word_index(db)?;
    Ok(Store::open(db)?)
}

/// Starts over with an empty database; the damaged files stay where they were set aside.
pub fn start_empty(db: &Path) -> Result<Store> {
    refuse_if_present(db)?;
    crate::store::search::forget_word_index(db)?;
    Ok(Store::open(db)?)
}
