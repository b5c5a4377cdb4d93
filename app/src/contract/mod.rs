//! The wire contract between the forms and the server functions: each form's input as
//! typed (`*Input`, plain strings), its field names, and its `parse` into a domain command.
//! Compiled into the WASM and the server alike, so the browser runs the same `parse`
//! before it submits that the server function runs again on what arrives.
//!
//! Depends only on `domain` and `error`; module names match `api`, `server::services`
//! and `server::store`.

pub mod accounts;
pub mod audit;
pub mod clients;
pub mod commercial;
pub mod delegations;
pub mod operator;
pub mod prefix_requests;
pub mod rights;
pub mod scopes;
