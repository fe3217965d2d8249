//! Import from Fides: the example shop (tests/fixtures/fides) imports into a data map that
//! validates once the operator is known; unknown fideslang categories become declared categories;
//! malformed Fides YAML is refused with errors naming file, line and what is wrong.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tutela_datamap::fides::{FidesImport, FidesImportOptions, import_fides, read_fides_paths};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fides")
}

fn german_shop() -> FidesImportOptions {
    FidesImportOptions { operator_name: None, country: Some("DE".parse().expect("region")) }
}

/// Line `line` (1-based) of `text`, or "" when there is none.
fn line_of(text: &str, line: Option<u32>) -> &str {
    line.and_then(|line| text.lines().nth((line as usize).checked_sub(1)?)).unwrap_or("")
}

/// The problems a check finds in an imported map are ones the import announced: each is on a line
/// the map marks `# TODO`, and a note of the import says what is open.
fn assert_only_announced(import: &FidesImport, diagnostics: &[tutela_datamap::Diagnostic]) {
    let notes = import.notes.join("\n");
    for diagnostic in diagnostics {
        let line = line_of(&import.yaml, diagnostic.line);
        assert!(line.contains("# TODO"), "not marked TODO: {diagnostic}\n  {line}\n\n{}", import.yaml);
        let announced = match diagnostic.code {
            // `country: TODO` is no region, so the file does not parse past it.
            "yaml" | "placeholder" => "must be filled in",
            "missing-contact" => "no way to contact the operator",
            "field-without-category" => "have no Fides data category",
            "field-without-purpose" | "undeclared-special-category" | "undeclared-biometric" => {
                if import.yaml.contains("purposes: []") {
                    "declare no data uses"
                } else {
                    "no imported privacy declaration uses"
                }
            }
            "unlinked-table" | "unresolvable-cycle" => "no subject can be found in",
            "activity-without-subjects" => "names no data subjects",
            other => panic!("the import does not announce {other}: {diagnostic}\n\n{}", import.yaml),
        };
        assert!(notes.contains(announced), "no note says {announced:?} for {diagnostic}; notes:\n{notes}");
    }
}

fn load(yaml: &str) -> Result<tutela_datamap::DataMap, tutela_datamap::LoadError> {
    tutela_datamap::load_sources(vec![(PathBuf::from("imported.yaml"), yaml.to_owned())])
}

#[test]
fn the_example_shop_imports_and_validates() {
    let sources = read_fides_paths(&[fixtures()]).expect("read the fixtures");
    assert_eq!(sources.len(), 2);
    let import = import_fides(sources, &german_shop()).expect("import");
    let map = load(&import.yaml).unwrap_or_else(|error| panic!("{error}\n\n{}", import.yaml));

    assert_eq!(
        map.operator.legal_name.get(tutela_datamap::Lang::En, tutela_datamap::Lang::En),
        Some("Fictional Goods GmbH")
    );
    let stores: Vec<&str> = map.stores.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(stores, ["shop_postgres", "shop_events"]);
    let customers = &map.stores[0].tables[0];
    let names: Vec<&str> = customers.identifies_subject_by.iter().map(|n| n.as_str()).collect();
    assert_eq!(names, ["email", "phone"]);
    // The nested address is one field holding its sub-fields' categories.
    let address = customers.fields.iter().find(|f| f.name.as_str() == "address").expect("address");
    let categories: Vec<&str> = address.categories.iter().map(|c| c.as_str()).collect();
    assert_eq!(categories, ["contact.postal_address", "location.approximate"]);
    // system.* data is not personal.
    let created = customers.fields.iter().find(|f| f.name.as_str() == "created_at").expect("created_at");
    assert!(created.is_non_personal());
    // A reference across datasets names the other store.
    let page_views = &map.stores[1].tables[0];
    assert_eq!(page_views.references[0].to.to_string(), "shop_postgres:customers.id");
    // The custom category is declared with its Fides name.
    assert!(import.yaml.contains("- id: fides.loyalty  # fides: user.loyalty"), "{}", import.yaml);
    assert!(import.yaml.contains("label: Loyalty programme") || import.yaml.contains("label: \"Loyalty programme\""));
    // Egress outside the imported systems and third parties become recipients; the internal flow
    // to the analytics pipeline does not.
    let recipients: Vec<&str> = map.recipients.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(recipients, ["mailing_service_provider", "payment_gateway"]);
    let gateway = map.recipients.iter().find(|r| r.id.as_str() == "payment_gateway").expect("gateway");
    let purposes: Vec<&str> = gateway.purposes.iter().map(|p| p.as_str()).collect();
    assert_eq!(purposes, ["essential_service_payment_processing"], "only the declaration naming the egress");
    let purposes: Vec<&str> = map.purposes.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        purposes,
        [
            "analytics_reporting",
            "essential_service",
            "essential_service_payment_processing",
            "essential_service_security",
            "marketing_communications_email"
        ]
    );
    assert!(import.yaml.contains("retention: \"1825 days\""), "{}", import.yaml);
    assert!(import.yaml.contains("kind: consent  # TODO: guessed from the data use"), "{}", import.yaml);
    assert!(
        import.notes.iter().any(|note| note.contains("analytics.reporting gives no legal basis")),
        "{:?}",
        import.notes
    );
    // anonymous_user is a site user; prospect and customer are built in.
    let analytics =
        map.processing_activities.iter().find(|a| a.id.as_str().starts_with("analytics")).expect("activity");
    let subjects: Vec<&str> = analytics.subject_categories.iter().map(|s| s.as_str()).collect();
    assert_eq!(subjects, ["customer", "site_user"]);
    assert_eq!(analytics.stores.iter().map(|s| s.as_str()).collect::<Vec<_>>(), ["shop_events"]);
}

