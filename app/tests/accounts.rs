//! Registration, confirmation, login, passwords and sessions on both databases.
#![cfg(feature = "ssr")]

mod common;

use app::contract::accounts::{ChangePasswordInput, ForgotPasswordInput, NewPasswordInput, RegisterInput};
use app::error::AppError;
use app::server::services::accounts;
use app::server::services::accounts::passwords;

fn input(name: &str, email: &str, password: &str) -> RegisterInput {
    RegisterInput { name: name.into(), email: email.into(), password: password.into() }
}

common::per_backend! {
    async fn register_confirm_login(db, pool) {
        let state = common::state(&pool);
        common::org(&pool, "310000019", "Tilbyder AS", "tilbyder.test").await;

        // The organisation is shown before registering.
        let org = accounts::org_for_email(&state, "Kari@Tilbyder.test").await.unwrap();
        assert_eq!(org.name, "Tilbyder AS", "{db}");

        let receipt = common::submit(input("Kari Nordmann", "kari@tilbyder.test", common::PASSWORD).parse(), |c| accounts::register(&state, c)).await.unwrap();
        assert_eq!(receipt.org.org_number, "310000019");

        // Not usable before the link is clicked; the message says so only with the right password.
        let err = accounts::login(&state, "kari@tilbyder.test", common::PASSWORD, "1.1.1.1").await.unwrap_err();
        assert!(err.for_field("form").unwrap().contains("ikke bekreftet"), "{db}: {err:?}");

        let token = common::confirmation_token(&pool, "kari@tilbyder.test").await;
        assert_eq!(accounts::confirm(&state, &token).await.unwrap().name, "Tilbyder AS");
        assert!(accounts::confirm(&state, "feil-token").await.is_err());

        let session = accounts::login(&state, "KARI@tilbyder.test", common::PASSWORD, "1.1.1.1").await.unwrap();
        let user = common::reload(&pool, &session).await;
        let info = accounts::session_info(&state, &user).await.unwrap();
        assert_eq!(info.org.unwrap().name, "Tilbyder AS");

        accounts::logout(&state, &session).await.unwrap();
        let mut c = pool.acquire().await.unwrap();
        assert!(app::server::session::load(&mut c, &session).await.unwrap().is_none(), "{db}: session ended");
    }
}

common::per_backend! {
    async fn unknown_domain_and_duplicates_are_refused_without_saving(db, pool) {
        let state = common::state(&pool);
        common::org(&pool, "310000019", "Tilbyder AS", "tilbyder.test").await;
        let err = common::submit(input("Ola", "ola@ukjent.no", common::PASSWORD).parse(), |c| accounts::register(&state, c)).await.unwrap_err();
        let msg = err.for_field("email").unwrap();
        assert!(msg.contains("ukjent.no") && msg.contains("ikke registrert"), "{db}: {msg}");

        common::submit(input("Kari Nordmann", "kari@tilbyder.test", common::PASSWORD).parse(), |c| accounts::register(&state, c)).await.unwrap();
        // A confirmed address keeps its owner (an unconfirmed one does not; see below).
        accounts::confirm(&state, &common::confirmation_token(&pool, "kari@tilbyder.test").await).await.unwrap();
        let err = common::submit(input("Kari Igjen", "Kari@Tilbyder.test", common::PASSWORD).parse(), |c| accounts::register(&state, c)).await.unwrap_err();
        assert!(err.for_field("email").unwrap().contains("finnes allerede"), "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM users").await, 1, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM outbox").await, 1, "{db}");
    }
}

common::per_backend! {
    async fn every_bad_field_is_named(db, pool) {
        let state = common::state(&pool);
        let err = common::submit(input("", "ikke-epost", "kort").parse(), |c| accounts::register(&state, c)).await.unwrap_err();
        let AppError::Validation(fields) = &err else { panic!("{db}: {err:?}") };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["name", "email", "password"]);
        assert!(err.for_field("password").unwrap().contains("minst 10 tegn"));
        let long = "x".repeat(101);
        assert!(common::submit(input(&long, "a@b.no", common::PASSWORD).parse(), |c| accounts::register(&state, c))
            .await
            .unwrap_err()
            .for_field("name")
            .unwrap()
            .contains("høyst 100"));
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM users").await, 0, "{db}");
    }
}

