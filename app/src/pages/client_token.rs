//! "Hent token" on the integration page: where the integration gets its tokens (the
//! environment's token endpoint and the audience its assertion must name, with copy
//! buttons), a ready example that signs an assertion with the registered key, and
//! "Test token", which sends a pasted, already signed assertion through the real endpoint
//! and shows the token or the exact reason it was refused. A private key is never pasted
//! here: the field refuses one before anything is sent.

use super::client::{PageState, Panel};
use crate::api::tokens::TestToken;
use crate::components::focus::focus_into_when_mounted;
use crate::components::{copy::CopyButton, on_result, ErrorBox};
use crate::domain::keys::{contains_private_key, PRIVATE_KEY_WARNING};
use crate::domain::views::{ClientDetail, TokenTest};
use leptos::prelude::*;

/// The "Hent token" toggle and, when open, its panel. Nothing for ID-porten integrations.
#[component]
pub fn TokenSection(detail: ClientDetail, state: PageState) -> impl IntoView {
    let Some(issuer) = detail.issuer.clone() else { return ().into_any() };
    let panel = state.panel;
    view! {
        <section class="token-section">
            <button type="button" class="button-secondary" aria-expanded=move || (panel.get() == Panel::Token).to_string()
                aria-controls="token-panel" on:click=state.toggle(Panel::Token)>"Hent token"</button>
            {move || (panel.get() == Panel::Token).then(|| view! { <TokenPanel detail=detail.clone() issuer=issuer.clone()/> })}
        </section>
    }
    .into_any()
}

#[component]
fn TokenPanel(detail: ClientDetail, issuer: String) -> impl IntoView {
    let endpoint = format!("{issuer}token");
    let metadata = format!("{issuer}.well-known/oauth-authorization-server");
    let script = example_script(&detail, &issuer);
    let panel_ref = NodeRef::<leptos::html::Div>::new();
    focus_into_when_mounted(panel_ref);
    view! {
        <div id="token-panel" class="panel" node_ref=panel_ref>
            <p>"Integrasjonen henter tokens slik Maskinporten gjør det: den signerer en kortlevd JWT (en assertion) med "
               "en nøkkel registrert under «Egne public nøkler» (kid) eller med virksomhetssertifikatet (x5c), og sender den til token-endepunktet. "
               "Et Maskinporten-bibliotek virker mot dette endepunktet når du bytter ut adressene."</p>
            <dl class="facts">
                <dt>"Token-endepunkt"</dt>
                <dd><code>{endpoint.clone()}</code> " " <CopyButton value=endpoint.clone() what="token-endepunkt"/></dd>
                <dt>"Audience (aud)"</dt>
                <dd><code>{issuer.clone()}</code> " " <CopyButton value=issuer.clone() what="audience"/></dd>
                <dt>"Metadata"</dt>
                <dd><a href=metadata.clone()>{metadata.clone()}</a></dd>
            </dl>
            <h3>"Eksempel"</h3>
            <p>"Med den private nøkkelen i filen privat.pem (den forlater aldri maskinen din), openssl og curl:"</p>
            <pre class="mono example" aria-label="Eksempel: hent et token med curl">{script.clone()}</pre>
            <CopyButton value=script what="eksempelet"/>
            <TestTokenForm id=detail.id.clone()/>
        </div>
    }
}

/// A shell script that signs an assertion for this integration and asks for a token.
fn example_script(detail: &ClientDetail, issuer: &str) -> String {
    let kid = detail.keys.first().map(|k| k.kid.clone()).unwrap_or_else(|| "DIN_KID".into());
    let scopes = detail.scopes.iter().filter(|s| s.usable).map(|s| s.name.clone()).collect::<Vec<_>>().join(" ");
    let scopes = if scopes.is_empty() { "DITT:SCOPE".to_string() } else { scopes };
    format!(
        "b64() {{ openssl base64 -A | tr '+/' '-_' | tr -d '='; }}\n\
         now=$(date +%s)\n\
         header=$(printf '{{\"alg\":\"RS256\",\"kid\":\"{kid}\"}}' | b64)\n\
         claims=$(printf '{{\"aud\":\"{issuer}\",\"iss\":\"{id}\",\"scope\":\"{scopes}\",\"iat\":%s,\"exp\":%s,\"jti\":\"%s\"}}' \\\n  \
           \"$now\" \"$((now + 60))\" \"$(cat /proc/sys/kernel/random/uuid)\" | b64)\n\
         signature=$(printf '%s.%s' \"$header\" \"$claims\" | openssl dgst -sha256 -sign privat.pem | b64)\n\
         curl -s {issuer}token \\\n  \
           -d grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer \\\n  \
           -d assertion=\"$header.$claims.$signature\"\n",
        id = detail.id,
    )
}

/// "Test token": paste a signed assertion, see the token's claims or the refusal.
#[component]
fn TestTokenForm(id: String) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let result = RwSignal::new(None::<TokenTest>);
    let test = ServerAction::<TestToken>::new();
    on_result(test, move |r| result.set(Some(r)), move |e| error.set(Some(e.for_field("assertion").unwrap_or_else(|| e.to_string()))));
    let private = Memo::new(move |_| contains_private_key(&text.get()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        result.set(None);
        if private.get_untracked() {
            return; // the warning is showing; nothing is sent
        }
        let assertion = text.get_untracked().trim().to_string();
        if assertion.is_empty() {
            error.set(Some("Lim inn en signert assertion (en JWT i tre deler skilt med punktum) først.".into()));
            return;
        }
        test.dispatch(TestToken { id: id.clone(), assertion });
    };
    view! {
        <h3>"Test token"</h3>
        <form on:submit=on_submit novalidate>
            <div class="field">
                <label for="assertion-input">"Signert assertion (JWT)"</label>
                <p class="hint" id="assertion-input-hint">"Lim inn en assertion du har signert, for eksempel med eksempelet over (uten curl-linjen). "
                    "Den sendes til token-endepunktet som en ekte forespørsel, så jti-en er brukt etterpå. Lim aldri inn en privat nøkkel."</p>
                <textarea id="assertion-input" rows="4" class="mono" aria-describedby="assertion-input-hint" spellcheck="false"
                    prop:value=move || text.get() on:input:target=move |ev| { error.set(None); result.set(None); text.set(ev.target().value()) }></textarea>
            </div>
            <Show when=move || private.get()>
                <div class="alert alert-error" role="alert">{PRIVATE_KEY_WARNING}</div>
            </Show>
            <ErrorBox message=error/>
            <button type="submit" class="button-primary" disabled=move || test.pending().get()>"Test token"</button>
        </form>
        {move || result.get().map(|r| match r {
            TokenTest::Issued { claims, expires_in } => view! {
                <div class="alert alert-success" role="status">
                    <p>{format!("Token utstedt. Det gjelder i {expires_in} sekunder. Innholdet:")}</p>
                    <pre class="mono" aria-label="Tokenets innhold">{claims}</pre>
                </div>
            }.into_any(),
            TokenTest::Refused { error, description } => view! {
                <div class="alert alert-error" role="alert">
                    <p>"Avvist: " <code>{error}</code></p>
                    <p>{description}</p>
                </div>
            }.into_any(),
        })}
    }
}
