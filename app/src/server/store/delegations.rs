//! Delegable rights (a provider's bundles of delegable scopes) and delegations of them from
//! a customer to a supplier. Removal is recorded, never deleted.

use crate::server::{new_id, now};
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct RightRow {
    pub id: String,
    pub org_id: String,
    pub environment: String,
    pub name: String,
    pub description: String,
    pub provider_number: String,
    pub provider_name: String,
}

const RIGHT_SELECT: &str = "SELECT r.id, r.org_id, r.environment, r.name, r.description, o.org_number AS provider_number, \
    o.name AS provider_name FROM delegable_rights r JOIN organizations o ON o.id = r.org_id";

pub async fn insert_right(
    conn: &mut AnyConnection,
    org_id: &str,
    environment: &str,
    name: &str,
    description: &str,
    by: Option<&str>,
) -> Result<String, sqlx::Error> {
    let id = new_id();
    let t = now();
    sqlx::query(
        "INSERT INTO delegable_rights (id, org_id, environment, name, description, created_at, created_by, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $7)",
    )
    .bind(id.clone())
    .bind(org_id.to_string())
    .bind(environment.to_string())
    .bind(name.to_string())
    .bind(description.to_string())
    .bind(t)
    .bind(by.map(str::to_string))
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn update_right(conn: &mut AnyConnection, id: &str, name: &str, description: &str, by: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE delegable_rights SET name = $1, description = $2, updated_at = $3, updated_by = $4 WHERE id = $5")
        .bind(name.to_string())
        .bind(description.to_string())
        .bind(now())
        .bind(by.to_string())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the scopes of a right.
pub async fn set_right_scopes(conn: &mut AnyConnection, right_id: &str, scope_ids: &[String]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM delegable_right_scopes WHERE right_id = $1").bind(right_id.to_string()).execute(&mut *conn).await?;
    for s in scope_ids {
        sqlx::query("INSERT INTO delegable_right_scopes (right_id, scope_id) VALUES ($1, $2)")
            .bind(right_id.to_string())
            .bind(s.clone())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn right_by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<RightRow>, sqlx::Error> {
    sqlx::query_as::<_, RightRow>(&format!("{RIGHT_SELECT} WHERE r.id = $1")).bind(id.to_string()).fetch_optional(conn).await
}

pub async fn right_by_name(conn: &mut AnyConnection, environment: &str, name: &str) -> Result<Option<RightRow>, sqlx::Error> {
    sqlx::query_as::<_, RightRow>(&format!("{RIGHT_SELECT} WHERE r.environment = $1 AND r.name = $2"))
        .bind(environment.to_string())
        .bind(name.to_string())
        .fetch_optional(conn)
        .await
}

/// A provider's rights in one environment, by name.
pub async fn rights_of_org(conn: &mut AnyConnection, org_id: &str, environment: &str) -> Result<Vec<RightRow>, sqlx::Error> {
    sqlx::query_as::<_, RightRow>(&format!("{RIGHT_SELECT} WHERE r.org_id = $1 AND r.environment = $2 ORDER BY r.name"))
        .bind(org_id.to_string())
        .bind(environment.to_string())
        .fetch_all(conn)
        .await
}

/// Every right in one environment, by name.
pub async fn rights_in(conn: &mut AnyConnection, environment: &str) -> Result<Vec<RightRow>, sqlx::Error> {
    sqlx::query_as::<_, RightRow>(&format!("{RIGHT_SELECT} WHERE r.environment = $1 ORDER BY r.name")).bind(environment.to_string()).fetch_all(conn).await
}

/// One scope of a right, with what decides whether it still gives anything.
#[derive(Debug, Clone, FromRow)]
pub struct RightScopeRow {
    pub right_id: String,
    pub scope_id: String,
    pub name: String,
    pub active: i64,
    pub delegable: i64,
}

/// The scopes of every right in one environment, by right then name.
pub async fn right_scopes_in(conn: &mut AnyConnection, environment: &str) -> Result<Vec<RightScopeRow>, sqlx::Error> {
    sqlx::query_as::<_, RightScopeRow>(
        "SELECT rs.right_id, s.id AS scope_id, s.name, s.active, s.delegable FROM delegable_right_scopes rs \
         JOIN scopes s ON s.id = rs.scope_id JOIN delegable_rights r ON r.id = rs.right_id \
         WHERE r.environment = $1 ORDER BY rs.right_id, s.name",
    )
    .bind(environment.to_string())
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct DelegationRow {
    pub id: String,
    pub right_id: String,
    pub right_name: String,
    pub environment: String,
    pub customer_org_id: String,
    pub customer_number: String,
    pub customer_name: String,
    pub supplier_org_id: String,
    pub supplier_number: String,
    pub supplier_name: String,
    pub given_at: i64,
    pub given_by_name: Option<String>,
    pub removed_at: Option<i64>,
    pub removed_by_name: Option<String>,
}

const DELEGATION_SELECT: &str = "SELECT d.id, d.right_id, r.name AS right_name, d.environment, d.customer_org_id, \
    c.org_number AS customer_number, c.name AS customer_name, d.supplier_org_id, l.org_number AS supplier_number, \
    l.name AS supplier_name, d.given_at, g.name AS given_by_name, d.removed_at, x.name AS removed_by_name \
    FROM delegations d JOIN delegable_rights r ON r.id = d.right_id JOIN organizations c ON c.id = d.customer_org_id \
    JOIN organizations l ON l.id = d.supplier_org_id LEFT JOIN users g ON g.id = d.given_by LEFT JOIN users x ON x.id = d.removed_by";

pub async fn insert_delegation(
    conn: &mut AnyConnection,
    right_id: &str,
    environment: &str,
    customer_org_id: &str,
    supplier_org_id: &str,
    by: Option<&str>,
) -> Result<String, sqlx::Error> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO delegations (id, right_id, environment, customer_org_id, supplier_org_id, given_at, given_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.clone())
    .bind(right_id.to_string())
    .bind(environment.to_string())
    .bind(customer_org_id.to_string())
    .bind(supplier_org_id.to_string())
    .bind(now())
    .bind(by.map(str::to_string))
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn delegation_by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<DelegationRow>, sqlx::Error> {
    sqlx::query_as::<_, DelegationRow>(&format!("{DELEGATION_SELECT} WHERE d.id = $1")).bind(id.to_string()).fetch_optional(conn).await
}

/// Is `right_id` delegated from `customer` to `supplier` now?
pub async fn live_exists(conn: &mut AnyConnection, right_id: &str, customer_org_id: &str, supplier_org_id: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT id FROM delegations WHERE right_id = $1 AND customer_org_id = $2 AND supplier_org_id = $3 AND removed_at IS NULL")
            .bind(right_id.to_string())
            .bind(customer_org_id.to_string())
            .bind(supplier_org_id.to_string())
            .fetch_optional(conn)
            .await?;
    Ok(row.is_some())
}

/// Live delegations the organisation has given (as customer) or received (as supplier),
/// newest first.
pub async fn live_of(conn: &mut AnyConnection, org_id: &str, as_customer: bool) -> Result<Vec<DelegationRow>, sqlx::Error> {
    let column = if as_customer { "d.customer_org_id" } else { "d.supplier_org_id" };
    sqlx::query_as::<_, DelegationRow>(&format!("{DELEGATION_SELECT} WHERE {column} = $1 AND d.removed_at IS NULL ORDER BY d.given_at DESC, r.name"))
        .bind(org_id.to_string())
        .fetch_all(conn)
        .await
}

/// Ends a live delegation. False if it was not live.
pub async fn remove(conn: &mut AnyConnection, id: &str, by: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE delegations SET removed_at = $1, removed_by = $2 WHERE id = $3 AND removed_at IS NULL")
        .bind(now())
        .bind(by.to_string())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// "Angre": makes a removed delegation live again (the removal stays in the audit log).
/// False if it was not removed.
pub async fn restore(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE delegations SET removed_at = NULL, removed_by = NULL WHERE id = $1 AND removed_at IS NOT NULL")
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Suppliers holding a live delegation of a right that contains `scope_id`: a change to the
/// scope or its access list may change what their integrations can do.
pub async fn suppliers_using_scope(conn: &mut AnyConnection, scope_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT l.org_number FROM delegations d JOIN delegable_right_scopes rs ON rs.right_id = d.right_id \
         JOIN organizations l ON l.id = d.supplier_org_id WHERE rs.scope_id = $1 AND d.removed_at IS NULL",
    )
    .bind(scope_id.to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// The customers that have a live delegation to `supplier_org_id` in `environment`, by name.
pub async fn customers_of(conn: &mut AnyConnection, supplier_org_id: &str, environment: &str) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT o.id, o.org_number, o.name FROM delegations d JOIN organizations o ON o.id = d.customer_org_id \
         WHERE d.supplier_org_id = $1 AND d.environment = $2 AND d.removed_at IS NULL ORDER BY o.name",
    )
    .bind(supplier_org_id.to_string())
    .bind(environment.to_string())
    .fetch_all(conn)
    .await
}
