//! Advieswerk's domain: the types and rules of an advisory council — requests and their status
//! steps, deadlines from the plenary calendar, the council's profile, the advice text and its
//! rendering, the planning timeline and the letter's own data. Pure: no storage, no files, no
//! clock (today is always passed in), so every rule is tested without a database.

pub mod advice;
pub mod backup;
pub mod council;
pub mod date;
pub mod deadline;
pub mod diff;
pub mod error;
pub mod follow_up;
pub mod ics;
pub mod id;
pub mod letterhead;
pub mod markdown;
pub mod planning;
pub mod request;
pub mod search;
pub mod stamp;
pub mod status;

pub use error::{Error, FieldError, Problems, Result};
pub use id::{BackupName, MilestoneId, RequestId, RevisionId, SectionId, TrackId};
pub use stamp::Stamp;
