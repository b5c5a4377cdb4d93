//! The operator's organisation registry, on both databases.
#![cfg(feature = "ssr")]

mod common;

use app::contract::operator::{AssignPrefixInput, NewOrgInput};
use app::domain::Right;
use app::error::AppError;
use app::server::services::operator;

fn new_org(number: &str, name: &str, parent: &str, domains: &str) -> NewOrgInput {
    NewOrgInput { org_number: number.into(), name: name.into(), parent_org_number: parent.into(), domains: domains.into() }
}

common::per_backend! {
    async fn operator_registers_organisations_admins_and_prefixes(db, pool) {
        let state = common::state(&pool);
        let digdir = common::org(&pool, "991825827", "Digdir", "digdir.no").await;
        let (op, _) = common::operator(&pool, &digdir).await;

        let err = common::submit(new_org("991825828", "", "", "").parse(), |c| operator::create(&state, &op, c)).await.unwrap_err();
        for f in ["org_number", "name", "domains"] {
            assert!(err.for_field(f).is_some(), "{db}: {f} in {err:?}");
        }
        common::submit(new_org("310000019", "Ny AS", "", "ny.test, NY2.test").parse(), |c| operator::create(&state, &op, c)).await.unwrap();
        let err = common::submit(new_org("310000027", "Annen AS", "", "ny.test").parse(), |c| operator::create(&state, &op, c)).await.unwrap_err();
        assert!(err.for_field("domains").unwrap().contains("allerede"), "{db}");
        let err = common::submit(new_org("310000019", "Igjen AS", "", "igjen.test").parse(), |c| operator::create(&state, &op, c)).await.unwrap_err();
        assert!(err.for_field("org_number").unwrap().contains("allerede"), "{db}");
        common::submit(new_org("310000027", "Underenhet AS", "310000019", "under.test").parse(), |c| operator::create(&state, &op, c)).await.unwrap();
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM organizations").await, 3);

        let detail = operator::detail(&state, &op, "310000019").await.unwrap();
        assert_eq!(detail.domains, vec!["ny.test", "ny2.test"]);

        // Main administrator: only a confirmed user of that organisation.
        let ny = common::Org { id: String::new(), number: "310000019".into() };
        let err = operator::appoint_main_admin(&state, &op, &ny.number, "ukjent@ny.test").await.unwrap_err();
        assert!(err.for_field("email").is_some());
        let mut c = pool.acquire().await.unwrap();
        let ny_row = app::server::store::orgs::by_number(&mut c, "310000019").await.unwrap().unwrap();
        drop(c);
        let (_, token) = common::person(&pool, &common::Org { id: ny_row.id, number: ny.number.clone() }, "sjef@ny.test", "Siri Sjef", &[]).await;
        operator::appoint_main_admin(&state, &op, &ny.number, "sjef@ny.test").await.unwrap();
        assert_eq!(common::reload(&pool, &token).await.rights, vec![Right::MainAdmin], "{db}");

        // Prefixes are unique per environment.
        let p = |env: &str, prefix: &str| AssignPrefixInput { org_number: "310000019".into(), environment: env.into(), prefix: prefix.into() };
        common::submit(p("ver1", "nyas").parse(), |c| operator::assign_prefix(&state, &op, c)).await.unwrap();
        common::submit(p("prod", "nyas").parse(), |c| operator::assign_prefix(&state, &op, c)).await.unwrap();
        assert!(common::submit(p("ver1", "nyas").parse(), |c| operator::assign_prefix(&state, &op, c)).await.unwrap_err().for_field("prefix").is_some());
        assert!(common::submit(p("ver1", "Ugyldig").parse(), |c| operator::assign_prefix(&state, &op, c)).await.unwrap_err().for_field("prefix").is_some());
        assert!(common::submit(p("ver7", "annet").parse(), |c| operator::assign_prefix(&state, &op, c)).await.unwrap_err().for_field("environment").is_some());
        assert_eq!(operator::detail(&state, &op, "310000019").await.unwrap().prefixes.len(), 2);
    }
}

common::per_backend! {
    async fn only_the_operator_operates(db, pool) {
        let state = common::state(&pool);
        let a = common::org(&pool, "310000019", "A AS", "a.test").await;
        let (admin, _) = common::person(&pool, &a, "admin@a.test", "Anne Admin", &[Right::MainAdmin]).await;
        assert!(matches!(operator::list(&state, &admin).await.unwrap_err(), AppError::Forbidden(_)), "{db}");
        assert!(matches!(
            common::submit(new_org("310000027", "X", "", "x.test").parse(), |c| operator::create(&state, &admin, c)).await.unwrap_err(),
            AppError::Forbidden(_)
        ));
        assert!(matches!(operator::appoint_main_admin(&state, &admin, "310000019", "admin@a.test").await.unwrap_err(), AppError::Forbidden(_)));
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM organizations").await, 1);
    }
}
