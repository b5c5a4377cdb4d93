//! Configuration from environment variables (documented in the README).

use super::mail::smtp::{parse_from, SmtpServer};
use crate::domain::{Email, Environment};
use lettre::message::Mailbox;
use std::time::Duration;

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
    /// Sending e-mail (`SMTP_URL`, `MAIL_FROM`, `MAIL_*`).
    pub mail: MailConfig,
}

/// How e-mail leaves the outbox (see `server::mail`).
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `SMTP_URL`. Without it nothing is sent: development mode shows the outbox at
    /// `/dev/mailbox`, production mode warns that e-mail is not sent.
    pub smtp: Option<SmtpServer>,
    /// `MAIL_FROM`: required with `SMTP_URL` in production mode.
    pub from: Mailbox,
    /// `MAIL_MAX_ATTEMPTS` (default 6): after this many failed attempts a message is failed.
    pub max_attempts: u32,
    /// `MAIL_RETRY_BASE_SECONDS` (default 30): the wait after the first failed attempt,
    /// doubled after each further one.
    pub retry_base: Duration,
    /// `MAIL_POLL_SECONDS` (default 5): how often the worker looks for due messages.
    pub poll_interval: Duration,
}

pub const DEFAULT_MAIL_FROM: &str = "Selvbetjening <noreply@localhost>";

impl MailConfig {
    /// Nothing sent; the defaults for the rest.
    pub fn unsent() -> MailConfig {
        MailConfig {
            smtp: None,
            from: parse_from(DEFAULT_MAIL_FROM).expect("valid"),
            max_attempts: 6,
            retry_base: Duration::from_secs(30),
            poll_interval: Duration::from_secs(5),
        }
    }

    fn from_vars(mode: Mode, var: &impl Fn(&str) -> Option<String>) -> Result<MailConfig, String> {
        let defaults = MailConfig::unsent();
        let smtp = var("SMTP_URL").map(|u| SmtpServer::parse(&u)).transpose()?;
        let from = match var("MAIL_FROM") {
            Some(f) => parse_from(&f)?,
            None if smtp.is_some() && mode == Mode::Production => {
                return Err("MAIL_FROM must be set when SMTP_URL is, e.g. MAIL_FROM='Selvbetjening <noreply@example.no>'".into())
            }
            None => defaults.from,
        };
        let seconds = |name: &str, default: Duration, min: f64| -> Result<Duration, String> {
            match var(name) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|s| *s >= min && *s <= 86_400.0)
                    .map(Duration::from_secs_f64)
                    .ok_or_else(|| format!("{name} must be a number of seconds from {min} to 86400, not «{v}»")),
            }
        };
        Ok(MailConfig {
            smtp,
            from,
            max_attempts: match var("MAIL_MAX_ATTEMPTS") {
                None => defaults.max_attempts,
                Some(n) => n.trim().parse().ok().filter(|n| (1..=100).contains(n)).ok_or("MAIL_MAX_ATTEMPTS must be a whole number from 1 to 100")?,
            },
            // Whole seconds: the database counts in seconds.
            retry_base: seconds("MAIL_RETRY_BASE_SECONDS", defaults.retry_base, 1.0)?,
            poll_interval: seconds("MAIL_POLL_SECONDS", defaults.poll_interval, 0.1)?,
        })
    }
}

impl Config {
    /// Reads the process environment. `site_addr` is Leptos's `LEPTOS_SITE_ADDR`.
    pub fn from_env(site_addr: &str) -> Result<Config, String> {
        Self::from_vars(site_addr, |k| std::env::var(k).ok())
    }

    /// The configuration from variables looked up by `lookup` (an empty value is unset).
    pub fn from_vars(site_addr: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let var = |k: &str| lookup(k).filter(|v| !v.trim().is_empty());
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
            mail: MailConfig::from_vars(mode, &var)?,
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
            mail: MailConfig::unsent(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, String> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_vars("127.0.0.1:3000", move |k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
    }

    #[test]
    fn mail_defaults_send_nothing() {
        for mode in ["development", "production"] {
            let c = config(&[("SELVBETJENING_MODE", mode)]).unwrap();
            assert!(c.mail.smtp.is_none());
            assert_eq!(c.mail.from.to_string(), "Selvbetjening <noreply@localhost>");
            assert_eq!((c.mail.max_attempts, c.mail.retry_base, c.mail.poll_interval), (6, Duration::from_secs(30), Duration::from_secs(5)));
        }
    }

    #[test]
    fn mail_settings() {
        let c = config(&[
            ("SMTP_URL", "smtp://relay.example.no:2525?tls=required"),
            ("MAIL_FROM", "Selvbetjening <noreply@example.no>"),
            ("MAIL_MAX_ATTEMPTS", "3"),
            ("MAIL_RETRY_BASE_SECONDS", "10"),
            ("MAIL_POLL_SECONDS", "0.5"),
        ])
        .unwrap();
        assert_eq!(c.mail.smtp.unwrap().describe(), "smtp://relay.example.no:2525?tls=required");
        assert_eq!(c.mail.from.email.to_string(), "noreply@example.no");
        assert_eq!((c.mail.max_attempts, c.mail.retry_base, c.mail.poll_interval), (3, Duration::from_secs(10), Duration::from_millis(500)));
        // Development mode has a default sender for a local SMTP sink.
        let c = config(&[("SELVBETJENING_MODE", "development"), ("SMTP_URL", "smtp://127.0.0.1:1025")]).unwrap();
        assert_eq!(c.mail.from.email.to_string(), "noreply@localhost");
    }

    #[test]
    fn mail_errors_are_clear() {
        let err = |vars: &[(&str, &str)]| config(vars).unwrap_err();
        assert!(err(&[("SMTP_URL", "smtp://relay.example.no")]).contains("MAIL_FROM must be set when SMTP_URL is"));
        assert!(err(&[("SMTP_URL", "imap://relay.example.no"), ("MAIL_FROM", "a@b.no")]).contains("SMTP_URL must start with smtp:// or smtps://"));
        assert!(err(&[("MAIL_FROM", "Selvbetjening")]).contains("MAIL_FROM «Selvbetjening» is not an e-mail address"));
        assert!(err(&[("MAIL_MAX_ATTEMPTS", "0")]).contains("MAIL_MAX_ATTEMPTS must be a whole number from 1 to 100"));
        assert!(err(&[("MAIL_RETRY_BASE_SECONDS", "0.5")]).contains("MAIL_RETRY_BASE_SECONDS must be a number of seconds from 1"));
        assert!(err(&[("MAIL_POLL_SECONDS", "fem")]).contains("MAIL_POLL_SECONDS must be a number of seconds"));
    }
}
