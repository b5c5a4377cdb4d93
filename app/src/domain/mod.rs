//! Domain types, parsed once and shared by the WASM forms and the server functions:
//! a value that exists is valid.

pub mod audit;
pub mod authz;
pub mod client;
pub mod commands;
pub mod commercial;
mod environment;
pub mod keys;
mod org_number;
pub mod organization;
mod prefix;
pub mod requests;
mod rights;
mod scope;
mod text;
pub mod time;
pub mod views;

pub use authz::{authorize, Action, Denial, OrgPolicy, Subject};
pub use client::{RedirectUri, KRR_SCOPES, MAX_KEYS};
pub use environment::{Environment, EnvironmentId};
pub use org_number::OrgNumber;
pub use prefix::{parse_prefix_reason, Prefix};
pub use rights::{check_right_set, Right};
pub use scope::{parse_long_description, parse_scope_description, AtMaxAge, IntegrationType, ScopeName, Subscope, Visibility, SUBSCOPE_MAX};
pub use text::{Email, EmailDomain, Password, PersonName, TotpCode};
