//! Where notifications go: webhook endpoints, e-mail recipients, and the outbox that records every
//! notification.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tutela_core::staff::Permission;
use tutela_db::{EmailRecipient, MAX_EMAIL_RECIPIENTS, OutboxMessage, Webhook};
use utoipa::{IntoParams, ToSchema};

use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::email::parse_recipient;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult, Problem};
use utoipa_axum::routes;

/// Webhooks, e-mail recipients and the outbox.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        staff(Permission::ManageNotifications, routes!(list_webhooks, add_webhook)),
        staff(Permission::ManageNotifications, routes!(list_email_recipients, add_email_recipient)),
        staff(Permission::ManageNotifications, routes!(remove_email_recipient)),
        staff(Permission::ReadOutbox, routes!(list_outbox)),
    ]
}

/// Longest webhook URL, in bytes.
const MAX_URL_BYTES: usize = 2000;

/// A webhook endpoint.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookView {
    /// Id.
    pub id: String,
    /// Where notifications are POSTed.
    pub url: String,
    /// When added (RFC 3339).
    pub created_at: String,
}

impl From<Webhook> for WebhookView {
    fn from(hook: Webhook) -> Self {
        WebhookView { id: hook.id, url: hook.url, created_at: hook.created_at.to_string() }
    }
}

/// The operator's webhook endpoints.
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "notifications",
    responses((status = 200, body = Vec<WebhookView>), (status = 403, body = Problem)))]
pub async fn list_webhooks(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<WebhookView>>> {
    let hooks = state.db.list_webhooks(&caller.operator().id).await?;
    Ok(Json(hooks.into_iter().map(WebhookView::from).collect()))
}

/// A webhook endpoint to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddWebhook {
    /// An http or https URL.
    pub url: String,
}

/// A new webhook with its signing secret, shown only once.
#[derive(Debug, Serialize, ToSchema)]
pub struct AddedWebhook {
    /// The endpoint.
    pub webhook: WebhookView,
    /// Key of the `Tutela-Signature` HMAC-SHA256 header on every delivery.
    pub secret: String,
}

/// Adds a webhook endpoint; every clock transition is POSTed to it, signed.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "notifications", request_body = AddWebhook,
    responses((status = 201, body = AddedWebhook), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn add_webhook(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<AddWebhook>,
) -> ApiResult<(StatusCode, Json<AddedWebhook>)> {
    if request.url.len() > MAX_URL_BYTES {
        return Err(ApiError::invalid(format!("url is longer than {MAX_URL_BYTES} bytes")));
    }
    let url = url::Url::parse(&request.url)
        .map_err(|e| ApiError::invalid(format!("url {:?} is not a URL: {e}", request.url)))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(ApiError::invalid(format!("url {:?} must be an http or https URL with a host", request.url)));
    }
    let hook = state.db.add_webhook(&caller.operator().id, url.as_str(), &caller.actor()?).await?;
    let secret = hook.secret.clone();
    Ok((StatusCode::CREATED, Json(AddedWebhook { webhook: hook.into(), secret })))
}

/// An address that receives the operator's notifications by e-mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailRecipientView {
    /// Id.
    pub id: String,
    /// The address, lower-cased.
    pub address: String,
    /// When added (RFC 3339).
    pub created_at: String,
}

impl From<EmailRecipient> for EmailRecipientView {
    fn from(recipient: EmailRecipient) -> Self {
        EmailRecipientView {
            id: recipient.id,
            address: recipient.address.to_string(),
            created_at: recipient.created_at.to_string(),
        }
    }
}

/// The operator's e-mail recipients, by address.
#[utoipa::path(get, path = "/api/v1/email-recipients", tag = "notifications",
    responses((status = 200, body = Vec<EmailRecipientView>), (status = 403, body = Problem)))]
pub async fn list_email_recipients(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<EmailRecipientView>>> {
    let recipients = state.db.list_email_recipients(&caller.operator().id).await?;
    Ok(Json(recipients.into_iter().map(EmailRecipientView::from).collect()))
}

/// An e-mail recipient to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddEmailRecipient {
    /// An address of the form `local@domain.tld`; stored lower-cased.
    pub address: String,
}

/// Adds an e-mail recipient (at most 20 per operator); every clock transition is e-mailed to it when
/// the server has an SMTP relay configured, and otherwise recorded in the outbox as not sent.
#[utoipa::path(post, path = "/api/v1/email-recipients", tag = "notifications", request_body = AddEmailRecipient,
    responses((status = 201, body = EmailRecipientView), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 409, body = Problem, description = "The address is already a recipient, or the operator has 20")))]
pub async fn add_email_recipient(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<AddEmailRecipient>,
) -> ApiResult<(StatusCode, Json<EmailRecipientView>)> {
    let address = parse_recipient(&request.address).map_err(ApiError::invalid)?;
    let recipient = state.db.add_email_recipient(&caller.operator().id, &address, &caller.actor()?).await?;
    Ok((StatusCode::CREATED, Json(recipient.into())))
}

