//! Advice requests (asked and unasked): the types the register and detail screens show, the
//! input a form sends, and its validation.

use crate::stamp::Stamp;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date;
use crate::deadline::DeadlinePlan;
use crate::error::{Problems, Result};
use crate::id::RequestId;
use crate::status::{self, Status, StepContext, Tenor};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Requested by the college.
    Asked,
    /// *Ongevraagd advies*: on the council's own initiative.
    Unasked,
}

impl RequestKind {
    pub fn code(self) -> &'static str {
        match self {
            RequestKind::Asked => "asked",
            RequestKind::Unasked => "unasked",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "asked" => Some(RequestKind::Asked),
            "unasked" => Some(RequestKind::Unasked),
            _ => None,
        }
    }
}

/// One step in the life of a request, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub id: String,
    pub status: Status,
    pub on: NaiveDate,
    /// For `Sent`: the letter's reference (*kenmerk*).
    pub reference: String,
    pub tenor: Option<Tenor>,
    pub note: String,
    pub recorded_at: Stamp,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AdviceRequest {
    pub id: RequestId,
    pub subject: String,
    pub requester: String,
    pub kind: RequestKind,
    pub theme_id: Option<String>,
    pub theme_name: Option<String>,
    pub working_group_id: Option<String>,
    pub working_group_name: Option<String>,
    pub received_on: NaiveDate,
    pub requested_by: Option<NaiveDate>,
    pub municipality_reference: String,
    pub case_number: String,
    pub our_reference: String,
    pub notes: String,
    pub confidential: bool,
    /// The college's reaction term for this advice when it differs from the council's.
    pub reaction_term_days: Option<u32>,
    pub status: Status,
    pub tenor: Option<Tenor>,
    /// Oldest first; the first step is always `Received`.
    pub steps: Vec<Step>,
    pub plan: DeadlinePlan,
    /// What the status may become next, for the status form.
    pub next_statuses: Vec<Status>,
    /// What members should look at after their changes were merged (steps recorded apart
    /// that the state machine would not allow together), in Dutch.
    pub reviews: Vec<String>,
    pub created_at: Stamp,
    pub updated_at: Stamp,
    pub updated_by: String,
}

