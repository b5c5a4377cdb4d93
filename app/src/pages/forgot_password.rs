//! "Glemt passord?": asks for an e-mailed link to set a new password. The answer is the
//! same whether or not the address has an account, so the page tells nobody which
//! addresses are registered.

use crate::api::accounts::RequestPasswordReset;
use crate::components::{field::TextField, on_result, ErrorSummary, FormError};
use crate::contract::accounts::ForgotPasswordInput;
use crate::domain::Email;
use leptos::prelude::*;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let errors = FormError::new();
    let action = ServerAction::<RequestPasswordReset>::new();
    // Success shows through `sent` below.
    on_result(action, |()| {}, move |e| errors.show(e));
    let on_submit = errors.on_submit(
        move || {
            let input = ForgotPasswordInput { email: email.get_untracked() };
            input.parse().map(|_| input)
        },
        move |input| {
            action.dispatch(RequestPasswordReset { input });
        },
    );
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <leptos_meta::Title text="Glemt passord"/>
        <h1>"Glemt passord?"</h1>
        <Show when=move || !sent() fallback=|| view! {
            <div class="alert alert-success" role="status">
                <p>"Hvis adressen er registrert, har vi sendt en lenke for å lage nytt passord til den. Lenken virker i 30 minutter og kan brukes én gang."</p>
                <p>"NB! Sjekk søppelpost om e-posten ikke kommer frem."</p>
            </div>
            <p><a href="/min-profil">"Logg inn"</a></p>
        }>
            <p>"Skriv inn e-postadressen du er registrert med, så sender vi deg en lenke for å lage nytt passord."</p>
            <form on:submit=on_submit.clone() novalidate class="narrow">
                <ErrorSummary errors=errors fields=&[("email", "email", "E-post")]/>
                <TextField label="E-post" id="email" value=email error=errors.field("email") input_type="email" autocomplete="username"
                    required=true check=|v| Email::parse(v).map(|_| ())/>
                <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Send lenke"</button>
            </form>
            <p><a href="/min-profil">"Tilbake til innlogging"</a></p>
        </Show>
    }
}
