//! "Tilgang til programmeringsgrensesnitt - API": what the organisation has delegated to
//! suppliers and what customers have delegated to it, live. The main administrator goes
//! "Gi og fjerne tilganger" → "Deleger nytt API" → "Organisasjonsnummer" (the organisation
//! shown by name) → "Neste" → search the rights the organisation holds and add them with
//! "+" → "Neste" → a summary → "Bekreft"; and removes a delegation with "Fjern" ("Angre"
//! gives it back).

use crate::api::delegations::{find_organisation, get_delegations_overview, holdable_rights, DelegateApi, RemoveDelegations, RestoreDelegations};
use crate::api::environments::list_environments;
use crate::components::{
    field::TextField, live::use_live_changes, on_result, step_up::StepUpGate, ErrorBox, ErrorSummary, FormError, Loaded, Login, Refetch, SummaryField,
};
use crate::contract::delegations::{DelegationInput, DELEGATION_FIELDS};
use crate::domain::time::format_date;
use crate::domain::views::{DelegableRightView, DelegationView, DelegationsOverview, OrgSummary};
use crate::domain::OrgNumber;
use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn DelegationsPage() -> impl IntoView {
    let refetch = Refetch::new();
    // Every environment: a delegation given or removed anywhere concerns this page.
    let changes = use_live_changes(String::new());
    let overview = Resource::new(move || (refetch.track(), changes.get()), |_| get_delegations_overview());
    let managing = RwSignal::new(false);
    let notice = RwSignal::new(None::<Notice>);
    // Outside the loaded part, so "Angre" stays after the list has reloaded without them.
    let removed = RwSignal::new(None::<Vec<String>>);
    view! {
        <leptos_meta::Title text="Tilgang til programmeringsgrensesnitt - API"/>
        // No breadcrumb link: "Virksomhetens tjenester" is in the left menu, and a second
        // link with the same name would make the page ambiguous to find by role and name.
        <h1>"Tilgang til programmeringsgrensesnitt - API"</h1>
        <RemovedNotice removed=removed refetch=refetch/>
        <Loaded data=overview login=Login::Session let:o>
            <Overview overview=o managing=managing notice=notice removed=removed refetch=refetch/>
        </Loaded>
    }
}

/// The status after a change.
#[derive(Clone)]
struct Notice {
    text: String,
}

/// "Rettighetene er fjernet." with "Angre", which gives the removed delegations back.
#[component]
pub fn RemovedNotice(removed: RwSignal<Option<Vec<String>>>, refetch: Refetch) -> impl IntoView {
    let restore = ServerAction::<RestoreDelegations>::new();
    let errors = FormError::new();
    let restored = RwSignal::new(false);
    on_result(
        restore,
        move |()| {
            removed.set(None);
            restored.set(true);
            refetch.bump();
        },
        move |e| errors.show(e),
    );
    Effect::new(move |_| {
        if removed.get().is_some() {
            restored.set(false);
        }
    });
    view! {
        <ErrorBox message=errors.general(&[])/>
        {move || removed.get().map(|ids| view! {
            <div class="alert alert-success" role="status">
                "Rettighetene er fjernet. "
                <button type="button" class="button-link" on:click=move |_| { restore.dispatch(RestoreDelegations { ids: ids.clone() }); }>"Angre"</button>
            </div>
        })}
        {move || restored.get().then(|| view! { <div class="alert alert-success" role="status">"Rettighetene er gitt tilbake."</div> })}
    }
}

