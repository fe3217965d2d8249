//! `tutela scan`: find personal data in files, directories and standard input.
//!
//! Findings go to standard output as JSON Lines (one object per finding: `path`, `line`, `start`,
//! `end` — byte offsets within the line —, `offset` in the file, `kind`, `confidence`, `value`,
//! and `column` or `json_path` for CSV and JSON Lines), as a table, or as one SARIF 2.1.0 log.
//! Values are masked unless `--show-values` is given. Files that could not be scanned are named on
//! standard error; the exit code is 0 when everything was scanned and 1 when anything was skipped.
//! A progress line is drawn on standard error only when it is a terminal.
//!
//! `--database URL` scans the tables of an SQLite or PostgreSQL database as well (or instead of
//! paths), and `--datamap PATH` turns that into a drift report against the data map: see
//! `scan_db`. With a database, the exit code is 2 when drift was found, else 1 when a file or a
//! table was skipped.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use serde_json::json;
use tutela_pii::{Event, Input, Kind, KindSet, Report, ScanOptions, Scanner, SourceOptions, mask::mask_into};

use crate::cli::{ScanArgs, ScanFormat};
use crate::failure;

/// At most this many threads may be asked for.
const MAX_THREADS: usize = 256;

/// Exit code of `tutela scan --datamap` when drift was found: neither 1 (something skipped) nor 2
/// (an error, such as a database that cannot be reached), so a script can tell them apart.
pub const EXIT_DRIFT: u8 = 3;

/// Runs `tutela scan`.
pub async fn run(args: &ScanArgs) -> anyhow::Result<ExitCode> {
    let scanner = build_scanner(args)?;
    let files_skipped = if args.paths.is_empty() { false } else { scan_paths(args, &scanner)? };
    let database = match &args.database {
        Some(url) => crate::scan_db::run(args, url, &scanner).await?,
        None => crate::scan_db::DbOutcome::default(),
    };
    Ok(if database.drift {
        ExitCode::from(EXIT_DRIFT)
    } else if files_skipped || database.skipped {
        failure::check_failed()
    } else {
        ExitCode::SUCCESS
    })
}

fn build_scanner(args: &ScanArgs) -> anyhow::Result<Scanner> {
    let kinds = match &args.kinds {
        Some(list) => KindSet::parse_list(list).context("--kinds")?,
        None => KindSet::all(),
    };
    if kinds.is_empty() {
        anyhow::bail!("--kinds names no kind; expected a comma-separated list such as email,phone");
    }
    if !(0.0..=1.0).contains(&args.min_confidence) {
        anyhow::bail!("--min-confidence must be between 0 and 1, not {}", args.min_confidence);
    }
    Ok(Scanner::new(ScanOptions { kinds, min_confidence: args.min_confidence })?)
}

/// Scans the paths; returns whether anything was skipped.
fn scan_paths(args: &ScanArgs, scanner: &Scanner) -> anyhow::Result<bool> {
    let mut options = SourceOptions { excludes: args.exclude.clone(), ..SourceOptions::default() };
    if let Some(threads) = args.threads {
        if !(1..=MAX_THREADS).contains(&threads) {
            anyhow::bail!("--threads must be between 1 and {MAX_THREADS}, not {threads}");
        }
        options.threads = threads;
    }
    let inputs: Vec<Input> =
        args.paths.iter().map(|p| if p.as_os_str() == "-" { Input::Stdin } else { Input::Path(p.clone()) }).collect();
    let stdout = std::io::stdout();
    let mut out =
        Output::new(args.format, args.show_values, std::io::BufWriter::with_capacity(64 << 10, stdout.lock()));
    let progress = Progress::new();
    let mut write_error = None;
    let summary = tutela_pii::scan_sources(scanner, &inputs, &options, &mut |event| match event {
        Event::Finding(report) => {
            if write_error.is_none()
                && let Err(e) = out.finding(&report)
            {
                exit_if_reader_left(&e);
                write_error = Some(e);
            }
        }
        Event::Skipped { path, reason } => progress.message(&format!("skipped {path}: {reason}")),
        Event::Progress { bytes } => progress.bytes(bytes),
    })?;
    progress.finish();
    if let Some(e) = write_error {
        return Err(e).context("writing the findings");
    }
    if let Err(e) = out.finish() {
        exit_if_reader_left(&e);
        return Err(e).context("writing the findings");
    }
    eprintln!(
        "scanned {} file(s), {} bytes: {} finding(s){}",
        summary.files,
        summary.bytes,
        summary.findings,
        if summary.skipped > 0 { format!(", {} skipped", summary.skipped) } else { String::new() }
    );
    Ok(summary.skipped > 0)
}

