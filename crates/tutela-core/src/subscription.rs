//! Subscriptions: a plan, and one subject's subscription to it as a state machine whose every
//! transition is checked here, so that no caller can leave one half-changed.
//!
//! Statuses: `trialing`, `active`, `paused` (until a date), `cancelling` (at the period's end,
//! revertible until then), `cancelled`, `expired` (a fixed-term plan ran out). The billing end
//! (`period_end`, when the next charge would fall) and the entitlement end (`entitlement_end`, when
//! access stops) are kept apart: cancelling at the period's end keeps access until then and charges
//! nothing more; cancelling at once ends access now and refunds by the plan's rule.
//!
//! Seed 002 and the laws behind issue "Subscriptions and accounts" shape the rules: cancelling is
//! always possible online and never waits on a retention offer (Cal. Bus. & Prof. Code §17602(d),
//! §312k BGB); a pause has the plan's limit; cancelling twice, resuming a cancelled subscription or
//! pausing beyond the limit is refused with the reason and changes nothing. Every action first
//! brings the subscription up to `now` ([`Subscription::advance`]), so an action just after a
//! period's end sees the renewal, the trial's end or the cancellation that fell before it.
//!
//! Time is counted in whole days of 24 hours from the subscription's start, in UTC: a billing
//! period is 30 days (`month`) or 365 days (`year`), a convention the plan states to the subject.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Longest trial, in days.
pub const MAX_TRIAL_DAYS: u16 = 365;
/// Longest pause a plan may allow, in days.
pub const MAX_PAUSE_DAYS: u16 = 365;
/// Most billing periods one [`Subscription::advance`] renews; more means the subscription was not
/// advanced for years, and the rest follow on the next call.
pub const MAX_RENEWALS_PER_ADVANCE: u32 = 1_000;
/// Seconds in a day.
const DAY_S: i64 = 86_400;

/// How long one billing period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillingPeriod {
    /// 30 days.
    Month,
    /// 365 days.
    Year,
}

impl BillingPeriod {
    /// The period's length.
    pub fn length(self) -> SignedDuration {
        match self {
            BillingPeriod::Month => SignedDuration::from_secs(30 * DAY_S),
            BillingPeriod::Year => SignedDuration::from_secs(365 * DAY_S),
        }
    }
}

/// What cancelling at once returns of the period paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundRule {
    /// Nothing: cancelling at once ends access without a refund (the default is at period end).
    None,
    /// The unused part of the period, pro rata by the second, rounded down to the minor unit.
    Prorated,
}

/// A plan a subject subscribes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Price of one period, in the currency's minor unit (cents, kopecks, paise).
    pub price_minor: u64,
    /// ISO 4217 code.
    pub currency: String,
    /// The billing period.
    pub period: BillingPeriod,
    /// Days of trial before the first charge (0: none).
    pub trial_days: u16,
    /// The longest pause, in days (0: pausing is not offered).
    pub max_pause_days: u16,
    /// What cancelling at once refunds.
    pub refund: RefundRule,
    /// Periods after which the subscription expires by itself (none: it renews until cancelled).
    pub term_periods: Option<u32>,
}

/// Why a plan was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidPlan {
    /// Not three capital letters.
    #[error("currency {0:?} is not an ISO 4217 code (three capital letters, e.g. EUR)")]
    Currency(String),
    /// A trial or pause longer than the bounds.
    #[error("{field} {days} is more than {max} days")]
    TooLong {
        /// Which field.
        field: &'static str,
        /// Its value.
        days: u16,
        /// The bound.
        max: u16,
    },
    /// A fixed term of no period.
    #[error("term_periods must be at least 1 when given")]
    NoTerm,
}

