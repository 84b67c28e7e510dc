//! Use cases after the letter: the recommendations of an adopted advice (taken from its text,
//! then merged, split or moved by the secretary), the college's reaction per recommendation,
//! commitments, the follow-up steps (reminder sent, municipal council informed), a request's
//! own reaction term, and the reminder letter.

use chrono::NaiveDate;

use super::letter::{sent_on as sent, text};
use super::{get_advice, get_request};
use crate::advice::SectionScope;
use crate::date;
use crate::error::{Error, Result};
use crate::follow_up::{
    self, CommitmentInput, FollowUp, FollowUpInput, ReactionInput, RecommendationInput,
};
use crate::letter::model::{Block, Form, Letter, Part};
use crate::letterhead;
use crate::status::Status;
use crate::store::Store;
use crate::store::follow_up::NewRecommendation;

use super::letter::LetterFormat;
use crate::RequestId;

/// The college's letter may be a scan; anything larger is not a letter.
pub const MAX_LETTER_BYTES: usize = 50 * 1024 * 1024;

pub fn get_follow_up(store: &Store, request_id: &RequestId, today: NaiveDate) -> Result<FollowUp> {
    let r = get_request(store, request_id, today)?;
    let (sent_on, sent_reference) = sent(&r).unzip();
    Ok(FollowUp {
        request_id: r.id.clone(),
        sent_on,
        sent_reference: sent_reference.unwrap_or_default(),
        reaction_term_days: r.reaction_term_days,
        council_reaction_term_days: store.get_terms()?.reaction_term_days,
        reaction_expected_on: r.plan.reaction_expected_on,
        recommendations: store.list_recommendations(request_id)?,
        reaction: store.get_reaction(request_id)?,
        commitments: store.list_commitments(request_id, today)?,
        steps: store.list_follow_ups(request_id)?,
    })
}

/// The numbered points of the advice's own parts (not its opening or closing) as it reads now.
fn points_of_text(store: &Store, request_id: &RequestId) -> Result<Vec<NewRecommendation>> {
    let advice = get_advice(store, request_id)?;
    let sections: Vec<(&str, &str)> = advice
        .sections
        .iter()
        .filter(|s| !matches!(s.scope, SectionScope::Opening | SectionScope::Closing))
        .map(|s| (s.title.as_str(), s.body.as_str()))
        .collect();
    Ok(follow_up::extract(&sections)
        .into_iter()
        .map(NewRecommendation::from)
        .collect())
}

/// At an adoption the recommendations are read from the text, unless the secretary already
/// shaped the list by hand or the college's outcomes are in it: those are never overwritten.
pub(super) fn after_step(store: &mut Store, request_id: &RequestId) -> Result<()> {
    if store.get_request(request_id)?.status != Status::Adopted {
        return Ok(());
    }
    let current = store.list_recommendations(request_id)?;
    if current.iter().any(|r| r.edited || r.outcome.is_some()) {
        return Ok(());
    }
    let list: Vec<_> = points_of_text(store, request_id)?
        .into_iter()
        .map(|r| (None, r))
        .collect();
    store.replace_recommendations(request_id, &list)?;
    Ok(())
}

/// Reads the recommendations from the text again, replacing the list. Refused once the
/// college's outcomes are recorded: they would be lost.
pub fn extract_recommendations(
    store: &mut Store,
    request_id: &RequestId,
    today: NaiveDate,
) -> Result<FollowUp> {
    let current = store.list_recommendations(request_id)?;
    if current.iter().any(|r| r.outcome.is_some()) {
        return Err(Error::validation(
            "recommendations",
            "De reactie van het college is al per aanbeveling vastgelegd; opnieuw inlezen zou \
             die wissen. Pas de aanbevelingen hier aan.",
        ));
    }
    let list: Vec<_> = points_of_text(store, request_id)?
        .into_iter()
        .map(|r| (None, r))
        .collect();
    store.replace_recommendations(request_id, &list)?;
    get_follow_up(store, request_id, today)
}

