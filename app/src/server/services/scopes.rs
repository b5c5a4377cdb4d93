//! "Mine API" and the consumer's view of scopes. A scope is changed only by its own
//! organisation; to anyone else one that is not shared with them does not exist.

use crate::domain::audit::AuditAction;
use crate::domain::commands::{NewScope, ScopeSettings};
use crate::domain::requests::RequestState;
use crate::domain::views::{AccessRequestEntry, AvailableScope, CatalogueEntry, CatalogueStatus, ScopeAccessEntry, ScopeDetail, ScopeSummary};
use crate::domain::{Action, Environment, IntegrationType, OrgNumber, Visibility};
use crate::error::AppError;
use crate::server::live::LiveEvent;
use crate::server::store::{self, requests, scopes::ScopeRow};
use crate::server::{markdown, session::CurrentUser, AppState};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::HashSet;

fn not_found() -> AppError {
    AppError::NotFound("Fant ikke scopet. Det finnes ikke, eller det tilhører en annen virksomhet.".into())
}

/// The scope as JSON for the audit log.
/// An audit record about this scope (its access list included).
fn about(s: &ScopeRow) -> store::audit::About<'_> {
    store::audit::About::object(Some(&s.environment), &s.name)
}

fn snapshot(s: &ScopeRow) -> serde_json::Value {
    json!({
        "name": s.name, "environment": s.environment, "description": s.description, "visibility": s.visibility.code(),
        "accessible_for_all": s.accessible_for_all, "integration_types": IntegrationType::codes(&s.integration_types),
        "at_max_age": s.at_max_age, "delegable": s.delegable, "active": s.active,
    })
}

/// The scope `id` if the user's organisation owns it, with its environment; `NotFound`
/// otherwise (another organisation's scope is not admitted to exist).
async fn own_scope(
    state: &AppState,
    conn: &mut AnyConnection,
    user: &CurrentUser,
    id: &str,
) -> Result<(ScopeRow, Environment, crate::domain::OrgPolicy), AppError> {
    let scope = store::scopes::by_id(conn, id).await?.ok_or_else(not_found)?;
    let (_, policy) = super::own_org_policy(conn, user).await?;
    if scope.org_id != policy.org_id {
        return Err(not_found());
    }
    let env = super::environment(state, &scope.environment)?;
    Ok((scope, env, policy))
}

/// Who to tell when `scope` changes: its owner and everyone on its access list (or
/// everyone at all, when it is accessible for all).
async fn audience(conn: &mut AnyConnection, scope: &ScopeRow, extra: Option<&str>) -> Result<LiveEvent, AppError> {
    let mut org_numbers = store::scopes::consumer_numbers(conn, &scope.id).await?;
    // Suppliers acting for a consumer through a delegation use the scope too.
    org_numbers.extend(store::delegations::suppliers_using_scope(conn, &scope.id).await?);
    if let Some(owner) = store::orgs::by_id(conn, &scope.org_id).await? {
        org_numbers.push(owner.org_number);
    }
    if let Some(n) = extra {
        org_numbers.push(n.to_string());
    }
    org_numbers.sort();
    org_numbers.dedup();
    Ok(LiveEvent { environment: scope.environment.clone(), org_numbers, everyone: scope.accessible_for_all })
}

pub async fn list_own(state: &AppState, user: &CurrentUser, env_id: &str) -> Result<Vec<ScopeSummary>, AppError> {
    let env = super::environment(state, env_id)?;
    let mut conn = state.pool.acquire().await?;
    let (org, policy) = super::own_org_policy(&mut conn, user).await?;
    super::require(user, &policy, Some(&env), Action::View)?;
    Ok(store::scopes::of_org(&mut conn, &org.id, env.id.as_str())
        .await?
        .into_iter()
        .map(|(s, consumers)| ScopeSummary { visibility: s.visibility, id: s.id, name: s.name, description: s.description, active: s.active, consumers })
        .collect())
}

