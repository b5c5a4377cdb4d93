//! "API-tilbyder": the organisation's entry as an API provider on "Virksomhetens
//! tjenester", with its "Merkantile data" (Fakturainformasjon and Varslingspunkter),
//! changed under "Rediger integrasjon".

use super::commercial::{CommercialFacts, CommercialForm};
use crate::api::commercial::{get_provider_entry, SaveProviderCommercial};
use crate::components::{dialog::DisabledAction, on_result, FormError, Loaded, Refetch};
use crate::domain::views::ProviderEntry;
use leptos::prelude::*;

#[component]
pub fn ProviderPage() -> impl IntoView {
    let refetch = Refetch::new();
    let entry = Resource::new(move || refetch.track(), |_| get_provider_entry());
    // Here, not in the view: the view is rebuilt when the entry reloads after saving.
    let saved = RwSignal::new(false);
    view! {
        <leptos_meta::Title text="API-tilbyder"/>
        <p class="breadcrumb"><a href="/tjenester">"Tjenesteoversikt"</a></p>
        <h1>"API-tilbyder"</h1>
        <Loaded data=entry let:e>
            <ProviderView entry=e refetch=refetch saved=saved/>
        </Loaded>
    }
}

#[component]
fn ProviderView(entry: ProviderEntry, refetch: Refetch, saved: RwSignal<bool>) -> impl IntoView {
    let editing = RwSignal::new(false);
    let errors = FormError::new();
    let action = ServerAction::<SaveProviderCommercial>::new();
    on_result(
        action,
        move |()| {
            editing.set(false);
            saved.set(true);
            refetch.bump();
        },
        move |e| errors.show(e),
    );
    let data = entry.commercial.clone();
    view! {
        <p class="lead">{entry.org.name.clone()} " (" {entry.org.org_number.clone()} ")"</p>
        <Show when=move || saved.get()><div class="alert alert-success" role="status">"Merkantile data er lagret."</div></Show>
        <h2>"Merkantile data"</h2>
        <CommercialFacts data=data.clone() invoice=true/>
        {match entry.edit_denied.clone() {
            Some(reason) => view! { <DisabledAction label="Rediger integrasjon" reason=reason reason_id="edit-reason"/> }.into_any(),
            None => view! {
                <Show when=move || !editing.get()>
                    <button type="button" class="button-primary" on:click=move |_| { saved.set(false); editing.set(true) }>"Rediger integrasjon"</button>
                </Show>
                <Show when=move || editing.get()>
                    <CommercialForm data=data.clone() invoice=true errors=errors pending=action.pending()
                        on_save=Callback::new(move |input| { action.dispatch(SaveProviderCommercial { input }); })
                        on_cancel=Callback::new(move |_| editing.set(false))/>
                </Show>
            }.into_any(),
        }}
    }
}
