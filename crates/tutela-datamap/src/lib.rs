//! The data map as code: the operator's declaration of what personal data it processes, why, on
//! what legal basis, for how long and where, kept as YAML in the operator's version control.
//!
//! A data map is one YAML file, or a folder of `*.yaml` files whose sections (`operator`,
//! `data_categories`, `subject_categories`, `purposes`, `stores`, `recipients`, `transfers`,
//! `processing_activities`) are merged. [`load`] reads and validates it into a [`DataMap`];
//! [`check`] returns every problem as a [`Diagnostic`] (`file:line:column: message — hint`). The
//! format is published as a JSON Schema ([`json_schema`], committed as
//! `schema/datamap.schema.json`).
//!
//! - [`model`]: the types, which parse (ids, regions, retention rules ...) but do not validate.
//! - [`taxonomy`]: the built-in data and subject categories.
//! - `parse`: reading files within limits (size, depth, aliases, entries), and why serde-saphyr.
//! - `validate`: the rules over the whole map, listed in that module's documentation.
//!
//! This crate does no SQL, HTTP or CLI: connectors, the API and `tutela datamap check` build on it.

mod diagnostic;
pub mod diff;
pub mod erasure;
pub mod fides;
pub mod model;
mod parse;
pub mod render;
mod sources;
pub mod taxonomy;
mod validate;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, LoadError};
pub use model::*;
pub use parse::{
    MAX_ALIAS_REPLAYED_EVENTS, MAX_ALIASES_PER_FILE, MAX_ANCHORS_PER_FILE, MAX_DEPTH, MAX_FILE_BYTES, MAX_FILES,
    MAX_NODES_PER_FILE, MAX_TOTAL_BYTES,
};
pub use sources::{content_hash, read_sources};
pub use validate::MAX_DIAGNOSTICS;

/// Reads and validates the data map at `path`: a YAML file, or a folder of them.
pub fn load(path: &Path) -> Result<DataMap, LoadError> {
    let sources = parse::read_path(path).map_err(|diagnostics| LoadError { diagnostics })?;
    load_sources(sources)
}

/// Every problem in the data map at `path`; empty when it is valid.
pub fn check(path: &Path) -> Vec<Diagnostic> {
    match load(path) {
        Ok(_) => Vec::new(),
        Err(error) => error.diagnostics,
    }
}

/// Parses and validates a data map given as (file name, text) pairs, as if they were the files of a
/// folder. The names appear in diagnostics.
pub fn load_sources(sources: Vec<(PathBuf, String)>) -> Result<DataMap, LoadError> {
    let (draft, mut diagnostics) = parse::parse_sources(sources);
    if diagnostics.is_empty() {
        diagnostics = validate::validate(&draft);
    }
    if !diagnostics.is_empty() {
        return Err(LoadError { diagnostics: cap(diagnostics) });
    }
    let parse::Draft { sources, operators, file } = draft;
    let Some(operator) = operators.into_iter().next() else {
        // validate reports a missing operator, so this is not reached; stay total regardless.
        let file_name = sources.first().cloned().unwrap_or_default();
        return Err(LoadError {
            diagnostics: vec![Diagnostic::in_file(file_name, "missing-operator", "the data map declares no operator")],
        });
    };
    Ok(DataMap {
        sources,
        operator,
        data_categories: file.data_categories,
        subject_categories: file.subject_categories,
        purposes: file.purposes,
        stores: file.stores,
        recipients: file.recipients,
        transfers: file.transfers,
        processing_activities: file.processing_activities,
    })
}

/// Keeps the first [`MAX_DIAGNOSTICS`] and says how many more there were.
fn cap(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if diagnostics.len() > MAX_DIAGNOSTICS {
        let left_out = diagnostics.len() - MAX_DIAGNOSTICS;
        let file = diagnostics[MAX_DIAGNOSTICS].file.clone();
        diagnostics.truncate(MAX_DIAGNOSTICS);
        diagnostics.push(Diagnostic::in_file(
            file,
            "too-many-problems",
            format!("{left_out} more problems are not shown"),
        ));
    }
    diagnostics
}

/// The JSON Schema of one data map file (draft 2020-12).
pub fn json_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(DataMapFile);
    schema.insert(
        "$id".to_owned(),
        serde_json::Value::String("https://example.invalid/tutela/schema/datamap.schema.json".to_owned()),
    );
    schema.to_value()
}
