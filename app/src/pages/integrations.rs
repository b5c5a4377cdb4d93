//! "Integrasjoner" in one environment: the organisation's integrations (live), with a
//! filter, and "Ny integrasjon" → "Difi-tjeneste", name, description, "Legg til scopes" →
//! "Opprett", which lands on the new integration's page: its client_id with a copy button,
//! and the keys to add next.

use super::client_form::{ClientFieldInputs, ClientForm, CLIENT_SUMMARY};
use crate::api::clients::{my_clients, my_customers, CreateClient};
use crate::components::filter::{ActiveFilter, ActiveFilterSelect};
use crate::components::focus::focus_into_when_mounted;
use crate::components::{copy::CopyButton, live::use_live_changes, on_result, use_session, ErrorSummary, FormError};
use crate::contract::clients::ClientInput;
use crate::domain::views::EnvironmentAccess;
use crate::domain::{time::format_date, IntegrationType, Right};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Integrations(access: EnvironmentAccess) -> impl IntoView {
    let env = access.environment.id.to_string();
    let changes = use_live_changes(env.clone());
    let clients = {
        let env = env.clone();
        Resource::new(move || (env.clone(), changes.get()), |(e, _)| my_clients(e))
    };
    let creating = RwSignal::new(false);
    let filter = RwSignal::new(ActiveFilter::Active);
    let allowed = access.integrations_denied.is_none();
    view! {
        {allowed.then(|| view! {
            <Show when=move || !creating.get()>
                <button type="button" class="button-primary" on:click=move |_| creating.set(true)>"Ny integrasjon"</button>
            </Show>
        })}
        {
            let access = access.clone();
            move || creating.get().then(|| view! { <NewClientForm access=access.clone() creating=creating/> })
        }
        <Show when=move || !creating.get()>
            <h2>"Virksomhetens integrasjoner"</h2>
            <ActiveFilterSelect id="client-filter" filter=filter noun="integrasjoner"/>
            <Transition fallback=|| view! { <p class="loading">"Laster …"</p> }>
                {move || Suspend::new(async move {
                    let list = match clients.await {
                        Ok(l) => l,
                        Err(e) => return view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                    };
                    if list.is_empty() {
                        return view! {
                            <p class="empty">"Virksomheten har ingen integrasjoner her ennå. En integrasjon er en klient som henter tokens fra Maskinporten, KRR eller ID-porten for å bruke API-er. Lag en med «Ny integrasjon»."</p>
                        }.into_any();
                    }
                    let f = filter.get();
                    let shown: Vec<_> = list.into_iter().filter(|c| f.keeps(c.active)).collect();
                    if shown.is_empty() {
                        return view! { <p class="empty">{f.nothing_shown("integrasjoner")}</p> }.into_any();
                    }
                    let rows = shown.into_iter().map(|c| view! {
                        <tr>
                            <td><a href=format!("/tjenester/integrasjon/{}", c.id)>{c.name.clone()}</a>
                                {c.customer.as_ref().map(|k| view! { <br/><span class="muted">{format!("For en kunde: {} ({})", k.name, k.org_number)}</span> })}
                                {c.supplier.as_ref().map(|l| view! { <br/><span class="muted">{format!("Opprettet av leverandør {}", l.name)}</span> })}</td>
                            <td>{c.integration_type.label()}</td>
                            <td><code class="client-id">{c.id.clone()}</code> <CopyButton value=c.id.clone() what=format!("id-en til {}", c.name)/></td>
                            <td>{if c.scopes.is_empty() { "–".to_string() } else { c.scopes.join(", ") }}</td>
                            <td class="ids">{if c.keys.is_empty() { "Ingen".to_string() } else {
                                c.keys.iter().map(|k| format!("{} (utløper {})", k.kid, format_date(k.expires_at))).collect::<Vec<_>>().join(", ")
                            }}{c.certificate_expires_at.map(|at| format!("; virksomhetssertifikat (gyldig til {})", format_date(at)))}
                            {(!c.expiry_warnings.is_empty()).then(|| view! {
                                <br/><span class="warning">{c.expiry_warnings.join("; ")}</span>
                            })}</td>
                            <td>{if c.active { "Aktiv" } else { "Deaktivert" }}</td>
                        </tr>
                    }).collect_view();
                    view! {
                        <table class="table">
                            <caption class="visually-hidden">"Virksomhetens integrasjoner"</caption>
                            <thead><tr><th scope="col">"Navn"</th><th scope="col">"Difi-tjeneste"</th><th scope="col">"client_id"</th>
                                <th scope="col">"Scopes"</th><th scope="col">"Nøkler"</th><th scope="col">"Status"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }.into_any()
                })}
            </Transition>
            <super::consumer_scopes::ConsumerScopes environment=env.clone()/>
        </Show>
    }
}

