//! Notices that must go out once (`expiry_notices`): claimed by inserting their row.

use sqlx::AnyConnection;

/// Claims the notice: `true` if this call inserted it (so the caller sends it, in the same
/// transaction), `false` if it was claimed before, here or by another instance.
pub async fn claim(conn: &mut AnyConnection, object_kind: &str, object_id: &str, threshold_days: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO expiry_notices (object_kind, object_id, threshold_days, sent_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (object_kind, object_id, threshold_days) DO NOTHING",
    )
    .bind(object_kind.to_string())
    .bind(object_id.to_string())
    .bind(threshold_days)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
