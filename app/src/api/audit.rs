//! "Endringslogg": the organisation's audit trail, one page at a time (the CSV export is
//! a plain GET route, `server::audit_export`).

use crate::domain::views::AuditLogPage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// One page of the log under the filters (empty strings: all). Who is asking decides
/// whose entries they are; nothing in the arguments does.
#[server(endpoint = "audit_log", input = GetUrl)]
pub async fn audit_log(miljo: String, objekt: String, person: String, fra: String, til: String, side: u32) -> Result<AuditLogPage, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let filter = crate::contract::audit::AuditQuery { miljo, objekt, person, fra, til, side }.parse()?;
    crate::server::services::audit::log(&state, &user, filter).await
}
