//! What can go wrong in the store: SQLite and the file system, a schema this program must not
//! touch, a damaged file, an unsafe place, a record that is gone or changed meanwhile, and the
//! domain's own refusals passed through. `advieswerk::error` turns these into Dutch.

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule of the domain refused the input.
    #[error(transparent)]
    Domain(#[from] advieswerk_domain::Error),
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: String },
    #[error("{entity} {id} changed meanwhile (version conflict)")]
    Conflict { entity: &'static str, id: String },
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("migration {version} was changed after release (checksum mismatch)")]
    MigrationEdited { version: u32 },
    #[error("database schema version {found} is newer than this program knows ({known})")]
    SchemaTooNew { found: u32, known: u32 },
    #[error("backup before migration failed verification: {0}")]
    BackupFailed(String),
    /// The database file fails SQLite's check (or is no database at all).
    #[error("database damaged: {reason}")]
    Damaged {
        reason: String,
        /// Where the damaged file was moved, if it was.
        set_aside: Option<std::path::PathBuf>,
    },
    /// A network share or a cloud-synced folder; the Dutch explanation is the payload.
    #[error("unsafe location: {0}")]
    UnsafeLocation(String),
}
