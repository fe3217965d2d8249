//! After-sales service (seed 003): warranty rules per product line and the warranty check
//! (`/api/v1/warranty-rules`), devices with their meter readings and warranty repairs
//! (`/api/v1/devices`), service tickets with their service-level policies ([`tickets`]), and
//! their service reports, confirmation, closing and call-back ([`reports`]).
//!
//! Rules and their decisions are `tutela_core::service`'s; this module parses, stores and shapes.

pub mod attainment;
pub mod reports;
pub mod returns;
pub mod tickets;

use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tutela_core::clock::ClockSpec;
use tutela_core::service::schedule::{Scheduled, device_clocks, warranty_reminder};
use tutela_core::service::warranty::{
    self, DeviceFacts, Fault, PriorRepair, UsageUnit, WarrantyDecision, WarrantyRule, covered_until,
};
use tutela_core::staff::Permission;
use tutela_db::service::{DeviceRecord, MAX_SERVICE_TEXT_BYTES, MeterReading, NewDevice};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult, Problem};

/// Longest serial number, model, region or product line, in bytes.
pub const MAX_NAME_BYTES: usize = 200;

/// The routes of devices and warranties, and of tickets.
pub fn routes() -> Vec<ApiRoute> {
    let mut all = vec![
        staff(Permission::ReadService, routes!(list_rules)),
        staff(Permission::ManageService, routes!(put_rule)),
        staff(Permission::WorkService, routes!(check_warranty)),
        staff(Permission::WorkService, routes!(register_device)),
        staff(Permission::ReadService, routes!(list_devices)),
        staff(Permission::ReadService, routes!(get_device)),
        staff(Permission::WorkService, routes!(add_reading)),
        staff(Permission::WorkService, routes!(add_repair)),
    ];
    all.extend(tickets::routes());
    all.extend(reports::routes());
    all.extend(attainment::routes());
    all.extend(returns::routes());
    all
}

/// Parses a JSON body into one of the domain's types, naming what was wrong.
pub fn parse_body<T: serde::de::DeserializeOwned>(what: &str, body: serde_json::Value) -> ApiResult<T> {
    serde_json::from_value(body).map_err(|e| ApiError::invalid(format!("{what}: {e}")))
}

fn name(field: &str, text: &str) -> ApiResult<String> {
    let text = text.trim();
    if text.is_empty() || text.len() > MAX_NAME_BYTES {
        return Err(ApiError::invalid(format!("{field}: give 1 to {MAX_NAME_BYTES} bytes")));
    }
    Ok(text.to_owned())
}

/// The operator's warranty rules (the JSON form of `tutela_core::service::warranty::WarrantyRule`).
#[utoipa::path(get, path = "/api/v1/warranty-rules", tag = "service",
    responses((status = 200, body = Vec<Object>)))]
pub async fn list_rules(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<WarrantyRule>>> {
    Ok(Json(state.db.list_warranty_rules(&caller.operator().id).await?))
}

/// Adds or replaces the warranty rule of a product line: `start` (delivery, installation,
/// acceptance), `term` (`months`, `days`, `usage: {unit, limit}`: whichever comes first), `parts`,
/// `exclusions`, `extensions`, `repaired_part_months`, `replace_after_failures`, and `source`,
/// the clause cited in every decision.
#[utoipa::path(put, path = "/api/v1/warranty-rules/{product_line}", tag = "service", request_body = Object,
    params(("product_line" = String, Path, description = "The product line")),
    responses((status = 200, body = Object), (status = 400, body = Problem)))]
pub async fn put_rule(
    State(state): State<AppState>,
    caller: Caller,
    Path(product_line): Path<String>,
    Json(body): Json<serde_json::Value>,
) -> ApiResult<Json<WarrantyRule>> {
    let rule: WarrantyRule = parse_body("warranty rule", body)?;
    if rule.product_line != product_line {
        return Err(ApiError::invalid(format!(
            "product_line {:?} in the body is not {product_line:?} in the path",
            rule.product_line
        )));
    }
    rule.check().map_err(ApiError::invalid)?;
    state.db.put_warranty_rule(&caller.operator().id, &rule, &caller.actor()?).await?;
    Ok(Json(rule))
}

