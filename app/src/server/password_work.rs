//! A bound on password hashing. Each Argon2 run takes 19 MiB and a core for a while; with
//! no bound, 300 logins at once took the server from 170 MB to 2.6 GB. At most `slots`
//! hashes run at once; a request that cannot get a slot within `wait` is answered 429
//! instead of queueing without end.

use crate::error::AppError;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub struct PasswordWork {
    slots: Arc<Semaphore>,
    wait: Duration,
}

impl PasswordWork {
    pub fn new(slots: usize, wait: Duration) -> Self {
        Self { slots: Arc::new(Semaphore::new(slots)), wait }
    }

    /// Two hashes per core, waiting at most two seconds for a slot.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Self::new(2 * cores, Duration::from_secs(2))
    }

    /// A slot for one hash, held until the permit is dropped.
    pub async fn slot(&self) -> Result<OwnedSemaphorePermit, AppError> {
        match tokio::time::timeout(self.wait, self.slots.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(AppError::TooManyRequests("Mange logger inn akkurat nå. Prøv igjen om et øyeblikk.".into())),
        }
    }
}
