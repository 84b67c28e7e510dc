//! The database file as a file: a verified copy (SQLite's online backup of one snapshot, never a
//! file copy of a live database), opening one only to read it, SQLite's own health check, copying
//! a backup into an open connection, and where backups live and what their names say. The store
//! uses these before it migrates; the backup use cases (`advieswerk::backup`) build on them.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::migrations;
use advieswerk_domain::backup::BackupKind;

/// `backups/` beside the database.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("backups")
}

/// `backups/advieswerk-20261123T130501.123Z-<reason>.sqlite3`, stamped `at`.
pub fn backup_path(db: &Path, reason: &str, at: DateTime<Utc>) -> PathBuf {
    let stamp = at.format("%Y%m%dT%H%M%S%.3fZ");
    backup_dir(db).join(format!("advieswerk-{stamp}-{reason}.sqlite3"))
}

/// When a backup was taken and why, read from its file name; `None` for any other file.
pub fn parse_backup_name(name: &str) -> Option<(DateTime<Utc>, BackupKind)> {
    let rest = name.strip_prefix("advieswerk-")?.strip_suffix(".sqlite3")?;
    let (stamp, reason) = rest.split_once("Z-")?;
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S%.3f").ok()?;
    Some((at.and_utc(), BackupKind::from_reason(reason)?))
}

/// Copies the database behind `conn` to `dest` and checks the copy before it gets its name: a
/// half-written or damaged copy never looks like a backup.
pub fn write_verified(conn: &Connection, dest: &Path) -> Result<()> {
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

/// Opens a database only to read it: a file under suspicion and a backup are never written to.
pub fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
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

/// Why a backup file cannot be restored. Its text (`Display`) is the reason, in Dutch where
/// it is ours, for the sentence the user is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// SQLite's full check found damage, or could not run; its reason.
    Unsound(String),
    /// The file could not be read.
    Unreadable(String),
    /// A sound SQLite file, but not one of ours (no schema version).
    NotAdvieswerk,
    /// A schema this program does not know: newer, or an edited migration.
    UnknownSchema(String),
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unusable::Unsound(why) | Unusable::Unreadable(why) | Unusable::UnknownSchema(why) => {
                f.write_str(why)
            }
            Unusable::NotAdvieswerk => f.write_str("geen Advieswerk-database"),
        }
    }
}

impl std::error::Error for Unusable {}

/// What is wrong with a backup file, if anything: it must pass the full integrity check and
/// hold a schema this program knows (no newer version, no edited migration). Returns the
/// schema version.
pub fn check_backup(path: &Path) -> std::result::Result<u32, Unusable> {
    match check_integrity(path, true) {
        Health::Sound => {}
        Health::Damaged(why) | Health::Unchecked(why) => return Err(Unusable::Unsound(why)),
    }
    let unreadable = |e: rusqlite::Error| Unusable::Unreadable(e.to_string());
    let conn = open_read_only(path).map_err(unreadable)?;
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(unreadable)?;
    if version == 0 {
        return Err(Unusable::NotAdvieswerk);
    }
    migrations::applied_version(&conn, migrations::MIGRATIONS)
        .map_err(|e| Unusable::UnknownSchema(e.to_string()))?;
    Ok(version)
}

/// Copies the database at `from` over the database behind `into`, in one transaction.
pub fn copy_into(from: &Path, into: &mut Connection) -> Result<()> {
    let src = open_read_only(from)?;
    let backup = rusqlite::backup::Backup::new(&src, into)?;
    backup.step(-1)?;
    Ok(())
}
