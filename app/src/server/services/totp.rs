//! TOTP enrolment and the production step-up.

use crate::domain::audit::AuditAction;
use crate::domain::views::TotpEnrolment;
use crate::domain::TotpCode;
use crate::error::AppError;
use crate::server::{session::CurrentUser, store, totp, AppState};

/// A person who already has one-time codes must prove the current ones (a step-up in this
/// session, within its 15 minutes) before replacing them: the password alone must never
/// be enough to take over the second factor.
fn require_current_factor(user: &CurrentUser) -> Result<(), AppError> {
    if user.totp_enrolled && !user.stepped_up {
        return Err(AppError::Forbidden(
            "Du har allerede engangskoder. Bekreft med en kode fra appen du bruker nå (gå til produksjonsmiljøet og trykk «Bekreft»), og sett så opp nye."
                .into(),
        ));
    }
    Ok(())
}

pub async fn start_enrolment(state: &AppState, user: &CurrentUser) -> Result<TotpEnrolment, AppError> {
    require_current_factor(user)?;
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
    require_current_factor(user)?;
    reserve_attempt(state, user)?;
    let mut tx = super::begin_write(&state.pool).await?;
    let row = store::users::by_id(&mut tx, &user.user_id).await?.ok_or(AppError::Internal)?;
    let pending = row.totp_pending_secret.ok_or_else(|| AppError::Conflict("Start oppsettet av engangskoder først.".into()))?;
    let step = totp::verify(&pending, code.as_str(), crate::server::now(), None).ok_or_else(wrong_code)?;
    state.code_limiter.release(&user.user_id, &user.session_hash);
    let replacing = row.totp_secret.is_some();
    store::users::activate_totp(&mut tx, &user.user_id, step).await?;
    if replacing {
        // Not a step-up (the session already has one), and the owner hears of it at once.
        let body = format!(
            "Hei {},\n\nengangskodene for brukeren din i Selvbetjening ble byttet til en ny autentiseringsapp nå nettopp.\n\nVar det ikke deg, må du endre passordet ditt straks og kontakte hovedadministratoren i virksomheten din.\n",
            user.name
        );
        store::outbox::enqueue(&mut tx, &user.email, "Engangskodene dine er byttet", &body).await?;
    } else {
        // The first enrolment proves the new factor in this session.
        store::sessions::mark_stepped_up(&mut tx, &user.session_hash).await?;
    }
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
