//! Why a file could not be read, in words the secretary is shown (Dutch) by the layer above.

use crate::{Kind, MAX_FILE_BYTES};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Het bestand is leeg.")]
    Empty,
    #[error(
        "Het bestand is {} MB; een document mag hoogstens {} MB zijn.",
        size.div_ceil(1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    )]
    TooLarge { size: u64 },
    #[error(
        "{name}: dit soort bestand kan niet worden toegevoegd. Kies een PDF, Word (.docx), OpenDocument (.odt), tekst (.txt) of e-mail (.eml, .msg)."
    )]
    Unsupported { name: String },
    #[error("Het bestand heet {}-bestand, maar is het niet.", kind.label())]
    NotThatKind { kind: Kind },
    #[error("Het {}-bestand is beschadigd en kan niet worden gelezen ({reason}).", kind.label())]
    Damaged { kind: Kind, reason: String },
    #[error(
        "Het {}-bestand pakt uit tot meer dan {} MB (een zogeheten zip-bom?) en wordt niet gelezen.",
        kind.label(),
        crate::MAX_UNPACKED_BYTES / (1024 * 1024)
    )]
    Bomb { kind: Kind },
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn damaged(kind: Kind, reason: impl std::fmt::Display) -> Error {
        let mut reason = reason.to_string();
        // A parser's message may be long or carry the file's bytes; a line of it is enough.
        if let Some((i, _)) = reason.char_indices().nth(160) {
            reason.truncate(i);
            reason.push('…');
        }
        Error::Damaged { kind, reason }
    }
}
