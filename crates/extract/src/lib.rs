//! The text of the papers a council receives: PDF, Word (.docx), OpenDocument (.odt), plain
//! text, and e-mail (.eml, Outlook .msg) with their attachments. Pure reading of bytes the
//! caller hands in: no database, no files, no clock. Every reader is bounded (a file's size, what
//! a zip entry may unpack to, how much text is kept), and a file that breaks a reader is refused
//! with a reason, never a crash, so the caller can store it whole or not at all.

mod error;
mod mail;
mod office;
mod pdf;
mod text;

pub use error::{Error, Result};
pub use mail::{Attachment, Email};

/// A document's file is at most this large (100 MB): a council's largest papers (a scanned
/// policy plan, a municipal budget) are well below it, and it bounds what reading one costs.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// What one part of a .docx/.odt may unpack to (64 MB of XML): far beyond any real letter, far
/// below what a zip bomb would make of it.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// Text kept of one document (16 MB, some 5,000 pages of prose); the rest is not searchable.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// Text that is not a PDF is cut into parts of about this size at paragraph ends, so a search
/// hit points at a part and a snippet is read from a small text.
const PART_BYTES: usize = 3000;

/// The kinds of file a request's documents may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Pdf,
    Docx,
    Odt,
    Txt,
    Eml,
    Msg,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Pdf,
        Kind::Docx,
        Kind::Odt,
        Kind::Txt,
        Kind::Eml,
        Kind::Msg,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Docx => "docx",
            Kind::Odt => "odt",
            Kind::Txt => "txt",
            Kind::Eml => "eml",
            Kind::Msg => "msg",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// What a council member calls it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Pdf => "PDF",
            Kind::Docx => "Word",
            Kind::Odt => "OpenDocument",
            Kind::Txt => "Tekst",
            Kind::Eml => "E-mail",
            Kind::Msg => "Outlook-bericht",
        }
    }

    /// Whether the text's parts are the file's own pages (a hit then names its page).
    pub fn has_pages(self) -> bool {
        self == Kind::Pdf
    }

    /// The kind a file is, by its name's extension, checked against its first bytes: a file
    /// named .pdf that is no PDF is refused here, before any reader sees it.
    pub fn of(name: &str, bytes: &[u8]) -> Result<Kind> {
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let kind = match ext.as_str() {
            "pdf" => Kind::Pdf,
            "docx" => Kind::Docx,
            "odt" => Kind::Odt,
            "txt" | "text" => Kind::Txt,
            "eml" => Kind::Eml,
            "msg" => Kind::Msg,
            _ => {
                return Err(Error::Unsupported {
                    name: name.to_string(),
                });
            }
        };
        let looks_right = match kind {
            // Real PDFs may have a few bytes of junk before the header; readers accept that.
            Kind::Pdf => {
                bytes.len() >= 5
                    && bytes[..bytes.len().min(1024)]
                        .windows(5)
                        .any(|w| w == b"%PDF-")
            }
            Kind::Docx | Kind::Odt => bytes.starts_with(b"PK\x03\x04"),
            Kind::Msg => bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
            Kind::Txt | Kind::Eml => !bytes.contains(&0),
        };
        if !looks_right {
            return Err(Error::NotThatKind { kind });
        }
        Ok(kind)
    }
}

/// What was read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub kind: Kind,
    /// The text in parts: a PDF's pages (an empty string for a page without text), otherwise
    /// pieces of about `PART_BYTES` cut at paragraph ends.
    pub parts: Vec<String>,
    /// The file's own page count where it has pages (a PDF), else the number of parts.
    pub pages: u32,
    /// No text at all while the file has pages: a scan, most likely.
    pub no_text: bool,
    /// Text beyond `MAX_TEXT_BYTES` was left out.
    pub cut: bool,
    /// For an e-mail: its header facts and attachments.
    pub email: Option<Email>,
}

/// Reads a file's text. `name` gives the kind (checked against the bytes).
pub fn extract(name: &str, bytes: &[u8]) -> Result<Extracted> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            size: bytes.len() as u64,
        });
    }
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    let kind = Kind::of(name, bytes)?;
    match kind {
        Kind::Pdf => {
            let pages = pdf::pages(bytes)?;
            let (parts, cut) = text::cap_parts(pages);
            let no_text = parts.iter().all(|p| p.trim().is_empty());
            Ok(Extracted {
                kind,
                pages: parts.len() as u32,
                parts,
                no_text,
                cut,
                email: None,
            })
        }
        Kind::Docx => Ok(from_text(kind, office::docx(bytes)?, None)),
        Kind::Odt => Ok(from_text(kind, office::odt(bytes)?, None)),
        Kind::Txt => Ok(from_text(kind, text::decode(bytes), None)),
        Kind::Eml => {
            let email = mail::eml(bytes)?;
            Ok(from_text(kind, email.as_text(), Some(email)))
        }
        Kind::Msg => {
            let email = mail::msg(bytes)?;
            Ok(from_text(kind, email.as_text(), Some(email)))
        }
    }
}

fn from_text(kind: Kind, text: String, email: Option<Email>) -> Extracted {
    let (parts, cut) = text::cap_parts(text::split_parts(&text, PART_BYTES));
    let no_text = parts.iter().all(|p| p.trim().is_empty());
    Extracted {
        kind,
        pages: parts.len() as u32,
        parts,
        no_text,
        cut,
        email,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_known_by_its_extension_and_checked_by_its_first_bytes() {
        assert_eq!(
            Kind::of("Raadsvoorstel.PDF", b"%PDF-1.7 ...").unwrap(),
            Kind::Pdf
        );
        assert!(matches!(
            Kind::of("nep.pdf", b"hallo"),
            Err(Error::NotThatKind { kind: Kind::Pdf })
        ));
        assert!(matches!(
            Kind::of("foto.png", b"\x89PNG"),
            Err(Error::Unsupported { .. })
        ));
        assert!(matches!(
            Kind::of("bericht.docx", b"not a zip"),
            Err(Error::NotThatKind { kind: Kind::Docx })
        ));
    }

    #[test]
    fn plain_text_is_cut_into_parts_at_paragraph_ends() {
        let para = "Een alinea over de Wmo en de wachtlijsten in de jeugdzorg. ".repeat(20);
        let text = format!("{para}\n\n{para}\n\n{para}\n\n{para}");
        let got = extract("notitie.txt", text.as_bytes()).unwrap();
        assert!(got.parts.len() >= 2, "{} parts", got.parts.len());
        assert!(got.parts.iter().all(|p| p.len() <= 2 * PART_BYTES));
        assert_eq!(got.parts.concat().matches("wachtlijsten").count(), 80);
        assert!(!got.no_text && !got.cut);
    }

    #[test]
    fn an_empty_or_oversized_file_is_refused_before_reading() {
        assert!(matches!(extract("leeg.txt", b""), Err(Error::Empty)));
        let big = vec![b'a'; MAX_FILE_BYTES as usize + 1];
        assert!(matches!(
            extract("groot.txt", &big),
            Err(Error::TooLarge { .. })
        ));
    }
}
