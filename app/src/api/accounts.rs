//! Registering, confirming, logging in and out; forgotten and changed passwords.

use crate::contract::accounts::{ChangePasswordInput, ForgotPasswordInput, NewPasswordInput, RegisterInput};
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

/// "Glemt passord?": the same answer whether or not the address has an account.
#[server(endpoint = "request_password_reset", input = Json)]
pub async fn request_password_reset(input: ForgotPasswordInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let email = input.parse()?;
    crate::server::services::accounts::passwords::request_reset(&state, email, &super::ctx::client_ip(&state)).await
}

/// "Nytt passord" from the e-mailed link; every session of the person ends.
#[server(endpoint = "reset_password", input = Json)]
pub async fn reset_password(token: String, input: NewPasswordInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let password = input.parse()?;
    crate::server::services::accounts::passwords::reset(&state, &token, password).await
}

/// "Endre passord" under "Min profil"; the person's other sessions end, this one stays.
#[server(endpoint = "change_password", input = Json)]
pub async fn change_password(input: ChangePasswordInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let change = input.parse()?;
    crate::server::services::accounts::passwords::change(&state, &user, change, &super::ctx::client_ip(&state)).await
}

/// "Logg ut overalt": every session of the person ends, this one too.
#[server(endpoint = "logout_everywhere", input = Json)]
pub async fn logout_everywhere() -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::accounts::passwords::logout_everywhere(&state, &user).await?;
    super::ctx::set_cookie(crate::server::session::clear_cookie(state.config.secure_cookies()));
    Ok(())
}
