//! The Maskinporten-compatible token endpoint: an integration signs a JWT-bearer assertion
//! with a key (or the certificate) registered in the portal and gets an access token for
//! scopes it may use, signed by the environment's own key.
//!
//! Order of the checks: shape and time first (no database), then the client and its key,
//! the signature, and only then anything that says more about the client than "unknown",
//! so a caller who cannot sign as the client learns nothing about it.

use crate::domain::token::{issuer, AccessTokenClaims, AssertionClaims, AssertionHeader, KeyRef, OrgClaim, TokenError, TokenResponse, JWT_BEARER};
use crate::domain::views::TokenTest;
use crate::domain::{keys, AtMaxAge, IntegrationType};
use crate::error::AppError;
use crate::server::jose::{self, SigningKey};
use crate::server::store::tokens::{self as store, GrantClient, SigningKeyRow};
use crate::server::store::{clients as client_store, orgs};
use crate::server::{new_id, now, AppState};
use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use serde_json::{json, Value};
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an instance trusts its copy of an environment's keys before reading them
/// again: another instance may have rotated.
const KEY_CACHE: Duration = Duration::from_secs(60);

/// The longest a token can live: a retired key is published this long.
const MAX_AT_MAX_AGE: i64 = AtMaxAge::MAX as i64;

/// Why a grant was not made.
#[derive(Debug)]
pub enum GrantFailure {
    /// RFC 6749 refusal, answered 400.
    Refused(TokenError),
    /// Too many grants for this client; seconds to wait. Answered 429.
    Throttled(u64),
    /// Our fault; answered 500 with nothing but "server_error".
    Internal(AppError),
}

impl From<TokenError> for GrantFailure {
    fn from(e: TokenError) -> Self {
        GrantFailure::Refused(e)
    }
}

impl From<sqlx::Error> for GrantFailure {
    fn from(e: sqlx::Error) -> Self {
        GrantFailure::Internal(e.into())
    }
}

/// An environment's signing keys, parsed: the current one signs, all are published.
pub struct EnvKeys {
    pub current: SigningKey,
    pub published: Vec<Value>,
}

/// Per-instance cache of the environments' keys.
#[derive(Default)]
pub struct TokenKeys {
    by_env: Mutex<HashMap<String, (Instant, Arc<EnvKeys>)>>,
}

impl TokenKeys {
    fn get(&self, env: &str) -> Option<Arc<EnvKeys>> {
        let map = self.by_env.lock().unwrap_or_else(|e| e.into_inner());
        map.get(env).filter(|(at, _)| at.elapsed() < KEY_CACHE).map(|(_, k)| k.clone())
    }

    fn put(&self, env: &str, keys: Arc<EnvKeys>) {
        self.by_env.lock().unwrap_or_else(|e| e.into_inner()).insert(env.to_string(), (Instant::now(), keys));
    }

    fn forget(&self, env: &str) {
        self.by_env.lock().unwrap_or_else(|e| e.into_inner()).remove(env);
    }
}

fn configured(state: &AppState, env: &str) -> Result<(), AppError> {
    state.config.environment(env).map(|_| ()).ok_or_else(|| AppError::NotFound(format!("Miljøet «{env}» finnes ikke.")))
}

/// The environment's keys, made at first use.
pub async fn env_keys(state: &AppState, env: &str) -> Result<Arc<EnvKeys>, AppError> {
    configured(state, env)?;
    if let Some(k) = state.token_keys.get(env) {
        return Ok(k);
    }
    let mut conn = state.pool.acquire().await?;
    // A retired key is published as long as a token it signed may be alive.
    let mut rows = store::signing_keys(&mut conn, env, now() - MAX_AT_MAX_AGE).await?;
    if !rows.iter().any(|r| r.retired_at.is_none()) {
        let row = new_signing_key(env).await?;
        // Another instance (or request) may have made one meanwhile: the unique index
        // keeps one, and we read back whichever won.
        if let Err(e) = store::insert_signing_key(&mut conn, &row).await {
            tracing::info!(error = %e, env, "signing key made elsewhere first");
        }
        rows = store::signing_keys(&mut conn, env, now() - MAX_AT_MAX_AGE).await?;
    }
    let keys = Arc::new(parse_keys(&rows)?);
    state.token_keys.put(env, keys.clone());
    Ok(keys)
}

