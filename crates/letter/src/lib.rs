//! The advice letter as a file: reading a letter written like the published example (front
//! matter with council, addressee, subject and signer; `##` headings for the opening, the A and
//! B sections and the closing) so that old letters can be brought into the register. Writing
//! letters starts from one document model (`model`), rendered as Word (`docx`), PDF/A (`pdf`)
//! and HTML (`html`), so the three say the same.

pub mod docx;
pub mod error;
pub mod html;
pub mod model;
pub mod pdf;
pub mod publication;

use chrono::NaiveDate;

use advieswerk_domain::advice::SectionScope;
use advieswerk_domain::date;
use advieswerk_domain::error::FieldError;

pub use crate::error::{Error, Result};

/// The front matter keys the importer uses; others are kept out without complaint (the example
/// carries notes about its source).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LetterMeta {
    pub council: String,
    pub addressee: String,
    pub subject: String,
    /// What the college asked, as the letter says it.
    pub request: String,
    pub signed_by: String,
    pub signed_as: String,
    pub closing_formula: String,
    pub date: Option<NaiveDate>,
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LetterSection {
    pub title: String,
    pub scope: SectionScope,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportedLetter {
    pub meta: LetterMeta,
    pub sections: Vec<LetterSection>,
    /// Things the reader should know about what was read (in Dutch), e.g. a date that was not
    /// a date.
    pub notices: Vec<String>,
}

/// Escapes text for XML and HTML alike; control characters, which XML 1.0 cannot carry and
/// Word refuses, become spaces.
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn problem(field: &str, message: String) -> Error {
    advieswerk_domain::Error::Validation(vec![FieldError::new(field, message)]).into()
}

/// Which part of the letter a `##` heading opens.
fn scope_of(title: &str) -> SectionScope {
    let t = title.trim().to_lowercase();
    if t == "aanhef" || t == "inleiding" {
        SectionScope::Opening
    } else if t == "slot" || t == "afsluiting" {
        SectionScope::Closing
    } else if t.starts_with("a.") || t.contains("regionaal") {
        SectionScope::Regional
    } else if t.starts_with("b.") || t.contains("lokaal") {
        SectionScope::Local
    } else {
        SectionScope::Other
    }
}

/// Reads a letter file. Problems name the line (`file`) or the front matter key.
pub fn parse(text: &str) -> Result<ImportedLetter> {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let mut lines = text.lines().enumerate();
    let mut notices = Vec::new();
    let meta = front_matter(&mut lines, &mut notices)?;
    let (mut sections, before_first) = sections(lines);
    if sections.is_empty() {
        return Err(problem(
            "file",
            "De brief heeft geen onderdelen: zet ‘## Aanhef’, ‘## A. …’, ‘## B. …’ en ‘## Slot’ boven de tekst.".into(),
        ));
    }
    if before_first {
        notices.push("Tekst vóór het eerste ‘##’-kopje is niet overgenomen.".into());
    }
    // The closing formula and signature belong to the letter, not to the closing text.
    if !meta.closing_formula.is_empty()
        && let Some(slot) = sections
            .iter_mut()
            .rev()
            .find(|s| s.scope == SectionScope::Closing)
        && let Some(at) = slot.body.rfind(&meta.closing_formula)
    {
        slot.body = slot.body[..at].trim_end().to_owned();
    }
    Ok(ImportedLetter {
        meta,
        sections,
        notices,
    })
}

/// The data between the two `---` lines at the top; an unreadable date is a notice, not a
/// refusal. Leaves `lines` after the closing `---`.
fn front_matter<'a>(
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
    notices: &mut Vec<String>,
) -> Result<LetterMeta> {
    match lines.next() {
        Some((_, l)) if l.trim() == "---" => {}
        _ => {
            return Err(problem(
                "file",
                "De eerste regel moet ‘---’ zijn: een brief begint met gegevens (raad, geadresseerde, onderwerp) tussen twee regels ‘---’.".into(),
            ));
        }
    }
    let mut meta = LetterMeta::default();
    let mut closed = false;
    for (i, line) in lines.by_ref() {
        let n = i + 1;
        if line.trim() == "---" {
            closed = true;
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with('#') {
            return Err(problem(
                "file",
                format!(
                    "De gegevens bovenaan worden niet afgesloten met een regel ‘---’ (regel {n} is al een kopje)."
                ),
            ));
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(problem(
                "file",
                format!(
                    "Regel {n}: verwacht ‘naam: waarde’, gevonden ‘{}’.",
                    line.trim()
                ),
            ));
        };
        if let Some(notice) = meta.set(key.trim(), value.trim().to_owned(), n) {
            notices.push(notice);
        }
    }
    if !closed {
        return Err(problem(
            "file",
            "De gegevens bovenaan worden niet afgesloten met een regel ‘---’.".into(),
        ));
    }
    if meta.subject.is_empty() {
        return Err(problem(
            "subject",
            "Het onderwerp (‘subject:’) ontbreekt in de gegevens bovenaan de brief.".into(),
        ));
    }
    Ok(meta)
}

impl LetterMeta {
    /// One `key: value` line of the front matter (line `n`); unknown keys are passed over. A
    /// value that cannot be used is a notice.
    fn set(&mut self, key: &str, value: String, n: usize) -> Option<String> {
        match key {
            "council" => self.council = value,
            "addressee" => self.addressee = value,
            "subject" => self.subject = value,
            "request" => self.request = value,
            "signed_by" => self.signed_by = value,
            "signed_as" => self.signed_as = value,
            "closing_formula" => self.closing_formula = value,
            "reference" => self.reference = value,
            "date" => match date::parse(&value) {
                Ok(d) => self.date = Some(d),
                Err(_) => {
                    return Some(format!(
                        "De datum ‘{value}’ (regel {n}) is geen datum; als ontvangstdatum is vandaag gebruikt."
                    ));
                }
            },
            _ => {}
        }
        None
    }
}

/// The `## ` sections after the front matter, their text trimmed; and whether text stood before
/// the first of them.
fn sections<'a>(lines: impl Iterator<Item = (usize, &'a str)>) -> (Vec<LetterSection>, bool) {
    let mut sections: Vec<LetterSection> = Vec::new();
    let mut before_first = false;
    for (_, line) in lines {
        if let Some(title) = line.strip_prefix("## ") {
            sections.push(LetterSection {
                title: title.trim().to_owned(),
                scope: scope_of(title),
                body: String::new(),
            });
        } else if let Some(s) = sections.last_mut() {
            s.body.push_str(line);
            s.body.push('\n');
        } else if !line.trim().is_empty() {
            before_first = true;
        }
    }
    for s in &mut sections {
        s.body = s.body.trim().to_owned();
    }
    (sections, before_first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_front_matter_or_subject_is_refused_with_the_reason() {
        let e = parse("## Aanhef\ntekst").unwrap_err();
        assert_eq!(e.fields()[0].field, "file");
        let e = parse("---\ncouncil: Raad\n---\n## Aanhef\nx").unwrap_err();
        assert_eq!(e.fields()[0].field, "subject");
        let e = parse("---\nsubject: X\nzomaar een regel\n---\n").unwrap_err();
        assert!(
            e.fields()[0].message.starts_with("Regel 3:"),
            "{}",
            e.fields()[0].message
        );
        let e = parse("---\nsubject: X\n---\ngeen kopjes").unwrap_err();
        assert!(e.fields()[0].message.contains("geen onderdelen"));
    }

    #[test]
    fn headings_decide_the_part_of_the_letter() {
        assert_eq!(scope_of("Aanhef"), SectionScope::Opening);
        assert_eq!(scope_of("A. Regionaal advies H9"), SectionScope::Regional);
        assert_eq!(scope_of("B. Aanvullend lokaal advies"), SectionScope::Local);
        assert_eq!(scope_of("Slot"), SectionScope::Closing);
        assert_eq!(scope_of("Bijlage"), SectionScope::Other);
    }
}
