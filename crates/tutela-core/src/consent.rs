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

/// Longest subject reference, in bytes.
pub const MAX_SUBJECT_REF_BYTES: usize = 200;
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
/// The period after a withdrawal within which the data is destroyed when no other basis remains
/// (152-FZ art. 21(5)), as a clock duration.
pub const DESTRUCTION_AFTER_WITHDRAWAL: &str = "30 days";

/// Why a consent value is invalid. Each message names the value and says what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidConsent {
    /// Not a usable subject reference.
    #[error(
        "invalid subject reference {0:?}: expected 1 to 200 printable characters, the operator's own id for \
         the subject (not an e-mail address: identities stay out of the ledger and the journal)"
    )]
    SubjectRef(String),
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

// ---------------------------------------------------------------------------------------------------
// Names

fn printable(text: &str) -> bool {
    !text.chars().any(char::is_control) && text.trim() == text
}

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
    /// The operator's own reference for a subject (a customer number, an account id). Tutela never
    /// needs the subject's identity to keep their choices, and keeps identities out of the journal, so
    /// an e-mail address is refused.
    SubjectRef,
    |text| {
        let ok = !text.is_empty() && text.len() <= MAX_SUBJECT_REF_BYTES && printable(text) && !text.contains('@');
        if ok { Ok(()) } else { Err(InvalidConsent::SubjectRef(text.to_owned())) }
    }
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

// ---------------------------------------------------------------------------------------------------
// Records

/// A subject's choice for one purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentState {
    /// The subject agreed.
    Given,
    /// The subject was asked and said no.
    Refused,
    /// The subject took back an earlier consent.
    Withdrawn,
    /// The consent's term ran out. Usually derived from `expires_at`; may also be recorded.
    Expired,
}

impl ConsentState {
    /// Every state.
    pub const ALL: [ConsentState; 4] = [Self::Given, Self::Refused, Self::Withdrawn, Self::Expired];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Given => "given",
            Self::Refused => "refused",
            Self::Withdrawn => "withdrawn",
            Self::Expired => "expired",
        }
    }
}

impl FromStr for ConsentState {
    type Err = InvalidConsent;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|s| s.as_str() == text).ok_or_else(|| InvalidConsent::State(text.to_owned()))
    }
}

impl fmt::Display for ConsentState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a choice was expressed: the ways of seed 004 §3.1 and the ways back out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Method {
    /// A consent signed on paper and sent as a scan (seed 004 §3.1.1); the scan's digest.
    PaperScan {
        /// SHA-256 of the scanned file.
        scan_sha256: Sha256Hex,
    },
    /// A button pressed on a named form (seed 004 §3.1.2: «Записаться», «Купить билет» ...).
    FormButton {
        /// The form, e.g. `course signup`.
        form: Label,
        /// The button's label as shown, e.g. `Записаться`.
        button: Label,
    },
    /// A feedback form sent (seed 004 §3.1.3).
    FeedbackForm {
        /// The form.
        form: Label,
    },
    /// Use of the site, for cookies and technical data (seed 004 §3.1.4).
    SiteUse,
    /// A dialog in the operator's app.
    AppDialog {
        /// The dialog.
        dialog: Label,
    },
    /// The subject's self-service portal.
    Portal,
    /// The opt-out link every mailing carries (seed 004 §8).
    UnsubscribeLink,
    /// A written request, on paper or as a scan from the registered e-mail (seed 004 §14.1).
    WrittenRequest {
        /// SHA-256 of the document, if kept.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        document_sha256: Option<Sha256Hex>,
    },
    /// The `Sec-GPC: 1` header of the W3C Global Privacy Control.
    GpcSignal,
    /// An IAB TCF or GPP string.
    IabSignal {
        /// `tcf` or `gpp`.
        format: Label,
        /// SHA-256 of the string.
        string_sha256: Sha256Hex,
    },
    /// The consent's term ran out: Tutela records `expired` on its own when the term ends.
    TermEnded,
}

impl Method {
    /// The method's kind name.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::PaperScan { .. } => "paper_scan",
            Self::FormButton { .. } => "form_button",
            Self::FeedbackForm { .. } => "feedback_form",
            Self::SiteUse => "site_use",
            Self::AppDialog { .. } => "app_dialog",
            Self::Portal => "portal",
            Self::UnsubscribeLink => "unsubscribe_link",
            Self::WrittenRequest { .. } => "written_request",
            Self::GpcSignal => "gpc_signal",
            Self::IabSignal { .. } => "iab_signal",
            Self::TermEnded => "term_ended",
        }
    }

    /// Whether the method is a machine signal rather than a person reading a notice.
    pub fn is_signal(&self) -> bool {
        matches!(self, Self::GpcSignal | Self::IabSignal { .. })
    }
}

/// Where the choice was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A web site.
    Web,
    /// A mobile or desktop app.
    App,
    /// E-mail.
    Email,
    /// A telephone call.
    Phone,
    /// Paper, by post or in person.
    Paper,
    /// In person, recorded by staff.
    InPerson,
    /// Another system, through Tutela's API.
    Api,
    /// Tutela itself, for a record it makes on its own (a consent whose term ran out).
    System,
}

/// Who gave a consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case", deny_unknown_fields)]
pub enum Giver {
    /// The subject.
    Subject,
    /// A parent or legal guardian of a minor subject (GDPR art. 8(1); PIPL art. 31; DPDP s. 9).
    Guardian {
        /// The operator's reference for the guardian.
        guardian_ref: SubjectRef,
    },
}

impl Giver {
    /// Whether a parent or guardian gave it.
    pub fn is_guardian(&self) -> bool {
        matches!(self, Self::Guardian { .. })
    }
}

/// The unit of a consent term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermUnit {
    /// Calendar days.
    Days,
    /// Weeks of seven days.
    Weeks,
    /// Calendar months.
    Months,
    /// Calendar years.
    Years,
}

/// How long a consent lasts from when it is given: `N days|weeks|months|years`, counted in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Term {
    /// How many units.
    pub count: u32,
    /// Which unit.
    pub unit: TermUnit,
}