/// The advice's list as it may be written back, each with its id.
fn keep_all(
    store: &Store,
    request_id: &RequestId,
) -> Result<Vec<(Option<String>, NewRecommendation)>> {
    Ok(store
        .list_recommendations(request_id)?
        .into_iter()
        .map(|r| {
            (
                Some(r.id),
                NewRecommendation {
                    section_title: r.section_title,
                    title: r.title,
                    body: r.body,
                    edited: r.edited,
                    outcome: r.outcome,
                    reasoning: r.reasoning,
                },
            )
        })
        .collect())
}

fn position(list: &[(Option<String>, NewRecommendation)], id: &str) -> Result<usize> {
    list.iter()
        .position(|(k, _)| k.as_deref() == Some(id))
        .ok_or_else(|| Error::NotFound {
            entity: "recommendation",
            id: id.to_owned(),
        })
}

/// Edits one recommendation; a new number moves it there (the others close up).
pub fn update_recommendation(
    store: &mut Store,
    id: &str,
    input: &RecommendationInput,
    today: NaiveDate,
) -> Result<FollowUp> {
    let request_id = store.request_of("recommendation", id)?;
    let mut list = keep_all(store, &request_id)?;
    follow_up::validate_recommendation(input, list.len())?;
    let at = position(&list, id)?;
    let (key, mut r) = list.remove(at);
    r.title = input.title.trim().to_owned();
    r.body = input.body.trim().to_owned();
    r.edited = true;
    list.insert(input.number as usize - 1, (key, r));
    store.replace_recommendations(&request_id, &list)?;
    get_follow_up(store, &request_id, today)
}

/// Joins a recommendation with the one after it (the text numbered two points where the
/// college will answer one).
pub fn merge_recommendation(store: &mut Store, id: &str, today: NaiveDate) -> Result<FollowUp> {
    let request_id = store.request_of("recommendation", id)?;
    let mut list = keep_all(store, &request_id)?;
    let at = position(&list, id)?;
    if at + 1 >= list.len() {
        return Err(Error::validation(
            "recommendations",
            "Dit is de laatste aanbeveling; er is geen volgende om mee samen te voegen.",
        ));
    }
    let (_, next) = list.remove(at + 1);
    let r = &mut list[at].1;
    r.body = format!("{}\n\n{}", r.body, next.body);
    if r.reasoning.is_empty() {
        r.reasoning = next.reasoning;
    } else if !next.reasoning.is_empty() {
        r.reasoning = format!("{}\n\n{}", r.reasoning, next.reasoning);
    }
    r.outcome = r.outcome.or(next.outcome);
    r.edited = true;
    store.replace_recommendations(&request_id, &list)?;
    get_follow_up(store, &request_id, today)
}

/// Splits a recommendation in two at a character of its text; the second part gets a title of
/// its own and comes right after the first.
pub fn split_recommendation(
    store: &mut Store,
    id: &str,
    at: u32,
    today: NaiveDate,
) -> Result<FollowUp> {
    let request_id = store.request_of("recommendation", id)?;
    let mut list = keep_all(store, &request_id)?;
    let i = position(&list, id)?;
    let (first, second) = follow_up::split_at(&list[i].1.body, at as usize)?;
    let r = &mut list[i].1;
    r.body = first;
    r.edited = true;
    let new = NewRecommendation {
        section_title: r.section_title.clone(),
        title: follow_up::short_title(&second),
        body: second,
        edited: true,
        outcome: None,
        reasoning: String::new(),
    };
    list.insert(i + 1, (None, new));
    store.replace_recommendations(&request_id, &list)?;
    get_follow_up(store, &request_id, today)
}

/// Records (or corrects) the college's reaction with its outcomes; a sent advice's status
/// becomes *reactie ontvangen* on the reaction's date, in the same transaction.
pub fn record_reaction(
    store: &mut Store,
    request_id: &RequestId,
    input: &ReactionInput,
    letter: Option<(&str, &[u8])>,
    today: NaiveDate,
) -> Result<FollowUp> {
    let r = get_request(store, request_id, today)?;
    let ids: Vec<String> = store
        .list_recommendations(request_id)?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let known: Vec<&str> = ids.iter().map(String::as_str).collect();
    let valid = follow_up::validate_reaction(input, sent(&r).map(|s| s.0), today, &known)?;
    if let Some((name, bytes)) = letter {
        check_letter_file(name, bytes)?;
    }
    store.atomically(|s: &mut Store| -> Result<()> {
        s.upsert_reaction(request_id, &valid, letter)?;
        if r.status == Status::Sent {
            s.insert_step(
                request_id,
                Status::ReactionReceived,
                valid.received_on,
                &valid.reference,
                None,
                "",
            )?;
            s.review_steps(request_id)?;
            super::region::after_step(s, request_id)?;
        }
        Ok(())
    })?;
    get_follow_up(store, request_id, today)
}

