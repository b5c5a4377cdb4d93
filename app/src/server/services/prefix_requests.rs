//! "Bestill prefiks": an organisation asks for a prefix in an environment; the operator
//! approves (the prefix is assigned) or rejects.

use crate::domain::audit::AuditAction;
use crate::domain::commands::PrefixOrder;
use crate::domain::requests::RequestState;
use crate::domain::views::PrefixRequestEntry;
use crate::domain::Action;
use crate::error::AppError;
use crate::server::store::{self, requests};
use crate::server::{session::CurrentUser, AppState};
use serde_json::json;

pub fn entry(r: requests::PrefixRequestRow) -> PrefixRequestEntry {
    PrefixRequestEntry {
        id: r.id,
        org_number: r.org_number,
        org_name: r.org_name,
        environment: r.environment,
        prefix: r.prefix,
        reason: r.reason,
        requested_at: r.requested_at,
        requested_by: r.requested_by_name,
    }
}

pub async fn request(state: &AppState, user: &CurrentUser, order: PrefixOrder) -> Result<(), AppError> {
    let PrefixOrder { environment: env_id, prefix, reason } = order;
    let env = super::environment(state, env_id.as_str()).map_err(|e| AppError::field("environment", e.to_string()))?;
    let mut tx = super::begin_write(&state.pool).await?;
    let (org, policy) = super::own_org_policy(&mut tx, user).await?;
    super::require(user, &policy, Some(&env), Action::ManageApis)?;
    if let Some(holder) = store::prefixes::holder(&mut tx, env.id.as_str(), prefix.as_str()).await? {
        let msg = if holder == org.id {
            format!("Virksomheten har allerede prefikset «{prefix}» i {}.", env.label())
        } else {
            format!("Prefikset «{prefix}» er allerede tatt i {}. Velg et annet.", env.label())
        };
        return Err(AppError::field("prefix", msg));
    }
    let open = requests::open_prefix_requests(&mut tx, Some(&org.id)).await?;
    if open.iter().any(|r| r.environment == env.id.as_str() && r.prefix == prefix.as_str()) {
        return Err(AppError::field(
            "prefix",
            format!("Virksomheten har allerede bestilt «{prefix}» i {}. Bestillingen venter på plattformoperatøren.", env.label()),
        ));
    }
    requests::insert_prefix_request(&mut tx, &org.id, env.id.as_str(), prefix.as_str(), &reason, &user.user_id).await?;
    store::audit::record(
        &mut tx,
        Some(&user.user_id),
        Some(&org.id),
        AuditAction::PrefixRequested,
        None,
        Some(json!({"environment": env.id.as_str(), "prefix": prefix.as_str(), "reason": reason})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn list_open(state: &AppState, user: &CurrentUser) -> Result<Vec<PrefixRequestEntry>, AppError> {
    super::operator::require_operator(state, user)?;
    let mut conn = state.pool.acquire().await?;
    Ok(requests::open_prefix_requests(&mut conn, None).await?.into_iter().map(entry).collect())
}

/// "Godkjenn" assigns the prefix (if still free); "Avslå" closes the request.
pub async fn decide(state: &AppState, user: &CurrentUser, request_id: &str, approve: bool) -> Result<(), AppError> {
    super::operator::require_operator(state, user)?;
    let mut tx = super::begin_write(&state.pool).await?;
    let r = requests::prefix_request(&mut tx, request_id).await?.ok_or_else(|| AppError::NotFound("Fant ikke bestillingen.".into()))?;
    if approve {
        if let Some(holder) = store::prefixes::holder(&mut tx, &r.environment, &r.prefix).await? {
            if holder != r.org_id {
                return Err(AppError::Conflict(format!(
                    "Prefikset «{}» er allerede tildelt en annen virksomhet i {}. Avslå bestillingen.",
                    r.prefix, r.environment
                )));
            }
        } else {
            store::prefixes::assign(&mut tx, &r.org_id, &r.environment, &r.prefix, Some(&user.user_id)).await?;
        }
    }
    let code = RequestState::decided(approve);
    if !requests::decide(&mut tx, requests::Kind::Prefix, &r.id, code, &user.user_id).await? {
        return Err(AppError::Conflict("Bestillingen er allerede behandlet.".into()));
    }
    let action = if approve { AuditAction::PrefixRequestApproved } else { AuditAction::PrefixRequestDenied };
    store::audit::record(&mut tx, Some(&user.user_id), Some(&r.org_id), action, None, Some(json!({"environment": r.environment, "prefix": r.prefix}))).await?;
    tx.commit().await?;
    Ok(())
}