pub async fn create(state: &AppState, user: &CurrentUser, env_id: &str, scope: NewScope) -> Result<String, AppError> {
    let env = super::environment(state, env_id)?;
    let NewScope { name, settings: fields } = scope;
    let mut tx = super::begin_write(&state.pool).await?;
    let (org, policy) = super::own_org_policy(&mut tx, user).await?;
    super::require(user, &policy, Some(&env), Action::ManageApis)?;
    if store::prefixes::holder(&mut tx, env.id.as_str(), name.prefix.as_str()).await?.as_deref() != Some(org.id.as_str()) {
        return Err(AppError::field("prefix", format!("Virksomheten har ikke prefikset «{}» i {}.", name.prefix, env.label())));
    }
    if store::scopes::by_name(&mut tx, env.id.as_str(), &name.to_string()).await?.is_some() {
        return Err(AppError::field("subscope", format!("Scopet «{name}» finnes allerede i {}. Velg et annet subscope.", env.label())));
    }
    let id =
        store::scopes::insert(&mut tx, &org.id, env.id.as_str(), name.prefix.as_str(), name.subscope.as_str(), &fields_for_store(&fields), Some(&user.user_id))
            .await?;
    let row = store::scopes::by_id(&mut tx, &id).await?.ok_or(AppError::Internal)?;
    store::audit::record_about(&mut tx, Some(&user.user_id), Some(&org.id), AuditAction::ScopeCreated, about(&row), None, Some(snapshot(&row))).await?;
    let event = audience(&mut tx, &row, None).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, event).await;
    Ok(id)
}

fn fields_for_store(f: &ScopeSettings) -> store::scopes::ScopeFields<'_> {
    store::scopes::ScopeFields {
        description: &f.description,
        long_description: &f.long_description,
        visibility: f.visibility,
        accessible_for_all: f.accessible_for_all,
        integration_types: &f.integration_types,
        at_max_age: f.at_max_age.seconds() as i64,
        delegable: f.delegable,
    }
}

pub async fn detail(state: &AppState, user: &CurrentUser, id: &str) -> Result<ScopeDetail, AppError> {
    let mut conn = state.pool.acquire().await?;
    let (s, env, policy) = own_scope(state, &mut conn, user, id).await?;
    let access = store::scopes::access_list(&mut conn, &s.id)
        .await?
        .into_iter()
        .map(|a| ScopeAccessEntry { org_number: a.consumer_org_number, org_name: a.consumer_name, added_at: a.added_at, added_by: a.added_by_name })
        .collect();
    let requests = requests::open_access_requests(&mut conn, &s.id)
        .await?
        .into_iter()
        .map(|r| AccessRequestEntry {
            id: r.id,
            org_number: r.org_number,
            org_name: r.org_name,
            message: r.message,
            requested_at: r.requested_at,
            requested_by: r.requested_by_name,
        })
        .collect();
    let manage_denied = crate::domain::authorize(&user.subject(), &policy, Some(&env), Action::ManageApis).err().map(|d| d.message());
    Ok(ScopeDetail {
        environment_label: env.label(),
        long_description_html: markdown::to_safe_html(&s.long_description),
        visibility: s.visibility,
        integration_types: s.integration_types.clone(),
        at_max_age: s.at_max_age as u32,
        accessible_for_all: s.accessible_for_all,
        delegable: s.delegable,
        active: s.active,
        id: s.id,
        environment: s.environment,
        name: s.name,
        prefix: s.prefix,
        subscope: s.subscope,
        description: s.description,
        long_description: s.long_description,
        created_at: s.created_at,
        updated_at: s.updated_at,
        access,
        requests,
        manage_denied,
    })
}

/// Parses, loads the caller's own scope and checks the right to manage it, in `tx`.
async fn manageable(state: &AppState, tx: &mut AnyConnection, user: &CurrentUser, id: &str) -> Result<ScopeRow, AppError> {
    let (scope, env, policy) = own_scope(state, tx, user, id).await?;
    super::require(user, &policy, Some(&env), Action::ManageApis)?;
    Ok(scope)
}

