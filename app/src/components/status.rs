//! Messages after something was done ("Nøkkelen er fjernet.", with "Angre" where it can be
//! undone); after saving, focus goes to the message.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
thread_local! {
    // Non-zero while a status message asked for should take focus when it shows.
    static FOCUS_PENDING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    // Whether the key and pointer listeners that end a request are installed.
    static LISTENING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Asks the status message that shows next (within a few seconds, and before the user
/// presses a key or the pointer) to take focus, so a keyboard or screen-reader user hears
/// what happened and continues from there.
///
/// A request, not a direct focus: the message often shows only after the data is reloaded
/// and the section around it built anew, so the element does not exist yet. The user's next
/// key or click ends it, so a form they open next gets focus instead.
pub fn focus_next_status() {
    #[cfg(feature = "hydrate")]
    {
        LISTENING.with(|on| {
            if !on.replace(true) {
                fn clear() {
                    FOCUS_PENDING.with(|c| c.set(0));
                }
                // For the page's lifetime, like the page itself.
                let _ = window_event_listener(leptos::ev::keydown, |_| clear());
                let _ = window_event_listener(leptos::ev::pointerdown, |_| clear());
            }
        });
        let n = FOCUS_PENDING.with(|c| {
            let n = c.get().wrapping_add(1).max(1);
            c.set(n);
            n
        });
        set_timeout(
            move || {
                FOCUS_PENDING.with(|c| {
                    if c.get() == n {
                        c.set(0);
                    }
                })
            },
            std::time::Duration::from_secs(3),
        );
    }
}

/// True while a status message asked for by [`focus_next_status`] may still take focus.
pub(crate) fn status_wants_focus() -> bool {
    #[cfg(feature = "hydrate")]
    return FOCUS_PENDING.with(|c| c.get() != 0);
    #[cfg(not(feature = "hydrate"))]
    false
}

/// How long "Angre" is offered after something was removed.
pub const UNDO_SECONDS: u64 = 30;

/// Empties `undo` (what "Angre" would put back) after [`UNDO_SECONDS`], unless it holds
/// something else by then (a later removal, with its own time) or the page is gone.
pub fn expire_undo<T>(undo: RwSignal<Option<T>>, offered: T)
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    set_timeout(
        move || {
            if undo.try_get_untracked().flatten().as_ref() == Some(&offered) {
                undo.try_set(None);
            }
        },
        std::time::Duration::from_secs(UNDO_SECONDS),
    );
}

/// A success message (`role="status"`), and beside it an optional action such as "Angre".
/// Takes focus when it shows after [`focus_next_status`].
#[component]
pub fn StatusMessage(#[prop(into)] message: Signal<Option<String>>, #[prop(optional)] children: Option<ChildrenFn>) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        message.track();
        if let Some(el) = node.get() {
            if status_wants_focus() {
                let _ = el.focus();
            }
        }
    });
    move || {
        let children = children.clone();
        message.get().map(move |m| {
            view! {
                <div class="alert alert-success status-message" role="status" tabindex="-1" node_ref=node>
                    <span>{m}</span>
                    {children.map(|c| view! { " " {c()} })}
                </div>
            }
        })
    }
}
