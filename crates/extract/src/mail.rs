//! E-mail: an .eml (RFC 5322 with MIME parts, by mail-parser) or an Outlook .msg (an OLE
//! compound file whose properties are streams named by property tag, by cfb). Both give the
//! same facts: subject, sender, date, body text and attachments.

use std::io::{Cursor, Read};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use mail_parser::{MessageParser, MimeHeaders};

use crate::{Error, Kind, MAX_FILE_BYTES, Result};

/// Attachments read from one message at most; a message with more is not a council's paper.
const MAX_ATTACHMENTS: usize = 200;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Email {
    pub subject: String,
    pub from_name: String,
    pub from_address: String,
    /// The day it was sent, in its own time zone's calendar.
    pub sent_on: Option<NaiveDate>,
    pub body: String,
    pub attachments: Vec<Attachment>,
}

#[derive(Clone, PartialEq)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Attachment({}, {} bytes)", self.name, self.bytes.len())
    }
}

impl Email {
    /// The text that is searched: the header facts a secretary would look for, then the body.
    pub fn as_text(&self) -> String {
        let mut out = format!("Onderwerp: {}\n", self.subject);
        let from = match (self.from_name.is_empty(), self.from_address.is_empty()) {
            (false, false) => format!("{} <{}>", self.from_name, self.from_address),
            (false, true) => self.from_name.clone(),
            _ => self.from_address.clone(),
        };
        out.push_str(&format!("Van: {from}\n"));
        if let Some(d) = self.sent_on {
            out.push_str(&format!("Datum: {}\n", d.format("%d-%m-%Y")));
        }
        if !self.attachments.is_empty() {
            let names: Vec<&str> = self.attachments.iter().map(|a| a.name.as_str()).collect();
            out.push_str(&format!("Bijlagen: {}\n", names.join(", ")));
        }
        out.push('\n');
        out.push_str(self.body.trim());
        out
    }
}

pub(crate) fn eml(bytes: &[u8]) -> Result<Email> {
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| Error::damaged(Kind::Eml, "geen e-mailbericht"))?;
    // Anything parses as a message with a body; without a single header it was no e-mail.
    if message.subject().is_none() && message.from().is_none() && message.date().is_none() {
        return Err(Error::damaged(
            Kind::Eml,
            "geen onderwerp, afzender of datum gevonden",
        ));
    }
    let from = message.from().and_then(|a| a.first());
    let sent_on = message
        .date()
        .and_then(|d| NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32));
    let attachments = message
        .attachments()
        .take(MAX_ATTACHMENTS)
        .enumerate()
        .map(|(i, part)| Attachment {
            name: part
                .attachment_name()
                .map(str::to_string)
                .unwrap_or_else(|| format!("bijlage-{}", i + 1)),
            bytes: part.contents().to_vec(),
        })
        .collect();
    Ok(Email {
        subject: message.subject().unwrap_or_default().trim().to_string(),
        from_name: from.and_then(|a| a.name()).unwrap_or_default().to_string(),
        from_address: from
            .and_then(|a| a.address())
            .unwrap_or_default()
            .to_string(),
        sent_on,
        body: message
            .body_text(0)
            .map(|b| b.into_owned())
            .unwrap_or_default(),
        attachments,
    })
}

// MAPI property ids of an Outlook message (MS-OXPROPS) and their stream types.
const SUBJECT: u16 = 0x0037;
const BODY: u16 = 0x1000;
const SENDER_NAME: u16 = 0x0C1A;
const SENDER_ADDRESS: u16 = 0x0C1F;
const SENDER_SMTP: u16 = 0x5D01;
const SUBMIT_TIME: u16 = 0x0039;
const DELIVERY_TIME: u16 = 0x0E06;
const ATTACH_LONG_NAME: u16 = 0x3707;
const ATTACH_NAME: u16 = 0x3704;
const ATTACH_DATA: u16 = 0x3701;
const UNICODE: u16 = 0x001F;
const STRING8: u16 = 0x001E;
const BINARY: u16 = 0x0102;
const SYSTIME: u16 = 0x0040;

