//! Server functions: thin wrappers that find the caller (`ctx`, from the session cookie,
//! never from the input), parse the input through `contract` into a domain command, and
//! hand it to `server::services`. Module names match `contract` and `server::services`.

pub mod accounts;
pub mod attention;
pub mod audit;
#[cfg(feature = "ssr")]
pub mod audit_csv;
pub mod client_keys;
pub mod clients;
pub mod commercial;
#[cfg(feature = "ssr")]
pub mod ctx;
pub mod delegations;
pub mod environments;
pub mod operator;
pub mod prefix_requests;
#[cfg(feature = "ssr")]
pub mod rest;
pub mod rights;
pub mod scopes;
pub mod tokens;
pub mod totp;