async fn new_signing_key(env: &str) -> Result<SigningKeyRow, AppError> {
    let jose::GeneratedKey { pkcs8: der, n, e } = tokio::task::spawn_blocking(jose::generate_rsa_2048).await.map_err(|_| AppError::Internal)?.map_err(|e| {
        tracing::error!(error = %e, "could not generate a signing key");
        AppError::Internal
    })?;
    let n = Base64UrlUnpadded::encode_string(&n);
    let e = Base64UrlUnpadded::encode_string(&e);
    let kid = format!("{env}-{}", &keys::thumbprint(&n, &e)[..16]);
    let jwk = json!({"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": n, "e": e});
    Ok(SigningKeyRow {
        kid,
        environment: env.to_string(),
        private_pkcs8: Base64::encode_string(&der),
        public_jwk: jwk.to_string(),
        created_at: now(),
        retired_at: None,
    })
}

fn parse_keys(rows: &[SigningKeyRow]) -> Result<EnvKeys, AppError> {
    let current = rows.iter().find(|r| r.retired_at.is_none()).ok_or(AppError::Internal)?;
    let jwk = |r: &SigningKeyRow| serde_json::from_str::<Value>(&r.public_jwk).map_err(|_| AppError::Internal);
    let der = Base64::decode_vec(&current.private_pkcs8).map_err(|_| AppError::Internal)?;
    let signing = SigningKey::from_pkcs8(&current.kid, &der, jwk(current)?).map_err(|e| {
        tracing::error!(error = %e, "stored signing key unusable");
        AppError::Internal
    })?;
    Ok(EnvKeys { current: signing, published: rows.iter().map(jwk).collect::<Result<_, _>>()? })
}

/// Retires the environment's key and makes a new one; the old key stays in the JWKS until
/// the longest-lived token it may have signed has expired. Returns the new `kid`.
pub async fn rotate(state: &AppState, env: &str) -> Result<String, AppError> {
    configured(state, env)?;
    let row = new_signing_key(env).await?;
    let mut tx = super::begin_write(&state.pool).await?;
    store::retire_signing_key(&mut tx, env, now()).await?;
    store::insert_signing_key(&mut tx, &row).await?;
    tx.commit().await?;
    state.token_keys.forget(env);
    Ok(row.kid)
}

/// `GET {issuer}jwk`.
pub async fn jwks(state: &AppState, env: &str) -> Result<Value, AppError> {
    Ok(json!({ "keys": env_keys(state, env).await?.published }))
}

/// `GET {issuer}.well-known/oauth-authorization-server` (RFC 8414).
pub fn metadata(state: &AppState, env: &str) -> Result<Value, AppError> {
    configured(state, env)?;
    let iss = issuer(&state.config.public_url, env);
    Ok(json!({
        "issuer": iss,
        "token_endpoint": format!("{iss}token"),
        "jwks_uri": format!("{iss}jwk"),
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "grant_types_supported": [JWT_BEARER],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "RS384", "RS512"],
        "response_types_supported": ["token"],
    }))
}

