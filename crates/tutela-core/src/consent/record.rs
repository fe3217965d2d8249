//! The ledger's records: a consent event with its method, channel, expiry, giver and 152-FZ art. 10.1 distribution terms; objections, signals, age statuses and blocks.

use super::*;

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

impl Channel {
    /// The channel as the API and records write it (`in_person`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::App => "app",
            Channel::Email => "email",
            Channel::Phone => "phone",
            Channel::Paper => "paper",
            Channel::InPerson => "in_person",
            Channel::Api => "api",
            Channel::System => "system",
        }
    }
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
    /// A choice made by the subject for `purpose` by `method` on `channel`, with nothing else known
    /// (no notice, language, address or term: until the purpose is reached); a caller that knows
    /// more sets the fields.
    pub fn choice(purpose: PurposeId, state: ConsentState, method: Method, channel: Channel) -> ConsentEvent {
        ConsentEvent {
            purpose,
            state,
            method,
            channel,
            notice_sha256: None,
            language: None,
            ip: None,
            user_agent: None,
            expiry: Expiry::UntilPurposeReached,
            given_by: Giver::Subject,
            distribution: None,
            gpc: false,
        }
    }

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
