//! Search quality: a judged set of Dutch queries, written from the domain, over a council corpus
//! (requests, advice texts, a reaction, a commitment and documents, among a generated year of
//! other requests as noise). Each query names the requests it must find; recall within the first
//! ten hits and the first right hit's rank are printed, and every query must find what it should
//! near the top. Also: filters, confidential marking, where a hit opens, and the index following
//! edits and removals.

use advieswerk::advice::SectionSave;
use advieswerk::follow_up::{CommitmentInput, CommitmentStatus, ReactionInput};
use advieswerk::request::{RequestInput, StepInput};
use advieswerk::search::SearchKind;
use advieswerk::service::{self, SearchInput};
use advieswerk::status::{Status, Tenor};
use advieswerk::{NaiveDate, Store, date, demo};

fn d(s: &str) -> NaiveDate {
    date::parse(s).unwrap()
}

const TODAY: &str = "03-12-2026";

struct Corpus {
    _dir: tempfile::TempDir,
    s: Store,
    /// Request ids by a short key.
    ids: std::collections::HashMap<&'static str, advieswerk::RequestId>,
}

/// One judged request: key, subject, received, confidential, advice text, documents (name, text).
type Item = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const ITEMS: &[Item] = &[
    (
        "jeugd",
        "Inkoopstrategie jeugdhulp 2027",
        "12-02-2024",
        false,
        "De adviesraad maakt zich zorgen over de wachtlijsten in de jeugdzorg. Jongeren met complexe problemen wachten te lang op passende hulp.",
        &[(
            "Raadsvoorstel inkoop jeugdhulp.txt",
            "De regionale inkoop loopt via de Jeugdhulpregio. Het zorglandschap verandert door minder aanbieders.",
        )],
    ),
    (
        "armoede",
        "Armoedebeleid en minimaregelingen",
        "03-03-2025",
        false,
        "Ons advies over armoede: verlaag de financiële drempels en breid het kindpakket uit. Verwijs vroeg naar schuldhulpverlening.",
        &[],
    ),
    (
        "wmo",
        "Wmo-verordening 2026",
        "14-04-2025",
        false,
        "Over de eigen bijdrage en het abonnementstarief: mantelzorgers verdienen meer respijtzorg.",
        &[(
            "Verordening maatschappelijke ondersteuning.txt",
            "Artikel 7. Een persoonsgebonden budget wordt verstrekt als de cliënt dat wil.",
        )],
    ),
    (
        "werk",
        "Participatiewet en beschut werk",
        "05-05-2025",
        false,
        "De raad vraagt om ruimere loonkostensubsidie, zodat werkgevers statushouders en mensen met een beperking aannemen.",
        &[],
    ),
    (
        "toegang",
        "Toegankelijkheid openbare ruimte",
        "06-06-2025",
        false,
        "Volg het VN-verdrag Handicap: trottoirs moeten met een rolstoel te gebruiken zijn; stel een inclusieagenda op.",
        &[],
    ),
    (
        "wonen",
        "Huisvesting kwetsbare inwoners",
        "07-07-2025",
        false,
        "Beschermd wonen en maatschappelijke opvang horen in elke kern; dakloosheid voorkomen gaat voor.",
        &[(
            "Notitie beschermd wonen.txt",
            "De uitstroom uit de opvang stokt door een tekort aan woningen.",
        )],
    ),
    (
        "team",
        "Reorganisatie sociaal team",
        "08-08-2025",
        true,
        "Bij de herinrichting van het sociaal wijkteam moet de privacy van inwoners voorop staan.",
        &[],
    ),
    (
        "eenzaam",
        "Eenzaamheid onder ouderen",
        "09-09-2025",
        false,
        "Meer ontmoetingsplekken in de wijk, gedragen door vrijwilligers, helpen tegen eenzaamheid.",
        &[],
    ),
    (
        "taal",
        "Laaggeletterdheid en digitale inclusie",
        "10-10-2025",
        false,
        "Het taalhuis in de bibliotheek helpt inwoners met digitale vaardigheden en formulieren.",
        &[],
    ),
    (
        "gezond",
        "Preventieakkoord gezondheid",
        "11-11-2025",
        false,
        "Jongeren drinken te vroeg alcohol; overgewicht bij kinderen vraagt om een gezonde schoolomgeving.",
        &[],
    ),
];

