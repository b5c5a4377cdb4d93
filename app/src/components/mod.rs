//! Building blocks shared by the pages.

pub mod copy;
pub mod dialog;
pub mod error_summary;
pub mod field;
pub mod filter;
pub mod focus;
pub mod form;
pub mod layout;
pub mod live;
pub mod loaded;
pub mod status;
pub mod step_up;

use crate::domain::views::SessionInfo;
use crate::error::AppError;
use leptos::prelude::*;

pub use error_summary::{ErrorSummary, SummaryField};
pub use form::{on_result, FormError, Refetch};
pub use loaded::{Loaded, Login};
pub use status::{focus_next_status, StatusMessage};

/// True once the WASM has hydrated the page. Until then every form control is disabled
/// (one `<fieldset disabled>` around the page), so nothing typed or clicked before the app
/// can handle it is lost. It turns true only when the whole page is hydrated: a page in its
/// own chunk (`pages::lazy`) hydrates after that chunk arrives, so an effect in the app root
/// would fire too early. The front end calls [`mark_hydrated`] when hydration is done.
#[derive(Clone, Copy)]
pub struct Hydrated(pub Signal<bool>);

#[cfg(feature = "hydrate")]
thread_local! {
    // One page per WASM instance: outlives every owner, like the page itself.
    static HYDRATED: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// Called by the front end once hydration has finished (see [`Hydrated`]).
pub fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    HYDRATED.with(|h| h.set(true));
}

/// The logged-in person (or `None`), loaded once per page load.
#[derive(Clone, Copy)]
pub struct CurrentSession(pub Resource<Result<Option<SessionInfo>, AppError>>);

/// Provides what every page reads: [`Hydrated`] and [`CurrentSession`]. Called once, by the app root.
pub fn provide_app_context() {
    // On the server the page is never hydrated.
    #[cfg(feature = "hydrate")]
    let hydrated = Signal::from(HYDRATED.with(|h| h.clone()));
    #[cfg(not(feature = "hydrate"))]
    let hydrated = Signal::stored(false);
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

/// The browser tab's title for a page that names itself `page` ("Integrasjoner – ver1"):
/// the page first, the portal's name after it.
pub fn page_title(page: &str) -> String {
    if page.is_empty() || page == "Selvbetjening" {
        "Selvbetjening".to_string()
    } else {
        format!("{page} – Selvbetjening")
    }
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
