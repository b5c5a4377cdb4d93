//! API consumers: integrations, their scopes, keys and certificate, on both databases,
//! through the services the server functions call.
#![cfg(feature = "ssr")]

mod common;

// The openssl-made keys and certificates the domain's unit tests use.
use app::contract::clients::ClientInput;
use app::contract::commercial::CommercialInput;
use app::contract::scopes::ScopeInput;
use app::domain::{IntegrationType, Right, KRR_SCOPES};
use app::error::AppError;
use app::server::services::{client_keys, clients, scopes};
use app::server::{session::CurrentUser, store, AppState};
use base64ct::{Base64UrlUnpadded, Encoding};
use common::fixtures;
use sqlx::AnyPool;

const PROVIDER: &str = "310000019";
const B: &str = "310000027"; // the consumer; the certificate fixtures are issued to it
const C: &str = "310000035"; // another consumer
const DIGDIR: &str = "991825827";
const SHARED: &str = "tilbyder:eksempel/data.read";
const NOT_SHARED: &str = "tilbyder:hemmelig/data.read";

struct World {
    state: AppState,
    provider: CurrentUser,
    b: CurrentUser,
    c: CurrentUser,
}

/// A provider with two scopes in ver1, one shared with B; the KRR scopes, accessible for
/// all; and a person without rights in B and in C (enough in a test environment).
async fn world(pool: &AnyPool) -> World {
    let state = common::state(pool);
    let p = common::org(pool, PROVIDER, "Tilbyder AS", "tilbyder.test").await;
    let digdir = common::org(pool, DIGDIR, "Digdir", "digdir.no").await;
    let b_org = common::org(pool, B, "Konsument AS", "konsument.test").await;
    let c_org = common::org(pool, C, "Annen AS", "annen.test").await;
    {
        let mut c = pool.acquire().await.unwrap();
        for env in ["ver1", "prod"] {
            store::prefixes::assign(&mut c, &p.id, env, "tilbyder", None).await.unwrap();
        }
        for name in KRR_SCOPES {
            let sub = name.split_once(':').unwrap().1;
            let f = store::scopes::ScopeFields {
                description: "KRR",
                long_description: "",
                visibility: app::domain::Visibility::Public,
                accessible_for_all: true,
                integration_types: &[IntegrationType::Krr],
                at_max_age: 120,
                delegable: false,
            };
            store::scopes::insert(&mut c, &digdir.id, "ver1", "krr", sub, &f, None).await.unwrap();
        }
    }
    let (provider, _) = common::person(pool, &p, "kari@tilbyder.test", "Kari Tilbyder", &[]).await;
    let (b, _) = common::person(pool, &b_org, "ola@konsument.test", "Ola Konsument", &[]).await;
    let (c, _) = common::person(pool, &c_org, "per@annen.test", "Per Annen", &[]).await;
    for sub in ["eksempel/data.read", "hemmelig/data.read"] {
        let input = ScopeInput { prefix: "tilbyder".into(), subscope: sub.into(), description: "Data".into(), ..ScopeInput::default() };
        common::submit(input.parse(), |c| scopes::create(&state, &provider, "ver1", c)).await.unwrap();
    }
    let shared = store::scopes::by_name(&mut pool.acquire().await.unwrap(), "ver1", SHARED).await.unwrap().unwrap();
    scopes::add_access(&state, &provider, &shared.id, B).await.unwrap();
    World { state, provider, b, c }
}

fn maskinporten(name: &str, scopes: &[&str]) -> ClientInput {
    ClientInput {
        integration_type: IntegrationType::Maskinporten.code().into(),
        name: name.into(),
        description: "Henter data".into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        ..ClientInput::default()
    }
}

/// A JWK with a made-up 2048-bit modulus (the rules look at its length, not its factors).
fn jwk(seed: u8, kid: &str) -> serde_json::Value {
    let mut n = vec![seed; 256];
    n[0] = 0x80 | seed;
    serde_json::json!({"kty": "RSA", "e": "AQAB", "use": "sig", "kid": kid, "alg": "RS256", "n": Base64UrlUnpadded::encode_string(&n)})
}

