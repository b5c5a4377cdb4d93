//! The Selvbetjening server: reads configuration, connects and migrates the database,
//! seeds, and serves the router. Everything else lives in `app::server`.

use app::server::{config::Config, router};
use leptos::config::get_configuration;

#[tokio::main]
async fn main() {
    keep_large_blocks_out_of_malloc_arenas();
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into())).init();
    let mut conf = get_configuration(None).expect("Leptos configuration (LEPTOS_* variables or Cargo.toml metadata)");
    // `cargo leptos serve` says whether the site's file names carry hashes; a binary
    // started directly (tests, benchmarks, a service unit) finds out from the hash file the
    // build leaves next to it.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        let beside_exe = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join(conf.leptos_options.hash_file.as_ref())));
        conf.leptos_options.hash_files = beside_exe.is_some_and(|file| file.is_file());
    }
    let addr = conf.leptos_options.site_addr;
    let config = Config::from_env(&addr.to_string()).unwrap_or_else(|e| {
        eprintln!("configuration error: {e}");
        std::process::exit(2)
    });
    tracing::info!(mode = ?config.mode, database = %redact(&config.database_url), "starting Selvbetjening");
    let state = router::build_state(conf.leptos_options, config).await.unwrap_or_else(|e| {
        eprintln!("database error: {e}");
        std::process::exit(1)
    });
    let app = router::router(state);
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind LEPTOS_SITE_ADDR");
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.expect("server");
}

/// The database URL without its password, for the log.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***{}", &url[..s], &url[at..]),
        _ => url.to_string(),
    }
}

/// glibc raises its mmap threshold to the size of any large block freed, so after the first
/// login every Argon2 working area (19 MiB) is carved from a malloc arena instead, and each
/// arena keeps its high-water mark: a burst of 120 logins, six at a time, left the server at
/// 700 MB (scripts/bench-load.sh). A fixed threshold (glibc's default, 128 KiB) turns the
/// adjustment off: large blocks are mmap'd and returned to the system when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_large_blocks_out_of_malloc_arenas() {
    const M_MMAP_THRESHOLD: i32 = -3; // <malloc.h>
    extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    // SAFETY: mallopt only sets an allocator parameter, under the allocator's own lock.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_large_blocks_out_of_malloc_arenas() {}
