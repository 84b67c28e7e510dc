//! The store's side of sharing a council: this installation's place in the shared space, the
//! Loro documents it keeps (snapshot and updates, in the same transactions as the tables), the
//! outbox that carries local changes into the documents, and the projection that writes the
//! documents' merged state back into the tables every screen queries.
//!
//! The tables stay what the app reads and writes; while sharing is on, triggers note each
//! changed record in `sync_outbox` (migration 0008), and `flush` writes those records into
//! their document. `apply` imports other members' changes and projects the records they
//! touched. The order is always flush, then import, then project, in one transaction: the
//! outbox is empty when projection starts, so whatever projection adds to it is its own echo
//! and is dropped.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use rusqlite::types::ValueRef;
use rusqlite::{OptionalExtension, params};

use advieswerk_sync::replica::{Doc, FieldState, FieldWrite, Fields, Imported, RecordKey, Value};

use crate::columns::{CachedRow, opt_stamp, stamp};
use crate::{Result, Store};
use advieswerk_domain::{RequestId, Stamp};

/// The council's own document: register, settings, planning, letters.
pub const COUNCIL_DOC: &str = "raad";
/// An advice's sections live in a document of their own (`advies/<request id>`), so a regional
/// text can later be shared without the register.
pub const ADVICE_DOC_PREFIX: &str = "advies/";
/// A regional text's document (`regio/<text id>`): kept here beside the council's, but only
/// ever written into the region's folder (`crate::region`).
pub const REGIONAL_DOC_PREFIX: &str = "regio/";

/// A shared table: its key columns, the columns merged as text (concurrent edits inside them
/// both survive) and the columns that stay on this installation.
struct Table {
    name: &'static str,
    key: &'static [&'static str],
    texts: &'static [&'static str],
    local: &'static [&'static str],
}

const fn table(name: &'static str) -> Table {
    Table {
        name,
        key: &["id"],
        texts: &[],
        local: &[],
    }
}

/// Parents before children, so a projected record finds what it refers to.
const TABLES: &[Table] = &[
    table("council"),
    table("theme"),
    table("working_group"),
    table("working_group_member"),
    Table {
        texts: &["note"],
        ..table("meeting")
    },
    table("municipality"),
    Table {
        texts: &["notes"],
        ..table("advice_request")
    },
    Table {
        texts: &["note"],
        ..table("request_step")
    },
    Table {
        key: &["request_id"],
        texts: &["attachments", "copies"],
        // The editor's guard against overwriting text it did not see; each installation counts
        // its own.
        local: &["version"],
        ..table("letter_details")
    },
    table("letterhead"),
    Table {
        texts: &["description"],
        ..table("track")
    },
    Table {
        key: &["track_id", "municipality_id"],
        ..table("track_municipality")
    },
    Table {
        texts: &["notes"],
        ..table("milestone")
    },
    Table {
        texts: &["body"],
        local: &["version"],
        ..table("advice_section")
    },
    Table {
        key: &["token"],
        ..table("region_author")
    },
    Table {
        texts: &["body", "reasoning"],
        ..table("recommendation")
    },
    Table {
        key: &["request_id"],
        texts: &["summary"],
        ..table("reaction")
    },
    Table {
        texts: &["text", "note"],
        ..table("commitment")
    },
    Table {
        texts: &["note"],
        ..table("follow_up")
    },
    Table {
        texts: &["introduction", "closing"],
        ..table("annual_report")
    },
    Table {
        // How far this computer read the file is its own: another member may not have the bytes.
        local: &["pages", "text_note"],
        ..table("document")
    },
];

fn spec(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

fn table_rank(name: &str) -> usize {
    TABLES
        .iter()
        .position(|t| t.name == name)
        .unwrap_or(usize::MAX)
}

/// Whether `name` is a document name this version knows (anything else in a file is refused).
pub fn is_doc_name(name: &str) -> bool {
    name == COUNCIL_DOC
        || name
            .strip_prefix(ADVICE_DOC_PREFIX)
            .is_some_and(is_record_id)
}

/// Whether `name` is a regional text's document: the only kind a region's folder carries.
pub fn is_regional_doc_name(name: &str) -> bool {
    name.strip_prefix(REGIONAL_DOC_PREFIX)
        .is_some_and(is_record_id)
}

fn is_record_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// This installation's place in a shared council.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpaceRecord {
    pub folder: PathBuf,
    pub passphrase: String,
    pub device_id: String,
    pub member: String,
    pub next_seq: u64,
    pub unsent: u64,
    pub since_snapshot: u64,
    pub last_round_at: Option<Stamp>,
}

/// A record that the tables refused in its merged state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncProblem {
    pub doc: String,
    pub table: String,
    pub record_id: String,
    pub message: String,
}

/// A field two members set while apart, with every value nobody had seen.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldConflict {
    pub doc: String,
    pub table: String,
    pub record_id: String,
    pub field: String,
    pub writes: Vec<FieldWrite>,
}

/// Another member's edit of a section's text, taken in by projection.
struct SectionEdit {
    section_id: String,
    request_id: String,
    title: String,
    by: String,
}

/// Whether two members setting `field` while apart is theirs to settle. Keys, merged texts,
/// stamps and what the app derives (status from steps, due date from the dates) are not.
fn watched(t: &Table, field: &str) -> bool {
    !(t.key.contains(&field)
        || t.texts.contains(&field)
        || t.local.contains(&field)
        || field.ends_with("_at")
        || field.ends_with("_by")
        // What a section adopted of a regional text follows from the adoption step.
        || field.starts_with("regional_")
        || matches!(
            field,
            "id" | "status" | "tenor" | "position" | "seq" | "version" | "removed" | "due_on"
        ))
}

pub(crate) struct Loaded {
    pub(crate) doc: Doc,
    stored: Option<Vec<u8>>,
    pub(crate) sent: Option<Vec<u8>>,
    updates: u32,
    /// Bytes of the stored snapshot: a large change is folded into a new snapshot only when it
    /// is large against it (a join, a council's first state), not a day's work on a big council.
    snapshot_len: usize,
}

/// A document as the store keeps it: a snapshot, the updates after it, and what of it was
/// stored and sent.
struct StoredDoc {
    snapshot: Option<Vec<u8>>,
    stored: Option<Vec<u8>>,
    sent: Option<Vec<u8>>,
    updates: Vec<Vec<u8>>,
}

impl StoredDoc {
    fn open(self) -> Result<Loaded> {
        let doc = Doc::load(self.snapshot.as_deref(), &self.updates).map_err(sync_error)?;
        Ok(Loaded {
            doc,
            stored: self.stored,
            sent: self.sent,
            updates: self.updates.len() as u32,
            snapshot_len: self.snapshot.as_ref().map_or(0, Vec::len),
        })
    }
}

/// A document to import into: loaded already, or still as stored.
enum Ready {
    Loaded(Loaded),
    Stored(StoredDoc),
}

/// One document's import, done on a worker thread.
struct Imports<'a> {
    name: &'a str,
    loaded: Loaded,
    was_sent: bool,
    got: Vec<Imported>,
    /// The changed records' fields as they now stand.
    read: Vec<(RecordKey, Option<Fields>)>,
    /// (device, sequence number, why) of each file whose changes Loro refused.
    refused: Vec<(String, u64, String)>,
}

