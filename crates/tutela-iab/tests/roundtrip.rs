//! Properties: encoding a model and decoding the string gives the model back, and decoding is
//! stable under re-encoding; truncating a valid string never panics.

mod common;

use proptest::prelude::*;
use tutela_iab::{ConsentString, gpp, tcf};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn tc_string_encode_then_decode_is_identity(model in common::tc_string()) {
        let text = tcf::encode(&model).unwrap();
        prop_assert_eq!(tcf::decode(&text).unwrap(), model.clone());
        prop_assert_eq!(tcf::decode_v2_3(&text).unwrap(), model);
    }

    #[test]
    fn gpp_string_encode_then_decode_is_identity(model in common::gpp_string()) {
        let text = gpp::encode(&model).unwrap();
        prop_assert!(text.starts_with("DB"));
        prop_assert_eq!(gpp::decode(&text).unwrap(), model.clone());
        prop_assert_eq!(ConsentString::decode(&text).unwrap(), ConsentString::Gpp(model));
    }

    #[test]
    fn every_prefix_of_a_valid_string_decodes_or_fails_cleanly(model in common::gpp_string(), cut in 0.0..1.0f64) {
        let text = gpp::encode(&model).unwrap();
        let mut end = (text.len() as f64 * cut) as usize;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        // A prefix either fails with a message, or decodes to a model; it never panics. A decoded
        // prefix that the encoder accepts (it refuses some the lenient decoder takes, such as a TC
        // string without its disclosed-vendors segment) encodes and decodes back to itself. The
        // whole string decodes to the model.
        match ConsentString::decode(&text[..end]) {
            Err(error) => {
                prop_assert!(end < text.len(), "the whole string must decode: {}", error);
                prop_assert!(!error.to_string().is_empty());
            }
            Ok(ConsentString::Gpp(decoded)) => {
                if end == text.len() {
                    prop_assert_eq!(&decoded, &model);
                }
                if let Ok(again) = gpp::encode(&decoded) {
                    prop_assert_eq!(gpp::decode(&again).unwrap(), decoded);
                }
            }
            Ok(ConsentString::Tcf(decoded)) => {
                prop_assert!(end < text.len(), "a GPP string decoded as a TC string: {:?}", decoded);
            }
        }
    }
}
