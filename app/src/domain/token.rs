//! The token endpoint's rules that need no key, clock or database: the JWT-bearer
//! assertion (RFC 7523, as Maskinporten documents it) read from JSON, its time window,
//! and the RFC 6749 error a refusal is answered with.
//!
//! Errors are written for the developer of the integration (in English, as Maskinporten
//! answers): they say what was wrong and what to do, and never name another
//! organisation's data.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

use super::OrgNumber;

/// The only grant type the endpoint takes.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// A longer assertion is refused before it is decoded.
pub const MAX_ASSERTION_BYTES: usize = 16 * 1024;
/// How far `iat` may be from the server's clock, either way.
pub const CLOCK_SKEW_SECONDS: i64 = 10;
/// The longest an assertion may live (`exp - iat`).
pub const MAX_ASSERTION_LIFETIME: i64 = 120;
/// At most this many scopes in one request (a scope list is otherwise unbounded work).
pub const MAX_SCOPES_PER_GRANT: usize = 100;
/// The signature algorithms an assertion may use.
pub const ASSERTION_ALGS: [&str; 3] = ["RS256", "RS384", "RS512"];

/// The scopes of the self-service REST API: read integrations and keys, create
/// integrations, change integrations and their keys, and manage the organisation's scopes.
pub const DCR_READ: &str = "idporten:dcr.read";
pub const DCR_WRITE: &str = "idporten:dcr.write";
pub const DCR_MODIFY: &str = "idporten:dcr.modify";
pub const SCOPES_WRITE: &str = "idporten:scopes.write";

/// RFC 6749 §5.2 error codes the endpoint answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenErrorCode {
    InvalidRequest,
    InvalidGrant,
    InvalidScope,
    UnsupportedGrantType,
}

/// A refusal, as the JSON body `{"error": …, "error_description": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenError {
    pub error: TokenErrorCode,
    pub error_description: String,
}

impl TokenError {
    pub fn request(why: impl Into<String>) -> Self {
        Self { error: TokenErrorCode::InvalidRequest, error_description: why.into() }
    }
    pub fn grant(why: impl Into<String>) -> Self {
        Self { error: TokenErrorCode::InvalidGrant, error_description: why.into() }
    }
    pub fn scope(why: impl Into<String>) -> Self {
        Self { error: TokenErrorCode::InvalidScope, error_description: why.into() }
    }
    pub fn grant_type(why: impl Into<String>) -> Self {
        Self { error: TokenErrorCode::UnsupportedGrantType, error_description: why.into() }
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = serde_json::to_value(self.error).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        write!(f, "{code}: {}", self.error_description)
    }
}

/// The issuer of an environment: `{public_url}/maskinporten/{env}/`, trailing slash included.
/// It is also the audience an assertion must name.
pub fn issuer(public_url: &str, environment: &str) -> String {
    format!("{}/maskinporten/{environment}/", public_url.trim_end_matches('/'))
}

/// The audience of the self-service REST API, `{public_url}/api/v1`: a token asked for with
/// this `resource` (or with none) is taken there; a token meant for another API is not, so
/// that API cannot replay it against the portal.
pub fn api_audience(public_url: &str) -> String {
    format!("{}/api/v1", public_url.trim_end_matches('/'))
}

/// A JSON object read strictly: a member given twice is an error rather than "the last
/// one wins", so a signed object cannot mean two things to two parsers.
#[derive(Debug, Clone, PartialEq)]
pub struct StrictObject(pub BTreeMap<String, Value>);

impl StrictObject {
    pub fn parse(bytes: &[u8], what: &str) -> Result<Self, TokenError> {
        serde_json::from_slice::<StrictObject>(bytes).map_err(|e| {
            let why = e.to_string();
            if why.contains("duplicate member") {
                TokenError::request(format!(
                    "The {what} has a member given twice ({}); each member may appear once.",
                    why.split(" at line").next().unwrap_or("")
                ))
            } else {
                TokenError::request(format!("The {what} is not a JSON object."))
            }
        })
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

impl<'de> Deserialize<'de> for StrictObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Strict;
        impl<'de> Visitor<'de> for Strict {
            type Value = StrictObject;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<StrictObject, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    if out.contains_key(&key) {
                        return Err(serde::de::Error::custom(format!("duplicate member \"{}\"", short(&key))));
                    }
                    out.insert(key, value);
                }
                Ok(StrictObject(out))
            }
        }
        deserializer.deserialize_map(Strict)
    }
}

