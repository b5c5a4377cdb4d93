//! The states of a page's main data, written once: "Laster …" while it loads, "Du må logge
//! inn" when nobody is logged in, the error when loading failed, and otherwise the page.

use super::{use_session, LoginRequired};
use crate::error::AppError;
use leptos::prelude::*;
use std::sync::Arc;

/// How a page learns that nobody is logged in.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum Login {
    /// The data's own `Unauthenticated` error means "log in first".
    #[default]
    FromData,
    /// The session is checked first; the data's errors are shown as they are.
    Session,
    /// Not checked: every error is shown as it is (the operator's pages, whose errors say
    /// themselves what is wrong).
    Unchecked,
}

/// Shows `data` through `children` once loaded, and the other states around it.
#[component]
pub fn Loaded<T, F, V>(
    /// The page's main data.
    data: Resource<Result<T, AppError>>,
    /// The page's heading, shown above an error so the page still says what it is.
    #[prop(optional)]
    title: Option<&'static str>,
    /// How "not logged in" is found out.
    #[prop(optional)]
    login: Login,
    /// Show "Laster …" again whenever the data reloads (`<Suspense>`), instead of keeping
    /// the old page until the new data is there (`<Transition>`).
    #[prop(optional)]
    loading_on_reload: bool,
    /// The page, given the loaded data.
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = Arc::new(children);
    let session = (login == Login::Session).then(|| use_session().0);
    let content = move || {
        let children = children.clone();
        Suspend::new(async move {
            if let Some(session) = session {
                if session.await.ok().flatten().is_none() {
                    return view! { <LoginRequired/> }.into_any();
                }
            }
            match data.await {
                Ok(d) => children(d).into_any(),
                Err(AppError::Unauthenticated) if login == Login::FromData => view! { <LoginRequired/> }.into_any(),
                Err(e) => match title {
                    Some(t) => view! { <h1>{t}</h1><div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                    None => view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                },
            }
        })
    };
    if loading_on_reload {
        view! { <Suspense fallback=|| view! { <p class="loading">"Laster …"</p> }>{content}</Suspense> }.into_any()
    } else {
        view! { <Transition fallback=|| view! { <p class="loading">"Laster …"</p> }>{content}</Transition> }.into_any()
    }
}
