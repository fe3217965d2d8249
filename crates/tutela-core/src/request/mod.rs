//! Requests: a subject's demand under a right (access, portability, rectification, restriction,
//! erasure, objection, withdrawal, account closure, complaint), and the statutory clocks it starts.
//!
//! A request is filed under a [`Jurisdiction`] and a [`RequestType`]. The [rule table](rules::RULES)
//! says, for each pair, what must be done by when and which article says so; [`deadline`] turns a
//! row and the instant the request was received into a due instant on a [`Calendar`], [`clock`]
//! starts the clock that watches it, and [`may_extend`] says whether an extension may still be
//! taken. The numbers are those of `legal/deadlines.md`:
//!
//! - **EU GDPR**: one month from receipt for arts. 15-21, two further months for complex or numerous
//!   requests when the subject is told, with reasons, within the first month (art. 12(3)). A month
//!   ends on the same date of the next month, or that month's last day (31 January → 28/29
//!   February), and a period that ends on a day off ends on the next working day (Reg. 1182/71 art.
//!   3(4)). Which days are off is the member state's: the calendar must be given.
//! - **Russia, 152-FZ**: access within 10 working days, +5 with a reasoned notice (art. 14(3),
//!   20(1)); rectification within 7 working days (art. 21(2)); blocking at once (art. 21(1));
//!   unlawful processing stopped within 3 working days and the data destroyed within 10 (art.
//!   21(3)); data destroyed within 30 days when the purpose is achieved (art. 21(4)) or consent is
//!   withdrawn (art. 21(5)); a demand to stop processing met within 10 working days, +5 (art.
//!   21(5.1), a configurable default until checked); no portability right.
//! - **China, PIPL**: "in a timely manner" (arts. 45, 50): 15 working days as a configurable default.
//! - **India, DPDP**: no period in the Act; Rule 14's 90 days for grievances (check) as a
//!   configurable default; no portability, restriction or objection right.
//! - **California, CCPA**: receipt confirmed within 10 business days, an answer within 45 calendar
//!   days, +45 with notice (11 CCR §7021); opt-out of sale or sharing within 15 business days
//!   (§7026(f)).
//! - **Brazil, LGPD**: access by a full declaration within 15 days (art. 19, II); the fact sheet gives
//!   the other rights no period.
//!
//! How the rows are read:
//! - Periods count from receipt on the calendar with [`Roll::NextWorkingDay`], the statutory rule
//!   (see [`crate::deadline`]): working days start the day after receipt; days and months end at the
//!   end of a local date, moved to the next working day when that is a day off. "At once" is `0
//!   hours`: due at receipt.
//! - An extended period is the period plus the extension, **counted from receipt**, not from a due
//!   date that was moved off a day off: three months for the GDPR, "a maximum total of 90 calendar
//!   days from the day the request is received" for the CCPA. A running [`Clock`] extended with
//!   [`Clock::extend`] counts from its current due instant instead, which is later when that instant
//!   was moved off a day off; [`clock`] with `extended: true` starts the statutory total.
//! - An extension must be notified within the first period: the GDPR's "within one month of
//!   receipt", the CCPA's "within the first 45 days", 152-FZ's notice before the 10 working days end.
//! - A pair the law gives no right for, or the fact sheet no period for, is an error that names the
//!   article and says why ([`RequestRuleError::NoSuchRight`], [`RequestRuleError::NoStatutoryDeadline`]):
//!   Tutela never invents a statutory deadline. An operator's own promise (seed 001 answers
//!   complaints within 15 days) is an SLA policy, not a row here.
//! - `configurable_default` marks Tutela's defaults where the law gives no number or the fact sheet
//!   marks the number *check*; they are shown as such.
//!
//! Pure like the rest of the crate: every function takes `received` and `now` as arguments.

pub mod contents;
pub mod names;
pub mod report;
pub mod rules;
pub mod status;

use jiff::{Timestamp, Zoned};
use serde::Serialize;

use crate::calendar::{Calendar, CalendarId};
use crate::clock::{Clock, ClockError, ClockSpec, DueSoonPermille};
use crate::deadline::{Deadline, DeadlineError, DurationSpec, Roll, compute_deadline};
use crate::subject::SubjectRef;

