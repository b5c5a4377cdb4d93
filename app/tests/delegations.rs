//! API delegation on both databases: delegable rights, "Deleger nytt API", "Fjern" and
//! "Angre", and "For en kunde" — every rule and every refusal, through the services the
//! server functions call.
#![cfg(feature = "ssr")]

mod common;

use app::contract::clients::ClientInput;
use app::contract::delegations::{DelegableRightInput, DelegationInput};
use app::contract::scopes::ScopeInput;
use app::domain::views::ClientScopeEntry;
use app::domain::{Right, Visibility};
use app::error::AppError;
use app::server::services::{clients, delegations, scopes};
use app::server::{session::CurrentUser, store, AppState};
use sqlx::AnyPool;

const PROVIDER: &str = "991825827"; // Digitaliseringsdirektoratet, prefix altinn
const CUSTOMER: &str = "310000027";
const SUPPLIER: &str = "310000035";
const OTHER: &str = "310000043";
const READ: &str = "altinn:serviceowner/instances.read";
const WRITE: &str = "altinn:serviceowner/instances.write";

struct World {
    state: AppState,
    provider: CurrentUser,
    customer_admin: CurrentUser,
    customer_plain: CurrentUser,
    supplier_dev: CurrentUser,
    supplier_plain: CurrentUser,
    other_dev: CurrentUser,
    read_scope: String,
    write_scope: String,
    read_right: String,
    full_right: String,
}

fn scope(subscope: &str, delegable: bool) -> ScopeInput {
    ScopeInput {
        prefix: "altinn".into(),
        subscope: subscope.into(),
        description: "Appinstanser".into(),
        visibility: Visibility::Public.code().into(),
        delegable,
        integration_types: vec!["maskinporten".into()],
        ..ScopeInput::default()
    }
}

fn right(name: &str, scopes: &[&str]) -> DelegableRightInput {
    DelegableRightInput { name: name.into(), description: "Appinstanser".into(), scopes: scopes.iter().map(|s| s.to_string()).collect() }
}

fn order(supplier: &str, rights: &[&String]) -> DelegationInput {
    DelegationInput { environment: "ver1".into(), supplier_org_number: supplier.into(), rights: rights.iter().map(|r| r.to_string()).collect() }
}

fn client(name: &str, customer: &str, scopes: &[&str]) -> ClientInput {
    ClientInput {
        integration_type: "maskinporten".into(),
        name: name.into(),
        description: "Fagsystem".into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        customer: customer.into(),
        ..ClientInput::default()
    }
}

/// The provider with two delegable scopes (read, write) and the rights "lesetilgang"
/// (read) and "full tilgang" (both); the customer has access to both scopes.
async fn world(pool: &AnyPool) -> World {
    let state = common::state(pool);
    let p = common::org(pool, PROVIDER, "Digitaliseringsdirektoratet", "digdir.no").await;
    let c = common::org(pool, CUSTOMER, "Demo Konsument AS", "konsument.test").await;
    let l = common::org(pool, SUPPLIER, "Demo Leverandør AS", "leverandor.test").await;
    let o = common::org(pool, OTHER, "Annen Leverandør AS", "annen.test").await;
    let mut conn = pool.acquire().await.unwrap();
    store::prefixes::assign(&mut conn, &p.id, "ver1", "altinn", None).await.unwrap();
    store::prefixes::assign(&mut conn, &p.id, "ver2", "altinn", None).await.unwrap();
    drop(conn);
    let (provider, _) = common::person(pool, &p, "tilbyder@digdir.no", "Tor Tilbyder", &[]).await;
    let (customer_admin, _) = common::person(pool, &c, "admin@konsument.test", "Kari Konsument", &[Right::MainAdmin]).await;
    let (customer_plain, _) = common::person(pool, &c, "bruker@konsument.test", "Kåre Konsument", &[]).await;
    let (supplier_dev, _) = common::person(pool, &l, "dev@leverandor.test", "Lise Leverandør", &[Right::ManageIntegrations, Right::Supplier]).await;
    let (supplier_plain, _) = common::person(pool, &l, "bruker@leverandor.test", "Lars Leverandør", &[]).await;
    let (other_dev, _) = common::person(pool, &o, "dev@annen.test", "Anne Annen", &[Right::ManageIntegrations, Right::Supplier]).await;
    let read_scope = common::submit(scope("serviceowner/instances.read", true).parse(), |s| scopes::create(&state, &provider, "ver1", s)).await.unwrap();
    let write_scope = common::submit(scope("serviceowner/instances.write", true).parse(), |s| scopes::create(&state, &provider, "ver1", s)).await.unwrap();
    for id in [&read_scope, &write_scope] {
        scopes::add_access(&state, &provider, id, CUSTOMER).await.unwrap();
    }
    let read_right = common::submit(right("Altinn tjenesteeier-API: Appinstanser (lesetilgang)", &[READ]).parse(), |r| {
        delegations::create_right(&state, &provider, "ver1", r)
    })
    .await
    .unwrap();
    let full_right = common::submit(right("Altinn tjenesteeier-API: Appinstanser (full tilgang)", &[READ, WRITE]).parse(), |r| {
        delegations::create_right(&state, &provider, "ver1", r)
    })
    .await
    .unwrap();
    World { state, provider, customer_admin, customer_plain, supplier_dev, supplier_plain, other_dev, read_scope, write_scope, read_right, full_right }
}