impl Term {
    fn parse(text: &str) -> Option<Term> {
        let (count, unit) = text.trim().split_once(' ')?;
        let count: u32 = count.parse().ok()?;
        let unit = match unit.trim() {
            "day" | "days" => TermUnit::Days,
            "week" | "weeks" => TermUnit::Weeks,
            "month" | "months" => TermUnit::Months,
            "year" | "years" => TermUnit::Years,
            _ => return None,
        };
        let days = match unit {
            TermUnit::Days => count,
            TermUnit::Weeks => count.checked_mul(7)?,
            TermUnit::Months => count.checked_mul(31)?,
            TermUnit::Years => count.checked_mul(366)?,
        };
        (count > 0 && days <= MAX_TERM_YEARS * 366).then_some(Term { count, unit })
    }

    /// The instant `self` after `from`, in UTC calendar arithmetic (31 Jan + 1 month = 28/29 Feb).
    pub fn after(self, from: Timestamp) -> Option<Timestamp> {
        let count = i64::from(self.count);
        let span = match self.unit {
            TermUnit::Days => Span::new().try_days(count).ok()?,
            TermUnit::Weeks => Span::new().try_weeks(count).ok()?,
            TermUnit::Months => Span::new().try_months(count).ok()?,
            TermUnit::Years => Span::new().try_years(count).ok()?,
        };
        from.to_zoned(TimeZone::UTC).checked_add(span).ok().map(|z| z.timestamp())
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            TermUnit::Days => "days",
            TermUnit::Weeks => "weeks",
            TermUnit::Months => "months",
            TermUnit::Years => "years",
        };
        write!(f, "{} {unit}", self.count)
    }
}

/// When a given consent stops counting. Seed 004 §3.2: "until the purpose is reached, unless the
/// consent says otherwise" is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Expiry {
    /// Until the purpose is reached: no instant of its own.
    #[default]
    UntilPurposeReached,
    /// At an instant.
    At(Timestamp),
    /// A term from when the consent was given.
    After(Term),
}

impl Expiry {
    /// Parses `until_purpose_reached`, an RFC 3339 instant, a date (valid through that day, UTC) or a
    /// term (`12 months`).
    pub fn parse(text: &str) -> Result<Expiry, InvalidConsent> {
        let bad = || InvalidConsent::Expiry(text.to_owned());
        let trimmed = text.trim();
        if trimmed == "until_purpose_reached" {
            return Ok(Expiry::UntilPurposeReached);
        }
        if let Ok(at) = trimmed.parse::<Timestamp>() {
            return Ok(Expiry::At(at));
        }
        if let Ok(date) = trimmed.parse::<Date>() {
            let next_day = date.tomorrow().map_err(|_| bad())?;
            let at = next_day.to_zoned(TimeZone::UTC).map_err(|_| bad())?.timestamp();
            return Ok(Expiry::At(at));
        }
        Term::parse(trimmed).map(Expiry::After).ok_or_else(bad)
    }

    /// The instant a consent given at `given_at` expires, if it has one.
    pub fn resolve(self, given_at: Timestamp) -> Option<Timestamp> {
        match self {
            Expiry::UntilPurposeReached => None,
            Expiry::At(at) => Some(at),
            // A term too long to compute was refused when parsed; saturate rather than panic.
            Expiry::After(term) => Some(term.after(given_at).unwrap_or(Timestamp::MAX)),
        }
    }
}

impl fmt::Display for Expiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expiry::UntilPurposeReached => f.write_str("until_purpose_reached"),
            Expiry::At(at) => write!(f, "{at}"),
            Expiry::After(term) => write!(f, "{term}"),
        }
    }
}

impl TryFrom<String> for Expiry {
    type Error = InvalidConsent;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Expiry::parse(&text)
    }
}

impl From<Expiry> for String {
    fn from(expiry: Expiry) -> String {
        expiry.to_string()
    }
}

/// One data item a subject allows to be made public (152-FZ art. 10.1), with what they forbid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistributionItem {
    /// The data item, as the operator's consent form names it (e.g. `name`, `photo`, `5.2 e-mail`).
    pub item: Label,
    /// The subject forbids the operator to transfer it (other than giving access) to an unlimited
    /// circle of persons (art. 10.1(9)).
    #[serde(default)]
    pub prohibit_transfer: bool,
    /// The subject forbids an unlimited circle of persons to process it (other than to access it)
    /// (art. 10.1(9)).
    #[serde(default)]
    pub prohibit_processing: bool,
    /// The conditions under which an unlimited circle of persons may process it, as the subject
    /// wrote them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Label>,
}

/// The terms of a consent to distribution (152-FZ art. 10.1), a consent separate from the consent to
/// processing (seed 004 §3.4), with its mandatory fields (seed 004 §3.5) and its own term (§3.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistributionTerms {
    /// The subject's full name as written on the form (mandatory, seed 004 §3.5). Kept in the record,
    /// never in the journal.
    pub subject_name: Label,
    /// The subject's contact: telephone, e-mail or postal address (mandatory, seed 004 §3.5).
    pub subject_contact: Label,
    /// The data items allowed for distribution, each at most once.
    pub items: Vec<DistributionItem>,
    /// The information resources (sites) where the operator makes them public.
    pub resources: Vec<Label>,
}

