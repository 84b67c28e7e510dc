//! The planning CSV importer: every input gives rows and per-line problems or one clear error,
//! never a panic; a row it accepts has a title and does not end before it starts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok((rows, _problems)) = advieswerk::planning::parse_planning_csv(text) {
        for row in rows {
            assert!(
                !row.title.trim().is_empty(),
                "row {} without a title",
                row.line
            );
            assert!(
                row.ends_on.is_none_or(|end| end >= row.starts_on),
                "row {} ends before it starts",
                row.line
            );
        }
    }
});
