//! "Ny delegerbar rettighet" (the provider, on "Mine API") and "Deleger nytt API" (a
//! customer's main administrator, to a supplier).

use crate::domain::commands::{DelegableRightSpec, DelegationOrder};
use crate::domain::delegation::{parse_right_name, DELEGATION_RIGHTS_MAX, RIGHT_SCOPES_MAX};
use crate::domain::{parse_scope_description, EnvironmentId, OrgNumber, ScopeName};
use crate::error::{AppError, FormErrors};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegableRightInput {
    pub name: String,
    pub description: String,
    /// Full scope names, among the organisation's own delegable scopes here.
    pub scopes: Vec<String>,
}

pub const DELEGABLE_RIGHT_FIELDS: &[&str] = &["name", "description", "scopes"];

impl DelegableRightInput {
    pub fn parse(&self) -> Result<DelegableRightSpec, AppError> {
        let mut errors = FormErrors::new();
        let name = errors.check("name", parse_right_name(&self.name));
        let description = errors.check("description", parse_scope_description(&self.description));
        let mut scopes: Vec<ScopeName> = Vec::new();
        if self.scopes.len() > RIGHT_SCOPES_MAX {
            errors.push("scopes", format!("En delegerbar rettighet kan ha høyst {RIGHT_SCOPES_MAX} scopes."));
        } else {
            for raw in &self.scopes {
                match ScopeName::parse(raw) {
                    Ok(s) if !scopes.contains(&s) => scopes.push(s),
                    Ok(_) => {}
                    Err(m) => errors.push("scopes", format!("Scopes: «{raw}»: {m}")),
                }
            }
            if self.scopes.is_empty() {
                errors.push("scopes", "Velg minst ett scope som rettigheten skal gi.");
            }
        }
        errors.finish()?;
        Ok(DelegableRightSpec { name: name.expect("checked"), description: description.expect("checked"), scopes })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegationInput {
    /// "Miljø".
    pub environment: String,
    /// "Organisasjonsnummer" of the supplier.
    pub supplier_org_number: String,
    /// The chosen delegable rights, by id.
    pub rights: Vec<String>,
}

pub const DELEGATION_FIELDS: &[&str] = &["environment", "supplier_org_number", "rights"];

impl DelegationInput {
    pub fn parse(&self) -> Result<DelegationOrder, AppError> {
        let mut errors = FormErrors::new();
        let environment = errors.check("environment", EnvironmentId::parse(self.environment.trim()));
        let supplier = errors.check("supplier_org_number", OrgNumber::parse(&self.supplier_org_number));
        let mut rights: Vec<String> = Vec::new();
        if self.rights.len() > DELEGATION_RIGHTS_MAX {
            errors.push("rights", format!("Deleger høyst {DELEGATION_RIGHTS_MAX} rettigheter om gangen."));
        } else {
            for r in &self.rights {
                let r = r.trim().to_string();
                if !r.is_empty() && !rights.contains(&r) {
                    rights.push(r);
                }
            }
            if rights.is_empty() {
                errors.push("rights", "Legg til minst én rettighet med «+».");
            }
        }
        errors.finish()?;
        Ok(DelegationOrder { environment: environment.expect("checked"), supplier: supplier.expect("checked"), rights })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_right_needs_a_name_a_description_and_scopes() {
        let err = DelegableRightInput::default().parse().unwrap_err();
        for f in DELEGABLE_RIGHT_FIELDS {
            assert!(err.for_field(f).is_some(), "{f}");
        }
        let ok = DelegableRightInput {
            name: "Les".into(),
            description: "Lesetilgang".into(),
            scopes: vec!["altinn:serviceowner/instances.read".into(), "altinn:serviceowner/instances.read".into()],
        };
        assert_eq!(ok.parse().unwrap().scopes.len(), 1);
        let many = DelegableRightInput { scopes: (0..50).map(|i| format!("a:b{i}")).collect(), ..ok };
        assert!(many.parse().unwrap_err().for_field("scopes").unwrap().contains("høyst"));
    }

    #[test]
    fn a_delegation_needs_a_valid_org_number_and_a_right() {
        let err = DelegationInput { environment: "ver1".into(), supplier_org_number: "310000036".into(), rights: vec![] }.parse().unwrap_err();
        assert!(err.for_field("supplier_org_number").is_some() && err.for_field("rights").is_some());
        let ok = DelegationInput { environment: "ver1".into(), supplier_org_number: "310 000 035".into(), rights: vec!["r1".into(), "r1".into()] };
        let order = ok.parse().unwrap();
        assert_eq!((order.supplier.as_str(), order.rights.len()), ("310000035", 1));
    }
}
