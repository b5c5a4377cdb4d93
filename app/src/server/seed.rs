//! Start-up data: the operator account (always, from configuration) and, in development
//! mode only, demo organisations and people so a new user can log in and try everything.

use super::config::{Config, Mode};
use super::{crypto, store};
use crate::domain::{IntegrationType, Right, Visibility};
use sqlx::AnyPool;

/// Every demo person's password (development mode only).
pub const DEMO_PASSWORD: &str = "Demopassord1";

struct DemoOrg {
    number: &'static str,
    name: &'static str,
    domain: &'static str,
    prefix: Option<&'static str>,
    /// "Hovedenhet": the main unit's org number, for a sub-unit.
    parent: Option<&'static str>,
    people: &'static [(&'static str, &'static str, &'static [Right])],
}

const DEMO: &[DemoOrg] = &[
    DemoOrg { number: "991825827", name: "Digitaliseringsdirektoratet", domain: "digdir.no", prefix: Some("krr"), parent: None, people: &[] },
    DemoOrg {
        number: "310000019",
        name: "Demo API-tilbyder AS",
        domain: "tilbyder.test",
        prefix: Some("tilbyder"),
        parent: None,
        people: &[
            ("admin@tilbyder.test", "Anne Tilbyder", &[Right::MainAdmin, Right::ManageApis, Right::ManageIntegrations]),
            ("bruker@tilbyder.test", "Bjørn Tilbyder", &[]),
        ],
    },
    DemoOrg {
        number: "310000027",
        name: "Demo Konsument AS",
        domain: "konsument.test",
        prefix: None,
        parent: None,
        people: &[("admin@konsument.test", "Kari Konsument", &[Right::MainAdmin, Right::ManageIntegrations]), ("bruker@konsument.test", "Kåre Konsument", &[])],
    },
    DemoOrg {
        number: "310000035",
        name: "Demo Leverandør AS",
        domain: "leverandor.test",
        prefix: None,
        parent: None,
        people: &[
            ("admin@leverandor.test", "Lise Leverandør", &[Right::MainAdmin, Right::ManageIntegrations, Right::Supplier]),
            ("bruker@leverandor.test", "Lars Leverandør", &[]),
        ],
    },
    // A sub-unit of Demo Konsument AS, which may delegate to its main unit.
    DemoOrg {
        number: "310000043",
        name: "Demo Konsument AS avdeling Nord",
        domain: "nord.konsument.test",
        prefix: None,
        parent: Some("310000027"),
        people: &[("admin@nord.konsument.test", "Nina Nord", &[Right::MainAdmin, Right::ManageIntegrations])],
    },
];

pub async fn run(pool: &AnyPool, config: &Config) -> Result<(), sqlx::Error> {
    if config.mode == Mode::Development {
        tolerate_race(seed_demo(pool, config).await)?;
        tolerate_race(seed_altinn(pool, config).await)?;
    }
    tolerate_race(ensure_operator(pool, config).await)?;
    tolerate_race(seed_api_scopes(pool, config).await)
}

/// The self-service REST API's scopes: prefix `idporten`, owned by the operator's
/// organisation in every environment, shared like any other scope (in development with the
/// demo provider and consumer). Made at start once the operator's organisation is
/// registered; never changed afterwards (the operator may edit them like any scope).
async fn seed_api_scopes(pool: &AnyPool, config: &Config) -> Result<(), sqlx::Error> {
    const API_SCOPES: [(&str, &str); 4] = [
        ("dcr.read", "Selvbetjening: lese integrasjoner og nøkler"),
        ("dcr.write", "Selvbetjening: opprette integrasjoner"),
        ("dcr.modify", "Selvbetjening: endre og deaktivere integrasjoner og nøkler"),
        ("scopes.write", "Selvbetjening: administrere egne scopes og tilganger"),
    ];
    let Some(email) = &config.operator_email else { return Ok(()) };
    let mut tx = pool.begin().await?;
    let Some(owner) = store::orgs::by_domain(&mut tx, email.domain().as_str()).await? else { return Ok(()) };
    for env in &config.environments {
        let env = env.id.as_str();
        match store::prefixes::holder(&mut tx, env, "idporten").await? {
            None => store::prefixes::assign(&mut tx, &owner.id, env, "idporten", None).await?,
            Some(holder) if holder != owner.id => continue,
            Some(_) => {}
        }
        for (subscope, description) in API_SCOPES {
            let name = format!("idporten:{subscope}");
            let id = match store::scopes::by_name(&mut tx, env, &name).await? {
                Some(existing) => existing.id,
                None => {
                    let fields = store::scopes::ScopeFields {
                        description,
                        long_description: "",
                        visibility: Visibility::Public,
                        accessible_for_all: false,
                        integration_types: &[IntegrationType::Maskinporten, IntegrationType::ApiKlient],
                        at_max_age: 120,
                        delegable: false,
                    };
                    store::scopes::insert(&mut tx, &owner.id, env, "idporten", subscope, &fields, None).await?
                }
            };
            if config.mode == Mode::Development {
                for demo in [&DEMO[1], &DEMO[2]] {
                    if !store::scopes::has_access(&mut tx, &id, demo.number).await? {
                        store::scopes::add_access(&mut tx, &id, demo.number, None).await?;
                    }
                }
            }
        }
    }
    tx.commit().await
}

