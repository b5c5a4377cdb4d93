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

/// What "Endringslogg" is asked to show: the filters, parsed (see `contract::audit`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub environment: Option<String>,
    pub kind: Option<AuditObjectKind>,
    /// A person's user id.
    pub person: Option<String>,
    /// From the first second of this day (Unix seconds, UTC)…
    pub from: Option<i64>,
    /// …to before this second (the day after "Til dato").
    pub until: Option<i64>,
    /// Zero-based.
    pub page: u32,
}

/// Entries per page of "Endringslogg".
pub const AUDIT_PAGE_SIZE: u32 = 25;

/// What kind of object an entry of "Endringslogg" is about; the log's "Objekt" filter.
/// Account events (logins, passwords) are a person's own business and not listed there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditObjectKind {
    Scope,
    AccessList,
    Integration,
    Key,
    Certificate,
    Rights,
    Delegation,
    Commercial,
    Organisation,
    Account,
}

impl AuditObjectKind {
    /// The kinds "Endringslogg" lists, in the order its filter offers them.
    pub const LISTED: [AuditObjectKind; 9] = [
        AuditObjectKind::Scope,
        AuditObjectKind::AccessList,
        AuditObjectKind::Integration,
        AuditObjectKind::Key,
        AuditObjectKind::Certificate,
        AuditObjectKind::Rights,
        AuditObjectKind::Delegation,
        AuditObjectKind::Commercial,
        AuditObjectKind::Organisation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditObjectKind::Scope => "scope",
            AuditObjectKind::AccessList => "tilgangsliste",
            AuditObjectKind::Integration => "integrasjon",
            AuditObjectKind::Key => "nokkel",
            AuditObjectKind::Certificate => "sertifikat",
            AuditObjectKind::Rights => "rettigheter",
            AuditObjectKind::Delegation => "delegering",
            AuditObjectKind::Commercial => "merkantile-data",
            AuditObjectKind::Organisation => "virksomhet",
            AuditObjectKind::Account => "konto",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::LISTED.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            AuditObjectKind::Scope => "Scope",
            AuditObjectKind::AccessList => "Tilgangsliste",
            AuditObjectKind::Integration => "Integrasjon",
            AuditObjectKind::Key => "Nøkkel",
            AuditObjectKind::Certificate => "Virksomhetssertifikat",
            AuditObjectKind::Rights => "Rettigheter",
            AuditObjectKind::Delegation => "Delegering",
            AuditObjectKind::Commercial => "Merkantile data",
            AuditObjectKind::Organisation => "Virksomhet",
            AuditObjectKind::Account => "Brukerkonto",
        }
    }

    /// The actions recorded about this kind of object.
    pub fn actions(self) -> Vec<AuditAction> {
        AuditAction::ALL.into_iter().filter(|a| a.object_kind() == self).collect()
    }
}

impl AuditAction {
    /// What a supplier does to an integration it made for a customer (the integration, its
    /// keys and certificate): the customer sees who did it, by name and e-mail.
    pub fn done_for_customer(self) -> bool {
        matches!(self.object_kind(), AuditObjectKind::Integration | AuditObjectKind::Key | AuditObjectKind::Certificate)
    }

    /// The actions a supplier can do for a customer (see `done_for_customer`).
    pub fn for_customers() -> Vec<AuditAction> {
        AuditAction::ALL.into_iter().filter(|a| a.done_for_customer()).collect()
    }

