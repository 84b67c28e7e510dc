//! The region through the use cases: three councils (three databases, each also shared with
//! its own members through its own folder) write one regional text in one regional folder,
//! with a proposal another council accepts; one adopts, another changes a sentence after; the
//! letters print what each adopted. Then the folder is read back with the regional key: it
//! holds regional documents only, and no council's private words.

#[path = "support/libreoffice.rs"]
mod libreoffice;
// Shared with the letter's tests, which use all of it; this file reads text back only.
#[allow(dead_code)]
#[path = "support/poppler.rs"]
mod poppler;

use std::path::{Path, PathBuf};

use advieswerk::advice::SectionSave;
use advieswerk::request::{RequestInput, StepInput};
use advieswerk::service::{self, LetterFormat, ProposalInput, Sharing};
use advieswerk::status::{Status, Tenor};
use advieswerk::sync::folder::Space;
use advieswerk::sync::key::Cost;
use advieswerk::sync::replica::Doc;
use advieswerk::{Clock, Error, Store, date};

fn clock_at(s: &mut Store, at: &str) {
    s.set_clock(Clock::fixed(
        chrono::DateTime::parse_from_rfc3339(at).unwrap().to_utc(),
    ));
}

fn today() -> chrono::NaiveDate {
    date::parse("10-03-2027").unwrap()
}

/// One council: its database, its sharing runtime, its request and the request's sections.
struct Council {
    store: Store,
    sharing: Sharing,
    request: advieswerk::RequestId,
    regional: advieswerk::SectionId,
    local: advieswerk::SectionId,
    folder: PathBuf,
    passphrase: String,
}

/// A council named `name` with a request whose subject, notes and local section carry the
/// council's private `marker`, shared with its own members through `dir/<name>`.
fn council(dir: &Path, name: &str, marker: &str) -> Council {
    let mut store = Store::open(dir.join(format!("{name}.sqlite3"))).unwrap();
    clock_at(&mut store, "2027-03-10T09:00:00Z");
    let request = service::create_request(
        &mut store,
        &RequestInput {
            requester: "College".into(),
            notes: format!("Notitie {marker}-notitie"),
            municipality_reference: format!("{name}/2027/14"),
            ..RequestInput::asked(&format!("Wmo-beleid {marker}-register"), "01-03-2027")
        },
        today(),
    )
    .unwrap()
    .id;
    let advice = service::open_advice(&mut store, &request).unwrap();
    let regional = advice.sections[1].id.clone();
    let local = advice.sections[2].clone();
    service::save_section(
        &mut store,
        &SectionSave {
            section_id: local.id.clone(),
            base_version: local.version,
            title: local.title.clone(),
            body: format!("Ons eigen advies: {marker}-lokaal."),
            checkpoint: false,
            base_body: None,
        },
    )
    .unwrap();
    let folder = dir.join(name);
    std::fs::create_dir(&folder).unwrap();
    let mut sharing = Sharing::with_cost(Cost::TEST);
    let shared = service::share_council(
        &mut store,
        &mut sharing,
        &folder,
        &format!("Secretaris {marker}-lid"),
    )
    .unwrap();
    Council {
        store,
        sharing,
        request,
        regional,
        local: local.id,
        folder,
        passphrase: shared.passphrase,
    }
}

fn save_regional(c: &mut Council, body: &str) {
    let s = service::get_advice(&c.store, &c.request)
        .unwrap()
        .sections
        .into_iter()
        .find(|s| s.id == c.regional)
        .unwrap();
    service::save_section(
        &mut c.store,
        &SectionSave {
            section_id: s.id,
            base_version: s.version,
            title: s.title,
            body: body.into(),
            checkpoint: false,
            base_body: Some(s.body),
        },
    )
    .unwrap();
}

fn regional_body(c: &Council) -> String {
    service::get_advice(&c.store, &c.request)
        .unwrap()
        .sections
        .into_iter()
        .find(|s| s.id == c.regional)
        .unwrap()
        .body
}

fn round(c: &mut Council) {
    service::sync_round(&mut c.store, &mut c.sharing).unwrap();
}

/// Rounds until every council has every other's regional changes.
fn settle(councils: &mut [&mut Council]) {
    for _ in 0..2 {
        for c in councils.iter_mut() {
            round(c);
        }
    }
}

