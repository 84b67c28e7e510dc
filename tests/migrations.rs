//! Migrations are append-only, checked against what a database ran, and never run without a
//! verified backup of an existing database.

use std::collections::BTreeMap;
use std::path::Path;

use advieswerk::store::migrations::{MIGRATIONS, Migration, checksum, latest_version};
use advieswerk::{Error, Store};
use rusqlite::Connection;

/// The migrations a database had before `name` came.
fn migrations_before(name: &str) -> Vec<Migration> {
    MIGRATIONS
        .iter()
        .take_while(|m| m.name != name)
        .map(|m| Migration {
            version: m.version,
            name: m.name,
            sql: m.sql,
        })
        .collect()
}

fn released() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/store/migrations/RELEASED");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, sum) = l.split_once(' ').unwrap();
            (name.to_owned(), sum.trim().to_owned())
        })
        .collect()
}

#[test]
fn released_migrations_are_never_edited_or_removed() {
    let released = released();
    assert!(!released.is_empty());
    for (name, sum) in &released {
        let m = MIGRATIONS
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| {
                panic!("released migration {name} was removed; migrations are append-only")
            });
        assert_eq!(
            &checksum(m.sql),
            sum,
            "released migration {name} was edited; add a new numbered migration instead"
        );
        let file = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("crates/store/migrations/{name}.sql"));
        assert_eq!(
            std::fs::read_to_string(file).unwrap(),
            m.sql,
            "{name}.sql differs from the embedded text"
        );
    }
    for m in MIGRATIONS {
        assert!(
            released.contains_key(m.name),
            "{} is embedded but not listed in migrations/RELEASED",
            m.name
        );
    }
}

#[test]
fn migrations_are_numbered_in_order_without_gaps() {
    for (i, m) in MIGRATIONS.iter().enumerate() {
        assert_eq!(m.version as usize, i + 1, "{}", m.name);
        assert!(
            m.name.starts_with(&format!("{:04}_", m.version)),
            "{}",
            m.name
        );
    }
}

#[test]
fn a_new_database_is_at_the_latest_version_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("db.sqlite3")).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    let conn = store.conn();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    let sync: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap();
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
}

#[test]
fn a_database_that_ran_an_edited_migration_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE schema_migration SET sha256 = 'edited' WHERE version = 1",
        [],
    )
    .unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path).map_err(Error::from) {
        Err(e @ Error::MigrationEdited { version: 1 }) => {
            assert!(e.message_nl().contains("niet gewijzigd"))
        }
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("opened a database whose migration history does not match"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_database_from_a_newer_version_is_refused_with_a_dutch_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO schema_migration (version, name, sha256, applied_at) VALUES (999, '0999_future', 'x', 'now')",
        [],
    )
    .unwrap();
    drop(conn);
    let err = Store::open(&path)
        .map_err(Error::from)
        .err()
        .expect("must refuse");
    assert!(
        matches!(err, Error::SchemaTooNew { found: 999, .. }),
        "{err}"
    );
    assert!(
        err.to_api()
            .message
            .contains("nieuwere versie van Advieswerk")
    );
}

#[test]
fn an_older_database_is_backed_up_and_verified_before_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let backups = dir.path().join("backups");
    {
        let mut store = Store::open(&path).unwrap();
        advieswerk::demo::load(&mut store, advieswerk::Clock::system().today()).unwrap();
    }
    assert!(!backups.exists(), "a brand-new database needs no backup");
    drop(Store::open(&path).unwrap());
    assert!(!backups.exists(), "an up-to-date database needs no backup");

    // The next release adds a migration.
    let next = Migration {
        version: latest_version() + 1,
        name: "9999_test_addition",
        sql: "ALTER TABLE advice_request ADD COLUMN test_addition TEXT NOT NULL DEFAULT 'x';",
    };
    let list: Vec<Migration> = MIGRATIONS
        .iter()
        .map(|m| Migration {
            version: m.version,
            name: m.name,
            sql: m.sql,
        })
        .chain([next])
        .collect();
    let store = Store::open_with_migrations(&path, &list).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version() + 1);
    let upgraded: i64 = store
        .conn()
        .query_row("SELECT count(test_addition) FROM advice_request", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(upgraded, 7);

    let found: Vec<_> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .to_string_lossy()
            .contains(&format!("voor-migratie-{}", latest_version() + 1))
    );
    let copy = Connection::open(&found[0]).unwrap();
    let version: u32 = copy
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let rows: i64 = copy
        .query_row("SELECT count(*) FROM advice_request", [], |r| r.get(0))
        .unwrap();
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        (version, rows, check.as_str()),
        (latest_version(), 7, "ok"),
        "the backup is the pre-migration database"
    );
}

