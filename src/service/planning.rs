//! Use cases of the planning timeline: tracks, milestones, the timeline view (milestones plus
//! the council's own dates from the register), the calendar export and the CSV import.

use chrono::{DateTime, Months, NaiveDate, Utc};

use super::Calendar;
use crate::date;
use crate::error::{Error, Problems, Result};
use crate::ics;
use crate::planning::{
    ImportReport, ImportTarget, ItemKind, ItemSource, Milestone, MilestoneInput, MilestoneStatus,
    Timeline, TimelineItem, TimelineQuery, Track, TrackInput, TrackScope, Urgency, ValidMilestone,
};
use crate::status::Status;
use crate::store::Store;
use crate::store::planning::MilestoneFilter;
use crate::{MilestoneId, Stamp, TrackId};

/// Replaces the region's municipality list. One that milestones still belong to cannot be
/// removed (they would silently become the whole region's).
pub fn save_municipalities(
    store: &mut Store,
    list: &[crate::planning::MunicipalityInput],
) -> Result<Vec<crate::planning::Municipality>> {
    crate::planning::validate_municipalities(list)?;
    let current = store.list_municipalities()?;
    let used = store.count_milestones_by_municipality()?;
    let mut p = Problems::default();
    for m in &current {
        if list.iter().any(|x| x.id.as_deref() == Some(m.id.as_str())) {
            continue;
        }
        if let Some((_, n)) = used.iter().find(|(id, _)| *id == m.id) {
            p.add(
                "municipalities",
                format!(
                    "{} kan niet weg: {n} mijlpalen horen bij deze gemeente. Geef die eerst een andere gemeente.",
                    m.name
                ),
            );
        }
    }
    p.into_result()?;
    store.replace_municipalities(list)?;
    Ok(store.list_municipalities()?)
}

pub fn list_tracks(store: &Store) -> Result<Vec<Track>> {
    Ok(store.list_tracks()?)
}

pub fn save_track(store: &mut Store, id: Option<&TrackId>, input: &TrackInput) -> Result<Track> {
    crate::planning::validate_track(input)?;
    refuse_taken_track_name(store, id, &input.name, "name")?;
    if let Some(id) = id
        && !store.track_exists(id)?
    {
        return Err(Error::NotFound {
            entity: "track",
            id: id.to_string(),
        });
    }
    let id = store.upsert_track(id, input)?;
    Ok(store.get_track(&id)?)
}

/// Two tracks of one name would look the same on the timeline and in the calendar.
fn refuse_taken_track_name(
    store: &Store,
    id: Option<&TrackId>,
    name: &str,
    field: &str,
) -> Result<()> {
    let name = name.trim();
    let taken = store
        .list_tracks()?
        .iter()
        .any(|t| Some(&t.id) != id && t.name.trim().to_lowercase() == name.to_lowercase());
    if taken {
        return Err(Error::validation(
            field,
            format!("Er is al een traject ‘{name}’; kies dat traject of een andere naam."),
        ));
    }
    Ok(())
}

/// Said at the track field when the chosen track was removed meanwhile.
const TRACK_GONE: &str = "Dit traject bestaat niet (meer); kies een ander traject.";

/// Validation that needs the database: the track, municipality and request must exist.
fn validate_milestone(store: &Store, input: &MilestoneInput) -> Result<ValidMilestone> {
    let v = crate::planning::validate_milestone(input)?;
    let mut p = Problems::default();
    if let Some(t) = &v.track_id
        && !store.track_exists(t)?
    {
        p.add("trackId", TRACK_GONE);
    }
    if let Some(m) = &v.municipality_id
        && !store.list_municipalities()?.iter().any(|x| &x.id == m)
    {
        p.add("municipalityId", "Deze gemeente bestaat niet (meer).");
    }
    if let Some(r) = &v.request_id
        && store.get_request(r).is_err()
    {
        p.add("requestId", "Deze adviesaanvraag bestaat niet (meer).");
    }
    p.into_result()?;
    Ok(v)
}

pub fn get_milestone(store: &Store, id: &MilestoneId) -> Result<Milestone> {
    Ok(store.get_milestone(id)?)
}

pub fn create_milestone(store: &mut Store, input: &MilestoneInput) -> Result<Milestone> {
    let v = validate_milestone(store, input)?;
    let id = store.insert_milestones(std::slice::from_ref(&v))?.remove(0);
    Ok(store.get_milestone(&id)?)
}

pub fn update_milestone(
    store: &mut Store,
    id: &MilestoneId,
    input: &MilestoneInput,
) -> Result<Milestone> {
    let v = validate_milestone(store, input)?;
    store.update_milestone(id, &v)?;
    Ok(store.get_milestone(id)?)
}

