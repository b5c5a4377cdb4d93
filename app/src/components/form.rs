//! The one way a page handles a form and a server action: check in the browser, send,
//! react to the answer, and reload what changed. Every form did these three steps by hand
//! before; written once here, they cannot drift apart.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The form's validation state: the last error, from the browser's own parse or the server.
#[derive(Clone, Copy)]
pub struct FormError(pub RwSignal<Option<AppError>>);

impl FormError {
    pub fn new() -> Self {
        Self(RwSignal::new(None))
    }

    /// The message for one field, for the field's own error line.
    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || self.0.get().and_then(|e| e.for_field(name)))
    }

    /// Errors not tied to one of `fields`, for the top of the form.
    pub fn general(self, fields: &'static [&'static str]) -> Signal<Option<String>> {
        Signal::derive(move || self.0.get().and_then(|e| e.general_message(fields)))
    }

    pub fn set(self, e: Option<AppError>) {
        self.0.set(e);
    }

    /// Shows `e` (a server action's error), for [`on_result`]'s `on_err`.
    pub fn show(self, e: AppError) {
        self.set(Some(e));
    }

    /// The form's submit handler. It stops the browser's own submit, runs `check` (the same
    /// parse the server runs, so a mistake shows before anything is sent) and either shows
    /// its error or clears the last one and hands the checked value to `send`.
    pub fn on_submit<T>(
        self,
        check: impl Fn() -> Result<T, AppError> + Clone + 'static,
        send: impl Fn(T) + Clone + 'static,
    ) -> impl Fn(leptos::ev::SubmitEvent) + Clone + 'static {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match check() {
                Err(e) => self.set(Some(e)),
                Ok(value) => {
                    self.set(None);
                    send(value);
                }
            }
        }
    }
}

impl Default for FormError {
    fn default() -> Self {
        Self::new()
    }
}

/// Reacts to every answer of `action`: `on_ok` with the value, `on_err` with the error.
///
/// One effect on the action's value, as every page wrote by hand before. It runs in the
/// browser only (effects do), so it never fires during server rendering.
pub fn on_result<S>(action: ServerAction<S>, on_ok: impl Fn(S::Output) + 'static, on_err: impl Fn(AppError) + 'static)
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| match action.value().get() {
        Some(Ok(value)) => on_ok(value),
        Some(Err(e)) => on_err(e),
        None => {}
    });
}

/// "Something was saved; load it again." Resources put [`Refetch::track`] in their key, and
/// a successful action calls [`Refetch::bump`].
///
/// Not `action.version()`: that counts failed dispatches too, and reloading after a failure
/// would rebuild the form under it, losing what the user typed and the error shown.
#[derive(Clone, Copy)]
pub struct Refetch(RwSignal<u32>);

impl Refetch {
    pub fn new() -> Self {
        Self(RwSignal::new(0))
    }

    /// Subscribes the caller (a resource's key) to the reloads.
    pub fn track(self) -> u32 {
        self.0.get()
    }

    /// Makes every resource that tracks this load again.
    pub fn bump(self) {
        self.0.update(|v| *v += 1);
    }
}

impl Default for Refetch {
    fn default() -> Self {
        Self::new()
    }
}
