//! `tutela scan --database URL`: find personal data in the tables of an SQLite or PostgreSQL
//! database, and with `--datamap PATH` compare what was found with what the data map declares.
//!
//! Without `--datamap`, JSON Lines output has one object per finding (`store`, `table`, `column`,
//! `row` — the single-column primary key's value, else the row's number among those read —,
//! `start`, `end` within the cell, `kind`, `confidence`, masked `value`), then after each table one
//! object per column scanned (`store`, `table`, `column`, `rows_scanned`, `non_empty`, `kinds`:
//! kind → count), and one object per skipped table (`store`, `table`, `skipped`: the reason). The
//! table format prints only the per-column lines.
//!
//! With `--datamap`, findings are not printed: the drift report is (see `tutela_connect::drift`),
//! as one JSON object (`undeclared`, `declared_not_found`, `not_checkable`, `skipped`) for
//! `--format json` or `jsonl`, or as text for `--format table`.
//!
//! Exit codes (combined with the file scan's by `scan::run`): 1 when a table was skipped; with
//! `--datamap`, 3 when drift was found, which takes precedence over 1 (2 stays the error code).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, anyhow, bail};
use serde_json::json;
use tutela_connect::drift::{DriftReport, drift};
use tutela_connect::rows::{MAX_CELL_BYTES_LIMIT, ReadOptions, StoreReader};
use tutela_connect::scan::{CellFinding, StoreScan, TableScan, scan_store};
use tutela_connect::{Limits, StoreKind, StoreLocation, redact_url};
use tutela_datamap::{DataMap, Store};
use tutela_pii::Scanner;
use tutela_pii::mask::mask;

use crate::cli::{ScanArgs, ScanFormat};

/// How many of an invalid data map's problems the error quotes.
const MAX_PROBLEMS_QUOTED: usize = 3;
/// The timeout of connecting and of introspecting the database, in milliseconds.
const CONNECT_TIMEOUT_MS: u64 = 30_000;

/// What the database scan came to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DbOutcome {
    /// A table could not be read (or not to the end).
    pub skipped: bool,
    /// With `--datamap`: drift was found.
    pub drift: bool,
}

/// Runs the database part of `tutela scan`.
pub async fn run(args: &ScanArgs, database: &str, scanner: &Scanner) -> anyhow::Result<DbOutcome> {
    let options = read_options(args)?;
    if args.format == ScanFormat::Sarif {
        bail!("--format sarif describes files; use jsonl, json or table with --database");
    }
    // The map is read first, so a mistake in it is reported before any database work.
    let map = args.datamap.as_deref().map(load_map).transpose()?;
    let mut reader = StoreReader::open(database, options).await?;
    let store = match (&map, &args.datamap) {
        (Some(map), Some(path)) => Some(pick_store(map, path, reader.store_location(), args.store.as_deref())?),
        _ => None,
    };
    let started = Instant::now();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (scan, findings) = if store.is_some() {
        let scan = scan_store(&mut reader, scanner, &mut |_| {}, &mut |table, outcome| note_skip(table, outcome)).await;
        (scan, None)
    } else {
        let (scan, findings) = print_scan(&mut reader, scanner, args, &mut out).await?;
        (scan, Some(findings))
    };
    reader.close().await;
    let mut outcome = DbOutcome { skipped: !scan.skipped.is_empty(), drift: false };
    if let Some(store) = store {
        let report = drift(store, &scan);
        outcome.drift = report.has_drift();
        write_drift(&mut out, &report, args.format).context("writing the drift report")?;
    }
    out.flush().context("writing the findings")?;
    summary_line(&scan, findings, started);
    Ok(outcome)
}

fn read_options(args: &ScanArgs) -> anyhow::Result<ReadOptions> {
    if args.sample == Some(0) {
        bail!("--sample must be at least 1 row");
    }
    if args.max_rows == 0 {
        bail!("--max-rows must be at least 1");
    }
    if !(1..=MAX_CELL_BYTES_LIMIT).contains(&args.max_cell_bytes) {
        bail!("--max-cell-bytes must be between 1 and {MAX_CELL_BYTES_LIMIT}, not {}", args.max_cell_bytes);
    }
    if args.timeout_ms == 0 {
        bail!("--timeout-ms must be at least 1");
    }
    Ok(ReadOptions {
        tables: args.tables.clone(),
        sample_rows: args.sample,
        max_rows_per_table: args.max_rows,
        max_cell_bytes: args.max_cell_bytes,
        statement_timeout_ms: args.timeout_ms,
        postgres_schema: args.schema.clone(),
        limits: Limits { timeout_ms: CONNECT_TIMEOUT_MS, ..Limits::default() },
    })
}

