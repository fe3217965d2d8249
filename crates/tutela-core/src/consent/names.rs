//! Names and small values of the ledger: subject and purpose ids, language tags, digests, labels and notice texts, each parsed so an invalid one cannot be built.

use super::*;

/// Declares a string newtype parsed by `$parse`, serialised as its text.
macro_rules! text_newtype {
    ($(#[$doc:meta])* $name:ident, $parse:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses the text, naming what is wrong with it.
            pub fn parse(text: &str) -> Result<Self, InvalidConsent> {
                let check: fn(&str) -> Result<(), InvalidConsent> = $parse;
                check(text).map(|()| $name(text.to_owned()))
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidConsent;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                $name::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_newtype! {
    /// A purpose id as the data map writes it (`newsletter`).
    PurposeId,
    |text| {
        let mut chars = text.chars();
        let ok = text.len() <= MAX_PURPOSE_ID_BYTES
            && chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if ok { Ok(()) } else { Err(InvalidConsent::PurposeId(text.to_owned())) }
    }
}

text_newtype! {
    /// A BCP 47 language tag (`ru`, `en-GB`, `zh-CN`): letters, digits and `-`, starting with a letter.
    LanguageTag,
    |text| {
        let ok = (2..=MAX_LANGUAGE_TAG_BYTES).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_alphabetic())
            && text.split('-').all(|part| (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric()));
        if ok { Ok(()) } else { Err(InvalidConsent::Language(text.to_owned())) }
    }
}

text_newtype! {
    /// A SHA-256 digest as 64 lowercase hex digits (a notice, a scan, a signal string).
    Sha256Hex,
    |text| {
        let ok = text.len() == 64 && text.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
        if ok { Ok(()) } else { Err(InvalidConsent::Sha256(text.to_owned())) }
    }
}

impl Sha256Hex {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Sha256Hex(hex::encode(Sha256::digest(bytes)))
    }
}

/// A printable text: a form's name, a button's label, a note, a distribution condition. Parsed with
/// [`Label::parse`] it is 1 to [`MAX_LABEL_BYTES`] bytes; read from JSON, 1 to
/// [`MAX_CONDITIONS_BYTES`] (the longest any field takes; a field with a lower limit checks it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Label(String);

impl Label {
    /// Parses a label for `field`, trimming surrounding white space.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, InvalidConsent> {
        Self::parse_max(field, text, MAX_LABEL_BYTES)
    }

    fn parse_max(field: &'static str, text: &str, max: usize) -> Result<Self, InvalidConsent> {
        let text = text.trim();
        if text.is_empty() || text.len() > max || text.chars().any(|c| c.is_control() && c != '\n') {
            return Err(InvalidConsent::Label { field, max });
        }
        Ok(Label(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Label {
    type Error = InvalidConsent;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Label::parse_max("text", &text, MAX_CONDITIONS_BYTES)
    }
}

impl From<Label> for String {
    fn from(label: Label) -> String {
        label.0
    }
}

/// A notice as the subject saw it: its text is stored once per operator under its SHA-256, and every
/// record names the digest, so the exact words behind any consent can be shown again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    text: String,
    sha256: Sha256Hex,
}

impl Notice {
    /// Takes a notice text of 1 to [`MAX_NOTICE_BYTES`] bytes, exactly as shown (not trimmed: the
    /// digest is of what the subject saw).
    pub fn new(text: &str) -> Result<Self, InvalidConsent> {
        if text.is_empty() || text.len() > MAX_NOTICE_BYTES {
            return Err(InvalidConsent::NoticeSize(text.len()));
        }
        Ok(Notice { text: text.to_owned(), sha256: Sha256Hex::of(text.as_bytes()) })
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Its digest, which records name.
    pub fn sha256(&self) -> &Sha256Hex {
        &self.sha256
    }
}
