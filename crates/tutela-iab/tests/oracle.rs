//! Oracle tests: Tutela's codecs against the IAB reference libraries, `@iabtechlabtcf/core` and
//! `@iabgpp/cmpapi`, run under Node from `tests/oracle/`.
//!
//! One direction: `generate.js` makes random models with a fixed seed, encodes them with the
//! reference and prints each string with the model the reference decodes from it; Tutela must
//! decode every string to that model (and, for TC strings, encode the model to the very same
//! string). The other direction: Tutela encodes random models drawn with a fixed seed, `check.js`
//! decodes them with the reference, and the models must match.
//!
//! The tests need `node`; without it they print why and pass. A missing `node_modules` is installed
//! with `npm ci` from the committed lock file.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tutela_iab::{GppString, TcString, gpp, tcf};

/// Random models per direction and format.
const MODELS: usize = 1000;
const SEED: u32 = 20_250_601;

fn oracle_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle")
}

/// Whether the oracle can run: `node` is on the PATH and the reference packages are installed
/// (installing them once per test binary if needed).
fn oracle_ready() -> bool {
    static READY: OnceLock<bool> = OnceLock::new();
    *READY.get_or_init(|| {
        if !Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success()) {
            eprintln!("SKIPPED: `node` is not installed, so the IAB reference libraries cannot be run");
            return false;
        }
        if !oracle_dir().join("node_modules/@iabtechlabtcf/core").is_dir() {
            install_node_modules();
        }
        true
    })
}

/// Runs `npm ci` in a private folder and moves its `node_modules` into place with one rename, so
/// test processes running side by side (nextest) never see a half-installed tree.
fn install_node_modules() {
    let staging = oracle_dir().join(format!(".install-{}", std::process::id()));
    std::fs::create_dir_all(&staging).expect("create the staging folder");
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(oracle_dir().join(file), staging.join(file)).expect("copy the npm manifest");
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&staging)
        .status()
        .expect("npm runs (node is installed)");
    assert!(status.success(), "npm ci in {} failed", staging.display());
    // Another process may have won the race; its tree is as good as ours.
    let _ = std::fs::rename(staging.join("node_modules"), oracle_dir().join("node_modules"));
    let _ = std::fs::remove_dir_all(&staging);
}

/// Runs `generate.js` and returns its lines as (string, model JSON).
fn reference_strings(kind: &str) -> Vec<(String, Value)> {
    let output = Command::new("node")
        .arg("generate.js")
        .args([kind, &MODELS.to_string(), &SEED.to_string()])
        .current_dir(oracle_dir())
        .output()
        .expect("node runs");
    assert!(output.status.success(), "generate.js failed: {}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<(String, Value)> = String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .map(|line| {
            let mut v: Value = serde_json::from_str(line).expect("generate.js prints JSON lines");
            (v["string"].as_str().expect("string").to_owned(), v["model"].take())
        })
        .collect();
    assert_eq!(lines.len(), MODELS);
    lines
}

