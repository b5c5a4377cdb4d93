//! The Maskinporten-compatible token endpoint on both databases, through the router:
//! metadata and keys, a grant and every claim of its token, rotation, delegation
//! (`consumer_org`), and a hostile set of assertions that must each be refused with the
//! right RFC 6749 error.
#![cfg(feature = "ssr")]

mod common;

use app::contract::clients::ClientInput;
use app::contract::delegations::{DelegableRightInput, DelegationInput};
use app::contract::scopes::ScopeInput;
use app::domain::keys::fixtures;
use app::domain::{Right, Visibility};
use app::server::config::Config;
use app::server::jose;
use app::server::services::{client_keys, clients, delegations, scopes, tokens};
use app::server::{router, session::CurrentUser, AppState};
use axum::body::Body;
use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use http::{header, Request, StatusCode};
use serde_json::{json, Value};
use sqlx::AnyPool;

const PROVIDER: &str = "991825827";
const CONSUMER: &str = "310000027"; // the organisation in fixtures::CERT_OK
const SUPPLIER: &str = "310000035";
const OTHER: &str = "310000043";
const ISSUER: &str = "http://127.0.0.1:3000/maskinporten/ver1/";

struct World {
    state: AppState,
    app: axum::Router,
    provider: CurrentUser,
    consumer: CurrentUser,
    supplier: CurrentUser,
    other: CurrentUser,
    /// The consumer's Maskinporten integration: key `fixtures::RSA2048_*` as kid "k1", the
    /// certificate `CERT_OK`, scopes prov:read (300 s) and prov:write (120 s).
    client: String,
    read_scope: String,
    write_scope: String,
    key: Vec<u8>,
}

fn scope(subscope: &str, at_max_age: &str, delegable: bool) -> ScopeInput {
    ScopeInput {
        prefix: "prov".into(),
        subscope: subscope.into(),
        description: "Test".into(),
        visibility: Visibility::Public.code().into(),
        delegable,
        at_max_age: at_max_age.into(),
        integration_types: vec!["maskinporten".into(), "api_klient".into()],
        ..ScopeInput::default()
    }
}

fn client_input(kind: &str, name: &str, scopes: &[&str], customer: &str) -> ClientInput {
    ClientInput {
        integration_type: kind.into(),
        name: name.into(),
        description: "Fagsystem".into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        customer: customer.into(),
        ..ClientInput::default()
    }
}

fn private_der(pem: &str) -> Vec<u8> {
    pem_rfc7468::decode_vec(pem.as_bytes()).unwrap().1
}

fn jwk_of(kid: &str, n: &[u8], e: &[u8]) -> String {
    json!({"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig", "n": Base64UrlUnpadded::encode_string(n), "e": Base64UrlUnpadded::encode_string(e)})
        .to_string()
}

async fn world(pool: &AnyPool) -> World {
    world_with(pool, Config::for_tests("unused")).await
}

