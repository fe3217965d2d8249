//! CSV and JSON Lines introspection: a file is a table; a CSV file's header row, or the keys of a
//! JSON Lines file's first records, are its columns.
//!
//! Only the start of each file is read ([`Limits::max_file_bytes`], at most
//! [`Limits::max_sample_lines`] records): enough to name the columns and guess each one's type from
//! the sampled values (`integer`, `real`, `boolean`, `text`, and for JSON `object` and `array`;
//! `mixed` when they disagree). A column is nullable when a sampled value is empty, `null` or
//! missing. A line cut by the byte limit is not read. Files have no keys, so no primary or foreign
//! key is reported; [`crate::draft`] suggests references from column names instead.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::location::file_kind;
use crate::{ConnectError, IntrospectedColumn, IntrospectedStore, IntrospectedTable, Limits, StoreKind};

/// Reads the structure of one data file, or of every file of `kind` in a folder.
pub(crate) fn introspect(kind: StoreKind, path: &Path, limits: &Limits) -> Result<IntrospectedStore, ConnectError> {
    let (folder, files) = if path.is_dir() {
        (path.to_owned(), list_files(kind, path, limits)?)
    } else {
        let folder = path.parent().map(Path::to_owned).unwrap_or_default();
        (folder, vec![path.to_owned()])
    };
    let mut tables = Vec::with_capacity(files.len());
    for file in &files {
        let name = file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
        let sample = read_start(file, limits.max_file_bytes)?;
        let columns = match kind {
            StoreKind::Jsonl => jsonl_columns(file, &sample, limits)?,
            _ => csv_columns(file, &sample, limits)?,
        };
        tables.push(IntrospectedTable { name, columns, primary_key: vec![], foreign_keys: vec![] });
    }
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    let location = if folder.as_os_str().is_empty() { ".".to_owned() } else { folder.display().to_string() };
    Ok(IntrospectedStore { kind, location, schema: None, tables })
}

fn list_files(kind: StoreKind, folder: &Path, limits: &Limits) -> Result<Vec<PathBuf>, ConnectError> {
    let io = |source| ConnectError::Io { path: folder.to_owned(), source };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_file() && file_kind(&path) == Some(kind) {
            if files.len() >= limits.max_tables {
                return Err(ConnectError::TooManyTables {
                    location: folder.display().to_string(),
                    max_tables: limits.max_tables,
                });
            }
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The first `max_bytes` of the file, as text, without a last line the limit cut short.
fn read_start(path: &Path, max_bytes: u64) -> Result<String, ConnectError> {
    let io = |source| ConnectError::Io { path: path.to_owned(), source };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max_bytes {
        bytes.truncate(bytes.iter().rposition(|&b| b == b'\n').map_or(0, |newline| newline + 1));
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        let line = 1 + error.as_bytes()[..error.utf8_error().valid_up_to()].iter().filter(|&&b| b == b'\n').count();
        ConnectError::MalformedFile { path: path.to_owned(), line: line as u64, reason: "not UTF-8 text".to_owned() }
    })?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text))
}

/// What the sampled values of one column have been.
#[derive(Clone, Debug, Default)]
struct Seen {
    name: String,
    kind: Option<&'static str>,
    nullable: bool,
}

impl Seen {
    fn value(&mut self, kind: Option<&'static str>) {
        match (kind, self.kind) {
            (None, _) => self.nullable = true,
            (Some(kind), None) => self.kind = Some(kind),
            (Some("integer"), Some("real")) => {}
            (Some("real"), Some("integer")) => self.kind = Some("real"),
            (Some(kind), Some(seen)) if kind != seen => self.kind = Some("mixed"),
            _ => {}
        }
    }

    fn into_column(self, rows: usize) -> IntrospectedColumn {
        let data_type = self.kind.unwrap_or("unknown").to_owned();
        IntrospectedColumn { name: self.name, data_type, nullable: self.nullable || rows == 0 }
    }
}

fn malformed(path: &Path, line: u64, reason: impl Into<String>) -> ConnectError {
    ConnectError::MalformedFile { path: path.to_owned(), line, reason: reason.into() }
}

