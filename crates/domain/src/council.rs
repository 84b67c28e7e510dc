//! The council profile: who the council is, its own terms, plenary calendar, themes and working
//! groups. Types as the UI sees them, the input a settings form sends, and its validation.

use crate::stamp::Stamp;
use std::collections::HashSet;

use chrono::{Datelike, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::date;
use crate::deadline::Terms;
use crate::error::{Problems, Result};

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Council {
    pub id: String,
    pub name: String,
    pub municipality: String,
    pub chair: String,
    pub secretary: String,
    pub advice_term_days: u32,
    pub draft_lead_days: u32,
    pub reaction_term_days: u32,
    pub due_soon_days: u32,
    /// Plenary meetings, ascending by date.
    pub meetings: Vec<Meeting>,
    pub themes: Vec<Theme>,
    pub working_groups: Vec<WorkingGroup>,
    pub updated_at: Stamp,
    pub updated_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Meeting {
    pub id: String,
    pub held_on: NaiveDate,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Theme {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkingGroup {
    pub id: String,
    pub name: String,
    pub theme_id: Option<String>,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub id: String,
    pub name: String,
    pub role: String,
}

impl Council {
    pub fn terms(&self) -> Terms {
        Terms {
            advice_term_days: self.advice_term_days,
            draft_lead_days: self.draft_lead_days,
            reaction_term_days: self.reaction_term_days,
            due_soon_days: self.due_soon_days,
        }
    }

    pub fn theme_named(&self, name: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.name == name)
    }

    pub fn group_named(&self, name: &str) -> Option<&WorkingGroup> {
        self.working_groups.iter().find(|g| g.name == name)
    }

    pub fn meeting_dates(&self) -> Vec<NaiveDate> {
        self.meetings.iter().map(|m| m.held_on).collect()
    }

    /// The profile as the settings form would send it back unchanged: a use case that changes
    /// one thing (say, the name an imported letter gives) goes through the same validation.
    pub fn to_input(&self) -> CouncilInput {
        CouncilInput {
            name: self.name.clone(),
            municipality: self.municipality.clone(),
            chair: self.chair.clone(),
            secretary: self.secretary.clone(),
            advice_term_days: self.advice_term_days.to_string(),
            draft_lead_days: self.draft_lead_days.to_string(),
            reaction_term_days: self.reaction_term_days.to_string(),
            due_soon_days: self.due_soon_days.to_string(),
            meetings: self
                .meetings
                .iter()
                .map(|m| MeetingInput {
                    id: Some(m.id.clone()),
                    held_on: date::short_nl(m.held_on),
                    note: m.note.clone(),
                })
                .collect(),
            themes: self
                .themes
                .iter()
                .map(|t| ThemeInput {
                    id: Some(t.id.clone()),
                    name: t.name.clone(),
                })
                .collect(),
            working_groups: self
                .working_groups
                .iter()
                .map(|g| WorkingGroupInput {
                    id: Some(g.id.clone()),
                    name: g.name.clone(),
                    theme_id: g.theme_id.clone(),
                    members: g
                        .members
                        .iter()
                        .map(|m| MemberInput {
                            id: Some(m.id.clone()),
                            name: m.name.clone(),
                            role: m.role.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// What the settings form sends. Numbers and dates arrive as typed text so that the core, not
/// the browser, decides what is valid and names the field when it is not.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CouncilInput {
    pub name: String,
    pub municipality: String,
    pub chair: String,
    pub secretary: String,
    pub advice_term_days: String,
    pub draft_lead_days: String,
    pub reaction_term_days: String,
    pub due_soon_days: String,
    pub meetings: Vec<MeetingInput>,
    pub themes: Vec<ThemeInput>,
    pub working_groups: Vec<WorkingGroupInput>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingInput {
    pub id: Option<String>,
    pub held_on: String,
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ThemeInput {
    pub id: Option<String>,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkingGroupInput {
    pub id: Option<String>,
    pub name: String,
    pub theme_id: Option<String>,
    pub members: Vec<MemberInput>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberInput {
    pub id: Option<String>,
    pub name: String,
    pub role: String,
}

/// A validated profile, ready to store. Ids are filled in for new rows.
#[derive(Debug, Clone)]
pub struct ValidCouncil {
    pub name: String,
    pub municipality: String,
    pub chair: String,
    pub secretary: String,
    pub terms: Terms,
    pub meetings: Vec<Meeting>,
    pub themes: Vec<Theme>,
    pub working_groups: Vec<WorkingGroup>,
}

pub const MAX_NAME: usize = 200;

fn text(p: &mut Problems, field: &str, value: &str, required: Option<&str>) -> String {
    let v = value.trim();
    if let Some(what) = required
        && v.is_empty()
    {
        p.add(field, format!("Vul {what} in."));
    }
    if v.chars().count() > MAX_NAME {
        p.add(field, format!("Maximaal {MAX_NAME} tekens."));
    }
    v.to_owned()
}

fn days(p: &mut Problems, field: &str, value: &str, min: u32, max: u32) -> u32 {
    match value.trim().parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => n,
        _ => {
            p.add(
                field,
                format!("Vul een aantal dagen in van {min} tot en met {max}."),
            );
            0
        }
    }
}

/// Validates a settings form. `new_id` names the meetings, themes, groups and members the form
/// adds: identity is the store's business, so the rule is given the means, not the source.
pub fn validate(input: &CouncilInput, new_id: impl Fn() -> String) -> Result<ValidCouncil> {
    let id_or_new = |id: &Option<String>| -> String {
        id.as_deref()
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(&new_id)
    };
    let mut p = Problems::default();
    let name = text(
        &mut p,
        "name",
        &input.name,
        Some("de naam van de adviesraad"),
    );
    let municipality = text(&mut p, "municipality", &input.municipality, None);
    let chair = text(&mut p, "chair", &input.chair, None);
    let secretary = text(&mut p, "secretary", &input.secretary, None);
    let terms = Terms {
        advice_term_days: days(&mut p, "adviceTermDays", &input.advice_term_days, 1, 365),
        draft_lead_days: days(&mut p, "draftLeadDays", &input.draft_lead_days, 0, 90),
        reaction_term_days: days(
            &mut p,
            "reactionTermDays",
            &input.reaction_term_days,
            1,
            365,
        ),
        due_soon_days: days(&mut p, "dueSoonDays", &input.due_soon_days, 1, 90),
    };
    let meetings = valid_meetings(&mut p, &input.meetings, &id_or_new);
    let themes = valid_themes(&mut p, &input.themes, &id_or_new);
    let working_groups = valid_groups(&mut p, &input.working_groups, &themes, &id_or_new);
    p.into_result()?;
    Ok(ValidCouncil {
        name,
        municipality,
        chair,
        secretary,
        terms,
        meetings,
        themes,
        working_groups,
    })
}

/// A record's id from the form, or a new one for a record the form adds.
type IdOrNew<'a> = &'a dyn Fn(&Option<String>) -> String;

/// The plenary meetings by date; two on one day are refused.
fn valid_meetings(p: &mut Problems, input: &[MeetingInput], id_or_new: IdOrNew) -> Vec<Meeting> {
    let mut meetings = Vec::new();
    let mut seen_dates = HashSet::new();
    for (i, m) in input.iter().enumerate() {
        let field = format!("meetings[{i}].heldOn");
        if let Some(d) = p.take(&field, date::parse(&m.held_on)) {
            if !seen_dates.insert(d) {
                p.add(
                    &field,
                    format!("Er staat al een vergadering op {}.", date::long_nl(d)),
                );
            }
            let note = text(p, &format!("meetings[{i}].note"), &m.note, None);
            meetings.push(Meeting {
                id: id_or_new(&m.id),
                held_on: d,
                note,
            });
        }
    }
    meetings.sort_by_key(|m| m.held_on);
    meetings
}

/// The themes; a name may be used once, whatever its capitals.
fn valid_themes(p: &mut Problems, input: &[ThemeInput], id_or_new: IdOrNew) -> Vec<Theme> {
    let mut themes = Vec::new();
    let mut theme_names = HashSet::new();
    for (i, t) in input.iter().enumerate() {
        let field = format!("themes[{i}].name");
        let name = text(p, &field, &t.name, Some("de naam van het thema"));
        if !name.is_empty() && !theme_names.insert(name.to_lowercase()) {
            p.add(&field, format!("Het thema ‘{name}’ staat er al."));
        }
        themes.push(Theme {
            id: id_or_new(&t.id),
            name,
        });
    }
    themes
}

/// The working groups with their members; a group's theme must be one of `themes`.
fn valid_groups(
    p: &mut Problems,
    input: &[WorkingGroupInput],
    themes: &[Theme],
    id_or_new: IdOrNew,
) -> Vec<WorkingGroup> {
    let mut working_groups = Vec::new();
    let mut group_names = HashSet::new();
    for (i, g) in input.iter().enumerate() {
        let field = format!("workingGroups[{i}].name");
        let name = text(p, &field, &g.name, Some("de naam van de werkgroep"));
        if !name.is_empty() && !group_names.insert(name.to_lowercase()) {
            p.add(&field, format!("De werkgroep ‘{name}’ staat er al."));
        }
        let theme_id = g.theme_id.clone().filter(|s| !s.is_empty());
        if let Some(t) = &theme_id
            && !themes.iter().any(|th| &th.id == t)
        {
            p.add(
                &format!("workingGroups[{i}].themeId"),
                "Kies een thema uit de lijst.",
            );
        }
        let members = g
            .members
            .iter()
            .enumerate()
            .map(|(j, m)| Member {
                id: id_or_new(&m.id),
                name: text(
                    p,
                    &format!("workingGroups[{i}].members[{j}].name"),
                    &m.name,
                    Some("de naam van het lid"),
                ),
                role: text(
                    p,
                    &format!("workingGroups[{i}].members[{j}].role"),
                    &m.role,
                    None,
                ),
            })
            .collect();
        working_groups.push(WorkingGroup {
            id: id_or_new(&g.id),
            name,
            theme_id,
            members,
        });
    }
    working_groups
}

/// A series of plenary meetings, as a council plans its year: "every second Tuesday of the
/// month, except July and August, from … to …".
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeetingSeriesInput {
    /// Which one of the month: 1 to 4, or 5 for the last.
    pub ordinal: u8,
    /// 1 (Monday) to 7 (Sunday).
    pub weekday: u8,
    /// Months without a meeting, 1 to 12.
    pub skip_months: Vec<u32>,
    /// `dd-mm-jjjj`
    pub from: String,
    /// `dd-mm-jjjj`, included.
    pub to: String,
}

/// The longest series made at once.
pub const MAX_SERIES_YEARS: u32 = 3;

/// The dates of a series, ascending. Each field that is wrong is named.
pub fn meeting_series(input: &MeetingSeriesInput) -> Result<Vec<NaiveDate>> {
    let mut p = Problems::default();
    let from = p.take("from", date::parse(&input.from));
    let to = p.take("to", date::parse(&input.to));
    if !(1..=5).contains(&input.ordinal) {
        p.add(
            "ordinal",
            "Kies de eerste, tweede, derde, vierde of laatste.",
        );
    }
    let weekday = match input.weekday {
        1..=7 => Weekday::try_from(input.weekday - 1).ok(),
        _ => None,
    };
    if weekday.is_none() {
        p.add("weekday", "Kies een dag van de week.");
    }
    if input.skip_months.iter().any(|m| !(1..=12).contains(m)) {
        p.add(
            "skipMonths",
            "Kies maanden van januari tot en met december.",
        );
    }
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            p.add(
                "to",
                format!(
                    "De einddatum ({}) ligt vóór de begindatum ({}).",
                    date::long_nl(t),
                    date::long_nl(f)
                ),
            );
        } else if f
            .checked_add_months(Months::new(12 * MAX_SERIES_YEARS))
            .is_none_or(|end| t > end)
        {
            p.add(
                "to",
                format!("Maak een reeks van hoogstens {MAX_SERIES_YEARS} jaar."),
            );
        }
    }
    p.into_result()?;
    let (Some(from), Some(to), Some(weekday)) = (from, to, weekday) else {
        unreachable!("problems were returned above")
    };
    let mut out = Vec::new();
    let mut month = from.with_day(1).expect("day 1 exists");
    while month <= to {
        if !input.skip_months.contains(&month.month()) {
            let day = if input.ordinal == 5 {
                last_weekday_of_month(month, weekday)
            } else {
                NaiveDate::from_weekday_of_month_opt(
                    month.year(),
                    month.month(),
                    weekday,
                    input.ordinal,
                )
            };
            if let Some(d) = day.filter(|d| (from..=to).contains(d)) {
                out.push(d);
            }
        }
        month = month + Months::new(1);
    }
    Ok(out)
}

fn last_weekday_of_month(first: NaiveDate, weekday: Weekday) -> Option<NaiveDate> {
    let last = (first + Months::new(1)).pred_opt()?;
    let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    last.checked_sub_days(chrono::Days::new(u64::from(back)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn council() -> Council {
        let d = |s: &str| date::parse(s).unwrap();
        Council {
            id: "c".into(),
            name: "Adviesraad Sociaal Domein Pijnacker-Nootdorp".into(),
            municipality: "Pijnacker-Nootdorp".into(),
            chair: "A. de Voorzitter".into(),
            secretary: "B. Secretaris".into(),
            advice_term_days: 42,
            draft_lead_days: 7,
            reaction_term_days: 56,
            due_soon_days: 14,
            meetings: vec![Meeting {
                id: "m1".into(),
                held_on: d("09-03-2027"),
                note: "raadzaal".into(),
            }],
            themes: vec![Theme {
                id: "t1".into(),
                name: "Jeugd".into(),
            }],
            working_groups: vec![WorkingGroup {
                id: "g1".into(),
                name: "Werkgroep Jeugd".into(),
                theme_id: Some("t1".into()),
                members: vec![Member {
                    id: "p1".into(),
                    name: "C. Lid".into(),
                    role: "trekker".into(),
                }],
            }],
            updated_at: Stamp::at(chrono::DateTime::UNIX_EPOCH),
            updated_by: String::new(),
        }
    }

    fn series(ordinal: u8, weekday: u8, skip: &[u32], from: &str, to: &str) -> MeetingSeriesInput {
        MeetingSeriesInput {
            ordinal,
            weekday,
            skip_months: skip.to_vec(),
            from: from.into(),
            to: to.into(),
        }
    }

    #[test]
    fn every_second_tuesday_except_july_and_august_makes_ten_meetings_a_year() {
        let dates = meeting_series(&series(2, 2, &[7, 8], "01-01-2027", "31-12-2027")).unwrap();
        assert_eq!(dates.len(), 10);
        assert!(
            dates
                .iter()
                .all(|d| d.weekday() == Weekday::Tue && (8..=14).contains(&d.day()))
        );
        assert!(dates.iter().all(|d| !matches!(d.month(), 7 | 8)));
        assert_eq!(dates[0], date::parse("12-01-2027").unwrap());
        assert_eq!(dates[9], date::parse("14-12-2027").unwrap());
    }

    #[test]
    fn the_last_thursday_and_the_bounds_of_the_period_are_kept() {
        let dates = meeting_series(&series(5, 4, &[], "27-01-2028", "29-02-2028")).unwrap();
        // 27 January 2028 is the last Thursday of January; February's is the 24th.
        assert_eq!(
            dates,
            [
                date::parse("27-01-2028").unwrap(),
                date::parse("24-02-2028").unwrap()
            ]
        );
        let none = meeting_series(&series(1, 1, &[], "10-03-2027", "31-03-2027")).unwrap();
        assert_eq!(
            none,
            [],
            "the first Monday of March 2027 lies before the period"
        );
    }

    #[test]
    fn a_wrong_series_names_each_field() {
        let e = meeting_series(&series(6, 9, &[13], "31-02-2027", "x")).unwrap_err();
        let fields: Vec<&str> = e.fields().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["from", "to", "ordinal", "weekday", "skipMonths"]);
        let e = meeting_series(&series(1, 1, &[], "01-06-2027", "01-01-2027")).unwrap_err();
        assert_eq!(e.fields()[0].field, "to");
        let e = meeting_series(&series(1, 1, &[], "01-01-2027", "01-02-2030")).unwrap_err();
        assert!(e.fields()[0].message.contains("3 jaar"));
    }

    #[test]
    fn a_council_sent_back_as_its_own_form_validates_to_the_same_profile() {
        let c = council();
        let v = validate(&c.to_input(), || {
            panic!("no new ids: every row keeps its own")
        })
        .unwrap();
        assert_eq!(
            (v.name, v.municipality, v.chair, v.secretary),
            (c.name, c.municipality, c.chair, c.secretary)
        );
        assert_eq!(v.terms.advice_term_days, 42);
        assert_eq!(v.terms.reaction_term_days, 56);
        assert_eq!(v.meetings, c.meetings);
        assert_eq!(v.themes, c.themes);
        assert_eq!(v.working_groups, c.working_groups);
    }
}
