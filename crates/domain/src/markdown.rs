//! Markdown → HTML for the advice text, the one renderer the editor preview and (later) the
//! letter export share. User text never becomes markup: raw HTML in the Markdown is shown as
//! text, only http/https/mailto links survive, images become their alt text, and the result
//! passes through ammonia as a second layer.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// Past this size the preview refuses instead of rendering (a 5,000-word section is ~35 kB).
pub const MAX_MARKDOWN_BYTES: usize = 10 * 1024 * 1024;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

fn allowed_link(dest: &str) -> bool {
    let d = dest.trim().to_ascii_lowercase();
    d.starts_with("http://") || d.starts_with("https://") || d.starts_with("mailto:")
}

/// Block containers (quotes, lists, items) deeper than this are flattened: their content is
/// kept, their nesting is not. Sanitizing HTML is quadratic in nesting depth (50,000 nested
/// list items took 49 s); no advice nests anywhere near this deep.
pub const MAX_NESTING: usize = 32;

fn is_container(tag: &Tag) -> bool {
    matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item)
}

fn is_container_end(tag: &TagEnd) -> bool {
    matches!(tag, TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item)
}

/// The events of `text` with everything unsafe turned into plain text.
fn safe_events(text: &str) -> impl Iterator<Item = Event<'_>> {
    // Links with a refused scheme are dropped but keep their text; track which ends to drop.
    let mut dropped_links = 0usize;
    // One entry per open container: whether it was flattened (its end must be dropped too).
    let mut containers: Vec<bool> = Vec::new();
    let mut kept_depth = 0usize;
    Parser::new_ext(text, options()).filter_map(move |ev| match ev {
        Event::Start(tag) if is_container(&tag) => {
            let kept = kept_depth < MAX_NESTING;
            kept_depth += usize::from(kept);
            containers.push(!kept);
            kept.then_some(Event::Start(tag))
        }
        Event::End(tag) if is_container_end(&tag) => {
            let flattened = containers.pop().unwrap_or(false);
            kept_depth -= usize::from(!flattened);
            (!flattened).then_some(Event::End(tag))
        }
        Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
        Event::Start(Tag::Link { dest_url, .. }) if !allowed_link(&dest_url) => {
            dropped_links += 1;
            None
        }
        Event::End(TagEnd::Link) if dropped_links > 0 => {
            dropped_links -= 1;
            None
        }
        // An image shows as its alt text (the events between start and end).
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    })
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"))
        .rm_tags(["img"])
        // Footnote references and definitions link by id; keep ids, nothing else.
        .add_tag_attributes("sup", ["id"])
        .add_tag_attributes("div", ["id", "class"])
        .add_tag_attributes("a", ["id"])
        .id_prefix(Some("fn-"));
    b
}

/// A text too large to render (over `MAX_MARKDOWN_BYTES`); its size in bytes. Its text is a
/// Dutch sentence for the field that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge(pub usize);

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "De tekst is te groot om te tonen ({} MB; maximaal {} MB).",
            self.0 / (1024 * 1024),
            MAX_MARKDOWN_BYTES / (1024 * 1024)
        )
    }
}

impl std::error::Error for TooLarge {}

/// Renders Markdown to sanitized HTML.
pub fn render(text: &str) -> Result<String, TooLarge> {
    if text.len() > MAX_MARKDOWN_BYTES {
        return Err(TooLarge(text.len()));
    }
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, safe_events(text));
    // The sanitizer prefixes every id (`fn-`); the footnote markers must point at the prefixed
    // ids. Only footnote markers link within the page: a written `[x](#y)` link is dropped.
    Ok(sanitizer()
        .clean(&out)
        .to_string()
        .replace("href=\"#", "href=\"#fn-"))
}

/// The preview shows at most this much of a section: enough for any real advice (some 40,000
/// words), small enough that the window shows it well within two seconds. The letter export
/// always renders the whole text.
pub const PREVIEW_MAX_BYTES: usize = 256 * 1024;

/// What the preview pane shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub html: String,
    /// Only the beginning of the text is shown (it is longer than `PREVIEW_MAX_BYTES`).
    pub truncated: bool,
}