impl DistributionTerms {
    /// Checks the counts and that no item is listed twice.
    pub fn check(&self) -> Result<(), InvalidConsent> {
        let bad = |text: String| Err(InvalidConsent::Distribution(text));
        if self.items.is_empty() || self.items.len() > MAX_DISTRIBUTION_ITEMS {
            return bad(format!("list 1 to {MAX_DISTRIBUTION_ITEMS} data items; {} given", self.items.len()));
        }
        if self.resources.is_empty() || self.resources.len() > MAX_DISTRIBUTION_RESOURCES {
            return bad(format!(
                "name 1 to {MAX_DISTRIBUTION_RESOURCES} information resources where the data is published; {} given",
                self.resources.len()
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for item in &self.items {
            if !seen.insert(item.item.as_str()) {
                return bad(format!("data item {:?} is listed twice", item.item.as_str()));
            }
        }
        Ok(())
    }

    /// The terms for one data item.
    pub fn item(&self, item: &str) -> Option<&DistributionItem> {
        self.items.iter().find(|i| i.item.as_str() == item)
    }
}

/// A consent record: the subject's choice for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentEvent {
    /// The purpose.
    pub purpose: PurposeId,
    /// The choice.
    pub state: ConsentState,
    /// How it was expressed.
    pub method: Method,
    /// Where.
    pub channel: Channel,
    /// The notice shown, by digest. Required for a given consent unless it came as a signal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_sha256: Option<Sha256Hex>,
    /// The language of the notice and the dialog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<LanguageTag>,
    /// The address the choice came from, when given online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<IpAddr>,
    /// The browser or app that sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<Label>,
    /// When a given consent stops counting.
    #[serde(default)]
    pub expiry: Expiry,
    /// Who gave it.
    pub given_by: Giver,
    /// For a consent to distribution: its terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<DistributionTerms>,
    /// Whether the request that carried it had `Sec-GPC: 1`.
    #[serde(default)]
    pub gpc: bool,
}

impl ConsentEvent {
    /// Checks what a record of this state needs: a given consent names its notice; a consent to
    /// distribution has complete terms and a term of its own.
    pub fn check(&self) -> Result<(), InvalidConsent> {
        if self.state == ConsentState::Given && self.notice_sha256.is_none() && !self.method.is_signal() {
            return Err(InvalidConsent::NoticeMissing);
        }
        if let Some(ua) = &self.user_agent
            && ua.as_str().len() > MAX_USER_AGENT_BYTES
        {
            return Err(InvalidConsent::UserAgentTooLong(ua.as_str().len()));
        }
        if let Some(terms) = &self.distribution {
            terms.check()?;
            if self.state == ConsentState::Given && self.expiry == Expiry::UntilPurposeReached {
                return Err(InvalidConsent::Distribution(
                    "a consent to distribution is given for the term it states (seed 004 §3.6): give expiry as a \
                     date or a term such as \"1 year\""
                        .into(),
                ));
            }
        }
        Ok(())
    }
}

/// An objection to processing for one purpose (GDPR art. 21; 152-FZ art. 15(2) for direct marketing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectionEvent {
    /// The purpose objected to.
    pub purpose: PurposeId,
    /// How the objection came.
    pub method: Method,
    /// Where.
    pub channel: Channel,
    /// The grounds the subject gave, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grounds: Option<Label>,
}

/// A Global Privacy Control opt-out: the subject's browser sent `Sec-GPC: 1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalEvent {
    /// Where.
    pub channel: Channel,
    /// The browser that sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<Label>,
}

/// The law whose age of digital consent applies to a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AgeJurisdiction {
    /// EU GDPR default.
    #[serde(rename = "eu")]
    Eu,
    /// Bulgaria.
    #[serde(rename = "bg")]
    Bg,
    /// China.
    #[serde(rename = "cn")]
    Cn,
    /// India.
    #[serde(rename = "in")]
    In,
    /// Russia.
    #[serde(rename = "ru")]
    Ru,
    /// California.
    #[serde(rename = "us-ca")]
    UsCa,
}

impl AgeJurisdiction {
    /// Every jurisdiction.
    pub const ALL: [AgeJurisdiction; 6] = [Self::Eu, Self::Bg, Self::Cn, Self::In, Self::Ru, Self::UsCa];

    /// The id (`eu`, `bg`, `cn`, `in`, `ru`, `us-ca`), as the built-in calendars name the same places.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Eu => "eu",
            Self::Bg => "bg",
            Self::Cn => "cn",
            Self::In => "in",
            Self::Ru => "ru",
            Self::UsCa => "us-ca",
        }
    }

    /// The age in years below which a parent or guardian must consent.
    pub fn threshold_years(self) -> u8 {
        match self {
            Self::Eu | Self::UsCa => 16,
            Self::Bg | Self::Cn => 14,
            Self::In | Self::Ru => 18,
        }
    }

    /// Where the threshold comes from (`legal/deadlines.md`, "Consent, minors, residency").
    pub fn citation(self) -> &'static str {
        match self {
            Self::Eu => "GDPR art. 8(1): 16 for information-society services unless a member state lowers it",
            Self::Bg => "GDPR art. 8(1) as set by Bulgaria: 14",
            Self::Cn => "PIPL art. 28 and 31: under-14 data is sensitive and needs a guardian's consent",
            Self::In => "DPDP Act 2023 s. 2(f) and s. 9, DPDP Rules r. 10: under 18 needs verifiable parental consent",
            Self::Ru => {
                "Civil Code art. 21(1) (full capacity at 18) and seed 004 §3.7; 152-FZ sets no age of its own \
                 (check): a configurable default"
            }
            Self::UsCa => "CCPA, Cal. Civ. Code 1798.120(c): opt-in to sale under 16, a parent's under 13",
        }
    }
}

impl FromStr for AgeJurisdiction {
    type Err = InvalidConsent;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|j| j.as_str() == text)
            .ok_or_else(|| InvalidConsent::AgeJurisdiction(text.to_owned()))
    }
}

/// Whether a subject is a minor under a jurisdiction's threshold. The age itself is not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeStatus {
    /// The jurisdiction whose threshold applies.
    pub jurisdiction: AgeJurisdiction,
    /// The threshold used (the jurisdiction's, or the operator's own when it sets one).
    pub threshold_years: u8,
    /// Whether the subject is below it.
    pub minor: bool,
}

impl AgeStatus {
    /// The status of a subject `age_years` old, against `threshold_years` or the jurisdiction's own.
    pub fn new(
        jurisdiction: AgeJurisdiction,
        age_years: u32,
        threshold_years: Option<u8>,
    ) -> Result<AgeStatus, InvalidConsent> {
        if age_years > 150 {
            return Err(InvalidConsent::Age(age_years));
        }
        let threshold_years = threshold_years.unwrap_or_else(|| jurisdiction.threshold_years());
        Ok(AgeStatus { jurisdiction, threshold_years, minor: age_years < u32::from(threshold_years) })
    }
}

/// Full years between `birth` and `today` (0 when `today` is before `birth`).
pub fn age_on(birth: Date, today: Date) -> u32 {
    let years = i32::from(today.year()) - i32::from(birth.year());
    let before_birthday = (today.month(), today.day()) < (birth.month(), birth.day());
    u32::try_from(years - i32::from(before_birthday)).unwrap_or(0)
}

/// Why a subject's processing is blocked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case", deny_unknown_fields)]
pub enum BlockReason {
    /// A minor was found with no consent from a parent or guardian (seed 004 §3.7).
    MinorWithoutGuardianConsent,
    /// Facts are being verified (152-FZ art. 21(1)): inaccurate data or unlawful processing reported.
    Verification {
        /// What is being verified.
        note: Label,
    },
    /// Another reason, written down.
    Other {
        /// The reason.
        note: Label,
    },
}

