//! The planning timeline through the core: importing the real example planning, refusing bad
//! CSV rows, moving and undoing, the register's own dates on the timeline, the period query,
//! and the calendar export read back by an independent iCalendar parser (Python's icalendar).

use std::path::Path;
use std::process::Command;

use advieswerk::planning::{
    ImportTarget, ItemKind, ItemSource, MilestoneInput, MilestoneStatus, TimelineQuery,
};
use advieswerk::request::RequestInput;
use advieswerk::{Store, date, service};
use chrono::NaiveDate;

const EXAMPLE: &str = "../shared/examples/planning-jeugdhulp-haaglanden.csv";

fn d(s: &str) -> NaiveDate {
    date::parse(s).unwrap()
}

fn setup() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("db.sqlite3")).unwrap();
    (dir, store)
}

fn new_track(name: &str) -> ImportTarget {
    ImportTarget {
        track_id: None,
        new_track_name: name.into(),
    }
}

fn period(from: &str, to: &str) -> TimelineQuery {
    TimelineQuery {
        from: Some(d(from)),
        to: Some(d(to)),
        ..Default::default()
    }
}

fn milestone(title: &str, start: &str, end: &str) -> MilestoneInput {
    MilestoneInput {
        track_id: None,
        title: title.into(),
        kind: ItemKind::FeedbackWindow,
        starts_on: start.into(),
        ends_on: end.into(),
        municipality_id: None,
        actor: String::new(),
        request_id: None,
        status: MilestoneStatus::Planned,
        notes: String::new(),
    }
}

#[test]
fn the_example_planning_is_imported_with_kinds_municipalities_and_ranges() {
    let (_d, mut s) = setup();
    let csv = std::fs::read_to_string(EXAMPLE).expect("../shared/examples beside the repository");
    let lines = csv.lines().filter(|l| !l.trim().is_empty()).count() - 1;
    let report =
        service::import_planning(&mut s, &csv, &new_track("Inkoop jeugdhulp"), false).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.imported as usize, lines);

    let t = service::timeline(&s, &period("01-01-2018", "31-12-2026"), d("23-11-2026")).unwrap();
    let milestones: Vec<_> = t
        .items
        .iter()
        .filter(|i| i.source == ItemSource::Milestone)
        .collect();
    assert_eq!(milestones.len(), lines);
    let track = &t.tracks[0];
    assert_eq!(track.name, "Inkoop jeugdhulp");
    assert!(
        milestones
            .iter()
            .all(|i| i.track_id.as_ref() == Some(&track.id))
    );
    // Each CSV row, checked field by field against the core's reading of it.
    for row in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = row.splitn(5, ',').collect();
        let item = milestones
            .iter()
            .find(|i| i.title == cols[4])
            .unwrap_or_else(|| panic!("missing {}", cols[4]));
        assert_eq!(date::iso(item.starts_on), cols[0]);
        assert_eq!(item.ends_on.map(date::iso).unwrap_or_default(), cols[1]);
        assert_eq!(Some(item.kind), ItemKind::from_code(cols[2]));
        assert_eq!(item.actor, cols[3]);
        let zoetermeer = cols[3].contains("Zoetermeer");
        assert_eq!(
            item.municipality_id.as_deref() == Some("mun-zoetermeer"),
            zoetermeer,
            "{row}"
        );
        if !zoetermeer {
            assert_eq!(item.municipality_id, None, "{row}");
        }
    }
    // Past decisions are just past; only the missed deadline (planned, not done) is late.
    let late: Vec<&str> = milestones
        .iter()
        .filter(|i| i.overdue)
        .map(|i| i.title.as_str())
        .collect();
    assert_eq!(
        late,
        ["Uiterste datum rapportage aan de raad over de motie"]
    );
    assert!(milestones.iter().all(|i| !i.at_risk));
}

