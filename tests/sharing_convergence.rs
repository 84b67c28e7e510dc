//! Nine members of one council making random changes while apart (inside one paragraph of one
//! section, register fields, status steps, milestones) and exchanging their files late, out of
//! order, twice, and as sync clients' conflict copies: all nine end with identical tables, and
//! every marker word somebody typed and nobody deleted is still in the text.
//!
//! Fixed seeds in CI; `ADVIESWERK_SYNC_SEEDS=200 cargo test --release --test
//! sharing_convergence` for a long run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use advieswerk::advice::SectionSave;
use advieswerk::request::{RequestInput, StepInput};
use advieswerk::service::{self, Sharing};
use advieswerk::status::Status;
use advieswerk::sync::key::Cost;
use advieswerk::{Clock, Store, date};

const MEMBERS: usize = 9;
const STEPS: usize = 160;

/// xorshift64*: a few lines, no dependency, the same sequence for a seed everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The files every member wrote, and each member's own copy of the folder.
struct Net {
    pool: BTreeMap<PathBuf, Vec<u8>>,
    views: Vec<PathBuf>,
}

impl Net {
    /// Takes the files member `i` wrote into its folder into the pool.
    fn collect(&mut self, i: usize) {
        let root = self.views[i].join("advieswerk");
        let Ok(devices) = std::fs::read_dir(&root) else {
            return;
        };
        for d in devices.flatten() {
            for f in std::fs::read_dir(d.path()).unwrap().flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                if name.contains(' ') {
                    continue;
                }
                let rel = f.path().strip_prefix(&self.views[i]).unwrap().to_path_buf();
                self.pool
                    .entry(rel)
                    .or_insert_with(|| std::fs::read(f.path()).unwrap());
            }
        }
    }

    /// Brings member `i` some (or all) of the pool's files it lacks, now and then with a sync
    /// client's conflict copy beside one.
    fn deliver(&self, i: usize, rng: &mut Rng, all: bool) {
        for (rel, bytes) in &self.pool {
            let to = self.views[i].join(rel);
            if to.exists() || !(all || rng.chance(40)) {
                continue;
            }
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::write(&to, bytes).unwrap();
            if rng.chance(5) {
                let stem = to.file_stem().unwrap().to_string_lossy().into_owned();
                let ext = to.extension().unwrap().to_string_lossy().into_owned();
                std::fs::write(to.with_file_name(format!("{stem} (1).{ext}")), bytes).unwrap();
            }
        }
    }
}

struct Member {
    store: Store,
    sharing: Sharing,
}

fn today() -> chrono::NaiveDate {
    date::parse("10-03-2027").unwrap()
}

fn open(path: &Path) -> Store {
    let mut s = Store::open(path).unwrap();
    s.set_clock(Clock::fixed(
        chrono::DateTime::parse_from_rfc3339("2027-03-10T09:00:00Z")
            .unwrap()
            .to_utc(),
    ));
    s
}

