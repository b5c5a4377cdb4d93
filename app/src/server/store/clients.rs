//! Integrations (OAuth2 clients), the scopes attached to them, their public keys and their
//! enterprise certificate.

use super::decode::{flag, parsed};
use crate::domain::IntegrationType;
use crate::server::now;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, FromRow, Row};

/// An integration as stored, decoded into domain types.
#[derive(Debug, Clone)]
pub struct ClientRow {
    pub id: String,
    pub org_id: String,
    pub environment: String,
    pub integration_type: IntegrationType,
    pub name: String,
    pub description: String,
    pub redirect_uris: String,
    pub post_logout_redirect_uris: String,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// "For en kunde": the customer a supplier's integration acts for.
    pub customer_org_id: Option<String>,
}

impl<'r> FromRow<'r, AnyRow> for ClientRow {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(ClientRow {
            id: row.try_get("id")?,
            org_id: row.try_get("org_id")?,
            environment: row.try_get("environment")?,
            integration_type: parsed(row, "integration_type", |c| IntegrationType::from_code(c).ok_or_else(|| "unknown integration type".to_string()))?,
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            redirect_uris: row.try_get("redirect_uris")?,
            post_logout_redirect_uris: row.try_get("post_logout_redirect_uris")?,
            active: flag(row, "active")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            customer_org_id: row.try_get("customer_org_id")?,
        })
    }
}

const SELECT: &str = "SELECT id, org_id, environment, integration_type, name, description, redirect_uris, \
    post_logout_redirect_uris, active, created_at, updated_at, customer_org_id FROM clients";

/// What a consumer sets on an integration; the type is set once, at creation.
pub struct ClientFields<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub redirect_uris: &'a str,
    pub post_logout_redirect_uris: &'a str,
}

/// One argument per column set once at creation; a struct would only rename them.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    org_id: &str,
    environment: &str,
    integration_type: IntegrationType,
    f: &ClientFields<'_>,
    customer_org_id: Option<&str>,
    by: &str,
) -> Result<(), sqlx::Error> {
    let t = now();
    sqlx::query(
        "INSERT INTO clients (id, org_id, environment, integration_type, name, description, redirect_uris, \
         post_logout_redirect_uris, active, created_at, created_by, updated_at, updated_by, customer_org_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $9, $10, $11)",
    )
    .bind(id.to_string())
    .bind(org_id.to_string())
    .bind(environment.to_string())
    .bind(integration_type.code())
    .bind(f.name.to_string())
    .bind(f.description.to_string())
    .bind(f.redirect_uris.to_string())
    .bind(f.post_logout_redirect_uris.to_string())
    .bind(t)
    .bind(by.to_string())
    .bind(customer_org_id.map(str::to_string))
    .execute(conn)
    .await?;
    Ok(())
}

/// Integrations suppliers have made for the customer `customer_org_id` ("For en kunde"),
/// in one environment or (None) in all; active first.
pub async fn made_for(conn: &mut AnyConnection, customer_org_id: &str, environment: Option<&str>) -> Result<Vec<ClientRow>, sqlx::Error> {
    sqlx::query_as::<_, ClientRow>(&format!(
        "{SELECT} WHERE customer_org_id = $1 AND ($2 = '' OR environment = $2) ORDER BY environment, active DESC, name, id"
    ))
    .bind(customer_org_id.to_string())
    .bind(environment.unwrap_or("").to_string())
    .fetch_all(conn)
    .await
}

