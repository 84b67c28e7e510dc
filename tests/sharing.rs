//! Sharing one council between desktops through a folder, through the use cases: sharing,
//! joining, edits flowing both ways, concurrent edits inside one paragraph merged, a join that
//! would replace records asking first, an unreachable folder, hostile folder content.

use std::path::Path;

use advieswerk::advice::SectionSave;
use advieswerk::request::{RequestInput, StepInput};
use advieswerk::service::{self, Sharing};
use advieswerk::status::{Status, Tenor};
use advieswerk::sync::key::Cost;
use advieswerk::{Clock, Error, SectionId, Store, date};

fn store(dir: &Path, name: &str) -> Store {
    let mut s = Store::open(dir.join(name)).unwrap();
    s.set_clock(Clock::fixed(
        chrono::DateTime::parse_from_rfc3339("2027-03-10T09:00:00Z")
            .unwrap()
            .to_utc(),
    ));
    s
}

fn sharing() -> Sharing {
    Sharing::with_cost(Cost::TEST)
}

fn today() -> chrono::NaiveDate {
    date::parse("10-03-2027").unwrap()
}

fn new_request(s: &mut Store, subject: &str) -> advieswerk::RequestId {
    service::create_request(
        s,
        &RequestInput {
            requester: "College".into(),
            ..RequestInput::asked(subject, "01-03-2027")
        },
        today(),
    )
    .unwrap()
    .id
}

fn local_section(s: &mut Store, request: &advieswerk::RequestId) -> (SectionId, u32, String) {
    let a = service::open_advice(s, request).unwrap();
    let sec = a.sections[2].clone();
    (sec.id, sec.version, sec.body)
}

fn write(s: &mut Store, request: &advieswerk::RequestId, body: &str) {
    let (id, version, _) = local_section(s, request);
    service::save_section(
        s,
        &SectionSave {
            section_id: id,
            base_version: version,
            title: "B. Aanvullend lokaal advies".into(),
            body: body.into(),
            checkpoint: false,
            base_body: None,
        },
    )
    .unwrap();
}

/// Anna's council (`a.sqlite3`, made by `before` first) shared in `dir/gedeeld`; returns the
/// share's result.
fn anna_shares(
    dir: &Path,
    before: impl FnOnce(&mut Store),
) -> (Store, Sharing, service::ShareResult) {
    let folder = dir.join("gedeeld");
    std::fs::create_dir(&folder).unwrap();
    let mut a = store(dir, "a.sqlite3");
    before(&mut a);
    let mut sa = sharing();
    let shared = service::share_council(&mut a, &mut sa, &folder, "Anna de Boer").unwrap();
    (a, sa, shared)
}

/// Bert (`b.sqlite3`) joins the folder in `dir/gedeeld`.
fn bert_joins(dir: &Path, passphrase: &str) -> (Store, Sharing, service::SyncStatus) {
    let mut b = store(dir, "b.sqlite3");
    let mut sb = sharing();
    let joined = service::join_council(
        &mut b,
        &mut sb,
        &dir.join("gedeeld"),
        passphrase,
        "Bert Jansen",
        false,
    )
    .unwrap();
    (b, sb, joined)
}

/// Two members on one folder: A shares, B joins.
fn pair(dir: &Path) -> (Store, Sharing, Store, Sharing, String) {
    let (a, sa, shared) = anna_shares(dir, |_| {});
    let (b, sb, _) = bert_joins(dir, &shared.passphrase);
    (a, sa, b, sb, shared.passphrase)
}

/// A step on 5 March 2027.
fn step(status: Status, tenor: Option<advieswerk::status::Tenor>) -> StepInput {
    StepInput {
        status,
        on: "05-03-2027".into(),
        reference: String::new(),
        tenor,
        note: String::new(),
    }
}

/// Rounds until each has the other's changes: A sends, B takes in and sends, A takes in.
fn settle(a: &mut Store, sa: &mut Sharing, b: &mut Store, sb: &mut Sharing) {
    service::sync_round(a, sa).unwrap();
    service::sync_round(b, sb).unwrap();
    service::sync_round(a, sa).unwrap();
}

fn council_state(s: &Store) -> Vec<String> {
    let mut out = vec![];
    for (table, sql) in [
        ("council", "SELECT id, name, chair FROM council ORDER BY id"),
        (
            "request",
            "SELECT id, subject, status, tenor, notes, due_on FROM advice_request ORDER BY id",
        ),
        (
            "step",
            "SELECT id, request_id, seq, status, on_date FROM request_step ORDER BY id",
        ),
        (
            "section",
            "SELECT id, request_id, position, title, body FROM advice_section ORDER BY id",
        ),
        (
            "milestone",
            "SELECT id, title, starts_on, ends_on, status FROM milestone ORDER BY id",
        ),
        ("theme", "SELECT id, name FROM theme ORDER BY id"),
    ] {
        let mut stmt = s.conn().prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut line = table.to_string();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!(" | {v:?}"));
                }
                Ok(line)
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn a_joining_member_receives_the_whole_council_and_edits_flow_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let mut request = advieswerk::RequestId::default();
    let (mut a, mut sa, shared) = anna_shares(dir.path(), |a| {
        request = new_request(a, "Inkoop jeugdhulp 2028");
        write(
            a,
            &request,
            "De raad adviseert eerst met jongeren te praten.",
        );
    });
    assert_eq!(shared.passphrase.split(' ').count(), 12);
    assert_eq!(shared.status.unsent, 0, "{:?}", shared.status);

    let (mut b, mut sb, joined) = bert_joins(dir.path(), &shared.passphrase);
    assert!(joined.received > 0, "{joined:?}");
    assert_eq!(council_state(&a), council_state(&b));
    assert_eq!(joined.members, vec!["Anna de Boer".to_string()]);
    let got = service::get_request(&b, &request, today()).unwrap();
    assert_eq!(got.subject, "Inkoop jeugdhulp 2028");

    // B writes on; A sees it after a round of each.
    write(
        &mut b,
        &request,
        "De raad adviseert eerst met jongeren en ouders te praten.",
    );
    let after_b = service::sync_round(&mut b, &mut sb).unwrap();
    assert_eq!(after_b.unsent, 0, "{after_b:?}");
    let after_a = service::sync_round(&mut a, &mut sa).unwrap();
    assert!(after_a.received > 0, "{after_a:?}");
    assert_eq!(
        local_section(&mut a, &request).2,
        "De raad adviseert eerst met jongeren en ouders te praten."
    );
    assert!(
        after_a.summary.starts_with("Gesynchroniseerd om"),
        "{after_a:?}"
    );
    assert_eq!(council_state(&a), council_state(&b));
}

