//! Turns whatever the user pasted (JWK, JWK array, JWKS or PEM) into validated [`Jwk`]s.
//!
//! Private keys are detected before anything else is parsed, so a pasted secret is
//! refused with one clear warning instead of a confusing format error.

use der::asn1::ObjectIdentifier;
use der::Decode;
use serde_json::Value;
use spki::SubjectPublicKeyInfoRef;

use super::jwk::{has_private_member, shorten, Jwk, PRIVATE_MEMBERS};

/// Shown whenever the input contains private key material. Nothing is sent anywhere:
/// parsing runs in the browser, and we stop before doing anything with the input.
pub const PRIVATE_KEY_WARNING: &str =
    "Dette er en privat nøkkel. Den skal aldri deles eller limes inn her – lim inn den offentlige nøkkelen (public key) i stedet. Ingenting er sendt.";

/// rsaEncryption (PKCS#1). Evaluated at compile time, so `new_unwrap` cannot panic at run time.
const RSA_ENCRYPTION_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// PEM labels we accept in [`parse_key_input`].
const SUPPORTED_LABELS: &str = "PUBLIC KEY, RSA PUBLIC KEY eller CERTIFICATE";

/// One decoded PEM block.
pub(super) struct PemBlock {
    pub label: String,
    pub der: Vec<u8>,
}

/// True if the input looks like it contains a private key, in PEM (any
/// `BEGIN … PRIVATE KEY` line, PKCS#8, PKCS#1, SEC1, encrypted, OpenSSH), PuTTY, or JWK
/// form (an object, array or JWKS with a private member such as `d`).
/// Deliberately generous: a false positive only costs a warning.
pub fn contains_private_key(input: &str) -> bool {
    let pem_like = input.lines().any(|line| line.find("BEGIN").and_then(|at| line.get(at..)).is_some_and(|rest| rest.contains("PRIVATE KEY")));
    pem_like || input.contains("PuTTY-User-Key-File-") || json_has_private_key(input.trim())
}

/// Parses pasted key material into one or more validated RSA signing keys.
pub fn parse_key_input(input: &str) -> Result<Vec<Jwk>, String> {
    let input = input.trim();
    if input.is_empty() {
        return Err("Lim inn en nøkkel: en JWK, en JWKS eller en PEM-blokk (-----BEGIN PUBLIC KEY-----).".into());
    }
    if contains_private_key(input) {
        return Err(PRIVATE_KEY_WARNING.into());
    }
    let keys = if input.starts_with('{') || input.starts_with('[') {
        parse_json(input)?
    } else if input.contains("-----BEGIN") {
        parse_pem(input)?
    } else {
        return Err(
            "Fant verken JSON eller PEM. Lim inn en JWK (starter med «{»), en liste av JWK-er, en JWKS eller en PEM-blokk (starter med «-----BEGIN»).".into()
        );
    };
    reject_duplicate_kids(&keys)?;
    Ok(keys)
}

fn parse_json(input: &str) -> Result<Vec<Jwk>, String> {
    let value: Value =
        serde_json::from_str(input).map_err(|e| format!("Ugyldig JSON (linje {}, kolonne {}). Sjekk at hele nøkkelen er kopiert.", e.line(), e.column()))?;
    let items: Vec<&Value> = match &value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(obj) if obj.contains_key("keys") && !obj.contains_key("kty") => match obj.get("keys") {
            Some(Value::Array(items)) => items.iter().collect(),
            _ => return Err("JWKS: medlemmet keys må være en liste med JWK-er.".into()),
        },
        Value::Object(_) => vec![&value],
        _ => return Err("JSON-en må være en JWK ({ … }), en liste av JWK-er eller en JWKS.".into()),
    };
    if items.is_empty() {
        return Err("Listen inneholder ingen nøkler. Lim inn minst én JWK.".into());
    }
    let numbered = items.len() > 1;
    items.into_iter().enumerate().map(|(i, item)| Jwk::from_json_value(item).map_err(|e| if numbered { format!("Nøkkel {}: {e}", i + 1) } else { e })).collect()
}

fn parse_pem(input: &str) -> Result<Vec<Jwk>, String> {
    let blocks = pem_blocks(input, &["PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE"])?;
    let numbered = blocks.len() > 1;
    blocks.iter().enumerate().map(|(i, block)| jwk_from_pem_block(block).map_err(|e| if numbered { format!("PEM-blokk {}: {e}", i + 1) } else { e })).collect()
}

