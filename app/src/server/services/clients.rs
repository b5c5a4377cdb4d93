//! "Integrasjoner": an organisation's integrations. Only its own organisation sees or
//! changes one; to anyone else it does not exist. A scope is attached only if the
//! organisation may use it here and now, whatever the browser sent.

use super::client_keys;
use crate::domain::audit::AuditAction;
use crate::domain::commands::{ClientSpec, CommercialUpdate};
use crate::domain::views::{AvailableScope, ClientDetail, ClientScopeEntry, ClientSummary, KeySummary, OrgSummary};
use crate::domain::{expiry_warning, Action, Environment, IntegrationType, OrgPolicy, KRR_SCOPES};
use crate::error::AppError;
use crate::server::live::LiveEvent;
use crate::server::store::{self, clients::ClientRow, commercial, orgs::OrgRow};
use crate::server::{new_id, session::CurrentUser, AppState};
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::HashMap;

fn not_found() -> AppError {
    AppError::NotFound("Fant ikke integrasjonen. Den finnes ikke, eller den tilhører en annen virksomhet.".into())
}

/// The integration `id` if it belongs to the user's organisation; `NotFound` otherwise.
pub(super) async fn own_client(
    state: &AppState,
    conn: &mut AnyConnection,
    user: &CurrentUser,
    id: &str,
) -> Result<(ClientRow, Environment, OrgRow, OrgPolicy), AppError> {
    let client = store::clients::by_id(conn, id.trim()).await?.ok_or_else(not_found)?;
    let (org, policy) = super::own_org_policy(conn, user).await?;
    if client.org_id != org.id {
        return Err(not_found());
    }
    let env = super::environment(state, &client.environment)?;
    Ok((client, env, org, policy))
}

/// The integration `id` for reading: the user's organisation's own, or one a supplier made
/// for it ("For en kunde", read-only). `NotFound` otherwise.
async fn visible_client(
    state: &AppState,
    conn: &mut AnyConnection,
    user: &CurrentUser,
    id: &str,
) -> Result<(ClientRow, Environment, OrgRow, OrgPolicy, bool), AppError> {
    let client = store::clients::by_id(conn, id.trim()).await?.ok_or_else(not_found)?;
    let (org, policy) = super::own_org_policy(conn, user).await?;
    let as_customer = client.org_id != org.id && client.customer_org_id.as_deref() == Some(org.id.as_str());
    if client.org_id != org.id && !as_customer {
        return Err(not_found());
    }
    let env = super::environment(state, &client.environment)?;
    Ok((client, env, org, policy, as_customer))
}

/// The customer of a supplier's integration, if it acts for one.
async fn customer_of(conn: &mut AnyConnection, client: &ClientRow) -> Result<Option<OrgRow>, AppError> {
    match &client.customer_org_id {
        Some(id) => Ok(store::orgs::by_id(conn, id).await?),
        None => Ok(None),
    }
}

/// The scopes on an integration with whether each still works: for the owner's own use,
/// or (for a customer) as delegated by that customer.
async fn scopes_on(conn: &mut AnyConnection, c: &ClientRow, owner: &OrgRow) -> Result<Vec<store::clients::ClientScopeRow>, AppError> {
    Ok(match customer_of(conn, c).await? {
        Some(customer) => store::clients::scopes_for_customer(conn, &c.id, &customer.org_number, &customer.id, &owner.id).await?,
        None => store::clients::scopes(conn, &c.id, &owner.org_number).await?,
    })
}

/// `own_client`, plus the right to change integrations in its environment.
pub(super) async fn manageable(state: &AppState, tx: &mut AnyConnection, user: &CurrentUser, id: &str) -> Result<(ClientRow, OrgRow), AppError> {
    let (client, env, org, policy) = own_client(state, tx, user, id).await?;
    super::require(user, &policy, Some(&env), Action::ManageIntegrations)?;
    Ok((client, org))
}