#[test]
fn both_members_typing_in_one_paragraph_end_with_both_edits() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let request = new_request(&mut a, "Armoedebeleid");
    write(
        &mut a,
        &request,
        "Wij vragen het college de regeling te verlengen.",
    );
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();
    assert_eq!(
        local_section(&mut b, &request).2,
        "Wij vragen het college de regeling te verlengen."
    );

    write(
        &mut a,
        &request,
        "Wij vragen het college dringend de regeling te verlengen.",
    );
    write(
        &mut b,
        &request,
        "Wij vragen het college de regeling te verlengen tot 2030.",
    );
    settle(&mut a, &mut sa, &mut b, &mut sb);
    let want = "Wij vragen het college dringend de regeling te verlengen tot 2030.";
    assert_eq!(local_section(&mut a, &request).2, want);
    assert_eq!(local_section(&mut b, &request).2, want);
    assert_eq!(council_state(&a), council_state(&b));
}

#[test]
fn steps_recorded_by_two_members_while_apart_are_both_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let request = new_request(&mut a, "Mantelzorg");
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();
    service::add_step(&mut a, &request, &step(Status::InProgress, None), today()).unwrap();
    service::add_step(&mut b, &request, &step(Status::InProgress, None), today()).unwrap();
    settle(&mut a, &mut sa, &mut b, &mut sb);
    let steps_a = a.list_steps(&request).unwrap();
    assert_eq!(steps_a.len(), 3, "received + both members' steps");
    assert_eq!(council_state(&a), council_state(&b));
    // The same step twice is flagged for review on both, not dropped.
    for s in [&a, &b] {
        let reviews = service::get_request(s, &request, today()).unwrap().reviews;
        assert_eq!(reviews.len(), 1, "{reviews:?}");
        assert!(reviews[0].contains("twee keer"), "{reviews:?}");
    }
    // Anna undoes one; once both have it, nothing is left to review.
    service::undo_step(&mut a, &request, today()).unwrap();
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();
    for s in [&a, &b] {
        let r = service::get_request(s, &request, today()).unwrap();
        assert!(r.reviews.is_empty(), "{:?}", r.reviews);
        assert_eq!(r.steps.len(), 2);
    }
}

#[test]
fn a_status_that_arrives_without_its_step_still_follows_the_steps() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let request = new_request(&mut a, "Jeugdhulp");
    service::add_step(&mut a, &request, &step(Status::InProgress, None), today()).unwrap();
    settle(&mut a, &mut sa, &mut b, &mut sb);
    // A status written straight into Bert's row (an older version, a repair by hand): his
    // document says "adopted", and no step says so.
    b.conn()
        .execute(
            "UPDATE advice_request SET status = 'adopted', notes = 'van Bert' WHERE id = ?1",
            [request.as_str()],
        )
        .unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();
    service::sync_round(&mut a, &mut sa).unwrap();
    let r = service::get_request(&a, &request, today()).unwrap();
    assert_eq!(r.notes, "van Bert", "Bert's change arrived");
    assert_eq!(r.status, Status::InProgress, "the status follows the steps");
}

#[test]
fn a_row_written_back_as_it_was_is_not_told_as_waiting_for_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let request = new_request(&mut a, "Wmo");
    settle(&mut a, &mut sa, &mut b, &mut sb);
    // Saved again unchanged: queued as a change, yet its document stays as it was.
    a.conn()
        .execute(
            "UPDATE advice_request SET notes = notes WHERE id = ?1",
            [request.as_str()],
        )
        .unwrap();
    assert_eq!(service::sync_status(&a, &sa).unwrap().unsent, 1);
    let status = service::sync_round(&mut a, &mut sa).unwrap();
    assert_eq!(status.unsent, 0, "{}", status.summary);
    assert!(
        status.summary.starts_with("Gesynchroniseerd"),
        "{}",
        status.summary
    );
}

#[test]
fn two_adoptions_with_another_tenor_made_apart_are_kept_and_flagged_on_both() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let request = new_request(&mut a, "Armoedebeleid");
    for status in [Status::InProgress, Status::Draft] {
        service::add_step(&mut a, &request, &step(status, None), today()).unwrap();
    }
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();
    service::add_step(
        &mut a,
        &request,
        &step(Status::Adopted, Some(Tenor::Positive)),
        today(),
    )
    .unwrap();
    service::add_step(
        &mut b,
        &request,
        &step(Status::Adopted, Some(Tenor::Negative)),
        today(),
    )
    .unwrap();
    settle(&mut a, &mut sa, &mut b, &mut sb);
    let ra = service::get_request(&a, &request, today()).unwrap();
    let rb = service::get_request(&b, &request, today()).unwrap();
    assert_eq!(ra.steps.len(), 5, "both adoptions kept");
    assert_eq!((ra.status, ra.tenor), (rb.status, rb.tenor));
    assert_eq!(ra.reviews, rb.reviews);
    assert_eq!(ra.reviews.len(), 1, "{:?}", ra.reviews);
    assert!(
        ra.reviews[0].contains("andere strekking"),
        "{:?}",
        ra.reviews
    );
    assert_eq!(council_state(&a), council_state(&b));
}