fn jwk_from_pem_block(block: &PemBlock) -> Result<Jwk, String> {
    match block.label.as_str() {
        "PUBLIC KEY" => {
            let spki = SubjectPublicKeyInfoRef::from_der(&block.der)
                .map_err(|_| "PUBLIC KEY-blokken inneholder ikke en gyldig offentlig nøkkel (SubjectPublicKeyInfo).".to_string())?;
            jwk_from_spki(spki.algorithm.oid, spki.subject_public_key.as_bytes())
        }
        "RSA PUBLIC KEY" => jwk_from_pkcs1(&block.der),
        "CERTIFICATE" => {
            let cert =
                x509_cert::Certificate::from_der(&block.der).map_err(|_| "CERTIFICATE-blokken inneholder ikke et gyldig X.509-sertifikat.".to_string())?;
            let spki = &cert.tbs_certificate.subject_public_key_info;
            jwk_from_spki(spki.algorithm.oid, spki.subject_public_key.as_bytes())
        }
        other => Err(unsupported_label(other, SUPPORTED_LABELS)),
    }
}

/// RSA key from a SubjectPublicKeyInfo's algorithm OID and key bits. Shared with
/// certificate parsing so both paths enforce the same rules.
pub(super) fn jwk_from_spki(oid: ObjectIdentifier, key: Option<&[u8]>) -> Result<Jwk, String> {
    if oid != RSA_ENCRYPTION_OID {
        return Err(format!("Bare RSA-nøkler støttes (denne nøkkelen er {}).", key_type_name(&oid)));
    }
    let key = key.ok_or_else(|| "Den offentlige nøkkelen er feilkodet (ufullstendig BIT STRING).".to_string())?;
    jwk_from_pkcs1(key)
}

fn jwk_from_pkcs1(der: &[u8]) -> Result<Jwk, String> {
    let key = pkcs1::RsaPublicKey::from_der(der).map_err(|_| "RSA-nøkkelen er feilkodet (ugyldig PKCS#1 RSAPublicKey).".to_string())?;
    Jwk::from_rsa_components(key.modulus.as_bytes(), key.public_exponent.as_bytes(), None, None)
}

/// Human name for common non-RSA key algorithms, so the refusal says what was pasted.
fn key_type_name(oid: &ObjectIdentifier) -> String {
    let name = match oid.to_string().as_str() {
        "1.2.840.10045.2.1" => "EC (elliptisk kurve)",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS, som ikke støttes – bruk rsaEncryption",
        "1.2.840.10040.4.1" => "DSA",
        other => return format!("av typen {other}"),
    };
    name.to_string()
}

pub(super) fn unsupported_label(label: &str, supported: &str) -> String {
    format!("PEM-typen «{}» støttes ikke. Lim inn {supported}.", shorten(label))
}

/// Splits the input into PEM blocks, ignoring text between blocks (e.g. the
/// `subject=` lines in certificate bundles). Each body is re-wrapped to 64 columns
/// with LF before decoding with `pem-rfc7468`, so CRLF, indentation and other line
/// widths are tolerated while the strict decoder still validates the base64.
pub(super) fn pem_blocks(input: &str, supported: &[&str]) -> Result<Vec<PemBlock>, String> {
    let supported_text = supported.join(", ");
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in input.lines() {
        let line = line.trim();
        let begin = line.strip_prefix("-----BEGIN ").and_then(|r| r.strip_suffix("-----"));
        let end = line.strip_prefix("-----END ").and_then(|r| r.strip_suffix("-----"));
        match current.take() {
            None => {
                if let Some(label) = begin {
                    if !supported.contains(&label) {
                        return Err(unsupported_label(label, &supported_text));
                    }
                    current = Some((label.to_string(), String::new()));
                } else if end.is_some() {
                    return Err("Fant en -----END-linje uten tilhørende -----BEGIN-linje.".into());
                }
            }
            Some((label, mut body)) => {
                if let Some(end_label) = end {
                    if end_label != label {
                        return Err(format!("PEM-blokken «{label}» avsluttes med «END {}».", shorten(end_label)));
                    }
                    blocks.push(decode_block(&label, &body)?);
                } else if begin.is_some() {
                    return Err(format!("PEM-blokken «{label}» mangler -----END {label}-----."));
                } else {
                    body.extend(line.chars().filter(|c| !c.is_whitespace()));
                    current = Some((label, body));
                }
            }
        }
    }
    if let Some((label, _)) = current {
        return Err(format!("PEM-blokken «{label}» mangler -----END {label}-----."));
    }
    if blocks.is_empty() {
        return Err("Fant ingen PEM-blokk. En PEM-blokk starter med en egen linje «-----BEGIN …-----».".into());
    }
    Ok(blocks)
}

