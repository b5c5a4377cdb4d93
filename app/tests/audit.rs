//! "Endringslogg" on both databases: before → after, who sees what (main administrator,
//! a person with one right, a customer, another organisation, the operator), the filters,
//! paging, and the CSV export through the router.
#![cfg(feature = "ssr")]

mod common;

use app::contract::audit::AuditQuery;
use app::contract::clients::ClientInput;
use app::contract::commercial::CommercialInput;
use app::contract::delegations::{DelegableRightInput, DelegationInput};
use app::contract::rights::GrantRightsInput;
use app::contract::scopes::ScopeInput;
use app::domain::audit::AuditObjectKind;
use app::domain::views::{AuditEntryView, AuditLogPage};
use app::domain::{Right, Visibility};
use app::server::services::{audit, clients, commercial, delegations, rights, scopes};
use app::server::{router, session::CurrentUser, store, AppState};
use axum::body::Body;
use http::{header, Request, StatusCode};
use sqlx::AnyPool;

const PROVIDER: &str = "991825827";
const CUSTOMER: &str = "310000027";
const SUPPLIER: &str = "310000035";
const OTHER: &str = "310000043";

struct World {
    state: AppState,
    provider_admin: CurrentUser,
    provider_admin_token: String,
    /// The provider's colleague with the API right only (the provider has stricter access).
    provider_api: CurrentUser,
    /// The provider's colleague with no right.
    provider_plain: CurrentUser,
    customer_admin: CurrentUser,
    customer_admin_token: String,
    supplier_dev: CurrentUser,
    other_admin: CurrentUser,
    other_admin_token: String,
    operator: CurrentUser,
    scope: String,
}

fn scope_input(subscope: &str, description: &str) -> ScopeInput {
    ScopeInput {
        prefix: "altinn".into(),
        subscope: subscope.into(),
        description: description.into(),
        visibility: Visibility::Public.code().into(),
        delegable: true,
        integration_types: vec!["maskinporten".into()],
        ..ScopeInput::default()
    }
}

async fn world(pool: &AnyPool) -> World {
    let state = common::state(pool);
    let p = common::org(pool, PROVIDER, "Digitaliseringsdirektoratet", "digdir.no").await;
    let c = common::org(pool, CUSTOMER, "Demo Konsument AS", "konsument.test").await;
    let l = common::org(pool, SUPPLIER, "Demo Leverandør AS", "leverandor.test").await;
    let o = common::org(pool, OTHER, "Annen Virksomhet AS", "annen.test").await;
    let mut conn = pool.acquire().await.unwrap();
    store::prefixes::assign(&mut conn, &p.id, "ver1", "altinn", None).await.unwrap();
    store::orgs::set_stricter_access(&mut conn, &p.id, true).await.unwrap();
    drop(conn);
    let (provider_admin, provider_admin_token) = common::person(pool, &p, "admin@digdir.no", "Hanne Hovedadmin", &[Right::MainAdmin, Right::ManageApis]).await;
    let (provider_api, _) = common::person(pool, &p, "api@digdir.no", "Åse Apiansvarlig", &[Right::ManageApis]).await;
    let (provider_plain, _) = common::person(pool, &p, "plain@digdir.no", "Per Uten", &[]).await;
    let (customer_admin, customer_admin_token) = common::person(pool, &c, "admin@konsument.test", "Kari Konsument", &[Right::MainAdmin]).await;
    let (supplier_dev, _) = common::person(pool, &l, "dev@leverandor.test", "Lise Leverandør", &[Right::ManageIntegrations, Right::Supplier]).await;
    let (other_admin, other_admin_token) = common::person(pool, &o, "admin@annen.test", "Anne Annen", &[Right::MainAdmin]).await;
    let (operator, _) = common::operator(pool, &p).await;
    let scope =
        common::submit(scope_input("serviceowner/instances.read", "Appinstanser").parse(), |s| scopes::create(&state, &provider_api, "ver1", s)).await.unwrap();
    World {
        state,
        provider_admin,
        provider_admin_token,
        provider_api,
        provider_plain,
        customer_admin,
        customer_admin_token,
        supplier_dev,
        other_admin,
        other_admin_token,
        operator,
        scope,
    }
}

async fn log(w: &World, user: &CurrentUser, query: AuditQuery) -> AuditLogPage {
    audit::log(&w.state, user, query.parse().unwrap()).await.unwrap()
}