#[test]
fn joining_with_records_of_its_own_asks_first_and_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("gedeeld");
    std::fs::create_dir(&folder).unwrap();
    let mut a = store(dir.path(), "a.sqlite3");
    new_request(&mut a, "Van de gedeelde raad");
    let shared = service::share_council(&mut a, &mut sharing(), &folder, "Anna").unwrap();

    let mut b = store(dir.path(), "b.sqlite3");
    new_request(&mut b, "Van deze computer");
    let e = service::join_council(
        &mut b,
        &mut sharing(),
        &folder,
        &shared.passphrase,
        "Bert",
        false,
    )
    .unwrap_err();
    assert!(matches!(e, Error::JoinWouldReplace { records: 1 }), "{e}");
    assert!(
        e.message_nl().contains("reservekopie"),
        "{}",
        e.message_nl()
    );
    assert_eq!(b.count_requests().unwrap(), 1, "nothing was replaced");
    assert!(b.get_space().unwrap().is_none());

    service::join_council(
        &mut b,
        &mut sharing(),
        &folder,
        &shared.passphrase,
        "Bert",
        true,
    )
    .unwrap();
    assert_eq!(council_state(&a), council_state(&b));
    let backups = advieswerk::backup::list(b.path()).unwrap();
    assert_eq!(backups.len(), 1, "a backup of the replaced council");
    let old =
        Store::open(advieswerk::backup::backup_dir(b.path()).join(&backups[0].file_name)).unwrap();
    assert_eq!(old.count_requests().unwrap(), 1);
}

#[test]
fn a_wrong_or_misspelt_passphrase_and_a_missing_name_are_told_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("gedeeld");
    std::fs::create_dir(&folder).unwrap();
    let mut a = store(dir.path(), "a.sqlite3");
    let shared = service::share_council(&mut a, &mut sharing(), &folder, "Anna").unwrap();
    let mut b = store(dir.path(), "b.sqlite3");
    let field = |e: Error| match e {
        Error::Validation(f) => (f[0].field.clone(), f[0].message.clone()),
        other => panic!("{other}"),
    };
    let other = advieswerk::sync::key::new_passphrase().unwrap();
    let (f, m) = field(
        service::join_council(&mut b, &mut sharing(), &folder, &other, "Bert", false).unwrap_err(),
    );
    assert_eq!(f, "passphrase");
    assert!(m.contains("past niet"), "{m}");
    let typo = shared.passphrase.replacen(' ', "x ", 1);
    let (f, _) = field(
        service::join_council(&mut b, &mut sharing(), &folder, &typo, "Bert", false).unwrap_err(),
    );
    assert_eq!(f, "passphrase");
    let (f, _) = field(
        service::join_council(
            &mut b,
            &mut sharing(),
            &folder,
            &shared.passphrase,
            "  ",
            false,
        )
        .unwrap_err(),
    );
    assert_eq!(f, "member");
    let (f, _) = field(
        service::join_council(
            &mut b,
            &mut sharing(),
            &dir.path().join("bestaat-niet"),
            &shared.passphrase,
            "Bert",
            false,
        )
        .unwrap_err(),
    );
    assert_eq!(f, "folder");
    let (f, _) =
        field(service::share_council(&mut b, &mut sharing(), &folder, "Bert").unwrap_err());
    assert_eq!(f, "folder", "a second council in one folder");
    assert!(b.get_space().unwrap().is_none());
}

#[test]
fn an_unreachable_folder_keeps_the_work_and_sends_it_when_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let folder = dir.path().join("gedeeld");
    let away = dir.path().join("weg");
    std::fs::rename(&folder, &away).unwrap();
    let request = new_request(&mut a, "Onderweg geschreven");
    let status = service::sync_round(&mut a, &mut sa).unwrap();
    assert!(!status.reachable);
    assert!(status.unsent > 0, "{status:?}");
    assert!(
        status.summary.starts_with("Map niet bereikbaar"),
        "{status:?}"
    );
    assert_eq!(a.count_requests().unwrap(), 1, "work goes on");

    std::fs::rename(&away, &folder).unwrap();
    let status = service::sync_round(&mut a, &mut sa).unwrap();
    assert!(status.reachable && status.unsent == 0, "{status:?}");
    service::sync_round(&mut b, &mut sb).unwrap();
    assert!(service::get_request(&b, &request, today()).is_ok());
}

#[test]
fn a_bad_file_in_the_folder_is_reported_and_the_rest_still_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let first = new_request(&mut a, "Eerste");
    service::sync_round(&mut a, &mut sa).unwrap();
    let second = new_request(&mut a, "Tweede");
    service::sync_round(&mut a, &mut sa).unwrap();
    // Damage A's file with the first request; the second file still applies (Loro keeps what
    // depends on the missing part waiting, it does not apply it half).
    let device = a.get_space().unwrap().unwrap().device_id;
    let dev_dir = dir.path().join("gedeeld/advieswerk").join(&device);
    let mut names: Vec<_> = std::fs::read_dir(&dev_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let damaged = names[names.len() - 2].clone();
    let good = std::fs::read(&damaged).unwrap();
    let mut bad = good.clone();
    bad[30] ^= 0xff;
    std::fs::write(&damaged, &bad).unwrap();
    std::fs::write(dev_dir.join("0000000001 (1).upd"), b"conflict copy").unwrap();

    let status = service::sync_round(&mut b, &mut sb).unwrap();
    assert_eq!(status.refusals.len(), 1, "{status:?}");
    assert!(
        status.refusals[0].contains("van Anna de Boer"),
        "{status:?}"
    );
    assert!(status.refusals[0].contains("ontsleuteld"), "{status:?}");
    assert!(service::get_request(&b, &first, today()).is_err());
    // The sync client finishes the file: the next round takes it in, and what waited too.
    std::fs::write(&damaged, &good).unwrap();
    let status = service::sync_round(&mut b, &mut sb).unwrap();
    assert!(status.refusals.is_empty(), "{status:?}");
    assert!(service::get_request(&b, &first, today()).is_ok());
    assert!(service::get_request(&b, &second, today()).is_ok());
    assert_eq!(council_state(&a), council_state(&b));
}