impl BlockReason {
    /// The reason's name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::MinorWithoutGuardianConsent => "minor_without_guardian_consent",
            Self::Verification { .. } => "verification",
            Self::Other { .. } => "other",
        }
    }
}

/// What one ledger record says.
// Consent records are by far the most common kind, so boxing the large variant would cost an
// allocation on nearly every record to save space on the rare small ones.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RecordBody {
    /// A choice for a purpose.
    Consent(ConsentEvent),
    /// An objection to a purpose.
    Objection(ObjectionEvent),
    /// A GPC opt-out.
    Signal(SignalEvent),
    /// The subject's age status.
    Age(AgeStatus),
    /// Processing of the subject's data blocked.
    Block(BlockReason),
    /// A block lifted.
    Unblock {
        /// Why it was lifted.
        note: Label,
    },
}

impl RecordBody {
    /// The kind's name (`consent`, `objection`, `signal`, `age`, `block`, `unblock`).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Consent(_) => "consent",
            Self::Objection(_) => "objection",
            Self::Signal(_) => "signal",
            Self::Age(_) => "age",
            Self::Block(_) => "block",
            Self::Unblock { .. } => "unblock",
        }
    }

    /// The purpose the record is about, if it is about one.
    pub fn purpose(&self) -> Option<&PurposeId> {
        match self {
            Self::Consent(c) => Some(&c.purpose),
            Self::Objection(o) => Some(&o.purpose),
            _ => None,
        }
    }
}

/// One record of the ledger, as stored. (Not `deny_unknown_fields`: serde does not support it with a
/// flattened body; the body's own structs deny unknown fields.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRecord {
    /// Its id (UUIDv7: ordered by when it was recorded).
    pub id: String,
    /// The subject.
    pub subject: SubjectRef,
    /// When the choice was made (may be before it was recorded, e.g. a signed paper form).
    pub at: Timestamp,
    /// When Tutela recorded it.
    pub recorded_at: Timestamp,
    /// Who recorded it, as the journal names actors.
    pub recorded_by: String,
    /// What it says.
    #[serde(flatten)]
    pub body: RecordBody,
}

impl LedgerRecord {
    /// The record as canonical JSON (sorted keys): what is stored, and what [`Self::sha256`] hashes.
    pub fn canonical_json(&self) -> String {
        serde_json::to_value(self).map(|v| crate::journal::canonical_json(&v)).unwrap_or_default()
    }

    /// SHA-256 of the canonical JSON. The journal entry of the record carries it, so the record can be
    /// shown to be unchanged without putting its personal data (address, user agent, the names in a
    /// distribution consent) into the journal.
    pub fn sha256(&self) -> Sha256Hex {
        Sha256Hex::of(self.canonical_json().as_bytes())
    }

    /// When a given consent expires, if it does.
    pub fn expires_at(&self) -> Option<Timestamp> {
        match &self.body {
            RecordBody::Consent(c) if c.state == ConsentState::Given => c.expiry.resolve(self.at),
            _ => None,
        }
    }

    /// What the journal entry of this record says: enough to read the journal on its own, without the
    /// record's personal data, plus the record's digest.
    pub fn journal_details(&self) -> serde_json::Value {
        let mut details = serde_json::json!({
            "record": self.id,
            "kind": self.body.kind(),
            "at": self.at,
            "record_sha256": self.sha256(),
        });
        let extra = match &self.body {
            RecordBody::Consent(c) => serde_json::json!({
                "purpose": c.purpose, "state": c.state, "method": c.method.kind(), "notice_sha256": c.notice_sha256,
                "given_by": if c.given_by.is_guardian() { "guardian" } else { "subject" },
                "expires_at": self.expires_at(), "distribution": c.distribution.is_some(), "gpc": c.gpc,
            }),
            RecordBody::Objection(o) => serde_json::json!({ "purpose": o.purpose, "method": o.method.kind() }),
            RecordBody::Signal(_) => serde_json::json!({ "signal": "gpc" }),
            RecordBody::Age(a) => serde_json::json!({
                "jurisdiction": a.jurisdiction, "threshold_years": a.threshold_years, "minor": a.minor,
            }),
            RecordBody::Block(reason) => serde_json::json!({ "reason": reason.as_str() }),
            RecordBody::Unblock { .. } => serde_json::json!({}),
        };
        if let (Some(details), serde_json::Value::Object(extra)) = (details.as_object_mut(), extra) {
            details.extend(extra);
        }
        details
    }

    /// Refuses a record whose effective instant lies after `now` (beyond [`MAX_FUTURE_SKEW_S`]).
    pub fn check_not_future(at: Timestamp, now: Timestamp) -> Result<(), InvalidConsent> {
        if at > now + SignedDuration::from_secs(MAX_FUTURE_SKEW_S) {
            return Err(InvalidConsent::InFuture { at, now });
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------------
// Current state

/// Orders two records by effective instant, then by id (record order).
fn newer(candidate: (Timestamp, &str), current: Option<(Timestamp, &str)>) -> bool {
    current.is_none_or(|current| candidate > current)
}

/// A record that decides something, with its instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// The record's id.
    pub record_id: String,
    /// Its effective instant.
    pub at: Timestamp,
}

/// The current consent for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentSnapshot {
    /// The record.
    pub record_id: String,
    /// Its state.
    pub state: ConsentState,
    /// When it was made.
    pub at: Timestamp,
    /// When a given consent expires.
    pub expires_at: Option<Timestamp>,
    /// Whether a parent or guardian gave it.
    pub by_guardian: bool,
    /// For a consent to distribution, its terms (boxed: most consents have none, and a snapshot is
    /// kept per subject and purpose in the decision cache).
    pub distribution: Option<Box<DistributionTerms>>,
}

/// The subject's current state for one purpose.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeView {
    /// The newest consent record.
    pub consent: Option<ConsentSnapshot>,
    /// The newest objection.
    pub objection: Option<Marker>,
}

/// The newest block or unblock record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockMarker {
    /// The record.
    pub record_id: String,
    /// When.
    pub at: Timestamp,
    /// The block's reason; `None` for an unblock.
    pub reason: Option<BlockReason>,
}

/// The subject's state that applies to every purpose.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectView {
    /// The newest block or unblock.
    pub block: Option<BlockMarker>,
    /// The newest GPC opt-out.
    pub gpc: Option<Marker>,
    /// The newest age status, with its record.
    pub age: Option<(Marker, AgeStatus)>,
}

