//! The subject: a natural person whose data an operator processes, as Tutela refers to them.
//!
//! Tutela keeps a subject's choices, requests, clocks and tickets under the operator's own reference
//! for them (a customer number, an account id), never under an identity such as an e-mail address:
//! identities stay in the operator's stores and out of Tutela's ledger and journal. Every capability
//! that concerns a subject takes a [`SubjectRef`], parsed once with one limit.
//!
//! The one exception is the portal's sign-in: a subject proves they hold an e-mail address the
//! operator knows them by. Tutela keeps that address only as a [`SubjectEmail::lookup_digest`],
//! bound to the operator, so it can find the subject's reference by it without storing the address.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest subject reference, in bytes.
pub const MAX_SUBJECT_REF_BYTES: usize = 200;

/// Why a subject reference was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSubject {
    /// Empty, too long, padded, holding control characters or an `@`.
    #[error(
        "invalid subject reference {0:?}: expected 1 to {MAX_SUBJECT_REF_BYTES} bytes of printable text without \
         surrounding spaces, the operator's own id for the subject (not an e-mail address: identities stay out \
         of the ledger and the journal)"
    )]
    Ref(String),
}

/// The operator's own reference for a subject (`cust-1042`), or for what a clock concerns (a request,
/// a ticket). Never an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SubjectRef(String);

impl SubjectRef {
    /// Parses a reference, naming what is wrong with a bad one.
    pub fn parse(text: &str) -> Result<Self, InvalidSubject> {
        let ok = !text.is_empty()
            && text.len() <= MAX_SUBJECT_REF_BYTES
            && !text.chars().any(char::is_control)
            && text.trim() == text
            && !text.contains('@');
        if ok { Ok(SubjectRef(text.to_owned())) } else { Err(InvalidSubject::Ref(text.to_owned())) }
    }

    /// The reference as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SubjectRef {
    type Error = InvalidSubject;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        SubjectRef::parse(&text)
    }
}

impl From<SubjectRef> for String {
    fn from(value: SubjectRef) -> String {
        value.0
    }
}

impl fmt::Display for SubjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Longest e-mail address, in bytes (RFC 5321's path limit).
pub const MAX_SUBJECT_EMAIL_BYTES: usize = 254;

/// Why an e-mail address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid e-mail address {0:?}: expected local@domain with a dotted domain, no spaces, at most \
     {MAX_SUBJECT_EMAIL_BYTES} bytes"
)]
pub struct InvalidSubjectEmail(String);

/// A subject's e-mail address as they type it to sign in, trimmed and lower-cased so that
/// `Anna@Example.RU` and `anna@example.ru` find the same subject.
#[derive(Clone, PartialEq, Eq)]
pub struct SubjectEmail(String);

impl SubjectEmail {
    /// Parses `local@domain` with a dotted domain, no spaces, at most [`MAX_SUBJECT_EMAIL_BYTES`].
    pub fn parse(text: &str) -> Result<Self, InvalidSubjectEmail> {
        let text = text.trim();
        let bad = || InvalidSubjectEmail(text.chars().take(MAX_SUBJECT_EMAIL_BYTES).collect());
        let (local, domain) = text.rsplit_once('@').ok_or_else(bad)?;
        let domain_ok = domain.split('.').count() > 1 && domain.split('.').all(|label| !label.is_empty());
        let chars_ok = !text.chars().any(|c| c.is_whitespace() || c.is_control()) && !local.contains('@');
        if local.is_empty() || !domain_ok || !chars_ok || text.len() > MAX_SUBJECT_EMAIL_BYTES {
            return Err(bad());
        }
        Ok(SubjectEmail(text.to_lowercase()))
    }

    /// The address, to send a code to. Never stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What Tutela stores instead of the address: SHA-256 of the operator's id and the address, so
    /// the same address has unrelated digests at two operators. A digest of a guessable value is a
    /// pseudonym, not anonymous: it is kept with the same care as the ledger.
    pub fn lookup_digest(&self, operator_id: &str) -> crate::consent::Sha256Hex {
        crate::consent::Sha256Hex::of(format!("subject-email:{operator_id}:{}", self.0).as_bytes())
    }
}

/// Shows only the domain, so an address never reaches a log through `{:?}`.
impl fmt::Debug for SubjectEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let domain = self.0.rsplit_once('@').map_or("", |(_, domain)| domain);
        write!(f, "SubjectEmail(…@{domain})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_addresses_are_normalised_and_digested_per_operator() {
        let one = SubjectEmail::parse("  Anna.Volkova@Example.RU ").unwrap();
        assert_eq!(one.as_str(), "anna.volkova@example.ru");
        let two = SubjectEmail::parse("anna.volkova@example.ru").unwrap();
        assert_eq!(one.lookup_digest("op-1"), two.lookup_digest("op-1"));
        assert_ne!(one.lookup_digest("op-1"), one.lookup_digest("op-2"));
        assert_eq!(format!("{one:?}"), "SubjectEmail(…@example.ru)");
        for bad in ["", "anna", "@example.ru", "anna@", "anna@localhost", "an na@example.ru", "a@b..ru", "a@.ru"] {
            assert!(SubjectEmail::parse(bad).is_err(), "{bad:?}");
        }
        let long = format!("{}@example.ru", "a".repeat(MAX_SUBJECT_EMAIL_BYTES));
        assert!(SubjectEmail::parse(&long).unwrap_err().to_string().contains("at most 254 bytes"));
    }

    #[test]
    fn references_are_opaque_ids_not_identities() {
        assert!(SubjectRef::parse("cust-1042").is_ok());
        assert!(SubjectRef::parse(&"x".repeat(MAX_SUBJECT_REF_BYTES)).is_ok());
        for bad in ["", " padded", "padded ", "anna@example.com", "tab\there"] {
            assert_eq!(SubjectRef::parse(bad), Err(InvalidSubject::Ref(bad.to_owned())), "{bad:?}");
        }
        let too_long = "x".repeat(MAX_SUBJECT_REF_BYTES + 1);
        assert!(SubjectRef::parse(&too_long).is_err());
    }

    #[test]
    fn the_message_names_the_value_and_the_rule() {
        let message = SubjectRef::parse("a@b").unwrap_err().to_string();
        assert!(message.contains("\"a@b\"") && message.contains("not an e-mail address"), "{message}");
    }
}
