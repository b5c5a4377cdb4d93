//! "Merkantile data" ("Rediger integrasjon"): Fakturainformasjon and Varslingspunkter, for
//! the provider's entry and for an integration alike.

use crate::domain::commands::CommercialUpdate;
use crate::domain::commercial::{parse_contacts, parse_invoice_email, parse_invoice_reference};
use crate::error::{AppError, FormErrors};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommercialInput {
    pub invoice_email: String,
    pub invoice_reference: String,
    /// One or more e-mail addresses, separated by commas, spaces or new lines.
    pub contacts: String,
}

impl CommercialInput {
    pub fn parse(&self) -> Result<CommercialUpdate, AppError> {
        let mut errors = FormErrors::new();
        let invoice_email = errors.check("invoice_email", parse_invoice_email(&self.invoice_email));
        let invoice_reference = errors.check("invoice_reference", parse_invoice_reference(&self.invoice_reference));
        let contacts = errors.check("contacts", parse_contacts(&self.contacts));
        errors.finish()?;
        Ok(CommercialUpdate {
            invoice_email: invoice_email.expect("checked"),
            invoice_reference: invoice_reference.expect("checked"),
            contacts: contacts.expect("checked"),
        })
    }
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
        let err =
            CommercialInput { invoice_email: "ikke-epost".into(), invoice_reference: "x".repeat(101), contacts: "a@x.no nei".into() }.parse().unwrap_err();
        for f in ["invoice_email", "invoice_reference", "contacts"] {
            assert!(err.for_field(f).is_some(), "{f}");
        }
        let many = (0..21).map(|i| format!("p{i}@x.no")).collect::<Vec<_>>().join(" ");
        let err = CommercialInput { contacts: many, ..CommercialInput::default() }.parse().unwrap_err();
        assert!(err.for_field("contacts").unwrap().contains("høyst 20"));
    }
}
