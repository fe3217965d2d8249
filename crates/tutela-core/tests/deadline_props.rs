//! Property tests of deadline computation over every built-in calendar and starts in 2023-2028
//! (so some periods leave the calendars' `covers` years).

use jiff::civil::Date;
use jiff::{SignedDuration, Span, Timestamp};
use proptest::prelude::*;
use tutela_core::calendar::{Calendar, builtin, builtin_ids};
use tutela_core::deadline::{
    DurationSpec, DurationUnit, Roll, compute_deadline, working_days_between, working_time_between,
};

/// 2023-06-01 to 2028-06-01, in seconds.
const FIRST_START_SECOND: i64 = 1_685_577_600;
const LAST_START_SECOND: i64 = 1_843_430_400;

fn calendar() -> impl Strategy<Value = &'static Calendar> {
    prop::sample::select(builtin_ids()).prop_map(|id| builtin(id).expect("built-in"))
}

fn start() -> impl Strategy<Value = Timestamp> {
    (FIRST_START_SECOND..LAST_START_SECOND, 0..1_000_000_000_i32)
        .prop_map(|(second, nanos)| Timestamp::new(second, nanos).expect("in range"))
}

fn roll() -> impl Strategy<Value = Roll> {
    prop_oneof![Just(Roll::NextWorkingDay), Just(Roll::Off)]
}

/// A unit and a count range small enough to keep the walk fast.
fn unit_and_max() -> impl Strategy<Value = (DurationUnit, u32)> {
    prop_oneof![
        Just((DurationUnit::Hours, 5000)),
        Just((DurationUnit::BusinessHours, 400)),
        Just((DurationUnit::Days, 800)),
        Just((DurationUnit::WorkingDays, 300)),
        Just((DurationUnit::Months, 40)),
    ]
}

fn spec(count: u32, unit: DurationUnit) -> DurationSpec {
    DurationSpec::new(count, unit).expect("count within limit")
}

fn local_date(calendar: &Calendar, instant: Timestamp) -> Date {
    calendar.time_zone().to_datetime(instant).date()
}

fn next_day(date: Date) -> Date {
    date.tomorrow().expect("far from year 9999")
}

proptest! {
    #[test]
    fn due_is_never_before_start(
        calendar in calendar(), start in start(), roll in roll(),
        (unit, count) in unit_and_max().prop_flat_map(|(unit, max)| (Just(unit), 0..=max)),
    ) {
        let deadline = compute_deadline(start, &spec(count, unit), calendar, roll).expect("computes");
        prop_assert!(deadline.due >= start, "{} from {start}: {}", spec(count, unit), deadline.due);
    }

    #[test]
    fn due_is_monotonic_in_the_count(
        calendar in calendar(), start in start(), roll in roll(),
        (unit, smaller, larger) in unit_and_max().prop_flat_map(|(unit, max)| {
            (Just(unit), 0..=max).prop_flat_map(move |(unit, a)| (Just(unit), Just(a), a..=max))
        }),
    ) {
        let small = compute_deadline(start, &spec(smaller, unit), calendar, roll).expect("computes");
        let large = compute_deadline(start, &spec(larger, unit), calendar, roll).expect("computes");
        prop_assert!(small.due <= large.due, "{smaller} vs {larger} {unit:?}: {} > {}", small.due, large.due);
        prop_assert!(small.due_date <= large.due_date);
    }

    #[test]
    fn hours_are_exact(calendar in calendar(), start in start(), count in 0..=5000_u32) {
        let deadline = compute_deadline(start, &spec(count, DurationUnit::Hours), calendar, Roll::NextWorkingDay).expect("computes");
        prop_assert_eq!(deadline.due.duration_since(start), SignedDuration::from_hours(i64::from(count)));
        prop_assert_eq!(deadline.due_date, local_date(calendar, deadline.due));
        prop_assert!(!deadline.rolled_to_working_day && !deadline.calendar_coverage_exceeded);
    }

    #[test]
    fn business_hours_hold_exactly_that_much_working_time(
        calendar in calendar(), start in start(), count in 0..=400_u32,
    ) {
        let deadline = compute_deadline(start, &spec(count, DurationUnit::BusinessHours), calendar, Roll::Off).expect("computes");
        let worked = working_time_between(calendar, start, deadline.due).expect("counts");
        prop_assert_eq!(worked, SignedDuration::from_hours(i64::from(count)));
        // Counting ends as soon as the hours are used up: no later due instant would still hold them,
        // so the instant just before the due one holds less.
        if count > 0 {
            let just_before = deadline.due - SignedDuration::from_nanos(1);
            let short = working_time_between(calendar, start, just_before).expect("counts");
            prop_assert!(short < worked);
        }
    }

    #[test]
    fn working_days_count_exactly_n_after_the_day_of_receipt(
        calendar in calendar(), start in start(), count in 1..=300_u32,
    ) {
        let deadline = compute_deadline(start, &spec(count, DurationUnit::WorkingDays), calendar, Roll::Off).expect("computes");
        let received = local_date(calendar, start);
        prop_assert!(calendar.is_working_day(deadline.due_date));
        prop_assert_eq!(
            working_days_between(calendar, next_day(received), next_day(deadline.due_date)),
            count
        );
        prop_assert_eq!(local_date(calendar, deadline.due), deadline.due_date);
        prop_assert!(!deadline.rolled_to_working_day);
    }

    #[test]
    fn zero_working_days_is_the_first_working_day_from_receipt(calendar in calendar(), start in start()) {
        let deadline = compute_deadline(start, &spec(0, DurationUnit::WorkingDays), calendar, Roll::Off).expect("computes");
        let received = local_date(calendar, start);
        prop_assert!(calendar.is_working_day(deadline.due_date));
        prop_assert_eq!(working_days_between(calendar, received, deadline.due_date), 0);
        prop_assert_eq!(deadline.rolled_to_working_day, deadline.due_date != received);
    }

    #[test]
    fn days_and_months_land_on_the_target_or_roll_to_the_next_working_day(
        calendar in calendar(), start in start(), roll in roll(),
        (unit, count) in prop_oneof![
            (Just(DurationUnit::Days), 0..=800_u32),
            (Just(DurationUnit::Months), 0..=40_u32),
        ],
    ) {
        let deadline = compute_deadline(start, &spec(count, unit), calendar, roll).expect("computes");
        let received = local_date(calendar, start);
        let span = if unit == DurationUnit::Days { Span::new().days(count) } else { Span::new().months(count) };
        let target = received.checked_add(span).expect("in range");
        match roll {
            Roll::Off => {
                prop_assert_eq!(deadline.due_date, target);
                prop_assert!(!deadline.rolled_to_working_day);
            }
            Roll::NextWorkingDay => {
                prop_assert!(calendar.is_working_day(deadline.due_date));
                prop_assert_eq!(working_days_between(calendar, target, deadline.due_date), 0, "the first working day from the target");
                prop_assert_eq!(deadline.rolled_to_working_day, deadline.due_date != target);
            }
        }
    }

    #[test]
    fn coverage_is_flagged_exactly_when_a_counted_day_is_outside_covers(
        calendar in calendar(), start in start(), count in 1..=300_u32,
    ) {
        let deadline = compute_deadline(start, &spec(count, DurationUnit::WorkingDays), calendar, Roll::Off).expect("computes");
        let first_counted = next_day(local_date(calendar, start));
        let outside = (first_counted.year()..=deadline.due_date.year()).any(|year| !calendar.covers_year(year));
        prop_assert_eq!(deadline.calendar_coverage_exceeded, outside);
    }
}
