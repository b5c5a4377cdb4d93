//! "Krever oppmerksomhet" on the front page.

use crate::domain::views::AttentionItem;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// "Krever oppmerksomhet" on the front page, for the logged-in person's organisation.
#[server(endpoint = "attention", input = GetUrl)]
pub async fn attention() -> Result<Vec<AttentionItem>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::attention::items(&state, &user).await
}
