//! Calendar files: what parses, what is rejected and with which message, overlays, and queries.

use jiff::civil::{Weekday, date, time};
use tutela_core::calendar::{
    Calendar, CalendarError, CalendarId, DayRule, MAX_DAY_ENTRIES, TimeRange, builtin, builtin_ids,
};

/// A small Russia-like calendar: 1 Nov 2025 is a working Saturday, 3-4 Nov are days off.
const TEST_RU: &str = r#"id = "test-ru"
name = "Test: Russia-like"
time_zone = "Europe/Moscow"
covers = [2025, 2025]
source = "hand-written for tests"

[week]
mon = ["09:00-18:00"]
tue = ["09:00-18:00"]
wed = ["09:00-18:00"]
thu = ["09:00-18:00"]
fri = ["09:00-13:00", "14:00-18:00"]

[[day]]
date = "2025-11-01"
kind = "working"
name = "Transferred working day"

[[day]]
date = "2025-11-03"
kind = "holiday"

[[day]]
date = 2025-11-04
kind = "holiday"
name = "Unity Day"

[[day]]
date = "2025-12-31"
kind = "short"
hours = ["09:00-17:00"]
"#;

fn parse(text: &str) -> Calendar {
    Calendar::parse_toml(text).unwrap_or_else(|error| panic!("{error}"))
}