pub use names::{Jurisdiction, RequestType, UnknownJurisdiction, UnknownRequestType};
pub use rules::{Extension, Milestone, RULES, RequestRule, RuleKind, closing_rule, rules_for};
pub use status::{Fulfilment, RequestStatus, StepRefused, UnknownStatus};

/// The prefix of every request clock's kind (`request.access`, `request.access.acknowledge`).
pub const REQUEST_CLOCK_KIND_PREFIX: &str = "request";

/// Why no deadline could be given for a request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RequestRuleError {
    /// The law grants no such right (e.g. portability under 152-FZ).
    #[error("{jurisdiction} grants no {} right ({article}): {reason}", request_type.words())]
    NoSuchRight {
        /// The law.
        jurisdiction: Jurisdiction,
        /// The right asked for.
        request_type: RequestType,
        /// Where the law's rights are listed.
        article: &'static str,
        /// What the rule table says.
        reason: &'static str,
    },
    /// The right exists, but the fact sheet gives no period for it.
    #[error(
        "no statutory deadline for {} requests under {jurisdiction} ({article}): {reason}",
        request_type.words()
    )]
    NoStatutoryDeadline {
        /// The law.
        jurisdiction: Jurisdiction,
        /// The right asked for.
        request_type: RequestType,
        /// The article of the right.
        article: &'static str,
        /// What the rule table says.
        reason: &'static str,
    },
    /// The rule table has no row for the pair (the table's tests forbid this gap).
    #[error("the rule table has no row for {} requests under {jurisdiction}", request_type.words())]
    NoRule {
        /// The law.
        jurisdiction: Jurisdiction,
        /// The right asked for.
        request_type: RequestType,
    },
    /// An extended deadline was asked for a rule without an extension.
    #[error("{} requests under {jurisdiction} cannot be extended: {article} allows no extension", request_type.words())]
    NoExtension {
        /// The law.
        jurisdiction: Jurisdiction,
        /// The right asked for.
        request_type: RequestType,
        /// The rule's article.
        article: &'static str,
    },
    /// The jurisdiction has no default calendar, and none was given.
    #[error("{jurisdiction} has no default calendar: {reason}")]
    CalendarRequired {
        /// The law.
        jurisdiction: Jurisdiction,
        /// Why, and what to give.
        reason: &'static str,
    },
    /// The deadline could not be computed on the calendar.
    #[error(transparent)]
    Deadline(#[from] DeadlineError),
    /// The clock could not be started.
    #[error(transparent)]
    Clock(#[from] ClockError),
}

/// Why an extension may not be taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExtensionRefused {
    /// The rule allows no extension.
    #[error(
        "{} requests under {jurisdiction} cannot be extended: {article} allows no extension",
        request_type.words()
    )]
    NotAllowed {
        /// The law.
        jurisdiction: Jurisdiction,
        /// The right asked for.
        request_type: RequestType,
        /// The rule's article.
        article: &'static str,
    },
    /// The notice of the extension comes after the first period ended.
    #[error(
        "too late to extend the {} request under {jurisdiction}: {article} needs the notice by {window_ends} \
         ({condition}); it is {now}",
        request_type.words()
    )]
    NoticeTooLate {
        /// The law.
        jurisdiction: Jurisdiction,
        /// The right asked for.
        request_type: RequestType,
        /// The article that allows the extension.
        article: &'static str,
        /// The condition it sets.
        condition: &'static str,
        /// The last instant the notice could be given, in the calendar's zone.
        window_ends: Zoned,
        /// When the extension was asked for, in the calendar's zone.
        now: Zoned,
    },
    /// The extension was asked for before the request was received.
    #[error("an extension at {now} comes before the request was received at {received}")]
    BeforeReceipt {
        /// When the extension was asked for.
        now: Timestamp,
        /// When the request was received.
        received: Timestamp,
    },
    /// The first period could not be computed on the calendar.
    #[error(transparent)]
    Deadline(#[from] DeadlineError),
}

/// A request's deadline for one milestone: the rule it comes from and when it falls due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestDeadline {
    /// The rule table's row.
    pub rule: &'static RequestRule,
    /// When the request was received.
    pub received: Timestamp,
    /// The period counted from receipt: the rule's, or with the extension added.
    pub duration: DurationSpec,
    /// Whether the extension was taken.
    pub extended: bool,
    /// The calendar counted on.
    pub calendar_id: CalendarId,
    /// The due instant and its local date.
    #[serde(flatten)]
    pub deadline: Deadline,
}

