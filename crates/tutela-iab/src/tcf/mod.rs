//! IAB TCF v2.3 TC strings: the typed model ([`TcString`]), [`decode`] and [`encode`].
//!
//! A TC string is up to four base64url segments joined by `.`: the core segment (always first; its
//! first 6 bits are the version, 2), then in any order the disclosed vendors segment (type 1,
//! mandatory since TCF v2.3 for strings a CMP creates), the allowed vendors segment (type 2) and the
//! publisher TC segment (type 3), each opening with its 3-bit type. The bit layout, widths and
//! encodings follow the IAB "Transparency and Consent String and Global Vendor List Format" spec; the
//! encoder writes the same bits as the IAB reference library `@iabtechlabtcf/core` (it picks a
//! vendor section's range or bitfield encoding by the same rule and pads to whole base64 quanta),
//! which the oracle tests in `tests/` check string for string.

mod decode;
mod encode;
mod vendors;

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub(crate) use decode::check_size;
pub use decode::{decode, decode_v2_3};
pub use encode::encode;

use crate::ids::{IdSet, VendorSet};

/// The only TC string version this crate reads and writes.
pub const TCF_VERSION: u8 = 2;

/// A decoded TC string. Field names are those of the spec in snake_case; id sets serialize as sorted
/// lists and instants as RFC 3339.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TcString {
    /// Always 2.
    pub version: u8,
    /// When the consent was first created (decisecond precision).
    pub created: Timestamp,
    /// When it was last updated (decisecond precision).
    pub last_updated: Timestamp,
    /// The CMP's id (12 bits).
    pub cmp_id: u16,
    /// The CMP's version (12 bits).
    pub cmp_version: u16,
    /// The CMP screen where consent was given (6 bits).
    pub consent_screen: u8,
    /// Two-letter language of the texts shown.
    pub consent_language: Letters,
    /// Version of the Global Vendor List used (12 bits).
    pub vendor_list_version: u16,
    /// TCF policy version (6 bits).
    pub policy_version: u8,
    /// Whether the signal applies to this service only (not global).
    pub is_service_specific: bool,
    /// Whether the CMP used non-standard texts.
    pub use_non_standard_texts: bool,
    /// Special features opted in to (ids 1–12).
    pub special_feature_optins: IdSet,
    /// Purposes consented to (ids 1–24).
    pub purpose_consents: IdSet,
    /// Purposes whose legitimate interest was not objected to (ids 1–24).
    pub purpose_legitimate_interests: IdSet,
    /// Whether purpose 1 was not disclosed (publisher in a jurisdiction that treats it otherwise).
    pub purpose_one_treatment: bool,
    /// The publisher's two-letter country.
    pub publisher_cc: Letters,
    /// Vendors consented to.
    pub vendor_consents: VendorSet,
    /// Vendors whose legitimate interest was established (and not objected to).
    pub vendor_legitimate_interests: VendorSet,
    /// The publisher's restrictions, sorted by purpose then type, one per pair.
    pub publisher_restrictions: Vec<PublisherRestriction>,
    /// Vendors disclosed to the user (segment type 1); `None` when the segment is absent.
    pub disclosed_vendors: Option<VendorSet>,
    /// Vendors the publisher allows for out-of-band signalling (segment type 2); `None` when absent.
    pub allowed_vendors: Option<VendorSet>,
    /// The publisher TC segment (type 3); `None` when absent.
    pub publisher_tc: Option<PublisherTc>,
}

/// One publisher restriction: for `purpose_id`, the listed vendors are restricted as `restriction_type` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublisherRestriction {
    /// The purpose (6 bits).
    pub purpose_id: u8,
    /// What the restriction does.
    pub restriction_type: RestrictionType,
    /// The vendors it applies to.
    pub vendors: VendorSet,
}

/// The kind of a publisher restriction (2 bits; 3 is undefined).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RestrictionType {
    /// 0: the purpose is not allowed for these vendors.
    NotAllowed,
    /// 1: these vendors need consent for the purpose.
    RequireConsent,
    /// 2: these vendors must use legitimate interest for the purpose.
    RequireLegitimateInterest,
}