common::per_backend! {
    async fn wrong_password_does_not_say_which_part_and_is_rate_limited(db, pool) {
        let state = common::state(&pool);
        let org = common::org(&pool, "310000019", "Tilbyder AS", "tilbyder.test").await;
        common::person(&pool, &org, "kari@tilbyder.test", "Kari Nordmann", &[]).await;
        let wrong_pw = accounts::login(&state, "kari@tilbyder.test", "feil passord her", "9.9.9.9").await.unwrap_err();
        let no_user = accounts::login(&state, "ingen@tilbyder.test", "feil passord her", "9.9.9.9").await.unwrap_err();
        assert_eq!(wrong_pw, no_user, "{db}: same answer for unknown user and wrong password");
        assert_eq!(wrong_pw.for_field("form").unwrap(), "Feil e-post eller passord.");
        for _ in 0..4 {
            let _ = accounts::login(&state, "kari@tilbyder.test", "feil passord her", "9.9.9.9").await;
        }
        // Five failures from one address: that address is stopped, even with the right
        // password; the owner elsewhere is not locked out by someone else's guessing.
        let err = accounts::login(&state, "kari@tilbyder.test", common::PASSWORD, "9.9.9.9").await.unwrap_err();
        assert!(matches!(err, AppError::TooManyRequests(_)), "{db}: {err:?}");
        assert!(accounts::login(&state, "kari@tilbyder.test", common::PASSWORD, "8.8.8.8").await.is_ok(), "{db}");
    }
}

common::per_backend! {
    /// Password hashing is bounded: when every slot is busy a login waits a little, then is
    /// answered 429 (not queued without end), and that attempt does not count against the
    /// account.
    async fn password_work_is_bounded(db, pool) {
        let mut state = common::state(&pool);
        state.password_work = std::sync::Arc::new(app::server::password_work::PasswordWork::new(1, std::time::Duration::from_millis(50)));
        let a = common::org(&pool, "310000019", "A AS", "a.test").await;
        common::person(&pool, &a, "kari@a.test", "Kari Nordmann", &[]).await;
        let busy = state.password_work.slot().await.unwrap();
        for _ in 0..10 {
            let r = accounts::login(&state, "kari@a.test", common::PASSWORD, "ip").await;
            assert!(matches!(r, Err(AppError::TooManyRequests(_))), "{db}: {r:?}");
        }
        drop(busy);
        assert!(accounts::login(&state, "kari@a.test", common::PASSWORD, "ip").await.is_ok(), "{db}: the busy answers did not lock the account");
    }
}

/// Every `token=…` in the e-mails to `email` (in no particular order within one second).
async fn tokens_mailed_to(pool: &sqlx::AnyPool, email: &str) -> Vec<String> {
    let mut c = pool.acquire().await.unwrap();
    let mails = app::server::store::outbox::list(&mut c, 100).await.unwrap();
    mails
        .iter()
        .filter(|m| m.recipient == email)
        .flat_map(|m| m.body.split("token=").skip(1).map(|rest| rest.split_whitespace().next().unwrap().to_string()).collect::<Vec<_>>())
        .collect()
}

async fn bodies_to(pool: &sqlx::AnyPool, email: &str) -> String {
    let mut c = pool.acquire().await.unwrap();
    let mails = app::server::store::outbox::list(&mut c, 100).await.unwrap();
    mails.iter().filter(|m| m.recipient == email).map(|m| format!("{}\n{}\n", m.subject, m.body)).collect()
}

async fn audit_count(pool: &sqlx::AnyPool, code: &str) -> i64 {
    common::count(pool, &format!("SELECT COUNT(*) FROM audit_log WHERE action = '{code}'")).await
}

async fn is_live(pool: &sqlx::AnyPool, token: &str) -> bool {
    let mut c = pool.acquire().await.unwrap();
    app::server::session::load(&mut c, token).await.unwrap().is_some()
}

