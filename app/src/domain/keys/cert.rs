//! X.509 enterprise certificates (virksomhetssertifikat) as an alternative to a bare key.
//!
//! We extract what the portal shows and checks: names, serial, validity, the
//! organisation number and the RSA key. Chain/signature validation is not done here;
//! that belongs on the server against trusted CAs.

use der::oid::AssociatedOid;
use der::{Decode, Encode, Tag, Tagged};
use serde::{Deserialize, Serialize};
use x509_cert::ext::pkix::KeyUsage;
use x509_cert::name::Name;
use x509_cert::Certificate;

use super::jwk::{shorten, Jwk};
use super::pem::{contains_private_key, jwk_from_spki, pem_blocks, PRIVATE_KEY_WARNING};

/// What we keep from a pasted certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateInfo {
    /// RFC 4514-style, most specific first: "CN=…, O=…, C=NO".
    pub subject: String,
    pub issuer: String,
    /// Upper-case hex, colon separated, leading zero bytes stripped.
    pub serial: String,
    /// Unix seconds.
    pub not_before: i64,
    pub not_after: i64,
    /// Norwegian organisation number (9 digits) from the subject.
    pub org_number: Option<String>,
    /// KeyUsage extension present with digitalSignature set.
    pub digital_signature: bool,
    /// The certificate's RSA public key (kid = thumbprint).
    pub jwk: Jwk,
    /// Normalised PEM (LF, 64 columns).
    pub pem: String,
}

/// Attribute types we print with a short name; everything else is a dotted OID.
/// A local table avoids depending on const-oid's name database for display.
const ATTRIBUTE_NAMES: [(&str, &str); 14] = [
    ("2.5.4.3", "CN"),
    ("2.5.4.4", "SN"),
    ("2.5.4.5", "serialNumber"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.9", "STREET"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.42", "GN"),
    ("2.5.4.97", "organizationIdentifier"),
    ("1.2.840.113549.1.9.1", "emailAddress"),
    ("0.9.2342.19200300.100.1.1", "UID"),
    ("0.9.2342.19200300.100.1.25", "DC"),
];

const SERIAL_NUMBER_OID: &str = "2.5.4.5";
const ORGANIZATION_IDENTIFIER_OID: &str = "2.5.4.97";

/// Parses exactly one PEM certificate.
pub fn parse_certificate(input: &str) -> Result<CertificateInfo, String> {
    let input = input.trim();
    if input.is_empty() {
        return Err("Lim inn et sertifikat (-----BEGIN CERTIFICATE-----).".into());
    }
    if contains_private_key(input) {
        return Err(PRIVATE_KEY_WARNING.into());
    }
    if !input.contains("-----BEGIN") {
        return Err("Fant ingen PEM-blokk. Sertifikatet må starte med «-----BEGIN CERTIFICATE-----».".into());
    }
    let blocks = pem_blocks(input, &["CERTIFICATE"])?;
    let der = match blocks.as_slice() {
        [one] => &one.der,
        many => return Err(format!("Lim inn bare ett sertifikat (fant {}). Bruk virksomhetssertifikatet, ikke hele kjeden.", many.len())),
    };
    let cert = Certificate::from_der(der).map_err(|_| "Sertifikatet kunne ikke leses (ugyldig DER/X.509).".to_string())?;
    let tbs = &cert.tbs_certificate;
    let spki = &tbs.subject_public_key_info;
    let jwk = jwk_from_spki(spki.algorithm.oid, spki.subject_public_key.as_bytes())?;
    let pem = pem_rfc7468::encode_string("CERTIFICATE", pem_rfc7468::LineEnding::LF, der).map_err(|_| "Sertifikatet kunne ikke PEM-kodes.".to_string())?;
    Ok(CertificateInfo {
        subject: format_name(&tbs.subject),
        issuer: format_name(&tbs.issuer),
        serial: format_serial(tbs.serial_number.as_bytes()),
        not_before: unix_seconds(tbs.validity.not_before),
        not_after: unix_seconds(tbs.validity.not_after),
        org_number: org_number(&tbs.subject),
        digital_signature: has_digital_signature(&cert)?,
        jwk,
        pem,
    })
}

