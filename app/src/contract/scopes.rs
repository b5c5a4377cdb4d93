//! "Nytt scope", "Endre" on a scope, and "Legg til tilgang".

use crate::domain::commands::{NewScope, ScopeSettings};
use crate::domain::{parse_long_description, parse_scope_description, AtMaxAge, IntegrationType, OrgNumber, Prefix, ScopeName, Subscope, Visibility};
use crate::error::{AppError, FormErrors};
use serde::{Deserialize, Serialize};

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

impl ScopeInput {
    /// Everything, for "Opprett".
    pub fn parse(&self) -> Result<NewScope, AppError> {
        let mut errors = FormErrors::new();
        let prefix = if self.prefix.trim().is_empty() {
            errors.push("prefix", "Velg et prefiks. Har virksomheten ingen, bestill et med «Bestill prefiks».");
            None
        } else {
            errors.check("prefix", Prefix::parse(&self.prefix))
        };
        let subscope = errors.check("subscope", Subscope::parse(&self.subscope));
        let settings = self.settings_into(&mut errors);
        errors.finish()?;
        Ok(NewScope { name: ScopeName { prefix: prefix.expect("checked"), subscope: subscope.expect("checked") }, settings: settings.expect("checked") })
    }

    /// All but prefix and subscope, for "Endre".
    pub fn parse_settings(&self) -> Result<ScopeSettings, AppError> {
        let mut errors = FormErrors::new();
        let settings = self.settings_into(&mut errors);
        errors.finish()?;
        Ok(settings.expect("checked"))
    }

    fn settings_into(&self, errors: &mut FormErrors) -> Option<ScopeSettings> {
        let description = errors.check("description", parse_scope_description(&self.description));
        let long_description = errors.check("long_description", parse_long_description(&self.long_description));
        let visibility = errors.check("visibility", Visibility::parse(&self.visibility));
        let mut types = Vec::new();
        // At most every type twice over: a longer list is refused before it is read.
        if self.integration_types.len() > 2 * IntegrationType::ALL.len() {
            errors.push("integration_types", "Velg blant de fire integrasjonstypene.");
        }
        for code in self.integration_types.iter().take(2 * IntegrationType::ALL.len()) {
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
        Some(ScopeSettings {
            description: description?,
            long_description: long_description?,
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
        let NewScope { name, settings: f } = input.parse().unwrap();
        assert_eq!(name.to_string(), "tilbyder:api/data.read");
        assert_eq!(f.integration_types, vec![IntegrationType::Maskinporten, IntegrationType::Krr]);
        assert_eq!(f.at_max_age.seconds(), 120);
        assert_eq!(f.visibility, Visibility::Private);
    }

    proptest::proptest! {
        /// The form's whole parse, as the server runs it on what a browser sent.
        #[test]
        fn parse_never_panics(
            prefix in "[a-z0-9_-]{0,12}|\\PC{0,12}",
            subscope in "[a-z0-9/.]{0,40}|\\PC{0,20}",
            description in "\\PC{0,40}",
            long_description in "\\PC{0,200}",
            visibility in "PUBLIC|PRIVATE|\\PC{0,8}",
            types in proptest::collection::vec("maskinporten|krr|idporten|api_klient|\\PC{0,8}", 0..5),
            at_max_age in "[0-9 -]{0,22}|\\PC{0,8}",
            flags in proptest::prelude::any::<(bool, bool)>(),
        ) {
            let input = ScopeInput {
                prefix, subscope, description, long_description, visibility,
                accessible_for_all: flags.0, integration_types: types, at_max_age, delegable: flags.1,
            };
            let _ = input.parse();
            let _ = input.parse_settings();
        }
    }
}
