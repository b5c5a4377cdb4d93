//! "Egne public nøkler" and "Virksomhetssertifikat" on an integration. The server parses
//! what it gets with the same `domain::keys` code the browser used to show it.

use super::clients::{about, event, manageable};
use crate::domain::audit::AuditAction;
use crate::domain::client::KEY_LIFETIME_SECONDS;
use crate::domain::keys::{self, Jwk};
use crate::domain::views::{CertificateEntry, ClientKeyEntry};
use crate::domain::MAX_KEYS;
use crate::error::AppError;
use crate::server::store::{self, clients::CertificateRow};
use crate::server::{now, session::CurrentUser, AppState};
use serde_json::json;
use sqlx::AnyConnection;

pub async fn entries(conn: &mut AnyConnection, client_id: &str) -> Result<Vec<ClientKeyEntry>, AppError> {
    Ok(store::clients::keys(conn, client_id)
        .await?
        .into_iter()
        .map(|k| {
            let jwk = serde_json::from_str::<Jwk>(&k.jwk).map(|j| j.to_pretty_json()).unwrap_or(k.jwk);
            ClientKeyEntry { kid: k.kid, jwk, created_at: k.created_at, expires_at: k.expires_at }
        })
        .collect())
}

pub async fn certificate_entry(conn: &mut AnyConnection, client_id: &str) -> Result<Option<CertificateEntry>, AppError> {
    Ok(store::clients::certificate(conn, client_id).await?.map(|c| CertificateEntry {
        subject: c.subject,
        issuer: c.issuer,
        serial: c.serial,
        not_before: c.not_before,
        not_after: c.not_after,
        org_number: c.org_number,
        created_at: c.created_at,
    }))
}

/// "legg til": one key or several. A key already on the integration (same RFC 7638
/// thumbprint) is renewed for a year; a new one must have a `kid` not in use, and the
/// integration may have at most `MAX_KEYS`. All or nothing.
pub async fn add(state: &AppState, user: &CurrentUser, id: &str, input: &str) -> Result<(), AppError> {
    if keys::contains_private_key(input) {
        return Err(AppError::field("keys", keys::PRIVATE_KEY_WARNING));
    }
    let parsed = keys::parse_key_input(input).map_err(|m| AppError::field("keys", m))?;
    let mut tx = super::begin_write(&state.pool).await?;
    let (client, org) = manageable(state, &mut tx, user, id).await?;
    let existing = store::clients::keys(&mut tx, &client.id).await?;
    let expires_at = now() + KEY_LIFETIME_SECONDS;
    let (mut renewed, mut added) = (Vec::new(), Vec::new());
    for jwk in &parsed {
        let thumbprint = keys::thumbprint(&jwk.n, &jwk.e);
        if existing.iter().any(|k| k.thumbprint == thumbprint) {
            store::clients::renew_key(&mut tx, &client.id, &thumbprint, expires_at).await?;
            renewed.push(jwk.kid.clone());
            continue;
        }
        if existing.iter().any(|k| k.kid == jwk.kid) {
            return Err(AppError::field(
                "keys",
                format!("kid «{}» er allerede brukt av en annen nøkkel på integrasjonen. Velg en annen kid, eller fjern den gamle nøkkelen først.", jwk.kid),
            ));
        }
        let json = serde_json::to_string(jwk).map_err(|_| AppError::Internal)?;
        store::clients::insert_key(&mut tx, &client.id, &jwk.kid, &thumbprint, &json, expires_at, &user.user_id).await?;
        added.push(jwk.kid.clone());
    }
    if existing.len() + added.len() > MAX_KEYS {
        return Err(AppError::field(
            "keys",
            format!("En integrasjon kan ha høyst {MAX_KEYS} nøkler. Den har {} fra før; fjern en nøkkel før du legger til en ny.", existing.len()),
        ));
    }
    store::clients::touch(&mut tx, &client.id, &user.user_id).await?;
    store::audit::record_about(
        &mut tx,
        Some(&user.user_id),
        Some(&org.id),
        AuditAction::ClientKeysAdded,
        about(&client),
        None,
        Some(json!({"client_id": client.id, "added": added, "renewed": renewed, "expires_at": expires_at})),
    )
    .await?;
    let ev = event(&mut tx, &client, &org).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, ev).await;
    Ok(())
}