async fn world_with(pool: &AnyPool, config: Config) -> World {
    let state = AppState::new(common::leptos_options(), pool.clone(), config);
    let app = router::router(state.clone());
    let p = common::org(pool, PROVIDER, "Tilbyder AS", "tilbyder.test").await;
    let c = common::org(pool, CONSUMER, "Demo Konsument AS", "konsument.test").await;
    let s = common::org(pool, SUPPLIER, "Leverandør AS", "leverandor.test").await;
    let o = common::org(pool, OTHER, "Annen AS", "annen.test").await;
    let mut conn = pool.acquire().await.unwrap();
    for env in ["ver1", "ver2"] {
        app::server::store::prefixes::assign(&mut conn, &p.id, env, "prov", None).await.unwrap();
    }
    drop(conn);
    let (provider, _) = common::person(pool, &p, "api@tilbyder.test", "Tor Tilbyder", &[]).await;
    let (consumer, _) = common::person(pool, &c, "dev@konsument.test", "Kari Konsument", &[Right::MainAdmin]).await;
    let (supplier, _) = common::person(pool, &s, "dev@leverandor.test", "Lise Leverandør", &[Right::ManageIntegrations, Right::Supplier]).await;
    let (other, _) = common::person(pool, &o, "dev@annen.test", "Anne Annen", &[]).await;
    let read_scope = common::submit(scope("read", "300", true).parse(), |s| scopes::create(&state, &provider, "ver1", s)).await.unwrap();
    let write_scope = common::submit(scope("write", "", true).parse(), |s| scopes::create(&state, &provider, "ver1", s)).await.unwrap();
    for id in [&read_scope, &write_scope] {
        scopes::add_access(&state, &provider, id, CONSUMER).await.unwrap();
    }
    let client =
        common::submit(client_input("maskinporten", "Fagsystem", &["prov:read", "prov:write"], "").parse(), |c| clients::create(&state, &consumer, "ver1", c))
            .await
            .unwrap();
    let der = private_der(fixtures::RSA2048_PRIVATE_PKCS8);
    let n = hex(fixtures::RSA2048_MODULUS_HEX);
    client_keys::add(&state, &consumer, &client, &jwk_of("k1", &n, &[1, 0, 1])).await.unwrap();
    client_keys::set_certificate(&state, &consumer, &client, fixtures::CERT_OK).await.unwrap();
    World { state, app, provider, consumer, supplier, other, client, read_scope, write_scope, key: der }
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn now() -> i64 {
    app::server::now()
}

/// Good claims for `client`, with `extra` merged in (a null removes a claim).
fn claims(client: &str, extra: Value) -> Value {
    let mut c = json!({"aud": ISSUER, "iss": client, "scope": "prov:read", "iat": now(), "exp": now() + 60, "jti": uuid()});
    for (k, v) in extra.as_object().unwrap() {
        if v.is_null() {
            c.as_object_mut().unwrap().remove(k);
        } else {
            c[k] = v.clone();
        }
    }
    c
}

fn uuid() -> String {
    app::server::new_id()
}

fn sign(key: &[u8], header: Value, claims: &Value) -> String {
    jose::sign_with_pkcs8(key, &header, claims).unwrap()
}

fn kid(k: &str) -> Value {
    json!({"alg": "RS256", "kid": k})
}

fn cert_der(pem: &str) -> String {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    body
}

async fn post_token(app: &axum::Router, env: &str, body: String) -> (StatusCode, Value) {
    let req =
        Request::post(format!("/maskinporten/{env}/token")).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(body)).unwrap();
    let (status, _, text) = common::call_router(app, req).await;
    (status, serde_json::from_str(&text).unwrap_or_else(|_| json!({"raw": text})))
}

fn form(assertion: &str) -> String {
    format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={assertion}")
}

async fn grant(w: &World, assertion: &str) -> (StatusCode, Value) {
    post_token(&w.app, "ver1", form(assertion)).await
}