/// The JWS header of an assertion, checked: the algorithm is RSA, and the key is named
/// either by `kid` (a registered key) or by `x5c` (the registered certificate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssertionHeader {
    pub alg: String,
    pub key: KeyRef,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyRef {
    Kid(String),
    /// The leaf certificate, DER, as standard base64 (the first `x5c` entry).
    Certificate(String),
}

impl AssertionHeader {
    pub fn from_object(h: &StrictObject) -> Result<Self, TokenError> {
        let alg = match h.get("alg") {
            Some(Value::String(a)) => a.clone(),
            _ => return Err(TokenError::grant("The assertion's header has no alg; sign it with RS256, RS384 or RS512.")),
        };
        if !ASSERTION_ALGS.contains(&alg.as_str()) {
            return Err(TokenError::grant(format!("The assertion is signed with alg \"{}\"; only RS256, RS384 and RS512 are accepted.", short(&alg))));
        }
        // Keys are only ever those registered in the portal: a header pointing elsewhere
        // is refused rather than fetched.
        for remote in ["jku", "x5u", "jwk"] {
            if h.contains(remote) {
                return Err(TokenError::grant(format!(
                    "The assertion's header has \"{remote}\"; keys are never fetched or taken from the request. Use kid (a key registered on the integration) or x5c (its registered certificate)."
                )));
            }
        }
        if h.contains("crit") {
            return Err(TokenError::grant("The assertion's header has \"crit\"; no critical extensions are supported."));
        }
        let kid = match h.get("kid") {
            None => None,
            Some(Value::String(k)) if !k.is_empty() => Some(k.clone()),
            Some(_) => return Err(TokenError::request("The header's kid must be a non-empty string.")),
        };
        let x5c = match h.get("x5c") {
            None => None,
            Some(Value::Array(certs)) => match certs.first() {
                Some(Value::String(c)) => Some(c.clone()),
                _ => return Err(TokenError::request("The header's x5c must be an array whose first entry is the certificate in base64.")),
            },
            Some(_) => return Err(TokenError::request("The header's x5c must be an array of base64 certificates.")),
        };
        let key = match (kid, x5c) {
            (Some(k), None) => KeyRef::Kid(k),
            (None, Some(c)) => KeyRef::Certificate(c),
            (Some(_), Some(_)) => return Err(TokenError::request("The header has both kid and x5c; give one of them.")),
            (None, None) => {
                return Err(TokenError::grant(
                    "The header names no key: give kid (a key registered under \"Egne public nøkler\") or x5c (the registered virksomhetssertifikat).",
                ))
            }
        };
        Ok(AssertionHeader { alg, key })
    }
}

/// The claims of an assertion, checked for shape (not yet against the clock, the client or
/// the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssertionClaims {
    pub aud: String,
    pub iss: String,
    pub scopes: Vec<String>,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
    pub consumer_org: Option<OrgNumber>,
    pub resource: Option<String>,
}

impl AssertionClaims {
    pub fn from_object(c: &StrictObject) -> Result<Self, TokenError> {
        let iss = required_string(c, "iss", "the integration's client_id")?;
        let aud = match c.get("aud") {
            Some(Value::String(a)) => a.clone(),
            // RFC 7519 allows a one-element array.
            Some(Value::Array(a)) if a.len() == 1 => match &a[0] {
                Value::String(s) => s.clone(),
                _ => return Err(TokenError::request("aud must be the issuer as a string.")),
            },
            Some(_) => return Err(TokenError::request("aud must be the issuer as a string.")),
            None => return Err(TokenError::request("The assertion has no aud; set it to the issuer.")),
        };
        let scope = required_string(c, "scope", "the scopes asked for, separated by spaces")?;
        let scopes = parse_scope_list(&scope)?;
        let iat = required_time(c, "iat")?;
        let exp = required_time(c, "exp")?;
        let jti = required_string(c, "jti", "a unique id for this assertion")?;
        if jti.len() > 200 {
            return Err(TokenError::request("jti is longer than 200 characters."));
        }
        let consumer_org = match c.get("consumer_org") {
            None => None,
            Some(Value::String(n)) => {
                Some(OrgNumber::parse(n).map_err(|_| TokenError::request("consumer_org must be a 9-digit Norwegian organisation number."))?)
            }
            Some(_) => return Err(TokenError::request("consumer_org must be an organisation number as a string.")),
        };
        let resource = match c.get("resource") {
            None => None,
            Some(Value::String(r)) if !r.is_empty() && r.len() <= 500 => Some(r.clone()),
            Some(_) => return Err(TokenError::request("resource must be a string of at most 500 characters.")),
        };
        Ok(AssertionClaims { aud, iss, scopes, iat, exp, jti, consumer_org, resource })
    }

