//! Robustness: the parsers see raw user input and must return `Err`, never panic.
//! `scripts/soak.sh` runs these with millions of cases (`PROPTEST_CASES`, `PROPTEST_RNG_SEED`).

use proptest::prelude::*;

use super::fixtures::{
    CERT_1024, CERT_EC, CERT_NOKU, CERT_OK, CERT_ORGID, CERT_PLAIN, EC_PRIVATE, EC_SPKI, RSA1024_SPKI, RSA2048_PKCS1, RSA2048_PRIVATE_PKCS1,
    RSA2048_PRIVATE_PKCS8, RSA2048_SPKI,
};
use super::{contains_private_key, parse_certificate, parse_key_input};

/// 512 cases in the ordinary test run (the DER parsers are slower than most properties);
/// `PROPTEST_CASES`, which `ProptestConfig::default()` reads, overrides it for a soak.
fn config() -> ProptestConfig {
    let config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_some() {
        config
    } else {
        ProptestConfig { cases: 512, ..config }
    }
}

fn all_parsers(input: &str) {
    let _ = contains_private_key(input);
    let _ = parse_key_input(input);
    if let Ok(cert) = parse_certificate(input) {
        // What the server does next with a parsed certificate.
        let _ = cert.check(0, "");
        let _ = cert.check(i64::MAX, &cert.org_number.clone().unwrap_or_default());
        let _ = cert.check(i64::MIN, "310000019");
    }
}

/// Every PEM fixture: public keys, certificates, and the private keys that must be refused.
const PEM_FIXTURES: &[&str] = &[
    RSA2048_SPKI,
    RSA2048_PKCS1,
    RSA1024_SPKI,
    EC_SPKI,
    CERT_OK,
    CERT_ORGID,
    CERT_NOKU,
    CERT_PLAIN,
    CERT_EC,
    CERT_1024,
    RSA2048_PRIVATE_PKCS8,
    RSA2048_PRIVATE_PKCS1,
    EC_PRIVATE,
];

/// Valid JWK texts as the portal shows and accepts them: one key, an array, a JWKS.
static JWK_FIXTURES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    let jwk = parse_key_input(RSA2048_SPKI).unwrap().remove(0).to_pretty_json();
    let compact: String = jwk.split_whitespace().collect::<Vec<_>>().join("");
    vec![jwk.clone(), format!("[{jwk}]"), format!(r#"{{"keys":[{compact},{compact}]}}"#), compact]
});

/// An edit of a text at a position: replace, insert or delete one byte, or cut the rest.
#[derive(Debug, Clone)]
enum Edit {
    Replace(prop::sample::Index, u8),
    Insert(prop::sample::Index, u8),
    Delete(prop::sample::Index),
    Truncate(prop::sample::Index),
}

/// Bytes that matter to the formats (JSON and PEM punctuation, base64 letters, digits,
/// line ends), with arbitrary bytes now and then.
fn edit_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        4 => prop::sample::select(b"{}[]\",:-=+/ \n\r\t0123456789AQgwz_.eEnN".to_vec()),
        1 => any::<u8>(),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), edit_byte()).prop_map(|(i, b)| Edit::Replace(i, b)),
        2 => (any::<prop::sample::Index>(), edit_byte()).prop_map(|(i, b)| Edit::Insert(i, b)),
        2 => any::<prop::sample::Index>().prop_map(Edit::Delete),
        1 => any::<prop::sample::Index>().prop_map(Edit::Truncate),
    ]
}

/// Applies the edits to the text's bytes; the parsers take `&str`, so invalid UTF-8 is
/// replaced (as a browser or the JSON layer would), keeping the case meaningful.
fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for e in edits {
        match *e {
            Edit::Replace(i, b) if !bytes.is_empty() => {
                let at = i.index(bytes.len());
                bytes[at] = b;
            }
            Edit::Insert(i, b) => {
                let at = i.index(bytes.len() + 1);
                bytes.insert(at, b);
            }
            Edit::Delete(i) if !bytes.is_empty() => {
                bytes.remove(i.index(bytes.len()));
            }
            Edit::Truncate(i) => bytes.truncate(i.index(bytes.len() + 1)),
            _ => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn pem_frame(label: &str, bytes: &[u8]) -> String {
    pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, bytes).unwrap()
}

/// DER of a PEM fixture, to mutate.
fn der_of(pem: &str) -> Vec<u8> {
    pem_rfc7468::decode_vec(pem.as_bytes()).unwrap().1
}

fn json_scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_-]{0,400}".prop_map(|s| format!("\"{s}\"")),
        "\\PC{0,40}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        any::<i64>().prop_map(|n| n.to_string()),
        Just("null".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_strings(s in "\\PC*") {
        all_parsers(&s);
    }

    #[test]
    fn arbitrary_pem_bodies(bytes in proptest::collection::vec(any::<u8>(), 0..600),
                            label in prop_oneof![Just("CERTIFICATE"), Just("PUBLIC KEY"), Just("RSA PUBLIC KEY")]) {
        all_parsers(&pem_frame(label, &bytes));
    }

    #[test]
    fn arbitrary_base64_lines(body in "[A-Za-z0-9+/=\r\n ]{0,300}") {
        all_parsers(&format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----"));
        all_parsers(&format!("-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----"));
    }

    /// Valid DER with a few bytes changed reaches far deeper into the decoders than noise.
    #[test]
    fn mutated_der(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
                   truncate in any::<prop::sample::Index>(),
                   cut in any::<bool>()) {
        for (label, pem) in [("CERTIFICATE", CERT_OK), ("PUBLIC KEY", RSA2048_SPKI)] {
            let mut der = der_of(pem);
            for (at, byte) in &edits {
                let i = at.index(der.len());
                der[i] = *byte;
            }
            if cut {
                der.truncate(truncate.index(der.len()));
            }
            all_parsers(&pem_frame(label, &der));
        }
    }

    #[test]
    fn jsonish(s in "[\\[\\]{}\",:0-9a-z ]{0,200}") {
        all_parsers(&s);
    }

    #[test]
    fn rsa_shaped_json(n in json_scalar(), e in json_scalar(), kid in json_scalar()) {
        let input = format!(r#"{{"kty":"RSA","n":{n},"e":{e},"kid":{kid}}}"#);
        all_parsers(&input);
        all_parsers(&format!("[{input},{input}]"));
        all_parsers(&format!(r#"{{"keys":[{input}]}}"#));
    }

    /// Valid PEM text (keys, certificates, private keys) with a few characters changed,
    /// inserted or removed: armour lines, base64 and line structure all get hit.
    #[test]
    fn mutated_pem_text(which in any::<prop::sample::Index>(), edits in proptest::collection::vec(edit(), 1..8)) {
        let pem = PEM_FIXTURES[which.index(PEM_FIXTURES.len())];
        all_parsers(&mutate(pem, &edits));
    }

    /// Valid JWK, JWK array and JWKS text with a few characters changed, inserted or removed.
    #[test]
    fn mutated_jwk_json(which in any::<prop::sample::Index>(), edits in proptest::collection::vec(edit(), 1..8)) {
        let json = &JWK_FIXTURES[which.index(JWK_FIXTURES.len())];
        all_parsers(&mutate(json, &edits));
    }
}
