//! Fuzzes the TC string decoder: decoding never panics, and a decoded string that can be encoded
//! again (it has the disclosed vendors segment TCF v2.3 requires) decodes to the same model.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tutela_iab::{EncodeError, tcf};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(model) = tcf::decode(text) else { return };
    match tcf::encode(&model) {
        Ok(again) => assert_eq!(tcf::decode(&again).as_ref(), Ok(&model), "re-encoded as {again}"),
        Err(EncodeError::MissingDisclosedVendors) => assert!(model.disclosed_vendors.is_none()),
        Err(e) => panic!("a decoded model does not encode: {e}"),
    }
});
