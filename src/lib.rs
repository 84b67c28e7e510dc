//! Advieswerk core: the domain of an advisory council (requests, statuses, deadlines, council
//! profile), its SQLite storage and the use cases the desktop app and the command line share.
//!
//! Layers, from the bottom: `date`/`ids` (helpers) → domain modules (`council`, `request`,
//! `status`, `deadline`: pure, no I/O) → `store` (SQL, one module per aggregate) → `service`
//! (use cases: validate, persist, assemble views). Front ends (the Tauri shell, the CLI) call
//! `service` only. This crate never depends on Tauri.

pub mod advice;
pub mod backup;
pub mod bindings;
pub mod council;
pub mod date;
pub mod deadline;
pub mod demo;
pub mod diff;
pub mod error;
pub mod exports;
pub mod ics;
pub mod ids;
pub mod letter;
pub mod letterhead;
pub mod location;
pub mod markdown;
pub mod planning;
pub mod recovery;
pub mod request;
pub mod rescue;
pub mod service;
pub mod status;
pub mod store;

pub use error::{ApiError, Error, FieldError, Result};
pub use store::Store;
