//! E-mail delivery over real SMTP (a sink on a loopback port, `common::smtp_sink`), on
//! both databases: the message as sent, retries with backoff, failures, the operator's
//! list and "Send på nytt", tokens struck after sending, and two instances on one
//! database sending every message exactly once.
//!
//! Most tests drive one delivery round at a time with a clock they set
//! (`services::mail::deliver_due`), so backoff is checked without waiting; the others run
//! the real worker with a short poll and wait for the sink with a generous timeout.
#![cfg(feature = "ssr")]

mod common;

use app::contract::accounts::RegisterInput;
use app::domain::views::MailDelivery;
use app::domain::Right;
use app::error::AppError;
use app::server::config::{Config, MailConfig, Mode};
use app::server::mail::smtp::{parse_from, SmtpServer};
use app::server::mail::worker;
use app::server::services::{accounts, mail};
use app::server::{now, store, AppState};
use common::smtp_sink::{Behaviour, SmtpSink};
use sqlx::AnyPool;
use std::time::Duration;

const PORTAL: &str = "https://selvbetjening.test";
const WAIT: Duration = Duration::from_secs(30);

/// A state that sends to `smtp_url`: 3 attempts, 30 s base (rounds are driven by hand),
/// a 50 ms poll for the tests that run the worker.
fn state_sending_to(pool: &AnyPool, smtp_url: &str, tune: impl FnOnce(&mut MailConfig)) -> AppState {
    let mut config = Config::for_tests("unused");
    config.public_url = PORTAL.into();
    config.mail.smtp = Some(SmtpServer::parse(smtp_url).unwrap());
    config.mail.from = parse_from("Selvbetjening <noreply@selvbetjening.test>").unwrap();
    config.mail.max_attempts = 3;
    config.mail.retry_base = Duration::from_secs(30);
    config.mail.poll_interval = Duration::from_millis(50);
    tune(&mut config.mail);
    AppState::new(common::leptos_options(), pool.clone(), config)
}

async fn enqueue(pool: &AnyPool, to: &str, subject: &str, body: &str) -> String {
    let mut c = pool.acquire().await.unwrap();
    store::outbox::enqueue(&mut c, to, subject, body).await.unwrap();
    let (id,): (String,) = sqlx::query_as("SELECT id FROM outbox WHERE subject = $1").bind(subject.to_string()).fetch_one(&mut *c).await.unwrap();
    id
}

/// A message's delivery state.
#[derive(Debug, sqlx::FromRow)]
struct Row {
    attempts: i64,
    last_error: Option<String>,
    next_attempt_at: Option<i64>,
    sent_at: Option<i64>,
    failed_at: Option<i64>,
    claimed_by: Option<String>,
    body: String,
}

