//! Scheduled destruction: when Tutela itself erases a subject whose destruction clock runs (a
//! withdrawal or objection left no basis, 152-FZ art. 21(5)), and how it finds them in the stores.
//!
//! A destruction runs once its clock is due soon: the clock's due-soon share of the period has
//! passed (by default the last 20 %), which leaves the operator most of the period to correct a
//! mistaken withdrawal or record another basis, and the rest as the margin in which a failed run
//! is retried before the deadline. A breached clock runs at once.

use jiff::Timestamp;

use crate::clock::{Clock, ClockState};

/// The data category a scheduled destruction looks the subject up by: the operator's reference
/// for a subject is their account id, held in the data map's `account.identifier` fields.
pub const SUBJECT_REF_CATEGORY: &str = "account.identifier";
/// Most destructions one run carries out: the rest wait for the next run.
pub const MAX_DESTRUCTIONS_PER_RUN: u32 = 50;

/// Whether the destruction of `clock` (in `state` as stored) runs at `now`: once it is due soon or
/// breached, never when it is paused or met.
pub fn ready(clock: &Clock, state: ClockState, now: Timestamp) -> bool {
    if matches!(state, ClockState::Paused | ClockState::Met | ClockState::MetLate) {
        return false;
    }
    matches!(clock.state_at(now), ClockState::DueSoon | ClockState::Breached)
}

/// When the destruction of `clock` will run: when it turns due soon.
pub fn runs_at(clock: &Clock) -> Timestamp {
    clock.due_soon_at()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::DueSoonPermille;
    use crate::deadline::Roll;

    #[test]
    fn a_destruction_runs_in_the_last_fifth_of_its_period_and_not_when_paused() {
        let start: Timestamp = "2026-11-01T00:00:00Z".parse().unwrap();
        let calendar = crate::calendar::builtin("24x7").unwrap();
        let clock =
            Clock::start(start, "30 days".parse().unwrap(), calendar, Roll::Off, DueSoonPermille::default()).unwrap();
        let day = |n: i64| start + jiff::SignedDuration::from_hours(24 * n);
        assert!(!ready(&clock, ClockState::Running, day(10)));
        assert!(ready(&clock, ClockState::Running, day(25)));
        assert!(ready(&clock, ClockState::Breached, day(31)));
        assert!(!ready(&clock, ClockState::Paused, day(25)));
        assert!(!ready(&clock, ClockState::Met, day(31)));
        assert!(runs_at(&clock) > day(20) && runs_at(&clock) < day(30));
    }
}