common::per_backend! {
    /// Someone registers your address first and never confirms: registering again replaces
    /// that account (name, password, link), and the squatter's link stops working.
    async fn an_unconfirmed_registration_is_replaced_not_squatted(db, pool) {
        let state = common::state(&pool);
        common::org(&pool, "310000019", "Tilbyder AS", "tilbyder.test").await;
        let reg = |name: &str, pw: &str| input(name, "kari@tilbyder.test", pw);
        common::submit(reg("Sam Squatter", "squatterens passord").parse(), |c| accounts::register(&state, c)).await.unwrap();
        let squatter_token = common::confirmation_token(&pool, "kari@tilbyder.test").await;

        let receipt = common::submit(reg("Kari Nordmann", common::PASSWORD).parse(), |c| accounts::register(&state, c)).await;
        assert!(receipt.is_ok(), "{db}: re-registering an unconfirmed address is allowed: {receipt:?}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM users").await, 1, "{db}: replaced, not added");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM email_confirmations").await, 1, "{db}: the old link is gone");
        assert!(accounts::confirm(&state, &squatter_token).await.is_err(), "{db}: the squatter's link is dead");
        assert!(!bodies_to(&pool, "kari@tilbyder.test").await.contains(&squatter_token), "{db}: and struck out of the outbox");
        assert_eq!(audit_count(&pool, "user.registration_replaced").await, 1, "{db}");

        let token = common::confirmation_token(&pool, "kari@tilbyder.test").await;
        accounts::confirm(&state, &token).await.unwrap();
        assert!(!bodies_to(&pool, "kari@tilbyder.test").await.contains(&token), "{db}: a used link is struck out");
        assert!(accounts::login(&state, "kari@tilbyder.test", "squatterens passord", "1.1.1.1").await.is_err(), "{db}");
        let session = accounts::login(&state, "kari@tilbyder.test", common::PASSWORD, "1.1.1.1").await.unwrap();
        assert_eq!(common::reload(&pool, &session).await.name, "Kari Nordmann", "{db}");
    }
}

common::per_backend! {
    /// A registration not confirmed within the link's three days is gone: login treats it
    /// as unknown, the address can be registered anew, and the clean-up deletes it.
    async fn expired_registrations_are_absent_and_deleted(db, pool) {
        let state = common::state(&pool);
        common::org(&pool, "310000019", "Tilbyder AS", "tilbyder.test").await;
        let age = |email: &str| format!(
            "UPDATE users SET created_at = created_at - {s} WHERE email = '{email}'", s = accounts::CONFIRMATION_SECONDS + 60);
        for email in ["gammel@tilbyder.test", "kari@tilbyder.test"] {
            common::submit(input("Gammel Registrering", email, common::PASSWORD).parse(), |c| accounts::register(&state, c)).await.unwrap();
        }
        let old_token = common::confirmation_token(&pool, "gammel@tilbyder.test").await;
        for email in ["gammel@tilbyder.test", "kari@tilbyder.test"] {
            sqlx::query(&age(email)).execute(&pool).await.unwrap();
        }

        let err = accounts::login(&state, "gammel@tilbyder.test", common::PASSWORD, "1.1.1.1").await.unwrap_err();
        assert_eq!(err.for_field("form").as_deref(), Some("Feil e-post eller passord."), "{db}: an expired registration is unknown");

        // Registering anew deletes every expired registration on the way.
        common::submit(input("Kari Nordmann", "kari@tilbyder.test", common::PASSWORD).parse(), |c| accounts::register(&state, c)).await.unwrap();
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM users").await, 1, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM email_confirmations").await, 1, "{db}");
        assert_eq!(audit_count(&pool, "user.registration_expired").await, 2, "{db}");
        assert_eq!(audit_count(&pool, "user.registered").await, 3, "{db}: a fresh registration, not a replacement");
        assert!(!bodies_to(&pool, "gammel@tilbyder.test").await.contains(&old_token), "{db}: the dead link is struck out");
        assert!(accounts::confirm(&state, &common::confirmation_token(&pool, "kari@tilbyder.test").await).await.is_ok(), "{db}");

        // The clean-up at start does the same; confirmed accounts are never touched.
        common::submit(input("Ola Nordmann", "ola@tilbyder.test", common::PASSWORD).parse(), |c| accounts::register(&state, c)).await.unwrap();
        sqlx::query(&age("ola@tilbyder.test")).execute(&pool).await.unwrap();
        sqlx::query(&age("kari@tilbyder.test")).execute(&pool).await.unwrap();
        assert_eq!(accounts::expire_registrations(&state).await.unwrap(), 1, "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM users").await, 1, "{db}: the confirmed account stays");
        assert!(accounts::login(&state, "kari@tilbyder.test", common::PASSWORD, "1.1.1.1").await.is_ok(), "{db}");
    }
}

