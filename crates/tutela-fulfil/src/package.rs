//! The access and portability package: one zip file holding `manifest.json` (who, when, what was
//! found per store and table with its keys, what was held or left out and why), the rows of each
//! table as `data/<store>/<table>.json` and `.csv`, and `summary.html`, the categories, purposes,
//! legal bases, recipients and retention the data map declares for what was found, in the
//! subject's language.
//!
//! The zip is written to a temporary file beside the target and renamed into place, so a full disk
//! or a crash never leaves a half package under the final name.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use serde_json::{Value, json};
use tutela_datamap::{DataMap, Lang};
use zip::write::SimpleFileOptions;

use crate::FulfilError;
use crate::find::Found;
use crate::graph::Graph;
use crate::identity::Identity;
use crate::store::text_of;

/// What a written package holds, per table.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct PackagedTable {
    /// The store.
    pub store: String,
    /// The table.
    pub table: String,
    /// Rows written.
    pub rows: u64,
}

/// Writes the package for the found rows to `out`.
pub fn write_package(
    map: &DataMap,
    graph: &Graph,
    found: &Found,
    identities: &[Identity],
    lang: Lang,
    out: &Path,
) -> Result<Vec<PackagedTable>, FulfilError> {
    let io = |e: std::io::Error| FulfilError::Package(format!("cannot write {}: {e}", out.display()));
    let zip_error = |e: zip::result::ZipError| FulfilError::Package(format!("cannot write {}: {e}", out.display()));
    let temporary = out.with_extension("zip.partial");
    let file = std::fs::File::create(&temporary).map_err(io)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut packaged = Vec::new();
    let mut manifest_tables = Vec::new();
    let mut excluded = Vec::new();
    let mut holds = Vec::new();
    for found_table in &found.tables {
        let (store, table) = graph.resolve(map, found_table.node);
        if let Some(ground) = &table.exclude_from_access {
            excluded.push(json!({ "store": store.id.as_str(), "table": table.name.as_str(), "ground": ground.as_str(), "rows": found_table.rows.len() }));
            continue;
        }
        let included: Vec<(usize, &str)> = table
            .fields
            .iter()
            .filter(|field| {
                if let Some(ground) = &field.exclude_from_access {
                    excluded.push(json!({ "store": store.id.as_str(), "table": table.name.as_str(), "field": field.name.as_str(), "ground": ground.as_str() }));
                    return false;
                }
                true
            })
            .filter_map(|field| found_table.column(field.name.as_str()).map(|i| (i, field.name.as_str())))
            .collect();
        let objects: Vec<Value> = found_table
            .rows
            .iter()
            .map(|row| Value::Object(included.iter().map(|&(i, name)| (name.to_owned(), row[i].clone())).collect()))
            .collect();
        let base = format!("data/{}/{}", store.id.as_str(), table.name.as_str());
        zip.start_file(format!("{base}.json"), options).map_err(zip_error)?;
        serde_json::to_writer_pretty(&mut zip, &objects).map_err(|e| FulfilError::Package(e.to_string()))?;
        zip.start_file(format!("{base}.csv"), options).map_err(zip_error)?;
        let mut writer = csv::Writer::from_writer(Vec::new());
        let csv_error = |e: csv::Error| FulfilError::Package(e.to_string());
        writer.write_record(included.iter().map(|&(_, name)| name)).map_err(csv_error)?;
        for row in &found_table.rows {
            writer
                .write_record(included.iter().map(|&(i, _)| text_of(&row[i]).unwrap_or_default()))
                .map_err(csv_error)?;
        }
        let bytes = writer.into_inner().map_err(|e| FulfilError::Package(e.to_string()))?;
        zip.write_all(&bytes).map_err(io)?;
        let keys: Vec<Value> = found_table
            .rows
            .iter()
            .map(|row| {
                Value::Array(
                    found_table
                        .key_of(row)
                        .into_iter()
                        .filter(|(f, _)| f != "rowid")
                        .map(|(_, v)| Value::String(v))
                        .collect(),
                )
            })
            .filter(|key| key.as_array().is_some_and(|k| !k.is_empty()))
            .collect();
        if let Some(purpose) = &table.hold {
            holds.push(json!({ "store": store.id.as_str(), "table": table.name.as_str(), "purpose": purpose.as_str(), "ground": hold_ground(map, purpose.as_str(), lang) }));
        }
        manifest_tables.push(json!({
            "store": store.id.as_str(), "table": table.name.as_str(), "rows": found_table.rows.len(),
            "primary_key": found_table.key.iter().filter(|k| *k != "rowid").collect::<Vec<_>>(), "keys": keys,
        }));
        packaged.push(PackagedTable {
            store: store.id.as_str().to_owned(),
            table: table.name.as_str().to_owned(),
            rows: found_table.rows.len() as u64,
        });
    }
    let default = map.operator.default_language();
    let manifest = json!({
        "format": "tutela-access-package/1",
        "operator": map.operator.legal_name.resolve(lang, default).text,
        "generated_at": jiff::Timestamp::now().to_string(),
        "language": lang.as_str(),
        "identities": identities,
        "tables": manifest_tables,
        "held": holds,
        "excluded": excluded,
    });
    zip.start_file("manifest.json", options).map_err(zip_error)?;
    serde_json::to_writer_pretty(&mut zip, &manifest).map_err(|e| FulfilError::Package(e.to_string()))?;
    zip.start_file("summary.html", options).map_err(zip_error)?;
    zip.write_all(summary_html(map, graph, found, lang).as_bytes()).map_err(io)?;
    let file = zip.finish().map_err(zip_error)?;
    file.sync_all().map_err(io)?;
    std::fs::rename(&temporary, out).map_err(io)?;
    Ok(packaged)
}

