//! What a domain rule can say is wrong: input that breaks it, field by field, in Dutch. The
//! layers above add their own failures (storage, rendering) and translate all of them into what
//! the user reads (`advieswerk::error`).

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One problem with one input field. `field` is the camelCase name of the input property, so the
/// UI can show the message beside the control that caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// A rule of the domain refused the input. Pure rules have no other way to fail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {0:?}")]
    Validation(Vec<FieldError>),
}

impl Error {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Error::Validation(vec![FieldError::new(field, message)])
    }

    /// The fields the input was refused at, each with its Dutch message.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            Error::Validation(f) => f,
        }
    }
}

/// Collects field errors so a form can show every problem at once instead of one per submit.
#[derive(Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// Keeps the value when it is `Ok`, records the refusal's Dutch text when it is not.
    pub fn take<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        r: std::result::Result<T, E>,
    ) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e.to_string());
                None
            }
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|f| f.field == field)
    }

    pub fn into_result(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(self.0))
        }
    }
}
