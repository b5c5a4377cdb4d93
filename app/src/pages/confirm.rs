//! The page the e-mailed confirmation link opens.

use crate::api::accounts::confirm_email;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ConfirmPage() -> impl IntoView {
    let query = use_query_map();
    let result = Resource::new(move || query.read().get("token").unwrap_or_default(), confirm_email);
    view! {
        <leptos_meta::Title text="Bekreft e-postadressen"/>
        <h1>"Bekreft bruker"</h1>
        <Suspense fallback=|| view! { <p>"Bekrefter …"</p> }>
            {move || Suspend::new(async move {
                match result.await {
                    Ok(org) => view! {
                        <div class="alert alert-success" role="status">
                            <p>"E-postadressen er bekreftet. Brukeren er knyttet til " <strong>{org.name}</strong> " (" {org.org_number} ")."</p>
                        </div>
                        <p><a href="/min-profil">"Logg inn"</a></p>
                    }.into_any(),
                    Err(e) => view! { <div class="alert alert-error" role="alert">{e.to_string()}</div> }.into_any(),
                }
            })}
        </Suspense>
    }
}
