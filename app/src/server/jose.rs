//! Compact JWS (RFC 7515) for the token endpoint: reading an assertion strictly, checking
//! its RSA signature against a registered key, and signing access tokens with an
//! environment's key. Only RS256/RS384/RS512 exist here; there is no code path for
//! `none` or HMAC, so no header can talk us into one.

use crate::domain::token::{StrictObject, TokenError, MAX_ASSERTION_BYTES};
use base64ct::{Base64UrlUnpadded, Encoding};
use ring::rand::SystemRandom;
use ring::signature::{self, RsaKeyPair, RsaPublicKeyComponents};
use serde::Serialize;

/// An assertion split and decoded, not yet verified.
#[derive(Debug)]
pub struct Jws<'a> {
    pub header: StrictObject,
    pub claims: StrictObject,
    /// `base64url(header) "." base64url(payload)`: what the signature covers.
    pub signing_input: &'a str,
    pub signature: Vec<u8>,
}

/// Splits and decodes a compact JWS. Size is checked before anything is decoded.
pub fn split(assertion: &str) -> Result<Jws<'_>, TokenError> {
    if assertion.len() > MAX_ASSERTION_BYTES {
        return Err(TokenError::request(format!("The assertion is {} bytes; at most {MAX_ASSERTION_BYTES} are accepted.", assertion.len())));
    }
    let mut parts = assertion.trim().splitn(4, '.');
    let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(TokenError::request("The assertion is not a compact JWS (three base64url parts separated by dots)."));
    };
    let decode = |part: &str, what: &str| {
        Base64UrlUnpadded::decode_vec(part).map_err(|_| TokenError::request(format!("The assertion's {what} is not base64url without padding.")))
    };
    let header = StrictObject::parse(&decode(h, "header")?, "assertion's header")?;
    let claims = StrictObject::parse(&decode(p, "payload")?, "assertion's claims")?;
    let signature = decode(s, "signature")?;
    let signing_input = &assertion.trim()[..h.len() + 1 + p.len()];
    Ok(Jws { header, claims, signing_input, signature })
}

fn verification(alg: &str) -> Option<&'static signature::RsaParameters> {
    match alg {
        "RS256" => Some(&signature::RSA_PKCS1_2048_8192_SHA256),
        "RS384" => Some(&signature::RSA_PKCS1_2048_8192_SHA384),
        "RS512" => Some(&signature::RSA_PKCS1_2048_8192_SHA512),
        _ => None,
    }
}

/// True when `sig` is `alg`'s RSA signature of `input` by the key (`n`, `e`, big-endian).
pub fn verify(alg: &str, n: &[u8], e: &[u8], input: &[u8], sig: &[u8]) -> bool {
    let Some(params) = verification(alg) else { return false };
    RsaPublicKeyComponents { n, e }.verify(params, input, sig).is_ok()
}

/// An environment's token-signing key, parsed once and kept parsed.
pub struct SigningKey {
    pub kid: String,
    pair: RsaKeyPair,
    /// The public half as a JWK (kty, use, alg, kid, n, e), for the JWKS.
    pub jwk: serde_json::Value,
    rng: SystemRandom,
}

impl SigningKey {
    pub fn from_pkcs8(kid: &str, pkcs8_der: &[u8], jwk: serde_json::Value) -> Result<Self, String> {
        let pair = RsaKeyPair::from_pkcs8(pkcs8_der).map_err(|e| format!("signing key {kid} rejected: {e}"))?;
        Ok(SigningKey { kid: kid.to_string(), pair, jwk, rng: SystemRandom::new() })
    }

    /// A JWT of `claims`, header `{"alg":"RS256","kid":…,"typ":"at+jwt"}`.
    pub fn sign_jwt(&self, claims: &impl Serialize) -> Result<String, String> {
        let header = serde_json::json!({"alg": "RS256", "kid": self.kid, "typ": "at+jwt"});
        sign_compact(&self.pair, &self.rng, &signature::RSA_PKCS1_SHA256, &header, claims)
    }
}