/// Moves a milestone to start on `to` (its length stays); undo is a move back.
pub fn move_milestone(store: &mut Store, id: &MilestoneId, to: &str) -> Result<Milestone> {
    let to = date::parse(to).map_err(|e| Error::validation("startsOn", e.to_string()))?;
    store.move_milestone(id, to)?;
    Ok(store.get_milestone(id)?)
}

pub fn delete_milestone(store: &mut Store, id: &MilestoneId) -> Result<()> {
    Ok(store.delete_milestone(id)?)
}

/// Seconds since 2020 of a stamp: a SEQUENCE that grows whenever the stamp does.
fn stamp_seconds(stamp: Stamp) -> u32 {
    (stamp.instant().timestamp() - 1_577_836_800).clamp(0, u32::MAX.into()) as u32
}

fn milestone_item(m: Milestone, today: NaiveDate, risk_days: u32) -> TimelineItem {
    let Urgency { overdue, at_risk } = m.urgency(today, risk_days);
    TimelineItem {
        id: m.id.into_string(),
        source: ItemSource::Milestone,
        kind: m.kind,
        title: m.title,
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        track_id: m.track_id,
        municipality_id: m.municipality_id,
        region_municipality: None,
        working_group: None,
        request_id: m.request_id,
        status: Some(m.status),
        moved_from: m.moved_from,
        actor: m.actor,
        overdue,
        at_risk,
        sequence: m.sequence,
    }
}

/// The council's own dates of one request, derived from the register and its deadline plan.
fn register_items(
    cal: &Calendar,
    r: crate::store::request::RequestRecord,
    calendar_changed: u32,
) -> Vec<TimelineItem> {
    use crate::deadline::Warning;
    let plan = cal.plan(&r);
    let warn = |w: Warning| plan.warnings.contains(&w);
    let dates = [
        (
            ItemKind::RequestDue,
            plan.due_on.filter(|_| r.status.before_sending()),
            warn(Warning::Overdue),
            warn(Warning::DueSoon) || warn(Warning::NoMeetingLeft),
        ),
        (
            ItemKind::AdoptingMeeting,
            plan.adopting_meeting,
            false,
            warn(Warning::NoMeetingLeft),
        ),
        (
            ItemKind::DraftReady,
            plan.draft_ready_on,
            warn(Warning::DraftLate),
            false,
        ),
        (ItemKind::AdviceSent, r.sent_on, false, false),
        (
            ItemKind::ReactionExpected,
            plan.reaction_expected_on
                .filter(|_| r.status == Status::Sent),
            warn(Warning::ReactionLate),
            warn(Warning::ReactionDueSoon),
        ),
    ];
    let sequence = stamp_seconds(r.updated_at).max(calendar_changed);
    dates
        .into_iter()
        .filter_map(|(kind, on, overdue, at_risk)| {
            on.map(|on| TimelineItem {
                id: format!("{}:{}", r.id, kind.code()),
                source: ItemSource::Register,
                kind,
                title: r.subject.clone(),
                starts_on: on,
                ends_on: None,
                track_id: None,
                municipality_id: None,
                region_municipality: None,
                working_group: r.working_group_name.clone(),
                request_id: Some(r.id.clone()),
                status: None,
                moved_from: None,
                actor: String::new(),
                overdue,
                at_risk,
                sequence,
            })
        })
        .collect()
}

/// The college's open commitments dated in `[from, to]`, as register items of their advice.
fn commitment_items(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    risk_days: u32,
) -> Result<Vec<TimelineItem>> {
    let soon = today
        .checked_add_days(chrono::Days::new(risk_days.into()))
        .unwrap_or(today);
    Ok(store
        .list_open_commitments(to, today)?
        .into_iter()
        .filter_map(|c| {
            let on = c.commitment.due_on.filter(|d| *d >= from)?;
            Some(TimelineItem {
                id: format!("{}:commitment:{}", c.commitment.request_id, c.commitment.id),
                source: ItemSource::Register,
                kind: ItemKind::CommitmentDue,
                title: format!("{} ({})", c.commitment.text, c.subject),
                starts_on: on,
                ends_on: None,
                track_id: None,
                municipality_id: None,
                region_municipality: None,
                working_group: None,
                request_id: Some(c.commitment.request_id),
                status: None,
                moved_from: None,
                actor: String::new(),
                overdue: c.commitment.overdue,
                at_risk: !c.commitment.overdue && on <= soon,
                sequence: 0,
            })
        })
        .collect())
}

