//! The provider's own entry on "Virksomhetens tjenester" ("API-tilbyder") and its
//! "Merkantile data". (An integration's merkantile data is saved through `clients`.)

use crate::contract::commercial::CommercialInput;
use crate::domain::views::ProviderEntry;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

#[server(endpoint = "provider_entry", input = GetUrl)]
pub async fn get_provider_entry() -> Result<ProviderEntry, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::commercial::provider_entry(&state, &user).await
}

#[server(endpoint = "save_provider_commercial", input = Json)]
pub async fn save_provider_commercial(input: CommercialInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let update = input.parse()?;
    crate::server::services::commercial::save_provider(&state, &user, update).await
}
