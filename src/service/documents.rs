//! Use cases of a request's documents: reading a received file (PDF, Word, OpenDocument, text,
//! e-mail with its attachments), storing it whole with its text, listing, opening a copy and
//! removing; and prefilling a new request from an e-mail. Reading (`read_files`) needs no
//! database, so a front end runs it off the window's thread and without holding the store.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::RequestId;
use crate::error::{Error, Result};
use crate::extract::{self, Extracted, Kind};
use crate::store::Store;
use crate::store::document::{Document, NewDocument, checksum};

/// A document as a request's page lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentInfo {
    pub id: String,
    pub request_id: RequestId,
    pub name: String,
    /// pdf, docx, odt, txt, eml or msg.
    pub kind: String,
    /// "PDF", "Word", …
    pub kind_label: String,
    #[ts(type = "number")]
    pub size: i64,
    pub received_on: NaiveDate,
    /// A PDF's pages; 0 for other kinds.
    pub pages: u32,
    /// Whether this computer has the file (a member's document may be listed before its file is
    /// here).
    pub here: bool,
    /// What to know about its text, in Dutch ("geen tekst gevonden (gescand document?)").
    pub note: Option<String>,
    pub added_by: String,
}

/// A file read and ready to store.
#[derive(Debug, Clone)]
pub struct ReadFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub extracted: Extracted,
}

/// A file that was not added, and why (in Dutch).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SkippedFile {
    pub name: String,
    pub reason: String,
}

/// What adding files did: the request's documents after it, which were added, which not.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentsAdded {
    pub documents: Vec<DocumentInfo>,
    pub added: Vec<String>,
    pub skipped: Vec<SkippedFile>,
}

/// A new request's fields as an e-mail gives them; the secretary checks them before saving.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmailDraft {
    pub subject: String,
    /// The sender's name (or address).
    pub requester: String,
    pub sender_address: String,
    /// The day it was sent, if that is not after today.
    pub received_on: Option<NaiveDate>,
    pub attachments: Vec<String>,
    /// The body's opening, for the notes.
    pub excerpt: String,
}

const NO_TEXT: &str = "geen tekst gevonden (gescand document?)";

fn info(d: Document) -> DocumentInfo {
    let kind = Kind::from_code(&d.kind);
    let note = if !d.here {
        Some("het bestand staat niet op deze computer".to_string())
    } else {
        match d.text_note.as_str() {
            "no_text" => Some(NO_TEXT.to_string()),
            "cut" => Some(format!(
                "alleen de eerste {} MB tekst is doorzoekbaar",
                extract::MAX_TEXT_BYTES / (1024 * 1024)
            )),
            _ => None,
        }
    };
    DocumentInfo {
        kind_label: kind.map_or("Bestand", Kind::label).to_string(),
        pages: if kind.is_some_and(Kind::has_pages) {
            d.pages
        } else {
            0
        },
        id: d.id,
        request_id: d.request_id,
        name: d.name,
        kind: d.kind,
        size: d.size,
        received_on: d.received_on,
        here: d.here,
        note,
        added_by: d.added_by,
    }
}

/// Reads one file: its text, and for an e-mail its attachments as files of their own (those of
/// a kind that cannot be added are reported, not read). No database: safe to run anywhere.
pub fn read_files(name: &str, bytes: Vec<u8>) -> (Vec<ReadFile>, Vec<SkippedFile>) {
    let mut read = Vec::new();
    let mut skipped = Vec::new();
    let name = clean_name(name);
    match extract::extract(&name, &bytes) {
        Ok(extracted) => {
            let attachments = extracted
                .email
                .as_ref()
                .map(|e| e.attachments.clone())
                .unwrap_or_default();
            read.push(ReadFile {
                name: name.clone(),
                bytes,
                extracted,
            });
            for a in attachments {
                let a_name = clean_name(&a.name);
                match extract::extract(&a_name, &a.bytes) {
                    // An attachment's own attachments (a forwarded mail) stay inside it.
                    Ok(extracted) => read.push(ReadFile {
                        name: a_name,
                        bytes: a.bytes,
                        extracted,
                    }),
                    Err(e) => skipped.push(SkippedFile {
                        name: a_name,
                        reason: e.to_string(),
                    }),
                }
            }
        }
        Err(e) => skipped.push(SkippedFile {
            name,
            reason: e.to_string(),
        }),
    }
    (read, skipped)
}

/// Reads a file from disk as `read_files` does, refusing one that is too large before reading
/// a byte of it.
pub fn read_path(path: &std::path::Path) -> (Vec<ReadFile>, Vec<SkippedFile>) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let refuse = |reason: String| {
        (
            Vec::new(),
            vec![SkippedFile {
                name: clean_name(&name),
                reason,
            }],
        )
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() > extract::MAX_FILE_BYTES => {
            refuse(extract::Error::TooLarge { size: m.len() }.to_string())
        }
        Ok(_) => match std::fs::read(path) {
            Ok(bytes) => read_files(&name, bytes),
            Err(e) => refuse(format!("Het bestand kan niet worden gelezen ({e}).")),
        },
        Err(e) => refuse(format!("Het bestand kan niet worden gelezen ({e}).")),
    }
}

