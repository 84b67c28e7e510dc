//! Use cases around backups and recovery: the backups screen (list, back up now, restore) and
//! the choice offered when the database turned out damaged at start.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::BackupName;
use crate::backup::{self, BackupInfo, BackupKind};
use crate::error::Result;
use crate::recovery::{self, Recovery};
use crate::store::Store;

/// The backups screen.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupOverview {
    pub folder: String,
    /// Newest first.
    pub backups: Vec<BackupInfo>,
    pub keep_daily: u32,
    pub keep_monthly: u32,
    pub keep_other: u32,
}

pub fn backups(store: &Store) -> Result<BackupOverview> {
    Ok(BackupOverview {
        folder: backup::backup_dir(store.path()).display().to_string(),
        backups: backup::list(store.path())?,
        keep_daily: backup::KEEP_DAILY as u32,
        keep_monthly: backup::KEEP_MONTHLY as u32,
        keep_other: backup::KEEP_OTHER as u32,
    })
}

/// "Nu een reservekopie maken".
pub fn make_backup(store: &Store) -> Result<BackupOverview> {
    backup::take(store.path(), BackupKind::Manual, store.clock().now())?;
    backups(store)
}

/// Restores `file_name`; returns the backup of the state it replaced.
pub fn restore_backup(store: &mut Store, file_name: &BackupName) -> Result<BackupInfo> {
    let at = store.clock().now();
    backup::restore(store, file_name, at)
}

/// The day's backup, if not taken yet: called at start and now and then while the app is open.
pub fn daily_backup(db: &Path, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
    backup::daily(db, now)
}

pub fn open_database(db: &Path) -> Result<Store> {
    recovery::open(db)
}

pub fn recovery_status(db: &Path) -> Result<Recovery> {
    recovery::status(db)
}

pub fn recover_from_backup(db: &Path, file_name: &BackupName) -> Result<Store> {
    recovery::from_backup(db, file_name)
}

pub fn start_empty(db: &Path) -> Result<Store> {
    recovery::start_empty(db)
}