fn step(c: &mut Council, status: Status, tenor: Option<Tenor>) {
    service::add_step(
        &mut c.store,
        &c.request,
        &StepInput {
            status,
            on: "10-03-2027".into(),
            reference: String::new(),
            tenor,
            note: String::new(),
        },
        today(),
    )
    .unwrap();
}

fn adopt(c: &mut Council) {
    step(c, Status::InProgress, None);
    step(c, Status::Draft, None);
    step(c, Status::Adopted, Some(Tenor::PositiveWithRemarks));
}

fn letter_html(c: &mut Council) -> String {
    String::from_utf8(
        service::render_letter(&mut c.store, &c.request, LetterFormat::Html, today()).unwrap(),
    )
    .unwrap()
}

/// Part A as the letter model has it (the section with the regional scope).
fn letter_part_a(c: &mut Council) -> String {
    let l = service::letter(&mut c.store, &c.request, today()).unwrap();
    format!(
        "{:?}",
        l.parts
            .iter()
            .find(|p| p.scope == advieswerk::advice::SectionScope::Regional)
            .map(|p| &p.blocks)
    )
}

const MARKERS: [&str; 3] = ["ZWALUW", "KIEVIT", "GRUTTO"];

#[test]
fn three_councils_write_one_regional_text_adopt_it_apart_and_the_region_sees_nothing_private() {
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("regio");
    std::fs::create_dir(&region).unwrap();
    let mut c1 = council(dir.path(), "delft", MARKERS[0]);
    let mut c2 = council(dir.path(), "rijswijk", MARKERS[1]);
    let mut c3 = council(dir.path(), "wassenaar", MARKERS[2]);

    // Council 1 also has a second member's desktop on its own folder.
    let mut c1b_store = Store::open(dir.path().join("delft-b.sqlite3")).unwrap();
    clock_at(&mut c1b_store, "2027-03-10T09:00:00Z");
    let mut c1b_sharing = Sharing::with_cost(Cost::TEST);
    service::join_council(
        &mut c1b_store,
        &mut c1b_sharing,
        &c1.folder,
        &c1.passphrase,
        &format!("Lid {}-tweede", MARKERS[0]),
        false,
    )
    .unwrap();

    // The region: council 1 makes it, 2 and 3 join with its passphrase.
    let made = service::create_region(
        &mut c1.store,
        &mut c1.sharing,
        &region,
        "ASD Delft",
        "Delft",
    )
    .unwrap();
    assert!(made.status.joined);
    for (c, name, muni) in [
        (&mut c2, "ASD Rijswijk", "Rijswijk"),
        (&mut c3, "Adviesraad Wassenaar", "Wassenaar"),
    ] {
        service::join_region(
            &mut c.store,
            &mut c.sharing,
            &region,
            &made.passphrase,
            name,
            muni,
        )
        .unwrap();
    }

    // Council 1 shares its section A; 2 and 3 take it in.
    save_regional(
        &mut c1,
        "De H9-raden adviseren het college positief over het beleid.",
    );
    let shared =
        service::share_section(&mut c1.store, &c1.regional, "Regionaal advies Wmo 2027").unwrap();
    settle(&mut [&mut c1, &mut c2, &mut c3]);
    let texts = service::list_regional_texts(&c2.store).unwrap();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert_eq!(texts[0].title, "Regionaal advies Wmo 2027");
    for c in [&mut c2, &mut c3] {
        service::use_regional_text(&mut c.store, &c.regional, &shared.id).unwrap();
        assert_eq!(
            regional_body(c),
            "De H9-raden adviseren het college positief over het beleid."
        );
    }

    // All three edit apart; a proposal by 3 is accepted by 2.
    save_regional(
        &mut c1,
        "De H9-raden adviseren het college positief over het beleid. Zorg voor inwoners.",
    );
    save_regional(
        &mut c2,
        "De negen H9-raden adviseren het college positief over het beleid.",
    );
    let before = service::get_regional_text(&c3.store, &shared.id).unwrap();
    let start = before.body.find("positief").unwrap() as u32;
    let proposed = service::propose_change(
        &mut c3.store,
        &ProposalInput {
            text_id: shared.id.clone(),
            start,
            end: start + "positief".len() as u32,
            words: "positief met kanttekeningen".into(),
            reason: "Er zijn zorgen over de toegang.".into(),
            version: before.version.clone(),
        },
    )
    .unwrap();
    assert_eq!(proposed.proposals.len(), 1);
    assert_eq!(proposed.proposals[0].passage, "positief");
    assert!(
        proposed
            .pieces
            .iter()
            .any(|p| p.kind == "added" && p.text == "positief met kanttekeningen"),
        "the proposal shows inline: {:?}",
        proposed.pieces
    );
    // Council 3 cannot accept its own proposal.
    assert!(matches!(
        service::decide_proposal(&mut c3.store, &proposed.proposals[0].id, true),
        Err(Error::Validation(_))
    ));
    settle(&mut [&mut c1, &mut c2, &mut c3]);
    service::decide_proposal(&mut c2.store, &proposed.proposals[0].id, true).unwrap();
    settle(&mut [&mut c1, &mut c2, &mut c3]);
    let want = "De negen H9-raden adviseren het college positief met kanttekeningen over het \
                beleid. Zorg voor inwoners.";
    for c in [&c1, &c2, &c3] {
        assert_eq!(regional_body(c), want);
    }
    let at3 = service::get_regional_text(&c3.store, &shared.id).unwrap();
    assert_eq!(at3.proposals[0].state, "accepted");
    assert_eq!(at3.proposals[0].decided_by.as_deref(), Some("ASD Rijswijk"));
    assert!(
        at3.history.iter().any(|h| h.who == "ASD Delft"),
        "the history names councils: {:?}",
        at3.history
    );

    // Council 1's second member sees the regional text as council 1 does (through council 1's
    // folder: the link and the body come with the advice) once it joins the region too.
    service::sync_round(&mut c1b_store, &mut c1b_sharing).unwrap();
    let link = service::get_advice(&c1b_store, &c1.request)
        .unwrap()
        .sections
        .into_iter()
        .find(|s| s.id == c1.regional)
        .unwrap()
        .regional
        .expect("the link came through the council's folder");
    assert_eq!(link.text_id, shared.id);
    assert!(!link.available, "not in the region yet: {link:?}");

    // Council 2 adopts; council 3 then changes a sentence.
    adopt(&mut c2);
    settle(&mut [&mut c1, &mut c2, &mut c3]);
    save_regional(&mut c3, &format!("{want} Betrek de jeugd."));
    settle(&mut [&mut c1, &mut c2, &mut c3]);
    let a2 = service::get_advice(&c2.store, &c2.request).unwrap();
    let sec = a2.sections.iter().find(|s| s.id == c2.regional).unwrap();
    assert_eq!(sec.body, want, "council 2's letter keeps what it adopted");
    let r = sec.regional.as_ref().unwrap();
    assert!(r.changed_after_adoption, "{r:?}");
    assert!(
        r.changes
            .iter()
            .any(|p| p.kind == advieswerk::diff::DiffKind::Added && p.text.contains("jeugd")),
        "{:?}",
        r.changes
    );
    assert!(letter_html(&mut c2).contains("positief met kanttekeningen over het"));
    assert!(!letter_html(&mut c2).contains("Betrek de jeugd"));
    assert!(letter_html(&mut c3).contains("Betrek de jeugd"));

    // The overview at council 1: three councils, one adopted, its version older than now.
    let overview = service::region_overview(&c1.store).unwrap();
    let t = &overview.texts[0];
    assert_eq!(t.councils.len(), 3, "{t:?}");
    let rijswijk = t
        .councils
        .iter()
        .find(|c| c.municipality == "Rijswijk")
        .unwrap();
    assert_eq!(rijswijk.adopted_on, Some(today()));
    assert_eq!(rijswijk.adopted_current, Some(false));
    assert_eq!(
        rijswijk.adopted_tenor.as_deref(),
        Some("Positief met kanttekeningen")
    );
    assert_eq!(rijswijk.reference, "rijswijk/2027/14");
    assert_eq!(t.older_versions, 1);

    // Council 3 adopts the current text, council 1 too: their letters' part A is identical,
    // each with its own part B.
    adopt(&mut c3);
    adopt(&mut c1);
    settle(&mut [&mut c1, &mut c2, &mut c3]);
    assert_eq!(letter_part_a(&mut c1), letter_part_a(&mut c3));
    assert_ne!(letter_part_a(&mut c1), letter_part_a(&mut c2));
    for (c, marker) in [
        (&mut c1, MARKERS[0]),
        (&mut c2, MARKERS[1]),
        (&mut c3, MARKERS[2]),
    ] {
        let html = letter_html(c);
        assert!(html.contains(&format!("{marker}-lokaal")));
        for other in MARKERS.iter().filter(|m| **m != marker) {
            assert!(!html.contains(&format!("{other}-lokaal")));
        }
    }

    // Council 2 adopts the new version: a recorded step, and the flag goes.
    service::adopt_new_version(&mut c2.store, &c2.regional, today()).unwrap();
    assert_eq!(letter_part_a(&mut c2), letter_part_a(&mut c1));
    let sec = service::get_advice(&c2.store, &c2.request).unwrap();
    let r = sec
        .sections
        .iter()
        .find(|s| s.id == c2.regional)
        .unwrap()
        .regional
        .clone()
        .unwrap();
    assert!(!r.changed_after_adoption);
    let steps = service::get_request(&c2.store, &c2.request, today())
        .unwrap()
        .steps;
    assert_eq!(steps.last().unwrap().status, Status::Adopted);
    assert!(steps.iter().any(|s| s.note.contains("nieuwe versie")));

    settle(&mut [&mut c1, &mut c2, &mut c3]);
    assert_eq!(
        service::region_overview(&c3.store).unwrap().texts[0].older_versions,
        0
    );

    // The regional text on its own, as Word, PDF/A and HTML, read back with real tools: the
    // text, its version and which councils adopted which version.
    let version = service::get_regional_text(&c1.store, &shared.id)
        .unwrap()
        .version;
    for format in [LetterFormat::Html, LetterFormat::Pdf, LetterFormat::Docx] {
        let bytes = service::render_regional_text(&c1.store, &shared.id, format, today()).unwrap();
        let path = dir
            .path()
            .join(service::suggested_regional_name(&c1.store, &shared.id, format).unwrap());
        std::fs::write(&path, &bytes).unwrap();
        let read = match format {
            LetterFormat::Html => String::from_utf8(bytes).unwrap(),
            LetterFormat::Pdf => poppler::pdf_text(&path),
            LetterFormat::Docx => libreoffice::libreoffice_text(&path),
        };
        let letters = poppler::letters_only(&read);
        for want in [
            "Regionaal advies Wmo 2027",
            &format!("{want} Betrek de jeugd."),
            &format!("versie {version}"),
            "ASD Rijswijk (Rijswijk): vastgesteld op 10 maart 2027",
            "Adviesraad Wassenaar (Wassenaar): vastgesteld op 10 maart 2027",
        ] {
            assert!(
                letters.contains(&poppler::letters_only(want)),
                "{format:?} lacks {want}: {read}"
            );
        }
        assert!(
            !read.contains(MARKERS[0]),
            "{format:?} holds council 1's private words"
        );
    }

    // Privacy: every file of the regional folder, opened with the regional key, holds
    // regional documents only, and none of the councils' private words.
    let space = Space::open(&region, &made.passphrase).unwrap();
    let listing = space.scan().unwrap();
    assert!(listing.files.len() >= 3, "{listing:?}");
    let mut private: Vec<String> = vec![];
    for m in MARKERS {
        private.extend([
            format!("{m}-register"),
            format!("{m}-notitie"),
            format!("{m}-lokaal"),
            format!("{m}-lid"),
        ]);
    }
    private.push(format!("{}-tweede", MARKERS[0]));
    let mut everything = String::new();
    for f in &listing.files {
        let p = space.read(f).unwrap();
        for m in &private {
            assert!(!p.member.contains(m.as_str()), "{m} in a file's signature");
        }
        for (name, bytes) in &p.docs {
            assert!(
                name.starts_with("regio/"),
                "a council document {name} in the region"
            );
            let doc = Doc::load(None, std::slice::from_ref(bytes)).unwrap();
            let all = format!(
                "{} {:?} {}",
                doc.value(),
                doc.history().unwrap(),
                String::from_utf8_lossy(bytes)
            );
            for m in &private {
                assert!(!all.contains(m.as_str()), "{m} found in {name}");
            }
            everything.push_str(&all);
        }
    }
    // The check read what it should have: the regional text and the councils' names are there.
    for public in [
        "Zorg voor inwoners",
        "ASD Rijswijk",
        "Adviesraad Wassenaar",
        "rijswijk/2027/14",
    ] {
        assert!(
            everything.contains(public),
            "{public} not in the region's files"
        );
    }
    // A council's key opens neither another council's folder nor the region's.
    for (c, others) in [
        (&c1, [&c2.folder, &region]),
        (&c2, [&c3.folder, &region]),
        (&c3, [&c1.folder, &region]),
    ] {
        for folder in others {
            assert!(
                Space::open(folder, &c.passphrase).is_err(),
                "{} opened with another council's key",
                folder.display()
            );
        }
    }
    // And the councils' own folders hold no regional document.
    for c in [&c1, &c2, &c3] {
        let s = Space::open(&c.folder, &c.passphrase).unwrap();
        for f in s.scan().unwrap().files {
            for (name, _) in s.read(&f).unwrap().docs {
                assert!(!name.starts_with("regio/"), "{name} in a council's folder");
            }
        }
    }
}

