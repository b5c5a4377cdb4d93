//! "Delegerbare rettigheter" on "Mine API": the provider's named bundles of its delegable
//! scopes, which customers may delegate to their suppliers. "Ny delegerbar rettighet" →
//! "Navn", "Beskrivelse", scopes → "Opprett"; "Endre" → "Lagre".

use crate::api::delegations::{get_provider_rights, CreateDelegableRight, UpdateDelegableRight};
use crate::components::{field::TextField, on_result, ErrorSummary, FormError, Refetch};
use crate::contract::delegations::DelegableRightInput;
use crate::domain::delegation::parse_right_name;
use crate::domain::parse_scope_description;
use crate::domain::views::{DelegableRightView, ProviderRights};
use leptos::prelude::*;

/// Which form is open: none, the new one, or "Endre" on the right with this id.
#[derive(Clone, PartialEq)]
enum Editing {
    None,
    New,
    Right(String),
}

#[component]
pub fn DelegableRights(environment: String, #[prop(into)] changes: Signal<u32>) -> impl IntoView {
    let refetch = Refetch::new();
    let data = {
        let env = environment.clone();
        Resource::new(move || (env.clone(), refetch.track(), changes.get()), |(e, _, _)| get_provider_rights(e))
    };
    let editing = RwSignal::new(Editing::None);
    let notice = RwSignal::new(None::<String>);
    view! {
        <section aria-labelledby="delegable-title">
            <h2 id="delegable-title">"Delegerbare rettigheter"</h2>
            <p class="hint">"En delegerbar rettighet samler ett eller flere av virksomhetens delegerbare scopes under et navn. "
                "Konsumenter som har tilgang til alle scopene, kan delegere rettigheten til en leverandør."</p>
            {move || notice.get().map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
            <Transition fallback=|| view! { <p class="loading">"Laster …"</p> }>
                {
                    let environment = environment.clone();
                    move || {
                        let environment = environment.clone();
                        Suspend::new(async move {
                            match data.await {
                                Err(e) => view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                                Ok(p) => view! { <RightsList data=p environment=environment editing=editing refetch=refetch notice=notice/> }.into_any(),
                            }
                        })
                    }
                }
            </Transition>
        </section>
    }
}

#[component]
fn RightsList(data: ProviderRights, environment: String, editing: RwSignal<Editing>, refetch: Refetch, notice: RwSignal<Option<String>>) -> impl IntoView {
    let allowed = data.manage_denied.is_none();
    let options = StoredValue::new(data.scope_options.clone());
    let rights = StoredValue::new(data.rights.clone());
    let env = StoredValue::new(environment);
    let table = if data.rights.is_empty() {
        view! { <p class="empty">"Virksomheten har ingen delegerbare rettigheter her ennå."</p> }.into_any()
    } else {
        let rows = data
            .rights
            .iter()
            .map(|r| {
                let id = r.id.clone();
                let name = r.name.clone();
                view! {
                    <tr>
                        <td>{r.name.clone()}</td>
                        <td>{r.description.clone()}</td>
                        <td>{r.scopes.iter().map(|s| view! { <code>{s.clone()}</code> " " }).collect_view()}</td>
                        <td>{allowed.then(|| view! {
                            <button type="button" class="button-link" aria-label=format!("Endre {name}")
                                on:click=move |_| { notice.set(None); editing.set(Editing::Right(id.clone())) }>"Endre"</button>
                        })}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="table">
                <caption class="visually-hidden">"Delegerbare rettigheter"</caption>
                <thead><tr><th scope="col">"Navn"</th><th scope="col">"Beskrivelse"</th><th scope="col">"Scopes"</th><th scope="col"><span class="visually-hidden">"Handlinger"</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        {data.manage_denied.clone().map(|m| view! { <p class="hint">{m}</p> })}
        {allowed.then(|| view! {
            <Show when=move || editing.get() == Editing::None>
                <button type="button" class="button-secondary" on:click=move |_| { notice.set(None); editing.set(Editing::New) }>"Ny delegerbar rettighet"</button>
            </Show>
        })}
        {move || match editing.get() {
            Editing::None => ().into_any(),
            Editing::New => view! { <RightForm existing=None options=options.get_value() environment=env.get_value() editing=editing refetch=refetch notice=notice/> }.into_any(),
            Editing::Right(id) => {
                let existing = rights.with_value(|l| l.iter().find(|r| r.id == id).cloned());
                view! { <RightForm existing=existing options=options.get_value() environment=env.get_value() editing=editing refetch=refetch notice=notice/> }.into_any()
            }
        }}
        {table}
    }
}

#[component]
fn RightForm(
    existing: Option<DelegableRightView>,
    options: Vec<String>,
    environment: String,
    editing: RwSignal<Editing>,
    refetch: Refetch,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let name = RwSignal::new(existing.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    let description = RwSignal::new(existing.as_ref().map(|r| r.description.clone()).unwrap_or_default());
    let chosen = RwSignal::new(existing.as_ref().map(|r| r.scopes.clone()).unwrap_or_default());
    let errors = FormError::new();
    let create = ServerAction::<CreateDelegableRight>::new();
    let update = ServerAction::<UpdateDelegableRight>::new();
    let done = move |message: &'static str| {
        notice.set(Some(message.into()));
        editing.set(Editing::None);
        refetch.bump();
    };
    on_result(create, move |_| done("Den delegerbare rettigheten er opprettet."), move |e| errors.show(e));
    on_result(update, move |()| done("Endringene er lagret."), move |e| errors.show(e));
    let id = existing.as_ref().map(|r| r.id.clone());
    let is_new = id.is_none();
    let on_submit = errors.on_submit(
        move || {
            let input = DelegableRightInput { name: name.get_untracked(), description: description.get_untracked(), scopes: chosen.get_untracked() };
            input.parse().map(|_| input)
        },
        move |input| match &id {
            Some(id) => {
                update.dispatch(UpdateDelegableRight { id: id.clone(), input });
            }
            None => {
                create.dispatch(CreateDelegableRight { environment: environment.clone(), input });
            }
        },
    );
    let scope_error = errors.field("scopes");
    let boxes = if options.is_empty() {
        view! { <p class="empty">"Virksomheten har ingen aktive scopes merket som delegerbare her. Marker et scope som delegerbart under «Endre» på scopet først."</p> }.into_any()
    } else {
        options
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let id = format!("right-scope-{i}");
                let value = s.clone();
                view! {
                    <div class="checkbox">
                        <input type="checkbox" id=id.clone() prop:checked={ let s = s.clone(); move || chosen.get().contains(&s) }
                            on:change:target=move |ev| {
                                let on = ev.target().checked();
                                chosen.update(|c| { c.retain(|x| *x != value); if on { c.push(value.clone()); } });
                            }/>
                        <label for=id><code>{s.clone()}</code></label>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="panel">
            <h3>{if is_new { "Ny delegerbar rettighet" } else { "Endre delegerbar rettighet" }}</h3>
            <form on:submit=on_submit novalidate class="narrow">
                <ErrorSummary errors=errors fields=&[("name", "right-name", "Navn"), ("description", "right-description", "Beskrivelse"), ("scopes", "right-scopes", "Scopes")]/>
                <TextField label="Navn" id="right-name" value=name error=errors.field("name") required=true
                    hint="Slik kundene finner rettigheten, f.eks. «Altinn tjenesteeier-API: Appinstanser (lesetilgang)»."
                    check=|v| parse_right_name(v).map(|_| ())/>
                <TextField label="Beskrivelse" id="right-description" value=description error=errors.field("description") required=true multiline=true
                    check=|v| parse_scope_description(v).map(|_| ())/>
                <fieldset class="group" id="right-scopes" class:has-error=move || scope_error.get().is_some()
                    aria-invalid=move || scope_error.get().is_some().then_some("true") aria-describedby=move || scope_error.get().map(|_| "right-scopes-error")>
                    <legend>"Scopes"</legend>
                    {boxes}
                    {move || scope_error.get().map(|m| view! { <p class="field-error" id="right-scopes-error">{m}</p> })}
                </fieldset>
                <button type="submit" class="button-primary" disabled=move || create.pending().get() || update.pending().get()>
                    {if is_new { "Opprett" } else { "Lagre" }}
                </button>
                " "
                <button type="button" class="button-secondary" on:click=move |_| editing.set(Editing::None)>"Avbryt"</button>
            </form>
        </section>
    }
}
