//! "Endringslogg": the audit trail as people read it, and its CSV export. Read-only: the
//! portal has no way to change or delete a record.

use crate::domain::audit::{AuditAction, AuditFilter, AuditObjectKind, AUDIT_PAGE_SIZE};
use crate::domain::audit_diff::{changes, FieldChange};
use crate::domain::time::format_utc;
use crate::domain::views::{AuditEntryView, AuditLogPage, AuditPerson, EnvironmentInfo, OrgSummary};
use crate::domain::{authorize, Action, Right};
use crate::error::AppError;
use crate::server::store::audit::{AuditRow, Reach};
use crate::server::{session::CurrentUser, store, AppState};
use sqlx::AnyConnection;

/// The most rows one CSV export may hold; a larger selection is refused before any work.
pub const CSV_MAX_ROWS: i64 = 10_000;

/// What `user` may read, and that rule in a sentence for the page.
async fn reach(state: &AppState, conn: &mut AnyConnection, user: &CurrentUser) -> Result<(Reach, String), AppError> {
    if user.is_operator {
        return Ok((Reach::All, "Som plattformoperatør ser du endringene i alle virksomheter.".into()));
    }
    let (org, policy) = super::own_org_policy(conn, user).await?;
    super::require(user, &policy, None, Action::View)?;
    if user.rights.contains(&Right::MainAdmin) {
        let note = "Du ser alle endringer i virksomheten, og endringer andre virksomheter har gjort for den.";
        return Ok((Reach::Org { org_id: org.id, only: None }, note.into()));
    }
    // Others see the objects they may manage, environment by environment.
    let subject = user.subject();
    let mut only: Vec<_> = state
        .config
        .environments
        .iter()
        .map(|env| {
            let may = |action| authorize(&subject, &policy, Some(env), action).is_ok();
            let mut actions = Vec::new();
            if may(Action::ManageApis) {
                actions.extend(AuditObjectKind::Scope.actions());
                actions.extend(AuditObjectKind::AccessList.actions());
                // The delegable rights are made of the provider's scopes, by the same right.
                actions.extend([AuditAction::DelegableRightCreated, AuditAction::DelegableRightUpdated]);
            }
            if may(Action::ManageIntegrations) {
                for kind in [AuditObjectKind::Integration, AuditObjectKind::Key, AuditObjectKind::Certificate] {
                    actions.extend(kind.actions());
                }
                actions.push(AuditAction::ClientCommercialSaved);
            }
            (Some(env.id.as_str().to_string()), actions)
        })
        .collect();
    // The provider's merkantile data is organisation-wide, edited by whoever has the API
    // right where its rule applies (`commercial::edit_rule`).
    if super::commercial::provider_edit_denial(state, &subject, &policy).is_none() {
        only.push((None, vec![AuditAction::ProviderCommercialSaved]));
    }
    let note = "Du ser endringer på det du selv kan administrere. Hovedadministratoren i virksomheten ser hele loggen.";
    Ok((Reach::Org { org_id: org.id, only: Some(only) }, note.into()))
}

/// One page of the log, newest first.
pub async fn log(state: &AppState, user: &CurrentUser, filter: AuditFilter) -> Result<AuditLogPage, AppError> {
    let mut conn = state.pool.acquire().await?;
    let (reach, scope_note) = reach(state, &mut conn, user).await?;
    let page_size = AUDIT_PAGE_SIZE;
    let total = store::audit::count(&mut conn, &reach, &filter).await?;
    let offset = i64::from(filter.page) * i64::from(page_size);
    let rows = if offset < total { store::audit::list(&mut conn, &reach, &filter, i64::from(page_size), offset).await? } else { Vec::new() };
    let persons = store::audit::persons(&mut conn, &reach, viewer_org(user))
        .await?
        .into_iter()
        .map(|(user_id, name, email)| AuditPerson { user_id, name, email })
        .collect();
    let environments =
        state.config.environments.iter().map(|e| EnvironmentInfo { id: e.id.as_str().to_string(), label: e.label(), production: e.production }).collect();
    Ok(AuditLogPage {
        entries: rows.into_iter().filter_map(|r| entry(state, user, r)).collect(),
        total: total.max(0) as u64,
        page: filter.page,
        page_size,
        environments,
        persons,
        scope_note,
    })
}