impl Plan {
    /// Checks the plan's fields.
    pub fn check(&self) -> Result<(), InvalidPlan> {
        if self.currency.len() != 3 || !self.currency.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(InvalidPlan::Currency(self.currency.clone()));
        }
        for (field, days, max) in
            [("trial_days", self.trial_days, MAX_TRIAL_DAYS), ("max_pause_days", self.max_pause_days, MAX_PAUSE_DAYS)]
        {
            if days > max {
                return Err(InvalidPlan::TooLong { field, days, max });
            }
        }
        if self.term_periods == Some(0) {
            return Err(InvalidPlan::NoTerm);
        }
        Ok(())
    }
}

/// ISO 4217 currencies without a minor unit (their price is kept in whole units).
const NO_MINOR_UNIT: [&str; 8] = ["JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF"];

impl Plan {
    /// `minor` units of the plan's currency as text: `12.50 EUR`, `1500 JPY`.
    pub fn money(&self, minor: u64) -> String {
        if NO_MINOR_UNIT.contains(&self.currency.as_str()) {
            return format!("{minor} {}", self.currency);
        }
        format!("{}.{:02} {}", minor / 100, minor % 100, self.currency)
    }
}

/// Where a subscription stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In its trial: nothing charged yet.
    Trialing,
    /// Paid and renewing.
    Active,
    /// Paused until `paused_until`: no access, no charge; the period is moved on by the pause.
    Paused,
    /// Ends at `cancel_at` (the period's end); access until then; revertible until then.
    Cancelling,
    /// Ended by the subject.
    Cancelled,
    /// A fixed-term plan ran out.
    Expired,
}

impl Status {
    /// The status as stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Trialing => "trialing",
            Status::Active => "active",
            Status::Paused => "paused",
            Status::Cancelling => "cancelling",
            Status::Cancelled => "cancelled",
            Status::Expired => "expired",
        }
    }

    /// Whether nothing can happen to the subscription any more.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Cancelled | Status::Expired)
    }
}

/// One subject's subscription to a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// Where it stands.
    pub status: Status,
    /// When it started.
    pub started_at: Timestamp,
    /// The billing end: when the current period (or trial) ends and the next charge would fall.
    pub period_end: Timestamp,
    /// Periods paid so far (the trial is not one).
    pub periods_paid: u32,
    /// When access ends, once that is known (cancelled, expired, or cancelling at the period end).
    pub entitlement_end: Option<Timestamp>,
    /// While paused: since when and until when.
    pub paused: Option<(Timestamp, Timestamp)>,
    /// While cancelling: the status to return to if the subject reverts.
    pub cancelled_from: Option<Status>,
}

/// What an action did, for the journal, the webhook and the receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The status before.
    pub from: Status,
    /// The status after.
    pub to: Status,
    /// What happened: `trial_ended`, `renewed`, `paused`, `resumed`, `cancel_scheduled`,
    /// `cancelled`, `cancel_reverted`, `expired`.
    pub event: &'static str,
    /// When it took effect.
    pub at: Timestamp,
    /// For a cancellation at once: the refund, in the minor unit.
    pub refund_minor: Option<u64>,
}

/// Why an action was refused; the subscription is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// The action does not apply in this status.
    #[error("the subscription is {status}: {why}")]
    Status {
        /// The status.
        status: &'static str,
        /// What the subject can do instead.
        why: &'static str,
    },
    /// A pause that ends before it starts, or is longer than the plan allows.
    #[error("a pause must end after now and last at most {max_days} days (the plan's limit); asked for {asked}")]
    Pause {
        /// The plan's limit.
        max_days: u16,
        /// What was asked, in words.
        asked: String,
    },
}

impl Subscription {
    /// A new subscription to `plan`, started at `now`: trialing when the plan has a trial.
    pub fn start(plan: &Plan, now: Timestamp) -> Subscription {
        let (status, first_end, paid) = match plan.trial_days {
            0 => (Status::Active, now + plan.period.length(), 1),
            days => (Status::Trialing, now + SignedDuration::from_secs(i64::from(days) * DAY_S), 0),
        };
        Subscription {
            status,
            started_at: now,
            period_end: first_end,
            periods_paid: paid,
            entitlement_end: None,
            paused: None,
            cancelled_from: None,
        }
    }

