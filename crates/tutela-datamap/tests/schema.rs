//! The committed JSON Schema (`schema/datamap.schema.json`) matches the model, and the demo data maps
//! conform to what it says at the top level.
//!
//! After changing the model, regenerate it with
//! `TUTELA_UPDATE_SCHEMA=1 cargo test -p tutela-datamap --test schema`.

use std::path::Path;

#[test]
fn committed_schema_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/datamap.schema.json");
    let generated = serde_json::to_string_pretty(&tutela_datamap::json_schema()).expect("schema") + "\n";
    if std::env::var_os("TUTELA_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("write the schema");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/datamap.schema.json is out of date: regenerate it with \
         TUTELA_UPDATE_SCHEMA=1 cargo test -p tutela-datamap --test schema"
    );
}

#[test]
fn schema_describes_every_section() {
    let schema = tutela_datamap::json_schema();
    let properties = schema["properties"].as_object().expect("properties");
    let keys: Vec<&str> = properties.keys().map(String::as_str).collect();
    for section in [
        "version",
        "operator",
        "data_categories",
        "subject_categories",
        "purposes",
        "stores",
        "recipients",
        "transfers",
        "processing_activities",
    ] {
        assert!(keys.contains(&section), "{section} missing from {keys:?}");
    }
    assert_eq!(schema["additionalProperties"], serde_json::Value::Bool(false));
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

/// A YAML data map file as the JSON an editor's schema validator sees.
fn as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("read");
    serde_saphyr::from_str(&text).expect("YAML")
}

#[test]
fn demo_data_maps_conform_to_the_schema() {
    let schema = tutela_datamap::json_schema();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo");
    let mut checked = 0;
    for entry in std::fs::read_dir(&demo).expect("demo folder") {
        let map = entry.expect("entry").path().join("datamap.yaml");
        if !map.is_file() {
            continue;
        }
        let errors: Vec<String> =
            validator.iter_errors(&as_json(&map)).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{}:\n{}", map.display(), errors.join("\n"));
        checked += 1;
    }
    assert!(checked >= 1, "no demo data map found");
    let wrong = serde_json::json!({ "operator": { "legal_name": "X", "colour": "red" } });
    assert!(!validator.is_valid(&wrong));
}
