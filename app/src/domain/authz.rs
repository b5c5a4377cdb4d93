//! The one authorisation rule every server function asks:
//! (user, organisation, environment, action) → allowed, or the reason to show beside a
//! disabled button. Pure, so it is tested case by case and can run anywhere.

use super::{Environment, Right};
use serde::{Deserialize, Serialize};

/// What the acting person is, as far as authorisation cares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    /// The person's organisation (`None` only for an operator without one).
    pub org_id: Option<String>,
    pub rights: Vec<Right>,
    pub is_operator: bool,
    /// The person has enrolled a TOTP authenticator.
    pub totp_enrolled: bool,
    /// The person has confirmed a one-time code in this session (the production step-up).
    pub stepped_up: bool,
}

/// The organisation acted on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgPolicy {
    pub org_id: String,
    /// "Strengere tilgangsstyring": rights apply in the test environments too.
    pub stricter_access: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Scopes and their access lists ("Mine API").
    ManageApis,
    /// Integrations ("Integrasjoner").
    ManageIntegrations,
    /// Integrations for a customer ("For en kunde").
    ActForCustomer,
    /// Give and remove the organisation's rights ("Andre med rettigheter til virksomheten").
    ManageRights,
    /// See the organisation's objects at all.
    View,
    /// Platform operator screens.
    Operate,
}

impl Action {
    /// The right an environment-bound action needs where rights apply.
    fn right(self) -> Option<Right> {
        match self {
            Action::ManageApis => Some(Right::ManageApis),
            Action::ManageIntegrations => Some(Right::ManageIntegrations),
            Action::ActForCustomer => Some(Right::Supplier),
            _ => None,
        }
    }
}

/// Why an action is refused. `message()` is what the UI shows beside the disabled button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Denial {
    OtherOrganisation,
    NotOperator,
    NotMainAdmin,
    MissingRight {
        right: Right,
        production: bool,
    },
    TotpNotEnrolled,
    StepUpRequired,
    /// Operator work or a change of rights, without TOTP enrolled.
    AdminTotpNotEnrolled,
    /// Operator work or a change of rights, without a step-up in this session.
    AdminStepUpRequired,
}

impl Denial {
    pub fn message(&self) -> String {
        match self {
            Denial::OtherOrganisation => "Du kan bare se og endre din egen virksomhet.".into(),
            Denial::NotOperator => "Bare plattformoperatøren har tilgang til dette.".into(),
            Denial::NotMainAdmin => "Bare hovedadministratoren i virksomheten kan gi og fjerne rettigheter.".into(),
            Denial::MissingRight { right, production } => {
                let env = if *production { "i produksjonsmiljøet" } else { "her, fordi virksomheten har strengere tilgangsstyring" };
                let extra = if *right == Right::Supplier { format!(" (som også krever «{}»)", Right::ManageIntegrations.label()) } else { String::new() };
                format!(
                    "Du trenger rettigheten «{}»{extra} {env}. Be hovedadministratoren i virksomheten om å gi deg den under «Andre med rettigheter til virksomheten».",
                    right.label()
                )
            }
            Denial::TotpNotEnrolled => "Produksjonsmiljøet krever tofaktorautentisering. Sett opp engangskoder under «Min profil».".into(),
            Denial::StepUpRequired => "Bekreft med en engangskode fra autentiseringsappen din for å administrere i produksjonsmiljøet.".into(),
            Denial::AdminTotpNotEnrolled => {
                "Operatørarbeid og endringer av rettigheter krever tofaktorautentisering. Sett opp engangskoder under «Min profil».".into()
            }
            Denial::AdminStepUpRequired => "Bekreft med en engangskode fra autentiseringsappen din for å utføre operatørarbeid eller endre rettigheter.".into(),
        }
    }
}

/// Decides whether `subject` may do `action` on `org` (in `env`, for environment-bound actions).
/// Operator work and changes of rights, on top of `authorize`: the second factor, when the
/// deployment requires it for administrators (`required`).
pub fn authorize_admin_factor(subject: &Subject, required: bool) -> Result<(), Denial> {
    match (required, subject.totp_enrolled, subject.stepped_up) {
        (false, _, _) | (true, true, true) => Ok(()),
        (true, false, _) => Err(Denial::AdminTotpNotEnrolled),
        (true, true, false) => Err(Denial::AdminStepUpRequired),
    }
}

