//! TOTP enrolment and the production step-up.

use crate::domain::audit::AuditAction;
use crate::domain::views::TotpEnrolment;
use crate::domain::TotpCode;
use crate::error::AppError;
use crate::server::{session::CurrentUser, store, totp, AppState};

pub async fn start_enrolment(state: &AppState, user: &CurrentUser) -> Result<TotpEnrolment, AppError> {
    let secret = totp::new_secret();
    let mut conn = state.pool.acquire().await?;
    store::users::set_totp_pending(&mut conn, &user.user_id, &secret).await?;
    let uri = totp::otpauth_uri(&secret, &user.email);
    Ok(TotpEnrolment { qr_svg: totp::qr_svg(&uri), otpauth_uri: uri, secret })
}

/// Counts one code attempt for the person and the session (see `RateLimiter::reserve`).
fn reserve_attempt(state: &AppState, user: &CurrentUser) -> Result<(), AppError> {
    state
        .code_limiter
        .reserve(&user.user_id, &user.session_hash)
        .map_err(|wait| AppError::TooManyRequests(format!("For mange feil engangskoder. Vent {} minutter og prøv igjen.", wait.div_ceil(60))))
}

fn wrong_code() -> AppError {
    AppError::field("code", "Engangskoden stemmer ikke. Skriv inn koden appen viser nå (den byttes hvert 30. sekund).")
}

pub async fn confirm_enrolment(state: &AppState, user: &CurrentUser, code: &str) -> Result<(), AppError> {
    let code = TotpCode::parse(code).map_err(|m| AppError::field("code", m))?;
    reserve_attempt(state, user)?;
    let mut tx = super::begin_write(&state.pool).await?;
    let row = store::users::by_id(&mut tx, &user.user_id).await?.ok_or(AppError::Internal)?;
    let pending = row.totp_pending_secret.ok_or_else(|| AppError::Conflict("Start oppsettet av engangskoder først.".into()))?;
    let step = totp::verify(&pending, code.as_str(), crate::server::now(), None).ok_or_else(wrong_code)?;
    state.code_limiter.release(&user.user_id, &user.session_hash);
    store::users::activate_totp(&mut tx, &user.user_id, step).await?;
    store::sessions::mark_stepped_up(&mut tx, &user.session_hash).await?;
    store::audit::record(&mut tx, Some(&user.user_id), user.org_id.as_deref(), AuditAction::UserTotpEnrolled, None, None).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn step_up(state: &AppState, user: &CurrentUser, code: &str) -> Result<(), AppError> {
    let code = TotpCode::parse(code).map_err(|m| AppError::field("code", m))?;
    reserve_attempt(state, user)?;
    let mut tx = super::begin_write(&state.pool).await?;
    let row = store::users::by_id(&mut tx, &user.user_id).await?.ok_or(AppError::Internal)?;
    let secret = row.totp_secret.ok_or_else(|| AppError::Conflict("Sett opp engangskoder under «Min profil» først.".into()))?;
    let step = totp::verify(&secret, code.as_str(), crate::server::now(), row.totp_last_step).ok_or_else(wrong_code)?;
    if !store::users::use_totp_step(&mut tx, &user.user_id, step).await? {
        return Err(wrong_code());
    }
    state.code_limiter.release(&user.user_id, &user.session_hash);
    store::sessions::mark_stepped_up(&mut tx, &user.session_hash).await?;
    store::audit::record(&mut tx, Some(&user.user_id), user.org_id.as_deref(), AuditAction::UserSteppedUp, None, None).await?;
    tx.commit().await?;
    Ok(())
}
