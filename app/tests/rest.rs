//! The self-service REST API (`/api/v1`) on both databases, through the router: a consumer
//! and a provider doing their work with tokens from the token endpoint, the OpenAPI
//! document, and the cross-tenant matrix (every route × no token, a garbage token, an
//! expired token, a token without the scope, another organisation's ids), 0 successes.
#![cfg(feature = "ssr")]

mod common;

use app::contract::clients::ClientInput;
use app::contract::scopes::ScopeInput;
use app::domain::keys::fixtures;
use app::domain::token::{AccessTokenClaims, OrgClaim};
use app::domain::{IntegrationType, Right, Visibility};
use app::server::config::{Config, Mode};
use app::server::services::{accounts, client_keys, clients, scopes, tokens};
use app::server::{jose, router, seed, store, AppState};
use axum::body::Body;
use base64ct::{Base64UrlUnpadded, Encoding};
use http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};
use sqlx::AnyPool;

const ISSUER: &str = "http://127.0.0.1:3000/maskinporten/ver1/";
const OWNER: &str = "991825827";
const CONSUMER: &str = "310000027";
const PROVIDER: &str = "310000019";
const ALL: &str = "idporten:dcr.read idporten:dcr.write idporten:dcr.modify idporten:scopes.write";

struct World {
    state: AppState,
    app: axum::Router,
    key: Vec<u8>,
    /// Integrations that hold every API scope, with key "k1": the consumer's, the provider's.
    consumer_client: String,
    provider_client: String,
    /// The provider's scope `prov:read`, shared with the consumer.
    provider_scope: String,
}

fn jwk() -> String {
    let n: Vec<u8> =
        (0..fixtures::RSA2048_MODULUS_HEX.len()).step_by(2).map(|i| u8::from_str_radix(&fixtures::RSA2048_MODULUS_HEX[i..i + 2], 16).unwrap()).collect();
    json!({"kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig", "n": Base64UrlUnpadded::encode_string(&n), "e": "AQAB"}).to_string()
}

async fn world(pool: &AnyPool) -> World {
    let state = AppState::new(common::leptos_options(), pool.clone(), Config::for_tests("unused"));
    let app = router::router(state.clone());
    let o = common::org(pool, OWNER, "Digitaliseringsdirektoratet", "digdir.no").await;
    let c = common::org(pool, CONSUMER, "Demo Konsument AS", "konsument.test").await;
    let p = common::org(pool, PROVIDER, "Demo API-tilbyder AS", "tilbyder.test").await;
    let mut conn = pool.acquire().await.unwrap();
    store::prefixes::assign(&mut conn, &o.id, "ver1", "idporten", None).await.unwrap();
    store::prefixes::assign(&mut conn, &p.id, "ver1", "prov", None).await.unwrap();
    for sub in ["dcr.read", "dcr.write", "dcr.modify", "scopes.write"] {
        let fields = store::scopes::ScopeFields {
            description: "API",
            long_description: "",
            visibility: Visibility::Public,
            accessible_for_all: false,
            integration_types: &[IntegrationType::Maskinporten],
            at_max_age: 120,
            delegable: false,
        };
        let id = store::scopes::insert(&mut conn, &o.id, "ver1", "idporten", sub, &fields, None).await.unwrap();
        for org in [CONSUMER, PROVIDER] {
            store::scopes::add_access(&mut conn, &id, org, None).await.unwrap();
        }
    }
    drop(conn);
    let (consumer, _) = common::person(pool, &c, "admin@konsument.test", "Kari", &[Right::MainAdmin]).await;
    let (provider, _) = common::person(pool, &p, "admin@tilbyder.test", "Anne", &[Right::MainAdmin]).await;
    let provider_scope = common::submit(
        ScopeInput {
            prefix: "prov".into(),
            subscope: "read".into(),
            description: "Les".into(),
            visibility: "PUBLIC".into(),
            integration_types: vec!["maskinporten".into()],
            ..ScopeInput::default()
        }
        .parse(),
        |s| scopes::create(&state, &provider, "ver1", s),
    )
    .await
    .unwrap();
    scopes::add_access(&state, &provider, &provider_scope, CONSUMER).await.unwrap();
    let api_client = |who: app::server::session::CurrentUser| {
        let state = state.clone();
        async move {
            let input = ClientInput {
                integration_type: "maskinporten".into(),
                name: "Selvbetjeningsklient".into(),
                description: "Bruker API-et".into(),
                scopes: ALL.split(' ').map(str::to_string).collect(),
                ..ClientInput::default()
            };
            let id = common::submit(input.parse(), |c| clients::create(&state, &who, "ver1", c)).await.unwrap();
            client_keys::add(&state, &who, &id, &jwk()).await.unwrap();
            id
        }
    };
    let consumer_client = api_client(consumer).await;
    let provider_client = api_client(provider).await;
    let key = pem_rfc7468::decode_vec(fixtures::RSA2048_PRIVATE_PKCS8.as_bytes()).unwrap().1;
    World { state, app, key, consumer_client, provider_client, provider_scope }
}

