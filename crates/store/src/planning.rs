//! SQL of the planning aggregate: municipalities, tracks and milestones.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::{Store, tombstone};
use crate::columns::{code, day, id, opt_day, opt_id, opt_stamp, stamp};
use crate::error::{Error, Result};
use crate::ids;
use advieswerk_domain::date;
use advieswerk_domain::planning::{
    ItemKind, Milestone, MilestoneStatus, Municipality, MunicipalityInput, Track, TrackInput,
    TrackScope, ValidMilestone,
};
use advieswerk_domain::{MilestoneId, RequestId, Stamp, TrackId};

const MILESTONE: &str =
    "SELECT id, track_id, title, kind, starts_on, ends_on, municipality_id, actor,
    request_id, status, moved_from, notes, sequence, updated_at FROM milestone";

fn milestone(r: &Row) -> rusqlite::Result<Milestone> {
    Ok(Milestone {
        id: id(r, 0)?,
        track_id: opt_id(r, 1)?,
        title: r.get(2)?,
        kind: code(r, 3, "kind", ItemKind::from_code)?,
        starts_on: day(r, 4)?,
        ends_on: opt_day(r, 5)?,
        municipality_id: r.get(6)?,
        actor: r.get(7)?,
        request_id: opt_id(r, 8)?,
        status: code(r, 9, "status", MilestoneStatus::from_code)?,
        moved_from: opt_day(r, 10)?,
        notes: r.get(11)?,
        sequence: r.get(12)?,
        updated_at: stamp(r, 13)?,
    })
}

/// Ranges longer than this many days are "long": they have their own partial index
/// (`milestone_long` in migration 0005, which must say the same number).
pub const LONG_SPAN_DAYS: u64 = 62;

/// In a municipality filter, the milestones of the whole region.
pub const REGION: &str = "region";

/// Which milestones a timeline asks for. Empty lists mean "all".
pub struct MilestoneFilter<'a> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub track_ids: &'a [TrackId],
    pub kinds: &'a [ItemKind],
    pub municipality_ids: &'a [String],
}

