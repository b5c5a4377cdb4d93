//! "Egne public nøkler" and "Virksomhetssertifikat" on an integration. What is pasted is
//! parsed right here, in the browser, by `domain::keys` (Rust compiled to WASM; the server
//! runs the same code): a PEM becomes a JWK that is shown before it is saved, and a private
//! key is refused and never leaves the page.

use super::client::PageState;
use crate::api::client_keys::{AddClientKeys, RemoveClientCertificate, RemoveClientKey, SetClientCertificate};
use crate::components::{copy::CopyButton, ErrorBox};
use crate::domain::keys::{contains_private_key, parse_certificate, parse_key_input, thumbprint, Jwk, PRIVATE_KEY_WARNING};
use crate::domain::views::ClientDetail;
use crate::domain::{time::format_utc, MAX_KEYS};
use leptos::prelude::*;

/// Keys this close to expiry are flagged (the notification rule's 30 days).
const EXPIRY_WARNING_SECONDS: i64 = 30 * 24 * 3600;

fn date(t: i64) -> String {
    format!("{} UTC", format_utc(t))
}

#[component]
pub fn KeysPanel(detail: ClientDetail, state: PageState) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = ServerAction::<AddClientKeys>::new();
    let remove = ServerAction::<RemoveClientKey>::new();
    Effect::new(move |_| match add.value().get() {
        Some(Ok(())) => state.changed("Nøkkelen er lagt til. Den gjelder i ett år."),
        Some(Err(e)) => error.set(Some(e.for_field("keys").unwrap_or_else(|| e.to_string()))),
        None => {}
    });
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => state.changed("Nøkkelen er fjernet."),
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let private = Memo::new(move |_| contains_private_key(&text.get()));
    let parsed = Memo::new(move |_| {
        let t = text.get();
        (!t.trim().is_empty() && !private.get()).then(|| parse_key_input(&t))
    });
    // Thumbprints of the saved keys: pasting one of them again renews it, so it does not count.
    let saved: Vec<String> = detail.keys.iter().filter_map(|k| serde_json::from_str::<Jwk>(&k.jwk).ok()).map(|j| thumbprint(&j.n, &j.e)).collect();
    let saved_count = detail.keys.len();
    let id = detail.id.clone();
    let on_add = move |_| {
        error.set(None);
        if private.get_untracked() {
            return; // the warning is showing; nothing is sent
        }
        match parsed.get_untracked() {
            None => error.set(Some("Lim inn en nøkkel først: en JWK, en liste med JWK-er i klammer [ ], et JWKS eller en PEM.".into())),
            Some(Err(m)) => error.set(Some(m)),
            Some(Ok(list)) => {
                let new = list.iter().filter(|j| !saved.contains(&thumbprint(&j.n, &j.e))).count();
                if saved_count + new > MAX_KEYS {
                    error.set(Some(format!(
                        "En integrasjon kan ha høyst {MAX_KEYS} nøkler. Den har {saved_count} fra før; fjern en nøkkel før du legger til en ny."
                    )));
                    return;
                }
                match serde_json::to_string(&list) {
                    Ok(keys) => {
                        add.dispatch(AddClientKeys { id: id.clone(), keys });
                    }
                    Err(_) => error.set(Some("Kunne ikke lage JWK.".into())),
                }
            }
        }
    };
    let can_manage = detail.manage_denied.is_none();
    let now = detail.now;
    let rows = detail
        .keys
        .iter()
        .map(|k| {
            let kid = k.kid.clone();
            let id = detail.id.clone();
            view! {
                <tr>
                    <td><code>{k.kid.clone()}</code></td>
                    <td>{date(k.created_at)}</td>
                    <td>{date(k.expires_at)}
                        {(k.expires_at - now < EXPIRY_WARNING_SECONDS).then(|| view! {
                            <br/><span class="warning">{if k.expires_at <= now { "Utløpt" } else { "Utløper snart" }}
                                " – lim inn nøkkelen på nytt for å fornye den"</span>
                        })}</td>
                    <td><pre class="jwk">{k.jwk.clone()}</pre> <CopyButton value=k.jwk.clone() what=format!("JWK {}", k.kid)/></td>
                    <td>{can_manage.then(|| view! {
                        <button type="button" class="button-link" aria-label=format!("Fjern nøkkel {kid}")
                            on:click=move |_| { remove.dispatch(RemoveClientKey { id: id.clone(), kid: kid.clone() }); }>"Fjern"</button>
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div id="keys-panel" class="panel">
            <p>"Nøkler integrasjonen signerer med når den henter tokens. Bare RSA-nøkler på minst 2048 bits, alg RS256, RS384 eller RS512, use «sig». "
               "Høyst " {MAX_KEYS} " nøkler; hver gjelder i ett år fra den legges til, og legger du til samme nøkkel igjen, fornyes den."</p>
            {if detail.keys.is_empty() {
                view! { <p class="empty">"Integrasjonen har ingen egne nøkler ennå."</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <caption>"Registrerte nøkler (" {detail.keys.len()} " av " {MAX_KEYS} ")"</caption>
                        <thead><tr><th scope="col">"kid"</th><th scope="col">"Lagt til"</th><th scope="col">"Utløper"</th><th scope="col">"JWK"</th><th scope="col"><span class="visually-hidden">"Handling"</span></th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
            {can_manage.then(|| view! {
                <div class="field">
                    <label for="key-input">"Nøkkel (JWK, JWK-liste, JWKS eller PEM)"</label>
                    <p class="hint" id="key-input-hint">"Lim inn en JWK, flere i klammer [ ], et JWKS {\"keys\": [...]}, eller en offentlig nøkkel eller et sertifikat i PEM-format. "
                        "PEM gjøres om til JWK her i nettleseren; du ser resultatet før du lagrer."</p>
                    <textarea id="key-input" rows="8" class="mono" aria-describedby="key-input-hint" spellcheck="false"
                        prop:value=move || text.get() on:input:target=move |ev| { error.set(None); text.set(ev.target().value()) }></textarea>
                </div>
                <Show when=move || private.get()>
                    <div class="alert alert-error" role="alert">{PRIVATE_KEY_WARNING}</div>
                </Show>
                {move || match parsed.get() {
                    Some(Ok(list)) => Some(view! {
                        <div class="preview">
                            <p>{if list.len() == 1 { "Slik blir nøkkelen lagret:".to_string() } else { format!("Slik blir de {} nøklene lagret:", list.len()) }}</p>
                            <pre class="jwk" aria-label="JWK som lagres">{serde_json::to_string_pretty(&list).unwrap_or_default()}</pre>
                        </div>
                    }.into_any()),
                    Some(Err(m)) => Some(view! { <p class="field-error">{m}</p> }.into_any()),
                    None => None,
                }}
                <ErrorBox message=error/>
                <button type="button" class="button-primary" disabled=move || add.pending().get() on:click=on_add.clone()>"legg til"</button>
            })}
        </div>
    }
}

#[component]
pub fn CertificatePanel(detail: ClientDetail, state: PageState) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let set = ServerAction::<SetClientCertificate>::new();
    let remove = ServerAction::<RemoveClientCertificate>::new();
    Effect::new(move |_| match set.value().get() {
        Some(Ok(())) => state.changed("Virksomhetssertifikatet er registrert."),
        Some(Err(e)) => error.set(Some(e.for_field("certificate").unwrap_or_else(|| e.to_string()))),
        None => {}
    });
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => state.changed("Virksomhetssertifikatet er fjernet."),
        Some(Err(e)) => error.set(Some(e.to_string())),
        None => {}
    });
    let private = Memo::new(move |_| contains_private_key(&text.get()));
    let parsed = Memo::new(move |_| {
        let t = text.get();
        (!t.trim().is_empty() && !private.get()).then(|| parse_certificate(&t))
    });
    let (now, org_number) = (detail.now, detail.org.org_number.clone());
    let id = detail.id.clone();
    let owner = org_number.clone();
    let on_register = move |_| {
        error.set(None);
        if private.get_untracked() {
            return;
        }
        match parsed.get_untracked().map(|r| r.and_then(|info| info.check(now, &owner).map(|_| info))) {
            None => error.set(Some("Lim inn sertifikatet i PEM-format først (-----BEGIN CERTIFICATE-----).".into())),
            Some(Err(m)) => error.set(Some(m)),
            Some(Ok(info)) => {
                set.dispatch(SetClientCertificate { id: id.clone(), pem: info.pem });
            }
        }
    };
    let can_manage = detail.manage_denied.is_none();
    let current = detail.certificate.clone().map(|c| {
        let id = detail.id.clone();
        view! {
            <h3>"Registrert sertifikat"</h3>
            <dl class="facts">
                <dt>"Subject"</dt><dd>{c.subject.clone()}</dd>
                <dt>"Utsteder"</dt><dd>{c.issuer.clone()}</dd>
                <dt>"Serienummer"</dt><dd><code>{c.serial.clone()}</code></dd>
                <dt>"Gyldig fra"</dt><dd>{date(c.not_before)}</dd>
                <dt>"Gyldig til"</dt><dd>{date(c.not_after)}</dd>
                <dt>"Organisasjonsnummer"</dt><dd>{c.org_number.clone()}</dd>
            </dl>
            {can_manage.then(|| view! {
                <button type="button" class="button-secondary" on:click=move |_| { remove.dispatch(RemoveClientCertificate { id: id.clone() }); }>"Fjern sertifikat"</button>
            })}
        }
    });
    view! {
        <div id="certificate-panel" class="panel">
            <p>"Integrasjonen kan signere med virksomhetssertifikatet sitt (signeringssertifikatet) i stedet for egne nøkler. "
               "Sertifikatet må være gyldig nå, ha nøkkelbruken digitalSignature og være utstedt til " {detail.org.name.clone()} " (" {org_number.clone()} ")."</p>
            {match current {
                Some(v) => v.into_any(),
                None => view! { <p class="empty">"Ingen virksomhetssertifikat er registrert."</p> }.into_any(),
            }}
            {can_manage.then(|| view! {
                <div class="field">
                    <label for="certificate-input">"Sertifikat i PEM-format"</label>
                    <p class="hint" id="certificate-input-hint">"Lim inn sertifikatet, fra -----BEGIN CERTIFICATE----- til -----END CERTIFICATE-----. "
                        {if detail.certificate.is_some() { "Det erstatter det registrerte." } else { "" }}</p>
                    <textarea id="certificate-input" rows="8" class="mono" aria-describedby="certificate-input-hint" spellcheck="false"
                        prop:value=move || text.get() on:input:target=move |ev| { error.set(None); text.set(ev.target().value()) }></textarea>
                </div>
                <Show when=move || private.get()>
                    <div class="alert alert-error" role="alert">{PRIVATE_KEY_WARNING}</div>
                </Show>
                {move || parsed.get().map(|r| match r {
                    Err(m) => view! { <p class="field-error">{m}</p> }.into_any(),
                    Ok(info) => {
                        let problem = info.check(now, &org_number).err();
                        view! {
                            <div class="preview">
                                <h3>"Sertifikatet du har limt inn"</h3>
                                <dl class="facts">
                                    <dt>"Subject"</dt><dd>{info.subject.clone()}</dd>
                                    <dt>"Utsteder"</dt><dd>{info.issuer.clone()}</dd>
                                    <dt>"Serienummer"</dt><dd><code>{info.serial.clone()}</code></dd>
                                    <dt>"Gyldig fra"</dt><dd>{date(info.not_before)}</dd>
                                    <dt>"Gyldig til"</dt><dd>{date(info.not_after)}</dd>
                                    <dt>"Organisasjonsnummer"</dt><dd>{info.org_number.clone().unwrap_or_else(|| "Ikke funnet".into())}</dd>
                                </dl>
                                {problem.map(|m| view! { <p class="field-error">"Kan ikke brukes: " {m}</p> })}
                            </div>
                        }.into_any()
                    }
                })}
                <ErrorBox message=error/>
                <button type="button" class="button-primary" disabled=move || set.pending().get() on:click=on_register.clone() aria-describedby="certificate-input-hint">"legg til"</button>
            })}
        </div>
    }
}
