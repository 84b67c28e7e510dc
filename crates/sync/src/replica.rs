//! A council's records as Loro documents. A document holds tables; a table is a map from a
//! record's id to a map of its fields. Each record map is a *mergeable* container (its id comes
//! from table and record id), so two members who touch the same record while apart write into
//! one map, never two that overwrite each other. Fields merge last-writer-wins, each on its own;
//! long texts (an advice section's body) are Loro texts, so concurrent edits inside one
//! paragraph both survive. A removed record keeps its map with `_removed` set: a late edit made
//! elsewhere cannot bring it back.

use std::collections::{BTreeMap, BTreeSet};

use std::collections::HashMap;

use loro::{
    ContainerID, ExportMode, Frontiers, ID, IdSpan, Index, JsonChange, JsonMapOp, JsonOpContent,
    LoroDoc, LoroMap, LoroText, LoroValue, ValueOrContainer, VersionVector,
};

use crate::error::Result;

const REMOVED: &str = "_removed";

/// One field's value, as SQLite knows them.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bytes(Vec<u8>),
}

pub type Fields = BTreeMap<String, Value>;

/// Which record changed: table and id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordKey {
    pub table: String,
    pub id: String,
}

/// One member's write of a field: the value, who wrote it and when (seconds since 1970, UTC).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldWrite {
    pub value: Value,
    pub member: String,
    pub at_unix: i64,
}

/// Where a field stands after an import that touched it: `writes` holds the writes no other
/// write has seen. Two or more with different values means members set the field while apart
/// and nobody has chosen yet; one means the field is settled.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldState {
    pub key: RecordKey,
    pub field: String,
    pub writes: Vec<FieldWrite>,
}

impl FieldState {
    pub fn is_conflict(&self) -> bool {
        self.writes.iter().any(|w| w.value != self.writes[0].value)
    }
}

/// What an import changed: the records whose visible state changed, and the fields that were
/// written (settled or set side by side).
#[derive(Debug, Default)]
pub struct Imported {
    pub records: BTreeSet<RecordKey>,
    pub fields: Vec<FieldState>,
}

/// One shared document.
pub struct Doc {
    doc: LoroDoc,
}

impl Default for Doc {
    fn default() -> Self {
        Doc::new()
    }
}

impl Doc {
    /// An empty document with a fresh random peer id: Loro's own default, never reused on two
    /// devices or two processes.
    pub fn new() -> Doc {
        let doc = LoroDoc::new();
        // Commits of one save stay one change; no merging of a member's separate saves, so the
        // history can say who made each.
        doc.set_change_merge_interval(0);
        Doc::wrap(doc)
    }

    /// A document around a Loro document (a fork at an earlier version, for instance).
    pub(crate) fn wrap(doc: LoroDoc) -> Doc {
        let d = Doc { doc };
        d.configure_marks();
        d
    }

    pub(crate) fn loro(&self) -> &LoroDoc {
        &self.doc
    }

    /// A document from what the store kept: its last snapshot and the updates since.
    pub fn load(snapshot: Option<&[u8]>, updates: &[Vec<u8>]) -> Result<Doc> {
        let d = Doc::new();
        if let Some(s) = snapshot {
            d.doc.import(s)?;
        }
        if !updates.is_empty() {
            d.doc.import_batch(updates)?;
        }
        Ok(d)
    }

    /// Writes a record's fields, each only if it differs (Loro records no op for an equal
    /// value), texts in `text_fields` as edits of whole words. Fields not named are left as they are.
    /// Returns the scalar fields it wrote.
    pub fn put(
        &self,
        table: &str,
        id: &str,
        fields: &Fields,
        text_fields: &[&str],
    ) -> Result<Vec<String>> {
        let rec = self.record_map(table, id)?;
        let mut written = Vec::new();
        for (name, value) in fields {
            match value {
                Value::Text(s) if text_fields.contains(&name.as_str()) => {
                    let text = rec.ensure_mergeable_text(name)?;
                    if text.to_string() != *s {
                        update_text(&text, s)?;
                    }
                }
                v => {
                    if rec.get(name).and_then(scalar).as_ref() != Some(v) {
                        rec.insert(name, to_loro(v))?;
                        written.push(name.clone());
                    }
                }
            }
        }
        if matches!(
            rec.get(REMOVED),
            Some(ValueOrContainer::Value(LoroValue::Bool(true)))
        ) {
            rec.insert(REMOVED, false)?;
        }
        Ok(written)
    }