common::per_backend! {
    /// "Glemt passord?" → e-mailed link → "Nytt passord": the same answer for any address;
    /// only the token's hash is stored; the link works once; every session ends; the second
    /// factor stays; the owner is told.
    async fn forgotten_password_is_reset_by_a_single_use_link(db, pool) {
        let state = common::state(&pool);
        let org = common::org(&pool, "310000019", "Tilbyder AS", "tilbyder.test").await;
        let (kari, session) = common::person(&pool, &org, "kari@tilbyder.test", "Kari Nordmann", &[]).await;
        let (_, other_session) = common::login_as(&pool, &kari.user_id).await;
        let enrolment = app::server::services::totp::start_enrolment(&state, &kari).await.unwrap();
        let code = app::server::totp::code_at(&enrolment.secret, app::server::now()).unwrap();
        app::server::services::totp::confirm_enrolment(&state, &kari, &code).await.unwrap();

        let ask = |email: &str| ForgotPasswordInput { email: email.into() };
        let known = common::submit(ask("Kari@Tilbyder.test").parse(), |e| passwords::request_reset(&state, e, "1.1.1.1")).await;
        let unknown = common::submit(ask("ingen@tilbyder.test").parse(), |e| passwords::request_reset(&state, e, "1.1.1.1")).await;
        assert_eq!(known, unknown, "{db}: the same answer whether or not the address exists");
        assert!(known.is_ok(), "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM outbox WHERE recipient = 'ingen@tilbyder.test'").await, 0, "{db}");
        common::submit(ask("kari@tilbyder.test").parse(), |e| passwords::request_reset(&state, e, "1.1.1.1")).await.unwrap();
        let tokens = tokens_mailed_to(&pool, "kari@tilbyder.test").await;
        assert_eq!(tokens.len(), 2, "{db}: two links: {tokens:?}");
        let (newest, older) = (tokens[0].clone(), tokens[1].clone()); // (either may be the newer)
        let stored = |t: &str| format!("SELECT COUNT(*) FROM password_resets WHERE token_hash = '{t}'");
        assert_eq!(common::count(&pool, &stored(&newest)).await, 0, "{db}: the raw token is not stored");
        assert_eq!(common::count(&pool, &stored(&app::server::crypto::token_hash(&newest))).await, 1, "{db}: its hash is");

        let new_pw = NewPasswordInput { new_password: "et helt nytt passord".into() };
        let short = common::submit(NewPasswordInput { new_password: "kort".into() }.parse(), |p| passwords::reset(&state, &newest, p)).await.unwrap_err();
        assert!(short.for_field("new_password").unwrap().contains("minst 10 tegn"), "{db}: the registration rule");
        common::submit(new_pw.parse(), |p| passwords::reset(&state, &newest, p)).await.unwrap();

        assert!(!is_live(&pool, &session).await && !is_live(&pool, &other_session).await, "{db}: every session ended");
        let again = common::submit(new_pw.parse(), |p| passwords::reset(&state, &newest, p)).await.unwrap_err();
        assert!(matches!(again, AppError::NotFound(_)), "{db}: single use: {again:?}");
        let other = common::submit(new_pw.parse(), |p| passwords::reset(&state, &older, p)).await.unwrap_err();
        assert!(matches!(other, AppError::NotFound(_)), "{db}: the other outstanding link ended too: {other:?}");
        let mail = bodies_to(&pool, "kari@tilbyder.test").await;
        assert!(!mail.contains(&newest) && !mail.contains(&older), "{db}: no live or used token left in the outbox");
        assert!(mail.contains("Passordet ditt er endret"), "{db}: the owner is told");

        assert!(accounts::login(&state, "kari@tilbyder.test", common::PASSWORD, "1.1.1.1").await.is_err(), "{db}: old password");
        let fresh = accounts::login(&state, "kari@tilbyder.test", "et helt nytt passord", "1.1.1.1").await.unwrap();
        let user = common::reload(&pool, &fresh).await;
        assert!(user.totp_enrolled && !user.stepped_up, "{db}: the second factor stays, and a reset is no step-up");
        assert_eq!(audit_count(&pool, "user.password_reset").await, 1, "{db}");
    }
}

common::per_backend! {
    /// Reset links expire after 30 minutes, and asking for them is limited per address and
    /// per client address, with the same answer for unknown addresses.
    async fn reset_links_expire_and_requests_are_limited(db, pool) {
        let state = common::state(&pool);
        let org = common::org(&pool, "310000019", "Tilbyder AS", "tilbyder.test").await;
        common::person(&pool, &org, "kari@tilbyder.test", "Kari Nordmann", &[]).await;
        let ask = |email: &str, ip: &'static str| {
            let state = state.clone();
            let input = ForgotPasswordInput { email: email.into() };
            async move { common::submit(input.parse(), |e| passwords::request_reset(&state, e, ip)).await }
        };
        ask("kari@tilbyder.test", "1.1.1.1").await.unwrap();
        let token = tokens_mailed_to(&pool, "kari@tilbyder.test").await[0].clone();
        sqlx::query(&format!("UPDATE password_resets SET expires_at = {}", app::server::now() - 1)).execute(&pool).await.unwrap();
        let err = common::submit(NewPasswordInput { new_password: "et helt nytt passord".into() }.parse(), |p| passwords::reset(&state, &token, p))
            .await
            .unwrap_err();
        assert!(matches!(&err, AppError::Conflict(m) if m.contains("gått ut")), "{db}: {err:?}");

        for who in ["kari@tilbyder.test", "ingen@tilbyder.test"] {
            for _ in 0..2 {
                ask(who, "2.2.2.2").await.unwrap();
            }
            if who == "kari@tilbyder.test" {
                assert!(matches!(ask(who, "3.3.3.3").await, Err(AppError::TooManyRequests(_))), "{db}: 3 per address");
            } else {
                ask(who, "3.3.3.3").await.unwrap();
                assert!(matches!(ask(who, "3.3.3.3").await, Err(AppError::TooManyRequests(_))), "{db}: unknown addresses alike");
            }
        }
        for i in 0..10 {
            ask(&format!("person{i}@tilbyder.test"), "4.4.4.4").await.unwrap();
        }
        let err = ask("person10@tilbyder.test", "4.4.4.4").await.unwrap_err();
        assert!(matches!(err, AppError::TooManyRequests(_)), "{db}: 10 per client address: {err:?}");
    }
}

