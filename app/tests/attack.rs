//! The cross-tenant attack matrix: every registered server function, every page route and
//! `/events`, called over HTTP through the router by each kind of attacker, on both
//! databases. An attempt *succeeds* (a hole) when it is not refused with a 4xx, when it
//! changes any stored business data, or when its answer contains the victim's secrets.
//!
//! Attackers: no session; a forged cookie; a cross-site browser request (with a session
//! that could otherwise do it); another organisation's main administrator with every right
//! and a fresh step-up, aiming at the victim's ids; a colleague without the right (the
//! organisation has stricter access); a colleague with the rights but no step-up, in
//! production; a main administrator or the operator without a step-up, at their
//! administrators' work (the production default `ADMIN_STEP_UP=on`).
//!
//! New server functions join by construction: the matrix enumerates the registered
//! functions and fails on one it has no case for (and on a case for a function that no
//! longer exists). Each case also has a *control*: the same arguments from someone
//! allowed to use them must succeed, so a case cannot pass by sending malformed arguments.
//!
//! `scripts/attack.sh` runs this and prints the totals.
#![cfg(feature = "ssr")]

mod common;

use app::contract::delegations::{DelegableRightInput, DelegationInput};
use app::contract::{clients::ClientInput, commercial::CommercialInput, prefix_requests::PrefixRequestInput, scopes::ScopeInput};
use app::domain::Right;
use app::server::services::{client_keys, clients, commercial, delegations, prefix_requests, scopes, totp as totp_service};
use app::server::{
    config::{Config, Mode},
    router,
    session::CurrentUser,
    store, AppState,
};
use axum::body::Body;
use common::fixtures;
use http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};
use sqlx::{AnyPool, Column, Row};

/// Text that exists only in the victim's non-public data. An answer to the attacker that
/// contains it is a leak.
const SECRET: &str = "Hemmelighet";

/// Who is calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attacker {
    NoSession,
    ForgedCookie,
    CrossSite,
    OtherOrganisation,
    WithoutRight,
    ProductionWithoutStepUp,
    AdminWithoutStepUp,
}

/// What a function requires of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Anyone (login, registration, the session probe).
    Public,
    /// A logged-in person; acts only on their own account or organisation.
    Session,
    /// A right, in test environments when the organisation has stricter access.
    Right,
    /// The main administrator.
    MainAdmin,
    /// The platform operator.
    Operator,
}

type Args = fn(&World) -> Value;

struct Case {
    endpoint: &'static str,
    need: Need,
    /// Valid arguments on the attacker's own objects in a test environment.
    own: Args,
    /// The same aimed at the victim's objects, when the function takes ids.
    foreign: Option<Args>,
    /// Valid arguments on the attacker's own objects in production.
    prod: Option<Args>,
}

/// Who does what in the matrix.
struct World {
    a_number: String,
    b_number: String,
    c_number: String,
    /// The attacker's main administrator: every right, TOTP and a fresh step-up.
    a_admin: String,
    /// A colleague without rights (A has stricter access).
    a_plain: String,
    /// A colleague with the API and integration rights and TOTP, not stepped up.
    a_no_step_up: String,
    /// The operator, stepped up (controls for operator functions).
    operator: String,
    /// A main administrator of A and another operator, both enrolled, neither stepped up.
    a_admin_no_step_up: String,
    operator_no_step_up: String,
    a_scope: String,
    a_prod_scope: String,
    a_client: String,
    a_prod_client: String,
    a_kid: String,
    a_prod_kid: String,
    a_request: String,
    a_user_plain_id: String,
    b_scope: String,
    b_public_scope: String,
    b_client: String,
    b_kid: String,
    b_request: String,
    b_user_id: String,
    b_prefix_request: String,
    /// An e-mail to B that could not be sent (its subject is secret).
    failed_mail: String,
    /// A's own delegable right, and A's delegation of B's shared right to C.
    a_right: String,
    a_delegation: String,
    /// B's right A does not hold, B's shared right (A holds it), and B's delegation to C.
    b_secret_right: String,
    b_shared_right: String,
    b_delegation: String,
}

fn scope_input(prefix: &str, subscope: &str, visibility: &str, description: &str) -> ScopeInput {
    ScopeInput {
        prefix: prefix.into(),
        subscope: subscope.into(),
        description: description.into(),
        long_description: format!("{description} (lang)"),
        visibility: visibility.into(),
        integration_types: vec!["maskinporten".into()],
        at_max_age: "120".into(),
        ..ScopeInput::default()
    }
}

fn client_input(name: &str, description: &str) -> ClientInput {
    ClientInput { integration_type: "maskinporten".into(), name: name.into(), description: description.into(), ..ClientInput::default() }
}

/// Enrols the person behind `token` for one-time codes. With `mark`, that session is
/// stepped up; without, a fresh session (which has no step-up yet) is returned instead.
async fn enrol(state: &AppState, pool: &AnyPool, token: &str, mark: bool) -> String {
    let user = common::reload(pool, token).await;
    let enrolment = totp_service::start_enrolment(state, &user).await.unwrap();
    let code = app::server::totp::code_at(&enrolment.secret, app::server::now()).unwrap();
    totp_service::confirm_enrolment(state, &user, &code).await.unwrap();
    if mark {
        let mut c = pool.acquire().await.unwrap();
        store::sessions::mark_stepped_up(&mut c, &user.session_hash).await.unwrap();
        return token.to_string();
    }
    common::login_as(pool, &user.user_id).await.1
}