fn actions(page: &AuditLogPage) -> Vec<&str> {
    page.entries.iter().map(|e| e.action.as_str()).collect()
}

fn find<'a>(page: &'a AuditLogPage, action: &str) -> &'a AuditEntryView {
    page.entries.iter().find(|e| e.action == action).unwrap_or_else(|| panic!("no «{action}» in {:?}", actions(page)))
}

common::per_backend! {
    async fn a_description_change_reads_as_before_and_after(db, pool) {
        let w = world(&pool).await;
        let edit = scope_input("serviceowner/instances.read", "Appinstanser, lesetilgang");
        common::submit(edit.parse_settings(), |s| scopes::update(&w.state, &w.provider_api, &w.scope, s)).await.unwrap();

        let page = log(&w, &w.provider_admin, AuditQuery::default()).await;
        assert_eq!(actions(&page), vec!["Scope endret", "Scope opprettet"], "{db}: newest first");
        let e = find(&page, "Scope endret");
        assert_eq!(e.person, Some(("Åse Apiansvarlig".into(), "api@digdir.no".into())), "{db}");
        assert_eq!(e.org.as_ref().map(|o| o.org_number.as_str()), Some(PROVIDER), "{db}");
        assert_eq!(e.kind, AuditObjectKind::Scope);
        assert_eq!(e.object.as_deref(), Some("altinn:serviceowner/instances.read"), "{db}");
        assert!(e.environment_label.is_some(), "{db}");
        let change: Vec<_> = e.changes.iter().map(|c| (c.field.as_str(), c.before.as_deref(), c.after.as_deref())).collect();
        assert_eq!(change, vec![("Beskrivelse", Some("Appinstanser"), Some("Appinstanser, lesetilgang"))], "{db}: only what changed");

        // Filters: environment, object, person, dates.
        let q = |f: fn(&mut AuditQuery)| { let mut q = AuditQuery::default(); f(&mut q); q };
        assert_eq!(log(&w, &w.provider_admin, q(|q| q.miljo = "ver2".into())).await.total, 0, "{db}");
        assert_eq!(log(&w, &w.provider_admin, q(|q| q.miljo = "ver1".into())).await.total, 2, "{db}");
        assert_eq!(log(&w, &w.provider_admin, q(|q| q.objekt = "integrasjon".into())).await.total, 0, "{db}");
        assert_eq!(log(&w, &w.provider_admin, q(|q| q.objekt = "scope".into())).await.total, 2, "{db}");
        let mut by_person = AuditQuery { person: w.provider_admin.user_id.clone(), ..Default::default() };
        assert_eq!(log(&w, &w.provider_admin, by_person.clone()).await.total, 0, "{db}");
        by_person.person = w.provider_api.user_id.clone();
        assert_eq!(log(&w, &w.provider_admin, by_person).await.total, 2, "{db}");
        let today = app::domain::time::format_date(app::server::now());
        let tomorrow = app::domain::time::format_date(app::server::now() + 86_400);
        assert_eq!(log(&w, &w.provider_admin, AuditQuery { fra: today.clone(), til: today.clone(), ..Default::default() }).await.total, 2, "{db}");
        assert_eq!(log(&w, &w.provider_admin, AuditQuery { fra: tomorrow, ..Default::default() }).await.total, 0, "{db}");
        assert_eq!(page.persons.iter().map(|p| p.email.as_str()).collect::<Vec<_>>(), vec!["api@digdir.no"], "{db}: the filter's people");
        // Bad filters are refused by field, on the server too.
        let bad = AuditQuery { fra: "31.12.2026".into(), ..Default::default() };
        let err = bad.parse().unwrap_err();
        assert!(err.for_field("fra").unwrap().contains("ÅÅÅÅ-MM-DD"), "{db}");

        // Paging: 25 a page, newest first, the total told.
        for i in 0..30 {
            let edit = scope_input("serviceowner/instances.read", &format!("Versjon {i}"));
            common::submit(edit.parse_settings(), |s| scopes::update(&w.state, &w.provider_api, &w.scope, s)).await.unwrap();
        }
        let first = log(&w, &w.provider_admin, AuditQuery::default()).await;
        assert_eq!((first.total, first.entries.len()), (32, 25), "{db}");
        assert_eq!(first.entries[0].changes[0].after.as_deref(), Some("Versjon 29"), "{db}: newest first");
        let second = log(&w, &w.provider_admin, AuditQuery { side: 1, ..Default::default() }).await;
        assert_eq!(second.entries.len(), 7, "{db}");
        assert_eq!(second.entries.last().unwrap().action, "Scope opprettet", "{db}: oldest last");
        assert!(log(&w, &w.provider_admin, AuditQuery { side: 9, ..Default::default() }).await.entries.is_empty(), "{db}");
    }
}

