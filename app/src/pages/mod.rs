//! One module per page (or group of pages) of the portal.

pub mod audit;
pub mod client;
pub mod client_certificate;
pub mod client_edit;
pub mod client_form;
pub mod client_keys;
mod client_token;
pub mod commercial;
pub mod confirm;
pub mod consumer_scopes;
pub mod delegable_rights;
pub mod delegations;
pub mod environment;
pub mod forgot_password;
pub mod home;
pub mod integrations;
mod key_parser;
pub mod lazy;
pub mod my_apis;
pub mod new_password;
pub mod operator;
mod operator_mail;
pub mod prefix_requests;
pub mod profile;
pub mod provider;
pub mod register;
pub mod rights;
pub mod scope;
pub mod scope_form;
pub mod services;

use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <leptos_meta::Title text="Fant ikke siden"/>
        <h1>"Fant ikke siden"</h1>
        <p>"Siden finnes ikke. Gå til " <a href="/">"forsiden"</a> "."</p>
    }
}
