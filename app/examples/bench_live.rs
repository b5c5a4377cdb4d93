//! Live-update latency: from a change of a scope's access list (through the services) to
//! the `changed` event arriving at a browser's SSE connection, over a real socket.
//!
//!   cargo run --release -p app --features ssr --example bench_live
//!
//! Always runs on a fresh SQLite database (one instance: in-process fan-out). With
//! `BENCH_POSTGRES_URL` or `TEST_POSTGRES_URL` (an admin URL; a fresh database is created
//! on that server) it also runs PostgreSQL with two instances on one database: the change
//! goes through instance A, the SSE client is connected to instance B, so every event
//! travels NOTIFY → B's LISTEN → B's subscribers. `scripts/bench-live.sh` starts a
//! throwaway PostgreSQL when none is given. `BENCH_ITERATIONS` overrides the 250 rounds.

use app::contract::scopes::ScopeInput;
use app::server::{config::Config, crypto, db, router, services, session::CurrentUser, store, AppState};
use sqlx::{AnyConnection, Connection, Executor};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const GOAL_P95_MS: f64 = 100.0;
const PROVIDER: &str = "310000019";
const CONSUMER: &str = "310000027";
const TIMEOUT: Duration = Duration::from_secs(5);

struct Row {
    backend: String,
    samples: Vec<Duration>,
}

