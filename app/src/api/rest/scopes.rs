//! `/api/v1/scopes`: the organisation's own scopes in the token's environment, and who may
//! use each.

use super::auth::{Caller, SCOPES_WRITE};
use super::{bad_body, ApiError, ErrorBody};
use crate::contract::scopes::ScopeInput;
use crate::domain::views::{ScopeDetail, ScopeSummary};
use crate::error::AppError;
use crate::server::services::scopes;
use crate::server::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A scope. The list leaves out the settings (`prefix` … `delegable` are only on `GET /api/v1/scopes/{id}`).
#[derive(Serialize, ToSchema)]
pub struct ScopeOut {
    pub id: String,
    /// `prefix:subscope`.
    pub name: String,
    pub description: String,
    /// `PUBLIC` or `PRIVATE`.
    pub visibility: String,
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<ScopeSettingsOut>,
}

#[derive(Serialize, ToSchema)]
pub struct ScopeSettingsOut {
    pub prefix: String,
    pub subscope: String,
    pub accessible_for_all: bool,
    pub integration_types: Vec<String>,
    pub at_max_age: u32,
    pub delegable: bool,
}

impl From<ScopeSummary> for ScopeOut {
    fn from(s: ScopeSummary) -> Self {
        ScopeOut { id: s.id, name: s.name, description: s.description, visibility: s.visibility.code().into(), active: s.active, settings: None }
    }
}

impl From<&ScopeDetail> for ScopeOut {
    fn from(s: &ScopeDetail) -> Self {
        ScopeOut {
            id: s.id.clone(),
            name: s.name.clone(),
            description: s.description.clone(),
            visibility: s.visibility.code().into(),
            active: s.active,
            settings: Some(ScopeSettingsOut {
                prefix: s.prefix.clone(),
                subscope: s.subscope.clone(),
                accessible_for_all: s.accessible_for_all,
                integration_types: s.integration_types.iter().map(|t| t.code().to_string()).collect(),
                at_max_age: s.at_max_age,
                delegable: s.delegable,
            }),
        }
    }
}

/// A new scope, or (`PUT`) its settings; the name (`prefix`, `subscope`) is fixed once made.
#[derive(Deserialize, ToSchema)]
pub struct ScopeIn {
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub subscope: String,
    pub description: String,
    /// Markdown.
    #[serde(default)]
    pub long_description: String,
    /// `PUBLIC` or `PRIVATE`.
    pub visibility: String,
    #[serde(default)]
    pub accessible_for_all: bool,
    /// `maskinporten`, `krr`, `idporten`, `api_klient`.
    pub integration_types: Vec<String>,
    /// Token lifetime in seconds (1–86400); 120 when left out.
    #[serde(default)]
    pub at_max_age: Option<u32>,
    #[serde(default)]
    pub delegable: bool,
}

impl ScopeIn {
    fn input(self) -> ScopeInput {
        ScopeInput {
            prefix: self.prefix,
            subscope: self.subscope,
            description: self.description,
            long_description: self.long_description,
            visibility: self.visibility,
            accessible_for_all: self.accessible_for_all,
            integration_types: self.integration_types,
            at_max_age: self.at_max_age.map(|n| n.to_string()).unwrap_or_default(),
            delegable: self.delegable,
        }
    }
}

