//! "Ny integrasjon" and "Endre" on an integration.

use crate::domain::client::{krr_scopes, parse_client_description, parse_client_name, parse_redirect_uris};
use crate::domain::commands::ClientSpec;
use crate::domain::{IntegrationType, OrgNumber, ScopeName};
use crate::error::{AppError, FormErrors};
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
    /// "For en kunde": the customer's organisation number, or empty for the organisation's
    /// own integration. Only at creation; ignored by "Endre".
    #[serde(default)]
    pub customer: String,
}

/// More scopes than any integration needs; a longer list is refused before any is parsed.
pub const SCOPES_MAX: usize = 100;

impl ClientInput {
    /// Every rule the form can check by itself. Whether each scope is shared with the
    /// organisation is checked by the server, against the live access lists.
    pub fn parse(&self) -> Result<ClientSpec, AppError> {
        let mut errors = FormErrors::new();
        let integration_type = IntegrationType::from_code(self.integration_type.trim());
        if integration_type.is_none() {
            errors.push("integration_type", "Velg en Difi-tjeneste: Maskinporten, KRR, ID-porten eller API-klient.");
        }
        let name = errors.check("name", parse_client_name(&self.name));
        let description = errors.check("description", parse_client_description(&self.description));
        let mut scopes: Vec<ScopeName> = Vec::new();
        if self.scopes.len() > SCOPES_MAX {
            errors.push("scopes", format!("Velg høyst {SCOPES_MAX} scopes."));
        }
        for raw in self.scopes.iter().take(SCOPES_MAX) {
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
            match krr_scopes(&scopes) {
                Ok(krr) => scopes = krr,
                Err(m) => errors.push("scopes", m),
            }
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
            errors.check(
                "post_logout_redirect_uris",
                parse_redirect_uris(&self.post_logout_redirect_uris).map_err(|m| format!("Post-logout redirect-URI-er: {m}")),
            )
        } else {
            Some(Vec::new())
        };
        let customer = match self.customer.trim() {
            "" => Some(None),
            c => errors.check("customer", OrgNumber::parse(c).map_err(|m| format!("For en kunde: {m}"))).map(Some),
        };
        errors.finish()?;
        Ok(ClientSpec {
            customer: customer.expect("checked"),
            integration_type: integration_type.expect("checked"),
            name: name.expect("checked"),
            description: description.expect("checked"),
            scopes,
            redirect_uris: redirect_uris.expect("checked"),
            post_logout_redirect_uris: post_logout_redirect_uris.expect("checked"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::KRR_SCOPES;
    use proptest::strategy::Strategy;

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

    /// A huge list is refused by its length, before any entry is parsed or compared, and
    /// the answer stays small.
    #[test]
    fn huge_lists_are_refused_up_front_with_a_small_answer() {
        let started = std::time::Instant::now();
        let scopes: Vec<String> = (0..120_000).map(|i| format!("tilbyder:api/data{i}")).collect();
        let err = ClientInput { scopes, ..input(IntegrationType::Maskinporten) }.parse().unwrap_err();
        assert!(err.for_field("scopes").unwrap().contains("høyst 100"));
        let uris = (0..120_000).map(|i| format!("https://app{i}.no/cb")).collect::<Vec<_>>().join("\n");
        let err = ClientInput { redirect_uris: uris, ..input(IntegrationType::IdPorten) }.parse().unwrap_err();
        assert!(err.for_field("redirect_uris").unwrap().contains("høyst 20"));
        let AppError::Validation(list) = ClientInput { scopes: vec!["ugyldig".into(); 50_000], ..input(IntegrationType::Maskinporten) }.parse().unwrap_err()
        else {
            panic!("validation")
        };
        assert!(list.len() <= FormErrors::PER_FIELD, "{} messages", list.len());
        // Quadratic de-duplication of 120,000 entries took tens of seconds.
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
    }

    proptest::proptest! {
        /// The form's whole parse, as the server runs it on what a browser sent.
        #[test]
        fn parse_never_panics(
            kind in proptest::prop_oneof![proptest::sample::select(vec!["maskinporten", "krr", "idporten", "api_klient"]).prop_map(String::from), "\\PC{0,12}"],
            name in "\\PC{0,120}",
            description in "\\PC{0,40}",
            scopes in proptest::collection::vec("[a-z:/.A-Z0-9\\PC]{0,30}", 0..6),
            redirect in "(https?://[a-z0-9.:\\[\\]@%/?#-]{0,30}\n?){0,3}|\\PC{0,60}",
            post_logout in "\\PC{0,60}",
            customer in "[0-9 ]{0,12}|\\PC{0,20}",
        ) {
            let input = ClientInput { integration_type: kind, name, description, scopes, redirect_uris: redirect, post_logout_redirect_uris: post_logout, customer };
            let _ = input.parse();
        }
    }
}
