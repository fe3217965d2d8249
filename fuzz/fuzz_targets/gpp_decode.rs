//! Fuzzes the GPP decoder (and through it the TCF, uspv1 and usnat decoders): decoding never
//! panics, and a decoded string that can be encoded again decodes to the same model.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tutela_iab::{ConsentString, EncodeError};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(model) = ConsentString::decode(text) else { return };
    let _ = model.signal();
    match model.encode() {
        Ok(again) => assert_eq!(ConsentString::decode(&again).as_ref(), Ok(&model), "re-encoded as {again}"),
        // A TC string from before TCF v2.3 is read but not written.
        Err(EncodeError::MissingDisclosedVendors) => {}
        Err(e) => panic!("a decoded model does not encode: {e}"),
    }
});