/// The progress line, drawn only on a terminal.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new() -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        let style = indicatif::ProgressStyle::with_template("{spinner} {bytes} scanned ({bytes_per_sec}) {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
        bar.set_style(style);
        Progress(Some(bar))
    }

    fn bytes(&self, bytes: u64) {
        if let Some(bar) = &self.0 {
            bar.set_position(bytes);
        }
    }

    fn message(&self, text: &str) {
        match &self.0 {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// When standard output was closed by its reader (`tutela scan . | head`), ends the process at
/// once and quietly, as a pipeline expects: the rest of the scan could not be shown anyway.
fn exit_if_reader_left(error: &std::io::Error) {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
}

/// Writes a finding as one JSON Lines record into `line` (cleared first), fields in the order the
/// module documentation gives: the bytes serde_json writes for the same fields (a property test
/// checks), without its per-field calls. Keys are constant, numbers are formatted by itoa, and a
/// string is escaped (by serde_json) only when it holds a quote, a backslash or a control character.
/// `path` and `confidence` are already JSON texts (a string and a number).
fn json_line(line: &mut Vec<u8>, path: &str, report: &Report<'_>, confidence: &str, value: &str) {
    let mut number = itoa::Buffer::new();
    line.clear();
    line.extend_from_slice(b"{\"path\":");
    line.extend_from_slice(path.as_bytes());
    for (key, n) in [
        (&b",\"line\":"[..], report.line),
        (b",\"start\":", report.start),
        (b",\"end\":", report.end),
        (b",\"offset\":", report.offset),
    ] {
        line.extend_from_slice(key);
        line.extend_from_slice(number.format(n).as_bytes());
    }
    // Kind names are lower-case letters, digits and `_`: nothing to escape.
    line.extend_from_slice(b",\"kind\":\"");
    line.extend_from_slice(report.kind.name().as_bytes());
    line.extend_from_slice(b"\",\"confidence\":");
    line.extend_from_slice(confidence.as_bytes());
    line.extend_from_slice(b",\"value\":");
    json_string(line, value);
    if let Some(column) = report.column {
        line.extend_from_slice(b",\"column\":");
        json_string(line, column);
    }
    if let Some(json_path) = report.json_path {
        line.extend_from_slice(b",\"json_path\":");
        json_string(line, json_path);
    }
    line.extend_from_slice(b"}\n");
}

/// Appends `text` as a JSON string.
fn json_string(line: &mut Vec<u8>, text: &str) {
    if text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        // Serializing a str into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *line, text);
    } else {
        line.push(b'"');
        line.extend_from_slice(text.as_bytes());
        line.push(b'"');
    }
}

/// JSON texts written once and reused for every finding.
struct JsonTexts {
    /// The current file's path, and its JSON string.
    path: Option<(String, String)>,
    /// The JSON number of each confidence in hundredths, 0 to 100.
    confidences: Vec<String>,
}

impl JsonTexts {
    fn new() -> JsonTexts {
        // Written by serde_json, as the records' other numbers would be.
        let number = |hundredths: u32| serde_json::Value::from(f64::from(hundredths) / 100.0).to_string();
        JsonTexts { path: None, confidences: (0..=100).map(number).collect() }
    }
}

/// `path` as a JSON string from `cache`, escaped once per file rather than once per finding.
fn cached_json_string<'c>(cache: &'c mut Option<(String, String)>, path: &str) -> &'c str {
    if cache.as_ref().is_none_or(|(p, _)| p != path) {
        let mut text = Vec::with_capacity(path.len() + 2);
        json_string(&mut text, path);
        *cache = Some((path.to_owned(), String::from_utf8_lossy(&text).into_owned()));
    }
    match cache {
        Some((_, json)) => json,
        None => unreachable!("set above"),
    }
}

/// A confidence (0 to 1) in hundredths, rounded.
fn hundredths(confidence: f32) -> usize {
    (f64::from(confidence) * 100.0).round().clamp(0.0, 100.0) as usize
}

/// Writes findings in the chosen format.
struct Output<W: Write> {
    format: ScanFormat,
    show_values: bool,
    out: W,
    /// The shown (masked) form of the current value, reused from finding to finding.
    value: String,
    json: JsonTexts,
    /// The JSON Lines record being written, reused from finding to finding.
    line: Vec<u8>,
    /// SARIF results, written as one document at the end.
    sarif: Vec<serde_json::Value>,
}