async fn get_json(app: &axum::Router, path: &str) -> (StatusCode, Value) {
    let (status, _, text) = common::call_router(app, Request::get(path).body(Body::empty()).unwrap()).await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Verifies a token against the environment's published keys and returns its claims.
async fn verified_claims(app: &axum::Router, env: &str, token: &str) -> Value {
    let (_, jwks) = get_json(app, &format!("/maskinporten/{env}/jwk")).await;
    let jws = jose::split(token).unwrap();
    let header_kid = jws.header.get("kid").and_then(|k| k.as_str()).unwrap().to_string();
    let key = jwks["keys"].as_array().unwrap().iter().find(|k| k["kid"] == header_kid.as_str()).expect("signing key published");
    let n = Base64UrlUnpadded::decode_vec(key["n"].as_str().unwrap()).unwrap();
    let e = Base64UrlUnpadded::decode_vec(key["e"].as_str().unwrap()).unwrap();
    assert!(jose::verify("RS256", &n, &e, jws.signing_input.as_bytes(), &jws.signature), "token verifies against jwk");
    Value::Object(jws.claims.0.into_iter().collect())
}

common::per_backend! {
    async fn metadata_keys_and_a_grant_with_every_claim(db, pool) {
        let w = world(&pool).await;
        let (status, meta) = get_json(&w.app, "/maskinporten/ver1/.well-known/oauth-authorization-server").await;
        assert_eq!(status, StatusCode::OK, "{db}");
        assert_eq!(meta["issuer"], ISSUER);
        assert_eq!(meta["token_endpoint"], format!("{ISSUER}token"));
        assert_eq!(meta["jwks_uri"], format!("{ISSUER}jwk"));
        assert_eq!(meta["token_endpoint_auth_methods_supported"], json!(["private_key_jwt"]));
        assert_eq!(meta["grant_types_supported"], json!(["urn:ietf:params:oauth:grant-type:jwt-bearer"]));
        assert_eq!(meta["token_endpoint_auth_signing_alg_values_supported"], json!(["RS256", "RS384", "RS512"]));
        assert_eq!(get_json(&w.app, "/maskinporten/nope/jwk").await.0, StatusCode::NOT_FOUND, "{db}");

        // With the registered key (kid): both scopes, lifetime the smaller at_max_age.
        let a = sign(&w.key, kid("k1"), &claims(&w.client, json!({"scope": "prov:read prov:write", "resource": "https://api.tilbyder.test"})));
        let (status, body) = grant(&w, &a).await;
        assert_eq!(status, StatusCode::OK, "{db}: {body}");
        assert_eq!((body["token_type"].as_str(), body["expires_in"].as_i64(), body["scope"].as_str()), (Some("Bearer"), Some(120), Some("prov:read prov:write")), "{db}");
        let c = verified_claims(&w.app, "ver1", body["access_token"].as_str().unwrap()).await;
        assert_eq!(c["iss"], ISSUER);
        assert_eq!(c["client_id"], w.client.as_str());
        assert_eq!(c["client_amr"], "private_key_jwt");
        assert_eq!(c["token_type"], "Bearer");
        assert_eq!(c["consumer"], json!({"authority": "iso6523-actorid-upis", "ID": format!("0192:{CONSUMER}")}));
        assert!(c.get("supplier").is_none(), "{db}");
        assert_eq!(c["scope"], "prov:read prov:write");
        assert_eq!(c["aud"], "https://api.tilbyder.test");
        assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 120);
        assert!((c["iat"].as_i64().unwrap() - now()).abs() <= 2);
        assert!(!c["jti"].as_str().unwrap().is_empty());

        // One scope: its own lifetime. RS512 works too.
        let a = sign(&w.key, json!({"alg": "RS512", "kid": "k1"}), &claims(&w.client, json!({})));
        let (status, body) = grant(&w, &a).await;
        assert_eq!((status, body["expires_in"].as_i64()), (StatusCode::OK, Some(300)), "{db}: {body}");

        // With the registered certificate (x5c).
        let a = sign(&w.key, json!({"alg": "RS256", "x5c": [cert_der(fixtures::CERT_OK)]}), &claims(&w.client, json!({})));
        let (status, body) = grant(&w, &a).await;
        assert_eq!(status, StatusCode::OK, "{db}: {body}");
        let c = verified_claims(&w.app, "ver1", body["access_token"].as_str().unwrap()).await;
        assert_eq!(c["client_amr"], "virksomhetssertifikat");
    }
}