#[tokio::main]
async fn main() {
    sqlx::any::install_default_drivers();
    let n: usize = std::env::var("BENCH_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(250);
    let mut rows = Vec::new();

    let dir = std::env::temp_dir().join(format!("selvbetjening-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite_url = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
    let state = instance(&sqlite_url, false).await;
    rows.push(Row { backend: "sqlite (1 instance)".into(), samples: run(&state, &state, n).await });
    let _ = std::fs::remove_dir_all(&dir);

    let pg_admin = ["BENCH_POSTGRES_URL", "TEST_POSTGRES_URL"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    match pg_admin {
        Some(admin) => {
            let url = fresh_postgres_database(&admin).await;
            let a = instance(&url, true).await;
            let b = instance(&url, true).await;
            rows.push(Row { backend: "postgres (A → B)".into(), samples: run(&a, &b, n).await });
        }
        None => eprintln!("BENCH_POSTGRES_URL / TEST_POSTGRES_URL not set: SQLite only"),
    }

    println!();
    println!("Live update latency: access change (service call) → `event: changed` on the SSE stream");
    println!("Goal: p95 ≤ {GOAL_P95_MS:.0} ms");
    println!();
    println!("{:<22} {:>5} {:>9} {:>9} {:>9}  goal", "backend", "n", "p50 ms", "p95 ms", "max ms");
    let mut all_met = true;
    for r in &rows {
        let mut v: Vec<f64> = r.samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let p95 = percentile(&v, 95.0);
        let met = p95 <= GOAL_P95_MS;
        all_met &= met;
        println!(
            "{:<22} {:>5} {:>9.2} {:>9.2} {:>9.2}  {}",
            r.backend,
            v.len(),
            percentile(&v, 50.0),
            p95,
            v.last().copied().unwrap_or(0.0),
            if met { "met" } else { "NOT MET" }
        );
    }
    println!();
    println!("{}", if all_met { "All backends meet the goal." } else { "Goal NOT met." });
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

async fn instance(url: &str, postgres: bool) -> AppState {
    let pool = db::connect(url).await.expect("database");
    let options = leptos::config::LeptosOptions::builder().output_name("selvbetjening").build();
    let state = AppState::new(options, pool, Config::for_tests(url));
    if postgres {
        state.live.listen_postgres(url).await.expect("LISTEN");
    }
    state
}

async fn fresh_postgres_database(admin_url: &str) -> String {
    let name = format!("bench_{}", crypto::random_token().chars().filter(|c| c.is_ascii_alphanumeric()).take(16).collect::<String>().to_lowercase());
    let mut admin = AnyConnection::connect(admin_url).await.expect("connect to the PostgreSQL admin URL");
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create database");
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin_url);
    format!("{base}/{name}")
}

/// Sets up on `writer`'s database, connects the SSE client to `reader`'s socket, and
/// measures `n` access toggles made through `writer`.
async fn run(writer: &AppState, reader: &AppState, n: usize) -> Vec<Duration> {
    let (provider, consumer_token, scope_id) = setup(writer).await;
    let addr = serve(reader.clone()).await;
    let mut sse = Sse::open(addr, &consumer_token).await;
    sse.read_until("event: ready").await;

    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let t0 = Instant::now();
        if i % 2 == 0 {
            services::scopes::add_access(writer, &provider, &scope_id, CONSUMER).await.expect("add access");
        } else {
            services::scopes::remove_access(writer, &provider, &scope_id, CONSUMER).await.expect("remove access");
        }
        sse.read_until("event: changed").await;
        samples.push(t0.elapsed());
    }
    samples
}

async fn setup(state: &AppState) -> (CurrentUser, String, String) {
    let mut c = state.pool.acquire().await.unwrap();
    let provider_org = store::orgs::insert(&mut c, PROVIDER, "Tilbyder AS", None).await.unwrap();
    let consumer_org = store::orgs::insert(&mut c, CONSUMER, "Konsument AS", None).await.unwrap();
    store::prefixes::assign(&mut c, &provider_org.id, "ver1", "bench", None).await.unwrap();
    let user = |org_id: String, email: &'static str, name: &'static str| async move {
        let mut c = state.pool.acquire().await.unwrap();
        let id =
            store::users::insert(&mut c, store::users::NewUser { org_id: Some(&org_id), email, name, password_hash: "x", confirmed: true, is_operator: false })
                .await
                .unwrap();
        let token = crypto::random_token();
        store::sessions::create(&mut c, &crypto::token_hash(&token), &id).await.unwrap();
        let user = app::server::session::load(&mut c, &token).await.unwrap().expect("session");
        (user, token)
    };
    drop(c);
    let (provider, _) = user(provider_org.id.clone(), "kari@tilbyder.test", "Kari Tilbyder").await;
    let (_, consumer_token) = user(consumer_org.id.clone(), "bob@konsument.test", "Bob Konsument").await;
    let input = ScopeInput { prefix: "bench".into(), subscope: "api/data.read".into(), description: "Benchmark".into(), ..ScopeInput::default() };
    let scope_id = services::scopes::create(state, &provider, "ver1", input.parse().expect("valid scope")).await.expect("create scope");
    (provider, consumer_token, scope_id)
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

/// A raw HTTP/1.1 client on `GET /events?env=ver1`.
struct Sse {
    stream: TcpStream,
    seen: Vec<u8>,
}

impl Sse {
    async fn open(addr: SocketAddr, token: &str) -> Self {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.set_nodelay(true).unwrap();
        let req = format!("GET /events?env=ver1 HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\nCookie: sb_session={token}\r\n\r\n");
        stream.write_all(req.as_bytes()).await.unwrap();
        Self { stream, seen: Vec::new() }
    }

    async fn read_until(&mut self, needle: &str) {
        let deadline = tokio::time::Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.seen.windows(needle.len()).position(|w| w == needle.as_bytes()) {
                self.seen.drain(..i + needle.len());
                return;
            }
            let mut buf = [0u8; 4096];
            match tokio::time::timeout_at(deadline, self.stream.read(&mut buf)).await {
                Ok(Ok(0)) => panic!("SSE connection closed; got {:?}", String::from_utf8_lossy(&self.seen)),
                Ok(Ok(k)) => self.seen.extend_from_slice(&buf[..k]),
                Ok(Err(e)) => panic!("SSE read failed: {e}"),
                Err(_) => panic!("no {needle:?} within {TIMEOUT:?}; got {:?}", String::from_utf8_lossy(&self.seen)),
            }
        }
    }
}
