//! The planning timeline: tracks (regional or local processes), their milestones, and the
//! items the timeline shows (milestones plus the council's own dates derived from the
//! register). Types, validation and the CSV import format; SQL is in `store::planning`, use
//! cases in `service`, the calendar export in `ics`.

use crate::stamp::Stamp;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date;
use crate::error::{FieldError, Problems, Result};
use crate::id::{MilestoneId, RequestId, TrackId};

/// What a timeline item is. The first group are milestones people enter or import; the
/// second are derived from the register and never stored as milestones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    RegionalPolicy,
    CouncilsInformed,
    FeedbackWindow,
    InformationSession,
    CollegeDecision,
    CouncilDecision,
    TakesEffect,
    National,
    Deadline,
    Other,
    // Derived from the register:
    RequestDue,
    AdoptingMeeting,
    DraftReady,
    AdviceSent,
    ReactionExpected,
    /// A commitment from the college's reaction, due on its date.
    CommitmentDue,
}

impl ItemKind {
    pub const MILESTONE_KINDS: [ItemKind; 10] = [
        ItemKind::RegionalPolicy,
        ItemKind::CouncilsInformed,
        ItemKind::FeedbackWindow,
        ItemKind::InformationSession,
        ItemKind::CollegeDecision,
        ItemKind::CouncilDecision,
        ItemKind::TakesEffect,
        ItemKind::National,
        ItemKind::Deadline,
        ItemKind::Other,
    ];

    /// Every kind: the milestones' own, then the ones derived from the register.
    pub const ALL: [ItemKind; 16] = [
        ItemKind::RegionalPolicy,
        ItemKind::CouncilsInformed,
        ItemKind::FeedbackWindow,
        ItemKind::InformationSession,
        ItemKind::CollegeDecision,
        ItemKind::CouncilDecision,
        ItemKind::TakesEffect,
        ItemKind::National,
        ItemKind::Deadline,
        ItemKind::Other,
        ItemKind::RequestDue,
        ItemKind::AdoptingMeeting,
        ItemKind::DraftReady,
        ItemKind::AdviceSent,
        ItemKind::ReactionExpected,
        ItemKind::CommitmentDue,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ItemKind::RegionalPolicy => "regional_policy",
            ItemKind::CouncilsInformed => "councils_informed",
            ItemKind::FeedbackWindow => "feedback_window",
            ItemKind::InformationSession => "information_session",
            ItemKind::CollegeDecision => "college_decision",
            ItemKind::CouncilDecision => "council_decision",
            ItemKind::TakesEffect => "takes_effect",
            ItemKind::National => "national",
            ItemKind::Deadline => "deadline",
            ItemKind::Other => "other",
            ItemKind::RequestDue => "request_due",
            ItemKind::AdoptingMeeting => "adopting_meeting",
            ItemKind::DraftReady => "draft_ready",
            ItemKind::AdviceSent => "advice_sent",
            ItemKind::ReactionExpected => "reaction_expected",
            ItemKind::CommitmentDue => "commitment_due",
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            ItemKind::RegionalPolicy => "Regionaal beleid vastgesteld",
            ItemKind::CouncilsInformed => "Raden geïnformeerd",
            ItemKind::FeedbackWindow => "Periode voor inbreng",
            ItemKind::InformationSession => "Informatiebijeenkomst",
            ItemKind::CollegeDecision => "Collegebesluit",
            ItemKind::CouncilDecision => "Raadsbesluit",
            ItemKind::TakesEffect => "Inwerkingtreding",
            ItemKind::National => "Landelijk moment",
            ItemKind::Deadline => "Uiterste datum",
            ItemKind::Other => "Overig",
            ItemKind::RequestDue => "Advies uiterlijk",
            ItemKind::AdoptingMeeting => "Vaststelling in plenaire vergadering",
            ItemKind::DraftReady => "Concept gereed",
            ItemKind::AdviceSent => "Advies verzonden",
            ItemKind::ReactionExpected => "Reactie college verwacht",
            ItemKind::CommitmentDue => "Toezegging college",
        }
    }

    pub fn is_milestone_kind(self) -> bool {
        Self::MILESTONE_KINDS.contains(&self)
    }

    /// Stored code, and the spellings the CSV format uses (`political-decision` is a decision of
    /// the municipal council; hyphens and underscores both accepted).
    pub fn from_code(s: &str) -> Option<ItemKind> {
        // Stored codes match exactly; only file input needs normalising (and allocating).
        if let Some(k) = Self::MILESTONE_KINDS.into_iter().find(|k| k.code() == s) {
            return Some(k);
        }
        let lower = s
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        // The Dutch names a secretary writes in a spreadsheet: the labels the app shows, and
        // their short forms.
        if let Some(k) = Self::MILESTONE_KINDS
            .into_iter()
            .find(|k| k.label_nl().to_lowercase() == lower)
        {
            return Some(k);
        }
        let dutch = match lower.as_str() {
            "regionaal beleid" | "regionaal besluit" => Some(ItemKind::RegionalPolicy),
            "raden informeren" | "informeren raden" => Some(ItemKind::CouncilsInformed),
            "inbreng" | "periode inbreng" | "inspraak" => Some(ItemKind::FeedbackWindow),
            "bijeenkomst" => Some(ItemKind::InformationSession),
            "landelijk" => Some(ItemKind::National),
            "deadline" | "termijn" => Some(ItemKind::Deadline),
            _ => None,
        };
        let s = lower.replace('-', "_");
        let alias = match s.as_str() {
            "political_decision" => Some(ItemKind::CouncilDecision),
            "council_informed" => Some(ItemKind::CouncilsInformed),
            _ => None,
        };
        dutch
            .or(alias)
            .or_else(|| Self::MILESTONE_KINDS.into_iter().find(|k| k.code() == s))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    Planned,
    Done,
    /// Moved to another date; the first planned date stays visible.
    Moved,
}