#[test]
fn changes_loro_cannot_read_are_told_and_the_files_other_documents_still_arrive() {
    use advieswerk::sync::folder::{FileKind, Payload, Space, new_device_id};
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, passphrase) = pair(dir.path());
    let request = new_request(&mut a, "Mantelzorg");
    settle(&mut a, &mut sa, &mut b, &mut sb);
    write(&mut b, &request, "Tekst van Bert.");
    service::sync_round(&mut b, &mut sb).unwrap();

    // Bert's advice changes, taken out of his file (which then goes) into a file of a third
    // device whose council part Loro cannot read (a newer version's, say), listed first.
    let space = Space::open(&dir.path().join("gedeeld"), &passphrase).unwrap();
    let bert = b.get_space().unwrap().unwrap().device_id;
    let newest = space
        .scan()
        .unwrap()
        .files
        .into_iter()
        .filter(|f| f.device == bert)
        .max_by_key(|f| f.seq)
        .unwrap();
    let advice = space
        .read(&newest)
        .unwrap()
        .docs
        .into_iter()
        .find(|(name, _)| name.starts_with("advies/"))
        .expect("Bert's file carries the advice");
    std::fs::remove_file(
        dir.path()
            .join("gedeeld/advieswerk")
            .join(&bert)
            .join(format!("{:010}.upd", newest.seq)),
    )
    .unwrap();
    let carla = new_device_id().unwrap();
    space
        .write(
            &carla,
            1,
            FileKind::Update,
            &Payload {
                member: "Carla".into(),
                docs: vec![("raad".into(), b"geen Loro".to_vec()), advice],
            },
        )
        .unwrap();

    let status = service::sync_round(&mut a, &mut sa).unwrap();
    assert_eq!(status.refusals.len(), 1, "{status:?}");
    assert!(
        status.refusals[0].contains("niet te verwerken"),
        "{status:?}"
    );
    let (_, _, body) = local_section(&mut a, &request);
    assert!(body.contains("Tekst van Bert."), "{body}");
    // Not noted as seen: the next round reads it again and still tells it.
    let status = service::sync_round(&mut a, &mut sa).unwrap();
    assert_eq!(status.refusals.len(), 1, "{status:?}");
}

#[test]
fn a_new_member_starts_from_a_snapshot_not_from_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, _b, _sb, passphrase) = pair(dir.path());
    for i in 0..(service::SNAPSHOT_EVERY + 5) {
        new_request(&mut a, &format!("Verzoek {i}"));
        service::sync_round(&mut a, &mut sa).unwrap();
    }
    let device = a.get_space().unwrap().unwrap().device_id;
    let dev_dir = dir.path().join("gedeeld/advieswerk").join(&device);
    let snaps = std::fs::read_dir(&dev_dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().unwrap() == "snap")
        .count();
    assert_eq!(snaps, 1);
    // A new member who finds only the snapshot and the files after it still gets everything.
    let snap_seq = std::fs::read_dir(&dev_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().unwrap() == "snap")
        .unwrap();
    for e in std::fs::read_dir(&dev_dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().unwrap() == "upd" && p.file_stem() < snap_seq.file_stem() {
            std::fs::remove_file(p).unwrap();
        }
    }
    let mut c = store(dir.path(), "c.sqlite3");
    let joined = service::join_council(
        &mut c,
        &mut sharing(),
        &dir.path().join("gedeeld"),
        &passphrase,
        "Carla",
        false,
    )
    .unwrap();
    assert!(joined.refusals.is_empty(), "{joined:?}");
    assert_eq!(council_state(&a), council_state(&c));
}

#[test]
fn a_member_offline_for_a_week_with_500_edits_merges_in_one_round() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let requests: Vec<advieswerk::RequestId> = (0..10)
        .map(|i| new_request(&mut a, &format!("Verzoek {i}")))
        .collect();
    for r in &requests {
        write(&mut a, r, "Basis.");
    }
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();

    // Bert's laptop has no folder for a week; he edits 500 times. Anna works on too.
    let folder = dir.path().join("gedeeld");
    let away = dir.path().join("weg");
    std::fs::rename(&folder, &away).unwrap();
    for i in 0..500 {
        let r = &requests[i % requests.len()];
        if i % 2 == 0 {
            let (_, _, body) = local_section(&mut b, r);
            write(&mut b, r, &format!("{body} b{i}"));
        } else {
            b.conn()
                .execute(
                    "UPDATE advice_request SET our_reference = ?2 WHERE id = ?1",
                    rusqlite::params![r.as_str(), format!("B-{i}")],
                )
                .unwrap();
        }
        if i % 50 == 0 {
            let offline = service::sync_round(&mut b, &mut sb).unwrap();
            assert!(!offline.reachable, "{offline:?}");
        }
    }
    std::fs::rename(&away, &folder).unwrap();
    for r in &requests[..3] {
        let (_, _, body) = local_section(&mut a, r);
        write(&mut a, r, &format!("Anna: {body}"));
    }
    service::sync_round(&mut a, &mut sa).unwrap();

    // Back online: one round each way.
    let back = service::sync_round(&mut b, &mut sb).unwrap();
    assert!(back.reachable && back.unsent == 0, "{back:?}");
    let took_in = service::sync_round(&mut a, &mut sa).unwrap();
    assert!(took_in.received >= 10, "{took_in:?}");
    assert_eq!(council_state(&a), council_state(&b));
    let (_, _, first) = local_section(&mut a, &requests[0]);
    assert!(first.starts_with("Anna: Basis. b0 b10"), "{first}");
    assert!(first.ends_with("b490"), "{first}");
}

