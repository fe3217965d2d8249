//! Signing staff in and out of the console.
//!
//! Sign-in checks the e-mail and password as `POST /api/v1/auth/login` does (argon2, the same time
//! whether or not the member of a known operator exists) and issues a new session token, which the browser keeps in a
//! `Secure; HttpOnly; SameSite=Lax` cookie: a new token at every sign-in, so a session cannot be
//! fixed in advance. The sign-in form is protected by a double-submit token (a random value in a
//! cookie and in the form); attempts are limited by the server's `SignInLimiter`, the one
//! `POST /api/v1/auth/login` uses too.

use std::net::SocketAddr;
use std::time::Instant;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::http::header::{self, HeaderMap};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use rand::Rng;
use serde::Deserialize;
use tutela_core::staff::StaffEmail;
use tutela_server::app::AppState;

use crate::frame::{Frame, LANG_COOKIE, SESSION_COOKIE, cookie, csrf_token};

/// The cookie of the sign-in form's double-submit token.
const SIGN_IN_COOKIE: &str = "tutela_sign_in";
#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    frame: Frame,
    form_token: String,
    operator: String,
    email: String,
    error: Option<String>,
}

/// `GET /console/sign-in`.
pub async fn sign_in_page(frame: Frame) -> Response {
    let form_token = hex::encode(rand::rng().random::<[u8; 16]>());
    let set = format!("{SIGN_IN_COOKIE}={form_token}; Path=/console; HttpOnly; Secure; SameSite=Strict");
    let page = SignInPage { frame, form_token, operator: String::new(), email: String::new(), error: None };
    let mut response = render(&page, StatusCode::OK);
    append_cookie(&mut response, &set);
    response
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    operator: String,
    email: String,
    password: String,
    form_token: String,
}

/// `POST /console/sign-in`.
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    frame: Frame,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let refuse = |frame: Frame, id: &str, status: StatusCode| {
        let error = Some(frame.t.m(id));
        let page = SignInPage {
            form_token: form.form_token.clone(),
            operator: form.operator.clone(),
            email: form.email.clone(),
            frame,
            error,
        };
        render(&page, status)
    };
    if cookie(&headers, SIGN_IN_COOKIE) != Some(form.form_token.as_str()) || form.form_token.is_empty() {
        return refuse(frame, "web-form-expired", StatusCode::FORBIDDEN);
    }
    if !state.sign_in.allow(&form.operator, &form.email, client.ip(), Instant::now()) {
        return refuse(frame, "web-too-many-attempts", StatusCode::TOO_MANY_REQUESTS);
    }
    match check(&state, &form).await {
        Ok(Some(secret)) => {
            let mut response = Redirect::to("/console").into_response();
            let max_age = state.config.session_ttl_s;
            append_cookie(
                &mut response,
                &format!("{SESSION_COOKIE}={secret}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age={max_age}"),
            );
            append_cookie(&mut response, &format!("{SIGN_IN_COOKIE}=; Path=/console; Max-Age=0"));
            response
        }
        Ok(None) => refuse(frame, "web-sign-in-failed", StatusCode::UNAUTHORIZED),
        Err(error) => {
            tracing::error!(%error, "console sign-in failed");
            refuse(frame, "web-error-title", StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

/// The new session's secret when the credentials match an active member.
async fn check(state: &AppState, form: &SignInForm) -> Result<Option<String>, tutela_db::DbError> {
    let Ok(email) = StaffEmail::parse(form.email.trim()) else { return Ok(None) };
    let Some(operator) = state.db.operator_by_slug(form.operator.trim()).await? else { return Ok(None) };
    let Some(member) = state.db.check_password(&operator.id, &email, &form.password).await? else { return Ok(None) };
    let (_, secret) = state.db.sign_in(&member, state.config.session_ttl_s).await?;
    Ok(Some(secret))
}

/// The sign-out form.
#[derive(Debug, Deserialize)]
pub struct SignOutForm {
    csrf: String,
}

/// `POST /console/sign-out`: revokes the session token and clears the cookie.
pub async fn sign_out(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Form(form): Form<SignOutForm>,
) -> Response {
    let session = cookie(&headers, SESSION_COOKIE).unwrap_or_default();
    if let Some(caller) = &frame.caller
        && !session.is_empty()
        && form.csrf == csrf_token(session)
        && let Ok(actor) = caller.actor()
        && let Err(error) = state.db.revoke_token(&caller.operator().id, caller.token_id(), &actor).await
    {
        tracing::warn!(%error, "could not revoke a console session");
    }
    let mut response = Redirect::to("/console/sign-in").into_response();
    append_cookie(&mut response, &format!("{SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0"));
    response
}

/// Renders a page with `status`, setting the language cookie when `?lang=` chose it.
pub fn render<T: Template + HasFrame>(page: &T, status: StatusCode) -> Response {
    match page.render() {
        Ok(html) => {
            let mut response = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
            let frame = page.frame();
            if frame.chose_lang {
                let lang = frame.lang.as_str();
                append_cookie(&mut response, &format!("{LANG_COOKIE}={lang}; Path=/; SameSite=Lax; Max-Age=31536000"));
            }
            response
        }
        Err(error) => {
            tracing::error!(%error, "page rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "page rendering failed").into_response()
        }
    }
}

/// A page with a [`Frame`].
pub trait HasFrame {
    /// The page's frame.
    fn frame(&self) -> &Frame;
}

/// Implements [`HasFrame`] for a page struct whose frame is its `frame` field.
macro_rules! has_frame {
    ($page:ty) => {
        impl $crate::session::HasFrame for $page {
            fn frame(&self) -> &$crate::frame::Frame {
                &self.frame
            }
        }
    };
}
pub(crate) use has_frame;

has_frame!(SignInPage);

/// Adds a `Set-Cookie` header.
pub fn append_cookie(response: &mut Response, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}
