//! End-to-end, the region: the real Tauri window (council Delft) makes the region's folder
//! under *Regio* and shares its section A from the advice editor; a second council (the same
//! core, on a database of its own) joins with the passphrase the window showed, takes the text
//! in and proposes a change, which the window shows inline and accepts. The window's council
//! adopts its advice; when the other council then changes a sentence, the window's advice
//! shows "gewijzigd na uw vaststelling" with the diff, while its text stays the adopted one.
//! Last, the window takes another council's text into a second advice ("Regionale tekst
//! gebruiken").
#![cfg(feature = "e2e")]

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use advieswerk::advice::{SectionSave, SectionScope};
use advieswerk::request::{RequestInput, StepInput};
use advieswerk::service::{self, ProposalInput, Sharing};
use advieswerk::status::Status;
use advieswerk::{Store, date};
use chrono::Days;
use support::app::App;
use support::webdriver::Session;

const LIVE: Duration = Duration::from_secs(10);

fn within(ui: &Session, what: &str, limit: Duration, mut f: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !f() {
        if start.elapsed() > limit {
            let shot = ui.screenshot("region-timeout").ok();
            panic!("{what}: not within {limit:?} (screenshot {shot:?})");
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    start.elapsed()
}

fn main_text(ui: &Session) -> String {
    ui.try_find("main")
        .and_then(|m| ui.try_text(&m).ok())
        .unwrap_or_default()
}

/// A request in draft with its advice opened; returns (request, regional section).
fn request_in_draft(
    s: &mut Store,
    subject: &str,
) -> (advieswerk::RequestId, advieswerk::SectionId) {
    let today = support::clock::today();
    let received = date::iso(today - Days::new(10));
    let id = service::create_request(
        s,
        &RequestInput {
            requester: "College".into(),
            ..RequestInput::asked(subject, &received)
        },
        today,
    )
    .unwrap()
    .id;
    for status in [Status::InProgress, Status::Draft] {
        service::add_step(
            s,
            &id,
            &StepInput {
                status,
                on: date::iso(today - Days::new(5)),
                reference: String::new(),
                tenor: None,
                note: String::new(),
            },
            today,
        )
        .unwrap();
    }
    let advice = service::open_advice(s, &id).unwrap();
    let regional = advice
        .sections
        .iter()
        .find(|x| x.scope == SectionScope::Regional)
        .unwrap()
        .id
        .clone();
    (id, regional)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_council_shares_its_section_a_with_the_region_accepts_a_proposal_and_sees_a_later_change_flagged()
 {
    let dir = tempfile::tempdir().unwrap();
    let db_a = dir.path().join("delft.sqlite3");
    let db_b = dir.path().join("rijswijk.sqlite3");
    let region = dir.path().join("Teams - H9/Regionaal advies");
    std::fs::create_dir_all(&region).unwrap();
    let subject = "Wmo-beleid VERTROUWELIJK-DELFT";
    let ((request, sid), (youth, youth_sid)) = {
        let mut a = support::clock::store(&db_a);
        (
            request_in_draft(&mut a, subject),
            request_in_draft(&mut a, "Jeugdhulp 2028"),
        )
    };

    let mut app = App::start_on(&db_a);
    let ui = app.ui();
    ui.click_css("nav a[href='#/regio']");
    ui.wait_for_text("main h1", "Regio");
    ui.fill("#region-folder", &region.display().to_string());
    ui.fill("#region-council", "ASD Delft");
    ui.fill("#region-municipality", "Delft");
    ui.click_css("#region-create");
    let passphrase = ui.wait_for_text("#region-passphrase", " ");
    assert_eq!(passphrase.split_whitespace().count(), 12, "{passphrase}");
    ui.wait_for_text("#region-summary", "Regio");
    support::a11y::audit(ui, "regio");

    // The other council joins from its own desktop.
    let mut b = support::clock::store(&db_b);
    let mut sb = Sharing::default();
    let (b_request, b_sid) = request_in_draft(&mut b, "Wmo-beleid Rijswijk");
    service::join_region(
        &mut b,
        &mut sb,
        &region,
        &passphrase,
        "ASD Rijswijk",
        "Rijswijk",
    )
    .unwrap();

    // Delft writes its section A and shares it with the region.
    ui.execute(
        &format!("location.hash = '#/aanvraag/{request}/advies'"),
        vec![],
    )
    .unwrap();
    let editor = ".section-editor[data-scope='regional'] .cm-content";
    let content = ui.find(editor);
    ui.click(&content);
    ui.type_text(&content, "De H9-raden adviseren positief over het beleid.");
    ui.wait_for_text(&format!("#sec-{sid}-save"), "Opgeslagen");
    ui.click_css(&format!("#share-region-{sid}"));
    ui.fill(&format!("#share-title-{sid}"), "Regionaal advies Wmo 2027");
    ui.click_css(&format!("#share-region-submit-{sid}"));
    ui.wait_for_text(&format!("#regional-{sid}"), "Regionaal advies Wmo 2027");
    ui.screenshot("region-shared").unwrap();

    // The other council takes it in and proposes a change.
    let mut text_id = String::new();
    within(ui, "the shared text at Rijswijk", LIVE, || {
        service::sync_round(&mut b, &mut sb).unwrap();
        match service::list_regional_texts(&b).unwrap().first() {
            Some(t) => {
                text_id = t.id.clone();
                true
            }
            None => false,
        }
    });
    service::use_regional_text(&mut b, &b_sid, &text_id).unwrap();
    let t = service::get_regional_text(&b, &text_id).unwrap();
    assert_eq!(t.body, "De H9-raden adviseren positief over het beleid.");
    let start = t.body.find("positief").unwrap() as u32;
    service::propose_change(
        &mut b,
        &ProposalInput {
            text_id: text_id.clone(),
            start,
            end: start + "positief".len() as u32,
            words: "positief met kanttekeningen".into(),
            reason: "De toegang tot hulp baart zorgen.".into(),
            version: t.version,
        },
    )
    .unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();

    // Delft sees the proposal inline on the text's page and accepts it.
    ui.execute(&format!("location.hash = '#/regio/{text_id}'"), vec![])
        .unwrap();
    within(ui, "the proposal at Delft", LIVE, || {
        main_text(ui).contains("De toegang tot hulp baart zorgen.")
    });
    assert_eq!(
        ui.text_of("#regional-body ins"),
        "positief met kanttekeningen"
    );
    assert_eq!(ui.text_of("#regional-body del"), "positief");
    assert!(ui.text_of("#proposals").contains("ASD Rijswijk"));
    support::a11y::audit(ui, "regionale tekst");
    ui.screenshot("region-proposal").unwrap();
    ui.click_css("#proposals .accept");
    ui.wait_for_text("#proposals", "Overgenomen door ASD Delft");
    let body = ui.text_of("#regional-body");
    assert_eq!(
        body,
        "De H9-raden adviseren positief met kanttekeningen over het beleid."
    );
    assert!(ui.try_find("#regional-body ins").is_none());

    // Delft adopts its advice in the window.
    ui.execute(&format!("location.hash = '#/aanvraag/{request}'"), vec![])
        .unwrap();
    ui.wait_for_text("#request-title", subject);
    ui.choose("#step-status", "adopted");
    let today = support::clock::today();
    ui.fill("#step-on", &today.format("%d-%m-%Y").to_string());
    ui.choose("#step-tenor", "positive_with_remarks");
    ui.click_css("#step-save");
    ui.wait_for_text("#step-notice", "Vastgesteld");

    // Rijswijk changes a sentence after Delft's adoption.
    within(ui, "the acceptance at Rijswijk", LIVE, || {
        service::sync_round(&mut b, &mut sb).unwrap();
        service::get_regional_text(&b, &text_id)
            .unwrap()
            .body
            .contains("kanttekeningen")
    });
    let sec = service::get_advice(&b, &b_request)
        .unwrap()
        .sections
        .into_iter()
        .find(|s| s.id == b_sid)
        .unwrap();
    service::save_section(
        &mut b,
        &SectionSave {
            section_id: b_sid.clone(),
            base_version: sec.version,
            title: sec.title,
            body: format!("{} Betrek de jeugd.", sec.body),
            checkpoint: false,
            base_body: Some(sec.body),
        },
    )
    .unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();

    // Delft's advice flags it with the diff; its own text stays the adopted one.
    ui.execute(
        &format!("location.hash = '#/aanvraag/{request}/advies'"),
        vec![],
    )
    .unwrap();
    let flag = format!("#regional-changed-{sid}");
    within(ui, "the change flagged in Delft's advice", LIVE, || {
        ui.try_find(&flag)
            .and_then(|e| ui.try_text(&e).ok())
            .is_some_and(|t| t.contains("gewijzigd na uw vaststelling"))
    });
    assert!(ui.text_of(&format!("{flag} ins")).contains("jeugd"));
    let shown = ui.text_of(editor);
    assert_eq!(
        shown,
        "De H9-raden adviseren positief met kanttekeningen over het beleid."
    );
    support::a11y::audit(ui, "advies met regionale wijziging");
    ui.screenshot("region-changed-after-adoption").unwrap();
    ui.click_css(&format!("#keep-own-{sid}"));
    within(
        ui,
        "the flag gone after keeping the own version",
        LIVE,
        || ui.try_find(&flag).is_none(),
    );

    // The region's folder holds nothing readable of Delft's register.
    for f in walk(&region) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !bytes.windows(12).any(|w| w == b"VERTROUWELIJ"),
            "{} holds the request's subject",
            f.display()
        );
    }
    within(ui, "Delft's adoption in the region", LIVE, || {
        service::sync_round(&mut b, &mut sb).unwrap();
        service::region_overview(&b).unwrap().texts[0]
            .councils
            .iter()
            .any(|c| c.council_name == "ASD Delft" && c.adopted_on == Some(today))
    });

    // Rijswijk shares a second text of its own; Delft takes it into another advice in the
    // window with "Regionale tekst gebruiken".
    let b_youth = request_in_draft(&mut b, "Jeugdhulp Rijswijk");
    let b_youth_sec = service::get_advice(&b, &b_youth.0).unwrap().sections[1].clone();
    service::save_section(
        &mut b,
        &SectionSave {
            section_id: b_youth.1.clone(),
            base_version: b_youth_sec.version,
            title: b_youth_sec.title,
            body: "De raden vragen om één loket voor jeugdhulp.".into(),
            checkpoint: false,
            base_body: None,
        },
    )
    .unwrap();
    service::share_section(&mut b, &b_youth.1, "Regionaal advies Jeugd").unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();
    ui.execute(
        &format!("location.hash = '#/aanvraag/{youth}/advies'"),
        vec![],
    )
    .unwrap();
    ui.wait_for_text("main h1", "Jeugdhulp 2028");
    within(ui, "Rijswijk's second text in Delft's list", LIVE, || {
        ui.click_css(&format!("#use-region-{youth_sid}"));
        std::thread::sleep(Duration::from_millis(300));
        ui.try_find(&format!("#use-text-{youth_sid}"))
            .is_some_and(|e| ui.text(&e).contains("Regionaal advies Jeugd"))
    });
    let option = ui
        .find_all(&format!("#use-text-{youth_sid} option"))
        .into_iter()
        .find(|o| ui.text(o) == "Regionaal advies Jeugd")
        .unwrap();
    ui.click(&option);
    ui.click_css(&format!("#use-region-submit-{youth_sid}"));
    ui.wait_for_text(&format!("#regional-{youth_sid}"), "Regionaal advies Jeugd");
    within(ui, "the regional text in Delft's editor", LIVE, || {
        ui.try_find(editor)
            .and_then(|e| ui.try_text(&e).ok())
            .is_some_and(|t| t == "De raden vragen om één loket voor jeugdhulp.")
    });

    // Regio lists both texts, and the overview has a row per council for each.
    ui.click_css("nav a[href='#/regio']");
    ui.wait_for_text("#regional-texts", "Regionaal advies Jeugd");
    let overview = ui.text_of(&format!("#overview-{text_id}"));
    assert!(
        overview.contains("ASD Delft") && overview.contains("ASD Rijswijk"),
        "{overview}"
    );
    support::a11y::audit(ui, "regio met teksten");
    ui.screenshot("region-overview").unwrap();
    app.close_window();
}
