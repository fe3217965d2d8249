//! `tutela deadline`: when does a period end on a built-in calendar? No database involved.
//!
//! A quick way for a privacy officer (or a script) to check a statutory deadline by hand, using the
//! same [`compute_deadline`] as the clocks. Instants are printed in the calendar's zone with its
//! offset, because that is where the law counts the days.

use std::process::ExitCode;

use anyhow::{Context, bail};
use jiff::Timestamp;
use jiff::civil::DateTime;
use tutela_core::calendar::{self, Calendar};
use tutela_core::deadline::{Deadline, DurationSpec, Roll, compute_deadline};
use tutela_server::api::calendars::DeadlineView;

use crate::cli::{DeadlineArgs, Format};

/// What `--format json` prints: the same shape as the API's `POST /api/v1/deadlines`.
pub type DeadlineReport = DeadlineView;

/// Runs `tutela deadline`.
pub fn run(args: &DeadlineArgs) -> anyhow::Result<ExitCode> {
    let from_file;
    let calendar = match (&args.calendar, &args.calendar_file) {
        (_, Some(path)) => {
            from_file = calendar_file(path)?;
            &from_file
        }
        (Some(id), None) => builtin_calendar(id)?,
        (None, None) => bail!("give --calendar ID or --calendar-file FILE"),
    };
    let start = parse_start(&args.start)?;
    let duration = parse_duration(&args.duration)?;
    let roll = if args.no_roll { Roll::Off } else { Roll::NextWorkingDay };
    let deadline = compute_deadline(start, &duration, calendar, roll).with_context(|| {
        format!("cannot compute {duration} from {} on calendar {}", args.start.trim(), calendar.id())
    })?;
    let report = DeadlineView::new(calendar, start, duration, &deadline);
    match args.format {
        Format::Json => println!("{}", serde_json::to_string(&report)?),
        Format::Text => println!("{}", text_line(calendar, &report, &deadline)),
    }
    Ok(ExitCode::SUCCESS)
}

/// The built-in calendar `id`, or an error listing the known ids.
pub fn builtin_calendar(id: &str) -> anyhow::Result<&'static Calendar> {
    calendar::builtin(id.trim()).with_context(|| {
        format!("unknown calendar {id:?}: the built-in calendars are {}", calendar::builtin_ids().join(", "))
    })
}

/// Largest calendar file read, in bytes (the calendar format's own limit).
const MAX_CALENDAR_FILE_BYTES: u64 = 512 * 1024;

/// Reads and parses a calendar file, resolving `extends` against the built-ins; errors name the file
/// and the line.
pub fn calendar_file(path: &std::path::Path) -> anyhow::Result<Calendar> {
    let shown = path.display();
    let size = std::fs::metadata(path).with_context(|| format!("cannot read calendar file {shown}"))?.len();
    if size > MAX_CALENDAR_FILE_BYTES {
        bail!("calendar file {shown} is {size} bytes; the limit is {MAX_CALENDAR_FILE_BYTES}");
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read calendar file {shown}"))?;
    Calendar::parse_toml_with(&text, |base| calendar::builtin(base).cloned())
        .with_context(|| format!("calendar file {shown}"))
}

/// Parses an RFC 3339 instant with an offset (`+03:00` or `Z`); a local time without one is refused
/// with a message saying so, since it names no instant.
pub fn parse_start(text: &str) -> anyhow::Result<Timestamp> {
    parse_instant("--start", text)
}

/// Parses the RFC 3339 instant given as `flag`; errors name the flag and the text.
pub fn parse_instant(flag: &str, text: &str) -> anyhow::Result<Timestamp> {
    let trimmed = text.trim();
    match trimmed.parse::<Timestamp>() {
        Ok(start) => Ok(start),
        Err(_) if trimmed.parse::<DateTime>().is_ok() => bail!(
            "{flag} {text:?} has no UTC offset, so it names no instant: add one, e.g. 2025-10-28T11:00:00+03:00 or 2025-10-28T08:00:00Z"
        ),
        Err(error) => bail!("{flag} {text:?} is not an RFC 3339 instant such as 2025-10-28T11:00:00+03:00: {error}"),
    }
}

/// Parses a period such as `10 working days`; the error names the text and what is wrong with it.
pub fn parse_duration(text: &str) -> anyhow::Result<DurationSpec> {
    text.parse::<DurationSpec>().with_context(|| format!("invalid --duration {text:?}"))
}

/// One readable line, with notes for a rolled deadline and an exceeded calendar coverage.
fn text_line(calendar: &Calendar, report: &DeadlineReport, deadline: &Deadline) -> String {
    let mut line = format!(
        "due {} ({}, {}): {} from {} on calendar {}",
        report.due,
        deadline.due_date.strftime("%A %-d %B %Y"),
        calendar.time_zone_name(),
        report.duration,
        report.start,
        report.calendar,
    );
    if report.rolled_to_working_day {
        line.push_str("; the period ended on a day off and was moved to the next working day");
    }
    if report.calendar_coverage_exceeded {
        let covers = calendar.covers();
        line.push_str(&format!(
            "; warning: the calendar covers {}-{} only, and outside those years it knows its weekly pattern but no holidays",
            covers.first(),
            covers.last()
        ));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_need_an_offset() {
        assert!(parse_start("2025-10-28T11:00:00+03:00").is_ok());
        assert!(parse_start("2025-10-28T08:00:00Z").is_ok());
        let missing = parse_start("2025-10-28T11:00:00").unwrap_err().to_string();
        assert!(missing.contains("no UTC offset"), "{missing}");
        let malformed = parse_start("2025-13-45T11:00:00Z").unwrap_err().to_string();
        assert!(malformed.contains("2025-13-45"), "{malformed}");
    }

    #[test]
    fn unknown_calendars_list_the_known_ones() {
        let message = builtin_calendar("mars").unwrap_err().to_string();
        assert!(message.contains("\"mars\"") && message.contains("ru, cn"), "{message}");
    }
}
