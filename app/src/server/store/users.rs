use super::decode::flag;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, FromRow, Row};

#[derive(Clone)]
pub struct UserRow {
    pub id: String,
    pub org_id: Option<String>,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub confirmed_at: Option<i64>,
    pub is_operator: bool,
    pub totp_secret: Option<String>,
    pub totp_pending_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    pub created_at: i64,
}

impl<'r> FromRow<'r, AnyRow> for UserRow {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        Ok(UserRow {
            id: row.try_get("id")?,
            org_id: row.try_get("org_id")?,
            email: row.try_get("email")?,
            name: row.try_get("name")?,
            password_hash: row.try_get("password_hash")?,
            confirmed_at: row.try_get("confirmed_at")?,
            is_operator: flag(row, "is_operator")?,
            totp_secret: row.try_get("totp_secret")?,
            totp_pending_secret: row.try_get("totp_pending_secret")?,
            totp_last_step: row.try_get("totp_last_step")?,
            created_at: row.try_get("created_at")?,
        })
    }
}

impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow").field("id", &self.id).field("email", &self.email).finish_non_exhaustive()
    }
}

const COLS: &str = "id, org_id, email, name, password_hash, confirmed_at, is_operator, totp_secret, totp_pending_secret, totp_last_step, created_at";

pub struct NewUser<'a> {
    pub org_id: Option<&'a str>,
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub confirmed: bool,
    pub is_operator: bool,
}

pub async fn insert(conn: &mut AnyConnection, u: NewUser<'_>) -> Result<String, sqlx::Error> {
    let id = crate::server::new_id();
    let now = crate::server::now();
    sqlx::query("INSERT INTO users (id, org_id, email, name, password_hash, confirmed_at, is_operator, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(&id)
        .bind(u.org_id.map(str::to_string))
        .bind(u.email.to_string())
        .bind(u.name.to_string())
        .bind(u.password_hash.to_string())
        .bind(u.confirmed.then_some(now))
        .bind(u.is_operator as i64)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(id)
}

pub async fn by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as::<_, UserRow>(&format!("SELECT {COLS} FROM users WHERE email = $1")).bind(email.to_string()).fetch_optional(conn).await
}

pub async fn by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as::<_, UserRow>(&format!("SELECT {COLS} FROM users WHERE id = $1")).bind(id.to_string()).fetch_optional(conn).await
}

pub async fn in_org(conn: &mut AnyConnection, org_id: &str) -> Result<Vec<UserRow>, sqlx::Error> {
    sqlx::query_as::<_, UserRow>(&format!("SELECT {COLS} FROM users WHERE org_id = $1 AND confirmed_at IS NOT NULL ORDER BY name"))
        .bind(org_id.to_string())
        .fetch_all(conn)
        .await
}

pub async fn mark_confirmed(conn: &mut AnyConnection, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET confirmed_at = $1 WHERE id = $2 AND confirmed_at IS NULL")
        .bind(crate::server::now())
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_totp_pending(conn: &mut AnyConnection, user_id: &str, secret: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET totp_pending_secret = $1 WHERE id = $2").bind(secret.to_string()).bind(user_id.to_string()).execute(conn).await?;
    Ok(())
}

/// Moves the pending secret into place; `step` is the code's time step, never accepted again.
pub async fn activate_totp(conn: &mut AnyConnection, user_id: &str, step: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = $1 WHERE id = $2")
        .bind(step)
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Records a used time step; succeeds only if it is newer than the last (so two requests
/// racing with one code cannot both win).
pub async fn use_totp_step(conn: &mut AnyConnection, user_id: &str, step: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)")
        .bind(step)
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn create_confirmation(conn: &mut AnyConnection, user_id: &str, token_hash: &str, expires_at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO email_confirmations (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash.to_string())
        .bind(user_id.to_string())
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// The user a confirmation token belongs to, with its expiry and whether it was used.
pub async fn confirmation(conn: &mut AnyConnection, token_hash: &str) -> Result<Option<(String, i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, expires_at, used_at FROM email_confirmations WHERE token_hash = $1").bind(token_hash.to_string()).fetch_optional(conn).await
}

pub async fn use_confirmation(conn: &mut AnyConnection, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE email_confirmations SET used_at = $1 WHERE token_hash = $2")
        .bind(crate::server::now())
        .bind(token_hash.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Gives an unconfirmed account a new owner's details (re-registration of the address):
/// name, organisation, password hash and a fresh `created_at`, from which its expiry
/// counts. `false` if the account was confirmed meanwhile.
pub async fn replace_unconfirmed(conn: &mut AnyConnection, user_id: &str, org_id: &str, name: &str, password_hash: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE users SET org_id = $1, name = $2, password_hash = $3, created_at = $4 WHERE id = $5 AND confirmed_at IS NULL")
        .bind(org_id.to_string())
        .bind(name.to_string())
        .bind(password_hash.to_string())
        .bind(crate::server::now())
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_password_hash(conn: &mut AnyConnection, user_id: &str, password_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(password_hash.to_string()).bind(user_id.to_string()).execute(conn).await?;
    Ok(())
}

/// Accounts never confirmed and registered before `cutoff`: expired registrations.
pub async fn unconfirmed_before(conn: &mut AnyConnection, cutoff: i64) -> Result<Vec<UserRow>, sqlx::Error> {
    sqlx::query_as::<_, UserRow>(&format!("SELECT {COLS} FROM users WHERE confirmed_at IS NULL AND created_at < $1 ORDER BY created_at"))
        .bind(cutoff)
        .fetch_all(conn)
        .await
}

/// Deletes an account that was never confirmed; a confirmed one is never deleted. Such an
/// account was never logged in, so nothing but its confirmation (and reset) links refers
/// to it; the caller deletes those first.
pub async fn delete_unconfirmed(conn: &mut AnyConnection, user_id: &str) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("DELETE FROM users WHERE id = $1 AND confirmed_at IS NULL").bind(user_id.to_string()).execute(conn).await?;
    Ok(r.rows_affected() == 1)
}

pub async fn delete_confirmations(conn: &mut AnyConnection, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM email_confirmations WHERE user_id = $1").bind(user_id.to_string()).execute(conn).await?;
    Ok(())
}

/// Whether a confirmation link with this hash would still confirm.
pub async fn confirmation_is_live(conn: &mut AnyConnection, token_hash: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT token_hash FROM email_confirmations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2")
        .bind(token_hash.to_string())
        .bind(crate::server::now())
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// The address of the user an integration acts as in the REST API. Not an e-mail address
/// (no form accepts it), so nobody can log in as it or ask for its password.
pub fn api_user_email(client_id: &str) -> String {
    format!("api-klient:{client_id}")
}

/// The user row that integration `client_id` acts as in the REST API (audit records name
/// it), made at first use. It belongs to no organisation (so it is listed nowhere), has no
/// usable password and no rights of its own; the token decides what it may do.
pub async fn api_user(conn: &mut AnyConnection, client_id: &str) -> Result<String, sqlx::Error> {
    let email = api_user_email(client_id);
    if let Some(u) = by_email(conn, &email).await? {
        return Ok(u.id);
    }
    let name = format!("API-klient {client_id}");
    let made = insert(conn, NewUser { org_id: None, email: &email, name: &name, password_hash: "!", confirmed: true, is_operator: false }).await;
    match made {
        Ok(id) => Ok(id),
        // Made by a parallel request a moment ago.
        Err(e) => by_email(conn, &email).await?.map(|u| u.id).ok_or(e),
    }
}
