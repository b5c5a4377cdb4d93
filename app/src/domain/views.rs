//! Read models: what services return and pages show. Plain data, shared by both sides.

use crate::domain::{Environment, IntegrationType, Right, Visibility};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSummary {
    pub org_number: String,
    pub name: String,
}

/// The logged-in person, as the UI needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub name: String,
    pub email: String,
    pub org: Option<OrgSummary>,
    pub is_operator: bool,
    pub rights: Vec<Right>,
    pub totp_enrolled: bool,
    pub stepped_up: bool,
    /// Whether operator work and changes of rights wait for a step-up.
    pub admin_step_up: StepUp,
}

impl SessionInfo {
    pub fn is_main_admin(&self) -> bool {
        self.rights.contains(&Right::MainAdmin)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterReceipt {
    pub email: String,
    pub org: OrgSummary,
}

/// A pending TOTP enrolment: shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpEnrolment {
    pub secret: String,
    pub otpauth_uri: String,
    pub qr_svg: String,
}

/// Where the production step-up stands for this session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepUp {
    /// A test environment: no second factor needed.
    NotNeeded,
    NotEnrolled,
    Required,
    Done,
}

/// What the user may do in one environment, with reasons for what they may not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentAccess {
    pub environment: Environment,
    pub label: String,
    pub org: OrgSummary,
    /// `None` when allowed; otherwise why not.
    pub integrations_denied: Option<String>,
    pub apis_denied: Option<String>,
    pub step_up: StepUp,
    /// The organisation's prefixes in this environment.
    pub prefixes: Vec<String>,
    /// Prefixes the organisation has asked for here and that wait for the operator.
    pub pending_prefixes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentInfo {
    pub id: String,
    pub label: String,
    pub production: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRights {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub rights: Vec<Right>,
}

/// "Andre med rettigheter til virksomheten".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RightsOverview {
    pub org: OrgSummary,
    /// Why this user cannot change rights, if they cannot.
    pub manage_denied: Option<String>,
    pub stricter_access: bool,
    /// Whether changing rights waits for a step-up.
    pub step_up: StepUp,
    pub people: Vec<PersonRights>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgListItem {
    pub org_number: String,
    pub name: String,
    pub parent_org_number: Option<String>,
    pub domains: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixAssignment {
    pub environment: String,
    pub prefix: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgDetail {
    pub org_number: String,
    pub name: String,
    pub parent_org_number: Option<String>,
    pub domains: Vec<String>,
    pub main_admins: Vec<String>,
    pub prefixes: Vec<PrefixAssignment>,
    pub environments: Vec<EnvironmentInfo>,
    /// Open "Bestill prefiks" requests from this organisation.
    pub prefix_requests: Vec<PrefixRequestEntry>,
}

/// How e-mail leaves the portal, as the operator is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MailDelivery {
    /// Sent by SMTP.
    Smtp,
    /// Development mode without SMTP: shown at `/dev/mailbox`, not sent.
    DevelopmentMailbox,
    /// Production mode without SMTP: nothing is sent.
    NotSent,
}

/// An e-mail that could not be sent ("E-post som ikke ble sendt").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedMail {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub attempts: i64,
    /// Why the last attempt failed.
    pub reason: String,
    pub failed_at: i64,
}

/// The operator's view of outgoing e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingMail {
    pub delivery: MailDelivery,
    /// Newest first.
    pub failed: Vec<FailedMail>,
}

/// One row of "Mine API".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeSummary {
    pub id: String,
    pub name: String,
    pub description: String,
    pub visibility: Visibility,
    pub active: bool,
    /// Organisations on the access list.
    pub consumers: i64,
}

