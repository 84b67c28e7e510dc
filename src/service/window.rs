//! What the desktop shell tells its window without being asked: the status after a background
//! sync round, that other members' changes came in, that the user asked to close. The window
//! keeps one request for the next of these open at all times, and the shell answers it; this
//! module owns the events and the rule for the ones still waiting to be read.

use std::collections::VecDeque;

use serde::Serialize;
use ts_rs::TS;

use super::SyncStatus;

/// One thing the shell tells the window.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", content = "status", rename_all = "camelCase")]
pub enum PageEvent {
    /// What the status line says changed after a background round.
    SyncStatus(SyncStatus),
    /// Other members' changes were taken in: screens reload what they show.
    SyncChanged(SyncStatus),
    /// The user asked to close the window: the editors save first, then the window closes.
    CloseRequested,
}

/// Adds `event` to those the window has not read yet. Only the newest status matters, so a
/// status replaces the ones still waiting, and changes taken in replace earlier ones (the
/// window reloads once, with the newest status); a close request is never dropped. What waits
/// therefore stays a handful of events, however long the window takes to ask.
pub fn queue_event(waiting: &mut VecDeque<PageEvent>, event: PageEvent) {
    match &event {
        PageEvent::SyncStatus(_) => waiting.retain(|e| !matches!(e, PageEvent::SyncStatus(_))),
        PageEvent::SyncChanged(_) => {
            waiting.retain(|e| !matches!(e, PageEvent::SyncStatus(_) | PageEvent::SyncChanged(_)))
        }
        PageEvent::CloseRequested => {
            if waiting
                .iter()
                .any(|e| matches!(e, PageEvent::CloseRequested))
            {
                return;
            }
        }
    }
    waiting.push_back(event);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(summary: &str, received: u64) -> SyncStatus {
        SyncStatus {
            shared: true,
            folder: None,
            member: None,
            reachable: true,
            last_round_at: None,
            unsent: 0,
            received,
            refusals: vec![],
            problems: vec![],
            members: vec![],
            conflicts: vec![],
            summary: summary.into(),
        }
    }

    fn kinds(waiting: &VecDeque<PageEvent>) -> Vec<String> {
        waiting
            .iter()
            .map(|e| match e {
                PageEvent::SyncStatus(s) => format!("status {}", s.summary),
                PageEvent::SyncChanged(s) => format!("changed {}", s.summary),
                PageEvent::CloseRequested => "close".into(),
            })
            .collect()
    }

    #[test]
    fn only_the_newest_status_waits_and_a_close_request_is_kept_once() {
        let mut waiting = VecDeque::new();
        queue_event(&mut waiting, PageEvent::SyncStatus(status("a", 0)));
        queue_event(&mut waiting, PageEvent::CloseRequested);
        queue_event(&mut waiting, PageEvent::SyncStatus(status("b", 0)));
        queue_event(&mut waiting, PageEvent::CloseRequested);
        assert_eq!(kinds(&waiting), ["close", "status b"]);
    }

    #[test]
    fn changes_taken_in_replace_earlier_ones_and_older_statuses() {
        let mut waiting = VecDeque::new();
        queue_event(&mut waiting, PageEvent::SyncChanged(status("1 binnen", 1)));
        queue_event(&mut waiting, PageEvent::SyncStatus(status("rustig", 0)));
        queue_event(&mut waiting, PageEvent::SyncChanged(status("2 binnen", 2)));
        assert_eq!(kinds(&waiting), ["changed 2 binnen"]);
        // A status after changes leaves the changes: the window still has to reload.
        queue_event(&mut waiting, PageEvent::SyncStatus(status("rustig", 0)));
        assert_eq!(kinds(&waiting), ["changed 2 binnen", "status rustig"]);
    }

    #[test]
    fn a_page_event_reaches_the_window_as_its_kind_and_status() {
        let json = serde_json::to_value(PageEvent::SyncChanged(status("x", 3))).unwrap();
        assert_eq!(json["kind"], "syncChanged");
        assert_eq!(json["status"]["received"], 3);
        let close = serde_json::to_value(PageEvent::CloseRequested).unwrap();
        assert_eq!(close, serde_json::json!({ "kind": "closeRequested" }));
    }
}
