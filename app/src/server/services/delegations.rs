//! API delegation. Providers define *delegable rights* on "Mine API"; a customer's main
//! administrator delegates a right it holds to a supplier ("Deleger nytt API"), removes it
//! ("Fjern") and may undo the removal ("Angre"). The supplier then uses the right's scopes
//! for that customer only ("For en kunde", in `clients`).
//!
//! A customer *holds* a right when it may itself use every scope in it (each active,
//! delegable, and accessible for all or on its live access list). What a delegation gives
//! is computed from the live tables whenever it is used, so a deactivated scope, a removed
//! access or a removed delegation takes effect at once.

use crate::domain::audit::AuditAction;
use crate::domain::commands::{DelegableRightSpec, DelegationOrder};
use crate::domain::views::{DelegableRightView, DelegationView, DelegationsOverview, OrgSummary, ProviderRights};
use crate::domain::{authorize, authorize_admin_factor, Action, Environment, OrgNumber};
use crate::error::AppError;
use crate::server::live::LiveEvent;
use crate::server::store::{self, delegations::DelegationRow, delegations::RightRow, orgs::OrgRow};
use crate::server::{session::CurrentUser, AppState};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

fn right_not_found() -> AppError {
    AppError::NotFound("Fant ikke den delegerbare rettigheten.".into())
}

fn delegation_not_found() -> AppError {
    AppError::NotFound("Fant ikke delegeringen. Den finnes ikke, eller den er gitt av en annen virksomhet.".into())
}

/// The scope names of every right in `env`, by right id.
async fn scopes_by_right(conn: &mut AnyConnection, env: &str) -> Result<HashMap<String, Vec<store::delegations::RightScopeRow>>, AppError> {
    let mut by_right: HashMap<String, Vec<store::delegations::RightScopeRow>> = HashMap::new();
    for s in store::delegations::right_scopes_in(conn, env).await? {
        by_right.entry(s.right_id.clone()).or_default().push(s);
    }
    Ok(by_right)
}

fn right_view(r: RightRow, scopes: Vec<String>) -> DelegableRightView {
    DelegableRightView {
        id: r.id,
        environment: r.environment,
        name: r.name,
        description: r.description,
        scopes,
        provider: OrgSummary { org_number: r.provider_number, name: r.provider_name },
    }
}

/// "Delegerbare rettigheter" on "Mine API" in `env_id`.
pub async fn provider_rights(state: &AppState, user: &CurrentUser, env_id: &str) -> Result<ProviderRights, AppError> {
    let env = super::environment(state, env_id)?;
    let mut conn = state.pool.acquire().await?;
    let (org, policy) = super::own_org_policy(&mut conn, user).await?;
    super::require(user, &policy, Some(&env), Action::View)?;
    let mut scopes = scopes_by_right(&mut conn, env.id.as_str()).await?;
    let rights = store::delegations::rights_of_org(&mut conn, &org.id, env.id.as_str())
        .await?
        .into_iter()
        .map(|r| {
            let names = scopes.remove(&r.id).unwrap_or_default().into_iter().map(|s| s.name).collect();
            right_view(r, names)
        })
        .collect();
    let scope_options =
        store::scopes::of_org(&mut conn, &org.id, env.id.as_str()).await?.into_iter().filter(|(s, _)| s.active && s.delegable).map(|(s, _)| s.name).collect();
    let manage_denied = authorize(&user.subject(), &policy, Some(&env), Action::ManageApis).err().map(|d| d.message());
    Ok(ProviderRights { rights, scope_options, manage_denied })
}

/// The ids of `spec.scopes`, each one of the organisation's own active delegable scopes
/// in `env`.
async fn own_delegable_scopes(conn: &mut AnyConnection, org_id: &str, env: &Environment, spec: &DelegableRightSpec) -> Result<Vec<String>, AppError> {
    let own: Vec<_> = store::scopes::of_org(conn, org_id, env.id.as_str()).await?.into_iter().map(|(s, _)| s).collect();
    let mut ids = Vec::new();
    for name in &spec.scopes {
        let name = name.to_string();
        match own.iter().find(|s| s.name == name) {
            Some(s) if s.active && s.delegable => ids.push(s.id.clone()),
            Some(_) => {
                return Err(AppError::field("scopes", format!("Scopet «{name}» er deaktivert eller ikke merket som delegerbart. Endre scopet først.")));
            }
            None => return Err(AppError::field("scopes", format!("Scopet «{name}» er ikke virksomhetens eget scope i {}.", env.label()))),
        }
    }
    Ok(ids)
}

