//! The PII scanner on arbitrary bytes: no panic, findings in order, inside the input, not
//! overlapping, and the same findings when the input is cut in two at a safe split point.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tutela_pii::{Finding, ScanOptions, Scanner, chunk};

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| Scanner::new(ScanOptions::default()).expect("built-in patterns compile"))
}

fuzz_target!(|data: &[u8]| {
    let scanner = scanner();
    let mut state = scanner.state();
    let mut whole: Vec<Finding> = Vec::new();
    scanner.scan(&mut state, data, &mut |f| whole.push(f));
    let mut last_end = 0;
    for f in &whole {
        assert!(f.start < f.end && f.end <= data.len(), "{f:?} outside {} bytes", data.len());
        assert!(f.start + 1 >= last_end, "{f:?} overlaps the previous finding");
        assert!((0.0..=1.0).contains(&f.confidence));
        last_end = f.end;
    }
    let cut = chunk::split_point(data, data.len() / 2);
    if cut > 0 && cut < data.len() && chunk::is_safe_cut(data, cut) {
        let mut parts: Vec<Finding> = Vec::new();
        scanner.scan_region(&mut state, data, 0..cut, &mut |f| parts.push(f));
        scanner.scan_region(&mut state, data, cut..data.len(), &mut |f| parts.push(f));
        assert_eq!(whole, parts, "cut at {cut}");
    }
});