common::per_backend! {
    async fn rotation_keeps_the_old_key_published(db, pool) {
        let w = world(&pool).await;
        let (_, before) = get_json(&w.app, "/maskinporten/ver1/jwk").await;
        assert_eq!(before["keys"].as_array().unwrap().len(), 1, "{db}");
        let old_kid = before["keys"][0]["kid"].as_str().unwrap().to_string();
        // The key survives a restart: a new state on the same database publishes the same key.
        let again = router::router(AppState::new(common::leptos_options(), pool.clone(), Config::for_tests("unused")));
        assert_eq!(get_json(&again, "/maskinporten/ver1/jwk").await.1["keys"][0]["kid"], old_kid.as_str(), "{db}");
        // Other environments have their own key.
        assert_ne!(get_json(&w.app, "/maskinporten/ver2/jwk").await.1["keys"][0]["kid"], old_kid.as_str(), "{db}");

        let new_kid = tokens::rotate(&w.state, "ver1").await.unwrap();
        let (_, after) = get_json(&w.app, "/maskinporten/ver1/jwk").await;
        let kids: Vec<&str> = after["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap()).collect();
        assert_eq!(kids, vec![new_kid.as_str(), old_kid.as_str()], "{db}");
        let (_, body) = grant(&w, &sign(&w.key, kid("k1"), &claims(&w.client, json!({})))).await;
        let (h, _) = jose::decode_unverified(body["access_token"].as_str().unwrap()).unwrap();
        assert_eq!(h["kid"], new_kid.as_str(), "{db}: new tokens are signed with the new key");
        // Once every token the old key signed has expired, it is no longer published.
        sqlx::query("UPDATE token_signing_keys SET retired_at = retired_at - 90000 WHERE retired_at IS NOT NULL").execute(&pool).await.unwrap();
        let fresh = router::router(AppState::new(common::leptos_options(), pool.clone(), Config::for_tests("unused")));
        assert_eq!(get_json(&fresh, "/maskinporten/ver1/jwk").await.1["keys"].as_array().unwrap().len(), 1, "{db}");
    }
}

common::per_backend! {
    async fn a_supplier_gets_tokens_for_a_customer_that_delegated(db, pool) {
        let w = world(&pool).await;
        // A delegable right on prov:read, delegated by the consumer to the supplier.
        let right = common::submit(
            DelegableRightInput { name: "Tilbyder: les".into(), description: "Les".into(), scopes: vec!["prov:read".into()] }.parse(),
            |r| delegations::create_right(&w.state, &w.provider, "ver1", r),
        ).await.unwrap();
        // The supplier's own integration with the scope (delegated scopes need "For en kunde").
        let sup_client = common::submit(client_input("maskinporten", "Leverandørsystem", &[], "").parse(), |c| clients::create(&w.state, &w.supplier, "ver1", c)).await.unwrap();
        let jose::GeneratedKey { pkcs8: der, n, e } = jose::generate_rsa_2048().unwrap();
        client_keys::add(&w.state, &w.supplier, &sup_client, &jwk_of("sup", &n, &e)).await.unwrap();
        let ask = |extra: Value| sign(&der, kid("sup"), &claims(&sup_client, extra));
        // No delegation yet: refused, and the same words as for an organisation that does not exist.
        let (status, body) = grant(&w, &ask(json!({"consumer_org": CONSUMER}))).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")), "{db}: {body}");
        assert!(body["error_description"].as_str().unwrap().contains("has not delegated"), "{db}: {body}");
        let (_, unknown) = grant(&w, &ask(json!({"consumer_org": "310000051"}))).await;
        assert_eq!(unknown["error_description"].as_str().unwrap().replace("310000051", CONSUMER), body["error_description"].as_str().unwrap(), "{db}");

        let ids = common::submit(
            DelegationInput { environment: "ver1".into(), supplier_org_number: SUPPLIER.into(), rights: vec![right] }.parse(),
            |o| delegations::delegate(&w.state, &w.consumer, o),
        ).await.unwrap();
        // The supplier's integration made for the customer carries the delegated scope.
        let for_customer = common::submit(client_input("maskinporten", "For kunden", &["prov:read"], CONSUMER).parse(), |c| clients::create(&w.state, &w.supplier, "ver1", c)).await.unwrap();
        client_keys::add(&w.state, &w.supplier, &for_customer, &jwk_of("sup", &n, &e)).await.unwrap();
        let ask_for = |extra: Value| sign(&der, kid("sup"), &claims(&for_customer, extra));
        for extra in [json!({"consumer_org": CONSUMER}), json!({})] {
            let (status, body) = grant(&w, &ask_for(extra)).await;
            assert_eq!(status, StatusCode::OK, "{db}: {body}");
            let c = verified_claims(&w.app, "ver1", body["access_token"].as_str().unwrap()).await;
            assert_eq!(c["consumer"]["ID"], format!("0192:{CONSUMER}"), "{db}");
            assert_eq!(c["supplier"], json!({"authority": "iso6523-actorid-upis", "ID": format!("0192:{SUPPLIER}")}), "{db}");
        }
        // Not for another customer than the one it was made for.
        let (status, body) = grant(&w, &ask_for(json!({"consumer_org": OTHER}))).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")), "{db}: {body}");
        // A scope delegated but not the other one.
        let (_, body) = grant(&w, &ask_for(json!({"scope": "prov:write"}))).await;
        assert_eq!(body["error"], "invalid_scope", "{db}: {body}");

        // The customer removes the delegation: no more tokens.
        delegations::remove(&w.state, &w.consumer, &ids).await.unwrap();
        let (status, body) = grant(&w, &ask_for(json!({}))).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")), "{db}: {body}");
        assert!(body["error_description"].as_str().unwrap().contains("removed"), "{db}: {body}");
        let _ = (&w.other, &w.read_scope);
    }
}

/// One hostile assertion: what it is, the request body, the error and a word the
/// description must contain.
struct Hostile {
    what: &'static str,
    body: String,
    error: &'static str,
    says: &'static str,
}

common::per_backend! {
    async fn hostile_assertions_are_refused_with_the_right_error(db, pool) {
        let w = world(&pool).await;
        let ok = |extra: Value| sign(&w.key, kid("k1"), &claims(&w.client, extra));
        let b64 = |v: &Value| Base64UrlUnpadded::encode_string(v.to_string().as_bytes());
        let good = claims(&w.client, json!({}));

        // HS256 "signed" with the registered public key as the HMAC secret.
        let hs = {
            use hmac::Mac;
            let input = format!("{}.{}", b64(&json!({"alg": "HS256", "kid": "k1"})), b64(&good));
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(fixtures::RSA2048_SPKI.as_bytes()).unwrap();
            mac.update(input.as_bytes());
            format!("{input}.{}", Base64UrlUnpadded::encode_string(&mac.finalize().into_bytes()))
        };
        // Another client of the same organisation, with its own key; the consumer's key "k1"
        // used by it is "a key of another client".
        let jose::GeneratedKey { pkcs8: other_der, n: n2, e: e2 } = jose::generate_rsa_2048().unwrap();
        let second = common::submit(client_input("maskinporten", "Andre", &["prov:read"], "").parse(), |c| clients::create(&w.state, &w.consumer, "ver1", c)).await.unwrap();
        client_keys::add(&w.state, &w.consumer, &second, &jwk_of("k2", &n2, &e2)).await.unwrap();
        // A client in ver2; a deactivated client; an expired key; a removed key.
        let ver2 = common::submit(client_input("maskinporten", "Ver2", &[], "").parse(), |c| clients::create(&w.state, &w.consumer, "ver2", c)).await.unwrap();
        client_keys::add(&w.state, &w.consumer, &ver2, &jwk_of("k1", &hex(fixtures::RSA2048_MODULUS_HEX), &[1, 0, 1])).await.unwrap();
        let off = common::submit(client_input("maskinporten", "Av", &["prov:read"], "").parse(), |c| clients::create(&w.state, &w.consumer, "ver1", c)).await.unwrap();
        client_keys::add(&w.state, &w.consumer, &off, &jwk_of("k1", &hex(fixtures::RSA2048_MODULUS_HEX), &[1, 0, 1])).await.unwrap();
        clients::set_active(&w.state, &w.consumer, &off, false).await.unwrap();
        client_keys::add(&w.state, &w.consumer, &w.client, &jwk_of("old", &n2, &e2)).await.unwrap();
        sqlx::query("UPDATE client_keys SET expires_at = 1000 WHERE kid = 'old'").execute(&pool).await.unwrap();
        // Written behind the services' back: tell the cache of registrations.
        w.state.live.bump();
        client_keys::remove(&w.state, &w.consumer, &second, "k2").await.unwrap();

        let replayed = ok(json!({}));
        assert_eq!(grant(&w, &replayed).await.0, StatusCode::OK, "{db}: the first use");

        let mut cases = vec![
            Hostile { what: "alg none", body: form(&format!("{}.{}.", b64(&json!({"alg": "none", "kid": "k1"})), b64(&good))), error: "invalid_grant", says: "alg" },
            Hostile { what: "HS256 with the public key as secret", body: form(&hs), error: "invalid_grant", says: "HS256" },
            Hostile { what: "wrong aud", body: form(&ok(json!({"aud": "https://maskinporten.no/"}))), error: "invalid_grant", says: "aud" },
            Hostile { what: "expired", body: form(&ok(json!({"iat": now() - 100, "exp": now() - 1}))), error: "invalid_grant", says: "expired" },
            Hostile { what: "exp - iat > 120 s", body: form(&ok(json!({"exp": now() + 121}))), error: "invalid_grant", says: "120" },
            Hostile { what: "iat in the future", body: form(&ok(json!({"iat": now() + 30, "exp": now() + 60}))), error: "invalid_grant", says: "future" },
            Hostile { what: "replayed jti", body: form(&replayed), error: "invalid_grant", says: "jti" },
            Hostile { what: "missing jti", body: form(&ok(json!({"jti": null}))), error: "invalid_request", says: "jti" },
            Hostile { what: "unknown kid", body: form(&sign(&w.key, kid("nope"), &good)), error: "invalid_grant", says: "nope" },
            Hostile { what: "a key of another client", body: form(&sign(&other_der, kid("k2"), &good)), error: "invalid_grant", says: "k2" },
            Hostile { what: "an expired key", body: form(&sign(&other_der, kid("old"), &good)), error: "invalid_grant", says: "expired" },
            Hostile { what: "a removed key", body: form(&sign(&other_der, kid("k2"), &claims(&second, json!({})))), error: "invalid_grant", says: "k2" },
            Hostile { what: "a deactivated client", body: form(&sign(&w.key, kid("k1"), &claims(&off, json!({})))), error: "invalid_grant", says: "deactivated" },
            Hostile { what: "a client of another environment", body: form(&sign(&w.key, kid("k1"), &claims(&ver2, json!({})))), error: "invalid_grant", says: "ver2" },
            Hostile { what: "a scope not on the client", body: form(&ok(json!({"scope": "prov:other"}))), error: "invalid_scope", says: "not on this integration" },
            Hostile { what: "a consumer_org without delegation", body: form(&ok(json!({"consumer_org": OTHER}))), error: "invalid_grant", says: "delegated" },
            Hostile { what: "another organisation's certificate in x5c", body: form(&sign(&w.key, json!({"alg": "RS256", "x5c": [cert_der(fixtures::CERT_ORGID)]}), &good)), error: "invalid_grant", says: "not the one registered" },
            Hostile { what: "oversize assertion", body: form(&"a".repeat(17 * 1024)), error: "invalid_request", says: "bytes" },
            Hostile { what: "garbage base64", body: form("e30.!!!.AAAA"), error: "invalid_request", says: "base64url" },
            Hostile { what: "jku header", body: form(&sign(&w.key, json!({"alg": "RS256", "kid": "k1", "jku": "https://evil.test/jwks"}), &good)), error: "invalid_grant", says: "jku" },
            Hostile { what: "x5u header", body: form(&sign(&w.key, json!({"alg": "RS256", "kid": "k1", "x5u": "https://evil.test/cert"}), &good)), error: "invalid_grant", says: "x5u" },
            Hostile { what: "duplicate JSON keys", body: form(&format!("{}.{}.AAAA", b64(&json!({"alg": "RS256", "kid": "k1"})), Base64UrlUnpadded::encode_string(format!("{{\"iss\":\"{}\",\"iss\":\"x\"}}", w.client).as_bytes()))), error: "invalid_request", says: "twice" },
            Hostile { what: "a tampered payload", body: form(&{ let t = ok(json!({})); let p: Vec<&str> = t.split('.').collect(); format!("{}.{}.{}", p[0], b64(&claims(&w.client, json!({"scope": "prov:write"}))), p[2]) }), error: "invalid_grant", says: "signature" },
            Hostile { what: "no grant_type", body: format!("assertion={}", ok(json!({}))), error: "invalid_request", says: "grant_type" },
            Hostile { what: "another grant_type", body: format!("grant_type=client_credentials&assertion={}", ok(json!({}))), error: "unsupported_grant_type", says: "jwt-bearer" },
            Hostile { what: "an unknown client", body: form(&sign(&w.key, kid("k1"), &claims("finnes-ikke", json!({})))), error: "invalid_grant", says: "client_id" },
            Hostile { what: "a consumer_org that is not an organisation number", body: form(&ok(json!({"consumer_org": "12345"}))), error: "invalid_request", says: "consumer_org" },
        ];

        for c in &cases {
            let (status, body) = post_token(&w.app, "ver1", c.body.clone()).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{db}: {}: {body}", c.what);
            assert_eq!(body["error"], c.error, "{db}: {}: {body}", c.what);
            let says = body["error_description"].as_str().unwrap_or_default();
            assert!(says.contains(c.says), "{db}: {}: {says:?} should say {:?}", c.what, c.says);
            assert!(!says.contains(OTHER) || c.what.contains("consumer_org"), "{db}: {}: names another organisation", c.what);
        }
        let counted = cases.len();

        // Scope rules: deactivated, access removed, type no longer allowed.
        scopes::set_active(&w.state, &w.provider, &w.write_scope, false).await.unwrap();
        scopes::remove_access(&w.state, &w.provider, &w.read_scope, CONSUMER).await.unwrap();
        cases = vec![
            Hostile { what: "a deactivated scope", body: form(&ok(json!({"scope": "prov:write"}))), error: "invalid_scope", says: "deactivated" },
            Hostile { what: "a scope whose access was removed", body: form(&ok(json!({"scope": "prov:read"}))), error: "invalid_scope", says: "no longer has access" },
        ];
        for c in &cases {
            let (status, body) = post_token(&w.app, "ver1", c.body.clone()).await;
            assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some(c.error)), "{db}: {}: {body}", c.what);
            assert!(body["error_description"].as_str().unwrap().contains(c.says), "{db}: {}: {body}", c.what);
        }
        scopes::add_access(&w.state, &w.provider, &w.read_scope, CONSUMER).await.unwrap();
        let krr_only = ScopeInput { integration_types: vec!["krr".into()], ..scope("read", "300", true) };
        common::submit(krr_only.parse_settings(), |s| scopes::update(&w.state, &w.provider, &w.read_scope, s)).await.unwrap();
        let (status, body) = grant(&w, &ok(json!({"scope": "prov:read"}))).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_scope")), "{db}: {body}");
        assert!(body["error_description"].as_str().unwrap().contains("does not allow"), "{db}: {body}");
        assert!(counted + 3 >= 25, "at least 25 hostile assertions");

        // An expired certificate: time passes for the registered one.
        sqlx::query("UPDATE client_certificates SET not_after = 1000").execute(&pool).await.unwrap();
        w.state.live.bump();
        let (_, body) = grant(&w, &sign(&w.key, json!({"alg": "RS256", "x5c": [cert_der(fixtures::CERT_OK)]}), &good)).await;
        assert_eq!(body["error"], "invalid_grant", "{db}: {body}");
        assert!(body["error_description"].as_str().unwrap().contains("not valid now"), "{db}: {body}");
        let _ = (&w.supplier, &w.other, Base64::encode_string(b""));
    }
}

