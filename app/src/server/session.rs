//! Who is asking: the session cookie, and the user behind it.

use crate::domain::{Right, Subject};
use crate::server::store;
use axum::http::{header, HeaderMap};
use sqlx::AnyConnection;

pub const COOKIE: &str = "sb_session";

/// The logged-in person behind a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user_id: String,
    /// The stored hash of the session token (never the token itself).
    pub session_hash: String,
    pub org_id: Option<String>,
    pub email: String,
    pub name: String,
    pub is_operator: bool,
    pub rights: Vec<Right>,
    pub totp_enrolled: bool,
    pub stepped_up: bool,
}

impl CurrentUser {
    pub fn subject(&self) -> Subject {
        Subject {
            org_id: self.org_id.clone(),
            rights: self.rights.clone(),
            is_operator: self.is_operator,
            totp_enrolled: self.totp_enrolled,
            stepped_up: self.stepped_up,
        }
    }
}

/// A step-up lasts this long; then production work asks for a fresh one-time code.
pub const STEP_UP_SECONDS: i64 = 15 * 60;

/// Loads the user of a live session token.
pub async fn load(conn: &mut AnyConnection, token: &str) -> Result<Option<CurrentUser>, sqlx::Error> {
    let hash = super::crypto::token_hash(token);
    let Some((user_id, stepped_up_at)) = store::sessions::live(conn, &hash).await? else {
        return Ok(None);
    };
    let Some(user) = store::users::by_id(conn, &user_id).await? else {
        return Ok(None);
    };
    let rights = match &user.org_id {
        Some(org) => store::rights::active(conn, &user.id, org).await?,
        None => Vec::new(),
    };
    Ok(Some(CurrentUser {
        user_id: user.id,
        session_hash: hash,
        org_id: user.org_id,
        email: user.email,
        name: user.name,
        is_operator: user.is_operator,
        rights,
        totp_enrolled: user.totp_secret.is_some(),
        stepped_up: stepped_up_at.is_some_and(|at| super::now() - at < STEP_UP_SECONDS),
    }))
}

pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

/// `HttpOnly` so scripts cannot read it, `SameSite=Lax` so other sites cannot post with
/// it, `Secure` when served over https.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let max_age = store::sessions::SESSION_SECONDS;
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}", if secure { "; Secure" } else { "" })
}

pub fn clear_cookie(secure: bool) -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}", if secure { "; Secure" } else { "" })
}
