//! List pages at scale: the server-function work behind "Integrasjoner", "Tilgjengelige
//! scopes", the catalogue and "Mine API", at 10,000 organisations and 100,000 integrations,
//! with 64 callers at once.
//!
//!   cargo run --release -p app --features ssr --example bench_lists
//!
//! Seeds a fresh SQLite database (and, with `BENCH_POSTGRES_URL` or `TEST_POSTGRES_URL`, a
//! fresh PostgreSQL database on that server) with:
//! * 10,000 organisations, each with 10 Maskinporten integrations in ver1 (100,000), each
//!   integration with 2 scopes and 1 key, every fifth with a certificate;
//! * every tenth organisation a provider with 2 scopes in ver1 (2,000 scopes, half PUBLIC);
//! * every organisation on the access list of 3 scopes (30,000 access rows).
//!
//! Then 64 callers, each a person of a different provider organisation, call each list
//! function `BENCH_CALLS` times (default 10) at the same time, and the p50/p99 latency of
//! each is printed per backend. `scripts/bench-lists.sh` starts a throwaway PostgreSQL.

use app::server::{config::Config, crypto, db, services, session, session::CurrentUser, store, AppState};
use sqlx::{AnyConnection, AnyPool, Connection, Executor};
use std::time::{Duration, Instant};

const ORGS: usize = 10_000;
const CLIENTS_PER_ORG: usize = 10;
const CALLERS: usize = 64;
const GOAL_P99_MS: f64 = 20.0;
const BATCH: usize = 500;

#[tokio::main]
async fn main() {
    sqlx::any::install_default_drivers();
    let calls: usize = std::env::var("BENCH_CALLS").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    let mut results = Vec::new();

    let dir = std::env::temp_dir().join(format!("selvbetjening-bench-lists-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite_url = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
    results.extend(run_backend("sqlite", &sqlite_url, calls).await);
    let _ = std::fs::remove_dir_all(&dir);

    match ["BENCH_POSTGRES_URL", "TEST_POSTGRES_URL"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty())) {
        Some(admin) => {
            let url = fresh_postgres_database(&admin).await;
            results.extend(run_backend("postgres", &url, calls).await);
        }
        None => eprintln!("BENCH_POSTGRES_URL / TEST_POSTGRES_URL not set: SQLite only"),
    }

    println!();
    println!("List pages at {ORGS} organisations / {} integrations, {CALLERS} concurrent callers, {calls} calls each", ORGS * CLIENTS_PER_ORG);
    println!("Goal: p99 ≤ {GOAL_P99_MS:.0} ms");
    println!();
    println!("{:<10} {:<36} {:>6} {:>9} {:>9} {:>9}  goal", "backend", "server function", "calls", "p50 ms", "p99 ms", "max ms");
    for r in &results {
        let (p50, p99, max) = (percentile(&r.samples, 0.50), percentile(&r.samples, 0.99), percentile(&r.samples, 1.0));
        let met = if p99 <= GOAL_P99_MS { "met" } else { "NOT met" };
        println!("{:<10} {:<36} {:>6} {:>9.2} {:>9.2} {:>9.2}  {met}", r.backend, r.page, r.samples.len(), p50, p99, max);
    }
}

struct Measured {
    backend: &'static str,
    page: &'static str,
    samples: Vec<Duration>,
}

fn percentile(samples: &[Duration], p: f64) -> f64 {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    if ms.is_empty() {
        return 0.0;
    }
    let i = ((ms.len() as f64 - 1.0) * p).round() as usize;
    ms[i]
}

async fn run_backend(backend: &'static str, url: &str, calls: usize) -> Vec<Measured> {
    let pool = db::connect(url).await.expect("connect");
    let t = Instant::now();
    seed(&pool).await;
    eprintln!("{backend}: seeded in {:.1} s", t.elapsed().as_secs_f64());
    let state = AppState::new(leptos::config::LeptosOptions::builder().output_name("selvbetjening").build(), pool.clone(), Config::for_tests(url));
    let callers = callers(&pool).await;

    let mut out = Vec::new();
    for page in ["clients::list (Integrasjoner)", "scopes::available", "scopes::catalogue", "scopes::list_own (Mine API)"] {
        let mut tasks = Vec::new();
        for user in callers.clone() {
            let state = state.clone();
            tasks.push(tokio::spawn(async move {
                let mut samples = Vec::with_capacity(calls);
                for _ in 0..calls {
                    let t = Instant::now();
                    let ok = match page {
                        "clients::list (Integrasjoner)" => {
                            services::clients::list(&state, &user, Some("ver1")).await.map(|v| assert_eq!(v.len(), CLIENTS_PER_ORG)).is_ok()
                        }
                        "scopes::available" => services::scopes::available(&state, &user, "ver1").await.map(|v| assert!(v.len() >= 3)).is_ok(),
                        "scopes::catalogue" => services::scopes::catalogue(&state, &user, "ver1").await.map(|v| assert!(!v.is_empty())).is_ok(),
                        _ => services::scopes::list_own(&state, &user, "ver1").await.map(|v| assert_eq!(v.len(), 2)).is_ok(),
                    };
                    assert!(ok, "{page} failed");
                    samples.push(t.elapsed());
                }
                samples
            }));
        }
        let mut samples = Vec::new();
        for t in tasks {
            samples.extend(t.await.expect("caller"));
        }
        out.push(Measured { backend, page, samples });
    }
    pool.close().await;
    out
}

/// A valid organisation number (mod-11) for `i`.
fn org_number(i: usize) -> String {
    const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];
    let mut base = 31_000_000 + i as u32 * 3;
    loop {
        let digits: Vec<u32> = format!("{base:08}").chars().map(|c| c.to_digit(10).unwrap()).collect();
        let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
        let check = (11 - sum % 11) % 11;
        if check != 10 {
            return format!("{base:08}{check}");
        }
        base += 1;
    }
}

