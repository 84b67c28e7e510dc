//! What can go wrong with a letter: input that breaks a rule (named by its field), a file that
//! cannot be written, and a layout Typst refuses. `advieswerk::error` turns these into Dutch.

use advieswerk_domain::error::FieldError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule of the domain refused the input.
    #[error(transparent)]
    Domain(#[from] advieswerk_domain::Error),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("the letter could not be laid out: {0}")]
    Render(String),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// The fields the input was refused at (none for a failure that is not the input's).
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Error::Domain(e) => e.fields(),
            _ => &[],
        }
    }
}
