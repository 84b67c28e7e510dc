//! Markdown → the sanitized preview HTML the webview shows. Besides not panicking, no tag in the
//! output may be a script, carry an event handler or point at a javascript: URL, whatever the
//! input. Text may mention these (it reaches the page escaped), so only tags are checked, and
//! attribute values are read as the browser would: character references decoded, tabs and
//! newlines dropped.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// An attribute value as the browser's URL parser sees it.
fn as_browser_reads(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').unwrap_or(0);
        let entity = &rest[1..end.max(1)];
        let decoded = match entity {
            "colon" => Some(':'),
            "Tab" | "NewLine" => Some(' '),
            _ if entity.starts_with("#x") || entity.starts_with("#X") => {
                u32::from_str_radix(&entity[2..], 16).ok().and_then(char::from_u32)
            }
            _ if entity.starts_with('#') => entity[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) if end > 0 => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

fuzz_target!(|text: &str| {
    if let Ok(preview) = advieswerk::markdown::preview(text) {
        // Text is escaped, so every '<' left in the HTML opens a real tag.
        for tag in preview.html.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or("");
            let lower = tag.to_ascii_lowercase();
            assert!(!lower.starts_with("script"), "script in preview: <{tag}>");
            assert!(
                !lower.split_whitespace().skip(1).any(|a| a.starts_with("on")),
                "event attribute in preview: <{tag}>"
            );
            assert!(
                !as_browser_reads(tag).contains("javascript:"),
                "javascript: URL in preview: <{tag}>"
            );
        }
    }
});
