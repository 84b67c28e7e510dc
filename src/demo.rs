//! Example data for a first start and for demonstrations: a fictitious council (Lindeveen) with
//! meetings, working groups and requests in every stage, dated around today so deadlines and
//! warnings show. Written for this project; it goes through the same use cases as user input.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::council::{Council, CouncilInput, MeetingInput, MemberInput, WorkingGroupInput};
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

/// The example council: its name, people, plenary meetings around `today`, the themes the
/// database started with, and three working groups.
fn example_council(current: &Council, today: NaiveDate) -> CouncilInput {
    let theme_id = |name: &str| current.theme_named(name).map(|t| t.id.clone());
    let member = |name: &str, role: &str| MemberInput {
        id: None,
        name: name.into(),
        role: role.into(),
    };
    CouncilInput {
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
    }
}

/// One example request: its dates in days from today, its steps and references.
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

/// The example register: requests in every stage of an advice's life.
const EXAMPLES: &[Example] = {
    use Status::*;
    &[
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
    ]
};

/// Fills an empty database. Refuses when requests exist, so it never mixes with real data.
pub fn load(store: &mut Store, today: NaiveDate) -> Result<()> {
    if store.count_requests()? > 0 {
        return Err(Error::validation(
            "demo",
            "De database bevat al adviesaanvragen; voorbeeldgegevens worden alleen in een lege database geladen.",
        ));
    }
    let current = store.get_council()?;
    let council = service::save_council(store, &example_council(&current, today))?;
    let theme_id = |name: &str| current.theme_named(name).map(|t| t.id.clone());
    let group = |name: &str| council.group_named(name).map(|g| g.id.clone());
    for e in EXAMPLES {
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
                    reference: if *status == Status::Sent {
                        format!("ASD/{}", e.refs.1)
                    } else {
                        String::new()
                    },
                    tenor: (*status == Status::Adopted).then_some(Tenor::PositiveWithRemarks),
                    note: String::new(),
                },
                today,
            )?;
        }
    }
    Ok(())
}

/// A small deterministic generator (a linear congruential one), so a generated year is the same
/// on every machine.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// A generated year of a council's work for tests and benchmarks: `count` requests received in
/// `year` (asked and unasked, over the council's themes, some confidential), most of them
/// adopted and sent with numbered recommendations, many with a reaction (some late), outcomes,
/// commitments and the municipal council informed; some declined or withdrawn. Everything goes
/// through the use cases, dated so that all of it lies before `today` (which should be after
/// the year). Returns the ids of the requests in the order made.
pub fn generate_year(
    store: &mut Store,
    year: i32,
    count: u32,
    seed: u64,
    today: NaiveDate,
) -> Result<Vec<crate::RequestId>> {
    let themes: Vec<String> = store
        .get_council()?
        .themes
        .iter()
        .map(|t| t.id.clone())
        .collect();
    let mut generated = GeneratedYear {
        year,
        start: NaiveDate::from_ymd_opt(year, 1, 2).expect("a valid year"),
        today,
        themes,
        dice: Dice(seed),
    };
    (0..count).map(|i| generated.request(store, i)).collect()
}

/// What `generate_year` needs for each request; the dice are rolled in one fixed order, so a
/// seed always gives the same year.
struct GeneratedYear {
    year: i32,
    start: NaiveDate,
    today: NaiveDate,
    themes: Vec<String>,
    dice: Dice,
}

impl GeneratedYear {
    /// The `i`th request of the year, from its receipt to where its life ends.
    fn request(&mut self, store: &mut Store, i: u32) -> Result<crate::RequestId> {
        let received = self.start + Days::new(self.dice.roll(300));
        let due = received + Days::new(28 + self.dice.roll(35));
        let id = service::create_request(store, &self.input(i, received, due), self.today)?.id;
        self.step(
            store,
            &id,
            i,
            Status::InProgress,
            received + Days::new(2),
            "",
        )?;
        // Some requests end early: declined, or withdrawn by the college.
        let ended = match i % 13 {
            5 => Some((Status::Declined, 20)),
            11 => Some((Status::Withdrawn, 15)),
            _ => None,
        };
        if let Some((status, days)) = ended {
            self.step(store, &id, i, status, received + Days::new(days), "")?;
            return Ok(id);
        }
        self.write_advice(store, &id)?;
        let draft_on = received + Days::new(5);
        self.step(store, &id, i, Status::Draft, draft_on, "")?;
        // Mostly before the due date, some after it.
        let adopted_on = draft_on + Days::new(5 + self.dice.roll(50));
        self.step(store, &id, i, Status::Adopted, adopted_on, "")?;
        let sent_on = adopted_on + Days::new(1 + self.dice.roll(4));
        let reference = format!("ASD/{}/{:04}", self.year, i + 1);
        self.step(store, &id, i, Status::Sent, sent_on, &reference)?;
        let reaction_on = sent_on + Days::new(14 + self.dice.roll(50));
        if self.dice.roll(10) < 3 || reaction_on > self.today {
            // No reaction (yet). Half a year on, most councils close it all the same.
            let closed_on = sent_on + Days::new(180);
            if closed_on <= self.today && !i.is_multiple_of(3) {
                self.step(store, &id, i, Status::Closed, closed_on, "")?;
            }
            return Ok(id);
        }
        self.react(store, &id, i, reaction_on)?;
        Ok(id)
    }

