//! Who is calling: the `Authorization: Bearer <token>` header turned into a [`Caller`] confined to one
//! operator, and the role check every endpoint makes.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use tutela_core::journal::Actor;
use tutela_core::staff::{Permission, Roles};
use tutela_db::{Operator, Principal};

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

    /// Fails with 403 unless one of the caller's roles allows `permission`.
    pub fn require(&self, permission: Permission) -> ApiResult<()> {
        if self.roles().allow(permission) {
            return Ok(());
        }
        Err(ApiError::forbidden(format!(
            "roles [{}] do not allow this: it needs {}",
            self.roles().to_list(),
            describe(permission)
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

    /// The staff member behind the token, if any.
    pub fn staff_id(&self) -> Option<&str> {
        self.principal.token.staff_id.as_deref()
    }
}

fn describe(permission: Permission) -> &'static str {
    match permission {
        Permission::Read => "a role that can read (any role)",
        Permission::WorkClocks => "agent, privacy_officer or admin",
        Permission::Configure => "privacy_officer or admin",
        Permission::ManageStaff => "admin",
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(AUTHORIZATION).ok_or_else(|| {
            ApiError::unauthenticated("missing Authorization header: send 'Authorization: Bearer <token>'")
        })?;
        let token =
            header.to_str().ok().and_then(|value| value.strip_prefix("Bearer ")).map(str::trim).ok_or_else(|| {
                ApiError::unauthenticated("malformed Authorization header: expected 'Bearer <token>'")
            })?;
        let principal = state
            .db
            .authenticate(token)
            .await?
            .ok_or_else(|| ApiError::unauthenticated("the token is unknown, expired or revoked"))?;
        Ok(Caller { principal })
    }
}
