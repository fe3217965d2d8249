//! Files that came with a request: a paper letter scanned, a letter received by e-mail as a scan,
//! an identity document, a representative's authority. Staff attach them
//! (`POST /api/v1/requests/{id}/attachments?name=letter.pdf`, the file as the body with its
//! `Content-Type`, or the console's upload form); each is checked before it is kept — a PDF, PNG or
//! JPEG whose first bytes say so, at most [`MAX_ATTACHMENT_BYTES`], a plain name — and kept with
//! its SHA-256, which the journal records. `GET .../attachments/{file}` downloads one.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use tutela_db::AttachmentRecord;
use utoipa::{IntoParams, ToSchema};

use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult, Problem};

/// The largest file kept, in bytes: what the server's body limit leaves for a form upload.
pub const MAX_ATTACHMENT_BYTES: usize = crate::app::MAX_BODY_BYTES - 16 * 1024;
/// The longest file name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The types accepted, each with the bytes its files start with.
pub const MEDIA_TYPES: [(&str, &[u8]); 3] =
    [("application/pdf", b"%PDF-"), ("image/png", b"\x89PNG\r\n\x1a\n"), ("image/jpeg", b"\xFF\xD8\xFF")];

/// A file attached to a request.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentView {
    /// Its id.
    pub id: String,
    /// Its name as given.
    pub name: String,
    /// `application/pdf`, `image/png` or `image/jpeg`.
    pub media_type: String,
    /// Size in bytes.
    pub size: u64,
    /// Hex SHA-256 of its bytes (also in the journal).
    pub sha256: String,
    /// Who attached it.
    pub actor: String,
    /// When (RFC 3339).
    pub created_at: String,
}

impl From<AttachmentRecord> for AttachmentView {
    fn from(record: AttachmentRecord) -> Self {
        AttachmentView {
            id: record.id,
            name: record.name,
            media_type: record.media_type,
            size: record.size,
            sha256: record.sha256,
            actor: record.actor,
            created_at: record.created_at.to_string(),
        }
    }
}

/// The file's name.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AttachQuery {
    /// The file's name, e.g. `letter.pdf` (1 to 200 characters, no path).
    pub name: String,
}

/// Attaches a file (the body, with its `Content-Type`) to a request.
#[utoipa::path(post, path = "/api/v1/requests/{id}/attachments", tag = "requests", params(("id" = String, Path, description = "Request id or reference"), AttachQuery),
    request_body(content = Vec<u8>, content_type = "application/pdf", description = "A PDF, PNG or JPEG file"),
    responses((status = 201, body = AttachmentView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "The request has the most attachments it keeps"),
        (status = 413, body = Problem), (status = 415, body = Problem)))]
pub async fn attach(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<AttachQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(axum::http::StatusCode, Json<AttachmentView>)> {
    let declared = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("");
    let view = add(&state, &caller, &id, &query.name, declared, &body).await?;
    Ok((axum::http::StatusCode::CREATED, Json(view)))
}

/// Checks and attaches a file: what the API's route and the console's upload both do.
pub async fn add(
    state: &AppState,
    caller: &Caller,
    id: &str,
    name: &str,
    declared: &str,
    bytes: &[u8],
) -> ApiResult<AttachmentView> {
    let name = check_name(name)?;
    let media_type = check_file(declared, bytes)?;
    let request = state.db.request(&caller.operator().id, id).await?;
    let record = state
        .db
        .attach_to_request(&caller.operator().id, &request.id, &name, media_type, bytes, &caller.actor()?)
        .await?;
    Ok(record.into())
}

/// A plain file name: no path, no control characters.
fn check_name(name: &str) -> ApiResult<String> {
    let name = name.trim();
    let plain = !name.is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && !name.chars().any(|c| c.is_control() || c == '/' || c == '\\')
        && name != "."
        && name != "..";
    if !plain {
        return Err(ApiError::invalid(format!(
            "name: expected a file name of 1 to {MAX_NAME_CHARS} characters, no path"
        )));
    }
    Ok(name.to_owned())
}

/// The file's type, when it is one accepted, declared so, and its first bytes agree.
fn check_file(declared: &str, bytes: &[u8]) -> ApiResult<&'static str> {
    let accepted: Vec<&str> = MEDIA_TYPES.iter().map(|(media_type, _)| *media_type).collect();
    let declared = declared.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let Some((media_type, magic)) = MEDIA_TYPES.iter().find(|(media_type, _)| *media_type == declared) else {
        return Err(ApiError::unsupported_type(format!(
            "Content-Type \"{declared}\" is not accepted: send {}",
            accepted.join(", ")
        )));
    };
    if bytes.is_empty() {
        return Err(ApiError::invalid("the file is empty"));
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(ApiError::too_large(MAX_ATTACHMENT_BYTES));
    }
    if !bytes.starts_with(magic) {
        return Err(ApiError::unsupported_type(format!("the file is declared {media_type}, but its content is not")));
    }
    Ok(media_type)
}

/// Downloads one attachment.
#[utoipa::path(get, path = "/api/v1/requests/{id}/attachments/{file}", tag = "requests",
    params(("id" = String, Path, description = "Request id or reference"), ("file" = String, Path, description = "The attachment's id")),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 404, body = Problem)))]
pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, file)): Path<(String, String)>,
) -> ApiResult<Response> {
    download_response(&state, &caller, &id, &file).await
}

/// One attachment as a download: what the API's route and the console's link both serve.
pub async fn download_response(state: &AppState, caller: &Caller, id: &str, file: &str) -> ApiResult<Response> {
    let request = state.db.request(&caller.operator().id, id).await?;
    let (record, bytes) = state.db.attachment(&caller.operator().id, &request.id, file).await?;
    // The name as typed may hold anything; the header gets an ASCII stand-in.
    let safe: String =
        record.name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let mut response = super::download(bytes, &record.media_type, &safe)?;
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_checked_by_declared_type_and_first_bytes() {
        assert_eq!(check_file("application/pdf", b"%PDF-1.7 ...").unwrap(), "application/pdf");
        assert_eq!(check_file("image/PNG; charset=binary", b"\x89PNG\r\n\x1a\nrest").unwrap(), "image/png");
        assert_eq!(check_file("application/pdf", b"MZ\x90\x00").unwrap_err().status(), 415);
        assert_eq!(check_file("application/x-msdownload", b"MZ").unwrap_err().status(), 415);
        assert_eq!(check_file("image/jpeg", b"").unwrap_err().status(), 400);
        let big = [b"\xFF\xD8\xFF".as_slice(), &vec![0u8; MAX_ATTACHMENT_BYTES]].concat();
        assert_eq!(check_file("image/jpeg", &big).unwrap_err().status(), 413);
        assert!(check_name("../etc/passwd").is_err() && check_name("a\nb.pdf").is_err() && check_name(" ").is_err());
        assert_eq!(check_name(" письмо.pdf ").unwrap(), "письмо.pdf");
    }
}
