//! Example data for a first start and for demonstrations: a fictitious council (Lindeveen) with
//! meetings, working groups and requests in every stage, dated around today so deadlines and
//! warnings show. Written for this project; it goes through the same use cases as user input.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::council::{CouncilInput, MeetingInput, MemberInput, WorkingGroupInput};
use crate::date;
use crate::error::{Error, Result};
use crate::request::{RequestInput, RequestKind, StepInput};
use crate::service;
use crate::status::{Status, Tenor};
use crate::store::Store;

/// Second Thursday of every month but July and August, from half a year back to a year ahead.
fn plenary_dates(today: NaiveDate) -> Vec<NaiveDate> {
    let first = today.with_day(1).expect("day 1 exists") - Months::new(6);
    (0..19)
        .filter_map(|i| first.checked_add_months(Months::new(i)))
        .filter(|m| !matches!(m.month(), 7 | 8))
        .filter_map(|m| NaiveDate::from_weekday_of_month_opt(m.year(), m.month(), Weekday::Thu, 2))
        .collect()
}

fn days_from(today: NaiveDate, n: i64) -> String {
    let d = if n >= 0 {
        today + Days::new(n as u64)
    } else {
        today - Days::new((-n) as u64)
    };
    date::short_nl(d)
}

/// Fills an empty database. Refuses when requests exist, so it never mixes with real data.
pub fn load(store: &mut Store, today: NaiveDate) -> Result<()> {
    if store.count_requests()? > 0 {
        return Err(Error::validation(
            "demo",
            "De database bevat al adviesaanvragen; voorbeeldgegevens worden alleen in een lege database geladen.",
        ));
    }
    let current = store.get_council()?;
    let theme_id = |name: &str| current.theme_named(name).map(|t| t.id.clone());
    let member = |name: &str, role: &str| MemberInput {
        id: None,
        name: name.into(),
        role: role.into(),
    };
    let input = CouncilInput {
        name: "Adviesraad Sociaal Domein Lindeveen".into(),
        municipality: "Lindeveen".into(),
        chair: "Marieke de Wit".into(),
        secretary: "Johan Bakker".into(),
        advice_term_days: "42".into(),
        draft_lead_days: "7".into(),
        reaction_term_days: "42".into(),
        due_soon_days: "14".into(),
        meetings: plenary_dates(today)
            .into_iter()
            .map(|d| MeetingInput {
                id: None,
                held_on: date::iso(d),
                note: String::new(),
            })
            .collect(),
        // The themes the database starts with, kept with their ids.
        themes: current.to_input().themes,
        working_groups: vec![
            WorkingGroupInput {
                id: None,
                name: "Werkgroep Jeugd".into(),
                theme_id: theme_id("Jeugd"),
                members: vec![
                    member("Fatima el Amrani", "trekker"),
                    member("Pieter Smit", "lid"),
                ],
            },
            WorkingGroupInput {
                id: None,
                name: "Werkgroep Wmo en Wonen".into(),
                theme_id: theme_id("Wmo"),
                members: vec![
                    member("Gerda Jansen", "trekker"),
                    member("Ahmed Yilmaz", "lid"),
                    member("Ria Visser", "lid"),
                ],
            },
            WorkingGroupInput {
                id: None,
                name: "Werkgroep Werk en Inkomen".into(),
                theme_id: theme_id("Participatie"),
                members: vec![
                    member("Kees van Dam", "trekker"),
                    member("Sanne Mulder", "lid"),
                ],
            },
        ],
    };
    let council = service::save_council(store, &input)?;
    let group = |name: &str| council.group_named(name).map(|g| g.id.clone());

    struct Example {
        subject: &'static str,
        requester: &'static str,
        kind: RequestKind,
        theme: &'static str,
        group: &'static str,
        received: i64,
        requested_by: Option<i64>,
        steps: &'static [(Status, i64)],
        refs: (&'static str, &'static str),
    }
    use Status::*;
    let examples = [
        Example {
            subject: "Beleidsplan Jeugdhulp 2027-2030",
            requester: "College van B en W",
            kind: RequestKind::Asked,
            theme: "Jeugd",
            group: "Werkgroep Jeugd",
            received: -30,
            requested_by: Some(9),
            steps: &[(InProgress, -25)],
            refs: ("Z/26/104512", "2026-031"),
        },
        Example {
            subject: "Verordening maatschappelijke ondersteuning, wijziging eigen bijdrage",
            requester: "College van B en W",
            kind: RequestKind::Asked,
            theme: "Wmo",
            group: "Werkgroep Wmo en Wonen",
            received: -45,
            requested_by: Some(-3),
            steps: &[(InProgress, -40), (Draft, -10)],
            refs: ("Z/26/099870", "2026-027"),
        },
        Example {
            subject: "Minimabeleid: bereik van de meedoenregeling",
            requester: "",
            kind: RequestKind::Unasked,
            theme: "Armoede en schulden",
            group: "Werkgroep Werk en Inkomen",
            received: -20,
            requested_by: None,
            steps: &[(InProgress, -14)],
            refs: ("", "2026-033"),
        },
        Example {
            subject: "Uitvoeringsplan Participatiewet: re-integratie en loonkostensubsidie",
            requester: "Wethouder Werk en Inkomen",
            kind: RequestKind::Asked,
            theme: "Participatie",
            group: "Werkgroep Werk en Inkomen",
            received: -120,
            requested_by: Some(-70),
            steps: &[
                (InProgress, -115),
                (Draft, -90),
                (Adopted, -80),
                (Sent, -75),
            ],
            refs: ("Z/26/071203", "2026-019"),
        },
        Example {
            subject: "Regionale inkoop specialistische jeugdhulp",
            requester: "College van B en W",
            kind: RequestKind::Asked,
            theme: "Jeugd",
            group: "Werkgroep Jeugd",
            received: -200,
            requested_by: Some(-150),
            steps: &[
                (InProgress, -195),
                (Draft, -170),
                (Adopted, -160),
                (Sent, -155),
                (ReactionReceived, -110),
                (Closed, -100),
            ],
            refs: ("Z/26/030117", "2026-008"),
        },
        Example {
            subject: "Woonvisie: wonen met zorg voor ouderen",
            requester: "College van B en W",
            kind: RequestKind::Asked,
            theme: "Wonen en zorg",
            group: "Werkgroep Wmo en Wonen",
            received: -5,
            requested_by: None,
            steps: &[],
            refs: ("Z/26/110045", ""),
        },
        Example {
            subject: "Schuldhulpverlening: vroegsignalering",
            requester: "College van B en W",
            kind: RequestKind::Asked,
            theme: "Armoede en schulden",
            group: "Werkgroep Werk en Inkomen",
            received: -90,
            requested_by: Some(-40),
            steps: &[(InProgress, -85), (Declined, -41)],
            refs: ("Z/26/080332", "2026-024"),
        },
    ];
    for e in examples {
        let created = service::create_request(
            store,
            &RequestInput {
                subject: e.subject.into(),
                requester: e.requester.into(),
                kind: e.kind,
                theme_id: theme_id(e.theme),
                working_group_id: group(e.group),
                received_on: days_from(today, e.received),
                requested_by: e
                    .requested_by
                    .map(|n| days_from(today, n))
                    .unwrap_or_default(),
                municipality_reference: e.refs.0.into(),
                case_number: String::new(),
                our_reference: e.refs.1.into(),
                notes: String::new(),
                confidential: false,
            },
            today,
        )?;
        for (status, on) in e.steps {
            service::add_step(
                store,
                &created.id,
                &StepInput {
                    status: *status,
                    on: days_from(today, *on),
                    reference: if *status == Sent {
                        format!("ASD/{}", e.refs.1)
                    } else {
                        String::new()
                    },
                    tenor: (*status == Adopted).then_some(Tenor::PositiveWithRemarks),
                    note: String::new(),
                },
                today,
            )?;
        }
    }
    Ok(())
}
