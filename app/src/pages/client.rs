//! One integration: its configuration with the client_id to copy, "Endre" (and there
//! "Deaktiver", after confirmation), "Merkantile data" with "Rediger integrasjon", and at
//! the bottom "Egne public nøkler" and "Virksomhetssertifikat". One panel is open at a
//! time, so every button on the page has a name of its own.

use super::client_form::{ClientFieldInputs, ClientForm};
use super::client_keys::{CertificatePanel, KeysPanel};
use super::commercial::{CommercialFacts, CommercialForm};
use crate::api::clients::{get_client_detail, SaveClientCommercial, SetClientActive, UpdateClient};
use crate::components::{
    copy::CopyButton,
    dialog::{ConfirmDialog, DisabledAction},
    ErrorBox, FormError,
};
use crate::contract::clients::{ClientInput, CLIENT_FIELDS};
use crate::domain::views::ClientDetail;
use crate::domain::{
    time::{format_date, format_utc},
    IntegrationType,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    None,
    Edit,
    Commercial,
    Keys,
    Certificate,
}

/// Messages that must outlive the reload after a change.
#[derive(Clone, Copy)]
pub struct PageState {
    pub version: RwSignal<u32>,
    pub panel: RwSignal<Panel>,
    pub notice: RwSignal<Option<&'static str>>,
}

impl PageState {
    pub fn changed(&self, notice: &'static str) {
        self.notice.set(Some(notice));
        self.version.update(|v| *v += 1);
    }
}

