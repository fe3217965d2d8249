//! Signing in: a staff member trades e-mail and password for a session token.

use axum::extract::{ConnectInfo, State};
use serde::{Deserialize, Serialize};
use tutela_core::staff::StaffEmail;
use utoipa::ToSchema;

use crate::api::route::{ApiRoute, public, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::Json;
use crate::problem::{ApiError, ApiResult, Problem};
use tutela_core::staff::Permission;
use utoipa_axum::routes;

/// Signing in, and who the caller is.
pub fn routes() -> Vec<ApiRoute> {
    vec![public(routes!(login)), staff(Permission::ReadStaff, routes!(me))]
}

/// Credentials of a staff member.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The operator's slug.
    pub operator: String,
    /// The member's e-mail address.
    pub email: String,
    /// The member's password.
    pub password: String,
}

/// A session token and who it is for.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer <token>`; shown only now.
    pub token: String,
    /// When the session ends (RFC 3339).
    pub expires_at: Option<String>,
    /// The operator's slug.
    pub operator: String,
    /// The member's roles.
    pub roles: Vec<String>,
}

/// Signs a staff member in.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "session", security(()),
    request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = Problem), (status = 400, body = Problem),
        (status = 429, body = Problem, description = "Too many attempts for this account or from this client")))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<std::net::SocketAddr>,
    Json(request): Json<LoginRequest>,
) -> ApiResult<Json<LoginResponse>> {
    let wrong = || ApiError::unauthenticated("unknown operator, e-mail or password");
    if !state.sign_in.allow(&request.operator, &request.email, client.ip(), std::time::Instant::now()) {
        return Err(ApiError::too_many(format!(
            "too many sign-in attempts: wait {} seconds, then try again",
            crate::sign_in::WINDOW_S
        )));
    }
    let email = StaffEmail::parse(&request.email).map_err(ApiError::invalid)?;
    let operator = state.db.operator_by_slug(&request.operator).await?.ok_or_else(wrong)?;
    let member = state.db.check_password(&operator.id, &email, &request.password).await?.ok_or_else(wrong)?;
    let (token, secret) = state.db.sign_in(&member, state.config.session_ttl_s).await?;
    Ok(Json(LoginResponse {
        token: secret,
        expires_at: token.expires_at.map(|t| t.to_string()),
        operator: operator.slug.to_string(),
        roles: member.roles.iter().map(|r| r.as_str().to_owned()).collect(),
    }))
}

/// The caller: operator and roles.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// The operator's slug.
    pub operator: String,
    /// The operator's name.
    pub operator_name: String,
    /// The caller's roles.
    pub roles: Vec<String>,
    /// The staff member behind the token, if any.
    pub staff_id: Option<String>,
}

/// Who the token belongs to.
#[utoipa::path(get, path = "/api/v1/me", tag = "session",
    responses((status = 200, body = Me), (status = 401, body = Problem)))]
pub async fn me(caller: Caller) -> Json<Me> {
    Json(Me {
        operator: caller.operator().slug.to_string(),
        operator_name: caller.operator().name.as_str().to_owned(),
        roles: caller.roles().iter().map(|r| r.as_str().to_owned()).collect(),
        staff_id: caller.staff_id().map(str::to_owned),
    })
}
