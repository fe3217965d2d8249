//! Service-level policies and the clocks of a service ticket, derived from its history.
//!
//! A policy is chosen by the ticket's facts (kind, region, priority, emergency, product line,
//! contract): the first policy in the operator's order whose conditions all hold, else the one
//! marked `fallback` (exactly one must be). Overlapping policies are therefore resolved by order,
//! never by specificity: put the narrower policy first.
//!
//! Each target (first response, on-site arrival, resolution) is a [`Clock`] on the policy's
//! calendar, **derived from the ticket's whole status history every time**, never patched: the
//! events are sorted by instant, replayed from the creation, and the clock is what the replay
//! gives. So changing the policy, reopening a ticket or recording a back-dated event recomputes
//! every clock the same way a fresh ticket with that history would get them — the cases that
//! help desks get wrong when they adjust stored clocks (zammad#5177, osTicket#3034, GLPI#15605).
//!
//! What each target measures:
//! - first response: from creation to the first response, arrival or resolution;
//! - on-site arrival: from creation to the first arrival, paused while waiting for the customer;
//! - resolution: from creation to the last resolution not followed by a reopening, paused while
//!   waiting for the customer and between a resolution and its reopening (the customer had a
//!   solution then).
//!
//! Escalations (a loaner device at 12 h, a manager at 75 % of the resolution time) fall due at an
//! instant derived the same way and fire unless the target was met before.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarId};
use crate::clock::{Clock, ClockError, ClockState, DueSoonPermille, Outcome};
use crate::deadline::{DurationSpec, Roll};

/// Most policies an operator keeps.
pub const MAX_POLICIES: usize = 200;
/// Most events one ticket's history holds.
pub const MAX_TICKET_EVENTS: usize = 500;

/// What a ticket is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    /// A fault to repair.
    Repair,
    /// A complaint.
    Complaint,
    /// An installation.
    Installation,
    /// A scheduled inspection.
    Inspection,
}

/// How urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Low.
    Low,
    /// Normal.
    Normal,
    /// High.
    High,
}

/// What a policy is chosen by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketFacts {
    /// The kind.
    pub kind: TicketKind,
    /// The site's region (`prd`, `guangdong`, `other`).
    pub region: String,
    /// The priority.
    pub priority: Priority,
    /// A safety emergency.
    pub emergency: bool,
    /// The device's product line.
    pub product_line: String,
    /// The service contract, if any.
    #[serde(default)]
    pub contract: Option<String>,
}

/// Conditions a policy applies under; an empty list or absent value matches anything.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    /// Kinds.
    #[serde(default)]
    pub kinds: Vec<TicketKind>,
    /// Regions.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Priorities.
    #[serde(default)]
    pub priorities: Vec<Priority>,
    /// Emergencies only (true) or non-emergencies only (false).
    #[serde(default)]
    pub emergency: Option<bool>,
    /// Product lines.
    #[serde(default)]
    pub product_lines: Vec<String>,
    /// Contracts.
    #[serde(default)]
    pub contracts: Vec<String>,
}

impl Conditions {
    /// Whether `facts` meet every condition.
    pub fn hold(&self, facts: &TicketFacts) -> bool {
        let any = |list: &[String], value: &str| list.is_empty() || list.iter().any(|v| v == value);
        (self.kinds.is_empty() || self.kinds.contains(&facts.kind))
            && any(&self.regions, &facts.region)
            && (self.priorities.is_empty() || self.priorities.contains(&facts.priority))
            && self.emergency.is_none_or(|e| e == facts.emergency)
            && any(&self.product_lines, &facts.product_line)
            && (self.contracts.is_empty() || facts.contract.as_ref().is_some_and(|c| self.contracts.contains(c)))
    }
}

/// What a target measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The first response.
    FirstResponse,
    /// The engineer on site.
    OnSite,
    /// The fault resolved.
    Resolution,
}

impl Target {
    /// The name as stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::FirstResponse => "first_response",
            Target::OnSite => "on_site",
            Target::Resolution => "resolution",
        }
    }
}