#[component]
pub fn ClientPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // "Opprett" lands here with ?ny=1.
    let created = use_query_map().read_untracked().get("ny").is_some();
    let notice = created.then_some("Integrasjonen er opprettet. Kopier client_id under; legg til nøkler eller virksomhetssertifikat nederst på siden.");
    let state = PageState { version: RwSignal::new(0), panel: RwSignal::new(Panel::None), notice: RwSignal::new(notice) };
    let detail = Resource::new(move || (id(), state.version.get()), |(id, _)| get_client_detail(id));
    view! {
        <Transition fallback=|| view! { <p>"Laster …"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <ClientView detail=d state=state/> }.into_any(),
                    Err(crate::error::AppError::Unauthenticated) => view! { <crate::components::LoginRequired/> }.into_any(),
                    Err(e) => view! { <h1>"Integrasjon"</h1><div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ClientView(detail: ClientDetail, state: PageState) -> impl IntoView {
    let d = detail.clone();
    let panel = state.panel;
    let can_manage = d.manage_denied.is_none();
    let activate = ServerAction::<SetClientActive>::new();
    let activate_error = RwSignal::new(None::<String>);
    Effect::new(move |_| match activate.value().get() {
        Some(Ok(())) => state.changed("Integrasjonen er aktivert igjen."),
        Some(Err(e)) => activate_error.set(Some(e.to_string())),
        None => {}
    });
    let scopes = if d.scopes.is_empty() {
        view! { <dd>"Ingen"</dd> }.into_any()
    } else {
        view! {
            <dd><ul class="plain">{d.scopes.iter().map(|s| view! {
                <li><code>{s.name.clone()}</code>
                    {(!s.usable).then(|| view! { <span class="warning">" – kan ikke brukes nå: tilgangen er fjernet eller scopet er deaktivert"</span> })}</li>
            }).collect_view()}</ul></dd>
        }
        .into_any()
    };
    let id = d.id.clone();
    let is_krr = d.integration_type == IntegrationType::Krr;
    let toggle = move |p: Panel| {
        move |_| {
            state.notice.set(None);
            panel.update(|cur| *cur = if *cur == p { Panel::None } else { p });
        }
    };
    view! {
        <p class="breadcrumb">
            <a href="/tjenester/administrasjon">"Alle miljøer"</a> " › "
            <a href=format!("/tjenester/{}/integrasjoner", d.environment)>"Integrasjoner – " {d.environment_label.clone()}</a>
        </p>
        <h1>{d.name.clone()}</h1>
        {move || state.notice.get().map(|m| view! { <div class="alert alert-success" role="status">{m}</div> })}
        <p class=if d.active { "status status-active" } else { "status status-inactive" }>
            "Status: " <strong>{if d.active { "Aktiv" } else { "Deaktivert" }}</strong>
        </p>
        {(!d.active).then(|| view! {
            <p>"Integrasjonen er deaktivert og får ingen tokens. Den er beholdt, med nøkler og scopes."</p>
            {can_manage.then(|| {
                let id = id.clone();
                view! { <button type="button" class="button-primary" on:click=move |_| { activate.dispatch(SetClientActive { id: id.clone(), active: true }); }>"Aktiver"</button> }
            })}
        })}
        <ErrorBox message=activate_error/>
        <dl class="facts">
            <dt>"client_id"</dt><dd><code class="client-id">{d.id.clone()}</code> " " <CopyButton value=d.id.clone() what="client_id"/></dd>
            <dt>"Difi-tjeneste"</dt><dd>{d.integration_type.label()}</dd>
            <dt>"Miljø"</dt><dd>{d.environment_label.clone()}</dd>
            <dt>"Virksomhet"</dt><dd>{d.org.name.clone()} " (" {d.org.org_number.clone()} ")"</dd>
            <dt>"Beskrivelse"</dt><dd>{d.description.clone()}</dd>
            <dt>"Scopes"</dt>{scopes}
            {(d.integration_type == IntegrationType::IdPorten).then(|| view! {
                <dt>"Redirect-URI-er"</dt><dd>{d.redirect_uris.join(", ")}</dd>
                <dt>"Post logout-URI-er"</dt><dd>{if d.post_logout_redirect_uris.is_empty() { "Ingen".to_string() } else { d.post_logout_redirect_uris.join(", ") }}</dd>
            })}
            <dt>"Nøkler"</dt><dd>{format!("{} av {}", d.keys.len(), crate::domain::MAX_KEYS)}
                {d.keys.iter().map(|k| k.expires_at).min().map(|t| format!(" (første utløper {})", format_date(t)))}</dd>
            <dt>"Opprettet"</dt><dd>{format_utc(d.created_at)} " UTC"</dd>
            <dt>"Sist endret"</dt><dd>{format_utc(d.updated_at)} " UTC"</dd>
        </dl>
        {match d.manage_denied.clone() {
            Some(reason) => view! { <DisabledAction label="Endre" reason=reason reason_id="manage-reason"/> }.into_any(),
            None => {
                let detail = detail.clone();
                view! {
                <Show when=move || panel.get() != Panel::Edit>
                    <button type="button" class="button-secondary" on:click=toggle(Panel::Edit)>"Endre"</button>
                </Show>
                <Show when=move || panel.get() == Panel::Edit>
                    <EditClient detail=detail.clone() state=state/>
                </Show>
                }.into_any()
            }
        }}
        <section class="commercial">
            <h2>"Merkantile data"</h2>
            <CommercialFacts data=d.commercial.clone() invoice=!is_krr/>
            {d.manage_denied.clone().map(|reason| view! { <DisabledAction label="Rediger integrasjon" reason=reason reason_id="commercial-reason"/> })}
            {can_manage.then(|| view! {
                <Show when=move || panel.get() != Panel::Commercial>
                    <button type="button" class="button-primary" on:click=toggle(Panel::Commercial)>"Rediger integrasjon"</button>
                </Show>
                <Show when=move || panel.get() == Panel::Commercial>
                    <EditCommercial detail=d.clone() state=state/>
                </Show>
            })}
        </section>
        <section class="key-material">
            <div class="toggles">
                <button type="button" class="button-secondary" aria-expanded=move || (panel.get() == Panel::Keys).to_string()
                    aria-controls="keys-panel" on:click=toggle(Panel::Keys)>"Egne public nøkler"</button>
                " "
                <button type="button" class="button-secondary" aria-expanded=move || (panel.get() == Panel::Certificate).to_string()
                    aria-controls="certificate-panel" on:click=toggle(Panel::Certificate)>"Virksomhetssertifikat"</button>
            </div>
            {
                let detail = detail.clone();
                move || match panel.get() {
                    Panel::Keys => view! { <KeysPanel detail=detail.clone() state=state/> }.into_any(),
                    Panel::Certificate => view! { <CertificatePanel detail=detail.clone() state=state/> }.into_any(),
                    _ => ().into_any(),
                }
            }
        </section>
    }
}

#[component]
fn EditClient(detail: ClientDetail, state: PageState) -> impl IntoView {
    let form = ClientForm::new(ClientInput {
        integration_type: detail.integration_type.code().into(),
        name: detail.name.clone(),
        description: detail.description.clone(),
        scopes: detail.scopes.iter().map(|s| s.name.clone()).collect(),
        redirect_uris: detail.redirect_uris.join("\n"),
        post_logout_redirect_uris: detail.post_logout_redirect_uris.join("\n"),
    });
    let errors = FormError::new();
    let save = ServerAction::<UpdateClient>::new();
    let deactivate = ServerAction::<SetClientActive>::new();
    let confirming = RwSignal::new(false);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            state.panel.set(Panel::None);
            state.changed("Endringene er lagret.");
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match deactivate.value().get() {
        Some(Ok(())) => {
            state.panel.set(Panel::None);
            state.changed("Integrasjonen er deaktivert. Den får ingen tokens, men er beholdt og vises under «Deaktiverte integrasjoner».");
        }
        Some(Err(e)) => {
            confirming.set(false);
            errors.set(Some(e));
        }
        None => {}
    });
    let id = detail.id.clone();
    let on_submit = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let input = form.input();
            match input.parse() {
                Err(e) => errors.set(Some(e)),
                Ok(_) => {
                    errors.set(None);
                    save.dispatch(UpdateClient { id: id.clone(), input });
                }
            }
        }
    };
    let active = detail.active;
    let name = detail.name.clone();
    view! {
        <section class="panel">
            <h2>"Endre integrasjon"</h2>
            <form on:submit=on_submit novalidate>
                <ErrorBox message=errors.general(CLIENT_FIELDS)/>
                <p>"Difi-tjeneste: " <strong>{detail.integration_type.label()}</strong> " (kan ikke endres)"</p>
                <ClientFieldInputs form=form errors=errors environment=detail.environment.clone() environment_label=detail.environment_label.clone()/>
                <Show when=move || !confirming.get()>
                    <div class="actions">
                        <button type="submit" class="button-primary" disabled=move || save.pending().get()>"Lagre"</button>
                        " "
                        <button type="button" class="button-secondary" on:click=move |_| state.panel.set(Panel::None)>"Avbryt"</button>
                        " "
                        {active.then(|| view! { <button type="button" class="button-danger" on:click=move |_| confirming.set(true)>"Deaktiver"</button> })}
                    </div>
                </Show>
            </form>
            <Show when=move || confirming.get()>
                {
                    let (id, name) = (id.clone(), name.clone());
                    view! {
                        <ConfirmDialog title="Deaktivere integrasjonen?" confirm="Deaktiver"
                            on_confirm=Callback::new(move |_| { deactivate.dispatch(SetClientActive { id: id.clone(), active: false }); })
                            on_cancel=Callback::new(move |_| confirming.set(false))>
                            "Når «" {name} "» er deaktivert, får den ingen tokens lenger. "
                            "Den slettes ikke: nøkler, scopes og merkantile data beholdes, og du finner den under «Deaktiverte integrasjoner»."
                        </ConfirmDialog>
                    }
                }
            </Show>
        </section>
    }
}

#[component]
fn EditCommercial(detail: ClientDetail, state: PageState) -> impl IntoView {
    let errors = FormError::new();
    let action = ServerAction::<SaveClientCommercial>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            state.panel.set(Panel::None);
            state.changed("Merkantile data er lagret.");
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let id = detail.id.clone();
    view! {
        <CommercialForm data=detail.commercial.clone() invoice=detail.integration_type != IntegrationType::Krr errors=errors pending=action.pending()
            on_save=Callback::new(move |input| { action.dispatch(SaveClientCommercial { id: id.clone(), input }); })
            on_cancel=Callback::new(move |_| state.panel.set(Panel::None))/>
    }
}
