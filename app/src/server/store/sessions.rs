use sqlx::AnyConnection;

/// Sessions last 12 hours.
pub const SESSION_SECONDS: i64 = 12 * 3600;

pub async fn create(conn: &mut AnyConnection, id_hash: &str, user_id: &str) -> Result<(), sqlx::Error> {
    let now = crate::server::now();
    sqlx::query("INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(id_hash.to_string())
        .bind(user_id.to_string())
        .bind(now)
        .bind(now + SESSION_SECONDS)
        .execute(conn)
        .await?;
    Ok(())
}

/// The user and step-up time of a live session.
pub async fn live(conn: &mut AnyConnection, id_hash: &str) -> Result<Option<(String, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, stepped_up_at FROM sessions WHERE id_hash = $1 AND ended_at IS NULL AND expires_at > $2")
        .bind(id_hash.to_string())
        .bind(crate::server::now())
        .fetch_optional(conn)
        .await
}

pub async fn end(conn: &mut AnyConnection, id_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET ended_at = $1 WHERE id_hash = $2").bind(crate::server::now()).bind(id_hash.to_string()).execute(conn).await?;
    Ok(())
}

pub async fn mark_stepped_up(conn: &mut AnyConnection, id_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET stepped_up_at = $1 WHERE id_hash = $2").bind(crate::server::now()).bind(id_hash.to_string()).execute(conn).await?;
    Ok(())
}

/// Ends every live session of the user except `keep` (the hash of the caller's own, when
/// it should stay); returns how many ended.
pub async fn end_all_for_user(conn: &mut AnyConnection, user_id: &str, keep: Option<&str>) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE sessions SET ended_at = $1 WHERE user_id = $2 AND ended_at IS NULL AND id_hash <> $3")
        .bind(crate::server::now())
        .bind(user_id.to_string())
        .bind(keep.unwrap_or("").to_string())
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}