    /// Brings the subscription up to `now`: the trial's end, renewals, a pause's end, a scheduled
    /// cancellation, a fixed term's end — each a change, in order.
    pub fn advance(&mut self, plan: &Plan, now: Timestamp) -> Vec<Change> {
        let mut changes = Vec::new();
        for _ in 0..MAX_RENEWALS_PER_ADVANCE {
            let Some(change) = self.next_change(plan, now) else { break };
            changes.push(change);
        }
        changes
    }

    /// The one change that falls due by `now`, applied; none when nothing is due.
    fn next_change(&mut self, plan: &Plan, now: Timestamp) -> Option<Change> {
        let from = self.status;
        let change =
            |to: Status, event: &'static str, at: Timestamp| Change { from, to, event, at, refund_minor: None };
        match self.status {
            Status::Trialing | Status::Active if now >= self.period_end => {
                let at = self.period_end;
                if plan.term_periods.is_some_and(|term| self.periods_paid >= term) {
                    self.status = Status::Expired;
                    self.entitlement_end = Some(at);
                    return Some(change(Status::Expired, "expired", at));
                }
                let event = if self.status == Status::Trialing { "trial_ended" } else { "renewed" };
                self.status = Status::Active;
                self.period_end = at + plan.period.length();
                self.periods_paid += 1;
                Some(change(Status::Active, event, at))
            }
            Status::Paused => {
                let (since, until) = self.paused?;
                if now < until {
                    return None;
                }
                self.status = Status::Active;
                self.period_end += until.duration_since(since);
                self.paused = None;
                Some(change(Status::Active, "resumed", until))
            }
            Status::Cancelling => {
                let at = self.entitlement_end?;
                if now < at {
                    return None;
                }
                self.status = Status::Cancelled;
                self.cancelled_from = None;
                Some(change(Status::Cancelled, "cancelled", at))
            }
            _ => None,
        }
    }

    /// Pauses an active subscription from `now` until `until`, within the plan's limit.
    pub fn pause(&mut self, plan: &Plan, now: Timestamp, until: Timestamp) -> Result<Change, Refused> {
        let mut next = self.clone();
        next.advance(plan, now);
        if next.status != Status::Active {
            return Err(refused(next.status));
        }
        let max = SignedDuration::from_secs(i64::from(plan.max_pause_days) * DAY_S);
        let asked = until.duration_since(now);
        if asked <= SignedDuration::ZERO || asked > max {
            let days = asked.as_secs() as f64 / DAY_S as f64;
            return Err(Refused::Pause { max_days: plan.max_pause_days, asked: format!("{days:.1} days") });
        }
        next.status = Status::Paused;
        next.paused = Some((now, until));
        *self = next;
        Ok(Change { from: Status::Active, to: Status::Paused, event: "paused", at: now, refund_minor: None })
    }

    /// Resumes a paused subscription at `now`, before its pause would end; the period moves on by
    /// the time it was paused.
    pub fn resume(&mut self, plan: &Plan, now: Timestamp) -> Result<Change, Refused> {
        let mut next = self.clone();
        next.advance(plan, now);
        let Some((since, _)) = next.paused.filter(|_| next.status == Status::Paused) else {
            return Err(refused(next.status));
        };
        next.status = Status::Active;
        next.period_end += now.duration_since(since);
        next.paused = None;
        *self = next;
        Ok(Change { from: Status::Paused, to: Status::Active, event: "resumed", at: now, refund_minor: None })
    }

