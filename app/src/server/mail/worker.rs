//! The delivery worker: a task on every server instance with `SMTP_URL` that sends due
//! outbox messages (`services::mail::deliver_due`) every `MAIL_POLL_SECONDS`, at once
//! after a full batch, and when woken (`AppState::mail_wake`, after "Send på nytt").
//! Instances sharing a database each run one; the claims in the database keep them from
//! sending a message twice.

use crate::server::{new_id, now, services, AppState};
use tokio::task::JoinHandle;

/// Starts the worker, unless e-mail is not sent (no `SMTP_URL`). Dropping the handle
/// leaves it running; tests abort it.
pub fn start(state: AppState) -> Option<JoinHandle<()>> {
    let smtp = state.config.mail.smtp.as_ref()?;
    // Unique per worker, so a claim names the instance that holds it.
    let worker = format!("{}:{}", std::process::id(), new_id());
    tracing::info!(smtp = %smtp.describe(), from = %state.config.mail.from, worker, "e-mail delivery started");
    Some(tokio::spawn(async move {
        loop {
            let full = match services::mail::deliver_due(&state, &worker, now).await {
                Ok(round) => round.due as i64 == services::mail::BATCH,
                Err(e) => {
                    tracing::warn!(error = %e, "e-mail delivery round failed");
                    false
                }
            };
            if !full {
                tokio::select! {
                    _ = tokio::time::sleep(state.config.mail.poll_interval) => {}
                    _ = state.mail_wake.notified() => {}
                }
            }
        }
    }))
}