#[test]
fn without_a_country_check_stops_at_the_placeholder() {
    let sources = read_fides_paths(&[fixtures()]).expect("read the fixtures");
    let import = import_fides(sources, &FidesImportOptions::default()).expect("import");
    assert!(import.yaml.contains("country: TODO"), "{}", import.yaml);
    let error = load(&import.yaml).expect_err("the placeholder is flagged");
    let line = import.yaml.lines().position(|line| line.starts_with("  country: TODO")).expect("line") + 1;
    assert_eq!(error.diagnostics[0].line, Some(line as u32), "{error}");
    assert!(error.diagnostics[0].message.contains("invalid region \"TODO\""), "{error}");
}

#[test]
fn unknown_categories_and_subjects_are_declared_with_a_note() {
    let dataset = "dataset:\n  - fides_key: crm\n    collections:\n      - name: people\n        fields:\n\
                   \x20         - name: email\n            data_categories: [user.contact.email]\n\
                   \x20           fides_meta: { identity: email }\n\
                   \x20         - name: shoe_size\n            data_categories: [user.shoe_size]\n\
                   \x20         - name: age_band\n            data_categories: [user.demographic.age_range]\n";
    let system = "system:\n  - fides_key: crm_app\n    dataset_references: [crm]\n    privacy_declarations:\n\
                  \x20     - data_use: essential.service\n        data_categories: [user.shoe_size, user.contact.email]\n\
                  \x20       data_subjects: [customer, robot]\n";
    let sources = vec![(PathBuf::from("crm.yml"), dataset.to_owned()), (PathBuf::from("app.yml"), system.to_owned())];
    let import = import_fides(sources, &german_shop()).expect("import");
    assert!(import.yaml.contains("- id: fides.shoe_size  # fides: user.shoe_size"), "{}", import.yaml);
    assert!(import.yaml.contains("which fideslang does not define"), "{}", import.yaml);
    assert!(import.yaml.contains("- id: fides.demographic.age_range"), "{}", import.yaml);
    assert!(import.yaml.contains("which has no Tutela equivalent"), "{}", import.yaml);
    assert!(import.yaml.contains("- id: fides_robot  # fides: robot"), "{}", import.yaml);
    let notes = import.notes.join("\n");
    assert!(
        notes.contains(
            "Fides category user.shoe_size has no Tutela equivalent: declared as data category fides.shoe_size"
        )
    );
    assert!(notes.contains("Fides data subject robot is not a fideslang data subject"), "{notes}");
    // No system gives the operator's address or contact, and no declaration uses the age band: the
    // map says so with TODOs, and check stops at exactly those.
    let error = load(&import.yaml).expect_err("placeholders and a field no purpose uses");
    let problems: Vec<(&str, &str)> = error
        .diagnostics
        .iter()
        .map(|d| (d.code, line_of(&import.yaml, d.line).trim_start().split(':').next().unwrap_or("")))
        .collect();
    assert_eq!(
        problems,
        [
            ("placeholder", "legal_name"),
            ("placeholder", "address"),
            ("missing-contact", "contact"),
            ("field-without-purpose", "- { name")
        ],
        "{error}"
    );
    assert!(line_of(&import.yaml, error.diagnostics[3].line).contains("age_band"), "{error}");
    assert_only_announced(&import, &error.diagnostics);
}

#[test]
fn malformed_fides_yaml_is_refused_with_its_place() {
    let cases: &[(&str, &str)] = &[
        ("dataset:\n  - fides_key: x\n    collections: [\n", "broken.yml:"),
        ("dataset:\n  - name: no key\n    collections: []\n", "missing field `fides_key`"),
        ("dataset: 3\n", "not a Fides dataset or system file"),
        ("organization:\n  - fides_key: acme\n", "the file has no `dataset:` or `system:` entries"),
        (
            "dataset:\n  - fides_key: x\n    collections:\n      - name: t\n        fields:\n          - name: f\n            data_categories: [\"user email!\"]\n",
            "broken.yml:7:31: malformed Fides data category key \"user email!\"",
        ),
        (
            "system:\n  - fides_key: s\n    privacy_declarations:\n      - data_use: essential\n        legal_basis_for_processing: Because\n",
            "broken.yml:5:37: unknown legal basis \"Because\"",
        ),
    ];
    for (text, expected) in cases {
        let error =
            import_fides(vec![(PathBuf::from("broken.yml"), (*text).to_owned())], &german_shop()).expect_err(expected);
        assert!(error.to_string().contains(expected), "expected {expected:?} in:\n{error}");
    }
}

