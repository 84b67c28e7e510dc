//! The register of advice requests: listing and opening them, registering, editing, status
//! steps and their undo, deleting, and the start screen's *Wat komt eraan*. Every view carries
//! its deadline plan, computed from the council's calendar for the day given.

use chrono::{Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::deadline::{self};
use crate::error::{Error, Problems, Result};
use crate::request::{
    self, AdviceRequest, RegisterPage, RegisterQuery, RequestInput, RequestSummary, StepInput,
};
use crate::status::{self, StepContext};
use crate::store::Store;

use super::Calendar;
use crate::RequestId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AgendaKind {
    Meeting,
    DraftReady,
    Due,
    ReactionExpected,
    CommitmentDue,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItem {
    pub on: NaiveDate,
    pub kind: AgendaKind,
    pub request_id: Option<RequestId>,
    pub title: String,
}

/// The start screen, *Wat komt eraan*.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Upcoming {
    pub today: NaiveDate,
    pub horizon_days: u32,
    /// Open requests with at least one warning, most urgent first: all of them, or the first
    /// [`ATTENTION_SHOWN`] of [`Upcoming::first`].
    pub attention: Vec<RequestSummary>,
    /// How many requests ask for attention, shown or not.
    pub attention_total: u32,
    /// Dates within the horizon, in order. A meeting's title is its note (often empty). All of
    /// them, or the first [`AGENDA_SHOWN`] of [`Upcoming::first`].
    pub agenda: Vec<AgendaItem>,
    /// How many dates fall within the horizon, shown or not.
    pub agenda_total: u32,
    /// Open commitments of the college past their date or due within the horizon, earliest
    /// first (whatever the status of their advice).
    pub commitments: Vec<CommitmentDue>,
}

/// A commitment on the start screen.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommitmentDue {
    pub id: String,
    pub request_id: RequestId,
    pub subject: String,
    pub text: String,
    pub due_on: NaiveDate,
    pub overdue: bool,
}

pub fn register(store: &Store, query: &RegisterQuery, today: NaiveDate) -> Result<RegisterPage> {
    let cal = Calendar::load(store, today)?;
    let (records, total) = store.list_requests(query)?;
    Ok(RegisterPage {
        rows: records.into_iter().map(|r| cal.summary(r)).collect(),
        total,
        years: store.list_request_years()?,
    })
}

pub fn get_request(store: &Store, id: &RequestId, today: NaiveDate) -> Result<AdviceRequest> {
    let cal = Calendar::load(store, today)?;
    let r = store.get_request(id)?;
    let steps = store.list_steps(id)?;
    let plan = cal.plan(&r);
    Ok(AdviceRequest {
        next_statuses: r.status.next().to_vec(),
        reviews: store.list_reviews(id)?,
        plan,
        steps,
        id: r.id,
        subject: r.subject,
        requester: r.requester,
        kind: r.kind,
        theme_id: r.theme_id,
        theme_name: r.theme_name,
        working_group_id: r.working_group_id,
        working_group_name: r.working_group_name,
        received_on: r.received_on,
        requested_by: r.requested_by,
        municipality_reference: r.municipality_reference,
        case_number: r.case_number,
        our_reference: r.our_reference,
        notes: r.notes,
        confidential: r.confidential,
        reaction_term_days: r.reaction_term_days,
        status: r.status,
        tenor: r.tenor,
        created_at: r.created_at,
        updated_at: r.updated_at,
        updated_by: r.updated_by,
    })
}

/// Validation that needs the database: the chosen theme and working group must exist.
pub(super) fn validate_request(
    store: &Store,
    input: &RequestInput,
) -> Result<request::ValidRequest> {
    let v = request::validate(input)?;
    let mut p = Problems::default();
    if let Some(t) = &v.theme_id
        && !store.theme_exists(t)?
    {
        p.add(
            "themeId",
            "Dit thema bestaat niet meer; kies een ander thema.",
        );
    }
    if let Some(g) = &v.working_group_id
        && !store.working_group_exists(g)?
    {
        p.add(
            "workingGroupId",
            "Deze werkgroep bestaat niet meer; kies een andere werkgroep.",
        );
    }
    p.into_result()?;
    Ok(v)
}

/// The stored (sortable) due date of a validated request under the council's current term.
fn due_on(store: &Store, v: &request::ValidRequest) -> Result<Option<NaiveDate>> {
    let asked = v.kind == request::RequestKind::Asked;
    Ok(deadline::due_date(asked, v.received_on, v.requested_by, &store.get_terms()?).0)
}

pub fn create_request(
    store: &mut Store,
    input: &RequestInput,
    today: NaiveDate,
) -> Result<AdviceRequest> {
    let v = validate_request(store, input)?;
    let due = due_on(store, &v)?;
    let id = store.insert_request(&v, due)?;
    get_request(store, &id, today)
}

pub fn update_request(
    store: &mut Store,
    id: &RequestId,
    input: &RequestInput,
    today: NaiveDate,
) -> Result<AdviceRequest> {
    let v = validate_request(store, input)?;
    let steps = store.list_steps(id)?;
    if steps.is_empty() {
        return Err(Error::NotFound {
            entity: "request",
            id: id.to_string(),
        });
    }
    request::check_received_on(v.received_on, &steps)?;
    let due = due_on(store, &v)?;
    store.update_request(id, &v, due)?;
    get_request(store, id, today)
}

