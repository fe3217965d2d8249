//! Clock state machine: states over time, pauses per unit, extensions, completion, errors, storage.

use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};
use tutela_core::calendar::{Calendar, builtin};
use tutela_core::clock::{
    Clock, ClockError, ClockEvent, ClockState, DueSoonPermille, ExtensionReason, MAX_CLOCK_EVENTS, Outcome,
};
use tutela_core::deadline::{DurationSpec, Roll};

/// Russia-like: Mon-Fri 09:00-18:00 Moscow; Sat 1 Nov 2025 worked; 3-4 Nov off; covers 2025.
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
"#;

fn test_ru() -> Calendar {
    Calendar::parse_toml(TEST_RU).unwrap()
}

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn spec(text: &str) -> DurationSpec {
    text.parse().unwrap()
}

fn reason(text: &str) -> ExtensionReason {
    ExtensionReason::new(text).unwrap()
}

fn clock(start: &str, duration: &str, calendar: &Calendar) -> Clock {
    Clock::start(ts(start), spec(duration), calendar, Roll::NextWorkingDay, DueSoonPermille::default()).unwrap()
}

const NANO: SignedDuration = SignedDuration::from_nanos(1);

#[test]
fn states_follow_time_running_due_soon_breached() {
    let clock = clock("2025-10-27T10:00:00Z", "10 hours", &test_ru());
    let (start, due) = (ts("2025-10-27T10:00:00Z"), ts("2025-10-27T20:00:00Z"));
    assert_eq!(clock.due(), due);
    assert_eq!(clock.due_soon_at(), ts("2025-10-27T18:00:00Z"), "80 % of 10 h");
    assert_eq!(clock.state_at(start - SignedDuration::from_hours(1)), ClockState::Running, "before the start");
    assert_eq!(clock.state_at(start), ClockState::Running);
    assert_eq!(clock.state_at(clock.due_soon_at() - NANO), ClockState::Running);
    assert_eq!(clock.state_at(clock.due_soon_at()), ClockState::DueSoon);
    assert_eq!(clock.state_at(due), ClockState::DueSoon, "the due instant itself is on time");
    assert_eq!(clock.state_at(due + NANO), ClockState::Breached);

    assert_eq!(clock.next_transition_at(start), Some(clock.due_soon_at()));
    assert_eq!(clock.next_transition_at(clock.due_soon_at()), Some(due + NANO));
    assert_eq!(clock.next_transition_at(due), Some(due + NANO));
    assert_eq!(clock.next_transition_at(due + NANO), None, "breached stays breached");
}

#[test]
fn due_soon_threshold_is_configurable() {
    let calendar = test_ru();
    let start = ts("2025-10-27T10:00:00Z");
    let at = |permille| {
        let permille = DueSoonPermille::new(permille).unwrap();
        Clock::start(start, spec("10 hours"), &calendar, Roll::Off, permille).unwrap().due_soon_at()
    };
    assert_eq!(at(0), start);
    assert_eq!(at(500), ts("2025-10-27T15:00:00Z"));
    assert_eq!(at(1000), ts("2025-10-27T20:00:00Z"));
    assert_eq!(DueSoonPermille::default().get(), 800);
    assert_eq!(DueSoonPermille::new(1001).unwrap_err().to_string(), "due-soon threshold 1001 ‰ is above 1000 ‰");
}

#[test]
fn paused_clocks_report_paused_and_have_no_transition() {
    let calendar = test_ru();
    let mut clock = clock("2025-10-27T10:00:00Z", "10 hours", &calendar);
    clock.pause(ts("2025-10-27T12:00:00Z")).unwrap();
    assert_eq!(clock.paused_since(), Some(ts("2025-10-27T12:00:00Z")));
    assert_eq!(clock.state_at(ts("2025-10-29T00:00:00Z")), ClockState::Paused, "even long after the due instant");
    assert_eq!(clock.next_transition_at(ts("2025-10-27T12:00:00Z")), None);
}