/// `POST {issuer}token`.
pub async fn grant(state: &AppState, env: &str, grant_type: Option<&str>, assertion: Option<&str>) -> Result<TokenResponse, GrantFailure> {
    configured(state, env).map_err(GrantFailure::Internal)?;
    match grant_type {
        None => return Err(TokenError::request("grant_type is missing; it must be urn:ietf:params:oauth:grant-type:jwt-bearer.").into()),
        Some(JWT_BEARER) => {}
        Some(_) => return Err(TokenError::grant_type("Only grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer is supported.").into()),
    }
    let assertion = assertion
        .filter(|a| !a.trim().is_empty())
        .ok_or_else(|| TokenError::request("assertion is missing: send the signed JWT as the form field assertion."))?;
    let jws = jose::split(assertion)?;
    let header = AssertionHeader::from_object(&jws.header)?;
    let claims = AssertionClaims::from_object(&jws.claims)?;
    let iss = issuer(&state.config.public_url, env);
    if claims.aud != iss {
        return Err(TokenError::grant(format!("aud must be this environment's issuer, {iss}")).into());
    }
    let now = now();
    claims.check_time(now)?;

    let reg = registration(state, &claims.iss).await?.ok_or_else(unknown_client)?;
    let client = &reg.client;
    let (n, e, amr) = reg.signing_key(&header.key, now)?;
    if !jose::verify(&header.alg, n, e, jws.signing_input.as_bytes(), &jws.signature) {
        return Err(TokenError::grant(match &header.key {
            KeyRef::Kid(kid) => format!("The signature does not verify with the key \"{kid}\" registered on this integration (alg {}).", header.alg),
            KeyRef::Certificate(_) => format!("The signature does not verify with the registered certificate's key (alg {}).", header.alg),
        })
        .into());
    }
    // From here on the caller has proved it holds the client's key.
    if client.environment != env {
        return Err(TokenError::grant(format!("This integration is registered in {}, not in {env}; use that environment's issuer.", client.environment)).into());
    }
    if !client.active {
        return Err(TokenError::grant("This integration is deactivated; it cannot get tokens.").into());
    }
    if client.integration_type == IntegrationType::IdPorten {
        return Err(TokenError::grant("ID-porten integrations log people in; they cannot use the JWT-bearer grant.").into());
    }
    if let Err(wait) = state.token_limiter.check(&client.id) {
        return Err(GrantFailure::Throttled(wait));
    }

    // A grant for the integration's own organisation needs nothing more from the database;
    // acting for a customer reads the customer, the delegation and the customer's access.
    let acting_for_customer = client.customer_org_id.is_some() || claims.consumer_org.is_some();
    let mut for_customer = None;
    if acting_for_customer {
        let mut conn = state.pool.acquire().await?;
        if let Some(c) = customer(&mut conn, client, &claims).await? {
            let ids = store::delegated_scope_ids(&mut conn, env, &c.id, &client.org_id).await?;
            if ids.is_empty() {
                return Err(not_delegated(&c.org_number).into());
            }
            let scopes = store::client_scopes(&mut conn, &client.id, &c.org_number).await?;
            for_customer = Some((c, ids, scopes));
        }
    }
    let consumer_number = for_customer.as_ref().map(|(c, ..)| c.org_number.clone()).unwrap_or_else(|| client.org_number.clone());
    let delegated = for_customer.as_ref().map(|(_, ids, _)| ids);
    // The integration's own scopes come with its cached registration.
    let on_client = for_customer.as_ref().map(|(.., scopes)| scopes).unwrap_or(&reg.own_scopes);
    let mut lifetime = MAX_AT_MAX_AGE;
    for name in &claims.scopes {
        let scope = on_client.iter().find(|s| &s.name == name).ok_or_else(|| {
            TokenError::scope(format!("The scope {} is not on this integration; add it to the integration in the portal first.", short(name)))
        })?;
        if !scope.active {
            return Err(TokenError::scope(format!("The scope {name} is deactivated by its provider.")).into());
        }
        if !scope.integration_types.contains(&client.integration_type) {
            return Err(TokenError::scope(format!("The scope {name} does not allow {} integrations.", client.integration_type.label())).into());
        }
        if !scope.shared {
            return Err(TokenError::scope(format!("Organisation {consumer_number} no longer has access to the scope {name}.")).into());
        }
        if let Some(ids) = delegated {
            if !ids.contains(&scope.id) {
                return Err(TokenError::scope(format!("The scope {name} is not delegated to your organisation by {consumer_number}.")).into());
            }
        }
        lifetime = lifetime.min(scope.at_max_age);
    }
    if !state.jti_ledger.use_once(&state.pool, &client.id, &claims.jti, claims.exp).await.map_err(GrantFailure::Internal)? {
        return Err(TokenError::grant("This jti has been used before; every assertion needs a new, unique jti.").into());
    }

    let keys = env_keys(state, env).await.map_err(GrantFailure::Internal)?;
    let scope = claims.scopes.join(" ");
    let token = AccessTokenClaims {
        iss,
        client_id: client.id.clone(),
        client_amr: amr.to_string(),
        token_type: "Bearer".into(),
        consumer: OrgClaim::of(&consumer_number),
        supplier: for_customer.as_ref().map(|_| OrgClaim::of(&client.org_number)),
        scope: scope.clone(),
        aud: claims.resource.clone(),
        iat: now,
        exp: now + lifetime,
        jti: new_id(),
    };
    let access_token = keys.current.sign_jwt(&token).map_err(|e| {
        tracing::error!(error = %e, "could not sign an access token");
        GrantFailure::Internal(AppError::Internal)
    })?;
    Ok(TokenResponse { access_token, token_type: "Bearer".into(), expires_in: lifetime, scope })
}