/// Runs `work` on each job, on up to four threads (one when there is one core or one job);
/// results in the jobs' order.
fn on_threads<J: Send, R: Send>(jobs: Vec<J>, work: impl Fn(J) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4)
        .min(jobs.len());
    if threads <= 1 {
        return jobs.into_iter().map(work).collect();
    }
    let queue = std::sync::Mutex::new(jobs.into_iter().enumerate());
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().expect("no worker panicked").next();
                    let Some((i, job)) = next else { break };
                    let r = work(job);
                    results.lock().expect("no worker panicked").push((i, r));
                }
            });
        }
    });
    let mut results = results.into_inner().expect("no worker panicked");
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// The documents loaded from the store, kept between rounds (the council's) or for one round
/// (an advice's). After any failed transaction the caller drops them and starts anew, so memory
/// never runs ahead of what was committed.
#[derive(Default)]
pub struct Docs {
    loaded: BTreeMap<String, Loaded>,
}

impl Docs {
    pub fn get(&self, name: &str) -> Option<&Doc> {
        self.loaded.get(name).map(|l| &l.doc)
    }

    /// Lets go of every advice's document; the council's stays loaded.
    pub fn trim(&mut self) {
        let council = self.loaded.remove(COUNCIL_DOC);
        let advices = std::mem::take(&mut self.loaded);
        if let Some(c) = council {
            self.loaded.insert(COUNCIL_DOC.to_owned(), c);
        }
        // Freeing the thousand documents a day's changes opened took 20 ms: nobody waits for
        // it. (Where no thread can be started, they are freed here.)
        if advices.len() > 64 {
            let _ = std::thread::Builder::new()
                .name("free-documents".into())
                .spawn(move || drop(advices));
        }
    }
}

/// After this many updates a document's stored form is compacted into one snapshot.
const COMPACT_AFTER: u32 = 64;
/// A larger change (a council's first state, a join) is stored as a snapshot at once: Loro
/// opens a snapshot many times faster than it replays the same changes. Only when it is also
/// a quarter of the snapshot or more: exporting a large council's snapshot costs more than a
/// day of its changes.
const COMPACT_ABOVE_BYTES: usize = 64 * 1024;

/// One file of another device, read and authenticated, to be applied.
#[derive(Debug, Clone, Default)]
pub struct RemoteFile {
    pub device: String,
    pub seq: u64,
    /// Who wrote it (empty for a file covered by a later snapshot: it is only noted as seen).
    pub member: String,
    /// Loro bytes per document name.
    pub docs: Vec<(String, Vec<u8>)>,
}

/// A document as stored: snapshot (`sync_doc_snapshot`), stored version, sent version.
type DocRow = (Option<Vec<u8>>, Option<Vec<u8>>, Option<Vec<u8>>);

/// What one `apply` did.
#[derive(Debug, Default)]
pub struct Applied {
    /// Records written into or removed from the tables.
    pub projected: usize,
    /// Document names in the files that this version does not know (not applied).
    pub unknown_docs: Vec<String>,
    /// Files whose content Loro refused: (device, sequence number, why). Not noted as seen.
    pub refused: Vec<(String, u64, String)>,
}

/// What one round's files brought, while they are applied.
#[derive(Default)]
struct Intake {
    applied: Applied,
    /// Records to project, parents first (by table rank), with the document they live in.
    changed: BTreeSet<(usize, RecordKey, String)>,
    /// Documents whose whole state was in the folder before this import, so it still is after
    /// it.
    imported: BTreeSet<String>,
    /// Every document a file went into: stored even when nothing visible changed, because
    /// changes waiting for their predecessors are part of it.
    touched: BTreeSet<String>,
    /// Each file read: (device, sequence number, its documents).
    maybe_seen: Vec<(String, u64, Vec<String>)>,
    /// The newest word on each field any file wrote (a later file's supersedes).
    field_states: BTreeMap<(RecordKey, String), (String, FieldState)>,
    /// Changed records read from their documents on the import's threads, by (document, key).
    read: HashMap<(String, RecordKey), Option<Fields>>,
    /// Records waiting in `sync_problem`, by (document, key): cleared once they go in.
    problems: HashSet<(String, RecordKey)>,
}

impl Store {
    pub fn get_space(&self) -> Result<Option<SpaceRecord>> {
        Ok(self
            .conn
            .query_row(
                "SELECT folder, passphrase, device_id, member, next_seq, unsent, since_snapshot, last_round_at
                 FROM sync_space WHERE id = 1",
                [],
                |r| {
                    Ok(SpaceRecord {
                        folder: PathBuf::from(r.get::<_, String>(0)?),
                        passphrase: r.get(1)?,
                        device_id: r.get(2)?,
                        member: r.get(3)?,
                        next_seq: r.get::<_, i64>(4)? as u64,
                        unsent: r.get::<_, i64>(5)? as u64,
                        since_snapshot: r.get::<_, i64>(6)? as u64,
                        last_round_at: opt_stamp(r, 7)?,
                    })
                },
            )
            .optional()?)
    }

    /// Turns sharing on for this installation. From here on, triggers note every change.
    pub fn insert_space(
        &mut self,
        folder: &std::path::Path,
        passphrase: &str,
        device_id: &str,
        member: &str,
    ) -> Result<()> {
        let now = self.now_stamp();
        exec(
            &self.conn,
            "INSERT INTO sync_space (id, folder, passphrase, device_id, member, created_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5)",
            params![folder.to_string_lossy(), passphrase, device_id, member, now],
        )?;
        self.member = Some(member.to_owned());
        Ok(())
    }

    pub fn update_member(&mut self, member: &str) -> Result<()> {
        self.conn
            .execute("UPDATE sync_space SET member = ?1 WHERE id = 1", [member])?;
        self.member = space_member(&self.conn)?;
        Ok(())
    }

    /// Ends this installation's part in the shared council: the space and all that sharing kept
    /// beside the tables (the council's and the advice documents, the outbox, the files seen,
    /// the members, open conflicts, reviews and problems) are removed; the council's records
    /// stay as they are. The region's documents (`regio/…`) stay. `sync_seen` does not say
    /// whose files it lists, so the region's are forgotten too: its next round reads them again,
    /// which changes nothing.
    pub fn remove_space(&mut self) -> Result<()> {
        let tx = self.conn.savepoint()?;
        for sql in [
            "DELETE FROM sync_space",
            "DELETE FROM sync_outbox",
            "DELETE FROM sync_seen",
            "DELETE FROM sync_member",
            "DELETE FROM sync_problem",
            "DELETE FROM sync_conflict",
            "DELETE FROM sync_review",
            "DELETE FROM sync_doc_update WHERE name NOT LIKE 'regio/%'",
            "DELETE FROM sync_doc_snapshot WHERE name NOT LIKE 'regio/%'",
            "DELETE FROM sync_doc WHERE name NOT LIKE 'regio/%'",
        ] {
            tx.execute(sql, [])?;
        }
        tx.commit()?;
        self.member = space_member(&self.conn)?;
        Ok(())
    }

