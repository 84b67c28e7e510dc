//! Reading typed values back out of rows: dates stored as ISO text and codes stored as text. A
//! value the program cannot read is a conversion failure naming its column, never a default.

use chrono::NaiveDate;
use rusqlite::Row;

use advieswerk_domain::{Stamp, date};

/// A stored value that is not what its column promises.
pub(crate) fn bad_value(col: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        col,
        rusqlite::types::Type::Text,
        what.to_owned().into(),
    )
}

/// A text column read as a code, with `parse` the code's own reader (`Status::from_code`).
pub(crate) fn code<T>(
    r: &Row,
    i: usize,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    parse(&r.get::<_, String>(i)?).ok_or_else(|| bad_value(i, what))
}

/// A nullable text column read as a code.
pub(crate) fn opt_code<T>(
    r: &Row,
    i: usize,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    r.get::<_, Option<String>>(i)?
        .map(|s| parse(&s).ok_or_else(|| bad_value(i, what)))
        .transpose()
}

pub(crate) fn day(r: &Row, i: usize) -> rusqlite::Result<NaiveDate> {
    code(r, i, "date", date::from_iso)
}

pub(crate) fn opt_day(r: &Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    opt_code(r, i, "date", date::from_iso)
}

/// A record's id column as the domain's typed id.
pub(crate) fn id<T: From<String>>(r: &Row, i: usize) -> rusqlite::Result<T> {
    Ok(T::from(r.get::<_, String>(i)?))
}

/// An optional reference to a record, as the domain's typed id.
pub(crate) fn opt_id<T: From<String>>(r: &Row, i: usize) -> rusqlite::Result<Option<T>> {
    Ok(r.get::<_, Option<String>>(i)?.map(T::from))
}

/// A change stamp column (RFC 3339 text) as the domain's `Stamp`.
pub(crate) fn stamp(r: &Row, i: usize) -> rusqlite::Result<Stamp> {
    code(r, i, "tijdstip", |s| Stamp::parse(s).ok())
}

/// A nullable change stamp column.
pub(crate) fn opt_stamp(r: &Row, i: usize) -> rusqlite::Result<Option<Stamp>> {
    opt_code(r, i, "tijdstip", |s| Stamp::parse(s).ok())
}

/// `query_row` through the connection's statement cache. The lookups a screen repeats (one
/// request, its steps, a section) are cheaper to run than to parse and plan: unprepared, the
/// parse took more than half of "open one request" (perf, register bench).
pub(crate) trait CachedRow {
    fn cached_row<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&Row<'_>) -> rusqlite::Result<T>;
}

impl CachedRow for rusqlite::Connection {
    fn cached_row<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}
