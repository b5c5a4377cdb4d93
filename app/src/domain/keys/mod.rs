//! Public-key input for client registrations: JWK/JWKS/PEM parsing, RFC 7638
//! thumbprints and X.509 enterprise-certificate checks.
//!
//! Pure and deterministic (no clock, I/O, randomness or big-integer maths) so the same
//! code validates in the browser (wasm32) for instant feedback and again on the server.
//! All errors are Norwegian (bokmål) messages meant to be shown to the user as-is.

mod cert;
mod jwk;
mod pem;

/// Test keys and certificates, for the unit tests and (feature `test-support`) the
/// integration tests.
#[cfg(any(test, feature = "test-support"))]
pub mod fixtures;
#[cfg(test)]
mod proptests;

pub use cert::{parse_certificate, CertificateInfo};
pub use jwk::{thumbprint, Jwk, JwkAlg, MIN_RSA_BITS};
pub use pem::{contains_private_key, parse_key_input, PRIVATE_KEY_WARNING};