/// One row of the register.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequestSummary {
    pub id: RequestId,
    pub subject: String,
    pub requester: String,
    pub kind: RequestKind,
    pub theme_name: Option<String>,
    pub working_group_name: Option<String>,
    pub received_on: NaiveDate,
    pub status: Status,
    pub confidential: bool,
    pub plan: DeadlinePlan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Due,
    Received,
    Subject,
    Status,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegisterQuery {
    /// Empty means every status.
    pub statuses: Vec<Status>,
    pub theme_id: Option<String>,
    pub working_group_id: Option<String>,
    /// Year of the received date.
    pub year: Option<i32>,
    /// Matched against subject, requester, references and case number.
    pub search: String,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: u32,
    /// 0 means the default page size.
    pub limit: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegisterPage {
    pub rows: Vec<RequestSummary>,
    /// Matching rows in all pages.
    pub total: u32,
    /// Years that have requests, newest first, for the year filter.
    pub years: Vec<i32>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequestInput {
    pub subject: String,
    pub requester: String,
    pub kind: RequestKind,
    pub theme_id: Option<String>,
    pub working_group_id: Option<String>,
    pub received_on: String,
    pub requested_by: String,
    pub municipality_reference: String,
    pub case_number: String,
    pub our_reference: String,
    pub notes: String,
    pub confidential: bool,
}

impl RequestInput {
    /// An advice asked by the college with only a subject and a received date (typed form),
    /// the rest empty: what scripts and tests start from.
    pub fn asked(subject: &str, received_on: &str) -> RequestInput {
        RequestInput {
            subject: subject.into(),
            requester: "College van B en W".into(),
            kind: RequestKind::Asked,
            theme_id: None,
            working_group_id: None,
            received_on: received_on.into(),
            requested_by: String::new(),
            municipality_reference: String::new(),
            case_number: String::new(),
            our_reference: String::new(),
            notes: String::new(),
            confidential: false,
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepInput {
    pub status: Status,
    pub on: String,
    pub reference: String,
    pub tenor: Option<Tenor>,
    pub note: String,
}

/// A status step that passed every rule, ready to be recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidStep {
    pub status: Status,
    pub on: NaiveDate,
    pub reference: String,
    /// Only an adoption carries a tenor; for any other step it is dropped.
    pub tenor: Option<Tenor>,
    pub note: String,
}

/// Checks a proposed step against the request's state (`ctx`): the date, the lengths of its
/// texts and the status machine's rules. Every problem is named at its field at once.
pub fn validate_step(input: &StepInput, ctx: &StepContext) -> Result<ValidStep> {
    let mut p = Problems::default();
    let on = p.take("on", date::parse(&input.on));
    let reference = input.reference.trim();
    let note = input.note.trim();
    if reference.chars().count() > MAX_SHORT {
        p.add("reference", format!("Maximaal {MAX_SHORT} tekens."));
    }
    if note.chars().count() > MAX_NOTES {
        p.add("note", format!("Maximaal {MAX_NOTES} tekens."));
    }
    if let Some(on) = on
        && let Err(errs) = status::check_step(ctx, input.status, on, input.tenor, note)
    {
        for (field, msg) in errs {
            p.add(field, msg);
        }
    }
    p.into_result()?;
    Ok(ValidStep {
        status: input.status,
        on: on.expect("a date that failed is a problem above"),
        reference: reference.to_owned(),
        tenor: input.tenor.filter(|_| input.status == Status::Adopted),
        note: note.to_owned(),
    })
}

/// A changed received date may not come after the request's next step (`steps` in order, the
/// first being the registration itself).
pub fn check_received_on(received_on: NaiveDate, steps: &[Step]) -> Result<()> {
    match steps.get(1) {
        Some(next) if received_on > next.on => Err(crate::Error::validation(
            "receivedOn",
            format!(
                "De ontvangstdatum mag niet na de stap ‘{}’ van {} liggen.",
                next.status.label_nl(),
                date::long_nl(next.on)
            ),
        )),
        _ => Ok(()),
    }
}

#[derive(Debug, Clone)]
pub struct ValidRequest {
    pub subject: String,
    pub requester: String,
    pub kind: RequestKind,
    pub theme_id: Option<String>,
    pub working_group_id: Option<String>,
    pub received_on: NaiveDate,
    pub requested_by: Option<NaiveDate>,
    pub municipality_reference: String,
    pub case_number: String,
    pub our_reference: String,
    pub notes: String,
    pub confidential: bool,
}

pub const MAX_SUBJECT: usize = 300;
pub const MAX_SHORT: usize = 200;
pub const MAX_NOTES: usize = 20_000;

fn limited(p: &mut Problems, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.chars().count() > max {
        p.add(
            field,
            format!("Maximaal {max} tekens (nu {}).", v.chars().count()),
        );
    }
    v.to_owned()
}

fn some_id(id: &Option<String>) -> Option<String> {
    id.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Checks the form on its own; whether theme and working group exist is checked by the service.
pub fn validate(input: &RequestInput) -> Result<ValidRequest> {
    let mut p = Problems::default();
    let subject = limited(&mut p, "subject", &input.subject, MAX_SUBJECT);
    if subject.is_empty() {
        p.add("subject", "Vul het onderwerp van de adviesaanvraag in.");
    }
    let requester = limited(&mut p, "requester", &input.requester, MAX_SHORT);
    if requester.is_empty() && input.kind == RequestKind::Asked {
        p.add(
            "requester",
            "Vul in wie om advies vraagt (bijvoorbeeld het college van B en W).",
        );
    }
    let received_on = p.take("receivedOn", date::parse(&input.received_on));
    let requested_by = p
        .take("requestedBy", date::parse_optional(&input.requested_by))
        .flatten();
    if let (Some(r), Some(by)) = (received_on, requested_by)
        && by < r
    {
        p.add(
            "requestedBy",
            format!(
                "De gevraagde adviesdatum ({}) ligt vóór de ontvangstdatum ({}).",
                date::long_nl(by),
                date::long_nl(r)
            ),
        );
    }
    let municipality_reference = limited(
        &mut p,
        "municipalityReference",
        &input.municipality_reference,
        MAX_SHORT,
    );
    let case_number = limited(&mut p, "caseNumber", &input.case_number, MAX_SHORT);
    let our_reference = limited(&mut p, "ourReference", &input.our_reference, MAX_SHORT);
    let notes = input.notes.trim_end().to_owned();
    if notes.chars().count() > MAX_NOTES {
        p.add("notes", format!("Maximaal {MAX_NOTES} tekens."));
    }
    p.into_result()?;
    Ok(ValidRequest {
        subject,
        requester,
        kind: input.kind,
        theme_id: some_id(&input.theme_id),
        working_group_id: some_id(&input.working_group_id),
        received_on: received_on.expect("checked above"),
        requested_by,
        municipality_reference,
        case_number,
        our_reference,
        notes,
        confidential: input.confidential,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> StepContext {
        StepContext {
            current: Status::InProgress,
            received_on: date::parse("01-03-2027").unwrap(),
            last_step_on: date::parse("05-03-2027").unwrap(),
            today: date::parse("10-03-2027").unwrap(),
        }
    }

    fn step(status: Status, on: &str) -> StepInput {
        StepInput {
            status,
            on: on.into(),
            reference: String::new(),
            tenor: Some(Tenor::Positive),
            note: String::new(),
        }
    }

    #[test]
    fn a_step_names_every_bad_field_at_once() {
        let input = StepInput {
            reference: "x".repeat(MAX_SHORT + 1),
            note: "y".repeat(MAX_NOTES + 1),
            ..step(Status::Draft, "31-02-2027")
        };
        let e = validate_step(&input, &ctx()).unwrap_err();
        let fields: Vec<&str> = e.fields().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["on", "reference", "note"]);
    }

    #[test]
    fn only_an_adoption_keeps_its_tenor_and_texts_are_trimmed() {
        let draft = StepInput {
            note: "  eerste versie  ".into(),
            ..step(Status::Draft, "08-03-2027")
        };
        let v = validate_step(&draft, &ctx()).unwrap();
        assert_eq!(v.tenor, None);
        assert_eq!(v.note, "eerste versie");
        assert_eq!(v.on, date::parse("08-03-2027").unwrap());
    }

    #[test]
    fn a_received_date_after_the_next_step_is_refused_at_its_field() {
        let s = |status, on: &str| Step {
            id: String::new(),
            status,
            on: date::parse(on).unwrap(),
            reference: String::new(),
            tenor: None,
            note: String::new(),
            recorded_at: Stamp::at(chrono::DateTime::UNIX_EPOCH),
        };
        let steps = [
            s(Status::Received, "01-03-2027"),
            s(Status::InProgress, "05-03-2027"),
        ];
        assert!(check_received_on(date::parse("05-03-2027").unwrap(), &steps).is_ok());
        let e = check_received_on(date::parse("06-03-2027").unwrap(), &steps).unwrap_err();
        assert_eq!(e.fields()[0].field, "receivedOn");
        assert!(check_received_on(date::parse("06-03-2027").unwrap(), &steps[..1]).is_ok());
    }
}
