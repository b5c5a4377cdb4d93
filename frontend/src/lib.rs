//! The WASM entry point: hydrates the server-rendered page with the shared `app` crate.
//!
//! Pages live in their own chunks (see `app::pages::lazy`), so hydration is asynchronous:
//! on a deep link the page's chunk is fetched before hydration walks its HTML. This is
//! `leptos::mount::hydrate_lazy` plus one step: when hydration has finished, the app is told
//! (`mark_hydrated`), which enables the page's form controls.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // hydrate_from_async sets up the reactive system's executor when first polled.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document().body().expect("the page has a body");
        leptos::mount::hydrate_from_async(body, app::App).await.forget();
        app::components::mark_hydrated();
    });
}