fn csv_columns(path: &Path, text: &str, limits: &Limits) -> Result<Vec<IntrospectedColumn>, ConnectError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let csv_error = |error: csv::Error| {
        let line = error.position().map_or(1, csv::Position::line);
        malformed(path, line, format!("not valid CSV: {error}"))
    };
    let headers = reader.headers().map_err(csv_error)?.clone();
    if headers.is_empty() || headers.iter().all(str::is_empty) {
        return Err(malformed(path, 1, "the file has no header row naming its columns"));
    }
    if headers.len() > limits.max_columns {
        return Err(ConnectError::TooManyColumns {
            table: path.display().to_string(),
            max_columns: limits.max_columns,
        });
    }
    let mut columns: Vec<Seen> = Vec::with_capacity(headers.len());
    for (index, header) in headers.iter().enumerate() {
        let name = header.trim();
        if name.is_empty() {
            return Err(malformed(path, 1, format!("column {} has an empty name in the header", index + 1)));
        }
        if columns.iter().any(|seen| seen.name == name) {
            return Err(malformed(path, 1, format!("column {name:?} appears twice in the header")));
        }
        columns.push(Seen { name: name.to_owned(), ..Seen::default() });
    }
    let mut rows = 0;
    for record in reader.records().take(limits.max_sample_lines) {
        let record = record.map_err(csv_error)?;
        rows += 1;
        for (seen, value) in columns.iter_mut().zip(record.iter()) {
            seen.value(csv_kind(value));
        }
    }
    Ok(columns.into_iter().map(|seen| seen.into_column(rows)).collect())
}

/// The type of a CSV value; `None` for an empty one.
fn csv_kind(value: &str) -> Option<&'static str> {
    let value = value.trim();
    if value.is_empty() {
        None
    } else if value.parse::<i64>().is_ok() {
        Some("integer")
    } else if value.parse::<f64>().is_ok_and(f64::is_finite) {
        Some("real")
    } else if matches!(value.to_ascii_lowercase().as_str(), "true" | "false") {
        Some("boolean")
    } else {
        Some("text")
    }
}

