//! One environment's "Integrasjoner" and "Mine API". In production the page first asks for
//! the step-up (a one-time code), and shows disabled actions with the reason beside them.

use crate::api::environments::get_environment_access;
use crate::components::{dialog::DisabledAction, step_up::StepUpGate, Loaded};
use crate::domain::views::EnvironmentAccess;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[derive(Clone, Copy, PartialEq)]
enum Area {
    Integrations,
    Apis,
}

// Each page passes its own body as a type parameter, so the frame below is compiled once per
// page and "Integrasjoner" never references "Mine API"'s code (or the other way round). With
// a runtime choice both bodies were reachable from both pages, and the WASM splitter put
// both in a chunk every consumer and provider page downloaded.

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    view! { <EnvironmentPage area=Area::Integrations body=|a| view! { <super::integrations::Integrations access=a/> }.into_any()/> }
}

#[component]
pub fn MyApisPage() -> impl IntoView {
    view! { <EnvironmentPage area=Area::Apis body=|a| view! { <super::my_apis::MyApis access=a/> }.into_any()/> }
}

#[component]
fn EnvironmentPage<B>(area: Area, body: B) -> impl IntoView
where
    B: Fn(EnvironmentAccess) -> AnyView + Copy + Send + Sync + 'static,
{
    let params = use_params_map();
    let access = Resource::new(move || params.read().get("env").unwrap_or_default(), get_environment_access);
    view! {
        <Loaded data=access title="Administrasjon av tjenester" loading_on_reload=true let:a>
            <EnvironmentContent access=a area=area body=body/>
        </Loaded>
    }
}

#[component]
fn EnvironmentContent<B>(access: EnvironmentAccess, area: Area, body: B) -> impl IntoView
where
    B: Fn(EnvironmentAccess) -> AnyView,
{
    let title = match area {
        Area::Integrations => "Integrasjoner",
        Area::Apis => "Mine API",
    };
    let env_id = access.environment.id.to_string();
    let other = match area {
        Area::Integrations => ("Mine API", format!("/tjenester/{env_id}/mine-api")),
        Area::Apis => ("Integrasjoner", format!("/tjenester/{env_id}/integrasjoner")),
    };
    let gate = view! {
        <leptos_meta::Title text=format!("{title} – {}", access.label)/>
        <StepUpGate state=access.step_up purpose="administrere i produksjonsmiljøet" requirement="Produksjonsmiljøet krever tofaktorautentisering."/>
    };
    let (button, denied) = match area {
        Area::Integrations => ("Ny integrasjon", access.integrations_denied.clone()),
        Area::Apis => ("Nytt scope", access.apis_denied.clone()),
    };
    let body = body(access.clone());
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
