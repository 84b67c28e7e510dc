//! SQL of the council profile aggregate: the single council row with its meetings, themes,
//! working groups and members.

use rusqlite::{Connection, params};

use super::{Store, tombstone};
use crate::columns::{CachedRow, stamp};
use crate::error::Result;
use crate::ids;
use advieswerk_domain::council::{Council, Meeting, Member, Theme, ValidCouncil, WorkingGroup};
use advieswerk_domain::date;
use advieswerk_domain::deadline::Terms;

pub const DEFAULT_TERMS: Terms = Terms {
    advice_term_days: 42,
    draft_lead_days: 7,
    reaction_term_days: 42,
    due_soon_days: 14,
};

const DEFAULT_THEMES: [&str; 6] = [
    "Jeugd",
    "Wmo",
    "Participatie",
    "Armoede en schulden",
    "Wonen en zorg",
    "Algemeen",
];

/// A new database gets one empty council with the usual terms and themes, so every screen has
/// something to show and the user only fills in names.
pub(super) fn ensure_council(store: &Store) -> Result<()> {
    let conn = store.conn();
    let n: u32 = conn.query_row("SELECT count(*) FROM council", [], |r| r.get(0))?;
    // A shared installation gets its council from the shared folder: one made here would be
    // sent there as a second council, with a second set of themes.
    // (A schema from before sharing, opened by the migration tests, has no such table.)
    let shared: u32 = conn
        .query_row("SELECT count(*) FROM sync_space", [], |r| r.get(0))
        .unwrap_or(0);
    if n > 0 || shared > 0 {
        return Ok(());
    }
    let (now, by) = (store.now_stamp(), store.author());
    let t = DEFAULT_TERMS;
    conn.execute(
        "INSERT INTO council (id, name, municipality, chair, secretary, advice_term_days, draft_lead_days,
                              reaction_term_days, due_soon_days, updated_at, updated_by)
         VALUES (?1, '', '', '', '', ?2, ?3, ?4, ?5, ?6, ?7)",
        params![ids::new_id(), t.advice_term_days, t.draft_lead_days, t.reaction_term_days, t.due_soon_days, now, by],
    )?;
    for (i, name) in DEFAULT_THEMES.iter().enumerate() {
        conn.execute(
            "INSERT INTO theme (id, name, sort_order, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![ids::new_id(), name, i as i64, now, by],
        )?;
    }
    Ok(())
}

