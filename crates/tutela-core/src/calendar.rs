//! Working-day calendars: which local dates are working days, and which hours of them are working time.
//!
//! Deadlines such as "10 working days" or "40 business hours" mean nothing without a calendar: a
//! country's weekly pattern, its public holidays, its transferred working days (Russia's and China's
//! make-up Saturdays) and its shortened pre-holiday days, all in one IANA time zone. A [`Calendar`] is
//! parsed from the TOML format described in `data/calendars/README.md`; once parsed it is always
//! consistent (sorted non-overlapping hours, one exception per date, a real time zone), so the deadline
//! code never re-checks it.
//!
//! Operators add their own calendars in the same format, optionally with `extends = "<id>"` to start
//! from another calendar and override its week or single days ([`Calendar::parse_toml_with`]). The
//! calendars shipped with Tutela are compiled in and available through [`builtin`].
//!
//! Time zones come from the tz database bundled into the binary (jiff's `tzdb-bundle-always`), never
//! from `/usr/share/zoneinfo`: the crate stays free of file IO, and a deadline computes the same on
//! every machine whatever tzdata it has installed.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::{TimeZone, TimeZoneDatabase};
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The largest calendar file accepted, in bytes; a real national calendar for a decade is ~100 KiB.
pub const MAX_CALENDAR_BYTES: usize = 512 * 1024;
/// The most `[[day]]` entries in one file, and in a calendar after an overlay is applied.
pub const MAX_DAY_ENTRIES: usize = 2000;
/// The most working-hour ranges on one day (a split shift needs two or three).
pub const MAX_RANGES_PER_DAY: usize = 8;
/// The longest calendar or day name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest `source` text, in characters.
pub const MAX_SOURCE_CHARS: usize = 2000;
/// The longest calendar id, in characters.
pub const MAX_ID_CHARS: usize = 32;
/// The earliest year a calendar may cover or list a day in.
pub const MIN_CALENDAR_YEAR: i16 = 1900;
/// The latest year a calendar may cover or list a day in.
pub const MAX_CALENDAR_YEAR: i16 = 2200;
/// Minutes in a civil day; a range may end at this minute ("24:00").
pub const MINUTES_PER_DAY: u16 = 24 * 60;

/// Every weekday, Monday first, with its key in the `[week]` table.
const WEEKDAY_KEYS: [(Weekday, &str); 7] = [
    (Weekday::Monday, "mon"),
    (Weekday::Tuesday, "tue"),
    (Weekday::Wednesday, "wed"),
    (Weekday::Thursday, "thu"),
    (Weekday::Friday, "fri"),
    (Weekday::Saturday, "sat"),
    (Weekday::Sunday, "sun"),
];

/// The tz database every calendar resolves its zone in (see the module doc for why the bundled one).
static TZDB: LazyLock<TimeZoneDatabase> = LazyLock::new(TimeZoneDatabase::bundled);

/// Looks up an IANA time zone name in the bundled tz database.
pub fn time_zone_by_name(name: &str) -> Option<TimeZone> {
    TZDB.get(name).ok()
}

// ---------------------------------------------------------------------------------------------------
// Calendar id

/// A calendar id: 1 to 32 characters from `a-z`, `0-9` and `-` (it is also a file name and a URL part).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CalendarId(String);

/// A text that is not a valid [`CalendarId`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid calendar id \"{0}\": expected 1 to 32 characters from a-z, 0-9 and -")]
pub struct InvalidCalendarId(pub String);

impl CalendarId {
    /// Parses a calendar id.
    pub fn new(text: &str) -> Result<Self, InvalidCalendarId> {
        let well_formed = (1..=MAX_ID_CHARS).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if well_formed { Ok(Self(text.to_owned())) } else { Err(InvalidCalendarId(text.chars().take(64).collect())) }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CalendarId {
    type Err = InvalidCalendarId;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::new(text)
    }
}

impl TryFrom<String> for CalendarId {
    type Error = InvalidCalendarId;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::new(&text)
    }
}

impl From<CalendarId> for String {
    fn from(id: CalendarId) -> String {
        id.0
    }
}

impl fmt::Display for CalendarId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// ---------------------------------------------------------------------------------------------------
// Time ranges

/// A non-empty range of local working time within one day, `[start, end)`, to the minute.
///
/// The end may be minute 1440 ("24:00"), so a range can run to midnight; a range never crosses
/// midnight (a night shift is two ranges on two days).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeRange {
    start_minute_of_day: u16,
    end_minute_of_day: u16,
}

/// Why a text is not a [`TimeRange`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeRangeError {
    /// The text is not two `HH:MM` times joined by `-`.
    #[error("time range \"{text}\" is not of the form \"HH:MM-HH:MM\"")]
    Malformed {
        /// The text as written.
        text: String,
    },
    /// One side is not a time of day (hour 00-23, minute 00-59; "24:00" only as the end).
    #[error("time range \"{text}\": \"{time}\" is not a time of day (00:00 to 23:59, or 24:00 as the end)")]
    InvalidTime {
        /// The whole range as written.
        text: String,
        /// The side that is wrong.
        time: String,
    },
    /// The end is before the start (a range cannot cross midnight).
    #[error("time range \"{text}\" ends before it starts")]
    EndsBeforeStart {
        /// The text as written.
        text: String,
    },
    /// The end equals the start, so the range holds no time.
    #[error("time range \"{text}\" is empty: it ends when it starts")]
    Empty {
        /// The text as written.
        text: String,
    },
}