#[test]
fn missing_files_are_named() {
    let error = read_fides_paths(&[PathBuf::from("/no/such/fides.yml")]).expect_err("missing");
    assert!(error.to_string().starts_with("/no/such/fides.yml: cannot read it"), "{error}");
}

/// Every Fides fixture the repository has (`tests/fixtures/fides*/`): each file alone, and each
/// folder of several files together, so that datasets alone, systems alone and both are imported;
/// with and without the operator given on the command line. The import always writes YAML that
/// parses, and `tutela datamap check` (the same loader) finds only what the import announced.
#[test]
fn every_fixture_imports_into_a_map_check_reads_finding_only_what_was_announced() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.is_dir() && path.file_name().is_some_and(|name| name.to_string_lossy().starts_with("fides"))
        })
        .collect();
    folders.sort();
    let mut inputs: Vec<PathBuf> = Vec::new();
    for folder in &folders {
        let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
            .expect("folder")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "yml" || e == "yaml"))
            .collect();
        files.sort();
        if files.len() > 1 {
            inputs.push(folder.clone());
        }
        inputs.extend(files);
    }
    let has = |input: &Path, section: &str| {
        read_fides_paths(&[input.to_owned()])
            .expect("read")
            .iter()
            .any(|(_, text)| text.lines().any(|line| line.starts_with(section)))
    };
    let kinds: BTreeSet<(bool, bool)> =
        inputs.iter().map(|input| (has(input, "dataset:"), has(input, "system:"))).collect();
    assert_eq!(kinds, BTreeSet::from([(true, false), (false, true), (true, true)]), "{inputs:?}");

    let dir = tempfile::tempdir().expect("tempdir");
    let map = dir.path().join("map.yaml");
    let operator =
        FidesImportOptions { operator_name: Some("Shop Ltd".to_owned()), country: Some("BG".parse().expect("BG")) };
    for input in &inputs {
        for options in [&operator, &FidesImportOptions::default()] {
            let sources = read_fides_paths(std::slice::from_ref(input)).expect("read");
            let import = import_fides(sources, options).unwrap_or_else(|error| panic!("{}: {error}", input.display()));
            std::fs::write(&map, &import.yaml).expect("write");
            let diagnostics = tutela_datamap::check(&map);
            assert_only_announced(&import, &diagnostics);
            if options.country.is_none() {
                assert_eq!(diagnostics.len(), 1, "{}: `country: TODO` stops the check", input.display());
            }
        }
    }
}

/// A dataset alone (the most common Fides file) imports into a map whose every personal field is
/// reported, with its place, as data no purpose uses, next to the placeholders of the operator;
/// before, `purposes:` with no value did not even parse.
#[test]
fn a_dataset_alone_is_checked_down_to_its_fields() {
    let sources = read_fides_paths(&[fixtures().join("shop_datasets.yml")]).expect("read");
    let options =
        FidesImportOptions { operator_name: Some("Shop Ltd".to_owned()), country: Some("BG".parse().expect("BG")) };
    let import = import_fides(sources, &options).expect("import");
    assert!(import.yaml.contains("\npurposes: []  # TODO"), "{}", import.yaml);
    let error = load(&import.yaml).expect_err("not publishable");
    let count = |code: &str| error.diagnostics.iter().filter(|d| d.code == code).count();
    assert_eq!(count("placeholder"), 1, "the address: {error}");
    assert_eq!(count("missing-contact"), 1, "{error}");
    // Every field with a personal category: 8 in customers, 3 in orders, 3 in payment_cards, 4 in
    // login_events, 4 in page_views.
    assert_eq!(count("field-without-purpose"), 22, "{error}");
    assert_eq!(error.diagnostics.len(), 24, "{error}");
    let email = error
        .diagnostics
        .iter()
        .find(|d| d.code == "field-without-purpose" && d.message.contains("\"customers.email\""))
        .expect("customers.email");
    let line = import.yaml.lines().position(|line| line.contains("{ name: email,")).expect("email line") + 1;
    assert_eq!((email.line, email.column), (Some(line as u32), Some(21)), "{email}");
    assert_eq!(
        email.to_string(),
        format!(
            "imported.yaml:{line}:21: field \"customers.email\" of store \"shop_postgres\" holds contact.email, which \
             no purpose uses: no processing activity with a purpose lists it for this store — declare a purpose and \
             a processing activity that uses the field (processing_activities: - {{ id: ..., subject_categories: \
             [...], data_categories: [contact.email], purposes: [...], stores: [shop_postgres] }}), or remove the \
             field if the data is not needed: personal data kept for no purpose breaks purpose limitation (GDPR art. \
             5(1)(b), 152-FZ art. 5(2))"
        )
    );
    assert_only_announced(&import, &error.diagnostics);
}