#[test]
fn a_csv_with_bad_rows_is_refused_with_one_message_per_row_and_nothing_imported() {
    let (_d, mut s) = setup();
    let csv = "start,end,kind,who,title\n\
               2026-03-01,,regional-policy,regio,Goede regel\n\
               2026-03-02,,regional-policy,regio,\n\
               31-02-2026,,national,Rijk,Onmogelijke datum\n\
               2026-05-10,2026-05-01,feedback-window,raden,Einde voor begin\n\
               2026-06-01,,lunch,raden,Onbekende soort\n\
               2026-07-01,,takes-effect,regio,Nog een goede regel\n";
    let report = service::import_planning(&mut s, csv, &new_track("Test"), false).unwrap();
    assert_eq!(report.imported, 0);
    let got: Vec<(u32, &str)> = report
        .problems
        .iter()
        .map(|p| (p.line, p.field.as_str()))
        .collect();
    assert_eq!(got, [(3, "title"), (4, "start"), (5, "end"), (6, "kind")]);
    let messages: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(messages[0].starts_with("Regel 3:") && messages[0].contains("titel"));
    assert!(messages[1].contains("februari"), "{}", messages[1]);
    assert!(messages[2].contains("vóór de begindatum"));
    assert!(messages[3].contains("‘lunch’") && messages[3].contains("feedback-window"));
    let t = service::timeline(&s, &period("01-01-2026", "31-12-2026"), d("23-11-2026")).unwrap();
    assert!(
        t.items.is_empty() && t.tracks.is_empty(),
        "something was imported"
    );

    // The user may choose to import the good rows.
    let report = service::import_planning(&mut s, csv, &new_track("Test"), true).unwrap();
    assert_eq!(report.imported, 2);
    let t = service::timeline(&s, &period("01-01-2026", "31-12-2026"), d("23-11-2026")).unwrap();
    assert_eq!(t.items.len(), 2);

    let e =
        service::import_planning(&mut s, "datum;wat\n1;2\n", &new_track("X"), false).unwrap_err();
    assert_eq!(e.to_api().fields[0].field, "file");
}

#[test]
fn moving_a_milestone_keeps_its_length_and_first_date_and_moving_back_undoes_it() {
    let (_d, mut s) = setup();
    let m = service::create_milestone(&mut s, &milestone("Inspraak", "02-03-2027", "13-03-2027"))
        .unwrap();
    assert_eq!((m.status, m.sequence), (MilestoneStatus::Planned, 0));
    let moved = service::move_milestone(&mut s, &m.id, "09-03-2027").unwrap();
    assert_eq!(
        (
            moved.starts_on,
            moved.ends_on,
            moved.status,
            moved.moved_from
        ),
        (
            d("09-03-2027"),
            Some(d("20-03-2027")),
            MilestoneStatus::Moved,
            Some(d("02-03-2027"))
        )
    );
    let again = service::move_milestone(&mut s, &m.id, "16-03-2027").unwrap();
    assert_eq!(
        again.moved_from,
        Some(d("02-03-2027")),
        "the first date stays"
    );
    let back = service::move_milestone(&mut s, &m.id, "09-03-2027").unwrap();
    let undone = service::move_milestone(&mut s, &m.id, "02-03-2027").unwrap();
    assert_eq!(back.status, MilestoneStatus::Moved);
    assert_eq!(
        (
            undone.starts_on,
            undone.ends_on,
            undone.status,
            undone.moved_from
        ),
        (
            d("02-03-2027"),
            Some(d("13-03-2027")),
            MilestoneStatus::Planned,
            None
        )
    );
    assert_eq!(undone.sequence, 4);
    let e = service::move_milestone(&mut s, &m.id, "30-02-2027").unwrap_err();
    assert_eq!(e.to_api().fields[0].field, "startsOn");
}

#[test]
fn bad_milestone_input_names_the_field() {
    let (_d, mut s) = setup();
    let e = service::create_milestone(&mut s, &milestone("", "31-02-2027", "")).unwrap_err();
    let fields: Vec<String> = e.to_api().fields.into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["title", "startsOn"]);
    let mut m = milestone("Inspraak", "01-03-2027", "");
    m.track_id = Some("bestaat-niet".into());
    let e = service::create_milestone(&mut s, &m).unwrap_err();
    assert_eq!(e.to_api().fields[0].field, "trackId");
}