common::per_backend! {
    async fn each_person_sees_what_they_may_manage(db, pool) {
        let w = world(&pool).await;
        scopes::add_access(&w.state, &w.provider_api, &w.scope, CUSTOMER).await.unwrap();
        let grant = GrantRightsInput { email: "plain@digdir.no".into(), last_name: "Uten".into(), rights: vec![Right::ManageIntegrations] };
        common::submit(grant.parse(), |g| rights::grant(&w.state, &w.provider_admin, g)).await.unwrap();

        // The main administrator: everything of the organisation, rights included.
        let admin = log(&w, &w.provider_admin, AuditQuery::default()).await;
        assert_eq!(actions(&admin), vec!["Rettigheter gitt", "Tilgang gitt", "Scope opprettet"], "{db}");
        let granted = find(&admin, "Rettigheter gitt");
        assert_eq!(granted.object.as_deref(), Some("plain@digdir.no"), "{db}");
        assert!(granted.changes[0].after.as_deref().unwrap().contains("Selvbetjening av integrasjoner"), "{db}: {:?}", granted.changes);
        // The consumer on the access list is named, and sees the entry in its own log.
        let added = find(&admin, "Tilgang gitt");
        assert_eq!(added.other_org.as_ref().map(|(role, o)| (role.as_str(), o.org_number.as_str())), Some(("Konsument", CUSTOMER)), "{db}");
        assert_eq!(actions(&log(&w, &w.customer_admin, AuditQuery::default()).await), vec!["Tilgang gitt"], "{db}");

        // The API right: scopes and access lists, not rights.
        let api = log(&w, &w.provider_api, AuditQuery::default()).await;
        assert_eq!(actions(&api), vec!["Tilgang gitt", "Scope opprettet"], "{db}");
        assert!(api.scope_note.contains("Hovedadministratoren"), "{db}");
        // No right (stricter access): nothing of the APIs; rights are not theirs to see.
        let plain = log(&w, &w.provider_plain, AuditQuery::default()).await;
        assert!(plain.entries.is_empty() && plain.persons.is_empty(), "{db}: {:?}", actions(&plain));
        // Another organisation sees none of it; the operator sees all of it.
        assert_eq!(log(&w, &w.other_admin, AuditQuery::default()).await.total, 0, "{db}");
        assert_eq!(log(&w, &w.operator, AuditQuery::default()).await.total, 3, "{db}");
        // Logins and other account events are not in the log.
        app::server::store::audit::record(
            &mut pool.acquire().await.unwrap(),
            Some(&w.provider_admin.user_id),
            Some(&w.provider_admin.org_id.clone().unwrap()),
            app::domain::audit::AuditAction::UserLoggedIn,
            None,
            None,
        )
        .await
        .unwrap();
        assert_eq!(log(&w, &w.provider_admin, AuditQuery::default()).await.total, 3, "{db}");
    }
}

common::per_backend! {
    async fn the_api_right_also_sees_delegable_rights_and_the_providers_merkantile_data(db, pool) {
        let w = world(&pool).await;
        let right = DelegableRightInput { name: "Appinstanser (les)".into(), description: "Lesetilgang".into(), scopes: vec!["altinn:serviceowner/instances.read".into()] };
        common::submit(right.parse(), |r| delegations::create_right(&w.state, &w.provider_api, "ver1", r)).await.unwrap();
        let contacts = CommercialInput { contacts: "drift@digdir.no".into(), ..CommercialInput::default() };
        common::submit(contacts.parse(), |c| commercial::save_provider(&w.state, &w.provider_api, c)).await.unwrap();

        // Both are theirs to change, so both are in their log, the organisation-wide one too.
        let api = log(&w, &w.provider_api, AuditQuery::default()).await;
        assert_eq!(actions(&api), vec!["Merkantile data for API-tilbyder lagret", "Delegerbar rettighet opprettet", "Scope opprettet"], "{db}");
        // Someone with no right to the APIs sees neither.
        let plain = log(&w, &w.provider_plain, AuditQuery::default()).await;
        assert!(plain.entries.is_empty(), "{db}: {:?}", actions(&plain));
    }
}