    /// The time window: `iat` within the skew of now, `exp` after now and at most
    /// [`MAX_ASSERTION_LIFETIME`] after `iat`.
    pub fn check_time(&self, now: i64) -> Result<(), TokenError> {
        if self.iat > now + CLOCK_SKEW_SECONDS {
            return Err(TokenError::grant(format!(
                "iat is {} s in the future; it must be within {CLOCK_SKEW_SECONDS} s of the server's time. Check the clock of the machine that signs.",
                self.iat - now
            )));
        }
        if self.iat < now - CLOCK_SKEW_SECONDS - MAX_ASSERTION_LIFETIME {
            return Err(TokenError::grant("iat is too old; sign a fresh assertion for each token request."));
        }
        if self.exp <= now {
            return Err(TokenError::grant("The assertion has expired (exp is not after now); sign a fresh one."));
        }
        if self.exp - self.iat > MAX_ASSERTION_LIFETIME {
            return Err(TokenError::grant(format!("exp is {} s after iat; an assertion may live at most {MAX_ASSERTION_LIFETIME} s.", self.exp - self.iat)));
        }
        Ok(())
    }
}

/// Space-separated scope names: at least one, at most [`MAX_SCOPES_PER_GRANT`], duplicates
/// dropped, order kept.
pub fn parse_scope_list(raw: &str) -> Result<Vec<String>, TokenError> {
    let mut out: Vec<String> = Vec::new();
    for (i, name) in raw.split_whitespace().enumerate() {
        if i >= MAX_SCOPES_PER_GRANT {
            return Err(TokenError::scope(format!("At most {MAX_SCOPES_PER_GRANT} scopes may be asked for at once.")));
        }
        if !out.iter().any(|s| s == name) {
            out.push(name.to_string());
        }
    }
    if out.is_empty() {
        return Err(TokenError::scope("scope is empty; ask for at least one scope."));
    }
    Ok(out)
}

fn required_string(c: &StrictObject, name: &str, what: &str) -> Result<String, TokenError> {
    match c.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(Value::String(_)) | None => Err(TokenError::request(format!("The assertion has no {name}; set it to {what}."))),
        Some(_) => Err(TokenError::request(format!("{name} must be a string ({what})."))),
    }
}

fn required_time(c: &StrictObject, name: &str) -> Result<i64, TokenError> {
    match c.get(name) {
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.is_finite() && f.abs() < 1e15).map(|f| f as i64))
            .ok_or_else(|| TokenError::request(format!("{name} must be a time in seconds since 1970."))),
        None => Err(TokenError::request(format!("The assertion has no {name}; set it to a time in seconds since 1970."))),
        Some(_) => Err(TokenError::request(format!("{name} must be a number of seconds since 1970."))),
    }
}

/// Keeps echoed input short and on one line.
fn short(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// The `consumer` and `supplier` claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgClaim {
    pub authority: String,
    #[serde(rename = "ID")]
    pub id: String,
}

impl OrgClaim {
    pub fn of(org_number: &str) -> Self {
        OrgClaim { authority: "iso6523-actorid-upis".into(), id: format!("0192:{org_number}") }
    }

    /// The organisation number, when the claim is one of ours.
    pub fn org_number(&self) -> Option<&str> {
        (self.authority == "iso6523-actorid-upis").then(|| self.id.strip_prefix("0192:")).flatten()
    }
}

/// The claims of an access token the endpoint issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessTokenClaims {
    pub iss: String,
    pub client_id: String,
    /// `private_key_jwt` or `virksomhetssertifikat`.
    pub client_amr: String,
    pub token_type: String,
    pub consumer: OrgClaim,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<OrgClaim>,
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
}

