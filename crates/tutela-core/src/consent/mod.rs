//! Consent: a subject's recorded choices (given, refused, withdrawn, expired) per purpose, the facts
//! about the subject that change what those choices are worth (a block, an objection, a Global
//! Privacy Control signal, being a minor), and the decision whether the subject's data may be used
//! for a purpose now.
//!
//! The ledger is append-only: a choice is never edited, a later record supersedes an earlier one.
//! [`LedgerRecord`] is one record; [`SubjectState::apply`] folds records into the current state, in
//! the order of their effective instant (`at`, then record id: ids are time-ordered UUIDv7, so equal
//! instants fall back to the order of recording). A paper consent signed yesterday and scanned today
//! is recorded with yesterday's `at`, and does not override a withdrawal made this morning.
//!
//! [`decide`] answers "may this subject's data be used for this purpose now?" from the purpose's
//! [`PurposeRule`] (its legal basis from the data map) and the subject's state, in this order:
//!
//! 1. A standing **block** refuses every purpose (`blocked`): 152-FZ art. 21(1) blocks processing
//!    while facts are verified, and seed 004 §3.7 blocks a minor's data at once when it is found
//!    without a guardian's consent.
//! 2. A standing **objection** (GDPR art. 21) refuses purposes based on consent, legitimate interest
//!    or a public task (`objection`). An objection stands until a later consent is given.
//! 3. A standing **GPC** opt-out refuses purposes that sell or share data or target advertising
//!    (`gpc`; Cal. Code Regs. tit. 11 §7025); a consent given after the signal overrides it, as
//!    §7025(c)(3) allows once the subject confirms.
//! 4. A purpose on another basis than consent (contract, legal obligation ...) is allowed on that
//!    basis; on an opt-out purpose (one GPC covers) a refusal or withdrawal is honoured as an opt-out.
//! 5. A consent purpose needs a current `given` record that has not expired, given by a parent or
//!    guardian when the subject is a minor or the data map asks for one (`given_by:
//!    parent_or_guardian`). Otherwise the reason is `no_consent`, `refused`, `withdrawn`, `expired`
//!    or `guardian_consent_required`.
//!
//! Minors: [`AgeJurisdiction`] holds the age below which a guardian consents, with its citation.
//! Distribution (152-FZ art. 10.1): a consent may carry [`DistributionTerms`], the data items the
//! subject allows to be made public with their prohibitions and conditions; [`decide_distribution`]
//! enforces them. Withdrawal: [`destruction_required`] says when no basis is left, which starts the
//! 30-day destruction clock of 152-FZ art. 21(5).

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::subject::{InvalidSubject, SubjectRef};

/// Longest purpose id, in bytes (the data map's limit on ids).
pub const MAX_PURPOSE_ID_BYTES: usize = 64;
/// Largest notice text, in bytes.
pub const MAX_NOTICE_BYTES: usize = 256 * 1024;
/// Longest label (form name, button text, note, resource), in bytes.
pub const MAX_LABEL_BYTES: usize = 200;
/// Longest user agent kept, in bytes.
pub const MAX_USER_AGENT_BYTES: usize = 512;
/// Longest language tag, in bytes (BCP 47's practical limit).
pub const MAX_LANGUAGE_TAG_BYTES: usize = 35;
/// Most data items in one distribution consent.
pub const MAX_DISTRIBUTION_ITEMS: usize = 50;
/// Most information resources (sites) named in one distribution consent.
pub const MAX_DISTRIBUTION_RESOURCES: usize = 20;
/// Longest conditions text of one data item, in bytes.
pub const MAX_CONDITIONS_BYTES: usize = 2000;
/// Longest consent term, in years.
pub const MAX_TERM_YEARS: u32 = 100;
/// How far after "now" a record's effective instant may lie: the clocks of the client and of Tutela
/// may differ a little, but a choice cannot be recorded before it is made.
pub const MAX_FUTURE_SKEW_S: i64 = 300;

/// Why a consent value is invalid. Each message names the value and says what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidConsent {
    /// A data map purpose is mapped to no TCF purpose, or to one outside 1 to 11.
    #[error("purposes.{0}: list TCF purposes between 1 and 11")]
    TcfPurposes(String),
    /// Not a usable subject reference.
    #[error(transparent)]
    Subject(#[from] InvalidSubject),
    /// Not a purpose id.
    #[error(
        "invalid purpose id {0:?}: expected a data map purpose id (a lower-case letter, then lower-case \
         letters, digits and _, at most 64 bytes)"
    )]
    PurposeId(String),
    /// A label is empty, too long or holds control characters.
    #[error("{field} must be 1 to {max} bytes of printable text")]
    Label {
        /// Which field.
        field: &'static str,
        /// Its limit in bytes.
        max: usize,
    },
    /// Not a language tag.
    #[error("invalid language tag {0:?}: expected a BCP 47 tag such as ru or en-GB")]
    Language(String),
    /// Not an expiry.
    #[error(
        "invalid expiry {0:?}: expected until_purpose_reached, an RFC 3339 instant, a date (valid through that \
         day, UTC), or a term such as \"12 months\" (days, weeks, months or years, at most 100 years)"
    )]
    Expiry(String),
    /// Not a SHA-256 digest.
    #[error("invalid SHA-256 {0:?}: expected 64 hex digits")]
    Sha256(String),
    /// The user agent is too long.
    #[error("the user agent is {0} bytes; at most {MAX_USER_AGENT_BYTES} are kept")]
    UserAgentTooLong(usize),
    /// An unknown state name.
    #[error("unknown consent state {0:?}: expected given, refused, withdrawn or expired")]
    State(String),
    /// The notice text is empty or too large.
    #[error("the notice text is {0} bytes; expected 1 to {MAX_NOTICE_BYTES}")]
    NoticeSize(usize),
    /// A given consent names no notice.
    #[error("a given consent must name the notice the subject saw (notice_sha256 or notice_text)")]
    NoticeMissing,
    /// The distribution terms are incomplete or inconsistent.
    #[error("distribution consent (152-FZ art. 10.1): {0}")]
    Distribution(String),
    /// The guardian fields do not fit together.
    #[error("{0}")]
    Giver(String),
    /// An unknown age jurisdiction.
    #[error("unknown age jurisdiction {0:?}: expected one of eu, bg, cn, in, ru, us-ca")]
    AgeJurisdiction(String),
    /// An age that cannot be a person's.
    #[error("invalid age {0}: expected 0 to 150 years")]
    Age(u32),
    /// The record claims to be made in the future.
    #[error("the record's instant {at} is later than now ({now}); a choice cannot be recorded before it is made")]
    InFuture {
        /// The record's instant.
        at: Timestamp,
        /// Now.
        now: Timestamp,
    },
}

mod decide;
mod destruction;
mod names;
mod proof;
mod record;
mod signal;
mod state;
#[cfg(test)]
mod tests;

pub use decide::*;
pub use destruction::*;
pub use names::*;
pub use proof::*;
pub use record::*;
pub use signal::*;
pub use state::*;
