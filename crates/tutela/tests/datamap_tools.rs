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