    /// Writes a field even when it already holds `value`: a member's choice between values
    /// set side by side must reach the others as a write that has seen them all.
    pub fn settle(&self, table: &str, id: &str, field: &str, value: &Value) -> Result<()> {
        let rec = self.record_map(table, id)?;
        rec.delete(field)?;
        rec.insert(field, to_loro(value))?;
        Ok(())
    }

    /// Marks a record removed (a removal wins over edits made elsewhere at the same time).
    pub fn remove(&self, table: &str, id: &str) -> Result<()> {
        let rec = self.record_map(table, id)?;
        rec.insert(REMOVED, true)?;
        Ok(())
    }

    /// Closes the current change, stamped with the time given (seconds since 1970, UTC) and a
    /// message naming the member, so history can tell who did what.
    pub fn commit(&self, at_unix: i64, member: &str) {
        self.doc.set_next_commit_timestamp(at_unix);
        if !member.is_empty() {
            self.doc.set_next_commit_message(member);
        }
        self.doc.commit();
    }

    /// A record's fields, or `None` when it is unknown or removed.
    pub fn get(&self, table: &str, id: &str) -> Option<Fields> {
        let tables = self.doc.get_map(table);
        let Some(ValueOrContainer::Container(loro::Container::Map(rec))) = tables.get(id) else {
            return None;
        };
        record_fields(&rec)
    }

    /// Every record of a table that is not removed, by id.
    pub fn records(&self, table: &str) -> BTreeMap<String, Fields> {
        let mut out = BTreeMap::new();
        self.doc.get_map(table).for_each(|id, v| {
            if let ValueOrContainer::Container(loro::Container::Map(rec)) = v
                && let Some(f) = record_fields(&rec)
            {
                out.insert(id.to_string(), f);
            }
        });
        out
    }

    /// Imports updates or snapshots from other members, in any order and with duplicates;
    /// changes whose predecessors are missing wait inside Loro until those arrive. Returns the
    /// records whose visible state changed and where the fields the new changes wrote stand.
    /// A first import (an empty document: a join) reports only the fields still set side by
    /// side: nothing was set here.
    pub fn import(&self, blobs: &[Vec<u8>]) -> Result<Imported> {
        let before = self.doc.state_frontiers();
        let before_vv = self.doc.oplog_vv();
        if before_vv.is_empty() {
            self.doc.import_batch(blobs)?;
        } else {
            // Into a document with a state, Loro's batch import detaches and checks out the
            // whole state again: 1 s for 12 small updates to a council of 12,500 requests, where
            // importing them one after another took 80 ms.
            for b in blobs {
                self.doc.import(b)?;
            }
        }
        let after = self.doc.state_frontiers();
        if before == after {
            return Ok(Imported::default());
        }
        // The containers the new changes touched: far cheaper than diffing the two states.
        let spans = self.doc.find_id_spans_between(&before, &after);
        let mut records = BTreeSet::new();
        for (peer, span) in spans.forward.iter() {
            let id = ID::new(*peer, span.start);
            let len = (span.end - span.start).max(0) as usize;
            for cid in self.doc.get_changed_containers_in(id, len) {
                if let Some(key) = self.record_of(&cid) {
                    records.insert(key);
                }
            }
        }
        let fields = if before_vv.is_empty() {
            // A join: nothing was set here, but fields two others set side by side and nobody
            // settled yet are in the history, and the joiner must see them as they do.
            self.field_states(&before_vv, self.seen_by_every_other_peer())
                .into_iter()
                .filter(FieldState::is_conflict)
                .collect()
        } else {
            match self.oldest_knowledge(&spans) {
                Some(known) => self.field_states(&before_vv, known),
                None => Vec::new(),
            }
        };
        Ok(Imported { records, fields })
    }

    /// For every field a change not in `before` wrote: the writes to it that no other write
    /// has seen. Only changes after `known` are searched: the oldest knowledge among the new
    /// changes (nothing older can stand beside them), or for a first import what every other
    /// peer had seen of each peer.
    fn field_states(&self, before: &VersionVector, known: VersionVector) -> Vec<FieldState> {
        let mut paths: HashMap<ContainerID, Option<RecordKey>> = HashMap::new();
        let mut writes: BTreeMap<(RecordKey, String), Vec<Write>> = BTreeMap::new();
        for (peer, end) in self.doc.oplog_vv().iter() {
            let start = known.get(peer).copied().unwrap_or(0);
            if start >= *end {
                continue;
            }
            for change in self
                .doc
                .export_json_in_id_span(IdSpan::new(*peer, start, *end))
            {
                self.collect_writes(&change, &mut paths, &mut writes);
            }
        }
        let mut out = Vec::new();
        for ((key, field), ws) in writes {
            if !ws.iter().any(|w| !before.includes_id(w.id)) {
                continue;
            }
            let standing: Vec<FieldWrite> = ws
                .iter()
                .filter(|w| !ws.iter().any(|o| o.id != w.id && o.knows(w.id)))
                .map(|w| w.write.clone())
                .collect();
            out.push(FieldState {
                key,
                field,
                writes: standing,
            });
        }
        out
    }

