//! Public pages: what an operator publishes from its applied data map, with no sign-in.
//!
//! `GET /public/{operator}/datamap/{artifact}` renders the record of processing activities (`ropa`),
//! China's list of personal information collected (`pi-collected`) and shared (`pi-shared`, with the
//! SDK directory) and the privacy notice's data section (`notice`), as `?format=html|csv|json`
//! (default html), in `?lang=` or else the best of the operator's languages for the browser's
//! `Accept-Language`, from the current version or `?version=N`. Each answer carries an `ETag` made
//! of the map's content hash, the language and the format, so an unchanged page costs a 304 and no
//! rendering. `GET /public/{operator}/datamap` lists every artefact in every language.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use tutela_datamap::render::{self, Artifact, Edition, Format};
use tutela_i18n::Lang;
use utoipa::IntoParams;

use crate::app::AppState;
use crate::datamaps::{AppliedDataMap, parse_stored};
use crate::extract::{Path, Query};
use crate::problem::{ApiError, ApiResult, Problem};

/// How long browsers and proxies may reuse a page before asking again (with its `ETag`).
const CACHE_MAX_AGE_S: u32 = 300;
/// Most `Accept-Language` entries looked at; the rest are ignored.
const MAX_ACCEPT_LANGUAGE_ENTRIES: usize = 16;

/// What a page may be asked for.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ArtifactQuery {
    /// `en`, `zh-CN`, `ru`, `bg` or `hi`; the best of the operator's languages for the browser's
    /// `Accept-Language` when absent.
    pub lang: Option<String>,
    /// `html` (default), `csv` or `json`.
    pub format: Option<String>,
    /// A stored version of the map; the current one when absent.
    pub version: Option<u64>,
}

fn edition(applied: &AppliedDataMap) -> Edition {
    Edition { version: Some(applied.version), content_hash: applied.content_hash.clone() }
}

/// One published artefact of the operator's data map, without sign-in.
#[utoipa::path(get, path = "/public/{operator}/datamap/{artifact}", tag = "public", security(()),
    params(("operator" = String, Path, description = "The operator's slug"),
        ("artifact" = String, Path, description = "`ropa`, `pi-collected`, `pi-shared` or `notice`"), ArtifactQuery),
    responses((status = 200, description = "The artefact as HTML, CSV or JSON, with an `ETag`", content((String = "text/html"), (String = "text/csv"), (serde_json::Value = "application/json"))),
        (status = 304, description = "Unchanged since the `If-None-Match` ETag"),
        (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn artifact(
    State(state): State<AppState>,
    Path((operator, artifact)): Path<(String, String)>,
    Query(query): Query<ArtifactQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let artifact: Artifact = artifact.parse().map_err(ApiError::not_found)?;
    let format: Format = query.format.as_deref().unwrap_or("html").parse().map_err(ApiError::invalid)?;
    let published = published(&state, &operator, query.version).await?;
    let lang = match &query.lang {
        Some(tag) => tag.parse().map_err(ApiError::invalid)?,
        None => negotiate(&published.map.operator.languages(), header_text(&headers, header::ACCEPT_LANGUAGE)),
    };
    let etag = format!("\"{}-{}-{}-{}\"", published.content_hash, artifact, lang, format);
    if header_text(&headers, header::IF_NONE_MATCH).is_some_and(|given| given.split(',').any(|t| t.trim() == etag)) {
        return Ok((StatusCode::NOT_MODIFIED, cache_headers(&etag, lang)).into_response());
    }
    let rendered = render::render(&published.map, artifact, lang, format, &edition(&published))
        .map_err(|error| ApiError::internal(format!("rendering {artifact} for {operator}: {error}")))?;
    let mut response = (cache_headers(&etag, lang), rendered.body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(rendered.media_type));
    Ok(response)
}

/// Every artefact the operator publishes, in every language, as an HTML page; without sign-in.
#[utoipa::path(get, path = "/public/{operator}/datamap", tag = "public", security(()),
    params(("operator" = String, Path, description = "The operator's slug")),
    responses((status = 200, description = "An HTML index of the published artefacts", content_type = "text/html"),
        (status = 404, body = Problem)))]
