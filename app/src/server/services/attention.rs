//! "Krever oppmerksomhet" on the front page: keys and certificates about to expire, access
//! requests waiting for an answer, and for the operator e-mail that could not be sent (or
//! is not sent at all: production without `SMTP_URL`).

use crate::domain::time::format_date;
use crate::domain::views::AttentionItem;
use crate::domain::Action;
use crate::error::AppError;
use crate::server::{session::CurrentUser, store, AppState};

/// How far ahead expiry is flagged: the notices' first threshold.
const AHEAD: i64 = 30 * 86_400;
/// The list stays short; the pages behind it have the rest.
const MAX_ITEMS: usize = 10;

pub async fn items(state: &AppState, user: &CurrentUser) -> Result<Vec<AttentionItem>, AppError> {
    let mut conn = state.pool.acquire().await?;
    let mut items = Vec::new();
    if user.is_operator {
        if super::mail::delivery(state) == crate::domain::views::MailDelivery::NotSent {
            items.push(AttentionItem { text: "E-post sendes ikke: SMTP_URL er ikke satt for serveren.".into(), href: "/operator".into() });
        }
        match store::outbox::failed_count(&mut conn).await? {
            0 => {}
            1 => items.push(AttentionItem { text: "Én e-post kunne ikke sendes.".into(), href: "/operator".into() }),
            n => items.push(AttentionItem { text: format!("{n} e-poster kunne ikke sendes."), href: "/operator".into() }),
        }
    }
    if user.org_id.is_some() {
        let (org, policy) = super::own_org_policy(&mut conn, user).await?;
        super::require(user, &policy, None, Action::View)?;
        let now = crate::server::now();
        for (id, name, env, kind, what, at) in store::clients::expiring_of_org(&mut conn, &org.id, now + AHEAD).await? {
            let thing = if kind == "key" { format!("Nøkkelen {what}") } else { "Virksomhetssertifikatet".to_string() };
            let when = if at <= now { format!("utløp {}", format_date(at)) } else { format!("utløper {}", format_date(at)) };
            items.push(AttentionItem {
                text: format!("{thing} på «{name}» ({}) {when}.", state.config.environment_label(&env)),
                href: format!("/tjenester/integrasjon/{id}"),
            });
        }
        for (id, name, env, n) in store::requests::open_access_requests_for_provider(&mut conn, &org.id).await? {
            let what = if n == 1 { "Én forespørsel".to_string() } else { format!("{n} forespørsler") };
            items.push(AttentionItem {
                text: format!("{what} om tilgang til {name} ({}) venter på svar.", state.config.environment_label(&env)),
                href: format!("/tjenester/scope/{id}"),
            });
        }
    }
    items.truncate(MAX_ITEMS);
    Ok(items)
}
