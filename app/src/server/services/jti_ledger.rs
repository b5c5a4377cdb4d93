//! Single use of an assertion's `jti`, recorded in the database so it holds across
//! instances, with group commit: grants arriving together wait for one multi-row insert and
//! one commit instead of one each. Under load that is the difference between the disk's
//! commit rate and the CPU's signing rate; alone, a grant waits for its own insert as before.

use crate::error::AppError;
use crate::server::store::tokens as store;
use sqlx::AnyPool;
use std::collections::HashSet;
use std::sync::OnceLock;
use tokio::sync::{mpsc, oneshot};

/// The most `jti`s one statement records.
const MAX_BATCH: usize = 256;

struct Pending {
    client_id: String,
    jti: String,
    expires_at: i64,
    /// `true`: new, recorded and committed; `false`: used before.
    answer: oneshot::Sender<Result<bool, ()>>,
}

/// The queue to the writer, started on first use (inside the server's runtime).
#[derive(Default)]
pub struct JtiLedger {
    queue: OnceLock<mpsc::Sender<Pending>>,
}

impl JtiLedger {
    /// Records `jti` for `client_id` until `expires_at`; `Ok(false)` for a replay.
    pub async fn use_once(&self, pool: &AnyPool, client_id: &str, jti: &str, expires_at: i64) -> Result<bool, AppError> {
        let queue = self.queue.get_or_init(|| start(pool.clone()));
        let (answer, reply) = oneshot::channel();
        let pending = Pending { client_id: client_id.to_string(), jti: jti.to_string(), expires_at, answer };
        queue.send(pending).await.map_err(|_| AppError::Internal)?;
        reply.await.map_err(|_| AppError::Internal)?.map_err(|_| AppError::Internal)
    }
}

fn start(pool: AnyPool) -> mpsc::Sender<Pending> {
    let (tx, mut rx) = mpsc::channel::<Pending>(4 * MAX_BATCH);
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        while let Some(first) = rx.recv().await {
            batch.push(first);
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(p) => batch.push(p),
                    Err(_) => break,
                }
            }
            write(&pool, std::mem::take(&mut batch)).await;
        }
    });
    tx
}

/// One insert for the batch; every waiting grant gets its own answer.
async fn write(pool: &AnyPool, batch: Vec<Pending>) {
    // The same jti twice in one batch: the later one is a replay of the earlier.
    let mut seen = HashSet::new();
    let (fresh, repeated): (Vec<Pending>, Vec<Pending>) = batch.into_iter().partition(|p| seen.insert((p.client_id.clone(), p.jti.clone())));
    for p in repeated {
        let _ = p.answer.send(Ok(false));
    }
    let rows: Vec<(String, String, i64)> = fresh.iter().map(|p| (p.client_id.clone(), p.jti.clone(), p.expires_at)).collect();
    let result = async {
        let mut conn = pool.acquire().await?;
        store::use_jtis(&mut conn, &rows).await
    }
    .await;
    match result {
        Ok(new) => {
            let new: HashSet<(String, String)> = new.into_iter().collect();
            for p in fresh {
                let is_new = new.contains(&(p.client_id.clone(), p.jti.clone()));
                let _ = p.answer.send(Ok(is_new));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, n = fresh.len(), "could not record jtis");
            for p in fresh {
                let _ = p.answer.send(Err(()));
            }
        }
    }
}