fn name_taken(name: &str, env: &Environment) -> AppError {
    AppError::field("name", format!("Det finnes allerede en delegerbar rettighet med navnet «{name}» i {}. Velg et annet navn.", env.label()))
}

/// "Ny delegerbar rettighet" → "Opprett". Returns the new right's id.
pub async fn create_right(state: &AppState, user: &CurrentUser, env_id: &str, spec: DelegableRightSpec) -> Result<String, AppError> {
    let env = super::environment(state, env_id)?;
    let mut tx = super::begin_write(&state.pool).await?;
    let (org, policy) = super::own_org_policy(&mut tx, user).await?;
    super::require(user, &policy, Some(&env), Action::ManageApis)?;
    let scope_ids = own_delegable_scopes(&mut tx, &org.id, &env, &spec).await?;
    if store::delegations::right_by_name(&mut tx, env.id.as_str(), &spec.name).await?.is_some() {
        return Err(name_taken(&spec.name, &env));
    }
    let id = store::delegations::insert_right(&mut tx, &org.id, env.id.as_str(), &spec.name, &spec.description, Some(&user.user_id)).await?;
    store::delegations::set_right_scopes(&mut tx, &id, &scope_ids).await?;
    let after = json!({"name": spec.name, "description": spec.description, "environment": env.id.as_str(),
        "scopes": spec.scopes.iter().map(|s| s.to_string()).collect::<Vec<_>>()});
    let about = store::audit::About::object(Some(env.id.as_str()), &spec.name);
    store::audit::record_about(&mut tx, Some(&user.user_id), Some(&org.id), AuditAction::DelegableRightCreated, about, None, Some(after)).await?;
    tx.commit().await?;
    Ok(id)
}

