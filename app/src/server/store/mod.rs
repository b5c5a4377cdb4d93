//! Store functions: one SQL statement's worth of work each, taking the connection (or the
//! transaction) as an argument so callers decide what is atomic.

pub mod audit;
pub mod clients;
pub mod commercial;
pub mod decode;
pub mod delegations;
pub mod notices;
pub mod orgs;
pub mod outbox;
pub mod password_resets;
pub mod prefixes;
pub mod requests;
pub mod rights;
pub mod scopes;
pub mod sessions;
pub mod tokens;
pub mod users;
