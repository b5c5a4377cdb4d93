//! Environments (ver1, ver2, prod, …): everything exists separately per environment.
//! The list itself is server configuration; the browser learns it from the server.

use serde::{Deserialize, Serialize};

/// An environment's identifier as used in URLs and the database (`ver1`, `prod`).
/// Parsing only checks the shape; whether it is configured is the server's question.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EnvironmentId(String);
string_newtype!(EnvironmentId);

impl EnvironmentId {
    pub fn parse(input: &str) -> Result<Self, String> {
        let e = input.trim();
        let ok = (1..=20).contains(&e.len())
            && e.starts_with(|c: char| c.is_ascii_lowercase())
            && e.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(Self(e.to_string()))
        } else {
            Err(format!("«{e}» er ikke et gyldig miljø."))
        }
    }
}

/// A configured environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Environment {
    pub id: EnvironmentId,
    /// Production environments need the right for the action and a second factor.
    pub production: bool,
}

impl Environment {
    /// What the UI calls it: the guides say "ver1", "ver2" and "produksjon".
    pub fn label(&self) -> String {
        if self.id.as_str() == "prod" {
            "produksjon".to_string()
        } else {
            self.id.to_string()
        }
    }

    /// Parses `ENVIRONMENTS`-style configuration: a comma-separated list of ids, and the
    /// comma-separated ids among them that are production.
    pub fn parse_list(all: &str, production: &str) -> Result<Vec<Environment>, String> {
        let prod: Vec<&str> = production.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
        let mut envs: Vec<Environment> = Vec::new();
        for raw in all.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let id = EnvironmentId::parse(raw)?;
            if envs.iter().any(|e| e.id == id) {
                return Err(format!("Miljøet «{id}» står to ganger."));
            }
            envs.push(Environment { production: prod.contains(&id.as_str()), id });
        }
        if envs.is_empty() {
            return Err("Minst ett miljø må være konfigurert.".into());
        }
        if let Some(unknown) = prod.iter().find(|p| !envs.iter().any(|e| e.id.as_str() == **p)) {
            return Err(format!("Produksjonsmiljøet «{unknown}» er ikke i miljølisten."));
        }
        Ok(envs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_list() {
        let envs = Environment::parse_list("ver1, ver2,prod", "prod").unwrap();
        assert_eq!(envs.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["ver1", "ver2", "prod"]);
        assert_eq!(envs.iter().map(|e| e.production).collect::<Vec<_>>(), [false, false, true]);
        assert_eq!(envs[2].label(), "produksjon");
    }

    #[test]
    fn bad_lists() {
        assert!(Environment::parse_list("", "").is_err());
        assert!(Environment::parse_list("ver1,ver1", "").is_err());
        assert!(Environment::parse_list("ver1", "prod").is_err());
        assert!(Environment::parse_list("Ver 1", "").is_err());
    }
}