fn note_skip(table: &str, outcome: Result<&TableScan, &tutela_connect::rows::TableSkip>) {
    if let Err(skip) = outcome {
        eprintln!("skipped table {table}: {}", skip.reason);
    }
}

/// Scans and prints findings (JSON Lines) and column summaries; returns the scan and the number of
/// findings.
async fn print_scan(
    reader: &mut StoreReader,
    scanner: &Scanner,
    args: &ScanArgs,
    out: &mut impl Write,
) -> anyhow::Result<(StoreScan, u64)> {
    let store = reader.location().to_owned();
    let jsonl = args.format != ScanFormat::Table;
    let mut findings = 0u64;
    let mut write_error: Option<std::io::Error> = None;
    let keep = |result: std::io::Result<()>, slot: &mut Option<std::io::Error>| {
        if let Err(error) = result
            && slot.is_none()
        {
            *slot = Some(error);
        }
    };
    // Both callbacks write to `out`; they run one after the other, never together.
    let out = std::cell::RefCell::new(out);
    let errors = std::cell::RefCell::new(&mut write_error);
    let mut on_finding = |found: &CellFinding<'_>| {
        findings += 1;
        if jsonl {
            let line = finding_json(&store, found, args.show_values);
            keep(writeln!(out.borrow_mut(), "{line}"), &mut errors.borrow_mut());
        }
    };
    let mut on_table = |table: &str, outcome: Result<&TableScan, &tutela_connect::rows::TableSkip>| {
        note_skip(table, outcome);
        let result = match outcome {
            Ok(scan) => write_columns(&mut *out.borrow_mut(), &store, scan, jsonl),
            Err(skip) if jsonl => {
                writeln!(out.borrow_mut(), "{}", json!({"store": store, "table": table, "skipped": skip.reason}))
            }
            Err(_) => Ok(()),
        };
        keep(result, &mut errors.borrow_mut());
    };
    let scan = scan_store(reader, scanner, &mut on_finding, &mut on_table).await;
    if let Some(error) = write_error {
        return Err(error).context("writing the findings");
    }
    Ok((scan, findings))
}

fn finding_json(store: &str, found: &CellFinding<'_>, show_values: bool) -> serde_json::Value {
    let value = if show_values {
        String::from_utf8_lossy(found.value).into_owned()
    } else {
        mask(found.finding.kind, found.value)
    };
    let row = match found.row {
        tutela_connect::rows::RowId::Key(key) => json!(key),
        tutela_connect::rows::RowId::Number(n) => json!(n),
    };
    let confidence = (f64::from(found.finding.confidence) * 100.0).round() / 100.0;
    json!({
        "store": store,
        "table": found.table,
        "column": found.column,
        "row": row,
        "start": found.finding.start,
        "end": found.finding.end,
        "kind": found.finding.kind.name(),
        "confidence": confidence,
        "value": value,
    })
}

fn write_columns(out: &mut impl Write, store: &str, table: &TableScan, jsonl: bool) -> std::io::Result<()> {
    for column in &table.columns {
        if jsonl {
            let kinds: serde_json::Map<String, serde_json::Value> =
                column.kinds.iter().map(|(kind, found)| (kind.name().to_owned(), json!(found.count))).collect();
            let line = json!({
                "store": store,
                "table": table.name,
                "column": column.name,
                "rows_scanned": table.rows_scanned,
                "non_empty": column.non_empty,
                "kinds": kinds,
            });
            writeln!(out, "{line}")?;
        } else {
            let kinds: Vec<String> = column
                .kinds
                .iter()
                .map(|(kind, found)| format!("{kind}={} (e.g. {})", found.count, found.example))
                .collect();
            let kinds = if kinds.is_empty() { "-".to_owned() } else { kinds.join(", ") };
            writeln!(out, "{}.{}\t{} rows\t{kinds}", table.name, column.name, table.rows_scanned)?;
        }
    }
    Ok(())
}

fn summary_line(scan: &StoreScan, findings: Option<u64>, started: Instant) {
    let rows = scan.rows_scanned();
    let seconds = started.elapsed().as_secs_f64();
    let rate = if seconds > 0.0 { (rows as f64 / seconds).round() } else { 0.0 };
    let findings = findings.map(|n| format!(": {n} finding(s)")).unwrap_or_default();
    let skipped = if scan.skipped.is_empty() { String::new() } else { format!(", {} skipped", scan.skipped.len()) };
    let truncated: u64 = scan.tables.iter().map(|table| table.truncated_cells).sum();
    let truncated =
        if truncated > 0 { format!(", {truncated} cell(s) cut to --max-cell-bytes") } else { String::new() };
    let capped = scan.tables.iter().filter(|table| table.row_limit_reached).count();
    let capped = if capped > 0 { format!(", {capped} table(s) read only to --max-rows") } else { String::new() };
    eprintln!(
        "scanned {} table(s) of {}, {rows} rows in {seconds:.2} s ({rate} rows/s){findings}{truncated}{capped}{skipped}",
        scan.tables.len(),
        scan.location
    );
}

