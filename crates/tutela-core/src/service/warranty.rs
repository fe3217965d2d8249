//! Warranty decisions: for a device, a fault and the day it happened, is the service free, paid, or
//! a replacement — and which rule says so.
//!
//! Seed 003's letters give the rules this covers: a warranty from delivery, installation or
//! acceptance for months or days, or "20,000 km or 100 days, whichever comes first"; parts with
//! their own terms; extended-warranty codes; paid repair (materials at cost) for misuse, force
//! majeure, unauthorised repair, liquids or wear; repaired parts not warranted anew unless the rule
//! says for how long; and a replacement after the same fault came back a number of times.
//!
//! A period runs from its start date up to, not including, the date `start + period`: a 1-year
//! warranty from 2026-03-10 covers a fault on 2027-03-09, not one on 2027-03-10.

use jiff::civil::Date;
use jiff::{Span, ToSpan};
use serde::{Deserialize, Serialize};

/// Longest warranty or part term, in months.
pub const MAX_TERM_MONTHS: u16 = 240;
/// Most parts, exclusions or extensions a rule lists.
pub const MAX_RULE_ITEMS: usize = 50;

/// What a warranty runs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartBasis {
    /// The day the device was delivered.
    Delivery,
    /// The day it was installed.
    Installation,
    /// The day the customer accepted it.
    Acceptance,
}

/// What a usage meter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UsageUnit {
    /// Kilometres driven.
    Km,
    /// Operating hours.
    Hours,
    /// Cycles run.
    Cycles,
}

impl UsageUnit {
    /// The name as stored and shown (`km`, `hours`, `cycles`).
    pub fn as_str(self) -> &'static str {
        match self {
            UsageUnit::Km => "km",
            UsageUnit::Hours => "hours",
            UsageUnit::Cycles => "cycles",
        }
    }
}

/// A cause the warranty does not cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// Used against the manual.
    Misuse,
    /// Floods, fire, lightning, war.
    ForceMajeure,
    /// Opened or repaired by someone the maker did not authorise.
    UnauthorisedRepair,
    /// Water or other liquids got in.
    Liquids,
    /// Normal wear of wearing parts.
    Wear,
}

/// How long a warranty lasts: months, days, or a usage limit; when several are given the first
/// reached ends it ("whichever comes first").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Months from the start.
    #[serde(default)]
    pub months: Option<u16>,
    /// Days from the start.
    #[serde(default)]
    pub days: Option<u16>,
    /// A usage limit.
    #[serde(default)]
    pub usage: Option<UsageLimit>,
}

/// A usage limit: the warranty ends when the meter reaches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageLimit {
    /// The meter.
    pub unit: UsageUnit,
    /// The reading that ends the warranty.
    pub limit: u64,
}

/// A part with a term of its own (a compressor's 5 years in a 1-year appliance warranty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartTerm {
    /// The part.
    pub part: String,
    /// Its term.
    pub term: Term,
}

/// An extended-warranty code and the months it adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// The code the customer bought or was given.
    pub code: String,
    /// Months added to the general term.
    pub months: u16,
}

/// The warranty rule of a product line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarrantyRule {
    /// The product line it covers.
    pub product_line: String,
    /// Where the rule comes from (the letter's clause), cited in every decision.
    pub source: String,
    /// What it runs from.
    pub start: StartBasis,
    /// The general term.
    pub term: Term,
    /// Parts with their own terms.
    #[serde(default)]
    pub parts: Vec<PartTerm>,
    /// Causes it does not cover.
    #[serde(default)]
    pub exclusions: Vec<Exclusion>,
    /// Extended-warranty codes.
    #[serde(default)]
    pub extensions: Vec<Extension>,
    /// Months a part repaired under warranty is warranted anew from the repair; none: repaired
    /// parts keep only what was left of the original warranty.
    #[serde(default)]
    pub repaired_part_months: Option<u16>,
    /// After this many failures with the same fault code within the warranty (this one counted),
    /// the device is replaced rather than repaired.
    #[serde(default)]
    pub replace_after_failures: Option<u8>,
    /// What a return or exchange of the line needs; none: the line takes no returns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<super::returns::ReturnConditions>,
}

/// Why a rule was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidRule {
    /// No months, days or usage limit: the warranty would never end or never start.
    #[error("{what}: give months, days or a usage limit")]
    NoTerm {
        /// The general term or a part's.
        what: String,
    },
    /// A term longer than [`MAX_TERM_MONTHS`].
    #[error("{what}: at most {MAX_TERM_MONTHS} months")]
    TooLong {
        /// Which term.
        what: String,
    },
    /// Too many items, or an empty name.
    #[error("{0}")]
    Items(String),
}

