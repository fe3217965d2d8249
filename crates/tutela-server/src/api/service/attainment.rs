//! Service-level attainment (`GET /api/v1/tickets/report`): for each region, policy and target,
//! how many promises were met, met late, or are running past due, the share kept, and the median
//! and 95th percentile of the time taken — from every ticket's clocks derived from its history as
//! the desk derives them. JSON, or CSV (`?format=csv`) for a spreadsheet.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use tutela_core::clock::{ClockState, Outcome};
use tutela_core::service::sla::{self, DerivedClock, SlaPolicy};
use tutela_core::staff::Permission;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Query};
use crate::problem::{ApiError, ApiResult, Problem};

/// Days the report looks back when no `days` is given.
pub const DEFAULT_REPORT_DAYS: i64 = 90;
/// Longest look-back, in days.
pub const MAX_REPORT_DAYS: i64 = 3660;

/// The route of the report.
pub fn routes() -> Vec<ApiRoute> {
    vec![staff(Permission::ReadService, routes!(report))]
}

/// One line: a region, a policy and a target.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct AttainmentLine {
    /// The region.
    pub region: String,
    /// The policy.
    pub policy: String,
    /// The target.
    pub target: String,
    /// Promises met in time.
    pub met: u32,
    /// Promises met late.
    pub met_late: u32,
    /// Promises not met and past due.
    pub breached: u32,
    /// Promises running, not yet due.
    pub running: u32,
    /// Share kept of those decided (met / (met + met late + breached)), in percent.
    pub attainment_percent: Option<f64>,
    /// Median hours from creation to meeting it.
    pub median_hours: Option<f64>,
    /// 95th percentile of the same.
    pub p95_hours: Option<f64>,
}

/// Adds up `clocks` of tickets into lines: `(region, policy, clock)` each.
pub fn attainment<'a>(
    clocks: impl IntoIterator<Item = (&'a str, &'a str, &'a DerivedClock)>,
    now: Timestamp,
) -> Vec<AttainmentLine> {
    let mut lines: BTreeMap<(String, String, &'static str), (AttainmentLine, Vec<SignedDuration>)> = BTreeMap::new();
    for (region, policy, clock) in clocks {
        let key = (region.to_owned(), policy.to_owned(), clock.target.as_str());
        let (line, durations) = lines.entry(key).or_insert_with(|| {
            let line = AttainmentLine {
                region: region.to_owned(),
                policy: policy.to_owned(),
                target: clock.target.as_str().to_owned(),
                ..AttainmentLine::default()
            };
            (line, Vec::new())
        });
        match clock.met() {
            Some((at, outcome)) => {
                durations.push(at.duration_since(clock.clock.start_at()));
                if outcome == Outcome::Met { line.met += 1 } else { line.met_late += 1 }
            }
            None if clock.state_at(now) == ClockState::Breached => line.breached += 1,
            None => line.running += 1,
        }
    }
    lines
        .into_values()
        .map(|(mut line, mut durations)| {
            let decided = line.met + line.met_late + line.breached;
            line.attainment_percent = (decided > 0).then(|| f64::from(line.met) * 100.0 / f64::from(decided));
            durations.sort();
            let hours = |d: &SignedDuration| d.as_secs_f64() / 3600.0;
            line.median_hours = percentile(&durations, 50).map(hours);
            line.p95_hours = percentile(&durations, 95).map(hours);
            line
        })
        .collect()
}

/// The nearest-rank percentile of sorted `values`.
fn percentile(values: &[SignedDuration], percent: usize) -> Option<&SignedDuration> {
    if values.is_empty() {
        return None;
    }
    let rank = (percent * values.len()).div_ceil(100).max(1);
    values.get(rank - 1)
}

/// What to report.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// Tickets created in the last this many days (default 90).
    pub days: Option<i64>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
}

/// Attainment per region, policy and target, over the tickets of the last `days` (at most 10,000
/// tickets, newest first).
#[utoipa::path(get, path = "/api/v1/tickets/report", tag = "service", params(ReportQuery),
    responses((status = 200, body = Vec<AttainmentLine>), (status = 400, body = Problem)))]
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ReportQuery>,
) -> ApiResult<Response> {
    let days = query.days.unwrap_or(DEFAULT_REPORT_DAYS);
    if !(1..=MAX_REPORT_DAYS).contains(&days) {
        return Err(ApiError::invalid(format!("days: 1 to {MAX_REPORT_DAYS}")));
    }
    let csv = match query.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => return Err(ApiError::invalid(format!("format: {other:?} is not json or csv"))),
    };
    let lines = lines_for(&state, &caller, days).await?;
    if !csv {
        return Ok(Json(lines).into_response());
    }
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], to_csv(&lines)?).into_response())
}

