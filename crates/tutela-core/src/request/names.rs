//! The names a request is filed under: its [`RequestType`] (the right the subject exercises) and the
//! [`Jurisdiction`] (the law it is made under), each parsed from and shown as one fixed snake_case
//! id, in the API, the CLI, the database and the journal alike.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::calendar::{self, Calendar};

use super::RequestRuleError;

/// The most characters of a refused name quoted back in an error message.
pub const MAX_QUOTED_NAME_CHARS: usize = 64;

/// The first [`MAX_QUOTED_NAME_CHARS`] characters of a refused text.
fn quoted(text: &str) -> String {
    text.chars().take(MAX_QUOTED_NAME_CHARS).collect()
}

// ---------------------------------------------------------------------------------------------------
// Request types

/// The right a subject exercises with a request (the glossary's "request").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum RequestType {
    /// To see the data held about the subject (GDPR art. 15, 152-FZ art. 14, PIPL art. 45, DPDP s. 11,
    /// the CCPA's right to know, LGPD art. 19).
    Access,
    /// To receive the data in a machine-readable form, or have it sent to another operator.
    Portability,
    /// To have inaccurate or incomplete data corrected.
    Rectification,
    /// To have processing restricted (152-FZ's blocking).
    Restriction,
    /// To have the data erased (destroyed).
    Erasure,
    /// To have processing stopped: an objection, a demand to stop, an opt-out of sale or sharing.
    Objection,
    /// To withdraw a consent, with the stop and destruction it sets off.
    Withdrawal,
    /// To close the subject's account, which erases its data (the glossary's "account closure").
    AccountClosure,
    /// A complaint to the operator about how the subject's data is handled ("Обращение").
    Complaint,
}

impl RequestType {
    /// Every request type, in the order error messages list them.
    pub const ALL: [RequestType; 9] = [
        Self::Access,
        Self::Portability,
        Self::Rectification,
        Self::Restriction,
        Self::Erasure,
        Self::Objection,
        Self::Withdrawal,
        Self::AccountClosure,
        Self::Complaint,
    ];

    /// The id: `access`, `portability`, `rectification`, `restriction`, `erasure`, `objection`,
    /// `withdrawal`, `account_closure` or `complaint`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Access => "access",
            Self::Portability => "portability",
            Self::Rectification => "rectification",
            Self::Restriction => "restriction",
            Self::Erasure => "erasure",
            Self::Objection => "objection",
            Self::Withdrawal => "withdrawal",
            Self::AccountClosure => "account_closure",
            Self::Complaint => "complaint",
        }
    }

    /// The name in an English sentence ("account closure").
    pub fn words(self) -> &'static str {
        match self {
            Self::AccountClosure => "account closure",
            other => other.as_str(),
        }
    }

    /// Every id, comma-separated, for error messages.
    pub fn ids() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }
}

/// A text that is not a [`RequestType`] id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown request type {0:?}: expected one of {ids}", ids = RequestType::ids())]
pub struct UnknownRequestType(pub String);

impl FromStr for RequestType {
    type Err = UnknownRequestType;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text).ok_or_else(|| UnknownRequestType(quoted(text)))
    }
}

impl TryFrom<String> for RequestType {
    type Error = UnknownRequestType;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<RequestType> for &'static str {
    fn from(kind: RequestType) -> &'static str {
        kind.as_str()
    }
}

impl fmt::Display for RequestType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// ---------------------------------------------------------------------------------------------------
// Jurisdictions

/// The law a request is made under, which decides its deadlines (`legal/deadlines.md`, "Data-subject
/// requests").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Jurisdiction {
    /// The EU's General Data Protection Regulation, in every member state (Bulgaria too).
    EuGdpr,
    /// Russia's Federal Law No. 152-FZ "On personal data" (as amended 2022).
    Ru152fz,
    /// China's Personal Information Protection Law, with the national standard GB/T 35273-2020.
    CnPipl,
    /// India's Digital Personal Data Protection Act 2023 and its Rules of 2025.
    InDpdp,
    /// California's Consumer Privacy Act as amended by the CPRA, with its regulations (11 CCR).
    UsCaCcpa,
    /// Brazil's Lei Geral de Proteção de Dados (Law 13,709/2018).
    BrLgpd,
}

impl Jurisdiction {
    /// Every jurisdiction, in the order error messages list them.
    pub const ALL: [Jurisdiction; 6] =
        [Self::EuGdpr, Self::Ru152fz, Self::CnPipl, Self::InDpdp, Self::UsCaCcpa, Self::BrLgpd];

