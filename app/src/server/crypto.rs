//! Password hashes (Argon2id) and random tokens. Tokens are stored only as SHA-256 hashes,
//! so a leaked database gives no usable session or confirmation link.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use data_encoding::BASE64URL_NOPAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Argon2id with the crate's defaults (19 MiB, 2 passes), run off the async executor.
pub async fn hash_password(password: &str) -> Result<String, crate::error::AppError> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|_| crate::error::AppError::Internal)?
    .map_err(|_| crate::error::AppError::Internal)
}

/// Verifies against a stored hash. With `None` (no such user) a dummy hash is checked, so
/// the answer takes as long as for a real account and does not reveal which part was wrong.
pub async fn verify_password(password: &str, stored: Option<String>) -> bool {
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2E1H0gVGDYxpBjTWVv8Njw3vm0WGf2DgBG6oKdNbYM4";
    let password = password.to_string();
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| DUMMY.to_string());
    tokio::task::spawn_blocking(move || {
        let ok = PasswordHash::new(&stored).map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false);
        ok && known
    })
    .await
    .unwrap_or(false)
}

/// 32 random bytes, base64url: for session cookies and e-mail links.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    BASE64URL_NOPAD.encode(&bytes)
}

/// What is stored for a token.
pub fn token_hash(token: &str) -> String {
    BASE64URL_NOPAD.encode(&Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify() {
        let h = hash_password("riktig hest batteri").await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("riktig hest batteri", Some(h.clone())).await);
        assert!(!verify_password("feil", Some(h)).await);
        assert!(!verify_password("hva som helst", None).await);
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = random_token();
        assert_ne!(a, random_token());
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
    }
}
