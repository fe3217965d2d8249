//! Property tests of clocks over every built-in calendar: pausing never makes a deadline earlier,
//! `next_transition_at` agrees with `state_at`, and any history survives storage.

use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use tutela_core::calendar::{Calendar, builtin, builtin_ids};
use tutela_core::clock::{Clock, DueSoonPermille, ExtensionReason};
use tutela_core::deadline::{DurationSpec, DurationUnit, Roll};

/// 2024-01-01 to 2027-06-01, in seconds.
const FIRST_START_SECOND: i64 = 1_704_067_200;
const LAST_START_SECOND: i64 = 1_811_808_000;
const NANO: SignedDuration = SignedDuration::from_nanos(1);

fn calendar() -> impl Strategy<Value = &'static Calendar> {
    prop::sample::select(builtin_ids()).prop_map(|id| builtin(id).expect("built-in"))
}

fn duration() -> impl Strategy<Value = DurationSpec> {
    prop_oneof![
        (0..=2000_u32).prop_map(|n| (n, DurationUnit::Hours)),
        (0..=200_u32).prop_map(|n| (n, DurationUnit::BusinessHours)),
        (0..=120_u32).prop_map(|n| (n, DurationUnit::Days)),
        (0..=60_u32).prop_map(|n| (n, DurationUnit::WorkingDays)),
        (0..=6_u32).prop_map(|n| (n, DurationUnit::Months)),
    ]
    .prop_map(|(count, unit)| DurationSpec::new(count, unit).expect("within limit"))
}

fn clock() -> impl Strategy<Value = (&'static Calendar, Clock)> {
    (
        calendar(),
        FIRST_START_SECOND..LAST_START_SECOND,
        duration(),
        prop_oneof![Just(Roll::NextWorkingDay), Just(Roll::Off)],
        0..=1000_u16,
    )
        .prop_map(|(calendar, second, duration, roll, permille)| {
            let start = Timestamp::new(second, 0).expect("in range");
            let permille = DueSoonPermille::new(permille).expect("in range");
            (calendar, Clock::start(start, duration, calendar, roll, permille).expect("starts"))
        })
}

/// Seconds, up to 90 days: how far after the previous event an action happens.
fn gap_seconds() -> impl Strategy<Value = i64> {
    prop_oneof![0..=3600_i64, 0..=86_400_i64 * 3, 0..=86_400_i64 * 90]
}

#[derive(Clone, Debug)]
enum Action {
    Pause,
    Resume,
    Extend(DurationSpec),
    Complete,
}

fn actions() -> impl Strategy<Value = Vec<(i64, Action)>> {
    let action = prop_oneof![
        4 => Just(Action::Pause),
        4 => Just(Action::Resume),
        1 => duration().prop_map(Action::Extend),
        1 => Just(Action::Complete),
    ];
    prop::collection::vec((gap_seconds(), action), 0..12)
}

fn after(instant: Timestamp, seconds: i64) -> Timestamp {
    instant + SignedDuration::from_secs(seconds)
}

/// Applies the actions; a refused action must leave the clock exactly as it was.
fn apply(clock: &mut Clock, calendar: &Calendar, actions: &[(i64, Action)]) -> Result<(), TestCaseError> {
    let mut at = clock.start_at();
    for (gap, action) in actions {
        at = after(at, *gap);
        let before = clock.clone();
        let result = match action {
            Action::Pause => clock.pause(at),
            Action::Resume => clock.resume(at, calendar),
            Action::Extend(by) => clock.extend(*by, ExtensionReason::new("test").expect("valid"), at, calendar),
            Action::Complete => clock.complete(at).map(|_| ()),
        };
        if result.is_err() {
            prop_assert_eq!(&*clock, &before);
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn pausing_never_makes_a_deadline_earlier(
        (calendar, clock) in clock(), pause_after in gap_seconds(), pause_length in gap_seconds(),
    ) {
        let unpaused_due = clock.due();
        let mut paused = clock.clone();
        let paused_at = after(clock.start_at(), pause_after);
        let resumed_at = after(paused_at, pause_length);
        paused.pause(paused_at).expect("pauses");
        paused.resume(resumed_at, calendar).expect("resumes");
        prop_assert!(paused.due() >= unpaused_due, "{} < {unpaused_due}", paused.due());
        if clock.duration().unit() == DurationUnit::Hours {
            prop_assert_eq!(paused.due().duration_since(unpaused_due), resumed_at.duration_since(paused_at));
        }
    }

    #[test]
    fn every_resume_keeps_or_moves_the_due_instant_later(
        (calendar, mut clock) in clock(), actions in actions(),
    ) {
        apply(&mut clock, calendar, &actions)?;
        for event in clock.history() {
            if let tutela_core::clock::ClockEvent::Resumed { due_before, due_after, .. } = event {
                prop_assert!(due_after >= due_before);
            }
        }
    }

    #[test]
    fn a_clock_paused_before_its_due_instant_is_not_breached_when_it_resumes(
        (calendar, clock) in clock(), pause_permille in 0..1000_i64, pause_length in gap_seconds(),
    ) {
        // Zero business hours can be due at the start of a range, with only non-working time before
        // it; a pause there has no working time left to keep (see the clock module doc).
        let zero_business_hours = clock.duration().unit() == DurationUnit::BusinessHours && clock.duration().count() == 0;
        let allowed_seconds = clock.due().duration_since(clock.start_at()).as_secs();
        if zero_business_hours || allowed_seconds == 0 {
            return Ok(());
        }
        let paused_at = after(clock.start_at(), allowed_seconds * pause_permille / 1000);
        let resumed_at = after(paused_at, pause_length);
        let mut paused = clock.clone();
        paused.pause(paused_at).expect("pauses");
        paused.resume(resumed_at, calendar).expect("resumes");
        prop_assert!(paused.due() >= resumed_at, "{} {}: due {} < resumed {resumed_at}", clock.duration(), calendar.id(), paused.due());
    }

    #[test]
    fn next_transition_is_where_the_state_changes(
        (calendar, mut clock) in clock(), actions in actions(), now_after in gap_seconds(),
    ) {
        apply(&mut clock, calendar, &actions)?;
        let now = after(clock.start_at(), now_after);
        let state = clock.state_at(now);
        match clock.next_transition_at(now) {
            Some(next) => {
                prop_assert!(next > now);
                prop_assert_eq!(clock.state_at(next - NANO), state, "unchanged until the transition");
                prop_assert_ne!(clock.state_at(next), state, "changed at the transition");
            }
            None => {
                let far = after(now, 86_400 * 365 * 50);
                prop_assert_eq!(clock.state_at(far), state, "no transition means no change");
            }
        }
    }

    #[test]
    fn any_history_survives_storage((calendar, mut clock) in clock(), actions in actions()) {
        apply(&mut clock, calendar, &actions)?;
        let json = serde_json::to_string(&clock).expect("serializes");
        let stored: Clock = serde_json::from_str(&json).expect("deserializes");
        prop_assert_eq!(stored, clock);
    }
}