/// The deadline that closes a request of `request_type` under `jurisdiction`, received at
/// `received`, on `calendar` (the last of [`milestones`]). With `extended`, the rule's extension is
/// taken (see the module doc); a rule without one is [`RequestRuleError::NoExtension`].
pub fn deadline(
    jurisdiction: Jurisdiction,
    request_type: RequestType,
    received: Timestamp,
    calendar: &Calendar,
    extended: bool,
) -> Result<RequestDeadline, RequestRuleError> {
    let closing = closing_period_rule(jurisdiction, request_type)?;
    deadline_for(closing, received, calendar, extended)
}

/// Every deadline of a request, in the order they fall due (CCPA: acknowledge, then answer). With
/// `extended`, the rows that allow an extension take it; the closing row must allow one.
pub fn milestones(
    jurisdiction: Jurisdiction,
    request_type: RequestType,
    received: Timestamp,
    calendar: &Calendar,
    extended: bool,
) -> Result<Vec<RequestDeadline>, RequestRuleError> {
    let closing = closing_period_rule(jurisdiction, request_type)?;
    if extended && closing.extension().is_none() {
        return Err(no_extension(closing));
    }
    rules_for(jurisdiction, request_type)
        .map(|rule| deadline_for(rule, received, calendar, extended && rule.extension().is_some()))
        .collect()
}

/// The deadline of one row of the rule table.
pub fn deadline_for(
    rule: &'static RequestRule,
    received: Timestamp,
    calendar: &Calendar,
    extended: bool,
) -> Result<RequestDeadline, RequestRuleError> {
    let duration = period_of(rule, extended)?;
    let deadline = compute_deadline(received, &duration, calendar, Roll::NextWorkingDay)?;
    Ok(RequestDeadline { rule, received, duration, extended, calendar_id: calendar.id().clone(), deadline })
}

/// The clock that watches the deadline closing a request (kind `request.<type>`, e.g.
/// `request.access`), labelled with the rule and its article, for `subject_ref` if given.
pub fn clock(
    jurisdiction: Jurisdiction,
    request_type: RequestType,
    received: Timestamp,
    calendar: &Calendar,
    extended: bool,
    subject_ref: Option<SubjectRef>,
) -> Result<ClockSpec, RequestRuleError> {
    let closing = closing_period_rule(jurisdiction, request_type)?;
    clock_for(closing, received, calendar, extended, subject_ref)
}

/// One clock per milestone, in the order they fall due: the closing one is `request.<type>`, the
/// others `request.<type>.<milestone>` (`request.access.acknowledge`).
pub fn clocks(
    jurisdiction: Jurisdiction,
    request_type: RequestType,
    received: Timestamp,
    calendar: &Calendar,
    extended: bool,
    subject_ref: Option<SubjectRef>,
) -> Result<Vec<ClockSpec>, RequestRuleError> {
    let closing = closing_period_rule(jurisdiction, request_type)?;
    if extended && closing.extension().is_none() {
        return Err(no_extension(closing));
    }
    rules_for(jurisdiction, request_type)
        .map(|rule| {
            let extended = extended && rule.extension().is_some();
            clock_for(rule, received, calendar, extended, subject_ref.clone())
        })
        .collect()
}

/// Whether the extension of `rule` may be taken at `now` for a request received at `received`: the
/// rule must allow one, and the notice must come within the first period, which ends when the
/// unextended deadline does on `calendar` (the GDPR's "within one month of receipt"). The calendar
/// is needed because that end is a local date, moved off days off.
pub fn may_extend(
    rule: &RequestRule,
    received: Timestamp,
    now: Timestamp,
    calendar: &Calendar,
) -> Result<(), ExtensionRefused> {
    let (Some(extension), Some(period)) = (rule.extension(), rule.duration()) else {
        return Err(ExtensionRefused::NotAllowed {
            jurisdiction: rule.jurisdiction,
            request_type: rule.request_type,
            article: rule.article,
        });
    };
    if now < received {
        return Err(ExtensionRefused::BeforeReceipt { now, received });
    }
    let first_period = compute_deadline(received, &period, calendar, Roll::NextWorkingDay)?;
    if now > first_period.due {
        let zone = calendar.time_zone();
        return Err(ExtensionRefused::NoticeTooLate {
            jurisdiction: rule.jurisdiction,
            request_type: rule.request_type,
            article: extension.article,
            condition: extension.condition,
            window_ends: first_period.due.to_zoned(zone.clone()),
            now: now.to_zoned(zone.clone()),
        });
    }
    Ok(())
}

