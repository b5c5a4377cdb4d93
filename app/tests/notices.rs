//! Notifications on both databases: the expiry notices (a controllable clock: keys made to
//! expire in 29 and 6 days, a certificate in 20), once per key and threshold across runs
//! and instances, and "your access was removed". What they queue is read from the outbox;
//! delivery over SMTP is `tests/mail.rs`.
#![cfg(feature = "ssr")]

mod common;

use app::contract::clients::ClientInput;
use app::contract::commercial::CommercialInput;
use app::contract::scopes::ScopeInput;
use app::domain::client::KEY_LIFETIME_SECONDS;
use app::domain::{Right, Visibility};
use app::server::services::{client_keys, clients, expiry, scopes};
use app::server::{session::CurrentUser, store, AppState};
use common::fixtures;
use sqlx::AnyPool;

const PROVIDER: &str = "310000019";
const CONSUMER: &str = "310000027"; // the certificate fixtures are issued to it
const DAY: i64 = 86_400;

struct World {
    state: AppState,
    provider: CurrentUser,
    consumer: CurrentUser,
    scope: String,
    client: String,
}

async fn world(pool: &AnyPool) -> World {
    let state = common::state(pool);
    let p = common::org(pool, PROVIDER, "Tilbyder AS", "tilbyder.test").await;
    let c = common::org(pool, CONSUMER, "Konsument AS", "konsument.test").await;
    store::prefixes::assign(&mut pool.acquire().await.unwrap(), &p.id, "ver1", "tilbyder", None).await.unwrap();
    let (provider, _) = common::person(pool, &p, "kari@tilbyder.test", "Kari Tilbyder", &[]).await;
    let (consumer, _) = common::person(pool, &c, "admin@konsument.test", "Kåre Konsument", &[Right::MainAdmin]).await;
    let input = ScopeInput {
        prefix: "tilbyder".into(),
        subscope: "data.read".into(),
        description: "Data".into(),
        visibility: Visibility::Private.code().into(),
        integration_types: vec!["maskinporten".into()],
        ..ScopeInput::default()
    };
    let scope = common::submit(input.parse(), |s| scopes::create(&state, &provider, "ver1", s)).await.unwrap();
    scopes::add_access(&state, &provider, &scope, CONSUMER).await.unwrap();
    let input = ClientInput {
        integration_type: "maskinporten".into(),
        name: "Fagsystemet".into(),
        description: "Henter data".into(),
        scopes: vec!["tilbyder:data.read".into()],
        ..ClientInput::default()
    };
    let client = common::submit(input.parse(), |c| clients::create(&state, &consumer, "ver1", c)).await.unwrap();
    let contacts = CommercialInput { invoice_email: "".into(), invoice_reference: "".into(), contacts: "drift@konsument.test\nvakt@konsument.test".into() };
    common::submit(contacts.parse(), |d| clients::save_commercial(&state, &consumer, &client, d)).await.unwrap();
    World { state, provider, consumer, scope, client }
}

/// (recipient, subject, body) of every queued e-mail, oldest first.
async fn outbox(pool: &AnyPool) -> Vec<(String, String, String)> {
    sqlx::query_as("SELECT recipient, subject, body FROM outbox ORDER BY created_at, recipient").fetch_all(pool).await.unwrap()
}

async fn to(pool: &AnyPool, recipient: &str, subject_part: &str) -> Vec<String> {
    outbox(pool).await.into_iter().filter(|(r, s, _)| r == recipient && s.contains(subject_part)).map(|(_, _, b)| b).collect()
}