fn corpus() -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("db.sqlite3")).unwrap();
    let today = d(TODAY);
    // Noise: a generated year of requests about the same themes, with advice texts and reactions.
    demo::generate_year(&mut s, 2025, 120, 7, today).unwrap();
    let mut ids = std::collections::HashMap::new();
    for (key, subject, received, confidential, advice, docs) in ITEMS {
        let mut input = RequestInput::asked(subject, received);
        input.confidential = *confidential;
        let id = service::create_request(&mut s, &input, today).unwrap().id;
        let advice_view = service::open_advice(&mut s, &id).unwrap();
        let section = advice_view
            .sections
            .iter()
            .find(|x| x.scope == advieswerk::advice::SectionScope::Local)
            .unwrap_or(&advice_view.sections[0]);
        service::save_section(
            &mut s,
            &SectionSave {
                section_id: section.id.clone(),
                base_version: section.version,
                title: section.title.clone(),
                body: advice.to_string(),
                checkpoint: false,
                base_body: None,
            },
        )
        .unwrap();
        for (name, text) in *docs {
            service::add_document(&mut s, &id, name, text.as_bytes().to_vec(), today).unwrap();
        }
        ids.insert(*key, id);
    }
    let armoede = ids["armoede"].clone();
    for (status, on) in [
        (Status::InProgress, "10-03-2025"),
        (Status::Draft, "20-03-2025"),
        (Status::Adopted, "01-04-2025"),
        (Status::Sent, "02-04-2025"),
    ] {
        service::add_step(
            &mut s,
            &armoede,
            &StepInput {
                status,
                on: on.into(),
                reference: String::new(),
                tenor: (status == Status::Adopted).then_some(Tenor::PositiveWithRemarks),
                note: String::new(),
            },
            today,
        )
        .unwrap();
    }
    service::record_reaction(
        &mut s,
        &armoede,
        &ReactionInput {
            received_on: "02-06-2025".into(),
            reference: "U25.1234".into(),
            summary: "Het college neemt het advies over het kindpakket over; de inkomensgrens blijft 120 procent.".into(),
            outcomes: vec![],
        },
        None,
        today,
    )
    .unwrap();
    service::save_commitment(
        &mut s,
        &armoede,
        None,
        &CommitmentInput {
            text: "Het college evalueert de minimaregelingen in 2026.".into(),
            due_on: "31-12-2026".into(),
            status: CommitmentStatus::Open,
            note: String::new(),
        },
        today,
    )
    .unwrap();
    Corpus { _dir: dir, s, ids }
}

fn search(c: &mut Corpus, q: &str) -> Vec<advieswerk::service::SearchHit> {
    service::search(
        &mut c.s,
        &SearchInput {
            query: q.into(),
            ..Default::default()
        },
    )
    .unwrap()
    .hits
}

/// Query → the requests (keys) it must find.
const JUDGED: &[(&str, &[&str])] = &[
    ("wachtlijst jeugdzorg", &["jeugd"]),
    ("jongere", &["jeugd", "gezond"]),
    ("adviezen armoede", &["armoede"]),
    ("financiele drempels", &["armoede"]),
    ("kindpakket", &["armoede"]),
    ("inkomensgrens", &["armoede"]),
    ("evalueert minimaregelingen", &["armoede"]),
    ("\"eigen bijdrage\"", &["wmo"]),
    ("abonnementstarief", &["wmo"]),
    ("mantelzorger", &["wmo"]),
    ("respijt*", &["wmo"]),
    ("\"persoonsgebonden budget\"", &["wmo"]),
    ("loonkostensubsidie", &["werk"]),
    ("statushouder", &["werk"]),
    ("werkgever beperking", &["werk"]),
    ("vn-verdrag toegankelijkheid", &["toegang"]),
    ("rolstoelen", &["toegang"]),
    ("beschermd wonen", &["wonen"]),
    ("dakloosheid", &["wonen"]),
    ("uitstroom opvang", &["wonen"]),
    ("sociaal wijkteam", &["team"]),
    ("eenzame ouderen", &["eenzaam"]),
    ("ontmoetingsplek", &["eenzaam"]),
    ("taalhuis", &["taal"]),
    ("digitale vaardigheid", &["taal"]),
    ("overgewicht alcohol", &["gezond"]),
    ("zorglandschap", &["jeugd"]),
    ("jeugdhulpregio", &["jeugd"]),
    ("inkoopstrat*", &["jeugd"]),
    ("clienten", &["wmo"]),
];

