//! Rights a person can hold for their organisation, by their exact names from the guides.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Right {
    /// Manage the organisation's scopes and their access lists.
    ManageApis,
    /// Create, change and deactivate integrations (Maskinporten, KRR, ID-porten).
    ManageIntegrations,
    /// Create integrations for a customer ("For en kunde"); needs `ManageIntegrations` too.
    Supplier,
    /// Hands the other rights to the organisation's people. Appointed by the operator.
    MainAdmin,
}

impl Right {
    /// The three rights a main administrator can give, in the order the guides list them.
    pub const DELEGABLE: [Right; 3] = [Right::ManageApis, Right::ManageIntegrations, Right::Supplier];

    /// The exact UI name.
    pub fn label(self) -> &'static str {
        match self {
            Right::ManageApis => "Selvbetjening av APIer i ID-porten/Maskinporten",
            Right::ManageIntegrations => "Selvbetjening av integrasjoner i ID-porten/Maskinporten",
            Right::Supplier => "Selvbetjening for leverandører i ID-porten/Maskinporten",
            Right::MainAdmin => "Hovedadministrator",
        }
    }

    /// What the right lets one do, as the guides' table explains it.
    pub fn explanation(self) -> &'static str {
        match self {
            Right::ManageApis => "Gir tilgang til administrasjon og tilgangsstyring av scopes for API-tilbydere.",
            Right::ManageIntegrations => "Gir tilgang til å opprette, endre og deaktivere integrasjoner mot KRR, ID-porten og Maskinporten.",
            Right::Supplier => "Åpner feltet «For en kunde», slik at leverandører kan opprette integrasjoner for kundene sine. Krever «Selvbetjening av integrasjoner i ID-porten/Maskinporten» i tillegg.",
            Right::MainAdmin => "Gir og fjerner rettigheter for andre i virksomheten.",
        }
    }

    /// The stable code stored in the database and sent over the wire.
    pub fn code(self) -> &'static str {
        match self {
            Right::ManageApis => "apis",
            Right::ManageIntegrations => "integrations",
            Right::Supplier => "supplier",
            Right::MainAdmin => "main_admin",
        }
    }

    pub fn from_code(code: &str) -> Result<Right, String> {
        match code {
            "apis" => Ok(Right::ManageApis),
            "integrations" => Ok(Right::ManageIntegrations),
            "supplier" => Ok(Right::Supplier),
            "main_admin" => Ok(Right::MainAdmin),
            other => Err(format!("Ukjent rettighet «{other}».")),
        }
    }
}

/// The rule that the supplier right needs the integrations right: checks the set a person
/// would hold after a change.
pub fn check_right_set(rights: &[Right]) -> Result<(), String> {
    if rights.contains(&Right::Supplier) && !rights.contains(&Right::ManageIntegrations) {
        return Err(format!("«{}» krever «{}» i tillegg.", Right::Supplier.label(), Right::ManageIntegrations.label()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in [Right::ManageApis, Right::ManageIntegrations, Right::Supplier, Right::MainAdmin] {
            assert_eq!(Right::from_code(r.code()).unwrap(), r);
        }
        assert!(Right::from_code("root").is_err());
    }

    #[test]
    fn supplier_needs_integrations() {
        assert!(check_right_set(&[Right::Supplier]).is_err());
        assert!(check_right_set(&[Right::Supplier, Right::ManageIntegrations]).is_ok());
        assert!(check_right_set(&[Right::ManageApis]).is_ok());
    }
}
