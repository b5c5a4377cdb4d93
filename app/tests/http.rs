//! HTTP through the router (no socket): pages, server-function encodings, cookies, CSRF.
#![cfg(feature = "ssr")]

mod common;

use app::domain::Right;
use app::server::{
    config::{Config, Mode},
    router, AppState,
};
use axum::body::Body;
use common::fixtures;
use http::{header, Request, StatusCode};

async fn call(app: &axum::Router, req: Request<Body>) -> (StatusCode, http::HeaderMap, String) {
    common::call_router(app, req).await
}

fn post_json(path: &str, body: serde_json::Value, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::post(path).header(header::CONTENT_TYPE, "application/json").header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, format!("sb_session={c}"));
    }
    b.body(Body::from(body.to_string())).unwrap()
}

fn app_with(pool: &sqlx::AnyPool, mode: Mode) -> axum::Router {
    let mut config = Config::for_tests("unused");
    config.mode = mode;
    router::router(AppState::new(common::leptos_options(), pool.clone(), config))
}

common::per_backend! {
    async fn pages_login_cookie_and_session(db, pool) {
        let app = app_with(&pool, Mode::Production);
        let a = common::org(&pool, "310000019", "Tilbyder AS", "tilbyder.test").await;
        common::person(&pool, &a, "kari@tilbyder.test", "Kari Nordmann", &[]).await;

        let (status, headers, html) = call(&app, Request::get("/min-profil").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{db}");
        assert!(html.contains("Logg inn") && html.contains("Registrer deg"), "{db}");
        // Security headers on every response; no HSTS over plain http.
        let csp = headers.get(header::CONTENT_SECURITY_POLICY).expect("CSP").to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'") && csp.contains("object-src 'none'"), "{csp}");
        assert_eq!(headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
        assert_eq!(headers.get(header::REFERRER_POLICY).unwrap(), "same-origin");
        assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());

        let (status, _, body) =
            call(&app, post_json("/api/login", serde_json::json!({"email": "kari@tilbyder.test", "password": "feil passord!"}), None)).await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("Feil e-post eller passord"), "{db}: {body}");

        let (status, headers, _) =
            call(&app, post_json("/api/login", serde_json::json!({"email": "kari@tilbyder.test", "password": common::PASSWORD}), None)).await;
        assert_eq!(status, StatusCode::OK, "{db}");
        let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_string();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), "{cookie}");
        let token = cookie.split(';').next().unwrap().trim_start_matches("sb_session=").to_string();

        let req = Request::get("/api/session_info").header(header::COOKIE, format!("sb_session={token}")).body(Body::empty()).unwrap();
        let (status, _, body) = call(&app, req).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Tilbyder AS"), "{db}: {body}");

        let req = Request::get("/").header(header::COOKIE, format!("sb_session={token}")).body(Body::empty()).unwrap();
        let (_, _, html) = call(&app, req).await;
        assert!(html.contains("Tilbyder AS") && html.contains("Virksomhetens tjenester"), "{db}");
    }
}

