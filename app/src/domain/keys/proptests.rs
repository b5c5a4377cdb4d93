//! Robustness: the parsers see raw user input and must return `Err`, never panic.

use proptest::prelude::*;

use super::fixtures::{CERT_OK, RSA2048_SPKI};
use super::{contains_private_key, parse_certificate, parse_key_input};

fn all_parsers(input: &str) {
    let _ = contains_private_key(input);
    let _ = parse_key_input(input);
    let _ = parse_certificate(input);
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
    #![proptest_config(ProptestConfig::with_cases(512))]

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
}
