//! A subject's identities as a request gives them (`email=someone@example.com`), and how each is
//! compared with a stored value ([`IdentityMatch`]).
//!
//! An identity names what it is by the data category of the fields it is compared with: `email`
//! (`contact.email`), `phone` (`contact.phone`) or any other category id (`account.identifier`,
//! `online.cookie_id`, `device.serial_number`). It is looked up only in fields the data map lists
//! under a table's `identifies_subject_by` that hold that category.

use std::fmt;

use tutela_datamap::{CategoryId, IdentityMatch};

use crate::FulfilError;

/// The longest identity value accepted, in bytes.
pub const MAX_IDENTITY_BYTES: usize = 512;
/// The most identities one request may give.
pub const MAX_IDENTITIES: usize = 16;

/// One identity of the subject, normalised for its kind.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Identity {
    /// The data category it is compared with (`contact.email` for `email=`).
    pub category: String,
    /// The value: e-mail addresses lower-cased, phone numbers in E.164 (`+79123456789`).
    pub value: String,
}

impl Identity {
    /// Parses `kind=value`: `email=`, `phone=` or a data category id (`account.identifier=42`).
    pub fn parse(text: &str) -> Result<Self, FulfilError> {
        let bad = |why: String| FulfilError::BadIdentity { given: text.chars().take(80).collect(), why };
        let (kind, value) =
            text.split_once('=').ok_or_else(|| bad("expected kind=value, e.g. email=a@example.com".to_owned()))?;
        let value = value.trim();
        if value.is_empty() {
            return Err(bad("the value is empty".to_owned()));
        }
        if value.len() > MAX_IDENTITY_BYTES {
            return Err(bad(format!("the value is longer than {MAX_IDENTITY_BYTES} bytes")));
        }
        let category = match kind.trim() {
            "email" => "contact.email".to_owned(),
            "phone" => "contact.phone".to_owned(),
            other => other.parse::<CategoryId>().map_err(bad)?.as_str().to_owned(),
        };
        let value = match category.as_str() {
            "contact.email" if !value.contains('@') => return Err(bad("an e-mail address has an @".to_owned())),
            "contact.email" => value.to_lowercase(),
            "contact.phone" => international_phone(value).ok_or_else(|| {
                bad("give the phone number in international form, +<country code><number>".to_owned())
            })?,
            _ => value.to_owned(),
        };
        Ok(Self { category, value })
    }

    /// The value as a field that matches this way stores it after normalisation; `None` when it
    /// cannot match such a field.
    pub fn value_for(&self, matching: IdentityMatch) -> Option<String> {
        match matching {
            IdentityMatch::Exact => Some(self.value.clone()),
            IdentityMatch::CaseInsensitive => Some(self.value.to_lowercase()),
            IdentityMatch::Phone => international_phone(&self.value),
        }
    }
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.category, self.value)
    }
}

/// The characters a stored phone number may be written with between its digits; the engine strips
/// them on both sides (in SQL too, so an index on the same expression serves the lookup).
pub const PHONE_SEPARATORS: [char; 5] = [' ', '-', '(', ')', '.'];

/// `+` and the digits of a phone number written in international form (`+7 912 345-67-89`,
/// `0049 151 ...`); `None` for anything else.
pub fn international_phone(text: &str) -> Option<String> {
    let stripped: String = text.trim().chars().filter(|c| !PHONE_SEPARATORS.contains(c)).collect();
    let digits = stripped.strip_prefix('+').or_else(|| stripped.strip_prefix("00"))?;
    let valid =
        (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
    valid.then(|| format!("+{digits}"))
}

/// A stored value normalised the way `matching` compares it.
pub fn normalise(value: &str, matching: IdentityMatch) -> String {
    match matching {
        IdentityMatch::Exact => value.to_owned(),
        IdentityMatch::CaseInsensitive => value.to_lowercase(),
        IdentityMatch::Phone => value.chars().filter(|c| !PHONE_SEPARATORS.contains(c)).collect(),
    }
}

/// Reads `--identity` values, refusing duplicates and too many.
pub fn parse_all<'a>(texts: impl IntoIterator<Item = &'a str>) -> Result<Vec<Identity>, FulfilError> {
    let mut identities: Vec<Identity> = Vec::new();
    for text in texts {
        if identities.len() == MAX_IDENTITIES {
            return Err(FulfilError::BadIdentity {
                given: text.to_owned(),
                why: format!("at most {MAX_IDENTITIES} identities"),
            });
        }
        let identity = Identity::parse(text)?;
        if !identities.contains(&identity) {
            identities.push(identity);
        }
    }
    if identities.is_empty() {
        return Err(FulfilError::BadIdentity { given: String::new(), why: "give at least one identity".to_owned() });
    }
    identities.sort();
    Ok(identities)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lower_cased_and_phones_made_international() {
        assert_eq!(Identity::parse("email= Ivan@Kursy.Example ").unwrap().value, "ivan@kursy.example");
        assert_eq!(Identity::parse("phone=+7 (912) 345-67-89").unwrap().value, "+79123456789");
        assert_eq!(Identity::parse("phone=0049 151 2345678").unwrap().value, "+491512345678");
        assert_eq!(Identity::parse("account.identifier=42").unwrap().category, "account.identifier");
    }

    #[test]
    fn bad_identities_say_what_is_wrong() {
        for (text, why) in [
            ("email", "kind=value"),
            ("email=", "empty"),
            ("email=nobody", "@"),
            ("phone=8 912 345 67 89", "international"),
            ("Not A Category=1", "invalid"),
        ] {
            let error = Identity::parse(text).unwrap_err().to_string();
            assert!(error.contains(why), "{text}: {error}");
        }
    }

    #[test]
    fn stored_phones_are_compared_without_separators() {
        assert_eq!(normalise("+7 912 345-67-89", IdentityMatch::Phone), "+79123456789");
        assert_eq!(normalise("A@B.example", IdentityMatch::CaseInsensitive), "a@b.example");
    }
}
