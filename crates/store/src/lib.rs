//! The SQLite store: opening a database file safely (pragmas, migrations, a verified backup
//! before any migration), the installation's identity, and change stamps. The SQL of each
//! aggregate lives in its own submodule (`council`, `request`, ...) as `get_/list_/upsert_/
//! delete_`; the database file's own primitives (verified copy, health check, read-only open)
//! in `file`. Depends on the domain only: no letter, no use case, no front end.

pub mod advice;
mod checkpoint;
pub mod clock;
mod columns;
pub mod council;
pub mod document;
pub mod error;
pub mod file;
pub mod follow_up;
pub mod ids;
pub mod letter;
pub mod location;
pub mod migrations;
pub mod planning;
pub mod region;
pub mod report;
pub mod request;
pub mod search;
pub mod sharing;

pub use clock::Clock;
pub use error::{Error, Result};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use advieswerk_domain::Stamp;
use advieswerk_domain::backup::BackupKind;

pub struct Store {
    conn: Connection,
    path: PathBuf,
    installation_id: String,
    /// The member name this installation shares under, if it shares: what its changes are
    /// signed with, so every member's history says who.
    member: Option<String>,
    clock: Clock,
    /// The search's word index beside the file, opened on first use (`search`).
    words: search::WordIndexCell,
    /// Checkpoints the log off the committing thread; `None` leaves it to SQLite.
    checkpointer: Option<checkpoint::Checkpointer>,
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Some(c) = self.checkpointer.take() {
            c.stop(&self.conn);
        }
    }
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
        location::check(&path)?;
        // A damaged file is refused before a writable connection could touch it (closing one
        // checkpoints the WAL into the file). A check that cannot run decides nothing: opening
        // below then reports why (read-only, locked, ...).
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > 0)
            && let file::Health::Damaged(reason) = file::check_integrity(&path, false)
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
        // The aggregates and sharing's projection (a statement per shared table) keep more
        // than rusqlite's default 16 statements in use; re-preparing them cost more than the
        // queries.
        conn.set_prepared_statement_cache_capacity(64);
        // journal_mode answers with a row, so it is read rather than executed.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // FULL: a commit that returned survives power loss, not just a process crash.
        // A 32 MB page cache (default 2 MB): a council's whole database usually fits, so moving
        // through the timeline or the register does not re-read pages from the file.
        // Temporary data in memory: a statement or savepoint inside a transaction keeps the pages
        // it may have to undo in a journal of its own, which otherwise spills to a file past
        // 64 KiB (measured: a sharing round's projection spent a tenth of its time writing it).
        conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32000;
             PRAGMA temp_store = MEMORY;",
        )?;

        let applied = migrations::applied_version(&conn, list)?;
        let latest = list.last().map_or(0, |m| m.version);
        if applied < latest {
            if applied > 0 {
                // Stamped by the system clock: this runs before any use case could pass a time in,
                // and the stamp only names the file.
                let reason = BackupKind::BeforeMigration.reason(Some(applied + 1));
                file::write_verified(
                    &conn,
                    &file::backup_path(&path, &reason, chrono::Utc::now()),
                )?;
            }
            migrations::apply_pending(&mut conn, list, applied)?;
        }

        let installation_id = ensure_installation_id(&conn)?;
        let member = sharing::space_member(&conn)?;
        let checkpointer = checkpoint::Checkpointer::start(&conn, &path);
        let store = Store {
            conn,
            path,
            installation_id,
            member,
            clock: Clock::system(),
            words: search::WordIndexCell::new(),
            checkpointer,
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

    /// Who a change is by: the member's name once the council is shared, else this
    /// installation's id.
    /// The member's name when the council is shared.
    pub fn member(&self) -> Option<String> {
        self.member.clone()
    }

    pub fn author(&self) -> &str {
        self.member.as_deref().unwrap_or(&self.installation_id)
    }

    /// The clock every change stamp, revision and backup of this store is dated by: the system's
    /// until a front end or a test sets its own.
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// Now, by the store's clock, as a change stamp.
    pub fn now(&self) -> Stamp {
        Stamp::at(self.clock.now())
    }

    /// [`Store::now`] as the text the store binds (`updated_at`, revisions).
    pub fn now_stamp(&self) -> String {
        self.now().text()
    }

    /// Gives back the memory of the page cache that no statement is using. The cache is large
    /// (32 MB) so that paging the register or dragging the timeline reads no page twice while
    /// the user works; the shell calls this once work pauses, so an idle window does not keep
    /// the database a second time beside the system's file cache, which the next query reads
    /// from again.
    pub fn release_memory(&self) -> Result<()> {
        Ok(self.conn.release_memory()?)
    }

    /// The connection, for tests and benchmarks that check what was stored with their own SQL.
    /// Code of the app goes through the aggregate modules.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Deletes one row by id, leaving a tombstone so a merge does not bring it back.
    pub(crate) fn delete_row(&mut self, table: &'static str, id: &str) -> Result<()> {
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let tx = self.conn.savepoint()?;
        if tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])? == 0 {
            return Err(Error::NotFound {
                entity: table,
                id: id.to_owned(),
            });
        }
        tombstone(&tx, table, id, &now, &by)?;
        tx.commit()?;
        Ok(())
    }

    /// Runs `work` as one unit: everything it stores is committed together, or on an error none
    /// of it is. The aggregate modules write in savepoints, which nest inside this one.
    pub fn atomically<T, E: From<Error>>(
        &mut self,
        work: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.conn
            .execute_batch("SAVEPOINT unit_of_work")
            .map_err(Error::from)?;
        match work(self) {
            Ok(v) => match self.conn.execute_batch("RELEASE unit_of_work") {
                Ok(()) => Ok(v),
                Err(e) => {
                    // A commit that failed (a full disk, say) must not leave the unit open, or
                    // every later save would silently join it and never be committed.
                    self.abandon_unit();
                    Err(Error::from(e).into())
                }
            },
            Err(e) => {
                self.abandon_unit();
                Err(e)
            }
        }
    }

    /// Undoes and closes the open unit of work, whatever state the failure left it in.
    fn abandon_unit(&mut self) {
        if self
            .conn
            .execute_batch("ROLLBACK TO unit_of_work; RELEASE unit_of_work")
            .is_err()
            && !self.conn.is_autocommit()
        {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }

    /// Replaces the whole database with the one at `source` (a checked backup), after writing
    /// the current state as a verified copy to `keep_current_at`; reopens, so an older backup is
    /// migrated like any older database.
    pub fn replace_with(&mut self, source: &Path, keep_current_at: &Path) -> Result<()> {
        file::write_verified(&self.conn, keep_current_at)?;
        file::copy_into(source, &mut self.conn)?;
        // The word index belongs to the replaced content: closed and removed, rebuilt on use.
        self.words = search::WordIndexCell::new();
        search::forget_word_index(&self.path)?;
        let clock = self.clock;
        *self = Store::open(&self.path)?;
        self.clock = clock;
        Ok(())
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

/// Records a deletion so a later merge between installations does not resurrect the row.
pub(crate) fn tombstone(tx: &Connection, table: &str, id: &str, now: &str, by: &str) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO tombstone (table_name, id, deleted_at, deleted_by) VALUES (?1, ?2, ?3, ?4)",
        params![table, id, now, by],
    )?;
    Ok(())
}
