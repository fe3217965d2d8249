//! The rule table: for each jurisdiction and request type, what the law says the operator must do by
//! when, with the article that says so. Every row comes from `legal/deadlines.md` ("Data-subject
//! requests"); see the module doc of [`crate::request`] for how the rows are read.
//!
//! The table is total: every jurisdiction × request type pair has at least one row, so a pair the
//! fact sheet gives no period for is answered with its reason ([`RuleKind::NoSuchRight`],
//! [`RuleKind::NoStatutoryDeadline`]), never with an invented deadline. Rows of one pair are listed
//! in the order they fall due; the last one closes the request (CCPA: acknowledge, then answer;
//! 152-FZ erasure: stop, then destroy).

use serde::Serialize;

use crate::consent::DESTRUCTION_AFTER_WITHDRAWAL;
use crate::deadline::DurationSpec;

use super::names::{Jurisdiction, RequestType};

/// What a row's deadline is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Milestone {
    /// Confirm receipt of the request (CCPA).
    Acknowledge,
    /// Answer the request: give the data, act on it, or refuse with reasons.
    Answer,
    /// Block (restrict) the data (152-FZ art. 21(1)).
    Block,
    /// Stop the processing.
    Stop,
    /// Destroy (erase) the data.
    Destroy,
}

impl Milestone {
    /// The id: `acknowledge`, `answer`, `block`, `stop` or `destroy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Acknowledge => "acknowledge",
            Self::Answer => "answer",
            Self::Block => "block",
            Self::Stop => "stop",
            Self::Destroy => "destroy",
        }
    }

    /// What is done, as an imperative for a clock's label ("Stop the processing").
    pub fn imperative(self) -> &'static str {
        match self {
            Self::Acknowledge => "Acknowledge",
            Self::Answer => "Answer",
            Self::Block => "Block the data of",
            Self::Stop => "Stop the processing named in",
            Self::Destroy => "Destroy the data named in",
        }
    }
}

/// The extension a rule allows, and on what condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Extension {
    /// The period added, in the same unit as the rule's own (DurationSpec text, canonical form).
    pub duration: &'static str,
    /// When it may be taken.
    pub condition: &'static str,
    /// The article that allows it.
    pub article: &'static str,
}

impl Extension {
    /// The period added.
    pub fn duration(&self) -> DurationSpec {
        self.duration.parse().expect("the rule table's extensions are valid durations (tested)")
    }
}

/// What a row says about its pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleKind {
    /// A period counted from receipt of the request, perhaps with an extension.
    Period {
        /// The period (DurationSpec text, canonical form, e.g. `10 working days`).
        duration: &'static str,
        /// The extension the law allows, if any.
        extension: Option<Extension>,
    },
    /// The law grants no such right (152-FZ has no portability): there is nothing to count.
    NoSuchRight,
    /// The right exists, but the fact sheet gives no period for it: the operator's own promise (an
    /// SLA policy) is the only deadline.
    NoStatutoryDeadline,
}

/// One row of the rule table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RequestRule {
    /// The law.
    pub jurisdiction: Jurisdiction,
    /// The right exercised.
    #[serde(rename = "type")]
    pub request_type: RequestType,
    /// What the deadline is for.
    pub milestone: Milestone,
    /// The period, or why there is none.
    #[serde(flatten)]
    pub kind: RuleKind,
    /// The article cited, e.g. `GDPR art. 12(3), 15`.
    pub article: &'static str,
    /// What the rule says, in one or two English sentences.
    pub text: &'static str,
    /// Whether the period is Tutela's default rather than a number the law sets: the fact sheet
    /// marks it *check*, or the law says only "in a timely manner". Shown as such; an operator may
    /// replace it with its own.
    pub configurable_default: bool,
}

impl RequestRule {
    /// The period, for a [`RuleKind::Period`] row.
    pub fn duration(&self) -> Option<DurationSpec> {
        match self.kind {
            RuleKind::Period { duration, .. } => {
                Some(duration.parse().expect("the rule table's periods are valid durations (tested)"))
            }
            RuleKind::NoSuchRight | RuleKind::NoStatutoryDeadline => None,
        }
    }

    /// The extension the row allows, if any.
    pub fn extension(&self) -> Option<&Extension> {
        match &self.kind {
            RuleKind::Period { extension, .. } => extension.as_ref(),
            RuleKind::NoSuchRight | RuleKind::NoStatutoryDeadline => None,
        }
    }