/// A scope as its provider sees it: configuration, access list and open requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeDetail {
    pub id: String,
    pub environment: String,
    pub environment_label: String,
    pub name: String,
    pub prefix: String,
    pub subscope: String,
    pub description: String,
    pub long_description: String,
    /// `long_description` rendered on the server, with raw HTML and unsafe links removed.
    pub long_description_html: String,
    pub visibility: Visibility,
    pub accessible_for_all: bool,
    pub integration_types: Vec<IntegrationType>,
    pub at_max_age: u32,
    pub delegable: bool,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub access: Vec<ScopeAccessEntry>,
    pub requests: Vec<AccessRequestEntry>,
    /// Why this user may look but not change, if so.
    pub manage_denied: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeAccessEntry {
    pub org_number: String,
    /// Known when the organisation is registered with the portal.
    pub org_name: Option<String>,
    pub added_at: i64,
    pub added_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRequestEntry {
    pub id: String,
    pub org_number: String,
    pub org_name: String,
    pub message: String,
    pub requested_at: i64,
    pub requested_by: Option<String>,
}

/// A scope the organisation may put on its integrations in one environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailableScope {
    pub name: String,
    pub description: String,
    pub provider: String,
    pub integration_types: Vec<IntegrationType>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CatalogueStatus {
    /// The organisation's own scope.
    Own,
    /// On the access list, or accessible for all.
    Available,
    /// A request is waiting for the provider.
    Requested,
    /// May be requested with "Be om tilgang".
    Requestable,
}

/// A PUBLIC scope in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub id: String,
    pub name: String,
    pub description: String,
    pub provider: String,
    pub status: CatalogueStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixRequestEntry {
    pub id: String,
    pub org_number: String,
    pub org_name: String,
    pub environment: String,
    pub prefix: String,
    pub reason: String,
    pub requested_at: i64,
    pub requested_by: Option<String>,
}

/// "Merkantile data".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommercialData {
    pub invoice_email: String,
    pub invoice_reference: String,
    pub contacts: Vec<String>,
    pub updated_at: Option<i64>,
}

/// The provider's own "API-tilbyder" entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderEntry {
    pub org: OrgSummary,
    pub commercial: CommercialData,
    /// Why this user cannot change it, if so.
    pub edit_denied: Option<String>,
}

/// A key on an integration, in lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeySummary {
    pub kid: String,
    pub expires_at: i64,
}

/// An integration in the list on "Integrasjoner" and "Virksomhetens tjenester".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSummary {
    /// The client_id.
    pub id: String,
    pub name: String,
    pub environment: String,
    pub environment_label: String,
    pub integration_type: IntegrationType,
    pub scopes: Vec<String>,
    pub keys: Vec<KeySummary>,
    /// When the integration's certificate expires, if it has one.
    pub certificate_expires_at: Option<i64>,
    /// What expires within 30 days (or has), in words: "Nøkkel utløper snart: <kid>".
    pub expiry_warnings: Vec<String>,
    pub active: bool,
    /// "For en kunde: <name> (<orgnr>)" on a supplier's integration.
    pub customer: Option<OrgSummary>,
    /// "Opprettet av leverandør <name>": a supplier's integration made for this organisation
    /// (read-only here).
    pub supplier: Option<OrgSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientScopeEntry {
    pub name: String,
    pub description: String,
    /// False when the provider has since removed the access or deactivated the scope.
    pub usable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientKeyEntry {
    pub kid: String,
    /// The JWK as saved, pretty-printed.
    pub jwk: String,
    pub created_at: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateEntry {
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub not_before: i64,
    pub not_after: i64,
    pub org_number: String,
    pub created_at: i64,
}

/// One integration, as its organisation sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDetail {
    pub id: String,
    pub org: OrgSummary,
    pub environment: String,
    pub environment_label: String,
    pub integration_type: IntegrationType,
    pub name: String,
    pub description: String,
    pub scopes: Vec<ClientScopeEntry>,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub keys: Vec<ClientKeyEntry>,
    pub certificate: Option<CertificateEntry>,
    pub commercial: CommercialData,
    /// "For en kunde": the customer this supplier's integration acts for (seen by the supplier).
    pub customer: Option<OrgSummary>,
    /// "Opprettet av leverandør": the supplier that made it, when the customer is looking.
    pub supplier: Option<OrgSummary>,
    /// Why this user cannot change the integration, if so.
    pub manage_denied: Option<String>,
    /// The server's clock (unix seconds), for checking a certificate in the browser.
    pub now: i64,
    /// The environment's token issuer (`…/maskinporten/{env}/`), for integrations that get
    /// tokens with a signed assertion (not ID-porten).
    pub issuer: Option<String>,
}

/// "Test token": what the token endpoint answered a pasted assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenTest {
    /// A token was issued; its claims, pretty-printed, and its lifetime.
    Issued { claims: String, expires_in: i64 },
    /// Refused: the RFC 6749 error code and the reason, exactly as the endpoint says them.
    Refused { error: String, description: String },
}

