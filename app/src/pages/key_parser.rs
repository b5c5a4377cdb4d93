//! The key and certificate parsers (`domain::keys`: DER, X.509, RSA checks, thumbprints),
//! reached from the browser only through these two functions. They are one WASM chunk of
//! their own, fetched when someone first focuses a key or certificate field (and at the
//! latest when something is pasted), so nobody else downloads them. On the server they are
//! plain calls.
//!
//! Like the pages in [`super::lazy`], a chunk that cannot be fetched gives an error
//! ([`NOT_LOADED`]) rather than stopping the app, and the next call tries again.

use crate::domain::keys::{parse_certificate, parse_key_input, thumbprint, CertificateInfo, Jwk};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;

/// Shown when the parser's chunk cannot be fetched.
pub const NOT_LOADED: &str = "Nøkkelkontrollen kunne ikke lastes. Sjekk nettforbindelsen og prøv igjen.";

/// Pasted keys, read as `domain::keys::parse_key_input` reads them, with how many of them
/// are new: not among `saved` (the integration's keys as JWK JSON), since pasting a saved
/// key again renews it.
#[leptos::wasm_split::wasm_split(key_parser, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_key_parser))]
pub fn check_keys(text: String, saved: Vec<String>) -> Result<Result<(Vec<Jwk>, usize), String>, SplitLoaderError> {
    let saved: Vec<String> = saved.iter().filter_map(|k| serde_json::from_str::<Jwk>(k).ok()).map(|j| thumbprint(&j.n, &j.e)).collect();
    Ok(parse_key_input(&text).map(|list| {
        let new = list.iter().filter(|j| !saved.contains(&thumbprint(&j.n, &j.e))).count();
        (list, new)
    }))
}

/// A pasted certificate, read as `domain::keys::parse_certificate` reads it.
#[leptos::wasm_split::wasm_split(key_parser, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn check_certificate(text: String) -> Result<Result<CertificateInfo, String>, SplitLoaderError> {
    Ok(parse_certificate(&text))
}

/// Starts fetching the parser (the focus handler of the key and certificate fields), so it
/// is there by the time something is pasted.
pub fn preload() {
    leptos::task::spawn_local(async {
        let _ = preload_key_parser().await;
    });
}

/// What the text in a paste field reads as, kept up to date as it changes: `None` while the
/// field is empty or holds a private key (whose warning shows instead), else what `check`
/// says. A reading that finishes after the text has changed again is dropped. (Effects run
/// only in the browser, which is the only place anyone types.)
pub fn follow<T, F, Fut>(text: RwSignal<String>, private: Memo<bool>, check: F) -> RwSignal<Option<T>>
where
    T: Send + Sync + 'static,
    F: Fn(String) -> Fut + 'static,
    Fut: Future<Output = T> + 'static,
{
    let parsed = RwSignal::new(None);
    Effect::new(move |_| {
        let t = text.get();
        if t.trim().is_empty() || private.get() {
            parsed.set(None);
            return;
        }
        let reading = check(t.clone());
        leptos::task::spawn_local(async move {
            let result = reading.await;
            if text.get_untracked() == t {
                parsed.set(Some(result));
            }
        });
    });
    parsed
}
