//! Who is calling: the `Authorization: Bearer <token>` header turned into a [`Caller`] confined to one
//! operator, and the permission check in front of every route that is not public ([`authorize`]).

use axum::extract::{FromRequestParts, Request, State};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tutela_core::journal::Actor;
use tutela_core::staff::{Permission, Roles};
use tutela_db::{Operator, Principal};

use crate::api::route::Access;
use crate::app::AppState;
use crate::problem::{ApiError, ApiResult};

/// An authenticated caller. Every query a handler makes for it is scoped to `operator().id`.
#[derive(Debug, Clone)]
pub struct Caller {
    principal: Principal,
}

impl Caller {
    /// The operator the caller acts for.
    pub fn operator(&self) -> &Operator {
        &self.principal.operator
    }

    /// The caller's roles.
    pub fn roles(&self) -> &Roles {
        &self.principal.token.roles
    }

    /// Fails with 403 unless one of the caller's roles allows `permission`: the one check the API's
    /// routes and the web pages both make.
    pub fn require(&self, permission: Permission) -> ApiResult<()> {
        if self.roles().allow(permission) {
            return Ok(());
        }
        Err(ApiError::forbidden(format!(
            "roles [{}] do not allow this: it needs {}",
            self.roles().to_list(),
            permission.describe()
        )))
    }

    /// How the caller appears in the journal: the staff member behind the token, or the token.
    pub fn actor(&self) -> ApiResult<Actor> {
        let token = &self.principal.token;
        let text = match &token.staff_id {
            Some(staff_id) => format!("staff:{staff_id}"),
            None => format!("token:{}", token.id),
        };
        Actor::parse(&text).map_err(ApiError::internal)
    }

    /// The id of the token the caller presented (a session's, when signed in through the console).
    pub fn token_id(&self) -> &str {
        &self.principal.token.id
    }

    /// The staff member behind the token, if any.
    pub fn staff_id(&self) -> Option<&str> {
        self.principal.token.staff_id.as_deref()
    }
}

/// Authenticates the caller of a route that needs a permission and checks it, before the handler
/// runs; the handler then takes the [`Caller`] from the request. Public routes pass through.
pub async fn authorize(
    State((state, access)): State<(AppState, Access)>,
    mut request: Request,
    next: Next,
) -> Response {
    let Access::Staff(permission) = access else { return next.run(request).await };
    let caller = match authenticate(&state, request.headers()).await {
        Ok(caller) => caller,
        Err(problem) => return problem.into_response(),
    };
    if let Err(problem) = caller.require(permission) {
        return problem.into_response();
    }
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// The caller behind a token secret (an API token, or the session token of a signed-in staff
/// member), or 401.
pub async fn caller_for_secret(state: &AppState, secret: &str) -> ApiResult<Caller> {
    let principal = state
        .db
        .authenticate(secret)
        .await?
        .ok_or_else(|| ApiError::unauthenticated("the token is unknown, expired or revoked"))?;
    Ok(Caller { principal })
}

async fn authenticate(state: &AppState, headers: &HeaderMap) -> ApiResult<Caller> {
    let header = headers.get(AUTHORIZATION).ok_or_else(|| {
        ApiError::unauthenticated("missing Authorization header: send 'Authorization: Bearer <token>'")
    })?;
    let token = header
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| ApiError::unauthenticated("malformed Authorization header: expected 'Bearer <token>'"))?;
    caller_for_secret(state, token).await
}

/// The caller [`authorize`] let through. A handler can take a `Caller` only on a route declared with
/// a permission; on any other route this is an internal error, never a way in.
impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| ApiError::internal("this route declares no permission, so it has no caller"))
    }
}
