//! "Mine API" in one environment: the organisation's scopes (live), "Nytt scope", and
//! "Bestill prefiks" for an organisation without one.

use super::scope_form::{ControlError, ScopeFieldInputs, ScopeForm, SCOPE_SUMMARY};
use crate::api::prefix_requests::RequestPrefix;
use crate::api::scopes::{my_scopes, CreateScope};
use crate::components::focus::focus_into_when_mounted;
use crate::components::{
    field::TextField,
    filter::{ActiveFilter, ActiveFilterSelect},
    live::use_live_changes,
    on_result, ErrorSummary, FormError, Refetch,
};
use crate::contract::prefix_requests::PrefixRequestInput;
use crate::contract::scopes::ScopeInput;
use crate::domain::views::EnvironmentAccess;
use crate::domain::{Prefix, Subscope};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq)]
enum Panel {
    None,
    NewScope,
    OrderPrefix,
}

#[component]
pub fn MyApis(access: EnvironmentAccess) -> impl IntoView {
    let env = access.environment.id.to_string();
    let changes = use_live_changes(env.clone());
    let refetch = Refetch::new();
    let scopes = {
        let env = env.clone();
        Resource::new(move || (env.clone(), refetch.track(), changes.get()), |(e, _, _)| my_scopes(e))
    };
    let panel = RwSignal::new(Panel::None);
    let filter = RwSignal::new(ActiveFilter::Active);
    let created = RwSignal::new(None::<String>);
    let allowed = access.apis_denied.is_none();
    view! {
        {allowed.then(|| view! {
            <Show when=move || panel.get() != Panel::NewScope>
                <button type="button" class="button-primary" on:click=move |_| { created.set(None); panel.set(Panel::NewScope) }>"Nytt scope"</button>
            </Show>
        })}
        {move || created.get().map(|name| view! { <div class="alert alert-success" role="status">"Scopet " <code>{name}</code> " er opprettet."</div> })}
        {
            let access = access.clone();
            move || match panel.get() {
                Panel::NewScope => view! { <NewScopeForm access=access.clone() panel=panel refetch=refetch created=created/> }.into_any(),
                Panel::OrderPrefix => view! { <OrderPrefixForm access=access.clone() panel=panel/> }.into_any(),
                Panel::None => ().into_any(),
            }
        }
        <h2>"Scopes"</h2>
        <ActiveFilterSelect id="scope-filter" filter=filter noun="scopes"/>
        <Transition fallback=|| view! { <p class="loading">"Laster …"</p> }>
            {move || Suspend::new(async move {
                let list = match scopes.await {
                    Ok(l) => l,
                    Err(e) => return view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                };
                if list.is_empty() {
                    return view! {
                        <p class="empty">"Virksomheten har ingen scopes her ennå. Et scope (" <code>"prefiks:subscope"</code>
                            ") er en tilgang til et API som du deler med andre virksomheter: de legger det på integrasjonene sine og får tokens med det fra Maskinporten."</p>
                    }.into_any();
                }
                let f = filter.get();
                let shown: Vec<_> = list.into_iter().filter(|s| f.keeps(s.active)).collect();
                if shown.is_empty() {
                    return view! { <p class="empty">{f.nothing_shown("scopes")}</p> }.into_any();
                }
                let rows = shown.into_iter().map(|s| view! {
                    <tr>
                        <td><a href=format!("/tjenester/scope/{}", s.id)><code>{s.name.clone()}</code></a></td>
                        <td>{s.description.clone()}</td>
                        <td>{s.visibility.label()}</td>
                        <td>{s.consumers}</td>
                        <td>{if s.active { "Aktiv" } else { "Deaktivert" }}</td>
                    </tr>
                }).collect_view();
                view! {
                    <table class="table">
                        <caption class="visually-hidden">"Virksomhetens scopes"</caption>
                        <thead><tr><th scope="col">"Scope"</th><th scope="col">"Beskrivelse"</th><th scope="col">"Synlighet"</th>
                            <th scope="col">"Konsumenter"</th><th scope="col">"Status"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            })}
        </Transition>
        <super::delegable_rights::DelegableRights environment=env.clone() changes=Signal::derive(move || changes.get() as u32)/>
    }
}

#[component]
fn NewScopeForm(access: EnvironmentAccess, panel: RwSignal<Panel>, refetch: Refetch, created: RwSignal<Option<String>>) -> impl IntoView {
    let env = access.environment.id.to_string();
    let form = ScopeForm::new(ScopeInput { prefix: access.prefixes.first().cloned().unwrap_or_default(), ..ScopeInput::default() });
    let errors = FormError::new();
    let action = ServerAction::<CreateScope>::new();
    on_result(
        action,
        move |_| {
            created.set(Some(format!("{}:{}", form.prefix.get_untracked(), form.subscope.get_untracked().trim())));
            panel.set(Panel::None);
            refetch.bump();
        },
        move |e| errors.show(e),
    );
    let on_submit = {
        let env = env.clone();
        errors.on_submit(
            move || {
                let input = form.input();
                input.parse().map(|_| input)
            },
            move |input| {
                action.dispatch(CreateScope { environment: env.clone(), input });
            },
        )
    };
    let has_prefix = !access.prefixes.is_empty();
    let prefix_options = access.prefixes.iter().map(|p| view! { <option value=p.clone()>{p.clone()}</option> }).collect_view();
    let pending = access.pending_prefixes.clone();
    let panel_ref = NodeRef::<leptos::html::Section>::new();
    focus_into_when_mounted(panel_ref);
    view! {
        <section class="panel" node_ref=panel_ref>
            <h2>"Nytt scope"</h2>
            <form on:submit=on_submit novalidate>
                <ErrorSummary errors=errors fields=SCOPE_SUMMARY/>
                <div class="field narrow">
                    <label for="scope-prefix">"Prefiks"</label>
                    <select id="scope-prefix" aria-describedby="scope-prefix-hint" on:change:target=move |ev| form.prefix.set(ev.target().value())>
                        {prefix_options}
                    </select>
                    <div class="hint" id="scope-prefix-hint">
                        {if has_prefix {
                            view! { <p>"Prefikset virksomheten har fått i " {access.label.clone()} "."</p> }.into_any()
                        } else {
                            view! {
                                <p>"Feltet er tomt fordi virksomheten ikke har fått et prefiks i " {access.label.clone()}
                                   ". Uten prefiks kan du ikke opprette scopes. Prefikset tildeles av plattformoperatøren: bestill et her."</p>
                            }.into_any()
                        }}
                        {(!pending.is_empty()).then(|| view! { <p>"Bestilt og venter på plattformoperatøren: " {pending.join(", ")} "."</p> })}
                    </div>
                    <ControlError errors=errors field="prefix" id="scope-prefix-error"/>
                    <button type="button" class="button-secondary" on:click=move |_| panel.set(Panel::OrderPrefix)>"Bestill prefiks"</button>
                </div>
                <TextField label="Subscope" id="scope-subscope" value=form.subscope error=errors.field("subscope") required=true
                    hint="Små bokstaver a–z og sifre, ord skilt med én skråstrek, eventuelt ett punktum til slutt (f.eks. api/data.read). Høyst 100 tegn. Kan ikke endres senere."
                    check=|v| Subscope::parse(v).map(|_| ())/>
                <ScopeFieldInputs form=form errors=errors/>
                <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Opprett"</button>
                " "
                <button type="button" class="button-secondary" on:click=move |_| panel.set(Panel::None)>"Avbryt"</button>
            </form>
        </section>
    }
}

#[component]
fn OrderPrefixForm(access: EnvironmentAccess, panel: RwSignal<Panel>) -> impl IntoView {
    let env = access.environment.id.to_string();
    let prefix = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = FormError::new();
    let sent = RwSignal::new(None::<String>);
    let action = ServerAction::<RequestPrefix>::new();
    on_result(action, move |()| sent.set(Some(prefix.get_untracked().trim().to_string())), move |e| errors.show(e));
    let on_submit = errors.on_submit(
        move || {
            let input = PrefixRequestInput { environment: env.clone(), prefix: prefix.get_untracked(), reason: reason.get_untracked() };
            input.parse().map(|_| input)
        },
        move |input| {
            action.dispatch(RequestPrefix { input });
        },
    );
    let panel_ref = NodeRef::<leptos::html::Section>::new();
    focus_into_when_mounted(panel_ref);
    view! {
        <section class="panel" node_ref=panel_ref>
            <h2>"Bestill prefiks"</h2>
            {move || match sent.get() {
                Some(p) => view! {
                    <div class="alert alert-success" role="status">
                        <p>"Bestillingen av prefikset «" {p} "» er sendt. Plattformoperatøren behandler den; når den er godkjent, kan du velge prefikset under «Nytt scope»."</p>
                    </div>
                    <button type="button" class="button-secondary" on:click=move |_| panel.set(Panel::None)>"Lukk"</button>
                }.into_any(),
                None => view! {
                    <p>"Prefikset gjelder bare i " {access.label.clone()} ". Det er navnerommet for virksomhetens scopes, f.eks. «prefiks:api/data.read»."</p>
                    <form on:submit=on_submit.clone() novalidate class="narrow">
                        <ErrorSummary errors=errors fields=&[("prefix", "order-prefix", "Prefiks"), ("reason", "order-reason", "Begrunnelse")]/>
                        <TextField label="Prefiks" id="order-prefix" value=prefix error=errors.field("prefix") required=true
                            hint="2–40 tegn: små bokstaver a–z og sifre, første tegn en bokstav." check=|v| Prefix::parse(v).map(|_| ())/>
                        <TextField label="Begrunnelse" id="order-reason" value=reason error=errors.field("reason") required=true multiline=true
                            hint="Hva skal prefikset brukes til?"/>
                        <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Bestill prefiks"</button>
                        " "
                        <button type="button" class="button-secondary" on:click=move |_| panel.set(Panel::None)>"Avbryt"</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
