//! The destruction a withdrawal or objection sets off when no basis is left: 152-FZ art. 21(5) has
//! the operator stop processing and destroy the data within 30 days of the withdrawal. Elsewhere
//! (GDPR art. 17(1)(b)) erasure is owed "without undue delay"; the same 30 days serve as the bound.

use jiff::Timestamp;

use crate::calendar;
use crate::clock::{Clock, ClockError, ClockSpec, DueSoonPermille};
use crate::deadline::Roll;
use crate::subject::SubjectRef;

/// The period after a withdrawal within which the data is destroyed when no other basis remains
/// (152-FZ art. 21(5)), as a clock duration.
pub const DESTRUCTION_AFTER_WITHDRAWAL: &str = "30 days";
/// The kind of the destruction clock.
pub const DESTRUCTION_CLOCK_KIND: &str = "consent.destruction";

/// The destruction clock for `subject`, started at `now`. Under 152-FZ the 30 days count on the
/// Russian calendar, and a deadline on a day off moves to the next working day (Civil Code art.
/// 193); otherwise the clock runs on the `24x7` calendar.
pub fn destruction_clock(subject: &SubjectRef, under_152fz: bool, now: Timestamp) -> Result<ClockSpec, ClockError> {
    let calendar_id = if under_152fz { "ru" } else { "24x7" };
    let calendar = calendar::builtin(calendar_id).expect("the ru and 24x7 calendars are built in");
    let duration = DESTRUCTION_AFTER_WITHDRAWAL.parse().expect("a valid duration");
    let clock = Clock::start(now, duration, calendar, Roll::NextWorkingDay, DueSoonPermille::default())?;
    Ok(ClockSpec {
        kind: DESTRUCTION_CLOCK_KIND.to_owned(),
        label: "Destroy the subject's data: consent withdrawn and no other basis left (152-FZ art. 21(5))".to_owned(),
        subject_ref: Some(subject.clone()),
        clock,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn russian_destruction_rolls_past_the_new_year_holidays() {
        // Withdrawn on 2 December 2025: 30 days end on 1 January 2026, a holiday; the first working
        // day of 2026 in Russia is 12 January (the New Year holidays run 1-11 January).
        let subject = SubjectRef::parse("cust-1").unwrap();
        let spec = destruction_clock(&subject, true, at("2025-12-02T09:00:00+03:00")).unwrap();
        assert_eq!(spec.kind, "consent.destruction");
        assert_eq!(spec.subject_ref.as_ref(), Some(&subject));
        assert_eq!(spec.clock.calendar_id().to_string(), "ru");
        assert_eq!(spec.clock.due(), at("2026-01-12T23:59:59+03:00"));
    }

    #[test]
    fn elsewhere_thirty_calendar_days() {
        let subject = SubjectRef::parse("cust-1").unwrap();
        let spec = destruction_clock(&subject, false, at("2025-12-02T09:00:00Z")).unwrap();
        assert_eq!(spec.clock.calendar_id().to_string(), "24x7");
        assert_eq!(spec.clock.due(), at("2026-01-01T23:59:59Z"));
    }
}
