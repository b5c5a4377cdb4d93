//! `/api/v1/clients`: integrations and their keys, in the token's environment.

use super::auth::{Caller, DCR_MODIFY, DCR_READ, DCR_WRITE};
use super::{bad_body, ApiError, ErrorBody};
use crate::contract::clients::ClientInput;
use crate::domain::views::{ClientDetail, ClientSummary};
use crate::error::AppError;
use crate::server::services::{client_keys, clients};
use crate::server::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An integration.
#[derive(Serialize, ToSchema)]
pub struct ClientOut {
    pub client_id: String,
    pub environment: String,
    /// `maskinporten`, `krr`, `idporten` or `api_klient`.
    pub integration_type: String,
    pub name: String,
    /// Only on `GET /api/v1/clients/{id}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub scopes: Vec<String>,
    pub keys: Vec<String>,
    pub active: bool,
    /// The customer's organisation number, for a supplier's integration made for a customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
}

impl From<ClientSummary> for ClientOut {
    fn from(c: ClientSummary) -> Self {
        ClientOut {
            client_id: c.id,
            environment: c.environment,
            integration_type: c.integration_type.code().into(),
            name: c.name,
            description: None,
            scopes: c.scopes,
            keys: c.keys.into_iter().map(|k| k.kid).collect(),
            active: c.active,
            customer: c.customer.map(|o| o.org_number),
        }
    }
}

impl From<ClientDetail> for ClientOut {
    fn from(c: ClientDetail) -> Self {
        ClientOut {
            client_id: c.id,
            environment: c.environment,
            integration_type: c.integration_type.code().into(),
            name: c.name,
            description: Some(c.description),
            scopes: c.scopes.into_iter().map(|s| s.name).collect(),
            keys: c.keys.into_iter().map(|k| k.kid).collect(),
            active: c.active,
            customer: c.customer.map(|o| o.org_number),
        }
    }
}

/// A new or changed integration. The type is set at creation and ignored by `PUT`.
#[derive(Deserialize, ToSchema)]
pub struct ClientIn {
    /// `maskinporten`, `krr`, `idporten` or `api_klient`.
    #[serde(default)]
    pub integration_type: String,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    /// ID-porten only.
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
}

impl ClientIn {
    fn input(self) -> ClientInput {
        ClientInput {
            integration_type: self.integration_type,
            name: self.name,
            description: self.description,
            scopes: self.scopes,
            redirect_uris: self.redirect_uris.join("\n"),
            post_logout_redirect_uris: self.post_logout_redirect_uris.join("\n"),
            customer: String::new(),
        }
    }
}

