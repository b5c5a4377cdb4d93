//! Refusals answered as refusals. server_fn 0.8 sends every error a server function
//! returns with status 500, so a wrong password, a missing right or another
//! organisation's id looked like a fault to monitoring. This layer reads the `AppError` a
//! server function answered with (JSON) and gives the response the status that says what
//! it is; the body is unchanged, and the browser decodes it as before (it reads the error
//! of any 4xx or 5xx answer). Request bodies are limited too, before any work is done.

use crate::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest request body the portal takes: far above any form (the Markdown
/// documentation, at most 20,000 characters, is the largest), far below what would hurt.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Server functions answer errors in a few hundred bytes; never buffer more than this.
const MAX_ERROR_BYTES: usize = 1024 * 1024;

/// The status for a refusal; `Internal` stays a 500.
pub fn status_of(err: &AppError) -> StatusCode {
    match err {
        AppError::Validation(_) => StatusCode::BAD_REQUEST,
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
        // The arguments could not be read (bad JSON, a missing field): the request's fault.
        AppError::Transport(_) => StatusCode::BAD_REQUEST,
        AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Middleware: a 500 from a server function (`/api/…`) that carries an `AppError` gets the
/// error's own status.
pub async fn refusal_status(req: Request, next: Next) -> Response {
    let server_fn = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !server_fn || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_of(&err);
    }
    Response::from_parts(parts, Body::from(bytes))
}