#[test]
fn a_round_that_fails_in_the_background_says_so_in_the_status_line() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _, _, _, _) = pair(dir.path());
    new_request(&mut a, "Na de schade");
    // The stored council document is damaged: the round cannot load it.
    a.conn()
        .execute_batch(
            "DELETE FROM sync_doc_update; INSERT OR REPLACE INTO sync_doc_snapshot (name, bytes) VALUES ('raad', x'00ff00ff');",
        )
        .unwrap();
    let mut fresh = sharing();
    assert!(service::sync_round(&mut a, &mut fresh).is_err());
    let status = service::background_round(&mut a, &mut fresh).unwrap();
    assert!(
        status.summary.starts_with("Synchroniseren mislukt: "),
        "{status:?}"
    );
    assert!(status.unsent > 0, "the change waits: {status:?}");
    assert_eq!(
        a.count_requests().unwrap(),
        1,
        "the local work is untouched"
    );
}

#[test]
fn joining_a_folder_whose_files_have_not_arrived_yet_waits_and_makes_no_second_council() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, shared) = anna_shares(dir.path(), |_| {});
    // Bert's sync client has brought the header only.
    let berts = dir.path().join("berts-map");
    std::fs::create_dir(&berts).unwrap();
    std::fs::copy(
        dir.path()
            .join("gedeeld")
            .join(advieswerk::sync::folder::HEADER),
        berts.join(advieswerk::sync::folder::HEADER),
    )
    .unwrap();
    let mut b = store(dir.path(), "b.sqlite3");
    let e = service::join_council(
        &mut b,
        &mut sharing(),
        &berts,
        &shared.passphrase,
        "Bert",
        false,
    )
    .unwrap_err();
    let Error::Validation(f) = e else {
        panic!("{e}")
    };
    assert_eq!(f[0].field, "folder");
    assert!(f[0].message.contains("nog bezig"), "{}", f[0].message);
    // The files come; Bert joins; a store opened again never makes a council of its own.
    copy_dir(
        &dir.path().join("gedeeld/advieswerk"),
        &berts.join("advieswerk"),
    );
    let mut sb = sharing();
    service::join_council(&mut b, &mut sb, &berts, &shared.passphrase, "Bert", false).unwrap();
    drop(b);
    let mut b = store(dir.path(), "b.sqlite3");
    service::sync_round(&mut b, &mut sb).unwrap();
    let councils: i64 = b
        .conn()
        .query_row("SELECT count(*) FROM council", [], |r| r.get(0))
        .unwrap();
    assert_eq!(councils, 1);
    service::sync_round(&mut a, &mut sa).unwrap();
    assert_eq!(council_state(&a), council_state(&b));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn rename(s: &mut Store, request: &advieswerk::RequestId, subject: &str, our_reference: &str) {
    service::update_request(
        s,
        request,
        &RequestInput {
            requester: "College".into(),
            our_reference: our_reference.into(),
            ..RequestInput::asked(subject, "01-03-2027")
        },
        today(),
    )
    .unwrap();
}

/// The request's subject shows both members' wording, each under its member's name.
fn assert_both_renames(c: &service::FieldConflictView) {
    let mut seen: Vec<(String, String)> = c
        .choices
        .iter()
        .map(|x| (x.member.clone(), x.shown.clone()))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        vec![
            ("Anna de Boer".into(), "Inkoop jeugdhulp 2028".into()),
            ("Bert Jansen".into(), "Inkoop jeugdhulp regio".into())
        ]
    );
}

#[test]
fn a_field_both_members_changed_while_apart_shows_both_values_until_one_is_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let request = new_request(&mut a, "Inkoop jeugdhulp");
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();

    // Apart: both rename the request; only Bert sets our reference.
    rename(&mut a, &request, "Inkoop jeugdhulp 2028", "");
    b.set_clock(Clock::fixed(
        chrono::DateTime::parse_from_rfc3339("2027-03-10T09:05:00Z")
            .unwrap()
            .to_utc(),
    ));
    rename(&mut b, &request, "Inkoop jeugdhulp regio", "ASD-2027-04");
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();
    let status_a = service::sync_round(&mut a, &mut sa).unwrap();

    for s in [&a, &b] {
        let conflicts = service::list_conflicts(s, Some(("advice_request", &request))).unwrap();
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        let c = &conflicts[0];
        assert_eq!(
            (c.field.as_str(), c.label.as_str()),
            ("subject", "Onderwerp")
        );
        assert_both_renames(c);
        // The field Bert alone set arrived as usual.
        assert_eq!(
            service::get_request(s, &request, today())
                .unwrap()
                .our_reference,
            "ASD-2027-04"
        );
    }
    assert!(
        status_a.summary.contains("tegelijk gewijzigd"),
        "{status_a:?}"
    );
    assert_eq!(council_state(&a), council_state(&b));

    // Anna picks Bert's wording; after a round each, the field is settled on both.
    let c = &service::list_conflicts(&a, Some(("advice_request", &request))).unwrap()[0];
    let pick = c
        .choices
        .iter()
        .position(|x| x.member == "Bert Jansen")
        .unwrap();
    let left = service::choose_value(&mut a, &mut sa, "advice_request", &request, "subject", pick)
        .unwrap();
    assert!(left.is_empty());
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();
    for s in [&a, &b] {
        assert!(service::list_conflicts(s, None).unwrap().is_empty());
        assert_eq!(
            service::get_request(s, &request, today()).unwrap().subject,
            "Inkoop jeugdhulp regio"
        );
    }
    assert_eq!(council_state(&a), council_state(&b));
    // A choice already made elsewhere is told, not made twice.
    let again = service::choose_value(&mut b, &mut sb, "advice_request", &request, "subject", 0);
    assert!(matches!(again, Err(Error::Validation(_))), "{again:?}");
}

