//! Markdown → the sanitized preview HTML the webview shows. Besides not panicking, the output
//! must never carry a script, an event handler or a javascript: link, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(preview) = advieswerk::markdown::preview(text) {
        let html = preview.html.to_ascii_lowercase();
        assert!(!html.contains("<script"), "script in preview");
        assert!(!html.contains("javascript:"), "javascript: in preview");
        assert!(
            !html.split('<').skip(1).any(|tag| {
                let tag = tag.split('>').next().unwrap_or("");
                tag.split_whitespace().skip(1).any(|a| a.starts_with("on"))
            }),
            "event attribute in preview"
        );
    }
});
