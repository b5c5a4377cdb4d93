//! "Andre med rettigheter til virksomheten": the main administrator adds a person by e-mail
//! and last name with "Gi nye rettigheter" → "Gi rettigheter", and removes rights with
//! "Gi eller fjerne tilgang" → "Fjern en eller flere rettigheter" → "Fjern" → "Ferdig".

use crate::api::rights::{get_rights_overview, GrantRights, RemoveRights, SetStricterAccess};
use crate::components::{field::TextField, on_result, step_up::StepUpGate, ErrorBox, ErrorSummary, FormError, Loaded, Login, Refetch};
use crate::contract::rights::GrantRightsInput;
use crate::domain::views::{PersonRights, RightsOverview, StepUp};
use crate::domain::{Email, Right};
use leptos::prelude::*;

#[component]
pub fn RightsPage() -> impl IntoView {
    let refetch = Refetch::new();
    let overview = Resource::new(move || refetch.track(), |_| get_rights_overview());
    let notice = RwSignal::new(None::<String>);
    view! {
        <leptos_meta::Title text="Andre med rettigheter til virksomheten"/>
        <h1>"Andre med rettigheter til virksomheten"</h1>
        <Loaded data=overview login=Login::Session let:o>
            <RightsContent overview=o refetch=refetch notice=notice/>
        </Loaded>
    }
}

#[component]
fn RightsContent(overview: RightsOverview, refetch: Refetch, notice: RwSignal<Option<String>>) -> impl IntoView {
    let selected = RwSignal::new(None::<String>);
    let can_manage = overview.manage_denied.is_none();
    let people = StoredValue::new(overview.people.clone());
    let person = move || selected.get().and_then(|id| people.with_value(|p| p.iter().find(|x| x.user_id == id).cloned()));
    view! {
        <p class="lead">{overview.org.name.clone()} " (" {overview.org.org_number.clone()} ")"</p>
        <StepUpGate state=overview.step_up purpose="endre rettigheter" requirement="Endringer av rettigheter krever tofaktorautentisering."/>
        {overview
            .manage_denied
            .clone()
            .filter(|_| matches!(overview.step_up, StepUp::NotNeeded | StepUp::Done))
            .map(|m| view! { <div class="alert" role="status">{m}</div> })}
        {move || notice.get().map(|n| view! { <div class="alert alert-success" role="status">{n}</div> })}
        {move || match person() {
            Some(p) => view! { <PersonPanel person=p selected=selected refetch=refetch notice=notice/> }.into_any(),
            None => view! {
                <PeopleTable people=people.get_value() can_manage=can_manage selected=selected/>
                <super::delegations::OrganisationsWithRights can_manage=can_manage/>
                {can_manage.then(|| view! {
                    <GrantForm refetch=refetch notice=notice/>
                    <super::delegations::AddOrganisation refetch=refetch notice=notice/>
                    <StricterAccess on=overview.stricter_access refetch=refetch notice=notice/>
                })}
            }.into_any(),
        }}
    }
}

