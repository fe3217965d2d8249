//! The kinds of personal data the detectors recognise, under the stable names reports use.
//!
//! The names are part of the output format (`kind` in JSON Lines and SARIF, `--kinds` on the command
//! line), so they never change once published; a new detector gets a new name.

use std::fmt;
use std::str::FromStr;

/// One kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An e-mail address.
    Email,
    /// A phone number valid in its country's numbering plan (international or CN/RU/BG/IN national).
    Phone,
    /// An IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// A payment card number: issuer prefix, length and Luhn check digit.
    CreditCard,
    /// An International Bank Account Number (ISO 13616): country length and mod-97 check.
    Iban,
    /// A PRC resident identity card number (GB 11643-1999): birth date and ISO 7064 MOD 11-2.
    CnResidentId,
    /// A Russian taxpayer number (ИНН) of 10 or 12 digits with its check digits.
    RuInn,
    /// A Russian individual insurance account number (СНИЛС) with its check number.
    RuSnils,
    /// A Russian primary state registration number (ОГРН, 13 digits, or ОГРНИП, 15 digits).
    RuOgrn,
    /// A Russian internal passport's series and number; reported only near a context word.
    RuPassport,
    /// A Bulgarian unified civil number (ЕГН): encoded birth date and weighted check digit.
    BgEgn,
    /// An Indian Aadhaar number: 12 digits, Verhoeff check digit, not starting with 0 or 1.
    InAadhaar,
    /// An Indian Permanent Account Number (PAN): format with the holder-type letter.
    InPan,
    /// A mobile equipment identity (IMEI): 15 digits with a Luhn check digit.
    Imei,
    /// A SIM card number (ICCID): 89 prefix and a Luhn check digit.
    Iccid,
    /// A latitude, longitude pair in decimal degrees.
    GeoCoordinates,
}

impl Kind {
    /// Every kind, in the order reports list them.
    pub const ALL: [Kind; 17] = [
        Kind::Email,
        Kind::Phone,
        Kind::Ipv4,
        Kind::Ipv6,
        Kind::CreditCard,
        Kind::Iban,
        Kind::CnResidentId,
        Kind::RuInn,
        Kind::RuSnils,
        Kind::RuOgrn,
        Kind::RuPassport,
        Kind::BgEgn,
        Kind::InAadhaar,
        Kind::InPan,
        Kind::Imei,
        Kind::Iccid,
        Kind::GeoCoordinates,
    ];

    /// The stable name used in reports and on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Ipv4 => "ipv4",
            Kind::Ipv6 => "ipv6",
            Kind::CreditCard => "credit_card",
            Kind::Iban => "iban",
            Kind::CnResidentId => "cn_resident_id",
            Kind::RuInn => "ru_inn",
            Kind::RuSnils => "ru_snils",
            Kind::RuOgrn => "ru_ogrn",
            Kind::RuPassport => "ru_passport",
            Kind::BgEgn => "bg_egn",
            Kind::InAadhaar => "in_aadhaar",
            Kind::InPan => "in_pan",
            Kind::Imei => "imei",
            Kind::Iccid => "iccid",
            Kind::GeoCoordinates => "geo_coordinates",
        }
    }

    /// Whether the format carries a check digit that the validator verifies.
    pub const fn has_check_digit(self) -> bool {
        matches!(
            self,
            Kind::CreditCard
                | Kind::Iban
                | Kind::CnResidentId
                | Kind::RuInn
                | Kind::RuSnils
                | Kind::RuOgrn
                | Kind::BgEgn
                | Kind::InAadhaar
                | Kind::Imei
                | Kind::Iccid
        )
    }

    const fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of [`Kind::ALL`]'s names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind {0:?}: expected one of {list}", list = Kind::ALL.map(Kind::name).join(", "))]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Kind, UnknownKind> {
        Kind::ALL.into_iter().find(|k| k.name() == s).ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

/// A set of kinds, as a bit set (no allocation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindSet(u32);

impl KindSet {
    /// No kind.
    pub const EMPTY: KindSet = KindSet(0);

    /// Every kind.
    pub fn all() -> KindSet {
        Kind::ALL.into_iter().collect()
    }

    /// Whether `kind` is in the set.
    pub const fn contains(self, kind: Kind) -> bool {
        self.0 & kind.bit() != 0
    }

    /// Adds `kind`.
    pub fn insert(&mut self, kind: Kind) {
        self.0 |= kind.bit();
    }

    /// Whether the set has no kind.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The kinds in the set, in [`Kind::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Kind> {
        Kind::ALL.into_iter().filter(move |k| self.contains(*k))
    }

    /// Parses a comma-separated list of kind names, e.g. `email,phone`.
    pub fn parse_list(list: &str) -> Result<KindSet, UnknownKind> {
        list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(Kind::from_str).collect()
    }
}

impl std::ops::BitOr for KindSet {
    type Output = KindSet;

    fn bitor(self, other: KindSet) -> KindSet {
        KindSet(self.0 | other.0)
    }
}

impl FromIterator<Kind> for KindSet {
    fn from_iter<I: IntoIterator<Item = Kind>>(iter: I) -> KindSet {
        let mut set = KindSet::EMPTY;
        for kind in iter {
            set.insert(kind);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(kind.name().parse::<Kind>(), Ok(kind));
        }
        assert!("passport".parse::<Kind>().unwrap_err().to_string().contains("ru_passport"));
    }

    #[test]
    fn kind_set_parses_lists() {
        let set = KindSet::parse_list("email, ru_inn").unwrap();
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![Kind::Email, Kind::RuInn]);
        assert!(KindSet::parse_list("email,nope").is_err());
        assert_eq!(KindSet::all().iter().count(), 17);
    }
}
