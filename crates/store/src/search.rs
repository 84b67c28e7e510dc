//! The search index: entries in SQLite (`search_entry`: what was found, its filters and its
//! text for snippets) and their words in a tantivy index beside the database file
//! (`<database>.zoekindex/`), which ranks the top hits without scoring every match (FTS5 did,
//! and missed the benchmark's targets by far; ARCHITECTURE.md has the figures). The words go in
//! already analysed by the domain's Dutch folding and stemming (`advieswerk_domain::search`), so
//! tantivy only splits them at spaces. Triggers mark what changed (`search_dirty`); draining
//! that queue writes both, tantivy first, so a crash in between indexes the same change again.
//! The word index is derived: missing, damaged or not this database's own (a restored backup),
//! it is rebuilt from the tables.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

use rusqlite::{Connection, OptionalExtension, params};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::tokenizer::{TextAnalyzer, WhitespaceTokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::Store;
use crate::error::{Error, Result};
use advieswerk_domain::RequestId;
use advieswerk_domain::search::{Query as Asked, SearchKind, Term as AskedTerm, index_text, stem};

/// What narrows a search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchFilter {
    /// The year the request was received.
    pub year: Option<i32>,
    pub theme_id: Option<String>,
    pub kind: Option<SearchKind>,
}

/// One entry found, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub kind: SearchKind,
    pub source_id: String,
    /// A document's part (a PDF's page); 0 otherwise.
    pub part: u32,
    pub request_id: RequestId,
    pub subject: String,
    pub year: Option<i32>,
    pub confidential: bool,
    pub title: String,
    /// The text the words were found in (snippets are cut from it).
    pub text: String,
    /// tantivy's BM25 score: higher is better.
    pub score: f32,
}

/// Changes indexed per transaction while catching up.
const BATCH: usize = 500;
/// The word index's writer keeps this much in memory before it writes a segment.
const WRITER_BYTES: usize = 20_000_000;
const GENERATION_FILE: &str = "advieswerk-generatie";
/// A title's words weigh this much more than a body's.
const TITLE_BOOST: f32 = 4.0;

/// The word index: its schema's fields, and a reader reloaded after every write.
pub struct WordIndex {
    index: Index,
    reader: IndexReader,
    /// Kept open while the store is: tantivy merges its segments in the writer's background
    /// threads, which a writer made and dropped per change never gives the time (a segment per
    /// added document, and searches slowing down with their number).
    writer: Mutex<Option<IndexWriter>>,
    /// Whether it was found to be this database's own and complete; after that, every change
    /// reaches it through the queue, so the check (a count over the entries) is made once.
    checked: std::sync::atomic::AtomicBool,
    dir: PathBuf,
    id: Field,
    kind: Field,
    year: Field,
    theme: Field,
    title: Field,
    body: Field,
}

/// Where the word index of the database at `db` lives.
pub fn index_dir(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".zoekindex");
    db.with_file_name(name)
}

fn index_error(e: impl std::fmt::Display) -> Error {
    Error::Io(std::io::Error::other(format!("zoekindex: {e}")))
}