fn hold_ground(map: &DataMap, purpose: &str, lang: Lang) -> String {
    let default = map.operator.default_language();
    let Some(purpose) = map.purposes.iter().find(|p| p.id.as_str() == purpose) else { return String::new() };
    let articles: Vec<String> = purpose
        .legal_basis
        .as_ref()
        .map(|basis| basis.articles.values().map(|text| text.resolve(lang, default).text.to_owned()).collect())
        .unwrap_or_default();
    format!("{} ({})", articles.join("; "), retention_text(purpose))
}

/// The categories of the found fields, and for the processing activities that use them, the
/// purposes, legal bases, retention and recipients.
fn summary_html(map: &DataMap, graph: &Graph, found: &Found, lang: Lang) -> String {
    let default = map.operator.default_language();
    let mut categories: BTreeSet<String> = BTreeSet::new();
    let mut stores: BTreeSet<&str> = BTreeSet::new();
    for found_table in &found.tables {
        let (store, table) = graph.resolve(map, found_table.node);
        stores.insert(store.id.as_str());
        for field in &table.fields {
            categories.extend(field.categories.iter().map(|c| c.as_str().to_owned()));
        }
    }
    let activities: Vec<_> = map
        .processing_activities
        .iter()
        .filter(|a| a.data_categories.iter().any(|c| categories.contains(c.as_str())))
        .filter(|a| a.stores.is_empty() || a.stores.iter().any(|s| stores.contains(s.as_str())))
        .collect();
    let mut html = String::new();
    let title = map.operator.legal_name.resolve(lang, default).text;
    html.push_str(&format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>\n<h1>{}</h1>\n",
        lang.as_str(),
        escape(title),
        escape(title)
    ));
    html.push_str("<h2>data_categories</h2>\n<ul>\n");
    for category in &categories {
        html.push_str(&format!("<li><code>{}</code></li>\n", escape(category)));
    }
    html.push_str("</ul>\n<h2>purposes</h2>\n<table>\n<tr><th>purpose</th><th>legal_basis</th><th>retention</th><th>recipients</th></tr>\n");
    let mut purposes_seen = BTreeSet::new();
    for activity in &activities {
        for purpose_id in &activity.purposes {
            if !purposes_seen.insert(purpose_id.as_str()) {
                continue;
            }
            let Some(purpose) = map.purposes.iter().find(|p| p.id.as_str() == purpose_id.as_str()) else { continue };
            let basis = purpose.legal_basis.as_ref().map(|b| {
                let articles: Vec<&str> = b.articles.values().map(|t| t.resolve(lang, default).text).collect();
                format!("{} — {}", b.kind.value.as_str(), articles.join("; "))
            });
            let recipients: Vec<&str> = map
                .recipients
                .iter()
                .filter(|r| r.purposes.iter().any(|p| p.as_str() == purpose_id.as_str()))
                .map(|r| r.name.resolve(lang, default).text)
                .collect();
            html.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(purpose.description.resolve(lang, default).text),
                escape(&basis.unwrap_or_default()),
                escape(&retention_text(purpose)),
                escape(&recipients.join(", "))
            ));
        }
    }
    html.push_str("</table>\n</body></html>\n");
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn retention_text(purpose: &tutela_datamap::Purpose) -> String {
    let limits = purpose.retention.as_ref().map(|r| r.value.limits.iter().map(ToString::to_string).collect::<Vec<_>>());
    limits.unwrap_or_default().join(", ")
}
