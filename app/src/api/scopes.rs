//! "Mine API": a provider's scopes, their access lists and requests; and, for consumers,
//! the scopes available to them and the catalogue of public scopes.

use crate::contract::scopes::ScopeInput;
use crate::domain::views::{AvailableScope, CatalogueEntry, ScopeDetail, ScopeSummary};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

#[server(endpoint = "my_scopes", input = GetUrl)]
pub async fn my_scopes(environment: String) -> Result<Vec<ScopeSummary>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::list_own(&state, &user, &environment).await
}

#[server(endpoint = "create_scope", input = Json)]
pub async fn create_scope(environment: String, input: ScopeInput) -> Result<String, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let scope = input.parse()?;
    crate::server::services::scopes::create(&state, &user, &environment, scope).await
}

#[server(endpoint = "scope_detail", input = GetUrl)]
pub async fn get_scope_detail(id: String) -> Result<ScopeDetail, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::detail(&state, &user, &id).await
}

#[server(endpoint = "update_scope", input = Json)]
pub async fn update_scope(id: String, input: ScopeInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let settings = input.parse_settings()?;
    crate::server::services::scopes::update(&state, &user, &id, settings).await
}

#[server(endpoint = "set_scope_active", input = Json)]
pub async fn set_scope_active(id: String, active: bool) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::set_active(&state, &user, &id, active).await
}

#[server(endpoint = "add_scope_access", input = Json)]
pub async fn add_scope_access(id: String, org_number: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::add_access(&state, &user, &id, &org_number).await
}

#[server(endpoint = "remove_scope_access", input = Json)]
pub async fn remove_scope_access(id: String, org_number: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::remove_access(&state, &user, &id, &org_number).await
}

#[server(endpoint = "available_scopes", input = GetUrl)]
pub async fn available_scopes(environment: String) -> Result<Vec<AvailableScope>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::available(&state, &user, &environment).await
}

#[server(endpoint = "scope_catalogue", input = GetUrl)]
pub async fn scope_catalogue(environment: String) -> Result<Vec<CatalogueEntry>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::catalogue(&state, &user, &environment).await
}

#[server(endpoint = "request_scope_access", input = Json)]
pub async fn request_scope_access(id: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::request_access(&state, &user, &id).await
}

#[server(endpoint = "decide_access_request", input = Json)]
pub async fn decide_access_request(request_id: String, approve: bool) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::decide_access_request(&state, &user, &request_id, approve).await
}
