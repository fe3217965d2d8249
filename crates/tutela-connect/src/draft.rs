//! A draft `stores:` entry in the data map format, from an introspected store.
//!
//! The draft is YAML text, not a serialized model, because most of its value is in its comments:
//! each category guessed from a column name carries `# suggested`, each column with no guess is
//! written `categories: []  # TODO: tag` so that `tutela datamap check` reports every one of them
//! until the operator has tagged it, and each column shows its type and key role. References come
//! from foreign keys; where a column has none but its name says `<table>_id` and that table exists,
//! a reference is suggested (CSV and JSON Lines files have no keys at all). PostgreSQL stores are
//! written with a `connection_env` (never the URL, which may hold a password).
//!
//! Names are quoted whenever YAML could read them as something other than a string.

use std::fmt::Write as _;

use tutela_datamap::{Name, RegionCode, StoreId};

use crate::suggest::{self, Suggestion};
use crate::{IntrospectedStore, IntrospectedTable, StoreKind};

/// What to write besides what the store itself says.
#[derive(Clone, Debug)]
pub struct DraftOptions {
    /// The store's id in the data map.
    pub store_id: StoreId,
    /// The country where the store's data is; a `ZZ` placeholder with a TODO when absent, which
    /// `tutela datamap check` reports until it is filled in.
    pub region: Option<RegionCode>,
}

/// The draft `stores:` entry for `store`, with id `store_id` and a placeholder region.
pub fn draft_store(store: &IntrospectedStore, store_id: &StoreId) -> String {
    draft_store_with(store, &DraftOptions { store_id: store_id.clone(), region: None })
}

/// The draft `stores:` entry for `store`.
pub fn draft_store_with(store: &IntrospectedStore, options: &DraftOptions) -> String {
    let mut out = String::new();
    header(&mut out, store);
    let id = &options.store_id;
    let _ = writeln!(out, "stores:\n  - id: {id}\n    kind: {}", store.kind.as_str());
    match store.kind {
        StoreKind::Postgres => {
            let env = format!("{}_DATABASE_URL", id.as_str().to_ascii_uppercase());
            let _ = writeln!(out, "    connection_env: {env}  # the variable that holds {}", store.location);
            if let Some(schema) = store.schema.as_deref().filter(|schema| *schema != "public") {
                let _ = writeln!(out, "    # tables of schema {}", quote(schema));
            }
        }
        _ => {
            let _ = writeln!(
                out,
                "    location: {}  # relative paths are relative to the data map file",
                quote(&store.location)
            );
        }
    }
    match &options.region {
        Some(region) => {
            let _ = writeln!(out, "    region: {region}");
        }
        None => {
            let _ = writeln!(out, "    region: ZZ  # TODO: the country where this store's data is (e.g. DE, CN, RU)");
        }
    }
    if store.tables.is_empty() {
        out.push_str("    tables: []  # the store has no tables\n");
        return out;
    }
    out.push_str("    tables:\n");
    for table in &store.tables {
        write_table(&mut out, store, table);
    }
    out
}

fn header(out: &mut String, store: &IntrospectedStore) {
    let schema = store.schema.as_deref().map(|schema| format!(" (schema {schema})")).unwrap_or_default();
    let _ =
        writeln!(out, "# Draft of one store, read from the {} store {}{schema}.", store.kind.as_str(), store.location);
    out.push_str(
        "# Put it under `stores:` in the data map, then complete it:\n\
         #   - `# suggested`: a data category or key guessed from a column's name; check it.\n\
         #   - `categories: []  # TODO: tag`: name the field's data categories, or write `personal: false`.\n\
         #   - `masking:` (set_null, hash, { fixed: \"...\" }, delete_row) says what erasure does to a field;\n\
         #     `# TODO: masking` marks a NOT NULL personal column where set_null cannot be suggested.\n\
         # `tutela datamap check` lists every field still to tag.\n",
    );
}

/// A reference to write: the field, where it points, and why.
struct Ref {
    field: String,
    to: String,
    comment: &'static str,
}

