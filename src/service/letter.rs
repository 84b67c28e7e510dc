//! Use cases of the advice letter: the letterhead and its logo, the letter's own data per
//! request, the letter as one document model, and its output as Word, PDF/A or HTML, one at a
//! time or a year's letters at once.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{get_advice, get_request};
use crate::RequestId;
use crate::error::{Error, Result};
use crate::letter::model::{Form, Letter, Logo, Part, Reader};
use crate::letterhead::{self, LetterDetails, LetterDetailsInput, Letterhead, LetterheadInput};
use crate::request::AdviceRequest;
use crate::status::Status;
use crate::store::Store;

pub fn get_letterhead(store: &Store) -> Result<Letterhead> {
    Ok(store.get_letterhead()?)
}

pub fn save_letterhead(store: &mut Store, input: &LetterheadInput) -> Result<Letterhead> {
    let valid = letterhead::validate_letterhead(input)?;
    store.upsert_letterhead(&valid)?;
    Ok(store.get_letterhead()?)
}

/// Stores a logo after checking that it is a PNG or SVG the PDF renderer can draw, so a broken
/// file is refused now, not when a letter is due.
pub fn save_logo(store: &mut Store, bytes: &[u8]) -> Result<Letterhead> {
    let format = letterhead::logo_format(bytes)?;
    crate::letter::pdf::check_logo(bytes, format)?;
    store.set_logo(Some((bytes, format)))?;
    Ok(store.get_letterhead()?)
}

pub fn remove_logo(store: &mut Store) -> Result<Letterhead> {
    store.set_logo(None)?;
    Ok(store.get_letterhead()?)
}

/// The latest sending of the advice, if it was sent: its date and the letter's reference.
pub(super) fn sent_on(r: &AdviceRequest) -> Option<(NaiveDate, String)> {
    r.steps
        .iter()
        .rev()
        .find(|s| s.status == Status::Sent)
        .map(|s| (s.on, s.reference.clone()))
}

/// The letter's data for a request: as stored, or what the request and the council say.
pub fn get_letter_details(
    store: &Store,
    request_id: &RequestId,
    today: NaiveDate,
) -> Result<LetterDetails> {
    let r = get_request(store, request_id, today)?;
    if let Some(d) = store.get_letter_details(request_id)? {
        return Ok(d);
    }
    let council = store.get_council()?;
    // Unasked advice has no requester; it goes to the college all the same.
    let mut addressee = if r.requester.trim().is_empty() {
        "College van burgemeester en wethouders".to_owned()
    } else {
        r.requester.clone()
    };
    if !council.municipality.is_empty() && !addressee.contains(&council.municipality) {
        addressee.push_str(&format!("\nGemeente {}", council.municipality));
    }
    let sent = sent_on(&r);
    Ok(LetterDetails {
        request_id: r.id.clone(),
        addressee,
        date: None,
        our_reference: sent
            .map(|(_, reference)| reference)
            .filter(|x| !x.is_empty())
            .unwrap_or(r.our_reference.clone()),
        their_reference: if r.municipality_reference.is_empty() {
            r.case_number.clone()
        } else {
            r.municipality_reference.clone()
        },
        salutation: String::new(),
        closing_formula: String::new(),
        attachments: String::new(),
        copies: String::new(),
        signer: String::new(),
        signer_role: String::new(),
        stored: false,
    })
}

pub fn save_letter_details(
    store: &mut Store,
    input: &LetterDetailsInput,
    today: NaiveDate,
) -> Result<LetterDetails> {
    get_request(store, &input.request_id, today)?;
    let valid = letterhead::validate_details(input)?;
    store.upsert_letter_details(&valid)?;
    get_letter_details(store, &input.request_id, today)
}

/// The letter of a request's advice as the document model every output format renders.
pub fn letter(store: &mut Store, request_id: &RequestId, today: NaiveDate) -> Result<Letter> {
    let details = get_letter_details(store, request_id, today)?;
    let r = get_request(store, request_id, today)?;
    let advice = get_advice(store, request_id)?;
    let mut reader = Reader::default();
    // A section without text (say, no local addition) is left out of the letter.
    let parts = advice
        .sections
        .iter()
        .map(|s| Part {
            title: s.title.clone(),
            scope: s.scope,
            blocks: reader.blocks(&s.body),
        })
        .filter(|p| !p.blocks.is_empty())
        .collect();
    let mut l = council_document(store, Form::Letter, r.subject.clone(), today)?;
    l.addressee = lines(&details.addressee);
    // Dated the day it was sent, once it was; until then, today.
    l.date = details
        .date
        .or(sent_on(&r).map(|(on, _)| on))
        .unwrap_or(today);
    l.our_reference = details.our_reference.clone();
    l.their_reference = details.their_reference.clone();
    l.salutation = details.salutation.clone();
    l.parts = parts;
    l.footnotes = reader.footnotes;
    l.attachments = lines(&details.attachments);
    l.copies = lines(&details.copies);
    sign(store, &mut l, &details)?;
    // Without an opening text of its own the letter would go from the subject straight to
    // heading A: it opens with a salutation that fits the addressee.
    if l.salutation.is_empty() && !l.has_opening() {
        l.salutation = letterhead::default_salutation(&details.addressee).to_owned();
    }
    Ok(l)
}