/// The token endpoint's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: i64,
    pub scope: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> StrictObject {
        StrictObject::parse(v.to_string().as_bytes(), "test").unwrap()
    }

    fn claims(extra: Value) -> Value {
        let mut c = json!({"aud": "http://x/maskinporten/ver2/", "iss": "c1", "scope": "a:b a:c a:b", "iat": 1000, "exp": 1100, "jti": "j"});
        for (k, v) in extra.as_object().unwrap() {
            if v.is_null() {
                c.as_object_mut().unwrap().remove(k);
            } else {
                c[k] = v.clone();
            }
        }
        c
    }

    #[test]
    fn duplicate_members_are_refused() {
        let e = StrictObject::parse(br#"{"iss":"a","iss":"b"}"#, "assertion's claims").unwrap_err();
        assert_eq!(e.error, TokenErrorCode::InvalidRequest);
        assert!(e.error_description.contains("twice"), "{}", e.error_description);
        assert!(StrictObject::parse(b"[1]", "x").is_err());
        assert!(StrictObject::parse(b"{\"a\":1}", "x").is_ok());
    }

    #[test]
    fn header_rules() {
        let ok = AssertionHeader::from_object(&obj(json!({"alg": "RS256", "kid": "k1"}))).unwrap();
        assert_eq!(ok.key, KeyRef::Kid("k1".into()));
        for bad in [json!({"alg": "none", "kid": "k"}), json!({"alg": "HS256", "kid": "k"}), json!({"kid": "k"})] {
            assert_eq!(AssertionHeader::from_object(&obj(bad)).unwrap_err().error, TokenErrorCode::InvalidGrant);
        }
        for remote in ["jku", "x5u", "jwk"] {
            let e = AssertionHeader::from_object(&obj(json!({"alg": "RS256", "kid": "k", remote: "https://evil/"}))).unwrap_err();
            assert!(e.error_description.contains(remote));
        }
        assert!(AssertionHeader::from_object(&obj(json!({"alg": "RS256"}))).is_err());
        assert!(AssertionHeader::from_object(&obj(json!({"alg": "RS256", "kid": "k", "x5c": ["AA"]}))).is_err());
        let cert = AssertionHeader::from_object(&obj(json!({"alg": "RS512", "x5c": ["MIIB", "MIIC"]}))).unwrap();
        assert_eq!(cert.key, KeyRef::Certificate("MIIB".into()));
    }

    #[test]
    fn claims_shape() {
        let c = AssertionClaims::from_object(&obj(claims(json!({})))).unwrap();
        assert_eq!(c.scopes, vec!["a:b", "a:c"]);
        for (drop, code) in [("jti", TokenErrorCode::InvalidRequest), ("iss", TokenErrorCode::InvalidRequest), ("aud", TokenErrorCode::InvalidRequest)] {
            let e = AssertionClaims::from_object(&obj(claims(json!({ drop: null })))).unwrap_err();
            assert_eq!(e.error, code, "{drop}");
            assert!(e.error_description.contains(drop));
        }
        assert_eq!(AssertionClaims::from_object(&obj(claims(json!({"scope": "  "})))).unwrap_err().error, TokenErrorCode::InvalidScope);
        assert!(AssertionClaims::from_object(&obj(claims(json!({"consumer_org": "123"})))).is_err());
        let d = AssertionClaims::from_object(&obj(claims(json!({"consumer_org": "991825827"})))).unwrap();
        assert_eq!(d.consumer_org.unwrap().as_str(), "991825827");
        let many = (0..101).map(|i| format!("p:s{i}")).collect::<Vec<_>>().join(" ");
        assert_eq!(AssertionClaims::from_object(&obj(claims(json!({"scope": many})))).unwrap_err().error, TokenErrorCode::InvalidScope);
    }

    #[test]
    fn time_window() {
        let at = |iat: i64, exp: i64| AssertionClaims::from_object(&obj(claims(json!({"iat": iat, "exp": exp})))).unwrap();
        let now = 10_000;
        assert!(at(now, now + 120).check_time(now).is_ok());
        assert!(at(now + 10, now + 100).check_time(now).is_ok());
        assert!(at(now + 11, now + 100).check_time(now).unwrap_err().error_description.contains("future"));
        assert!(at(now - 100, now).check_time(now).unwrap_err().error_description.contains("expired"));
        assert!(at(now, now + 121).check_time(now).unwrap_err().error_description.contains("at most 120"));
    }

    #[test]
    fn org_claim_shape() {
        let c = OrgClaim::of("991825827");
        assert_eq!(serde_json::to_value(&c).unwrap(), json!({"authority": "iso6523-actorid-upis", "ID": "0192:991825827"}));
        assert_eq!(c.org_number(), Some("991825827"));
    }

    #[test]
    fn issuer_has_its_trailing_slash() {
        assert_eq!(issuer("http://h:3000/", "ver2"), "http://h:3000/maskinporten/ver2/");
    }
}