fn unknown_client() -> TokenError {
    TokenError::grant("iss is not the client_id of any integration; use the integration's client_id from the portal.")
}

/// The same words whether the organisation exists, never delegated, or took it back.
fn not_delegated(number: &str) -> TokenError {
    TokenError::grant(format!("Organisation {number} has not delegated API access to your organisation here (or the delegation was removed)."))
}

fn short(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(120).collect()
}

/// What a grant needs to know of an integration, read once and kept (see [`GrantCache`]):
/// the client, its keys and certificate parsed, and its scopes for its own organisation.
pub struct Registration {
    client: GrantClient,
    keys: Vec<RegisteredKey>,
    certificate: Option<RegisteredCertificate>,
    own_scopes: Vec<store::GrantScope>,
}

struct RegisteredKey {
    kid: String,
    n: Vec<u8>,
    e: Vec<u8>,
    expires_at: i64,
}

struct RegisteredCertificate {
    der: Vec<u8>,
    n: Vec<u8>,
    e: Vec<u8>,
    not_before: i64,
    not_after: i64,
}

impl Registration {
    async fn load(conn: &mut AnyConnection, client_id: &str) -> Result<Option<Registration>, GrantFailure> {
        let Some(client) = store::client(conn, client_id).await? else { return Ok(None) };
        let broken = || GrantFailure::Internal(AppError::Internal);
        let parts = |jwk: &keys::Jwk| -> Result<(Vec<u8>, Vec<u8>), GrantFailure> {
            Ok((Base64UrlUnpadded::decode_vec(&jwk.n).map_err(|_| broken())?, Base64UrlUnpadded::decode_vec(&jwk.e).map_err(|_| broken())?))
        };
        let mut keys = Vec::new();
        for row in client_store::keys(conn, &client.id).await? {
            let jwk: keys::Jwk = serde_json::from_str(&row.jwk).map_err(|_| broken())?;
            let (n, e) = parts(&jwk)?;
            keys.push(RegisteredKey { kid: row.kid, n, e, expires_at: row.expires_at });
        }
        let certificate = match client_store::certificate(conn, &client.id).await? {
            None => None,
            Some(row) => {
                let info = keys::parse_certificate(&row.pem).map_err(|_| broken())?;
                let (n, e) = parts(&info.jwk)?;
                let der = pem_der(&row.pem).ok_or_else(broken)?;
                Some(RegisteredCertificate { der, n, e, not_before: row.not_before, not_after: row.not_after })
            }
        };
        let own_scopes = store::client_scopes(conn, &client.id, &client.org_number).await?;
        Ok(Some(Registration { client, keys, certificate, own_scopes }))
    }

    /// The public key the assertion names, as (n, e), and how the client authenticated.
    fn signing_key(&self, key: &KeyRef, now: i64) -> Result<(&[u8], &[u8], &'static str), GrantFailure> {
        match key {
            KeyRef::Kid(kid) => {
                let k = self.keys.iter().find(|k| &k.kid == kid).ok_or_else(|| {
                    TokenError::grant(format!(
                        "No key with kid \"{}\" is registered on this integration; register it under \"Egne public nøkler\".",
                        short(kid)
                    ))
                })?;
                if k.expires_at <= now {
                    return Err(TokenError::grant(format!("The key \"{kid}\" has expired; register it again or add a new key.")).into());
                }
                Ok((&k.n, &k.e, "private_key_jwt"))
            }
            KeyRef::Certificate(b64) => {
                let der = Base64::decode_vec(b64).map_err(|_| TokenError::request("x5c's first entry is not standard base64 (DER)."))?;
                let c = self.certificate.as_ref().ok_or_else(|| {
                    TokenError::grant("No virksomhetssertifikat is registered on this integration; register it, or sign with a registered key (kid).")
                })?;
                if der != c.der {
                    return Err(TokenError::grant("The certificate in x5c is not the one registered on this integration.").into());
                }
                if now < c.not_before || now >= c.not_after {
                    return Err(TokenError::grant("The registered certificate is not valid now (expired or not yet valid); register a valid one.").into());
                }
                Ok((&c.n, &c.e, "virksomhetssertifikat"))
            }
        }
    }
}