#[test]
fn a_member_who_joins_later_sees_the_fields_two_others_set_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, passphrase) = pair(dir.path());
    let request = new_request(&mut a, "Inkoop jeugdhulp");
    settle(&mut a, &mut sa, &mut b, &mut sb);
    rename(&mut a, &request, "Inkoop jeugdhulp 2028", "");
    rename(&mut b, &request, "Inkoop jeugdhulp regio", "");
    settle(&mut a, &mut sa, &mut b, &mut sb);
    assert_eq!(service::list_conflicts(&a, None).unwrap().len(), 1);
    // Anna's snapshot holds both writes: a new member starts from it, so both arrive at once.
    for i in 0..service::SNAPSHOT_EVERY {
        new_request(&mut a, &format!("Verzoek {i}"));
        service::sync_round(&mut a, &mut sa).unwrap();
    }
    let mut c = store(dir.path(), "c.sqlite3");
    let mut sc = sharing();
    service::join_council(
        &mut c,
        &mut sc,
        &dir.path().join("gedeeld"),
        &passphrase,
        "Carla",
        false,
    )
    .unwrap();

    let conflicts = service::list_conflicts(&c, Some(("advice_request", &request))).unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_both_renames(&conflicts[0]);
    // Only the open field: the requests Anna alone wrote are no conflict at Carla's.
    assert_eq!(service::list_conflicts(&c, None).unwrap().len(), 1);

    // Once Anna chooses, Carla's copy settles too.
    let left =
        service::choose_value(&mut a, &mut sa, "advice_request", &request, "subject", 0).unwrap();
    assert!(left.is_empty());
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut c, &mut sc).unwrap();
    assert!(service::list_conflicts(&c, None).unwrap().is_empty());
    assert_eq!(council_state(&a), council_state(&c));
}

#[test]
fn a_field_changed_after_seeing_the_other_members_change_is_no_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let request = new_request(&mut a, "Wmo-verordening");
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();
    rename(&mut b, &request, "Wmo-verordening 2028", "");
    service::sync_round(&mut b, &mut sb).unwrap();
    service::sync_round(&mut a, &mut sa).unwrap();
    rename(&mut a, &request, "Wmo-verordening 2028 (herzien)", "");
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();
    for s in [&a, &b] {
        assert!(service::list_conflicts(s, None).unwrap().is_empty());
        assert_eq!(
            service::get_request(s, &request, today()).unwrap().subject,
            "Wmo-verordening 2028 (herzien)"
        );
    }
}

#[test]
fn the_history_of_a_section_says_which_member_wrote_each_revision() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let request = new_request(&mut a, "Mantelzorgwaardering");
    write(&mut a, &request, "Anna begint.");
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();
    write(&mut b, &request, "Anna begint. Bert vult aan.");
    service::sync_round(&mut b, &mut sb).unwrap();
    service::sync_round(&mut a, &mut sa).unwrap();

    let (section, _, body) = local_section(&mut a, &request);
    assert_eq!(body, "Anna begint. Bert vult aan.");
    let history: Vec<(Option<String>, String)> = service::list_revisions(&a, &section)
        .unwrap()
        .into_iter()
        .map(|r| (r.author, r.body))
        .collect();
    assert_eq!(
        history,
        vec![
            (
                Some("Bert Jansen".into()),
                "Anna begint. Bert vult aan.".into()
            ),
            (Some("Anna de Boer".into()), "Anna begint.".into()),
        ],
        "newest first, each under its member's name"
    );
    // Bert's own history says the same of his edit.
    let at_b = service::list_revisions(&b, &section).unwrap();
    assert_eq!(at_b[0].author.as_deref(), Some("Bert Jansen"));
}

#[test]
fn an_edit_made_before_the_adoption_arrived_is_kept_as_a_revision_and_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let request = new_request(&mut a, "Schuldhulpverlening");
    write(&mut a, &request, "De raad adviseert positief.");
    for status in [Status::InProgress, Status::Draft] {
        service::add_step(&mut a, &request, &step(status, None), today()).unwrap();
    }
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();

    // Bert edits on the train while Anna's plenary adopts the text as it stood.
    write(
        &mut b,
        &request,
        "De raad adviseert positief, met één voorbehoud.",
    );
    service::add_step(
        &mut a,
        &request,
        &step(Status::Adopted, Some(Tenor::Positive)),
        today(),
    )
    .unwrap();
    settle(&mut a, &mut sa, &mut b, &mut sb);

    let r = service::get_request(&a, &request, today()).unwrap();
    assert_eq!(r.status, Status::Adopted);
    assert_eq!(r.reviews.len(), 1, "{:?}", r.reviews);
    assert!(
        r.reviews[0].starts_with("Bert Jansen wijzigde") && r.reviews[0].contains("vaststelling"),
        "{:?}",
        r.reviews
    );
    let (section, _, _) = local_section(&mut a, &request);
    let history = service::list_revisions(&a, &section).unwrap();
    assert_eq!(history[0].author.as_deref(), Some("Bert Jansen"));
    assert!(history[0].body.contains("voorbehoud"));
    assert_eq!(council_state(&a), council_state(&b));

    // Reopening the advice makes the flag moot.
    let reopen = StepInput {
        note: "Het voorbehoud van Bert bespreken.".into(),
        ..step(Status::Draft, None)
    };
    service::add_step(&mut a, &request, &reopen, today()).unwrap();
    service::sync_round(&mut a, &mut sa).unwrap();
    let r = service::get_request(&a, &request, today()).unwrap();
    assert!(r.reviews.is_empty(), "{:?}", r.reviews);
}

