//! One letter built from fuzzed Markdown and fields, rendered as .docx and as standalone HTML:
//! no panic, and the HTML never carries a script.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../letter_input.rs"]
mod letter_input;

fuzz_target!(|text: &str| {
    let letter = letter_input::letter(text);
    let _ = advieswerk::letter::docx::render(&letter);
    let html = advieswerk::letter::html::render(&letter).to_ascii_lowercase();
    assert!(!html.contains("<script"), "script in letter HTML");
});
