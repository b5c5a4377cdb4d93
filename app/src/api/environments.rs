//! The configured environments, and what the caller may do in one.

use crate::domain::views::{EnvironmentAccess, EnvironmentInfo};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(endpoint = "environments", input = GetUrl)]
pub async fn list_environments() -> Result<Vec<EnvironmentInfo>, AppError> {
    let state = super::ctx::state()?;
    Ok(crate::server::services::environments::list(&state))
}

#[server(endpoint = "environment_access", input = GetUrl)]
pub async fn get_environment_access(environment: String) -> Result<EnvironmentAccess, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::environments::access(&state, &user, &environment).await
}
