//! The HTTP API, one module per capability. Each capability exports `routes()`: its handlers, each
//! registered with its OpenAPI description and the permission it needs ([`route`]), so
//! `/api/openapi.json` cannot drift from the routes and no route goes unchecked. [`routes`] merges
//! them in one place; `app::router` mounts them behind the permission check.

pub mod calendars;
pub mod clocks;
pub mod consent;
pub mod datamap;
pub mod discovery;
pub mod incidents;
pub mod journal;
pub mod notifications;
pub mod portal;
pub mod requests;
pub mod retention;
pub mod route;
pub mod service;
pub mod session;
pub mod staff;
pub mod subscriptions;
pub mod system;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use route::ApiRoute;

use crate::app::AppState;
use crate::problem::{ApiError, ApiResult};

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
        discovery::routes(),
        consent::routes(),
        portal::routes(),
        incidents::routes(),
        requests::routes(),
        retention::routes(),
        subscriptions::routes(),
        service::routes(),
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

/// An instant as letters, receipts and pages show it to people: `2026-12-05 16:30 UTC`.
pub fn when(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// Checks a requested page size: 1 to [`MAX_PAGE`], [`DEFAULT_PAGE`] when absent; anything else is
/// a 400 that names the range, never a silently different page.
pub fn page_size(requested: Option<u32>) -> ApiResult<u32> {
    page_size_up_to(requested, MAX_PAGE)
}

/// [`page_size`] for a list whose pages hold at most `max` items.
pub fn page_size_up_to(requested: Option<u32>, max: u32) -> ApiResult<u32> {
    match requested {
        None => Ok(DEFAULT_PAGE.min(max)),
        Some(limit) if (1..=max).contains(&limit) => Ok(limit),
        Some(limit) => Err(ApiError::invalid(format!("limit: {limit} is out of range; ask for 1 to {max} items"))),
    }
}

/// A page of a list: the items as a JSON array and, when the page is full, a
/// `Link: <path?after=CURSOR&limit=N...>; rel="next"` header that asks for the next one. Lists page
/// this way: `after` is the cursor of the last item seen (an id, a sequence number or a version, as
/// each endpoint documents) and `limit` the page size. The consent exports carry their cursor in the
/// body instead (`next_after_seq`, `next_after`), as caches that follow them expect.
pub struct Paged<T> {
    items: Vec<T>,
    next: Option<String>,
}

impl<T> Paged<T> {
    /// The page `items`, asked for with `limit`; `next_query(cursor)` gives the query string of the
    /// next page, for the last item's `cursor`.
    pub fn new(
        path: &str,
        items: Vec<T>,
        limit: u32,
        cursor: impl Fn(&T) -> String,
        extra_query: &[(&str, String)],
    ) -> Self {
        let next = (items.len() == limit as usize).then(|| items.last()).flatten().map(|last| {
            let mut query = url::form_urlencoded::Serializer::new(String::new());
            query.append_pair("after", &cursor(last));
            query.append_pair("limit", &limit.to_string());
            for (key, value) in extra_query {
                query.append_pair(key, value);
            }
            format!("<{path}?{}>; rel=\"next\"", query.finish())
        });
        Paged { items, next }
    }
}

impl<T: serde::Serialize> axum::response::IntoResponse for Paged<T> {
    fn into_response(self) -> axum::response::Response {
        let mut response = axum::Json(self.items).into_response();
        if let Some(link) = self.next.and_then(|link| axum::http::HeaderValue::from_str(&link).ok()) {
            response.headers_mut().insert(axum::http::header::LINK, link);
        }
        response
    }
}
