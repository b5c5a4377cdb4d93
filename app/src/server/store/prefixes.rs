use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct PrefixRow {
    pub environment: String,
    pub prefix: String,
    pub assigned_at: i64,
}

pub async fn assign(conn: &mut AnyConnection, org_id: &str, environment: &str, prefix: &str, by: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO prefixes (id, org_id, environment, prefix, assigned_at, assigned_by) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(crate::server::new_id())
        .bind(org_id.to_string())
        .bind(environment.to_string())
        .bind(prefix.to_string())
        .bind(crate::server::now())
        .bind(by.map(str::to_string))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn of_org(conn: &mut AnyConnection, org_id: &str) -> Result<Vec<PrefixRow>, sqlx::Error> {
    sqlx::query_as::<_, PrefixRow>("SELECT environment, prefix, assigned_at FROM prefixes WHERE org_id = $1 ORDER BY environment, prefix")
        .bind(org_id.to_string())
        .fetch_all(conn)
        .await
}

/// The organisation that holds `prefix` in `environment`, if any.
pub async fn holder(conn: &mut AnyConnection, environment: &str, prefix: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT org_id FROM prefixes WHERE environment = $1 AND prefix = $2")
        .bind(environment.to_string())
        .bind(prefix.to_string())
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.0))
}
