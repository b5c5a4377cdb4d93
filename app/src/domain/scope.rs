//! Scopes: `prefix:subscope`, who may see them, which integrations may use them, and how
//! long their tokens live. Parsed once, here, for the form and the server alike.

use super::Prefix;
use serde::{Deserialize, Serialize};
use std::fmt;

/// "Beskrivelse" of a scope (and the reason of a prefix order): required, at most this long.
pub const DESCRIPTION_MAX: usize = 1000;
/// "Utfyllende dokumentasjon (Markdown)": optional, at most this long.
pub const LONG_DESCRIPTION_MAX: usize = 20_000;

/// A scope's "Beskrivelse": required, at most `DESCRIPTION_MAX` characters.
pub fn parse_scope_description(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("Beskrivelse må fylles ut.".into());
    }
    if s.chars().count() > DESCRIPTION_MAX {
        return Err(format!("Beskrivelse kan ha høyst {DESCRIPTION_MAX} tegn."));
    }
    super::text::check_visible(s, "Beskrivelse", true)?;
    Ok(s.to_string())
}

/// The Markdown documentation: optional, at most `LONG_DESCRIPTION_MAX` characters.
pub fn parse_long_description(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.chars().count() > LONG_DESCRIPTION_MAX {
        return Err(format!("Dokumentasjonen kan ha høyst {LONG_DESCRIPTION_MAX} tegn."));
    }
    super::text::check_visible(s, "Dokumentasjonen", true)?;
    Ok(s.to_string())
}

/// The part after the colon. Altinn's rule `^([a-z0-9]+/?)+[a-z0-9]+(\.[a-z0-9]+)?$`, at
/// most 100 characters: lower-case letters and digits in segments separated by single
/// slashes, then optionally one `.suffix`. Written out by hand so the WASM needs no regex
/// engine; a property test checks it against the regular expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Subscope(String);
string_newtype!(Subscope);

pub const SUBSCOPE_MAX: usize = 100;

impl Subscope {
    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim();
        if s.is_empty() {
            return Err("Subscope må fylles ut.".into());
        }
        if s.chars().count() > SUBSCOPE_MAX {
            return Err(format!("Subscope kan ha høyst {SUBSCOPE_MAX} tegn."));
        }
        if !matches_rule(s) {
            return Err("Subscope kan bare ha små bokstaver a–z, sifre og enkle skråstreker mellom ordene, \
                        og kan slutte med ett punktum og et ord (f.eks. «api/data.read»). Minst to tegn før punktumet."
                .into());
        }
        Ok(Self(s.to_string()))
    }
}

fn alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn matches_rule(s: &str) -> bool {
    let (body, suffix) = match s.split_once('.') {
        Some((b, x)) => (b, Some(x)),
        None => (s, None),
    };
    if let Some(x) = suffix {
        if x.is_empty() || !x.chars().all(alnum) {
            return false;
        }
    }
    // `([a-z0-9]+/?)+[a-z0-9]+`: at least two characters, no leading, trailing or double slash.
    body.len() >= 2 && body.chars().all(|c| alnum(c) || c == '/') && !body.starts_with('/') && !body.ends_with('/') && !body.contains("//")
}

/// The full name `prefix:subscope`, unique per environment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ScopeName {
    pub prefix: Prefix,
    pub subscope: Subscope,
}

impl ScopeName {
    pub fn parse(input: &str) -> Result<Self, String> {
        let (p, s) = input.trim().split_once(':').ok_or("Et scope skrives «prefiks:subscope».")?;
        Ok(Self { prefix: Prefix::parse(p)?, subscope: Subscope::parse(s)? })
    }
}

impl fmt::Display for ScopeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.prefix, self.subscope)
    }
}

/// `PUBLIC`: listed in the catalogue for every organisation. `PRIVATE`: seen only by the
/// owner and the organisations on its access list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Visibility {
    Public,
    Private,
}

impl Visibility {
    pub const ALL: [Visibility; 2] = [Visibility::Public, Visibility::Private];

    pub fn code(self) -> &'static str {
        match self {
            Visibility::Public => "PUBLIC",
            Visibility::Private => "PRIVATE",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Visibility::Public => "PUBLIC – vises i katalogen for alle virksomheter",
            Visibility::Private => "PRIVATE – bare for virksomheter med tilgang",
        }
    }

    pub fn parse(code: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|v| v.code() == code.trim()).ok_or_else(|| "Synlighet må være PUBLIC eller PRIVATE.".into())
    }
}

/// "Difi-tjeneste": what an integration is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum IntegrationType {
    Maskinporten,
    Krr,
    IdPorten,
    ApiKlient,
}

