//! The platform operator's screens.

use crate::domain::audit::AuditAction;
use crate::domain::commands::{AssignPrefix, NewOrganization};
use crate::domain::views::{OrgDetail, OrgListItem, PrefixAssignment};
use crate::domain::{Action, Email, OrgNumber, OrgPolicy, Right};
use crate::error::AppError;
use crate::server::{session::CurrentUser, store, AppState};
use serde_json::json;

/// The operator, with the second factor when the deployment asks for it.
pub fn require_operator(state: &AppState, user: &CurrentUser) -> Result<(), AppError> {
    // The operator check does not depend on the organisation.
    let any = OrgPolicy { org_id: String::new(), stricter_access: false };
    super::require_admin(state, user, &any, Action::Operate)
}

pub async fn list(state: &AppState, user: &CurrentUser) -> Result<Vec<OrgListItem>, AppError> {
    require_operator(state, user)?;
    let mut conn = state.pool.acquire().await?;
    let mut items = Vec::new();
    for o in store::orgs::list(&mut conn).await? {
        let domains = store::orgs::domains(&mut conn, &o.id).await?;
        items.push(OrgListItem { org_number: o.org_number, name: o.name, parent_org_number: o.parent_org_number, domains });
    }
    Ok(items)
}

/// Creates an organisation with its e-mail domains; returns its org number.
pub async fn create(state: &AppState, user: &CurrentUser, parsed: NewOrganization) -> Result<String, AppError> {
    require_operator(state, user)?;
    let mut tx = super::begin_write(&state.pool).await?;
    if store::orgs::by_number(&mut tx, parsed.org_number.as_str()).await?.is_some() {
        return Err(AppError::field("org_number", format!("Virksomheten {} er allerede registrert.", parsed.org_number)));
    }
    if let Some(parent) = &parsed.parent {
        if store::orgs::by_number(&mut tx, parent.as_str()).await?.is_none() {
            return Err(AppError::field("parent_org_number", format!("Hovedenheten {parent} er ikke registrert. Registrer den først.")));
        }
    }
    for d in &parsed.domains {
        if let Some(other) = store::orgs::by_domain(&mut tx, d.as_str()).await? {
            return Err(AppError::field("domains", format!("Domenet «{d}» er allerede registrert på {} ({}).", other.name, other.org_number)));
        }
    }
    let org = store::orgs::insert(&mut tx, parsed.org_number.as_str(), &parsed.name, parsed.parent.as_ref().map(OrgNumber::as_str)).await?;
    for d in &parsed.domains {
        store::orgs::add_domain(&mut tx, &org.id, d.as_str()).await?;
    }
    store::audit::record(
        &mut tx,
        Some(&user.user_id),
        Some(&org.id),
        AuditAction::OrgCreated,
        None,
        Some(json!({"org_number": org.org_number, "name": org.name, "parent": org.parent_org_number, "domains": parsed.domains.iter().map(|d| d.as_str()).collect::<Vec<_>>() })),
    )
    .await?;
    tx.commit().await?;
    Ok(org.org_number)
}

async fn org_by_number(conn: &mut sqlx::AnyConnection, org_number: &str) -> Result<store::orgs::OrgRow, AppError> {
    let n = OrgNumber::parse(org_number).map_err(|m| AppError::field("org_number", m))?;
    store::orgs::by_number(conn, n.as_str()).await?.ok_or_else(|| AppError::NotFound(format!("Virksomheten {n} er ikke registrert.")))
}

pub async fn detail(state: &AppState, user: &CurrentUser, org_number: &str) -> Result<OrgDetail, AppError> {
    require_operator(state, user)?;
    let mut conn = state.pool.acquire().await?;
    let org = org_by_number(&mut conn, org_number).await?;
    let domains = store::orgs::domains(&mut conn, &org.id).await?;
    let admins: Vec<String> =
        store::rights::active_in_org(&mut conn, &org.id).await?.into_iter().filter(|(_, r)| *r == Right::MainAdmin).map(|(u, _)| u).collect();
    let mut main_admins = Vec::new();
    for id in admins {
        if let Some(u) = store::users::by_id(&mut conn, &id).await? {
            main_admins.push(u.email);
        }
    }
    main_admins.sort();
    let prefixes =
        store::prefixes::of_org(&mut conn, &org.id).await?.into_iter().map(|p| PrefixAssignment { environment: p.environment, prefix: p.prefix }).collect();
    Ok(OrgDetail {
        org_number: org.org_number,
        name: org.name,
        parent_org_number: org.parent_org_number,
        domains,
        main_admins,
        prefixes,
        environments: super::environments::list(state),
        prefix_requests: store::requests::open_prefix_requests(&mut conn, Some(&org.id)).await?.into_iter().map(super::prefix_requests::entry).collect(),
    })
}

pub async fn appoint_main_admin(state: &AppState, user: &CurrentUser, org_number: &str, email: &str) -> Result<(), AppError> {
    require_operator(state, user)?;
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    let mut tx = super::begin_write(&state.pool).await?;
    let org = org_by_number(&mut tx, org_number).await?;
    let target = store::users::by_email(&mut tx, email.as_str())
        .await?
        .filter(|u| u.org_id.as_deref() == Some(org.id.as_str()) && u.confirmed_at.is_some())
        .ok_or_else(|| AppError::field("email", format!("Fant ingen bekreftet bruker med denne e-postadressen i {}.", org.name)))?;
    let existing = store::rights::active(&mut tx, &target.id, &org.id).await?;
    if existing.contains(&Right::MainAdmin) {
        return Err(AppError::field("email", format!("{} er allerede hovedadministrator.", target.email)));
    }
    store::rights::grant(&mut tx, &target.id, &org.id, Right::MainAdmin, Some(&user.user_id)).await?;
    store::audit::record(&mut tx, Some(&user.user_id), Some(&org.id), AuditAction::RightsMainAdminAppointed, None, Some(json!({"user": target.email}))).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn assign_prefix(state: &AppState, user: &CurrentUser, assignment: AssignPrefix) -> Result<(), AppError> {
    require_operator(state, user)?;
    let AssignPrefix { org_number, environment: env, prefix } = assignment;
    super::environment(state, env.as_str()).map_err(|e| AppError::field("environment", e.to_string()))?;
    let mut tx = super::begin_write(&state.pool).await?;
    let org = org_by_number(&mut tx, org_number.as_str()).await?;
    if let Some(holder) = store::prefixes::holder(&mut tx, env.as_str(), prefix.as_str()).await? {
        let msg = if holder == org.id {
            format!("{} har allerede prefikset «{prefix}» i {env}.", org.name)
        } else {
            format!("Prefikset «{prefix}» er allerede tildelt en annen virksomhet i {env}.")
        };
        return Err(AppError::field("prefix", msg));
    }
    store::prefixes::assign(&mut tx, &org.id, env.as_str(), prefix.as_str(), Some(&user.user_id)).await?;
    store::audit::record(
        &mut tx,
        Some(&user.user_id),
        Some(&org.id),
        AuditAction::PrefixAssigned,
        None,
        Some(json!({"environment": env.as_str(), "prefix": prefix.as_str()})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
