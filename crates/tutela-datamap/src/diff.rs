//! The difference between two versions of a data map, as the journal records it when a new version
//! is applied: which purposes, categories, stores, tables, fields, recipients, transfers and
//! processing activities were added, removed or changed.
//!
//! Items are compared by their id (tables and fields by name within their store and table) on their
//! serialized form, so moving an item within its file or reformatting the YAML is not a change. The
//! lists are capped at [`MAX_LISTED_CHANGES`] entries each, with the number left out, so a journal
//! entry stays small however large the map.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::DataMap;

/// Most entries listed per kind of change (added, removed, changed).
pub const MAX_LISTED_CHANGES: usize = 200;

/// What changed from one version to the next. Each entry is `section:id`, e.g. `purpose:newsletter`,
/// `store:kursy_db`, `table:kursy_db:students` or `field:kursy_db:students.email`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    /// Items in the new version only.
    pub added: Vec<String>,
    /// Items in the old version only.
    pub removed: Vec<String>,
    /// Items in both whose declaration differs.
    pub changed: Vec<String>,
    /// How many entries the three lists leave out because of [`MAX_LISTED_CHANGES`].
    #[serde(skip_serializing_if = "is_zero")]
    pub not_listed: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty() && self.not_listed == 0
    }
}

/// The changes from `old` (none for a first version, where everything is added) to `new`.
pub fn diff(old: Option<&DataMap>, new: &DataMap) -> Changes {
    let old_items = old.map(items).unwrap_or_default();
    let new_items = items(new);
    let mut changes = Changes::default();
    for (key, value) in &new_items {
        match old_items.get(key) {
            None => push(&mut changes.added, &mut changes.not_listed, key),
            Some(old_value) if old_value != value => push(&mut changes.changed, &mut changes.not_listed, key),
            Some(_) => {}
        }
    }
    for key in old_items.keys().filter(|key| !new_items.contains_key(*key)) {
        push(&mut changes.removed, &mut changes.not_listed, key);
    }
    changes
}

fn push(list: &mut Vec<String>, not_listed: &mut usize, key: &str) {
    if list.len() < MAX_LISTED_CHANGES {
        list.push(key.to_owned());
    } else {
        *not_listed += 1;
    }
}

/// Every item of the map by its key, with its serialized declaration. A store's declaration is taken
/// without its tables, and a table's without its fields, so a changed field is reported once, as a
/// field.
fn items(map: &DataMap) -> BTreeMap<String, Value> {
    let mut items = BTreeMap::new();
    items.insert("operator".to_owned(), json(&map.operator));
    let sections: [(&str, Value); 6] = [
        ("data_category", json(&map.data_categories)),
        ("subject_category", json(&map.subject_categories)),
        ("purpose", json(&map.purposes)),
        ("recipient", json(&map.recipients)),
        ("transfer", json(&map.transfers)),
        ("processing_activity", json(&map.processing_activities)),
    ];
    for (section, list) in sections {
        for (index, item) in as_list(list).into_iter().enumerate() {
            let id = item_key(&item, &["id", "recipient"]).unwrap_or_else(|| format!("#{}", index + 1));
            items.insert(format!("{section}:{id}"), item);
        }
    }
    for store in as_list(json(&map.stores)) {
        store_items(store, &mut items);
    }
    items
}

fn store_items(mut store: Value, items: &mut BTreeMap<String, Value>) {
    let store_id = item_key(&store, &["id"]).unwrap_or_default();
    let tables = take(&mut store, "tables");
    items.insert(format!("store:{store_id}"), store);
    for mut table in as_list(tables) {
        let table_name = item_key(&table, &["name"]).unwrap_or_default();
        let fields = take(&mut table, "fields");
        items.insert(format!("table:{store_id}:{table_name}"), table);
        for field in as_list(fields) {
            let field_name = item_key(&field, &["name"]).unwrap_or_default();
            items.insert(format!("field:{store_id}:{table_name}.{field_name}"), field);
        }
    }
}

fn json(value: &impl Serialize) -> Value {
    // The model serializes to JSON without fallible parts (no maps with non-string keys).
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn as_list(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        _ => Vec::new(),
    }
}

fn take(item: &mut Value, key: &str) -> Value {
    item.as_object_mut().and_then(|object| object.remove(key)).unwrap_or(Value::Null)
}

/// The first of `keys` that the item has as a string.
fn item_key(item: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| item.get(*key).and_then(Value::as_str).map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    const BASE: &str = r#"
version: 1
operator:
  legal_name: Example Ltd
  country: BG
  address: 1 Example Street, Sofia
  contact: { email: privacy@example.com }
  jurisdictions: [eu_gdpr]
purposes:
  - id: newsletter
    description: Sending news.
    legal_basis: { kind: consent, articles: { eu_gdpr: "art. 6(1)(a)" } }
    retention: until_consent_withdrawn
    actions: [collect, store, use]
stores:
  - id: crm
    kind: sqlite
    location: crm.sqlite3
    region: BG
    tables:
      - name: people
        identifies_subject_by: [email]
        fields:
          - { name: email, categories: [contact.email], masking: set_null }
          - { name: phone, categories: [contact.phone], masking: set_null }
processing_activities:
  - id: subscribers
    subject_categories: [customer]
    data_categories: [contact.email, contact.phone]
    purposes: [newsletter]
    stores: [crm]
"#;

    fn load(text: &str) -> DataMap {
        match crate::load_sources(vec![(PathBuf::from("map.yaml"), text.to_owned())]) {
            Ok(map) => map,
            Err(error) => panic!("test map is invalid: {error:?}"),
        }
    }

    #[test]
    fn a_first_version_adds_everything() {
        let changes = diff(None, &load(BASE));
        assert!(changes.added.contains(&"purpose:newsletter".to_owned()), "{changes:?}");
        assert!(changes.added.contains(&"field:crm:people.email".to_owned()), "{changes:?}");
        assert!(changes.removed.is_empty() && changes.changed.is_empty());
    }

    #[test]
    fn the_same_map_reformatted_has_no_changes() {
        let reformatted = BASE.replace(
            "{ name: phone, categories: [contact.phone], masking: set_null }",
            "{masking: set_null, categories: [contact.phone], name: phone}",
        );
        assert!(diff(Some(&load(BASE)), &load(&reformatted)).is_empty());
    }

    #[test]
    fn field_and_purpose_changes_are_named() {
        let new = BASE
            .replace("          - { name: phone, categories: [contact.phone], masking: set_null }\n", "")
            .replace("[contact.email], masking: set_null }", "[contact.email], masking: hash }")
            .replace("until_consent_withdrawn", "[until_consent_withdrawn, 2 years]");
        let changes = diff(Some(&load(BASE)), &load(&new));
        assert_eq!(changes.removed, vec!["field:crm:people.phone"]);
        assert_eq!(changes.changed, vec!["field:crm:people.email", "purpose:newsletter"]);
        assert!(changes.added.is_empty());
    }

    #[test]
    fn long_lists_are_capped_with_a_count() {
        let mut fields = String::new();
        for n in 0..(MAX_LISTED_CHANGES + 25) {
            fields.push_str(&format!(
                "          - {{ name: extra_{n}, categories: [contact.email], masking: set_null }}\n"
            ));
        }
        let new = BASE.replace("          - { name: phone", &format!("{fields}          - {{ name: phone"));
        let changes = diff(Some(&load(BASE)), &load(&new));
        assert_eq!(changes.added.len(), MAX_LISTED_CHANGES);
        assert_eq!(changes.not_listed, 25);
    }
}
