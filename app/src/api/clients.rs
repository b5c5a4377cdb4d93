//! "Integrasjoner": a consumer's integrations (OAuth2 clients), the scopes on them, their
//! public keys ("Egne public nøkler"), enterprise certificate ("Virksomhetssertifikat")
//! and "Merkantile data".

use super::provider::CommercialInput;
use super::types::{AvailableScope, ClientDetail, ClientSummary};
use crate::domain::client::{parse_client_description, parse_client_name, parse_redirect_uris};
use crate::domain::{IntegrationType, RedirectUri, ScopeName, KRR_SCOPES};
use crate::error::{AppError, FormErrors};
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use serde::{Deserialize, Serialize};

/// "Ny integrasjon", and under "Endre" the same fields but the type (which never changes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientInput {
    /// "Difi-tjeneste": an `IntegrationType` code.
    pub integration_type: String,
    pub name: String,
    pub description: String,
    /// Full scope names (`prefix:subscope`).
    pub scopes: Vec<String>,
    /// ID-porten only: one URI per line.
    pub redirect_uris: String,
    pub post_logout_redirect_uris: String,
}

/// The form's fields, for placing messages.
pub const CLIENT_FIELDS: &[&str] = &["integration_type", "name", "description", "scopes", "redirect_uris", "post_logout_redirect_uris"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedClient {
    pub integration_type: IntegrationType,
    pub name: String,
    pub description: String,
    /// For KRR always exactly `KRR_SCOPES`.
    pub scopes: Vec<ScopeName>,
    pub redirect_uris: Vec<RedirectUri>,
    pub post_logout_redirect_uris: Vec<RedirectUri>,
}

impl ClientInput {
    /// Every rule the form can check by itself. Whether each scope is shared with the
    /// organisation is checked by the server, against the live access lists.
    pub fn parse(&self) -> Result<ParsedClient, AppError> {
        let mut errors = FormErrors::new();
        let integration_type = IntegrationType::from_code(self.integration_type.trim());
        if integration_type.is_none() {
            errors.push("integration_type", "Velg en Difi-tjeneste: Maskinporten, KRR, ID-porten eller API-klient.");
        }
        let name = errors.check("name", parse_client_name(&self.name));
        let description = errors.check("description", parse_client_description(&self.description));
        let mut scopes: Vec<ScopeName> = Vec::new();
        for raw in &self.scopes {
            match ScopeName::parse(raw) {
                Ok(s) if !scopes.contains(&s) => scopes.push(s),
                Ok(_) => {}
                Err(m) => {
                    errors.push("scopes", format!("Scopes: «{raw}»: {m}"));
                    break;
                }
            }
        }
        if integration_type == Some(IntegrationType::Krr) {
            if let Some(other) = scopes.iter().find(|s| !KRR_SCOPES.contains(&s.to_string().as_str())) {
                errors.push("scopes", format!("KRR-integrasjoner får {} og {}, og kan ikke ha andre scopes (ikke «{other}»).", KRR_SCOPES[0], KRR_SCOPES[1]));
            }
            scopes = KRR_SCOPES.iter().filter_map(|s| ScopeName::parse(s).ok()).collect();
        }
        let id_porten = integration_type == Some(IntegrationType::IdPorten);
        let redirect_uris = if id_porten {
            match parse_redirect_uris(&self.redirect_uris) {
                Ok(list) if list.is_empty() => {
                    errors.push("redirect_uris", "Redirect-URI-er: oppgi minst én, f.eks. https://app.example.no/callback.");
                    None
                }
                Ok(list) => Some(list),
                Err(m) => {
                    errors.push("redirect_uris", format!("Redirect-URI-er: {m}"));
                    None
                }
            }
        } else {
            Some(Vec::new())
        };
        let post_logout_redirect_uris = if id_porten {
            errors.check("post_logout_redirect_uris", parse_redirect_uris(&self.post_logout_redirect_uris).map_err(|m| format!("Post-logout redirect-URI-er: {m}")))
        } else {
            Some(Vec::new())
        };
        errors.finish()?;
        Ok(ParsedClient {
            integration_type: integration_type.expect("checked"),
            name: name.expect("checked"),
            description: description.expect("checked"),
            scopes,
            redirect_uris: redirect_uris.expect("checked"),
            post_logout_redirect_uris: post_logout_redirect_uris.expect("checked"),
        })
    }
}

#[server(endpoint = "my_clients", input = GetUrl)]
pub async fn my_clients(environment: String) -> Result<Vec<ClientSummary>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::list(&state, &user, Some(&environment)).await
}