/// The whole selection (no paging) as CSV, for "Last ned som CSV".
pub async fn export_csv(state: &AppState, user: &CurrentUser, filter: AuditFilter) -> Result<String, AppError> {
    let mut conn = state.pool.acquire().await?;
    let (reach, _) = reach(state, &mut conn, user).await?;
    let total = store::audit::count(&mut conn, &reach, &filter).await?;
    if total > CSV_MAX_ROWS {
        return Err(AppError::field(
            "fra",
            format!("Utvalget har {total} endringer; en nedlasting kan ha høyst {CSV_MAX_ROWS}. Avgrens med miljø, objekt, person eller datoer."),
        ));
    }
    let rows = store::audit::list(&mut conn, &reach, &filter, CSV_MAX_ROWS, 0).await?;
    let mut out = String::from("Tidspunkt (UTC),Person,E-post,Virksomhet,Organisasjonsnummer,Gjelder også,Miljø,Objekt,Navn,Hendelse,Endringer\r\n");
    for e in rows.into_iter().filter_map(|r| entry(state, user, r)) {
        let (name, email) = match (&e.person, e.person_elsewhere) {
            (Some(p), _) => p.clone(),
            (None, true) => (ELSEWHERE.to_string(), String::new()),
            (None, false) => ("Selvbetjening".to_string(), String::new()),
        };
        let (org_name, org_number) = e.org.as_ref().map(|o| (o.name.clone(), o.org_number.clone())).unwrap_or_default();
        let other = e.other_org.as_ref().map(|(role, o)| format!("{role}: {} ({})", o.name, o.org_number)).unwrap_or_default();
        let cells = [
            format_utc(e.at),
            name,
            email,
            org_name,
            org_number,
            other,
            e.environment_label.clone().unwrap_or_default(),
            e.kind.label().to_string(),
            e.object.clone().unwrap_or_default(),
            e.action.clone(),
            e.changes.iter().map(describe).collect::<Vec<_>>().join("; "),
        ];
        out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// "Beskrivelse: Gammel → Ny" (one change, in words).
fn describe(c: &FieldChange) -> String {
    let side = |v: &Option<String>| v.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "–".into());
    format!("{}: {} → {}", c.field, side(&c.before), side(&c.after))
}

/// RFC 4180 quoting, and a leading apostrophe on text a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`): a scope description must not become code in someone's Excel.
fn csv_cell(text: &str) -> String {
    let safe = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if safe.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

/// What the log says instead of a person of another organisation (a provider changing
/// its access list, say); a supplier's people are named to the customer they acted for.
pub const ELSEWHERE: &str = "En person i virksomheten som gjorde endringen";

/// Whose people `user` may see by name: their own organisation's (the operator: everyone's).
fn viewer_org(user: &CurrentUser) -> Option<&str> {
    if user.is_operator {
        None
    } else {
        user.org_id.as_deref().or(Some(""))
    }
}

fn entry(state: &AppState, user: &CurrentUser, r: AuditRow) -> Option<AuditEntryView> {
    let action = AuditAction::from_code(&r.action)?;
    let kind = action.object_kind();
    let parse = |s: &Option<String>| s.as_deref().and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
    let (before, after) = (parse(&r.before_state), parse(&r.after_state));
    // Records from before the log had its own columns: read them from the snapshots.
    let from_snapshot =
        |key: &str| [&after, &before].into_iter().flatten().find_map(|v| v.get(key).and_then(|x| x.as_str()).map(str::to_string)).filter(|s| !s.is_empty());
    let environment = r.environment.clone().or_else(|| from_snapshot("environment"));
    let object = r.object_label.clone().or_else(|| ["name", "scope", "right", "kid", "user", "prefix", "subject"].into_iter().find_map(from_snapshot));
    let role = match (kind, action) {
        (AuditObjectKind::Delegation, _) => "Leverandør",
        (AuditObjectKind::AccessList, AuditAction::ScopeAccessRequested) => "API-tilbyder",
        (AuditObjectKind::AccessList, _) => "Konsument",
        _ => "For kunden",
    };
    let for_viewer = |own: &str| action.done_for_customer() && r.other_org_id.as_deref() == Some(own);
    let elsewhere = viewer_org(user).filter(|own| r.actor_org_id.as_deref().is_some_and(|theirs| theirs != *own) && !for_viewer(own));
    let summary = |name: Option<String>, number: Option<String>| Some(OrgSummary { name: name?, org_number: number? });
    Some(AuditEntryView {
        id: r.id,
        at: r.at,
        person: r.actor_name.zip(r.actor_email).filter(|_| elsewhere.is_none()),
        person_elsewhere: elsewhere.is_some(),
        org: summary(r.org_name, r.org_number),
        other_org: summary(r.other_name, r.other_number).map(|o| (role.to_string(), o)),
        environment_label: environment.map(|e| state.config.environment_label(&e)),
        kind,
        object,
        action: action.label().to_string(),
        changes: changes(before.as_ref(), after.as_ref()),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(super::csv_cell("enkel"), "enkel");
        assert_eq!(super::csv_cell("a,b"), "\"a,b\"");
        assert_eq!(super::csv_cell("si \"hei\""), "\"si \"\"hei\"\"\"");
        assert_eq!(super::csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(super::csv_cell("-1"), "'-1");
    }
}
