//! Hostile and broken input: every case ends in a clear diagnostic at its line, in bounded memory,
//! without a panic.

use std::fs;
use std::path::PathBuf;

fn problems_in(text: &str) -> Vec<String> {
    match tutela_datamap::load_sources(vec![(PathBuf::from("datamap.yaml"), text.to_owned())]) {
        Ok(_) => Vec::new(),
        Err(error) => error.diagnostics.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_50_mb_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("datamap.yaml");
    // A sparse file: 50 MB long without using the disk; reading it would take 50 MB of memory.
    fs::File::create(&path).and_then(|file| file.set_len(50_000_000)).expect("create");
    let problems: Vec<String> = tutela_datamap::check(&path).iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [format!(
            "{}: the file is 50000000 bytes; a data map file may be at most 16777216 bytes (16 MiB) — split the data map into several files in a folder, or remove what is not part of it",
            path.display()
        )]
    );
}

#[test]
fn a_file_just_over_the_limit_given_as_text_is_refused() {
    let text = "#".repeat(16 * 1024 * 1024 + 1);
    assert_eq!(
        problems_in(&text),
        [
            "datamap.yaml: the file is 16777217 bytes; a data map file may be at most 16777216 bytes (16 MiB) — split the data map into several files in a folder"
        ]
    );
}

#[test]
fn malformed_yaml_is_located() {
    assert_eq!(
        problems_in("operator:\n  legal_name: \"unclosed\n  country: RU\n"),
        [
            "datamap.yaml:3:3: malformed YAML: invalid indentation in multiline quoted scalar — check the indentation, quotes and brackets around this place"
        ]
    );
    assert_eq!(
        problems_in("operator:\n  jurisdictions: [ru_152fz, eu_gdpr\n"),
        [
            "datamap.yaml:2:18: malformed YAML: unclosed bracket '[' — check the indentation, quotes and brackets around this place"
        ]
    );
    assert_eq!(
        problems_in("purposes:\n\t- id: x\n"),
        [
            "datamap.yaml:2:2: malformed YAML: tabs disallowed within this context (block indentation) — check the indentation, quotes and brackets around this place"
        ]
    );
}

#[test]
fn unknown_keys_are_named_with_the_keys_expected() {
    assert_eq!(
        problems_in("operator:\n  legal_name: X\n  colour: red\n"),
        [
            "datamap.yaml:3:3: unknown field `colour`, expected one of legal_name, trading_name, country, registration_numbers, address, contact, responsible_person, dpo, jurisdictions, data_residency, languages — fix the spelling or remove the key; the JSON Schema lists every key"
        ]
    );
    assert_eq!(
        problems_in("purpose:\n  - id: x\n"),
        [
            "datamap.yaml:1:1: unknown field `purpose`, expected one of version, operator, data_categories, subject_categories, purposes, stores, recipients, transfers, processing_activities — fix the spelling or remove the key; the JSON Schema lists every key"
        ]
    );
}

#[test]
fn values_that_do_not_parse_are_located() {
    assert_eq!(
        problems_in("purposes:\n  - id: News Letter\n    description: x\n"),
        [
            "datamap.yaml:2:9: invalid purpose id \"News Letter\": use lower-case letters, digits and _, starting with a letter (e.g. \"newsletter\")"
        ]
    );
    assert_eq!(
        problems_in("purposes:\n  - id: news\n    description: x\n    actions: [collect, sign_in]\n"),
        [
            "datamap.yaml:4:24: unknown processing action \"sign_in\": expected one of collect, record, systematise, accumulate, store, update, extract, use, transfer, depersonalise, block, delete, destroy"
        ]
    );
    assert_eq!(
        problems_in("purposes:\n  - id: news\n    description: x\n    retention: [3 years, forever]\n"),
        [
            "datamap.yaml:4:26: invalid retention \"forever\": expected \"until_purpose_reached\", \"until_consent_withdrawn\", \"until_account_closed\", \"until_contract_ended\", or a period such as \"3 years\" or \"5 years after contract_ended\" (units: days, weeks, months, years)"
        ]
    );
    assert_eq!(
        problems_in("operator:\n  legal_name: X\n"),
        ["datamap.yaml:2:3: missing field `country` — add it; the JSON Schema lists the required keys"]
    );
    assert_eq!(
        problems_in("version: 1\nversion: 1\n"),
        ["datamap.yaml:2:1: duplicate mapping key `version` is not allowed here"]
    );
    assert_eq!(
        problems_in("version: 2\n"),
        ["datamap.yaml:1:10: data map format version 2 is not supported — this Tutela reads version: 1"]
    );
}

