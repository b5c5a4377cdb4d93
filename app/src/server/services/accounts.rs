//! Registration by work e-mail, confirmation by e-mailed link, login and logout. Passwords
//! (forgotten, changed) and ending every session are in [`passwords`]; the e-mailed links'
//! tokens are struck out of the outbox once dead by [`links`].
//!
//! An address cannot be squatted: a registration nobody confirms only holds its address
//! until its link expires, and registering the address again before then replaces it (new
//! name, password and link; the old link stops working). Only a confirmed account keeps
//! its address for good.

pub mod links;
pub mod passwords;

use crate::domain::audit::AuditAction;
use crate::domain::commands::Registration;
use crate::domain::views::{OrgSummary, RegisterReceipt, SessionInfo};
use crate::domain::Email;
use crate::error::AppError;
use crate::server::{crypto, session::CurrentUser, store, AppState};
use serde_json::json;
use sqlx::AnyConnection;

/// Confirmation links work for three days; an account not confirmed by then has expired.
pub const CONFIRMATION_SECONDS: i64 = 3 * 24 * 3600;

/// A registration nobody confirmed within the link's lifetime: treated as if it did not
/// exist, and deleted when next seen by [`delete_expired`].
fn expired_registration(user: &store::users::UserRow, now: i64) -> bool {
    user.confirmed_at.is_none() && user.created_at < now - CONFIRMATION_SECONDS
}

/// Deletes every expired registration with its links, in the caller's transaction, and
/// strikes its link out of the outbox. Such an account was never confirmed, so it never
/// logged in and never held rights: nothing else refers to it (the audit log keeps its
/// history). Returns how many were deleted.
pub async fn delete_expired(conn: &mut AnyConnection) -> Result<usize, AppError> {
    let mut deleted = 0;
    for user in store::users::unconfirmed_before(conn, crate::server::now() - CONFIRMATION_SECONDS).await? {
        store::users::delete_confirmations(conn, &user.id).await?;
        store::password_resets::delete_for_user(conn, &user.id).await?;
        if store::users::delete_unconfirmed(conn, &user.id).await? {
            deleted += 1;
            let before = json!({"email": user.email, "name": user.name});
            store::audit::record(conn, None, user.org_id.as_deref(), AuditAction::UserRegistrationExpired, Some(before), None).await?;
            links::strike_dead(conn, &user.email).await?;
        }
    }
    Ok(deleted)
}

/// The clean-up at start: expired registrations go (registration also does it as it goes).
pub async fn expire_registrations(state: &AppState) -> Result<usize, AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let n = delete_expired(&mut tx).await?;
    tx.commit().await?;
    Ok(n)
}

fn unknown_domain(domain: &str) -> AppError {
    AppError::field(
        "email",
        format!(
            "Domenet «{domain}» er ikke registrert på noen virksomhet. Bruk jobbadressen din, eller be plattformoperatøren (servicedesk) om å registrere domenet for virksomheten din."
        ),
    )
}

pub async fn org_for_email(state: &AppState, email: &str) -> Result<OrgSummary, AppError> {
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    let mut conn = state.pool.acquire().await?;
    let org = store::orgs::by_domain(&mut conn, email.domain().as_str()).await?.ok_or_else(|| unknown_domain(email.domain().as_str()))?;
    Ok(OrgSummary { org_number: org.org_number, name: org.name })
}

pub async fn register(state: &AppState, parsed: Registration) -> Result<RegisterReceipt, AppError> {
    let org = {
        let mut conn = state.pool.acquire().await?;
        let org = store::orgs::by_domain(&mut conn, parsed.email.domain().as_str()).await?.ok_or_else(|| unknown_domain(parsed.email.domain().as_str()))?;
        // Checked before the costly hash; checked again in the transaction.
        if store::users::by_email(&mut conn, parsed.email.as_str()).await?.is_some_and(|u| u.confirmed_at.is_some()) {
            return Err(duplicate_email());
        }
        org
    };
    let hash = {
        let _slot = state.password_work.slot().await?;
        crypto::hash_password(parsed.password.expose()).await?
    };
    let token = crypto::random_token();
    let mut tx = super::begin_write(&state.pool).await?;
    delete_expired(&mut tx).await?;
    let after = json!({"email": parsed.email.as_str(), "name": parsed.name.as_str()});
    let user_id = match store::users::by_email(&mut tx, parsed.email.as_str()).await? {
        Some(existing) if existing.confirmed_at.is_some() => return Err(duplicate_email()),
        // Someone registered the address and never confirmed it: this registration takes
        // its place, and the earlier link stops working.
        Some(existing) => {
            if !store::users::replace_unconfirmed(&mut tx, &existing.id, &org.id, parsed.name.as_str(), &hash).await? {
                return Err(duplicate_email());
            }
            store::users::delete_confirmations(&mut tx, &existing.id).await?;
            let before = json!({"email": existing.email, "name": existing.name});
            store::audit::record(&mut tx, Some(&existing.id), Some(&org.id), AuditAction::UserRegistrationReplaced, Some(before), Some(after)).await?;
            existing.id
        }
        None => {
            let user_id = store::users::insert(
                &mut tx,
                store::users::NewUser {
                    org_id: Some(&org.id),
                    email: parsed.email.as_str(),
                    name: parsed.name.as_str(),
                    password_hash: &hash,
                    confirmed: false,
                    is_operator: false,
                },
            )
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::Conflict(_) => duplicate_email(),
                other => other,
            })?;
            store::audit::record(&mut tx, Some(&user_id), Some(&org.id), AuditAction::UserRegistered, None, Some(after)).await?;
            user_id
        }
    };
    store::users::create_confirmation(&mut tx, &user_id, &crypto::token_hash(&token), crate::server::now() + CONFIRMATION_SECONDS).await?;
    let link = format!("{}/bekreft?token={token}", state.config.public_url);
    store::outbox::enqueue(
        &mut tx,
        parsed.email.as_str(),
        "Bekreft brukeren din i Selvbetjening",
        &format!(
            "Hei {}!\n\nDu har registrert deg i Selvbetjening for {} ({}).\nBekreft brukeren ved å åpne denne lenken:\n\n{link}\n\nLenken virker i tre dager. Har du ikke registrert deg, kan du se bort fra denne e-posten.",
            parsed.name, org.name, org.org_number
        ),
    )
    .await?;
    // A replaced registration's link is dead now.
    links::strike_dead(&mut tx, parsed.email.as_str()).await?;
    tx.commit().await?;
    Ok(RegisterReceipt { email: parsed.email.to_string(), org: OrgSummary { org_number: org.org_number, name: org.name } })
}