#[test]
fn a_database_from_before_sharing_keeps_its_steps_and_shares_nothing_until_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let before = migrations_before("0008_sharing");
    let steps_before: Vec<(String, i64, String)> = {
        let store = Store::open_with_migrations(&path, &before).unwrap();
        // Written as that version's tables had them (today's use cases expect today's schema).
        let mut sql = String::new();
        for r in 1..=3 {
            sql.push_str(&format!(
                "INSERT INTO advice_request (id, subject, requester, kind, received_on, status,
                     created_at, updated_at, updated_by)
                 VALUES ('r{r}', 'Aanvraag {r}', 'College', 'asked', '2027-01-0{r}', 'adopted',
                     'x', 'x', 'x');"
            ));
            for (seq, status) in ["in_progress", "draft", "adopted"].iter().enumerate() {
                sql.push_str(&format!(
                    "INSERT INTO request_step (id, request_id, seq, status, on_date, recorded_at,
                         recorded_by)
                     VALUES ('s{r}{seq}', 'r{r}', {}, '{status}', '2027-02-0{r}', 'x', 'y');",
                    seq + 1
                ));
            }
        }
        store.conn().execute_batch(&sql).unwrap();
        let mut stmt = store
            .conn()
            .prepare("SELECT request_id, seq, status FROM request_step ORDER BY request_id, seq")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(steps_before.len() > 7);
    let store = Store::open(&path).unwrap();
    let mut stmt = store
        .conn()
        .prepare("SELECT request_id, seq, status FROM request_step ORDER BY request_id, seq")
        .unwrap();
    let steps_after: Vec<(String, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(steps_after, steps_before);
    // Two members' steps with one number are both kept now.
    let (request, seq) = (&steps_after[0].0, steps_after[0].1);
    store
        .conn()
        .execute(
            "INSERT INTO request_step (id, request_id, seq, status, on_date, recorded_at, recorded_by)
             VALUES ('tweede', ?1, ?2, 'in_progress', '2027-01-01', 'x', 'y')",
            rusqlite::params![request, seq],
        )
        .unwrap();
    let queued: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM sync_outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        queued, 0,
        "nothing is queued while the council is not shared"
    );
}

