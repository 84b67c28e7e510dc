//! Advieswerk's use cases: the one entry point every front end (the Tauri shell, the command
//! line) calls. Each use case validates with the domain, persists through the store and returns
//! the view a screen needs; backups, recovery and where files go live here too.
//!
//! The layers are crates, so a wrong import does not compile (see ARCHITECTURE.md):
//! `advieswerk-domain` (pure types and rules) → `advieswerk-store` (SQLite) and
//! `advieswerk-letter` (the letter's renderers) → this crate → `advieswerk-app` (Tauri) and
//! `advieswerk-cli`. This crate never depends on Tauri. The lower layers are re-exported under
//! their old names so a front end needs no other crate.

pub use advieswerk_domain::{
    BackupName, MilestoneId, RequestId, RevisionId, SectionId, Stamp, TrackId, advice, council,
    date, deadline, diff, follow_up, ics, id, letterhead, markdown, planning, request, search,
    stamp, status,
};
pub use advieswerk_extract as extract;
pub use advieswerk_letter as letter;
pub use advieswerk_store as store;
pub use advieswerk_store::{clock, ids};
pub use advieswerk_sync as sync;

pub mod backup;
pub mod bindings;
pub mod demo;
pub mod error;
pub mod exports;
pub mod recovery;
pub mod rescue;
pub mod service;

pub use chrono::NaiveDate;
pub use clock::Clock;
pub use error::{ApiError, Error, FieldError, Result};
pub use store::Store;