#[test]
fn resuming_an_hours_clock_shifts_by_the_pause_exactly() {
    let calendar = test_ru();
    let mut clock = clock("2025-10-27T10:00:00Z", "72 hours", &calendar);
    clock.pause(ts("2025-10-28T10:00:00Z")).unwrap();
    clock.resume(ts("2025-10-28T12:30:00Z"), &calendar).unwrap();
    assert_eq!(clock.due(), ts("2025-10-30T12:30:00Z"));
    assert_eq!(
        clock.history().last(),
        Some(&ClockEvent::Resumed {
            at: ts("2025-10-28T12:30:00Z"),
            due_before: ts("2025-10-30T10:00:00Z"),
            due_after: ts("2025-10-30T12:30:00Z"),
        })
    );
    assert_eq!(clock.initial_due(), ts("2025-10-30T10:00:00Z"));
}

#[test]
fn resuming_a_business_hours_clock_adds_the_paused_working_time() {
    let calendar = test_ru();
    // Mon 09:00 + 16 business hours: 9 h on Monday, 7 h on Tuesday → Tue 16:00.
    let mut clock = clock("2025-10-27T09:00:00+03:00", "16 business hours", &calendar);
    assert_eq!(clock.due(), ts("2025-10-28T16:00:00+03:00"));
    // Paused Mon 17:00 to Tue 10:00 covers 2 working hours (17-18 and 09-10).
    clock.pause(ts("2025-10-27T17:00:00+03:00")).unwrap();
    clock.resume(ts("2025-10-28T10:00:00+03:00"), &calendar).unwrap();
    assert_eq!(clock.due(), ts("2025-10-28T18:00:00+03:00"));
    // A pause entirely outside working hours changes nothing.
    clock.pause(ts("2025-10-28T19:00:00+03:00")).unwrap();
    clock.resume(ts("2025-10-28T22:00:00+03:00"), &calendar).unwrap();
    assert_eq!(clock.due(), ts("2025-10-28T18:00:00+03:00"));
}

#[test]
fn resuming_a_working_days_clock_adds_the_working_days_paused_at_their_end() {
    let calendar = test_ru();
    let mut clock = clock("2025-10-28T11:00:00+03:00", "10 working days", &calendar);
    assert_eq!(clock.due_date(), date(2025, 11, 12));
    // Paused and resumed the same day: nothing skipped.
    clock.pause(ts("2025-10-29T10:00:00+03:00")).unwrap();
    clock.resume(ts("2025-10-29T15:00:00+03:00"), &calendar).unwrap();
    assert_eq!(clock.due_date(), date(2025, 11, 12));
    // Paused Thu 30 Oct, resumed Wed 5 Nov: paused at the end of 30, 31 Oct, 1 Nov (working) and
    // 2, 3, 4 Nov (days off). Three working days are added: 13, 14, 17 Nov.
    clock.pause(ts("2025-10-30T10:00:00+03:00")).unwrap();
    clock.resume(ts("2025-11-05T15:00:00+03:00"), &calendar).unwrap();
    assert_eq!(clock.due_date(), date(2025, 11, 17));
    assert_eq!(clock.due(), ts("2025-11-17T23:59:59+03:00"));
}

#[test]
fn resuming_a_days_clock_adds_calendar_days_and_rolls_again() {
    let calendar = test_ru();
    // 30 days from 1 Oct is Fri 31 Oct.
    let mut clock = clock("2025-10-01T10:00:00+03:00", "30 days", &calendar);
    assert_eq!(clock.due_date(), date(2025, 10, 31));
    // Paused at the end of 10, 11, 12 Oct: 31 Oct + 3 days = Mon 3 Nov, off, as is 4 Nov → 5 Nov.
    clock.pause(ts("2025-10-10T12:00:00+03:00")).unwrap();
    clock.resume(ts("2025-10-13T09:00:00+03:00"), &calendar).unwrap();
    assert_eq!(clock.due_date(), date(2025, 11, 5));
}

#[test]
fn extensions_are_recorded_with_reasons() {
    let calendar = test_ru();
    // 152-FZ: 10 working days, extendable by 5 with a reasoned notice.
    let mut clock = clock("2025-10-28T11:00:00+03:00", "10 working days", &calendar);
    let at = ts("2025-11-10T12:00:00+03:00");
    clock.extend(spec("5 working days"), reason("Notice sent to the subject: identity check"), at, &calendar).unwrap();
    // 12 Nov + 5 working days: 13, 14, 17, 18, 19 Nov.
    assert_eq!(clock.due(), ts("2025-11-19T23:59:59+03:00"));
    assert_eq!(
        clock.history(),
        [ClockEvent::Extended {
            at,
            by: spec("5 working days"),
            reason: reason("Notice sent to the subject: identity check"),
            due_before: ts("2025-11-12T23:59:59+03:00"),
            due_after: ts("2025-11-19T23:59:59+03:00"),
        }]
    );
    assert!(!clock.calendar_coverage_exceeded());
}