    /// The id: `eu_gdpr`, `ru_152fz`, `cn_pipl`, `in_dpdp`, `us_ca_ccpa` or `br_lgpd`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EuGdpr => "eu_gdpr",
            Self::Ru152fz => "ru_152fz",
            Self::CnPipl => "cn_pipl",
            Self::InDpdp => "in_dpdp",
            Self::UsCaCcpa => "us_ca_ccpa",
            Self::BrLgpd => "br_lgpd",
        }
    }

    /// The law's short name, as citations write it ("152-FZ").
    pub fn law(self) -> &'static str {
        match self {
            Self::EuGdpr => "GDPR",
            Self::Ru152fz => "152-FZ",
            Self::CnPipl => "PIPL",
            Self::InDpdp => "DPDP Act",
            Self::UsCaCcpa => "CCPA",
            Self::BrLgpd => "LGPD",
        }
    }

    /// Every id, comma-separated, for error messages.
    pub fn ids() -> String {
        Self::ALL.map(Self::as_str).join(", ")
    }

    /// The built-in calendar the law's periods count on, or why there is none:
    /// - `ru_152fz` → `ru`, `cn_pipl` → `cn`, `in_dpdp` → `in`, `us_ca_ccpa` → `us-ca`;
    /// - `eu_gdpr` → none: a period that ends on a holiday moves to the next working day (Reg.
    ///   1182/71 art. 3(4)), and holidays are the member state's (Bulgaria's are not Germany's);
    /// - `br_lgpd` → none: no Brazilian calendar is built in, and `24x7` is not a safe stand-in.
    ///   Brazil's 15 days (art. 19) are calendar days, but `24x7` counts them in UTC: a request
    ///   received after 21:00 in Brasília (UTC−3) falls on the next UTC date, and its deadline would
    ///   end almost a day later than the law's. The calendar must be given (an operator calendar in
    ///   `America/Sao_Paulo`, or `24x7` knowingly).
    pub fn default_calendar_id(self) -> Result<&'static str, &'static str> {
        match self {
            Self::Ru152fz => Ok("ru"),
            Self::CnPipl => Ok("cn"),
            Self::InDpdp => Ok("in"),
            Self::UsCaCcpa => Ok("us-ca"),
            Self::EuGdpr => Err("each member state has its own holidays (Bulgaria's are not Germany's), on which \
                 a period's end moves to the next working day (Reg. 1182/71 art. 3(4)); name the member \
                 state's calendar, e.g. bg"),
            Self::BrLgpd => Err("no Brazilian calendar is built in, and 24x7 counts days in UTC, which moves a \
                 request received after 21:00 in Brasília to the next day; name a calendar in \
                 America/Sao_Paulo (or 24x7, knowing that)"),
        }
    }

    /// The built-in calendar of [`Jurisdiction::default_calendar_id`], or
    /// [`RequestRuleError::CalendarRequired`] saying why the calendar must be given.
    pub fn default_calendar(self) -> Result<&'static Calendar, RequestRuleError> {
        let id = self
            .default_calendar_id()
            .map_err(|reason| RequestRuleError::CalendarRequired { jurisdiction: self, reason })?;
        Ok(calendar::builtin(id).expect("the ru, cn, in and us-ca calendars are built in"))
    }
}

/// A text that is not a [`Jurisdiction`] id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown jurisdiction {0:?}: expected one of {ids}", ids = Jurisdiction::ids())]
pub struct UnknownJurisdiction(pub String);

impl FromStr for Jurisdiction {
    type Err = UnknownJurisdiction;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|law| law.as_str() == text).ok_or_else(|| UnknownJurisdiction(quoted(text)))
    }
}

impl TryFrom<String> for Jurisdiction {
    type Error = UnknownJurisdiction;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Jurisdiction> for &'static str {
    fn from(law: Jurisdiction) -> &'static str {
        law.as_str()
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_serde() {
        for kind in RequestType::ALL {
            assert_eq!(kind.as_str().parse::<RequestType>(), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{kind}\""));
            assert_eq!(serde_json::from_str::<RequestType>(&json).unwrap(), kind);
        }
        for law in Jurisdiction::ALL {
            assert_eq!(law.as_str().parse::<Jurisdiction>(), Ok(law));
            let json = serde_json::to_string(&law).unwrap();
            assert_eq!(json, format!("\"{law}\""));
            assert_eq!(serde_json::from_str::<Jurisdiction>(&json).unwrap(), law);
        }
    }

    #[test]
    fn unknown_names_are_quoted_with_the_valid_ones() {
        let message = "Access".parse::<RequestType>().unwrap_err().to_string();
        assert_eq!(
            message,
            "unknown request type \"Access\": expected one of access, portability, rectification, restriction, \
             erasure, objection, withdrawal, account_closure, complaint"
        );
        let message = "gdpr".parse::<Jurisdiction>().unwrap_err().to_string();
        assert_eq!(
            message,
            "unknown jurisdiction \"gdpr\": expected one of eu_gdpr, ru_152fz, cn_pipl, in_dpdp, us_ca_ccpa, br_lgpd"
        );
        let serde_message = serde_json::from_str::<Jurisdiction>("\"ru\"").unwrap_err().to_string();
        assert!(serde_message.contains("unknown jurisdiction \"ru\""), "{serde_message}");
        let long = "x".repeat(1000);
        assert_eq!(long.parse::<RequestType>().unwrap_err().0.len(), MAX_QUOTED_NAME_CHARS);
    }

    #[test]
    fn default_calendars() {
        let id = |law: Jurisdiction| law.default_calendar().map(|calendar| calendar.id().to_string());
        assert_eq!(id(Jurisdiction::Ru152fz).unwrap(), "ru");
        assert_eq!(id(Jurisdiction::CnPipl).unwrap(), "cn");
        assert_eq!(id(Jurisdiction::InDpdp).unwrap(), "in");
        assert_eq!(id(Jurisdiction::UsCaCcpa).unwrap(), "us-ca");
        let eu = id(Jurisdiction::EuGdpr).unwrap_err().to_string();
        assert!(eu.starts_with("eu_gdpr has no default calendar") && eu.contains("Bulgaria"), "{eu}");
        let br = id(Jurisdiction::BrLgpd).unwrap_err().to_string();
        assert!(br.starts_with("br_lgpd has no default calendar") && br.contains("America/Sao_Paulo"), "{br}");
    }
}
