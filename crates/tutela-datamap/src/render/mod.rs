//! The published artefacts of a data map, rendered in one of Tutela's languages as HTML, CSV or
//! JSON: the record of processing activities, China's lists of personal information collected and
//! shared (with the SDK directory), and the data section of the privacy notice.
//!
//! [`render`] takes a validated [`DataMap`], the [`Artifact`], the [`Lang`], the [`Format`] and the
//! [`Edition`] (which stored version of the map, and its content hash; the caller supplies it) and
//! returns the document. Every word that is not the operator's comes from the Fluent messages of
//! `tutela-i18n`; the operator's own texts come from the map in the language asked for, or fall back
//! to the map's default language when the operator did not translate them.
//!
//! # The artefacts
//!
//! - `ropa`: one row per processing activity × purpose, with the columns of GDPR art. 30(1) (the
//!   controller and its contacts above the table; purposes, categories of subjects and of data,
//!   recipients, transfers with their mechanism, retention) and of a 152-FZ processing table (legal
//!   basis with its article under each law, the processing actions, where the data is stored).
//! - `pi-collected` (个人信息收集清单): per business function (processing activity) and purpose, the
//!   data items, how they are collected (the activity's `collection`, or, when absent, "provided by
//!   the subject" and/or "collected automatically" as its categories imply), whether they are
//!   required (optional when the purpose rests on consent), and retention.
//! - `pi-shared` (第三方信息共享清单): every recipient that is not an SDK, then the SDK directory:
//!   name, role, legal entity, country, data items, purposes, method, policy link, and whether (and
//!   under which mechanism) the data leaves the operator's country (the EEA for an operator in it).
//! - `notice`: what is collected and why, on which basis and for how long; recipients; transfers and
//!   where the data is stored; the subject's rights under the operator's laws and how to reach the
//!   operator.
//!
//! # Formats
//!
//! - **HTML**: a self-contained page (`lang` attribute, inline CSS, no scripts) from the askama
//!   template `templates/artifact.html`, every value escaped. A text that fell back to another
//!   language is wrapped in `<span lang="..">`, and the page says that untranslated texts are shown
//!   in the original language.
//! - **CSV** (RFC 4180, via the `csv` crate): one header row of localized column names, then the
//!   artefact's main table (ropa: the activities; pi-collected: the items; pi-shared: third parties
//!   then SDKs; notice: what is collected). A cell holding a list puts one entry per line.
//! - **JSON**: a stable document, keys in English snake case, values localized:
//!
//! ```json
//! {
//!   "format": "tutela.datamap.artifact/1",
//!   "artifact": "ropa", "lang": "ru", "title": "…",
//!   "edition": { "version": 3, "content_hash": "<sha-256 hex>", "text": "…" },
//!   "operator": { "heading": "…", "fields": [ { "key": "legal_name", "label": "…", "value": "…" } ] },
//!   "sections": [ {
//!       "key": "activities", "heading": "…", "paragraphs": ["…"],
//!       "fields_intro": null, "fields": [],
//!       "columns": [ { "key": "purpose", "label": "…", "list": false } ],
//!       "rows": [ { "purpose": "…", "data_categories": ["…", "…"] } ] } ],
//!   "notes": ["…"]
//! }
//! ```
//!
//! A field or cell is a string (empty when there is nothing) unless its column has `"list": true`,
//! then an array of strings. Row keys are the column keys, in column order. Section and column keys
//! are part of the format; adding one is compatible, renaming one bumps `format`.

mod artifacts;
mod context;
mod document;
mod rights;

use std::fmt;
use std::str::FromStr;

use askama::Template;
use tutela_i18n::{Lang, MessageError};

use crate::model::DataMap;
use context::Ctx;
use document::{Document, EditionView, Item};

pub use context::vocabulary_ids;

/// The `format` value of the JSON documents.
pub const JSON_FORMAT: &str = "tutela.datamap.artifact/1";

/// Which artefact to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Artifact {
    /// The record of processing activities (GDPR art. 30; the 152-FZ processing table).
    Ropa,
    /// China's list of personal information collected (个人信息收集清单).
    PiCollected,
    /// China's list of personal information shared with third parties (第三方信息共享清单), with
    /// the SDK directory.
    PiShared,
    /// The data section of the privacy notice.
    Notice,
}

impl Artifact {
    /// Every artefact.
    pub const ALL: [Artifact; 4] = [Artifact::Ropa, Artifact::PiCollected, Artifact::PiShared, Artifact::Notice];

    /// Its name on the command line and in URLs: `ropa`, `pi-collected`, `pi-shared`, `notice`.
    pub fn as_str(self) -> &'static str {
        match self {
            Artifact::Ropa => "ropa",
            Artifact::PiCollected => "pi-collected",
            Artifact::PiShared => "pi-shared",
            Artifact::Notice => "notice",
        }
    }
}

impl fmt::Display for Artifact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not an artefact.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown artifact {name:?}: expected one of ropa, pi-collected, pi-shared, notice")]
pub struct UnknownArtifact {
    /// The name given (cut to 32 characters).
    pub name: String,
}