    pub fn object_kind(self) -> AuditObjectKind {
        use AuditAction::*;
        match self {
            ScopeCreated | ScopeUpdated | ScopeActivated | ScopeDeactivated => AuditObjectKind::Scope,
            ScopeAccessAdded | ScopeAccessRemoved | ScopeAccessRequested | ScopeAccessRequestApproved | ScopeAccessRequestDenied => AuditObjectKind::AccessList,
            ClientCreated | ClientUpdated | ClientActivated | ClientDeactivated => AuditObjectKind::Integration,
            ClientKeysAdded | ClientKeyRemoved => AuditObjectKind::Key,
            ClientCertificateSet | ClientCertificateRemoved => AuditObjectKind::Certificate,
            RightsGranted | RightsRemoved | RightsMainAdminAppointed | OrgStricterAccess => AuditObjectKind::Rights,
            DelegableRightCreated | DelegableRightUpdated | DelegationGiven | DelegationRemoved | DelegationRestored => AuditObjectKind::Delegation,
            ClientCommercialSaved | ProviderCommercialSaved => AuditObjectKind::Commercial,
            OrgCreated | PrefixAssigned | PrefixRequested | PrefixRequestApproved | PrefixRequestDenied => AuditObjectKind::Organisation,
            UserConfirmed
            | UserLoggedIn
            | UserLoggedOutEverywhere
            | UserPasswordChanged
            | UserPasswordReset
            | UserPasswordResetRequested
            | UserRegistered
            | UserRegistrationExpired
            | UserRegistrationReplaced
            | UserSteppedUp
            | UserTotpEnrolled
            // The operator's own work on the outbox, not an organisation's object.
            | MailResent => AuditObjectKind::Account,
        }
    }

    /// What happened, as "Endringslogg" says it.
    pub fn label(self) -> &'static str {
        use AuditAction::*;
        match self {
            DelegableRightCreated => "Delegerbar rettighet opprettet",
            DelegableRightUpdated => "Delegerbar rettighet endret",
            DelegationGiven => "API-tilgang delegert",
            DelegationRemoved => "Delegering fjernet",
            DelegationRestored => "Delegering gjenopprettet (angret)",
            ClientActivated => "Integrasjon aktivert",
            ClientCertificateRemoved => "Virksomhetssertifikat fjernet",
            ClientCertificateSet => "Virksomhetssertifikat registrert",
            ClientCommercialSaved => "Merkantile data for integrasjonen lagret",
            ClientCreated => "Integrasjon opprettet",
            ClientDeactivated => "Integrasjon deaktivert",
            ClientKeyRemoved => "Nøkkel fjernet",
            ClientKeysAdded => "Nøkler lagt til",
            ClientUpdated => "Integrasjon endret",
            OrgCreated => "Virksomhet registrert",
            OrgStricterAccess => "Strengere tilgangsstyring endret",
            PrefixAssigned => "Prefiks tildelt",
            PrefixRequestApproved => "Søknad om prefiks godkjent",
            PrefixRequestDenied => "Søknad om prefiks avslått",
            PrefixRequested => "Prefiks søkt om",
            ProviderCommercialSaved => "Merkantile data for API-tilbyder lagret",
            RightsGranted => "Rettigheter gitt",
            RightsMainAdminAppointed => "Hovedadministrator utnevnt",
            RightsRemoved => "Rettigheter fjernet",
            ScopeAccessAdded => "Tilgang gitt",
            ScopeAccessRemoved => "Tilgang fjernet",
            ScopeAccessRequestApproved => "Søknad om tilgang godkjent",
            ScopeAccessRequestDenied => "Søknad om tilgang avslått",
            ScopeAccessRequested => "Tilgang søkt om",
            ScopeActivated => "Scope aktivert",
            ScopeCreated => "Scope opprettet",
            ScopeDeactivated => "Scope deaktivert",
            ScopeUpdated => "Scope endret",
            UserConfirmed => "E-postadresse bekreftet",
            UserLoggedIn => "Innlogget",
            UserLoggedOutEverywhere => "Logget ut overalt",
            UserPasswordChanged => "Passord endret",
            UserPasswordReset => "Passord tilbakestilt",
            UserPasswordResetRequested => "Nytt passord bedt om",
            UserRegistered => "Bruker registrert",
            UserRegistrationExpired => "Registrering utløpt",
            UserRegistrationReplaced => "Registrering erstattet",
            UserSteppedUp => "Bekreftet med engangskode",
            UserTotpEnrolled => "Engangskoder satt opp",
            MailResent => "E-post sendt på nytt",
        }
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

    #[test]
    fn every_listed_kind_has_actions_and_round_trips() {
        for k in AuditObjectKind::LISTED {
            assert_eq!(AuditObjectKind::from_code(k.code()), Some(k));
            assert!(!k.actions().is_empty(), "{k:?}");
        }
        assert_eq!(AuditObjectKind::from_code("konto"), None, "account events are not listed");
    }
}
