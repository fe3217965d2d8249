//! Deadline rules, one example each, computed by hand; and duration parsing.

use jiff::civil::{Date, date};
use jiff::{SignedDuration, Timestamp};
use tutela_core::calendar::{Calendar, builtin};
use tutela_core::deadline::{
    Deadline, DeadlineError, DurationError, DurationSpec, DurationUnit, Roll, compute_deadline, working_days_between,
    working_time_between,
};

/// Russia-like: Mon-Fri 09:00-18:00 Moscow; Sat 1 Nov 2025 worked; 3-4 Nov off; 31 Dec short; covers 2025.
const TEST_RU: &str = r#"id = "test-ru"
name = "Test: Russia-like"
time_zone = "Europe/Moscow"
covers = [2025, 2025]
source = "tests"
[week]
mon = ["09:00-18:00"]
tue = ["09:00-18:00"]
wed = ["09:00-18:00"]
thu = ["09:00-18:00"]
fri = ["09:00-18:00"]
[[day]]
date = "2025-11-01"
kind = "working"
[[day]]
date = "2025-11-03"
kind = "holiday"
[[day]]
date = "2025-11-04"
kind = "holiday"
[[day]]
date = "2025-12-31"
kind = "short"
hours = ["09:00-17:00"]
"#;

fn test_ru() -> Calendar {
    Calendar::parse_toml(TEST_RU).unwrap()
}

/// A calendar in `zone` with the given `[week]` body and no exceptions.
fn weekly(id: &str, zone: &str, week: &str) -> Calendar {
    let text = format!(
        "id = \"{id}\"\nname = \"{id}\"\ntime_zone = \"{zone}\"\ncovers = [2000, 2030]\nsource = \"tests\"\n[week]\n{week}"
    );
    Calendar::parse_toml(&text).unwrap()
}

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn spec(text: &str) -> DurationSpec {
    text.parse().unwrap_or_else(|error| panic!("{error}"))
}

fn due(start: &str, duration: &str, calendar: &Calendar, roll: Roll) -> Deadline {
    compute_deadline(ts(start), &spec(duration), calendar, roll).unwrap_or_else(|error| panic!("{error}"))
}

fn expect(deadline: Deadline, due: &str, due_date: Date, rolled: bool) {
    assert_eq!(deadline.due, ts(due), "due");
    assert_eq!(deadline.due_date, due_date, "due_date");
    assert_eq!(deadline.rolled_to_working_day, rolled, "rolled");
}

// --- durations -------------------------------------------------------------------------------------

#[test]
fn durations_parse_in_every_spelling() {
    let cases = [
        ("10 working days", 10, DurationUnit::WorkingDays),
        ("1 working day", 1, DurationUnit::WorkingDays),
        ("1 working days", 1, DurationUnit::WorkingDays),
        ("  3   Business   Hours ", 3, DurationUnit::BusinessHours),
        ("1 hour", 1, DurationUnit::Hours),
        ("72 HOURS", 72, DurationUnit::Hours),
        ("1 day", 1, DurationUnit::Days),
        ("30 calendar days", 30, DurationUnit::Days),
        ("5 business days", 5, DurationUnit::WorkingDays),
        ("1 month", 1, DurationUnit::Months),
        ("2months", 2, DurationUnit::Months),
        ("0 days", 0, DurationUnit::Days),
        ("100000 hours", 100_000, DurationUnit::Hours),
    ];
    for (text, count, unit) in cases {
        let parsed = spec(text);
        assert_eq!((parsed.count(), parsed.unit()), (count, unit), "{text}");
    }
}

#[test]
fn durations_print_and_serialize_canonically() {
    assert_eq!(spec(" 10  WORKING days").to_string(), "10 working days");
    assert_eq!(spec("1 working days").to_string(), "1 working day");
    assert_eq!(spec("5 business days").to_string(), "5 working days");
    let json = serde_json::to_string(&spec("2 Months")).unwrap();
    assert_eq!(json, "\"2 months\"");
    assert_eq!(serde_json::from_str::<DurationSpec>(&json).unwrap(), spec("2 months"));
    assert!(serde_json::from_str::<DurationSpec>("\"2 fortnights\"").is_err());
}

