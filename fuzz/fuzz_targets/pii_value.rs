//! `Scanner::scan_value` with an arbitrary column name and value: no panic, spans inside the value.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tutela_pii::{ScanOptions, Scanner, ValueContext};

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| Scanner::new(ScanOptions::default()).expect("built-in patterns compile"))
}

fuzz_target!(|data: &[u8]| {
    let split = data.first().map_or(0, |&n| usize::from(n).min(data.len() - 1) + 1);
    let (name, value) = data.split_at(split.min(data.len()));
    let name = String::from_utf8_lossy(name);
    let scanner = scanner();
    let mut state = scanner.state();
    for f in scanner.scan_value(&mut state, value, &ValueContext { name: Some(&name) }) {
        assert!(f.start < f.end && f.end <= value.len());
    }
});
