//! RSA public keys as JSON Web Keys (RFC 7517/7518) and their RFC 7638 thumbprints.
//!
//! Only what Maskinporten-style client authentication needs: RSA signing keys.
//! Validation happens here, once, so every input path (JWK, JWKS, PEM, certificate)
//! ends up with the same rules and the same Norwegian messages.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::pem::PRIVATE_KEY_WARNING;

/// Smallest accepted modulus. Shorter RSA keys are considered breakable.
pub const MIN_RSA_BITS: usize = 2048;

/// Longest accepted `kid`; keeps ids readable in lists and URLs.
const MAX_KID_LEN: usize = 100;

/// JWK members that only exist in private RSA keys (RFC 7518 §6.3.2).
/// If any is present the user pasted a secret, which we must not accept or keep.
pub(super) const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];

/// Signature algorithms we allow for a registered key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum JwkAlg {
    RS256,
    RS384,
    RS512,
}

impl JwkAlg {
    /// The JOSE name, as used in the `alg` member.
    pub fn as_str(&self) -> &'static str {
        match self {
            JwkAlg::RS256 => "RS256",
            JwkAlg::RS384 => "RS384",
            JwkAlg::RS512 => "RS512",
        }
    }

    /// Parses a JOSE `alg` value; anything but RS256/RS384/RS512 is refused.
    pub fn parse(value: &str) -> Result<JwkAlg, String> {
        match value {
            "RS256" => Ok(JwkAlg::RS256),
            "RS384" => Ok(JwkAlg::RS384),
            "RS512" => Ok(JwkAlg::RS512),
            other => Err(format!("alg må være RS256, RS384 eller RS512 (fikk «{}»).", shorten(other))),
        }
    }
}

/// An RSA public signing key. Field order matters: it is the serialisation order,
/// matching the example in the Maskinporten guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// Always "RSA".
    pub kty: String,
    /// Public exponent, base64url without padding, no leading zero bytes.
    pub e: String,
    /// Always "sig".
    #[serde(rename = "use")]
    pub use_: String,
    pub kid: String,
    pub alg: JwkAlg,
    /// Modulus, base64url without padding, no leading zero bytes.
    pub n: String,
}

impl Jwk {
    /// Modulus length in bits, or 0 if `n` is not valid base64url (only possible
    /// for values that did not come through our constructors).
    pub fn bits(&self) -> usize {
        Base64UrlUnpadded::decode_vec(&self.n).map(|n| bit_length(&n)).unwrap_or(0)
    }