impl CertificateInfo {
    /// Checks the rules against `now` (unix seconds) and the integration's org number;
    /// returns every broken rule's message (one per line) so the user can fix all at once.
    pub fn check(&self, now: i64, org_number: &str) -> Result<(), String> {
        let mut errors = Vec::new();
        if now < self.not_before {
            errors.push(format!("Sertifikatet er ikke gyldig før {}.", format_utc(self.not_before)));
        }
        if now > self.not_after {
            errors.push(format!("Sertifikatet utløp {}.", format_utc(self.not_after)));
        }
        if !self.digital_signature {
            errors.push("Sertifikatet mangler nøkkelbruken digitalSignature (KeyUsage) og kan ikke brukes til signering.".to_string());
        }
        match &self.org_number {
            None => errors.push("Sertifikatet inneholder ikke et organisasjonsnummer (serialNumber eller organizationIdentifier i subject).".to_string()),
            Some(found) if found != org_number.trim() => {
                errors.push(format!("Sertifikatet tilhører organisasjonsnummer {found}, ikke {}.", shorten(org_number.trim())))
            }
            Some(_) => {}
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("\n"))
        }
    }
}

/// X.509 times are at most year 9999, so this always fits in i64.
fn unix_seconds(time: x509_cert::time::Time) -> i64 {
    i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

fn has_digital_signature(cert: &Certificate) -> Result<bool, String> {
    let extensions = cert.tbs_certificate.extensions.as_deref().unwrap_or(&[]);
    match extensions.iter().find(|ext| ext.extn_id == KeyUsage::OID) {
        None => Ok(false),
        Some(ext) => KeyUsage::from_der(ext.extn_value.as_bytes())
            .map(|ku| ku.digital_signature())
            .map_err(|_| "Sertifikatets KeyUsage-utvidelse er feilkodet.".to_string()),
    }
}

/// Org number from subject serialNumber (`310000027` or `NTRNO-310000027`) or
/// organizationIdentifier (`NTRNO-310000027`), in that order.
fn org_number(name: &Name) -> Option<String> {
    let values = |oid: &str| -> Vec<String> {
        name.0
            .iter()
            .flat_map(|rdn| rdn.0.iter())
            .filter(|atv| atv.oid.to_string() == oid)
            .filter_map(|atv| attribute_string(atv.value.tag(), atv.value.value()))
            .collect()
    };
    let serial = values(SERIAL_NUMBER_OID).into_iter().find_map(|v| {
        let v = v.trim();
        let digits = v.strip_prefix("NTRNO-").unwrap_or(v);
        is_org_number(digits).then(|| digits.to_string())
    });
    serial.or_else(|| {
        values(ORGANIZATION_IDENTIFIER_OID).into_iter().find_map(|v| v.trim().strip_prefix("NTRNO-").filter(|d| is_org_number(d)).map(str::to_string))
    })
}

fn is_org_number(s: &str) -> bool {
    s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit())
}

