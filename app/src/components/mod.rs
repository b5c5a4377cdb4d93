//! Building blocks shared by the pages.

pub mod copy;
pub mod dialog;
pub mod field;
pub mod filter;
pub mod form;
pub mod layout;
pub mod live;
pub mod loaded;
pub mod step_up;

use crate::domain::views::SessionInfo;
use crate::error::AppError;
use leptos::prelude::*;

pub use form::{on_result, FormError, Refetch};
pub use loaded::{Loaded, Login};

/// True once the WASM has hydrated the page. Until then every form control is disabled
/// (one `<fieldset disabled>` around the page), so nothing typed or clicked before the app
/// can handle it is lost.
#[derive(Clone, Copy)]
pub struct Hydrated(pub RwSignal<bool>);

/// The logged-in person (or `None`), loaded once per page load.
#[derive(Clone, Copy)]
pub struct CurrentSession(pub Resource<Result<Option<SessionInfo>, AppError>>);

/// Provides what every page reads: [`Hydrated`] and [`CurrentSession`]. Called once, by the app root.
pub fn provide_app_context() {
    let hydrated = RwSignal::new(false);
    // Effects run only in the browser, after hydration.
    Effect::new(move |_| hydrated.set(true));
    provide_context(Hydrated(hydrated));
    provide_context(CurrentSession(Resource::new(|| (), |_| crate::api::accounts::get_session())));
}

/// The [`CurrentSession`] provided by [`provide_app_context`].
pub fn use_session() -> CurrentSession {
    expect_context::<CurrentSession>()
}

/// Navigates with a full page load, so every resource (the session above all) starts fresh.
pub fn reload_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Shows `Some(message)` as an alert box.
#[component]
pub fn ErrorBox(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || message.get().map(|m| view! { <div class="alert alert-error" role="alert">{m}</div> })
}

/// "You need to log in" with the way there.
#[component]
pub fn LoginRequired() -> impl IntoView {
    view! {
        <div class="alert">
            <p>"Du må logge inn for å se denne siden."</p>
            <p><a href="/min-profil">"Logg inn"</a></p>
        </div>
    }
}