common::per_backend! {
    async fn customers_see_what_their_supplier_did_for_them(db, pool) {
        let w = world(&pool).await;
        scopes::add_access(&w.state, &w.provider_api, &w.scope, CUSTOMER).await.unwrap();
        let right = DelegableRightInput { name: "Appinstanser (les)".into(), description: "Lesetilgang".into(), scopes: vec!["altinn:serviceowner/instances.read".into()] };
        let right = common::submit(right.parse(), |r| delegations::create_right(&w.state, &w.provider_api, "ver1", r)).await.unwrap();
        let order = DelegationInput { environment: "ver1".into(), supplier_org_number: SUPPLIER.into(), rights: vec![right] };
        common::submit(order.parse(), |o| delegations::delegate(&w.state, &w.customer_admin, o)).await.unwrap();
        let input = ClientInput {
            integration_type: "maskinporten".into(),
            name: "Kundens fagsystem".into(),
            description: "Driftet av leverandøren".into(),
            scopes: vec!["altinn:serviceowner/instances.read".into()],
            customer: CUSTOMER.into(),
            ..ClientInput::default()
        };
        let client = common::submit(input.parse(), |c| clients::create(&w.state, &w.supplier_dev, "ver1", c)).await.unwrap();
        // The customer's open pages (its list, its log) hear of what the supplier did.
        let mut heard = w.state.live.subscribe();
        clients::set_active(&w.state, &w.supplier_dev, &client, false).await.unwrap();
        let ev = tokio::time::timeout(std::time::Duration::from_secs(2), heard.recv()).await.expect("an event").expect("hub open");
        assert!(ev.concerns(Some("ver1"), CUSTOMER) && ev.concerns(Some("ver1"), SUPPLIER), "{db}: {ev:?}");

        let customer = log(&w, &w.customer_admin, AuditQuery::default()).await;
        assert_eq!(actions(&customer), vec!["Integrasjon deaktivert", "Integrasjon opprettet", "API-tilgang delegert", "Tilgang gitt"], "{db}");
        let made = find(&customer, "Integrasjon opprettet");
        assert_eq!(made.org.as_ref().map(|o| o.org_number.as_str()), Some(SUPPLIER), "{db}: the supplier acted");
        assert_eq!(made.other_org.as_ref().map(|(role, o)| (role.as_str(), o.org_number.as_str())), Some(("For kunden", CUSTOMER)), "{db}");
        // The customer sees who at the supplier did it, and may filter on them; the
        // provider's people stay the provider's.
        assert_eq!(made.person, Some(("Lise Leverandør".to_string(), "dev@leverandor.test".to_string())), "{db}");
        assert!(!made.person_elsewhere, "{db}");
        let given_access = find(&customer, "Tilgang gitt");
        assert!(given_access.person.is_none() && given_access.person_elsewhere, "{db}: {:?}", given_access.person);
        let emails: Vec<&str> = customer.persons.iter().map(|p| p.email.as_str()).collect();
        assert!(emails.contains(&"dev@leverandor.test"), "{db}: {emails:?}");
        assert!(emails.iter().all(|e| e.ends_with("@konsument.test") || *e == "dev@leverandor.test"), "{db}: {emails:?}");
        assert_eq!(made.object.as_deref(), Some("Kundens fagsystem"), "{db}");
        let off = find(&customer, "Integrasjon deaktivert");
        assert_eq!(off.changes.iter().map(|c| (c.field.as_str(), c.after.as_deref())).collect::<Vec<_>>(), vec![("Aktiv", Some("Nei"))], "{db}");
        // The supplier's developer sees the integration (theirs to manage) but not the
        // delegation (a main administrator's business); the supplier is named on it.
        let supplier = log(&w, &w.supplier_dev, AuditQuery::default()).await;
        assert_eq!(actions(&supplier), vec!["Integrasjon deaktivert", "Integrasjon opprettet"], "{db}");
        assert_eq!(find(&supplier, "Integrasjon opprettet").person.as_ref().map(|p| p.0.as_str()), Some("Lise Leverandør"), "{db}");
        let given = find(&customer, "API-tilgang delegert");
        assert_eq!(given.other_org.as_ref().map(|(role, o)| (role.as_str(), o.org_number.as_str())), Some(("Leverandør", SUPPLIER)), "{db}");
        // Nobody else sees any of it.
        assert_eq!(log(&w, &w.other_admin, AuditQuery::default()).await.total, 0, "{db}");
    }
}

