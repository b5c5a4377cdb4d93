//! Server-only code (feature `ssr`): configuration, database, store functions, secrets,
//! the router. Nothing here is compiled into the WASM.

pub mod client_addr;
pub mod config;
pub mod crypto;
pub mod csrf;
pub mod db;
pub mod headers;
pub mod jose;
pub mod live;
pub mod login_guard;
pub mod mail;
pub mod mailbox;
pub mod markdown;
pub mod maskinporten;
pub mod password_work;
pub mod rate_limit;
pub mod refusals;
pub mod router;
pub mod seed;
pub mod services;
pub mod session;
pub mod state;
pub mod store;
pub mod totp;

pub use state::AppState;

/// Now, as UTC Unix seconds: the one clock every timestamp comes from.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// A fresh random id for a row.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