fn field(r: Result<impl std::fmt::Debug, AppError>, name: &str) -> String {
    match r {
        Err(e) => e.for_field(name).unwrap_or_else(|| panic!("no message for {name}: {e:?}")).to_string(),
        Ok(v) => panic!("expected a refusal on {name}, got {v:?}"),
    }
}

common::per_backend! {
    async fn providers_bundle_their_own_delegable_scopes(db, pool) {
        let w = world(&pool).await;
        let rights = delegations::provider_rights(&w.state, &w.provider, "ver1").await.unwrap();
        assert_eq!(rights.rights.iter().map(|r| (r.name.as_str(), r.scopes.len())).collect::<Vec<_>>(),
            vec![("Altinn tjenesteeier-API: Appinstanser (full tilgang)", 2), ("Altinn tjenesteeier-API: Appinstanser (lesetilgang)", 1)], "{db}");
        assert_eq!(rights.scope_options, vec![READ.to_string(), WRITE.to_string()], "{db}");

        // Only the organisation's own, active, delegable scopes.
        let not_delegable = common::submit(scope("intern/data", false).parse(), |s| scopes::create(&w.state, &w.provider, "ver1", s)).await.unwrap();
        let _ = not_delegable;
        let r = common::submit(right("Ny", &["altinn:intern/data"]).parse(), |r| delegations::create_right(&w.state, &w.provider, "ver1", r)).await;
        assert!(field(r, "scopes").contains("delegerbart"), "{db}");
        let r = common::submit(right("Ny", &["tilbyder:noe"]).parse(), |r| delegations::create_right(&w.state, &w.provider, "ver1", r)).await;
        assert!(field(r, "scopes").contains("ikke virksomhetens eget"), "{db}");
        let r = common::submit(right("Altinn tjenesteeier-API: Appinstanser (lesetilgang)", &[READ]).parse(), |r| delegations::create_right(&w.state, &w.provider, "ver1", r)).await;
        assert!(field(r, "name").contains("finnes allerede"), "{db}");
        // Someone else's right is not found, and cannot be changed.
        let r = common::submit(right("Kapret", &[READ]).parse(), |r| delegations::update_right(&w.state, &w.customer_admin, &w.read_right, r)).await;
        assert!(matches!(r, Err(AppError::NotFound(_))), "{db}: {r:?}");
        // Editing keeps the id; a new name shows.
        common::submit(right("Altinn tjenesteeier-API: Appinstanser (les)", &[READ]).parse(), |r| delegations::update_right(&w.state, &w.provider, &w.read_right, r)).await.unwrap();
        let names: Vec<String> = delegations::provider_rights(&w.state, &w.provider, "ver1").await.unwrap().rights.into_iter().map(|r| r.name).collect();
        assert!(names.contains(&"Altinn tjenesteeier-API: Appinstanser (les)".to_string()), "{db}: {names:?}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'delegable_right.%'").await, 3, "{db}");
    }
}

