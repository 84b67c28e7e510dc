//! Change stamps: the instant a record was made, changed, saved or decided. A stamp is an
//! instant, not text: two stamps compare as instants, so "14:02:00Z" written by one desktop and
//! "14:02:00.000Z" by another are the same moment. It is written (on the wire, in SQLite, in the
//! shared documents) as RFC 3339 in UTC with milliseconds, the one form that also sorts as text
//! in SQL; any RFC 3339 text is read, and text that is not one is refused.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, TS)]
pub struct Stamp(#[ts(type = "string")] DateTime<Utc>);

/// Text that was to be a change stamp and is not an RFC 3339 instant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is geen tijdstip (verwacht: 2026-12-03T14:02:00.000Z)")]
pub struct NotAStamp(pub String);

impl Stamp {
    /// The stamp of an instant, to the millisecond: the precision it is written with, so a
    /// stamp read back from its text equals the one that was written.
    pub fn at(instant: DateTime<Utc>) -> Stamp {
        Stamp(instant.trunc_subsecs(3))
    }

    pub fn parse(text: &str) -> Result<Stamp, NotAStamp> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| Stamp::at(t.with_timezone(&Utc)))
            .map_err(|_| NotAStamp(text.to_owned()))
    }

    pub fn instant(self) -> DateTime<Utc> {
        self.0
    }

    /// The stored form: `2026-12-03T14:02:00.000Z`.
    pub fn text(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl FromStr for Stamp {
    type Err = NotAStamp;

    fn from_str(s: &str) -> Result<Stamp, NotAStamp> {
        Stamp::parse(s)
    }
}

impl From<DateTime<Utc>> for Stamp {
    fn from(instant: DateTime<Utc>) -> Stamp {
        Stamp::at(instant)
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Stamp, D::Error> {
        let text = String::deserialize(d)?;
        Stamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_is_written_with_milliseconds_in_utc_and_read_back_equal() {
        let s = Stamp::parse("2026-12-03T15:02:00.123456+01:00").unwrap();
        assert_eq!(s.text(), "2026-12-03T14:02:00.123Z");
        assert_eq!(Stamp::parse(&s.text()).unwrap(), s);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, "\"2026-12-03T14:02:00.123Z\"");
        assert_eq!(serde_json::from_str::<Stamp>(&json).unwrap(), s);
        assert_eq!(
            Stamp::decl(&ts_rs::Config::default()),
            "type Stamp = string;"
        );
    }

    #[test]
    fn stamps_compare_as_instants_not_as_text() {
        // As text, "…00Z" sorts after "…00.500Z" ('Z' > '.'); as instants it is earlier.
        let whole = Stamp::parse("2026-12-03T14:02:00Z").unwrap();
        let half = Stamp::parse("2026-12-03T14:02:00.500Z").unwrap();
        assert!("2026-12-03T14:02:00Z" > "2026-12-03T14:02:00.500Z");
        assert!(whole < half);
        let cet = Stamp::parse("2026-12-03T15:02:00.000+01:00").unwrap();
        assert_eq!(cet, whole);
    }

    #[test]
    fn text_that_is_no_instant_is_refused() {
        for bad in [
            "",
            "03-12-2026",
            "2026-12-03",
            "2026-13-03T14:02:00Z",
            "gisteren",
        ] {
            assert!(Stamp::parse(bad).is_err(), "{bad}");
            assert!(serde_json::from_str::<Stamp>(&format!("\"{bad}\"")).is_err());
        }
    }
}
