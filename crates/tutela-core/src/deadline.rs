//! Deadlines: when a period such as "10 working days" that starts at an instant ends, on a calendar.
//!
//! Laws and contracts state periods in a handful of units; this module turns one of them, a start
//! instant and a [`Calendar`] into a due instant. The rules, each covered by a test:
//!
//! - **`N hours`** is elapsed time: due = start + N × 3600 s exactly. The calendar only names the
//!   local `due_date`; nothing rolls.
//! - **`N business hours`** counts only time inside the working-hour ranges of working days, in the
//!   calendar's local time. A start outside working hours begins counting at the next working instant.
//!   Due is the instant at which N hours of working time have passed: 8 business hours from 09:00 on
//!   a 09:00-18:00 day is 17:00, 9 is 18:00 that day (not 09:00 the next). Time is real elapsed
//!   time, so a range that spans a DST change counts its true length.
//! - **`N working days`** ends at the end of the N-th working day strictly after the start's local
//!   date: the day of receipt never counts, even when it is a working day (RU Civil Code art. 191,
//!   EU Reg. 1182/71 art. 3(1)).
//! - **`N days`** ends at the end of the local date start date + N. **`N months`** ends at the end of
//!   the same day of the month N months later, clamped to the month's last day (31 Jan + 1 month =
//!   28/29 Feb). When that date is not a working day and [`Roll::NextWorkingDay`] is asked for, the
//!   deadline moves to the end of the next working day (RU Civil Code art. 193, EU Reg. 1182/71
//!   art. 3(4)) and says so in `rolled_to_working_day`. Statutory clocks roll; a contract may say
//!   [`Roll::Off`]. Working-day and business-hour periods always end in working time, so `roll`
//!   does not affect them.
//! - **End of day** is 23:59:59 local time of the due date, resolved with jiff's "compatible"
//!   disambiguation so it is a real instant even on a DST change day (in a gap it moves forward, in a
//!   fold it takes the earlier instant). `due_date` is that local date.
//! - **Zero** is allowed and means "at once / the same day": `0 hours` is the start itself; `0
//!   business hours` is the first working instant at or after the start; `0 days` and `0 months` end
//!   at the end of the start's local date (rolled like any other); `0 working days` ends at the end of
//!   the start's date if it is a working day, otherwise at the end of the next working day (reported
//!   as rolled). A due instant is never before the start.
//! - **Coverage**: `calendar_coverage_exceeded` is true when a date whose working status decided the
//!   result lies in a year outside the calendar's `covers` (there only the weekly pattern is known).
//!   `N hours`, and `N days`/`N months` with [`Roll::Off`], consult no date, so they never set it.
//! - **Termination**: a calendar with no working time for [`MAX_DAYS_WITHOUT_WORK`] consecutive days
//!   is an error naming the calendar, never an endless loop; a period that runs past the year 9999
//!   is an error too.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::{SignedDuration, Span, Timestamp};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarId, MINUTES_PER_DAY, TimeRange};

/// The largest count in a duration (100 000 hours is ~11 years; 100 000 months runs past year 9999).
pub const MAX_DURATION_COUNT: u32 = 100_000;
/// The longest duration text accepted, in bytes.
pub const MAX_DURATION_TEXT_BYTES: usize = 100;
/// The most consecutive days without working time a search walks before giving up (~10 years).
pub const MAX_DAYS_WITHOUT_WORK: u32 = 3660;

// ---------------------------------------------------------------------------------------------------
// Durations

/// The unit a period is counted in. See the module documentation for what each one means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    /// Elapsed hours.
    Hours,
    /// Hours of working time.
    BusinessHours,
    /// Calendar days, ending at the end of a local date.
    Days,
    /// Working days after the day of receipt.
    WorkingDays,
    /// Calendar months, ending at the end of a local date.
    Months,
}

impl DurationUnit {
    /// All units, in the order error messages list them.
    pub const ALL: [DurationUnit; 5] = [Self::Hours, Self::BusinessHours, Self::Days, Self::WorkingDays, Self::Months];

