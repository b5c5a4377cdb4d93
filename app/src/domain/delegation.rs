//! API delegation: a provider's *delegable rights* (named bundles of its delegable scopes in
//! one environment) and a customer's *delegations* of such a right to a supplier. Parsed
//! here for the forms and the server alike.

use super::text::check_visible;

/// "Navn" of a delegable right: required, at most this long.
pub const RIGHT_NAME_MAX: usize = 200;
/// Scopes in one delegable right, at most.
pub const RIGHT_SCOPES_MAX: usize = 20;
/// Rights delegated in one go, at most.
pub const DELEGATION_RIGHTS_MAX: usize = 20;

/// A delegable right's "Navn", e.g. "Altinn tjenesteeier-API: Appinstanser (lesetilgang)".
pub fn parse_right_name(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("Navn må fylles ut.".into());
    }
    if s.chars().count() > RIGHT_NAME_MAX {
        return Err(format!("Navn kan ha høyst {RIGHT_NAME_MAX} tegn."));
    }
    check_visible(s, "Navn", false)?;
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_names() {
        assert_eq!(parse_right_name("  Altinn tjenesteeier-API: Appinstanser (lesetilgang) ").unwrap(), "Altinn tjenesteeier-API: Appinstanser (lesetilgang)");
        assert!(parse_right_name(" ").unwrap_err().contains("fylles ut"));
        assert!(parse_right_name(&"x".repeat(RIGHT_NAME_MAX + 1)).unwrap_err().contains("høyst"));
        assert!(parse_right_name("Navn\u{202e}").is_err());
    }
}
