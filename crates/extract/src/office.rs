//! Word (.docx) and OpenDocument (.odt) text: the document part of the zip, read as a stream of
//! XML events. What one part may unpack to is capped, so a zip bomb is refused, not unpacked.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::{Error, Kind, MAX_UNPACKED_BYTES, Result};

pub(crate) fn docx(bytes: &[u8]) -> Result<String> {
    let xml = part(bytes, Kind::Docx, "word/document.xml")?;
    text_of(&xml, Kind::Docx, &Tags::DOCX)
}

pub(crate) fn odt(bytes: &[u8]) -> Result<String> {
    let xml = part(bytes, Kind::Odt, "content.xml")?;
    text_of(&xml, Kind::Odt, &Tags::ODT)
}

/// One entry of the zip, unpacked to at most `MAX_UNPACKED_BYTES` (the size the entry claims is
/// not trusted: the reading stops there).
fn part(bytes: &[u8], kind: Kind, name: &str) -> Result<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Error::damaged(kind, e))?;
    let entry = zip
        .by_name(name)
        .map_err(|_| Error::damaged(kind, format!("het deel {name} ontbreekt")))?;
    let mut out = Vec::new();
    entry
        .take(MAX_UNPACKED_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::damaged(kind, e))?;
    if out.len() as u64 > MAX_UNPACKED_BYTES {
        return Err(Error::Bomb { kind });
    }
    Ok(out)
}

/// The element names that carry text, end a paragraph or stand for white space.
struct Tags {
    text: &'static [&'static str],
    paragraph: &'static [&'static str],
    tab: &'static [&'static str],
    line: &'static [&'static str],
    /// ODF's <text:s text:c="3"/>: that many spaces.
    spaces: &'static str,
}

impl Tags {
    const DOCX: Tags = Tags {
        text: &["t"],
        paragraph: &["p"],
        tab: &["tab"],
        line: &["br", "cr"],
        spaces: "-",
    };
    const ODT: Tags = Tags {
        text: &["p", "h", "span", "a"],
        paragraph: &["p", "h"],
        tab: &["tab"],
        line: &["line-break"],
        spaces: "s",
    };
}

fn text_of(xml: &[u8], kind: Kind, tags: &Tags) -> Result<String> {
    let mut reader = Reader::from_reader(xml);
    let mut out = String::new();
    let mut buf = Vec::new();
    // Inside a text-carrying element (depth counts nesting, as ODF nests spans in paragraphs).
    let mut depth = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = e.local_name();
                let name: &str = name.as_ref();
                if tags.text.contains(&name) {
                    depth += 1;
                }
            }
            Ok(Event::Empty(e)) => {
                let name = e.local_name();
                let name: &str = name.as_ref();
                if tags.tab.contains(&name) {
                    out.push('\t');
                } else if tags.line.contains(&name) {
                    out.push('\n');
                } else if name == tags.spaces {
                    let n = e
                        .attributes()
                        .flatten()
                        .find(|a| AsRef::<str>::as_ref(&a.key.local_name()) == "c")
                        .and_then(|a| a.value.parse::<usize>().ok())
                        .unwrap_or(1)
                        .min(100);
                    out.extend(std::iter::repeat_n(' ', n));
                } else if tags.paragraph.contains(&name) {
                    out.push_str("\n\n");
                }
            }
            Ok(Event::End(e)) => {
                let name = e.local_name();
                let name: &str = name.as_ref();
                if tags.text.contains(&name) {
                    depth = depth.saturating_sub(1);
                }
                if tags.paragraph.contains(&name) {
                    out.push_str("\n\n");
                }
            }
            Ok(Event::Text(t)) if depth > 0 => out.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if depth > 0 => {
                // &amp; &lt; and character references arrive as their own event.
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else if let Some(s) =
                    quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                {
                    out.push_str(s);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(Error::damaged(kind, e)),
        }
        buf.clear();
    }
    Ok(collapse_blank_lines(&out))
}

fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut newlines = 0;
    for c in text.trim().chars() {
        if c == '\n' {
            newlines += 1;
            if newlines > 2 {
                continue;
            }
        } else {
            newlines = 0;
        }
        out.push(c);
    }
    out
}
