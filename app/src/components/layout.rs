//! The page frame: brand and "Min profil" top right, the left menu, and the main area.

use super::{use_session, Hydrated};
use leptos::prelude::*;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let hydrated = expect_context::<Hydrated>().0;
    let session = use_session().0;
    // The side menu marks the page you are on (`aria-current="page"`).
    let path = leptos_router::hooks::use_location().pathname;
    super::focus::focus_heading_after_navigation();
    let current = move |href: &'static str| move || (path.get() == href).then_some("page");
    let menu = move || {
        Suspend::new(async move {
            let info = session.await.ok().flatten();
            info.map(|s| {
                view! {
                    <nav class="side-nav" aria-label="Venstremeny">
                        <ul>
                            <li><a href="/tjenester" aria-current=current("/tjenester")>"Virksomhetens tjenester"</a>
                                <ul>
                                    <li><a href="/tjenester/administrasjon" aria-current=current("/tjenester/administrasjon")>"Administrasjon av tjenester"</a></li>
                                    <li><a href="/tjenester/endringslogg" aria-current=current("/tjenester/endringslogg")>"Endringslogg"</a></li>
                                </ul>
                            </li>
                            <li><a href="/rettigheter" aria-current=current("/rettigheter")>"Andre med rettigheter til virksomheten"</a></li>
                            {s.is_operator.then(|| view! { <li><a href="/operator" aria-current=current("/operator")>"Operatør"</a></li> })}
                        </ul>
                    </nav>
                }
            })
        })
    };
    let who = move || {
        Suspend::new(async move {
            session.await.ok().flatten().map(|s| {
                view! {
                    <span class="who">
                        {s.name.clone()}
                        {s.org.map(|o| format!(" · {}", o.name))}
                    </span>
                }
            })
        })
    };
    view! {
        <a class="skip-link" href="#innhold">"Hopp til innholdet"</a>
        <header class="top-bar">
            <a class="brand" href="/">"Selvbetjening"</a>
            <div class="top-right">
                <Suspense fallback=|| ()>{who}</Suspense>
                <a class="profile-link" href="/min-profil">"Min profil"</a>
            </div>
        </header>
        <div class="frame">
            <Suspense fallback=|| ()>{menu}</Suspense>
            // `data-hydrated`: the marker tests and the first-load benchmark wait for.
            <main id="innhold" data-hydrated=move || hydrated.get().then_some("true")>
                <fieldset class="page" disabled=move || !hydrated.get()>
                    {children()}
                </fieldset>
            </main>
        </div>
    }
}
