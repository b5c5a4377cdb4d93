//! The platform operator: organisations, their e-mail domains, main administrators, prefixes.

use super::types::{OrgDetail, OrgListItem, PrefixRequestEntry};
use crate::domain::{Email, EmailDomain, EnvironmentId, OrgNumber, Prefix};
use crate::error::{AppError, FormErrors};
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use serde::{Deserialize, Serialize};

/// "Ny virksomhet".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrgInput {
    pub org_number: String,
    pub name: String,
    /// Optional main unit ("Hovedenhet").
    pub parent_org_number: String,
    /// One or more domains, separated by commas, spaces or new lines.
    pub domains: String,
}

pub struct ParsedNewOrg {
    pub org_number: OrgNumber,
    pub name: String,
    pub parent: Option<OrgNumber>,
    pub domains: Vec<EmailDomain>,
}

impl NewOrgInput {
    pub fn parse(&self) -> Result<ParsedNewOrg, AppError> {
        let mut errors = FormErrors::new();
        let org_number = errors.check("org_number", OrgNumber::parse(&self.org_number));
        let name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            errors.push("name", "Navn må fylles ut.");
        } else if name.chars().count() > 200 {
            errors.push("name", "Navn kan ha høyst 200 tegn.");
        }
        let parent = if self.parent_org_number.trim().is_empty() {
            None
        } else {
            errors.check("parent_org_number", OrgNumber::parse(&self.parent_org_number).map_err(|m| format!("Hovedenhet: {m}")))
        };
        if parent.is_some() && parent == org_number {
            errors.push("parent_org_number", "Hovedenhet kan ikke være virksomheten selv.");
        }
        let mut domains = Vec::new();
        let raw: Vec<&str> = self.domains.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).collect();
        if raw.is_empty() {
            errors.push("domains", "Oppgi minst ett e-postdomene.");
        }
        for d in raw {
            match EmailDomain::parse(d) {
                Ok(d) if !domains.contains(&d) => domains.push(d),
                Ok(_) => {}
                Err(m) => {
                    errors.push("domains", m);
                    break;
                }
            }
        }
        errors.finish()?;
        Ok(ParsedNewOrg { org_number: org_number.expect("checked"), name, parent, domains })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignPrefixInput {
    pub org_number: String,
    pub environment: String,
    pub prefix: String,
}

impl AssignPrefixInput {
    pub fn parse(&self) -> Result<(OrgNumber, EnvironmentId, Prefix), AppError> {
        let mut errors = FormErrors::new();
        let org = errors.check("org_number", OrgNumber::parse(&self.org_number));
        let env = errors.check("environment", EnvironmentId::parse(&self.environment));
        let prefix = errors.check("prefix", Prefix::parse(&self.prefix));
        errors.finish()?;
        Ok((org.expect("checked"), env.expect("checked"), prefix.expect("checked")))
    }
}

pub fn parse_admin_email(email: &str) -> Result<Email, AppError> {
    Email::parse(email).map_err(|m| AppError::field("email", m))
}

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
    crate::server::services::operator::create(&state, &user, &input).await
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
    crate::server::services::operator::assign_prefix(&state, &user, &input).await
}

#[server(endpoint = "prefix_requests", input = GetUrl)]
pub async fn list_prefix_requests() -> Result<Vec<PrefixRequestEntry>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::prefix_requests::list_open(&state, &user).await
}

/// "Godkjenn" (`approve`) or "Avslå" a "Bestill prefiks" request.
#[server(endpoint = "decide_prefix_request", input = Json)]
pub async fn decide_prefix_request(request_id: String, approve: bool) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::prefix_requests::decide(&state, &user, &request_id, approve).await
}