    /// Per peer, how much of it every other peer's first change had seen. Two writes that
    /// stand side by side come from two peers, and neither saw the other, so each lies at or
    /// after this point: the bulk a council was shared with (or a document only one member
    /// ever wrote) is passed over, which keeps a join's search for open conflicts short.
    fn seen_by_every_other_peer(&self) -> VersionVector {
        let all = self.doc.oplog_vv();
        let mut floor = all.clone();
        for (q, _) in all.iter() {
            let Some(first) = self.doc.get_change(ID::new(*q, 0)) else {
                // No first change to read (never so for a full snapshot): search everything.
                return VersionVector::default();
            };
            let knew = self.doc.frontiers_to_vv(&first.deps).unwrap_or_default();
            for (p, end) in all.iter() {
                if p != q {
                    let k = knew.get(p).copied().unwrap_or(0).min(*end);
                    if floor.get(p).is_none_or(|f| k < *f) {
                        floor.insert(*p, k);
                    }
                }
            }
        }
        floor
    }

    /// The version every new change knew: the least, peer by peer, of what each new change
    /// depended on.
    fn oldest_knowledge(&self, new: &loro::VersionVectorDiff) -> Option<VersionVector> {
        let mut known: Option<VersionVector> = None;
        for (peer, span) in new.forward.iter() {
            let mut counter = span.start;
            while counter < span.end {
                let change = self.doc.get_change(ID::new(*peer, counter))?;
                let mut vv = self.doc.frontiers_to_vv(&change.deps)?;
                vv.extend_to_include_last_id(ID::new(*peer, change.id.counter - 1));
                known = Some(match known {
                    None => vv,
                    Some(k) => {
                        let mut least = VersionVector::default();
                        for (p, c) in k.iter() {
                            least.insert(*p, (*c).min(vv.get(p).copied().unwrap_or(0)));
                        }
                        least
                    }
                });
                counter = change.id.counter + change.len.max(1) as i32;
            }
        }
        known
    }

    fn collect_writes(
        &self,
        change: &JsonChange,
        paths: &mut HashMap<ContainerID, Option<RecordKey>>,
        writes: &mut BTreeMap<(RecordKey, String), Vec<Write>>,
    ) {
        let mut deps: Option<VersionVector> = None;
        for op in &change.ops {
            let JsonOpContent::Map(m) = &op.content else {
                continue;
            };
            let (field, value) = match m {
                JsonMapOp::Insert { key, value } => (key, value),
                JsonMapOp::Delete { key } => (key, &LoroValue::Null),
            };
            if field.starts_with('_') || matches!(value, LoroValue::Container(_)) {
                continue;
            }
            let key = paths
                .entry(op.container.clone())
                .or_insert_with(|| self.record_map_key(&op.container))
                .clone();
            let Some(key) = key else { continue };
            let deps = deps
                .get_or_insert_with(|| {
                    self.doc
                        .frontiers_to_vv(&Frontiers::from(change.deps.clone()))
                        .unwrap_or_default()
                })
                .clone();
            writes.entry((key, field.clone())).or_default().push(Write {
                id: ID::new(change.id.peer, op.counter),
                deps,
                write: FieldWrite {
                    value: scalar_value(value),
                    member: change.msg.clone().unwrap_or_default(),
                    at_unix: change.timestamp,
                },
            });
        }
    }

    /// The record a container is the field map of (not a text inside it).
    fn record_map_key(&self, cid: &ContainerID) -> Option<RecordKey> {
        if let Some(key) = mergeable_record(cid) {
            return Some(key);
        }
        let path = self.doc.get_path_to_container(cid)?;
        if path.len() != 2 {
            return None;
        }
        self.record_by_path(cid)
    }