pub fn add_step(
    store: &mut Store,
    id: &RequestId,
    input: &StepInput,
    today: NaiveDate,
) -> Result<AdviceRequest> {
    let r = store.get_request(id)?;
    let steps = store.list_steps(id)?;
    let ctx = StepContext {
        current: r.status,
        received_on: r.received_on,
        last_step_on: steps.last().map_or(r.received_on, |s| s.on),
        today,
    };
    let step = request::validate_step(input, &ctx)?;
    // The step, its review and what it means for a regional text (frozen at an adoption) are
    // one change: none of them without the others.
    store.atomically(|s: &mut Store| -> Result<()> {
        s.insert_step(
            id,
            step.status,
            step.on,
            &step.reference,
            step.tenor,
            &step.note,
        )?;
        s.review_steps(id)?;
        super::region::after_step(s, id)?;
        // After the region froze a linked text: the recommendations are read from what was
        // adopted.
        super::follow_up::after_step(s, id)
    })?;
    get_request(store, id, today)
}

pub fn undo_step(store: &mut Store, id: &RequestId, today: NaiveDate) -> Result<AdviceRequest> {
    store.get_request(id)?;
    store.atomically(|s: &mut Store| -> Result<()> {
        s.delete_last_step(id)?;
        s.review_steps(id)?;
        super::region::after_step(s, id)
    })?;
    get_request(store, id, today)
}

pub fn delete_request(store: &mut Store, id: &RequestId) -> Result<()> {
    Ok(store.delete_request(id)?)
}

pub const AGENDA_DAYS: u32 = 56;

/// How many requests asking for attention the start screen shows at first: the most urgent.
/// A long tail (hundreds of open requests with a warning) would bury them.
pub const ATTENTION_SHOWN: usize = 20;

/// How many dates of the coming weeks the start screen shows at first. A council has a few
/// dozen; a register of thousands can have hundreds, which cost the start a noticeable moment
/// to send and draw (measured at 10,000 requests: 303 dates and 615 requests asking for
/// attention made 300 KB to send and 60 ms to draw).
pub const AGENDA_SHOWN: usize = 50;

impl Upcoming {
    /// The start screen as first shown: the most urgent requests and the nearest dates; the
    /// totals still count them all.
    pub fn first(mut self) -> Upcoming {
        self.attention.truncate(ATTENTION_SHOWN);
        self.agenda.truncate(AGENDA_SHOWN);
        self
    }
}

/// The start screen as the window asks for it: as first shown ([`Upcoming::first`]), or `all`.
pub fn start_screen(store: &Store, today: NaiveDate, all: bool) -> Result<Upcoming> {
    let upcoming = upcoming(store, today)?;
    Ok(if all { upcoming } else { upcoming.first() })
}

pub fn upcoming(store: &Store, today: NaiveDate) -> Result<Upcoming> {
    let cal = Calendar::load(store, today)?;
    let until = today
        .checked_add_days(Days::new(AGENDA_DAYS.into()))
        .unwrap_or(today);
    let within = |d: NaiveDate| d >= today && d <= until;
    let mut attention = Vec::new();
    let mut agenda = Vec::new();
    for m in store
        .list_meetings()?
        .into_iter()
        .filter(|m| within(m.held_on))
    {
        agenda.push(AgendaItem {
            on: m.held_on,
            kind: AgendaKind::Meeting,
            request_id: None,
            title: m.note,
        });
    }
    for r in store.list_requests_to_watch()? {
        let s = cal.summary(r);
        let dated = [
            (s.plan.draft_ready_on, AgendaKind::DraftReady),
            (
                s.plan.due_on.filter(|_| s.status.before_sending()),
                AgendaKind::Due,
            ),
            (
                s.plan
                    .reaction_expected_on
                    .filter(|_| s.status == status::Status::Sent),
                AgendaKind::ReactionExpected,
            ),
        ];
        for (d, kind) in dated {
            if let Some(d) = d.filter(|d| within(*d)) {
                agenda.push(AgendaItem {
                    on: d,
                    kind,
                    request_id: Some(s.id.clone()),
                    title: s.subject.clone(),
                });
            }
        }
        if !s.plan.warnings.is_empty() {
            attention.push(s);
        }
    }
    let mut commitments = Vec::new();
    for c in store.list_open_commitments(until, today)? {
        let Some(due_on) = c.commitment.due_on else {
            continue;
        };
        if within(due_on) {
            agenda.push(AgendaItem {
                on: due_on,
                kind: AgendaKind::CommitmentDue,
                request_id: Some(c.commitment.request_id.clone()),
                title: c.commitment.text.clone(),
            });
        }
        commitments.push(CommitmentDue {
            id: c.commitment.id,
            request_id: c.commitment.request_id,
            subject: c.subject,
            text: c.commitment.text,
            due_on,
            overdue: c.commitment.overdue,
        });
    }
    agenda.sort_by(|a, b| a.on.cmp(&b.on).then(a.title.cmp(&b.title)));
    // Most urgent first: overdue before everything, then by due date.
    attention.sort_by_key(|s| {
        (
            !s.plan.warnings.contains(&deadline::Warning::Overdue),
            s.plan.due_on.is_none(),
            s.plan.due_on,
        )
    });
    Ok(Upcoming {
        today,
        horizon_days: AGENDA_DAYS,
        attention_total: attention.len() as u32,
        attention,
        agenda_total: agenda.len() as u32,
        agenda,
        commitments,
    })
}
