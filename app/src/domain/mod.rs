//! Domain types, parsed once and shared by the WASM forms and the server functions:
//! a value that exists is valid.

/// The one way to write a string newtype `$name(String)` that has a
/// `parse(&str) -> Result<Self, String>`: `as_str`, `Display`, `TryFrom<String>` (through
/// `parse`, so serde's `try_from = "String"` refuses invalid values) and `From<$name> for
/// String` (for serde's `into = "String"`). Defined here, before the `mod` lines, so that
/// textual macro scoping makes it visible in every domain module without an import.
macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl ::std::convert::TryFrom<String> for $name {
            type Error = String;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }
        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
}

pub mod audit;
pub mod audit_diff;
pub mod authz;
pub mod client;
pub mod commands;
pub mod commercial;
pub mod delegation;
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
pub mod token;
pub mod views;

pub use authz::{authorize, authorize_admin_factor, Action, Denial, OrgPolicy, Subject};
pub use client::{expiry_warning, RedirectUri, KRR_SCOPES, MAX_KEYS};
pub use environment::{Environment, EnvironmentId};
pub use org_number::OrgNumber;
pub use prefix::{parse_prefix_reason, Prefix};
pub use rights::{check_right_set, Right};
pub use scope::{parse_long_description, parse_scope_description, AtMaxAge, IntegrationType, ScopeName, Subscope, Visibility, SUBSCOPE_MAX};
pub use text::{Email, EmailDomain, Password, PersonName, TotpCode};
