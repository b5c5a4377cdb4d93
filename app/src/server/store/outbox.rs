//! Outgoing e-mail. Everything is queued here in the same transaction as the change that
//! causes it; the delivery worker (`server::mail`) claims a due message ([`due`], [`claim`]),
//! sends it by SMTP and records the result: [`mark_sent`], [`retry_later`] (with
//! `attempts`, `last_error` and `next_attempt_at`) or [`mark_failed`]. The operator lists
//! the failed ones ([`failed`]) and can [`resend`] them. In development mode
//! `/dev/mailbox` shows the queue.
//!
//! Links with a token (confirmation, new password) must not stay usable from here: when a
//! token is used, replaced or expires, the accounts service rewrites the bodies that hold
//! it (`with_links_to`, `set_body`), and [`mark_sent`] stores the body with its tokens
//! struck out, so the outbox never keeps a live link to a sent message.

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

/// A message the worker has claimed: what it needs to send it and to count the attempt.
#[derive(Debug, Clone, FromRow)]
pub struct ClaimedMessage {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// A message that will not be sent unless the operator sends it again.
#[derive(Debug, Clone, FromRow)]
pub struct FailedMessage {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub failed_at: i64,
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

/// Pending (neither sent nor failed), due (`next_attempt_at` passed) and not claimed by a
/// live lease: the ids of up to `limit` such messages, oldest first.
pub async fn due(conn: &mut AnyConnection, now: i64, limit: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= $1) \
         AND (claimed_until IS NULL OR claimed_until < $1) ORDER BY created_at, id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Claims message `id` for `worker` until `until`, if it is still pending, due and
/// unclaimed; true when this call got it. One conditional UPDATE: when two instances try
/// at once, PostgreSQL (READ COMMITTED) re-checks the condition on the row the other just
/// changed and SQLite runs one writer at a time, so exactly one of them sees a row changed.
pub async fn claim(conn: &mut AnyConnection, id: &str, worker: &str, now: i64, until: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET claimed_by = $1, claimed_until = $2 WHERE id = $3 AND sent_at IS NULL AND failed_at IS NULL \
         AND (next_attempt_at IS NULL OR next_attempt_at <= $4) AND (claimed_until IS NULL OR claimed_until < $4)",
    )
    .bind(worker.to_string())
    .bind(until)
    .bind(id.to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Message `id` as claimed by `worker` (`None` once the claim is someone else's).
pub async fn claimed(conn: &mut AnyConnection, id: &str, worker: &str) -> Result<Option<ClaimedMessage>, sqlx::Error> {
    sqlx::query_as("SELECT id, recipient, subject, body, attempts FROM outbox WHERE id = $1 AND claimed_by = $2 AND sent_at IS NULL AND failed_at IS NULL")
        .bind(id.to_string())
        .bind(worker.to_string())
        .fetch_optional(conn)
        .await
}

/// Sent: the body is replaced by `body` (its tokens struck out) and the claim released.
/// False when `worker` no longer held the claim.
pub async fn mark_sent(conn: &mut AnyConnection, id: &str, worker: &str, attempts: i64, body: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET sent_at = $1, attempts = $2, body = $3, last_error = NULL, next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL \
         WHERE id = $4 AND claimed_by = $5",
    )
    .bind(now)
    .bind(attempts)
    .bind(body.to_string())
    .bind(id.to_string())
    .bind(worker.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A temporary failure: try again at `next_attempt_at`.
pub async fn retry_later(conn: &mut AnyConnection, id: &str, worker: &str, attempts: i64, error: &str, next_attempt_at: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET attempts = $1, last_error = $2, next_attempt_at = $3, claimed_by = NULL, claimed_until = NULL WHERE id = $4 AND claimed_by = $5",
    )
    .bind(attempts)
    .bind(error.to_string())
    .bind(next_attempt_at)
    .bind(id.to_string())
    .bind(worker.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Given up: a permanent failure, or the last attempt failed.
pub async fn mark_failed(conn: &mut AnyConnection, id: &str, worker: &str, attempts: i64, error: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET failed_at = $1, attempts = $2, last_error = $3, next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL \
         WHERE id = $4 AND claimed_by = $5",
    )
    .bind(now)
    .bind(attempts)
    .bind(error.to_string())
    .bind(id.to_string())
    .bind(worker.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many messages failed (and were not resent).
pub async fn failed_count(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL").fetch_one(conn).await?;
    Ok(n)
}

/// The failed messages, newest first.
pub async fn failed(conn: &mut AnyConnection, limit: i64) -> Result<Vec<FailedMessage>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, recipient, subject, attempts, last_error, failed_at FROM outbox WHERE failed_at IS NOT NULL ORDER BY failed_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await
}

pub async fn failed_by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<FailedMessage>, sqlx::Error> {
    sqlx::query_as("SELECT id, recipient, subject, attempts, last_error, failed_at FROM outbox WHERE id = $1 AND failed_at IS NOT NULL")
        .bind(id.to_string())
        .fetch_optional(conn)
        .await
}

/// A failed message back in the queue, due now, as if new (`attempts` 0). False when it
/// was not failed (already sent again, or no such message).
pub async fn resend(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET failed_at = NULL, attempts = 0, last_error = NULL, next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL \
         WHERE id = $1 AND failed_at IS NOT NULL AND sent_at IS NULL",
    )
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
