//! The rules that make erasure complete and consistent (the `erasure` rules of the parent module):
//!
//! - `hold-without-obligation`: a `hold:` names a purpose whose legal basis is a legal obligation, so
//!   the hold has an article and a retention period (GDPR art. 17(3)(b), 152-FZ art. 21(5) "unless a
//!   federal law provides otherwise"); an unknown purpose is `unknown-purpose`.
//! - `held-table-deletes`: a held table cannot also delete its rows.
//! - `field-without-erasure`: in a table whose rows survive erasure and are not held, every personal
//!   field that is not a key (primary key or reference field) says how it is masked. Leaving the
//!   method out used to mean both "keep it" and "forgot", so it is now an error.
//! - `masked-key`: a key field is not masked (a masked key breaks the references to it); deleting its
//!   row is fine.
//! - `deleted-but-referenced`: a table whose erasure deletes rows is not pointed at by a table whose
//!   rows survive (or by a lookup, whose rows are someone else's), unless it keeps referenced rows as
//!   stubs (`stub_when_referenced: true`).
//! - `erasure-cycle`: the tables whose rows are deleted can be deleted in an order (children first):
//!   their references form no cycle.
//! - `match-not-identity`: `match:` is only said of a field the table identifies the subject by.
//! - `unknown-field`: a `primary_key` and a `restriction_flag` name fields of the table.
//! - `restriction-flag-in-file`: a `restriction_flag` is a column of a database table (a file has no
//!   column the operator's systems check).

use std::collections::HashMap;

use super::{Known, Report, check_purpose_ref, report_unknown, strongly_connected};
use crate::erasure::{TableErasure, is_key_field, reference_kind, target};
use crate::model::{DataMapFile, LegalBasisKind, Masking, ReferenceKind};

pub(super) fn check_erasure(report: &mut Report<'_>, known: &Known<'_>, file: &DataMapFile) {
    for store in &file.stores {
        for table in &store.tables {
            check_table(report, known, file, table);
            check_restriction_flag(report, store, table);
        }
    }
    check_deleted_references(report, file);
    check_deletion_order(report, file);
}

fn check_table(report: &mut Report<'_>, known: &Known<'_>, file: &DataMapFile, table: &crate::model::Table) {
    let name = table.name.as_str();
    let fields: HashMap<String, crate::model::Position> =
        table.fields.iter().map(|field| (field.name.as_str().to_owned(), field.name.at)).collect();
    for key in &table.primary_key {
        if !fields.contains_key(key.as_str()) {
            report_unknown(
                report,
                key.at,
                "unknown-field",
                format!("the primary key of table {name:?} names {:?}, which is not one of its fields", key.as_str()),
                (key.as_str(), &fields),
                "name the fields of the table's primary key",
            );
        }
    }
    if let Some(hold) = &table.hold
        && check_purpose_ref(report, known, hold, &format!("the hold of table {name:?}"))
    {
        let obliged = known
            .purpose(file, hold.as_str())
            .and_then(|purpose| purpose.legal_basis.as_ref())
            .is_some_and(|basis| basis.kind.value == LegalBasisKind::LegalObligation);
        if !obliged {
            report.push(
                hold.at,
                "hold-without-obligation",
                format!(
                    "table {name:?} is held for purpose {:?}, whose legal basis is not a legal obligation",
                    hold.as_str()
                ),
                "hold a table for a purpose with legal_basis kind legal_obligation and the article that \
                 requires keeping it (accounting, tax), or remove the hold"
                    .to_owned(),
            );
        }
    }
    let erasure = TableErasure::of(table);
    for field in &table.fields {
        let field_name = field.name.as_str();
        let qualified = format!("{name}.{field_name}");
        let key = is_key_field(table, field_name);
        match &field.masking {
            Some(masking) if erasure == TableErasure::Hold && masking.value == Masking::DeleteRow => report.push(
                masking.at,
                "held-table-deletes",
                format!("table {name:?} is held, but field {qualified:?} deletes its rows"),
                "a held table keeps its rows until the hold ends: remove delete_row, or the hold".to_owned(),
            ),
            Some(masking) if key && masking.value != Masking::DeleteRow => report.push(
                masking.at,
                "masked-key",
                format!("field {qualified:?} is a key (primary key or reference) and cannot be masked"),
                "keep the key and mask the fields that identify the subject, or delete the row (delete_row)".to_owned(),
            ),
            None if erasure == TableErasure::MaskFields
                && !key
                && !field.categories.is_empty()
                && !field.is_non_personal() =>
            {
                report.push(
                    field.name.at,
                    "field-without-erasure",
                    format!("personal field {qualified:?} has no masking, and erasure keeps the rows of {name:?}"),
                    "say what erasure does: masking: set_null, hash, { fixed: \"...\" } or delete_row; or hold the \
                 table for a legal obligation (hold: <purpose>)"
                        .to_owned(),
                );
            }
            _ => {}
        }
        if let Some(matching) = &field.matching
            && !table.identifies_subject_by.iter().any(|identity| identity.as_str() == field_name)
        {
            report.push(
                matching.at,
                "match-not-identity",
                format!("field {qualified:?} says how to match an identity, but {name:?} is not identified by it"),
                format!("add {field_name} to identifies_subject_by, or remove match"),
            );
        }
    }
}