fn validation(r: Result<impl std::fmt::Debug, AppError>, field: &str) -> String {
    match r {
        Err(e) => e.for_field(field).unwrap_or_else(|| panic!("expected a message on {field}, got {e:?}")),
        Ok(v) => panic!("expected a validation error on {field}, got {v:?}"),
    }
}

fn is_not_found<T: std::fmt::Debug>(r: Result<T, AppError>) -> bool {
    matches!(r, Err(AppError::NotFound(_)))
}

common::per_backend! {
    async fn consumer_creates_edits_and_deactivates_integrations(db, pool) {
        let w = world(&pool).await;
        let s = &w.state;

        // "Legg til scopes" offers exactly what B may use here, for this type.
        let offered: Vec<String> = clients::scope_options(s, &w.b, "ver1", "maskinporten", "").await.unwrap().into_iter().map(|o| o.name).collect();
        assert_eq!(offered, [SHARED], "{db}");
        let krr: Vec<String> = clients::scope_options(s, &w.b, "ver1", "krr", "").await.unwrap().into_iter().map(|o| o.name).collect();
        assert_eq!(krr.len(), 2, "{db}");
        assert!(clients::scope_options(s, &w.c, "ver1", "maskinporten", "").await.unwrap().is_empty(), "{db}");

        let id = common::submit(maskinporten("Fagsystem", &[SHARED]).parse(), |c| clients::create(s, &w.b, "ver1", c)).await.unwrap();
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "client_id is a UUID: {id}");
        let d = clients::detail(s, &w.b, &id).await.unwrap();
        assert_eq!((d.name.as_str(), d.integration_type, d.active), ("Fagsystem", IntegrationType::Maskinporten, true), "{db}");
        assert_eq!(d.scopes.iter().map(|x| (x.name.as_str(), x.usable)).collect::<Vec<_>>(), [(SHARED, true)], "{db}");

        // KRR gets its two scopes, whatever was asked for, and cannot have others.
        let krr_input = ClientInput { integration_type: "krr".into(), ..maskinporten("KRR-oppslag", &[]) };
        let krr_id = common::submit(krr_input.parse(), |c| clients::create(s, &w.b, "ver1", c)).await.unwrap();
        let mut names: Vec<String> = clients::detail(s, &w.b, &krr_id).await.unwrap().scopes.into_iter().map(|x| x.name).collect();
        names.sort();
        assert_eq!(names, ["krr:global/digitalpost.read", "krr:global/kontaktinformasjon.read"], "{db}");
        let err = validation(
            common::submit(ClientInput { scopes: vec![SHARED.into()], ..krr_input.clone() }.parse(), |c| clients::create(s, &w.b, "ver1", c)).await,
            "scopes",
        );
        assert!(err.contains("kan ikke ha andre"), "{err}");

        // ID-porten: redirect URIs are required and checked.
        let idp = ClientInput { integration_type: "idporten".into(), redirect_uris: "http://app.no/cb".into(), ..maskinporten("Innlogging", &[]) };
        assert!(validation(common::submit(idp.parse(), |c| clients::create(s, &w.b, "ver1", c)).await, "redirect_uris").contains("https"));
        let idp_id = common::submit(ClientInput { redirect_uris: "https://app.no/cb\nhttp://localhost:8080/cb".into(), ..idp }.parse(), |c| {
            clients::create(s, &w.b, "ver1", c)
        })
        .await
        .unwrap();
        assert_eq!(clients::detail(s, &w.b, &idp_id).await.unwrap().redirect_uris.len(), 2, "{db}");

        // Endre: name, description, scopes; the type never changes.
        let mut edit = maskinporten("Fagsystem 2", &[]);
        common::submit(edit.parse(), |c| clients::update(s, &w.b, &id, c)).await.unwrap();
        let d = clients::detail(s, &w.b, &id).await.unwrap();
        assert_eq!((d.name.as_str(), d.scopes.len()), ("Fagsystem 2", 0), "{db}");
        edit.integration_type = "krr".into();
        validation(common::submit(edit.parse(), |c| clients::update(s, &w.b, &id, c)).await, "integration_type");

        // Deaktiver: kept, listed as deactivated.
        clients::set_active(s, &w.b, &id, false).await.unwrap();
        let list = clients::list(s, &w.b, Some("ver1")).await.unwrap();
        assert_eq!(list.len(), 3, "{db}");
        assert!(list.iter().any(|c| c.id == id && !c.active), "{db}");
        assert_eq!(clients::list(s, &w.b, None).await.unwrap().len(), 3, "{db}");
        assert!(clients::list(s, &w.b, Some("ver2")).await.unwrap().is_empty(), "{db}");
        let audits = common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'client.%'").await;
        assert_eq!(audits, 5, "{db}: three created, one updated, one deactivated");
    }
}

