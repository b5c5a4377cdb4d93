//! The provider's own entry on "Virksomhetens tjenester" ("API-tilbyder") and its
//! "Merkantile data".

use super::types::ProviderEntry;
use crate::domain::Email;
use crate::error::{AppError, FormErrors};
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use serde::{Deserialize, Serialize};

/// "Rediger integrasjon": Fakturainformasjon and Varslingspunkter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommercialInput {
    pub invoice_email: String,
    pub invoice_reference: String,
    /// One or more e-mail addresses, separated by commas, spaces or new lines.
    pub contacts: String,
}

/// Parsed: every address valid, duplicates dropped.
#[derive(Debug)]
pub struct ParsedCommercial {
    pub invoice_email: Option<Email>,
    pub invoice_reference: String,
    pub contacts: Vec<Email>,
}

pub const REFERENCE_MAX: usize = 100;
pub const CONTACTS_MAX: usize = 20;

impl CommercialInput {
    pub fn parse(&self) -> Result<ParsedCommercial, AppError> {
        let mut errors = FormErrors::new();
        let invoice_email = if self.invoice_email.trim().is_empty() {
            None
        } else {
            errors.check("invoice_email", Email::parse(&self.invoice_email).map_err(|m| format!("Faktura-e-post: {m}")))
        };
        let invoice_reference = self.invoice_reference.trim().to_string();
        if invoice_reference.chars().count() > REFERENCE_MAX {
            errors.push("invoice_reference", format!("Fakturareferanse kan ha høyst {REFERENCE_MAX} tegn."));
        }
        let mut contacts: Vec<Email> = Vec::new();
        for raw in self.contacts.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).filter(|s| !s.is_empty()) {
            match Email::parse(raw) {
                Ok(e) if !contacts.contains(&e) => contacts.push(e),
                Ok(_) => {}
                Err(m) => {
                    errors.push("contacts", format!("Varslingspunkter: «{raw}»: {m}"));
                    break;
                }
            }
        }
        if contacts.len() > CONTACTS_MAX {
            errors.push("contacts", format!("Oppgi høyst {CONTACTS_MAX} varslingspunkter."));
        }
        errors.finish()?;
        Ok(ParsedCommercial { invoice_email, invoice_reference, contacts })
    }
}

#[server(endpoint = "provider_entry", input = GetUrl)]
pub async fn get_provider_entry() -> Result<ProviderEntry, AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::commercial::provider_entry(&state, &user).await
}

#[server(endpoint = "save_provider_commercial", input = Json)]
pub async fn save_provider_commercial(input: CommercialInput) -> Result<(), AppError> {
    let state = super::ctx::state()?;
    let user = super::ctx::require_user(&state).await?;
    crate::server::services::commercial::save_provider(&state, &user, &input).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_and_invoice_rules() {
        let ok = CommercialInput { invoice_email: "faktura@tilbyder.test".into(), invoice_reference: "R-1".into(), contacts: "a@x.no, b@x.no\na@x.no".into() }
            .parse()
            .unwrap();
        assert_eq!(ok.contacts.len(), 2);
        let err = CommercialInput { invoice_email: "ikke-epost".into(), invoice_reference: "x".repeat(101), contacts: "a@x.no nei".into() }.parse().unwrap_err();
        for f in ["invoice_email", "invoice_reference", "contacts"] {
            assert!(err.for_field(f).is_some(), "{f}");
        }
    }
}
