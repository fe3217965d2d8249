//! Calendars in the console: the built-in working-day calendars and the operator's own, each with
//! its zone and the years it has official data for, and a deadline calculator that counts a period
//! from an instant on one of them, through the API's own `list_calendars` and `compute`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use tutela_core::staff::Permission;
use tutela_server::api::calendars::{CalendarSummary, DeadlineRequest, DeadlineView, compute, list_calendars};
use tutela_server::app::AppState;
use tutela_server::extract::Json;

use crate::console::{allowed, message_page};
use crate::frame::Frame;
use crate::session::{has_frame, render};

#[derive(Template)]
#[template(path = "calendars.html")]
struct CalendarsPage {
    frame: Frame,
    calendars: Vec<CalendarSummary>,
    asked: Ask,
    deadline: Option<DeadlineView>,
    error: Option<String>,
}

has_frame!(CalendarsPage);

/// The calculator's form (a GET: it changes nothing).
#[derive(Debug, Default, Deserialize)]
pub struct Ask {
    calendar: Option<String>,
    /// `datetime-local`, in the calendar's zone when it has no offset.
    start: Option<String>,
    duration: Option<String>,
}

/// `GET /console/calendars`, with the calculator's answer when asked.
pub async fn show(State(state): State<AppState>, frame: Frame, Query(asked): Query<Ask>) -> Response {
    let caller = match allowed(&frame, Permission::ReadClocks) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let calendars = match list_calendars(State(state.clone()), caller.clone()).await {
        Ok(calendars) => calendars.0,
        Err(problem) => return message_page(&frame, problem.status(), problem.problem().detail),
    };
    let (mut deadline, mut error, mut status) = (None, None, StatusCode::OK);
    if let (Some(calendar), Some(start), Some(duration)) = (&asked.calendar, &asked.start, &asked.duration) {
        let start = with_zone(start, calendar, &calendars);
        let request =
            DeadlineRequest { calendar: calendar.clone(), start, duration: duration.trim().to_owned(), roll: true };
        match compute(State(state.clone()), caller, Json(request)).await {
            Ok(view) => deadline = Some(view.0),
            Err(problem) => {
                status = problem.status();
                error = Some(problem.problem().detail);
            }
        }
    }
    render(&CalendarsPage { frame, calendars, asked, deadline, error }, status)
}

/// A `datetime-local` value (`2026-12-04T10:00`) read in the calendar's zone: the offset of that
/// zone at that local time is added, so the law's local day counts. A value with an offset is kept.
fn with_zone(start: &str, calendar: &str, calendars: &[CalendarSummary]) -> String {
    let start = start.trim();
    // `datetime-local` sends minutes (16 characters) or seconds (19); anything else carries its
    // own offset, or is left for the API to refuse with its message.
    if start.len() != 16 && start.len() != 19 {
        return start.to_owned();
    }
    let zone = calendars.iter().find(|c| c.id == calendar).map(|c| c.time_zone.as_str());
    let local = format!("{start}{}", if start.len() == 16 { ":00" } else { "" });
    match (local.parse::<jiff::civil::DateTime>(), zone) {
        (Ok(civil), Some(zone)) => match civil.in_tz(zone) {
            Ok(zoned) => zoned.timestamp().to_string(),
            Err(_) => start.to_owned(),
        },
        _ => start.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_start_is_read_in_the_calendar_s_zone() {
        let calendars = vec![CalendarSummary {
            id: "ru".into(),
            name: "Russia".into(),
            time_zone: "Europe/Moscow".into(),
            origin: "builtin".into(),
            covers: [2024, 2026],
        }];
        assert_eq!(with_zone("2026-12-04T10:00", "ru", &calendars), "2026-12-04T07:00:00Z");
        assert_eq!(with_zone("2026-12-04T10:00:00+01:00", "ru", &calendars), "2026-12-04T10:00:00+01:00");
        assert_eq!(with_zone("tomorrow", "ru", &calendars), "tomorrow");
    }
}