impl Store {
    pub fn get_council(&self) -> Result<Council> {
        let conn = self.conn();
        let mut council = conn.query_row(
            "SELECT id, name, municipality, chair, secretary, advice_term_days, draft_lead_days,
                    reaction_term_days, due_soon_days, updated_at, updated_by
             FROM council LIMIT 1",
            [],
            |r| {
                Ok(Council {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    municipality: r.get(2)?,
                    chair: r.get(3)?,
                    secretary: r.get(4)?,
                    advice_term_days: r.get(5)?,
                    draft_lead_days: r.get(6)?,
                    reaction_term_days: r.get(7)?,
                    due_soon_days: r.get(8)?,
                    meetings: Vec::new(),
                    themes: Vec::new(),
                    working_groups: Vec::new(),
                    updated_at: stamp(r, 9)?,
                    updated_by: r.get(10)?,
                })
            },
        )?;
        council.meetings = list_meetings(conn)?;
        council.themes = conn
            .prepare_cached("SELECT id, name FROM theme ORDER BY sort_order, name")?
            .query_map([], |r| {
                Ok(Theme {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut groups: Vec<WorkingGroup> = conn
            .prepare_cached(
                "SELECT id, name, theme_id FROM working_group ORDER BY sort_order, name",
            )?
            .query_map([], |r| {
                Ok(WorkingGroup {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    theme_id: r.get(2)?,
                    members: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, role FROM working_group_member WHERE working_group_id = ?1 ORDER BY sort_order, name",
        )?;
        for g in &mut groups {
            g.members = stmt
                .query_map([&g.id], |r| {
                    Ok(Member {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        role: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
        }
        council.working_groups = groups;
        Ok(council)
    }

    pub fn get_terms(&self) -> Result<Terms> {
        Ok(self.conn().cached_row(
            "SELECT advice_term_days, draft_lead_days, reaction_term_days, due_soon_days FROM council LIMIT 1",
            [],
            |r| {
                Ok(Terms {
                    advice_term_days: r.get(0)?,
                    draft_lead_days: r.get(1)?,
                    reaction_term_days: r.get(2)?,
                    due_soon_days: r.get(3)?,
                })
            },
        )?)
    }

    pub fn list_meetings(&self) -> Result<Vec<Meeting>> {
        list_meetings(self.conn())
    }

    pub fn list_meeting_dates(&self) -> Result<Vec<chrono::NaiveDate>> {
        Ok(self
            .list_meetings()?
            .into_iter()
            .map(|m| m.held_on)
            .collect())
    }

    /// Replaces the profile in one transaction. Child rows keep their ids; rows no longer
    /// present are deleted with a tombstone; a row's change stamp moves only if it changed.
    pub fn upsert_council(&mut self, c: &ValidCouncil) -> Result<()> {
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let tx = self.conn.savepoint()?;
        let t = c.terms;
        tx.execute(
            "UPDATE council SET name = ?1, municipality = ?2, chair = ?3, secretary = ?4, advice_term_days = ?5,
                    draft_lead_days = ?6, reaction_term_days = ?7, due_soon_days = ?8, updated_at = ?9, updated_by = ?10
             WHERE (name, municipality, chair, secretary, advice_term_days, draft_lead_days, reaction_term_days, due_soon_days)
                   IS NOT (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![c.name, c.municipality, c.chair, c.secretary, t.advice_term_days, t.draft_lead_days,
                    t.reaction_term_days, t.due_soon_days, now, by],
        )?;

        upsert_meetings(&tx, &c.meetings, &now, &by)?;
        upsert_themes(&tx, &c.themes, &now, &by)?;
        upsert_groups(&tx, &c.working_groups, &now, &by)?;
        follow_term(&tx, t.advice_term_days)?;
        tx.commit()?;
        Ok(())
    }
}

/// The plenary meetings as the form has them; a meeting's stamp moves only if it changed.
fn upsert_meetings(tx: &Connection, meetings: &[Meeting], now: &str, by: &str) -> Result<()> {
    remove_missing(
        tx,
        "meeting",
        meetings.iter().map(|m| m.id.as_str()),
        now,
        by,
    )?;
    for m in meetings {
        tx.execute(
            "INSERT INTO meeting (id, held_on, note, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET held_on = excluded.held_on, note = excluded.note,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by
             WHERE (held_on, note) IS NOT (excluded.held_on, excluded.note)",
            params![m.id, date::iso(m.held_on), m.note, now, by],
        )?;
    }
    Ok(())
}

/// The themes in the form's order.
fn upsert_themes(tx: &Connection, themes: &[Theme], now: &str, by: &str) -> Result<()> {
    remove_missing(tx, "theme", themes.iter().map(|t| t.id.as_str()), now, by)?;
    for (i, th) in themes.iter().enumerate() {
        tx.execute(
            "INSERT INTO theme (id, name, sort_order, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, sort_order = excluded.sort_order,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by
             WHERE (name, sort_order) IS NOT (excluded.name, excluded.sort_order)",
            params![th.id, th.name, i as i64, now, by],
        )?;
    }
    Ok(())
}

/// The working groups and their members, each in the form's order.
fn upsert_groups(tx: &Connection, groups: &[WorkingGroup], now: &str, by: &str) -> Result<()> {
    let ids = groups.iter().map(|g| g.id.as_str());
    remove_missing(tx, "working_group", ids, now, by)?;
    for (i, g) in groups.iter().enumerate() {
        tx.execute(
            "INSERT INTO working_group (id, name, theme_id, sort_order, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, theme_id = excluded.theme_id,
                 sort_order = excluded.sort_order, updated_at = excluded.updated_at, updated_by = excluded.updated_by
             WHERE (name, theme_id, sort_order) IS NOT (excluded.name, excluded.theme_id, excluded.sort_order)",
            params![g.id, g.name, g.theme_id, i as i64, now, by],
        )?;
    }
    let members = groups
        .iter()
        .flat_map(|g| g.members.iter().map(|m| m.id.as_str()));
    remove_missing(tx, "working_group_member", members, now, by)?;
    for g in groups {
        for (i, m) in g.members.iter().enumerate() {
            tx.execute(
                "INSERT INTO working_group_member (id, working_group_id, name, role, sort_order, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET working_group_id = excluded.working_group_id, name = excluded.name,
                     role = excluded.role, sort_order = excluded.sort_order,
                     updated_at = excluded.updated_at, updated_by = excluded.updated_by
                 WHERE (working_group_id, name, role, sort_order)
                       IS NOT (excluded.working_group_id, excluded.name, excluded.role, excluded.sort_order)",
                params![m.id, g.id, m.name, m.role, i as i64, now, by],
            )?;
        }
    }
    Ok(())
}

/// The standard term may have changed: every derived due date follows it. This CASE is
/// `deadline::due_date` in SQL (a bulk update needs it there); change both together.
fn follow_term(tx: &Connection, advice_term_days: u32) -> Result<()> {
    tx.execute(
        "UPDATE advice_request SET due_on = CASE
             WHEN requested_by IS NOT NULL THEN requested_by
             WHEN kind = 'asked' THEN date(received_on, '+' || ?1 || ' days')
             ELSE NULL END
         WHERE due_on IS NOT CASE
             WHEN requested_by IS NOT NULL THEN requested_by
             WHEN kind = 'asked' THEN date(received_on, '+' || ?1 || ' days')
             ELSE NULL END",
        params![advice_term_days],
    )?;
    Ok(())
}

fn list_meetings(conn: &Connection) -> Result<Vec<Meeting>> {
    let mut stmt = conn.prepare_cached("SELECT id, held_on, note FROM meeting ORDER BY held_on")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, d, note)| date::from_iso(&d).map(|held_on| Meeting { id, held_on, note }))
        .collect())
}

fn remove_missing<'a>(
    tx: &Connection,
    table: &str,
    keep: impl Iterator<Item = &'a str>,
    now: &str,
    by: &str,
) -> Result<()> {
    let keep: std::collections::HashSet<&str> = keep.collect();
    let existing: Vec<String> = tx
        .prepare(&format!("SELECT id FROM {table}"))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in existing.iter().filter(|id| !keep.contains(id.as_str())) {
        tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
        tombstone(tx, table, id, now, by)?;
    }
    Ok(())
}

impl Store {
    pub fn theme_exists(&self, id: &str) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM theme WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?)
    }

    pub fn working_group_exists(&self, id: &str) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM working_group WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?)
    }
}