impl Store {
    pub fn list_municipalities(&self) -> Result<Vec<Municipality>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, name FROM municipality ORDER BY position, name")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Municipality {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Milestones per municipality id, for refusing to remove one that is still in use.
    pub fn count_milestones_by_municipality(&self) -> Result<Vec<(String, u32)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT municipality_id, count(*) FROM milestone WHERE municipality_id IS NOT NULL GROUP BY 1",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Replaces the municipality list: renames and reorders those with an id, adds those
    /// without, removes the rest (the caller checks that no milestone uses them).
    pub fn replace_municipalities(&mut self, list: &[MunicipalityInput]) -> Result<()> {
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let tx = self.conn.savepoint()?;
        let keep: Vec<&str> = list.iter().filter_map(|m| m.id.as_deref()).collect();
        let existing: Vec<String> = {
            let mut stmt = tx.prepare("SELECT id FROM municipality")?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        for id in existing.iter().filter(|id| !keep.contains(&id.as_str())) {
            tx.execute("DELETE FROM municipality WHERE id = ?1", [id])?;
            tombstone(&tx, "municipality", id, &now, &by)?;
        }
        // Names are unique: park the kept ones on their ids first so that swapping two names works.
        for id in &keep {
            tx.execute("UPDATE municipality SET name = id WHERE id = ?1", [id])?;
        }
        for (i, m) in list.iter().enumerate() {
            let id = m.id.clone().unwrap_or_else(ids::new_id);
            tx.execute(
                "INSERT INTO municipality (id, name, position, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, position = excluded.position,
                     updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                params![id, m.name.trim(), i as i64 + 1, now, by],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn track_exists(&self, id: &TrackId) -> Result<bool> {
        let id = id.as_str();
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM track WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?)
    }

    pub fn get_track(&self, id: &TrackId) -> Result<Track> {
        self.list_tracks()?
            .into_iter()
            .find(|t| &t.id == id)
            .ok_or_else(|| Error::NotFound {
                entity: "track",
                id: id.to_string(),
            })
    }

    pub fn list_tracks(&self) -> Result<Vec<Track>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT t.id, t.name, t.scope, t.description,
                    (SELECT group_concat(municipality_id) FROM track_municipality WHERE track_id = t.id)
             FROM track t ORDER BY t.name",
        )?;
        let rows = stmt
            .query_map([], |r| {
                let ids: Option<String> = r.get(4)?;
                Ok(Track {
                    id: id(r, 0)?,
                    name: r.get(1)?,
                    scope: code(r, 2, "scope", TrackScope::from_code)?,
                    description: r.get(3)?,
                    municipality_ids: ids
                        .map(|s| s.split(',').map(str::to_owned).collect())
                        .unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Creates a track (`id` none) or replaces one's fields and municipalities.
    pub fn upsert_track(&mut self, id: Option<&TrackId>, t: &TrackInput) -> Result<TrackId> {
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let id = id.map_or_else(ids::new_id, |id| id.as_str().to_owned());
        let tx = self.conn.savepoint()?;
        tx.execute(
            "INSERT INTO track (id, name, scope, description, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, scope = excluded.scope,
                 description = excluded.description, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![id, t.name.trim(), t.scope.code(), t.description.trim(), now, by],
        )?;
        tx.execute("DELETE FROM track_municipality WHERE track_id = ?1", [&id])?;
        for m in &t.municipality_ids {
            tx.execute(
                "INSERT OR IGNORE INTO track_municipality (track_id, municipality_id)
                 SELECT ?1, id FROM municipality WHERE id = ?2",
                params![id, m],
            )?;
        }
        tx.commit()?;
        Ok(TrackId::new(id))
    }

    pub fn get_milestone(&self, id: &MilestoneId) -> Result<Milestone> {
        let id = id.as_str();
        self.conn()
            .query_row(&format!("{MILESTONE} WHERE id = ?1"), [id], milestone)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "milestone",
                id: id.to_owned(),
            })
    }

    /// Inserts milestones in one transaction: all or none.
    pub fn insert_milestones(&mut self, items: &[ValidMilestone]) -> Result<Vec<MilestoneId>> {
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let tx = self.conn.savepoint()?;
        let mut out = Vec::with_capacity(items.len());
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO milestone (id, track_id, title, kind, starts_on, ends_on, municipality_id, actor,
                     request_id, status, notes, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?;
            for m in items {
                let id = ids::new_id();
                stmt.execute(params![
                    id,
                    m.track_id.as_ref().map(TrackId::as_str),
                    m.title,
                    m.kind.code(),
                    date::iso(m.starts_on),
                    m.ends_on.map(date::iso),
                    m.municipality_id,
                    m.actor,
                    m.request_id.as_ref().map(RequestId::as_str),
                    m.status.code(),
                    m.notes,
                    now,
                    by
                ])?;
                out.push(MilestoneId::new(id));
            }
        }
        tx.commit()?;
        Ok(out)
    }

    /// Replaces a milestone's fields; a changed start date of a planned milestone keeps the
    /// first planned date in `moved_from`. Bumps the calendar sequence.
    pub fn update_milestone(&mut self, id: &MilestoneId, m: &ValidMilestone) -> Result<()> {
        let id = id.as_str();
        let by = self.author().to_owned();
        let n = self.conn().execute(
            "UPDATE milestone SET track_id = ?2, title = ?3, kind = ?4, starts_on = ?5, ends_on = ?6,
                 municipality_id = ?7, actor = ?8, request_id = ?9, status = ?10, notes = ?11,
                 sequence = sequence + 1, updated_at = ?12, updated_by = ?13
             WHERE id = ?1",
            params![
                id,
                m.track_id.as_ref().map(TrackId::as_str),
                m.title,
                m.kind.code(),
                date::iso(m.starts_on),
                m.ends_on.map(date::iso),
                m.municipality_id,
                m.actor,
                m.request_id.as_ref().map(RequestId::as_str),
                m.status.code(),
                m.notes,
                self.now_stamp(),
                by
            ],
        )?;
        if n == 0 {
            return Err(Error::NotFound {
                entity: "milestone",
                id: id.to_owned(),
            });
        }
        Ok(())
    }

    /// Moves a milestone (and its end, keeping its length) to start on `to`. The first planned
    /// date is kept in `moved_from`; moving back to it makes the milestone planned again.
    pub fn move_milestone(&mut self, milestone: &MilestoneId, to: NaiveDate) -> Result<()> {
        let id = milestone.as_str();
        let by = self.author().to_owned();
        let n = self.conn().execute(
            "UPDATE milestone SET
                 ends_on = CASE WHEN ends_on IS NULL THEN NULL
                           ELSE date(?2, '+' || CAST(julianday(ends_on) - julianday(starts_on) AS INTEGER) || ' days') END,
                 moved_from = CASE WHEN coalesce(moved_from, starts_on) = ?2 THEN NULL
                              ELSE coalesce(moved_from, starts_on) END,
                 status = CASE WHEN coalesce(moved_from, starts_on) = ?2 THEN 'planned'
                          WHEN status = 'done' THEN 'done' ELSE 'moved' END,
                 starts_on = ?2,
                 sequence = sequence + 1, updated_at = ?3, updated_by = ?4
             WHERE id = ?1 AND starts_on <> ?2",
            params![id, date::iso(to), self.now_stamp(), by],
        )?;
        if n == 0 {
            self.get_milestone(milestone)?; // not found, or already on that date
        }
        Ok(())
    }

    pub fn delete_milestone(&mut self, id: &MilestoneId) -> Result<()> {
        self.delete_row("milestone", id.as_str())
    }

    /// Milestones overlapping `[from, to]`, by start date: those starting from `from` minus
    /// `LONG_SPAN_DAYS` (through the start index), plus the few longer ranges that started
    /// earlier (through their partial index). Never a scan of all older milestones.
    pub fn list_milestones(&self, f: &MilestoneFilter) -> Result<Vec<Milestone>> {
        let mut filter = String::new();
        let mut filter_args: Vec<String> = Vec::new();
        let mut any = |column: &str, values: Vec<String>| {
            if !values.is_empty() {
                let marks = vec!["?"; values.len()].join(", ");
                filter.push_str(&format!(" AND {column} IN ({marks})"));
                filter_args.extend(values);
            }
        };
        any(
            "track_id",
            f.track_ids.iter().map(|t| t.as_str().to_owned()).collect(),
        );
        any(
            "kind",
            f.kinds.iter().map(|k| k.code().to_owned()).collect(),
        );
        if !f.municipality_ids.is_empty() {
            let named: Vec<String> = f
                .municipality_ids
                .iter()
                .filter(|m| *m != REGION)
                .cloned()
                .collect();
            let mut alternatives = Vec::new();
            if !named.is_empty() {
                alternatives.push(format!(
                    "municipality_id IN ({})",
                    vec!["?"; named.len()].join(", ")
                ));
            }
            if f.municipality_ids.iter().any(|m| m == REGION) {
                alternatives.push("municipality_id IS NULL".to_owned());
            }
            filter.push_str(&format!(" AND ({})", alternatives.join(" OR ")));
            filter_args.extend(named);
        }
        let near = f
            .from
            .checked_sub_days(chrono::Days::new(LONG_SPAN_DAYS))
            .unwrap_or(f.from);
        let (near, from, to) = (date::iso(near), date::iso(f.from), date::iso(f.to));
        let sql = format!(
            "{MILESTONE} WHERE starts_on BETWEEN ?1 AND ?2 AND coalesce(ends_on, starts_on) >= ?3{filter}
             UNION ALL
             {MILESTONE} WHERE julianday(coalesce(ends_on, starts_on)) - julianday(starts_on) > {LONG_SPAN_DAYS}
                 AND starts_on < ?1 AND coalesce(ends_on, starts_on) >= ?3{filter}
             ORDER BY 5, 3"
        );
        // Each anonymous `?` takes the next number after ?3, in order: the filter's values
        // are bound twice, once per half.
        let mut args: Vec<String> = vec![near, to, from];
        args.extend(filter_args.iter().cloned());
        args.extend(filter_args);
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), milestone)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// When the council's terms or plenary calendar last changed: dates derived from them
    /// (due dates, adopting meetings) may have moved since.
    /// When the plenary calendar last changed; `None` when it never did.
    pub fn calendar_changed_at(&self) -> Result<Option<Stamp>> {
        Ok(self.conn().query_row(
            "SELECT max(t) FROM (
                 SELECT max(updated_at) AS t FROM council
                 UNION ALL SELECT max(updated_at) FROM meeting
                 UNION ALL SELECT max(deleted_at) FROM tombstone WHERE table_name = 'meeting')",
            [],
            |r| opt_stamp(r, 0),
        )?)
    }
}
