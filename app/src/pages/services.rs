//! "Virksomhetens tjenester" and "Administrasjon av tjenester" (choose environment, then
//! "Integrasjoner" or "Mine API").

use crate::api::clients::my_services;
use crate::api::environments::list_environments;
use crate::components::{use_session, Loaded, Login, LoginRequired};
use crate::domain::views::EnvironmentInfo;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ServicesPage() -> impl IntoView {
    let session = use_session().0;
    let clients = Resource::new(|| (), |_| my_services());
    view! {
        <leptos_meta::Title text="Virksomhetens tjenester"/>
        <h1>"Virksomhetens tjenester"</h1>
        <Suspense fallback=|| view! { <p class="loading">"Laster …"</p> }>
            {move || Suspend::new(async move {
                match session.await.ok().flatten() {
                    None => view! { <LoginRequired/> }.into_any(),
                    Some(s) => {
                        let main_admin = s.is_main_admin();
                        view! {
                        {s.org.map(|o| view! { <p class="lead">{o.name} " (" {o.org_number} ")"</p> })}
                        <table class="table">
                            <caption>"Tjenester"</caption>
                            <thead><tr><th scope="col">"Navn"</th><th scope="col">"Type"</th><th scope="col">"Gjelder"</th></tr></thead>
                            <tbody>
                                <tr>
                                    <td><a href="/tjenester/api-tilbyder">"API-tilbyder"</a></td>
                                    <td>"Tilbyder av API-er"</td>
                                    <td>"Fakturainformasjon og varslingspunkter for virksomhetens API-er (scopes), i alle miljøer"</td>
                                </tr>
                                <Transition fallback=|| ()>
                                    {move || Suspend::new(async move {
                                        clients.await.unwrap_or_default().into_iter().map(|c| view! {
                                            <tr>
                                                <td><a href=format!("/tjenester/integrasjon/{}", c.id)>{c.name.clone()}</a></td>
                                                <td>{c.integration_type.label()} {(!c.active).then_some(" (deaktivert)")}</td>
                                                <td>{c.environment_label.clone()}</td>
                                            </tr>
                                        }).collect_view()
                                    })}
                                </Transition>
                            </tbody>
                        </table>
                        {main_admin.then(|| view! {
                            <p><a href="/tjenester/api-tilganger">"Tilgang til programmeringsgrensesnitt - API"</a>
                                " – deleger virksomhetens API-tilganger til en leverandør, eller se hva kunder har delegert til dere."</p>
                        })}
                        <p>"Hvem som har endret hva i virksomhetens tjenester, og når, står i «Endringslogg» i venstremenyen."</p>
                        <p>"Integrasjoner (klienter) og API-er (scopes) finnes separat i hvert miljø. "
                           "Velg «Administrasjon av tjenester» i venstremenyen, og deretter miljøet."</p>
                    }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AdministrationPage() -> impl IntoView {
    let envs = Resource::new(|| (), |_| list_environments());
    let query = use_query_map();
    let chosen = RwSignal::new(query.read_untracked().get("miljo").unwrap_or_else(|| "ver1".into()));
    view! {
        <leptos_meta::Title text="Administrasjon av tjenester"/>
        <h1>"Administrasjon av tjenester"</h1>
        <Loaded data=envs login=Login::Session loading_on_reload=true let:envs>
            <EnvironmentChoice envs=envs chosen=chosen/>
        </Loaded>
    }
}

/// "Miljø" and the two ways on from it, "Integrasjoner" and "Mine API".
#[component]
fn EnvironmentChoice(envs: Vec<EnvironmentInfo>, chosen: RwSignal<String>) -> impl IntoView {
    let options = envs
        .iter()
        .map(|e| {
            let id = e.id.clone();
            view! { <option value=e.id.clone() selected=move || chosen.get() == id>{e.label.clone()}</option> }
        })
        .collect_view();
    view! {
        <div class="field narrow">
            <label for="environment">"Miljø"</label>
            <select id="environment" on:change:target=move |ev| chosen.set(ev.target().value())>{options}</select>
        </div>
        <ul class="tiles">
            <li><a href=move || format!("/tjenester/{}/integrasjoner", chosen.get())>"Integrasjoner"</a>
                <p>"Klienter som henter tokens for å bruke API-er."</p></li>
            <li><a href=move || format!("/tjenester/{}/mine-api", chosen.get())>"Mine API"</a>
                <p>"Scopes virksomheten tilbyr, og hvem som har tilgang."</p></li>
        </ul>
    }
}
