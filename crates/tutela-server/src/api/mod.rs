//! The HTTP API, one module per capability. Each capability exports `routes()`: its handlers, each
//! registered with its OpenAPI description and the permission it needs ([`route`]), so
//! `/api/openapi.json` cannot drift from the routes and no route goes unchecked. [`routes`] merges
//! them in one place; `app::router` mounts them behind the permission check.

pub mod calendars;
pub mod clocks;
pub mod consent;
pub mod datamap;
pub mod journal;
pub mod notifications;
pub mod route;
pub mod session;
pub mod staff;
pub mod system;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use route::ApiRoute;

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

/// Every route of the server with its documentation and access, capability by capability.
pub fn routes() -> Vec<ApiRoute> {
    [
        session::routes(),
        staff::routes(),
        calendars::routes(),
        clocks::routes(),
        journal::routes(),
        notifications::routes(),
        datamap::routes(),
        consent::routes(),
        system::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The API document's frame (title, security scheme); the paths come from [`routes`].
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The whole API document, as `/api/openapi.json` serves it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut router = utoipa_axum::router::OpenApiRouter::<AppState>::with_openapi(document());
    for route in routes() {
        router = router.routes(route.handlers);
    }
    router.split_for_parts().1
}

/// Clamps a requested page size to `1..=MAX_PAGE`.
pub fn page_size(requested: Option<u32>) -> u32 {
    requested.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE)
}
