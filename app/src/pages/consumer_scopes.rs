//! The consumer's side of scopes on "Integrasjoner": what the organisation may use here
//! (live: it changes the moment a provider grants, removes or deactivates), and the
//! catalogue of public scopes with "Be om tilgang".

use crate::api::scopes::{available_scopes, scope_catalogue, RequestScopeAccess};
use crate::components::{live::use_live_changes, on_result, ErrorBox, Refetch};
use crate::domain::views::CatalogueStatus;
use leptos::prelude::*;

#[component]
pub fn ConsumerScopes(environment: String) -> impl IntoView {
    let changes = use_live_changes(environment.clone());
    let refetch = Refetch::new();
    let available = {
        let env = environment.clone();
        Resource::new(move || (env.clone(), changes.get(), refetch.track()), |(e, _, _)| available_scopes(e))
    };
    let catalogue = Resource::new(move || (environment.clone(), changes.get(), refetch.track()), |(e, _, _)| scope_catalogue(e));
    let request = ServerAction::<RequestScopeAccess>::new();
    let error = RwSignal::new(None::<String>);
    on_result(request, move |()| refetch.bump(), move |e| error.set(Some(e.to_string())));
    view! {
        <section class="available-scopes">
            <h2>"Tilgjengelige scopes"</h2>
            <p>"Scopes virksomheten kan legge på integrasjonene sine i dette miljøet. Listen oppdateres av seg selv når en API-tilbyder gir eller fjerner tilgang."</p>
            <Transition fallback=|| view! { <p class="loading">"Laster …"</p> }>
                {move || Suspend::new(async move {
                    match available.await {
                        Err(e) => view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty">"Ingen scopes er delt med virksomheten i dette miljøet. Mangler et scope, har API-tilbyderen ikke delt det med virksomheten din, eller delt det i et annet miljø: kontakt API-tilbyderen, eller be om tilgang i katalogen under."</p>
                        }.into_any(),
                        Ok(list) => {
                            let items = list.into_iter().map(|s| view! {
                                <li><code>{s.name.clone()}</code> " – " {s.description.clone()} " "
                                    <span class="muted">"(" {s.provider.clone()} "; " {s.integration_types.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ")} ")"</span></li>
                            }).collect_view();
                            view! { <ul aria-label="Tilgjengelige scopes" class="scope-list">{items}</ul> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
        <section class="catalogue">
            <h2>"API-katalog"</h2>
            <p>"Offentlige scopes fra alle API-tilbydere. Be om tilgang, så avgjør tilbyderen."</p>
            <ErrorBox message=error/>
            <Transition fallback=|| view! { <p class="loading">"Laster …"</p> }>
                {move || Suspend::new(async move {
                    match catalogue.await {
                        Err(e) => view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="empty">"Ingen offentlige scopes i dette miljøet ennå."</p> }.into_any(),
                        Ok(list) => {
                            let rows = list.into_iter().map(|c| {
                                let id = c.id.clone();
                                let status = match c.status {
                                    CatalogueStatus::Own => view! { "Virksomhetens eget" }.into_any(),
                                    CatalogueStatus::Available => view! { "Har tilgang" }.into_any(),
                                    CatalogueStatus::Requested => view! { "Venter på svar" }.into_any(),
                                    CatalogueStatus::Requestable => view! {
                                        <button type="button" class="button-secondary" on:click=move |_| { request.dispatch(RequestScopeAccess { id: id.clone() }); }>"Be om tilgang"</button>
                                    }.into_any(),
                                };
                                view! {
                                    <tr>
                                        <td><code>{c.name.clone()}</code></td>
                                        <td>{c.description.clone()}</td>
                                        <td>{c.provider.clone()}</td>
                                        <td>{status}</td>
                                    </tr>
                                }
                            }).collect_view();
                            // Focusable, so a catalogue wider than the window scrolls from the
                            // keyboard even when no row has a button.
                            view! {
                                <div class="table-scroll" tabindex="0" role="region" aria-label="API-katalog">
                                    <table class="table">
                                        <caption class="visually-hidden">"Offentlige scopes"</caption>
                                        <thead><tr><th scope="col">"Scope"</th><th scope="col">"Beskrivelse"</th><th scope="col">"API-tilbyder"</th><th scope="col">"Tilgang"</th></tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
