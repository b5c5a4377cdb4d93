//! Requests that wait for someone else's decision: prefixes (decided by the operator) and
//! access to a PUBLIC scope (decided by its provider).

use super::decode::parsed;
use crate::domain::requests::RequestState;
use crate::server::{new_id, now};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, FromRow, Row};

#[derive(Debug, Clone)]
pub struct PrefixRequestRow {
    pub id: String,
    pub org_id: String,
    pub org_number: String,
    pub org_name: String,
    pub environment: String,
    pub prefix: String,
    pub reason: String,
    pub state: RequestState,
    pub requested_at: i64,
    pub requested_by_name: Option<String>,
}

impl<'r> FromRow<'r, AnyRow> for PrefixRequestRow {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(PrefixRequestRow {
            id: row.try_get("id")?,
            org_id: row.try_get("org_id")?,
            org_number: row.try_get("org_number")?,
            org_name: row.try_get("org_name")?,
            environment: row.try_get("environment")?,
            prefix: row.try_get("prefix")?,
            reason: row.try_get("reason")?,
            state: parsed(row, "state", RequestState::parse)?,
            requested_at: row.try_get("requested_at")?,
            requested_by_name: row.try_get("requested_by_name")?,
        })
    }
}

const PREFIX_SELECT: &str = "SELECT r.id, r.org_id, o.org_number, o.name AS org_name, r.environment, r.prefix, r.reason, r.state, \
    r.requested_at, u.name AS requested_by_name FROM prefix_requests r JOIN organizations o ON o.id = r.org_id \
    LEFT JOIN users u ON u.id = r.requested_by";

pub async fn insert_prefix_request(
    conn: &mut AnyConnection,
    org_id: &str,
    environment: &str,
    prefix: &str,
    reason: &str,
    by: &str,
) -> Result<String, sqlx::Error> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO prefix_requests (id, org_id, environment, prefix, reason, state, requested_at, requested_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.clone())
    .bind(org_id.to_string())
    .bind(environment.to_string())
    .bind(prefix.to_string())
    .bind(reason.to_string())
    .bind(RequestState::Requested.code())
    .bind(now())
    .bind(by.to_string())
    .execute(conn)
    .await?;
    Ok(id)
}

/// Open prefix requests, oldest first; `org_id` narrows to one organisation.
pub async fn open_prefix_requests(conn: &mut AnyConnection, org_id: Option<&str>) -> Result<Vec<PrefixRequestRow>, sqlx::Error> {
    let sql = format!("{PREFIX_SELECT} WHERE r.state = 'REQUESTED' AND ($1 = '' OR r.org_id = $1) ORDER BY r.requested_at, r.prefix");
    sqlx::query_as::<_, PrefixRequestRow>(&sql).bind(org_id.unwrap_or("").to_string()).fetch_all(conn).await
}

pub async fn prefix_request(conn: &mut AnyConnection, id: &str) -> Result<Option<PrefixRequestRow>, sqlx::Error> {
    sqlx::query_as::<_, PrefixRequestRow>(&format!("{PREFIX_SELECT} WHERE r.id = $1")).bind(id.to_string()).fetch_optional(conn).await
}

#[derive(Debug, Clone)]
pub struct AccessRequestRow {
    pub id: String,
    pub scope_id: String,
    pub org_id: String,
    pub org_number: String,
    pub org_name: String,
    pub state: RequestState,
    pub message: String,
    pub requested_at: i64,
    pub requested_by_name: Option<String>,
}

impl<'r> FromRow<'r, AnyRow> for AccessRequestRow {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(AccessRequestRow {
            id: row.try_get("id")?,
            scope_id: row.try_get("scope_id")?,
            org_id: row.try_get("org_id")?,
            org_number: row.try_get("org_number")?,
            org_name: row.try_get("org_name")?,
            state: parsed(row, "state", RequestState::parse)?,
            message: row.try_get("message")?,
            requested_at: row.try_get("requested_at")?,
            requested_by_name: row.try_get("requested_by_name")?,
        })
    }
}

const ACCESS_SELECT: &str = "SELECT r.id, r.scope_id, r.org_id, o.org_number, o.name AS org_name, r.state, r.message, r.requested_at, \
    u.name AS requested_by_name FROM access_requests r JOIN organizations o ON o.id = r.org_id LEFT JOIN users u ON u.id = r.requested_by";

pub async fn insert_access_request(conn: &mut AnyConnection, scope_id: &str, org_id: &str, message: &str, by: &str) -> Result<String, sqlx::Error> {
    let id = new_id();
    sqlx::query("INSERT INTO access_requests (id, scope_id, org_id, state, message, requested_at, requested_by) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(id.clone())
        .bind(scope_id.to_string())
        .bind(org_id.to_string())
        .bind(RequestState::Requested.code())
        .bind(message.to_string())
        .bind(now())
        .bind(by.to_string())
        .execute(conn)
        .await?;
    Ok(id)
}

pub async fn open_access_requests(conn: &mut AnyConnection, scope_id: &str) -> Result<Vec<AccessRequestRow>, sqlx::Error> {
    sqlx::query_as::<_, AccessRequestRow>(&format!("{ACCESS_SELECT} WHERE r.scope_id = $1 AND r.state = 'REQUESTED' ORDER BY r.requested_at"))
        .bind(scope_id.to_string())
        .fetch_all(conn)
        .await
}

/// Scope ids the organisation has an open request for.
pub async fn open_requests_of_org(conn: &mut AnyConnection, org_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT scope_id FROM access_requests WHERE org_id = $1 AND state = 'REQUESTED'").bind(org_id.to_string()).fetch_all(conn).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

pub async fn access_request(conn: &mut AnyConnection, id: &str) -> Result<Option<AccessRequestRow>, sqlx::Error> {
    sqlx::query_as::<_, AccessRequestRow>(&format!("{ACCESS_SELECT} WHERE r.id = $1")).bind(id.to_string()).fetch_optional(conn).await
}

/// The two kinds of request, by the table they live in; they are decided alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Prefix,
    Access,
}

/// Moves an open request to `state`; false if it was not open any more (decided by
/// someone else meanwhile).
pub async fn decide(conn: &mut AnyConnection, kind: Kind, id: &str, state: RequestState, by: &str) -> Result<bool, sqlx::Error> {
    let table = match kind {
        Kind::Prefix => "prefix_requests",
        Kind::Access => "access_requests",
    };
    let sql = format!("UPDATE {table} SET state = $1, decided_at = $2, decided_by = $3 WHERE id = $4 AND state = 'REQUESTED'");
    let done = sqlx::query(&sql).bind(state.code()).bind(now()).bind(by.to_string()).bind(id.to_string()).execute(conn).await?;
    Ok(done.rows_affected() > 0)
}

/// Open access requests on the organisation's scopes, per scope: (scope id, scope name,
/// environment, how many), for "Krever oppmerksomhet".
pub async fn open_access_requests_for_provider(conn: &mut AnyConnection, org_id: &str) -> Result<Vec<(String, String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.name, s.environment, COUNT(*) FROM access_requests r JOIN scopes s ON s.id = r.scope_id \
         WHERE s.org_id = $1 AND r.state = 'REQUESTED' GROUP BY s.id, s.name, s.environment ORDER BY s.environment, s.name",
    )
    .bind(org_id.to_string())
    .fetch_all(conn)
    .await
}
