//! The store's side of the region: this installation's place in the region's folder, the
//! regional texts' documents (kept in `sync_doc` under `regio/<text id>`, never sent to the
//! council's folder), their projection into `regional_text`, `regional_proposal` and
//! `regional_council_state`, and the link from a council's section to a regional text with
//! what the council adopted of it.
//!
//! A regional change is written into its document at once, in the transaction of the use case
//! that made it (no outbox: nothing in the council's tables is regional), and signed
//! `<council id>/<member token>`: the region learns which council wrote, never a member's name.

use std::collections::BTreeSet;
use std::path::PathBuf;

use rusqlite::{OptionalExtension, Row, params};
use sha2::{Digest, Sha256};

use advieswerk_sync::regional::{self, COUNCILS, META, META_ID, PROPOSALS};
use advieswerk_sync::replica::{Doc, Fields, Value};

use crate::columns::{CachedRow, id, opt_stamp, stamp};
use crate::sharing::{
    Docs, REGIONAL_DOC_PREFIX, RemoteFile, exec, is_regional_doc_name, sync_error,
};
use crate::{Error, Result, Store};
use advieswerk_domain::{RequestId, SectionId, Stamp};

/// This installation's place in the region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionRecord {
    pub folder: PathBuf,
    pub passphrase: String,
    pub device_id: String,
    pub member_token: String,
    pub council_name: String,
    pub municipality: String,
    pub next_seq: u64,
    pub since_snapshot: u64,
    pub last_round_at: Option<Stamp>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionalTextRecord {
    pub id: String,
    pub title: String,
    pub body: String,
    pub fingerprint: String,
    /// The council id that shared it first.
    pub created_by: String,
    pub revision: u32,
    pub changed_at: Stamp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposalRecord {
    pub id: String,
    pub text_id: String,
    pub kind: String,
    pub passage: String,
    pub words: String,
    pub reason: String,
    pub council_id: String,
    pub state: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<Stamp>,
    pub created_at: Stamp,
}

/// One council's state of a regional text, as the council wrote it into the document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CouncilState {
    pub text_id: String,
    pub council_id: String,
    pub council_name: String,
    pub municipality: String,
    pub reference: String,
    pub due_on: Option<String>,
    pub meeting_on: Option<String>,
    pub adopted_on: Option<String>,
    pub adopted_fingerprint: Option<String>,
    pub adopted_tenor: Option<String>,
    pub sent_on: Option<String>,
    pub reaction_on: Option<String>,
}

/// A council's section that follows a regional text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedSection {
    pub section_id: SectionId,
    pub request_id: RequestId,
    pub text_id: String,
    /// What the council adopted: the text, the version (encoded frontiers), its fingerprint.
    pub adopted_body: Option<String>,
    pub adopted_frontiers: Option<Vec<u8>>,
    pub adopted_fingerprint: Option<String>,
    /// A later version the council chose not to follow.
    pub kept_fingerprint: Option<String>,
}

/// What one regional apply did.
#[derive(Debug, Default)]
pub struct RegionApplied {
    pub projected: usize,
    pub unknown_docs: Vec<String>,
    pub refused: Vec<(String, u64, String)>,
}

