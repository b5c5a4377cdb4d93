//! "Bestill prefiks" (a provider asks) and "Prefiksbestillinger" (the operator answers).

use crate::contract::prefix_requests::PrefixRequestInput;
use crate::domain::views::PrefixRequestEntry;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

#[server(endpoint = "request_prefix", input = Json)]
pub async fn request_prefix(input: PrefixRequestInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let order = input.parse()?;
    crate::server::services::prefix_requests::request(&state, &user, order).await
}

#[server(endpoint = "prefix_requests", input = GetUrl)]
pub async fn list_prefix_requests() -> Result<Vec<PrefixRequestEntry>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::prefix_requests::list_open(&state, &user).await
}

/// "Godkjenn" (`approve`) or "Avslå" a "Bestill prefiks" request.
#[server(endpoint = "decide_prefix_request", input = Json)]
pub async fn decide_prefix_request(request_id: String, approve: bool) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::prefix_requests::decide(&state, &user, &request_id, approve).await
}