#[test]
fn a_shared_databases_document_snapshots_move_to_their_own_table_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let before = migrations_before("0009_field_conflicts");
    {
        let store = Store::open_with_migrations(&path, &before).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO sync_doc (name, snapshot, stored_version, sent_version)
                     VALUES ('raad', x'0102030405', x'aa', x'bb'), ('advies/x', NULL, x'cc', NULL);",
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let snapshots: Vec<(String, Vec<u8>)> = store
        .conn()
        .prepare("SELECT name, bytes FROM sync_doc_snapshot ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(snapshots, vec![("raad".to_string(), vec![1, 2, 3, 4, 5])]);
    let versions: Vec<(String, Vec<u8>, Option<Vec<u8>>)> = store
        .conn()
        .prepare("SELECT name, stored_version, sent_version FROM sync_doc ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        versions,
        vec![
            ("advies/x".to_string(), vec![0xcc], None),
            ("raad".to_string(), vec![0xaa], Some(vec![0xbb])),
        ]
    );
}

#[test]
fn a_database_from_before_the_region_keeps_its_sections_as_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let before = migrations_before("0010_region");
    {
        let store = Store::open_with_migrations(&path, &before).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO advice_request (id, subject, requester, kind, received_on, status,
                     created_at, updated_at, updated_by)
                 VALUES ('r1', 'Wmo', 'College', 'asked', '2027-01-01', 'draft', 'x', 'x', 'x');
                 INSERT INTO advice_section (id, request_id, position, title, scope, body,
                     updated_at, updated_by)
                 VALUES ('s1', 'r1', 1, 'A. Regionaal', 'regional', 'Onze tekst.', 'x', 'x');",
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let row: (String, Option<String>, Option<String>) = store
        .conn()
        .query_row(
            "SELECT body, regional_text_id, regional_body FROM advice_section WHERE id = 's1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(row, ("Onze tekst.".to_string(), None, None));
    assert!(store.get_region().unwrap().is_none());
    assert!(store.list_regional_texts().unwrap().is_empty());
}

#[test]
fn a_shared_database_from_before_region_authors_shares_them_from_then_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    {
        let store =
            Store::open_with_migrations(&path, &migrations_before("0011_region_authors")).unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO sync_space (id, folder, passphrase, device_id, member, created_at)
                 VALUES (1, '/tmp/x', 'p', 'd', 'Anna', 'x')",
                [],
            )
            .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert!(store.list_region_authors().unwrap().is_empty());
    store.upsert_region_author("t1", "Anna de Boer").unwrap();
    let queued: Vec<(String, String, String)> = {
        let mut stmt = store.conn().prepare("SELECT * FROM sync_outbox").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        queued,
        vec![(
            "region_author".to_string(),
            "t1".to_string(),
            "raad".to_string()
        )]
    );
}

#[test]
fn a_database_from_before_the_follow_up_keeps_its_requests_under_the_councils_term() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let today = advieswerk::date::parse("10-03-2027").unwrap();
    let id = advieswerk::RequestId::new("r-oud");
    {
        // Written as that version wrote it: the app of today reads columns it did not have.
        let store =
            Store::open_with_migrations(&path, &migrations_before("0012_follow_up")).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO advice_request (id, subject, requester, kind, received_on, status,
                     created_at, updated_at, updated_by)
                 VALUES ('r-oud', 'Van vóór de opvolging', 'College', 'asked', '2027-03-01',
                     'received', '2027-03-01T09:00:00.000Z', '2027-03-01T09:00:00.000Z', 'x');
                 INSERT INTO request_step (id, request_id, seq, status, on_date, recorded_at, recorded_by)
                 VALUES ('s-oud', 'r-oud', 1, 'received', '2027-03-01', '2027-03-01T09:00:00.000Z', 'x');",
            )
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let f = advieswerk::service::get_follow_up(&store, &id, today).unwrap();
    assert_eq!(f.reaction_term_days, None);
    assert!(f.recommendations.is_empty() && f.reaction.is_none() && f.commitments.is_empty());
    let r = advieswerk::service::get_request(&store, &id, today).unwrap();
    assert_eq!(r.subject, "Van vóór de opvolging");
}

#[test]
fn a_database_from_before_search_finds_what_it_already_held() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    {
        let store =
            Store::open_with_migrations(&path, &migrations_before("0013_documents")).unwrap();
        store
            .conn()
            .execute_batch(
                "INSERT INTO advice_request (id, subject, requester, kind, received_on, status,
                     created_at, updated_at, updated_by)
                 VALUES ('r-oud', 'Schuldhulpverlening vóór de zoekfunctie', 'College', 'asked',
                     '2026-03-01', 'received', 'x', 'x', 'x');
                 INSERT INTO advice_section (id, request_id, position, title, scope, body, updated_at, updated_by)
                 VALUES ('a-oud', 'r-oud', 1, 'Ons advies', 'local', 'Vroegsignalering van betalingsachterstanden.', 'x', 'x');",
            )
            .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let hits = |store: &mut Store, q: &str| {
        advieswerk::service::search(
            store,
            &advieswerk::service::SearchInput {
                query: q.into(),
                ..Default::default()
            },
        )
        .unwrap()
        .hits
        .into_iter()
        .map(|h| (h.request_id.into_string(), h.source_id))
        .collect::<Vec<_>>()
    };
    assert_eq!(
        hits(&mut store, "schuldhulpverlening"),
        [("r-oud".to_string(), "r-oud".to_string())]
    );
    assert_eq!(
        hits(&mut store, "betalingsachterstand"),
        [("r-oud".to_string(), "a-oud".to_string())]
    );
}
