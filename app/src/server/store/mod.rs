//! Store functions: one SQL statement's worth of work each, taking the connection (or the
//! transaction) as an argument so callers decide what is atomic.

pub mod orgs;
pub mod prefixes;
pub mod rights;
pub mod sessions;
pub mod users;
