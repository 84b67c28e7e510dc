//! The SQLite store: opening a database file safely (pragmas, migrations, a verified backup
//! before any migration), the installation's identity, and change stamps. The SQL of each
//! aggregate lives in its own submodule (`council`, `request`) as `get_/list_/upsert_/delete_`.

pub mod advice;
pub mod council;
pub mod letter;
pub mod migrations;
pub mod planning;
pub mod request;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::ids;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    installation_id: String,
}

/// Where the database lives when no path is given: the platform's *local* (never roaming or
/// synced) application-data folder, e.g. `~/.local/share/advieswerk` on Linux and
/// `%LOCALAPPDATA%\Advieswerk\Advieswerk\data` on Windows. `ADVIESWERK_DB` overrides it.
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("ADVIESWERK_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let dirs =
        directories::ProjectDirs::from("nl", "Advieswerk", "Advieswerk").ok_or_else(|| {
            Error::Io(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no home folder",
            ))
        })?;
    Ok(dirs.data_local_dir().join("advieswerk.sqlite3"))
}

impl Store {
    /// Opens (or creates) the database at `path` and brings its schema up to date. An existing
    /// database is backed up and the backup verified before any migration touches it.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with_migrations(path, migrations::MIGRATIONS)
    }

    /// `open` with another migration list: lets tests prove how an older database is upgraded.
    pub fn open_with_migrations(
        path: impl AsRef<Path>,
        list: &[migrations::Migration],
    ) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        crate::location::check(&path)?;
        // A damaged file is refused before a writable connection could touch it (closing one
        // checkpoints the WAL into the file). A check that cannot run decides nothing: opening
        // below then reports why (read-only, locked, ...).
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > 0)
            && let crate::backup::Health::Damaged(reason) =
                crate::backup::check_integrity(&path, false)
        {
            return Err(Error::Damaged {
                reason,
                set_aside: None,
            });
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // journal_mode answers with a row, so it is read rather than executed.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // FULL: a commit that returned survives power loss, not just a process crash.
        // A 32 MB page cache (default 2 MB): a council's whole database usually fits, so moving
        // through the timeline or the register does not re-read pages from the file.
        conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32000;",
        )?;

        let applied = migrations::applied_version(&conn, list)?;
        let latest = list.last().map_or(0, |m| m.version);
        if applied < latest {
            if applied > 0 {
                crate::backup::write_verified(
                    &conn,
                    &backup_path(&path, &format!("voor-migratie-{}", applied + 1)),
                )?;
            }
            migrations::apply_pending(&mut conn, list, applied)?;
        }

        let installation_id = ensure_installation_id(&conn)?;
        let store = Store {
            conn,
            path,
            installation_id,
        };
        council::ensure_council(&store)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn installation_id(&self) -> &str {
        &self.installation_id
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Writes a consistent copy with SQLite's online backup (never a file copy of a live
    /// database) and checks it before reporting success.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        crate::backup::write_verified(&self.conn, dest)
    }
}

fn ensure_installation_id(conn: &Connection) -> Result<String> {
    let existing: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'installation_id'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = ids::new_id();
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('installation_id', ?1)",
        params![id],
    )?;
    Ok(id)
}

/// `backups/advieswerk-20261123T130501.123Z-<reason>.sqlite3` beside the database.
pub fn backup_path(db: &Path, reason: &str) -> PathBuf {
    crate::backup::path_for(db, reason)
}

/// Records a deletion so a later merge between installations does not resurrect the row.
pub(crate) fn tombstone(tx: &rusqlite::Transaction, table: &str, id: &str, by: &str) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO tombstone (table_name, id, deleted_at, deleted_by) VALUES (?1, ?2, ?3, ?4)",
        params![table, id, ids::now_stamp(), by],
    )?;
    Ok(())
}
