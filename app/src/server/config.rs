//! Configuration from environment variables (documented in the README).

use crate::domain::{Email, Environment};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Seeds demo data and serves the mailbox page at `/dev/mailbox`.
    Development,
    /// Never seeds demo data, never serves the mailbox.
    Production,
}

/// Twenty a second: far above what an integration that caches its token needs.
pub const DEFAULT_TOKEN_GRANTS_PER_MINUTE: u32 = 1200;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub mode: Mode,
    /// Base URL for links in e-mails, e.g. `https://selvbetjening.example.no`.
    pub public_url: String,
    pub environments: Vec<Environment>,
    pub operator_email: Option<Email>,
    pub operator_password: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Operator work and changes of rights need the second factor (`ADMIN_STEP_UP`; on by
    /// default in production mode, off in development mode so the demo needs no app).
    pub admin_step_up: bool,
    /// Token grants per integration per minute (`TOKEN_GRANTS_PER_MINUTE`, default 1200).
    pub token_grants_per_minute: u32,
}

impl Config {
    /// Reads the process environment. `site_addr` is Leptos's `LEPTOS_SITE_ADDR`.
    pub fn from_env(site_addr: &str) -> Result<Config, String> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let mode = match var("SELVBETJENING_MODE").as_deref() {
            None | Some("production") => Mode::Production,
            Some("development") => Mode::Development,
            Some(other) => return Err(format!("SELVBETJENING_MODE must be development or production, not {other}")),
        };
        let environments = Environment::parse_list(
            &var("ENVIRONMENTS").unwrap_or_else(|| "ver1,ver2,prod".into()),
            &var("PRODUCTION_ENVIRONMENTS").unwrap_or_else(|| "prod".into()),
        )?;
        let operator_email = match var("OPERATOR_EMAIL") {
            Some(e) => Some(Email::parse(&e).map_err(|m| format!("OPERATOR_EMAIL: {m}"))?),
            None if mode == Mode::Development => Some(Email::parse("operator@digdir.no").expect("valid")),
            None => None,
        };
        let operator_password = var("OPERATOR_PASSWORD").or_else(|| (mode == Mode::Development).then(|| "Operatorpassord1".to_string()));
        if operator_email.is_some() && operator_password.is_none() {
            return Err("OPERATOR_PASSWORD must be set when OPERATOR_EMAIL is".into());
        }
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/selvbetjening.db?mode=rwc".into()),
            mode,
            public_url: var("PUBLIC_URL").unwrap_or_else(|| format!("http://{site_addr}")).trim_end_matches('/').to_string(),
            environments,
            operator_email,
            operator_password,
            trusted_proxies: super::client_addr::parse_trusted(&var("TRUSTED_PROXIES").unwrap_or_default())?,
            admin_step_up: match var("ADMIN_STEP_UP").as_deref() {
                None => mode == Mode::Production,
                Some("on") => true,
                Some("off") => false,
                Some(other) => return Err(format!("ADMIN_STEP_UP must be on or off, not {other}")),
            },
            token_grants_per_minute: match var("TOKEN_GRANTS_PER_MINUTE") {
                None => DEFAULT_TOKEN_GRANTS_PER_MINUTE,
                Some(n) => n.trim().parse().ok().filter(|n| *n > 0).ok_or("TOKEN_GRANTS_PER_MINUTE must be a positive whole number")?,
            },
        })
    }

    /// Cookies get `Secure` when the portal is reached over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn environment(&self, id: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.id.as_str() == id)
    }

    /// How environment `id` is shown ("produksjon" for production), or the id itself for
    /// one no longer configured.
    pub fn environment_label(&self, id: &str) -> String {
        self.environment(id).map(|e| e.label()).unwrap_or_else(|| id.to_string())
    }

    /// A configuration for tests: development mode off, default environments.
    pub fn for_tests(database_url: &str) -> Config {
        Config {
            database_url: database_url.to_string(),
            mode: Mode::Production,
            public_url: "http://127.0.0.1:3000".into(),
            environments: Environment::parse_list("ver1,ver2,prod", "prod").expect("valid"),
            operator_email: None,
            operator_password: None,
            trusted_proxies: Vec::new(),
            // Off, so tests of other behaviour need no one-time codes for administrators;
            // the tests of this rule and the attack matrix turn it on.
            admin_step_up: false,
            token_grants_per_minute: DEFAULT_TOKEN_GRANTS_PER_MINUTE,
        }
    }
}
