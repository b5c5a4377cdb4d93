//! Registering, confirming, logging in and out.

use crate::contract::accounts::RegisterInput;
use crate::domain::views::{OrgSummary, RegisterReceipt, SessionInfo};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

/// The logged-in person, or `None`.
#[server(endpoint = "session_info", input = GetUrl)]
pub async fn get_session() -> Result<Option<SessionInfo>, AppError> {
    let state = super::ctx::state()?;
    let Some(user) = super::ctx::optional_user(&state).await? else { return Ok(None) };
    crate::server::services::accounts::session_info(&state, &user).await.map(Some)
}

/// Which organisation an e-mail address would be tied to (shown before registering).
#[server(endpoint = "email_organisation", input = Json)]
pub async fn email_organisation(email: String) -> Result<OrgSummary, AppError> {
    let state = super::ctx::state()?;
    crate::server::services::accounts::org_for_email(&state, &email).await
}

#[server(endpoint = "register", input = Json)]
pub async fn register(input: RegisterInput) -> Result<RegisterReceipt, AppError> {
    let state = super::ctx::state()?;
    let registration = input.parse()?;
    crate::server::services::accounts::register(&state, registration).await
}

/// Confirms the address behind an e-mailed link.
#[server(endpoint = "confirm_email", input = Json)]
pub async fn confirm_email(token: String) -> Result<OrgSummary, AppError> {
    let state = super::ctx::state()?;
    crate::server::services::accounts::confirm(&state, &token).await
}

#[server(endpoint = "login", input = Json)]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let token = crate::server::services::accounts::login(&state, &email, &password, &super::ctx::client_ip(&state)).await?;
    super::ctx::set_cookie(crate::server::session::session_cookie(&token, state.config.secure_cookies()));
    Ok(())
}

#[server(endpoint = "logout", input = Json)]
pub async fn logout() -> Result<(), AppError> {
    let state = super::ctx::state()?;
    if let Some(token) = super::ctx::session_token() {
        crate::server::services::accounts::logout(&state, &token).await?;
    }
    super::ctx::set_cookie(crate::server::session::clear_cookie(state.config.secure_cookies()));
    Ok(())
}
