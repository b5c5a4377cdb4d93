//! "Bestill prefiks".

use crate::domain::commands::PrefixOrder;
use crate::domain::{parse_prefix_reason, EnvironmentId, Prefix};
use crate::error::{AppError, FormErrors};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixRequestInput {
    pub environment: String,
    pub prefix: String,
    pub reason: String,
}

impl PrefixRequestInput {
    pub fn parse(&self) -> Result<PrefixOrder, AppError> {
        let mut errors = FormErrors::new();
        let environment = errors.check("environment", EnvironmentId::parse(&self.environment));
        let prefix = errors.check("prefix", Prefix::parse(&self.prefix));
        let reason = errors.check("reason", parse_prefix_reason(&self.reason));
        errors.finish()?;
        Ok(PrefixOrder { environment: environment.expect("checked"), prefix: prefix.expect("checked"), reason: reason.expect("checked") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_request_rules() {
        let err = PrefixRequestInput { environment: "ver1".into(), prefix: "X".into(), reason: "".into() }.parse().unwrap_err();
        assert!(err.for_field("prefix").is_some() && err.for_field("reason").is_some());
        assert!(PrefixRequestInput { environment: "ver1".into(), prefix: "nytt".into(), reason: "API for data".into() }.parse().is_ok());
    }
}
