//! The integration's changes: "Endre" (with "Deaktiver") and "Merkantile data" with
//! "Rediger integrasjon". Both are panels of the page; saving closes the panel and says so.

use super::client::{PageState, Panel};
use super::client_form::{ClientFieldInputs, ClientForm, CLIENT_EDIT_SUMMARY};
use super::commercial::{CommercialFacts, CommercialForm};
use crate::api::clients::{SaveClientCommercial, SetClientActive, UpdateClient};
use crate::components::focus::focus_into_when_mounted;
use crate::components::{
    dialog::{ConfirmDialog, DisabledAction},
    on_result, ErrorSummary, FormError,
};
use crate::contract::clients::ClientInput;
use crate::domain::views::ClientDetail;
use crate::domain::IntegrationType;
use leptos::prelude::*;

/// "Endre": the button, or the form while it is open. Greyed out, with the reason, for
/// those who may not change the integration.
#[component]
pub fn EditSection(detail: ClientDetail, state: PageState) -> impl IntoView {
    let panel = state.panel;
    match detail.manage_denied.clone() {
        Some(reason) => view! { <DisabledAction label="Endre" reason=reason reason_id="manage-reason"/> }.into_any(),
        None => view! {
            <Show when=move || panel.get() != Panel::Edit>
                <button type="button" class="button-primary" on:click=state.toggle(Panel::Edit)>"Endre"</button>
            </Show>
            <Show when=move || panel.get() == Panel::Edit>
                <EditClient detail=detail.clone() state=state/>
            </Show>
        }
        .into_any(),
    }
}

/// "Merkantile data": the saved data, and "Rediger integrasjon" (or why it is greyed out).
#[component]
pub fn CommercialSection(detail: ClientDetail, state: PageState) -> impl IntoView {
    let panel = state.panel;
    let can_manage = detail.manage_denied.is_none();
    let is_krr = detail.integration_type == IntegrationType::Krr;
    view! {
        <section class="commercial">
            <h2>"Merkantile data"</h2>
            <CommercialFacts data=detail.commercial.clone() invoice=!is_krr/>
            {detail.manage_denied.clone().map(|reason| view! { <DisabledAction label="Rediger integrasjon" reason=reason reason_id="commercial-reason"/> })}
            {can_manage.then(|| view! {
                <Show when=move || panel.get() != Panel::Commercial>
                    <button type="button" class="button-secondary" on:click=state.toggle(Panel::Commercial)>"Rediger integrasjon"</button>
                </Show>
                <Show when=move || panel.get() == Panel::Commercial>
                    <EditCommercial detail=detail.clone() state=state/>
                </Show>
            })}
        </section>
    }
}

/// "Endre integrasjon": the form, and "Deaktiver" after confirmation.
#[component]
fn EditClient(detail: ClientDetail, state: PageState) -> impl IntoView {
    let form = ClientForm::new(ClientInput {
        integration_type: detail.integration_type.code().into(),
        name: detail.name.clone(),
        description: detail.description.clone(),
        scopes: detail.scopes.iter().map(|s| s.name.clone()).collect(),
        redirect_uris: detail.redirect_uris.join("\n"),
        post_logout_redirect_uris: detail.post_logout_redirect_uris.join("\n"),
        customer: detail.customer.as_ref().map(|c| c.org_number.clone()).unwrap_or_default(),
    });
    let errors = FormError::new();
    let save = ServerAction::<UpdateClient>::new();
    let deactivate = ServerAction::<SetClientActive>::new();
    let confirming = RwSignal::new(false);
    on_result(
        save,
        move |()| {
            state.panel.set(Panel::None);
            state.changed("Endringene er lagret.");
        },
        move |e| errors.show(e),
    );
    on_result(
        deactivate,
        move |()| {
            state.panel.set(Panel::None);
            state.changed("Integrasjonen er deaktivert. Den får ingen tokens, men er beholdt og vises under «Deaktiverte integrasjoner».");
        },
        move |e| {
            confirming.set(false);
            errors.show(e);
        },
    );
    let id = detail.id.clone();
    let on_submit = {
        let id = id.clone();
        errors.on_submit(
            move || {
                let input = form.input();
                input.parse().map(|_| input)
            },
            move |input| {
                save.dispatch(UpdateClient { id: id.clone(), input });
            },
        )
    };
    let active = detail.active;
    let name = detail.name.clone();
    let panel_ref = NodeRef::<leptos::html::Section>::new();
    focus_into_when_mounted(panel_ref);
    view! {
        <section class="panel" node_ref=panel_ref>
            <h2>"Endre integrasjon"</h2>
            <form on:submit=on_submit novalidate>
                <ErrorSummary errors=errors fields=CLIENT_EDIT_SUMMARY/>
                <p>"Difi-tjeneste: " <strong>{detail.integration_type.label()}</strong> " (kan ikke endres)"</p>
                <ClientFieldInputs form=form errors=errors environment=detail.environment.clone() environment_label=detail.environment_label.clone()/>
                <div class="actions">
                    <button type="submit" class="button-primary" disabled=move || save.pending().get()>"Lagre"</button>
                    " "
                    <button type="button" class="button-secondary" on:click=move |_| state.panel.set(Panel::None)>"Avbryt"</button>
                    " "
                    {active.then(|| view! { <button type="button" class="button-danger" on:click=move |_| confirming.set(true)>"Deaktiver"</button> })}
                </div>
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

/// "Rediger merkantile data" for this integration.
#[component]
fn EditCommercial(detail: ClientDetail, state: PageState) -> impl IntoView {
    let errors = FormError::new();
    let action = ServerAction::<SaveClientCommercial>::new();
    on_result(
        action,
        move |()| {
            state.panel.set(Panel::None);
            state.changed("Merkantile data er lagret.");
        },
        move |e| errors.show(e),
    );
    let id = detail.id.clone();
    view! {
        <CommercialForm data=detail.commercial.clone() invoice=detail.integration_type != IntegrationType::Krr errors=errors pending=action.pending()
            on_save=Callback::new(move |input| { action.dispatch(SaveClientCommercial { id: id.clone(), input }); })
            on_cancel=Callback::new(move |_| state.panel.set(Panel::None))/>
    }
}