common::per_backend! {
    async fn a_scope_not_shared_with_the_org_cannot_be_attached_whatever_the_browser_sends(db, pool) {
        let w = world(&pool).await;
        let s = &w.state;
        let before = common::count(&pool, "SELECT COUNT(*) FROM clients").await;
        for scope in [NOT_SHARED, "tilbyder:finnes/ikke", KRR_SCOPES[0]] {
            let msg = validation(common::submit(maskinporten("Ulovlig", &[scope]).parse(), |c| clients::create(s, &w.b, "ver1", c)).await, "scopes");
            assert!(msg.contains(scope), "{db}: {msg}");
        }
        // C is not on the access list of the shared scope either.
        validation(common::submit(maskinporten("Ulovlig", &[SHARED]).parse(), |c| clients::create(s, &w.c, "ver1", c)).await, "scopes");
        // Nor may an existing integration get one by "Endre".
        let id = common::submit(maskinporten("Lovlig", &[SHARED]).parse(), |c| clients::create(s, &w.b, "ver1", c)).await.unwrap();
        validation(common::submit(maskinporten("Lovlig", &[SHARED, NOT_SHARED]).parse(), |c| clients::update(s, &w.b, &id, c)).await, "scopes");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM clients").await, before + 1, "{db}: nothing half-saved");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM client_scopes").await, 1, "{db}");

        // The provider withdraws access: the scope stays on the integration but is marked
        // unusable, may be kept when editing, and cannot be attached anew.
        let shared = store::scopes::by_name(&mut pool.acquire().await.unwrap(), "ver1", SHARED).await.unwrap().unwrap();
        scopes::remove_access(s, &w.provider, &shared.id, B).await.unwrap();
        let d = clients::detail(s, &w.b, &id).await.unwrap();
        assert_eq!(d.scopes.iter().map(|x| x.usable).collect::<Vec<_>>(), [false], "{db}");
        common::submit(maskinporten("Lovlig, omdøpt", &[SHARED]).parse(), |c| clients::update(s, &w.b, &id, c)).await.unwrap();
        validation(common::submit(maskinporten("Ny", &[SHARED]).parse(), |c| clients::create(s, &w.b, "ver1", c)).await, "scopes");
        assert!(clients::scope_options(s, &w.b, "ver1", "maskinporten", "").await.unwrap().is_empty(), "{db}");
    }
}