pub async fn update(state: &AppState, user: &CurrentUser, id: &str, fields: ScopeSettings) -> Result<(), AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let before = manageable(state, &mut tx, user, id).await?;
    store::scopes::update(&mut tx, &before.id, &fields_for_store(&fields), &user.user_id).await?;
    let after = store::scopes::by_id(&mut tx, &before.id).await?.ok_or(AppError::Internal)?;
    store::audit::record_about(
        &mut tx,
        Some(&user.user_id),
        Some(&before.org_id),
        AuditAction::ScopeUpdated,
        about(&after),
        Some(snapshot(&before)),
        Some(snapshot(&after)),
    )
    .await?;
    // Both before and after: a scope that stops being accessible for all must vanish for everyone.
    let mut event = audience(&mut tx, &after, None).await?;
    event.everyone |= before.accessible_for_all;
    tx.commit().await?;
    state.live.publish(&state.pool, event).await;
    Ok(())
}

/// "Deaktiver" / "Aktiver". The access list is kept either way. Consumers' notification
/// contacts are told when a scope they use is deactivated.
pub async fn set_active(state: &AppState, user: &CurrentUser, id: &str, active: bool) -> Result<(), AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let before = manageable(state, &mut tx, user, id).await?;
    if (before.active) == active {
        return Ok(()); // already so: nothing to record
    }
    store::scopes::set_active(&mut tx, &before.id, active, &user.user_id).await?;
    let after = store::scopes::by_id(&mut tx, &before.id).await?.ok_or(AppError::Internal)?;
    let action = if active { AuditAction::ScopeActivated } else { AuditAction::ScopeDeactivated };
    store::audit::record_about(&mut tx, Some(&user.user_id), Some(&before.org_id), action, about(&after), Some(snapshot(&before)), Some(snapshot(&after)))
        .await?;
    if !active {
        notify_consumers(&mut tx, &after).await?;
    }
    let event = audience(&mut tx, &after, None).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, event).await;
    Ok(())
}

async fn notify_consumers(tx: &mut AnyConnection, scope: &ScopeRow) -> Result<(), AppError> {
    // Recipient → the integrations of theirs that use the scope (empty: told as the
    // organisation's own contact). Each address gets one e-mail.
    let mut recipients: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for number in store::scopes::consumer_numbers(tx, &scope.id).await? {
        let Some(org) = store::orgs::by_number(tx, &number).await? else { continue };
        let Some(data) = store::commercial::get(tx, store::commercial::PROVIDER, &org.id).await? else { continue };
        for to in data.contacts.lines().map(str::trim).filter(|l| !l.is_empty()) {
            recipients.entry(to.to_string()).or_default();
        }
    }
    for (client, contacts) in store::clients::contacts_using_scope(tx, &scope.id).await? {
        for to in contacts.lines().map(str::trim).filter(|l| !l.is_empty()) {
            recipients.entry(to.to_string()).or_default().push(client.clone());
        }
    }
    for (to, clients) in recipients {
        let used_by = if clients.is_empty() { String::new() } else { format!(" Det brukes av integrasjonene deres: {}.", clients.join(", ")) };
        let body = format!(
            "Scopet {} i {} er deaktivert av tilbyderen.{used_by} Integrasjoner som bruker det, får ikke lenger tokens med dette scopet.",
            scope.name, scope.environment
        );
        store::outbox::enqueue(tx, &to, &format!("Scopet {} er deaktivert", scope.name), &body).await?;
    }
    Ok(())
}

/// "Your access was removed": the organisation's Varslingspunkter and those of each of its
/// integrations (and its suppliers' integrations for it) that use the scope.
async fn notify_access_removed(state: &AppState, tx: &mut AnyConnection, scope: &ScopeRow, org: &store::orgs::OrgRow) -> Result<(), AppError> {
    let clients = store::clients::using_scope_for(tx, &scope.id, &org.id).await?;
    let mut recipients = super::notify::org_contacts(tx, org).await?;
    for c in &clients {
        recipients.extend(super::notify::client_contacts(tx, c).await?);
    }
    let env = state.config.environment_label(&scope.environment);
    let used_by = if clients.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = clients.iter().map(|c| format!("«{}» ({}/tjenester/integrasjon/{})", c.name, state.config.public_url, c.id)).collect();
        format!("\n\nDisse integrasjonene bruker scopet og får ikke lenger tokens med det: {}.", names.join(", "))
    };
    let body = format!(
        "Tilbyderen av scopet {} i {env} har fjernet tilgangen til {} ({}).{used_by}\n\n\
         Ta kontakt med tilbyderen av API-et hvis dere fortsatt trenger tilgang.\n\nSelvbetjening: {}/tjenester",
        scope.name, org.name, org.org_number, state.config.public_url
    );
    super::notify::send(tx, recipients, &format!("Tilgangen til scopet {} er fjernet", scope.name), &body).await
}