    /// The record a container belongs to: its field map, or a text inside it.
    fn record_of(&self, cid: &ContainerID) -> Option<RecordKey> {
        record_of_id(cid).or_else(|| self.record_by_path(cid))
    }

    fn record_by_path(&self, cid: &ContainerID) -> Option<RecordKey> {
        let path = self.doc.get_path_to_container(cid)?;
        // Each step is (container, its key in its parent): the table's root map, then the
        // record's map under its id, then perhaps a text under its field name.
        let (loro::ContainerID::Root { name, .. }, _) = path.first()? else {
            return None;
        };
        let (_, Index::Key(id)) = path.get(1)? else {
            return None;
        };
        Some(RecordKey {
            table: name.to_string(),
            id: id.to_string(),
        })
    }

    /// Whether changes wait inside Loro for predecessors that have not arrived. Those live in
    /// memory only: a file that brought them must be read again until they are applied.
    pub fn has_pending(&self) -> bool {
        matches!(self.doc.export_pending_updates(), Ok(Some(_)))
    }

    /// Everything this document has that `since` (an encoded version, or none) lacks.
    pub fn export_since(&self, since: Option<&[u8]>) -> Result<Vec<u8>> {
        let vv = match since {
            Some(b) => VersionVector::decode(b)?,
            None => VersionVector::default(),
        };
        Ok(self.doc.export(ExportMode::updates(&vv))?)
    }

    pub fn snapshot(&self) -> Result<Vec<u8>> {
        Ok(self.doc.export(ExportMode::Snapshot)?)
    }

    /// This document's version, encoded, to be given back to `export_since`.
    pub fn version(&self) -> Vec<u8> {
        self.doc.oplog_vv().encode()
    }

    /// Whether `version` (from `version`) already holds everything this document has.
    pub fn covered_by(&self, version: Option<&[u8]>) -> bool {
        let Some(v) = version.and_then(|b| VersionVector::decode(b).ok()) else {
            return self.doc.oplog_vv().is_empty();
        };
        self.doc.oplog_vv() <= v
    }

    /// The whole visible content, for comparing replicas in tests.
    pub fn value(&self) -> serde_json::Value {
        serde_json::to_value(self.doc.get_deep_value()).unwrap_or_default()
    }

    fn record_map(&self, table: &str, id: &str) -> Result<LoroMap> {
        Ok(self.doc.get_map(table).ensure_mergeable_map(id)?)
    }
}

/// The record whose field map `cid` is, read from the id itself: a record's map is a mergeable
/// child of its table's root map, and its id names both. Asking the document for the path
/// instead checks the marker in each parent slot on the way: a tenth of a day's take-in.
fn mergeable_record(cid: &ContainerID) -> Option<RecordKey> {
    let (table, id, loro::ContainerType::Map) = cid.parse_mergeable()? else {
        return None;
    };
    match &table {
        ContainerID::Root { name, .. } if !table.is_mergeable() => Some(RecordKey {
            table: name.to_string(),
            id,
        }),
        _ => None,
    }
}

/// The record of a field map or of a text field (a mergeable child of the field map), read
/// from the id; `None` for anything else, which is then asked of the document.
fn record_of_id(cid: &ContainerID) -> Option<RecordKey> {
    mergeable_record(cid).or_else(|| mergeable_record(&cid.parse_mergeable()?.0))
}

/// A field write found in the history, with what its change had seen.
struct Write {
    id: ID,
    deps: VersionVector,
    write: FieldWrite,
}

impl Write {
    /// Whether this write came after `other` (saw it when it was made).
    fn knows(&self, other: ID) -> bool {
        (other.peer == self.id.peer && other.counter < self.id.counter)
            || self.deps.includes_id(other)
    }
}

/// Merges two edits of one text made from the same `base`, as Loro merges concurrent edits:
/// both survive, each where it was made.
pub fn merge_texts(base: &str, ours: &str, theirs: &str) -> Result<String> {
    if ours == base {
        return Ok(theirs.to_owned());
    }
    if theirs == base || theirs == ours {
        return Ok(ours.to_owned());
    }
    let a = LoroDoc::new();
    a.get_text("t").insert(0, base)?;
    a.commit();
    let b = a.fork();
    update_text(&a.get_text("t"), theirs)?;
    a.commit();
    update_text(&b.get_text("t"), ours)?;
    b.commit();
    a.import(&b.export(ExportMode::updates(&a.oplog_vv()))?)?;
    Ok(a.get_text("t").to_string())
}