impl IntegrationType {
    pub const ALL: [IntegrationType; 4] = [IntegrationType::Maskinporten, IntegrationType::Krr, IntegrationType::IdPorten, IntegrationType::ApiKlient];

    pub fn code(self) -> &'static str {
        match self {
            IntegrationType::Maskinporten => "maskinporten",
            IntegrationType::Krr => "krr",
            IntegrationType::IdPorten => "idporten",
            IntegrationType::ApiKlient => "api_klient",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            IntegrationType::Maskinporten => "Maskinporten",
            IntegrationType::Krr => "KRR",
            IntegrationType::IdPorten => "ID-porten",
            IntegrationType::ApiKlient => "API-klient",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// A stored comma-separated list; unknown codes are skipped.
    pub fn list_from_codes(codes: &str) -> Vec<Self> {
        let mut v: Vec<Self> = codes.split(',').filter_map(|c| Self::from_code(c.trim())).collect();
        v.sort();
        v.dedup();
        v
    }

    /// A stored comma-separated list, strictly: an unknown code is an error, so a bad
    /// stored value is found rather than silently dropped.
    pub fn parse_list(codes: &str) -> Result<Vec<Self>, String> {
        let mut v = Vec::new();
        for c in codes.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            v.push(Self::from_code(c).ok_or_else(|| format!("unknown integration type «{c}»"))?);
        }
        v.sort();
        v.dedup();
        Ok(v)
    }

    pub fn codes(types: &[Self]) -> String {
        types.iter().map(|t| t.code()).collect::<Vec<_>>().join(",")
    }
}

/// Token lifetime `at_max_age`, in seconds: 1–86400, 120 when not given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtMaxAge(u32);

impl AtMaxAge {
    pub const DEFAULT: u32 = 120;
    pub const MAX: u32 = 86_400;

    pub fn parse(input: &str) -> Result<Self, String> {
        let s = input.trim();
        if s.is_empty() {
            return Ok(Self(Self::DEFAULT));
        }
        match s.parse::<u32>() {
            Ok(n) if (1..=Self::MAX).contains(&n) => Ok(Self(n)),
            _ => Err(format!("Levetid for token må være et helt antall sekunder fra 1 til {}.", Self::MAX)),
        }
    }

    pub fn seconds(self) -> u32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn subscope_rules() {
        for ok in ["ab", "a/b", "api/data.read", "global/kontaktinformasjon.read", "x1", "a/b/c9.z"] {
            assert!(Subscope::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["a", "a.b", "/ab", "ab/", "a//b", "Ab", "a-b", "ab.", "ab.c.d", "ab.c/d", "æb", &"a".repeat(101)] {
            assert!(Subscope::parse(bad).is_err(), "{bad}");
        }
        assert!(Subscope::parse(&"a".repeat(100)).is_ok());
        assert!(Subscope::parse("").unwrap_err().contains("fylles ut"));
        assert!(Subscope::parse(&"a".repeat(101)).unwrap_err().contains("100"));
    }

    #[test]
    fn scope_name_round_trips() {
        let n = ScopeName::parse("krr:global/digitalpost.read").unwrap();
        assert_eq!(n.prefix.as_str(), "krr");
        assert_eq!(n.to_string(), "krr:global/digitalpost.read");
        assert!(ScopeName::parse("krr").is_err());
    }

    #[test]
    fn at_max_age_bounds() {
        assert_eq!(AtMaxAge::parse("").unwrap().seconds(), 120);
        assert_eq!(AtMaxAge::parse("86400").unwrap().seconds(), 86400);
        for bad in ["0", "86401", "-1", "1.5", "abc"] {
            assert!(AtMaxAge::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for t in IntegrationType::ALL {
            assert_eq!(IntegrationType::from_code(t.code()), Some(t));
        }
        assert_eq!(IntegrationType::list_from_codes("krr,maskinporten,bogus,krr"), vec![IntegrationType::Maskinporten, IntegrationType::Krr]);
        assert_eq!(Visibility::parse("PRIVATE"), Ok(Visibility::Private));
        assert!(Visibility::parse("SECRET").is_err());
    }

    proptest! {
        /// The hand-written matcher agrees with the guides' regular expression.
        #[test]
        fn subscope_matches_the_regex(s in "[a-z0-9/.A]{0,12}") {
            let re = regex::Regex::new(r"^([a-z0-9]+/?)+[a-z0-9]+(\.[a-z0-9]+)?$").unwrap();
            prop_assert_eq!(matches_rule(&s), re.is_match(&s), "{}", s);
        }
    }
}
