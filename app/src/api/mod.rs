//! Server functions: thin wrappers that find the caller and hand the input to
//! `server::services`. The input structs and their `parse` live here because the browser
//! runs the same `parse` before it submits.

pub mod auth;
pub mod clients;
#[cfg(feature = "ssr")]
pub mod ctx;
pub mod environments;
pub mod operator;
pub mod profile;
pub mod provider;
pub mod rights;
pub mod scopes;
pub mod types;
