//! CSV and JSON Lines: each cell or JSON value is scanned on its own, with its column name or JSON
//! path as context ("passport_no" makes a bare number a passport), and reported with it.
//!
//! Both are read record by record within fixed limits. A CSV field longer than the field buffer is
//! scanned in pieces of that size (a value cut at a piece boundary can be missed); a JSON Lines
//! record longer than the limit is skipped and reported; a line that is not JSON is scanned as text.
//! Offsets within the line are exact for unquoted CSV fields and for JSON strings without escapes;
//! otherwise they point at the first occurrence of the value's text in the line, or its start.

use std::io::BufRead;

use crate::engine::{ScanState, Scanner};
use crate::source::{Event, SourceOptions, Summary, ValueSite, read_line_bounded, report_value};

/// At most this many CSV columns get their header's name; later ones are called `column N`.
const MAX_COLUMNS: usize = 4096;
/// A header name is cut to this many bytes.
const MAX_COLUMN_NAME_BYTES: usize = 256;
/// CSV fields are scanned in pieces of at most this many bytes.
const MAX_FIELD_PIECE_BYTES: usize = 1 << 20;

/// Scans a CSV file whose first record names the columns.
#[allow(clippy::too_many_arguments)]
pub(crate) fn scan_csv(
    scanner: &Scanner,
    state: &mut ScanState,
    mut reader: impl BufRead,
    delimiter: u8,
    path: &str,
    options: &SourceOptions,
    summary: &mut Summary,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<(), String> {
    let mut csv = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut field = vec![0u8; options.max_record_bytes.clamp(1024, MAX_FIELD_PIECE_BYTES)];
    let mut field_len = 0;
    let mut headers: Vec<String> = Vec::new();
    let (mut record, mut column) = (0u64, 0usize);
    let (mut line, mut line_start, mut offset) = (1u64, 0u64, 0u64);
    // Where the current field started: file offset, line, that line's start, quoted or not.
    let mut field_start: Option<(u64, u64, u64, bool)> = None;
    loop {
        let input = reader.fill_buf().map_err(|e| format!("read error on line {line}: {e}"))?;
        let at_start = *field_start.get_or_insert((offset, line, line_start, input.first() == Some(&b'"')));
        let (result, consumed, written) = csv.read_field(input, &mut field[field_len..]);
        for nl in memchr::memchr_iter(b'\n', &input[..consumed]) {
            line += 1;
            line_start = offset + nl as u64 + 1;
        }
        offset += consumed as u64;
        summary.bytes += consumed as u64;
        reader.consume(consumed);
        field_len += written;
        let name = |column: usize| headers.get(column).cloned().unwrap_or_else(|| format!("column {}", column + 1));
        match result {
            csv_core::ReadFieldResult::InputEmpty => {}
            csv_core::ReadFieldResult::OutputFull => {
                if record > 0 {
                    let column_name = name(column);
                    report_field(scanner, state, &field[..field_len], path, at_start, &column_name, summary, on_event);
                }
                field_len = 0;
            }
            csv_core::ReadFieldResult::Field { record_end } => {
                if record == 0 {
                    if headers.len() < MAX_COLUMNS {
                        let text = String::from_utf8_lossy(&field[..field_len.min(MAX_COLUMN_NAME_BYTES)]);
                        headers.push(text.trim().to_owned());
                    }
                } else {
                    let column_name = name(column);
                    report_field(scanner, state, &field[..field_len], path, at_start, &column_name, summary, on_event);
                }
                field_len = 0;
                field_start = None;
                column += 1;
                if record_end {
                    record += 1;
                    column = 0;
                }
            }
            csv_core::ReadFieldResult::End => return Ok(()),
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn report_field(
    scanner: &Scanner,
    state: &mut ScanState,
    value: &[u8],
    path: &str,
    (offset, line, line_start, quoted): (u64, u64, u64, bool),
    column: &str,
    summary: &mut Summary,
    on_event: &mut dyn FnMut(Event<'_>),
) {
    let value_offset = offset + u64::from(quoted);
    let site = ValueSite {
        path,
        line,
        start_in_line: value_offset - line_start,
        offset: value_offset,
        column: Some(column),
        json_path: None,
    };
    report_value(scanner, state, value, &site, summary, on_event);
}

/// Scans a JSON Lines file: one JSON document per line.
pub(crate) fn scan_json_lines(
    scanner: &Scanner,
    state: &mut ScanState,
    mut reader: impl BufRead,
    path: &str,
    options: &SourceOptions,
    summary: &mut Summary,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<(), String> {
    let mut line = Vec::new();
    let (mut line_no, mut offset) = (0u64, 0u64);
    loop {
        let (consumed, too_long) = read_line_bounded(&mut reader, &mut line, options.max_record_bytes)
            .map_err(|e| format!("read error on line {}: {e}", line_no + 1))?;
        if consumed == 0 {
            return Ok(());
        }
        line_no += 1;
        summary.bytes += consumed;
        if too_long {
            summary.skipped += 1;
            let reason = format!("line {line_no} is longer than {} bytes; not scanned", options.max_record_bytes);
            on_event(Event::Skipped { path, reason: &reason });
        } else {
            let text = line.strip_suffix(b"\r").unwrap_or(&line);
            let site = ValueSite { path, line: line_no, start_in_line: 0, offset, column: None, json_path: None };
            match serde_json::from_slice::<serde_json::Value>(text) {
                Ok(value) => {
                    let mut json_path = String::from("$");
                    let mut visit = |json_path: &str, value: &[u8]| {
                        let at = memchr::memmem::find(text, value).unwrap_or(0) as u64;
                        let site =
                            ValueSite { start_in_line: at, offset: offset + at, json_path: Some(json_path), ..site };
                        report_value(scanner, state, value, &site, summary, on_event);
                    };
                    walk(&value, &mut json_path, &mut visit);
                }
                // Not JSON: still text that may hold personal data.
                Err(_) => report_value(scanner, state, text, &site, summary, on_event),
            }
        }
        offset += consumed;
    }
}

/// Calls `visit` with the JSON path and text of every string and number in `value`.
fn walk(value: &serde_json::Value, json_path: &mut String, visit: &mut dyn FnMut(&str, &[u8])) {
    use serde_json::Value;
    match value {
        Value::String(s) => visit(json_path, s.as_bytes()),
        Value::Number(n) => visit(json_path, n.to_string().as_bytes()),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = json_path.len();
                json_path.push_str(&format!("[{i}]"));
                walk(item, json_path, visit);
                json_path.truncate(len);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let len = json_path.len();
                if !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    json_path.push('.');
                    json_path.push_str(key);
                } else {
                    json_path.push_str(&format!("[{}]", serde_json::Value::from(key.as_str())));
                }
                walk(item, json_path, visit);
                json_path.truncate(len);
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
}
