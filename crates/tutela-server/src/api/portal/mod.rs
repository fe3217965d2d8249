//! The portal's sign-in, for the web crate's subject pages, and the API that registers the e-mail
//! addresses subjects sign in with.
//!
//! The operator tells Tutela which address a subject may sign in with
//! (`PUT /api/v1/subjects/{subject}/contacts`); Tutela keeps only its digest bound to the operator
//! (`SubjectEmail::lookup_digest`). A subject who types that address on the portal is e-mailed a
//! one-time code ([`send_code`]); the right code opens a short session ([`sign_in`]) in which they
//! see and change their own consents, and nobody else's. The page answers the same whether or not
//! the address is known, so the portal does not tell who is a customer.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tutela_core::staff::Permission;
use tutela_core::subject::SubjectEmail;
use tutela_db::{Operator, PortalLimits, PortalSession, PortalSignIn};
use utoipa::ToSchema;
use utoipa_axum::routes;

use crate::api::consent::capture::parse_subject;
use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, ApiResult, Problem};

/// The portal's routes.
pub fn routes() -> Vec<ApiRoute> {
    vec![staff(Permission::RecordConsent, routes!(put_contact, remove_contacts))]
}

/// An address a subject signs in to the portal with.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The e-mail address (kept only as a digest).
    pub email: String,
}

/// Whether the address was new.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactAdded {
    /// `false` when the subject could sign in with it already (nothing changed).
    pub added: bool,
}

/// Registers an e-mail address the subject may sign in to the portal with. Tutela keeps only a
/// digest of it, bound to the operator; the journal names the subject, not the address.
#[utoipa::path(put, path = "/api/v1/subjects/{subject}/contacts", tag = "subjects", request_body = Contact,
    params(("subject" = String, Path, description = "The operator's reference for the subject")),
    responses((status = 200, body = ContactAdded), (status = 400, body = Problem)))]
pub async fn put_contact(
    State(state): State<AppState>,
    caller: Caller,
    Path(subject): Path<String>,
    Json(contact): Json<Contact>,
) -> ApiResult<Json<ContactAdded>> {
    let subject = parse_subject(&subject)?;
    let email = parse_email(&contact.email)?;
    let digest = email.lookup_digest(caller.operator().id.as_str());
    let added =
        state.db.put_subject_contact(&caller.operator().id, &subject, digest.as_str(), &caller.actor()?).await?;
    Ok(Json(ContactAdded { added }))
}

/// How many addresses were removed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactsRemoved {
    /// Addresses removed (0 when the subject had none).
    pub removed: u64,
}

/// Removes every address the subject signs in with, and ends their portal sessions.
#[utoipa::path(delete, path = "/api/v1/subjects/{subject}/contacts", tag = "subjects",
    params(("subject" = String, Path, description = "The operator's reference for the subject")),
    responses((status = 200, body = ContactsRemoved), (status = 400, body = Problem)))]
pub async fn remove_contacts(
    State(state): State<AppState>,
    caller: Caller,
    Path(subject): Path<String>,
) -> ApiResult<(StatusCode, Json<ContactsRemoved>)> {
    let subject = parse_subject(&subject)?;
    let removed = state.db.remove_subject_contacts(&caller.operator().id, &subject, &caller.actor()?).await?;
    Ok((StatusCode::OK, Json(ContactsRemoved { removed })))
}

fn parse_email(text: &str) -> ApiResult<SubjectEmail> {
    SubjectEmail::parse(text).map_err(|e| ApiError::invalid(format!("email: {e}")))
}

/// The limits of signing in to the portal: 15-minute codes, 5 wrong entries, 5 codes an hour per
/// address, 30-minute sessions.
pub fn limits() -> PortalLimits {
    PortalLimits::default()
}

/// E-mails a sign-in code to `email` in `language` when the operator registered it for a subject;
/// does nothing, and answers the same, when not. 400 for a malformed address; 409 past the limit
/// of codes an hour.
pub async fn send_code(state: &AppState, operator: &Operator, email: &str, language: &str) -> ApiResult<()> {
    let email = parse_email(email)?;
    let digest = email.lookup_digest(operator.id.as_str());
    let sent = state.db.issue_portal_code(&operator.id, digest.as_str(), email.as_str(), language, limits()).await?;
    if sent.is_some() {
        state.wake_scheduler();
    }
    Ok(())
}

/// Checks a sign-in code entered for `email`: a right one opens a session.
pub async fn sign_in(state: &AppState, operator: &Operator, email: &str, code: &str) -> ApiResult<PortalSignIn> {
    let email = parse_email(email)?;
    let digest = email.lookup_digest(operator.id.as_str());
    Ok(state.db.check_portal_code(&operator.id, digest.as_str(), code, limits()).await?)
}

/// The open session of `token` at `operator`'s portal, if any.
pub async fn session(state: &AppState, operator: &Operator, token: &str) -> ApiResult<Option<PortalSession>> {
    Ok(state.db.portal_session(token).await?.filter(|session| session.operator_id == operator.id))
}
