//! Modal dialogs (the scope picker, every confirmation before something drastic) and an
//! action shown disabled with the reason beside it (the guides' "Ny integrasjon er grået ut").

use leptos::prelude::*;

/// A modal dialog: the browser's own `<dialog>`, opened with `showModal()`. While it shows,
/// the page behind is inert, so focus cannot leave it; Escape cancels (`on_cancel`); and
/// when it goes away, focus returns to the element that had it when it opened (the button
/// that opened it), if that is still on the page and no message after saving takes it.
///
/// The caller owns whether it shows: mount it to open, unmount it to close.
#[component]
pub fn Modal(
    /// The id of the dialog's heading (its accessible name).
    labelled_by: &'static str,
    /// The id of the text that says what the dialog is about.
    #[prop(optional)]
    described_by: Option<&'static str>,
    #[prop(default = "dialog")] class: &'static str,
    /// Escape, or the browser closing the dialog by itself.
    on_cancel: Callback<()>,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Dialog>::new();
    #[cfg(feature = "hydrate")]
    {
        let opener = send_wrapper::SendWrapper::new(document().active_element());
        on_cleanup(move || {
            // After the dialog has left the page: until then everything behind it is inert
            // and cannot take focus. Not when the dialog led to a message that is taking
            // focus (what was confirmed is done; the message says so).
            request_animation_frame(move || {
                if crate::components::status::status_wants_focus() {
                    return;
                }
                if let Some(el) = opener.take() {
                    if el.is_connected() {
                        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                            let _ = el.focus();
                        }
                    }
                }
            });
        });
    }
    Effect::new(move |_| {
        if let Some(dialog) = node.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
            // The dialog itself, not its first button: a screen reader reads the question
            // first, and a stray Enter does not confirm something drastic.
            let _ = dialog.focus();
        }
    });
    view! {
        <dialog node_ref=node class=class tabindex="-1" aria-labelledby=labelled_by aria-describedby=described_by
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                on_cancel.run(());
            }
            // Chrome closes a dialog on a second Escape even when the first was prevented.
            on:close=move |_| on_cancel.run(())>
            {children()}
        </dialog>
    }
}

/// "Are you sure?" before something drastic, naming the object and what will happen.
/// Escape and "Avbryt" cancel.
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
    view! {
        <Modal labelled_by="confirm-title" described_by="confirm-text" class="dialog confirm" on_cancel=on_cancel>
            <h2 id="confirm-title">{title}</h2>
            <p id="confirm-text">{children()}</p>
            <div class="actions">
                <button type="button" class="button-danger" on:click=move |_| on_confirm.run(())>{confirm}</button>
                " "
                <button type="button" class="button-secondary" on:click=move |_| on_cancel.run(())>"Avbryt"</button>
            </div>
        </Modal>
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
