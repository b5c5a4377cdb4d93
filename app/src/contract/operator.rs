//! The operator's forms: "Ny virksomhet" and "Tildel prefiks".

use crate::domain::commands::{AssignPrefix, NewOrganization};
use crate::domain::organization::{parse_domains, parse_org_name};
use crate::domain::{EnvironmentId, OrgNumber, Prefix};
use crate::error::{AppError, FormErrors};
use serde::{Deserialize, Serialize};

/// "Ny virksomhet".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOrgInput {
    pub org_number: String,
    pub name: String,
    /// Optional main unit ("Hovedenhet").
    pub parent_org_number: String,
    /// One or more domains, separated by commas, spaces or new lines.
    pub domains: String,
}

impl NewOrgInput {
    pub fn parse(&self) -> Result<NewOrganization, AppError> {
        let mut errors = FormErrors::new();
        let org_number = errors.check("org_number", OrgNumber::parse(&self.org_number));
        let name = errors.check("name", parse_org_name(&self.name));
        let parent = if self.parent_org_number.trim().is_empty() {
            None
        } else {
            errors.check("parent_org_number", OrgNumber::parse(&self.parent_org_number).map_err(|m| format!("Hovedenhet: {m}")))
        };
        if parent.is_some() && parent == org_number {
            errors.push("parent_org_number", "Hovedenhet kan ikke være virksomheten selv.");
        }
        let domains = errors.check("domains", parse_domains(&self.domains));
        errors.finish()?;
        Ok(NewOrganization { org_number: org_number.expect("checked"), name: name.expect("checked"), parent, domains: domains.expect("checked") })
    }
}

/// "Tildel prefiks".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignPrefixInput {
    pub org_number: String,
    pub environment: String,
    pub prefix: String,
}

impl AssignPrefixInput {
    pub fn parse(&self) -> Result<AssignPrefix, AppError> {
        let mut errors = FormErrors::new();
        let org = errors.check("org_number", OrgNumber::parse(&self.org_number));
        let env = errors.check("environment", EnvironmentId::parse(&self.environment));
        let prefix = errors.check("prefix", Prefix::parse(&self.prefix));
        errors.finish()?;
        Ok(AssignPrefix { org_number: org.expect("checked"), environment: env.expect("checked"), prefix: prefix.expect("checked") })
    }
}