#[component]
fn Overview(
    overview: DelegationsOverview,
    managing: RwSignal<bool>,
    notice: RwSignal<Option<Notice>>,
    removed: RwSignal<Option<Vec<String>>>,
    refetch: Refetch,
) -> impl IntoView {
    let can_manage = overview.manage_denied.is_none();
    let wizard = RwSignal::new(false);
    let given = overview.given.clone();
    view! {
        <p class="lead">{overview.org.name.clone()} " (" {overview.org.org_number.clone()} ")"</p>
        <StepUpGate state=overview.step_up purpose="gi og fjerne tilganger" requirement="Å gi og fjerne tilganger krever tofaktorautentisering."/>
        {move || notice.get().map(|n| view! { <div class="alert alert-success" role="status">{n.text.clone()}</div> })}
        {if can_manage {
            view! {
                <Show when=move || !managing.get()>
                    <button type="button" class="button-primary" on:click=move |_| managing.set(true)>"Gi og fjerne tilganger"</button>
                </Show>
                <Show when=move || managing.get() && !wizard.get()>
                    <button type="button" class="button-primary" on:click=move |_| { notice.set(None); wizard.set(true) }>"Deleger nytt API"</button>
                </Show>
                <Show when=move || wizard.get()>
                    <DelegationWizard wizard=wizard notice=notice refetch=refetch/>
                </Show>
            }.into_any()
        } else {
            overview.manage_denied.clone().map(|m| view! { <p class="hint">{m}</p> }).into_any()
        }}
        <h2>"Delegert fra virksomheten"</h2>
        <GivenDelegations given=given can_manage=can_manage removed=removed refetch=refetch/>
        <h2>"Delegert til virksomheten"</h2>
        {if overview.received.is_empty() {
            view! { <p class="empty">"Ingen kunder har delegert API-tilganger til virksomheten."</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <caption class="visually-hidden">"Delegert til virksomheten"</caption>
                    <thead><tr><th scope="col">"Fra kunde"</th><th scope="col">"Rettighet"</th><th scope="col">"Scopes"</th><th scope="col">"Miljø"</th><th scope="col">"Gitt"</th></tr></thead>
                    <tbody>{overview.received.iter().map(|d| view! {
                        <tr>
                            <td>{org_label(&d.customer)}</td>
                            <td>{d.right_name.clone()}</td>
                            <td>{d.scopes.iter().map(|s| view! { <code>{s.clone()}</code> " " }).collect_view()}</td>
                            <td>{d.environment_label.clone()}</td>
                            <td>{format_date(d.given_at)}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table>
            }.into_any()
        }}
    }
}

/// The organisation registered under the number typed in `number`, once it is a valid
/// organisation number (`None` before that).
fn organisation_lookup(number: RwSignal<String>) -> Resource<Result<Option<OrgSummary>, AppError>> {
    Resource::new(
        move || OrgNumber::parse(&number.get()).ok().map(|n| n.to_string()),
        |n| async move {
            match n {
                Some(n) => find_organisation(n).await.map(Some),
                None => Ok(None),
            }
        },
    )
}

/// The configured environments as `<option>`s of a "Miljø" select, `chosen` selected.
#[component]
fn EnvironmentOptions(chosen: RwSignal<String>) -> impl IntoView {
    let envs = Resource::new(|| (), |_| list_environments());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                envs.await.unwrap_or_default().into_iter().map(|e| {
                    let id = e.id.clone();
                    view! { <option value=e.id.clone() selected=move || chosen.get() == id>{e.label.clone()}</option> }
                }).collect_view()
            })}
        </Transition>
    }
}

fn org_label(o: &OrgSummary) -> String {
    format!("{} ({})", o.name, o.org_number)
}

/// The delegations the organisation has given, by supplier. For each supplier "Fjern en
/// eller flere rettigheter" → tick the rights → "Fjern"; the status then offers "Angre".
#[component]
pub fn GivenDelegations(given: Vec<DelegationView>, can_manage: bool, removed: RwSignal<Option<Vec<String>>>, refetch: Refetch) -> impl IntoView {
    if given.is_empty() {
        return view! { <p class="empty">"Virksomheten har ikke delegert API-tilganger til noen."</p> }.into_any();
    }
    let mut suppliers: Vec<OrgSummary> = Vec::new();
    for d in &given {
        if !suppliers.contains(&d.supplier) {
            suppliers.push(d.supplier.clone());
        }
    }
    let given = StoredValue::new(given);
    suppliers
        .into_iter()
        .map(|supplier| {
            let list: Vec<DelegationView> = given.with_value(|g| g.iter().filter(|d| d.supplier == supplier).cloned().collect());
            view! { <SupplierDelegations supplier=supplier list=list can_manage=can_manage removed=removed refetch=refetch/> }
        })
        .collect_view()
        .into_any()
}