fn request(s: &mut Store, subject: &str, received: &str, due: &str) -> advieswerk::RequestId {
    service::create_request(
        s,
        &RequestInput {
            requested_by: due.into(),
            ..RequestInput::asked(subject, received)
        },
        d("23-11-2026"),
    )
    .unwrap()
    .id
}

#[test]
fn a_requests_due_date_is_on_the_timeline_without_being_entered_there() {
    let (_d, mut s) = setup();
    let id = request(&mut s, "Beleidsplan armoede", "01-11-2026", "01-12-2026");
    let t = service::timeline(&s, &period("01-11-2026", "31-01-2027"), d("23-11-2026")).unwrap();
    let due = t
        .items
        .iter()
        .find(|i| i.kind == ItemKind::RequestDue)
        .expect("due date on the timeline");
    assert_eq!(
        (
            due.id.as_str(),
            due.starts_on,
            due.source,
            due.request_id.as_deref()
        ),
        (
            format!("{id}:request_due").as_str(),
            d("01-12-2026"),
            ItemSource::Register,
            Some(id.as_str())
        )
    );
    assert!(due.at_risk, "due in 8 days is within the warning window");
    // Outside the period, or filtered to milestones of a track, it is not shown.
    let t = service::timeline(&s, &period("01-01-2027", "31-01-2027"), d("23-11-2026")).unwrap();
    assert!(t.items.is_empty());
    let mut q = period("01-11-2026", "31-01-2027");
    q.without_register = true;
    assert!(
        service::timeline(&s, &q, d("23-11-2026"))
            .unwrap()
            .items
            .is_empty()
    );
}

#[test]
fn the_period_query_finds_long_ranges_that_started_long_before_it() {
    let (_d, mut s) = setup();
    service::create_milestone(
        &mut s,
        &milestone("Lang traject", "01-01-2020", "31-12-2030"),
    )
    .unwrap();
    service::create_milestone(&mut s, &milestone("Ervoor", "01-01-2026", "31-01-2026")).unwrap();
    service::create_milestone(&mut s, &milestone("Erin", "15-05-2026", "")).unwrap();
    service::create_milestone(&mut s, &milestone("Erna", "01-08-2026", "")).unwrap();
    let q = TimelineQuery {
        without_register: true,
        ..period("01-04-2026", "30-06-2026")
    };
    let t = service::timeline(&s, &q, d("23-11-2026")).unwrap();
    let titles: Vec<&str> = t.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Lang traject", "Erin"]);
}

