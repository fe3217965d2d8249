//! End-to-end tests of `tutela scan`: the real executable on files, directories and stdin.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn tutela(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tutela"))
        .args(args)
        .env("TUTELA_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tutela");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.unwrap_or("").as_bytes()).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait for tutela")
}

fn json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

#[test]
fn jsonl_findings_are_masked_and_located() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "hello\nИНН 7707083893, card 4111 1111 1111 1111\n").unwrap();
    let output = tutela(&["scan", file.to_str().unwrap()], None);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["kind"], "ru_inn");
    assert_eq!(
        (lines[0]["line"].as_u64(), lines[0]["start"].as_u64(), lines[0]["end"].as_u64()),
        (Some(2), Some(7), Some(17))
    );
    assert_eq!(lines[0]["value"], "********93");
    assert_eq!(lines[1]["value"], "**** **** **** 1111");
    assert!(lines[1]["confidence"].as_f64().unwrap() >= 0.85);
    assert!(!String::from_utf8_lossy(&output.stdout).contains("7707083893"));
}

#[test]
fn show_values_kinds_and_stdin() {
    let text = "ИНН 7707083893, e-mail ivan@mail.ru";
    let output = tutela(&["scan", "-", "--kinds", "email", "--show-values"], Some(text));
    assert!(output.status.success());
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1);
    assert_eq!((lines[0]["path"].as_str(), lines[0]["value"].as_str()), (Some("-"), Some("ivan@mail.ru")));
}

#[test]
fn skipped_files_set_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("blob.bin"), b"\x00\x01\x02 4111 1111 1111 1111").unwrap();
    std::fs::write(dir.path().join("ok.txt"), "4111 1111 1111 1111").unwrap();
    let output = tutela(&["scan", dir.path().to_str().unwrap(), "--format", "table"], None);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("blob.bin") && stderr.contains("binary"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("ok.txt:1:1") && stdout.contains("credit_card"), "{stdout}");
}

#[test]
fn sarif_is_one_log_with_rules_and_regions() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.csv");
    std::fs::write(&file, "name,phone\nIvan,+7 495 123-45-67\n").unwrap();
    let output = tutela(&["scan", file.to_str().unwrap(), "--format", "sarif"], None);
    assert!(output.status.success());
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "phone");
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
}

#[test]
fn bad_options_are_named() {
    let output = tutela(&["scan", ".", "--kinds", "email,passport"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown kind \"passport\""));
    let output = tutela(&["scan", ".", "--threads", "0"], None);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_reader_that_stops_early_ends_the_scan_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.txt");
    // About 2 MB of findings: far more than a pipe holds, so writing goes on after the reader left.
    std::fs::write(&file, "ИНН 7707083893, card 4111 1111 1111 1111\n".repeat(20_000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tutela"))
        .args(["scan", file.to_str().unwrap()])
        .env("TUTELA_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tutela");
    let mut first = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut first).unwrap();
    // The reader is dropped here, as `| head -1` would.
    let output = child.wait_with_output().expect("wait for tutela");
    assert!(first.contains("ru_inn"), "{first}");
    assert!(output.status.success(), "{:?}", output.status);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("error"), "{stderr}");
}
