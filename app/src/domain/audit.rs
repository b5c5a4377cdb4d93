//! What the audit log records: one variant per kind of change, stored by its code.

use serde::{Deserialize, Serialize};

/// A kind of change in the audit log. The code (`scope.created`) is what is stored, so
/// renaming a variant never changes old records; a new kind is a new variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    DelegableRightCreated,
    DelegableRightUpdated,
    DelegationGiven,
    DelegationRemoved,
    DelegationRestored,
    ClientActivated,
    ClientCertificateRemoved,
    ClientCertificateSet,
    ClientCommercialSaved,
    ClientCreated,
    ClientDeactivated,
    ClientKeyRemoved,
    ClientKeysAdded,
    ClientUpdated,
    MailResent,
    OrgCreated,
    OrgStricterAccess,
    PrefixAssigned,
    PrefixRequestApproved,
    PrefixRequestDenied,
    PrefixRequested,
    ProviderCommercialSaved,
    RightsGranted,
    RightsMainAdminAppointed,
    RightsRemoved,
    ScopeAccessAdded,
    ScopeAccessRemoved,
    ScopeAccessRequestApproved,
    ScopeAccessRequestDenied,
    ScopeAccessRequested,
    ScopeActivated,
    ScopeCreated,
    ScopeDeactivated,
    ScopeUpdated,
    UserConfirmed,
    UserLoggedIn,
    UserLoggedOutEverywhere,
    UserPasswordChanged,
    UserPasswordReset,
    UserPasswordResetRequested,
    UserRegistered,
    UserRegistrationExpired,
    UserRegistrationReplaced,
    UserSteppedUp,
    UserTotpEnrolled,
}

impl AuditAction {
    pub const ALL: [AuditAction; 45] = [
        AuditAction::DelegableRightCreated,
        AuditAction::DelegableRightUpdated,
        AuditAction::DelegationGiven,
        AuditAction::DelegationRemoved,
        AuditAction::DelegationRestored,
        AuditAction::ClientActivated,
        AuditAction::ClientCertificateRemoved,
        AuditAction::ClientCertificateSet,
        AuditAction::ClientCommercialSaved,
        AuditAction::ClientCreated,
        AuditAction::ClientDeactivated,
        AuditAction::ClientKeyRemoved,
        AuditAction::ClientKeysAdded,
        AuditAction::ClientUpdated,
        AuditAction::MailResent,
        AuditAction::OrgCreated,
        AuditAction::OrgStricterAccess,
        AuditAction::PrefixAssigned,
        AuditAction::PrefixRequestApproved,
        AuditAction::PrefixRequestDenied,
        AuditAction::PrefixRequested,
        AuditAction::ProviderCommercialSaved,
        AuditAction::RightsGranted,
        AuditAction::RightsMainAdminAppointed,
        AuditAction::RightsRemoved,
        AuditAction::ScopeAccessAdded,
        AuditAction::ScopeAccessRemoved,
        AuditAction::ScopeAccessRequestApproved,
        AuditAction::ScopeAccessRequestDenied,
        AuditAction::ScopeAccessRequested,
        AuditAction::ScopeActivated,
        AuditAction::ScopeCreated,
        AuditAction::ScopeDeactivated,
        AuditAction::ScopeUpdated,
        AuditAction::UserConfirmed,
        AuditAction::UserLoggedIn,
        AuditAction::UserLoggedOutEverywhere,
        AuditAction::UserPasswordChanged,
        AuditAction::UserPasswordReset,
        AuditAction::UserPasswordResetRequested,
        AuditAction::UserRegistered,
        AuditAction::UserRegistrationExpired,
        AuditAction::UserRegistrationReplaced,
        AuditAction::UserSteppedUp,
        AuditAction::UserTotpEnrolled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditAction::DelegableRightCreated => "delegable_right.created",
            AuditAction::DelegableRightUpdated => "delegable_right.updated",
            AuditAction::DelegationGiven => "delegation.given",
            AuditAction::DelegationRemoved => "delegation.removed",
            AuditAction::DelegationRestored => "delegation.restored",
            AuditAction::ClientActivated => "client.activated",
            AuditAction::ClientCertificateRemoved => "client.certificate_removed",
            AuditAction::ClientCertificateSet => "client.certificate_set",
            AuditAction::ClientCommercialSaved => "client.commercial_saved",
            AuditAction::ClientCreated => "client.created",
            AuditAction::ClientDeactivated => "client.deactivated",
            AuditAction::ClientKeyRemoved => "client.key_removed",
            AuditAction::ClientKeysAdded => "client.keys_added",
            AuditAction::ClientUpdated => "client.updated",
            AuditAction::MailResent => "mail.resent",
            AuditAction::OrgCreated => "org.created",
            AuditAction::OrgStricterAccess => "org.stricter_access",
            AuditAction::PrefixAssigned => "prefix.assigned",
            AuditAction::PrefixRequestApproved => "prefix.request_approved",
            AuditAction::PrefixRequestDenied => "prefix.request_denied",
            AuditAction::PrefixRequested => "prefix.requested",
            AuditAction::ProviderCommercialSaved => "provider.commercial_saved",
            AuditAction::RightsGranted => "rights.granted",
            AuditAction::RightsMainAdminAppointed => "rights.main_admin_appointed",
            AuditAction::RightsRemoved => "rights.removed",
            AuditAction::ScopeAccessAdded => "scope.access_added",
            AuditAction::ScopeAccessRemoved => "scope.access_removed",
            AuditAction::ScopeAccessRequestApproved => "scope.access_request_approved",
            AuditAction::ScopeAccessRequestDenied => "scope.access_request_denied",
            AuditAction::ScopeAccessRequested => "scope.access_requested",
            AuditAction::ScopeActivated => "scope.activated",
            AuditAction::ScopeCreated => "scope.created",
            AuditAction::ScopeDeactivated => "scope.deactivated",
            AuditAction::ScopeUpdated => "scope.updated",
            AuditAction::UserConfirmed => "user.confirmed",
            AuditAction::UserLoggedIn => "user.logged_in",
            AuditAction::UserLoggedOutEverywhere => "user.logged_out_everywhere",
            AuditAction::UserPasswordChanged => "user.password_changed",
            AuditAction::UserPasswordReset => "user.password_reset",
            AuditAction::UserPasswordResetRequested => "user.password_reset_requested",
            AuditAction::UserRegistered => "user.registered",
            AuditAction::UserRegistrationExpired => "user.registration_expired",
            AuditAction::UserRegistrationReplaced => "user.registration_replaced",
            AuditAction::UserSteppedUp => "user.stepped_up",
            AuditAction::UserTotpEnrolled => "user.totp_enrolled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(a.code()), Some(a));
        }
        let mut codes: Vec<_> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), AuditAction::ALL.len());
    }
}
