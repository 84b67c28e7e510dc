//! Preview renderer benchmark: a 5,000-word advice section (target ≤ 20 ms median) and
//! hostile inputs (deep nesting, 10 MB), through `markdown::render` as the preview uses it.
//!
//! Run: `cargo bench --bench markdown`.

mod common;

use advieswerk::markdown::{MAX_MARKDOWN_BYTES, render, stats};
use common::{measure, section};

fn main() {
    let text = section(5_000);
    println!(
        "section: {} words, {} bytes",
        stats(&text).words,
        text.len()
    );
    measure("preview of a 5,000-word section", Some(20.0), 200, |_| {
        render(&text).unwrap();
    });
    measure(
        "word and recommendation count, 5,000 words",
        None,
        200,
        |_| {
            stats(&text);
        },
    );
    for (label, unit) in [
        ("50,000 nested list items", "- "),
        ("50,000 nested quotes", "> "),
        ("50,000 unclosed emphasis", "*"),
    ] {
        let hostile = unit.repeat(50_000) + "tekst";
        measure(label, None, 20, |_| {
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
    measure("preview of ~10 MB (the accepted maximum)", None, 5, |_| {
        render(big).unwrap();
    });
}