pub async fn add_access(state: &AppState, user: &CurrentUser, id: &str, org_number: &str) -> Result<(), AppError> {
    let number = OrgNumber::parse(org_number).map_err(|m| AppError::field("org_number", m))?;
    let mut tx = super::begin_write(&state.pool).await?;
    let scope = manageable(state, &mut tx, user, id).await?;
    if store::scopes::has_access(&mut tx, &scope.id, number.as_str()).await? {
        return Err(AppError::field("org_number", format!("{number} har allerede tilgang til {}.", scope.name)));
    }
    store::scopes::add_access(&mut tx, &scope.id, number.as_str(), Some(&user.user_id)).await?;
    let consumer = store::orgs::by_number(&mut tx, number.as_str()).await?;
    store::audit::record_about(
        &mut tx,
        Some(&user.user_id),
        Some(&scope.org_id),
        AuditAction::ScopeAccessAdded,
        about(&scope).with_other(consumer.as_ref().map(|o| o.id.as_str())),
        None,
        Some(json!({"scope": scope.name, "consumer": number.as_str()})),
    )
    .await?;
    let event = audience(&mut tx, &scope, None).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, event).await;
    Ok(())
}

pub async fn remove_access(state: &AppState, user: &CurrentUser, id: &str, org_number: &str) -> Result<(), AppError> {
    let number = OrgNumber::parse(org_number).map_err(|m| AppError::field("org_number", m))?;
    let mut tx = super::begin_write(&state.pool).await?;
    let scope = manageable(state, &mut tx, user, id).await?;
    // Told before the removal, so the consumer being removed hears of it too.
    let event = audience(&mut tx, &scope, Some(number.as_str())).await?;
    if !store::scopes::remove_access(&mut tx, &scope.id, number.as_str(), &user.user_id).await? {
        return Err(AppError::NotFound(format!("{number} står ikke på tilgangslisten til {}.", scope.name)));
    }
    let consumer = store::orgs::by_number(&mut tx, number.as_str()).await?;
    if let Some(org) = &consumer {
        notify_access_removed(state, &mut tx, &scope, org).await?;
    }
    store::audit::record_about(
        &mut tx,
        Some(&user.user_id),
        Some(&scope.org_id),
        AuditAction::ScopeAccessRemoved,
        about(&scope).with_other(consumer.as_ref().map(|o| o.id.as_str())),
        Some(json!({"scope": scope.name, "consumer": number.as_str()})),
        None,
    )
    .await?;
    tx.commit().await?;
    state.live.publish(&state.pool, event).await;
    Ok(())
}

/// The scopes the caller's organisation may use in `env_id`.
pub async fn available(state: &AppState, user: &CurrentUser, env_id: &str) -> Result<Vec<AvailableScope>, AppError> {
    let env = super::environment(state, env_id)?;
    let mut conn = state.pool.acquire().await?;
    let (org, policy) = super::own_org_policy(&mut conn, user).await?;
    super::require(user, &policy, Some(&env), Action::View)?;
    let mut out = Vec::new();
    for s in store::scopes::available_to(&mut conn, env.id.as_str(), &org.org_number).await? {
        out.push(AvailableScope { integration_types: s.integration_types, name: s.name, description: s.description, provider: s.owner_name });
    }
    Ok(out)
}

