//! Registration, confirmation and login on both databases.
#![cfg(feature = "ssr")]

mod common;

use app::contract::accounts::RegisterInput;
use app::error::AppError;
use app::server::services::accounts;

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