/// Renders the preview of a section: the whole text, or for a very long one its beginning up
/// to the last paragraph break within `PREVIEW_MAX_BYTES`.
pub fn preview(text: &str) -> Result<Preview, TooLarge> {
    if text.len() > MAX_MARKDOWN_BYTES {
        // Same refusal as `render`, before any cutting hides the size.
        return render(text).map(|html| Preview {
            html,
            truncated: false,
        });
    }
    if text.len() <= PREVIEW_MAX_BYTES {
        return render(text).map(|html| Preview {
            html,
            truncated: false,
        });
    }
    let head = &text[..text.floor_char_boundary(PREVIEW_MAX_BYTES)];
    let cut = head.rfind("\n\n").unwrap_or(head.len());
    Ok(Preview {
        html: render(&text[..cut])?,
        truncated: true,
    })
}

/// Word count and the number of recommendations (top-level items of numbered lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TextStats {
    pub words: u32,
    pub recommendations: u32,
}

pub fn stats(text: &str) -> TextStats {
    let mut s = TextStats::default();
    // Stack of open lists: true for an ordered one.
    let mut lists: Vec<bool> = Vec::new();
    let mut in_word = false;
    for ev in Parser::new_ext(text, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => {
                count_words(&t, &mut s.words, &mut in_word);
                continue;
            }
            Event::Start(Tag::List(first)) => lists.push(first.is_some()),
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) if lists.len() == 1 && lists[0] => s.recommendations += 1,
            _ => {}
        }
        // Any structure (paragraph, item, break) ends a word.
        in_word = false;
    }
    s
}

fn count_words(t: &CowStr, words: &mut u32, in_word: &mut bool) {
    for c in t.chars() {
        if c.is_alphanumeric() {
            if !*in_word {
                *words += 1;
                *in_word = true;
            }
        } else if c.is_whitespace() {
            *in_word = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_footnote_marker_points_at_its_note() {
        let html = render("Zie de noot.[^1] En [eigen](#1) link.\n\n[^1]: De noot zelf.").unwrap();
        let href = html
            .split("href=\"#")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(
            html.contains(&format!("id=\"{href}\"")),
            "the marker points at #{href}, which is not an id: {html}"
        );
        assert_eq!(html.matches("href=\"#").count(), 1, "{html}");
    }

    #[test]
    fn raw_html_is_shown_as_text_never_as_markup() {
        let html = render("Hallo <script>alert(1)</script> en <img src=x onerror=alert(1)>\n\n<div onclick=x>blok</div>").unwrap();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<div onclick"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn only_web_and_mail_links_survive() {
        let html = render("[eerste](javascript:alert(1)) [tweede](https://example.org) [derde](mailto:x@y.nl) [vierde](data:text/html,x) [vijfde](JaVaScRiPt:x)").unwrap();
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(
            html.contains("href=\"https://example.org\"")
                && html.contains("href=\"mailto:x@y.nl\""),
            "{html}"
        );
        assert!(
            html.contains(">tweede</a>") && html.contains(">derde</a>"),
            "{html}"
        );
        for t in ["eerste", "vierde", "vijfde"] {
            assert!(html.contains(t), "the text of a refused link stays: {html}");
            assert!(
                !html.contains(&format!(">{t}</a>")),
                "{t} is still a link: {html}"
            );
        }
        assert_eq!(html.matches("<a ").count(), 2, "{html}");
    }

    #[test]
    fn ordinary_nesting_is_kept_and_only_absurd_depth_is_flattened() {
        let three = render("- a\n  - b\n    - c\n").unwrap();
        assert_eq!(three.matches("<ul>").count(), 3, "{three}");
        let deep = render(&("- ".repeat(MAX_NESTING * 3) + "kern")).unwrap();
        assert_eq!(deep.matches("<ul>").count(), MAX_NESTING / 2, "{deep}");
        assert!(deep.contains("kern"));
    }

    #[test]
    fn recommendations_are_the_top_level_numbered_points() {
        let text = "Inleiding met vijf woorden.\n\n1. Eerste advies\n   - sub a\n   - sub b\n2. Tweede advies\n   1. genest\n\n- los punt\n";
        let s = stats(text);
        assert_eq!(s.recommendations, 2);
        assert_eq!(s.words, 4 + 2 + 2 + 2 + 2 + 1 + 2);
    }
}
