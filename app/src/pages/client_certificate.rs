//! "Virksomhetssertifikat" on an integration: the registered certificate, and a new one
//! pasted as PEM, parsed and checked in the browser before it is sent.

use super::client::PageState;
use super::client_keys::date;
use super::key_parser;
use crate::api::client_keys::{RemoveClientCertificate, SetClientCertificate};
use crate::components::focus::focus_into_when_mounted;
use crate::components::{on_result, ErrorBox};
use crate::domain::keys::{contains_private_key, PRIVATE_KEY_WARNING};
use crate::domain::views::ClientDetail;
use leptos::prelude::*;

/// The rules, the registered certificate, and the form to register one.
#[component]
pub fn CertificatePanel(detail: ClientDetail, state: PageState) -> impl IntoView {
    // "Fjern sertifikat" and "legg til" both report here, above the button.
    let error = RwSignal::new(None::<String>);
    let can_manage = detail.manage_denied.is_none();
    let panel_ref = NodeRef::<leptos::html::Div>::new();
    focus_into_when_mounted(panel_ref);
    view! {
        <div id="certificate-panel" class="panel" node_ref=panel_ref>
            <p>"Integrasjonen kan signere med virksomhetssertifikatet sitt (signeringssertifikatet) i stedet for egne nøkler. "
               "Sertifikatet må være gyldig nå, ha nøkkelbruken digitalSignature og være utstedt til " {detail.org.name.clone()} " (" {detail.org.org_number.clone()} ")."</p>
            <RegisteredCertificate detail=detail.clone() state=state error=error/>
            {can_manage.then(|| view! { <AddCertificate detail=detail state=state error=error/> })}
        </div>
    }
}

/// "Registrert sertifikat", with "Fjern sertifikat" for those who may manage it.
#[component]
fn RegisteredCertificate(detail: ClientDetail, state: PageState, error: RwSignal<Option<String>>) -> impl IntoView {
    let remove = ServerAction::<RemoveClientCertificate>::new();
    on_result(remove, move |()| state.changed("Virksomhetssertifikatet er fjernet."), move |e| error.set(Some(e.to_string())));
    let can_manage = detail.manage_denied.is_none();
    let Some(c) = detail.certificate else {
        return view! { <p class="empty">"Ingen virksomhetssertifikat er registrert."</p> }.into_any();
    };
    let id = detail.id;
    view! {
        <h3>"Registrert sertifikat"</h3>
        <dl class="facts">
            <dt>"Subject"</dt><dd>{c.subject.clone()}</dd>
            <dt>"Utsteder"</dt><dd>{c.issuer.clone()}</dd>
            <dt>"Serienummer"</dt><dd><code>{c.serial.clone()}</code></dd>
            <dt>"Gyldig fra"</dt><dd>{date(c.not_before)}</dd>
            <dt>"Gyldig til"</dt><dd>{date(c.not_after)}
                {crate::domain::expiry_warning(c.not_after, detail.now).map(|w| view! {
                    <br/><span class="warning">{w} " – last opp et nytt virksomhetssertifikat for å fornye det"</span>
                })}</dd>
            <dt>"Organisasjonsnummer"</dt><dd>{c.org_number.clone()}</dd>
        </dl>
        {can_manage.then(|| view! {
            <button type="button" class="button-secondary" on:click=move |_| { remove.dispatch(RemoveClientCertificate { id: id.clone() }); }>"Fjern sertifikat"</button>
        })}
    }
    .into_any()
}

/// The paste field, what the pasted certificate says (and why it cannot be used), and "legg til".
#[component]
fn AddCertificate(detail: ClientDetail, state: PageState, error: RwSignal<Option<String>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let set = ServerAction::<SetClientCertificate>::new();
    on_result(
        set,
        move |()| state.changed("Virksomhetssertifikatet er registrert."),
        move |e| error.set(Some(e.for_field("certificate").unwrap_or_else(|| e.to_string()))),
    );
    let private = Memo::new(move |_| contains_private_key(&text.get()));
    let check = |t: String| async move { key_parser::check_certificate(t).await.unwrap_or_else(|_| Err(key_parser::NOT_LOADED.into())) };
    // What the text in the field reads as; the parser arrives on demand (`key_parser`).
    let parsed = key_parser::follow(text, private, check);
    let (now, org_number) = (detail.now, detail.org.org_number.clone());
    let id = detail.id.clone();
    let owner = org_number.clone();
    let on_register = move |_| {
        error.set(None);
        if private.get_untracked() {
            return;
        }
        let t = text.get_untracked();
        if t.trim().is_empty() {
            error.set(Some("Lim inn sertifikatet i PEM-format først (-----BEGIN CERTIFICATE-----).".into()));
            return;
        }
        let (id, owner) = (id.clone(), owner.clone());
        // Read again rather than trusting the preview, which may not have finished yet.
        leptos::task::spawn_local(async move {
            match check(t).await.and_then(|info| info.check(now, &owner).map(|_| info)) {
                Err(m) => error.set(Some(m)),
                Ok(info) => {
                    set.dispatch(SetClientCertificate { id, pem: info.pem });
                }
            }
        });
    };
    let preview = move || {
        parsed.get().map(|r| match r {
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
                }
                .into_any()
            }
        })
    };
    view! {
        <div class="field">
            <label for="certificate-input">"Sertifikat i PEM-format"</label>
            <p class="hint" id="certificate-input-hint">"Lim inn sertifikatet, fra -----BEGIN CERTIFICATE----- til -----END CERTIFICATE-----. "
                {if detail.certificate.is_some() { "Det erstatter det registrerte." } else { "" }}</p>
            <textarea id="certificate-input" rows="8" class="mono" aria-describedby="certificate-input-hint" spellcheck="false"
                on:focus=|_| key_parser::preload() prop:value=move || text.get() on:input:target=move |ev| { error.set(None); text.set(ev.target().value()) }></textarea>
        </div>
        <Show when=move || private.get()>
            <div class="alert alert-error" role="alert">{PRIVATE_KEY_WARNING}</div>
        </Show>
        {preview}
        <ErrorBox message=error/>
        <button type="button" class="button-primary" disabled=move || set.pending().get() on:click=on_register aria-describedby="certificate-input-hint">"legg til"</button>
    }
}
