//! One letter built from fuzzed Markdown and fields, laid out as PDF/A by Typst: the letter or
//! a validation message, never a panic (a Typst markup injection would show up as a layout
//! error or a panic here).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../letter_input.rs"]
mod letter_input;

fuzz_target!(|text: &str| {
    let letter = letter_input::letter(text);
    let _ = advieswerk::letter::pdf::render(&letter);
});