#[test]
fn judged_dutch_queries_find_what_a_council_member_means() {
    let mut c = corpus();
    assert!(JUDGED.len() >= 25);
    let mut found_total = 0;
    let mut expected_total = 0;
    let mut ranks = Vec::new();
    println!("{:<32} {:>7} {:>10}", "query", "recall", "first hit");
    for (q, expected) in JUDGED {
        let hits = search(&mut c, q);
        let top: Vec<&str> = hits
            .iter()
            .take(10)
            .map(|h| h.request_id.as_str())
            .collect();
        let want: Vec<&advieswerk::RequestId> = expected.iter().map(|k| &c.ids[k]).collect();
        let found = want.iter().filter(|id| top.contains(&id.as_str())).count();
        let first = hits
            .iter()
            .position(|h| want.contains(&&h.request_id))
            .map(|p| p + 1);
        println!(
            "{q:<32} {:>7} {:>10}",
            format!("{found}/{}", want.len()),
            first.map_or("-".into(), |r| r.to_string())
        );
        found_total += found;
        expected_total += want.len();
        ranks.push((q, first));
    }
    let recall = found_total as f64 / expected_total as f64;
    let at_one = ranks.iter().filter(|(_, r)| *r == Some(1)).count();
    let mean: f64 = ranks
        .iter()
        .map(|(_, r)| r.unwrap_or(11) as f64)
        .sum::<f64>()
        / ranks.len() as f64;
    println!(
        "recall@10 {:.0}% over {} queries; first hit at rank 1 for {at_one}, mean rank of the first right hit {mean:.2}",
        recall * 100.0,
        ranks.len()
    );
    assert_eq!(
        found_total, expected_total,
        "every judged hit within the first ten"
    );
    for (q, r) in &ranks {
        assert!(r.is_some_and(|r| r <= 3), "{q}: first right hit at {r:?}");
    }
}

