use crate::components::use_session;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session().0;
    view! {
        <Suspense fallback=|| view! { <p>"Laster …"</p> }>
            {move || Suspend::new(async move {
                match session.await.ok().flatten() {
                    Some(s) => view! {
                        <h1>"Velkommen, " {s.name.clone()}</h1>
                        {s.org.clone().map(|o| view! {
                            <p class="lead">"Du representerer " <strong>{o.name}</strong> " (organisasjonsnummer " {o.org_number} ")."</p>
                        })}
                        <p>"Velg «Virksomhetens tjenester» i venstremenyen for å administrere integrasjoner og API-er i ver1, ver2 og produksjon."</p>
                    }.into_any(),
                    None => view! {
                        <h1>"Selvbetjening for Maskinporten, KRR og ID-porten"</h1>
                        <p class="lead">"Her oppretter virksomheter integrasjoner, deler API-er med andre virksomheter og styrer hvem som har tilgang."</p>
                        <p>"Trykk på «Min profil» oppe til høyre for å logge inn, eller "
                           <a href="/registrer">"registrer deg"</a> " med jobbadressen din."</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