common::per_backend! {
    async fn customers_delegate_what_they_hold_and_nothing_else(db, pool) {
        let w = world(&pool).await;
        let held: Vec<String> = delegations::holdable_rights(&w.state, &w.customer_admin, "ver1").await.unwrap().into_iter().map(|r| r.id).collect();
        assert_eq!(held.len(), 2, "{db}");
        assert_eq!(delegations::find_organisation(&w.state, &w.customer_admin, SUPPLIER).await.unwrap().name, "Demo Leverandør AS");
        assert!(delegations::find_organisation(&w.state, &w.customer_admin, "310000051").await.is_err(), "{db}");

        let give = |o: DelegationInput| { let (s, u) = (&w.state, &w.customer_admin); async move { common::submit(o.parse(), |o| delegations::delegate(s, u, o)).await } };
        assert!(field(give(order(CUSTOMER, &[&w.read_right])).await, "supplier_org_number").contains("seg selv"), "{db}");
        assert!(field(give(order("310000051", &[&w.read_right])).await, "supplier_org_number").contains("Fant ingen"), "{db}");
        assert!(!field(give(order("310000036", &[&w.read_right])).await, "supplier_org_number").is_empty(), "{db}: mod 11");
        let ver2 = DelegationInput { environment: "ver2".into(), ..order(SUPPLIER, &[&w.read_right]) };
        assert!(field(give(ver2).await, "rights").contains("annet miljø"), "{db}");
        // Not the main administrator: refused, whatever they hold.
        let r = common::submit(order(SUPPLIER, &[&w.read_right]).parse(), |o| delegations::delegate(&w.state, &w.customer_plain, o)).await;
        assert!(matches!(r, Err(AppError::Forbidden(_))), "{db}: {r:?}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM delegations").await, 0, "{db}: nothing saved");

        let ids = give(order(SUPPLIER, &[&w.read_right])).await.unwrap();
        assert_eq!(ids.len(), 1);
        assert!(field(give(order(SUPPLIER, &[&w.read_right])).await, "rights").contains("allerede delegert"), "{db}");
        // Told: the supplier's main administrators or contacts get an e-mail (none here: no
        // main admin), the audit log has it, both sides see it.
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action = 'delegation.given'").await, 1, "{db}");
        let given = delegations::overview(&w.state, &w.customer_admin).await.unwrap().given;
        assert_eq!((given.len(), given[0].supplier.org_number.as_str(), given[0].scopes.clone()), (1, SUPPLIER, vec![READ.to_string()]), "{db}");
        let received = delegations::overview(&w.state, &w.supplier_plain).await.unwrap().received;
        assert_eq!((received.len(), received[0].customer.name.as_str()), (1, "Demo Konsument AS"), "{db}");
        assert!(delegations::overview(&w.state, &w.other_dev).await.unwrap().received.is_empty(), "{db}");

        // Losing access to a scope means no longer holding the right that contains it.
        scopes::remove_access(&w.state, &w.provider, &w.write_scope, CUSTOMER).await.unwrap();
        let r = give(order(SUPPLIER, &[&w.full_right])).await;
        assert!(field(r, "rights").contains("ikke selv tilgang"), "{db}");

        // Remove, undo, remove: recorded, never deleted; another organisation cannot touch it.
        assert!(matches!(delegations::remove(&w.state, &w.other_dev, &ids).await, Err(AppError::NotFound(_))), "{db}");
        delegations::remove(&w.state, &w.customer_admin, &ids).await.unwrap();
        assert!(delegations::overview(&w.state, &w.customer_admin).await.unwrap().given.is_empty(), "{db}");
        assert!(delegations::remove(&w.state, &w.customer_admin, &ids).await.is_err(), "{db}: already removed");
        delegations::restore(&w.state, &w.customer_admin, &ids).await.unwrap();
        assert_eq!(delegations::overview(&w.state, &w.supplier_plain).await.unwrap().received.len(), 1, "{db}");
        delegations::remove(&w.state, &w.customer_admin, &ids).await.unwrap();
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM delegations").await, 1, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM delegations WHERE removed_at IS NOT NULL AND removed_by IS NOT NULL").await, 1, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action IN ('delegation.removed', 'delegation.restored')").await, 3, "{db}");
    }
}

fn usable(scopes: &[ClientScopeEntry]) -> Vec<(String, bool)> {
    scopes.iter().map(|s| (s.name.clone(), s.usable)).collect()
}