#[component]
fn SupplierDelegations(
    supplier: OrgSummary,
    list: Vec<DelegationView>,
    can_manage: bool,
    removed: RwSignal<Option<Vec<String>>>,
    refetch: Refetch,
) -> impl IntoView {
    let removing = RwSignal::new(false);
    let marked = RwSignal::new(Vec::<String>::new());
    let errors = FormError::new();
    let remove = ServerAction::<RemoveDelegations>::new();
    on_result(
        remove,
        move |()| {
            removed.set(Some(marked.get_untracked()));
            marked.set(Vec::new());
            removing.set(false);
            refetch.bump();
        },
        move |e| errors.show(e),
    );
    let title = org_label(&supplier);
    let items = list
        .iter()
        .map(|d| {
            let id = d.id.clone();
            let check_id = format!("remove-{}", d.id);
            let label_for = check_id.clone();
            let is_marked = {
                let id = id.clone();
                move || marked.get().contains(&id)
            };
            view! {
                <li>
                    <Show when=move || removing.get()>
                        {
                            let id = id.clone();
                            let check_id = check_id.clone();
                            let is_marked = is_marked.clone();
                            view! {
                                <input type="checkbox" id=check_id.clone() prop:checked=is_marked
                                    on:change:target=move |ev| {
                                        let on = ev.target().checked();
                                        marked.update(|m| { m.retain(|x| *x != id); if on { m.push(id.clone()); } });
                                    }/>
                            }
                        }
                    </Show>
                    <label for=label_for>{d.right_name.clone()}</label>
                    <span class="muted">" – " {d.environment_label.clone()} ", gitt " {format_date(d.given_at)} {d.given_by.clone().map(|b| format!(" av {b}"))}
                        " (" {d.scopes.join(", ")} ")"</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-label=title.clone()>
            <h3>{title.clone()}</h3>
            <ErrorBox message=errors.general(&[])/>
            <ul class="rights-list">{items}</ul>
            {can_manage.then(|| view! {
                <Show when=move || !removing.get()>
                    <button type="button" class="button-secondary" on:click=move |_| { removed.set(None); removing.set(true) }>"Fjern en eller flere rettigheter"</button>
                </Show>
                <Show when=move || removing.get()>
                    <p>"Velg rettighetene som skal fjernes, og trykk «Fjern»."</p>
                    <button type="button" class="button-danger" disabled=move || marked.get().is_empty() || remove.pending().get()
                        on:click=move |_| { remove.dispatch(RemoveDelegations { ids: marked.get_untracked() }); }>"Fjern"</button>
                    " "
                    <button type="button" class="button-secondary" on:click=move |_| { marked.set(Vec::new()); removing.set(false) }>"Avbryt"</button>
                </Show>
            })}
        </section>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Step {
    Organisation,
    Rights,
    Summary,
}

/// "Deleger nytt API", step by step.
#[component]
fn DelegationWizard(wizard: RwSignal<bool>, notice: RwSignal<Option<Notice>>, refetch: Refetch) -> impl IntoView {
    let step = RwSignal::new(Step::Organisation);
    let environment = RwSignal::new("ver1".to_string());
    let number = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<DelegableRightView>::new());
    let search = RwSignal::new(String::new());
    let errors = FormError::new();
    let found = organisation_lookup(number);
    let holdable = Resource::new(move || environment.get(), holdable_rights);
    let action = ServerAction::<DelegateApi>::new();
    on_result(
        action,
        move |_| {
            notice.set(Some(Notice { text: "API-tilgangen er delegert.".into() }));
            wizard.set(false);
            refetch.bump();
        },
        move |e| errors.show(e),
    );
    let supplier = Signal::derive(move || found.get().and_then(|r| r.ok()).flatten());
    let next_from_org = move |_| {
        errors.set(None);
        match OrgNumber::parse(&number.get_untracked()) {
            Err(m) => errors.show(AppError::field("supplier_org_number", m)),
            Ok(_) if supplier.get_untracked().is_none() => {
                errors.show(AppError::field("supplier_org_number", "Fant ingen virksomhet med dette organisasjonsnummeret i Selvbetjening."))
            }
            Ok(_) => step.set(Step::Rights),
        }
    };
    let next_from_rights = move |_| {
        errors.set(None);
        if chosen.with_untracked(|c| c.is_empty()) {
            errors.show(AppError::field("rights", "Legg til minst én rettighet med «+»."));
        } else {
            step.set(Step::Summary);
        }
    };
    let confirm = move |_| {
        let input = DelegationInput {
            environment: environment.get_untracked(),
            supplier_org_number: number.get_untracked(),
            rights: chosen.get_untracked().into_iter().map(|r| r.id).collect(),
        };
        match input.parse() {
            Ok(_) => {
                action.dispatch(DelegateApi { input });
            }
            Err(e) => errors.show(e),
        }
    };
    view! {
        <section class="panel" aria-labelledby="wizard-title">
            <h2 id="wizard-title">"Deleger nytt API"</h2>
            // The summary links the fields of the step on screen. On the last step there are
            // none, so what the server says about an earlier step is shown there in full.
            {move || {
                let fields: &'static [SummaryField] = match step.get() {
                    // "Miljø" has no message of its own beside it: the summary says it in full.
                    Step::Organisation => &[("supplier_org_number", "delegation-org", "Organisasjonsnummer")],
                    Step::Rights => &[("rights", "delegation-search", "Rettigheter")],
                    Step::Summary => &[],
                };
                view! { <ErrorSummary errors=errors fields=fields/> }
            }}
            {move || match step.get() {
                Step::Organisation => view! {
                    <div class="narrow">
                        <div class="field">
                            <label for="delegation-env">"Miljø"</label>
                            <select id="delegation-env" on:change:target=move |ev| { environment.set(ev.target().value()); chosen.set(Vec::new()); }>
                                <EnvironmentOptions chosen=environment/>
                            </select>
                        </div>
                        <TextField label="Organisasjonsnummer" id="delegation-org" value=number error=errors.field("supplier_org_number") required=true
                            hint="Organisasjonsnummeret til virksomheten (f.eks. leverandøren) du skal delegere tilgang til, 9 siffer."
                            check=|v| OrgNumber::parse(v).map(|_| ())/>
                        {move || supplier.get().map(|o| view! {
                            <div class="checkbox">
                                <input type="radio" id="delegation-org-choice" name="delegation-org-choice" checked=true/>
                                <label for="delegation-org-choice">{org_label(&o)}</label>
                            </div>
                        })}
                        <button type="button" class="button-primary" on:click=next_from_org>"Neste"</button>
                        " "
                        <button type="button" class="button-secondary" on:click=move |_| wizard.set(false)>"Avbryt"</button>
                    </div>
                }.into_any(),
                Step::Rights => view! {
                    <p>"Til: " {move || supplier.get().map(|o| org_label(&o))}</p>
                    <div class="field narrow">
                        <label for="delegation-search">"Søk etter rettighet"</label>
                        <input type="search" id="delegation-search" prop:value=move || search.get() on:input:target=move |ev| search.set(ev.target().value())/>
                    </div>
                    <Transition fallback=|| view! { <p class="loading">"Laster …"</p> }>
                        {move || Suspend::new(async move {
                            let list = match holdable.await {
                                Ok(l) => l,
                                Err(e) => return view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                            };
                            if list.is_empty() {
                                return view! { <p class="empty">"Virksomheten har ingen delegerbare rettigheter i dette miljøet. En rettighet kan delegeres når virksomheten selv har tilgang til alle scopene i den."</p> }.into_any();
                            }
                            let q = search.get().to_lowercase();
                            // Once a right is added the results close (the search box is
                            // emptied) until the user searches again, so the page never
                            // offers a "+" next to "Neste" by accident.
                            if q.is_empty() && !chosen.with(|c| c.is_empty()) {
                                return view! { <p class="hint">"Søk for å legge til flere rettigheter."</p> }.into_any();
                            }
                            let shown: Vec<DelegableRightView> = list.into_iter().filter(|r| q.is_empty() || r.name.to_lowercase().contains(&q)).collect();
                            if shown.is_empty() {
                                return view! { <p class="empty">"Ingen rettigheter passer søket."</p> }.into_any();
                            }
                            view! {
                                <ul class="rights-list">
                                    {shown.into_iter().map(|r| {
                                        let id = r.id.clone();
                                        let add = r.clone();
                                        let is_chosen = move || chosen.get().iter().any(|c| c.id == id);
                                        let label = format!("Legg til {}", r.name);
                                        view! {
                                            <li>
                                                <span>{r.name.clone()} " – " {r.provider.name.clone()} ": " {r.scopes.join(", ")}</span>
                                                {move || if is_chosen() {
                                                    view! { <span class="status-added">"Lagt til"</span> }.into_any()
                                                } else {
                                                    let add = add.clone();
                                                    view! { <button type="button" class="button-secondary" aria-label=label.clone()
                                                        on:click=move |_| { chosen.update(|c| c.push(add.clone())); search.set(String::new()); }>"+"</button> }.into_any()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        })}
                    </Transition>
                    {move || (!chosen.get().is_empty()).then(|| view! {
                        <h3 id="chosen-rights-title">"Valgte rettigheter"</h3>
                        <ul class="rights-list" aria-labelledby="chosen-rights-title">
                            {chosen.get().into_iter().map(|r| {
                                let id = r.id.clone();
                                let name_id = format!("chosen-{}", r.id);
                                // The right's name describes the button rather than naming it:
                                // right names (e.g. "tjenesteeier") would otherwise make
                                // buttons such as "Neste" ambiguous to find by name.
                                view! {
                                    <li><span id=name_id.clone()>{r.name.clone()}</span> " "
                                        <button type="button" class="button-link" aria-describedby=name_id
                                            on:click=move |_| chosen.update(|c| c.retain(|x| x.id != id))>"Fjern"</button></li>
                                }
                            }).collect_view()}
                        </ul>
                    })}
                    {move || errors.field("rights").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    <button type="button" class="button-primary" on:click=next_from_rights>"Neste"</button>
                    " "
                    <button type="button" class="button-secondary" on:click=move |_| step.set(Step::Organisation)>"Tilbake"</button>
                }.into_any(),
                Step::Summary => view! {
                    <p>"Du delegerer disse rettighetene i " {move || environment.get()} " til " <strong>{move || supplier.get().map(|o| org_label(&o))}</strong> ":"</p>
                    <ul>{move || chosen.get().into_iter().map(|r| view! { <li>{r.name.clone()} " (" {r.scopes.join(", ")} ")"</li> }).collect_view()}</ul>
                    <p>"Leverandøren kan da bruke scopene for virksomheten. Det er virksomhetens ansvar å fjerne delegeringen når behovet er borte."</p>
                    <button type="button" class="button-primary" on:click=confirm disabled=move || action.pending().get()>"Bekreft"</button>
                    " "
                    <button type="button" class="button-secondary" on:click=move |_| step.set(Step::Rights)>"Tilbake"</button>
                }.into_any(),
            }}
        </section>
    }
}

/// On "Andre med rettigheter til virksomheten": the organisations the organisation has
/// delegated API rights to, each with "Gi eller fjerne tilgang" → its rights, "Fjern en
/// eller flere rettigheter" → tick → "Fjern" (and "Angre").
#[component]
pub fn OrganisationsWithRights(can_manage: bool) -> impl IntoView {
    // Its own reload, not the page's: reloading the page's list would rebuild this part
    // and lose the "Angre" after a removal.
    let refetch = Refetch::new();
    let changes = use_live_changes(String::new());
    let overview = Resource::new(move || (refetch.track(), changes.get()), |_| get_delegations_overview());
    let selected = RwSignal::new(None::<String>);
    let removed = RwSignal::new(None::<Vec<String>>);
    view! {
        <RemovedNotice removed=removed refetch=refetch/>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(o) = overview.await else { return ().into_any() };
                let given = StoredValue::new(o.given);
                let mut suppliers: Vec<OrgSummary> = Vec::new();
                given.with_value(|g| for d in g {
                    if !suppliers.contains(&d.supplier) {
                        suppliers.push(d.supplier.clone());
                    }
                });
                if suppliers.is_empty() && selected.get().is_none() {
                    return ().into_any();
                }
                match selected.get() {
                    Some(number) => {
                        let list: Vec<DelegationView> = given.with_value(|g| g.iter().filter(|d| d.supplier.org_number == number).cloned().collect());
                        match list.first().map(|d| d.supplier.clone()) {
                            Some(supplier) => view! {
                                <SupplierDelegations supplier=supplier list=list can_manage=can_manage removed=removed refetch=refetch/>
                                <button type="button" class="button-link" on:click=move |_| selected.set(None)>"Tilbake"</button>
                            }.into_any(),
                            None => view! {
                                <p class="empty">"Virksomheten har ingen rettigheter fra dere lenger."</p>
                                <button type="button" class="button-link" on:click=move |_| selected.set(None)>"Tilbake"</button>
                            }.into_any(),
                        }
                    }
                    None => {
                        let rows = suppliers.into_iter().map(|s| {
                            let number = s.org_number.clone();
                            let rights: Vec<String> = given.with_value(|g| g.iter().filter(|d| d.supplier == s).map(|d| format!("{} ({})", d.right_name, d.environment_label)).collect());
                            view! {
                                <tr>
                                    <td>{s.name.clone()}</td>
                                    <td>{s.org_number.clone()}</td>
                                    <td><ul class="plain">{rights.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul></td>
                                    <td><button type="button" class="button-secondary" on:click=move |_| selected.set(Some(number.clone()))>"Gi eller fjerne tilgang"</button></td>
                                </tr>
                            }
                        }).collect_view();
                        view! {
                            <table class="table">
                                <caption>"Virksomheter med rettigheter"</caption>
                                <thead><tr><th scope="col">"Navn"</th><th scope="col">"Organisasjonsnummer"</th><th scope="col">"Rettigheter"</th>
                                    <th scope="col"><span class="visually-hidden">"Handlinger"</span></th></tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// "Legg til virksomhet": the supplier's "Organisasjonsnummer" (shown with its name once
/// found), "Miljø", and under "Gi nye rettigheter" the delegable rights the organisation
/// holds there → "Bekreft".
#[component]
pub fn AddOrganisation(refetch: Refetch, notice: RwSignal<Option<String>>) -> impl IntoView {
    let number = RwSignal::new(String::new());
    let environment = RwSignal::new("ver1".to_string());
    let chosen = RwSignal::new(Vec::<String>::new());
    let errors = FormError::new();
    let found = organisation_lookup(number);
    let holdable = Resource::new(move || environment.get(), holdable_rights);
    let action = ServerAction::<DelegateApi>::new();
    on_result(
        action,
        move |_| {
            notice.set(Some("Rettighetene er gitt til virksomheten.".into()));
            number.set(String::new());
            chosen.set(Vec::new());
            refetch.bump();
        },
        move |e| errors.show(e),
    );
    let on_submit = errors.on_submit(
        move || {
            let input =
                DelegationInput { environment: environment.get_untracked(), supplier_org_number: number.get_untracked(), rights: chosen.get_untracked() };
            input.parse().map(|_| input)
        },
        move |input| {
            action.dispatch(DelegateApi { input });
        },
    );
    view! {
        <section>
            <h2 id="add-org-title">"Legg til virksomhet"</h2>
            <p>"Gi en leverandør (eller hovedenheten) rett til å bruke virksomhetens API-tilganger for virksomheten."</p>
            <form on:submit=on_submit novalidate class="narrow">
                <ErrorBox message=errors.general(DELEGATION_FIELDS)/>
                <TextField label="Organisasjonsnummer" id="add-org-number" value=number error=errors.field("supplier_org_number") required=true
                    hint="Leverandørens organisasjonsnummer, 9 siffer." check=|v| OrgNumber::parse(v).map(|_| ())/>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match found.await {
                            Ok(Some(o)) => view! { <p class="status">"Virksomhet: " <strong>{org_label(&o)}</strong></p> }.into_any(),
                            Err(e) => view! { <p class="field-error">{e.for_field("supplier_org_number").unwrap_or_else(|| e.to_string())}</p> }.into_any(),
                            Ok(None) => ().into_any(),
                        }
                    })}
                </Transition>
                <div class="field">
                    <label for="add-org-env">"Miljø"</label>
                    <select id="add-org-env" on:change:target=move |ev| { environment.set(ev.target().value()); chosen.set(Vec::new()); }>
                        <EnvironmentOptions chosen=environment/>
                    </select>
                </div>
                // The rights appear once the organisation is found, so the page never shows
                // two lists of rights to give at the same time by accident.
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        if !matches!(found.await, Ok(Some(_))) {
                            return ().into_any();
                        }
                        let list = holdable.await.unwrap_or_default();
                        let boxes = if list.is_empty() {
                            view! { <p class="empty">"Virksomheten har ingen delegerbare API-rettigheter i dette miljøet."</p> }.into_any()
                        } else {
                            list.into_iter().map(|r| {
                                let id = format!("add-org-right-{}", r.id);
                                let value = r.id.clone();
                                let checked = { let v = r.id.clone(); move || chosen.get().contains(&v) };
                                view! {
                                    <div class="checkbox">
                                        <input type="checkbox" id=id.clone() prop:checked=checked
                                            on:change:target=move |ev| {
                                                let on = ev.target().checked();
                                                chosen.update(|c| { c.retain(|x| *x != value); if on { c.push(value.clone()); } });
                                            }/>
                                        <label for=id>{r.name.clone()}</label>
                                        <p class="hint">{r.scopes.join(", ")}</p>
                                    </div>
                                }
                            }).collect_view().into_any()
                        };
                        view! {
                            <fieldset class="group">
                                <legend>"Gi nye rettigheter"</legend>
                                {boxes}
                                {move || errors.field("rights").get().map(|m| view! { <p class="field-error">{m}</p> })}
                            </fieldset>
                            <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Bekreft"</button>
                        }.into_any()
                    })}
                </Transition>
            </form>
        </section>
    }
}