async fn text(pool: &AnyPool, sql: String) -> String {
    let row: (String,) = sqlx::query_as(&sql).fetch_one(pool).await.unwrap();
    row.0
}

async fn new_scope(state: &AppState, user: &CurrentUser, env: &str, input: ScopeInput) -> String {
    common::submit(input.parse(), |s| scopes::create(state, user, env, s)).await.unwrap()
}

async fn new_client(state: &AppState, user: &CurrentUser, env: &str, input: ClientInput) -> String {
    common::submit(input.parse(), |s| clients::create(state, user, env, s)).await.unwrap()
}

/// Two organisations full of objects: A (the attacker's) and B (the victim), and C, a
/// consumer who asks both for access.
async fn world(pool: &AnyPool) -> World {
    let state = common::state(pool);
    let a = common::org(pool, "310000027", "Angriper AS", "angriper.test").await;
    let b = common::org(pool, "310000019", "Offer AS", "offer.test").await;
    let c = common::org(pool, "310000035", "Tredje AS", "tredje.test").await;
    {
        let mut conn = pool.acquire().await.unwrap();
        for env in ["ver1", "prod"] {
            store::prefixes::assign(&mut conn, &a.id, env, "angriper", None).await.unwrap();
            store::prefixes::assign(&mut conn, &b.id, env, "offer", None).await.unwrap();
        }
    }
    let all = [Right::MainAdmin, Right::ManageApis, Right::ManageIntegrations, Right::Supplier];
    let (_, a_admin) = common::person(pool, &a, "arne@angriper.test", "Arne Angriper", &all).await;
    let (plain, a_plain) = common::person(pool, &a, "una@angriper.test", "Una Uten", &[]).await;
    let (_, a_no_step_up) = common::person(pool, &a, "stig@angriper.test", "Stig Steg", &[Right::ManageApis, Right::ManageIntegrations]).await;
    let (_, b_admin) = common::person(pool, &b, "vera@offer.test", &format!("Vera {SECRET}"), &all).await;
    let (b_user, _) = common::person(pool, &b, "bo@offer.test", &format!("Bo {SECRET}"), &[Right::ManageApis]).await;
    let (c_user, _) = common::person(pool, &c, "cato@tredje.test", "Cato Tredje", &[]).await;
    let (_, a_admin_no_step_up) = common::person(pool, &a, "alf@angriper.test", "Alf Admin", &all).await;
    let (_, operator) = common::operator(pool, &c).await;
    let operator_no_step_up = {
        let mut conn = pool.acquire().await.unwrap();
        let user = store::users::NewUser {
            org_id: Some(&c.id),
            email: "operator2@digdir.no",
            name: "Otto Operatør",
            password_hash: "x",
            confirmed: true,
            is_operator: true,
        };
        let id = store::users::insert(&mut conn, user).await.unwrap();
        common::login_as(pool, &id).await.1
    };
    let operator = enrol(&state, pool, &operator, true).await;
    let operator_no_step_up = enrol(&state, pool, &operator_no_step_up, false).await;
    let a_admin_no_step_up = enrol(&state, pool, &a_admin_no_step_up, false).await;
    let a_admin = enrol(&state, pool, &a_admin, true).await;
    let b_admin = enrol(&state, pool, &b_admin, true).await;
    let a_no_step_up = enrol(&state, pool, &a_no_step_up, false).await;
    let (a_user, b_user_admin) = (common::reload(pool, &a_admin).await, common::reload(pool, &b_admin).await);

    let a_scope = new_scope(&state, &a_user, "ver1", scope_input("angriper", "data", "PRIVATE", "Egne data")).await;
    let a_public_scope = new_scope(&state, &a_user, "ver1", scope_input("angriper", "apent", "PUBLIC", "Åpne data")).await;
    let a_prod_scope = new_scope(&state, &a_user, "prod", scope_input("angriper", "data", "PRIVATE", "Egne data")).await;
    let b_scope = new_scope(&state, &b_user_admin, "ver1", scope_input("offer", "hemmelig", "PRIVATE", SECRET)).await;
    let b_public_scope = new_scope(&state, &b_user_admin, "ver1", scope_input("offer", "apent", "PUBLIC", "Åpne data hos offeret")).await;
    new_scope(&state, &b_user_admin, "prod", scope_input("offer", "hemmelig", "PRIVATE", SECRET)).await;

    let a_client = new_client(&state, &a_user, "ver1", client_input("Angrepsklient", "Egen")).await;
    let a_prod_client = new_client(&state, &a_user, "prod", client_input("Angrepsklient", "Egen")).await;
    let b_client = new_client(&state, &b_user_admin, "ver1", client_input(&format!("{SECRET}sklient"), SECRET)).await;
    // The certificate fixtures belong to 310000027, the attacker's number.
    for (user, id) in [(&a_user, &a_client), (&a_user, &a_prod_client), (&b_user_admin, &b_client)] {
        client_keys::add(&state, user, id, fixtures::RSA2048_SPKI).await.unwrap();
    }
    for id in [&a_client, &a_prod_client] {
        client_keys::set_certificate(&state, &a_user, id, fixtures::CERT_OK).await.unwrap();
    }
    let commercial_input =
        CommercialInput { invoice_email: "faktura@offer.test".into(), invoice_reference: SECRET.into(), contacts: format!("{SECRET}@offer.test") };
    common::submit(commercial_input.parse(), |u| commercial::save_provider(&state, &b_user_admin, u)).await.unwrap();
    common::submit(commercial_input.parse(), |u| clients::save_commercial(&state, &b_user_admin, &b_client, u)).await.unwrap();

    // C asks A and B for access to their public scopes: one pending request for each provider.
    scopes::request_access(&state, &c_user, &a_public_scope).await.unwrap();
    scopes::request_access(&state, &c_user, &b_public_scope).await.unwrap();
    // Delegation: B shares a delegable scope with A and C (and itself) and bundles it in a
    // right; a second right, on a scope only B has, A does not hold. A bundles a scope of
    // its own. B delegates the shared right to C, A delegates it to C too.
    let delegable = |prefix: &str, subscope: &str| ScopeInput { delegable: true, ..scope_input(prefix, subscope, "PUBLIC", "Delbare data") };
    let b_shared = new_scope(&state, &b_user_admin, "ver1", delegable("offer", "delt")).await;
    new_scope(&state, &b_user_admin, "ver1", delegable("offer", "intern")).await;
    new_scope(&state, &a_user, "ver1", delegable("angriper", "delt")).await;
    for org in [&a.number, &b.number, &c.number] {
        scopes::add_access(&state, &b_user_admin, &b_shared, org).await.unwrap();
    }
    let right =
        |name: &str, description: &str, scope: &str| DelegableRightInput { name: name.into(), description: description.into(), scopes: vec![scope.into()] };
    let b_shared_right =
        common::submit(right("Offer-rett", "Delbar", "offer:delt").parse(), |r| delegations::create_right(&state, &b_user_admin, "ver1", r)).await.unwrap();
    let b_secret_right =
        common::submit(right("Offer-intern", SECRET, "offer:intern").parse(), |r| delegations::create_right(&state, &b_user_admin, "ver1", r)).await.unwrap();
    let a_right =
        common::submit(right("Angriper-rett", "Egen", "angriper:delt").parse(), |r| delegations::create_right(&state, &a_user, "ver1", r)).await.unwrap();
    let to_c = |right: &String| DelegationInput { environment: "ver1".into(), supplier_org_number: c.number.clone(), rights: vec![right.clone()] };
    let b_delegation = common::submit(to_c(&b_shared_right).parse(), |o| delegations::delegate(&state, &b_user_admin, o)).await.unwrap().remove(0);
    let a_delegation = common::submit(to_c(&b_shared_right).parse(), |o| delegations::delegate(&state, &a_user, o)).await.unwrap().remove(0);

    let order = PrefixRequestInput { environment: "ver2".into(), prefix: "offerto".into(), reason: SECRET.into() };
    common::submit(order.parse(), |o| prefix_requests::request(&state, &b_user_admin, o)).await.unwrap();
    {
        let mut conn = pool.acquire().await.unwrap();
        store::orgs::set_stricter_access(&mut conn, &a.id, true).await.unwrap();
        store::outbox::enqueue(&mut conn, "vera@offer.test", &format!("{SECRET} til Vera"), SECRET).await.unwrap();
    }
    let failed_mail = text(pool, format!("SELECT id FROM outbox WHERE subject = '{SECRET} til Vera'")).await;
    {
        let mut conn = pool.acquire().await.unwrap();
        let t = app::server::now();
        assert!(store::outbox::claim(&mut conn, &failed_mail, "attack", t, t + 60).await.unwrap());
        assert!(store::outbox::mark_failed(&mut conn, &failed_mail, "attack", 1, "550 Mailbox unavailable", t).await.unwrap());
    }

    let one = |sql: String| text(pool, sql);
    World {
        a_kid: one(format!("SELECT kid FROM client_keys WHERE client_id = '{a_client}'")).await,
        a_prod_kid: one(format!("SELECT kid FROM client_keys WHERE client_id = '{a_prod_client}'")).await,
        b_kid: one(format!("SELECT kid FROM client_keys WHERE client_id = '{b_client}'")).await,
        a_request: one(format!("SELECT id FROM access_requests WHERE scope_id = '{a_public_scope}'")).await,
        b_request: one(format!("SELECT id FROM access_requests WHERE scope_id = '{b_public_scope}'")).await,
        b_prefix_request: one("SELECT id FROM prefix_requests".into()).await,
        failed_mail,
        a_number: a.number,
        b_number: b.number,
        c_number: c.number,
        a_admin,
        a_plain,
        a_no_step_up,
        operator,
        a_admin_no_step_up,
        operator_no_step_up,
        a_scope,
        a_prod_scope,
        a_client,
        a_prod_client,
        a_user_plain_id: plain.user_id,
        b_scope,
        b_public_scope,
        b_client,
        b_user_id: b_user.user_id,
        a_right,
        a_delegation,
        b_secret_right,
        b_shared_right,
        b_delegation,
    }
}

