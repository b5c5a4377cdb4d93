//! Password guessing limits that an attacker cannot turn against the account's owner.
//!
//! * Per account *and* address: 5 wrong passwords in 15 minutes stop that address for that
//!   account. Someone guessing from elsewhere does not lock the owner out.
//! * Per address: 20 wrong passwords in 15 minutes, whatever the accounts.
//! * Per account from all addresses: 50 in 15 minutes stops guessing spread over many
//!   addresses, except from addresses the owner has logged in from before (kept in
//!   memory), so the owner still gets in.
//!
//! Each attempt is reserved before the password is checked (see `RateLimiter::reserve`).

use super::rate_limit::RateLimiter;
use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

pub struct LoginGuard {
    pair_and_address: RateLimiter,
    account: RateLimiter,
    known: Mutex<HashSet<(String, String)>>,
}

const WINDOW: Duration = Duration::from_secs(15 * 60);

impl Default for LoginGuard {
    fn default() -> Self {
        Self::new(5, 20, 50)
    }
}

impl LoginGuard {
    pub fn new(per_pair: usize, per_address: usize, per_account: usize) -> Self {
        Self {
            pair_and_address: RateLimiter::new(WINDOW, per_pair, per_address),
            account: RateLimiter::new(WINDOW, per_account, usize::MAX),
            known: Mutex::new(HashSet::new()),
        }
    }

    fn pair(account: &str, address: &str) -> String {
        format!("{account}|{address}")
    }

    fn is_known(&self, account: &str, address: &str) -> bool {
        self.known.lock().unwrap_or_else(|e| e.into_inner()).contains(&(account.to_string(), address.to_string()))
    }

    /// `Err(seconds to wait)`, or the attempt is counted until `release`/`cancel`.
    pub fn reserve(&self, account: &str, address: &str) -> Result<(), u64> {
        self.pair_and_address.reserve(&Self::pair(account, address), address)?;
        if !self.is_known(account, address) {
            if let Err(wait) = self.account.reserve(account, "") {
                self.pair_and_address.cancel(&Self::pair(account, address), address);
                return Err(wait);
            }
        }
        Ok(())
    }

    /// The password was right: the attempt was no failure, and the address is the owner's.
    pub fn release(&self, account: &str, address: &str) {
        if !self.is_known(account, address) {
            self.account.cancel(account, "");
        }
        self.pair_and_address.release(&Self::pair(account, address), address);
        self.known.lock().unwrap_or_else(|e| e.into_inner()).insert((account.to_string(), address.to_string()));
    }

    /// The attempt never happened (the server was too busy to check it).
    pub fn cancel(&self, account: &str, address: &str) {
        if !self.is_known(account, address) {
            self.account.cancel(account, "");
        }
        self.pair_and_address.cancel(&Self::pair(account, address), address);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guessing_from_elsewhere_does_not_lock_the_owner_out() {
        let g = LoginGuard::new(5, 20, 8);
        assert!(g.reserve("kari", "owner").is_ok());
        g.release("kari", "owner");
        for _ in 0..5 {
            assert!(g.reserve("kari", "attacker").is_ok());
        }
        assert!(g.reserve("kari", "attacker").is_err(), "the guessing address is stopped");
        assert!(g.reserve("kari", "owner").is_ok(), "the owner is not");
        g.release("kari", "owner");
        // Spread over many addresses: the account-wide limit stops new addresses...
        for i in 0..3 {
            assert!(g.reserve("kari", &format!("bot{i}")).is_ok());
        }
        assert!(g.reserve("kari", "bot-new").is_err(), "8 failures account-wide");
        // ...but not the owner's known address.
        assert!(g.reserve("kari", "owner").is_ok());
    }
}