/// A target of a policy: within how long, on which calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    /// What it measures.
    pub target: Target,
    /// Within (`8 hours`, `4 business hours`, `3 working days`).
    pub within: DurationSpec,
    /// The calendar (`24x7`, `cn`).
    pub calendar: CalendarId,
}

/// When an escalation falls due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationAt {
    /// After this much of the target's counted time (`12 hours`: a loaner device).
    After(DurationSpec),
    /// At this share of the target's time, in thousandths (750: a manager at 75 %).
    Permille(u16),
}

/// An escalation step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// The target it watches.
    pub target: Target,
    /// When.
    pub at: EscalationAt,
    /// What to do (`loaner_device`, `notify_manager`).
    pub action: String,
}

/// A service-level policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlaPolicy {
    /// Its key.
    pub key: String,
    /// What it promises, in words, citing the letter.
    pub name: String,
    /// When it applies.
    #[serde(default)]
    pub conditions: Conditions,
    /// The policy for tickets no other matches.
    #[serde(default)]
    pub fallback: bool,
    /// Its targets.
    pub targets: Vec<TargetSpec>,
    /// Its escalations.
    #[serde(default)]
    pub escalations: Vec<Escalation>,
}

/// Why policies or a history were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlaError {
    /// Not exactly one fallback policy.
    #[error("exactly one policy must be the fallback; there are {0}")]
    Fallbacks(usize),
    /// A policy is malformed.
    #[error("policy {key:?}: {why}")]
    Policy {
        /// The policy.
        key: String,
        /// What is wrong.
        why: String,
    },
    /// The history has no creation, or two.
    #[error("a ticket's history has exactly one `created` event, at or before every other event")]
    NoCreation,
    /// An event before the creation (an arrival before the ticket existed).
    #[error("{event} at {at} is before the ticket was created at {created}")]
    BeforeCreation {
        /// The event.
        event: &'static str,
        /// When it was said to happen.
        at: Timestamp,
        /// The creation.
        created: Timestamp,
    },
    /// Too many events.
    #[error("a ticket's history holds at most {MAX_TICKET_EVENTS} events")]
    TooManyEvents,
    /// The policy names a calendar Tutela does not have.
    #[error("calendar {0:?} is unknown")]
    UnknownCalendar(String),
    /// A clock could not be computed.
    #[error(transparent)]
    Clock(#[from] ClockError),
}

/// Checks an operator's policies: keys unique and non-empty, targets once each, exactly one
/// fallback, permilles within 1..=1000.
pub fn check_policies(policies: &[SlaPolicy]) -> Result<(), SlaError> {
    if policies.len() > MAX_POLICIES {
        return Err(SlaError::Policy { key: String::new(), why: format!("at most {MAX_POLICIES} policies") });
    }
    let fallbacks = policies.iter().filter(|p| p.fallback).count();
    if fallbacks != 1 {
        return Err(SlaError::Fallbacks(fallbacks));
    }
    for (i, policy) in policies.iter().enumerate() {
        let bad = |why: &str| SlaError::Policy { key: policy.key.clone(), why: why.to_owned() };
        if policy.key.trim().is_empty() || policies[..i].iter().any(|p| p.key == policy.key) {
            return Err(bad("keys must be unique and not empty"));
        }
        if policy.targets.is_empty() {
            return Err(bad("give at least one target"));
        }
        for (j, target) in policy.targets.iter().enumerate() {
            if policy.targets[..j].iter().any(|t| t.target == target.target) {
                return Err(bad(&format!("target {} is given twice", target.target.as_str())));
            }
        }
        for escalation in &policy.escalations {
            if !policy.targets.iter().any(|t| t.target == escalation.target) {
                return Err(bad("an escalation watches a target the policy does not have"));
            }
            if matches!(escalation.at, EscalationAt::Permille(p) if p == 0 || p > 1000) {
                return Err(bad("an escalation's permille is 1 to 1000"));
            }
        }
    }
    Ok(())
}

