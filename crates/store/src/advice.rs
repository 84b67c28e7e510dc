//! SQL of the advice aggregate: a request's sections and their revisions.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Store;
use crate::columns::{CachedRow, code, id, opt_stamp, stamp};
use crate::error::{Error, Result};
use crate::ids;
use advieswerk_domain::advice::{RevisionReason, SectionScope};
use advieswerk_domain::{RequestId, RevisionId, SectionId, Stamp};

#[derive(Debug, Clone)]
pub struct SectionRecord {
    pub id: SectionId,
    pub request_id: RequestId,
    pub position: u32,
    pub title: String,
    pub scope: SectionScope,
    pub body: String,
    pub version: u32,
    pub updated_at: Stamp,
    /// Removed from the advice, kept so the removal can be undone.
    pub removed: bool,
}

#[derive(Debug, Clone)]
pub struct RevisionRecord {
    pub id: RevisionId,
    pub seq: u32,
    pub reason: RevisionReason,
    pub created_at: Stamp,
    /// An installation id, or a member's name once the council is shared.
    pub created_by: String,
    pub title: String,
    pub body: String,
}

const SECTION: &str = "SELECT id, request_id, position, title, scope, body, version, updated_at, \
     removed_at IS NOT NULL FROM advice_section";

fn section(r: &Row) -> rusqlite::Result<SectionRecord> {
    Ok(SectionRecord {
        id: id(r, 0)?,
        request_id: crate::columns::id(r, 1)?,
        position: r.get(2)?,
        title: r.get(3)?,
        scope: code(r, 4, "scope", SectionScope::from_code)?,
        body: r.get(5)?,
        version: r.get(6)?,
        updated_at: stamp(r, 7)?,
        removed: r.get(8)?,
    })
}

/// Keeps the section's current text as its next revision, unless the newest revision already
/// holds exactly this text (a pause right after a restore, say, adds nothing to the history).
pub(crate) fn snapshot(
    tx: &Connection,
    section_id: &str,
    reason: RevisionReason,
    now: &str,
    by: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO section_revision (id, section_id, seq, title, body, reason, created_at, created_by)
         SELECT ?1, s.id, (SELECT coalesce(max(seq), 0) + 1 FROM section_revision WHERE section_id = ?2),
                s.title, s.body, ?3, ?4, ?5
         FROM advice_section s WHERE s.id = ?2
           AND NOT EXISTS (SELECT 1 FROM section_revision r WHERE r.section_id = ?2
                 AND r.seq = (SELECT max(seq) FROM section_revision WHERE section_id = ?2)
                 AND r.title = s.title AND r.body = s.body)",
    )?
    .execute(params![ids::new_id(), section_id, reason.code(), now, by])?;
    Ok(())
}

