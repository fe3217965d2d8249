//! `tutela datamap introspect` and `tutela datamap import-fides` as a user runs them: the draft and
//! the imported map go to standard output (or --out), notes to standard error, and bad input exits
//! 2 with the problem named.

use std::path::Path;
use std::process::{Command, Output};

fn tutela(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tutela")).args(args).output().expect("run tutela")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn introspect_writes_a_draft_of_a_csv_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("subscribers.csv"), "email,name,phone\na@x.example,Ann,+49 30 123\n")
        .expect("write");
    let out = dir.path().join("draft.yaml");
    let output = tutela(&[
        "datamap",
        "introspect",
        dir.path().to_str().expect("utf-8"),
        "--store-id",
        "exports",
        "--region",
        "DE",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let draft = std::fs::read_to_string(&out).expect("draft written");
    assert!(draft.contains("  - id: exports\n    kind: csv\n"), "{draft}");
    assert!(draft.contains("region: DE\n"), "{draft}");
    assert!(draft.contains("- { name: email, categories: [contact.email] }  # suggested"), "{draft}");
    assert!(text(&output.stderr).contains("drafted store exports from"), "{}", text(&output.stderr));
}

#[test]
fn introspect_refuses_bad_input_with_exit_2() {
    let output = tutela(&["datamap", "introspect", "/no/such/store.db"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(text(&output.stderr).trim(), "error: /no/such/store.db: no such file or folder");
    let output = tutela(&["datamap", "introspect", ".", "--store-id", "Bad Id"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--store-id: invalid store id \"Bad Id\""), "{}", text(&output.stderr));
}

#[test]
fn import_fides_output_passes_check() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tutela-datamap/tests/fixtures/fides");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("datamap.yaml");
    let output = tutela(&[
        "datamap",
        "import-fides",
        fixtures.to_str().expect("utf-8"),
        "--country",
        "DE",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("note: Fides category user.loyalty has no Tutela equivalent"));
    let check = tutela(&["datamap", "check", out.to_str().expect("utf-8")]);
    assert!(check.status.success(), "{}\n{}", text(&check.stdout), std::fs::read_to_string(&out).unwrap_or_default());
}

#[test]
fn import_fides_lists_every_problem_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.yml");
    std::fs::write(
        &bad,
        "system:\n  - fides_key: s\n    privacy_declarations:\n      - data_categories: [user.name]\n",
    )
    .expect("write");
    let output = tutela(&["datamap", "import-fides", bad.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("bad.yml:4:"), "{stderr}");
    assert!(stderr.contains("missing field `data_use`"), "{stderr}");
    assert!(stderr.contains("error: 1 problem(s) in the Fides files: nothing was imported"), "{stderr}");
}

#[test]
fn a_dataset_alone_imports_into_a_map_that_check_reads_and_holds_to_account() {
    let dataset =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tutela-datamap/tests/fixtures/fides/shop_datasets.yml");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("map.yaml");
    let out_arg = out.to_str().expect("utf-8");
    let import = tutela(&[
        "datamap",
        "import-fides",
        dataset.to_str().expect("utf-8"),
        "--country",
        "BG",
        "--operator-name",
        "Shop Ltd",
        "--out",
        out_arg,
    ]);
    assert!(import.status.success(), "{}", text(&import.stderr));
    let notes = text(&import.stderr);
    assert!(notes.contains("note: the Fides files declare no data uses"), "{notes}");
    let map = std::fs::read_to_string(&out).expect("map written");
    assert!(map.contains("\npurposes: []  # TODO"), "{map}");

    let check = tutela(&["datamap", "check", out_arg]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stdout));
    let report = text(&check.stdout);
    assert!(!report.contains("expected sequence start"), "the map parses:\n{report}");
    let line_of = |needle: &str| map.lines().position(|line| line.contains(needle)).expect(needle) + 1;
    let address = format!("{out_arg}:{}:12: operator.address is still a placeholder", line_of("address: \"TODO"));
    let email = format!(
        "{out_arg}:{}:21: field \"customers.email\" of store \"shop_postgres\" holds contact.email, which no purpose uses",
        line_of("{ name: email,")
    );
    for expected in [&address, &email] {
        assert!(report.lines().any(|line| line.starts_with(expected.as_str())), "{expected}\nin\n{report}");
    }
    // Every problem has its place, and the import marked each of those lines TODO.
    for problem in report.lines() {
        let rest = problem.strip_prefix(out_arg).and_then(|rest| rest.strip_prefix(':')).expect(problem);
        let line: usize = rest.split(':').next().and_then(|n| n.parse().ok()).expect(problem);
        assert!(map.lines().nth(line - 1).is_some_and(|l| l.contains("# TODO")), "{problem}");
    }
    assert!(text(&check.stderr).contains("problem(s) in the data map"), "{}", text(&check.stderr));
}

#[test]
fn check_help_says_valid_means_publishable() {
    let help = tutela(&["datamap", "check", "--help"]);
    assert!(help.status.success());
    let help = text(&help.stdout);
    assert!(help.contains("Valid means publishable, so every problem is an error and there are no warnings"), "{help}");
}
