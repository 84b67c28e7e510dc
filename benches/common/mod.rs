//! What the benchmarks share: timing with median/p95 against a target, a deterministic
//! generator, and an advice section as councils write them.
#![allow(dead_code)] // each bench uses its own part

use std::time::{Duration, Instant};

use advieswerk::Store;
use chrono::NaiveDate;

/// Runs `f` a few times to warm caches, then `iterations` times, and prints the median, the
/// 95th percentile and the slowest run; the median is compared with `target_ms`.
pub fn measure(label: &str, target_ms: Option<f64>, iterations: usize, mut f: impl FnMut(usize)) {
    for i in 0..3 {
        f(i);
    }
    let mut times: Vec<Duration> = (0..iterations)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = ms(times[times.len() / 2]);
    let p95 = ms(times[times.len() * 95 / 100]);
    let max = ms(times[times.len() - 1]);
    let verdict = match target_ms {
        Some(t) if median <= t => format!("target ≤ {t} ms: met"),
        Some(t) => format!("target ≤ {t} ms: MISSED"),
        None => String::new(),
    };
    println!(
        "{label:<52} median {median:>8.3} ms   p95 {p95:>8.3} ms   max {max:>8.3} ms   {verdict}"
    );
}

/// The benchmark's database: `ADVIESWERK_BENCH_DB` keeps the filled database, and given one that
/// exists the bench measures on it without filling again; else a new file in `dir`. Returns the
/// path and whether it was filled already.
pub fn bench_db(dir: &std::path::Path) -> (std::path::PathBuf, bool) {
    let path = std::env::var_os("ADVIESWERK_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.join("bench.sqlite3"));
    let filled = path.exists();
    (path, filled)
}

/// A small deterministic generator, so every run measures the same data.
pub struct Lcg(pub u64);
impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// An advice section as councils write them: paragraphs, numbered recommendations with
/// sub-points, emphasis, a link and a footnote; repeated to `words` words.
pub fn section(words: u32) -> String {
    let block = "Het college vraagt de adviesraad om advies over de **regionale inkoop** van specialistische \
jeugdhulp. De adviesraad waardeert de zorgvuldige voorbereiding en wil *drie punten* benadrukken.[^1]\n\n\
1. Zorg dat jeugdigen en ouders **tijdig** worden geïnformeerd over veranderingen in hun hulp.\n   \
- Betrek cliëntvertegenwoordigers bij de uitwerking.\n   - Leg vast hoe signalen worden opgevolgd.\n\
2. Houd de toegang laagdrempelig, ook voor gezinnen met *meervoudige* problemen.\n\
3. Monitor de wachttijden per aanbieder en rapporteer daarover aan de raad, zie \
[de regiovisie](https://example.org/regiovisie).\n\n[^1]: Zie ook het advies van vorig jaar.\n\n";
    let per_block = advieswerk::markdown::stats(block).words.max(1);
    block.repeat((words / per_block + 1) as usize)
}

const WORDS: [&str; 16] = [
    "Beleidsplan",
    "Jeugdhulp",
    "Wmo",
    "verordening",
    "armoede",
    "schulden",
    "participatie",
    "mantelzorg",
    "wonen",
    "zorg",
    "inkoop",
    "regionaal",
    "minima",
    "vervoer",
    "dagbesteding",
    "beschermd",
];

/// Fills `store` (holding the example council) with `n` requests spread over six years, older
/// ones further along in their life, through the real use cases; returns their ids.
pub fn fill_register(store: &mut Store, n: usize, today: NaiveDate) -> Vec<advieswerk::RequestId> {
    use advieswerk::request::{RequestInput, RequestKind, StepInput};
    use advieswerk::status::{Status, Tenor};
    use advieswerk::{date, service};
    use chrono::Days;
    let council = service::get_council(store).unwrap();
    // Filling is not what is measured; durability is relaxed only while filling.
    store
        .conn()
        .execute_batch("PRAGMA synchronous = OFF")
        .unwrap();
    let mut rng = Lcg(42);
    let mut ids = Vec::with_capacity(n);
    // The main line of an advice after `Received`, in order (`Status::ALL` is in life order).
    let path_steps = &Status::ALL[1..7];
    for i in 0..n {
        let received = today - Days::new(rng.below(6 * 365));
        let subject = format!(
            "{} {} {} {}",
            WORDS[rng.below(16) as usize],
            WORDS[rng.below(16) as usize],
            WORDS[rng.below(16) as usize],
            i
        );
        let requested_by = (rng.below(3) > 0).then(|| received + Days::new(20 + rng.below(60)));
        let theme = &council.themes[rng.below(council.themes.len() as u64) as usize];
        let group =
            &council.working_groups[rng.below(council.working_groups.len() as u64) as usize];
        let r = service::create_request(
            store,
            &RequestInput {
                subject,
                requester: "College van B en W".into(),
                kind: if rng.below(5) == 0 {
                    RequestKind::Unasked
                } else {
                    RequestKind::Asked
                },
                theme_id: Some(theme.id.clone()),
                working_group_id: Some(group.id.clone()),
                received_on: date::iso(received),
                requested_by: requested_by.map(date::iso).unwrap_or_default(),
                municipality_reference: format!(
                    "Z/{}/{:06}",
                    20 + rng.below(7),
                    rng.below(1_000_000)
                ),
                case_number: String::new(),
                our_reference: format!("{}-{:03}", 2020 + rng.below(7), i % 1000),
                notes: String::new(),
                confidential: false,
            },
            today,
        )
        .expect("create");
        // Older requests are further along in their life.
        let age = (today - received).num_days().max(0) as u64;
        let steps = ((age / 30) as usize).min(path_steps.len());
        for (k, status) in path_steps.iter().take(steps).enumerate() {
            let on = received + Days::new((k as u64 + 1) * age / (steps as u64 + 1));
            service::add_step(
                store,
                &r.id,
                &StepInput {
                    status: *status,
                    on: date::iso(on),
                    reference: String::new(),
                    tenor: (*status == Status::Adopted).then_some(Tenor::Positive),
                    note: String::new(),
                },
                today,
            )
            .expect("step");
        }
        ids.push(r.id);
    }
    store
        .conn()
        .execute_batch("PRAGMA synchronous = FULL; PRAGMA optimize;")
        .unwrap();
    ids
}