    /// The canonical singular word ("working day").
    pub fn singular(self) -> &'static str {
        match self {
            Self::Hours => "hour",
            Self::BusinessHours => "business hour",
            Self::Days => "day",
            Self::WorkingDays => "working day",
            Self::Months => "month",
        }
    }

    /// The canonical plural word ("working days").
    pub fn plural(self) -> &'static str {
        match self {
            Self::Hours => "hours",
            Self::BusinessHours => "business hours",
            Self::Days => "days",
            Self::WorkingDays => "working days",
            Self::Months => "months",
        }
    }

    /// Whether the period ends at the end of a local date (days, working days, months).
    pub fn is_day_based(self) -> bool {
        matches!(self, Self::Days | Self::WorkingDays | Self::Months)
    }

    /// The unit for a lower-case, single-spaced unit text, accepting singular, plural and the
    /// aliases "calendar day(s)", "business day(s)" and "working hour(s)".
    fn from_words(words: &str) -> Option<Self> {
        let unit = match words {
            "hour" | "hours" => Self::Hours,
            "business hour" | "business hours" | "working hour" | "working hours" => Self::BusinessHours,
            "day" | "days" | "calendar day" | "calendar days" => Self::Days,
            "working day" | "working days" | "business day" | "business days" => Self::WorkingDays,
            "month" | "months" => Self::Months,
            _ => return None,
        };
        Some(unit)
    }
}

/// A period such as `10 working days`: a count of at most [`MAX_DURATION_COUNT`] and a unit.
///
/// Parsed from text (`FromStr`), case-insensitive and whitespace tolerant, singular or plural;
/// written back (`Display`, serde) in the canonical form `10 working days` / `1 working day`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DurationSpec {
    count: u32,
    unit: DurationUnit,
}

/// Why a text is not a [`DurationSpec`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// Nothing but whitespace was given.
    #[error("empty duration: expected a count and a unit, e.g. \"10 working days\"")]
    Empty,
    /// The text is longer than [`MAX_DURATION_TEXT_BYTES`].
    #[error("duration text is {bytes} bytes long: at most {MAX_DURATION_TEXT_BYTES} are allowed")]
    TooLong {
        /// Its length.
        bytes: usize,
    },
    /// The count is negative.
    #[error("negative duration \"{text}\": a period cannot end before it starts")]
    Negative {
        /// The text as given.
        text: String,
    },
    /// The text does not start with a count.
    #[error("duration \"{text}\" has no count: expected a whole number before the unit, e.g. \"10 days\"")]
    MissingCount {
        /// The text as given.
        text: String,
    },
    /// The count has a fraction.
    #[error("duration \"{text}\": the count must be a whole number")]
    FractionalCount {
        /// The text as given.
        text: String,
    },
    /// The count is above [`MAX_DURATION_COUNT`].
    #[error("duration \"{text}\": count {count} is larger than {MAX_DURATION_COUNT}")]
    CountTooLarge {
        /// The text as given (empty when built with [`DurationSpec::new`]).
        text: String,
        /// The count, or `u64::MAX` when it does not even fit that.
        count: u64,
    },
    /// A count without a unit.
    #[error("duration \"{text}\" has no unit: expected hours, business hours, days, working days or months")]
    MissingUnit {
        /// The text as given.
        text: String,
    },
    /// The unit is not one of the known units.
    #[error(
        "unknown duration unit \"{unit}\" in \"{text}\": expected hours, business hours, days, working days or months"
    )]
    UnknownUnit {
        /// The unit as found (lower-cased).
        unit: String,
        /// The text as given.
        text: String,
    },
}

impl DurationSpec {
    /// A period of `count` `unit`s; fails when `count` exceeds [`MAX_DURATION_COUNT`].
    pub fn new(count: u32, unit: DurationUnit) -> Result<Self, DurationError> {
        if count > MAX_DURATION_COUNT {
            return Err(DurationError::CountTooLarge { text: String::new(), count: u64::from(count) });
        }
        Ok(Self { count, unit })
    }

    /// The count.
    pub fn count(self) -> u32 {
        self.count
    }

    /// The unit.
    pub fn unit(self) -> DurationUnit {
        self.unit
    }
}

