//! API providers: scopes, access lists, access and prefix requests, commercial data — on
//! both databases, through the services the server functions call.
#![cfg(feature = "ssr")]

mod common;

use app::contract::commercial::CommercialInput;
use app::contract::prefix_requests::PrefixRequestInput;
use app::contract::scopes::ScopeInput;
use app::domain::views::CatalogueStatus;
use app::domain::{IntegrationType, Right, Visibility};
use app::error::AppError;
use app::server::services::{commercial, environments, prefix_requests, scopes, totp as totp_service};
use app::server::{session::CurrentUser, store, AppState};
use sqlx::AnyPool;

const A: &str = "310000019"; // the provider
const B: &str = "310000027"; // another organisation / consumer
const C: &str = "310000035"; // a third organisation
const UNREGISTERED: &str = "310000043";

fn input(prefix: &str, subscope: &str) -> ScopeInput {
    ScopeInput { prefix: prefix.into(), subscope: subscope.into(), description: "Lese data".into(), ..ScopeInput::default() }
}

fn public(prefix: &str, subscope: &str) -> ScopeInput {
    ScopeInput { visibility: Visibility::Public.code().into(), ..input(prefix, subscope) }
}

async fn assign_prefix(pool: &AnyPool, org: &common::Org, env: &str, prefix: &str) {
    let mut c = pool.acquire().await.unwrap();
    store::prefixes::assign(&mut c, &org.id, env, prefix, None).await.unwrap();
}

/// Provider A (prefix `tilbyder` in ver1, ver2 and prod) with a user who has no rights
/// (enough in the test environments of an organisation without stricter access).
async fn provider(pool: &AnyPool) -> (AppState, common::Org, CurrentUser) {
    let state = common::state(pool);
    let a = common::org(pool, A, "Tilbyder AS", "tilbyder.test").await;
    for env in ["ver1", "ver2", "prod"] {
        assign_prefix(pool, &a, env, "tilbyder").await;
    }
    let (user, _) = common::person(pool, &a, "kari@tilbyder.test", "Kari Tilbyder", &[]).await;
    (state, a, user)
}

async fn available_names(state: &AppState, user: &CurrentUser, env: &str) -> Vec<String> {
    scopes::available(state, user, env).await.unwrap().into_iter().map(|s| s.name).collect()
}

async fn catalogue_status(state: &AppState, user: &CurrentUser, env: &str, id: &str) -> Option<CatalogueStatus> {
    scopes::catalogue(state, user, env).await.unwrap().into_iter().find(|e| e.id == id).map(|e| e.status)
}

fn is_not_found<T: std::fmt::Debug>(r: Result<T, AppError>) -> bool {
    matches!(r, Err(AppError::NotFound(_)))
}