#[test]
fn deep_nesting_is_refused_at_its_line() {
    let mut block = String::from("purposes:\n");
    for depth in 1..=40 {
        block.push_str(&format!("{}-\n", "  ".repeat(depth)));
    }
    assert_eq!(
        problems_in(&block),
        [
            "datamap.yaml:33:65: the YAML is nested more than 32 levels deep — a data map needs about 8 levels: check the indentation"
        ]
    );
    let flow = format!("purposes: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        problems_in(&flow),
        [
            "datamap.yaml:1:139: the YAML is nested more than 32 levels deep — a data map needs about 8 levels: check the indentation"
        ]
    );
}

#[test]
fn a_billion_laughs_stops_at_the_alias_that_crosses_the_limit() {
    let mut bomb = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10u8 {
        let (previous, this) = ((b'a' + level - 1) as char, (b'a' + level) as char);
        let aliases = vec![format!("*{previous}"); 9].join(", ");
        bomb.push_str(&format!("{this}: &{this} [{aliases}]\n"));
    }
    assert_eq!(
        problems_in(&bomb),
        [
            "datamap.yaml:7:8: aliases expand the file to more than 1000000 YAML entries (an alias bomb?) — write the values out, use fewer nested anchors and aliases, or split the data map into several files"
        ]
    );
}

#[test]
fn a_self_referencing_map_is_refused() {
    assert_eq!(
        problems_in("operator: &me\n  legal_name: X\n  parent: *me\n"),
        [
            "datamap.yaml:3:11: this alias refers to a node that contains it (a self-referencing map) — write the value out: a data map cannot contain itself"
        ]
    );
}

#[test]
fn aliases_within_the_limits_work() {
    let text = r#"version: 1
operator:
  legal_name: X
  country: RU
  address: Moscow
  contact: { email: x@example.org }
  jurisdictions: [ru_152fz]
purposes:
  - id: a
    description: A
    legal_basis: &consent { kind: consent, articles: { ru_152fz: "art. 6(1)(1)" } }
    retention: &until [until_consent_withdrawn]
    actions: &actions [collect, store]
  - id: b
    description: B
    legal_basis: *consent
    retention: *until
    actions: *actions
"#;
    assert_eq!(problems_in(text), Vec::<String>::new());
}

#[test]
fn too_many_entries_are_refused() {
    let text = format!("purposes: [{}]\n", "1,".repeat(1_000_000));
    let problems = problems_in(&text);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].ends_with(": the file has more than 1000000 YAML entries — write the values out, use fewer nested anchors and aliases, or split the data map into several files"),
        "{}",
        problems[0]
    );
}

#[test]
fn more_than_one_document_is_refused() {
    assert_eq!(
        problems_in("version: 1\n---\nversion: 1\n"),
        [
            "datamap.yaml:2:1: the file holds more than one YAML document — remove the `---` separators, or put each document in its own file of the folder"
        ]
    );
}

#[test]
fn a_file_that_is_not_utf8_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("datamap.yaml");
    fs::write(&path, b"version: 1\noperator: \xff\xfe\n").expect("write");
    let problems: Vec<String> = tutela_datamap::check(&path).iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [format!("{}: the file is not UTF-8 text (invalid byte at offset 21) — save it as UTF-8", path.display())]
    );
}

#[test]
fn odd_input_never_panics() {
    let inputs = [
        "\0",
        ":",
        "- - - -",
        "? ? ?",
        "{",
        "}",
        "*x",
        "&a",
        "!!binary x",
        "%YAML 9.9\n---\n",
        "[[[",
        "'",
        "operator: !custom {}",
        "\u{feff}version: 1",
        "purposes: {a: b}",
        "stores: [{id: s, kind: oracle}]",
        "operator:\n  legal_name: \"\\u0000\"\n",
        "version: 99999999999999999999",
        "purposes: [~]",
    ];
    for input in inputs {
        let problems = problems_in(input);
        assert!(!problems.is_empty(), "{input:?} was accepted");
    }
}

#[test]
fn the_empty_map_lacks_an_operator() {
    assert_eq!(
        problems_in(""),
        [
            "datamap.yaml: the data map declares no operator — add an operator: section with legal_name, country, address, contact and jurisdictions"
        ]
    );
}