common::per_backend! {
    async fn keys_are_told_at_30_and_7_days_once_each(db, pool) {
        let w = world(&pool).await;
        client_keys::add(&w.state, &w.consumer, &w.client, fixtures::RSA2048_SPKI).await.unwrap();
        let kid: String = sqlx::query_scalar("SELECT kid FROM client_keys").fetch_one(&pool).await.unwrap();
        let expires = app::server::now() + KEY_LIFETIME_SECONDS;

        // Nothing is due today.
        assert_eq!(expiry::check(&w.state, app::server::now()).await.unwrap(), 0, "{db}");
        // 29 days before: the 30-day notice, to both Varslingspunkter of the integration.
        let day_29 = expires - 29 * DAY;
        assert_eq!(expiry::check(&w.state, day_29).await.unwrap(), 1, "{db}");
        let mails = to(&pool, "drift@konsument.test", "utløper").await;
        assert_eq!(mails.len(), 1, "{db}: {mails:?}");
        assert!(mails[0].contains(&kid) && mails[0].contains("«Fagsystemet»") && mails[0].contains("om 29 dager"), "{db}: {}", mails[0]);
        assert!(mails[0].contains(&format!("/tjenester/integrasjon/{}", w.client)), "{db}: the link");
        assert!(mails[0].contains("legg til den nye offentlige nøkkelen"), "{db}: how to renew");
        assert_eq!(to(&pool, "vakt@konsument.test", "utløper").await.len(), 1, "{db}");
        // Again the same day, the next day, and on another instance: nothing more.
        assert_eq!(expiry::check(&w.state, day_29).await.unwrap(), 0, "{db}");
        assert_eq!(expiry::check(&w.state, day_29 + DAY).await.unwrap(), 0, "{db}");
        let other_instance = common::state(&pool);
        assert_eq!(expiry::check(&other_instance, day_29 + DAY).await.unwrap(), 0, "{db}");
        // 6 days before: the 7-day notice, once.
        let day_6 = expires - 6 * DAY;
        assert_eq!(expiry::check(&w.state, day_6).await.unwrap(), 1, "{db}");
        assert_eq!(expiry::check(&other_instance, day_6).await.unwrap(), 0, "{db}");
        let mails = to(&pool, "drift@konsument.test", "utløper").await;
        assert_eq!(mails.len(), 2, "{db}");
        assert!(mails[1].contains("om 6 dager"), "{db}: {}", mails[1]);
        // After expiry: nothing to renew in time, no more mail.
        assert_eq!(expiry::check(&w.state, expires + DAY).await.unwrap(), 0, "{db}");

        // A key first seen 6 days before expiry gets the 7-day notice only; a deactivated
        // integration's keys are not told about.
        let second = common::submit(
            ClientInput { integration_type: "maskinporten".into(), name: "Reserve".into(), description: "Reserve".into(), ..ClientInput::default() }.parse(),
            |c| clients::create(&w.state, &w.consumer, "ver1", c),
        ).await.unwrap();
        client_keys::add(&w.state, &w.consumer, &second, fixtures::RSA2048_SPKI).await.unwrap();
        let second_expires: i64 = sqlx::query_scalar(&format!("SELECT expires_at FROM client_keys WHERE client_id = '{second}'")).fetch_one(&pool).await.unwrap();
        assert_eq!(expiry::check(&w.state, second_expires - 6 * DAY).await.unwrap(), 1, "{db}");
        let all = outbox(&pool).await;
        let new: Vec<_> = all.iter().filter(|(_, s, _)| s.contains("«Reserve»")).collect();
        assert!(new.iter().all(|(_, _, b)| b.contains("om 6 dager")), "{db}: {new:?}");
        // No Varslingspunkter on "Reserve": the organisation's main administrator is told.
        assert_eq!(new.iter().map(|(r, _, _)| r.as_str()).collect::<Vec<_>>(), vec!["admin@konsument.test"], "{db}");
        for id in [&w.client, &second] {
            clients::set_active(&w.state, &w.consumer, id, false).await.unwrap();
        }
        sqlx::query("DELETE FROM expiry_notices").execute(&pool).await.unwrap();
        assert_eq!(expiry::check(&w.state, day_29).await.unwrap(), 0, "{db}: deactivated");
    }
}

common::per_backend! {
    async fn a_certificate_is_told_30_days_before(db, pool) {
        let w = world(&pool).await;
        client_keys::set_certificate(&w.state, &w.consumer, &w.client, fixtures::CERT_OK).await.unwrap();
        let at = fixtures::NOT_AFTER - 20 * DAY;
        assert_eq!(expiry::check(&w.state, fixtures::NOT_AFTER - 31 * DAY).await.unwrap(), 0, "{db}");
        assert_eq!(expiry::check(&w.state, at).await.unwrap(), 1, "{db}");
        assert_eq!(expiry::check(&w.state, at + 13 * DAY).await.unwrap(), 0, "{db}: one notice for certificates");
        let mails = to(&pool, "drift@konsument.test", "Virksomhetssertifikatet").await;
        assert_eq!(mails.len(), 1, "{db}");
        let serial: String = sqlx::query_scalar("SELECT serial FROM client_certificates").fetch_one(&pool).await.unwrap();
        assert!(mails[0].contains(&serial) && mails[0].contains("om 20 dager") && mails[0].contains("«Fagsystemet»"), "{db}: {}", mails[0]);
    }
}

common::per_backend! {
    async fn removed_access_is_told_to_the_consumer(db, pool) {
        let w = world(&pool).await;
        scopes::remove_access(&w.state, &w.provider, &w.scope, CONSUMER).await.unwrap();
        let subject = "Tilgangen til scopet tilbyder:data.read er fjernet";
        for contact in ["drift@konsument.test", "vakt@konsument.test", "admin@konsument.test"] {
            let mails = to(&pool, contact, subject).await;
            assert_eq!(mails.len(), 1, "{db}: {contact}");
            assert!(mails[0].contains("«Fagsystemet»") && mails[0].contains(&w.client), "{db}: {}", mails[0]);
        }
        assert!(to(&pool, "kari@tilbyder.test", subject).await.is_empty(), "{db}: not the provider");
    }
}

