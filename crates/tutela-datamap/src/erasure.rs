//! What a map says erasure and access do, table by table: the questions both validation and the
//! fulfilment engine ask, answered in one place so they cannot disagree.
//!
//! - [`TableErasure`]: whether a table's rows of an erased subject are deleted, masked or held.
//! - [`reference_kind`]: whether a reference makes its rows the subject's own (`owns`) or only
//!   names another row (`lookup`).
//! - [`target`]: the table a reference points at.

use crate::model::{Field, Masking, Reference, ReferenceKind, Store, Table};

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

/// The masking a field gets when its row is kept as a stub (`stub_when_referenced`, and held rows
/// still point at it): a key field is kept, since the held rows point at it; `delete_row` becomes
/// `set_null`; another method is applied as it is; a personal field without one is nulled.
pub fn stub_masking(table: &Table, field: &Field) -> Option<Masking> {
    if is_key_field(table, field.name.as_str()) {
        return None;
    }
    match &field.masking {
        Some(masking) if masking.value == Masking::DeleteRow => Some(Masking::Null),
        Some(masking) => Some(masking.value.clone()),
        None if !field.categories.is_empty() => Some(Masking::Null),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAP: &str = r#"version: 1
operator:
  legal_name: Shop GmbH
  country: DE
  address: Musterstraße 1, Berlin
  contact: { email: privacy@shop.example }
  jurisdictions: [eu_gdpr]
purposes:
  - id: orders
    description: Selling.
    legal_basis: { kind: contract, articles: { eu_gdpr: "art. 6(1)(b)" } }
    retention: until_contract_ended
    actions: [store, delete]
  - id: bookkeeping
    description: Books.
    legal_basis: { kind: legal_obligation, articles: { eu_gdpr: "art. 6(1)(c)" } }
    retention: 10 years after contract_ended
    actions: [store]
stores:
  - id: shop
    kind: sqlite
    location: shop.sqlite3
    region: DE
    tables:
      - name: customers
        identifies_subject_by: [email]
        fields:
          - { name: id, categories: [account.identifier] }
          - { name: email, categories: [contact.email], masking: hash }
      - name: orders
        stub_when_referenced: true
        fields:
          - { name: id, categories: [commerce.orders], masking: delete_row }
          - { name: customer_id, categories: [account.identifier] }
          - { name: note, categories: [commerce.orders] }
          - { name: street, categories: [location.delivery_address], masking: { fixed: "-" } }
          - { name: placed_at, personal: false }
        references:
          - { field: customer_id, to: customers.id }
      - name: payments
        hold: bookkeeping
        fields:
          - { name: id, categories: [financial.transactions] }
          - { name: order_id, categories: [commerce.orders] }
        references:
          - { field: order_id, to: orders.id }
processing_activities:
  - id: customers
    subject_categories: [customer]
    data_categories: [account.identifier, contact.email, commerce.orders, location.delivery_address, financial.transactions]
    purposes: [orders, bookkeeping]
"#;

    #[test]
    fn a_stub_keeps_its_keys_and_nulls_or_masks_the_rest() {
        let map = crate::load_sources(vec![("map.yaml".into(), MAP.to_owned())]).expect("the map loads");
        let orders = &map.stores[0].tables[1];
        let masking = |name: &str| stub_masking(orders, orders.field(name).expect("field"));
        assert_eq!(TableErasure::of(orders), TableErasure::DeleteRows);
        assert_eq!(masking("id"), None, "the primary key the held payments point at is kept, delete_row or not");
        assert_eq!(masking("customer_id"), None, "a reference is kept");
        assert_eq!(masking("note"), Some(Masking::Null), "a personal field without a method is nulled");
        assert_eq!(masking("street"), Some(Masking::Fixed("-".parse().expect("text"))));
        assert_eq!(masking("placed_at"), None, "a field marked not personal is kept");
        assert_eq!(TableErasure::of(&map.stores[0].tables[2]), TableErasure::Hold);
    }
}
