//! One integration: its configuration with the client_id to copy, "Endre" (and there
//! "Deaktiver", after confirmation), "Nøkler" ("Egne public nøkler", "Virksomhetssertifikat":
//! the next step after creating it), "Merkantile data" with "Rediger integrasjon", and at
//! the bottom "Hent token". One panel is open at a time, so every button on the page has a
//! name of its own.

use super::client_edit::{CommercialSection, EditSection};
use super::client_keys::KeyMaterial;
use super::client_token::TokenSection;
use crate::api::client_keys::AddClientKeys;
use crate::api::clients::{get_client_detail, SetClientActive};
use crate::components::{
    copy::CopyButton, focus_next_status, live::use_live_changes, on_result, status::expire_undo, ErrorBox, Loaded, Refetch, StatusMessage,
};
use crate::domain::views::{ClientDetail, ClientScopeEntry};
use crate::domain::{
    time::{format_date, format_utc},
    IntegrationType,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The panel open below the facts; at most one at a time.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    None,
    Edit,
    Commercial,
    Keys,
    Certificate,
    Token,
}

/// The page's state. It lives above the reloaded part, so the open panel and the message
/// after a change outlive the reload the change causes.
#[derive(Clone, Copy)]
pub struct PageState {
    /// Reloads the integration.
    pub refetch: Refetch,
    pub panel: RwSignal<Panel>,
    /// The success message at the top.
    pub notice: RwSignal<Option<String>>,
    /// The key just removed, while "Angre" can still put it back.
    pub removed_key: RwSignal<Option<RemovedKey>>,
}

/// A removed key, kept in the page for "Angre".
#[derive(Clone, PartialEq)]
pub struct RemovedKey {
    pub kid: String,
    pub jwk: String,
}

impl PageState {
    /// Something was saved: say so (focus moves to the message), and reload the integration.
    pub fn changed(&self, notice: impl Into<String>) {
        self.notice.set(Some(notice.into()));
        focus_next_status();
        self.refetch.bump();
    }

    /// A click handler that opens panel `p` (or closes it when open), clearing the message.
    pub fn toggle(self, p: Panel) -> impl Fn(leptos::ev::MouseEvent) + Copy + 'static {
        move |_| {
            self.notice.set(None);
            self.removed_key.set(None);
            self.panel.update(|cur| *cur = if *cur == p { Panel::None } else { p });
        }
    }
}

#[component]
pub fn ClientPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // "Opprett" lands here with ?ny=1.
    let created = use_query_map().read_untracked().get("ny").is_some();
    let notice = created.then(|| "Integrasjonen er opprettet. Kopier client_id under; legg til nøkler under «Nøkler».".to_string());
    let state = PageState { refetch: Refetch::new(), panel: RwSignal::new(Panel::None), notice: RwSignal::new(notice), removed_key: RwSignal::new(None) };
    let detail = Resource::new(move || (id(), state.refetch.track()), |(id, _)| get_client_detail(id));
    view! {
        <Loaded data=detail title="Integrasjon" let:d>
            <ClientView detail=d state=state/>
        </Loaded>
    }
}

/// The whole page once loaded, top to bottom.
#[component]
fn ClientView(detail: ClientDetail, state: PageState) -> impl IntoView {
    let undo_id = detail.id.clone();
    view! {
        <leptos_meta::Title text=format!("{} – {}", detail.name, detail.environment_label)/>
        <p class="breadcrumb">
            <a href="/tjenester/administrasjon">"Alle miljøer"</a> " › "
            <a href=format!("/tjenester/{}/integrasjoner", detail.environment)>"Integrasjoner – " {detail.environment_label.clone()}</a>
        </p>
        <h1>{detail.name.clone()}</h1>
        <StatusMessage message=state.notice>
            <UndoKeyRemoval id=undo_id.clone() state=state/>
        </StatusMessage>
        <ClientStatus detail=detail.clone() state=state/>
        <ClientFacts detail=detail.clone()/>
        <EditSection detail=detail.clone() state=state/>
        <KeyMaterial detail=detail.clone() state=state/>
        <CommercialSection detail=detail.clone() state=state/>
        <TokenSection detail=detail state=state/>
    }
}

