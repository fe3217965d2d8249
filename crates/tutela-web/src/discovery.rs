//! PII discovery in the console: a button that scans a sample of each of the operator's database
//! stores and shows where personal data sits that the data map does not declare, and what the map
//! declares that was not found, through `tutela_server::api::discovery`.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use tutela_core::staff::Permission;
use tutela_server::api::discovery::{SAMPLE_ROWS, StoreDrift, check};
use tutela_server::app::AppState;

use crate::console::{allowed, allowed_form, message_page};
use crate::frame::Frame;
use crate::session::{has_frame, render};

#[derive(Template)]
#[template(path = "discovery.html")]
struct DiscoveryPage {
    frame: Frame,
    sample_rows: u64,
    /// The stores' drift, once checked.
    stores: Option<Vec<StoreDrift>>,
}

impl DiscoveryPage {
    /// The sample size, for the plural.
    fn sample(&self) -> usize {
        usize::try_from(self.sample_rows).unwrap_or(usize::MAX)
    }

    /// The rows a report scanned, for the plural.
    fn rows(&self, report: &tutela_server::api::discovery::DriftReport) -> usize {
        usize::try_from(report.rows_scanned).unwrap_or(usize::MAX)
    }
}

has_frame!(DiscoveryPage);

/// `GET /console/discovery`.
pub async fn show(frame: Frame) -> Response {
    if let Err(response) = allowed(&frame, Permission::ManageDataMap) {
        return *response;
    }
    render(&DiscoveryPage { frame, sample_rows: SAMPLE_ROWS, stores: None }, StatusCode::OK)
}

/// The check form.
#[derive(Debug, Deserialize)]
pub struct CheckFields {
    csrf: String,
}

/// `POST /console/discovery`: scans the stores and shows their drift.
pub async fn run(State(state): State<AppState>, frame: Frame, Form(fields): Form<CheckFields>) -> Response {
    let caller = match allowed_form(&frame, Permission::ManageDataMap, &fields.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    match check(&state, &caller).await {
        Ok(stores) => render(&DiscoveryPage { frame, sample_rows: SAMPLE_ROWS, stores: Some(stores) }, StatusCode::OK),
        Err(problem) => message_page(&frame, problem.status(), problem.problem().detail),
    }
}
