//! The JSON API under `/api/v1`, one module per resource. Each handler is registered together with
//! its OpenAPI description, so `/api/openapi.json` cannot drift from the routes.

pub mod calendars;
pub mod clocks;
pub mod consent_receipts;
pub mod consent_support;
pub mod consents;
pub mod datamap;
pub mod decisions;
pub mod journal;
pub mod notifications;
pub mod session;
pub mod staff;
pub mod subjects;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;

/// Largest page of list results.
pub const MAX_PAGE: u32 = 1000;
/// Page size when none is asked for.
pub const DEFAULT_PAGE: u32 = 100;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tutela API",
        description = "Keep the promises a privacy policy and service terms make, on time, and prove it. \
            Authenticate with `Authorization: Bearer <token>` (an API token, or a session token from \
            `POST /api/v1/auth/login`). Errors are RFC 7807 problem documents.",
        license(name = "AGPL-3.0-or-later")
    ),
    components(schemas(crate::problem::Problem, crate::problem::ProblemItem)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("tut_...").build();
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// Every API route with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(session::login))
        .routes(routes!(session::me))
        .routes(routes!(staff::list_staff, staff::add_staff))
        .routes(routes!(staff::list_tokens, staff::issue_token))
        .routes(routes!(staff::revoke_token))
        .routes(routes!(calendars::list_calendars))
        .routes(routes!(calendars::get_calendar, calendars::put_calendar))
        .routes(routes!(calendars::compute))
        .routes(routes!(clocks::list_clocks, clocks::start_clock))
        .routes(routes!(clocks::get_clock))
        .routes(routes!(clocks::pause_clock))
        .routes(routes!(clocks::resume_clock))
        .routes(routes!(clocks::extend_clock))
        .routes(routes!(clocks::complete_clock))
        .routes(routes!(journal::list_entries))
        .routes(routes!(journal::verify))
        .routes(routes!(journal::export))
        .routes(routes!(notifications::list_webhooks, notifications::add_webhook))
        .routes(routes!(notifications::list_email_recipients, notifications::add_email_recipient))
        .routes(routes!(notifications::remove_email_recipient))
        .routes(routes!(notifications::list_outbox))
        .routes(routes!(datamap::current_datamap, datamap::apply_datamap))
        .routes(routes!(datamap::check_datamap))
        .routes(routes!(datamap::list_versions))
        .routes(routes!(datamap::get_version))
        .routes(routes!(consents::capture))
        .routes(routes!(consents::put_notice))
        .routes(routes!(consents::get_notice))
        .routes(routes!(consents::get_record))
        .routes(routes!(consent_receipts::receipt))
        .routes(routes!(decisions::decision))
        .routes(routes!(decisions::batch))
        .routes(routes!(decisions::export))
        .routes(routes!(decisions::suppressed))
        .routes(routes!(subjects::get_subject))
        .routes(routes!(subjects::withdraw))
        .routes(routes!(subjects::object))
        .routes(routes!(subjects::put_age))
        .routes(routes!(subjects::block))
        .routes(routes!(subjects::unblock))
        .routes(routes!(subjects::signal))
        .routes(routes!(subjects::proof))
}

/// Clamps a requested page size to `1..=MAX_PAGE`.
pub fn page_size(requested: Option<u32>) -> u32 {
    requested.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE)
}
