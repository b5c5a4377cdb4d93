//! "Mine API": a provider's scopes, their access lists and requests; and, for consumers,
//! the scopes available to them and the catalogue of public scopes.

use super::types::{AvailableScope, CatalogueEntry, ScopeDetail, ScopeSummary};
use crate::domain::{AtMaxAge, EnvironmentId, IntegrationType, OrgNumber, Prefix, ScopeName, Subscope, Visibility};
use crate::error::{AppError, FormErrors};
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use serde::{Deserialize, Serialize};

pub const DESCRIPTION_MAX: usize = 1000;
pub const LONG_DESCRIPTION_MAX: usize = 20_000;

/// "Nytt scope", and under "Endre" the same fields but prefix and subscope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeInput {
    pub prefix: String,
    pub subscope: String,
    pub description: String,
    /// Markdown.
    pub long_description: String,
    pub visibility: String,
    pub accessible_for_all: bool,
    pub integration_types: Vec<String>,
    /// Seconds, as typed; empty means the default.
    pub at_max_age: String,
    pub delegable: bool,
}

impl Default for ScopeInput {
    fn default() -> Self {
        Self {
            prefix: String::new(),
            subscope: String::new(),
            description: String::new(),
            long_description: String::new(),
            visibility: Visibility::Private.code().into(),
            accessible_for_all: false,
            integration_types: vec![IntegrationType::Maskinporten.code().into()],
            at_max_age: AtMaxAge::DEFAULT.to_string(),
            delegable: false,
        }
    }
}

/// The changeable part of a scope, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeFields {
    pub description: String,
    pub long_description: String,
    pub visibility: Visibility,
    pub accessible_for_all: bool,
    pub integration_types: Vec<IntegrationType>,
    pub at_max_age: AtMaxAge,
    pub delegable: bool,
}

impl ScopeInput {
    /// Everything, for "Opprett".
    pub fn parse(&self) -> Result<(ScopeName, ScopeFields), AppError> {
        let mut errors = FormErrors::new();
        let prefix = if self.prefix.trim().is_empty() {
            errors.push("prefix", "Velg et prefiks. Har virksomheten ingen, bestill et med «Bestill prefiks».");
            None
        } else {
            errors.check("prefix", Prefix::parse(&self.prefix))
        };
        let subscope = errors.check("subscope", Subscope::parse(&self.subscope));
        let fields = self.fields_into(&mut errors);
        errors.finish()?;
        Ok((ScopeName { prefix: prefix.expect("checked"), subscope: subscope.expect("checked") }, fields.expect("checked")))
    }

    /// All but prefix and subscope, for "Endre".
    pub fn parse_fields(&self) -> Result<ScopeFields, AppError> {
        let mut errors = FormErrors::new();
        let fields = self.fields_into(&mut errors);
        errors.finish()?;
        Ok(fields.expect("checked"))
    }

    fn fields_into(&self, errors: &mut FormErrors) -> Option<ScopeFields> {
        let description = self.description.trim().to_string();
        if description.is_empty() {
            errors.push("description", "Beskrivelse må fylles ut.");
        } else if description.chars().count() > DESCRIPTION_MAX {
            errors.push("description", format!("Beskrivelse kan ha høyst {DESCRIPTION_MAX} tegn."));
        }
        let long_description = self.long_description.trim().to_string();
        if long_description.chars().count() > LONG_DESCRIPTION_MAX {
            errors.push("long_description", format!("Dokumentasjonen kan ha høyst {LONG_DESCRIPTION_MAX} tegn."));
        }
        let visibility = errors.check("visibility", Visibility::parse(&self.visibility));
        let mut types = Vec::new();
        for code in &self.integration_types {
            match IntegrationType::from_code(code) {
                Some(t) if !types.contains(&t) => types.push(t),
                Some(_) => {}
                None => errors.push("integration_types", format!("Ukjent integrasjonstype «{code}».")),
            }
        }
        types.sort();
        if self.integration_types.is_empty() {
            errors.push("integration_types", "Velg minst én integrasjonstype som kan bruke scopet.");
        }
        let at_max_age = errors.check("at_max_age", AtMaxAge::parse(&self.at_max_age));
        Some(ScopeFields {
            description,
            long_description,
            visibility: visibility?,
            accessible_for_all: self.accessible_for_all,
            integration_types: types,
            at_max_age: at_max_age?,
            delegable: self.delegable,
        })
    }
}

/// "Legg til tilgang": the organisation number, checked (mod-11) before sending.
pub fn parse_consumer(org_number: &str) -> Result<OrgNumber, AppError> {
    OrgNumber::parse(org_number).map_err(|m| AppError::field("org_number", m))
}

