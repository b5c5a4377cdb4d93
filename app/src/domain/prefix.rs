//! A provider's scope namespace, `^[a-z][a-z0-9]{1,39}$`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Prefix(String);
string_newtype!(Prefix);

impl Prefix {
    pub fn parse(input: &str) -> Result<Self, String> {
        let p = input.trim();
        if p.is_empty() {
            return Err("Prefiks må fylles ut.".into());
        }
        let n = p.chars().count();
        let mut chars = p.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if !(2..=40).contains(&n) || !first_ok || !rest_ok {
            return Err("Prefiks må være 2–40 tegn, bare små bokstaver a–z og sifre, og begynne med en bokstav.".into());
        }
        Ok(Self(p.to_string()))
    }
}

/// "Begrunnelse" of a prefix order ("Bestill prefiks"): required, at most
/// `DESCRIPTION_MAX` characters.
pub fn parse_prefix_reason(input: &str) -> Result<String, String> {
    let reason = input.trim();
    if reason.is_empty() {
        return Err("Begrunnelse må fylles ut: fortell kort hva prefikset skal brukes til.".into());
    }
    super::text::check_visible(reason, "Begrunnelse", true)?;
    if reason.chars().count() > super::scope::DESCRIPTION_MAX {
        return Err(format!("Begrunnelse kan ha høyst {} tegn.", super::scope::DESCRIPTION_MAX));
    }
    Ok(reason.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rules() {
        assert!(Prefix::parse("krr").is_ok());
        assert!(Prefix::parse("a1").is_ok());
        assert!(Prefix::parse(&format!("a{}", "b".repeat(39))).is_ok());
        for bad in ["a", "1abc", "Abc", "ab-c", "ab c", "æøå", &format!("a{}", "b".repeat(40))] {
            assert!(Prefix::parse(bad).is_err(), "{bad}");
        }
        assert!(Prefix::parse("").unwrap_err().contains("fylles ut"));
    }

    proptest! {
        #[test]
        fn accepts_exactly_the_regex(input in "[a-zA-Z0-9_-]{0,45}") {
            let re_match = input.len() >= 2 && input.len() <= 40
                && input.chars().next().unwrap().is_ascii_lowercase()
                && input.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            prop_assert_eq!(Prefix::parse(&input).is_ok(), re_match);
        }
    }
}
