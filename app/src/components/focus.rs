//! Where focus goes when the page changes under the user: into a form or panel when it
//! opens, to the new page's heading after navigating. (Dialogs: `dialog::Modal`; messages
//! after saving: `status`.)

use leptos::prelude::*;

/// Once the form or panel behind `node` is on the page, focuses its first field (or, with
/// none, the first button): keyboard users continue where the new content is, not on the
/// button that opened it. Not when a message after saving is taking focus.
pub fn focus_into_when_mounted<E>(node: NodeRef<E>)
where
    E: leptos::html::ElementType + 'static,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
{
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        match node.get() {
            // Rebuilt after a save (the panel stays open): the message about the save,
            // which is taking focus, is the place to be.
            Some(_) if super::status::status_wants_focus() => true,
            Some(el) => {
                let el: &web_sys::Element = wasm_bindgen::JsCast::unchecked_ref(&el);
                let first = el
                    .query_selector("input:not([type=hidden]):not([disabled]), select, textarea")
                    .ok()
                    .flatten()
                    .or_else(|| el.query_selector("button:not([disabled])").ok().flatten());
                if let Some(first) = first {
                    let first: &web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_ref(&first);
                    let _ = first.focus();
                }
                true
            }
            None => false,
        }
    });
}

/// After client-side navigation, focus moves to the new page's `<h1>`, as a full page load
/// would start reading there. The heading often arrives after its data, so this waits for
/// a heading that was not on the page before (up to two seconds).
pub fn focus_heading_after_navigation() {
    #[cfg(feature = "hydrate")]
    {
        let path = leptos_router::hooks::use_location().pathname;
        Effect::new(move |previous: Option<String>| {
            let now = path.get();
            if previous.is_some_and(|p| p != now) {
                let old = first_heading();
                wait_for_heading(old, 40);
            }
            now
        });
    }
}

#[cfg(feature = "hydrate")]
fn first_heading() -> Option<web_sys::Element> {
    document().query_selector("main h1").ok().flatten()
}

#[cfg(feature = "hydrate")]
fn wait_for_heading(old: Option<web_sys::Element>, tries: u32) {
    use wasm_bindgen::JsCast;
    let old = send_wrapper::SendWrapper::new(old);
    set_timeout(
        move || {
            let old = old.take();
            match first_heading() {
                Some(h) if old.as_ref() != Some(&h) || tries == 0 => {
                    // A status message that asked for focus (a page that says "created")
                    // already has it; it is the more useful place to be.
                    let on_status = document().active_element().is_some_and(|a| a.class_name().contains("status-message"));
                    if !on_status {
                        let _ = h.set_attribute("tabindex", "-1");
                        if let Ok(h) = h.dyn_into::<web_sys::HtmlElement>() {
                            let _ = h.focus();
                        }
                    }
                }
                _ if tries > 0 => wait_for_heading(old, tries - 1),
                _ => {}
            }
        },
        std::time::Duration::from_millis(50),
    );
}
