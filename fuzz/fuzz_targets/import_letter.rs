//! The letter importer (front matter and `##` parts, as the published example): a letter or a
//! message naming the line or field, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = advieswerk::letter::parse(text);
});
