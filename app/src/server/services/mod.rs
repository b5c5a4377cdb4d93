//! What the server functions do, behind their thin wrappers: parse, authorise, change the
//! store in one transaction (with its audit record), answer. Tests call these directly on a
//! fresh database of each kind.

pub mod accounts;
pub mod commercial;
pub mod environments;
pub mod operator;
pub mod prefix_requests;
pub mod rights;
pub mod scopes;
pub mod totp;

use crate::domain::{authorize, Action, Environment, OrgPolicy};
use crate::error::AppError;
use crate::server::{session::CurrentUser, store, AppState};
use sqlx::AnyConnection;

/// The acting user's own organisation as an authorisation policy.
pub async fn own_org_policy(conn: &mut AnyConnection, user: &CurrentUser) -> Result<(store::orgs::OrgRow, OrgPolicy), AppError> {
    let org_id = user.org_id.as_deref().ok_or_else(|| AppError::Forbidden("Brukeren din er ikke knyttet til noen virksomhet.".into()))?;
    let org = store::orgs::by_id(conn, org_id).await?.ok_or(AppError::Internal)?;
    let policy = OrgPolicy { org_id: org.id.clone(), stricter_access: org.stricter_access != 0 };
    Ok((org, policy))
}

/// `authorize`, with the denial turned into a `Forbidden` error carrying its message.
pub fn require(user: &CurrentUser, org: &OrgPolicy, env: Option<&Environment>, action: Action) -> Result<(), AppError> {
    authorize(&user.subject(), org, env, action).map_err(|d| AppError::Forbidden(d.message()))
}

/// A configured environment by id, or a clear error.
pub fn environment(state: &AppState, id: &str) -> Result<Environment, AppError> {
    state.config.environment(id).cloned().ok_or_else(|| AppError::NotFound(format!("Miljøet «{id}» finnes ikke.")))
}