impl FromStr for DurationSpec {
    type Err = DurationError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.len() > MAX_DURATION_TEXT_BYTES {
            return Err(DurationError::TooLong { bytes: text.len() });
        }
        let trimmed = text.trim();
        let owned = || trimmed.to_owned();
        if trimmed.is_empty() {
            return Err(DurationError::Empty);
        }
        if trimmed.starts_with('-') {
            return Err(DurationError::Negative { text: owned() });
        }
        let digits_end = trimmed.find(|c: char| !c.is_ascii_digit()).unwrap_or(trimmed.len());
        let (digits, rest) = trimmed.split_at(digits_end);
        if digits.is_empty() {
            return Err(DurationError::MissingCount { text: owned() });
        }
        if rest.starts_with(['.', ',']) && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
            return Err(DurationError::FractionalCount { text: owned() });
        }
        let count = digits.parse::<u64>().unwrap_or(u64::MAX);
        let count = u32::try_from(count)
            .ok()
            .filter(|&count| count <= MAX_DURATION_COUNT)
            .ok_or(DurationError::CountTooLarge { text: owned(), count })?;
        let words = rest.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        if words.is_empty() {
            return Err(DurationError::MissingUnit { text: owned() });
        }
        let unit = DurationUnit::from_words(&words).ok_or(DurationError::UnknownUnit { unit: words, text: owned() })?;
        Ok(Self { count, unit })
    }
}

impl fmt::Display for DurationSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = if self.count == 1 { self.unit.singular() } else { self.unit.plural() };
        write!(f, "{} {word}", self.count)
    }
}

impl Serialize for DurationSpec {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DurationSpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------------
// Deadlines

/// What happens when a day-based period ends on a day off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Roll {
    /// Move to the end of the next working day (statutory periods).
    #[default]
    NextWorkingDay,
    /// Keep the day off as the due date (contracts that say so).
    Off,
}

/// A computed deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Deadline {
    /// The last instant at which the obligation is met on time.
    pub due: Timestamp,
    /// The local date of the deadline in the calendar's zone.
    pub due_date: Date,
    /// Whether the period ended on a day off and was moved to the next working day.
    pub rolled_to_working_day: bool,
    /// Whether a date that decided the result lies outside the calendar's `covers` years.
    pub calendar_coverage_exceeded: bool,
}

/// Why no deadline could be computed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    /// The calendar has no working time in [`MAX_DAYS_WITHOUT_WORK`] consecutive days.
    #[error(
        "calendar \"{calendar_id}\" has no working time in the {MAX_DAYS_WITHOUT_WORK} days from {from}: check its week and holidays"
    )]
    NoWorkingTime {
        /// The calendar.
        calendar_id: CalendarId,
        /// The first date searched.
        from: Date,
    },
    /// The period runs past 9999-12-31, the last date Tutela can represent.
    #[error("counting on calendar \"{calendar_id}\" from {from} runs past 9999-12-31, the last supported date")]
    OutOfRange {
        /// The calendar.
        calendar_id: CalendarId,
        /// The date counting started from.
        from: Date,
    },
}

/// Computes when `duration`, starting at `start`, ends on `calendar`. See the module documentation.
pub fn compute_deadline(
    start: Timestamp,
    duration: &DurationSpec,
    calendar: &Calendar,
    roll: Roll,
) -> Result<Deadline, DeadlineError> {
    let mut counter = Counter::new(calendar);
    let start_date = counter.local_date(start);
    let count = duration.count();
    let (due, due_date, rolled) = match duration.unit() {
        DurationUnit::Hours => {
            let due = counter.add_elapsed(start, SignedDuration::from_hours(i64::from(count)))?;
            (due, counter.local_date(due), false)
        }
        DurationUnit::BusinessHours => {
            let due = counter.add_working_time(start, SignedDuration::from_hours(i64::from(count)))?;
            (due, counter.local_date(due), false)
        }
        DurationUnit::WorkingDays if count == 0 => counter.end_of_landing_day(start_date, Roll::NextWorkingDay)?,
        DurationUnit::WorkingDays => {
            let date = counter.nth_working_day_after(start_date, count)?;
            (counter.end_of_day(date)?, date, false)
        }
        DurationUnit::Days => {
            counter.end_of_landing_day(counter.add_span(start_date, Span::new().days(count))?, roll)?
        }
        DurationUnit::Months => {
            counter.end_of_landing_day(counter.add_span(start_date, Span::new().months(count))?, roll)?
        }
    };
    Ok(Deadline {
        due: due.max(start),
        due_date,
        rolled_to_working_day: rolled,
        calendar_coverage_exceeded: counter.coverage_exceeded,
    })
}