/// The policy for a ticket: the first whose conditions hold, else the fallback.
pub fn select<'a>(policies: &'a [SlaPolicy], facts: &TicketFacts) -> Option<&'a SlaPolicy> {
    policies.iter().find(|p| !p.fallback && p.conditions.hold(facts)).or_else(|| policies.iter().find(|p| p.fallback))
}

/// What happened to a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Registered.
    Created,
    /// Staff answered the customer.
    Responded,
    /// The engineer arrived on site.
    Arrived,
    /// Waiting for the customer (access to the site, a part they send, an answer).
    WaitingCustomer,
    /// The customer answered.
    CustomerReplied,
    /// The fault was resolved.
    Resolved,
    /// The customer reported it back.
    Reopened,
    /// Closed by the clerk.
    Closed,
}

impl EventKind {
    /// The name as stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Responded => "responded",
            EventKind::Arrived => "arrived",
            EventKind::WaitingCustomer => "waiting_customer",
            EventKind::CustomerReplied => "customer_replied",
            EventKind::Resolved => "resolved",
            EventKind::Reopened => "reopened",
            EventKind::Closed => "closed",
        }
    }
}

/// One event of a ticket's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketEvent {
    /// When it happened (which may be before it was recorded).
    pub at: Timestamp,
    /// What.
    pub kind: EventKind,
}

/// A target's clock as the history gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedClock {
    /// What it measures.
    pub target: Target,
    /// The clock (due instant, pauses, completion).
    pub clock: Clock,
}

impl DerivedClock {
    /// The clock's state at `now`.
    pub fn state_at(&self, now: Timestamp) -> ClockState {
        self.clock.state_at(now)
    }

    /// When it was met, and whether on time.
    pub fn met(&self) -> Option<(Timestamp, Outcome)> {
        self.clock.completion()
    }
}

/// An escalation's instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedEscalation {
    /// What to do.
    pub action: String,
    /// The target watched.
    pub target: Target,
    /// When it falls due.
    pub due: Timestamp,
    /// Whether it fires at `now`: due, and the target not met before.
    pub fired: bool,
}

/// The operations a target's clock sees, from the sorted history.
enum Step {
    Pause(Timestamp),
    Resume(Timestamp),
    Complete(Timestamp),
}

/// The steps of `target` in `events` (sorted, starting with the creation).
fn steps(target: Target, events: &[TicketEvent]) -> Vec<Step> {
    let final_resolution = events
        .iter()
        .rposition(|e| e.kind == EventKind::Resolved)
        .filter(|&i| !events[i..].iter().any(|e| e.kind == EventKind::Reopened));
    let mut steps = Vec::new();
    let (mut waiting, mut resolved) = (false, false);
    for (i, event) in events.iter().enumerate().skip(1) {
        let at = event.at;
        let pausing = |waiting: bool, resolved: bool| waiting || resolved;
        match (target, event.kind) {
            (Target::FirstResponse, EventKind::Responded | EventKind::Arrived | EventKind::Resolved) => {
                steps.push(Step::Complete(at));
                return steps;
            }
            (Target::OnSite, EventKind::Arrived) => {
                steps.push(Step::Complete(at));
                return steps;
            }
            (Target::Resolution, EventKind::Resolved) if Some(i) == final_resolution => {
                steps.push(Step::Complete(at));
                return steps;
            }
            (Target::OnSite | Target::Resolution, EventKind::WaitingCustomer) if !waiting => {
                if !pausing(waiting, resolved) {
                    steps.push(Step::Pause(at));
                }
                waiting = true;
            }
            (Target::OnSite | Target::Resolution, EventKind::CustomerReplied) if waiting => {
                waiting = false;
                if !pausing(waiting, resolved) {
                    steps.push(Step::Resume(at));
                }
            }
            (Target::Resolution, EventKind::Resolved) if !resolved => {
                if !pausing(waiting, resolved) {
                    steps.push(Step::Pause(at));
                }
                resolved = true;
            }
            (Target::Resolution, EventKind::Reopened) if resolved => {
                resolved = false;
                if !pausing(waiting, resolved) {
                    steps.push(Step::Resume(at));
                }
            }
            _ => {}
        }
    }
    steps
}

