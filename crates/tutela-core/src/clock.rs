//! Clocks: running obligations with a due instant that pauses, extensions and completion move.
//!
//! A [`Clock`] is what a promise becomes once it is triggered: "answer this data subject request
//! within 1 month", started at the instant the request arrived. It is a pure state machine: every
//! method takes the instant it happens at, and the whole clock (its history included) serializes with
//! serde so the store can persist it and the scheduler can reload it.
//!
//! # States
//!
//! [`Clock::state_at`] reports, at an instant `now`:
//! - `met` / `met_late` once completed: met when completed at or before the due instant (a clock
//!   completed while paused is met when its pause began at or before the due instant, since paused
//!   time does not count);
//! - `paused` while paused;
//! - `breached` when `now` is after the due instant (the due instant itself is still on time);
//! - `due_soon` when the elapsed share of `[start, due]` is at least `due_soon_permille` / 1000
//!   (plain elapsed time, paused time included, measured against the current due instant);
//! - `running` otherwise.
//!
//! [`Clock::next_transition_at`] is the first instant at which that answer changes with no action
//! taken: the due-soon instant, then one nanosecond after the due instant. The scheduler sleeps until
//! the smallest over all clocks.
//!
//! # Pauses
//!
//! Time while paused does not count. Resuming moves the due instant forward by what the pause
//! covered, measured in the clock's own unit, so **pausing never makes a deadline earlier**:
//! - `hours`: by the elapsed time of the pause, exactly.
//! - `business hours`: by the working time inside the pause, added after the current due instant.
//! - `working days`, `days`, `months` count whole days. A day counts toward the clock when the clock
//!   is running at its end, so the days skipped are the local dates from the pause date up to, not
//!   including, the resume date (a pause and resume on the same date skip nothing; the day of
//!   resumption counts, as the clock runs at its end). The due date moves forward by the working days
//!   among them for a `working days` clock, and by their number in calendar days for `days` and
//!   `months` clocks (a pause is measured in days, not months); the clock's roll then applies again.
//!
//! # Extensions
//!
//! [`Clock::extend`] computes a new deadline from the current due instant with the extension period
//! (152-FZ's +5 working days, GDPR's +2 months) and the clock's roll, and records the reason. A
//! completed clock cannot be extended; a paused or breached one can (a late extension is the
//! operator's decision, and the history shows when it was made).

use std::fmt;

use jiff::civil::Date;
use jiff::{SignedDuration, Span, Timestamp};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarId};
use crate::deadline::{Counter, DeadlineError, DurationSpec, DurationUnit, Roll, compute_deadline};

/// The default due-soon threshold: 80 % of the allowed time.
pub const DEFAULT_DUE_SOON_PERMILLE: u16 = 800;
/// The most events one clock's history holds; the last slot is kept for the completion.
pub const MAX_CLOCK_EVENTS: usize = 1000;
/// The longest extension reason, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

// ---------------------------------------------------------------------------------------------------
// Small value types

/// The share of the allowed time, in thousandths (0..=1000), after which a clock is "due soon".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub struct DueSoonPermille(u16);

impl DueSoonPermille {
    /// A threshold; fails above 1000.
    pub fn new(permille: u16) -> Result<Self, ClockError> {
        if permille > 1000 {
            return Err(ClockError::InvalidPermille { permille });
        }
        Ok(Self(permille))
    }

    /// The threshold in thousandths.
    pub fn get(self) -> u16 {
        self.0
    }
}

impl Default for DueSoonPermille {
    fn default() -> Self {
        Self(DEFAULT_DUE_SOON_PERMILLE)
    }
}

impl TryFrom<u16> for DueSoonPermille {
    type Error = ClockError;
    fn try_from(permille: u16) -> Result<Self, Self::Error> {
        Self::new(permille)
    }
}

impl From<DueSoonPermille> for u16 {
    fn from(permille: DueSoonPermille) -> u16 {
        permille.0
    }
}

/// Why a deadline was extended: non-empty trimmed text of at most [`MAX_REASON_CHARS`] characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ExtensionReason(String);