pub fn authorize(subject: &Subject, org: &OrgPolicy, env: Option<&Environment>, action: Action) -> Result<(), Denial> {
    if action == Action::Operate {
        return if subject.is_operator { Ok(()) } else { Err(Denial::NotOperator) };
    }
    if subject.org_id.as_deref() != Some(org.org_id.as_str()) {
        return Err(Denial::OtherOrganisation);
    }
    match action {
        Action::View => Ok(()),
        Action::ManageRights => {
            if subject.rights.contains(&Right::MainAdmin) {
                Ok(())
            } else {
                Err(Denial::NotMainAdmin)
            }
        }
        _ => {
            let right = action.right().expect("environment-bound action has a right");
            let production = env.is_some_and(|e| e.production);
            // "For en kunde" is opened by the supplier right alone, in every environment
            // (the guides' table); the integrations right joins it where rights apply.
            if action == Action::ActForCustomer && !subject.rights.contains(&Right::Supplier) {
                return Err(Denial::MissingRight { right: Right::Supplier, production });
            }
            // Test environments are open to every confirmed user of the organisation,
            // unless the organisation has turned on stricter access.
            if production || org.stricter_access {
                let mut needed = vec![right];
                if right == Right::Supplier {
                    needed.push(Right::ManageIntegrations);
                }
                if let Some(missing) = needed.into_iter().find(|r| !subject.rights.contains(r)) {
                    return Err(Denial::MissingRight { right: missing, production });
                }
            }
            if production {
                if !subject.totp_enrolled {
                    return Err(Denial::TotpNotEnrolled);
                }
                if !subject.stepped_up {
                    return Err(Denial::StepUpRequired);
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EnvironmentId;

    fn env(production: bool) -> Environment {
        Environment { id: EnvironmentId::parse(if production { "prod" } else { "ver1" }).unwrap(), production }
    }

    fn subject(rights: &[Right], totp_enrolled: bool, stepped_up: bool) -> Subject {
        Subject { org_id: Some("org-a".into()), rights: rights.to_vec(), is_operator: false, totp_enrolled, stepped_up }
    }

    fn org(stricter_access: bool) -> OrgPolicy {
        OrgPolicy { org_id: "org-a".into(), stricter_access }
    }

    /// The whole table: environment × right held × 2FA state × stricter access, for the
    /// two environment-bound actions and their rights.
    #[test]
    fn table() {
        use Denial::*;
        for (action, right) in [(Action::ManageApis, Right::ManageApis), (Action::ManageIntegrations, Right::ManageIntegrations)] {
            // (production, has right, enrolled, stepped up, stricter) → expected
            type Case = ((bool, bool, bool, bool, bool), Result<(), Denial>);
            let cases: Vec<Case> = vec![
                // Test environment, open: anyone of the org, 2FA irrelevant.
                ((false, false, false, false, false), Ok(())),
                ((false, true, false, false, false), Ok(())),
                ((false, false, true, true, false), Ok(())),
                // Test environment, stricter access: the right decides, 2FA irrelevant.
                ((false, false, false, false, true), Err(MissingRight { right, production: false })),
                ((false, false, true, true, true), Err(MissingRight { right, production: false })),
                ((false, true, false, false, true), Ok(())),
                ((false, true, true, false, true), Ok(())),
                // Production: right, then enrolment, then step-up; stricter makes no difference.
                ((true, false, false, false, false), Err(MissingRight { right, production: true })),
                ((true, false, true, true, false), Err(MissingRight { right, production: true })),
                ((true, true, false, false, false), Err(TotpNotEnrolled)),
                ((true, true, true, false, false), Err(StepUpRequired)),
                ((true, true, true, true, false), Ok(())),
                ((true, false, false, false, true), Err(MissingRight { right, production: true })),
                ((true, true, false, false, true), Err(TotpNotEnrolled)),
                ((true, true, true, false, true), Err(StepUpRequired)),
                ((true, true, true, true, true), Ok(())),
            ];
            for ((production, has, enrolled, stepped, stricter), expected) in cases {
                let rights: Vec<Right> = if has { vec![right] } else { vec![] };
                let got = authorize(&subject(&rights, enrolled, stepped), &org(stricter), Some(&env(production)), action);
                assert_eq!(got, expected, "{action:?} prod={production} right={has} totp={enrolled} up={stepped} strict={stricter}");
            }
        }
    }

    #[test]
    fn the_other_right_does_not_help() {
        let s = subject(&[Right::ManageApis], true, true);
        assert!(authorize(&s, &org(false), Some(&env(true)), Action::ManageIntegrations).is_err());
        assert!(authorize(&s, &org(false), Some(&env(true)), Action::ManageApis).is_ok());
    }

    #[test]
    fn supplier_needs_both_rights_where_rights_apply() {
        let only_supplier = subject(&[Right::Supplier], true, true);
        assert_eq!(
            authorize(&only_supplier, &org(true), Some(&env(false)), Action::ActForCustomer),
            Err(Denial::MissingRight { right: Right::ManageIntegrations, production: false })
        );
        let both = subject(&[Right::Supplier, Right::ManageIntegrations], true, true);
        assert!(authorize(&both, &org(false), Some(&env(true)), Action::ActForCustomer).is_ok());
        let integrations_only = subject(&[Right::ManageIntegrations], true, true);
        assert_eq!(
            authorize(&integrations_only, &org(false), Some(&env(true)), Action::ActForCustomer),
            Err(Denial::MissingRight { right: Right::Supplier, production: true })
        );
    }

    /// The supplier case, environment by environment: the supplier right always; the
    /// integrations right too where rights apply; the second factor in production.
    #[test]
    fn acting_for_a_customer_case_by_case() {
        use Denial::*;
        let none = subject(&[], true, true);
        let integrations = subject(&[Right::ManageIntegrations], true, true);
        let supplier = subject(&[Right::Supplier], true, true);
        let both = subject(&[Right::Supplier, Right::ManageIntegrations], true, true);
        let both_no_step_up = subject(&[Right::Supplier, Right::ManageIntegrations], true, false);
        let both_no_totp = subject(&[Right::Supplier, Right::ManageIntegrations], false, false);
        let cases: Vec<(&Subject, bool, bool, Result<(), Denial>)> = vec![
            // (who, production, stricter, expected)
            (&none, false, false, Err(MissingRight { right: Right::Supplier, production: false })),
            (&integrations, false, false, Err(MissingRight { right: Right::Supplier, production: false })),
            (&supplier, false, false, Ok(())),
            (&supplier, false, true, Err(MissingRight { right: Right::ManageIntegrations, production: false })),
            (&both, false, true, Ok(())),
            (&supplier, true, false, Err(MissingRight { right: Right::ManageIntegrations, production: true })),
            (&integrations, true, false, Err(MissingRight { right: Right::Supplier, production: true })),
            (&both_no_totp, true, false, Err(TotpNotEnrolled)),
            (&both_no_step_up, true, false, Err(StepUpRequired)),
            (&both, true, false, Ok(())),
        ];
        for (who, production, stricter, expected) in cases {
            let got = authorize(who, &org(stricter), Some(&env(production)), Action::ActForCustomer);
            assert_eq!(got, expected, "{:?} prod={production} strict={stricter}", who.rights);
        }
    }

    #[test]
    fn other_organisations_are_always_refused() {
        let mut s = subject(&[Right::ManageApis, Right::ManageIntegrations, Right::Supplier, Right::MainAdmin], true, true);
        s.org_id = Some("org-b".into());
        for action in [Action::ManageApis, Action::ManageIntegrations, Action::ActForCustomer, Action::ManageRights, Action::View] {
            assert_eq!(authorize(&s, &org(false), Some(&env(false)), action), Err(Denial::OtherOrganisation));
        }
        s.is_operator = true;
        assert_eq!(authorize(&s, &org(false), None, Action::ManageRights), Err(Denial::OtherOrganisation));
    }

    #[test]
    fn rights_management_and_operator() {
        let admin = subject(&[Right::MainAdmin], false, false);
        assert!(authorize(&admin, &org(false), None, Action::ManageRights).is_ok());
        let user = subject(&[Right::ManageIntegrations], false, false);
        assert_eq!(authorize(&user, &org(false), None, Action::ManageRights), Err(Denial::NotMainAdmin));
        assert_eq!(authorize(&user, &org(false), None, Action::Operate), Err(Denial::NotOperator));
        let mut op = user.clone();
        op.is_operator = true;
        assert!(authorize(&op, &org(false), None, Action::Operate).is_ok());
    }

    #[test]
    fn messages_name_the_right() {
        let m = Denial::MissingRight { right: Right::ManageIntegrations, production: true }.message();
        assert!(m.contains("Selvbetjening av integrasjoner i ID-porten/Maskinporten"));
        assert!(m.contains("produksjonsmiljøet"));
    }
}
