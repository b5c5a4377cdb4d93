//! "Glemt passord?" → "Nytt passord", "Endre passord" and "Logg ut overalt".
//!
//! A new password, however it is set, ends the person's other sessions and every
//! outstanding reset link, and the owner is e-mailed. It never touches the second factor
//! (TOTP) and is no step-up.

use super::links;
use crate::domain::audit::AuditAction;
use crate::domain::commands::PasswordChange;
use crate::domain::{Email, Password};
use crate::error::AppError;
use crate::server::{crypto, session::CurrentUser, store, AppState};
use serde_json::json;
use sqlx::AnyConnection;

/// A reset link works for 30 minutes, once.
pub const RESET_SECONDS: i64 = 30 * 60;

/// "Glemt passord?": e-mails a link if the address belongs to a confirmed account. The
/// answer is the same either way (no one learns which addresses have accounts), and the
/// requests are limited per address and per client address whether or not it exists.
pub async fn request_reset(state: &AppState, email: Email, ip: &str) -> Result<(), AppError> {
    state
        .reset_limiter
        .reserve(email.as_str(), ip)
        .map_err(|wait| AppError::TooManyRequests(format!("For mange forespørsler om ny lenke. Vent {} minutter og prøv igjen.", wait.div_ceil(60))))?;
    let mut tx = crate::server::services::begin_write(&state.pool).await?;
    let user = store::users::by_email(&mut tx, email.as_str()).await?.filter(|u| u.confirmed_at.is_some());
    if let Some(user) = user {
        let token = crypto::random_token();
        store::password_resets::create(&mut tx, &crypto::token_hash(&token), &user.id, crate::server::now() + RESET_SECONDS).await?;
        let link = format!("{}/nytt-passord?token={token}", state.config.public_url);
        let body = format!(
            "Hei {}!\n\nNoen (forhåpentlig du) har bedt om å lage nytt passord for brukeren din i Selvbetjening.\nLag et nytt passord ved å åpne denne lenken:\n\n{link}\n\nLenken virker i 30 minutter og kan brukes én gang. Har du ikke bedt om dette, kan du se bort fra denne e-posten; passordet ditt er ikke endret.",
            user.name
        );
        store::outbox::enqueue(&mut tx, &user.email, "Nytt passord i Selvbetjening", &body).await?;
        store::audit::record(&mut tx, Some(&user.id), user.org_id.as_deref(), AuditAction::UserPasswordResetRequested, None, None).await?;
    }
    tx.commit().await?;
    Ok(())
}

fn invalid_link() -> AppError {
    AppError::NotFound("Lenken for nytt passord er ugyldig eller allerede brukt. Be om en ny lenke under «Glemt passord?».".into())
}

/// "Nytt passord" from an e-mailed link: sets the password, uses up the link and every
/// other outstanding one, and ends all the person's sessions. The person logs in anew.
pub async fn reset(state: &AppState, token: &str, password: Password) -> Result<(), AppError> {
    let hash = crypto::token_hash(token.trim());
    let user_id = {
        let mut conn = state.pool.acquire().await?;
        let (user_id, expires_at, used_at) = store::password_resets::find(&mut conn, &hash).await?.ok_or_else(invalid_link)?;
        if used_at.is_some() {
            return Err(invalid_link());
        }
        if expires_at <= crate::server::now() {
            return Err(AppError::Conflict("Lenken for nytt passord har gått ut (den virker i 30 minutter). Be om en ny under «Glemt passord?».".into()));
        }
        user_id
    };
    let new_hash = {
        let _slot = state.password_work.slot().await?;
        crypto::hash_password(password.expose()).await?
    };
    let mut tx = crate::server::services::begin_write(&state.pool).await?;
    // Checked again under the write lock: of two requests with one link, one wins.
    if !store::password_resets::use_token(&mut tx, &hash).await? {
        return Err(invalid_link());
    }
    let user = store::users::by_id(&mut tx, &user_id).await?.ok_or(AppError::Internal)?;
    let ended = new_password(&mut tx, &user, &new_hash, None).await?;
    store::audit::record(&mut tx, Some(&user.id), user.org_id.as_deref(), AuditAction::UserPasswordReset, None, Some(json!({"sessions_ended": ended}))).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores the new hash, ends the sessions (all but `keep`), uses up every reset link and
/// tells the owner by e-mail. Returns how many sessions ended.
async fn new_password(conn: &mut AnyConnection, user: &store::users::UserRow, new_hash: &str, keep: Option<&str>) -> Result<u64, AppError> {
    store::users::set_password_hash(conn, &user.id, new_hash).await?;
    let ended = store::sessions::end_all_for_user(conn, &user.id, keep).await?;
    store::password_resets::invalidate_for_user(conn, &user.id).await?;
    let body = format!(
        "Hei {},\n\npassordet for brukeren din i Selvbetjening ble endret nå nettopp, og du er logget ut {}.\n\nVar det ikke deg, må du straks lage et nytt passord med «Glemt passord?» på innloggingssiden og kontakte hovedadministratoren i virksomheten din.\n",
        user.name,
        if keep.is_some() { "alle andre steder" } else { "overalt" }
    );
    store::outbox::enqueue(conn, &user.email, "Passordet ditt er endret", &body).await?;
    links::strike_dead(conn, &user.email).await?;
    Ok(ended)
}

fn too_many(wait: u64) -> AppError {
    AppError::TooManyRequests(format!("For mange mislykkede forsøk. Vent {} minutter og prøv igjen.", wait.div_ceil(60)))
}

/// "Endre passord": the current password must be right (wrong ones count against the same
/// limits as wrong logins, so a stolen session cannot be used to guess it); every other
/// session of the person ends, this one stays.
pub async fn change(state: &AppState, user: &CurrentUser, change: PasswordChange, ip: &str) -> Result<(), AppError> {
    let row = {
        let mut conn = state.pool.acquire().await?;
        store::users::by_id(&mut conn, &user.user_id).await?.ok_or(AppError::Internal)?
    };
    state.login_limiter.reserve(&row.email, ip).map_err(too_many)?;
    let slot = state.password_work.slot().await.inspect_err(|_| state.login_limiter.cancel(&row.email, ip))?;
    if !crypto::verify_password(&change.current, Some(row.password_hash.clone())).await {
        return Err(AppError::field("current_password", "Nåværende passord stemmer ikke."));
    }
    state.login_limiter.release(&row.email, ip);
    let new_hash = crypto::hash_password(change.new.expose()).await?;
    drop(slot);
    let mut tx = crate::server::services::begin_write(&state.pool).await?;
    let ended = new_password(&mut tx, &row, &new_hash, Some(&user.session_hash)).await?;
    store::audit::record(&mut tx, Some(&row.id), row.org_id.as_deref(), AuditAction::UserPasswordChanged, None, Some(json!({"sessions_ended": ended}))).await?;
    tx.commit().await?;
    Ok(())
}

/// "Logg ut overalt": ends every session of the person, this one too.
pub async fn logout_everywhere(state: &AppState, user: &CurrentUser) -> Result<u64, AppError> {
    let mut tx = crate::server::services::begin_write(&state.pool).await?;
    let ended = store::sessions::end_all_for_user(&mut tx, &user.user_id, None).await?;
    store::audit::record(
        &mut tx,
        Some(&user.user_id),
        user.org_id.as_deref(),
        AuditAction::UserLoggedOutEverywhere,
        None,
        Some(json!({"sessions_ended": ended})),
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}