#[test]
fn regional_work_before_joining_a_region_is_refused_with_a_dutch_message() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = council(dir.path(), "delft", "X");
    match service::share_section(&mut c.store, &c.regional, "Titel") {
        Err(Error::Validation(f)) => {
            assert_eq!(f[0].field, "region");
            assert!(f[0].message.contains("regio"), "{f:?}");
        }
        other => panic!("{other:?}"),
    }
    let region = dir.path().join("regio");
    std::fs::create_dir(&region).unwrap();
    match service::create_region(&mut c.store, &mut c.sharing, &region, " ", "Delft") {
        Err(Error::Validation(f)) => assert_eq!(f[0].field, "councilName"),
        other => panic!("{other:?}"),
    }
    match service::join_region(
        &mut c.store,
        &mut c.sharing,
        &dir.path().join("bestaat-niet"),
        "a b c",
        "ASD",
        "Delft",
    ) {
        Err(Error::Validation(f)) => assert_eq!(f[0].field, "folder"),
        other => panic!("{other:?}"),
    }
    // A council's own folder is no region: its passphrase is another's.
    let made =
        service::create_region(&mut c.store, &mut c.sharing, &region, "ASD", "Delft").unwrap();
    let mut other = council(dir.path(), "rijswijk", "Y");
    assert!(
        service::join_region(
            &mut other.store,
            &mut other.sharing,
            &region,
            &c.passphrase,
            "ASD Rijswijk",
            "Rijswijk"
        )
        .is_err()
    );
    service::join_region(
        &mut other.store,
        &mut other.sharing,
        &region,
        &made.passphrase,
        "ASD Rijswijk",
        "Rijswijk",
    )
    .unwrap();
    // A proposal needs a reason and a passage inside the text.
    let t = service::share_section(&mut c.store, &c.regional, "Tekst").unwrap();
    match service::propose_change(
        &mut c.store,
        &ProposalInput {
            text_id: t.id.clone(),
            start: 0,
            end: 0,
            words: String::new(),
            reason: String::new(),
            version: t.version.clone(),
        },
    ) {
        Err(Error::Validation(f)) => {
            let fields: Vec<&str> = f.iter().map(|x| x.field.as_str()).collect();
            assert_eq!(fields, ["words", "reason"]);
        }
        other => panic!("{other:?}"),
    }
    match service::propose_change(
        &mut c.store,
        &ProposalInput {
            text_id: t.id.clone(),
            start: 0,
            end: 9999,
            words: "x".into(),
            reason: "r".into(),
            version: t.version.clone(),
        },
    ) {
        Err(Error::Validation(f)) => assert_eq!(f[0].field, "passage"),
        other => panic!("{other:?}"),
    }
    match service::propose_change(
        &mut c.store,
        &ProposalInput {
            text_id: t.id,
            start: 0,
            end: 0,
            words: "x".into(),
            reason: "r".into(),
            version: "oud".into(),
        },
    ) {
        Err(Error::Validation(f)) => assert_eq!(f[0].field, "passage"),
        other => panic!("{other:?}"),
    }
    let _ = c.local;
}

