//! "Merkantile data" on the provider's "API-tilbyder" entry.

use crate::domain::audit::AuditAction;
use crate::domain::commands::CommercialUpdate;
use crate::domain::views::{CommercialData, OrgSummary, ProviderEntry};
use crate::domain::Action;
use crate::error::AppError;
use crate::server::store::commercial;
use crate::server::{session::CurrentUser, store, AppState};
use serde_json::json;
use sqlx::AnyConnection;

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

/// Why `subject` may not change the provider's merkantile data (`None`: they may). The
/// page greys out "Rediger" with it; "Endringslogg" shows the entries to those who may.
pub(super) fn provider_edit_denial(state: &AppState, subject: &crate::domain::Subject, policy: &crate::domain::OrgPolicy) -> Option<crate::domain::Denial> {
    crate::domain::authorize(subject, policy, edit_rule(state).as_ref(), Action::ManageApis).err()
}

pub async fn provider_entry(state: &AppState, user: &CurrentUser) -> Result<ProviderEntry, AppError> {
    let mut conn = state.pool.acquire().await?;
    let (org, policy) = super::own_org_policy(&mut conn, user).await?;
    super::require(user, &policy, None, Action::View)?;
    let data = from_row(commercial::get(&mut conn, commercial::PROVIDER, &org.id).await?);
    let edit_denied = provider_edit_denial(state, &user.subject(), &policy).map(|d| d.message());
    Ok(ProviderEntry { org: OrgSummary { org_number: org.org_number, name: org.name }, commercial: data, edit_denied })
}

pub async fn save_provider(state: &AppState, user: &CurrentUser, parsed: CommercialUpdate) -> Result<(), AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let (org, policy) = super::own_org_policy(&mut tx, user).await?;
    super::require(user, &policy, edit_rule(state).as_ref(), Action::ManageApis)?;
    let about = store::audit::About::object(None, "API-tilbyder");
    write(&mut tx, user, &org.id, commercial::PROVIDER, &org.id, &parsed, AuditAction::ProviderCommercialSaved, about).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, crate::server::live::LiveEvent::org_wide(&org.org_number)).await;
    Ok(())
}

/// Saves parsed commercial data for one owner (the provider entry or an integration) and
/// records before → after in the audit log, in the caller's transaction.
#[allow(clippy::too_many_arguments)] // the owner, the data, and the record about it: all needed
pub(super) async fn write(
    tx: &mut AnyConnection,
    user: &CurrentUser,
    org_id: &str,
    owner_kind: &str,
    owner_id: &str,
    parsed: &CommercialUpdate,
    action: AuditAction,
    about: store::audit::About<'_>,
) -> Result<(), AppError> {
    let before = commercial::get(tx, owner_kind, owner_id).await?;
    let contacts = parsed.contacts.iter().map(|e| e.as_str()).collect::<Vec<_>>().join("\n");
    let invoice_email = parsed.invoice_email.as_ref().map(|e| e.as_str()).unwrap_or("");
    commercial::put(tx, owner_kind, owner_id, invoice_email, &parsed.invoice_reference, &contacts, &user.user_id).await?;
    store::audit::record_about(
        tx,
        Some(&user.user_id),
        Some(org_id),
        action,
        about,
        before.map(|b| json!({"owner": owner_id, "invoice_email": b.invoice_email, "invoice_reference": b.invoice_reference, "contacts": b.contacts})),
        Some(json!({"owner": owner_id, "invoice_email": invoice_email, "invoice_reference": parsed.invoice_reference, "contacts": contacts})),
    )
    .await?;
    Ok(())
}
