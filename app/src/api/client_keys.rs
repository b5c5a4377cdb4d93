//! "Egne public nøkler" and "Virksomhetssertifikat" on an integration.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// `keys`: the JWKs as JSON (an object, an array or a JWKS). A PEM is converted in the
/// browser first, but the server parses whatever it gets with the same rules.
#[server(endpoint = "add_client_keys", input = Json)]
pub async fn add_client_keys(id: String, keys: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::client_keys::add(&state, &user, &id, &keys).await
}

#[server(endpoint = "remove_client_key", input = Json)]
pub async fn remove_client_key(id: String, kid: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::client_keys::remove(&state, &user, &id, &kid).await
}

#[server(endpoint = "set_client_certificate", input = Json)]
pub async fn set_client_certificate(id: String, pem: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::client_keys::set_certificate(&state, &user, &id, &pem).await
}

#[server(endpoint = "remove_client_certificate", input = Json)]
pub async fn remove_client_certificate(id: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::client_keys::remove_certificate(&state, &user, &id).await
}