impl FromStr for Artifact {
    type Err = UnknownArtifact;
    fn from_str(name: &str) -> Result<Self, UnknownArtifact> {
        Artifact::ALL
            .into_iter()
            .find(|artifact| artifact.as_str() == name)
            .ok_or_else(|| UnknownArtifact { name: name.chars().take(32).collect() })
    }
}

/// The output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// A self-contained HTML page.
    Html,
    /// The main table as CSV with a header row.
    Csv,
    /// The whole document as JSON (see the module documentation).
    Json,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::Html, Format::Csv, Format::Json];

    /// Its name: `html`, `csv`, `json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    /// The media type to serve it with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a format.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown format {name:?}: expected one of html, csv, json")]
pub struct UnknownFormat {
    /// The name given (cut to 32 characters).
    pub name: String,
}

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(name: &str) -> Result<Self, UnknownFormat> {
        Format::ALL
            .into_iter()
            .find(|format| format.as_str() == name)
            .ok_or_else(|| UnknownFormat { name: name.chars().take(32).collect() })
    }
}

/// Which version of the data map an artefact is rendered from; every artefact shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edition {
    /// The stored version number; `None` for a map that has not been applied (a draft).
    pub version: Option<u64>,
    /// The map's content hash ([`crate::content_hash`]).
    pub content_hash: String,
}

/// A rendered artefact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The document.
    pub body: String,
    /// Its media type (`text/html; charset=utf-8` ...).
    pub media_type: &'static str,
}

/// Why an artefact could not be rendered. None of these follow from the map's content: they are
/// defects of Tutela's messages or templates, which the tests exercise.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A message is missing or does not format in the language asked for.
    #[error("message: {0}")]
    Message(#[from] MessageError),
    /// The HTML template failed.
    #[error("HTML template: {0}")]
    Template(String),
    /// Writing CSV failed.
    #[error("CSV: {0}")]
    Csv(String),
    /// Writing JSON failed.
    #[error("JSON: {0}")]
    Json(String),
}

/// Renders one artefact of a validated data map.
pub fn render(
    map: &DataMap,
    artifact: Artifact,
    lang: Lang,
    format: Format,
    edition: &Edition,
) -> Result<Rendered, RenderError> {
    let document = build(map, artifact, lang, edition)?;
    let body = match format {
        Format::Html => html(&document)?,
        Format::Csv => csv(&document)?,
        Format::Json => json(&document)?,
    };
    Ok(Rendered { body, media_type: format.media_type() })
}

fn build(map: &DataMap, artifact: Artifact, lang: Lang, edition: &Edition) -> Result<Document, RenderError> {
    let ctx = Ctx::new(map, lang);
    let sections = match artifact {
        Artifact::Ropa => artifacts::ropa(&ctx)?,
        Artifact::PiCollected => artifacts::pi_collected(&ctx)?,
        Artifact::PiShared => artifacts::pi_shared(&ctx)?,
        Artifact::Notice => artifacts::notice(&ctx)?,
    };
    let operator = artifacts::operator_fields(&ctx)?;
    let version_text = match edition.version {
        Some(version) => ctx.fmt("edition-version", &[("version", tutela_i18n::Arg::Text(&version.to_string()))])?,
        None => ctx.msg("edition-draft")?,
    };
    let mut notes = vec![ctx.msg("edition-generated")?];
    // Asked after building everything, so it knows whether any text fell back.
    if ctx.fell_back() {
        notes.push(ctx.msg("edition-fallback")?);
    }
    Ok(Document {
        artifact: artifact.as_str(),
        lang,
        title: ctx.msg(&format!("artifact-{}-title", artifact.as_str()))?,
        edition: EditionView {
            version: edition.version,
            version_text,
            hash_label: ctx.msg("edition-hash")?,
            content_hash: edition.content_hash.clone(),
        },
        operator_heading: ctx.msg("section-operator")?,
        operator,
        sections,
        notes,
    })
}

#[derive(Template)]
#[template(path = "artifact.html")]
struct Page<'a> {
    doc: &'a Document,
}

fn html(document: &Document) -> Result<String, RenderError> {
    Page { doc: document }.render().map_err(|error| RenderError::Template(error.to_string()))
}

fn csv(document: &Document) -> Result<String, RenderError> {
    let table = document.main_table();
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let csv_error = |error: ::csv::Error| RenderError::Csv(error.to_string());
    writer.write_record(table.columns.iter().map(|column| column.label.as_str())).map_err(csv_error)?;
    for row in &table.rows {
        let cells = row.iter().map(|cell| cell.iter().map(Item::text).collect::<Vec<_>>().join("\n"));
        writer.write_record(cells).map_err(csv_error)?;
    }
    let bytes = writer.into_inner().map_err(|error| RenderError::Csv(error.to_string()))?;
    String::from_utf8(bytes).map_err(|error| RenderError::Csv(error.to_string()))
}

fn json(document: &Document) -> Result<String, RenderError> {
    let mut text = serde_json::to_string_pretty(document).map_err(|error| RenderError::Json(error.to_string()))?;
    text.push('\n');
    Ok(text)
}