/// Tells the open browsers of the integration's organisation, and of the customer it was
/// made for, that it changed (the customer's list and "Endringslogg" show it too). Built
/// inside the transaction, published after the commit.
pub(super) async fn event(conn: &mut AnyConnection, client: &ClientRow, org: &OrgRow) -> Result<LiveEvent, AppError> {
    let mut org_numbers = vec![org.org_number.clone()];
    org_numbers.extend(customer_of(conn, client).await?.map(|c| c.org_number));
    Ok(LiveEvent { environment: client.environment.clone(), org_numbers, everyone: false })
}

/// An audit record about this integration (its keys, certificate and merkantile data
/// included); the customer it was made for sees the record too.
pub(super) fn about(c: &ClientRow) -> store::audit::About<'_> {
    store::audit::About::object(Some(&c.environment), &c.name).with_other(c.customer_org_id.as_deref())
}

pub(super) async fn snapshot(conn: &mut AnyConnection, c: &ClientRow, owner: &OrgRow) -> Result<serde_json::Value, AppError> {
    let scopes: Vec<String> = scopes_on(conn, c, owner).await?.into_iter().map(|s| s.name).collect();
    let customer = customer_of(conn, c).await?.map(|o| o.org_number);
    Ok(json!({
        "client_id": c.id, "environment": c.environment, "integration_type": c.integration_type, "name": c.name,
        "description": c.description, "scopes": scopes, "redirect_uris": c.redirect_uris,
        "post_logout_redirect_uris": c.post_logout_redirect_uris, "active": c.active, "customer": customer,
    }))
}

/// "Nøkkel utløper snart: <kid>", "Virksomhetssertifikat utløpt" …, for the list.
fn expiry_warnings(keys: &[KeySummary], certificate_expires_at: Option<i64>, now: i64) -> Vec<String> {
    let keys = keys.iter().filter_map(|k| expiry_warning(k.expires_at, now).map(|w| format!("Nøkkel {}: {}", w.to_lowercase(), k.kid)));
    let certificate = certificate_expires_at.and_then(|at| expiry_warning(at, now)).map(|w| format!("Virksomhetssertifikat {}", w.to_lowercase()));
    keys.chain(certificate).collect()
}

pub async fn list(state: &AppState, user: &CurrentUser, env_id: Option<&str>) -> Result<Vec<ClientSummary>, AppError> {
    let env = env_id.map(|e| super::environment(state, e)).transpose()?;
    let mut conn = state.pool.acquire().await?;
    let (org, policy) = super::own_org_policy(&mut conn, user).await?;
    super::require(user, &policy, env.as_ref(), Action::View)?;
    // Four queries for the whole page, whatever the number of integrations.
    let env_id = env.as_ref().map(|e| e.id.as_str());
    let rows = store::clients::of_org(&mut conn, &org.id, env_id).await?;
    let mut scopes_of: HashMap<String, Vec<String>> = HashMap::new();
    for s in store::clients::scopes_of_org(&mut conn, &org.id, env_id).await? {
        scopes_of.entry(s.client_id).or_default().push(s.name);
    }
    let mut keys_of: HashMap<String, Vec<KeySummary>> = HashMap::new();
    for k in store::clients::keys_of_org(&mut conn, &org.id, env_id).await? {
        keys_of.entry(k.client_id).or_default().push(KeySummary { kid: k.kid, expires_at: k.expires_at });
    }
    let certificates: HashMap<String, i64> = store::clients::with_certificate_of_org(&mut conn, &org.id, env_id).await?.into_iter().collect();
    let now = crate::server::now();
    let mut orgs: HashMap<String, OrgSummary> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for c in rows {
        let customer = match &c.customer_org_id {
            Some(id) => org_summary(&mut conn, &mut orgs, id).await?,
            None => None,
        };
        let kind = c.integration_type;
        let scopes = scopes_of.remove(&c.id).unwrap_or_default();
        let keys = keys_of.remove(&c.id).unwrap_or_default();
        let certificate_expires_at = certificates.get(&c.id).copied();
        let expiry_warnings = expiry_warnings(&keys, certificate_expires_at, now);
        let environment_label = state.config.environment_label(&c.environment);
        out.push(ClientSummary {
            id: c.id,
            name: c.name,
            environment: c.environment,
            environment_label,
            integration_type: kind,
            scopes,
            keys,
            certificate_expires_at,
            expiry_warnings,
            active: c.active,
            customer,
            supplier: None,
        });
    }
    // Suppliers' integrations made for this organisation, read-only; few, so one query each.
    for c in store::clients::made_for(&mut conn, &org.id, env_id).await? {
        let supplier = org_summary(&mut conn, &mut orgs, &c.org_id).await?;
        let scopes = store::clients::scopes(&mut conn, &c.id, &org.org_number).await?.into_iter().map(|s| s.name).collect();
        let keys: Vec<KeySummary> =
            store::clients::keys(&mut conn, &c.id).await?.into_iter().map(|k| KeySummary { kid: k.kid, expires_at: k.expires_at }).collect();
        let certificate_expires_at = store::clients::certificate(&mut conn, &c.id).await?.map(|e| e.not_after);
        let expiry_warnings = expiry_warnings(&keys, certificate_expires_at, now);
        let environment_label = state.config.environment_label(&c.environment);
        out.push(ClientSummary {
            id: c.id,
            name: c.name,
            environment: c.environment,
            environment_label,
            integration_type: c.integration_type,
            scopes,
            keys,
            certificate_expires_at,
            expiry_warnings,
            active: c.active,
            customer: None,
            supplier,
        });
    }
    Ok(out)
}

