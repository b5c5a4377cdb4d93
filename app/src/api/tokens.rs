//! "Test token" on the integration page.

use crate::domain::views::TokenTest;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Sends a signed assertion (never a private key) through the token endpoint for the
/// user's own integration `id`, and says what came back.
#[server(endpoint = "test_token", input = Json)]
pub async fn test_token(id: String, assertion: String) -> Result<TokenTest, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::tokens::test_assertion(&state, &user, &id, &assertion).await
}