/// Several instances starting together on one PostgreSQL may seed at the same moment: the
/// loser's transaction hits a unique key and rolls back, and the winner's data stands.
fn tolerate_race(result: Result<(), sqlx::Error>) -> Result<(), sqlx::Error> {
    match result {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            tracing::info!("another instance seeded first");
            Ok(())
        }
        other => other,
    }
}

/// Demo scopes: KRR's two (accessible for all, KRR integrations only) and one of the demo
/// provider's, shared with Demo Konsument AS.
struct DemoScope {
    org: &'static str,
    prefix: &'static str,
    subscope: &'static str,
    description: &'static str,
    types: &'static [IntegrationType],
    accessible_for_all: bool,
    consumers: &'static [&'static str],
}

const DEMO_SCOPES: &[DemoScope] = &[
    DemoScope {
        org: "991825827",
        prefix: "krr",
        subscope: "global/kontaktinformasjon.read",
        description: "Oppslag av kontaktinformasjon i Kontakt- og reservasjonsregisteret",
        types: &[IntegrationType::Krr],
        accessible_for_all: true,
        consumers: &[],
    },
    DemoScope {
        org: "991825827",
        prefix: "krr",
        subscope: "global/digitalpost.read",
        description: "Oppslag av digital postkasse i Kontakt- og reservasjonsregisteret",
        types: &[IntegrationType::Krr],
        accessible_for_all: true,
        consumers: &[],
    },
    DemoScope {
        org: "310000019",
        prefix: "tilbyder",
        subscope: "eksempel/data.read",
        description: "Lesetilgang til eksempeldata fra Demo API-tilbyder AS",
        types: &[IntegrationType::Maskinporten, IntegrationType::ApiKlient],
        accessible_for_all: false,
        consumers: &["310000027"],
    },
];

async fn seed_demo(pool: &AnyPool, config: &Config) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    if store::orgs::by_number(&mut tx, DEMO[1].number).await?.is_some() {
        return Ok(()); // seeded before
    }
    let hash = crypto::hash_password(DEMO_PASSWORD).await.map_err(|_| sqlx::Error::Protocol("password hash failed".into()))?;
    for demo in DEMO {
        let org = match store::orgs::by_number(&mut tx, demo.number).await? {
            Some(o) => o,
            None => {
                let o = store::orgs::insert(&mut tx, demo.number, demo.name, demo.parent).await?;
                store::orgs::add_domain(&mut tx, &o.id, demo.domain).await?;
                o
            }
        };
        if let Some(prefix) = demo.prefix {
            for env in &config.environments {
                if store::prefixes::holder(&mut tx, env.id.as_str(), prefix).await?.is_none() {
                    store::prefixes::assign(&mut tx, &org.id, env.id.as_str(), prefix, None).await?;
                }
            }
        }
        for (email, name, rights) in demo.people {
            let id = store::users::insert(
                &mut tx,
                store::users::NewUser { org_id: Some(&org.id), email, name, password_hash: &hash, confirmed: true, is_operator: false },
            )
            .await?;
            for r in rights.iter() {
                store::rights::grant(&mut tx, &id, &org.id, *r, None).await?;
            }
        }
    }
    for scope in DEMO_SCOPES {
        let org = store::orgs::by_number(&mut tx, scope.org).await?.ok_or_else(|| sqlx::Error::Protocol("demo org missing".into()))?;
        for env in &config.environments {
            let fields = store::scopes::ScopeFields {
                description: scope.description,
                long_description: "",
                visibility: Visibility::Public,
                accessible_for_all: scope.accessible_for_all,
                integration_types: scope.types,
                at_max_age: 120,
                delegable: false,
            };
            let id = store::scopes::insert(&mut tx, &org.id, env.id.as_str(), scope.prefix, scope.subscope, &fields, None).await?;
            for consumer in scope.consumers {
                store::scopes::add_access(&mut tx, &id, consumer, None).await?;
            }
        }
    }
    tx.commit().await?;
    tracing::info!("seeded demo data (password for every demo person: {DEMO_PASSWORD})");
    Ok(())
}

