//! One scope, as its provider sees it: the configuration ("Endre", "Deaktiver", "Aktiver")
//! and, below it, "Tilgangsstyring": the live access list and open access requests.

use super::scope_form::{ScopeFieldInputs, ScopeForm, SCOPE_SETTINGS_SUMMARY};
use crate::api::scopes::{get_scope_detail, AddScopeAccess, DecideAccessRequest, RemoveScopeAccess, SetScopeActive, UpdateScope};
use crate::components::focus::focus_into_when_mounted;
use crate::components::{
    copy::CopyButton,
    dialog::{ConfirmDialog, DisabledAction},
    field::TextField,
    focus_next_status,
    live::use_live_changes,
    on_result,
    status::expire_undo,
    ErrorBox, ErrorSummary, FormError, Loaded, Refetch, StatusMessage,
};
use crate::contract::scopes::{parse_consumer, ScopeInput};
use crate::domain::views::ScopeDetail;
use crate::domain::{time::format_utc, OrgNumber};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ScopePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let refetch = Refetch::new();
    // The message after a change lives above the reloaded part, which the change reloads.
    let notice = RwSignal::new(None::<String>);
    let detail = Resource::new(move || (id(), refetch.track()), |(id, _)| get_scope_detail(id));
    view! {
        <Loaded data=detail title="Scope" let:d>
            <ScopeView detail=d refetch=refetch notice=notice/>
        </Loaded>
        {move || {
            let id = id();
            (!id.is_empty()).then(|| view! { <AccessControl id=id refetch=refetch notice=notice/> })
        }}
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "Ja"
    } else {
        "Nei"
    }
}

/// Something was saved: say so (focus moves to the message), and reload the scope.
fn changed(notice: RwSignal<Option<String>>, refetch: Refetch, message: &str) {
    notice.set(Some(message.to_string()));
    focus_next_status();
    refetch.bump();
}

#[component]
fn ScopeView(detail: ScopeDetail, refetch: Refetch, notice: RwSignal<Option<String>>) -> impl IntoView {
    let editing = RwSignal::new(false);
    let activate = ServerAction::<SetScopeActive>::new();
    let activate_error = RwSignal::new(None::<String>);
    on_result(activate, move |()| changed(notice, refetch, "Scopet er aktivert igjen."), move |e| activate_error.set(Some(e.to_string())));
    let d = detail.clone();
    let types = d.integration_types.iter().map(|t| t.label()).collect::<Vec<_>>().join(", ");
    let id = d.id.clone();
    let can_manage = d.manage_denied.is_none();
    view! {
        <leptos_meta::Title text=format!("{} – {}", d.name, d.environment_label)/>
        <p class="breadcrumb">
            <a href="/tjenester/administrasjon">"Alle miljøer"</a> " › "
            <a href=format!("/tjenester/{}/mine-api", d.environment)>"Mine API – " {d.environment_label.clone()}</a>
        </p>
        <h1><code>{d.name.clone()}</code></h1>
        <p><CopyButton value=d.name.clone() what="scopenavnet"/></p>
        <StatusMessage message=notice/>
        <p class=if d.active { "status status-active" } else { "status status-inactive" }>
            "Status: " <strong>{if d.active { "Aktiv" } else { "Deaktivert" }}</strong>
        </p>
        {(!d.active).then(|| view! {
            <p>"Scopet er skjult for alle konsumenter og gir ingen tokens. Tilgangslisten er beholdt."</p>
            {can_manage.then(|| {
                let id = id.clone();
                view! { <button type="button" class="button-primary" on:click=move |_| { activate.dispatch(SetScopeActive { id: id.clone(), active: true }); }>"Aktiver"</button> }
            })}
        })}
        <ErrorBox message=activate_error/>
        <dl class="facts">
            <dt>"Miljø"</dt><dd>{d.environment_label.clone()}</dd>
            <dt>"Beskrivelse"</dt><dd>{d.description.clone()}</dd>
            <dt>"Synlighet"</dt><dd>{d.visibility.label()}</dd>
            <dt>"Tilgjengelig for alle virksomheter"</dt><dd>{yes_no(d.accessible_for_all)}</dd>
            <dt>"Tillatte integrasjonstyper"</dt><dd>{types}</dd>
            <dt>"Levetid for token"</dt><dd>{d.at_max_age} " sekunder"</dd>
            <dt>"Kan delegeres til leverandører"</dt><dd>{yes_no(d.delegable)}</dd>
            <dt>"Opprettet"</dt><dd>{format_utc(d.created_at)} " UTC"</dd>
            <dt>"Sist endret"</dt><dd>{format_utc(d.updated_at)} " UTC"</dd>
        </dl>
        {(!d.long_description_html.is_empty()).then(|| view! {
            // Rendered and made safe on the server (raw HTML shown as text, unsafe links dropped).
            <section class="markdown" inner_html=d.long_description_html.clone()></section>
        })}
        {match d.manage_denied.clone() {
            Some(reason) => view! { <DisabledAction label="Endre" reason=reason reason_id="manage-reason"/> }.into_any(),
            None => view! {
                <Show when=move || !editing.get()>
                    <button type="button" class="button-secondary" on:click=move |_| { notice.set(None); editing.set(true) }>"Endre"</button>
                </Show>
                <Show when=move || editing.get()>
                    <EditScope detail=detail.clone() editing=editing refetch=refetch notice=notice/>
                </Show>
            }.into_any(),
        }}
    }
}