/// An organisation's name and number by id, remembered in `seen` for the rest of a list.
async fn org_summary(conn: &mut AnyConnection, seen: &mut HashMap<String, OrgSummary>, id: &str) -> Result<Option<OrgSummary>, AppError> {
    if let Some(o) = seen.get(id) {
        return Ok(Some(o.clone()));
    }
    let found = store::orgs::by_id(conn, id).await?.map(|o| OrgSummary { org_number: o.org_number, name: o.name });
    if let Some(o) = &found {
        seen.insert(id.to_string(), o.clone());
    }
    Ok(found)
}

/// The scopes an integration of `kind` may have in `env` for this organisation: active,
/// shared with it (or accessible for all), and allowing `kind`. KRR: only its own two.
async fn usable_scopes(conn: &mut AnyConnection, env: &Environment, org_number: &str, kind: IntegrationType) -> Result<Vec<store::scopes::ScopeRow>, AppError> {
    Ok(store::scopes::available_to(conn, env.id.as_str(), org_number)
        .await?
        .into_iter()
        .filter(|s| s.integration_types.clone().contains(&kind))
        .filter(|s| kind != IntegrationType::Krr || KRR_SCOPES.contains(&s.name.as_str()))
        .collect())
}

/// "For en kunde": the customer `number` if it has delegated anything to the user's
/// organisation in `env`, and the user may act for customers. Anything else is the same
/// refusal, so nobody learns more about an organisation than that it delegated nothing.
async fn customer_for(
    conn: &mut AnyConnection,
    env: &Environment,
    user: &CurrentUser,
    org: &OrgRow,
    policy: &OrgPolicy,
    number: &str,
) -> Result<OrgRow, AppError> {
    super::require(user, policy, Some(env), Action::ActForCustomer)?;
    let customers = store::delegations::customers_of(conn, &org.id, env.id.as_str()).await?;
    let Some((id, _, _)) = customers.into_iter().find(|(_, n, _)| n == number) else {
        return Err(AppError::field("customer", format!("Virksomheten {number} har ikke delegert noe API til {} i {}.", org.name, env.label())));
    };
    store::orgs::by_id(conn, &id).await?.ok_or(AppError::Internal)
}

/// What the supplier `org` may use for `customer` in `env` with an integration of `kind`.
async fn delegated_scopes(
    conn: &mut AnyConnection,
    env: &Environment,
    org: &OrgRow,
    customer: &OrgRow,
    kind: IntegrationType,
) -> Result<Vec<store::scopes::ScopeRow>, AppError> {
    Ok(store::scopes::delegated(conn, env.id.as_str(), &customer.org_number, &customer.id, &org.id)
        .await?
        .into_iter()
        .filter(|s| s.integration_types.contains(&kind) && kind != IntegrationType::Krr)
        .collect())
}

