//! The subject: a natural person whose data an operator processes, as Tutela refers to them.
//!
//! Tutela keeps a subject's choices, requests, clocks and tickets under the operator's own reference
//! for them (a customer number, an account id), never under an identity such as an e-mail address:
//! identities stay in the operator's stores and out of Tutela's ledger and journal. Every capability
//! that concerns a subject takes a [`SubjectRef`], parsed once with one limit.

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

#[cfg(test)]
mod tests {
    use super::*;

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
