//! Preview renderer benchmark: a 5,000-word advice section (target ≤ 20 ms median) and
//! hostile inputs (deep nesting, 10 MB), through `markdown::render` as the preview uses it.
//!
//! Run: `cargo bench --bench markdown`.

use std::time::{Duration, Instant};

use advieswerk::markdown::{MAX_MARKDOWN_BYTES, render, stats};

fn measure(label: &str, target_ms: Option<f64>, iterations: usize, mut f: impl FnMut()) {
    f();
    let mut times: Vec<Duration> = (0..iterations)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let verdict = match target_ms {
        Some(t) if ms(times[times.len() / 2]) <= t => format!("target ≤ {t} ms: met"),
        Some(t) => format!("target ≤ {t} ms: MISSED"),
        None => String::new(),
    };
    println!(
        "{label:<46} median {:>9.3} ms   max {:>9.3} ms   {verdict}",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}

/// An advice section as councils write them: paragraphs, numbered recommendations with
/// sub-points, emphasis, a link and a footnote; repeated to `words` words.
fn section(words: u32) -> String {
    let block = "Het college vraagt de adviesraad om advies over de **regionale inkoop** van specialistische \
jeugdhulp. De adviesraad waardeert de zorgvuldige voorbereiding en wil *drie punten* benadrukken.[^1]\n\n\
1. Zorg dat jeugdigen en ouders **tijdig** worden geïnformeerd over veranderingen in hun hulp.\n   \
- Betrek cliëntvertegenwoordigers bij de uitwerking.\n   - Leg vast hoe signalen worden opgevolgd.\n\
2. Houd de toegang laagdrempelig, ook voor gezinnen met *meervoudige* problemen.\n\
3. Monitor de wachttijden per aanbieder en rapporteer daarover aan de raad, zie \
[de regiovisie](https://example.org/regiovisie).\n\n[^1]: Zie ook het advies van vorig jaar.\n\n";
    let per_block = stats(block).words.max(1);
    block.repeat((words / per_block + 1) as usize)
}

fn main() {
    let text = section(5_000);
    println!(
        "section: {} words, {} bytes",
        stats(&text).words,
        text.len()
    );
    measure("preview of a 5,000-word section", Some(20.0), 200, || {
        render(&text).unwrap();
    });
    measure(
        "word and recommendation count, 5,000 words",
        None,
        200,
        || {
            stats(&text);
        },
    );
    for (label, unit) in [
        ("50,000 nested list items", "- "),
        ("50,000 nested quotes", "> "),
        ("50,000 unclosed emphasis", "*"),
    ] {
        let hostile = unit.repeat(50_000) + "tekst";
        measure(label, None, 20, || {
            render(&hostile).unwrap();
        });
    }
    let big = section(1_500_000);
    let mut end = big.len().min(MAX_MARKDOWN_BYTES);
    while !big.is_char_boundary(end) {
        end -= 1;
    }
    let big = &big[..end];
    println!(
        "largest accepted text: {:.1} MB",
        big.len() as f64 / 1_048_576.0
    );
    measure("preview of ~10 MB (the accepted maximum)", None, 5, || {
        render(big).unwrap();
    });
}
