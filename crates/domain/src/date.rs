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

/// Why a typed date was refused. Its text (`Display`) is a Dutch sentence without the field
/// name; callers attach it to their field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Nothing was typed where a date is required.
    Empty,
    /// Not in the shape `dd-mm-jjjj` or `jjjj-mm-dd`.
    Shape(String),
    /// A year outside 1900–2200: a typing error, never a council date.
    YearOutOfRange(i32),
    /// A month outside 1–12.
    NoSuchMonth { input: String, month: u32 },
    /// A day the month does not have (`31-02-2026`).
    NoSuchDay {
        input: String,
        day: u32,
        month: u32,
        year: i32,
    },
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateError::Empty => write!(f, "Vul een datum in (dd-mm-jjjj)."),
            DateError::Shape(s) => write!(
                f,
                "‘{s}’ is geen geldige datum; schrijf de datum als dd-mm-jjjj, bijvoorbeeld 23-11-2026."
            ),
            DateError::YearOutOfRange(y) => {
                write!(f, "Het jaar {y} ligt buiten het bereik 1900–2200.")
            }
            DateError::NoSuchMonth { input, month } => {
                write!(
                    f,
                    "‘{input}’ is geen geldige datum: maand {month} bestaat niet."
                )
            }
            DateError::NoSuchDay {
                input,
                day,
                month,
                year,
            } => write!(
                f,
                "‘{input}’ bestaat niet: {} {year} heeft geen {day}e dag.",
                MONTHS[(month - 1) as usize]
            ),
        }
    }
}

impl std::error::Error for DateError {}

/// Parses `dd-mm-jjjj` (also with `/` or `.`) or ISO `jjjj-mm-dd`.
pub fn parse(input: &str) -> Result<NaiveDate, DateError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let bad = || DateError::Shape(s.to_string());
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
    let (day, month, year): (u32, u32, i32) = (
        d.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        y.parse().map_err(|_| bad())?,
    );
    if !(1900..=2200).contains(&year) {
        return Err(DateError::YearOutOfRange(year));
    }
    if !(1..=12).contains(&month) {
        return Err(DateError::NoSuchMonth {
            input: s.to_string(),
            month,
        });
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| DateError::NoSuchDay {
        input: s.to_string(),
        day,
        month,
        year,
    })
}

/// Parses an optional date: empty input means "none".
pub fn parse_optional(input: &str) -> Result<Option<NaiveDate>, DateError> {
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
        let e = parse("31-02-2026").unwrap_err().to_string();
        assert!(e.contains("februari"), "{e}");
        assert!(parse("29-02-2026").is_err());
        assert!(parse("29-02-2028").is_ok());
        assert!(
            parse("12-13-2026")
                .unwrap_err()
                .to_string()
                .contains("maand 13")
        );
        assert_eq!(parse(" "), Err(DateError::Empty));
        assert_eq!(parse("1-1-1800"), Err(DateError::YearOutOfRange(1800)));
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