/// The history sorted by instant (a stable sort: events at one instant keep the order they were
/// recorded in), checked to have exactly one creation, at or before every other event.
pub fn sorted_history(events: &[TicketEvent]) -> Result<Vec<TicketEvent>, SlaError> {
    if events.len() > MAX_TICKET_EVENTS {
        return Err(SlaError::TooManyEvents);
    }
    let mut creations = events.iter().filter(|e| e.kind == EventKind::Created);
    let (Some(created), None) = (creations.next(), creations.next()) else {
        return Err(SlaError::NoCreation);
    };
    if let Some(early) = events.iter().find(|e| e.at < created.at) {
        return Err(SlaError::BeforeCreation { event: early.kind.as_str(), at: early.at, created: created.at });
    }
    let mut sorted = events.to_vec();
    sorted.sort_by_key(|e| (e.at, e.kind != EventKind::Created));
    Ok(sorted)
}

/// Derives every target's clock of `policy` from the ticket's `events` (in any order). `calendar`
/// finds a calendar by id.
pub fn derive<'c>(
    policy: &SlaPolicy,
    events: &[TicketEvent],
    calendar: impl Fn(&CalendarId) -> Option<&'c Calendar>,
) -> Result<Vec<DerivedClock>, SlaError> {
    let sorted = sorted_history(events)?;
    let created = sorted[0].at;
    policy
        .targets
        .iter()
        .map(|spec| {
            let calendar =
                calendar(&spec.calendar).ok_or_else(|| SlaError::UnknownCalendar(spec.calendar.as_str().into()))?;
            let clock =
                replay(created, spec.within, calendar, DueSoonPermille::default(), &steps(spec.target, &sorted))?;
            Ok(DerivedClock { target: spec.target, clock })
        })
        .collect()
}

/// A clock started at `start` for `within` with `steps` applied.
fn replay(
    start: Timestamp,
    within: DurationSpec,
    calendar: &Calendar,
    due_soon: DueSoonPermille,
    steps: &[Step],
) -> Result<Clock, ClockError> {
    let mut clock = Clock::start(start, within, calendar, Roll::NextWorkingDay, due_soon)?;
    for step in steps {
        match *step {
            Step::Pause(at) => clock.pause(at)?,
            Step::Resume(at) => clock.resume(at, calendar)?,
            Step::Complete(at) => {
                clock.complete(at)?;
            }
        }
    }
    Ok(clock)
}

/// The escalations of `policy` for the ticket, with whether each has fired at `now`.
pub fn escalations<'c>(
    policy: &SlaPolicy,
    events: &[TicketEvent],
    now: Timestamp,
    calendar: impl Fn(&CalendarId) -> Option<&'c Calendar>,
) -> Result<Vec<DerivedEscalation>, SlaError> {
    let sorted = sorted_history(events)?;
    let created = sorted[0].at;
    let mut out = Vec::with_capacity(policy.escalations.len());
    for escalation in &policy.escalations {
        let Some(spec) = policy.targets.iter().find(|t| t.target == escalation.target) else { continue };
        let cal = calendar(&spec.calendar).ok_or_else(|| SlaError::UnknownCalendar(spec.calendar.as_str().into()))?;
        let steps = steps(spec.target, &sorted);
        let target = replay(created, spec.within, cal, DueSoonPermille::default(), &steps)?;
        let due = match &escalation.at {
            EscalationAt::After(within) => replay(created, *within, cal, DueSoonPermille::default(), &steps)?.due(),
            EscalationAt::Permille(permille) => {
                let share = DueSoonPermille::new(*permille)?;
                replay(created, spec.within, cal, share, &steps)?.due_soon_at()
            }
        };
        let met_before = target.completion().is_some_and(|(at, _)| at < due);
        out.push(DerivedEscalation {
            action: escalation.action.clone(),
            target: escalation.target,
            due,
            fired: due <= now && !met_before,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