/// The lines of a multi-line field (an address, a list of attachments), empty ones left out.
pub(super) fn lines(s: &str) -> Vec<String> {
    letterhead::lines(s)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// A document of the council dated `date`: headed by its name (a default until it has one),
/// its letterhead lines and logo, and nothing else yet; the caller fills in the rest.
pub(super) fn council_document(
    store: &Store,
    form: Form,
    subject: String,
    date: NaiveDate,
) -> Result<Letter> {
    let council = store.get_council()?;
    Ok(Letter {
        form,
        council: if council.name.is_empty() {
            "Adviesraad Sociaal Domein".into()
        } else {
            council.name
        },
        letterhead: store.get_letterhead()?.lines(),
        logo: store
            .get_logo()?
            .map(|(bytes, format)| Logo { bytes, format }),
        addressee: Vec::new(),
        date,
        our_reference: String::new(),
        their_reference: String::new(),
        subject,
        salutation: String::new(),
        parts: Vec::new(),
        footnotes: Vec::new(),
        closing_formula: String::new(),
        signer: String::new(),
        signer_role: String::new(),
        attachments: Vec::new(),
        copies: Vec::new(),
    })
}

/// Closes and signs a letter as its own data says, or else with the letterhead's closing
/// formula, by the council's chair in the letterhead's role.
pub(super) fn sign(store: &Store, l: &mut Letter, details: &LetterDetails) -> Result<()> {
    let head = store.get_letterhead()?;
    l.closing_formula = if details.closing_formula.is_empty() {
        head.closing_formula
    } else {
        details.closing_formula.clone()
    };
    l.signer = if details.signer.is_empty() {
        store.get_council()?.chair
    } else {
        details.signer.clone()
    };
    l.signer_role = if details.signer_role.is_empty() {
        head.signer_role
    } else {
        details.signer_role.clone()
    };
    Ok(())
}

/// Output formats of the letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LetterFormat {
    Html,
    Docx,
    Pdf,
}

impl LetterFormat {
    pub fn extension(self) -> &'static str {
        match self {
            LetterFormat::Html => "html",
            LetterFormat::Docx => "docx",
            LetterFormat::Pdf => "pdf",
        }
    }
}

/// The letter in a format, as bytes.
pub fn render_letter(
    store: &mut Store,
    request_id: &RequestId,
    format: LetterFormat,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let l = letter(store, request_id, today)?;
    render_model(&l, format)
}

/// Any document model (a letter, a reminder, the annual report) in a format, as bytes.
pub(super) fn render_model(l: &Letter, format: LetterFormat) -> Result<Vec<u8>> {
    match format {
        LetterFormat::Html => Ok(crate::letter::html::render(l).into_bytes()),
        LetterFormat::Docx => Ok(crate::letter::docx::render(l)?),
        LetterFormat::Pdf => Ok(crate::letter::pdf::render(l)?),
    }
}

/// The letter as the app shows it before exporting (HTML made and escaped by the core).
/// The letter as the panel beside the editor shows it, with what the writer should look at
/// before sending it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LetterPreview {
    /// Made and escaped by the letter's HTML renderer.
    pub html: String,
    /// In Dutch, one sentence each.
    pub warnings: Vec<String>,
}

pub fn letter_preview(
    store: &mut Store,
    request_id: &RequestId,
    today: NaiveDate,
) -> Result<LetterPreview> {
    let l = letter(store, request_id, today)?;
    let mut warnings = Vec::new();
    if !l.has_opening() {
        warnings.push(format!(
            "De inleiding is leeg: de brief opent met ‘{}’ en gaat daarna direct naar het advies. \
             Schrijf een inleiding als de brief die nodig heeft.",
            l.salutation
        ));
    }
    if l.parts.is_empty() {
        warnings.push("Het advies heeft nog geen tekst.".into());
    }
    Ok(LetterPreview {
        html: crate::letter::html::render_fragment(&l),
        warnings,
    })
}