#[test]
fn bad_durations_say_what_is_wrong() {
    let cases = [
        (
            "10 fortnights",
            "unknown duration unit \"fortnights\" in \"10 fortnights\": expected hours, business hours, days, working days or months",
        ),
        ("-3 days", "negative duration \"-3 days\": a period cannot end before it starts"),
        ("days", "duration \"days\" has no count: expected a whole number before the unit, e.g. \"10 days\""),
        ("ten days", "duration \"ten days\" has no count"),
        ("10", "duration \"10\" has no unit: expected hours, business hours, days, working days or months"),
        ("1.5 days", "duration \"1.5 days\": the count must be a whole number"),
        ("100001 days", "duration \"100001 days\": count 100001 is larger than 100000"),
        ("99999999999999999999999 days", "is larger than 100000"),
        ("   ", "empty duration"),
        ("+3 days", "has no count"),
        ("3 days ago", "unknown duration unit \"days ago\""),
    ];
    for (text, expected) in cases {
        let error = text.parse::<DurationSpec>().unwrap_err().to_string();
        assert!(error.contains(expected), "{text}: {error}");
    }
    let long = format!("1 {}", "day".repeat(50));
    assert!(matches!(long.parse::<DurationSpec>(), Err(DurationError::TooLong { bytes: 152 })));
}

// --- hours -----------------------------------------------------------------------------------------

#[test]
fn hours_are_elapsed_and_never_roll() {
    // Friday 20:00 Moscow + 24 hours lands on a Saturday and stays there.
    let deadline = due("2025-10-31T17:00:00Z", "24 hours", &test_ru(), Roll::NextWorkingDay);
    expect(deadline, "2025-11-01T17:00:00Z", date(2025, 11, 1), false);
    assert!(!deadline.calendar_coverage_exceeded);
    // Across the spring DST change in Berlin, 24 hours is 24 real hours (25 on the wall).
    let berlin = weekly("berlin", "Europe/Berlin", "mon = [\"09:00-18:00\"]");
    let deadline = due("2025-03-29T12:00:00+01:00", "24 hours", &berlin, Roll::NextWorkingDay);
    expect(deadline, "2025-03-30T13:00:00+02:00", date(2025, 3, 30), false);
}

// --- business hours --------------------------------------------------------------------------------

#[test]
fn business_hours_count_only_working_time() {
    let calendar = test_ru();
    // Fri 31 Oct 16:00 MSK: 2 h on Friday, then the working Saturday from 09:00.
    expect(
        due("2025-10-31T16:00:00+03:00", "4 business hours", &calendar, Roll::Off),
        "2025-11-01T11:00:00+03:00",
        date(2025, 11, 1),
        false,
    );
    // 9 business hours from 09:00 end at 18:00 the same day, not 09:00 the next.
    expect(
        due("2025-10-28T09:00:00+03:00", "9 business hours", &calendar, Roll::Off),
        "2025-10-28T18:00:00+03:00",
        date(2025, 10, 28),
        false,
    );
    expect(
        due("2025-10-28T09:00:00+03:00", "10 business hours", &calendar, Roll::Off),
        "2025-10-29T10:00:00+03:00",
        date(2025, 10, 29),
        false,
    );
}

#[test]
fn business_hours_start_outside_working_time_begin_at_next_working_instant() {
    let calendar = test_ru();
    // Sunday 2 Nov; 3 and 4 Nov are days off; counting starts Wed 5 Nov 09:00.
    expect(
        due("2025-11-02T10:00:00+03:00", "1 business hour", &calendar, Roll::Off),
        "2025-11-05T10:00:00+03:00",
        date(2025, 11, 5),
        false,
    );
    // Zero business hours is the next working instant...
    expect(
        due("2025-10-31T18:00:00+03:00", "0 business hours", &calendar, Roll::Off),
        "2025-11-01T09:00:00+03:00",
        date(2025, 11, 1),
        false,
    );
    // ...or the start itself when inside working hours.
    expect(
        due("2025-10-31T12:34:56+03:00", "0 business hours", &calendar, Roll::Off),
        "2025-10-31T12:34:56+03:00",
        date(2025, 10, 31),
        false,
    );
}

