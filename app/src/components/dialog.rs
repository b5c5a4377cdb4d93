//! A confirmation before something drastic ("Deaktiver"), and an action shown disabled
//! with the reason beside it (the guides' "Ny integrasjon er grået ut").

use leptos::prelude::*;

/// An inline dialog asking to confirm. Focus moves to it when it opens, so keyboard and
/// screen-reader users land on the question; Escape cancels.
#[component]
pub fn ConfirmDialog(
    /// The question, e.g. "Deaktivere scopet?".
    title: &'static str,
    /// The confirming button's text, e.g. "Deaktiver".
    confirm: &'static str,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
    /// What will happen, in a sentence or two.
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = dialog.get() {
            let _ = el.focus();
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            on_cancel.run(());
        }
    };
    view! {
        <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-text"
            tabindex="-1" node_ref=dialog on:keydown=on_key>
            <h3 id="confirm-title">{title}</h3>
            <p id="confirm-text">{children()}</p>
            <button type="button" class="button-danger" on:click=move |_| on_confirm.run(())>{confirm}</button>
            " "
            <button type="button" class="button-secondary" on:click=move |_| on_cancel.run(())>"Avbryt"</button>
        </div>
    }
}

/// A button the user may not press here, greyed out, with why and what to do next.
#[component]
pub fn DisabledAction(
    label: &'static str,
    reason: String,
    /// Unique on the page; the reason's element gets this id.
    reason_id: &'static str,
    #[prop(default = "button-secondary")] class: &'static str,
) -> impl IntoView {
    view! {
        <div class="disabled-action">
            <button type="button" class=class disabled=true aria-describedby=reason_id>{label}</button>
            <p id=reason_id class="reason">{reason}</p>
        </div>
    }
}