    /// Cancels: at the period's end (access until then, nothing more charged, revertible), or at
    /// once (access ends now, refunded by the plan's rule). A paused subscription ends at once
    /// either way: nothing is owed for a pause. A subscription cancelling at the period's end may
    /// still be ended at once; asking again for the period's end is refused.
    pub fn cancel(&mut self, plan: &Plan, now: Timestamp, at_once: bool) -> Result<Change, Refused> {
        let mut next = self.clone();
        next.advance(plan, now);
        let from = next.status;
        match (from, at_once) {
            (Status::Trialing | Status::Active, false) => {
                next.status = Status::Cancelling;
                next.cancelled_from = Some(from);
                next.entitlement_end = Some(next.period_end);
                *self = next;
                Ok(Change { from, to: Status::Cancelling, event: "cancel_scheduled", at: now, refund_minor: None })
            }
            (Status::Paused, _) | (Status::Trialing | Status::Active | Status::Cancelling, true) => {
                let refund = match (from, plan.refund) {
                    (Status::Active | Status::Cancelling, RefundRule::Prorated) => Some(next.unused_minor(plan, now)),
                    _ => None,
                };
                next.status = Status::Cancelled;
                next.entitlement_end = Some(now);
                next.paused = None;
                next.cancelled_from = None;
                *self = next;
                Ok(Change { from, to: Status::Cancelled, event: "cancelled", at: now, refund_minor: refund })
            }
            _ => Err(refused(from)),
        }
    }

    /// Takes back a scheduled cancellation before it takes effect.
    pub fn revert_cancel(&mut self, plan: &Plan, now: Timestamp) -> Result<Change, Refused> {
        let mut next = self.clone();
        next.advance(plan, now);
        let (Status::Cancelling, Some(back)) = (next.status, next.cancelled_from) else {
            return Err(refused(next.status));
        };
        next.status = back;
        next.entitlement_end = None;
        next.cancelled_from = None;
        *self = next;
        Ok(Change { from: Status::Cancelling, to: back, event: "cancel_reverted", at: now, refund_minor: None })
    }

    /// The unused part of the current period's price at `now`, pro rata by the second.
    fn unused_minor(&self, plan: &Plan, now: Timestamp) -> u64 {
        let length = plan.period.length().as_secs();
        let left = self.period_end.duration_since(now).as_secs().clamp(0, length);
        (u128::from(plan.price_minor) * left as u128 / length as u128) as u64
    }
}

impl Change {
    /// Whether the change puts the subject on the operator's suppression list: they cancelled, so
    /// direct marketing stops (seed 002, "Consequences"), whether the plan ends now or at the
    /// period's end. A fixed term running out is not a cancellation.
    pub fn suppresses_marketing(&self) -> bool {
        matches!(self.event, "cancel_scheduled") || (self.event == "cancelled" && self.from != Status::Cancelling)
    }
}

/// The refusal of an action in `status`, saying what the subject can do instead.
fn refused(status: Status) -> Refused {
    let why = match status {
        Status::Trialing => "only an active subscription can be paused",
        Status::Active => "it is not paused or cancelling",
        Status::Paused => "resume it first, or cancel it",
        Status::Cancelling => "it is cancelled at the period's end already; revert the cancellation to change it",
        Status::Cancelled => "it has ended; subscribe again to start a new one",
        Status::Expired => "its term has ended; subscribe again to start a new one",
    };
    Refused::Status { status: status.as_str(), why }
}

/// Days an account closure waits, when the operator names none (seed 002's "grace period").
pub const DEFAULT_GRACE_DAYS: u16 = 14;
/// Longest grace an operator may give: longer would keep data the subject asked to be rid of.
pub const MAX_GRACE_DAYS: u16 = 90;
/// Days before a pause ends that the subject is reminded it will resume (and be charged).
pub const PAUSE_REMINDER_DAYS: i64 = 3;

/// An account's closure, asked for by the subject: a separate action from cancelling a plan, with
/// a grace period in which the subject can restore the account. When the grace ends, every
/// subscription ends at once, and the subject's data is erased (the fulfilment engine's erasure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    /// When the subject asked.
    pub requested_at: Timestamp,
    /// When the grace ends and the account is closed.
    pub closes_at: Timestamp,
}

