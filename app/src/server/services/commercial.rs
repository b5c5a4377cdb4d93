//! "Merkantile data" on the provider's "API-tilbyder" entry.

use crate::api::provider::CommercialInput;
use crate::api::types::{CommercialData, OrgSummary, ProviderEntry};
use crate::domain::Action;
use crate::error::AppError;
use crate::server::store::commercial;
use crate::server::{audit, session::CurrentUser, AppState};
use serde_json::json;

pub fn from_row(row: Option<commercial::CommercialRow>) -> CommercialData {
    match row {
        None => CommercialData::default(),
        Some(r) => CommercialData {
            contacts: r.contacts.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect(),
            invoice_email: r.invoice_email,
            invoice_reference: r.invoice_reference,
            updated_at: Some(r.updated_at),
        },
    }
}

/// The provider entry applies to every environment, so changing it needs the API right
/// wherever rights apply (the same rule as in production), without the step-up.
fn edit_rule(state: &AppState) -> Option<crate::domain::Environment> {
    state.config.environments.iter().find(|e| !e.production).cloned()
}

pub async fn provider_entry(state: &AppState, user: &CurrentUser) -> Result<ProviderEntry, AppError> {
    let mut conn = state.pool.acquire().await?;
    let (org, policy) = super::own_org_policy(&mut conn, user).await?;
    super::require(user, &policy, None, Action::View)?;
    let data = from_row(commercial::get(&mut conn, commercial::PROVIDER, &org.id).await?);
    let edit_denied = crate::domain::authorize(&user.subject(), &policy, edit_rule(state).as_ref(), Action::ManageApis).err().map(|d| d.message());
    Ok(ProviderEntry { org: OrgSummary { org_number: org.org_number, name: org.name }, commercial: data, edit_denied })
}

pub async fn save_provider(state: &AppState, user: &CurrentUser, input: &CommercialInput) -> Result<(), AppError> {
    let parsed = input.parse()?;
    let mut tx = super::begin_write(&state.pool).await?;
    let (org, policy) = super::own_org_policy(&mut tx, user).await?;
    super::require(user, &policy, edit_rule(state).as_ref(), Action::ManageApis)?;
    let before = commercial::get(&mut tx, commercial::PROVIDER, &org.id).await?;
    let contacts = parsed.contacts.iter().map(|e| e.as_str()).collect::<Vec<_>>().join("\n");
    let invoice_email = parsed.invoice_email.as_ref().map(|e| e.as_str()).unwrap_or("");
    commercial::put(&mut tx, commercial::PROVIDER, &org.id, invoice_email, &parsed.invoice_reference, &contacts, &user.user_id).await?;
    audit::record(
        &mut tx,
        Some(&user.user_id),
        Some(&org.id),
        "provider.commercial_saved",
        before.map(|b| json!({"invoice_email": b.invoice_email, "invoice_reference": b.invoice_reference, "contacts": b.contacts})),
        Some(json!({"invoice_email": invoice_email, "invoice_reference": parsed.invoice_reference, "contacts": contacts})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
