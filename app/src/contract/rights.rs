//! "Gi nye rettigheter" on "Andre med rettigheter til virksomheten".

use crate::domain::commands::RightsGrant;
use crate::domain::{Email, PersonName, Right};
use crate::error::{AppError, FormErrors};
use serde::{Deserialize, Serialize};

/// A person is named by two identifiers (e-mail and last name), so a typo cannot hand
/// rights to a stranger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRightsInput {
    pub email: String,
    pub last_name: String,
    pub rights: Vec<Right>,
}

impl GrantRightsInput {
    pub fn parse(&self) -> Result<RightsGrant, AppError> {
        let mut errors = FormErrors::new();
        let email = errors.check("email", Email::parse(&self.email));
        let last_name = errors.check("last_name", PersonName::parse_as(&self.last_name, "Etternavn"));
        let mut rights = self.rights.clone();
        rights.sort();
        rights.dedup();
        if rights.is_empty() {
            errors.push("rights", "Velg minst én rettighet under «Gi nye rettigheter».");
        } else if rights.contains(&Right::MainAdmin) {
            errors.push("rights", "Hovedadministrator utnevnes av plattformoperatøren.");
        }
        errors.finish()?;
        Ok(RightsGrant { email: email.expect("checked"), last_name: last_name.expect("checked"), rights })
    }
}
