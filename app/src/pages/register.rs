//! "Registrer deg": name, work e-mail, password; shows the organisation before submitting.

use crate::api::accounts::{email_organisation, Register};
use crate::components::{field::TextField, on_result, ErrorSummary, FormError};
use crate::contract::accounts::RegisterInput;
use crate::domain::{Email, Password, PersonName};
use leptos::prelude::*;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormError::new();
    let action = ServerAction::<Register>::new();
    // Which organisation the address would be tied to, looked up as the user types.
    let org_lookup = Resource::new(
        move || email.get(),
        |e| async move {
            if Email::parse(&e).is_err() {
                return None;
            }
            Some(email_organisation(e).await)
        },
    );
    // Success shows through `done` below.
    on_result(action, |_| {}, move |e| errors.show(e));
    let on_submit = errors.on_submit(
        move || {
            let input = RegisterInput { name: name.get_untracked(), email: email.get_untracked(), password: password.get_untracked() };
            input.parse().map(|_| input)
        },
        move |input| {
            action.dispatch(Register { input });
        },
    );
    let done = move || action.value().get().and_then(|r| r.ok());
    view! {
        <leptos_meta::Title text="Registrer deg"/>
        <h1>"Registrer deg"</h1>
        <Show when=move || done().is_none() fallback=move || {
            let r = done().expect("shown when done");
            view! {
                <div class="alert alert-success" role="status">
                    <h2>"Sjekk e-posten din"</h2>
                    <p>"Vi har sendt en e-post til " <strong>{r.email.clone()}</strong>
                       " med en lenke for å bekrefte brukeren. Brukeren blir knyttet til "
                       <strong>{r.org.name.clone()}</strong> " (" {r.org.org_number.clone()} ")."</p>
                    <p>"NB! Sjekk søppelpost om e-posten ikke kommer frem."</p>
                </div>
            }
        }>
            <p>"Registrer bruker med jobbadressen din. Domenet i e-postadressen bestemmer hvilken virksomhet du blir knyttet til."</p>
            <form on:submit=on_submit.clone() novalidate>
                <ErrorSummary errors=errors fields=&[("name", "name", "Navn"), ("email", "email", "E-post"), ("password", "password", "Passord")]/>
                <TextField label="Navn" id="name" value=name error=errors.field("name") autocomplete="name" required=true
                    check=|v| PersonName::parse(v).map(|_| ())/>
                <TextField label="E-post" id="email" value=email error=errors.field("email") input_type="email" autocomplete="email"
                    required=true hint="Bruk jobbadressen din, f.eks. navn@virksomhet.no." check=|v| Email::parse(v).map(|_| ())/>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match org_lookup.await {
                            Some(Ok(org)) => Some(view! {
                                <p class="org-preview" role="status">"Du blir knyttet til " <strong>{org.name}</strong> " (" {org.org_number} ")."</p>
                            }.into_any()),
                            Some(Err(e)) if errors.field("email").get_untracked().is_none() => Some(view! {
                                <p class="field-error" role="status">{e.for_field("email").unwrap_or_else(|| e.to_string())}</p>
                            }.into_any()),
                            _ => None,
                        }
                    })}
                </Transition>
                <TextField label="Passord" id="password" value=password error=errors.field("password") input_type="password"
                    autocomplete="new-password" required=true hint="Minst 10 tegn." check=|v| Password::parse(v).map(|_| ())/>
                <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Registrer deg"</button>
            </form>
            <p>"Har du allerede en bruker? " <a href="/min-profil">"Logg inn"</a></p>
        </Show>
    }
}