/// "Endre" → "Lagre" on a delegable right. Delegations of it keep going, with the new
/// scopes (which the customer must hold for them to give anything).
pub async fn update_right(state: &AppState, user: &CurrentUser, id: &str, spec: DelegableRightSpec) -> Result<(), AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let (org, policy) = super::own_org_policy(&mut tx, user).await?;
    let right = store::delegations::right_by_id(&mut tx, id).await?.filter(|r| r.org_id == org.id).ok_or_else(right_not_found)?;
    let env = super::environment(state, &right.environment)?;
    super::require(user, &policy, Some(&env), Action::ManageApis)?;
    let scope_ids = own_delegable_scopes(&mut tx, &org.id, &env, &spec).await?;
    if store::delegations::right_by_name(&mut tx, env.id.as_str(), &spec.name).await?.is_some_and(|r| r.id != right.id) {
        return Err(name_taken(&spec.name, &env));
    }
    let before_scopes: Vec<String> =
        scopes_by_right(&mut tx, env.id.as_str()).await?.remove(&right.id).unwrap_or_default().into_iter().map(|s| s.name).collect();
    store::delegations::update_right(&mut tx, &right.id, &spec.name, &spec.description, &user.user_id).await?;
    store::delegations::set_right_scopes(&mut tx, &right.id, &scope_ids).await?;
    let before = json!({"name": right.name, "description": right.description, "scopes": before_scopes});
    let after = json!({"name": spec.name, "description": spec.description, "scopes": spec.scopes.iter().map(|s| s.to_string()).collect::<Vec<_>>()});
    let about = store::audit::About::object(Some(env.id.as_str()), &spec.name);
    store::audit::record_about(&mut tx, Some(&user.user_id), Some(&org.id), AuditAction::DelegableRightUpdated, about, Some(before), Some(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// The scope names the organisation `org_number` may use itself in `env`.
async fn usable_by(conn: &mut AnyConnection, env: &str, org_number: &str) -> Result<HashSet<String>, AppError> {
    Ok(store::scopes::available_to(conn, env, org_number).await?.into_iter().map(|s| s.id).collect())
}

/// The rights in `env` the organisation holds: every scope in it active, delegable and
/// usable by the organisation. A right with no scopes left gives nothing and is not held.
async fn held_rights(conn: &mut AnyConnection, env: &str, org_number: &str) -> Result<Vec<DelegableRightView>, AppError> {
    let usable = usable_by(conn, env, org_number).await?;
    let mut scopes = scopes_by_right(conn, env).await?;
    let mut out = Vec::new();
    for r in store::delegations::rights_in(conn, env).await? {
        let list = scopes.remove(&r.id).unwrap_or_default();
        let held = !list.is_empty() && list.iter().all(|s| s.active == 1 && s.delegable == 1 && usable.contains(&s.scope_id));
        if held {
            out.push(right_view(r, list.into_iter().map(|s| s.name).collect()));
        }
    }
    Ok(out)
}

/// The search list of "Deleger nytt API": the rights the user's organisation holds in `env_id`.
pub async fn holdable_rights(state: &AppState, user: &CurrentUser, env_id: &str) -> Result<Vec<DelegableRightView>, AppError> {
    let env = super::environment(state, env_id)?;
    let mut conn = state.pool.acquire().await?;
    let (org, policy) = super::own_org_policy(&mut conn, user).await?;
    super::require_admin(state, user, &policy, Action::ManageRights)?;
    held_rights(&mut conn, env.id.as_str(), &org.org_number).await
}

/// The organisation registered under `org_number` (name and number only), for choosing a
/// supplier. Organisation numbers and names are public (Enhetsregisteret).
pub async fn find_organisation(state: &AppState, user: &CurrentUser, org_number: &str) -> Result<OrgSummary, AppError> {
    let number = OrgNumber::parse(org_number).map_err(|m| AppError::field("supplier_org_number", m))?;
    let mut conn = state.pool.acquire().await?;
    let (_, policy) = super::own_org_policy(&mut conn, user).await?;
    super::require_admin(state, user, &policy, Action::ManageRights)?;
    let org = store::orgs::by_number(&mut conn, number.as_str())
        .await?
        .ok_or_else(|| AppError::field("supplier_org_number", format!("Fant ingen virksomhet med organisasjonsnummer {number} i Selvbetjening.")))?;
    Ok(OrgSummary { org_number: org.org_number, name: org.name })
}

fn view(state: &AppState, d: DelegationRow, scopes: &HashMap<String, Vec<String>>) -> DelegationView {
    let environment_label = state.config.environment_label(&d.environment);
    DelegationView {
        scopes: scopes.get(&d.right_id).cloned().unwrap_or_default(),
        id: d.id,
        environment: d.environment,
        environment_label,
        right_id: d.right_id,
        right_name: d.right_name,
        customer: OrgSummary { org_number: d.customer_number, name: d.customer_name },
        supplier: OrgSummary { org_number: d.supplier_number, name: d.supplier_name },
        given_at: d.given_at,
        given_by: d.given_by_name,
        removed_at: d.removed_at,
        removed_by: d.removed_by_name,
    }
}

/// Scope names of the rights in the environments of `rows`.
async fn scope_names(conn: &mut AnyConnection, rows: &[DelegationRow]) -> Result<HashMap<String, Vec<String>>, AppError> {
    let mut envs: Vec<&str> = rows.iter().map(|d| d.environment.as_str()).collect();
    envs.sort();
    envs.dedup();
    let mut out = HashMap::new();
    for env in envs {
        for (id, list) in scopes_by_right(conn, env).await? {
            out.insert(id, list.into_iter().map(|s| s.name).collect());
        }
    }
    Ok(out)
}

/// "Tilgang til programmeringsgrensesnitt - API": given and received delegations.
pub async fn overview(state: &AppState, user: &CurrentUser) -> Result<DelegationsOverview, AppError> {
    let mut conn = state.pool.acquire().await?;
    let (org, policy) = super::own_org_policy(&mut conn, user).await?;
    let given = store::delegations::live_of(&mut conn, &org.id, true).await?;
    let received = store::delegations::live_of(&mut conn, &org.id, false).await?;
    let all: Vec<DelegationRow> = given.iter().chain(received.iter()).cloned().collect();
    let names = scope_names(&mut conn, &all).await?;
    let manage_denied = authorize(&user.subject(), &policy, None, Action::ManageRights)
        .and_then(|()| authorize_admin_factor(&user.subject(), state.config.admin_step_up))
        .err()
        .map(|d| d.message());
    Ok(DelegationsOverview {
        org: OrgSummary { org_number: org.org_number, name: org.name },
        manage_denied,
        step_up: super::admin_step_up(state, user),
        given: given.into_iter().map(|d| view(state, d, &names)).collect(),
        received: received.into_iter().map(|d| view(state, d, &names)).collect(),
    })
}

async fn tell(conn: &mut AnyConnection, state: &AppState, to: &OrgRow, subject: &str, text: &str) -> Result<(), AppError> {
    let body = format!("{text}\n\nSe «Tilgang til programmeringsgrensesnitt - API» i Selvbetjening: {}/tjenester/api-tilganger", state.config.public_url);
    let recipients = super::notify::org_contacts(conn, to).await?;
    super::notify::send(conn, recipients, subject, &body).await
}

/// An audit record about a delegation: the supplier sees it too ("both sides see them").
fn about(d: &DelegationRow) -> store::audit::About<'_> {
    store::audit::About::object(Some(&d.environment), &d.right_name).with_other(Some(&d.supplier_org_id))
}

fn snapshot(d: &DelegationRow) -> serde_json::Value {
    json!({"right": d.right_name, "environment": d.environment, "customer": d.customer_number, "supplier": d.supplier_number,
        "live": d.removed_at.is_none()})
}

fn event(env: &str, a: &str, b: &str) -> LiveEvent {
    LiveEvent { environment: env.to_string(), org_numbers: vec![a.to_string(), b.to_string()], everyone: false }
}

/// "Deleger nytt API" → "Bekreft": delegates each right of `order` to the supplier.
/// All or nothing; returns the new delegations' ids.
pub async fn delegate(state: &AppState, user: &CurrentUser, order: DelegationOrder) -> Result<Vec<String>, AppError> {
    let env = super::environment(state, order.environment.as_str()).map_err(|_| AppError::field("environment", "Velg et miljø som finnes."))?;
    let mut tx = super::begin_write(&state.pool).await?;
    let (org, policy) = super::own_org_policy(&mut tx, user).await?;
    super::require_admin(state, user, &policy, Action::ManageRights)?;
    if order.supplier.as_str() == org.org_number {
        return Err(AppError::field("supplier_org_number", "Virksomheten kan ikke delegere til seg selv. Oppgi leverandørens organisasjonsnummer."));
    }
    let supplier = store::orgs::by_number(&mut tx, order.supplier.as_str())
        .await?
        .ok_or_else(|| AppError::field("supplier_org_number", format!("Fant ingen virksomhet med organisasjonsnummer {} i Selvbetjening.", order.supplier)))?;
    let held = held_rights(&mut tx, env.id.as_str(), &org.org_number).await?;
    let mut ids = Vec::new();
    for right_id in &order.rights {
        let Some(right) = held.iter().find(|r| &r.id == right_id) else {
            return Err(match store::delegations::right_by_id(&mut tx, right_id).await? {
                Some(r) if r.environment != env.id.as_str() => {
                    AppError::field("rights", format!("Rettigheten «{}» gjelder et annet miljø enn {}.", r.name, env.label()))
                }
                Some(r) => AppError::field(
                    "rights",
                    format!("Virksomheten har ikke selv tilgang til alle scopene i «{}» i {}, og kan derfor ikke delegere den.", r.name, env.label()),
                ),
                None => right_not_found(),
            });
        };
        if store::delegations::live_exists(&mut tx, &right.id, &org.id, &supplier.id).await? {
            return Err(AppError::field("rights", format!("«{}» er allerede delegert til {} ({}).", right.name, supplier.name, supplier.org_number)));
        }
        let id = store::delegations::insert_delegation(&mut tx, &right.id, env.id.as_str(), &org.id, &supplier.id, Some(&user.user_id)).await.map_err(|e| {
            match AppError::from(e) {
                AppError::Conflict(_) => AppError::field("rights", format!("«{}» er allerede delegert til {}.", right.name, supplier.name)),
                other => other,
            }
        })?;
        let row = store::delegations::delegation_by_id(&mut tx, &id).await?.ok_or(AppError::Internal)?;
        store::audit::record_about(&mut tx, Some(&user.user_id), Some(&org.id), AuditAction::DelegationGiven, about(&row), None, Some(snapshot(&row))).await?;
        let text = format!(
            "{} ({}) har delegert «{}» i {} til {} ({}).\nLeverandøren kan nå bruke scopene {} for kunden.",
            org.name,
            org.org_number,
            right.name,
            env.label(),
            supplier.name,
            supplier.org_number,
            right.scopes.join(", ")
        );
        tell(&mut tx, state, &supplier, &format!("{} har delegert et API til dere", org.name), &text).await?;
        ids.push(id);
    }
    tx.commit().await?;
    state.live.publish(&state.pool, event(env.id.as_str(), &org.org_number, &supplier.org_number)).await;
    Ok(ids)
}

/// A delegation the user's organisation gave (as customer), with the right to change it.
async fn own_given(state: &AppState, conn: &mut AnyConnection, user: &CurrentUser, id: &str) -> Result<(DelegationRow, OrgRow), AppError> {
    let (org, policy) = super::own_org_policy(conn, user).await?;
    let d = store::delegations::delegation_by_id(conn, id).await?.filter(|d| d.customer_org_id == org.id).ok_or_else(delegation_not_found)?;
    super::require_admin(state, user, &policy, Action::ManageRights)?;
    Ok((d, org))
}

/// "Fjern": ends each of the customer's live delegations in `ids`. All or nothing.
pub async fn remove(state: &AppState, user: &CurrentUser, ids: &[String]) -> Result<(), AppError> {
    change_many(state, user, ids, false).await
}

/// "Angre": makes each removed delegation in `ids` live again. All or nothing.
pub async fn restore(state: &AppState, user: &CurrentUser, ids: &[String]) -> Result<(), AppError> {
    change_many(state, user, ids, true).await
}

async fn change_many(state: &AppState, user: &CurrentUser, ids: &[String], restore: bool) -> Result<(), AppError> {
    if ids.is_empty() {
        return Err(AppError::field("rights", "Velg minst én rettighet."));
    }
    if ids.len() > crate::domain::delegation::DELEGATION_RIGHTS_MAX * 5 {
        return Err(AppError::field("rights", "For mange rettigheter om gangen."));
    }
    let mut tx = super::begin_write(&state.pool).await?;
    let mut events = Vec::new();
    for id in ids {
        let (d, org) = own_given(state, &mut tx, user, id).await?;
        let changed = if restore {
            if store::delegations::live_exists(&mut tx, &d.right_id, &d.customer_org_id, &d.supplier_org_id).await? {
                return Err(AppError::field("rights", format!("«{}» er allerede delegert til {} igjen.", d.right_name, d.supplier_name)));
            }
            store::delegations::restore(&mut tx, &d.id).await?
        } else {
            store::delegations::remove(&mut tx, &d.id, &user.user_id).await?
        };
        if !changed {
            let why = if restore { "er ikke fjernet" } else { "er allerede fjernet" };
            return Err(AppError::field("rights", format!("«{}» til {} {why}.", d.right_name, d.supplier_name)));
        }
        let after = store::delegations::delegation_by_id(&mut tx, &d.id).await?.ok_or(AppError::Internal)?;
        let action = if restore { AuditAction::DelegationRestored } else { AuditAction::DelegationRemoved };
        store::audit::record_about(&mut tx, Some(&user.user_id), Some(&org.id), action, about(&after), Some(snapshot(&d)), Some(snapshot(&after))).await?;
        let supplier = store::orgs::by_id(&mut tx, &d.supplier_org_id).await?.ok_or(AppError::Internal)?;
        let (subject, verb) = if restore { ("gitt tilbake", "gitt tilbake") } else { ("fjernet", "fjernet") };
        let text = format!(
            "{} ({}) har {verb} delegeringen av «{}» i {} til {} ({}).",
            org.name, org.org_number, d.right_name, d.environment, supplier.name, supplier.org_number
        );
        tell(&mut tx, state, &supplier, &format!("Delegering fra {} er {subject}", org.name), &text).await?;
        events.push(event(&d.environment, &org.org_number, &supplier.org_number));
    }
    tx.commit().await?;
    for e in events {
        state.live.publish(&state.pool, e).await;
    }
    Ok(())
}
