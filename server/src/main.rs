//! The Selvbetjening server: reads configuration, connects and migrates the database,
//! seeds, and serves the router. Everything else lives in `app::server`.

use app::server::{config::Config, router};
use leptos::config::get_configuration;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into())).init();
    let conf = get_configuration(None).expect("Leptos configuration (LEPTOS_* variables or Cargo.toml metadata)");
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
