//! The HTTP face of each environment's issuer, `{PUBLIC_URL}/maskinporten/{env}/`:
//! metadata, the JWKS and the token endpoint, answering as Maskinporten does so a
//! Maskinporten client library works by changing only its URLs.

use super::services::tokens::{self, GrantFailure};
use super::AppState;
use crate::error::AppError;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/maskinporten/{env}/.well-known/oauth-authorization-server", get(metadata))
        .route("/maskinporten/{env}/jwk", get(jwk))
        .route("/maskinporten/{env}/token", post(token))
}

async fn metadata(State(state): State<AppState>, Path(env): Path<String>) -> Response {
    match tokens::metadata(&state, &env) {
        Ok(m) => Json(m).into_response(),
        Err(e) => refusal(e),
    }
}

async fn jwk(State(state): State<AppState>, Path(env): Path<String>) -> Response {
    match tokens::jwks(&state, &env).await {
        Ok(keys) => {
            let mut res = Json(keys).into_response();
            // Clients cache the keys; a rotated key is published long before it signs.
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
            res
        }
        Err(e) => refusal(e),
    }
}

async fn token(State(state): State<AppState>, Path(env): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    if state.config.environment(&env).is_none() {
        return refusal(AppError::NotFound(format!("No environment {env}.")));
    }
    let form_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !form_type.starts_with("application/x-www-form-urlencoded") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_request", "error_description": "Send the request as application/x-www-form-urlencoded with grant_type and assertion."}),
        );
    }
    let mut grant_type = None;
    let mut assertion = None;
    for (k, v) in form_urlencoded_pairs(&body) {
        let slot = match k.as_str() {
            "grant_type" => &mut grant_type,
            "assertion" => &mut assertion,
            _ => continue,
        };
        if slot.is_some() {
            return oauth_error(StatusCode::BAD_REQUEST, json!({"error": "invalid_request", "error_description": format!("{k} is given twice.")}));
        }
        *slot = Some(v);
    }
    match tokens::grant(&state, &env, grant_type.as_deref(), assertion.as_deref()).await {
        Ok(t) => {
            let mut res = Json(t).into_response();
            no_store(&mut res);
            res
        }
        Err(GrantFailure::Refused(e)) => oauth_error(StatusCode::BAD_REQUEST, serde_json::to_value(e).unwrap_or_default()),
        Err(GrantFailure::Throttled(wait)) => {
            let mut res = oauth_error(
                StatusCode::TOO_MANY_REQUESTS,
                json!({"error": "slow_down", "error_description": format!("Too many token requests for this integration; wait {wait} s. Reuse a token until it expires.")}),
            );
            if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
        Err(GrantFailure::Internal(e)) => {
            tracing::error!(error = %e, "token grant failed");
            oauth_error(StatusCode::INTERNAL_SERVER_ERROR, json!({"error": "server_error", "error_description": "Something failed on our side; try again."}))
        }
    }
}

/// `application/x-www-form-urlencoded` pairs, percent- and plus-decoded.
fn form_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
    body.split(|b| *b == b'&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let mut kv = pair.splitn(2, |b| *b == b'=');
            let k = kv.next().unwrap_or_default();
            let v = kv.next().unwrap_or_default();
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < raw.len() => {
                let hex = std::str::from_utf8(&raw[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn no_store(res: &mut Response) {
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.headers_mut().insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

fn oauth_error(status: StatusCode, body: serde_json::Value) -> Response {
    let mut res = (status, Json(body)).into_response();
    no_store(&mut res);
    res
}

fn refusal(e: AppError) -> Response {
    let status = super::refusals::status_of(&e);
    (status, Json(json!({"error": if status == StatusCode::NOT_FOUND { "not_found" } else { "server_error" }, "error_description": e.to_string()})))
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_decoding() {
        let pairs = form_urlencoded_pairs(b"grant_type=urn%3Aietf%3Aparams&assertion=a.b-c_d&x=%zz+y&z=%4");
        assert_eq!(pairs[0], ("grant_type".into(), "urn:ietf:params".into()));
        assert_eq!(pairs[1], ("assertion".into(), "a.b-c_d".into()));
        assert_eq!(pairs[2], ("x".into(), "%zz y".into()));
        assert_eq!(pairs[3], ("z".into(), "%4".into()));
    }
}
