//! SQL of a request's documents: their facts (shared with the council's members), their bytes
//! (stored_file, by checksum, on this computer only) and their text (document_text, by checksum).
//! Adding one writes all three in one transaction, so a document is stored whole or not at all.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};
use sha2::Digest;

use super::{Store, tombstone};
use crate::columns::{day, stamp};
use crate::error::{Error, Result};
use crate::ids;
use advieswerk_domain::date;
use advieswerk_domain::{RequestId, Stamp};

/// A document as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub id: String,
    pub request_id: RequestId,
    pub name: String,
    pub kind: String,
    pub size: i64,
    pub sha256: String,
    pub received_on: NaiveDate,
    pub pages: u32,
    pub text_note: String,
    /// Whether this computer has the file's bytes (a member's document may be listed before its
    /// file is here).
    pub here: bool,
    pub added_at: Stamp,
    pub added_by: String,
}

/// A document to add: its file and what was read from it.
pub struct NewDocument<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub bytes: &'a [u8],
    pub received_on: NaiveDate,
    pub parts: &'a [String],
    pub pages: u32,
    pub text_note: &'a str,
}

const DOCUMENT: &str = "SELECT d.id, d.request_id, d.name, d.kind, d.size, d.sha256, d.received_on, d.pages,
        d.text_note, EXISTS (SELECT 1 FROM stored_file f WHERE f.sha256 = d.sha256), d.added_at, d.updated_by
     FROM document d";

fn document(r: &Row) -> rusqlite::Result<Document> {
    Ok(Document {
        id: r.get(0)?,
        request_id: crate::columns::id(r, 1)?,
        name: r.get(2)?,
        kind: r.get(3)?,
        size: r.get(4)?,
        sha256: r.get(5)?,
        received_on: day(r, 6)?,
        pages: r.get(7)?,
        text_note: r.get(8)?,
        here: r.get(9)?,
        added_at: stamp(r, 10)?,
        added_by: r.get(11)?,
    })
}

/// The SHA-256 of a file, as the documents and the college's letters are keyed.
pub fn checksum(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Store {
    pub fn add_document(&mut self, request_id: &RequestId, d: &NewDocument) -> Result<Document> {
        let request_id = request_id.as_str();
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let id = ids::new_id();
        let sum = checksum(d.bytes);
        let tx = self.conn.savepoint()?;
        tx.execute(
            "INSERT OR IGNORE INTO stored_file (sha256, bytes, stored_at) VALUES (?1, ?2, ?3)",
            params![sum, d.bytes, now],
        )?;
        {
            let mut put = tx.prepare_cached(
                "INSERT OR IGNORE INTO document_text (sha256, part, text) VALUES (?1, ?2, ?3)",
            )?;
            for (i, text) in d.parts.iter().enumerate() {
                put.execute(params![sum, i as i64 + 1, text])?;
            }
        }
        tx.execute(
            "INSERT INTO document (id, request_id, name, kind, size, sha256, received_on, pages,
                 text_note, added_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
            params![
                id,
                request_id,
                d.name,
                d.kind,
                d.bytes.len() as i64,
                sum,
                date::iso(d.received_on),
                d.pages,
                d.text_note,
                now,
                by
            ],
        )?;
        tx.commit()?;
        self.get_document(&id)
    }

    pub fn get_document(&self, id: &str) -> Result<Document> {
        self.conn()
            .query_row(&format!("{DOCUMENT} WHERE d.id = ?1"), [id], document)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "document",
                id: id.to_owned(),
            })
    }

    /// A request's documents, newest received first.
    pub fn list_documents(&self, request_id: &RequestId) -> Result<Vec<Document>> {
        let request_id = request_id.as_str();
        let mut stmt = self.conn().prepare_cached(&format!(
            "{DOCUMENT} WHERE d.request_id = ?1 ORDER BY d.received_on DESC, d.added_at DESC, d.id"
        ))?;
        let rows = stmt
            .query_map([request_id], document)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The request's document with this content, if it has one already.
    pub fn find_document(&self, request_id: &RequestId, sha256: &str) -> Result<Option<Document>> {
        let request_id = request_id.as_str();
        Ok(self
            .conn()
            .query_row(
                &format!("{DOCUMENT} WHERE d.request_id = ?1 AND d.sha256 = ?2"),
                [request_id, sha256],
                document,
            )
            .optional()?)
    }

    /// A document's file, when this computer has it.
    pub fn document_bytes(&self, id: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT f.bytes FROM document d JOIN stored_file f ON f.sha256 = d.sha256 WHERE d.id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// A document's text as read, part by part.
    pub fn document_text(&self, id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT t.text FROM document d JOIN document_text t ON t.sha256 = d.sha256
             WHERE d.id = ?1 ORDER BY t.part",
        )?;
        let rows = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Removes a document; its file and text go too unless another document (or a college's
    /// letter) has the same content.
    pub fn delete_document(&mut self, id: &str) -> Result<()> {
        let by = self.author().to_owned();
        let now = self.now_stamp();
        let doc = self.get_document(id)?;
        let tx = self.conn.savepoint()?;
        tx.execute("DELETE FROM document WHERE id = ?1", [id])?;
        tombstone(&tx, "document", id, &now, &by)?;
        let used: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM document WHERE sha256 = ?1)
                 OR EXISTS (SELECT 1 FROM reaction WHERE letter_sha256 = ?1)",
            [&doc.sha256],
            |r| r.get(0),
        )?;
        if !used {
            tx.execute("DELETE FROM stored_file WHERE sha256 = ?1", [&doc.sha256])?;
            tx.execute("DELETE FROM document_text WHERE sha256 = ?1", [&doc.sha256])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Documents and their pages on this computer: (documents, pages, bytes of files).
    pub fn document_totals(&self) -> Result<(i64, i64, i64)> {
        Ok(self.conn().query_row(
            "SELECT (SELECT count(*) FROM document), (SELECT count(*) FROM document_text),
                    (SELECT coalesce(sum(length(bytes)), 0) FROM stored_file)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?)
    }
}
