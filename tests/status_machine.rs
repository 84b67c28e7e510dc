//! Property tests of the life of an advice: whatever sequence of steps a user tries, what is
//! stored obeys the rules.

use advieswerk::request::{RequestInput, StepInput};
use advieswerk::status::{Status, Tenor};
use advieswerk::{Store, date, service};
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

/// The life of an advice as `DOMAIN.md` tells it, written out here rather than asked of the
/// code under test: received → in progress → draft → adopted → sent → reaction → closed; a draft
/// may go back to the working group, an adopted advice may be reopened (with a reason); before
/// sending a request may end as declined or withdrawn, an adopted one only as withdrawn; a sent
/// advice may close without a reaction.
fn allowed(from: Status, to: Status) -> bool {
    use Status::*;
    matches!(
        (from, to),
        (Received, InProgress | Declined | Withdrawn)
            | (InProgress, Draft | Declined | Withdrawn)
            | (Draft, Adopted | InProgress | Declined | Withdrawn)
            | (Adopted, Sent | Draft | Withdrawn)
            | (Sent, ReactionReceived | Closed)
            | (ReactionReceived, Closed)
    )
}

/// Reopening: an adopted advice back to draft, which needs a reason.
fn reopens(from: Status, to: Status) -> bool {
    from == Status::Adopted && to == Status::Draft
}

/// The statuses the table allows after `from`, in a fixed order.
fn allowed_after(from: Status) -> Vec<Status> {
    Status::ALL
        .into_iter()
        .filter(|&to| allowed(from, to))
        .collect()
}

/// The life of one advice from start to end, in order.
const LIFE: [Status; 7] = [
    Status::Received,
    Status::InProgress,
    Status::Draft,
    Status::Adopted,
    Status::Sent,
    Status::ReactionReceived,
    Status::Closed,
];

/// One try: mostly the next step of the life (so long lives are reached: adopted, sent, closed),
/// else any move the table allows (back to the working group, reopening, ending early), else
/// a move the table forbids; a date some days after the last step (now and then before it); with or
/// without a tenor and a note.
fn attempt() -> impl Strategy<Value = (u8, usize, i64, bool, bool)> {
    (
        0u8..10,
        0..Status::ALL.len(),
        -2i64..6,
        proptest::bool::weighted(0.8),
        proptest::bool::weighted(0.5),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn stored_histories_always_follow_the_life_of_an_advice(attempts in proptest::collection::vec(attempt(), 1..30)) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("db.sqlite3")).unwrap();
        let received = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let r = service::create_request(&mut store, &RequestInput {
            requester: "College".into(),
            ..RequestInput::asked("Eigenschapstest", &date::iso(received))
        }, today).unwrap();

        let mut model = Status::Received;
        let mut last = received;
        let mut accepted = 0;
        for (mode, pick, step_days, with_tenor, with_note) in attempts {
            let legal_moves = allowed_after(model);
            let forward = LIFE.iter().position(|&s| s == model).and_then(|i| LIFE.get(i + 1)).copied();
            let to = match (mode, forward) {
                (0..=3, Some(next)) => next,
                (0..=6, _) if !legal_moves.is_empty() => legal_moves[pick % legal_moves.len()],
                _ => {
                    let forbidden: Vec<Status> = Status::ALL.into_iter().filter(|s| !legal_moves.contains(s)).collect();
                    forbidden[pick % forbidden.len()]
                }
            };
            let on = if step_days >= 0 { last + Days::new(step_days as u64) } else { last - Days::new((-step_days) as u64) };
            let tenor = with_tenor.then_some(Tenor::Positive);
            let note = if with_note { "Reden".to_owned() } else { String::new() };
            let input = StepInput { status: to, on: date::iso(on), reference: String::new(), tenor, note: note.clone() };
            let expected_ok = allowed(model, to) && on >= last && on <= today && (to != Status::Adopted || tenor.is_some())
                && (!reopens(model, to) || !note.is_empty());
            let result = service::add_step(&mut store, &r.id, &input, today);
            prop_assert_eq!(result.is_ok(), expected_ok, "{:?} -> {:?} on {}", model, to, on);
            if expected_ok {
                model = to;
                last = on;
                accepted += 1;
            }
        }

        let stored = service::get_request(&store, &r.id, today).unwrap();
        prop_assert_eq!(stored.status, model);
        prop_assert_eq!(stored.steps.len(), accepted + 1);
        prop_assert_eq!(stored.steps[0].status, Status::Received);
        for pair in stored.steps.windows(2) {
            prop_assert!(allowed(pair[0].status, pair[1].status), "{:?} then {:?}", pair[0].status, pair[1].status);
            prop_assert!(pair[0].on <= pair[1].on);
        }
        let sent_at = stored.steps.iter().position(|s| s.status == Status::Sent);
        let adopted_at = stored.steps.iter().position(|s| s.status == Status::Adopted);
        if let Some(sent) = sent_at {
            prop_assert!(adopted_at.is_some_and(|a| a < sent), "sent without adoption");
        }
        prop_assert_eq!(stored.tenor.is_some(), stored.steps.iter().any(|s| s.status == Status::Adopted));
        if model.is_terminal() {
            prop_assert!(stored.next_statuses.is_empty());
        }
    }
}
