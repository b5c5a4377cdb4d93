//! Scopes and their access lists.

use super::decode::{flag, parsed};
use crate::domain::{IntegrationType, Visibility};
use crate::server::{new_id, now};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, FromRow, Row};

/// A scope as stored, decoded into domain types.
#[derive(Debug, Clone)]
pub struct ScopeRow {
    pub id: String,
    pub org_id: String,
    pub environment: String,
    pub prefix: String,
    pub subscope: String,
    pub name: String,
    pub description: String,
    pub long_description: String,
    pub visibility: Visibility,
    pub accessible_for_all: bool,
    pub integration_types: Vec<IntegrationType>,
    pub at_max_age: i64,
    pub delegable: bool,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// The provider's name, joined in so lists need no query per scope.
    pub owner_name: String,
}

impl<'r> FromRow<'r, AnyRow> for ScopeRow {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(ScopeRow {
            id: row.try_get("id")?,
            org_id: row.try_get("org_id")?,
            environment: row.try_get("environment")?,
            prefix: row.try_get("prefix")?,
            subscope: row.try_get("subscope")?,
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            long_description: row.try_get("long_description")?,
            visibility: parsed(row, "visibility", Visibility::parse)?,
            accessible_for_all: flag(row, "accessible_for_all")?,
            integration_types: parsed(row, "integration_types", IntegrationType::parse_list)?,
            at_max_age: row.try_get("at_max_age")?,
            delegable: flag(row, "delegable")?,
            active: flag(row, "active")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            owner_name: row.try_get("owner_name")?,
        })
    }
}

const SELECT: &str = "SELECT s.id, s.org_id, s.environment, s.prefix, s.subscope, s.name, s.description, s.long_description, \
    s.visibility, s.accessible_for_all, s.integration_types, s.at_max_age, s.delegable, s.active, s.created_at, s.updated_at, \
    o.name AS owner_name FROM scopes s JOIN organizations o ON o.id = s.org_id";

/// The fields a provider sets; all but prefix and subscope can change later.
pub struct ScopeFields<'a> {
    pub description: &'a str,
    pub long_description: &'a str,
    pub visibility: Visibility,
    pub accessible_for_all: bool,
    pub integration_types: &'a [IntegrationType],
    pub at_max_age: i64,
    pub delegable: bool,
}

pub async fn insert(
    conn: &mut AnyConnection,
    org_id: &str,
    environment: &str,
    prefix: &str,
    subscope: &str,
    f: &ScopeFields<'_>,
    by: Option<&str>,
) -> Result<String, sqlx::Error> {
    let id = new_id();
    let t = now();
    sqlx::query(
        "INSERT INTO scopes (id, org_id, environment, prefix, subscope, name, description, long_description, visibility, \
         accessible_for_all, integration_types, at_max_age, delegable, active, created_at, created_by, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14, $15, $14, $15)",
    )
    .bind(id.clone())
    .bind(org_id.to_string())
    .bind(environment.to_string())
    .bind(prefix.to_string())
    .bind(subscope.to_string())
    .bind(format!("{prefix}:{subscope}"))
    .bind(f.description.to_string())
    .bind(f.long_description.to_string())
    .bind(f.visibility.code())
    .bind(f.accessible_for_all as i64)
    .bind(IntegrationType::codes(f.integration_types))
    .bind(f.at_max_age)
    .bind(f.delegable as i64)
    .bind(t)
    .bind(by.map(str::to_string))
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn update(conn: &mut AnyConnection, id: &str, f: &ScopeFields<'_>, by: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE scopes SET description = $1, long_description = $2, visibility = $3, accessible_for_all = $4, \
         integration_types = $5, at_max_age = $6, delegable = $7, updated_at = $8, updated_by = $9 WHERE id = $10",
    )
    .bind(f.description.to_string())
    .bind(f.long_description.to_string())
    .bind(f.visibility.code())
    .bind(f.accessible_for_all as i64)
    .bind(IntegrationType::codes(f.integration_types))
    .bind(f.at_max_age)
    .bind(f.delegable as i64)
    .bind(now())
    .bind(by.to_string())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_active(conn: &mut AnyConnection, id: &str, active: bool, by: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE scopes SET active = $1, updated_at = $2, updated_by = $3 WHERE id = $4")
        .bind(active as i64)
        .bind(now())
        .bind(by.to_string())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<ScopeRow>, sqlx::Error> {
    sqlx::query_as::<_, ScopeRow>(&format!("{SELECT} WHERE s.id = $1")).bind(id.to_string()).fetch_optional(conn).await
}

pub async fn by_name(conn: &mut AnyConnection, environment: &str, name: &str) -> Result<Option<ScopeRow>, sqlx::Error> {
    sqlx::query_as::<_, ScopeRow>(&format!("{SELECT} WHERE s.environment = $1 AND s.name = $2"))
        .bind(environment.to_string())
        .bind(name.to_string())
        .fetch_optional(conn)
        .await
}

/// A provider's scopes in one environment, active first, each with the number of
/// organisations on its live access list (counted here only: no other list shows it).
pub async fn of_org(conn: &mut AnyConnection, org_id: &str, environment: &str) -> Result<Vec<(ScopeRow, i64)>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT q.*, (SELECT COUNT(*) FROM scope_access a WHERE a.scope_id = q.id AND a.removed_at IS NULL) AS consumers \
         FROM ({SELECT} WHERE s.org_id = $1 AND s.environment = $2) q ORDER BY q.active DESC, q.name"
    ))
    .bind(org_id.to_string())
    .bind(environment.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(|row| Ok((ScopeRow::from_row(row)?, row.try_get("consumers")?))).collect()
}

