//! The council profile: who the council is, its own terms, plenary calendar, themes and working
//! groups. Types as the UI sees them, the input a settings form sends, and its validation.

use std::collections::HashSet;

use chrono::NaiveDate;
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
    pub updated_at: String,
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

    let mut meetings = Vec::new();
    let mut seen_dates = HashSet::new();
    for (i, m) in input.meetings.iter().enumerate() {
        let field = format!("meetings[{i}].heldOn");
        if let Some(d) = p.take(&field, date::parse(&m.held_on)) {
            if !seen_dates.insert(d) {
                p.add(
                    &field,
                    format!("Er staat al een vergadering op {}.", date::long_nl(d)),
                );
            }
            let note = text(&mut p, &format!("meetings[{i}].note"), &m.note, None);
            meetings.push(Meeting {
                id: id_or_new(&m.id),
                held_on: d,
                note,
            });
        }
    }
    meetings.sort_by_key(|m| m.held_on);

    let mut themes = Vec::new();
    let mut theme_names = HashSet::new();
    for (i, t) in input.themes.iter().enumerate() {
        let field = format!("themes[{i}].name");
        let name = text(&mut p, &field, &t.name, Some("de naam van het thema"));
        if !name.is_empty() && !theme_names.insert(name.to_lowercase()) {
            p.add(&field, format!("Het thema ‘{name}’ staat er al."));
        }
        themes.push(Theme {
            id: id_or_new(&t.id),
            name,
        });
    }

    let mut working_groups = Vec::new();
    let mut group_names = HashSet::new();
    for (i, g) in input.working_groups.iter().enumerate() {
        let field = format!("workingGroups[{i}].name");
        let name = text(&mut p, &field, &g.name, Some("de naam van de werkgroep"));
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
                    &mut p,
                    &format!("workingGroups[{i}].members[{j}].name"),
                    &m.name,
                    Some("de naam van het lid"),
                ),
                role: text(
                    &mut p,
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
