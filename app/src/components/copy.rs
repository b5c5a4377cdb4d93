//! A button that copies a value (ids, keys, secrets) to the clipboard.

use leptos::prelude::*;

#[component]
pub fn CopyButton(
    #[prop(into)] value: String,
    /// What is copied, for the accessible name ("Kopier {what}").
    #[prop(into)]
    what: String,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let on_click = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&value);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &value;
        copied.set(true);
    };
    view! {
        <button type="button" class="button-secondary copy" aria-label=format!("Kopier {what}") on:click=on_click>
            {move || if copied.get() { "Kopiert" } else { "Kopier" }}
        </button>
    }
}
