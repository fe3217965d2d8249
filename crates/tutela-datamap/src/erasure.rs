//! What a map says erasure and access do, table by table: the questions both validation and the
//! fulfilment engine ask, answered in one place so they cannot disagree.
//!
//! - [`TableErasure`]: whether a table's rows of an erased subject are deleted, masked or held.
//! - [`reference_kind`]: whether a reference makes its rows the subject's own (`owns`) or only
//!   names another row (`lookup`).
//! - [`target`]: the table a reference points at.

use crate::model::{Masking, Reference, ReferenceKind, Store, Table};

/// What erasing a subject does to their rows of one table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableErasure {
    /// The rows are deleted (a field says `masking: delete_row`).
    DeleteRows,
    /// The rows are kept and each personal field is masked by its method.
    MaskFields,
    /// The rows are kept for a legal obligation (`hold:`): fields with a `masking` are masked, the
    /// others kept as the law needs them.
    Hold,
}

impl TableErasure {
    /// The table's erasure.
    pub fn of(table: &Table) -> Self {
        if table.hold.is_some() {
            Self::Hold
        } else if table.deletes_rows() {
            Self::DeleteRows
        } else {
            Self::MaskFields
        }
    }

    /// Whether the rows survive erasure (masked or held).
    pub fn keeps_rows(self) -> bool {
        self != Self::DeleteRows
    }
}

/// The store and table a reference of a table in `own_store` points at, if both are declared.
pub fn target<'m>(stores: &'m [Store], own_store: &'m Store, reference: &Reference) -> Option<(&'m Store, &'m Table)> {
    let store = match &reference.to.store {
        None => own_store,
        Some(id) => stores.iter().find(|store| store.id.as_str() == id.as_str())?,
    };
    let table = store.tables.iter().find(|table| table.name.as_str() == reference.to.table.as_str())?;
    Some((store, table))
}

/// Whether the referencing rows belong to the referenced row's subject: the declared `kind`, else
/// `lookup` when the target table holds no personal data and `owns` otherwise.
pub fn reference_kind(stores: &[Store], own_store: &Store, reference: &Reference) -> ReferenceKind {
    if let Some(kind) = &reference.kind {
        return kind.value;
    }
    match target(stores, own_store, reference) {
        Some((_, table)) if table.fields.iter().all(|field| field.categories.is_empty()) => ReferenceKind::Lookup,
        _ => ReferenceKind::Owns,
    }
}

/// Whether a field is a key erasure must keep: part of the primary key, or a reference field (it
/// points at a row, and masking it would break the link the stores rely on).
pub fn is_key_field(table: &Table, field: &str) -> bool {
    table.key_fields().contains(&field) || table.references.iter().any(|reference| reference.field.as_str() == field)
}

/// The masking a field gets when its row becomes a stub: its own method, except that `delete_row`
/// (the row stays) becomes `set_null`.
pub fn stub_masking(masking: &Masking) -> Masking {
    match masking {
        Masking::DeleteRow => Masking::Null,
        other => other.clone(),
    }
}