common::per_backend! {
    async fn another_org_can_neither_see_nor_change_an_integration(db, pool) {
        let w = world(&pool).await;
        let s = &w.state;
        let id = common::submit(maskinporten("Bs klient", &[SHARED]).parse(), |c| clients::create(s, &w.b, "ver1", c)).await.unwrap();
        client_keys::add(s, &w.b, &id, &jwk(1, "b-key").to_string()).await.unwrap();
        client_keys::set_certificate(s, &w.b, &id, fixtures::CERT_OK).await.unwrap();
        let snapshot = "SELECT COUNT(*) FROM clients c JOIN client_keys k ON k.client_id = c.id JOIN client_certificates x ON x.client_id = c.id \
                        WHERE c.name = 'Bs klient' AND c.active = 1 AND k.kid = 'b-key'";
        assert_eq!(common::count(&pool, snapshot).await, 1);

        assert!(clients::list(s, &w.c, Some("ver1")).await.unwrap().is_empty(), "{db}");
        assert!(is_not_found(clients::detail(s, &w.c, &id).await), "{db}");
        assert!(is_not_found(common::submit(maskinporten("Kapret", &[]).parse(), |c| clients::update(s, &w.c, &id, c)).await), "{db}");
        assert!(is_not_found(clients::set_active(s, &w.c, &id, false).await), "{db}");
        assert!(
            is_not_found(
                common::submit(CommercialInput { contacts: "x@annen.test".into(), ..Default::default() }.parse(), |c| clients::save_commercial(
                    s, &w.c, &id, c
                ))
                .await
            ),
            "{db}"
        );
        assert!(is_not_found(client_keys::add(s, &w.c, &id, &jwk(2, "c-key").to_string()).await), "{db}");
        assert!(is_not_found(client_keys::remove(s, &w.c, &id, "b-key").await), "{db}");
        assert!(is_not_found(client_keys::set_certificate(s, &w.c, &id, fixtures::CERT_OK).await), "{db}");
        assert!(is_not_found(client_keys::remove_certificate(s, &w.c, &id).await), "{db}");
        assert_eq!(common::count(&pool, snapshot).await, 1, "{db}: unchanged");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM commercial_data").await, 0, "{db}");
    }
}

common::per_backend! {
    async fn keys_at_most_five_renewed_when_added_again_private_keys_refused(db, pool) {
        let w = world(&pool).await;
        let s = &w.state;
        let id = common::submit(maskinporten("Nøkler", &[SHARED]).parse(), |c| clients::create(s, &w.b, "ver1", c)).await.unwrap();
        let keys = |pool: &AnyPool| {
            let pool = pool.clone();
            async move { common::count(&pool, "SELECT COUNT(*) FROM client_keys").await }
        };

        // A PEM public key is turned into a JWK (kid = thumbprint) by the same code.
        client_keys::add(s, &w.b, &id, fixtures::RSA2048_SPKI).await.unwrap();
        let d = clients::detail(s, &w.b, &id).await.unwrap();
        assert_eq!(d.keys[0].kid, fixtures::RSA2048_THUMBPRINT, "{db}");
        let year = d.keys[0].expires_at - d.keys[0].created_at;
        assert!((365 * 86400 - 5..=365 * 86400 + 5).contains(&year), "{db}: a year, got {year}");

        // Four more in one JWK array: five in all.
        let four = serde_json::Value::Array((2..6).map(|i| jwk(i, &format!("k{i}"))).collect()).to_string();
        client_keys::add(s, &w.b, &id, &four).await.unwrap();
        assert_eq!(keys(&pool).await, 5, "{db}");

        // A sixth is refused; nothing changes.
        let msg = validation(client_keys::add(s, &w.b, &id, &jwk(9, "k9").to_string()).await, "keys");
        assert!(msg.contains("høyst 5"), "{db}: {msg}");
        assert_eq!(keys(&pool).await, 5, "{db}");

        // The same key again renews it rather than counting as a sixth.
        sqlx::query("UPDATE client_keys SET expires_at = 1 WHERE kid = 'k2'").execute(&pool).await.unwrap();
        client_keys::add(s, &w.b, &id, &jwk(2, "k2").to_string()).await.unwrap();
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM client_keys WHERE kid = 'k2' AND expires_at > 1000").await, 1, "{db}");

        // A private key is refused (the browser never sends one, but the server checks too).
        for private in [fixtures::RSA2048_PRIVATE_PKCS8, fixtures::RSA2048_PRIVATE_PKCS1, fixtures::EC_PRIVATE] {
            let msg = validation(client_keys::add(s, &w.b, &id, private).await, "keys");
            assert!(msg.contains("privat nøkkel"), "{db}: {msg}");
        }
        let mut with_d = jwk(7, "k7");
        with_d["d"] = serde_json::json!("AQAB");
        validation(client_keys::add(s, &w.b, &id, &with_d.to_string()).await, "keys");

        // Remove one; then a new key may come, but not under a kid in use by another key.
        client_keys::remove(s, &w.b, &id, "k3").await.unwrap();
        validation(client_keys::add(s, &w.b, &id, &jwk(8, "k4").to_string()).await, "keys");
        client_keys::add(s, &w.b, &id, &jwk(8, "k8").to_string()).await.unwrap();
        assert_eq!(keys(&pool).await, 5, "{db}");
        // Rules: too short, wrong alg.
        let mut short = jwk(10, "kort");
        short["n"] = serde_json::json!(Base64UrlUnpadded::encode_string(&[0xC5u8; 128]));
        assert!(validation(client_keys::add(s, &w.b, &id, &short.to_string()).await, "keys").contains("2048"));
        assert!(validation(client_keys::add(s, &w.b, &id, fixtures::RSA1024_SPKI).await, "keys").contains("2048"));
    }
}

