//! Returns and exchanges of a device (`/api/v1/devices/{device}/returns`): the request checked
//! against its product line's conditions (`tutela_core::service::returns`), the verdict recorded
//! with the items the clerk ticked, and for an accepted exchange the new device registered in the
//! same transaction, linked to the old one, carrying its warranty start or starting anew as the
//! line's rule says.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::http::StatusCode;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tutela_core::service::returns::{self, ReturnItem, ReturnKind, ReturnVerdict};
use tutela_core::service::warranty::DeviceFacts;
use tutela_core::staff::Permission;
use tutela_db::service::{NewDevice, NewReturn, ReturnRecord};
use utoipa::ToSchema;
use utoipa_axum::routes;

use super::parse_body;
use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, ApiResult, Problem};

/// The routes of returns.
pub fn routes() -> Vec<ApiRoute> {
    vec![staff(Permission::WorkService, routes!(record)), staff(Permission::ReadService, routes!(list))]
}

/// A return or exchange asked for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnBody {
    /// `return` or `exchange`.
    pub kind: String,
    /// The items the clerk found: packaging, accessories, manual, warranty_card, invoice.
    #[serde(default)]
    pub items: Vec<String>,
    /// The customer's reason.
    pub reason: Option<String>,
    /// The day it was asked for (YYYY-MM-DD; today when absent).
    pub requested_on: Option<String>,
    /// For an exchange: the new device's serial number.
    pub new_serial: Option<String>,
}

/// A return or exchange as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnView {
    /// Its id.
    pub id: String,
    /// `return` or `exchange`.
    pub kind: String,
    /// When it was asked for.
    pub requested_on: String,
    /// The items ticked.
    pub items: Vec<String>,
    /// The reason.
    pub reason: Option<String>,
    /// `{"verdict": "accepted"}` or `{"verdict": "refused", "missing": [...], "window_ended": ...}`.
    #[schema(value_type = Object)]
    pub verdict: serde_json::Value,
    /// The new device of an accepted exchange.
    pub new_device: Option<String>,
}

fn view(record: ReturnRecord) -> ReturnView {
    ReturnView {
        id: record.id,
        kind: record.kind,
        requested_on: record.requested_on.to_string(),
        items: record.items,
        reason: record.reason,
        verdict: record.verdict,
        new_device: record.new_device_id,
    }
}

/// Checks a return or exchange against the product line's conditions and records the verdict: a
/// refusal names every missing item and whether the window had passed; an accepted exchange
/// registers the new device (`new_serial`).
#[utoipa::path(post, path = "/api/v1/devices/{device}/returns", tag = "service", request_body = ReturnBody,
    params(("device" = String, Path, description = "Its id or serial number")),
    responses((status = 201, body = ReturnView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem, description = "The line takes no returns, or the device has no delivery date")))]
pub async fn record(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<ReturnBody>,
) -> ApiResult<(StatusCode, Json<ReturnView>)> {
    let operator_id = &caller.operator().id;
    let kind: ReturnKind = parse_body("kind", serde_json::Value::String(body.kind.clone()))?;
    let items: BTreeSet<ReturnItem> = body
        .items
        .iter()
        .map(|i| parse_body("items", serde_json::Value::String(i.clone())))
        .collect::<ApiResult<_>>()?;
    let reason = body.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    if reason.as_ref().is_some_and(|r| r.len() > tutela_db::service::MAX_SERVICE_TEXT_BYTES) {
        return Err(ApiError::invalid("reason: too long"));
    }
    let today = tutela_db::now_us().to_zoned(jiff::tz::TimeZone::UTC).date();
    let requested_on: Date = match body.requested_on.as_deref() {
        Some(text) => text.parse().map_err(|e| ApiError::invalid(format!("requested_on: {text:?}: {e}")))?,
        None => today,
    };
    let (device, _) = state.db.device(operator_id, &id).await?;
    let rules = state.db.list_warranty_rules(operator_id).await?;
    let conditions =
        rules.iter().find(|r| r.product_line == device.product_line).and_then(|r| r.returns.clone()).ok_or_else(
            || ApiError::unprocessable(format!("product line {:?} takes no returns", device.product_line)),
        )?;
    let delivered = device
        .facts
        .delivered_on
        .ok_or_else(|| ApiError::unprocessable("the device has no delivery date, which the return window runs from"))?;
    let verdict = returns::check(&conditions, delivered, requested_on, &items, reason.as_deref());
    let replacement = match (kind, &verdict, body.new_serial.as_deref()) {
        (ReturnKind::Exchange, ReturnVerdict::Accepted, Some(serial)) => {
            let facts = if conditions.exchange_keeps_warranty {
                DeviceFacts { repairs: vec![], ..device.facts.clone() }
            } else {
                DeviceFacts {
                    delivered_on: Some(requested_on),
                    installed_on: Some(requested_on),
                    ..DeviceFacts::default()
                }
            };
            Some(NewDevice {
                serial: serial.trim().to_owned(),
                product_line: device.product_line.clone(),
                model: device.model.clone(),
                region: device.region.clone(),
                site_address: device.site_address.clone(),
                subject_ref: device.subject_ref.clone(),
                facts,
                clocks: vec![],
                replaces: Some(device.id.clone()),
            })
        }
        (ReturnKind::Exchange, ReturnVerdict::Accepted, None) => {
            return Err(ApiError::invalid("new_serial: an accepted exchange registers the new device"));
        }
        _ => None,
    };
    let new = NewReturn {
        kind: body.kind,
        requested_on,
        items: body.items,
        reason,
        verdict: serde_json::to_value(&verdict).map_err(ApiError::internal)?,
        replacement,
    };
    let record = state.db.record_return(operator_id, &device.id, &new, &caller.actor()?).await?;
    Ok((StatusCode::CREATED, Json(view(record))))
}

/// A device's returns and exchanges, oldest first.
#[utoipa::path(get, path = "/api/v1/devices/{device}/returns", tag = "service",
    params(("device" = String, Path, description = "Its id or serial number")),
    responses((status = 200, body = Vec<ReturnView>), (status = 404, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<ReturnView>>> {
    let operator_id = &caller.operator().id;
    state.db.device(operator_id, &id).await?;
    Ok(Json(state.db.list_returns(operator_id, &id).await?.into_iter().map(view).collect()))
}
