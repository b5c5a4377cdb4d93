//! Delivering the outbox, and the operator's view of what could not be delivered.
//!
//! [`deliver_due`] is one round of an instance's delivery worker (`server::mail::worker`):
//! each due message is claimed in the database before it is sent, so instances sharing a
//! database never send one twice. A temporary failure waits `retry_base`·2^(attempts−1)
//! before the next attempt; a permanent failure, or the last of `max_attempts`, marks it
//! failed, and the operator sees it ([`outgoing`]) and may send it again ([`resend`]).

use crate::domain::audit::AuditAction;
use crate::domain::views::{FailedMail, MailDelivery, OutgoingMail};
use crate::error::AppError;
use crate::server::config::Mode;
use crate::server::mail::{message, retry_delay_seconds, smtp::SendError};
use crate::server::{session::CurrentUser, store, AppState};
use serde_json::json;

/// Messages looked at in one round; a full round is followed at once by another.
pub const BATCH: i64 = 20;

/// How long a claim lasts. Longer than a send can take (each SMTP command has 30 s, and
/// the whole send is cut off at [`SEND_TIMEOUT`]), so a live claim is never taken over;
/// the claim of an instance that died mid-send expires, and the message is sent again.
pub const LEASE_SECONDS: i64 = 600;

/// The longest one message's delivery may take before it counts as a temporary failure.
pub const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// How many failed messages the operator's list shows.
const FAILED_SHOWN: i64 = 200;

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    /// Due messages found.
    pub due: usize,
    pub sent: usize,
    /// Temporary failures, to be tried again later.
    pub retried: usize,
    pub failed: usize,
    /// Due, but another instance claimed it first.
    pub taken: usize,
}

/// Sends the messages that are due at `clock()`, as `worker` (a name unique to this
/// instance's worker). Does nothing without `SMTP_URL`.
pub async fn deliver_due(state: &AppState, worker: &str, clock: impl Fn() -> i64 + Send) -> Result<Round, AppError> {
    let Some(smtp) = state.config.mail.smtp.as_ref() else { return Ok(Round::default()) };
    let ids = store::outbox::due(&mut *state.pool.acquire().await?, clock(), BATCH).await?;
    let mut round = Round { due: ids.len(), ..Round::default() };
    for id in ids {
        let now = clock();
        // The connection goes back to the pool while the message is on its way.
        let claimed = {
            let mut conn = state.pool.acquire().await?;
            if store::outbox::claim(&mut conn, &id, worker, now, now + LEASE_SECONDS).await? {
                store::outbox::claimed(&mut conn, &id, worker).await?
            } else {
                None
            }
        };
        let Some(m) = claimed else {
            round.taken += 1;
            continue;
        };
        let config = &state.config;
        let sent = match message::compose(&m.id, &config.mail.from, &m.recipient, &m.subject, &m.body, &config.public_url) {
            Ok(email) => match tokio::time::timeout(SEND_TIMEOUT, smtp.send(&email)).await {
                Ok(result) => result,
                Err(_) => Err(SendError::Temporary(format!("Tidsavbrudd: ikke levert innen {} s.", SEND_TIMEOUT.as_secs()))),
            },
            Err(reason) => Err(SendError::Permanent(reason)),
        };
        let attempts = m.attempts + 1;
        let now = clock();
        let mut conn = state.pool.acquire().await?;
        let recorded = match sent {
            Ok(()) => {
                round.sent += 1;
                let body = super::accounts::links::strike_all(&m.body);
                store::outbox::mark_sent(&mut conn, &m.id, worker, attempts, &body, now).await?
            }
            Err(SendError::Temporary(reason)) if attempts < i64::from(config.mail.max_attempts) => {
                round.retried += 1;
                let wait = retry_delay_seconds(config.mail.retry_base, attempts as u32);
                tracing::info!(id = %m.id, attempts, wait, %reason, "e-mail not delivered; will try again");
                store::outbox::retry_later(&mut conn, &m.id, worker, attempts, &reason, now + wait).await?
            }
            Err(SendError::Temporary(reason)) => {
                round.failed += 1;
                let reason = format!("{reason} (ga opp etter {attempts} forsøk)");
                tracing::warn!(id = %m.id, attempts, %reason, "e-mail failed: no attempts left");
                store::outbox::mark_failed(&mut conn, &m.id, worker, attempts, &reason, now).await?
            }
            Err(SendError::Permanent(reason)) => {
                round.failed += 1;
                tracing::warn!(id = %m.id, attempts, %reason, "e-mail failed permanently");
                store::outbox::mark_failed(&mut conn, &m.id, worker, attempts, &reason, now).await?
            }
        };
        if !recorded {
            tracing::warn!(id = %m.id, worker, "the claim on an e-mail expired before its result was recorded");
        }
    }
    Ok(round)
}

/// How e-mail leaves this deployment.
pub fn delivery(state: &AppState) -> MailDelivery {
    match (&state.config.mail.smtp, state.config.mode) {
        (Some(_), _) => MailDelivery::Smtp,
        (None, Mode::Development) => MailDelivery::DevelopmentMailbox,
        (None, Mode::Production) => MailDelivery::NotSent,
    }
}

/// "E-post som ikke ble sendt", with how e-mail is sent at all.
pub async fn outgoing(state: &AppState, user: &CurrentUser) -> Result<OutgoingMail, AppError> {
    super::operator::require_operator(state, user)?;
    let mut conn = state.pool.acquire().await?;
    let failed = store::outbox::failed(&mut conn, FAILED_SHOWN)
        .await?
        .into_iter()
        .map(|m| FailedMail {
            id: m.id,
            recipient: m.recipient,
            subject: m.subject,
            attempts: m.attempts,
            reason: m.last_error.unwrap_or_else(|| "Ukjent årsak.".into()),
            failed_at: m.failed_at,
        })
        .collect();
    Ok(OutgoingMail { delivery: delivery(state), failed })
}

/// "Send på nytt": a failed message back in the queue, as if new.
pub async fn resend(state: &AppState, user: &CurrentUser, id: &str) -> Result<(), AppError> {
    super::operator::require_operator(state, user)?;
    let mut tx = super::begin_write(&state.pool).await?;
    let not_found = || AppError::NotFound("Fant ingen e-post som har feilet med denne id-en. Den kan allerede være sendt på nytt.".into());
    let m = store::outbox::failed_by_id(&mut tx, id).await?.ok_or_else(not_found)?;
    if !store::outbox::resend(&mut tx, id).await? {
        return Err(not_found());
    }
    store::audit::record(
        &mut tx,
        Some(&user.user_id),
        None,
        AuditAction::MailResent,
        Some(json!({"id": m.id, "recipient": m.recipient, "subject": m.subject, "attempts": m.attempts, "reason": m.last_error})),
        None,
    )
    .await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}
