//! "Merkantile data" (Fakturainformasjon and Varslingspunkter): shown and edited the same
//! way on the provider's "API-tilbyder" entry and on every integration.

use crate::components::{field::TextField, ErrorSummary, FormError};
use crate::contract::commercial::CommercialInput;
use crate::domain::views::CommercialData;
use crate::domain::{time::format_utc, Email};
use leptos::prelude::*;

/// The saved data. `invoice` is false for KRR integrations, which are not invoiced.
#[component]
pub fn CommercialFacts(data: CommercialData, invoice: bool) -> impl IntoView {
    let contacts = if data.contacts.is_empty() {
        view! { <p class="empty">"Ingen varslingspunkter er registrert. Uten dem går virksomheten glipp av varsler om kritiske hendelser."</p> }.into_any()
    } else {
        view! { <ul>{data.contacts.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul> }.into_any()
    };
    let or_dash = |s: &str| if s.is_empty() { "Ikke registrert".to_string() } else { s.to_string() };
    view! {
        {invoice.then(|| view! {
            <h3>"Fakturainformasjon"</h3>
            <dl class="facts">
                <dt>"Faktura-e-post"</dt><dd>{or_dash(&data.invoice_email)}</dd>
                <dt>"Fakturareferanse"</dt><dd>{or_dash(&data.invoice_reference)}</dd>
            </dl>
        })}
        <h3>"Varslingspunkter"</h3>
        {contacts}
        {data.updated_at.map(|t| view! { <p class="muted">"Sist endret " {format_utc(t)} " UTC"</p> })}
    }
}

/// "Rediger integrasjon": the form. The caller owns the server action; `on_save` gets
/// input that has passed the same `parse` the server runs.
#[component]
pub fn CommercialForm(
    data: CommercialData,
    invoice: bool,
    errors: FormError,
    #[prop(into)] pending: Signal<bool>,
    on_save: Callback<CommercialInput>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let invoice_email = RwSignal::new(data.invoice_email);
    let invoice_reference = RwSignal::new(data.invoice_reference);
    let contacts = RwSignal::new(data.contacts.join("\n"));
    let on_submit = errors.on_submit(
        move || {
            let input = CommercialInput {
                invoice_email: invoice_email.get_untracked(),
                invoice_reference: invoice_reference.get_untracked(),
                contacts: contacts.get_untracked(),
            };
            input.parse().map(|_| input)
        },
        move |input| on_save.run(input),
    );
    view! {
        <section class="panel">
            <h2>"Rediger merkantile data"</h2>
            <form on:submit=on_submit novalidate class="narrow">
                <ErrorSummary errors=errors fields=&[
                    ("invoice_email", "invoice-email", "Faktura-e-post"),
                    ("invoice_reference", "invoice-reference", "Fakturareferanse"),
                    ("contacts", "contacts", "E-postadresser for varsler"),
                ]/>
                {invoice.then(|| view! {
                    <fieldset class="group">
                        <legend>"Fakturainformasjon"</legend>
                        <TextField label="Faktura-e-post" id="invoice-email" value=invoice_email error=errors.field("invoice_email") input_type="email"
                            hint="Adressen fakturaen sendes til." check=|v| Email::parse(v).map(|_| ()).map_err(|m| format!("Faktura-e-post: {m}"))/>
                        <TextField label="Fakturareferanse" id="invoice-reference" value=invoice_reference error=errors.field("invoice_reference")
                            hint="Valgfritt, f.eks. bestillingsnummer eller ressursnummer. Høyst 100 tegn."/>
                    </fieldset>
                })}
                <fieldset class="group">
                    <legend>"Varslingspunkter"</legend>
                    <TextField label="E-postadresser for varsler" id="contacts" value=contacts error=errors.field("contacts") multiline=true
                        hint="Én eller flere adresser, én per linje. De får e-post ved kritiske hendelser."/>
                </fieldset>
                <button type="submit" class="button-primary" disabled=move || pending.get()>"Lagre"</button>
                " "
                <button type="button" class="button-secondary" on:click=move |_| on_cancel.run(())>"Avbryt"</button>
            </form>
        </section>
    }
}
