//! What sharing can fail on, each with the Dutch sentence a member reads. File-level refusals
//! (one bad file in the folder) are not errors of a round: they are `folder::Refusal`s, reported
//! beside the work that went on.

use thiserror::Error;

pub type Result<T> = std::result::Result<T, Error>;

#[derive(Debug, Error)]
pub enum Error {
    #[error("{0}")]
    Passphrase(String),
    #[error("De wachtwoordzin past niet bij deze gedeelde map.")]
    WrongPassphrase,
    #[error("In deze map is geen raad gedeeld (het bestand advieswerk-gedeeld.json ontbreekt).")]
    NoSpace,
    #[error("In deze map is al een raad gedeeld. Kies ‘Aansluiten bij een raad’ of een lege map.")]
    SpaceExists,
    #[error("Het bestand advieswerk-gedeeld.json in de map is onleesbaar: {0}")]
    Header(String),
    #[error("De gedeelde map is niet bereikbaar: {0}")]
    Unreachable(std::io::Error),
    #[error("Het systeem gaf geen willekeurige getallen: {0}")]
    Random(String),
    #[error("Een gedeeld document kon niet worden verwerkt: {0}")]
    Document(String),
}

impl From<loro::LoroError> for Error {
    fn from(e: loro::LoroError) -> Error {
        Error::Document(e.to_string())
    }
}

impl From<loro::LoroEncodeError> for Error {
    fn from(e: loro::LoroEncodeError) -> Error {
        Error::Document(e.to_string())
    }
}
