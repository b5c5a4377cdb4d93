//! Pages loaded on demand. The routes below come in WASM chunks, one per journey, fetched
//! the first time a browser shows one of their pages; the shell, the layout and the front
//! page stay in the main module. (The release build splits with `cargo leptos build --release --split`.)
//!
//! Leptos' own `#[lazy_route]` panics when a chunk cannot be fetched, and a panic in WASM
//! stops the whole app. These routes use the splitter's `fallible` mode instead: a failed
//! fetch shows [`ChunkFailed`], and since a failed load is not remembered, "Prøv igjen"
//! fetches the chunk afresh.

use leptos::prelude::*;

/// Declares a lazily loaded route `$route` that renders the page component `$page` from
/// the WASM chunk `$chunk` (it names the chunk in the split manifest, and the server uses
/// it to preload the chunk of the page it renders). `$module` holds the route's loader.
macro_rules! lazy_page {
    ($route:ident, $module:ident, $chunk:ident, $($page:ident)::+) => {
        pub struct $route;

        #[doc(hidden)]
        pub mod $module {
            /// The page, from its own chunk (fetched first, unless already loaded).
            #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload))]
            pub fn render() -> Result<::leptos::prelude::AnyView, ::leptos::wasm_split::SplitLoaderError> {
                use $($page)::+ as Page;
                use ::leptos::prelude::IntoAny;
                Ok(::leptos::prelude::view! { <Page/> }.into_any())
            }
        }

        impl ::leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> ::leptos::prelude::AnyView {
                // Rendered on the server: the page's HTML links the chunk for preloading.
                #[cfg(feature = "ssr")]
                ::leptos::prefetch_lazy_fn_on_server(stringify!($chunk));
                match $module::render().await {
                    Ok(view) => view,
                    Err(_) => ::leptos::prelude::view! { <$crate::pages::lazy::ChunkFailed/> }.into_any(),
                }
            }

            async fn preload() {
                // A failure here is shown (with a retry) when the page itself is asked for.
                let _ = $module::preload().await;
            }
        }
    };
}

// Pages are grouped into a few chunks by journey rather than one each: the pages of a
// journey share most of their code (forms, server function clients, components), and with
// one chunk per page that shared code was cut into ~270 small files, a deep link fetching
// ~180 of them (slower on HTTP/1.1 than the bytes saved; `scripts/bench-size.sh`).

// Logging in, registering, confirming, passwords: the way in, from the front page.
lazy_page!(ProfileRoute, profile, account, crate::pages::profile::ProfilePage);
lazy_page!(RegisterRoute, register, account, crate::pages::register::RegisterPage);
lazy_page!(ConfirmRoute, confirm, account, crate::pages::confirm::ConfirmPage);
lazy_page!(ForgotPasswordRoute, forgot_password, account, crate::pages::forgot_password::ForgotPasswordPage);
lazy_page!(NewPasswordRoute, new_password, account, crate::pages::new_password::NewPasswordPage);
// The organisation's services and its people: the menu's hubs, rights, delegations.
lazy_page!(ServicesRoute, services, organisation, crate::pages::services::ServicesPage);
lazy_page!(AdministrationRoute, administration, organisation, crate::pages::services::AdministrationPage);
lazy_page!(RightsRoute, rights, organisation, crate::pages::rights::RightsPage);
lazy_page!(DelegationsRoute, delegations, organisation, crate::pages::delegations::DelegationsPage);
lazy_page!(AuditRoute, audit, organisation, crate::pages::audit::AuditPage);
// The consumer's integrations.
lazy_page!(IntegrationsRoute, integrations, consumer, crate::pages::environment::IntegrationsPage);
lazy_page!(ClientRoute, client, consumer, crate::pages::client::ClientPage);
// The provider's APIs and scopes.
lazy_page!(MyApisRoute, my_apis, provider, crate::pages::environment::MyApisPage);
lazy_page!(ScopeRoute, scope, provider, crate::pages::scope::ScopePage);
lazy_page!(ProviderRoute, provider_page, provider, crate::pages::provider::ProviderPage);
// The operator's pages.
lazy_page!(OrganizationsRoute, organizations, operator, crate::pages::operator::OrganizationsPage);
lazy_page!(OrganizationRoute, organization, operator, crate::pages::operator::OrganizationPage);

/// What a page whose code could not be fetched shows instead. "Prøv igjen" loads the
/// address again in full: the failed fetch was not cached, so it is tried afresh.
#[component]
pub fn ChunkFailed() -> impl IntoView {
    let retry = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    view! {
        <div class="alert alert-error" role="alert">
            <p>"Siden kunne ikke lastes. Sjekk nettforbindelsen og prøv igjen."</p>
            <button type="button" class="button-primary" on:click=retry>"Prøv igjen"</button>
        </div>
    }
}