/// The attainment lines of the caller's tickets of the last `days`.
pub async fn lines_for(state: &AppState, caller: &Caller, days: i64) -> ApiResult<Vec<AttainmentLine>> {
    let operator_id = &caller.operator().id;
    let now = tutela_db::now_us();
    let since = now - SignedDuration::from_hours(24 * days);
    let tickets = state.db.ticket_histories(operator_id, since, tutela_db::service::MAX_REPORT_TICKETS).await?;
    let (policies, _) = state.db.sla_policies(operator_id).await?;
    let derived = derive_all(&policies, &tickets);
    Ok(attainment(derived.iter().map(|(region, policy, clock)| (region.as_str(), policy.as_str(), clock)), now))
}

type Histories = [(tutela_db::service::TicketRecord, Vec<sla::TicketEvent>)];

/// Each ticket's clocks under its current policy; a ticket whose policy is gone is left out.
fn derive_all(policies: &[SlaPolicy], tickets: &Histories) -> Vec<(String, String, DerivedClock)> {
    let calendars = super::tickets::calendars;
    let mut out = Vec::new();
    for (ticket, history) in tickets {
        let Some(policy) = policies.iter().find(|p| p.key == ticket.summary.policy_key) else { continue };
        let Ok(clocks) = sla::derive(policy, history, calendars) else { continue };
        out.extend(clocks.into_iter().map(|c| (ticket.facts.region.clone(), policy.key.clone(), c)));
    }
    out
}

fn to_csv(lines: &[AttainmentLine]) -> ApiResult<Vec<u8>> {
    let number = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "region",
        "policy",
        "target",
        "met",
        "met_late",
        "breached",
        "running",
        "attainment_percent",
        "median_hours",
        "p95_hours",
    ];
    out.write_record(header).map_err(ApiError::internal)?;
    for l in lines {
        out.write_record([
            l.region.clone(),
            l.policy.clone(),
            l.target.clone(),
            l.met.to_string(),
            l.met_late.to_string(),
            l.breached.to_string(),
            l.running.to_string(),
            number(l.attainment_percent),
            number(l.median_hours),
            number(l.p95_hours),
        ])
        .map_err(ApiError::internal)?;
    }
    out.into_inner().map_err(ApiError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tutela_core::calendar::{CalendarId, builtin};
    use tutela_core::service::sla::{EventKind, Target, TargetSpec, TicketEvent};

    #[test]
    fn met_late_breached_and_running_promises_add_up_with_percentiles() {
        let policy = SlaPolicy {
            key: "prd".into(),
            name: "8 h".into(),
            conditions: Default::default(),
            fallback: true,
            targets: vec![TargetSpec {
                target: Target::OnSite,
                within: "8 hours".parse().unwrap(),
                calendar: CalendarId::new("24x7").unwrap(),
            }],
            escalations: vec![],
        };
        let t0: Timestamp = "2026-11-02T00:00:00Z".parse().unwrap();
        let h = |hours: i64| t0 + SignedDuration::from_hours(hours);
        let histories = [
            vec![
                TicketEvent { at: h(0), kind: EventKind::Created },
                TicketEvent { at: h(4), kind: EventKind::Arrived },
            ],
            vec![
                TicketEvent { at: h(0), kind: EventKind::Created },
                TicketEvent { at: h(10), kind: EventKind::Arrived },
            ],
            vec![TicketEvent { at: h(0), kind: EventKind::Created }],
            vec![TicketEvent { at: h(20), kind: EventKind::Created }],
        ];
        let calendars = |id: &CalendarId| builtin(id.as_str());
        let clocks: Vec<DerivedClock> =
            histories.iter().flat_map(|history| sla::derive(&policy, history, calendars).unwrap()).collect();
        let lines = attainment(clocks.iter().map(|c| ("prd", "prd", c)), h(24));
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert_eq!((line.met, line.met_late, line.breached, line.running), (1, 1, 1, 1));
        assert_eq!(line.attainment_percent.map(f64::round), Some(33.0));
        assert_eq!((line.median_hours, line.p95_hours), (Some(4.0), Some(10.0)));
        let csv = String::from_utf8(to_csv(&lines).unwrap()).unwrap();
        assert!(csv.starts_with("region,policy,target,met,met_late,breached,running,attainment_percent"), "{csv}");
        assert!(csv.contains("prd,prd,on_site,1,1,1,1,33.33,4.00,10.00"), "{csv}");
    }
}