/// A short, stable name of a text's exact wording: the same words give the same fingerprint
/// in every council, so "adopted the same version" is a comparison of fingerprints.
pub fn fingerprint(body: &str) -> String {
    Sha256::digest(body.as_bytes())
        .iter()
        .take(5)
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn doc_name(text_id: &str) -> String {
    format!("{REGIONAL_DOC_PREFIX}{text_id}")
}

fn text(f: &Fields, k: &str) -> String {
    match f.get(k) {
        Some(Value::Text(s)) => s.clone(),
        _ => String::new(),
    }
}

fn opt_text(f: &Fields, k: &str) -> Option<String> {
    match f.get(k) {
        Some(Value::Text(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

const LINKED: &str = "SELECT id, request_id, regional_text_id, regional_body, regional_frontiers, \
     regional_fingerprint, regional_kept FROM advice_section";

fn linked(r: &Row) -> rusqlite::Result<LinkedSection> {
    Ok(LinkedSection {
        section_id: id(r, 0)?,
        request_id: crate::columns::id(r, 1)?,
        text_id: r.get(2)?,
        adopted_body: r.get(3)?,
        adopted_frontiers: r.get(4)?,
        adopted_fingerprint: r.get(5)?,
        kept_fingerprint: r.get(6)?,
    })
}

impl Store {
    pub fn get_region(&self) -> Result<Option<RegionRecord>> {
        Ok(self
            .conn
            .query_row(
                "SELECT folder, passphrase, device_id, member_token, council_name, municipality,
                        next_seq, since_snapshot, last_round_at FROM region_space WHERE id = 1",
                [],
                |r| {
                    Ok(RegionRecord {
                        folder: PathBuf::from(r.get::<_, String>(0)?),
                        passphrase: r.get(1)?,
                        device_id: r.get(2)?,
                        member_token: r.get(3)?,
                        council_name: r.get(4)?,
                        municipality: r.get(5)?,
                        next_seq: r.get::<_, i64>(6)? as u64,
                        since_snapshot: r.get::<_, i64>(7)? as u64,
                        last_round_at: opt_stamp(r, 8)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn insert_region(
        &mut self,
        folder: &std::path::Path,
        passphrase: &str,
        device_id: &str,
        member_token: &str,
        council_name: &str,
        municipality: &str,
    ) -> Result<()> {
        let now = self.now_stamp();
        self.conn.execute(
            "INSERT INTO region_space (id, folder, passphrase, device_id, member_token,
                 council_name, municipality, created_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                folder.to_string_lossy(),
                passphrase,
                device_id,
                member_token,
                council_name,
                municipality,
                now
            ],
        )?;
        Ok(())
    }

    /// The council as the region knows it: the id of its council record, the same on every
    /// member's desktop of one council.
    pub fn council_id(&self) -> Result<String> {
        self.conn
            .query_row("SELECT id FROM council ORDER BY id LIMIT 1", [], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "council",
                id: String::new(),
            })
    }

    /// Notes which member writes under `token`, for the other members of this council.
    pub fn upsert_region_author(&mut self, token: &str, member: &str) -> Result<()> {
        let now = self.now_stamp();
        let by = self.author().to_owned();
        self.conn.execute(
            "INSERT INTO region_author (token, member, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (token) DO UPDATE SET member = excluded.member,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by
             WHERE member IS NOT excluded.member",
            params![token, member, now, by],
        )?;
        Ok(())
    }

    /// The members of this council by their regional token.
    pub fn list_region_authors(&self) -> Result<std::collections::BTreeMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT token, member FROM region_author")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// What a regional change is signed with: `<council id>/<member token>`.
    pub fn region_author(&self) -> Result<String> {
        let token = self
            .get_region()?
            .map(|r| r.member_token)
            .unwrap_or_default();
        Ok(format!("{}/{token}", self.council_id()?))
    }

    /// Runs `edit` on a regional text's document and keeps what it did: committed, stored and
    /// projected into the tables, in one transaction. A new text starts from an empty document.
    pub fn edit_regional<T>(
        &mut self,
        text_id: &str,
        edit: impl FnOnce(&Doc) -> advieswerk_sync::Result<T>,
    ) -> Result<T> {
        let name = doc_name(text_id);
        if !is_regional_doc_name(&name) {
            return Err(Error::NotFound {
                entity: "regional_text",
                id: text_id.to_owned(),
            });
        }
        let author = self.region_author()?;
        let at = self.clock().now().timestamp();
        let mut docs = Docs::default();
        self.atomically(|s: &mut Store| -> Result<T> {
            let l = s.load_doc(&mut docs, &name)?;
            let out = edit(&l.doc).map_err(sync_error)?;
            l.doc.commit(at, &author);
            s.store_doc(&mut docs, &name)?;
            s.project_regional(&docs, &name)?;
            Ok(out)
        })
    }

    /// Reads a regional text's document (for the text at an adopted version, its history).
    pub fn read_regional<T>(&self, text_id: &str, read: impl FnOnce(&Doc) -> T) -> Result<T> {
        let mut docs = Docs::default();
        let l = self.load_doc(&mut docs, &doc_name(text_id))?;
        Ok(read(&l.doc))
    }

    /// Writes a regional document's state into the tables.
    fn project_regional(&self, docs: &Docs, name: &str) -> Result<()> {
        let Some(doc) = docs.get(name) else {
            return Ok(());
        };
        let id = name.trim_start_matches(REGIONAL_DOC_PREFIX);
        let meta = doc.get(META, META_ID).unwrap_or_default();
        let body = doc.visible_body();
        let now = self.now_stamp();
        exec(
            &self.conn,
            "INSERT INTO regional_text (id, title, body, fingerprint, created_by, changed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title, created_by = excluded.created_by,
                 revision = revision + (body IS NOT excluded.body),
                 changed_at = CASE WHEN body IS excluded.body THEN changed_at ELSE excluded.changed_at END,
                 body = excluded.body, fingerprint = excluded.fingerprint",
            params![
                id,
                text(&meta, "title"),
                body,
                fingerprint(&body),
                text(&meta, "created_by"),
                now
            ],
        )?;
        exec(
            &self.conn,
            "DELETE FROM regional_proposal WHERE text_id = ?1",
            [id],
        )?;
        for (pid, f) in doc.records(PROPOSALS) {
            let kind = text(&f, "kind");
            let state = text(&f, "state");
            if !matches!(kind.as_str(), "replace" | "add" | "delete")
                || regional::ProposalState::from_code(&state).is_none()
            {
                continue;
            }
            exec(
                &self.conn,
                "INSERT INTO regional_proposal (id, text_id, kind, passage, words, reason,
                     council_id, state, decided_by, decided_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    pid,
                    id,
                    kind,
                    text(&f, "passage"),
                    text(&f, "words"),
                    text(&f, "reason"),
                    text(&f, "council"),
                    state,
                    opt_text(&f, "decided_by"),
                    opt_text(&f, "decided_at"),
                    text(&f, "created_at"),
                ],
            )?;
        }
        exec(
            &self.conn,
            "DELETE FROM regional_council_state WHERE text_id = ?1",
            [id],
        )?;
        for (cid, f) in doc.records(COUNCILS) {
            exec(
                &self.conn,
                "INSERT INTO regional_council_state (text_id, council_id, council_name, municipality,
                     reference, due_on, meeting_on, adopted_on, adopted_fingerprint, adopted_tenor,
                     sent_on, reaction_on)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    id,
                    cid,
                    text(&f, "name"),
                    text(&f, "municipality"),
                    text(&f, "reference"),
                    opt_text(&f, "due_on"),
                    opt_text(&f, "meeting_on"),
                    opt_text(&f, "adopted_on"),
                    opt_text(&f, "adopted_fingerprint"),
                    opt_text(&f, "adopted_tenor"),
                    opt_text(&f, "sent_on"),
                    opt_text(&f, "reaction_on"),
                ],
            )?;
        }
        Ok(())
    }

    /// What the region's folder lacks of each regional document.
    pub fn unsent_regional_changes(&self, docs: &mut Docs) -> Result<Vec<(String, Vec<u8>)>> {
        let names = self.regional_doc_names(true)?;
        self.exports_unsent(docs, names)
    }

    /// Every regional document whole, for a snapshot file.
    pub fn all_regional_changes(&self, docs: &mut Docs) -> Result<Vec<(String, Vec<u8>)>> {
        let names = self.regional_doc_names(false)?;
        self.snapshots(docs, names)
    }

    fn regional_doc_names(&self, unsent_only: bool) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name FROM sync_doc WHERE name LIKE 'regio/%'
               AND (NOT ?1 OR sent_version IS NOT stored_version) ORDER BY name",
        )?;
        let names = stmt
            .query_map([unsent_only], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(names)
    }

    /// Records that this device's regional file `seq` holds `sent`.
    pub fn mark_region_sent(
        &mut self,
        docs: &mut Docs,
        sent: &[String],
        seq: u64,
        snapshot: bool,
    ) -> Result<()> {
        let device = self.get_region()?.map(|s| s.device_id).unwrap_or_default();
        self.atomically(|s: &mut Store| -> Result<()> {
            for name in sent {
                s.note_in_folder(docs, name)?;
            }
            exec(
                &s.conn,
                "UPDATE region_space SET next_seq = max(next_seq, ?1 + 1),
                     since_snapshot = CASE WHEN ?2 THEN 0 ELSE since_snapshot + 1 END
                 WHERE id = 1",
                params![seq as i64, snapshot],
            )?;
            exec(
                &s.conn,
                "INSERT OR IGNORE INTO sync_seen (device, seq) VALUES (?1, ?2)",
                params![device, seq as i64],
            )?;
            Ok(())
        })
    }

    pub fn reserve_region_seq(&mut self, at_least: u64) -> Result<u64> {
        exec(
            &self.conn,
            "UPDATE region_space SET next_seq = max(next_seq, ?1) WHERE id = 1",
            [at_least as i64],
        )?;
        Ok(self.get_region()?.map_or(at_least, |s| s.next_seq))
    }

    /// Imports other councils' regional files and projects the texts they touched, in one
    /// transaction; the files are noted as seen with it. A document of any other kind in a
    /// regional file is refused: the region's folder carries regional texts only.
    pub fn apply_regional(
        &mut self,
        docs: &mut Docs,
        files: &[RemoteFile],
    ) -> Result<RegionApplied> {
        let now = self.now_stamp();
        self.atomically(|s: &mut Store| -> Result<RegionApplied> {
            let mut applied = RegionApplied::default();
            let mut touched = BTreeSet::new();
            let mut imported = BTreeSet::new();
            let mut maybe_seen = Vec::new();
            'files: for f in files {
                for (name, bytes) in &f.docs {
                    if !is_regional_doc_name(name) {
                        applied.unknown_docs.push(name.clone());
                        continue;
                    }
                    let l = s.load_doc(docs, name)?;
                    let was_sent = l.doc.covered_by(l.sent.as_deref());
                    if let Err(e) = l.doc.import(std::slice::from_ref(bytes)) {
                        applied
                            .refused
                            .push((f.device.clone(), f.seq, e.to_string()));
                        continue 'files;
                    }
                    touched.insert(name.clone());
                    if was_sent {
                        imported.insert(name.clone());
                    }
                }
                maybe_seen.push((
                    &f.device,
                    f.seq,
                    f.docs.iter().map(|d| d.0.clone()).collect::<Vec<_>>(),
                ));
            }
            for name in &touched {
                s.store_doc(docs, name)?;
            }
            let pending: BTreeSet<&String> = touched
                .iter()
                .filter(|n| docs.get(n).is_some_and(Doc::has_pending))
                .collect();
            for (device, seq, names) in maybe_seen {
                if !names.iter().any(|n| pending.contains(n)) {
                    exec(
                        &s.conn,
                        "INSERT OR IGNORE INTO sync_seen (device, seq) VALUES (?1, ?2)",
                        params![device, seq as i64],
                    )?;
                }
            }
            for name in &imported {
                s.note_in_folder(docs, name)?;
            }
            for name in &touched {
                s.project_regional(docs, name)?;
                applied.projected += 1;
            }
            exec(
                &s.conn,
                "UPDATE region_space SET last_round_at = ?1 WHERE id = 1",
                [&now],
            )?;
            Ok(applied)
        })
    }

    pub fn list_regional_texts(&self) -> Result<Vec<RegionalTextRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, body, fingerprint, created_by, revision, changed_at
             FROM regional_text ORDER BY title COLLATE NOCASE, id",
        )?;
        let rows = stmt
            .query_map([], regional_text)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn get_regional_text(&self, id: &str) -> Result<RegionalTextRecord> {
        self.conn
            .query_row(
                "SELECT id, title, body, fingerprint, created_by, revision, changed_at
                 FROM regional_text WHERE id = ?1",
                [id],
                regional_text,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "regional_text",
                id: id.to_owned(),
            })
    }

    pub fn list_proposals(&self, text_id: &str) -> Result<Vec<ProposalRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{PROPOSAL} WHERE text_id = ?1 ORDER BY created_at, id"
        ))?;
        let rows = stmt
            .query_map([text_id], proposal)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn get_proposal(&self, id: &str) -> Result<ProposalRecord> {
        self.conn
            .query_row(&format!("{PROPOSAL} WHERE id = ?1"), [id], proposal)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "proposal",
                id: id.to_owned(),
            })
    }

    /// Every council's state of every regional text, by text and municipality: the overview
    /// in one read.
    pub fn list_council_states(&self) -> Result<Vec<CouncilState>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT text_id, council_id, council_name, municipality, reference, due_on, meeting_on,
                    adopted_on, adopted_fingerprint, adopted_tenor, sent_on, reaction_on
             FROM regional_council_state ORDER BY text_id, municipality COLLATE NOCASE, council_id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(CouncilState {
                    text_id: r.get(0)?,
                    council_id: r.get(1)?,
                    council_name: r.get(2)?,
                    municipality: r.get(3)?,
                    reference: r.get(4)?,
                    due_on: r.get(5)?,
                    meeting_on: r.get(6)?,
                    adopted_on: r.get(7)?,
                    adopted_fingerprint: r.get(8)?,
                    adopted_tenor: r.get(9)?,
                    sent_on: r.get(10)?,
                    reaction_on: r.get(11)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn get_linked_section(&self, section_id: &SectionId) -> Result<Option<LinkedSection>> {
        let section_id = section_id.as_str();
        Ok(self
            .conn
            .cached_row(
                &format!("{LINKED} WHERE id = ?1 AND regional_text_id IS NOT NULL"),
                [section_id],
                linked,
            )
            .optional()?)
    }

    /// This council's sections that follow a regional text (`text_id`), or all of them.
    pub fn list_linked_sections(&self, text_id: Option<&str>) -> Result<Vec<LinkedSection>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{LINKED} WHERE regional_text_id IS NOT NULL AND removed_at IS NULL
               AND (?1 IS NULL OR regional_text_id = ?1) ORDER BY request_id, position"
        ))?;
        let rows = stmt
            .query_map([text_id], linked)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Links a section to a regional text, or (`None`) lets it go, keeping `body` as its own.
    pub fn set_section_link(
        &mut self,
        section_id: &SectionId,
        text_id: Option<&str>,
        body: Option<&str>,
    ) -> Result<()> {
        let section_id = section_id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        self.conn.execute(
            "UPDATE advice_section SET regional_text_id = ?2, body = coalesce(?3, body),
                 regional_body = NULL, regional_frontiers = NULL, regional_fingerprint = NULL,
                 regional_kept = NULL, version = version + 1, updated_at = ?4, updated_by = ?5
             WHERE id = ?1",
            params![section_id, text_id, body, now, by],
        )?;
        Ok(())
    }

    /// Records what the council adopted of a section's regional text, or clears it (`None`:
    /// the advice was reopened and follows the text again).
    pub fn set_section_adoption(
        &mut self,
        section_id: &SectionId,
        adopted: Option<(&str, &[u8], &str)>,
    ) -> Result<()> {
        let section_id = section_id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let (body, frontiers, fp) = match adopted {
            Some((b, f, p)) => (Some(b), Some(f), Some(p)),
            None => (None, None, None),
        };
        self.conn.execute(
            "UPDATE advice_section SET regional_body = ?2, regional_frontiers = ?3,
                 regional_fingerprint = ?4, regional_kept = NULL, updated_at = ?5, updated_by = ?6
             WHERE id = ?1",
            params![section_id, body, frontiers, fp, now, by],
        )?;
        Ok(())
    }

    /// The council keeps the version it adopted over the regional text as it reads now.
    pub fn keep_section_version(
        &mut self,
        section_id: &SectionId,
        fingerprint: &str,
    ) -> Result<()> {
        let section_id = section_id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        self.conn.execute(
            "UPDATE advice_section SET regional_kept = ?2, updated_at = ?3, updated_by = ?4
             WHERE id = ?1",
            params![section_id, fingerprint, now, by],
        )?;
        Ok(())
    }
}

const PROPOSAL: &str = "SELECT id, text_id, kind, passage, words, reason, council_id, state, \
     decided_by, decided_at, created_at FROM regional_proposal";

fn proposal(r: &Row) -> rusqlite::Result<ProposalRecord> {
    Ok(ProposalRecord {
        id: r.get(0)?,
        text_id: r.get(1)?,
        kind: r.get(2)?,
        passage: r.get(3)?,
        words: r.get(4)?,
        reason: r.get(5)?,
        council_id: r.get(6)?,
        state: r.get(7)?,
        decided_by: r.get(8)?,
        decided_at: opt_stamp(r, 9)?,
        created_at: stamp(r, 10)?,
    })
}

fn regional_text(r: &Row) -> rusqlite::Result<RegionalTextRecord> {
    Ok(RegionalTextRecord {
        id: r.get(0)?,
        title: r.get(1)?,
        body: r.get(2)?,
        fingerprint: r.get(3)?,
        created_by: r.get(4)?,
        revision: r.get(5)?,
        changed_at: stamp(r, 6)?,
    })
}