impl WordIndex {
    fn open(dir: &Path) -> Result<WordIndex> {
        let mut schema = Schema::builder();
        let words = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("stems")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let id = schema.add_u64_field("id", INDEXED | STORED | FAST);
        let kind = schema.add_text_field("kind", STRING);
        let year = schema.add_i64_field("year", INDEXED);
        let theme = schema.add_text_field("theme", STRING);
        let title = schema.add_text_field("title", words.clone());
        let body = schema.add_text_field("body", words);
        let schema = schema.build();
        std::fs::create_dir_all(dir)?;
        let directory = tantivy::directory::MmapDirectory::open(dir).map_err(index_error)?;
        let index = match Index::open_or_create(directory, schema.clone()) {
            Ok(index) => index,
            // Damaged or of another schema: it is derived, so it is made anew.
            Err(_) => {
                std::fs::remove_dir_all(dir)?;
                std::fs::create_dir_all(dir)?;
                Index::create_in_dir(dir, schema).map_err(index_error)?
            }
        };
        index.tokenizers().register(
            "stems",
            TextAnalyzer::builder(WhitespaceTokenizer::default()).build(),
        );
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error)?;
        Ok(WordIndex {
            index,
            reader,
            writer: Mutex::new(None),
            checked: std::sync::atomic::AtomicBool::new(false),
            dir: dir.to_path_buf(),
            id,
            kind,
            year,
            theme,
            title,
            body,
        })
    }

    fn generation(&self) -> Option<String> {
        std::fs::read_to_string(self.dir.join(GENERATION_FILE)).ok()
    }

    fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The writer, unless another program (a second app, the command line) holds the index's
    /// lock: then the changes wait in the queue for the next time.
    fn writer(&self) -> Result<Option<MutexGuard<'_, Option<IndexWriter>>>> {
        let mut guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            match self.index.writer_with_num_threads(1, WRITER_BYTES) {
                Ok(w) => *guard = Some(w),
                Err(tantivy::TantivyError::LockFailure(..)) => return Ok(None),
                Err(e) => return Err(index_error(e)),
            }
        }
        Ok(Some(guard))
    }

    fn apply(&self, writer: &mut IndexWriter, ops: &[Op]) -> Result<()> {
        for op in ops {
            match op {
                Op::Remove(id) => {
                    writer.delete_term(Term::from_field_u64(self.id, *id));
                }
                Op::Put(p) => {
                    writer.delete_term(Term::from_field_u64(self.id, p.id));
                    let mut doc = TantivyDocument::default();
                    doc.add_u64(self.id, p.id);
                    doc.add_text(self.kind, p.kind.code());
                    if let Some(y) = p.year {
                        doc.add_i64(self.year, y as i64);
                    }
                    doc.add_text(self.theme, p.theme.as_deref().unwrap_or(""));
                    doc.add_text(self.title, &p.title_words);
                    doc.add_text(self.body, &p.body_words);
                    writer.add_document(doc).map_err(index_error)?;
                }
            }
        }
        Ok(())
    }

    /// The query: every term (or any, `any`) in the title or the body; filters must hold.
    fn query(&self, asked: &Asked, filter: &SearchFilter, any: bool) -> Result<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let each = if any { Occur::Should } else { Occur::Must };
        for term in &asked.terms {
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (field, boost) in [(self.title, TITLE_BOOST), (self.body, 1.0)] {
                let q: Vec<Box<dyn Query>> = match term {
                    AskedTerm::Word(s) => vec![Box::new(TermQuery::new(
                        Term::from_field_text(field, s),
                        IndexRecordOption::WithFreqs,
                    ))],
                    AskedTerm::Phrase(words) => vec![Box::new(PhraseQuery::new(
                        words
                            .iter()
                            .map(|w| Term::from_field_text(field, w))
                            .collect(),
                    ))],
                    AskedTerm::Prefix(p) => {
                        // Prefixes are letters and digits only (the domain split them so).
                        let mut v: Vec<Box<dyn Query>> = vec![Box::new(
                            RegexQuery::from_pattern(&format!("{p}.*"), field)
                                .map_err(index_error)?,
                        )];
                        let stemmed = stem(p);
                        if stemmed != *p {
                            v.push(Box::new(
                                RegexQuery::from_pattern(&format!("{stemmed}.*"), field)
                                    .map_err(index_error)?,
                            ));
                        }
                        v
                    }
                };
                for one in q {
                    alternatives.push((Occur::Should, Box::new(BoostQuery::new(one, boost))));
                }
            }
            clauses.push((each, Box::new(BooleanQuery::new(alternatives))));
        }
        if let Some(y) = filter.year {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_i64(self.year, y as i64),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let Some(k) = filter.kind {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.kind, k.code()),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let Some(t) = &filter.theme_id {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.theme, t),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// The best `limit` entries' ids with their scores.
    fn top(&self, query: &dyn Query, limit: usize) -> Result<Vec<(u64, f32)>> {
        let searcher = self.reader.searcher();
        let top = searcher
            .search(query, &TopDocs::with_limit(limit).order_by_score())
            .map_err(index_error)?;
        let mut out = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(index_error)?;
            if let Some(id) = doc.get_first(self.id).and_then(|v| v.as_u64()) {
                out.push((id, score));
            }
        }
        Ok(out)
    }
}

/// A change to the word index, collected while the entries are written in SQLite.
enum Op {
    Put(Box<Put>),
    Remove(u64),
}