/// Registrations by client_id, each good while nothing has changed since it was read
/// (`LiveHub::generation`: every change to a client, key, certificate, scope, access list
/// or delegation publishes an event, here at once and on other instances through
/// PostgreSQL) and for at most [`REGISTRATION_CACHE`]. Unknown ids are not kept.
#[derive(Default)]
pub struct GrantCache {
    map: Mutex<HashMap<String, Cached>>,
}

/// A registration, the change generation it was read at, and when.
struct Cached {
    generation: u64,
    at: Instant,
    registration: Arc<Registration>,
}

/// The longest a registration is trusted without a change event, for changes made to the
/// database by other means.
const REGISTRATION_CACHE: Duration = Duration::from_secs(30);

/// The integration's registration: from the cache when nothing changed since, else read.
async fn registration(state: &AppState, client_id: &str) -> Result<Option<Arc<Registration>>, GrantFailure> {
    // Read before the database: a change committed after this makes the entry stale.
    let generation = state.live.generation();
    {
        let map = state.grant_cache.map.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = map.get(client_id) {
            if c.generation == generation && c.at.elapsed() < REGISTRATION_CACHE {
                return Ok(Some(c.registration.clone()));
            }
        }
    }
    let mut conn = state.pool.acquire().await?;
    let Some(reg) = Registration::load(&mut conn, client_id).await? else { return Ok(None) };
    let reg = Arc::new(reg);
    let mut map = state.grant_cache.map.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() >= 10_000 {
        map.clear();
    }
    map.insert(client_id.to_string(), Cached { generation, at: Instant::now(), registration: reg.clone() });
    Ok(Some(reg))
}

fn pem_der(pem: &str) -> Option<Vec<u8>> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).map(str::trim).collect();
    Base64::decode_vec(&body).ok()
}

/// The customer the client acts for: `consumer_org` in the assertion, or the customer the
/// integration was made for. `None` for the client's own organisation.
async fn customer(conn: &mut AnyConnection, client: &GrantClient, claims: &AssertionClaims) -> Result<Option<orgs::OrgRow>, GrantFailure> {
    let made_for = match &client.customer_org_id {
        Some(id) => orgs::by_id(conn, id).await?,
        None => None,
    };
    let Some(number) = &claims.consumer_org else { return Ok(made_for) };
    if number.as_str() == client.org_number && made_for.is_none() {
        return Ok(None);
    }
    if let Some(m) = &made_for {
        if m.org_number != number.as_str() {
            return Err(TokenError::grant(format!("This integration acts for organisation {}; consumer_org must be that or left out.", m.org_number)).into());
        }
        return Ok(made_for);
    }
    match orgs::by_number(conn, number.as_str()).await? {
        Some(org) => Ok(Some(org)),
        // Said the same way as a customer that never delegated: whether an organisation
        // is registered here is not the caller's business.
        None => Err(not_delegated(number.as_str()).into()),
    }
}

/// Forgets `jti`s of assertions that can no longer be replayed; run now and then.
pub async fn purge_used_jtis(state: &AppState) -> Result<u64, AppError> {
    let mut conn = state.pool.acquire().await?;
    Ok(store::purge_jtis(&mut conn, now() - crate::domain::token::CLOCK_SKEW_SECONDS).await?)
}

/// "Test token" on the integration page: the pasted assertion goes through the real grant
/// (its `jti` is used up like any other), and the answer is shown as the endpoint gave it.
/// Only for the user's own integration, and only an assertion made for it.
pub async fn test_assertion(state: &AppState, user: &crate::server::session::CurrentUser, client_id: &str, assertion: &str) -> Result<TokenTest, AppError> {
    if keys::contains_private_key(assertion) {
        return Err(AppError::field("assertion", keys::PRIVATE_KEY_WARNING));
    }
    let (client, ..) = {
        let mut conn = state.pool.acquire().await?;
        super::clients::own_client(state, &mut conn, user, client_id).await?
    };
    let refused = |e: TokenError| {
        let error = serde_json::to_value(e.error).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        TokenTest::Refused { error, description: e.error_description }
    };
    // The claims are read before the grant only to compare iss with this integration.
    let iss = match jose::split(assertion) {
        Err(e) => return Ok(refused(e)),
        Ok(jws) => jws.claims.get("iss").and_then(|v| v.as_str()).map(str::to_string),
    };
    if iss.as_deref() != Some(client.id.as_str()) {
        return Ok(refused(TokenError::grant(format!("iss must be this integration's client_id, {}.", client.id))));
    }
    match grant(state, &client.environment, Some(JWT_BEARER), Some(assertion)).await {
        Ok(t) => {
            let claims = jose::decode_unverified(&t.access_token).map(|(_, c)| c).unwrap_or_default();
            Ok(TokenTest::Issued { claims: serde_json::to_string_pretty(&claims).unwrap_or_default(), expires_in: t.expires_in })
        }
        Err(GrantFailure::Refused(e)) => Ok(refused(e)),
        Err(GrantFailure::Throttled(wait)) => {
            Err(AppError::TooManyRequests(format!("For mange forespørsler etter token for denne integrasjonen; vent {wait} sekunder.")))
        }
        Err(GrantFailure::Internal(e)) => Err(e),
    }
}

