//! Use cases: what the desktop app and the command line can do. Each function validates its
//! input, calls the store, and returns the view the screen needs (with deadline plans filled
//! in). Front ends call these and nothing below them; `today` is passed in so that behaviour
//! near deadlines is testable.

use chrono::{Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::advice;
use crate::council::{self, Council, CouncilInput};
use crate::date;
use crate::deadline::{self, PlanInput, Terms};
use crate::error::{Error, Problems, Result};
use crate::request::{
    self, AdviceRequest, RegisterPage, RegisterQuery, RequestInput, RequestSummary, StepInput,
};
use crate::status::{self, StepContext};
use crate::store::Store;
use crate::store::advice::SectionRecord;
use crate::store::request::RequestRecord;

/// What the app shows about its own state (start-up, settings, welcome screen).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub db_path: String,
    pub schema_version: u32,
    pub request_count: u32,
    /// False until the council's name is filled in; with no requests, the app offers example data.
    pub council_named: bool,
    pub installation_id: String,
    pub today: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AgendaKind {
    Meeting,
    DraftReady,
    Due,
    ReactionExpected,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItem {
    pub on: NaiveDate,
    pub kind: AgendaKind,
    pub request_id: Option<String>,
    pub title: String,
}

/// The start screen, *Wat komt eraan*.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Upcoming {
    pub today: NaiveDate,
    pub horizon_days: u32,
    /// Open requests with at least one warning, most urgent first.
    pub attention: Vec<RequestSummary>,
    /// Dates within the horizon, in order. A meeting's title is its note (often empty).
    pub agenda: Vec<AgendaItem>,
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub fn app_info(store: &Store, today: NaiveDate) -> Result<AppInfo> {
    let council = store.get_council()?;
    Ok(AppInfo {
        db_path: store.path().display().to_string(),
        schema_version: store.schema_version()?,
        request_count: store.count_requests()?,
        council_named: !council.name.is_empty(),
        installation_id: store.installation_id().to_owned(),
        today,
    })
}

pub fn get_council(store: &Store) -> Result<Council> {
    store.get_council()
}

pub fn save_council(store: &mut Store, input: &CouncilInput) -> Result<Council> {
    let valid = council::validate(input)?;
    store.upsert_council(&valid)?;
    store.get_council()
}

struct Calendar {
    terms: Terms,
    meetings: Vec<NaiveDate>,
    today: NaiveDate,
}

impl Calendar {
    fn load(store: &Store, today: NaiveDate) -> Result<Calendar> {
        Ok(Calendar {
            terms: store.get_terms()?,
            meetings: store.list_meeting_dates()?,
            today,
        })
    }

    fn plan(&self, r: &RequestRecord) -> deadline::DeadlinePlan {
        deadline::plan(&PlanInput {
            asked: r.kind == request::RequestKind::Asked,
            status: r.status,
            received_on: r.received_on,
            requested_by: r.requested_by,
            sent_on: r.sent_on,
            meetings: &self.meetings,
            terms: self.terms,
            today: self.today,
        })
    }

    fn summary(&self, r: RequestRecord) -> RequestSummary {
        let plan = self.plan(&r);
        RequestSummary {
            id: r.id,
            subject: r.subject,
            requester: r.requester,
            kind: r.kind,
            theme_name: r.theme_name,
            working_group_name: r.working_group_name,
            received_on: r.received_on,
            status: r.status,
            confidential: r.confidential,
            plan,
        }
    }
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

pub fn get_request(store: &Store, id: &str, today: NaiveDate) -> Result<AdviceRequest> {
    let cal = Calendar::load(store, today)?;
    let r = store.get_request(id)?;
    let steps = store.list_steps(id)?;
    let plan = cal.plan(&r);
    Ok(AdviceRequest {
        next_statuses: r.status.next().to_vec(),
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
        status: r.status,
        tenor: r.tenor,
        created_at: r.created_at,
        updated_at: r.updated_at,
        updated_by: r.updated_by,
    })
}

/// Validation that needs the database: the chosen theme and working group must exist.
fn validate_request(store: &Store, input: &RequestInput) -> Result<request::ValidRequest> {
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
    id: &str,
    input: &RequestInput,
    today: NaiveDate,
) -> Result<AdviceRequest> {
    let v = validate_request(store, input)?;
    let steps = store.list_steps(id)?;
    if steps.is_empty() {
        return Err(Error::NotFound {
            entity: "request",
            id: id.to_owned(),
        });
    }
    if let Some(next) = steps.get(1)
        && v.received_on > next.on
    {
        return Err(Error::validation(
            "receivedOn",
            format!(
                "De ontvangstdatum mag niet na de stap ‘{}’ van {} liggen.",
                next.status.label_nl(),
                date::long_nl(next.on)
            ),
        ));
    }
    let due = due_on(store, &v)?;
    store.update_request(id, &v, due)?;
    get_request(store, id, today)
}

pub fn add_step(
    store: &mut Store,
    id: &str,
    input: &StepInput,
    today: NaiveDate,
) -> Result<AdviceRequest> {
    let r = store.get_request(id)?;
    let steps = store.list_steps(id)?;
    let on = date::parse(&input.on).map_err(|m| Error::validation("on", m))?;
    let reference = input.reference.trim();
    let note = input.note.trim();
    let mut p = Problems::default();
    if reference.chars().count() > request::MAX_SHORT {
        p.add(
            "reference",
            format!("Maximaal {} tekens.", request::MAX_SHORT),
        );
    }
    if note.chars().count() > request::MAX_NOTES {
        p.add("note", format!("Maximaal {} tekens.", request::MAX_NOTES));
    }
    let ctx = StepContext {
        current: r.status,
        received_on: r.received_on,
        last_step_on: steps.last().map_or(r.received_on, |s| s.on),
        today,
    };
    if let Err(errs) = status::check_step(&ctx, input.status, on, input.tenor, note) {
        for (field, msg) in errs {
            p.add(field, msg);
        }
    }
    p.into_result()?;
    let tenor = if input.status == status::Status::Adopted {
        input.tenor
    } else {
        None
    };
    store.insert_step(id, input.status, on, reference, tenor, note)?;
    get_request(store, id, today)
}

pub fn undo_step(store: &mut Store, id: &str, today: NaiveDate) -> Result<AdviceRequest> {
    store.get_request(id)?;
    store.delete_last_step(id)?;
    get_request(store, id, today)
}

pub fn delete_request(store: &mut Store, id: &str) -> Result<()> {
    store.delete_request(id)
}

pub const AGENDA_DAYS: u32 = 56;

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
    for r in store.list_open_requests()? {
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
        attention,
        agenda,
    })
}

fn section_view(s: SectionRecord) -> advice::Section {
    advice::Section {
        stats: crate::markdown::stats(&s.body),
        id: s.id,
        position: s.position,
        title: s.title,
        scope: s.scope,
        body: s.body,
        version: s.version,
        updated_at: s.updated_at,
    }
}

/// The advice of a request; a request without one gets the letter's default sections.
pub fn get_advice(store: &mut Store, request_id: &str) -> Result<advice::Advice> {
    let r = store.get_request(request_id)?;
    store.ensure_sections(request_id, &advice::DEFAULT_SECTIONS)?;
    Ok(advice::Advice {
        request_id: request_id.to_owned(),
        locked: advice::is_locked(r.status),
        sections: store
            .list_sections(request_id)?
            .into_iter()
            .map(section_view)
            .collect(),
    })
}

fn check_unlocked(store: &Store, request_id: &str) -> Result<()> {
    if advice::is_locked(store.get_request(request_id)?.status) {
        return Err(Error::Locked);
    }
    Ok(())
}

/// The section, if it is part of its advice and the advice may still be edited.
fn editable_section(store: &Store, section_id: &str) -> Result<SectionRecord> {
    let section = store.get_section(section_id)?;
    if section.removed {
        return Err(Error::NotFound {
            entity: "section",
            id: section_id.to_owned(),
        });
    }
    check_unlocked(store, &section.request_id)?;
    Ok(section)
}

/// Saves one section durably. A revision is kept when the writer paused, when the section has
/// none yet, or when the last one is older than the revision interval.
pub fn save_section(store: &mut Store, save: &advice::SectionSave) -> Result<advice::SectionSaved> {
    advice::validate_save(save)?;
    editable_section(store, &save.section_id)?;
    let cutoff = chrono::Utc::now() - chrono::Duration::minutes(advice::REVISION_INTERVAL_MINUTES);
    let cutoff = cutoff.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let revision = if save.checkpoint {
        Some(advice::RevisionReason::Pause)
    } else if store
        .last_revision_at(&save.section_id)?
        .is_none_or(|at| at < cutoff)
    {
        Some(advice::RevisionReason::Interval)
    } else {
        None
    };
    let (version, saved_at) = store.save_section(
        &save.section_id,
        save.base_version,
        save.title.trim(),
        &save.body,
        revision,
    )?;
    Ok(advice::SectionSaved {
        section_id: save.section_id.clone(),
        version,
        saved_at,
        stats: crate::markdown::stats(&save.body),
    })
}

/// Like `save_section`, but a save that fails for any reason other than invalid input leaves
/// an emergency copy of the text in the first of `rescue_dirs` that takes it, and says where.
pub fn save_section_or_rescue(
    store: &mut Store,
    save: &advice::SectionSave,
    rescue_dirs: &[std::path::PathBuf],
) -> Result<advice::SectionSaved> {
    match save_section(store, save) {
        Err(Error::Validation(f)) => Err(Error::Validation(f)),
        Err(cause) => Err(Error::NotSaved {
            rescued_to: crate::rescue::write(rescue_dirs, &save.title, &save.body),
            cause: Box::new(cause),
        }),
        saved => saved,
    }
}

/// Adds a section to an advice, before the closing section when the advice ends with one
/// (that is where a letter's additional parts belong).
pub fn add_section(store: &mut Store, new: &advice::NewSection) -> Result<advice::Advice> {
    advice::validate_new(new)?;
    check_unlocked(store, &new.request_id)?;
    let sections = store.list_sections(&new.request_id)?;
    let position = match sections.last() {
        Some(last) if last.scope == advice::SectionScope::Closing => last.position,
        Some(last) => last.position + 1,
        None => 1,
    };
    store.insert_section(&new.request_id, position, new.title.trim(), new.scope)?;
    get_advice(store, &new.request_id)
}

pub fn move_section(
    store: &mut Store,
    section_id: &str,
    direction: advice::Direction,
) -> Result<advice::Advice> {
    let s = editable_section(store, section_id)?;
    store.move_section(section_id, direction == advice::Direction::Up)?;
    get_advice(store, &s.request_id)
}

/// Takes a section out of the advice; `restore_section` undoes it. Text and revisions are kept.
pub fn remove_section(store: &mut Store, section_id: &str) -> Result<advice::Advice> {
    let s = editable_section(store, section_id)?;
    store.set_section_removed(section_id, true)?;
    get_advice(store, &s.request_id)
}

pub fn restore_section(store: &mut Store, section_id: &str) -> Result<advice::Advice> {
    let s = store.get_section(section_id)?;
    check_unlocked(store, &s.request_id)?;
    store.set_section_removed(section_id, false)?;
    get_advice(store, &s.request_id)
}

/// What changed between a revision and the section's current text, word by word.
pub fn compare_revision(
    store: &Store,
    section_id: &str,
    revision_id: &str,
) -> Result<Vec<crate::diff::DiffPart>> {
    let current = store.get_section(section_id)?;
    let revision = store
        .list_revisions(section_id)?
        .into_iter()
        .find(|r| r.id == revision_id)
        .ok_or_else(|| Error::NotFound {
            entity: "revision",
            id: revision_id.to_owned(),
        })?;
    Ok(crate::diff::words(&revision.body, &current.body))
}

pub fn list_revisions(store: &Store, section_id: &str) -> Result<Vec<advice::Revision>> {
    store.get_section(section_id)?;
    Ok(store
        .list_revisions(section_id)?
        .into_iter()
        .map(|r| advice::Revision {
            stats: crate::markdown::stats(&r.body),
            id: r.id,
            seq: r.seq,
            reason: r.reason,
            created_at: r.created_at,
            title: r.title,
            body: r.body,
        })
        .collect())
}

pub fn restore_revision(
    store: &mut Store,
    section_id: &str,
    revision_id: &str,
    base_version: u32,
) -> Result<advice::Section> {
    editable_section(store, section_id)?;
    store.restore_revision(section_id, revision_id, base_version)?;
    Ok(section_view(store.get_section(section_id)?))
}

/// The Markdown preview, rendered by the same renderer as the letter.
pub fn render_preview(body: &str) -> Result<crate::markdown::Preview> {
    crate::markdown::preview(body).map_err(|m| Error::validation("body", m))
}

mod backups;
mod letter;
mod planning;
pub use backups::*;
pub use letter::*;
pub use planning::*;

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
    notices.push(
        "Leg de stappen van het advies (vastgesteld, verzonden) vast bij de aanvraag.".into(),
    );
    Ok(LetterImport {
        request_id: request.id,
        sections: letter.sections.len() as u32,
        notices,
    })
}