impl<W: Write> Output<W> {
    fn new(format: ScanFormat, show_values: bool, out: W) -> Output<W> {
        Output {
            format,
            show_values,
            out,
            value: String::new(),
            json: JsonTexts::new(),
            line: Vec::new(),
            sarif: Vec::new(),
        }
    }

    fn finding(&mut self, report: &Report<'_>) -> std::io::Result<()> {
        if self.show_values {
            self.value.clear();
            self.value.push_str(&String::from_utf8_lossy(report.value));
        } else {
            mask_into(report.kind, report.value, &mut self.value);
        }
        let value = self.value.as_str();
        let hundredths = hundredths(report.confidence);
        let confidence = hundredths as f64 / 100.0;
        match self.format {
            ScanFormat::Jsonl | ScanFormat::Json => {
                let JsonTexts { path, confidences } = &mut self.json;
                let path = cached_json_string(path, report.path);
                json_line(&mut self.line, path, report, &confidences[hundredths], value);
                self.out.write_all(&self.line)?;
            }
            ScanFormat::Table => {
                let place = report.column.or(report.json_path).map(|c| format!(" [{c}]")).unwrap_or_default();
                writeln!(
                    self.out,
                    "{}:{}:{}\t{:<15}\t{confidence:.2}\t{value}{place}",
                    report.path,
                    report.line,
                    report.start + 1,
                    report.kind.name()
                )?;
            }
            ScanFormat::Sarif => self.sarif.push(sarif_result(report, value, confidence)),
        }
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<()> {
        if self.format == ScanFormat::Sarif {
            let rules: Vec<serde_json::Value> = Kind::ALL
                .iter()
                .map(|k| json!({"id": k.name(), "shortDescription": {"text": format!("Personal data: {}", k.name())}}))
                .collect();
            let log = json!({
                "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                "version": "2.1.0",
                "runs": [{
                    "tool": {"driver": {"name": "tutela scan", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
                    "results": std::mem::take(&mut self.sarif),
                }],
            });
            writeln!(self.out, "{log}")?;
        }
        self.out.flush()?;
        Ok(())
    }
}

/// One SARIF result: the kind as rule, the file region by line and byte offset.
fn sarif_result(report: &Report<'_>, value: &str, confidence: f64) -> serde_json::Value {
    json!({
        "ruleId": report.kind.name(),
        "level": "warning",
        "message": {"text": format!("{} found: {value}", report.kind.name())},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": report.path},
            "region": {
                "startLine": report.line,
                "byteOffset": report.offset,
                "byteLength": report.end - report.start,
            },
        }}],
        "properties": {"confidence": confidence},
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;

    /// The record as serde_json writes it: the reference for [`json_line`].
    #[derive(Serialize)]
    struct JsonFinding<'a> {
        path: &'a str,
        line: u64,
        start: u64,
        end: u64,
        offset: u64,
        kind: &'static str,
        confidence: f64,
        value: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        column: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        json_path: Option<&'a str>,
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![3 => "[a-z0-9 ./_-]{0,12}", 1 => any::<String>(), 1 => Just("a\"b\\c\n\u{1}№ ü 身份".to_owned())]
    }

    proptest! {
        #[test]
        fn json_lines_are_what_serde_json_writes(
            path in text(), value in text(), column in proptest::option::of(text()), json_path in proptest::option::of(text()),
            numbers in any::<[u64; 4]>(), confidence in 0.0f32..=1.0, kind in 0usize..Kind::ALL.len(),
        ) {
            let report = Report {
                path: &path, line: numbers[0], start: numbers[1], end: numbers[2], offset: numbers[3],
                kind: Kind::ALL[kind], confidence, value: value.as_bytes(),
                column: column.as_deref(), json_path: json_path.as_deref(),
            };
            let mut texts = JsonTexts::new();
            let mut line = Vec::new();
            let path_json = cached_json_string(&mut texts.path, &path).to_owned();
            json_line(&mut line, &path_json, &report, &texts.confidences[hundredths(confidence)], &value);
            let reference = JsonFinding {
                path: &path, line: numbers[0], start: numbers[1], end: numbers[2], offset: numbers[3],
                kind: Kind::ALL[kind].name(),
                confidence: (f64::from(confidence) * 100.0).round() / 100.0,
                value: &value, column: column.as_deref(), json_path: json_path.as_deref(),
            };
            let mut expected = serde_json::to_vec(&reference).unwrap();
            expected.push(b'\n');
            prop_assert_eq!(String::from_utf8(line).unwrap(), String::from_utf8(expected).unwrap());
        }
    }
}
