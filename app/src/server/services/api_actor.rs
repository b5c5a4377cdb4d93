//! The person the services see when an integration calls the REST API: a user row per
//! integration (so audit records say "API-klient <client_id>"), acting for the token's
//! organisation with the rights its scopes imply, and nothing else.

use super::tokens::VerifiedToken;
use crate::domain::token::SCOPES_WRITE;
use crate::domain::Right;
use crate::error::AppError;
use crate::server::session::CurrentUser;
use crate::server::{store, AppState};

pub async fn act_as(state: &AppState, token: &VerifiedToken) -> Result<CurrentUser, AppError> {
    let mut conn = state.pool.acquire().await?;
    let org =
        store::orgs::by_number(&mut conn, &token.org_number).await?.ok_or_else(|| AppError::NotFound("The access token's organisation is unknown.".into()))?;
    // A token outlives changes to its integration; the API follows the registration as it
    // is now, so deactivating an integration (or moving it away) stops its calls at once.
    let live = store::clients::by_id(&mut conn, &token.client_id).await?;
    if !live.is_some_and(|c| c.active && c.environment == token.environment && c.org_id == org.id) {
        return Err(AppError::NotFound("The access token's integration is deactivated or no longer exists; it cannot use the API.".into()));
    }
    let user_id = store::users::api_user(&mut conn, &token.client_id).await?;
    let mut rights = Vec::new();
    if token.scopes.iter().any(|s| s.starts_with("idporten:dcr.")) {
        rights.push(Right::ManageIntegrations);
    }
    if token.scopes.iter().any(|s| s == SCOPES_WRITE) {
        rights.push(Right::ManageApis);
    }
    Ok(CurrentUser {
        user_id,
        session_hash: String::new(),
        org_id: Some(org.id),
        email: store::users::api_user_email(&token.client_id),
        name: format!("API-klient {}", token.client_id),
        is_operator: false,
        rights,
        // The token was got with the integration's private key: that is the strong factor
        // production asks for.
        totp_enrolled: true,
        stepped_up: true,
    })
}
