//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), for the
//! production step-up.

use data_encoding::BASE32_NOPAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

pub const STEP_SECONDS: i64 = 30;

/// A new 160-bit secret, base32 as authenticator apps expect.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::thread_rng().fill_bytes(&mut bytes);
    BASE32_NOPAD.encode(&bytes)
}

/// The HOTP value (RFC 4226) for `counter`.
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[19] & 0x0f) as usize;
    let bin = ((h[offset] as u32 & 0x7f) << 24) | ((h[offset + 1] as u32) << 16) | ((h[offset + 2] as u32) << 8) | h[offset + 3] as u32;
    format!("{:0width$}", bin % 10u32.pow(digits), width = digits as usize)
}

/// The code for a base32 secret at `unix_seconds`.
pub fn code_at(secret_b32: &str, unix_seconds: i64) -> Option<String> {
    let key = BASE32_NOPAD.decode(secret_b32.as_bytes()).ok()?;
    Some(hotp(&key, (unix_seconds / STEP_SECONDS) as u64, 6))
}

/// The time step `code` matches, allowing one step of clock drift either way, and only if
/// it is later than `last_used_step` (a code works once).
pub fn verify(secret_b32: &str, code: &str, unix_seconds: i64, last_used_step: Option<i64>) -> Option<i64> {
    let key = BASE32_NOPAD.decode(secret_b32.as_bytes()).ok()?;
    let now_step = unix_seconds / STEP_SECONDS;
    (now_step - 1..=now_step + 1)
        .filter(|step| last_used_step.is_none_or(|last| *step > last))
        .find(|step| constant_time_eq(hotp(&key, *step as u64, 6).as_bytes(), code.as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `otpauth://` URI authenticator apps read from the QR code.
pub fn otpauth_uri(secret_b32: &str, account: &str) -> String {
    format!("otpauth://totp/Selvbetjening:{account}?secret={secret_b32}&issuer=Selvbetjening&algorithm=SHA1&digits=6&period=30")
}

/// The QR code of `uri` as an SVG image.
pub fn qr_svg(uri: &str) -> String {
    match qrcode::QrCode::new(uri.as_bytes()) {
        Ok(code) => code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).build(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (8 digits, key "12345678901234567890").
    #[test]
    fn rfc6238_vectors() {
        let key = b"12345678901234567890";
        for (t, expected) in [(59u64, "94287082"), (1_111_111_109, "07081804"), (1_234_567_890, "89005924"), (2_000_000_000, "69279037")] {
            assert_eq!(hotp(key, t / 30, 8), expected);
        }
    }

    #[test]
    fn verify_window_and_replay() {
        let secret = new_secret();
        let t = 1_800_000_000;
        let code = code_at(&secret, t).unwrap();
        let step = verify(&secret, &code, t, None).expect("current code");
        assert_eq!(verify(&secret, &code, t + 30, None), Some(step), "one step of drift");
        assert_eq!(verify(&secret, &code, t + 90, None), None, "too old");
        assert_eq!(verify(&secret, &code, t, Some(step)), None, "used once");
        assert_eq!(verify(&secret, "000000x", t, None), None);
    }

    #[test]
    fn qr_is_svg() {
        assert!(qr_svg(&otpauth_uri("JBSWY3DPEHPK3PXP", "kari@x.no")).contains("<svg"));
    }
}
