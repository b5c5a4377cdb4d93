//! `/dev/mailbox` (development mode only): the outbox as a page, newest first, each e-mail
//! with its recipient, subject and clickable links.

use super::mail::html::{escape, linkify};
use super::{store, AppState};
use axum::{extract::State, response::Html};

pub async fn page(State(state): State<AppState>) -> Html<String> {
    let messages = match state.pool.acquire().await {
        Ok(mut conn) => store::outbox::list(&mut conn, 200).await.unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"nb\"><head><meta charset=\"utf-8\"><title>Utviklerpostkasse – Selvbetjening</title>\
         <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap;font-family:inherit}</style>\
         </head><body><h1>Utviklerpostkasse</h1><p>E-post som Selvbetjening har sendt (bare i utviklingsmodus).</p>",
    );
    if messages.is_empty() {
        html.push_str("<p>Ingen e-post ennå.</p>");
    }
    for m in messages {
        html.push_str(&format!(
            "<article aria-label=\"E-post til {to}\"><h2>{subject}</h2><p>Til: <span class=\"recipient\">{to}</span> · {at} UTC</p><pre>{body}</pre></article>",
            to = escape(&m.recipient),
            subject = escape(&m.subject),
            at = crate::domain::time::format_utc(m.created_at),
            body = linkify(&m.body),
        ));
    }
    html.push_str("</body></html>");
    Html(html)
}
