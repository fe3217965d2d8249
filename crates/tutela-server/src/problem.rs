//! Errors as RFC 7807 problem documents (`application/problem+json`).
//!
//! Every failure the API reports has a stable `type` (a relative URI naming the kind of problem), a
//! short `title`, the HTTP `status` and a `detail` that names exactly what was wrong with the request.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tutela_db::DbError;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the kind of problem, e.g. `/problems/validation`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What exactly was wrong with this request.
    pub detail: String,
    /// Every problem, when there are several (an invalid data map lists each one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemItem>,
}

/// One of several problems with a request, with where it is when the request carried files.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProblemItem {
    /// The file the problem is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// A stable name for the kind of problem, e.g. `unknown-purpose`.
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// What would fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// An error an API handler returns; becomes a problem document.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    title: &'static str,
    detail: String,
    errors: Vec<ProblemItem>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, title: &'static str, detail: impl ToString) -> Self {
        ApiError { status, code, title, detail: detail.to_string(), errors: Vec::new() }
    }

    /// 400: the request's content is invalid (a bad date, an unknown calendar, a negative duration).
    pub fn invalid(detail: impl ToString) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "validation", "Invalid request", detail)
    }

    /// 422: the request is well-formed but what it carries is invalid (a data map that breaks its
    /// rules); add each problem with [`ApiError::with_errors`].
    pub fn unprocessable(detail: impl ToString) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "unprocessable", "Invalid content", detail)
    }

    /// Lists every problem in the problem document's `errors`.
    #[must_use]
    pub fn with_errors(mut self, errors: Vec<ProblemItem>) -> Self {
        self.errors = errors;
        self
    }

    /// 401: no valid credentials.
    pub fn unauthenticated(detail: impl ToString) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", "Authentication required", detail)
    }

    /// 403: the caller's roles do not allow this.
    pub fn forbidden(detail: impl ToString) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "Not allowed", detail)
    }

    /// 404: no such thing within the caller's operator.
    pub fn not_found(detail: impl ToString) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found", detail)
    }

    /// 409: the change conflicts with the current state.
    pub fn conflict(detail: impl ToString) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", "Conflict", detail)
    }

    /// 500: a fault of the server; the detail is logged, not shown.
    pub fn internal(detail: impl ToString) -> Self {
        let detail = detail.to_string();
        tracing::error!(%detail, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal error", "the server failed; see its log")
    }

    /// 503: a dependency (the database) is unavailable.
    pub fn unavailable(detail: impl ToString) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "Service unavailable", detail)
    }

    /// 413: the request body is larger than the server accepts.
    pub fn too_large(max_bytes: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            "Request body too large",
            format!("the request body is larger than {max_bytes} bytes, the most this server accepts"),
        )
    }

    /// 415: a file whose type is not one of those accepted.
    pub fn unsupported_type(detail: impl ToString) -> Self {
        Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported file type", detail)
    }

    /// 429: too many attempts; try again after the window.
    pub fn too_many(detail: impl ToString) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "too-many-requests", "Too many requests", detail)
    }

    /// 408: the request took longer than the server allows.
    pub fn timed_out(limit_ms: u64) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            "Request timeout",
            format!("the request was not answered within {limit_ms} ms and was stopped"),
        )
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The problem document.
    pub fn problem(&self) -> Problem {
        Problem {
            problem_type: format!("/problems/{}", self.code),
            title: self.title.to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            errors: self.errors.clone(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        (self.status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response()
    }
}

impl From<tutela_core::calendar_book::BookError> for ApiError {
    /// A calendar that is unknown, loops or does not parse was named in the request: 400.
    fn from(err: tutela_core::calendar_book::BookError) -> Self {
        ApiError::invalid(err)
    }
}

impl From<DbError> for ApiError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::NotFound { .. } => ApiError::not_found(err),
            DbError::UnknownCursor { .. } => ApiError::invalid(err),
            DbError::Refused { .. } => ApiError::conflict(err),
            DbError::Conflict { .. } | DbError::Limit { .. } | DbError::Stale { .. } => ApiError::conflict(err),
            DbError::Clock(clock) => ApiError::conflict(clock),
            DbError::Entry(entry) => ApiError::invalid(entry),
            ref unavailable if unavailable.is_unavailable() => ApiError::unavailable(err),
            other => ApiError::internal(other),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let status = rejection.status();
        let detail = rejection.body_text();
        match status {
            StatusCode::PAYLOAD_TOO_LARGE => Self::new(status, "too-large", "Request body too large", detail),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                Self::new(status, "media-type", "Unsupported media type", "expected Content-Type: application/json")
            }
            _ => Self::new(StatusCode::BAD_REQUEST, "validation", "Invalid request", detail),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::invalid(rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::invalid(rejection.body_text())
    }
}

/// The result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;