/// A fault to judge on a registered device.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarrantyCheck {
    /// The device's id or serial number.
    pub device: String,
    /// The fault: `on` (date), `code`, optional `part`, `usage` (meter reading), `cause`
    /// (misuse, force_majeure, unauthorised_repair, liquids, wear).
    #[schema(value_type = Object)]
    pub fault: serde_json::Value,
}

/// A warranty decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct WarrantyView {
    /// `free`, `replacement` or `paid`.
    pub coverage: String,
    /// Why, citing the rule.
    pub reason: String,
    /// The first day no longer covered, when a date ends the warranty.
    pub covered_until: Option<String>,
    /// The product line whose rule decided.
    pub product_line: String,
}

/// Decides whether a fault on a device is repaired free, replaced, or paid for, citing the rule.
pub async fn check_as(state: &AppState, caller: &Caller, check: WarrantyCheck) -> ApiResult<WarrantyView> {
    let operator_id = &caller.operator().id;
    let fault: Fault = parse_body("fault", check.fault)?;
    let (device, _) = state.db.device(operator_id, &check.device).await?;
    let rules = state.db.list_warranty_rules(operator_id).await?;
    let rule = rules.iter().find(|r| r.product_line == device.product_line).ok_or_else(|| {
        ApiError::unprocessable(format!(
            "product line {:?} has no warranty rule: PUT /api/v1/warranty-rules/{}",
            device.product_line, device.product_line
        ))
    })?;
    let decision: WarrantyDecision = warranty::decide(rule, &device.facts, &fault).map_err(ApiError::unprocessable)?;
    let coverage = serde_json::to_value(decision.coverage).ok().and_then(|v| v.as_str().map(str::to_owned));
    Ok(WarrantyView {
        coverage: coverage.unwrap_or_default(),
        reason: decision.reason,
        covered_until: decision.covered_until.map(|d| d.to_string()),
        product_line: rule.product_line.clone(),
    })
}

/// Decides a fault on a registered device under its product line's rule: free, replacement or
/// paid, and why.
#[utoipa::path(post, path = "/api/v1/warranty-rules/check", tag = "service", request_body = WarrantyCheck,
    responses((status = 200, body = WarrantyView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem, description = "No rule for the line, or a date the rule needs is missing")))]
pub async fn check_warranty(
    State(state): State<AppState>,
    caller: Caller,
    Json(check): Json<WarrantyCheck>,
) -> ApiResult<Json<WarrantyView>> {
    Ok(Json(check_as(&state, &caller, check).await?))
}

/// A device to register.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeviceBody {
    /// Serial number (unique per operator).
    pub serial: String,
    /// Product line.
    pub product_line: String,
    /// Model.
    pub model: String,
    /// The site's region (`prd`, `guangdong`, `other`).
    pub region: String,
    /// The site's address.
    pub site_address: String,
    /// The owner, who sees it in the portal.
    pub subject: Option<String>,
    /// Delivered on (YYYY-MM-DD).
    pub delivered_on: Option<String>,
    /// Installed on.
    pub installed_on: Option<String>,
    /// Accepted on.
    pub accepted_on: Option<String>,
    /// Extended-warranty codes.
    #[serde(default)]
    pub extensions: Vec<String>,
}

/// A device.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeviceView {
    /// Its id.
    pub id: String,
    /// Serial number.
    pub serial: String,
    /// Product line.
    pub product_line: String,
    /// Model.
    pub model: String,
    /// Region.
    pub region: String,
    /// Site address.
    pub site_address: String,
    /// Owner.
    pub subject: Option<String>,
    /// Dates, extension codes and warranty repairs.
    #[schema(value_type = Object)]
    pub facts: DeviceFacts,
    /// The device it replaced in an exchange.
    pub replaces: Option<String>,
    /// Meter readings, oldest first (only for one device).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub readings: Option<Vec<ReadingBody>>,
}

