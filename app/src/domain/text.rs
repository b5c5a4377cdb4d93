//! Small text types: e-mail addresses, e-mail domains, person names, passwords, one-time codes.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Characters that are never part of a name or a description: NUL and other control
/// characters (line breaks aside, where text may span lines), bidirectional overrides
/// (which make a name read differently from what it is, e.g. "Trojan Source") and
/// zero-width characters (which make two names look the same).
pub fn invisible_char(s: &str, multiline: bool) -> Option<char> {
    s.chars().find(|&c| {
        (c.is_control() && !(multiline && (c == '\n' || c == '\r' || c == '\t')))
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    })
}

/// `Err` naming the field when `s` has an [`invisible_char`].
pub fn check_visible(s: &str, label: &str, multiline: bool) -> Result<(), String> {
    match invisible_char(s, multiline) {
        Some(c) => Err(format!("{label} kan ikke ha usynlige tegn eller kontrolltegn (fant U+{:04X}).", c as u32)),
        None => Ok(()),
    }
}

/// A DNS name as used after the `@` of an e-mail address, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailDomain(String);
string_newtype!(EmailDomain);

impl EmailDomain {
    pub fn parse(input: &str) -> Result<Self, String> {
        let d = input.trim().trim_start_matches('@').to_ascii_lowercase();
        if d.is_empty() {
            return Err("E-postdomene må fylles ut.".into());
        }
        let labels_ok = d
            .split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        if d.len() > 253 || !d.contains('.') || !labels_ok {
            return Err(format!("«{d}» er ikke et gyldig domene (for eksempel virksomhet.no)."));
        }
        Ok(Self(d))
    }
}

/// An e-mail address, trimmed and lower-cased so that one person has one address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);
string_newtype!(Email);

impl Email {
    pub fn parse(input: &str) -> Result<Self, String> {
        let e = input.trim().to_lowercase();
        if e.is_empty() {
            return Err("E-post må fylles ut.".into());
        }
        if e.chars().count() > 254 {
            return Err("E-post kan ha høyst 254 tegn.".into());
        }
        let invalid = || "E-post må være en gyldig e-postadresse, for eksempel navn@virksomhet.no.".to_string();
        let (local, domain) = e.rsplit_once('@').ok_or_else(invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        if !local_ok || EmailDomain::parse(domain).is_err() {
            return Err(invalid());
        }
        Ok(Self(e))
    }

    /// The part after `@`, which decides the organisation.
    pub fn domain(&self) -> EmailDomain {
        EmailDomain(self.0.rsplit_once('@').map(|(_, d)| d.to_string()).unwrap_or_default())
    }
}

/// A person's full name as they want it shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);
string_newtype!(PersonName);

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(input: &str) -> Result<Self, String> {
        Self::parse_as(input, "Navn")
    }

    /// Parses with the field's own label in the messages (e.g. "Etternavn").
    pub fn parse_as(input: &str, label: &str) -> Result<Self, String> {
        let n = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if n.is_empty() {
            return Err(format!("{label} må fylles ut."));
        }
        if n.chars().count() > Self::MAX_CHARS {
            return Err(format!("{label} kan ha høyst {} tegn.", Self::MAX_CHARS));
        }
        check_visible(input, label, false)?;
        if n.chars().any(|c| c.is_control() || "<>{}[]\\/@".contains(c)) {
            return Err(format!("{label} kan bare inneholde bokstaver, mellomrom, bindestrek og apostrof."));
        }
        Ok(Self(n))
    }

    /// The last word of the name, compared case-insensitively when a main administrator
    /// identifies a person by e-mail and last name.
    pub fn last_name(&self) -> &str {
        self.0.rsplit(' ').next().unwrap_or(&self.0)
    }

    /// Whether `last_name` is this person's last name (or the tail of a compound last name).
    pub fn has_last_name(&self, last_name: &PersonName) -> bool {
        let full = self.0.to_lowercase();
        let last = last_name.0.to_lowercase();
        full == last || full.ends_with(&format!(" {last}"))
    }
}