    /// The whole period once extended, counted from receipt: the period plus the extension (GDPR's
    /// "two further months" make three months from receipt; the CCPA's "maximum total of 90
    /// calendar days from the day the request is received"). `None` without an extension.
    pub fn extended_duration(&self) -> Option<DurationSpec> {
        let (period, extension) = (self.duration()?, self.extension()?.duration());
        assert_eq!(period.unit(), extension.unit(), "the rule table's extensions share their period's unit (tested)");
        Some(
            DurationSpec::new(period.count() + extension.count(), period.unit())
                .expect("the rule table's extended periods are small (tested)"),
        )
    }

    /// Whether the row is for `jurisdiction` and `request_type`.
    fn is_for(&self, jurisdiction: Jurisdiction, request_type: RequestType) -> bool {
        self.jurisdiction == jurisdiction && self.request_type == request_type
    }
}

/// The rows for a pair, in the order they fall due.
pub fn rules_for(
    jurisdiction: Jurisdiction,
    request_type: RequestType,
) -> impl Iterator<Item = &'static RequestRule> + Clone {
    RULES.iter().filter(move |rule| rule.is_for(jurisdiction, request_type))
}

/// The row that closes a request of the pair (its last milestone), if the table has the pair.
pub fn closing_rule(jurisdiction: Jurisdiction, request_type: RequestType) -> Option<&'static RequestRule> {
    rules_for(jurisdiction, request_type).last()
}

// ---------------------------------------------------------------------------------------------------
// Periods and extensions used by several rows

/// GDPR art. 12(3): one month from receipt.
const GDPR_ANSWER_1_MONTH: &str = "1 month";
/// GDPR art. 12(3): two further months for complex or numerous requests.
const GDPR_EXTENSION_2_MONTHS: Extension = Extension {
    duration: "2 months",
    condition: "the request is complex or one of many, and the subject is told so, with the reasons, within \
                the first month from receipt",
    article: "GDPR art. 12(3)",
};
/// 152-FZ arts. 14(3), 20(1) and 21(5.1): ten working days.
const RU_ANSWER_10_WORKING_DAYS: &str = "10 working days";
/// 152-FZ art. 14(3), 20(1): five more working days for access.
const RU_ACCESS_EXTENSION_5_WORKING_DAYS: Extension = Extension {
    duration: "5 working days",
    condition: "the operator sends the subject a reasoned notice of the extension before the 10 working days end",
    article: "152-FZ art. 14(3), 20(1)",
};
/// PIPL: Tutela's configurable default for "in a timely manner" (arts. 45, 50).
const CN_DEFAULT_15_WORKING_DAYS: &str = "15 working days";
/// DPDP Rules 2025 r. 14: grievances answered within 90 days (check).
const IN_GRIEVANCE_90_DAYS: &str = "90 days";
/// 11 CCR §7021(a): confirm receipt within 10 business days (a business day is a working day on the
/// `us-ca` calendar).
const CCPA_ACKNOWLEDGE_10_WORKING_DAYS: &str = "10 working days";
/// 11 CCR §7021(b): respond within 45 calendar days.
const CCPA_ANSWER_45_DAYS: &str = "45 days";
/// 11 CCR §7021(b): 45 more calendar days with notice.
const CCPA_EXTENSION_45_DAYS: Extension = Extension {
    duration: "45 days",
    condition: "the business tells the consumer, with the reason, within the first 45 days; 90 calendar days \
                from receipt in all",
    article: "11 CCR §7021(b)",
};
/// 11 CCR §7026(f): stop selling or sharing within 15 business days.
const CCPA_OPT_OUT_15_WORKING_DAYS: &str = "15 working days";
/// LGPD art. 19, II: a full declaration within 15 (calendar) days.
const LGPD_DECLARATION_15_DAYS: &str = "15 days";

const fn period(
    jurisdiction: Jurisdiction,
    request_type: RequestType,
    milestone: Milestone,
    duration: &'static str,
    extension: Option<Extension>,
    article: &'static str,
    text: &'static str,
) -> RequestRule {
    let kind = RuleKind::Period { duration, extension };
    RequestRule { jurisdiction, request_type, milestone, kind, article, text, configurable_default: false }
}