/// The row closing the pair, when it has a period; otherwise the error its kind calls for.
fn closing_period_rule(
    jurisdiction: Jurisdiction,
    request_type: RequestType,
) -> Result<&'static RequestRule, RequestRuleError> {
    let rule =
        closing_rule(jurisdiction, request_type).ok_or(RequestRuleError::NoRule { jurisdiction, request_type })?;
    period_of(rule, false)?;
    Ok(rule)
}

/// The period a row counts from receipt, extended or not.
fn period_of(rule: &RequestRule, extended: bool) -> Result<DurationSpec, RequestRuleError> {
    let (jurisdiction, request_type, article, reason) = (rule.jurisdiction, rule.request_type, rule.article, rule.text);
    match rule.kind {
        RuleKind::NoSuchRight => Err(RequestRuleError::NoSuchRight { jurisdiction, request_type, article, reason }),
        RuleKind::NoStatutoryDeadline => {
            Err(RequestRuleError::NoStatutoryDeadline { jurisdiction, request_type, article, reason })
        }
        RuleKind::Period { .. } if extended => rule.extended_duration().ok_or_else(|| no_extension(rule)),
        RuleKind::Period { .. } => Ok(rule.duration().expect("a period row has a duration")),
    }
}

fn no_extension(rule: &RequestRule) -> RequestRuleError {
    RequestRuleError::NoExtension {
        jurisdiction: rule.jurisdiction,
        request_type: rule.request_type,
        article: rule.article,
    }
}