/// A password as typed; never stored, only hashed. Not serialised back to anyone.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str) -> Result<Self, String> {
        let n = input.chars().count();
        if n == 0 {
            return Err("Passord må fylles ut.".into());
        }
        if n < Self::MIN_CHARS {
            return Err(format!("Passord må ha minst {} tegn.", Self::MIN_CHARS));
        }
        if n > Self::MAX_CHARS {
            return Err(format!("Passord kan ha høyst {} tegn.", Self::MAX_CHARS));
        }
        Ok(Self(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// A six-digit one-time code from an authenticator app (RFC 6238).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpCode(String);
string_newtype!(TotpCode);

impl TotpCode {
    pub fn parse(input: &str) -> Result<Self, String> {
        let c: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if c.is_empty() {
            return Err("Engangskode må fylles ut.".into());
        }
        if c.len() != 6 || !c.chars().all(|c| c.is_ascii_digit()) {
            return Err("Engangskode må være 6 siffer.".into());
        }
        Ok(Self(c))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_refuse_nul_bidi_overrides_and_zero_width_characters() {
        for bad in ["Kari\u{0}Nordmann", "Kari \u{202E}nnamdroN", "Kari\u{200B} Nordmann", "\u{2066}Kari Nordmann", "Kari\u{FEFF} Nordmann"] {
            let err = PersonName::parse(bad).unwrap_err();
            assert!(err.contains("usynlige tegn") || err.contains("bare inneholde"), "{bad:?}: {err}");
            assert!(crate::domain::client::parse_client_name(bad).is_err(), "{bad:?}");
            assert!(crate::domain::organization::parse_org_name(bad).is_err(), "{bad:?}");
            assert!(crate::domain::parse_scope_description(bad).is_err(), "{bad:?}");
        }
        assert!(crate::domain::parse_scope_description("Linje én\nLinje to").is_ok());
        assert!(PersonName::parse("Kari Nordmann-Øye").is_ok());
    }

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails() {
        let e = Email::parse("  Kari.Nordmann@Tilbyder.TEST ").unwrap();
        assert_eq!(e.as_str(), "kari.nordmann@tilbyder.test");
        assert_eq!(e.domain().as_str(), "tilbyder.test");
        assert!(Email::parse("").unwrap_err().contains("fylles ut"));
        for bad in ["kari", "kari@", "@x.no", "kari@localhost", "a b@x.no", "kari@x..no", ".k@x.no"] {
            assert!(Email::parse(bad).unwrap_err().contains("gyldig"), "{bad}");
        }
        assert!(Email::parse(&format!("{}@x.no", "a".repeat(300))).unwrap_err().contains("254"));
    }

    #[test]
    fn domains() {
        assert_eq!(EmailDomain::parse("@Digdir.no").unwrap().as_str(), "digdir.no");
        assert!(EmailDomain::parse("digdir").is_err());
        assert!(EmailDomain::parse("-x.no").is_err());
        assert!(EmailDomain::parse("").unwrap_err().contains("fylles ut"));
    }

    #[test]
    fn names() {
        let n = PersonName::parse("  Kari   Nordmann ").unwrap();
        assert_eq!(n.as_str(), "Kari Nordmann");
        assert_eq!(n.last_name(), "Nordmann");
        assert!(n.has_last_name(&PersonName::parse("nordmann").unwrap()));
        assert!(!n.has_last_name(&PersonName::parse("mann").unwrap()));
        let compound = PersonName::parse("Ola Berg Hansen").unwrap();
        assert!(compound.has_last_name(&PersonName::parse("Berg Hansen").unwrap()));
        assert!(PersonName::parse(" ").unwrap_err().contains("fylles ut"));
        assert!(PersonName::parse(&"a".repeat(101)).unwrap_err().contains("høyst 100"));
        assert!(PersonName::parse("<script>").is_err());
        assert!(PersonName::parse_as("", "Etternavn").unwrap_err().starts_with("Etternavn"));
    }

    #[test]
    fn passwords_and_codes() {
        assert!(Password::parse("kort").unwrap_err().contains("minst 10"));
        assert!(Password::parse(&"x".repeat(129)).unwrap_err().contains("høyst 128"));
        assert!(Password::parse("langt nok passord").is_ok());
        assert_eq!(format!("{:?}", Password::parse("hemmelig-passord").unwrap()), "Password(***)");
        assert_eq!(TotpCode::parse("123 456").unwrap().as_str(), "123456");
        assert!(TotpCode::parse("12345").unwrap_err().contains("6 siffer"));
    }

    proptest! {
        #[test]
        fn parsers_never_panic(input in ".*") {
            let _ = Email::parse(&input);
            let _ = EmailDomain::parse(&input);
            let _ = PersonName::parse(&input);
            let _ = Password::parse(&input);
            let _ = TotpCode::parse(&input);
        }

        #[test]
        fn parsed_email_round_trips(local in "[a-z0-9]{1,20}", domain in "[a-z]{1,10}\\.[a-z]{2,4}") {
            let e = Email::parse(&format!("{local}@{domain}")).unwrap();
            prop_assert_eq!(Email::parse(e.as_str()).unwrap(), e.clone());
            let d = e.domain();
            prop_assert_eq!(d.as_str(), domain.as_str());
        }
    }
}