/// Parses an .ics file with Python's icalendar and returns `uid|dtstart|dtend|sequence|summary`
/// per event.
fn parse_ics(path: &Path) -> Vec<String> {
    let script = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for e in cal.walk('VEVENT'):
    print('|'.join([str(e['UID']), e['DTSTART'].dt.isoformat(), e['DTEND'].dt.isoformat(),
                    str(e['SEQUENCE']), str(e['SUMMARY'])]))
"#;
    let out = Command::new("/usr/bin/python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .expect("python3 with icalendar (scripts/install-deps installs python3-icalendar)");
    assert!(
        out.status.success(),
        "icalendar could not parse the export: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_calendar_export_is_read_by_an_independent_parser_with_stable_uids_and_growing_sequence() {
    let (dir, mut s) = setup();
    let window = service::create_milestone(
        &mut s,
        &milestone("Inspraak; raden, let op", "02-03-2027", "13-03-2027"),
    )
    .unwrap();
    let moment =
        service::create_milestone(&mut s, &milestone("Besluit", "15-04-2027", "")).unwrap();
    let req = request(&mut s, "Beleidsplan armoede", "01-11-2026", "01-12-2026");
    let q = period("01-11-2026", "31-12-2027");
    let today = d("23-11-2026");
    let path = dir.path().join("planning.ics");
    std::fs::write(
        &path,
        service::export_ics(&s, &q, &[], today, chrono::Utc::now()).unwrap(),
    )
    .unwrap();
    let first = parse_ics(&path);
    let find = |events: &[String], uid: &str| -> Vec<String> {
        events
            .iter()
            .find(|e| e.starts_with(uid))
            .unwrap_or_else(|| panic!("no event {uid} in {events:?}"))
            .split('|')
            .map(str::to_owned)
            .collect()
    };
    let w = find(&first, &format!("{}@advieswerk", window.id));
    // All-day, exclusive end: 2 to 13 March is DTEND 14 March.
    assert_eq!(
        &w[1..],
        ["2027-03-02", "2027-03-14", "0", "Inspraak; raden, let op"]
    );
    let m = find(&first, &format!("{}@advieswerk", moment.id));
    assert_eq!(&m[1..3], ["2027-04-15", "2027-04-16"]);
    let due = find(&first, &format!("{req}-request_due@advieswerk"));
    assert_eq!(&due[1..3], ["2026-12-01", "2026-12-02"]);
    assert_eq!(due[4], "Advies uiterlijk: Beleidsplan armoede");

    // After a change, the same UIDs come back with a higher SEQUENCE for what changed.
    service::move_milestone(&mut s, &window.id, "09-03-2027").unwrap();
    std::fs::write(
        &path,
        service::export_ics(&s, &q, &[], today, chrono::Utc::now()).unwrap(),
    )
    .unwrap();
    let second = parse_ics(&path);
    let uids = |events: &[String]| {
        let mut u: Vec<String> = events
            .iter()
            .map(|e| e.split('|').next().unwrap().to_owned())
            .collect();
        u.sort();
        u
    };
    assert_eq!(uids(&first), uids(&second));
    let w2 = find(&second, &format!("{}@advieswerk", window.id));
    assert_eq!(&w2[1..3], ["2027-03-09", "2027-03-21"]);
    assert!(w2[3].parse::<u32>().unwrap() > w[3].parse::<u32>().unwrap());
    assert_eq!(find(&second, &format!("{}@advieswerk", moment.id))[3], m[3]);

    // A selection exports only the chosen items.
    let only =
        service::export_ics(&s, &q, &[moment.id.to_string()], today, chrono::Utc::now()).unwrap();
    assert_eq!(only.matches("BEGIN:VEVENT").count(), 1);
}

#[test]
fn the_municipality_list_is_editable_but_one_in_use_is_not_removed() {
    use advieswerk::planning::MunicipalityInput;
    let (_d, mut s) = setup();
    let list = service::timeline(&s, &TimelineQuery::default(), d("23-11-2026"))
        .unwrap()
        .municipalities;
    assert_eq!(list.len(), 10);
    assert!(list.iter().any(|m| m.name == "Zoetermeer"));
    let mut m = milestone("Raadsbesluit", "01-03-2027", "");
    m.municipality_id = Some("mun-delft".into());
    service::create_milestone(&mut s, &m).unwrap();

    // Rename one, add one, drop Wassenaar; Delft stays.
    let mut input: Vec<MunicipalityInput> = list
        .iter()
        .filter(|m| m.name != "Wassenaar")
        .map(|m| MunicipalityInput {
            id: Some(m.id.clone()),
            name: if m.name == "Westland" {
                "Gemeente Westland".into()
            } else {
                m.name.clone()
            },
        })
        .collect();
    input.push(MunicipalityInput {
        id: None,
        name: "Leiden".into(),
    });
    let saved = service::save_municipalities(&mut s, &input).unwrap();
    let names: Vec<&str> = saved.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names.len(), 10);
    assert!(names.contains(&"Gemeente Westland") && names.contains(&"Leiden"));
    assert!(!names.contains(&"Wassenaar"));

    // Delft has a milestone: removing it is refused, naming it; duplicates and blanks too.
    let without_delft: Vec<MunicipalityInput> = input
        .iter()
        .filter(|m| m.name != "Delft" && m.id.is_some())
        .cloned()
        .collect();
    let e = service::save_municipalities(&mut s, &without_delft).unwrap_err();
    assert!(
        e.to_api().fields[0]
            .message
            .starts_with("Delft kan niet weg")
    );
    let mut dup = input.clone();
    dup[1].name = "delft".into();
    dup[2].name = " ".into();
    let fields: Vec<String> = service::save_municipalities(&mut s, &dup)
        .unwrap_err()
        .to_api()
        .fields
        .into_iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(fields, ["municipalities.1.name", "municipalities.2.name"]);
}

#[test]
fn two_tracks_cannot_have_one_name_by_import_or_by_the_track_form() {
    let (_dir, mut s) = setup();
    let csv = std::fs::read_to_string(EXAMPLE).unwrap();
    let first =
        service::import_planning(&mut s, &csv, &new_track("Jeugdhulp Haaglanden"), false).unwrap();
    assert!(first.imported > 0);
    let e = service::import_planning(&mut s, &csv, &new_track(" jeugdhulp haaglanden "), false)
        .unwrap_err()
        .to_api();
    assert_eq!(e.fields[0].field, "newTrackName");
    assert!(
        e.fields[0].message.contains("Er is al een traject"),
        "{}",
        e.message
    );
    let other = advieswerk::planning::TrackInput {
        name: "Wmo".into(),
        scope: advieswerk::planning::TrackScope::Local,
        description: String::new(),
        municipality_ids: vec![],
    };
    let wmo = service::save_track(&mut s, None, &other).unwrap();
    let renamed = advieswerk::planning::TrackInput {
        name: "JEUGDHULP HAAGLANDEN".into(),
        ..other.clone()
    };
    let e = service::save_track(&mut s, Some(&wmo.id), &renamed)
        .unwrap_err()
        .to_api();
    assert_eq!(e.fields[0].field, "name");
    // A track keeps its own name when saved again.
    service::save_track(&mut s, Some(&wmo.id), &other).unwrap();
    assert_eq!(service::list_tracks(&s).unwrap().len(), 2);
}

#[test]
fn the_plenary_meetings_of_a_series_are_in_the_calendar_export() {
    let (dir, mut s) = setup();
    let dates = service::meeting_series(&advieswerk::council::MeetingSeriesInput {
        ordinal: 2,
        weekday: 2,
        skip_months: vec![7, 8],
        from: "01-01-2027".into(),
        to: "31-12-2027".into(),
    })
    .unwrap();
    assert_eq!(dates.len(), 10);
    let mut council = service::get_council(&s).unwrap().to_input();
    council.name = "Adviesraad Proefdorp".into();
    council.meetings = dates
        .iter()
        .map(|d| advieswerk::council::MeetingInput {
            id: None,
            held_on: date::short_nl(*d),
            note: "Raadzaal".into(),
        })
        .collect();
    service::save_council(&mut s, &council).unwrap();
    let path = dir.path().join("vergaderingen.ics");
    let today = d("01-12-2026");
    std::fs::write(
        &path,
        service::export_ics(
            &s,
            &period("01-01-2027", "30-06-2027"),
            &[],
            today,
            chrono::Utc::now(),
        )
        .unwrap(),
    )
    .unwrap();
    let events = parse_ics(&path);
    let meetings: Vec<&String> = events
        .iter()
        .filter(|e| e.ends_with("|Plenaire vergadering Adviesraad Proefdorp"))
        .collect();
    // January to June of the series; the rest lies outside the period.
    assert_eq!(meetings.len(), 6, "{events:?}");
    assert!(meetings[0].contains("|2027-01-12|"), "{}", meetings[0]);
    // A narrowed export (chosen kinds only) leaves them out.
    let narrowed = TimelineQuery {
        kinds: vec![ItemKind::FeedbackWindow],
        ..period("01-01-2027", "30-06-2027")
    };
    let text = service::export_ics(&s, &narrowed, &[], today, chrono::Utc::now()).unwrap();
    assert!(!text.contains("Plenaire vergadering"));
}