common::per_backend! {
    async fn cross_site_posts_are_refused(db, pool) {
        let app = app_with(&pool, Mode::Production);
        let a = common::org(&pool, "310000019", "A AS", "a.test").await;
        let (_, token) = common::person(&pool, &a, "admin@a.test", "Anne Admin", &[Right::MainAdmin]).await;
        let mut req = post_json("/api/set_stricter_access", serde_json::json!({"on": true}), Some(&token));
        req.headers_mut().insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        req.headers_mut().insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
        let (status, _, _) = call(&app, req).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{db}");
        let mut req = post_json("/api/set_stricter_access", serde_json::json!({"on": true}), Some(&token));
        req.headers_mut().insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert_eq!(call(&app, req).await.0, StatusCode::FORBIDDEN);
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM organizations WHERE stricter_access = 1").await, 0);

        // Same origin goes through.
        let mut req = post_json("/api/set_stricter_access", serde_json::json!({"on": true}), Some(&token));
        req.headers_mut().insert(header::ORIGIN, "http://127.0.0.1:3000".parse().unwrap());
        req.headers_mut().insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(call(&app, req).await.0, StatusCode::OK, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM organizations WHERE stricter_access = 1").await, 1);
    }
}

common::per_backend! {
    async fn server_functions_keep_organisations_apart(db, pool) {
        let app = app_with(&pool, Mode::Production);
        let a = common::org(&pool, "310000019", "A AS", "a.test").await;
        let b = common::org(&pool, "310000027", "B AS", "b.test").await;
        let (_, a_token) = common::person(&pool, &a, "admin@a.test", "Anne Admin", &[Right::MainAdmin]).await;
        let (bob, _) = common::person(&pool, &b, "bob@b.test", "Bob Berg", &[Right::ManageApis]).await;

        let grant = serde_json::json!({"input": {"email": "bob@b.test", "last_name": "Berg", "rights": ["ManageIntegrations"]}});
        let (status, _, body) = call(&app, post_json("/api/grant_rights", grant, Some(&a_token))).await;
        assert_ne!(status, StatusCode::OK, "{db}");
        assert!(body.contains("Fant ingen"), "{db}: {body}");
        let remove = serde_json::json!({"user_id": bob.user_id, "rights": ["ManageApis"]});
        let (status, _, _) = call(&app, post_json("/api/remove_rights", remove, Some(&a_token))).await;
        assert_ne!(status, StatusCode::OK, "{db}");
        let req = Request::get("/api/rights_overview").header(header::COOKIE, format!("sb_session={a_token}")).body(Body::empty()).unwrap();
        let (_, _, body) = call(&app, req).await;
        assert!(!body.contains("bob@b.test"), "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM user_rights WHERE revoked_at IS NULL").await, 2);

        // Without a session: refused.
        let (status, _, body) = call(&app, post_json("/api/set_stricter_access", serde_json::json!({"on": true}), None)).await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("Unauthenticated"), "{body}");
    }
}

common::per_backend! {
    async fn mailbox_only_in_development_mode(db, pool) {
        let (status, _, _) = call(&app_with(&pool, Mode::Production), Request::get("/dev/mailbox").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{db}");
        let (status, _, html) = call(&app_with(&pool, Mode::Development), Request::get("/dev/mailbox").body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{db}");
        assert!(html.contains("Utviklerpostkasse"));
    }
}

common::per_backend! {
    /// Integrations over HTTP: created through the server function, the page rendered on the
    /// server, another organisation turned away, and a private key refused by the server too.
    async fn integrations_over_http(db, pool) {
        let app = app_with(&pool, Mode::Production);
        let b = common::org(&pool, "310000027", "Konsument AS", "konsument.test").await;
        let c = common::org(&pool, "310000035", "Annen AS", "annen.test").await;
        let (_, b_token) = common::person(&pool, &b, "ola@konsument.test", "Ola Konsument", &[]).await;
        let (_, c_token) = common::person(&pool, &c, "per@annen.test", "Per Annen", &[]).await;

        let input = serde_json::json!({"environment": "ver1", "input": {"integration_type": "maskinporten", "name": "HTTP-klient",
            "description": "Prøver HTTP", "scopes": [], "redirect_uris": "", "post_logout_redirect_uris": ""}});
        let (status, _, body) = call(&app, post_json("/api/create_client", input, Some(&b_token))).await;
        assert_eq!(status, StatusCode::OK, "{db}: {body}");
        let id: String = serde_json::from_str(&body).unwrap();

        let page = |token: &str| {
            Request::get(format!("/tjenester/integrasjon/{id}")).header(header::COOKIE, format!("sb_session={token}")).body(Body::empty()).unwrap()
        };
        let (status, _, html) = call(&app, page(&b_token)).await;
        assert_eq!(status, StatusCode::OK, "{db}");
        assert!(html.contains("HTTP-klient") && html.contains(&id) && html.contains("Egne public nøkler") && html.contains("Virksomhetssertifikat"), "{db}");
        let (_, _, html) = call(&app, page(&c_token)).await;
        assert!(!html.contains("HTTP-klient") && html.contains("Fant ikke integrasjonen"), "{db}");

        let req = Request::get(format!("/api/client_detail?id={id}")).header(header::COOKIE, format!("sb_session={c_token}")).body(Body::empty()).unwrap();
        let (status, _, body) = call(&app, req).await;
        assert_ne!(status, StatusCode::OK, "{db}");
        assert!(body.contains("Fant ikke integrasjonen") && !body.contains("HTTP-klient"), "{db}: {body}");

        let (status, _, body) =
            call(&app, post_json("/api/add_client_keys", serde_json::json!({"id": id, "keys": fixtures::RSA2048_PRIVATE_PKCS8}), Some(&b_token))).await;
        assert_ne!(status, StatusCode::OK, "{db}");
        assert!(body.contains("privat nøkkel"), "{db}: {body}");
        let (status, _, body) =
            call(&app, post_json("/api/add_client_keys", serde_json::json!({"id": id, "keys": fixtures::RSA2048_SPKI}), Some(&c_token))).await;
        assert_ne!(status, StatusCode::OK, "{db}: {body}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM client_keys").await, 0, "{db}");
        let (status, _, body) =
            call(&app, post_json("/api/add_client_keys", serde_json::json!({"id": id, "keys": fixtures::RSA2048_SPKI}), Some(&b_token))).await;
        assert_eq!(status, StatusCode::OK, "{db}: {body}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM client_keys").await, 1, "{db}");
    }
}

