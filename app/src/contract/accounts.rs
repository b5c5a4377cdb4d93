//! "Registrer deg".

use crate::domain::commands::Registration;
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

pub const REGISTER_FIELDS: &[&str] = &["name", "email", "password"];

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
