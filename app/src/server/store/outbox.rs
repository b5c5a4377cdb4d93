//! Outgoing e-mail. Everything is queued here in the same transaction as the change that
//! causes it; a sender (SMTP, in a later step) delivers and marks `sent_at`, recording
//! `attempts` and `last_error`. In development mode `/dev/mailbox` shows the queue.

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