#[component]
fn PeopleTable(people: Vec<PersonRights>, can_manage: bool, selected: RwSignal<Option<String>>) -> impl IntoView {
    if people.is_empty() {
        return view! { <p class="empty">"Ingen i virksomheten har fått rettigheter ennå. Legg til en person nedenfor."</p> }.into_any();
    }
    let rows = people
        .into_iter()
        .map(|p| {
            let id = p.user_id.clone();
            let rights = p.rights.iter().map(|r| view! { <li>{r.label()}</li> }).collect_view();
            view! {
                <tr>
                    <td>{p.name.clone()}</td>
                    <td>{p.email.clone()}</td>
                    <td><ul class="plain">{rights}</ul></td>
                    <td>{can_manage.then(|| view! {
                        <button type="button" class="button-secondary" on:click=move |_| selected.set(Some(id.clone()))>"Gi eller fjerne tilgang"</button>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table">
            <caption>"Personer med rettigheter"</caption>
            <thead><tr><th scope="col">"Navn"</th><th scope="col">"E-post"</th><th scope="col">"Rettigheter"</th><th scope="col"><span class="visually-hidden">"Handlinger"</span></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn PersonPanel(person: PersonRights, selected: RwSignal<Option<String>>, refetch: Refetch, notice: RwSignal<Option<String>>) -> impl IntoView {
    let removing = RwSignal::new(false);
    let marked = RwSignal::new(Vec::<Right>::new());
    let errors = FormError::new();
    let action = ServerAction::<RemoveRights>::new();
    let name = person.name.clone();
    on_result(
        action,
        move |()| {
            notice.set(Some("Rettighetene er fjernet.".into()));
            selected.set(None);
            refetch.bump();
        },
        move |e| errors.show(e),
    );
    let user_id = person.user_id.clone();
    let done = move |_| {
        let rights = marked.get_untracked();
        if rights.is_empty() {
            selected.set(None);
        } else {
            action.dispatch(RemoveRights { user_id: user_id.clone(), rights });
        }
    };
    let rights = person.rights.clone();
    view! {
        <section class="panel">
            <h2 id="person-title">{name.clone()}</h2>
            <p>{person.email.clone()}</p>
            <ErrorBox message=errors.general(&[])/>
            {move || {
                if !removing.get() {
                    return view! {
                        <ul>{rights.iter().map(|r| view! { <li>{r.label()}</li> }).collect_view()}</ul>
                        <button type="button" class="button-secondary" on:click=move |_| removing.set(true)>"Fjern en eller flere rettigheter"</button>
                        " "
                        <button type="button" class="button-link" on:click=move |_| selected.set(None)>"Tilbake"</button>
                    }.into_any();
                }
                let items = rights.iter().copied().map(|r| {
                    let is_marked = move || marked.get().contains(&r);
                    view! {
                        <li class:marked=is_marked>
                            <span>{r.label()}</span>
                            {move || if r == Right::MainAdmin {
                                view! { <span class="hint">"Utnevnes og fjernes av plattformoperatøren"</span> }.into_any()
                            } else if is_marked() {
                                view! {
                                    <span class="status-removed">"Fjernes"</span>
                                    <button type="button" class="button-link" on:click=move |_| marked.update(|m| m.retain(|x| *x != r))>"Angre"</button>
                                }.into_any()
                            } else {
                                view! { <button type="button" class="button-danger" on:click=move |_| marked.update(|m| m.push(r))>"Fjern"</button> }.into_any()
                            }}
                        </li>
                    }
                }).collect_view();
                view! {
                    <p>"Trykk «Fjern» på rettighetene som skal fjernes, og «Ferdig» for å bekrefte."</p>
                    <ul class="rights-list">{items}</ul>
                }.into_any()
            }}
            <Show when=move || removing.get()>
                <button type="button" class="button-primary" on:click=done.clone() disabled=move || action.pending().get()>"Ferdig"</button>
            </Show>
        </section>
    }
}

#[component]
fn GrantForm(refetch: Refetch, notice: RwSignal<Option<String>>) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<Right>::new());
    let errors = FormError::new();
    let action = ServerAction::<GrantRights>::new();
    on_result(
        action,
        move |()| {
            notice.set(Some("Rettighetene er gitt.".into()));
            email.set(String::new());
            last_name.set(String::new());
            chosen.set(Vec::new());
            refetch.bump();
        },
        move |e| errors.show(e),
    );
    let on_submit = errors.on_submit(
        move || {
            let input = GrantRightsInput { email: email.get_untracked(), last_name: last_name.get_untracked(), rights: chosen.get_untracked() };
            // The supplier rule depends on rights the person may already hold, which only the
            // server knows: the browser checks the form's own rules and leaves that one to it.
            input.parse().map(|_| input)
        },
        move |input| {
            action.dispatch(GrantRights { input });
        },
    );
    let boxes = Right::DELEGABLE
        .into_iter()
        .map(|r| {
            let id = format!("right-{}", r.code());
            view! {
                <div class="checkbox">
                    <input type="checkbox" id=id.clone() prop:checked=move || chosen.get().contains(&r)
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            chosen.update(|c| { c.retain(|x| *x != r); if on { c.push(r); } });
                        }/>
                    <label for=id>{r.label()}</label>
                    <p class="hint">{r.explanation()}</p>
                </div>
            }
        })
        .collect_view();
    view! {
        <section>
            <h2 id="grant-title">"Legg til person"</h2>
            <p>"Oppgi e-postadressen og etternavnet til personen. Begge må stemme, slik at en skrivefeil ikke gir rettigheter til feil person."</p>
            <form on:submit=on_submit novalidate class="narrow">
                <ErrorSummary errors=errors fields=&[("email", "grant-email", "E-post"), ("last_name", "grant-last-name", "Etternavn"), ("rights", "grant-rights", "Gi nye rettigheter")]/>
                <TextField label="E-post" id="grant-email" value=email error=errors.field("email") input_type="email" required=true
                    check=|v| Email::parse(v).map(|_| ())/>
                <TextField label="Etternavn" id="grant-last-name" value=last_name error=errors.field("last_name") required=true/>
                <fieldset class="group" id="grant-rights" aria-describedby=move || errors.field("rights").get().map(|_| "rights-error")>
                    <legend>"Gi nye rettigheter"</legend>
                    {boxes}
                    {move || errors.field("rights").get().map(|m| view! { <p class="field-error" id="rights-error">{m}</p> })}
                </fieldset>
                <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Gi rettigheter"</button>
            </form>
        </section>
    }
}

#[component]
fn StricterAccess(on: bool, refetch: Refetch, notice: RwSignal<Option<String>>) -> impl IntoView {
    let checked = RwSignal::new(on);
    let action = ServerAction::<SetStricterAccess>::new();
    let errors = FormError::new();
    on_result(
        action,
        move |()| {
            notice.set(Some("Tilgangsstyringen er lagret.".into()));
            refetch.bump();
        },
        move |e| errors.show(e),
    );
    view! {
        <section>
            <h2 id="stricter-title">"Tilgangsstyring i testmiljøene"</h2>
            <p>"I utgangspunktet kan alle brukere i virksomheten selvbetjene i testmiljøene. Med strengere tilgangsstyring gjelder rettighetene også der."</p>
            <ErrorBox message=errors.general(&[])/>
            <div class="checkbox">
                <input type="checkbox" id="stricter" prop:checked=move || checked.get() on:change:target=move |ev| checked.set(ev.target().checked())/>
                <label for="stricter">"Strengere tilgangsstyring i testmiljøene"</label>
            </div>
            <button type="button" class="button-secondary" on:click=move |_| { action.dispatch(SetStricterAccess { on: checked.get_untracked() }); }>
                "Lagre tilgangsstyring"
            </button>
        </section>
    }
}