/// Why a closure or its restoration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClosureRefused {
    /// The operator's grace period is out of bounds.
    #[error("grace_days {0} is more than {MAX_GRACE_DAYS} days")]
    GraceTooLong(u16),
    /// The grace ended: the account is closed or being closed, and cannot be restored.
    #[error("the grace period ended at {closes_at}: the account is closed and cannot be restored")]
    GraceOver {
        /// When it ended.
        closes_at: Timestamp,
    },
}

impl Closure {
    /// A closure asked for at `now`, closing after `grace_days` (0: at the next run).
    pub fn ask(now: Timestamp, grace_days: u16) -> Result<Closure, ClosureRefused> {
        if grace_days > MAX_GRACE_DAYS {
            return Err(ClosureRefused::GraceTooLong(grace_days));
        }
        Ok(Closure { requested_at: now, closes_at: now + SignedDuration::from_secs(i64::from(grace_days) * DAY_S) })
    }

    /// Whether the account may still be restored at `now`: until the grace ends, not at its end.
    pub fn may_restore(&self, now: Timestamp) -> Result<(), ClosureRefused> {
        if now >= self.closes_at {
            return Err(ClosureRefused::GraceOver { closes_at: self.closes_at });
        }
        Ok(())
    }

    /// Whether the closure is due: the grace has ended.
    pub fn is_due(&self, now: Timestamp) -> bool {
        now >= self.closes_at
    }
}

impl Subscription {
    /// When the subject is reminded that a pause ends: [`PAUSE_REMINDER_DAYS`] before it, or at
    /// its start when the pause is shorter.
    pub fn pause_reminder_at(&self) -> Option<Timestamp> {
        let (since, until) = self.paused.filter(|_| self.status == Status::Paused)?;
        Some((until - SignedDuration::from_secs(PAUSE_REMINDER_DAYS * DAY_S)).max(since))
    }

    /// Brings the subscription up to `at`, then lets `action` act on it (returning its change, or
    /// none when it has nothing to do): every change in order, or the action's refusal with the
    /// subscription as it was.
    pub fn advance_then(
        &mut self,
        plan: &Plan,
        at: Timestamp,
        action: impl FnOnce(&mut Subscription, &Plan) -> Result<Option<Change>, Refused>,
    ) -> Result<Vec<Change>, Refused> {
        let mut next = self.clone();
        let mut changes = next.advance(plan, at);
        changes.extend(action(&mut next, plan)?);
        *self = next;
        Ok(changes)
    }

    /// When [`Subscription::advance`] will next change something by itself: the trial's or
    /// period's end, a pause's end, a scheduled cancellation; none once it has ended.
    pub fn next_change_at(&self) -> Option<Timestamp> {
        match self.status {
            Status::Trialing | Status::Active => Some(self.period_end),
            Status::Paused => self.paused.map(|(_, until)| until),
            Status::Cancelling => self.entitlement_end,
            Status::Cancelled | Status::Expired => None,
        }
    }

