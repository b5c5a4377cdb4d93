//! "Egne public nøkler" and "Virksomhetssertifikat" on an integration. What is pasted is
//! parsed right here, in the browser, by `domain::keys` (Rust compiled to WASM; the server
//! runs the same code): a PEM becomes a JWK that is shown before it is saved, and a private
//! key is refused and never leaves the page.

use super::client::{PageState, Panel, RemovedKey};
use super::client_certificate::CertificatePanel;
use super::key_parser;
use crate::api::client_keys::{AddClientKeys, RemoveClientKey};
use crate::components::focus::focus_into_when_mounted;
use crate::components::{copy::CopyButton, dialog::ConfirmDialog, on_result, ErrorBox};
use crate::domain::keys::{contains_private_key, PRIVATE_KEY_WARNING};
use crate::domain::views::ClientDetail;
use crate::domain::{expiry_warning, time::format_utc, MAX_KEYS};
use leptos::prelude::*;

/// A time as the key panels show it.
pub(super) fn date(t: i64) -> String {
    format!("{} UTC", format_utc(t))
}

/// "Nøkler": the two toggles, and the panel that is open.
#[component]
pub fn KeyMaterial(detail: ClientDetail, state: PageState) -> impl IntoView {
    let panel = state.panel;
    view! {
        <section class="key-material" aria-labelledby="keys-heading">
            <h2 id="keys-heading">"Nøkler"</h2>
            <p>"Integrasjonen viser hvem den er når den henter tokens: med en nøkkel den signerer med (egne public nøkler), "
               "eller med virksomhetens sertifikat."</p>
            <div class="toggles">
                <button type="button" class="button-secondary" aria-expanded=move || (panel.get() == Panel::Keys).to_string()
                    aria-controls="keys-panel" on:click=state.toggle(Panel::Keys)>"Egne public nøkler"</button>
                " "
                <button type="button" class="button-secondary" aria-expanded=move || (panel.get() == Panel::Certificate).to_string()
                    aria-controls="certificate-panel" on:click=state.toggle(Panel::Certificate)>"Virksomhetssertifikat"</button>
            </div>
            {move || match panel.get() {
                Panel::Keys => view! { <KeysPanel detail=detail.clone() state=state/> }.into_any(),
                Panel::Certificate => view! { <CertificatePanel detail=detail.clone() state=state/> }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

/// "Egne public nøkler": the rules, the saved keys, and the form to add more.
#[component]
pub fn KeysPanel(detail: ClientDetail, state: PageState) -> impl IntoView {
    // "Fjern" in the list and "legg til" both report here, above the button.
    let error = RwSignal::new(None::<String>);
    let can_manage = detail.manage_denied.is_none();
    let panel_ref = NodeRef::<leptos::html::Div>::new();
    focus_into_when_mounted(panel_ref);
    view! {
        <div id="keys-panel" class="panel" node_ref=panel_ref>
            <p>"Nøkler integrasjonen signerer med når den henter tokens. Bare RSA-nøkler på minst 2048 bits, alg RS256, RS384 eller RS512, use «sig». "
               "Høyst " {MAX_KEYS} " nøkler; hver gjelder i ett år fra den legges til, og legger du til samme nøkkel igjen, fornyes den."</p>
            <KeysTable detail=detail.clone() state=state error=error/>
            {can_manage.then(|| view! { <AddKeys detail=detail state=state error=error/> })}
        </div>
    }
}

/// The saved keys, with expiry warnings and "Fjern" (asked first) for those who may manage them.
#[component]
fn KeysTable(detail: ClientDetail, state: PageState, error: RwSignal<Option<String>>) -> impl IntoView {
    let remove = ServerAction::<RemoveClientKey>::new();
    // The key "Fjern" asks about.
    let asking = RwSignal::new(None::<RemovedKey>);
    on_result(
        remove,
        move |()| {
            let key = asking.get_untracked();
            state.removed_key.set(key.clone());
            state.changed(format!("Nøkkelen er fjernet ({}).", key.as_ref().map(|k| k.kid.as_str()).unwrap_or_default()));
            asking.set(None);
        },
        move |e| {
            asking.set(None);
            error.set(Some(e.to_string()));
        },
    );
    if detail.keys.is_empty() {
        return view! { <p class="empty">"Integrasjonen har ingen egne nøkler ennå. Lim inn en offentlig nøkkel under for å komme i gang."</p> }.into_any();
    }
    let can_manage = detail.manage_denied.is_none();
    let last = detail.keys.len() == 1;
    let now = detail.now;
    let rows = detail
        .keys
        .iter()
        .map(|k| {
            let key = RemovedKey { kid: k.kid.clone(), jwk: k.jwk.clone() };
            view! {
                <tr>
                    <td><code class="kid">{k.kid.clone()}</code></td>
                    <td>{date(k.created_at)}</td>
                    <td>{date(k.expires_at)}
                        {expiry_warning(k.expires_at, now).map(|w| view! {
                            <br/><span class="warning">{w} " – lim inn nøkkelen på nytt for å fornye den"</span>
                        })}</td>
                    <td>
                        <details class="jwk">
                            <summary>"Vis JWK"</summary>
                            <pre class="jwk">{k.jwk.clone()}</pre>
                        </details>
                        <CopyButton value=k.jwk.clone() what=format!("JWK {}", k.kid)/>
                    </td>
                    <td>{can_manage.then(|| {
                        let kid = key.kid.clone();
                        view! {
                            <button type="button" class="button-link" aria-label=format!("Fjern nøkkel {kid}")
                                on:click=move |_| { error.set(None); asking.set(Some(key.clone())); }>"Fjern"</button>
                        }
                    })}</td>
                </tr>
            }
        })
        .collect_view();
    let id = detail.id.clone();
    view! {
        <div class="table-scroll">
            <table class="table">
                <caption>"Registrerte nøkler (" {detail.keys.len()} " av " {MAX_KEYS} ")"</caption>
                <thead><tr><th scope="col">"kid"</th><th scope="col">"Lagt til"</th><th scope="col">"Utløper"</th><th scope="col">"JWK"</th><th scope="col"><span class="visually-hidden">"Handling"</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {move || asking.get().map(|key| {
            let id = id.clone();
            let kid = key.kid.clone();
            view! {
                <ConfirmDialog title="Fjerne nøkkelen?" confirm="Fjern nøkkel"
                    on_confirm=Callback::new(move |_| { remove.dispatch(RemoveClientKey { id: id.clone(), kid: kid.clone() }); })
                    on_cancel=Callback::new(move |_| asking.set(None))>
                    "Nøkkelen " <code>{key.kid.clone()}</code> " fjernes med én gang: et system som signerer med den, får ingen nye tokens. "
                    {if last {
                        "Det er integrasjonens eneste nøkkel, så integrasjonen kan ikke hente tokens med egne nøkler før du legger til en ny. "
                    } else {
                        ""
                    }}
                    "Du kan angre rett etterpå."
                </ConfirmDialog>
            }
        })}
    }
    .into_any()
}

/// The paste field, the JWK that would be saved, and "legg til". The parser arrives on
/// demand (see [`key_parser`]): focusing the field starts fetching it, and what is pasted is
/// read as soon as it is there.
#[component]
fn AddKeys(detail: ClientDetail, state: PageState, error: RwSignal<Option<String>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let add = ServerAction::<AddClientKeys>::new();
    on_result(
        add,
        move |()| state.changed("Nøkkelen er lagt til. Den gjelder i ett år."),
        move |e| error.set(Some(e.for_field("keys").unwrap_or_else(|| e.to_string()))),
    );
    let private = Memo::new(move |_| contains_private_key(&text.get()));
    // The saved keys: pasting one of them again renews it, so it does not count.
    let saved: Vec<String> = detail.keys.iter().map(|k| k.jwk.clone()).collect();
    let check = move |t: String| {
        let saved = saved.clone();
        async move { key_parser::check_keys(t, saved).await.unwrap_or_else(|_| Err(key_parser::NOT_LOADED.into())) }
    };
    // What the text in the field reads as: the keys and how many are new, or why not.
    let parsed = key_parser::follow(text, private, check.clone());
    let saved_count = detail.keys.len();
    let id = detail.id.clone();
    let on_add = move |_| {
        error.set(None);
        if private.get_untracked() {
            return; // the warning is showing; nothing is sent
        }
        let t = text.get_untracked();
        if t.trim().is_empty() {
            error.set(Some("Lim inn en nøkkel først: en JWK, en liste med JWK-er i klammer [ ], et JWKS eller en PEM.".into()));
            return;
        }
        let (check, id) = (check.clone(), id.clone());
        // Read again here rather than trusting the preview: a click right after a paste may
        // come before the preview's own reading has finished.
        leptos::task::spawn_local(async move {
            match check(t).await {
                Err(m) => error.set(Some(m)),
                Ok((_, new)) if saved_count + new > MAX_KEYS => error.set(Some(format!(
                    "En integrasjon kan ha høyst {MAX_KEYS} nøkler. Den har {saved_count} fra før; fjern en nøkkel før du legger til en ny."
                ))),
                Ok((list, _)) => match serde_json::to_string(&list) {
                    Ok(keys) => {
                        add.dispatch(AddClientKeys { id, keys });
                    }
                    Err(_) => error.set(Some("Kunne ikke lage JWK.".into())),
                },
            }
        });
    };
    let preview = move || match parsed.get() {
        Some(Ok((list, _))) => Some(
            view! {
                <div class="preview">
                    <p>{if list.len() == 1 { "Slik blir nøkkelen lagret:".to_string() } else { format!("Slik blir de {} nøklene lagret:", list.len()) }}</p>
                    <pre class="jwk" aria-label="JWK som lagres">{serde_json::to_string_pretty(&list).unwrap_or_default()}</pre>
                </div>
            }
            .into_any(),
        ),
        // Once "legg til" has said the same thing in the alert below, it is said there only.
        Some(Err(m)) if error.get().as_deref() == Some(m.as_str()) => None,
        Some(Err(m)) => Some(view! { <p class="field-error" id="key-input-error">{m}</p> }.into_any()),
        None => None,
    };
    view! {
        <div class="field">
            <label for="key-input">"Nøkkel (JWK, JWK-liste, JWKS eller PEM)"</label>
            <p class="hint" id="key-input-hint">"Lim inn en JWK, flere i klammer [ ], et JWKS {\"keys\": [...]}, eller en offentlig nøkkel eller et sertifikat i PEM-format. "
                "PEM gjøres om til JWK her i nettleseren; du ser resultatet før du lagrer."</p>
            <textarea id="key-input" rows="8" class="mono" spellcheck="false"
                aria-describedby=move || {
                    let mut ids = vec!["key-input-hint"];
                    if matches!(parsed.get(), Some(Err(m)) if error.get().as_deref() != Some(m.as_str())) {
                        ids.push("key-input-error");
                    }
                    if error.get().is_some() {
                        ids.push("key-add-error");
                    }
                    ids.join(" ")
                }
                aria-invalid=move || (matches!(parsed.get(), Some(Err(_))) || private.get()).then_some("true")
                on:focus=|_| key_parser::preload() prop:value=move || text.get() on:input:target=move |ev| { error.set(None); text.set(ev.target().value()) }></textarea>
        </div>
        <Show when=move || private.get()>
            <div class="alert alert-error" role="alert">{PRIVATE_KEY_WARNING}</div>
        </Show>
        {preview}
        <div id="key-add-error">
            <ErrorBox message=error/>
        </div>
        <button type="button" class="button-primary" disabled=move || add.pending().get() on:click=on_add>"legg til"</button>
    }
}
