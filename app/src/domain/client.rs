//! Integrations (OAuth2 clients): the rules for their names and ID-porten redirect URIs,
//! and the fixed scopes of KRR integrations. Shared by the form and the server.

use super::ScopeName;
use serde::{Deserialize, Serialize};

/// The scopes every KRR integration gets, and the only ones it may have.
pub const KRR_SCOPES: [&str; 2] = ["krr:global/kontaktinformasjon.read", "krr:global/digitalpost.read"];

/// At most this many keys ("Egne public nøkler") on one integration.
pub const MAX_KEYS: usize = 5;

/// A key is valid this long from upload (or from its last renewal): one year.
pub const KEY_LIFETIME_SECONDS: i64 = 365 * 24 * 3600;

/// Keys and certificates this close to expiry are flagged on the pages (and their owners
/// are e-mailed: the first notice is 30 days before).
pub const EXPIRY_WARNING_SECONDS: i64 = 30 * 24 * 3600;

/// "Utløpt" or "Utløper snart" for a key or certificate expiring at `expires_at`, seen at
/// `now`; `None` while it has more than 30 days left.
pub fn expiry_warning(expires_at: i64, now: i64) -> Option<&'static str> {
    if expires_at <= now {
        Some("Utløpt")
    } else if expires_at - now <= EXPIRY_WARNING_SECONDS {
        Some("Utløper snart")
    } else {
        None
    }
}

pub const CLIENT_NAME_MAX: usize = 100;
pub const CLIENT_DESCRIPTION_MAX: usize = 1000;
pub const REDIRECT_URIS_MAX: usize = 20;

/// The integration's name, as shown in lists: 1–100 characters, no line breaks.
pub fn parse_client_name(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("Navn må fylles ut.".into());
    }
    if s.chars().count() > CLIENT_NAME_MAX {
        return Err(format!("Navn kan ha høyst {CLIENT_NAME_MAX} tegn."));
    }
    if s.chars().any(char::is_control) {
        return Err("Navn kan ikke ha linjeskift eller kontrolltegn.".into());
    }
    super::text::check_visible(s, "Navn", false)?;
    Ok(s.to_string())
}

pub fn parse_client_description(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("Beskrivelse må fylles ut: hva integrasjonen brukes til.".into());
    }
    if s.chars().count() > CLIENT_DESCRIPTION_MAX {
        return Err(format!("Beskrivelse kan ha høyst {CLIENT_DESCRIPTION_MAX} tegn."));
    }
    super::text::check_visible(s, "Beskrivelse", true)?;
    Ok(s.to_string())
}

/// The scopes of a KRR integration: always exactly `KRR_SCOPES`; asking for any other is
/// refused, naming it.
pub fn krr_scopes(requested: &[ScopeName]) -> Result<Vec<ScopeName>, String> {
    if let Some(other) = requested.iter().find(|s| !KRR_SCOPES.contains(&s.to_string().as_str())) {
        return Err(format!("KRR-integrasjoner får {} og {}, og kan ikke ha andre scopes (ikke «{other}»).", KRR_SCOPES[0], KRR_SCOPES[1]));
    }
    Ok(KRR_SCOPES.iter().filter_map(|s| ScopeName::parse(s).ok()).collect())
}

/// An ID-porten redirect URI: an absolute `https` URL, or `http` on localhost (for
/// development), with a host, no fragment and no spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RedirectUri(String);
string_newtype!(RedirectUri);

impl RedirectUri {
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim();
        let bad = |why: &str| Err(format!("«{s}» er ikke en gyldig URI: {why}"));
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return bad("den kan ikke ha mellomrom.");
        }
        if s.len() > 2000 {
            return bad("den er lengre enn 2000 tegn.");
        }
        let (scheme, rest) = match s.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None => return bad("den må begynne med https://."),
        };
        if s.contains('#') {
            return bad("den kan ikke ha et fragment (#).");
        }
        let authority = rest.split(['/', '?']).next().unwrap_or("");
        if authority.contains('@') {
            return bad("den kan ikke ha brukernavn eller passord.");
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        };
        if host.is_empty() {
            return bad("den mangler vertsnavn.");
        }
        let host_ok = host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
        if !host_ok {
            return bad("vertsnavnet er ugyldig.");
        }
        if let Some(p) = port {
            if p.is_empty() || p.len() > 5 || !p.chars().all(|c| c.is_ascii_digit()) || p.parse::<u32>().map_or(true, |n| n == 0 || n > 65535) {
                return bad("portnummeret er ugyldig.");
            }
        }
        let local = matches!(host.to_ascii_lowercase().as_str(), "localhost" | "127.0.0.1");
        match scheme.as_str() {
            "https" => {}
            "http" if local => {}
            "http" => return bad("bare https er tillatt, unntatt http på localhost."),
            _ => return bad("den må begynne med https:// (eller http://localhost)."),
        }
        Ok(Self(s.to_string()))
    }
}

/// One URI per line (commas and spaces also separate); duplicates dropped.
pub fn parse_redirect_uris(input: &str) -> Result<Vec<RedirectUri>, String> {
    // Counted before anything is parsed, so a huge paste is refused at once.
    let raw: Vec<&str> = input.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).collect();
    if raw.len() > REDIRECT_URIS_MAX {
        return Err(format!("Oppgi høyst {REDIRECT_URIS_MAX} URI-er."));
    }
    let mut out: Vec<RedirectUri> = Vec::with_capacity(raw.len());
    for r in raw {
        let uri = RedirectUri::parse(r)?;
        if !out.contains(&uri) {
            out.push(uri);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn redirect_uri_rules() {
        for ok in ["https://app.example.no/callback", "https://x.no:8443/a?b=c", "http://localhost:3000/cb", "http://127.0.0.1/cb", "HTTPS://APP.NO"] {
            assert!(RedirectUri::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "app.no/cb",
            "http://app.no/cb",
            "ftp://app.no",
            "https://",
            "https://a b.no",
            "https://app.no/#x",
            "https://u:p@app.no",
            "https://app.no:0",
            "https://app.no:99999",
            "https://-a.no",
            "javascript:alert(1)",
        ] {
            assert!(RedirectUri::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn redirect_uri_list() {
        let list = parse_redirect_uris("https://a.no/cb\nhttps://a.no/cb, http://localhost:8080/cb").unwrap();
        assert_eq!(list.len(), 2);
        assert!(parse_redirect_uris("https://a.no\nhttp://b.no").unwrap_err().contains("http://b.no"));
        assert!(parse_redirect_uris("").unwrap().is_empty());
    }

    #[test]
    fn names() {
        assert_eq!(parse_client_name("  Min klient ").unwrap(), "Min klient");
        assert!(parse_client_name(" ").is_err());
        assert!(parse_client_name(&"x".repeat(101)).is_err());
        assert!(parse_client_description("").is_err());
    }

    proptest! {
        #[test]
        fn redirect_parser_never_panics(s in "\\PC*") {
            let _ = RedirectUri::parse(&s);
            let _ = parse_redirect_uris(&s);
        }

        #[test]
        fn accepted_uris_are_https_or_local(s in "(https?)://[a-z0-9.:\\[\\]-]{0,20}(/[a-z]{0,5})?") {
            if let Ok(u) = RedirectUri::parse(&s) {
                let lower = u.as_str().to_ascii_lowercase();
                prop_assert!(lower.starts_with("https://") || lower.starts_with("http://localhost") || lower.starts_with("http://127.0.0.1"));
            }
        }
    }
}