#[component]
fn EditScope(detail: ScopeDetail, editing: RwSignal<bool>, refetch: Refetch, notice: RwSignal<Option<String>>) -> impl IntoView {
    let form = ScopeForm::new(ScopeInput {
        prefix: detail.prefix.clone(),
        subscope: detail.subscope.clone(),
        description: detail.description.clone(),
        long_description: detail.long_description.clone(),
        visibility: detail.visibility.code().to_string(),
        accessible_for_all: detail.accessible_for_all,
        integration_types: detail.integration_types.iter().map(|t| t.code().to_string()).collect(),
        at_max_age: detail.at_max_age.to_string(),
        delegable: detail.delegable,
    });
    let errors = FormError::new();
    let save = ServerAction::<UpdateScope>::new();
    let deactivate = ServerAction::<SetScopeActive>::new();
    let confirming = RwSignal::new(false);
    on_result(
        save,
        move |()| {
            editing.set(false);
            changed(notice, refetch, "Endringene er lagret.");
        },
        move |e| errors.show(e),
    );
    let deactivated = move |()| {
        editing.set(false);
        changed(notice, refetch, "Scopet er deaktivert. Ingen konsumenter ser det eller får tokens med det; tilgangslisten er beholdt.");
    };
    on_result(deactivate, deactivated, move |e| {
        confirming.set(false);
        errors.show(e);
    });
    let id = detail.id.clone();
    let on_submit = {
        let id = id.clone();
        errors.on_submit(
            move || {
                let input = form.input();
                input.parse_settings().map(|_| input)
            },
            move |input| {
                save.dispatch(UpdateScope { id: id.clone(), input });
            },
        )
    };
    let active = detail.active;
    let name = detail.name.clone();
    let panel_ref = NodeRef::<leptos::html::Section>::new();
    focus_into_when_mounted(panel_ref);
    view! {
        <section class="panel" node_ref=panel_ref>
            <h2>"Endre scope"</h2>
            <form on:submit=on_submit novalidate>
                <ErrorSummary errors=errors fields=SCOPE_SETTINGS_SUMMARY/>
                <p>"Subscope: " <code>{detail.subscope.clone()}</code> " (kan ikke endres)"</p>
                <ScopeFieldInputs form=form errors=errors/>
                <div class="actions">
                    <button type="submit" class="button-primary" disabled=move || save.pending().get()>"Lagre"</button>
                    " "
                    <button type="button" class="button-secondary" on:click=move |_| editing.set(false)>"Avbryt"</button>
                    " "
                    {active.then(|| view! { <button type="button" class="button-danger" on:click=move |_| confirming.set(true)>"Deaktiver"</button> })}
                </div>
            </form>
            <Show when=move || confirming.get()>
                {
                    let (id, name) = (id.clone(), name.clone());
                    view! {
                        <ConfirmDialog title="Deaktivere scopet?" confirm="Deaktiver"
                            on_confirm=Callback::new(move |_| { deactivate.dispatch(SetScopeActive { id: id.clone(), active: false }); })
                            on_cancel=Callback::new(move |_| confirming.set(false))>
                            "Når " <code>{name}</code> " er deaktivert, ser ingen konsumenter det lenger, og det gir ingen tokens. "
                            "Tilgangslisten beholdes, så du kan aktivere scopet igjen."
                        </ConfirmDialog>
                    }
                }
            </Show>
        </section>
    }
}

