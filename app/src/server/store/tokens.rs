//! The token endpoint's reads and writes: the environments' signing keys, single-use
//! `jti`s, and what a grant needs to know about a client, its scopes and its customer.

use super::decode::{flag, parsed};
use crate::domain::IntegrationType;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, FromRow, Row};

#[derive(Debug, Clone, FromRow)]
pub struct SigningKeyRow {
    pub kid: String,
    pub environment: String,
    pub private_pkcs8: String,
    pub public_jwk: String,
    pub created_at: i64,
    pub retired_at: Option<i64>,
}

const KEY_SELECT: &str = "SELECT kid, environment, private_pkcs8, public_jwk, created_at, retired_at FROM token_signing_keys";

/// The environment's current key first, then the keys retired after `retired_since`,
/// most recently retired first.
pub async fn signing_keys(conn: &mut AnyConnection, environment: &str, retired_since: i64) -> Result<Vec<SigningKeyRow>, sqlx::Error> {
    sqlx::query_as::<_, SigningKeyRow>(&format!(
        "{KEY_SELECT} WHERE environment = $1 AND (retired_at IS NULL OR retired_at > $2) ORDER BY CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END, retired_at DESC, kid"
    ))
    .bind(environment.to_string())
    .bind(retired_since)
    .fetch_all(conn)
    .await
}

/// Stores a new current key; fails on the unique index when the environment has one.
pub async fn insert_signing_key(conn: &mut AnyConnection, row: &SigningKeyRow) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO token_signing_keys (kid, environment, private_pkcs8, public_jwk, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(row.kid.clone())
        .bind(row.environment.clone())
        .bind(row.private_pkcs8.clone())
        .bind(row.public_jwk.clone())
        .bind(row.created_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Retires the environment's current key.
pub async fn retire_signing_key(conn: &mut AnyConnection, environment: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE token_signing_keys SET retired_at = $1 WHERE environment = $2 AND retired_at IS NULL")
        .bind(at)
        .bind(environment.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Records many `jti`s in one statement; returns those that were new (client_id, jti).
/// The others were used before: replays. Pairs must be distinct within one call.
pub async fn use_jtis(conn: &mut AnyConnection, rows: &[(String, String, i64)]) -> Result<Vec<(String, String)>, sqlx::Error> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let values: Vec<String> = (0..rows.len()).map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3)).collect();
    let sql = format!("INSERT INTO assertion_jtis (client_id, jti, expires_at) VALUES {} ON CONFLICT DO NOTHING RETURNING client_id, jti", values.join(", "));
    let mut q = sqlx::query_as::<_, (String, String)>(&sql);
    for (client_id, jti, expires_at) in rows {
        q = q.bind(client_id.clone()).bind(jti.clone()).bind(*expires_at);
    }
    q.fetch_all(conn).await
}

/// Forgets `jti`s of assertions that expired before `before`: they cannot be replayed.
pub async fn purge_jtis(conn: &mut AnyConnection, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM assertion_jtis WHERE expires_at < $1").bind(before).execute(conn).await?.rows_affected())
}

/// A client as the grant sees it, with its organisation's number.
#[derive(Debug, Clone)]
pub struct GrantClient {
    pub id: String,
    pub org_id: String,
    pub org_number: String,
    pub environment: String,
    pub integration_type: IntegrationType,
    pub active: bool,
    pub customer_org_id: Option<String>,
}

impl<'r> FromRow<'r, AnyRow> for GrantClient {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(GrantClient {
            id: row.try_get("id")?,
            org_id: row.try_get("org_id")?,
            org_number: row.try_get("org_number")?,
            environment: row.try_get("environment")?,
            integration_type: parsed(row, "integration_type", |c| IntegrationType::from_code(c).ok_or_else(|| "unknown integration type".to_string()))?,
            active: flag(row, "active")?,
            customer_org_id: row.try_get("customer_org_id")?,
        })
    }
}

pub async fn client(conn: &mut AnyConnection, client_id: &str) -> Result<Option<GrantClient>, sqlx::Error> {
    sqlx::query_as::<_, GrantClient>(
        "SELECT c.id, c.org_id, o.org_number, c.environment, c.integration_type, c.active, c.customer_org_id \
         FROM clients c JOIN organizations o ON o.id = c.org_id WHERE c.id = $1",
    )
    .bind(client_id.to_string())
    .fetch_optional(conn)
    .await
}

/// A scope on a client, with whether the consumer (`consumer_number`) may use it.
#[derive(Debug, Clone)]
pub struct GrantScope {
    pub id: String,
    pub name: String,
    pub active: bool,
    pub integration_types: Vec<IntegrationType>,
    pub at_max_age: i64,
    /// Accessible for all, or on the scope's live access list for the consumer.
    pub shared: bool,
}

impl<'r> FromRow<'r, AnyRow> for GrantScope {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(GrantScope {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            active: flag(row, "active")?,
            integration_types: parsed(row, "integration_types", IntegrationType::parse_list)?,
            at_max_age: row.try_get("at_max_age")?,
            shared: flag(row, "shared")?,
        })
    }
}

/// The scopes on `client_id` among `names`, each with whether `consumer_number` may use it.
pub async fn client_scopes(conn: &mut AnyConnection, client_id: &str, consumer_number: &str) -> Result<Vec<GrantScope>, sqlx::Error> {
    sqlx::query_as::<_, GrantScope>(
        "SELECT s.id, s.name, s.active, s.integration_types, s.at_max_age, \
         CAST(CASE WHEN s.accessible_for_all = 1 OR EXISTS (SELECT 1 FROM scope_access a WHERE a.scope_id = s.id \
           AND a.consumer_org_number = $2 AND a.removed_at IS NULL) THEN 1 ELSE 0 END AS BIGINT) AS shared \
         FROM client_scopes cs JOIN scopes s ON s.id = cs.scope_id WHERE cs.client_id = $1",
    )
    .bind(client_id.to_string())
    .bind(consumer_number.to_string())
    .fetch_all(conn)
    .await
}

/// The scope ids the customer has delegated (live) to the supplier in `environment`.
pub async fn delegated_scope_ids(
    conn: &mut AnyConnection,
    environment: &str,
    customer_org_id: &str,
    supplier_org_id: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT rs.scope_id FROM delegations d JOIN delegable_right_scopes rs ON rs.right_id = d.right_id \
         WHERE d.customer_org_id = $1 AND d.supplier_org_id = $2 AND d.environment = $3 AND d.removed_at IS NULL",
    )
    .bind(customer_org_id.to_string())
    .bind(supplier_org_id.to_string())
    .bind(environment.to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
