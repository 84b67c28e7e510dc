//! Bringing an existing letter into the register: a request with its advice, in one unit.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::RequestId;
use crate::advice;
use crate::date;
use crate::error::Result;
use crate::letter::{LetterMeta, LetterSection};
use crate::letterhead::{self, LetterDetailsInput};
use crate::request::{AdviceRequest, RequestInput};
use crate::store::Store;

use super::{
    create_request, get_letter_details, save_council, save_letter_details, save_section,
    validate_request,
};

/// What importing a letter did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LetterImport {
    pub request_id: RequestId,
    pub sections: u32,
    pub notices: Vec<String>,
}

/// Brings a letter written like the published example into the register: a request with the
/// letter's subject and addressee, its advice with the letter's sections in order, and the
/// letter's own data (date, closing formula, who signs it and as what), so that an export of
/// it is signed as the original was. A council without a name takes the letter's.
pub fn import_letter(store: &mut Store, text: &str, today: NaiveDate) -> Result<LetterImport> {
    let letter = crate::letter::parse(text)?;
    let m = &letter.meta;
    let mut notices = letter.notices.clone();
    let input = request_of(m, today);
    // Everything is checked before anything is stored: a refused import leaves nothing behind.
    for s in &letter.sections {
        advice::validate_save(&advice::SectionSave {
            section_id: crate::SectionId::default(),
            base_version: 1,
            title: s.title.clone(),
            body: s.body.clone(),
            checkpoint: false,
            base_body: None,
        })?;
    }
    validate_request(store, &input)?;
    let sender = sender_of(m, &input.requester);
    if let Some(own) = &sender {
        letterhead::validate_details(own)?;
    }
    let council = store.get_council()?;
    let name_council = council.name.is_empty() && !m.council.is_empty();
    if name_council {
        notices.push(format!(
            "De naam van de raad is overgenomen uit de brief: ‘{}’ (Instellingen).",
            m.council
        ));
    } else if !m.council.is_empty() && m.council != council.name {
        notices.push(format!(
            "De brief noemt ‘{}’ als afzender; Advieswerk ondertekent namens ‘{}’ (Instellingen).",
            m.council, council.name
        ));
    }
    // One unit: a failure halfway (a full disk) leaves no request without its text.
    let request = store.atomically(|store| -> Result<AdviceRequest> {
        let request = create_request(store, &input, today)?;
        write_sections(store, &request.id, &letter.sections)?;
        if let Some(own) = sender {
            let d = get_letter_details(store, &request.id, today)?;
            let details = LetterDetailsInput {
                request_id: request.id.clone(),
                addressee: d.addressee,
                our_reference: d.our_reference,
                their_reference: d.their_reference,
                ..own
            };
            save_letter_details(store, &details, today)?;
        }
        if name_council {
            let mut input = council.to_input();
            input.name = m.council.clone();
            save_council(store, &input)?;
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

/// The request a letter answers: its subject, addressee (the college when it names none),
/// reference and date (today when it has none).
fn request_of(m: &LetterMeta, today: NaiveDate) -> RequestInput {
    let notes = if m.request.is_empty() {
        String::new()
    } else {
        format!("Verzoek: {}", m.request)
    };
    RequestInput {
        requester: if m.addressee.is_empty() {
            "College van B en W".into()
        } else {
            m.addressee.clone()
        },
        our_reference: m.reference.clone(),
        notes,
        ..RequestInput::asked(&m.subject, &date::iso(m.date.unwrap_or(today)))
    }
}

/// What the letter says of who sends it (date, closing formula, signer and role); `None` when
/// it says nothing of it. The request's own data (the college's address, the references) fills
/// the rest once the request exists.
fn sender_of(m: &LetterMeta, addressee: &str) -> Option<LetterDetailsInput> {
    let says_who_sends = !(m.signed_by.is_empty()
        && m.signed_as.is_empty()
        && m.closing_formula.is_empty()
        && m.date.is_none());
    says_who_sends.then(|| LetterDetailsInput {
        request_id: RequestId::default(),
        addressee: addressee.to_owned(),
        date: m.date.map(date::short_nl).unwrap_or_default(),
        our_reference: String::new(),
        their_reference: String::new(),
        salutation: String::new(),
        closing_formula: m.closing_formula.clone(),
        attachments: String::new(),
        copies: String::new(),
        signer: m.signed_by.clone(),
        signer_role: m.signed_as.clone(),
    })
}

/// The letter's sections as the advice's, in order; each text kept as a revision.
fn write_sections(
    store: &mut Store,
    request: &RequestId,
    sections: &[LetterSection],
) -> Result<()> {
    for (i, s) in sections.iter().enumerate() {
        let id = store.insert_section(request, i as u32 + 1, &s.title, s.scope)?;
        if !s.body.is_empty() {
            let save = advice::SectionSave {
                section_id: id,
                base_version: 1,
                title: s.title.clone(),
                body: s.body.clone(),
                checkpoint: true,
                base_body: None,
            };
            save_section(store, &save)?;
        }
    }
    Ok(())
}
