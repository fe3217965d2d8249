//! Staff members and API tokens of the caller's operator.

use axum::extract::State;
use axum::http::StatusCode;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use tutela_core::staff::{Password, Permission, Role, Roles, StaffEmail};
use tutela_db::{ApiToken, NewStaff, NewToken, StaffMember};
use utoipa::{IntoParams, ToSchema};

use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult, Problem};
use utoipa_axum::routes;

/// The operator's staff and API tokens.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        staff(Permission::ReadStaff, routes!(list_staff)),
        staff(Permission::ManageStaff, routes!(add_staff)),
        staff(Permission::ManageStaff, routes!(list_tokens, issue_token)),
        staff(Permission::ManageStaff, routes!(revoke_token)),
    ]
}

/// Longest token lifetime that may be asked for, in days.
const MAX_TOKEN_DAYS: u32 = 3650;

/// Which page of staff to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StaffPage {
    /// Continue after this member id (the last of the previous page).
    pub after: Option<String>,
    /// Page size: 1 to 1000, default 100; a value out of range is refused with 400.
    pub limit: Option<u32>,
}

/// Which page of tokens to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TokenPage {
    /// Continue after this token id (the last of the previous page).
    pub after: Option<String>,
    /// Page size: 1 to 1000, default 100; a value out of range is refused with 400.
    pub limit: Option<u32>,
}

/// A staff member as shown by the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffView {
    /// Id.
    pub id: String,
    /// Sign-in address.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Roles.
    pub roles: Vec<String>,
    /// Whether the member may sign in.
    pub active: bool,
    /// When added (RFC 3339).
    pub created_at: String,
}

impl From<StaffMember> for StaffView {
    fn from(member: StaffMember) -> Self {
        StaffView {
            id: member.id,
            email: member.email.to_string(),
            display_name: member.display_name,
            roles: member.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            active: member.active,
            created_at: member.created_at.to_string(),
        }
    }
}

/// The operator's staff.
#[utoipa::path(get, path = "/api/v1/staff", tag = "staff", params(StaffPage),
    responses((status = 200, body = Vec<StaffView>, headers(("Link" = String, description = "The next page, when this one is full"))), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn list_staff(
    State(state): State<AppState>,
    caller: Caller,
    Query(page): Query<StaffPage>,
) -> ApiResult<super::Paged<StaffView>> {
    let limit = super::page_size(page.limit)?;
    let staff = state.db.list_staff(&caller.operator().id, page.after.as_deref(), limit).await?;
    let views = staff.into_iter().map(StaffView::from).collect();
    Ok(super::Paged::new("/api/v1/staff", views, limit, |member: &StaffView| member.id.clone(), &[]))
}

/// A staff member to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddStaff {
    /// Sign-in address, unique within the operator.
    pub email: String,
    /// Display name (1 to 200 characters).
    pub display_name: String,
    /// At least one of admin, privacy_officer, agent, viewer.
    pub roles: Vec<String>,
    /// Initial password, at least 8 characters.
    pub password: String,
}