pub async fn remove(state: &AppState, user: &CurrentUser, id: &str, kid: &str) -> Result<(), AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let (client, org) = manageable(state, &mut tx, user, id).await?;
    let before = store::clients::keys(&mut tx, &client.id).await?.into_iter().find(|k| k.kid == kid);
    let Some(before) = before else {
        return Err(AppError::NotFound(format!("Integrasjonen har ingen nøkkel med kid «{kid}».")));
    };
    store::clients::delete_key(&mut tx, &client.id, kid).await?;
    store::clients::touch(&mut tx, &client.id, &user.user_id).await?;
    store::audit::record_about(
        &mut tx,
        Some(&user.user_id),
        Some(&org.id),
        AuditAction::ClientKeyRemoved,
        about(&client),
        Some(json!({"client_id": client.id, "kid": before.kid, "jwk": before.jwk})),
        None,
    )
    .await?;
    let ev = event(&mut tx, &client, &org).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, ev).await;
    Ok(())
}

/// "Virksomhetssertifikat": valid now, with the digitalSignature key usage, and issued to
/// the integration's own organisation. Replaces any earlier one.
pub async fn set_certificate(state: &AppState, user: &CurrentUser, id: &str, pem: &str) -> Result<(), AppError> {
    if keys::contains_private_key(pem) {
        return Err(AppError::field("certificate", keys::PRIVATE_KEY_WARNING));
    }
    let info = keys::parse_certificate(pem).map_err(|m| AppError::field("certificate", m))?;
    let mut tx = super::begin_write(&state.pool).await?;
    let (client, org) = manageable(state, &mut tx, user, id).await?;
    info.check(now(), &org.org_number).map_err(|m| AppError::field("certificate", m))?;
    let before = store::clients::certificate(&mut tx, &client.id).await?;
    let row = CertificateRow {
        pem: info.pem.clone(),
        subject: info.subject.clone(),
        issuer: info.issuer.clone(),
        serial: info.serial.clone(),
        not_before: info.not_before,
        not_after: info.not_after,
        org_number: info.org_number.clone().unwrap_or_default(),
        created_at: now(),
    };
    store::clients::put_certificate(&mut tx, &client.id, &row, &user.user_id).await?;
    store::clients::touch(&mut tx, &client.id, &user.user_id).await?;
    store::audit::record_about(
        &mut tx,
        Some(&user.user_id),
        Some(&org.id),
        AuditAction::ClientCertificateSet,
        about(&client),
        before.map(|b| json!({"client_id": client.id, "subject": b.subject, "serial": b.serial})),
        Some(json!({"client_id": client.id, "subject": row.subject, "issuer": row.issuer, "serial": row.serial, "not_after": row.not_after})),
    )
    .await?;
    let ev = event(&mut tx, &client, &org).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, ev).await;
    Ok(())
}

pub async fn remove_certificate(state: &AppState, user: &CurrentUser, id: &str) -> Result<(), AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let (client, org) = manageable(state, &mut tx, user, id).await?;
    let Some(before) = store::clients::certificate(&mut tx, &client.id).await? else {
        return Err(AppError::NotFound("Integrasjonen har ikke noe virksomhetssertifikat.".into()));
    };
    store::clients::delete_certificate(&mut tx, &client.id).await?;
    store::clients::touch(&mut tx, &client.id, &user.user_id).await?;
    store::audit::record_about(
        &mut tx,
        Some(&user.user_id),
        Some(&org.id),
        AuditAction::ClientCertificateRemoved,
        about(&client),
        Some(json!({"client_id": client.id, "subject": before.subject, "serial": before.serial})),
        None,
    )
    .await?;
    let ev = event(&mut tx, &client, &org).await?;
    tx.commit().await?;
    state.live.publish(&state.pool, ev).await;
    Ok(())
}