#[component]
fn NewClientForm(access: EnvironmentAccess, creating: RwSignal<bool>) -> impl IntoView {
    let env = access.environment.id.to_string();
    let form = ClientForm::new(ClientInput { integration_type: IntegrationType::Maskinporten.code().into(), ..ClientInput::default() });
    let errors = FormError::new();
    let action = ServerAction::<CreateClient>::new();
    let navigate = use_navigate();
    on_result(action, move |id| navigate(&format!("/tjenester/integrasjon/{id}?ny=1"), Default::default()), move |e| errors.show(e));
    let on_submit = {
        let env = env.clone();
        errors.on_submit(
            move || {
                let input = form.input();
                input.parse().map(|_| input)
            },
            move |input| {
                action.dispatch(CreateClient { environment: env.clone(), input });
            },
        )
    };
    let options = IntegrationType::ALL.iter().map(|t| view! { <option value=t.code()>{t.label()}</option> }).collect_view();
    let type_error = errors.field("integration_type");
    let panel_ref = NodeRef::<leptos::html::Section>::new();
    focus_into_when_mounted(panel_ref);
    view! {
        <section class="panel" node_ref=panel_ref>
            <h2>"Ny integrasjon i " {access.label.clone()}</h2>
            <form on:submit=on_submit novalidate>
                <ErrorSummary errors=errors fields=CLIENT_SUMMARY/>
                <div class="field narrow" class:has-error=move || type_error.get().is_some()>
                    <label for="client-type">"Difi-tjeneste"</label>
                    <p class="hint" id="client-type-hint">"Tjenesten integrasjonen skal bruke. Kan ikke endres senere."</p>
                    <select id="client-type" aria-describedby=move || if type_error.get().is_some() { "client-type-hint client-type-error" } else { "client-type-hint" }
                        aria-invalid=move || type_error.get().is_some().then_some("true")
                        on:change:target=move |ev| { form.integration_type.set(ev.target().value()); form.scopes.set(Vec::new()); }>
                        {options}
                    </select>
                    {move || type_error.get().map(|m| view! { <p class="field-error" id="client-type-error">{m}</p> })}
                </div>
                <CustomerField form=form errors=errors environment=env.clone()/>
                <ClientFieldInputs form=form errors=errors environment=env.clone() environment_label=access.label.clone()/>
                <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Opprett"</button>
                " "
                <button type="button" class="button-secondary" on:click=move |_| creating.set(false)>"Avbryt"</button>
            </form>
        </section>
    }
}

/// "For en kunde": for a person with the supplier right, the customers that have delegated
/// APIs to the organisation here. Choosing one makes "Legg til scopes" list exactly what
/// that customer delegated; the integration then acts for that customer.
#[component]
fn CustomerField(form: ClientForm, errors: FormError, environment: String) -> impl IntoView {
    let session = use_session().0;
    let customers = Resource::new(move || environment.clone(), my_customers);
    let error = errors.field("customer");
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let supplier = session.await.ok().flatten().is_some_and(|s| s.rights.contains(&Right::Supplier));
                if !supplier {
                    return ().into_any();
                }
                let list = customers.await.unwrap_or_default();
                let options = list.into_iter().map(|c| {
                    let label = format!("{} ({})", c.name, c.org_number);
                    view! { <option value=c.org_number.clone()>{label}</option> }
                }).collect_view();
                view! {
                    <div class="field narrow" class:has-error=move || error.get().is_some()>
                        <label for="client-customer">"For en kunde"</label>
                        <p class="hint" id="client-customer-hint">"Lager du integrasjonen for en kunde som har delegert API-tilgang til virksomheten din, "
                            "velg kunden her. Kan ikke endres senere."</p>
                        <select id="client-customer" aria-describedby=move || if error.get().is_some() { "client-customer-hint client-customer-error" } else { "client-customer-hint" }
                            aria-invalid=move || error.get().is_some().then_some("true")
                            on:change:target=move |ev| { form.customer.set(ev.target().value()); form.scopes.set(Vec::new()); }>
                            <option value="">"Ingen – integrasjonen er virksomhetens egen"</option>
                            {options}
                        </select>
                        {move || error.get().map(|m| view! { <p class="field-error" id="client-customer-error">{m}</p> })}
                    </div>
                }.into_any()
            })}
        </Transition>
    }
}
