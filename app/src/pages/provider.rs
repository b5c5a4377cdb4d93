//! "API-tilbyder": the organisation's entry as an API provider on "Virksomhetens
//! tjenester", with its "Merkantile data" (Fakturainformasjon and Varslingspunkter),
//! changed under "Rediger integrasjon".

use crate::api::provider::{get_provider_entry, CommercialInput, SaveProviderCommercial};
use crate::api::types::ProviderEntry;
use crate::components::{field::TextField, ErrorBox, FormError};
use crate::domain::{time::format_utc, Email};
use leptos::prelude::*;

#[component]
pub fn ProviderPage() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let entry = Resource::new(move || version.get(), |_| get_provider_entry());
    // Here, not in the view: the view is rebuilt when the entry reloads after saving.
    let saved = RwSignal::new(false);
    view! {
        <p class="breadcrumb"><a href="/tjenester">"Tjenesteoversikt"</a></p>
        <h1>"API-tilbyder"</h1>
        <Transition fallback=|| view! { <p>"Laster …"</p> }>
            {move || Suspend::new(async move {
                match entry.await {
                    Ok(e) => view! { <ProviderView entry=e version=version saved=saved/> }.into_any(),
                    Err(crate::error::AppError::Unauthenticated) => view! { <crate::components::LoginRequired/> }.into_any(),
                    Err(e) => view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProviderView(entry: ProviderEntry, version: RwSignal<u32>, saved: RwSignal<bool>) -> impl IntoView {
    let editing = RwSignal::new(false);
    let c = entry.commercial.clone();
    let contacts = if c.contacts.is_empty() {
        view! { <p class="empty">"Ingen varslingspunkter er registrert. Uten dem går virksomheten glipp av varsler om kritiske hendelser."</p> }.into_any()
    } else {
        view! { <ul>{c.contacts.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul> }.into_any()
    };
    let or_dash = |s: &str| if s.is_empty() { "Ikke registrert".to_string() } else { s.to_string() };
    view! {
        <p class="lead">{entry.org.name.clone()} " (" {entry.org.org_number.clone()} ")"</p>
        <Show when=move || saved.get()><div class="alert alert-success" role="status">"Merkantile data er lagret."</div></Show>
        <h2>"Merkantile data"</h2>
        <h3>"Fakturainformasjon"</h3>
        <dl class="facts">
            <dt>"Faktura-e-post"</dt><dd>{or_dash(&c.invoice_email)}</dd>
            <dt>"Fakturareferanse"</dt><dd>{or_dash(&c.invoice_reference)}</dd>
        </dl>
        <h3>"Varslingspunkter"</h3>
        {contacts}
        {c.updated_at.map(|t| view! { <p class="muted">"Sist endret " {format_utc(t)} " UTC"</p> })}
        {match entry.edit_denied.clone() {
            Some(reason) => view! {
                <div class="disabled-action">
                    <button type="button" class="button-secondary" disabled=true aria-describedby="edit-reason">"Rediger integrasjon"</button>
                    <p id="edit-reason" class="reason">{reason}</p>
                </div>
            }.into_any(),
            None => view! {
                <Show when=move || !editing.get()>
                    <button type="button" class="button-primary" on:click=move |_| { saved.set(false); editing.set(true) }>"Rediger integrasjon"</button>
                </Show>
                <Show when=move || editing.get()>
                    <CommercialForm entry=entry.clone() editing=editing saved=saved version=version/>
                </Show>
            }.into_any(),
        }}
    }
}

#[component]
fn CommercialForm(entry: ProviderEntry, editing: RwSignal<bool>, saved: RwSignal<bool>, version: RwSignal<u32>) -> impl IntoView {
    let c = entry.commercial;
    let invoice_email = RwSignal::new(c.invoice_email);
    let invoice_reference = RwSignal::new(c.invoice_reference);
    let contacts = RwSignal::new(c.contacts.join("\n"));
    let errors = FormError::new();
    let action = ServerAction::<SaveProviderCommercial>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            editing.set(false);
            saved.set(true);
            version.update(|v| *v += 1);
        }
        Some(Err(e)) => errors.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = CommercialInput { invoice_email: invoice_email.get_untracked(), invoice_reference: invoice_reference.get_untracked(), contacts: contacts.get_untracked() };
        match input.parse() {
            Err(e) => errors.set(Some(e)),
            Ok(_) => {
                errors.set(None);
                action.dispatch(SaveProviderCommercial { input });
            }
        }
    };
    view! {
        <section class="panel">
            <h2>"Rediger merkantile data"</h2>
            <form on:submit=on_submit novalidate class="narrow">
                <ErrorBox message=errors.general(&["invoice_email", "invoice_reference", "contacts"])/>
                <fieldset class="group">
                    <legend>"Fakturainformasjon"</legend>
                    <TextField label="Faktura-e-post" id="invoice-email" value=invoice_email error=errors.field("invoice_email") input_type="email"
                        hint="Adressen fakturaen sendes til." check=|v| Email::parse(v).map(|_| ()).map_err(|m| format!("Faktura-e-post: {m}"))/>
                    <TextField label="Fakturareferanse" id="invoice-reference" value=invoice_reference error=errors.field("invoice_reference")
                        hint="Valgfritt, f.eks. bestillingsnummer eller ressursnummer. Høyst 100 tegn."/>
                </fieldset>
                <fieldset class="group">
                    <legend>"Varslingspunkter"</legend>
                    <TextField label="E-postadresser for varsler" id="contacts" value=contacts error=errors.field("contacts") multiline=true
                        hint="Én eller flere adresser, én per linje. De får e-post ved kritiske hendelser."/>
                </fieldset>
                <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Lagre"</button>
                " "
                <button type="button" class="button-secondary" on:click=move |_| editing.set(false)>"Avbryt"</button>
            </form>
        </section>
    }
}
