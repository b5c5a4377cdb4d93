//! One environment's "Integrasjoner" and "Mine API". In production the page first asks for
//! the step-up (a one-time code), and shows disabled actions with the reason beside them.

use crate::api::environments::get_environment_access;
use crate::api::totp::StepUp as StepUpFn;
use crate::components::{dialog::DisabledAction, field::TextField, on_result, reload_to, ErrorBox, FormError, Loaded};
use crate::domain::views::{EnvironmentAccess, StepUp};
use crate::domain::TotpCode;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

#[derive(Clone, Copy, PartialEq)]
enum Area {
    Integrations,
    Apis,
}

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    view! { <EnvironmentPage area=Area::Integrations/> }
}

#[component]
pub fn MyApisPage() -> impl IntoView {
    view! { <EnvironmentPage area=Area::Apis/> }
}

#[component]
fn EnvironmentPage(area: Area) -> impl IntoView {
    let params = use_params_map();
    let access = Resource::new(move || params.read().get("env").unwrap_or_default(), get_environment_access);
    view! {
        <Loaded data=access title="Administrasjon av tjenester" loading_on_reload=true let:a>
            <EnvironmentContent access=a area=area/>
        </Loaded>
    }
}

#[component]
fn EnvironmentContent(access: EnvironmentAccess, area: Area) -> impl IntoView {
    let title = match area {
        Area::Integrations => "Integrasjoner",
        Area::Apis => "Mine API",
    };
    let env_id = access.environment.id.to_string();
    let other = match area {
        Area::Integrations => ("Mine API", format!("/tjenester/{env_id}/mine-api")),
        Area::Apis => ("Integrasjoner", format!("/tjenester/{env_id}/integrasjoner")),
    };
    let gate = match access.step_up {
        StepUp::Required => Some(view! { <StepUpForm/> }.into_any()),
        StepUp::NotEnrolled => Some(
            view! {
                <div class="alert" role="status">
                    <p>"Produksjonsmiljøet krever tofaktorautentisering. Sett opp engangskoder under «Min profil» først: "
                       <a href="/min-profil">"Gå til profilen din"</a> "."</p>
                </div>
            }
            .into_any(),
        ),
        _ => None,
    };
    let (button, denied) = match area {
        Area::Integrations => ("Ny integrasjon", access.integrations_denied.clone()),
        Area::Apis => ("Nytt scope", access.apis_denied.clone()),
    };
    let body = match area {
        Area::Integrations => view! { <super::integrations::Integrations access=access.clone()/> }.into_any(),
        Area::Apis => view! { <super::my_apis::MyApis access=access.clone()/> }.into_any(),
    };
    view! {
        <p class="breadcrumb"><a href="/tjenester/administrasjon">"Alle miljøer"</a> " › " {access.label.clone()}</p>
        <h1>{title} " – " {access.label.clone()}</h1>
        <p class="lead">{access.org.name.clone()} " (" {access.org.org_number.clone()} ")"</p>
        {gate}
        {denied.map(|reason| view! { <DisabledAction label=button reason=reason reason_id="action-reason" class="button-primary"/> })}
        {body}
        <p><a href=other.1>{other.0}</a></p>
    }
}

#[component]
fn StepUpForm() -> impl IntoView {
    let code = RwSignal::new(String::new());
    let errors = FormError::new();
    let action = ServerAction::<StepUpFn>::new();
    let location = use_location();
    on_result(action, move |()| reload_to(&location.pathname.get_untracked()), move |e| errors.show(e));
    let on_submit = errors.on_submit(
        move || TotpCode::parse(&code.get_untracked()).map_err(|m| AppError::field("code", m)),
        move |c| {
            action.dispatch(StepUpFn { code: c.as_str().to_string() });
        },
    );
    view! {
        <section class="step-up">
            <h2 id="step-up-title">"Bekreft med engangskode"</h2>
            <p>"For å administrere i produksjonsmiljøet må du bekrefte med en engangskode fra autentiseringsappen din."</p>
            <form on:submit=on_submit novalidate class="narrow">
                <ErrorBox message=errors.general(&["code"])/>
                <TextField label="Engangskode" id="step-up-code" value=code error=errors.field("code") autocomplete="one-time-code" required=true/>
                <button type="submit" class="button-primary">"Bekreft"</button>
            </form>
        </section>
    }
}
