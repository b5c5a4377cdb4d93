//! "Nytt passord": the page the e-mailed "Glemt passord?" link opens. The token comes
//! from the link and is sent with the new password; on success every session of the
//! person has ended, so the page sends them to log in.

use crate::api::accounts::ResetPassword;
use crate::components::{field::TextField, on_result, ErrorSummary, FormError};
use crate::contract::accounts::NewPasswordInput;
use crate::domain::Password;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let password = RwSignal::new(String::new());
    let errors = FormError::new();
    let action = ServerAction::<ResetPassword>::new();
    // Success shows through `done` below.
    on_result(action, |()| {}, move |e| errors.show(e));
    let on_submit = errors.on_submit(
        move || {
            let input = NewPasswordInput { new_password: password.get_untracked() };
            input.parse().map(|_| input)
        },
        move |input| {
            let token = query.read_untracked().get("token").unwrap_or_default();
            action.dispatch(ResetPassword { token, input });
        },
    );
    let done = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <leptos_meta::Title text="Nytt passord"/>
        <h1>"Nytt passord"</h1>
        {move || if done() {
            // A full page load, so nothing shows a session that has just ended.
            view! {
                <div class="alert alert-success" role="status">
                    <p>"Passordet er endret, og du er logget ut overalt. Logg inn med det nye passordet."</p>
                </div>
                <p><a href="/min-profil" rel="external">"Logg inn"</a></p>
            }.into_any()
        } else if token().is_empty() {
            view! {
                <div class="alert alert-error" role="alert">
                    <p>"Lenken mangler en del. Kopier hele lenken fra e-posten, eller be om en ny under «Glemt passord?»."</p>
                </div>
                <p><a href="/glemt-passord">"Glemt passord?"</a></p>
            }.into_any()
        } else {
            view! {
                <form on:submit=on_submit.clone() novalidate class="narrow">
                    <ErrorSummary errors=errors fields=&[("new_password", "new_password", "Nytt passord")]/>
                    <TextField label="Nytt passord" id="new_password" value=password error=errors.field("new_password") input_type="password"
                        autocomplete="new-password" required=true hint="Minst 10 tegn." check=|v| Password::parse(v).map(|_| ())/>
                    <button type="submit" class="button-primary" disabled=move || action.pending().get()>"Lagre nytt passord"</button>
                </form>
                <p>"Virker ikke lenken? " <a href="/glemt-passord">"Be om en ny lenke"</a></p>
            }.into_any()
        }}
    }
}
