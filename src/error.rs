//! Every error a use case can return, and its one translation into what a user reads: a typed
//! `ApiError {code, message, fields}` with Dutch text the user can act on. The lower crates have
//! errors of their own (`advieswerk_domain::Error`, `advieswerk_store::Error`,
//! `advieswerk_letter::Error`); they arrive here variant for variant, so a front end and a test
//! see one type.

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

pub use advieswerk_domain::error::{FieldError, Problems};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {0:?}")]
    Validation(Vec<FieldError>),
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: String },
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
    /// A backup that cannot be restored: damaged, or from a newer program.
    #[error("backup unusable: {0}")]
    BackupUnusable(crate::store::file::Unusable),
    /// A network share or a cloud-synced folder; the Dutch explanation is the payload.
    #[error("unsafe location: {0}")]
    UnsafeLocation(String),
    #[error("{entity} {id} changed meanwhile (version conflict)")]
    Conflict { entity: &'static str, id: String },
    #[error("the advice is adopted and locked")]
    Locked,
    #[error("the letter could not be laid out: {0}")]
    Render(String),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// The shared folder cannot be reached (unmounted, offline, no rights).
    #[error("shared folder unreachable: {0}")]
    FolderUnreachable(String),
    /// Sharing failed otherwise; the Dutch sentence is the payload.
    #[error("sharing: {0}")]
    Sync(String),
    /// Joining would replace this installation's own records; the user must confirm.
    #[error("joining would replace {records} records")]
    JoinWouldReplace { records: u64 },
    /// Leaving the shared council now would keep changes from the other members (not in the
    /// folder yet, or the folder unreachable); the user must confirm.
    #[error("leaving would keep {unsent} changes from the others")]
    LeaveWouldLose { unsent: u64, reachable: bool },
    /// A save that failed, after its text was written to an emergency copy (if that worked).
    #[error("not saved: {cause}")]
    NotSaved {
        cause: Box<Error>,
        rescued_to: Option<std::path::PathBuf>,
    },
}

/// Machine-readable error codes the UI may branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    NotFound,
    Conflict,
    Locked,
    DiskFull,
    ReadOnly,
    Corrupt,
    Busy,
    SchemaTooNew,
    MigrationEdited,
    BackupFailed,
    BackupUnusable,
    UnsafeLocation,
    FolderUnreachable,
    JoinWouldReplace,
    LeaveWouldLose,
    Sync,
    Internal,
}

