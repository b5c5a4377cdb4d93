//! What the server functions do, behind their thin wrappers: parse, authorise, change the
//! store in one transaction (with its audit record), answer. Tests call these directly on a
//! fresh database of each kind.

pub mod accounts;
pub mod api_actor;
pub mod attention;
pub mod audit;
pub mod client_keys;
pub mod clients;
pub mod commercial;
pub mod delegations;
pub mod environments;
pub mod expiry;
pub mod jti_ledger;
pub mod mail;
pub mod notify;
pub mod operator;
pub mod prefix_requests;
pub mod rights;
pub mod scopes;
pub mod tokens;
pub mod totp;

use crate::domain::views::StepUp;
use crate::domain::{authorize, authorize_admin_factor, Action, Environment, OrgPolicy, Right};
use crate::error::AppError;
use crate::server::{session::CurrentUser, store, AppState};
use sqlx::{Any, AnyConnection, AnyPool, Transaction};

/// The acting user's own organisation as an authorisation policy.
pub async fn own_org_policy(conn: &mut AnyConnection, user: &CurrentUser) -> Result<(store::orgs::OrgRow, OrgPolicy), AppError> {
    let org_id = user.org_id.as_deref().ok_or_else(|| AppError::Forbidden("Brukeren din er ikke knyttet til noen virksomhet.".into()))?;
    let org = store::orgs::by_id(conn, org_id).await?.ok_or(AppError::Internal)?;
    let policy = OrgPolicy { org_id: org.id.clone(), stricter_access: org.stricter_access };
    Ok((org, policy))
}

/// `authorize`, with the denial turned into a `Forbidden` error carrying its message.
pub fn require(user: &CurrentUser, org: &OrgPolicy, env: Option<&Environment>, action: Action) -> Result<(), AppError> {
    authorize(&user.subject(), org, env, action).map_err(|d| AppError::Forbidden(d.message()))
}

/// Administrators' work (rights, the operator's screens): `require`, then the second
/// factor when the deployment asks administrators for it (`ADMIN_STEP_UP`).
pub fn require_admin(state: &AppState, user: &CurrentUser, org: &OrgPolicy, action: Action) -> Result<(), AppError> {
    require(user, org, None, action)?;
    authorize_admin_factor(&user.subject(), state.config.admin_step_up).map_err(|d| AppError::Forbidden(d.message()))
}

/// Where the administrators' step-up stands for this person: `NotNeeded` unless they are
/// the operator or a main administrator and the deployment asks for it.
pub fn admin_step_up(state: &AppState, user: &CurrentUser) -> StepUp {
    let admin = user.is_operator || user.rights.contains(&Right::MainAdmin);
    match (state.config.admin_step_up && admin, user.totp_enrolled, user.stepped_up) {
        (false, _, _) => StepUp::NotNeeded,
        (true, false, _) => StepUp::NotEnrolled,
        (true, true, false) => StepUp::Required,
        (true, true, true) => StepUp::Done,
    }
}

/// A configured environment by id, or a clear error.
pub fn environment(state: &AppState, id: &str) -> Result<Environment, AppError> {
    state.config.environment(id).cloned().ok_or_else(|| AppError::NotFound(format!("Miljøet «{id}» finnes ikke.")))
}

/// Begins a transaction that is going to write. On SQLite it is `BEGIN IMMEDIATE`: the
/// write lock is taken at once, waiting (busy_timeout) for another writer to finish. A
/// plain (deferred) transaction that reads first and writes later is refused at the write
/// with "database is locked", without waiting, whenever another connection holds the lock,
/// so concurrent changes failed. PostgreSQL: a plain `BEGIN`.
pub async fn begin_write(pool: &AnyPool) -> Result<Transaction<'static, Any>, sqlx::Error> {
    if crate::server::db::Backend::of_pool(pool) == crate::server::db::Backend::Sqlite {
        pool.begin_with("BEGIN IMMEDIATE").await
    } else {
        pool.begin().await
    }
}
