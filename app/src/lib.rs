//! Selvbetjening: self-service for Maskinporten, KRR and ID-porten integrations.
//!
//! This crate is shared by the server (feature `ssr`) and the WASM front end (feature
//! `hydrate`): domain types that parse once, the UI, and the server functions. Server-only
//! code lives in [`server`] and never reaches the browser.

#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod contract;
pub mod domain;
pub mod error;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

/// The HTML document around the app (server side only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="nb">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    components::provide_app_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/selvbetjening.css"/>
        <Title text="Selvbetjening"/>
        <Router>
            <components::layout::Layout>
                <Routes fallback=|| view! { <pages::NotFound/> }>
                    <Route path=path!("/") view=pages::home::HomePage/>
                    <Route path=path!("/min-profil") view=pages::profile::ProfilePage/>
                    <Route path=path!("/registrer") view=pages::register::RegisterPage/>
                    <Route path=path!("/bekreft") view=pages::confirm::ConfirmPage/>
                    <Route path=path!("/glemt-passord") view=pages::forgot_password::ForgotPasswordPage/>
                    <Route path=path!("/nytt-passord") view=pages::new_password::NewPasswordPage/>
                    <Route path=path!("/tjenester") view=pages::services::ServicesPage/>
                    <Route path=path!("/tjenester/administrasjon") view=pages::services::AdministrationPage/>
                    <Route path=path!("/tjenester/:env/integrasjoner") view=pages::environment::IntegrationsPage/>
                    <Route path=path!("/tjenester/:env/mine-api") view=pages::environment::MyApisPage/>
                    <Route path=path!("/tjenester/scope/:id") view=pages::scope::ScopePage/>
                    <Route path=path!("/tjenester/integrasjon/:id") view=pages::client::ClientPage/>
                    <Route path=path!("/tjenester/api-tilbyder") view=pages::provider::ProviderPage/>
                    <Route path=path!("/tjenester/api-tilganger") view=pages::delegations::DelegationsPage/>
                    <Route path=path!("/rettigheter") view=pages::rights::RightsPage/>
                    <Route path=path!("/operator") view=pages::operator::OrganizationsPage/>
                    <Route path=path!("/operator/virksomheter/:org_number") view=pages::operator::OrganizationPage/>
                </Routes>
            </components::layout::Layout>
        </Router>
    }
}

/// The self-service REST API's routes, for `server::router` (the composition root lends
/// them to the server layer, as it lends `App` and `shell`).
#[cfg(feature = "ssr")]
pub fn rest_routes() -> axum::Router<server::AppState> {
    api::rest::routes()
}