impl TimeRange {
    /// Builds a range from minutes since local midnight; `None` unless `start < end <= 1440`.
    pub fn from_minutes(start_minute_of_day: u16, end_minute_of_day: u16) -> Option<Self> {
        (start_minute_of_day < end_minute_of_day && end_minute_of_day <= MINUTES_PER_DAY)
            .then_some(Self { start_minute_of_day, end_minute_of_day })
    }

    /// The whole day, 00:00-24:00.
    pub const WHOLE_DAY: TimeRange = TimeRange { start_minute_of_day: 0, end_minute_of_day: MINUTES_PER_DAY };

    /// Start, in minutes since local midnight (0..1440).
    pub fn start_minute_of_day(self) -> u16 {
        self.start_minute_of_day
    }

    /// End (exclusive), in minutes since local midnight (1..=1440; 1440 is "24:00").
    pub fn end_minute_of_day(self) -> u16 {
        self.end_minute_of_day
    }

    /// Length in minutes of nominal wall-clock time (a DST change inside the range is not subtracted).
    pub fn length_minutes(self) -> u16 {
        self.end_minute_of_day - self.start_minute_of_day
    }

    /// The start as a civil time.
    pub fn start_time(self) -> Time {
        minute_to_time(self.start_minute_of_day)
    }

    /// The end as a civil time, or `None` when the range runs to midnight ("24:00").
    pub fn end_time(self) -> Option<Time> {
        (self.end_minute_of_day < MINUTES_PER_DAY).then(|| minute_to_time(self.end_minute_of_day))
    }

    /// Whether the two ranges share any minute (touching ranges such as 09:00-13:00 and 13:00-18:00 do not).
    pub fn overlaps(self, other: TimeRange) -> bool {
        self.start_minute_of_day < other.end_minute_of_day && other.start_minute_of_day < self.end_minute_of_day
    }
}

/// Converts a minute of the day below 1440 to a civil time.
fn minute_to_time(minute_of_day: u16) -> Time {
    let hour = i8::try_from(minute_of_day / 60).unwrap_or(0);
    let minute = i8::try_from(minute_of_day % 60).unwrap_or(0);
    Time::constant(hour.min(23), minute, 0, 0)
}

/// Parses `HH:MM` (exactly two digits each) into minutes since midnight; 24:00 is 1440.
fn parse_clock_minutes(text: &str) -> Option<u16> {
    let bytes = text.as_bytes();
    let well_formed = bytes.len() == 5 && bytes[2] == b':' && [0, 1, 3, 4].iter().all(|&i| bytes[i].is_ascii_digit());
    if !well_formed {
        return None;
    }
    let digit = |i: usize| u16::from(bytes[i] - b'0');
    let (hour, minute) = (digit(0) * 10 + digit(1), digit(3) * 10 + digit(4));
    match (hour, minute) {
        (24, 0) => Some(MINUTES_PER_DAY),
        (0..=23, 0..=59) => Some(hour * 60 + minute),
        _ => None,
    }
}

impl FromStr for TimeRange {
    type Err = TimeRangeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let owned = || text.to_owned();
        let (start_text, end_text) =
            text.trim().split_once('-').ok_or_else(|| TimeRangeError::Malformed { text: owned() })?;
        let (start_text, end_text) = (start_text.trim(), end_text.trim());
        let invalid = |time: &str| TimeRangeError::InvalidTime { text: owned(), time: time.to_owned() };
        let start = parse_clock_minutes(start_text)
            .filter(|&minute| minute < MINUTES_PER_DAY)
            .ok_or_else(|| invalid(start_text))?;
        let end = parse_clock_minutes(end_text).ok_or_else(|| invalid(end_text))?;
        match end.cmp(&start) {
            std::cmp::Ordering::Less => Err(TimeRangeError::EndsBeforeStart { text: owned() }),
            std::cmp::Ordering::Equal => Err(TimeRangeError::Empty { text: owned() }),
            std::cmp::Ordering::Greater => Ok(Self { start_minute_of_day: start, end_minute_of_day: end }),
        }
    }
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (start, end) = (self.start_minute_of_day, self.end_minute_of_day);
        write!(f, "{:02}:{:02}-{:02}:{:02}", start / 60, start % 60, end / 60, end % 60)
    }
}

