//! SQL behind the annual report: a year's advice (requests whose latest sending falls in the
//! year) with what followed, the requests received in the year, and the meetings held. The
//! figures themselves are counted by the use case from these rows.

use chrono::NaiveDate;
use rusqlite::params;

use super::Store;
use crate::columns::{code, day, opt_code, opt_day};
use crate::error::Result;
use advieswerk_domain::RequestId;
use advieswerk_domain::follow_up::Outcome;
use advieswerk_domain::request::RequestKind;
use advieswerk_domain::status::{Status, Tenor};

/// One advice given in the year.
#[derive(Debug, Clone)]
pub struct GivenAdvice {
    pub id: RequestId,
    pub subject: String,
    pub confidential: bool,
    pub kind: RequestKind,
    pub theme: Option<String>,
    pub received_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub sent_on: NaiveDate,
    pub sent_reference: String,
    pub status: Status,
    pub tenor: Option<Tenor>,
    pub reaction_term_days: Option<u32>,
    /// The reaction's own date, or else the date of the step *reactie ontvangen*.
    pub reaction_on: Option<NaiveDate>,
    pub reaction_reference: String,
    pub open_commitments: u32,
    pub council_informed_on: Option<NaiveDate>,
}

/// One request received in the year.
#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    pub kind: RequestKind,
    pub theme: Option<String>,
    pub status: Status,
}

/// A recommendation of a year's advice, for the report.
#[derive(Debug, Clone)]
pub struct ReportRecommendation {
    pub request_id: RequestId,
    pub number: u32,
    pub title: String,
    pub outcome: Option<Outcome>,
    pub reasoning: String,
}

/// The advice given in `[?1, ?2]`: the sendings `l` in it that no later sending of their
/// request follows, of requests `r` not withdrawn (`FROM {GIVEN_FROM} … WHERE {GIVEN}`).
const GIVEN_FROM: &str = "request_step l JOIN advice_request r ON r.id = l.request_id";
const GIVEN: &str = "l.status = 'sent' AND l.on_date BETWEEN ?1 AND ?2 AND r.status <> 'withdrawn'
       AND NOT EXISTS (SELECT 1 FROM request_step n
                       WHERE n.request_id = l.request_id AND n.status = 'sent'
                         AND (n.on_date > l.on_date OR (n.on_date = l.on_date AND n.id > l.id)))";

/// Per year, of the advice given in it: how many, with a due date, on time, and of their
/// recommendations how many were adopted and how many have an outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct YearCounts {
    pub given: u32,
    pub with_due_date: u32,
    pub on_time: u32,
    pub adopted: u32,
    pub with_outcome: u32,
}

fn bounds(year: i32) -> (String, String) {
    (format!("{year:04}-01-01"), format!("{year:04}-12-31"))
}