    /// Counts what a join would replace: requests, sections and milestones of this installation.
    pub fn count_own_records(&self) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM advice_request) + (SELECT count(*) FROM advice_section)
                  + (SELECT count(*) FROM milestone) + (SELECT count(*) FROM track)",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    /// Empties every shared table (children first), before a join fills them from the space.
    /// Only while sharing is off, so no trigger takes the removals for changes to send.
    pub fn clear_shared_tables(&mut self) -> Result<()> {
        let tx = self.conn.savepoint()?;
        for t in TABLES.iter().rev() {
            tx.execute(&format!("DELETE FROM {}", t.name), [])?;
        }
        tx.execute("DELETE FROM tombstone", [])?;
        tx.commit()?;
        Ok(())
    }

    /// Puts every record of every shared table in the outbox: the first state of a council that
    /// starts sharing is everything it has.
    pub fn queue_all_records(&mut self) -> Result<()> {
        let tx = self.conn.savepoint()?;
        for t in TABLES {
            let key = key_expr(t);
            let doc = if t.name == "advice_section" {
                format!("'{ADVICE_DOC_PREFIX}' || request_id")
            } else {
                format!("'{COUNCIL_DOC}'")
            };
            tx.execute(
                &format!(
                    "INSERT OR IGNORE INTO sync_outbox SELECT '{}', {key}, {doc} FROM {}",
                    t.name, t.name
                ),
                [],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn count_outbox(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM sync_outbox", [], |r| {
                r.get::<_, i64>(0)
            })? as u64)
    }

    pub(crate) fn load_doc<'a>(&self, docs: &'a mut Docs, name: &str) -> Result<&'a mut Loaded> {
        if !docs.loaded.contains_key(name) {
            let loaded = self.read_doc(name)?.open()?;
            docs.loaded.insert(name.to_owned(), loaded);
        }
        Ok(docs.loaded.get_mut(name).expect("just loaded"))
    }

    /// A document's stored bytes, not yet opened (opening is the costly part, done where
    /// convenient: `import_files` opens many at once on every core).
    fn read_doc(&self, name: &str) -> Result<StoredDoc> {
        let row: Option<DocRow> = self
            .conn
            .cached_row(
                "SELECT (SELECT bytes FROM sync_doc_snapshot WHERE name = ?1), stored_version, sent_version
                 FROM sync_doc WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (snapshot, stored, sent) = row.unwrap_or((None, None, None));
        let mut stmt = self
            .conn
            .prepare_cached("SELECT bytes FROM sync_doc_update WHERE name = ?1 ORDER BY seq")?;
        let updates: Vec<Vec<u8>> = stmt
            .query_map([name], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(StoredDoc {
            snapshot,
            stored,
            sent,
            updates,
        })
    }

    /// Writes what changed in `name` since it was last stored: an update, or a fresh snapshot
    /// once the updates pile up.
    pub(crate) fn store_doc(&self, docs: &mut Docs, name: &str) -> Result<()> {
        let l = docs
            .loaded
            .get_mut(name)
            .expect("a document is loaded before it is stored");
        if l.doc.covered_by(l.stored.as_deref()) {
            return Ok(());
        }
        exec(
            &self.conn,
            "INSERT OR IGNORE INTO sync_doc (name) VALUES (?1)",
            [name],
        )?;
        let update = l
            .doc
            .export_since(l.stored.as_deref())
            .map_err(sync_error)?;
        // A document's first state is stored as a snapshot too, however small: Loro opens a
        // snapshot without replaying its history, and a day's changes open a thousand advices.
        let first = l.snapshot_len == 0 && l.updates == 0;
        if first
            || l.updates >= COMPACT_AFTER
            || (update.len() > COMPACT_ABOVE_BYTES && update.len() > l.snapshot_len / 4)
        {
            let snap = l.doc.snapshot().map_err(sync_error)?;
            l.snapshot_len = snap.len();
            self.conn
                .execute("DELETE FROM sync_doc_update WHERE name = ?1", [name])?;
            exec(
                &self.conn,
                "INSERT INTO sync_doc_snapshot (name, bytes) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET bytes = excluded.bytes",
                params![name, snap],
            )?;
            l.updates = 0;
        } else {
            exec(&self.conn,
                "INSERT INTO sync_doc_update (name, seq, bytes)
                 VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM sync_doc_update WHERE name = ?1), ?2)",
                params![name, update],
            )?;
            l.updates += 1;
        }
        let version = l.doc.version();
        exec(
            &self.conn,
            "UPDATE sync_doc SET stored_version = ?2 WHERE name = ?1",
            params![name, version],
        )?;
        l.stored = Some(version);
        Ok(())
    }

    /// Writes the records in the outbox into their documents, stores the documents, and
    /// empties the outbox, all in one transaction. Returns how many records went in.
    pub fn flush_outbox(&mut self, docs: &mut Docs, at_unix: i64, member: &str) -> Result<usize> {
        let queued: Vec<(String, String, String)> = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT table_name, record_id, doc FROM sync_outbox")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        if queued.is_empty() {
            return Ok(0);
        }
        let mut touched = BTreeSet::new();
        let mut written = Vec::new();
        for (table, id, doc_name) in &queued {
            let Some(t) = spec(table) else { continue };
            let fields = self.read_record(t, id)?;
            let l = self.load_doc(docs, doc_name)?;
            match fields {
                Some(f) => {
                    for field in l.doc.put(t.name, id, &f, t.texts).map_err(sync_error)? {
                        written.push((t.name, id.clone(), field));
                    }
                }
                None => l.doc.remove(t.name, id).map_err(sync_error)?,
            }
            touched.insert(doc_name.clone());
        }
        self.atomically(|s: &mut Store| -> Result<()> {
            for name in &touched {
                s.load_doc(docs, name)?.doc.commit(at_unix, member);
                s.store_doc(docs, name)?;
            }
            // A member who sets a field has seen every value standing there: that settles it.
            for (table, id, field) in &written {
                exec(&s.conn,
                    "DELETE FROM sync_conflict WHERE table_name = ?1 AND record_id = ?2 AND field = ?3",
                    params![table, id, field],
                )?;
            }
            exec(&s.conn, "DELETE FROM sync_outbox", [])?;
            exec(&s.conn,
                "UPDATE sync_space SET unsent = unsent + ?1 WHERE id = 1",
                [queued.len() as i64],
            )?;
            Ok(())
        })?;
        Ok(queued.len())
    }

    /// The folder holds every document as it stands here: nothing waits to be sent, also where
    /// a queued change turned out to change nothing in its document (a row written back as it
    /// was), which the count of queued changes cannot tell.
    pub fn note_nothing_unsent(&self) -> Result<()> {
        exec(
            &self.conn,
            "UPDATE sync_space SET unsent = 0 WHERE id = 1 AND unsent <> 0",
            [],
        )?;
        Ok(())
    }

    /// What the folder does not have yet of each document: Loro bytes per document name.
    pub fn unsent_changes(&self, docs: &mut Docs) -> Result<Vec<(String, Vec<u8>)>> {
        let names: Vec<String> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT name FROM sync_doc WHERE sent_version IS NOT stored_version
                   AND name NOT LIKE 'regio/%' ORDER BY name",
            )?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        self.exports_unsent(docs, names)
    }

    /// Every document's whole history, for a snapshot file.
    pub fn all_changes(&self, docs: &mut Docs) -> Result<Vec<(String, Vec<u8>)>> {
        let names: Vec<String> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT name FROM sync_doc WHERE name NOT LIKE 'regio/%' ORDER BY name",
            )?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        self.snapshots(docs, names)
    }

    /// Of each named document, what its folder does not have yet (documents it has whole are
    /// left out).
    pub(crate) fn exports_unsent(
        &self,
        docs: &mut Docs,
        names: Vec<String>,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let mut out = Vec::new();
        for name in names {
            let l = self.load_doc(docs, &name)?;
            if !l.doc.covered_by(l.sent.as_deref()) {
                out.push((
                    name,
                    l.doc.export_since(l.sent.as_deref()).map_err(sync_error)?,
                ));
            }
        }
        Ok(out)
    }

    /// Each named document whole.
    pub(crate) fn snapshots(
        &self,
        docs: &mut Docs,
        names: Vec<String>,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let mut out = Vec::new();
        for name in names {
            let l = self.load_doc(docs, &name)?;
            out.push((name, l.doc.snapshot().map_err(sync_error)?));
        }
        Ok(out)
    }

    /// Records that this device's file `seq` holds `sent` (document names): they are in the
    /// folder now, and the next file gets the next number.
    pub fn mark_sent(
        &mut self,
        docs: &mut Docs,
        sent: &[String],
        seq: u64,
        snapshot: bool,
    ) -> Result<()> {
        let device = self.get_space()?.map(|s| s.device_id).unwrap_or_default();
        self.atomically(|s: &mut Store| -> Result<()> {
            for name in sent {
                s.note_in_folder(docs, name)?;
            }
            exec(
                &s.conn,
                "UPDATE sync_space SET next_seq = max(next_seq, ?1 + 1), unsent = 0,
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

    /// Notes that the folder holds all of `name` as this installation has it now.
    pub(crate) fn note_in_folder(&self, docs: &mut Docs, name: &str) -> Result<()> {
        let l = self.load_doc(docs, name)?;
        let version = l.doc.version();
        exec(
            &self.conn,
            "UPDATE sync_doc SET sent_version = ?2 WHERE name = ?1",
            params![name, version],
        )?;
        l.sent = Some(version);
        Ok(())
    }

    /// Raises the next file number above what the folder already holds of this device (after
    /// a restore from backup, or a crash between writing a file and noting it).
    pub fn reserve_seq(&mut self, at_least: u64) -> Result<u64> {
        exec(
            &self.conn,
            "UPDATE sync_space SET next_seq = max(next_seq, ?1) WHERE id = 1",
            [at_least as i64],
        )?;
        Ok(self.get_space()?.map_or(at_least, |s| s.next_seq))
    }

    pub fn list_seen(&self) -> Result<BTreeSet<(String, u64)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT device, seq FROM sync_seen")?;
        let seen = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(seen)
    }

    /// Imports other members' files (each a list of document updates) and projects the records
    /// they changed into the tables, in one transaction; `files` are noted as seen with it.
    /// Local changes still in the outbox go into the documents first.
    pub fn apply_remote(
        &mut self,
        docs: &mut Docs,
        at_unix: i64,
        member: &str,
        files: &[RemoteFile],
    ) -> Result<Applied> {
        self.flush_outbox(docs, at_unix, member)?;
        let now = self.now_stamp();
        self.atomically(|s: &mut Store| -> Result<Applied> {
            let mut intake = s.import_files(docs, files, &now)?;
            s.note_seen(docs, &intake)?;
            // Records refused before are tried again with whatever arrived now.
            for p in s.list_sync_problems()? {
                if let Some(t) = spec(&p.table) {
                    let key = RecordKey {
                        table: p.table,
                        id: p.record_id,
                    };
                    intake.problems.insert((p.doc.clone(), key.clone()));
                    intake.changed.insert((table_rank(t.name), key, p.doc));
                }
            }
            let (touched, text_edits) = s.project_changed(docs, &mut intake)?;
            s.merge_twin_meetings(docs, at_unix, member)?;
            for (request, steps_changed) in &touched {
                // The review reads the steps and the status only: a request whose steps and
                // status stand as they stood keeps its flags as they are.
                if s.rederive_status(request)? || *steps_changed {
                    s.review_steps_at(request, &now)?;
                }
            }
            for edit in &text_edits {
                s.review_locked_edit(edit, &now)?;
            }
            for (name, state) in intake.field_states.values() {
                s.note_field_state(name, state, &now)?;
            }
            // What projection wrote came from the documents: it is no change of ours to send.
            exec(&s.conn, "DELETE FROM sync_outbox", [])?;
            exec(
                &s.conn,
                "UPDATE sync_space SET last_round_at = ?1 WHERE id = 1",
                [&now],
            )?;
            Ok(intake.applied)
        })
    }

    /// Imports the files' documents into `docs`, each document's changes from every file at
    /// once (what changed is then worked out once per document, not once per file). A change
    /// Loro refuses is its file's refusal; the file's other documents still go in. Each writer
    /// is noted as a member of the council.
    fn import_files(&self, docs: &mut Docs, files: &[RemoteFile], now: &str) -> Result<Intake> {
        let mut intake = Intake::default();
        let mut by_doc: BTreeMap<&str, Vec<(&RemoteFile, &Vec<u8>)>> = BTreeMap::new();
        for file in files {
            for (name, bytes) in &file.docs {
                if is_doc_name(name) {
                    by_doc.entry(name).or_default().push((file, bytes));
                } else {
                    intake.applied.unknown_docs.push(name.clone());
                }
            }
            let names = file.docs.iter().map(|p| p.0.clone()).collect::<Vec<_>>();
            intake
                .maybe_seen
                .push((file.device.clone(), file.seq, names));
            if !file.member.is_empty() {
                exec(&self.conn,
                    "INSERT INTO sync_member (device, member, last_seen) VALUES (?1, ?2, ?3)
                     ON CONFLICT (device) DO UPDATE SET member = excluded.member, last_seen = excluded.last_seen",
                    params![file.device, file.member, now],
                )?;
            }
        }
        // Each document is opened (when not yet loaded) and its changes imported on a thread of
        // a few: a day's changes touch a thousand advices, and Loro's work on one document is
        // independent of the others'. The store is read before and written after, here. The
        // council's document, the largest, goes first.
        let mut jobs = Vec::with_capacity(by_doc.len());
        for (name, parts) in by_doc {
            let ready = match docs.loaded.remove(name) {
                Some(l) => Ready::Loaded(l),
                None => Ready::Stored(self.read_doc(name)?),
            };
            jobs.push((name, ready, parts));
        }
        jobs.sort_by_key(|(name, _, _)| *name != COUNCIL_DOC);
        let done = on_threads(jobs, |(name, ready, parts)| -> Result<Imports<'_>> {
            let l = match ready {
                Ready::Loaded(l) => l,
                Ready::Stored(s) => s.open()?,
            };
            let was_sent = l.doc.covered_by(l.sent.as_deref());
            let blobs: Vec<Vec<u8>> = parts.iter().map(|(_, b)| (*b).clone()).collect();
            let mut got = Vec::new();
            let mut refused = Vec::new();
            match l.doc.import(&blobs) {
                Ok(g) => got.push(g),
                // Which file it was: each alone (what went in already is not taken twice).
                Err(_) => {
                    for (file, bytes) in &parts {
                        match l.doc.import(std::slice::from_ref(*bytes)) {
                            Ok(g) => got.push(g),
                            Err(e) => refused.push((file.device.clone(), file.seq, e.to_string())),
                        }
                    }
                }
            }
            // The changed records as projection will want them, read here beside the import.
            let read = got
                .iter()
                .flat_map(|g| g.records.iter())
                .filter_map(|k| spec(&k.table).map(|t| (k.clone(), l.doc.get(t.name, &k.id))))
                .collect();
            Ok(Imports {
                name,
                loaded: l,
                was_sent,
                got,
                read,
                refused,
            })
        });
        for outcome in done {
            let Imports {
                name,
                loaded,
                was_sent,
                got,
                read,
                refused,
            } = outcome?;
            for (k, f) in read {
                intake.read.insert((name.to_owned(), k), f);
            }
            docs.loaded.insert(name.to_owned(), loaded);
            intake.touched.insert(name.to_owned());
            if was_sent {
                intake.imported.insert(name.to_owned());
            }
            intake.applied.refused.extend(refused);
            for got in got {
                for k in got.records {
                    intake
                        .changed
                        .insert((table_rank(&k.table), k, name.to_owned()));
                }
                for f in got.fields {
                    intake
                        .field_states
                        .insert((f.key.clone(), f.field.clone()), (name.to_owned(), f));
                }
            }
        }
        // A refused file is not noted as seen: read again next round, it stays told.
        let refused = &intake.applied.refused;
        intake
            .maybe_seen
            .retain(|(d, q, _)| !refused.iter().any(|(rd, rq, _)| rd == d && rq == q));
        Ok(intake)
    }

    /// Stores every document a file went into and notes the files as seen, except those with
    /// changes still waiting for a predecessor (those live only in memory; the file is read
    /// again next round).
    fn note_seen(&self, docs: &mut Docs, intake: &Intake) -> Result<()> {
        for name in &intake.touched {
            self.store_doc(docs, name)?;
        }
        let pending: BTreeSet<&String> = intake
            .touched
            .iter()
            .filter(|n| docs.get(n).is_some_and(Doc::has_pending))
            .collect();
        for (device, seq, names) in &intake.maybe_seen {
            let waiting = names.iter().any(|n| pending.contains(n));
            if !waiting {
                exec(
                    &self.conn,
                    "INSERT OR IGNORE INTO sync_seen (device, seq) VALUES (?1, ?2)",
                    params![device, *seq as i64],
                )?;
            }
        }
        // Everything imported came from the folder: the folder has it.
        for name in &intake.imported {
            self.note_in_folder(docs, name)?;
        }
        Ok(())
    }

    /// Projects every changed record into its table, parents before children; returns the
    /// requests whose status is to be derived again (and whether their steps changed) and the
    /// text edits to review.
    fn project_changed(
        &mut self,
        docs: &mut Docs,
        intake: &mut Intake,
    ) -> Result<(BTreeMap<String, bool>, Vec<SectionEdit>)> {
        let mut requests = BTreeMap::new();
        let mut text_edits = Vec::new();
        let mut known: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        for t in TABLES {
            known.insert(t.name, columns(&self.conn, t.name)?);
        }
        for (_, key, name) in &intake.changed {
            let Some(t) = spec(&key.table) else { continue };
            let fields = match intake.read.remove(&(name.clone(), key.clone())) {
                Some(f) => f,
                None => self.load_doc(docs, name)?.doc.get(t.name, &key.id),
            };
            // A request's status follows from its steps: re-derived when they or it changed. A
            // removed step's request is read from its row, before projection removes it.
            if t.name == "request_step" {
                let request = match fields.as_ref().and_then(|f| f.get("request_id")) {
                    Some(Value::Text(r)) => Some(r.clone()),
                    _ => self
                        .conn
                        .cached_row(
                            "SELECT request_id FROM request_step WHERE id = ?1",
                            [&key.id],
                            |r| r.get::<_, String>(0),
                        )
                        .optional()?,
                };
                if let Some(r) = request {
                    requests.insert(r, true);
                }
            }
            let had_problem = intake.problems.contains(&(name.clone(), key.clone()));
            let projected = self.project(
                t,
                &key.id,
                name,
                fields.as_ref(),
                &known[t.name],
                had_problem,
            )?;
            // A request whose row came or whose status or tenor was written: the document's
            // status may not be what its steps say. One whose notes changed stands as it stood.
            if t.name == "advice_request"
                && projected
                    .written
                    .as_ref()
                    .is_some_and(|w| w.touches(&["status", "tenor"]))
            {
                requests.entry(key.id.clone()).or_insert(false);
            }
            text_edits.extend(projected.edit);
            intake.applied.projected += 1;
        }
        Ok((requests, text_edits))
    }

    /// Two members who each added the plenary meeting of one date while apart added one
    /// meeting. The table holds one meeting per date, so the second waits as a problem; here
    /// they become one: the one with a note stays (the lower id when neither or both say the
    /// same) and the other is removed from the council's document. Every member decides the
    /// same from the same two records, so members who do it at once converge. Two different
    /// notes are left to the members (the problem tells them), since one would be lost.
    fn merge_twin_meetings(&mut self, docs: &mut Docs, at_unix: i64, member: &str) -> Result<()> {
        let Some(t) = spec("meeting") else {
            return Ok(());
        };
        let known = columns(&self.conn, t.name)?;
        let waiting: Vec<SyncProblem> = self
            .list_sync_problems()?
            .into_iter()
            .filter(|p| p.table == t.name && p.message.contains("meeting.held_on"))
            .collect();
        let note = |f: &Fields| match f.get("note") {
            Some(Value::Text(n)) => n.trim().to_owned(),
            _ => String::new(),
        };
        for p in waiting {
            let l = self.load_doc(docs, &p.doc)?;
            let Some(theirs) = l.doc.get(t.name, &p.record_id) else {
                continue;
            };
            let Some(Value::Text(held_on)) = theirs.get("held_on") else {
                continue;
            };
            let Some(ours_id) = self
                .conn
                .cached_row(
                    "SELECT id FROM meeting WHERE held_on = ?1 AND id <> ?2",
                    params![held_on, p.record_id],
                    |r| r.get::<_, String>(0),
                )
                .optional()?
            else {
                continue;
            };
            let l = self.load_doc(docs, &p.doc)?;
            let Some(ours) = l.doc.get(t.name, &ours_id) else {
                continue;
            };
            let (n_ours, n_theirs) = (note(&ours), note(&theirs));
            let gone_id = match (n_ours.is_empty(), n_theirs.is_empty()) {
                (false, true) => p.record_id.clone(),
                (true, false) => ours_id,
                _ if n_ours == n_theirs => ours_id.max(p.record_id.clone()),
                _ => continue,
            };
            l.doc.remove(t.name, &gone_id).map_err(sync_error)?;
            l.doc.commit(at_unix, member);
            self.store_doc(docs, &p.doc)?;
            self.project(t, &gone_id, &p.doc, None, &known, true)?;
            if gone_id != p.record_id {
                // Theirs stays: it enters the table now that its date is free.
                let fields = self.load_doc(docs, &p.doc)?.doc.get(t.name, &p.record_id);
                self.project(t, &p.record_id, &p.doc, fields.as_ref(), &known, true)?;
            }
            self.conn
                .execute("UPDATE sync_space SET unsent = unsent + 1 WHERE id = 1", [])?;
        }
        Ok(())
    }

    /// Keeps or clears a field's conflict after an import wrote it.
    fn note_field_state(&self, doc: &str, state: &FieldState, now: &str) -> Result<()> {
        let Some(t) = spec(&state.key.table) else {
            return Ok(());
        };
        if state.is_conflict() && watched(t, &state.field) {
            let writes: Vec<serde_json::Value> = state
                .writes
                .iter()
                .map(|w| {
                    serde_json::json!({
                        "value": value_to_json(&w.value),
                        "member": w.member,
                        "at_unix": w.at_unix,
                    })
                })
                .collect();
            exec(
                &self.conn,
                "INSERT INTO sync_conflict (doc, table_name, record_id, field, writes, noticed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (table_name, record_id, field) DO UPDATE SET writes = excluded.writes",
                params![
                    doc,
                    t.name,
                    state.key.id,
                    state.field,
                    serde_json::Value::Array(writes).to_string(),
                    now
                ],
            )?;
        } else {
            exec(
                &self.conn,
                "DELETE FROM sync_conflict WHERE table_name = ?1 AND record_id = ?2 AND field = ?3",
                params![t.name, state.key.id, state.field],
            )?;
        }
        Ok(())
    }

    /// Fields set side by side, all or those of one record.
    pub fn list_field_conflicts(&self, record: Option<(&str, &str)>) -> Result<Vec<FieldConflict>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT doc, table_name, record_id, field, writes FROM sync_conflict
             WHERE ?1 IS NULL OR (table_name = ?1 AND record_id = ?2)
             ORDER BY table_name, record_id, field",
        )?;
        let rows = stmt
            .query_map(params![record.map(|r| r.0), record.map(|r| r.1)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .map(|(doc, table, record_id, field, writes)| FieldConflict {
                doc,
                table,
                record_id,
                field,
                writes: writes_from_json(&writes),
            })
            .collect())
    }

    /// A member's choice between values set side by side: the table takes it, the document
    /// gets it as a write that has seen every value, and the conflict is gone.
    pub fn choose_field_value(
        &mut self,
        docs: &mut Docs,
        at_unix: i64,
        member: &str,
        conflict: &FieldConflict,
        value: &Value,
    ) -> Result<()> {
        let Some(t) = spec(&conflict.table) else {
            return Err(crate::Error::NotFound {
                entity: "conflict",
                id: conflict.field.clone(),
            });
        };
        if !columns(&self.conn, t.name)?.contains(&conflict.field) {
            return Err(crate::Error::NotFound {
                entity: "conflict",
                id: conflict.field.clone(),
            });
        }
        self.flush_outbox(docs, at_unix, member)?;
        let result = self.atomically(|s: &mut Store| -> Result<()> {
            let (where_sql, keys) = key_where(t, &conflict.record_id);
            let n = keys.len();
            let mut values: Vec<rusqlite::types::Value> =
                keys.into_iter().map(rusqlite::types::Value::Text).collect();
            values.push(sql_value(value));
            exec(
                &s.conn,
                &format!(
                    "UPDATE {} SET {} = ?{} WHERE {where_sql}",
                    t.name,
                    conflict.field,
                    n + 1
                ),
                rusqlite::params_from_iter(values),
            )?;
            let l = s.load_doc(docs, &conflict.doc)?;
            l.doc
                .settle(t.name, &conflict.record_id, &conflict.field, value)
                .map_err(sync_error)?;
            l.doc.commit(at_unix, member);
            s.store_doc(docs, &conflict.doc)?;
            exec(
                &s.conn,
                "DELETE FROM sync_conflict WHERE table_name = ?1 AND record_id = ?2 AND field = ?3",
                params![t.name, conflict.record_id, conflict.field],
            )?;
            exec(&s.conn, "DELETE FROM sync_outbox", [])?;
            s.conn
                .execute("UPDATE sync_space SET unsent = unsent + 1 WHERE id = 1", [])?;
            Ok(())
        });
        if result.is_err() {
            // The document in memory may hold the choice the store refused.
            docs.loaded.remove(&conflict.doc);
        }
        result
    }

    pub fn note_round(&mut self) -> Result<()> {
        let now = self.now_stamp();
        exec(
            &self.conn,
            "UPDATE sync_space SET last_round_at = ?1 WHERE id = 1",
            [&now],
        )?;
        Ok(())
    }

    pub fn list_sync_problems(&self) -> Result<Vec<SyncProblem>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT doc, table_name, record_id, message FROM sync_problem ORDER BY table_name, record_id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(SyncProblem {
                    doc: r.get(0)?,
                    table: r.get(1)?,
                    record_id: r.get(2)?,
                    message: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Members known from the folder's files: (member, device, last seen).
    pub fn list_sync_members(&self) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT member, device, last_seen FROM sync_member ORDER BY member, device",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The status a request's steps give it: the last step's, with the tenor of the last
    /// adoption; the same on every installation whatever order the steps arrived in.
    fn rederive_status(&mut self, request_id: &str) -> Result<bool> {
        // Written only when it differs: a rewrite of an equal row still updates its indexes
        // and fires its triggers, for every request a round touched.
        let changed = exec(&self.conn,
            "UPDATE advice_request SET status = d.status, tenor = d.tenor
             FROM (SELECT coalesce((SELECT status FROM request_step WHERE request_id = ?1
                                    ORDER BY seq DESC, recorded_at DESC, id DESC LIMIT 1),
                                   (SELECT status FROM advice_request WHERE id = ?1)) AS status,
                          (SELECT tenor FROM request_step WHERE request_id = ?1 AND status = 'adopted'
                           ORDER BY seq DESC, recorded_at DESC, id DESC LIMIT 1) AS tenor) AS d
             WHERE advice_request.id = ?1
               AND (advice_request.status IS NOT d.status OR advice_request.tenor IS NOT d.tenor)",
            [request_id],
        )?;
        Ok(changed > 0)
    }

    /// Flags the steps of a request that the state machine would not have allowed in the
    /// order they now stand: two members' steps made apart (two adoptions, one with another
    /// tenor; a step after one that another member undid). Every step is kept; the flags are
    /// the same on every member, since they follow from the same steps.
    pub fn review_steps(&mut self, request_id: &RequestId) -> Result<()> {
        let request_id = request_id.as_str();
        // Only merging puts steps side by side; a council that does not share has none.
        if self.member.is_none() {
            return Ok(());
        }
        let now = self.now_stamp();
        self.review_steps_at(request_id, &now)
    }

    fn review_steps_at(&mut self, request_id: &str, now: &str) -> Result<()> {
        use advieswerk_domain::status::{Status, Tenor};
        let steps: Vec<(String, String, Option<String>)> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, status, tenor FROM request_step WHERE request_id = ?1
                 ORDER BY seq, recorded_at, id",
            )?;
            stmt.query_map([request_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        exec(
            &self.conn,
            "DELETE FROM sync_review WHERE kind = 'steps' AND request_id = ?1",
            [request_id],
        )?;
        // A reopened advice is open to edits again: what was flagged for its adoption is moot.
        exec(&self.conn,
            "DELETE FROM sync_review WHERE kind = 'locked_edit' AND request_id = ?1
               AND (SELECT status FROM advice_request WHERE id = ?1) NOT IN ('adopted', 'sent', 'reaction_received', 'closed')",
            [request_id],
        )?;
        let mut prev: Option<Status> = None;
        let mut adopted_with: Option<Tenor> = None;
        for (id, status, tenor) in &steps {
            let Some(status) = Status::from_code(status) else {
                continue;
            };
            let tenor = tenor.as_deref().and_then(Tenor::from_code);
            let message = match prev {
                Some(Status::Adopted) if status == Status::Adopted && adopted_with != tenor => {
                    Some(format!(
                        "Twee leden hebben het advies vastgesteld, met een andere strekking ({} en {}). Kijk welke juist is en maak de andere ongedaan.",
                        adopted_with.map_or("geen", Tenor::label_nl),
                        tenor.map_or("geen", Tenor::label_nl)
                    ))
                }
                Some(p) if p != status && !p.can_go_to(status) => Some(format!(
                    "De stap ‘{}’ volgt op ‘{}’, wat niet kan: twee leden legden stappen vast zonder elkaars wijziging te hebben. Kijk het verloop na.",
                    status.label_nl(),
                    p.label_nl()
                )),
                Some(p) if p == status && status != Status::Received => Some(format!(
                    "De stap ‘{}’ staat twee keer in het verloop: twee leden legden hem vast zonder elkaars wijziging te hebben.",
                    status.label_nl()
                )),
                _ => None,
            };
            if let Some(m) = message {
                exec(&self.conn,
                    "INSERT OR REPLACE INTO sync_review (kind, request_id, record_id, message, noticed_at)
                     VALUES ('steps', ?1, ?2, ?3, ?4)",
                    params![request_id, id, m, now],
                )?;
            }
            if status == Status::Adopted {
                adopted_with = tenor;
            }
            prev = Some(status);
        }
        Ok(())
    }

    /// What a member should look at for a request after merging, in Dutch.
    pub fn list_reviews(&self, request_id: &RequestId) -> Result<Vec<String>> {
        let request_id = request_id.as_str();
        if self.member.is_none() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT message FROM sync_review WHERE request_id = ?1 ORDER BY kind, noticed_at, record_id",
        )?;
        let rows = stmt
            .query_map([request_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Writes one record's merged state into its table (or removes it). A record the table
    /// refuses is noted as a problem and left out, never half-written.
    fn project(
        &mut self,
        t: &Table,
        id: &str,
        doc: &str,
        fields: Option<&Fields>,
        known: &[String],
        had_problem: bool,
    ) -> Result<Projected> {
        let before = if t.name == "advice_section" && fields.is_some() {
            self.conn
                .prepare_cached("SELECT title, body FROM advice_section WHERE id = ?1")?
                .query_row([id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
                .optional()?
        } else {
            None
        };
        // One statement either way: one that fails undoes itself, and the failure is noted.
        let outcome = match fields {
            None => {
                let (sql, keys) = delete_sql(t, id);
                self.conn
                    .prepare_cached(&sql)
                    .and_then(|mut st| st.execute(rusqlite::params_from_iter(keys)))
                    .map(|_| None)
            }
            Some(f) => upsert(&self.conn, t, id, f, known).map(Some),
        }
        .map_err(|e| e.to_string());
        match outcome {
            Ok(written) => {
                if had_problem {
                    exec(
                        &self.conn,
                        "DELETE FROM sync_problem WHERE doc = ?1 AND table_name = ?2 AND record_id = ?3",
                        params![doc, t.name, id],
                    )?;
                }
                let edit = match (before, fields) {
                    (Some((title, body)), Some(f)) => {
                        self.keep_remote_revision(id, &title, &body, f)?
                    }
                    _ => None,
                };
                return Ok(Projected { edit, written });
            }
            Err(message) => {
                exec(&self.conn,
                    "INSERT INTO sync_problem (doc, table_name, record_id, message) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (doc, table_name, record_id) DO UPDATE SET message = excluded.message",
                    params![doc, t.name, id, message],
                )?;
            }
        }
        Ok(Projected::default())
    }

    /// Another member's edit of a section arrived: the history keeps it under their name, as
    /// it keeps this member's own, each member's first edit since the newest revision at once
    /// and a member's further edits at the usual interval.
    fn keep_remote_revision(
        &self,
        id: &str,
        old_title: &str,
        old_body: &str,
        f: &Fields,
    ) -> Result<Option<SectionEdit>> {
        let text = |k: &str| match f.get(k) {
            Some(Value::Text(s)) => s.as_str(),
            _ => "",
        };
        if text("title") == old_title && text("body") == old_body {
            return Ok(None);
        }
        let by = text("updated_by").to_owned();
        let newest: Option<(Stamp, String)> = self
            .conn
            .prepare_cached(
                "SELECT created_at, created_by FROM section_revision WHERE section_id = ?1
                 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row([id], |r| Ok((stamp(r, 0)?, r.get::<_, String>(1)?)))
            .optional()?;
        let cutoff = Stamp::at(
            self.clock().now()
                - chrono::Duration::minutes(advieswerk_domain::advice::REVISION_INTERVAL_MINUTES),
        );
        let due = newest.is_none_or(|(at, who)| who != by || at < cutoff);
        if due {
            crate::advice::snapshot(
                &self.conn,
                id,
                advieswerk_domain::advice::RevisionReason::Interval,
                &self.now_stamp(),
                &by,
            )?;
        }
        Ok(Some(SectionEdit {
            section_id: id.to_owned(),
            request_id: text("request_id").to_owned(),
            title: text("title").to_owned(),
            by,
        }))
    }

    /// An edit of a section that arrived while its advice is adopted was made before the
    /// adoption reached that member (nobody can edit an adopted text): it is merged and kept as
    /// a revision under their name, and flagged so the council checks the adopted text.
    fn review_locked_edit(&self, edit: &SectionEdit, now: &str) -> Result<()> {
        let status: Option<String> = self
            .conn
            .prepare_cached("SELECT status FROM advice_request WHERE id = ?1")?
            .query_row([&edit.request_id], |r| r.get(0))
            .optional()?;
        let locked = status
            .as_deref()
            .and_then(advieswerk_domain::status::Status::from_code)
            .is_some_and(advieswerk_domain::advice::is_locked);
        if !locked {
            return Ok(());
        }
        let who = if edit.by.is_empty() {
            "Een ander lid".to_owned()
        } else {
            edit.by.clone()
        };
        exec(
            &self.conn,
            "INSERT OR REPLACE INTO sync_review (kind, request_id, record_id, message, noticed_at)
             VALUES ('locked_edit', ?1, ?2, ?3, ?4)",
            params![
                edit.request_id,
                edit.section_id,
                format!(
                    "{who} wijzigde ‘{}’ voordat de vaststelling daar binnen was. De wijziging staat \
                     in de tekst en is als versie bewaard; kijk of de vastgestelde tekst nog klopt, \
                     of heropen het advies.",
                    edit.title
                ),
                now
            ],
        )?;
        Ok(())
    }

    fn read_record(&self, t: &Table, id: &str) -> Result<Option<Fields>> {
        let (where_sql, keys) = key_where(t, id);
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT * FROM {} WHERE {where_sql}", t.name))?;
        let names: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let mut rows = stmt.query(rusqlite::params_from_iter(keys))?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        let mut fields = Fields::new();
        for (i, name) in names.iter().enumerate() {
            if t.local.contains(&name.as_str()) {
                continue;
            }
            let v = match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Real(x) => Value::Real(x),
                ValueRef::Text(s) => Value::Text(String::from_utf8_lossy(s).into_owned()),
                ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
            };
            fields.insert(name.clone(), v);
        }
        Ok(Some(fields))
    }
}

/// The member name of this installation's space, if it shares.
/// (A database opened with an older list of migrations, in their tests, has no such table.)
pub(crate) fn space_member(conn: &rusqlite::Connection) -> rusqlite::Result<Option<String>> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_space')",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        return Ok(None);
    }
    conn.query_row("SELECT member FROM sync_space WHERE id = 1", [], |r| {
        r.get(0)
    })
    .optional()
}

/// Runs a statement through the connection's statement cache: a round runs the same few
/// statements for each of thousands of records.
pub(crate) fn exec<P: rusqlite::Params>(
    conn: &rusqlite::Connection,
    sql: &str,
    params: P,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

pub(crate) fn sync_error(e: advieswerk_sync::Error) -> crate::Error {
    crate::Error::Io(std::io::Error::other(e.to_string()))
}

fn key_expr(t: &Table) -> String {
    t.key.join(" || '/' || ")
}

fn key_where(t: &Table, id: &str) -> (String, Vec<String>) {
    let parts: Vec<String> = if t.key.len() == 1 {
        vec![id.to_owned()]
    } else {
        id.splitn(t.key.len(), '/').map(str::to_owned).collect()
    };
    let sql = t
        .key
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{k} = ?{}", i + 1))
        .collect::<Vec<_>>()
        .join(" AND ");
    (sql, parts)
}

fn delete_sql(t: &Table, id: &str) -> (String, Vec<String>) {
    let (w, keys) = key_where(t, id);
    (format!("DELETE FROM {} WHERE {w}", t.name), keys)
}

/// Column names of a table, to keep a document's fields to what the table has.
fn columns(conn: &rusqlite::Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    stmt.query_map([], |r| r.get(0))?.collect()
}

fn sql_value(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Int(n) => rusqlite::types::Value::Integer(*n),
        Value::Real(x) => rusqlite::types::Value::Real(*x),
        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
        Value::Bytes(b) => rusqlite::types::Value::Blob(b.clone()),
    }
}

fn value_to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Int(n) => (*n).into(),
        Value::Real(x) => (*x).into(),
        Value::Text(s) => s.clone().into(),
        Value::Bytes(b) => b.clone().into(),
    }
}

fn value_from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Value::Int)
            .unwrap_or_else(|| Value::Real(n.as_f64().unwrap_or_default())),
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Array(a) => Value::Bytes(
            a.iter()
                .map(|b| b.as_u64().unwrap_or_default() as u8)
                .collect(),
        ),
        _ => Value::Null,
    }
}