/// Every integration of the organisation, in all environments ("Virksomhetens tjenester").
#[server(endpoint = "my_services", input = GetUrl)]
pub async fn my_services() -> Result<Vec<ClientSummary>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::list(&state, &user, None).await
}

/// What "Legg til scopes" offers for an integration of `integration_type` here.
#[server(endpoint = "client_scope_options", input = GetUrl)]
pub async fn client_scope_options(environment: String, integration_type: String) -> Result<Vec<AvailableScope>, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::scope_options(&state, &user, &environment, &integration_type).await
}

#[server(endpoint = "create_client", input = Json)]
pub async fn create_client(environment: String, input: ClientInput) -> Result<String, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::create(&state, &user, &environment, &input).await
}

#[server(endpoint = "client_detail", input = GetUrl)]
pub async fn get_client_detail(id: String) -> Result<ClientDetail, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::detail(&state, &user, &id).await
}

#[server(endpoint = "update_client", input = Json)]
pub async fn update_client(id: String, input: ClientInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::update(&state, &user, &id, &input).await
}

#[server(endpoint = "set_client_active", input = Json)]
pub async fn set_client_active(id: String, active: bool) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::set_active(&state, &user, &id, active).await
}

/// `keys`: the JWKs as JSON (an object, an array or a JWKS). A PEM is converted in the
/// browser first, but the server parses whatever it gets with the same rules.
#[server(endpoint = "add_client_keys", input = Json)]
pub async fn add_client_keys(id: String, keys: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::client_keys::add(&state, &user, &id, &keys).await
}

#[server(endpoint = "remove_client_key", input = Json)]
pub async fn remove_client_key(id: String, kid: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::client_keys::remove(&state, &user, &id, &kid).await
}

#[server(endpoint = "set_client_certificate", input = Json)]
pub async fn set_client_certificate(id: String, pem: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::client_keys::set_certificate(&state, &user, &id, &pem).await
}

#[server(endpoint = "remove_client_certificate", input = Json)]
pub async fn remove_client_certificate(id: String) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::client_keys::remove_certificate(&state, &user, &id).await
}

#[server(endpoint = "save_client_commercial", input = Json)]
pub async fn save_client_commercial(id: String, input: CommercialInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::clients::save_commercial(&state, &user, &id, &input).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: IntegrationType) -> ClientInput {
        ClientInput { integration_type: kind.code().into(), name: "Klient".into(), description: "Henter data".into(), ..ClientInput::default() }
    }

    #[test]
    fn krr_gets_its_two_scopes_and_no_others() {
        let p = input(IntegrationType::Krr).parse().unwrap();
        assert_eq!(p.scopes.iter().map(|s| s.to_string()).collect::<Vec<_>>(), KRR_SCOPES);
        let mut other = input(IntegrationType::Krr);
        other.scopes = vec!["tilbyder:eksempel/data.read".into()];
        assert!(other.parse().unwrap_err().for_field("scopes").unwrap().contains("kan ikke ha andre"));
    }

    #[test]
    fn id_porten_needs_redirect_uris() {
        let err = input(IntegrationType::IdPorten).parse().unwrap_err();
        assert!(err.for_field("redirect_uris").is_some());
        let mut ok = input(IntegrationType::IdPorten);
        ok.redirect_uris = "https://app.no/cb".into();
        ok.post_logout_redirect_uris = "http://localhost:3000/ut".into();
        assert_eq!(ok.parse().unwrap().redirect_uris.len(), 1);
        ok.post_logout_redirect_uris = "http://app.no/ut".into();
        assert!(ok.parse().unwrap_err().for_field("post_logout_redirect_uris").is_some());
        // Other types ignore redirect URIs altogether.
        let mut mp = input(IntegrationType::Maskinporten);
        mp.redirect_uris = "ikke en uri".into();
        assert!(mp.parse().unwrap().redirect_uris.is_empty());
    }

    #[test]
    fn every_field_named() {
        let err = ClientInput { integration_type: "x".into(), scopes: vec!["ugyldig".into()], ..ClientInput::default() }.parse().unwrap_err();
        for f in ["integration_type", "name", "description", "scopes"] {
            assert!(err.for_field(f).is_some(), "{f}");
        }
    }
}