common::per_backend! {
    /// "Endre passord": the current password is checked (and guessing it is limited like
    /// logins); the other sessions end, this one stays; the owner is e-mailed.
    async fn change_password_keeps_this_session_and_ends_the_others(db, pool) {
        let state = common::state(&pool);
        let org = common::org(&pool, "310000019", "Tilbyder AS", "tilbyder.test").await;
        let (kari, session) = common::person(&pool, &org, "kari@tilbyder.test", "Kari Nordmann", &[]).await;
        let (_, other_session) = common::login_as(&pool, &kari.user_id).await;
        let change = |current: &str, new: &str| ChangePasswordInput { current_password: current.into(), new_password: new.into() };

        let err = common::submit(change("", "kort").parse(), |c| passwords::change(&state, &kari, c, "1.1.1.1")).await.unwrap_err();
        assert!(err.for_field("current_password").is_some() && err.for_field("new_password").is_some(), "{db}: {err:?}");
        let err = common::submit(change("feil passord her", "et helt nytt passord").parse(), |c| passwords::change(&state, &kari, c, "1.1.1.1"))
            .await
            .unwrap_err();
        assert_eq!(err.for_field("current_password").as_deref(), Some("Nåværende passord stemmer ikke."), "{db}");
        assert!(is_live(&pool, &other_session).await, "{db}: nothing changed");

        common::submit(change(common::PASSWORD, "et helt nytt passord").parse(), |c| passwords::change(&state, &kari, c, "1.1.1.1")).await.unwrap();
        assert!(is_live(&pool, &session).await, "{db}: this session stays");
        assert!(!is_live(&pool, &other_session).await, "{db}: the other ends");
        assert!(bodies_to(&pool, "kari@tilbyder.test").await.contains("Passordet ditt er endret"), "{db}");
        assert_eq!(audit_count(&pool, "user.password_changed").await, 1, "{db}");
        assert!(accounts::login(&state, "kari@tilbyder.test", "et helt nytt passord", "1.1.1.1").await.is_ok(), "{db}");

        // Guessing: after five wrong current passwords from one address even the right one
        // is refused there for a while.
        for _ in 0..5 {
            let _ = common::submit(change("feil passord her", "et tredje passord!").parse(), |c| passwords::change(&state, &kari, c, "6.6.6.6")).await;
        }
        let err = common::submit(change("et helt nytt passord", "et tredje passord!").parse(), |c| passwords::change(&state, &kari, c, "6.6.6.6"))
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::TooManyRequests(_)), "{db}: {err:?}");
    }
}

common::per_backend! {
    async fn logout_everywhere_ends_every_session(db, pool) {
        let state = common::state(&pool);
        let org = common::org(&pool, "310000019", "Tilbyder AS", "tilbyder.test").await;
        let (kari, session) = common::person(&pool, &org, "kari@tilbyder.test", "Kari Nordmann", &[]).await;
        let (_, other_session) = common::login_as(&pool, &kari.user_id).await;
        let (_, ola_session) = common::person(&pool, &org, "ola@tilbyder.test", "Ola Nordmann", &[]).await;
        assert_eq!(passwords::logout_everywhere(&state, &kari).await.unwrap(), 2, "{db}");
        assert!(!is_live(&pool, &session).await && !is_live(&pool, &other_session).await, "{db}");
        assert!(is_live(&pool, &ola_session).await, "{db}: nobody else's");
        assert_eq!(audit_count(&pool, "user.logged_out_everywhere").await, 1, "{db}");
    }
}
