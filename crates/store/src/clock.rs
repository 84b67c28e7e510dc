//! The one source of "now". Use cases never read the system clock: they are given `today`, and
//! the store stamps changes, revisions and backups with the `Clock` it was given. The app and the
//! command line make one clock and hand it to both; tests set it, so nothing depends on the day
//! a test runs.
//!
//! A debug build (what the end-to-end tests drive) also honours `ADVIESWERK_CLOCK`: an instant
//! (`2027-07-01T23:59:58` in local time, or RFC 3339) from which the clock runs on. A release
//! build ignores it, so a user's app always has the real time.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeDelta, Utc};

/// The environment setting a debug build reads its starting time from.
pub const CLOCK_ENV: &str = "ADVIESWERK_CLOCK";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// Added to the system time: zero for the real clock.
    offset: TimeDelta,
    /// A clock that stands still (tests of the core).
    frozen: Option<DateTime<Utc>>,
}

impl Clock {
    /// The computer's own time.
    pub fn system() -> Clock {
        Clock {
            offset: TimeDelta::zero(),
            frozen: None,
        }
    }

    /// A clock that always says `at`.
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock {
            offset: TimeDelta::zero(),
            frozen: Some(at),
        }
    }

    /// A clock that says `at` now and runs on from there at the usual pace.
    pub fn starting_at(at: DateTime<Utc>) -> Clock {
        Clock {
            offset: at - Utc::now(),
            frozen: None,
        }
    }

    /// The app's clock: the system's, or in a debug build the one `ADVIESWERK_CLOCK` sets. A
    /// setting that cannot be read is an error, never silently the real time.
    pub fn from_env() -> Result<Clock, NotAnInstant> {
        if !cfg!(debug_assertions) {
            return Ok(Clock::system());
        }
        match std::env::var(CLOCK_ENV) {
            Ok(v) if !v.trim().is_empty() => parse_instant(v.trim())
                .map(Clock::starting_at)
                .ok_or(NotAnInstant(v)),
            _ => Ok(Clock::system()),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.frozen.unwrap_or_else(|| Utc::now() + self.offset)
    }

    /// The user's local date now.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&Local).date_naive()
    }
}

/// An `ADVIESWERK_CLOCK` setting that is no moment in time; the setting as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAnInstant(pub String);

impl std::fmt::Display for NotAnInstant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{CLOCK_ENV}={} is geen tijdstip (2027-07-01T23:59:58)",
            self.0
        )
    }
}

impl std::error::Error for NotAnInstant {}

/// RFC 3339 (`2027-07-01T21:59:58Z`), or a local date and time without zone
/// (`2027-07-01T23:59:58`), or a bare date (midnight local time).
fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    local
        .and_local_timezone(Local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_says_the_same_instant_and_its_local_day() {
        let at = DateTime::parse_from_rfc3339("2027-07-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let c = Clock::fixed(at);
        assert_eq!(c.now(), at);
        assert_eq!(c.now(), c.now());
        assert_eq!(c.today(), at.with_timezone(&Local).date_naive());
    }

    #[test]
    fn a_clock_started_at_an_instant_runs_on_from_it() {
        let at = parse_instant("2027-07-01T23:59:58").unwrap();
        let c = Clock::starting_at(at);
        let first = c.now();
        assert!((first - at).num_seconds().abs() <= 1, "{first} vs {at}");
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(c.now() > first);
    }

    #[test]
    fn instants_are_read_in_three_forms_and_nonsense_is_refused() {
        assert!(parse_instant("2027-07-01T21:59:58Z").is_some());
        assert!(parse_instant("2027-07-01T23:59:58").is_some());
        assert!(parse_instant("2027-07-01").is_some());
        assert_eq!(parse_instant("1 juli"), None);
        assert_eq!(parse_instant("2027-02-31"), None);
    }
}
