//! The SMTP server e-mail goes to (`SMTP_URL`), and handing it one message.
//!
//! `smtp://host[:port]` is plain SMTP (port 25), `smtp://…?tls=required` STARTTLS that must
//! succeed and `smtp://…?tls=opportunistic` STARTTLS when offered (both port 587), and
//! `smtps://host[:port]` TLS from the first byte (port 465). `user:password@` logs in;
//! percent-encode special characters in either. A path (`smtp://host/name`) is the name
//! sent in EHLO. This is lettre's own URL form, parsed here to give clear errors at start.

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How long one SMTP command's answer is waited for.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// No TLS (a relay on the same host or network).
    Plain,
    /// STARTTLS when the server offers it, plain otherwise.
    Opportunistic,
    /// STARTTLS, or no delivery.
    Required,
    /// TLS from the first byte (`smtps://`).
    Implicit,
}

/// A parsed `SMTP_URL`, with the transport built from it.
#[derive(Clone)]
pub struct SmtpServer {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// The login name, if any (the password is only inside the transport).
    pub user: Option<String>,
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl std::fmt::Debug for SmtpServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// Why a message was not delivered, and whether trying again may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The connection failed or dropped, a timeout, or an SMTP 4xx answer.
    Temporary(String),
    /// An SMTP 5xx answer, or a message that cannot be sent at all.
    Permanent(String),
}

impl SmtpServer {
    pub fn parse(raw: &str) -> Result<SmtpServer, String> {
        const EXAMPLE: &str = "e.g. smtp://mail.example.no:587?tls=required or smtps://user:password@mail.example.no";
        let url = url::Url::parse(raw.trim()).map_err(|e| format!("SMTP_URL is not a valid URL ({e}); write it as {EXAMPLE}"))?;
        let mut tls = None;
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "tls" if tls.is_none() => tls = Some(value.into_owned()),
                other => return Err(format!("SMTP_URL: unknown or repeated setting «{other}»; the only one is tls=required or tls=opportunistic")),
            }
        }
        let security = match (url.scheme(), tls.as_deref()) {
            ("smtp", None) => Security::Plain,
            ("smtp", Some("opportunistic")) => Security::Opportunistic,
            ("smtp", Some("required")) => Security::Required,
            ("smtp", Some(other)) => return Err(format!("SMTP_URL: tls must be required or opportunistic, not «{other}»")),
            ("smtps", None) => Security::Implicit,
            ("smtps", Some(_)) => return Err("SMTP_URL: smtps:// is always TLS; leave out ?tls= (or use smtp://…?tls=required for STARTTLS)".into()),
            (scheme, _) => return Err(format!("SMTP_URL must start with smtp:// or smtps://, not {scheme}://; {EXAMPLE}")),
        };
        let host = match url.host() {
            Some(url::Host::Domain(d)) if !d.is_empty() => d.to_string(),
            Some(url::Host::Ipv4(a)) => a.to_string(),
            Some(url::Host::Ipv6(a)) => a.to_string(),
            _ => return Err(format!("SMTP_URL names no server; {EXAMPLE}")),
        };
        let port = url.port().unwrap_or(match security {
            Security::Plain => 25,
            Security::Opportunistic | Security::Required => 587,
            Security::Implicit => 465,
        });
        let user = (!url.username().is_empty()).then(|| percent_decode(url.username())).transpose()?;
        let password = url.password().map(percent_decode).transpose()?;
        let credentials = match (user.clone(), password) {
            (Some(u), Some(p)) => Some(Credentials::new(u, p)),
            (None, None) => None,
            (Some(_), None) => return Err("SMTP_URL has a user name but no password (smtp://user:password@host)".into()),
            (None, Some(_)) => return Err("SMTP_URL has a password but no user name (smtp://user:password@host)".into()),
        };

        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.as_str()).port(port).timeout(Some(COMMAND_TIMEOUT));
        let tls_parameters = || TlsParameters::new(host.clone()).map_err(|e| format!("SMTP_URL: TLS cannot be set up for «{host}»: {e}"));
        builder = match security {
            Security::Plain => builder.tls(Tls::None),
            Security::Opportunistic => builder.tls(Tls::Opportunistic(tls_parameters()?)),
            Security::Required => builder.tls(Tls::Required(tls_parameters()?)),
            Security::Implicit => builder.tls(Tls::Wrapper(tls_parameters()?)),
        };
        if let Some(c) = credentials {
            builder = builder.credentials(c);
        }
        let hello = url.path().trim_matches('/');
        if !hello.is_empty() {
            builder = builder.hello_name(ClientId::Domain(percent_decode(hello)?));
        }
        Ok(SmtpServer { host, port, security, user, transport: builder.build() })
    }

    /// The server for the log and the operator: no password.
    pub fn describe(&self) -> String {
        let scheme = if self.security == Security::Implicit { "smtps" } else { "smtp" };
        let user = self.user.as_ref().map(|u| format!("{u}:***@")).unwrap_or_default();
        let tls = match self.security {
            Security::Opportunistic => "?tls=opportunistic",
            Security::Required => "?tls=required",
            Security::Plain | Security::Implicit => "",
        };
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        format!("{scheme}://{user}{host}:{}{tls}", self.port)
    }

    /// Hands one message to the server, on a connection of its own.
    pub async fn send(&self, message: &Message) -> Result<(), SendError> {
        self.transport.send(message.clone()).await.map(|_| ()).map_err(classify)
    }
}

