//! Rights, authorisation and organisation boundaries, on both databases.
#![cfg(feature = "ssr")]

mod common;

use app::contract::rights::GrantRightsInput;
use app::domain::views::StepUp;
use app::domain::Right;
use app::error::AppError;
use app::server::services::{environments, rights, totp as totp_service};

fn grant(email: &str, last: &str, r: &[Right]) -> GrantRightsInput {
    GrantRightsInput { email: email.into(), last_name: last.into(), rights: r.to_vec() }
}

common::per_backend! {
    async fn main_admin_gives_and_removes_rights(db, pool) {
        let state = common::state(&pool);
        let a = common::org(&pool, "310000019", "A AS", "a.test").await;
        let (admin, _) = common::person(&pool, &a, "admin@a.test", "Anne Admin", &[Right::MainAdmin]).await;
        let (_, kari_token) = common::person(&pool, &a, "kari@a.test", "Kari Nordmann", &[]).await;

        // Last name must match the e-mail's owner.
        let err = common::submit(grant("kari@a.test", "Hansen", &[Right::ManageIntegrations]).parse(), |c| rights::grant(&state, &admin, c)).await.unwrap_err();
        assert!(err.for_field("email").is_some(), "{db}");
        // Supplier alone is refused.
        let err = common::submit(grant("kari@a.test", "Nordmann", &[Right::Supplier]).parse(), |c| rights::grant(&state, &admin, c)).await.unwrap_err();
        assert!(err.for_field("rights").unwrap().contains("krever"), "{db}");

        common::submit(grant("kari@a.test", "nordmann", &[Right::ManageIntegrations]).parse(), |c| rights::grant(&state, &admin, c)).await.unwrap();
        assert_eq!(common::reload(&pool, &kari_token).await.rights, vec![Right::ManageIntegrations]);
        common::submit(grant("kari@a.test", "Nordmann", &[Right::Supplier]).parse(), |c| rights::grant(&state, &admin, c)).await.unwrap();

        // Removing integrations while supplier stays is refused; both together works.
        let kari = common::reload(&pool, &kari_token).await;
        assert!(rights::remove(&state, &admin, &kari.user_id, &[Right::ManageIntegrations]).await.is_err(), "{db}");
        rights::remove(&state, &admin, &kari.user_id, &[Right::ManageIntegrations, Right::Supplier]).await.unwrap();
        assert!(common::reload(&pool, &kari_token).await.rights.is_empty());

        // Removal is recorded, not deleted.
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM user_rights WHERE revoked_at IS NOT NULL").await, 2, "{db}");
        assert!(common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action = 'rights.removed'").await >= 1);
    }
}

common::per_backend! {
    async fn organisations_cannot_touch_each_other(db, pool) {
        let state = common::state(&pool);
        let a = common::org(&pool, "310000019", "A AS", "a.test").await;
        let b = common::org(&pool, "310000027", "B AS", "b.test").await;
        let (admin_a, _) = common::person(&pool, &a, "admin@a.test", "Anne Admin", &[Right::MainAdmin]).await;
        let (_, bob_token) = common::person(&pool, &b, "bob@b.test", "Bob Berg", &[Right::ManageIntegrations]).await;
        let bob = common::reload(&pool, &bob_token).await;

        // A's overview shows only A's people.
        let overview = rights::overview(&state, &admin_a).await.unwrap();
        assert!(overview.people.iter().all(|p| p.email.ends_with("@a.test")), "{db}");
        // A cannot give rights to B's person, nor remove B's rights, nor learn anything.
        let err = common::submit(grant("bob@b.test", "Berg", &[Right::ManageApis]).parse(), |c| rights::grant(&state, &admin_a, c)).await.unwrap_err();
        assert!(err.for_field("email").unwrap().contains("Fant ingen"), "{db}");
        let err = rights::remove(&state, &admin_a, &bob.user_id, &[Right::ManageIntegrations]).await.unwrap_err();
        assert!(matches!(err, AppError::NotFound(_)), "{db}: {err:?}");
        assert_eq!(common::reload(&pool, &bob_token).await.rights, vec![Right::ManageIntegrations]);
        // A's stricter-access switch changes only A.
        rights::set_stricter_access(&state, &admin_a, true).await.unwrap();
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM organizations WHERE stricter_access = 1").await, 1);
        let _ = b;
    }
}

common::per_backend! {
    async fn only_the_main_admin_manages_rights(db, pool) {
        let state = common::state(&pool);
        let a = common::org(&pool, "310000019", "A AS", "a.test").await;
        let (user, _) = common::person(&pool, &a, "u@a.test", "Ulf User", &[Right::ManageApis, Right::ManageIntegrations]).await;
        common::person(&pool, &a, "kari@a.test", "Kari Nordmann", &[]).await;
        let overview = rights::overview(&state, &user).await.unwrap();
        assert!(overview.manage_denied.unwrap().contains("hovedadministratoren"), "{db}");
        let err = common::submit(grant("kari@a.test", "Nordmann", &[Right::ManageApis]).parse(), |c| rights::grant(&state, &user, c)).await.unwrap_err();
        assert!(matches!(err, AppError::Forbidden(_)), "{db}");
        assert!(matches!(rights::set_stricter_access(&state, &user, true).await.unwrap_err(), AppError::Forbidden(_)));
    }
}

common::per_backend! {
    async fn environment_access_follows_the_table(db, pool) {
        let state = common::state(&pool);
        let a = common::org(&pool, "310000019", "A AS", "a.test").await;
        let (admin, _) = common::person(&pool, &a, "admin@a.test", "Anne Admin", &[Right::MainAdmin]).await;
        let (plain, plain_token) = common::person(&pool, &a, "p@a.test", "Per Plain", &[]).await;

        // Test environment: open to everyone in the organisation.
        let ver1 = environments::access(&state, &plain, "ver1").await.unwrap();
        assert_eq!((ver1.integrations_denied.clone(), ver1.step_up), (None, StepUp::NotNeeded), "{db}");
        // Stricter access: the right is needed in test too.
        rights::set_stricter_access(&state, &admin, true).await.unwrap();
        let ver1 = environments::access(&state, &plain, "ver1").await.unwrap();
        assert!(ver1.integrations_denied.unwrap().contains("Selvbetjening av integrasjoner"), "{db}");
        // Production: right, then TOTP enrolment, then step-up.
        common::submit(grant("p@a.test", "Plain", &[Right::ManageIntegrations]).parse(), |c| rights::grant(&state, &admin, c)).await.unwrap();
        let plain = common::reload(&pool, &plain_token).await;
        let prod = environments::access(&state, &plain, "prod").await.unwrap();
        assert_eq!(prod.step_up, StepUp::NotEnrolled);
        assert!(prod.integrations_denied.unwrap().contains("tofaktor"));
        assert!(prod.apis_denied.unwrap().contains("Selvbetjening av APIer"));

        let enrolment = totp_service::start_enrolment(&state, &plain).await.unwrap();
        let now = app::server::now();
        let code = app::server::totp::code_at(&enrolment.secret, now).unwrap();
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert!(totp_service::confirm_enrolment(&state, &plain, wrong).await.unwrap_err().for_field("code").is_some());
        totp_service::confirm_enrolment(&state, &plain, &code).await.unwrap();
        // Enrolment counted as this session's step-up.
        let plain = common::reload(&pool, &plain_token).await;
        assert_eq!(environments::access(&state, &plain, "prod").await.unwrap().integrations_denied, None, "{db}");

        // A new session must step up; a used code is refused.
        let (fresh, fresh_token) = common::login_as(&pool, &plain.user_id).await;
        assert_eq!(environments::access(&state, &fresh, "prod").await.unwrap().step_up, StepUp::Required);
        assert!(totp_service::step_up(&state, &fresh, &code).await.is_err(), "{db}: replayed code");
        let next = app::server::totp::code_at(&enrolment.secret, now + 30).unwrap();
        totp_service::step_up(&state, &fresh, &next).await.unwrap();
        let fresh = common::reload(&pool, &fresh_token).await;
        assert_eq!(environments::access(&state, &fresh, "prod").await.unwrap().step_up, StepUp::Done);

        assert!(environments::access(&state, &fresh, "ver9").await.is_err());
    }
}

common::per_backend! {
    /// Wrong one-time codes are limited per person and session: after five, even the right
    /// code has to wait (answered 429 over HTTP), and parallel guesses are counted too.
    async fn wrong_codes_are_throttled(db, pool) {
        let state = common::state(&pool);
        let a = common::org(&pool, "310000019", "A AS", "a.test").await;
        let (user, _) = common::person(&pool, &a, "per@a.test", "Per Plain", &[]).await;
        let enrolment = totp_service::start_enrolment(&state, &user).await.unwrap();
        let code = app::server::totp::code_at(&enrolment.secret, app::server::now()).unwrap();
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let guesses = (0..20).map(|_| totp_service::confirm_enrolment(&state, &user, wrong));
        let results = futures::future::join_all(guesses).await;
        let checked = results.iter().filter(|r| r.as_ref().is_err_and(|e| e.for_field("code").is_some())).count();
        assert_eq!(checked, 5, "{db}: 20 parallel guesses, 5 checked");
        assert!(results.iter().all(|r| r.is_err()), "{db}");
        let right = totp_service::confirm_enrolment(&state, &user, &code).await;
        assert!(matches!(right, Err(app::error::AppError::TooManyRequests(_))), "{db}: {right:?}");
    }
}

common::per_backend! {
    /// The password alone cannot replace the second factor: a session that has not stepped
    /// up with the current codes can neither start nor confirm a new enrolment. A
    /// re-enrolment is no step-up and is e-mailed to the owner; a step-up lasts 15 minutes.
    async fn re_enrolment_needs_the_current_factor(db, pool) {
        let state = common::state(&pool);
        let a = common::org(&pool, "310000019", "A AS", "a.test").await;
        let (user, _) = common::person(&pool, &a, "eier@a.test", "Eva Eier", &[]).await;
        let now = app::server::now();
        let first = totp_service::start_enrolment(&state, &user).await.unwrap();
        totp_service::confirm_enrolment(&state, &user, &app::server::totp::code_at(&first.secret, now).unwrap()).await.unwrap();

        // Someone with the password only: a new session, not stepped up.
        let (other, other_token) = common::login_as(&pool, &user.user_id).await;
        assert!(matches!(totp_service::start_enrolment(&state, &other).await, Err(AppError::Forbidden(_))), "{db}");
        assert!(matches!(totp_service::confirm_enrolment(&state, &other, "123456").await, Err(AppError::Forbidden(_))), "{db}");

        // With a code from the current app the session may replace it.
        totp_service::step_up(&state, &other, &app::server::totp::code_at(&first.secret, now + 30).unwrap()).await.unwrap();
        let other = common::reload(&pool, &other_token).await;
        let second = totp_service::start_enrolment(&state, &other).await.unwrap();
        let stepped_before: i64 = sqlx::query_as::<_, (i64,)>("SELECT stepped_up_at FROM sessions WHERE id_hash = $1")
            .bind(other.session_hash.clone())
            .fetch_one(&pool)
            .await
            .unwrap()
            .0;
        totp_service::confirm_enrolment(&state, &other, &app::server::totp::code_at(&second.secret, now).unwrap()).await.unwrap();
        let stepped_after: i64 = sqlx::query_as::<_, (i64,)>("SELECT stepped_up_at FROM sessions WHERE id_hash = $1")
            .bind(other.session_hash.clone())
            .fetch_one(&pool)
            .await
            .unwrap()
            .0;
        assert_eq!(stepped_before, stepped_after, "{db}: a re-enrolment is not a step-up");
        let mut conn = pool.acquire().await.unwrap();
        let mails = app::server::store::outbox::list(&mut conn, 100).await.unwrap();
        assert!(mails.iter().any(|m| m.recipient == "eier@a.test" && m.subject.contains("byttet")), "{db}: the owner is told");
        drop(conn);

        // The old app's codes no longer step up.
        let (third, _) = common::login_as(&pool, &user.user_id).await;
        assert!(totp_service::step_up(&state, &third, &app::server::totp::code_at(&first.secret, now + 60).unwrap()).await.is_err(), "{db}");

        // A step-up expires after 15 minutes.
        sqlx::query("UPDATE sessions SET stepped_up_at = $1 WHERE id_hash = $2").bind(now - 16 * 60).bind(other.session_hash.clone()).execute(&pool).await.unwrap();
        assert!(!common::reload(&pool, &other_token).await.stepped_up, "{db}");
    }
}

common::per_backend! {
    /// With `ADMIN_STEP_UP` on (the production default), changing rights and the operator's
    /// work wait for the second factor: not enrolled, then enrolled but not stepped up, are
    /// refused with the way forward; after the step-up they work.
    async fn administrators_work_waits_for_the_second_factor(db, pool) {
        let mut config = app::server::config::Config::for_tests("unused");
        config.admin_step_up = true;
        let state = app::server::AppState::new(common::leptos_options(), pool.clone(), config);
        let a = common::org(&pool, "310000019", "A AS", "a.test").await;
        let (_, admin_token) = common::person(&pool, &a, "admin@a.test", "Anne Admin", &[Right::MainAdmin]).await;
        common::person(&pool, &a, "kari@a.test", "Kari Nordmann", &[]).await;
        let (_, op_token) = common::operator(&pool, &a).await;
        let give = || grant("kari@a.test", "Nordmann", &[Right::ManageApis]);

        let admin = common::reload(&pool, &admin_token).await;
        let err = common::submit(give().parse(), |c| rights::grant(&state, &admin, c)).await.unwrap_err();
        assert!(matches!(&err, AppError::Forbidden(m) if m.contains("Min profil")), "{db}: {err:?}");
        let overview = rights::overview(&state, &admin).await.unwrap();
        assert_eq!(overview.step_up, StepUp::NotEnrolled, "{db}");
        assert!(overview.manage_denied.is_some(), "{db}");
        let op = common::reload(&pool, &op_token).await;
        assert!(matches!(app::server::services::operator::list(&state, &op).await, Err(AppError::Forbidden(_))), "{db}");

        let now = app::server::now();
        for token in [&admin_token, &op_token] {
            let user = common::reload(&pool, token).await;
            let enrolment = totp_service::start_enrolment(&state, &user).await.unwrap();
            totp_service::confirm_enrolment(&state, &user, &app::server::totp::code_at(&enrolment.secret, now).unwrap()).await.unwrap();
            // A fresh session: enrolled, not stepped up yet.
            let (fresh, fresh_token) = common::login_as(&pool, &user.user_id).await;
            assert_eq!(app::server::services::admin_step_up(&state, &fresh), StepUp::Required, "{db}");
            let err = if fresh.is_operator {
                app::server::services::operator::list(&state, &fresh).await.map(|_| ()).unwrap_err()
            } else {
                common::submit(give().parse(), |c| rights::grant(&state, &fresh, c)).await.unwrap_err()
            };
            assert!(matches!(&err, AppError::Forbidden(m) if m.contains("engangskode")), "{db}: {err:?}");
            assert!(rights::set_stricter_access(&state, &fresh, true).await.is_err(), "{db}");

            totp_service::step_up(&state, &fresh, &app::server::totp::code_at(&enrolment.secret, now + 30).unwrap()).await.unwrap();
            let stepped = common::reload(&pool, &fresh_token).await;
            assert_eq!(app::server::services::admin_step_up(&state, &stepped), StepUp::Done, "{db}");
            if stepped.is_operator {
                assert!(!app::server::services::operator::list(&state, &stepped).await.unwrap().is_empty(), "{db}");
            } else {
                common::submit(give().parse(), |c| rights::grant(&state, &stepped, c)).await.unwrap();
                rights::set_stricter_access(&state, &stepped, true).await.unwrap();
            }
        }
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM organizations WHERE stricter_access = 1").await, 1, "{db}");

        // Others are not asked: a person without administrators' work has nothing to step up for.
        let (_, kari_token) = common::person(&pool, &a, "ola@a.test", "Ola Olsen", &[Right::ManageApis]).await;
        assert_eq!(app::server::services::admin_step_up(&state, &common::reload(&pool, &kari_token).await), StepUp::NotNeeded, "{db}");
    }
}