#[test]
fn stemming_accents_phrases_and_prefixes_work_as_the_issue_asks() {
    let mut c = corpus();
    let text_of = |h: &advieswerk::service::SearchHit| -> String {
        h.snippet.iter().map(|p| p.text.as_str()).collect()
    };
    let marked = |h: &advieswerk::service::SearchHit| -> Vec<String> {
        h.snippet
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.clone())
            .collect()
    };
    // "adviezen" finds "advies".
    let hits = search(&mut c, "adviezen armoede");
    assert_eq!(hits[0].request_id, c.ids["armoede"]);
    assert!(
        marked(&hits[0]).contains(&"advies".to_string()),
        "{:?}",
        hits[0].snippet
    );
    // "jongeren" finds "jongere" (and back).
    let mut input = RequestInput::asked("Jongere mantelzorger", "01-12-2026");
    input.notes = "Een jongere die zorgt voor een ouder.".into();
    let id = service::create_request(&mut c.s, &input, d(TODAY))
        .unwrap()
        .id;
    assert!(
        search(&mut c, "jongeren mantelzorgers")
            .iter()
            .any(|h| h.request_id == id)
    );
    // "financiele" finds "financiële", highlighted as written.
    let hits = search(&mut c, "financiele");
    assert!(
        marked(&hits[0]).contains(&"financiële".to_string()),
        "{:?}",
        hits[0].snippet
    );
    // A phrase needs its words in order; apart they do not make it.
    assert!(
        !search(&mut c, "\"budget persoonsgebonden\"")
            .iter()
            .any(|h| h.request_id == c.ids["wmo"])
    );
    // A prefix.
    assert!(text_of(&search(&mut c, "dakloos*")[0]).contains("dakloosheid"));
    // Words that no single text holds: the texts with some of them, said so.
    let r = service::search(
        &mut c.s,
        &SearchInput {
            query: "taalhuis rolstoel".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(r.partial);
    assert!(r.hits.len() >= 2);
    // Nothing typed is an error but an empty query.
    assert!(
        service::search(
            &mut c.s,
            &SearchInput {
                query: "  ".into(),
                ..Default::default()
            }
        )
        .is_err()
    );
    for q in ["NEAR(a b)", "\"", "a OR", "title:x", "*", "-x", "^y"] {
        service::search(
            &mut c.s,
            &SearchInput {
                query: q.into(),
                ..Default::default()
            },
        )
        .map(|_| ())
        .or_else(|e| {
            if e.to_api().fields[0].field == "query" {
                Ok(())
            } else {
                Err(e)
            }
        })
        .unwrap_or_else(|e| panic!("{q}: {e:?}"));
    }
}

#[test]
fn filters_confidential_marks_and_the_place_a_hit_opens() {
    let mut c = corpus();
    let hits = search(&mut c, "wijkteam");
    let team = &hits[0];
    assert_eq!(team.request_id, c.ids["team"]);
    assert!(
        team.confidential,
        "a confidential request's hits are marked"
    );
    assert_eq!(team.kind, SearchKind::Section);
    // A section hit opens that section.
    let advice = service::get_advice(&c.s, &c.ids["team"]).unwrap();
    assert!(
        advice
            .sections
            .iter()
            .any(|x| x.id.as_str() == team.source_id)
    );

    let hits = service::search(
        &mut c.s,
        &SearchInput {
            query: "kindpakket".into(),
            kind: Some(SearchKind::Reaction),
            ..Default::default()
        },
    )
    .unwrap()
    .hits;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].kind_label, "Reactie college");
    let by_year = |c: &mut Corpus, year| {
        service::search(
            &mut c.s,
            &SearchInput {
                query: "jeugdzorg".into(),
                year: Some(year),
                ..Default::default()
            },
        )
        .unwrap()
        .hits
        .iter()
        .filter(|h| h.request_id == c.ids["jeugd"])
        .count()
    };
    assert!(by_year(&mut c, 2024) > 0);
    assert_eq!(by_year(&mut c, 2025), 0);

    // A document hit names the document; a theme filter narrows to the request's theme.
    let hit = &search(&mut c, "zorglandschap")[0];
    assert_eq!(
        (hit.kind, hit.title.as_str()),
        (SearchKind::Document, "Raadsvoorstel inkoop jeugdhulp.txt")
    );
    assert_eq!(hit.page, None, "a text file has no pages");
    let theme = c.s.get_council().unwrap().themes[0].id.clone();
    let themed = service::search(
        &mut c.s,
        &SearchInput {
            query: "zorglandschap".into(),
            theme_id: Some(theme),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(themed.hits.is_empty(), "the judged requests have no theme");
}

#[test]
fn the_index_follows_edits_and_removals() {
    let mut c = corpus();
    let id = c.ids["taal"].clone();
    let advice = service::get_advice(&c.s, &id).unwrap();
    let section = advice
        .sections
        .iter()
        .find(|x| x.body.contains("taalhuis"))
        .unwrap()
        .clone();
    service::save_section(
        &mut c.s,
        &SectionSave {
            section_id: section.id.clone(),
            base_version: section.version,
            title: section.title.clone(),
            body: "De bibliotheek biedt spreekuren voor formulieren.".into(),
            checkpoint: false,
            base_body: None,
        },
    )
    .unwrap();
    assert!(
        search(&mut c, "taalhuis")
            .iter()
            .all(|h| h.request_id != id)
    );
    assert_eq!(search(&mut c, "spreekuren")[0].request_id, id);
    // A changed subject is found by its new words.
    let mut input = RequestInput::asked("Laaggeletterdheid en de Bibliotheekvisie", "10-10-2025");
    input.notes = String::new();
    service::update_request(&mut c.s, &id, &input, d(TODAY)).unwrap();
    assert_eq!(search(&mut c, "bibliotheekvisie")[0].request_id, id);
    // A removed request takes everything found through it along.
    service::delete_request(&mut c.s, &c.ids["wonen"]).unwrap();
    assert!(search(&mut c, "dakloosheid").is_empty());
    let left: i64 =
        c.s.conn()
            .query_row(
                "SELECT count(*) FROM search_entry WHERE request_id = ?1",
                [c.ids["wonen"].as_str()],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn the_word_index_is_rebuilt_when_it_is_missing_or_belongs_to_another_state_of_the_database() {
    let mut c = corpus();
    let db = c.s.path().to_path_buf();
    let wachtlijst = |c: &mut Corpus| {
        search(c, "wachtlijst jeugdzorg")
            .iter()
            .any(|h| h.request_id == c.ids["jeugd"])
    };
    assert!(wachtlijst(&mut c));

    // The folder removed while the app is closed: the next search builds it again.
    let dir = advieswerk::store::search::index_dir(&db);
    assert!(dir.is_dir(), "{}", dir.display());
    drop(std::mem::replace(&mut c.s, Store::open(&db).unwrap()));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        wachtlijst(&mut c),
        "found again after the index folder was removed"
    );

    // A backup taken now, a request added after it, then the backup restored: the index
    // follows the restored state, not the newer one it held.
    let backup = service::make_backup(&c.s).unwrap().backups[0]
        .file_name
        .clone();
    let mut input = RequestInput::asked("Zwerfafval en schone buurten", "01-12-2026");
    input.notes = "Ná de back-up toegevoegd.".into();
    service::create_request(&mut c.s, &input, d(TODAY)).unwrap();
    assert_eq!(search(&mut c, "zwerfafval").len(), 1);
    service::restore_backup(&mut c.s, &backup).unwrap();
    assert!(
        search(&mut c, "zwerfafval").is_empty(),
        "the restored state has no such request"
    );
    assert!(wachtlijst(&mut c));
}
