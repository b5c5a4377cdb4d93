//! The main administrator's rights page.

use crate::domain::audit::AuditAction;
use crate::domain::commands::RightsGrant;
use crate::domain::views::{OrgSummary, PersonRights, RightsOverview};
use crate::domain::{authorize, authorize_admin_factor, check_right_set, Action, Right};
use crate::error::AppError;
use crate::server::{session::CurrentUser, store, AppState};
use serde_json::json;

pub async fn overview(state: &AppState, user: &CurrentUser) -> Result<RightsOverview, AppError> {
    let mut conn = state.pool.acquire().await?;
    let (org, policy) = super::own_org_policy(&mut conn, user).await?;
    let rights = store::rights::active_in_org(&mut conn, &org.id).await?;
    let mut people: Vec<PersonRights> = store::users::in_org(&mut conn, &org.id)
        .await?
        .into_iter()
        .map(|u| {
            let mut r: Vec<Right> = rights.iter().filter(|(id, _)| *id == u.id).map(|(_, r)| *r).collect();
            r.sort();
            PersonRights { user_id: u.id, name: u.name, email: u.email, rights: r }
        })
        .filter(|p| !p.rights.is_empty())
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(RightsOverview {
        org: OrgSummary { org_number: org.org_number, name: org.name },
        manage_denied: authorize(&user.subject(), &policy, None, Action::ManageRights)
            .and_then(|()| authorize_admin_factor(&user.subject(), state.config.admin_step_up))
            .err()
            .map(|d| d.message()),
        step_up: super::admin_step_up(state, user),
        stricter_access: policy.stricter_access,
        people,
    })
}

pub async fn grant(state: &AppState, user: &CurrentUser, parsed: RightsGrant) -> Result<(), AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let (org, policy) = super::own_org_policy(&mut tx, user).await?;
    super::require_admin(state, user, &policy, Action::ManageRights)?;
    // The same answer whether the address is unknown, in another organisation, or the last
    // name does not match: nothing about other people leaks.
    let not_found = || AppError::field("email", "Fant ingen bekreftet bruker i virksomheten med denne e-postadressen og dette etternavnet.");
    let target = store::users::by_email(&mut tx, parsed.email.as_str()).await?.ok_or_else(not_found)?;
    let target_name = crate::domain::PersonName::parse(&target.name).map_err(|_| not_found())?;
    if target.org_id.as_deref() != Some(org.id.as_str()) || target.confirmed_at.is_none() || !target_name.has_last_name(&parsed.last_name) {
        return Err(not_found());
    }
    let existing = store::rights::active(&mut tx, &target.id, &org.id).await?;
    parsed.check_with_existing(&existing).map_err(|m| AppError::field("rights", m))?;
    let new: Vec<Right> = parsed.rights.iter().copied().filter(|r| !existing.contains(r)).collect();
    if new.is_empty() {
        return Err(AppError::field("rights", format!("{} har allerede disse rettighetene.", target.name)));
    }
    for r in &new {
        store::rights::grant(&mut tx, &target.id, &org.id, *r, Some(&user.user_id)).await?;
    }
    store::audit::record(
        &mut tx,
        Some(&user.user_id),
        Some(&org.id),
        AuditAction::RightsGranted,
        Some(json!({"user": target.email, "rights": codes(&existing)})),
        Some(json!({"user": target.email, "rights": codes(&[existing.clone(), new].concat())})),
    )
    .await?;
    tx.commit().await?;
    state.live.publish(&state.pool, crate::server::live::LiveEvent::org_wide(&org.org_number)).await;
    Ok(())
}

pub async fn remove(state: &AppState, user: &CurrentUser, target_user_id: &str, rights: &[Right]) -> Result<(), AppError> {
    if rights.is_empty() {
        return Err(AppError::field("rights", "Trykk «Fjern» på minst én rettighet før du trykker «Ferdig»."));
    }
    if rights.contains(&Right::MainAdmin) {
        return Err(AppError::Forbidden("Hovedadministrator kan bare fjernes av plattformoperatøren.".into()));
    }
    let mut tx = super::begin_write(&state.pool).await?;
    let (org, policy) = super::own_org_policy(&mut tx, user).await?;
    super::require_admin(state, user, &policy, Action::ManageRights)?;
    let target = store::users::by_id(&mut tx, target_user_id)
        .await?
        .filter(|t| t.org_id.as_deref() == Some(org.id.as_str()))
        .ok_or_else(|| AppError::NotFound("Fant ikke personen i virksomheten.".into()))?;
    let existing = store::rights::active(&mut tx, &target.id, &org.id).await?;
    let after: Vec<Right> = existing.iter().copied().filter(|r| !rights.contains(r)).collect();
    check_right_set(&after).map_err(|m| AppError::field("rights", format!("Kan ikke fjerne: {m} Fjern begge, eller behold begge.")))?;
    for r in rights.iter().filter(|r| existing.contains(r)) {
        store::rights::revoke(&mut tx, &target.id, &org.id, *r, &user.user_id).await?;
    }
    store::audit::record(
        &mut tx,
        Some(&user.user_id),
        Some(&org.id),
        AuditAction::RightsRemoved,
        Some(json!({"user": target.email, "rights": codes(&existing)})),
        Some(json!({"user": target.email, "rights": codes(&after)})),
    )
    .await?;
    tx.commit().await?;
    state.live.publish(&state.pool, crate::server::live::LiveEvent::org_wide(&org.org_number)).await;
    Ok(())
}

pub async fn set_stricter_access(state: &AppState, user: &CurrentUser, on: bool) -> Result<(), AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let (org, policy) = super::own_org_policy(&mut tx, user).await?;
    super::require_admin(state, user, &policy, Action::ManageRights)?;
    store::orgs::set_stricter_access(&mut tx, &org.id, on).await?;
    store::audit::record(
        &mut tx,
        Some(&user.user_id),
        Some(&org.id),
        AuditAction::OrgStricterAccess,
        Some(json!({"stricter_access": policy.stricter_access})),
        Some(json!({"stricter_access": on})),
    )
    .await?;
    tx.commit().await?;
    state.live.publish(&state.pool, crate::server::live::LiveEvent::org_wide(&org.org_number)).await;
    Ok(())
}

fn codes(rights: &[Right]) -> Vec<&'static str> {
    rights.iter().map(|r| r.code()).collect()
}
