//! Record identity and change stamps. Ids are UUIDv7 (globally unique, time-ordered) so records
//! made on different desktops of one council can later be merged without collisions.

use chrono::{DateTime, SecondsFormat, Utc};

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// UTC timestamp with milliseconds, RFC 3339; sorts as text. `Store::now_stamp` gives the one
/// of the store's clock.
pub fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}
