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

fn attempt() -> impl Strategy<Value = (usize, i64, bool, bool)> {
    (
        0..Status::ALL.len(),
        -5i64..40,
        any::<bool>(),
        any::<bool>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn stored_histories_always_follow_the_life_of_an_advice(attempts in proptest::collection::vec(attempt(), 1..25)) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("db.sqlite3")).unwrap();
        let received = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let r = service::create_request(&mut store, &RequestInput {
            requester: "College".into(),
            ..RequestInput::asked("Eigenschapstest", &date::iso(received))
        }, today).unwrap();

        let mut model = Status::Received;
        let mut last = received;
        let mut accepted = 0;
        for (target, offset, with_tenor, with_note) in attempts {
            let to = Status::ALL[target];
            let on = if offset >= 0 { received + Days::new(offset as u64) } else { received - Days::new((-offset) as u64) };
            let tenor = with_tenor.then_some(Tenor::Positive);
            let note = if with_note { "Reden".to_owned() } else { String::new() };
            let input = StepInput { status: to, on: date::iso(on), reference: String::new(), tenor, note: note.clone() };
            // Reopening an adopted advice needs a reason.
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