/// Feeds strings to `check.js` and returns, per string, the reference's model or its error.
fn reference_decode(kind: &str, strings: &[String]) -> Vec<Result<Value, String>> {
    let mut child = Command::new("node")
        .arg("check.js")
        .current_dir(oracle_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    let mut stdin = child.stdin.take().expect("piped");
    let input: String =
        strings.iter().map(|s| serde_json::json!({"kind": kind, "string": s}).to_string() + "\n").collect();
    // Written from another thread so that neither side blocks on a full pipe.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let stdout = BufReader::new(child.stdout.take().expect("piped"));
    let results = stdout
        .lines()
        .map(|line| {
            let mut v: Value = serde_json::from_str(&line.expect("read")).expect("check.js prints JSON lines");
            match v.get("error") {
                Some(e) => Err(e.to_string()),
                None => Ok(v["model"].take()),
            }
        })
        .collect::<Vec<_>>();
    writer.join().expect("writer thread").expect("write to node");
    assert!(child.wait().expect("node exits").success());
    assert_eq!(results.len(), strings.len());
    results
}

/// Random models from a strategy, drawn with the fixed seed.
fn draw<T: std::fmt::Debug>(strategy: impl Strategy<Value = T>) -> Vec<T> {
    let mut seed = [0u8; 32];
    seed[..4].copy_from_slice(&SEED.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
    (0..MODELS).map(|_| strategy.new_tree(&mut runner).expect("strategy draws").current()).collect()
}

fn parse<T: DeserializeOwned>(model: &Value) -> T {
    serde_json::from_value(model.clone()).unwrap_or_else(|e| panic!("reference model does not parse: {e}\n{model}"))
}

/// Asserts no failures, showing the first few.
fn assert_none_failed(what: &str, failures: &[String]) {
    let shown: Vec<&String> = failures.iter().take(3).collect();
    assert!(failures.is_empty(), "{} of {MODELS} {what} failed; first ones:\n{shown:#?}", failures.len());
}

#[test]
fn reference_tc_strings_decode_to_the_reference_model_and_encode_back_identically() {
    if !oracle_ready() {
        return;
    }
    let mut failures = Vec::new();
    let mut with_disclosed = 0;
    for (string, model) in reference_strings("tcf") {
        let expected: TcString = parse(&model);
        match tcf::decode(&string) {
            Ok(decoded) if decoded == expected => {}
            Ok(decoded) => failures.push(format!("{string}: decoded {decoded:?}\nexpected {expected:?}")),
            Err(e) => failures.push(format!("{string}: {e}")),
        }
        // Tutela encodes only v2.3 strings (with disclosed vendors); those must match the reference.
        if expected.disclosed_vendors.is_some() {
            with_disclosed += 1;
            match tcf::encode(&expected) {
                Ok(ours) if ours == string => {}
                Ok(ours) => failures.push(format!("encoded {ours}\nreference {string}")),
                Err(e) => failures.push(format!("{string}: encode: {e}")),
            }
        }
    }
    assert_none_failed("reference TC strings", &failures);
    assert!(with_disclosed > MODELS / 2, "too few v2.3 strings drawn: {with_disclosed}");
}

#[test]
fn tutela_tc_strings_decode_with_the_reference_to_the_same_model() {
    if !oracle_ready() {
        return;
    }
    let models = draw(common::tc_string());
    let strings: Vec<String> = models.iter().map(|m| tcf::encode(m).expect("encodes")).collect();
    let decoded = reference_decode("tcf", &strings);
    let mut failures = Vec::new();
    for ((model, string), result) in models.iter().zip(&strings).zip(decoded) {
        match result.map(|v| parse::<TcString>(&v)) {
            Ok(theirs) if &theirs == model => {}
            Ok(theirs) => failures.push(format!("{string}: reference decoded {theirs:?}\nexpected {model:?}")),
            Err(e) => failures.push(format!("{string}: reference refused: {e}")),
        }
    }
    assert_none_failed("Tutela TC strings", &failures);
}

#[test]
fn reference_gpp_strings_decode_to_the_reference_model() {
    if !oracle_ready() {
        return;
    }
    let mut failures = Vec::new();
    for (string, model) in reference_strings("gpp") {
        let expected: GppString = parse(&model);
        match gpp::decode(&string) {
            Ok(decoded) if decoded == expected => {}
            Ok(decoded) => failures.push(format!("{string}: decoded {decoded:?}\nexpected {expected:?}")),
            Err(e) => failures.push(format!("{string}: {e}")),
        }
    }
    assert_none_failed("reference GPP strings", &failures);
}

#[test]
fn tutela_gpp_strings_decode_with_the_reference_to_the_same_model() {
    if !oracle_ready() {
        return;
    }
    let models = draw(common::gpp_string());
    let strings: Vec<String> = models.iter().map(|m| gpp::encode(m).expect("encodes")).collect();
    let decoded = reference_decode("gpp", &strings);
    let mut failures = Vec::new();
    for ((model, string), result) in models.iter().zip(&strings).zip(decoded) {
        match result.map(|v| parse::<GppString>(&v)) {
            Ok(theirs) if &theirs == model => {}
            Ok(theirs) => failures.push(format!("{string}: reference decoded {theirs:?}\nexpected {model:?}")),
            Err(e) => failures.push(format!("{string}: reference refused: {e}")),
        }
    }
    assert_none_failed("Tutela GPP strings", &failures);
}