/// An organisation on a scope's access list.
#[derive(Serialize, ToSchema)]
pub struct AccessOut {
    pub org_number: String,
    pub org_name: Option<String>,
    pub added_at: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct AccessIn {
    pub org_number: String,
}

/// The scope, if it is the caller's own in the token's environment.
async fn own(state: &AppState, caller: &Caller, id: &str) -> Result<ScopeDetail, ApiError> {
    let detail = scopes::detail(state, &caller.user, id).await?;
    if detail.environment != caller.environment {
        return Err(AppError::NotFound("Fant ikke scopet.".into()).into());
    }
    Ok(detail)
}

fn access_of(detail: &ScopeDetail) -> Vec<AccessOut> {
    detail.access.iter().map(|a| AccessOut { org_number: a.org_number.clone(), org_name: a.org_name.clone(), added_at: a.added_at }).collect()
}

/// The organisation's own scopes in the token's environment ("Mine API").
#[utoipa::path(get, path = "/api/v1/scopes", tag = "scopes", security(("bearer" = ["idporten:scopes.write"])),
    responses((status = 200, body = [ScopeOut]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<ScopeOut>>, ApiError> {
    caller.require(SCOPES_WRITE)?;
    Ok(Json(scopes::list_own(&state, &caller.user, &caller.environment).await?.into_iter().map(ScopeOut::from).collect()))
}

/// Creates a scope under one of the organisation's prefixes ("Nytt scope").
#[utoipa::path(post, path = "/api/v1/scopes", tag = "scopes", security(("bearer" = ["idporten:scopes.write"])), request_body = ScopeIn,
    responses((status = 201, body = ScopeOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create(State(state): State<AppState>, caller: Caller, body: Result<Json<ScopeIn>, JsonRejection>) -> Result<Response, ApiError> {
    caller.require(SCOPES_WRITE)?;
    let Json(body) = body.map_err(bad_body)?;
    let id = scopes::create(&state, &caller.user, &caller.environment, body.input().parse()?).await?;
    Ok((StatusCode::CREATED, Json(ScopeOut::from(&own(&state, &caller, &id).await?))).into_response())
}

/// One scope, with its settings.
#[utoipa::path(get, path = "/api/v1/scopes/{id}", tag = "scopes", security(("bearer" = ["idporten:scopes.write"])), params(("id" = String, Path, description = "the scope's id")),
    responses((status = 200, body = ScopeOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_one(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<ScopeOut>, ApiError> {
    caller.require(SCOPES_WRITE)?;
    Ok(Json(ScopeOut::from(&own(&state, &caller, &id).await?)))
}

/// Changes a scope's settings; prefix and subscope stay.
#[utoipa::path(put, path = "/api/v1/scopes/{id}", tag = "scopes", security(("bearer" = ["idporten:scopes.write"])), params(("id" = String, Path, description = "the scope's id")), request_body = ScopeIn,
    responses((status = 200, body = ScopeOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<ScopeIn>, JsonRejection>,
) -> Result<Json<ScopeOut>, ApiError> {
    caller.require(SCOPES_WRITE)?;
    let Json(body) = body.map_err(bad_body)?;
    own(&state, &caller, &id).await?;
    scopes::update(&state, &caller.user, &id, body.input().parse_settings()?).await?;
    Ok(Json(ScopeOut::from(&own(&state, &caller, &id).await?)))
}

/// The scope's access list ("Tilgangsstyring").
#[utoipa::path(get, path = "/api/v1/scopes/{id}/access", tag = "scopes", security(("bearer" = ["idporten:scopes.write"])), params(("id" = String, Path, description = "the scope's id")),
    responses((status = 200, body = [AccessOut]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn access(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Vec<AccessOut>>, ApiError> {
    caller.require(SCOPES_WRITE)?;
    Ok(Json(access_of(&own(&state, &caller, &id).await?)))
}

/// Gives an organisation access ("Legg til tilgang").
#[utoipa::path(post, path = "/api/v1/scopes/{id}/access", tag = "scopes", security(("bearer" = ["idporten:scopes.write"])), params(("id" = String, Path, description = "the scope's id")), request_body = AccessIn,
    responses((status = 201, description = "The access list after adding", body = [AccessOut]), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn add_access(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    body: Result<Json<AccessIn>, JsonRejection>,
) -> Result<Response, ApiError> {
    caller.require(SCOPES_WRITE)?;
    let Json(body) = body.map_err(bad_body)?;
    own(&state, &caller, &id).await?;
    scopes::add_access(&state, &caller.user, &id, &body.org_number).await?;
    Ok((StatusCode::CREATED, Json(access_of(&own(&state, &caller, &id).await?))).into_response())
}

/// Takes an organisation's access away ("Slett tilgang").
#[utoipa::path(delete, path = "/api/v1/scopes/{id}/access/{org_number}", tag = "scopes", security(("bearer" = ["idporten:scopes.write"])),
    params(("id" = String, Path, description = "the scope's id"), ("org_number" = String, Path, description = "the organisation to remove")),
    responses((status = 204, description = "Removed"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_access(State(state): State<AppState>, caller: Caller, Path((id, org_number)): Path<(String, String)>) -> Result<StatusCode, ApiError> {
    caller.require(SCOPES_WRITE)?;
    own(&state, &caller, &id).await?;
    scopes::remove_access(&state, &caller.user, &id, &org_number).await?;
    Ok(StatusCode::NO_CONTENT)
}