#[test]
fn two_meetings_on_one_date_made_apart_become_one_that_keeps_the_note() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let add = |s: &Store, id: &str, note: &str| {
        s.conn()
            .execute(
                "INSERT INTO meeting (id, held_on, note, updated_at, updated_by)
                 VALUES (?1, '2027-04-14', ?2, '2027-03-10T09:00:00Z', 'test')",
                [id, note],
            )
            .unwrap();
    };
    add(&a, "vergadering-anna", "");
    add(&b, "vergadering-bert", "In de raadszaal");
    let meetings = |s: &Store| -> Vec<(String, String)> {
        s.conn()
            .prepare("SELECT id, note FROM meeting WHERE held_on = '2027-04-14'")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    // Anna sends hers; Bert takes it in beside his own and merges the two at once.
    service::sync_round(&mut a, &mut sa).unwrap();
    let at_b = service::sync_round(&mut b, &mut sb).unwrap();
    assert!(at_b.problems.is_empty(), "{at_b:?}");
    assert_eq!(meetings(&b).len(), 1);
    // Anna got Bert's meeting before his merge: she merges too, the same way.
    let at_a = service::sync_round(&mut a, &mut sa).unwrap();
    assert!(at_a.problems.is_empty(), "{at_a:?}");
    settle(&mut a, &mut sa, &mut b, &mut sb);
    // The one with a note stays.
    let one = vec![(
        "vergadering-bert".to_string(),
        "In de raadszaal".to_string(),
    )];
    assert_eq!(meetings(&a), one);
    assert_eq!(meetings(&b), one);
    assert_eq!(council_state(&a), council_state(&b));
    for (s, sh) in [(&a, &sa), (&b, &sb)] {
        let st = service::sync_status(s, sh).unwrap();
        assert_eq!(st.unsent, 0, "{st:?}");
    }
}

#[test]
fn two_meetings_on_one_date_with_two_notes_are_told_in_dutch_and_settle_when_one_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let add = |s: &Store, id: &str| {
        s.conn()
            .execute(
                "INSERT INTO meeting (id, held_on, note, updated_at, updated_by)
                 VALUES (?1, '2027-04-14', ?1, '2027-03-10T09:00:00Z', 'test')",
                [id],
            )
            .unwrap();
    };
    // Each note says something the other does not: which to keep is the council's call.
    add(&a, "vergadering-anna");
    add(&b, "vergadering-bert");
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();
    let at_a = service::sync_round(&mut a, &mut sa).unwrap();
    for status in [&at_a, &service::sync_status(&b, &sb).unwrap()] {
        assert_eq!(status.problems.len(), 1, "{status:?}");
        assert!(
            status.problems[0].contains("vergadering op een datum"),
            "{status:?}"
        );
    }
    // Anna removes hers; Bert's arrives at Anna's and nothing is left waiting.
    a.conn()
        .execute("DELETE FROM meeting WHERE id = 'vergadering-anna'", [])
        .unwrap();
    service::sync_round(&mut a, &mut sa).unwrap();
    service::sync_round(&mut b, &mut sb).unwrap();
    let at_a = service::sync_round(&mut a, &mut sa).unwrap();
    let at_b = service::sync_status(&b, &sb).unwrap();
    assert!(
        at_a.problems.is_empty() && at_b.problems.is_empty(),
        "{at_a:?} {at_b:?}"
    );
    assert_eq!(council_state(&a), council_state(&b));
    let ids: Vec<String> = a
        .conn()
        .prepare("SELECT id FROM meeting WHERE held_on = '2027-04-14'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids, vec!["vergadering-bert".to_string()]);
}

#[test]
fn the_reaction_its_outcomes_commitments_and_follow_up_reach_the_other_member() {
    use advieswerk::follow_up::{
        CommitmentInput, CommitmentStatus, FollowUpInput, FollowUpKind, Outcome, OutcomeInput,
        ReactionInput,
    };
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, _) = pair(dir.path());
    let request = new_request(&mut a, "Mantelzorgbeleid");
    write(
        &mut a,
        &request,
        "1. Respijtzorg: dichtbij.\n2. Loket: één plek.\n",
    );
    for status in [Status::InProgress, Status::Draft] {
        service::add_step(&mut a, &request, &step(status, None), today()).unwrap();
    }
    service::add_step(
        &mut a,
        &request,
        &step(Status::Adopted, Some(Tenor::Positive)),
        today(),
    )
    .unwrap();
    service::add_step(&mut a, &request, &step(Status::Sent, None), today()).unwrap();
    let f = service::get_follow_up(&a, &request, today()).unwrap();
    assert_eq!(f.recommendations.len(), 2);
    service::record_reaction(
        &mut a,
        &request,
        &ReactionInput {
            received_on: "09-03-2027".into(),
            reference: "Z/1".into(),
            summary: String::new(),
            outcomes: vec![OutcomeInput {
                recommendation_id: f.recommendations[1].id.clone(),
                outcome: Some(Outcome::NotAdopted),
                reasoning: "Geen budget".into(),
            }],
        },
        Some(("reactie.pdf", b"%PDF brief")),
        today(),
    )
    .unwrap();
    service::set_reaction_term(&mut a, &request, "56", today()).unwrap();
    service::save_commitment(
        &mut a,
        &request,
        None,
        &CommitmentInput {
            text: "Evaluatie in 2028".into(),
            due_on: "01-01-2028".into(),
            status: CommitmentStatus::Open,
            note: String::new(),
        },
        today(),
    )
    .unwrap();
    service::record_follow_up(
        &mut a,
        &request,
        &FollowUpInput {
            kind: FollowUpKind::CouncilInformed,
            on: "10-03-2027".into(),
            note: String::new(),
        },
        today(),
    )
    .unwrap();
    settle(&mut a, &mut sa, &mut b, &mut sb);

    let got = service::get_follow_up(&b, &request, today()).unwrap();
    assert_eq!(got.recommendations, f_after(&a, &request));
    assert_eq!(got.recommendations[1].reasoning, "Geen budget");
    assert_eq!(got.reaction_term_days, Some(56));
    let reaction = got.reaction.unwrap();
    assert_eq!(reaction.letter_name, "reactie.pdf");
    // The letter's name travels; the file itself stays on the computer it was attached on.
    assert!(!reaction.letter_here);
    assert_eq!(got.commitments[0].text, "Evaluatie in 2028");
    assert_eq!(got.steps[0].kind, FollowUpKind::CouncilInformed);
    assert_eq!(
        service::get_request(&b, &request, today()).unwrap().status,
        Status::ReactionReceived
    );
    assert_eq!(council_state(&a), council_state(&b));
}