/// A device's view.
pub fn device_view(device: &DeviceRecord, readings: Option<&[MeterReading]>) -> DeviceView {
    DeviceView {
        id: device.id.clone(),
        serial: device.serial.clone(),
        product_line: device.product_line.clone(),
        model: device.model.clone(),
        region: device.region.clone(),
        site_address: device.site_address.clone(),
        subject: device.subject_ref.clone(),
        facts: device.facts.clone(),
        replaces: device.replaces.clone(),
        readings: readings.map(|all| {
            all.iter()
                .map(|r| ReadingBody {
                    unit: r.unit.as_str().to_owned(),
                    reading: r.reading,
                    at: Some(r.at.to_string()),
                })
                .collect()
        }),
    }
}

fn date(field: &str, text: Option<&str>) -> ApiResult<Option<Date>> {
    text.map(|t| t.parse().map_err(|e| ApiError::invalid(format!("{field}: {t:?} is not a date (YYYY-MM-DD): {e}"))))
        .transpose()
}

/// Registers a device at a customer's site, and starts the clocks of its follow-up call (a week
/// after delivery), first inspection (six months after installation) and the reminder 30 days
/// before its warranty ends.
#[utoipa::path(post, path = "/api/v1/devices", tag = "service", request_body = DeviceBody,
    responses((status = 201, body = DeviceView), (status = 400, body = Problem),
        (status = 409, body = Problem, description = "The serial number is registered already")))]
pub async fn register_device(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<DeviceBody>,
) -> ApiResult<(StatusCode, Json<DeviceView>)> {
    Ok((StatusCode::CREATED, Json(register_as(&state, &caller, body).await?)))
}

/// The clocks a new device starts: its follow-up call and first inspection, and the reminder
/// before its warranty ends under its line's rule (if the line has one), on the Chinese calendar.
pub fn schedule_of(new: &NewDevice, rules: &[WarrantyRule]) -> ApiResult<Vec<ClockSpec>> {
    let calendar = tutela_core::calendar::builtin("cn").ok_or_else(|| ApiError::internal("calendar cn is missing"))?;
    let facts = &new.facts;
    let scheduled =
        Scheduled { serial: &new.serial, delivered_on: facts.delivered_on, installed_on: facts.installed_on };
    let mut clocks = device_clocks(scheduled, calendar).map_err(ApiError::unprocessable)?;
    let rule = rules.iter().find(|r| r.product_line == new.product_line);
    if let Some(until) = rule.and_then(|r| covered_until(r, facts)) {
        let today = tutela_db::now_us().to_zoned(calendar.time_zone().clone()).date();
        clocks.extend(warranty_reminder(&new.serial, until, today, calendar).map_err(ApiError::unprocessable)?);
    }
    Ok(clocks)
}

/// Registers a device as `caller`, with the clocks of its schedule.
pub async fn register_as(state: &AppState, caller: &Caller, body: DeviceBody) -> ApiResult<DeviceView> {
    let subject = body.subject.as_deref().map(crate::api::consent::capture::parse_subject).transpose()?;
    let mut new = NewDevice {
        serial: name("serial", &body.serial)?,
        product_line: name("product_line", &body.product_line)?,
        model: name("model", &body.model)?,
        region: name("region", &body.region)?.to_lowercase(),
        site_address: name("site_address", &body.site_address)?,
        subject_ref: subject.map(|s| s.to_string()),
        facts: DeviceFacts {
            delivered_on: date("delivered_on", body.delivered_on.as_deref())?,
            installed_on: date("installed_on", body.installed_on.as_deref())?,
            accepted_on: date("accepted_on", body.accepted_on.as_deref())?,
            extensions: body.extensions.iter().map(|e| name("extensions", e)).collect::<ApiResult<_>>()?,
            repairs: vec![],
        },
        clocks: vec![],
        replaces: None,
    };
    let rules = state.db.list_warranty_rules(&caller.operator().id).await?;
    new.clocks = schedule_of(&new, &rules)?;
    let device = state.db.create_device(&caller.operator().id, &new, &caller.actor()?).await?;
    state.wake_scheduler();
    Ok(device_view(&device, None))
}