/// The working time between two instants (zero when `until` is not after `from`).
pub fn working_time_between(
    calendar: &Calendar,
    from: Timestamp,
    until: Timestamp,
) -> Result<SignedDuration, DeadlineError> {
    Counter::new(calendar).working_time_between(from, until)
}

/// The number of working days in `[first, until)` (zero when `until` is not after `first`).
pub fn working_days_between(calendar: &Calendar, first: Date, until: Date) -> u32 {
    // Only a date past 9999-12-31 fails, and no date before `until` is.
    Counter::new(calendar).working_days_in(first, until).unwrap_or(0)
}

/// Walks a calendar day by day, remembering whether any date it consulted is outside `covers`.
pub(crate) struct Counter<'c> {
    calendar: &'c Calendar,
    /// Set when a consulted date lies in a year the calendar does not cover.
    pub(crate) coverage_exceeded: bool,
}

impl<'c> Counter<'c> {
    pub(crate) fn new(calendar: &'c Calendar) -> Self {
        Self { calendar, coverage_exceeded: false }
    }

    pub(crate) fn local_date(&self, instant: Timestamp) -> Date {
        self.calendar.time_zone().to_datetime(instant).date()
    }

    fn out_of_range(&self, from: Date) -> DeadlineError {
        DeadlineError::OutOfRange { calendar_id: self.calendar.id().clone(), from }
    }

    fn no_working_time(&self, from: Date) -> DeadlineError {
        DeadlineError::NoWorkingTime { calendar_id: self.calendar.id().clone(), from }
    }

