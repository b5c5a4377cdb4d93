//! Start-up data: the operator account (always, from configuration) and, in development
//! mode only, demo organisations and people so a new user can log in and try everything.

use super::config::{Config, Mode};
use super::{crypto, store};
use crate::domain::Right;
use sqlx::AnyPool;

/// Every demo person's password (development mode only).
pub const DEMO_PASSWORD: &str = "Demopassord1";

struct DemoOrg {
    number: &'static str,
    name: &'static str,
    domain: &'static str,
    prefix: Option<&'static str>,
    people: &'static [(&'static str, &'static str, &'static [Right])],
}

const DEMO: &[DemoOrg] = &[
    DemoOrg {
        number: "991825827",
        name: "Digitaliseringsdirektoratet",
        domain: "digdir.no",
        prefix: Some("krr"),
        people: &[],
    },
    DemoOrg {
        number: "310000019",
        name: "Demo API-tilbyder AS",
        domain: "tilbyder.test",
        prefix: Some("tilbyder"),
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
        people: &[
            ("admin@konsument.test", "Kari Konsument", &[Right::MainAdmin, Right::ManageIntegrations]),
            ("bruker@konsument.test", "Kåre Konsument", &[]),
        ],
    },
    DemoOrg {
        number: "310000035",
        name: "Demo Leverandør AS",
        domain: "leverandor.test",
        prefix: None,
        people: &[
            ("admin@leverandor.test", "Lise Leverandør", &[Right::MainAdmin, Right::ManageIntegrations, Right::Supplier]),
            ("bruker@leverandor.test", "Lars Leverandør", &[]),
        ],
    },
];

pub async fn run(pool: &AnyPool, config: &Config) -> Result<(), sqlx::Error> {
    if config.mode == Mode::Development {
        seed_demo(pool, config).await?;
    }
    ensure_operator(pool, config).await
}

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
                let o = store::orgs::insert(&mut tx, demo.number, demo.name, None).await?;
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
    tx.commit().await?;
    tracing::info!("seeded demo data (password for every demo person: {DEMO_PASSWORD})");
    Ok(())
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