/// RFC 4514 order is the reverse of the encoded order (most specific first).
fn format_name(name: &Name) -> String {
    name.0
        .iter()
        .rev()
        .map(|rdn| {
            rdn.0
                .iter()
                .map(|atv| {
                    let oid = atv.oid.to_string();
                    let key = attribute_name(&oid).map(str::to_string).unwrap_or(oid);
                    let value = match attribute_string(atv.value.tag(), atv.value.value()) {
                        Some(s) => escape_rfc4514(&s),
                        // Non-string values: '#' + hex of the DER encoding, as RFC 4514 says.
                        None => format!("#{}", hex(&atv.value.to_der().unwrap_or_default(), "")),
                    };
                    format!("{key}={value}")
                })
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn attribute_name(oid: &str) -> Option<&'static str> {
    ATTRIBUTE_NAMES.iter().find(|(o, _)| *o == oid).map(|(_, name)| *name)
}

/// Decodes the DirectoryString-like types seen in real certificates.
fn attribute_string(tag: Tag, value: &[u8]) -> Option<String> {
    match tag {
        Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::VisibleString => Some(String::from_utf8_lossy(value).into_owned()),
        // T.61 in theory; in practice Latin-1, which maps 1:1 to the first 256 code points.
        Tag::TeletexString => Some(value.iter().map(|b| char::from(*b)).collect()),
        Tag::BmpString => {
            let units = value.chunks(2).map(|c| u16::from_be_bytes([c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)]));
            Some(char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect())
        }
        _ => None,
    }
}

/// Escapes the characters RFC 4514 §2.4 requires, so names with commas stay unambiguous.
fn escape_rfc4514(value: &str) -> String {
    let count = value.chars().count();
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';') || (i == 0 && (c == '#' || c == ' ')) || (i + 1 == count && c == ' ');
        if c == '\0' {
            out.push_str("\\00");
            continue;
        }
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// DER INTEGERs carry a 0x00 prefix when the top bit is set; users compare against
/// tools that show the plain number, so it is stripped (keeping at least one byte).
fn format_serial(bytes: &[u8]) -> String {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len().saturating_sub(1));
    hex(bytes.get(start..).unwrap_or(&[]), ":")
}

fn hex(bytes: &[u8], sep: &str) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(sep)
}