/// "Bestill prefiks".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixRequestInput {
    pub environment: String,
    pub prefix: String,
    pub reason: String,
}

impl PrefixRequestInput {
    pub fn parse(&self) -> Result<(EnvironmentId, Prefix, String), AppError> {
        let mut errors = FormErrors::new();
        let env = errors.check("environment", EnvironmentId::parse(&self.environment));
        let prefix = errors.check("prefix", Prefix::parse(&self.prefix));
        let reason = self.reason.trim().to_string();
        if reason.is_empty() {
            errors.push("reason", "Begrunnelse må fylles ut: fortell kort hva prefikset skal brukes til.");
        } else if reason.chars().count() > DESCRIPTION_MAX {
            errors.push("reason", format!("Begrunnelse kan ha høyst {DESCRIPTION_MAX} tegn."));
        }
        errors.finish()?;
        Ok((env.expect("checked"), prefix.expect("checked"), reason))
    }
}

#[server(endpoint = "my_scopes", input = GetUrl)]
pub async fn my_scopes(environment: String) -> Result<Vec<ScopeSummary>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::list_own(&state, &user, &environment).await
}

#[server(endpoint = "create_scope", input = Json)]
pub async fn create_scope(environment: String, input: ScopeInput) -> Result<String, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::create(&state, &user, &environment, &input).await
}

#[server(endpoint = "scope_detail", input = GetUrl)]
pub async fn get_scope_detail(id: String) -> Result<ScopeDetail, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::detail(&state, &user, &id).await
}

#[server(endpoint = "update_scope", input = Json)]
pub async fn update_scope(id: String, input: ScopeInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::update(&state, &user, &id, &input).await
}

#[server(endpoint = "set_scope_active", input = Json)]
pub async fn set_scope_active(id: String, active: bool) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::set_active(&state, &user, &id, active).await
}

#[server(endpoint = "add_scope_access", input = Json)]
pub async fn add_scope_access(id: String, org_number: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::add_access(&state, &user, &id, &org_number).await
}

#[server(endpoint = "remove_scope_access", input = Json)]
pub async fn remove_scope_access(id: String, org_number: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::remove_access(&state, &user, &id, &org_number).await
}

#[server(endpoint = "available_scopes", input = GetUrl)]
pub async fn available_scopes(environment: String) -> Result<Vec<AvailableScope>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::available(&state, &user, &environment).await
}

#[server(endpoint = "scope_catalogue", input = GetUrl)]
pub async fn scope_catalogue(environment: String) -> Result<Vec<CatalogueEntry>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::catalogue(&state, &user, &environment).await
}

#[server(endpoint = "request_scope_access", input = Json)]
pub async fn request_scope_access(id: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::request_access(&state, &user, &id).await
}

#[server(endpoint = "decide_access_request", input = Json)]
pub async fn decide_access_request(request_id: String, approve: bool) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::scopes::decide_access_request(&state, &user, &request_id, approve).await
}

#[server(endpoint = "request_prefix", input = Json)]
pub async fn request_prefix(input: PrefixRequestInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::prefix_requests::request(&state, &user, &input).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_broken_rule_names_its_field() {
        let input = ScopeInput {
            prefix: String::new(),
            subscope: "A//b".into(),
            description: " ".into(),
            visibility: "SECRET".into(),
            integration_types: vec![],
            at_max_age: "0".into(),
            ..ScopeInput::default()
        };
        let err = input.parse().unwrap_err();
        for f in ["prefix", "subscope", "description", "visibility", "integration_types", "at_max_age"] {
            assert!(err.for_field(f).is_some(), "{f}: {err:?}");
        }
    }

    #[test]
    fn a_good_scope_parses() {
        let input = ScopeInput {
            prefix: "tilbyder".into(),
            subscope: "api/data.read".into(),
            description: "Lese data".into(),
            integration_types: vec!["krr".into(), "maskinporten".into(), "krr".into()],
            at_max_age: "".into(),
            ..ScopeInput::default()
        };
        let (name, f) = input.parse().unwrap();
        assert_eq!(name.to_string(), "tilbyder:api/data.read");
        assert_eq!(f.integration_types, vec![IntegrationType::Maskinporten, IntegrationType::Krr]);
        assert_eq!(f.at_max_age.seconds(), 120);
        assert_eq!(f.visibility, Visibility::Private);
    }

    #[test]
    fn prefix_request_rules() {
        let err = PrefixRequestInput { environment: "ver1".into(), prefix: "X".into(), reason: "".into() }.parse().unwrap_err();
        assert!(err.for_field("prefix").is_some() && err.for_field("reason").is_some());
        assert!(PrefixRequestInput { environment: "ver1".into(), prefix: "nytt".into(), reason: "API for data".into() }.parse().is_ok());
    }
}
