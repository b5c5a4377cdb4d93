//! The audit log: who changed what, when, for which organisation, before → after.
//! Written in the same transaction as the change it records.

use crate::domain::audit::AuditAction;
use crate::server::{new_id, now};
use sqlx::AnyConnection;

pub async fn record(
    conn: &mut AnyConnection,
    actor_user_id: Option<&str>,
    org_id: Option<&str>,
    action: AuditAction,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (id, at, actor_user_id, org_id, action, before_state, after_state) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(new_id())
        .bind(now())
        .bind(actor_user_id.map(str::to_string))
        .bind(org_id.map(str::to_string))
        .bind(action.code())
        .bind(before.map(|v| v.to_string()))
        .bind(after.map(|v| v.to_string()))
        .execute(conn)
        .await?;
    Ok(())
}