/// Which devices.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DeviceQuery {
    /// Only this subject's.
    pub subject: Option<String>,
}

/// The operator's devices, by serial number.
#[utoipa::path(get, path = "/api/v1/devices", tag = "service", params(DeviceQuery),
    responses((status = 200, body = Vec<DeviceView>)))]
pub async fn list_devices(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<DeviceQuery>,
) -> ApiResult<Json<Vec<DeviceView>>> {
    let devices =
        state.db.list_devices(&caller.operator().id, query.subject.as_deref(), crate::api::DEFAULT_PAGE).await?;
    Ok(Json(devices.iter().map(|d| device_view(d, None)).collect()))
}

/// One device with its readings.
#[utoipa::path(get, path = "/api/v1/devices/{device}", tag = "service",
    params(("device" = String, Path, description = "Its id or serial number")),
    responses((status = 200, body = DeviceView), (status = 404, body = Problem)))]
pub async fn get_device(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<DeviceView>> {
    let (device, readings) = state.db.device(&caller.operator().id, &id).await?;
    Ok(Json(device_view(&device, Some(&readings))))
}

/// A meter reading.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadingBody {
    /// `km`, `hours` or `cycles`.
    pub unit: String,
    /// The reading: never lower than the last.
    pub reading: u64,
    /// When it was read (RFC 3339; now when absent).
    pub at: Option<String>,
}

/// Records a meter reading; refused when it is lower than the last, or dated before it.
#[utoipa::path(post, path = "/api/v1/devices/{device}/readings", tag = "service", request_body = ReadingBody,
    params(("device" = String, Path, description = "Its id or serial number")),
    responses((status = 201, body = ReadingBody), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Lower than the last reading")))]
pub async fn add_reading(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<ReadingBody>,
) -> ApiResult<(StatusCode, Json<ReadingBody>)> {
    let unit: UsageUnit = parse_body("unit", serde_json::Value::String(body.unit.clone()))?;
    let at = match body.at.as_deref() {
        Some(text) => text.parse::<Timestamp>().map_err(|e| ApiError::invalid(format!("at: {text:?}: {e}")))?,
        None => tutela_db::now_us(),
    };
    let reading = MeterReading { unit, reading: body.reading, at };
    state.db.add_meter_reading(&caller.operator().id, &id, reading, &caller.actor()?).await?;
    Ok((StatusCode::CREATED, Json(ReadingBody { at: Some(at.to_string()), ..body })))
}

/// Records a repair done under warranty (`on`, `fault`, optional `part`): it counts towards a
/// replacement after repeated failures, and may warrant the part anew.
#[utoipa::path(post, path = "/api/v1/devices/{device}/repairs", tag = "service", request_body = Object,
    params(("device" = String, Path, description = "Its id or serial number")),
    responses((status = 201, body = DeviceView), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn add_repair(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<serde_json::Value>,
) -> ApiResult<(StatusCode, Json<DeviceView>)> {
    let repair: PriorRepair = parse_body("repair", body)?;
    if repair.fault.trim().is_empty() || repair.fault.len() > MAX_SERVICE_TEXT_BYTES {
        return Err(ApiError::invalid("fault: give the fault code"));
    }
    let device = state.db.add_repair(&caller.operator().id, &id, &repair, &caller.actor()?).await?;
    Ok((StatusCode::CREATED, Json(device_view(&device, None))))
}
