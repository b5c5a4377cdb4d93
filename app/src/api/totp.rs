//! "Min profil": TOTP enrolment and the production step-up.

use crate::domain::views::TotpEnrolment;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Starts (or restarts) enrolment: a new secret, shown once, not active until confirmed.
#[server(endpoint = "start_totp_enrolment", input = Json)]
pub async fn start_totp_enrolment() -> Result<TotpEnrolment, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::totp::start_enrolment(&state, &user).await
}

/// Confirms enrolment with a code from the app; this also counts as this session's step-up.
#[server(endpoint = "confirm_totp_enrolment", input = Json)]
pub async fn confirm_totp_enrolment(code: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::totp::confirm_enrolment(&state, &user, &code).await
}

/// The production step-up: a fresh one-time code for this session.
#[server(endpoint = "step_up", input = Json)]
pub async fn step_up(code: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::totp::step_up(&state, &user, &code).await
}
