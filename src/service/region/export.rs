//! The regional text on its own through the letter pipeline: its version and which
//! councils adopted which version.

use std::path::Path;

use chrono::NaiveDate;

use crate::advice;
use crate::error::Result;
use crate::store::Store;

use super::*;

/// The regional text on its own as the letter pipeline renders it: its title, the text with
/// its version, and which councils adopted which version (and which have not yet).
pub fn regional_text_letter(
    store: &Store,
    text_id: &str,
    today: NaiveDate,
) -> Result<crate::letter::model::Letter> {
    use crate::letter::model::{Part, Reader};
    let view = get_regional_text(store, text_id)?;
    let mut reader = Reader::default();
    let mut adopted = String::new();
    let mut pending = String::new();
    for c in &view.councils {
        let who = format!("{} ({})", c.council_name, c.municipality);
        match c.adopted_on {
            Some(on) => adopted.push_str(&format!(
                "- {who}: vastgesteld op {}, versie {}{}{}\n",
                crate::date::long_nl(on),
                c.adopted_version.as_deref().unwrap_or("?"),
                if c.adopted_current == Some(false) {
                    " (een oudere versie)"
                } else {
                    " (deze versie)"
                },
                c.adopted_tenor
                    .as_deref()
                    .map(|t| format!(", strekking: {}", t.to_lowercase()))
                    .unwrap_or_default(),
            )),
            None => pending.push_str(&format!("- {who}: {}\n", c.state.to_lowercase())),
        }
    }
    let mut councils = String::new();
    if !adopted.is_empty() {
        councils.push_str(&format!("Vastgesteld door:\n\n{adopted}\n"));
    }
    if !pending.is_empty() {
        councils.push_str(&format!("Nog niet vastgesteld:\n\n{pending}"));
    }
    if councils.is_empty() {
        councils.push_str("Nog geen raad volgt deze tekst.");
    }
    let parts = vec![
        Part {
            title: format!("Regionale tekst, versie {}", view.version),
            scope: advice::SectionScope::Regional,
            blocks: reader.blocks(&view.body),
        },
        Part {
            title: "De raden".into(),
            scope: advice::SectionScope::Other,
            blocks: reader.blocks(&councils),
        },
    ];
    let mut l = crate::service::letter::council_document(
        store,
        crate::letter::model::Form::Letter,
        view.title,
        today,
    )?;
    l.parts = parts;
    l.footnotes = reader.footnotes;
    Ok(l)
}

/// The regional text rendered as Word, PDF/A or HTML.
pub fn render_regional_text(
    store: &Store,
    text_id: &str,
    format: crate::service::LetterFormat,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let l = regional_text_letter(store, text_id, today)?;
    crate::service::letter::render_model(&l, format)
}

/// A file name for the regional text: `Regionale-tekst-<title>-<version>.<ext>`.
pub fn suggested_regional_name(
    store: &Store,
    text_id: &str,
    format: crate::service::LetterFormat,
) -> Result<String> {
    let t = store.get_regional_text(text_id)?;
    let title: String = t
        .title
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let title: String = title.chars().take(60).collect();
    Ok(format!(
        "Regionale-tekst-{title}-{}.{}",
        t.fingerprint,
        format.extension()
    ))
}

/// Writes the regional text to `path` (chosen in the desktop's save dialog).
pub fn save_regional_text_as(
    store: &Store,
    text_id: &str,
    format: crate::service::LetterFormat,
    today: NaiveDate,
    path: &Path,
) -> Result<String> {
    let bytes = render_regional_text(store, text_id, format, today)?;
    crate::exports::write_path(path, &bytes)?;
    Ok(path.display().to_string())
}
