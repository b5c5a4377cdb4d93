//! Before → after, readable: the audit log stores each change as two JSON snapshots of the
//! object; this turns them into the fields that differ, with Norwegian names and values a
//! person can read ("Ja", dates, lists joined), for "Endringslogg" and its CSV export.

use super::rights::Right;
use super::time::format_date;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One field of an entry: its value before and after (`None`: it did not exist then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Keys that only link a snapshot to its object; the entry names the object already.
const HIDDEN: [&str; 1] = ["owner"];

/// The fields that differ between `before` and `after`. A creation (no `before`) lists what
/// was set, a removal (no `after`) what was there; empty values are left out of those.
pub fn changes(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldChange> {
    let fields = |v: Option<&Value>| v.and_then(Value::as_object).cloned().unwrap_or_default();
    let (b, a) = (fields(before), fields(after));
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).filter(|k| !HIDDEN.contains(&k.as_str())).collect();
    keys.sort_by_key(|k| (order(k), k.to_string()));
    keys.dedup();
    let one_sided = before.is_none() || after.is_none();
    keys.into_iter()
        .filter_map(|key| {
            let old = b.get(key).map(|v| show(key, v)).filter(|s| !(one_sided && s.is_empty()));
            let new = a.get(key).map(|v| show(key, v)).filter(|s| !(one_sided && s.is_empty()));
            (old != new).then(|| FieldChange { field: field_label(key).to_string(), before: old, after: new })
        })
        .collect()
}

/// Names first, then the rest alphabetically: the entry reads from what it is to details.
fn order(key: &str) -> u8 {
    match key {
        "name" | "scope" | "right" | "user" | "prefix" | "kid" => 0,
        "description" => 1,
        _ => 2,
    }
}

/// A snapshot value as text: lists joined, yes/no, dates as days, lines as a list.
fn show(key: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(true) => "Ja".into(),
        Value::Bool(false) => "Nei".into(),
        Value::Number(n) if key.ends_with("_at") || key == "not_after" => n.as_i64().map(format_date).unwrap_or_else(|| n.to_string()),
        Value::Number(n) => n.to_string(),
        Value::String(s) if key == "rights" => right_label(s),
        Value::String(s) => s.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(", "),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) if key == "rights" => right_label(s),
                other => show(key, other),
            })
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(_) => v.to_string(),
    }
}

fn right_label(code: &str) -> String {
    Right::from_code(code).map(|r| r.label().to_string()).unwrap_or_else(|_| code.to_string())
}

/// The field's name as the forms call it.
pub fn field_label(key: &str) -> &str {
    match key {
        "name" => "Navn",
        "description" => "Beskrivelse",
        "environment" => "Miljø",
        "visibility" => "Synlighet",
        "accessible_for_all" => "Tilgjengelig for alle virksomheter",
        "integration_types" => "Tillatte integrasjonstyper",
        "at_max_age" => "Maks levetid for token (sekunder)",
        "delegable" => "Kan delegeres",
        "active" => "Aktiv",
        "client_id" => "Integrasjonens identifikator",
        "integration_type" => "Difi-tjeneste",
        "scopes" => "Scopes",
        "redirect_uris" => "Gyldige redirect-URIer",
        "post_logout_redirect_uris" => "Gyldige post logout redirect-URIer",
        "customer" => "Kunde",
        "supplier" => "Leverandør",
        "consumer" => "Konsument",
        "scope" => "Scope",
        "kid" => "Nøkkel-ID (kid)",
        "jwk" => "Offentlig nøkkel (JWK)",
        "added" => "Nye nøkler",
        "renewed" => "Fornyede nøkler",
        "expires_at" => "Utløper",
        "subject" => "Sertifikatets subject",
        "issuer" => "Utsteder",
        "serial" => "Serienummer",
        "not_after" => "Gyldig til",
        "user" => "Person",
        "email" => "E-post",
        "rights" => "Rettigheter",
        "stricter_access" => "Strengere tilgangsstyring",
        "org_number" => "Organisasjonsnummer",
        "parent" => "Overordnet virksomhet",
        "domains" => "E-postdomener",
        "prefix" => "Prefiks",
        "reason" => "Begrunnelse",
        "right" => "Rettighet",
        "live" => "Gjeldende",
        "invoice_email" => "E-postadresse for faktura",
        "invoice_reference" => "Fakturareferanse",
        "contacts" => "Varslingspunkter",
        "sessions_ended" => "Økter avsluttet",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(field: &str, before: Option<&str>, after: Option<&str>) -> FieldChange {
        FieldChange { field: field.into(), before: before.map(Into::into), after: after.map(Into::into) }
    }

    #[test]
    fn an_update_lists_only_what_changed() {
        let before = json!({"name": "skatt:data", "description": "Gammel", "active": true, "integration_types": ["maskinporten"]});
        let after = json!({"name": "skatt:data", "description": "Ny", "active": false, "integration_types": ["maskinporten", "krr"]});
        assert_eq!(
            changes(Some(&before), Some(&after)),
            vec![
                change("Beskrivelse", Some("Gammel"), Some("Ny")),
                change("Aktiv", Some("Ja"), Some("Nei")),
                change("Tillatte integrasjonstyper", Some("maskinporten"), Some("maskinporten, krr")),
            ]
        );
    }

    #[test]
    fn a_creation_lists_what_was_set_and_a_removal_what_was_there() {
        let after = json!({"name": "App", "description": "", "owner": "x", "expires_at": 1_709_210_096, "contacts": "a@b.no\nc@d.no"});
        assert_eq!(
            changes(None, Some(&after)),
            vec![change("Navn", None, Some("App")), change("Varslingspunkter", None, Some("a@b.no, c@d.no")), change("Utløper", None, Some("2024-02-29"))]
        );
        let before = json!({"scope": "skatt:data", "consumer": "910000001"});
        assert_eq!(changes(Some(&before), None), vec![change("Scope", Some("skatt:data"), None), change("Konsument", Some("910000001"), None)]);
    }

    #[test]
    fn rights_are_named_as_the_ui_names_them() {
        let before = json!({"user": "kari@x.no", "rights": []});
        let after = json!({"user": "kari@x.no", "rights": ["apis"]});
        let out = changes(Some(&before), Some(&after));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].field, "Rettigheter");
        assert_eq!(out[0].before.as_deref(), Some(""));
        assert!(out[0].after.as_deref().unwrap().starts_with("Selvbetjening av APIer"), "{out:?}");
    }
}
