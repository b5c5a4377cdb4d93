//! Who is told when something happens, and how: e-mail to the Varslingspunkter. Messages
//! are queued in the outbox in the caller's transaction, so they go out exactly when the
//! change commits (see `store::outbox`).

use crate::domain::Right;
use crate::error::AppError;
use crate::server::store::{self, clients::ClientRow, orgs::OrgRow};
use sqlx::AnyConnection;
use std::collections::{BTreeSet, HashSet};

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// Where an organisation is told: the Varslingspunkter of its "API-tilbyder" entry, or
/// else its main administrators (someone must hear of it).
pub async fn org_contacts(conn: &mut AnyConnection, org: &OrgRow) -> Result<Vec<String>, AppError> {
    if let Some(c) = store::commercial::get(conn, store::commercial::PROVIDER, &org.id).await? {
        let list = lines(&c.contacts);
        if !list.is_empty() {
            return Ok(list);
        }
    }
    let admins: HashSet<String> =
        store::rights::active_in_org(conn, &org.id).await?.into_iter().filter(|(_, r)| *r == Right::MainAdmin).map(|(id, _)| id).collect();
    Ok(store::users::in_org(conn, &org.id).await?.into_iter().filter(|u| admins.contains(&u.id)).map(|u| u.email).collect())
}

/// Where an integration's owner is told about it: the integration's own Varslingspunkter,
/// or else the organisation's.
pub async fn client_contacts(conn: &mut AnyConnection, client: &ClientRow) -> Result<Vec<String>, AppError> {
    if let Some(c) = store::commercial::get(conn, store::commercial::CLIENT, &client.id).await? {
        let list = lines(&c.contacts);
        if !list.is_empty() {
            return Ok(list);
        }
    }
    let owner = store::orgs::by_id(conn, &client.org_id).await?.ok_or(AppError::Internal)?;
    org_contacts(conn, &owner).await
}

/// Queues one e-mail to each address (each once, whatever the list repeats).
pub async fn send(conn: &mut AnyConnection, recipients: impl IntoIterator<Item = String>, subject: &str, body: &str) -> Result<(), AppError> {
    let unique: BTreeSet<String> = recipients.into_iter().collect();
    for to in unique {
        store::outbox::enqueue(conn, &to, subject, body).await?;
    }
    Ok(())
}