/// Removes an e-mail recipient; messages already queued for it are not sent.
#[utoipa::path(delete, path = "/api/v1/email-recipients/{id}", tag = "notifications",
    params(("id" = String, Path, description = "E-mail recipient id")),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn remove_email_recipient(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.db.remove_email_recipient(&caller.operator().id, &id, &caller.actor()?).await?;
    Ok(StatusCode::NO_CONTENT)
}

// The documented limit and the database's must agree.
const _: () = assert!(MAX_EMAIL_RECIPIENTS == 20);

/// Which page of messages to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OutboxPage {
    /// Continue after this message id (the last of the previous page).
    pub after: Option<String>,
    /// Page size: 1 to 1000, default 100; a value out of range is refused with 400.
    pub limit: Option<u32>,
}

/// A notification and its delivery status.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxView {
    /// Id (also sent as `Tutela-Delivery`, and in an e-mail's `Message-ID`).
    pub id: String,
    /// `webhook`, `email`, or `outbox` when neither a webhook nor an e-mail recipient is configured.
    pub channel: String,
    /// The webhook URL or the e-mail address (empty for `outbox`).
    pub destination: String,
    /// e.g. `clock.breached`.
    pub topic: String,
    /// The body.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    /// When queued (RFC 3339).
    pub created_at: String,
    /// Attempts so far.
    pub attempts: u32,
    /// When delivered (RFC 3339).
    pub delivered_at: Option<String>,
    /// Next attempt (RFC 3339), if any is planned.
    pub next_attempt_at: Option<String>,
    /// Last failure.
    pub last_error: Option<String>,
}

impl From<OutboxMessage> for OutboxView {
    fn from(m: OutboxMessage) -> Self {
        OutboxView::of(m, false)
    }
}

/// `text` with every token (`tut_` and 43 URL-safe characters) replaced by `tut_(hidden)`.
fn hide_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("tut_") {
        out.push_str(&rest[..at + 4]);
        let after = &rest[at + 4..];
        let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(after.len());
        out.push_str(if end > 0 { "(hidden)" } else { "" });
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

impl OutboxView {
    /// The one-time code the message carries, when the view shows it (see [`OutboxView::of`]).
    pub fn visible_code(&self) -> Option<&str> {
        self.payload.get("code").and_then(|code| code.as_str()).filter(|code| *code != "(hidden)")
    }

    /// The link the message carries to cancel a subscription without signing in, when the view
    /// shows it (the demo's, like codes).
    pub fn visible_link(&self) -> Option<&str> {
        let body = self.payload.get("body")?.as_str()?;
        let start = body.find("http").filter(|_| body.contains("/cancel/tut_"))?;
        let link = body[start..].split_whitespace().next()?;
        link.contains("/cancel/tut_").then_some(link)
    }

    /// The view of `m`. A one-time code or a cancellation link is for the requester or subject
    /// alone: staff see that it was sent, not what it is, unless `show_codes`
    /// (`ServerConfig::outbox_shows_codes`, the demo's).
    pub fn of(mut m: OutboxMessage, show_codes: bool) -> Self {
        let is_code = m.topic == tutela_db::REQUEST_CODE_TOPIC || m.topic == tutela_db::PORTAL_CODE_TOPIC;
        if is_code
            && !show_codes
            && let Some(code) = m.payload.get_mut("code")
        {
            *code = serde_json::Value::String("(hidden)".to_owned());
        }
        if m.topic == tutela_db::subscriptions::SUBSCRIPTION_RECEIPT_TOPIC
            && !show_codes
            && let Some(serde_json::Value::String(body)) = m.payload.get_mut("body")
        {
            *body = hide_tokens(body);
        }
        OutboxView {
            id: m.id,
            channel: m.channel,
            destination: m.destination,
            topic: m.topic,
            payload: m.payload,
            created_at: m.created_at.to_string(),
            attempts: m.attempts,
            delivered_at: m.delivered_at.map(|t| t.to_string()),
            next_attempt_at: m.next_attempt_at.map(|t| t.to_string()),
            last_error: m.last_error,
        }
    }
}

/// The operator's notifications, newest first, a page at a time (a full page carries a
/// `Link: <...>; rel="next"` header).
#[utoipa::path(get, path = "/api/v1/outbox", tag = "notifications", params(OutboxPage),
    responses((status = 200, body = Vec<OutboxView>, headers(("Link" = String, description = "The next page, when this one is full"))),
        (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn list_outbox(
    State(state): State<AppState>,
    caller: Caller,
    Query(page): Query<OutboxPage>,
) -> ApiResult<super::Paged<OutboxView>> {
    let limit = super::page_size(page.limit)?;
    let messages = state.db.list_outbox(&caller.operator().id, page.after.as_deref(), limit).await?;
    let show_codes = state.config.outbox_shows_codes;
    let views = messages.into_iter().map(|m| OutboxView::of(m, show_codes)).collect();
    Ok(super::Paged::new("/api/v1/outbox", views, limit, |message| message.id.clone(), &[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_in_a_body_are_hidden() {
        let body = "open https://x.example/portal/t/cancel/tut_abc-DEF_123 within 24 hours; tut_ alone";
        assert_eq!(
            hide_tokens(body),
            "open https://x.example/portal/t/cancel/tut_(hidden) within 24 hours; tut_ alone"
        );
    }
}