fn check_letter_file(name: &str, bytes: &[u8]) -> Result<()> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.contains(['/', '\\']) {
        return Err(Error::validation(
            "letter",
            "De bestandsnaam van de brief kan niet; kies het bestand opnieuw.",
        ));
    }
    if bytes.is_empty() {
        return Err(Error::validation("letter", "Het gekozen bestand is leeg."));
    }
    if bytes.len() > MAX_LETTER_BYTES {
        return Err(Error::validation(
            "letter",
            format!(
                "Het bestand is groter dan {} MB; voeg een kleinere versie (PDF) toe.",
                MAX_LETTER_BYTES / 1024 / 1024
            ),
        ));
    }
    Ok(())
}

/// The college's letter attached to the reaction, written to `dir`.
pub fn save_reaction_letter(
    store: &Store,
    request_id: &RequestId,
    dir: &std::path::Path,
) -> Result<String> {
    let (name, bytes) = store.reaction_letter(request_id)?.ok_or_else(|| {
        Error::validation(
            "letter",
            "De brief van het college staat niet op deze computer (toegevoegd op een andere).",
        )
    })?;
    Ok(crate::exports::write(dir, &file_name_of(&name), &bytes)?
        .display()
        .to_string())
}

/// A stored file name made safe for the export folder: letters, digits and dashes, one
/// extension.
pub(super) fn file_name_of(name: &str) -> String {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "pdf"));
    let (stem, ext) = (
        super::letter::slug(stem, usize::MAX),
        super::letter::slug(ext, 1),
    );
    format!(
        "{}.{}",
        if stem.is_empty() { "brief" } else { &stem },
        if ext.is_empty() { "pdf" } else { &ext }
    )
}

pub fn set_reaction_term(
    store: &mut Store,
    request_id: &RequestId,
    days: &str,
    today: NaiveDate,
) -> Result<FollowUp> {
    let days = follow_up::parse_term(days)?;
    store.set_reaction_term(request_id, days)?;
    get_follow_up(store, request_id, today)
}

pub fn save_commitment(
    store: &mut Store,
    request_id: &RequestId,
    id: Option<&str>,
    input: &CommitmentInput,
    today: NaiveDate,
) -> Result<FollowUp> {
    store.get_request(request_id)?;
    let valid = follow_up::validate_commitment(input)?;
    store.upsert_commitment(request_id, id, &valid)?;
    get_follow_up(store, request_id, today)
}

pub fn delete_commitment(store: &mut Store, id: &str, today: NaiveDate) -> Result<FollowUp> {
    let request_id = store.request_of("commitment", id)?;
    store.delete_commitment(id)?;
    get_follow_up(store, &request_id, today)
}

pub fn record_follow_up(
    store: &mut Store,
    request_id: &RequestId,
    input: &FollowUpInput,
    today: NaiveDate,
) -> Result<FollowUp> {
    let r = get_request(store, request_id, today)?;
    let (on, note) = follow_up::validate_follow_up(input, sent(&r).map(|s| s.0), today)?;
    store.insert_follow_up(request_id, input.kind, on, &note)?;
    get_follow_up(store, request_id, today)
}

pub fn delete_follow_up(store: &mut Store, id: &str, today: NaiveDate) -> Result<FollowUp> {
    let request_id = store.request_of("follow_up", id)?;
    store.delete_follow_up(id)?;
    get_follow_up(store, &request_id, today)
}