impl MilestoneStatus {
    pub fn code(self) -> &'static str {
        match self {
            MilestoneStatus::Planned => "planned",
            MilestoneStatus::Done => "done",
            MilestoneStatus::Moved => "moved",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [Self::Planned, Self::Done, Self::Moved]
            .into_iter()
            .find(|x| x.code() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TrackScope {
    Regional,
    Local,
}

impl TrackScope {
    pub fn code(self) -> &'static str {
        match self {
            TrackScope::Regional => "regional",
            TrackScope::Local => "local",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [Self::Regional, Self::Local]
            .into_iter()
            .find(|x| x.code() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Municipality {
    pub id: String,
    pub name: String,
}

/// One row of the municipality list form; `id` none for a new municipality.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MunicipalityInput {
    pub id: Option<String>,
    pub name: String,
}

/// Names must be filled in and differ (ignoring case); errors name `municipalities.N.name`.
pub fn validate_municipalities(list: &[MunicipalityInput]) -> Result<()> {
    let mut p = Problems::default();
    let mut seen = std::collections::HashSet::new();
    for (i, m) in list.iter().enumerate() {
        let name = m.name.trim();
        let field = format!("municipalities.{i}.name");
        if name.is_empty() {
            p.add(&field, "Vul de naam van de gemeente in.");
        } else if name.chars().count() > MAX_TITLE {
            p.add(&field, format!("Maximaal {MAX_TITLE} tekens."));
        } else if !seen.insert(name.to_lowercase()) {
            p.add(&field, format!("‘{name}’ staat al in de lijst."));
        }
    }
    p.into_result()
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Track {
    pub id: TrackId,
    pub name: String,
    pub scope: TrackScope,
    pub description: String,
    pub municipality_ids: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrackInput {
    pub name: String,
    pub scope: TrackScope,
    pub description: String,
    pub municipality_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Milestone {
    pub id: MilestoneId,
    pub track_id: Option<TrackId>,
    pub title: String,
    pub kind: ItemKind,
    pub starts_on: NaiveDate,
    /// Last day of a range (inclusive); none for a moment.
    pub ends_on: Option<NaiveDate>,
    /// None: the whole region.
    pub municipality_id: Option<String>,
    pub actor: String,
    pub request_id: Option<RequestId>,
    pub status: MilestoneStatus,
    pub moved_from: Option<NaiveDate>,
    pub notes: String,
    pub sequence: u32,
    pub updated_at: Stamp,
}

/// Where a milestone stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Urgency {
    pub overdue: bool,
    pub at_risk: bool,
}

impl Milestone {
    /// Only dates by which someone must act (a window for input, a deadline) can be late, and
    /// are warned about `risk_days` ahead like a due date; a past council decision is simply
    /// past, and a done milestone is never late.
    pub fn urgency(&self, today: NaiveDate, risk_days: u32) -> Urgency {
        let last = self.ends_on.unwrap_or(self.starts_on);
        let open = self.status != MilestoneStatus::Done;
        let deadline_like = matches!(self.kind, ItemKind::FeedbackWindow | ItemKind::Deadline);
        let overdue = open && deadline_like && last < today;
        let soon = today
            .checked_add_days(chrono::Days::new(risk_days.into()))
            .unwrap_or(today);
        Urgency {
            overdue,
            at_risk: open && deadline_like && !overdue && last <= soon,
        }
    }
}

/// What the milestone form sends; dates as typed (`23-11-2026` or ISO).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneInput {
    pub track_id: Option<TrackId>,
    pub title: String,
    pub kind: ItemKind,
    pub starts_on: String,
    pub ends_on: String,
    pub municipality_id: Option<String>,
    pub actor: String,
    pub request_id: Option<RequestId>,
    pub status: MilestoneStatus,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidMilestone {
    pub track_id: Option<TrackId>,
    pub title: String,
    pub kind: ItemKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub municipality_id: Option<String>,
    pub actor: String,
    pub request_id: Option<RequestId>,
    pub status: MilestoneStatus,
    pub notes: String,
}

pub const MAX_TITLE: usize = 200;
pub const MAX_NOTES: usize = 5_000;

fn none_if_empty<T: AsRef<str> + From<String>>(s: &Option<T>) -> Option<T> {
    s.as_ref()
        .map(|x| x.as_ref().trim().to_owned())
        .filter(|x| !x.is_empty())
        .map(T::from)
}

/// Checks the title, the kind, the dates (the end not before the start) and lengths.
pub fn validate_milestone(input: &MilestoneInput) -> Result<ValidMilestone> {
    let mut p = Problems::default();
    let title = input.title.trim();
    if title.is_empty() {
        p.add("title", "Geef de mijlpaal een titel.");
    } else if title.chars().count() > MAX_TITLE {
        p.add("title", format!("Maximaal {MAX_TITLE} tekens."));
    }
    if !input.kind.is_milestone_kind() {
        p.add(
            "kind",
            "Deze soort volgt uit het register en kan niet als mijlpaal worden ingevoerd.",
        );
    }
    let starts_on = p.take("startsOn", date::parse(&input.starts_on));
    let ends_on = p.take("endsOn", date::parse_optional(&input.ends_on));
    if let (Some(s), Some(Some(e))) = (starts_on, ends_on)
        && e < s
    {
        p.add(
            "endsOn",
            format!(
                "De einddatum ({}) ligt vóór de begindatum ({}).",
                date::long_nl(e),
                date::long_nl(s)
            ),
        );
    }
    if input.notes.chars().count() > MAX_NOTES {
        p.add("notes", format!("Maximaal {MAX_NOTES} tekens."));
    }
    if input.actor.trim().chars().count() > MAX_TITLE {
        p.add("actor", format!("Maximaal {MAX_TITLE} tekens."));
    }
    p.into_result()?;
    let (Some(starts_on), Some(ends_on)) = (starts_on, ends_on) else {
        unreachable!("dates were checked above");
    };
    Ok(ValidMilestone {
        track_id: none_if_empty(&input.track_id),
        title: title.to_owned(),
        kind: input.kind,
        starts_on,
        // A range of one day is a moment.
        ends_on: ends_on.filter(|e| *e != starts_on),
        municipality_id: none_if_empty(&input.municipality_id),
        actor: input.actor.trim().to_owned(),
        request_id: none_if_empty(&input.request_id),
        status: input.status,
        notes: input.notes.trim().to_owned(),
    })
}

pub fn validate_track(input: &TrackInput) -> Result<()> {
    let mut p = Problems::default();
    let name = input.name.trim();
    if name.is_empty() {
        p.add("name", "Geef het traject een naam.");
    } else if name.chars().count() > MAX_TITLE {
        p.add("name", format!("Maximaal {MAX_TITLE} tekens."));
    }
    if input.description.chars().count() > MAX_NOTES {
        p.add("description", format!("Maximaal {MAX_NOTES} tekens."));
    }
    p.into_result()
}

/// Where a timeline item comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemSource {
    Milestone,
    Register,
    /// Another council's (or this council's) dates for a regional text, from the region.
    Region,
}

/// One bar or marker on the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineItem {
    /// The milestone's id, or `<request id>:<kind>` for a date from the register.
    pub id: String,
    pub source: ItemSource,
    pub kind: ItemKind,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub track_id: Option<TrackId>,
    pub municipality_id: Option<String>,
    /// For a date from the region: the municipality as that council named it (its lane).
    pub region_municipality: Option<String>,
    pub working_group: Option<String>,
    pub request_id: Option<RequestId>,
    pub status: Option<MilestoneStatus>,
    pub moved_from: Option<NaiveDate>,
    pub actor: String,
    /// Planned and its (last) day has passed; for register dates: the plan's warning.
    pub overdue: bool,
    /// Close to its date and still open.
    pub at_risk: bool,
    /// Grows with every change (the calendar export's SEQUENCE).
    pub sequence: u32,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Empty: all.
    pub track_ids: Vec<TrackId>,
    pub kinds: Vec<ItemKind>,
    /// Municipality ids; `region` stands for milestones of the whole region.
    pub municipality_ids: Vec<String>,
    /// Leave out the dates from the register.
    pub without_register: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub items: Vec<TimelineItem>,
    pub tracks: Vec<Track>,
    pub municipalities: Vec<Municipality>,
}

/// One row of a planning CSV (`start,end,kind,who,title`), validated; `line` counts from 1 with
/// the header as line 1.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanningRow {
    pub line: u32,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub kind: ItemKind,
    pub who: String,
    pub title: String,
}

/// Where imported milestones go: an existing track, or a new one by this name.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportTarget {
    pub track_id: Option<TrackId>,
    pub new_track_name: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// 0 when the file had problems and only a clean file may be imported.
    pub imported: u32,
    pub rows: u32,
    pub problems: Vec<RowProblem>,
    pub track_id: Option<TrackId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowProblem {
    pub line: u32,
    pub field: String,
    pub message: String,
}

const COLUMNS: [&str; 5] = ["start", "end", "kind", "who", "title"];

/// The Dutch column names beside the format's own, in `COLUMNS`' order.
const COLUMNS_NL: [&str; 5] = ["begin", "eind", "soort", "wie", "titel"];

fn kinds_hint() -> String {
    ItemKind::MILESTONE_KINDS
        .iter()
        .map(|k| {
            format!(
                "{} ({})",
                k.code().replace('_', "-"),
                k.label_nl().to_lowercase()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The separator of the file, read from its first line: Excel with Dutch settings writes `;`,
/// other tools `,` or a tab.
fn separator(first_line: &str) -> u8 {
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|sep| first_line.bytes().filter(|b| b == sep).count())
        .filter(|sep| first_line.bytes().any(|b| b == *sep))
        .unwrap_or(b',')
}

/// Reads a planning CSV. Every row is checked; the good rows and one problem per bad field are
/// returned, so the caller decides whether a file with bad rows is imported at all.
pub fn parse_planning_csv(text: &str) -> Result<(Vec<PlanningRow>, Vec<RowProblem>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(crate::Error::validation(
            "file",
            "Het bestand is leeg: er staat geen planning in.",
        ));
    }
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(separator(first_line))
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| csv_file_error(&e))?
        .iter()
        .map(|h| h.to_lowercase())
        .collect();
    let columns = Columns::find(&header, first_line)?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u32 + 2;
        match record {
            Ok(record) => rows.extend(read_row(&record, line, &columns, &mut problems)),
            Err(e) => problems.push(RowProblem {
                line,
                field: "file".into(),
                message: format!("Regel {line} is geen geldige CSV-regel ({e})."),
            }),
        }
    }
    Ok((rows, problems))
}

/// Where each of the planning's columns is in the file, English or Dutch header.
struct Columns {
    start: usize,
    end: usize,
    kind: usize,
    who: usize,
    title: usize,
}

impl Columns {
    /// The columns named in the (lower-cased) header; a missing one refuses the file, saying
    /// which and quoting the first line as it is.
    fn find(header: &[String], first_line: &str) -> Result<Columns> {
        let position = |i: usize| {
            header
                .iter()
                .position(|h| h == COLUMNS[i] || h == COLUMNS_NL[i])
        };
        let missing: Vec<String> = (0..COLUMNS.len())
            .filter(|i| position(*i).is_none())
            .map(|i| format!("{} ({})", COLUMNS[i], COLUMNS_NL[i]))
            .collect();
        if !missing.is_empty() {
            return Err(crate::Error::Validation(vec![FieldError::new(
                "file",
                format!(
                    "De eerste regel moet de kolommen {} noemen (of in het Nederlands: {}), \
                     gescheiden door komma's of puntkomma's; {} ontbreekt. De eerste regel is nu: ‘{}’.",
                    COLUMNS.join(", "),
                    COLUMNS_NL.join(", "),
                    missing.join(", "),
                    first_line.trim().chars().take(120).collect::<String>()
                ),
            )]));
        }
        let col = |name: &str| {
            COLUMNS
                .iter()
                .position(|c| *c == name)
                .and_then(position)
                .unwrap_or(0)
        };
        Ok(Columns {
            start: col("start"),
            end: col("end"),
            kind: col("kind"),
            who: col("who"),
            title: col("title"),
        })
    }
}

/// One record of the file: the row when every field is right, else nothing and a problem per
/// bad field in `problems`. An empty record is skipped without a problem.
fn read_row(
    record: &csv::StringRecord,
    line: u32,
    c: &Columns,
    problems: &mut Vec<RowProblem>,
) -> Option<PlanningRow> {
    if record.iter().all(|f| f.is_empty()) {
        return None;
    }
    let get = |i: usize| record.get(i).unwrap_or("").to_owned();
    let before = problems.len();
    let mut bad = |field: &str, message: String| {
        problems.push(RowProblem {
            line,
            field: field.into(),
            message: format!("Regel {line}: {message}"),
        });
    };
    let title = get(c.title);
    if title.is_empty() {
        bad("title", "de titel ontbreekt.".into());
    }
    let start_text = get(c.start);
    let starts_on = if start_text.is_empty() {
        bad("start", "de begindatum ontbreekt.".into());
        None
    } else {
        date::parse(&start_text)
            .map_err(|m| bad("start", format!("begindatum: {m}")))
            .ok()
    };
    let ends_on = match date::parse_optional(&get(c.end)) {
        Ok(d) => d,
        Err(m) => {
            bad("end", format!("einddatum: {m}"));
            None
        }
    };
    if let (Some(s), Some(e)) = (starts_on, ends_on)
        && e < s
    {
        bad(
            "end",
            format!(
                "de einddatum ({}) ligt vóór de begindatum ({}).",
                date::long_nl(e),
                date::long_nl(s)
            ),
        );
    }
    let kind = ItemKind::from_code(&get(c.kind));
    if kind.is_none() {
        bad(
            "kind",
            format!(
                "onbekende soort ‘{}’; gebruik een van: {}.",
                get(c.kind),
                kinds_hint()
            ),
        );
    }
    let (Some(starts_on), Some(kind)) = (starts_on, kind) else {
        return None;
    };
    (problems.len() == before).then(|| PlanningRow {
        line,
        starts_on,
        ends_on: ends_on.filter(|e| *e != starts_on),
        kind,
        who: get(c.who),
        title,
    })
}

fn csv_file_error(e: &csv::Error) -> crate::Error {
    crate::Error::Validation(vec![FieldError::new(
        "file",
        format!("Dit bestand is geen leesbaar CSV-bestand ({e})."),
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(start: &str, end: &str) -> MilestoneInput {
        MilestoneInput {
            track_id: None,
            title: "Inspraakperiode".into(),
            kind: ItemKind::FeedbackWindow,
            starts_on: start.into(),
            ends_on: end.into(),
            municipality_id: None,
            actor: String::new(),
            request_id: None,
            status: MilestoneStatus::Planned,
            notes: String::new(),
        }
    }

    fn milestone(kind: ItemKind, on: &str, status: MilestoneStatus) -> Milestone {
        Milestone {
            id: "m".into(),
            track_id: None,
            title: "t".into(),
            kind,
            starts_on: date::parse(on).unwrap(),
            ends_on: None,
            municipality_id: None,
            actor: String::new(),
            request_id: None,
            status,
            moved_from: None,
            notes: String::new(),
            sequence: 0,
            updated_at: Stamp::at(chrono::DateTime::UNIX_EPOCH),
        }
    }

    #[test]
    fn only_open_deadlines_are_late_or_at_risk() {
        let today = date::parse("10-03-2027").unwrap();
        let u = |kind, on, status| milestone(kind, on, status).urgency(today, 14);
        let planned = MilestoneStatus::Planned;
        assert!(u(ItemKind::Deadline, "09-03-2027", planned).overdue);
        assert!(!u(ItemKind::Deadline, "09-03-2027", planned).at_risk);
        assert!(u(ItemKind::Deadline, "24-03-2027", planned).at_risk);
        assert_eq!(
            u(ItemKind::Deadline, "25-03-2027", planned),
            Urgency::default()
        );
        assert!(u(ItemKind::FeedbackWindow, "01-03-2027", planned).overdue);
        // A past decision is past, and a done deadline is never late.
        assert_eq!(
            u(ItemKind::CouncilDecision, "01-03-2027", planned),
            Urgency::default()
        );
        assert_eq!(
            u(ItemKind::Deadline, "01-03-2027", MilestoneStatus::Done),
            Urgency::default()
        );
    }

    #[test]
    fn an_end_before_the_start_is_refused_at_the_end_field() {
        let e = validate_milestone(&input("10-03-2027", "01-03-2027")).unwrap_err();
        assert_eq!(e.fields().len(), 1);
        assert_eq!(e.fields()[0].field, "endsOn");
        assert!(e.fields()[0].message.contains("vóór de begindatum"));
    }

    #[test]
    fn a_one_day_range_is_a_moment() {
        let v = validate_milestone(&input("10-03-2027", "10-03-2027")).unwrap();
        assert_eq!(v.ends_on, None);
    }

    #[test]
    fn register_kinds_are_not_milestone_kinds() {
        let mut i = input("10-03-2027", "");
        i.kind = ItemKind::RequestDue;
        assert_eq!(
            validate_milestone(&i).unwrap_err().fields()[0].field,
            "kind"
        );
    }

    #[test]
    fn csv_kinds_are_read_in_both_spellings() {
        assert_eq!(
            ItemKind::from_code("political-decision"),
            Some(ItemKind::CouncilDecision)
        );
        assert_eq!(
            ItemKind::from_code("feedback_window"),
            Some(ItemKind::FeedbackWindow)
        );
        assert_eq!(
            ItemKind::from_code("Takes-Effect"),
            Some(ItemKind::TakesEffect)
        );
        assert_eq!(ItemKind::from_code("request-due"), None);
    }

    #[test]
    fn csv_kinds_are_read_by_their_dutch_names() {
        for (name, kind) in [
            ("raadsbesluit", ItemKind::CouncilDecision),
            ("Collegebesluit", ItemKind::CollegeDecision),
            ("regionaal beleid", ItemKind::RegionalPolicy),
            ("Regionaal beleid vastgesteld", ItemKind::RegionalPolicy),
            ("raden  geïnformeerd", ItemKind::CouncilsInformed),
            ("periode voor inbreng", ItemKind::FeedbackWindow),
            ("inwerkingtreding", ItemKind::TakesEffect),
            ("uiterste datum", ItemKind::Deadline),
            ("overig", ItemKind::Other),
        ] {
            assert_eq!(ItemKind::from_code(name), Some(kind), "{name}");
        }
        // The register's own kinds are not for files, in Dutch either.
        assert_eq!(ItemKind::from_code("advies uiterlijk"), None);
    }

    #[test]
    fn a_planning_separated_by_semicolons_with_dutch_names_is_read() {
        let text = "begin;eind;soort;wie;titel\n\
                    01-03-2027;;raadsbesluit;Delft;Besluit inkoop jeugdhulp\n\
                    02-03-2027;16-03-2027;periode voor inbreng;H9;Reactie op concept, met komma\n";
        let (rows, problems) = parse_planning_csv(text).unwrap();
        assert_eq!(problems, []);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].kind, ItemKind::CouncilDecision);
        assert_eq!(rows[0].who, "Delft");
        assert_eq!(rows[1].title, "Reactie op concept, met komma");
        assert_eq!(rows[1].ends_on, date::parse("16-03-2027").ok());
    }

    #[test]
    fn an_empty_file_and_a_wrong_first_line_say_what_is_wrong() {
        for empty in ["", "\u{feff}", " \n\n"] {
            let e = parse_planning_csv(empty).unwrap_err();
            assert!(e.fields()[0].message.contains("leeg"), "{empty:?}");
        }
        let e = parse_planning_csv("datum;omschrijving\n01-03-2027;iets\n").unwrap_err();
        let m = &e.fields()[0].message;
        assert!(
            m.contains("puntkomma") && m.contains("datum;omschrijving"),
            "{m}"
        );
        assert!(m.contains("begin") && !m.contains("leeg"), "{m}");
    }
}
