//! Typed record ids. Every record's id is a UUIDv7 string (the store makes them), but a
//! section's id is not a revision's: with one type per kind of record, a call that swaps two
//! ids (`restore_revision(revision, section)`) does not compile. On the wire and in the
//! database they stay plain strings; in TypeScript each is a named alias of `string`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS,
        )]
        // A newtype struct: serde writes and reads it as the bare string.
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        // Read access as text (a `&str` parameter, formatting, SQL text) is always fine; only
        // the other way, a string becoming an id, has to be said (`new`, `from`).
        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

id_type!(
    /// An advice request in the register.
    RequestId
);
id_type!(
    /// A section of an advice (the regional part, the local part, the closing, …).
    SectionId
);
id_type!(
    /// A kept version of a section's text.
    RevisionId
);
id_type!(
    /// A milestone on the planning timeline.
    MilestoneId
);
id_type!(
    /// A track of the planning (a regional or local process).
    TrackId
);
id_type!(
    /// A backup's file name inside the database's backups folder: the only way the UI and the
    /// command line name a backup. The backup use cases accept one only when it is a backup they
    /// listed themselves.
    BackupName
);

// A backup's name is a file name: joined to the backups folder to find it.
impl AsRef<std::path::Path> for BackupName {
    fn as_ref(&self) -> &std::path::Path {
        std::path::Path::new(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_a_plain_string_on_the_wire() {
        let id = SectionId::new("0190c0de-0000-7000-8000-000000000001");
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"0190c0de-0000-7000-8000-000000000001\"");
        assert_eq!(serde_json::from_str::<SectionId>(&json).unwrap(), id);
        assert_eq!(
            SectionId::decl(&ts_rs::Config::default()),
            "type SectionId = string;"
        );
    }
}
