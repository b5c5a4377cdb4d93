//! Sending the outbox by e-mail (SMTP). Every message is first queued in the `outbox`
//! table in the transaction of the change that causes it (`store::outbox::enqueue`); a
//! delivery worker on each server instance ([`worker`]) claims due messages in the
//! database, sends them ([`message`] builds them, [`smtp`] hands them over), and records
//! the result (`services::mail`). Without `SMTP_URL` nothing is sent: development mode
//! shows the queue at `/dev/mailbox`, production mode warns (the log, the operator's page).

pub mod html;
pub mod message;
pub mod smtp;
pub mod worker;

use std::time::Duration;

/// No retry waits longer than this, however many attempts came before.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(24 * 60 * 60);

/// How long to wait after the `attempts`-th attempt failed: `base`·2^(attempts−1),
/// (base, 2·base, 4·base, …), at most [`MAX_RETRY_DELAY`].
pub fn retry_delay(base: Duration, attempts: u32) -> Duration {
    let factor = 1u32.checked_shl(attempts.saturating_sub(1)).unwrap_or(u32::MAX);
    base.checked_mul(factor).unwrap_or(MAX_RETRY_DELAY).min(MAX_RETRY_DELAY)
}

/// [`retry_delay`] in whole seconds, as the database counts, and never less than one.
pub fn retry_delay_seconds(base: Duration, attempts: u32) -> i64 {
    let d = retry_delay(base, attempts);
    (d.as_secs() + u64::from(d.subsec_nanos() > 0)).max(1) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_base() {
        let base = Duration::from_secs(30);
        let delays: Vec<u64> = (1..=6).map(|a| retry_delay(base, a).as_secs()).collect();
        assert_eq!(delays, [30, 60, 120, 240, 480, 960]);
        assert_eq!(retry_delay(base, 0), base, "before any attempt: the base");
        assert_eq!(retry_delay(base, 40), MAX_RETRY_DELAY, "capped, no overflow");
        assert_eq!(retry_delay(Duration::from_secs(u64::MAX / 2), 3), MAX_RETRY_DELAY);
    }

    #[test]
    fn backoff_in_database_seconds() {
        assert_eq!(retry_delay_seconds(Duration::from_secs(30), 2), 60);
        assert_eq!(retry_delay_seconds(Duration::from_millis(1500), 1), 2, "rounded up");
        assert_eq!(retry_delay_seconds(Duration::ZERO, 3), 1, "at least a second");
    }
}
