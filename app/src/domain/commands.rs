//! Commands: what a form asks the server to do, parsed into domain types. The contract's
//! `*Input::parse` builds them (in the browser before submitting, and again in the server
//! function); services take them, so a service never sees unparsed text.

use super::{AtMaxAge, Email, EmailDomain, EnvironmentId, IntegrationType, OrgNumber, Password, PersonName, Prefix, RedirectUri, Right, ScopeName, Visibility};

/// "Registrer deg".
#[derive(Debug)]
pub struct Registration {
    pub name: PersonName,
    pub email: Email,
    pub password: Password,
}

/// "Endre passord": the current password (checked against the stored hash, so only
/// required to be filled in) and the new one, under the registration rule.
pub struct PasswordChange {
    pub current: String,
    pub new: Password,
}

impl std::fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordChange(***)")
    }
}

/// "Ny integrasjon", or "Endre" on one (the type never changes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSpec {
    pub integration_type: IntegrationType,
    pub name: String,
    pub description: String,
    /// For KRR always exactly `KRR_SCOPES`.
    pub scopes: Vec<ScopeName>,
    pub redirect_uris: Vec<RedirectUri>,
    pub post_logout_redirect_uris: Vec<RedirectUri>,
    /// "For en kunde": the customer a supplier makes the integration for (set at creation).
    pub customer: Option<OrgNumber>,
}

/// The changeable part of a scope: everything but its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeSettings {
    pub description: String,
    pub long_description: String,
    pub visibility: Visibility,
    pub accessible_for_all: bool,
    pub integration_types: Vec<IntegrationType>,
    pub at_max_age: AtMaxAge,
    pub delegable: bool,
}

/// "Nytt scope": a name under one of the organisation's prefixes, and its settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewScope {
    pub name: ScopeName,
    pub settings: ScopeSettings,
}

/// "Merkantile data": Fakturainformasjon and Varslingspunkter, duplicates dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommercialUpdate {
    pub invoice_email: Option<Email>,
    pub invoice_reference: String,
    pub contacts: Vec<Email>,
}

/// "Ny virksomhet" (the operator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganization {
    pub org_number: OrgNumber,
    pub name: String,
    pub parent: Option<OrgNumber>,
    pub domains: Vec<EmailDomain>,
}

/// "Tildel prefiks" (the operator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignPrefix {
    pub org_number: OrgNumber,
    pub environment: EnvironmentId,
    pub prefix: Prefix,
}

/// "Bestill prefiks" (a provider asks the operator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefixOrder {
    pub environment: EnvironmentId,
    pub prefix: Prefix,
    pub reason: String,
}

/// "Gi rettigheter": a person named by e-mail *and* last name, so a typo cannot hand
/// rights to a stranger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RightsGrant {
    pub email: Email,
    pub last_name: PersonName,
    /// Sorted, no duplicates, never `MainAdmin` (the operator appoints those).
    pub rights: Vec<Right>,
}

impl RightsGrant {
    /// The supplier rule, for the rights the person would hold afterwards.
    pub fn check_with_existing(&self, existing: &[Right]) -> Result<(), String> {
        let mut after: Vec<Right> = existing.to_vec();
        after.extend(self.rights.iter().copied());
        super::check_right_set(&after)
    }
}

/// "Ny delegerbar rettighet" (and its "Endre"): a named bundle of the provider's own
/// delegable scopes in one environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegableRightSpec {
    pub name: String,
    pub description: String,
    /// At least one, no duplicates, at most `delegation::RIGHT_SCOPES_MAX`.
    pub scopes: Vec<ScopeName>,
}

/// "Deleger nytt API": one or more delegable rights (by id) to the supplier `supplier`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelegationOrder {
    pub environment: EnvironmentId,
    pub supplier: OrgNumber,
    /// At least one, no duplicates, at most `delegation::DELEGATION_RIGHTS_MAX`.
    pub rights: Vec<String>,
}
