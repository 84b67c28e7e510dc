//! Record identity and change stamps. Ids are UUIDv7 (globally unique, time-ordered) so records
//! made on different desktops of one council can later be merged without collisions.

use chrono::{SecondsFormat, Utc};

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// UTC timestamp with milliseconds, RFC 3339; sorts as text.
pub fn now_stamp() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}