/// `YYYY-MM-DD HH:MM UTC`, as timestamps are shown everywhere else.
fn format_utc(unix: i64) -> String {
    format!("{} UTC", super::super::time::format_utc(unix))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::super::pem::parse_key_input;
    use super::*;

    const ORG: &str = "310000027";
    const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

    fn plain_serial(s: &str) -> String {
        s.replace(':', "")
    }

    #[test]
    fn parses_enterprise_certificate() {
        let info = parse_certificate(CERT_OK).unwrap();
        // Same text as `openssl x509 -noout -subject -nameopt RFC2253` (openssl ca put serialNumber last in the encoding).
        assert_eq!(info.subject, "serialNumber=310000027, CN=Demo Konsument AS, O=Demo Konsument AS, C=NO");
        assert_eq!(info.issuer, info.subject);
        assert_eq!(plain_serial(&info.serial), CERT_OK_SERIAL);
        assert_eq!(info.serial.len(), CERT_OK_SERIAL.len() / 2 * 3 - 1);
        assert_eq!(info.not_before, NOT_BEFORE);
        assert_eq!(info.not_after, NOT_AFTER);
        assert_eq!(info.org_number.as_deref(), Some(ORG));
        assert!(info.digital_signature);
        assert_eq!(vec![info.jwk.clone()], parse_key_input(RSA2048_SPKI).unwrap());
        assert_eq!(info.pem, CERT_OK);
        assert_eq!(info.check(NOW, ORG), Ok(()));
    }

    #[test]
    fn organization_identifier_and_utf8() {
        let info = parse_certificate(CERT_ORGID).unwrap();
        assert_eq!(info.subject, "organizationIdentifier=NTRNO-310000027, CN=Demo Konsument Ø AS, O=Demo Konsument Ø AS, C=NO");
        assert_eq!(info.org_number.as_deref(), Some(ORG));
        assert_eq!(plain_serial(&info.serial), CERT_ORGID_SERIAL);
        assert_eq!(info.check(NOW, ORG), Ok(()));
    }

    #[test]
    fn serial_leading_zero_stripped() {
        // DER encodes this serial with a 0x00 prefix (top bit set).
        let info = parse_certificate(CERT_NOKU).unwrap();
        assert_eq!(plain_serial(&info.serial), CERT_NOKU_SERIAL);
        assert!(info.serial.starts_with("BD:CA:"));
    }

    #[test]
    fn check_validity_window() {
        let info = parse_certificate(CERT_OK).unwrap();
        assert_eq!(info.check(NOT_BEFORE, ORG), Ok(()));
        assert_eq!(info.check(NOT_AFTER, ORG), Ok(()));
        assert_eq!(info.check(NOT_BEFORE - 1, ORG).unwrap_err(), "Sertifikatet er ikke gyldig før 2025-01-01 00:00 UTC.");
        assert_eq!(info.check(NOT_AFTER + 1, ORG).unwrap_err(), "Sertifikatet utløp 2035-01-01 00:00 UTC.");
    }

    #[test]
    fn check_wrong_org_and_missing_usage() {
        let info = parse_certificate(CERT_OK).unwrap();
        assert_eq!(info.check(NOW, "999999999").unwrap_err(), "Sertifikatet tilhører organisasjonsnummer 310000027, ikke 999999999.");
        let noku = parse_certificate(CERT_NOKU).unwrap();
        assert!(!noku.digital_signature);
        assert!(noku.check(NOW, ORG).unwrap_err().contains("digitalSignature"));
    }

    #[test]
    fn check_reports_every_rule() {
        let plain = parse_certificate(CERT_PLAIN).unwrap();
        assert_eq!(plain.subject, "emailAddress=test@example.com, CN=Ingen org");
        assert_eq!(plain.org_number, None);
        assert_eq!(plain_serial(&plain.serial), CERT_PLAIN_SERIAL);
        assert!(!plain.digital_signature);
        let err = plain.check(NOT_AFTER + 10, ORG).unwrap_err();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 3, "{err}");
        assert!(lines[0].starts_with("Sertifikatet utløp"));
        assert!(lines[1].contains("digitalSignature"));
        assert!(lines[2].contains("inneholder ikke et organisasjonsnummer"));
    }

    #[test]
    fn refusals() {
        let err = parse_certificate(CERT_EC).unwrap_err();
        assert!(err.starts_with("Bare RSA-nøkler støttes"), "{err}");
        let err = parse_certificate(CERT_1024).unwrap_err();
        assert_eq!(err, "RSA-nøkkelen er på 1024 bits; minst 2048 bits kreves.");
        assert_eq!(parse_certificate(RSA2048_PRIVATE_PKCS8).unwrap_err(), PRIVATE_KEY_WARNING);
        assert_eq!(parse_certificate(&format!("{CERT_OK}{EC_PRIVATE}")).unwrap_err(), PRIVATE_KEY_WARNING);
        let err = parse_certificate(RSA2048_SPKI).unwrap_err();
        assert!(err.contains("«PUBLIC KEY» støttes ikke"), "{err}");
        let err = parse_certificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----").unwrap_err();
        assert!(err.contains("ugyldig DER"), "{err}");
        let err = parse_certificate(&format!("{CERT_OK}{CERT_ORGID}")).unwrap_err();
        assert!(err.contains("bare ett sertifikat"), "{err}");
        assert!(parse_certificate("").is_err());
        assert!(parse_certificate("hei").is_err());
    }

    #[test]
    fn crlf_certificate_normalised() {
        let info = parse_certificate(&format!("  {}\r\n", CERT_OK.replace('\n', "\r\n"))).unwrap();
        assert_eq!(info.pem, CERT_OK);
    }

    #[test]
    fn utc_formatting() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(format_utc(1_709_210_096), "2024-02-29 12:34 UTC");
        assert_eq!(format_utc(NOT_AFTER - 60), "2034-12-31 23:59 UTC");
        assert_eq!(format_utc(253_402_300_799), "9999-12-31 23:59 UTC");
        assert_eq!(format_utc(-1), "1969-12-31 23:59 UTC");
    }

    #[test]
    fn rfc4514_escaping() {
        assert_eq!(escape_rfc4514("Acme, Inc."), "Acme\\, Inc.");
        assert_eq!(escape_rfc4514(" #x "), "\\ #x\\ ");
        assert_eq!(escape_rfc4514("#a+b"), "\\#a\\+b");
    }
}
