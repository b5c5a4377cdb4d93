//! API delegation: a provider's "Delegerbare rettigheter" on "Mine API", and a customer's
//! "Deleger nytt API", "Fjern" and "Angre" under "Tilgang til programmeringsgrensesnitt - API".

use crate::contract::delegations::{DelegableRightInput, DelegationInput};
use crate::domain::views::{DelegableRightView, DelegationsOverview, OrgSummary, ProviderRights};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

/// "Delegerbare rettigheter" of the organisation in one environment.
#[server(endpoint = "provider_rights", input = GetUrl)]
pub async fn get_provider_rights(environment: String) -> Result<ProviderRights, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::delegations::provider_rights(&state, &user, &environment).await
}

#[server(endpoint = "create_delegable_right", input = Json)]
pub async fn create_delegable_right(environment: String, input: DelegableRightInput) -> Result<String, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let spec = input.parse()?;
    crate::server::services::delegations::create_right(&state, &user, &environment, spec).await
}

#[server(endpoint = "update_delegable_right", input = Json)]
pub async fn update_delegable_right(id: String, input: DelegableRightInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let spec = input.parse()?;
    crate::server::services::delegations::update_right(&state, &user, &id, spec).await
}

/// Given and received delegations of the organisation.
#[server(endpoint = "delegations_overview", input = GetUrl)]
pub async fn get_delegations_overview() -> Result<DelegationsOverview, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::delegations::overview(&state, &user).await
}

/// The rights the organisation holds in one environment (what it may delegate).
#[server(endpoint = "holdable_rights", input = GetUrl)]
pub async fn holdable_rights(environment: String) -> Result<Vec<DelegableRightView>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::delegations::holdable_rights(&state, &user, &environment).await
}

/// The organisation with this number, to choose as the supplier.
#[server(endpoint = "find_organisation", input = GetUrl)]
pub async fn find_organisation(org_number: String) -> Result<OrgSummary, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::delegations::find_organisation(&state, &user, &org_number).await
}

/// "Bekreft": delegates the chosen rights to the supplier.
#[server(endpoint = "delegate_api", input = Json)]
pub async fn delegate_api(input: DelegationInput) -> Result<Vec<String>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let order = input.parse()?;
    crate::server::services::delegations::delegate(&state, &user, order).await
}

/// "Fjern": ends the given delegations.
#[server(endpoint = "remove_delegations", input = Json)]
pub async fn remove_delegations(ids: Vec<String>) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::delegations::remove(&state, &user, &ids).await
}

/// "Angre": gives removed delegations back.
#[server(endpoint = "restore_delegations", input = Json)]
pub async fn restore_delegations(ids: Vec<String>) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::delegations::restore(&state, &user, &ids).await
}
