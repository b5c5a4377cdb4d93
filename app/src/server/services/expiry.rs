//! Expiry notices: a key that expires within 30 days, and again within 7 days, and a
//! certificate that expires within 30 days, are told to the integration's Varslingspunkter
//! once each (`store::notices`), however often the check runs and on however many
//! instances. The server runs the check at start and then on a schedule (`schedule`).

use crate::domain::time::format_date;
use crate::error::AppError;
use crate::server::{store, AppState};

const DAY: i64 = 86_400;
/// Days before expiry at which a key's owner is told, furthest first.
pub const KEY_THRESHOLDS: [i64; 2] = [30, 7];
/// Days before expiry at which a certificate's owner is told.
pub const CERTIFICATE_THRESHOLDS: [i64; 1] = [30];

/// The nearest threshold `expires_at` is within at `now` (7 before 30), if any.
fn threshold(thresholds: &[i64], now: i64, expires_at: i64) -> Option<i64> {
    thresholds.iter().copied().filter(|days| expires_at > now && expires_at <= now + days * DAY).min()
}

/// Sends what is due at `now` (a parameter, so tests can move the clock); returns how many
/// notices were sent (each to all of the integration's contacts).
pub async fn check(state: &AppState, now: i64) -> Result<usize, AppError> {
    let mut conn = state.pool.acquire().await?;
    let keys = store::clients::expiring_keys(&mut conn, now, now + KEY_THRESHOLDS[0] * DAY).await?;
    let certificates = store::clients::expiring_certificates(&mut conn, now, now + CERTIFICATE_THRESHOLDS[0] * DAY).await?;
    drop(conn);
    let mut sent = 0;
    for k in keys {
        let Some(days) = threshold(&KEY_THRESHOLDS, now, k.expires_at) else { continue };
        sent += notify(state, now, "key", &k, days).await? as usize;
    }
    for c in certificates {
        let Some(days) = threshold(&CERTIFICATE_THRESHOLDS, now, c.expires_at) else { continue };
        sent += notify(state, now, "certificate", &c, days).await? as usize;
    }
    Ok(sent)
}

/// Claims one notice and queues its e-mails, in one transaction: either both happen or
/// neither, so a crash between them cannot lose or double the notice.
async fn notify(state: &AppState, now: i64, kind: &str, item: &store::clients::Expiring, days: i64) -> Result<bool, AppError> {
    let mut tx = super::begin_write(&state.pool).await?;
    let object_id = format!("{}/{}", item.client_id, item.item);
    if !store::notices::claim(&mut tx, kind, &object_id, days, now).await? {
        return Ok(false);
    }
    let Some(client) = store::clients::by_id(&mut tx, &item.client_id).await? else { return Ok(false) };
    let env = state.config.environment_label(&client.environment);
    let link = format!("{}/tjenester/integrasjon/{}", state.config.public_url, client.id);
    let left = (item.expires_at - now + DAY - 1) / DAY;
    let when = format!("{} (om {left} {})", format_date(item.expires_at), if left == 1 { "dag" } else { "dager" });
    let (subject, body) = if kind == "key" {
        (
            format!("Nøkkel på «{}» utløper {}", client.name, format_date(item.expires_at)),
            format!(
                "Nøkkelen {kid} på integrasjonen «{name}» (integrasjonens identifikator {id}) i {env} utløper {when}.\n\n\
                 Etter det får integrasjonen ikke tokens med denne nøkkelen.\n\n\
                 Slik fornyer du: lag et nytt nøkkelpar, åpne integrasjonen i Selvbetjening og legg til den nye offentlige nøkkelen \
                 under «Nøkler». Ta den i bruk i systemet deres, og fjern så den gamle nøkkelen.\n\n\
                 Integrasjonen: {link}",
                kid = item.item,
                name = client.name,
                id = client.id,
            ),
        )
    } else {
        (
            format!("Virksomhetssertifikatet på «{}» utløper {}", client.name, format_date(item.expires_at)),
            format!(
                "Virksomhetssertifikatet (serienummer {serial}) på integrasjonen «{name}» (integrasjonens identifikator {id}) i {env} \
                 utløper {when}.\n\n\
                 Etter det får integrasjonen ikke tokens med dette sertifikatet.\n\n\
                 Slik fornyer du: bestill et nytt virksomhetssertifikat, åpne integrasjonen i Selvbetjening og last opp det nye \
                 sertifikatet under «Virksomhetssertifikat».\n\n\
                 Integrasjonen: {link}",
                serial = item.item,
                name = client.name,
                id = client.id,
            ),
        )
    };
    let recipients = super::notify::client_contacts(&mut tx, &client).await?;
    super::notify::send(&mut tx, recipients, &subject, &body).await?;
    tx.commit().await?;
    Ok(true)
}

/// How often the server looks for keys and certificates about to expire.
pub const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Runs `check` now and then every `CHECK_EVERY`, for as long as the server runs.
pub fn schedule(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(CHECK_EVERY);
        loop {
            every.tick().await;
            match check(&state, crate::server::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "expiry notices sent"),
                Err(e) => tracing::warn!(error = %e, "expiry check failed"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_threshold_applies() {
        let now = 1_000_000;
        assert_eq!(threshold(&KEY_THRESHOLDS, now, now + 31 * DAY), None);
        assert_eq!(threshold(&KEY_THRESHOLDS, now, now + 30 * DAY), Some(30));
        assert_eq!(threshold(&KEY_THRESHOLDS, now, now + 8 * DAY), Some(30));
        assert_eq!(threshold(&KEY_THRESHOLDS, now, now + 7 * DAY), Some(7));
        assert_eq!(threshold(&KEY_THRESHOLDS, now, now + 1), Some(7));
        assert_eq!(threshold(&KEY_THRESHOLDS, now, now), None, "expired: nothing to renew in time");
        assert_eq!(threshold(&CERTIFICATE_THRESHOLDS, now, now + 6 * DAY), Some(30));
    }
}