/// An access token this portal issued, checked: for the REST API.
#[derive(Debug, Clone)]
pub struct VerifiedToken {
    pub environment: String,
    pub client_id: String,
    /// The consumer's organisation number.
    pub org_number: String,
    pub scopes: Vec<String>,
    /// Issued to a supplier acting for the consumer.
    pub supplier: bool,
}

#[derive(Debug)]
pub enum AccessTokenRefusal {
    /// Not ours, not valid, or expired: the words say which.
    Invalid(String),
    Internal(AppError),
}

/// Checks an access token: RS256 by a published key of the environment whose issuer it
/// names, not expired.
pub async fn verify_access_token(state: &AppState, token: &str) -> Result<VerifiedToken, AccessTokenRefusal> {
    let bad = |why: &str| AccessTokenRefusal::Invalid(why.to_string());
    let jws = jose::split(token).map_err(|_| bad("The access token is not a signed JWT."))?;
    let text = |name: &str| jws.claims.get(name).and_then(|v| v.as_str()).map(str::to_string);
    let iss = text("iss").ok_or_else(|| bad("The access token has no issuer."))?;
    let env = state
        .config
        .environments
        .iter()
        .map(|e| e.id.as_str().to_string())
        .find(|e| issuer(&state.config.public_url, e) == iss)
        .ok_or_else(|| bad("The access token was not issued by this portal."))?;
    if jws.header.get("alg").and_then(|v| v.as_str()) != Some("RS256") {
        return Err(bad("The access token must be signed RS256 by this portal."));
    }
    let kid = jws.header.get("kid").and_then(|v| v.as_str()).ok_or_else(|| bad("The access token names no key."))?;
    let keys = env_keys(state, &env).await.map_err(AccessTokenRefusal::Internal)?;
    let key = keys.published.iter().find(|k| k["kid"].as_str() == Some(kid)).ok_or_else(|| bad("The access token's key is not one of this portal's."))?;
    let part = |name: &str| key[name].as_str().and_then(|s| Base64UrlUnpadded::decode_vec(s).ok()).unwrap_or_default();
    if !jose::verify("RS256", &part("n"), &part("e"), jws.signing_input.as_bytes(), &jws.signature) {
        return Err(bad("The access token's signature does not verify."));
    }
    let exp = jws.claims.get("exp").and_then(|v| v.as_i64()).ok_or_else(|| bad("The access token has no exp."))?;
    if exp <= now() {
        return Err(bad("The access token has expired; get a new one from the token endpoint."));
    }
    if let Some(aud) = jws.claims.get("aud") {
        let ours = crate::domain::token::api_audience(&state.config.public_url);
        let named = match aud {
            Value::String(a) => a == &ours,
            Value::Array(all) => all.iter().any(|a| a.as_str() == Some(ours.as_str())),
            _ => false,
        };
        if !named {
            return Err(bad(&format!("The access token is meant for another API (aud); ask for one without resource, or with resource={ours}.")));
        }
    }
    let consumer: OrgClaim =
        jws.claims.get("consumer").cloned().and_then(|v| serde_json::from_value(v).ok()).ok_or_else(|| bad("The access token has no consumer."))?;
    let org_number = consumer.org_number().ok_or_else(|| bad("The access token's consumer is not an organisation number."))?.to_string();
    Ok(VerifiedToken {
        environment: env,
        client_id: text("client_id").ok_or_else(|| bad("The access token has no client_id."))?,
        org_number,
        scopes: text("scope").unwrap_or_default().split_whitespace().map(str::to_string).collect(),
        supplier: jws.claims.get("supplier").is_some(),
    })
}
