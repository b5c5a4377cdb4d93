//! "Endringslogg"'s filters, as the page (and the CSV link) sends them.

use crate::domain::audit::{AuditFilter, AuditObjectKind};
use crate::domain::time::parse_date;
use crate::domain::EnvironmentId;
use crate::error::{AppError, FormErrors};
use serde::{Deserialize, Serialize};

/// Empty strings mean "all". The names are the CSV link's query parameters too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub miljo: String,
    #[serde(default)]
    pub objekt: String,
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub fra: String,
    #[serde(default)]
    pub til: String,
    #[serde(default)]
    pub side: u32,
}

impl AuditQuery {
    pub fn parse(&self) -> Result<AuditFilter, AppError> {
        let mut errors = FormErrors::new();
        let environment = some(&self.miljo).and_then(|e| errors.check("miljo", EnvironmentId::parse(e)).map(|e| e.as_str().to_string()));
        let kind = some(&self.objekt)
            .and_then(|k| errors.check("objekt", AuditObjectKind::from_code(k).ok_or_else(|| format!("«{k}» er ikke en type objekt i endringsloggen."))));
        let from = some(&self.fra).and_then(|d| errors.check("fra", parse_date(d)));
        let to = some(&self.til).and_then(|d| errors.check("til", parse_date(d)));
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                errors.check::<()>("til", Err("«Til dato» kan ikke være før «Fra dato».".into()));
            }
        }
        errors.finish()?;
        Ok(AuditFilter { environment, kind, person: some(&self.person).map(str::to_string), from, until: to.map(|t| t + 86_400), page: self.side })
    }

    /// The query string of the CSV link for these filters (page left out: all of it).
    pub fn csv_href(&self) -> String {
        let pairs = [("miljo", &self.miljo), ("objekt", &self.objekt), ("person", &self.person), ("fra", &self.fra), ("til", &self.til)];
        let query: Vec<String> = pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", encode(v))).collect();
        if query.is_empty() {
            CSV_PATH.to_string()
        } else {
            format!("{CSV_PATH}?{}", query.join("&"))
        }
    }
}

fn some(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

/// Where "Last ned som CSV" points.
pub const CSV_PATH: &str = "/tjenester/endringslogg.csv";

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse_and_name_the_field_that_is_wrong() {
        let f = AuditQuery { miljo: "ver1".into(), objekt: "scope".into(), fra: "2026-01-01".into(), til: "2026-01-01".into(), ..Default::default() }
            .parse()
            .unwrap();
        assert_eq!(f.environment.as_deref(), Some("ver1"));
        assert_eq!(f.kind, Some(AuditObjectKind::Scope));
        assert_eq!(f.until.unwrap() - f.from.unwrap(), 86_400, "«Til dato» includes the whole day");
        let err = AuditQuery { objekt: "konto".into(), fra: "i går".into(), ..Default::default() }.parse().unwrap_err();
        assert!(err.for_field("objekt").is_some() && err.for_field("fra").is_some());
        let err = AuditQuery { fra: "2026-02-02".into(), til: "2026-02-01".into(), ..Default::default() }.parse().unwrap_err();
        assert!(err.for_field("til").is_some());
        assert_eq!(AuditQuery::default().parse().unwrap(), AuditFilter::default());
    }

    #[test]
    fn csv_link_carries_the_filters() {
        assert_eq!(AuditQuery::default().csv_href(), "/tjenester/endringslogg.csv");
        let q = AuditQuery { miljo: "ver1".into(), person: "a b".into(), side: 3, ..Default::default() };
        assert_eq!(q.csv_href(), "/tjenester/endringslogg.csv?miljo=ver1&person=a%20b");
    }
}
