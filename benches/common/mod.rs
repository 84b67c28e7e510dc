//! What the benchmarks share: timing with median/p95 against a target, a deterministic
//! generator, and an advice section as councils write them.
#![allow(dead_code)] // each bench uses its own part

use std::time::{Duration, Instant};

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
