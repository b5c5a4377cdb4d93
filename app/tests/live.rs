//! Live updates: the in-process hub, the SSE endpoint on a real socket, and (PostgreSQL)
//! LISTEN/NOTIFY between two server instances on one database.
#![cfg(feature = "ssr")]

mod common;

use app::contract::scopes::ScopeInput;
use app::server::live::LiveEvent;
use app::server::services::scopes;
use app::server::{config::Config, router, session::CurrentUser, store, AppState};
use sqlx::AnyPool;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast;
use tokio::time::{timeout, Instant};

const PROVIDER: &str = "310000019";
const CONSUMER: &str = "310000027";
const UNRELATED: &str = "310000035";
const WAIT: Duration = Duration::from_secs(2);

struct Setup {
    provider: CurrentUser,
    consumer_token: String,
    unrelated_token: String,
    scope_id: String,
}

/// Provider with a PRIVATE scope in ver1, a consumer organisation (not yet on its access
/// list) and an unrelated organisation, each with a logged-in person.
async fn setup(state: &AppState, pool: &AnyPool) -> Setup {
    let a = common::org(pool, PROVIDER, "Tilbyder AS", "tilbyder.test").await;
    let b = common::org(pool, CONSUMER, "Konsument AS", "konsument.test").await;
    let c = common::org(pool, UNRELATED, "Uvedkommende AS", "uvedkommende.test").await;
    let mut conn = pool.acquire().await.unwrap();
    store::prefixes::assign(&mut conn, &a.id, "ver1", "tilbyder", None).await.unwrap();
    drop(conn);
    let (provider, _) = common::person(pool, &a, "kari@tilbyder.test", "Kari Tilbyder", &[]).await;
    let (_, consumer_token) = common::person(pool, &b, "bob@konsument.test", "Bob Konsument", &[]).await;
    let (_, unrelated_token) = common::person(pool, &c, "carl@uvedkommende.test", "Carl Uvedkommende", &[]).await;
    let input = ScopeInput { prefix: "tilbyder".into(), subscope: "api/data.read".into(), description: "Lese data".into(), ..ScopeInput::default() };
    let scope_id = common::submit(input.parse(), |c| scopes::create(state, &provider, "ver1", c)).await.unwrap();
    Setup { provider, consumer_token, unrelated_token, scope_id }
}

async fn next_event(rx: &mut broadcast::Receiver<LiveEvent>) -> LiveEvent {
    timeout(WAIT, rx.recv()).await.expect("a live event within 2 s").expect("hub open")
}

common::per_backend! {
    async fn services_publish_events_for_the_organisations_concerned(db, pool) {
        let state = common::state(&pool);
        let s = setup(&state, &pool).await;
        let mut rx = state.live.subscribe();

        scopes::add_access(&state, &s.provider, &s.scope_id, CONSUMER).await.unwrap();
        let ev = next_event(&mut rx).await;
        assert_eq!(ev.environment, "ver1", "{db}");
        assert!(!ev.everyone, "{db}");
        for (env, who) in [(Some("ver1"), CONSUMER), (Some("ver1"), PROVIDER), (None, CONSUMER)] {
            assert!(ev.concerns(env, who), "{db}: {env:?} {who}: {ev:?}");
        }
        assert!(!ev.concerns(Some("ver1"), UNRELATED), "{db}: {ev:?}");
        assert!(!ev.concerns(Some("ver2"), CONSUMER), "{db}: other environment: {ev:?}");

        // The organisation being removed hears of its removal.
        scopes::remove_access(&state, &s.provider, &s.scope_id, CONSUMER).await.unwrap();
        let ev = next_event(&mut rx).await;
        assert!(ev.concerns(Some("ver1"), CONSUMER) && ev.concerns(Some("ver1"), PROVIDER) && !ev.concerns(Some("ver1"), UNRELATED), "{db}: {ev:?}");

        // A refused change publishes nothing.
        assert!(scopes::add_access(&state, &s.provider, &s.scope_id, "310000028").await.is_err());
        assert!(matches!(rx.try_recv(), Err(broadcast::error::TryRecvError::Empty)), "{db}");

        // Accessible for all concerns everyone, and so does the change that ends it.
        let all = ScopeInput { prefix: "x".into(), subscope: "x".into(), description: "Lese data".into(), accessible_for_all: true, ..ScopeInput::default() };
        common::submit(all.parse_settings(), |c| scopes::update(&state, &s.provider, &s.scope_id, c)).await.unwrap();
        assert!(next_event(&mut rx).await.concerns(Some("ver1"), UNRELATED), "{db}");
        common::submit(ScopeInput { accessible_for_all: false, ..all }.parse_settings(), |c| scopes::update(&state, &s.provider, &s.scope_id, c))
            .await
            .unwrap();
        assert!(next_event(&mut rx).await.concerns(Some("ver1"), UNRELATED), "{db}");
        scopes::set_active(&state, &s.provider, &s.scope_id, false).await.unwrap();
        let ev = next_event(&mut rx).await;
        assert!(ev.concerns(Some("ver1"), PROVIDER) && !ev.concerns(Some("ver1"), UNRELATED), "{db}: {ev:?}");
    }
}