fn duplicate_email() -> AppError {
    AppError::field("email", "Det finnes allerede en bruker med denne e-postadressen. Logg inn i stedet.")
}

pub async fn confirm(state: &AppState, token: &str) -> Result<OrgSummary, AppError> {
    let hash = crypto::token_hash(token.trim());
    let mut tx = super::begin_write(&state.pool).await?;
    let (user_id, expires_at, used_at) = store::users::confirmation(&mut tx, &hash)
        .await?
        .ok_or_else(|| AppError::NotFound("Bekreftelseslenken er ugyldig. Kopier hele lenken fra e-posten.".into()))?;
    if used_at.is_none() {
        if expires_at < crate::server::now() {
            return Err(AppError::Conflict("Bekreftelseslenken har gått ut. Registrer deg på nytt.".into()));
        }
        store::users::mark_confirmed(&mut tx, &user_id).await?;
        store::users::use_confirmation(&mut tx, &hash).await?;
    }
    let user = store::users::by_id(&mut tx, &user_id).await?.ok_or(AppError::Internal)?;
    if used_at.is_none() {
        links::strike_dead(&mut tx, &user.email).await?;
    }
    let org = match &user.org_id {
        Some(id) => store::orgs::by_id(&mut tx, id).await?,
        None => None,
    }
    .ok_or(AppError::Internal)?;
    if used_at.is_none() {
        store::audit::record(&mut tx, Some(&user_id), Some(&org.id), AuditAction::UserConfirmed, None, Some(json!({"email": user.email}))).await?;
    }
    tx.commit().await?;
    Ok(OrgSummary { org_number: org.org_number, name: org.name })
}

/// Checks the password and opens a session; returns the session token for the cookie.
/// A wrong e-mail and a wrong password get the same answer.
pub async fn login(state: &AppState, email: &str, password: &str, ip: &str) -> Result<String, AppError> {
    let wrong = || AppError::field("form", "Feil e-post eller passord.");
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    if password.is_empty() {
        return Err(AppError::field("password", "Passord må fylles ut."));
    }
    // Reserved before the password is checked, so parallel guesses are counted too.
    if let Err(wait) = state.login_limiter.reserve(email.as_str(), ip) {
        return Err(AppError::TooManyRequests(format!("For mange mislykkede innloggingsforsøk. Vent {} minutter og prøv igjen.", wait.div_ceil(60))));
    }
    let user = {
        let mut conn = state.pool.acquire().await?;
        let now = crate::server::now();
        store::users::by_email(&mut conn, email.as_str()).await?.filter(|u| !expired_registration(u, now))
    };
    let slot = state.password_work.slot().await.inspect_err(|_| state.login_limiter.cancel(email.as_str(), ip))?;
    let verified = crypto::verify_password(password, user.as_ref().map(|u| u.password_hash.clone())).await;
    drop(slot);
    let Some(user) = user.filter(|_| verified) else {
        return Err(wrong());
    };
    state.login_limiter.release(email.as_str(), ip);
    if user.confirmed_at.is_none() {
        return Err(AppError::field(
            "form",
            "Brukeren er ikke bekreftet ennå. Trykk på lenken i e-posten vi sendte deg (sjekk søppelpost om den ikke har kommet frem).",
        ));
    }
    let token = crypto::random_token();
    let mut tx = super::begin_write(&state.pool).await?;
    store::sessions::create(&mut tx, &crypto::token_hash(&token), &user.id).await?;
    store::audit::record(&mut tx, Some(&user.id), user.org_id.as_deref(), AuditAction::UserLoggedIn, None, None).await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn logout(state: &AppState, token: &str) -> Result<(), AppError> {
    let mut conn = state.pool.acquire().await?;
    store::sessions::end(&mut conn, &crypto::token_hash(token)).await?;
    Ok(())
}

pub async fn session_info(state: &AppState, user: &CurrentUser) -> Result<SessionInfo, AppError> {
    let mut conn = state.pool.acquire().await?;
    let org = match &user.org_id {
        Some(id) => store::orgs::by_id(&mut conn, id).await?.map(|o| OrgSummary { org_number: o.org_number, name: o.name }),
        None => None,
    };
    Ok(SessionInfo {
        name: user.name.clone(),
        email: user.email.clone(),
        org,
        is_operator: user.is_operator,
        rights: user.rights.clone(),
        totp_enrolled: user.totp_enrolled,
        stepped_up: user.stepped_up,
        admin_step_up: super::admin_step_up(state, user),
    })
}