/// The timeline: milestones and register dates in the period (by default three months back to
/// nine ahead), with the tracks and municipalities for lanes and filters.
pub fn timeline(store: &Store, q: &TimelineQuery, today: NaiveDate) -> Result<Timeline> {
    let from = q
        .from
        .unwrap_or_else(|| today.checked_sub_months(Months::new(3)).unwrap_or(today));
    let to =
        q.to.unwrap_or_else(|| today.checked_add_months(Months::new(9)).unwrap_or(today));
    if to < from {
        return Err(Error::validation(
            "to",
            "Het einde van de periode ligt vóór het begin.",
        ));
    }
    // Dates this close to today, still ahead, count as at risk: the council's own warning term.
    let risk_days = store.get_terms()?.due_soon_days;
    let mut items: Vec<TimelineItem> = store
        .list_milestones(&MilestoneFilter {
            from,
            to,
            track_ids: &q.track_ids,
            kinds: &q.kinds,
            municipality_ids: &q.municipality_ids,
        })?
        .into_iter()
        .map(|m| milestone_item(m, today, risk_days))
        .collect();
    // Register dates belong to no track or municipality: a filter on either leaves them out.
    if !q.without_register && q.track_ids.is_empty() && q.municipality_ids.is_empty() {
        let cal = Calendar::load(store, today)?;
        let changed = store.calendar_changed_at()?.map_or(0, stamp_seconds);
        for r in store.list_open_requests()? {
            items.extend(register_items(&cal, r, changed).into_iter().filter(|i| {
                i.starts_on >= from
                    && i.starts_on <= to
                    && (q.kinds.is_empty() || q.kinds.contains(&i.kind))
            }));
        }
    }
    if !q.without_register
        && q.track_ids.is_empty()
        && q.municipality_ids.is_empty()
        && (q.kinds.is_empty() || q.kinds.contains(&ItemKind::CommitmentDue))
    {
        items.extend(commitment_items(store, from, to, today, risk_days)?);
    }
    if !q.without_register && q.track_ids.is_empty() && q.municipality_ids.is_empty() {
        items.extend(
            super::region::timeline_items(store)?
                .into_iter()
                .filter(|i| {
                    i.starts_on >= from
                        && i.starts_on <= to
                        && (q.kinds.is_empty() || q.kinds.contains(&i.kind))
                }),
        );
    }
    items.sort_by(|a, b| a.starts_on.cmp(&b.starts_on).then(a.title.cmp(&b.title)));
    Ok(Timeline {
        from,
        to,
        today,
        items,
        tracks: store.list_tracks()?,
        municipalities: store.list_municipalities()?,
    })
}

