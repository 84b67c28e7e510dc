//! The search index (SQLite FTS5, contentless): bringing it up to date from what triggers marked
//! as changed (`search_dirty`), and querying it. Words go in stemmed by the domain's Dutch
//! analysis (`advieswerk_domain::search`); the original text stays where it is (or in
//! `search_entry.body`) for snippets.

use rusqlite::{Connection, OptionalExtension, params};

use super::Store;
use crate::error::Result;
use advieswerk_domain::search::{SearchKind, index_text};

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
    pub request_id: String,
    pub subject: String,
    pub year: Option<i32>,
    pub confidential: bool,
    pub title: String,
    /// The text the words were found in (snippets are cut from it).
    pub text: String,
    /// FTS5's bm25: lower is better.
    pub score: f64,
}

/// Entries written per transaction while catching up.
const BATCH: usize = 500;

impl Store {
    /// Indexes what changed since the last call, at most `limit` changes (all when `None`);
    /// returns how many are still waiting.
    pub fn refresh_search(&mut self, limit: Option<usize>) -> Result<usize> {
        let mut done = 0usize;
        loop {
            let take = limit.map_or(BATCH, |l| l.saturating_sub(done).min(BATCH));
            if take == 0 {
                break;
            }
            let tx = self.conn.savepoint()?;
            let dirty: Vec<(String, String)> = {
                let mut stmt =
                    tx.prepare_cached("SELECT kind, source_id FROM search_dirty LIMIT ?1")?;
                stmt.query_map([take as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?
            };
            if dirty.is_empty() {
                break;
            }
            for (kind, id) in &dirty {
                match kind.as_str() {
                    "request" => index_request(&tx, id)?,
                    "section" => index_section(&tx, id)?,
                    "reaction" => index_reaction(&tx, id)?,
                    "commitment" => index_commitment(&tx, id)?,
                    "document" => index_document(&tx, id)?,
                    _ => {}
                }
                tx.execute(
                    "DELETE FROM search_dirty WHERE kind = ?1 AND source_id = ?2",
                    [kind, id],
                )?;
            }
            tx.commit()?;
            done += dirty.len();
        }
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM search_dirty", [], |r| {
                r.get::<_, i64>(0)
            })? as usize)
    }

    /// Entries matching an FTS5 expression (built by `Query::fts`), best first, one per source
    /// (a document's best page).
    pub fn search(&self, fts: &str, filter: &SearchFilter, limit: usize) -> Result<Vec<Found>> {
        // Ranked ids first; the texts are read only for those kept.
        let mut stmt = self.conn().prepare_cached(
            "SELECT e.id, e.kind, e.source_id, bm25(search_words, 4.0, 1.0) AS score
             FROM search_words JOIN search_entry e ON e.id = search_words.rowid
             WHERE search_words MATCH ?1
               AND (?2 IS NULL OR e.year = ?2)
               AND (?3 IS NULL OR e.theme_id = ?3)
               AND (?4 IS NULL OR e.kind = ?4)
             ORDER BY score LIMIT ?5",
        )?;
        let ranked: Vec<(i64, String, String, f64)> = stmt
            .query_map(
                params![
                    fts,
                    filter.year,
                    filter.theme_id,
                    filter.kind.map(SearchKind::code),
                    (limit * 4) as i64
                ],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        let mut detail = self.conn().prepare_cached(
            "SELECT e.part, e.request_id, coalesce(r.subject, ''), e.year, e.confidential, e.title,
                    coalesce(e.body, (SELECT t.text FROM document d JOIN document_text t
                        ON t.sha256 = d.sha256 AND t.part = e.part WHERE d.id = e.source_id), '')
             FROM search_entry e LEFT JOIN advice_request r ON r.id = e.request_id
             WHERE e.id = ?1",
        )?;
        for (id, kind, source_id, score) in ranked {
            if out.len() >= limit || !seen.insert((kind.clone(), source_id.clone())) {
                continue;
            }
            let Some(kind) = SearchKind::from_code(&kind) else {
                continue;
            };
            let found = detail
                .query_row([id], |r| {
                    Ok(Found {
                        kind,
                        source_id: source_id.clone(),
                        part: r.get(0)?,
                        request_id: r.get(1)?,
                        subject: r.get(2)?,
                        year: r.get(3)?,
                        confidential: r.get(4)?,
                        title: r.get(5)?,
                        text: r.get(6)?,
                        score,
                    })
                })
                .optional()?;
            out.extend(found);
        }
        Ok(out)
    }

    /// The index's entries and the words table's pages: for the benchmark's growth figures.
    pub fn search_totals(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM search_entry", [], |r| r.get(0))?)
    }
}