impl SubjectView {
    /// The standing block, if the newest block-or-unblock record is a block.
    pub fn standing_block(&self) -> Option<(&BlockMarker, &BlockReason)> {
        self.block.as_ref().and_then(|b| b.reason.as_ref().map(|reason| (b, reason)))
    }

    /// Whether the subject's newest age status says they are a minor.
    pub fn is_minor(&self) -> bool {
        self.age.as_ref().is_some_and(|(_, status)| status.minor)
    }
}

/// Everything the ledger knows about one subject now: the fold of their records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectState {
    /// State that applies to every purpose.
    pub subject: SubjectView,
    /// State per purpose.
    pub purposes: PurposeStates,
}

/// The state of each purpose a subject has records for, sorted by purpose id. A sorted vector, not a
/// B-tree: a subject has a handful of purposes, and a B-tree's smallest node holds eleven, which
/// made every subject in the decision cache about three times as large. Serialized as a map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurposeStates(Vec<(PurposeId, PurposeView)>);

impl PurposeStates {
    /// The state of `purpose`, if the subject has records for it.
    pub fn get(&self, purpose: &PurposeId) -> Option<&PurposeView> {
        self.0.binary_search_by(|(id, _)| id.cmp(purpose)).ok().map(|at| &self.0[at].1)
    }

    /// The state of `purpose`, added empty when missing.
    pub fn entry(&mut self, purpose: &PurposeId) -> &mut PurposeView {
        let at = match self.0.binary_search_by(|(id, _)| id.cmp(purpose)) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (purpose.clone(), PurposeView::default()));
                at
            }
        };
        &mut self.0[at].1
    }

    /// Sets the state of `purpose`.
    pub fn insert(&mut self, purpose: PurposeId, view: PurposeView) {
        *self.entry(&purpose) = view;
    }

    /// Each purpose and its state, by purpose id.
    pub fn iter(&self) -> impl Iterator<Item = (&PurposeId, &PurposeView)> {
        self.0.iter().map(|(id, view)| (id, view))
    }

    /// Each state, by purpose id.
    pub fn values(&self) -> impl Iterator<Item = &PurposeView> {
        self.0.iter().map(|(_, view)| view)
    }

    /// How many purposes there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Frees spare capacity: for states kept long, such as the decision cache's.
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl Serialize for PurposeStates {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for PurposeStates {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<PurposeId, PurposeView>::deserialize(deserializer)?;
        Ok(PurposeStates(map.into_iter().collect()))
    }
}

impl SubjectState {
    /// Folds one record in. Records may come in any order: each slot keeps the newest by
    /// (`at`, id), so the result does not depend on the order of arrival.
    pub fn apply(&mut self, record: &LedgerRecord) {
        let key = (record.at, record.id.as_str());
        let marker = || Marker { record_id: record.id.clone(), at: record.at };
        match &record.body {
            RecordBody::Consent(c) => {
                let view = self.purposes.entry(&c.purpose);
                if newer(key, view.consent.as_ref().map(|s| (s.at, s.record_id.as_str()))) {
                    view.consent = Some(ConsentSnapshot {
                        record_id: record.id.clone(),
                        state: c.state,
                        at: record.at,
                        expires_at: record.expires_at(),
                        by_guardian: c.given_by.is_guardian(),
                        distribution: c.distribution.clone().map(Box::new),
                    });
                }
            }
            RecordBody::Objection(o) => {
                let view = self.purposes.entry(&o.purpose);
                if newer(key, view.objection.as_ref().map(|m| (m.at, m.record_id.as_str()))) {
                    view.objection = Some(marker());
                }
            }
            RecordBody::Signal(_) => {
                if newer(key, self.subject.gpc.as_ref().map(|m| (m.at, m.record_id.as_str()))) {
                    self.subject.gpc = Some(marker());
                }
            }
            RecordBody::Age(status) => {
                if newer(key, self.subject.age.as_ref().map(|(m, _)| (m.at, m.record_id.as_str()))) {
                    self.subject.age = Some((marker(), *status));
                }
            }
            RecordBody::Block(_) | RecordBody::Unblock { .. } => {
                if newer(key, self.subject.block.as_ref().map(|b| (b.at, b.record_id.as_str()))) {
                    let reason = match &record.body {
                        RecordBody::Block(reason) => Some(reason.clone()),
                        _ => None,
                    };
                    self.subject.block = Some(BlockMarker { record_id: record.id.clone(), at: record.at, reason });
                }
            }
        }
    }

    /// The state for one purpose (empty when the subject has no record for it).
    pub fn purpose(&self, purpose: &PurposeId) -> PurposeView {
        self.purposes.get(purpose).cloned().unwrap_or_default()
    }

    /// Whether a parent or guardian's consent is in force for any purpose at `now`.
    pub fn has_guardian_consent(&self, now: Timestamp) -> bool {
        self.purposes.values().filter_map(|v| v.consent.as_ref()).any(|c| c.by_guardian && in_force(c, now))
    }
}

fn in_force(consent: &ConsentSnapshot, now: Timestamp) -> bool {
    consent.state == ConsentState::Given && consent.at <= now && consent.expires_at.is_none_or(|e| now < e)
}

/// Whether finding that a subject is a minor must block their processing at once (seed 004 §3.7):
/// they are a minor and no parent's or guardian's consent is in force.
pub fn minor_block_required(state: &SubjectState, now: Timestamp) -> bool {
    state.subject.is_minor() && !state.has_guardian_consent(now) && state.subject.standing_block().is_none()
}

/// Whether a block placed because a minor had no guardian's consent can be lifted: a parent's or
/// guardian's consent is now in force, or the subject is no longer recorded as a minor.
pub fn minor_block_resolved(state: &SubjectState, now: Timestamp) -> bool {
    matches!(state.subject.standing_block(), Some((_, BlockReason::MinorWithoutGuardianConsent)))
        && (!state.subject.is_minor() || state.has_guardian_consent(now))
}

// ---------------------------------------------------------------------------------------------------
// Decisions

/// The legal basis of a purpose, as the data map declares it (GDPR art. 6(1); 152-FZ art. 6(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The subject's consent.
    Consent,
    /// A contract with the subject.
    Contract,
    /// A legal obligation of the operator.
    LegalObligation,
    /// Someone's vital interests.
    VitalInterest,
    /// A task in the public interest.
    PublicTask,
    /// Legitimate interests.
    LegitimateInterest,
}