impl ExtensionReason {
    /// Trims and checks the text.
    pub fn new(text: &str) -> Result<Self, ClockError> {
        let trimmed = text.trim();
        let chars = trimmed.chars().count();
        if chars == 0 {
            return Err(ClockError::EmptyReason);
        }
        if chars > MAX_REASON_CHARS {
            return Err(ClockError::ReasonTooLong { chars });
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The reason text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ExtensionReason {
    type Error = ClockError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::new(&text)
    }
}

impl From<ExtensionReason> for String {
    fn from(reason: ExtensionReason) -> String {
        reason.0
    }
}

impl fmt::Display for ExtensionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a completed clock ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Completed at or before the due instant.
    Met,
    /// Completed after the due instant.
    MetLate,
}

/// What a clock is doing at an instant. See the module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Running, less than the due-soon share elapsed.
    Running,
    /// Paused; time does not count.
    Paused,
    /// Running, at least the due-soon share elapsed, not yet due.
    DueSoon,
    /// Running past the due instant.
    Breached,
    /// Completed on time.
    Met,
    /// Completed late.
    MetLate,
}

impl ClockState {
    /// Every state.
    pub const ALL: [ClockState; 6] = [
        ClockState::Running,
        ClockState::Paused,
        ClockState::DueSoon,
        ClockState::Breached,
        ClockState::Met,
        ClockState::MetLate,
    ];

    /// The name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockState::Running => "running",
            ClockState::Paused => "paused",
            ClockState::DueSoon => "due_soon",
            ClockState::Breached => "breached",
            ClockState::Met => "met",
            ClockState::MetLate => "met_late",
        }
    }

    /// Parses a name produced by [`ClockState::as_str`].
    pub fn parse(text: &str) -> Option<ClockState> {
        ClockState::ALL.into_iter().find(|state| state.as_str() == text)
    }
}

/// One entry in a clock's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ClockEvent {
    /// The clock stopped counting.
    Paused {
        /// When.
        at: Timestamp,
    },
    /// The clock counts again; the due instant moved by what the pause covered.
    Resumed {
        /// When.
        at: Timestamp,
        /// The due instant before resuming.
        due_before: Timestamp,
        /// The due instant after resuming.
        due_after: Timestamp,
    },
    /// The deadline was extended.
    Extended {
        /// When.
        at: Timestamp,
        /// The extension period.
        by: DurationSpec,
        /// Why.
        reason: ExtensionReason,
        /// The due instant before the extension.
        due_before: Timestamp,
        /// The due instant after the extension.
        due_after: Timestamp,
    },
    /// The obligation was fulfilled.
    Completed {
        /// When.
        at: Timestamp,
        /// Whether on time.
        outcome: Outcome,
    },
}