/// The timeline's items as an iCalendar file; `ids` limits it to those items (empty: all).
pub fn export_ics(
    store: &Store,
    q: &TimelineQuery,
    ids: &[String],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<String> {
    let t = timeline(store, q, today)?;
    let council = store.get_council()?;
    let tracks = t.tracks;
    let municipalities = t.municipalities;
    let mut events: Vec<ics::Event> = t
        .items
        .into_iter()
        .filter(|i| ids.is_empty() || ids.contains(&i.id))
        .map(|i| {
            let mut about = vec![i.kind.label_nl().to_owned()];
            if let Some(t) = tracks.iter().find(|t| Some(&t.id) == i.track_id.as_ref()) {
                about.push(format!("Traject: {}", t.name));
            }
            if let Some(m) = municipalities
                .iter()
                .find(|m| Some(&m.id) == i.municipality_id.as_ref())
            {
                about.push(format!("Gemeente: {}", m.name));
            }
            if let Some(m) = &i.region_municipality {
                about.push(format!("Gemeente: {m} (regio)"));
            }
            if !i.actor.is_empty() {
                about.push(format!("Wie: {}", i.actor));
            }
            if let Some(from) = i.moved_from {
                about.push(format!(
                    "Verplaatst; eerst gepland op {}",
                    date::long_nl(from)
                ));
            }
            let summary = match i.source {
                ItemSource::Register => format!("{}: {}", i.kind.label_nl(), i.title),
                ItemSource::Milestone | ItemSource::Region => i.title.clone(),
            };
            ics::Event {
                uid: format!("{}@advieswerk", i.id.replace(':', "-")),
                sequence: i.sequence,
                summary,
                description: about.join("\n"),
                categories: i.kind.label_nl().to_owned(),
                start: i.starts_on,
                last_day: i.ends_on,
                modified: None,
            }
        })
        .collect();
    // The council's own plenary meetings belong in its calendar, unless the export was narrowed
    // to chosen items, tracks, kinds or municipalities.
    let whole = ids.is_empty()
        && q.track_ids.is_empty()
        && q.kinds.is_empty()
        && q.municipality_ids.is_empty()
        && !q.without_register;
    if whole {
        let who = if council.name.is_empty() {
            "de adviesraad".to_owned()
        } else {
            council.name.clone()
        };
        events.extend(
            council
                .meetings
                .iter()
                .filter(|m| (t.from..=t.to).contains(&m.held_on))
                .map(|m| ics::Event {
                    uid: format!("meeting-{}@advieswerk", m.id),
                    sequence: 0,
                    summary: format!("Plenaire vergadering {who}"),
                    description: m.note.clone(),
                    categories: "Plenaire vergadering".into(),
                    start: m.held_on,
                    last_day: None,
                    modified: None,
                }),
        );
    }
    let name = if council.name.is_empty() {
        "Advieswerk planning".to_owned()
    } else {
        format!("Planning {}", council.name)
    };
    Ok(ics::calendar(&name, &events, now))
}

/// Imports a planning CSV into a track. With problems, nothing is imported unless
/// `good_rows_only`; the report lists every problem with its line either way.
pub fn import_planning(
    store: &mut Store,
    csv_text: &str,
    target: &ImportTarget,
    good_rows_only: bool,
) -> Result<ImportReport> {
    let (rows, problems) = crate::planning::parse_planning_csv(csv_text)?;
    let total = rows.len() as u32
        + problems
            .iter()
            .map(|p| p.line)
            .collect::<std::collections::BTreeSet<_>>()
            .len() as u32;
    if rows.is_empty() && problems.is_empty() {
        return Err(Error::validation(
            "file",
            "Dit bestand bevat geen mijlpalen.",
        ));
    }
    if !problems.is_empty() && !good_rows_only {
        return Ok(ImportReport {
            imported: 0,
            rows: total,
            problems,
            track_id: None,
        });
    }
    let track_id = match &target.track_id {
        Some(id) if store.track_exists(id)? => id.to_owned(),
        Some(_) => return Err(Error::validation("trackId", TRACK_GONE)),
        None => {
            let name = target.new_track_name.trim();
            if name.is_empty() {
                return Err(Error::validation(
                    "newTrackName",
                    "Kies een traject of geef een naam voor een nieuw traject.",
                ));
            }
            refuse_taken_track_name(store, None, name, "newTrackName")?;
            save_track(
                store,
                None,
                &TrackInput {
                    name: name.to_owned(),
                    scope: TrackScope::Regional,
                    description: String::new(),
                    municipality_ids: store
                        .list_municipalities()?
                        .into_iter()
                        .map(|m| m.id)
                        .collect(),
                },
            )?
            .id
        }
    };
    let municipalities = store.list_municipalities()?;
    let items: Vec<ValidMilestone> = rows
        .into_iter()
        .map(|r| {
            let who = r.who.to_lowercase();
            // "gemeenteraad Zoetermeer" belongs to Zoetermeer; "regio Haaglanden" to the region.
            let municipality_id = municipalities
                .iter()
                .find(|m| who.contains(&m.name.to_lowercase()))
                .map(|m| m.id.clone());
            ValidMilestone {
                track_id: Some(track_id.clone()),
                title: r.title,
                kind: r.kind,
                starts_on: r.starts_on,
                ends_on: r.ends_on,
                municipality_id,
                actor: r.who,
                request_id: None,
                status: MilestoneStatus::Planned,
                notes: String::new(),
            }
        })
        .collect();
    let imported = store.insert_milestones(&items)?.len() as u32;
    Ok(ImportReport {
        imported,
        rows: total,
        problems,
        track_id: Some(track_id),
    })
}

/// Writes the calendar export to the export folder; returns where.
pub fn save_ics(
    store: &Store,
    q: &TimelineQuery,
    ids: &[String],
    today: NaiveDate,
    dir: &std::path::Path,
) -> Result<String> {
    let text = export_ics(store, q, ids, today, store.clock().now())?;
    let name = format!("planning-{}.ics", today.format("%Y-%m-%d"));
    Ok(crate::exports::write(dir, &name, text.as_bytes())?
        .display()
        .to_string())
}

/// Writes an image of the timeline the window drew (SVG text) to the export folder.
pub fn save_timeline_image(svg: &str, today: NaiveDate, dir: &std::path::Path) -> Result<String> {
    if !svg.trim_start().starts_with("<svg") || svg.len() > 50 * 1024 * 1024 {
        return Err(Error::validation("svg", "Dit is geen tijdlijnafbeelding."));
    }
    let name = format!("tijdlijn-{}.svg", today.format("%Y-%m-%d"));
    Ok(crate::exports::write(dir, &name, svg.as_bytes())?
        .display()
        .to_string())
}