/// A token for `client` with `scope`, from the token endpoint.
async fn token(w: &World, client: &str, scope: &str) -> String {
    token_for(w, client, scope, None).await
}

/// A token as `token` makes, asked for a `resource` (the API it is meant for).
async fn token_for(w: &World, client: &str, scope: &str, resource: Option<&str>) -> String {
    let now = app::server::now();
    let mut claims = json!({"aud": ISSUER, "iss": client, "scope": scope, "iat": now, "exp": now + 60, "jti": app::server::new_id()});
    if let Some(r) = resource {
        claims["resource"] = json!(r);
    }
    let assertion = jose::sign_with_pkcs8(&w.key, &json!({"alg": "RS256", "kid": "k1"}), &claims).unwrap();
    let req = Request::post("/maskinporten/ver1/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={assertion}")))
        .unwrap();
    let (status, _, body) = common::call_router(&w.app, req).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str::<Value>(&body).unwrap()["access_token"].as_str().unwrap().to_string()
}

async fn call(w: &World, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> (StatusCode, http::HeaderMap, Value) {
    let mut b = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match body {
        Some(v) => b.header(header::CONTENT_TYPE, "application/json").body(Body::from(v.to_string())).unwrap(),
        None => b.body(Body::empty()).unwrap(),
    };
    let (status, headers, text) = common::call_router(&w.app, req).await;
    (status, headers, serde_json::from_str(&text).unwrap_or(Value::Null))
}

common::per_backend! {
    async fn a_consumer_and_a_provider_work_through_the_api(db, pool) {
        let w = world(&pool).await;
        let t = token(&w, &w.consumer_client, "idporten:dcr.read idporten:dcr.write idporten:dcr.modify").await;
        let t = Some(t.as_str());

        // Bad input: the same rules and words as the form, per field, nothing saved.
        let (status, _, body) = call(&w, Method::POST, "/api/v1/clients", t, Some(json!({"integration_type": "maskinporten", "name": "", "description": "x"}))).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("validation")), "{db}: {body}");
        assert!(body["fields"].as_array().unwrap().iter().any(|f| f["field"] == "name"), "{db}: {body}");

        let (status, _, made) = call(&w, Method::POST, "/api/v1/clients", t, Some(json!({"integration_type": "maskinporten", "name": "Fra API-et", "description": "Laget med REST", "scopes": ["prov:read"]}))).await;
        assert_eq!(status, StatusCode::CREATED, "{db}: {made}");
        let id = made["client_id"].as_str().unwrap().to_string();
        assert_eq!((made["scopes"].clone(), made["active"].clone()), (json!(["prov:read"]), json!(true)), "{db}");

        let (status, _, keys) = call(&w, Method::POST, &format!("/api/v1/clients/{id}/keys"), t, Some(json!({"key": fixtures::RSA2048_SPKI}))).await;
        assert_eq!(status, StatusCode::CREATED, "{db}: {keys}");
        let kid = keys[0]["kid"].as_str().unwrap().to_string();
        assert_eq!(kid, fixtures::RSA2048_THUMBPRINT, "{db}: PEM became a JWK, kid its thumbprint");
        let (status, _, body) = call(&w, Method::POST, &format!("/api/v1/clients/{id}/keys"), t, Some(json!({"key": fixtures::RSA2048_PRIVATE_PKCS8}))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{db}: a private key is refused: {body}");

        // The page sees what the API made.
        let (list_status, _, list) = call(&w, Method::GET, "/api/v1/clients", t, None).await;
        assert_eq!(list_status, StatusCode::OK, "{db}");
        assert!(list.as_array().unwrap().iter().any(|c| c["client_id"] == id.as_str() && c["keys"] == json!([kid.clone()])), "{db}: {list}");
        let mut conn = pool.acquire().await.unwrap();
        let page_user = store::users::by_email(&mut conn, "admin@konsument.test").await.unwrap().unwrap();
        drop(conn);
        let (user, _) = common::login_as(&pool, &page_user.id).await;
        let detail = clients::detail(&w.state, &user, &id).await.unwrap();
        assert_eq!((detail.name.as_str(), detail.keys.len()), ("Fra API-et", 1), "{db}");

        let (status, _, changed) = call(&w, Method::PUT, &format!("/api/v1/clients/{id}"), t, Some(json!({"name": "Nytt navn", "description": "Endret", "scopes": []}))).await;
        assert_eq!((status, changed["name"].as_str(), changed["scopes"].clone()), (StatusCode::OK, Some("Nytt navn"), json!([])), "{db}: {changed}");
        let (status, _, _) = call(&w, Method::DELETE, &format!("/api/v1/clients/{id}/keys/{kid}"), t, None).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{db}");
        let (status, _, off) = call(&w, Method::POST, &format!("/api/v1/clients/{id}/deactivate"), t, None).await;
        assert_eq!((status, off["active"].clone()), (StatusCode::OK, json!(false)), "{db}");
        // Recorded in the audit log as the integration's API user.
        assert!(common::count(&pool, "SELECT COUNT(*) FROM audit_log a JOIN users u ON u.id = a.actor_user_id WHERE u.email LIKE 'api-klient:%'").await >= 4, "{db}");

        // The provider manages its scopes and their access lists.
        let p = token(&w, &w.provider_client, "idporten:scopes.write").await;
        let p = Some(p.as_str());
        let (status, _, made) = call(&w, Method::POST, "/api/v1/scopes", p, Some(json!({"prefix": "prov", "subscope": "write", "description": "Skriv", "visibility": "PRIVATE", "integration_types": ["maskinporten"], "at_max_age": 300}))).await;
        assert_eq!(status, StatusCode::CREATED, "{db}: {made}");
        assert_eq!((made["name"].as_str(), made["settings"]["at_max_age"].as_i64()), (Some("prov:write"), Some(300)), "{db}");
        let sid = made["id"].as_str().unwrap().to_string();
        let (status, _, body) = call(&w, Method::POST, "/api/v1/scopes", p, Some(json!({"prefix": "annen", "subscope": "x", "description": "x", "visibility": "PUBLIC", "integration_types": ["maskinporten"]}))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{db}: not its prefix: {body}");
        let (status, _, body) = call(&w, Method::PUT, &format!("/api/v1/scopes/{sid}"), p, Some(json!({"description": "Skriv mer", "visibility": "PUBLIC", "integration_types": ["maskinporten", "api_klient"]}))).await;
        assert_eq!((status, body["description"].as_str()), (StatusCode::OK, Some("Skriv mer")), "{db}: {body}");
        let (status, _, list) = call(&w, Method::POST, &format!("/api/v1/scopes/{sid}/access"), p, Some(json!({"org_number": CONSUMER}))).await;
        assert_eq!((status, list[0]["org_number"].as_str()), (StatusCode::CREATED, Some(CONSUMER)), "{db}: {list}");
        let (status, _, body) = call(&w, Method::POST, &format!("/api/v1/scopes/{sid}/access"), p, Some(json!({"org_number": "123"}))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{db}: {body}");
        let (status, _, _) = call(&w, Method::DELETE, &format!("/api/v1/scopes/{sid}/access/{CONSUMER}"), p, None).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{db}");
        let (_, _, list) = call(&w, Method::GET, &format!("/api/v1/scopes/{sid}/access"), p, None).await;
        assert_eq!(list, json!([]), "{db}");
        let (_, _, all) = call(&w, Method::GET, "/api/v1/scopes", p, None).await;
        assert_eq!(all.as_array().unwrap().len(), 2, "{db}: {all}");
    }
}

/// Every route: method, path (`{c}` a client id, `{s}` a scope id, `{k}` a kid), body, scope.
fn routes() -> Vec<(Method, &'static str, Option<Value>, &'static str)> {
    let client = json!({"integration_type": "maskinporten", "name": "Inntrenger", "description": "x", "scopes": []});
    let scope = json!({"prefix": "prov", "subscope": "inn", "description": "x", "visibility": "PUBLIC", "integration_types": ["maskinporten"]});
    vec![
        (Method::GET, "/api/v1/clients", None, "idporten:dcr.read"),
        (Method::POST, "/api/v1/clients", Some(client.clone()), "idporten:dcr.write"),
        (Method::GET, "/api/v1/clients/{c}", None, "idporten:dcr.read"),
        (Method::PUT, "/api/v1/clients/{c}", Some(client), "idporten:dcr.modify"),
        (Method::POST, "/api/v1/clients/{c}/deactivate", None, "idporten:dcr.modify"),
        (Method::GET, "/api/v1/clients/{c}/keys", None, "idporten:dcr.read"),
        (Method::POST, "/api/v1/clients/{c}/keys", Some(json!({"key": fixtures::RSA2048_SPKI})), "idporten:dcr.modify"),
        (Method::DELETE, "/api/v1/clients/{c}/keys/{k}", None, "idporten:dcr.modify"),
        (Method::GET, "/api/v1/scopes", None, "idporten:scopes.write"),
        (Method::POST, "/api/v1/scopes", Some(scope.clone()), "idporten:scopes.write"),
        (Method::GET, "/api/v1/scopes/{s}", None, "idporten:scopes.write"),
        (Method::PUT, "/api/v1/scopes/{s}", Some(scope), "idporten:scopes.write"),
        (Method::GET, "/api/v1/scopes/{s}/access", None, "idporten:scopes.write"),
        (Method::POST, "/api/v1/scopes/{s}/access", Some(json!({"org_number": OWNER})), "idporten:scopes.write"),
        (Method::DELETE, "/api/v1/scopes/{s}/access/{o}", None, "idporten:scopes.write"),
    ]
}

common::per_backend! {
    async fn the_cross_tenant_matrix_has_no_successes(db, pool) {
        let w = world(&pool).await;
        // The victim: the provider (its client with key k1, its scope shared with the consumer).
        let fill = |path: &str| {
            path.replace("{c}", &w.provider_client).replace("{s}", &w.provider_scope).replace("{k}", "k1").replace("{o}", CONSUMER)
        };
        let attacker_all = token(&w, &w.consumer_client, ALL).await;
        let attacker_read = token(&w, &w.consumer_client, "idporten:dcr.read").await;
        let attacker_scopes = token(&w, &w.consumer_client, "idporten:scopes.write").await;
        // An expired token, signed by the environment's real key.
        let keys = tokens::env_keys(&w.state, "ver1").await.unwrap();
        let now = app::server::now();
        let expired = keys.current.sign_jwt(&AccessTokenClaims {
            iss: ISSUER.into(), client_id: w.consumer_client.clone(), client_amr: "private_key_jwt".into(), token_type: "Bearer".into(),
            consumer: OrgClaim::of(CONSUMER), supplier: None, scope: ALL.into(), aud: None, iat: now - 200, exp: now - 80, jti: "x".into(),
        }).unwrap();
        // A token signed by someone else's key, and one for a customer (with supplier).
        let forged = jose::sign_with_pkcs8(&w.key, &json!({"alg": "RS256", "kid": keys.current.kid}), &json!({"iss": ISSUER, "client_id": w.consumer_client, "consumer": OrgClaim::of(PROVIDER), "scope": ALL, "exp": now + 60})).unwrap();
        let delegated = keys.current.sign_jwt(&AccessTokenClaims {
            iss: ISSUER.into(), client_id: w.consumer_client.clone(), client_amr: "private_key_jwt".into(), token_type: "Bearer".into(),
            consumer: OrgClaim::of(PROVIDER), supplier: Some(OrgClaim::of(CONSUMER)), scope: ALL.into(), aud: None, iat: now, exp: now + 60, jti: "y".into(),
        }).unwrap();

        let mut attempts = 0;
        for (method, template, body, scope) in routes() {
            let path = fill(template);
            let wrong = if scope == "idporten:scopes.write" { attacker_read.as_str() } else { attacker_scopes.as_str() };
            let mut tries: Vec<(&str, Option<&str>, Vec<StatusCode>)> = vec![
                ("no token", None, vec![StatusCode::UNAUTHORIZED]),
                ("garbage token", Some("not.a.token"), vec![StatusCode::UNAUTHORIZED]),
                ("expired token", Some(expired.as_str()), vec![StatusCode::UNAUTHORIZED]),
                ("forged token", Some(forged.as_str()), vec![StatusCode::UNAUTHORIZED]),
                ("a supplier's token for a customer", Some(delegated.as_str()), vec![StatusCode::FORBIDDEN]),
                ("wrong scope", Some(wrong), vec![StatusCode::FORBIDDEN]),
            ];
            if template.contains('{') {
                tries.push(("another organisation's ids", Some(attacker_all.as_str()), vec![StatusCode::NOT_FOUND]));
            }
            for (what, token, expect) in tries {
                attempts += 1;
                let (status, headers, answer) = call(&w, method.clone(), &path, token, body.clone()).await;
                assert!(expect.contains(&status), "{db}: {method} {template} with {what}: {status} {answer}");
                if status == StatusCode::UNAUTHORIZED {
                    assert!(headers.get(header::WWW_AUTHENTICATE).is_some(), "{db}: {method} {template} with {what}");
                }
            }
        }
        assert!(attempts >= 90, "{attempts}");
        // Lists show only the caller's own: the consumer sees none of the provider's.
        let (_, _, list) = call(&w, Method::GET, "/api/v1/clients", Some(&attacker_all), None).await;
        assert!(list.as_array().unwrap().iter().all(|c| c["client_id"] != w.provider_client.as_str()), "{db}: {list}");
        let (_, _, list) = call(&w, Method::GET, "/api/v1/scopes", Some(&attacker_all), None).await;
        assert_eq!(list, json!([]), "{db}");
        // Nothing of the victim's changed.
        assert_eq!(common::count(&pool, &format!("SELECT COUNT(*) FROM client_keys WHERE client_id = '{}'", w.provider_client)).await, 1, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM clients WHERE name = 'Inntrenger'").await, 0, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM clients WHERE active = 0").await, 0, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM scope_access WHERE removed_at IS NOT NULL").await, 0, "{db}");
    }
}

common::per_backend! {
    async fn the_openapi_document_describes_every_route(db, pool) {
        let w = world(&pool).await;
        let (status, _, doc) = call(&w, Method::GET, "/api/v1/openapi.json", None, None).await;
        assert_eq!(status, StatusCode::OK, "{db}");
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{doc}");
        for (method, template, _, scope) in routes() {
            let path = template.replace("{c}", "{id}").replace("{s}", "{id}").replace("{k}", "{kid}").replace("{o}", "{org_number}");
            let op = &doc["paths"][&path][method.as_str().to_lowercase()];
            assert!(op.is_object(), "{db}: {method} {path} is in the document");
            assert_eq!(op["security"][0]["bearer"], json!([scope]), "{db}: {method} {path}");
        }
        let req = Request::get("/api/v1/docs").body(Body::empty()).unwrap();
        let (status, _, html) = common::call_router(&w.app, req).await;
        assert_eq!(status, StatusCode::OK, "{db}");
        assert!(html.contains("/api/v1/clients/{id}/keys") && html.contains("idporten:dcr.modify"), "{db}");
        // Request and answer schemas by name, linked to their descriptions on the page.
        assert!(html.contains("201 <a href=\"#ClientOut\">") && html.contains("[<a href=\"#KeyOut\">") && html.contains("id=\"ErrorBody\""), "{db}: {html}");
        assert!(!html.contains("<script"), "{db}: no scripts");
    }
}

common::per_backend! {
    async fn a_token_stops_working_when_its_integration_is_deactivated_or_it_is_meant_for_another_api(db, pool) {
        let w = world(&pool).await;
        // A token asked for another API (resource) is that API's, not the portal's.
        let elsewhere = token_for(&w, &w.consumer_client, "idporten:dcr.read", Some("https://api.tilbyder.test/v1")).await;
        let (status, headers, body) = call(&w, Method::GET, "/api/v1/clients", Some(&elsewhere), None).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_token")), "{db}: {body}");
        assert!(headers.get(header::WWW_AUTHENTICATE).is_some(), "{db}");
        let ours = token_for(&w, &w.consumer_client, "idporten:dcr.read", Some("http://127.0.0.1:3000/api/v1")).await;
        let (status, _, body) = call(&w, Method::GET, "/api/v1/clients", Some(&ours), None).await;
        assert_eq!(status, StatusCode::OK, "{db}: a token meant for the portal's API: {body}");

        // Deactivated on the page: the token, still unexpired, opens nothing more.
        let t = token(&w, &w.consumer_client, "idporten:dcr.read").await;
        let (status, _, _) = call(&w, Method::GET, "/api/v1/clients", Some(&t), None).await;
        assert_eq!(status, StatusCode::OK, "{db}");
        let mut conn = pool.acquire().await.unwrap();
        let page_user = store::users::by_email(&mut conn, "admin@konsument.test").await.unwrap().unwrap();
        drop(conn);
        let (user, _) = common::login_as(&pool, &page_user.id).await;
        clients::set_active(&w.state, &user, &w.consumer_client, false).await.unwrap();
        let (status, headers, body) = call(&w, Method::GET, "/api/v1/clients", Some(&t), None).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_token")), "{db}: {body}");
        assert!(headers.get(header::WWW_AUTHENTICATE).is_some(), "{db}");

        // The integration's API user exists now, and nobody can log in as it.
        let email = store::users::api_user_email(&w.consumer_client);
        let mut conn = pool.acquire().await.unwrap();
        let api_user = store::users::by_email(&mut conn, &email).await.unwrap().expect("made at first use");
        drop(conn);
        assert_eq!((api_user.org_id, api_user.is_operator), (None, false), "{db}");
        for password in ["!", "", "Demopassord1"] {
            assert!(accounts::login(&w.state, &email, password, "127.0.0.1").await.is_err(), "{db}: login as the API user with {password:?}");
        }
        assert!(!app::server::crypto::verify_password("!", Some(api_user.password_hash)).await, "{db}: its password hash verifies nothing");
    }
}

common::per_backend! {
    async fn unknown_operations_are_answered_in_json_and_server_functions_still_work(db, pool) {
        let w = world(&pool).await;
        for path in ["/api/v1/nothing", "/api/v1/clients/x/y/z"] {
            let (status, _, body) = call(&w, Method::GET, path, None, None).await;
            assert_eq!((status, body["error"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")), "{db}: {path}: {body}");
        }
        // A server function beside /api/v1 is still one (no session: it says so, 200).
        let req = Request::get("/api/session_info").body(Body::empty()).unwrap();
        let (status, _, body) = common::call_router(&w.app, req).await;
        assert_eq!(status, StatusCode::OK, "{db}: {body}");
    }
}

common::per_backend! {
    async fn the_seed_shares_the_api_scopes_and_a_demo_integration_uses_them(db, pool) {
        let mut config = Config::for_tests("unused");
        config.mode = Mode::Development;
        config.operator_email = Some(app::domain::Email::parse("operator@digdir.no").unwrap());
        config.operator_password = Some("Operatorpassord1".into());
        seed::run(&pool, &config).await.unwrap();
        seed::run(&pool, &config).await.unwrap();
        // Four scopes in each of ver1, ver2 and prod, owned by Digdir, once however often it runs.
        let api_scopes = "SELECT COUNT(*) FROM scopes s JOIN organizations o ON o.id = s.org_id \
            WHERE s.prefix = 'idporten' AND o.org_number = '991825827' AND s.integration_types LIKE '%api_klient%'";
        assert_eq!(common::count(&pool, api_scopes).await, 12, "{db}");
        let shared = "SELECT COUNT(*) FROM scope_access a JOIN scopes s ON s.id = a.scope_id \
            WHERE s.prefix = 'idporten' AND a.removed_at IS NULL AND a.consumer_org_number IN ('310000019', '310000027')";
        assert_eq!(common::count(&pool, shared).await, 24, "{db}");

        // The demo consumer's administrator puts the scopes on an integration and calls the API.
        let state = AppState::new(common::leptos_options(), pool.clone(), config);
        let app = router::router(state.clone());
        let mut conn = pool.acquire().await.unwrap();
        let admin = store::users::by_email(&mut conn, "admin@konsument.test").await.unwrap().expect("seeded");
        drop(conn);
        let (user, _) = common::login_as(&pool, &admin.id).await;
        let input = ClientInput {
            integration_type: "api_klient".into(),
            name: "Selvbetjening".into(),
            description: "Demo".into(),
            scopes: vec!["idporten:dcr.read".into(), "idporten:dcr.write".into()],
            ..ClientInput::default()
        };
        let id = common::submit(input.parse(), |c| clients::create(&state, &user, "ver2", c)).await.unwrap();
        client_keys::add(&state, &user, &id, &jwk()).await.unwrap();
        let key = pem_rfc7468::decode_vec(fixtures::RSA2048_PRIVATE_PKCS8.as_bytes()).unwrap().1;
        let w = World { state, app, key, consumer_client: id.clone(), provider_client: String::new(), provider_scope: String::new() };
        let now = app::server::now();
        let issuer = "http://127.0.0.1:3000/maskinporten/ver2/";
        let claims = json!({"aud": issuer, "iss": id, "scope": "idporten:dcr.read", "iat": now, "exp": now + 60, "jti": app::server::new_id()});
        let assertion = jose::sign_with_pkcs8(&w.key, &json!({"alg": "RS256", "kid": "k1"}), &claims).unwrap();
        let req = Request::post("/maskinporten/ver2/token")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={assertion}")))
            .unwrap();
        let (status, _, body) = common::call_router(&w.app, req).await;
        assert_eq!(status, StatusCode::OK, "{db}: {body}");
        let t = serde_json::from_str::<Value>(&body).unwrap()["access_token"].as_str().unwrap().to_string();
        let (status, _, list) = call(&w, Method::GET, "/api/v1/clients", Some(&t), None).await;
        assert_eq!(status, StatusCode::OK, "{db}: {list}");
        assert!(list.as_array().unwrap().iter().any(|c| c["client_id"] == id.as_str() && c["environment"] == "ver2"), "{db}: {list}");
    }
}
