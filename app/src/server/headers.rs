//! Security headers on every response. The CSP lets the hydrated app run (its inline
//! bootstrap script, the WASM, the live event stream: all from this site) and nothing else:
//! no remote script, style, image or frame, no embedding in another site's frame.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

const CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
    frame-ancestors 'none'";

/// Middleware: the headers below; HSTS when the portal is served over https (`hsts`),
/// never on plain http where it would mean nothing. The built files under `/pkg/` (scripts, WASM, CSS) get only `nosniff` (and HSTS): the
/// policy headers govern documents, and a deep link fetches a dozen of these files, so
/// half a kilobyte of headers on each would add up.
pub async fn security_headers(hsts: bool, req: Request, next: Next) -> Response {
    let built_file = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if !built_file {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
        h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    if hsts {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    res
}

/// One year: the longest a browser is asked to keep a file (RFC 9111 suggests no more).
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Middleware: how long a browser may keep what it gets. A file under `/pkg/` whose name
/// carries its content hash (the build's `hash-files`) never changes at that address, so it
/// is kept for a year without asking again: a second visit fetches no JS, WASM or CSS.
/// Pages are rendered for the person asking and may show their data: never stored.
/// Anything else (server function answers, unhashed assets) is revalidated each time.
pub async fn cache_control(req: Request, next: Next) -> Response {
    let hashed_asset = req.uri().path().strip_prefix("/pkg/").is_some_and(has_content_hash);
    let mut res = next.run(req).await;
    if res.headers().contains_key(header::CACHE_CONTROL) {
        return res;
    }
    let html = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    let value = if hashed_asset && res.status().is_success() {
        IMMUTABLE
    } else if html {
        "no-store"
    } else {
        "no-cache"
    };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

/// True for `name.HASH.ext` or `HASH.ext` (also `__wasm_split.HASH.js`), where HASH is the
/// 22-character base64url MD5 that the build puts in the names of the files it hashes.
fn has_content_hash(file: &str) -> bool {
    let is_hash = |part: &str| {
        part.len() == 22 && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') && part.bytes().any(|b| b.is_ascii_alphanumeric())
    };
    !file.contains('/') && file.split('.').any(is_hash)
}

#[cfg(test)]
mod tests {
    use super::has_content_hash;

    #[test]
    fn only_names_with_a_content_hash_count_as_hashed() {
        assert!(has_content_hash("selvbetjening.Xq3Lw0vY9dEjk_pS2-aB1w.wasm"));
        assert!(has_content_hash("Xq3Lw0vY9dEjk_pS2-aB1w.wasm"));
        assert!(has_content_hash("__wasm_split.Xq3Lw0vY9dEjk_pS2-aB1w.js"));
        assert!(!has_content_hash("selvbetjening.wasm"));
        assert!(!has_content_hash("selvbetjening.css"));
        // The unhashed split loader carries a placeholder of the same length, not a hash.
        assert!(!has_content_hash("__wasm_split.______________________.js"));
        assert!(!has_content_hash("snippets/Xq3Lw0vY9dEjk_pS2-aB1w.js"));
    }
}
