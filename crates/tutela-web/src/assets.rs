//! The static files, compiled in: htmx (vendored, 0BSD, `static/htmx.LICENSE`) and the stylesheet.
//! They are served with a long cache lifetime; their names change when their content does.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// htmx 2.0.11, minified, as published on the npm registry (`htmx.org`).
const HTMX: &str = include_str!("../static/htmx.min.js");
/// The one stylesheet.
const STYLESHEET: &str = include_str!("../static/tutela.css");

/// `GET /static/{file}`.
pub async fn asset(Path(file): Path<String>) -> Response {
    let (body, media_type) = match file.as_str() {
        "htmx-2.0.11.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "tutela.css" => (STYLESHEET, "text/css; charset=utf-8"),
        _ => return (StatusCode::NOT_FOUND, "no such file").into_response(),
    };
    ([(header::CONTENT_TYPE, media_type), (header::CACHE_CONTROL, "public, max-age=86400")], body).into_response()
}
