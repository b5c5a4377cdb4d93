//! Who is calling the REST API: the bearer of an access token from the portal's own token
//! endpoint (checked by `services::tokens::verify_access_token`). The organisation acted
//! for is the token's `consumer`, never anything in the request.

use super::ApiError;
use crate::error::AppError;
use crate::server::services::{api_actor, tokens};
use crate::server::session::CurrentUser;
use crate::server::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};

pub use crate::domain::token::{DCR_MODIFY, DCR_READ, DCR_WRITE, SCOPES_WRITE};

/// A verified caller: the acting user the services see, and the token's scopes.
pub struct Caller {
    pub user: CurrentUser,
    pub scopes: Vec<String>,
    /// The environment whose issuer signed the token; the caller acts in it alone.
    pub environment: String,
}

impl Caller {
    /// The token must carry `scope`; otherwise 403 `insufficient_scope`.
    pub fn require(&self, scope: &'static str) -> Result<(), ApiError> {
        if self.scopes.iter().any(|s| s == scope) {
            Ok(())
        } else {
            Err(ApiError::InsufficientScope(scope))
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .ok_or_else(|| ApiError::Unauthorized("An access token is needed: Authorization: Bearer <token from the token endpoint>.".into()))?;
        let token = match tokens::verify_access_token(state, bearer).await {
            Ok(t) => t,
            Err(tokens::AccessTokenRefusal::Invalid(why)) => return Err(ApiError::Unauthorized(why)),
            Err(tokens::AccessTokenRefusal::Internal(e)) => return Err(ApiError::App(e)),
        };
        if token.supplier {
            // A supplier's token for a customer: acting in the customer's name through the
            // self-service API is not offered (the customer's own people manage its
            // registrations).
            return Err(ApiError::Forbidden(
                "Tokens for a customer (with supplier) cannot use the self-service API; use a token for your own organisation.".into(),
            ));
        }
        // Its organisation unknown, its integration deactivated or gone: the token stands
        // for nobody any more.
        let user = api_actor::act_as(state, &token).await.map_err(|e| match e {
            AppError::NotFound(why) => ApiError::Unauthorized(why),
            other => ApiError::App(other),
        })?;
        Ok(Caller { user, scopes: token.scopes, environment: token.environment })
    }
}