async fn get(app: &axum::Router, path: &str, token: Option<&str>) -> (StatusCode, http::HeaderMap, String) {
    let mut req = Request::get(path).header(header::HOST, "portal.test");
    if let Some(t) = token {
        req = req.header(header::COOKIE, format!("sb_session={t}"));
    }
    common::call_router(app, req.body(Body::empty()).unwrap()).await
}

common::per_backend! {
    async fn the_csv_export_holds_the_selection_and_nothing_else(db, pool) {
        let w = world(&pool).await;
        // A description a spreadsheet would run as a formula, with a comma and quotes.
        let edit = scope_input("serviceowner/instances.read", "=HYPERLINK(\"https://x.test\", \"klikk\")");
        common::submit(edit.parse_settings(), |s| scopes::update(&w.state, &w.provider_api, &w.scope, s)).await.unwrap();
        let app = router::router(w.state.clone());

        let (status, headers, body) = get(&app, "/tjenester/endringslogg.csv", Some(&w.provider_admin_token)).await;
        assert_eq!(status, StatusCode::OK, "{db}: {body}");
        assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"), "{db}");
        assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment; filename=\"endringslogg-"), "{db}");
        let lines: Vec<&str> = body.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3, "{db}: header and two entries: {body}");
        assert!(lines[0].starts_with("Tidspunkt (UTC),Person,E-post,Virksomhet"), "{db}");
        assert!(lines[1].contains("Åse Apiansvarlig,api@digdir.no,Digitaliseringsdirektoratet,991825827"), "{db}: {}", lines[1]);
        assert!(lines[1].contains("Scope endret"), "{db}");
        // Quoted as one cell (a formula only runs at the start of a cell; that case is unit-tested).
        assert!(lines[1].contains("\"Beskrivelse: Appinstanser → =HYPERLINK(\"\"https://x.test\"\", \"\"klikk\"\")\""), "{db}: {}", lines[1]);
        // The filters apply.
        let (_, _, none) = get(&app, "/tjenester/endringslogg.csv?miljo=ver2", Some(&w.provider_admin_token)).await;
        assert_eq!(none.split("\r\n").filter(|l| !l.is_empty()).count(), 1, "{db}: header only");
        // The customer and another organisation get their own (empty) logs, not the provider's.
        for token in [&w.customer_admin_token, &w.other_admin_token] {
            let (status, _, body) = get(&app, "/tjenester/endringslogg.csv", Some(token)).await;
            assert_eq!(status, StatusCode::OK, "{db}");
            assert!(!body.contains("Appinstanser") && !body.contains("api@digdir.no"), "{db}: {body}");
        }
        // Refusals are 4xx with the reason.
        assert_eq!(get(&app, "/tjenester/endringslogg.csv", None).await.0, StatusCode::UNAUTHORIZED, "{db}");
        assert_eq!(get(&app, "/tjenester/endringslogg.csv", Some("forfalsket")).await.0, StatusCode::UNAUTHORIZED, "{db}");
        let (status, _, body) = get(&app, "/tjenester/endringslogg.csv?fra=2026-02-30", Some(&w.provider_admin_token)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{db}");
        assert!(body.contains("ÅÅÅÅ-MM-DD"), "{db}: {body}");
        assert_eq!(get(&app, "/tjenester/endringslogg.csv?objekt=konto", Some(&w.provider_admin_token)).await.0, StatusCode::BAD_REQUEST, "{db}");
        assert_eq!(get(&app, "/tjenester/endringslogg.csv?side=x", Some(&w.provider_admin_token)).await.0, StatusCode::BAD_REQUEST, "{db}");
        // The page itself renders for the logged-in, and asks others to log in.
        let (status, _, html) = get(&app, "/tjenester/endringslogg", Some(&w.provider_admin_token)).await;
        assert_eq!(status, StatusCode::OK, "{db}");
        assert!(html.contains("Endringslogg"), "{db}");
    }
}
