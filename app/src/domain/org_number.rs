//! Norwegian organisation numbers: nine digits, the last a modulus-11 check digit.

use serde::{Deserialize, Serialize};

/// A valid organisation number (Enhetsregisteret). Exists only if the check digit is right.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgNumber(String);
string_newtype!(OrgNumber);

const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];

/// The check digit for the first eight digits, or `None` when no valid number starts so
/// (the remainder gives 10).
pub fn check_digit(first8: &[u32; 8]) -> Option<u32> {
    let sum: u32 = first8.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        c => Some(c),
    }
}

impl OrgNumber {
    /// Parses user input; spaces (as in "991 825 827") are ignored.
    pub fn parse(input: &str) -> Result<Self, String> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.is_empty() {
            return Err("Organisasjonsnummer må fylles ut.".into());
        }
        if digits.len() != 9 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err("Organisasjonsnummer må være 9 siffer.".into());
        }
        let d: Vec<u32> = digits.chars().map(|c| c.to_digit(10).unwrap_or(0)).collect();
        let first8: [u32; 8] = [d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]];
        if check_digit(&first8) != Some(d[8]) {
            return Err("Organisasjonsnummeret er ugyldig: kontrollsifferet stemmer ikke.".into());
        }
        Ok(Self(digits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_numbers() {
        assert!(OrgNumber::parse("991825827").is_ok());
        assert!(OrgNumber::parse("991 825 827").is_ok());
        assert!(OrgNumber::parse("991825828").unwrap_err().contains("kontrollsifferet"));
        assert!(OrgNumber::parse("99182582").unwrap_err().contains("9 siffer"));
        assert!(OrgNumber::parse("99182582a").unwrap_err().contains("9 siffer"));
        assert!(OrgNumber::parse("").unwrap_err().contains("fylles ut"));
    }

    #[test]
    fn serde_refuses_invalid() {
        assert!(serde_json::from_str::<OrgNumber>("\"991825828\"").is_err());
        let ok: OrgNumber = serde_json::from_str("\"991825827\"").unwrap();
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"991825827\"");
    }

    proptest! {
        /// Every eight-digit stem either has no valid number, or exactly one of the ten
        /// possible last digits is accepted.
        #[test]
        fn exactly_one_check_digit(stem in 0u32..100_000_000) {
            let s = format!("{stem:08}");
            let accepted: Vec<u32> = (0..10).filter(|d| OrgNumber::parse(&format!("{s}{d}")).is_ok()).collect();
            let first8: Vec<u32> = s.chars().map(|c| c.to_digit(10).unwrap()).collect();
            match check_digit(&first8.try_into().unwrap()) {
                Some(c) => prop_assert_eq!(accepted, vec![c]),
                None => prop_assert!(accepted.is_empty()),
            }
        }

        /// Changing any single digit of a valid number makes it invalid (mod 11 catches
        /// every single-digit error).
        #[test]
        fn single_digit_errors_are_caught(stem in 0u32..100_000_000, pos in 0usize..9, delta in 1u32..10) {
            let s = format!("{stem:08}");
            let first8: Vec<u32> = s.chars().map(|c| c.to_digit(10).unwrap()).collect();
            if let Some(c) = check_digit(&first8.clone().try_into().unwrap()) {
                let mut digits: Vec<u32> = first8;
                digits.push(c);
                digits[pos] = (digits[pos] + delta) % 10;
                let changed: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
                prop_assert!(OrgNumber::parse(&changed).is_err());
            }
        }

        #[test]
        fn never_panics(input in ".*") {
            let _ = OrgNumber::parse(&input);
        }
    }
}