fn decode_block(label: &str, body: &str) -> Result<PemBlock, String> {
    if body.is_empty() {
        return Err(format!("PEM-blokken «{label}» er tom."));
    }
    let mut pem = format!("-----BEGIN {label}-----\n").into_bytes();
    for chunk in body.as_bytes().chunks(pem_rfc7468::BASE64_WRAP_WIDTH) {
        pem.extend_from_slice(chunk);
        pem.push(b'\n');
    }
    pem.extend_from_slice(format!("-----END {label}-----\n").as_bytes());
    let (decoded_label, der) = pem_rfc7468::decode_vec(&pem).map_err(|_| format!("PEM-blokken «{label}» inneholder ugyldig base64."))?;
    Ok(PemBlock { label: decoded_label.to_string(), der })
}

fn reject_duplicate_kids(keys: &[Jwk]) -> Result<(), String> {
    for (i, key) in keys.iter().enumerate() {
        if keys.iter().take(i).any(|k| k.kid == key.kid) {
            return Err(format!("Nøkkel-ID-en (kid) «{}» forekommer mer enn én gang. Hver nøkkel må ha sin egen kid.", key.kid));
        }
    }
    Ok(())
}

/// JWK / JWK array / JWKS with a private member. Falls back to a textual search when
/// the JSON is broken, because a half-pasted private JWK is still a leaked secret.
fn json_has_private_key(input: &str) -> bool {
    if !(input.starts_with('{') || input.starts_with('[')) {
        return false;
    }
    match serde_json::from_str::<Value>(input) {
        Ok(value) => value_has_private_key(&value),
        Err(_) => PRIVATE_MEMBERS.iter().any(|m| has_json_key(input, m)),
    }
}

fn value_has_private_key(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().any(value_has_private_key),
        Value::Object(obj) => has_private_member(obj) || obj.get("keys").is_some_and(value_has_private_key),
        _ => false,
    }
}