common::per_backend! {
    async fn the_front_page_lists_what_needs_attention(db, pool) {
        let w = world(&pool).await;
        assert!(app::server::services::attention::items(&w.state, &w.consumer).await.unwrap().is_empty(), "{db}: nothing yet");
        client_keys::add(&w.state, &w.consumer, &w.client, fixtures::RSA2048_SPKI).await.unwrap();
        let soon = app::server::now() + 10 * DAY;
        sqlx::query(&format!("UPDATE client_keys SET expires_at = {soon}")).execute(&pool).await.unwrap();
        let items = app::server::services::attention::items(&w.state, &w.consumer).await.unwrap();
        assert_eq!(items.len(), 1, "{db}: {items:?}");
        assert!(items[0].text.starts_with("Nøkkelen ") && items[0].text.contains("«Fagsystemet»") && items[0].text.contains("utløper"), "{db}: {items:?}");
        assert_eq!(items[0].href, format!("/tjenester/integrasjon/{}", w.client), "{db}");
        // The provider: a request for access waiting for an answer.
        let consumer_org = w.consumer.org_id.clone().unwrap();
        store::requests::insert_access_request(&mut pool.acquire().await.unwrap(), &w.scope, &consumer_org, "", &w.consumer.user_id).await.unwrap();
        let items = app::server::services::attention::items(&w.state, &w.provider).await.unwrap();
        assert_eq!(items.len(), 1, "{db}: {items:?}");
        assert!(items[0].text.starts_with("Én forespørsel om tilgang til tilbyder:data.read"), "{db}: {items:?}");
        assert_eq!(items[0].href, format!("/tjenester/scope/{}", w.scope), "{db}");
    }
}

common::per_backend! {
    async fn the_operator_is_told_of_failed_mail(db, pool) {
        let w = world(&pool).await;
        let digdir = common::org(&pool, "991825827", "Digitaliseringsdirektoratet", "digdir.no").await;
        let (operator, _) = common::operator(&pool, &digdir).await;
        // The test configuration is production mode without SMTP_URL: said first.
        let not_sent = ("E-post sendes ikke: SMTP_URL er ikke satt for serveren.".to_string(), "/operator");
        let items = app::server::services::attention::items(&w.state, &operator).await.unwrap();
        assert_eq!(items.iter().map(|i| (i.text.clone(), i.href.as_str())).collect::<Vec<_>>(), vec![not_sent.clone()], "{db}");
        for to in ["a@konsument.test", "b@konsument.test"] {
            store::outbox::enqueue(&mut pool.acquire().await.unwrap(), to, "Hei", "Tekst").await.unwrap();
        }
        sqlx::query("UPDATE outbox SET failed_at = 1, last_error = 'nede'").execute(&pool).await.unwrap();
        let items = app::server::services::attention::items(&w.state, &operator).await.unwrap();
        let texts: Vec<(String, &str)> = items.iter().map(|i| (i.text.clone(), i.href.as_str())).collect();
        assert_eq!(texts, vec![not_sent, ("2 e-poster kunne ikke sendes.".to_string(), "/operator")], "{db}");
        // Not the operator's business for anyone else.
        assert!(app::server::services::attention::items(&w.state, &w.consumer).await.unwrap().is_empty(), "{db}");
    }
}

common::per_backend! {
    /// The notice as it leaves the building: through the delivery worker's round to a real
    /// SMTP server (`common::smtp_sink`), to each Varslingspunkt, naming the integration
    /// and the key, with the link.
    async fn an_expiry_notice_arrives_over_smtp(db, pool) {
        use common::smtp_sink::{Behaviour, SmtpSink};
        let sink = SmtpSink::start(Behaviour::Accept).await;
        let w = world(&pool).await;
        let mut config = app::server::config::Config::for_tests("unused");
        config.public_url = "https://selvbetjening.test".into();
        config.mail.smtp = Some(app::server::mail::smtp::SmtpServer::parse(&sink.url()).unwrap());
        let sending = AppState::new(common::leptos_options(), pool.clone(), config);
        client_keys::add(&w.state, &w.consumer, &w.client, fixtures::RSA2048_SPKI).await.unwrap();
        let kid: String = sqlx::query_scalar("SELECT kid FROM client_keys").fetch_one(&pool).await.unwrap();
        let day_29 = app::server::now() + KEY_LIFETIME_SECONDS - 29 * DAY;
        assert_eq!(expiry::check(&sending, day_29).await.unwrap(), 1, "{db}");
        app::server::services::mail::deliver_due(&sending, "test", move || day_29).await.unwrap();
        let got = sink.wait_for(2, std::time::Duration::from_secs(20)).await;
        let mut to: Vec<&str> = got.iter().flat_map(|m| m.to.iter().map(String::as_str)).collect();
        to.sort();
        assert_eq!(to, vec!["drift@konsument.test", "vakt@konsument.test"], "{db}");
        for m in &got {
            assert!(m.header("Subject").unwrap_or_default().contains("utløper"), "{db}: {:?}", m.header("Subject"));
            let text = m.text();
            assert!(text.contains("«Fagsystemet»") && text.contains(&kid), "{db}: {text}");
            assert!(text.contains(&format!("https://selvbetjening.test/tjenester/integrasjon/{}", w.client)), "{db}: {text}");
            assert!(m.html().contains(&format!("href=\"https://selvbetjening.test/tjenester/integrasjon/{}\"", w.client)), "{db}: {}", m.html());
        }
    }
}