/// A registered public key.
#[derive(Serialize, ToSchema)]
pub struct KeyOut {
    pub kid: String,
    /// The JWK as saved.
    #[schema(value_type = Object)]
    pub jwk: serde_json::Value,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A public key to add: a JWK (object), or text as on the page (a JWK, a JWK array, a JWKS
/// or a PEM public key or certificate). Never a private key.
#[derive(Deserialize, ToSchema)]
pub struct KeyIn {
    #[schema(value_type = Object)]
    pub key: serde_json::Value,
}

/// The integration, if it is the caller's own in the token's environment.
async fn own(state: &AppState, caller: &Caller, id: &str) -> Result<ClientDetail, ApiError> {
    let detail = clients::detail(state, &caller.user, id).await?;
    if detail.environment != caller.environment || detail.supplier.is_some() {
        return Err(AppError::NotFound("Fant ingen integrasjon med denne client_id.".into()).into());
    }
    Ok(detail)
}

/// Lists the organisation's integrations in the token's environment.
#[utoipa::path(get, path = "/api/v1/clients", tag = "clients", security(("bearer" = ["idporten:dcr.read"])),
    responses((status = 200, description = "The organisation's integrations in the token's environment", body = [ClientOut]),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<ClientOut>>, ApiError> {
    caller.require(DCR_READ)?;
    let list = clients::list(&state, &caller.user, Some(&caller.environment)).await?;
    Ok(Json(list.into_iter().filter(|c| c.supplier.is_none()).map(ClientOut::from).collect()))
}

/// Creates an integration ("Ny integrasjon"); the scopes must be shared with the organisation.
#[utoipa::path(post, path = "/api/v1/clients", tag = "clients", security(("bearer" = ["idporten:dcr.write"])), request_body = ClientIn,
    responses((status = 201, body = ClientOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(State(state): State<AppState>, caller: Caller, body: Result<Json<ClientIn>, JsonRejection>) -> Result<Response, ApiError> {
    caller.require(DCR_WRITE)?;
    let Json(body) = body.map_err(bad_body)?;
    let spec = body.input().parse()?;
    let id = clients::create(&state, &caller.user, &caller.environment, spec).await?;
    let out = ClientOut::from(own(&state, &caller, &id).await?);
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// One integration, with its description.
#[utoipa::path(get, path = "/api/v1/clients/{id}", tag = "clients", security(("bearer" = ["idporten:dcr.read"])), params(("id" = String, Path, description = "client_id")),
    responses((status = 200, body = ClientOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<ClientOut>, ApiError> {
    caller.require(DCR_READ)?;
    Ok(Json(own(&state, &caller, &id).await?.into()))
}

/// Changes name, description, scopes and (ID-porten) URIs ("Endre"); the type stays.
#[utoipa::path(put, path = "/api/v1/clients/{id}", tag = "clients", security(("bearer" = ["idporten:dcr.modify"])), params(("id" = String, Path, description = "client_id")), request_body = ClientIn,
    responses((status = 200, body = ClientOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<ClientIn>, JsonRejection>,
) -> Result<Json<ClientOut>, ApiError> {
    caller.require(DCR_MODIFY)?;
    let Json(body) = body.map_err(bad_body)?;
    let before = own(&state, &caller, &id).await?;
    let mut input = body.input();
    input.integration_type = before.integration_type.code().into();
    clients::update(&state, &caller.user, &id, input.parse()?).await?;
    Ok(Json(own(&state, &caller, &id).await?.into()))
}

/// Deactivates the integration ("Deaktiver"): it gets no more tokens; nothing is deleted.
#[utoipa::path(post, path = "/api/v1/clients/{id}/deactivate", tag = "clients", security(("bearer" = ["idporten:dcr.modify"])), params(("id" = String, Path, description = "client_id")),
    responses((status = 200, body = ClientOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn deactivate(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<ClientOut>, ApiError> {
    caller.require(DCR_MODIFY)?;
    own(&state, &caller, &id).await?;
    clients::set_active(&state, &caller.user, &id, false).await?;
    Ok(Json(own(&state, &caller, &id).await?.into()))
}

fn keys_of(detail: ClientDetail) -> Vec<KeyOut> {
    detail
        .keys
        .into_iter()
        .map(|k| KeyOut { jwk: serde_json::from_str(&k.jwk).unwrap_or_default(), kid: k.kid, created_at: k.created_at, expires_at: k.expires_at })
        .collect()
}

/// The integration's public keys ("Egne public nøkler").
#[utoipa::path(get, path = "/api/v1/clients/{id}/keys", tag = "clients", security(("bearer" = ["idporten:dcr.read"])), params(("id" = String, Path, description = "client_id")),
    responses((status = 200, body = [KeyOut]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn keys(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Vec<KeyOut>>, ApiError> {
    caller.require(DCR_READ)?;
    Ok(Json(keys_of(own(&state, &caller, &id).await?)))
}

/// Adds a public key: a JWK, or text as on the page (JWK array, JWKS, PEM). A private key is refused.
#[utoipa::path(post, path = "/api/v1/clients/{id}/keys", tag = "clients", security(("bearer" = ["idporten:dcr.modify"])), params(("id" = String, Path, description = "client_id")), request_body = KeyIn,
    responses((status = 201, description = "The integration's keys after adding", body = [KeyOut]), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn add_key(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<KeyIn>, JsonRejection>,
) -> Result<Response, ApiError> {
    caller.require(DCR_MODIFY)?;
    let Json(body) = body.map_err(bad_body)?;
    own(&state, &caller, &id).await?;
    let text = match body.key {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    client_keys::add(&state, &caller.user, &id, &text).await?;
    Ok((StatusCode::CREATED, Json(keys_of(own(&state, &caller, &id).await?))).into_response())
}

/// Removes a key.
#[utoipa::path(delete, path = "/api/v1/clients/{id}/keys/{kid}", tag = "clients", security(("bearer" = ["idporten:dcr.modify"])),
    params(("id" = String, Path, description = "client_id"), ("kid" = String, Path, description = "the key's kid")),
    responses((status = 204, description = "Removed"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_key(State(state): State<AppState>, caller: Caller, Path((id, kid)): Path<(String, String)>) -> Result<StatusCode, ApiError> {
    caller.require(DCR_MODIFY)?;
    own(&state, &caller, &id).await?;
    client_keys::remove(&state, &caller.user, &id, &kid).await?;
    Ok(StatusCode::NO_CONTENT)
}