/// Adds a staff member (admin only).
#[utoipa::path(post, path = "/api/v1/staff", tag = "staff", request_body = AddStaff,
    responses((status = 201, body = StaffView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn add_staff(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<AddStaff>,
) -> ApiResult<(StatusCode, Json<StaffView>)> {
    let display_name = request.display_name.trim().to_owned();
    if display_name.is_empty() || display_name.chars().count() > 200 {
        return Err(ApiError::invalid("display_name must be 1 to 200 characters"));
    }
    let new = NewStaff {
        email: StaffEmail::parse(&request.email).map_err(ApiError::invalid)?,
        display_name,
        roles: parse_roles(&request.roles)?,
    };
    let password = Password::parse(&request.password).map_err(ApiError::invalid)?;
    let member = state.db.create_staff(&caller.operator().id, &new, &password, &caller.actor()?).await?;
    Ok((StatusCode::CREATED, Json(member.into())))
}

fn parse_roles(names: &[String]) -> ApiResult<Roles> {
    let roles: Result<Vec<Role>, _> = names.iter().map(|name| name.parse::<Role>()).collect();
    Roles::new(roles.map_err(ApiError::invalid)?).map_err(ApiError::invalid)
}

/// An API token's metadata (never its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    /// Id.
    pub id: String,
    /// What it is for.
    pub name: String,
    /// Roles it carries.
    pub roles: Vec<String>,
    /// The staff member it belongs to, if any.
    pub staff_id: Option<String>,
    /// When issued (RFC 3339).
    pub created_at: String,
    /// When it expires (RFC 3339), if ever.
    pub expires_at: Option<String>,
    /// When it was revoked (RFC 3339), if it was.
    pub revoked_at: Option<String>,
}

impl From<ApiToken> for TokenView {
    fn from(token: ApiToken) -> Self {
        TokenView {
            id: token.id,
            name: token.name,
            roles: token.roles.iter().map(|r| r.as_str().to_owned()).collect(),
            staff_id: token.staff_id,
            created_at: token.created_at.to_string(),
            expires_at: token.expires_at.map(|t| t.to_string()),
            revoked_at: token.revoked_at.map(|t| t.to_string()),
        }
    }
}

/// The operator's API tokens and sessions.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "staff", params(TokenPage),
    responses((status = 200, body = Vec<TokenView>, headers(("Link" = String, description = "The next page, when this one is full"))), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    caller: Caller,
    Query(page): Query<TokenPage>,
) -> ApiResult<super::Paged<TokenView>> {
    let limit = super::page_size(page.limit)?;
    let tokens = state.db.list_tokens(&caller.operator().id, page.after.as_deref(), limit).await?;
    let views = tokens.into_iter().map(TokenView::from).collect();
    Ok(super::Paged::new("/api/v1/tokens", views, limit, |token: &TokenView| token.id.clone(), &[]))
}

/// A token to issue.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueToken {
    /// What the token is for (1 to 200 characters).
    pub name: String,
    /// Roles, each one the caller holds.
    pub roles: Vec<String>,
    /// Lifetime in days (1 to 3650); none for a token that does not expire.
    pub expires_in_days: Option<u32>,
}

/// A new token with its secret, shown only once.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedToken {
    /// Send as `Authorization: Bearer <secret>`.
    pub secret: String,
    /// The token's metadata.
    pub token: TokenView,
}

/// Issues an API token (admin only) carrying at most the caller's roles.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "staff", request_body = IssueToken,
    responses((status = 201, body = IssuedToken), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn issue_token(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<IssueToken>,
) -> ApiResult<(StatusCode, Json<IssuedToken>)> {
    let name = request.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::invalid("name must be 1 to 200 characters"));
    }
    let roles = parse_roles(&request.roles)?;
    if !caller.roles().covers(&roles) {
        return Err(ApiError::forbidden(format!(
            "a token may not carry roles its issuer lacks: asked for [{}], you hold [{}]",
            roles.to_list(),
            caller.roles().to_list()
        )));
    }
    let expires_at = match request.expires_in_days {
        None => None,
        Some(days @ 1..=MAX_TOKEN_DAYS) => Some(Timestamp::now() + SignedDuration::from_hours(24 * i64::from(days))),
        Some(days) => {
            return Err(ApiError::invalid(format!("expires_in_days {days} is out of range 1..={MAX_TOKEN_DAYS}")));
        }
    };
    let new = NewToken { name, roles, staff_id: None, expires_at };
    let (token, secret) = state.db.issue_token(&caller.operator().id, &new, &caller.actor()?).await?;
    Ok((StatusCode::CREATED, Json(IssuedToken { secret, token: token.into() })))
}

/// Revokes a token (admin only).
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "staff", params(("id" = String, Path, description = "Token id")),
    responses((status = 204), (status = 404, body = Problem), (status = 403, body = Problem)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.db.revoke_token(&caller.operator().id, &id, &caller.actor()?).await?;
    Ok(StatusCode::NO_CONTENT)
}