/// "Tilgangsstyring": refetched live, so colleagues' changes show without reloading. The
/// add form, the confirmation and the message after a removal live outside the refetched
/// part, so typing is never interrupted and "Angre" outlives the reload.
#[component]
fn AccessControl(id: String, refetch: Refetch, notice: RwSignal<Option<String>>) -> impl IntoView {
    let changes = use_live_changes(String::new());
    // Changes made here reload only this list, not the configuration above.
    let list = Refetch::new();
    let detail = {
        let id = id.clone();
        Resource::new(move || (id.clone(), refetch.track(), list.track(), changes.get()), |(id, _, _, _)| get_scope_detail(id))
    };
    let adding = RwSignal::new(false);
    let removal = Removal::new(id.clone(), list);
    // One message on the page at a time, about what was done last: a removal here replaces
    // the configuration's message (`notice`), and a change there replaces this one.
    Effect::new(move |_| {
        if removal.notice.get().is_some() {
            notice.set(None);
        }
    });
    Effect::new(move |_| {
        if notice.get().is_some() {
            removal.notice.set(None);
            removal.undoable.set(None);
        }
    });
    view! {
        <section class="access-control">
            <h2>"Tilgangsstyring"</h2>
            <p>"Virksomhetene på listen kan bruke scopet på integrasjonene sine i dette miljøet."</p>
            <StatusMessage message=removal.notice>
                {move || removal.undoable.get().map(|org| view! {
                    <button type="button" class="button-secondary" aria-label=format!("Angre: gi {} tilgangen igjen", org.label())
                        on:click=move |_| removal.undo()>"Angre"</button>
                })}
            </StatusMessage>
            <ErrorBox message=removal.error/>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(d) = detail.await else { return ().into_any() };
                    let can_manage = d.manage_denied.is_none();
                    view! {
                        <AccessTable detail=d.clone() can_manage=can_manage removal=removal/>
                        <AccessRequests detail=d can_manage=can_manage refetch=list/>
                    }.into_any()
                })}
            </Transition>
            <Show when=move || !adding.get()>
                <button type="button" class="button-primary" on:click=move |_| adding.set(true)>"Legg til tilgang"</button>
            </Show>
            <Show when=move || adding.get()>
                <AddAccessForm id=id.clone() adding=adding refetch=list/>
            </Show>
            {move || removal.asking.get().map(|org| view! {
                <ConfirmDialog title="Slette tilgangen?" confirm="Slett tilgang"
                    on_confirm=Callback::new(move |_| removal.confirm())
                    on_cancel=Callback::new(move |_| removal.asking.set(None))>
                    <strong>{org.label()}</strong> " mister tilgangen til scopet med én gang: integrasjonene deres får ingen nye tokens med det. "
                    "Du kan angre rett etterpå, eller legge virksomheten til igjen senere."
                </ConfirmDialog>
            })}
        </section>
    }
}

