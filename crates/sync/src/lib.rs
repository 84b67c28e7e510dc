//! Sharing one council between its members' desktops: the council's records as Loro documents
//! (`replica`), and the shared folder they travel through, each device writing only its own
//! encrypted files (`folder`, `key`); a region's joint texts with their proposals (`regional`). Knows nothing of SQLite or of the app: the store projects
//! the documents into its tables, the use cases decide when a round runs.

pub mod error;
pub mod folder;
pub mod key;
pub mod regional;
pub mod replica;
pub mod watch;
mod words;

pub use error::{Error, Result};
