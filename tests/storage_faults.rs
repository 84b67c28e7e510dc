//! A full disk and a read-only database, for real: the database lives on a tiny tmpfs that is
//! filled up or mounted read-only. Needs root (CI runs as root); elsewhere set
//! `ADVIESWERK_SKIP_MOUNT_TESTS=1` to skip these with a printed notice.

#[path = "support/tmpfs.rs"]
mod tmpfs;

use advieswerk::advice::{SectionSave, SectionScope};
use advieswerk::error::ErrorCode;
use advieswerk::request::RequestInput;
use advieswerk::{Error, Store, service};
use tmpfs::{Tmpfs, fill};

fn request_with_regional_section(s: &mut Store) -> advieswerk::SectionId {
    let today = advieswerk::Clock::system().today();
    let r = service::create_request(
        s,
        &RequestInput::asked("Schijftest", &advieswerk::date::iso(today)),
        today,
    )
    .unwrap();
    let a = service::open_advice(s, &r.id).unwrap();
    a.sections
        .iter()
        .find(|x| x.scope == SectionScope::Regional)
        .unwrap()
        .id
        .clone()
}

fn save(id: &advieswerk::SectionId, version: u32, body: &str) -> SectionSave {
    SectionSave {
        section_id: id.clone(),
        base_version: version,
        title: "A. Regionaal advies".into(),
        body: body.into(),
        checkpoint: false,
        base_body: None,
    }
}

fn integrity(s: &Store) -> String {
    s.conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_full_disk_refuses_the_save_with_a_dutch_message_keeps_a_copy_and_loses_nothing() {
    let Some(fs) = Tmpfs::mount("2m") else { return };
    let rescue = tempfile::tempdir().unwrap();
    let db = fs.path().join("advieswerk.sqlite3");
    let mut s = Store::open(&db).unwrap();
    let id = request_with_regional_section(&mut s);
    let saved =
        service::save_section(&mut s, &save(&id, 1, "Eerste versie van de tekst.")).unwrap();

    let filler = fill(fs.path());
    let big = "Dit advies is te groot voor de volle schijf. ".repeat(20_000);
    let err = service::save_section_or_rescue(
        &mut s,
        &save(&id, saved.version, &big),
        &[rescue.path().to_path_buf()],
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::DiskFull, "{err}");
    let message = err.message_nl();
    assert!(message.contains("De schijf is vol"), "{message}");
    let Error::NotSaved {
        rescued_to: Some(copy),
        ..
    } = &err
    else {
        panic!("no emergency copy: {err:?}")
    };
    assert!(message.contains(&copy.display().to_string()));
    assert!(std::fs::read_to_string(copy).unwrap().ends_with(&big));

    // The confirmed text is there, in the open store and after reopening.
    assert_eq!(
        s.get_section(&id).unwrap().body,
        "Eerste versie van de tekst."
    );
    drop(s);
    let mut s = Store::open(&db).unwrap();
    assert_eq!(integrity(&s), "ok");
    assert_eq!(
        s.get_section(&id).unwrap().body,
        "Eerste versie van de tekst."
    );

    // With room again, the same save goes through.
    std::fs::remove_file(filler).unwrap();
    let version = s.get_section(&id).unwrap().version;
    service::save_section(&mut s, &save(&id, version, &big)).unwrap();
    assert_eq!(s.get_section(&id).unwrap().body, big);
}

#[test]
fn a_read_only_database_is_refused_with_a_dutch_message_and_left_untouched() {
    let Some(fs) = Tmpfs::mount("4m") else { return };
    let db = fs.path().join("advieswerk.sqlite3");
    let id = {
        let mut s = Store::open(&db).unwrap();
        let id = request_with_regional_section(&mut s);
        service::save_section(&mut s, &save(&id, 1, "Vastgelegde tekst.")).unwrap();
        id
    };
    let before = std::fs::read(&db).unwrap();
    fs.remount_read_only();

    let err = Store::open(&db)
        .map_err(advieswerk::Error::from)
        .err()
        .expect("a read-only database must not open for writing");
    assert_eq!(err.code(), ErrorCode::ReadOnly, "{err}");
    assert!(
        err.message_nl().contains("kan niet worden beschreven"),
        "{}",
        err.message_nl()
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file changed");

    // Copied somewhere writable, the same file opens and holds the text.
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(&db, copy.path().join("kopie.sqlite3")).unwrap();
    let s = Store::open(copy.path().join("kopie.sqlite3")).unwrap();
    assert_eq!(integrity(&s), "ok");
    assert_eq!(s.get_section(&id).unwrap().body, "Vastgelegde tekst.");
}
