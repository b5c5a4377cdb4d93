//! Requests that wait for someone else's decision: a prefix order ("Bestill prefiks") and a
//! request for access to a PUBLIC scope ("Be om tilgang").

use serde::{Deserialize, Serialize};

/// Where a request stands. Stored by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestState {
    Requested,
    Approved,
    Denied,
}

impl RequestState {
    pub const ALL: [RequestState; 3] = [RequestState::Requested, RequestState::Approved, RequestState::Denied];

    pub fn code(self) -> &'static str {
        match self {
            RequestState::Requested => "REQUESTED",
            RequestState::Approved => "APPROVED",
            RequestState::Denied => "DENIED",
        }
    }

    pub fn parse(code: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|s| s.code() == code).ok_or_else(|| format!("unknown request state «{code}»"))
    }

    /// The decision: approved or denied.
    pub fn decided(approve: bool) -> Self {
        if approve {
            RequestState::Approved
        } else {
            RequestState::Denied
        }
    }
}