common::per_backend! {
    async fn grants_are_limited_per_client(db, pool) {
        let mut config = Config::for_tests("unused");
        config.token_grants_per_minute = 3;
        let w = world_with(&pool, config).await;
        for _ in 0..3 {
            assert_eq!(grant(&w, &sign(&w.key, kid("k1"), &claims(&w.client, json!({})))).await.0, StatusCode::OK, "{db}");
        }
        let req = Request::post("/maskinporten/ver1/token")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form(&sign(&w.key, kid("k1"), &claims(&w.client, json!({}))))))
            .unwrap();
        let (status, headers, body) = common::call_router(&w.app, req).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{db}: {body}");
        assert!(headers.get(header::RETRY_AFTER).is_some(), "{db}");
        assert!(body.contains("slow_down") && body.contains("wait"), "{db}: {body}");
        // Somebody else's client is not slowed down by it (and a wrong signature is not counted).
        let _ = (&w.other, &w.supplier);
    }
}

common::per_backend! {
    async fn test_token_on_the_integration_page(db, pool) {
        use app::domain::views::TokenTest;
        let w = world(&pool).await;
        // The page shows the issuer for this integration.
        let detail = clients::detail(&w.state, &w.consumer, &w.client).await.unwrap();
        assert_eq!(detail.issuer.as_deref(), Some(ISSUER), "{db}");
        let issued = tokens::test_assertion(&w.state, &w.consumer, &w.client, &sign(&w.key, kid("k1"), &claims(&w.client, json!({})))).await.unwrap();
        match issued {
            TokenTest::Issued { claims, expires_in } => {
                assert_eq!(expires_in, 300, "{db}");
                assert!(claims.contains(&format!("0192:{CONSUMER}")) && claims.contains("prov:read"), "{db}: {claims}");
            }
            other => panic!("{db}: {other:?}"),
        }
        let refused = tokens::test_assertion(&w.state, &w.consumer, &w.client, &sign(&w.key, kid("k1"), &claims(&w.client, json!({"scope": "prov:nope"})))).await.unwrap();
        assert!(matches!(&refused, TokenTest::Refused { error, description } if error == "invalid_scope" && description.contains("prov:nope")), "{db}: {refused:?}");
        // An assertion for another integration is not tested here.
        let elsewhere = tokens::test_assertion(&w.state, &w.consumer, &w.client, &sign(&w.key, kid("k1"), &claims("annen", json!({})))).await.unwrap();
        assert!(matches!(&elsewhere, TokenTest::Refused { description, .. } if description.contains("iss must be")), "{db}: {elsewhere:?}");
        // Someone else's integration: not found. A private key: refused before anything else.
        let r = tokens::test_assertion(&w.state, &w.other, &w.client, "e30.e30.AA").await;
        assert!(matches!(r, Err(app::error::AppError::NotFound(_))), "{db}: {r:?}");
        let r = tokens::test_assertion(&w.state, &w.consumer, &w.client, fixtures::RSA2048_PRIVATE_PKCS8).await;
        assert!(r.unwrap_err().for_field("assertion").is_some(), "{db}");
    }
}

