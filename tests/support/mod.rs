//! Helpers for the end-to-end tests.
// Each e2e test binary uses its own part of these helpers.
#![allow(dead_code)]
pub mod a11y;
pub mod app;
pub mod clock;
pub mod libreoffice;
pub mod papers;
pub mod poppler;
pub mod processes;
pub mod tmpfs;
pub mod webdriver;
pub mod writer;
pub mod x11;

/// The first column of `sql`'s rows as text, read from the app's database file directly.
pub fn db_rows(db: &std::path::Path, sql: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}