pub(crate) fn msg(bytes: &[u8]) -> Result<Email> {
    let mut file =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| Error::damaged(Kind::Msg, e))?;
    let subject = string_prop(&mut file, "", SUBJECT);
    let from_name = string_prop(&mut file, "", SENDER_NAME);
    let from_address = string_prop(&mut file, "", SENDER_SMTP)
        .filter(|a| a.contains('@'))
        .or_else(|| string_prop(&mut file, "", SENDER_ADDRESS));
    if subject.is_none() && from_name.is_none() && from_address.is_none() {
        return Err(Error::damaged(
            Kind::Msg,
            "geen Outlook-bericht (onderwerp en afzender ontbreken)",
        ));
    }
    let sent_on = time_prop(&mut file, SUBMIT_TIME)
        .or_else(|| time_prop(&mut file, DELIVERY_TIME))
        .map(|t| t.date_naive());
    let body = string_prop(&mut file, "", BODY).unwrap_or_default();
    let storages: Vec<String> = file
        .read_root_storage()
        .filter(|e| e.is_storage() && e.name().starts_with("__attach_version1.0_#"))
        .map(|e| e.name().to_string())
        .take(MAX_ATTACHMENTS)
        .collect();
    let mut attachments = Vec::new();
    for (i, storage) in storages.iter().enumerate() {
        let prefix = format!("/{storage}/");
        let Some(bytes) = read_stream(
            &mut file,
            &format!("{prefix}{}", stream_name(ATTACH_DATA, BINARY)),
        ) else {
            continue; // an embedded message or OLE object: no file to list
        };
        let name = string_prop(&mut file, &prefix, ATTACH_LONG_NAME)
            .or_else(|| string_prop(&mut file, &prefix, ATTACH_NAME))
            .unwrap_or_else(|| format!("bijlage-{}", i + 1));
        attachments.push(Attachment { name, bytes });
    }
    Ok(Email {
        subject: subject.unwrap_or_default().trim().to_string(),
        from_name: from_name.unwrap_or_default(),
        from_address: from_address.unwrap_or_default(),
        sent_on,
        body,
        attachments,
    })
}

fn stream_name(id: u16, kind: u16) -> String {
    format!("__substg1.0_{id:04X}{kind:04X}")
}

fn read_stream<F: Read + std::io::Seek>(
    file: &mut cfb::CompoundFile<F>,
    path: &str,
) -> Option<Vec<u8>> {
    let mut stream = file.open_stream(path).ok()?;
    let mut out = Vec::new();
    // A compound file's stream cannot be larger than the file, itself capped; the cap here keeps
    // a lying directory entry from asking for more.
    stream
        .by_ref()
        .take(MAX_FILE_BYTES)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

fn string_prop<F: Read + std::io::Seek>(
    file: &mut cfb::CompoundFile<F>,
    prefix: &str,
    id: u16,
) -> Option<String> {
    let root = if prefix.is_empty() { "/" } else { prefix };
    if let Some(raw) = read_stream(file, &format!("{root}{}", stream_name(id, UNICODE))) {
        let units: Vec<u16> = raw
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let s = String::from_utf16_lossy(&units);
        return Some(s.trim_end_matches('\0').to_string()).filter(|s| !s.is_empty());
    }
    let raw = read_stream(file, &format!("{root}{}", stream_name(id, STRING8)))?;
    Some(crate::text::decode(&raw).trim_end_matches('\0').to_string()).filter(|s| !s.is_empty())
}

/// A time property from the message's fixed-length property stream: a 32-byte header, then
/// 16-byte entries (type, id, flags, value), the value a FILETIME (100 ns since 1601).
fn time_prop<F: Read + std::io::Seek>(
    file: &mut cfb::CompoundFile<F>,
    id: u16,
) -> Option<DateTime<Utc>> {
    let raw = read_stream(file, "/__properties_version1.0")?;
    raw.get(32..)?.chunks_exact(16).find_map(|e| {
        let kind = u16::from_le_bytes([e[0], e[1]]);
        let prop = u16::from_le_bytes([e[2], e[3]]);
        if kind != SYSTIME || prop != id {
            return None;
        }
        let ticks = u64::from_le_bytes(e[8..16].try_into().ok()?);
        let secs = (ticks / 10_000_000).checked_sub(11_644_473_600)?;
        Utc.timestamp_opt(secs as i64, 0).single()
    })
}