fn scope_args(env: &str, prefix: &str, subscope: &str) -> Value {
    json!({"environment": env, "input": scope_input(prefix, subscope, "PRIVATE", "Nye data")})
}

fn client_args(name: &str) -> Value {
    json!(client_input(name, "Endret"))
}

fn commercial_args() -> Value {
    json!({"invoice_email": "faktura@angriper.test", "invoice_reference": "Ref", "contacts": "drift@angriper.test"})
}

/// One case per registered server function. Order matters for the controls, which run
/// in this order on one world after every attack has been tried.
fn cases() -> Vec<Case> {
    use Need::*;
    vec![
        // Accounts: open to everyone, or acting on the caller's own session.
        Case { endpoint: "session_info", need: Public, own: |_| json!({}), foreign: None, prod: None },
        Case { endpoint: "email_organisation", need: Public, own: |_| json!({"email": "ny@angriper.test"}), foreign: None, prod: None },
        Case {
            endpoint: "register",
            need: Public,
            own: |_| json!({"input": {"name": "Ny Person", "email": "ny@angriper.test", "password": "et langt passord"}}),
            foreign: None,
            prod: None,
        },
        Case { endpoint: "confirm_email", need: Public, own: |_| json!({"token": "finnes-ikke"}), foreign: None, prod: None },
        Case { endpoint: "login", need: Public, own: |_| json!({"email": "arne@angriper.test", "password": common::PASSWORD}), foreign: None, prod: None },
        Case { endpoint: "request_password_reset", need: Public, own: |_| json!({"input": {"email": "una@angriper.test"}}), foreign: None, prod: None },
        Case {
            endpoint: "reset_password",
            need: Public,
            own: |_| json!({"token": "finnes-ikke", "input": {"new_password": "et nytt langt passord"}}),
            foreign: None,
            prod: None,
        },
        Case { endpoint: "environments", need: Public, own: |_| json!({}), foreign: None, prod: None },
        Case { endpoint: "environment_access", need: Session, own: |_| json!({"environment": "ver1"}), foreign: None, prod: None },
        Case { endpoint: "attention", need: Session, own: |_| json!({}), foreign: None, prod: None },
        // "Endringslogg": the caller's own organisation's, whatever the filters say.
        Case {
            endpoint: "audit_log",
            need: Session,
            own: |_| json!({"miljo": "", "objekt": "", "person": "", "fra": "", "til": "", "side": 0}),
            foreign: None,
            prod: None,
        },
        // Providers: scopes and access lists.
        Case { endpoint: "my_scopes", need: Session, own: |_| json!({"environment": "ver1"}), foreign: None, prod: None },
        Case { endpoint: "available_scopes", need: Session, own: |_| json!({"environment": "ver1"}), foreign: None, prod: None },
        Case { endpoint: "scope_catalogue", need: Session, own: |_| json!({"environment": "ver1"}), foreign: None, prod: None },
        Case { endpoint: "scope_detail", need: Session, own: |w| json!({"id": w.a_scope}), foreign: Some(|w| json!({"id": w.b_scope})), prod: None },
        Case {
            endpoint: "create_scope",
            need: Right,
            own: |_| scope_args("ver1", "angriper", "ny"),
            // Someone else's prefix.
            foreign: Some(|_| scope_args("ver1", "offer", "ny")),
            prod: Some(|_| scope_args("prod", "angriper", "ny")),
        },
        Case {
            endpoint: "update_scope",
            need: Right,
            own: |w| json!({"id": w.a_scope, "input": scope_input("angriper", "data", "PRIVATE", "Endret")}),
            foreign: Some(|w| json!({"id": w.b_scope, "input": scope_input("offer", "hemmelig", "PUBLIC", "Endret")})),
            prod: Some(|w| json!({"id": w.a_prod_scope, "input": scope_input("angriper", "data", "PRIVATE", "Endret")})),
        },
        Case {
            endpoint: "add_scope_access",
            need: Right,
            own: |w| json!({"id": w.a_scope, "org_number": w.c_number}),
            foreign: Some(|w| json!({"id": w.b_scope, "org_number": w.a_number})),
            prod: Some(|w| json!({"id": w.a_prod_scope, "org_number": w.c_number})),
        },
        Case {
            endpoint: "remove_scope_access",
            need: Right,
            own: |w| json!({"id": w.a_scope, "org_number": w.c_number}),
            foreign: Some(|w| json!({"id": w.b_public_scope, "org_number": w.b_number})),
            prod: Some(|w| json!({"id": w.a_prod_scope, "org_number": w.c_number})),
        },
        Case {
            endpoint: "request_scope_access",
            need: Right,
            own: |w| json!({"id": w.b_public_scope}),
            // A private scope cannot be asked for: it is not even found.
            foreign: Some(|w| json!({"id": w.b_scope})),
            prod: None,
        },
        Case {
            endpoint: "decide_access_request",
            need: Right,
            own: |w| json!({"request_id": w.a_request, "approve": true}),
            foreign: Some(|w| json!({"request_id": w.b_request, "approve": true})),
            prod: None,
        },
        Case {
            endpoint: "set_scope_active",
            need: Right,
            own: |w| json!({"id": w.a_scope, "active": false}),
            foreign: Some(|w| json!({"id": w.b_scope, "active": false})),
            prod: Some(|w| json!({"id": w.a_prod_scope, "active": false})),
        },
        Case { endpoint: "provider_entry", need: Session, own: |_| json!({}), foreign: None, prod: None },
        Case { endpoint: "save_provider_commercial", need: Right, own: |_| json!({"input": commercial_args()}), foreign: None, prod: None },
        // Consumers: integrations, keys and certificates.
        Case { endpoint: "my_clients", need: Session, own: |_| json!({"environment": "ver1"}), foreign: None, prod: None },
        Case { endpoint: "my_services", need: Session, own: |_| json!({}), foreign: None, prod: None },
        Case {
            endpoint: "client_scope_options",
            need: Session,
            own: |_| json!({"environment": "ver1", "integration_type": "maskinporten", "customer": ""}),
            // A customer that delegated to someone else.
            foreign: Some(|w| json!({"environment": "ver1", "integration_type": "maskinporten", "customer": w.b_number})),
            prod: None,
        },
        Case { endpoint: "client_detail", need: Session, own: |w| json!({"id": w.a_client}), foreign: Some(|w| json!({"id": w.b_client})), prod: None },
        Case {
            endpoint: "test_token",
            need: Session,
            own: |w| json!({"id": w.a_client, "assertion": "e30.e30.AA"}),
            foreign: Some(|w| json!({"id": w.b_client, "assertion": "e30.e30.AA"})),
            prod: None,
        },
        Case {
            endpoint: "create_client",
            need: Right,
            own: |_| json!({"environment": "ver1", "input": client_args("Ny klient")}),
            // B's private scope was never shared with A.
            foreign: Some(
                |_| json!({"environment": "ver1", "input": ClientInput { scopes: vec!["offer:hemmelig".into()], ..client_input("Ny klient", "Ny") }}),
            ),
            prod: Some(|_| json!({"environment": "prod", "input": client_args("Ny klient")})),
        },
        Case {
            endpoint: "update_client",
            need: Right,
            own: |w| json!({"id": w.a_client, "input": client_args("Endret klient")}),
            foreign: Some(|w| json!({"id": w.b_client, "input": client_args("Endret klient")})),
            prod: Some(|w| json!({"id": w.a_prod_client, "input": client_args("Endret klient")})),
        },
        Case {
            endpoint: "save_client_commercial",
            need: Right,
            own: |w| json!({"id": w.a_client, "input": commercial_args()}),
            foreign: Some(|w| json!({"id": w.b_client, "input": commercial_args()})),
            prod: Some(|w| json!({"id": w.a_prod_client, "input": commercial_args()})),
        },
        Case {
            endpoint: "add_client_keys",
            need: Right,
            own: |w| json!({"id": w.a_client, "keys": fixtures::RSA2048_SPKI}),
            foreign: Some(|w| json!({"id": w.b_client, "keys": fixtures::RSA2048_SPKI})),
            prod: Some(|w| json!({"id": w.a_prod_client, "keys": fixtures::RSA2048_SPKI})),
        },
        Case {
            endpoint: "remove_client_key",
            need: Right,
            own: |w| json!({"id": w.a_client, "kid": w.a_kid}),
            foreign: Some(|w| json!({"id": w.b_client, "kid": w.b_kid})),
            prod: Some(|w| json!({"id": w.a_prod_client, "kid": w.a_prod_kid})),
        },
        Case {
            endpoint: "set_client_certificate",
            need: Right,
            own: |w| json!({"id": w.a_client, "pem": fixtures::CERT_ORGID}),
            foreign: Some(|w| json!({"id": w.b_client, "pem": fixtures::CERT_ORGID})),
            prod: Some(|w| json!({"id": w.a_prod_client, "pem": fixtures::CERT_ORGID})),
        },
        Case {
            endpoint: "remove_client_certificate",
            need: Right,
            own: |w| json!({"id": w.a_client}),
            foreign: Some(|w| json!({"id": w.b_client})),
            prod: Some(|w| json!({"id": w.a_prod_client})),
        },
        Case {
            endpoint: "set_client_active",
            need: Right,
            own: |w| json!({"id": w.a_client, "active": false}),
            foreign: Some(|w| json!({"id": w.b_client, "active": false})),
            prod: Some(|w| json!({"id": w.a_prod_client, "active": false})),
        },
        // Rights and the organisation's settings.
        Case { endpoint: "rights_overview", need: Session, own: |_| json!({}), foreign: None, prod: None },
        Case {
            endpoint: "grant_rights",
            need: MainAdmin,
            own: |_| json!({"input": {"email": "una@angriper.test", "last_name": "Uten", "rights": ["ManageApis"]}}),
            foreign: Some(|_| json!({"input": {"email": "bo@offer.test", "last_name": SECRET, "rights": ["ManageIntegrations"]}})),
            prod: None,
        },
        Case {
            endpoint: "remove_rights",
            need: MainAdmin,
            own: |w| json!({"user_id": w.a_user_plain_id, "rights": ["ManageApis"]}),
            foreign: Some(|w| json!({"user_id": w.b_user_id, "rights": ["ManageApis"]})),
            prod: None,
        },
        Case { endpoint: "set_stricter_access", need: MainAdmin, own: |_| json!({"on": true}), foreign: None, prod: None },
        Case {
            endpoint: "request_prefix",
            need: Right,
            own: |_| json!({"input": {"environment": "ver2", "prefix": "angriper", "reason": "Trenger det"}}),
            foreign: None,
            prod: None,
        },
        // The operator's screens: nobody else.
        Case { endpoint: "list_organizations", need: Operator, own: |_| json!({}), foreign: None, prod: None },
        Case { endpoint: "prefix_requests", need: Operator, own: |_| json!({}), foreign: None, prod: None },
        Case {
            endpoint: "organization_detail",
            need: Operator,
            own: |w| json!({"org_number": w.b_number}),
            foreign: Some(|w| json!({"org_number": w.b_number})),
            prod: None,
        },
        Case {
            endpoint: "create_organization",
            need: Operator,
            own: |_| json!({"input": {"org_number": "310000043", "name": "Ny AS", "parent_org_number": "", "domains": "ny.test"}}),
            foreign: None,
            prod: None,
        },
        Case {
            endpoint: "assign_prefix",
            need: Operator,
            own: |w| json!({"input": {"org_number": w.a_number, "environment": "ver2", "prefix": "angriper2"}}),
            foreign: None,
            prod: None,
        },
        Case {
            endpoint: "appoint_main_admin",
            need: Operator,
            own: |w| json!({"org_number": w.b_number, "email": "bo@offer.test"}),
            foreign: None,
            prod: None,
        },
        Case {
            endpoint: "decide_prefix_request",
            need: Operator,
            own: |w| json!({"request_id": w.b_prefix_request, "approve": false}),
            foreign: None,
            prod: None,
        },
        Case { endpoint: "failed_mail", need: Operator, own: |_| json!({}), foreign: None, prod: None },
        Case { endpoint: "resend_mail", need: Operator, own: |w| json!({"id": w.failed_mail}), foreign: None, prod: None },
        // The caller's own second factor.
        Case { endpoint: "start_totp_enrolment", need: Session, own: |_| json!({}), foreign: None, prod: None },
        Case { endpoint: "confirm_totp_enrolment", need: Session, own: |_| json!({"code": "000000"}), foreign: None, prod: None },
        Case { endpoint: "step_up", need: Session, own: |_| json!({"code": "000000"}), foreign: None, prod: None },
        // API delegation: providers' rights, customers' delegations, suppliers' customers.
        Case { endpoint: "provider_rights", need: Session, own: |_| json!({"environment": "ver1"}), foreign: None, prod: None },
        Case {
            endpoint: "create_delegable_right",
            need: Right,
            own: |_| json!({"environment": "ver1", "input": {"name": "Ny rett", "description": "Ny", "scopes": ["angriper:delt"]}}),
            // Someone else's scope.
            foreign: Some(|_| json!({"environment": "ver1", "input": {"name": "Kapret", "description": "Ny", "scopes": ["offer:intern"]}})),
            prod: None,
        },
        Case {
            endpoint: "update_delegable_right",
            need: Right,
            own: |w| json!({"id": w.a_right, "input": {"name": "Angriper-rett", "description": "Endret", "scopes": ["angriper:delt"]}}),
            foreign: Some(|w| json!({"id": w.b_secret_right, "input": {"name": "Kapret", "description": "Endret", "scopes": ["angriper:delt"]}})),
            prod: None,
        },
        Case { endpoint: "delegations_overview", need: Session, own: |_| json!({}), foreign: None, prod: None },
        Case { endpoint: "holdable_rights", need: MainAdmin, own: |_| json!({"environment": "ver1"}), foreign: None, prod: None },
        Case { endpoint: "find_organisation", need: MainAdmin, own: |w| json!({"org_number": w.b_number}), foreign: None, prod: None },
        Case {
            endpoint: "delegate_api",
            need: MainAdmin,
            own: |w| json!({"input": {"environment": "ver1", "supplier_org_number": w.b_number, "rights": [w.b_shared_right]}}),
            // A right the attacker does not hold.
            foreign: Some(|w| json!({"input": {"environment": "ver1", "supplier_org_number": w.c_number, "rights": [w.b_secret_right]}})),
            prod: None,
        },
        Case {
            endpoint: "remove_delegations",
            need: MainAdmin,
            own: |w| json!({"ids": [w.a_delegation]}),
            foreign: Some(|w| json!({"ids": [w.b_delegation]})),
            prod: None,
        },
        Case {
            endpoint: "restore_delegations",
            need: MainAdmin,
            own: |w| json!({"ids": [w.a_delegation]}),
            foreign: Some(|w| json!({"ids": [w.b_delegation]})),
            prod: None,
        },
        Case { endpoint: "my_customers", need: Right, own: |_| json!({"environment": "ver1"}), foreign: None, prod: None },
        // The caller's own password and sessions; last, as their controls end sessions
        // (logout_everywhere the attacker's own; logout needs none).
        Case {
            endpoint: "change_password",
            need: Session,
            own: |_| json!({"input": {"current_password": common::PASSWORD, "new_password": "et nytt langt passord"}}),
            foreign: None,
            prod: None,
        },
        Case { endpoint: "logout_everywhere", need: Session, own: |_| json!({}), foreign: None, prod: None },
        Case { endpoint: "logout", need: Public, own: |_| json!({}), foreign: None, prod: None },
    ]
}