pub(crate) fn update_text_pub(text: &LoroText, s: &str) -> Result<()> {
    update_text(text, s)
}

/// Makes `text` read `s` with edits of whole words: a word typed in goes in as one run, which
/// Loro keeps together whatever another member types at the same place. A diff by characters
/// may anchor part of a new word on a letter that was there already ("m" of a neighbour), and
/// another member's words typed right after that letter then land inside it.
fn update_text(text: &LoroText, s: &str) -> Result<()> {
    let old = text.to_string();
    if old == s {
        return Ok(());
    }
    // On a huge change the diff stops early and gives a coarser, still correct answer.
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .timeout(std::time::Duration::from_millis(500))
        .diff_words(old.as_str(), s);
    // In the text's order: each run of deletions and insertions between two unchanged words
    // becomes one delete and one insert at the current position (in characters).
    let mut at = 0;
    let mut gone = 0;
    let mut added = String::new();
    let flush = |at: &mut usize, gone: &mut usize, added: &mut String| -> Result<()> {
        if *gone > 0 {
            text.delete(*at, *gone)?;
            *gone = 0;
        }
        if !added.is_empty() {
            text.insert(*at, added)?;
            *at += added.chars().count();
            added.clear();
        }
        Ok(())
    };
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Equal => {
                flush(&mut at, &mut gone, &mut added)?;
                at += change.value().chars().count();
            }
            similar::ChangeTag::Delete => gone += change.value().chars().count(),
            similar::ChangeTag::Insert => added.push_str(change.value()),
        }
    }
    flush(&mut at, &mut gone, &mut added)
}

fn record_fields(rec: &LoroMap) -> Option<Fields> {
    let mut fields = Fields::new();
    let mut removed = false;
    rec.for_each(|k, v| {
        if k == REMOVED {
            removed = matches!(v, ValueOrContainer::Value(LoroValue::Bool(true)));
            return;
        }
        let value = match v {
            ValueOrContainer::Container(loro::Container::Text(t)) => {
                Some(Value::Text(t.to_string()))
            }
            other => scalar(other),
        };
        if let Some(value) = value {
            fields.insert(k.to_string(), value);
        }
    });
    (!removed).then_some(fields)
}

fn scalar(v: ValueOrContainer) -> Option<Value> {
    match v {
        ValueOrContainer::Value(v) => match v {
            LoroValue::Null => Some(Value::Null),
            LoroValue::Bool(b) => Some(Value::Int(b as i64)),
            LoroValue::I64(i) => Some(Value::Int(i)),
            LoroValue::Double(d) => Some(Value::Real(d)),
            LoroValue::String(s) => Some(Value::Text(s.to_string())),
            LoroValue::Binary(b) => Some(Value::Bytes(b.to_vec())),
            _ => None,
        },
        ValueOrContainer::Container(loro::Container::Text(t)) => Some(Value::Text(t.to_string())),
        _ => None,
    }
}

fn scalar_value(v: &LoroValue) -> Value {
    scalar(ValueOrContainer::Value(v.clone())).unwrap_or(Value::Null)
}