/// "For en kunde": the customers that have delegated to the user's organisation in `env_id`.
pub async fn customers(state: &AppState, user: &CurrentUser, env_id: &str) -> Result<Vec<OrgSummary>, AppError> {
    let env = super::environment(state, env_id)?;
    let mut conn = state.pool.acquire().await?;
    let (org, policy) = super::own_org_policy(&mut conn, user).await?;
    super::require(user, &policy, Some(&env), Action::ActForCustomer)?;
    Ok(store::delegations::customers_of(&mut conn, &org.id, env.id.as_str())
        .await?
        .into_iter()
        .map(|(_, org_number, name)| OrgSummary { org_number, name })
        .collect())
}

/// "Legg til scopes": what an integration of `kind` may have in `env_id`, for the user's
/// organisation itself or (`customer` not empty) for that customer.
pub async fn scope_options(state: &AppState, user: &CurrentUser, env_id: &str, kind: &str, customer: &str) -> Result<Vec<AvailableScope>, AppError> {
    let env = super::environment(state, env_id)?;
    let kind = IntegrationType::from_code(kind).ok_or_else(|| AppError::field("integration_type", "Velg en Difi-tjeneste."))?;
    let mut conn = state.pool.acquire().await?;
    let (org, policy) = super::own_org_policy(&mut conn, user).await?;
    super::require(user, &policy, Some(&env), Action::View)?;
    let rows = match customer.trim() {
        "" => usable_scopes(&mut conn, &env, &org.org_number, kind).await?,
        number => {
            let customer = customer_for(&mut conn, &env, user, &org, &policy, number).await?;
            delegated_scopes(&mut conn, &env, &org, &customer, kind).await?
        }
    };
    let mut out = Vec::new();
    for s in rows {
        let provider = store::orgs::by_id(&mut conn, &s.org_id).await?.map(|o| o.name).unwrap_or_default();
        out.push(AvailableScope { integration_types: s.integration_types.clone(), name: s.name, description: s.description, provider });
    }
    Ok(out)
}

/// The ids of `parsed.scopes`, each checked against what the organisation may use now.
/// `keep` are scopes already on the integration: they may stay even if the provider has
/// since withdrawn them (they give no tokens then), but nothing new is attached unchecked.
async fn resolve_scopes(
    conn: &mut AnyConnection,
    env: &Environment,
    org: &OrgRow,
    customer: Option<&OrgRow>,
    parsed: &ClientSpec,
    keep: &[(String, String)],
) -> Result<Vec<String>, AppError> {
    let usable = match customer {
        Some(c) => delegated_scopes(conn, env, org, c, parsed.integration_type).await?,
        None => usable_scopes(conn, env, &org.org_number, parsed.integration_type).await?,
    };
    let mut ids = Vec::new();
    for name in &parsed.scopes {
        let name = name.to_string();
        if let Some(s) = usable.iter().find(|s| s.name == name) {
            ids.push(s.id.clone());
        } else if let Some((id, _)) = keep.iter().find(|(_, n)| *n == name) {
            ids.push(id.clone());
        } else if let Some(c) = customer {
            return Err(AppError::field(
                "scopes",
                format!("Scopet «{name}» er ikke delegert til virksomheten fra {} ({}) i {}.", c.name, c.org_number, env.label()),
            ));
        } else if parsed.integration_type == IntegrationType::Krr {
            return Err(AppError::field(
                "scopes",
                format!("KRR-scopet «{name}» finnes ikke eller er ikke aktivt i {}. Kontakt plattformoperatøren.", env.label()),
            ));
        } else {
            return Err(AppError::field(
                "scopes",
                format!(
                    "Scopet «{name}» kan ikke brukes av virksomheten i {}: det er ikke delt med virksomheten, er deaktivert, eller tillater ikke integrasjonstypen {}.",
                    env.label(),
                    parsed.integration_type.label()
                ),
            ));
        }
    }
    Ok(ids)
}

fn lines(uris: &[crate::domain::RedirectUri]) -> String {
    uris.iter().map(|u| u.as_str()).collect::<Vec<_>>().join("\n")
}

