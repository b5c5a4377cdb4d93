//! The one error type every server function returns. Each variant is safe to show a user:
//! internal details are logged on the server and replaced by a generic message.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// A rule broken by one form field, in words a user understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name (`email`, `org_number`, …), so the UI can put the message beside it.
    pub field: String,
    /// What is wrong and what the rule is, in Norwegian.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// One or more fields broke their rule. Nothing was saved.
    #[error("Skjemaet har feil: {}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "))]
    Validation(Vec<FieldError>),
    /// Not logged in, or the session has expired.
    #[error("Du må logge inn først.")]
    Unauthenticated,
    /// Logged in, but not allowed; the text says why and what to do.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    /// The change clashes with what is already saved (a duplicate, say).
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooManyRequests(String),
    /// Something failed on our side; details are in the server log only.
    #[error("Noe gikk galt hos oss. Prøv igjen senere.")]
    Internal,
    /// The request never reached the server function, or its answer could not be read.
    #[error("Kunne ikke kontakte serveren: {0}")]
    Transport(String),
}

impl AppError {
    /// A validation error for a single field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError::new(field, message)])
    }

    /// The message for `field`, if this is a validation error naming it.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors.iter().find(|e| e.field == field).map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// A message for the top of the form: everything not tied to a field in `known_fields`.
    pub fn general_message(&self, known_fields: &[&str]) -> Option<String> {
        match self {
            AppError::Validation(errors) => {
                let rest: Vec<_> = errors.iter().filter(|e| !known_fields.contains(&e.field.as_str())).map(|e| e.message.clone()).collect();
                (!rest.is_empty()).then(|| rest.join(" "))
            }
            other => Some(other.to_string()),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err {
            if db.is_unique_violation() {
                return AppError::Conflict("Dette finnes allerede.".into());
            }
        }
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

/// Collects field errors while parsing a whole form, so the user sees every problem at once.
/// At most [`FormErrors::PER_FIELD`] messages are kept for one field, so a hostile form
/// (thousands of bad entries in one list) cannot make the answer larger than the request.
#[derive(Default)]
pub struct FormErrors(Vec<FieldError>);

impl FormErrors {
    /// Messages kept per field; more are dropped (the first ones say what to fix).
    pub const PER_FIELD: usize = 3;

    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the parsed value, or records its message under `field`.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, String>) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(message) => {
                self.push(field, message);
                None
            }
        }
    }

    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        if self.0.iter().filter(|e| e.field == field).count() < Self::PER_FIELD {
            self.0.push(FieldError::new(field, message));
        }
    }

    /// `Err` with every recorded field error, or `Ok` when there were none.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_a_few_messages_per_field() {
        let mut errors = FormErrors::new();
        for i in 0..10_000 {
            errors.push("integration_types", format!("Ukjent integrasjonstype «{i}»."));
            errors.check::<()>("name", Err("Navn må fylles ut.".into()));
        }
        errors.push("email", "Ugyldig e-post.");
        let Err(AppError::Validation(list)) = errors.finish() else { panic!("errors expected") };
        assert_eq!(list.iter().filter(|e| e.field == "integration_types").count(), FormErrors::PER_FIELD);
        assert_eq!(list.iter().filter(|e| e.field == "name").count(), FormErrors::PER_FIELD);
        assert_eq!(list.len(), 2 * FormErrors::PER_FIELD + 1);
    }
}