common::per_backend! {
    async fn certificate_must_be_the_orgs_own_valid_and_for_signing(db, pool) {
        let w = world(&pool).await;
        let s = &w.state;
        let b_client = common::submit(maskinporten("Sertifikat", &[SHARED]).parse(), |c| clients::create(s, &w.b, "ver1", c)).await.unwrap();
        validation(client_keys::set_certificate(s, &w.b, &b_client, fixtures::CERT_NOKU).await, "certificate");
        validation(client_keys::set_certificate(s, &w.b, &b_client, fixtures::CERT_EC).await, "certificate");
        validation(client_keys::set_certificate(s, &w.b, &b_client, fixtures::RSA2048_PRIVATE_PKCS8).await, "certificate");
        client_keys::set_certificate(s, &w.b, &b_client, fixtures::CERT_ORGID).await.unwrap();
        let cert = clients::detail(s, &w.b, &b_client).await.unwrap().certificate.unwrap();
        assert_eq!((cert.org_number.as_str(), cert.not_before, cert.not_after), (B, fixtures::NOT_BEFORE, fixtures::NOT_AFTER), "{db}");
        assert_eq!(cert.serial.replace(':', ""), fixtures::CERT_ORGID_SERIAL, "{db}");

        // C's integration cannot take a certificate issued to B.
        let c_client = common::submit(maskinporten("Feil org", &[]).parse(), |c| clients::create(s, &w.c, "ver1", c)).await.unwrap();
        let msg = validation(client_keys::set_certificate(s, &w.c, &c_client, fixtures::CERT_OK).await, "certificate");
        assert!(msg.contains(B) && msg.contains(C), "{db}: {msg}");
        client_keys::remove_certificate(s, &w.b, &b_client).await.unwrap();
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM client_certificates").await, 0, "{db}");
    }
}

common::per_backend! {
    async fn production_needs_the_integrations_right_and_commercial_data_follows_the_type(db, pool) {
        let w = world(&pool).await;
        let s = &w.state;
        // Production without the right (and without the step-up): refused.
        let r = common::submit(maskinporten("Prod", &[]).parse(), |c| clients::create(s, &w.b, "prod", c)).await;
        assert!(matches!(r, Err(AppError::Forbidden(ref m)) if m.contains("Selvbetjening av integrasjoner")), "{db}: {r:?}");
        let b_org = store::orgs::by_number(&mut pool.acquire().await.unwrap(), B).await.unwrap().unwrap();
        let (with_right, _) =
            common::person(&pool, &common::Org { id: b_org.id, number: B.into() }, "rita@konsument.test", "Rita Rett", &[Right::ManageIntegrations]).await;
        let r = common::submit(maskinporten("Prod", &[]).parse(), |c| clients::create(s, &with_right, "prod", c)).await;
        assert!(matches!(r, Err(AppError::Forbidden(ref m)) if m.contains("engangskode") || m.contains("tofaktor")), "{db}: {r:?}");

        // Merkantile data per integration; KRR integrations have contacts only.
        let id = common::submit(maskinporten("Faktura", &[]).parse(), |c| clients::create(s, &w.b, "ver1", c)).await.unwrap();
        let data = CommercialInput {
            invoice_email: "faktura@konsument.test".into(),
            invoice_reference: "REF-1".into(),
            contacts: "drift@konsument.test\nvakt@konsument.test".into(),
        };
        common::submit(data.parse(), |c| clients::save_commercial(s, &w.b, &id, c)).await.unwrap();
        let c = clients::detail(s, &w.b, &id).await.unwrap().commercial;
        assert_eq!((c.invoice_email.as_str(), c.contacts.len()), ("faktura@konsument.test", 2), "{db}");
        validation(
            common::submit(CommercialInput { contacts: "ikke en adresse".into(), ..data.clone() }.parse(), |c| clients::save_commercial(s, &w.b, &id, c)).await,
            "contacts",
        );
        let krr = common::submit(ClientInput { integration_type: "krr".into(), ..maskinporten("KRR", &[]) }.parse(), |c| clients::create(s, &w.b, "ver1", c))
            .await
            .unwrap();
        validation(common::submit(data.parse(), |c| clients::save_commercial(s, &w.b, &krr, c)).await, "invoice_email");
        common::submit(CommercialInput { contacts: "drift@konsument.test".into(), ..Default::default() }.parse(), |c| {
            clients::save_commercial(s, &w.b, &krr, c)
        })
        .await
        .unwrap();
    }
}