#[test]
fn business_hours_use_shortened_days_and_split_days() {
    let calendar = test_ru();
    // 31 Dec is 09:00-17:00: 8 h from its start end at 17:00, a 9th falls on 1 Jan 2026 (outside covers).
    let deadline = due("2025-12-31T09:00:00+03:00", "9 business hours", &calendar, Roll::Off);
    expect(deadline, "2026-01-01T10:00:00+03:00", date(2026, 1, 1), false);
    assert!(deadline.calendar_coverage_exceeded, "2026 is outside covers");
    let split = weekly("split", "UTC", "mon = [\"09:00-12:00\", \"13:00-17:00\"]");
    expect(
        due("2025-11-10T11:00:00Z", "2 business hours", &split, Roll::Off),
        "2025-11-10T14:00:00Z",
        date(2025, 11, 10),
        false,
    );
}

#[test]
fn business_hours_count_real_time_across_dst() {
    // Around the clock in Berlin; the night of 30 March 2025 is one hour short.
    let berlin = weekly(
        "berlin-24",
        "Europe/Berlin",
        &["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(|d| format!("{d} = [\"00:00-24:00\"]\n")).concat(),
    );
    let deadline = due("2025-03-30T00:00:00+01:00", "24 business hours", &berlin, Roll::Off);
    expect(deadline, "2025-03-31T01:00:00+02:00", date(2025, 3, 31), false);
    let worked = working_time_between(&berlin, deadline.due - SignedDuration::from_hours(24), deadline.due).unwrap();
    assert_eq!(worked, SignedDuration::from_hours(24));
}

// --- working days ----------------------------------------------------------------------------------

#[test]
fn working_days_skip_the_day_of_receipt_and_days_off() {
    // Tue 28 Oct: 29, 30, 31 Oct, Sat 1 Nov (worked), 5, 6, 7, 10, 11, 12 Nov.
    let deadline = due("2025-10-28T11:00:00+03:00", "10 working days", &test_ru(), Roll::Off);
    expect(deadline, "2025-11-12T23:59:59+03:00", date(2025, 11, 12), false);
    assert!(!deadline.calendar_coverage_exceeded);
    // Received on Friday evening: Saturday 1 Nov is the first working day.
    expect(
        due("2025-10-31T23:00:00+03:00", "1 working day", &test_ru(), Roll::Off),
        "2025-11-01T23:59:59+03:00",
        date(2025, 11, 1),
        false,
    );
}

#[test]
fn working_days_on_the_real_russian_calendar() {
    let ru = builtin("ru").expect("ru built-in");
    // Same hand count as above: 1 Nov 2025 is worked (shortened), 3 Nov transferred off, 4 Nov Unity Day.
    let deadline = due("2025-10-28T11:00:00+03:00", "10 working days", ru, Roll::NextWorkingDay);
    expect(deadline, "2025-11-12T23:59:59+03:00", date(2025, 11, 12), false);
    assert!(!deadline.calendar_coverage_exceeded);
    // 152-FZ style: 10 working days from Thu 25 Dec 2025 run through the New Year holidays (31 Dec
    // and 1-9 Jan 2026 off): 26, 29, 30 Dec, then 12, 13, 14, 15, 16, 19, 20 Jan.
    let deadline = due("2025-12-25T10:00:00+03:00", "10 working days", ru, Roll::NextWorkingDay);
    expect(deadline, "2026-01-20T23:59:59+03:00", date(2026, 1, 20), false);
}

#[test]
fn zero_working_days_is_the_same_working_day() {
    let calendar = test_ru();
    expect(
        due("2025-10-28T11:00:00+03:00", "0 working days", &calendar, Roll::Off),
        "2025-10-28T23:59:59+03:00",
        date(2025, 10, 28),
        false,
    );
    // Sunday 2 Nov: the next working day is Wed 5 Nov, reported as rolled.
    expect(
        due("2025-11-02T11:00:00+03:00", "0 working days", &calendar, Roll::Off),
        "2025-11-05T23:59:59+03:00",
        date(2025, 11, 5),
        true,
    );
}

#[test]
fn working_days_past_covers_are_flagged() {
    // 26, 29, 30, 31 Dec 2025, then Thu 1 Jan 2026 by the weekly pattern only.
    let deadline = due("2025-12-25T10:00:00+03:00", "5 working days", &test_ru(), Roll::Off);
    expect(deadline, "2026-01-01T23:59:59+03:00", date(2026, 1, 1), false);
    assert!(deadline.calendar_coverage_exceeded);
}