impl Basis {
    /// The name, as the data map writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consent => "consent",
            Self::Contract => "contract",
            Self::LegalObligation => "legal_obligation",
            Self::VitalInterest => "vital_interest",
            Self::PublicTask => "public_task",
            Self::LegitimateInterest => "legitimate_interest",
        }
    }

    /// Whether an objection stops processing on this basis: GDPR art. 21(1) covers art. 6(1)(e) and
    /// (f); on consent an objection works as a withdrawal (art. 7(3)).
    pub fn objection_applies(self) -> bool {
        matches!(self, Self::Consent | Self::LegitimateInterest | Self::PublicTask)
    }
}

/// What a decision needs to know about a purpose, from the data map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurposeRule {
    /// The purpose's legal basis.
    pub basis: Basis,
    /// The data map says a parent or guardian gives the consent (`given_by: parent_or_guardian`).
    pub guardian_consent: bool,
    /// The purpose sells or shares data or targets advertising, so a GPC signal opts out of it.
    pub gpc_opt_out: bool,
}

/// Why a decision refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// No consent was ever recorded for the purpose.
    NoConsent,
    /// The subject refused.
    Refused,
    /// The subject withdrew.
    Withdrawn,
    /// The consent's term ran out.
    Expired,
    /// Processing of the subject's data is blocked.
    Blocked,
    /// The subject objected.
    Objection,
    /// The subject's browser sent a Global Privacy Control opt-out.
    Gpc,
    /// A minor's consent, or a purpose that asks for a guardian's, was not given by a guardian.
    GuardianConsentRequired,
    /// The data item is not among those the subject allowed to be distributed.
    NotInDistributionConsent,
    /// The subject forbade this use of the distributed item (152-FZ art. 10.1(9)).
    DistributionProhibited,
}

impl Refusal {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoConsent => "no_consent",
            Self::Refused => "refused",
            Self::Withdrawn => "withdrawn",
            Self::Expired => "expired",
            Self::Blocked => "blocked",
            Self::Objection => "objection",
            Self::Gpc => "gpc",
            Self::GuardianConsentRequired => "guardian_consent_required",
            Self::NotInDistributionConsent => "not_in_distribution_consent",
            Self::DistributionProhibited => "distribution_prohibited",
        }
    }
}

/// The answer to "may this subject's data be used for this purpose now?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// Whether it may.
    pub allowed: bool,
    /// The purpose's legal basis.
    pub basis: Basis,
    /// The record that proves the answer: the consent that allows it, or the refusal, withdrawal,
    /// block, objection or signal that refuses it. `None` for a non-consent basis, and when no record
    /// exists.
    pub record_id: Option<String>,
    /// Why it may not.
    pub reason: Option<Refusal>,
}

impl Decision {
    fn allow(basis: Basis, record_id: Option<String>) -> Self {
        Decision { allowed: true, basis, record_id, reason: None }
    }

    fn refuse(basis: Basis, reason: Refusal, record_id: Option<String>) -> Self {
        Decision { allowed: false, basis, record_id, reason: Some(reason) }
    }
}

/// Decides whether the subject's data may be used for the purpose at `now`; the rules are in the
/// module documentation.
pub fn decide(rule: &PurposeRule, subject: &SubjectView, purpose: &PurposeView, now: Timestamp) -> Decision {
    let basis = rule.basis;
    if let Some((block, _)) = subject.standing_block() {
        return Decision::refuse(basis, Refusal::Blocked, Some(block.record_id.clone()));
    }
    // A record made after `now` does not count yet.
    let consent = purpose.consent.as_ref().filter(|c| c.at <= now);
    let given_at = consent.filter(|c| c.state == ConsentState::Given).map(|c| c.at);
    let stands = |marker: &Marker| marker.at <= now && given_at.is_none_or(|given| marker.at >= given);
    if basis.objection_applies()
        && let Some(objection) = purpose.objection.as_ref().filter(|m| stands(m))
    {
        return Decision::refuse(basis, Refusal::Objection, Some(objection.record_id.clone()));
    }
    if rule.gpc_opt_out
        && let Some(signal) = subject.gpc.as_ref().filter(|m| stands(m))
    {
        return Decision::refuse(basis, Refusal::Gpc, Some(signal.record_id.clone()));
    }
    if basis != Basis::Consent {
        return match consent {
            Some(c) if rule.gpc_opt_out && matches!(c.state, ConsentState::Refused | ConsentState::Withdrawn) => {
                Decision::refuse(basis, refusal_of(c.state), Some(c.record_id.clone()))
            }
            _ => Decision::allow(basis, None),
        };
    }
    let Some(consent) = consent else { return Decision::refuse(basis, Refusal::NoConsent, None) };
    let record = Some(consent.record_id.clone());
    if consent.state != ConsentState::Given {
        return Decision::refuse(basis, refusal_of(consent.state), record);
    }
    if consent.expires_at.is_some_and(|expires| expires <= now) {
        return Decision::refuse(basis, Refusal::Expired, record);
    }
    if (rule.guardian_consent || subject.is_minor()) && !consent.by_guardian {
        return Decision::refuse(basis, Refusal::GuardianConsentRequired, record);
    }
    Decision::allow(basis, record)
}

fn refusal_of(state: ConsentState) -> Refusal {
    match state {
        ConsentState::Given => Refusal::NoConsent,
        ConsentState::Refused => Refusal::Refused,
        ConsentState::Withdrawn => Refusal::Withdrawn,
        ConsentState::Expired => Refusal::Expired,
    }
}

/// What is done with a data item allowed for distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DistributionUse {
    /// Made accessible to an unlimited circle of persons on the operator's resources.
    Publish,
    /// Handed over (transferred) to an unlimited circle of persons.
    Transfer,
}

