//! The web layer: a console for the operator's staff at `/console`, a privacy portal for subjects
//! at `/portal/{operator}`, a first page at `/` and an API reference at `/api`, all rendered on the
//! server from askama templates in the five languages of `tutela-i18n`, with vendored htmx and one
//! stylesheet (no CDN, no JavaScript build step).
//!
//! It is a crate of its own so that templates stay out of the API's compile, and it reuses the
//! API's code paths rather than copying them: the same `AppState`, the same `Caller` and
//! `Caller::require` permission check (each page declares the [`Permission`] it needs, like an API
//! route), and the API's own functions for what a form does (extending a clock is
//! `tutela_server::api::clocks::extend`). Security: staff sign in with their password; the session
//! is the API's session token in a `Secure; HttpOnly; SameSite=Lax` cookie, issued anew at every
//! sign-in; every form carries a CSRF token derived from the session; sign-in attempts are rate
//! limited; responses carry a strict Content-Security-Policy; no personal data goes into URLs.
//!
//! [`Permission`]: tutela_core::staff::Permission

mod assets;
mod calendars;
mod console;
mod datamap;
mod discovery;
mod frame;
mod home;
mod incidents;
mod portal;
mod portal_account;
mod portal_devices;
mod portal_subscription;
mod requests;
mod retention;
mod service;
mod session;
mod staff;
mod subjects;
mod subscriptions;

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};
use tutela_server::app::AppState;

pub use frame::negotiate_lang;

/// The pages, to be served beside the API (`tutela_server::serve_with`).
pub fn pages(_state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/api", get(home::api_reference))
        .route("/portal/{operator}", get(home::portal))
        .route("/portal/{operator}/requests/new", get(portal::new_request))
        .route("/portal/{operator}/requests", post(portal::file_request))
        .route("/portal/{operator}/requests/{reference}/verify", post(portal::enter_code))
        .route("/portal/{operator}/distribution", get(portal::distribution))
        .route("/portal/{operator}/sign-in", get(portal_account::sign_in_form).post(portal_account::sign_in))
        .route("/portal/{operator}/sign-out", post(portal_account::sign_out))
        .route("/portal/{operator}/me", get(portal_account::me))
        .route("/portal/{operator}/me/withdraw", post(portal_account::withdraw))
        .route("/portal/{operator}/me/object", post(portal_account::object))
        .route("/portal/{operator}/me/receipts/{record}", get(portal_account::receipt))
        .route("/portal/{operator}/me/receipts/{record}/kantara.json", get(portal_account::receipt_json))
        .route("/portal/{operator}/me/devices", get(portal_devices::page))
        .route("/portal/{operator}/me/devices/confirm", post(portal_devices::confirm))
        .route("/portal/{operator}/me/subscription", get(portal_subscription::page))
        .route(
            "/portal/{operator}/me/subscription/cancel",
            get(portal_subscription::cancel_form).post(portal_subscription::cancel),
        )
        .route("/portal/{operator}/me/subscription/{action}", post(portal_subscription::act))
        .route("/portal/{operator}/me/subscribe/{plan}", get(portal_subscription::review))
        .route("/portal/{operator}/me/subscribe", post(portal_subscription::subscribe))
        .route(
            "/portal/{operator}/me/account/close",
            get(portal_subscription::close_form).post(portal_subscription::close),
        )
        .route("/portal/{operator}/me/account/restore", post(portal_subscription::restore))
        .route("/portal/{operator}/cancel", get(portal_subscription::ask_form).post(portal_subscription::ask))
        .route(
            "/portal/{operator}/cancel/{token}",
            get(portal_subscription::link_form).post(portal_subscription::use_link),
        )
        .route("/static/{file}", get(assets::asset))
        .route("/console/sign-in", get(session::sign_in_page).post(session::sign_in))
        .route("/console/sign-out", post(session::sign_out))
        .route("/console", get(console::dashboard))
        .route("/console/clocks/{id}", get(console::clock))
        .route("/console/clocks/{id}/extend", post(console::extend))
        .route("/console/clocks/{id}/{step}", post(console::pause_or_resume))
        .route("/console/journal", get(console::journal))
        .route("/console/calendars", get(calendars::show))
        .route("/console/outbox", get(console::outbox))
        .route("/console/subjects", get(subjects::look_up))
        .route("/console/datamap", get(datamap::versions))
        .route("/console/discovery", get(discovery::show).post(discovery::run))
        .route("/console/staff", get(staff::list))
        .route("/console/retention", get(retention::show))
        .route("/console/retention/run", post(retention::run))
        .route("/console/service", get(service::desk))
        .route("/console/service/tickets", post(service::open))
        .route("/console/service/devices", post(service::register))
        .route("/console/service/tickets/{ticket}", get(service::ticket))
        .route("/console/service/tickets/{ticket}/events", post(service::record))
        .route("/console/service/tickets/{ticket}/close", post(service::close))
        .route("/console/service/tickets/{ticket}/callback", post(service::callback))
        .route("/console/subscriptions", get(subscriptions::show))
        .route("/console/subscriptions/run", post(subscriptions::run))
        .route("/console/incidents", get(incidents::list).post(incidents::create))
        .route("/console/incidents/{id}", get(incidents::show))
        .route("/console/incidents/{id}/notices/{duty}/sent", post(incidents::sent))
        .route("/console/tokens", post(staff::issue))
        .route("/console/tokens/{id}/revoke", post(staff::revoke))
        .route("/console/requests", get(requests::list))
        .route("/console/requests/{id}", get(requests::show))
        .route("/console/requests/{id}/verify", post(requests::verify))
        .route("/console/requests/{id}/extend", post(requests::extend))
        .route("/console/requests/{id}/contents", post(requests::contents))
        .route("/console/requests/{id}/fulfil", post(requests::fulfil))
        .route("/console/requests/{id}/fulfilments/{run}/package", get(requests::package))
        .route("/console/requests/{id}/fulfilments/{run}/act", get(requests::act))
        .route("/console/destruction-log", get(requests::destruction_log))
        .route("/console/request-register", get(requests::register))
        .route("/console/requests/{id}/close", post(requests::close))
        .route("/console/requests/{id}/answer", get(requests::answer))
        .route("/console/requests/{id}/attachments", post(requests::attach))
        .route("/console/requests/{id}/attachments/{file}", get(requests::attachment))
        .layer(middleware::map_response(frame::security_headers))
}