fn write_table(out: &mut String, store: &IntrospectedStore, table: &IntrospectedTable) {
    let _ = writeln!(out, "      - name: {}", quote(&table.name));
    let references = references(store, table);
    let identifying: Vec<&str> = table
        .columns
        .iter()
        .filter(|column| suggest::suggest(&table.name, &column.name).is_some_and(|s| s.identifies))
        .filter(|column| column.name.parse::<Name>().is_ok())
        .map(|column| column.name.as_str())
        .collect();
    if !identifying.is_empty() {
        let list: Vec<String> = identifying.iter().map(|name| quote(name)).collect();
        let _ = writeln!(out, "        identifies_subject_by: [{}]  # suggested", list.join(", "));
    } else if references.is_empty() {
        out.push_str(
            "        # TODO: how does a request find the subject's rows here? Add identifies_subject_by: [field],\n",
        );
        out.push_str("        #       or a reference to a table that identifies the subject.\n");
    }
    if table.columns.is_empty() {
        out.push_str("        fields: []  # TODO: the table has no columns\n");
    } else {
        out.push_str("        fields:\n");
    }
    for column in &table.columns {
        if let Err(why) = column.name.parse::<Name>() {
            let _ = writeln!(out, "          # skipped column {}: {why}", quote(&column.name));
            continue;
        }
        let mut notes = vec![column.data_type.clone()];
        if !column.nullable {
            notes.push("NOT NULL".to_owned());
        }
        if table.primary_key.contains(&column.name) {
            notes.push("primary key".to_owned());
        }
        let notes = notes.join(", ");
        let name = quote(&column.name);
        match suggest::suggest(&table.name, &column.name) {
            Some(Suggestion { category, .. }) => {
                // Erasure: keys stay; a nullable column is suggested set_null; a NOT NULL one is
                // left for the operator to choose (fixed, hash or delete_row), and check says so.
                let key = table.primary_key.contains(&column.name)
                    || table.foreign_keys.iter().any(|fk| fk.columns.contains(&column.name));
                let masking = if !key && column.nullable { ", masking: set_null" } else { "" };
                let todo = if !key && !column.nullable { "TODO: masking; " } else { "" };
                let _ = writeln!(
                    out,
                    "          - {{ name: {name}, categories: [{category}]{masking} }}  # suggested; {todo}{notes}"
                );
            }
            None => {
                let _ = writeln!(out, "          - {{ name: {name}, categories: [] }}  # TODO: tag; {notes}");
            }
        }
    }
    if !references.is_empty() {
        out.push_str("        references:\n");
        for reference in references {
            let _ = writeln!(
                out,
                "          - {{ field: {}, to: {} }}  # {}",
                quote(&reference.field),
                quote(&reference.to),
                reference.comment
            );
        }
    }
}

/// The table's references: one per column pair of each foreign key into this store, then one
/// suggested from the name for each `<table>_id` column no foreign key covers.
fn references(store: &IntrospectedStore, table: &IntrospectedTable) -> Vec<Ref> {
    let mut references = Vec::new();
    for key in &table.foreign_keys {
        if key.referenced_schema.is_some() {
            continue;
        }
        let comment = if key.columns.len() > 1 { "foreign key (part of a composite key)" } else { "foreign key" };
        for (field, to) in key.columns.iter().zip(&key.referenced_columns) {
            if valid_name(field) && valid_name(&key.referenced_table) && valid_name(to) {
                references.push(Ref { field: field.clone(), to: format!("{}.{to}", key.referenced_table), comment });
            }
        }
    }
    for column in &table.columns {
        let covered = table.foreign_keys.iter().any(|key| key.columns.contains(&column.name));
        if covered || table.primary_key.contains(&column.name) {
            continue;
        }
        if let Some(to) = named_target(store, table, &column.name) {
            references.push(Ref {
                field: column.name.clone(),
                to,
                comment: "suggested from the name; check the values match",
            });
        }
    }
    references
}

/// For `customer_id`: `customers.id` (or `customer.id` ...), when such a table and column exist.
fn named_target(store: &IntrospectedStore, table: &IntrospectedTable, column: &str) -> Option<String> {
    let words = suggest::words(column);
    let (last, stem) = words.split_last()?;
    if last != "id" || stem.is_empty() {
        return None;
    }
    let stem = stem.join("_");
    let mut candidates = vec![stem.clone(), format!("{stem}s"), format!("{stem}es")];
    if let Some(base) = stem.strip_suffix('y') {
        candidates.push(format!("{base}ies"));
    }
    let target =
        store.tables.iter().find(|other| candidates.iter().any(|name| other.name.eq_ignore_ascii_case(name)))?;
    let field = match target.primary_key.as_slice() {
        [single] => single.clone(),
        _ => target.column("id")?.name.clone(),
    };
    if target.name == table.name && field == column {
        return None;
    }
    (valid_name(&target.name) && valid_name(&field) && valid_name(column)).then(|| format!("{}.{field}", target.name))
}

