//! The whole HTTP surface in one `Router`, so tests drive it without a socket.

use super::{config::Mode, csrf, headers, live, mailbox, maskinporten, refusals, AppState};
use crate::{shell, App};
use axum::{middleware, routing::get, Router};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{compression::CompressionLayer, limit::RequestBodyLimitLayer};

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let mut router: Router<AppState> =
        Router::new().route("/events", get(live::events)).merge(crate::audit_csv_routes()).merge(maskinporten::routes()).merge(crate::rest_routes());
    if state.config.mode == Mode::Development {
        router = router.route("/dev/mailbox", get(mailbox::page));
    }
    let options = state.leptos_options.clone();
    let hsts = state.config.secure_cookies();
    router
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn(csrf::refuse_cross_site))
        .layer(middleware::from_fn(refusals::refusal_status))
        .layer(middleware::from_fn(move |req, next| headers::security_headers(hsts, req, next)))
        .layer(middleware::from_fn(headers::cache_control))
        // Pages, server function answers and unhashed files go out compressed; the built
        // files have .br/.gz copies already (`cargo leptos build -P`), which the file
        // service picks by Accept-Encoding, and a response already encoded is left alone.
        // The event stream is never compressed (the default predicate excludes it).
        .layer(CompressionLayer::new())
        // Outermost: an oversize body is refused (413) before anything reads it.
        .layer(RequestBodyLimitLayer::new(refusals::MAX_BODY_BYTES))
        .with_state(state)
}

/// Connects the database, migrates, seeds, and returns the state for `router`.
pub async fn build_state(leptos_options: leptos::config::LeptosOptions, config: super::config::Config) -> Result<AppState, sqlx::Error> {
    let pool = super::db::connect(&config.database_url).await?;
    super::seed::run(&pool, &config).await?;
    let url = config.database_url.clone();
    let state = AppState::new(leptos_options, pool, config);
    // Registrations nobody confirmed in time free their addresses (registration also does
    // this as it goes); a failure here must not stop the server.
    match super::services::accounts::expire_registrations(&state).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(n, "expired unconfirmed registrations deleted"),
        Err(e) => tracing::warn!(error = %e, "could not delete expired registrations"),
    }
    if super::db::Backend::of_url(&url) == super::db::Backend::Postgres {
        state.live.listen_postgres(&url).await?;
    }
    purge_used_jtis_now_and_then(state.clone());
    start_mail_delivery(&state);
    super::services::expiry::schedule(state.clone());
    Ok(state)
}

/// Starts the e-mail worker, or says clearly that e-mail is not sent.
fn start_mail_delivery(state: &AppState) {
    if super::mail::worker::start(state.clone()).is_some() {
        return;
    }
    match state.config.mode {
        Mode::Production => tracing::warn!(
            "SMTP_URL is not set: e-mail is NOT sent (confirmations, new passwords, notices stay queued in the outbox). Set SMTP_URL and MAIL_FROM to send them."
        ),
        Mode::Development => tracing::info!("SMTP_URL is not set: e-mail is not sent; /dev/mailbox shows it"),
    }
}

/// Used assertion ids are kept only while the assertion could be replayed; every minute
/// the expired ones are deleted.
fn purge_used_jtis_now_and_then(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            if let Err(e) = super::services::tokens::purge_used_jtis(&state).await {
                tracing::warn!(error = %e, "could not purge used jtis");
            }
        }
    });
}