fn check_deleted_references(report: &mut Report<'_>, file: &DataMapFile) {
    for store in &file.stores {
        for table in &store.tables {
            let surviving = TableErasure::of(table).keeps_rows();
            for reference in &table.references {
                let Some((target_store, target_table)) = target(&file.stores, store, reference) else { continue };
                let lookup = reference_kind(&file.stores, store, reference) == ReferenceKind::Lookup;
                let stubs = target_table.stub_when_referenced.as_ref().is_some_and(|stub| stub.value);
                if TableErasure::of(target_table) != TableErasure::DeleteRows || stubs || !(surviving || lookup) {
                    continue;
                }
                let why = if lookup { "its rows belong to others" } else { "erasure keeps its rows" };
                report.push(
                    reference.to.at,
                    "deleted-but-referenced",
                    format!(
                        "erasure deletes rows of {}:{}, but {}.{} still points at them ({why})",
                        target_store.id.as_str(),
                        target_table.name.as_str(),
                        table.name.as_str(),
                        reference.field.as_str()
                    ),
                    format!(
                        "add stub_when_referenced: true to table {:?} to keep referenced rows as masked stubs, \
                         or delete the referencing rows too",
                        target_table.name.as_str()
                    ),
                );
            }
        }
    }
}

fn check_deletion_order(report: &mut Report<'_>, file: &DataMapFile) {
    let mut nodes: Vec<(usize, usize)> = Vec::new();
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    for (s, store) in file.stores.iter().enumerate() {
        for (t, table) in store.tables.iter().enumerate() {
            if TableErasure::of(table) == TableErasure::DeleteRows {
                index.entry((store.id.as_str(), table.name.as_str())).or_insert_with(|| {
                    nodes.push((s, t));
                    nodes.len() - 1
                });
            }
        }
    }
    let mut edges = vec![Vec::new(); nodes.len()];
    for (from, &(s, t)) in nodes.iter().enumerate() {
        let store = &file.stores[s];
        for reference in &store.tables[t].references {
            let store_id = reference.to.store.as_ref().map_or(store.id.as_str(), |id| id.as_str());
            if let Some(&to) = index.get(&(store_id, reference.to.table.as_str())) {
                edges[from].push(to);
            }
        }
    }
    for component in strongly_connected(&edges) {
        if component.len() == 1 && !edges[component[0]].contains(&component[0]) {
            continue;
        }
        let names: Vec<String> = component
            .iter()
            .map(|&node| {
                let (s, t) = nodes[node];
                format!("{}:{}", file.stores[s].id.as_str(), file.stores[s].tables[t].name.as_str())
            })
            .collect();
        let (s, t) = nodes[component[0]];
        report.push(
            file.stores[s].tables[t].name.at,
            "erasure-cycle",
            format!("tables {} delete rows and reference one another, so no deletion order exists", names.join(", ")),
            "mask one of them instead of deleting its rows, so the others can be deleted first".to_owned(),
        );
    }
}

/// A `restriction_flag` names a field of a database table.
fn check_restriction_flag(report: &mut Report<'_>, store: &crate::model::Store, table: &crate::model::Table) {
    let Some(flag) = &table.restriction_flag else { return };
    let name = table.name.as_str();
    let fields: HashMap<String, crate::model::Position> =
        table.fields.iter().map(|field| (field.name.as_str().to_owned(), field.name.at)).collect();
    if !fields.contains_key(flag.as_str()) {
        report_unknown(
            report,
            flag.at,
            "unknown-field",
            format!("the restriction flag of table {name:?} is {:?}, which is not one of its fields", flag.as_str()),
            (flag.as_str(), &fields),
            "name the boolean or integer field the operator's systems check before using a row",
        );
    }
    if matches!(store.kind.value, crate::model::StoreKind::Csv | crate::model::StoreKind::Jsonl) {
        report.push(
            flag.at,
            "restriction-flag-in-file",
            format!(
                "table {name:?} is a file of store {:?}: it has no column to mark restricted rows",
                store.id.as_str()
            ),
            "remove restriction_flag: the subject's rows in files are listed as not marked, and the block is kept \
             in the request log"
                .to_owned(),
        );
    }
}