// --- days and months -------------------------------------------------------------------------------

#[test]
fn days_end_at_end_of_local_date_and_roll_off_days_off() {
    let calendar = test_ru();
    // 25 Oct + 10 days = Tue 4 Nov, a holiday: rolls to Wed 5 Nov.
    expect(
        due("2025-10-25T12:00:00+03:00", "10 days", &calendar, Roll::NextWorkingDay),
        "2025-11-05T23:59:59+03:00",
        date(2025, 11, 5),
        true,
    );
    expect(
        due("2025-10-25T12:00:00+03:00", "10 days", &calendar, Roll::Off),
        "2025-11-04T23:59:59+03:00",
        date(2025, 11, 4),
        false,
    );
    // 22 Oct + 10 days = Sat 1 Nov, a working Saturday: no roll.
    expect(
        due("2025-10-22T12:00:00+03:00", "10 days", &calendar, Roll::NextWorkingDay),
        "2025-11-01T23:59:59+03:00",
        date(2025, 11, 1),
        false,
    );
    // The local date decides: 22:30 UTC on 27 Oct is already 28 Oct in Moscow.
    expect(
        due("2025-10-27T22:30:00Z", "1 day", &calendar, Roll::Off),
        "2025-10-29T23:59:59+03:00",
        date(2025, 10, 29),
        false,
    );
}

#[test]
fn zero_days_is_the_end_of_the_start_day() {
    let calendar = test_ru();
    expect(
        due("2025-10-28T11:00:00+03:00", "0 days", &calendar, Roll::NextWorkingDay),
        "2025-10-28T23:59:59+03:00",
        date(2025, 10, 28),
        false,
    );
    expect(
        due("2025-11-02T11:00:00+03:00", "0 days", &calendar, Roll::NextWorkingDay),
        "2025-11-05T23:59:59+03:00",
        date(2025, 11, 5),
        true,
    );
    // Never before the start, even in the last second of the day.
    let start = "2025-10-28T23:59:59.5+03:00";
    assert_eq!(due(start, "0 days", &calendar, Roll::Off).due, ts(start));
    assert_eq!(due(start, "0 hours", &calendar, Roll::Off).due, ts(start));
}

#[test]
fn months_clamp_to_the_end_of_the_month() {
    let utc = weekly(
        "utc",
        "UTC",
        "mon = [\"09:00-17:00\"]\ntue = [\"09:00-17:00\"]\nwed = [\"09:00-17:00\"]\nthu = [\"09:00-17:00\"]\nfri = [\"09:00-17:00\"]",
    );
    expect(due("2025-01-31T10:00:00Z", "1 month", &utc, Roll::Off), "2025-02-28T23:59:59Z", date(2025, 2, 28), false);
    expect(due("2024-01-31T10:00:00Z", "1 month", &utc, Roll::Off), "2024-02-29T23:59:59Z", date(2024, 2, 29), false);
    expect(due("2024-01-31T10:00:00Z", "13 months", &utc, Roll::Off), "2025-02-28T23:59:59Z", date(2025, 2, 28), false);
    // GDPR-style: 1 month from Sat 4 Oct 2025 is Tue 4 Nov, a holiday in the test calendar.
    expect(
        due("2025-10-04T10:00:00+03:00", "1 month", &test_ru(), Roll::NextWorkingDay),
        "2025-11-05T23:59:59+03:00",
        date(2025, 11, 5),
        true,
    );
    // 1 month from 31 May 2025 is Mon 30 Jun (clamped, no roll).
    expect(
        due("2025-05-31T10:00:00Z", "1 month", &utc, Roll::NextWorkingDay),
        "2025-06-30T23:59:59Z",
        date(2025, 6, 30),
        false,
    );
    // 1 month from 31 Jul 2025 is Sunday 31 Aug: rolls to Mon 1 Sep.
    expect(
        due("2025-07-31T10:00:00Z", "1 month", &utc, Roll::NextWorkingDay),
        "2025-09-01T23:59:59Z",
        date(2025, 9, 1),
        true,
    );
}

// --- DST and edge cases ----------------------------------------------------------------------------