pub async fn create(state: &AppState, user: &CurrentUser, env_id: &str, parsed: ClientSpec) -> Result<String, AppError> {
    let env = super::environment(state, env_id)?;
    let mut tx = super::begin_write(&state.pool).await?;
    let (org, policy) = super::own_org_policy(&mut tx, user).await?;
    super::require(user, &policy, Some(&env), Action::ManageIntegrations)?;
    let customer = match &parsed.customer {
        Some(number) => Some(customer_for(&mut tx, &env, user, &org, &policy, number.as_str()).await?),
        None => None,
    };
    let scope_ids = resolve_scopes(&mut tx, &env, &org, customer.as_ref(), &parsed, &[]).await?;
    let id = new_id();
    let (redirect, post_logout) = (lines(&parsed.redirect_uris), lines(&parsed.post_logout_redirect_uris));
    let fields = store::clients::ClientFields {
        name: &parsed.name,
        description: &parsed.description,
        redirect_uris: &redirect,
        post_logout_redirect_uris: &post_logout,
    };
    let customer_id = customer.as_ref().map(|c| c.id.as_str());
    store::clients::insert(&mut tx, &id, &org.id, env.id.as_str(), parsed.integration_type, &fields, customer_id, &user.user_id).await?;
    store::clients::set_scopes(&mut tx, &id, &scope_ids).await?;
    let row = store::clients::by_id(&mut tx, &id).await?.ok_or(AppError::Internal)?;
    let after = snapshot(&mut tx, &row, &org).await?;
    store::audit::record_about(&mut tx, Some(&user.user_id), Some(&org.id), AuditAction::ClientCreated, about(&row), None, Some(after)).await?;
    let ev = event(&mut tx, &row, &org).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, ev).await;
    Ok(id)
}

pub async fn detail(state: &AppState, user: &CurrentUser, id: &str) -> Result<ClientDetail, AppError> {
    let mut conn = state.pool.acquire().await?;
    let (c, env, viewer, policy, as_customer) = visible_client(state, &mut conn, user, id).await?;
    let owner = if as_customer { store::orgs::by_id(&mut conn, &c.org_id).await?.ok_or(AppError::Internal)? } else { viewer.clone() };
    let customer = customer_of(&mut conn, &c).await?.map(|o| OrgSummary { org_number: o.org_number, name: o.name });
    let kind = c.integration_type;
    let scopes =
        scopes_on(&mut conn, &c, &owner).await?.into_iter().map(|s| ClientScopeEntry { name: s.name, description: s.description, usable: s.usable }).collect();
    let keys = client_keys::entries(&mut conn, &c.id).await?;
    let certificate = client_keys::certificate_entry(&mut conn, &c.id).await?;
    // A customer sees the supplier's integration, not the supplier's invoice details.
    let commercial =
        if as_customer { super::commercial::from_row(None) } else { super::commercial::from_row(commercial::get(&mut conn, commercial::CLIENT, &c.id).await?) };
    let manage_denied = if as_customer {
        Some(format!("Integrasjonen er opprettet av leverandør {} ({}) for virksomheten; bare leverandøren kan endre den.", owner.name, owner.org_number))
    } else {
        crate::domain::authorize(&user.subject(), &policy, Some(&env), Action::ManageIntegrations).err().map(|d| d.message())
    };
    let split = |s: &str| s.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect::<Vec<_>>();
    let issuer = (kind != IntegrationType::IdPorten).then(|| crate::domain::token::issuer(&state.config.public_url, &c.environment));
    Ok(ClientDetail {
        supplier: as_customer.then(|| OrgSummary { org_number: owner.org_number.clone(), name: owner.name.clone() }),
        customer: customer.filter(|_| !as_customer),
        org: OrgSummary { org_number: owner.org_number, name: owner.name },
        environment_label: env.label(),
        integration_type: kind,
        redirect_uris: split(&c.redirect_uris),
        post_logout_redirect_uris: split(&c.post_logout_redirect_uris),
        active: c.active,
        id: c.id,
        environment: c.environment,
        name: c.name,
        description: c.description,
        scopes,
        created_at: c.created_at,
        updated_at: c.updated_at,
        keys,
        certificate,
        commercial,
        manage_denied,
        now: crate::server::now(),
        issuer,
    })
}