/// The Altinn example of API delegation: Digitaliseringsdirektoratet owns prefix `altinn`
/// with two delegable scopes, shared with Demo Konsument AS, and two delegable rights, so a
/// demo customer can delegate to Demo Leverandør AS at once. In every environment; added to
/// databases seeded before it existed too.
const ALTINN_SCOPES: &[(&str, &str)] = &[
    ("serviceowner/instances.read", "Lesetilgang til appinstanser i Altinn for tjenesteeiere"),
    ("serviceowner/instances.write", "Skrivetilgang til appinstanser i Altinn for tjenesteeiere"),
];
const ALTINN_RIGHTS: &[(&str, &str, &[&str])] = &[
    (
        "Altinn tjenesteeier-API: Appinstanser (full tilgang)",
        "Gir tilgang til både lesing og skriving av appinstanser.",
        &["altinn:serviceowner/instances.read", "altinn:serviceowner/instances.write"],
    ),
    ("Altinn tjenesteeier-API: Appinstanser (lesetilgang)", "Gir kun lesetilgang til appinstanser.", &["altinn:serviceowner/instances.read"]),
];

async fn seed_altinn(pool: &AnyPool, config: &Config) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let Some(digdir) = store::orgs::by_number(&mut tx, DEMO[0].number).await? else { return Ok(()) };
    for env in &config.environments {
        let env = env.id.as_str();
        if store::delegations::right_by_name(&mut tx, env, ALTINN_RIGHTS[0].0).await?.is_some() {
            continue;
        }
        if store::prefixes::holder(&mut tx, env, "altinn").await?.is_none() {
            store::prefixes::assign(&mut tx, &digdir.id, env, "altinn", None).await?;
        }
        let mut ids = Vec::new();
        for (subscope, description) in ALTINN_SCOPES {
            let fields = store::scopes::ScopeFields {
                description,
                long_description: "",
                visibility: Visibility::Public,
                accessible_for_all: false,
                integration_types: &[IntegrationType::Maskinporten, IntegrationType::ApiKlient],
                at_max_age: 120,
                delegable: true,
            };
            let id = store::scopes::insert(&mut tx, &digdir.id, env, "altinn", subscope, &fields, None).await?;
            // The demo consumer and its sub-unit (if seeded) may use them.
            store::scopes::add_access(&mut tx, &id, DEMO[2].number, None).await?;
            if store::orgs::by_number(&mut tx, DEMO[4].number).await?.is_some() {
                store::scopes::add_access(&mut tx, &id, DEMO[4].number, None).await?;
            }
            ids.push((format!("altinn:{subscope}"), id));
        }
        for (name, description, scopes) in ALTINN_RIGHTS {
            let right = store::delegations::insert_right(&mut tx, &digdir.id, env, name, description, None).await?;
            let scope_ids: Vec<String> = ids.iter().filter(|(n, _)| scopes.contains(&n.as_str())).map(|(_, id)| id.clone()).collect();
            store::delegations::set_right_scopes(&mut tx, &right, &scope_ids).await?;
        }
    }
    tx.commit().await
}

async fn ensure_operator(pool: &AnyPool, config: &Config) -> Result<(), sqlx::Error> {
    let (Some(email), Some(password)) = (&config.operator_email, &config.operator_password) else {
        return Ok(());
    };
    let mut tx = pool.begin().await?;
    if store::users::by_email(&mut tx, email.as_str()).await?.is_some() {
        return Ok(());
    }
    let org = store::orgs::by_domain(&mut tx, email.domain().as_str()).await?;
    let hash = crypto::hash_password(password).await.map_err(|_| sqlx::Error::Protocol("password hash failed".into()))?;
    store::users::insert(
        &mut tx,
        store::users::NewUser {
            org_id: org.as_ref().map(|o| o.id.as_str()),
            email: email.as_str(),
            name: "Plattformoperatør",
            password_hash: &hash,
            confirmed: true,
            is_operator: true,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(%email, "created the operator account");
    Ok(())
}