impl RestrictionType {
    /// The 2-bit value.
    pub fn value(self) -> u8 {
        match self {
            Self::NotAllowed => 0,
            Self::RequireConsent => 1,
            Self::RequireLegitimateInterest => 2,
        }
    }

    /// The type of a 2-bit value; `None` for the undefined 3.
    pub fn from_value(value: u8) -> Option<Self> {
        match value {
            0 => Some(Self::NotAllowed),
            1 => Some(Self::RequireConsent),
            2 => Some(Self::RequireLegitimateInterest),
            _ => None,
        }
    }
}

/// The publisher TC segment: the publisher's own purposes and custom purposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublisherTc {
    /// Purposes consented to for the publisher (ids 1–24).
    pub publisher_consents: IdSet,
    /// Purposes under the publisher's legitimate interest (ids 1–24).
    pub publisher_legitimate_interests: IdSet,
    /// How many custom purposes the publisher defines (0–63).
    pub num_custom_purposes: u8,
    /// Custom purposes consented to (ids 1–`num_custom_purposes`).
    pub publisher_custom_consents: IdSet,
    /// Custom purposes under legitimate interest (ids 1–`num_custom_purposes`).
    pub publisher_custom_legitimate_interests: IdSet,
}

/// Two letters A–Z: a language (`EN`) or a country (`DE`), as TC strings carry them (6 bits each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Letters([u8; 2]);

/// Why text is not two letters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not two letters A-Z")]
pub struct LettersError(String);

impl Letters {
    /// Parses two ASCII letters; lower case is upper-cased.
    pub fn parse(text: &str) -> Result<Self, LettersError> {
        match text.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Ok(Self([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => Err(LettersError(text.to_owned())),
        }
    }

    /// The letters from their 6-bit values (0 = A); `None` when a value is above 25.
    pub(crate) fn from_values(first: u8, second: u8) -> Option<Self> {
        (first < 26 && second < 26).then(|| Self([b'A' + first, b'A' + second]))
    }

    /// The 6-bit values (0 = A).
    pub(crate) fn values(self) -> [u8; 2] {
        [self.0[0] - b'A', self.0[1] - b'A']
    }

    /// The two letters.
    pub fn as_str(&self) -> &str {
        // Always two ASCII upper-case letters, by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for Letters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Letters {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Letters {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl TcString {
    /// Whether the user consented to `purpose`.
    pub fn purpose_consented(&self, purpose: u8) -> bool {
        self.purpose_consents.contains(purpose)
    }

    /// Whether `vendor` has consent. Under TCF v2.3 a vendor that was not disclosed to the user has
    /// no consent whatever its bit says, so a string with a disclosed vendors segment counts only
    /// disclosed vendors.
    pub fn vendor_consented(&self, vendor: u16) -> bool {
        self.vendor_consents.contains(vendor) && self.vendor_disclosed(vendor) != Some(false)
    }

    /// Whether `vendor` was disclosed to the user; `None` when the string has no disclosed vendors
    /// segment (strings made before TCF v2.3).
    pub fn vendor_disclosed(&self, vendor: u16) -> Option<bool> {
        self.disclosed_vendors.as_ref().map(|set| set.contains(vendor))
    }

    /// The vendors with consent, as [`TcString::vendor_consented`] counts them, ascending.
    pub fn consented_vendors(&self) -> Vec<u16> {
        self.vendor_consents.iter().filter(|&v| self.vendor_consented(v)).collect()
    }

    /// The publisher's restriction on `vendor` for `purpose`, if any (the strictest when several).
    pub fn restriction(&self, purpose: u8, vendor: u16) -> Option<RestrictionType> {
        self.publisher_restrictions
            .iter()
            .filter(|r| r.purpose_id == purpose && r.vendors.contains(vendor))
            .map(|r| r.restriction_type)
            .min()
    }
}