/// An organisation on the access list, as the confirmation and the message name it.
#[derive(Clone, PartialEq)]
struct ListedOrg {
    org_number: String,
    name: Option<String>,
}

impl ListedOrg {
    fn label(&self) -> String {
        match &self.name {
            Some(n) => format!("{n} ({})", self.org_number),
            None => self.org_number.clone(),
        }
    }
}

/// "Slett tilgang": asked first, then done, then undoable for [`UNDO_SECONDS`](crate::components::status::UNDO_SECONDS) by adding
/// the organisation again.
#[derive(Clone, Copy)]
struct Removal {
    scope: StoredValue<String>,
    /// The organisation the confirmation asks about.
    asking: RwSignal<Option<ListedOrg>>,
    /// The organisation "Angre" would put back.
    undoable: RwSignal<Option<ListedOrg>>,
    notice: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
    remove: ServerAction<RemoveScopeAccess>,
    restore: ServerAction<AddScopeAccess>,
}

impl Removal {
    fn new(scope: String, list: Refetch) -> Self {
        let this = Self {
            scope: StoredValue::new(scope),
            asking: RwSignal::new(None),
            undoable: RwSignal::new(None),
            notice: RwSignal::new(None),
            error: RwSignal::new(None),
            remove: ServerAction::new(),
            restore: ServerAction::new(),
        };
        on_result(
            this.remove,
            move |()| {
                focus_next_status();
                let org = this.asking.get_untracked();
                this.asking.set(None);
                this.notice.set(org.as_ref().map(|o| format!("Tilgangen for {} er slettet.", o.label())));
                this.undoable.set(org.clone());
                list.bump();
                // "Angre" goes after a while; the message stays.
                if let Some(org) = org {
                    expire_undo(this.undoable, org);
                }
            },
            move |e| {
                this.asking.set(None);
                this.error.set(Some(e.to_string()));
            },
        );
        on_result(
            this.restore,
            move |()| {
                let org = this.undoable.get_untracked();
                this.undoable.set(None);
                this.notice.set(org.map(|o| format!("Tilgangen for {} er gitt tilbake.", o.label())));
                focus_next_status();
                list.bump();
            },
            move |e| this.error.set(Some(e.to_string())),
        );
        this
    }

    fn ask(self, org: ListedOrg) {
        self.error.set(None);
        self.asking.set(Some(org));
    }

    fn confirm(self) {
        if let Some(org) = self.asking.get_untracked() {
            self.remove.dispatch(RemoveScopeAccess { id: self.scope.get_value(), org_number: org.org_number });
        }
    }

    fn undo(self) {
        if let Some(org) = self.undoable.get_untracked() {
            self.error.set(None);
            self.restore.dispatch(AddScopeAccess { id: self.scope.get_value(), org_number: org.org_number });
        }
    }
}