/// The error message for `TEST_RU` with `from` replaced by `to` (which must occur once).
fn error_after_replacing(from: &str, to: &str) -> String {
    assert_eq!(TEST_RU.matches(from).count(), 1, "{from:?} must occur once");
    let text = TEST_RU.replacen(from, to, 1);
    match Calendar::parse_toml(&text) {
        Ok(_) => panic!("{to:?} was accepted"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn test_calendar_parses_with_all_fields() {
    let calendar = parse(TEST_RU);
    assert_eq!(calendar.id().as_str(), "test-ru");
    assert_eq!(calendar.name(), "Test: Russia-like");
    assert_eq!(calendar.time_zone_name(), "Europe/Moscow");
    assert_eq!(calendar.time_zone().iana_name(), Some("Europe/Moscow"));
    assert_eq!((calendar.covers().first(), calendar.covers().last()), (2025, 2025));
    assert!(calendar.covers_year(2025) && !calendar.covers_year(2026));
    assert_eq!(calendar.source(), "hand-written for tests");
    assert_eq!(calendar.extends(), None);
    assert_eq!(calendar.exceptions().count(), 4);
}

#[test]
fn queries_follow_week_and_exceptions() {
    let calendar = parse(TEST_RU);
    let nine_to_six = [TimeRange::from_minutes(9 * 60, 18 * 60).unwrap()];
    assert_eq!(calendar.working_hours(date(2025, 10, 28)), nine_to_six, "an ordinary Tuesday");
    assert!(calendar.working_hours(date(2025, 11, 2)).is_empty(), "Sunday");
    assert!(!calendar.is_working_day(date(2025, 11, 3)), "holiday on a Monday");
    assert!(!calendar.is_working_day(date(2025, 11, 4)), "holiday given as a bare TOML date");
    // A transferred working day without `hours` takes Monday's.
    assert_eq!(calendar.working_hours(date(2025, 11, 1)), nine_to_six);
    assert_eq!(
        calendar.exception(date(2025, 11, 1)).map(tutela_core::calendar::DayException::name),
        Some("Transferred working day")
    );
    let short = calendar.exception(date(2025, 12, 31)).unwrap();
    assert!(matches!(short.rule(), DayRule::Short(_)));
    assert_eq!(calendar.working_hours(date(2025, 12, 31)), [TimeRange::from_minutes(540, 1020).unwrap()]);
    assert_eq!(calendar.week_hours(Weekday::Friday).len(), 2, "split Friday");
    assert!(calendar.week_hours(Weekday::Saturday).is_empty());
}

#[test]
fn time_ranges_parse_and_print() {
    let range: TimeRange = " 09:30 - 24:00 ".parse().unwrap();
    assert_eq!((range.start_minute_of_day(), range.end_minute_of_day()), (570, 1440));
    assert_eq!(range.to_string(), "09:30-24:00");
    assert_eq!(range.start_time(), time(9, 30, 0, 0));
    assert_eq!(range.end_time(), None, "24:00 has no civil time");
    assert_eq!(range.length_minutes(), 870);
    for (bad, message) in [
        ("18:00-09:00", "time range \"18:00-09:00\" ends before it starts"),
        ("09:00-09:00", "time range \"09:00-09:00\" is empty: it ends when it starts"),
        ("9-18", "time range \"9-18\": \"9\" is not a time of day"),
        ("0900", "time range \"0900\" is not of the form \"HH:MM-HH:MM\""),
        ("24:00-24:00", "\"24:00\" is not a time of day"),
        ("09:00-25:00", "\"25:00\" is not a time of day"),
    ] {
        let error = bad.parse::<TimeRange>().unwrap_err().to_string();
        assert!(error.contains(message), "{bad}: {error}");
    }
}

#[test]
fn calendar_ids_are_restricted() {
    assert!(CalendarId::new("us-ca").is_ok());
    assert!(CalendarId::new("24x7").is_ok());
    for bad in ["", "RU", "ru_x", "ru x", "é", &"a".repeat(33)] {
        assert!(CalendarId::new(bad).is_err(), "{bad:?}");
    }
    assert_eq!(
        CalendarId::new("Ru").unwrap_err().to_string(),
        "invalid calendar id \"Ru\": expected 1 to 32 characters from a-z, 0-9 and -"
    );
}

#[test]
fn errors_name_the_line_and_the_value() {
    let cases = [
        (r#"date = "2025-11-03""#, r#"date = "2025-02-30""#, r#"line 20: invalid date "2025-02-30" in [[day]]"#),
        (r#"date = "2025-11-03""#, r#"date = "3 Nov""#, r#"line 20: invalid date "3 Nov" in [[day]]"#),
        (r#"date = "2025-11-03""#, r#"date = "20251103""#, r#"line 20: invalid date "20251103""#),
        (
            r#"thu = ["09:00-18:00"]"#,
            r#"thu = ["18:00-09:00"]"#,
            r#"line 11: time range "18:00-09:00" ends before it starts"#,
        ),
        (
            r#"thu = ["09:00-18:00"]"#,
            r#"thu = ["09:00-13:00", "12:00-18:00"]"#,
            r#"line 11: time ranges "09:00-13:00" and "12:00-18:00" overlap"#,
        ),
        (
            "03\"\nkind = \"holiday\"",
            "03\"\nkind = \"holliday\"",
            r#"line 21: unknown day kind "holliday" for 2025-11-03: expected holiday, working or short"#,
        ),
        (
            r#"date = "2025-11-03""#,
            r#"date = "2025-11-01""#,
            "line 20: date 2025-11-01 appears twice in [[day]] (first on line 15)",
        ),
        (
            r#"date = "2025-11-03""#,
            r#"date = "2025-10-01""#,
            "line 20: date 2025-10-01 in [[day]] comes after 2025-11-01: days must be sorted by date",
        ),
        (r#""Europe/Moscow""#, r#""Europe/Atlantis""#, r#"line 3: unknown time zone "Europe/Atlantis""#),
        (r#"id = "test-ru""#, r#"id = "Test RU""#, r#"line 1: invalid calendar id "Test RU""#),
        ("covers = [2025, 2025]", "covers = [2026, 2025]", "line 4: covers = [2026, 2025]: expected [first, last]"),
        ("covers = [2025, 2025]", "covers = [2025]", "line 4: covers = [2025]"),
        ("covers = [2025, 2025]", "covers = [1800, 2025]", "line 4: covers = [1800, 2025]"),
        (
            r#"source = "hand-written for tests""#,
            r#"source = "  ""#,
            "line 5: `source` must be 1 to 2000 characters, found 0",
        ),
        ("[week]", "[week]\nsun_day = []", "line 8: unknown field `sun_day`"),
        (
            r#"name = "Unity Day""#,
            "name = \"Unity Day\"\nwhen = \"always\"",
            "line 27: unknown field `when`, expected one of `date`, `kind`, `name`, `hours`, `like`",
        ),
        (r#"source = "hand-written for tests""#, "source = \"x\"\nholidays = 3", "line 6: unknown field `holidays`"),
        (
            "03\"\nkind = \"holiday\"",
            "03\"\nkind = \"holiday\"\nhours = [\"09:00-12:00\"]",
            "line 22: `hours` is not allowed on a \"holiday\" day (2025-11-03): a holiday has no working hours",
        ),
        (
            r#"name = "Transferred working day""#,
            "like = \"sun\"",
            r#"line 17: like = "sun" for 2025-11-01: that weekday has no working hours"#,
        ),
        (
            r#"name = "Transferred working day""#,
            "like = \"monday\"",
            r#"line 17: like = "monday" for 2025-11-01: expected mon, tue"#,
        ),
        (r#"hours = ["09:00-17:00"]"#, "", r#"line 30: a "short" day (2025-12-31) needs non-empty `hours`"#),
        (r#"hours = ["09:00-17:00"]"#, "hours = []", r#"line 31: a "short" day (2025-12-31) needs non-empty `hours`"#),
        (r#"time_zone = "Europe/Moscow""#, "", "missing key `time_zone`: required unless the calendar uses `extends`"),
        ("covers = [2025, 2025]", "covers = [2025, 2025", "line 5: missing comma between array elements"),
    ];
    let mismatches: Vec<String> = cases
        .iter()
        .map(|(from, to, expected)| (to, expected, error_after_replacing(from, to)))
        .filter(|(_, expected, error)| !error.contains(*expected))
        .map(|(to, expected, error)| format!("{to:?}\n  got:      {error}\n  expected: {expected}"))
        .collect();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn limits_are_enforced() {
    let huge = "#".repeat(600 * 1024);
    assert!(matches!(Calendar::parse_toml(&huge), Err(CalendarError::TooLarge { .. })));

    let too_many_ranges = (0..9).map(|h| format!("\"{h:02}:00-{h:02}:30\"")).collect::<Vec<_>>().join(", ");
    let error = error_after_replacing(r#"thu = ["09:00-18:00"]"#, &format!("thu = [{too_many_ranges}]"));
    assert!(error.contains("9 time ranges on one day: at most 8 are allowed"), "{error}");

    let header = TEST_RU.split("[[day]]").next().unwrap().to_owned();
    let mut text = header.clone();
    let mut day = date(2030, 1, 1);
    for _ in 0..=MAX_DAY_ENTRIES {
        text.push_str(&format!("[[day]]\ndate = \"{day}\"\nkind = \"holiday\"\n"));
        day = day.tomorrow().unwrap();
    }
    let error = Calendar::parse_toml(&text).unwrap_err().to_string();
    assert!(error.contains("2001 [[day]] entries: at most 2000 are allowed"), "{error}");
}

#[test]
fn overlay_extends_a_base_and_replaces_days() {
    let base = parse(TEST_RU);
    let overlay = r#"
id = "acme-ru"
name = "ACME Moscow office"
extends = "test-ru"

[[day]]
date = "2025-11-04"
kind = "working"
hours = ["10:00-16:00"]

[[day]]
date = "2025-11-05"
kind = "holiday"
name = "Company day"
"#;
    let resolve = |id: &str| (id == "test-ru").then(|| base.clone());
    let calendar = Calendar::parse_toml_with(overlay, resolve).unwrap();
    assert_eq!(calendar.id().as_str(), "acme-ru");
    assert_eq!(calendar.extends().map(CalendarId::as_str), Some("test-ru"));
    assert_eq!(calendar.time_zone_name(), "Europe/Moscow", "inherited");
    assert_eq!(calendar.covers(), base.covers(), "inherited");
    assert_eq!(calendar.source(), base.source(), "inherited");
    assert!(calendar.is_working_day(date(2025, 11, 1)), "base day kept");
    assert!(!calendar.is_working_day(date(2025, 11, 3)), "base day kept");
    assert_eq!(calendar.working_hours(date(2025, 11, 4)), ["10:00-16:00".parse::<TimeRange>().unwrap()], "replaced");
    assert!(!calendar.is_working_day(date(2025, 11, 5)), "added");
    assert_eq!(calendar.week_hours(Weekday::Friday), base.week_hours(Weekday::Friday), "week inherited");

    // A [week] in the overlay replaces the whole week; missing weekdays become days off.
    let with_week = format!("{overlay}\n[week]\nsat = [\"10:00-14:00\"]\n");
    let calendar = Calendar::parse_toml_with(&with_week, resolve).unwrap();
    assert!(calendar.is_working_day(date(2025, 11, 8)), "Saturday now works");
    assert!(!calendar.is_working_day(date(2025, 11, 10)), "Monday now off");

    let error = Calendar::parse_toml_with(&overlay.replace("extends = \"test-ru\"", "extends = \"nope\""), resolve)
        .unwrap_err()
        .to_string();
    assert_eq!(error, r#"line 4: extends unknown calendar "nope""#);
    assert!(Calendar::parse_toml(overlay).is_err(), "no resolver, no base");
}

#[test]
fn overlay_on_a_builtin() {
    let overlay = "id = \"ru-night\"\nextends = \"ru\"\n[week]\nmon = [\"00:00-06:00\", \"22:00-24:00\"]\n";
    let calendar = Calendar::parse_toml_with(overlay, |id| builtin(id).cloned()).unwrap();
    assert_eq!(calendar.name(), builtin("ru").unwrap().name());
    assert!(!calendar.is_working_day(date(2025, 11, 3)), "ru's transferred day off is kept");
    assert_eq!(calendar.working_hours(date(2025, 11, 10)).len(), 2);
}

#[test]
fn written_calendar_parses_back_equal() {
    let calendar = parse(TEST_RU);
    let written = calendar.to_toml();
    assert_eq!(Calendar::parse_toml(&written).unwrap(), calendar, "{written}");
    let json = serde_json::to_value(&calendar).unwrap();
    assert_eq!(json["week"]["fri"], serde_json::json!(["09:00-13:00", "14:00-18:00"]));
    assert_eq!(json["day"][0]["kind"], "working");
}

#[test]
fn builtins_are_available_and_consistent() {
    assert_eq!(builtin_ids(), ["ru", "cn", "bg", "in", "us-ca", "eu", "24x7"]);
    for id in builtin_ids() {
        let calendar = builtin(id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!(calendar.id().as_str(), *id);
        assert!(calendar.covers_year(2025), "{id} covers 2025");
    }
    assert!(builtin("xx").is_none());
    let ru = builtin("ru").unwrap();
    assert!(ru.is_working_day(date(2025, 11, 1)), "ru: Saturday 1 Nov 2025 is worked");
    assert!(!ru.is_working_day(date(2025, 11, 3)) && !ru.is_working_day(date(2025, 11, 4)));
    let always = builtin("24x7").unwrap();
    assert_eq!(always.working_hours(date(2025, 12, 25)), [TimeRange::WHOLE_DAY]);
}