impl ClockEvent {
    /// When the event happened.
    pub fn at(&self) -> Timestamp {
        match self {
            Self::Paused { at } | Self::Resumed { at, .. } | Self::Extended { at, .. } | Self::Completed { at, .. } => {
                *at
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Errors

/// Why a clock action was refused. A refused action leaves the clock unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// The due-soon threshold is above 1000 ‰.
    #[error("due-soon threshold {permille} ‰ is above 1000 ‰")]
    InvalidPermille {
        /// The value given.
        permille: u16,
    },
    /// The extension reason is empty or only whitespace.
    #[error("extension reason is empty: say why the deadline is extended")]
    EmptyReason,
    /// The extension reason is longer than [`MAX_REASON_CHARS`].
    #[error("extension reason is {chars} characters long: at most {MAX_REASON_CHARS} are allowed")]
    ReasonTooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// `pause` on a clock that is already paused.
    #[error("clock is already paused (since {since})")]
    AlreadyPaused {
        /// When the current pause began.
        since: Timestamp,
    },
    /// `resume` on a clock that is not paused.
    #[error("clock is not paused, so it cannot be resumed")]
    NotPaused,
    /// Any action on a completed clock.
    #[error("clock was completed at {at}: it accepts no further actions")]
    AlreadyCompleted {
        /// When it was completed.
        at: Timestamp,
    },
    /// An action dated before the clock's start.
    #[error("action at {at} is before the clock's start at {start}")]
    BeforeStart {
        /// The instant given.
        at: Timestamp,
        /// The clock's start.
        start: Timestamp,
    },
    /// An action dated before the previous event in the history.
    #[error("action at {at} is before the previous event at {previous}: events must be in time order")]
    BeforePreviousEvent {
        /// The instant given.
        at: Timestamp,
        /// The previous event's instant.
        previous: Timestamp,
    },
    /// The calendar passed in is not the clock's calendar.
    #[error("clock runs on calendar \"{expected}\" but calendar \"{given}\" was given")]
    CalendarMismatch {
        /// The clock's calendar.
        expected: CalendarId,
        /// The calendar passed in.
        given: CalendarId,
    },
    /// The history holds [`MAX_CLOCK_EVENTS`] events (one slot is kept for the completion).
    #[error("clock history is full ({MAX_CLOCK_EVENTS} events): only completion is still possible")]
    HistoryFull,
    /// The deadline could not be computed.
    #[error(transparent)]
    Deadline(#[from] DeadlineError),
    /// A stored clock is inconsistent (only when deserializing).
    #[error("invalid stored clock: {reason}")]
    InvalidRecord {
        /// What is inconsistent.
        reason: String,
    },
}

// ---------------------------------------------------------------------------------------------------
// The clock

/// Where the clock is in its life; derived from the history, never stored separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Running,
    Paused { since: Timestamp },
    Completed { at: Timestamp, outcome: Outcome },
}

/// A running obligation. See the module documentation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ClockRecord", into = "ClockRecord")]
pub struct Clock {
    record: ClockRecord,
    phase: Phase,
}

/// The stored form of a [`Clock`]; deserializing replays and checks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockRecord {
    start: Timestamp,
    duration: DurationSpec,
    calendar_id: CalendarId,
    roll: Roll,
    due_soon_permille: DueSoonPermille,
    initial_due: Timestamp,
    due: Timestamp,
    due_date: Date,
    calendar_coverage_exceeded: bool,
    history: Vec<ClockEvent>,
}

/// A clock to be started, with what it measures: the obligation's kind (`consent.destruction`), a
/// description for people, and the subject or object it concerns. Rules that start clocks return
/// one; the database stores it.
#[derive(Debug, Clone)]
pub struct ClockSpec {
    /// What obligation it measures: 1 to 100 of `a-z`, `0-9`, `.`, `_`, `-`.
    pub kind: String,
    /// A human description.
    pub label: String,
    /// The subject or object it concerns.
    pub subject_ref: Option<crate::subject::SubjectRef>,
    /// The started clock.
    pub clock: Clock,
}

impl Clock {
    /// Starts a clock at `start` and computes its due instant.
    pub fn start(
        start: Timestamp,
        duration: DurationSpec,
        calendar: &Calendar,
        roll: Roll,
        due_soon_permille: DueSoonPermille,
    ) -> Result<Clock, ClockError> {
        let deadline = compute_deadline(start, &duration, calendar, roll)?;
        let record = ClockRecord {
            start,
            duration,
            calendar_id: calendar.id().clone(),
            roll,
            due_soon_permille,
            initial_due: deadline.due,
            due: deadline.due,
            due_date: deadline.due_date,
            calendar_coverage_exceeded: deadline.calendar_coverage_exceeded,
            history: Vec::new(),
        };
        Ok(Clock { record, phase: Phase::Running })
    }

    /// When the clock started.
    pub fn start_at(&self) -> Timestamp {
        self.record.start
    }

    /// The period the clock was started with.
    pub fn duration(&self) -> DurationSpec {
        self.record.duration
    }

    /// The calendar the clock counts on.
    pub fn calendar_id(&self) -> &CalendarId {
        &self.record.calendar_id
    }

    /// Whether day-based periods roll to the next working day.
    pub fn roll(&self) -> Roll {
        self.record.roll
    }

    /// The due-soon threshold.
    pub fn due_soon_permille(&self) -> DueSoonPermille {
        self.record.due_soon_permille
    }

    /// The due instant computed at start, before any pause or extension.
    pub fn initial_due(&self) -> Timestamp {
        self.record.initial_due
    }

    /// The current due instant: the last instant at which completion is on time.
    pub fn due(&self) -> Timestamp {
        self.record.due
    }

    /// The local date of the current due instant in the calendar's zone.
    pub fn due_date(&self) -> Date {
        self.record.due_date
    }

    /// Whether any computation of this clock used a date outside the calendar's `covers` years.
    pub fn calendar_coverage_exceeded(&self) -> bool {
        self.record.calendar_coverage_exceeded
    }

    /// Everything that happened to the clock after its start, in time order.
    pub fn history(&self) -> &[ClockEvent] {
        &self.record.history
    }

    /// When the current pause began, if paused.
    pub fn paused_since(&self) -> Option<Timestamp> {
        match self.phase {
            Phase::Paused { since } => Some(since),
            _ => None,
        }
    }

    /// When and how the clock was completed, if it was.
    pub fn completion(&self) -> Option<(Timestamp, Outcome)> {
        match self.phase {
            Phase::Completed { at, outcome } => Some((at, outcome)),
            _ => None,
        }
    }

    /// The first instant at which the elapsed share of `[start, due]` reaches the due-soon threshold.
    pub fn due_soon_at(&self) -> Timestamp {
        let start_ns = self.record.start.as_nanosecond();
        let allowed_ns = (self.record.due.as_nanosecond() - start_ns).max(0);
        // Rounded up, so the share at this instant is never below the threshold.
        let scaled_ns = allowed_ns * i128::from(self.record.due_soon_permille.get());
        let threshold_ns = (scaled_ns + 999) / 1000;
        Timestamp::from_nanosecond(start_ns + threshold_ns).unwrap_or(self.record.due)
    }

    /// The first instant at which a running clock is breached: one nanosecond after the due instant.
    pub fn breached_at(&self) -> Option<Timestamp> {
        self.record.due.checked_add(SignedDuration::from_nanos(1)).ok()
    }

    /// The clock's state at `now`. See the module documentation.
    pub fn state_at(&self, now: Timestamp) -> ClockState {
        match self.phase {
            Phase::Completed { outcome: Outcome::Met, .. } => ClockState::Met,
            Phase::Completed { outcome: Outcome::MetLate, .. } => ClockState::MetLate,
            Phase::Paused { .. } => ClockState::Paused,
            Phase::Running if now > self.record.due => ClockState::Breached,
            Phase::Running if now >= self.due_soon_at() => ClockState::DueSoon,
            Phase::Running => ClockState::Running,
        }
    }

    /// The next instant after which [`Clock::state_at`] changes with no action taken; `None` when
    /// paused, completed or already breached.
    pub fn next_transition_at(&self, now: Timestamp) -> Option<Timestamp> {
        if self.phase != Phase::Running {
            return None;
        }
        let due_soon_at = self.due_soon_at();
        if now < due_soon_at {
            Some(due_soon_at)
        } else if now <= self.record.due {
            self.breached_at()
        } else {
            None
        }
    }

    /// Stops the clock at `at`.
    pub fn pause(&mut self, at: Timestamp) -> Result<(), ClockError> {
        self.check_action(at, false)?;
        if let Phase::Paused { since } = self.phase {
            return Err(ClockError::AlreadyPaused { since });
        }
        self.record.history.push(ClockEvent::Paused { at });
        self.phase = Phase::Paused { since: at };
        Ok(())
    }

    /// Restarts the clock at `at`, moving the due instant by what the pause covered (module doc).
    pub fn resume(&mut self, at: Timestamp, calendar: &Calendar) -> Result<(), ClockError> {
        self.check_action(at, false)?;
        self.check_calendar(calendar)?;
        let Phase::Paused { since } = self.phase else {
            return Err(ClockError::NotPaused);
        };
        let due_before = self.record.due;
        let mut counter = Counter::new(calendar);
        let (due_after, due_date) = self.due_after_pause(&mut counter, since, at)?;
        self.set_due(due_after, due_date, counter.coverage_exceeded);
        self.record.history.push(ClockEvent::Resumed { at, due_before, due_after });
        self.phase = Phase::Running;
        Ok(())
    }

    /// Extends the deadline by `by` from the current due instant, recording `reason`.
    pub fn extend(
        &mut self,
        by: DurationSpec,
        reason: ExtensionReason,
        at: Timestamp,
        calendar: &Calendar,
    ) -> Result<(), ClockError> {
        self.check_action(at, false)?;
        self.check_calendar(calendar)?;
        let due_before = self.record.due;
        let deadline = compute_deadline(due_before, &by, calendar, self.record.roll)?;
        self.set_due(deadline.due, deadline.due_date, deadline.calendar_coverage_exceeded);
        self.record.history.push(ClockEvent::Extended { at, by, reason, due_before, due_after: deadline.due });
        Ok(())
    }

    /// Completes the obligation at `at` and returns whether it was on time.
    pub fn complete(&mut self, at: Timestamp) -> Result<Outcome, ClockError> {
        self.check_action(at, true)?;
        let outcome = outcome_of(self.phase, at, self.record.due);
        self.record.history.push(ClockEvent::Completed { at, outcome });
        self.phase = Phase::Completed { at, outcome };
        Ok(outcome)
    }

    /// Refuses actions on a completed clock, out of time order, or past the history limit.
    fn check_action(&self, at: Timestamp, completing: bool) -> Result<(), ClockError> {
        if let Phase::Completed { at: completed_at, .. } = self.phase {
            return Err(ClockError::AlreadyCompleted { at: completed_at });
        }
        if at < self.record.start {
            return Err(ClockError::BeforeStart { at, start: self.record.start });
        }
        if let Some(previous) = self.record.history.last().map(ClockEvent::at).filter(|&previous| at < previous) {
            return Err(ClockError::BeforePreviousEvent { at, previous });
        }
        let limit = if completing { MAX_CLOCK_EVENTS } else { MAX_CLOCK_EVENTS - 1 };
        if self.record.history.len() >= limit {
            return Err(ClockError::HistoryFull);
        }
        Ok(())
    }

    fn check_calendar(&self, calendar: &Calendar) -> Result<(), ClockError> {
        if calendar.id() != &self.record.calendar_id {
            return Err(ClockError::CalendarMismatch {
                expected: self.record.calendar_id.clone(),
                given: calendar.id().clone(),
            });
        }
        Ok(())
    }

    fn set_due(&mut self, due: Timestamp, due_date: Date, coverage_exceeded: bool) {
        self.record.due = due;
        self.record.due_date = due_date;
        self.record.calendar_coverage_exceeded |= coverage_exceeded;
    }

    /// The due instant and date after a pause over `[paused_at, resumed_at)`, per unit (module doc).
    fn due_after_pause(
        &self,
        counter: &mut Counter<'_>,
        paused_at: Timestamp,
        resumed_at: Timestamp,
    ) -> Result<(Timestamp, Date), ClockError> {
        let (due, due_date) = (self.record.due, self.record.due_date);
        match self.record.duration.unit() {
            DurationUnit::Hours => {
                let shifted = counter.add_elapsed(due, resumed_at.duration_since(paused_at))?;
                Ok((shifted, counter.local_date(shifted)))
            }
            DurationUnit::BusinessHours => {
                let paused_working_time = counter.working_time_between(paused_at, resumed_at)?;
                if paused_working_time.is_zero() {
                    return Ok((due, due_date));
                }
                let shifted = counter.add_working_time(due, paused_working_time)?;
                Ok((shifted, counter.local_date(shifted)))
            }
            DurationUnit::WorkingDays => {
                let skipped = counter.working_days_in(counter.local_date(paused_at), counter.local_date(resumed_at))?;
                if skipped == 0 {
                    return Ok((due, due_date));
                }
                let date = counter.nth_working_day_after(due_date, skipped)?;
                Ok((counter.end_of_day(date)?, date))
            }
            DurationUnit::Days | DurationUnit::Months => {
                let skipped_days = counter
                    .local_date(paused_at)
                    .until(counter.local_date(resumed_at))
                    .map_or(0, |span| span.get_days());
                if skipped_days <= 0 {
                    return Ok((due, due_date));
                }
                let target = counter.add_span(due_date, Span::new().days(skipped_days))?;
                let (shifted, date, _rolled) = counter.end_of_landing_day(target, self.record.roll)?;
                Ok((shifted, date))
            }
        }
    }
}

/// Met when the clock stopped counting (completion, or the start of the pause it is completed in)
/// at or before the due instant.
fn outcome_of(phase: Phase, at: Timestamp, due: Timestamp) -> Outcome {
    let stopped_counting_at = match phase {
        Phase::Paused { since } => since,
        _ => at,
    };
    if stopped_counting_at <= due { Outcome::Met } else { Outcome::MetLate }
}

// ---------------------------------------------------------------------------------------------------
// Stored form

impl From<Clock> for ClockRecord {
    fn from(clock: Clock) -> Self {
        clock.record
    }
}

impl TryFrom<ClockRecord> for Clock {
    type Error = ClockError;

    /// Replays the history to check that it could have been produced by the methods above.
    fn try_from(record: ClockRecord) -> Result<Self, Self::Error> {
        let invalid = |reason: String| ClockError::InvalidRecord { reason };
        if record.history.len() > MAX_CLOCK_EVENTS {
            return Err(invalid(format!("{} events: at most {MAX_CLOCK_EVENTS}", record.history.len())));
        }
        if record.initial_due < record.start {
            return Err(invalid(format!("initial due {} is before start {}", record.initial_due, record.start)));
        }
        let (mut phase, mut due, mut previous) = (Phase::Running, record.initial_due, record.start);
        for (index, event) in record.history.iter().enumerate() {
            if event.at() < previous {
                return Err(invalid(format!("event {index} at {} is before {previous}", event.at())));
            }
            (phase, due) = replay(phase, due, event).map_err(|reason| invalid(format!("event {index}: {reason}")))?;
            previous = event.at();
        }
        if due != record.due {
            return Err(invalid(format!("due {} does not match the history's {due}", record.due)));
        }
        Ok(Clock { record, phase })
    }
}

/// Applies one stored event, or says why it could not have happened.
fn replay(phase: Phase, due: Timestamp, event: &ClockEvent) -> Result<(Phase, Timestamp), String> {
    let check_due = |due_before: Timestamp, due_after: Timestamp| {
        if due_before != due {
            return Err(format!("due_before {due_before} does not match the current due {due}"));
        }
        Ok(due_after)
    };
    match (phase, event) {
        (Phase::Completed { .. }, _) => Err("an event after completion".to_owned()),
        (Phase::Running, ClockEvent::Paused { at }) => Ok((Phase::Paused { since: *at }, due)),
        (Phase::Paused { .. }, ClockEvent::Resumed { due_before, due_after, .. }) if due_after < due_before => {
            Err(format!("resuming moved the due instant earlier, to {due_after}"))
        }
        (Phase::Paused { .. }, ClockEvent::Resumed { due_before, due_after, .. }) => {
            Ok((Phase::Running, check_due(*due_before, *due_after)?))
        }
        (_, ClockEvent::Extended { due_before, due_after, .. }) => Ok((phase, check_due(*due_before, *due_after)?)),
        (_, ClockEvent::Completed { at, outcome }) if *outcome != outcome_of(phase, *at, due) => {
            Err(format!("outcome {outcome:?} contradicts the due instant {due}"))
        }
        (_, ClockEvent::Completed { at, outcome }) => Ok((Phase::Completed { at: *at, outcome: *outcome }, due)),
        (Phase::Paused { .. }, ClockEvent::Paused { .. }) => Err("a pause while paused".to_owned()),
        (Phase::Running, ClockEvent::Resumed { .. }) => Err("a resume while running".to_owned()),
    }
}