#[component]
fn AccessTable(detail: ScopeDetail, can_manage: bool, removal: Removal) -> impl IntoView {
    if detail.access.is_empty() {
        return view! { <p class="empty">"Ingen virksomheter har tilgang ennå."</p> }.into_any();
    }
    let rows = detail
        .access
        .into_iter()
        .map(|a| {
            let org = ListedOrg { org_number: a.org_number.clone(), name: a.org_name.clone() };
            view! {
                <tr>
                    <td id=format!("access-{}", a.org_number)>{a.org_number.clone()}</td>
                    <td>{a.org_name.clone().unwrap_or_else(|| "Ikke registrert i portalen".into())}</td>
                    <td>{format_utc(a.added_at)}</td>
                    <td>{a.added_by.clone().unwrap_or_else(|| "–".into())}</td>
                    <td>{can_manage.then(|| view! {
                        <button type="button" class="icon-button" aria-label="Slett tilgang" title="Slett tilgang"
                            aria-describedby=format!("access-{}", a.org_number)
                            on:click=move |_| removal.ask(org.clone())>
                            <TrashIcon/>
                        </button>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="table">
                <caption class="visually-hidden">"Virksomheter med tilgang"</caption>
                <thead><tr><th scope="col">"Organisasjonsnummer"</th><th scope="col">"Virksomhet"</th><th scope="col">"Lagt til"</th>
                    <th scope="col">"Lagt til av"</th><th scope="col"><span class="visually-hidden">"Handling"</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn TrashIcon() -> impl IntoView {
    view! {
        <svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2">
            <path d="M3 6h18M8 6V4h8v2M6 6l1 14h10l1-14M10 11v6M14 11v6"/>
        </svg>
    }
}

#[component]
fn AccessRequests(
    detail: ScopeDetail,
    can_manage: bool,
    /// Bumped after a decision, so the list reloads.
    refetch: Refetch,
) -> impl IntoView {
    let decide = ServerAction::<DecideAccessRequest>::new();
    let error = RwSignal::new(None::<String>);
    on_result(decide, move |()| refetch.bump(), move |e| error.set(Some(e.to_string())));
    if detail.requests.is_empty() {
        return ().into_any();
    }
    let rows = detail
        .requests
        .into_iter()
        .map(|r| {
            let (a, b) = (r.id.clone(), r.id.clone());
            view! {
                <tr>
                    <td>{r.org_name.clone()} " (" {r.org_number.clone()} ")"</td>
                    <td>{r.requested_by.clone().unwrap_or_default()}</td>
                    <td>{format_utc(r.requested_at)}</td>
                    <td>{can_manage.then(|| view! {
                        <button type="button" class="button-primary" on:click=move |_| { decide.dispatch(DecideAccessRequest { request_id: a.clone(), approve: true }); }>"Godkjenn"</button>
                        " "
                        <button type="button" class="button-secondary" on:click=move |_| { decide.dispatch(DecideAccessRequest { request_id: b.clone(), approve: false }); }>"Avslå"</button>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3>"Tilgangsforespørsler"</h3>
        <ErrorBox message=error/>
        <table class="table">
            <caption class="visually-hidden">"Forespørsler om tilgang"</caption>
            <thead><tr><th scope="col">"Virksomhet"</th><th scope="col">"Bedt om av"</th><th scope="col">"Tidspunkt"</th>
                <th scope="col"><span class="visually-hidden">"Handling"</span></th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn AddAccessForm(
    id: String,
    adding: RwSignal<bool>,
    /// Bumped when the organisation is added, so the list reloads.
    refetch: Refetch,
) -> impl IntoView {
    let org_number = RwSignal::new(String::new());
    let errors = FormError::new();
    let action = ServerAction::<AddScopeAccess>::new();
    on_result(
        action,
        move |()| {
            org_number.set(String::new());
            adding.set(false);
            refetch.bump();
        },
        move |e| errors.show(e),
    );
    let on_submit = errors.on_submit(
        move || parse_consumer(&org_number.get_untracked()),
        move |n| {
            action.dispatch(AddScopeAccess { id: id.clone(), org_number: n.to_string() });
        },
    );
    let panel_ref = NodeRef::<leptos::html::Form>::new();
    focus_into_when_mounted(panel_ref);
    view! {
        <form on:submit=on_submit novalidate class="narrow panel" node_ref=panel_ref>
            <ErrorSummary errors=errors fields=&[("org_number", "access-org-number", "Organisasjonsnummer")]/>
            <TextField label="Organisasjonsnummer" id="access-org-number" value=org_number error=errors.field("org_number") required=true
                hint="9 siffer, virksomheten som skal få tilgang." check=|v| OrgNumber::parse(v).map(|_| ())/>
            <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Legg til"</button>
            " "
            <button type="button" class="button-secondary" on:click=move |_| adding.set(false)>"Avbryt"</button>
        </form>
    }
}