/// PUBLIC scopes, each with what the caller's organisation can do about it.
pub async fn catalogue(state: &AppState, user: &CurrentUser, env_id: &str) -> Result<Vec<CatalogueEntry>, AppError> {
    let env = super::environment(state, env_id)?;
    let mut conn = state.pool.acquire().await?;
    let (org, policy) = super::own_org_policy(&mut conn, user).await?;
    super::require(user, &policy, Some(&env), Action::View)?;
    let available: HashSet<String> = store::scopes::available_to(&mut conn, env.id.as_str(), &org.org_number).await?.into_iter().map(|s| s.id).collect();
    let requested = requests::open_requests_of_org(&mut conn, &org.id).await?;
    let mut out = Vec::new();
    for s in store::scopes::public_catalogue(&mut conn, env.id.as_str()).await? {
        let status = if s.org_id == org.id {
            CatalogueStatus::Own
        } else if available.contains(&s.id) {
            CatalogueStatus::Available
        } else if requested.contains(&s.id) {
            CatalogueStatus::Requested
        } else {
            CatalogueStatus::Requestable
        };
        out.push(CatalogueEntry { id: s.id, name: s.name, description: s.description, provider: s.owner_name, status });
    }
    Ok(out)
}

/// "Be om tilgang" to a PUBLIC, active scope of another organisation.
pub async fn request_access(state: &AppState, user: &CurrentUser, id: &str) -> Result<(), AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let scope = store::scopes::by_id(&mut tx, id).await?.ok_or_else(not_found)?;
    let (org, policy) = super::own_org_policy(&mut tx, user).await?;
    let public = scope.visibility == Visibility::Public && scope.active;
    // A deactivated scope is not usable, whatever its access list says.
    let shared = scope.active && (store::scopes::has_access(&mut tx, &scope.id, &org.org_number).await? || scope.accessible_for_all);
    if !public && !shared {
        return Err(not_found());
    }
    let env = super::environment(state, &scope.environment)?;
    super::require(user, &policy, Some(&env), Action::ManageIntegrations)?;
    if scope.org_id == org.id {
        return Err(AppError::Conflict("Dette er virksomhetens eget scope.".into()));
    }
    if shared {
        return Err(AppError::Conflict(format!("Virksomheten har allerede tilgang til {}.", scope.name)));
    }
    if requests::open_requests_of_org(&mut tx, &org.id).await?.contains(&scope.id) {
        return Err(AppError::Conflict(format!("Virksomheten har allerede bedt om tilgang til {}. Tilbyderen har ikke svart ennå.", scope.name)));
    }
    requests::insert_access_request(&mut tx, &scope.id, &org.id, "", &user.user_id).await?;
    store::audit::record_about(
        &mut tx,
        Some(&user.user_id),
        Some(&org.id),
        AuditAction::ScopeAccessRequested,
        about(&scope).with_other(Some(&scope.org_id)),
        None,
        Some(json!({"scope": scope.name})),
    )
    .await?;
    let event = audience(&mut tx, &scope, Some(&org.org_number)).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, event).await;
    Ok(())
}

/// "Godkjenn" (adds the organisation to the access list) or "Avslå".
pub async fn decide_access_request(state: &AppState, user: &CurrentUser, request_id: &str, approve: bool) -> Result<(), AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let request = requests::access_request(&mut tx, request_id).await?.ok_or_else(|| AppError::NotFound("Fant ikke forespørselen.".into()))?;
    let scope = manageable(state, &mut tx, user, &request.scope_id).await?;
    let state_code = RequestState::decided(approve);
    if !requests::decide(&mut tx, requests::Kind::Access, &request.id, state_code, &user.user_id).await? {
        return Err(AppError::Conflict("Forespørselen er allerede behandlet.".into()));
    }
    if approve && !store::scopes::has_access(&mut tx, &scope.id, &request.org_number).await? {
        store::scopes::add_access(&mut tx, &scope.id, &request.org_number, Some(&user.user_id)).await?;
    }
    let consumer = store::orgs::by_number(&mut tx, &request.org_number).await?;
    store::audit::record_about(
        &mut tx,
        Some(&user.user_id),
        Some(&scope.org_id),
        if approve { AuditAction::ScopeAccessRequestApproved } else { AuditAction::ScopeAccessRequestDenied },
        about(&scope).with_other(consumer.as_ref().map(|o| o.id.as_str())),
        None,
        Some(json!({"scope": scope.name, "consumer": request.org_number})),
    )
    .await?;
    let event = audience(&mut tx, &scope, Some(&request.org_number)).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, event).await;
    Ok(())
}