#[test]
fn gdpr_extension_by_two_months_can_leave_covers() {
    let calendar = test_ru();
    // 1 month from Sat 4 Oct is Tue 4 Nov, a holiday → Wed 5 Nov.
    let mut clock = clock("2025-10-04T10:00:00+03:00", "1 month", &calendar);
    assert_eq!(clock.due_date(), date(2025, 11, 5));
    clock
        .extend(spec("2 months"), reason("Art. 12(3): complex request"), ts("2025-10-20T10:00:00Z"), &calendar)
        .unwrap();
    assert_eq!(clock.due_date(), date(2026, 1, 5));
    assert!(clock.calendar_coverage_exceeded(), "2026 is outside the test calendar's covers");
}

#[test]
fn completion_is_met_or_met_late() {
    let calendar = test_ru();
    let mut on_time = clock("2025-10-27T10:00:00Z", "10 hours", &calendar);
    assert_eq!(on_time.complete(ts("2025-10-27T20:00:00Z")), Ok(Outcome::Met), "at the due instant");
    assert_eq!(on_time.state_at(ts("2030-01-01T00:00:00Z")), ClockState::Met);
    assert_eq!(on_time.next_transition_at(ts("2025-10-27T10:00:00Z")), None);
    assert_eq!(on_time.completion(), Some((ts("2025-10-27T20:00:00Z"), Outcome::Met)));

    let mut late = clock("2025-10-27T10:00:00Z", "10 hours", &calendar);
    assert_eq!(late.complete(ts("2025-10-27T20:00:00.000000001Z")), Ok(Outcome::MetLate));
    assert_eq!(late.state_at(ts("2025-10-27T10:00:00Z")), ClockState::MetLate);

    // Completed while paused: on time when the pause began before the due instant.
    let mut paused = clock("2025-10-27T10:00:00Z", "10 hours", &calendar);
    paused.pause(ts("2025-10-27T19:00:00Z")).unwrap();
    assert_eq!(paused.complete(ts("2025-10-28T10:00:00Z")), Ok(Outcome::Met));
}

#[test]
fn refused_actions_name_the_problem_and_change_nothing() {
    let calendar = test_ru();
    let mut clock = clock("2025-10-27T10:00:00Z", "10 hours", &calendar);
    assert_eq!(clock.resume(ts("2025-10-27T11:00:00Z"), &calendar), Err(ClockError::NotPaused));
    assert_eq!(
        clock.pause(ts("2025-10-27T09:00:00Z")).unwrap_err().to_string(),
        "action at 2025-10-27T09:00:00Z is before the clock's start at 2025-10-27T10:00:00Z"
    );
    clock.pause(ts("2025-10-27T12:00:00Z")).unwrap();
    assert_eq!(
        clock.pause(ts("2025-10-27T13:00:00Z")).unwrap_err().to_string(),
        "clock is already paused (since 2025-10-27T12:00:00Z)"
    );
    assert_eq!(
        clock.resume(ts("2025-10-27T11:00:00Z"), &calendar).unwrap_err().to_string(),
        "action at 2025-10-27T11:00:00Z is before the previous event at 2025-10-27T12:00:00Z: events must be in time order"
    );
    let other = builtin("eu").unwrap();
    assert_eq!(
        clock.resume(ts("2025-10-27T13:00:00Z"), other).unwrap_err().to_string(),
        "clock runs on calendar \"test-ru\" but calendar \"eu\" was given"
    );
    let before = clock.clone();
    assert!(clock.resume(ts("2025-10-27T11:00:00Z"), &calendar).is_err());
    assert_eq!(clock, before, "a refused action leaves the clock unchanged");

    clock.resume(ts("2025-10-27T13:00:00Z"), &calendar).unwrap();
    clock.complete(ts("2025-10-27T14:00:00Z")).unwrap();
    let completed = "clock was completed at 2025-10-27T14:00:00Z: it accepts no further actions";
    assert_eq!(clock.pause(ts("2025-10-27T15:00:00Z")).unwrap_err().to_string(), completed);
    assert_eq!(clock.complete(ts("2025-10-27T15:00:00Z")).unwrap_err().to_string(), completed);
    let extended = clock.extend(spec("1 day"), reason("late"), ts("2025-10-27T15:00:00Z"), &calendar);
    assert_eq!(extended.unwrap_err().to_string(), completed);
}