/// What the organisation `org_number` may use in `environment`: active scopes that are
/// accessible for all or have it on their live access list. A deactivated scope never
/// appears here, whatever its access list says.
pub async fn available_to(conn: &mut AnyConnection, environment: &str, org_number: &str) -> Result<Vec<ScopeRow>, sqlx::Error> {
    sqlx::query_as::<_, ScopeRow>(&format!(
        "{SELECT} WHERE s.environment = $1 AND s.active = 1 AND (s.accessible_for_all = 1 OR s.id IN \
         (SELECT a.scope_id FROM scope_access a WHERE a.consumer_org_number = $2 AND a.removed_at IS NULL)) ORDER BY s.name"
    ))
    .bind(environment.to_string())
    .bind(org_number.to_string())
    .fetch_all(conn)
    .await
}

/// What the supplier `supplier_org_id` may use for the customer (`customer_number`,
/// `customer_org_id`) in `environment`: active delegable scopes in a right the customer has
/// delegated to the supplier, which the customer itself may still use.
pub async fn delegated(
    conn: &mut AnyConnection,
    environment: &str,
    customer_number: &str,
    customer_org_id: &str,
    supplier_org_id: &str,
) -> Result<Vec<ScopeRow>, sqlx::Error> {
    sqlx::query_as::<_, ScopeRow>(&format!(
        "{SELECT} WHERE s.environment = $1 AND s.active = 1 AND s.delegable = 1 AND (s.accessible_for_all = 1 OR s.id IN \
         (SELECT a.scope_id FROM scope_access a WHERE a.consumer_org_number = $2 AND a.removed_at IS NULL)) AND s.id IN \
         (SELECT rs.scope_id FROM delegations d JOIN delegable_right_scopes rs ON rs.right_id = d.right_id \
         WHERE d.customer_org_id = $3 AND d.supplier_org_id = $4 AND d.environment = $1 AND d.removed_at IS NULL) ORDER BY s.name"
    ))
    .bind(environment.to_string())
    .bind(customer_number.to_string())
    .bind(customer_org_id.to_string())
    .bind(supplier_org_id.to_string())
    .fetch_all(conn)
    .await
}

/// The catalogue: active PUBLIC scopes in `environment`.
pub async fn public_catalogue(conn: &mut AnyConnection, environment: &str) -> Result<Vec<ScopeRow>, sqlx::Error> {
    sqlx::query_as::<_, ScopeRow>(&format!("{SELECT} WHERE s.environment = $1 AND s.active = 1 AND s.visibility = 'PUBLIC' ORDER BY s.name"))
        .bind(environment.to_string())
        .fetch_all(conn)
        .await
}

#[derive(Debug, Clone, FromRow)]
pub struct AccessRow {
    pub consumer_org_number: String,
    pub consumer_name: Option<String>,
    pub added_at: i64,
    pub added_by_name: Option<String>,
}

/// The live access list, oldest first.
pub async fn access_list(conn: &mut AnyConnection, scope_id: &str) -> Result<Vec<AccessRow>, sqlx::Error> {
    sqlx::query_as::<_, AccessRow>(
        "SELECT a.consumer_org_number, o.name AS consumer_name, a.added_at, u.name AS added_by_name FROM scope_access a \
         LEFT JOIN organizations o ON o.org_number = a.consumer_org_number LEFT JOIN users u ON u.id = a.added_by \
         WHERE a.scope_id = $1 AND a.removed_at IS NULL ORDER BY a.added_at, a.consumer_org_number",
    )
    .bind(scope_id.to_string())
    .fetch_all(conn)
    .await
}

pub async fn has_access(conn: &mut AnyConnection, scope_id: &str, org_number: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM scope_access WHERE scope_id = $1 AND consumer_org_number = $2 AND removed_at IS NULL")
        .bind(scope_id.to_string())
        .bind(org_number.to_string())
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// Adds `org_number` to the access list; `by` is `None` for demo data.
pub async fn add_access(conn: &mut AnyConnection, scope_id: &str, org_number: &str, by: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO scope_access (id, scope_id, consumer_org_number, added_at, added_by) VALUES ($1, $2, $3, $4, $5)")
        .bind(new_id())
        .bind(scope_id.to_string())
        .bind(org_number.to_string())
        .bind(now())
        .bind(by.map(str::to_string))
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends a live access; the row is kept with who and when. False if there was none.
pub async fn remove_access(conn: &mut AnyConnection, scope_id: &str, org_number: &str, by: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE scope_access SET removed_at = $1, removed_by = $2 WHERE scope_id = $3 AND consumer_org_number = $4 AND removed_at IS NULL")
        .bind(now())
        .bind(by.to_string())
        .bind(scope_id.to_string())
        .bind(org_number.to_string())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Org numbers on the live access list (who to tell about a change).
pub async fn consumer_numbers(conn: &mut AnyConnection, scope_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT consumer_org_number FROM scope_access WHERE scope_id = $1 AND removed_at IS NULL")
        .bind(scope_id.to_string())
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}