/// The filter columns every entry of a request carries.
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
    words: &'a str,
}

fn put(tx: &Connection, e: &Entry, facts: &RequestFacts) -> Result<()> {
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
            tx.prepare_cached("DELETE FROM search_words WHERE rowid = ?1")?
                .execute([id])?;
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
    tx.prepare_cached("INSERT INTO search_words (rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![id, index_text(e.title), e.words])?;
    Ok(())
}

fn remove(tx: &Connection, kind: SearchKind, source_id: &str) -> Result<()> {
    tx.prepare_cached(
        "DELETE FROM search_words WHERE rowid IN
             (SELECT id FROM search_entry WHERE kind = ?1 AND source_id = ?2)",
    )?
    .execute([kind.code(), source_id])?;
    tx.prepare_cached("DELETE FROM search_entry WHERE kind = ?1 AND source_id = ?2")?
        .execute([kind.code(), source_id])?;
    Ok(())
}

fn index_request(tx: &Connection, id: &str) -> Result<()> {
    let Some(facts) = request_facts(tx, id)? else {
        // Gone: so is everything found through it.
        tx.execute(
            "DELETE FROM search_words WHERE rowid IN (SELECT id FROM search_entry WHERE request_id = ?1)",
            [id],
        )?;
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
    put(
        tx,
        &Entry {
            kind: SearchKind::Request,
            source_id: id,
            part: 0,
            request_id: id,
            title: &subject,
            body: Some(&body),
            words: &index_text(&body),
        },
        &facts,
    )?;
    // A request's year, theme or confidentiality filter everything found through it.
    tx.execute(
        "UPDATE search_entry SET year = ?2, theme_id = ?3, confidential = ?4
         WHERE request_id = ?1 AND (year, theme_id, confidential) IS NOT (?2, ?3, ?4)",
        params![id, facts.year, facts.theme_id, facts.confidential],
    )?;
    Ok(())
}

fn index_section(tx: &Connection, id: &str) -> Result<()> {
    remove(tx, SearchKind::Section, id)?;
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
    put(
        tx,
        &Entry {
            kind: SearchKind::Section,
            source_id: id,
            part: 0,
            request_id: &request_id,
            title: &title,
            body: Some(&body),
            words: &index_text(&body),
        },
        &facts,
    )
}

fn index_reaction(tx: &Connection, request_id: &str) -> Result<()> {
    remove(tx, SearchKind::Reaction, request_id)?;
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
    put(
        tx,
        &Entry {
            kind: SearchKind::Reaction,
            source_id: request_id,
            part: 0,
            request_id,
            title: "Reactie van het college",
            body: Some(&body),
            words: &index_text(&body),
        },
        &facts,
    )
}

fn index_commitment(tx: &Connection, id: &str) -> Result<()> {
    remove(tx, SearchKind::Commitment, id)?;
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
    put(
        tx,
        &Entry {
            kind: SearchKind::Commitment,
            source_id: id,
            part: 0,
            request_id: &request_id,
            title: "Toezegging van het college",
            body: Some(&body),
            words: &index_text(&body),
        },
        &facts,
    )
}

fn index_document(tx: &Connection, id: &str) -> Result<()> {
    remove(tx, SearchKind::Document, id)?;
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
            &Entry {
                kind: SearchKind::Document,
                source_id: id,
                part: 0,
                request_id: &request_id,
                title: &name,
                body: Some(""),
                words: "",
            },
            &facts,
        );
    }
    for (part, text) in with_text {
        put(
            tx,
            &Entry {
                kind: SearchKind::Document,
                source_id: id,
                part: *part,
                request_id: &request_id,
                title: &name,
                body: None,
                words: &index_text(text),
            },
            &facts,
        )?;
    }
    Ok(())
}
