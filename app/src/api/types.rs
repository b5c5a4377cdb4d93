//! What server functions send to the browser. Plain data, shared by both sides.

use crate::domain::{Environment, Right};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub org_number: String,
    pub name: String,
}

/// The logged-in person, as the UI needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub name: String,
    pub email: String,
    pub org: Option<OrgSummary>,
    pub is_operator: bool,
    pub rights: Vec<Right>,
    pub totp_enrolled: bool,
    pub stepped_up: bool,
}

impl SessionInfo {
    pub fn is_main_admin(&self) -> bool {
        self.rights.contains(&Right::MainAdmin)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterReceipt {
    pub email: String,
    pub org: OrgSummary,
}

/// A pending TOTP enrolment: shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpEnrolment {
    pub secret: String,
    pub otpauth_uri: String,
    pub qr_svg: String,
}

/// Where the production step-up stands for this session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepUp {
    /// A test environment: no second factor needed.
    NotNeeded,
    NotEnrolled,
    Required,
    Done,
}

/// What the user may do in one environment, with reasons for what they may not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentAccess {
    pub environment: Environment,
    pub label: String,
    pub org: OrgSummary,
    /// `None` when allowed; otherwise why not.
    pub integrations_denied: Option<String>,
    pub apis_denied: Option<String>,
    pub step_up: StepUp,
    /// The organisation's prefixes in this environment.
    pub prefixes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentInfo {
    pub id: String,
    pub label: String,
    pub production: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRights {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub rights: Vec<Right>,
}

/// "Andre med rettigheter til virksomheten".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RightsOverview {
    pub org: OrgSummary,
    /// Why this user cannot change rights, if they cannot.
    pub manage_denied: Option<String>,
    pub stricter_access: bool,
    pub people: Vec<PersonRights>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgListItem {
    pub org_number: String,
    pub name: String,
    pub parent_org_number: Option<String>,
    pub domains: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixAssignment {
    pub environment: String,
    pub prefix: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgDetail {
    pub org_number: String,
    pub name: String,
    pub parent_org_number: Option<String>,
    pub domains: Vec<String>,
    pub main_admins: Vec<String>,
    pub prefixes: Vec<PrefixAssignment>,
    pub environments: Vec<EnvironmentInfo>,
}
