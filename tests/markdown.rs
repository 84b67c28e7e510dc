//! Hostile Markdown through the renderer the preview and the letter use: it finishes, it does
//! not crash, and nothing executable comes out.

use advieswerk::markdown::{MAX_MARKDOWN_BYTES, render, stats};

/// Checks every real tag of the output (user text is escaped to `&lt;`, so every `<` opens a
/// tag the renderer made): only harmless elements, no event handlers, no script URLs.
fn assert_inert(html: &str) {
    const ALLOWED: [&str; 30] = [
        "p",
        "em",
        "strong",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "sup",
        "div",
        "span",
        "input",
        "s",
    ];
    for tag in html.split('<').skip(1) {
        let tag = &tag[..tag.find('>').expect("unclosed tag")];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            ALLOWED.contains(&name.to_lowercase().as_str()),
            "element <{tag}> in output"
        );
        let lower = tag.to_lowercase();
        assert!(
            !lower.contains("javascript:") && !lower.contains("data:"),
            "script URL in <{tag}>"
        );
        assert!(
            !lower
                .split_whitespace()
                .skip(1)
                .any(|attr| attr.starts_with("on")),
            "event handler in <{tag}>"
        );
        assert!(!lower.contains("style="), "inline style in <{tag}>");
    }
}

#[test]
fn script_event_handler_svg_and_mathml_tricks_come_out_inert() {
    let attacks = [
        "<script>window.__TAURI_INTERNALS__.invoke('delete_request')</script>",
        "<img src=x onerror=\"alert(1)\">",
        "<svg><script>alert(1)</script></svg>",
        "<svg/onload=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "[klik](javascript&#58;alert(1))",
        "[klik](  javascript:alert(1))",
        "<a href=\"javascript:alert(1)\">x</a>",
        "![x\" onerror=\"alert(1)](https://example.org/x.png)",
        "<iframe src=\"https://example.org\"></iframe>",
        "`<script>` in code en ```\n<script>alert(1)</script>\n```",
        "<details open ontoggle=alert(1)>",
    ];
    for a in attacks {
        assert_inert(&render(a).unwrap());
    }
}

#[test]
fn deeply_nested_input_renders_without_crashing() {
    for unit in ["> ", "- ", "1. ", "*", "[", "<div>"] {
        let text = unit.repeat(50_000) + "tekst";
        let html = render(&text).unwrap();
        assert_inert(&html);
        stats(&text);
    }
}

#[test]
fn ten_megabytes_render_and_more_is_refused_with_a_message() {
    let para = "Het college wordt geadviseerd om **de toegang** tot jeugdhulp te verbeteren. ";
    let text = para.repeat((MAX_MARKDOWN_BYTES - 1024) / para.len());
    let html = render(&text).unwrap();
    assert!(html.len() > text.len() / 2);
    let too_big = "x".repeat(MAX_MARKDOWN_BYTES + 1);
    let msg = render(&too_big).unwrap_err().to_string();
    assert!(msg.contains("te groot"), "{msg}");
}