/// Reads and validates the data map, as `tutela datamap check` does.
fn load_map(path: &Path) -> anyhow::Result<DataMap> {
    tutela_datamap::load(path).map_err(|error| {
        let first: Vec<String> =
            error.diagnostics.iter().take(MAX_PROBLEMS_QUOTED).map(std::string::ToString::to_string).collect();
        anyhow!(
            "the data map {} is invalid: run tutela datamap check {} ({} problem(s): {})",
            path.display(),
            path.display(),
            error.diagnostics.len(),
            first.join("; ")
        )
    })
}

/// The store of `map` the database is: `--store`, else the store whose location is this database,
/// else the only store of its kind.
fn pick_store<'m>(
    map: &'m DataMap,
    map_path: &Path,
    location: &StoreLocation,
    wanted: Option<&str>,
) -> anyhow::Result<&'m Store> {
    let kind = match location {
        StoreLocation::Sqlite(_) => StoreKind::Sqlite,
        _ => StoreKind::Postgres,
    };
    let ids = || map.stores.iter().map(|store| store.id.value.as_str()).collect::<Vec<_>>().join(", ");
    if let Some(wanted) = wanted {
        let store = map
            .stores
            .iter()
            .find(|store| store.id.value.as_str() == wanted)
            .ok_or_else(|| anyhow!("--store {wanted}: the data map has no such store (it has {})", ids()))?;
        if store.kind.value != kind {
            bail!("--store {wanted} is a {} store, but the database is {}", store.kind.value.as_str(), kind.as_str());
        }
        return Ok(store);
    }
    let candidates: Vec<&Store> = map.stores.iter().filter(|store| store.kind.value == kind).collect();
    if let Some(store) = candidates.iter().find(|store| is_at(store, map_path, location)) {
        return Ok(store);
    }
    match candidates.as_slice() {
        [only] => Ok(only),
        [] => bail!("the data map has no {} store (its stores: {}): name one with --store", kind.as_str(), ids()),
        _ => {
            let names: Vec<&str> = candidates.iter().map(|store| store.id.value.as_str()).collect();
            bail!("the data map has several {} stores ({}): name one with --store", kind.as_str(), names.join(", "))
        }
    }
}

/// Whether the map's `store` is at `location`: the same SQLite file (the store's location is
/// relative to the map's folder), or a PostgreSQL store whose `connection_env` holds this URL.
fn is_at(store: &Store, map_path: &Path, location: &StoreLocation) -> bool {
    match location {
        StoreLocation::Sqlite(path) => {
            let Some(declared) = &store.location else { return false };
            let base = if map_path.is_dir() { map_path.to_owned() } else { parent(map_path) };
            same_file(&base.join(declared.value.as_str()), path)
        }
        StoreLocation::Postgres(url) => store
            .connection_env
            .as_ref()
            .and_then(|var| std::env::var(var.value.as_str()).ok())
            .is_some_and(|value| redact_url(&value) == redact_url(url) && value == *url),
        StoreLocation::Files { .. } => false,
    }
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes the drift report: one JSON object, or text for people.
fn write_drift(out: &mut impl Write, report: &DriftReport, format: ScanFormat) -> anyhow::Result<()> {
    if format != ScanFormat::Table {
        writeln!(out, "{}", serde_json::to_string(report)?)?;
        return Ok(());
    }
    writeln!(out, "store {} ({}): {} rows scanned", report.store, report.location, report.rows_scanned)?;
    writeln!(out, "undeclared: {}", report.undeclared.len())?;
    for item in &report.undeclared {
        writeln!(
            out,
            "  {}.{}\t{} ×{} in {} rows, e.g. {}\t{}; declare {}",
            item.table,
            item.column,
            item.kind,
            item.count,
            item.rows_scanned,
            item.example,
            item.reason,
            item.expected.join(" or ")
        )?;
    }
    writeln!(out, "declared but not found: {}", report.declared_not_found.len())?;
    for item in &report.declared_not_found {
        writeln!(
            out,
            "  {}.{}\t{}: no {} in {} rows scanned ({} non-empty)",
            item.table,
            item.column,
            item.category,
            item.kinds.join(" or "),
            item.rows_scanned,
            item.non_empty
        )?;
    }
    writeln!(out, "not checkable: {} field(s) (names, addresses, free text ...; --format json lists them)", {
        report.not_checkable.len()
    })?;
    writeln!(out, "skipped: {}", report.skipped.len())?;
    for item in &report.skipped {
        writeln!(out, "  {}\t{}", item.table, item.reason)?;
    }
    Ok(())
}