impl Term {
    fn check(&self, what: &str) -> Result<(), InvalidRule> {
        if self.months.is_none() && self.days.is_none() && self.usage.is_none() {
            return Err(InvalidRule::NoTerm { what: what.to_owned() });
        }
        let days_as_months = self.days.map(|d| d / 30);
        if self.months.into_iter().chain(days_as_months).any(|m| m > MAX_TERM_MONTHS) {
            return Err(InvalidRule::TooLong { what: what.to_owned() });
        }
        Ok(())
    }

    /// The first date no longer covered, from `start` (none when only usage ends it).
    fn end(&self, start: Date) -> Option<Date> {
        let by_months = self.months.and_then(|m| start.checked_add(i64::from(m).months()).ok());
        let by_days = self.days.and_then(|d| start.checked_add(i64::from(d).days()).ok());
        by_months.into_iter().chain(by_days).min()
    }
}

impl WarrantyRule {
    /// Checks the rule's terms and lists.
    pub fn check(&self) -> Result<(), InvalidRule> {
        if self.product_line.trim().is_empty() || self.source.trim().is_empty() {
            return Err(InvalidRule::Items("product_line and source must not be empty".into()));
        }
        self.term.check("term")?;
        if [self.parts.len(), self.exclusions.len(), self.extensions.len()].iter().any(|&n| n > MAX_RULE_ITEMS) {
            return Err(InvalidRule::Items(format!("at most {MAX_RULE_ITEMS} parts, exclusions and extensions")));
        }
        for part in &self.parts {
            part.term.check(&format!("part {:?}", part.part))?;
        }
        if self.extensions.iter().any(|e| e.months > MAX_TERM_MONTHS)
            || self.repaired_part_months > Some(MAX_TERM_MONTHS)
        {
            return Err(InvalidRule::TooLong { what: "an extension or repaired_part_months".into() });
        }
        if self.replace_after_failures == Some(0) {
            return Err(InvalidRule::Items("replace_after_failures must be at least 1".into()));
        }
        if self.returns.as_ref().is_some_and(|r| r.window_days > super::returns::MAX_WINDOW_DAYS) {
            return Err(InvalidRule::TooLong { what: "returns.window_days (days)".into() });
        }
        Ok(())
    }
}

/// What is known of a device when a fault is judged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceFacts {
    /// Delivered on.
    #[serde(default)]
    pub delivered_on: Option<Date>,
    /// Installed on.
    #[serde(default)]
    pub installed_on: Option<Date>,
    /// Accepted on.
    #[serde(default)]
    pub accepted_on: Option<Date>,
    /// Extended-warranty codes it holds.
    #[serde(default)]
    pub extensions: Vec<String>,
    /// Earlier repairs under warranty.
    #[serde(default)]
    pub repairs: Vec<PriorRepair>,
}

/// A repair done under warranty before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorRepair {
    /// When.
    pub on: Date,
    /// The fault code.
    pub fault: String,
    /// The part repaired or replaced.
    #[serde(default)]
    pub part: Option<String>,
}

/// A fault to judge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// The day it happened (or was reported).
    pub on: Date,
    /// Its code (`E04`, `no-cooling`).
    pub code: String,
    /// The part at fault, when known.
    #[serde(default)]
    pub part: Option<String>,
    /// The meter reading then, for a rule with a usage limit.
    #[serde(default)]
    pub usage: Option<u64>,
    /// The cause, when it is one the rules exclude.
    #[serde(default)]
    pub cause: Option<Exclusion>,
}

/// What the customer gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// Repaired free of charge.
    Free,
    /// Replaced free of charge: the same fault came back too often.
    Replacement,
    /// Repaired for payment (materials at cost).
    Paid,
}

/// A decision and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WarrantyDecision {
    /// What the customer gets.
    pub coverage: Coverage,
    /// Why, in words, citing the rule's source.
    pub reason: String,
    /// The first day no longer covered by date, when a date ends it.
    pub covered_until: Option<Date>,
}

/// Why a fault cannot be judged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WarrantyError {
    /// The device lacks the date the rule starts from.
    #[error("the warranty of {product_line} runs from {basis:?}, and the device has no such date")]
    NoStartDate {
        /// The product line.
        product_line: String,
        /// The basis.
        basis: StartBasis,
    },
    /// The fault is dated before the warranty started.
    #[error("the fault on {fault} is before the warranty started on {start}")]
    BeforeStart {
        /// The fault's date.
        fault: Date,
        /// The start.
        start: Date,
    },
    /// A usage limit applies and the fault carries no reading.
    #[error("the rule has a usage limit in {0:?}: give the meter reading at the fault")]
    NoReading(UsageUnit),
}

