//! CSV and JSON Lines: each cell or JSON value is scanned on its own, with its column name or JSON
//! path as context ("passport_no" makes a bare number a passport), and reported with it.
//!
//! A file is read on the reading thread into batches of values, about one chunk of input each,
//! which the scanning threads scan like chunks of text: a big export is scanned on every thread,
//! and findings are still reported in file order. CSV is split into cells as it is read; JSON Lines
//! records are parsed by the scanning threads when there are several ([`parse_records`]). A batch
//! holds the values' bytes end to end, so it costs a few allocations, not one per cell.
//!
//! Both formats are read record by record within fixed limits. A CSV field longer than the field
//! buffer is scanned in pieces of that size (a value cut at a piece boundary can be missed); a JSON
//! Lines record longer than the limit is skipped and reported; a line that is not JSON is scanned
//! as text. Offsets are exact for CSV fields (a quoted field's point at its first byte after the
//! quote) and for JSON strings without escapes and numbers as serde_json writes them; a JSON value
//! whose text differs from the document's (escapes, `1e3`) is placed where the previous value
//! ended. A read error ends the file after the values read before it. CSV lines that are well
//! formed are split directly; csv_core reads the rest (quoted line breaks, stray quotes).

use std::collections::HashMap;
use std::io::BufRead;
use std::ops::Range;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::engine::{Finding, ScanState, Scanner};
use crate::kind::KindSet;
use crate::source::{Event, Report, SpareBuffers, Summary, read_line_bounded};

/// At most this many CSV columns get their header's name; later ones are called `column N`.
const MAX_COLUMNS: usize = 4096;
/// A header name is cut to this many bytes.
const MAX_COLUMN_NAME_BYTES: usize = 256;
/// CSV fields are scanned in pieces of at most this many bytes.
const MAX_FIELD_PIECE_BYTES: usize = 1 << 20;
/// A batch holds at most this many values, however small they are.
const MAX_BATCH_VALUES: usize = 1 << 18;

/// One thing read from a structured file, in file order.
#[derive(Debug)]
enum Entry {
    /// A cell or JSON value: its bytes in the batch's text, the name it is under, and where it is.
    Value {
        text: Range<usize>,
        /// Index into the batch's names; `None` for a line that is not JSON.
        name: Option<usize>,
        line: u64,
        /// Byte offset within the line where the value's text starts (as far as it is known).
        start_in_line: u64,
        /// File offset where the value's text starts.
        offset: u64,
    },
    /// A JSON Lines record as read, parsed into values by the scanning thread
    /// ([`parse_records`]), so that parsing, the costly part of reading JSON, runs in parallel.
    Record { text: Range<usize>, line: u64, offset: u64 },
    /// A record that was not scanned, and why.
    Skipped(String),
}

/// Values read from one CSV or JSON Lines file, scanned as one unit of work.
#[derive(Debug)]
pub(crate) struct ValueBatch {
    /// The file's index in the scan's list of paths.
    pub(crate) file: usize,
    /// The values' bytes, one after another.
    pub(crate) text: Vec<u8>,
    entries: Vec<Entry>,
    /// The CSV column names or JSON paths values are under, each once.
    names: Vec<String>,
    /// Whether `names` are CSV columns (else JSON paths).
    columns: bool,
    /// Input bytes this batch was read from.
    pub(crate) input_bytes: u64,
}

impl ValueBatch {
    fn new(file: usize, columns: bool, text: Vec<u8>) -> ValueBatch {
        ValueBatch { file, text, entries: Vec::new(), names: Vec::new(), columns, input_bytes: 0 }
    }

    fn push_value(&mut self, value: &[u8], name: Option<usize>, line: u64, start_in_line: u64, offset: u64) {
        let from = self.text.len();
        self.text.extend_from_slice(value);
        self.entries.push(Entry::Value { text: from..self.text.len(), name, line, start_in_line, offset });
    }

    fn is_full(&self, batch_bytes: usize) -> bool {
        self.input_bytes >= batch_bytes as u64 || self.entries.len() >= MAX_BATCH_VALUES
    }
}