async fn row(pool: &AnyPool, id: &str) -> Row {
    sqlx::query_as("SELECT attempts, last_error, next_attempt_at, sent_at, failed_at, claimed_by, body FROM outbox WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Waits until `n` messages are marked sent (the worker marks a message right after the
/// sink has answered).
async fn wait_until_sent(pool: &AnyPool, n: i64) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while common::count(pool, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL").await < n {
        assert!(tokio::time::Instant::now() < deadline, "{n} messages not marked sent within {WAIT:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One delivery round at time `t`.
async fn round_at(state: &AppState, t: i64) -> mail::Round {
    mail::deliver_due(state, "test-worker", move || t).await.unwrap()
}

common::per_backend! {
    /// The worker sends what is queued: envelope, headers, a text and an HTML part, and
    /// the portal's address at the end of a message that does not have it.
    async fn a_queued_message_arrives_as_text_and_html(db, pool) {
        let sink = SmtpSink::start(Behaviour::Accept).await;
        let state = state_sending_to(&pool, &sink.url(), |_| {});
        let notice = enqueue(&pool, "ola@konsument.test", "Scopet «Skattedata» er deaktivert", "Hei!\n\nScopet er deaktivert <nå> av Tilbyder & Co.\nIntegrasjonene deres får ikke lenger tokens for det.").await;
        let link = enqueue(&pool, "kari@tilbyder.test", "Nytt passord i Selvbetjening", &format!("Åpne {PORTAL}/profil for å se brukeren din.")).await;

        let worker = worker::start(state.clone()).expect("a worker when SMTP_URL is set");
        let got = sink.wait_for(2, WAIT).await;
        wait_until_sent(&pool, 2).await;
        worker.abort();
        assert_eq!(got.len(), 2, "{db}");

        let m = got.iter().find(|m| m.to == ["ola@konsument.test"]).expect("the notice");
        assert_eq!(m.from, "noreply@selvbetjening.test", "{db}: envelope sender");
        assert_eq!(m.header("Subject").as_deref(), Some("Scopet «Skattedata» er deaktivert"), "{db}");
        assert_eq!(m.header("From").as_deref(), Some("Selvbetjening <noreply@selvbetjening.test>"));
        assert_eq!(m.header("To").as_deref(), Some("ola@konsument.test"));
        assert_eq!(m.header("Message-ID"), Some(format!("<{notice}@selvbetjening.test>")), "{db}: the outbox row names the message");
        assert!(m.header("Content-Type").unwrap().starts_with("multipart/alternative"), "{db}");
        assert_eq!(m.parts().len(), 2);
        let text = m.text();
        assert!(text.starts_with("Hei!\n\nScopet er deaktivert <nå> av Tilbyder & Co.\n"), "{db}: {text}");
        assert!(text.ends_with(&format!("\n-- \nSelvbetjening\n{PORTAL}\n")), "{db}: the portal's address ends it: {text}");
        let html = m.html();
        assert!(html.contains("<html lang=\"nb\">"), "{db}: {html}");
        assert!(html.contains("Scopet er deaktivert &lt;nå&gt; av Tilbyder &amp; Co.<br>"), "{db}: escaped: {html}");
        assert!(html.contains(&format!("<a href=\"{PORTAL}\">{PORTAL}</a>")), "{db}: the address is a link: {html}");

        let m = got.iter().find(|m| m.to == ["kari@tilbyder.test"]).expect("the other one");
        assert_eq!(m.text(), format!("Åpne {PORTAL}/profil for å se brukeren din.\n"), "{db}: a body with the portal's address gets no second one");
        assert!(m.html().contains(&format!("<a href=\"{PORTAL}/profil\">")), "{db}");

        for id in [&notice, &link] {
            let r = row(&pool, id).await;
            assert!(r.sent_at.is_some() && r.failed_at.is_none() && r.claimed_by.is_none(), "{db}: {r:?}");
            assert_eq!((r.attempts, r.last_error), (1, None), "{db}");
        }
    }
}

common::per_backend! {
    /// A confirmation link reaches the person and works; the stored copy keeps no token.
    async fn a_token_link_is_struck_from_the_outbox_once_sent(db, pool) {
        let sink = SmtpSink::start(Behaviour::Accept).await;
        let state = state_sending_to(&pool, &sink.url(), |_| {});
        common::org(&pool, "310000019", "Tilbyder AS", "tilbyder.test").await;
        let input = RegisterInput { name: "Kari Nordmann".into(), email: "kari@tilbyder.test".into(), password: common::PASSWORD.into() };
        common::submit(input.parse(), |r| accounts::register(&state, r)).await.unwrap();
        let token = common::confirmation_token(&pool, "kari@tilbyder.test").await;

        let t = now();
        assert_eq!(round_at(&state, t).await.sent, 1, "{db}");
        let text = sink.messages()[0].text();
        assert!(text.contains(&format!("{PORTAL}/bekreft?token={token}\n")), "{db}: the e-mail has the live link: {text}");
        assert!(sink.messages()[0].html().contains(&format!("<a href=\"{PORTAL}/bekreft?token={token}\">")), "{db}");

        let stored = store::outbox::list(&mut pool.acquire().await.unwrap(), 10).await.unwrap().remove(0).body;
        assert!(!stored.contains(&token), "{db}: no live token in the outbox: {stored}");
        assert!(stored.contains("/bekreft?token=[sendt]"), "{db}: {stored}");
        // The link in the e-mail still works.
        assert_eq!(accounts::confirm(&state, &token).await.unwrap().name, "Tilbyder AS", "{db}");
    }
}

common::per_backend! {
    /// Development mode without SMTP: no worker, nothing sent, links left for /dev/mailbox.
    async fn without_smtp_nothing_is_sent_and_links_stay(db, pool) {
        let mut config = Config::for_tests("unused");
        config.mode = Mode::Development;
        let state = AppState::new(common::leptos_options(), pool.clone(), config);
        let id = enqueue(&pool, "kari@tilbyder.test", "Bekreft", "Åpne http://127.0.0.1:3000/bekreft?token=levende123").await;
        assert!(worker::start(state.clone()).is_none(), "{db}: no worker without SMTP_URL");
        assert_eq!(round_at(&state, now()).await, mail::Round::default());
        let r = row(&pool, &id).await;
        assert!(r.body.contains("token=levende123") && r.sent_at.is_none() && r.attempts == 0, "{db}: {r:?}");
        assert_eq!(mail::delivery(&state), MailDelivery::DevelopmentMailbox);
        let production = common::state(&pool);
        assert_eq!(mail::delivery(&production), MailDelivery::NotSent, "{db}: production without SMTP_URL is told");
    }
}

common::per_backend! {
    /// 421 at the greeting twice: tried again after 30 s, then after 60 s more, then sent.
    /// The same for 451 after the data.
    async fn temporary_failures_back_off_and_then_succeed(db, pool) {
        let sink = SmtpSink::start(Behaviour::BusyGreeting(2)).await;
        let state = state_sending_to(&pool, &sink.url(), |m| m.max_attempts = 6);
        let id = enqueue(&pool, "kari@tilbyder.test", "Velkommen", "Hei Kari!").await;
        let t0 = now();

        assert_eq!(round_at(&state, t0).await.retried, 1, "{db}");
        let r = row(&pool, &id).await;
        assert_eq!((r.attempts, r.next_attempt_at, r.sent_at, r.failed_at, r.claimed_by.as_deref()), (1, Some(t0 + 30), None, None, None), "{db}");
        assert!(r.last_error.as_deref().unwrap().contains("421"), "{db}: the reason is kept: {r:?}");

        assert_eq!(round_at(&state, t0 + 29).await.due, 0, "{db}: not before its time");
        assert_eq!(sink.connections(), 1);
        assert_eq!(round_at(&state, t0 + 30).await.retried, 1, "{db}");
        let r = row(&pool, &id).await;
        assert_eq!((r.attempts, r.next_attempt_at), (2, Some(t0 + 30 + 60)), "{db}: the wait doubles");
        assert_eq!(round_at(&state, t0 + 89).await.due, 0, "{db}");

        assert_eq!(round_at(&state, t0 + 90).await.sent, 1, "{db}");
        let r = row(&pool, &id).await;
        assert_eq!((r.attempts, r.sent_at, r.last_error, r.next_attempt_at), (3, Some(t0 + 90), None, None), "{db}");
        assert_eq!((sink.connections(), sink.messages().len()), (3, 1), "{db}");

        // 451 after the message's data.
        sink.set(Behaviour::DeferData(1));
        let id = enqueue(&pool, "ola@tilbyder.test", "Igjen", "Hei Ola!").await;
        assert_eq!(round_at(&state, t0 + 100).await.retried, 1, "{db}");
        let r = row(&pool, &id).await;
        assert!(r.last_error.as_deref().unwrap().contains("451") && r.next_attempt_at == Some(t0 + 130), "{db}: {r:?}");
        assert_eq!(sink.messages().len(), 1, "{db}: the deferred message was not taken");
        assert_eq!(round_at(&state, t0 + 130).await.sent, 1, "{db}");
        assert_eq!(sink.messages().len(), 2);
    }
}

common::per_backend! {
    /// The real worker retries by itself (1 s base) and the message arrives.
    async fn the_worker_retries_by_itself(db, pool) {
        let sink = SmtpSink::start(Behaviour::BusyGreeting(1)).await;
        let state = state_sending_to(&pool, &sink.url(), |m| m.retry_base = Duration::from_secs(1));
        let id = enqueue(&pool, "kari@tilbyder.test", "Velkommen", "Hei Kari!").await;
        let worker = worker::start(state).unwrap();
        sink.wait_for(1, WAIT).await;
        wait_until_sent(&pool, 1).await;
        worker.abort();
        assert_eq!(sink.connections(), 2, "{db}");
        assert_eq!(row(&pool, &id).await.attempts, 2, "{db}");
    }
}

common::per_backend! {
    /// 550 fails a message at once; a server that hangs up, or none at all, after the last
    /// of its attempts. The reason is kept for the operator.
    async fn permanent_refusals_and_exhausted_attempts_fail(db, pool) {
        let sink = SmtpSink::start(Behaviour::RejectRecipient).await;
        let state = state_sending_to(&pool, &sink.url(), |_| {});
        let id = enqueue(&pool, "finnes.ikke@tilbyder.test", "Velkommen", "Hei!").await;
        let t0 = now();
        let r = round_at(&state, t0).await;
        assert_eq!((r.failed, r.retried), (1, 0), "{db}");
        let r = row(&pool, &id).await;
        assert_eq!((r.attempts, r.failed_at, r.sent_at, r.next_attempt_at), (1, Some(t0), None, None), "{db}");
        assert!(r.last_error.as_deref().unwrap().contains("550"), "{db}: {r:?}");
        assert_eq!(round_at(&state, t0 + 3600).await.due, 0, "{db}: a failed message is not tried again");

        sink.set(Behaviour::HangUp);
        let id = enqueue(&pool, "kari@tilbyder.test", "Nytt passord", "Hei!").await;
        assert_eq!(round_at(&state, t0).await.retried, 1, "{db}");
        assert_eq!(round_at(&state, t0 + 30).await.retried, 1, "{db}");
        assert_eq!(row(&pool, &id).await.next_attempt_at, Some(t0 + 90));
        assert_eq!(round_at(&state, t0 + 90).await.failed, 1, "{db}: the third of three attempts");
        let r = row(&pool, &id).await;
        assert_eq!((r.attempts, r.failed_at), (3, Some(t0 + 90)), "{db}");
        assert!(r.last_error.as_deref().unwrap().contains("ga opp etter 3 forsøk"), "{db}: {r:?}");
        assert_eq!(sink.connections(), 4);
        assert!(sink.messages().is_empty());

        // Nobody listening: connection refused, a temporary failure too.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
        let state = state_sending_to(&pool, &format!("smtp://{closed}"), |m| m.max_attempts = 1);
        let id = enqueue(&pool, "ola@tilbyder.test", "Ingen tjener", "Hei!").await;
        assert_eq!(round_at(&state, t0).await.failed, 1, "{db}");
        let reason = row(&pool, &id).await.last_error.unwrap();
        assert!(reason.contains("Fikk ikke levert") && reason.contains("ga opp etter 1 forsøk"), "{db}: {reason}");
    }
}

common::per_backend! {
    /// "E-post som ikke ble sendt": the operator sees the failed message and its reason,
    /// sends it again, and the worker (woken at once) delivers it. Nobody else may.
    async fn the_operator_sees_failed_mail_and_sends_it_again(db, pool) {
        let sink = SmtpSink::start(Behaviour::RejectRecipient).await;
        // A poll far longer than the test: only the wake-up can deliver in time.
        let state = state_sending_to(&pool, &sink.url(), |m| m.poll_interval = Duration::from_secs(3600));
        let digdir = common::org(&pool, "991825827", "Digdir", "digdir.no").await;
        let (op, _) = common::operator(&pool, &digdir).await;
        let (admin, _) = common::person(&pool, &digdir, "admin@digdir.no", "Anne Admin", &[Right::MainAdmin]).await;
        let id = enqueue(&pool, "kari@tilbyder.test", "Bekreft brukeren din", "Hei Kari!").await;
        let t0 = now();
        assert_eq!(round_at(&state, t0).await.failed, 1, "{db}");

        let view = mail::outgoing(&state, &op).await.unwrap();
        assert_eq!(view.delivery, MailDelivery::Smtp, "{db}");
        assert_eq!(view.failed.len(), 1, "{db}");
        let f = &view.failed[0];
        assert_eq!((f.id.as_str(), f.recipient.as_str(), f.subject.as_str(), f.attempts, f.failed_at), (id.as_str(), "kari@tilbyder.test", "Bekreft brukeren din", 1, t0));
        assert!(f.reason.contains("550"), "{db}: {}", f.reason);

        assert!(matches!(mail::outgoing(&state, &admin).await.unwrap_err(), AppError::Forbidden(_)), "{db}");
        assert!(matches!(mail::resend(&state, &admin, &id).await.unwrap_err(), AppError::Forbidden(_)), "{db}");
        assert!(row(&pool, &id).await.failed_at.is_some(), "{db}: refused, unchanged");

        sink.set(Behaviour::Accept);
        let worker = worker::start(state.clone()).unwrap();
        mail::resend(&state, &op, &id).await.unwrap();
        let got = sink.wait_for(1, WAIT).await;
        wait_until_sent(&pool, 1).await;
        worker.abort();
        assert_eq!(got[0].to, ["kari@tilbyder.test"], "{db}");
        assert!(mail::outgoing(&state, &op).await.unwrap().failed.is_empty(), "{db}");
        assert!(matches!(mail::resend(&state, &op, &id).await.unwrap_err(), AppError::NotFound(_)), "{db}: only a failed message");
        assert!(matches!(mail::resend(&state, &op, "finnes-ikke").await.unwrap_err(), AppError::NotFound(_)), "{db}");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action = 'mail.resent'").await, 1, "{db}");
    }
}

common::per_backend! {
    /// "Send på nytt" starts the count afresh: attempts 0, due now.
    async fn a_resent_message_starts_afresh(db, pool) {
        let sink = SmtpSink::start(Behaviour::HangUp).await;
        let state = state_sending_to(&pool, &sink.url(), |m| m.max_attempts = 1);
        let digdir = common::org(&pool, "991825827", "Digdir", "digdir.no").await;
        let (op, _) = common::operator(&pool, &digdir).await;
        let id = enqueue(&pool, "kari@tilbyder.test", "Velkommen", "Hei!").await;
        assert_eq!(round_at(&state, now()).await.failed, 1, "{db}");
        mail::resend(&state, &op, &id).await.unwrap();
        let r = row(&pool, &id).await;
        assert_eq!((r.attempts, r.failed_at, r.last_error, r.next_attempt_at), (0, None, None, None), "{db}");
        sink.set(Behaviour::Accept);
        assert_eq!(round_at(&state, now()).await.sent, 1, "{db}");
        assert_eq!(row(&pool, &id).await.attempts, 1);
    }
}

common::per_backend! {
    /// The claim of an instance that died mid-send expires, and another sends the message.
    async fn an_expired_claim_is_taken_over(db, pool) {
        let sink = SmtpSink::start(Behaviour::Accept).await;
        let state = state_sending_to(&pool, &sink.url(), |_| {});
        let id = enqueue(&pool, "kari@tilbyder.test", "Velkommen", "Hei!").await;
        let t0 = now();
        assert!(store::outbox::claim(&mut pool.acquire().await.unwrap(), &id, "dead-instance", t0, t0 + mail::LEASE_SECONDS).await.unwrap());
        assert!(!store::outbox::claim(&mut pool.acquire().await.unwrap(), &id, "other", t0, t0 + mail::LEASE_SECONDS).await.unwrap(), "{db}: one claim at a time");
        assert_eq!(round_at(&state, t0 + 1).await.due, 0, "{db}: claimed");
        assert_eq!(round_at(&state, t0 + mail::LEASE_SECONDS + 1).await.sent, 1, "{db}: the claim expired");
        assert_eq!(sink.messages().len(), 1);
    }
}

common::per_backend! {
    multi_thread;
    /// Two instances (two states, two pools) on one database, each with its worker, and 50
    /// messages: every message arrives exactly once.
    async fn two_instances_send_every_message_exactly_once(db, pool) {
        let sink = SmtpSink::start(Behaviour::Accept).await;
        let url = pool.connect_options().database_url.to_string();
        let other_pool = app::server::db::connect(&url).await.unwrap();
        let mut ids = Vec::new();
        {
            let mut tx = pool.begin().await.unwrap();
            for i in 0..50 {
                store::outbox::enqueue(&mut tx, &format!("person{i}@tilbyder.test"), &format!("Melding {i}"), "Hei!").await.unwrap();
            }
            tx.commit().await.unwrap();
            let rows: Vec<(String,)> = sqlx::query_as("SELECT id FROM outbox").fetch_all(&pool).await.unwrap();
            ids.extend(rows.into_iter().map(|(id,)| id));
        }
        let fast = |m: &mut MailConfig| m.poll_interval = Duration::from_millis(20);
        let (a, b) = (state_sending_to(&pool, &sink.url(), fast), state_sending_to(&other_pool, &sink.url(), fast));
        // Both instances race for the same first batch, by hand: each message one of them.
        let t = now();
        let (ra, rb) = tokio::join!(mail::deliver_due(&a, "instance-a", move || t), mail::deliver_due(&b, "instance-b", move || t));
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        println!("{db}: the first batch: {ra:?} and {rb:?}");
        assert_eq!((ra.sent + ra.taken, rb.sent + rb.taken), (ra.due, rb.due), "{db}: {ra:?} {rb:?}");
        let mut first: Vec<String> = sink.messages().iter().map(|m| m.header("Message-ID").unwrap()).collect();
        assert_eq!(first.len(), ra.sent + rb.sent, "{db}");
        first.sort();
        first.dedup();
        assert_eq!(first.len(), ra.sent + rb.sent, "{db}: none sent twice");

        // Then both workers, for the rest.
        let workers = [worker::start(a).unwrap(), worker::start(b).unwrap()];
        sink.wait_for(50, WAIT).await;
        wait_until_sent(&pool, 50).await;
        // A few more polls: nothing may arrive twice, however late.
        tokio::time::sleep(Duration::from_millis(300)).await;
        for w in workers {
            w.abort();
        }
        let got = sink.messages();
        assert_eq!(got.len(), 50, "{db}: {} messages for 50", got.len());
        let mut message_ids: Vec<String> = got.iter().map(|m| m.header("Message-ID").unwrap()).collect();
        message_ids.sort();
        message_ids.dedup();
        let mut expected: Vec<String> = ids.iter().map(|id| format!("<{id}@selvbetjening.test>")).collect();
        expected.sort();
        assert_eq!(message_ids, expected, "{db}: each outbox message once");
        assert_eq!(common::count(&pool, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL AND attempts = 1").await, 50, "{db}");
    }
}