/// A raw HTTP/1.1 client for one server-sent event stream.
struct SseClient {
    stream: TcpStream,
    seen: Vec<u8>,
}

impl SseClient {
    async fn open(addr: SocketAddr, path: &str, token: Option<&str>) -> Self {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let cookie = token.map(|t| format!("Cookie: sb_session={t}\r\n")).unwrap_or_default();
        let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n{cookie}\r\n");
        stream.write_all(req.as_bytes()).await.unwrap();
        Self { stream, seen: Vec::new() }
    }

    /// Reads until `needle` has arrived (consuming everything up to and including it), or
    /// fails after `within`.
    async fn read_until(&mut self, needle: &str, within: Duration) -> Result<(), String> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(i) = find(&self.seen, needle.as_bytes()) {
                self.seen.drain(..i + needle.len());
                return Ok(());
            }
            let mut buf = [0u8; 4096];
            match tokio::time::timeout_at(deadline, self.stream.read(&mut buf)).await {
                Err(_) => return Err(format!("no {needle:?} within {within:?}; got {:?}", String::from_utf8_lossy(&self.seen))),
                Ok(Ok(0)) => return Err(format!("connection closed before {needle:?}; got {:?}", String::from_utf8_lossy(&self.seen))),
                Ok(Ok(n)) => self.seen.extend_from_slice(&buf[..n]),
                Ok(Err(e)) => return Err(format!("read failed: {e}")),
            }
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

async fn serve(state: AppState) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router::router(state);
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    addr
}

common::per_backend! {
    async fn browsers_are_told_over_server_sent_events(db, pool) {
        let state = common::state(&pool);
        let s = setup(&state, &pool).await;
        let addr = serve(state.clone()).await;

        // Without a session, or with a dead one: 401.
        for token in [None, Some("ikke-en-sesjon")] {
            let mut anon = SseClient::open(addr, "/events?env=ver1", token).await;
            anon.read_until("HTTP/1.1 401", WAIT).await.unwrap_or_else(|e| panic!("{db}: {token:?}: {e}"));
        }

        let mut consumer = SseClient::open(addr, "/events?env=ver1", Some(&s.consumer_token)).await;
        consumer.read_until("HTTP/1.1 200", WAIT).await.unwrap_or_else(|e| panic!("{db}: {e}"));
        consumer.read_until("text/event-stream", WAIT).await.unwrap_or_else(|e| panic!("{db}: {e}"));
        consumer.read_until("event: ready", WAIT).await.unwrap_or_else(|e| panic!("{db}: {e}"));
        let mut unrelated = SseClient::open(addr, "/events?env=ver1", Some(&s.unrelated_token)).await;
        unrelated.read_until("event: ready", WAIT).await.unwrap_or_else(|e| panic!("{db}: {e}"));
        let mut other_env = SseClient::open(addr, "/events?env=ver2", Some(&s.consumer_token)).await;
        other_env.read_until("event: ready", WAIT).await.unwrap_or_else(|e| panic!("{db}: {e}"));
        // The operator's "Endringslogg" lists every organisation: its stream hears every change.
        let digdir = common::org(&pool, "991825827", "Digitaliseringsdirektoratet", "digdir.no").await;
        let (_, operator_token) = common::operator(&pool, &digdir).await;
        let mut operator = SseClient::open(addr, "/events", Some(&operator_token)).await;
        operator.read_until("event: ready", WAIT).await.unwrap_or_else(|e| panic!("{db}: {e}"));

        let t0 = Instant::now();
        scopes::add_access(&state, &s.provider, &s.scope_id, CONSUMER).await.unwrap();
        consumer.read_until("event: changed", WAIT).await.unwrap_or_else(|e| panic!("{db}: {e}"));
        consumer.read_until("data: ver1", WAIT).await.unwrap_or_else(|e| panic!("{db}: {e}"));
        operator.read_until("event: changed", WAIT).await.unwrap_or_else(|e| panic!("{db}: operator: {e}"));
        eprintln!("{db}: change to SSE event in {:?}", t0.elapsed());

        // Removal: told too.
        scopes::remove_access(&state, &s.provider, &s.scope_id, CONSUMER).await.unwrap();
        consumer.read_until("event: changed", WAIT).await.unwrap_or_else(|e| panic!("{db}: {e}"));

        // Neither an unrelated organisation nor a stream for another environment heard anything.
        assert!(unrelated.read_until("event: changed", Duration::from_millis(300)).await.is_err(), "{db}: unrelated org was told");
        assert!(other_env.read_until("event: changed", Duration::from_millis(100)).await.is_err(), "{db}: ver2 stream was told");
    }
}

