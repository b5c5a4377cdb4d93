//! Live updates: when a scope or its access list changes, every open browser that cares is
//! told within a second, without reloading.
//!
//! Services `publish` a [`LiveEvent`] after their transaction commits. With SQLite the hub
//! fans out in-process (one server). With PostgreSQL it sends `NOTIFY` instead and every
//! instance's listener (`LISTEN`) fans out to its own subscribers, so several servers on
//! one database stay in step. Browsers subscribe at `GET /events?env=…` (server-sent events)
//! and are told only *that* something concerning their organisation changed, never what:
//! they refetch through the usual authorised server functions, so nothing leaks.
//!
//! A stream lives no longer than its session: it is re-checked every `recheck` interval
//! against the database (so a logout on another instance counts too) and ends at logout,
//! expiry or any change of the person's rights. One session holds at most
//! [`MAX_STREAMS_PER_SESSION`] streams at a time; more are refused with 429.

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
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
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
    /// A change to the organisation as a whole (rights, merkantile data): no environment's
    /// lists change, but its "Endringslogg" does (it listens to every environment).
    pub fn org_wide(org_number: &str) -> Self {
        LiveEvent { environment: String::new(), org_numbers: vec![org_number.to_string()], everyone: false }
    }

    pub fn concerns(&self, environment: Option<&str>, org_number: &str) -> bool {
        environment.is_none_or(|e| e == self.environment) && (self.everyone || self.org_numbers.iter().any(|n| n == org_number))
    }
}

/// Open streams one session may hold (a few tabs); more get 429.
pub const MAX_STREAMS_PER_SESSION: usize = 8;

/// How often an open stream re-checks its session by default.
pub const RECHECK: Duration = Duration::from_secs(5);

pub struct LiveHub {
    local: broadcast::Sender<LiveEvent>,
    via_postgres: AtomicBool,
    /// Counts the changes this instance has published or heard of; caches of registrations
    /// (the token endpoint's) are good only while it stands still.
    generation: AtomicU64,
    /// Open streams per session (by the session's stored hash).
    streams: Mutex<HashMap<String, usize>>,
    recheck: Duration,
}

impl Default for LiveHub {
    fn default() -> Self {
        Self::with_recheck(RECHECK)
    }
}

/// One open stream of a session; gives its place back when the stream is dropped.
struct StreamSlot {
    hub: Arc<LiveHub>,
    session_hash: String,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut streams = self.hub.streams.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = streams.get_mut(&self.session_hash) {
            *n -= 1;
            if *n == 0 {
                streams.remove(&self.session_hash);
            }
        }
    }
}

impl LiveHub {
    /// A hub whose streams re-check their session every `recheck` (tests use a short one).
    pub fn with_recheck(recheck: Duration) -> Self {
        Self { local: broadcast::channel(1024).0, via_postgres: AtomicBool::new(false), generation: AtomicU64::new(0), streams: Mutex::default(), recheck }
    }

    /// A place for one more stream of this session, or `None` when it has its maximum.
    fn open_stream(self: &Arc<Self>, session_hash: &str) -> Option<StreamSlot> {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        let n = streams.entry(session_hash.to_string()).or_insert(0);
        if *n >= MAX_STREAMS_PER_SESSION {
            return None;
        }
        *n += 1;
        Some(StreamSlot { hub: self.clone(), session_hash: session_hash.to_string() })
    }

    /// How many changes this instance knows of: bumped at once by `publish` here, and when
    /// another instance's notification arrives.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Something changed that no event describes (tests that write the database directly).
    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.local.subscribe()
    }

    /// Tells every subscriber, on this instance or (PostgreSQL) on every instance. Call it
    /// after the change has committed. A failure is logged: the change itself stands, and
    /// browsers catch up on their next reconnect.
    pub async fn publish(&self, pool: &AnyPool, event: LiveEvent) {
        // Before anything else, so this instance's next read sees the change.
        self.bump();
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
                            hub.bump();
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
    let (user, audience) = match who(&state, &token).await {
        Ok(Some(found)) => found,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "events: loading the session failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let Some(slot) = state.live.open_stream(&user.session_hash) else {
        return (StatusCode::TOO_MANY_REQUESTS, "For mange åpne oppdateringsstrømmer for denne økten.").into_response();
    };
    let env = q.env.filter(|e| !e.is_empty());
    let rx = state.live.subscribe();
    let ready = stream::once(async { Ok::<_, Infallible>(Event::default().event("ready").data("ok")) });
    let changes = tokio_stream::wrappers::BroadcastStream::new(rx).filter_map(move |item| {
        let out = match item {
            Ok(ev) if audience.hears(&ev, env.as_deref()) => Some(Ok(Event::default().event("changed").data(ev.environment))),
            Ok(_) => None,
            // Fell behind: say something changed, the browser refetches.
            Err(_) => Some(Ok(Event::default().event("changed").data("*"))),
        };
        async move { out }
    });
    let ended = session_ended(state.clone(), token, user, slot);
    Sse::new(ready.chain(changes).take_until(Box::pin(ended))).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response()
}

/// Resolves when the session behind a stream has ended, expired or changed its rights,
/// checked every `recheck`. Holds the stream's slot, so the slot is freed with the stream.
async fn session_ended(state: AppState, token: String, at_start: session::CurrentUser, _slot: StreamSlot) {
    loop {
        tokio::time::sleep(state.live.recheck).await;
        match state.pool.acquire().await {
            Ok(mut conn) => match session::load(&mut conn, &token).await {
                Ok(Some(now)) if now.user_id == at_start.user_id && now.org_id == at_start.org_id && now.rights == at_start.rights => {}
                Ok(_) => return,
                // A database hiccup is no reason to cut browsers off: check again later.
                Err(e) => tracing::warn!(error = %e, "events: re-checking the session failed"),
            },
            Err(e) => tracing::warn!(error = %e, "events: no connection to re-check the session"),
        }
    }
}

/// Whose changes a stream hears of.
enum Audience {
    /// The person's organisation.
    Org(String),
    /// The operator, whose "Endringslogg" lists every organisation's changes. The events
    /// say only which environment changed, never what or whose.
    Everyone,
}

impl Audience {
    fn hears(&self, ev: &LiveEvent, environment: Option<&str>) -> bool {
        match self {
            Audience::Org(org_number) => ev.concerns(environment, org_number),
            Audience::Everyone => environment.is_none_or(|e| e == ev.environment),
        }
    }
}

async fn who(state: &AppState, token: &str) -> Result<Option<(session::CurrentUser, Audience)>, sqlx::Error> {
    let mut conn = state.pool.acquire().await?;
    let Some(user) = session::load(&mut conn, token).await? else { return Ok(None) };
    if user.is_operator {
        return Ok(Some((user, Audience::Everyone)));
    }
    let Some(org_id) = user.org_id.clone() else { return Ok(None) };
    Ok(store::orgs::by_id(&mut conn, &org_id).await?.map(|o| (user, Audience::Org(o.org_number))))
}