fn tables(s: &Store) -> Vec<String> {
    let mut out = vec![];
    for sql in [
        "SELECT id, subject, status, tenor, notes, our_reference, due_on FROM advice_request ORDER BY id",
        "SELECT id, request_id, seq, status, on_date, recorded_at FROM request_step ORDER BY id",
        "SELECT id, request_id, position, title, body, removed_at FROM advice_section ORDER BY id",
        "SELECT id, title, starts_on, ends_on, status, notes FROM milestone ORDER BY id",
        "SELECT id, name FROM track ORDER BY id",
        "SELECT id, name, chair FROM council ORDER BY id",
    ] {
        let mut stmt = s.conn().prepare(sql).unwrap();
        let n = stmt.column_count();
        out.extend(
            stmt.query_map([], |r| {
                (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map(|v| v.join(" | "))
            })
            .unwrap()
            .map(Result::unwrap),
        );
    }
    // What the register screen shows, through the use case.
    let page = service::register(
        s,
        &advieswerk::request::RegisterQuery {
            limit: 500,
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    out.extend(
        page.rows
            .iter()
            .map(|r| format!("{} {:?} {:?}", r.subject, r.status, r.plan.due_on)),
    );
    out
}

fn local_section(
    s: &Store,
    request: &advieswerk::RequestId,
) -> (advieswerk::SectionId, u32, String) {
    let sec = service::get_advice(s, request).unwrap().sections[2].clone();
    (sec.id, sec.version, sec.body)
}

fn run(seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let views: Vec<PathBuf> = (0..MEMBERS)
        .map(|i| dir.path().join(format!("map-{i}")))
        .collect();
    for v in &views {
        std::fs::create_dir(v).unwrap();
    }

    // Member 0 has a council with requests, their advice and a planning, and shares it.
    let mut first = open(&dir.path().join("lid-0.sqlite3"));
    let mut requests = vec![];
    for subject in ["Jeugdhulp", "Wmo-verordening", "Armoede"] {
        let r = service::create_request(
            &mut first,
            &RequestInput {
                requester: "College".into(),
                ..RequestInput::asked(subject, "01-03-2027")
            },
            today(),
        )
        .unwrap();
        service::open_advice(&mut first, &r.id).unwrap();
        let (id, version, _) = local_section(&first, &r.id);
        service::save_section(
            &mut first,
            &SectionSave {
                section_id: id,
                base_version: version,
                title: "B. Lokaal advies".into(),
                body: "De raad vraagt het college om de toegang voor inwoners te verbeteren."
                    .into(),
                checkpoint: false,
                base_body: None,
            },
        )
        .unwrap();
        requests.push(r.id);
    }
    let csv = "begin;eind;soort;wie;titel\n2027-04-01;;regionaal besluit;raad;Besluit inkoop\n2027-05-01;2027-05-20;inspraak;raden;Reactietermijn\n";
    service::import_planning(
        &mut first,
        csv,
        &advieswerk::planning::ImportTarget {
            track_id: None,
            new_track_name: "Inkoop".into(),
        },
        false,
    )
    .unwrap();
    let milestones: Vec<String> = {
        let mut stmt = first
            .conn()
            .prepare("SELECT id FROM milestone ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(milestones.len(), 2);

    let mut sharing = Sharing::with_cost(Cost::TEST);
    let shared = service::share_council(&mut first, &mut sharing, &views[0], "Lid 0").unwrap();
    let mut net = Net {
        pool: BTreeMap::new(),
        views: views.clone(),
    };
    net.collect(0);
    let header = std::fs::read(views[0].join(advieswerk::sync::folder::HEADER)).unwrap();
    let mut members = vec![Member {
        store: first,
        sharing,
    }];
    for (i, view) in views.iter().enumerate().skip(1) {
        std::fs::write(view.join(advieswerk::sync::folder::HEADER), &header).unwrap();
        net.deliver(i, &mut rng, true);
        let mut store = open(&dir.path().join(format!("lid-{i}.sqlite3")));
        let mut sharing = Sharing::with_cost(Cost::TEST);
        service::join_council(
            &mut store,
            &mut sharing,
            view,
            &shared.passphrase,
            &format!("Lid {i}"),
            false,
        )
        .unwrap();
        members.push(Member { store, sharing });
    }

    // Random work, rounds and deliveries.
    let mut markers: BTreeSet<String> = BTreeSet::new();
    for step in 0..STEPS {
        let i = rng.below(MEMBERS);
        let m = &mut members[i];
        let request = &requests[rng.below(requests.len())];
        match rng.below(6) {
            0 | 1 => {
                let (id, version, body) = local_section(&m.store, request);
                let mut words: Vec<String> = body.split(' ').map(str::to_owned).collect();
                if rng.chance(20) {
                    // Somebody deletes a word, never one holding a marker (merged edits may
                    // have joined a marker to its neighbour: no word of the text has an x).
                    let plain: Vec<usize> = (0..words.len())
                        .filter(|w| !words[*w].contains('x'))
                        .collect();
                    if plain.len() > 3 {
                        words.remove(plain[rng.below(plain.len())]);
                    }
                } else {
                    let marker = format!("m{i}x{step}");
                    words.insert(rng.below(words.len() + 1), marker.clone());
                    markers.insert(marker);
                }
                service::save_section(
                    &mut m.store,
                    &SectionSave {
                        section_id: id,
                        base_version: version,
                        title: "B. Lokaal advies".into(),
                        body: words.join(" "),
                        checkpoint: false,
                        base_body: None,
                    },
                )
                .unwrap();
            }
            2 => {
                m.store
                    .conn()
                    .execute(
                        "UPDATE advice_request SET notes = ?2, our_reference = ?3 WHERE id = ?1",
                        rusqlite::params![
                            request.as_str(),
                            format!("notitie van lid {i}"),
                            format!("ref-{step}")
                        ],
                    )
                    .unwrap();
            }
            3 => {
                let status = [Status::InProgress, Status::Draft][rng.below(2)];
                // The state machine may refuse a step from here; then nothing is recorded.
                let _ = service::add_step(
                    &mut m.store,
                    request,
                    &StepInput {
                        status,
                        on: "08-03-2027".into(),
                        reference: String::new(),
                        tenor: None,
                        note: String::new(),
                    },
                    today(),
                );
            }
            4 => {
                let ms = &milestones[rng.below(milestones.len())];
                m.store
                    .conn()
                    .execute(
                        "UPDATE milestone SET title = ?2, starts_on = ?3, ends_on = NULL WHERE id = ?1",
                        rusqlite::params![
                            ms,
                            format!("Mijlpaal door lid {i}"),
                            format!("2027-06-{:02}", 1 + rng.below(28))
                        ],
                    )
                    .unwrap();
            }
            _ => {
                service::sync_round(&mut m.store, &mut m.sharing).unwrap();
                net.collect(i);
                // Files reach the others late and in pieces; one member hears nothing for a while.
                let deaf = rng.below(MEMBERS);
                for j in 0..MEMBERS {
                    if j != i && j != deaf {
                        net.deliver(j, &mut rng, false);
                    }
                }
            }
        }
    }

    // Everybody back online: rounds until every member has every file.
    for _ in 0..3 {
        for (i, m) in members.iter_mut().enumerate() {
            service::sync_round(&mut m.store, &mut m.sharing).unwrap();
            net.collect(i);
        }
        for i in 0..MEMBERS {
            net.deliver(i, &mut rng, true);
        }
    }
    for m in &mut members {
        let status = service::sync_round(&mut m.store, &mut m.sharing).unwrap();
        assert!(status.refusals.is_empty(), "seed {seed}: {status:?}");
        assert!(status.problems.is_empty(), "seed {seed}: {status:?}");
        assert_eq!(status.unsent, 0, "seed {seed}: {status:?}");
    }

    let reference = tables(&members[0].store);
    for (i, m) in members.iter().enumerate().skip(1) {
        let state = tables(&m.store);
        assert_eq!(
            state, reference,
            "seed {seed}: member {i} differs from member 0"
        );
    }
    // Fields set side by side are the same on every member: the same fields, the same values.
    let conflicts = |s: &Store| -> Vec<String> {
        service::list_conflicts(s, None)
            .unwrap()
            .into_iter()
            .map(|c| {
                let mut values: Vec<String> = c
                    .choices
                    .iter()
                    .map(|x| format!("{}={}", x.member, x.shown))
                    .collect();
                values.sort();
                format!(
                    "{} {} {}: {}",
                    c.table,
                    c.record_id,
                    c.field,
                    values.join(", ")
                )
            })
            .collect()
    };
    let reference_conflicts = conflicts(&members[0].store);
    eprintln!(
        "seed {seed}: {} field(s) set side by side",
        reference_conflicts.len()
    );
    assert!(
        !reference_conflicts.is_empty(),
        "seed {seed}: members set the same fields apart, yet no conflict was found"
    );
    for (i, m) in members.iter().enumerate().skip(1) {
        assert_eq!(
            conflicts(&m.store),
            reference_conflicts,
            "seed {seed}: member {i}'s conflicts differ from member 0's"
        );
    }
    // A member who joins afterwards ends with the same tables and the same open conflicts.
    let mut late = open(&dir.path().join("lid-laat.sqlite3"));
    service::join_council(
        &mut late,
        &mut Sharing::with_cost(Cost::TEST),
        &views[0],
        &shared.passphrase,
        "Laat lid",
        false,
    )
    .unwrap();
    assert_eq!(
        tables(&late),
        reference,
        "seed {seed}: the late joiner differs"
    );
    assert_eq!(
        conflicts(&late),
        reference_conflicts,
        "seed {seed}: the late joiner's conflicts differ from member 0's"
    );
    let texts: String = requests
        .iter()
        .map(|r| local_section(&members[0].store, r).2)
        .collect::<Vec<_>>()
        .join("\n");
    for marker in &markers {
        assert!(
            texts.contains(marker.as_str()),
            "seed {seed}: {marker} was lost:\n{texts}"
        );
    }
    assert!(
        markers.len() > 10,
        "seed {seed}: the run typed too little to mean anything"
    );
    for m in &members {
        let check: String = m
            .store
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }
}

#[test]
fn nine_members_working_apart_converge_and_lose_no_typed_word() {
    let seeds: u64 = std::env::var("ADVIESWERK_SYNC_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    for seed in 1..=seeds {
        run(seed);
    }
}