struct Put {
    id: u64,
    kind: SearchKind,
    year: Option<i32>,
    theme: Option<String>,
    title_words: String,
    body_words: String,
}

impl Store {
    /// The word index, opened on first use.
    fn word_index(&self) -> Result<&WordIndex> {
        if let Some(i) = self.words.get() {
            return Ok(i);
        }
        let opened = WordIndex::open(&index_dir(&self.path))?;
        let _ = self.words.set(opened);
        Ok(self.words.get().expect("just set"))
    }

    /// Indexes what changed since the last call, at most `limit` changes (all when `None`);
    /// returns how many are still waiting. First makes sure the word index is this database's
    /// own and complete, rebuilding it from the tables when it is not.
    pub fn refresh_search(&mut self, limit: Option<usize>) -> Result<usize> {
        self.check_word_index()?;
        let mut done = 0usize;
        loop {
            let take = limit.map_or(BATCH, |l| l.saturating_sub(done).min(BATCH));
            if take == 0 {
                break;
            }
            let dirty: Vec<(String, String)> = {
                let mut stmt = self
                    .conn
                    .prepare_cached("SELECT kind, source_id FROM search_dirty LIMIT ?1")?;
                stmt.query_map([take as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?
            };
            if dirty.is_empty() {
                break;
            }
            self.word_index()?;
            let index = self.words.get().expect("opened above");
            let Some(mut guard) = index.writer()? else {
                break;
            };
            let writer = guard.as_mut().expect("made by writer()");
            let tx = self.conn.savepoint()?;
            let mut ops = Vec::new();
            for (kind, id) in &dirty {
                match kind.as_str() {
                    "request" => index_request(&tx, id, &mut ops)?,
                    "section" => index_section(&tx, id, &mut ops)?,
                    "reaction" => index_reaction(&tx, id, &mut ops)?,
                    "commitment" => index_commitment(&tx, id, &mut ops)?,
                    "document" => index_document(&tx, id, &mut ops)?,
                    _ => {}
                }
                tx.execute(
                    "DELETE FROM search_dirty WHERE kind = ?1 AND source_id = ?2",
                    [kind, id],
                )?;
            }
            // The words first: if SQLite's commit then fails, the queue still holds these
            // changes and they are indexed again (ids are never reused, so nothing points wrong).
            index.apply(writer, &ops)?;
            writer.commit().map_err(index_error)?;
            drop(guard);
            tx.commit()?;
            index.reader.reload().map_err(index_error)?;
            done += dirty.len();
        }
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM search_dirty", [], |r| {
                r.get::<_, i64>(0)
            })? as usize)
    }

    /// Rebuilds the word index from the tables when it is not this database's (another
    /// generation: a restored backup, a copied file) or lost entries (a crash, a deleted
    /// folder): every source is queued again and its entries made anew.
    fn check_word_index(&mut self) -> Result<()> {
        self.word_index()?;
        let index = self.words.get().expect("opened above");
        if index.checked.load(std::sync::atomic::Ordering::Relaxed) {
            return Ok(());
        }
        let ours: Option<String> = self
            .conn
            .query_row(
                "SELECT generation FROM search_state WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let entries: i64 = self
            .conn
            .query_row("SELECT count(*) FROM search_entry", [], |r| r.get(0))?;
        if ours.is_some() && index.generation() == ours && index.num_docs() == entries as u64 {
            index
                .checked
                .store(true, std::sync::atomic::Ordering::Relaxed);
            return Ok(());
        }
        let Some(mut guard) = index.writer()? else {
            // Another program holds it; it checks the same.
            return Ok(());
        };
        let writer = guard.as_mut().expect("made by writer()");
        writer.delete_all_documents().map_err(index_error)?;
        writer.commit().map_err(index_error)?;
        drop(guard);
        index.reader.reload().map_err(index_error)?;
        let generation = crate::ids::new_id();
        let tx = self.conn.savepoint()?;
        tx.execute_batch(
            "DELETE FROM search_entry;
             INSERT OR IGNORE INTO search_dirty SELECT 'request', id FROM advice_request;
             INSERT OR IGNORE INTO search_dirty SELECT 'section', id FROM advice_section;
             INSERT OR IGNORE INTO search_dirty SELECT 'reaction', request_id FROM reaction;
             INSERT OR IGNORE INTO search_dirty SELECT 'commitment', id FROM commitment;
             INSERT OR IGNORE INTO search_dirty SELECT 'document', id FROM document;",
        )?;
        tx.execute(
            "INSERT INTO search_state (id, generation) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET generation = excluded.generation",
            [&generation],
        )?;
        // The index's own copy is written before the database's commit: a crash in between
        // leaves them different, and the next check rebuilds again.
        std::fs::write(index.dir.join(GENERATION_FILE), generation.as_bytes())?;
        tx.commit()?;
        // Empty and of this generation now; the queue fills it.
        index
            .checked
            .store(true, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// Entries matching a query, best first, one per source (a document's best page).
    pub fn search(
        &self,
        asked: &Asked,
        any: bool,
        filter: &SearchFilter,
        limit: usize,
    ) -> Result<Vec<Found>> {
        let index = self.word_index()?;
        let query = index.query(asked, filter, any)?;
        // More than shown: a document's other pages are folded into its best one.
        let ranked = index.top(query.as_ref(), limit * 4)?;
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        let mut detail = self.conn().prepare_cached(
            "SELECT e.kind, e.source_id, e.part, e.request_id, coalesce(r.subject, ''), e.year,
                    e.confidential, e.title,
                    coalesce(e.body, (SELECT t.text FROM document d JOIN document_text t
                        ON t.sha256 = d.sha256 AND t.part = e.part WHERE d.id = e.source_id), '')
             FROM search_entry e LEFT JOIN advice_request r ON r.id = e.request_id
             WHERE e.id = ?1",
        )?;
        for (id, score) in ranked {
            if out.len() >= limit {
                break;
            }
            let row = detail
                .query_row([id as i64], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        Found {
                            kind: SearchKind::Request,
                            source_id: r.get(1)?,
                            part: r.get(2)?,
                            request_id: crate::columns::id(r, 3)?,
                            subject: r.get(4)?,
                            year: r.get(5)?,
                            confidential: r.get(6)?,
                            title: r.get(7)?,
                            text: r.get(8)?,
                            score,
                        },
                    ))
                })
                .optional()?;
            // An entry the index still has but the tables no longer do is passed over.
            let Some((kind, mut found)) = row else {
                continue;
            };
            let Some(kind) = SearchKind::from_code(&kind) else {
                continue;
            };
            found.kind = kind;
            if seen.insert((kind, found.source_id.clone())) {
                out.push(found);
            }
        }
        Ok(out)
    }

    /// The index's entries: for the benchmark's figures.
    pub fn search_totals(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM search_entry", [], |r| r.get(0))?)
    }
}

