//! Live updates: when a scope or its access list changes, every open browser that cares is
//! told within a second, without reloading.
//!
//! Services `publish` a [`LiveEvent`] after their transaction commits. With SQLite the hub
//! fans out in-process (one server). With PostgreSQL it sends `NOTIFY` instead and every
//! instance's listener (`LISTEN`) fans out to its own subscribers, so several servers on
//! one database stay in step. Browsers subscribe at `GET /events?env=…` (server-sent events)
//! and are told only *that* something concerning their organisation changed, never what:
//! they refetch through the usual authorised server functions, so nothing leaks.

use super::{session, store, AppState};
use axum::{
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
};
use futures::{stream, StreamExt};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::broadcast;

const CHANNEL: &str = "selvbetjening_live";

/// Something changed in `environment` that concerns the organisations in `org_numbers`
/// (provider and consumers), or every organisation when `everyone` (a scope accessible for all).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveEvent {
    pub environment: String,
    pub org_numbers: Vec<String>,
    pub everyone: bool,
}

impl LiveEvent {
    pub fn concerns(&self, environment: Option<&str>, org_number: &str) -> bool {
        environment.is_none_or(|e| e == self.environment) && (self.everyone || self.org_numbers.iter().any(|n| n == org_number))
    }
}

pub struct LiveHub {
    local: broadcast::Sender<LiveEvent>,
    via_postgres: AtomicBool,
}

impl Default for LiveHub {
    fn default() -> Self {
        Self { local: broadcast::channel(1024).0, via_postgres: AtomicBool::new(false) }
    }
}

impl LiveHub {
    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.local.subscribe()
    }

    /// Tells every subscriber, on this instance or (PostgreSQL) on every instance. Call it
    /// after the change has committed. A failure is logged: the change itself stands, and
    /// browsers catch up on their next reconnect.
    pub async fn publish(&self, pool: &AnyPool, event: LiveEvent) {
        if self.via_postgres.load(Ordering::Acquire) {
            let payload = serde_json::to_string(&event).expect("serialisable");
            if let Err(e) = sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(pool).await {
                tracing::warn!(error = %e, "pg_notify failed");
            }
        } else {
            // No receivers is fine: nobody is watching.
            let _ = self.local.send(event);
        }
    }

    /// Switches this hub to PostgreSQL: `LISTEN` on a connection of its own and fan out
    /// what arrives. Returns once listening, so nothing published after is missed.
    pub async fn listen_postgres(self: &std::sync::Arc<Self>, database_url: &str) -> Result<(), sqlx::Error> {
        let mut listener = sqlx::postgres::PgListener::connect(database_url).await?;
        listener.listen(CHANNEL).await?;
        self.via_postgres.store(true, Ordering::Release);
        let hub = self.clone();
        tokio::spawn(async move {
            loop {
                // `recv` reconnects by itself after a dropped connection.
                match listener.recv().await {
                    Ok(n) => match serde_json::from_str::<LiveEvent>(n.payload()) {
                        Ok(ev) => {
                            let _ = hub.local.send(ev);
                        }
                        Err(e) => tracing::warn!(error = %e, "unreadable live notification"),
                    },
                    Err(e) => {
                        tracing::warn!(error = %e, "LISTEN connection failed; retrying");
                        tokio::time::sleep(Duration::from_millis(500)).await;
                    }
                }
            }
        });
        Ok(())
    }
}

#[derive(Deserialize)]
pub struct EventsQuery {
    env: Option<String>,
}

/// `GET /events?env=ver1`: a server-sent event stream for the logged-in user's organisation.
/// First `ready` (subscribed: refetch anything missed while away), then `changed` with the
/// environment as data whenever something concerning the organisation changes.
pub async fn events(State(state): State<AppState>, Query(q): Query<EventsQuery>, headers: HeaderMap) -> Response {
    let Some(token) = session::token_from_headers(&headers) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let org_number = match who(&state, &token).await {
        Ok(Some(n)) => n,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "events: loading the session failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let env = q.env.filter(|e| !e.is_empty());
    let rx = state.live.subscribe();
    let ready = stream::once(async { Ok::<_, Infallible>(Event::default().event("ready").data("ok")) });
    let changes = tokio_stream::wrappers::BroadcastStream::new(rx).filter_map(move |item| {
        let out = match item {
            Ok(ev) if ev.concerns(env.as_deref(), &org_number) => Some(Ok(Event::default().event("changed").data(ev.environment))),
            Ok(_) => None,
            // Fell behind: say something changed, the browser refetches.
            Err(_) => Some(Ok(Event::default().event("changed").data("*"))),
        };
        async move { out }
    });
    Sse::new(ready.chain(changes)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response()
}

async fn who(state: &AppState, token: &str) -> Result<Option<String>, sqlx::Error> {
    let mut conn = state.pool.acquire().await?;
    let Some(user) = session::load(&mut conn, token).await? else { return Ok(None) };
    let Some(org_id) = user.org_id else { return Ok(None) };
    Ok(store::orgs::by_id(&mut conn, &org_id).await?.map(|o| o.org_number))
}
