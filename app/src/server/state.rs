//! The one state value the router and every server function share.

use super::rate_limit::{PerMinute, RateLimiter};
use super::services::jti_ledger::JtiLedger;
use super::services::tokens::{GrantCache, TokenKeys};
use super::{config::Config, live::LiveHub, login_guard::LoginGuard, password_work::PasswordWork};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sqlx::AnyPool;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub pool: AnyPool,
    pub config: Arc<Config>,
    /// Wrong passwords (see `login_guard`).
    pub login_limiter: Arc<LoginGuard>,
    /// Wrong one-time codes per person and per session.
    pub code_limiter: Arc<RateLimiter>,
    /// "Glemt passord?" requests per address and per client address.
    pub reset_limiter: Arc<RateLimiter>,
    /// At most a few password hashes at once (see `password_work`).
    pub password_work: Arc<PasswordWork>,
    /// Live updates to open browsers (see `live`).
    pub live: Arc<LiveHub>,
    /// The environments' token-signing keys, parsed.
    pub token_keys: Arc<TokenKeys>,
    /// Integrations' registrations as the token endpoint needs them.
    pub grant_cache: Arc<GrantCache>,
    /// Used assertion ids, written in batches.
    pub jti_ledger: Arc<JtiLedger>,
    /// Token grants per integration.
    pub token_limiter: Arc<PerMinute>,
    /// Wakes this instance's e-mail worker before its next poll (after "Send på nytt").
    pub mail_wake: Arc<tokio::sync::Notify>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, pool: AnyPool, config: Config) -> Self {
        let grants_per_minute = config.token_grants_per_minute;
        Self {
            leptos_options,
            pool,
            config: Arc::new(config),
            login_limiter: Arc::new(LoginGuard::default()),
            code_limiter: Arc::new(RateLimiter::for_codes()),
            reset_limiter: Arc::new(RateLimiter::for_reset_links()),
            password_work: Arc::new(PasswordWork::for_this_machine()),
            live: Arc::new(LiveHub::default()),
            token_keys: Arc::new(TokenKeys::default()),
            grant_cache: Arc::new(GrantCache::default()),
            jti_ledger: Arc::new(JtiLedger::default()),
            token_limiter: Arc::new(PerMinute::new(grants_per_minute)),
            mail_wake: Arc::new(tokio::sync::Notify::new()),
        }
    }
}