/// Lower-case letters and digits of `s` with dashes between its words, at most `words` of them:
/// safe in any file name.
pub(super) fn slug(s: &str, words: usize) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .take(words)
        .collect::<Vec<_>>()
        .join("-")
}

/// The end of a record's id: keeps two files of the same subject apart, the same at every
/// export.
pub(super) fn id_tag(id: &RequestId) -> String {
    let id = id.as_str();
    id.chars()
        .skip(id.chars().count().saturating_sub(6))
        .collect()
}

/// A file name for the letter: `advies-` and the first words of its subject.
pub fn letter_file_name(subject: &str, format: LetterFormat) -> String {
    let stem = slug(subject, 8);
    format!(
        "advies-{}.{}",
        if stem.is_empty() { "brief" } else { &stem },
        format.extension()
    )
}

/// The file name a letter is saved under by default (also the save dialog's suggestion).
pub fn suggested_letter_name(
    store: &Store,
    request_id: &RequestId,
    format: LetterFormat,
    today: NaiveDate,
) -> Result<String> {
    Ok(letter_file_name(
        &get_request(store, request_id, today)?.subject,
        format,
    ))
}

/// Writes the letter in `format` to `dir` (the export folder), named after its subject, and
/// returns the path.
pub fn save_letter(
    store: &mut Store,
    request_id: &RequestId,
    format: LetterFormat,
    today: NaiveDate,
    dir: &std::path::Path,
) -> Result<String> {
    let name = suggested_letter_name(store, request_id, format, today)?;
    write_letter(store, request_id, format, today, dir, &name)
}

/// Renders the letter and writes it as `dir/name` (safe name, temporary file renamed into place).
fn write_letter(
    store: &mut Store,
    request_id: &RequestId,
    format: LetterFormat,
    today: NaiveDate,
    dir: &std::path::Path,
    name: &str,
) -> Result<String> {
    let bytes = render_letter(store, request_id, format, today)?;
    Ok(crate::exports::write(dir, name, &bytes)?
        .display()
        .to_string())
}

/// Writes the letter to the exact path the user chose in a save dialog (temporary file, then
/// renamed over it: an existing file is replaced whole or left alone).
pub fn save_letter_as(
    store: &mut Store,
    request_id: &RequestId,
    format: LetterFormat,
    today: NaiveDate,
    path: &std::path::Path,
) -> Result<String> {
    let bytes = render_letter(store, request_id, format, today)?;
    crate::exports::write_path(path, &bytes)?;
    Ok(path.display().to_string())
}

/// A year the council can have worked in.
pub(super) fn check_year(year: i32) -> Result<()> {
    if !(1900..=2200).contains(&year) {
        return Err(Error::validation(
            "year",
            "Kies een jaar tussen 1900 en 2200.",
        ));
    }
    Ok(())
}

/// Plain text as the inlines of a paragraph, for documents the app writes itself.
pub(super) fn text(s: impl Into<String>) -> Vec<crate::letter::model::Inline> {
    vec![crate::letter::model::Inline::Text(s.into())]
}

/// One request whose letter a year's export will write.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct YearLetter {
    pub request_id: RequestId,
    pub subject: String,
}

/// The requests of `year` that have an advice with text: every letter the council wrote that
/// year (by the day the request came in), oldest first.
pub fn letters_of_year(store: &mut Store, year: i32, today: NaiveDate) -> Result<Vec<YearLetter>> {
    check_year(year)?;
    let ids = store.requests_with_advice_in_year(year)?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let r = get_request(store, &id, today)?;
        debug_assert_eq!(r.received_on.year(), year);
        out.push(YearLetter {
            request_id: r.id,
            subject: r.subject,
        });
    }
    Ok(out)
}

/// Writes one letter of a year's export into `dir/brieven-<year>/`, named after the day the
/// request came in and its subject.
pub fn save_year_letter(
    store: &mut Store,
    request_id: &RequestId,
    format: LetterFormat,
    today: NaiveDate,
    dir: &std::path::Path,
) -> Result<String> {
    let r = get_request(store, request_id, today)?;
    let folder = dir.join(format!("brieven-{}", r.received_on.year()));
    // The day it came in sorts the folder; the end of the id keeps two letters with the same
    // subject apart, and a second export of the year replaces the same files.
    let tag = id_tag(&r.id);
    let name = letter_file_name(&r.subject, format).replacen(
        &format!(".{}", format.extension()),
        &format!("-{tag}.{}", format.extension()),
        1,
    );
    let name = format!("{}-{name}", crate::date::iso(r.received_on));
    write_letter(store, request_id, format, today, &folder, &name)
}