fn client_id(org: usize, n: usize) -> String {
    format!("c{org:05}-{n:02}")
}

fn scope_id(provider: usize, n: usize) -> String {
    format!("s{provider:05}-{n}")
}

/// Runs `INSERT INTO table (columns) VALUES …` for `rows` in batches. The values are made
/// here from numbers (no user input), so they are written into the statement directly.
async fn insert_rows(conn: &mut AnyConnection, table: &str, columns: &str, rows: impl Iterator<Item = String>) {
    let rows: Vec<String> = rows.collect();
    for chunk in rows.chunks(BATCH) {
        let sql = format!("INSERT INTO {table} ({columns}) VALUES {}", chunk.join(", "));
        conn.execute(sql.as_str()).await.unwrap_or_else(|e| panic!("insert into {table}: {e}"));
    }
}

async fn seed(pool: &AnyPool) {
    let mut tx = pool.begin().await.unwrap();
    let now = app::server::now();
    insert_rows(
        &mut tx,
        "organizations",
        "id, org_number, name, stricter_access, created_at",
        (0..ORGS).map(|i| format!("('o{i:05}', '{}', 'Virksomhet {i}', 0, {now})", org_number(i))),
    )
    .await;
    let providers: Vec<usize> = (0..ORGS).step_by(10).collect();
    insert_rows(
        &mut tx,
        "scopes",
        "id, org_id, environment, prefix, subscope, name, description, long_description, visibility, accessible_for_all, integration_types, at_max_age, delegable, active, created_at, updated_at",
        providers.iter().flat_map(|&p| {
            (0..2).map(move |n| {
                let visibility = if n == 0 { "PUBLIC" } else { "PRIVATE" };
                format!("('{}', 'o{p:05}', 'ver1', 'p{p}', 'api/data{n}', 'p{p}:api/data{n}', 'Data {n}', '', '{visibility}', 0, 'maskinporten', 120, 0, 1, {now}, {now})", scope_id(p, n))
            })
        }),
    )
    .await;
    // Every organisation may use 3 scopes of 3 different providers.
    let shared = |i: usize| -> [String; 3] {
        [scope_id(providers[i % providers.len()], 0), scope_id(providers[(i + 7) % providers.len()], 1), scope_id(providers[(i + 13) % providers.len()], 0)]
    };
    insert_rows(
        &mut tx,
        "scope_access",
        "id, scope_id, consumer_org_number, added_at",
        (0..ORGS).flat_map(|i| shared(i).into_iter().enumerate().map(move |(k, s)| format!("('a{i:05}-{k}', '{s}', '{}', {now})", org_number(i)))),
    )
    .await;
    insert_rows(
        &mut tx,
        "clients",
        "id, org_id, environment, integration_type, name, description, active, created_at, updated_at",
        (0..ORGS).flat_map(|i| {
            (0..CLIENTS_PER_ORG)
                .map(move |n| format!("('{}', 'o{i:05}', 'ver1', 'maskinporten', 'Integrasjon {n}', 'Henter data', 1, {now}, {now})", client_id(i, n)))
        }),
    )
    .await;
    insert_rows(
        &mut tx,
        "client_scopes",
        "client_id, scope_id, added_at",
        (0..ORGS)
            .flat_map(|i| (0..CLIENTS_PER_ORG).flat_map(move |n| shared(i).into_iter().take(2).map(move |s| format!("('{}', '{s}', {now})", client_id(i, n))))),
    )
    .await;
    let expires = now + 365 * 24 * 3600;
    insert_rows(
        &mut tx,
        "client_keys",
        "client_id, kid, thumbprint, jwk, created_at, expires_at",
        (0..ORGS).flat_map(|i| (0..CLIENTS_PER_ORG).map(move |n| format!("('{}', 'key-{n}', 'tp-{i}-{n}', '{{}}', {now}, {expires})", client_id(i, n)))),
    )
    .await;
    insert_rows(
        &mut tx,
        "client_certificates",
        "client_id, pem, subject, issuer, serial, not_before, not_after, org_number, created_at",
        (0..ORGS).flat_map(|i| {
            (0..CLIENTS_PER_ORG)
                .step_by(5)
                .map(move |n| format!("('{}', '', 'CN=x', 'CN=ca', '01', {now}, {expires}, '{}', {now})", client_id(i, n), org_number(i)))
        }),
    )
    .await;
    tx.commit().await.unwrap();
    // Fresh statistics, as a database in use would have.
    pool.execute("ANALYZE").await.unwrap();
}

/// One person in each of the first 64 provider organisations, logged in.
async fn callers(pool: &AnyPool) -> Vec<CurrentUser> {
    let mut conn = pool.acquire().await.unwrap();
    let mut out = Vec::new();
    for k in 0..CALLERS {
        let org = format!("o{:05}", k * 10);
        let email = format!("person{k}@bench.test");
        let id = store::users::insert(
            &mut conn,
            store::users::NewUser { org_id: Some(&org), email: &email, name: "Benk Person", password_hash: "x", confirmed: true, is_operator: false },
        )
        .await
        .unwrap();
        let token = crypto::random_token();
        store::sessions::create(&mut conn, &crypto::token_hash(&token), &id).await.unwrap();
        out.push(session::load(&mut conn, &token).await.unwrap().expect("session"));
    }
    out
}

async fn fresh_postgres_database(admin_url: &str) -> String {
    let name = format!("bench_lists_{}", std::process::id());
    let mut admin = AnyConnection::connect(admin_url).await.expect("connect BENCH_POSTGRES_URL");
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create database");
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(admin_url);
    format!("{base}/{name}")
}