fn jsonl_columns(path: &Path, text: &str, limits: &Limits) -> Result<Vec<IntrospectedColumn>, ConnectError> {
    let mut columns: Vec<Seen> = Vec::new();
    let mut rows = 0;
    for (index, line) in text.lines().enumerate() {
        if rows >= limits.max_sample_lines {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        let line_number = index as u64 + 1;
        let mut deserializer = serde_json::Deserializer::from_str(line);
        let keys = deserializer
            .deserialize_any(KeysVisitor { max_keys: limits.max_columns })
            .map_err(|error| malformed(path, line_number, format!("not a JSON object: {error}")))?
            .ok_or_else(|| malformed(path, line_number, "each line must be a JSON object ({...})"))?;
        rows += 1;
        for seen in &mut columns {
            if !keys.iter().any(|(key, _)| *key == seen.name) {
                seen.nullable = true;
            }
        }
        for (key, kind) in keys {
            match columns.iter_mut().find(|seen| seen.name == key) {
                Some(seen) => seen.value(kind),
                None => {
                    if columns.len() >= limits.max_columns {
                        return Err(ConnectError::TooManyColumns {
                            table: path.display().to_string(),
                            max_columns: limits.max_columns,
                        });
                    }
                    // A key first seen after the first record was missing before it.
                    let mut seen = Seen { name: key, nullable: rows > 1, ..Seen::default() };
                    seen.value(kind);
                    columns.push(seen);
                }
            }
        }
    }
    Ok(columns.into_iter().map(|seen| seen.into_column(rows)).collect())
}

/// Reads one JSON value: for an object, its keys in written order with each value's type; for
/// anything else, `None`. serde_json's own map would sort the keys.
struct KeysVisitor {
    max_keys: usize,
}

type Keys = Option<Vec<(String, Option<&'static str>)>>;

impl<'de> Visitor<'de> for KeysVisitor {
    type Value = Keys;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
        let mut keys: Vec<(String, Option<&'static str>)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if keys.len() >= self.max_keys {
                return Err(serde::de::Error::custom(format!("more than {} keys", self.max_keys)));
            }
            let kind = map.next_value::<ValueKind>()?.0;
            match keys.iter_mut().find(|(seen, _)| *seen == key) {
                Some(entry) => entry.1 = kind,
                None => keys.push((key, kind)),
            }
        }
        Ok(Some(keys))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Keys, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Keys, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Keys, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Keys, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Keys, E> {
        Ok(None)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Keys, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Keys, E> {
        Ok(None)
    }
}

/// The type of one JSON value, its content skipped; `None` for `null`.
struct ValueKind(Option<&'static str>);

impl<'de> serde::Deserialize<'de> for ValueKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KindVisitor;
        impl<'de> Visitor<'de> for KindVisitor {
            type Value = ValueKind;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<ValueKind, E> {
                Ok(ValueKind(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<ValueKind, E> {
                Ok(ValueKind(Some("boolean")))
            }
            fn visit_i64<E>(self, _: i64) -> Result<ValueKind, E> {
                Ok(ValueKind(Some("integer")))
            }
            fn visit_u64<E>(self, _: u64) -> Result<ValueKind, E> {
                Ok(ValueKind(Some("integer")))
            }
            fn visit_f64<E>(self, _: f64) -> Result<ValueKind, E> {
                Ok(ValueKind(Some("real")))
            }
            fn visit_str<E>(self, _: &str) -> Result<ValueKind, E> {
                Ok(ValueKind(Some("text")))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<ValueKind, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ValueKind(Some("array")))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ValueKind, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(ValueKind(Some("object")))
            }
        }
        deserializer.deserialize_any(KindVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits { max_sample_lines: 10, ..Limits::default() }
    }

    #[test]
    fn csv_types_and_nullability_come_from_the_sample() {
        let text = "id,email,score,note\n1,a@x.example,1.5,\n2,\"b,c@x.example\",2,hi\n";
        let columns = csv_columns(Path::new("t.csv"), text, &limits()).expect("csv");
        let summary: Vec<_> = columns.iter().map(|c| (c.name.as_str(), c.data_type.as_str(), c.nullable)).collect();
        assert_eq!(
            summary,
            [("id", "integer", false), ("email", "text", false), ("score", "real", false), ("note", "text", true)]
        );
    }

    #[test]
    fn csv_errors_name_the_line() {
        let error = csv_columns(Path::new("t.csv"), "a,a\n1,2\n", &limits()).expect_err("duplicate");
        assert_eq!(error.to_string(), "t.csv:1: column \"a\" appears twice in the header");
        let error = csv_columns(Path::new("t.csv"), "a,b\n1,2\n3\n", &limits()).expect_err("short row");
        assert!(error.to_string().starts_with("t.csv:3: not valid CSV"), "{error}");
    }

    #[test]
    fn jsonl_keys_keep_their_order_and_missing_keys_are_nullable() {
        let text = "{\"z\":1,\"a\":\"x\"}\n\n{\"z\":2.5,\"b\":{\"n\":1},\"a\":null}\n";
        let columns = jsonl_columns(Path::new("t.jsonl"), text, &limits()).expect("jsonl");
        let summary: Vec<_> = columns.iter().map(|c| (c.name.as_str(), c.data_type.as_str(), c.nullable)).collect();
        assert_eq!(summary, [("z", "real", false), ("a", "text", true), ("b", "object", true)]);
        let error = jsonl_columns(Path::new("t.jsonl"), "{\"a\":1}\n[1,2]\n", &limits()).expect_err("array");
        assert_eq!(error.to_string(), "t.jsonl:2: each line must be a JSON object ({...})");
        let error = jsonl_columns(Path::new("t.jsonl"), "{\"a\":\n", &limits()).expect_err("cut");
        assert!(error.to_string().starts_with("t.jsonl:1: not a JSON object"), "{error}");
    }

    #[test]
    fn a_line_cut_by_the_byte_limit_is_not_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.jsonl");
        std::fs::write(&path, "{\"a\":1}\n{\"a\":2,\"b\":\"long\"}\n").expect("write");
        let text = read_start(&path, 12).expect("read");
        assert_eq!(text, "{\"a\":1}\n");
    }
}