impl Serialize for TimeRange {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeRange {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------------------------------------------
// Working hours of one day

/// The working hours of one day: sorted, non-overlapping [`TimeRange`]s, at most
/// [`MAX_RANGES_PER_DAY`]. Empty means a day off.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct WorkingHours(Vec<TimeRange>);

/// Why a list of ranges is not a valid [`WorkingHours`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkingHoursError {
    /// More ranges than [`MAX_RANGES_PER_DAY`].
    #[error("{count} time ranges on one day: at most {MAX_RANGES_PER_DAY} are allowed")]
    TooManyRanges {
        /// How many were given.
        count: usize,
    },
    /// Two ranges share some minutes.
    #[error("time ranges \"{first}\" and \"{second}\" overlap")]
    Overlap {
        /// The earlier range.
        first: TimeRange,
        /// The range that overlaps it.
        second: TimeRange,
    },
}

impl WorkingHours {
    /// Sorts the ranges and checks they neither overlap nor exceed [`MAX_RANGES_PER_DAY`].
    pub fn new(mut ranges: Vec<TimeRange>) -> Result<Self, WorkingHoursError> {
        if ranges.len() > MAX_RANGES_PER_DAY {
            return Err(WorkingHoursError::TooManyRanges { count: ranges.len() });
        }
        ranges.sort();
        if let Some(pair) = ranges.windows(2).find(|pair| pair[0].overlaps(pair[1])) {
            return Err(WorkingHoursError::Overlap { first: pair[0], second: pair[1] });
        }
        Ok(Self(ranges))
    }

    /// A day off.
    pub fn none() -> Self {
        Self(Vec::new())
    }

    /// The ranges, earliest first.
    pub fn ranges(&self) -> &[TimeRange] {
        &self.0
    }

    /// Whether there is no working time (a day off).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Total nominal working minutes.
    pub fn total_minutes(&self) -> u32 {
        self.0.iter().map(|range| u32::from(range.length_minutes())).sum()
    }
}

// ---------------------------------------------------------------------------------------------------
// Exceptions

/// What an exception does to its date.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DayRule {
    /// A day off that would otherwise be a working day (public holiday, bridge day).
    Holiday,
    /// A transferred working day (usually on a weekend) with these non-empty hours.
    Working(WorkingHours),
    /// A working day with shortened, non-empty hours (e.g. Russia's pre-holiday days).
    Short(WorkingHours),
}

impl DayRule {
    /// The kind as written in the file: `holiday`, `working` or `short`.
    pub fn kind(&self) -> &'static str {
        match self {
            DayRule::Holiday => "holiday",
            DayRule::Working(_) => "working",
            DayRule::Short(_) => "short",
        }
    }

    /// The working hours on that date (empty for a holiday).
    pub fn hours(&self) -> &[TimeRange] {
        match self {
            DayRule::Holiday => &[],
            DayRule::Working(hours) | DayRule::Short(hours) => hours.ranges(),
        }
    }
}

/// One `[[day]]` entry: a date whose working hours differ from the weekly pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DayException {
    date: Date,
    name: String,
    rule: DayRule,
}

impl DayException {
    /// The local date.
    pub fn date(&self) -> Date {
        self.date
    }

    /// Human name ("New Year holidays"); may be empty.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the exception does.
    pub fn rule(&self) -> &DayRule {
        &self.rule
    }
}

// ---------------------------------------------------------------------------------------------------
// Calendar

/// The inclusive range of years whose official schedule a calendar contains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct YearRange {
    first: i16,
    last: i16,
}

impl YearRange {
    /// A range `first..=last`; `None` when reversed or outside
    /// [`MIN_CALENDAR_YEAR`]..=[`MAX_CALENDAR_YEAR`].
    pub fn new(first: i16, last: i16) -> Option<Self> {
        let in_bounds = |year: i16| (MIN_CALENDAR_YEAR..=MAX_CALENDAR_YEAR).contains(&year);
        (first <= last && in_bounds(first) && in_bounds(last)).then_some(Self { first, last })
    }

    /// The first covered year.
    pub fn first(self) -> i16 {
        self.first
    }

    /// The last covered year (inclusive).
    pub fn last(self) -> i16 {
        self.last
    }

    /// Whether `year` is inside the range.
    pub fn contains(self, year: i16) -> bool {
        (self.first..=self.last).contains(&year)
    }
}

/// A parsed working-day calendar. See the module documentation.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    id: CalendarId,
    name: String,
    time_zone_name: String,
    time_zone: TimeZone,
    covers: YearRange,
    source: String,
    extends: Option<CalendarId>,
    /// Indexed by `Weekday::to_monday_zero_offset()`.
    week: [WorkingHours; 7],
    days: BTreeMap<Date, DayException>,
}

impl Calendar {
    /// The calendar id.
    pub fn id(&self) -> &CalendarId {
        &self.id
    }

    /// Human name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The zone all dates and hours of this calendar are local to.
    pub fn time_zone(&self) -> &TimeZone {
        &self.time_zone
    }

    /// The IANA name of [`Calendar::time_zone`], as written in the file.
    pub fn time_zone_name(&self) -> &str {
        &self.time_zone_name
    }

    /// Years whose official schedule is in the calendar.
    pub fn covers(&self) -> YearRange {
        self.covers
    }

    /// Whether the calendar has the official schedule for `year`; outside it only the week applies.
    pub fn covers_year(&self, year: i16) -> bool {
        self.covers.contains(year)
    }

    /// Where the days come from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The calendar this one was built on, if it was an overlay.
    pub fn extends(&self) -> Option<&CalendarId> {
        self.extends.as_ref()
    }

    /// The weekly working hours of `weekday` (before exceptions).
    pub fn week_hours(&self, weekday: Weekday) -> &[TimeRange] {
        self.week[weekday_index(weekday)].ranges()
    }