/// Functions whose valid call needs a secret the matrix does not have (an e-mailed token,
/// a fresh one-time code): their control is that they refuse a wrong one with a 4xx.
const NO_POSITIVE_CONTROL: &[&str] = &["confirm_email", "reset_password", "confirm_totp_enrolment", "step_up"];

/// The stored business data, as text: any change made by an attempt shows here. Sessions,
/// the audit log and the outbox are left out (a refused attempt may be recorded), except
/// the outbox's failed messages, which only the operator may send again.
async fn fingerprint(pool: &AnyPool) -> Vec<String> {
    const TABLES: &[&str] = &[
        "organizations",
        "org_domains",
        "users",
        "user_rights",
        "prefixes",
        "scopes",
        "scope_access",
        "access_requests",
        "prefix_requests",
        "commercial_data",
        "clients",
        "client_scopes",
        "client_keys",
        "client_certificates",
    ];
    let mut out = Vec::new();
    for table in TABLES {
        let rows = sqlx::query(&format!("SELECT * FROM {table}")).fetch_all(pool).await.unwrap();
        let mut lines: Vec<String> = rows
            .iter()
            .map(|row| {
                let cells: Vec<String> = (0..row.len())
                    .map(|i| {
                        let name = row.column(i).name();
                        let value = row
                            .try_get::<Option<String>, _>(i)
                            .map(|v| format!("{v:?}"))
                            .or_else(|_| row.try_get::<Option<i64>, _>(i).map(|v| format!("{v:?}")))
                            .or_else(|_| row.try_get::<Option<bool>, _>(i).map(|v| format!("{v:?}")))
                            .or_else(|_| row.try_get::<Option<f64>, _>(i).map(|v| format!("{v:?}")))
                            .unwrap_or_else(|_| "<?>".into());
                        format!("{name}={value}")
                    })
                    .collect();
                format!("{table}: {}", cells.join(", "))
            })
            .collect();
        lines.sort();
        out.extend(lines);
    }
    let failed: Vec<(String, i64, Option<i64>)> =
        sqlx::query_as("SELECT id, attempts, failed_at FROM outbox WHERE failed_at IS NOT NULL ORDER BY id").fetch_all(pool).await.unwrap();
    out.extend(failed.into_iter().map(|(id, attempts, failed_at)| format!("outbox (failed): id={id}, attempts={attempts}, failed_at={failed_at:?}")));
    out
}

