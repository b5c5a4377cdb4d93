//! Outgoing e-mail. Everything is queued here in the same transaction as the change that
//! causes it; a sender (SMTP, in a later step) delivers and marks `sent_at`, recording
//! `attempts` and `last_error`. In development mode `/dev/mailbox` shows the queue.
//!
//! Links with a token (confirmation, new password) must not stay usable from here: when a
//! token is used, replaced or expires, the accounts service rewrites the bodies that hold
//! it (`with_links_to`, `set_body`). The sender, when it comes, will also redact the token
//! from a body once the message is sent, so the outbox never keeps a live link.

use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct OutboxMessage {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

pub async fn enqueue(conn: &mut AnyConnection, recipient: &str, subject: &str, body: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO outbox (id, recipient, subject, body, created_at, attempts) VALUES ($1, $2, $3, $4, $5, 0)")
        .bind(crate::server::new_id())
        .bind(recipient.to_string())
        .bind(subject.to_string())
        .bind(body.to_string())
        .bind(crate::server::now())
        .execute(conn)
        .await?;
    Ok(())
}

/// Newest first.
pub async fn list(conn: &mut AnyConnection, limit: i64) -> Result<Vec<OutboxMessage>, sqlx::Error> {
    sqlx::query_as::<_, OutboxMessage>("SELECT id, recipient, subject, body, created_at, sent_at FROM outbox ORDER BY created_at DESC, id DESC LIMIT $1")
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// Messages to `recipient` that carry a link with a token (`…?token=…`).
pub async fn with_links_to(conn: &mut AnyConnection, recipient: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, body FROM outbox WHERE recipient = $1 AND body LIKE '%token=%'").bind(recipient.to_string()).fetch_all(conn).await
}

pub async fn set_body(conn: &mut AnyConnection, id: &str, body: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET body = $1 WHERE id = $2").bind(body.to_string()).bind(id.to_string()).execute(conn).await?;
    Ok(())
}
