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

/// The caller's address, for rate limits: the socket peer, or "unknown" (in tests).
pub fn client_ip() -> String {
    parts()
        .and_then(|p| p.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string()))
        .unwrap_or_else(|| "unknown".into())
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