/// Decides whether `item` may be distributed for the purpose at `now` (152-FZ art. 10.1): the
/// purpose's own decision must allow it, its consent must carry distribution terms listing the item,
/// and the subject must not have forbidden a transfer when one is asked for. The item's terms come
/// back with an allowed decision so the caller publishes its conditions with it.
pub fn decide_distribution<'a>(
    rule: &PurposeRule,
    subject: &SubjectView,
    purpose: &'a PurposeView,
    item: &str,
    used_as: DistributionUse,
    now: Timestamp,
) -> (Decision, Option<&'a DistributionItem>) {
    let decision = decide(rule, subject, purpose, now);
    if !decision.allowed {
        return (decision, None);
    }
    let terms = purpose.consent.as_ref().and_then(|c| c.distribution.as_ref()).and_then(|t| t.item(item));
    let record = decision.record_id.clone();
    match terms {
        None => (Decision::refuse(rule.basis, Refusal::NotInDistributionConsent, record), None),
        Some(terms) if used_as == DistributionUse::Transfer && terms.prohibit_transfer => {
            (Decision::refuse(rule.basis, Refusal::DistributionProhibited, record), Some(terms))
        }
        Some(terms) => (decision, Some(terms)),
    }
}

/// Whether a subject's data must be destroyed after a withdrawal or objection (152-FZ art. 21(5):
/// stop and destroy within 30 days "unless the operator may process without consent on other
/// grounds"): true when none of `decisions` (for every consent purpose of the data map, made after
/// the change) allows processing and the operator names no other basis it still processes the data
/// on (`retained_on`).
pub fn destruction_required<'a>(decisions: impl IntoIterator<Item = &'a Decision>, retained_on: &[Basis]) -> bool {
    retained_on.iter().all(|basis| *basis == Basis::Consent) && !decisions.into_iter().any(|d| d.allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purpose_states_stay_sorted_and_serialize_as_a_map() {
        let mut states = PurposeStates::default();
        for id in ["offers", "analytics", "newsletter", "analytics"] {
            states.entry(&PurposeId::parse(id).unwrap()).objection = Some(Marker { record_id: id.into(), at: ts(1) });
        }
        let ids: Vec<&str> = states.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["analytics", "newsletter", "offers"]);
        assert!(states.get(&PurposeId::parse("billing").unwrap()).is_none());
        let json = serde_json::to_value(&states).unwrap();
        assert_eq!(json.as_object().map(|m| m.len()), Some(3), "{json}");
        assert_eq!(json["newsletter"]["objection"]["record_id"], "newsletter");
        let back: PurposeStates = serde_json::from_value(json).unwrap();
        assert_eq!(back, states);
    }

    fn ts(second: i64) -> Timestamp {
        Timestamp::from_second(second).unwrap()
    }

    fn consent(id: &str, at: i64, state: ConsentState, expiry: Expiry) -> LedgerRecord {
        LedgerRecord {
            id: id.into(),
            subject: SubjectRef::parse("s1").unwrap(),
            at: ts(at),
            recorded_at: ts(at),
            recorded_by: "token:t".into(),
            body: RecordBody::Consent(ConsentEvent {
                purpose: PurposeId::parse("newsletter").unwrap(),
                state,
                method: Method::FormButton {
                    form: Label::parse("form", "signup").unwrap(),
                    button: Label::parse("button", "Записаться").unwrap(),
                },
                channel: Channel::Web,
                notice_sha256: Some(Sha256Hex::of(b"notice")),
                language: Some(LanguageTag::parse("ru").unwrap()),
                ip: None,
                user_agent: None,
                expiry,
                given_by: Giver::Subject,
                distribution: None,
                gpc: false,
            }),
        }
    }

    const CONSENT_RULE: PurposeRule =
        PurposeRule { basis: Basis::Consent, guardian_consent: false, gpc_opt_out: false };

    fn decide_after(records: &[LedgerRecord], rule: PurposeRule, now: i64) -> Decision {
        let mut state = SubjectState::default();
        for record in records {
            state.apply(record);
        }
        decide(&rule, &state.subject, &state.purpose(&PurposeId::parse("newsletter").unwrap()), ts(now))
    }

    #[test]
    fn names_parse() {
        assert!(SubjectRef::parse("cust-1042").is_ok());
        assert!(SubjectRef::parse("anna@example.com").is_err());
        assert!(SubjectRef::parse("").is_err());
        assert!(SubjectRef::parse(" padded").is_err());
        assert!(PurposeId::parse("newsletter").is_ok());
        assert!(PurposeId::parse("News").is_err());
        assert!(LanguageTag::parse("en-GB").is_ok());
        assert!(LanguageTag::parse("english language").is_err());
        assert!(Sha256Hex::parse(&"a".repeat(64)).is_ok());
        assert!(Sha256Hex::parse("abc").is_err());
    }

    #[test]
    fn expiry_parses_every_form() {
        assert_eq!(Expiry::parse("until_purpose_reached"), Ok(Expiry::UntilPurposeReached));
        assert_eq!(Expiry::parse("2026-01-31").unwrap().resolve(ts(0)), Some("2026-02-01T00:00:00Z".parse().unwrap()));
        assert_eq!(Expiry::parse("2026-01-31T10:00:00Z").unwrap().to_string(), "2026-01-31T10:00:00Z");
        let month = Expiry::parse("1 month").unwrap();
        let given: Timestamp = "2025-01-31T12:00:00Z".parse().unwrap();
        assert_eq!(month.resolve(given), Some("2025-02-28T12:00:00Z".parse().unwrap()));
        assert_eq!(Expiry::parse("12 months").unwrap().to_string(), "12 months");
        for bad in ["forever", "0 days", "101 years", "-1 days", "3 fortnights", ""] {
            assert!(Expiry::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn withdrawal_after_consent_refuses_and_names_the_withdrawal() {
        let records = [
            consent("r1", 100, ConsentState::Given, Expiry::UntilPurposeReached),
            consent("r2", 200, ConsentState::Withdrawn, Expiry::UntilPurposeReached),
        ];
        let decision = decide_after(&records, CONSENT_RULE, 300);
        assert_eq!(
            (decision.allowed, decision.reason, decision.record_id.as_deref()),
            (false, Some(Refusal::Withdrawn), Some("r2"))
        );
        // A paper consent signed before the withdrawal and recorded after it does not override it.
        let late_paper = consent("r3", 150, ConsentState::Given, Expiry::UntilPurposeReached);
        let decision = decide_after(&[records[0].clone(), records[1].clone(), late_paper], CONSENT_RULE, 300);
        assert_eq!(decision.reason, Some(Refusal::Withdrawn));
    }

    #[test]
    fn a_consent_expires_at_its_term() {
        let records = [consent("r1", 0, ConsentState::Given, Expiry::parse("30 days").unwrap())];
        assert!(decide_after(&records, CONSENT_RULE, 30 * 86_400 - 1).allowed);
        let decision = decide_after(&records, CONSENT_RULE, 30 * 86_400);
        assert_eq!(decision.reason, Some(Refusal::Expired));
    }

    #[test]
    fn gpc_refuses_opt_out_purposes_until_a_later_consent() {
        let rule = PurposeRule { basis: Basis::LegitimateInterest, guardian_consent: false, gpc_opt_out: true };
        let signal = LedgerRecord {
            body: RecordBody::Signal(SignalEvent { channel: Channel::Web, user_agent: None }),
            ..consent("g1", 100, ConsentState::Given, Expiry::UntilPurposeReached)
        };
        assert!(decide_after(&[], rule, 50).allowed);
        assert_eq!(decide_after(std::slice::from_ref(&signal), rule, 150).reason, Some(Refusal::Gpc));
        let later = consent("r2", 200, ConsentState::Given, Expiry::UntilPurposeReached);
        assert!(decide_after(&[signal.clone(), later], rule, 250).allowed);
        let not_covered = PurposeRule { gpc_opt_out: false, ..rule };
        assert!(decide_after(&[signal], not_covered, 150).allowed);
    }

    #[test]
    fn a_minor_needs_a_guardians_consent() {
        let age = LedgerRecord {
            body: RecordBody::Age(AgeStatus::new(AgeJurisdiction::Bg, 13, None).unwrap()),
            ..consent("a1", 50, ConsentState::Given, Expiry::UntilPurposeReached)
        };
        let own = consent("r1", 100, ConsentState::Given, Expiry::UntilPurposeReached);
        assert_eq!(decide_after(&[age.clone(), own], CONSENT_RULE, 150).reason, Some(Refusal::GuardianConsentRequired));
        let mut guardian = consent("r2", 100, ConsentState::Given, Expiry::UntilPurposeReached);
        if let RecordBody::Consent(c) = &mut guardian.body {
            c.given_by = Giver::Guardian { guardian_ref: SubjectRef::parse("parent-1").unwrap() };
        }
        assert!(decide_after(&[age, guardian], CONSENT_RULE, 150).allowed);
    }

    #[test]
    fn age_thresholds_follow_the_law() {
        let minor = |j, age| AgeStatus::new(j, age, None).unwrap().minor;
        assert!(minor(AgeJurisdiction::Bg, 13) && !minor(AgeJurisdiction::Bg, 14));
        assert!(minor(AgeJurisdiction::Eu, 15) && !minor(AgeJurisdiction::Eu, 16));
        assert!(minor(AgeJurisdiction::Cn, 13) && !minor(AgeJurisdiction::Cn, 14));
        assert!(minor(AgeJurisdiction::In, 17) && !minor(AgeJurisdiction::In, 18));
        assert!(minor(AgeJurisdiction::Ru, 17) && !minor(AgeJurisdiction::Ru, 18));
        assert!(!AgeStatus::new(AgeJurisdiction::Eu, 13, Some(13)).unwrap().minor, "a member state may lower it");
        assert_eq!(age_on("2010-06-15".parse().unwrap(), "2024-06-14".parse().unwrap()), 13);
        assert_eq!(age_on("2010-06-15".parse().unwrap(), "2024-06-15".parse().unwrap()), 14);
        assert!(AgeStatus::new(AgeJurisdiction::Eu, 200, None).is_err());
    }

    #[test]
    fn distribution_respects_items_and_prohibitions() {
        let terms = DistributionTerms {
            subject_name: Label::parse("name", "Иванов Иван").unwrap(),
            subject_contact: Label::parse("contact", "+7 900 000 00 00").unwrap(),
            items: vec![DistributionItem {
                item: Label::parse("item", "photo").unwrap(),
                prohibit_transfer: true,
                prohibit_processing: false,
                conditions: Some(Label::parse("conditions", "only on the reviews page").unwrap()),
            }],
            resources: vec![Label::parse("resource", "https://kursy.example/reviews").unwrap()],
        };
        let mut record = consent("r1", 0, ConsentState::Given, Expiry::parse("1 year").unwrap());
        if let RecordBody::Consent(c) = &mut record.body {
            c.distribution = Some(terms);
            assert_eq!(c.check(), Ok(()));
            c.expiry = Expiry::UntilPurposeReached;
            assert!(matches!(c.check(), Err(InvalidConsent::Distribution(_))));
        }
        let mut state = SubjectState::default();
        state.apply(&record);
        let view = state.purpose(&PurposeId::parse("newsletter").unwrap());
        let subject = &state.subject;
        let (publish, item) =
            decide_distribution(&CONSENT_RULE, subject, &view, "photo", DistributionUse::Publish, ts(10));
        assert!(publish.allowed);
        assert_eq!(item.and_then(|i| i.conditions.as_ref()).map(Label::as_str), Some("only on the reviews page"));
        let (transfer, _) =
            decide_distribution(&CONSENT_RULE, subject, &view, "photo", DistributionUse::Transfer, ts(10));
        assert_eq!(transfer.reason, Some(Refusal::DistributionProhibited));
        let (other, _) = decide_distribution(&CONSENT_RULE, subject, &view, "phone", DistributionUse::Publish, ts(10));
        assert_eq!(other.reason, Some(Refusal::NotInDistributionConsent));
    }

    #[test]
    fn destruction_only_when_no_basis_is_left() {
        let allowed = Decision::allow(Basis::Consent, Some("r".into()));
        let refused = Decision::refuse(Basis::Consent, Refusal::Withdrawn, Some("w".into()));
        assert!(destruction_required([&refused], &[]));
        assert!(!destruction_required([&refused, &allowed], &[]));
        assert!(!destruction_required([&refused], &[Basis::Contract]));
    }

    #[test]
    fn a_record_round_trips_and_its_digest_covers_personal_fields() {
        let mut record = consent("r1", 0, ConsentState::Given, Expiry::UntilPurposeReached);
        let text = record.canonical_json();
        let back: LedgerRecord = serde_json::from_str(&text).unwrap();
        assert_eq!(back, record);
        let digest = record.sha256();
        if let RecordBody::Consent(c) = &mut record.body {
            c.ip = Some("192.0.2.1".parse().unwrap());
        }
        assert_ne!(record.sha256(), digest);
        assert!(!record.journal_details().to_string().contains("192.0.2.1"), "no address in the journal");
    }
}
