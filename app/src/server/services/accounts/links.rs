//! Tokens in e-mailed links (`…?token=…`). Only their hashes are stored, but the outbox
//! holds the raw link until it is sent; once a token can no longer be used (used, replaced
//! or expired) it is struck out of those bodies too, so the outbox keeps no live token
//! longer than it must and no dead one at all.

use crate::error::AppError;
use crate::server::{crypto, store};
use sqlx::AnyConnection;

/// What a struck-out token reads as (one word, so the mailbox does not break the line).
pub const REDACTED: &str = "[ugyldig]";

/// What a token reads as in the stored copy of a message that was sent: the recipient has
/// the link, the outbox keeps none.
pub const SENT: &str = "[sendt]";

/// `body` with every token struck out, for the stored copy of a sent message.
pub fn strike_all(body: &str) -> String {
    let mut out = body.to_string();
    for token in tokens_in(body) {
        out = out.replace(&format!("token={token}"), &format!("token={SENT}"));
    }
    out
}

/// The tokens after each `token=` in `body`.
fn tokens_in(body: &str) -> Vec<&str> {
    body.match_indices("token=")
        .map(|(i, m)| {
            let rest = &body[i + m.len()..];
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// `body` with each of the `dead` tokens replaced by [`REDACTED`]; `None` when nothing
/// changed.
fn strike(body: &str, dead: &[&str]) -> Option<String> {
    let mut out = body.to_string();
    for token in dead {
        out = out.replace(&format!("token={token}"), &format!("token={REDACTED}"));
    }
    (out != body).then_some(out)
}

/// Strikes every token that no longer works out of the messages to `recipient`, in the
/// caller's transaction (so it sees the change that killed the token).
pub async fn strike_dead(conn: &mut AnyConnection, recipient: &str) -> Result<(), AppError> {
    for (id, body) in store::outbox::with_links_to(conn, recipient).await? {
        let mut dead = Vec::new();
        for token in tokens_in(&body) {
            let hash = crypto::token_hash(token);
            if !store::users::confirmation_is_live(conn, &hash).await? && !store::password_resets::is_live(conn, &hash).await? {
                dead.push(token);
            }
        }
        if let Some(new_body) = strike(&body, &dead) {
            store::outbox::set_body(conn, &id, &new_body).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_strikes_tokens() {
        let body = "Åpne\n\nhttp://x.no/bekreft?token=abc-DEF_123\n\nog http://x.no/nytt-passord?token=zz9 her.";
        assert_eq!(tokens_in(body), ["abc-DEF_123", "zz9"]);
        let out = strike(body, &["abc-DEF_123"]).unwrap();
        assert!(out.contains("bekreft?token=[ugyldig]\n") && out.contains("token=zz9 her"));
        assert_eq!(strike(body, &[]), None);
        assert!(tokens_in("token=").is_empty());
        assert_eq!(strike_all(body), "Åpne\n\nhttp://x.no/bekreft?token=[sendt]\n\nog http://x.no/nytt-passord?token=[sendt] her.");
        assert_eq!(strike_all("Ingen lenke."), "Ingen lenke.");
        assert_eq!(strike_all("token=[ugyldig]"), "token=[ugyldig]", "a struck token stays struck");
    }
}