    /// The exception for `date`, if any.
    pub fn exception(&self, date: Date) -> Option<&DayException> {
        self.days.get(&date)
    }

    /// All exceptions, in date order.
    pub fn exceptions(&self) -> impl Iterator<Item = &DayException> {
        self.days.values()
    }

    /// The working hours on `date`, local time; empty on a day off.
    pub fn working_hours(&self, date: Date) -> &[TimeRange] {
        match self.days.get(&date) {
            Some(exception) => exception.rule.hours(),
            None => self.week_hours(date.weekday()),
        }
    }

    /// Whether `date` has any working time.
    pub fn is_working_day(&self, date: Date) -> bool {
        !self.working_hours(date).is_empty()
    }

    /// Parses a calendar that does not use `extends` (see [`Calendar::parse_toml_with`]).
    pub fn parse_toml(text: &str) -> Result<Calendar, CalendarError> {
        Self::parse_toml_with(text, |_| None)
    }

    /// Parses a calendar; `resolve` supplies the base calendar named by `extends`.
    ///
    /// An overlay starts from a copy of its base: `name`, `time_zone`, `covers` and `source` are
    /// inherited unless given; a `[week]` table, if given, replaces the whole week (a weekday missing
    /// from it is a day off); each `[[day]]` replaces the base's entry for that date.
    pub fn parse_toml_with(text: &str, resolve: impl Fn(&str) -> Option<Calendar>) -> Result<Calendar, CalendarError> {
        if text.len() > MAX_CALENDAR_BYTES {
            return Err(CalendarError::TooLarge { bytes: text.len() });
        }
        let raw: RawCalendar = toml::from_str(text).map_err(|error| CalendarError::Toml {
            line: error.span().map(|span| line_of(text, span.start)),
            message: error.message().trim().to_owned(),
        })?;
        Builder { text }.build(raw, resolve)
    }
}

fn weekday_index(weekday: Weekday) -> usize {
    usize::try_from(weekday.to_monday_zero_offset()).unwrap_or(0)
}

/// The 1-based line holding byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&byte| byte == b'\n').count() + 1
}

// ---------------------------------------------------------------------------------------------------
// Errors

/// Why a calendar file was rejected. Every message names the line (when known) and the value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The file is larger than [`MAX_CALENDAR_BYTES`].
    #[error("calendar file is {bytes} bytes: at most {MAX_CALENDAR_BYTES} are allowed")]
    TooLarge {
        /// The size given.
        bytes: usize,
    },
    /// TOML syntax error, wrong value type, missing required key or unknown key.
    #[error("{}{message}", line_prefix(*.line))]
    Toml {
        /// Where the TOML parser found the problem.
        line: Option<usize>,
        /// The TOML parser's message.
        message: String,
    },
    /// A required top-level key is missing (only `id` is required in an `extends` overlay).
    #[error("missing key `{key}`: required unless the calendar uses `extends`")]
    MissingKey {
        /// The key.
        key: &'static str,
    },
    /// `id` or `extends` is not a valid calendar id.
    #[error("line {line}: {source}")]
    InvalidId {
        /// The line of the value.
        line: usize,
        /// What is wrong.
        source: InvalidCalendarId,
    },
    /// `extends` names a calendar the resolver does not know.
    #[error("line {line}: extends unknown calendar \"{id}\"")]
    UnknownBase {
        /// The line of `extends`.
        line: usize,
        /// The id given.
        id: String,
    },
    /// `time_zone` is not in the tz database.
    #[error("line {line}: unknown time zone \"{name}\": expected an IANA name such as \"Europe/Moscow\"")]
    UnknownTimeZone {
        /// The line of `time_zone`.
        line: usize,
        /// The name given.
        name: String,
    },
    /// A text field is empty, or longer than its limit.
    #[error("line {line}: `{key}` must be 1 to {limit} characters, found {chars}")]
    BadTextLength {
        /// The line of the value.
        line: usize,
        /// The key.
        key: &'static str,
        /// Length found, in characters.
        chars: usize,
        /// The limit, in characters.
        limit: usize,
    },
    /// `covers` is not two years `[first, last]` in order within the allowed bounds.
    #[error(
        "line {line}: covers = {found}: expected [first, last] with {MIN_CALENDAR_YEAR} <= first <= last <= {MAX_CALENDAR_YEAR}"
    )]
    InvalidCovers {
        /// The line of `covers`.
        line: usize,
        /// The value as parsed.
        found: String,
    },
    /// A time range or a day's list of ranges is invalid.
    #[error("line {line}: {source}")]
    InvalidHours {
        /// The line of the range or list.
        line: usize,
        /// What is wrong.
        source: WorkingHoursOrRangeError,
    },
    /// More than [`MAX_DAY_ENTRIES`] day entries (in the file, or after applying it to its base).
    #[error("line {line}: {count} [[day]] entries: at most {MAX_DAY_ENTRIES} are allowed")]
    TooManyDays {
        /// The line of the first entry over the limit (or of the last one).
        line: usize,
        /// How many entries there are.
        count: usize,
    },
    /// A `date` is not a valid `YYYY-MM-DD` date within the allowed years.
    #[error(
        "line {line}: invalid date \"{text}\" in [[day]]: expected YYYY-MM-DD in {MIN_CALENDAR_YEAR}..={MAX_CALENDAR_YEAR}"
    )]
    InvalidDate {
        /// The line of `date`.
        line: usize,
        /// The value as written.
        text: String,
    },
    /// A date appears twice.
    #[error("line {line}: date {date} appears twice in [[day]] (first on line {first_line})")]
    DuplicateDate {
        /// The line of the second occurrence.
        line: usize,
        /// The date.
        date: Date,
        /// The line of the first occurrence.
        first_line: usize,
    },
    /// Dates are not in increasing order.
    #[error("line {line}: date {date} in [[day]] comes after {previous}: days must be sorted by date")]
    UnsortedDate {
        /// The line of the out-of-order date.
        line: usize,
        /// The out-of-order date.
        date: Date,
        /// The date before it in the file.
        previous: Date,
    },
    /// `kind` is not one of the known kinds.
    #[error("line {line}: unknown day kind \"{kind}\" for {date}: expected holiday, working or short")]
    UnknownKind {
        /// The line of `kind`.
        line: usize,
        /// The date of the entry.
        date: Date,
        /// The kind given.
        kind: String,
    },
    /// `hours` or `like` is given where the kind does not take it, or both are given.
    #[error("line {line}: `{key}` is not allowed on a \"{kind}\" day ({date}){hint}")]
    KeyNotAllowed {
        /// The line of the key.
        line: usize,
        /// The date of the entry.
        date: Date,
        /// The key that is not allowed.
        key: &'static str,
        /// The kind of the entry.
        kind: &'static str,
        /// Extra explanation (may be empty).
        hint: &'static str,
    },
    /// A `short` day without `hours`, or a `working`/`short` day whose hours are empty.
    #[error("line {line}: a \"{kind}\" day ({date}) needs non-empty `hours`")]
    HoursRequired {
        /// The line of the entry.
        line: usize,
        /// The date of the entry.
        date: Date,
        /// The kind of the entry.
        kind: &'static str,
    },
    /// `like` does not name a weekday.
    #[error("line {line}: like = \"{like}\" for {date}: expected mon, tue, wed, thu, fri, sat or sun")]
    UnknownWeekday {
        /// The line of `like`.
        line: usize,
        /// The date of the entry.
        date: Date,
        /// The value given.
        like: String,
    },
    /// `like` names a weekday that has no working hours, so the working day would have none.
    #[error("line {line}: like = \"{like}\" for {date}: that weekday has no working hours")]
    LikeDayOff {
        /// The line of `like` (or of the entry, when `like` defaulted to "mon").
        line: usize,
        /// The date of the entry.
        date: Date,
        /// The weekday named.
        like: String,
    },
}

