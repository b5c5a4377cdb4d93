//! "Integrasjoner": a consumer's integrations (OAuth2 clients), the scopes on them and
//! their "Merkantile data". Keys and the certificate are in `client_keys`.

use crate::contract::clients::ClientInput;
use crate::contract::commercial::CommercialInput;
use crate::domain::views::{AvailableScope, ClientDetail, ClientSummary, OrgSummary};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

#[server(endpoint = "my_clients", input = GetUrl)]
pub async fn my_clients(environment: String) -> Result<Vec<ClientSummary>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::list(&state, &user, Some(&environment)).await
}

/// Every integration of the organisation, in all environments ("Virksomhetens tjenester").
#[server(endpoint = "my_services", input = GetUrl)]
pub async fn my_services() -> Result<Vec<ClientSummary>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::list(&state, &user, None).await
}

/// What "Legg til scopes" offers for an integration of `integration_type` here.
#[server(endpoint = "client_scope_options", input = GetUrl)]
pub async fn client_scope_options(environment: String, integration_type: String, customer: String) -> Result<Vec<AvailableScope>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::scope_options(&state, &user, &environment, &integration_type, &customer).await
}

/// "For en kunde": the customers that have delegated APIs to the organisation here.
#[server(endpoint = "my_customers", input = GetUrl)]
pub async fn my_customers(environment: String) -> Result<Vec<OrgSummary>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::customers(&state, &user, &environment).await
}

#[server(endpoint = "create_client", input = Json)]
pub async fn create_client(environment: String, input: ClientInput) -> Result<String, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let spec = input.parse()?;
    crate::server::services::clients::create(&state, &user, &environment, spec).await
}

#[server(endpoint = "client_detail", input = GetUrl)]
pub async fn get_client_detail(id: String) -> Result<ClientDetail, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::detail(&state, &user, &id).await
}

#[server(endpoint = "update_client", input = Json)]
pub async fn update_client(id: String, input: ClientInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let spec = input.parse()?;
    crate::server::services::clients::update(&state, &user, &id, spec).await
}

#[server(endpoint = "set_client_active", input = Json)]
pub async fn set_client_active(id: String, active: bool) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::set_active(&state, &user, &id, active).await
}

#[server(endpoint = "save_client_commercial", input = Json)]
pub async fn save_client_commercial(id: String, input: CommercialInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let update = input.parse()?;
    crate::server::services::clients::save_commercial(&state, &user, &id, update).await
}
