//! Bringing an existing letter into the register: a request with its advice, in one unit.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::advice;
use crate::date;
use crate::error::Result;
use crate::request::{AdviceRequest, RequestInput};
use crate::store::Store;

use super::{create_request, save_section, validate_request};

/// What importing a letter did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LetterImport {
    pub request_id: String,
    pub sections: u32,
    pub notices: Vec<String>,
}

/// Brings a letter written like the published example into the register: a request with the
/// letter's subject and addressee, and its advice with the letter's sections in order.
pub fn import_letter(store: &mut Store, text: &str, today: NaiveDate) -> Result<LetterImport> {
    let letter = crate::letter::parse(text)?;
    let m = &letter.meta;
    let mut notices = letter.notices.clone();
    let notes = [
        (!m.request.is_empty()).then(|| format!("Verzoek: {}", m.request)),
        (!m.signed_by.is_empty())
            .then(|| format!("Ondertekend door {} ({})", m.signed_by, m.signed_as)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    let input = RequestInput {
        requester: if m.addressee.is_empty() {
            "College van B en W".into()
        } else {
            m.addressee.clone()
        },
        our_reference: m.reference.clone(),
        notes,
        ..RequestInput::asked(&m.subject, &date::iso(m.date.unwrap_or(today)))
    };
    // Everything is checked before anything is stored: a refused import leaves nothing behind.
    for s in &letter.sections {
        advice::validate_save(&advice::SectionSave {
            section_id: String::new(),
            base_version: 1,
            title: s.title.clone(),
            body: s.body.clone(),
            checkpoint: false,
        })?;
    }
    validate_request(store, &input)?;
    // One unit: a failure halfway (a full disk) leaves no request without its text.
    let request = store.atomically(|store| -> Result<AdviceRequest> {
        let request = create_request(store, &input, today)?;
        for (i, s) in letter.sections.iter().enumerate() {
            let id = store.insert_section(&request.id, i as u32 + 1, &s.title, s.scope)?;
            if !s.body.is_empty() {
                let save = advice::SectionSave {
                    section_id: id,
                    base_version: 1,
                    title: s.title.clone(),
                    body: s.body.clone(),
                    checkpoint: true,
                };
                save_section(store, &save)?;
            }
        }
        Ok(request)
    })?;
    notices.push(
        "Leg de stappen van het advies (vastgesteld, verzonden) vast bij de aanvraag.".into(),
    );
    Ok(LetterImport {
        request_id: request.id,
        sections: letter.sections.len() as u32,
        notices,
    })
}