/// What crosses the IPC boundary when a command fails.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl Error {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Error::Validation(vec![FieldError::new(field, message)])
    }

    pub fn code(&self) -> ErrorCode {
        use rusqlite::ErrorCode as C;
        match self {
            Error::Validation(_) => ErrorCode::Validation,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict { .. } => ErrorCode::Conflict,
            Error::Locked => ErrorCode::Locked,
            Error::NotSaved { cause, .. } => cause.code(),
            Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => match e.code {
                C::DiskFull => ErrorCode::DiskFull,
                C::ReadOnly | C::CannotOpen | C::PermissionDenied => ErrorCode::ReadOnly,
                C::DatabaseCorrupt | C::NotADatabase => ErrorCode::Corrupt,
                C::DatabaseBusy | C::DatabaseLocked => ErrorCode::Busy,
                _ => ErrorCode::Internal,
            },
            Error::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => ErrorCode::DiskFull,
            Error::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => ErrorCode::ReadOnly,
            Error::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Error::MigrationEdited { .. } => ErrorCode::MigrationEdited,
            Error::BackupFailed(_) => ErrorCode::BackupFailed,
            Error::Damaged { .. } => ErrorCode::Corrupt,
            Error::BackupUnusable(_) => ErrorCode::BackupUnusable,
            Error::UnsafeLocation(_) => ErrorCode::UnsafeLocation,
            Error::FolderUnreachable(_) => ErrorCode::FolderUnreachable,
            Error::JoinWouldReplace { .. } => ErrorCode::JoinWouldReplace,
            Error::LeaveWouldLose { .. } => ErrorCode::LeaveWouldLose,
            Error::Sync(_) => ErrorCode::Sync,
            _ => ErrorCode::Internal,
        }
    }

    /// The Dutch sentence a council secretary reads. Technical detail is appended in
    /// parentheses only for internal errors, where it helps whoever gets the bug report.
    pub fn message_nl(&self) -> String {
        if let Error::NotSaved { cause, rescued_to } = self {
            let rescue = match rescued_to {
                Some(p) => format!(
                    "Uw tekst staat nog in het venster en is ook bewaard als noodkopie: {}",
                    p.display()
                ),
                None => "Ook een noodkopie kon niet worden gemaakt: kopieer uw tekst naar \
                    een ander programma voordat u het venster sluit."
                    .into(),
            };
            return format!("{} {rescue}", cause.message_nl());
        }
        match (self.code(), self) {
            (_, Error::Damaged { reason, set_aside }) => {
                let aside = match set_aside {
                    Some(p) => format!(
                        " Het beschadigde bestand is niet overschreven of gewist: het staat nu \
                        als {}.",
                        p.display()
                    ),
                    None => " Er is niets overschreven.".into(),
                };
                format!(
                    "Het databasebestand is beschadigd en kan niet veilig worden gebruikt \
                    ({reason}).{aside}"
                )
            }
            (_, Error::UnsafeLocation(why)) => why.clone(),
            (_, Error::Sync(why)) => why.clone(),
            (_, Error::FolderUnreachable(why)) => format!(
                "De gedeelde map is niet bereikbaar ({why}). Controleer of de map er is en of \
                de synchronisatie van OneDrive, Nextcloud of de netwerkschijf aan staat."
            ),
            (_, Error::JoinWouldReplace { records }) => format!(
                "Op deze computer staan al gegevens van een raad ({records} adviesaanvragen, \
                adviesteksten en mijlpalen). Aansluiten vervangt die door de gegevens van de \
                gedeelde raad; er wordt eerst een reservekopie gemaakt. Bevestig om door te gaan."
            ),
            (_, Error::LeaveWouldLose { unsent, reachable }) => {
                let why = if *reachable {
                    format!("{unsent} wijziging(en) van deze computer staan nog niet in de map")
                } else {
                    "de gedeelde map is niet bereikbaar, dus wat hier veranderde sinds de laatste \
                     synchronisatie is niet bij de andere leden"
                        .into()
                };
                format!(
                    "Nu stoppen met delen kan werk kosten: {why}. Na het stoppen gaan ze niet \
                    meer naar de andere leden. Stop alleen als dat zo mag; anders eerst \
                    synchroniseren."
                )
            }
            (_, Error::BackupUnusable(why)) => format!(
                "Deze reservekopie kan niet worden teruggezet: ze is beschadigd of gemaakt met \
                een nieuwere versie van Advieswerk ({why}). Er is niets gewijzigd; kies een \
                andere reservekopie."
            ),
            (ErrorCode::Validation, Error::Validation(fields)) => {
                if fields.len() == 1 {
                    fields[0].message.clone()
                } else {
                    format!("{} velden zijn niet goed ingevuld.", fields.len())
                }
            }
            (ErrorCode::NotFound, _) => {
                "Dit item bestaat niet (meer). Misschien is het verwijderd; ververs het overzicht."
                    .into()
            }
            (ErrorCode::Conflict, _) => {
                "Deze tekst is intussen elders gewijzigd (bijvoorbeeld in een tweede venster). \
                Uw versie is niet opgeslagen; kopieer uw tekst en open de nieuwste versie."
                    .into()
            }
            (ErrorCode::Locked, _) => {
                "Dit advies is vastgesteld; de tekst kan niet meer worden gewijzigd. \
                Heropen het advies als de tekst toch moet veranderen."
                    .into()
            }
            (ErrorCode::DiskFull, _) => "De schijf is vol: de wijziging is niet opgeslagen. \
                Maak ruimte vrij en probeer het opnieuw; uw eerdere gegevens zijn ongewijzigd."
                .into(),
            (ErrorCode::ReadOnly, _) => "Het databasebestand kan niet worden beschreven \
                (alleen-lezen of geen rechten). De wijziging is niet opgeslagen; \
                uw eerdere gegevens zijn ongewijzigd."
                .into(),
            (ErrorCode::Corrupt, _) => "Het databasebestand is beschadigd of is geen \
                Advieswerk-database. Er is niets overschreven; neem contact op met de beheerder."
                .into(),
            (ErrorCode::Busy, _) => "De database is even bezet door een ander programma. \
                Probeer het over een paar seconden opnieuw."
                .into(),
            (ErrorCode::SchemaTooNew, _) => "Deze database is gemaakt met een nieuwere versie \
                van Advieswerk. Werk het programma bij; de database is niet gewijzigd."
                .into(),
            (ErrorCode::MigrationEdited, _) | (ErrorCode::BackupFailed, _) => format!(
                "De database kon niet veilig worden bijgewerkt en is niet gewijzigd ({self})."
            ),
            _ => format!("Er ging iets mis in Advieswerk ({self})."),
        }
    }

    pub fn to_api(&self) -> ApiError {
        ApiError {
            code: self.code(),
            message: self.message_nl(),
            fields: match self {
                Error::Validation(f) => f.clone(),
                Error::NotSaved { cause, .. } => cause.to_api().fields,
                _ => Vec::new(),
            },
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        e.to_api()
    }
}

impl From<advieswerk_domain::Error> for Error {
    fn from(e: advieswerk_domain::Error) -> Self {
        match e {
            advieswerk_domain::Error::Validation(f) => Error::Validation(f),
        }
    }
}

impl From<advieswerk_store::Error> for Error {
    fn from(e: advieswerk_store::Error) -> Self {
        use advieswerk_store::Error as S;
        match e {
            S::Domain(e) => e.into(),
            S::NotFound { entity, id } => Error::NotFound { entity, id },
            S::Conflict { entity, id } => Error::Conflict { entity, id },
            S::Sqlite(e) => Error::Sqlite(e),
            S::Io(e) => Error::Io(e),
            S::MigrationEdited { version } => Error::MigrationEdited { version },
            S::SchemaTooNew { found, known } => Error::SchemaTooNew { found, known },
            S::BackupFailed(why) => Error::BackupFailed(why),
            S::Damaged { reason, set_aside } => Error::Damaged { reason, set_aside },
            S::UnsafeLocation(why) => Error::UnsafeLocation(why),
        }
    }
}

impl From<advieswerk_sync::Error> for Error {
    fn from(e: advieswerk_sync::Error) -> Self {
        use advieswerk_sync::Error as S;
        match e {
            S::Passphrase(_) | S::WrongPassphrase => Error::validation("passphrase", e.to_string()),
            S::NoSpace | S::SpaceExists => Error::validation("folder", e.to_string()),
            S::Unreachable(io) => Error::FolderUnreachable(io.to_string()),
            other => Error::Sync(other.to_string()),
        }
    }
}

impl From<advieswerk_letter::Error> for Error {
    fn from(e: advieswerk_letter::Error) -> Self {
        use advieswerk_letter::Error as L;
        match e {
            L::Domain(e) => e.into(),
            L::Io(e) => Error::Io(e),
            L::Render(why) => Error::Render(why),
            L::Json(e) => Error::Json(e),
        }
    }
}
