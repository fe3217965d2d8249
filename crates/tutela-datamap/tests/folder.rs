//! A data map split over the files of a folder: sections merge, ids stay unique across files, and
//! each problem names its own file.

use std::fs;
use std::path::Path;

const OPERATOR: &str = r#"version: 1
operator:
  legal_name: Test Operator LLC
  country: RU
  address: Moscow
  contact: { email: dpo@test.example }
  jurisdictions: [ru_152fz]
"#;

const PURPOSES: &str = r#"purposes:
  - id: newsletter
    description: News by e-mail
    legal_basis: { kind: consent, articles: { ru_152fz: "art. 6(1)(1)" } }
    retention: until_consent_withdrawn
    actions: [collect, store, use]
"#;

const STORES: &str = r#"stores:
  - id: crm
    kind: postgres
    connection_env: CRM_DATABASE_URL
    region: RU
    tables:
      - name: contacts
        identifies_subject_by: [email]
        fields:
          - { name: email, categories: [contact.email], masking: hash }
processing_activities:
  - id: subscribers
    subject_categories: [subscriber]
    data_categories: [contact.email]
    purposes: [newsletter]
    stores: [crm]
"#;

fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

fn problems(dir: &Path) -> Vec<String> {
    tutela_datamap::check(dir).iter().map(ToString::to_string).collect()
}

#[test]
fn sections_split_over_files_merge() {
    let dir = folder(&[
        ("operator.yaml", OPERATOR),
        ("purposes.yml", PURPOSES),
        ("stores.yaml", STORES),
        ("notes.txt", "not a data map file"),
    ]);
    let map = tutela_datamap::load(dir.path()).expect("valid");
    assert_eq!(map.sources.len(), 3);
    assert_eq!(map.purposes[0].id.as_str(), "newsletter");
    assert_eq!(map.stores[0].tables[0].fields[0].name.as_str(), "email");
    // Positions say which file a value came from: files are read in name order.
    let purpose_file = &map.sources[map.purposes[0].id.at.source.0 as usize];
    assert_eq!(purpose_file.file_name().and_then(|n| n.to_str()), Some("purposes.yml"));
    assert_eq!((map.purposes[0].id.at.line, map.purposes[0].id.at.column), (2, 9));
}

#[test]
fn a_duplicate_id_across_files_names_both_places() {
    let dir = folder(&[("a.yaml", OPERATOR), ("b.yaml", PURPOSES), ("c.yaml", PURPOSES)]);
    let first = dir.path().join("b.yaml");
    let second = dir.path().join("c.yaml");
    assert_eq!(
        problems(dir.path()),
        [format!(
            "{}:2:9: purpose \"newsletter\" is declared twice: first at {}:2:9 — rename one of them, or merge them into one",
            second.display(),
            first.display()
        )]
    );
}

#[test]
fn the_operator_is_declared_once() {
    let dir = folder(&[("a.yaml", OPERATOR), ("b.yaml", OPERATOR), ("c.yaml", PURPOSES)]);
    assert_eq!(
        problems(dir.path()),
        [format!(
            "{}:3:3: the operator is declared twice: first at {}:3:3 — keep one operator: section",
            dir.path().join("b.yaml").display(),
            dir.path().join("a.yaml").display()
        )]
    );
    let dir = folder(&[("purposes.yaml", PURPOSES)]);
    assert_eq!(
        problems(dir.path()),
        [format!(
            "{}: the data map declares no operator — add an operator: section with legal_name, country, address, contact and jurisdictions",
            dir.path().join("purposes.yaml").display()
        )]
    );
}

#[test]
fn every_broken_file_is_reported() {
    let dir = folder(&[("a.yaml", OPERATOR), ("b.yaml", "purposes: [\n"), ("c.yaml", "stores: {}\n")]);
    assert_eq!(
        problems(dir.path()),
        [
            format!(
                "{}:1:11: malformed YAML: unclosed bracket '[' — check the indentation, quotes and brackets around this place",
                dir.path().join("b.yaml").display()
            ),
            format!(
                "{}:1:9: expected sequence start — this key takes a list: `- item` lines, or [a, b]",
                dir.path().join("c.yaml").display()
            ),
        ]
    );
}

#[test]
fn a_folder_without_yaml_files_is_named() {
    let dir = folder(&[("README.md", "# data map")]);
    assert_eq!(
        problems(dir.path()),
        [format!(
            "{}: the folder holds no *.yaml or *.yml file — put the data map in datamap.yaml, or name the file itself",
            dir.path().display()
        )]
    );
}

#[test]
fn a_missing_path_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nowhere.yaml");
    assert_eq!(problems(&path), [format!("{}: cannot read: No such file or directory (os error 2)", path.display())]);
}
