//! "Andre med rettigheter til virksomheten": the main administrator gives and removes rights.

use crate::contract::rights::GrantRightsInput;
use crate::domain::views::RightsOverview;
use crate::domain::Right;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

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
    let grant = input.parse()?;
    crate::server::services::rights::grant(&state, &user, grant).await
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