#[test]
fn end_of_day_is_a_real_instant_on_dst_days() {
    let berlin = weekly("berlin", "Europe/Berlin", "sun = [\"09:00-18:00\"]");
    // Sunday 30 March 2025 (spring forward) and Sunday 26 October 2025 (fall back).
    expect(
        due("2025-03-29T12:00:00+01:00", "1 day", &berlin, Roll::Off),
        "2025-03-30T21:59:59Z",
        date(2025, 3, 30),
        false,
    );
    expect(
        due("2025-10-25T12:00:00+02:00", "1 day", &berlin, Roll::Off),
        "2025-10-26T22:59:59Z",
        date(2025, 10, 26),
        false,
    );
    // Samoa skipped 30 December 2011 entirely; its end of day still resolves (moved forward by the gap).
    let apia = weekly("apia", "Pacific/Apia", "fri = [\"09:00-18:00\"]");
    let deadline = due("2011-12-29T12:00:00-10:00", "1 day", &apia, Roll::Off);
    assert_eq!(deadline.due_date, date(2011, 12, 30));
    assert!(deadline.due > ts("2011-12-29T12:00:00-10:00"));
}

#[test]
fn a_calendar_without_working_days_is_an_error_not_a_hang() {
    let never = weekly("never", "UTC", "");
    for duration in ["1 working day", "0 working days", "1 business hour", "3 days"] {
        let error =
            compute_deadline(ts("2025-01-01T00:00:00Z"), &spec(duration), &never, Roll::NextWorkingDay).unwrap_err();
        assert!(matches!(error, DeadlineError::NoWorkingTime { .. }), "{duration}");
        // The search starts on the start date, or the day after it for working days.
        let message = error.to_string();
        let expected = "calendar \"never\" has no working time in the 3660 days from 2025-01-0";
        assert!(message.starts_with(expected) && message.ends_with(": check its week and holidays"), "{message}");
    }
    // Without a roll, calendar days need no working day.
    assert!(compute_deadline(ts("2025-01-01T00:00:00Z"), &spec("3 days"), &never, Roll::Off).is_ok());
}

#[test]
fn periods_past_year_9999_are_errors() {
    let utc = weekly("utc", "UTC", "mon = [\"09:00-17:00\"]");
    let error = compute_deadline(ts("2025-01-01T00:00:00Z"), &spec("100000 months"), &utc, Roll::Off).unwrap_err();
    assert!(error.to_string().contains("runs past 9999-12-31"), "{error}");
    let error = compute_deadline(ts("9999-12-30T00:00:00Z"), &spec("100 hours"), &utc, Roll::Off).unwrap_err();
    assert!(matches!(error, DeadlineError::OutOfRange { .. }), "{error}");
    // The largest counts that fit still compute.
    assert!(compute_deadline(ts("2025-01-01T00:00:00Z"), &spec("100000 working days"), &utc, Roll::Off).is_ok());
    assert!(compute_deadline(ts("2025-01-01T00:00:00Z"), &spec("100000 business hours"), &utc, Roll::Off).is_ok());
}

#[test]
fn working_day_and_time_counters() {
    let calendar = test_ru();
    // [27 Oct, 6 Nov): 27-31 Oct, 1 Nov, 5 Nov.
    assert_eq!(working_days_between(&calendar, date(2025, 10, 27), date(2025, 11, 6)), 7);
    assert_eq!(working_days_between(&calendar, date(2025, 11, 6), date(2025, 10, 27)), 0);
    let worked =
        working_time_between(&calendar, ts("2025-10-31T17:00:00+03:00"), ts("2025-11-05T10:00:00+03:00")).unwrap();
    assert_eq!(worked, SignedDuration::from_hours(1 + 9 + 1));
}

#[test]
fn deadlines_serialize() {
    let deadline = due("2025-10-25T12:00:00+03:00", "10 days", &test_ru(), Roll::NextWorkingDay);
    let json = serde_json::to_value(deadline).unwrap();
    assert_eq!(json["due"], "2025-11-05T20:59:59Z");
    assert_eq!(json["due_date"], "2025-11-05");
    assert_eq!(json["rolled_to_working_day"], true);
    assert_eq!(json["calendar_coverage_exceeded"], false);
    assert_eq!(serde_json::to_value(Roll::NextWorkingDay).unwrap(), "next_working_day");
}