/// The clock of one row.
fn clock_for(
    rule: &'static RequestRule,
    received: Timestamp,
    calendar: &Calendar,
    extended: bool,
    subject_ref: Option<SubjectRef>,
) -> Result<ClockSpec, RequestRuleError> {
    let duration = period_of(rule, extended)?;
    let clock = Clock::start(received, duration, calendar, Roll::NextWorkingDay, DueSoonPermille::default())?;
    let closes = closing_rule(rule.jurisdiction, rule.request_type) == Some(rule);
    let kind = if closes {
        format!("{REQUEST_CLOCK_KIND_PREFIX}.{}", rule.request_type)
    } else {
        format!("{REQUEST_CLOCK_KIND_PREFIX}.{}.{}", rule.request_type, rule.milestone.as_str())
    };
    let when = if duration.count() == 0 && !duration.unit().is_day_based() {
        "at once".to_owned()
    } else {
        format!("within {duration}{}", if extended { ", extended" } else { "" })
    };
    let default = if rule.configurable_default { "configurable default; " } else { "" };
    let label = format!(
        "{} the {} request {when} ({default}{})",
        rule.milestone.imperative(),
        rule.request_type.words(),
        rule.article
    );
    Ok(ClockSpec { kind, label, subject_ref, clock })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::builtin;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn errors_name_the_pair_and_the_article() {
        let ru = builtin("ru").unwrap();
        let received = at("2026-03-02T10:00:00+03:00");
        let portability = deadline(Jurisdiction::Ru152fz, RequestType::Portability, received, ru, false);
        assert_eq!(
            portability.unwrap_err().to_string(),
            "ru_152fz grants no portability right (152-FZ art. 14): 152-FZ grants no right to data portability \
             (GDPR art. 20 applies to EU subjects)."
        );
        let complaint = deadline(Jurisdiction::Ru152fz, RequestType::Complaint, received, ru, false).unwrap_err();
        assert!(
            complaint
                .to_string()
                .starts_with("no statutory deadline for complaint requests under ru_152fz (152-FZ art. 17)"),
            "{complaint}"
        );
        let rectification = deadline(Jurisdiction::Ru152fz, RequestType::Rectification, received, ru, true);
        assert_eq!(
            rectification.unwrap_err().to_string(),
            "rectification requests under ru_152fz cannot be extended: 152-FZ art. 21(2) allows no extension"
        );
    }

    #[test]
    fn clocks_carry_kind_label_and_subject() {
        let us = builtin("us-ca").unwrap();
        let subject = SubjectRef::parse("cust-7").unwrap();
        let received = at("2026-11-20T10:00:00-08:00");
        let specs =
            clocks(Jurisdiction::UsCaCcpa, RequestType::Access, received, us, false, Some(subject.clone())).unwrap();
        let kinds: Vec<_> = specs.iter().map(|spec| spec.kind.as_str()).collect();
        assert_eq!(kinds, ["request.access.acknowledge", "request.access"]);
        assert_eq!(specs[0].label, "Acknowledge the access request within 10 working days (11 CCR §7021(a))");
        assert_eq!(specs[1].label, "Answer the access request within 45 days (11 CCR §7021(b))");
        assert!(specs.iter().all(|spec| spec.subject_ref.as_ref() == Some(&subject)));
        let single = clock(Jurisdiction::UsCaCcpa, RequestType::Access, received, us, true, None).unwrap();
        assert_eq!(single.kind, "request.access");
        assert_eq!(single.label, "Answer the access request within 90 days, extended (11 CCR §7021(b))");
        assert_eq!(single.clock.due(), at("2027-02-18T23:59:59-08:00"));
        assert_eq!(single.subject_ref, None);

        let ru = builtin("ru").unwrap();
        let block = clock(Jurisdiction::Ru152fz, RequestType::Restriction, received, ru, false, None).unwrap();
        assert_eq!(block.label, "Block the data of the restriction request at once (152-FZ art. 21(1))");
        assert_eq!(block.clock.due(), received);
        let cn = builtin("cn").unwrap();
        let access = clock(Jurisdiction::CnPipl, RequestType::Access, received, cn, false, None).unwrap();
        assert_eq!(
            access.label,
            "Answer the access request within 15 working days (configurable default; PIPL art. 45, 50; GB/T 35273-2020)"
        );
    }

    #[test]
    fn extended_clocks_need_an_extension_on_the_closing_row() {
        let ru = builtin("ru").unwrap();
        let received = at("2026-03-02T10:00:00+03:00");
        let refused = clocks(Jurisdiction::Ru152fz, RequestType::Erasure, received, ru, true, None).unwrap_err();
        assert!(matches!(refused, RequestRuleError::NoExtension { .. }), "{refused}");
        let refused = milestones(Jurisdiction::Ru152fz, RequestType::Erasure, received, ru, true).unwrap_err();
        assert!(matches!(refused, RequestRuleError::NoExtension { .. }), "{refused}");
    }

    #[test]
    fn extensions_are_refused_without_a_rule_or_out_of_time() {
        let bg = builtin("bg").unwrap();
        let received = at("2025-01-31T10:00:00+02:00");
        let gdpr = closing_rule(Jurisdiction::EuGdpr, RequestType::Access).unwrap();
        assert_eq!(may_extend(gdpr, received, at("2025-02-28T23:59:59+02:00"), bg), Ok(()));
        let late = may_extend(gdpr, received, at("2025-03-01T00:00:00+02:00"), bg).unwrap_err();
        assert_eq!(
            late.to_string(),
            "too late to extend the access request under eu_gdpr: GDPR art. 12(3) needs the notice by \
             2025-02-28T23:59:59+02:00[Europe/Sofia] (the request is complex or one of many, and the subject is \
             told so, with the reasons, within the first month from receipt); it is \
             2025-03-01T00:00:00+02:00[Europe/Sofia]"
        );
        let early = may_extend(gdpr, received, at("2025-01-30T10:00:00+02:00"), bg).unwrap_err();
        assert!(matches!(early, ExtensionRefused::BeforeReceipt { .. }), "{early}");
        let withdrawal = closing_rule(Jurisdiction::EuGdpr, RequestType::Withdrawal).unwrap();
        assert_eq!(
            may_extend(withdrawal, received, received, bg).unwrap_err().to_string(),
            "withdrawal requests under eu_gdpr cannot be extended: GDPR art. 7(3), 17(1)(b), 12(3) allows no extension"
        );
        let portability = closing_rule(Jurisdiction::Ru152fz, RequestType::Portability).unwrap();
        assert!(matches!(may_extend(portability, received, received, bg), Err(ExtensionRefused::NotAllowed { .. })));
    }
}