common::per_backend! {
    async fn provider_creates_scopes_and_every_broken_rule_names_its_field(db, pool) {
        let (state, _a, kari) = provider(&pool).await;

        let id = common::submit(input("tilbyder", "api/data.read").parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap();
        let d = scopes::detail(&state, &kari, &id).await.unwrap();
        assert_eq!((d.name.as_str(), d.prefix.as_str(), d.subscope.as_str()), ("tilbyder:api/data.read", "tilbyder", "api/data.read"), "{db}");
        assert_eq!((d.environment.as_str(), d.at_max_age, d.active, d.visibility), ("ver1", 120, true, Visibility::Private), "{db}");
        assert_eq!(d.integration_types, vec![IntegrationType::Maskinporten]);
        assert!(d.access.is_empty() && d.requests.is_empty() && d.manage_denied.is_none(), "{db}");
        let own = scopes::list_own(&state, &kari, "ver1").await.unwrap();
        assert_eq!(own.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["tilbyder:api/data.read"], "{db}");
        assert!(scopes::list_own(&state, &kari, "ver2").await.unwrap().is_empty());

        // Every broken rule at once, each under its field; nothing saved.
        let bad = ScopeInput { subscope: "A//b".into(), description: "  ".into(), at_max_age: "0".into(), integration_types: vec![], ..input("tilbyder", "") };
        let err = common::submit(bad.parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap_err();
        for f in ["subscope", "description", "at_max_age", "integration_types"] {
            assert!(err.for_field(f).is_some(), "{db}: {f} in {err:?}");
        }
        assert!(err.for_field("prefix").is_none(), "{db}: {err:?}");
        for (subscope, fragment) in [("a", "små bokstaver"), ("", "fylles ut"), ("ab.c.d", "små bokstaver")] {
            let err = common::submit(input("tilbyder", subscope).parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap_err();
            assert!(err.for_field("subscope").expect("subscope error").contains(fragment), "{db}: {subscope:?}: {err:?}");
        }
        for age in ["86401", "-1", "1.5", "abc"] {
            let e = common::submit(ScopeInput { at_max_age: age.into(), ..input("tilbyder", "ny") }.parse(), |c| scopes::create(&state, &kari, "ver1", c))
                .await
                .unwrap_err();
            assert!(e.for_field("at_max_age").unwrap().contains("86400"), "{db}: {age}: {e:?}");
        }
        let e = common::submit(ScopeInput { integration_types: vec!["telefaks".into()], ..input("tilbyder", "ny") }.parse(), |c| {
            scopes::create(&state, &kari, "ver1", c)
        })
        .await
        .unwrap_err();
        assert!(e.for_field("integration_types").unwrap().contains("telefaks"), "{db}");
        let e = common::submit(ScopeInput { description: "x".repeat(1001), ..input("tilbyder", "ny") }.parse(), |c| scopes::create(&state, &kari, "ver1", c))
            .await
            .unwrap_err();
        assert!(e.for_field("description").is_some(), "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM scopes").await, 1, "{db}");

        // The bounds themselves are allowed.
        let max = ScopeInput { at_max_age: "86400".into(), integration_types: vec!["krr".into(), "idporten".into()], ..input("tilbyder", "maks") };
        let max_id = common::submit(max.parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap();
        let d = scopes::detail(&state, &kari, &max_id).await.unwrap();
        assert_eq!(d.at_max_age, 86400, "{db}");
        assert_eq!(d.integration_types, vec![IntegrationType::Krr, IntegrationType::IdPorten], "{db}");
        let one = common::submit(ScopeInput { at_max_age: "1".into(), ..input("tilbyder", "kort") }.parse(), |c| scopes::create(&state, &kari, "ver1", c))
            .await
            .unwrap();
        assert_eq!(scopes::detail(&state, &kari, &one).await.unwrap().at_max_age, 1);

        // The full name is unique per environment, not across them.
        let err = common::submit(input("tilbyder", "api/data.read").parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap_err();
        assert!(err.for_field("subscope").expect("clash on subscope").contains("finnes allerede"), "{db}: {err:?}");
        let other_env = common::submit(input("tilbyder", "api/data.read").parse(), |c| scopes::create(&state, &kari, "ver2", c)).await.unwrap();
        assert_ne!(other_env, id);
        assert_eq!(scopes::detail(&state, &kari, &other_env).await.unwrap().environment, "ver2");

        // A prefix held by someone else, or by nobody, is refused on `prefix`.
        let b = common::org(&pool, B, "Annen AS", "annen.test").await;
        assign_prefix(&pool, &b, "ver1", "annen").await;
        for p in ["annen", "ledig"] {
            let err = common::submit(input(p, "api/data.read").parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap_err();
            assert!(err.for_field("prefix").expect("prefix error").contains(p), "{db}: {err:?}");
        }
        // A's prefix exists in ver1 but not in an environment where it was never assigned.
        let mut c = pool.acquire().await.unwrap();
        sqlx::query("DELETE FROM prefixes WHERE environment = 'ver2'").execute(&mut *c).await.unwrap();
        drop(c);
        assert!(
            common::submit(input("tilbyder", "noe").parse(), |c| scopes::create(&state, &kari, "ver2", c)).await.unwrap_err().for_field("prefix").is_some(),
            "{db}"
        );
        let err = common::submit(ScopeInput { prefix: " ".into(), ..input("", "x1") }.parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap_err();
        assert!(err.for_field("prefix").unwrap().contains("Bestill prefiks"), "{db}");
        assert!(is_not_found(common::submit(input("tilbyder", "x1").parse(), |c| scopes::create(&state, &kari, "ver9", c)).await), "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM scopes").await, 4, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action = 'scope.created'").await, 4, "{db}");

        // "Endre": the same rules for the changeable fields; prefix and subscope stay.
        let err = common::submit(ScopeInput { description: "".into(), at_max_age: "0".into(), ..input("x", "y") }.parse_settings(), |c| {
            scopes::update(&state, &kari, &id, c)
        })
        .await
        .unwrap_err();
        assert!(err.for_field("description").is_some() && err.for_field("at_max_age").is_some(), "{db}: {err:?}");
        let change =
            ScopeInput { description: "Lese og skrive".into(), long_description: "# Bruk\n<script>x</script>".into(), delegable: true, ..public("x", "y") };
        common::submit(change.parse_settings(), |c| scopes::update(&state, &kari, &id, c)).await.unwrap();
        let d = scopes::detail(&state, &kari, &id).await.unwrap();
        assert_eq!(
            (d.name.as_str(), d.description.as_str(), d.visibility, d.delegable),
            ("tilbyder:api/data.read", "Lese og skrive", Visibility::Public, true),
            "{db}"
        );
        assert!(d.long_description_html.contains("<h1>") && !d.long_description_html.contains("<script"), "{db}: {}", d.long_description_html);
    }
}

common::per_backend! {
    async fn access_list_decides_what_a_consumer_may_use(db, pool) {
        let (state, _a, kari) = provider(&pool).await;
        let b = common::org(&pool, B, "Konsument AS", "konsument.test").await;
        let (bob, _) = common::person(&pool, &b, "bob@konsument.test", "Bob Konsument", &[]).await;
        let id = common::submit(input("tilbyder", "api/data.read").parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap();
        assert!(available_names(&state, &bob, "ver1").await.is_empty(), "{db}");

        scopes::add_access(&state, &kari, &id, B).await.unwrap();
        scopes::add_access(&state, &kari, &id, UNREGISTERED).await.unwrap();
        let d = scopes::detail(&state, &kari, &id).await.unwrap();
        let mut names: Vec<_> = d.access.iter().map(|a| (a.org_number.clone(), a.org_name.clone(), a.added_by.clone())).collect();
        names.sort();
        assert_eq!(
            names,
            vec![
                (B.to_string(), Some("Konsument AS".to_string()), Some("Kari Tilbyder".to_string())),
                (UNREGISTERED.to_string(), None, Some("Kari Tilbyder".to_string()))
            ],
            "{db}"
        );

        // Twice (also written with spaces) and invalid numbers are refused on org_number.
        for again in [B, "310 000 027"] {
            let err = scopes::add_access(&state, &kari, &id, again).await.unwrap_err();
            assert!(err.for_field("org_number").expect("duplicate").contains("allerede"), "{db}: {err:?}");
        }
        let err = scopes::add_access(&state, &kari, &id, "310000028").await.unwrap_err();
        assert!(err.for_field("org_number").expect("mod-11").contains("kontrollsifferet"), "{db}: {err:?}");
        assert!(scopes::add_access(&state, &kari, &id, "12345").await.unwrap_err().for_field("org_number").is_some());
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM scope_access").await, 2, "{db}");

        let avail = scopes::available(&state, &bob, "ver1").await.unwrap();
        assert_eq!(avail.len(), 1, "{db}");
        assert_eq!((avail[0].name.as_str(), avail[0].provider.as_str()), ("tilbyder:api/data.read", "Tilbyder AS"));
        assert_eq!(avail[0].integration_types, vec![IntegrationType::Maskinporten]);
        assert!(available_names(&state, &bob, "ver2").await.is_empty(), "{db}: other environment");
        assert_eq!(scopes::list_own(&state, &kari, "ver1").await.unwrap()[0].consumers, 2, "{db}");
        // PRIVATE: never in the catalogue, even for those with access.
        assert_eq!(catalogue_status(&state, &bob, "ver1", &id).await, None, "{db}");

        scopes::remove_access(&state, &kari, &id, B).await.unwrap();
        assert!(available_names(&state, &bob, "ver1").await.is_empty(), "{db}");
        let d = scopes::detail(&state, &kari, &id).await.unwrap();
        assert_eq!(d.access.iter().map(|a| a.org_number.as_str()).collect::<Vec<_>>(), [UNREGISTERED], "{db}");
        assert!(is_not_found(scopes::remove_access(&state, &kari, &id, B).await), "{db}: removing twice");
        assert!(scopes::remove_access(&state, &kari, &id, "310000028").await.unwrap_err().for_field("org_number").is_some());
        // The removed row is kept, with who and when.
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM scope_access WHERE removed_at IS NOT NULL AND removed_by IS NOT NULL").await, 1, "{db}");

        // Given back: a new live row.
        scopes::add_access(&state, &kari, &id, B).await.unwrap();
        assert_eq!(available_names(&state, &bob, "ver1").await, ["tilbyder:api/data.read"], "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM scope_access WHERE removed_at IS NULL").await, 2, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action = 'scope.access_added'").await, 3, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action = 'scope.access_removed'").await, 1, "{db}");
    }
}

common::per_backend! {
    async fn another_organisation_can_neither_see_nor_change_a_scope(db, pool) {
        let (state, _a, kari) = provider(&pool).await;
        let b = common::org(&pool, B, "Annen AS", "annen.test").await;
        // Every right B's people can have, and the step-up: still not A's scope.
        let (bob, _) = common::person(&pool, &b, "bob@annen.test", "Bob Annen", &[Right::MainAdmin, Right::ManageApis, Right::ManageIntegrations]).await;
        let id = common::submit(input("tilbyder", "hemmelig").parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap();
        scopes::add_access(&state, &kari, &id, C).await.unwrap();

        let snapshot = |pool: AnyPool, id: String| async move {
            let mut c = pool.acquire().await.unwrap();
            let s = store::scopes::by_id(&mut c, &id).await.unwrap().unwrap();
            let access: Vec<String> = store::scopes::access_list(&mut c, &id).await.unwrap().into_iter().map(|a| a.consumer_org_number).collect();
            (s.description, s.visibility, s.active, s.accessible_for_all, s.updated_at, access)
        };
        let before = snapshot(pool.clone(), id.clone()).await;
        let rows_before = common::count(&pool, "SELECT COUNT(*) FROM scope_access").await;

        assert!(is_not_found(scopes::detail(&state, &bob, &id).await), "{db}");
        let hijack = ScopeInput { description: "Kapret".into(), accessible_for_all: true, ..public("tilbyder", "hemmelig") };
        assert!(is_not_found(common::submit(hijack.parse_settings(), |c| scopes::update(&state, &bob, &id, c)).await), "{db}");
        assert!(is_not_found(scopes::set_active(&state, &bob, &id, false).await), "{db}");
        assert!(is_not_found(scopes::add_access(&state, &bob, &id, B).await), "{db}");
        assert!(is_not_found(scopes::remove_access(&state, &bob, &id, C).await), "{db}");
        // An unknown id answers the same: nothing tells B the scope exists.
        let unknown = scopes::detail(&state, &bob, "finnes-ikke").await.unwrap_err();
        assert_eq!(scopes::detail(&state, &bob, &id).await.unwrap_err(), unknown, "{db}");
        assert!(scopes::list_own(&state, &bob, "ver1").await.unwrap().is_empty(), "{db}");

        assert_eq!(snapshot(pool.clone(), id.clone()).await, before, "{db}: B changed A's scope");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM scope_access").await, rows_before, "{db}");
        assert_eq!(
            common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'scope.%' AND action <> 'scope.created' AND action <> 'scope.access_added'")
                .await,
            0,
            "{db}"
        );

        // Neither available nor in the catalogue while PRIVATE and not shared with B.
        assert!(available_names(&state, &bob, "ver1").await.is_empty(), "{db}");
        assert_eq!(catalogue_status(&state, &bob, "ver1", &id).await, None, "{db}");

        // PUBLIC: in B's catalogue (requestable), still not available, still not B's to see in detail.
        common::submit(public("tilbyder", "hemmelig").parse_settings(), |c| scopes::update(&state, &kari, &id, c)).await.unwrap();
        assert_eq!(catalogue_status(&state, &bob, "ver1", &id).await, Some(CatalogueStatus::Requestable), "{db}");
        assert_eq!(catalogue_status(&state, &kari, "ver1", &id).await, Some(CatalogueStatus::Own), "{db}");
        assert!(available_names(&state, &bob, "ver1").await.is_empty(), "{db}");
        assert!(catalogue_status(&state, &bob, "ver2", &id).await.is_none(), "{db}: other environment");

        // Granted: available (and "Available" in the catalogue); detail stays the owner's.
        scopes::add_access(&state, &kari, &id, B).await.unwrap();
        assert_eq!(available_names(&state, &bob, "ver1").await, ["tilbyder:hemmelig"], "{db}");
        assert_eq!(catalogue_status(&state, &bob, "ver1", &id).await, Some(CatalogueStatus::Available), "{db}");
        assert!(is_not_found(scopes::detail(&state, &bob, &id).await), "{db}");
        assert!(is_not_found(scopes::remove_access(&state, &bob, &id, B).await), "{db}: a consumer cannot edit the list");

        // PRIVATE but accessible for all: available to everyone, in no catalogue.
        scopes::remove_access(&state, &kari, &id, B).await.unwrap();
        common::submit(ScopeInput { accessible_for_all: true, ..input("tilbyder", "hemmelig") }.parse_settings(), |c| scopes::update(&state, &kari, &id, c))
            .await
            .unwrap();
        assert_eq!(available_names(&state, &bob, "ver1").await, ["tilbyder:hemmelig"], "{db}");
        assert_eq!(catalogue_status(&state, &bob, "ver1", &id).await, None, "{db}");
    }
}

common::per_backend! {
    async fn deactivated_scopes_are_never_available_and_consumers_are_told(db, pool) {
        let (state, _a, kari) = provider(&pool).await;
        let b = common::org(&pool, B, "Konsument AS", "konsument.test").await;
        let (bob, _) = common::person(&pool, &b, "bob@konsument.test", "Bob Konsument", &[]).await;
        let c = common::org(&pool, C, "Stille AS", "stille.test").await;
        let (carl, _) = common::person(&pool, &c, "carl@stille.test", "Carl Stille", &[]).await;
        // B's notification contacts; C has none.
        let contacts = CommercialInput { contacts: "varsel@konsument.test, Drift@Konsument.test".into(), ..CommercialInput::default() };
        common::submit(contacts.parse(), |c| commercial::save_provider(&state, &bob, c)).await.unwrap();

        let listed = common::submit(public("tilbyder", "liste").parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap();
        scopes::add_access(&state, &kari, &listed, B).await.unwrap();
        scopes::add_access(&state, &kari, &listed, C).await.unwrap();
        let for_all =
            common::submit(ScopeInput { accessible_for_all: true, ..public("tilbyder", "alle") }.parse(), |c| scopes::create(&state, &kari, "ver1", c))
                .await
                .unwrap();
        let unused = common::submit(public("tilbyder", "ubrukt").parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap();
        assert_eq!(available_names(&state, &bob, "ver1").await, ["tilbyder:alle", "tilbyder:liste"], "{db}");
        let mails_before = common::count(&pool, "SELECT COUNT(*) FROM outbox").await;

        scopes::set_active(&state, &kari, &listed, false).await.unwrap();
        scopes::set_active(&state, &kari, &for_all, false).await.unwrap();
        scopes::set_active(&state, &kari, &unused, false).await.unwrap();
        assert!(available_names(&state, &bob, "ver1").await.is_empty(), "{db}");
        assert!(available_names(&state, &carl, "ver1").await.is_empty(), "{db}");
        assert!(scopes::catalogue(&state, &bob, "ver1").await.unwrap().is_empty(), "{db}");
        // A deactivated PUBLIC scope is not requestable either.
        assert!(is_not_found(scopes::request_access(&state, &carl, &unused).await), "{db}");

        // The owner still sees it, inactive, with its access list.
        let d = scopes::detail(&state, &kari, &listed).await.unwrap();
        assert!(!d.active, "{db}");
        let mut on_list: Vec<_> = d.access.iter().map(|a| a.org_number.clone()).collect();
        on_list.sort();
        assert_eq!(on_list, [B, C], "{db}");
        let own = scopes::list_own(&state, &kari, "ver1").await.unwrap();
        assert!(own.iter().all(|s| !s.active), "{db}");

        // B's contacts (and only they) got an e-mail naming the scope.
        let mut conn = pool.acquire().await.unwrap();
        let mails = app::server::store::outbox::list(&mut conn, 100).await.unwrap();
        drop(conn);
        let mut to: Vec<_> = mails.iter().filter(|m| m.subject.contains("tilbyder:liste")).map(|m| m.recipient.clone()).collect();
        to.sort();
        assert_eq!(to, ["drift@konsument.test", "varsel@konsument.test"], "{db}");
        assert!(mails.iter().filter(|m| m.subject.contains("tilbyder:liste")).all(|m| m.body.contains("deaktivert") && m.body.contains("ver1")), "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM outbox").await, mails_before + 2, "{db}");

        // Deactivating again changes nothing and sends nothing.
        scopes::set_active(&state, &kari, &listed, false).await.unwrap();
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM outbox").await, mails_before + 2, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action = 'scope.deactivated'").await, 3, "{db}");

        // Activated: back, with the same access list, and no e-mail.
        scopes::set_active(&state, &kari, &listed, true).await.unwrap();
        assert_eq!(available_names(&state, &bob, "ver1").await, ["tilbyder:liste"], "{db}");
        assert_eq!(available_names(&state, &carl, "ver1").await, ["tilbyder:liste"], "{db}");
        assert_eq!(catalogue_status(&state, &bob, "ver1", &listed).await, Some(CatalogueStatus::Available), "{db}");
        scopes::set_active(&state, &kari, &for_all, true).await.unwrap();
        assert_eq!(available_names(&state, &carl, "ver1").await, ["tilbyder:alle", "tilbyder:liste"], "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM outbox").await, mails_before + 2, "{db}");
    }
}

common::per_backend! {
    async fn production_needs_the_api_right_and_the_step_up(db, pool) {
        let (state, a, plain) = provider(&pool).await;
        let (apis, apis_token) = common::person(&pool, &a, "api@tilbyder.test", "Api Ansvarlig", &[Right::ManageApis]).await;
        let prod = input("tilbyder", "api/data.read");

        let err = common::submit(prod.parse(), |c| scopes::create(&state, &plain, "prod", c)).await.unwrap_err();
        assert!(matches!(&err, AppError::Forbidden(m) if m.contains("Selvbetjening av APIer")), "{db}: {err:?}");
        let err = common::submit(prod.parse(), |c| scopes::create(&state, &apis, "prod", c)).await.unwrap_err();
        assert!(matches!(&err, AppError::Forbidden(m) if m.contains("tofaktor")), "{db}: {err:?}");
        // The same people may in a test environment.
        common::submit(prod.parse(), |c| scopes::create(&state, &plain, "ver1", c)).await.unwrap();

        // Enrol (this session counts as stepped up), then a fresh session must step up again.
        let enrolment = totp_service::start_enrolment(&state, &apis).await.unwrap();
        let now = app::server::now();
        let code = app::server::totp::code_at(&enrolment.secret, now).unwrap();
        totp_service::confirm_enrolment(&state, &apis, &code).await.unwrap();
        let (fresh, fresh_token) = common::login_as(&pool, &apis.user_id).await;
        let err = common::submit(prod.parse(), |c| scopes::create(&state, &fresh, "prod", c)).await.unwrap_err();
        assert!(matches!(&err, AppError::Forbidden(m) if m.contains("engangskode")), "{db}: {err:?}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM scopes WHERE environment = 'prod'").await, 0, "{db}");

        let stepped = common::reload(&pool, &apis_token).await;
        let id = common::submit(prod.parse(), |c| scopes::create(&state, &stepped, "prod", c)).await.unwrap();
        // The plain user may look, but not change: told why.
        let d = scopes::detail(&state, &plain, &id).await.unwrap();
        assert!(d.manage_denied.unwrap().contains("Selvbetjening av APIer"), "{db}");
        assert!(scopes::detail(&state, &stepped, &id).await.unwrap().manage_denied.is_none(), "{db}");
        for r in [
            scopes::add_access(&state, &plain, &id, B).await,
            scopes::set_active(&state, &plain, &id, false).await,
            common::submit(prod.parse_settings(), |c| scopes::update(&state, &plain, &id, c)).await,
            scopes::add_access(&state, &fresh, &id, B).await,
        ] {
            assert!(matches!(r, Err(AppError::Forbidden(_))), "{db}: {r:?}");
        }
        let next = app::server::totp::code_at(&enrolment.secret, now + 30).unwrap();
        totp_service::step_up(&state, &fresh, &next).await.unwrap();
        let fresh = common::reload(&pool, &fresh_token).await;
        scopes::add_access(&state, &fresh, &id, B).await.unwrap();
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM scope_access").await, 1, "{db}");

        // Stricter access: the right is needed in the test environments too (no step-up there).
        let mut c = pool.acquire().await.unwrap();
        store::orgs::set_stricter_access(&mut c, &a.id, true).await.unwrap();
        drop(c);
        assert!(matches!(common::submit(prod.parse(), |c| scopes::create(&state, &plain, "ver2", c)).await, Err(AppError::Forbidden(_))), "{db}");
        let (with_right, _) = common::person(&pool, &a, "ny@tilbyder.test", "Ny Ansvarlig", &[Right::ManageApis]).await;
        common::submit(prod.parse(), |c| scopes::create(&state, &with_right, "ver2", c)).await.unwrap();
    }
}

common::per_backend! {
    async fn access_requests_to_public_scopes(db, pool) {
        let (state, _a, kari) = provider(&pool).await;
        let b = common::org(&pool, B, "Konsument AS", "konsument.test").await;
        let (bob, _) = common::person(&pool, &b, "bob@konsument.test", "Bob Konsument", &[]).await;
        let c = common::org(&pool, C, "Tredje AS", "tredje.test").await;
        let (carl, _) = common::person(&pool, &c, "carl@tredje.test", "Carl Tredje", &[]).await;
        let open = common::submit(public("tilbyder", "offentlig").parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap();
        let private = common::submit(input("tilbyder", "privat").parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap();

        scopes::request_access(&state, &bob, &open).await.unwrap();
        assert_eq!(catalogue_status(&state, &bob, "ver1", &open).await, Some(CatalogueStatus::Requested), "{db}");
        assert!(matches!(scopes::request_access(&state, &bob, &open).await, Err(AppError::Conflict(_))), "{db}: second request");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM access_requests").await, 1, "{db}");
        // Own scope, a PRIVATE one not shared, an unknown id.
        assert!(matches!(scopes::request_access(&state, &kari, &open).await, Err(AppError::Conflict(_))), "{db}");
        assert!(is_not_found(scopes::request_access(&state, &bob, &private).await), "{db}");
        assert!(is_not_found(scopes::request_access(&state, &bob, "finnes-ikke").await), "{db}");

        let requests = scopes::detail(&state, &kari, &open).await.unwrap().requests;
        assert_eq!(requests.len(), 1, "{db}");
        assert_eq!((requests[0].org_number.as_str(), requests[0].org_name.as_str()), (B, "Konsument AS"));
        assert_eq!(requests[0].requested_by.as_deref(), Some("Bob Konsument"));
        let request_id = requests[0].id.clone();

        // Only the provider decides.
        assert!(is_not_found(scopes::decide_access_request(&state, &bob, &request_id, true).await), "{db}");
        assert!(is_not_found(scopes::decide_access_request(&state, &carl, &request_id, true).await), "{db}");
        assert!(is_not_found(scopes::decide_access_request(&state, &kari, "finnes-ikke", true).await), "{db}");
        assert!(available_names(&state, &bob, "ver1").await.is_empty(), "{db}");

        scopes::decide_access_request(&state, &kari, &request_id, true).await.unwrap();
        let d = scopes::detail(&state, &kari, &open).await.unwrap();
        assert!(d.requests.is_empty(), "{db}");
        assert_eq!(d.access.iter().map(|a| a.org_number.as_str()).collect::<Vec<_>>(), [B], "{db}");
        assert_eq!(available_names(&state, &bob, "ver1").await, ["tilbyder:offentlig"], "{db}");
        assert_eq!(catalogue_status(&state, &bob, "ver1", &open).await, Some(CatalogueStatus::Available), "{db}");
        assert!(matches!(scopes::decide_access_request(&state, &kari, &request_id, false).await, Err(AppError::Conflict(_))), "{db}: decided twice");
        assert!(matches!(scopes::request_access(&state, &bob, &open).await, Err(AppError::Conflict(_))), "{db}: already has access");

        // Denied: nothing granted, and the organisation may ask again.
        scopes::request_access(&state, &carl, &open).await.unwrap();
        let deny_id = scopes::detail(&state, &kari, &open).await.unwrap().requests[0].id.clone();
        scopes::decide_access_request(&state, &kari, &deny_id, false).await.unwrap();
        assert!(available_names(&state, &carl, "ver1").await.is_empty(), "{db}");
        assert_eq!(catalogue_status(&state, &carl, "ver1", &open).await, Some(CatalogueStatus::Requestable), "{db}");
        let d = scopes::detail(&state, &kari, &open).await.unwrap();
        assert!(d.requests.is_empty() && d.access.len() == 1, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM access_requests WHERE state = 'DENIED'").await, 1, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM access_requests WHERE state = 'APPROVED'").await, 1, "{db}");
        scopes::request_access(&state, &carl, &open).await.unwrap();
        assert_eq!(catalogue_status(&state, &carl, "ver1", &open).await, Some(CatalogueStatus::Requested), "{db}");

        // A PRIVATE scope shared with C: already has access, nothing to request.
        scopes::add_access(&state, &kari, &private, C).await.unwrap();
        assert!(matches!(scopes::request_access(&state, &carl, &private).await, Err(AppError::Conflict(_))), "{db}");
    }
}

common::per_backend! {
    async fn prefix_requests_are_decided_by_the_operator(db, pool) {
        let state = common::state(&pool);
        let digdir = common::org(&pool, "991825827", "Digdir", "digdir.no").await;
        let (op, _) = common::operator(&pool, &digdir).await;
        let a = common::org(&pool, A, "Tilbyder AS", "tilbyder.test").await;
        let (kari, _) = common::person(&pool, &a, "kari@tilbyder.test", "Kari Tilbyder", &[Right::MainAdmin]).await;
        let b = common::org(&pool, B, "Annen AS", "annen.test").await;
        let (bob, _) = common::person(&pool, &b, "bob@annen.test", "Bob Annen", &[]).await;
        let req = |env: &str, prefix: &str| PrefixRequestInput { environment: env.into(), prefix: prefix.into(), reason: "API for data".into() };

        let err = common::submit(PrefixRequestInput { environment: "ver1".into(), prefix: "Nytt!".into(), reason: " ".into() }.parse(), |c| {
            prefix_requests::request(&state, &kari, c)
        })
        .await
        .unwrap_err();
        assert!(err.for_field("prefix").is_some() && err.for_field("reason").is_some(), "{db}: {err:?}");
        assert!(
            common::submit(req("ver9", "nytt").parse(), |c| prefix_requests::request(&state, &kari, c)).await.unwrap_err().for_field("environment").is_some(),
            "{db}"
        );

        common::submit(req("ver1", "nytt").parse(), |c| prefix_requests::request(&state, &kari, c)).await.unwrap();
        let err = common::submit(req("ver1", "nytt").parse(), |c| prefix_requests::request(&state, &kari, c)).await.unwrap_err();
        assert!(err.for_field("prefix").unwrap().contains("bestilt"), "{db}: {err:?}");
        assert_eq!(environments::access(&state, &kari, "ver1").await.unwrap().pending_prefixes, ["nytt"], "{db}");
        assert!(environments::access(&state, &kari, "ver2").await.unwrap().pending_prefixes.is_empty(), "{db}");

        // Only the operator sees and decides.
        assert!(matches!(prefix_requests::list_open(&state, &kari).await, Err(AppError::Forbidden(_))), "{db}");
        let open = prefix_requests::list_open(&state, &op).await.unwrap();
        assert_eq!(open.len(), 1, "{db}");
        assert_eq!(
            (open[0].org_number.as_str(), open[0].prefix.as_str(), open[0].environment.as_str(), open[0].reason.as_str()),
            (A, "nytt", "ver1", "API for data")
        );
        let request_id = open[0].id.clone();
        for who in [&kari, &bob] {
            assert!(matches!(prefix_requests::decide(&state, who, &request_id, true).await, Err(AppError::Forbidden(_))), "{db}");
        }
        assert!(
            common::submit(input("nytt", "data").parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap_err().for_field("prefix").is_some(),
            "{db}: not yet"
        );

        prefix_requests::decide(&state, &op, &request_id, true).await.unwrap();
        let mut c = pool.acquire().await.unwrap();
        assert_eq!(store::prefixes::holder(&mut c, "ver1", "nytt").await.unwrap().as_deref(), Some(a.id.as_str()), "{db}");
        assert_eq!(store::prefixes::holder(&mut c, "ver2", "nytt").await.unwrap(), None, "{db}");
        drop(c);
        assert_eq!(environments::access(&state, &kari, "ver1").await.unwrap().prefixes, ["nytt"], "{db}");
        assert!(environments::access(&state, &kari, "ver1").await.unwrap().pending_prefixes.is_empty(), "{db}");
        assert!(prefix_requests::list_open(&state, &op).await.unwrap().is_empty(), "{db}");
        assert!(matches!(prefix_requests::decide(&state, &op, &request_id, false).await, Err(AppError::Conflict(_))), "{db}");
        common::submit(input("nytt", "data").parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap_or_else(|e| panic!("{db}: {e:?}"));

        // Taken: by the organisation itself, or by another.
        let err = common::submit(req("ver1", "nytt").parse(), |c| prefix_requests::request(&state, &kari, c)).await.unwrap_err();
        assert!(err.for_field("prefix").unwrap().contains("allerede prefikset"), "{db}: {err:?}");
        let err = common::submit(req("ver1", "nytt").parse(), |c| prefix_requests::request(&state, &bob, c)).await.unwrap_err();
        assert!(err.for_field("prefix").unwrap().contains("allerede tatt"), "{db}: {err:?}");

        // Rejected: nothing assigned, the request is closed.
        common::submit(req("ver2", "annet").parse(), |c| prefix_requests::request(&state, &kari, c)).await.unwrap();
        let reject_id = prefix_requests::list_open(&state, &op).await.unwrap()[0].id.clone();
        prefix_requests::decide(&state, &op, &reject_id, false).await.unwrap();
        let mut c = pool.acquire().await.unwrap();
        assert_eq!(store::prefixes::holder(&mut c, "ver2", "annet").await.unwrap(), None, "{db}");
        drop(c);
        assert!(prefix_requests::list_open(&state, &op).await.unwrap().is_empty(), "{db}");
        assert!(
            common::submit(input("annet", "data").parse(), |c| scopes::create(&state, &kari, "ver2", c)).await.unwrap_err().for_field("prefix").is_some(),
            "{db}"
        );
        assert!(is_not_found(prefix_requests::decide(&state, &op, "finnes-ikke", true).await), "{db}");

        // Two organisations ask for the same free prefix: the first approval wins, the second cannot be approved.
        common::submit(req("ver2", "felles").parse(), |c| prefix_requests::request(&state, &kari, c)).await.unwrap();
        common::submit(req("ver2", "felles").parse(), |c| prefix_requests::request(&state, &bob, c)).await.unwrap();
        let open = prefix_requests::list_open(&state, &op).await.unwrap();
        let of = |n: &str| open.iter().find(|r| r.org_number == n).unwrap().id.clone();
        prefix_requests::decide(&state, &op, &of(B), true).await.unwrap();
        assert!(matches!(prefix_requests::decide(&state, &op, &of(A), true).await, Err(AppError::Conflict(_))), "{db}");
        prefix_requests::decide(&state, &op, &of(A), false).await.unwrap();
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM prefixes WHERE prefix = 'felles'").await, 1, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action = 'prefix.request_approved'").await, 2, "{db}");
    }
}

common::per_backend! {
    async fn commercial_data_round_trip(db, pool) {
        let (state, a, kari) = provider(&pool).await;
        let b = common::org(&pool, B, "Annen AS", "annen.test").await;
        let (bob, _) = common::person(&pool, &b, "bob@annen.test", "Bob Annen", &[]).await;

        let entry = commercial::provider_entry(&state, &kari).await.unwrap();
        assert_eq!((entry.org.org_number.as_str(), entry.org.name.as_str()), (A, "Tilbyder AS"), "{db}");
        assert_eq!(entry.commercial, Default::default(), "{db}");
        assert!(entry.edit_denied.is_none(), "{db}");

        let bad = CommercialInput { invoice_email: "ikke-epost".into(), invoice_reference: "x".repeat(101), contacts: "a@x.no nei@".into() };
        let err = common::submit(bad.parse(), |c| commercial::save_provider(&state, &kari, c)).await.unwrap_err();
        for f in ["invoice_email", "invoice_reference", "contacts"] {
            assert!(err.for_field(f).is_some(), "{db}: {f} in {err:?}");
        }
        let many = (0..21).map(|i| format!("k{i}@x.no")).collect::<Vec<_>>().join(",");
        let err = common::submit(CommercialInput { contacts: many, ..Default::default() }.parse(), |c| commercial::save_provider(&state, &kari, c))
            .await
            .unwrap_err();
        assert!(err.for_field("contacts").unwrap().contains("20"), "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM commercial_data").await, 0, "{db}");

        let good = CommercialInput {
            invoice_email: " Faktura@Tilbyder.test ".into(),
            invoice_reference: " R-1 ".into(),
            contacts: "a@x.no, b@x.no\nA@x.no;c@x.no".into(),
        };
        common::submit(good.parse(), |c| commercial::save_provider(&state, &kari, c)).await.unwrap();
        let data = commercial::provider_entry(&state, &kari).await.unwrap().commercial;
        assert_eq!((data.invoice_email.as_str(), data.invoice_reference.as_str()), ("faktura@tilbyder.test", "R-1"), "{db}");
        assert_eq!(data.contacts, ["a@x.no", "b@x.no", "c@x.no"], "{db}");
        assert!(data.updated_at.is_some(), "{db}");
        // Another organisation's entry is its own.
        assert_eq!(commercial::provider_entry(&state, &bob).await.unwrap().commercial, Default::default(), "{db}");

        // Saving again replaces (one row), clearing what is left empty.
        common::submit(CommercialInput { contacts: "d@x.no".into(), ..Default::default() }.parse(), |c| commercial::save_provider(&state, &kari, c))
            .await
            .unwrap();
        let data = commercial::provider_entry(&state, &kari).await.unwrap().commercial;
        assert_eq!((data.invoice_email.as_str(), data.invoice_reference.as_str(), data.contacts.clone()), ("", "", vec!["d@x.no".to_string()]), "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM commercial_data").await, 1, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action = 'provider.commercial_saved'").await, 2, "{db}");

        // With stricter access, only people with the API right may change it.
        let mut c = pool.acquire().await.unwrap();
        store::orgs::set_stricter_access(&mut c, &a.id, true).await.unwrap();
        drop(c);
        assert!(commercial::provider_entry(&state, &kari).await.unwrap().edit_denied.unwrap().contains("Selvbetjening av APIer"), "{db}");
        assert!(matches!(common::submit(good.parse(), |c| commercial::save_provider(&state, &kari, c)).await, Err(AppError::Forbidden(_))), "{db}");
        let (apis, _) = common::person(&pool, &a, "api@tilbyder.test", "Api Ansvarlig", &[Right::ManageApis]).await;
        common::submit(good.parse(), |c| commercial::save_provider(&state, &apis, c)).await.unwrap();
        assert_eq!(commercial::provider_entry(&state, &kari).await.unwrap().commercial.contacts.len(), 3, "{db}");
    }
}

/// Several people changing at once: every change goes through (SQLite used to refuse all
/// but one with "database is locked", surfacing as an internal error).
const NUMBERS: [&str; 12] = [
    "310000027",
    "310000035",
    "310000043",
    "310000051",
    "310000078",
    "310000086",
    "310000094",
    "310000108",
    "310000116",
    "310000124",
    "310000132",
    "310000140",
];

common::per_backend! {
    multi_thread;
    async fn concurrent_changes_all_go_through(db, pool) {
        let (state, _a, kari) = provider(&pool).await;
        let id = common::submit(public("tilbyder", "api/data.read").parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap();
        let other = common::submit(public("tilbyder", "api/annet").parse(), |c| scopes::create(&state, &kari, "ver1", c)).await.unwrap();
        let mut tasks = Vec::new();
        for (i, n) in NUMBERS.into_iter().enumerate() {
            let (state, kari, id, other) = (state.clone(), kari.clone(), id.clone(), other.clone());
            tasks.push(tokio::spawn(async move {
                scopes::add_access(&state, &kari, &id, n).await?;
                if i % 3 == 0 {
                    let d = ScopeInput { description: format!("Endring {i}"), ..public("x", "y") };
                    common::submit(d.parse_settings(), |c| scopes::update(&state, &kari, &other, c)).await?;
                }
                Ok::<_, AppError>(())
            }));
        }
        for t in tasks {
            t.await.unwrap().unwrap_or_else(|e| panic!("{db}: a concurrent change failed: {e:?}"));
        }
        assert_eq!(scopes::detail(&state, &kari, &id).await.unwrap().access.len(), NUMBERS.len(), "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action = 'scope.access_added'").await, 12, "{db}");
    }
}