pub async fn index(
    State(state): State<AppState>,
    Path(operator): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Html<String>> {
    let published = published(&state, &operator, None).await?;
    let languages = published.map.operator.languages();
    let lang = negotiate(&languages, header_text(&headers, header::ACCEPT_LANGUAGE));
    Ok(Html(index_page(&operator, &languages, lang, &edition(&published))))
}

/// The operator's applied map: the current one from the cache, or a stored version.
async fn published(state: &AppState, slug: &str, version: Option<u64>) -> ApiResult<Arc<AppliedDataMap>> {
    let operator = state
        .db
        .operator_by_slug(slug)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no operator {slug:?} publishes here")))?;
    let not_published = || ApiError::not_found(format!("{slug} has not published a data map"));
    match version {
        None => state.datamaps.current(&state.db, &operator.id).await?.ok_or_else(not_published),
        Some(number) => {
            let stored = state
                .db
                .datamap_version(&operator.id, number)
                .await?
                .ok_or_else(|| ApiError::not_found(format!("{slug} has no data map version {number}")))?;
            let map = parse_stored(&stored).map_err(|e| ApiError::internal(format!("stored data map: {e}")))?;
            Ok(Arc::new(AppliedDataMap { version: number, content_hash: stored.version.content_hash, map }))
        }
    }
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

fn cache_headers(etag: &str, lang: Lang) -> [(header::HeaderName, String); 4] {
    [
        (header::ETAG, etag.to_owned()),
        (header::CACHE_CONTROL, format!("public, max-age={CACHE_MAX_AGE_S}")),
        (header::CONTENT_LANGUAGE, lang.as_str().to_owned()),
        (header::VARY, "Accept-Language".to_owned()),
    ]
}

/// The best of `offered` (the first is the default) for an `Accept-Language` header: the highest
/// `q` whose tag or primary subtag matches (`ru-RU` and `ru` pick `ru`, `zh` picks `zh-CN`); ties
/// keep the header's order; nothing acceptable gives the default.
pub fn negotiate(offered: &[Lang], accept_language: Option<&str>) -> Lang {
    let default = offered.first().copied().unwrap_or(Lang::En);
    let Some(header) = accept_language else { return default };
    let mut best: Option<(f32, Lang)> = None;
    for entry in header.split(',').take(MAX_ACCEPT_LANGUAGE_ENTRIES) {
        let mut parts = entry.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
            .filter(|q| q.is_finite() && *q > 0.0);
        let (Some(q), Some(lang)) = (q, matching(offered, tag)) else { continue };
        if best.is_none_or(|(best_q, _)| q > best_q) {
            best = Some((q, lang));
        }
    }
    best.map_or(default, |(_, lang)| lang)
}

fn matching(offered: &[Lang], tag: &str) -> Option<Lang> {
    let primary = |t: &str| t.split('-').next().unwrap_or("").to_ascii_lowercase();
    offered
        .iter()
        .copied()
        .find(|lang| lang.as_str().eq_ignore_ascii_case(tag))
        .or_else(|| offered.iter().copied().find(|lang| !tag.is_empty() && primary(lang.as_str()) == primary(tag)))
}

/// A plain page linking every artefact in every language and format.
fn index_page(slug: &str, languages: &[Lang], lang: Lang, edition: &Edition) -> String {
    let escape =
        |text: &str| text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let slug = escape(slug);
    let mut rows = String::new();
    for artifact in Artifact::ALL {
        let mut cells = String::new();
        for language in languages {
            let links: Vec<String> = Format::ALL
                .iter()
                .map(|format| {
                    format!(
                        "<a href=\"/public/{slug}/datamap/{artifact}?lang={language}&amp;format={format}\">{format}</a>"
                    )
                })
                .collect();
            cells.push_str(&format!("<td lang=\"{language}\">{}</td>", links.join(" · ")));
        }
        rows.push_str(&format!("<tr><th scope=\"row\">{artifact}</th>{cells}</tr>\n"));
    }
    let headings: String = languages.iter().map(|l| format!("<th scope=\"col\">{}</th>", l.native_name())).collect();
    let version = edition.version.map_or_else(String::new, |v| format!("version {v}, "));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{slug}: data map</title>\
         <style>body{{font-family:sans-serif;margin:2rem}}td,th{{padding:.3rem .8rem;text-align:left}}</style>\
         </head><body><h1>{slug}</h1><p>Data map {version}sha256 <code>{}</code></p>\
         <table><tr><th></th>{headings}</tr>\n{rows}</table></body></html>\n",
        escape(&edition.content_hash)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_offered_language() {
        let offered = [Lang::Ru, Lang::En];
        assert_eq!(negotiate(&offered, None), Lang::Ru);
        assert_eq!(negotiate(&offered, Some("en-GB,en;q=0.9")), Lang::En);
        assert_eq!(negotiate(&offered, Some("de-DE,ru;q=0.3,en;q=0.2")), Lang::Ru);
        assert_eq!(negotiate(&offered, Some("fr, de")), Lang::Ru, "nothing acceptable: the default");
        assert_eq!(negotiate(&offered, Some("en;q=0, ru;q=0.1")), Lang::Ru, "q=0 means not acceptable");
        assert_eq!(negotiate(&offered, Some("en;q=abc")), Lang::Ru, "a malformed q is ignored");
        assert_eq!(negotiate(&[Lang::ZhCn, Lang::En], Some("zh-TW;q=0.8, en;q=0.5")), Lang::ZhCn);
        assert_eq!(negotiate(&[Lang::En, Lang::Hi], Some("HI-in")), Lang::Hi);
    }
}