/// The word index beside a database file, for a store that is being replaced (a restored
/// backup): removed, so the next search rebuilds it for the new file.
pub fn forget_word_index(db: &Path) -> Result<()> {
    let dir = index_dir(db);
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    Ok(())
}

/// Keeps the OnceLock type named where Store is declared.
pub type WordIndexCell = OnceLock<WordIndex>;

/// The filter columns every entry of a request carries.
#[derive(PartialEq)]
struct RequestFacts {
    year: Option<i32>,
    theme_id: Option<String>,
    confidential: bool,
}

fn request_facts(tx: &Connection, request_id: &str) -> Result<Option<RequestFacts>> {
    Ok(tx
        .query_row(
            "SELECT CAST(substr(received_on, 1, 4) AS INTEGER), theme_id, confidential
             FROM advice_request WHERE id = ?1",
            [request_id],
            |r| {
                Ok(RequestFacts {
                    year: r.get(0)?,
                    theme_id: r.get(1)?,
                    confidential: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// An entry to (re)write: `body` is the text kept for snippets (None: read from elsewhere),
/// `words` what is indexed beside the title.
struct Entry<'a> {
    kind: SearchKind,
    source_id: &'a str,
    part: u32,
    request_id: &'a str,
    title: &'a str,
    body: Option<&'a str>,
    words: String,
}

fn put(tx: &Connection, e: Entry, facts: &RequestFacts, ops: &mut Vec<Op>) -> Result<()> {
    let existing: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM search_entry WHERE kind = ?1 AND source_id = ?2 AND part = ?3",
        )?
        .query_row(params![e.kind.code(), e.source_id, e.part], |r| r.get(0))
        .optional()?;
    let id = match existing {
        Some(id) => {
            tx.prepare_cached(
                "UPDATE search_entry SET request_id = ?2, year = ?3, theme_id = ?4, confidential = ?5,
                     title = ?6, body = ?7 WHERE id = ?1",
            )?
            .execute(params![
                id,
                e.request_id,
                facts.year,
                facts.theme_id,
                facts.confidential,
                e.title,
                e.body
            ])?;
            id
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO search_entry (kind, source_id, part, request_id, year, theme_id,
                     confidential, title, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                e.kind.code(),
                e.source_id,
                e.part,
                e.request_id,
                facts.year,
                facts.theme_id,
                facts.confidential,
                e.title,
                e.body
            ])?;
            tx.last_insert_rowid()
        }
    };
    ops.push(Op::Put(Box::new(Put {
        id: id as u64,
        kind: e.kind,
        year: facts.year,
        theme: facts.theme_id.clone(),
        title_words: index_text(e.title),
        body_words: e.words,
    })));
    Ok(())
}

/// A source found through one text (a request's facts, a section, a reaction, a commitment):
/// its entry with that text as body and its words.
#[allow(clippy::too_many_arguments)]
fn put_text(
    tx: &Connection,
    kind: SearchKind,
    source_id: &str,
    request_id: &str,
    title: &str,
    body: &str,
    facts: &RequestFacts,
    ops: &mut Vec<Op>,
) -> Result<()> {
    let entry = Entry {
        kind,
        source_id,
        part: 0,
        request_id,
        title,
        body: Some(body),
        words: index_text(body),
    };
    put(tx, entry, facts, ops)
}

fn remove(tx: &Connection, kind: SearchKind, source_id: &str, ops: &mut Vec<Op>) -> Result<()> {
    let ids: Vec<i64> = tx
        .prepare_cached("SELECT id FROM search_entry WHERE kind = ?1 AND source_id = ?2")?
        .query_map([kind.code(), source_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ops.extend(ids.iter().map(|id| Op::Remove(*id as u64)));
    tx.prepare_cached("DELETE FROM search_entry WHERE kind = ?1 AND source_id = ?2")?
        .execute([kind.code(), source_id])?;
    Ok(())
}

fn index_request(tx: &Connection, id: &str, ops: &mut Vec<Op>) -> Result<()> {
    let Some(facts) = request_facts(tx, id)? else {
        // Gone: so is everything found through it.
        let ids: Vec<i64> = tx
            .prepare_cached("SELECT id FROM search_entry WHERE request_id = ?1")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ops.extend(ids.iter().map(|id| Op::Remove(*id as u64)));
        tx.execute("DELETE FROM search_entry WHERE request_id = ?1", [id])?;
        return Ok(());
    };
    let (subject, body): (String, String) = tx.query_row(
        "SELECT r.subject, concat_ws(char(10), r.requester, nullif(r.municipality_reference, ''),
                nullif(r.case_number, ''), nullif(r.our_reference, ''), t.name, nullif(r.notes, ''))
         FROM advice_request r LEFT JOIN theme t ON t.id = r.theme_id WHERE r.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    put_text(
        tx,
        SearchKind::Request,
        id,
        id,
        &subject,
        &body,
        &facts,
        ops,
    )?;
    // A request's year, theme or confidentiality filter everything found through it: entries
    // that carry other facts are written again with these.
    let stale: Vec<(String, String, u32, String, Option<String>)> = tx
        .prepare_cached(
            "SELECT kind, source_id, part, title, body FROM search_entry
             WHERE request_id = ?1 AND kind <> 'request'
               AND (year, theme_id, confidential) IS NOT (?2, ?3, ?4)",
        )?
        .query_map(
            params![id, facts.year, facts.theme_id, facts.confidential],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, source_id, part, title, body) in stale {
        let Some(kind) = SearchKind::from_code(&kind) else {
            continue;
        };
        let words = match &body {
            Some(b) => index_text(b),
            None => index_text(&document_part(tx, &source_id, part)?),
        };
        put(
            tx,
            Entry {
                kind,
                source_id: &source_id,
                part,
                request_id: id,
                title: &title,
                body: body.as_deref(),
                words,
            },
            &facts,
            ops,
        )?;
    }
    Ok(())
}

fn document_part(tx: &Connection, document_id: &str, part: u32) -> Result<String> {
    Ok(tx
        .query_row(
            "SELECT t.text FROM document d JOIN document_text t ON t.sha256 = d.sha256
             WHERE d.id = ?1 AND t.part = ?2",
            params![document_id, part],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}

fn index_section(tx: &Connection, id: &str, ops: &mut Vec<Op>) -> Result<()> {
    remove(tx, SearchKind::Section, id, ops)?;
    let row: Option<(String, String, String)> = tx
        .query_row(
            "SELECT request_id, title, body FROM advice_section
             WHERE id = ?1 AND removed_at IS NULL AND trim(body) <> ''",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((request_id, title, body)) = row else {
        return Ok(());
    };
    let Some(facts) = request_facts(tx, &request_id)? else {
        return Ok(());
    };
    put_text(
        tx,
        SearchKind::Section,
        id,
        &request_id,
        &title,
        &body,
        &facts,
        ops,
    )
}

fn index_reaction(tx: &Connection, request_id: &str, ops: &mut Vec<Op>) -> Result<()> {
    remove(tx, SearchKind::Reaction, request_id, ops)?;
    let row: Option<String> = tx
        .query_row(
            "SELECT concat_ws(char(10), nullif(summary, ''), nullif(reference, ''),
                    (SELECT group_concat(title || ': ' || reasoning, char(10)) FROM recommendation
                     WHERE request_id = ?1 AND reasoning <> ''))
             FROM reaction WHERE request_id = ?1",
            [request_id],
            |r| r.get(0),
        )
        .optional()?;
    let (Some(body), Some(facts)) = (row, request_facts(tx, request_id)?) else {
        return Ok(());
    };
    let title = "Reactie van het college";
    put_text(
        tx,
        SearchKind::Reaction,
        request_id,
        request_id,
        title,
        &body,
        &facts,
        ops,
    )
}

fn index_commitment(tx: &Connection, id: &str, ops: &mut Vec<Op>) -> Result<()> {
    remove(tx, SearchKind::Commitment, id, ops)?;
    let row: Option<(String, String)> = tx
        .query_row(
            "SELECT request_id, concat_ws(char(10), text, nullif(note, '')) FROM commitment WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((request_id, body)) = row else {
        return Ok(());
    };
    let Some(facts) = request_facts(tx, &request_id)? else {
        return Ok(());
    };
    let title = "Toezegging van het college";
    put_text(
        tx,
        SearchKind::Commitment,
        id,
        &request_id,
        title,
        &body,
        &facts,
        ops,
    )
}

fn index_document(tx: &Connection, id: &str, ops: &mut Vec<Op>) -> Result<()> {
    remove(tx, SearchKind::Document, id, ops)?;
    let row: Option<(String, String, String)> = tx
        .query_row(
            "SELECT request_id, name, sha256 FROM document WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((request_id, name, sha256)) = row else {
        return Ok(());
    };
    let Some(facts) = request_facts(tx, &request_id)? else {
        return Ok(());
    };
    let parts: Vec<(u32, String)> = tx
        .prepare_cached("SELECT part, text FROM document_text WHERE sha256 = ?1 ORDER BY part")?
        .query_map([&sha256], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let with_text: Vec<&(u32, String)> =
        parts.iter().filter(|(_, t)| !t.trim().is_empty()).collect();
    if with_text.is_empty() {
        // A scan, or a member's file not on this computer: found by its name.
        return put(
            tx,
            Entry {
                kind: SearchKind::Document,
                source_id: id,
                part: 0,
                request_id: &request_id,
                title: &name,
                body: Some(""),
                words: String::new(),
            },
            &facts,
            ops,
        );
    }
    for (part, text) in with_text {
        put(
            tx,
            Entry {
                kind: SearchKind::Document,
                source_id: id,
                part: *part,
                request_id: &request_id,
                title: &name,
                body: None,
                words: index_text(text),
            },
            &facts,
            ops,
        )?;
    }
    Ok(())
}