    /// Pretty JSON for display and download.
    pub fn to_pretty_json(&self) -> String {
        // Serialising a struct of strings cannot fail; an empty string is a safe fallback.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Builds a validated JWK from big-endian modulus and exponent bytes
    /// (as found in PKCS#1/SPKI). `kid` defaults to the thumbprint, `alg` to RS256.
    pub fn from_rsa_components(n: &[u8], e: &[u8], kid: Option<&str>, alg: Option<&str>) -> Result<Jwk, String> {
        let n = strip_leading_zeros(n);
        let e = strip_leading_zeros(e);
        if n.is_empty() {
            return Err("RSA-nøkkelen mangler modulus (n).".into());
        }
        if e.is_empty() {
            return Err("RSA-nøkkelen mangler eksponent (e).".into());
        }
        // Sanity limit: real exponents are 3 or 65537; huge ones are malformed input.
        if e.len() > 8 {
            return Err("Eksponenten e er urimelig stor; dette er ikke en gyldig RSA-nøkkel.".into());
        }
        let bits = bit_length(n);
        if bits < MIN_RSA_BITS {
            return Err(format!("RSA-nøkkelen er på {bits} bits; minst {MIN_RSA_BITS} bits kreves."));
        }
        let alg = match alg {
            Some(a) => JwkAlg::parse(a)?,
            None => JwkAlg::RS256,
        };
        let n_b64 = Base64UrlUnpadded::encode_string(n);
        let e_b64 = Base64UrlUnpadded::encode_string(e);
        let kid = match kid {
            Some(k) => {
                validate_kid(k)?;
                k.to_string()
            }
            None => thumbprint(&n_b64, &e_b64),
        };
        Ok(Jwk { kty: "RSA".into(), e: e_b64, use_: "sig".into(), kid, alg, n: n_b64 })
    }

    /// Validates one JWK given as a JSON value. Unknown members (x5c, x5t, …) are
    /// tolerated and dropped: we store only what we have validated.
    pub fn from_json_value(value: &Value) -> Result<Jwk, String> {
        let obj = value.as_object().ok_or_else(|| "En JWK må være et JSON-objekt ({ … }).".to_string())?;
        if has_private_member(obj) {
            return Err(PRIVATE_KEY_WARNING.into());
        }
        match obj.get("kty") {
            None => return Err("Medlemmet kty mangler; kty må være RSA.".into()),
            Some(Value::String(k)) if k == "RSA" => {}
            Some(Value::String(k)) => return Err(format!("kty må være RSA (fikk «{}»). Bare RSA-nøkler støttes.", shorten(k))),
            Some(_) => return Err("kty må være tekststrengen \"RSA\".".into()),
        }
        let n = base64url_member(obj, "n")?;
        let e = base64url_member(obj, "e")?;
        match obj.get("use") {
            None => {}
            Some(Value::String(u)) if u == "sig" => {}
            Some(_) => return Err("use må være \"sig\" når det er oppgitt (nøkkelen skal brukes til signering).".into()),
        }
        let alg = optional_string(obj, "alg")?;
        let kid = optional_string(obj, "kid")?;
        Jwk::from_rsa_components(&n, &e, kid, alg)
    }
}

/// RFC 7638 JWK SHA-256 thumbprint of an RSA key: the hash of the canonical JSON
/// `{"e":…,"kty":"RSA","n":…}` (members sorted, no whitespace), base64url without padding.
pub fn thumbprint(n_b64: &str, e_b64: &str) -> String {
    let canonical = format!("{{\"e\":{},\"kty\":\"RSA\",\"n\":{}}}", json_string(e_b64), json_string(n_b64));
    Base64UrlUnpadded::encode_string(&Sha256::digest(canonical.as_bytes()))
}

/// `kid` rule: 1–100 characters from `[A-Za-z0-9._-]`, so it is safe in URLs, logs and headers.
pub(super) fn validate_kid(kid: &str) -> Result<(), String> {
    let len = kid.chars().count();
    if len == 0 || len > MAX_KID_LEN {
        return Err(format!("kid må være 1–{MAX_KID_LEN} tegn lang (er {len})."));
    }
    if let Some(bad) = kid.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))) {
        return Err(format!("kid kan bare inneholde A–Z, a–z, 0–9, punktum, understrek og bindestrek (fant «{bad}»)."));
    }
    Ok(())
}

/// True if the object carries any private-key member.
pub(super) fn has_private_member(obj: &Map<String, Value>) -> bool {
    PRIVATE_MEMBERS.iter().any(|m| obj.contains_key(*m))
}

fn base64url_member(obj: &Map<String, Value>, name: &str) -> Result<Vec<u8>, String> {
    match obj.get(name) {
        None => Err(format!("Medlemmet {name} mangler i JWK-en.")),
        Some(Value::String(s)) => {
            Base64UrlUnpadded::decode_vec(s).map_err(|_| format!("{name} må være base64url-kodet uten padding (tegn A–Z, a–z, 0–9, - og _, uten =)."))
        }
        Some(_) => Err(format!("{name} må være en tekststreng (base64url uten padding).")),
    }
}

fn optional_string<'a>(obj: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, String> {
    match obj.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("{name} må være en tekststreng når det er oppgitt.")),
    }
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or(&[])
}

