//! "Registrer deg", "Glemt passord?", "Nytt passord" and "Endre passord".

use crate::domain::commands::{PasswordChange, Registration};
use crate::domain::{Email, Password, PersonName};
use crate::error::{AppError, FormErrors};
use serde::{Deserialize, Serialize};

/// "Registrer deg": name, work e-mail, password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterInput {
    pub name: String,
    pub email: String,
    pub password: String,
}

impl RegisterInput {
    /// Every field's rule, checked in the form before submit and again on the server.
    pub fn parse(&self) -> Result<Registration, AppError> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", PersonName::parse(&self.name));
        let email = errors.check("email", Email::parse(&self.email));
        let password = errors.check("password", Password::parse(&self.password));
        errors.finish()?;
        Ok(Registration { name: name.expect("checked"), email: email.expect("checked"), password: password.expect("checked") })
    }
}

/// "Glemt passord?": the address to send a link to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForgotPasswordInput {
    pub email: String,
}

impl ForgotPasswordInput {
    pub fn parse(&self) -> Result<Email, AppError> {
        Email::parse(&self.email).map_err(|m| AppError::field("email", m))
    }
}

/// "Nytt passord", opened from the e-mailed link (the token travels beside it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPasswordInput {
    pub new_password: String,
}

impl NewPasswordInput {
    /// The same rule as at registration.
    pub fn parse(&self) -> Result<Password, AppError> {
        Password::parse(&self.new_password).map_err(|m| AppError::field("new_password", m))
    }
}

/// "Endre passord" under "Min profil".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePasswordInput {
    pub current_password: String,
    pub new_password: String,
}

pub const CHANGE_PASSWORD_FIELDS: &[&str] = &["current_password", "new_password"];

impl ChangePasswordInput {
    pub fn parse(&self) -> Result<PasswordChange, AppError> {
        let mut errors = FormErrors::new();
        if self.current_password.is_empty() {
            errors.push("current_password", "Nåværende passord må fylles ut.");
        }
        let new = errors.check("new_password", Password::parse(&self.new_password));
        errors.finish()?;
        Ok(PasswordChange { current: self.current_password.clone(), new: new.expect("checked") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_forms_name_their_fields() {
        let err = ChangePasswordInput { current_password: String::new(), new_password: "kort".into() }.parse().unwrap_err();
        assert!(err.for_field("current_password").unwrap().contains("må fylles ut"));
        assert!(err.for_field("new_password").unwrap().contains("minst 10 tegn"));
        assert!(err.general_message(CHANGE_PASSWORD_FIELDS).is_none());
        let err = NewPasswordInput { new_password: "x".repeat(129) }.parse().unwrap_err();
        assert!(err.for_field("new_password").unwrap().contains("høyst 128"));
        assert!(ForgotPasswordInput { email: "ikke-epost".into() }.parse().unwrap_err().for_field("email").is_some());
        assert!(ChangePasswordInput { current_password: "gammelt".into(), new_password: "et nytt langt passord".into() }.parse().is_ok());
    }
}