/// A file's name without any folder, control characters or surrounding space.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    if clean.is_empty() {
        "document".to_string()
    } else {
        clean.chars().take(200).collect()
    }
}

/// Stores files read by `read_files` on a request, all in one transaction; a file whose content
/// the request already has is reported, not stored twice. The search index takes them in at
/// once.
pub fn store_files(
    store: &mut Store,
    request_id: &RequestId,
    files: Vec<ReadFile>,
    mut skipped: Vec<SkippedFile>,
    today: NaiveDate,
) -> Result<DocumentsAdded> {
    store.get_request(request_id)?;
    if files.is_empty()
        && let Some(first) = skipped.first()
    {
        return Err(Error::validation("file", first.reason.clone()));
    }
    // An e-mail (and what came with it) was received the day it was sent.
    let received_on = files
        .first()
        .and_then(|f| f.extracted.email.as_ref())
        .and_then(|m| m.sent_on)
        .filter(|d| *d <= today)
        .unwrap_or(today);
    let mut added = Vec::new();
    store.atomically(|s| -> Result<()> {
        for f in &files {
            if s.find_document(request_id, &checksum(&f.bytes))?.is_some() {
                skipped.push(SkippedFile {
                    name: f.name.clone(),
                    reason: "Dit document staat al bij deze aanvraag.".into(),
                });
                continue;
            }
            let e = &f.extracted;
            s.add_document(
                request_id,
                &NewDocument {
                    name: &f.name,
                    kind: e.kind.code(),
                    bytes: &f.bytes,
                    received_on,
                    parts: &e.parts,
                    pages: e.pages,
                    text_note: if e.no_text {
                        "no_text"
                    } else if e.cut {
                        "cut"
                    } else {
                        ""
                    },
                },
            )?;
            added.push(f.name.clone());
        }
        Ok(())
    })?;
    store.refresh_search(None)?;
    Ok(DocumentsAdded {
        documents: list_documents(store, request_id)?,
        added,
        skipped,
    })
}

/// Reads and stores one file on a request (the two steps above in one call).
pub fn add_document(
    store: &mut Store,
    request_id: &RequestId,
    name: &str,
    bytes: Vec<u8>,
    today: NaiveDate,
) -> Result<DocumentsAdded> {
    let (files, skipped) = read_files(name, bytes);
    store_files(store, request_id, files, skipped, today)
}

pub fn list_documents(store: &Store, request_id: &RequestId) -> Result<Vec<DocumentInfo>> {
    Ok(store
        .list_documents(request_id)?
        .into_iter()
        .map(info)
        .collect())
}

pub fn delete_document(store: &mut Store, id: &str) -> Result<Vec<DocumentInfo>> {
    let request_id = store.get_document(id)?.request_id;
    store.delete_document(id)?;
    store.refresh_search(None)?;
    list_documents(store, &request_id)
}

/// Writes a copy of a document's file into `dir` (a folder of the app's own, emptied by the
/// caller as it likes) for the system's viewer: the stored file is never handed out itself.
pub fn document_copy(store: &Store, id: &str, dir: &std::path::Path) -> Result<std::path::PathBuf> {
    let doc = store.get_document(id)?;
    let bytes = store.document_bytes(id)?.ok_or_else(|| {
        Error::validation(
            "document",
            "Het bestand staat niet op deze computer (toegevoegd op een andere).",
        )
    })?;
    // One folder per document, so two documents of the same name never overwrite each other.
    let folder = dir.join(&doc.id);
    let name = super::follow_up::file_name_of(&doc.name);
    crate::exports::write(&folder, &name, &bytes)
}

/// A new request's fields from an e-mail (.eml or .msg).
pub fn read_email(name: &str, bytes: &[u8], today: NaiveDate) -> Result<EmailDraft> {
    let extracted = extract::extract(&clean_name(name), bytes)
        .map_err(|e| Error::validation("file", e.to_string()))?;
    let email = extracted.email.ok_or_else(|| {
        Error::validation(
            "file",
            "Dit is geen e-mail. Sleep een .eml- of .msg-bestand om er een aanvraag van te maken.",
        )
    })?;
    let excerpt: String = email.body.trim().chars().take(600).collect();
    Ok(EmailDraft {
        subject: email.subject.clone(),
        requester: if email.from_name.is_empty() {
            email.from_address.clone()
        } else {
            email.from_name.clone()
        },
        sender_address: email.from_address.clone(),
        received_on: email.sent_on.filter(|d| *d <= today),
        attachments: email
            .attachments
            .iter()
            .map(|a| clean_name(&a.name))
            .collect(),
        excerpt,
    })
}
