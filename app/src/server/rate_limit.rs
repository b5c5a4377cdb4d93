//! Login attempt limits: failures are counted per account and per client address in a
//! sliding window. Kept in memory: a restart forgives, and each instance counts its own
//! (enough to make password guessing slow; a shared store can come with scale-out).

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
    /// 5 failures per account and 20 per address within 15 minutes.
    pub fn for_logins() -> Self {
        Self::new(Duration::from_secs(15 * 60), 5, 20)
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

    pub fn record_failure(&self, account: &str, ip: &str) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for key in [format!("acct:{account}"), format!("ip:{ip}")] {
            map.entry(key).or_default().push_back(now);
        }
    }

    /// A successful login clears the account's failures (not the address's).
    pub fn record_success(&self, account: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&format!("acct:{account}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_account_and_per_ip() {
        let rl = RateLimiter::new(Duration::from_secs(60), 2, 3);
        assert!(rl.check("a", "ip1").is_ok());
        rl.record_failure("a", "ip1");
        rl.record_failure("a", "ip1");
        assert!(rl.check("a", "ip2").is_err(), "account is locked from any address");
        assert!(rl.check("b", "ip1").is_ok());
        rl.record_failure("b", "ip1");
        assert!(rl.check("c", "ip1").is_err(), "address is locked for any account");
        rl.record_success("a");
        assert!(rl.check("a", "ip2").is_ok());
    }

    #[test]
    fn window_expires() {
        let rl = RateLimiter::new(Duration::from_millis(20), 1, 10);
        rl.record_failure("a", "ip");
        assert!(rl.check("a", "ip").is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(rl.check("a", "ip").is_ok());
    }
}