common::per_backend! {
    async fn integration_contacts_hear_when_a_scope_they_use_is_deactivated(db, pool) {
        let w = world(&pool).await;
        let s = &w.state;
        let id = common::submit(maskinporten("Fagsystem", &[SHARED]).parse(), |c| clients::create(s, &w.b, "ver1", c)).await.unwrap();
        let unused = common::submit(maskinporten("Annet", &[]).parse(), |c| clients::create(s, &w.b, "ver1", c)).await.unwrap();
        let contacts = |c: &str| CommercialInput { contacts: c.into(), ..Default::default() };
        common::submit(contacts("drift@konsument.test").parse(), |c| clients::save_commercial(s, &w.b, &id, c)).await.unwrap();
        common::submit(contacts("annen@konsument.test").parse(), |c| clients::save_commercial(s, &w.b, &unused, c)).await.unwrap();
        let shared = store::scopes::by_name(&mut pool.acquire().await.unwrap(), "ver1", SHARED).await.unwrap().unwrap();
        scopes::set_active(s, &w.provider, &shared.id, false).await.unwrap();
        let mails = app::server::store::outbox::list(&mut pool.acquire().await.unwrap(), 100).await.unwrap();
        let told: Vec<_> = mails.iter().filter(|m| m.subject.contains(SHARED)).collect();
        assert_eq!(told.iter().map(|m| m.recipient.as_str()).collect::<Vec<_>>(), ["drift@konsument.test"], "{db}");
        assert!(told[0].body.contains("Fagsystem"), "{db}: {}", told[0].body);
    }
}

common::per_backend! {
    /// NUL, bidi overrides and zero-width characters never reach the database (PostgreSQL
    /// refuses NUL in text with an internal error); ordinary Norwegian and other Unicode
    /// is stored and read back unchanged.
    async fn invisible_characters_refused_unicode_kept(db, pool) {
        let w = world(&pool).await;
        let s = &w.state;
        for bad in ["Henter\u{0}data", "Henter \u{202E}atad", "Henter\u{200B}data"] {
            let r = common::submit(maskinporten(bad, &[]).parse(), |c| clients::create(s, &w.b, "ver1", c)).await;
            assert!(validation(r, "name").contains("kontrolltegn"), "{db}: {bad:?}");
            let r = common::submit(ClientInput { description: format!("Beskrivelse {bad}"), ..maskinporten("Ok", &[]) }.parse(), |c| clients::create(s, &w.b, "ver1", c)).await;
            assert!(validation(r, "description").contains("kontrolltegn"), "{db}: {bad:?}");
        }
        let name = "Ærlig Østby-Åsen «API» – 🚀";
        let id = common::submit(maskinporten(name, &[]).parse(), |c| clients::create(s, &w.b, "ver1", c)).await.unwrap();
        assert_eq!(clients::detail(s, &w.b, &id).await.unwrap().name, name, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM clients").await, 1, "{db}");
    }
}