/// A problem with a single time range, or with the list of ranges of one day.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkingHoursOrRangeError {
    /// One range is malformed.
    #[error(transparent)]
    Range(#[from] TimeRangeError),
    /// The list as a whole is invalid.
    #[error("{0}")]
    List(#[from] WorkingHoursError),
}

fn line_prefix(line: Option<usize>) -> String {
    line.map(|line| format!("line {line}: ")).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------------
// The file as TOML sees it

type RawHours = Spanned<Vec<Spanned<String>>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    id: Spanned<String>,
    name: Option<Spanned<String>>,
    time_zone: Option<Spanned<String>>,
    covers: Option<Spanned<Vec<i64>>>,
    source: Option<Spanned<String>>,
    extends: Option<Spanned<String>>,
    week: Option<RawWeek>,
    #[serde(default)]
    day: Vec<Spanned<RawDay>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeek {
    mon: Option<RawHours>,
    tue: Option<RawHours>,
    wed: Option<RawHours>,
    thu: Option<RawHours>,
    fri: Option<RawHours>,
    sat: Option<RawHours>,
    sun: Option<RawHours>,
}

impl RawWeek {
    /// The hours lists, Monday first.
    fn into_days(self) -> [Option<RawHours>; 7] {
        [self.mon, self.tue, self.wed, self.thu, self.fri, self.sat, self.sun]
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDay {
    /// A string "YYYY-MM-DD" or a bare TOML local date.
    date: Spanned<toml::Value>,
    kind: Spanned<String>,
    name: Option<Spanned<String>>,
    hours: Option<RawHours>,
    like: Option<Spanned<String>>,
}

// ---------------------------------------------------------------------------------------------------
// From raw file to Calendar

/// Turns the raw file into a [`Calendar`], turning byte spans into line numbers for errors.
struct Builder<'t> {
    text: &'t str,
}

impl Builder<'_> {
    fn line<T>(&self, spanned: &Spanned<T>) -> usize {
        line_of(self.text, spanned.span().start)
    }

    fn build(&self, raw: RawCalendar, resolve: impl Fn(&str) -> Option<Calendar>) -> Result<Calendar, CalendarError> {
        let id = self.calendar_id(&raw.id)?;
        let base = match &raw.extends {
            Some(extends) => Some(self.base(extends, resolve)?),
            None => None,
        };
        let name = self.text_field(raw.name.as_ref(), "name", MAX_NAME_CHARS, base.as_ref().map(|b| &b.name))?;
        let source =
            self.text_field(raw.source.as_ref(), "source", MAX_SOURCE_CHARS, base.as_ref().map(|b| &b.source))?;
        let (time_zone_name, time_zone) = self.time_zone(raw.time_zone.as_ref(), base.as_ref())?;
        let covers = self.covers(raw.covers.as_ref(), base.as_ref())?;
        let week = match (raw.week, &base) {
            (Some(week), _) => self.week(week)?,
            (None, Some(base)) => base.week.clone(),
            (None, None) => return Err(CalendarError::MissingKey { key: "week" }),
        };
        let days = self.days(raw.day, &week, base.map(|b| b.days).unwrap_or_default())?;
        let extends = raw.extends.as_ref().map(|e| self.calendar_id(e)).transpose()?;
        Ok(Calendar { id, name, time_zone_name, time_zone, covers, source, extends, week, days })
    }

    fn calendar_id(&self, raw: &Spanned<String>) -> Result<CalendarId, CalendarError> {
        CalendarId::new(raw.get_ref()).map_err(|source| CalendarError::InvalidId { line: self.line(raw), source })
    }

    fn base(
        &self,
        extends: &Spanned<String>,
        resolve: impl Fn(&str) -> Option<Calendar>,
    ) -> Result<Calendar, CalendarError> {
        let id = self.calendar_id(extends)?;
        resolve(id.as_str()).ok_or_else(|| CalendarError::UnknownBase { line: self.line(extends), id: id.0 })
    }

    /// A required text field, or the base's value in an overlay.
    fn text_field(
        &self,
        raw: Option<&Spanned<String>>,
        key: &'static str,
        limit: usize,
        inherited: Option<&String>,
    ) -> Result<String, CalendarError> {
        match (raw, inherited) {
            (Some(raw), _) => self.bounded_text(raw, key, limit, false),
            (None, Some(inherited)) => Ok(inherited.clone()),
            (None, None) => Err(CalendarError::MissingKey { key }),
        }
    }

    fn bounded_text(
        &self,
        raw: &Spanned<String>,
        key: &'static str,
        limit: usize,
        may_be_empty: bool,
    ) -> Result<String, CalendarError> {
        let text = raw.get_ref().trim();
        let chars = text.chars().count();
        if chars > limit || (chars == 0 && !may_be_empty) {
            return Err(CalendarError::BadTextLength { line: self.line(raw), key, chars, limit });
        }
        Ok(text.to_owned())
    }

    fn time_zone(
        &self,
        raw: Option<&Spanned<String>>,
        base: Option<&Calendar>,
    ) -> Result<(String, TimeZone), CalendarError> {
        match (raw, base) {
            (Some(raw), _) => {
                let name = raw.get_ref().trim();
                let zone = time_zone_by_name(name).ok_or_else(|| CalendarError::UnknownTimeZone {
                    line: self.line(raw),
                    name: name.chars().take(100).collect(),
                })?;
                Ok((name.to_owned(), zone))
            }
            (None, Some(base)) => Ok((base.time_zone_name.clone(), base.time_zone.clone())),
            (None, None) => Err(CalendarError::MissingKey { key: "time_zone" }),
        }
    }

    fn covers(&self, raw: Option<&Spanned<Vec<i64>>>, base: Option<&Calendar>) -> Result<YearRange, CalendarError> {
        let raw = match (raw, base) {
            (Some(raw), _) => raw,
            (None, Some(base)) => return Ok(base.covers),
            (None, None) => return Err(CalendarError::MissingKey { key: "covers" }),
        };
        let year = |value: i64| i16::try_from(value).ok();
        let range = match raw.get_ref().as_slice() {
            [first, last] => year(*first).zip(year(*last)).and_then(|(first, last)| YearRange::new(first, last)),
            _ => None,
        };
        range
            .ok_or_else(|| CalendarError::InvalidCovers { line: self.line(raw), found: format!("{:?}", raw.get_ref()) })
    }

    fn week(&self, raw: RawWeek) -> Result<[WorkingHours; 7], CalendarError> {
        let mut week: [WorkingHours; 7] = Default::default();
        for (slot, raw_hours) in week.iter_mut().zip(raw.into_days()) {
            if let Some(raw_hours) = raw_hours {
                *slot = self.hours(&raw_hours)?;
            }
        }
        Ok(week)
    }

    fn hours(&self, raw: &RawHours) -> Result<WorkingHours, CalendarError> {
        let list_line = self.line(raw);
        if raw.get_ref().len() > MAX_RANGES_PER_DAY {
            let source = WorkingHoursError::TooManyRanges { count: raw.get_ref().len() }.into();
            return Err(CalendarError::InvalidHours { line: list_line, source });
        }
        let ranges = raw
            .get_ref()
            .iter()
            .map(|text| {
                text.get_ref()
                    .parse::<TimeRange>()
                    .map_err(|error| CalendarError::InvalidHours { line: self.line(text), source: error.into() })
            })
            .collect::<Result<Vec<_>, _>>()?;
        WorkingHours::new(ranges).map_err(|error| CalendarError::InvalidHours { line: list_line, source: error.into() })
    }

    /// Applies the file's `[[day]]` entries on top of `days` (the base's, or empty).
    fn days(
        &self,
        raw_days: Vec<Spanned<RawDay>>,
        week: &[WorkingHours; 7],
        mut days: BTreeMap<Date, DayException>,
    ) -> Result<BTreeMap<Date, DayException>, CalendarError> {
        if let Some(extra) = raw_days.get(MAX_DAY_ENTRIES) {
            return Err(CalendarError::TooManyDays { line: self.line(extra), count: raw_days.len() });
        }
        let mut previous: Option<(Date, usize)> = None;
        for raw in &raw_days {
            let raw = raw.get_ref();
            let (date, line) = (self.date(&raw.date)?, self.line(&raw.date));
            match previous {
                Some((previous_date, first_line)) if previous_date == date => {
                    return Err(CalendarError::DuplicateDate { line, date, first_line });
                }
                Some((previous_date, _)) if previous_date > date => {
                    return Err(CalendarError::UnsortedDate { line, date, previous: previous_date });
                }
                _ => previous = Some((date, line)),
            }
            let exception = self.exception(raw, date, week)?;
            days.insert(date, exception);
            if days.len() > MAX_DAY_ENTRIES {
                return Err(CalendarError::TooManyDays { line, count: days.len() });
            }
        }
        Ok(days)
    }

    fn date(&self, raw: &Spanned<toml::Value>) -> Result<Date, CalendarError> {
        let text = match raw.get_ref() {
            toml::Value::String(text) => text.clone(),
            toml::Value::Datetime(datetime) => datetime.to_string(),
            other => other.to_string(),
        };
        let in_bounds = |date: &Date| (MIN_CALENDAR_YEAR..=MAX_CALENDAR_YEAR).contains(&date.year());
        // jiff also accepts forms such as "20250101"; the file format promises YYYY-MM-DD only.
        let well_formed = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
        text.parse::<Date>()
            .ok()
            .filter(|date| well_formed && in_bounds(date))
            .ok_or_else(|| CalendarError::InvalidDate { line: self.line(raw), text: text.chars().take(40).collect() })
    }

    fn exception(&self, raw: &RawDay, date: Date, week: &[WorkingHours; 7]) -> Result<DayException, CalendarError> {
        let name = match &raw.name {
            Some(name) => self.bounded_text(name, "name", MAX_NAME_CHARS, true)?,
            None => String::new(),
        };
        let kind_line = self.line(&raw.kind);
        let rule = match raw.kind.get_ref().trim() {
            "holiday" => self.holiday(raw, date)?,
            "working" => self.working(raw, date, week)?,
            "short" => self.short(raw, date)?,
            other => {
                let kind = other.chars().take(40).collect();
                return Err(CalendarError::UnknownKind { line: kind_line, date, kind });
            }
        };
        Ok(DayException { date, name, rule })
    }

    fn holiday(&self, raw: &RawDay, date: Date) -> Result<DayRule, CalendarError> {
        let hint = ": a holiday has no working hours";
        if let Some(hours) = &raw.hours {
            return Err(self.not_allowed(hours, date, "hours", "holiday", hint));
        }
        if let Some(like) = &raw.like {
            return Err(self.not_allowed(like, date, "like", "holiday", hint));
        }
        Ok(DayRule::Holiday)
    }

    fn short(&self, raw: &RawDay, date: Date) -> Result<DayRule, CalendarError> {
        if let Some(like) = &raw.like {
            return Err(self.not_allowed(like, date, "like", "short", ": give the shortened `hours`"));
        }
        let line = self.line(&raw.kind);
        let hours = raw.hours.as_ref().ok_or(CalendarError::HoursRequired { line, date, kind: "short" })?;
        Ok(DayRule::Short(self.non_empty_hours(hours, date, "short")?))
    }

    fn working(&self, raw: &RawDay, date: Date, week: &[WorkingHours; 7]) -> Result<DayRule, CalendarError> {
        match (&raw.hours, &raw.like) {
            (Some(_), Some(like)) => {
                Err(self.not_allowed(like, date, "like", "working", " together with `hours`: give one of them"))
            }
            (Some(hours), None) => Ok(DayRule::Working(self.non_empty_hours(hours, date, "working")?)),
            (None, like) => self.working_like(like.as_ref(), self.line(&raw.kind), date, week),
        }
    }

    /// A working day with the hours of the weekday named by `like` (default Monday).
    fn working_like(
        &self,
        like: Option<&Spanned<String>>,
        kind_line: usize,
        date: Date,
        week: &[WorkingHours; 7],
    ) -> Result<DayRule, CalendarError> {
        let (like_text, line) = like.map_or(("mon", kind_line), |like| (like.get_ref().trim(), self.line(like)));
        let index = WEEKDAY_KEYS
            .iter()
            .position(|(_, key)| *key == like_text)
            .ok_or_else(|| CalendarError::UnknownWeekday { line, date, like: like_text.chars().take(40).collect() })?;
        let hours = &week[index];
        if hours.is_empty() {
            return Err(CalendarError::LikeDayOff { line, date, like: like_text.to_owned() });
        }
        Ok(DayRule::Working(hours.clone()))
    }

    fn non_empty_hours(&self, raw: &RawHours, date: Date, kind: &'static str) -> Result<WorkingHours, CalendarError> {
        let hours = self.hours(raw)?;
        if hours.is_empty() {
            return Err(CalendarError::HoursRequired { line: self.line(raw), date, kind });
        }
        Ok(hours)
    }

    fn not_allowed<T>(
        &self,
        at: &Spanned<T>,
        date: Date,
        key: &'static str,
        kind: &'static str,
        hint: &'static str,
    ) -> CalendarError {
        CalendarError::KeyNotAllowed { line: self.line(at), date, key, kind, hint }
    }
}

// ---------------------------------------------------------------------------------------------------
// Writing a calendar back out

/// A calendar serializes to the same shape as the file it came from, fully resolved: an overlay is
/// written with its base's week and days merged in and without `extends`, so the output parses on
/// its own with [`Calendar::parse_toml`].
impl Serialize for Calendar {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let week: BTreeMap<&str, &[TimeRange]> = WEEKDAY_KEYS
            .iter()
            .filter(|(weekday, _)| !self.week_hours(*weekday).is_empty())
            .map(|(weekday, key)| (*key, self.week_hours(*weekday)))
            .collect();
        let day: Vec<OutDay<'_>> = self.days.values().map(OutDay::from).collect();
        OutCalendar {
            id: self.id.as_str(),
            name: &self.name,
            time_zone: &self.time_zone_name,
            covers: [self.covers.first, self.covers.last],
            source: &self.source,
            week,
            day,
        }
        .serialize(serializer)
    }
}

impl Calendar {
    /// The calendar as a TOML file that [`Calendar::parse_toml`] reads back to an equal calendar.
    pub fn to_toml(&self) -> String {
        // Serializing plain strings, integers, arrays and tables cannot fail; an empty string would
        // fail to parse loudly rather than silently lose data.
        toml::to_string(self).unwrap_or_default()
    }
}

#[derive(Serialize)]
struct OutCalendar<'c> {
    id: &'c str,
    name: &'c str,
    time_zone: &'c str,
    covers: [i16; 2],
    source: &'c str,
    week: BTreeMap<&'c str, &'c [TimeRange]>,
    day: Vec<OutDay<'c>>,
}

