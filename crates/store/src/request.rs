//! SQL of the advice request aggregate: the request row and its recorded status steps.

use chrono::NaiveDate;
use rusqlite::{Row, params, params_from_iter, types::Value};

use super::{Store, tombstone};
use crate::columns::{CachedRow, code, day, id, opt_code, opt_day, stamp};
use crate::error::{Error, Result};
use crate::ids;
use advieswerk_domain::date;
use advieswerk_domain::request::{RegisterQuery, RequestKind, SortKey, Step, ValidRequest};
use advieswerk_domain::status::{Status, Tenor};
use advieswerk_domain::{RequestId, Stamp};

/// A request as stored, before the service adds its deadline plan.
#[derive(Debug, Clone)]
pub struct RequestRecord {
    pub id: RequestId,
    pub subject: String,
    pub requester: String,
    pub kind: RequestKind,
    pub theme_id: Option<String>,
    pub theme_name: Option<String>,
    pub working_group_id: Option<String>,
    pub working_group_name: Option<String>,
    pub received_on: NaiveDate,
    pub requested_by: Option<NaiveDate>,
    pub municipality_reference: String,
    pub case_number: String,
    pub our_reference: String,
    pub notes: String,
    pub confidential: bool,
    pub status: Status,
    pub tenor: Option<Tenor>,
    /// Date of the latest `Sent` step, if any.
    pub sent_on: Option<NaiveDate>,
    /// This request's own reaction term, if it has one.
    pub reaction_term_days: Option<u32>,
    /// The earliest date of its open commitments.
    pub next_commitment_on: Option<NaiveDate>,
    pub created_at: Stamp,
    pub updated_at: Stamp,
    pub updated_by: String,
}

const SELECT: &str = "SELECT r.id, r.subject, r.requester, r.kind, r.theme_id, t.name, r.working_group_id, g.name,
        r.received_on, r.requested_by, r.municipality_reference, r.case_number, r.our_reference, r.notes,
        r.confidential, r.status, r.tenor,
        (SELECT max(s.on_date) FROM request_step s WHERE s.request_id = r.id AND s.status = 'sent'),
        r.created_at, r.updated_at, r.updated_by, r.reaction_term_days,
        (SELECT min(c.due_on) FROM commitment c WHERE c.request_id = r.id AND c.status = 'open')
    FROM advice_request r
    LEFT JOIN theme t ON t.id = r.theme_id
    LEFT JOIN working_group g ON g.id = r.working_group_id";

fn status_col(r: &Row, i: usize) -> rusqlite::Result<Status> {
    code(r, i, "status", Status::from_code)
}

fn tenor_col(r: &Row, i: usize) -> rusqlite::Result<Option<Tenor>> {
    opt_code(r, i, "tenor", Tenor::from_code)
}

fn record(r: &Row) -> rusqlite::Result<RequestRecord> {
    Ok(RequestRecord {
        id: id(r, 0)?,
        subject: r.get(1)?,
        requester: r.get(2)?,
        kind: code(r, 3, "kind", RequestKind::from_code)?,
        theme_id: r.get(4)?,
        theme_name: r.get(5)?,
        working_group_id: r.get(6)?,
        working_group_name: r.get(7)?,
        received_on: day(r, 8)?,
        requested_by: opt_day(r, 9)?,
        municipality_reference: r.get(10)?,
        case_number: r.get(11)?,
        our_reference: r.get(12)?,
        notes: r.get(13)?,
        confidential: r.get(14)?,
        status: status_col(r, 15)?,
        tenor: tenor_col(r, 16)?,
        sent_on: opt_day(r, 17)?,
        created_at: stamp(r, 18)?,
        updated_at: stamp(r, 19)?,
        updated_by: r.get(20)?,
        reaction_term_days: r.get(21)?,
        next_commitment_on: opt_day(r, 22)?,
    })
}