#[test]
fn extension_reasons_are_bounded() {
    assert_eq!(ExtensionReason::new("  \n ").unwrap_err(), ClockError::EmptyReason);
    assert_eq!(reason("  trimmed  ").as_str(), "trimmed");
    assert!(ExtensionReason::new(&"é".repeat(1000)).is_ok());
    assert_eq!(
        ExtensionReason::new(&"é".repeat(1001)).unwrap_err().to_string(),
        "extension reason is 1001 characters long: at most 1000 are allowed"
    );
}

#[test]
fn history_is_bounded_but_completion_always_fits() {
    let calendar = test_ru();
    let mut clock = clock("2025-10-27T10:00:00Z", "10 hours", &calendar);
    let at = ts("2025-10-27T11:00:00Z");
    for _ in 0..(MAX_CLOCK_EVENTS - 1) / 2 {
        clock.pause(at).unwrap();
        clock.resume(at, &calendar).unwrap();
    }
    assert_eq!(clock.history().len(), MAX_CLOCK_EVENTS - 2);
    clock.pause(at).unwrap();
    assert_eq!(clock.resume(at, &calendar), Err(ClockError::HistoryFull));
    assert_eq!(clock.complete(at), Ok(Outcome::Met));
    assert_eq!(clock.history().len(), MAX_CLOCK_EVENTS);
}

#[test]
fn clocks_round_trip_through_json_and_bad_records_are_refused() {
    let calendar = test_ru();
    let mut clock = clock("2025-10-28T11:00:00+03:00", "10 working days", &calendar);
    clock.pause(ts("2025-10-30T10:00:00+03:00")).unwrap();
    clock.resume(ts("2025-11-05T15:00:00+03:00"), &calendar).unwrap();
    clock.extend(spec("5 working days"), reason("identity check"), ts("2025-11-06T10:00:00Z"), &calendar).unwrap();
    clock.complete(ts("2025-11-20T10:00:00Z")).unwrap();

    let json = serde_json::to_value(&clock).unwrap();
    assert_eq!(json["duration"], "10 working days");
    assert_eq!(json["calendar_id"], "test-ru");
    assert_eq!(json["roll"], "next_working_day");
    assert_eq!(json["due_soon_permille"], 800);
    assert_eq!(json["history"][0], serde_json::json!({"event": "paused", "at": "2025-10-30T07:00:00Z"}));
    assert_eq!(json["history"][3]["outcome"], "met");
    assert_eq!(serde_json::from_value::<Clock>(json.clone()).unwrap(), clock);
    assert_eq!(serde_json::to_value(ClockState::DueSoon).unwrap(), "due_soon");
    assert_eq!(serde_json::to_value(ClockState::MetLate).unwrap(), "met_late");

    let tampered = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut value = json.clone();
        edit(&mut value);
        serde_json::from_value::<Clock>(value).unwrap_err().to_string()
    };
    assert!(tampered(&|v| v["due"] = "2025-12-01T00:00:00Z".into()).contains("does not match the history"));
    assert!(tampered(&|v| v["history"][3]["outcome"] = "met_late".into()).contains("contradicts the due instant"));
    assert!(
        tampered(&|v| v["history"][1] = serde_json::json!({"event": "paused", "at": "2025-11-05T12:00:00Z"}))
            .contains("a pause while paused")
    );
    assert!(tampered(&|v| v["history"][0]["at"] = "2025-10-01T00:00:00Z".into()).contains("is before"));
    assert!(tampered(&|v| v["due_soon_permille"] = 2000.into()).contains("above 1000"));
    assert!(tampered(&|v| v["history"][2]["reason"] = "".into()).contains("extension reason is empty"));
    assert!(tampered(&|v| v["surprise"] = 1.into()).contains("unknown field"));
}