/// The sender's address (`MAIL_FROM`), e.g. `Selvbetjening <noreply@example.no>`.
pub fn parse_from(raw: &str) -> Result<Mailbox, String> {
    raw.trim().parse::<Mailbox>().map_err(|e| format!("MAIL_FROM «{raw}» is not an e-mail address ({e}); write e.g. Selvbetjening <noreply@example.no>"))
}

/// 5xx answers and messages the client refuses to send are permanent; anything else
/// (no connection, a dropped one, a timeout, TLS, a 4xx answer) may pass on a later try.
fn classify(e: lettre::transport::smtp::Error) -> SendError {
    if e.is_permanent() {
        SendError::Permanent(format!("SMTP-tjeneren avviste e-posten: {e}"))
    } else if e.is_client() {
        SendError::Permanent(format!("E-posten kan ikke sendes: {e}"))
    } else if e.is_transient() {
        SendError::Temporary(format!("SMTP-tjeneren ba oss prøve igjen senere: {e}"))
    } else if e.is_timeout() {
        SendError::Temporary(format!("Tidsavbrudd mot SMTP-tjeneren: {e}"))
    } else {
        SendError::Temporary(format!("Fikk ikke levert til SMTP-tjeneren: {e}"))
    }
}

/// `%xx` escapes in a URL's user, password or path, as UTF-8.
fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()).ok_or("SMTP_URL has a broken %-escape")?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "SMTP_URL has a %-escape that is not UTF-8".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(url: &str) -> SmtpServer {
        SmtpServer::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"))
    }

    fn err(url: &str) -> String {
        SmtpServer::parse(url).map(|s| s.describe()).unwrap_err()
    }

    #[test]
    fn schemes_ports_and_tls() {
        let s = ok("smtp://mail.example.no");
        assert_eq!((s.host.as_str(), s.port, s.security, s.user.as_deref()), ("mail.example.no", 25, Security::Plain, None));
        assert_eq!(ok("smtp://127.0.0.1:2525").port, 2525);
        let s = ok("smtp://mail.example.no?tls=required");
        assert_eq!((s.port, s.security), (587, Security::Required));
        assert_eq!(ok("smtp://mail.example.no:26?tls=opportunistic").security, Security::Opportunistic);
        let s = ok("smtps://mail.example.no");
        assert_eq!((s.port, s.security), (465, Security::Implicit));
        assert_eq!(ok("smtp://[::1]:2525").host, "::1");
    }

    #[test]
    fn credentials_are_decoded_and_never_shown() {
        let s = ok("smtps://portal%40example.no:p%40ss%3Aord@mail.example.no:4650/portal.example.no");
        assert_eq!(s.user.as_deref(), Some("portal@example.no"));
        assert_eq!(s.describe(), "smtps://portal@example.no:***@mail.example.no:4650");
        assert!(!format!("{s:?}").contains("ss:ord"), "the password is not in the Debug form");
        assert_eq!(ok("smtp://[::1]:2525?tls=required").describe(), "smtp://[::1]:2525?tls=required");
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(err("mail.example.no").contains("not a valid URL"), "{}", err("mail.example.no"));
        assert!(err("http://mail.example.no").contains("must start with smtp:// or smtps://"));
        assert!(err("smtp://mail.example.no?tls=yes").contains("tls must be required or opportunistic"));
        assert!(err("smtps://mail.example.no?tls=required").contains("always TLS"));
        assert!(err("smtp://mail.example.no?port=25").contains("unknown or repeated setting «port»"));
        assert!(err("smtp://bruker@mail.example.no").contains("no password"));
        assert!(err("smtp://:hemmelig@mail.example.no").contains("no user name"));
        assert!(err("smtp://mail.example.no:99999").contains("not a valid URL"));
        assert!(err("smtp://").contains("names no server") || err("smtp://").contains("not a valid URL"), "{}", err("smtp://"));
        assert!(err("smtp://a:%ZZ@mail.example.no").contains("%-escape"));
    }

    #[test]
    fn from_addresses() {
        assert_eq!(parse_from("Selvbetjening <noreply@example.no>").unwrap().email.to_string(), "noreply@example.no");
        assert_eq!(parse_from("noreply@localhost").unwrap().email.to_string(), "noreply@localhost");
        assert!(parse_from("Selvbetjening").unwrap_err().contains("MAIL_FROM «Selvbetjening» is not an e-mail address"));
    }
}
