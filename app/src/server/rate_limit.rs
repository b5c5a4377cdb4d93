//! Attempt limits for passwords and one-time codes: failures are counted per account and
//! per second key (the client address for logins, the session for codes) in a sliding
//! window. Kept in memory: a restart forgives, and each instance counts its own (enough to
//! make guessing slow; a shared store can come with scale-out).
//!
//! An attempt is *reserved* before it is checked ([`RateLimiter::reserve`]): the reservation
//! counts as a failure at once, under the same lock as the check, so parallel guesses
//! cannot all pass the check before any of them is counted. A correct attempt releases its
//! reservation ([`RateLimiter::release`]).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    window: Duration,
    per_account: usize,
    per_ip: usize,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// One-time codes: 5 wrong codes per person and per session within 15 minutes.
    pub fn for_codes() -> Self {
        Self::new(Duration::from_secs(15 * 60), 5, 5)
    }

    /// "Glemt passord?" links: 3 per address and 10 per client address within 15 minutes,
    /// every request counted (none is released), so the form can neither flood someone's
    /// inbox nor be used to probe many addresses quickly.
    pub fn for_reset_links() -> Self {
        Self::new(Duration::from_secs(15 * 60), 3, 10)
    }

    /// Checks and counts one attempt in one step: `Err(seconds to wait)` when either key has
    /// used up its failures (nothing is counted then), otherwise the attempt counts as a
    /// failure until [`release`](Self::release) takes it back.
    pub fn reserve(&self, account: &str, other: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = 0u64;
        let keys = [(format!("acct:{account}"), self.per_account), (format!("ip:{other}"), self.per_ip)];
        for (key, limit) in &keys {
            if let Some(q) = map.get_mut(key) {
                while q.front().is_some_and(|t| now.duration_since(*t) > self.window) {
                    q.pop_front();
                }
                if q.len() >= *limit {
                    let oldest = q.front().copied().unwrap_or(now);
                    wait = wait.max(self.window.saturating_sub(now.duration_since(oldest)).as_secs().max(1));
                }
            }
        }
        if wait > 0 {
            return Err(wait);
        }
        for (key, _) in keys {
            map.entry(key).or_default().push_back(now);
        }
        Ok(())
    }

    /// The reserved attempt was right: it is not a failure after all, and the account's
    /// earlier failures are forgiven (the other key's are not).
    pub fn release(&self, account: &str, other: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&format!("acct:{account}"));
        if let Some(q) = map.get_mut(&format!("ip:{other}")) {
            q.pop_back();
        }
    }

    /// The reserved attempt never happened (the server could not take it): it counts
    /// neither way.
    pub fn cancel(&self, account: &str, other: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for key in [format!("acct:{account}"), format!("ip:{other}")] {
            if let Some(q) = map.get_mut(&key) {
                q.pop_back();
            }
        }
    }

    pub fn new(window: Duration, per_account: usize, per_ip: usize) -> Self {
        Self { window, per_account, per_ip, failures: Mutex::new(HashMap::new()) }
    }

    /// `Err(seconds to wait)` when either key has used up its failures.
    pub fn check(&self, account: &str, ip: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = 0u64;
        for (key, limit) in [(format!("acct:{account}"), self.per_account), (format!("ip:{ip}"), self.per_ip)] {
            if let Some(q) = map.get_mut(&key) {
                while q.front().is_some_and(|t| now.duration_since(*t) > self.window) {
                    q.pop_front();
                }
                if q.len() >= limit {
                    let oldest = q.front().copied().unwrap_or(now);
                    wait = wait.max(self.window.saturating_sub(now.duration_since(oldest)).as_secs().max(1));
                }
            }
        }
        if wait > 0 {
            Err(wait)
        } else {
            Ok(())
        }
    }
}

/// A plain rate: at most `limit` events per key in each minute (fixed windows), for work
/// that is legitimate but must not be unbounded (token grants per integration).
pub struct PerMinute {
    limit: u32,
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

impl PerMinute {
    pub fn new(limit: u32) -> Self {
        Self { limit, counts: Mutex::new(HashMap::new()) }
    }

    /// Counts one event; `Err(seconds to wait)` when the key's minute is used up.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        const MINUTE: Duration = Duration::from_secs(60);
        let now = Instant::now();
        let mut map = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        // Forget finished windows now and then, so the map holds only active keys.
        if map.len() > 10_000 {
            map.retain(|_, (start, _)| now.duration_since(*start) < MINUTE);
        }
        let entry = map.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= MINUTE {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            return Err(MINUTE.saturating_sub(now.duration_since(entry.0)).as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_account_and_per_ip() {
        let rl = RateLimiter::new(Duration::from_secs(60), 2, 3);
        assert!(rl.reserve("a", "ip1").is_ok());
        assert!(rl.reserve("a", "ip1").is_ok());
        assert!(rl.reserve("a", "ip2").is_err(), "account is locked from any address");
        assert!(rl.check("a", "ip2").is_err());
        assert!(rl.reserve("b", "ip1").is_ok());
        assert!(rl.reserve("c", "ip1").is_err(), "address is locked for any account");
        rl.release("a", "ip1");
        assert!(rl.reserve("a", "ip2").is_ok(), "a right attempt forgives the account");
    }

    #[test]
    fn parallel_attempts_cannot_all_pass_the_check() {
        let rl = std::sync::Arc::new(RateLimiter::new(Duration::from_secs(60), 5, 100));
        let passed: usize = (0..40)
            .map(|_| {
                let rl = rl.clone();
                std::thread::spawn(move || rl.reserve("a", "ip").is_ok())
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap() as usize)
            .sum();
        assert_eq!(passed, 5, "40 parallel guesses, 5 checked");
        rl.release("a", "ip");
        assert!(rl.reserve("a", "ip").is_ok(), "a right attempt forgives the account");
    }

    #[test]
    fn window_expires() {
        let rl = RateLimiter::new(Duration::from_millis(20), 1, 10);
        assert!(rl.reserve("a", "ip").is_ok());
        assert!(rl.reserve("a", "ip").is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(rl.check("a", "ip").is_ok());
    }

    #[test]
    fn per_minute_counts_each_key_alone() {
        let limit = PerMinute::new(2);
        assert!(limit.check("a").is_ok() && limit.check("a").is_ok());
        let wait = limit.check("a").unwrap_err();
        assert!((1..=60).contains(&wait), "{wait}");
        assert!(limit.check("b").is_ok(), "another key is not slowed down");
    }
}