/// Bit length of a big-endian unsigned integer.
fn bit_length(bytes: &[u8]) -> usize {
    let bytes = strip_leading_zeros(bytes);
    match bytes.first() {
        None => 0,
        Some(first) => (bytes.len() - 1) * 8 + (8 - first.leading_zeros() as usize),
    }
}

/// JSON string literal with proper escaping (input is normally plain base64url).
fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Keeps echoed user input short in error messages.
pub(super) fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(MAX).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// RFC 7638 §3.1 example key (same key as RFC 7517 appendix A.1).
    const RFC7638_N: &str = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

    /// Example from the Norwegian Maskinporten guide.
    const GUIDE_JWK: &str = r#"{"kty":"RSA","e":"AQAB","use":"sig","kid":"min_egen_nokkel","alg":"RS256","n":"lGc-dGnl9l9pCSb6eW5Mf23Aiss09q7Mxre9q9dazSiN9IjQJmkWDySpoYW3g_rSX2a74cg_q3iTSM0Co9iJ0LQp8gjoIi9I8syi6anBKK6fISr1adZbsGGrM1-zMRRNVsJ811snTdkbgx8ZxVRJM4F6D2KwL3TEnv0CRRVtphO0sRmimKBVVBdawPYQC64SQDvARy6xIlPhD-Da2n2Cl6vRQbVns7dYD8-C2TeYGgB_tAsrVSorx9GF5cZ-hlNHfIgg2qQYZzaljyfOWPPG5rybp9bAWg9vFllUFd_Y6vvZ0tqVfAyj67nFz_w4Rxy-MdRgERKHJcq81GkmVzq5fQ"}"#;

    fn rsa_json(extra: Value) -> Value {
        let mut v = json!({"kty": "RSA", "n": RFC7638_N, "e": "AQAB"});
        if let (Some(o), Some(x)) = (v.as_object_mut(), extra.as_object()) {
            for (k, val) in x {
                o.insert(k.clone(), val.clone());
            }
        }
        v
    }

    #[test]
    fn rfc7638_thumbprint() {
        assert_eq!(thumbprint(RFC7638_N, "AQAB"), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    #[test]
    fn rfc7638_key_defaults() {
        let jwk = Jwk::from_json_value(&rsa_json(json!({}))).unwrap();
        assert_eq!(jwk.kid, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
        assert_eq!(jwk.alg, JwkAlg::RS256);
        assert_eq!(jwk.use_, "sig");
        assert_eq!(jwk.bits(), 2048);
    }

    #[test]
    fn guide_example_parses() {
        let v: Value = serde_json::from_str(GUIDE_JWK).unwrap();
        let jwk = Jwk::from_json_value(&v).unwrap();
        assert_eq!(jwk.kid, "min_egen_nokkel");
        assert_eq!(jwk.bits(), 2048);
        // Serialises back byte-for-byte in the guide's member order.
        assert_eq!(serde_json::to_string(&jwk).unwrap(), GUIDE_JWK);
        let back: Jwk = serde_json::from_str(&jwk.to_pretty_json()).unwrap();
        assert_eq!(back, jwk);
    }

    #[test]
    fn private_members_refused() {
        for m in PRIVATE_MEMBERS {
            let err = Jwk::from_json_value(&rsa_json(json!({ m: "AQAB" }))).unwrap_err();
            assert_eq!(err, PRIVATE_KEY_WARNING, "member {m}");
        }
    }

    #[test]
    fn kty_rules() {
        let err = Jwk::from_json_value(&json!({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"})).unwrap_err();
        assert!(err.contains("kty må være RSA"), "{err}");
        let mut v = rsa_json(json!({}));
        v.as_object_mut().unwrap().remove("kty");
        assert!(Jwk::from_json_value(&v).unwrap_err().contains("kty"));
        assert!(Jwk::from_json_value(&json!([])).is_err());
    }

    #[test]
    fn n_and_e_rules() {
        let mut v = rsa_json(json!({}));
        v.as_object_mut().unwrap().remove("n");
        assert!(Jwk::from_json_value(&v).unwrap_err().contains("n mangler"));
        let err = Jwk::from_json_value(&rsa_json(json!({"e": "AQAB="}))).unwrap_err();
        assert!(err.starts_with("e må være base64url"), "{err}");
        let padded = format!("{RFC7638_N}==");
        assert!(Jwk::from_json_value(&rsa_json(json!({ "n": padded }))).is_err());
        let std_alphabet = RFC7638_N.replace('-', "+");
        assert!(Jwk::from_json_value(&rsa_json(json!({ "n": std_alphabet }))).is_err());
        assert!(Jwk::from_json_value(&rsa_json(json!({"n": 5}))).is_err());
    }

    #[test]
    fn short_modulus_refused() {
        let n = Base64UrlUnpadded::encode_string(&[0xC5; 128]);
        let err = Jwk::from_json_value(&rsa_json(json!({ "n": n }))).unwrap_err();
        assert_eq!(err, "RSA-nøkkelen er på 1024 bits; minst 2048 bits kreves.");
        // 2047 bits: top bit of a 256-byte modulus clear.
        let mut bytes = vec![0xFF; 256];
        bytes[0] = 0x7F;
        let err = Jwk::from_rsa_components(&bytes, &[1, 0, 1], None, None).unwrap_err();
        assert!(err.contains("2047 bits"), "{err}");
    }

    #[test]
    fn leading_zeros_stripped() {
        let mut bytes = vec![0u8, 0];
        bytes.extend_from_slice(&[0xAB; 256]);
        let jwk = Jwk::from_rsa_components(&bytes, &[0, 1, 0, 1], None, None).unwrap();
        assert_eq!(jwk.e, "AQAB");
        assert_eq!(Base64UrlUnpadded::decode_vec(&jwk.n).unwrap().len(), 256);
    }

    #[test]
    fn alg_rules() {
        for a in ["RS256", "RS384", "RS512"] {
            let jwk = Jwk::from_json_value(&rsa_json(json!({ "alg": a }))).unwrap();
            assert_eq!(jwk.alg.as_str(), a);
        }
        for a in ["ES256", "PS256", "rs256", "none", ""] {
            let err = Jwk::from_json_value(&rsa_json(json!({ "alg": a }))).unwrap_err();
            assert!(err.starts_with("alg må være"), "{err}");
        }
        assert_eq!(serde_json::to_string(&JwkAlg::RS512).unwrap(), "\"RS512\"");
    }

    #[test]
    fn use_rules() {
        assert!(Jwk::from_json_value(&rsa_json(json!({"use": "sig"}))).is_ok());
        let err = Jwk::from_json_value(&rsa_json(json!({"use": "enc"}))).unwrap_err();
        assert!(err.starts_with("use må være"), "{err}");
    }

    #[test]
    fn kid_rules() {
        for ok in ["a", "min_egen_nokkel", "2011-04-29", "A.b-C_9", &"x".repeat(100)] {
            let jwk = Jwk::from_json_value(&rsa_json(json!({ "kid": ok }))).unwrap();
            assert_eq!(jwk.kid, ok);
        }
        for bad in ["", "med mellomrom", "æøå", "a/b", "a\"b", &"x".repeat(101)] {
            let err = Jwk::from_json_value(&rsa_json(json!({ "kid": bad }))).unwrap_err();
            assert!(err.starts_with("kid "), "{bad}: {err}");
        }
        assert!(Jwk::from_json_value(&rsa_json(json!({"kid": 7}))).is_err());
    }

    #[test]
    fn extra_members_ignored() {
        let jwk = Jwk::from_json_value(&rsa_json(json!({"x5c": ["MIIB"], "x5t": "abc", "foo": 1}))).unwrap();
        let s = serde_json::to_string(&jwk).unwrap();
        assert!(!s.contains("x5c") && !s.contains("foo"));
    }
}