/// `"name"` followed by optional whitespace and a colon, anywhere in the text.
fn has_json_key(text: &str, name: &str) -> bool {
    let needle = format!("\"{name}\"");
    text.match_indices(&needle).any(|(at, _)| text.get(at + needle.len()..).is_some_and(|rest| rest.trim_start().starts_with(':')))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use base64ct::{Base64UrlUnpadded, Encoding};

    fn hex_to_bytes(hex: &str) -> Vec<u8> {
        (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn spki_and_pkcs1_match_openssl_modulus() {
        let mut modulus = hex_to_bytes(RSA2048_MODULUS_HEX);
        while modulus.first() == Some(&0) {
            modulus.remove(0);
        }
        let spki = parse_key_input(RSA2048_SPKI).unwrap();
        let pkcs1 = parse_key_input(RSA2048_PKCS1).unwrap();
        assert_eq!(spki.len(), 1);
        assert_eq!(spki, pkcs1);
        let jwk = &spki[0];
        assert_eq!(jwk.n, Base64UrlUnpadded::encode_string(&modulus));
        assert_eq!(jwk.e, "AQAB");
        assert_eq!(jwk.kid, RSA2048_THUMBPRINT);
        assert_eq!(jwk.bits(), 2048);
        assert_eq!(jwk.alg.as_str(), "RS256");
        assert_eq!(jwk.use_, "sig");
    }

    #[test]
    fn crlf_and_whitespace_tolerated() {
        let crlf = format!("\r\n  {}  \r\n", RSA2048_SPKI.replace('\n', "\r\n"));
        assert_eq!(parse_key_input(&crlf).unwrap(), parse_key_input(RSA2048_SPKI).unwrap());
        // Indented, re-wrapped at 76 columns (as some tools do).
        let body: String = RSA2048_SPKI.lines().filter(|l| !l.starts_with("-----")).collect();
        let wrapped: Vec<String> = body.as_bytes().chunks(76).map(|c| format!("    {}", String::from_utf8_lossy(c))).collect();
        let pem = format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----", wrapped.join("\n"));
        assert_eq!(parse_key_input(&pem).unwrap(), parse_key_input(RSA2048_SPKI).unwrap());
    }

    #[test]
    fn short_rsa_refused() {
        assert_eq!(parse_key_input(RSA1024_SPKI).unwrap_err(), "RSA-nøkkelen er på 1024 bits; minst 2048 bits kreves.");
    }

    #[test]
    fn ec_refused() {
        let err = parse_key_input(EC_SPKI).unwrap_err();
        assert!(err.starts_with("Bare RSA-nøkler støttes"), "{err}");
        assert!(err.contains("EC"), "{err}");
    }

    #[test]
    fn private_keys_detected_and_refused() {
        for pem in [RSA2048_PRIVATE_PKCS8, RSA2048_PRIVATE_PKCS1, EC_PRIVATE] {
            assert!(contains_private_key(pem));
            assert_eq!(parse_key_input(pem).unwrap_err(), PRIVATE_KEY_WARNING);
            // Even when mixed with an acceptable public key.
            let mixed = format!("{RSA2048_SPKI}\n{pem}");
            assert_eq!(parse_key_input(&mixed).unwrap_err(), PRIVATE_KEY_WARNING);
        }
        for label in ["ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY"] {
            let pem = format!("-----BEGIN {label}-----\nAAAA\n-----END {label}-----\n");
            assert!(contains_private_key(&pem));
            assert_eq!(parse_key_input(&pem).unwrap_err(), PRIVATE_KEY_WARNING);
        }
        assert!(!contains_private_key(RSA2048_SPKI));
        assert!(!contains_private_key(RSA2048_PKCS1));
        assert!(!contains_private_key(CERT_OK));
    }

    #[test]
    fn private_jwk_detected() {
        let d = r#"{"kty":"RSA","n":"AQAB","e":"AQAB","d":"AQAB"}"#;
        assert!(contains_private_key(d));
        assert!(contains_private_key(&format!("[{d}]")));
        assert!(contains_private_key(&format!(r#"{{"keys":[{d}]}}"#)));
        // Broken JSON still counts.
        assert!(contains_private_key(r#"{"kty":"RSA", "d" : "abc""#));
        assert_eq!(parse_key_input(&format!(r#"{{"keys":[{d}]}}"#)).unwrap_err(), PRIVATE_KEY_WARNING);
        assert!(!contains_private_key(r#"{"kty":"RSA","kid":"d"}"#));
    }

    #[test]
    fn pem_certificate_gives_its_key() {
        let keys = parse_key_input(CERT_OK).unwrap();
        assert_eq!(keys, parse_key_input(RSA2048_SPKI).unwrap());
    }

    #[test]
    fn multiple_pem_blocks_and_duplicates() {
        let two = format!("{RSA2048_SPKI}\nnoe tekst imellom\n{RSA2048_PKCS1}");
        let err = parse_key_input(&two).unwrap_err();
        assert!(err.contains("forekommer mer enn én gang"), "{err}");
        let err = parse_key_input(&format!("{RSA2048_SPKI}{RSA1024_SPKI}")).unwrap_err();
        assert!(err.starts_with("PEM-blokk 2: RSA-nøkkelen er på 1024 bits"), "{err}");
    }

    #[test]
    fn json_forms() {
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        let a = format!(r#"{{"kty":"RSA","n":"{n}","e":"AQAB","kid":"a"}}"#);
        let b = format!(r#"{{"kty":"RSA","n":"{n}","e":"AQAB","kid":"b","x5c":["MIIB"]}}"#);
        assert_eq!(parse_key_input(&a).unwrap().len(), 1);
        let arr = parse_key_input(&format!("[{a},{b}]")).unwrap();
        assert_eq!(arr.iter().map(|k| k.kid.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        let jwks = parse_key_input(&format!(r#"  {{"keys":[{a},{b}]}}  "#)).unwrap();
        assert_eq!(jwks, arr);
        let err = parse_key_input(&format!("[{a},{a}]")).unwrap_err();
        assert!(err.contains("«a» forekommer mer enn én gang"), "{err}");
        let err = parse_key_input(&format!(r#"[{a},{{"kty":"EC"}}]"#)).unwrap_err();
        assert!(err.starts_with("Nøkkel 2: kty må være RSA"), "{err}");
    }

    #[test]
    fn error_messages() {
        assert!(parse_key_input("  \r\n ").unwrap_err().starts_with("Lim inn en nøkkel"));
        assert!(parse_key_input("[]").unwrap_err().contains("ingen nøkler"));
        assert!(parse_key_input(r#"{"keys":[]}"#).unwrap_err().contains("ingen nøkler"));
        assert!(parse_key_input(r#"{"keys":{}}"#).unwrap_err().contains("keys må være en liste"));
        assert!(parse_key_input("{\"kty\":").unwrap_err().starts_with("Ugyldig JSON"));
        assert!(parse_key_input("ssh-rsa AAAAB3Nza").unwrap_err().starts_with("Fant verken JSON eller PEM"));
        let err = parse_key_input("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----").unwrap_err();
        assert!(err.contains("«CERTIFICATE REQUEST» støttes ikke"), "{err}");
        let err = parse_key_input("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----").unwrap_err();
        assert!(err.contains("ugyldig base64"), "{err}");
        let err = parse_key_input("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----").unwrap_err();
        assert!(err.contains("gyldig offentlig nøkkel"), "{err}");
        let err = parse_key_input("-----BEGIN PUBLIC KEY-----\nAAAA\n").unwrap_err();
        assert!(err.contains("mangler -----END PUBLIC KEY-----"), "{err}");
        let err = parse_key_input("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----").unwrap_err();
        assert!(err.contains("avsluttes med"), "{err}");
        let err = parse_key_input("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----").unwrap_err();
        assert!(err.contains("er tom"), "{err}");
    }
}