fn f_after(
    s: &Store,
    request: &advieswerk::RequestId,
) -> Vec<advieswerk::follow_up::Recommendation> {
    service::get_follow_up(s, request, today())
        .unwrap()
        .recommendations
}

#[test]
fn saving_the_same_record_twice_between_two_rounds_is_queued_once_not_refused() {
    // Upserts (settings, the annual report's texts, a reaction) of a record already waiting in
    // the outbox: SQLite lets an upsert override a trigger's OR IGNORE, so the triggers must
    // not rely on it.
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _sa, _) = anna_shares(dir.path(), |_| {});
    for text in ["Eerste versie.", "Tweede versie."] {
        service::save_report_texts(
            &mut a,
            2026,
            &service::ReportTextsInput {
                introduction: text.into(),
                closing: String::new(),
            },
            today(),
        )
        .unwrap();
    }
    let queued: i64 = a
        .conn()
        .query_row(
            "SELECT count(*) FROM sync_outbox WHERE table_name = 'annual_report'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(queued, 1);
}

/// Every file below `dir` with its length, to show a folder left as it was.
fn files_in(dir: &Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                todo.push(e.path());
            } else {
                let name = e.path().strip_prefix(dir).unwrap().display().to_string();
                out.push((name, e.metadata().unwrap().len()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_member_who_stops_sharing_keeps_the_data_and_leaves_the_folder_to_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, mut b, mut sb, passphrase) = pair(dir.path());
    let folder = dir.path().join("gedeeld");
    let request = new_request(&mut a, "Gedeeld voor het stoppen");
    settle(&mut a, &mut sa, &mut b, &mut sb);
    // Written by Bert just before he stops: the last round takes it to the folder.
    let last = new_request(&mut b, "Vlak voor het stoppen");

    let status = service::leave_council(&mut b, &mut sb, false).unwrap();
    assert!(!status.shared && status.folder.is_none(), "{status:?}");
    assert!(b.get_space().unwrap().is_none());
    let kept: i64 = b
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM sync_doc) + (SELECT count(*) FROM sync_outbox)
                  + (SELECT count(*) FROM sync_seen) + (SELECT count(*) FROM sync_member)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 0, "nothing of the shared space stays behind");
    assert!(
        service::get_request(&b, &request, today()).is_ok(),
        "the data stays"
    );
    service::sync_round(&mut a, &mut sa).unwrap();
    assert!(
        service::get_request(&a, &last, today()).is_ok(),
        "what Bert wrote before stopping reached Anna"
    );

    // From now on nothing flows either way, and Bert's leaving removed no file.
    let before = files_in(&folder);
    assert!(!before.is_empty());
    let after_leaving = new_request(&mut b, "Na het stoppen, alleen hier");
    let status = service::sync_round(&mut b, &mut sb).unwrap();
    assert!(!status.shared, "{status:?}");
    let from_anna = new_request(&mut a, "Van Anna, na Berts vertrek");
    service::sync_round(&mut a, &mut sa).unwrap();
    let after = files_in(&folder);
    assert!(
        before.iter().all(|f| after.contains(f)),
        "every file is still there, unchanged"
    );
    assert!(service::get_request(&a, &after_leaving, today()).is_err());
    service::sync_round(&mut b, &mut sb).unwrap();
    assert!(service::get_request(&b, &from_anna, today()).is_err());
    let e = service::leave_council(&mut b, &mut sb, false).unwrap_err();
    assert_eq!(e.to_api().fields[0].field, "folder", "{e}");

    // Bert can come back: the council is taken in again, Anna's change with it.
    let back = service::join_council(&mut b, &mut sb, &folder, &passphrase, "Bert", true).unwrap();
    assert!(back.shared, "{back:?}");
    assert!(service::get_request(&b, &from_anna, today()).is_ok());
    assert!(service::get_request(&b, &request, today()).is_ok());
}

#[test]
fn stopping_while_the_folder_is_away_asks_first_because_the_others_would_miss_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut sa, _b, _sb, _) = pair(dir.path());
    let folder = dir.path().join("gedeeld");
    std::fs::rename(&folder, dir.path().join("weg")).unwrap();
    new_request(&mut a, "Onderweg geschreven");

    let e = service::leave_council(&mut a, &mut sa, false).unwrap_err();
    assert!(
        matches!(
            e,
            Error::LeaveWouldLose {
                reachable: false,
                ..
            }
        ),
        "{e}"
    );
    assert!(
        e.message_nl().contains("niet bereikbaar"),
        "{}",
        e.message_nl()
    );
    assert!(a.get_space().unwrap().is_some(), "nothing changed yet");

    let status = service::leave_council(&mut a, &mut sa, true).unwrap();
    assert!(!status.shared);
    assert_eq!(
        a.count_requests().unwrap(),
        1,
        "the work stays on this computer"
    );
}