    /// Ends the subscription at once as part of an account's closure, whatever its status; nothing
    /// when it has ended already. Never refused: closing never leaves a subscription running.
    pub fn end_for_closure(&mut self, plan: &Plan, now: Timestamp) -> Vec<Change> {
        let mut changes = self.advance(plan, now);
        if !self.status.is_final() {
            // Every non-final status may be cancelled at once.
            changes.extend(self.cancel(plan, now, true).ok());
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn plan() -> Plan {
        Plan {
            price_minor: 3000,
            currency: "EUR".into(),
            period: BillingPeriod::Month,
            trial_days: 7,
            max_pause_days: 60,
            refund: RefundRule::Prorated,
            term_periods: None,
        }
    }

    fn at(day: i64) -> Timestamp {
        Timestamp::from_second(1_780_000_000 + day * DAY_S).unwrap()
    }

    #[test]
    fn a_trial_ends_in_a_paid_period_that_renews() {
        let plan = plan();
        let mut sub = Subscription::start(&plan, at(0));
        assert_eq!((sub.status, sub.period_end, sub.periods_paid), (Status::Trialing, at(7), 0));
        let changes = sub.advance(&plan, at(40));
        let events: Vec<_> = changes.iter().map(|c| c.event).collect();
        assert_eq!(events, ["trial_ended", "renewed"]);
        assert_eq!((sub.status, sub.period_end, sub.periods_paid), (Status::Active, at(67), 2));
    }

    #[test]
    fn cancelling_at_period_end_keeps_access_until_then_and_can_be_reverted() {
        let plan = plan();
        let mut sub = Subscription::start(&plan, at(0));
        sub.advance(&plan, at(10));
        let change = sub.cancel(&plan, at(10), false).unwrap();
        assert_eq!((change.to, sub.entitlement_end), (Status::Cancelling, Some(at(37))));
        let twice = sub.cancel(&plan, at(11), false).unwrap_err();
        assert!(twice.to_string().contains("cancelled at the period's end already"), "{twice}");
        sub.revert_cancel(&plan, at(12)).unwrap();
        assert_eq!((sub.status, sub.entitlement_end), (Status::Active, None));
        sub.cancel(&plan, at(13), false).unwrap();
        // Just after the period's end the cancellation has taken effect: nothing to revert.
        let late = sub.revert_cancel(&plan, at(37)).unwrap_err();
        assert!(late.to_string().contains("has ended"), "{late}");
        assert_eq!(sub.status, Status::Cancelling, "a refusal changes nothing: the scheduler's advance does");
        let events: Vec<_> = sub.advance(&plan, at(37)).iter().map(|c| c.event).collect();
        assert_eq!((events, sub.status), (vec!["cancelled"], Status::Cancelled));
    }

    #[test]
    fn cancelling_at_once_refunds_the_unused_part() {
        let plan = plan();
        let mut sub = Subscription::start(&plan, at(0));
        sub.advance(&plan, at(7));
        let change = sub.cancel(&plan, at(22), true).unwrap();
        // 15 of 30 days left of a 30.00 period.
        assert_eq!((change.to, change.refund_minor), (Status::Cancelled, Some(1500)));
        assert_eq!(sub.entitlement_end, Some(at(22)));
        assert!(sub.resume(&plan, at(23)).is_err() && sub.pause(&plan, at(23), at(30)).is_err());
    }

    #[test]
    fn a_pause_is_bounded_and_moves_the_period_on() {
        let plan = plan();
        let mut sub = Subscription::start(&plan, at(0));
        sub.advance(&plan, at(8));
        assert!(matches!(sub.pause(&plan, at(8), at(70)), Err(Refused::Pause { max_days: 60, .. })));
        assert!(matches!(sub.pause(&plan, at(8), at(8)), Err(Refused::Pause { .. })));
        sub.pause(&plan, at(8), at(28)).unwrap();
        let changes = sub.advance(&plan, at(30));
        assert_eq!(changes[0].event, "resumed");
        assert_eq!((sub.status, sub.period_end), (Status::Active, at(57)), "37 + 20 days paused");
        sub.pause(&plan, at(30), at(40)).unwrap();
        sub.resume(&plan, at(35)).unwrap();
        assert_eq!(sub.period_end, at(62));
    }

    #[test]
    fn a_fixed_term_expires_and_plans_are_checked() {
        let plan = Plan { trial_days: 0, term_periods: Some(2), ..plan() };
        let mut sub = Subscription::start(&plan, at(0));
        let events: Vec<_> = sub.advance(&plan, at(100)).iter().map(|c| c.event).collect();
        assert_eq!(events, ["renewed", "expired"]);
        assert_eq!((sub.status, sub.entitlement_end), (Status::Expired, Some(at(60))));
        assert!(Plan { currency: "eur".into(), ..plan.clone() }.check().is_err());
        assert!(Plan { max_pause_days: 400, ..plan.clone() }.check().is_err());
        assert_eq!(Plan { term_periods: Some(0), ..plan.clone() }.check(), Err(InvalidPlan::NoTerm));
        assert_eq!(plan.check(), Ok(()));
        assert_eq!((plan.money(3000), plan.money(5)), ("30.00 EUR".to_owned(), "0.05 EUR".to_owned()));
        assert_eq!(Plan { currency: "JPY".into(), ..plan }.money(1500), "1500 JPY");
    }

    #[test]
    fn a_closure_can_be_restored_only_within_its_grace() {
        let closure = Closure::ask(at(0), 14).unwrap();
        assert_eq!(closure.closes_at, at(14));
        assert!(closure.may_restore(at(13)).is_ok() && !closure.is_due(at(13)));
        assert!(matches!(closure.may_restore(at(14)), Err(ClosureRefused::GraceOver { .. })));
        assert!(closure.is_due(at(14)));
        assert_eq!(Closure::ask(at(0), 91), Err(ClosureRefused::GraceTooLong(91)));
    }

    #[test]
    fn closing_ends_every_status_at_once_and_reminds_before_a_pause_ends() {
        let plan = plan();
        let mut paused = Subscription::start(&plan, at(0));
        paused.advance(&plan, at(8));
        paused.pause(&plan, at(8), at(28)).unwrap();
        assert_eq!(paused.pause_reminder_at(), Some(at(25)));
        let mut cancelling = Subscription::start(&plan, at(0));
        cancelling.cancel(&plan, at(1), false).unwrap();
        assert_eq!(cancelling.pause_reminder_at(), None);
        for mut sub in [paused, cancelling, Subscription::start(&plan, at(0))] {
            let changes = sub.end_for_closure(&plan, at(10));
            assert_eq!(sub.status, Status::Cancelled, "{changes:?}");
            // The trial cancelled at its end (day 7) ended then; the others end now.
            assert!(sub.entitlement_end.is_some_and(|end| end <= at(10)), "{sub:?}");
            assert!(sub.end_for_closure(&plan, at(11)).is_empty(), "an ended subscription stays as it is");
        }
    }

    /// A subscription in `status` at day 10 of a plan with a 7-day trial (trialing needs a longer
    /// one; expired a fixed term).
    fn in_status(status: Status) -> (Plan, Subscription) {
        let plan = plan();
        let mut sub = Subscription::start(&plan, at(0));
        match status {
            Status::Trialing => {
                let plan = Plan { trial_days: 30, ..plan };
                let sub = Subscription::start(&plan, at(0));
                return (plan, sub);
            }
            Status::Active => {}
            Status::Paused => {
                sub.pause(&plan, at(9), at(20)).unwrap();
            }
            Status::Cancelling => {
                sub.cancel(&plan, at(9), false).unwrap();
            }
            Status::Cancelled => {
                sub.cancel(&plan, at(9), true).unwrap();
            }
            Status::Expired => {
                let plan = Plan { trial_days: 0, term_periods: Some(1), ..plan };
                let mut sub = Subscription::start(&plan, at(-40));
                sub.advance(&plan, at(10));
                return (plan, sub);
            }
        }
        sub.advance(&plan, at(10));
        (plan, sub)
    }

    /// An action on a subscription at an instant.
    type Action = fn(&mut Subscription, &Plan, Timestamp) -> Result<Change, Refused>;

    #[test]
    fn every_action_in_every_status_does_what_the_table_says() {
        use Status::*;
        // Per status: pause, resume, cancel at the period's end, cancel at once, revert: the status
        // after, or None when refused.
        let table: [(Status, [Option<Status>; 5]); 6] = [
            (Trialing, [None, None, Some(Cancelling), Some(Cancelled), None]),
            (Active, [Some(Paused), None, Some(Cancelling), Some(Cancelled), None]),
            (Paused, [None, Some(Active), Some(Cancelled), Some(Cancelled), None]),
            (Cancelling, [None, None, None, Some(Cancelled), Some(Active)]),
            (Cancelled, [None, None, None, None, None]),
            (Expired, [None, None, None, None, None]),
        ];
        for (status, expected) in table {
            let (plan, start) = in_status(status);
            assert_eq!(start.status, status);
            let now = at(11);
            let actions: [Action; 5] = [
                |s, p, now| s.pause(p, now, now + SignedDuration::from_secs(5 * DAY_S)),
                |s, p, now| s.resume(p, now),
                |s, p, now| s.cancel(p, now, false),
                |s, p, now| s.cancel(p, now, true),
                |s, p, now| s.revert_cancel(p, now),
            ];
            for (i, (action, want)) in actions.iter().zip(expected).enumerate() {
                let mut sub = start.clone();
                match (action(&mut sub, &plan, now), want) {
                    (Ok(change), Some(to)) => {
                        assert_eq!((change.from, change.to, sub.status), (status, to, to), "{status:?} action {i}");
                    }
                    (Err(_), None) => assert_eq!(sub, start, "{status:?} action {i}: a refusal changes nothing"),
                    (got, want) => panic!("{status:?} action {i}: got {got:?}, the table says {want:?}"),
                }
            }
        }
    }

    #[derive(Debug, Clone)]
    enum Step {
        Wait(i64),
        Pause(i64),
        Resume,
        Cancel(bool),
        Revert,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0i64..90).prop_map(Step::Wait),
            (-5i64..90).prop_map(Step::Pause),
            Just(Step::Resume),
            any::<bool>().prop_map(Step::Cancel),
            Just(Step::Revert),
        ]
    }