common::per_backend! {
    /// A stream ends with its session: at logout and when the person's rights change; and
    /// one session cannot hold more than its share of streams.
    async fn streams_end_with_their_session_and_are_capped(db, pool) {
        let mut state = common::state(&pool);
        state.live = std::sync::Arc::new(app::server::live::LiveHub::with_recheck(Duration::from_millis(100)));
        let s = setup(&state, &pool).await;
        let addr = serve(state.clone()).await;
        // The end of a chunked response body: the stream is over.
        const END: &str = "\r\n0\r\n\r\n";

        let mut first = SseClient::open(addr, "/events?env=ver1", Some(&s.consumer_token)).await;
        first.read_until("event: ready", WAIT).await.unwrap_or_else(|e| panic!("{db}: {e}"));
        app::server::services::accounts::logout(&state, &s.consumer_token).await.unwrap();
        first.read_until(END, WAIT).await.unwrap_or_else(|e| panic!("{db}: the stream outlived its session: {e}"));

        let user_id = s.provider.user_id.clone();
        let (_, token) = common::login_as(&pool, &user_id).await;
        let mut streams = Vec::new();
        for _ in 0..app::server::live::MAX_STREAMS_PER_SESSION {
            let mut c = SseClient::open(addr, "/events?env=ver1", Some(&token)).await;
            c.read_until("event: ready", WAIT).await.unwrap_or_else(|e| panic!("{db}: {e}"));
            streams.push(c);
        }
        let mut extra = SseClient::open(addr, "/events?env=ver1", Some(&token)).await;
        extra.read_until("HTTP/1.1 429", WAIT).await.unwrap_or_else(|e| panic!("{db}: {e}"));
        // Another session of the same person is not affected by this one's share.
        let (_, other) = common::login_as(&pool, &user_id).await;
        SseClient::open(addr, "/events?env=ver1", Some(&other)).await.read_until("event: ready", WAIT).await.unwrap_or_else(|e| panic!("{db}: {e}"));

        // A change of rights ends every stream of the person; their places are given back.
        let mut conn = pool.acquire().await.unwrap();
        let org_id = s.provider.org_id.clone().unwrap();
        store::rights::grant(&mut conn, &user_id, &org_id, app::domain::Right::ManageApis, None).await.unwrap();
        drop(conn);
        for c in &mut streams {
            c.read_until(END, WAIT).await.unwrap_or_else(|e| panic!("{db}: the stream outlived a rights change: {e}"));
        }
        drop(streams);
        tokio::time::sleep(Duration::from_millis(50)).await;
        let mut again = SseClient::open(addr, "/events?env=ver1", Some(&token)).await;
        again.read_until("event: ready", WAIT).await.unwrap_or_else(|e| panic!("{db}: places not given back: {e}"));
    }
}

#[tokio::test]
async fn postgres_instances_tell_each_other() {
    let Some(url) = common::fresh_postgres_url().await else { return };
    let instance = |url: String| async move {
        let pool = app::server::db::connect(&url).await.expect("postgres");
        let state = AppState::new(common::leptos_options(), pool, Config::for_tests(&url));
        state.live.listen_postgres(&url).await.expect("LISTEN");
        state
    };
    let a = instance(url.clone()).await;
    let b = instance(url.clone()).await;
    let mut rx_a = a.live.subscribe();
    let mut rx_b = b.live.subscribe();
    let s = setup(&a, &a.pool).await;
    // Creating the scope went round through PostgreSQL too: to its owner only.
    for rx in [&mut rx_a, &mut rx_b] {
        let created = next_event(rx).await;
        assert!(created.concerns(Some("ver1"), PROVIDER) && !created.concerns(Some("ver1"), CONSUMER), "{created:?}");
    }

    let t0 = Instant::now();
    scopes::add_access(&a, &s.provider, &s.scope_id, CONSUMER).await.unwrap();
    let ev = next_event(&mut rx_b).await;
    eprintln!("postgres: instance A to instance B in {:?}", t0.elapsed());
    assert!(ev.concerns(Some("ver1"), CONSUMER) && ev.concerns(Some("ver1"), PROVIDER), "{ev:?}");
    assert!(!ev.concerns(Some("ver1"), UNRELATED), "{ev:?}");
    // Exactly once on each instance, A's own subscribers included (through its listener).
    assert_eq!(next_event(&mut rx_a).await, ev);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(matches!(rx_b.try_recv(), Err(broadcast::error::TryRecvError::Empty)), "delivered twice on B");
    assert!(matches!(rx_a.try_recv(), Err(broadcast::error::TryRecvError::Empty)), "delivered twice on A");

    // And the other way round, through B's SSE endpoint.
    let addr = serve(b.clone()).await;
    let mut consumer = SseClient::open(addr, "/events?env=ver1", Some(&s.consumer_token)).await;
    consumer.read_until("event: ready", WAIT).await.unwrap();
    scopes::remove_access(&a, &s.provider, &s.scope_id, CONSUMER).await.unwrap();
    consumer.read_until("event: changed", WAIT).await.unwrap();
    consumer.read_until("data: ver1", WAIT).await.unwrap();
}