    fn input(&self, i: u32, received: NaiveDate, due: NaiveDate) -> RequestInput {
        let (year, themes) = (self.year, &self.themes);
        let asked = i % 5 != 4;
        RequestInput {
            subject: format!(
                "Adviesaanvraag {year}-{:04} over {}",
                i + 1,
                TOPICS[i as usize % TOPICS.len()]
            ),
            requester: if asked {
                "College van B en W".into()
            } else {
                String::new()
            },
            kind: if asked {
                RequestKind::Asked
            } else {
                RequestKind::Unasked
            },
            theme_id: (!themes.is_empty() && i % 7 != 6)
                .then(|| themes[i as usize % themes.len()].clone()),
            working_group_id: None,
            received_on: date::short_nl(received),
            requested_by: if asked {
                date::short_nl(due)
            } else {
                String::new()
            },
            municipality_reference: format!("Z/{year}/{:05}", 10_000 + i),
            case_number: String::new(),
            our_reference: format!("ASD-{year}-{:04}", i + 1),
            notes: String::new(),
            confidential: i % 9 == 4,
        }
    }

    fn step(
        &self,
        store: &mut Store,
        id: &crate::RequestId,
        i: u32,
        status: Status,
        on: NaiveDate,
        reference: &str,
    ) -> Result<()> {
        let step = StepInput {
            status,
            on: date::short_nl(on),
            reference: reference.into(),
            tenor: (status == Status::Adopted).then(|| Tenor::ALL[(i as usize / 2) % 3]),
            note: String::new(),
        };
        service::add_step(store, id, &step, self.today)?;
        Ok(())
    }

    /// The advice's own part: one to five numbered recommendations, each with a sub-point.
    fn write_advice(&mut self, store: &mut Store, id: &crate::RequestId) -> Result<()> {
        let advice = service::open_advice(store, id)?;
        let points = 1 + self.dice.roll(5);
        let body: String = (1..=points)
            .map(|n| {
                format!(
                    "{n}. Aanbeveling {n}: de raad adviseert maatregel {n}.\n   - toelichting\n"
                )
            })
            .collect();
        let section = &advice.sections[2];
        service::save_section(
            store,
            &crate::advice::SectionSave {
                section_id: section.id.clone(),
                base_version: section.version,
                title: section.title.clone(),
                body: format!("Ons advies:\n\n{body}"),
                checkpoint: false,
                base_body: None,
            },
        )?;
        Ok(())
    }

    /// The college's reaction with an outcome for most recommendations, then for some requests
    /// a commitment, the municipal council informed and the request closed.
    fn react(
        &mut self,
        store: &mut Store,
        id: &crate::RequestId,
        i: u32,
        reaction_on: NaiveDate,
    ) -> Result<()> {
        use crate::follow_up::{FollowUpInput, FollowUpKind, Outcome, OutcomeInput, ReactionInput};
        let (year, today) = (self.year, self.today);
        let follow = service::get_follow_up(store, id, today)?;
        let outcomes = follow
            .recommendations
            .iter()
            .map(|r| OutcomeInput {
                recommendation_id: r.id.clone(),
                outcome: (self.dice.roll(8) != 0).then(|| Outcome::ALL[self.dice.roll(5) as usize]),
                reasoning: "Het college licht toe wat het met dit punt doet.".into(),
            })
            .collect();
        let reaction = ReactionInput {
            received_on: date::short_nl(reaction_on),
            reference: format!("Z/{year}/R{:05}", i),
            summary: "Het college dankt de raad voor zijn advies.".into(),
            outcomes,
        };
        service::record_reaction(store, id, &reaction, None, today)?;
        if i.is_multiple_of(4) {
            self.commit(store, id, i, reaction_on)?;
        }
        let informed_on = reaction_on + Days::new(7);
        if i.is_multiple_of(3) && informed_on <= today {
            let informed = FollowUpInput {
                kind: FollowUpKind::CouncilInformed,
                on: date::short_nl(informed_on),
                note: String::new(),
            };
            service::record_follow_up(store, id, &informed, today)?;
        }
        // Most advice is closed once the reaction is in and followed up.
        let closed_on = reaction_on + Days::new(30);
        if closed_on <= today && !i.is_multiple_of(5) {
            self.step(store, id, i, Status::Closed, closed_on, "")?;
        }
        Ok(())
    }

    /// A commitment of the college; those long past their date were mostly settled, a few stay
    /// open, overdue.
    fn commit(
        &mut self,
        store: &mut Store,
        id: &crate::RequestId,
        i: u32,
        reaction_on: NaiveDate,
    ) -> Result<()> {
        use crate::follow_up::{CommitmentInput, CommitmentStatus};
        let due = reaction_on + Days::new(60 + self.dice.roll(200));
        let done =
            i.is_multiple_of(8) || (due + Days::new(60) < self.today && !i.is_multiple_of(12));
        let commitment = CommitmentInput {
            text: format!("Het college evalueert maatregel {} met de raad.", 1 + i % 3),
            due_on: date::short_nl(due),
            status: if done {
                CommitmentStatus::Done
            } else {
                CommitmentStatus::Open
            },
            note: if done {
                "Besproken in de plenaire vergadering.".into()
            } else {
                String::new()
            },
        };
        service::save_commitment(store, id, None, &commitment, self.today)?;
        Ok(())
    }
}

const TOPICS: [&str; 8] = [
    "het armoedebeleid",
    "de Wmo-verordening",
    "jeugdhulp in de wijk",
    "mantelzorgondersteuning",
    "de inkoop van begeleiding",
    "schuldhulpverlening",
    "toegankelijkheid",
    "het participatiebeleid",
];