/// The first day a device's general warranty no longer covers (with its extension codes); none
/// when the rule's start date is unknown or only a usage limit ends it.
pub fn covered_until(rule: &WarrantyRule, device: &DeviceFacts) -> Option<Date> {
    let start = match rule.start {
        StartBasis::Delivery => device.delivered_on,
        StartBasis::Installation => device.installed_on,
        StartBasis::Acceptance => device.accepted_on,
    }?;
    let extra: i64 =
        rule.extensions.iter().filter(|e| device.extensions.contains(&e.code)).map(|e| i64::from(e.months)).sum();
    rule.term.end(start).and_then(|end| end.checked_add(Span::new().months(extra)).ok())
}

/// Decides a fault under `rule`. See the module documentation.
pub fn decide(rule: &WarrantyRule, device: &DeviceFacts, fault: &Fault) -> Result<WarrantyDecision, WarrantyError> {
    let start = match rule.start {
        StartBasis::Delivery => device.delivered_on,
        StartBasis::Installation => device.installed_on,
        StartBasis::Acceptance => device.accepted_on,
    }
    .ok_or_else(|| WarrantyError::NoStartDate { product_line: rule.product_line.clone(), basis: rule.start })?;
    if fault.on < start {
        return Err(WarrantyError::BeforeStart { fault: fault.on, start });
    }
    let source = &rule.source;
    if let Some(cause) = fault.cause.filter(|c| rule.exclusions.contains(c)) {
        let reason = format!("{cause:?} is excluded by {source}: paid repair, materials at cost");
        return Ok(WarrantyDecision { coverage: Coverage::Paid, reason, covered_until: None });
    }
    let part_term = fault.part.as_ref().and_then(|p| rule.parts.iter().find(|t| &t.part == p));
    let (term, what) = match part_term {
        Some(part) => (part.term, format!("the {} term", part.part)),
        None => (rule.term, "the warranty".to_owned()),
    };
    let extra_months: i64 = rule
        .extensions
        .iter()
        .filter(|e| part_term.is_none() && device.extensions.contains(&e.code))
        .map(|e| i64::from(e.months))
        .sum();
    let mut until = term.end(start).and_then(|end| end.checked_add(Span::new().months(extra_months)).ok());
    // A part repaired under warranty may be warranted anew from its repair.
    if let (Some(months), Some(part)) = (rule.repaired_part_months, &fault.part) {
        let renewed = device
            .repairs
            .iter()
            .filter(|r| r.part.as_ref() == Some(part))
            .filter_map(|r| r.on.checked_add(i64::from(months).months()).ok())
            .max();
        until = until.max(renewed);
    }
    if let Some(end) = until.filter(|end| fault.on >= *end) {
        let reason = format!("{what} ({source}) ended on {end}: paid repair");
        return Ok(WarrantyDecision { coverage: Coverage::Paid, reason, covered_until: Some(end) });
    }
    if let Some(limit) = term.usage {
        let reading = fault.usage.ok_or(WarrantyError::NoReading(limit.unit))?;
        if reading >= limit.limit {
            let reason = format!(
                "{what} ({source}) ended at {} {:?}, whichever came first; the reading is {reading}: paid repair",
                limit.limit, limit.unit
            );
            return Ok(WarrantyDecision { coverage: Coverage::Paid, reason, covered_until: until });
        }
    }
    let failures = 1 + device.repairs.iter().filter(|r| r.fault == fault.code && r.on >= start).count();
    if let Some(n) = rule.replace_after_failures.filter(|n| failures >= usize::from(*n)) {
        let reason = format!("failure {failures} of fault {} (replacement after {n}, {source})", fault.code);
        return Ok(WarrantyDecision { coverage: Coverage::Replacement, reason, covered_until: until });
    }
    let reason = format!("within {what} ({source}): free repair");
    Ok(WarrantyDecision { coverage: Coverage::Free, reason, covered_until: until })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Seed 003's car repair promise: 20,000 km or 100 days, whichever comes first; misuse and
    /// wear excluded; after the same fault twice, a replacement of the part on the third time.
    fn car_repair() -> WarrantyRule {
        WarrantyRule {
            product_line: "car-repair".into(),
            source: "letter 11, clause 3".into(),
            start: StartBasis::Acceptance,
            term: Term {
                months: None,
                days: Some(100),
                usage: Some(UsageLimit { unit: UsageUnit::Km, limit: 20_000 }),
            },
            parts: vec![],
            exclusions: vec![Exclusion::Misuse, Exclusion::Wear],
            extensions: vec![],
            repaired_part_months: None,
            replace_after_failures: Some(3),
            returns: None,
        }
    }

    fn fault(on: Date, usage: u64) -> Fault {
        Fault { on, code: "E04".into(), part: None, usage: Some(usage), cause: None }
    }

    #[test]
    fn whichever_comes_first_of_100_days_and_20000_km() {
        let rule = car_repair();
        let device = DeviceFacts { accepted_on: Some(date(2026, 3, 1)), ..DeviceFacts::default() };
        // Day 99 (8 June) and 19,999 km: covered. 1 March + 100 days = 9 June.
        let inside = decide(&rule, &device, &fault(date(2026, 6, 8), 19_999)).unwrap();
        assert_eq!((inside.coverage, inside.covered_until), (Coverage::Free, Some(date(2026, 6, 9))));
        assert_eq!(decide(&rule, &device, &fault(date(2026, 6, 9), 5_000)).unwrap().coverage, Coverage::Paid);
        let by_km = decide(&rule, &device, &fault(date(2026, 3, 20), 20_000)).unwrap();
        assert_eq!(by_km.coverage, Coverage::Paid);
        assert!(
            by_km.reason.contains("whichever came first") && by_km.reason.contains("letter 11"),
            "{}",
            by_km.reason
        );
        let excluded = Fault { cause: Some(Exclusion::Wear), ..fault(date(2026, 3, 2), 10) };
        assert_eq!(decide(&rule, &device, &excluded).unwrap().coverage, Coverage::Paid);
        let no_reading = Fault { usage: None, ..fault(date(2026, 3, 2), 0) };
        assert_eq!(decide(&rule, &device, &no_reading), Err(WarrantyError::NoReading(UsageUnit::Km)));
    }

    #[test]
    fn the_third_failure_is_a_replacement_and_missing_dates_are_errors() {
        let rule = car_repair();
        let repair = |day| PriorRepair { on: date(2026, 3, day), fault: "E04".into(), part: None };
        let device = DeviceFacts {
            accepted_on: Some(date(2026, 3, 1)),
            repairs: vec![repair(5), repair(9)],
            ..Default::default()
        };
        assert_eq!(decide(&rule, &device, &fault(date(2026, 3, 20), 100)).unwrap().coverage, Coverage::Replacement);
        let other = Fault { code: "E05".into(), ..fault(date(2026, 3, 20), 100) };
        assert_eq!(decide(&rule, &device, &other).unwrap().coverage, Coverage::Free);
        let undated = DeviceFacts::default();
        assert!(matches!(decide(&rule, &undated, &other), Err(WarrantyError::NoStartDate { .. })));
        assert!(matches!(decide(&rule, &device, &fault(date(2026, 2, 1), 0)), Err(WarrantyError::BeforeStart { .. })));
    }

    #[test]
    fn parts_extensions_and_repaired_parts() {
        let rule = WarrantyRule {
            product_line: "pump".into(),
            source: "letter 4".into(),
            start: StartBasis::Installation,
            term: Term { months: Some(12), ..Term::default() },
            parts: vec![PartTerm { part: "motor".into(), term: Term { months: Some(36), ..Term::default() } }],
            exclusions: vec![],
            extensions: vec![Extension { code: "EXT-24".into(), months: 24 }],
            repaired_part_months: Some(3),
            replace_after_failures: None,
            returns: None,
        };
        assert_eq!(rule.check(), Ok(()));
        let installed = DeviceFacts { installed_on: Some(date(2025, 1, 10)), ..Default::default() };
        let on = |y, m, d, part: Option<&str>| Fault {
            on: date(y, m, d),
            code: "F1".into(),
            part: part.map(str::to_owned),
            usage: None,
            cause: None,
        };
        assert_eq!(decide(&rule, &installed, &on(2026, 1, 9, None)).unwrap().coverage, Coverage::Free);
        assert_eq!(decide(&rule, &installed, &on(2026, 1, 10, None)).unwrap().coverage, Coverage::Paid);
        assert_eq!(decide(&rule, &installed, &on(2027, 6, 1, Some("motor"))).unwrap().coverage, Coverage::Free);
        let extended = DeviceFacts { extensions: vec!["EXT-24".into()], ..installed.clone() };
        assert_eq!(covered_until(&rule, &installed), Some(date(2026, 1, 10)));
        assert_eq!(covered_until(&rule, &extended), Some(date(2028, 1, 10)));
        assert_eq!(decide(&rule, &extended, &on(2027, 6, 1, None)).unwrap().coverage, Coverage::Free);
        let repaired = DeviceFacts {
            repairs: vec![PriorRepair { on: date(2026, 1, 5), fault: "F9".into(), part: Some("valve".into()) }],
            ..installed
        };
        assert_eq!(decide(&rule, &repaired, &on(2026, 4, 4, Some("valve"))).unwrap().coverage, Coverage::Free);
        assert_eq!(decide(&rule, &repaired, &on(2026, 4, 5, Some("valve"))).unwrap().coverage, Coverage::Paid);
        let no_term = WarrantyRule { term: Term::default(), ..rule };
        assert!(matches!(no_term.check(), Err(InvalidRule::NoTerm { .. })));
    }
}