#[derive(Serialize)]
struct OutDay<'c> {
    date: String,
    kind: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'c str,
    #[serde(skip_serializing_if = "<[TimeRange]>::is_empty")]
    hours: &'c [TimeRange],
}

impl<'c> From<&'c DayException> for OutDay<'c> {
    fn from(exception: &'c DayException) -> Self {
        OutDay {
            date: exception.date.to_string(),
            kind: exception.rule.kind(),
            name: &exception.name,
            hours: exception.rule.hours(),
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Built-in calendars

/// The calendars compiled into Tutela: id and file text.
const BUILTIN_FILES: [(&str, &str); 7] = [
    ("ru", include_str!("../../../data/calendars/ru.toml")),
    ("cn", include_str!("../../../data/calendars/cn.toml")),
    ("bg", include_str!("../../../data/calendars/bg.toml")),
    ("in", include_str!("../../../data/calendars/in.toml")),
    ("us-ca", include_str!("../../../data/calendars/us-ca.toml")),
    ("eu", include_str!("../../../data/calendars/eu.toml")),
    ("24x7", include_str!("../../../data/calendars/24x7.toml")),
];

/// The same ids, for [`builtin_ids`]; a unit test keeps the two lists equal.
const BUILTIN_IDS: [&str; 7] = ["ru", "cn", "bg", "in", "us-ca", "eu", "24x7"];

/// Parsed once, on first use. A file that fails to parse is left out (and fails the unit test that
/// parses every built-in) rather than bringing the process down.
static BUILTINS: LazyLock<BTreeMap<&'static str, Calendar>> = LazyLock::new(|| {
    BUILTIN_FILES
        .iter()
        .filter_map(|(id, text)| Calendar::parse_toml(text).ok().map(|calendar| (*id, calendar)))
        .collect()
});

