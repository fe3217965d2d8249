//! Operators: the organisations that process personal data and run Tutela for themselves.
//!
//! The operator is the tenant boundary: every row Tutela stores belongs to exactly one operator, and no
//! request made on behalf of one operator may read or change another's.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest operator display name, in characters.
pub const MAX_OPERATOR_NAME_CHARS: usize = 200;

/// Longest operator id, in bytes.
pub const MAX_OPERATOR_ID_BYTES: usize = 64;

/// The internal id of an operator (a UUIDv7 in text form), the key every row of Tutela's database is
/// scoped by. A type of its own so that it cannot be swapped with the id of a clock or a token.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OperatorId(String);

impl OperatorId {
    /// Parses an id: 1 to 64 of ASCII letters, digits and `-`.
    pub fn parse(text: &str) -> Result<Self, InvalidOperator> {
        let ok = (1..=MAX_OPERATOR_ID_BYTES).contains(&text.len())
            && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if ok { Ok(OperatorId(text.to_owned())) } else { Err(InvalidOperator::Id(text.to_owned())) }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OperatorId {
    type Error = InvalidOperator;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        OperatorId::parse(&text)
    }
}

impl From<OperatorId> for String {
    fn from(id: OperatorId) -> String {
        id.0
    }
}

impl fmt::Display for OperatorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The short, URL-safe name of an operator: 2 to 40 of `a-z`, `0-9` and `-`, starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OperatorSlug(String);

impl OperatorSlug {
    /// Parses a slug, naming what is wrong with a bad one.
    pub fn parse(text: &str) -> Result<Self, InvalidOperator> {
        let well_formed = (2..=40).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_lowercase())
            && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            return Err(InvalidOperator::Slug(text.to_owned()));
        }
        Ok(OperatorSlug(text.to_owned()))
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OperatorSlug {
    type Error = InvalidOperator;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        OperatorSlug::parse(&text)
    }
}

impl From<OperatorSlug> for String {
    fn from(slug: OperatorSlug) -> String {
        slug.0
    }
}

impl fmt::Display for OperatorSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An operator's display name: 1 to 200 characters, trimmed, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OperatorName(String);

impl OperatorName {
    /// Parses a display name.
    pub fn parse(text: &str) -> Result<Self, InvalidOperator> {
        let trimmed = text.trim();
        let chars = trimmed.chars().count();
        if chars == 0 || chars > MAX_OPERATOR_NAME_CHARS || trimmed.chars().any(char::is_control) {
            return Err(InvalidOperator::Name(text.to_owned()));
        }
        Ok(OperatorName(trimmed.to_owned()))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OperatorName {
    type Error = InvalidOperator;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        OperatorName::parse(&text)
    }
}

impl From<OperatorName> for String {
    fn from(name: OperatorName) -> String {
        name.0
    }
}

/// Why an operator's slug or name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidOperator {
    /// The id is empty, too long or holds other characters than letters, digits and `-`.
    #[error("invalid operator id {0:?}: expected 1 to 64 of ASCII letters, digits and '-'")]
    Id(String),
    /// The slug has the wrong length or characters.
    #[error("invalid operator slug {0:?}: expected 2 to 40 characters of a-z, 0-9 and '-', starting with a letter")]
    Slug(String),
    /// The name is empty, too long or holds control characters.
    #[error("invalid operator name {0:?}: expected 1 to 200 printable characters")]
    Name(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(OperatorSlug::parse("lexue").is_ok());
        assert!(OperatorSlug::parse("solar-eu-2").is_ok());
        for bad in ["", "a", "Lexue", "9lives", "has space", "ü-op", &"x".repeat(41)] {
            assert_eq!(OperatorSlug::parse(bad), Err(InvalidOperator::Slug(bad.to_owned())));
        }
    }

    #[test]
    fn names() {
        assert_eq!(OperatorName::parse("  乐学网  ").unwrap().as_str(), "乐学网");
        assert!(OperatorName::parse(" ").is_err());
        assert!(OperatorName::parse("a\nb").is_err());
    }
}