common::per_backend! {
    async fn a_change_reaches_the_next_grant_even_after_the_registration_was_cached(db, pool) {
        let w = world(&pool).await;
        let ok = || sign(&w.key, kid("k1"), &claims(&w.client, json!({})));
        // Cached by this grant; every change below must be seen by the next one.
        assert_eq!(grant(&w, &ok()).await.0, StatusCode::OK, "{db}");
        scopes::remove_access(&w.state, &w.provider, &w.read_scope, CONSUMER).await.unwrap();
        assert_eq!(grant(&w, &ok()).await.1["error"], "invalid_scope", "{db}: access removed");
        scopes::add_access(&w.state, &w.provider, &w.read_scope, CONSUMER).await.unwrap();
        assert_eq!(grant(&w, &ok()).await.0, StatusCode::OK, "{db}: access back");
        clients::set_active(&w.state, &w.consumer, &w.client, false).await.unwrap();
        assert!(grant(&w, &ok()).await.1["error_description"].as_str().unwrap().contains("deactivated"), "{db}");
        clients::set_active(&w.state, &w.consumer, &w.client, true).await.unwrap();
        assert_eq!(grant(&w, &ok()).await.0, StatusCode::OK, "{db}: active again");
        client_keys::remove(&w.state, &w.consumer, &w.client, "k1").await.unwrap();
        let (status, body) = grant(&w, &ok()).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")), "{db}: removed key: {body}");
        assert!(body["error_description"].as_str().unwrap().contains("k1"), "{db}: {body}");
    }
}
