//! `tutela request deadline`: by when must a subject's request be answered under a law? No database
//! involved.
//!
//! A privacy officer (or a script) names the jurisdiction, the request type and the instant the
//! request was received; the command prints the deadline that closes the request, the rule of
//! `tutela_core::request`'s table it comes from and the article that sets it, and any earlier
//! milestone (the CCPA's acknowledgement). Instants are printed in the calendar's zone, where the law
//! counts the days. The calendar defaults to the jurisdiction's (`ru`, `cn`, `in`, `us-ca`); the GDPR
//! and the LGPD need one named.

use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;
use tutela_core::calendar::Calendar;
use tutela_core::deadline::{DurationSpec, DurationUnit};
use tutela_core::request::{self, Jurisdiction, Milestone, RequestDeadline, RequestRule, RequestType};
use tutela_server::api::calendars::local_rfc3339;

use crate::cli::{Format, RequestDeadlineArgs};
use crate::deadline::{builtin_calendar, calendar_file, parse_instant};

/// What `--format json` prints.
#[derive(Debug, Serialize)]
pub struct RequestDeadlineReport {
    /// The law.
    pub jurisdiction: Jurisdiction,
    /// The right exercised.
    #[serde(rename = "type")]
    pub request_type: RequestType,
    /// When the request was received, RFC 3339 in the calendar's zone.
    pub received: String,
    /// The calendar counted on.
    pub calendar: String,
    /// The last instant that is on time, RFC 3339 in the calendar's zone.
    pub due: String,
    /// The local date of `due`.
    pub due_date: String,
    /// What falls due then (answer, destroy ...).
    pub milestone: Milestone,
    /// The period counted from receipt (with the extension when `extended`).
    pub duration: String,
    /// Whether the extension was taken.
    pub extended: bool,
    /// Whether the period ended on a day off and was moved to the next working day.
    pub rolled_to_working_day: bool,
    /// Whether the counting used a year the calendar has no official data for.
    pub calendar_coverage_exceeded: bool,
    /// The article that sets the period.
    pub article: &'static str,
    /// Whether the period is Tutela's configurable default rather than the law's number.
    pub configurable_default: bool,
    /// The rule table's row.
    pub rule: &'static RequestRule,
    /// Every milestone of the request, in the order they fall due (the last is the one above).
    pub milestones: Vec<MilestoneView>,
}

/// One milestone of a request.
#[derive(Debug, Serialize)]
pub struct MilestoneView {
    /// What falls due.
    pub milestone: Milestone,
    /// The last instant that is on time, RFC 3339 in the calendar's zone.
    pub due: String,
    /// The local date of `due`.
    pub due_date: String,
    /// The period counted from receipt.
    pub duration: String,
    /// Whether the extension was taken.
    pub extended: bool,
    /// Whether the period ended on a day off and was moved to the next working day.
    pub rolled_to_working_day: bool,
    /// The article that sets the period.
    pub article: &'static str,
}

impl MilestoneView {
    fn new(calendar: &Calendar, due: &RequestDeadline) -> Self {
        MilestoneView {
            milestone: due.rule.milestone,
            due: local_rfc3339(due.deadline.due, calendar),
            due_date: due.deadline.due_date.to_string(),
            duration: due.duration.to_string(),
            extended: due.extended,
            rolled_to_working_day: due.deadline.rolled_to_working_day,
            article: due.rule.article,
        }
    }
}

/// Runs `tutela request deadline`.
pub fn deadline(args: &RequestDeadlineArgs) -> anyhow::Result<ExitCode> {
    let jurisdiction: Jurisdiction = args.jurisdiction.trim().parse().context("invalid --jurisdiction")?;
    let request_type: RequestType = args.request_type.trim().parse().context("invalid --type")?;
    let received = parse_instant("--received", &args.received)?;
    let from_file;
    let calendar = match (&args.calendar, &args.calendar_file) {
        (_, Some(path)) => {
            from_file = calendar_file(path)?;
            &from_file
        }
        (Some(id), None) => builtin_calendar(id)?,
        (None, None) => jurisdiction.default_calendar().context("give --calendar ID or --calendar-file FILE")?,
    };
    let all = request::milestones(jurisdiction, request_type, received, calendar, args.extended)?;
    let closing = all.last().context("the rule table gives every request at least one milestone")?;
    match args.format {
        Format::Json => {
            let report = RequestDeadlineReport {
                jurisdiction,
                request_type,
                received: local_rfc3339(received, calendar),
                calendar: calendar.id().to_string(),
                due: local_rfc3339(closing.deadline.due, calendar),
                due_date: closing.deadline.due_date.to_string(),
                milestone: closing.rule.milestone,
                duration: closing.duration.to_string(),
                extended: closing.extended,
                rolled_to_working_day: closing.deadline.rolled_to_working_day,
                calendar_coverage_exceeded: all.iter().any(|due| due.deadline.calendar_coverage_exceeded),
                article: closing.rule.article,
                configurable_default: closing.rule.configurable_default,
                rule: closing.rule,
                milestones: all.iter().map(|due| MilestoneView::new(calendar, due)).collect(),
            };
            println!("{}", serde_json::to_string(&report)?);
        }
        Format::Text => print!("{}", text(calendar, &all)),
    }
    Ok(ExitCode::SUCCESS)
}

/// "within 10 working days", or "at once" for a period of no time.
fn within(duration: DurationSpec) -> String {
    if duration.count() == 0 && duration.unit() == DurationUnit::Hours {
        "at once".to_owned()
    } else {
        format!("within {duration}")
    }
}

/// The closing deadline on the first line, then the rule, its extension, earlier milestones and notes.
fn text(calendar: &Calendar, all: &[RequestDeadline]) -> String {
    let Some((closing, earlier)) = all.split_last() else { return String::new() };
    let rule = closing.rule;
    let what = |due: &RequestDeadline| {
        format!(
            "{} the {} request {}{}",
            due.rule.milestone.imperative().to_lowercase(),
            due.rule.request_type.words(),
            within(due.duration),
            if due.extended { " (extended)" } else { "" }
        )
    };
    let mut out = format!(
        "due {} ({}, {}): {} ({}); received {}, calendar {}\n",
        local_rfc3339(closing.deadline.due, calendar),
        closing.deadline.due_date.strftime("%A %-d %B %Y"),
        calendar.time_zone_name(),
        what(closing),
        rule.article,
        local_rfc3339(closing.received, calendar),
        calendar.id(),
    );
    out.push_str(&format!("rule: {}\n", rule.text));
    if let Some(extension) = rule.extension().filter(|_| !closing.extended) {
        out.push_str(&format!(
            "extension: +{} if {} ({}); --extended counts it\n",
            extension.duration, extension.condition, extension.article
        ));
    }
    for due in earlier {
        out.push_str(&format!(
            "earlier: {} by {} ({})\n",
            what(due),
            local_rfc3339(due.deadline.due, calendar),
            due.rule.article
        ));
    }
    if rule.configurable_default {
        out.push_str("note: the period is Tutela's configurable default, not a number the law sets\n");
    }
    if closing.deadline.rolled_to_working_day {
        out.push_str("note: the period ended on a day off and was moved to the next working day\n");
    }
    if all.iter().any(|due| due.deadline.calendar_coverage_exceeded) {
        let covers = calendar.covers();
        out.push_str(&format!(
            "warning: the calendar covers {}-{} only, and outside those years it knows its weekly pattern but no holidays\n",
            covers.first(),
            covers.last()
        ));
    }
    out
}
