//! The platform operator: organisations, their e-mail domains, main administrators, prefixes,
//! and e-mail that could not be sent.

use crate::contract::operator::{AssignPrefixInput, NewOrgInput};
use crate::domain::views::{OrgDetail, OrgListItem, OutgoingMail};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};

#[server(endpoint = "list_organizations", input = GetUrl)]
pub async fn list_organizations() -> Result<Vec<OrgListItem>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::operator::list(&state, &user).await
}

#[server(endpoint = "create_organization", input = Json)]
pub async fn create_organization(input: NewOrgInput) -> Result<String, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let org = input.parse()?;
    crate::server::services::operator::create(&state, &user, org).await
}

#[server(endpoint = "organization_detail", input = GetUrl)]
pub async fn organization_detail(org_number: String) -> Result<OrgDetail, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::operator::detail(&state, &user, &org_number).await
}

#[server(endpoint = "appoint_main_admin", input = Json)]
pub async fn appoint_main_admin(org_number: String, email: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::operator::appoint_main_admin(&state, &user, &org_number, &email).await
}

#[server(endpoint = "assign_prefix", input = Json)]
pub async fn assign_prefix(input: AssignPrefixInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    let assignment = input.parse()?;
    crate::server::services::operator::assign_prefix(&state, &user, assignment).await
}

/// "E-post som ikke ble sendt", and whether e-mail is sent at all.
#[server(endpoint = "failed_mail", input = GetUrl)]
pub async fn failed_mail() -> Result<OutgoingMail, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::mail::outgoing(&state, &user).await
}

/// "Send på nytt" for one failed e-mail.
#[server(endpoint = "resend_mail", input = Json)]
pub async fn resend_mail(id: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::mail::resend(&state, &user, &id).await
}