/// "Angre" after a key was removed: adds the same key again (from now, it counts a new
/// year). Shown for [`UNDO_SECONDS`](crate::components::status::UNDO_SECONDS).
#[component]
fn UndoKeyRemoval(id: String, state: PageState) -> impl IntoView {
    let restore = ServerAction::<AddClientKeys>::new();
    on_result(
        restore,
        move |()| {
            state.removed_key.set(None);
            state.changed("Nøkkelen er lagt til igjen. Den gjelder i ett år fra nå.");
        },
        move |e| state.notice.set(Some(e.to_string())),
    );
    // "Angre" goes after a while; the message stays.
    Effect::new(move |_| {
        if let Some(key) = state.removed_key.get() {
            expire_undo(state.removed_key, key);
        }
    });
    move || {
        let id = id.clone();
        state.removed_key.get().map(move |key| {
            view! {
                <button type="button" class="button-secondary" aria-label=format!("Angre: legg til nøkkel {} igjen", key.kid)
                    disabled=move || restore.pending().get()
                    on:click=move |_| { restore.dispatch(AddClientKeys { id: id.clone(), keys: format!("[{}]", key.jwk) }); }>"Angre"</button>
            }
        })
    }
}

/// "Status", and for a deactivated integration what that means and "Aktiver".
#[component]
fn ClientStatus(detail: ClientDetail, state: PageState) -> impl IntoView {
    let activate = ServerAction::<SetClientActive>::new();
    let activate_error = RwSignal::new(None::<String>);
    on_result(activate, move |()| state.changed("Integrasjonen er aktivert igjen."), move |e| activate_error.set(Some(e.to_string())));
    let can_manage = detail.manage_denied.is_none();
    let id = detail.id.clone();
    view! {
        <p class=if detail.active { "status status-active" } else { "status status-inactive" }>
            "Status: " <strong>{if detail.active { "Aktiv" } else { "Deaktivert" }}</strong>
        </p>
        {(!detail.active).then(|| view! {
            <p>"Integrasjonen er deaktivert og får ingen tokens. Den er beholdt, med nøkler og scopes."</p>
            {can_manage.then(|| {
                let id = id.clone();
                view! { <button type="button" class="button-primary" on:click=move |_| { activate.dispatch(SetClientActive { id: id.clone(), active: true }); }>"Aktiver"</button> }
            })}
        })}
        <ErrorBox message=activate_error/>
    }
}

/// The configuration, read-only.
#[component]
fn ClientFacts(detail: ClientDetail) -> impl IntoView {
    let d = detail;
    let scopes = view! { <LiveScopes id=d.id.clone() environment=d.environment.clone() initial=d.scopes.clone() for_customer=d.customer.is_some()/> };
    view! {
        <dl class="facts">
            <dt>"client_id"</dt><dd><code class="client-id">{d.id.clone()}</code> " " <CopyButton value=d.id.clone() what="client_id"/></dd>
            <dt>"Difi-tjeneste"</dt><dd>{d.integration_type.label()}</dd>
            <dt>"Miljø"</dt><dd>{d.environment_label.clone()}</dd>
            <dt>"Virksomhet"</dt><dd>{d.org.name.clone()} " (" {d.org.org_number.clone()} ")"</dd>
            {d.customer.clone().map(|c| view! { <dt>"For en kunde"</dt><dd>{format!("{} ({})", c.name, c.org_number)}</dd> })}
            {d.supplier.clone().map(|s| view! { <dt>"Opprettet av"</dt><dd>"Opprettet av leverandør " {s.name.clone()} " (" {s.org_number.clone()} ")"</dd> })}
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
    }
}

/// The scopes on the integration, each marked when it no longer works (the provider
/// withdrew the access or deactivated the scope, or, for a customer, the customer removed
/// the delegation). Live: refetched when the server says something changed, without
/// touching the rest of the page (an open form keeps what is typed in it).
#[component]
fn LiveScopes(id: String, environment: String, initial: Vec<ClientScopeEntry>, for_customer: bool) -> impl IntoView {
    let changes = use_live_changes(environment);
    let scopes = RwSignal::new(initial);
    let latest = Resource::new(
        move || changes.get(),
        move |n| {
            let id = id.clone();
            async move {
                if n == 0 {
                    None
                } else {
                    get_client_detail(id).await.ok().map(|d| d.scopes)
                }
            }
        },
    );
    Effect::new(move |_| {
        if let Some(Some(list)) = latest.get() {
            scopes.set(list);
        }
    });
    let why = if for_customer {
        " – kan ikke brukes nå: kunden har fjernet delegeringen eller mistet tilgangen, eller scopet er deaktivert"
    } else {
        " – kan ikke brukes nå: tilgangen er fjernet eller scopet er deaktivert"
    };
    move || {
        let list = scopes.get();
        if list.is_empty() {
            view! { <dd>"Ingen"</dd> }.into_any()
        } else {
            view! {
                <dd><ul class="plain">{list.into_iter().map(|s| view! {
                    <li><code>{s.name.clone()}</code>
                        {(!s.usable).then(|| view! { <span class="warning">{why}</span> })}</li>
                }).collect_view()}</ul></dd>
            }
            .into_any()
        }
    }
}
