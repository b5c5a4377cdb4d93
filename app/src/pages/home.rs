use crate::components::use_session;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session().0;
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Laster …"</p> }>
            {move || Suspend::new(async move {
                match session.await.ok().flatten() {
                    Some(s) => view! {
                        <h1>"Velkommen, " {s.name.clone()}</h1>
                        {s.org.clone().map(|o| view! {
                            <p class="lead">"Du representerer " <strong>{o.name}</strong> " (organisasjonsnummer " {o.org_number} ")."</p>
                        })}
                        <p>"Velg «Virksomhetens tjenester» i venstremenyen for å administrere integrasjoner og API-er i ver1, ver2 og produksjon."</p>
                        <Attention/>
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

/// "Krever oppmerksomhet": what is about to stop working or waits for an answer, each with
/// a link to where it is seen to.
#[component]
fn Attention() -> impl IntoView {
    let items = Resource::new(|| (), |_| crate::api::attention::attention());
    view! {
        <section class="attention" aria-labelledby="attention-heading">
            <h2 id="attention-heading">"Krever oppmerksomhet"</h2>
            <Suspense fallback=|| view! { <p class="loading">"Laster …"</p> }>
                {move || Suspend::new(async move {
                    match items.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"Ingenting krever oppmerksomhet nå."</p> }.into_any(),
                        Ok(list) => view! {
                            <ul>{list.into_iter().map(|i| view! { <li><a href=i.href>{i.text}</a></li> }).collect_view()}</ul>
                        }.into_any(),
                        Err(e) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
