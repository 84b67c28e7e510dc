//! The life of an advice as a state machine: which status may follow which, and the rules a
//! step's date must obey. Pure: no storage, no clock (today is passed in).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    InProgress,
    Draft,
    Adopted,
    Sent,
    ReactionReceived,
    Closed,
    /// *Niet uitgebracht*: the council declined, or the term lapsed.
    Declined,
    /// *Ingetrokken* by the college.
    Withdrawn,
}

/// *Strekking*: the overall tenor of an adopted advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Tenor {
    Positive,
    PositiveWithRemarks,
    Negative,
    NoAdvice,
}

impl Status {
    /// Reopening: the step that unlocks an adopted advice's text again.
    pub fn is_reopening(from: Status, to: Status) -> bool {
        from == Status::Adopted && to == Status::Draft
    }

    pub const ALL: [Status; 9] = [
        Status::Received,
        Status::InProgress,
        Status::Draft,
        Status::Adopted,
        Status::Sent,
        Status::ReactionReceived,
        Status::Closed,
        Status::Declined,
        Status::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::InProgress => "in_progress",
            Status::Draft => "draft",
            Status::Adopted => "adopted",
            Status::Sent => "sent",
            Status::ReactionReceived => "reaction_received",
            Status::Closed => "closed",
            Status::Declined => "declined",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.code() == s)
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            Status::Received => "Ontvangen",
            Status::InProgress => "In behandeling",
            Status::Draft => "Concept-advies",
            Status::Adopted => "Vastgesteld",
            Status::Sent => "Verzonden",
            Status::ReactionReceived => "Reactie ontvangen",
            Status::Closed => "Afgerond",
            Status::Declined => "Niet uitgebracht",
            Status::Withdrawn => "Ingetrokken",
        }
    }

    /// The council still has work to do before the advice leaves the house.
    pub fn before_sending(self) -> bool {
        matches!(
            self,
            Status::Received | Status::InProgress | Status::Draft | Status::Adopted
        )
    }

    pub fn is_terminal(self) -> bool {
        matches!(self, Status::Closed | Status::Declined | Status::Withdrawn)
    }

    /// The statuses that may follow this one. Skipping the adoption is impossible by
    /// construction: only `Adopted` leads to `Sent`.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Received => &[InProgress, Declined, Withdrawn],
            InProgress => &[Draft, Declined, Withdrawn],
            // Back to InProgress: the plenary may send a draft back to the working group.
            Draft => &[Adopted, InProgress, Declined, Withdrawn],
            // Back to Draft: reopening an adopted advice, explicitly and with a reason.
            Adopted => &[Sent, Draft, Withdrawn],
            Sent => &[ReactionReceived, Closed],
            ReactionReceived => &[Closed],
            Closed | Declined | Withdrawn => &[],
        }
    }

    pub fn can_go_to(self, to: Status) -> bool {
        self.next().contains(&to)
    }
}

impl Tenor {
    pub fn label_nl(self) -> &'static str {
        match self {
            Tenor::Positive => "Positief",
            Tenor::PositiveWithRemarks => "Positief met kanttekeningen",
            Tenor::Negative => "Negatief",
            Tenor::NoAdvice => "Geen advies",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Tenor::Positive => "positive",
            Tenor::PositiveWithRemarks => "positive_with_remarks",
            Tenor::Negative => "negative",
            Tenor::NoAdvice => "no_advice",
        }
    }
    pub const ALL: [Tenor; 4] = [
        Tenor::Positive,
        Tenor::PositiveWithRemarks,
        Tenor::Negative,
        Tenor::NoAdvice,
    ];

    pub fn from_code(s: &str) -> Option<Tenor> {
        Tenor::ALL.into_iter().find(|t| t.code() == s)
    }
}

/// What is known of a request when a step is proposed.
pub struct StepContext {
    pub current: Status,
    pub received_on: NaiveDate,
    /// Date of the most recent recorded step (or the received date).
    pub last_step_on: NaiveDate,
    pub today: NaiveDate,
}

/// Checks a proposed step. Errors are `(field, Dutch message)`; fields are those of `StepInput`.
pub fn check_step(
    ctx: &StepContext,
    to: Status,
    on: NaiveDate,
    tenor: Option<Tenor>,
    note: &str,
) -> Result<(), Vec<(&'static str, String)>> {
    let mut errs = Vec::new();
    if !ctx.current.can_go_to(to) {
        let allowed: Vec<&str> = ctx.current.next().iter().map(|s| s.label_nl()).collect();
        let hint = if allowed.is_empty() {
            "Deze adviesaanvraag is afgesloten; er kan geen stap meer volgen.".to_string()
        } else {
            format!(
                "Na ‘{}’ kan alleen: {}.",
                ctx.current.label_nl(),
                allowed.join(", ")
            )
        };
        errs.push((
            "status",
            format!(
                "‘{}’ kan niet na ‘{}’. {hint}",
                to.label_nl(),
                ctx.current.label_nl()
            ),
        ));
    }
    if on < ctx.received_on {
        errs.push((
            "on",
            "De datum mag niet vóór de ontvangstdatum van de aanvraag liggen.".into(),
        ));
    } else if on < ctx.last_step_on {
        errs.push((
            "on",
            "De datum mag niet vóór de datum van de vorige stap liggen.".into(),
        ));
    }
    if on > ctx.today {
        errs.push((
            "on",
            "De datum ligt in de toekomst; leg een stap vast als die gezet is.".into(),
        ));
    }
    if to == Status::Adopted && tenor.is_none() {
        errs.push((
            "tenor",
            "Kies de strekking van het vastgestelde advies.".into(),
        ));
    }
    if Status::is_reopening(ctx.current, to) && note.trim().is_empty() {
        errs.push((
            "note",
            "Geef aan waarom het vastgestelde advies wordt heropend; dit wordt vastgelegd.".into(),
        ));
    }
    if errs.is_empty() { Ok(()) } else { Err(errs) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn sending_requires_adoption_first() {
        for s in Status::ALL {
            if s.can_go_to(Status::Sent) {
                assert_eq!(s, Status::Adopted);
            }
        }
    }
}