fn to_loro(v: &Value) -> LoroValue {
    match v {
        Value::Null => LoroValue::Null,
        Value::Int(i) => LoroValue::I64(*i),
        Value::Real(d) => LoroValue::Double(*d),
        Value::Text(s) => LoroValue::String(s.clone().into()),
        Value::Bytes(b) => LoroValue::Binary(b.clone().into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, Value)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn sync(a: &Doc, b: &Doc) -> (BTreeSet<RecordKey>, BTreeSet<RecordKey>) {
        let (ab, ba) = exchange(a, b);
        (ab.records, ba.records)
    }

    /// Each takes the other's changes: what `b` got, what `a` got.
    fn exchange(a: &Doc, b: &Doc) -> (Imported, Imported) {
        let ab = a.export_since(None).unwrap();
        let ba = b.export_since(None).unwrap();
        (b.import(&[ab]).unwrap(), a.import(&[ba]).unwrap())
    }

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn state<'a>(i: &'a Imported, field: &str) -> Option<&'a FieldState> {
        i.fields.iter().find(|f| f.field == field)
    }

    #[test]
    fn words_members_type_in_one_paragraph_while_apart_each_stay_whole() {
        // Three members typing look-alike words (as the markers of the long convergence run)
        // into one paragraph and deleting others' plain words, exchanging now and then.
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let body = |d: &Doc| match d.get("s", "x").and_then(|mut f| f.remove("body")) {
            Some(Value::Text(t)) => t,
            other => panic!("the body is a text: {other:?}"),
        };
        for run in 0..300 {
            let first = Doc::new();
            let base = "De raad vraagt het college om de toegang voor inwoners te verbeteren.";
            first
                .put("s", "x", &fields(&[("body", text(base))]), &["body"])
                .unwrap();
            first.commit(1, "lid");
            let members: Vec<Doc> = (0..3)
                .map(|_| Doc::load(None, &[first.export_since(None).unwrap()]).unwrap())
                .collect();
            let mut typed = Vec::new();
            for step in 0..12 {
                for (i, m) in members.iter().enumerate() {
                    let mut words: Vec<String> = body(m).split(' ').map(str::to_owned).collect();
                    if next(3) == 0 {
                        let plain: Vec<usize> = (0..words.len())
                            .filter(|&k| !words[k].contains('x'))
                            .collect();
                        if plain.len() > 3 {
                            words.remove(plain[next(plain.len())]);
                        }
                    } else {
                        // Ended by a letter, so one marker is never found inside another.
                        let w = format!("m{i}x{step}y");
                        words.insert(next(words.len() + 1), w.clone());
                        typed.push(w);
                    }
                    m.put(
                        "s",
                        "x",
                        &fields(&[("body", text(&words.join(" ")))]),
                        &["body"],
                    )
                    .unwrap();
                    m.commit(step as i64, "lid");
                }
                let (i, j) = (next(3), next(3));
                if i != j {
                    exchange(&members[i], &members[j]);
                }
            }
            for (i, j) in [(0, 1), (1, 2), (0, 2)] {
                exchange(&members[i], &members[j]);
            }
            let merged = body(&members[0]);
            // A word may come to stand against a neighbour whose space another member deleted,
            // but its own letters stay together.
            for w in &typed {
                assert!(
                    merged.contains(w.as_str()),
                    "run {run}: {w} split in {merged:?}"
                );
            }
            assert!(members.iter().all(|m| body(m) == merged), "run {run}");
        }
    }

    #[test]
    fn a_records_key_read_from_a_container_id_is_the_one_its_path_in_the_document_gives() {
        let a = Doc::new();
        let b = Doc::new();
        for (doc, who) in [(&a, "Anna"), (&b, "Bert")] {
            doc.put(
                "advice_request",
                "r-1",
                &fields(&[("subject", text(who)), ("notes", text("eerste"))]),
                &["notes"],
            )
            .unwrap();
            // Ids with the characters Loro escapes in a mergeable container's name.
            doc.put(
                "advice_section",
                "s/1>x\\y",
                &fields(&[("body", text("tekst")), ("title", text("A"))]),
                &["body"],
            )
            .unwrap();
            doc.commit(100, who);
        }
        exchange(&a, &b);
        let mut records = BTreeSet::new();
        let (mut from_id, mut others) = (0, 0);
        for (peer, end) in a.doc.oplog_vv().iter() {
            for cid in a
                .doc
                .get_changed_containers_in(ID::new(*peer, 0), *end as usize)
            {
                let by_path = a.record_by_path(&cid);
                if let Some(key) = record_of_id(&cid) {
                    assert_eq!(Some(key), by_path, "{cid:?}");
                    from_id += 1;
                }
                assert_eq!(a.record_of(&cid), by_path, "{cid:?}");
                match by_path {
                    Some(k) => {
                        records.insert(k);
                    }
                    None => others += 1,
                }
            }
        }
        let ids: Vec<&str> = records.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(ids, ["r-1", "s/1>x\\y"]);
        assert_eq!(
            from_id, 8,
            "two field maps and two texts in each member's changes"
        );
        assert!(others >= 2, "the tables' root maps are no records");
    }

    #[test]
    fn a_field_two_members_set_while_apart_stands_side_by_side_on_both_until_one_chooses() {
        let a = Doc::new();
        a.put(
            "r",
            "x",
            &fields(&[("subject", text("Wmo")), ("due", text("2027-01-01"))]),
            &[],
        )
        .unwrap();
        a.commit(100, "Anna");
        let b = Doc::load(None, &[a.export_since(None).unwrap()]).unwrap();
        a.put("r", "x", &fields(&[("subject", text("Wmo 2027"))]), &[])
            .unwrap();
        a.commit(200, "Anna");
        b.put("r", "x", &fields(&[("subject", text("Wmo-beleid"))]), &[])
            .unwrap();
        b.put("r", "x", &fields(&[("due", text("2027-02-01"))]), &[])
            .unwrap();
        b.commit(300, "Bert");
        let (at_b, at_a) = exchange(&a, &b);
        for got in [&at_a, &at_b] {
            let s = state(got, "subject").expect("subject was written");
            assert!(s.is_conflict(), "{s:?}");
            let mut seen: Vec<(String, Value, i64)> = s
                .writes
                .iter()
                .map(|w| (w.member.clone(), w.value.clone(), w.at_unix))
                .collect();
            seen.sort_by(|x, y| x.0.cmp(&y.0));
            assert_eq!(
                seen,
                vec![
                    ("Anna".into(), text("Wmo 2027"), 200),
                    ("Bert".into(), text("Wmo-beleid"), 300)
                ]
            );
        }
        // Only Bert set the date: no conflict there, wherever it is reported.
        for got in [&at_a, &at_b] {
            assert!(state(got, "due").is_none_or(|s| !s.is_conflict()));
        }
        // Anna chooses her own value again; Bert takes the choice in and the field is settled.
        a.settle("r", "x", "subject", &text("Wmo 2027")).unwrap();
        a.commit(400, "Anna");
        let got = b
            .import(&[a.export_since(Some(&b.version())).unwrap()])
            .unwrap();
        let s = state(&got, "subject").expect("the choice is a write");
        assert!(!s.is_conflict());
        assert_eq!(s.writes.len(), 1);
        assert_eq!(b.get("r", "x").unwrap()["subject"], text("Wmo 2027"));
    }

    #[test]
    fn a_field_set_after_seeing_the_other_members_value_is_no_conflict() {
        let a = Doc::new();
        a.put("r", "x", &fields(&[("subject", text("Wmo"))]), &[])
            .unwrap();
        a.commit(1, "Anna");
        let b = Doc::load(None, &[a.export_since(None).unwrap()]).unwrap();
        b.put("r", "x", &fields(&[("subject", text("Wmo 2027"))]), &[])
            .unwrap();
        b.commit(2, "Bert");
        let got = a
            .import(&[b.export_since(Some(&a.version())).unwrap()])
            .unwrap();
        let s = state(&got, "subject").unwrap();
        assert!(!s.is_conflict());
        assert_eq!(s.writes[0].member, "Bert");
        // The same value set by both while apart is no conflict either.
        a.put("r", "x", &fields(&[("subject", text("Jeugd"))]), &[])
            .unwrap();
        a.commit(3, "Anna");
        b.put("r", "x", &fields(&[("subject", text("Jeugd"))]), &[])
            .unwrap();
        b.commit(3, "Bert");
        let (at_b, _) = exchange(&a, &b);
        assert!(!state(&at_b, "subject").unwrap().is_conflict());
    }

    #[test]
    fn concurrent_edits_inside_one_paragraph_both_survive() {
        let a = Doc::new();
        let body = "De raad adviseert het college om de toegang te verbeteren.";
        a.put(
            "s",
            "1",
            &fields(&[("body", Value::Text(body.into()))]),
            &["body"],
        )
        .unwrap();
        a.commit(0, "Anna");
        let b = Doc::load(None, &[a.export_since(None).unwrap()]).unwrap();
        a.put(
            "s",
            "1",
            &fields(&[(
                "body",
                Value::Text(body.replace("de toegang", "de digitale toegang")),
            )]),
            &["body"],
        )
        .unwrap();
        a.commit(1, "Anna");
        b.put(
            "s",
            "1",
            &fields(&[(
                "body",
                Value::Text(body.replace("verbeteren.", "verbeteren, vóór 2028.")),
            )]),
            &["body"],
        )
        .unwrap();
        b.commit(1, "Bert");
        let (changed_b, _) = sync(&a, &b);
        let merged = a.get("s", "1").unwrap()["body"].clone();
        assert_eq!(b.get("s", "1").unwrap()["body"], merged);
        assert_eq!(
            merged,
            Value::Text(
                "De raad adviseert het college om de digitale toegang te verbeteren, vóór 2028."
                    .into()
            )
        );
        assert!(changed_b.contains(&RecordKey {
            table: "s".into(),
            id: "1".into()
        }));
    }

    #[test]
    fn fields_merge_each_on_its_own_and_a_record_made_twice_is_one() {
        let a = Doc::new();
        let b = Doc::new();
        a.put(
            "r",
            "x",
            &fields(&[("subject", Value::Text("Wmo".into()))]),
            &[],
        )
        .unwrap();
        a.commit(0, "");
        b.put(
            "r",
            "x",
            &fields(&[("due", Value::Text("2027-01-01".into()))]),
            &[],
        )
        .unwrap();
        b.commit(0, "");
        sync(&a, &b);
        let want = fields(&[
            ("due", Value::Text("2027-01-01".into())),
            ("subject", Value::Text("Wmo".into())),
        ]);
        assert_eq!(a.get("r", "x").unwrap(), want);
        assert_eq!(b.get("r", "x").unwrap(), want);
    }

    #[test]
    fn a_removal_is_not_undone_by_an_edit_made_elsewhere() {
        let a = Doc::new();
        a.put("r", "x", &fields(&[("n", Value::Int(1))]), &[])
            .unwrap();
        a.commit(0, "");
        let b = Doc::load(None, &[a.export_since(None).unwrap()]).unwrap();
        a.remove("r", "x").unwrap();
        a.commit(1, "");
        b.put("r", "x", &fields(&[("n", Value::Int(2))]), &[])
            .unwrap();
        b.commit(1, "");
        sync(&a, &b);
        assert_eq!(a.get("r", "x"), None);
        assert_eq!(b.get("r", "x"), None);
        assert!(a.records("r").is_empty());
    }

    #[test]
    fn an_equal_value_records_nothing_and_versions_say_what_is_new() {
        let a = Doc::new();
        let f = fields(&[("n", Value::Int(1)), ("b", Value::Bytes(vec![0, 1]))]);
        a.put("r", "x", &f, &[]).unwrap();
        a.commit(0, "");
        let v = a.version();
        assert!(a.covered_by(Some(&v)));
        a.put("r", "x", &f, &[]).unwrap();
        a.commit(0, "");
        assert_eq!(a.version(), v, "an unchanged record made a change");
        a.put("r", "x", &fields(&[("n", Value::Int(2))]), &[])
            .unwrap();
        a.commit(0, "");
        assert!(!a.covered_by(Some(&v)));
        let b = Doc::load(None, &[a.export_since(None).unwrap()]).unwrap();
        let c = Doc::load(Some(&a.snapshot().unwrap()), &[]).unwrap();
        assert_eq!(b.value(), a.value());
        assert_eq!(c.get("r", "x").unwrap()["b"], Value::Bytes(vec![0, 1]));
    }

    #[test]
    fn updates_that_arrive_before_their_predecessors_wait_for_them() {
        let a = Doc::new();
        a.put("r", "x", &fields(&[("n", Value::Int(1))]), &[])
            .unwrap();
        a.commit(0, "");
        let first = a.export_since(None).unwrap();
        let v = a.version();
        a.put("r", "x", &fields(&[("n", Value::Int(2))]), &[])
            .unwrap();
        a.commit(0, "");
        let second = a.export_since(Some(&v)).unwrap();
        let b = Doc::new();
        assert!(
            b.import(std::slice::from_ref(&second))
                .unwrap()
                .records
                .is_empty()
        );
        assert_eq!(b.get("r", "x"), None);
        assert!(b.has_pending());
        b.import(std::slice::from_ref(&first)).unwrap();
        assert!(!b.has_pending());
        b.import(&[first, second]).unwrap();
        assert_eq!(b.get("r", "x").unwrap()["n"], Value::Int(2));
    }

    #[test]
    fn two_edits_of_one_base_text_merge_with_both_kept() {
        let base = "Wij vragen het college de regeling te verlengen.";
        let ours = "Wij vragen het college dringend de regeling te verlengen.";
        let theirs = "Wij vragen het college de regeling te verlengen tot 2030.";
        assert_eq!(
            merge_texts(base, ours, theirs).unwrap(),
            "Wij vragen het college dringend de regeling te verlengen tot 2030."
        );
        assert_eq!(merge_texts(base, base, theirs).unwrap(), theirs);
        assert_eq!(merge_texts(base, ours, base).unwrap(), ours);
    }

    #[test]
    fn garbage_is_refused_without_harm() {
        let a = Doc::new();
        a.put("r", "x", &fields(&[("n", Value::Int(1))]), &[])
            .unwrap();
        a.commit(0, "");
        assert!(a.import(&[b"not loro at all".to_vec()]).is_err());
        assert!(Doc::load(Some(b"\x00\x01"), &[]).is_err());
        assert_eq!(a.get("r", "x").unwrap()["n"], Value::Int(1));
    }
}