pub async fn update(conn: &mut AnyConnection, id: &str, f: &ClientFields<'_>, by: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE clients SET name = $1, description = $2, redirect_uris = $3, post_logout_redirect_uris = $4, \
         updated_at = $5, updated_by = $6 WHERE id = $7",
    )
    .bind(f.name.to_string())
    .bind(f.description.to_string())
    .bind(f.redirect_uris.to_string())
    .bind(f.post_logout_redirect_uris.to_string())
    .bind(now())
    .bind(by.to_string())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_active(conn: &mut AnyConnection, id: &str, active: bool, by: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE clients SET active = $1, updated_at = $2, updated_by = $3 WHERE id = $4")
        .bind(active as i64)
        .bind(now())
        .bind(by.to_string())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks the integration as changed (keys and certificate live in their own tables).
pub async fn touch(conn: &mut AnyConnection, id: &str, by: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE clients SET updated_at = $1, updated_by = $2 WHERE id = $3")
        .bind(now())
        .bind(by.to_string())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<ClientRow>, sqlx::Error> {
    sqlx::query_as::<_, ClientRow>(&format!("{SELECT} WHERE id = $1")).bind(id.to_string()).fetch_optional(conn).await
}

/// The organisation's integrations, in one environment or (None) in all; active first.
pub async fn of_org(conn: &mut AnyConnection, org_id: &str, environment: Option<&str>) -> Result<Vec<ClientRow>, sqlx::Error> {
    match environment {
        Some(env) => {
            sqlx::query_as::<_, ClientRow>(&format!("{SELECT} WHERE org_id = $1 AND environment = $2 ORDER BY active DESC, name, id"))
                .bind(org_id.to_string())
                .bind(env.to_string())
                .fetch_all(conn)
                .await
        }
        None => {
            sqlx::query_as::<_, ClientRow>(&format!("{SELECT} WHERE org_id = $1 ORDER BY environment, active DESC, name, id"))
                .bind(org_id.to_string())
                .fetch_all(conn)
                .await
        }
    }
}

#[derive(Debug, Clone)]
pub struct ClientScopeRow {
    pub scope_id: String,
    pub name: String,
    pub description: String,
    /// The scope is active and still shared with the client's organisation.
    pub usable: bool,
}

impl<'r> FromRow<'r, AnyRow> for ClientScopeRow {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(ClientScopeRow {
            scope_id: row.try_get("scope_id")?,
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            usable: flag(row, "usable")?,
        })
    }
}

/// The scopes on an integration, by name, with whether each can still be used: a provider
/// may have removed the access or deactivated the scope since it was attached.
pub async fn scopes(conn: &mut AnyConnection, client_id: &str, org_number: &str) -> Result<Vec<ClientScopeRow>, sqlx::Error> {
    sqlx::query_as::<_, ClientScopeRow>(
        "SELECT s.id AS scope_id, s.name, s.description, CASE WHEN s.active = 1 AND (s.accessible_for_all = 1 OR EXISTS \
         (SELECT 1 FROM scope_access a WHERE a.scope_id = s.id AND a.consumer_org_number = $2 AND a.removed_at IS NULL)) \
         THEN 1 ELSE 0 END AS usable FROM client_scopes cs JOIN scopes s ON s.id = cs.scope_id WHERE cs.client_id = $1 ORDER BY s.name",
    )
    .bind(client_id.to_string())
    .bind(org_number.to_string())
    .fetch_all(conn)
    .await
}

/// The scopes on a supplier's integration made for a customer, with whether each can still
/// be used: active, delegable, still usable by the customer, and still delegated by it to
/// the supplier through a right that contains the scope.
pub async fn scopes_for_customer(
    conn: &mut AnyConnection,
    client_id: &str,
    customer_number: &str,
    customer_org_id: &str,
    supplier_org_id: &str,
) -> Result<Vec<ClientScopeRow>, sqlx::Error> {
    sqlx::query_as::<_, ClientScopeRow>(
        "SELECT s.id AS scope_id, s.name, s.description, CASE WHEN s.active = 1 AND s.delegable = 1 AND (s.accessible_for_all = 1 OR EXISTS \
         (SELECT 1 FROM scope_access a WHERE a.scope_id = s.id AND a.consumer_org_number = $2 AND a.removed_at IS NULL)) AND EXISTS \
         (SELECT 1 FROM delegations d JOIN delegable_right_scopes rs ON rs.right_id = d.right_id WHERE rs.scope_id = s.id \
         AND d.customer_org_id = $3 AND d.supplier_org_id = $4 AND d.removed_at IS NULL) \
         THEN 1 ELSE 0 END AS usable FROM client_scopes cs JOIN scopes s ON s.id = cs.scope_id WHERE cs.client_id = $1 ORDER BY s.name",
    )
    .bind(client_id.to_string())
    .bind(customer_number.to_string())
    .bind(customer_org_id.to_string())
    .bind(supplier_org_id.to_string())
    .fetch_all(conn)
    .await
}

/// Replaces the scopes on an integration with `scope_ids`.
pub async fn set_scopes(conn: &mut AnyConnection, client_id: &str, scope_ids: &[String]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM client_scopes WHERE client_id = $1").bind(client_id.to_string()).execute(&mut *conn).await?;
    let t = now();
    for id in scope_ids {
        sqlx::query("INSERT INTO client_scopes (client_id, scope_id, added_at) VALUES ($1, $2, $3)")
            .bind(client_id.to_string())
            .bind(id.clone())
            .bind(t)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The Varslingspunkter (one address per line) of each active integration that has
/// `scope_id` attached, with the integration's name.
pub async fn contacts_using_scope(conn: &mut AnyConnection, scope_id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.name, d.contacts FROM client_scopes cs JOIN clients c ON c.id = cs.client_id \
         JOIN commercial_data d ON d.owner_kind = 'client' AND d.owner_id = c.id WHERE cs.scope_id = $1 AND c.active = 1 ORDER BY c.name",
    )
    .bind(scope_id.to_string())
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct KeyRow {
    pub kid: String,
    pub thumbprint: String,
    pub jwk: String,
    pub created_at: i64,
    pub expires_at: i64,
}

pub async fn keys(conn: &mut AnyConnection, client_id: &str) -> Result<Vec<KeyRow>, sqlx::Error> {
    sqlx::query_as::<_, KeyRow>("SELECT kid, thumbprint, jwk, created_at, expires_at FROM client_keys WHERE client_id = $1 ORDER BY created_at, kid")
        .bind(client_id.to_string())
        .fetch_all(conn)
        .await
}

/// What a list page shows of the integrations of one organisation (in one environment, or
/// all with `None`), each kind in one query rather than one per integration.
#[derive(Debug, Clone, FromRow)]
pub struct ListedScope {
    pub client_id: String,
    pub name: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct ListedKey {
    pub client_id: String,
    pub kid: String,
    pub expires_at: i64,
}

/// The scope names on every listed integration, by integration then name.
pub async fn scopes_of_org(conn: &mut AnyConnection, org_id: &str, environment: Option<&str>) -> Result<Vec<ListedScope>, sqlx::Error> {
    sqlx::query_as::<_, ListedScope>(
        "SELECT cs.client_id, s.name FROM client_scopes cs JOIN clients c ON c.id = cs.client_id JOIN scopes s ON s.id = cs.scope_id \
         WHERE c.org_id = $1 AND ($2 = '' OR c.environment = $2) ORDER BY cs.client_id, s.name",
    )
    .bind(org_id.to_string())
    .bind(environment.unwrap_or("").to_string())
    .fetch_all(conn)
    .await
}

/// The keys of every listed integration, by integration, oldest first (as `keys`).
pub async fn keys_of_org(conn: &mut AnyConnection, org_id: &str, environment: Option<&str>) -> Result<Vec<ListedKey>, sqlx::Error> {
    sqlx::query_as::<_, ListedKey>(
        "SELECT k.client_id, k.kid, k.expires_at FROM client_keys k JOIN clients c ON c.id = k.client_id \
         WHERE c.org_id = $1 AND ($2 = '' OR c.environment = $2) ORDER BY k.client_id, k.created_at, k.kid",
    )
    .bind(org_id.to_string())
    .bind(environment.unwrap_or("").to_string())
    .fetch_all(conn)
    .await
}

/// The listed integrations that have a certificate, with its expiry.
pub async fn with_certificate_of_org(conn: &mut AnyConnection, org_id: &str, environment: Option<&str>) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT cc.client_id, cc.not_after FROM client_certificates cc JOIN clients c ON c.id = cc.client_id WHERE c.org_id = $1 AND ($2 = '' OR c.environment = $2)",
    )
    .bind(org_id.to_string())
    .bind(environment.unwrap_or("").to_string())
    .fetch_all(conn)
    .await
}

pub async fn insert_key(
    conn: &mut AnyConnection,
    client_id: &str,
    kid: &str,
    thumbprint: &str,
    jwk: &str,
    expires_at: i64,
    by: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO client_keys (client_id, kid, thumbprint, jwk, created_at, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(client_id.to_string())
        .bind(kid.to_string())
        .bind(thumbprint.to_string())
        .bind(jwk.to_string())
        .bind(now())
        .bind(by.to_string())
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Re-adding a key that is already there: a new year from now.
pub async fn renew_key(conn: &mut AnyConnection, client_id: &str, thumbprint: &str, expires_at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE client_keys SET expires_at = $1 WHERE client_id = $2 AND thumbprint = $3")
        .bind(expires_at)
        .bind(client_id.to_string())
        .bind(thumbprint.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes a key; false if there was none. Keys are removed for real (a removed key must
/// never sign again); the audit log keeps the JWK.
pub async fn delete_key(conn: &mut AnyConnection, client_id: &str, kid: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM client_keys WHERE client_id = $1 AND kid = $2").bind(client_id.to_string()).bind(kid.to_string()).execute(conn).await?;
    Ok(done.rows_affected() > 0)
}

#[derive(Debug, Clone, FromRow)]
pub struct CertificateRow {
    pub pem: String,
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub not_before: i64,
    pub not_after: i64,
    pub org_number: String,
    pub created_at: i64,
}

pub async fn certificate(conn: &mut AnyConnection, client_id: &str) -> Result<Option<CertificateRow>, sqlx::Error> {
    sqlx::query_as::<_, CertificateRow>(
        "SELECT pem, subject, issuer, serial, not_before, not_after, org_number, created_at FROM client_certificates WHERE client_id = $1",
    )
    .bind(client_id.to_string())
    .fetch_optional(conn)
    .await
}

/// Sets (or replaces) the integration's certificate.
pub async fn put_certificate(conn: &mut AnyConnection, client_id: &str, c: &CertificateRow, by: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM client_certificates WHERE client_id = $1").bind(client_id.to_string()).execute(&mut *conn).await?;
    sqlx::query(
        "INSERT INTO client_certificates (client_id, pem, subject, issuer, serial, not_before, not_after, org_number, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(client_id.to_string())
    .bind(c.pem.clone())
    .bind(c.subject.clone())
    .bind(c.issuer.clone())
    .bind(c.serial.clone())
    .bind(c.not_before)
    .bind(c.not_after)
    .bind(c.org_number.clone())
    .bind(c.created_at)
    .bind(by.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_certificate(conn: &mut AnyConnection, client_id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM client_certificates WHERE client_id = $1").bind(client_id.to_string()).execute(conn).await?;
    Ok(done.rows_affected() > 0)
}

/// A key or certificate of an active integration that expires in a window (the expiry
/// notices): the integration, what expires (kid or serial), and when.
#[derive(Debug, Clone, FromRow)]
pub struct Expiring {
    pub client_id: String,
    pub item: String,
    pub expires_at: i64,
}

/// Keys of active integrations expiring after `from` and at or before `until`, soonest first.
pub async fn expiring_keys(conn: &mut AnyConnection, from: i64, until: i64) -> Result<Vec<Expiring>, sqlx::Error> {
    sqlx::query_as::<_, Expiring>(
        "SELECT k.client_id, k.kid AS item, k.expires_at FROM client_keys k JOIN clients c ON c.id = k.client_id \
         WHERE c.active = $1 AND k.expires_at > $2 AND k.expires_at <= $3 ORDER BY k.expires_at, k.client_id, k.kid",
    )
    .bind(1i64)
    .bind(from)
    .bind(until)
    .fetch_all(conn)
    .await
}

/// Certificates of active integrations expiring after `from` and at or before `until`.
pub async fn expiring_certificates(conn: &mut AnyConnection, from: i64, until: i64) -> Result<Vec<Expiring>, sqlx::Error> {
    sqlx::query_as::<_, Expiring>(
        "SELECT e.client_id, e.serial AS item, e.not_after AS expires_at FROM client_certificates e JOIN clients c ON c.id = e.client_id \
         WHERE c.active = $1 AND e.not_after > $2 AND e.not_after <= $3 ORDER BY e.not_after, e.client_id",
    )
    .bind(1i64)
    .bind(from)
    .bind(until)
    .fetch_all(conn)
    .await
}

/// The active integrations that use the scope for `org_id`: its own, and those suppliers
/// made for it as their customer.
pub async fn using_scope_for(conn: &mut AnyConnection, scope_id: &str, org_id: &str) -> Result<Vec<ClientRow>, sqlx::Error> {
    sqlx::query_as::<_, ClientRow>(&format!(
        "{SELECT} WHERE active = 1 AND (org_id = $1 OR customer_org_id = $2) AND id IN (SELECT client_id FROM client_scopes WHERE scope_id = $3) ORDER BY name, id"
    ))
    .bind(org_id.to_string())
    .bind(org_id.to_string())
    .bind(scope_id.to_string())
    .fetch_all(conn)
    .await
}

/// What of the organisation's active integrations expires before `until` (already expired
/// included): (client id, name, environment, "key"/"certificate", kid or serial, expiry).
pub async fn expiring_of_org(conn: &mut AnyConnection, org_id: &str, until: i64) -> Result<Vec<(String, String, String, String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.name, c.environment, 'key', k.kid, k.expires_at FROM client_keys k JOIN clients c ON c.id = k.client_id \
         WHERE c.org_id = $1 AND c.active = 1 AND k.expires_at <= $2 \
         UNION ALL \
         SELECT c.id, c.name, c.environment, 'certificate', e.serial, e.not_after FROM client_certificates e JOIN clients c ON c.id = e.client_id \
         WHERE c.org_id = $3 AND c.active = 1 AND e.not_after <= $4 \
         ORDER BY 6, 2",
    )
    .bind(org_id.to_string())
    .bind(until)
    .bind(org_id.to_string())
    .bind(until)
    .fetch_all(conn)
    .await
}
