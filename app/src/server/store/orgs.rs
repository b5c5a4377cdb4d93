use super::decode::flag;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, FromRow, Row};

#[derive(Debug, Clone)]
pub struct OrgRow {
    pub id: String,
    pub org_number: String,
    pub name: String,
    pub parent_org_number: Option<String>,
    pub stricter_access: bool,
    pub created_at: i64,
}

impl<'r> FromRow<'r, AnyRow> for OrgRow {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(OrgRow {
            id: row.try_get("id")?,
            org_number: row.try_get("org_number")?,
            name: row.try_get("name")?,
            parent_org_number: row.try_get("parent_org_number")?,
            stricter_access: flag(row, "stricter_access")?,
            created_at: row.try_get("created_at")?,
        })
    }
}

const COLS: &str = "id, org_number, name, parent_org_number, stricter_access, created_at";

pub async fn insert(conn: &mut AnyConnection, org_number: &str, name: &str, parent: Option<&str>) -> Result<OrgRow, sqlx::Error> {
    let row = OrgRow {
        id: crate::server::new_id(),
        org_number: org_number.into(),
        name: name.into(),
        parent_org_number: parent.map(str::to_string),
        stricter_access: false,
        created_at: crate::server::now(),
    };
    sqlx::query("INSERT INTO organizations (id, org_number, name, parent_org_number, stricter_access, created_at) VALUES ($1, $2, $3, $4, 0, $5)")
        .bind(&row.id)
        .bind(&row.org_number)
        .bind(&row.name)
        .bind(row.parent_org_number.clone())
        .bind(row.created_at)
        .execute(conn)
        .await?;
    Ok(row)
}

pub async fn add_domain(conn: &mut AnyConnection, org_id: &str, domain: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO org_domains (domain, org_id, created_at) VALUES ($1, $2, $3)")
        .bind(domain.to_string())
        .bind(org_id.to_string())
        .bind(crate::server::now())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<OrgRow>, sqlx::Error> {
    sqlx::query_as::<_, OrgRow>(&format!("SELECT {COLS} FROM organizations WHERE id = $1")).bind(id.to_string()).fetch_optional(conn).await
}

pub async fn by_number(conn: &mut AnyConnection, org_number: &str) -> Result<Option<OrgRow>, sqlx::Error> {
    sqlx::query_as::<_, OrgRow>(&format!("SELECT {COLS} FROM organizations WHERE org_number = $1")).bind(org_number.to_string()).fetch_optional(conn).await
}

/// The organisation an e-mail domain is registered to.
pub async fn by_domain(conn: &mut AnyConnection, domain: &str) -> Result<Option<OrgRow>, sqlx::Error> {
    sqlx::query_as::<_, OrgRow>(&format!(
        "SELECT {} FROM organizations o JOIN org_domains d ON d.org_id = o.id WHERE d.domain = $1",
        COLS.split(", ").map(|c| format!("o.{c}")).collect::<Vec<_>>().join(", ")
    ))
    .bind(domain.to_string())
    .fetch_optional(conn)
    .await
}

pub async fn list(conn: &mut AnyConnection) -> Result<Vec<OrgRow>, sqlx::Error> {
    sqlx::query_as::<_, OrgRow>(&format!("SELECT {COLS} FROM organizations ORDER BY name")).fetch_all(conn).await
}

pub async fn domains(conn: &mut AnyConnection, org_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT domain FROM org_domains WHERE org_id = $1 ORDER BY domain").bind(org_id.to_string()).fetch_all(conn).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

pub async fn set_stricter_access(conn: &mut AnyConnection, org_id: &str, on: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE organizations SET stricter_access = $1 WHERE id = $2").bind(on as i64).bind(org_id.to_string()).execute(conn).await?;
    Ok(())
}
