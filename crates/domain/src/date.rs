//! Calendar dates as Dutch users write and read them: `23-11-2026` or `2026-11-23` in, and
//! `23 november 2026` out. Parsing is strict: `31-02-2026` is an error, never "corrected".

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// Parses `dd-mm-jjjj` (also with `/` or `.`) or ISO `jjjj-mm-dd`. The error is a Dutch sentence
/// without the field name; callers attach it to their field.
pub fn parse(input: &str) -> Result<NaiveDate, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("Vul een datum in (dd-mm-jjjj).".into());
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let bad = || {
        format!(
            "‘{s}’ is geen geldige datum; schrijf de datum als dd-mm-jjjj, bijvoorbeeld 23-11-2026."
        )
    };
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let (d, m, y) = if parts[0].len() == 4 {
        (parts[2], parts[1], parts[0])
    } else if parts[2].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else {
        return Err(bad());
    };
    if d.len() > 2 || m.len() > 2 {
        return Err(bad());
    }
    let (d, m, y): (u32, u32, i32) = (
        d.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        y.parse().map_err(|_| bad())?,
    );
    if !(1900..=2200).contains(&y) {
        return Err(format!("Het jaar {y} ligt buiten het bereik 1900–2200."));
    }
    if !(1..=12).contains(&m) {
        return Err(format!(
            "‘{s}’ is geen geldige datum: maand {m} bestaat niet."
        ));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        format!(
            "‘{s}’ bestaat niet: {} {y} heeft geen {d}e dag.",
            MONTHS[(m - 1) as usize]
        )
    })
}

/// Parses an optional date: empty input means "none".
pub fn parse_optional(input: &str) -> Result<Option<NaiveDate>, String> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse(input).map(Some)
    }
}

/// `23 november 2026`.
pub fn long_nl(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// `23-11-2026`.
pub fn short_nl(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// Stored form in SQLite: ISO 8601, which sorts as text.
pub fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Reads the stored form. Hand-parsed: it runs for every date of every row read, and
/// chrono's format-string parser was most of the time of a timeline query.
pub fn from_iso(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_iso_forms_parse_to_the_same_day() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(parse("23-11-2026"), Ok(d));
        assert_eq!(parse("2026-11-23"), Ok(d));
        assert_eq!(parse(" 23/11/2026 "), Ok(d));
        assert_eq!(
            parse("3-2-2026"),
            Ok(NaiveDate::from_ymd_opt(2026, 2, 3).unwrap())
        );
    }

    #[test]
    fn impossible_days_are_refused_not_corrected() {
        let e = parse("31-02-2026").unwrap_err();
        assert!(e.contains("februari"), "{e}");
        assert!(parse("29-02-2026").is_err());
        assert!(parse("29-02-2028").is_ok());
        assert!(parse("12-13-2026").unwrap_err().contains("maand 13"));
        for bad in [
            "",
            "morgen",
            "23-11",
            "23-11-26",
            "2026-11-23T00:00",
            "1-1-99999",
            "+1-01-2026",
        ] {
            assert!(parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn dates_are_written_the_dutch_way() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(long_nl(d), "5 maart 2026");
        assert_eq!(short_nl(d), "05-03-2026");
    }
}

#[cfg(test)]
mod iso_tests {
    use super::*;

    #[test]
    fn the_stored_form_reads_back_and_nothing_else_does() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        assert_eq!(from_iso(&iso(d)), Some(d));
        for bad in [
            "2026-02-29",
            "2026-2-28",
            "2026/02/28",
            "20260228",
            "2026-02-2x",
            "",
            "+026-02-28",
        ] {
            assert_eq!(from_iso(bad), None, "{bad}");
        }
    }
}