fn request(method: &Method, endpoint: &str, args: &Value, cookie: Option<&str>, cross_site: bool) -> Request<Body> {
    let path = format!("/api/{endpoint}");
    let mut b = if *method == Method::GET {
        let query: Vec<String> = args
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| {
                        let v = match v {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        format!("{k}={}", urlencode(&v))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Request::get(if query.is_empty() { path } else { format!("{path}?{}", query.join("&")) })
    } else {
        Request::post(path).header(header::CONTENT_TYPE, "application/json")
    };
    b = b.header(header::ACCEPT, "application/json").header(header::HOST, "portal.test");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, format!("sb_session={c}"));
    }
    if cross_site {
        b = b.header(header::ORIGIN, "https://angriper.example").header("sec-fetch-site", "cross-site");
    }
    let body = if *method == Method::GET { Body::empty() } else { Body::from(args.to_string()) };
    b.body(body).unwrap()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn call(app: &axum::Router, req: Request<Body>) -> (StatusCode, String) {
    let (status, _, body) = common::call_router(app, req).await;
    (status, body)
}

#[derive(Default)]
struct Tally {
    attempts: usize,
    holes: Vec<String>,
}

impl Tally {
    /// One hostile attempt: it must be refused (4xx), change nothing, and leak nothing.
    async fn attempt(&mut self, app: &axum::Router, pool: &AnyPool, who: Attacker, label: &str, req: Request<Body>) {
        self.attempts += 1;
        let before = fingerprint(pool).await;
        let (status, body) = call(app, req).await;
        let after = fingerprint(pool).await;
        let mut why = Vec::new();
        if !status.is_client_error() {
            why.push(format!("answered {status}"));
        }
        if before != after {
            let changed: Vec<&String> = after.iter().filter(|l| !before.contains(l)).collect();
            why.push(format!("changed {changed:?}"));
        }
        if body.contains(SECRET) {
            why.push("leaked the victim's data".into());
        }
        if !why.is_empty() {
            self.holes.push(format!("{label} as {who:?}: {} — {}", why.join("; "), body.chars().take(200).collect::<String>()));
        }
    }
}

fn app_for(pool: &AnyPool, mode: Mode) -> axum::Router {
    let mut config = Config::for_tests("unused");
    config.mode = mode;
    // As in production: administrators' work waits for the second factor.
    config.admin_step_up = true;
    router::router(AppState::new(common::leptos_options(), pool.clone(), config))
}

common::per_backend! {
    /// Every server function × every attacker: 0 holes. Then each case's control.
    async fn cross_tenant_matrix(db, pool) {
        let app = app_for(&pool, Mode::Production);
        let w = world(&pool).await;
        let cases = cases();

        // By construction: every registered function has a case, every case a function.
        let registered: Vec<(String, Method)> =
            leptos::server_fn::axum::server_fn_paths().map(|(p, m)| (p.trim_start_matches("/api/").to_string(), m)).collect();
        let unknown: Vec<&String> = registered.iter().map(|(p, _)| p).filter(|p| !cases.iter().any(|c| c.endpoint == p.as_str())).collect();
        assert!(unknown.is_empty(), "server functions without a case in the attack matrix (add them to `cases()`): {unknown:?}");
        let stale: Vec<&str> = cases.iter().map(|c| c.endpoint).filter(|e| !registered.iter().any(|(p, _)| p == e)).collect();
        assert!(stale.is_empty(), "cases for server functions that do not exist: {stale:?}");
        let method = |endpoint: &str| registered.iter().find(|(p, _)| p == endpoint).map(|(_, m)| m.clone()).unwrap();

        let mut tally = Tally::default();
        let forged = "Zm9yZmFsc2tldA-ikke-en-ekte-sesjon";
        for case in &cases {
            let m = method(case.endpoint);
            let own = (case.own)(&w);
            if case.need != Need::Public {
                tally.attempt(&app, &pool, Attacker::NoSession, case.endpoint, request(&m, case.endpoint, &own, None, false)).await;
                tally.attempt(&app, &pool, Attacker::ForgedCookie, case.endpoint, request(&m, case.endpoint, &own, Some(forged), false)).await;
            }
            if m != Method::GET {
                let caller = if case.need == Need::Operator { &w.operator } else { &w.a_admin };
                tally.attempt(&app, &pool, Attacker::CrossSite, case.endpoint, request(&m, case.endpoint, &own, Some(caller), true)).await;
            }
            if let Some(foreign) = case.foreign {
                let args = foreign(&w);
                tally.attempt(&app, &pool, Attacker::OtherOrganisation, case.endpoint, request(&m, case.endpoint, &args, Some(&w.a_admin), false)).await;
            }
            if matches!(case.need, Need::Right | Need::MainAdmin | Need::Operator) {
                tally.attempt(&app, &pool, Attacker::WithoutRight, case.endpoint, request(&m, case.endpoint, &own, Some(&w.a_plain), false)).await;
            }
            if matches!(case.need, Need::MainAdmin | Need::Operator) {
                // Rights in the organisation, but not this one.
                tally.attempt(&app, &pool, Attacker::WithoutRight, case.endpoint, request(&m, case.endpoint, &own, Some(&w.a_no_step_up), false)).await;
            }
            let unconfirmed_admin = match case.need {
                Need::MainAdmin => Some(&w.a_admin_no_step_up),
                Need::Operator => Some(&w.operator_no_step_up),
                _ => None,
            };
            if let Some(token) = unconfirmed_admin {
                tally.attempt(&app, &pool, Attacker::AdminWithoutStepUp, case.endpoint, request(&m, case.endpoint, &own, Some(token), false)).await;
            }
            if let Some(prod) = case.prod {
                let args = prod(&w);
                tally.attempt(&app, &pool, Attacker::ProductionWithoutStepUp, case.endpoint, request(&m, case.endpoint, &args, Some(&w.a_no_step_up), false)).await;
            }
        }

        // Pages, rendered on the server: nobody but the victim sees the victim's objects.
        let routes: Vec<String> = leptos_axum::generate_route_list(app::App).into_iter().map(|r| r.path().to_string()).collect();
        for template in &routes {
            let normalised = template.replace("{env}", ":env").replace("{id}", ":id").replace("{org_number}", ":org_number");
            let paths: Vec<String> = match normalised.as_str() {
                "/tjenester/:env/integrasjoner" | "/tjenester/:env/mine-api" => vec![normalised.replace(":env", "ver1"), normalised.replace(":env", "prod")],
                "/tjenester/scope/:id" => vec![normalised.replace(":id", &w.b_scope)],
                "/tjenester/integrasjon/:id" => vec![normalised.replace(":id", &w.b_client)],
                "/operator/virksomheter/:org_number" => vec![normalised.replace(":org_number", &w.b_number)],
                p if !p.contains(':') => vec![p.to_string()],
                other => panic!("page route {other} has no case in the attack matrix"),
            };
            for path in paths {
                for (who, cookie) in [(Attacker::NoSession, None), (Attacker::ForgedCookie, Some(forged)), (Attacker::OtherOrganisation, Some(w.a_admin.as_str()))] {
                    tally.attempts += 1;
                    let mut req = Request::get(&path);
                    if let Some(c) = cookie {
                        req = req.header(header::COOKIE, format!("sb_session={c}"));
                    }
                    let (status, html) = call(&app, req.body(Body::empty()).unwrap()).await;
                    if status.is_server_error() || html.contains(SECRET) {
                        tally.holes.push(format!("page {path} as {who:?}: {status}, leaked: {}", html.contains(SECRET)));
                    }
                }
            }
        }
        // The live-update stream and the development mailbox.
        for (who, cookie) in [(Attacker::NoSession, None), (Attacker::ForgedCookie, Some(forged))] {
            let mut req = Request::get("/events?env=ver1");
            if let Some(c) = cookie {
                req = req.header(header::COOKIE, format!("sb_session={c}"));
            }
            tally.attempt(&app, &pool, who, "/events", req.body(Body::empty()).unwrap()).await;
        }
        // "Endringslogg" as CSV: refused without a session; another organisation's main
        // administrator gets their own log, never the victim's entries.
        for (who, cookie) in [(Attacker::NoSession, None), (Attacker::ForgedCookie, Some(forged))] {
            let mut req = Request::get(app::contract::audit::CSV_PATH);
            if let Some(c) = cookie {
                req = req.header(header::COOKIE, format!("sb_session={c}"));
            }
            tally.attempt(&app, &pool, who, "endringslogg.csv", req.body(Body::empty()).unwrap()).await;
        }
        for path in [app::contract::audit::CSV_PATH.to_string(), format!("{}?person={}", app::contract::audit::CSV_PATH, w.b_user_id)] {
            tally.attempts += 1;
            let req = Request::get(&path).header(header::COOKIE, format!("sb_session={}", w.a_admin)).body(Body::empty()).unwrap();
            let (status, csv) = call(&app, req).await;
            if status.is_server_error() || csv.contains(SECRET) {
                tally.holes.push(format!("{path} as OtherOrganisation: {status}, leaked: {}", csv.contains(SECRET)));
            }
        }
        tally.attempt(&app, &pool, Attacker::OtherOrganisation, "/dev/mailbox", Request::get("/dev/mailbox").header(header::COOKIE, format!("sb_session={}", w.a_admin)).body(Body::empty()).unwrap()).await;

        println!("attack matrix ({db}): {} attempts, {} succeeded", tally.attempts, tally.holes.len());
        assert!(tally.holes.is_empty(), "{db}: {} of {} attempts got through:\n{}", tally.holes.len(), tally.attempts, tally.holes.join("\n"));

        // Controls: the same arguments from someone allowed to use them work, so no case
        // passes by sending arguments the function could not read.
        for case in &cases {
            let m = method(case.endpoint);
            let caller = if case.need == Need::Operator { &w.operator } else { &w.a_admin };
            let (status, body) = call(&app, request(&m, case.endpoint, &(case.own)(&w), Some(caller), false)).await;
            if NO_POSITIVE_CONTROL.contains(&case.endpoint) {
                assert!(status.is_client_error(), "{db}: control {}: {status} {body}", case.endpoint);
            } else {
                assert!(status.is_success(), "{db}: control {} with its own arguments: {status} {body}", case.endpoint);
            }
            if let Some(prod) = case.prod {
                let (status, body) = call(&app, request(&m, case.endpoint, &prod(&w), Some(&w.a_admin), false)).await;
                assert!(status.is_success(), "{db}: control {} in production with a step-up: {status} {body}", case.endpoint);
            }
        }
    }
}