common::per_backend! {
    async fn suppliers_act_for_a_customer_and_only_for_it(db, pool) {
        let w = world(&pool).await;
        let ids = common::submit(order(SUPPLIER, &[&w.read_right]).parse(), |o| delegations::delegate(&w.state, &w.customer_admin, o)).await.unwrap();
        let customers = clients::customers(&w.state, &w.supplier_dev, "ver1").await.unwrap();
        assert_eq!(customers.iter().map(|c| c.org_number.as_str()).collect::<Vec<_>>(), vec![CUSTOMER], "{db}");
        // "Legg til scopes" for the customer: exactly what it delegated.
        let options: Vec<String> = clients::scope_options(&w.state, &w.supplier_dev, "ver1", "maskinporten", CUSTOMER).await.unwrap().into_iter().map(|s| s.name).collect();
        assert_eq!(options, vec![READ.to_string()], "{db}");
        // Without the supplier right there is no "For en kunde"; another supplier cannot pick the customer.
        assert!(matches!(clients::customers(&w.state, &w.supplier_plain, "ver1").await, Err(AppError::Forbidden(_))), "{db}");
        let r = common::submit(client("Kapret", CUSTOMER, &[READ]).parse(), |c| clients::create(&w.state, &w.other_dev, "ver1", c)).await;
        assert!(field(r, "customer").contains("ikke delegert"), "{db}");
        let r = common::submit(client("Uten rett", CUSTOMER, &[READ]).parse(), |c| clients::create(&w.state, &w.supplier_plain, "ver1", c)).await;
        assert!(matches!(r, Err(AppError::Forbidden(_))), "{db}: {r:?}");
        // A scope the customer did not delegate is refused, even one the customer holds.
        let r = common::submit(client("For mye", CUSTOMER, &[READ, WRITE]).parse(), |c| clients::create(&w.state, &w.supplier_dev, "ver1", c)).await;
        assert!(field(r, "scopes").contains("ikke delegert"), "{db}");

        let id = common::submit(client("Fagsystem for kunden", CUSTOMER, &[READ]).parse(), |c| clients::create(&w.state, &w.supplier_dev, "ver1", c)).await.unwrap();
        let mine = clients::list(&w.state, &w.supplier_dev, Some("ver1")).await.unwrap();
        assert_eq!(mine[0].customer.as_ref().map(|c| c.name.as_str()), Some("Demo Konsument AS"), "{db}");
        // The customer sees it, read-only, as made by the supplier.
        let theirs = clients::list(&w.state, &w.customer_plain, Some("ver1")).await.unwrap();
        assert_eq!((theirs.len(), theirs[0].supplier.as_ref().map(|s| s.name.as_str())), (1, Some("Demo Leverandør AS")), "{db}");
        let seen = clients::detail(&w.state, &w.customer_plain, &id).await.unwrap();
        assert!(seen.manage_denied.unwrap().contains("leverandør"), "{db}");
        assert!(seen.commercial.invoice_email.is_empty(), "{db}: no supplier invoice data for the customer");
        assert!(matches!(clients::detail(&w.state, &w.other_dev, &id).await, Err(AppError::NotFound(_))), "{db}");
        let r = clients::set_active(&w.state, &w.customer_admin, &id, false).await;
        assert!(matches!(r, Err(AppError::NotFound(_))), "{db}: the customer cannot change it: {r:?}");
        // The supplier never sees the customer's own integrations.
        let own = common::submit(client("Kundens egen", "", &[READ]).parse(), |c| clients::create(&w.state, &w.customer_plain, "ver1", c)).await.unwrap();
        assert!(matches!(clients::detail(&w.state, &w.supplier_dev, &own).await, Err(AppError::NotFound(_))), "{db}");
        assert_eq!(clients::list(&w.state, &w.supplier_dev, Some("ver1")).await.unwrap().len(), 1, "{db}");

        // The scope works while the delegation is live and the customer holds it.
        let detail = |u: CurrentUser| { let s = &w.state; let id = id.clone(); async move { clients::detail(s, &u, &id).await.unwrap().scopes } };
        assert_eq!(usable(&detail(w.supplier_dev.clone()).await), vec![(READ.to_string(), true)], "{db}");
        delegations::remove(&w.state, &w.customer_admin, &ids).await.unwrap();
        assert_eq!(usable(&detail(w.supplier_dev.clone()).await), vec![(READ.to_string(), false)], "{db}: removed delegation");
        delegations::restore(&w.state, &w.customer_admin, &ids).await.unwrap();
        assert_eq!(usable(&detail(w.supplier_dev.clone()).await), vec![(READ.to_string(), true)], "{db}: undone");
        scopes::remove_access(&w.state, &w.provider, &w.read_scope, CUSTOMER).await.unwrap();
        assert_eq!(usable(&detail(w.supplier_dev.clone()).await), vec![(READ.to_string(), false)], "{db}: the customer lost the access");
        scopes::add_access(&w.state, &w.provider, &w.read_scope, CUSTOMER).await.unwrap();
        scopes::set_active(&w.state, &w.provider, &w.read_scope, false).await.unwrap();
        assert_eq!(usable(&detail(w.supplier_dev.clone()).await), vec![(READ.to_string(), false)], "{db}: scope deactivated");
    }
}

