//! Environments and what the caller may do in each.

use crate::domain::views::{EnvironmentAccess, EnvironmentInfo, OrgSummary, StepUp};
use crate::domain::{authorize, Action};
use crate::error::AppError;
use crate::server::{session::CurrentUser, store, AppState};

pub fn list(state: &AppState) -> Vec<EnvironmentInfo> {
    state.config.environments.iter().map(|e| EnvironmentInfo { id: e.id.to_string(), label: e.label(), production: e.production }).collect()
}

pub async fn access(state: &AppState, user: &CurrentUser, env_id: &str) -> Result<EnvironmentAccess, AppError> {
    let env = super::environment(state, env_id)?;
    let mut conn = state.pool.acquire().await?;
    let (org, policy) = super::own_org_policy(&mut conn, user).await?;
    let subject = user.subject();
    let denied = |action| authorize(&subject, &policy, Some(&env), action).err().map(|d| d.message());
    let step_up = match (env.production, user.totp_enrolled, user.stepped_up) {
        (false, _, _) => StepUp::NotNeeded,
        (true, false, _) => StepUp::NotEnrolled,
        (true, true, false) => StepUp::Required,
        (true, true, true) => StepUp::Done,
    };
    let prefixes = store::prefixes::of_org(&mut conn, &org.id).await?.into_iter().filter(|p| p.environment == env.id.as_str()).map(|p| p.prefix).collect();
    let pending_prefixes = store::requests::open_prefix_requests(&mut conn, Some(&org.id))
        .await?
        .into_iter()
        .filter(|r| r.environment == env.id.as_str())
        .map(|r| r.prefix)
        .collect();
    Ok(EnvironmentAccess {
        label: env.label(),
        integrations_denied: denied(Action::ManageIntegrations),
        apis_denied: denied(Action::ManageApis),
        environment: env,
        org: OrgSummary { org_number: org.org_number, name: org.name },
        step_up,
        prefixes,
        pending_prefixes,
    })
}