impl Store {
    pub fn given_in_year(&self, year: i32) -> Result<Vec<GivenAdvice>> {
        let (from, to) = bounds(year);
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT r.id, r.subject, r.confidential, r.kind,
                    (SELECT t.name FROM theme t WHERE t.id = r.theme_id), r.received_on, r.due_on,
                    l.on_date, l.reference, r.status, r.tenor, r.reaction_term_days,
                    coalesce((SELECT x.received_on FROM reaction x WHERE x.request_id = r.id),
                             (SELECT max(s.on_date) FROM request_step s
                              WHERE s.request_id = r.id AND s.status = 'reaction_received')),
                    coalesce((SELECT x.reference FROM reaction x WHERE x.request_id = r.id), ''),
                    (SELECT count(*) FROM commitment c WHERE c.request_id = r.id AND c.status = 'open'),
                    (SELECT max(f.on_date) FROM follow_up f WHERE f.request_id = r.id AND f.kind = 'council_informed')
             FROM {GIVEN_FROM} WHERE {GIVEN}
             ORDER BY l.on_date, r.subject, r.id"
        ))?;
        let rows = stmt
            .query_map(params![from, to], |r| {
                Ok(GivenAdvice {
                    id: crate::columns::id(r, 0)?,
                    subject: r.get(1)?,
                    confidential: r.get(2)?,
                    kind: code(r, 3, "kind", RequestKind::from_code)?,
                    theme: r.get(4)?,
                    received_on: day(r, 5)?,
                    due_on: opt_day(r, 6)?,
                    sent_on: day(r, 7)?,
                    sent_reference: r.get(8)?,
                    status: code(r, 9, "status", Status::from_code)?,
                    tenor: opt_code(r, 10, "tenor", Tenor::from_code)?,
                    reaction_term_days: r.get(11)?,
                    reaction_on: opt_day(r, 12)?,
                    reaction_reference: r.get(13)?,
                    open_commitments: r.get(14)?,
                    council_informed_on: opt_day(r, 15)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn received_in_year(&self, year: i32) -> Result<Vec<ReceivedRequest>> {
        let (from, to) = bounds(year);
        let mut stmt = self.conn().prepare_cached(
            "SELECT r.kind, t.name, r.status FROM advice_request r
             LEFT JOIN theme t ON t.id = r.theme_id
             WHERE r.received_on BETWEEN ?1 AND ?2",
        )?;
        let rows = stmt
            .query_map(params![from, to], |r| {
                Ok(ReceivedRequest {
                    kind: code(r, 0, "kind", RequestKind::from_code)?,
                    theme: r.get(1)?,
                    status: code(r, 2, "status", Status::from_code)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Counts for each year in `[from, to]` that had advice given (see `YearCounts`).
    pub fn year_counts(&self, from: i32, to: i32) -> Result<Vec<(i32, YearCounts)>> {
        let (first, _) = bounds(from);
        let (_, last) = bounds(to);
        let mut out: Vec<(i32, YearCounts)> = Vec::new();
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT CAST(substr(l.on_date, 1, 4) AS INTEGER), count(*), count(r.due_on),
                    count(CASE WHEN l.on_date <= r.due_on THEN 1 END)
             FROM {GIVEN_FROM} WHERE {GIVEN} GROUP BY 1 ORDER BY 1"
        ))?;
        for row in stmt.query_map(params![first, last], |r| {
            Ok((
                r.get::<_, i32>(0)?,
                YearCounts {
                    given: r.get(1)?,
                    with_due_date: r.get(2)?,
                    on_time: r.get(3)?,
                    ..YearCounts::default()
                },
            ))
        })? {
            out.push(row?);
        }
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT CAST(substr(l.on_date, 1, 4) AS INTEGER), count(CASE WHEN c.outcome = 'adopted' THEN 1 END),
                    count(c.outcome)
             FROM {GIVEN_FROM} JOIN recommendation c ON c.request_id = r.id WHERE {GIVEN} GROUP BY 1"
        ))?;
        for row in stmt.query_map(params![first, last], |r| {
            Ok((r.get::<_, i32>(0)?, r.get(1)?, r.get(2)?))
        })? {
            let (year, adopted, with_outcome) = row?;
            if let Some((_, c)) = out.iter_mut().find(|(y, _)| *y == year) {
                c.adopted = adopted;
                c.with_outcome = with_outcome;
            }
        }
        Ok(out)
    }

    /// The recommendations of the advice given in the year, by advice and number.
    pub fn recommendations_given_in_year(&self, year: i32) -> Result<Vec<ReportRecommendation>> {
        let (from, to) = bounds(year);
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT c.request_id, c.number, c.title, c.outcome, c.reasoning
             FROM {GIVEN_FROM} JOIN recommendation c ON c.request_id = r.id WHERE {GIVEN}
             ORDER BY c.request_id, c.number, c.updated_at, c.id"
        ))?;
        let rows = stmt
            .query_map(params![from, to], |r| {
                Ok(ReportRecommendation {
                    request_id: crate::columns::id(r, 0)?,
                    number: r.get(1)?,
                    title: r.get(2)?,
                    outcome: opt_code(r, 3, "outcome", Outcome::from_code)?,
                    reasoning: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The recommendations of the given requests, by request (in the order given) and number.
    pub fn recommendations_of(&self, ids: &[RequestId]) -> Result<Vec<ReportRecommendation>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT request_id, number, title, outcome, reasoning FROM recommendation
             WHERE request_id = ?1 ORDER BY number, updated_at, id",
        )?;
        let mut out = Vec::new();
        for id in ids {
            for row in stmt.query_map([id.as_str()], |r| {
                Ok(ReportRecommendation {
                    request_id: crate::columns::id(r, 0)?,
                    number: r.get(1)?,
                    title: r.get(2)?,
                    outcome: opt_code(r, 3, "outcome", Outcome::from_code)?,
                    reasoning: r.get(4)?,
                })
            })? {
                out.push(row?);
            }
        }
        Ok(out)
    }

    /// Plenary meetings in the year up to and including `until`.
    pub fn meetings_held(&self, year: i32, until: NaiveDate) -> Result<u32> {
        let (from, to) = bounds(year);
        let to = to.min(advieswerk_domain::date::iso(until));
        Ok(self.conn().query_row(
            "SELECT count(*) FROM meeting WHERE held_on BETWEEN ?1 AND ?2",
            params![from, to],
            |r| r.get(0),
        )?)
    }

    /// Years in which advice was sent, newest first.
    pub fn years_with_advice(&self) -> Result<Vec<i32>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT DISTINCT CAST(substr(on_date, 1, 4) AS INTEGER) FROM request_step
             WHERE status = 'sent' ORDER BY 1 DESC",
        )?;
        let rows = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