    proptest! {
        /// Over any sequence of actions and waits: a refused action changes nothing; a final status
        /// stays final; access and billing ends agree with the status; a pause never exceeds the
        /// plan's limit; a refund never exceeds the price.
        #[test]
        fn every_sequence_keeps_the_invariants(trial in 0u16..14, steps in proptest::collection::vec(step(), 1..40)) {
            let plan = Plan { trial_days: trial, ..plan() };
            let mut now = at(0);
            let mut sub = Subscription::start(&plan, now);
            for step in steps {
                let before = sub.clone();
                let result = match step {
                    Step::Wait(days) => { now += SignedDuration::from_secs(days * DAY_S); sub.advance(&plan, now); Ok(None) }
                    Step::Pause(days) => sub.pause(&plan, now, now + SignedDuration::from_secs(days * DAY_S)).map(Some),
                    Step::Resume => sub.resume(&plan, now).map(Some),
                    Step::Cancel(at_once) => sub.cancel(&plan, now, at_once).map(Some),
                    Step::Revert => sub.revert_cancel(&plan, now).map(Some),
                };
                match result {
                    Err(_) => prop_assert_eq!(&sub, &before, "a refusal changes nothing"),
                    Ok(Some(change)) => {
                        prop_assert!(!before.status.is_final(), "nothing happens to an ended subscription");
                        prop_assert!(change.refund_minor.unwrap_or(0) <= plan.price_minor);
                    }
                    Ok(None) => {}
                }
                if before.status.is_final() {
                    prop_assert_eq!(sub.status, before.status);
                }
                prop_assert_eq!(sub.paused.is_some(), sub.status == Status::Paused);
                prop_assert_eq!(sub.cancelled_from.is_some(), sub.status == Status::Cancelling);
                prop_assert_eq!(
                    sub.entitlement_end.is_some(),
                    matches!(sub.status, Status::Cancelling | Status::Cancelled | Status::Expired)
                );
                if let Some((since, until)) = sub.paused {
                    prop_assert!(until.duration_since(since) <= SignedDuration::from_secs(i64::from(plan.max_pause_days) * DAY_S));
                }
                prop_assert!(sub.period_end > sub.started_at);
            }
        }
    }
}
