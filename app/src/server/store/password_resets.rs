//! Links for "Glemt passord?": only the token's hash is kept, each link works once and
//! for a short while.

use sqlx::AnyConnection;

pub async fn create(conn: &mut AnyConnection, token_hash: &str, user_id: &str, expires_at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash.to_string())
        .bind(user_id.to_string())
        .bind(crate::server::now())
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// The user a reset token belongs to, with its expiry and whether it was used.
pub async fn find(conn: &mut AnyConnection, token_hash: &str) -> Result<Option<(String, i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1").bind(token_hash.to_string()).fetch_optional(conn).await
}

/// Uses the token if it is still unused and unexpired; `false` when it was not (so two
/// requests racing with one link cannot both set a password).
pub async fn use_token(conn: &mut AnyConnection, token_hash: &str) -> Result<bool, sqlx::Error> {
    let now = crate::server::now();
    let r = sqlx::query("UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1")
        .bind(now)
        .bind(token_hash.to_string())
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Ends every outstanding link of the user (after a new password, however it was set).
pub async fn invalidate_for_user(conn: &mut AnyConnection, user_id: &str) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(crate::server::now())
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

/// Whether a link with this hash would still work.
pub async fn is_live(conn: &mut AnyConnection, token_hash: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT token_hash FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2")
        .bind(token_hash.to_string())
        .bind(crate::server::now())
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

pub async fn delete_for_user(conn: &mut AnyConnection, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM password_resets WHERE user_id = $1").bind(user_id.to_string()).execute(conn).await?;
    Ok(())
}
