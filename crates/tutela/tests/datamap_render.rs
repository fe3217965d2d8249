//! `tutela datamap render` as a user runs it: the artefact on standard output or in `--out`, the
//! draft edition with the files' content hash, and one line with exit 2 for every kind of bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tutela(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tutela")).args(args).env("TUTELA_LOG", "warn").output().expect("run tutela")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn kursy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/kursy/datamap.yaml")
}

fn kursy_hash() -> String {
    let sources = tutela_datamap::read_sources(&kursy()).expect("read");
    tutela_datamap::content_hash(&sources)
}

/// Runs a command that must fail with exit 2 and one line on standard error; returns that line.
fn one_line_error(args: &[&str]) -> String {
    let output = tutela(args);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output.stderr));
    assert!(output.stdout.is_empty(), "{args:?} printed {}", text(&output.stdout));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr.trim_end().to_owned()
}

#[test]
fn renders_html_to_stdout_as_a_draft_with_the_content_hash() {
    let path = kursy();
    let output = tutela(&["datamap", "render", path.to_str().expect("utf-8"), "--artifact", "ropa", "--lang", "ru"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let html = text(&output.stdout);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ru\">"), "{html}");
    assert!(html.contains("<h1>Реестр процессов обработки персональных данных</h1>"));
    assert!(html.contains("Черновик: эта карта данных ещё не применена"));
    assert!(html.contains(&format!("<code>{}</code>", kursy_hash())));
}

#[test]
fn the_language_defaults_to_the_maps_and_the_folder_renders_like_the_file() {
    let file = kursy();
    let folder = file.parent().expect("folder");
    let by_file = tutela(&["datamap", "render", file.to_str().expect("utf-8"), "--artifact", "notice"]);
    let by_folder = tutela(&["datamap", "render", folder.to_str().expect("utf-8"), "--artifact", "notice"]);
    assert!(by_file.status.success() && by_folder.status.success(), "{}", text(&by_folder.stderr));
    assert!(text(&by_file.stdout).contains("<html lang=\"ru\">"));
    assert_eq!(by_file.stdout, by_folder.stdout);
}

#[test]
fn writes_csv_and_json_to_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = kursy();
    let path = path.to_str().expect("utf-8");
    let csv = dir.path().join("shared.csv");
    let args = ["datamap", "render", path, "--artifact", "pi-shared", "--lang", "zh-CN", "--format", "csv", "--out"];
    let output = tutela(&[&args[..], &[csv.to_str().expect("utf-8")]].concat());
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&csv).expect("written");
    assert!(
        written.starts_with(
            "第三方名称,类型,主体名称,所在国家或地区,个人信息字段,处理目的,共享方式,隐私政策链接,是否出境\n"
        )
    );
    // Four recipients, none abroad: each row ends with "否" (no transfer abroad).
    assert_eq!(written.matches("否\n").count(), 4, "{written}");

    let json = dir.path().join("ropa.json");
    let args = ["datamap", "render", path, "--artifact", "ropa", "--lang", "en", "--format", "json", "--out"];
    let output = tutela(&[&args[..], &[json.to_str().expect("utf-8")]].concat());
    assert!(output.status.success(), "{}", text(&output.stderr));
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("written")).expect("JSON");
    assert_eq!(value["artifact"], "ropa");
    assert_eq!(value["edition"]["version"], serde_json::Value::Null);
    assert_eq!(value["edition"]["content_hash"], kursy_hash());
    assert_eq!(value["sections"][0]["rows"].as_array().map(Vec::len), Some(10));
}

#[test]
fn bad_options_exit_2_with_one_line() {
    let path = kursy();
    let path = path.to_str().expect("utf-8");
    assert_eq!(
        one_line_error(&["datamap", "render", path, "--artifact", "gdpr"]),
        "error: unknown artifact \"gdpr\": expected one of ropa, pi-collected, pi-shared, notice"
    );
    assert_eq!(
        one_line_error(&["datamap", "render", path, "--artifact", "ropa", "--lang", "fr"]),
        "error: unknown language \"fr\": expected one of en, zh-CN, ru, bg, hi"
    );
    assert_eq!(
        one_line_error(&["datamap", "render", path, "--artifact", "ropa", "--format", "pdf"]),
        "error: unknown format \"pdf\": expected one of html, csv, json"
    );
    let error = one_line_error(&["datamap", "render", path, "--artifact", "ropa", "--out", "/nonexistent/dir/x.html"]);
    assert!(error.starts_with("error: cannot write /nonexistent/dir/x.html: "), "{error}");
}

#[test]
fn an_invalid_map_is_refused_naming_its_first_problems() {
    let dir = tempfile::tempdir().expect("tempdir");
    let map = dir.path().join("datamap.yaml");
    let body = "version: 1\noperator:\n  legal_name: X\n  country: RU\n  address: Moscow\n  contact: { email: dpo@x.example }\n  \
                jurisdictions: [ru_152fz]\npurposes:\n  - { id: a, description: A }\n  - { id: b, description: B }\n  \
                - { id: c, description: C }\n";
    std::fs::write(&map, body).expect("write");
    let map = map.to_str().expect("utf-8");
    let error = one_line_error(&["datamap", "render", map, "--artifact", "notice"]);
    assert_eq!(
        error,
        format!(
            "error: the data map is invalid: run tutela datamap check {map} (9 problem(s): \
             {map}:9:11: purpose \"a\" has no legal basis; {map}:9:11: purpose \"a\" has no retention; \
             {map}:9:11: purpose \"a\" lists no processing actions; and 6 more)"
        )
    );
    let missing = one_line_error(&["datamap", "render", "/nonexistent/map.yaml", "--artifact", "notice"]);
    assert!(missing.starts_with("error: cannot read the data map: /nonexistent/map.yaml: cannot read: "), "{missing}");
}