common::per_backend! {
    /// Refusals are answered as refusals (4xx), faults alone as 500: no session 401, a
    /// broken rule 400, a missing right 403, another organisation's or an unknown id 404,
    /// unreadable arguments 400, too many wrong passwords 429, an oversize body 413.
    async fn refusals_get_their_own_status(db, pool) {
        let app = app_with(&pool, Mode::Production);
        let a = common::org(&pool, "310000019", "Tilbyder AS", "tilbyder.test").await;
        let b = common::org(&pool, "310000027", "Konsument AS", "konsument.test").await;
        for env in ["ver1", "prod"] {
            let mut c = pool.acquire().await.unwrap();
            app::server::store::prefixes::assign(&mut c, &a.id, env, "tilbyder", None).await.unwrap();
        }
        let (_, kari) = common::person(&pool, &a, "kari@tilbyder.test", "Kari Tilbyder", &[]).await;
        let (_, ola) = common::person(&pool, &b, "ola@konsument.test", "Ola Konsument", &[]).await;
        let scope = |env: &str, subscope: &str| {
            serde_json::json!({"environment": env, "input": {"prefix": "tilbyder", "subscope": subscope, "description": "Data",
                "long_description": "", "visibility": "PRIVATE", "accessible_for_all": false, "integration_types": ["maskinporten"],
                "at_max_age": "120", "delegable": false}})
        };

        let (status, _, body) = call(&app, post_json("/api/create_scope", scope("ver1", "data"), None)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{db}: {body}");
        let (status, _, body) = call(&app, post_json("/api/create_scope", scope("ver1", "Ugyldig//x"), Some(&kari))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{db}: {body}");
        assert!(body.contains("subscope"), "{db}: the error still names the field: {body}");
        let (status, _, body) = call(&app, post_json("/api/create_scope", scope("prod", "data"), Some(&kari))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{db}: {body}");
        let (status, _, id) = call(&app, post_json("/api/create_scope", scope("ver1", "data"), Some(&kari))).await;
        assert_eq!(status, StatusCode::OK, "{db}: {id}");
        let id: String = serde_json::from_str(&id).unwrap();

        let get = |path: String, token: &str| Request::get(path).header(header::COOKIE, format!("sb_session={token}")).body(Body::empty()).unwrap();
        let (status, _, _) = call(&app, get(format!("/api/scope_detail?id={id}"), &kari)).await;
        assert_eq!(status, StatusCode::OK, "{db}");
        let (status, _, body) = call(&app, get(format!("/api/scope_detail?id={id}"), &ola)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{db}: another organisation's scope: {body}");
        let (status, _, _) = call(&app, get("/api/scope_detail?id=finnes-ikke".into(), &kari)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{db}");

        let (status, _, body) = call(&app, post_json("/api/create_scope", serde_json::json!({"environment": "ver1"}), Some(&kari))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{db}: missing arguments: {body}");

        // As a browser sends it: with its length, so it is refused before it is read.
        let huge = serde_json::json!({"environment": "ver1", "input": "x".repeat(300 * 1024)}).to_string();
        let req = Request::post("/api/create_scope")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_LENGTH, huge.len())
            .header(header::COOKIE, format!("sb_session={kari}"))
            .body(Body::from(huge))
            .unwrap();
        let (status, _, _) = call(&app, req).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{db}");

        let mut statuses = Vec::new();
        for _ in 0..7 {
            let (status, _, _) = call(&app, post_json("/api/login", serde_json::json!({"email": "ola@konsument.test", "password": "feil passord!"}), None)).await;
            statuses.push(status);
        }
        assert!(statuses.iter().all(|s| *s == StatusCode::BAD_REQUEST || *s == StatusCode::TOO_MANY_REQUESTS), "{db}: {statuses:?}");
        assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{db}: {statuses:?}");
        assert!(!statuses.contains(&StatusCode::INTERNAL_SERVER_ERROR), "{db}");
    }
}

common::per_backend! {
    /// "Logg ut overalt" over HTTP: the cookie is cleared and every session ends; the
    /// password pages render for anyone, and "Logg inn" links to "Glemt passord?".
    async fn logout_everywhere_and_the_password_pages(db, pool) {
        let app = app_with(&pool, Mode::Production);
        let a = common::org(&pool, "310000019", "Tilbyder AS", "tilbyder.test").await;
        let (kari, token) = common::person(&pool, &a, "kari@tilbyder.test", "Kari Nordmann", &[]).await;
        let (_, other) = common::login_as(&pool, &kari.user_id).await;

        let (status, headers, body) = call(&app, post_json("/api/logout_everywhere", serde_json::json!({}), Some(&token))).await;
        assert_eq!(status, StatusCode::OK, "{db}: {body}");
        let cookie = headers.get(header::SET_COOKIE).expect("cookie cleared").to_str().unwrap();
        assert!(cookie.starts_with("sb_session=;") && cookie.contains("Max-Age=0"), "{db}: {cookie}");
        for t in [&token, &other] {
            let req = Request::get("/api/session_info").header(header::COOKIE, format!("sb_session={t}")).body(Body::empty()).unwrap();
            let (_, _, body) = call(&app, req).await;
            assert_eq!(body, "null", "{db}: every session ended");
        }
        let (status, _, _) = call(&app, post_json("/api/logout_everywhere", serde_json::json!({}), None)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{db}");

        for (path, words) in [("/min-profil", "Glemt passord?"), ("/glemt-passord", "Send lenke"), ("/nytt-passord?token=abc", "Lagre nytt passord")] {
            let (status, _, html) = call(&app, Request::get(path).body(Body::empty()).unwrap()).await;
            assert_eq!(status, StatusCode::OK, "{db}: {path}");
            assert!(html.contains(words), "{db}: {path} shows «{words}»");
        }
    }
}

common::per_backend! {
    /// With `ADMIN_STEP_UP` on, the operator's page asks for the second factor before it
    /// shows anything: first the way to enrol, then the one-time code.
    async fn operator_pages_ask_for_the_second_factor(db, pool) {
        let mut config = Config::for_tests("unused");
        config.admin_step_up = true;
        let state = AppState::new(common::leptos_options(), pool.clone(), config);
        let app = router::router(state.clone());
        let digdir = common::org(&pool, "991825827", "Digdir", "digdir.no").await;
        let (_, token) = common::operator(&pool, &digdir).await;
        let page = |token: &str| Request::get("/operator").header(header::COOKIE, format!("sb_session={token}")).body(Body::empty()).unwrap();

        let (status, _, html) = call(&app, page(&token)).await;
        assert_eq!(status, StatusCode::OK, "{db}");
        assert!(html.contains("Operatørarbeid krever tofaktorautentisering") && !html.contains("Ny virksomhet"), "{db}");

        let user = common::reload(&pool, &token).await;
        let enrolment = app::server::services::totp::start_enrolment(&state, &user).await.unwrap();
        let code = app::server::totp::code_at(&enrolment.secret, app::server::now()).unwrap();
        app::server::services::totp::confirm_enrolment(&state, &user, &code).await.unwrap();
        let (_, fresh) = common::login_as(&pool, &user.user_id).await;
        let (_, _, html) = call(&app, page(&fresh)).await;
        assert!(html.contains("Bekreft med engangskode") && html.contains("Engangskode") && !html.contains("Ny virksomhet"), "{db}");
        let (status, _, _) = call(&app, post_json("/api/create_organization", serde_json::json!({"input": {"org_number": "310000019",
            "name": "Ny AS", "parent_org_number": "", "domains": "ny.test"}}), Some(&fresh))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{db}");
    }
}
