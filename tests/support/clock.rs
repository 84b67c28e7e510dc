//! The moment every end-to-end test runs at. The app is started with `ADVIESWERK_CLOCK` set to
//! it (a debug build honours that setting; its clock runs on from there), seeds are written with
//! a store on the same clock, and the tests take "today" from it: no test depends on the day or
//! the hour the suite happens to run. A plain working Wednesday at ten in the morning, in the
//! council's season (the example data has plenary meetings in the weeks after), far from
//! midnight. A test that needs another moment passes its own to `App::start_at`.

use std::path::Path;

use advieswerk::{Clock, Store};
use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, Utc};

/// Local time, as `ADVIESWERK_CLOCK` reads it.
pub const START: &str = "2027-03-10T10:00:00";

/// `at` (local, `START`'s form) as an instant.
pub fn instant(at: &str) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S")
        .unwrap_or_else(|e| panic!("{at}: {e}"))
        .and_local_timezone(Local)
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

/// The suite's clock, standing still at `START`: seeds and checks in the test process.
pub fn clock() -> Clock {
    Clock::fixed(instant(START))
}

/// The app's and the tests' today.
pub fn today() -> NaiveDate {
    clock().today()
}

/// A store on the test's database that dates its changes by the suite's clock.
pub fn store(db: &Path) -> Store {
    let mut s = Store::open(db).unwrap();
    s.set_clock(clock());
    s
}