fn valid_name(name: &str) -> bool {
    name.parse::<Name>().is_ok()
}

/// `text` as a YAML scalar: plain when YAML reads it back as the same string, else double-quoted
/// (a JSON string is a valid YAML double-quoted scalar).
pub(crate) fn quote(text: &str) -> String {
    const RESERVED: &[&str] = &["true", "false", "yes", "no", "on", "off", "null", "y", "n"];
    let mut chars = text.chars();
    let plain = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '/' || c == '.')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && !RESERVED.contains(&text.to_ascii_lowercase().as_str());
    if plain { text.to_owned() } else { serde_json::Value::String(text.to_owned()).to_string() }
}

/// A store id made from the store's location: the file, folder or database name in snake case.
pub fn default_store_id(store: &IntrospectedStore) -> StoreId {
    let location = store.location.trim_end_matches('/');
    let base = match store.kind {
        StoreKind::Postgres => location.rsplit('/').next().unwrap_or("").split('?').next().unwrap_or(""),
        _ => {
            let name = std::path::Path::new(location).file_name().and_then(|name| name.to_str()).unwrap_or("");
            name.split('.').next().unwrap_or("")
        }
    };
    let mut id: String =
        base.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    id = id.trim_matches('_').to_owned();
    if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
        id = format!("store_{id}");
    }
    id.truncate(tutela_datamap::model::MAX_ID_BYTES);
    let id = id.trim_end_matches('_');
    id.parse().unwrap_or_else(|_| "store".parse().expect("\"store\" is a valid store id"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ForeignKey, IntrospectedColumn};

    fn column(name: &str, data_type: &str) -> IntrospectedColumn {
        IntrospectedColumn { name: name.to_owned(), data_type: data_type.to_owned(), nullable: true }
    }

    fn store() -> IntrospectedStore {
        let customers = IntrospectedTable {
            name: "customers".to_owned(),
            columns: vec![column("id", "INTEGER"), column("email", "TEXT"), column("notes", "TEXT")],
            primary_key: vec!["id".to_owned()],
            foreign_keys: vec![],
        };
        let orders = IntrospectedTable {
            name: "orders".to_owned(),
            columns: vec![column("id", "INTEGER"), column("customer_id", "INTEGER"), column("total", "REAL")],
            primary_key: vec!["id".to_owned()],
            foreign_keys: vec![ForeignKey {
                columns: vec!["customer_id".to_owned()],
                referenced_schema: None,
                referenced_table: "customers".to_owned(),
                referenced_columns: vec!["id".to_owned()],
            }],
        };
        let visits = IntrospectedTable {
            name: "visits".to_owned(),
            columns: vec![column("order_id", "integer"), column("true", "text"), column("a.b", "text")],
            primary_key: vec![],
            foreign_keys: vec![],
        };
        IntrospectedStore {
            kind: StoreKind::Sqlite,
            location: "shop.db".to_owned(),
            schema: None,
            tables: vec![customers, orders, visits],
        }
    }

    #[test]
    fn the_draft_marks_suggestions_todos_and_references() {
        let text = draft_store(&store(), &"shop".parse().expect("id"));
        assert!(text.contains("identifies_subject_by: [id, email]  # suggested"), "{text}");
        assert!(
            text.contains("- { name: email, categories: [contact.email], masking: set_null }  # suggested; TEXT"),
            "{text}"
        );
        assert!(text.contains("- { name: notes, categories: [] }  # TODO: tag; TEXT"), "{text}");
        assert!(text.contains("- { field: customer_id, to: customers.id }  # foreign key"), "{text}");
        assert!(text.contains("- { field: order_id, to: orders.id }  # suggested from the name"), "{text}");
        assert!(text.contains("{ name: \"true\", categories: [] }"), "{text}");
        assert!(text.contains("# skipped column a.b: name \"a.b\" contains '.'"), "{text}");
        assert!(text.contains("region: ZZ  # TODO"), "{text}");
    }

    #[test]
    fn store_ids_come_from_the_location() {
        let mut store = store();
        assert_eq!(default_store_id(&store).as_str(), "shop");
        store.location = "/data/2024 Exports/".to_owned();
        store.kind = StoreKind::Csv;
        assert_eq!(default_store_id(&store).as_str(), "store_2024_exports");
        store.location = "postgres://app@db.example/crm?sslmode=require".to_owned();
        store.kind = StoreKind::Postgres;
        assert_eq!(default_store_id(&store).as_str(), "crm");
    }
}