/// A provider's delegable right: a named bundle of its delegable scopes in one environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegableRightView {
    pub id: String,
    pub environment: String,
    pub name: String,
    pub description: String,
    pub scopes: Vec<String>,
    /// The provider that defines it.
    pub provider: OrgSummary,
}

/// "Delegerbare rettigheter" on "Mine API": the organisation's rights in one environment
/// and the scopes it may put in them (its own active delegable scopes there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRights {
    pub rights: Vec<DelegableRightView>,
    pub scope_options: Vec<String>,
    /// Why this user cannot create or change them, if so.
    pub manage_denied: Option<String>,
}

/// One delegation of a right from a customer to a supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegationView {
    pub id: String,
    pub environment: String,
    pub environment_label: String,
    pub right_id: String,
    pub right_name: String,
    pub scopes: Vec<String>,
    pub customer: OrgSummary,
    pub supplier: OrgSummary,
    pub given_at: i64,
    pub given_by: Option<String>,
    pub removed_at: Option<i64>,
    pub removed_by: Option<String>,
}

/// "Tilgang til programmeringsgrensesnitt - API": what the organisation has delegated to
/// others and what others have delegated to it (live ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DelegationsOverview {
    pub org: OrgSummary,
    /// Why this user cannot delegate or remove delegations, if so.
    pub manage_denied: Option<String>,
    pub step_up: StepUp,
    pub given: Vec<DelegationView>,
    pub received: Vec<DelegationView>,
}

/// One entry of "Endringslogg".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntryView {
    pub id: String,
    pub at: i64,
    /// Who: name and e-mail (`None`: the system, e.g. an expired registration, or someone
    /// in another organisation, see `person_elsewhere`).
    pub person: Option<(String, String)>,
    /// Made by someone in another organisation (a provider changing its access list, a
    /// customer delegating to the viewer): their people's names and e-mail addresses are
    /// theirs, so only the organisation is shown. Not set for what a supplier did to an
    /// integration it made for the viewer: the customer sees who that was.
    pub person_elsewhere: bool,
    /// The organisation that acted.
    pub org: Option<OrgSummary>,
    /// The other organisation concerned, and what it is to the one that acted: the customer
    /// a supplier acted for, the supplier of a delegation, the consumer on an access list.
    pub other_org: Option<(String, OrgSummary)>,
    pub environment_label: Option<String>,
    pub kind: crate::domain::audit::AuditObjectKind,
    /// The object's name (scope, integration, key id, person …), when recorded.
    pub object: Option<String>,
    pub action: String,
    pub changes: Vec<crate::domain::audit_diff::FieldChange>,
}

/// A person in the "Person" filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPerson {
    pub user_id: String,
    pub name: String,
    pub email: String,
}

/// A page of "Endringslogg", newest first, with what its filters can offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogPage {
    pub entries: Vec<AuditEntryView>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
    pub environments: Vec<EnvironmentInfo>,
    pub persons: Vec<AuditPerson>,
    /// What this person sees, in a sentence (all of the organisation, or only what they manage).
    pub scope_note: String,
}

/// One line of "Krever oppmerksomhet" on the front page: what, and where to see to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttentionItem {
    pub text: String,
    pub href: String,
}
