//! Secrets at rest: argon2 password hashes, and API tokens and one-time codes stored only as SHA-256
//! digests.
//!
//! Passwords are low-entropy, so they get a slow, salted hash (argon2id). Tokens are 256 random bits,
//! so a fast digest is enough and lets a token be looked up by its hash in one indexed query.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use tutela_core::staff::Password;

use crate::DbError;

/// Every API token starts with this, so leaked tokens are easy to recognise and scan for.
pub const TOKEN_PREFIX: &str = "tut_";

/// Hashes a password with argon2id and a random salt, in PHC string format.
pub fn hash_password(password: &Password) -> Result<String, DbError> {
    let mut salt_bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| DbError::PasswordHash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| DbError::PasswordHash(e.to_string()))
}

/// Whether `candidate` matches a stored PHC hash. A malformed stored hash never matches.
pub fn verify_password(candidate: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|parsed| Argon2::default().verify_password(candidate.as_bytes(), &parsed).is_ok())
}

/// A new random token: `tut_` and 43 URL-safe characters (256 bits).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// A new one-time code of [`CODE_DIGITS`] decimal digits, e.g. `042917`.
pub fn new_code() -> String {
    let code = rand::rng().random_range(0..10u32.pow(CODE_DIGITS));
    format!("{code:0width$}", width = CODE_DIGITS as usize)
}

/// The digits of a one-time code.
pub const CODE_DIGITS: u32 = 6;

/// The digest a one-time code is kept as: bound to what it verifies, so one digest says nothing
/// about another request's code.
pub fn code_digest(scope: &str, code: &str) -> String {
    hex::encode(Sha256::digest(format!("{scope}:{code}").as_bytes()))
}

/// The digest a token is stored and looked up by.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A random secret for signing webhook bodies, as hex.
pub fn new_signing_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify() {
        let password = Password::parse("correct horse").unwrap();
        let hash = hash_password(&password).unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse!", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_digested() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert!(a.starts_with(TOKEN_PREFIX) && a.len() == 47);
        assert_eq!(token_digest(&a).len(), 64);
        assert_ne!(token_digest(&a), token_digest(&b));
    }
}
