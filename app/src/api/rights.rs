//! "Andre med rettigheter til virksomheten": the main administrator gives and removes rights.

use super::types::RightsOverview;
use crate::domain::{check_right_set, Email, PersonName, Right};
use crate::error::{AppError, FormErrors};
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use serde::{Deserialize, Serialize};

/// A person is named by two identifiers (e-mail and last name), so a typo cannot hand
/// rights to a stranger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRightsInput {
    pub email: String,
    pub last_name: String,
    pub rights: Vec<Right>,
}

pub struct ParsedGrant {
    pub email: Email,
    pub last_name: PersonName,
    pub rights: Vec<Right>,
}

impl GrantRightsInput {
    pub fn parse(&self) -> Result<ParsedGrant, AppError> {
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
        Ok(ParsedGrant { email: email.expect("checked"), last_name: last_name.expect("checked"), rights })
    }

    /// The supplier rule, for the rights the person would hold afterwards.
    pub fn check_with_existing(&self, existing: &[Right]) -> Result<(), AppError> {
        let mut after: Vec<Right> = existing.to_vec();
        after.extend(self.rights.iter().copied());
        check_right_set(&after).map_err(|m| AppError::field("rights", m))
    }
}

#[server(endpoint = "rights_overview", input = GetUrl)]
pub async fn get_rights_overview() -> Result<RightsOverview, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::rights::overview(&state, &user).await
}

#[server(endpoint = "grant_rights", input = Json)]
pub async fn grant_rights(input: GrantRightsInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::rights::grant(&state, &user, &input).await
}

/// Removes the chosen rights from one person ("Fjern" on each, then "Ferdig").
#[server(endpoint = "remove_rights", input = Json)]
pub async fn remove_rights(user_id: String, rights: Vec<Right>) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::rights::remove(&state, &user, &user_id, &rights).await
}

/// "Strengere tilgangsstyring": rights apply in the test environments too.
#[server(endpoint = "set_stricter_access", input = Json)]
pub async fn set_stricter_access(on: bool) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::rights::set_stricter_access(&state, &user, on).await
}