/// The findings of a batch, with the index of the entry each is in, in order.
pub(crate) type ValueFindings = Vec<(usize, Finding)>;

/// Parses the batch's JSON Lines records, then scans every value with the context of its name.
pub(crate) fn scan_values(scanner: &Scanner, state: &mut ScanState, batch: &mut ValueBatch) -> ValueFindings {
    parse_records(batch);
    let kinds: Vec<KindSet> = batch.names.iter().map(|name| scanner.named_kinds(name)).collect();
    let mut found = Vec::new();
    for (index, entry) in batch.entries.iter().enumerate() {
        if let Entry::Value { text, name, .. } = entry {
            let value = &batch.text[text.clone()];
            let named = name.map_or(KindSet::EMPTY, |n| kinds[n]);
            scanner.scan_value_named(state, value, named, &mut |f| found.push((index, f)));
        }
    }
    found
}

/// Reports the findings and skipped records of a scanned batch, in file order.
pub(crate) fn report_values(
    batch: &ValueBatch,
    found: &ValueFindings,
    path: &str,
    summary: &mut Summary,
    on_event: &mut dyn FnMut(Event<'_>),
) {
    let mut found = found.iter().peekable();
    for (index, entry) in batch.entries.iter().enumerate() {
        match entry {
            // Parsed into values before the scan: none is left by the time a batch is reported.
            Entry::Record { .. } => {}
            Entry::Skipped(reason) => {
                summary.skipped += 1;
                on_event(Event::Skipped { path, reason });
            }
            Entry::Value { text, name, line, start_in_line, offset } => {
                let value = &batch.text[text.clone()];
                let name = name.map(|n| batch.names[n].as_str());
                let (column, json_path) = if batch.columns { (name, None) } else { (None, name) };
                while let Some((_, f)) = found.next_if(|(i, _)| *i == index) {
                    // Values with line breaks inside (quoted CSV fields) continue on later lines.
                    let before = &value[..f.start];
                    let extra_lines = memchr::memchr_iter(b'\n', before).count() as u64;
                    let start = match memchr::memrchr(b'\n', before) {
                        Some(nl) => (f.start - nl - 1) as u64,
                        None => start_in_line + f.start as u64,
                    };
                    on_event(Event::Finding(Report {
                        path,
                        line: line + extra_lines,
                        start,
                        end: start + (f.end - f.start) as u64,
                        offset: offset + f.start as u64,
                        kind: f.kind,
                        confidence: f.confidence,
                        value: &value[f.start..f.end],
                        column,
                        json_path,
                    }));
                    summary.findings += 1;
                }
            }
        }
    }
    summary.bytes += batch.input_bytes;
}

/// A parser of one structured format, which adds what it reads to a batch.
pub(crate) trait Parser {
    /// Whether the names values are under are CSV columns (else JSON paths).
    const COLUMNS: bool;
    /// What the parser remembers of the names within one batch.
    type Names: Default;

    /// Reads on (a field, a record) and adds what it read to `batch`; `Some` when the file ended:
    /// at its end, or with the read error that ends it.
    fn read(&mut self, batch: &mut ValueBatch, names: &mut Self::Names) -> Option<Result<(), String>>;
}

/// Reads a structured file batch by batch with its format's parser.
pub(crate) struct ValueReader<P> {
    file: usize,
    parser: P,
    /// The end was reached, or the read error that ends the file.
    finished: Option<Result<(), String>>,
}

impl<P: Parser> ValueReader<P> {
    pub(crate) fn new(file: usize, parser: P) -> ValueReader<P> {
        ValueReader { file, parser, finished: None }
    }

    /// The file's index in the scan's list of paths.
    pub(crate) fn file(&self) -> usize {
        self.file
    }

    /// The next batch of values from about `batch_bytes` of input; `Ok(None)` after the last, or
    /// the read error that ended the file (after the batch of the values read before it).
    pub(crate) fn next_batch(
        &mut self,
        batch_bytes: usize,
        spare: &mut SpareBuffers,
    ) -> Result<Option<ValueBatch>, String> {
        match self.finished.take() {
            Some(Ok(())) => return Ok(None),
            Some(Err(reason)) => return Err(reason),
            None => {}
        }
        let mut batch = ValueBatch::new(self.file, P::COLUMNS, spare.take());
        let mut names = P::Names::default();
        while self.finished.is_none() && !batch.is_full(batch_bytes) {
            self.finished = self.parser.read(&mut batch, &mut names);
        }
        Ok(Some(batch))
    }
}

/// Where a CSV field started: file offset, line, that line's start, and whether it is quoted.
type FieldStart = (u64, u64, u64, bool);

/// Parses a CSV file whose first record names the columns, field by field.
pub(crate) struct CsvParser {
    reader: Box<dyn BufRead + Send>,
    delimiter: u8,
    /// Whether well-formed lines are split without csv_core (always, but in the test that checks
    /// that this changes nothing).
    plain_lines: bool,
    split: SplitLine,
    csv: csv_core::Reader,
    field: Vec<u8>,
    field_len: usize,
    headers: Vec<String>,
    record: u64,
    column: usize,
    line: u64,
    line_start: u64,
    offset: u64,
    field_start: Option<FieldStart>,
}

impl CsvParser {
    pub(crate) fn new(reader: Box<dyn BufRead + Send>, delimiter: u8, max_field_bytes: usize) -> CsvParser {
        CsvParser {
            reader,
            delimiter,
            plain_lines: true,
            split: SplitLine::default(),
            csv: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            field: vec![0u8; max_field_bytes.clamp(1024, MAX_FIELD_PIECE_BYTES)],
            field_len: 0,
            headers: Vec::new(),
            record: 0,
            column: 0,
            line: 1,
            line_start: 0,
            offset: 0,
            field_start: None,
        }
    }

    /// Reads input until a field ends or the input is used up (or the field buffer is full).
    fn read_field(
        &mut self,
        batch: &mut ValueBatch,
        column_names: &mut Vec<Option<usize>>,
    ) -> Option<Result<(), String>> {
        let input = match self.reader.fill_buf() {
            Ok(input) => input,
            Err(e) => return Some(Err(format!("read error on line {}: {e}", self.line))),
        };
        let at_start =
            *self.field_start.get_or_insert((self.offset, self.line, self.line_start, input.first() == Some(&b'"')));
        let (result, consumed, written) = self.csv.read_field(input, &mut self.field[self.field_len..]);
        for nl in memchr::memchr_iter(b'\n', &input[..consumed]) {
            self.line += 1;
            self.line_start = self.offset + nl as u64 + 1;
        }
        self.offset += consumed as u64;
        batch.input_bytes += consumed as u64;
        self.reader.consume(consumed);
        self.field_len += written;
        match result {
            csv_core::ReadFieldResult::InputEmpty => {}
            csv_core::ReadFieldResult::OutputFull => {
                self.push_field(batch, column_names, at_start);
                self.field_len = 0;
            }
            csv_core::ReadFieldResult::Field { record_end } => {
                if self.record == 0 {
                    if self.headers.len() < MAX_COLUMNS {
                        self.headers.push(header_name(&self.field[..self.field_len]));
                    }
                } else {
                    self.push_field(batch, column_names, at_start);
                }
                self.field_len = 0;
                self.field_start = None;
                self.column += 1;
                if record_end {
                    self.record += 1;
                    self.column = 0;
                }
            }
            csv_core::ReadFieldResult::End => return Some(Ok(())),
        }
        None
    }
}

impl Parser for CsvParser {
    const COLUMNS: bool = true;
    /// This batch's name index of each column.
    type Names = Vec<Option<usize>>;

    fn read(&mut self, batch: &mut ValueBatch, names: &mut Self::Names) -> Option<Result<(), String>> {
        if self.field_start.is_none() && self.column == 0 {
            let at_record = match self.skip_line_ends(batch) {
                Ok(true) => return None,
                Ok(false) if self.plain_lines => self.read_plain_line(batch, names),
                Ok(false) => Ok(false),
                Err(reason) => Err(reason),
            };
            match at_record {
                Ok(true) => return None,
                Ok(false) => {}
                Err(reason) => return Some(Err(reason)),
            }
        }
        self.read_field(batch, names)
    }
}

impl CsvParser {
    /// At the start of a record, consumes the line ends before it (csv_core discards them there,
    /// but only on its next call, after the record's start would have been taken), so that the
    /// record's first field is located after them. Returns whether there were any.
    fn skip_line_ends(&mut self, batch: &mut ValueBatch) -> Result<bool, String> {
        let input = self.reader.fill_buf().map_err(|e| format!("read error on line {}: {e}", self.line))?;
        let ends = input.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        for newline in memchr::memchr_iter(b'\n', &input[..ends]) {
            self.line += 1;
            self.line_start = self.offset + newline as u64 + 1;
        }
        self.reader.consume(ends);
        self.offset += ends as u64;
        batch.input_bytes += ends as u64;
        Ok(ends > 0)
    }

    /// At the start of a record, reads a whole buffered line that [`split_line`] can split: the
    /// fields csv_core gives for such a line (it skips empty lines too), at a fraction of its cost
    /// per byte. Returns whether it did; other lines, and lines longer than a field piece, go
    /// through csv_core.
    fn read_plain_line(&mut self, batch: &mut ValueBatch, names: &mut Vec<Option<usize>>) -> Result<bool, String> {
        let input = self.reader.fill_buf().map_err(|e| format!("read error on line {}: {e}", self.line))?;
        let Some(newline) = memchr::memchr(b'\n', input) else { return Ok(false) };
        let line = input[..newline].strip_suffix(b"\r").unwrap_or(&input[..newline]);
        if line.len() > self.field.len() {
            return Ok(false);
        }
        if !line.is_empty() {
            let SplitLine { fields, text } = &mut self.split;
            if split_line(line, self.delimiter, fields, text).is_none() {
                return Ok(false);
            }
            for (column, &(start_in_line, ref value)) in fields.iter().enumerate() {
                let value = &text[value.clone()];
                if self.record == 0 {
                    if self.headers.len() < MAX_COLUMNS {
                        self.headers.push(header_name(value));
                    }
                } else {
                    let name = column_name(batch, names, &self.headers, column);
                    let at = self.offset + start_in_line as u64;
                    batch.push_value(value, Some(name), self.line, at - self.line_start, at);
                }
            }
            self.record += 1;
        }
        let consumed = newline + 1;
        self.reader.consume(consumed);
        self.offset += consumed as u64;
        batch.input_bytes += consumed as u64;
        self.line += 1;
        self.line_start = self.offset;
        Ok(true)
    }

    /// Adds the field read so far (or a piece of it) to the batch, under its column's name.
    fn push_field(&self, batch: &mut ValueBatch, column_names: &mut Vec<Option<usize>>, at_start: FieldStart) {
        if self.record == 0 {
            return;
        }
        let name = column_name(batch, column_names, &self.headers, self.column);
        let (offset, line, line_start, quoted) = at_start;
        let value_offset = offset + u64::from(quoted);
        batch.push_value(&self.field[..self.field_len], Some(name), line, value_offset - line_start, value_offset);
    }
}

/// The fields of one line, as [`split_line`] leaves them; kept to be reused from line to line.
#[derive(Debug, Default)]
struct SplitLine {
    /// Where each field's text starts in the line, and its bytes in `text`.
    fields: Vec<(usize, Range<usize>)>,
    /// The fields' bytes, unquoted, one after another.
    text: Vec<u8>,
}

/// Splits a line (without its line end) the way csv_core splits a well-formed one: at the
/// delimiter; a field that starts with a quote ends at the quote before the next delimiter or the
/// end, and a doubled quote inside it stands for one. Returns `None`, leaving the line to csv_core,
/// for anything else: a quote inside an unquoted field, text after a closing quote, a quote not
/// closed on this line, a carriage return.
fn split_line(line: &[u8], delimiter: u8, fields: &mut Vec<(usize, Range<usize>)>, text: &mut Vec<u8>) -> Option<()> {
    fields.clear();
    text.clear();
    let mut at = 0;
    loop {
        let from = text.len();
        let end = if line.get(at) == Some(&b'"') {
            let mut i = at + 1;
            loop {
                let quote = i + memchr::memchr(b'"', &line[i..])?;
                text.extend_from_slice(&line[i..quote]);
                if line.get(quote + 1) != Some(&b'"') {
                    break quote + 1;
                }
                text.push(b'"');
                i = quote + 2;
            }
        } else {
            let end = memchr::memchr2(delimiter, b'"', &line[at..]).map_or(line.len(), |n| at + n);
            text.extend_from_slice(&line[at..end]);
            end
        };
        let quoted = usize::from(line.get(at) == Some(&b'"'));
        if memchr::memchr(b'\r', &text[from..]).is_some() {
            return None;
        }
        fields.push((at + quoted, from..text.len()));
        match line.get(end) {
            None => return Some(()),
            Some(&b) if b == delimiter => at = end + 1,
            Some(_) => return None,
        }
    }
}

/// A header field as a column name: cut to [`MAX_COLUMN_NAME_BYTES`], trimmed.
fn header_name(field: &[u8]) -> String {
    String::from_utf8_lossy(&field[..field.len().min(MAX_COLUMN_NAME_BYTES)]).trim().to_owned()
}

/// The batch's name index of `column`, adding its name (the header's, or `column N`) the first time.
fn column_name(
    batch: &mut ValueBatch,
    column_names: &mut Vec<Option<usize>>,
    headers: &[String],
    column: usize,
) -> usize {
    if column_names.len() <= column {
        column_names.resize(column + 1, None);
    }
    *column_names[column].get_or_insert_with(|| {
        batch.names.push(headers.get(column).cloned().unwrap_or_else(|| format!("column {}", column + 1)));
        batch.names.len() - 1
    })
}

/// Parses a JSON Lines file: one JSON document per line.
pub(crate) struct JsonLinesParser {
    reader: Box<dyn BufRead + Send>,
    max_record_bytes: usize,
    line: Vec<u8>,
    line_no: u64,
    offset: u64,
}

impl JsonLinesParser {
    pub(crate) fn new(reader: Box<dyn BufRead + Send>, max_record_bytes: usize) -> JsonLinesParser {
        JsonLinesParser { reader, max_record_bytes, line: Vec::new(), line_no: 0, offset: 0 }
    }
}

impl Parser for JsonLinesParser {
    const COLUMNS: bool = false;
    /// Records are parsed, and their paths named, on the scanning thread.
    type Names = ();

    /// Reads one line and adds its values (or why it was skipped) to the batch.
    fn read(&mut self, batch: &mut ValueBatch, _: &mut Self::Names) -> Option<Result<(), String>> {
        let (consumed, too_long) = match read_line_bounded(&mut self.reader, &mut self.line, self.max_record_bytes) {
            Ok(read) => read,
            Err(e) => return Some(Err(format!("read error on line {}: {e}", self.line_no + 1))),
        };
        if consumed == 0 {
            return Some(Ok(()));
        }
        self.line_no += 1;
        batch.input_bytes += consumed;
        let (line_no, offset) = (self.line_no, self.offset);
        self.offset += consumed;
        if too_long {
            let reason = format!("line {line_no} is longer than {} bytes; not scanned", self.max_record_bytes);
            batch.entries.push(Entry::Skipped(reason));
            return None;
        }
        let text = self.line.strip_suffix(b"\r").unwrap_or(&self.line);
        let from = batch.text.len();
        batch.text.extend_from_slice(text);
        batch.entries.push(Entry::Record { text: from..batch.text.len(), line: line_no, offset });
        None
    }
}

/// Parses the JSON Lines records of `batch` into its values (a batch read from CSV has none).
/// A record that is not JSON is one value, scanned as text.
pub(crate) fn parse_records(batch: &mut ValueBatch) {
    if !batch.entries.iter().any(|e| matches!(e, Entry::Record { .. })) {
        return;
    }
    let records = std::mem::replace(batch, ValueBatch::new(batch.file, false, Vec::with_capacity(batch.text.len())));
    batch.input_bytes = records.input_bytes;
    let mut names: HashMap<String, usize> = HashMap::new();
    for entry in records.entries {
        match entry {
            Entry::Record { text, line, offset } => push_record(batch, &mut names, &records.text[text], line, offset),
            other => batch.entries.push(other),
        }
    }
}

/// Adds the values of one JSON document, `text`, to the batch, or the whole line when it is not JSON.
fn push_record(batch: &mut ValueBatch, names: &mut HashMap<String, usize>, text: &[u8], line_no: u64, offset: u64) {
    let before = (batch.entries.len(), batch.text.len(), batch.names.len());
    // Values come in document order: each is looked for just after the one before.
    let mut cursor = 0;
    let mut visit = |json_path: &str, value: &[u8], token: Token| {
        let at = match find_near(text, cursor, value, token) {
            Some(at) => {
                cursor = at + value.len();
                at
            }
            None => cursor,
        };
        let name = match names.get(json_path) {
            Some(&n) => n,
            None => {
                batch.names.push(json_path.to_owned());
                names.insert(json_path.to_owned(), batch.names.len() - 1);
                batch.names.len() - 1
            }
        };
        batch.push_value(value, Some(name), line_no, at as u64, offset + at as u64);
    };
    let mut json_path = String::from("$");
    let mut document = serde_json::Deserializer::from_slice(text);
    let walked = PathWalker { path: &mut json_path, visit: &mut visit }.deserialize(&mut document);
    if walked.and_then(|()| document.end()).is_err() {
        // Not JSON after all: what the walk added is taken back, and the line is scanned as text.
        let (entries, text_len, names_len) = before;
        batch.entries.truncate(entries);
        batch.text.truncate(text_len);
        batch.names.truncate(names_len);
        names.retain(|_, n| *n < names_len);
        batch.push_value(text, None, line_no, 0, offset);
    }
}

/// How far past the previous value of a JSON Lines record the next value's text is looked for,
/// beyond its own length: keys and punctuation lie between them.
const JSON_SEARCH_WINDOW_BYTES: usize = 4096;

/// Where `value`, a string's or a number's text, is written in `text` at or after `from`, within
/// [`JSON_SEARCH_WINDOW_BYTES`]: as a whole string (between quotes, and not an object key) or a
/// whole number. A string with escapes is not found: its text differs from the document's.
fn find_near(text: &[u8], from: usize, value: &[u8], kind: Token) -> Option<usize> {
    let from = from.min(text.len());
    let end = text.len().min(from + value.len() + JSON_SEARCH_WINDOW_BYTES);
    let (&first, rest) = value.split_first()?;
    let whole = |at: usize| match kind {
        Token::String => {
            let after = at + value.len();
            let next = text[after + 1..].iter().find(|b| !b.is_ascii_whitespace());
            at > 0 && text[at - 1] == b'"' && text.get(after) == Some(&b'"') && next != Some(&b':')
        }
        Token::Number => {
            let part = |b: Option<&u8>| {
                b.is_some_and(|&b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
            };
            !part(at.checked_sub(1).map(|p| &text[p])) && !part(text.get(at + value.len()))
        }
    };
    let mut at = from;
    while at < end {
        // By the first byte: building a substring searcher costs more than the short search. A
        // false start fails within the few bytes of keys and quotes before the value's own text.
        let window = &text[at..end];
        let found = memchr::memchr_iter(first, window).find(|&i| window[i + 1..].starts_with(rest));
        let candidate = at + found?;
        if whole(candidate) {
            return Some(candidate);
        }
        at = candidate + 1;
    }
    None
}

/// What a JSON value's text was written as.
#[derive(Debug, Clone, Copy)]
enum Token {
    String,
    Number,
}

/// Walks a JSON document in document order without building it, calling `visit` with the JSON path
/// (like `$.customer.phones[0]`) and the text of every string and number. Nesting is bounded by the
/// parser's recursion limit.
struct PathWalker<'p, 'v> {
    path: &'p mut String,
    visit: &'v mut dyn FnMut(&str, &[u8], Token),
}

impl<'de> DeserializeSeed<'de> for PathWalker<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, document: D) -> Result<(), D::Error> {
        document.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PathWalker<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E>(self, value: &str) -> Result<(), E> {
        (self.visit)(self.path, value.as_bytes(), Token::String);
        Ok(())
    }

    fn visit_u64<E>(self, value: u64) -> Result<(), E> {
        (self.visit)(self.path, value.to_string().as_bytes(), Token::Number);
        Ok(())
    }

    fn visit_i64<E>(self, value: i64) -> Result<(), E> {
        (self.visit)(self.path, value.to_string().as_bytes(), Token::Number);
        Ok(())
    }

    fn visit_f64<E>(self, value: f64) -> Result<(), E> {
        // Written as serde_json writes it, which is how most documents hold it.
        if let Some(number) = serde_json::Number::from_f64(value) {
            (self.visit)(self.path, number.to_string().as_bytes(), Token::Number);
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let PathWalker { path, visit } = self;
        for i in 0usize.. {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let more = items.next_element_seed(PathWalker { path, visit: &mut *visit })?;
            path.truncate(len);
            if more.is_none() {
                break;
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut fields: A) -> Result<(), A::Error> {
        let PathWalker { path, visit } = self;
        loop {
            let len = path.len();
            if fields.next_key_seed(KeySegment { path })?.is_none() {
                return Ok(());
            }
            fields.next_value_seed(PathWalker { path, visit: &mut *visit })?;
            path.truncate(len);
        }
    }
}

/// Appends an object key to a JSON path: `.key` for a plain word, `["key"]` otherwise.
struct KeySegment<'p> {
    path: &'p mut String,
}

impl<'de> DeserializeSeed<'de> for KeySegment<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, key: D) -> Result<(), D::Error> {
        key.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySegment<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, key: &str) -> Result<(), E> {
        if !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_') {
            self.path.push('.');
            self.path.push_str(key);
        } else {
            self.path.push_str(&format!("[{}]", serde_json::Value::from(key)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A value read: its bytes, column, line, start in the line and offset in the file.
    type ValueRead = (Vec<u8>, String, u64, u64, u64);

    /// Every value of a CSV text, with the bytes read.
    fn csv_values(text: &str, plain_lines: bool, batch_bytes: usize) -> (Vec<ValueRead>, u64) {
        let mut parser = CsvParser::new(Box::new(std::io::Cursor::new(text.as_bytes().to_vec())), b',', 64);
        parser.plain_lines = plain_lines;
        let mut reader = ValueReader::new(0, parser);
        let mut spare = SpareBuffers::new(2);
        let (mut values, mut bytes) = (Vec::new(), 0);
        while let Some(batch) = reader.next_batch(batch_bytes, &mut spare).expect("no read error") {
            bytes += batch.input_bytes;
            for entry in &batch.entries {
                if let Entry::Value { text, name, line, start_in_line, offset } = entry {
                    let name = batch.names[name.expect("a column")].clone();
                    values.push((batch.text[text.clone()].to_vec(), name, *line, *start_in_line, *offset));
                }
            }
        }
        (values, bytes)
    }

    fn csv_text() -> impl Strategy<Value = String> {
        let field = prop_oneof![
            4 => "[a-zа-я0-9 @.+-]{0,12}",
            1 => Just("ИНН 7707083893".to_owned()),
            1 => "\"[a-z ,\"\n]{0,10}\"".prop_map(|f| f.replace("\"", "\"\"").replacen("\"\"", "\"", 1)),
            1 => Just("\"a,b\"".to_owned()),
            1 => Just("x\"y".to_owned()),
        ];
        let ending = prop::sample::select(vec!["\n", "\r\n", "\n\n", "\r", "\r\n\r\n"]);
        let row = (prop::collection::vec(field, 1..5), ending).prop_map(|(fields, end)| fields.join(",") + end);
        prop::collection::vec(row, 1..12).prop_map(|rows| rows.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Splitting plain lines without csv_core is only a shortcut: the values, their columns and
        /// places are exactly csv_core's, in batches of any size.
        #[test]
        fn plain_lines_read_as_csv_core_reads_them(text in csv_text(), batch_bytes in 1usize..200) {
            let reference = csv_values(&text, false, batch_bytes);
            prop_assert_eq!(csv_values(&text, true, batch_bytes), reference);
        }
    }

    /// Every value of a JSON Lines text as (bytes, JSON path or `-` for a line that is not JSON,
    /// line, start in the line).
    fn json_values(text: &str) -> Vec<(String, String, u64, u64)> {
        let parser = JsonLinesParser::new(Box::new(std::io::Cursor::new(text.as_bytes().to_vec())), 1 << 20);
        let mut reader = ValueReader::new(0, parser);
        let mut values = Vec::new();
        while let Some(mut batch) = reader.next_batch(1 << 20, &mut SpareBuffers::new(1)).expect("no read error") {
            parse_records(&mut batch);
            for entry in &batch.entries {
                if let Entry::Value { text, name, line, start_in_line, .. } = entry {
                    let path = name.map_or("-".to_owned(), |n| batch.names[n].clone());
                    values.push((
                        String::from_utf8_lossy(&batch.text[text.clone()]).into_owned(),
                        path,
                        *line,
                        *start_in_line,
                    ));
                }
            }
        }
        values
    }

    #[test]
    fn json_values_are_located_in_document_order() {
        let line = r#"{"b":"x","a":["x",7707083893,1.5,null,true],"x":{"y z":"x"},"e":"a\"b"}"#;
        let got = json_values(&format!("{line}\n"));
        let expected = [
            ("x", "$.b", 6),
            ("x", "$.a[0]", 15),
            ("7707083893", "$.a[1]", 18),
            ("1.5", "$.a[2]", 29),
            // The key "x" comes first; the value is the next whole string "x" after it.
            ("x", r#"$.x["y z"]"#, 56),
            // With an escape the text is not the document's: located where the search stopped.
            ("a\"b", "$.e", 57),
        ];
        let expected: Vec<_> = expected.iter().map(|&(v, p, at)| (v.to_owned(), p.to_owned(), 1, at)).collect();
        assert_eq!(got, expected);
        for (value, _, _, at) in &got[..5] {
            assert_eq!(&line[*at as usize..][..value.len()], value);
        }
    }

    #[test]
    fn a_line_that_fails_as_json_half_way_is_scanned_as_text_alone() {
        let got = json_values("{\"a\":\"7707083893\",\"b\": oops}\n{\"c\":\"x\"}\n");
        let first = "{\"a\":\"7707083893\",\"b\": oops}".to_owned();
        assert_eq!(got, vec![(first, "-".to_owned(), 1, 0), ("x".to_owned(), "$.c".to_owned(), 2, 6)]);
    }

    #[test]
    fn fields_after_crlf_line_ends_are_located_on_their_line() {
        for plain_lines in [true, false] {
            let (values, bytes) =
                csv_values("name,inn\r\n\nIvan,7707083893\r\n\"Petr\",7707083893\r\n", plain_lines, 1);
            assert_eq!(bytes, 47);
            let expected = vec![
                (b"Ivan".to_vec(), "name".to_owned(), 3, 0, 11),
                (b"7707083893".to_vec(), "inn".to_owned(), 3, 5, 16),
                (b"Petr".to_vec(), "name".to_owned(), 4, 1, 29),
                (b"7707083893".to_vec(), "inn".to_owned(), 4, 7, 35),
            ];
            assert_eq!(values, expected, "plain lines: {plain_lines}");
        }
    }
}