fn sign_compact(
    pair: &RsaKeyPair,
    rng: &SystemRandom,
    padding: &'static dyn signature::RsaEncoding,
    header: &serde_json::Value,
    claims: &impl Serialize,
) -> Result<String, String> {
    let h = serde_json::to_vec(header).map_err(|e| e.to_string())?;
    let c = serde_json::to_vec(claims).map_err(|e| e.to_string())?;
    let mut out = format!("{}.{}", Base64UrlUnpadded::encode_string(&h), Base64UrlUnpadded::encode_string(&c));
    let mut sig = vec![0u8; pair.public().modulus_len()];
    pair.sign(padding, rng, out.as_bytes(), &mut sig).map_err(|_| "RSA signing failed".to_string())?;
    out.push('.');
    out.push_str(&Base64UrlUnpadded::encode_string(&sig));
    Ok(out)
}

/// Signs any header and claims with a PKCS#8 RSA key: what an integration does to make its
/// assertion. The server never holds a client's private key; tests, the benchmark's load
/// client and the examples use this.
pub fn sign_with_pkcs8(pkcs8_der: &[u8], header: &serde_json::Value, claims: &impl Serialize) -> Result<String, String> {
    let pair = RsaKeyPair::from_pkcs8(pkcs8_der).map_err(|e| e.to_string())?;
    let padding: &'static dyn signature::RsaEncoding = match header.get("alg").and_then(|a| a.as_str()) {
        Some("RS384") => &signature::RSA_PKCS1_SHA384,
        Some("RS512") => &signature::RSA_PKCS1_SHA512,
        _ => &signature::RSA_PKCS1_SHA256,
    };
    sign_compact(&pair, &SystemRandom::new(), padding, header, claims)
}

/// A new RSA key pair: the private key as PKCS#8 DER, and the public modulus and
/// exponent (big-endian).
pub struct GeneratedKey {
    pub pkcs8: Vec<u8>,
    pub n: Vec<u8>,
    pub e: Vec<u8>,
}

/// A new RSA-2048 key.
pub fn generate_rsa_2048() -> Result<GeneratedKey, String> {
    use rsa::pkcs8::EncodePrivateKey;
    use rsa::traits::PublicKeyParts;
    let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).map_err(|e| e.to_string())?;
    let der = key.to_pkcs8_der().map_err(|e| e.to_string())?;
    Ok(GeneratedKey { pkcs8: der.as_bytes().to_vec(), n: key.n().to_bytes_be(), e: key.e().to_bytes_be() })
}

/// The header and claims of a compact JWS, without checking anything: for showing a token
/// the server has just issued ("Test token").
pub fn decode_unverified(token: &str) -> Option<(serde_json::Value, serde_json::Value)> {
    let mut parts = token.split('.');
    let h = Base64UrlUnpadded::decode_vec(parts.next()?).ok()?;
    let c = Base64UrlUnpadded::decode_vec(parts.next()?).ok()?;
    Some((serde_json::from_slice(&h).ok()?, serde_json::from_slice(&c).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn generated_key_signs_and_verifies() {
        let GeneratedKey { pkcs8: der, n, e } = generate_rsa_2048().unwrap();
        let key = SigningKey::from_pkcs8("k1", &der, json!({})).unwrap();
        let jwt = key.sign_jwt(&json!({"a": 1})).unwrap();
        let jws = split(&jwt).unwrap();
        assert!(verify("RS256", &n, &e, jws.signing_input.as_bytes(), &jws.signature));
        assert!(!verify("RS384", &n, &e, jws.signing_input.as_bytes(), &jws.signature));
        assert!(!verify("HS256", &n, &e, jws.signing_input.as_bytes(), &jws.signature));
        let mut tampered = jws.signature.clone();
        tampered[0] ^= 1;
        assert!(!verify("RS256", &n, &e, jws.signing_input.as_bytes(), &tampered));
        let (h, c) = decode_unverified(&jwt).unwrap();
        assert_eq!(h["kid"], "k1");
        assert_eq!(c["a"], 1);
    }

    #[test]
    fn split_refuses_malformed_input() {
        assert!(split("a.b").is_err());
        assert!(split("a.b.c.d").is_err());
        assert!(split("!!.e30.AA").is_err());
        assert!(split(&"a".repeat(MAX_ASSERTION_BYTES + 1)).unwrap_err().error_description.contains("bytes"));
        // eyJ9 is `{}` padded wrongly; e30 is `{}`.
        assert!(split("e30=.e30.AA").is_err());
        assert!(split("e30.e30.AA").is_ok());
    }
}