/// A council on its own (not shared with members), in the region at `region`.
fn lone_council(dir: &Path, i: usize) -> Council {
    let name = format!("raad{i}");
    let mut store = Store::open(dir.join(format!("{name}.sqlite3"))).unwrap();
    clock_at(&mut store, "2027-03-10T09:00:00Z");
    let request = service::create_request(
        &mut store,
        &RequestInput {
            requester: "College".into(),
            municipality_reference: format!("G{i}/2027"),
            ..RequestInput::asked(&format!("Wmo {i}"), &format!("0{}-03-2027", 1 + i % 9))
        },
        today(),
    )
    .unwrap()
    .id;
    let advice = service::open_advice(&mut store, &request).unwrap();
    Council {
        store,
        sharing: Sharing::with_cost(Cost::TEST),
        request,
        regional: advice.sections[1].id.clone(),
        local: advice.sections[2].id.clone(),
        folder: dir.to_path_buf(),
        passphrase: String::new(),
    }
}

#[test]
fn the_overview_of_a_generated_region_shows_each_of_nine_councils_where_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("regio");
    std::fs::create_dir(&region).unwrap();
    let mut councils: Vec<Council> = (0..9).map(|i| lone_council(dir.path(), i)).collect();
    let first = &mut councils[0];
    let made = service::create_region(
        &mut first.store,
        &mut first.sharing,
        &region,
        "Raad 0",
        "Gemeente 0",
    )
    .unwrap();
    for (i, c) in councils.iter_mut().enumerate().skip(1) {
        service::join_region(
            &mut c.store,
            &mut c.sharing,
            &region,
            &made.passphrase,
            &format!("Raad {i}"),
            &format!("Gemeente {i}"),
        )
        .unwrap();
    }
    save_regional(&mut councils[0], "Versie een van de regionale tekst.");
    let first = &mut councils[0];
    let text = service::share_section(&mut first.store, &first.regional, "H9 Wmo")
        .unwrap()
        .id;
    for c in councils.iter_mut() {
        round(c);
    }
    for c in councils.iter_mut().skip(1) {
        round(c);
        service::use_regional_text(&mut c.store, &c.regional, &text).unwrap();
    }
    // Council i is at stage i % 5: drafting with a meeting planned, adopted, adopted before
    // the text changed, sent, reaction received.
    for (i, c) in councils.iter_mut().enumerate() {
        if i % 5 == 0 {
            c.store
                .conn()
                .execute(
                    "INSERT INTO meeting (id, held_on, note, updated_at, updated_by)
                     VALUES ('m', '2027-03-24', '', '2027-03-01T09:00:00.000Z', 'x')",
                    [],
                )
                .unwrap();
        }
        if i % 5 == 2 {
            adopt(c);
        }
    }
    let mut all: Vec<&mut Council> = councils.iter_mut().collect();
    settle(&mut all);
    save_regional(&mut councils[0], "Versie twee van de regionale tekst.");
    let mut all: Vec<&mut Council> = councils.iter_mut().collect();
    settle(&mut all);
    for (i, c) in councils.iter_mut().enumerate() {
        match i % 5 {
            1 => adopt(c),
            3 => {
                adopt(c);
                step(c, Status::Sent, None);
            }
            4 => {
                adopt(c);
                step(c, Status::Sent, None);
                step(c, Status::ReactionReceived, None);
            }
            _ => {}
        }
    }
    let mut all: Vec<&mut Council> = councils.iter_mut().collect();
    settle(&mut all);

    for viewer in [0, 4, 8] {
        let overview = service::region_overview(&councils[viewer].store).unwrap();
        assert_eq!(overview.texts.len(), 1);
        let t = &overview.texts[0];
        assert_eq!(t.councils.len(), 9, "{t:?}");
        assert_eq!(t.older_versions, 2, "councils 2 and 7 adopted version one");
        for (i, row) in t.councils.iter().enumerate() {
            assert_eq!(row.municipality, format!("Gemeente {i}"));
            assert_eq!(row.reference, format!("G{i}/2027"));
            assert_eq!(row.ours, i == viewer);
            assert!(row.due_on.is_some(), "{row:?}");
            let (adopted, current, sent, reaction, state) = match i % 5 {
                0 => (
                    false,
                    None,
                    false,
                    false,
                    "Vaststelling gepland op 24 maart 2027",
                ),
                1 => (true, Some(true), false, false, "Vastgesteld op"),
                2 => (true, Some(false), false, false, "(een oudere versie)"),
                3 => (true, Some(true), true, false, "Verzonden op"),
                _ => (true, Some(true), true, true, "Reactie van het college"),
            };
            assert_eq!(row.adopted_on.is_some(), adopted, "council {i}: {row:?}");
            assert_eq!(row.adopted_current, current, "council {i}: {row:?}");
            assert_eq!(row.sent_on.is_some(), sent, "council {i}: {row:?}");
            assert_eq!(row.reaction_on.is_some(), reaction, "council {i}: {row:?}");
            assert!(row.state.contains(state), "council {i}: {}", row.state);
        }
    }
    // The same dates on the planning timeline, a lane per municipality.
    let timeline = service::timeline(
        &councils[0].store,
        &advieswerk::planning::TimelineQuery {
            from: Some(date::parse("01-02-2027").unwrap()),
            to: Some(date::parse("30-06-2027").unwrap()),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    use advieswerk::planning::{ItemKind, ItemSource};
    for i in 0..9 {
        let mut mine: Vec<(ItemKind, String)> = timeline
            .items
            .iter()
            .filter(|x| {
                x.source == ItemSource::Region
                    && x.region_municipality.as_deref() == Some(&format!("Gemeente {i}"))
            })
            .map(|x| (x.kind, x.title.rsplit(": ").next().unwrap().to_owned()))
            .collect();
        mine.sort_by_key(|(k, t)| (k.code(), t.clone()));
        let mut want: Vec<(ItemKind, &str)> = vec![(ItemKind::RequestDue, "uiterlijk advies")];
        match i % 5 {
            0 => want.push((ItemKind::AdoptingMeeting, "vaststelling gepland")),
            2 => want.push((ItemKind::AdoptingMeeting, "vastgesteld (een oudere versie)")),
            _ => want.push((ItemKind::AdoptingMeeting, "vastgesteld")),
        }
        if i % 5 >= 3 {
            want.push((ItemKind::AdviceSent, "verzonden"));
        }
        if i % 5 == 4 {
            want.push((ItemKind::ReactionExpected, "reactie college ontvangen"));
        }
        want.sort_by_key(|(k, t)| (k.code(), t.to_string()));
        let want: Vec<(ItemKind, String)> = want.into_iter().map(|(k, t)| (k, t.into())).collect();
        assert_eq!(mine, want, "council {i} on the timeline");
    }

    // What council 2 adopted stays in its letter; council 1's holds version two.
    assert!(letter_html(&mut councils[2]).contains("Versie een"));
    assert!(letter_html(&mut councils[1]).contains("Versie twee"));
}

/// Council Delft ("A"), shared with its members, makes the region's folder `dir/regio`.
fn delft_makes_the_region(dir: &Path) -> (PathBuf, Council, service::RegionCreated) {
    let region = dir.join("regio");
    std::fs::create_dir(&region).unwrap();
    let mut anna = council(dir, "delft", "A");
    let made = service::create_region(
        &mut anna.store,
        &mut anna.sharing,
        &region,
        "ASD Delft",
        "Delft",
    )
    .unwrap();
    (region, anna, made)
}

/// Another member of `council`'s own council, on a desktop (`bert.sqlite3`) of their own.
fn second_member(dir: &Path, council: &Council, name: &str) -> Council {
    let mut store = Store::open(dir.join("bert.sqlite3")).unwrap();
    clock_at(&mut store, "2027-03-10T09:00:00Z");
    let mut sharing = Sharing::with_cost(Cost::TEST);
    service::join_council(
        &mut store,
        &mut sharing,
        &council.folder,
        &council.passphrase,
        name,
        false,
    )
    .unwrap();
    Council {
        store,
        sharing,
        request: council.request.clone(),
        regional: council.regional.clone(),
        local: council.local.clone(),
        folder: council.folder.clone(),
        passphrase: council.passphrase.clone(),
    }
}

#[test]
fn a_member_outside_the_region_adopts_and_the_version_is_frozen_by_a_member_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let (region, mut anna, made) = delft_makes_the_region(dir.path());
    save_regional(&mut anna, "De regionale tekst zoals vastgesteld.");
    service::share_section(&mut anna.store, &anna.regional, "Regionaal").unwrap();
    round(&mut anna);

    // Bert is a member of the same council on his own desktop, not in the region.
    let mut bert = second_member(dir.path(), &anna, "Bert Jansen");
    let at_bert = service::get_advice(&bert.store, &bert.request).unwrap();
    let r = at_bert.sections[1]
        .regional
        .clone()
        .expect("linked at Bert's too");
    assert!(!r.available);
    adopt(&mut bert);
    round(&mut bert);
    round(&mut anna);
    round(&mut bert);
    for c in [&anna, &bert] {
        let s = service::get_advice(&c.store, &c.request).unwrap().sections[1].clone();
        assert_eq!(s.body, "De regionale tekst zoals vastgesteld.");
        assert!(s.regional.unwrap().adopted_version.is_some());
    }

    // Another council changes the text: Anna's advice flags it, Bert's letter keeps the version.
    let mut other = lone_council(dir.path(), 7);
    service::join_region(
        &mut other.store,
        &mut other.sharing,
        &region,
        &made.passphrase,
        "ASD Rijswijk",
        "Rijswijk",
    )
    .unwrap();
    let text = service::list_regional_texts(&other.store).unwrap()[0]
        .id
        .clone();
    service::use_regional_text(&mut other.store, &other.regional, &text).unwrap();
    save_regional(&mut other, "De regionale tekst, later gewijzigd.");
    round(&mut other);
    round(&mut anna);
    let s = service::get_advice(&anna.store, &anna.request)
        .unwrap()
        .sections[1]
        .clone();
    assert!(s.regional.unwrap().changed_after_adoption);
    round(&mut bert);
    assert!(letter_html(&mut bert).contains("De regionale tekst zoals vastgesteld."));
}