/// `LIKE` pattern that matches `s` literally anywhere.
fn contains_pattern(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

pub const DEFAULT_PAGE: u32 = 50;
pub const MAX_PAGE: u32 = 500;

impl Store {
    pub fn get_request(&self, id: &RequestId) -> Result<RequestRecord> {
        let id = id.as_str();
        self.conn()
            .cached_row(&format!("{SELECT} WHERE r.id = ?1"), [id], record)
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Error::NotFound {
                    entity: "request",
                    id: id.to_owned(),
                },
                e => e.into(),
            })
    }

    pub fn list_steps(&self, request_id: &RequestId) -> Result<Vec<Step>> {
        let request_id = request_id.as_str();
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, status, on_date, reference, tenor, note, recorded_at FROM request_step
             WHERE request_id = ?1 ORDER BY seq, recorded_at, id",
        )?;
        let steps = stmt
            .query_map([request_id], |r| {
                Ok(Step {
                    id: r.get(0)?,
                    status: status_col(r, 1)?,
                    on: day(r, 2)?,
                    reference: r.get(3)?,
                    tenor: tenor_col(r, 4)?,
                    note: r.get(5)?,
                    recorded_at: stamp(r, 6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(steps)
    }

    /// One page of the register and the number of matching rows.
    pub fn list_requests(&self, q: &RegisterQuery) -> Result<(Vec<RequestRecord>, u32)> {
        let mut clauses: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        if !q.statuses.is_empty() {
            let marks = vec!["?"; q.statuses.len()].join(", ");
            clauses.push(format!("r.status IN ({marks})"));
            args.extend(q.statuses.iter().map(|s| Value::Text(s.code().into())));
        }
        if let Some(t) = q.theme_id.as_deref().filter(|s| !s.is_empty()) {
            clauses.push("r.theme_id = ?".into());
            args.push(Value::Text(t.into()));
        }
        if let Some(g) = q.working_group_id.as_deref().filter(|s| !s.is_empty()) {
            clauses.push("r.working_group_id = ?".into());
            args.push(Value::Text(g.into()));
        }
        if let Some(y) = q.year {
            clauses.push("r.received_on >= ? AND r.received_on < ?".into());
            args.push(Value::Text(format!("{y:04}-01-01")));
            args.push(Value::Text(format!("{:04}-01-01", y + 1)));
        }
        let search = q.search.trim();
        if !search.is_empty() {
            clauses.push(
                "(r.subject LIKE ? ESCAPE '\\' OR r.requester LIKE ? ESCAPE '\\' OR r.municipality_reference LIKE ? ESCAPE '\\'
                  OR r.case_number LIKE ? ESCAPE '\\' OR r.our_reference LIKE ? ESCAPE '\\')"
                    .into(),
            );
            let pat = contains_pattern(search);
            args.extend(std::iter::repeat_n(Value::Text(pat), 5));
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };

        let dir = if q.descending { "DESC" } else { "ASC" };
        let order = match q.sort {
            // Requests without a due date (unasked advice) go last either way.
            SortKey::Due => format!("r.due_on IS NULL, r.due_on {dir}, r.received_on {dir}"),
            SortKey::Received => format!("r.received_on {dir}, r.subject COLLATE NOCASE"),
            SortKey::Subject => format!("r.subject COLLATE NOCASE {dir}, r.received_on"),
            SortKey::Status => {
                let rank: Vec<String> = Status::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("WHEN '{}' THEN {i}", s.code()))
                    .collect();
                format!(
                    "CASE r.status {} END {dir}, r.due_on IS NULL, r.due_on",
                    rank.join(" ")
                )
            }
        };
        let limit = match q.limit {
            0 => DEFAULT_PAGE,
            n => n.min(MAX_PAGE),
        };

        let total: u32 = self.conn().cached_row(
            &format!("SELECT count(*) FROM advice_request r {filter}"),
            params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        // Two phases: order and cut on the bare table (indexes, no joins), then load only the
        // rows of this page. Selecting the full rows while sorting made SQLite compute the joins
        // and the sent-date subquery for every matching row.
        let mut page_args = args;
        page_args.push(Value::Integer(limit.into()));
        page_args.push(Value::Integer(q.offset.into()));
        let ids: Vec<String> = self
            .conn()
            .prepare_cached(&format!(
                "SELECT r.id FROM advice_request r {filter} ORDER BY {order}, r.id LIMIT ? OFFSET ?"
            ))?
            .query_map(params_from_iter(page_args.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if ids.is_empty() {
            return Ok((Vec::new(), total));
        }
        let marks = vec!["?"; ids.len()].join(", ");
        let mut rows: Vec<RequestRecord> = self
            .conn()
            .prepare(&format!("{SELECT} WHERE r.id IN ({marks})"))?
            .query_map(params_from_iter(ids.iter()), record)?
            .collect::<rusqlite::Result<_>>()?;
        let position: std::collections::HashMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        rows.sort_by_key(|r| position.get(r.id.as_str()).copied().unwrap_or(usize::MAX));
        Ok((rows, total))
    }

    /// Every request whose status is not terminal (`Status::is_terminal`).
    pub fn list_open_requests(&self) -> Result<Vec<RequestRecord>> {
        let terminal: Vec<String> = Status::ALL
            .iter()
            .filter(|s| s.is_terminal())
            .map(|s| format!("'{}'", s.code()))
            .collect();
        let mut stmt = self.conn().prepare_cached(&format!(
            "{SELECT} WHERE r.status NOT IN ({}) ORDER BY r.due_on IS NULL, r.due_on",
            terminal.join(", ")
        ))?;
        let rows = stmt
            .query_map([], record)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The requests the start screen looks at: those with a deadline still ahead of the council
    /// or the college (up to and including sent), and any other open one with an open
    /// commitment. A request whose reaction is in and followed up has nothing to warn of.
    pub fn list_requests_to_watch(&self) -> Result<Vec<RequestRecord>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{SELECT} WHERE r.status IN ('received', 'in_progress', 'draft', 'adopted', 'sent')
                OR (r.status = 'reaction_received'
                    AND EXISTS (SELECT 1 FROM commitment c WHERE c.request_id = r.id AND c.status = 'open'))
             ORDER BY r.due_on IS NULL, r.due_on"
        ))?;
        let rows = stmt
            .query_map([], record)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Years with at least one request, newest first. Probes the received-date index once per
    /// year instead of scanning every row, because the register asks on every page.
    pub fn list_request_years(&self) -> Result<Vec<i32>> {
        let conn = self.conn();
        let bounds: (Option<String>, Option<String>) =
            // Two scalar subqueries: each is one index probe, where min and max together scan it all.
            conn.cached_row(
                "SELECT (SELECT min(received_on) FROM advice_request), (SELECT max(received_on) FROM advice_request)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
        let year =
            |s: Option<String>| s.and_then(|s| s.get(..4).and_then(|y| y.parse::<i32>().ok()));
        let (Some(first), Some(last)) = (year(bounds.0), year(bounds.1)) else {
            return Ok(Vec::new());
        };
        let mut stmt = conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM advice_request WHERE received_on >= ?1 AND received_on < ?2)",
        )?;
        let mut years = Vec::new();
        for y in (first..=last).rev() {
            if stmt.query_row(
                [format!("{y:04}-01-01"), format!("{:04}-01-01", y + 1)],
                |r| r.get::<_, bool>(0),
            )? {
                years.push(y);
            }
        }
        Ok(years)
    }

    pub fn count_requests(&self) -> Result<u32> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM advice_request", [], |r| r.get(0))?)
    }

    /// Inserts a new request with its first step, `Received` on the received date.
    pub fn insert_request(
        &mut self,
        v: &ValidRequest,
        due_on: Option<NaiveDate>,
    ) -> Result<RequestId> {
        let id = ids::new_id();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let tx = self.conn.savepoint()?;
        tx.execute(
            "INSERT INTO advice_request (id, subject, requester, kind, theme_id, working_group_id, received_on, requested_by,
                 due_on, municipality_reference, case_number, our_reference, notes, confidential, status, tenor,
                 created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'received', NULL, ?15, ?15, ?16)",
            params![id, v.subject, v.requester, v.kind.code(), v.theme_id, v.working_group_id, date::iso(v.received_on),
                    v.requested_by.map(date::iso), due_on.map(date::iso), v.municipality_reference, v.case_number,
                    v.our_reference, v.notes, v.confidential, now, by],
        )?;
        tx.execute(
            "INSERT INTO request_step (id, request_id, seq, status, on_date, recorded_at, recorded_by)
             VALUES (?1, ?2, 1, 'received', ?3, ?4, ?5)",
            params![ids::new_id(), id, date::iso(v.received_on), now, by],
        )?;
        tx.commit()?;
        Ok(RequestId::new(id))
    }

    /// Updates the editable fields; the first step's date follows the received date.
    pub fn update_request(
        &mut self,
        id: &RequestId,
        v: &ValidRequest,
        due_on: Option<NaiveDate>,
    ) -> Result<()> {
        let id = id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let tx = self.conn.savepoint()?;
        let n = tx.execute(
            "UPDATE advice_request SET subject = ?2, requester = ?3, kind = ?4, theme_id = ?5, working_group_id = ?6,
                 received_on = ?7, requested_by = ?8, due_on = ?9, municipality_reference = ?10, case_number = ?11,
                 our_reference = ?12, notes = ?13, confidential = ?14, updated_at = ?15, updated_by = ?16
             WHERE id = ?1",
            params![id, v.subject, v.requester, v.kind.code(), v.theme_id, v.working_group_id, date::iso(v.received_on),
                    v.requested_by.map(date::iso), due_on.map(date::iso), v.municipality_reference, v.case_number,
                    v.our_reference, v.notes, v.confidential, now, by],
        )?;
        if n == 0 {
            return Err(Error::NotFound {
                entity: "request",
                id: id.to_owned(),
            });
        }
        tx.execute(
            "UPDATE request_step SET on_date = ?2 WHERE request_id = ?1 AND seq = 1",
            params![id, date::iso(v.received_on)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Appends a step and moves the request's status (and tenor, when adopted) in one transaction.
    pub fn insert_step(
        &mut self,
        request_id: &RequestId,
        status: Status,
        on: NaiveDate,
        reference: &str,
        tenor: Option<Tenor>,
        note: &str,
    ) -> Result<()> {
        let request_id = request_id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let tx = self.conn.savepoint()?;
        let seq: u32 = tx.cached_row(
            "SELECT coalesce(max(seq), 0) + 1 FROM request_step WHERE request_id = ?1",
            [request_id],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO request_step (id, request_id, seq, status, on_date, reference, tenor, note, recorded_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![ids::new_id(), request_id, seq, status.code(), date::iso(on), reference, tenor.map(Tenor::code), note, now, by],
        )?;
        let tenor_sql = if status == Status::Adopted {
            "?2"
        } else {
            "tenor"
        };
        tx.execute(
            &format!("UPDATE advice_request SET status = ?1, tenor = {tenor_sql}, updated_at = ?3, updated_by = ?4 WHERE id = ?5"),
            params![status.code(), tenor.map(Tenor::code), now, by, request_id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Removes the most recent step (never the first) and returns the request to the status
    /// before it. A tenor recorded by a removed adoption goes with it.
    pub fn delete_last_step(&mut self, request_id: &RequestId) -> Result<()> {
        let request_id = request_id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let tx = self.conn.savepoint()?;
        let (step_id, seq): (String, u32) = tx.cached_row(
            "SELECT id, seq FROM request_step WHERE request_id = ?1 ORDER BY seq DESC, recorded_at DESC, id DESC LIMIT 1",
            [request_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if seq <= 1 {
            return Err(advieswerk_domain::Error::validation(
                "status",
                "De eerste stap (ontvangen) kan niet ongedaan worden gemaakt.",
            )
            .into());
        }
        tx.execute("DELETE FROM request_step WHERE id = ?1", [&step_id])?;
        tombstone(&tx, "request_step", &step_id, &now, &by)?;
        tx.execute(
            "UPDATE advice_request SET
                 status = (SELECT status FROM request_step WHERE request_id = ?1 ORDER BY seq DESC, recorded_at DESC, id DESC LIMIT 1),
                 tenor = (SELECT tenor FROM request_step WHERE request_id = ?1 AND status = 'adopted' ORDER BY seq DESC, recorded_at DESC, id DESC LIMIT 1),
                 updated_at = ?2, updated_by = ?3
             WHERE id = ?1",
            params![request_id, now, by],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn delete_request(&mut self, id: &RequestId) -> Result<()> {
        let id = id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let tx = self.conn.savepoint()?;
        let n = tx.execute("DELETE FROM advice_request WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(Error::NotFound {
                entity: "request",
                id: id.to_owned(),
            });
        }
        tombstone(&tx, "advice_request", id, &now, &by)?;
        tx.commit()?;
        Ok(())
    }
}
