//! SQL of what follows an advice: its recommendations, the college's reaction (and the bytes of
//! its letter, kept on this computer only), commitments, follow-up steps, a request's own
//! reaction term, and the texts of the annual report.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{Store, tombstone};
use crate::columns::{code, day, id, opt_code, opt_day};
use crate::error::{Error, Result};
use crate::ids;
use advieswerk_domain::RequestId;
use advieswerk_domain::date;
use advieswerk_domain::follow_up::{
    Commitment, CommitmentStatus, Extracted, FollowUpKind, FollowUpStep, Outcome, Reaction,
    Recommendation, ValidCommitment, ValidReaction,
};

/// A recommendation as it will be stored (order is the list's).
#[derive(Debug, Clone)]
pub struct NewRecommendation {
    pub section_title: String,
    pub title: String,
    pub body: String,
    pub edited: bool,
    pub outcome: Option<Outcome>,
    pub reasoning: String,
}

impl From<Extracted> for NewRecommendation {
    fn from(e: Extracted) -> Self {
        NewRecommendation {
            section_title: e.section_title,
            title: e.title,
            body: e.body,
            edited: false,
            outcome: None,
            reasoning: String::new(),
        }
    }
}

/// An open commitment with its request, for the start screen and the timeline.
#[derive(Debug, Clone)]
pub struct OpenCommitment {
    pub commitment: Commitment,
    pub subject: String,
    pub confidential: bool,
}

/// The annual report's own texts for a year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportTexts {
    pub introduction: String,
    pub closing: String,
}

fn recommendation(r: &Row) -> rusqlite::Result<Recommendation> {
    Ok(Recommendation {
        id: r.get(0)?,
        number: r.get(1)?,
        section_title: r.get(2)?,
        title: r.get(3)?,
        body: r.get(4)?,
        edited: r.get(5)?,
        outcome: opt_code(r, 6, "outcome", Outcome::from_code)?,
        reasoning: r.get(7)?,
    })
}

fn commitment(r: &Row, today: NaiveDate) -> rusqlite::Result<Commitment> {
    let status = code(r, 4, "status", CommitmentStatus::from_code)?;
    let due_on = opt_day(r, 3)?;
    Ok(Commitment {
        id: r.get(0)?,
        request_id: id(r, 1)?,
        text: r.get(2)?,
        overdue: status == CommitmentStatus::Open && due_on.is_some_and(|d| today > d),
        due_on,
        status,
        note: r.get(5)?,
    })
}

const COMMITMENT: &str = "SELECT id, request_id, text, due_on, status, note FROM commitment";