fn writes_from_json(s: &str) -> Vec<FieldWrite> {
    let parsed: Vec<serde_json::Value> = serde_json::from_str(s).unwrap_or_default();
    parsed
        .iter()
        .map(|w| FieldWrite {
            value: value_from_json(&w["value"]),
            member: w["member"].as_str().unwrap_or_default().to_owned(),
            at_unix: w["at_unix"].as_i64().unwrap_or_default(),
        })
        .collect()
}

/// What projecting one record did.
#[derive(Default)]
struct Projected {
    /// What went into the row (`None` when it was removed, or could not be written).
    written: Option<Written>,
    /// Another member's edit of a section's text, to be held against its lock.
    edit: Option<SectionEdit>,
}

/// What `upsert` wrote: a new row, or the columns of an existing one that differed.
enum Written {
    Row,
    Columns(Vec<String>),
}

impl Written {
    fn touches(&self, columns: &[&str]) -> bool {
        match self {
            Written::Row => true,
            Written::Columns(cs) => cs.iter().any(|c| columns.contains(&c.as_str())),
        }
    }
}

fn upsert(
    conn: &rusqlite::Connection,
    t: &Table,
    id: &str,
    f: &Fields,
    known: &[String],
) -> rusqlite::Result<Written> {
    // A record's fields are the table's columns but for a document written by another version.
    let cols: Vec<&str> = f
        .keys()
        .map(String::as_str)
        .filter(|c| known.iter().any(|k| k == c) && !t.local.contains(c))
        .collect();
    let (key_sql, keys) = key_where(t, id);
    let offset = keys.len();
    // Only what differs is written: rewriting equal columns still updates the indexes on them
    // and fires the table's triggers, for each of the thousand records a round may touch.
    let current: Option<Vec<rusqlite::types::Value>> = conn
        .prepare_cached(&format!(
            "SELECT {} FROM {} WHERE {key_sql}",
            if cols.is_empty() { "1" } else { "" }.to_owned() + &cols.join(", "),
            t.name
        ))?
        .query_row(rusqlite::params_from_iter(&keys), |r| {
            (0..cols.len()).map(|i| r.get(i)).collect()
        })
        .optional()?;
    let Some(current) = current else {
        let placeholders = (1..=cols.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({placeholders})",
            t.name,
            cols.join(", ")
        );
        conn.prepare_cached(&sql)?
            .execute(rusqlite::params_from_iter(
                cols.iter().map(|c| sql_value(&f[*c])),
            ))?;
        return Ok(Written::Row);
    };
    let changed: Vec<(&str, rusqlite::types::Value)> = cols
        .iter()
        .zip(current)
        .map(|(c, now)| (*c, sql_value(&f[*c]), now))
        .filter(|(c, new, now)| !t.key.contains(c) && new != now)
        .map(|(c, new, _)| (c, new))
        .collect();
    if changed.is_empty() {
        return Ok(Written::Columns(Vec::new()));
    }
    let mut sets: Vec<String> = changed
        .iter()
        .enumerate()
        .map(|(i, (c, _))| format!("{c} = ?{}", offset + i + 1))
        .collect();
    if t.local.contains(&"version") {
        sets.push("version = version + 1".into());
    }
    let sql = format!("UPDATE {} SET {} WHERE {key_sql}", t.name, sets.join(", "));
    let columns = changed.iter().map(|(c, _)| (*c).to_owned()).collect();
    let values = keys
        .into_iter()
        .map(rusqlite::types::Value::Text)
        .chain(changed.into_iter().map(|(_, v)| v));
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values))?;
    Ok(Written::Columns(columns))
}