/// "Endre": name, description, scopes and (ID-porten) redirect URIs. The type stays.
pub async fn update(state: &AppState, user: &CurrentUser, id: &str, parsed: ClientSpec) -> Result<(), AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let (before, org) = manageable(state, &mut tx, user, id).await?;
    let env = super::environment(state, &before.environment)?;
    if parsed.integration_type != before.integration_type {
        return Err(AppError::field(
            "integration_type",
            "Difi-tjeneste kan ikke endres etter at integrasjonen er opprettet. Opprett en ny integrasjon i stedet.",
        ));
    }
    let keep: Vec<(String, String)> = scopes_on(&mut tx, &before, &org).await?.into_iter().map(|s| (s.scope_id, s.name)).collect();
    let customer = customer_of(&mut tx, &before).await?;
    let scope_ids = resolve_scopes(&mut tx, &env, &org, customer.as_ref(), &parsed, &keep).await?;
    let old = snapshot(&mut tx, &before, &org).await?;
    let (redirect, post_logout) = (lines(&parsed.redirect_uris), lines(&parsed.post_logout_redirect_uris));
    let fields = store::clients::ClientFields {
        name: &parsed.name,
        description: &parsed.description,
        redirect_uris: &redirect,
        post_logout_redirect_uris: &post_logout,
    };
    store::clients::update(&mut tx, &before.id, &fields, &user.user_id).await?;
    store::clients::set_scopes(&mut tx, &before.id, &scope_ids).await?;
    let after = store::clients::by_id(&mut tx, &before.id).await?.ok_or(AppError::Internal)?;
    let new = snapshot(&mut tx, &after, &org).await?;
    store::audit::record_about(&mut tx, Some(&user.user_id), Some(&org.id), AuditAction::ClientUpdated, about(&after), Some(old), Some(new)).await?;
    let ev = event(&mut tx, &after, &org).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, ev).await;
    Ok(())
}

/// "Deaktiver" (and "Aktiver"): a deactivated integration is kept, gets no tokens, and is
/// listed under the filter.
pub async fn set_active(state: &AppState, user: &CurrentUser, id: &str, active: bool) -> Result<(), AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let (before, org) = manageable(state, &mut tx, user, id).await?;
    if (before.active) == active {
        return Ok(());
    }
    let old = snapshot(&mut tx, &before, &org).await?;
    store::clients::set_active(&mut tx, &before.id, active, &user.user_id).await?;
    let after = store::clients::by_id(&mut tx, &before.id).await?.ok_or(AppError::Internal)?;
    let new = snapshot(&mut tx, &after, &org).await?;
    let action = if active { AuditAction::ClientActivated } else { AuditAction::ClientDeactivated };
    store::audit::record_about(&mut tx, Some(&user.user_id), Some(&org.id), action, about(&after), Some(old), Some(new)).await?;
    let ev = event(&mut tx, &after, &org).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, ev).await;
    Ok(())
}

/// "Rediger integrasjon": the integration's Fakturainformasjon and Varslingspunkter. KRR
/// integrations are not invoiced, so they have notification contacts only.
pub async fn save_commercial(state: &AppState, user: &CurrentUser, id: &str, parsed: CommercialUpdate) -> Result<(), AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let (client, org) = manageable(state, &mut tx, user, id).await?;
    if client.integration_type == IntegrationType::Krr && (parsed.invoice_email.is_some() || !parsed.invoice_reference.is_empty()) {
        return Err(AppError::field("invoice_email", "KRR-integrasjoner har bare varslingspunkter, ikke fakturainformasjon."));
    }
    // The customer sees the integration, not its supplier's invoice details: no `with_other`.
    let about = store::audit::About::object(Some(&client.environment), &client.name);
    super::commercial::write(&mut tx, user, &org.id, commercial::CLIENT, &client.id, &parsed, AuditAction::ClientCommercialSaved, about).await?;
    let ev = event(&mut tx, &client, &org).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, ev).await;
    Ok(())
}