impl Store {
    pub fn list_recommendations(&self, request_id: &RequestId) -> Result<Vec<Recommendation>> {
        let request_id = request_id.as_str();
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, number, section_title, title, body, edited, outcome, reasoning
             FROM recommendation WHERE request_id = ?1 ORDER BY number, updated_at, id",
        )?;
        let rows = stmt
            .query_map([request_id], recommendation)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Replaces the advice's recommendations with `list`, numbered 1..n in its order; rows that
    /// keep their id (`Some`) are updated in place, the rest are new, missing ones removed.
    pub fn replace_recommendations(
        &mut self,
        request_id: &RequestId,
        list: &[(Option<String>, NewRecommendation)],
    ) -> Result<()> {
        let request_id = request_id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let tx = self.conn.savepoint()?;
        let current: Vec<String> = {
            let mut stmt = tx.prepare("SELECT id FROM recommendation WHERE request_id = ?1")?;
            stmt.query_map([request_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        for id in &current {
            if !list.iter().any(|(keep, _)| keep.as_deref() == Some(id)) {
                tx.execute("DELETE FROM recommendation WHERE id = ?1", [id])?;
                tombstone(&tx, "recommendation", id, &now, &by)?;
            }
        }
        for (i, (keep, r)) in list.iter().enumerate() {
            let number = i as u32 + 1;
            let values = params![
                request_id,
                number,
                r.section_title,
                r.title,
                r.body,
                r.edited,
                r.outcome.map(Outcome::code),
                r.reasoning,
                now,
                by,
            ];
            match keep {
                Some(id) if current.contains(id) => {
                    // Only a real change moves the stamp (and goes out to the other members).
                    tx.execute(
                        "UPDATE recommendation SET request_id = ?1, number = ?2, section_title = ?3,
                             title = ?4, body = ?5, edited = ?6, outcome = ?7, reasoning = ?8,
                             updated_at = ?9, updated_by = ?10
                         WHERE id = ?11 AND (number, section_title, title, body, edited,
                             coalesce(outcome, ''), reasoning)
                             IS NOT (?2, ?3, ?4, ?5, ?6, coalesce(?7, ''), ?8)",
                        rusqlite::params_from_iter(
                            values.iter().copied().chain(std::iter::once(
                                id as &dyn rusqlite::ToSql,
                            )),
                        ),
                    )?;
                }
                _ => {
                    let id = ids::new_id();
                    tx.execute(
                        "INSERT INTO recommendation (request_id, number, section_title, title, body,
                             edited, outcome, reasoning, updated_at, updated_by, id)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                        rusqlite::params_from_iter(
                            values.iter().copied().chain(std::iter::once(
                                &id as &dyn rusqlite::ToSql,
                            )),
                        ),
                    )?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn get_reaction(&self, request_id: &RequestId) -> Result<Option<Reaction>> {
        let request_id = request_id.as_str();
        Ok(self
            .conn()
            .query_row(
                "SELECT received_on, reference, summary, letter_name, letter_size,
                        letter_sha256 <> '' AND EXISTS (SELECT 1 FROM stored_file f WHERE f.sha256 = letter_sha256)
                 FROM reaction WHERE request_id = ?1",
                [request_id],
                |r| {
                    Ok(Reaction {
                        received_on: day(r, 0)?,
                        reference: r.get(1)?,
                        summary: r.get(2)?,
                        letter_name: r.get(3)?,
                        letter_size: r.get::<_, i64>(4)?.max(0) as u64,
                        letter_here: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Stores the reaction and each recommendation's outcome, in one savepoint. `letter` is the
    /// new letter's (name, bytes); `None` keeps the one attached before.
    pub fn upsert_reaction(
        &mut self,
        request_id: &RequestId,
        v: &ValidReaction,
        letter: Option<(&str, &[u8])>,
    ) -> Result<()> {
        let request_id = request_id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let tx = self.conn.savepoint()?;
        tx.execute(
            "INSERT INTO reaction (request_id, received_on, reference, summary, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (request_id) DO UPDATE SET received_on = ?2, reference = ?3, summary = ?4,
                 updated_at = ?5, updated_by = ?6",
            params![request_id, date::iso(v.received_on), v.reference, v.summary, now, by],
        )?;
        if let Some((name, bytes)) = letter {
            use sha2::Digest;
            let sum = hex(&sha2::Sha256::digest(bytes));
            tx.execute(
                "INSERT OR IGNORE INTO stored_file (sha256, bytes, stored_at) VALUES (?1, ?2, ?3)",
                params![sum, bytes, now],
            )?;
            tx.execute(
                "UPDATE reaction SET letter_name = ?2, letter_sha256 = ?3, letter_size = ?4
                 WHERE request_id = ?1",
                params![request_id, name, sum, bytes.len() as i64],
            )?;
        }
        for (id, outcome, reasoning) in &v.outcomes {
            tx.execute(
                "UPDATE recommendation SET outcome = ?3, reasoning = ?4, updated_at = ?5, updated_by = ?6
                 WHERE id = ?1 AND request_id = ?2
                   AND (coalesce(outcome, ''), reasoning) IS NOT (coalesce(?3, ''), ?4)",
                params![id, request_id, outcome.map(Outcome::code), reasoning, now, by],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The college's letter of a reaction as (name, bytes), when this computer has it.
    pub fn reaction_letter(&self, request_id: &RequestId) -> Result<Option<(String, Vec<u8>)>> {
        let request_id = request_id.as_str();
        Ok(self
            .conn()
            .query_row(
                "SELECT r.letter_name, f.bytes FROM reaction r JOIN stored_file f ON f.sha256 = r.letter_sha256
                 WHERE r.request_id = ?1",
                [request_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    pub fn list_commitments(
        &self,
        request_id: &RequestId,
        today: NaiveDate,
    ) -> Result<Vec<Commitment>> {
        let request_id = request_id.as_str();
        let mut stmt = self.conn().prepare_cached(&format!(
            "{COMMITMENT} WHERE request_id = ?1 ORDER BY due_on IS NULL, due_on, created_at, id"
        ))?;
        let rows = stmt
            .query_map([request_id], |r| commitment(r, today))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Open commitments dated on or before `until`, earliest first, with their request.
    pub fn list_open_commitments(
        &self,
        until: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<OpenCommitment>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.id, c.request_id, c.text, c.due_on, c.status, c.note, r.subject, r.confidential
             FROM commitment c JOIN advice_request r ON r.id = c.request_id
             WHERE c.status = 'open' AND c.due_on IS NOT NULL AND c.due_on <= ?1
             ORDER BY c.due_on, c.id",
        )?;
        let rows = stmt
            .query_map([date::iso(until)], |r| {
                Ok(OpenCommitment {
                    commitment: commitment(r, today)?,
                    subject: r.get(6)?,
                    confidential: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn get_commitment(&self, id: &str, today: NaiveDate) -> Result<Commitment> {
        self.conn()
            .query_row(&format!("{COMMITMENT} WHERE id = ?1"), [id], |r| {
                commitment(r, today)
            })
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "commitment",
                id: id.to_owned(),
            })
    }

    /// Inserts (`id` none) or updates a commitment; returns its id.
    pub fn upsert_commitment(
        &mut self,
        request_id: &RequestId,
        id: Option<&str>,
        v: &ValidCommitment,
    ) -> Result<String> {
        let request_id = request_id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let due = v.due_on.map(date::iso);
        match id {
            Some(id) => {
                let n = self.conn().execute(
                    "UPDATE commitment SET text = ?3, due_on = ?4, status = ?5, note = ?6,
                         updated_at = ?7, updated_by = ?8
                     WHERE id = ?1 AND request_id = ?2",
                    params![
                        id,
                        request_id,
                        v.text,
                        due,
                        v.status.code(),
                        v.note,
                        now,
                        by
                    ],
                )?;
                if n == 0 {
                    return Err(Error::NotFound {
                        entity: "commitment",
                        id: id.to_owned(),
                    });
                }
                Ok(id.to_owned())
            }
            None => {
                let id = ids::new_id();
                self.conn().execute(
                    "INSERT INTO commitment (id, request_id, text, due_on, status, note, created_at, updated_at, updated_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
                    params![id, request_id, v.text, due, v.status.code(), v.note, now, by],
                )?;
                Ok(id)
            }
        }
    }

    pub fn delete_commitment(&mut self, id: &str) -> Result<()> {
        self.delete_row("commitment", id)
    }

    pub fn list_follow_ups(&self, request_id: &RequestId) -> Result<Vec<FollowUpStep>> {
        let request_id = request_id.as_str();
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, kind, on_date, note FROM follow_up WHERE request_id = ?1
             ORDER BY on_date, recorded_at, id",
        )?;
        let rows = stmt
            .query_map([request_id], |r| {
                Ok(FollowUpStep {
                    id: r.get(0)?,
                    kind: code(r, 1, "kind", FollowUpKind::from_code)?,
                    on: day(r, 2)?,
                    note: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn insert_follow_up(
        &mut self,
        request_id: &RequestId,
        kind: FollowUpKind,
        on: NaiveDate,
        note: &str,
    ) -> Result<String> {
        let request_id = request_id.as_str();
        let id = ids::new_id();
        self.conn().execute(
            "INSERT INTO follow_up (id, request_id, kind, on_date, note, recorded_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                request_id,
                kind.code(),
                date::iso(on),
                note,
                self.now_stamp(),
                self.author()
            ],
        )?;
        Ok(id)
    }

    pub fn delete_follow_up(&mut self, id: &str) -> Result<()> {
        self.delete_row("follow_up", id)
    }

    /// The request a follow-up record belongs to.
    pub fn request_of(&self, table: &'static str, id: &str) -> Result<RequestId> {
        debug_assert!(matches!(
            table,
            "commitment" | "follow_up" | "recommendation"
        ));
        self.conn()
            .query_row(
                &format!("SELECT request_id FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .map(RequestId::new)
            .ok_or_else(|| Error::NotFound {
                entity: table,
                id: id.to_owned(),
            })
    }

    pub fn set_reaction_term(&mut self, request_id: &RequestId, days: Option<u32>) -> Result<()> {
        let n = self.conn().execute(
            "UPDATE advice_request SET reaction_term_days = ?2, updated_at = ?3, updated_by = ?4
             WHERE id = ?1 AND reaction_term_days IS NOT ?2",
            params![request_id.as_str(), days, self.now_stamp(), self.author()],
        )?;
        if n == 0 {
            self.get_request(request_id)?;
        }
        Ok(())
    }

    pub fn get_report_texts(&self, year: i32) -> Result<ReportTexts> {
        Ok(self
            .conn()
            .query_row(
                "SELECT introduction, closing FROM annual_report WHERE year = ?1 ORDER BY id LIMIT 1",
                [year],
                |r| {
                    Ok(ReportTexts {
                        introduction: r.get(0)?,
                        closing: r.get(1)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
    }

    pub fn upsert_report_texts(&mut self, year: i32, t: &ReportTexts) -> Result<()> {
        self.conn().execute(
            "INSERT INTO annual_report (id, year, introduction, closing, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET introduction = ?3, closing = ?4, updated_at = ?5, updated_by = ?6
             WHERE (introduction, closing) IS NOT (?3, ?4)",
            params![
                format!("jaar-{year}"),
                year,
                t.introduction,
                t.closing,
                self.now_stamp(),
                self.author()
            ],
        )?;
        Ok(())
    }

    /// Requests whose (latest) sent step falls in `year`, with that date, oldest first: the
    /// advice the council gave that year.
    pub fn sent_in_year(&self, year: i32) -> Result<Vec<(String, NaiveDate)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.request_id, max(s.on_date) FROM request_step s
             WHERE s.status = 'sent' AND s.on_date BETWEEN ?1 AND ?2
             GROUP BY s.request_id
             HAVING max(s.on_date) = (SELECT max(t.on_date) FROM request_step t
                                      WHERE t.request_id = s.request_id AND t.status = 'sent')
             ORDER BY 2, 1",
        )?;
        let rows = stmt
            .query_map(
                params![format!("{year:04}-01-01"), format!("{year:04}-12-31")],
                |r| Ok((r.get(0)?, day(r, 1)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