#[test]
fn a_councils_history_names_its_own_members_while_the_region_sees_only_the_council() {
    let dir = tempfile::tempdir().unwrap();
    let (region, mut anna, made) = delft_makes_the_region(dir.path());
    save_regional(&mut anna, "Eerste zin.");
    let text = service::share_section(&mut anna.store, &anna.regional, "Regionaal")
        .unwrap()
        .id;
    round(&mut anna);
    let mut bert = second_member(dir.path(), &anna, "Bert KRAANVOGEL");
    service::join_region(
        &mut bert.store,
        &mut bert.sharing,
        &region,
        &made.passphrase,
        "ASD Delft",
        "Delft",
    )
    .unwrap();
    save_regional(&mut bert, "Eerste zin. Tweede zin van Bert.");
    round(&mut bert);
    round(&mut anna);
    let mut other = lone_council(dir.path(), 3);
    service::join_region(
        &mut other.store,
        &mut other.sharing,
        &region,
        &made.passphrase,
        "ASD Rijswijk",
        "Rijswijk",
    )
    .unwrap();

    let at_anna = service::get_regional_text(&anna.store, &text).unwrap();
    assert_eq!(at_anna.body, "Eerste zin. Tweede zin van Bert.");
    let who: Vec<&str> = at_anna.history.iter().map(|h| h.who.as_str()).collect();
    assert!(who.contains(&"Bert KRAANVOGEL (ASD Delft)"), "{who:?}");
    assert!(who.contains(&"Secretaris A-lid (ASD Delft)"), "{who:?}");
    let at_other = service::get_regional_text(&other.store, &text).unwrap();
    assert!(
        at_other.history.iter().all(|h| h.who == "ASD Delft"),
        "{:?}",
        at_other.history
    );
    let space = Space::open(&region, &made.passphrase).unwrap();
    for f in space.scan().unwrap().files {
        let p = space.read(&f).unwrap();
        assert!(!p.member.contains("KRAANVOGEL"));
        for (_, bytes) in &p.docs {
            let doc = Doc::load(None, std::slice::from_ref(bytes)).unwrap();
            let all = format!("{} {:?}", doc.value(), doc.history().unwrap());
            assert!(
                !all.contains("KRAANVOGEL") && !all.contains("A-lid"),
                "{all}"
            );
        }
    }
}
