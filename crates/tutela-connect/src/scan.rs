//! The PII scan of a database: every cell [`crate::rows`] reads goes through the detectors of
//! `tutela-pii` with its column name as context, and each column gets a summary (rows scanned,
//! non-empty cells, findings per kind with one masked example).
//!
//! Findings are handed to a callback as they are found, so a caller can print them without the scan
//! holding them; what the scan keeps is bounded by the number of columns times the number of kinds.
//! The scan runs on one thread: reading a table is one statement on one connection, and the
//! detectors are fast next to the database's own work (see BENCHMARKS.md).

use std::collections::BTreeMap;

use tutela_pii::mask::mask;
use tutela_pii::{Finding, Kind, KindSet, Scanner};

use crate::rows::{PlannedColumn, RowCells, RowId, StoreReader, TablePlan, TableSkip};

/// What the scan found in one column.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnScan {
    /// The column.
    pub name: String,
    /// Its declared type.
    pub data_type: String,
    /// Cells that were neither NULL nor empty.
    pub non_empty: u64,
    /// Findings per kind.
    pub kinds: BTreeMap<Kind, KindCount>,
}

/// The findings of one kind in one column.
#[derive(Clone, Debug, PartialEq)]
pub struct KindCount {
    /// How many values of this kind were found (a cell may hold several).
    pub count: u64,
    /// The first one, masked.
    pub example: String,
}

/// What the scan found in one table.
#[derive(Clone, Debug, PartialEq)]
pub struct TableScan {
    /// The table.
    pub name: String,
    /// Rows read and scanned.
    pub rows_scanned: u64,
    /// Cells cut to the byte limit before they were scanned.
    pub truncated_cells: u64,
    /// Whether the table had more rows than were read.
    pub row_limit_reached: bool,
    /// Whether the rows were a random sample.
    pub sampled: bool,
    /// The columns scanned, in the table's order.
    pub columns: Vec<ColumnScan>,
    /// The columns not read because of their type.
    pub not_read: Vec<PlannedColumn>,
}

impl TableScan {
    /// The scanned column with this name.
    pub fn column(&self, name: &str) -> Option<&ColumnScan> {
        self.columns.iter().find(|column| column.name == name)
    }
}

/// What the scan of a whole store found.
#[derive(Clone, Debug, PartialEq)]
pub struct StoreScan {
    /// The store, fit to show.
    pub location: String,
    /// The tables read to the end, sorted by name.
    pub tables: Vec<TableScan>,
    /// The tables that failed, with why (their findings so far were reported, not summarised).
    pub skipped: Vec<TableSkip>,
}

impl StoreScan {
    /// The scanned table with this name.
    pub fn table(&self, name: &str) -> Option<&TableScan> {
        self.tables.iter().find(|table| table.name == name)
    }

    /// Rows scanned in every table.
    pub fn rows_scanned(&self) -> u64 {
        self.tables.iter().map(|table| table.rows_scanned).sum()
    }
}

/// One value found in a cell, as handed to the callback of [`scan_store`].
#[derive(Debug)]
pub struct CellFinding<'a> {
    /// The table.
    pub table: &'a str,
    /// The column.
    pub column: &'a str,
    /// The row.
    pub row: &'a RowId,
    /// Kind, confidence, and byte offsets within the cell (as read, so within the cut).
    pub finding: Finding,
    /// The value's bytes (mask them before showing them).
    pub value: &'a [u8],
}

/// Scans every table of `reader` with `scanner`, calling `on_finding` for each value found and
/// `on_table` after each table (read or skipped), and returns the summaries.
pub async fn scan_store(
    reader: &mut StoreReader,
    scanner: &Scanner,
    on_finding: &mut dyn FnMut(&CellFinding<'_>),
    on_table: &mut dyn FnMut(&str, Result<&TableScan, &TableSkip>),
) -> StoreScan {
    let mut state = scanner.state();
    let mut scan = StoreScan { location: reader.location().to_owned(), tables: Vec::new(), skipped: Vec::new() };
    for index in 0..reader.tables().len() {
        let plan = &reader.tables()[index];
        let mut columns: Vec<ColumnScan> = plan
            .columns
            .iter()
            .map(|c| ColumnScan {
                name: c.name.clone(),
                data_type: c.data_type.clone(),
                non_empty: 0,
                kinds: BTreeMap::new(),
            })
            .collect();
        let not_read = plan.not_read.clone();
        // A column name's context words, worked out once per column rather than once per cell.
        let named: Vec<KindSet> = plan.columns.iter().map(|c| scanner.named_kinds(&c.name)).collect();
        let mut on_row = |plan: &TablePlan, row: RowCells<'_>| {
            scan_row(scanner, &mut state, plan, &named, &row, &mut columns, on_finding);
        };
        match reader.read_table(index, &mut on_row).await {
            Ok(read) => {
                let name = reader.tables()[index].name.clone();
                let table = TableScan {
                    name,
                    rows_scanned: read.rows,
                    truncated_cells: read.truncated_cells,
                    row_limit_reached: read.row_limit_reached,
                    sampled: read.sampled,
                    columns,
                    not_read,
                };
                on_table(&table.name, Ok(&table));
                scan.tables.push(table);
            }
            Err(skip) => {
                on_table(&skip.table, Err(&skip));
                scan.skipped.push(skip);
            }
        }
    }
    scan
}

fn scan_row(
    scanner: &Scanner,
    state: &mut tutela_pii::ScanState,
    plan: &TablePlan,
    named: &[KindSet],
    row: &RowCells<'_>,
    columns: &mut [ColumnScan],
    on_finding: &mut dyn FnMut(&CellFinding<'_>),
) {
    let cells = plan.columns.iter().zip(named).zip(columns.iter_mut()).zip(row.cells);
    for (((column, &kinds), summary), cell) in cells {
        let Some(value) = cell.filter(|value| !value.is_empty()) else { continue };
        summary.non_empty += 1;
        scanner.scan_value_named(state, value, kinds, &mut |finding| {
            let bytes = value.get(finding.start..finding.end).unwrap_or_default();
            let entry = summary
                .kinds
                .entry(finding.kind)
                .or_insert_with(|| KindCount { count: 0, example: mask(finding.kind, bytes) });
            entry.count += 1;
            on_finding(&CellFinding { table: &plan.name, column: &column.name, row: &row.id, finding, value: bytes });
        });
    }
}