/// The reminder to the college (*Herinnering: reactie op ons advies van …*), dated today, as
/// the letter model every format renders.
pub fn reminder_letter(
    store: &mut Store,
    request_id: &RequestId,
    today: NaiveDate,
) -> Result<Letter> {
    let r = get_request(store, request_id, today)?;
    let Some((sent_on, reference)) = sent(&r) else {
        return Err(Error::validation(
            "reminder",
            "Het advies is nog niet verzonden; een herinnering kan pas daarna.",
        ));
    };
    let details = super::get_letter_details(store, request_id, today)?;
    let term = r
        .reaction_term_days
        .unwrap_or(store.get_terms()?.reaction_term_days);
    let expected = r.plan.reaction_expected_on;
    let mut blocks = vec![Block::Paragraph(text(format!(
        "Op {} stuurden wij u ons advies over ‘{}’{}.",
        date::long_nl(sent_on),
        r.subject,
        if reference.is_empty() {
            String::new()
        } else {
            format!(" (ons kenmerk {reference})")
        }
    )))];
    blocks.push(Block::Paragraph(text(match expected {
        Some(e) if today > e => format!(
            "Volgens de verordening reageert het college binnen {term} dagen op een advies van \
             de adviesraad. Die termijn verliep op {}. Wij hebben tot nu toe geen reactie van u \
             ontvangen.",
            date::long_nl(e)
        ),
        Some(e) => format!(
            "Volgens de verordening reageert het college binnen {term} dagen op een advies van \
             de adviesraad; wij zien uw reactie uiterlijk {} tegemoet.",
            date::long_nl(e)
        ),
        None => "Wij hebben nog geen reactie van u ontvangen.".into(),
    })));
    let recs = store.list_recommendations(request_id)?;
    if !recs.is_empty() {
        blocks.push(Block::Paragraph(text(
            "Ons advies bevatte de volgende aanbevelingen:",
        )));
        blocks.push(Block::List {
            start: Some(1),
            items: recs
                .iter()
                .map(|x| vec![Block::Paragraph(text(x.title.clone()))])
                .collect(),
        });
    }
    blocks.push(Block::Paragraph(text(
        "Wij verzoeken u ons uw reactie binnen vier weken te sturen en daarin per aanbeveling \
         aan te geven of het college die overneemt, en zo niet, waarom niet. Wij vragen u ook \
         de gemeenteraad over ons advies en uw reactie te informeren.",
    )));
    let mut l = super::letter::council_document(
        store,
        Form::Letter,
        format!(
            "Herinnering: reactie op ons advies van {}",
            date::long_nl(sent_on)
        ),
        today,
    )?;
    l.addressee = super::letter::lines(&details.addressee);
    l.our_reference = reference;
    l.their_reference = details.their_reference.clone();
    l.salutation = letterhead::default_salutation(&details.addressee).to_owned();
    l.parts = vec![Part {
        title: String::new(),
        scope: SectionScope::Opening,
        blocks,
    }];
    super::letter::sign(store, &mut l, &details)?;
    Ok(l)
}

pub fn render_reminder(
    store: &mut Store,
    request_id: &RequestId,
    format: LetterFormat,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let l = reminder_letter(store, request_id, today)?;
    super::letter::render_model(&l, format)
}

/// The reminder's file name: `herinnering-` and the first words of the advice's subject.
pub fn suggested_reminder_name(
    store: &Store,
    request_id: &RequestId,
    format: LetterFormat,
    today: NaiveDate,
) -> Result<String> {
    let subject = get_request(store, request_id, today)?.subject;
    Ok(super::letter_file_name(&subject, format).replacen("advies-", "herinnering-", 1))
}

/// Writes the reminder to `dir`, named after the advice's subject.
pub fn save_reminder(
    store: &mut Store,
    request_id: &RequestId,
    format: LetterFormat,
    today: NaiveDate,
    dir: &std::path::Path,
) -> Result<String> {
    let bytes = render_reminder(store, request_id, format, today)?;
    let name = suggested_reminder_name(store, request_id, format, today)?;
    Ok(crate::exports::write(dir, &name, &bytes)?
        .display()
        .to_string())
}

/// Writes the reminder to the path the user chose in the save dialog.
pub fn save_reminder_as(
    store: &mut Store,
    request_id: &RequestId,
    format: LetterFormat,
    today: NaiveDate,
    path: &std::path::Path,
) -> Result<String> {
    let bytes = render_reminder(store, request_id, format, today)?;
    crate::exports::write_path(path, &bytes)?;
    Ok(path.display().to_string())
}
