//! The kinds of backup a council's database has and how a backup is described to the user. The
//! files themselves are the store's (`advieswerk_store::file`); taking, keeping and restoring
//! them is a use case (`advieswerk::backup`).

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::id::BackupName;

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
    pub const ALL: [BackupKind; 4] = [
        BackupKind::Daily,
        BackupKind::BeforeMigration,
        BackupKind::BeforeRestore,
        BackupKind::Manual,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            BackupKind::Daily => "dagelijks",
            BackupKind::BeforeMigration => "voor-migratie",
            BackupKind::BeforeRestore => "voor-herstel",
            BackupKind::Manual => "handmatig",
        }
    }

    /// The reason as written in a file name: the slug, with the schema version it was taken
    /// before for `BeforeMigration` (`voor-migratie-7`).
    pub fn reason(self, before_version: Option<u32>) -> String {
        match before_version {
            Some(v) => format!("{}-{v}", self.slug()),
            None => self.slug().to_owned(),
        }
    }

    /// The kind a file name's reason names (`voor-migratie-7` is `BeforeMigration`).
    pub fn from_reason(reason: &str) -> Option<BackupKind> {
        Self::ALL
            .into_iter()
            .find(|k| reason == k.slug() || reason.starts_with(&format!("{}-", k.slug())))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    /// The name inside the backups folder; the only way the UI refers to a backup.
    pub file_name: BackupName,
    pub taken_at: DateTime<Utc>,
    pub kind: BackupKind,
    #[ts(type = "number")]
    pub size_bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_read_back_from_the_reason_it_writes() {
        for k in BackupKind::ALL {
            assert_eq!(BackupKind::from_reason(&k.reason(None)), Some(k));
            assert_eq!(BackupKind::from_reason(&k.reason(Some(12))), Some(k));
        }
        assert_eq!(BackupKind::from_reason("voor"), None);
        assert_eq!(BackupKind::from_reason("dagelijksx"), None);
    }
}
