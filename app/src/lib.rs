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
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, Lazy,
};
use pages::lazy;

/// The HTML document around the app (server side only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="nb">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                // Hashed names (`hash-files`): a new build is a new address, so browsers may
                // keep these files for a year (see `server::headers`).
                <HashedStylesheet options=options.clone() id="leptos"/>
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
        // Each page names itself ("Integrasjoner – ver1"); the portal's name follows.
        // The text here is the fallback for pages that set none (the front page):
        // leptos_meta shows an empty title when no Title carries text.
        <Title text="Selvbetjening" formatter=|page: String| components::page_title(&page)/>
        <Router>
            <components::layout::Layout>
                <Routes fallback=|| view! { <pages::NotFound/> }>
                    <Route path=path!("/") view=pages::home::HomePage/>
                    <Route path=path!("/min-profil") view={Lazy::<lazy::ProfileRoute>::new()}/>
                    <Route path=path!("/registrer") view={Lazy::<lazy::RegisterRoute>::new()}/>
                    <Route path=path!("/bekreft") view={Lazy::<lazy::ConfirmRoute>::new()}/>
                    <Route path=path!("/glemt-passord") view={Lazy::<lazy::ForgotPasswordRoute>::new()}/>
                    <Route path=path!("/nytt-passord") view={Lazy::<lazy::NewPasswordRoute>::new()}/>
                    <Route path=path!("/tjenester") view={Lazy::<lazy::ServicesRoute>::new()}/>
                    <Route path=path!("/tjenester/administrasjon") view={Lazy::<lazy::AdministrationRoute>::new()}/>
                    <Route path=path!("/tjenester/:env/integrasjoner") view={Lazy::<lazy::IntegrationsRoute>::new()}/>
                    <Route path=path!("/tjenester/:env/mine-api") view={Lazy::<lazy::MyApisRoute>::new()}/>
                    <Route path=path!("/tjenester/scope/:id") view={Lazy::<lazy::ScopeRoute>::new()}/>
                    <Route path=path!("/tjenester/integrasjon/:id") view={Lazy::<lazy::ClientRoute>::new()}/>
                    <Route path=path!("/tjenester/api-tilbyder") view={Lazy::<lazy::ProviderRoute>::new()}/>
                    <Route path=path!("/tjenester/api-tilganger") view={Lazy::<lazy::DelegationsRoute>::new()}/>
                    <Route path=path!("/tjenester/endringslogg") view={Lazy::<lazy::AuditRoute>::new()}/>
                    <Route path=path!("/rettigheter") view={Lazy::<lazy::RightsRoute>::new()}/>
                    <Route path=path!("/operator") view={Lazy::<lazy::OrganizationsRoute>::new()}/>
                    <Route path=path!("/operator/virksomheter/:org_number") view={Lazy::<lazy::OrganizationRoute>::new()}/>
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

/// "Endringslogg" as CSV (`api::audit_csv`), lent to `server::router` the same way.
#[cfg(feature = "ssr")]
pub fn audit_csv_routes() -> axum::Router<server::AppState> {
    api::audit_csv::routes()
}