common::per_backend! {
    /// A sub-unit delegates to its main unit ("Hovedenhet") the same way.
    async fn a_sub_unit_delegates_to_its_main_unit(db, pool) {
        let w = world(&pool).await;
        let mut conn = pool.acquire().await.unwrap();
        let sub = store::orgs::insert(&mut conn, "310000051", "Konsument Avdeling Nord", Some(CUSTOMER)).await.unwrap();
        store::orgs::add_domain(&mut conn, &sub.id, "nord.konsument.test").await.unwrap();
        drop(conn);
        let sub = common::Org { id: sub.id, number: sub.org_number };
        let (sub_admin, _) = common::person(&pool, &sub, "admin@nord.konsument.test", "Nils Nord", &[Right::MainAdmin]).await;
        scopes::add_access(&w.state, &w.provider, &w.read_scope, &sub.number).await.unwrap();
        common::submit(order(CUSTOMER, &[&w.read_right]).parse(), |o| delegations::delegate(&w.state, &sub_admin, o)).await.unwrap();
        let main_admin = w.customer_admin.clone();
        let received = delegations::overview(&w.state, &main_admin).await.unwrap().received;
        assert_eq!(received.iter().map(|d| d.customer.org_number.as_str()).collect::<Vec<_>>(), vec!["310000051"], "{db}");
    }
}

common::per_backend! {
    /// The supplier's open pages hear of changes that stop its integrations for a customer:
    /// the delegation removed, and the customer's own access removed by the provider.
    async fn suppliers_are_told_live(db, pool) {
        let w = world(&pool).await;
        let ids = common::submit(order(SUPPLIER, &[&w.read_right]).parse(), |o| delegations::delegate(&w.state, &w.customer_admin, o)).await.unwrap();
        let mut rx = w.state.live.subscribe();
        delegations::remove(&w.state, &w.customer_admin, &ids).await.unwrap();
        let ev = tokio::time::timeout(std::time::Duration::from_secs(2), rx.recv()).await.unwrap().unwrap();
        assert!(ev.concerns(Some("ver1"), SUPPLIER) && ev.concerns(Some("ver1"), CUSTOMER) && !ev.concerns(Some("ver1"), OTHER), "{db}: {ev:?}");
        delegations::restore(&w.state, &w.customer_admin, &ids).await.unwrap();
        let _ = rx.recv().await;
        scopes::remove_access(&w.state, &w.provider, &w.read_scope, CUSTOMER).await.unwrap();
        let ev = tokio::time::timeout(std::time::Duration::from_secs(2), rx.recv()).await.unwrap().unwrap();
        assert!(ev.concerns(Some("ver1"), SUPPLIER), "{db}: the supplier is told when its customer loses the access: {ev:?}");
    }
}

common::per_backend! {
    async fn the_supplier_is_told_when_a_delegation_is_given_and_removed(db, pool) {
        let w = world(&pool).await;
        // The supplier has no Varslingspunkter: its main administrator hears of it.
        let supplier = store::orgs::by_number(&mut pool.acquire().await.unwrap(), SUPPLIER).await.unwrap().unwrap();
        let org = common::Org { id: supplier.id.clone(), number: SUPPLIER.into() };
        common::person(&pool, &org, "sjef@leverandor.test", "Sara Sjef", &[Right::MainAdmin]).await;
        let mails = |subject: &'static str| {
            let pool = pool.clone();
            async move {
                let rows: Vec<(String, String)> = sqlx::query_as("SELECT recipient, body FROM outbox WHERE subject = $1").bind(subject).fetch_all(&pool).await.unwrap();
                rows
            }
        };

        let ids = common::submit(order(SUPPLIER, &[&w.read_right]).parse(), |o| delegations::delegate(&w.state, &w.customer_admin, o)).await.unwrap();
        let given = mails("Demo Konsument AS har delegert et API til dere").await;
        assert_eq!(given.len(), 1, "{db}: {given:?}");
        assert_eq!(given[0].0, "sjef@leverandor.test", "{db}");
        assert!(given[0].1.contains("Altinn tjenesteeier-API: Appinstanser (lesetilgang)") && given[0].1.contains("/tjenester/api-tilganger"), "{db}: {}", given[0].1);

        delegations::remove(&w.state, &w.customer_admin, &ids).await.unwrap();
        let removed = mails("Delegering fra Demo Konsument AS er fjernet").await;
        assert_eq!(removed.len(), 1, "{db}: {removed:?}");
        assert_eq!(removed[0].0, "sjef@leverandor.test", "{db}");
        assert!(removed[0].1.contains("har fjernet delegeringen av «Altinn tjenesteeier-API: Appinstanser (lesetilgang)» i ver1"), "{db}: {}", removed[0].1);
        // The people without the main administrator's right are not written to.
        let to_dev: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE recipient = 'dev@leverandor.test'").fetch_one(&pool).await.unwrap();
        assert_eq!(to_dev, 0, "{db}");
    }
}