impl Store {
    pub fn list_sections(&self, request_id: &RequestId) -> Result<Vec<SectionRecord>> {
        let request_id = request_id.as_str();
        let mut stmt = self.conn().prepare_cached(&format!(
            "{SECTION} WHERE request_id = ?1 AND removed_at IS NULL ORDER BY position"
        ))?;
        let rows = stmt
            .query_map([request_id], section)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn get_section(&self, id: &SectionId) -> Result<SectionRecord> {
        let id = id.as_str();
        self.conn()
            .cached_row(&format!("{SECTION} WHERE id = ?1"), [id], section)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "section",
                id: id.to_owned(),
            })
    }

    /// Gives a request its default sections unless it has sections already (idempotent).
    pub fn ensure_sections(
        &mut self,
        request_id: &RequestId,
        defaults: &[(&str, SectionScope)],
    ) -> Result<()> {
        let request_id = request_id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let tx = self.conn.savepoint()?;
        let n: u32 = tx.cached_row(
            "SELECT count(*) FROM advice_section WHERE request_id = ?1",
            [request_id],
            |r| r.get(0),
        )?;
        if n == 0 {
            for (i, (title, scope)) in defaults.iter().enumerate() {
                tx.execute(
                    "INSERT INTO advice_section (id, request_id, position, title, scope, updated_at, updated_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![ids::new_id(), request_id, i as i64 + 1, title, scope.code(), now, by],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Stores a section's text if it is still at `base_version`, and keeps a revision of the
    /// stored text when `revision` says so. Returns the new version once committed.
    pub fn save_section(
        &mut self,
        id: &SectionId,
        base_version: u32,
        title: &str,
        body: &str,
        revision: Option<RevisionReason>,
    ) -> Result<(u32, Stamp)> {
        let id = id.as_str();
        let by = self.author().to_owned();
        let saved_at = self.now();
        let now = saved_at.text();
        let tx = self.conn.savepoint()?;
        let n = tx.execute(
            "UPDATE advice_section SET title = ?3, body = ?4, version = version + 1, updated_at = ?5, updated_by = ?6
             WHERE id = ?1 AND version = ?2",
            params![id, base_version, title, body, now, by],
        )?;
        if n == 0 {
            let exists: bool = tx.cached_row(
                "SELECT EXISTS (SELECT 1 FROM advice_section WHERE id = ?1)",
                [id],
                |r| r.get(0),
            )?;
            return Err(if exists {
                Error::Conflict {
                    entity: "section",
                    id: id.to_owned(),
                }
            } else {
                Error::NotFound {
                    entity: "section",
                    id: id.to_owned(),
                }
            });
        }
        if let Some(reason) = revision {
            snapshot(&tx, id, reason, &now, &by)?;
        }
        tx.commit()?;
        Ok((base_version + 1, saved_at))
    }

    /// Inserts a section at `position`, moving the sections from there on one place down.
    pub fn insert_section(
        &mut self,
        request_id: &RequestId,
        position: u32,
        title: &str,
        scope: SectionScope,
    ) -> Result<SectionId> {
        let request_id = request_id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let id = ids::new_id();
        let tx = self.conn.savepoint()?;
        tx.execute(
            "UPDATE advice_section SET position = position + 1 WHERE request_id = ?1 AND position >= ?2",
            params![request_id, position],
        )?;
        tx.execute(
            "INSERT INTO advice_section (id, request_id, position, title, scope, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, request_id, position, title, scope.code(), now, by],
        )?;
        tx.commit()?;
        Ok(SectionId::new(id))
    }

    /// Swaps a section with its visible neighbour above (`up`) or below; at the edge, nothing moves.
    pub fn move_section(&mut self, id: &SectionId, up: bool) -> Result<()> {
        let id = id.as_str();
        let tx = self.conn.savepoint()?;
        let (request_id, position): (String, u32) = tx
            .cached_row(
                "SELECT request_id, position FROM advice_section WHERE id = ?1 AND removed_at IS NULL",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "section",
                id: id.to_owned(),
            })?;
        let neighbour_sql = if up {
            "SELECT id, position FROM advice_section WHERE request_id = ?1 AND removed_at IS NULL
             AND position < ?2 ORDER BY position DESC LIMIT 1"
        } else {
            "SELECT id, position FROM advice_section WHERE request_id = ?1 AND removed_at IS NULL
             AND position > ?2 ORDER BY position LIMIT 1"
        };
        let neighbour: Option<(String, u32)> = tx
            .query_row(neighbour_sql, params![request_id, position], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        if let Some((other, other_position)) = neighbour {
            let swap = "UPDATE advice_section SET position = ?2 WHERE id = ?1";
            tx.execute(swap, params![id, other_position])?;
            tx.execute(swap, params![other, position])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Removes a section from its advice (`removed = true`) or brings it back.
    pub fn set_section_removed(&mut self, id: &SectionId, removed: bool) -> Result<()> {
        let id = id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let n = self.conn().execute(
            "UPDATE advice_section SET removed_at = CASE WHEN ?2 THEN ?3 END,
                 version = version + 1, updated_at = ?3, updated_by = ?4
             WHERE id = ?1",
            params![id, removed, now, by],
        )?;
        if n == 0 {
            return Err(Error::NotFound {
                entity: "section",
                id: id.to_owned(),
            });
        }
        Ok(())
    }

    /// When the newest revision of a section was kept, if ever.
    pub fn last_revision_at(&self, section_id: &SectionId) -> Result<Option<Stamp>> {
        let section_id = section_id.as_str();
        // Every stamp is written in one form (`Stamp::text`), so the text's max is the latest.
        Ok(self.conn().cached_row(
            "SELECT max(created_at) FROM section_revision WHERE section_id = ?1",
            [section_id],
            |r| opt_stamp(r, 0),
        )?)
    }

    /// Newest first.
    pub fn list_revisions(&self, section_id: &SectionId) -> Result<Vec<RevisionRecord>> {
        let section_id = section_id.as_str();
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, seq, reason, created_at, title, body, created_by FROM section_revision WHERE section_id = ?1 ORDER BY seq DESC",
        )?;
        let rows = stmt
            .query_map([section_id], |r| {
                let reason: String = r.get(2)?;
                Ok(RevisionRecord {
                    id: id(r, 0)?,
                    seq: r.get(1)?,
                    reason: RevisionReason::from_code(&reason).unwrap_or(RevisionReason::Interval),
                    created_at: stamp(r, 3)?,
                    title: r.get(4)?,
                    body: r.get(5)?,
                    created_by: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Puts a revision's text back, after keeping the current text as a revision of its own.
    pub fn restore_revision(
        &mut self,
        section_id: &SectionId,
        revision_id: &RevisionId,
        base_version: u32,
    ) -> Result<u32> {
        let section_id = section_id.as_str();
        let revision_id = revision_id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let tx = self.conn.savepoint()?;
        let current: Option<u32> = tx
            .cached_row(
                "SELECT version FROM advice_section WHERE id = ?1",
                [section_id],
                |r| r.get(0),
            )
            .optional()?;
        match current {
            None => {
                return Err(Error::NotFound {
                    entity: "section",
                    id: section_id.to_owned(),
                });
            }
            Some(v) if v != base_version => {
                return Err(Error::Conflict {
                    entity: "section",
                    id: section_id.to_owned(),
                });
            }
            Some(_) => {}
        }
        snapshot(&tx, section_id, RevisionReason::BeforeRestore, &now, &by)?;
        let n = tx.execute(
            "UPDATE advice_section SET title = r.title, body = r.body, version = version + 1, updated_at = ?3, updated_by = ?4
             FROM (SELECT title, body FROM section_revision WHERE id = ?2 AND section_id = ?1) AS r
             WHERE advice_section.id = ?1",
            params![section_id, revision_id, now, by],
        )?;
        if n == 0 {
            return Err(Error::NotFound {
                entity: "revision",
                id: revision_id.to_owned(),
            });
        }
        tx.commit()?;
        Ok(base_version + 1)
    }
}
