//! The self-service REST API under `/api/v1`: integrations, their keys, scopes and scope
//! access, through the same services (and so the same rules and messages) as the pages.
//! Callers authenticate with an access token from the portal's own token endpoint carrying
//! `idporten:dcr.read`, `idporten:dcr.write`, `idporten:dcr.modify` or
//! `idporten:scopes.write`. The OpenAPI 3.1 document is derived from the handlers
//! (`/api/v1/openapi.json`), with a plain page at `/api/v1/docs`.

pub mod auth;
mod clients;
mod docs;
mod scopes;

use crate::error::AppError;
use crate::server::AppState;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, delete, get, post};
use axum::{Json, Router};
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/clients", get(clients::list).post(clients::create))
        .route("/api/v1/clients/{id}", get(clients::get_one).put(clients::update))
        .route("/api/v1/clients/{id}/deactivate", post(clients::deactivate))
        .route("/api/v1/clients/{id}/keys", get(clients::keys).post(clients::add_key))
        .route("/api/v1/clients/{id}/keys/{kid}", delete(clients::remove_key))
        .route("/api/v1/scopes", get(scopes::list).post(scopes::create))
        .route("/api/v1/scopes/{id}", get(scopes::get_one).put(scopes::update))
        .route("/api/v1/scopes/{id}/access", get(scopes::access).post(scopes::add_access))
        .route("/api/v1/scopes/{id}/access/{org_number}", delete(scopes::remove_access))
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/docs", get(docs::page))
        // Anything else under /api/v1 is answered in JSON too, not by the pages' HTML 404.
        .route("/api/v1/{*rest}", any(unknown_operation))
}

async fn unknown_operation() -> ApiError {
    ApiError::App(AppError::NotFound("No such operation; the operations are listed at /api/v1/docs.".into()))
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Selvbetjening self-service API", version = "1", description = "Integrations, keys, scopes and scope access, as on the portal's pages. Authenticate with an access token from the portal's token endpoint ({PUBLIC_URL}/maskinporten/{env}/token)."),
    paths(
        clients::list, clients::create, clients::get_one, clients::update, clients::deactivate,
        clients::keys, clients::add_key, clients::remove_key,
        scopes::list, scopes::create, scopes::get_one, scopes::update,
        scopes::access, scopes::add_access, scopes::remove_access,
    ),
    components(schemas(ErrorBody, FieldErrorBody)),
    modifiers(&BearerAuth),
    tags((name = "clients", description = "Integrations (OAuth2 clients) and their keys"), (name = "scopes", description = "The organisation's own scopes and who may use them")),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token from {PUBLIC_URL}/maskinporten/{env}/token with the operation's scope."))
                    .build(),
            ),
        );
    }
}

async fn openapi_json() -> Response {
    let mut res = Json(ApiDoc::openapi()).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    res
}

/// Every refusal's body.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// `invalid_token`, `insufficient_scope`, `validation`, `forbidden`, `not_found`,
    /// `conflict`, `too_many_requests` or `server_error`.
    pub error: String,
    /// What was wrong, safe to show (Norwegian for the portal's own rules).
    pub message: String,
    /// For `validation`: the fields and their rules.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldErrorBody>,
}

#[derive(Serialize, ToSchema)]
pub struct FieldErrorBody {
    pub field: String,
    pub message: String,
}

/// Why a REST call was refused.
#[derive(Debug)]
pub enum ApiError {
    /// No token, or one that is not ours, not valid or expired: 401.
    Unauthorized(String),
    /// The token lacks the scope: 403.
    InsufficientScope(&'static str),
    Forbidden(String),
    App(AppError),
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error, message, fields, challenge) = match self {
            ApiError::Unauthorized(why) => {
                let challenge = format!("Bearer error=\"invalid_token\", error_description=\"{}\"", why.replace('"', "'"));
                (StatusCode::UNAUTHORIZED, "invalid_token", why, vec![], Some(challenge))
            }
            ApiError::InsufficientScope(scope) => (
                StatusCode::FORBIDDEN,
                "insufficient_scope",
                format!("The access token does not carry the scope {scope}."),
                vec![],
                Some(format!("Bearer error=\"insufficient_scope\", scope=\"{scope}\"")),
            ),
            ApiError::Forbidden(why) => (StatusCode::FORBIDDEN, "forbidden", why, vec![], None),
            ApiError::App(e) => {
                let status = crate::server::refusals::status_of(&e);
                let error = match &e {
                    AppError::Validation(_) | AppError::Transport(_) => "validation",
                    AppError::Unauthenticated => "invalid_token",
                    AppError::Forbidden(_) => "forbidden",
                    AppError::NotFound(_) => "not_found",
                    AppError::Conflict(_) => "conflict",
                    AppError::TooManyRequests(_) => "too_many_requests",
                    AppError::Internal => "server_error",
                };
                let fields = match &e {
                    AppError::Validation(list) => list.iter().map(|f| FieldErrorBody { field: f.field.clone(), message: f.message.clone() }).collect(),
                    _ => vec![],
                };
                (status, error, e.to_string(), fields, None)
            }
        };
        let mut res = (status, Json(ErrorBody { error: error.into(), message, fields })).into_response();
        if let Some(c) = challenge.and_then(|c| HeaderValue::from_str(&c).ok()) {
            res.headers_mut().insert(header::WWW_AUTHENTICATE, c);
        }
        res
    }
}

/// A JSON body the handler could not read: 400 with the reason, like any validation error.
pub fn bad_body(rejection: axum::extract::rejection::JsonRejection) -> ApiError {
    ApiError::App(AppError::field("body", format!("The request body is not the expected JSON: {}", rejection.body_text())))
}
