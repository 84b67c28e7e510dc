//! Back-scheduling of an advice: from the due date to the last plenary meeting that can adopt
//! it, to the day the working group's draft must be ready, plus the warnings a secretary needs
//! early. Pure; the council's terms and meeting calendar are passed in.

use chrono::{Days, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::status::Status;

/// The council's own terms, from its profile.
#[derive(Debug, Clone, Copy)]
pub struct Terms {
    /// Standard advice term from the council's regulation, used when no date was requested.
    pub advice_term_days: u32,
    /// Days before the adopting meeting that the draft must be ready.
    pub draft_lead_days: u32,
    /// Term within which the college's reaction is expected after sending.
    pub reaction_term_days: u32,
    /// How far ahead a due date counts as "soon".
    pub due_soon_days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DueSource {
    /// The date the college asked for.
    Requested,
    /// Received date plus the council's standard term.
    StandardTerm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// The due date has passed and the advice has not been sent.
    Overdue,
    /// The due date is within the council's "soon" window.
    DueSoon,
    /// No plenary meeting remains between today and the due date, so it cannot be adopted in time.
    NoMeetingLeft,
    /// The draft should have been ready for the adopting meeting by now.
    DraftLate,
    /// The college's reaction is later than the reaction term.
    ReactionLate,
    /// The college's reaction is due within the council's "soon" window.
    ReactionDueSoon,
    /// A commitment from the college's reaction is still open past its date.
    CommitmentOverdue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeadlinePlan {
    pub due_on: Option<NaiveDate>,
    pub due_source: Option<DueSource>,
    /// The last plenary meeting on or before the due date (and not in the past).
    pub adopting_meeting: Option<NaiveDate>,
    pub draft_ready_on: Option<NaiveDate>,
    pub reaction_expected_on: Option<NaiveDate>,
    pub warnings: Vec<Warning>,
}

/// The due date: the requested date, or for an asked advice the received date plus the term.
/// An unasked advice without an own target date has no external deadline.
pub fn due_date(
    asked: bool,
    received_on: NaiveDate,
    requested_by: Option<NaiveDate>,
    terms: &Terms,
) -> (Option<NaiveDate>, Option<DueSource>) {
    match requested_by {
        Some(d) => (Some(d), Some(DueSource::Requested)),
        None if asked => (
            received_on.checked_add_days(Days::new(terms.advice_term_days.into())),
            Some(DueSource::StandardTerm),
        ),
        None => (None, None),
    }
}

/// The day the college's reaction is due: the sending plus the advice's own term, or else the
/// council's.
pub fn reaction_due(
    sent_on: NaiveDate,
    own_term: Option<u32>,
    council_term: u32,
) -> Option<NaiveDate> {
    sent_on.checked_add_days(Days::new(own_term.unwrap_or(council_term).into()))
}

pub struct PlanInput<'a> {
    pub asked: bool,
    pub status: Status,
    pub received_on: NaiveDate,
    pub requested_by: Option<NaiveDate>,
    pub sent_on: Option<NaiveDate>,
    /// This request's own reaction term, overriding the council's.
    pub reaction_term_days: Option<u32>,
    /// The earliest date of the request's open commitments.
    pub next_commitment_on: Option<NaiveDate>,
    /// Sorted ascending.
    pub meetings: &'a [NaiveDate],
    pub terms: Terms,
    pub today: NaiveDate,
}

pub fn plan(p: &PlanInput) -> DeadlinePlan {
    let (due_on, due_source) = due_date(p.asked, p.received_on, p.requested_by, &p.terms);
    let mut warnings = Vec::new();

    // The adopting meeting only matters while adoption is still ahead.
    let needs_meeting = matches!(
        p.status,
        Status::Received | Status::InProgress | Status::Draft
    );
    let adopting_meeting = due_on.and_then(|due| {
        // Meetings in [today, due]; the last one is the latest that still works.
        let hi = p.meetings.partition_point(|m| *m <= due);
        let lo = p.meetings.partition_point(|m| *m < p.today);
        (lo < hi).then(|| p.meetings[hi - 1])
    });
    let draft_ready_on = adopting_meeting
        .and_then(|m| m.checked_sub_days(Days::new(p.terms.draft_lead_days.into())));

    if let Some(due) = due_on
        && p.status.before_sending()
    {
        if p.today > due {
            warnings.push(Warning::Overdue);
        } else {
            let soon = p
                .today
                .checked_add_days(Days::new(p.terms.due_soon_days.into()));
            if soon.is_some_and(|s| due <= s) {
                warnings.push(Warning::DueSoon);
            }
            if needs_meeting && adopting_meeting.is_none() {
                warnings.push(Warning::NoMeetingLeft);
            }
        }
    }
    if needs_meeting
        && matches!(p.status, Status::Received | Status::InProgress)
        && draft_ready_on.is_some_and(|d| p.today > d)
    {
        warnings.push(Warning::DraftLate);
    }

    let reaction_expected_on = p
        .sent_on
        .and_then(|s| reaction_due(s, p.reaction_term_days, p.terms.reaction_term_days));
    if p.status == Status::Sent
        && let Some(r) = reaction_expected_on
    {
        if p.today > r {
            warnings.push(Warning::ReactionLate);
        } else if p
            .today
            .checked_add_days(Days::new(p.terms.due_soon_days.into()))
            .is_some_and(|s| r <= s)
        {
            warnings.push(Warning::ReactionDueSoon);
        }
    }
    if p.next_commitment_on.is_some_and(|c| p.today > c) {
        warnings.push(Warning::CommitmentOverdue);
    }

    DeadlinePlan {
        due_on,
        due_source,
        adopting_meeting: if needs_meeting {
            adopting_meeting
        } else {
            None
        },
        draft_ready_on: if needs_meeting { draft_ready_on } else { None },
        reaction_expected_on,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::date::parse(s).unwrap()
    }
    const TERMS: Terms = Terms {
        advice_term_days: 42,
        draft_lead_days: 7,
        reaction_term_days: 42,
        due_soon_days: 14,
    };

    fn input<'a>(meetings: &'a [NaiveDate], today: &str) -> PlanInput<'a> {
        PlanInput {
            asked: true,
            status: Status::InProgress,
            received_on: d("01-09-2026"),
            requested_by: Some(d("01-12-2026")),
            sent_on: None,
            reaction_term_days: None,
            next_commitment_on: None,
            meetings,
            terms: TERMS,
            today: d(today),
        }
    }

    #[test]
    fn last_meeting_before_due_date_sets_the_draft_date() {
        let meetings = [d("15-10-2026"), d("19-11-2026"), d("03-12-2026")];
        let p = plan(&input(&meetings, "01-10-2026"));
        assert_eq!(p.adopting_meeting, Some(d("19-11-2026")));
        assert_eq!(p.draft_ready_on, Some(d("12-11-2026")));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn no_meeting_left_before_due_date_is_warned() {
        let meetings = [d("15-10-2026"), d("03-12-2026")];
        let p = plan(&input(&meetings, "20-11-2026"));
        assert_eq!(p.adopting_meeting, None);
        assert_eq!(p.warnings, vec![Warning::DueSoon, Warning::NoMeetingLeft]);
    }

    #[test]
    fn standard_term_applies_only_to_asked_advice() {
        let (due, src) = due_date(true, d("01-09-2026"), None, &TERMS);
        assert_eq!(
            (due, src),
            (Some(d("13-10-2026")), Some(DueSource::StandardTerm))
        );
        assert_eq!(due_date(false, d("01-09-2026"), None, &TERMS), (None, None));
    }

    #[test]
    fn overdue_and_late_reaction() {
        let meetings = [d("19-11-2026")];
        let p = plan(&input(&meetings, "02-12-2026"));
        assert!(p.warnings.contains(&Warning::Overdue));
        let mut sent = input(&meetings, "01-02-2027");
        sent.status = Status::Sent;
        sent.sent_on = Some(d("20-11-2026"));
        let p = plan(&sent);
        assert_eq!(p.reaction_expected_on, Some(d("01-01-2027")));
        assert_eq!(p.warnings, vec![Warning::ReactionLate]);
        // Its own term moves the date; two weeks before it, the reaction is due soon.
        sent.reaction_term_days = Some(84);
        let p = plan(&sent);
        assert_eq!(p.reaction_expected_on, Some(d("12-02-2027")));
        assert_eq!(p.warnings, vec![Warning::ReactionDueSoon]);
        sent.next_commitment_on = Some(d("31-01-2027"));
        assert!(plan(&sent).warnings.contains(&Warning::CommitmentOverdue));
    }
}