const fn configurable(rule: RequestRule) -> RequestRule {
    RequestRule { configurable_default: true, ..rule }
}

const fn no_such_right(
    jurisdiction: Jurisdiction,
    request_type: RequestType,
    article: &'static str,
    text: &'static str,
) -> RequestRule {
    let (milestone, kind, configurable_default) = (Milestone::Answer, RuleKind::NoSuchRight, false);
    RequestRule { jurisdiction, request_type, milestone, kind, article, text, configurable_default }
}

const fn no_deadline(
    jurisdiction: Jurisdiction,
    request_type: RequestType,
    article: &'static str,
    text: &'static str,
) -> RequestRule {
    let (milestone, kind, configurable_default) = (Milestone::Answer, RuleKind::NoStatutoryDeadline, false);
    RequestRule { jurisdiction, request_type, milestone, kind, article, text, configurable_default }
}

use Jurisdiction::{BrLgpd, CnPipl, EuGdpr, InDpdp, Ru152fz, UsCaCcpa};
use Milestone::{Acknowledge, Answer, Block, Destroy, Stop};
use RequestType::{
    Access, AccountClosure, Complaint, Erasure, Objection, Portability, Rectification, Restriction, Withdrawal,
};

/// The rule table. Each row cites its article; `legal/deadlines.md` is the source of every number.
pub static RULES: &[RequestRule] = &[
    // --- EU GDPR: arts. 15-21 answered within one month of receipt, +2 months (art. 12(3)); a period
    // ending on a day off ends on the next working day (Reg. 1182/71 art. 3(4)).
    period(
        EuGdpr,
        Access,
        Answer,
        GDPR_ANSWER_1_MONTH,
        Some(GDPR_EXTENSION_2_MONTHS),
        "GDPR art. 12(3), 15",
        "Give the subject access to their data within one month of receipt.",
    ),
    period(
        EuGdpr,
        Portability,
        Answer,
        GDPR_ANSWER_1_MONTH,
        Some(GDPR_EXTENSION_2_MONTHS),
        "GDPR art. 12(3), 20",
        "Provide the data in a structured, commonly used, machine-readable format, or transmit it directly \
         to another controller where feasible, within one month of receipt.",
    ),
    period(
        EuGdpr,
        Rectification,
        Answer,
        GDPR_ANSWER_1_MONTH,
        Some(GDPR_EXTENSION_2_MONTHS),
        "GDPR art. 12(3), 16",
        "Rectify inaccurate data, or complete it, within one month of receipt.",
    ),
    period(
        EuGdpr,
        Restriction,
        Answer,
        GDPR_ANSWER_1_MONTH,
        Some(GDPR_EXTENSION_2_MONTHS),
        "GDPR art. 12(3), 18",
        "Restrict the processing, or answer why not, within one month of receipt.",
    ),
    period(
        EuGdpr,
        Erasure,
        Answer,
        GDPR_ANSWER_1_MONTH,
        Some(GDPR_EXTENSION_2_MONTHS),
        "GDPR art. 12(3), 17",
        "Erase the data, or answer why not, within one month of receipt.",
    ),
    period(
        EuGdpr,
        Objection,
        Answer,
        GDPR_ANSWER_1_MONTH,
        Some(GDPR_EXTENSION_2_MONTHS),
        "GDPR art. 12(3), 21",
        "Act on the objection within one month of receipt; an objection to direct marketing stops that \
         processing (art. 21(3)).",
    ),
    configurable(period(
        EuGdpr,
        Withdrawal,
        Destroy,
        GDPR_ANSWER_1_MONTH,
        None,
        "GDPR art. 7(3), 17(1)(b), 12(3)",
        "Consent can be withdrawn at any time (art. 7(3)); erasing the data when no other basis is left \
         (art. 17(1)(b)) is given art. 12(3)'s one month: a configurable default, as the fact sheet gives \
         withdrawal no period of its own.",
    )),
    period(
        EuGdpr,
        AccountClosure,
        Answer,
        GDPR_ANSWER_1_MONTH,
        Some(GDPR_EXTENSION_2_MONTHS),
        "GDPR art. 12(3), 17",
        "Closing an account asks for the erasure of its data: within one month of receipt.",
    ),
    no_deadline(
        EuGdpr,
        Complaint,
        "GDPR art. 77",
        "A subject complains to the supervisory authority (art. 77); the GDPR sets the operator no period for \
         answering a complaint made to it. An operator's own promise (seed 001: within 15 days) is an SLA \
         policy.",
    ),
    // --- Russia, 152-FZ as amended 2022, on the production calendar.
    period(
        Ru152fz,
        Access,
        Answer,
        RU_ANSWER_10_WORKING_DAYS,
        Some(RU_ACCESS_EXTENSION_5_WORKING_DAYS),
        "152-FZ art. 14(3), 20(1)",
        "Give the subject the information about the processing of their data within 10 working days of the \
         request.",
    ),
    no_such_right(
        Ru152fz,
        Portability,
        "152-FZ art. 14",
        "152-FZ grants no right to data portability (GDPR art. 20 applies to EU subjects).",
    ),
    period(
        Ru152fz,
        Rectification,
        Answer,
        "7 working days",
        None,
        "152-FZ art. 21(2)",
        "Once the data is confirmed inaccurate, rectify it within 7 working days and lift the block.",
    ),
    period(
        Ru152fz,
        Restriction,
        Block,
        "0 hours",
        None,
        "152-FZ art. 21(1)",
        "Block the data at once, from the request, for the time the facts are verified.",
    ),
    period(
        Ru152fz,
        Erasure,
        Stop,
        "3 working days",
        None,
        "152-FZ art. 21(3)",
        "Stop processing the data unlawfully within 3 working days.",
    ),
    period(
        Ru152fz,
        Erasure,
        Destroy,
        "10 working days",
        None,
        "152-FZ art. 21(3)",
        "Destroy the data within 10 working days if the processing cannot be made lawful.",
    ),
    configurable(period(
        Ru152fz,
        Objection,
        Stop,
        RU_ANSWER_10_WORKING_DAYS,
        Some(Extension {
            duration: "5 working days",
            condition: "the operator sends the subject a reasoned notice of the extension before the 10 working \
                        days end",
            article: "152-FZ art. 21(5.1)",
        }),
        "152-FZ art. 21(5.1)",
        "Stop the processing the subject demands to stop within 10 working days (the fact sheet marks this \
         rule check: a configurable default).",
    )),
    period(
        Ru152fz,
        Withdrawal,
        Destroy,
        DESTRUCTION_AFTER_WITHDRAWAL,
        None,
        "152-FZ art. 21(5)",
        "Consent withdrawn: stop the processing and destroy the data within 30 days, unless another basis \
         allows it to go on.",
    ),
    period(
        Ru152fz,
        AccountClosure,
        Destroy,
        "30 days",
        None,
        "152-FZ art. 21(4)",
        "The purpose of processing is achieved when the account is closed: destroy the data within 30 days.",
    ),
    no_deadline(
        Ru152fz,
        Complaint,
        "152-FZ art. 17",
        "A subject appeals against the operator to Roskomnadzor or a court (art. 17); the fact sheet gives no \
         period for answering a complaint made to the operator.",
    ),
    // --- China, PIPL: "in a timely manner"; the national standard answers within 30 days (check).
    // Tutela ships 15 working days on the Chinese calendar as a configurable default.
    configurable(period(
        CnPipl,
        Access,
        Answer,
        CN_DEFAULT_15_WORKING_DAYS,
        None,
        "PIPL art. 45, 50; GB/T 35273-2020",
        "Provide the data for consultation or copying in a timely manner; 15 working days is a configurable \
         default inside the national standard's 30 days (check).",
    )),
    configurable(period(
        CnPipl,
        Portability,
        Answer,
        CN_DEFAULT_15_WORKING_DAYS,
        None,
        "PIPL art. 45(3), 50",
        "Transfer the data to the handler the subject names, where the CAC's conditions are met; 15 working \
         days is a configurable default.",
    )),
    configurable(period(
        CnPipl,
        Rectification,
        Answer,
        CN_DEFAULT_15_WORKING_DAYS,
        None,
        "PIPL art. 46, 50",
        "Verify, then correct or complete the data in a timely manner; 15 working days is a configurable \
         default.",
    )),
    configurable(period(
        CnPipl,
        Restriction,
        Answer,
        CN_DEFAULT_15_WORKING_DAYS,
        None,
        "PIPL art. 44, 50",
        "Restrict the processing as the subject asks; 15 working days is a configurable default.",
    )),
    configurable(period(
        CnPipl,
        Erasure,
        Destroy,
        CN_DEFAULT_15_WORKING_DAYS,
        None,
        "PIPL art. 47, 50",
        "Delete the data; where deletion is technically hard, stop all processing but storage and security \
         measures; 15 working days is a configurable default.",
    )),
    configurable(period(
        CnPipl,
        Objection,
        Stop,
        CN_DEFAULT_15_WORKING_DAYS,
        None,
        "PIPL art. 44, 50",
        "Stop the processing the subject refuses; 15 working days is a configurable default.",
    )),
    configurable(period(
        CnPipl,
        Withdrawal,
        Destroy,
        CN_DEFAULT_15_WORKING_DAYS,
        None,
        "PIPL art. 15, 47",
        "Consent withdrawn: delete the data on the handler's own initiative; 15 working days is a \
         configurable default.",
    )),
    configurable(period(
        CnPipl,
        AccountClosure,
        Destroy,
        CN_DEFAULT_15_WORKING_DAYS,
        None,
        "PIPL art. 47, 50; GB/T 35273-2020",
        "Close the account, then delete or anonymise its data; 15 working days is a configurable default.",
    )),
    no_deadline(
        CnPipl,
        Complaint,
        "PIPL art. 50",
        "The handler must have a way to accept and handle requests (art. 50); the fact sheet gives no period \
         for complaints.",
    ),
    // --- India, DPDP Act 2023 and Rules 2025: the Act sets no period; grievances are answered within
    // 90 days (Rule 14, check), the configurable default for every right it grants.
    configurable(period(
        InDpdp,
        Access,
        Answer,
        IN_GRIEVANCE_90_DAYS,
        None,
        "DPDP Act 2023 s. 11; DPDP Rules 2025 r. 14",
        "Give a summary of the personal data processed and the processing; the Act sets no period, and Rule \
         14's 90 days for grievances (check) is a configurable default.",
    )),
    no_such_right(InDpdp, Portability, "DPDP Act 2023 ss. 11-13", "The DPDP Act grants no right to data portability."),
    configurable(period(
        InDpdp,
        Rectification,
        Answer,
        IN_GRIEVANCE_90_DAYS,
        None,
        "DPDP Act 2023 s. 12; DPDP Rules 2025 r. 14",
        "Correct, complete or update the data; Rule 14's 90 days (check) is a configurable default.",
    )),
    no_such_right(
        InDpdp,
        Restriction,
        "DPDP Act 2023 ss. 11-13",
        "The DPDP Act grants access, correction, erasure and grievance redressal: no right to restrict \
         processing.",
    ),
    configurable(period(
        InDpdp,
        Erasure,
        Destroy,
        IN_GRIEVANCE_90_DAYS,
        None,
        "DPDP Act 2023 s. 12; DPDP Rules 2025 r. 14",
        "Erase the data; Rule 14's 90 days (check) is a configurable default.",
    )),
    no_such_right(
        InDpdp,
        Objection,
        "DPDP Act 2023 ss. 11-13",
        "The DPDP Act grants no right to object; consent can be withdrawn instead.",
    ),
    no_deadline(
        InDpdp,
        Withdrawal,
        "DPDP Act 2023 s. 6(4)",
        "Consent can be withdrawn at any time; the fact sheet gives no period for ceasing the processing.",
    ),
    configurable(period(
        InDpdp,
        AccountClosure,
        Destroy,
        IN_GRIEVANCE_90_DAYS,
        None,
        "DPDP Act 2023 s. 12; DPDP Rules 2025 r. 14",
        "Closing an account asks for erasure (s. 12); Rule 14's 90 days (check) is a configurable default.",
    )),
    configurable(period(
        InDpdp,
        Complaint,
        Answer,
        IN_GRIEVANCE_90_DAYS,
        None,
        "DPDP Act 2023 s. 13; DPDP Rules 2025 r. 14",
        "Answer the grievance within 90 days (the fact sheet marks Rule 14 check: a configurable default).",
    )),
    // --- California, CCPA/CPRA: confirm within 10 business days, answer within 45 calendar days, +45
    // with notice (11 CCR §7021), on the state's working days.
    period(
        UsCaCcpa,
        Access,
        Acknowledge,
        CCPA_ACKNOWLEDGE_10_WORKING_DAYS,
        None,
        "11 CCR §7021(a)",
        "Confirm receipt of the request to know within 10 business days, saying how it will be handled.",
    ),
    period(
        UsCaCcpa,
        Access,
        Answer,
        CCPA_ANSWER_45_DAYS,
        Some(CCPA_EXTENSION_45_DAYS),
        "11 CCR §7021(b)",
        "Respond to the request to know within 45 calendar days of receipt (at most twice in 12 months).",
    ),
    period(
        UsCaCcpa,
        Portability,
        Acknowledge,
        CCPA_ACKNOWLEDGE_10_WORKING_DAYS,
        None,
        "11 CCR §7021(a)",
        "Confirm receipt of the request within 10 business days.",
    ),
    period(
        UsCaCcpa,
        Portability,
        Answer,
        CCPA_ANSWER_45_DAYS,
        Some(CCPA_EXTENSION_45_DAYS),
        "11 CCR §7021(b)",
        "Provide the data in a portable, readily usable format where feasible, within 45 calendar days of \
         receipt.",
    ),
    period(
        UsCaCcpa,
        Rectification,
        Acknowledge,
        CCPA_ACKNOWLEDGE_10_WORKING_DAYS,
        None,
        "11 CCR §7021(a)",
        "Confirm receipt of the request to correct within 10 business days.",
    ),
    period(
        UsCaCcpa,
        Rectification,
        Answer,
        CCPA_ANSWER_45_DAYS,
        Some(CCPA_EXTENSION_45_DAYS),
        "11 CCR §7021(b)",
        "Respond to the request to correct within 45 calendar days of receipt.",
    ),
    no_deadline(
        UsCaCcpa,
        Restriction,
        "Cal. Civ. Code 1798.121",
        "The right to limit the use of sensitive personal information has no period in the fact sheet \
         (check).",
    ),
    period(
        UsCaCcpa,
        Erasure,
        Acknowledge,
        CCPA_ACKNOWLEDGE_10_WORKING_DAYS,
        None,
        "11 CCR §7021(a)",
        "Confirm receipt of the request to delete within 10 business days.",
    ),
    period(
        UsCaCcpa,
        Erasure,
        Answer,
        CCPA_ANSWER_45_DAYS,
        Some(CCPA_EXTENSION_45_DAYS),
        "11 CCR §7021(b)",
        "Respond to the request to delete within 45 calendar days of receipt.",
    ),
    period(
        UsCaCcpa,
        Objection,
        Stop,
        CCPA_OPT_OUT_15_WORKING_DAYS,
        None,
        "11 CCR §7026(f)",
        "Stop selling and sharing the consumer's data within 15 business days of the opt-out; no \
         verification may be asked.",
    ),
    no_deadline(
        UsCaCcpa,
        Withdrawal,
        "Cal. Civ. Code 1798.120",
        "Withdrawing an opt-in to sale is an opt-out: file it as an objection (11 CCR §7026(f)); the fact sheet \
         gives withdrawal no period of its own.",
    ),
    period(
        UsCaCcpa,
        AccountClosure,
        Acknowledge,
        CCPA_ACKNOWLEDGE_10_WORKING_DAYS,
        None,
        "11 CCR §7021(a)",
        "Closing an account asks for deletion: confirm receipt within 10 business days.",
    ),
    period(
        UsCaCcpa,
        AccountClosure,
        Answer,
        CCPA_ANSWER_45_DAYS,
        Some(CCPA_EXTENSION_45_DAYS),
        "11 CCR §7021(b)",
        "Closing an account asks for deletion: respond within 45 calendar days of receipt.",
    ),
    no_deadline(
        UsCaCcpa,
        Complaint,
        "CCPA",
        "The fact sheet gives the CCPA no period for answering a complaint made to the business.",
    ),
    // --- Brazil, LGPD: access within 15 days (art. 19); the other rights' periods are left to ANPD
    // regulation, which the fact sheet does not give.
    period(
        BrLgpd,
        Access,
        Answer,
        LGPD_DECLARATION_15_DAYS,
        None,
        "LGPD art. 19, II",
        "Confirm the processing and give access at once in a simplified form, or by a clear and complete \
         declaration within 15 days of the request (small agents get double periods, ANPD Res. 2/2022: not \
         applied here).",
    ),
    no_deadline(
        BrLgpd,
        Portability,
        "LGPD art. 18, V",
        "Portability is owed as ANPD regulation sets it; the fact sheet gives no period.",
    ),
    no_deadline(
        BrLgpd,
        Rectification,
        "LGPD art. 18, III",
        "Correction is owed (art. 18); its period is left to ANPD regulation, which the fact sheet does not \
         give.",
    ),
    no_deadline(
        BrLgpd,
        Restriction,
        "LGPD art. 18, IV",
        "Blocking of unnecessary or unlawfully processed data is owed (art. 18); the fact sheet gives no \
         period.",
    ),
    no_deadline(
        BrLgpd,
        Erasure,
        "LGPD art. 18, VI",
        "Deletion is owed (art. 18); its period is left to ANPD regulation, which the fact sheet does not \
         give.",
    ),
    no_deadline(BrLgpd, Objection, "LGPD art. 18 §2", "Objection is owed (art. 18); the fact sheet gives no period."),
    no_deadline(
        BrLgpd,
        Withdrawal,
        "LGPD art. 18, IX",
        "Consent can be revoked (art. 18); the fact sheet gives no period.",
    ),
    no_deadline(
        BrLgpd,
        AccountClosure,
        "LGPD art. 18, VI",
        "Closing an account asks for deletion (art. 18); the fact sheet gives no period.",
    ),
    no_deadline(
        BrLgpd,
        Complaint,
        "LGPD art. 18 §1",
        "A subject petitions the ANPD against the controller (art. 18 §1); the fact sheet gives no period for \
         answering a complaint made to the controller.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_has_a_row() {
        for jurisdiction in Jurisdiction::ALL {
            for request_type in RequestType::ALL {
                assert!(closing_rule(jurisdiction, request_type).is_some(), "{jurisdiction} {request_type}");
            }
        }
    }

    #[test]
    fn rows_are_well_formed() {
        for rule in RULES {
            let name = format!("{} {} {}", rule.jurisdiction, rule.request_type, rule.milestone.as_str());
            assert!(!rule.article.is_empty() && !rule.text.is_empty(), "{name}");
            match rule.kind {
                RuleKind::Period { duration, extension } => {
                    // Canonical text, so the table reads as the clocks will show it.
                    assert_eq!(rule.duration().unwrap().to_string(), duration, "{name}");
                    if let Some(extension) = extension {
                        assert_eq!(extension.duration().to_string(), extension.duration, "{name}");
                        assert_eq!(extension.duration().unit(), rule.duration().unwrap().unit(), "{name}");
                        assert!(rule.extended_duration().is_some(), "{name}");
                    }
                }
                RuleKind::NoSuchRight | RuleKind::NoStatutoryDeadline => {
                    assert!(!rule.configurable_default, "{name}: nothing to configure");
                    assert_eq!(rules_for(rule.jurisdiction, rule.request_type).count(), 1, "{name}");
                }
            }
            let same = RULES
                .iter()
                .filter(|other| other.is_for(rule.jurisdiction, rule.request_type) && other.milestone == rule.milestone)
                .count();
            assert_eq!(same, 1, "{name}: one row per milestone");
        }
    }

    #[test]
    fn rows_of_a_pair_are_adjacent() {
        // `rules_for` keeps table order, and "the last row closes the request" needs the rows of a
        // pair together.
        let mut seen = Vec::new();
        let mut previous = None;
        for rule in RULES {
            let pair = (rule.jurisdiction, rule.request_type);
            if previous != Some(pair) {
                assert!(!seen.contains(&pair), "{pair:?} appears twice, apart");
                seen.push(pair);
            }
            previous = Some(pair);
        }
    }

    #[test]
    fn configurable_defaults_are_the_check_items_and_the_silences() {
        let configurable: Vec<_> = RULES
            .iter()
            .filter(|rule| rule.configurable_default)
            .map(|rule| format!("{} {}", rule.jurisdiction, rule.request_type))
            .collect();
        let expected = [
            "eu_gdpr withdrawal",
            "ru_152fz objection",
            "cn_pipl access",
            "cn_pipl portability",
            "cn_pipl rectification",
            "cn_pipl restriction",
            "cn_pipl erasure",
            "cn_pipl objection",
            "cn_pipl withdrawal",
            "cn_pipl account_closure",
            "in_dpdp access",
            "in_dpdp rectification",
            "in_dpdp erasure",
            "in_dpdp account_closure",
            "in_dpdp complaint",
        ];
        assert_eq!(configurable, expected);
    }
}