    /// The working hours of `date`, noting whether the calendar covers it.
    fn hours(&mut self, date: Date) -> &'c [TimeRange] {
        if !self.calendar.covers_year(date.year()) {
            self.coverage_exceeded = true;
        }
        self.calendar.working_hours(date)
    }

    fn is_working(&mut self, date: Date) -> bool {
        !self.hours(date).is_empty()
    }

    fn next_day(&self, date: Date) -> Result<Date, DeadlineError> {
        date.tomorrow().map_err(|_| self.out_of_range(date))
    }

    pub(crate) fn add_span(&self, date: Date, span: Span) -> Result<Date, DeadlineError> {
        date.checked_add(span).map_err(|_| self.out_of_range(date))
    }

    pub(crate) fn add_elapsed(&self, instant: Timestamp, amount: SignedDuration) -> Result<Timestamp, DeadlineError> {
        instant.checked_add(amount).map_err(|_| self.out_of_range(self.local_date(instant)))
    }

    /// The number of working days in `[first, until)`.
    pub(crate) fn working_days_in(&mut self, first: Date, until: Date) -> Result<u32, DeadlineError> {
        let (mut count, mut date) = (0, first);
        while date < until {
            count += u32::from(self.is_working(date));
            date = self.next_day(date)?;
        }
        Ok(count)
    }

    /// `date` itself if it is a working day, else the next one.
    fn first_working_day_from(&mut self, date: Date) -> Result<Date, DeadlineError> {
        let mut candidate = date;
        for _ in 0..=MAX_DAYS_WITHOUT_WORK {
            if self.is_working(candidate) {
                return Ok(candidate);
            }
            candidate = self.next_day(candidate)?;
        }
        Err(self.no_working_time(date))
    }

    /// The `n`-th working day strictly after `date` (`n >= 1`).
    pub(crate) fn nth_working_day_after(&mut self, date: Date, n: u32) -> Result<Date, DeadlineError> {
        let mut found = date;
        for _ in 0..n {
            found = self.first_working_day_from(self.next_day(found)?)?;
        }
        Ok(found)
    }

    /// The end of `target`, or with [`Roll::NextWorkingDay`] of the first working day from it.
    /// Returns the instant, the date and whether it rolled.
    pub(crate) fn end_of_landing_day(
        &mut self,
        target: Date,
        roll: Roll,
    ) -> Result<(Timestamp, Date, bool), DeadlineError> {
        let date = match roll {
            Roll::Off => target,
            Roll::NextWorkingDay => self.first_working_day_from(target)?,
        };
        Ok((self.end_of_day(date)?, date, date != target))
    }

    /// 23:59:59 local on `date`, resolved compatibly across DST changes.
    pub(crate) fn end_of_day(&self, date: Date) -> Result<Timestamp, DeadlineError> {
        self.local_instant(date, MINUTES_PER_DAY - 1)
            .and_then(|instant| self.add_elapsed(instant, SignedDuration::from_secs(59)))
    }

    /// The instant of `minute_of_day` (0..=1440; 1440 is the next midnight) on `date`.
    fn local_instant(&self, date: Date, minute_of_day: u16) -> Result<Timestamp, DeadlineError> {
        let (date, minute_of_day) =
            if minute_of_day >= MINUTES_PER_DAY { (self.next_day(date)?, 0) } else { (date, minute_of_day) };
        let hour = i8::try_from(minute_of_day / 60).unwrap_or(0);
        let minute = i8::try_from(minute_of_day % 60).unwrap_or(0);
        let local = date.at(hour, minute, 0, 0);
        self.calendar.time_zone().to_ambiguous_timestamp(local).compatible().map_err(|_| self.out_of_range(date))
    }

    /// The real instants `[start, end)` of `range` on `date`.
    fn range_instants(&self, date: Date, range: TimeRange) -> Result<(Timestamp, Timestamp), DeadlineError> {
        Ok((
            self.local_instant(date, range.start_minute_of_day())?,
            self.local_instant(date, range.end_minute_of_day())?,
        ))
    }

    /// The instant at which `amount` of working time after `from` has passed. With a zero amount,
    /// the first working instant at or after `from`.
    pub(crate) fn add_working_time(
        &mut self,
        from: Timestamp,
        amount: SignedDuration,
    ) -> Result<Timestamp, DeadlineError> {
        let mut remaining = amount;
        let mut date = self.local_date(from);
        let mut idle_days = 0;
        loop {
            let mut worked_today = false;
            for &range in self.hours(date) {
                let (range_start, range_end) = self.range_instants(date, range)?;
                let counting_from = range_start.max(from);
                if counting_from >= range_end {
                    continue;
                }
                let available = range_end.duration_since(counting_from);
                if remaining <= available {
                    return self.add_elapsed(counting_from, remaining);
                }
                remaining -= available;
                worked_today = true;
            }
            idle_days = if worked_today { 0 } else { idle_days + 1 };
            if idle_days > MAX_DAYS_WITHOUT_WORK {
                return Err(self.no_working_time(self.local_date(from)));
            }
            date = self.next_day(date)?;
        }
    }

    /// The working time inside `[from, until)`.
    pub(crate) fn working_time_between(
        &mut self,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<SignedDuration, DeadlineError> {
        let mut total = SignedDuration::ZERO;
        let (mut date, last_date) = (self.local_date(from), self.local_date(until));
        while from < until && date <= last_date {
            for &range in self.hours(date) {
                let (range_start, range_end) = self.range_instants(date, range)?;
                let (overlap_start, overlap_end) = (range_start.max(from), range_end.min(until));
                if overlap_start < overlap_end {
                    total += overlap_end.duration_since(overlap_start);
                }
            }
            date = self.next_day(date)?;
        }
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_uses_singular_for_one() {
        let one = DurationSpec::new(1, DurationUnit::WorkingDays).unwrap();
        assert_eq!(one.to_string(), "1 working day");
        assert_eq!(DurationSpec::new(10, DurationUnit::BusinessHours).unwrap().to_string(), "10 business hours");
        assert_eq!(DurationSpec::new(0, DurationUnit::Days).unwrap().to_string(), "0 days");
    }

    #[test]
    fn new_rejects_count_over_limit() {
        assert!(DurationSpec::new(MAX_DURATION_COUNT, DurationUnit::Hours).is_ok());
        assert!(DurationSpec::new(MAX_DURATION_COUNT + 1, DurationUnit::Hours).is_err());
    }
}
