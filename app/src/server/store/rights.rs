use crate::domain::Right;
use sqlx::AnyConnection;

/// The active rights of a user for an organisation.
pub async fn active(conn: &mut AnyConnection, user_id: &str, org_id: &str) -> Result<Vec<Right>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT right_code FROM user_rights WHERE user_id = $1 AND org_id = $2 AND revoked_at IS NULL")
        .bind(user_id.to_string())
        .bind(org_id.to_string())
        .fetch_all(conn)
        .await?;
    let mut rights: Vec<Right> = rows.iter().filter_map(|r| Right::from_code(&r.0).ok()).collect();
    rights.sort();
    Ok(rights)
}

/// Every active (user_id, right) of an organisation.
pub async fn active_in_org(conn: &mut AnyConnection, org_id: &str) -> Result<Vec<(String, Right)>, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT user_id, right_code FROM user_rights WHERE org_id = $1 AND revoked_at IS NULL").bind(org_id.to_string()).fetch_all(conn).await?;
    Ok(rows.into_iter().filter_map(|(u, c)| Right::from_code(&c).ok().map(|r| (u, r))).collect())
}

pub async fn grant(conn: &mut AnyConnection, user_id: &str, org_id: &str, right: Right, by: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO user_rights (id, user_id, org_id, right_code, granted_at, granted_by) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(crate::server::new_id())
        .bind(user_id.to_string())
        .bind(org_id.to_string())
        .bind(right.code().to_string())
        .bind(crate::server::now())
        .bind(by.map(str::to_string))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn revoke(conn: &mut AnyConnection, user_id: &str, org_id: &str, right: Right, by: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE user_rights SET revoked_at = $1, revoked_by = $2 WHERE user_id = $3 AND org_id = $4 AND right_code = $5 AND revoked_at IS NULL")
        .bind(crate::server::now())
        .bind(by.to_string())
        .bind(user_id.to_string())
        .bind(org_id.to_string())
        .bind(right.code().to_string())
        .execute(conn)
        .await?;
    Ok(())
}
