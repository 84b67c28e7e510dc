//! iCalendar (RFC 5545) export of timeline items: all-day events with an exclusive end date,
//! stable UIDs and a SEQUENCE that grows with every change, so that importing a newer export
//! updates the events instead of adding them twice.

use chrono::{DateTime, Days, NaiveDate, Utc};

pub struct Event {
    /// Stable across exports: the same item always gets the same UID.
    pub uid: String,
    pub sequence: u32,
    pub summary: String,
    pub description: String,
    pub categories: String,
    pub start: NaiveDate,
    /// Last day (inclusive); none for a one-day event.
    pub last_day: Option<NaiveDate>,
    /// The item's last change (LAST-MODIFIED).
    pub modified: Option<DateTime<Utc>>,
}

/// Escapes TEXT values (RFC 5545 §3.3.11).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a character (§3.1), ending it in CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn day(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The whole calendar. `now` becomes every event's DTSTAMP.
pub fn calendar(name: &str, events: &[Event], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Advieswerk//Planning//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_line(&mut out, l);
    }
    push_line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    // All-day events float by definition; this tells calendar apps where the council is.
    push_line(&mut out, "X-WR-TIMEZONE:Europe/Amsterdam");
    for e in events {
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}", text(&e.uid)));
        push_line(&mut out, &format!("DTSTAMP:{}", stamp(now)));
        if let Some(m) = e.modified {
            push_line(&mut out, &format!("LAST-MODIFIED:{}", stamp(m)));
        }
        push_line(&mut out, &format!("SEQUENCE:{}", e.sequence));
        push_line(&mut out, &format!("DTSTART;VALUE=DATE:{}", day(e.start)));
        // DTEND of an all-day event is the day after the last day.
        let end = e.last_day.unwrap_or(e.start) + Days::new(1);
        push_line(&mut out, &format!("DTEND;VALUE=DATE:{}", day(end)));
        push_line(&mut out, &format!("SUMMARY:{}", text(&e.summary)));
        if !e.description.is_empty() {
            push_line(&mut out, &format!("DESCRIPTION:{}", text(&e.description)));
        }
        if !e.categories.is_empty() {
            push_line(&mut out, &format!("CATEGORIES:{}", text(&e.categories)));
        }
        push_line(&mut out, "TRANSP:TRANSPARENT");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        push_line(&mut out, &format!("SUMMARY:{}", "é".repeat(60)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(60)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
