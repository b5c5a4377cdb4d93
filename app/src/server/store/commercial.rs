//! "Merkantile data": invoice information and notification contacts.

use crate::server::now;
use sqlx::{AnyConnection, FromRow};

/// The provider's own entry ("API-tilbyder"), keyed by organisation id.
pub const PROVIDER: &str = "provider";
/// An integration's own data, keyed by client_id.
pub const CLIENT: &str = "client";

#[derive(Debug, Clone, Default, FromRow)]
pub struct CommercialRow {
    pub invoice_email: String,
    pub invoice_reference: String,
    pub contacts: String,
    pub updated_at: i64,
}

pub async fn get(conn: &mut AnyConnection, owner_kind: &str, owner_id: &str) -> Result<Option<CommercialRow>, sqlx::Error> {
    sqlx::query_as::<_, CommercialRow>(
        "SELECT invoice_email, invoice_reference, contacts, updated_at FROM commercial_data WHERE owner_kind = $1 AND owner_id = $2",
    )
    .bind(owner_kind.to_string())
    .bind(owner_id.to_string())
    .fetch_optional(conn)
    .await
}

pub async fn put(
    conn: &mut AnyConnection,
    owner_kind: &str,
    owner_id: &str,
    invoice_email: &str,
    invoice_reference: &str,
    contacts: &str,
    by: &str,
) -> Result<(), sqlx::Error> {
    // Portable upsert: both SQLite and PostgreSQL know ON CONFLICT … DO UPDATE.
    sqlx::query(
        "INSERT INTO commercial_data (owner_kind, owner_id, invoice_email, invoice_reference, contacts, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (owner_kind, owner_id) DO UPDATE SET invoice_email = excluded.invoice_email, \
         invoice_reference = excluded.invoice_reference, contacts = excluded.contacts, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(owner_kind.to_string())
    .bind(owner_id.to_string())
    .bind(invoice_email.to_string())
    .bind(invoice_reference.to_string())
    .bind(contacts.to_string())
    .bind(now())
    .bind(by.to_string())
    .execute(conn)
    .await?;
    Ok(())
}