/// The built-in calendar with this id.
pub fn builtin(id: &str) -> Option<&'static Calendar> {
    BUILTINS.get(id)
}

/// The ids of all built-in calendars.
pub fn builtin_ids() -> &'static [&'static str] {
    &BUILTIN_IDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_parses_and_matches_its_file_name() {
        assert_eq!(builtin_ids(), BUILTIN_FILES.map(|(id, _)| id));
        for (id, text) in BUILTIN_FILES {
            let calendar = Calendar::parse_toml(text).unwrap_or_else(|error| panic!("{id}.toml: {error}"));
            assert_eq!(calendar.id().as_str(), id, "id inside {id}.toml");
            assert!(builtin(id).is_some(), "{id}");
            let written = calendar.to_toml();
            assert_eq!(Calendar::parse_toml(&written).as_ref(), Ok(&calendar), "{id} round trip");
        }
    }

    #[test]
    fn clock_minutes_parse_strictly() {
        assert_eq!(parse_clock_minutes("09:30"), Some(570));
        assert_eq!(parse_clock_minutes("24:00"), Some(1440));
        for bad in ["9:30", "24:01", "23:60", "0930", "09:3a", "+9:30", "09:300"] {
            assert_eq!(parse_clock_minutes(bad), None, "{bad}");
        }
    }

    #[test]
    fn line_of_counts_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
