//! What every page shares: the language it is shown in (from `?lang=`, the language cookie, or the
//! browser's `Accept-Language`), the signed-in staff member if any, the CSRF token of their session,
//! and the security headers every response carries.

use axum::extract::FromRequestParts;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::request::Parts;
use axum::response::Response;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tutela_i18n::{Arg, Lang, Messages};
use tutela_server::app::AppState;
use tutela_server::auth::{Caller, caller_for_secret};

/// The cookie that holds a signed-in staff member's session token.
pub const SESSION_COOKIE: &str = "tutela_session";
/// The cookie that remembers the language chosen with `?lang=`.
pub const LANG_COOKIE: &str = "tutela_lang";
/// Longest cookie header looked at, in bytes.
const MAX_COOKIE_HEADER_BYTES: usize = 8 * 1024;

/// The language negotiated for a request among Tutela's five: `?lang=` first, then the cookie, then
/// the best match for `Accept-Language`, else English.
pub fn negotiate_lang(query_lang: Option<&str>, cookie_lang: Option<&str>, accept_language: Option<&str>) -> Lang {
    [query_lang, cookie_lang]
        .into_iter()
        .flatten()
        .find_map(|tag| tag.parse::<Lang>().ok())
        .unwrap_or_else(|| tutela_server::api::datamap::published::negotiate(&Lang::ALL, accept_language))
}

/// A page's words in its language.
#[derive(Debug, Clone, Copy)]
pub struct Words(Messages);

impl Words {
    /// A message; a missing one shows its id, which the i18n tests make impossible.
    pub fn m(&self, id: &str) -> String {
        self.0.get(id).unwrap_or_else(|_| id.to_owned())
    }

    /// The message `prefix` + `key` (`web-state-` + `breached`): the word for a state or status.
    pub fn of(&self, prefix: &str, key: &str) -> String {
        self.m(&format!("{prefix}{key}"))
    }

    /// A message with one text argument.
    pub fn with(&self, id: &str, name: &str, value: &str) -> String {
        self.0.format(id, &[(name, Arg::Text(value))]).unwrap_or_else(|_| id.to_owned())
    }

    /// A message with several text arguments.
    pub fn args(&self, id: &str, args: &[(&str, &str)]) -> String {
        let args: Vec<(&str, Arg<'_>)> = args.iter().map(|(name, value)| (*name, Arg::Text(value))).collect();
        self.0.format(id, &args).unwrap_or_else(|_| id.to_owned())
    }

    /// A message with a count, plural forms chosen by the language's rules.
    pub fn count(&self, id: &str, count: usize) -> String {
        let number = i64::try_from(count).unwrap_or(i64::MAX);
        self.0.format(id, &[("count", Arg::Number(number))]).unwrap_or_else(|_| id.to_owned())
    }
}

/// The context of one page.
pub struct Frame {
    /// The language shown.
    pub lang: Lang,
    /// Its words.
    pub t: Words,
    /// The request path, for the language switcher's links.
    pub path: String,
    /// Whether `?lang=` chose the language (then the cookie is set).
    pub chose_lang: bool,
    /// The signed-in staff member, when the session cookie holds a live session.
    pub caller: Option<Caller>,
    /// The session token, for the CSRF token.
    session: Option<String>,
}

impl Frame {
    /// The languages to switch to: (tag, native name, whether it is the current one).
    pub fn languages(&self) -> Vec<(&'static str, &'static str, bool)> {
        Lang::ALL.iter().map(|&lang| (lang.as_str(), lang.native_name(), lang == self.lang)).collect()
    }

    /// The CSRF token of the session: an HMAC of the session token, so it needs no storage and dies
    /// with the session. Empty without a session.
    pub fn csrf(&self) -> String {
        self.session.as_deref().map(csrf_token).unwrap_or_default()
    }

    /// An RFC 3339 instant as people read it: `2026-12-04 14:41 +03:00` (date, minutes, offset).
    pub fn when(&self, rfc3339: &str) -> String {
        match rfc3339.parse::<jiff::Timestamp>() {
            Ok(_) if rfc3339.len() >= 16 => {
                let offset =
                    rfc3339.get(19..).map(|rest| rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit()));
                let offset = offset.map_or(String::new(), |o| format!(" {}", if o == "Z" { "UTC" } else { o }));
                format!("{} {}{offset}", &rfc3339[..10], &rfc3339[11..16])
            }
            _ => rfc3339.to_owned(),
        }
    }

    /// The signed-in member's operator, for the header.
    pub fn operator_slug(&self) -> String {
        self.caller.as_ref().map(|c| c.operator().slug.to_string()).unwrap_or_default()
    }
}

/// The CSRF token that goes with a session token.
pub fn csrf_token(session: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(session.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(b"tutela console csrf");
    hex::encode(mac.finalize().into_bytes())
}

/// The value of one cookie.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let header = headers.get(header::COOKIE)?.to_str().ok()?;
    if header.len() > MAX_COOKIE_HEADER_BYTES {
        return None;
    }
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then_some(value)
    })
}

fn query_lang(parts: &Parts) -> Option<String> {
    let query = parts.uri.query()?;
    url::form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == "lang").map(|(_, value)| value.into_owned())
}

impl FromRequestParts<AppState> for Frame {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let asked = query_lang(parts);
        let accept = parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        let lang = negotiate_lang(asked.as_deref(), cookie(&parts.headers, LANG_COOKIE), accept);
        let session = cookie(&parts.headers, SESSION_COOKIE).filter(|s| !s.is_empty()).map(str::to_owned);
        let caller = match &session {
            Some(secret) => caller_for_secret(state, secret).await.ok(),
            None => None,
        };
        let session = session.filter(|_| caller.is_some());
        Ok(Frame {
            lang,
            t: Words(Messages::new(lang)),
            path: parts.uri.path().to_owned(),
            chose_lang: asked.is_some_and(|tag| tag.parse::<Lang>().is_ok()),
            caller,
            session,
        })
    }
}

/// What every page response carries: a Content-Security-Policy that allows only this server's own
/// scripts, styles and forms, no framing, and no sniffing or cross-site referrers.
pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Pages show a signed-in member's data: not kept after sign-out. Static files set their own.
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_wins_then_the_cookie_then_the_browser() {
        assert_eq!(negotiate_lang(Some("ru"), Some("bg"), Some("hi")), Lang::Ru);
        assert_eq!(negotiate_lang(Some("xx"), Some("bg"), Some("hi")), Lang::Bg);
        assert_eq!(negotiate_lang(None, None, Some("zh-CN,zh;q=0.9")), Lang::ZhCn);
        assert_eq!(negotiate_lang(None, None, None), Lang::En);
    }

    #[test]
    fn instants_are_shown_to_the_minute_with_their_offset() {
        let frame = Frame {
            lang: Lang::En,
            t: Words(Messages::new(Lang::En)),
            path: "/".into(),
            chose_lang: false,
            caller: None,
            session: None,
        };
        assert_eq!(frame.when("2026-12-04T14:41:00+03:00"), "2026-12-04 14:41 +03:00");
        assert_eq!(frame.when("2026-12-04T11:41:07.123456Z"), "2026-12-04 11:41 UTC");
        assert_eq!(frame.when("not a time"), "not a time");
    }

    #[test]
    fn csrf_tokens_belong_to_their_session() {
        assert_eq!(csrf_token("tut_a"), csrf_token("tut_a"));
        assert_ne!(csrf_token("tut_a"), csrf_token("tut_b"));
        assert_eq!(csrf_token("tut_a").len(), 64);
    }
}
