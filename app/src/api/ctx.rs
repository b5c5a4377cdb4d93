//! The request a server function runs in: state, caller, cookies.

use crate::error::AppError;
use crate::server::{session, session::CurrentUser, AppState};
use axum::http::{header::SET_COOKIE, request::Parts, HeaderValue};
use leptos::prelude::use_context;

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The caller's session token, from the cookie.
pub fn session_token() -> Option<String> {
    parts().and_then(|p| session::token_from_headers(&p.headers))
}

/// The caller's address, for rate limits: the socket peer, or behind a configured trusted
/// proxy the client it names (`server::client_addr`); "unknown" without a socket (tests).
pub fn client_ip(state: &AppState) -> String {
    let parts = parts();
    let peer = parts.as_ref().and_then(|p| p.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip()));
    let forwarded = parts.as_ref().and_then(|p| p.headers.get("x-forwarded-for")).and_then(|v| v.to_str().ok());
    crate::server::client_addr::client_address(peer, forwarded, &state.config.trusted_proxies)
}

pub async fn optional_user(state: &AppState) -> Result<Option<CurrentUser>, AppError> {
    let Some(token) = session_token() else { return Ok(None) };
    let mut conn = state.pool.acquire().await?;
    Ok(session::load(&mut conn, &token).await?)
}

pub async fn require_user(state: &AppState) -> Result<CurrentUser, AppError> {
    optional_user(state).await?.ok_or(AppError::Unauthenticated)
}

pub fn set_cookie(value: String) {
    if let (Some(res), Ok(v)) = (use_context::<leptos_axum::ResponseOptions>(), HeaderValue::from_str(&value)) {
        res.append_header(SET_COOKIE, v);
    }
}
